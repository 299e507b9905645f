"""Benchmark: rendering a 100-repository result as HTML, JSON and Markdown: time and size.

    python -m benchmarks.render [--result result.json] [--repos 100] [--repeat 3]

Without ``--result`` it builds the result the way a user gets it: the local GitHub
serves a profile of ``--repos`` repositories with realistic contents
(benchmarks.scale.enrich_world), the collector reads it and the engine scores it.
Each format is rendered ``--repeat`` times; the fastest time is reported, with the
output's size in bytes. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from typing import Optional

from portfolio_audit.collect.github import GitHubSettings, collect_github
from portfolio_audit.engine import evaluate_snapshot
from portfolio_audit.render import FORMATS
from portfolio_audit.rules import load_catalogue
from tests.support.github_server import GitHubServer
from tests.support.github_world import build_world

from .scale import BENCH_TOKEN, enrich_world, source_pool

DEFAULT_REPOS = 100
DEFAULT_REPEAT = 3


def build_result(repo_count: int = DEFAULT_REPOS, pool: Optional[list] = None) -> dict:
    """The result of auditing a ``repo_count``-repository synthetic profile (no latency)."""
    world = build_world(repo_count=repo_count)
    enrich_world(world, pool if pool is not None else source_pool())
    with GitHubServer(world) as server, tempfile.TemporaryDirectory() as cache_dir:
        settings = GitHubSettings(handle=world.config.login, token=BENCH_TOKEN, api_url=server.base_url,
                                  cache_dir=cache_dir, include_forks=True, include_archived=True)
        snapshot, _ = collect_github(settings)
    return evaluate_snapshot(snapshot, load_catalogue())


def measure(result: dict, repeat: int = DEFAULT_REPEAT) -> dict:
    """{format: {"seconds": fastest render, "bytes": UTF-8 size}} for every registered format."""
    figures = {}
    for name, renderer in FORMATS.items():
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            text = renderer(result)
            best = min(best, time.perf_counter() - started)
        figures[name] = {"seconds": best, "bytes": len(text.encode("utf-8"))}
    return figures


def report(result: dict, figures: dict) -> None:
    repos = result["counts"]["repos"]
    findings = sum(len(repo["findings"]) for repo in result["repos"])
    evidence = sum(len(f["evidence"]) for repo in result["repos"] for f in repo["findings"])
    print(f"render: {repos} repositories, {findings} findings, {evidence} evidence items")
    for name, figure in figures.items():
        print(f"  {name:>4}: {figure['seconds']:6.3f} s, {figure['bytes'] / 1024:8.1f} KiB ({figure['bytes']} bytes)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--result", help="a result JSON to render instead of building one")
    parser.add_argument("--repos", type=int, default=DEFAULT_REPOS)
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT)
    args = parser.parse_args(argv)
    if args.result:
        with open(args.result, encoding="utf-8") as handle:
            result = json.load(handle)
    else:
        result = build_result(args.repos)
    report(result, measure(result, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
