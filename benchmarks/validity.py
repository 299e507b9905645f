"""Validity benchmark: the shipped rules against careful human judgement of real work, dev beside test.

    python -m benchmarks.validity [--labels-dir DIR ...] [--corpus-dir DIR] [--mirror-dir DIR]
                                  [--calibration-dir DIR] [--split dev|test|both] [--details] [--json]

Reads the validity corpus (benchmarks/corpus/README.md: references and labels, never the
texts) through benchmarks/corpus.py, the texts from ``--corpus-dir`` (built by
``python -m benchmarks.corpus build``) and the judged portfolios' repositories from their
bare git copies under ``--mirror-dir``, and prints, for the dev and the test split side by
side so that overfitting shows:

- reflection passages, per aspect (trade-off, lesson, credit): precision and recall over the
  fully labelled documents. A labelled passage is *credited* when a passage the rule credits
  (``kinds.reflection.credited_passages``, the rule's own evidence, uncapped) overlaps its
  lines; a credited passage over no labelled passage of the aspect is a false positive.
  Prompts, templates and placeholders that earn credit are counted apart: the target is none;
- strong/weak README AUC: the README clarity category score of READMEs the reviewer judged
  strong against those judged weak;
- non-English READMEs: score and band of each; none the reviewer judged strong or adequate
  may fall below "good", and the rules left *not assessed* are listed;
- per-rule error rate against the reviewer on the portfolios: each judged repository is
  copied out of its bare git copy at the judged commit without running anything of theirs
  (a new repository of ours borrows the objects; no hooks, config, filters or links of theirs),
  collected by the normal local collector and evaluated with the whole catalogue;
- the distribution of portfolio scores, and the ranking agreement with the reviewer's
  portfolio scores (Kendall's tau-b and pairwise agreement).

The shipped calibration set (benchmarks/calibration.py, ``--calibration-dir``) is part of
dev: its pair agreement and document-level detection are dev rows, its strong and weak
READMEs join the dev AUC and its non-English READMEs the dev list.

Tune on dev only (``--split dev`` never reads a test label). The test column is for
reporting; per-item details are printed for dev, and for test only with ``--details``.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import math
import os
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Iterable, Optional

from portfolio_audit import scoring as S
from portfolio_audit.collect.local import collect_local
from portfolio_audit.context import RepoContext
from portfolio_audit.engine import evaluate_repo, evaluate_snapshot
from tests.support.fixtures import FIXTURE_COLLECTED_AT
from portfolio_audit.kinds.reflection import credited_passages
from portfolio_audit.rules import Catalogue, load_catalogue
from portfolio_audit.snapshot import Collected, Commit, FileEntry, RepoSnapshot, Snapshot

from . import calibration
from .corpus import DEFAULT_CORPUS_DIR, DEFAULT_MIRROR_DIR, DEV, LABELS_DIR, TEST, Corpus, document_text, mirror_git_dir

DEFAULT_CALIBRATION_DIR = calibration.DEFAULT_CALIBRATION_DIR
SPLITS = (DEV, TEST)
# Corpus label -> the reflection aspect (the rule's ``aspect`` parameter) that should credit it.
ASPECT_OF_LABEL = {"tradeoff": "tradeoffs", "lesson": "lessons", "credit": "collaboration"}
ASPECT_RULE = {"tradeoffs": "reflection/tradeoffs", "lessons": "reflection/lessons",
               "collaboration": "reflection/collaboration"}
# Passages that only ask, template or hold a place: crediting one is the worst kind of error.
PROMPT_SUBTYPES = frozenset({"prompt", "template", "placeholder"})
README_CATEGORY = "readme"
STRONG, ADEQUATE, WEAK = "strong", "adequate", "weak"
# A good non-English README (judged strong or adequate) must reach this band.
GOOD_BAND = "good"
GOOD_QUALITIES = (STRONG, ADEQUATE)
GOOD_FLOOR = dict(S.BANDS)[GOOD_BAND]
# Reviewer expectations and the tool's outcomes that mean the same thing.
EXPECTATIONS = {"pass": S.PASS, "warn": S.WARN, "fail": S.FAIL, "not-applicable": S.NOT_APPLICABLE}
# Outcomes where the tool abstains: counted apart, neither agreement nor error.
ABSTAINED = (S.NOT_ASSESSED, S.NOT_AVAILABLE, S.ERROR)
# Commits read per judged repository, as the command line's default.
MAX_COMMITS = 200
GIT_TIMEOUT_SECONDS = 300
# Items listed per kind of disagreement in the details.
MAX_DETAILS = 25
DETAIL_CHARS = 90


# --- loading -------------------------------------------------------------------------


def load_corpus(labels_dirs: Iterable[Path]) -> Corpus:
    """One corpus from several labellers' folders (document ids must not clash)."""
    return Corpus.load_all(labels_dirs)


