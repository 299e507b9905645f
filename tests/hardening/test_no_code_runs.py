"""Class 1: no code from an audited checkout runs, whatever its git configuration names.

Each setting git could execute is pointed at a command that writes a marker file; the
collector (and the whole command line) then reads the checkout, and no marker may appear.
Three of the traps are first shown to be live with plain git, so the test proves something:
``core.fsmonitor`` (set through ``include.path``) runs during ``git ls-files`` and
``gpg.program`` runs during ``git log`` of a signed commit when ``log.showSignature`` is set.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from portfolio_audit.collect.local import collect_local

from ..helpers import GIT_ENV, git, make_repo, run_cli

README = "# Trap\n\nTrap is a small project whose git configuration tries to run commands.\n"


def marker_command(markers: Path, name: str) -> str:
    """A shell command that leaves ``markers/name`` behind, then does what git expects (cat its input)."""
    return f"touch {markers / name}; cat"


def executable(path: Path, markers: Path, name: str) -> Path:
    path.write_text(f"#!/bin/sh\ntouch {markers / name}\ncat\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def signed_commit(repo: Path, message: str) -> None:
    """A commit carrying a (fake) GPG signature: `git log` with log.showSignature runs gpg.program on it."""
    tree = git(repo, "rev-parse", "HEAD^{tree}").strip()
    parent = git(repo, "rev-parse", "HEAD").strip()
    body = (f"tree {tree}\nparent {parent}\nauthor Ada Tester <ada@example.org> 1767348000 +0000\n"
            f"committer Ada Tester <ada@example.org> 1767348000 +0000\n"
            "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n"
            f"\n{message}\n")
    done = subprocess.run(["git", "hash-object", "-w", "-t", "commit", "--stdin"], cwd=repo, input=body.encode(),
                          capture_output=True, check=True, env=dict(os.environ, **GIT_ENV))
    git(repo, "update-ref", "refs/heads/main", done.stdout.decode().strip())


@pytest.fixture
def trapped(tmp_path) -> tuple:
    """(repo, markers folder): a checkout whose configuration names a marker-writing command everywhere it can."""
    markers = tmp_path / "markers"
    markers.mkdir()
    repo = make_repo(tmp_path / "trap", {"README.md": README, "app.py": "VALUE = 1\n",
                                         ".gitattributes": "* diff=evil filter=evil merge=evil\n"},
                     [("Change the value because the old one was wrong", {"app.py": "VALUE = 2\n"})])
    signed_commit(repo, "Sign the release because tags are checked")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("pre-commit", "post-checkout", "post-index-change", "reference-transaction", "fsmonitor-watchman",
                 "post-rewrite", "pre-auto-gc", "post-merge", "pre-push"):
        executable(hooks / hook, markers, f"hook-{hook}")
    (repo / ".git" / "hooks").mkdir(exist_ok=True)
    for hook in ("post-checkout", "post-index-change", "reference-transaction"):
        executable(repo / ".git" / "hooks" / hook, markers, f"own-hook-{hook}")
    settings = {
        "core.fsmonitor": marker_command(markers, "fsmonitor"),
        "core.hooksPath": str(hooks),
        "core.pager": marker_command(markers, "core-pager"),
        "pager.log": marker_command(markers, "pager-log"),
        "pager.ls-files": marker_command(markers, "pager-ls-files"),
        "core.sshCommand": marker_command(markers, "ssh-command"),
        "core.askPass": marker_command(markers, "askpass"),
        "core.editor": marker_command(markers, "editor"),
        "credential.helper": f"!{marker_command(markers, 'credential-helper')}",
        "diff.external": str(executable(tmp_path / "external-diff", markers, "diff-external")),
        "diff.evil.command": marker_command(markers, "diff-driver-command"),
        "diff.evil.textconv": marker_command(markers, "textconv"),
        "filter.evil.clean": marker_command(markers, "filter-clean"),
        "filter.evil.smudge": marker_command(markers, "filter-smudge"),
        "filter.evil.process": marker_command(markers, "filter-process"),
        "filter.evil.required": "true",
        "merge.evil.driver": marker_command(markers, "merge-driver"),
        "gpg.program": str(executable(tmp_path / "gpg", markers, "gpg-program")),
        "gpg.ssh.program": str(executable(tmp_path / "ssh-keygen", markers, "gpg-ssh-program")),
        "log.showSignature": "true",
        "core.alternateRefsCommand": marker_command(markers, "alternate-refs"),
        "uploadpack.packObjectsHook": marker_command(markers, "pack-objects-hook"),
        "remote.origin.url": f"ext::sh -c touch% {markers / 'remote-ext'}",
        "protocol.ext.allow": "always",
        "include.path": str(tmp_path / "included.gitconfig"),
    }
    (tmp_path / "included.gitconfig").write_text(
        f"[core]\n\tfsmonitor = {marker_command(markers, 'included-fsmonitor')}\n", encoding="utf-8")
    for key, value in settings.items():
        git(repo, "config", key, value)
    return repo, markers


def plain_git(repo: Path, *args: str) -> None:
    """git as the old collector ran it: the checkout's own configuration in force."""
    subprocess.run(["git", *args], cwd=repo, capture_output=True, env=dict(os.environ, **GIT_ENV), timeout=60)


