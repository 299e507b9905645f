"""A checkout's recent commits, read through collect/git.py in memory bounded by caps, not by the history.

Commit messages come from ``git cat-file --batch``, which states each object's size, so
a message can never pose as the next record (a separator inside a message could, with
``git log --format``), and a 10 MB message costs its first MAX_COMMIT_OBJECT_BYTES. Change
sizes come from ``git log --numstat -z``, read as a stream and only counted. Whatever a cap
cuts is listed, with how much, among the repository's skipped entries.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional

from ..provenance.origins import FileHistory
from ..snapshot import GIT_FAILURE_NOTE, Collected, Commit, SkippedFile, clean_text
from .git import GitRepository

# Bytes of one commit object kept: the headers (a few hundred bytes) and the message's start.
MAX_COMMIT_OBJECT_BYTES = 96 * 1024
# A message body longer than this is kept to its start; the subject to MAX_SUBJECT_CHARS.
MAX_BODY_CHARS = 64 * 1024
MAX_SUBJECT_CHARS = 1000
MAX_AUTHOR_CHARS = 200
# Everything read from `git cat-file` for one repository; past it the older commits are left out.
MAX_MESSAGES_STREAM_BYTES = 256 * 1024 * 1024
# `git log --numstat` output read per repository (one line per changed file per commit).
MAX_NUMSTAT_BYTES = 16 * 1024 * 1024
# One numstat entry is counts, a tab and a path; only the counts are needed.
MAX_NUMSTAT_ENTRY_BYTES = 8192
# Commits whose cut is listed one by one; more are counted in one line.
MAX_CUT_NOTES = 5
# Root commits listed to find the first one (a history with thousands of roots is hostile).
MAX_ROOTS_BYTES = 64 * 1024
# The first commit's file list, and the list of files changed since, read per repository.
MAX_FILE_LIST_BYTES = 8 * 1024 * 1024
# Authors of the commits after the first, read per repository (one short line per commit).
MAX_AUTHORS_BYTES = 4 * 1024 * 1024
_SHA = re.compile(rb"[0-9a-f]{40}|[0-9a-f]{64}")
_NUMSTAT = re.compile(rb"(\d+|-)\t(\d+|-)\t(.*)", re.DOTALL)
_IDENT_DATE = re.compile(rb">\s*(-?\d{1,12})\s+([+-])(\d\d)(\d\d)\s*$")


@dataclass(frozen=True)
class History:
    """What the history says: recent commits, HEAD, branch, the first commit's date, and what was cut."""

    commits: Collected
    notes: tuple = ()  # SkippedFile entries: cuts and unreadable parts
    head: Optional[str] = None
    branch: Optional[str] = None
    created_at: Optional[str] = None


def _kib(size: int) -> str:
    return f"{size // 1024:,} KiB"


def _decode(data: bytes, encoding: Optional[str]) -> str:
    """Message bytes as text: the commit's declared encoding when Python knows it, else UTF-8, never failing."""
    name = "utf-8"
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            pass
    return clean_text(data.decode(name, errors="replace"))


def _iso_date(ident: bytes) -> str:
    """An ident's date ("Ana <a@x> 1700000000 +0100") as ISO 8601, the way `git log --format=%aI` writes it."""
    match = _IDENT_DATE.search(ident)
    if not match:
        return ""
    seconds, sign, hours, minutes = int(match.group(1)), match.group(2), int(match.group(3)), int(match.group(4))
    offset = timedelta(hours=hours, minutes=minutes) * (-1 if sign == b"-" else 1)
    try:
        return datetime.fromtimestamp(seconds, timezone(offset)).isoformat()
    except (OverflowError, OSError, ValueError):
        return ""


def _split_message(message: str) -> tuple:
    """(subject, body) as git's %s and %b: the first paragraph joined into one line, then the rest."""
    lines = message.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    subject_lines = []
    while lines and lines[0].strip():
        subject_lines.append(lines.pop(0).rstrip())
    return " ".join(subject_lines).strip(), "\n".join(lines).strip()


