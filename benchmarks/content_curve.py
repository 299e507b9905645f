"""Benchmark: audit time per MB of real content, from 5 MB to 200 MB, to show the audit is linear in content.

    python -m benchmarks.content_curve [--tree DIR] [--sizes 5,10,25,50,100,200]

The content is a tree of real public repositories (``--tree``, default /work/bench-tree,
one folder per repository; see docs/performance.md for which). Each size is made of
whole repositories taken in turn; past the tree's own size the repositories are used
again as copies with distinct names (``flask-copy2``), hard-linked, so 200 MB costs no
disk. A repository keeps at most 4,000 files and 16 MiB of text (collect/classify.py), so
the MB counted are the bytes of the files the audit reads, not of the folders. Each size is
one ``portfolio-audit audit --no-cache --format json`` in a child process: wall seconds,
CPU seconds of the process and its workers (``os.wait4``), seconds per MB and peak RSS. It
prints; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from portfolio_audit.collect.classify import MAX_FILE_BYTES

MEGABYTE = 1024 * 1024
DEFAULT_TREE = "/work/bench-tree"
DEFAULT_SIZES = (5, 10, 25, 50, 100, 200)
# Target 4 of issue 17: seconds per MB flat. The largest size may cost at most this much more
# per MB than the smallest (timer noise and start-up weigh more on 5 MB).
TARGET_FLATNESS = 1.25


def _repositories(tree: Path) -> list:
    return sorted(child for child in tree.iterdir() if child.is_dir() and not child.name.startswith("."))


def _read_bytes(folder: Path) -> int:
    """Bytes of the files at most MAX_FILE_BYTES under ``folder``: about what collection reads."""
    total = 0
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != ".git"]
        for name in names:
            try:
                size = os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
            if size <= MAX_FILE_BYTES:
                total += size
    return total


def _link_copy(source: Path, target: Path) -> None:
    for root, folders, names in os.walk(source):
        folders[:] = [name for name in folders if name != ".git"]
        destination = target / Path(root).relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in names:
            path = os.path.join(root, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            os.link(path, destination / name)


def build_portfolio(tree: Path, megabytes: float, workdir: Path) -> tuple:
    """(folder of projects, bytes, repositories, copies) holding at least ``megabytes`` of content."""
    repos = [(repo, _read_bytes(repo)) for repo in _repositories(tree)]
    folder = workdir / f"portfolio-{megabytes:g}mb"
    folder.mkdir()
    total, count, copies = 0, 0, 0
    while total < megabytes * MEGABYTE:
        repo, size = repos[count % len(repos)]
        copy = count // len(repos)
        name = repo.name if copy == 0 else f"{repo.name}-copy{copy + 1}"
        copies += copy > 0
        _link_copy(repo, folder / name)
        total += size
        count += 1
    return folder, total, count, copies


def audit(folder: Path, output: Path) -> dict:
    """One audit of ``folder`` in a child process: wall and CPU seconds, peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "portfolio_audit", "audit", str(folder), "--no-cache", "-q",
                                "--format", "json", "-o", str(output)], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return {"seconds": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mib": usage.ru_maxrss / 1024, "exit": os.waitstatus_to_exitcode(status)}


def run(tree: Path, sizes: tuple) -> list:
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for megabytes in sizes:
            folder, total, count, copies = build_portfolio(tree, megabytes, Path(work))
            figures = audit(folder, Path(work) / f"result-{megabytes:g}.json")
            content = total / MEGABYTE
            row = dict(figures, size=megabytes, content_mb=content, repos=count, copies=copies,
                       per_mb=figures["seconds"] / content, cpu_per_mb=figures["cpu"] / content)
            rows.append(row)
            print(f"{megabytes:>5g} MB: {content:7.1f} MB in {count:3d} repositories ({copies} of them copies), "
                  f"{row['seconds']:7.1f} s = {row['per_mb']:.3f} s/MB; CPU {row['cpu']:7.1f} s = "
                  f"{row['cpu_per_mb']:.3f} s/MB; peak RSS {row['rss_mib']:.0f} MiB; exit {row['exit']}", flush=True)
    return rows


def table_rows(rows: list) -> list:
    """(target, measured, met) for benchmarks.__main__: CPU seconds per MB, largest over smallest."""
    if len(rows) < 2:
        return []
    small, large = rows[0], rows[-1]
    ratio = large["cpu_per_mb"] / small["cpu_per_mb"]
    curve = ", ".join(f"{row['size']:g} MB {row['cpu_per_mb']:.3f}" for row in rows)
    return [(f"audit CPU s/MB flat, {small['size']:g} to {large['size']:g} MB (<= {TARGET_FLATNESS:g}x)",
             f"{ratio:.2f}x ({curve})", ratio <= TARGET_FLATNESS and all(row["exit"] in (0, 1) for row in rows))]


def main(argv=None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", default=os.environ.get("PORTFOLIO_AUDIT_BENCH_TREE", DEFAULT_TREE))
    parser.add_argument("--sizes", default=",".join(str(size) for size in DEFAULT_SIZES))
    args = parser.parse_args(argv)
    tree = Path(args.tree)
    if not tree.is_dir():
        print(f"content curve: {tree} does not exist (a folder of real repositories; see docs/performance.md)")
        return [("audit s/MB flat, 5 to 200 MB", f"no tree at {tree}", None)]
    sizes = tuple(float(size) for size in args.sizes.split(","))
    print(f"tree: {tree} ({', '.join(repo.name for repo in _repositories(tree))})")
    return table_rows(run(tree, sizes))


if __name__ == "__main__":
    main(sys.argv[1:])
