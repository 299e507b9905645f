"""Collect a snapshot from local folders: git checkouts or plain project directories.

This module and collect/github.py are the only code that reads the outside
world. A local folder has no issues, pull requests or discussions, so those are
recorded as *not available* (with the reason), never as empty lists.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Optional

from .. import __version__
from ..errors import AuditError, ExitCode
from ..snapshot import Collected, Commit, FileEntry, RepoSnapshot, SkippedFile, Snapshot
from ..annotations import annotation_for
from .classify import VENDOR_DIRS, admit, classify_path, skip_reason_for_path

# Recent commits read per repository: enough to judge habits, bounded so a
# 50,000-commit history costs no more than a small one.
DEFAULT_MAX_COMMITS = 200
# Files kept per repository; past this the rest are listed as skipped so the
# report says the audit looked at a sample.
MAX_FILES_PER_REPO = 4000
# A git command that takes longer than this is treated as failed for that repo.
GIT_TIMEOUT_SECONDS = 60
# Marks files that make a folder a project of its own rather than a folder of projects.
PROJECT_MARKERS = re.compile(
    r"^(readme(\..*)?|pyproject\.toml|setup\.py|package\.json|go\.mod|cargo\.toml|pom\.xml|"
    r"build\.gradle(\.kts)?|cmakelists\.txt|makefile|gemfile|composer\.json)$",
    re.IGNORECASE,
)
NOT_AVAILABLE_LOCALLY = "local folder: issues, pull requests, reviews and discussions live on GitHub"
# Separators for `git log` records: ASCII record/unit separators never occur in commit text.
_RECORD, _UNIT = "\x1e", "\x1f"
_GITHUB_REMOTE = re.compile(r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)([^/]+)/(.+?)(?:\.git)?/?$")

ProgressFunction = Callable[[int, int, str], None]


def _git(path: Path, *args: str) -> Optional[str]:
    """Run git in ``path``; None when git is missing, fails or times out."""
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        completed = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=path,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            env=env,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if completed.returncode != 0:
        return None
    return completed.stdout.decode("utf-8", errors="replace")


def _git_toplevel(path: Path) -> Optional[Path]:
    output = _git(path, "rev-parse", "--show-toplevel")
    return Path(output.strip()).resolve() if output else None


def is_project(path: Path) -> bool:
    """A folder is a project of its own when git says so or it has a README/manifest."""
    if (path / ".git").exists():
        return True
    try:
        return any(PROJECT_MARKERS.match(child.name) for child in path.iterdir() if child.is_file())
    except OSError:
        return False


def discover_projects(paths: Iterable[Path]) -> list:
    """Expand each PATH into project folders: itself, or its direct children."""
    projects = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            raise AuditError(f"{raw}: no such file or directory", "pass a git repository or a folder of projects", ExitCode.USAGE)
        if not path.is_dir():
            raise AuditError(f"{raw}: not a folder", "pass a folder, or a snapshot .json file saved by `collect`", ExitCode.USAGE)
        path = path.resolve()
        if is_project(path):
            projects.append(path)
            continue
        children = sorted(
            child for child in path.iterdir()
            if child.is_dir() and not child.name.startswith(".") and child.name not in VENDOR_DIRS
        )
        if not children:
            raise AuditError(
                f"{raw}: neither a project nor a folder of projects",
                "a project has a README, a manifest or a .git folder",
                ExitCode.USAGE,
            )
        projects.extend(children)
    seen, unique = set(), []
    for project in projects:
        if project not in seen:
            seen.add(project)
            unique.append(project)
    return unique


def _walk_files(root: Path) -> list:
    """Every file under root, pruning vendored/hidden folders and never following symlinks."""
    found = []
    for directory, subdirs, files in os.walk(root, followlinks=False):
        subdirs[:] = sorted(
            d for d in subdirs
            if d not in VENDOR_DIRS and (not d.startswith(".") or d == ".github")
        )
        for name in sorted(files):
            found.append((Path(directory) / name).relative_to(root).as_posix())
    return found


def _list_files(root: Path, toplevel: Optional[Path]) -> list:
    if toplevel is not None:
        # A repository's own root: only what git tracks (what was published).
        # A folder inside a bigger work tree: tracked plus untracked-but-not-ignored
        # files, so a project being prepared is audited as .gitignore describes it.
        args = ["ls-files", "-z", "--cached"]
        if toplevel != root:
            args += ["--others", "--exclude-standard"]
        output = _git(root, *args)
        if output is not None:
            return sorted(set(p for p in output.split("\0") if p))
    return _walk_files(root)


def _read_files(root: Path, relative_paths: list) -> tuple:
    files, skipped = [], []
    for rel in relative_paths:
        reason = skip_reason_for_path(rel)
        kind = classify_path(rel)
        if kind is None and reason is None:
            continue  # images, data, config: not read, not worth listing
        if reason:
            if kind is not None:  # only list skips a reader could have expected us to read
                skipped.append(SkippedFile(rel, reason))
            continue
        full = root / rel
        if full.is_symlink():
            skipped.append(SkippedFile(rel, "symbolic link"))
            continue
        if not full.is_file():  # a FIFO or device would block or never end
            skipped.append(SkippedFile(rel, "not a regular file"))
            continue
        if len(files) >= MAX_FILES_PER_REPO:
            skipped.append(SkippedFile(rel, f"file limit reached ({MAX_FILES_PER_REPO} files per repository)"))
            continue
        try:
            data = full.read_bytes()
        except OSError as exc:
            skipped.append(SkippedFile(rel, f"unreadable ({exc.strerror or exc.__class__.__name__})"))
            continue
        kept = admit(rel, kind, data)
        (files if isinstance(kept, FileEntry) else skipped).append(kept)
    return tuple(files), tuple(skipped)


def _read_commits(root: Path, max_commits: int) -> Collected:
    output = _git(
        root, "log", f"-n{max_commits + 1}", "--no-merges", "--numstat",
        f"--format={_RECORD}%H{_UNIT}%an{_UNIT}%aI{_UNIT}%s{_UNIT}%b{_UNIT}",
    )
    if output is None:
        return Collected.missing("git log failed (an empty repository has no history)")
    commits = []
    for record in output.split(_RECORD)[1:]:
        sha, author, date, subject, body, stats = (record.split(_UNIT) + [""] * 6)[:6]
        files_changed = insertions = deletions = 0
        for line in stats.strip().splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                files_changed += 1
                # Binary files show "-" for line counts: they change files, not lines.
                insertions += int(parts[0]) if parts[0].isdigit() else 0
                deletions += int(parts[1]) if parts[1].isdigit() else 0
        commits.append(
            Commit(sha=sha.strip(), subject=subject.strip(), body=body.strip(), author=author,
                   authored_at=date, files_changed=files_changed, insertions=insertions, deletions=deletions)
        )
    truncated = len(commits) > max_commits
    return Collected.of(commits[:max_commits], truncated=truncated)


def _manifest_metadata(files: tuple) -> tuple:
    """(description, topics) declared by the project's own manifest, if any."""
    by_path = {f.path: f for f in files}
    package = by_path.get("package.json")
    if package:
        try:
            data = json.loads(package.text)
            if isinstance(data, dict):
                keywords = data.get("keywords") if isinstance(data.get("keywords"), list) else []
                return (data.get("description") or None, tuple(str(k) for k in keywords))
        except ValueError:
            pass
    pyproject = by_path.get("pyproject.toml")
    if pyproject:
        try:
            import tomllib

            project = tomllib.loads(pyproject.text).get("project", {})
            keywords = project.get("keywords") if isinstance(project.get("keywords"), list) else []
            return (project.get("description") or None, tuple(str(k) for k in keywords))
        except (ValueError, ImportError):
            pass
    return (None, ())