def parse_commit(sha: str, data: bytes, size: int) -> tuple:
    """(Commit without change sizes, cut description or None) from a raw commit object's first bytes."""
    headers, separator, message = data.partition(b"\n\n")
    author_ident, encoding = b"", None
    for line in headers.split(b"\n"):
        if line.startswith(b"author "):
            author_ident = line[len(b"author "):]
        elif line.startswith(b"encoding "):
            encoding = line[len(b"encoding "):].strip().decode("ascii", errors="replace")
    name = author_ident.split(b"<", 1)[0].strip()
    subject, body = _split_message(_decode(message if separator else b"", encoding))
    cuts = []
    if size > len(data):
        cuts.append(f"a {_kib(size)} commit object read to its first {_kib(len(data))}")
    if len(subject) > MAX_SUBJECT_CHARS:
        subject = subject[: MAX_SUBJECT_CHARS - 1] + "…"
        cuts.append(f"subject kept to {MAX_SUBJECT_CHARS} characters")
    if len(body) > MAX_BODY_CHARS:
        body = body[: MAX_BODY_CHARS - 1] + "…"
        cuts.append(f"body kept to {MAX_BODY_CHARS // 1024} KiB")
    author = _decode(name, encoding)[:MAX_AUTHOR_CHARS]
    commit = Commit(sha=sha, subject=subject, body=body, author=author, authored_at=_iso_date(author_ident))
    return commit, ("; ".join(cuts) or None)


def _read_objects(repo: GitRepository, shas: list) -> tuple:
    """({sha: (Commit, cut), or None for a missing object}, problem or None) for commit ``shas`` via one `git cat-file --batch`."""
    found: dict = {}
    problem = None
    stream = repo.stream("cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode("ascii"),
                         max_bytes=MAX_MESSAGES_STREAM_BYTES)
    with stream:
        for _ in shas:
            header, _ = stream.read_until(b"\n", 256)
            if header is None:
                break
            parts = header.split(b" ")
            if len(parts) == 2 and parts[1] == b"missing" and _SHA.fullmatch(parts[0]):
                found[parts[0].decode("ascii")] = None  # one unreadable commit costs only itself
                continue
            if len(parts) != 3 or not _SHA.fullmatch(parts[0]) or not parts[2].isdigit():
                problem = f"unexpected answer from git cat-file ({clean_text(header[:80].decode('utf-8', 'replace'))})"
                break
            size = int(parts[2])
            data = stream.read(min(size, MAX_COMMIT_OBJECT_BYTES))
            stream.skip(size - len(data) + 1)  # the rest of the object and its closing newline
            if parts[1] != b"commit":
                continue
            sha = parts[0].decode("ascii")
            found[sha] = parse_commit(sha, data, size)
        ended = stream.result
    if ended.cut:
        problem = f"commit messages over {MAX_MESSAGES_STREAM_BYTES // (1024 * 1024)} MiB in all"
    elif ended.failure is not None and problem is None and len(found) < len(shas):
        problem = ended.reason()
    return found, problem


@dataclass(frozen=True)
class NumstatChange:
    """One changed file of a commit in ``git log --numstat -z``: line counts (binary files: 0) and its path."""

    added: int
    deleted: int
    path: bytes
    old_path: Optional[bytes] = None  # the path before a rename (``-M``), else None


