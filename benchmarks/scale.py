"""Benchmark: a whole GitHub audit (collect, evaluate, render) of 10, 100 and 1,000 repositories, cold and warm.

    python -m benchmarks.scale [--repos 10 100 1000] [--latency 0.05] [--workers 4] [--profile DIR]

The local GitHub (docs/local-github.md) serves a synthetic profile with realistic
file contents (see ``enrich_world``) and ``--latency`` seconds per request. The
audit runs as the real command line in a child process, so the figures are the
client's alone: wall time, peak RSS (``os.wait4``), and from the server's counters
requests sent, requests charged to the primary rate limit, 304s and GraphQL
points. Each size runs cold (empty cache) and then warm (same cache, unchanged
data). It asserts nothing; ``benchmarks`` (the package's ``__main__``) compares
the figures with the targets.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Optional

from tests.support.github_server import GitHubServer
from tests.support.github_world import SPECIAL_REPOS, World, build_world

from .source_analysis import collect_files, default_trees

BENCH_TOKEN = "benchmark-token"
MEGABYTE = 1024 * 1024
DEFAULT_SIZES = (10, 100, 1000)
DEFAULT_LATENCY_SECONDS = 0.05
DEFAULT_WORKERS = 4
# Realistic content: a personal repository holds tens of source files, a few hundred KB
# in all. Files per generic repository are drawn log-uniformly from this range, from a
# pool of real source files; pool files above the size cap are left out (a portfolio's
# files are rarely as large as the standard library's biggest modules).
FILES_PER_REPO = (8, 120)
GOLDEN_RATIO_CONJUGATE = (5 ** 0.5 - 1) / 2
MAX_POOL_FILE_BYTES = 48 * 1024
POOL_FILES = 4000
ENRICH_SEED = 11
# Every run must finish; a stuck child is a failure to report, not to wait for.
CHILD_TIMEOUT_SECONDS = 1800
RSS_SAMPLE_SECONDS = 0.05
# --one-process runs the CLI with the worker pools (evaluation's and collection's) switched off:
# the figures before repositories were handled in parallel, for before/after comparisons.
ONE_PROCESS_LAUNCHER = ("import runpy, portfolio_audit.engine as engine, portfolio_audit.collect.local as local; "
                        "engine.MIN_REPOS_FOR_WORKERS = engine.MIN_BYTES_FOR_WORKERS = float('inf'); "
                        "local.MIN_FILES_FOR_WORKERS = float('inf'); "
                        "runpy.run_module('portfolio_audit', run_name='__main__', alter_sys=True)")


def source_pool(limit: int = POOL_FILES) -> list:
    """(relative path, bytes) of real source files in several languages, in a stable order."""
    pool = []
    for path in collect_files(default_trees()):
        size = os.path.getsize(path)
        if size > MAX_POOL_FILE_BYTES:
            continue
        with open(path, "rb") as handle:
            pool.append((path, handle.read()))
    rng = random.Random(ENRICH_SEED)
    rng.shuffle(pool)
    return pool[:limit]


def enrich_world(world: World, pool: list, seed: int = ENRICH_SEED) -> dict:
    """Give every generic repository of the person real files, as a portfolio repository has.

    The generator's generic repositories hold a handful of one-line files, which would
    make collection and analysis look cheaper than they are. Files added here are served
    in archives and analysed like any other; git trees are not rewritten, which only the
    trees endpoint would notice (the collector does not use it).
    """
    rng = random.Random(seed)
    low, high = FILES_PER_REPO
    added_files = added_bytes = 0
    generic = [repo for repo in world.repos_of(world.config.login)
               if not (repo.name in SPECIAL_REPOS or repo.is_empty or repo.fork_of)]
    for index, repo in enumerate(generic):
        # Sizes follow a golden-ratio sequence through the log-uniform range instead of random
        # draws, so 100 repositories hold the same mix as 1,000 and the 1,000/100 time ratio
        # measures scaling, not the luck of the draw (random draws gave 256 KiB a repository
        # to the 100-repository profile and 313 KiB to the 1,000-repository one).
        position = (0.5 + index * GOLDEN_RATIO_CONJUGATE) % 1.0
        count = int(round(low * (high / low) ** position))
        package = repo.name.replace("-", "_")
        for path, data in rng.sample(pool, min(count, len(pool))):
            name = os.path.basename(path)
            repo.files[f"src/{package}/{rng.randrange(10**6):06d}_{name}"] = data
            added_files += 1
            added_bytes += len(data)
    return {"files": added_files, "bytes": added_bytes}


@dataclass
class RunFigures:
    """One audit run, as the server counted it and as the child process used the machine."""

    repos: int
    label: str
    seconds: float
    peak_rss_mib: float
    tree_rss_mib: float  # sampled sum over the child and its worker processes
    exit_code: int
    requests: int
    counted_primary: int  # requests charged to the core (primary) rate limit
    counted_total: int  # charged to any limit: core, search, GraphQL
    not_modified: int
    graphql_points: int
    by_endpoint: dict = field(default_factory=dict)
    result_path: Optional[str] = None
    stderr_tail: str = ""

    @property
    def per_repo(self) -> float:
        return self.requests / max(self.repos, 1)


def audit_command(server: GitHubServer, cache_dir: str, output: str, profile_to: Optional[str] = None,
                  one_process: bool = False) -> list:
    """The command line of one audit: the real CLI, all of the person's repositories, JSON result."""
    command = [sys.executable]
    if profile_to:
        command += ["-m", "pyinstrument", "--renderer", "text", "-o", profile_to]
    command += ["-c", ONE_PROCESS_LAUNCHER] if one_process else ["-m", "portfolio_audit"]
    command += ["audit", f"github:{server.world.config.login}",
                "--api-url", server.base_url, "--cache-dir", cache_dir, "--include-forks", "--include-archived",
                "-f", "json", "-o", output, "-q"]
    return command


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants now (Linux /proc; 0 elsewhere or once gone)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii", errors="replace") as status:
                total += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as children:
                pending += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run_child(command: list, env: dict) -> tuple:
    """(exit code, seconds, peak RSS in MiB, peak sampled RSS of its process tree in MiB, stderr) of ``command``.

    Peak RSS comes from ``os.wait4`` and covers the child alone (with worker processes:
    the largest one). The tree figure adds up the child and its workers every
    ``RSS_SAMPLE_SECONDS``, counting pages they share after fork once per process, so
    it overstates rather than hides memory.
    """
    started = time.perf_counter()
    tree_peak = 0
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        deadline = started + CHILD_TIMEOUT_SECONDS
        while True:
            tree_peak = max(tree_peak, _tree_rss_kib(process.pid))
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(RSS_SAMPLE_SECONDS)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB.
    return process.returncode, seconds, usage.ru_maxrss / 1024, tree_peak / 1024, stderr


