"""Evaluation in forked workers: whole repositories, and a repository too large for one worker's share in parts.

Repositories are independent, so the pool evaluates them side by side. One of them can be
most of the work (the benchmark tree's curl: 960 Markdown documents and man pages, half of
a two-core audit's CPU), and a worker evaluating it alone decides when the audit ends. Its
prose documents' analyses (the parsed document and the reflection detector's reading, pure
functions of each document's path and text) are then made in parts by any worker, and the
repository is evaluated last with them (``RepoContext(prepared_documents=...)``), so the
other workers take their share of it. The result is the same: an analysis made in another
process is the value ``RepoDocuments.get`` would make, keyed by the same path and text digest.

The parts travel as pickles between the workers of one run (through the parent, as bytes
it never opens); nothing pickled is ever written to disk.
"""

from __future__ import annotations

import pickle
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Callable, Optional

from .analysis.document import RST_SUFFIXES
from .annotations import EXCLUDED as EXCLUDED_PROJECT
from .context import RepoContext
from .records import RepoResult
from .rules import Catalogue
from .snapshot import RepoSnapshot, Snapshot
from .workers import fork_context

# Seconds of evaluation per byte, by what a file is, and per file (one core, the benchmark tree):
# Markdown and other prose documents about 1.5 s a MB (parsing and the reflection detector),
# reStructuredText 2.5 s (docutils), source and the rest about 0.17 s, and 0.2 ms a file. Only
# their ratios matter: they say which repository would not fit in one worker's share, and
# which task to start first.
DOCUMENT_SECONDS_PER_BYTE = 1.5e-6
RESTRUCTURED_SECONDS_PER_BYTE = 2.5e-6
OTHER_SECONDS_PER_BYTE = 0.17e-6
SECONDS_PER_FILE = 0.2e-3
DOCUMENT_KINDS = ("doc", "readme")
# A split repository's documents come in parts of about this fraction of one worker's share,
# small enough to fill the gaps the whole repositories leave.
PART_OF_SHARE = 0.125
# (snapshot, catalogue, analysis cache, evaluate) for forked workers to read; set only while a pool is running.
_POOL_INPUT: Optional[tuple] = None


