"""Benchmark: analyze_source over a large real tree, against cloc and pygount on the same files.

    python -m benchmarks.source_analysis [--tree PATH ...] [--jobs N] [--skip-pygount] [--profile]

By default the tree is what any machine running this has: the standard library
of the running interpreter, its site-packages, and global node_modules folders
when present, restricted to the languages the comment analysis supports. The
benchmark prints files, megabytes, seconds and MB/s for each tool and the ratios;
it asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import logging
import os
import pstats
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from multiprocessing import Pool

from portfolio_audit.analysis.source.analyze import analyze_source
from portfolio_audit.analysis.source.languages import language_for
from portfolio_audit.collect.classify import decode_text

NODE_MODULE_ROOTS = ("/usr/lib/node_modules", "/usr/local/lib/node_modules")
# Files above this size are data or bundles in practice; the collector skips them
# too (MAX_FILE_BYTES is 512 KiB), but we keep more to stress the lexer.
MAX_BENCH_FILE_BYTES = 4 * 1024 * 1024
MEGABYTE = 1024 * 1024
PROFILE_TOP = 20


def default_trees() -> list:
    """Folders any machine running this benchmark has."""
    paths = sysconfig.get_paths()
    trees = [paths["stdlib"], paths["purelib"]]
    trees += [root for root in NODE_MODULE_ROOTS if os.path.isdir(root)]
    return trees


def collect_files(trees: list) -> list:
    """Regular files under ``trees`` in an analysed language, deduplicated, in a stable order."""
    seen = set()
    files = []
    for tree in trees:
        for folder, dirs, names in os.walk(tree):
            # The interpreter's own site-packages is a separate tree when asked for;
            # skipping it under stdlib keeps every file counted once.
            dirs[:] = sorted(d for d in dirs if not (d == "site-packages" and folder == tree and tree != trees[-1])
                             and d != "__pycache__")
            for name in sorted(names):
                path = os.path.join(folder, name)
                if language_for(path) is None or os.path.islink(path):
                    continue
                real = os.path.realpath(path)
                if real in seen:
                    continue
                try:
                    size = os.path.getsize(real)
                except OSError:
                    continue
                if 0 < size <= MAX_BENCH_FILE_BYTES:
                    seen.add(real)
                    files.append(real)
    return files


def _analyse_one(path: str) -> tuple:
    with open(path, "rb") as handle:
        data = handle.read()
    analysis = analyze_source(path, decode_text(data), None)
    return len(data), analysis.code_lines, analysis.comment_lines, analysis.blank_lines, len(analysis.comments)


def run_ours(files: list, jobs: int) -> dict:
    """Time read + decode + analyze_source over ``files`` (in ``jobs`` processes)."""
    started = time.perf_counter()
    if jobs > 1:
        with Pool(jobs) as pool:
            results = list(pool.imap_unordered(_analyse_one, files, chunksize=32))
    else:
        results = [_analyse_one(path) for path in files]
    seconds = time.perf_counter() - started
    totals = [sum(column) for column in zip(*results)] if results else [0] * 5
    return {"seconds": seconds, "bytes": totals[0], "code": totals[1], "comment": totals[2], "blank": totals[3],
            "comments": totals[4]}


def run_cloc(files: list) -> dict | None:
    """Time cloc over the same file list; None when cloc is missing."""
    cloc = shutil.which("cloc")
    if not cloc:
        print("cloc        : cloc not installed (apt-get install cloc)")
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(files) + "\n")
    try:
        started = time.perf_counter()
        done = subprocess.run([cloc, f"--list-file={listing.name}", "--csv", "--quiet"], capture_output=True,
                              text=True, check=False)
        seconds = time.perf_counter() - started
    finally:
        os.unlink(listing.name)
    totals = {"seconds": seconds, "code": 0, "comment": 0, "blank": 0, "files": 0}
    for row in csv.reader(io.StringIO(done.stdout)):
        if len(row) >= 5 and row[0].isdigit() and row[1] != "SUM":
            totals["files"] += int(row[0])
            totals["blank"] += int(row[2])
            totals["comment"] += int(row[3])
            totals["code"] += int(row[4])
    return totals


def run_pygount(files: list) -> dict | None:
    """Time pygount (its Python API, in this process) over the same files."""
    try:
        from pygount import SourceAnalysis
    except ImportError:
        print("pygount     : pygount not installed (pip install pygount) or use --skip-pygount")
        return None
    # pygount logs a warning for every file it decodes with a fallback encoding: hundreds of
    # lines on this tree that would bury the figures. Its timing does not change.
    logging.getLogger("pygount").setLevel(logging.ERROR)
    started = time.perf_counter()
    code = comment = 0
    for path in files:
        analysis = SourceAnalysis.from_file(path, "bench")
        code += analysis.code_count
        comment += analysis.documentation_count
    return {"seconds": time.perf_counter() - started, "code": code, "comment": comment}


def _rate(megabytes: float, seconds: float) -> str:
    return f"{megabytes / seconds:8.2f} MB/s" if seconds else "     n/a"


def main(argv=None) -> int:
    """Build the tree, run every tool and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="append", help="folder to analyse (repeatable); default: stdlib + "
                        "site-packages + global node_modules")
    parser.add_argument("--jobs", type=int, default=1, help="also time ours with N worker processes")
    parser.add_argument("--skip-cloc", action="store_true")
    parser.add_argument("--skip-pygount", action="store_true", help="pygount is slow (Pygments lexers)")
    parser.add_argument("--profile", action="store_true", help="print the cProfile hot spots of our run")
    options = parser.parse_args(argv)

    trees = options.tree or default_trees()
    files = collect_files(trees)
    size = sum(os.path.getsize(path) for path in files)
    megabytes = size / MEGABYTE
    print(f"trees       : {', '.join(trees)}")
    print(f"files       : {len(files)} ({megabytes:.1f} MB) in {len({language_for(f) for f in files})} languages")

    profiler = cProfile.Profile() if options.profile else None
    if profiler:
        profiler.enable()
    ours = run_ours(files, 1)
    if profiler:
        profiler.disable()
    print(f"ours (1 job): {ours['seconds']:7.2f} s {_rate(megabytes, ours['seconds'])}   code {ours['code']} "
          f"comment {ours['comment']} blank {ours['blank']}; {ours['comments']} comments classified")
    if options.jobs > 1:
        parallel = run_ours(files, options.jobs)
        print(f"ours ({options.jobs} jobs): {parallel['seconds']:6.2f} s {_rate(megabytes, parallel['seconds'])}")

    cloc = None if options.skip_cloc else run_cloc(files)
    if cloc:
        print(f"cloc        : {cloc['seconds']:7.2f} s {_rate(megabytes, cloc['seconds'])}   code {cloc['code']} "
              f"comment {cloc['comment']} blank {cloc['blank']} ({cloc['files']} files counted)")
        print(f"ratio       : ours is {cloc['seconds'] / ours['seconds']:.2f}x cloc's speed (single process)")
    pygount = None if options.skip_pygount else run_pygount(files)
    if pygount:
        print(f"pygount     : {pygount['seconds']:7.2f} s {_rate(megabytes, pygount['seconds'])}   code "
              f"{pygount['code']} comment {pygount['comment']}")
        print(f"ratio       : ours is {pygount['seconds'] / ours['seconds']:.2f}x pygount's speed")

    if profiler:
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(PROFILE_TOP)
    return 0


if __name__ == "__main__":
    sys.exit(main())
