"""Command-line entry point: ``tidewatch check FILE...``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from tidewatch import __version__
from tidewatch.detect import Settings, check
from tidewatch.readings import ReadingError, load_csv
from tidewatch.report import summarise, to_json, to_text

# Exit codes follow grep's convention so cron jobs can tell "found something"
# apart from "could not run": 0 = clean, 1 = findings, 2 = unusable input.
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """Create the argument parser (separate so tests can inspect it)."""
    defaults = Settings()
    parser = argparse.ArgumentParser(
        prog="tidewatch",
        description="Flag gaps, spikes and stuck sensors in tide-gauge CSV files.",
    )
    parser.add_argument("--version", action="version", version=f"tidewatch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("check", help="check one or more station files")
    run.add_argument("files", nargs="+", type=Path, help="CSV files with time,level_m columns")
    run.add_argument("--format", choices=("text", "json"), default="text")
    run.add_argument("--threshold", type=float, default=defaults.threshold,
                     help=f"spike limit in robust sigmas (default {defaults.threshold})")
    run.add_argument("--reach", type=int, default=defaults.reach,
                     help=f"neighbours on each side used as a baseline (default {defaults.reach})")
    run.add_argument("--flatline-run", type=int, default=defaults.flatline_run,
                     help=f"identical readings that count as stuck (default {defaults.flatline_run})")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    args = build_parser().parse_args(argv)
    if args.reach < 1:
        print("tidewatch: --reach must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    settings = Settings(threshold=args.threshold, reach=args.reach,
                        flatline_run=args.flatline_run)

    status = EXIT_CLEAN
    for path in args.files:
        try:
            readings = load_csv(path)
        except (OSError, ReadingError) as exc:
            print(f"tidewatch: {path}: {exc}", file=sys.stderr)
            # Keep going: one broken upload should not hide problems in the
            # other stations' files checked in the same nightly run.
            status = EXIT_ERROR
            continue
        findings = check(readings, settings)
        summary = summarise(path.stem, readings, findings, settings.interval)
        render = to_json if args.format == "json" else to_text
        print(render(summary, findings))
        if findings and status == EXIT_CLEAN:
            status = EXIT_FINDINGS
    return status
