"""Benchmark: how long the hardening suites' hostile inputs take, and whether time grows linearly with size.

    python -m benchmarks.hardening_times [--quick]

The tests in tests/hardening/ check what these inputs do (nothing crashes, caps hold,
memory stays bounded) but never how long they take: a wall-clock limit fails on a loaded
machine. The times live here instead, printed beside their targets; the inputs are the
tests' own (imported from them, so both always look at the same files). ``--quick``
leaves out the 50,000-file archive and folder. It asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from portfolio_audit.analysis.source.analyze import analyze_source
from portfolio_audit.analysis.markdown import analyze_markdown
from portfolio_audit.collect.archive import MAX_EXPANDED_BYTES, ArchiveError, read_tarball
from portfolio_audit.collect.classify import MAX_FILE_BYTES
from portfolio_audit.collect.local import collect_repo
from portfolio_audit.engine import evaluate_snapshot
from tests.support.fixtures import repo_from_spec
from portfolio_audit.render import FORMATS
from portfolio_audit.rules import load_catalogue
from portfolio_audit.snapshot import Snapshot

from tests.hardening.test_hostile_inputs import tarball
from tests.hardening.test_pathological import (ENGINE_CASES, GROWTH_BASE_BYTES, GROWTH_CASES, LANGUAGES,
                                               MARKDOWN_CASES, SOURCE_CASES, cap_sized_repo, fill)

MEGABYTE = 1024 * 1024
# Targets, for the 2-core CI machine: what the tests asserted before timings moved here.
TARGET_ANALYSIS_SECONDS = 10.0  # one pathological file
TARGET_EVALUATION_SECONDS = 30.0  # a repository of cap-sized documents through every rule and format
TARGET_GROWTH = 8.0  # time on 4x the input over time on 1x: linear work is about 4, quadratic 16
TARGET_ARCHIVE_SECONDS = 20.0  # a hostile archive or a 50,000-file checkout
MANY_FILES = 50_000
SUFFIXES = ("README.md", "guide.rst", "notes.txt")


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def best_of(repeats: int, function, *args) -> float:
    """The fastest of a few runs: growth compares the work, not a neighbour's load or a GC pause."""
    return min(timed(function, *args) for _ in range(repeats))


def measured(function, *args) -> tuple:
    """(seconds, peak MiB Python allocated); the tracing slows the run, so time is taken apart."""
    seconds = timed(function, *args)
    tracemalloc.start()
    try:
        function(*args)
        peak = tracemalloc.get_traced_memory()[1] / MEGABYTE
    finally:
        tracemalloc.stop()
    return seconds, peak


def _raises_archive_error(data: bytes) -> None:
    try:
        read_tarball(data)
    except ArchiveError:
        return
    raise AssertionError("the bomb was read whole")