@lru_cache(maxsize=None)
def catalogue_of(categories: Optional[tuple] = None) -> Catalogue:
    full = load_catalogue()
    if categories is None:
        return full
    return Catalogue(tuple(r for r in full.rules if r.category in categories), full.categories, full.digest)


def _file_kind(document: dict) -> str:
    path = PurePosixPath(document["path"])
    if document.get("kind") == "readme" and len(path.parts) == 1:
        return "readme"
    return "source" if document.get("kind") == "source" else "doc"


def document_repo(document: dict, text: str) -> RepoSnapshot:
    """A repository holding only this document, at its own path, as the collector would file it."""
    entry = FileEntry(document["path"], _file_kind(document), "markdown", len(text.encode("utf-8")), text)
    return RepoSnapshot(name=document["doc"], full_name=document["repo"], files=(entry,),
                        commits=Collected.missing("a single document"))


# --- reflection passages -----------------------------------------------------------------


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


@dataclass
class AspectCount:
    """Passage-level agreement for one aspect."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    prompts_credited: int = 0
    unlabelled_credited: int = 0  # credited lines that no label covers (a fully labelled document's headings)
    recall_all_tp: int = 0  # recall over every document with labels, fully labelled or not
    recall_all_fn: int = 0
    false_positives: list = field(default_factory=list)
    misses: list = field(default_factory=list)

    @property
    def precision(self) -> Optional[float]:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def recall_all(self) -> Optional[float]:
        total = self.recall_all_tp + self.recall_all_fn
        return self.recall_all_tp / total if total else None


def spans_of(document: dict, text: str) -> dict:
    """aspect -> [(start, end, Passage)] the rules credit in ``document``."""
    ctx = RepoContext(document_repo(document, text), FIXTURE_COLLECTED_AT)
    spans = {}
    for aspect in ASPECT_RULE:
        passages, _ = credited_passages(ctx, aspect)
        spans[aspect] = [(p.line, p.end_line, p) for p in passages if p.path == document["path"]]
    return spans


def passage_figures(corpus: Corpus, corpus_dir: Path) -> dict:
    """Per-aspect AspectCount, plus how many documents could not be read."""
    by_doc: dict = {}
    for passage in corpus.passages:
        by_doc.setdefault(passage["doc"], []).append(passage)
    counts = {aspect: AspectCount() for aspect in ASPECT_RULE}
    missing = []
    documents = fully = 0
    for doc_id in sorted(by_doc):
        document = corpus.documents.get(doc_id)
        if document is None:
            continue
        text = document_text(corpus_dir, document)
        if text is None:
            missing.append(doc_id)
            continue
        documents += 1
        full = bool(document.get("fully_labelled"))
        fully += full
        spans = spans_of(document, text)
        labelled = by_doc[doc_id]
        for aspect, count in counts.items():
            credited = spans[aspect]
            label = next(k for k, v in ASPECT_OF_LABEL.items() if v == aspect)
            for passage in labelled:
                lines = tuple(passage["lines"])
                hit = [c for c in credited if _overlaps(lines, c[:2])]
                positive = passage["label"] == label
                if positive:
                    if hit:
                        count.recall_all_tp += 1
                    else:
                        count.recall_all_fn += 1
                if not full:
                    continue
                if positive and hit:
                    count.tp += 1
                elif positive:
                    count.fn += 1
                    count.misses.append(_detail(passage, document))
                elif hit:
                    count.fp += 1
                    if passage["label"] == "none" and passage.get("subtype") in PROMPT_SUBTYPES:
                        count.prompts_credited += 1
                    count.false_positives.append(_detail(passage, document, hit[0][2]))
            if full:
                for start, end, credit in credited:
                    if not any(_overlaps((start, end), tuple(p["lines"])) for p in labelled):
                        count.fp += 1
                        count.unlabelled_credited += 1
                        count.false_positives.append({"id": "(unlabelled)", "doc": doc_id, "lines": [start, end],
                                                      "label": "-", "subtype": "-", "reason": credit.snippet,
                                                      "does": "; ".join(credit.does)})
    return {"aspects": counts, "documents": documents, "fully_labelled": fully, "missing": missing}


def _detail(passage: dict, document: dict, credit=None) -> dict:
    item = {"id": passage["id"], "doc": passage["doc"], "lines": passage["lines"], "label": passage["label"],
            "subtype": passage.get("subtype"), "reason": passage.get("reason", ""), "language": document.get("language")}
    if credit is not None:
        item["does"] = "; ".join(credit.does) or f"under '{credit.heading}'"
    return item


# --- READMEs ---------------------------------------------------------------------------


def readme_result(document: dict, text: str) -> dict:
    """The README category's result for a README alone, as its repository's root README."""
    entry = FileEntry(PurePosixPath(document["path"]).name, "readme", "markdown", len(text.encode("utf-8")), text)
    repo = RepoSnapshot(name=document["doc"], full_name=document["repo"], files=(entry,),
                        commits=Collected.missing("a single document"))
    return evaluate_repo(repo, catalogue_of((README_CATEGORY,)), FIXTURE_COLLECTED_AT, None)


def category_score(result: dict, category: str) -> Optional[float]:
    return next((c["score"] for c in result["categories"] if c["id"] == category), None)


def readme_figures(corpus: Corpus, corpus_dir: Path) -> dict:
    scores = {STRONG: {}, ADEQUATE: {}, WEAK: {}}
    non_english = []
    missing = []
    for row in sorted(corpus.readmes, key=lambda r: r["doc"]):
        document = corpus.documents.get(row["doc"])
        if document is None:
            continue
        text = document_text(corpus_dir, document)
        if text is None:
            missing.append(row["doc"])
            continue
        result = readme_result(document, text)
        score = category_score(result, README_CATEGORY)
        scores[row["quality"]][row["doc"]] = score
        language = document.get("language") or "en"
        if language != "en":
            non_english.append(_non_english_row(row["doc"], language, row["quality"], score, result))
    return {"scores": scores, "non_english": non_english, "missing": missing}


def _non_english_row(item_id: str, language: str, quality: str, score: Optional[float], result: dict) -> dict:
    findings = [f for f in result["findings"] if f["category"] == README_CATEGORY]
    return {
        "id": item_id, "language": language, "quality": quality, "score": score, "band": S.band_for(score),
        "not_assessed": [f["rule_id"] for f in findings if f["outcome"] == S.NOT_ASSESSED],
        "failing": [f"{f['rule_id']} {f['score']:.0f}" for f in findings if f["outcome"] == S.FAIL],
    }


def roc_auc(positives: list, negatives: list) -> Optional[float]:
    positives = [p for p in positives if p is not None]
    negatives = [n for n in negatives if n is not None]
    if not positives or not negatives:
        return None
    return calibration.roc_auc(positives, negatives)


# --- portfolios ------------------------------------------------------------------------


def _safe_git_env(home: Path) -> dict:
    """No system or global config, no prompts: only the repository of ours that we made is read."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LC_ALL": "C",
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0",
            "GIT_ATTR_NOSYSTEM": "1"}


