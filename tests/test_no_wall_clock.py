"""No test asserts how long something took: a loaded CI machine made such a test fail (38.7 s for "under 20 s").

Timings are measured and printed by benchmarks/ (``python -m benchmarks.hardening_times`` for the
hardening inputs). A test may wait with a deadline or give a client a timeout; it may not
put a clock reading in an assertion.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CLOCKS = {"perf_counter", "monotonic", "process_time", "perf_counter_ns", "monotonic_ns"}
# Names that only ever hold a duration in this code base.
DURATION_NAMES = {"seconds", "elapsed", "duration", "took", "total_seconds"}


def _reads_a_clock(node: ast.AST) -> bool:
    for inner in ast.walk(node):
        if isinstance(inner, ast.Attribute) and inner.attr in CLOCKS:
            return True
        if isinstance(inner, ast.Name) and inner.id in DURATION_NAMES:
            return True
        # time.time() compared with something: a duration, unless it dates a file (st_mtime).
        if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and inner.func.attr == "time"
                and not any(isinstance(n, ast.Attribute) and n.attr == "st_mtime" for n in ast.walk(node))):
            return True
    return False


def test_no_assertion_reads_a_clock():
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assert) and _reads_a_clock(node.test):
                offenders.append(f"{path.relative_to(TESTS)}:{node.lineno}")
    assert offenders == [], "move the timing to benchmarks/ and print it"
