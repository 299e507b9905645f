"""The JSON renderer: the result itself, serialised so equal results give equal bytes."""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from .. import json_text

# Two spaces: readable in a diff and in a code review of golden files.
INDENT = 2


def render(result: Mapping[str, Any], audience: str = "candidate") -> str:
    """The result as JSON for tools (described by schemas/result.schema.json); equal results give equal bytes."""
    return "".join(list(render_pieces(result, audience)))


def render_pieces(result: Mapping[str, Any], audience: str = "candidate") -> Iterator[str]:
    """``render``'s text in pieces, for writing a large result without holding its text (json_text.py)."""
    # ``audience`` changes how people read a report, never the data: the JSON is the same for both.
    # sort_keys makes key order independent of how the dict was built;
    # allow_nan=False refuses to write NaN/Infinity, which are not JSON and
    # would mean a scoring bug upstream rather than a report to publish.
    yield from json_text.pieces(result, sort_keys=True, ensure_ascii=False, indent=INDENT, allow_nan=False)
    yield "\n"
