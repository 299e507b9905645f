"""Turning findings into something a volunteer or a script can read."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Sequence

from tidewatch.detect import Finding
from tidewatch.readings import DEFAULT_INTERVAL, Reading


@dataclass(frozen=True)
class Summary:
    """Headline numbers for one file."""

    station: str
    first: str
    last: str
    expected: int
    valid: int
    counts: dict[str, int]

    @property
    def coverage(self) -> float:
        """Share of expected readings that carry a usable level, from 0 to 1."""
        return self.valid / self.expected if self.expected else 0.0


def summarise(station: str, readings: Sequence[Reading], findings: Sequence[Finding],
              interval: timedelta = DEFAULT_INTERVAL) -> Summary:
    """Count readings and findings for the report header."""
    if not readings:
        return Summary(station, "-", "-", 0, 0, {})
    span = readings[-1].time - readings[0].time
    # +1 because both ends are readings: 00:00 to 00:12 is three readings.
    expected = round(span / interval) + 1
    valid = sum(1 for r in readings if r.level_m is not None)
    return Summary(
        station,
        readings[0].time.isoformat(),
        readings[-1].time.isoformat(),
        expected,
        valid,
        dict(Counter(f.kind for f in findings)),
    )


def to_text(summary: Summary, findings: Sequence[Finding]) -> str:
    """Render a plain-text report meant to be pasted into the station logbook."""
    lines = [
        f"Station {summary.station}: {summary.first} to {summary.last}",
        f"Coverage {summary.coverage:.1%} ({summary.valid} of {summary.expected} readings)",
    ]
    if not findings:
        lines.append("No findings.")
        return "\n".join(lines)
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.counts.items()))
    lines.append(f"Findings: {counts}")
    lines.append("")
    for f in findings:
        when = f.start.strftime("%Y-%m-%d %H:%M")
        if f.end != f.start:
            when += f" to {f.end.strftime('%Y-%m-%d %H:%M')}"
        lines.append(f"  {f.kind:<8} {when}  {f.detail}")
    return "\n".join(lines)


def to_json(summary: Summary, findings: Sequence[Finding]) -> str:
    """Render a machine-readable report.

    The field names are part of the public interface: the network's dashboard
    parses them, so renaming one is a breaking change (see CHANGELOG.md).
    """
    payload = {
        "station": summary.station,
        "first": summary.first,
        "last": summary.last,
        "expected_readings": summary.expected,
        "valid_readings": summary.valid,
        "coverage": round(summary.coverage, 4),
        "counts": summary.counts,
        "findings": [
            {
                "kind": f.kind,
                "start": f.start.isoformat(),
                "end": f.end.isoformat(),
                "detail": f.detail,
            }
            for f in findings
        ],
    }
    return json.dumps(payload, indent=2, sort_keys=True)
