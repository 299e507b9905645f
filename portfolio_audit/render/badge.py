"""The score badge: a small static SVG in the flat style of shields.io, drawn here, coloured by band.

A profile README embeds this file from the repository itself, so no hosted
badge service ever learns who looked at the profile, and the badge changes
only when the score does (the bytes are a pure function of score and band).
"""

from __future__ import annotations

from typing import Optional

from ..scoring import band_for
from .formatting import format_score

LABEL = "portfolio audit"
NOT_SCORED_TEXT = "not scored"

# The report's palette (report_templates/report.css.j2), so the badge and the
# report agree; white text on each of these meets WCAG AA contrast.
BAND_COLOURS = {
    "strong": "#1a7f37",
    "good": "#0969da",
    "fair": "#9a6700",
    "weak": "#cf222e",
}
NOT_SCORED_COLOUR = "#8c959f"
LABEL_COLOUR = "#555"

HEIGHT = 20
FONT_SIZE = 11
TEXT_BASELINE = 14
# Room left and right of each text, as in shields.io's flat style.
HORIZONTAL_PADDING = 6
# Rendered widths of 11px Verdana, grouped: exact metrics would need a font file,
# and an estimate that errs wide only leaves a little extra padding.
NARROW_CHARS = frozenset("ijlI.,:;'!|()[] ")
NARROW_CHAR_WIDTH = 3.6
WIDE_CHARS = frozenset("mwMW@%")
WIDE_CHAR_WIDTH = 10.5
DEFAULT_CHAR_WIDTH = 7.0


def text_width(text: str) -> int:
    """Estimated width of ``text`` in 11px Verdana, rounded up to whole pixels."""
    total = 0.0
    for char in text:
        if char in NARROW_CHARS:
            total += NARROW_CHAR_WIDTH
        elif char in WIDE_CHARS or ord(char) > 0x2E80:  # CJK and emoji are about square
            total += WIDE_CHAR_WIDTH
        else:
            total += DEFAULT_CHAR_WIDTH
    return int(total + 0.999)


def badge_value(score: Optional[float], band: Optional[str]) -> str:
    """The right-hand text: "72.4 · good", or "not scored"."""
    if score is None:
        return NOT_SCORED_TEXT
    return f"{format_score(score)} · {band or band_for(score)}"


def badge_colour(score: Optional[float], band: Optional[str] = None) -> str:
    """The band's colour for ``score``; grey when nothing was scored."""
    if score is None:
        return NOT_SCORED_COLOUR
    return BAND_COLOURS.get(band or band_for(score), NOT_SCORED_COLOUR)


def _escape(text: str, quote: bool = False) -> str:
    """``xml.sax.saxutils.escape`` (with ``{'"': "&quot;"}`` when ``quote``), without importing it.

    xml.sax.saxutils imports urllib.request, and with it http.client, ssl and email: 20 ms of
    every command's start-up for three replacements.
    """
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    return text.replace('"', "&quot;") if quote else text


def render_badge(score: Optional[float], band: Optional[str] = None, label: str = LABEL) -> str:
    """The badge as a standalone SVG document (UTF-8 text ending in a newline)."""
    value = badge_value(score, band)
    colour = badge_colour(score, band)
    label_width = text_width(label) + 2 * HORIZONTAL_PADDING
    value_width = text_width(value) + 2 * HORIZONTAL_PADDING
    width = label_width + value_width
    # Quotes too: the title also fills the aria-label attribute.
    title = _escape(f"{label}: {value}", quote=True)
    label_text, value_text = _escape(label), _escape(value)
    label_x, value_x = label_width / 2, label_width + value_width / 2
    # The shadow text one pixel lower is what makes shields' flat badges readable on any background.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="{HEIGHT}" rx="3" fill="#fff"/></clipPath>'
        '<g clip-path="url(#r)">'
        f'<rect width="{label_width}" height="{HEIGHT}" fill="{LABEL_COLOUR}"/>'
        f'<rect x="{label_width}" width="{value_width}" height="{HEIGHT}" fill="{colour}"/>'
        f'<rect width="{width}" height="{HEIGHT}" fill="url(#s)"/></g>'
        f'<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="{FONT_SIZE}">'
        f'<text x="{label_x:g}" y="{TEXT_BASELINE + 1}" fill="#010101" fill-opacity=".3">{label_text}</text>'
        f'<text x="{label_x:g}" y="{TEXT_BASELINE}">{label_text}</text>'
        f'<text x="{value_x:g}" y="{TEXT_BASELINE + 1}" fill="#010101" fill-opacity=".3">{value_text}</text>'
        f'<text x="{value_x:g}" y="{TEXT_BASELINE}">{value_text}</text></g>'
        "</svg>\n"
    )
