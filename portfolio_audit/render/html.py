"""The HTML renderer: one self-contained page (inline CSS and SVG, no script, no requests)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..paths import templates_dir
from ..records import Result
from .view import DEFAULT_AUDIENCE, build_view

if TYPE_CHECKING:
    import jinja2

TEMPLATE = "report.html.j2"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # Imported here: a JSON or Markdown report never loads jinja2 (a tenth of a second a run).
    import jinja2

    # autoescape for every template (not only *.html): the report's only
    # template files end in .j2, which select_autoescape would miss.
    # StrictUndefined turns a misspelt view field into an error instead of a blank.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def environment() -> jinja2.Environment:
    """The shared template environment (autoescaping, strict undefined), also used by the screening report."""
    return _environment()


def render(result: Result, audience: str = DEFAULT_AUDIENCE) -> str:
    """The report as one self-contained HTML page: inline CSS and SVG, no scripts, nothing fetched when opened.

    ``audience`` "recruiter" leads with caveats and evidence and folds the advice away.
    """
    return _environment().get_template(TEMPLATE).render(view=build_view(result, audience))
