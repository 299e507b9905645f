"""While a run waits for GitHub's rate limit it says so, and repositories are reported as each is collected.

Against the local GitHub with a rate-limit window of a few seconds: the assertions are
on the lines and their order, never on how long anything took.
"""

from __future__ import annotations

import re

import pytest

from portfolio_audit.collect.github import transport
from portfolio_audit.collect.github import GitHubSettings, collect_github
from tests.support.github_server import GitHubServer
from tests.support.github_world import build_world

from .helpers import run_cli

pytestmark = pytest.mark.github_api  # the local GitHub's shapes come from ../shared/github-api

REPOS = 6
# Anonymous requests per window: enough for the user, the listing and a few repositories,
# so the limit runs out in the middle of the run.
ANONYMOUS_REQUESTS = 14
WINDOW_SECONDS = 2
WAITING = re.compile(r"^portfolio-audit: waiting (\d+) s for GitHub's rate limit "
                     r"\(resets at \d\d:\d\d UTC; --max-wait 30\)$")
COLLECTING = re.compile(r"^collecting (\d+)/(\d+): ")


@pytest.fixture(scope="module")
def limited():
    world = build_world(repo_count=REPOS, issues_per_repo=0, flagship_issues=0, flagship_pulls=0, huge_repo_files=10)
    with GitHubServer(world, limits={"core": (ANONYMOUS_REQUESTS, 5000)}, windows={"core": WINDOW_SECONDS}) as server:
        yield server


@pytest.fixture(autouse=True)
def fresh(limited):
    limited.reset()


def _collect(server, tmp_path, lines: list):
    settings = GitHubSettings(handle=server.world.person, token=None, api_url=server.base_url,
                              cache_dir=str(tmp_path / "cache"), max_wait=30, workers=1, include_archived=True)
    # One list for both, in the order they were said: progress and notices share stderr.
    return collect_github(settings, progress=lambda i, n, name: lines.append(f"collecting {i}/{n}: {name}"),
                          notice=lines.append)


def test_the_wait_is_announced_and_collecting_lines_come_before_and_after_it(limited, tmp_path):
    lines = []
    snapshot, _ = _collect(limited, tmp_path, lines)
    assert all(repo.collection_error is None for repo in snapshot.repos), [r.collection_error for r in snapshot.repos]
    waits = [index for index, line in enumerate(lines) if WAITING.match(line)]
    collecting = [index for index, line in enumerate(lines) if COLLECTING.match(line)]
    assert waits, lines
    assert len(collecting) == len(snapshot.repos)
    # Repositories finished before the limit ran out were reported then, not after the wait.
    assert collecting[0] < waits[0] < collecting[-1], lines
    numbers = [int(COLLECTING.match(lines[i]).group(1)) for i in collecting]
    assert numbers == list(range(1, len(numbers) + 1))


def test_a_long_wait_is_reported_again_with_what_is_left(limited, tmp_path, monkeypatch):
    # Reports every half second instead of every ten: the same code path, in a short test.
    monkeypatch.setattr(transport, "WAIT_REPORT_SECONDS", 0.5)
    monkeypatch.setattr(transport, "WAIT_REPORT_SLACK_SECONDS", 0.1)
    lines = []
    _collect(limited, tmp_path, lines)
    first_wait = [int(WAITING.match(line).group(1)) for line in lines if WAITING.match(line)]
    assert len(first_wait) >= 2, lines
    # Within one wait the seconds left only go down.
    assert any(later < earlier for earlier, later in zip(first_wait, first_wait[1:])), first_wait


def test_the_command_line_says_it_is_waiting_on_stderr(limited, tmp_path):
    done = run_cli("collect", f"github:{limited.world.person}", "--api-url", limited.base_url, "--max-wait", "30",
                   "--workers", "1", "--cache-dir", str(tmp_path / "cache"), "-o", str(tmp_path / "snapshot.json"),
                   env={"GITHUB_TOKEN": ""})
    assert done.returncode == 0, done.stderr
    stderr = done.stderr.splitlines()
    assert any(WAITING.match(line) for line in stderr), done.stderr
    assert not any(WAITING.match(line) for line in done.stdout.splitlines())


def test_the_waiting_line_names_the_limit_the_reset_and_the_budget():
    limit = transport.RateLimit(41.2, "the primary rate limit is used up until its reset", resets_at=1_767_276_300.0)
    assert transport.waiting_line(41.2, limit, "core", 60) == (
        "portfolio-audit: waiting 42 s for GitHub's rate limit (resets at 14:05 UTC; --max-wait 60)")
    secondary = transport.RateLimit(60, "a secondary rate limit", resets_at=1_767_276_300.0, secondary=True)
    assert "GitHub's secondary rate limit" in transport.waiting_line(60, secondary, "core", 60)
    assert "GitHub's GraphQL rate limit" in transport.waiting_line(5, limit, "graphql", 60)
