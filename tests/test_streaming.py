"""Large audits in bounded memory: JSON written in pieces, repositories evaluated as they arrive, same bytes."""

import io
import json
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

import pytest

from portfolio_audit import app, json_text
from portfolio_audit.render import FORMATS, render, render_pieces

VALUES = [
    {"b": [1, 2.5, None, True], "a": {"é": "…\n\"quoted\"", "empty": [], "nested": {}}, "c": "\ud7ff"},
    [[], {}, [[[]]], "", 0, -1.25e-7, 10**30],
    "just text",
    {"repos": [{"name": f"r{i}", "findings": [{"score": i / 3, "evidence": []}] * 3} for i in range(50)]},
]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("options", [dict(sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False),
                                     dict(sort_keys=True, ensure_ascii=False, indent=1)])
def test_json_pieces_are_json_dumps_character_for_character(value, options, monkeypatch):
    monkeypatch.setattr(json_text, "CHUNKS_PER_PIECE", 7)  # many pieces, joined at odd places
    expected = json.dumps(value, **options)
    assert json_text.dumps(value, **options) == expected
    assert "".join(json_text.pieces(value, **options)) == expected
    assert len(list(json_text.pieces(value, **options))) > 1 or len(expected) < 40


def test_every_format_gives_the_same_text_whole_or_in_pieces():
    golden = (Path(__file__).parent / "golden" / "report.json").read_text(encoding="utf-8")
    result = json.loads(golden)
    assert "".join(render_pieces("json", result)) == render("json", result) == golden
    for name in FORMATS:
        assert "".join(render_pieces(name, result, audience="recruiter")) == render(name, result, audience="recruiter")


def test_a_report_in_pieces_is_written_whole_to_a_file_and_to_stdout(tmp_path):
    pieces = ["{", '"a": "é"', "}\n"]
    target = tmp_path / "out.json"
    app.write_output(iter(pieces), str(target), None)
    assert target.read_text(encoding="utf-8") == "".join(pieces)
    stdout = io.StringIO()
    app.write_output(iter(pieces), app.STDOUT, stdout)
    assert stdout.getvalue() == "".join(pieces)


def test_a_failure_while_rendering_pieces_leaves_no_output(tmp_path):
    def failing():
        yield "{"
        raise ValueError("Out of range float values are not JSON compliant")

    stdout = io.StringIO()
    with pytest.raises(ValueError):
        app.write_output(failing(), app.STDOUT, stdout)
    assert stdout.getvalue() == ""
    with pytest.raises(ValueError):
        app.write_output(failing(), str(tmp_path / "out.json"), None)
    assert list(tmp_path.iterdir()) == []


def test_a_spooled_snapshot_has_the_bytes_of_dumps_whatever_its_text_holds():
    from portfolio_audit import snapshot as snapshot_io
    from portfolio_audit.snapshot import Collected, FileEntry, RepoSnapshot, Snapshot
    from portfolio_audit.snapshot_stream import SnapshotSpool

    tricky = '\n "repos": [],\n\t"quoted" \\ é 🚀 \u2028'
    repos = tuple(RepoSnapshot(name=f"r{i}", full_name=f"p/r{i}", description=tricky if i else None,
                               files=(FileEntry("a.py", "source", "python", 3, tricky * i),) if i % 2 else (),
                               commits=Collected.of([]), topics=("x",) * i) for i in range(4))
    snapshot = Snapshot(collected_at=FIXED_COLLECTED_AT, source={"kind": "github", "handle": tricky}, repos=repos,
                        owner={"login": "p", "name": tricky})
    for kept in (repos, ()):
        whole = replace(snapshot, repos=kept)
        spool = SnapshotSpool()
        light = replace(whole, repos=tuple(spool.accept(i, repo) for i, repo in reversed(list(enumerate(kept))))[::-1])
        assert "".join(spool.pieces(light)) == snapshot_io.dumps(whole)
        spool.close()


# --- streamed evaluation: the same result as evaluating the whole snapshot -----------------

FIXED_COLLECTED_AT = "2026-11-30T12:00:00Z"
STREAM_TOKEN = "streaming-test-token"
# Enough repositories for the worker pool (engine.MIN_REPOS_FOR_WORKERS) and every special one.
STREAM_WORLD = dict(repo_count=14, huge_repo_files=20)
# The real command line with collection's clock pinned, so two runs can be compared byte for byte.
PINNED_CLI = ("import runpy, sys; from portfolio_audit.collect.github.collector import GitHubCollector as C; "
              "collect, pinned = C.collect, sys.argv.pop(1); C.collect = lambda self, at=None, sink=None: collect(self, pinned, sink); "
              "runpy.run_module('portfolio_audit', run_name='__main__', alter_sys=True)")


@pytest.fixture(scope="module")
def world_server():
    from tests.support.github_server import GitHubServer
    from tests.support.github_world import ANNOTATIONS_VALID, build_world

    # The anonymous limit raised so that the REST path reads every repository of the world.
    limits = {"core": (5000, 5000), "search": (30, 30)}
    with GitHubServer(build_world(**STREAM_WORLD, annotations=ANNOTATIONS_VALID), limits=limits) as running:
        yield running


