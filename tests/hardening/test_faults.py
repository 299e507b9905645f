"""Every fault the local GitHub can inject, through a whole audit: a report, the affected repository marked, nothing else lost.

tests/test_collect_github.py checks the collector's retry and wait decisions one by one;
this suite runs collect → evaluate → render for each fault that does not go away and
compares the report with a clean run: the repository the fault hits is "not collected:
reason" (or its GitHub data is, with the reason), every other repository's findings are
exactly the clean run's, and no traceback reaches stderr. Faults on the requests the whole
audit depends on end with one error line and exit code 3, through the real command line.
"""

from __future__ import annotations

import io
import json

import pytest

from portfolio_audit import app
from portfolio_audit.collect.github import GitHubSettings, transport
from portfolio_audit.errors import AuditError, ExitCode
from tests.support.github_server import GitHubServer
from tests.support.github_world import FLAGSHIP, FRENCH_REPO, JAPANESE_REPO

from ..helpers import run_cli

pytestmark = pytest.mark.github_api  # the local GitHub's shapes come from ../shared/github-api

TOKEN = "ghp_faults0123456789"
REPOS = (FLAGSHIP, FRENCH_REPO, JAPANESE_REPO)
# Short waits keep the suite fast; the decisions under test do not depend on their length.
TEST_TIMEOUT_SECONDS = 1
SLOW_FAULT_SECONDS = 3


@pytest.fixture(scope="module")
def server():
    with GitHubServer() as running:
        yield running


@pytest.fixture
def github(server, monkeypatch):
    server.reset()
    monkeypatch.setattr(transport, "REQUEST_TIMEOUT_SECONDS", TEST_TIMEOUT_SECONDS)
    monkeypatch.setattr(transport, "TRANSIENT_BACKOFF_SECONDS", 0.05)
    monkeypatch.setattr(transport, "SECONDARY_LIMIT_WAIT_SECONDS", 1)
    return server


def audit(server, token=TOKEN, max_wait=2.0, may_fail_to_collect=False) -> tuple:
    """(result dict, stderr text) of an in-process audit of REPOS, JSON to a string.

    With ``may_fail_to_collect``, an audit that could collect nothing gives (None, stderr).
    """
    settings = app.AuditSettings(
        inputs=(f"github:{server.world.person}",), output_format="json", output="-",
        github=GitHubSettings(token=token, api_url=server.base_url, use_cache=False, max_wait=max_wait,
                              repos=REPOS))
    stdout, stderr = io.StringIO(), io.StringIO()
    code = app.run_audit(settings, stdout=stdout, stderr=stderr)
    if may_fail_to_collect and code == ExitCode.COLLECTION_FAILED:
        return None, stderr.getvalue()
    assert code == ExitCode.OK, stderr.getvalue()
    assert "Traceback" not in stderr.getvalue()
    return json.loads(stdout.getvalue()), stderr.getvalue()


def by_name(result: dict) -> dict:
    return {repo["name"]: repo for repo in result["repos"]}


def findings(repo: dict) -> list:
    return [(f["rule_id"], f["outcome"], f["score"]) for f in repo["findings"]]


@pytest.fixture(scope="module")
def clean(server):
    server.reset()
    result, _ = audit(server)
    assert all(repo["status"] != "not_collected" for repo in result["repos"])
    return by_name(result)


def flagship_archive(server) -> str:
    person = server.world.person
    return f"^/_codeload/{person}/{FLAGSHIP}/|/repos/{person}/{FLAGSHIP}/tarball"


ARCHIVE_FAULTS = {
    "429-without-retry-after": (dict(kind="rate_limit_429"), "rate limit"),
    "403-secondary-limit": (dict(kind="secondary_rate_limit", retry_after=3600), "rate limit"),
    "500": (dict(kind="status", status=500), "500"),
    "502": (dict(kind="status", status=502), "502"),
    "503": (dict(kind="status", status=503), "503"),
    "reset-mid-body": (dict(kind="connection_reset"), "connection was reset"),
    "slow-past-timeout": (dict(kind="slow", delay=SLOW_FAULT_SECONDS), "timed out"),
    "truncated-archive": (dict(kind="truncated_body"), "archive"),
    "corrupt-archive": (dict(kind="malformed_json"), "archive"),
}


