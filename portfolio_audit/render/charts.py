"""Chart geometry for the HTML report: the overall score ring and the horizontal bar charts (SVG user units)."""

from __future__ import annotations

import math
from typing import Optional

from ..scoring import BANDS
from .formatting import format_score, truncate
from .labels import NOT_SCORED_LABEL, band_label
from .view_model import BarChartView, ChartBar, GaugeView

# Band floors drawn as guide lines on the bar charts; the lowest band starts at 0.
BAND_GUIDES = tuple(sorted(floor for _, floor in BANDS if floor > 0))

# Overall score ring (SVG user units).
GAUGE_SIZE = 150
GAUGE_RADIUS = 60
GAUGE_STROKE = 14
# The "of 100" caption sits below the score inside the ring.
GAUGE_UNIT_OFFSET = 28

# Portfolio category bar chart (SVG user units).
CHART_LABEL_WIDTH = 170
CHART_BAR_WIDTH = 360
CHART_VALUE_WIDTH = 120
CHART_ROW_HEIGHT = 30
CHART_BAR_HEIGHT = 16
CHART_PADDING = 8
CHART_LABEL_CHARS = 24
# Room under the portfolio chart for the band-floor labels.
CHART_AXIS_HEIGHT = 16

# Per-repository mini chart (SVG user units).
MINI_LABEL_WIDTH = 120
MINI_BAR_WIDTH = 150
MINI_VALUE_WIDTH = 40
MINI_ROW_HEIGHT = 18
MINI_BAR_HEIGHT = 10
MINI_LABEL_CHARS = 17


def _svg_number(value: float) -> float:
    """A coordinate as SVG needs it: 9 rather than 9.0, at most one decimal."""
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def gauge(score: Optional[float], band: Optional[str]) -> GaugeView:
    """The overall score ring: its geometry, dash pattern and the label a screen reader hears."""
    circumference = 2 * math.pi * GAUGE_RADIUS
    filled = circumference * (score or 0) / 100
    return {
        "size": GAUGE_SIZE,
        "center": GAUGE_SIZE / 2,
        "unit_y": GAUGE_SIZE / 2 + GAUGE_UNIT_OFFSET,
        "radius": GAUGE_RADIUS,
        "stroke": GAUGE_STROKE,
        "dash": f"{filled:.2f} {circumference:.2f}",
        "band": band or "none",
        "score_text": format_score(score),
        "label": f"Overall score {format_score(score)} out of 100, {band_label(band).lower()}"
        if score is not None
        else "Overall score: not scored",
    }


def bar_chart(rows: list, label_width: int, bar_width: int, value_width: int,
              row_height: int, bar_height: int, label_chars: int, padding: int = 0,
              axis_height: int = 0) -> BarChartView:
    """Geometry for a horizontal bar chart of (title, score, band) rows."""
    bars: list[ChartBar] = []
    for index, (title, score, band) in enumerate(rows):
        top = padding + index * row_height
        bars.append(
            {
                "label": truncate(title, label_chars),
                "full_label": title,
                "label_y": _svg_number(top + row_height / 2),
                "bar_y": _svg_number(top + (row_height - bar_height) / 2),
                "track_width": bar_width,
                "bar_width": _svg_number(bar_width * (score or 0) / 100),
                "value_x": label_width + bar_width + 8,
                "value_text": (f"{format_score(score)} · {band_label(band).lower()}" if score is not None
                               else NOT_SCORED_LABEL.lower()),
                "short_value_text": format_score(score),
                "band": band or "none",
                "scored": score is not None,
            }
        )
    rows_bottom = padding + row_height * len(rows)
    height = rows_bottom + padding + axis_height
    return {
        "width": label_width + bar_width + value_width,
        "height": height,
        "axis_y": _svg_number(rows_bottom + padding / 2 + axis_height / 2),
        "bar_x": label_width,
        "label_x": label_width - 8,
        "bar_height": bar_height,
        "bars": bars,
        # Every track in one path: a repository card draws one chart, and a report a hundred.
        "track_path": "".join(f"M{label_width} {bar['bar_y']}h{bar_width}v{bar_height}h-{bar_width}z" for bar in bars),
        "guides": [
            {"x": _svg_number(label_width + bar_width * floor / 100), "label": str(floor)} for floor in BAND_GUIDES
        ],
        "guide_top": _svg_number(padding / 2),
        "guide_bottom": _svg_number(rows_bottom + padding / 2),
        "summary": "; ".join(
            f"{bar['full_label']}: {bar['value_text']}" for bar in bars
        ),
    }
