"""`portfolio-audit screen` against the local GitHub, candidate annotations, and the recruiter view of `audit`."""

from __future__ import annotations

import base64
import csv
import hashlib
import html as html_text
import io
import json
import re

import pytest

from portfolio_audit.annotations import annotation_for, parse_annotation_file
from portfolio_audit.collect.local import collect_local
from portfolio_audit.engine import evaluate_snapshot
from portfolio_audit.errors import ExitCode
from portfolio_audit.rules import load_catalogue
from portfolio_audit.snapshot import FileEntry
from tests.support.github_server import GitHubServer
from tests.support.github_world import build_world, extra_person_login

from .helpers import make_repo, run_cli

pytestmark = pytest.mark.github_api  # the local GitHub's shapes come from ../shared/github-api

TOKEN = "screen-test-token"
PEOPLE = 2


@pytest.fixture(scope="module")
def server():
    world = build_world(repo_count=8, huge_repo_files=20, extra_people=PEOPLE, extra_people_repos=4)
    with GitHubServer(world) as running:
        yield running


@pytest.fixture
def github(server):
    server.reset()
    return server


def screen(github, tmp_path, *args):
    return run_cli("screen", *args, "--api-url", github.base_url, "--cache-dir", str(tmp_path / "cache"),
                   "--state-dir", str(tmp_path / "state"), env={"GITHUB_TOKEN": TOKEN})


def people():
    return [extra_person_login(index) for index in range(PEOPLE)]


def test_screen_several_handles_one_failing_then_resume(github, tmp_path):
    handles = [f"github:{github.world.person}", *people(), "nobody-here-at-all"]
    first = screen(github, tmp_path, *handles, "-f", "json")
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    assert "screened 4 candidates (1 failed)" in first.stderr
    screening = json.loads(first.stdout)
    assert [c["handle"] for c in screening["candidates"]] == [github.world.person, *people(), "nobody-here-at-all"]
    failed = screening["candidates"][-1]
    assert failed["status"] == "failed" and "collection incomplete" in failed["flags"] and "not found" in failed["error"]
    for candidate in screening["candidates"][:-1]:
        assert candidate["status"] == "screened" and candidate["evidence"]["repos_collected"] > 0
        assert candidate["rank"] is None and candidate["questions"]
    assert screening["ranked"] is False and screening["rank_caveat"] is None
    assert "avatar" not in first.stdout  # the local GitHub's users have avatars; none is collected or shown
    # A re-run reuses every saved snapshot (and says so) and writes the same bytes.
    second = screen(github, tmp_path, *handles, "-f", "json")
    assert second.returncode == 0, second.stderr
    assert second.stderr.count("reusing the snapshot") == 3
    assert second.stdout == first.stdout
    fresh = screen(github, tmp_path, *handles, "-f", "json", "--fresh")
    assert "reusing the snapshot" not in fresh.stderr


def test_all_candidates_failing_exits_3(github, tmp_path):
    done = screen(github, tmp_path, "nobody-here-at-all", "-f", "json")
    assert done.returncode == ExitCode.COLLECTION_FAILED
    assert "no candidate could be collected" in done.stderr
    assert "screened 1 candidate (1 failed)" in done.stderr  # one candidate, not "1 candidates"


