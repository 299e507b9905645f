"""Candidate annotations end to end: the real CLI against the local GitHub, profile repository collected or not."""

from __future__ import annotations

import json

import pytest

from portfolio_audit.annotations import annotation_for, parse_annotation_file
from portfolio_audit.snapshot import FileEntry
from tests.support.github_server import GitHubServer
from tests.support.github_world import (
    ANNOTATED_COURSEWORK_REPO,
    ANNOTATED_EXCLUDED_REPO,
    ANNOTATED_OWN_FILE_REPO,
    ANNOTATED_TEAM_REPO,
    ANNOTATION_FILE,
    ANNOTATIONS_BROKEN_PROFILE,
    ANNOTATIONS_INVALID,
    ANNOTATIONS_VALID,
    COURSEWORK_NOTE,
    OWN_FILE_NOTE,
    PROFILE_ROLE_OVERRIDDEN,
    TEAM_ROLE,
    UNKNOWN_ANNOTATION_KEY,
    UNKNOWN_PROJECT_TYPE,
    build_world,
)

from .helpers import run_cli

pytestmark = pytest.mark.github_api  # the local GitHub's shapes come from ../shared/github-api

TOKEN = "annotations-test-token"
# Small worlds: every special repository exists, the huge one stays quick to archive.
WORLD_SIZE = dict(repo_count=8, huge_repo_files=20)
# Not the profile repository: the collector must fetch the profile's file with one contents request.
WITHOUT_PROFILE = ("--repo", ANNOTATED_TEAM_REPO, "--repo", ANNOTATED_OWN_FILE_REPO, "--repo", ANNOTATED_EXCLUDED_REPO)
COLLECTED = "profile collected"
NOT_COLLECTED = "profile not collected"
SELECTIONS = {COLLECTED: ("--include-archived",), NOT_COLLECTED: WITHOUT_PROFILE}


def serve(mode: str):
    with GitHubServer(build_world(**WORLD_SIZE, annotations=mode)) as running:
        yield running


@pytest.fixture(scope="module")
def valid_server():
    yield from serve(ANNOTATIONS_VALID)


@pytest.fixture(scope="module")
def invalid_server():
    yield from serve(ANNOTATIONS_INVALID)


@pytest.fixture(scope="module")
def broken_profile_server():
    yield from serve(ANNOTATIONS_BROKEN_PROFILE)


def audit(server, tmp_path, *args, token=TOKEN, output_format="json"):
    server.stats.reset()
    done = run_cli("audit", f"github:{server.world.person}", "--api-url", server.base_url, "-f", output_format,
                   "--cache-dir", str(tmp_path / "cache"), *args, env={"GITHUB_TOKEN": token})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def audit_json(server, tmp_path, *args, token=TOKEN):
    done = audit(server, tmp_path, *args, token=token)
    result = json.loads(done.stdout)
    from portfolio_audit.app import validate_result

    assert validate_result(result) is None
    return {repo["name"]: repo for repo in result["repos"]}, result, done.stderr


def profile_file_requests(server) -> list:
    person = server.world.person
    marker = f"/repos/{person}/{person}/contents/"
    return [record.path.split(marker, 1)[1] for record in server.stats.snapshot()["log"] if marker in record.path]


def profile_source(server) -> str:
    person = server.world.person
    return f"{person}/{person}/{ANNOTATION_FILE}"


# --- the world ---------------------------------------------------------------------------

def test_annotations_only_add_a_profile_repository_and_one_file():
    plain, annotated = build_world(**WORLD_SIZE), build_world(**WORLD_SIZE, annotations=ANNOTATIONS_VALID)
    person = plain.person
    assert set(annotated.repos) - set(plain.repos) == {f"{person}/{person}"}
    assert not any(ANNOTATION_FILE in repo.files for repo in plain.repos.values())
    for key, repo in plain.repos.items():
        twin = annotated.repos[key]
        if repo.name == ANNOTATED_OWN_FILE_REPO:
            assert set(twin.files) - set(repo.files) == {ANNOTATION_FILE}
        else:
            assert (twin.files, [c.sha for c in twin.commits], twin.issues) == (repo.files, [c.sha for c in repo.commits], repo.issues)
    assert [vars(e) for e in annotated.events] == [vars(e) for e in plain.events]
    with pytest.raises(ValueError):
        build_world(**WORLD_SIZE, annotations="yes please")


# --- valid annotations ---------------------------------------------------------------------