def test_the_traps_are_live_with_plain_git(trapped):
    repo, markers = trapped
    plain_git(repo, "ls-files", "-z", "--cached")
    plain_git(repo, "log", "-n5", "--format=%H")
    # include.path comes last, so its fsmonitor is the one git runs: includes are live too.
    assert {"included-fsmonitor", "gpg-program"} <= {p.name for p in markers.iterdir()}


def test_collecting_a_trapped_checkout_runs_nothing(trapped):
    repo, markers = trapped
    snapshot = collect_local([repo])
    collected = snapshot.repos[0]
    assert collected.collection_error is None
    assert {f.path for f in collected.files} == {"README.md", "app.py"}
    assert [c.subject for c in collected.commits.items][:2] == [
        "Sign the release because tags are checked", "Change the value because the old one was wrong"]
    assert list(markers.iterdir()) == []


def test_a_whole_audit_of_a_trapped_checkout_runs_nothing(trapped, tmp_path):
    repo, markers = trapped
    home = tmp_path / "home"
    home.mkdir()
    for fmt in ("json", "md", "html"):
        done = run_cli("audit", str(repo), "-f", fmt, "-o", str(tmp_path / f"report.{fmt}"), cwd=home,
                       env={"HOME": str(home)})
        assert done.returncode == 0, done.stderr
    assert list(markers.iterdir()) == []


def test_a_folder_inside_a_trapped_work_tree_runs_nothing(trapped):
    """The enclosing repository lists the folder's files, through the same shadow: its config is never read."""
    repo, markers = trapped
    project = repo / "sub"
    project.mkdir()
    (project / "README.md").write_text(README, encoding="utf-8")
    (project / "tool.py").write_text("VALUE = 3\n", encoding="utf-8")
    collected = collect_local([project]).repos[0]
    assert {f.path for f in collected.files} == {"README.md", "tool.py"}
    assert "part of the git repository" in collected.commits.reason
    assert list(markers.iterdir()) == []


def test_every_git_command_goes_through_the_safe_module():
    """One module runs git on audited data; any other subprocess call in the package is a new door."""
    from portfolio_audit.collect import git as safe_git

    package = Path(safe_git.__file__).resolve().parents[1]
    offenders = []
    for path in package.rglob("*.py"):
        if path == Path(safe_git.__file__).resolve():
            continue
        text = path.read_text(encoding="utf-8")
        if "subprocess" in text or "os.system" in text or "os.popen" in text:
            offenders.append(str(path.relative_to(package)))
    assert offenders == []
