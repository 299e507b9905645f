"""The person's part in a history: who they are, which commits are theirs, and the lines each file owes them.

Collection reads a checkout's history once, before anyone knows who the person is
(``read_raw_history``): each commit's author, and per file the lines each author added,
counted from ``git log --numstat`` (renames followed, oldest commit first). Nothing is
kept per commit beyond its author, so memory grows with files and authors, not with
history, and every read is capped in commits and bytes. Once the person is decided
(``--author``, the GitHub handle, or the most frequent committer across the audited
repositories: ``decide_identity``), ``authorship_for`` turns the raw counts into the
snapshot's ``Authorship``.

Line shares are log-based: lines *added* by each author's commits. A line the person
added and someone else later rewrote still counts for the person; ``git blame`` would
know better, at a cost measured in ``benchmarks/authorship.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional

from ..snapshot import (AUTHORSHIP_KNOWN, AUTHORSHIP_UNKNOWN, Authorship, FileAuthorship, Identity,
                        RepoSnapshot, Snapshot, clean_text)
from ..analysis.language import unaccented
from .git import GitRepository
from .history import numstat_changes

# Commits read for authorship per repository: more than the commit rules read (a file's
# creation may be older than the messages they judge), bounded so a 100,000-commit history
# costs no more than this many.
MAX_AUTHORSHIP_COMMITS = 5000
# One "sha<TAB>email<TAB>name" line; a longer ident is cut (an author line is one header line).
MAX_IDENT_LINE_BYTES = 1024
MAX_IDENT_CHARS = 200
# `git log --numstat` read per repository for authorship.
MAX_AUTHORSHIP_NUMSTAT_BYTES = 32 * 1024 * 1024
# Distinct paths followed through the history (a commit that touches a million files is hostile).
MAX_TRACKED_PATHS = 100_000
# Distinct author identities told apart per repository; the rest share one "others" slot.
MAX_AUTHORS = 2000
OTHERS = -1

AUTHOR_OPTION = "named with --author"
GITHUB_HANDLE = "the GitHub handle audited"
NO_HISTORY = "no commit history in the repositories audited"

_SHA = re.compile(rb"[0-9a-f]{40}|[0-9a-f]{64}")
# GitHub's private commit emails carry the login: 12345+ana@users.noreply.github.com, ana@users.noreply...
_NOREPLY = re.compile(r"^(?:\d+\+)?([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))@users\.noreply\.github\.com$", re.IGNORECASE)
# Automation that commits: never "the most frequent committer".
# Checked against the name and the email: "[bot]" accounts, names and mailboxes that end in
# "bot", GitHub's own automation mailboxes (actions/checkout commits as "GitHub Action
# <action@github.com>"), and the well-known services by name.
_BOT = re.compile(r"\[bot\]|(^|[\s._+-])bot($|[\s@._-])|^(action|actions|noreply|no-reply|github)@github\.com$|"
                  r"^(dependabot|renovate|github-actions?\b|greenkeeper|pre-commit-ci|imgbot|snyk-bot|"
                  r"allcontributors|github-classroom|semantic-release|codecov|mergify|weblate|transifex)",
                  re.IGNORECASE)


@dataclass
class RawHistory:
    """One repository's history before the person is known: authors, their commits and lines, lines per path."""

    authors: list = field(default_factory=list)  # (email lowercased, name), index = author key
    commit_author: dict = field(default_factory=dict)  # sha -> author key, newest first
    commit_lines: dict = field(default_factory=dict)  # sha -> lines added + deleted
    path_lines: dict = field(default_factory=dict)  # current path -> {author key: lines added}
    truncated: bool = False
    problem: Optional[str] = None  # what stopped a read early, for the skipped list

    def author_key(self, email: str, name: str, known: dict) -> int:
        key = known.get((email, name))
        if key is None:
            if len(self.authors) >= MAX_AUTHORS:
                return OTHERS
            key = known[(email, name)] = len(self.authors)
            self.authors.append((email, name))
        return key


def _decode(data: bytes) -> str:
    return clean_text(data.decode("utf-8", errors="replace")).replace("\0", "")[:MAX_IDENT_CHARS]


