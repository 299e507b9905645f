"""The snapshot: frozen, JSON-serialisable data that collection produces and evaluation reads.

A snapshot is the only thing the evaluate stage sees, so everything a rule needs
must be here, and nothing here may depend on where or when it is evaluated.
Collaboration data is wrapped in ``Collected`` so that "we could not see it"
(not available) is never confused with "there was nothing" (an empty list).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Generic, Iterable, Literal, Optional, TypeVar, overload

from .json_text import dumps as json_dumps
from .records import CommunityFile, Contribution, Discussion, Issue, PullRequest, Review

SNAPSHOT_VERSION = "1"
# Spaces per level in a snapshot's JSON (dumps): a byte of the format, like its sorted keys.
SNAPSHOT_INDENT = 1

# Kinds of file a collector keeps. Rules select files by these, not by path.
# "annotation" is the person's .portfolio-audit.yml (annotations.py); no rule reads it.
FILE_KINDS = ("readme", "doc", "source", "manifest", "annotation")
# What a GitHub source may hold for a repository and a local folder cannot; each is a
# ``Collected`` field of RepoSnapshot, a key of a fixture spec and a rule's `requires` entry.
COLLABORATION_FIELDS = ("issues", "pull_requests", "reviews", "discussions", "community")
# Every RepoSnapshot field that may be "not available", in the order reports name them.
COLLECTED_FIELDS = ("commits",) + COLLABORATION_FIELDS


class SnapshotError(ValueError):
    """The input is not a snapshot this version can read."""


def clean_text(text: str) -> str:
    """``text`` as valid Unicode: a lone surrogate (an undecodable file name, a bad JSON escape) becomes U+FFFD.

    Every string a collector takes from the outside world passes here or is decoded with
    replacement, so a snapshot, a report and stdout are always valid UTF-8.
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class FileEntry:
    """A collected file with its text, classified by the rules that read it (README, doc, source, manifest)."""

    path: str  # POSIX path relative to the repository root
    kind: str  # one of FILE_KINDS
    language: Optional[str]  # "python", "markdown", ... or None when unknown
    size: int  # bytes on disk (before decoding)
    text: str
    # Whose work the file is (provenance.ORIGINS) and why; only "own" files are scored.
    # A snapshot written before origins existed reads as own.
    origin: str = "own"
    origin_reason: str = ""
    # 1-based lines that are still a project generator's in a file the person edited.
    generator_lines: tuple = ()

    @property
    def is_own(self) -> bool:
        return self.origin == "own"


# The skipped entry a collector writes when git failed partway through a history (a missing
# object, an unreadable pack): what was read is kept, and the report names the repository.
GIT_FAILURE_NOTE = "(git failure)"


@dataclass(frozen=True)
class SkippedFile:
    """A file the collector left out, listed in the report so that nothing disappears silently."""

    path: str
    reason: str  # "vendored", "generated", "binary", "too large", ...
    # The provenance origin when that is why the file was left out (vendored, generated...), else None.
    origin: Optional[str] = None


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


Record = TypeVar("Record")


@dataclass(frozen=True)
class Collected(Generic[Record]):
    """A list of records that may or may not have been observable.

    ``available`` False with a ``reason`` means the source could not show this
    data (a local folder has no issues); rules that need it are *not available*.
    """

    available: bool
    items: tuple[Record, ...] = ()
    reason: Optional[str] = None
    truncated: bool = False  # True when only the most recent N were kept

    @classmethod
    def missing(cls, reason: str) -> Collected[Any]:
        """Data the source could not show; ``reason`` tells the reader why."""
        return cls(available=False, items=(), reason=reason)

    @classmethod
    def of(cls, items: Iterable[Record], truncated: bool = False) -> Collected[Record]:
        """Data that was seen (possibly none); ``truncated`` when only the most recent items were kept."""
        return cls(available=True, items=tuple(items), truncated=truncated)


@dataclass(frozen=True)
class Identity:
    """Who the audited person is in commit histories, and how that was decided.

    A commit is the person's when its author email is one of ``emails``, its author name
    one of ``names`` (compared case-insensitively), or its GitHub login (or the login in a
    ``users.noreply.github.com`` email) one of ``logins``.
    """

    label: str  # as the report shows it: "Ada Tester <ada@example.org>"
    decided_by: str  # "named with --author", "the GitHub handle audited", "most frequent committer, 212 of 240 commits"
    names: tuple = ()
    emails: tuple = ()
    logins: tuple = ()


