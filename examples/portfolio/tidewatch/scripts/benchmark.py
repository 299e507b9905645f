"""Time tidewatch on one synthetic year of 6-minute readings.

This is the script behind the timing quoted in the README. It builds the data
in memory so the number measures parsing and checking, not the disk:

    python scripts/benchmark.py
"""

import csv
import io
import math
import random
import time
from datetime import datetime, timedelta, timezone

from tidewatch import check
from tidewatch.readings import read_rows

ROWS = 87_600  # 365 days * 240 readings per day


def synthetic_year(seed: int = 1) -> str:
    """Return a year of CSV text: a two-constituent tide plus 4 mm of noise."""
    rng = random.Random(seed)
    start = datetime(2023, 1, 1, tzinfo=timezone.utc)
    out = io.StringIO()
    out.write("time,level_m\n")
    for i in range(ROWS):
        hours = i * 0.1
        level = (2.0 + 1.2 * math.cos(2 * math.pi * hours / 12.42)
                 + 0.2 * math.cos(2 * math.pi * hours / 25.82) + rng.gauss(0, 0.004))
        stamp = (start + timedelta(minutes=6 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.write(f"{stamp},{level:.3f}\n")
    return out.getvalue()


def main() -> None:
    text = synthetic_year()
    best = float("inf")
    # Best of five, because the first run also pays for imports and warm-up.
    for _ in range(5):
        began = time.perf_counter()
        readings = list(read_rows(csv.DictReader(io.StringIO(text))))
        findings = check(readings)
        best = min(best, time.perf_counter() - began)
    print(f"{len(readings)} readings, {len(findings)} findings, best of 5: {best:.2f} s")


if __name__ == "__main__":
    main()
