"""Robust statistics for short stretches of readings, without NumPy.

These helpers are the only numerically interesting code in tidewatch, so they
are kept separate and tested directly (see tests/test_window.py).
"""

from __future__ import annotations

from typing import Sequence

# Scales a median absolute deviation so it estimates the standard deviation
# of normally distributed noise; it lets thresholds read as "about N sigma".
MAD_TO_SIGMA = 1.4826


def median(values: Sequence[float]) -> float:
    """Return the median of a non-empty sequence."""
    if not values:
        raise ValueError("median of an empty sequence")
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def robust_scale(values: Sequence[float]) -> float:
    """Estimate the noise level of ``values`` as a sigma-equivalent MAD.

    Unlike the standard deviation, this barely moves when a few values are
    wild, which is exactly the situation we are trying to detect.
    """
    centre = median(values)
    return MAD_TO_SIGMA * median([abs(v - centre) for v in values])


def midpoint_baseline(values: Sequence[float], half: int) -> list[float | None]:
    """Estimate each value from its neighbours, ignoring the value itself.

    For position ``i`` this is the median, over ``k = 1..half``, of the
    midpoints ``(values[i-k] + values[i+k]) / 2``. Two properties make it a
    good baseline for tides:

    * On a straight line every midpoint equals ``values[i]`` exactly, so a
      steadily rising or falling tide leaves no residual. A plain rolling
      median does not have this property: one outlier in the window shifts it
      by a whole step of the tide, which at mid-tide is several centimetres.
    * A bad reading at ``j`` spoils only the one pair with ``k = |i - j|``, so
      up to ``(half - 1) // 2`` bad neighbours are tolerated.

    Positions with no neighbour on one side (the first and last value) get
    ``None``: there is nothing honest to compare them with. Near the ends the
    number of pairs shrinks to what is available.
    """
    if half < 1:
        raise ValueError(f"half must be at least 1, got {half}")
    n = len(values)
    baseline: list[float | None] = []
    for i in range(n):
        reach = min(half, i, n - 1 - i)
        if reach == 0:
            baseline.append(None)
            continue
        pairs = [(values[i - k] + values[i + k]) / 2 for k in range(1, reach + 1)]
        baseline.append(median(pairs))
    return baseline
