"""Quality checks for 6-minute water-level readings from volunteer tide gauges.

The public API is small on purpose: load readings, run the checks, and turn
the findings into a report. Everything else is an implementation detail.

    >>> from tidewatch import load_csv, check
    >>> findings = check(load_csv("examples/harbour_north.csv"))
"""

from tidewatch.detect import Finding, check
from tidewatch.readings import Reading, load_csv

__all__ = ["Finding", "Reading", "check", "load_csv"]
__version__ = "0.4.1"