def _read_authors(repo: GitRepository, raw: RawHistory, max_commits: int) -> None:
    known: dict = {}
    # Lower-case %ae/%an: the identity as recorded, not as the repository's .mailmap would rename it.
    stream = repo.stream("log", "--no-merges", f"-n{max_commits + 1}", "--format=%H%x09%ae%x09%an", "HEAD",
                         max_bytes=(max_commits + 1) * MAX_IDENT_LINE_BYTES)
    with stream:
        while True:
            line, _ = stream.read_until(b"\n", MAX_IDENT_LINE_BYTES)
            if line is None:
                break
            sha, _, rest = line.partition(b"\t")
            if not _SHA.fullmatch(sha):
                continue
            if len(raw.commit_author) >= max_commits:
                raw.truncated = True
                break
            email, _, name = rest.partition(b"\t")
            raw.commit_author[sha.decode("ascii")] = raw.author_key(_decode(email).strip().lower(),
                                                                   _decode(name).strip(), known)
        ended = stream.result
    if not ended.ok and not ended.cut:
        raw.problem = ended.reason()


def _add_lines(raw: RawHistory, path: str, key: int, added: int) -> None:
    if path not in raw.path_lines:
        if len(raw.path_lines) >= MAX_TRACKED_PATHS:
            raw.truncated = True
            return
        raw.path_lines[path] = {}
    lines = raw.path_lines[path]
    lines[key] = lines.get(key, 0) + added


def _read_lines(repo: GitRepository, raw: RawHistory) -> None:
    """Lines per path and author, oldest commit first, so a rename carries its file's counts to the new name."""
    count = len(raw.commit_author)
    if not count:
        return
    stream = repo.stream("log", "--no-merges", f"-n{count}", "--reverse", "-M", "--no-textconv", "--no-ext-diff",
                         "--numstat", "-z", "--format=%H", "HEAD", max_bytes=MAX_AUTHORSHIP_NUMSTAT_BYTES)
    with stream:
        for sha, change in numstat_changes(stream):
            key = raw.commit_author.get(sha)
            if change is None or key is None:
                continue
            raw.commit_lines[sha] = raw.commit_lines.get(sha, 0) + change.added + change.deleted
            path = _decode_path(change.path)
            if change.old_path is not None:  # a rename carries the file's counts to its new name
                carried = raw.path_lines.pop(_decode_path(change.old_path), None)
                if carried is not None:
                    raw.path_lines[path] = carried
            _add_lines(raw, path, key, change.added)
        ended = stream.result
    if ended.cut:
        raw.truncated = True
        raw.problem = f"authorship (git log --numstat) over {MAX_AUTHORSHIP_NUMSTAT_BYTES // (1024 * 1024)} MiB"
    elif not ended.ok:
        raw.problem = ended.reason()


def _decode_path(data: bytes) -> str:
    return clean_text(data.decode("utf-8", errors="surrogateescape"))


def read_raw_history(repo: GitRepository, max_commits: int = MAX_AUTHORSHIP_COMMITS) -> RawHistory:
    """Authors and per-path lines of the ``max_commits`` most recent non-merge commits of HEAD."""
    raw = RawHistory()
    _read_authors(repo, raw, max_commits)
    if raw.problem is None:
        _read_lines(repo, raw)
    return raw


# --- who the person is ------------------------------------------------------------------

def is_automation(name: str, email: str) -> bool:
    """Whether a committer is a bot or a service's mailbox (GitHub Actions, Classroom, Dependabot...), never a person."""
    return bool(_BOT.search(name or "") or _BOT.search(email or ""))


def identity_from_option(values: Iterable[str]) -> Optional[Identity]:
    """The person as ``--author`` names them: an email (has "@"), else a name or a GitHub login."""
    names, emails, logins = [], [], []
    for value in values:
        value = clean_text(str(value)).strip()
        if not value:
            continue
        if "@" in value:
            emails.append(value.lower())
            noreply = _NOREPLY.match(value)
            if noreply:
                logins.append(noreply.group(1).lower())
        else:
            names.append(value)
            if re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})", value):
                logins.append(value.lower())
    if not (names or emails):
        return None
    label = ", ".join(dict.fromkeys(names + emails))
    return Identity(label=label, decided_by=AUTHOR_OPTION, names=tuple(dict.fromkeys(names)),
                    emails=tuple(dict.fromkeys(emails)), logins=tuple(dict.fromkeys(logins)))


def identity_for_handle(handle: str, name: Optional[str] = None) -> Identity:
    """The person of a GitHub audit: the handle's commits (by login), and commits signed with its public name."""
    return Identity(label=handle, decided_by=GITHUB_HANDLE, names=(name,) if name else (), logins=(handle.lower(),))


