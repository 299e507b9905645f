"""Small repositories described inline, for rule examples, case files and tests.

A spec is a dict such as::

    {"readme": "# Tool\\n...", "files": {"src/app.py": "..."},
     "commits": [{"subject": "Add parser", "body": "...", "insertions": 40}],
     "issues": "not available"}

Rule examples in rules/*.yml and case files in tests/rules/cases/ use this one
format, so what a rule documents is exactly what its tests run.
"""

from __future__ import annotations

from portfolio_audit.collect.classify import classify_path
from portfolio_audit.snapshot import COLLABORATION_FIELDS, Collected, Commit, FileEntry, RepoSnapshot

FIXTURE_COLLECTED_AT = "2026-01-01T00:00:00Z"
# The audited person in profile-rule examples, unless a spec names another.
FIXTURE_OWNER = "octo"


def _collected(value, default_reason: str) -> Collected:
    if value is None:
        return Collected.missing(default_reason)
    if value == "not available":
        return Collected.missing(default_reason)
    return Collected.of(value)


def _commit(index: int, data: dict) -> Commit:
    return Commit(
        sha=data.get("sha", f"{index:040x}"),
        subject=data.get("subject", ""),
        body=data.get("body", ""),
        author=data.get("author", "author"),
        authored_at=data.get("authored_at", FIXTURE_COLLECTED_AT),
        files_changed=int(data.get("files_changed", 1)),
        insertions=int(data.get("insertions", 0)),
        deletions=int(data.get("deletions", 0)),
    )


def repo_from_spec(spec: dict, name: str = "example") -> RepoSnapshot:
    """The repository an inline spec describes.

    Files are classified as a collector would classify them. ``commits`` are newest first, so the
    last is the repository's first commit unless ``commits_truncated`` says the history was cut. ``commits`` that is not a list,
    and collaboration data that is absent or "not available", are recorded as not
    available, as for a local folder.
    """
    files = []
    if "readme" in spec:
        files.append(FileEntry("README.md", "readme", "markdown", len(spec["readme"].encode()), spec["readme"]))
    for path, text in sorted((spec.get("files") or {}).items()):
        kind, language = classify_path(path) or ("source", None)
        files.append(FileEntry(path, kind, language, len(text.encode()), text))
    commits = spec.get("commits")
    if isinstance(commits, list):
        # Newest first, as collectors list them; "commits_truncated" marks a history cut at a cap.
        commit_data = Collected.of((_commit(i, c) for i, c in enumerate(commits)),
                                   truncated=bool(spec.get("commits_truncated", False)))
    else:
        commit_data = Collected.missing("no git history in this example")
    collaboration = {
        key: _collected(spec.get(key), "local folder: no GitHub data") for key in COLLABORATION_FIELDS
    }
    return RepoSnapshot(
        name=spec.get("name", name),
        full_name=f"example/{spec.get('name', name)}",
        description=spec.get("description"),
        topics=tuple(spec.get("topics", ())),
        is_fork=bool(spec.get("is_fork", False)),
        files=tuple(files),
        commits=commit_data,
        **collaboration,
    )


def context_for(rule, spec: dict):
    """The evaluation context a rule sees for ``spec``: a repository, or the person's profile."""
    from portfolio_audit.context import ProfileContext, RepoContext

    if getattr(rule, "scope", "repository") == "profile":
        contributions = spec.get("contributions")
        data = Collected.of(contributions) if isinstance(contributions, list) else Collected.missing(
            "no contributions in this example")
        return ProfileContext(data, FIXTURE_COLLECTED_AT, {"login": spec.get("owner", FIXTURE_OWNER)})
    return RepoContext(repo_from_spec(spec), FIXTURE_COLLECTED_AT)
