"""Benchmark: what collecting a GitHub handle costs, against the local GitHub on 127.0.0.1.

    python -m benchmarks.github_audit [--repos 30] [--big-repos 100] [--latency 0.05] [--workers 4]

Scenarios: a realistic profile with a token (cold, then warm from the cache), a large
profile with simulated network latency (cold, then warm), and a small profile without a
token. For each it prints requests sent (and per repository), requests charged to a
rate limit, 304s, GraphQL points, wall time and peak memory. It asserts nothing: the
goals (at most 1.5 requests per repository cold, none charged warm, 100 repositories at
50 ms latency in at most 20 s cold and 5 s warm) are printed next to the figures.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import tracemalloc
from typing import Optional

from portfolio_audit.collect.github import GitHubSettings, collect_github
from tests.support.github_server import GitHubServer
from tests.support.github_world import build_world

BENCH_TOKEN = "benchmark-token"
MEGABYTE = 1024 * 1024
GOAL_REQUESTS_PER_REPO = 1.5
GOAL_BIG_COLD_SECONDS = 20
GOAL_BIG_WARM_SECONDS = 5


def run_once(server: GitHubServer, cache_dir: str, token: Optional[str], workers: int, trace_memory: bool) -> dict:
    server.stats.reset()
    settings = GitHubSettings(handle=server.world.person, token=token, api_url=server.base_url, cache_dir=cache_dir,
                              include_forks=True, include_archived=True, workers=workers)
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    snapshot, meter = collect_github(settings)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace_memory else None
    if trace_memory:
        tracemalloc.stop()
    stats = server.stats.snapshot()
    repos = len(snapshot.repos)
    return {
        "repos": repos, "seconds": seconds, "total": stats["total"], "counted": stats["counted"],
        "counted_total": stats["counted_total"], "not_modified": stats["not_modified"],
        "graphql_points": stats["graphql_points"], "per_repo": stats["total"] / max(repos, 1),
        "counted_per_repo": stats["counted_total"] / max(repos, 1), "peak_traced": peak,
        "failed": sum(1 for repo in snapshot.repos if repo.collection_error), "by_endpoint": stats["by_endpoint"],
        "client_sent": meter.sent,
    }


def report(label: str, figures: dict) -> None:
    memory = f"{figures['peak_traced'] / MEGABYTE:.1f} MiB traced peak" if figures["peak_traced"] else "memory not traced"
    print(f"{label}: {figures['repos']} repos, {figures['seconds']:.2f} s, {memory}")
    print(f"    requests sent {figures['total']} ({figures['per_repo']:.2f}/repo; client counted {figures['client_sent']}),"
          f" 304s {figures['not_modified']}, charged to a rate limit {figures['counted_total']}"
          f" ({figures['counted_per_repo']:.2f}/repo: {figures['counted'] or 'none'}),"
          f" GraphQL points {figures['graphql_points']}, repos failed {figures['failed']}")
    print(f"    by endpoint: {dict(sorted(figures['by_endpoint'].items()))}")


def scenario(label: str, repo_count: int, latency: float, token: Optional[str], workers: int, trace_memory: bool) -> tuple:
    world = build_world(repo_count=repo_count)
    with GitHubServer(world, latency=latency) as server, tempfile.TemporaryDirectory() as cache_dir:
        cold = run_once(server, cache_dir, token, workers, trace_memory)
        report(f"{label}, cold", cold)
        warm = run_once(server, cache_dir, token, workers, trace_memory)
        report(f"{label}, warm", warm)
    return cold, warm


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=30, help="repositories in the realistic profile")
    parser.add_argument("--big-repos", type=int, default=100, help="repositories in the large profile")
    parser.add_argument("--latency", type=float, default=0.05, help="simulated seconds per request for the large profile")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)

    print(f"Goals: <= {GOAL_REQUESTS_PER_REPO} requests/repo cold; 0 charged warm; "
          f"{args.big_repos} repos at {args.latency * 1000:.0f} ms: <= {GOAL_BIG_COLD_SECONDS} s cold, "
          f"<= {GOAL_BIG_WARM_SECONDS} s warm\n")
    scenario(f"realistic profile with a token ({args.repos} repos)", args.repos, 0.0, BENCH_TOKEN, args.workers, True)
    print()
    scenario(f"large profile with a token, {args.latency * 1000:.0f} ms latency", args.big_repos, args.latency,
             BENCH_TOKEN, args.workers, False)
    print()
    scenario("small profile without a token (8 repos)", 8, 0.0, None, args.workers, False)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nprocess peak RSS (server and client together): {rss:.0f} MiB")


if __name__ == "__main__":
    main()
