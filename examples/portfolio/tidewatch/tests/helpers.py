"""Builders for small synthetic series, so each test states only what matters."""

import math
from datetime import datetime, timedelta, timezone

from tidewatch.readings import Reading

START = datetime(2024, 3, 9, tzinfo=timezone.utc)
STEP = timedelta(minutes=6)


def tide(i: int) -> float:
    """A clean semi-diurnal tide (period 12.42 h), rounded to the logger's 1 mm."""
    hours = i * 0.1
    return round(2.0 + 1.2 * math.cos(2 * math.pi * hours / 12.42), 3)


def series(n: int, level=tide) -> list[Reading]:
    """``n`` consecutive readings with levels from ``level(i)``."""
    return [Reading(START + i * STEP, level(i)) for i in range(n)]