_GIT_SAFE = ("-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "core.pager=cat",
             "-c", "core.attributesFile=/dev/null", "-c", "protocol.allow=never")


def _git(git_dir: Path, env: dict, *args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *_GIT_SAFE, f"--git-dir={git_dir}", *args], env=env, stdout=stdout,
                          stderr=subprocess.PIPE, timeout=GIT_TIMEOUT_SECONDS, check=True)


def checkout_commit(mirror: Path, commit: str, target: Path, scratch: Path) -> None:
    """Write ``mirror``'s tree at ``commit`` into ``target`` with a .git of ours, running nothing of theirs.

    A new repository (empty template: no hooks) receives a copy of the objects reachable
    from ``commit`` (one pack, ``_copy_objects``), so the local collector reads the history
    as it would read a clone: the collector refuses alternates that borrow objects from
    outside the checkout, and with them the history origins and authorship come from.
    Its index is the commit's tree, so the local collector lists exactly the committed files.
    Files are written blob by blob from ``git cat-file`` (no filters, no attributes, no links):
    a blob the copy lacks (large files may be absent) or a path that would leave the folder is
    left out, as is anything that is not a regular file.
    """
    env = _safe_git_env(scratch)
    empty_template = scratch / "template"
    empty_template.mkdir(exist_ok=True)
    target.mkdir(parents=True)
    git_dir = target / ".git"
    subprocess.run(["git", "init", "-q", f"--template={empty_template}", "--bare", str(git_dir)], env=env,
                   check=True, capture_output=True, timeout=GIT_TIMEOUT_SECONDS)
    _copy_objects(mirror, commit, git_dir, env)
    _git(git_dir, env, "config", "core.bare", "false")
    _git(git_dir, env, "update-ref", "--no-deref", "HEAD", commit)
    _git(git_dir, env, "read-tree", commit)
    listing = _git(git_dir, env, "ls-tree", "-r", "-z", "--full-tree", commit).stdout
    blobs = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, sha = meta.split()
        path = _safe_relative(raw_path.decode("utf-8", "surrogateescape"))
        if kind == b"blob" and mode in REGULAR_FILE_MODES and path is not None:
            blobs.append((sha.decode(), path))
    _write_blobs(git_dir, env, blobs, target)