def numstat_changes(stream):
    """(sha, NumstatChange or None) from a streamed ``git log --numstat -z --format=%H``.

    Each commit first yields (sha, None), so commits that change no file are seen too; then one
    (sha, change) per changed file. A rename's paths come as tokens of their own; an entry cut
    at ``MAX_NUMSTAT_ENTRY_BYTES`` or a truncated stream ends the iteration (``stream.result``
    says why).
    """
    sha = None
    while True:
        token, _ = stream.read_until(b"\0", MAX_NUMSTAT_ENTRY_BYTES)
        if token is None:
            return
        token = token.lstrip(b"\n")
        if _SHA.fullmatch(token):
            sha = token.decode("ascii")
            yield sha, None
            continue
        match = _NUMSTAT.match(token)
        if not match or sha is None:
            continue
        # Binary files show "-" for line counts: they change files, not lines.
        added = int(match.group(1)) if match.group(1).isdigit() else 0
        deleted = int(match.group(2)) if match.group(2).isdigit() else 0
        path, old_path = match.group(3), None
        if not path:  # a rename: the old and the new path follow as tokens of their own
            old_path, _ = stream.read_until(b"\0", MAX_NUMSTAT_ENTRY_BYTES)
            path, _ = stream.read_until(b"\0", MAX_NUMSTAT_ENTRY_BYTES)
            if old_path is None or path is None:
                return
        yield sha, NumstatChange(added, deleted, path, old_path)


def _read_sizes(repo: GitRepository, count: int) -> tuple:
    """({sha: (files_changed, insertions, deletions)}, cut or problem text or None, whether the cap cut it)."""
    sizes: dict = {}
    # Exact renames (-M100%: blob ids compared, no content similarity, so cheap) count as one file
    # and no lines, as a reviewer sees them; --no-renames would count a moved file as all new.
    stream = repo.stream("log", f"-n{count}", "--no-merges", "-M100%", "--no-textconv", "--no-ext-diff",
                         "--numstat", "-z", "--format=%H", max_bytes=MAX_NUMSTAT_BYTES)
    last = None
    with stream:
        for sha, change in numstat_changes(stream):
            current = sizes.setdefault(sha, [0, 0, 0])
            last = sha
            if change is not None:
                current[0] += 1
                current[1] += change.added
                current[2] += change.deleted
        ended = stream.result
    if last is not None and (ended.cut or not ended.ok):
        del sizes[last]  # the stream stopped inside this commit: its counts are partial
    if ended.cut:
        return sizes, f"change sizes (git log --numstat) over {MAX_NUMSTAT_BYTES // (1024 * 1024)} MiB", True
    return sizes, (ended.reason() or None) if not ended.ok else None, False


def _read_file_counts(repo: GitRepository, count: int) -> dict:
    """{sha: files changed} from ``git log --name-only``, which reads trees only: for commits whose
    line counts could not be read (a blob the clone lacks stops ``--numstat``)."""
    counts: dict = {}
    stream = repo.stream("log", f"-n{count}", "--no-merges", "-M100%", "--name-only", "-z", "--format=%H",
                         max_bytes=MAX_NUMSTAT_BYTES)
    with stream:
        sha = None
        while True:
            token, _ = stream.read_until(b"\0", MAX_NUMSTAT_ENTRY_BYTES)
            if token is None:
                break
            token = token.lstrip(b"\n")
            if _SHA.fullmatch(token):
                sha = token.decode("ascii")
                counts.setdefault(sha, 0)
            elif token and sha is not None:
                counts[sha] += 1
    return counts


