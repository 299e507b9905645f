"""Run the command line with `python -m portfolio_audit`."""

from .cli import run

run()