def _copy_objects(mirror: Path, commit: str, git_dir: Path, env: dict) -> None:
    """Every object reachable from ``commit`` in ``mirror``, packed into ``git_dir``.

    Objects the mirror lacks (a copy may leave out its largest blobs) are skipped, as a
    shallow or damaged clone would lack them; the collector reports what that costs.
    """
    with subprocess.Popen(["git", *_GIT_SAFE, f"--git-dir={mirror}", "pack-objects", "--revs", "--stdout", "-q",
                           "--missing=allow-any"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL) as packer:
        packer.stdin.write(commit.encode("ascii") + b"\n")
        packer.stdin.close()
        try:
            subprocess.run(["git", *_GIT_SAFE, f"--git-dir={git_dir}", "index-pack", "--stdin"], env=env,
                           stdin=packer.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=GIT_TIMEOUT_SECONDS, check=True)
        finally:
            packer.stdout.close()
            packer.wait(timeout=GIT_TIMEOUT_SECONDS)
    if packer.returncode:
        raise RuntimeError(f"git pack-objects exited {packer.returncode}")


# Tree entry modes of regular files; links (120000) and submodules (160000) are never written.
REGULAR_FILE_MODES = (b"100644", b"100755", b"100664")
# A blob larger than this is not written (the collector would not read it anyway).
MAX_BLOB_BYTES = 8 * 1024 * 1024
_CHUNK = 1 << 16


def _safe_relative(path: str) -> Optional[PurePosixPath]:
    """The tree path as a relative path inside the checkout, or None for one that could leave it."""
    pure = PurePosixPath(path)
    if not path or pure.is_absolute() or any(part in ("", ".", "..", ".git") for part in pure.parts) or "\\" in path:
        return None
    return pure


def _write_blobs(git_dir: Path, env: dict, blobs: list, target: Path) -> None:
    """Each (sha, path) blob into ``target``, through one ``git cat-file --batch``; missing ones skipped."""
    with subprocess.Popen(["git", *_GIT_SAFE, f"--git-dir={git_dir}", "cat-file", "--batch"], env=env,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
        for sha, path in blobs:
            process.stdin.write(sha.encode() + b"\n")
            process.stdin.flush()
            header = process.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                continue  # "<sha> missing": the copy does not hold this blob
            size, remaining = int(header[2]), int(header[2])
            destination = target.joinpath(*path.parts)
            handle = None
            if size <= MAX_BLOB_BYTES:
                with contextlib.suppress(OSError):
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    handle = open(destination, "xb")
            while remaining:
                chunk = process.stdout.read(min(_CHUNK, remaining))
                if not chunk:
                    raise RuntimeError("git cat-file ended early")
                remaining -= len(chunk)
                if handle is not None:
                    handle.write(chunk)
            if handle is not None:
                handle.close()
            process.stdout.read(1)  # the newline after each object
        process.stdin.close()
        process.wait(timeout=GIT_TIMEOUT_SECONDS)


def commit_date(mirror: Path, commit: str, scratch: Path) -> Optional[str]:
    try:
        completed = subprocess.run(["git", *_GIT_SAFE, f"--git-dir={mirror}", "show", "-s", "--format=%cI", commit],
                                   env=_safe_git_env(scratch), capture_output=True, timeout=GIT_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if completed.returncode != 0:
        return None
    return completed.stdout.decode().strip() or None


_RECORD, _UNIT = "\x1e", "\x1f"


def read_history(git_dir: Path, env: dict, max_commits: int = MAX_COMMITS) -> Collected:
    """The history as the local collector reads it, tolerating blobs the copy lacks.

    Messages come from one ``git log`` that reads no blob; each commit's line counts from its
    own ``git diff-tree --numstat``, and a commit whose diff needs a missing blob keeps its
    file count (from the trees, which are complete) with the lines of those files uncounted.
    """
    try:
        log = _git(git_dir, env, "log", f"-n{max_commits + 1}", "--no-merges",
                   f"--format={_RECORD}%H{_UNIT}%an{_UNIT}%aI{_UNIT}%s{_UNIT}%b{_UNIT}").stdout.decode("utf-8", "replace")
    except subprocess.SubprocessError:
        return Collected.missing("git log failed on the local copy")
    commits = []
    for record in log.split(_RECORD)[1:]:
        sha, author, date, subject, body = (record.split(_UNIT) + [""] * 5)[:5]
        files = insertions = deletions = 0
        for args in (("--numstat",), ("--name-only",)):
            try:
                stats = _git(git_dir, env, "diff-tree", "--no-commit-id", "-r", "--root", *args, sha.strip()).stdout
            except subprocess.SubprocessError:
                continue
            for line in stats.decode("utf-8", "replace").splitlines():
                parts = line.split("\t")
                files += 1
                if len(parts) == 3:
                    insertions += int(parts[0]) if parts[0].isdigit() else 0
                    deletions += int(parts[1]) if parts[1].isdigit() else 0
            break
        commits.append(Commit(sha=sha.strip(), subject=subject.strip(), body=body.strip(), author=author,
                              authored_at=date, files_changed=files, insertions=insertions, deletions=deletions))
    return Collected.of(commits[:max_commits], truncated=len(commits) > max_commits)


@contextlib.contextmanager
def _collector_git_env(scratch: Path):
    """The local collector runs git with the process environment: make it ignore any config but ours."""
    saved = {key: os.environ.get(key) for key in ("GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL", "HOME", "GIT_ATTR_NOSYSTEM")}
    os.environ.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, HOME=str(scratch), GIT_ATTR_NOSYSTEM="1")
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _utc(date: str) -> str:
    from datetime import datetime, timezone

    return datetime.fromisoformat(date).astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def collect_portfolio(portfolio: dict, mirror_dir: Path) -> tuple:
    """(Snapshot of the judged repositories that could be read, {repo: why not} for the others).

    The copies are collected together, as ``portfolio-audit audit DIR...`` would collect
    them: the person is the most frequent committer across the whole portfolio (no
    ``--author``), so a teammate who committed most to one shared project is not taken
    for the person there.
    """
    problems, dates, targets = {}, [], {}
    with tempfile.TemporaryDirectory(prefix="validity-") as scratch_name:
        scratch = Path(scratch_name)
        for index, judged in enumerate(portfolio.get("repos", ())):
            mirror = mirror_git_dir(mirror_dir, judged["repo"])
            if not mirror.is_dir():
                problems[judged["repo"]] = f"no git copy at {mirror}"
                continue
            target = scratch / f"r{index}" / judged["repo"].split("/", 1)[1]
            try:
                checkout_commit(mirror, judged["commit"], target, scratch)
            except (subprocess.SubprocessError, OSError, RuntimeError, ValueError) as exc:
                problems[judged["repo"]] = f"cannot read {judged['commit'][:12]}: {exc.__class__.__name__}"
                continue
            date = commit_date(mirror, judged["commit"], scratch)
            if date:
                dates.append(_utc(date))
            targets[str(target.resolve())] = (judged["repo"], target)
        collected = ()
        person = None
        if targets:
            with _collector_git_env(scratch):
                local = collect_local([target for _, target in targets.values()], MAX_COMMITS,
                                      collected_at=FIXTURE_COLLECTED_AT)
            collected, person = local.repos, local.person
        repos = []
        for repo in collected:
            full_name, target = targets[repo.local_path]
            if not repo.commits.available:
                # git log --numstat stops at the first blob the copy lacks; read the history
                # commit by commit instead, counting what can be counted.
                repo = dataclasses.replace(repo, commits=read_history(target / ".git", _safe_git_env(scratch)))
            # Named after the repository, without the collector's local path (it is a temp folder).
            repos.append(dataclasses.replace(repo, full_name=full_name, local_path=None))
    snapshot = Snapshot(collected_at=max(dates) if dates else FIXTURE_COLLECTED_AT,
                        source={"kind": "local", "paths": []}, owner={"login": portfolio["login"]},
                        repos=tuple(repos), contributions=Collected.missing("local copies: no GitHub data"),
                        person=person)
    return snapshot, problems


@dataclass
class RuleTally:
    judged: int = 0
    errors: int = 0
    abstained: int = 0
    confusion: Counter = field(default_factory=Counter)  # (expected, got) -> count


def portfolio_figures(corpus: Corpus, mirror_dir: Path) -> dict:
    tallies: dict = {}
    portfolios, uncollected, errors = [], {}, []
    for portfolio in sorted(corpus.portfolios, key=lambda p: p["login"]):
        snapshot, problems = collect_portfolio(portfolio, mirror_dir)
        uncollected.update(problems)
        result = evaluate_snapshot(snapshot, catalogue_of())
        by_name = {r["full_name"]: r for r in result["repos"]}
        for judged in portfolio.get("repos", ()):
            repo_result = by_name.get(judged["repo"])
            if repo_result is None:
                continue
            findings = {f["rule_id"]: f for f in repo_result["findings"]}
            for rule_id, verdict in sorted((judged.get("rules") or {}).items()):
                expected = EXPECTATIONS.get(verdict.get("expect"))
                finding = findings.get(rule_id)
                if expected is None or finding is None:
                    continue
                tally = tallies.setdefault(rule_id, RuleTally())
                got = finding["outcome"]
                tally.confusion[(expected, got)] += 1
                if got in ABSTAINED:
                    tally.abstained += 1
                    continue
                tally.judged += 1
                if got != expected:
                    tally.errors += 1
                    errors.append({"repo": judged["repo"], "rule": rule_id, "expected": expected, "got": got,
                                   "score": finding["score"], "reason": verdict.get("reason", ""),
                                   "summary": finding["summary"]})
        portfolios.append({"login": portfolio["login"], "score": result["score"], "band": result["band"],
                           "reviewer_score": portfolio.get("reviewer_score"),
                           "reviewer_band": portfolio.get("reviewer_band"),
                           "repos": len(portfolio.get("repos", ())), "collected": len(snapshot.repos)})
    return {"rules": tallies, "portfolios": portfolios, "uncollected": uncollected, "errors": errors}


def kendall_tau_b(xs: list, ys: list) -> Optional[float]:
    """Kendall's tau-b of two equally long lists (ties in either list handled)."""
    concordant = discordant = ties_x = ties_y = 0
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    denominator = math.sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y))
    return (concordant - discordant) / denominator if denominator else None


