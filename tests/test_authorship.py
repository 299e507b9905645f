"""Authorship: who the person is, which commits and files are theirs, and how that moves scores and weights."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from portfolio_audit import snapshot as snapshot_io
from portfolio_audit.authorship import not_theirs, share
from portfolio_audit.collect.authorship import is_person, is_placeholder_identity
from portfolio_audit.collect.local import collect_local
from portfolio_audit.engine import evaluate_snapshot
from portfolio_audit.paths import schemas_dir
from portfolio_audit.rules import load_catalogue
from portfolio_audit.snapshot import Identity

from .helpers import GIT_ENV, run_cli

ADA = ("Ada Tester", "ada@example.org")
BOB = ("Bob Other", "bob@example.net")

README = """# harbour

harbour prints the next high and low water for a port from the public tide tables, offline,
for sailing clubs that need tide times without a network. It caches the tables as plain CSV.

## Install

    pip install harbour

## Usage

    harbour next --port brest

## Design decisions

Tables are cached as CSV rather than SQLite because the files are small and people want to read
them; the trade-off is slower lookups over long date ranges.
"""

ADA_SOURCE = '''"""Tide lookups."""

# Tables are published in local time; converting once at load keeps every comparison in UTC.
OFFSET_HOURS = 1


def next_tide(table, now):
    """The first tide in ``table`` after ``now``."""
    for tide in table:
        if tide.time > now:
            return tide
    return None
'''

BOB_SOURCE = '''# Retry three times because the mirror drops one request in ten.
RETRIES = 3


def fetch(url):
    """Fetch ``url`` with retries."""
    return url
'''


def commit_as(path: Path, who: tuple, message: str, files: dict) -> None:
    for rel, text in files.items():
        target = path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    env = dict(os.environ, **GIT_ENV)
    env.update(GIT_AUTHOR_NAME=who[0], GIT_AUTHOR_EMAIL=who[1], GIT_COMMITTER_NAME=who[0], GIT_COMMITTER_EMAIL=who[1])
    subprocess.run(["git", "add", "-A"], cwd=path, env=env, check=True, capture_output=True)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=path, env=env, check=True, capture_output=True)


def two_author_repo(path: Path) -> Path:
    """Ada writes the README and tides.py in three commits; Bob adds fetch.py (only his) and touches the README."""
    path.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=path, check=True, capture_output=True,
                   env=dict(os.environ, **GIT_ENV))
    commit_as(path, ADA, "Add the tide lookup and its README", {"README.md": README, "harbour/tides.py": ADA_SOURCE})
    commit_as(path, BOB, "stuff", {"harbour/fetch.py": BOB_SOURCE})
    commit_as(path, ADA, "Convert table times to UTC once at load\n\nComparisons in local time broke twice a year.",
              {"harbour/tides.py": ADA_SOURCE + "\n\nDEFAULT_PORT = 'brest'\n"})
    commit_as(path, BOB, "wip", {"README.md": README + "\nSee also the fetch module.\n"})
    commit_as(path, ADA, "Document the CSV cache trade-off in the README",
              {"README.md": README + "\nSee also the fetch module.\n\n## Limitations\n\nOnly two countries.\n"})
    return path


def audit_json(*args: str) -> dict:
    done = run_cli("audit", *args, "-f", "json", "--no-cache")
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def finding(repo: dict, rule_id: str) -> dict:
    return next(f for f in repo["findings"] if f["rule_id"] == rule_id)


def test_two_authors_through_the_whole_audit(tmp_path):
    repo_path = two_author_repo(tmp_path / "harbour")
    result = audit_json(str(repo_path))
    assert result["person"]["label"] == "Ada Tester <ada@example.org>"
    assert result["person"]["decided_by"] == "most frequent committer, 3 of 5 commits"
    repo = result["repos"][0]
    authorship = repo["authorship"]
    assert authorship["status"] == "known"
    assert (authorship["commits_by_person"], authorship["commits_total"]) == (3, 5)
    # Bob's file is not credited; his commits are listed and not scored.
    assert [item["path"] for item in authorship["not_credited"]] == ["harbour/fetch.py"]
    assert "none by Ada Tester" in authorship["not_credited"][0]["reason"]
    assert {c["subject"] for c in authorship["others_commits"]} == {"stuff", "wip"}
    subjects = finding(repo, "commits/subjects-say-what-changed")
    assert "3 commits" in subjects["summary"] or "among 3" in subjects["summary"]
    assert not any("stuff" in (e["snippet"] or "") or "wip" in (e["snippet"] or "")
                   for e in subjects["evidence"])
    # No rule saw fetch.py: its "why" comment is not evidence for Ada.
    assert not any(e["path"] == "harbour/fetch.py" for f in repo["findings"] for e in f["evidence"])
    # Ada wrote most, not all, of the kept lines: the weight is scaled by her share.
    assert 50 < authorship["weight_share"] < 100
    jsonschema.Draft202012Validator(json.loads((schemas_dir() / "result.schema.json").read_text())).validate(result)
    for fmt in ("md", "html"):
        done = run_cli("audit", str(repo_path), "-f", fmt, "-o", str(tmp_path / f"report.{fmt}"), "--no-cache")
        assert done.returncode == 0, done.stderr
        page = (tmp_path / f"report.{fmt}").read_text(encoding="utf-8")
        assert "most frequent committer, 3 of 5 commits" in page
        assert "harbour/fetch.py" in page and "not credited" in page


@pytest.mark.parametrize("who,expected", [("bob@example.net", "bob@example.net"), ("Ada Tester", "Ada Tester"),
                                          ("BOB@EXAMPLE.NET", "bob@example.net")])
def test_author_option_by_email_and_by_name(tmp_path, who, expected):
    repo_path = two_author_repo(tmp_path / "harbour")
    result = audit_json(str(repo_path), "--author", who)
    assert result["person"] == {"label": expected, "decided_by": "named with --author", "note": None}
    authorship = result["repos"][0]["authorship"]
    if "bob" in expected:
        assert (authorship["commits_by_person"], authorship["commits_total"]) == (2, 5)
        assert [item["path"] for item in authorship["not_credited"]] == ["harbour/tides.py"]
    else:
        assert authorship["commits_by_person"] == 3
        assert [item["path"] for item in authorship["not_credited"]] == ["harbour/fetch.py"]


def test_author_option_repeats_and_collect_records_it(tmp_path):
    repo_path = two_author_repo(tmp_path / "harbour")
    out = tmp_path / "snap.json"
    done = run_cli("collect", str(repo_path), "--author", "Ada Tester", "--author", "bob@example.net", "-o", str(out))
    assert done.returncode == 0, done.stderr
    snapshot = snapshot_io.loads(out.read_text(encoding="utf-8"))
    assert snapshot.person.decided_by == "named with --author"
    assert snapshot.repos[0].authorship.commits_by_person == 5
    assert not_theirs(snapshot.repos[0]) == {}


def test_author_option_is_refused_for_a_github_handle_or_a_snapshot(tmp_path):
    done = run_cli("audit", "github:someone", "--author", "x@example.org", "-f", "json")
    assert done.returncode == 2 and "--author applies to local folders only" in done.stderr


def test_most_frequent_committer_is_decided_across_the_repositories(tmp_path):
    first = two_author_repo(tmp_path / "portfolio" / "harbour")
    second = tmp_path / "portfolio" / "notes"
    second.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=second, check=True, capture_output=True,
                   env=dict(os.environ, **GIT_ENV))
    # In this repository Bob leads (2 to 1), but across both Ada has more commits (4 to 4 is a tie: add one).
    commit_as(second, BOB, "Add notes", {"README.md": "# notes\n\nBob's notes.\n"})
    commit_as(second, BOB, "Add more notes", {"NOTES.md": "More.\n"})
    commit_as(second, ADA, "Fix a typo in the notes", {"NOTES.md": "More!\n"})
    snapshot = collect_local([tmp_path / "portfolio"])
    assert first.name in {r.name for r in snapshot.repos}
    assert snapshot.person.label == "Ada Tester <ada@example.org>"
    assert snapshot.person.decided_by == "most frequent committer, 4 of 8 commits"
    notes = next(r for r in snapshot.repos if r.name == "notes")
    assert notes.authorship.identity == snapshot.person
    assert (notes.authorship.commits_by_person, notes.authorship.commits_total) == (1, 3)
    assert "README.md" in not_theirs(notes)
    assert share(notes) is not None and share(notes) < 0.5


def test_a_teammate_leading_one_shared_project_is_not_the_person(tmp_path):
    # Ada's three repositories; in the team project Bob made most of the commits.
    def repo(name, commits):
        root = tmp_path / "portfolio" / name
        root.mkdir(parents=True)
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, capture_output=True,
                       env=dict(os.environ, **GIT_ENV))
        for index, who in enumerate(commits):
            commit_as(root, who, f"Step {index}", {"README.md": f"# {name}\n\nStep {index}.\n"})

    repo("team", [BOB] * 9 + [ADA] * 2)
    repo("solo", [ADA] * 2)
    repo("notes", [ADA])
    snapshot = collect_local([tmp_path / "portfolio"])
    assert snapshot.person.label == "Ada Tester <ada@example.org>"
    assert snapshot.person.decided_by == "committer in the most repositories (3 of 3), 5 of 14 commits"


@pytest.mark.parametrize("bot", [
    ("GitHub Action", "action@github.com"),  # what actions/checkout commits as
    ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com"),
    ("Release Bot", "release-bot@example.org"),
])
def test_automation_is_never_the_most_frequent_committer(tmp_path, bot):
    repo = tmp_path / "stats"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True, capture_output=True,
                   env=dict(os.environ, **GIT_ENV))
    commit_as(repo, ADA, "Add the scraper", {"README.md": "# stats\n\nDaily numbers.\n"})
    for day in range(3):  # a scheduled workflow commits its output every day
        commit_as(repo, bot, f"Update stats {day}", {"stats.json": f"{{\"day\": {day}}}\n"})
    snapshot = collect_local([repo])
    assert snapshot.person.label == "Ada Tester <ada@example.org>"


def test_a_folder_without_history_says_authorship_unknown(tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "README.md").write_text(README, encoding="utf-8")
    (folder / "tides.py").write_text(ADA_SOURCE, encoding="utf-8")
    result = audit_json(str(folder))
    assert result["person"]["label"] is None and "authorship unknown" in result["person"]["note"]
    authorship = result["repos"][0]["authorship"]
    assert authorship["status"] == "unknown" and "not a git repository" in authorship["reason"]
    assert authorship["weight_share"] is None and authorship["not_credited"] == []
    done = run_cli("audit", str(folder), "-f", "md", "--no-cache")
    assert "Authorship unknown" in done.stdout


def test_old_snapshot_without_authorship_reads_as_unknown_and_keeps_its_weight(tmp_path):
    repo_path = two_author_repo(tmp_path / "harbour")
    snapshot = collect_local([repo_path])
    data = json.loads(snapshot_io.dumps(snapshot))
    del data["person"]
    for repo in data["repos"]:
        del repo["authorship"]
    old = snapshot_io.snapshot_from_dict(data)
    assert old.person is None and old.repos[0].authorship is None
    catalogue = load_catalogue()
    before = evaluate_snapshot(old, catalogue)
    repo = before["repos"][0]
    assert repo["authorship"]["status"] == "unknown" and repo["authorship"]["not_credited"] == []
    # Unknown authorship: every commit read, every file credited, weight as before this feature.
    stripped = replace(snapshot, repos=tuple(replace(r, authorship=None) for r in snapshot.repos), person=None)
    assert evaluate_snapshot(stripped, catalogue)["repos"][0]["weight"] == repo["weight"]
    known = evaluate_snapshot(snapshot, catalogue)["repos"][0]
    assert known["weight"] < repo["weight"]


def test_authorship_round_trips_and_follows_the_snapshot_schema(tmp_path):
    snapshot = collect_local([two_author_repo(tmp_path / "harbour")])
    text = snapshot_io.dumps(snapshot)
    assert snapshot_io.loads(text) == snapshot
    schema = json.loads((schemas_dir() / "snapshot.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(text))
    authorship = snapshot.repos[0].authorship
    assert authorship.files_complete and {f.path for f in authorship.files} >= {"README.md", "harbour/fetch.py"}


@pytest.mark.parametrize("bad", [{"status": "maybe"}, {"status": "known", "commits_total": -1},
                                 {"status": "known", "extra": 1}, {"status": "known", "files": [{"path": 3}]}])
def test_a_malformed_authorship_is_refused_by_the_reader(tmp_path, bad):
    data = json.loads(snapshot_io.dumps(collect_local([two_author_repo(tmp_path / "harbour")])))
    data["repos"][0]["authorship"] = bad
    with pytest.raises(snapshot_io.SnapshotError):
        snapshot_io.snapshot_from_dict(data)


def test_a_rename_carries_the_lines_to_the_new_path(tmp_path):
    repo_path = two_author_repo(tmp_path / "harbour")
    env = dict(os.environ, **GIT_ENV)
    subprocess.run(["git", "mv", "harbour/fetch.py", "harbour/net.py"], cwd=repo_path, env=env, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "Rename fetch to net"], cwd=repo_path, env=env, check=True)
    repo = collect_local([repo_path]).repos[0]
    assert "harbour/net.py" in not_theirs(repo)  # Ada renamed it; Bob still wrote every line


@pytest.mark.github_api
def test_a_github_audit_takes_the_handle_and_its_commit_logins(github, tmp_path):
    from portfolio_audit.collect.github import GitHubSettings, collect_github
    from tests.support.github_world import FLAGSHIP

    settings = GitHubSettings(handle=github.world.person, token="ghp_test", api_url=github.base_url,
                              cache_dir=str(tmp_path / "cache"), max_wait=5, repos=(FLAGSHIP,))
    snapshot, _ = collect_github(settings)
    assert snapshot.person.label == github.world.person and snapshot.person.decided_by == "the GitHub handle audited"
    flagship = next(repo for repo in snapshot.repos if repo.name == FLAGSHIP)
    authors = {c.author for c in flagship.commits.items}
    # The local GitHub's flagship has commits by the person and by other logins (and one unlinked email).
    assert github.world.person in authors and len(authors) >= 2
    authorship = flagship.authorship
    mine = [c for c in flagship.commits.items if c.author == github.world.person]
    assert authorship.known and authorship.commits_by_person == len(mine) < authorship.commits_total
    assert set(authorship.person_commits) == {c.sha for c in mine}
    result = evaluate_snapshot(snapshot, load_catalogue())
    repo = next(r for r in result["repos"] if r["name"] == FLAGSHIP)
    others = {c["author"] for c in repo["authorship"]["others_commits"]}
    assert others and github.world.person not in others
    assert repo["authorship"]["weight_share"] is not None and repo["authorship"]["weight_share"] < 100
    assert result["person"]["decided_by"] == "the GitHub handle audited"


# --- one person, several identities ---------------------------------------------------------------


@pytest.mark.parametrize("name,email", [
    ("Ada Testér", "ada@laptop.local"),  # the same name, with an accent
    ("Ada T.", "1234+adatester@users.noreply.github.com"),  # a noreply login that is a name she commits under
    ("adat", "ada@school.example.edu"),  # a git name that is her login
    ("Your Name", "you@example.com"),  # git's example identity, never set on one machine
])
def test_one_person_under_another_identity_is_the_person(name, email):
    ada = Identity(label="Ada", decided_by="test", names=("Ada Tester", "adatester"), emails=("ada@example.org",),
                   logins=("adat",))
    assert is_person(ada, email, name)


@pytest.mark.parametrize("name,email", [
    ("Ada Tesla", "ada.tesla@example.org"),
    ("Ada", "ada@example.net"),  # a first name alone is anyone's
    ("Bob Other", "1234+bobother@users.noreply.github.com"),
    ("Your Name Here Ltd", "sales@yourname.example"),
])
def test_someone_else_is_not_the_person(name, email):
    ada = Identity(label="Ada", decided_by="test", names=("Ada Tester", "adatester"), emails=("ada@example.org",),
                   logins=("adat",))
    assert not is_person(ada, email, name)


# GitHub's display name is often the given name alone ("Simon", in web-editor commits signed with
# the noreply address) while git on a school machine signs the full name. The login made from the
# full name's letters joins them; a first name alone, or a login from another name, does not.
SIMON_ON_GITHUB = Identity(label="Simon", decided_by="test", names=("Simon",),
                           emails=("167+sbrbe@users.noreply.github.com",), logins=("sbrbe",))
SIMON_AT_SCHOOL = Identity(label="Simon Barbé", decided_by="test", names=("Simon Barbé",),
                           emails=("sbarbe@school.example.fr",))


@pytest.mark.parametrize("person,name,email,expected", [
    (SIMON_ON_GITHUB, "Simon Barbe", "sbarbe@school.example.fr", True),
    (SIMON_ON_GITHUB, "Simon Dupont", "sdupont@school.example.fr", False),  # another Simon: no b-r-b-e
    (SIMON_ON_GITHUB, "Simone Barbe", "simone@school.example.fr", False),  # not the given name
    (SIMON_AT_SCHOOL, "Simon", "167+sbrbe@users.noreply.github.com", True),
    (SIMON_AT_SCHOOL, "Simon", "99+sdupont@users.noreply.github.com", False),
    (SIMON_AT_SCHOOL, "Simon", "simon@example.net", False),  # no login to join them
])
def test_a_given_name_and_a_full_name_join_through_a_login_made_from_it(person, name, email, expected):
    assert is_person(person, email, name) is expected


def test_git_example_identity_counts_for_the_person_but_is_never_chosen(tmp_path):
    repo = tmp_path / "pets"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True, capture_output=True,
                   env=dict(os.environ, **GIT_ENV))
    commit_as(repo, BOB, "Starter files from the course", {"README.md": "# pets\n\nStarter.\n"})
    placeholder = ("Your Name", "you@example.com")
    for step in range(3):  # more commits than anyone: still nobody's name to report
        commit_as(repo, placeholder, f"Add step {step}", {f"step{step}.py": f"STEP = {step}\n"})
    commit_as(repo, ADA, "Add the scheduler", {"sched.py": "RUN = True\n"})
    commit_as(repo, ADA, "Document the scheduler", {"README.md": "# pets\n\nA scheduler.\n"})
    assert is_placeholder_identity(*placeholder) and not is_placeholder_identity(*ADA)
    snapshot = collect_local([repo])
    assert snapshot.person.label == "Ada Tester <ada@example.org>"
    pets = snapshot.repos[0]
    assert (pets.authorship.commits_by_person, pets.authorship.commits_total) == (5, 6)
