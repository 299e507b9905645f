"""Collect a snapshot from local folders: git checkouts or plain project directories.

This module and the collect/github/ package are the only code that reads the outside
world. A local folder has no issues, pull requests or discussions, so those are
recorded as *not available* (with the reason), never as empty lists.

Everything in a folder is a stranger's: git runs only through collect/git.py (which
lets no configuration of theirs execute anything), no file outside the named folder is
read (links are not followed, not even in the folder names a git index lists), sizes
are checked before reading, and deep or endless structures stop at a cap.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Union

from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .. import __version__
from ..errors import AuditError, ExitCode
from ..snapshot import (COLLABORATION_FIELDS, COLLECTED_FIELDS, Collected, FileEntry, RepoSnapshot, SkippedFile, Snapshot,
                        clean_text)
from ..annotations import annotation_for
from ..workers import fork_context, fork_workers
from ..provenance.path_rules import linguist_loaded
from . import git
from .authorship import (MAX_AUTHORSHIP_COMMITS, RawHistory, authorship_for, identity_from_option, is_person,
                         most_frequent_committer, read_raw_history, unknown_for)
from .classify import (MAX_FILE_BYTES, MAX_REPO_TEXT_BYTES, REPO_TEXT_LIMIT_REASON, VENDOR_DIRS, admit, classify_path,
                       skipped_for_path, too_large)

# Recent commits read per repository: enough to judge habits, bounded so a
# 50,000-commit history costs no more than a small one.
DEFAULT_MAX_COMMITS = 200
# Files kept per repository; past this the rest are listed as skipped so the
# report says the audit looked at a sample.
MAX_FILES_PER_REPO = 4000
# Folders below a project's root that are walked or read; deeper ones are skipped and listed
# (2,000 nested folders would otherwise exhaust recursion and path lengths).
MAX_FOLDER_DEPTH = 48
# Paths a folder walk lists at most; past this the walk stops and says so.
MAX_WALKED_PATHS = 200_000
# git's list of tracked files is read up to this many bytes (about 300,000 paths).
MAX_LISTING_BYTES = 24 * 1024 * 1024
# Marks files that make a folder a project of its own rather than a folder of projects.
PROJECT_MARKERS = re.compile(
    r"^(readme(\..*)?|pyproject\.toml|setup\.py|package\.json|go\.mod|cargo\.toml|pom\.xml|"
    r"build\.gradle(\.kts)?|cmakelists\.txt|makefile|gemfile|composer\.json)$",
    re.IGNORECASE,
)
NOT_AVAILABLE_LOCALLY = "local folder: issues, pull requests, reviews and discussions live on GitHub"
_GITHUB_REMOTE = re.compile(r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)([^/]+)/(.+?)(?:\.git)?/?$")
# Manifest metadata shown in the report: a description and topics, each cut to this.
MAX_DESCRIPTION_CHARS = 1000
MAX_TOPICS = 50
MAX_TOPIC_CHARS = 100
_NOT_UTF8_NAME = "file name is not valid UTF-8"
_LINKED_FOLDER = "inside a symbolically linked folder"

ProgressFunction = Callable[[int, int, str], None]


def is_project(path: Path) -> bool:
    """A folder is a project of its own when it has a .git, a README or a manifest."""
    if os.path.lexists(path / ".git"):
        return True
    try:
        with os.scandir(path) as entries:
            return any(PROJECT_MARKERS.match(entry.name) and entry.is_file(follow_symlinks=False) for entry in entries)
    except OSError:
        return False


def _linked_child(child: Path) -> RepoSnapshot:
    """A child of a folder of projects that is a symbolic link: listed as not collected, never followed."""
    name = clean_text(child.name)
    try:
        target = clean_text(os.readlink(child))
    except OSError:
        target = "?"
    unavailable: dict[str, Any] = {field: Collected.missing(NOT_AVAILABLE_LOCALLY) for field in COLLECTED_FIELDS}
    return RepoSnapshot(name=name, full_name=name, local_path=clean_text(str(child)),
                        collection_error=f"symbolic link to {target}: not followed (only folders inside the"
                                         " audited folder are read; name the target to audit it)",
                        **unavailable)


def discover_projects(paths: Iterable[Union[str, Path]]) -> list[Union[Path, RepoSnapshot]]:
    """Expand each PATH into project folders: itself, or its direct children.

    A child that is a symbolic link is not followed; it comes back as a ``RepoSnapshot``
    that says so, so the report lists it. A PATH named on the command line is followed.
    """
    projects: list[Union[Path, RepoSnapshot]] = []
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
        try:
            children = sorted(
                child for child in path.iterdir()
                if not child.name.startswith(".") and child.name not in VENDOR_DIRS and child.is_dir()
            )
        except OSError as exc:
            raise AuditError(f"{raw}: cannot list the folder ({exc.strerror})", "check its permissions",
                             ExitCode.USAGE) from None
        if not children:
            raise AuditError(
                f"{raw}: neither a project nor a folder of projects",
                "a project has a README, a manifest or a .git folder",
                ExitCode.USAGE,
            )
        for child in children:
            if not child.is_symlink():
                projects.append(child)
            elif not git.inside(os.path.realpath(child), str(path)):
                projects.append(_linked_child(child))
            # A link to a folder inside this one names something audited already (or a part of it).
    seen, unique = set(), []
    for project in projects:
        key = project.local_path if isinstance(project, RepoSnapshot) else project
        if key not in seen:
            seen.add(key)
            unique.append(project)
    return unique


def _walk_files(root: Path) -> tuple:
    """(paths, skipped): every file under root, pruning vendored/hidden folders, never following links.

    Iterative and depth-capped, so 2,000 nested folders cost one skipped entry, not the repository.
    """
    found, skipped = [], []
    pending = [("", 0)]
    while pending:
        relative, depth = pending.pop()
        try:
            with os.scandir(os.path.join(root, relative) if relative else root) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            if relative:
                skipped.append(SkippedFile(clean_text(relative) + "/", f"unreadable folder ({exc.strerror or 'error'})"))
            continue
        folders = []
        for entry in entries:
            rel = f"{relative}/{entry.name}" if relative else entry.name
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                if entry.name in VENDOR_DIRS or (entry.name.startswith(".") and entry.name != ".github"):
                    continue
                if depth + 1 >= MAX_FOLDER_DEPTH:
                    skipped.append(SkippedFile(clean_text(rel) + "/", f"too deeply nested (more than"
                                                                      f" {MAX_FOLDER_DEPTH} folders); not read"))
                    continue
                folders.append((rel, depth + 1))
            else:
                found.append(rel)
            if len(found) >= MAX_WALKED_PATHS:
                skipped.append(SkippedFile(clean_text(relative or "."), f"walk stopped after {MAX_WALKED_PATHS:,}"
                                                                         " paths; the rest was not read"))
                return sorted(found), skipped
        pending.extend(reversed(folders))
    return sorted(found), skipped


def _list_files(root: Path, discovery: git.Discovery, repo: Optional[git.GitRepository]) -> tuple:
    """(relative paths, skipped): what git tracks (and, inside a bigger work tree, what it would add), else a walk."""
    if repo is not None:
        # A repository's own root: only what git tracks (what was published).
        # A folder inside a bigger work tree: tracked plus untracked-but-not-ignored
        # files, so a project being prepared is audited as .gitignore describes it.
        args = ["ls-files", "-z", "--cached"]
        if discovery.toplevel != root:
            args += ["--others", "--exclude-standard"]
        listed = repo.run(*args, cwd=root, max_bytes=MAX_LISTING_BYTES)
        if listed.ok or listed.cut:
            paths = sorted(set(os.fsdecode(p) for p in listed.output.split(b"\0") if p))
            if listed.cut:
                paths = paths[:-1]  # the last name may be cut in the middle
                return paths, [SkippedFile("(file list)", f"cut: git's list of files is over"
                                                          f" {MAX_LISTING_BYTES // (1024 * 1024)} MiB;"
                                                          f" only the first {len(paths):,} paths were considered")]
            return paths, []
    return _walk_files(root)


def _safe_relative(rel: str) -> Optional[str]:
    """Why ``rel`` (from a git index or a walk) cannot be read inside the root, or None."""
    parts = rel.split("/")
    if rel.startswith("/") or any(part in ("", ".", "..") for part in parts):
        return "unsafe path (absolute, empty or ..)"
    if len(parts) > MAX_FOLDER_DEPTH:
        return f"too deeply nested (more than {MAX_FOLDER_DEPTH} folders)"
    return None


class _Tree:
    """Reads files strictly inside one folder: no link followed at any depth, sizes checked before reading."""

    def __init__(self, root: Path):
        self.root = os.path.realpath(root)
        self._folders: dict = {"": True}

    def _folder_is_real(self, folder: str) -> bool:
        known = self._folders.get(folder)
        if known is None:
            lexical = os.path.join(self.root, folder)
            try:
                known = os.path.realpath(lexical) == lexical
            except (OSError, ValueError):
                known = False
            self._folders[folder] = known
        return known

    def read(self, rel: str, max_bytes: int):
        """The file's bytes, or the reason (str) it is not read."""
        unsafe = _safe_relative(rel)
        if unsafe:
            return unsafe
        if not self._folder_is_real(rel.rpartition("/")[0]):
            return _LINKED_FOLDER
        full = os.path.join(self.root, rel)
        try:
            before = os.lstat(full)
        except OSError as exc:
            return f"unreadable ({exc.strerror or exc.__class__.__name__})"
        if stat.S_ISLNK(before.st_mode):
            return "symbolic link"
        if not stat.S_ISREG(before.st_mode):  # a FIFO or device would block, never end, or do something
            return "not a regular file"
        if before.st_size > max_bytes:
            return too_large(before.st_size, max_bytes)  # a 2 GB (even sparse) file is never read
        try:
            descriptor = os.open(full, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            return f"unreadable ({exc.strerror or exc.__class__.__name__})"
        with os.fdopen(descriptor, "rb") as handle:
            after = os.fstat(descriptor)
            if (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino) or not stat.S_ISREG(after.st_mode):
                return "changed while being read"
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            return too_large(len(data), max_bytes)
        return data


def _read_files(root: Path, relative_paths: list) -> tuple:
    files: list[FileEntry] = []
    skipped: list[SkippedFile] = []
    tree = _Tree(root)
    text_bytes, text_limit_reached = 0, False
    for rel in relative_paths:
        shown = clean_text(rel)
        by_path = skipped_for_path(shown)
        kind = classify_path(shown)
        if kind is None and by_path is None:
            continue  # images, data, config: not read, not worth listing
        if by_path:
            if kind is not None:  # only list skips a reader could have expected us to read
                skipped.append(by_path)
            continue
        if shown != rel:
            skipped.append(SkippedFile(shown, _NOT_UTF8_NAME))
            continue
        if len(files) >= MAX_FILES_PER_REPO:
            skipped.append(SkippedFile(rel, f"file limit reached ({MAX_FILES_PER_REPO} files per repository)"))
            continue
        if text_limit_reached:
            skipped.append(SkippedFile(rel, REPO_TEXT_LIMIT_REASON))
            continue
        data = tree.read(rel, MAX_FILE_BYTES)
        if isinstance(data, str):
            skipped.append(SkippedFile(rel, data))
            continue
        assert kind is not None  # a path of no kind was passed over above, or skipped by its path
        kept = admit(rel, kind, data)
        if isinstance(kept, FileEntry):
            if text_bytes + kept.size > MAX_REPO_TEXT_BYTES:
                text_limit_reached = True
                skipped.append(SkippedFile(rel, REPO_TEXT_LIMIT_REASON))
                continue
            text_bytes += kept.size
            files.append(kept)
        else:
            skipped.append(kept)
    return tuple(files), tuple(skipped)


def _text_or_none(value, limit: int) -> Optional[str]:
    """A manifest's free-text value as the snapshot keeps it: text, cut to ``limit``; anything else is dropped."""
    if not isinstance(value, str):
        return None
    text = clean_text(" ".join(value.split()))[:limit]
    return text or None


def _keywords(value) -> tuple:
    if not isinstance(value, list):
        return ()
    return tuple(text for text in (_text_or_none(k, MAX_TOPIC_CHARS) for k in value[:MAX_TOPICS]) if text)


def _manifest_metadata(files: tuple) -> tuple:
    """(description, topics) declared by the project's own manifest, if any.

    A manifest is the stranger's data: a description that is not text is ignored, and one
    that cannot be parsed (100,000 nested arrays, invalid TOML) costs only its metadata.
    """
    by_path = {f.path: f for f in files}
    package = by_path.get("package.json")
    if package:
        try:
            data = json.loads(package.text)
            if isinstance(data, dict):
                return (_text_or_none(data.get("description"), MAX_DESCRIPTION_CHARS), _keywords(data.get("keywords")))
        except (ValueError, RecursionError):
            pass
    pyproject = by_path.get("pyproject.toml")
    if pyproject:
        try:
            import tomllib

            project = tomllib.loads(pyproject.text).get("project", {})
            if isinstance(project, dict):
                return (_text_or_none(project.get("description"), MAX_DESCRIPTION_CHARS),
                        _keywords(project.get("keywords")))
        except (ValueError, RecursionError, ImportError):
            pass
    return (None, ())


def _html_url(repo: git.GitRepository) -> Optional[str]:
    remote = repo.config_value("remote.origin.url")
    match = _GITHUB_REMOTE.match(remote.strip()) if remote else None
    if not match or not re.fullmatch(r"[A-Za-z0-9._-]+", match.group(1) + match.group(2)):
        return None  # only a plain owner/name becomes a link
    return f"https://github.com/{match.group(1)}/{match.group(2)}"


def collect_repo(root: Path, max_commits: int = DEFAULT_MAX_COMMITS, authors: tuple = ()) -> RepoSnapshot:
    """One project folder as a RepoSnapshot; problems become ``collection_error``.

    The person is ``authors`` (``--author`` values), else this repository's most frequent committer.
    """
    repo, raw, histories = _collect_repo(root, max_commits)
    identity = identity_from_option(authors) or (most_frequent_committer([raw]) if raw is not None else None)
    return _with_authorship(repo, raw, identity, histories)


def _with_authorship(repo: RepoSnapshot, raw: Optional[RawHistory], identity,
                     histories: Optional[dict] = None) -> RepoSnapshot:
    """``repo`` once the person is known: history's say on whose files are whose, and the authorship."""
    from .origins import with_histories

    if repo.collection_error:
        return repo
    matcher = None if identity is None else (lambda name, email: is_person(identity, email, name))
    repo = replace(repo, files=with_histories(repo.files, histories, matcher))
    if raw is None:
        return replace(repo, authorship=unknown_for(repo, identity))
    return replace(repo, authorship=authorship_for(raw, identity, repo))


def _collect_repo(root: Path, max_commits: int, verdicts=None) -> tuple:
    """(RepoSnapshot without authorship, RawHistory or None when the folder has no history of its own,
    the first commit's file histories or None). ``verdicts``: see ``collect_local``."""
    from .history import read_file_histories, read_history
    from .origins import attach_origins

    name = clean_text(root.name)
    unavailable = Collected.missing(NOT_AVAILABLE_LOCALLY)
    collaboration: dict[str, Any] = {name: unavailable for name in COLLABORATION_FIELDS}
    repo = None
    try:
        discovery = git.discover(root)
        repo = discovery.open() if discovery.toplevel is not None else None
        own_repo = repo is not None and discovery.toplevel == Path(os.path.realpath(root))
        listing, notes = _list_files(root, discovery, repo)
        if discovery.refused:
            notes.append(SkippedFile(".git", f"not followed: {discovery.refused}"))
        files, skipped = _read_files(root, listing)
        description, topics = _manifest_metadata(files)
        head = branch = html_url = created_at = pushed_at = None
        raw = None
        histories = None
        if own_repo:
            assert repo is not None  # own_repo says there is one
            file_histories = read_file_histories(repo)
            histories = file_histories.by_path
            if file_histories.note():
                notes.append(file_histories.note())
        files = attach_origins(files, listing, name, verdicts)
        if own_repo:
            assert repo is not None
            history = read_history(repo, max_commits)
            commits, notes = history.commits, notes + list(history.notes)
            if history.head is not None:
                raw = read_raw_history(repo, max(max_commits, MAX_AUTHORSHIP_COMMITS))
                if raw.truncated or raw.problem:
                    notes.append(SkippedFile("(commit history)", f"cut: authorship read from the {len(raw.commit_author):,}"
                                             f" most recent commits ({raw.problem or 'history longer than the caps'})"))
            head, branch, created_at = history.head, history.branch, history.created_at
            dates = [c.authored_at for c in commits.items if c.authored_at]
            pushed_at = max(dates) if dates else None
            html_url = _html_url(repo)
        else:
            if discovery.refused:
                why = "its .git was not followed"
            elif discovery.toplevel is not None:
                why = f"part of the git repository at {clean_text(str(discovery.toplevel))}"
            else:
                why = "not a git repository"
            commits = Collected.missing(f"no history of its own ({why})")
        return RepoSnapshot(
            name=name,
            full_name=name,
            description=description,
            topics=topics,
            default_branch=branch,
            created_at=created_at,
            pushed_at=pushed_at,
            commit_sha=head,
            html_url=html_url,
            local_path=clean_text(str(root)),
            files=files,
            skipped=skipped + tuple(notes),
            commits=commits,
            annotation=annotation_for(files),
            **collaboration,
        ), raw, histories
    except git.GitRefused as exc:
        return RepoSnapshot(name=name, full_name=name, local_path=clean_text(str(root)),
                            collection_error=f"git data refused: {exc}", **collaboration), None, None
    except Exception as exc:  # noqa: BLE001 - one unreadable repo must not abort the audit
        return RepoSnapshot(name=name, full_name=name, local_path=clean_text(str(root)),
                            collection_error=clean_text(f"{exc.__class__.__name__}: {exc}"), **collaboration), None, None
    finally:
        if repo is not None:
            repo.close()


# A collection this large (files counted by a bounded walk) takes seconds of reading,
# classifying and judging provenance, so its projects are collected in forked workers
# (workers.py); below it, or with fewer than two projects, the pool costs more than it saves.
MIN_FILES_FOR_WORKERS = 1_000
# The walk that decides stops counting a project here: enough to know it is large.
COUNTED_FILES_PER_PROJECT = MIN_FILES_FOR_WORKERS
# (projects, max_commits, verdicts) for forked workers to read; set only while a pool is running.
_COLLECT_INPUT: Optional[tuple] = None


def _files_counted(root: Path, limit: int) -> int:
    """Entries under ``root``, counted up to ``limit`` without following links (nothing is read)."""
    count, pending = 0, [root]
    while pending and count < limit:
        try:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    count += 1
                    if entry.is_dir(follow_symlinks=False) and entry.name != ".git":
                        pending.append(Path(entry.path))
                    if count >= limit:
                        break
        except OSError:
            continue  # unreadable: collection says so; the estimate only decides the pool
    return count


def _collect_nth(index: int) -> tuple:
    assert _COLLECT_INPUT is not None  # set before the pool starts
    projects, max_commits, verdicts = _COLLECT_INPUT
    return _collect_repo(projects[index], max_commits, verdicts)


def _collect_projects(projects: list, max_commits: int, progress: Optional[ProgressFunction], verdicts,
                      meanwhile: Optional[Callable[[], None]] = None) -> list:
    """(RepoSnapshot, RawHistory or None, histories or None) for every project, in order; in workers when it pays.

    ``meanwhile`` is called once before the first project is collected here, or while the
    workers collect: the caller's own preparation (reading the rules) then costs no wall time.
    """
    global _COLLECT_INPUT
    folders = [index for index, project in enumerate(projects) if not isinstance(project, RepoSnapshot)]
    # A fork after go-enry is loaded would carry a Go runtime without its threads into each worker.
    workers = 1 if linguist_loaded() else fork_workers(len(folders), True)
    # Only where a pool could start is the collection counted: one core never walks for it.
    if workers > 1 and sum(_files_counted(projects[i], COUNTED_FILES_PER_PROJECT) for i in folders) < MIN_FILES_FOR_WORKERS:
        workers = 1
    pool, futures = None, {}
    if workers > 1:
        _COLLECT_INPUT = (projects, max_commits, verdicts)
        try:
            pool = ProcessPoolExecutor(workers, mp_context=fork_context())
            futures = {index: pool.submit(_collect_nth, index) for index in folders}
        except (BrokenProcessPool, OSError):
            futures = {}  # no workers (out of processes, out of memory): collect here, the snapshot is the same
    collected = []
    try:
        if meanwhile is not None:
            meanwhile()
        for index, project in enumerate(projects):
            if progress:
                progress(index + 1, len(projects), clean_text(project.name))
            if isinstance(project, RepoSnapshot):
                collected.append((project, None, None))
                continue
            found = None
            if index in futures:
                try:
                    found = futures[index].result()
                except Exception:  # noqa: BLE001 - _collect_repo catches a project's own failures; this is the pool's
                    # A worker died (killed, out of memory) or its result could not travel: the rest is collected here.
                    futures = {}
            collected.append(found or _collect_repo(project, max_commits, verdicts))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        _COLLECT_INPUT = None
    return collected


def collect_local(
    paths: Iterable,
    max_commits: int = DEFAULT_MAX_COMMITS,
    progress: Optional[ProgressFunction] = None,
    collected_at: Optional[str] = None,
    authors: tuple = (),
    verdicts=None,
    meanwhile: Optional[Callable[[], None]] = None,
) -> Snapshot:
    """Collect every project under ``paths`` into one snapshot.

    The person is ``authors`` (``--author`` values: names, emails, GitHub logins), else the
    most frequent committer across all the repositories collected; the snapshot says which.
    ``verdicts`` (verdict_cache.VerdictPacks) keeps provenance verdicts between runs.
    ``meanwhile``, when given, is called once, after the projects are found and before (or,
    with worker processes, while) they are collected.
    """
    path_list = [str(p) for p in paths]
    projects = discover_projects(path_list)
    collected = _collect_projects(projects, max_commits, progress, verdicts, meanwhile)
    identity = identity_from_option(authors) or most_frequent_committer(raw for _, raw, _ in collected if raw is not None)
    repos = [_with_authorship(repo, raw, identity, histories) for repo, raw, histories in collected]
    del collected  # the raw histories: only their Authorship is kept
    if collected_at is None:
        collected_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Snapshot(
        collected_at=collected_at,
        source={"kind": "local", "paths": [clean_text(p) for p in path_list]},
        owner=None,
        repos=tuple(repos),
        tool_version=__version__,
        contributions=Collected.missing(NOT_AVAILABLE_LOCALLY),
        person=identity,
    )
