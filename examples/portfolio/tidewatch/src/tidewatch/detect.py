"""The four checks tidewatch runs on a station's readings.

Each check returns a list of :class:`Finding`. A finding is a question for a
volunteer ("was the gauge cleaned at 10:12?"), never an automatic correction:
tidewatch does not edit or delete readings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby
from typing import Sequence

from tidewatch.readings import DEFAULT_INTERVAL, Reading
from tidewatch.window import midpoint_baseline, robust_scale


def _readings(n: int) -> str:
    """Return "1 reading" or "n readings"."""
    return f"{n} reading" if n == 1 else f"{n} readings"


@dataclass(frozen=True)
class Finding:
    """Something a volunteer should look at.

    ``start`` and ``end`` are inclusive and point at real reading times, so a
    finding can be located in the raw file without any arithmetic.
    """

    kind: str  # "gap", "missing", "spike" or "flatline"
    start: datetime
    end: datetime
    detail: str


@dataclass(frozen=True)
class Settings:
    """Tuning knobs, with defaults checked against two years of hand labels.

    See docs/adr/0001-robust-statistics-instead-of-a-model.md for how the
    defaults were picked and what they trade away.
    """

    interval: timedelta = DEFAULT_INTERVAL
    # Neighbours on each side used to estimate a reading (5 = 30 minutes).
    # Over 30 minutes the tide is close enough to a straight line that the
    # midpoint baseline follows it; longer reaches start to cut off the
    # rounded top of high water and flag it.
    reach: int = 5
    # In multiples of the day's robust sigma. 6 flagged about one reading in
    # 20,000 on days volunteers had marked as clean.
    threshold: float = 6.0
    # Lower bound on sigma, in metres. On a glassy calm day the residual noise
    # is below the logger's 1 mm resolution and the MAD can be exactly zero,
    # which would make every rounding step look like a spike.
    min_scale_m: float = 0.005
    # 10 identical readings = 1 hour. Real water is never that still to the
    # millimetre; a float gauge stuck on its guide wire is.
    flatline_run: int = 10


def find_gaps(readings: Sequence[Reading], settings: Settings = Settings()) -> list[Finding]:
    """Report stretches where the logger wrote no rows at all."""
    # Logger clocks drift by a few seconds per day and are re-synced at upload,
    # so a step of 6 min 20 s is normal. Only call it a gap when at least one
    # whole reading is missing.
    tolerance = settings.interval * 1.5
    findings = []
    for before, after in zip(readings, readings[1:]):
        step = after.time - before.time
        if step > tolerance:
            missing = round(step / settings.interval) - 1
            findings.append(
                Finding("gap", before.time, after.time, f"{_readings(missing)} not recorded")
            )
    return findings


def find_missing(readings: Sequence[Reading]) -> list[Finding]:
    """Report runs of rows that exist but carry no usable level."""
    findings = []
    for is_missing, run in groupby(readings, key=lambda r: r.level_m is None):
        if is_missing:
            rows = list(run)
            findings.append(
                Finding("missing", rows[0].time, rows[-1].time, f"{_readings(len(rows))} without a level")
            )
    return findings


def _flat_runs(readings: Sequence[Reading], min_run: int) -> list[list[Reading]]:
    """Return runs of at least ``min_run`` consecutive identical valid levels."""
    valid = [r for r in readings if r.level_m is not None]
    runs = (list(run) for _, run in groupby(valid, key=lambda r: r.level_m))
    return [run for run in runs if len(run) >= min_run]


def find_flatlines(readings: Sequence[Reading], settings: Settings = Settings()) -> list[Finding]:
    """Report runs of identical levels at least ``settings.flatline_run`` long."""
    return [
        Finding("flatline", run[0].time, run[-1].time,
                f"level stuck at {run[0].level_m:.3f} m for {_readings(len(run))}")
        for run in _flat_runs(readings, settings.flatline_run)
    ]


def _segments(readings: Sequence[Reading], settings: Settings) -> list[list[Reading]]:
    """Split readings into runs that can be trusted as measurements.

    A run ends at a gap, at a missing value and around a flatline. Baselines
    must never reach across any of these: a midpoint between readings on either
    side of a three-hour hole compares different stages of the tide, and a
    stuck sensor's repeated value is not a measurement of anything.
    """
    stuck = {r.time for run in _flat_runs(readings, settings.flatline_run) for r in run}
    tolerance = settings.interval * 1.5
    segments: list[list[Reading]] = []
    current: list[Reading] = []
    for reading in readings:
        usable = reading.level_m is not None and reading.time not in stuck
        if current and (not usable or reading.time - current[-1].time > tolerance):
            segments.append(current)
            current = []
        if usable:
            current.append(reading)
    if current:
        segments.append(current)
    return segments


def find_spikes(readings: Sequence[Reading], settings: Settings = Settings()) -> list[Finding]:
    """Report single readings that jump away from the local tide curve.

    Method: estimate each reading from its neighbours (see
    :func:`tidewatch.window.midpoint_baseline`) and compare the difference with
    the robust noise level of that UTC day. Noise is estimated per day rather
    than per window because a storm raises it for hours at a time, and storm
    chop should count as normal for the day it happens on.
    """
    residuals: list[tuple[Reading, float]] = []
    for segment in _segments(readings, settings):
        levels = [r.level_m for r in segment]
        baseline = midpoint_baseline(levels, settings.reach)
        residuals.extend(
            (r, r.level_m - b) for r, b in zip(segment, baseline) if b is not None
        )

    findings = []
    for day, rows in groupby(residuals, key=lambda pair: pair[0].time.date()):
        day_rows = list(rows)
        sigma = max(robust_scale([res for _, res in day_rows]), settings.min_scale_m)
        limit = settings.threshold * sigma
        for reading, res in day_rows:
            if abs(res) > limit:
                findings.append(
                    Finding("spike", reading.time, reading.time,
                            f"{res:+.3f} m from neighbours (limit ±{limit:.3f} m on {day})")
                )
    return findings


def check(readings: Sequence[Reading], settings: Settings = Settings()) -> list[Finding]:
    """Run every check and return the findings in time order."""
    findings = (
        find_gaps(readings, settings)
        + find_missing(readings)
        + find_flatlines(readings, settings)
        + find_spikes(readings, settings)
    )
    # TODO(#31): add a level-shift check (sensor re-mounted at a new height).
    # It needs a reference level, either a harmonic prediction or a nearby
    # station, which most stations do not have yet; see ADR 0001.

    # Sorting by kind as well keeps the output stable when two findings start
    # at the same reading, which makes report diffs between runs meaningful.
    return sorted(findings, key=lambda f: (f.start, f.kind))