def _settings(server, cache_dir, token):
    from portfolio_audit.collect.github import GitHubSettings

    return GitHubSettings(handle=server.world.person, token=token, api_url=server.base_url, cache_dir=str(cache_dir),
                          max_wait=5, include_forks=True, include_archived=True)


@pytest.mark.parametrize("token", [STREAM_TOKEN, None], ids=["graphql", "rest"])
def test_streamed_evaluation_gives_the_whole_snapshots_result_byte_for_byte(world_server, tmp_path, token):
    from portfolio_audit import snapshot as snapshot_io
    from portfolio_audit.collect.github import collect_github
    from portfolio_audit.engine import assemble_result, evaluate_snapshot
    from portfolio_audit.rules import load_catalogue
    from portfolio_audit.snapshot_stream import SnapshotSpool
    from portfolio_audit.streaming import StreamingEvaluation, lightened

    catalogue = load_catalogue()
    world_server.reset()
    whole, _ = collect_github(_settings(world_server, tmp_path / "whole", token), collected_at=FIXED_COLLECTED_AT)
    expected = render("json", evaluate_snapshot(whole, catalogue))
    world_server.reset()
    stream = StreamingEvaluation(catalogue)
    light, _ = collect_github(_settings(world_server, tmp_path / "streamed", token), collected_at=FIXED_COLLECTED_AT,
                              sink=stream)
    streamed = render("json", assemble_result(light, catalogue, stream.results()))
    assert streamed == expected
    result = json.loads(streamed)
    assert any(repo.get("annotation") for repo in result["repos"])  # the profile's annotations reached them
    assert any(repo["is_fork"] for repo in result["repos"])
    # What the streamed snapshot keeps: every repository, in order, without file texts.
    assert [repo.name for repo in light.repos] == [repo.name for repo in whole.repos]
    assert all(entry.text == "" for repo in light.repos for entry in repo.files)
    assert light.repos == tuple(lightened(repo) for repo in whole.repos)
    world_server.reset()
    spool = SnapshotSpool()
    # From the whole run's cache: the warm path (cached GraphQL nodes) too.
    spooled, _ = collect_github(_settings(world_server, tmp_path / "whole", token), collected_at=FIXED_COLLECTED_AT,
                                sink=spool)
    assert "".join(spool.pieces(spooled)) == snapshot_io.dumps(whole)
    spool.close()
    assert snapshot_io.dumps(replace(light, repos=())) == snapshot_io.dumps(replace(whole, repos=()))


def test_streamed_audit_with_workers_matches_evaluating_the_saved_snapshot(world_server, tmp_path):
    """The command line: `audit` streams into forked workers; `collect` + `evaluate` reads the whole snapshot."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, GITHUB_TOKEN=STREAM_TOKEN, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    common = ("--api-url", world_server.base_url, "--include-forks", "--include-archived", "-q")
    handle = f"github:{world_server.world.person}"

    def cli(*args):
        done = subprocess.run([sys.executable, "-c", PINNED_CLI, FIXED_COLLECTED_AT, *args], env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done

    world_server.reset()
    cli("collect", handle, *common, "--cache-dir", str(tmp_path / "a"), "-o", str(tmp_path / "snapshot.json"))
    cli("evaluate", str(tmp_path / "snapshot.json"), "-o", str(tmp_path / "whole.json"), "--no-cache", "-q")
    world_server.reset()
    cli("audit", handle, *common, "--cache-dir", str(tmp_path / "b"), "-f", "json", "-o", str(tmp_path / "streamed.json"))
    whole = (tmp_path / "whole.json").read_bytes()
    assert (tmp_path / "streamed.json").read_bytes() == whole
    assert len(json.loads(whole)["repos"]) > STREAM_WORLD["repo_count"] - 2


class _FailingPool:
    """A worker pool whose every task fails as ``error`` does: a dead worker, or a result that would not pickle."""

    def __init__(self, error):
        self.error = error

    def submit(self, function, *args):
        from concurrent.futures import Future

        future = Future()
        future.set_exception(self.error)
        return future

    def shutdown(self, **options):
        return None


@pytest.mark.parametrize("error", [BrokenProcessPool("died"),
                                   TypeError("cannot pickle '_thread.lock' object")], ids=["dead worker", "pickling"])
def test_a_failing_worker_pool_costs_no_repository_and_no_byte(error):
    from portfolio_audit.engine import assemble_result, evaluate_snapshot
    from portfolio_audit.rules import load_catalogue
    from portfolio_audit.streaming import StreamingEvaluation, lightened
    from tests.test_render import portfolio

    catalogue, snapshot = load_catalogue(), portfolio()
    stream = StreamingEvaluation(catalogue)
    stream.begin(snapshot.collected_at, snapshot.owner or {}, len(snapshot.repos))
    stream._pool, stream._limit = _FailingPool(error), 4  # as if begin had forked workers
    light = replace(snapshot, repos=tuple(stream.accept(i, repo) for i, repo in enumerate(snapshot.repos)))
    assert light.repos == tuple(lightened(repo) for repo in snapshot.repos)
    assert render("json", assemble_result(light, catalogue, stream.results())) == \
        render("json", evaluate_snapshot(snapshot, catalogue))