def read_history(repo: GitRepository, max_commits: int) -> History:
    """The ``max_commits`` most recent non-merge commits of HEAD, with their sizes, HEAD, branch and first date."""
    notes = []
    head_result = repo.run("rev-parse", "--verify", "-q", "HEAD", max_bytes=256)
    head = head_result.text().strip() if head_result.ok else None
    head = head if head and _SHA.fullmatch(head.encode("ascii", "replace")) else None
    branch_result = repo.run("symbolic-ref", "--short", "-q", "HEAD", max_bytes=1024)
    branch = clean_text(branch_result.text().strip()) if branch_result.ok else None
    if head is None:
        if head_result.detail:  # git said why: not an empty repository but an unreadable one
            return History(Collected.missing(f"git history unreadable ({head_result.reason()})"),
                           (SkippedFile(GIT_FAILURE_NOTE, f"no commit read ({head_result.reason()})"),), None, branch or None)
        return History(Collected.missing("no commits yet (an empty repository has no history)"), (), None, branch or None)
    listed = repo.run("rev-list", "--no-merges", f"-n{max_commits + 1}", "HEAD", max_bytes=(max_commits + 1) * 66)
    shas = [line for line in listed.text().split() if _SHA.fullmatch(line.encode("ascii", "replace"))]
    if not shas:
        reason = listed.reason() or "no commits"
        return History(Collected.missing(f"git history unreadable ({reason})"),
                       (SkippedFile(GIT_FAILURE_NOTE, f"no commit read ({reason})"),), head, branch or None)
    truncated = len(shas) > max_commits
    shas = shas[:max_commits]
    shallow = repo.run("rev-parse", "--is-shallow-repository", max_bytes=64)
    if shallow.ok and shallow.text().strip() == "true" and not truncated:
        # A shallow clone's history ends where the clone was cut, not where the project began.
        notes.append(SkippedFile(GIT_FAILURE_NOTE, f"shallow clone: its {len(shas)} commits are the most recent only"))
    if not listed.ok and not listed.cut:
        # git walks newest first and stops at what it cannot read (a missing object, a shallow
        # boundary): the commits before that are real history, kept, and the failure is said.
        truncated = True
        notes.append(SkippedFile(GIT_FAILURE_NOTE, f"{len(shas)} commits read, then git stopped"
                                                   f" ({listed.reason()})"))
    objects, problem = _read_objects(repo, shas)
    sizes, sizes_problem, capped = _read_sizes(repo, len(shas))
    # A blob the clone lacks stops --numstat; the trees still say which files each commit changed.
    file_counts = _read_file_counts(repo, len(shas)) if sizes_problem and not capped and len(sizes) < len(shas) else {}
    commits, cuts, unreadable = [], [], []
    for sha in shas:
        if sha not in objects:
            break  # the stream stopped (cap, timeout): older commits are left out, and said to be
        if objects[sha] is None:
            unreadable.append(sha)
            continue
        commit, cut = objects[sha]
        files_changed, insertions, deletions = sizes.get(sha, (file_counts.get(sha, 0), 0, 0))
        commits.append(Commit(sha=commit.sha, subject=commit.subject, body=commit.body, author=commit.author,
                              authored_at=commit.authored_at, files_changed=files_changed, insertions=insertions,
                              deletions=deletions))
        if cut:
            cuts.append((sha, cut))
    if unreadable:
        truncated = True
        notes.append(SkippedFile(GIT_FAILURE_NOTE, f"{len(unreadable)} commit object{'s' if len(unreadable) != 1 else ''}"
                                                   f" missing ({unreadable[0][:12]}…); the other {len(commits)} were read"))
    if len(commits) + len(unreadable) < len(shas):
        truncated = True
        notes.append(SkippedFile("(commit history)", f"cut: {len(commits)} of {len(shas) - len(unreadable)} recent commits read"
                                                     f" ({problem or 'git stopped'})"))
    for sha, cut in cuts[:MAX_CUT_NOTES]:
        notes.append(SkippedFile(f"(commit {sha[:12]})", f"cut: {cut}"))
    if len(cuts) > MAX_CUT_NOTES:
        notes.append(SkippedFile("(commit history)", f"cut: {len(cuts) - MAX_CUT_NOTES} more commit messages"
                                                     " kept to their start"))
    missing_sizes = sum(1 for commit in commits if commit.sha not in sizes)
    if sizes_problem and missing_sizes:
        counted = "counted by the files they change, without line counts" if file_counts else \
            "counted without their change sizes"
        notes.append(SkippedFile("(commit history)", f"cut: {sizes_problem}; {missing_sizes} commits {counted}"))
    roots = repo.run("rev-list", "--max-parents=0", "HEAD", max_bytes=MAX_ROOTS_BYTES)
    root_shas = [line for line in roots.text().split() if _SHA.fullmatch(line.encode("ascii", "replace"))]
    created_at = None
    if root_shas:
        # rev-list lists newest first: the last root is the oldest first commit.
        first, _ = _read_objects(repo, root_shas[-1:])
        found = next(iter(first.values()), None)
        if found is not None:
            created_at = found[0].authored_at or None
    return History(Collected.of(commits, truncated=truncated), tuple(notes), head, branch or None, created_at)


