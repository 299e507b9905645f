"""The registry of output formats: name -> pure renderer from result dict to text.

The CLI's ``--format`` choices and default destinations come from here, so a
new format is one module plus one entry in ``FORMATS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Protocol

from ..records import Result
from . import html, json, markdown


class RenderFunction(Protocol):
    """A format's renderer: the result, for one audience, as text."""

    def __call__(self, result: Result, audience: str = ...) -> str: ...


@dataclass(frozen=True)
class Renderer:
    """One output format. Calling it renders: ``FORMATS["json"](result)``."""

    name: str
    render: RenderFunction
    # File written when the user gives no -o; None means stdout.
    default_output: Optional[str]
    media_type: str
    description: str

    def __call__(self, result: Result, audience: str = "candidate") -> str:
        return self.render(result, audience=audience)


FORMATS: dict[str, Renderer] = {
    "html": Renderer(
        "html", html.render, "portfolio-report.html", "text/html",
        "a self-contained page for people: charts, evidence and advice",
    ),
    "json": Renderer(
        "json", json.render, None, "application/json",
        "the canonical result (schemas/result.schema.json), for tools",
    ),
    "md": Renderer(
        "md", markdown.render, None, "text/markdown",
        "a GitHub-flavoured summary, e.g. for a CI job summary",
    ),
}


def default_output(fmt: str) -> Optional[str]:
    """The file ``fmt`` is written to without -o, or None for stdout."""
    return FORMATS[fmt].default_output


def render(fmt: str, result: Result, audience: str = "candidate") -> str:
    """``result`` as text in the format ``fmt`` names (a key of FORMATS), for ``audience`` (candidate or recruiter)."""
    return FORMATS[fmt](result, audience=audience)
