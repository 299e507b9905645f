"""Benchmark: the whole local audit of the benchmark tree (benchmarks/tree.py), cold and warm, against cloc on the same tree.

    python -m benchmarks.whole_audit [--tree /work/bench-tree] [--runs 3] [--code DIR] [--cores 1|2|both]

What a user waits for is the whole audit (collect, evaluate, render JSON), so that is
what is timed: ``portfolio-audit audit TREE --no-cache -f json`` in a child process,
interleaved with ``cloc TREE`` run for run, medians of wall time and CPU time (the
child's own and its waited-for children's, from ``os.wait4``). On one core both run
under ``taskset -c 0``; on two cores the audit may use both (its worker pool) and cloc
is given ``--processes=2`` where its Parallel::ForkManager is installed.

Warm: one audit with a fresh ``--cache-dir`` fills the analysis cache, then the same
audit again; the ratio is warm over the ``--no-cache`` cold median of the same cores.

The reflection classifier's share: one more cold audit runs in-process here with the
detector's stages wrapped by timers (the trained classifier's features and logits, the
cue detector, and the whole ``detect``), and prints each as a share of that audit's time.
It asserts nothing; ``python -m benchmarks`` turns the figures into target rows.
``--code DIR`` audits with the ``portfolio_audit`` package of another checkout (``git
archive COMMIT | tar -x -C DIR``): the "before" figures of docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

DEFAULT_TREE = "/work/bench-tree"
DEFAULT_RUNS = 3
ONE_CORE = ("taskset", "-c", "0")
TWO_CORES = ("taskset", "-c", "0,1")
# The target of issue 17: the whole cold audit in at most cloc's wall time; warm at most 0.3x cold.
TARGET_CLOC_RATIO = 1.0
TARGET_WARM_RATIO = 0.3


# The checkout whose portfolio_audit the audits run (--code); None: the one importing this module.
_CODE_DIR = None


def _audit_env():
    if _CODE_DIR is None:
        return None
    return {**os.environ, "PYTHONPATH": os.path.abspath(_CODE_DIR)}


def _timed(command: list, env=None) -> dict:
    """Run ``command`` with its output discarded: wall seconds, CPU seconds (with waited-for children), exit code."""
    start = time.perf_counter()
    # With --code the child runs in that checkout: ``python -m`` puts the working folder first on sys.path.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                               cwd=os.path.abspath(_CODE_DIR) if env is not None and _CODE_DIR else None)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "exit": process.returncode, "stderr": stderr[-2000:]}


def _audit_command(tree: str, output: str, cache_dir=None) -> list:
    command = [sys.executable, "-m", "portfolio_audit", "audit", tree, "-f", "json", "-o", output, "-q"]
    return command + (["--cache-dir", cache_dir] if cache_dir else ["--no-cache"])


def cloc_command(tree: str, processes: int = 0) -> list:
    return ["cloc", "--quiet"] + ([f"--processes={processes}"] if processes else []) + [tree]


def cloc_processes_supported() -> bool:
    return subprocess.run(["perl", "-MParallel::ForkManager", "-e", "1"], capture_output=True).returncode == 0


def _median(runs: list, key: str) -> float:
    return statistics.median(run[key] for run in runs)


def measure_cores(tree: str, cores: tuple, runs: int, workdir: str, cloc_processes: int) -> dict:
    """Interleaved cold audits and cloc runs on the given cores, then a warm audit: medians and ratios."""
    audits, clocs = [], []
    output = os.path.join(workdir, "result.json")
    for _ in range(runs):
        audits.append(_timed(list(cores) + _audit_command(tree, output), _audit_env()))
        clocs.append(_timed(list(cores) + cloc_command(tree, cloc_processes)))
    cache_dir = os.path.join(workdir, f"cache-{len(cores)}")
    shutil.rmtree(cache_dir, ignore_errors=True)
    filled = _timed(list(cores) + _audit_command(tree, output, cache_dir), _audit_env())
    warms = [_timed(list(cores) + _audit_command(tree, output, cache_dir), _audit_env()) for _ in range(max(1, runs - 1))]
    figures = {
        "audit_wall": _median(audits, "wall"), "audit_cpu": _median(audits, "cpu"),
        "cloc_wall": _median(clocs, "wall"), "cloc_cpu": _median(clocs, "cpu"),
        "cache_fill_wall": filled["wall"], "warm_wall": _median(warms, "wall"), "warm_cpu": _median(warms, "cpu"),
        "exits": sorted({run["exit"] for run in audits + warms + [filled]}),
        "audit_walls": [round(run["wall"], 2) for run in audits], "cloc_walls": [round(run["wall"], 2) for run in clocs],
    }
    figures["wall_ratio"] = figures["audit_wall"] / figures["cloc_wall"]
    figures["cpu_ratio"] = figures["audit_cpu"] / max(1e-9, figures["cloc_cpu"])
    figures["warm_ratio"] = figures["warm_wall"] / figures["audit_wall"]
    bad = [run["stderr"] for run in audits + warms + [filled] if run["exit"] not in (0, 1)]
    if bad:
        figures["error"] = bad[0]
    return figures


# --- the classifier's share (in-process, timers around the detector's stages) -----------------

_STAGES = {
    "detect": ("portfolio_audit.analysis.reflection", "detect"),
    "features": ("portfolio_audit.analysis.reflection", "document_features"),
    "logits": ("portfolio_audit.analysis.reflection", "ReflectionModel.logits"),
    "cue detector": ("portfolio_audit.analysis.reflection", "_cue_passages"),
    "markdown parsing": ("portfolio_audit.context", "analyze_markdown"),
}


def classifier_share(tree: str, workdir: str) -> dict:
    """Seconds in each detector stage during one cold in-process audit, and that audit's wall time."""
    command = [sys.executable, "-m", "benchmarks.whole_audit", "--child-share", tree, "--workdir", workdir]
    found = subprocess.run(list(ONE_CORE) + command, capture_output=True, text=True)
    for line in found.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    return {"error": found.stderr[-2000:]}


