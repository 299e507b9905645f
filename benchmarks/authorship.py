"""Benchmark: what authorship costs per repository, log-based (what collection does) against `git blame`.

    python -m benchmarks.authorship [--quick]

Builds synthetic histories (git fast-import: three authors taking turns, each commit
appending lines to a few of the files), then times, through collect/git.py's runner:

- ``read_raw_history``: one ``git log`` for authors and one ``git log --numstat -M``
  for lines per path (what ``collect_local`` runs), with its peak Python memory;
- ``git blame --porcelain`` of every file at HEAD, the per-line alternative.

It asserts nothing; tests never time anything. The figures decide whether blame is
affordable within the collector's budget (docs/performance.md).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
import tracemalloc
from pathlib import Path

from portfolio_audit.collect import git
from portfolio_audit.collect.authorship import read_raw_history

AUTHORS = (("Ada Tester", "ada@example.org"), ("Bob Other", "bob@example.net"), ("Cy Third", "cy@example.com"))
FILES_PER_COMMIT = 3
LINES_PER_CHANGE = 5
SIZES = ((200, 50), (1000, 200), (5000, 1000))  # (commits, files)
QUICK_SIZES = ((200, 50), (1000, 200))


def build_history(root: Path, commits: int, files: int) -> Path:
    """A repository of ``commits`` commits over ``files`` files, written with one git fast-import."""
    root.mkdir(parents=True)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=str(root / ".none"))
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, env=env, check=True)
    contents = {f"src/module_{index}.py": "" for index in range(files)}
    names = sorted(contents)
    stream = []
    for number in range(commits):
        name, email = AUTHORS[number % len(AUTHORS)]
        stamp = 1_700_000_000 + number * 60
        message = f"Change {number}\n".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"author {name} <{email}> {stamp} +0000\n".encode())
        stream.append(f"committer {name} <{email}> {stamp} +0000\n".encode())
        stream.append(b"data %d\n" % len(message) + message)
        touched = names if number == 0 else [names[(number * 7 + k) % files] for k in range(FILES_PER_COMMIT)]
        for path in touched:
            contents[path] += "".join(f"value_{number}_{line} = {line}  # {name}\n" for line in range(LINES_PER_CHANGE))
            data = contents[path].encode()
            stream.append(f"M 100644 inline {path}\n".encode() + b"data %d\n" % len(data) + data)
        stream.append(b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, env=env, input=b"".join(stream), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, env=env, check=True)
    return root


def measure(root: Path) -> dict:
    with git.discover(root).open() as repo:
        tracemalloc.start()
        started = time.perf_counter()
        raw = read_raw_history(repo)
        log_seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        listed = repo.run("ls-files", "-z").output.split(b"\0")
        paths = [os.fsdecode(p) for p in listed if p]
        started = time.perf_counter()
        for path in paths:
            repo.run("blame", "--porcelain", "HEAD", "--", path, max_bytes=64 * 1024 * 1024)
        blame_seconds = time.perf_counter() - started
    return {"log_seconds": log_seconds, "log_peak_mib": peak / (1024 * 1024), "blame_seconds": blame_seconds,
            "paths": len(raw.path_lines), "commits": len(raw.commit_author)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="leave out the 5,000-commit history")
    args = parser.parse_args(argv)
    print(f"{'commits':>8} {'files':>6} {'log s':>8} {'log MiB':>8} {'blame s':>8} {'blame/log':>9}")
    with tempfile.TemporaryDirectory(prefix="authorship-bench-") as folder:
        for commits, files in (QUICK_SIZES if args.quick else SIZES):
            root = build_history(Path(folder) / f"h{commits}", commits, files)
            figures = measure(root)
            ratio = figures["blame_seconds"] / figures["log_seconds"] if figures["log_seconds"] else float("inf")
            print(f"{figures['commits']:>8} {files:>6} {figures['log_seconds']:>8.2f} {figures['log_peak_mib']:>8.1f}"
                  f" {figures['blame_seconds']:>8.2f} {ratio:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
