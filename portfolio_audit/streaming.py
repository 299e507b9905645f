"""Evaluate each repository as the collector hands it over, keeping only its result and a lightened record.

A 1,000-repository profile held whole is the size of every file it holds (hundreds of
MiB, once more in each forked worker). ``StreamingEvaluation`` is the collector's sink
(collect/github/release.py): each final repository is evaluated at once, here or in
worker processes forked before collection starts any thread, and the snapshot keeps of
it only what assembling the result reads (``lightened``). Results are assembled in
snapshot order by engine.assemble_result, so the result is the same as evaluating the
whole snapshot: tests/test_streaming.py compares the bytes.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Callable, Optional

from . import kinds
from .engine import _worker_count, evaluate_repo_isolated
from .records import RepoResult
from .rules import Catalogue
from .snapshot import COLLECTED_FIELDS, Collected, RepoSnapshot

# Repositories sent to the workers and not yet back, per worker: enough to keep each busy.
IN_FLIGHT_PER_WORKER = 2
# (catalogue, analysis cache) for the forked workers; set only while a pool is starting.
_FORKED_INPUT: Optional[tuple] = None


def lightened(repo: RepoSnapshot) -> RepoSnapshot:
    """``repo`` without what only evaluation reads: file texts, commit and collaboration records.

    Kept: every file's path, kind, size and origin (with empty text), every skipped file,
    which data was available and why not, the first commit (so "it has a history" stays
    answerable, pipeline.require_collected), the annotation and authorship.
    """
    def light(data: Collected, keep: int = 0) -> Collected:
        return Collected(available=data.available, items=data.items[:keep], reason=data.reason, truncated=data.truncated)

    changes: dict = {field: light(getattr(repo, field)) for field in COLLECTED_FIELDS}
    changes["commits"] = light(repo.commits, keep=1)
    changes["files"] = tuple(replace(entry, text="", generator_lines=()) for entry in repo.files)
    return replace(repo, **changes)


def _evaluate_sent(repo: RepoSnapshot, collected_at: str, owner: Optional[dict]) -> RepoResult:
    """In a worker: one repository, pickled over, with the catalogue and cache the fork inherited."""
    assert _FORKED_INPUT is not None  # set before the pool forked
    catalogue, analysis_cache = _FORKED_INPUT
    return evaluate_repo_isolated(repo, catalogue, collected_at, owner, analysis_cache)


class StreamingEvaluation:
    """The collector's sink that evaluates: ``accept`` each final repository, then ``results`` in order."""

    def __init__(self, catalogue: Catalogue, analysis_cache=None,
                 progress: Optional[Callable[[int, int, str], None]] = None):
        self.catalogue = catalogue
        self.analysis_cache = analysis_cache
        self.progress = progress
        self.collected_at = ""
        self.owner: Optional[dict] = None
        self.total = 0
        self._results: dict[int, RepoResult] = {}
        self._pool: Optional[ProcessPoolExecutor] = None
        self._in_flight: dict[Future, tuple] = {}  # future -> (index, repo): the repo is sent again if the pool breaks
        self._limit = 0

    # --- the sink (collect/github/release.py) ------------------------------------------
    def begin(self, collected_at: str, owner: dict, total: int) -> None:
        """Fork the workers now, while the collector has started no thread (see engine._worker_count)."""
        global _FORKED_INPUT
        self.collected_at, self.owner, self.total = collected_at, owner, total
        workers = _worker_count(total)
        if workers <= 1:
            return
        kinds.registry()  # import every kind before forking, so no worker imports them again
        _FORKED_INPUT = (self.catalogue, self.analysis_cache)
        try:
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
            # A fork pool starts every worker at its first task: start them here, before any thread.
            pool.submit(int).result()
        except (BrokenProcessPool, OSError):
            return  # no workers (out of processes, out of memory): evaluate here, the result is the same
        finally:
            _FORKED_INPUT = None
        self._pool, self._limit = pool, workers * IN_FLIGHT_PER_WORKER

    def accept(self, index: int, repo: RepoSnapshot) -> RepoSnapshot:
        if self._pool is not None:
            try:
                self._in_flight[self._pool.submit(_evaluate_sent, repo, self.collected_at, self.owner)] = (index, repo)
            except (BrokenProcessPool, RuntimeError):
                self._give_up_pool()
                self._evaluate_here(index, repo)
            self._collect_done()
        else:
            self._evaluate_here(index, repo)
        return lightened(repo)

    def has_room(self) -> bool:
        self._collect_done()
        return len(self._in_flight) < self._limit or self._pool is None

    def wait_for_room(self, seconds: float) -> None:
        if self._in_flight:
            wait(list(self._in_flight), timeout=seconds, return_when=FIRST_COMPLETED)
        self._collect_done()

    # --- the pipeline ------------------------------------------------------------------
    def results(self) -> list[RepoResult]:
        """Every repository's result in snapshot order, once all are back."""
        while self._in_flight:
            self.wait_for_room(1.0)
        self.close()
        return [self._results[index] for index in range(len(self._results))]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    # --- inside ------------------------------------------------------------------------
    def _evaluate_here(self, index: int, repo: RepoSnapshot) -> None:
        self._done(index, repo, evaluate_repo_isolated(repo, self.catalogue, self.collected_at, self.owner,
                                                       self.analysis_cache))

    def _done(self, index: int, repo: RepoSnapshot, result: RepoResult) -> None:
        self._results[index] = result
        if self.progress:
            self.progress(len(self._results), self.total, repo.name)

    def _collect_done(self) -> None:
        for future in [future for future in self._in_flight if future.done()]:
            index, repo = self._in_flight.pop(future)
            try:
                result = future.result()
            except (BrokenProcessPool, OSError):
                # A worker died (killed, out of memory): this one and every later one are evaluated here.
                self._give_up_pool()
                self._evaluate_here(index, repo)
                continue
            except Exception:  # noqa: BLE001 - a repository or result that would not pickle costs only itself
                self._evaluate_here(index, repo)
                continue
            self._done(index, repo, result)

    def _give_up_pool(self) -> None:
        pending = list(self._in_flight.values())
        self._in_flight.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        for index, repo in pending:
            self._evaluate_here(index, repo)
