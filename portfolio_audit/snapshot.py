"""The snapshot: frozen, JSON-serialisable data that collection produces and evaluation reads.

A snapshot is the only thing the evaluate stage sees, so everything a rule needs
must be here, and nothing here may depend on where or when it is evaluated.
Collaboration data is wrapped in ``Collected`` so that "we could not see it"
(not available) is never confused with "there was nothing" (an empty list).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Optional

SNAPSHOT_VERSION = "1"

# Kinds of file a collector keeps. Rules select files by these, not by path.
# "annotation" is the person's .portfolio-audit.yml (annotations.py); no rule reads it.
FILE_KINDS = ("readme", "doc", "source", "manifest", "annotation")


class SnapshotError(ValueError):
    """The input is not a snapshot this version can read."""


@dataclass(frozen=True)
class FileEntry:
    """A collected file with its text, classified by the rules that read it (README, doc, source, manifest)."""

    path: str  # POSIX path relative to the repository root
    kind: str  # one of FILE_KINDS
    language: Optional[str]  # "python", "markdown", ... or None when unknown
    size: int  # bytes on disk (before decoding)
    text: str


@dataclass(frozen=True)
class SkippedFile:
    """A file the collector left out, listed in the report so that nothing disappears silently."""

    path: str
    reason: str  # "vendored", "generated", "binary", "too large", ...


@dataclass(frozen=True)
class Commit:
    """One commit as the commit rules see it: its message, author and the size of the change."""

    sha: str
    subject: str
    body: str
    author: str
    authored_at: str  # ISO 8601
    files_changed: int = 0
    insertions: int = 0
    deletions: int = 0


@dataclass(frozen=True)
class Collected:
    """A list of records that may or may not have been observable.

    ``available`` False with a ``reason`` means the source could not show this
    data (a local folder has no issues); rules that need it are *not available*.
    """

    available: bool
    items: tuple = ()
    reason: Optional[str] = None
    truncated: bool = False  # True when only the most recent N were kept

    @classmethod
    def missing(cls, reason: str) -> "Collected":
        """Data the source could not show; ``reason`` tells the reader why."""
        return cls(available=False, items=(), reason=reason)

    @classmethod
    def of(cls, items, truncated: bool = False) -> "Collected":
        """Data that was seen (possibly none); ``truncated`` when only the most recent items were kept."""
        return cls(available=True, items=tuple(items), truncated=truncated)


@dataclass(frozen=True)
class RepoSnapshot:
    """Everything collected about one repository: metadata, kept and skipped files, commits and collaboration.

    A repository with a ``collection_error`` could not be read; it is reported, never scored.
    """

    name: str
    full_name: str
    description: Optional[str] = None
    topics: tuple = ()
    default_branch: Optional[str] = None
    is_fork: bool = False
    is_archived: bool = False
    created_at: Optional[str] = None
    pushed_at: Optional[str] = None
    commit_sha: Optional[str] = None
    html_url: Optional[str] = None  # base for permalinks; None for local folders
    local_path: Optional[str] = None
    files: tuple = ()  # FileEntry
    skipped: tuple = ()  # SkippedFile
    commits: Collected = field(default_factory=lambda: Collected.missing("not collected"))
    issues: Collected = field(default_factory=lambda: Collected.missing("not collected"))
    pull_requests: Collected = field(default_factory=lambda: Collected.missing("not collected"))
    reviews: Collected = field(default_factory=lambda: Collected.missing("not collected"))
    discussions: Collected = field(default_factory=lambda: Collected.missing("not collected"))
    community: Collected = field(default_factory=lambda: Collected.missing("not collected"))
    collection_error: Optional[str] = None  # set when the repo could not be collected
    # What the person says about this repository (.portfolio-audit.yml): {project, role, note,
    # source, problems}, or None. Shown beside the scores; "excluded" keeps it out of them.
    annotation: Optional[dict] = None

    def permalink(self, path: str, line: Optional[int] = None) -> Optional[str]:
        """A stable link to ``path`` (and line) at the collected commit, if the source has URLs."""
        if not self.html_url:
            return None
        ref = self.commit_sha or self.default_branch or "HEAD"
        url = f"{self.html_url}/blob/{ref}/{path}"
        return f"{url}#L{line}" if line else url


@dataclass(frozen=True)
class Snapshot:
    """One collection run: the person's repositories and their contributions to other people's projects."""

    collected_at: str  # ISO 8601, UTC; the only "now" evaluation may use
    source: dict  # {"kind": "local", "paths": [...]} or {"kind": "github", "handle": ...}
    owner: Optional[dict] = None  # {"login": ..., "name": ...} when known
    repos: tuple = ()
    tool_version: str = ""
    schema_version: str = SNAPSHOT_VERSION
    # The person's pull requests and reviews in other people's repositories
    # (GitHub only): collaboration is mostly visible there, not in their own repos.
    contributions: Collected = field(default_factory=lambda: Collected.missing("not collected"))
    # GitHub only: how many public repositories the account lists ({total, forks, archived}),
    # including those left out of collection, so a screening can say "mostly forks".
    listing: Optional[dict] = None


# --- serialisation -----------------------------------------------------------------

def _collected_from(data: Any) -> Collected:
    if not isinstance(data, dict):
        raise SnapshotError("a collaboration field must be an object with 'available'")
    return Collected(
        available=bool(data.get("available")),
        items=tuple(data.get("items") or ()),
        reason=data.get("reason"),
        truncated=bool(data.get("truncated", False)),
    )


_COLLECTED_FIELDS = ("issues", "pull_requests", "reviews", "discussions", "community")


def _repo_from(data: dict) -> RepoSnapshot:
    known = {f.name for f in fields(RepoSnapshot)}
    values = {k: v for k, v in data.items() if k in known}
    try:
        values["files"] = tuple(FileEntry(**f) for f in data.get("files", ()))
        values["skipped"] = tuple(SkippedFile(**s) for s in data.get("skipped", ()))
        values["topics"] = tuple(data.get("topics", ()))
        if not isinstance(values.get("annotation"), dict):
            values["annotation"] = None
        commits = data.get("commits") or {"available": False, "reason": "not collected"}
        commit_items = tuple(Commit(**c) for c in commits.get("items", ()))
        values["commits"] = Collected(
            available=bool(commits.get("available")),
            items=commit_items,
            reason=commits.get("reason"),
            truncated=bool(commits.get("truncated", False)),
        )
        for name in _COLLECTED_FIELDS:
            if name in data:
                values[name] = _collected_from(data[name])
        return RepoSnapshot(**values)
    except TypeError as exc:  # unexpected or missing keys in a nested record
        raise SnapshotError(f"repository {data.get('name', '?')!r}: {exc}") from None


def snapshot_to_dict(snapshot: Snapshot) -> dict:
    """The snapshot as plain dicts and lists, the shape of its JSON form."""
    return asdict(snapshot)


def snapshot_from_dict(data: Any) -> Snapshot:
    """A snapshot from its parsed JSON; SnapshotError for anything this snapshot version did not write."""
    if not isinstance(data, dict) or "repos" not in data or "collected_at" not in data:
        raise SnapshotError("not a portfolio-audit snapshot (no 'repos' / 'collected_at')")
    version = str(data.get("schema_version", ""))
    if version != SNAPSHOT_VERSION:
        raise SnapshotError(
            f"snapshot schema version {version!r} is not supported (this tool reads {SNAPSHOT_VERSION!r})"
        )
    if not isinstance(data.get("source") or {}, dict):
        raise SnapshotError("malformed snapshot ('source' should be an object)")
    try:
        return Snapshot(
            collected_at=data["collected_at"],
            source=dict(data.get("source") or {}),
            owner=data.get("owner"),
            repos=tuple(_repo_from(r) for r in data["repos"]),
            tool_version=data.get("tool_version", ""),
            schema_version=version,
            contributions=_collected_from(data.get("contributions") or {"available": False, "reason": "not collected"}),
            listing=data.get("listing") if isinstance(data.get("listing"), dict) else None,
        )
    except SnapshotError:
        raise
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        # A list where a record belongs, a number for a list: found by fuzzing (tests/hardening/test_fuzz.py).
        # The user gave a damaged file, which is a usage error (exit 2), not a bug (exit 5).
        raise SnapshotError(f"malformed snapshot ({exc.__class__.__name__}: {str(exc)[:160]})") from None


def dumps(snapshot: Snapshot) -> str:
    """The snapshot as JSON text; sorted keys and fixed indentation make equal snapshots equal bytes."""
    return json.dumps(snapshot_to_dict(snapshot), sort_keys=True, ensure_ascii=False, indent=1) + "\n"


def loads(text: str) -> Snapshot:
    """A snapshot from JSON text written by ``dumps``; SnapshotError when it is not valid JSON or not a snapshot."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
    return snapshot_from_dict(data)