def run_audit(server: GitHubServer, cache_dir: str, output: str, label: str,
              profile_to: Optional[str] = None, one_process: bool = False) -> RunFigures:
    """One audit against ``server`` with ``cache_dir``; the server's counters are reset first."""
    server.stats.reset()
    env = dict(os.environ, GITHUB_TOKEN=BENCH_TOKEN)
    code, seconds, rss, tree_rss, stderr = run_child(
        audit_command(server, cache_dir, output, profile_to, one_process), env)
    stats = server.stats.snapshot()
    repos = len(server.world.repos_of(server.world.config.login))
    return RunFigures(
        repos=repos, label=label, seconds=seconds, peak_rss_mib=rss, tree_rss_mib=tree_rss, exit_code=code, requests=stats["total"],
        counted_primary=stats["counted"].get("core", 0), counted_total=stats["counted_total"],
        not_modified=stats["not_modified"], graphql_points=stats["graphql_points"],
        by_endpoint=dict(sorted(stats["by_endpoint"].items())), result_path=output,
        stderr_tail="\n".join(stderr.strip().splitlines()[-3:]),
    )


def scenario(repo_count: int, latency: float, pool: list, workdir: str, profile_dir: Optional[str] = None,
             one_process: bool = False) -> tuple:
    """Cold, then warm, audit of a ``repo_count``-repository profile; (cold, warm, world facts)."""
    started = time.perf_counter()
    world = build_world(repo_count=repo_count)
    added = enrich_world(world, pool)
    person = world.config.login
    content = sum(len(data) for repo in world.repos_of(person) for data in repo.files.values())
    facts = {"build_seconds": time.perf_counter() - started, "content_mib": content / MEGABYTE,
             "files": sum(len(repo.files) for repo in world.repos_of(person)), "added": added}
    cache_dir = os.path.join(workdir, f"cache-{repo_count}")
    runs = []
    with GitHubServer(world, latency=latency) as server:
        for phase in ("cold", "warm"):
            profile_to = os.path.join(profile_dir, f"audit-{repo_count}-{phase}.txt") if profile_dir else None
            output = os.path.join(workdir, f"result-{repo_count}-{phase}.json")
            runs.append(run_audit(server, cache_dir, output, f"{repo_count} repos, {phase}", profile_to, one_process))
    # The benchmark process holds the server and every world built so far.
    facts["server_peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return runs[0], runs[1], facts


def report(figures: RunFigures) -> None:
    failed = f"  EXIT {figures.exit_code}: {figures.stderr_tail}" if figures.exit_code else ""
    print(f"{figures.label:>18}: {figures.seconds:7.2f} s, peak RSS {figures.peak_rss_mib:6.1f} MiB "
          f"(process tree {figures.tree_rss_mib:6.1f}), "
          f"{figures.requests} requests ({figures.per_repo:.2f}/repo), primary-limit {figures.counted_primary}, "
          f"all limits {figures.counted_total}, 304s {figures.not_modified}, GraphQL points {figures.graphql_points}"
          f"{failed}")
    print(f"{'':>18}  by endpoint: {figures.by_endpoint}")


def run(sizes=DEFAULT_SIZES, latency: float = DEFAULT_LATENCY_SECONDS, workdir: Optional[str] = None,
        profile_dir: Optional[str] = None, one_process: bool = False) -> dict:
    """Every size cold and warm; {size: (cold, warm, facts)}. Results stay in ``workdir`` when given."""
    pool = source_pool()
    print(f"scale: content pool of {len(pool)} real source files; latency {latency * 1000:.0f} ms per request")
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        workdir = workdir or scratch
        for size in sizes:
            cold, warm, facts = scenario(size, latency, pool, workdir, profile_dir, one_process)
            print(f"{size} repos: {facts['files']} files, {facts['content_mib']:.1f} MiB of content, world built in "
                  f"{facts['build_seconds']:.1f} s; benchmark process (server) peak RSS "
                  f"{facts['server_peak_rss_mib']:.0f} MiB")
            report(cold)
            report(warm)
            results[size] = (cold, warm, facts)
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--latency", type=float, default=DEFAULT_LATENCY_SECONDS)
    parser.add_argument("--profile", metavar="DIR", help="run each audit under pyinstrument; text profiles go to DIR")
    parser.add_argument("--one-process", action="store_true",
                        help="evaluate in one process (the engine's worker pool off): the 'before' figures")
    args = parser.parse_args(argv)
    if args.profile:
        os.makedirs(args.profile, exist_ok=True)
    run(args.repos, args.latency, profile_dir=args.profile, one_process=args.one_process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