def _child_share(tree: str, workdir: str) -> None:
    import portfolio_audit.analysis.markdown as markdown_module
    import portfolio_audit.analysis.reflection as reflection
    import portfolio_audit.analysis.reflection_cues as reflection_cues
    import portfolio_audit.kinds.reflection as reflection_kind
    from portfolio_audit import cli, engine
    from portfolio_audit.collect import local

    # In this process only: the worker pools would hide the stages' time in other processes.
    engine.MIN_REPOS_FOR_WORKERS = engine.MIN_BYTES_FOR_WORKERS = float("inf")
    local.MIN_FILES_FOR_WORKERS = float("inf")
    seconds = {name: 0.0 for name in _STAGES}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - start
        return wrapper

    reflection_kind.detect = timed("detect", reflection.detect)
    reflection.document_features = timed("features", reflection.document_features)
    reflection.ReflectionModel.logits = timed("logits", reflection.ReflectionModel.logits)
    # The cue detector is looked up in its module at each call (its rows feed the trade-off head).
    reflection_cues.find_passages = timed("cue detector", reflection_cues.find_passages)
    markdown_module.analyze_markdown = timed("markdown parsing", markdown_module.analyze_markdown)
    start = time.perf_counter()
    try:
        cli.main(["audit", tree, "--no-cache", "-f", "json", "-o", os.path.join(workdir, "share.json"), "-q"])
    except SystemExit:
        pass
    wall = time.perf_counter() - start
    print(json.dumps({"wall": wall, **seconds}))


def report(figures: dict, label: str) -> None:
    if "error" in figures:
        print(f"{label}: an audit failed: {figures['error']}")
    print(f"{label}: audit cold {figures['audit_wall']:.2f} s wall, {figures['audit_cpu']:.2f} s CPU "
          f"(runs {figures['audit_walls']}); cloc {figures['cloc_wall']:.2f} s wall, {figures['cloc_cpu']:.2f} s CPU "
          f"(runs {figures['cloc_walls']}); ratio {figures['wall_ratio']:.2f}x wall, {figures['cpu_ratio']:.2f}x CPU")
    print(f"{label}: warm {figures['warm_wall']:.2f} s wall ({figures['warm_cpu']:.2f} s CPU) = "
          f"{figures['warm_ratio']:.2f}x cold; filling the cache {figures['cache_fill_wall']:.2f} s")


def report_share(share: dict) -> None:
    if "error" in share:
        print(f"classifier share: failed: {share['error']}")
        return
    wall = share["wall"]
    parts = ", ".join(f"{name} {share[name]:.2f} s ({100 * share[name] / wall:.1f}%)" for name in _STAGES)
    print(f"in-process cold audit, one core, {wall:.2f} s: {parts}")
    print("(features + logits are the trained classifier; detect holds all three, the cue detector and the stacked trade-off head among them)")


def run(tree: str, runs: int, cores: str = "both", share: bool = True) -> dict:
    """Every figure of this benchmark: {"1 core": ..., "2 cores": ..., "share": ...}; {} when the tree is missing."""
    if not os.path.isdir(tree):
        print(f"no benchmark tree at {tree}: build it with python -m benchmarks.tree build")
        return {}
    if shutil.which("cloc") is None:
        print("cloc not installed: the whole-audit comparison needs it")
        return {}
    from .tree import tree_size

    files, size = tree_size(tree)
    print(f"tree {tree}: {files:,} files, {size / 1e6:.1f} MB; {runs} interleaved runs each")
    processes = 2 if cloc_processes_supported() else 0
    figures: dict = {}
    with tempfile.TemporaryDirectory() as workdir:
        if cores in ("1", "both"):
            figures["1 core"] = measure_cores(tree, ONE_CORE, runs, workdir, 0)
            report(figures["1 core"], "1 core")
        if cores in ("2", "both"):
            figures["2 cores"] = measure_cores(tree, TWO_CORES, runs, workdir, processes)
            report(figures["2 cores"], f"2 cores (cloc --processes={processes})")
        if share and _CODE_DIR is None:
            figures["share"] = classifier_share(tree, workdir)
            report_share(figures["share"])
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.whole_audit", description=__doc__.splitlines()[0])
    parser.add_argument("--tree", default=DEFAULT_TREE)
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    parser.add_argument("--code", metavar="DIR", help="audit with the portfolio_audit package under DIR (before/after)")
    parser.add_argument("--cores", choices=("1", "2", "both"), default="both")
    parser.add_argument("--no-share", action="store_true", help="skip the classifier's share")
    parser.add_argument("--child-share", metavar="TREE", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_share:
        _child_share(args.child_share, args.workdir or tempfile.gettempdir())
        return 0
    global _CODE_DIR
    _CODE_DIR = args.code
    run(args.tree, args.runs, args.cores, not args.no_share)
    return 0


if __name__ == "__main__":
    sys.exit(main())