def rows_pathological() -> list:
    rows = []
    slowest = max(((timed(analyze_markdown, text, suffix), case) for case, text in MARKDOWN_CASES.items()
                   for suffix in SUFFIXES))
    rows.append((f"slowest pathological Markdown file <= {TARGET_ANALYSIS_SECONDS:g} s",
                 f"{slowest[0]:.2f} s ({slowest[1]})", slowest[0] <= TARGET_ANALYSIS_SECONDS))
    slowest = max(((timed(analyze_source, path, text, language), f"{language} {case}")
                   for language, path in LANGUAGES.items() for case, text in SOURCE_CASES.items()))
    rows.append((f"slowest pathological source file <= {TARGET_ANALYSIS_SECONDS:g} s",
                 f"{slowest[0]:.2f} s ({slowest[1]})", slowest[0] <= TARGET_ANALYSIS_SECONDS))
    worst = (0.0, "")
    for path, unit in GROWTH_CASES:
        small = best_of(3, analyze_source, path, fill(unit, GROWTH_BASE_BYTES))
        large = best_of(3, analyze_source, path, fill(unit, 4 * GROWTH_BASE_BYTES))
        # The floor keeps timer noise on tiny durations from reading as growth.
        worst = max(worst, (large / max(small, 0.02), f"{path} {unit.strip()[:16]!r}"))
    rows.append((f"source analysis on 4x the input <= {TARGET_GROWTH:g}x the time", f"{worst[0]:.1f}x ({worst[1]})",
                 worst[0] <= TARGET_GROWTH))
    catalogue = load_catalogue()

    def evaluate(size):
        repo = repo_from_spec({"readme": fill("# Heading\n\nSome text here.\n\n", size)}, "headings")
        snapshot = Snapshot(collected_at="2026-01-01T00:00:00Z", source={"kind": "local", "paths": []}, repos=(repo,))
        return best_of(2, evaluate_snapshot, snapshot, catalogue)

    small, large = evaluate(GROWTH_BASE_BYTES), evaluate(4 * GROWTH_BASE_BYTES)
    ratio = large / max(small, 0.05)
    rows.append((f"every rule on 4x the headings <= {TARGET_GROWTH:g}x the time", f"{ratio:.1f}x", ratio <= TARGET_GROWTH))
    for case in sorted(ENGINE_CASES):
        snapshot = Snapshot(collected_at="2026-01-01T00:00:00Z", source={"kind": "local", "paths": []},
                            repos=(cap_sized_repo(case),))

        def every_rule_and_format():
            result = evaluate_snapshot(snapshot, catalogue)
            for renderer in FORMATS.values():
                renderer(result)

        seconds = timed(every_rule_and_format)
        rows.append((f"cap-sized {case} documents, every rule and format <= {TARGET_EVALUATION_SECONDS:g} s",
                     f"{seconds:.1f} s", seconds <= TARGET_EVALUATION_SECONDS))
    return rows


def rows_archives(quick: bool) -> list:
    rows = []
    huge = tarball([("README.md", "file", b"# Big\n"), ("src/huge.py", "zeros", 100 * MEGABYTE),
                    ("src/ok.py", "file", b"x = 1\n")])
    seconds, peak = measured(read_tarball, huge)
    rows.append((f"archive with a 100 MB member <= {TARGET_ARCHIVE_SECONDS:g} s", f"{seconds:.1f} s, {peak:.0f} MiB",
                 seconds <= TARGET_ARCHIVE_SECONDS))
    count = MAX_EXPANDED_BYTES // MAX_FILE_BYTES + 8
    bomb = tarball([(f"bomb/{i}.py", "file", b"\0" * (MAX_FILE_BYTES - 1)) for i in range(count)])
    seconds, peak = measured(_raises_archive_error, bomb)
    rows.append((f"gzip bomb refused <= {TARGET_ARCHIVE_SECONDS:g} s", f"{seconds:.1f} s, {peak:.0f} MiB",
                 seconds <= TARGET_ARCHIVE_SECONDS))
    if quick:
        return rows
    many = tarball([(f"src/m{i:05d}.py", "file", b"VALUE = 1\n") for i in range(MANY_FILES)])
    seconds, peak = measured(read_tarball, many)
    rows.append((f"archive of {MANY_FILES:,} files <= {TARGET_ARCHIVE_SECONDS:g} s", f"{seconds:.1f} s, {peak:.0f} MiB",
                 seconds <= TARGET_ARCHIVE_SECONDS))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "big"
        (root / "src").mkdir(parents=True)
        (root / "README.md").write_text("# Big\n\nMany files.\n", encoding="utf-8")
        for index in range(MANY_FILES):
            (root / "src" / f"m{index:05d}.py").write_bytes(b"VALUE = 1\n")
        seconds = timed(collect_repo, root)
    rows.append((f"checkout of {MANY_FILES:,} files collected <= {TARGET_ARCHIVE_SECONDS:g} s", f"{seconds:.1f} s",
                 seconds <= TARGET_ARCHIVE_SECONDS))
    return rows


def main(argv=None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"leave out the {MANY_FILES:,}-file archive and checkout")
    args = parser.parse_args(argv)
    rows = rows_pathological() + rows_archives(args.quick)
    width = max(len(target) for target, _, _ in rows)
    for target, figure, met in rows:
        print(f"{target:<{width}}  {figure:<40}  {'met' if met else 'NOT MET'}")
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
