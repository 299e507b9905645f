"""The registry of output formats: name -> pure renderer from result (or screening) dict to text.

Every list of formats and every default file name comes from here: the CLI's
``--format`` choices, where a report goes without ``-o`` (`audit`, `screen`), and the
Action's report file name. A new format is one module plus one entry in ``FORMATS``
(reports of one audit) or ``SCREENING_FORMATS`` (a screening of several candidates).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Protocol

from ..records import Result
from . import html, json, markdown, screen_csv, screen_html
from .view import AUDIENCES, DEFAULT_AUDIENCE

# The format of a report, and of a screening, when none is asked for.
DEFAULT_FORMAT = "html"
DEFAULT_SCREENING_FORMAT = "html"

__all__ = ["AUDIENCES", "DEFAULT_AUDIENCE", "DEFAULT_FORMAT", "DEFAULT_SCREENING_FORMAT", "FORMATS",
           "SCREENING_FORMATS", "Renderer", "ScreeningRenderer", "default_output", "render", "render_pieces",
           "render_screening"]


class RenderFunction(Protocol):
    """A format's renderer: the result, for one audience, as text."""

    def __call__(self, result: Result, audience: str = ...) -> str: ...


@dataclass(frozen=True)
class Renderer:
    """One output format of a report. Calling it renders: ``FORMATS["json"](result)``."""

    name: str
    render: RenderFunction
    # File written when the user gives no -o; None means stdout.
    default_output: Optional[str]
    media_type: str
    description: str
    # What a file of this format ends with (the Action names its report with it).
    extension: str
    # The same text in pieces, for formats whose text can be larger than the result (JSON).
    render_pieces: Optional[Callable[..., Iterable[str]]] = None

    def __call__(self, result: Result, audience: str = DEFAULT_AUDIENCE) -> str:
        return self.render(result, audience=audience)

    def pieces(self, result: Result, audience: str = DEFAULT_AUDIENCE) -> Iterable[str]:
        """The text ``__call__`` gives, as pieces to write one after another."""
        if self.render_pieces is None:
            return [self.render(result, audience=audience)]
        return self.render_pieces(result, audience=audience)


@dataclass(frozen=True)
class ScreeningRenderer:
    """One output format of a screening document (screen.py). Calling it renders: ``SCREENING_FORMATS["csv"](doc)``."""

    name: str
    render: Callable[[dict], str]
    # File written when the user gives no -o; None means stdout.
    default_output: Optional[str]
    media_type: str
    description: str

    def __call__(self, screening: dict) -> str:
        return self.render(screening)


FORMATS: dict[str, Renderer] = {
    "html": Renderer(
        "html", html.render, "portfolio-report.html", "text/html",
        "a self-contained page for people: charts, evidence and advice", ".html",
    ),
    "json": Renderer(
        "json", json.render, None, "application/json",
        "the canonical result (schemas/result.schema.json), for tools", ".json", json.render_pieces,
    ),
    "md": Renderer(
        "md", markdown.render, None, "text/markdown",
        "a GitHub-flavoured summary, e.g. for a CI job summary", ".md",
    ),
}

# In the order `screen --help` lists them.
SCREENING_FORMATS: dict[str, ScreeningRenderer] = {
    "html": ScreeningRenderer(
        "html", screen_html.render, "screening-report.html", "text/html",
        "one page per screening: an overview table and a card per candidate",
    ),
    "csv": ScreeningRenderer(
        "csv", screen_csv.render, None, "text/csv",
        "one row per candidate, for a spreadsheet",
    ),
    "json": ScreeningRenderer(
        "json", json.render, None, "application/json",
        "the screening document, for tools",
    ),
}


def default_output(fmt: str) -> Optional[str]:
    """The file ``fmt`` is written to without -o, or None for stdout."""
    return FORMATS[fmt].default_output


def render(fmt: str, result: Result, audience: str = DEFAULT_AUDIENCE) -> str:
    """``result`` as text in the format ``fmt`` names (a key of FORMATS), for ``audience`` (candidate or recruiter)."""
    return FORMATS[fmt](result, audience=audience)


def render_pieces(fmt: str, result: Result, audience: str = DEFAULT_AUDIENCE) -> Iterable[str]:
    """``render``'s text as pieces to write one after another (JSON never holds its whole text)."""
    return FORMATS[fmt].pieces(result, audience=audience)


def render_screening(fmt: str, screening: dict) -> str:
    """A screening document as text in the format ``fmt`` names (a key of SCREENING_FORMATS)."""
    return SCREENING_FORMATS[fmt](screening)