def _prepare_documents(index: int, paths: tuple) -> Optional[bytes]:
    """In a worker: the document analyses of repository ``index``'s documents ``paths``, pickled; None if none could be made."""
    from .kinds.reflection import document_reflection

    assert _POOL_INPUT is not None  # set before the pool starts
    snapshot, _, analysis_cache, _ = _POOL_INPUT
    try:
        ctx = RepoContext(snapshot.repos[index], snapshot.collected_at, snapshot.owner, analysis_cache)
        wanted = set(paths)
        for entry in ctx.prose_documents:
            if entry.path in wanted:
                try:
                    document_reflection(ctx, entry)
                except Exception:  # noqa: BLE001 - the evaluation makes it again and meets the same error in its rule
                    continue
        return pickle.dumps(ctx.made_documents(), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - nothing prepared: the evaluation makes every analysis itself
        return None


def _evaluate_nth(index: int, prepared: tuple) -> RepoResult:
    """In a worker: repository ``index``'s result, with the document analyses other workers ``prepared`` for it."""
    assert _POOL_INPUT is not None  # set before the pool starts
    snapshot, catalogue, analysis_cache, evaluate = _POOL_INPUT
    documents: dict = {}
    for part in prepared:
        documents.update(pickle.loads(part))
    return evaluate(snapshot.repos[index], catalogue, snapshot.collected_at, snapshot.owner, analysis_cache,
                    documents or None)


@dataclass
class _Task:
    """One piece of pool work: evaluate repository ``index`` (``paths`` empty) or prepare those of its documents."""

    index: int
    seconds: float  # estimated; the pool starts the longest chain of work first
    priority: float
    paths: tuple = ()


def _document_seconds(entry) -> float:
    restructured = PurePosixPath(entry.path).suffix.lower() in RST_SUFFIXES  # read by docutils (analysis/markdown.py)
    return entry.size * (RESTRUCTURED_SECONDS_PER_BYTE if restructured else DOCUMENT_SECONDS_PER_BYTE)


def _estimate(repo: RepoSnapshot) -> tuple:
    """(seconds of its prose documents, seconds of the rest): what evaluating ``repo`` may cost, from its own files' sizes."""
    documents = other = 0.0
    for entry in repo.files:
        if entry.is_own:
            if entry.kind in DOCUMENT_KINDS:
                documents += _document_seconds(entry)
            else:
                other += entry.size * OTHER_SECONDS_PER_BYTE
            other += SECONDS_PER_FILE
    return documents, other


def _splittable(repo: RepoSnapshot, analysis_cache) -> bool:
    """Whether ``repo`` is evaluated at all, and its documents' analyses are not in the cache already (a warm run)."""
    if repo.collection_error or (repo.annotation or {}).get("project") == EXCLUDED_PROJECT:
        return False
    return analysis_cache is None or not RepoContext(repo, "", None, analysis_cache).documents_cached()


def _parts(repo: RepoSnapshot, part_seconds: float) -> list:
    """``repo``'s own prose documents' paths in consecutive parts of about ``part_seconds`` each."""
    parts: list = [[]]
    filled = 0.0
    for entry in repo.files:
        if entry.is_own and entry.kind in DOCUMENT_KINDS:
            if parts[-1] and filled >= part_seconds:
                parts.append([])
                filled = 0.0
            parts[-1].append(entry.path)
            filled += _document_seconds(entry)
    return [tuple(part) for part in parts if part]


def plan(snapshot: Snapshot, workers: int, analysis_cache=None) -> tuple:
    """(tasks ready at the start, {index: its document parts' tasks}) for ``workers`` processes.

    A repository whose estimate exceeds one worker's share (the total over ``workers``) has
    its documents prepared in parts first, then is evaluated with them; every other repository
    is one task.
    """
    estimates = [_estimate(repo) for repo in snapshot.repos]
    share = sum(documents + other for documents, other in estimates) / workers
    ready, split = [], {}
    for index, (repo, (documents, other)) in enumerate(zip(snapshot.repos, estimates)):
        parts = []
        if documents + other > share and documents > share * PART_OF_SHARE and _splittable(repo, analysis_cache):
            parts = _parts(repo, share * PART_OF_SHARE)
        if len(parts) < 2:
            ready.append(_Task(index, documents + other, documents + other))
            continue
        split[index] = [_Task(index, documents / len(parts), documents / len(parts) + other, part) for part in parts]
        ready.extend(split[index])
    return ready, split


def evaluate_in_pool(snapshot: Snapshot, catalogue: Catalogue, analysis_cache, workers: int,
                     evaluate: Callable[..., RepoResult],
                     progress: Optional[Callable[[int, int, str], None]] = None) -> Optional[list]:
    """Every repository's result in snapshot order, evaluated by ``workers`` forked processes; None if the pool broke.

    ``evaluate`` is engine.evaluate_repo_isolated (passed in, so this module does not import
    the engine that calls it): (repo, catalogue, collected_at, owner, analysis cache,
    prepared documents) -> the repository's result.

    At most one task per worker is handed over at a time, so the one that starts next is
    always the ready task with the longest chain of work behind it (``_Task.priority``).
    """
    global _POOL_INPUT
    total = len(snapshot.repos)
    ready, split = plan(snapshot, workers, analysis_cache)
    prepared: dict = {index: [] for index in split}
    results: dict = {}
    reported = 0
    _POOL_INPUT = (snapshot, catalogue, analysis_cache, evaluate)
    try:
        with ProcessPoolExecutor(workers, mp_context=fork_context()) as pool:
            running: dict[Future, _Task] = {}
            while ready or running:
                ready.sort(key=lambda task: (-task.priority, task.index))
                while ready and len(running) < workers:
                    task = ready.pop(0)
                    if task.paths:
                        running[pool.submit(_prepare_documents, task.index, task.paths)] = task
                    else:
                        parts = tuple(part for part in prepared.get(task.index, ()) if part is not None)
                        running[pool.submit(_evaluate_nth, task.index, parts)] = task
                done, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in done:
                    task = running.pop(future)
                    if not task.paths:
                        results[task.index] = future.result()
                        continue
                    prepared[task.index].append(future.result())
                    if len(prepared[task.index]) == len(split[task.index]):
                        rest = task.priority - task.seconds
                        ready.append(_Task(task.index, rest, rest))
                while reported < total and reported in results:
                    reported += 1
                    if progress:
                        progress(reported, total, snapshot.repos[reported - 1].name)
        return [results[index] for index in range(total)]
    except (BrokenProcessPool, OSError):
        return None
    finally:
        _POOL_INPUT = None