def most_frequent_committer(histories: Iterable[RawHistory]) -> Optional[Identity]:
    """The person of a local audit: the committer found in the most repositories, then with the most commits.

    Bots and git's example identity ("Your Name") are left out, and a GitHub login's private addresses (``ana@`` and
    ``123+ana@users.noreply.github.com``) are one committer. Breadth comes first
    because a portfolio is one person's repositories: a teammate who committed
    most to one shared project is in that one only.
    """
    commits: Counter = Counter()
    repos: Counter = Counter()
    names: dict = {}
    emails: dict = {}
    total = repo_total = 0
    for raw in histories:
        repo_total += 1
        seen = set()
        for key in raw.commit_author.values():
            total += 1
            if key == OTHERS:
                continue
            email, name = raw.authors[key]
            if is_automation(name, email) or is_placeholder_identity(name, email):
                continue
            noreply = _NOREPLY.match(email)
            who = f"login:{noreply.group(1).lower()}" if noreply else email
            commits[who] += 1
            seen.add(who)
            names.setdefault(who, Counter())[name] += 1
            emails.setdefault(who, Counter())[email] += 1
        repos.update(seen)
    if not commits:
        return None
    # Most repositories, then most commits; a tie goes to the alphabetically first key, so the choice is reproducible.
    who = min(commits, key=lambda k: (-repos[k], -commits[k], k))
    count = commits[who]
    ranked = [n for n, _ in sorted(names[who].items(), key=lambda item: (-item[1], item[0])) if n]
    addresses = [e for e, _ in sorted(emails[who].items(), key=lambda item: (-item[1], item[0])) if e]
    label = f"{ranked[0]} <{addresses[0]}>" if ranked and addresses else (ranked or addresses or [who])[0]
    most_commits = max(commits.values())
    if count == most_commits:
        decided_by = f"most frequent committer, {count} of {total} commits"
    else:
        decided_by = (f"committer in the most repositories ({repos[who]} of {repo_total}),"
                      f" {count} of {total} commits")
    return Identity(label=label, decided_by=decided_by, names=tuple(ranked), emails=tuple(addresses),
                    logins=(who[len("login:"):],) if who.startswith("login:") else ())


# Git's own example identity ("git config --global user.name 'Your Name'"), left in place by
# whoever never set theirs. It names nobody else, and in a person's own repository it is
# theirs: the person is the one who did not configure git, not a stranger.
_PLACEHOLDER_NAME = re.compile(r"^\s*your[ ._-]?name\s*$", re.IGNORECASE)
_PLACEHOLDER_EMAIL = re.compile(r"^(you|your[._-]?(e-?mail|name)|email|user|name)@example\.(com|org|net)$", re.IGNORECASE)


def is_placeholder_identity(name: str, email: str) -> bool:
    """Whether an author is git's example identity ("Your Name <you@example.com>"), not a person's."""
    return bool(_PLACEHOLDER_NAME.match(name or "")) and (not email or bool(_PLACEHOLDER_EMAIL.match(email)))


def _folded(text: str) -> str:
    """A name compared without case or accents ("Barbé" is "Barbe")."""
    return unaccented(text.casefold()).strip()


# A login shorter than this is too easily found inside any name ("al" in "alan", "ana").
MIN_DERIVED_LOGIN = 4


def _login_from_name(login: str, full_name: str) -> bool:
    """Whether ``login`` reads as made from ``full_name``'s letters: same first letter, then in order.

    "sbrbe" from "Simon Barbé", "jdoe" from "Jane Doe"; not "sbrbe" from "Simon Dupont".
    """
    letters = re.sub(r"[^a-z]", "", _folded(full_name))
    wanted = re.sub(r"[^a-z]", "", login.lower())
    if len(wanted) < MIN_DERIVED_LOGIN or not letters or wanted[0] != letters[0]:
        return False
    remaining = iter(letters)
    return all(character in remaining for character in wanted)


def _given_name_of(short: str, full_name: str, login: Optional[str]) -> bool:
    """Whether a one-word name (GitHub's display name "Simon") is the given name of ``full_name``
    ("Simon Barbe", as git on another machine signs) and the login joins them ("sbrbe")."""
    words, given = _folded(full_name).split(), _folded(short)
    return (login is not None and len(words) > 1 and len(given.split()) == 1 and words[0] == given
            and _login_from_name(login, full_name))