def _html_url(root: Path) -> Optional[str]:
    remote = _git(root, "remote", "get-url", "origin")
    match = _GITHUB_REMOTE.match(remote.strip()) if remote else None
    return f"https://github.com/{match.group(1)}/{match.group(2)}" if match else None


def collect_repo(root: Path, max_commits: int = DEFAULT_MAX_COMMITS) -> RepoSnapshot:
    """One project folder as a RepoSnapshot; problems become ``collection_error``."""
    name = root.name
    unavailable = Collected.missing(NOT_AVAILABLE_LOCALLY)
    collaboration = dict(issues=unavailable, pull_requests=unavailable, reviews=unavailable,
                         discussions=unavailable, community=unavailable)
    try:
        toplevel = _git_toplevel(root)
        own_repo = toplevel == root
        files, skipped = _read_files(root, _list_files(root, toplevel))
        description, topics = _manifest_metadata(files)
        if own_repo:
            commits = _read_commits(root, max_commits)
            head = (_git(root, "rev-parse", "--verify", "-q", "HEAD") or "").strip() or None
            branch = (_git(root, "symbolic-ref", "--short", "-q", "HEAD") or "").strip() or None
            dates = [c.authored_at for c in commits.items]
            first = (_git(root, "log", "--reverse", "--format=%aI", "--max-parents=0") or "").split()
            html_url = _html_url(root)
        else:
            why = f"part of the git repository at {toplevel}" if toplevel else "not a git repository"
            commits = Collected.missing(f"no history of its own ({why})")
            head = branch = html_url = None
            dates, first = [], []
        return RepoSnapshot(
            name=name,
            full_name=name,
            description=description,
            topics=topics,
            default_branch=branch,
            created_at=first[0] if first else None,
            pushed_at=max(dates) if dates else None,
            commit_sha=head,
            html_url=html_url,
            local_path=str(root),
            files=files,
            skipped=skipped,
            commits=commits,
            annotation=annotation_for(files),
            **collaboration,
        )
    except Exception as exc:  # noqa: BLE001 - one unreadable repo must not abort the audit
        return RepoSnapshot(name=name, full_name=name, local_path=str(root),
                            collection_error=f"{exc.__class__.__name__}: {exc}", **collaboration)


def collect_local(
    paths: Iterable,
    max_commits: int = DEFAULT_MAX_COMMITS,
    progress: Optional[ProgressFunction] = None,
    collected_at: Optional[str] = None,
) -> Snapshot:
    """Collect every project under ``paths`` into one snapshot."""
    path_list = [str(p) for p in paths]
    projects = discover_projects(path_list)
    repos = []
    for index, project in enumerate(projects):
        if progress:
            progress(index + 1, len(projects), project.name)
        repos.append(collect_repo(project, max_commits))
    if collected_at is None:
        collected_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Snapshot(
        collected_at=collected_at,
        source={"kind": "local", "paths": path_list},
        owner=None,
        repos=tuple(repos),
        tool_version=__version__,
        contributions=Collected.missing(NOT_AVAILABLE_LOCALLY),
    )