@dataclass(frozen=True)
class FileAuthorship:
    """One file's lines over the history read: added by the person, and by everyone (log-based, not blame)."""

    path: str
    lines_by_person: int
    lines_total: int


# Authorship status: the history was read and matched against the person, or it was not.
AUTHORSHIP_KNOWN, AUTHORSHIP_UNKNOWN = "known", "unknown"


@dataclass(frozen=True)
class Authorship:
    """What a repository's history says about the person's part in it (collect/authorship.py).

    ``person_commits`` are the shas, among the repository's collected ``commits``, that the
    person authored; commit rules read only those. ``files`` gives each kept file's lines
    added by the person and by everyone; ``files_complete`` says the history read reaches
    back to each file's creation (only then can "the person wrote none of it" be claimed).
    A snapshot without this object (older versions) reads as status "unknown".
    """

    status: str  # AUTHORSHIP_KNOWN or AUTHORSHIP_UNKNOWN
    identity: Optional[Identity] = None
    reason: Optional[str] = None  # why unknown ("no history of its own (not a git repository)")
    commits_total: int = 0  # non-merge commits read for authorship
    commits_by_person: int = 0
    lines_total: int = 0  # lines added + deleted in those commits (0: the source gave no sizes)
    lines_by_person: int = 0
    person_commits: tuple = ()  # shas of the person's commits among RepoSnapshot.commits
    files: tuple = ()  # FileAuthorship, for the kept files the history touched
    files_complete: bool = False
    truncated: bool = False  # the history was longer than the authorship caps

    @property
    def known(self) -> bool:
        return self.status == AUTHORSHIP_KNOWN


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
    commits: Collected[Commit] = field(default_factory=lambda: Collected.missing("not collected"))
    # Collaboration records: the TypedDicts of records.py (plain JSON objects, docs/snapshot.md).
    issues: Collected[Issue] = field(default_factory=lambda: Collected.missing("not collected"))
    pull_requests: Collected[PullRequest] = field(default_factory=lambda: Collected.missing("not collected"))
    reviews: Collected[Review] = field(default_factory=lambda: Collected.missing("not collected"))
    discussions: Collected[Discussion] = field(default_factory=lambda: Collected.missing("not collected"))
    community: Collected[CommunityFile] = field(default_factory=lambda: Collected.missing("not collected"))
    collection_error: Optional[str] = None  # set when the repo could not be collected
    # What the person says about this repository (.portfolio-audit.yml): {project, role, note,
    # source, problems}, or None. Shown beside the scores; "excluded" keeps it out of them.
    annotation: Optional[dict] = None
    # The person's part in this repository's history; None (older snapshots) reads as unknown.
    authorship: Optional[Authorship] = None

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
    contributions: Collected[Contribution] = field(default_factory=lambda: Collected.missing("not collected"))
    # GitHub only: how many public repositories the account lists ({total, forks, archived}),
    # including those left out of collection, so a screening can say "mostly forks".
    listing: Optional[dict] = None
    # Who was taken as the person in commit histories, and how; None when nobody could be (no history).
    person: Optional[Identity] = None


# --- serialisation -----------------------------------------------------------------

# Reading a snapshot file checks every field's type where it enters: a number where text
# belongs would otherwise surface as a crash deep in evaluation or rendering (exit 5).
# Collaboration records stay plain dicts, typed as records.py's TypedDicts but not checked here
# (their shape is documented in docs/snapshot.md, and a kind that meets a strange one fails for
# that rule only).

def _check(value: Any, expected: tuple, where: str) -> Any:
    if isinstance(value, bool) and bool not in expected:
        raise SnapshotError(f"{where} should be {_type_names(expected)}, not a boolean")
    if not isinstance(value, expected):
        raise SnapshotError(f"{where} should be {_type_names(expected)}, not {_type_name(value)}")
    return value


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "a boolean", int: "an integer",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def _type_names(expected: tuple) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true or false", int: "an integer",
             float: "a number", type(None): "null"}
    return " or ".join(names.get(t, t.__name__) for t in expected if not (t is float and int in expected))


