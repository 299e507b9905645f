"""Where the data directories (rules, templates, schemas) are found at run time."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the directory ``name`` (rules, report_templates or schemas).

    A source checkout (or an editable install) uses the top-level folder so that
    edits to rules take effect without reinstalling; an installed wheel carries a
    copy under ``portfolio_audit/_data`` (see setup.py).
    """
    in_checkout = _PACKAGE_DIR.parent / name
    if in_checkout.is_dir():
        return in_checkout
    return _PACKAGE_DIR / "_data" / name


def rules_dir() -> Path:
    """The rule catalogue: categories.yml and rules/<category>/<name>.yml."""
    return data_dir("rules")


def templates_dir() -> Path:
    """Jinja templates and CSS of the HTML report."""
    return data_dir("report_templates")


def schemas_dir() -> Path:
    """JSON schemas that rule files and results are validated against."""
    return data_dir("schemas")