def pairwise_agreement(xs: list, ys: list) -> Optional[float]:
    """Share of pairs the reviewer (ys) orders that the tool (xs) orders the same way; tool ties count half."""
    agreed = total = 0.0
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            if ys[i] == ys[j]:
                continue
            total += 1
            dx = xs[i] - xs[j]
            agreed += 0.5 if dx == 0 else float((dx > 0) == (ys[i] > ys[j]))
    return agreed / total if total else None


def ranking_figures(portfolios: list) -> dict:
    ranked = [p for p in portfolios if p["score"] is not None and p["reviewer_score"] is not None]
    tool = [p["score"] for p in ranked]
    reviewer = [p["reviewer_score"] for p in ranked]
    scores = sorted(p["score"] for p in portfolios if p["score"] is not None)
    return {
        "n": len(ranked),
        "kendall_tau": kendall_tau_b(tool, reviewer) if len(ranked) >= 2 else None,
        "pairwise": pairwise_agreement(tool, reviewer) if len(ranked) >= 2 else None,
        "scores": scores,
        "bands": dict(Counter(S.band_for(s) for s in scores)),
        "reviewer_bands": dict(Counter(p["reviewer_band"] for p in portfolios if p.get("reviewer_band"))),
    }


# --- one split -------------------------------------------------------------------------


