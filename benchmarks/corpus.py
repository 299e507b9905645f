"""The validity corpus: labels and references to real public files, and the local copy of their texts.

    python -m benchmarks.corpus missing [--mirror-dir DIR]
    python -m benchmarks.corpus build [--mirror-dir DIR] [--corpus-dir DIR]
    python -m benchmarks.corpus check [--corpus-dir DIR]
    python -m benchmarks.corpus stats

Only labels and references are committed (benchmarks/corpus/); the texts are copied from
local bare git copies of the repositories (``<mirror-dir>/<owner>+<name>/repo``) into the
corpus folder, byte for byte, so encodings survive. See benchmarks/corpus/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

LABELS_DIR = Path(__file__).resolve().parent / "corpus"
DEFAULT_MIRROR_DIR = Path("/work/.mirror")
DEFAULT_CORPUS_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "portfolio-audit" / "corpus"
DEV, TEST = "dev", "test"
# An owner whose digest's first byte is below this is in the test split: about 35%.
TEST_BYTE_BELOW = 90
LABELS = ("tradeoff", "lesson", "credit", "none")
QUALITIES = ("strong", "adequate", "weak")
# A corpus document is a README or a design note; larger blobs are not copied.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024


def split_for(repo: str) -> str:
    """dev or test for ``owner/name``: a hash of the owner, so one person's work is on one side."""
    owner = repo.split("/", 1)[0].strip().lower()
    return TEST if hashlib.sha256(owner.encode("utf-8")).digest()[0] < TEST_BYTE_BELOW else DEV


def _read_jsonl(labels_dir: Path, name: str) -> list:
    """Rows of every ``name`` file under ``labels_dir``: each labeller keeps a folder of their own."""
    rows = []
    for path in sorted(labels_dir.rglob(name)):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{number}: not JSON ({exc.msg})") from None
    return rows


@dataclass(frozen=True)
class Corpus:
    """Every label file, read once."""

    documents: dict  # doc id -> document row
    passages: list
    readmes: list
    portfolios: list

    @classmethod
    def load(cls, labels_dir: Path = LABELS_DIR) -> "Corpus":
        documents = {}
        for row in _read_jsonl(labels_dir, "documents.jsonl"):
            if row["doc"] in documents:
                raise SystemExit(f"document id {row['doc']} is used twice")
            documents[row["doc"]] = row
        portfolios = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(labels_dir.rglob("portfolios/*.json"))]
        return cls(documents, _read_jsonl(labels_dir, "passages.jsonl"), _read_jsonl(labels_dir, "readmes.jsonl"), portfolios)

    @classmethod
    def load_all(cls, labels_dirs: Iterable[Path]) -> "Corpus":
        """One corpus from several label folders (a document id may not mean two documents)."""
        documents, passages, readmes, portfolios = {}, [], [], []
        for labels_dir in labels_dirs:
            part = cls.load(Path(labels_dir))
            for doc_id, document in part.documents.items():
                if documents.get(doc_id, document) != document:
                    raise SystemExit(f"document id {doc_id} is used in two label folders")
                documents[doc_id] = document
            passages += part.passages
            readmes += part.readmes
            portfolios += [p for p in part.portfolios if p not in portfolios]
        return cls(documents, passages, readmes, portfolios)

    def repositories(self) -> set:
        repos = {d["repo"] for d in self.documents.values()}
        for portfolio in self.portfolios:
            repos.update(r["repo"] for r in portfolio.get("repos", ()))
        return repos

    def in_split(self, split: Optional[str]) -> "Corpus":
        """Only the documents, passages, READMEs and portfolios of one split (None: all)."""
        if split is None:
            return self
        documents = {k: d for k, d in self.documents.items() if split_for(d["repo"]) == split}
        return Corpus(
            documents,
            [p for p in self.passages if p["doc"] in documents],
            [r for r in self.readmes if r["doc"] in documents],
            [p for p in self.portfolios if split_for(p["login"] + "/") == split],
        )


