"""The evaluation pool: a repository too large for one worker's share is evaluated in parts, with the same result."""

import json
import multiprocessing

import pytest

from portfolio_audit import analysis_cache as AC
from portfolio_audit import evaluation_pool as pool
from portfolio_audit.engine import evaluate_repo, evaluate_repo_isolated
from portfolio_audit.kinds import reflection as reflection_kind
from portfolio_audit.snapshot import Snapshot
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec

needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork here")

DOC = ("# Design notes {n}\n\nWe chose a queue over a lock for part {n} because writers never wait;"
       " the trade-off is that readers may see a stale count for a moment.\n\n## What we learned\n\n"
       "Measuring first saved us a rewrite: the parser was fast enough, the disk was not.\n\n"
       "Thanks to Ada for reviewing part {n}.\n")
SMALL = {"readme": "# Tally\n\nTally counts what a book club read.\n\n## Install\n\n```bash\npip install tally\n```\n",
         "files": {"tally/core.py": '"""Core."""\n\n' + "VALUE = 1\n" * 40}}


def _snapshot(documents: int = 12) -> Snapshot:
    large = {"readme": "# Big\n\nBig keeps its design in docs/.\n",
             "files": {f"docs/part{n:02}.md": DOC.format(n=n) * 3 for n in range(documents)}}
    specs = (SMALL, large, dict(SMALL, readme=SMALL["readme"] + "\nA second small one.\n"))
    return Snapshot(collected_at=FIXTURE_COLLECTED_AT, source={"kind": "local", "paths": []},
                    repos=tuple(repo_from_spec(spec, name=f"r{i}") for i, spec in enumerate(specs)))


def _serial(snapshot, catalogue, cache=None) -> str:
    return json.dumps([evaluate_repo(repo, catalogue, snapshot.collected_at, snapshot.owner, cache)
                       for repo in snapshot.repos], sort_keys=True)


def test_a_repository_larger_than_a_workers_share_is_planned_in_parts():
    snapshot = _snapshot()
    ready, split = pool.plan(snapshot, workers=2)
    assert list(split) == [1]
    parts = [task.paths for task in split[1]]
    assert len(parts) >= 2 and all(parts)
    documents = [entry.path for entry in snapshot.repos[1].files if entry.kind in pool.DOCUMENT_KINDS]
    assert [path for part in parts for path in part] == documents  # every document once, in order
    assert sorted(task.index for task in ready if not task.paths) == [0, 2]  # the others whole
    # The parts come before the whole repositories: their chain (parts, then the rest) is the longest.
    assert min(task.priority for task in split[1]) > max(task.priority for task in ready if not task.paths)
    assert pool.plan(snapshot, workers=1)[1] == {}  # one worker's share is everything


@needs_fork
def test_a_split_repository_gives_the_result_of_one_process(catalogue):
    snapshot = _snapshot()
    seen = []
    pooled = pool.evaluate_in_pool(snapshot, catalogue, None, 2, evaluate_repo_isolated, progress=lambda i, n, name: seen.append((i, name)))
    assert json.dumps(pooled, sort_keys=True) == _serial(snapshot, catalogue)
    assert seen == [(1, "r0"), (2, "r1"), (3, "r2")]  # reported in snapshot order


@needs_fork
def test_a_document_the_detector_fails_on_fails_the_same_way(catalogue, monkeypatch):
    real = reflection_kind.detect

    def failing(doc):
        if any(section.heading == "Design notes 3" for section in doc.sections):
            raise ValueError("cannot read part 3")
        return real(doc)

    monkeypatch.setattr(reflection_kind, "detect", failing)  # forked workers inherit it
    snapshot = _snapshot()
    pooled = json.dumps(pool.evaluate_in_pool(snapshot, catalogue, None, 2, evaluate_repo_isolated), sort_keys=True)
    assert "cannot read part 3" in pooled
    assert pooled == _serial(snapshot, catalogue)


@needs_fork
def test_with_a_cache_the_parts_are_kept_and_a_warm_run_does_not_split(catalogue, tmp_path):
    snapshot = _snapshot()
    folder = tmp_path / "cache"
    cold = pool.evaluate_in_pool(snapshot, catalogue, AC.AnalysisCache(folder), 2, evaluate_repo_isolated)
    assert json.dumps(cold, sort_keys=True) == _serial(snapshot, catalogue)
    warm_cache = AC.AnalysisCache(folder)
    assert pool.plan(snapshot, 2, warm_cache)[1] == {}  # the document pack is there: nothing to share out
    warm = pool.evaluate_in_pool(snapshot, catalogue, warm_cache, 2, evaluate_repo_isolated)
    assert json.dumps(warm, sort_keys=True) == json.dumps(cold, sort_keys=True)
