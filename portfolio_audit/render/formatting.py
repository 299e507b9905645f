"""Text every report shows the same way: scores, numbers, dates, cut text and which URLs may become links."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional, overload

SAFE_URL_SCHEMES = ("http://", "https://")
# Data from repositories can be arbitrarily long; this keeps one field from swamping a card
# (the JSON keeps everything).
MAX_TEXT_CHARS = 1200


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


def format_number(value: float, decimals: int = 1) -> str:
    """``value`` with at most ``decimals`` decimals and no trailing zeros: 2.50 reads 2.5, 3.0 reads 3."""
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _utc_moment(value: str) -> Optional[datetime]:
    """An ISO 8601 time in UTC (naive times as given), or None when unparsable."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(timezone.utc) if moment.tzinfo is not None else moment


def timestamp_text(value: Optional[str]) -> str:
    """An ISO 8601 time as "26 November 2026, 00:56 UTC" (the text itself when unparsable)."""
    if not value:
        return "unknown time"
    moment = _utc_moment(value)
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC" if moment else value


def date_text(value: Optional[str]) -> str:
    """An ISO 8601 time as its UTC day, "26 Nov 2026" (the text itself when unparsable)."""
    if not value:
        return "unknown date"
    moment = _utc_moment(value)
    return f"{moment.day} {moment:%b %Y}" if moment else value