@dataclass(frozen=True)
class FileHistories:
    """What git says about the files of the first commit (``by_path``), or None with the reason it cannot say."""

    by_path: Optional[dict] = None
    problem: Optional[str] = None

    def note(self) -> Optional[SkippedFile]:
        """The entry a report lists when history could not judge whose the files are."""
        if self.problem is None:
            return None
        return SkippedFile("(file history)", f"cut: whose files are whose was judged without git history ({self.problem})")


def read_file_histories(repo: GitRepository) -> FileHistories:
    """For every file the repository's first commit added: was it changed since, and was that commit the person's?

    Until the person is known, "the person" is whoever made the later commits: a first
    commit by an author who never committed again (GitHub Classroom, a course's template,
    a generator run by someone else) is not the person's. The collector decides again
    with the person's identity (``origins.with_histories``) once every repository's
    committers are known. A shallow clone's first commit is not the repository's, so its
    history says nothing here.
    """
    shallow = repo.run("rev-parse", "--is-shallow-repository", max_bytes=64)
    if shallow.ok and shallow.text().strip() == "true":
        return FileHistories(problem="shallow clone: the first commit is not in it")
    roots = repo.run("rev-list", "--max-parents=0", "HEAD", max_bytes=MAX_ROOTS_BYTES)
    root_shas = [line for line in roots.text().split() if _SHA.fullmatch(line.encode("ascii", "replace"))]
    if not roots.ok or not root_shas:
        return FileHistories(problem=f"first commit not found ({roots.reason() or 'no root commit'})")
    first = root_shas[-1]
    described = repo.run("log", "-1", "--no-show-signature", "--format=%an%x00%ae%x00%s", first, max_bytes=4096)
    added = repo.run("ls-tree", "-r", "-z", "--name-only", first, max_bytes=MAX_FILE_LIST_BYTES)
    changed = repo.run("diff", "--name-only", "-z", "--no-renames", "--no-textconv", "--no-ext-diff", first, "HEAD",
                       max_bytes=MAX_FILE_LIST_BYTES)
    later = repo.run("log", "--no-show-signature", "--format=%an <%ae>", f"{first}..HEAD", max_bytes=MAX_AUTHORS_BYTES)
    for step, result in (("first commit", described), ("its files", added), ("files changed since", changed),
                         ("later authors", later)):
        if not result.ok:
            return FileHistories(problem=f"{step}: {result.reason()}")
    name, _, rest = described.text().rstrip("\n").partition("\0")
    email, _, subject = rest.partition("\0")
    author = f"{name} <{email}>"
    later_authors = [line for line in later.text().splitlines() if line.strip()]
    # No later commit: nothing tells the person apart from whoever made the first one.
    by_person = (author in later_authors) if later_authors else None
    later_by_first_author = sum(1 for line in later_authors if line == author)
    changed_paths = {clean_text(p.decode("utf-8", "replace")) for p in changed.output.split(b"\0") if p}
    histories = {}
    for raw in added.output.split(b"\0"):
        if not raw:
            continue
        path = clean_text(raw.decode("utf-8", "replace"))
        histories[path] = FileHistory(in_first_commit=True, changed_since=path in changed_paths,
                                      first_commit_by_person=by_person, first_commit_subject=clean_text(subject),
                                      later_commits_by_first_author=later_by_first_author,
                                      first_commit_name=clean_text(name), first_commit_email=clean_text(email))
    return FileHistories(by_path=histories)