def evaluate_split(corpus: Corpus, split: str, corpus_dir: Path, mirror_dir: Path,
                   calibration_dir: Optional[Path]) -> dict:
    """Every figure for one split (the calibration set joins dev)."""
    part = corpus.in_split(split)
    passages = passage_figures(part, corpus_dir)
    readmes = readme_figures(part, corpus_dir)
    portfolios = portfolio_figures(part, mirror_dir)
    cal = None
    if split == DEV and calibration_dir is not None and (calibration_dir / "labels.json").is_file():
        cal = calibration.calibrate(calibration_dir)
        for item_id, score in cal.strong_scores.items():
            readmes["scores"][STRONG][f"cal:{item_id}"] = score
        for item_id, score in cal.weak_scores.items():
            readmes["scores"][WEAK][f"cal:{item_id}"] = score
        for item_id, score in sorted(cal.non_english.items()):
            readmes["non_english"].append({"id": f"cal:{item_id}", "language": "?", "quality": STRONG, "score": score,
                                           "band": S.band_for(score), "not_assessed": [], "failing": []})
    strong, weak = readmes["scores"][STRONG], readmes["scores"][WEAK]
    good_non_english = [r for r in readmes["non_english"] if r["quality"] in GOOD_QUALITIES]
    return {
        "split": split,
        "passages": passages,
        "readmes": readmes,
        "auc": roc_auc(list(strong.values()), list(weak.values())),
        "good_non_english_below": [r for r in good_non_english if r["score"] is None or r["score"] < GOOD_FLOOR],
        "good_non_english": len(good_non_english),
        "portfolios": portfolios,
        "ranking": ranking_figures(portfolios["portfolios"]),
        "calibration": cal,
    }