def test_handles_from_a_file_with_comments_and_bad_handles(github, tmp_path):
    listing = tmp_path / "handles.txt"
    listing.write_text(f"# shortlist\n{people()[0]}   # met at the fair\n\ngithub:{people()[1]}\n{people()[0].upper()}\n",
                       encoding="utf-8")
    done = screen(github, tmp_path, "--from", str(listing), "-f", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [row["handle"] for row in rows] == people()  # a repeat in another case is the same person
    assert "rank" not in rows[0] and "readme_score" in rows[0]
    listing.write_text("not a handle!\n", encoding="utf-8")
    bad = screen(github, tmp_path, "--from", str(listing))
    assert bad.returncode == ExitCode.USAGE and "handles.txt:1" in bad.stderr


def test_html_report_is_self_contained_sortable_by_hash_and_caveated_per_candidate(github, tmp_path):
    output = tmp_path / "screening.html"
    done = screen(github, tmp_path, *people(), github.world.person, "-o", str(output), "--rank")
    assert done.returncode == 0, done.stderr
    html = output.read_text(encoding="utf-8")
    # Attribute values are entity-decoded by the browser before the policy is read.
    policy = html_text.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "unsafe-inline" not in policy.split("script-src", 1)[1]
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert html.count("<script") == 1 and "http://" not in policy and "src=\"http" not in html
    assert html.count('class="caveats"') == 1 + 3  # the overview's and one per candidate section (one per printed page)
    assert "About the rank:" in html and "Rank (see caveat)" in html
    assert "break-before: page" in html


def test_no_rank_column_unless_asked(github, tmp_path):
    output = tmp_path / "screening.html"
    done = screen(github, tmp_path, *people(), "-o", str(output))
    assert done.returncode == 0, done.stderr
    html = output.read_text(encoding="utf-8")
    assert "Rank" not in html and "About the rank" not in html


# --- annotations -------------------------------------------------------------------------

ANNOTATED_README = ("# group-app\n\nA booking app for the university sports hall, built by four students for a course."
                    " It lets members reserve courts and see free slots, and it sends reminders by email. We split the work by"
                    " layer: one person per part, with reviews on every pull request, and a weekly demo for the course.\n\n"
                    "## Install\n\n```\nnpm install\n```\n\n## Usage\n\n```\nnpm start\n```\n")


def test_local_annotations_are_shown_beside_scores_and_excluded_repos_are_not_evaluated(tmp_path):
    make_repo(tmp_path / "group-app", {"README.md": ANNOTATED_README, "app.js": "export const slots = [];\n",
                                       ".portfolio-audit.yml": "project: team\nrole: 'I built the <booking> API'\n"})
    make_repo(tmp_path / "private-notes", {"README.md": ANNOTATED_README.replace("group-app", "notes"),
                                           ".portfolio-audit.yml": "project: excluded\n"})
    make_repo(tmp_path / "typo", {"README.md": ANNOTATED_README.replace("group-app", "typo"),
                                  ".portfolio-audit.yml": "projekt: coursework\nproject: homework\n"})
    make_repo(tmp_path / "broken", {"README.md": ANNOTATED_README.replace("group-app", "broken"),
                                    ".portfolio-audit.yml": "project: [unclosed\n"})
    result = evaluate_snapshot(collect_local([tmp_path]), load_catalogue())
    repos = {repo["name"]: repo for repo in result["repos"]}
    assert repos["group-app"]["annotation"]["project"] == "team"
    assert repos["group-app"]["annotation"]["role"] == "I built the <booking> API"
    assert repos["group-app"]["status"] == "scored"
    assert repos["private-notes"]["status"] == "excluded" and repos["private-notes"]["findings"] == []
    assert result["counts"]["excluded"] == 1
    typo = repos["typo"]["annotation"]
    assert typo["project"] is None and any("projekt" in p for p in typo["problems"])
    assert any("homework" in p for p in typo["problems"])
    assert any("not valid YAML" in p for p in repos["broken"]["annotation"]["problems"])
    from portfolio_audit.app import validate_result
    from portfolio_audit.render import render

    assert validate_result(result) is None
    html = render("html", result)
    assert "Team project — role: I built the &lt;booking&gt; API" in html and "<booking>" not in html
    assert "Excluded by the person" in html and "Annotation not understood" in html


def test_profile_repository_annotations_apply_to_named_repositories():
    profile = parse_annotation_file("repos:\n  homework-3:\n    project: coursework\n    note: Second-year course\n"
                                    "  app:\n    project: team\n", "ana/ana/.portfolio-audit.yml")
    own, listed, problems = profile
    assert own is None and set(listed) == {"homework-3", "app"}
    assert any("team project without a `role`" in p for p in problems)
    from_profile = annotation_for((), profile, "Homework-3", "ana/ana/.portfolio-audit.yml")
    assert from_profile["project"] == "coursework" and from_profile["note"] == "Second-year course"
    own_file = FileEntry(".portfolio-audit.yml", "annotation", "yaml", 20, "project: maintained-fork\n")
    assert annotation_for((own_file,), profile, "homework-3", "x")["project"] == "maintained-fork"  # the repo's own wins
    assert annotation_for((), profile, "unlisted", "x") is None


# --- audience ------------------------------------------------------------------------------

def test_recruiter_audience_leads_with_caveats_and_evidence(tmp_path):
    from pathlib import Path

    examples = str(Path(__file__).resolve().parents[1] / "examples" / "portfolio")
    recruiter = run_cli("audit", examples, "-f", "md", "--audience", "recruiter")
    candidate = run_cli("audit", examples, "-f", "md")
    assert recruiter.returncode == candidate.returncode == 0, recruiter.stderr
    text = recruiter.stdout
    assert text.index("Before you read the numbers") < text.index("Strengths, with the evidence") < text.index("## Categories")
    assert text.index("## Repositories") < text.index("Advice for the candidate")
    assert "Questions to ask" in text
    assert candidate.stdout.index("## Top improvements") < candidate.stdout.index("## Repositories")
    html = run_cli("audit", examples, "-f", "html", "--audience", "recruiter", "-o", str(tmp_path / "r.html"))
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.index('class="caveats"') < page.index('class="overview"') < page.index("Advice for the candidate")
    assert "<script" not in page


def test_a_report_on_stdout_leaves_no_state_folder_in_the_working_directory(github, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    args = ("screen", people()[0], "-f", "csv", "-o", "-", "--max-repos", "1", "--api-url", github.base_url)
    env = {"GITHUB_TOKEN": TOKEN}
    first = run_cli(*args, "--cache-dir", str(tmp_path / "cache"), cwd=work, env=env)
    assert first.returncode == 0, first.stderr
    assert list(work.iterdir()) == []
    # The state went to the cache folder, so the same screening resumes.
    assert list((tmp_path / "cache" / "screening").glob("*/*.snapshot.json"))
    again = run_cli(*args, "--cache-dir", str(tmp_path / "cache"), cwd=work, env=env)
    assert again.returncode == 0 and "reusing the snapshot" in again.stderr and again.stdout == first.stdout
    # Without a cache nothing is kept anywhere, and the report says so.
    uncached = run_cli(*args, "--no-cache", cwd=work, env=env)
    assert uncached.returncode == 0, uncached.stderr
    assert list(work.iterdir()) == [] and "snapshots not kept (--no-cache)" in uncached.stderr
