"""Class 6: partial data is never a strong score.

Against the local GitHub with every archive download failing, a handle audit used to
report every own repository "not collected", score 100/100 (strong) from the contributions
card alone and exit 0. Now a portfolio whose own repositories all failed exits 3, like a
folder audit; a partly collected one says so in the caveats and in the summary line, and
names the repositories missing.
"""

from __future__ import annotations

import io
import json

import pytest

from portfolio_audit import app
from portfolio_audit.collect.github import GitHubSettings
from portfolio_audit.errors import ExitCode
from tests.support.github_world import FLAGSHIP

from ..helpers import make_repo, run_cli

TOKEN = "ghp_partial0123456789"
EVERY_ARCHIVE = "^/_codeload/|/tarball"


def test_a_handle_whose_every_archive_fails_exits_3(github):
    github.add_fault("status", status=500, path=EVERY_ARCHIVE, count=None)
    done = run_cli("audit", f"github:{github.world.person}", "--api-url", github.base_url, "-f", "json",
                   "--no-cache", "--max-wait", "1", env={"GITHUB_TOKEN": TOKEN})
    assert done.returncode == ExitCode.COLLECTION_FAILED, done.stderr
    assert done.stdout == "" and "no repository could be collected" in done.stderr


def test_a_partly_collected_handle_says_so_and_names_what_is_missing(github):
    person = github.world.person
    github.add_fault("status", status=500, path=f"^/_codeload/{person}/{FLAGSHIP}/|/repos/{person}/{FLAGSHIP}/tarball",
                     count=None)
    stdout, stderr = io.StringIO(), io.StringIO()
    settings = app.AuditSettings(inputs=(f"github:{person}",), output_format="json", output="-",
                                 github=GitHubSettings(token=TOKEN, api_url=github.base_url, use_cache=False,
                                                       max_wait=1))
    assert app.run_audit(settings, stdout=stdout, stderr=stderr) == ExitCode.OK
    result = json.loads(stdout.getvalue())
    partial = [caveat for caveat in result["caveats"] if caveat.startswith("Partly collected")]
    assert len(partial) == 1 and FLAGSHIP in partial[0]
    summary = stderr.getvalue().strip().splitlines()[-1]
    assert "partly collected" in summary and FLAGSHIP in summary


def test_a_screening_candidate_whose_every_archive_fails_is_not_scored(github, tmp_path):
    github.add_fault("status", status=500, path=EVERY_ARCHIVE, count=None)
    done = run_cli("screen", github.world.person, "--api-url", github.base_url, "-f", "json", "--no-cache",
                   "--max-wait", "1", "--state-dir", str(tmp_path / "state"), env={"GITHUB_TOKEN": TOKEN})
    assert done.returncode == ExitCode.COLLECTION_FAILED, done.stderr
    (candidate,) = json.loads(done.stdout)["candidates"]
    assert candidate["status"] == "failed" and candidate["score"] is None
    assert "no repository could be collected" in candidate["error"]


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_a_partly_collected_folder_audit_names_the_missing_repository(tmp_path, fmt):
    portfolio = tmp_path / "portfolio"
    make_repo(portfolio / "kept", {"README.md": "# Kept\n\nKept is a small tool for reading reports.\n"})
    (portfolio / "gone").symlink_to(tmp_path, target_is_directory=True)
    done = run_cli("audit", str(portfolio), "-f", fmt)
    assert done.returncode == 0, done.stderr
    assert "partly collected" in done.stderr.splitlines()[-1] and "gone" in done.stderr.splitlines()[-1]
    assert "Partly collected: 1 of 2 repositories could not be read (gone)" in done.stdout