@overload
def _text(data: dict, key: str, where: str, default: Optional[str] = None, *, optional: Literal[False]) -> str: ...
@overload
def _text(data: dict, key: str, where: str, default: Optional[str] = None, optional: bool = True) -> Optional[str]: ...
def _text(data: dict, key: str, where: str, default: Optional[str] = None, optional: bool = True) -> Optional[str]:
    value = data.get(key, default)
    return _check(value, (str, type(None)) if optional else (str,), f"{where}.{key}")


def _count(data: dict, key: str, where: str) -> int:
    value = _check(data.get(key, 0), (int,), f"{where}.{key}")
    if value < 0:
        raise SnapshotError(f"{where}.{key} should not be negative")
    return value


def _flag(data: dict, key: str, where: str) -> bool:
    return _check(data.get(key, False), (bool,), f"{where}.{key}")


def _record(value: Any, names: tuple, where: str) -> dict:
    _check(value, (dict,), where)
    unknown = set(value) - set(names)
    if unknown:
        raise SnapshotError(f"{where} has unknown field(s) {', '.join(sorted(map(str, unknown)))[:200]}")
    return value


def _list(data: dict, key: str, where: str) -> list:
    return _check(data.get(key) if data.get(key) is not None else [], (list,), f"{where}.{key}")


def _plain_json(value: Any, where: str) -> Any:
    """A free-form part (a collaboration record, ``source``, ``owner``) as JSON can write it back:
    no NaN or infinity, no lone surrogate, nesting within untrusted.MAX_DEPTH (so it survives a round trip)."""
    from .untrusted import UntrustedInputError, check_depth

    try:
        check_depth(value, finite=True)
    except UntrustedInputError as exc:
        raise SnapshotError(f"{where}: {exc}") from None
    return value


def _collected_from(data: Any, where: str, item=None) -> Collected:
    """A ``Collected``; ``item`` turns one record into its type (default: the record must be an object)."""
    record = _record(data, ("available", "items", "reason", "truncated"), where)
    items = []
    for index, entry in enumerate(_list(record, "items", where)):
        items.append(item(entry, f"{where}.items[{index}]") if item
                     else _plain_json(_check(entry, (dict,), f"{where}.items[{index}]"), f"{where}.items[{index}]"))
    return Collected(
        available=_check(record.get("available", False), (bool,), f"{where}.available"),
        items=tuple(items),
        reason=_text(record, "reason", where),
        truncated=_flag(record, "truncated", where),
    )


def _file_from(data: Any, where: str) -> FileEntry:
    record = _record(data, tuple(f.name for f in fields(FileEntry)), where)
    kind = _text(record, "kind", where, optional=False)
    if kind not in FILE_KINDS:
        raise SnapshotError(f"{where}.kind should be one of {', '.join(FILE_KINDS)}")
    text = _text(record, "text", where, optional=False)
    return FileEntry(path=_text(record, "path", where, optional=False), kind=kind,
                     language=_text(record, "language", where), size=_count(record, "size", where),
                     text=text, origin=_origin(record, where, "own", optional=False),
                     origin_reason=_text(record, "origin_reason", where, "", optional=False),
                     generator_lines=_line_numbers(record, "generator_lines", where, text.count("\n") + 1))


@overload
def _origin(record: dict, where: str, default: str, *, optional: Literal[False]) -> str: ...
@overload
def _origin(record: dict, where: str, default: Optional[str], optional: bool = True) -> Optional[str]: ...
def _origin(record: dict, where: str, default: Optional[str], optional: bool = True) -> Optional[str]:
    from .provenance.origins import ORIGINS

    value = _text(record, "origin", where, default, optional=optional)
    if value is not None and value not in ORIGINS:
        raise SnapshotError(f"{where}.origin should be one of {', '.join(ORIGINS)}")
    return value


def _line_numbers(record: dict, key: str, where: str, last_line: int) -> tuple:
    """1-based line numbers within the file, ascending and unique (a hostile list cannot exceed the file)."""
    numbers = _list(record, key, where)
    if len(numbers) > last_line:
        raise SnapshotError(f"{where}.{key} lists more lines than the file has")
    for index, number in enumerate(numbers):
        _check(number, (int,), f"{where}.{key}[{index}]")
        if not 1 <= number <= last_line:
            raise SnapshotError(f"{where}.{key}[{index}] is not a line of the file")
    return tuple(sorted(set(numbers)))