def mirror_git_dir(mirror_dir: Path, repo: str) -> Path:
    """The bare git directory of a fetched repository (``repo/``, or ``repo/.git`` for some snapshots)."""
    owner, name = repo.split("/", 1)
    base = mirror_dir / f"{owner}+{name}" / "repo"
    return base if (base / "HEAD").is_file() or not (base / ".git" / "HEAD").is_file() else base / ".git"


def _git_show(git_dir: Path, commit: str, path: str) -> Optional[bytes]:
    """One file of a mirror at ``commit``, read through portfolio_audit's safe git (no config of the mirror obeyed)."""
    from portfolio_audit.collect.git import GitRefused, open_bare

    try:
        repo = open_bare(git_dir)
    except (GitRefused, OSError):
        return None
    with repo:
        shown = repo.run("show", "--no-textconv", f"{commit}:{path}", max_bytes=MAX_DOCUMENT_BYTES, timeout=120)
    return shown.output if shown.ok else None


def corpus_file(corpus_dir: Path, document: dict) -> Path:
    """Where a document's bytes live in the local corpus folder; a path that would leave it is refused."""
    parts = [document["repo"].replace("/", "+"), document["commit"][:12], *document["path"].split("/")]
    if any(part in ("", ".", "..") or "\\" in part for part in parts) or document["path"].startswith("/"):
        raise SystemExit(f"{document['doc']}: unsafe repository or path {document['repo']!r} {document['path']!r}")
    return corpus_dir.joinpath(*parts)


def document_text(corpus_dir: Path, document: dict) -> Optional[str]:
    """The document decoded as its row says, with universal newlines; None when not built."""
    path = corpus_file(corpus_dir, document)
    if not path.is_file():
        return None
    encoding = document.get("encoding") or "utf-8"
    try:
        text = path.read_bytes().decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise SystemExit(f"{document['doc']}: not {encoding} ({exc.__class__.__name__}); fix its 'encoding'") from None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _portfolio_documents(corpus: Corpus) -> Iterable[tuple]:
    for portfolio in corpus.portfolios:
        for repo in portfolio.get("repos", ()):
            yield repo["repo"], repo["commit"]


def command_missing(corpus: Corpus, mirror_dir: Path) -> int:
    missing = sorted(r for r in corpus.repositories() if not mirror_git_dir(mirror_dir, r).is_dir())
    for repo in missing:
        print(repo)
    print(f"{len(missing)} of {len(corpus.repositories())} repositories are not in {mirror_dir}", file=sys.stderr)
    return 0


def command_build(corpus: Corpus, mirror_dir: Path, corpus_dir: Path) -> int:
    written = failed = 0
    for document in corpus.documents.values():
        target = corpus_file(corpus_dir, document)
        if target.is_file():
            continue
        data = _git_show(mirror_git_dir(mirror_dir, document["repo"]), document["commit"], document["path"])
        if data is None:
            print(f"{document['doc']}: cannot read {document['repo']}@{document['commit'][:12]}:{document['path']}", file=sys.stderr)
            failed += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    print(f"corpus: {written} files written, {failed} missing, in {corpus_dir}", file=sys.stderr)
    return 1 if failed else 0


def line_count(text: str) -> int:
    """Lines as an editor numbers them: a final newline does not start another line."""
    return len(text.splitlines())


