"""What the judged real portfolios lose to "only own work is scored", and why.

    python -m benchmarks.own_work [--mirror-dir DIR] [--json]

For every portfolio in the validity corpus (benchmarks/corpus/portfolios/, both splits:
nothing here is tuned, it only reports), each judged repository is copied out of its bare git
copy exactly as ``benchmarks.validity`` does (nothing of theirs runs), collected by the normal
local collector and evaluated. Printed per person: repositories read, files excluded from
scoring by origin (vendored, generated, scaffold, starter, third-party docs), the most common
reasons, who was taken as the person and the portfolio score. The score before this change is
the same harness run on the earlier commit (``python -m benchmarks.validity --json``, its
"portfolios" rows); docs/provenance.md has both side by side.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from portfolio_audit.engine import evaluate_snapshot

from .corpus import DEFAULT_MIRROR_DIR, split_for
from .validity import LABELS_DIR, catalogue_of, collect_portfolio, load_corpus

# Reasons shown per person: enough to see the classes, short enough to read.
TOP_REASONS = 3


def portfolio_rows(mirror_dir: Path) -> list:
    corpus = load_corpus([LABELS_DIR])
    rows = []
    for portfolio in sorted(corpus.portfolios, key=lambda p: p["login"]):
        snapshot, problems = collect_portfolio(portfolio, mirror_dir)
        result = evaluate_snapshot(snapshot, catalogue_of())
        origins, reasons, own_files = Counter(), Counter(), 0
        for repo in result["repos"]:
            own_files += len(repo.get("files") or [])
            for item in repo.get("excluded") or []:
                origins[item.get("origin") or "skipped"] += 1
                reasons[f"{item.get('origin') or 'skipped'}: {(item.get('reason') or '')[:70]}"] += 1
        person = result.get("person") or {}
        rows.append({"login": portfolio["login"], "split": split_for(portfolio["login"]),
                     "repos": len(snapshot.repos), "uncollected": len(problems), "own_files": own_files,
                     "excluded": dict(origins), "reasons": reasons.most_common(TOP_REASONS),
                     "person": person.get("label") or person.get("note"), "score": result["score"],
                     "band": result["band"]})
    return rows


def render(rows: list) -> str:
    lines = ["person | split | repos | own files | excluded by origin | score (band)", "--- | --- | --- | --- | --- | ---"]
    for row in rows:
        excluded = ", ".join(f"{name} {count}" for name, count in sorted(row["excluded"].items())) or "none"
        score = "–" if row["score"] is None else f"{row['score']:.1f}"
        lines.append(f"{row['login']} | {row['split']} | {row['repos']} | {row['own_files']} | {excluded} |"
                     f" {score} ({row['band']})")
    lines.append("")
    for row in rows:
        for reason, count in row["reasons"]:
            lines.append(f"{row['login']}: {count} × {reason}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.own_work", description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror-dir", type=Path, default=DEFAULT_MIRROR_DIR)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = portfolio_rows(args.mirror_dir)
    print(json.dumps(rows, indent=1, sort_keys=True) if args.json else render(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
