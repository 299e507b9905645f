"""kill -9 during a GitHub collection, at several points: the re-run gives the same snapshot and the cache stays sound.

The collector writes cache entries by temporary file + rename and the snapshot the
same way (app.write_output), so a run killed at any instant leaves each file either
old or new. The points below kill it early (listing repositories), in the middle
(GraphQL answers and archives arriving) and late (archives being stored).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portfolio_audit.collect.http_cache import HttpCache
from tests.support.github_server import GitHubServer

from ..helpers import run_cli

pytestmark = pytest.mark.github_api  # the local GitHub's shapes come from ../shared/github-api

TOKEN = "ghp_crash0123456789"
# Slow enough that a kill lands mid-run, fast enough for CI.
LATENCY_SECONDS = 0.03
MAX_REPOS = "5"
KILL_TIMEOUT_SECONDS = 60


@pytest.fixture(scope="module")
def server():
    with GitHubServer(latency=LATENCY_SECONDS) as running:
        yield running


def command(server, cache: Path, output: Path) -> list:
    return [sys.executable, "-m", "portfolio_audit", "collect", f"github:{server.world.person}", "--api-url",
            server.base_url, "--cache-dir", str(cache), "--max-repos", MAX_REPOS, "-o", str(output), "-q"]


def comparable(snapshot_file: Path) -> dict:
    data = json.loads(snapshot_file.read_text(encoding="utf-8"))
    data.pop("collected_at", None)
    return data


def assert_cache_sound(cache: Path) -> None:
    """Every entry the killed run left is whole: it loads, and its checksum matches."""
    store = HttpCache.__new__(HttpCache)
    store.directory = cache
    for entry in cache.rglob("*.entry"):
        assert store.load_response(entry.stem) is not None, entry
    for blob in cache.rglob("*.bin"):
        raw = blob.read_bytes()
        assert hashlib.sha256(raw[64:]).hexdigest() == raw[:64].decode("ascii"), blob
    for record in cache.rglob("*.json"):
        assert isinstance(json.loads(record.read_bytes()), dict), record


def killed_at(server, cache: Path, output: Path, endpoint: str, count: int) -> int:
    """Start a collection and SIGKILL it once the server has answered ``count`` requests to ``endpoint``."""
    server.stats.reset()
    env = dict(os.environ, GITHUB_TOKEN=TOKEN, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    process = subprocess.Popen(command(server, cache, output), env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + KILL_TIMEOUT_SECONDS
    try:
        while time.monotonic() < deadline and process.poll() is None:
            seen = server.stats.snapshot()["by_endpoint"].get(endpoint, 0) if endpoint else server.stats.snapshot()["total"]
            if seen >= count:
                break
            time.sleep(0.005)
        assert process.poll() is None, "the run finished before the kill point; raise LATENCY_SECONDS"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=10)
    return process.returncode


@pytest.fixture(scope="module")
def reference(server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("reference")
    done = run_cli(*command(server, folder / "cache", folder / "snapshot.json")[3:], env={"GITHUB_TOKEN": TOKEN})
    assert done.returncode == 0, done.stderr
    return comparable(folder / "snapshot.json")


@pytest.mark.parametrize("endpoint,count", [
    ("", 2),                      # the user and the repository list
    ("graphql", 1),               # details arriving
    ("codeload", 2),              # archives downloading and being cached
    ("codeload", 4),
], ids=["early", "graphql", "archives", "late"])
def test_kill_9_then_rerun_gives_the_same_snapshot(server, reference, tmp_path, endpoint, count):
    cache, output = tmp_path / "cache", tmp_path / "snapshot.json"
    assert killed_at(server, cache, output, endpoint, count) == -signal.SIGKILL
    assert not output.exists()  # no half snapshot: it is written whole at the end or not at all
    assert_cache_sound(cache)
    server.stats.reset()
    done = run_cli(*command(server, cache, output)[3:], env={"GITHUB_TOKEN": TOKEN})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert comparable(output) == reference
    assert_cache_sound(cache)


def test_a_rerun_after_a_kill_reuses_what_was_cached(server, reference, tmp_path):
    cache, output = tmp_path / "cache", tmp_path / "snapshot.json"
    killed_at(server, cache, output, "codeload", 3)
    server.stats.reset()
    done = run_cli(*command(server, cache, output)[3:], env={"GITHUB_TOKEN": TOKEN})
    assert done.returncode == 0, done.stderr
    rerun = server.stats.snapshot()
    server.stats.reset()
    cold = run_cli(*command(server, tmp_path / "cold", tmp_path / "cold.json")[3:], env={"GITHUB_TOKEN": TOKEN})
    assert cold.returncode == 0
    assert rerun["counted_total"] < server.stats.snapshot()["counted_total"]
    assert comparable(output) == reference
