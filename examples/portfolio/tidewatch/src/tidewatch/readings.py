"""Loading and validating raw gauge readings.

Stations upload CSV files with two columns, ``time`` and ``level_m``. The
loader is strict about time and lenient about everything else: a bad timestamp
makes every later check meaningless, while a single unparsable level is just
one more missing reading.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable, Iterator

# The loggers we support sample every 6 minutes, the same interval national
# tide services publish, so our output lines up with their predictions.
DEFAULT_INTERVAL = timedelta(minutes=6)


class ReadingError(ValueError):
    """Raised when a file cannot be trusted as a time series at all."""


@dataclass(frozen=True, slots=True)
class Reading:
    """One water-level sample.

    ``level_m`` is ``None`` when the logger wrote a row but no usable value
    (blank, ``NaN`` or the ``-99`` sentinel some firmware uses). Keeping the
    row, rather than dropping it, lets gap detection tell "logger was off"
    apart from "logger was on but the sensor failed".
    """

    time: datetime
    level_m: float | None


# Values older firmware writes instead of leaving the field empty.
_MISSING_MARKERS = {"", "nan", "-99", "-99.0", "-999"}


def parse_time(text: str) -> datetime:
    """Parse an ISO 8601 timestamp and return it in UTC.

    Naive timestamps are rejected rather than assumed to be UTC: two stations
    once uploaded local time, and the one-hour shift at the daylight-saving
    change produced a duplicate hour that looked like a sensor fault.
    """
    cleaned = text.strip()
    # datetime.fromisoformat only accepts a trailing "Z" from Python 3.11 on,
    # and we still support 3.10.
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError as exc:
        raise ReadingError(f"not an ISO 8601 timestamp: {text!r}") from exc
    if moment.tzinfo is None:
        raise ReadingError(f"timestamp has no UTC offset: {text!r}")
    return moment.astimezone(timezone.utc)


def parse_level(text: str) -> float | None:
    """Return the level in metres, or ``None`` for a missing value."""
    cleaned = text.strip().lower()
    if cleaned in _MISSING_MARKERS:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return None


def read_rows(rows: Iterable[dict[str, str]]) -> Iterator[Reading]:
    """Turn CSV dictionaries into readings, checking that time only moves forward.

    Out-of-order rows are an error, not something to sort silently: every case
    we have seen came from two files being concatenated, and sorting would have
    hidden the overlap instead of reporting it.
    """
    previous: datetime | None = None
    for line_no, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            time_text, level_text = row["time"], row["level_m"]
        except KeyError as exc:
            raise ReadingError(f"missing column {exc.args[0]!r}") from exc
        moment = parse_time(time_text)
        if previous is not None and moment <= previous:
            raise ReadingError(
                f"line {line_no}: {moment.isoformat()} is not after {previous.isoformat()}"
            )
        previous = moment
        yield Reading(moment, parse_level(level_text or ""))


def load_csv(path: str | Path) -> list[Reading]:
    """Load every reading from a station CSV file.

    The whole file is read into memory. A year of 6-minute readings is about
    87,600 rows (a few megabytes), so streaming would add complexity for no
    practical gain at the sizes stations produce.
    """
    with open(path, newline="", encoding="utf-8") as handle:
        return list(read_rows(csv.DictReader(handle)))
