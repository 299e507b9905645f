"""How fast the reflection detector reads documents: ms per document and MB/s, beside parsing and cloc.

    python -m benchmarks.reflection_speed [--corpus-dir DIR] [--split dev|all] [--tree DIR ...] [--repeat N]

Times, on the corpus's documents (``--split dev`` by default; ``all`` reads the test texts too,
never their labels) and on each ``--tree`` (by default /usr/share/doc, a large installed docs
set), three things apart: Markdown parsing (shared with every README rule, issue 17), the
detector's features and classifier (``analysis.reflection.detect`` on the parsed document),
and loading the model once per process. When cloc is installed, its wall time on the same
tree is printed too: issue 17's budget is a whole audit within cloc's time, so the detector
must be a small share of it. Figures are printed, never asserted; medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from portfolio_audit.analysis.markdown import analyze_markdown
from portfolio_audit.analysis.reflection import detect, shipped_model
from portfolio_audit.collect.classify import decode_text

from .corpus import DEFAULT_CORPUS_DIR, DEV, Corpus, document_text

DOC_SUFFIXES = {".md", ".markdown", ".rst", ".txt", ".adoc"}
DEFAULT_TREES = (Path("/usr/share/doc"),)
# A file larger than this is not prose a person wrote (generated changelogs, dumps).
MAX_FILE_BYTES = 2_000_000
MEGABYTE = 1_000_000


def tree_documents(root: Path) -> list:
    """(path, text) of every documentation file under ``root``, in path order."""
    documents = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        if path.suffix.lower() not in DOC_SUFFIXES and not path.name.lower().startswith("readme"):
            continue
        size = path.stat().st_size
        if not size or size > MAX_FILE_BYTES:
            continue
        documents.append((str(path.relative_to(root)), decode_text(path.read_bytes())))
    return documents


def corpus_documents(corpus_dir: Path, split: str) -> list:
    corpus = Corpus.load()
    part = corpus if split == "all" else corpus.in_split(split)
    documents = []
    for row in sorted(part.documents.values(), key=lambda r: r["doc"]):
        text = document_text(corpus_dir, row)
        if text is not None:
            documents.append((row["path"], text))
    return documents


def time_documents(documents: list, repeat: int) -> dict:
    size = sum(len(text.encode("utf-8")) for _, text in documents)
    parse_runs, detect_runs = [], []
    units = passages = 0
    for _ in range(repeat):
        started = time.perf_counter()
        parsed = [analyze_markdown(text, path) for path, text in documents]
        parse_runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        found = [detect(doc) for doc in parsed]
        detect_runs.append(time.perf_counter() - started)
        passages = sum(len(p) for r in found for p in r.passages.values())
        units = sum(len(doc.paragraphs) + len(doc.tables) for doc in parsed)
    return {"documents": len(documents), "megabytes": size / MEGABYTE, "units": units, "passages": passages,
            "parse": statistics.median(parse_runs), "detect": statistics.median(detect_runs)}


def cloc_seconds(root: Path) -> float | None:
    cloc = shutil.which("cloc")
    if cloc is None:
        return None
    started = time.perf_counter()
    subprocess.run([cloc, "--quiet", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   timeout=1800)
    return time.perf_counter() - started


def _line(name: str, figures: dict, cloc: float | None) -> str:
    count, megabytes = max(1, figures["documents"]), max(1e-9, figures["megabytes"])
    text = (f"{name}: {figures['documents']} documents, {figures['megabytes']:.1f} MB, {figures['units']} units, "
            f"{figures['passages']} passages credited\n"
            f"  parse   {figures['parse']:7.2f} s  {1000 * figures['parse'] / count:7.2f} ms/doc  "
            f"{megabytes / max(1e-9, figures['parse']):6.2f} MB/s\n"
            f"  detect  {figures['detect']:7.2f} s  {1000 * figures['detect'] / count:7.2f} ms/doc  "
            f"{megabytes / max(1e-9, figures['detect']):6.2f} MB/s")
    if cloc is not None:
        text += f"\n  cloc on the same tree {cloc:.2f} s: detection is {figures['detect'] / max(1e-9, cloc):.2f}x cloc's time"
    return text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reflection_speed", description=__doc__.split("\n")[0])
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--split", choices=(DEV, "all"), default=DEV)
    parser.add_argument("--tree", type=Path, action="append", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    shipped_model()
    print(f"model load (weights, token table, projection): {time.perf_counter() - started:.2f} s")
    documents = corpus_documents(args.corpus_dir, args.split)
    if documents:
        print(_line(f"corpus ({args.split})", time_documents(documents, args.repeat), None))
    for root in args.tree or [t for t in DEFAULT_TREES if t.is_dir()]:
        documents = tree_documents(root)
        print(_line(str(root), time_documents(documents, args.repeat), cloc_seconds(root)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