def _skipped_from(data: Any, where: str) -> SkippedFile:
    record = _record(data, ("path", "reason", "origin"), where)
    return SkippedFile(path=_text(record, "path", where, optional=False),
                       reason=_text(record, "reason", where, optional=False),
                       origin=_origin(record, where, None))


def _commit_from(data: Any, where: str) -> Commit:
    record = _record(data, tuple(f.name for f in fields(Commit)), where)
    return Commit(
        sha=_text(record, "sha", where, optional=False), subject=_text(record, "subject", where, "", optional=False),
        body=_text(record, "body", where, "", optional=False), author=_text(record, "author", where, "", optional=False),
        authored_at=_text(record, "authored_at", where, "", optional=False),
        files_changed=_count(record, "files_changed", where), insertions=_count(record, "insertions", where),
        deletions=_count(record, "deletions", where))


def _identity_from(data: Any, where: str) -> Optional[Identity]:
    if data is None:
        return None
    record = _record(data, tuple(f.name for f in fields(Identity)), where)

    def texts(key):
        return tuple(_check(item, (str,), f"{where}.{key}[{i}]") for i, item in enumerate(_list(record, key, where)))

    return Identity(label=_text(record, "label", where, "", optional=False),
                    decided_by=_text(record, "decided_by", where, "", optional=False),
                    names=texts("names"), emails=texts("emails"), logins=texts("logins"))


def _file_authorship_from(data: Any, where: str) -> FileAuthorship:
    record = _record(data, ("path", "lines_by_person", "lines_total"), where)
    return FileAuthorship(path=_text(record, "path", where, optional=False),
                          lines_by_person=_count(record, "lines_by_person", where),
                          lines_total=_count(record, "lines_total", where))


def _authorship_from(data: Any, where: str) -> Optional[Authorship]:
    if data is None:
        return None
    record = _record(data, tuple(f.name for f in fields(Authorship)), where)
    status = _text(record, "status", where, AUTHORSHIP_UNKNOWN, optional=False)
    if status not in (AUTHORSHIP_KNOWN, AUTHORSHIP_UNKNOWN):
        raise SnapshotError(f"{where}.status should be {AUTHORSHIP_KNOWN!r} or {AUTHORSHIP_UNKNOWN!r}")
    return Authorship(
        status=status, identity=_identity_from(record.get("identity"), f"{where}.identity"),
        reason=_text(record, "reason", where),
        commits_total=_count(record, "commits_total", where), commits_by_person=_count(record, "commits_by_person", where),
        lines_total=_count(record, "lines_total", where), lines_by_person=_count(record, "lines_by_person", where),
        person_commits=tuple(_check(sha, (str,), f"{where}.person_commits[{i}]")
                             for i, sha in enumerate(_list(record, "person_commits", where))),
        files=tuple(_file_authorship_from(f, f"{where}.files[{i}]") for i, f in enumerate(_list(record, "files", where))),
        files_complete=_flag(record, "files_complete", where), truncated=_flag(record, "truncated", where))


_REPO_TEXT_FIELDS = ("description", "default_branch", "created_at", "pushed_at", "commit_sha", "html_url",
                     "local_path", "collection_error")


