"""The example workflow, run whole for each event that starts it: push, schedule and workflow_dispatch all commit.

The workspace is a clone of a bare "origin" (standing in for actions/checkout), the
audit step runs this folder's action.yml against the local GitHub, and the commit
step's `git push` lands in the bare repository, where the test looks for it. The event
payloads carry what GitHub documents for each event: a scheduled run's is only the
cron line, with no repository in it, which is what once kept the weekly run from
committing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from portfolio_audit.readme_section import END_MARKER, START_MARKER

from .action_runner import WorkflowRunner
from .conftest import REPO_ROOT
from .helpers import GIT_ENV

pytestmark = pytest.mark.github_api  # the local GitHub's shapes come from ../shared/github-api

EXAMPLE_WORKFLOW = REPO_ROOT / "examples" / "workflows" / "portfolio-audit.yml"
OWN_ACTION = "portfolio-audit/portfolio-audit@"
COMMIT_STEP = "Commit the README section"
COMMIT_SUBJECT = "Update the portfolio audit section"
PROFILE_README = f"# Hi\n\nI build tide gauges.\n\n{START_MARKER}\n{END_MARKER}\n"
DEFAULT_BRANCH = "main"


def payload(event: str, person: str, branch: str) -> dict:
    """The parts of each event's payload that workflows read (GitHub's webhook documentation)."""
    repository = {"name": person, "full_name": f"{person}/{person}", "default_branch": DEFAULT_BRANCH,
                  "owner": {"login": person}}
    if event == "schedule":
        return {"schedule": "17 6 * * 1"}
    if event == "push":
        return {"ref": f"refs/heads/{branch}", "repository": dict(repository, master_branch=DEFAULT_BRANCH),
                "pusher": {"name": person}, "head_commit": {"message": "Edit the profile"}}
    return {"ref": f"refs/heads/{branch}", "repository": repository, "inputs": None, "sender": {"login": person},
            "workflow": ".github/workflows/portfolio-audit.yml"}


def git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env={**GIT_ENV, "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture
def origin(tmp_path):
    """A bare repository with the profile README on main, as GitHub holds it."""
    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "-q", "-b", DEFAULT_BRANCH)
    (seed / "README.md").write_text(PROFILE_README, encoding="utf-8")
    git(seed, "add", "README.md")
    git(seed, "commit", "-q", "-m", "Start the profile")
    bare = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(bare))
    return bare


def run_workflow(github, tmp_path, origin, event: str, branch: str = DEFAULT_BRANCH, publish: bool = False):
    person = github.world.person
    workspace = tmp_path / "workspace"
    runner_temp = tmp_path / "runner-temp"
    shutil.rmtree(workspace, ignore_errors=True)
    runner_temp.mkdir(exist_ok=True)

    def checkout(with_, into):
        git(tmp_path, "clone", "-q", "--branch", branch, str(origin), str(into))
        return {}

    workflow = tmp_path / "portfolio-audit.yml"
    text = EXAMPLE_WORKFLOW.read_text(encoding="utf-8")
    workflow.write_text(text.replace('PUBLISH_REPORT: "false"', 'PUBLISH_REPORT: "true"') if publish else text,
                        encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    context = {
        "event_name": event, "event": payload(event, person, branch), "ref": f"refs/heads/{branch}",
        "ref_name": branch, "repository": f"{person}/{person}", "repository_owner": person, "token": "ghp_x",
        "api_url": github.base_url, "graphql_url": github.graphql_url, "server_url": "https://github.com",
        "run_id": "77", "run_attempt": "1",
        "workflow_ref": f"{person}/{person}/.github/workflows/portfolio-audit.yml@refs/heads/{branch}",
    }
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "PYTHONPATH": str(REPO_ROOT),
           "PORTFOLIO_AUDIT_ACTION_PYTHON": sys.executable, "GIT_CONFIG_GLOBAL": GIT_ENV["GIT_CONFIG_GLOBAL"],
           "GIT_CONFIG_NOSYSTEM": "1", "XDG_CACHE_HOME": str(tmp_path / "cache-home")}
    return WorkflowRunner(workflow_file=workflow, workspace=workspace, runner_temp=runner_temp, github=context,
                          base_env=env, local_actions={OWN_ACTION: REPO_ROOT},
                          simulated={"actions/checkout@": checkout}).run()


def pushed_subjects(origin, branch: str = DEFAULT_BRANCH) -> list:
    return git(origin, "log", "--format=%s", branch).splitlines()


@pytest.mark.parametrize("event", ["push", "schedule", "workflow_dispatch"])
def test_every_trigger_commits_the_refreshed_section_and_a_rerun_commits_nothing(github, tmp_path, origin, event):
    run = run_workflow(github, tmp_path, origin, event)
    commit = run.named(COMMIT_STEP)
    assert not run.failed, (run.action_runs["audit"].step("audit").stderr, commit.stderr)
    assert commit.outcome == "success", commit.stderr
    assert pushed_subjects(origin) == [COMMIT_SUBJECT, "Start the profile"]
    files = set(git(origin, "show", "--name-only", "--format=", DEFAULT_BRANCH).split())
    assert files == {"README.md", "portfolio-audit-badge.svg"}
    readme = git(origin, "show", f"{DEFAULT_BRANCH}:README.md")
    assert "Portfolio audit:" in readme and f"/{github.world.person}/actions/workflows/portfolio-audit.yml" in readme
    # The artifact upload was asked for the report and the summary.
    upload = run.named("Upload the HTML report")
    assert upload.outcome == "success" and upload.with_["path"].strip().endswith("portfolio-audit-summary.md")

    again = run_workflow(github, tmp_path, origin, event)
    assert again.named(COMMIT_STEP).outcome == "success"
    assert "nothing to commit" in again.named(COMMIT_STEP).stdout
    assert pushed_subjects(origin) == [COMMIT_SUBJECT, "Start the profile"]


def test_a_manual_run_on_another_branch_commits_nothing(github, tmp_path, origin):
    git(origin, "branch", "try-things", DEFAULT_BRANCH)
    run = run_workflow(github, tmp_path, origin, "workflow_dispatch", branch="try-things")
    assert not run.failed
    assert run.named(COMMIT_STEP).outcome == "skipped"
    assert pushed_subjects(origin, "try-things") == ["Start the profile"]


def test_publishing_commits_the_report_and_links_github_pages(github, tmp_path, origin):
    person = github.world.person
    run = run_workflow(github, tmp_path, origin, "schedule", publish=True)
    assert not run.failed, run.named(COMMIT_STEP).stderr
    files = set(git(origin, "show", "--name-only", "--format=", DEFAULT_BRANCH).split())
    assert files == {"README.md", "portfolio-audit-badge.svg", "portfolio-audit/index.html"}
    readme = git(origin, "show", f"{DEFAULT_BRANCH}:README.md")
    assert f"(https://{person}.github.io/{person}/portfolio-audit/)" in readme
    report = git(origin, "show", f"{DEFAULT_BRANCH}:portfolio-audit/index.html")
    assert report.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in report