@pytest.mark.parametrize("selection", [COLLECTED, NOT_COLLECTED])
def test_annotations_reach_the_right_repositories(valid_server, tmp_path, selection):
    repos, result, _ = audit_json(valid_server, tmp_path, *SELECTIONS[selection])
    person = valid_server.world.person
    if selection == COLLECTED:
        assert person in repos and profile_file_requests(valid_server) == []  # read from the profile's own archive
        assert repos[person].get("annotation") is None  # its file annotates others, and says nothing wrong
        coursework = repos[ANNOTATED_COURSEWORK_REPO]["annotation"]
        assert (coursework["project"], coursework["note"]) == ("coursework", COURSEWORK_NOTE)
    else:
        assert set(repos) - {"Contributions to other projects"} == {
            ANNOTATED_TEAM_REPO, ANNOTATED_OWN_FILE_REPO, ANNOTATED_EXCLUDED_REPO}
        assert profile_file_requests(valid_server) == [ANNOTATION_FILE]  # found at the first name tried

    team = repos[ANNOTATED_TEAM_REPO]
    assert team["annotation"] == {"project": "team", "role": TEAM_ROLE, "note": None,
                                  "source": profile_source(valid_server), "problems": []}
    assert team["status"] == "scored" and team["findings"]  # an annotation is shown beside scores, not instead

    excluded = repos[ANNOTATED_EXCLUDED_REPO]
    assert excluded["status"] == "excluded" and excluded["annotation"]["project"] == "excluded"
    assert (excluded["score"], excluded["weight"], excluded["findings"], excluded["categories"]) == (None, 0.0, [], [])
    assert profile_source(valid_server) in excluded["status_reason"]
    assert result["counts"]["excluded"] == 1

    # The repository's own file wins over the profile's entry (which says "team" with another role).
    own = repos[ANNOTATED_OWN_FILE_REPO]["annotation"]
    assert own == {"project": "coursework", "role": None, "note": OWN_FILE_NOTE, "source": ANNOTATION_FILE,
                   "problems": []}
    assert PROFILE_ROLE_OVERRIDDEN not in json.dumps(result, ensure_ascii=False)

    unannotated = [repo for name, repo in repos.items()
                   if name not in (ANNOTATED_TEAM_REPO, ANNOTATED_EXCLUDED_REPO, ANNOTATED_OWN_FILE_REPO,
                                   ANNOTATED_COURSEWORK_REPO)]
    assert all(repo.get("annotation") is None for repo in unannotated)


def test_anonymous_rest_path_reads_the_profile_file_too(valid_server, tmp_path):
    repos, _, _ = audit_json(valid_server, tmp_path, *WITHOUT_PROFILE, token="")
    assert repos[ANNOTATED_TEAM_REPO]["annotation"]["role"] == TEAM_ROLE
    assert repos[ANNOTATED_EXCLUDED_REPO]["status"] == "excluded"
    assert repos[ANNOTATED_OWN_FILE_REPO]["annotation"]["note"] == OWN_FILE_NOTE


def test_a_person_without_a_profile_repository_costs_no_request(tmp_path):
    with GitHubServer(build_world(**WORLD_SIZE)) as plain:
        repos, _, _ = audit_json(plain, tmp_path)
        assert profile_file_requests(plain) == [] and plain.stats.snapshot()["log"]  # the log does record requests
    assert all(repo.get("annotation") is None for repo in repos.values())


def test_html_report_shows_the_annotation_as_text(valid_server, tmp_path):
    report = tmp_path / "report.html"
    audit(valid_server, tmp_path, "-o", str(report), output_format="html")
    page = report.read_text(encoding="utf-8")
    assert "I wrote the &lt;surge&gt; detector &amp; its tests" in page
    assert "<surge>" not in page
    assert "Excluded by the person" in page and "Japanese class project, 2023" in page


