"""Text every report shows the same way: scores, cut text and which URLs may become links."""

from __future__ import annotations

from typing import Optional, overload

SAFE_URL_SCHEMES = ("http://", "https://")


@overload
def truncate(text: str, limit: int) -> str: ...
@overload
def truncate(text: Optional[str], limit: int) -> Optional[str]: ...
def truncate(text: Optional[str], limit: int) -> Optional[str]:
    """``text`` cut to ``limit`` characters with an ellipsis, so a reader sees it was cut."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def format_score(score: Optional[float]) -> str:
    """One decimal, without a trailing '.0': 79.6 stays 79.6 so it never reads as a band it missed."""
    if score is None:
        return "–"
    text = f"{score:.1f}"
    return text[:-2] if text.endswith(".0") else text


def safe_href(url: Optional[str]) -> Optional[str]:
    """``url`` if it may become a link target, else None (then it is shown as text).

    Only absolute http(s) URLs qualify: ``javascript:``, ``data:`` and relative
    URLs in collected data must never become clickable, whatever escaping does.
    """
    if not isinstance(url, str) or not url.lower().startswith(SAFE_URL_SCHEMES):
        return None
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    return url
