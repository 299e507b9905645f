"""Honest history errors: a broken or shallow history keeps what git could read, says what failed, names the repository."""

from __future__ import annotations

import subprocess

from portfolio_audit.collect.local import collect_local, collect_repo
from portfolio_audit.engine import evaluate_snapshot
from portfolio_audit.snapshot import GIT_FAILURE_NOTE

from .helpers import git, make_repo

README = ("# Tides\n\nTides is a command-line tool for harbour masters that prints the day's tide times"
          " from the published tables, offline, so the morning check needs no network.\n")
COMMITS = [(f"Read table {n} from the harbour's file, so the times match the printed book", {"tides.py": f"TABLE = {n}\n" * 40})
           for n in range(1, 9)]


def _lose_commit(root, index: int) -> str:
    """Delete one commit object (``index`` commits back from HEAD), as a damaged clone loses it."""
    sha = git(root, "rev-list", "HEAD").split()[index]
    (root / ".git" / "objects" / sha[:2] / sha[2:]).unlink()
    return sha


def test_a_missing_commit_keeps_the_commits_before_it_and_names_the_repository(tmp_path, catalogue):
    root = make_repo(tmp_path / "tides", {"README.md": README, "tides.py": "TABLE = 0\n"}, commits=COMMITS)
    lost = _lose_commit(root, 4)
    repo = collect_repo(root)
    assert repo.collection_error is None
    assert repo.commits.available and repo.commits.truncated
    assert 3 <= len(repo.commits.items) < 9
    assert all(commit.subject.startswith("Read table") for commit in repo.commits.items)
    note = next(entry for entry in repo.skipped if entry.path == GIT_FAILURE_NOTE)
    assert "missing object" in note.reason and lost in note.reason
    result = evaluate_snapshot(collect_local([root]), catalogue)
    caveat = next(line for line in result["caveats"] if line.startswith("Git history of tides"))
    assert "missing object" in caveat
    # The commit category is still there, scored on what was read.
    commits = next(c for c in result["repos"][0]["categories"] if c["id"] == "commits")
    assert commits["score"] is not None


def test_a_history_git_cannot_start_on_says_so_and_is_not_called_empty(tmp_path, catalogue):
    root = make_repo(tmp_path / "tides", {"README.md": README, "tides.py": "TABLE = 0\n"}, commits=COMMITS[:2])
    _lose_commit(root, 0)  # HEAD itself
    repo = collect_repo(root)
    assert not repo.commits.available and "git history unreadable" in repo.commits.reason
    assert "empty" not in repo.commits.reason
    result = evaluate_snapshot(collect_local([root]), catalogue)
    assert any(line.startswith("Git history of tides") and "no commit read" in line for line in result["caveats"])


def test_an_empty_repository_is_still_called_empty(tmp_path):
    root = tmp_path / "fresh"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text(README, encoding="utf-8")
    repo = collect_repo(root)
    assert not repo.commits.available and "empty repository" in repo.commits.reason
    assert not any(entry.path == GIT_FAILURE_NOTE for entry in repo.skipped)


def test_a_shallow_clone_says_its_history_is_the_recent_part_only(tmp_path, catalogue):
    source = make_repo(tmp_path / "source", {"README.md": README, "tides.py": "TABLE = 0\n"}, commits=COMMITS)
    shallow = tmp_path / "tides"
    subprocess.run(["git", "clone", "-q", "--depth", "3", f"file://{source}", str(shallow)], check=True, capture_output=True)
    repo = collect_repo(shallow)
    assert len(repo.commits.items) == 3
    note = next(entry for entry in repo.skipped if entry.path == GIT_FAILURE_NOTE)
    assert "shallow clone" in note.reason
    result = evaluate_snapshot(collect_local([shallow]), catalogue)
    assert any(line.startswith("Git history of tides") and "shallow clone" in line for line in result["caveats"])


def test_a_missing_blob_keeps_every_commit_and_counts_its_files(tmp_path):
    # A clone that lacks one old blob: --numstat stops there; the trees still say what changed.
    root = make_repo(tmp_path / "tides", {"README.md": README, "tides.py": "TABLE = 0\n"}, commits=COMMITS)
    oldest = git(root, "rev-list", "HEAD").split()[-1]
    blob = git(root, "rev-parse", f"{oldest}:tides.py").strip()
    (root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    repo = collect_repo(root)
    assert len(repo.commits.items) == 9
    assert all(commit.files_changed >= 1 for commit in repo.commits.items)
    note = next(entry for entry in repo.skipped if entry.path == "(commit history)")
    assert "counted by the files they change, without line counts" in note.reason
