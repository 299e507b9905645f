"""Class 2: nothing outside the named folder is read, and what was not followed is listed with the reason.

The traps: a child of a folder of projects that is a symbolic link out of the tree; a
``.git`` *file* whose ``gitdir:`` names another repository; alternates that borrow another
repository's objects; and a folder that git's index lists but that is now a link out.
Each "outside" place holds SECRET, which must appear nowhere in the snapshot.
"""

from __future__ import annotations

import json
import shutil

from portfolio_audit import snapshot as snapshot_io
from portfolio_audit.collect.local import collect_local

from ..helpers import git, make_repo, run_cli

SECRET = "outside-the-tree-SECRET-41c9"
README = "# Project\n\nProject is a small tool for people who read reports.\n"


def secret_repo(path):
    """Another person's repository: its files and its history both carry SECRET."""
    return make_repo(path, {"README.md": f"# {SECRET}\n\n{SECRET} is private.\n", "secret.py": f"TOKEN = '{SECRET}'\n"},
                     [(f"Add {SECRET} because it is private", {"more.py": f"X = '{SECRET}'\n"})])


def assert_no_secret(snapshot) -> None:
    assert SECRET not in snapshot_io.dumps(snapshot)


def test_a_linked_child_of_a_folder_of_projects_is_listed_not_followed(tmp_path):
    secret_repo(tmp_path / "elsewhere" / "private")
    portfolio = tmp_path / "portfolio"
    make_repo(portfolio / "mine", {"README.md": README, "app.py": "VALUE = 1\n"})
    (portfolio / "theirs").symlink_to(tmp_path / "elsewhere" / "private", target_is_directory=True)
    (portfolio / "alias").symlink_to(portfolio / "mine", target_is_directory=True)  # inside: a duplicate, dropped
    snapshot = collect_local([portfolio])
    assert_no_secret(snapshot)
    by_name = {repo.name: repo for repo in snapshot.repos}
    assert set(by_name) == {"mine", "theirs"}
    assert by_name["mine"].collection_error is None
    assert "symbolic link" in by_name["theirs"].collection_error and "not followed" in by_name["theirs"].collection_error
    done = run_cli("audit", str(portfolio), "-f", "json")
    assert done.returncode == 0, done.stderr
    assert SECRET not in done.stdout
    theirs = next(r for r in json.loads(done.stdout)["repos"] if r["name"] == "theirs")
    assert theirs["status"] == "not_collected" and "not followed" in theirs["status_reason"]


def test_a_git_file_pointing_at_another_repository_lends_no_history(tmp_path):
    other = secret_repo(tmp_path / "other")
    project = tmp_path / "project"
    project.mkdir()
    (project / "README.md").write_text(README, encoding="utf-8")
    (project / "app.py").write_text("VALUE = 1\n", encoding="utf-8")
    (project / ".git").write_text(f"gitdir: {other / '.git'}\n", encoding="utf-8")
    repo = collect_local([project]).repos[0]
    assert_no_secret(collect_local([project]))
    assert not repo.commits.available
    assert {f.path for f in repo.files} == {"README.md", "app.py"}
    reasons = {s.path: s.reason for s in repo.skipped}
    assert reasons[".git"].startswith("not followed") and "outside the audited folder" in reasons[".git"]


def test_alternates_borrowing_another_repositorys_objects_are_refused(tmp_path):
    other = secret_repo(tmp_path / "other")
    project = make_repo(tmp_path / "project", {"README.md": README})
    # Point this repository's branch at the other one's history, reachable only through alternates.
    (project / ".git" / "objects" / "info" / "alternates").write_text(f"{other / '.git' / 'objects'}\n", encoding="utf-8")
    git(project, "update-ref", "refs/heads/main", git(other, "rev-parse", "HEAD").strip())
    snapshot = collect_local([project])
    assert_no_secret(snapshot)
    repo = snapshot.repos[0]
    assert not repo.commits.available
    assert "alternates" in {s.path: s.reason for s in repo.skipped}[".git"]


def test_a_git_objects_folder_linked_out_of_the_tree_is_refused(tmp_path):
    other = secret_repo(tmp_path / "other")
    project = make_repo(tmp_path / "project", {"README.md": README})
    shutil.rmtree(project / ".git" / "objects")
    (project / ".git" / "objects").symlink_to(other / ".git" / "objects", target_is_directory=True)
    git(project, "update-ref", "refs/heads/main", git(other, "rev-parse", "HEAD").strip())
    snapshot = collect_local([project])
    assert_no_secret(snapshot)
    assert "objects" in {s.path: s.reason for s in snapshot.repos[0].skipped}[".git"]


def test_a_tracked_folder_replaced_by_a_link_out_is_not_read(tmp_path):
    """git's index still lists docs/notes.md; on disk docs/ is now a link to someone else's files."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    project = make_repo(tmp_path / "project", {"README.md": README, "docs/notes.md": "# Notes\n\nOurs.\n"})
    shutil.rmtree(project / "docs")
    (project / "docs").symlink_to(outside, target_is_directory=True)
    snapshot = collect_local([project])
    assert_no_secret(snapshot)
    reasons = {s.path: s.reason for s in snapshot.repos[0].skipped}
    assert reasons["docs/notes.md"] == "inside a symbolically linked folder"


def test_a_plain_folder_walk_follows_no_link_at_any_depth(tmp_path):
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "secret.py").write_text(f"X = '{SECRET}'\n", encoding="utf-8")
    project = tmp_path / "plain"
    (project / "src" / "pkg").mkdir(parents=True)
    (project / "README.md").write_text(README, encoding="utf-8")
    (project / "src" / "pkg" / "ok.py").write_text("VALUE = 1\n", encoding="utf-8")
    (project / "src" / "pkg" / "vendor_link").symlink_to(outside, target_is_directory=True)
    (project / "src" / "secret.py").symlink_to(outside / "deep" / "secret.py")
    snapshot = collect_local([project])
    assert_no_secret(snapshot)
    repo = snapshot.repos[0]
    assert "src/pkg/ok.py" in {f.path for f in repo.files}
    assert {s.path: s.reason for s in repo.skipped}["src/secret.py"] == "symbolic link"
    assert not any(f.path.startswith("src/pkg/vendor_link") for f in repo.files)