def command_check(corpus: Corpus, corpus_dir: Path) -> int:
    problems: list = []
    unbuilt: set = set()
    ids = Counter(p["id"] for p in corpus.passages)
    problems += [f"passage id {i} used {n} times" for i, n in ids.items() if n > 1]
    # One file at one commit is labelled once: two labellers' copies would count it twice.
    files = Counter((d["repo"].lower(), d["path"], d.get("commit")) for d in corpus.documents.values())
    problems += [f"{repo}:{path}@{commit} is labelled {n} times" for (repo, path, commit), n in files.items() if n > 1]
    for document in corpus.documents.values():
        if document.get("split") != split_for(document["repo"]):
            problems.append(f"{document['doc']}: split {document.get('split')!r} but split_for says {split_for(document['repo'])}")
        if not re.fullmatch(r"[0-9a-f]{40}", document.get("commit", "")):
            problems.append(f"{document['doc']}: commit must be 40 hex digits")
    for passage in corpus.passages:
        document = corpus.documents.get(passage["doc"])
        if document is None:
            problems.append(f"{passage['id']}: unknown document {passage['doc']}")
            continue
        if passage["label"] not in LABELS:
            problems.append(f"{passage['id']}: label {passage['label']!r} not in {LABELS}")
        if not passage.get("reason"):
            problems.append(f"{passage['id']}: no reason")
        if passage["label"] != "none" and not passage.get("subtype"):
            problems.append(f"{passage['id']}: no subtype")
        lines = passage.get("lines")
        if not (isinstance(lines, list) and len(lines) == 2 and all(isinstance(n, int) for n in lines)):
            problems.append(f"{passage['id']}: lines must be [start, end]")
            continue
        start, end = lines
        text = document_text(corpus_dir, document)
        if text is None:
            unbuilt.add(document["doc"])
        elif not (1 <= start <= end <= line_count(text)):
            problems.append(f"{passage['id']}: lines {start}-{end} outside {document['path']} ({line_count(text)} lines)")
    for row in corpus.readmes:
        if row["doc"] not in corpus.documents or row.get("quality") not in QUALITIES or not row.get("reason"):
            problems.append(f"readme label {row}: unknown document, quality or no reason")
    for portfolio in corpus.portfolios:
        if portfolio.get("split") != split_for(portfolio["login"] + "/"):
            problems.append(f"portfolio {portfolio['login']}: split does not match split_for")
    for problem in problems:
        print(problem)
    if unbuilt:
        print(f"{len(unbuilt)} documents are not built in {corpus_dir}: their line ranges were not checked", file=sys.stderr)
    print(f"{len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def command_stats(corpus: Corpus) -> int:
    for split in (DEV, TEST):
        part = corpus.in_split(split)
        labels = Counter(p["label"] for p in part.passages)
        subtypes = Counter(p.get("subtype") for p in part.passages if p["label"] == "none")
        repos = {d["repo"] for d in part.documents.values() if any(p["doc"] == d["doc"] for p in part.passages)}
        print(f"{split}: {len(part.passages)} passages from {len(repos)} repositories {dict(labels)}")
        print(f"  none by subtype: {dict(subtypes)}")
        print(f"  documents: {len(part.documents)} {dict(Counter(d['format'] for d in part.documents.values()))}")
        print(f"  documents by language: {dict(Counter(d.get('language') for d in part.documents.values()))}")
        by_doc = {d["doc"]: d.get("language") for d in part.documents.values()}
        print(f"  passages by language: {dict(Counter(by_doc.get(p['doc']) for p in part.passages))}")
        print(f"  READMEs judged: {dict(Counter(r['quality'] for r in part.readmes))}")
        print(f"  portfolios: {len(part.portfolios)} ({sum(len(p.get('repos', ())) for p in part.portfolios)} repositories)")
    return 0


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("missing", "build", "check", "stats"))
    parser.add_argument("--mirror-dir", type=Path, default=DEFAULT_MIRROR_DIR)
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--labels-dir", type=Path, action="append", default=None,
                        help="a folder of label files (repeatable, e.g. each labeller's live folder); default: "
                             "benchmarks/corpus")
    args = parser.parse_args(argv)
    corpus = Corpus.load_all(args.labels_dir or [LABELS_DIR])
    if args.command == "missing":
        return command_missing(corpus, args.mirror_dir)
    if args.command == "build":
        return command_build(corpus, args.mirror_dir, args.corpus_dir)
    if args.command == "check":
        return command_check(corpus, args.corpus_dir)
    return command_stats(corpus)


if __name__ == "__main__":
    sys.exit(main())