@pytest.mark.parametrize("name", sorted(ARCHIVE_FAULTS))
def test_a_failing_archive_marks_one_repository_and_loses_nothing_else(github, clean, name):
    options, reason = ARCHIVE_FAULTS[name]
    github.add_fault(options.pop("kind"), path=flagship_archive(github), count=None, **options)
    result, _ = audit(github)
    repos = by_name(result)
    flagship = repos[FLAGSHIP]
    assert flagship["status"] == "not_collected", flagship["status"]
    assert reason in flagship["status_reason"], flagship["status_reason"]
    for other in (FRENCH_REPO, JAPANESE_REPO):
        assert findings(repos[other]) == findings(clean[other]), other
        assert repos[other]["score"] == clean[other]["score"]


def test_a_primary_limit_on_one_archive_stops_later_downloads_and_loses_nothing_collected(github, clean):
    """GitHub's primary limit is the token's, not one path's: once an archive meets it, later downloads wait or fail too.

    Archives download in parallel, so which others were fetched before the flagship's 403 is
    up to the scheduler: each is either exactly as in the clean audit or marked not collected for
    the rate limit, never half-read. When the 403 came first and every download failed, the audit
    stops with COLLECTION_FAILED rather than score a profile of failures.
    """
    github.add_fault("primary_rate_limit", path=flagship_archive(github), count=None, retry_after=3600)
    result, stderr = audit(github, may_fail_to_collect=True)
    if result is None:
        assert "no repository could be collected" in stderr and "rate limit" in stderr, stderr
        return
    repos = by_name(result)
    assert repos[FLAGSHIP]["status"] == "not_collected"
    assert "rate limit" in repos[FLAGSHIP]["status_reason"], repos[FLAGSHIP]["status_reason"]
    for other in (FRENCH_REPO, JAPANESE_REPO):
        if repos[other]["status"] == "not_collected":
            assert "rate limit" in repos[other]["status_reason"], repos[other]["status_reason"]
        else:
            assert findings(repos[other]) == findings(clean[other]), other
            assert repos[other]["score"] == clean[other]["score"]


@pytest.mark.parametrize("kind,options", [
    ("graphql_errors", {}),
    ("malformed_json", {}),
    ("status", {"status": 503}),
    ("rate_limit_429", {}),
], ids=["graphql-errors-in-200", "malformed-json", "503", "429"])
def test_a_failing_graphql_api_leaves_files_and_commits_rules_intact(github, clean, kind, options):
    github.add_fault(kind, path="/api/graphql", count=None, **options)
    result, _ = audit(github)
    for name, repo in by_name(result).items():
        if repo["kind"] != "repository":  # the profile card comes from REST search, which still works
            assert findings(repo) == findings(clean[name]), name
            continue
        assert repo["status"] != "not_collected", (name, repo["status_reason"])
        collaboration = [f for f in repo["findings"] if f["category"] == "collaboration"]
        assert all(f["outcome"] in ("not_available", "not_applicable") for f in collaboration), name
        # What the archive gave (README, docs, code) is scored exactly as in the clean run.
        file_based = [f for f in findings(repo) if f[0].split("/")[0] in ("readme", "reflection", "comments")]
        assert file_based == [f for f in findings(clean[name]) if f[0].split("/")[0] in ("readme", "reflection", "comments")]


def test_a_retry_after_within_the_budget_costs_time_not_data(github, clean):
    github.add_fault("rate_limit_429", path="/api/graphql", retry_after=1, count=1)
    github.add_fault("status", status=502, path=flagship_archive(github), count=1)
    github.add_fault("connection_reset", path="/search/issues", count=1)
    result, _ = audit(github, max_wait=5)
    for name, repo in by_name(result).items():
        assert findings(repo) == findings(clean[name]), name


@pytest.mark.parametrize("kind,options", [
    ("status", {"status": 503}),
    ("connection_reset", {}),
    ("malformed_json", {}),
    ("primary_rate_limit", {"retry_after": 3600}),
], ids=["503", "reset", "malformed-json", "primary-limit"])
def test_faults_on_the_user_end_with_one_error_line_and_exit_3(github, tmp_path, kind, options):
    github.add_fault(kind, path=f"/users/{github.world.person}$", count=None, **options)
    done = run_cli("audit", f"github:{github.world.person}", "--api-url", github.base_url, "-f", "json",
                   "--no-cache", "--max-wait", "1", env={"GITHUB_TOKEN": TOKEN})
    assert done.returncode == ExitCode.COLLECTION_FAILED, done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and errors[0].startswith("portfolio-audit: error: ") and "hint:" in errors[0], done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_listing_that_is_not_json_is_a_clear_error(github):
    github.add_fault("malformed_json", path=f"/users/{github.world.person}/repos", count=None)
    with pytest.raises(AuditError) as error:
        audit(github)
    assert error.value.exit_code == ExitCode.COLLECTION_FAILED
    assert "malformed" in str(error.value)