# --- report ----------------------------------------------------------------------------


def _ratio(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.2f}"


def _rows(figures: dict) -> list:
    """(label, text) rows for one split, in print order."""
    rows = []
    passages = figures["passages"]
    for aspect, count in passages["aspects"].items():
        rows.append((f"{aspect}: precision / recall",
                     f"{_ratio(count.precision)} / {_ratio(count.recall)} (tp {count.tp} fp {count.fp} fn {count.fn})"))
        rows.append((f"{aspect}: recall, all labelled documents", _ratio(count.recall_all)))
    prompts = sum(c.prompts_credited for c in passages["aspects"].values())
    rows.append(("prompts/templates credited (target 0)", str(prompts)))
    rows.append(("documents read (fully labelled)", f"{passages['documents']} ({passages['fully_labelled']})"
                 + (f", {len(passages['missing'])} not built" if passages["missing"] else "")))
    strong, weak = figures["readmes"]["scores"][STRONG], figures["readmes"]["scores"][WEAK]
    rows.append(("strong/weak README AUC", f"{_ratio(figures['auc'])} ({len(strong)} strong, {len(weak)} weak)"))
    rows.append(("good non-English READMEs below good", f"{len(figures['good_non_english_below'])} of {figures['good_non_english']}"))
    tallies = figures["portfolios"]["rules"]
    judged = sum(t.judged for t in tallies.values())
    errors = sum(t.errors for t in tallies.values())
    abstained = sum(t.abstained for t in tallies.values())
    rows.append(("rule verdicts vs reviewer: error rate",
                 f"{_ratio(errors / judged if judged else None)} ({errors}/{judged}, {abstained} abstained)"))
    ranking = figures["ranking"]
    rows.append(("portfolios scored", f"{ranking['n']} ({len(figures['portfolios']['uncollected'])} repos not collected)"))
    rows.append(("portfolio ranking: Kendall tau / pairwise", f"{_ratio(ranking['kendall_tau'])} / {_ratio(ranking['pairwise'])}"))
    scores = ranking["scores"]
    rows.append(("portfolio scores min / median / max",
                 f"{scores[0]:.0f} / {scores[len(scores) // 2]:.0f} / {scores[-1]:.0f}" if scores else "-"))
    rows.append(("portfolio bands (tool; reviewer)", f"{_bands(ranking['bands'])}; {_bands(ranking['reviewer_bands'])}"))
    cal = figures.get("calibration")
    if cal is not None:
        agreed, total = cal.agreement()
        rows.append(("calibration: pair agreement", f"{agreed}/{total}"))
        rows.append(("calibration: document detection P / R",
                     f"{cal.detection['precision']:.2f} / {cal.detection['recall']:.2f}"))
    return rows


def _bands(counts: dict) -> str:
    return " ".join(f"{name} {counts[name]}" for name, _ in S.BANDS if counts.get(name)) or "-"


def render(results: dict, details_for: tuple) -> str:
    splits = [s for s in SPLITS if s in results]
    columns = {split: dict(_rows(results[split])) for split in splits}
    labels = [label for label, _ in _rows(results[splits[0]])]
    for split in splits[1:]:
        labels += [label for label in columns[split] if label not in labels]
    width = max(len(label) for label in labels)
    value_width = max([len(v) for column in columns.values() for v in column.values()] + [10])
    lines = [f"{'':{width}}  " + "  ".join(f"{split:{value_width}}" for split in splits)]
    for label in labels:
        lines.append(f"{label:{width}}  " + "  ".join(f"{columns[s].get(label, ''):{value_width}}" for s in splits))
    for split in splits:
        if split in details_for:
            lines += ["", f"== {split}: details =="] + _details(results[split])
    return "\n".join(lines)


def _number(value: Optional[float], decimals: int) -> str:
    return "-" if value is None else f"{value:.{decimals}f}"