def is_person(identity: Identity, email: str, name: str, login: Optional[str] = None) -> bool:
    """Whether an author (email, name, GitHub login when known) is the person.

    One person commits under several identities: the same name with and without its accents,
    a GitHub noreply address whose login is a name they commit under ("sneddybob <bob@…>" and
    "Robert S. <44828511+sneddybob@users.noreply.github.com>"), a git name that is their login,
    a given name on one side and the full name on the other when their login is made from the
    full name ("Simon <…+sbrbe@users.noreply.github.com>" and "Simon Barbe <sbarbe@school>"),
    and git's example identity on a machine where they never set theirs.
    """
    email = (email or "").lower()
    if email and email in identity.emails:
        return True
    names = {_folded(n) for n in identity.names}
    logins = set(identity.logins)
    if name and (_folded(name) in names or name.strip().lower() in logins):
        return True
    noreply = _NOREPLY.match(email)
    if noreply and (noreply.group(1).lower() in logins or _folded(noreply.group(1)) in names):
        return True
    if login and login.lower() in logins:
        return True
    # The given name on one side, the full name on the other, and a login made from the full name.
    author_login = noreply.group(1) if noreply else login
    if name and any(_given_name_of(known, name, person_login) for known in identity.names for person_login in logins):
        return True
    if name and author_login and any(_given_name_of(name, known, author_login) for known in identity.names):
        return True
    return is_placeholder_identity(name, email)


# --- the snapshot's Authorship ------------------------------------------------------------

def unknown(reason: str, identity: Optional[Identity] = None) -> Authorship:
    return Authorship(status=AUTHORSHIP_UNKNOWN, identity=identity, reason=reason)


def authorship_for(raw: RawHistory, identity: Optional[Identity], repo: RepoSnapshot) -> Authorship:
    """The person's commits, changed lines and per-file lines in ``repo`` from its raw history."""
    if identity is None:
        return unknown(NO_HISTORY)
    if not raw.commit_author:
        return unknown(raw.problem or "no commits in its history", identity)
    theirs = {key for key, (email, name) in enumerate(raw.authors) if is_person(identity, email, name)}
    person_shas = {sha for sha, key in raw.commit_author.items() if key in theirs}
    collected = [c.sha for c in repo.commits.items] if repo.commits.available else []
    kept = {f.path for f in repo.files}
    files = []
    for path in sorted(kept & set(raw.path_lines)):
        lines = raw.path_lines[path]
        files.append(FileAuthorship(path=path, lines_by_person=sum(v for k, v in lines.items() if k in theirs),
                                    lines_total=sum(lines.values())))
    return Authorship(
        status=AUTHORSHIP_KNOWN, identity=identity,
        commits_total=len(raw.commit_author), commits_by_person=len(person_shas),
        lines_total=sum(raw.commit_lines.values()),
        lines_by_person=sum(v for sha, v in raw.commit_lines.items() if sha in person_shas),
        person_commits=tuple(sha for sha in collected if sha in person_shas),
        files=tuple(files), files_complete=not raw.truncated and raw.problem is None,
        truncated=raw.truncated)


def github_authorship(repo: RepoSnapshot, identity: Identity) -> Authorship:
    """Authorship from the commits a GitHub collector read: commit authors' logins (or names); no per-file lines."""
    if repo.collection_error:
        return unknown("not collected", identity)
    if not repo.commits.available:
        return unknown(f"commits not available: {repo.commits.reason or 'not collected'}", identity)
    commits = repo.commits.items
    if not commits:
        return unknown("no commits in its history", identity)
    # GitHub's collector records the login when the commit's email belongs to an account, else the git name.
    mine = [c for c in commits if is_person(identity, "", c.author, login=c.author)]
    return Authorship(
        status=AUTHORSHIP_KNOWN, identity=identity, commits_total=len(commits), commits_by_person=len(mine),
        lines_total=sum(c.insertions + c.deletions for c in commits),
        lines_by_person=sum(c.insertions + c.deletions for c in mine),
        person_commits=tuple(c.sha for c in mine), files=(), files_complete=False, truncated=repo.commits.truncated)


def with_github_authorship(snapshot: Snapshot, handle: str) -> Snapshot:
    """``snapshot`` with the handle as the person and each repository's authorship from its commits."""
    identity = identity_for_handle(handle, (snapshot.owner or {}).get("name") or None)
    repos = tuple(replace(repo, authorship=github_authorship(repo, identity)) for repo in snapshot.repos)
    return replace(snapshot, repos=repos, person=identity)


def no_history_reason(repo: RepoSnapshot) -> str:
    """Why a local repository's authorship is unknown, from why it has no commits."""
    if repo.commits.available:
        return "no commits in its history"
    return repo.commits.reason or "no history of its own"


def unknown_for(repo: RepoSnapshot, identity: Optional[Identity]) -> Authorship:
    return unknown(no_history_reason(repo), identity)


__all__ = ["RawHistory", "read_raw_history", "identity_from_option", "identity_for_handle", "most_frequent_committer",
           "is_person", "is_placeholder_identity", "authorship_for", "github_authorship", "with_github_authorship", "unknown_for"]
