"""Where the data directories (rules, templates, schemas) are found at run time."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the directory ``name`` (rules, report_templates or schemas).

    An installed wheel carries a copy under ``portfolio_audit/_data`` (see setup.py)
    and uses it: beside an installed package lies site-packages, where another
    distribution's ``schemas/`` or ``rules/`` may sit. A source checkout (or an
    editable install) has no ``_data`` and uses the top-level folder, so edits to
    rules take effect without reinstalling.
    """
    packaged = _PACKAGE_DIR / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / name


def rules_dir() -> Path:
    """The rule catalogue: categories.yml and rules/<category>/<name>.yml."""
    return data_dir("rules")


def templates_dir() -> Path:
    """Jinja templates and CSS of the HTML report."""
    return data_dir("report_templates")


def schemas_dir() -> Path:
    """JSON schemas that rule files and results are validated against."""
    return data_dir("schemas")