def _repo_from(data: Any, index: int) -> RepoSnapshot:
    _check(data, (dict,), f"repos[{index}]")
    name = data.get("name")
    where = f"repository {name!r}" if isinstance(name, str) else f"repos[{index}]"
    name = _text(data, "name", where, optional=False)
    values: dict = {"name": name, "full_name": _text(data, "full_name", where, name, optional=False)}
    for key in _REPO_TEXT_FIELDS:
        values[key] = _text(data, key, where)
    values["is_fork"] = _flag(data, "is_fork", where)
    values["is_archived"] = _flag(data, "is_archived", where)
    values["topics"] = tuple(_check(topic, (str,), f"{where}.topics[{i}]")
                             for i, topic in enumerate(_list(data, "topics", where)))
    values["files"] = tuple(_file_from(f, f"{where}.files[{i}]") for i, f in enumerate(_list(data, "files", where)))
    values["skipped"] = tuple(_skipped_from(s, f"{where}.skipped[{i}]")
                              for i, s in enumerate(_list(data, "skipped", where)))
    annotation = data.get("annotation")
    values["annotation"] = _plain_json(annotation, f"{where}.annotation") if isinstance(annotation, dict) else None
    values["authorship"] = _authorship_from(data.get("authorship"), f"{where}.authorship")
    commits = data.get("commits") or {"available": False, "reason": "not collected"}
    values["commits"] = _collected_from(commits, f"{where}.commits", _commit_from)
    for key in COLLABORATION_FIELDS:
        if key in data:
            values[key] = _collected_from(data[key], f"{where}.{key}")
    return RepoSnapshot(**values)


def _owner_from(data: Any) -> Optional[dict]:
    if data is None:
        return None
    _check(data, (dict,), "owner")
    for key in ("login", "name", "html_url", "bio"):
        _text(data, key, "owner")
    return _plain_json(data, "owner")


def _source_from(data: Any) -> dict:
    source = dict(_check(data if data is not None else {}, (dict,), "source"))
    _text(source, "kind", "source")
    _text(source, "handle", "source")
    for index, path in enumerate(_list(source, "paths", "source")):
        _check(path, (str,), f"source.paths[{index}]")
    return _plain_json(source, "source")


def _listing_from(data: Any) -> Optional[dict]:
    if not isinstance(data, dict):
        return None
    for key in ("total", "forks", "archived"):
        if key in data:
            _count(data, key, "listing")
    return _plain_json(data, "listing")


def snapshot_to_dict(snapshot: Snapshot) -> dict:
    """The snapshot as plain dicts and lists, the shape of its JSON form."""
    return asdict(snapshot)


def snapshot_from_dict(data: Any) -> Snapshot:
    """A snapshot from its parsed JSON; SnapshotError for anything this snapshot version did not write."""
    if not isinstance(data, dict) or "repos" not in data or "collected_at" not in data:
        raise SnapshotError("not a portfolio-audit snapshot (no 'repos' / 'collected_at')")
    version = str(data.get("schema_version", "")) if isinstance(data.get("schema_version", ""), (str, int)) else "?"
    if version != SNAPSHOT_VERSION:
        raise SnapshotError(
            f"snapshot schema version {version!r} is not supported (this tool reads {SNAPSHOT_VERSION!r})"
        )
    try:
        return Snapshot(
            collected_at=_text(data, "collected_at", "snapshot", optional=False),
            source=_source_from(data.get("source")),
            owner=_owner_from(data.get("owner")),
            repos=tuple(_repo_from(r, i) for i, r in enumerate(_check(data["repos"], (list,), "repos"))),
            tool_version=_text(data, "tool_version", "snapshot", "", optional=False),
            schema_version=version,
            contributions=_collected_from(data.get("contributions") or {"available": False, "reason": "not collected"},
                                          "contributions"),
            listing=_listing_from(data.get("listing")),
            person=_identity_from(data.get("person"), "person"),
        )
    except SnapshotError as exc:
        raise SnapshotError(f"malformed snapshot: {str(exc)[:300]}") from None
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        # Found by fuzzing (tests/hardening/test_fuzz.py): the user gave a damaged file, which is a
        # usage error (exit 2), not a bug (exit 5).
        raise SnapshotError(f"malformed snapshot ({exc.__class__.__name__}: {str(exc)[:160]})") from None


def dumps(snapshot: Snapshot) -> str:
    """The snapshot as JSON text; sorted keys and fixed indentation make equal snapshots equal bytes."""
    return json_dumps(snapshot_to_dict(snapshot), sort_keys=True, ensure_ascii=False, indent=SNAPSHOT_INDENT) + "\n"


def loads(text: str) -> Snapshot:
    """A snapshot from JSON text written by ``dumps``; SnapshotError when it is not valid JSON or not a snapshot."""
    from .untrusted import UntrustedInputError, load_json

    try:
        data = load_json(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except UntrustedInputError as exc:
        raise SnapshotError(f"refused: {exc}") from None
    return snapshot_from_dict(data)