def _short(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= DETAIL_CHARS else text[: DETAIL_CHARS - 1] + "…"


def _details(figures: dict) -> list:
    lines = []
    for aspect, count in figures["passages"]["aspects"].items():
        for item in count.false_positives[:MAX_DETAILS]:
            lines.append(f"  {aspect} credits {item['id']} ({item['doc']} {item['lines'][0]}-{item['lines'][1]}, "
                         f"{item['label']}/{item['subtype']}): {_short(item['reason'])} [{_short(item.get('does', ''))}]")
        for item in count.misses[:MAX_DETAILS]:
            lines.append(f"  {aspect} misses {item['id']} ({item['doc']} {item['lines'][0]}-{item['lines'][1]}, "
                         f"{item['subtype']}): {_short(item['reason'])}")
    for row in figures["readmes"]["non_english"]:
        lines.append(f"  non-English {row['id']} [{row['language']}, {row['quality']}]: "
                     f"{_number(row['score'], 1)} "
                     f"({row['band']}); not assessed: {', '.join(row['not_assessed']) or 'none'}; "
                     f"failing: {', '.join(row['failing']) or 'none'}")
    for quality in (STRONG, ADEQUATE, WEAK):
        scores = figures["readmes"]["scores"][quality]
        if scores:
            lines.append(f"  README {quality}: " + ", ".join(f"{k} {_number(v, 0)}" for k, v in sorted(scores.items())))
    for rule_id, tally in sorted(figures["portfolios"]["rules"].items()):
        rate = tally.errors / tally.judged if tally.judged else None
        confusion = ", ".join(f"{e}->{g} {n}" for (e, g), n in sorted(tally.confusion.items()) if e != g)
        lines.append(f"  rule {rule_id}: error {_ratio(rate)} ({tally.errors}/{tally.judged}, "
                     f"{tally.abstained} abstained){'; ' + confusion if confusion else ''}")
    for error in figures["portfolios"]["errors"][:MAX_DETAILS * 2]:
        lines.append(f"  {error['repo']} {error['rule']}: reviewer {error['expected']}, tool {error['got']} "
                     f"({_number(error['score'], 0)}): "
                     f"{_short(error['reason'])}")
    for repo, why in sorted(figures["portfolios"]["uncollected"].items()):
        lines.append(f"  not collected {repo}: {why}")
    for portfolio in figures["portfolios"]["portfolios"]:
        lines.append(f"  portfolio {portfolio['login']}: tool {portfolio['score']} ({portfolio['band']}), reviewer "
                     f"{portfolio['reviewer_score']} ({portfolio['reviewer_band']}), "
                     f"{portfolio['collected']}/{portfolio['repos']} repos read")
    return lines


def as_json(results: dict) -> dict:
    out = {}
    for split, figures in results.items():
        aspects = {aspect: {"precision": c.precision, "recall": c.recall, "recall_all_documents": c.recall_all,
                            "tp": c.tp, "fp": c.fp, "fn": c.fn, "prompts_credited": c.prompts_credited,
                            "unlabelled_credited": c.unlabelled_credited}
                   for aspect, c in figures["passages"]["aspects"].items()}
        tallies = figures["portfolios"]["rules"]
        cal = figures.get("calibration")
        out[split] = {
            "passages": aspects,
            "documents": figures["passages"]["documents"],
            "documents_missing": figures["passages"]["missing"],
            "auc": figures["auc"],
            "readme_scores": figures["readmes"]["scores"],
            "non_english": figures["readmes"]["non_english"],
            "good_non_english_below_good": [r["id"] for r in figures["good_non_english_below"]],
            "rules": {rule_id: {"judged": t.judged, "errors": t.errors, "abstained": t.abstained,
                                "error_rate": t.errors / t.judged if t.judged else None}
                      for rule_id, t in sorted(tallies.items())},
            "portfolios": figures["portfolios"]["portfolios"],
            "ranking": figures["ranking"],
            "calibration": None if cal is None else calibration.as_json(cal),
        }
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.validity", description=__doc__.splitlines()[0])
    parser.add_argument("--labels-dir", type=Path, action="append", default=None,
                        help="a folder of label files (repeatable); default: benchmarks/corpus")
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--mirror-dir", type=Path, default=DEFAULT_MIRROR_DIR)
    parser.add_argument("--calibration-dir", type=Path, default=DEFAULT_CALIBRATION_DIR)
    parser.add_argument("--split", choices=(DEV, TEST, "both"), default="both")
    parser.add_argument("--details", action="store_true", help="per-item details for test too (dev always has them)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    corpus = load_corpus(args.labels_dir or [LABELS_DIR])
    splits = SPLITS if args.split == "both" else (args.split,)
    calibration_dir = args.calibration_dir if args.calibration_dir.is_dir() else None
    results = {split: evaluate_split(corpus, split, args.corpus_dir, args.mirror_dir, calibration_dir)
               for split in splits}
    if args.json:
        print(json.dumps(as_json(results), indent=1, sort_keys=True, default=str))
    else:
        print(render(results, splits if args.details else (DEV,)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
