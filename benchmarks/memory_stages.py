"""Benchmark: where a 1,000-repository GitHub audit's memory goes, stage by stage, beside the figure before streaming.

    python -m benchmarks.memory_stages [--repos 1000] [--latency 0.05] [--code DIR]

Serves the benchmark world of ``benchmarks.scale`` and runs one cold and one warm audit
through the command line in a child process whose pipeline stages print the child's RSS
and high-water mark (``/proc/self/status``) and its workers' peak (``ru_maxrss`` of its
children). ``--code DIR`` runs another checkout (``git archive fd1063e | tar -x -C DIR``
gives the code before streaming). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from tests.support.github_server import GitHubServer
from tests.support.github_world import build_world

from .scale import BENCH_TOKEN, DEFAULT_LATENCY_SECONDS, audit_command, enrich_world, run_child, source_pool

BEFORE_PEAK_MIB = 832  # docs/performance.md, before streaming (fd1063e), idle machine
TARGET_PEAK_MIB = 400
# The child: the real CLI, with its stage functions wrapped to print memory on stderr.
STAGE_LAUNCHER = r"""
import os, resource, runpy, sys
if os.environ.get("MEMORY_STAGES_CODE"):
    sys.path.insert(0, os.environ["MEMORY_STAGES_CODE"])
def status(stage):
    values = dict(line.split(":", 1) for line in open("/proc/self/status") if line.startswith(("VmRSS", "VmHWM")))
    mib = {key: int(value.split()[0]) // 1024 for key, value in values.items()}
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"[memory] {stage:<28} RSS {mib['VmRSS']:5d} MiB  high-water {mib['VmHWM']:5d} MiB  workers' peak {workers:5d} MiB",
          file=sys.stderr, flush=True)
def wrap(module, name):
    function = getattr(module, name, None)
    if function is None:
        return
    def wrapped(*args, **kwargs):
        status(f"before {name}")
        value = function(*args, **kwargs)
        status(f"after {name}")
        return value
    setattr(module, name, wrapped)
import portfolio_audit.app as app, portfolio_audit.pipeline as pipeline
for name in ("build_snapshot", "evaluate_snapshot", "assemble_result"):
    wrap(pipeline, name)
wrap(app, "write_output")
runpy.run_module("portfolio_audit", run_name="__main__", alter_sys=True)
"""


def stage_command(command: list) -> list:
    """``audit_command``'s command line with the stage launcher in place of ``-m portfolio_audit``."""
    where = command.index("-m")
    return command[:where] + ["-c", STAGE_LAUNCHER] + command[where + 2:]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=DEFAULT_LATENCY_SECONDS)
    parser.add_argument("--code", help="a checkout to run instead of this one (put first on the child's sys.path)")
    args = parser.parse_args(argv)
    world = build_world(repo_count=args.repos)
    enrich_world(world, source_pool())
    env = dict(os.environ, GITHUB_TOKEN=BENCH_TOKEN)
    if args.code:
        env["MEMORY_STAGES_CODE"] = os.path.abspath(args.code)
    with tempfile.TemporaryDirectory() as workdir, GitHubServer(world, latency=args.latency) as server:
        cache = os.path.join(workdir, "cache")
        for phase in ("cold", "warm"):
            output = os.path.join(workdir, f"result-{phase}.json")
            code, seconds, peak, tree, stderr = run_child(stage_command(audit_command(server, cache, output)), env)
            print(f"{args.repos} repos, {phase}: exit {code}, {seconds:.1f} s, peak RSS {peak:.0f} MiB "
                  f"(process tree summed {tree:.0f}); target <= {TARGET_PEAK_MIB} MiB, before streaming {BEFORE_PEAK_MIB} MiB")
            for line in stderr.splitlines():
                if line.startswith("[memory]"):
                    print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
