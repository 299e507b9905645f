"""Class 4: memory is bounded by caps, not by input; whatever a cap cuts is listed as cut.

Sizes are checked before reading (a sparse 2 GB file is never read), git's output is read
as a stream with per-message caps (10 MB commit messages cost their first kilobytes), and
a repository's kept text has a cap of its own, applied in path order by both collectors.
Peaks are Python allocations (tracemalloc); benchmarks/hostile.py prints each hostile
input's peak RSS in a process of its own.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tracemalloc
from pathlib import Path

from portfolio_audit.collect import archive, classify, local
from portfolio_audit.collect.archive import ArchiveLimits, read_tarball
from portfolio_audit.collect.local import collect_repo

from ..helpers import GIT_ENV, git, make_repo

MEGABYTE = 1024 * 1024
MAX_PEAK = 64 * MEGABYTE
README = "# Tool\n\nTool is a small project with a few hostile corners.\n"


def peak_of(function, *args):
    """(result, peak bytes Python allocated while ``function`` ran)."""
    tracemalloc.start()
    try:
        return function(*args), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def huge_message_repo(path: Path, commits: int, message_bytes: int) -> Path:
    """A repository whose ``commits`` commits each carry a message of ``message_bytes``, built by git fast-import."""
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    process = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=path, stdin=subprocess.PIPE,
                               env=dict(os.environ, **GIT_ENV))
    readme = README.encode()
    body = b"Because the log must stay readable. " * (message_bytes // 36 + 1)
    for index in range(commits):
        message = f"Change {index} of the tool\n\n".encode() + body[:message_bytes]
        process.stdin.write(b"commit refs/heads/main\n")
        process.stdin.write(f"author Ada Tester <ada@example.org> {1767000000 + index} +0000\n".encode())
        process.stdin.write(f"committer Ada Tester <ada@example.org> {1767000000 + index} +0000\n".encode())
        process.stdin.write(f"data {len(message)}\n".encode() + message + b"\n")
        content = readme + f"Step {index}.\n".encode()
        process.stdin.write(f"M 644 inline README.md\ndata {len(content)}\n".encode() + content + b"\n")
    process.stdin.close()
    assert process.wait() == 0
    git(path, "checkout", "-q", "-f", "main")
    return path


def test_a_sparse_2_gb_file_is_skipped_without_reading_it(tmp_path):
    project = tmp_path / "plain"
    (project / "src").mkdir(parents=True)
    (project / "README.md").write_text(README, encoding="utf-8")
    with open(project / "src" / "huge.py", "wb") as handle:
        handle.truncate(2 * 1024 * MEGABYTE)
    repo, peak = peak_of(collect_repo, project)
    assert {s.path: s.reason for s in repo.skipped}["src/huge.py"].startswith("too large (2097152 KiB")
    assert peak < MAX_PEAK, f"{peak / MEGABYTE:.0f} MiB"


def test_huge_commit_messages_cost_their_caps_and_are_listed_as_cut(tmp_path):
    repo_path = huge_message_repo(tmp_path / "chatty", commits=20, message_bytes=10 * MEGABYTE)
    repo, peak = peak_of(collect_repo, repo_path)
    assert peak < MAX_PEAK, f"{peak / MEGABYTE:.0f} MiB"
    from portfolio_audit.collect import history

    commits = repo.commits.items
    assert len(commits) == 20 and commits[0].subject == "Change 19 of the tool"
    assert all(len(commit.body) <= history.MAX_BODY_CHARS for commit in commits)
    assert commits[0].body.startswith("Because the log must stay readable.")
    cut = [s for s in repo.skipped if s.reason.startswith("cut:")]
    assert cut and any(s.path.startswith("(commit ") for s in cut)
    assert any("more commit messages" in s.reason for s in cut)  # 20 cut, the first few listed one by one


def test_the_message_stream_has_a_cap_of_its_own(tmp_path, monkeypatch):
    from portfolio_audit.collect import history

    repo_path = huge_message_repo(tmp_path / "chatty", commits=12, message_bytes=MEGABYTE)
    monkeypatch.setattr(history, "MAX_MESSAGES_STREAM_BYTES", 5 * MEGABYTE)
    repo = collect_repo(repo_path)
    assert 0 < len(repo.commits.items) < 12 and repo.commits.truncated
    assert any(s.path == "(commit history)" and "commit messages over 5 MiB" in s.reason for s in repo.skipped)


def test_change_sizes_past_their_cap_are_listed(tmp_path, monkeypatch):
    steps = [(f"Add module {i} because the tool grows", {f"m{i}.py": "x = 1\n" * 10}) for i in range(30)]
    from portfolio_audit.collect import history

    repo_path = make_repo(tmp_path / "tool", {"README.md": README}, steps)
    monkeypatch.setattr(history, "MAX_NUMSTAT_BYTES", 1024)
    repo = collect_repo(repo_path)
    assert len(repo.commits.items) == 31
    assert any("change sizes" in s.reason and "without their change sizes" in s.reason for s in repo.skipped)


def docs_tarball(count: int, size: int) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=1) as tar:
        for index in range(count):
            data = (f"# Note {index}\n\n" + "Plain prose about a decision. " * (size // 30)).encode()[:size]
            info = tarfile.TarInfo(f"owner-repo-abc/docs/note{index:03d}.md")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return raw.getvalue()


def test_a_repositorys_kept_text_has_a_cap_in_both_collectors(tmp_path, monkeypatch):
    cap = MEGABYTE
    monkeypatch.setattr(local, "MAX_REPO_TEXT_BYTES", cap)
    count, size = 12, 200 * 1024
    files, skipped, _ = read_tarball(docs_tarball(count, size), ArchiveLimits(max_text_bytes=cap))
    kept = sorted(f.path for f in files)
    assert sum(f.size for f in files) <= cap and len(kept) == cap // size
    assert kept == [f"docs/note{i:03d}.md" for i in range(len(kept))]  # the first in path order
    limited = [s.path for s in skipped if s.reason == classify.REPO_TEXT_LIMIT_REASON]
    assert len(limited) == count - len(kept)
    # The same files from a checkout: the same ones kept, the same ones listed.
    project = tmp_path / "plain"
    (project / "docs").mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(docs_tarball(count, size)), mode="r:gz") as tar:
        for member in tar:
            (project / "docs" / Path(member.name).name).write_bytes(tar.extractfile(member).read())
    repo = collect_repo(project)
    assert sorted(f.path for f in repo.files) == kept
    assert sorted(s.path for s in repo.skipped if s.reason == classify.REPO_TEXT_LIMIT_REASON) == sorted(limited)


def test_the_archive_cap_holds_memory_while_reading(monkeypatch):
    """Members arrive in any order; memory stays at the cap at every moment, not only at the end."""
    monkeypatch.setattr(archive, "MAX_REPO_TEXT_BYTES", 2 * MEGABYTE)
    data = docs_tarball(60, 500 * 1024)
    (files, _, _), peak = peak_of(read_tarball, data, ArchiveLimits(max_text_bytes=2 * MEGABYTE))
    assert sum(f.size for f in files) <= 2 * MEGABYTE
    assert peak < 12 * MEGABYTE, f"{peak / MEGABYTE:.0f} MiB"
