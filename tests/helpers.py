"""Helpers for tests that build throwaway git repositories and run the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

# An empty git configuration of the tests' own: os.devnull would do, unless something on the
# machine replaced /dev/null with a regular file (then git fails to parse what was written there).
EMPTY_GIT_CONFIG = os.path.join(tempfile.mkdtemp(prefix="portfolio-audit-tests-"), "gitconfig")
open(EMPTY_GIT_CONFIG, "wb").close()

# Fixed identities and dates make the throwaway repositories reproducible.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ada Tester",
    "GIT_AUTHOR_EMAIL": "ada@example.org",
    "GIT_COMMITTER_NAME": "Ada Tester",
    "GIT_COMMITTER_EMAIL": "ada@example.org",
    "GIT_AUTHOR_DATE": "2026-01-02T10:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-01-02T10:00:00+00:00",
    "GIT_CONFIG_GLOBAL": EMPTY_GIT_CONFIG,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(path: Path, *args: str) -> str:
    env = dict(os.environ, **GIT_ENV)
    done = subprocess.run(["git", *args], cwd=path, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def make_repo(path: Path, files: dict, commits: list | None = None) -> Path:
    """Create a git repo at ``path`` with ``files``; ``commits`` are (message, {path: text}) steps."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    for rel, text in files.items():
        target = path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "Add the first version of the project")
    for message, changes in commits or []:
        for rel, text in changes.items():
            target = path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        git(path, "add", "-A")
        git(path, "commit", "-q", "-m", message)
    return path


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess, as a user would."""
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("PORTFOLIO_AUDIT_DEBUG", None)
    repo_root = Path(__file__).resolve().parent.parent
    full_env["PYTHONPATH"] = str(repo_root) + os.pathsep + full_env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "portfolio_audit", *args],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300,
    )