def test_screen_lists_annotations_and_escapes_them(valid_server, tmp_path):
    person = valid_server.world.person
    common = ("--api-url", valid_server.base_url, "--cache-dir", str(tmp_path / "cache"),
              "--state-dir", str(tmp_path / "state"))
    done = run_cli("screen", person, *common, "-f", "json", env={"GITHUB_TOKEN": TOKEN})
    assert done.returncode == 0, done.stderr
    candidate = json.loads(done.stdout)["candidates"][0]
    labels = {item["repo"]: item["label"] for item in candidate["annotations"]}
    assert labels == {ANNOTATED_TEAM_REPO: f"Team project — role: {TEAM_ROLE}",
                      ANNOTATED_EXCLUDED_REPO: "Excluded by the person",
                      ANNOTATED_OWN_FILE_REPO: f"Coursework — {OWN_FILE_NOTE}"}
    statuses = {repo["name"]: repo["status"] for repo in candidate["result"]["repos"] if repo["kind"] == "repository"}
    assert statuses[ANNOTATED_EXCLUDED_REPO] == "excluded"
    scored = sum(1 for status in statuses.values() if status == "scored")
    assert candidate["evidence"]["repos_with_content"] == scored  # an excluded repository is not evidence
    report = tmp_path / "screening.html"
    html_done = run_cli("screen", person, *common, "-o", str(report), env={"GITHUB_TOKEN": TOKEN})
    assert html_done.returncode == 0, html_done.stderr
    page = report.read_text(encoding="utf-8")
    assert "I wrote the &lt;surge&gt; detector &amp; its tests" in page and "<surge>" not in page


# --- annotations that cannot be (fully) understood ------------------------------------------

@pytest.mark.parametrize("selection", [COLLECTED, NOT_COLLECTED])
def test_unknown_keys_values_and_invalid_yaml_become_notes(invalid_server, tmp_path, selection):
    repos, _, _ = audit_json(invalid_server, tmp_path, *SELECTIONS[selection])
    team = repos[ANNOTATED_TEAM_REPO]["annotation"]
    assert (team["project"], team["role"]) == ("team", TEAM_ROLE)  # what was understood is kept
    assert any(UNKNOWN_ANNOTATION_KEY in problem for problem in team["problems"])

    # An unknown project type excludes nothing, and the repository says why its annotation is blank.
    excluded = repos[ANNOTATED_EXCLUDED_REPO]
    assert excluded["status"] != "excluded" and excluded["findings"]
    assert excluded["annotation"]["project"] is None
    assert any(UNKNOWN_PROJECT_TYPE in problem for problem in excluded["annotation"]["problems"])

    # The repository's own file is not YAML: it is reported, and the profile's entry applies instead.
    own = repos[ANNOTATED_OWN_FILE_REPO]["annotation"]
    assert (own["project"], own["role"], own["source"]) == ("team", PROFILE_ROLE_OVERRIDDEN, profile_source(invalid_server))
    assert any("not valid YAML" in problem for problem in own["problems"])


def test_invalid_annotations_are_shown_in_the_html_report(invalid_server, tmp_path):
    report = tmp_path / "report.html"
    audit(invalid_server, tmp_path, *WITHOUT_PROFILE, "-o", str(report), output_format="html")
    page = report.read_text(encoding="utf-8")
    assert UNKNOWN_PROJECT_TYPE in page and UNKNOWN_ANNOTATION_KEY in page and "not valid YAML" in page


@pytest.mark.parametrize("selection", [COLLECTED, NOT_COLLECTED])
def test_a_profile_file_that_is_not_yaml_is_reported_and_changes_nothing_else(broken_profile_server, tmp_path, selection):
    repos, _, stderr = audit_json(broken_profile_server, tmp_path, *SELECTIONS[selection])
    person = broken_profile_server.world.person
    if selection == COLLECTED:
        assert any("not valid YAML" in problem for problem in repos[person]["annotation"]["problems"])
    else:  # no repository of the report holds that file: stderr says it
        assert f"annotation not understood: {profile_source(broken_profile_server)}: not valid YAML" in stderr
    assert repos[ANNOTATED_TEAM_REPO].get("annotation") is None
    assert repos[ANNOTATED_EXCLUDED_REPO]["status"] != "excluded"
    assert repos[ANNOTATED_OWN_FILE_REPO]["annotation"]["note"] == OWN_FILE_NOTE


# --- the parts, directly ----------------------------------------------------------------------

def test_problems_are_attributed_to_the_file_that_has_them():
    profile = parse_annotation_file("repos:\n  app: {project: team, role: API, colour: blue}\n", "ana/ana/x.yml")
    assert profile[1]["app"]["problems"] and profile[1]["app"]["problems"] == profile[2]
    from_profile = annotation_for((), profile, "app", "ana/ana/x.yml")
    assert from_profile["role"] == "API" and any("colour" in p for p in from_profile["problems"])
    broken_own = FileEntry(ANNOTATION_FILE, "annotation", "yaml", 10, "project: [\n")
    # A broken own file of a repository the profile does not list is that file's problem, not the profile's.
    unlisted = annotation_for((broken_own,), profile, "other", "ana/ana/x.yml")
    assert unlisted["source"] == ANNOTATION_FILE and any("not valid YAML" in p for p in unlisted["problems"])
