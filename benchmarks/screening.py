"""Benchmark: screening many candidates against the local GitHub on 127.0.0.1.

    python -m benchmarks.screening [--people 20] [--repos 30] [--parallel 2] [--workers 4] [--latency 0]

Runs `portfolio-audit screen` (through run_screen, as the CLI does) three times over the
same handles: cold (empty HTTP cache, no saved snapshots), warm (the HTTP cache from the
cold run, snapshots collected again with --fresh) and resumed (every snapshot reused from
the state folder). Prints wall time, requests sent and requests charged to a rate limit.
GitHub's search API allows 30 requests a minute and each candidate needs three, so a cold
screening of 20 waits for the search limit (up to --max-wait) and may mark some
candidates "collection incomplete"; those are collected again by the next run.
The goal, from the issue, is seconds rather than minutes for 20 handles of ~30
repositories from a warm cache; it is printed beside the figures, not asserted.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from portfolio_audit.collect.github import GitHubSettings
from portfolio_audit.screen import ScreenSettings, run_screen
from tests.support.github_server import GitHubServer
from tests.support.github_world import build_world, extra_person_login

BENCH_TOKEN = "benchmark-token"
GOAL_WARM_SECONDS = 10


def run_once(server: GitHubServer, handles: tuple, folder: Path, fresh: bool, parallel: int, workers: int) -> dict:
    # Each run starts with fresh rate limits, as if an hour apart: a run measures itself, not the previous one.
    server.reset()
    github = GitHubSettings(token=BENCH_TOKEN, api_url=server.base_url, cache_dir=str(folder / "cache"), workers=workers)
    settings = ScreenSettings(handles=handles, output_format="json", output=str(folder / "screening.json"),
                              state_dir=str(folder / "state"), fresh=fresh, parallel=parallel, quiet=True, github=github)
    started = time.perf_counter()
    code = run_screen(settings, stdout=io.StringIO(), stderr=io.StringIO())
    seconds = time.perf_counter() - started
    stats = server.stats.snapshot()
    return {"code": int(code), "seconds": seconds, "total": stats["total"], "charged": stats["counted_total"],
            "not_modified": stats["not_modified"], "bytes": (folder / "screening.json").stat().st_size}


def report(label: str, handles: int, repos: int, figures: dict) -> None:
    print(f"{label:>8}: {figures['seconds']:6.2f} s for {handles} handles x {repos} repos;"
          f" requests sent {figures['total']}, 304s {figures['not_modified']},"
          f" charged to a rate limit {figures['charged']}; exit {figures['code']}; JSON {figures['bytes'] // 1024} KiB")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20, help="candidates to screen")
    parser.add_argument("--repos", type=int, default=30, help="repositories per candidate")
    parser.add_argument("--parallel", type=int, default=2, help="candidates collected at the same time")
    parser.add_argument("--workers", type=int, default=4, help="parallel requests per candidate")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds the server adds to every request")
    args = parser.parse_args(argv)
    world = build_world(repo_count=10, huge_repo_files=50, extra_people=args.people, extra_people_repos=args.repos)
    handles = tuple(extra_person_login(index) for index in range(args.people))
    with GitHubServer(world, latency=args.latency) as server, tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        cold = run_once(server, handles, folder, True, args.parallel, args.workers)
        report("cold", args.people, args.repos, cold)
        warm = run_once(server, handles, folder, True, args.parallel, args.workers)
        report("warm", args.people, args.repos, warm)
        resumed = run_once(server, handles, folder, False, args.parallel, args.workers)
        report("resumed", args.people, args.repos, resumed)
    verdict = "met" if warm["seconds"] <= GOAL_WARM_SECONDS else "NOT met"
    print(f"goal: warm screening in at most {GOAL_WARM_SECONDS} s ({verdict}); latency {args.latency:g} s per request,"
          f" parallel {args.parallel}, workers {args.workers}")


if __name__ == "__main__":
    main()
