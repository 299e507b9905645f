"""What evaluation reads of a repository's authorship: the person's commits, files they did not write, their share.

Pure functions of the snapshot's ``RepoSnapshot.authorship`` (collect/authorship.py
writes it). Unknown authorship (a folder without history, an older snapshot) changes
nothing: every commit is read, every file credited, the weight is today's.
"""

from __future__ import annotations

from typing import Optional

from .records import AuthorshipView, PersonView
from .snapshot import AUTHORSHIP_UNKNOWN, Authorship, RepoSnapshot, Snapshot

UNKNOWN = Authorship(status=AUTHORSHIP_UNKNOWN, reason="authorship not recorded (a snapshot from an older version)")
# Others' commits listed by sha and subject in the result; the rest are counted.
MAX_LISTED_OTHERS_COMMITS = 20
# Files listed as not credited in the result; the rest are counted.
MAX_LISTED_NOT_CREDITED = 200


def authorship_of(repo: RepoSnapshot) -> Authorship:
    """The repository's authorship; "unknown" when the snapshot has none."""
    return repo.authorship if repo.authorship is not None else UNKNOWN


def person_commit_shas(repo: RepoSnapshot) -> Optional[frozenset]:
    """The shas of the person's commits, or None when authorship is unknown (then every commit is read)."""
    authorship = authorship_of(repo)
    return frozenset(authorship.person_commits) if authorship.known else None


def not_theirs(repo: RepoSnapshot) -> dict:
    """{path: reason} for the kept files whose history shows the person wrote none of it.

    Only when the history read reaches back to every file's creation (``files_complete``):
    a history cut by the caps cannot show who wrote a file's first lines. An empty file
    (no lines added by anyone) is not judged.
    """
    authorship = authorship_of(repo)
    if not authorship.known or not authorship.files_complete:
        return {}
    who = authorship.identity.label if authorship.identity else "the person"
    kept = {f.path for f in repo.files}
    return {entry.path: f"history: all {entry.lines_total} lines added by others, none by {who}"
            for entry in authorship.files
            if entry.path in kept and entry.lines_total > 0 and entry.lines_by_person == 0}


def share(repo: RepoSnapshot, scored_paths: Optional[set] = None) -> Optional[float]:
    """The person's share of the repository (0-1) for its portfolio weight; None when unknown.

    Lines the person added to the scored files over all lines added to them, where the
    history gives per-file lines (local checkouts); else their share of changed lines in
    the commits read (GitHub gives commit sizes); else their share of commits.
    """
    authorship = authorship_of(repo)
    if not authorship.known or not authorship.commits_total:
        return None
    if authorship.files_complete and authorship.files:
        entries = [f for f in authorship.files if scored_paths is None or f.path in scored_paths]
        total = sum(f.lines_total for f in entries)
        if total:
            return sum(f.lines_by_person for f in entries) / total
    if authorship.lines_total:
        return authorship.lines_by_person / authorship.lines_total
    return authorship.commits_by_person / authorship.commits_total


def _percent(part: int, whole: int) -> Optional[float]:
    return round(100 * part / whole, 1) if whole else None


def authorship_view(repo: RepoSnapshot, not_credited: dict, weight_share: Optional[float]) -> AuthorshipView:
    """The repository's authorship as the result shows it (schemas/result.schema.json, ``authorship``)."""
    authorship = authorship_of(repo)
    identity = authorship.identity
    view: AuthorshipView = {
        "status": authorship.status,
        "reason": authorship.reason,
        "person": identity.label if identity else None,
        "decided_by": identity.decided_by if identity else None,
        "commits_total": authorship.commits_total if authorship.known else None,
        "commits_by_person": authorship.commits_by_person if authorship.known else None,
        "commit_share": _percent(authorship.commits_by_person, authorship.commits_total) if authorship.known else None,
        "line_share": _percent(authorship.lines_by_person, authorship.lines_total) if authorship.known else None,
        "weight_share": round(100 * weight_share, 1) if weight_share is not None else None,
        "truncated": authorship.truncated,
        "others_commits": [],
        "others_commits_total": 0,
        "not_credited": [{"path": path, "reason": reason}
                         for path, reason in sorted(not_credited.items())[:MAX_LISTED_NOT_CREDITED]],
        "not_credited_total": len(not_credited),
    }
    shas = person_commit_shas(repo)
    if shas is not None and repo.commits.available:
        others = [c for c in repo.commits.items if c.sha not in shas]
        view["others_commits_total"] = len(others)
        view["others_commits"] = [{"sha": c.sha[:7], "subject": c.subject[:120], "author": c.author[:100]}
                                  for c in others[:MAX_LISTED_OTHERS_COMMITS]]
    return view


def person_view(snapshot: Snapshot) -> PersonView:
    """Who was taken as the person for the whole audit, and how it was decided, for the result's top level."""
    identity = snapshot.person
    if identity is None:
        known = [r.authorship.identity for r in snapshot.repos if r.authorship and r.authorship.identity]
        identity = known[0] if known else None
    if identity is None:
        return {"label": None, "decided_by": None,
                "note": "authorship unknown: no commit history to tell whose work is whose"}
    return {"label": identity.label, "decided_by": identity.decided_by, "note": None}
