"""When a collected GitHub repository is final: held until the profile annotation and the contributions it needs are known.

A repository's record is finished by three facts the collector learns at different
times: the profile repository's annotation file (``LOGIN/LOGIN/.portfolio-audit.yml``),
which can annotate every other repository; the person's pull requests elsewhere, of
which a fork's pull requests to its parent belong in the fork's record; and the person
(the handle), whose commits are theirs. ``RepoRelease`` holds each repository until the
first two are known, finishes it exactly as a whole-snapshot pass would, and hands it to
the sink, so a streaming consumer sees each repository once, final, and as early as it
can be.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional, Protocol

from ...annotations import ANNOTATION_FILE_NAMES, annotation_for, is_annotation_path, parse_annotation_file
from ...snapshot import Collected, Identity, RepoSnapshot


class RepoSink(Protocol):
    """Where final repositories go as they are collected (streaming.py evaluates them)."""

    def begin(self, collected_at: str, owner: dict, total: int) -> None:
        """Called once, from the only thread, before any repository is collected."""

    def accept(self, index: int, repo: RepoSnapshot) -> RepoSnapshot:
        """Take repository ``index`` (work order) and return the form the snapshot keeps of it."""

    def has_room(self) -> bool:
        """Whether another repository may be collected now (False holds collection back)."""

    def wait_for_room(self, seconds: float) -> None:
        """Wait at most ``seconds`` for ``has_room`` to become true."""


class KeepWhole:
    """The sink of a whole snapshot: every repository kept as collected, no back-pressure."""

    def begin(self, collected_at: str, owner: dict, total: int) -> None:
        return None

    def accept(self, index: int, repo: RepoSnapshot) -> RepoSnapshot:
        return repo

    def has_room(self) -> bool:
        return True

    def wait_for_room(self, seconds: float) -> None:
        return None


# The profile annotation before it is known (None means "known: there is none").
UNKNOWN = object()


class RepoRelease:
    """Finishes collected repositories and hands them to ``sink`` once nothing they depend on is missing."""

    def __init__(self, login: str, listed: list, profile_in_work: bool, identity: Optional[Identity],
                 sink: RepoSink, profile_text: Callable[[str], Optional[str]], notice: Callable[[str], None]):
        self.login = login
        self.identity = identity
        self.sink = sink
        self.kept: dict[int, RepoSnapshot] = {}
        self.released = 0
        self._held: dict[int, tuple] = {}  # index -> (repo, parent)
        self._contributions: Optional[Collected] = None
        self._profile_text = profile_text
        self._notice = notice
        self.profile_source = f"{login}/{login}/{ANNOTATION_FILE_NAMES[0]}"
        self.profile: object = UNKNOWN
        if not profile_in_work:
            # Not collected here, so the file is read on its own (one cached request), or there is none.
            listed_profile = any(item["name"].lower() == login.lower() for item in listed)
            self.profile = self._profile_from_api() if listed_profile else None

    def is_profile(self, name: str) -> bool:
        return name.lower() == self.login.lower()

    def add(self, index: int, repo: RepoSnapshot, parent: Optional[str]) -> None:
        """Repository ``index`` is collected; released now or once what it needs is known."""
        if self.profile is UNKNOWN and self.is_profile(repo.name):
            self._resolve_profile(repo)
        self._held[index] = (repo, parent)
        self._release_ready()

    def contributions_known(self, contributions: Collected) -> None:
        self._contributions = contributions
        self._release_ready()

    @property
    def held(self) -> int:
        return len(self._held)

    def _resolve_profile(self, repo: RepoSnapshot) -> None:
        if repo.collection_error:
            self.profile = self._profile_from_api()
            return
        entry = next((f for f in repo.files if is_annotation_path(f.path)), None)
        if entry is None:
            self.profile = None
            return
        self.profile_source = f"{self.login}/{repo.name}/{entry.path}"
        self.profile = parse_annotation_file(entry.text, self.profile_source)

    def _profile_from_api(self) -> Optional[tuple]:
        text = self._profile_text(self.login)
        if text is None:
            return None
        profile = parse_annotation_file(text, self.profile_source)
        # Entry problems reach the repositories they name; the rest (a file that is not YAML)
        # has no repository of its own in the report to show it, so it is said here.
        listed_problems = {p for entry in profile[1].values() for p in entry["problems"]}
        for problem in profile[2]:
            if problem not in listed_problems:
                self._notice(f"portfolio-audit: annotation not understood: {problem}")
        return profile

    def _release_ready(self) -> None:
        if self.profile is UNKNOWN:
            return
        for index in sorted(self._held):
            repo, parent = self._held[index]
            if parent and self._contributions is None:
                continue
            del self._held[index]
            self.kept[index] = self.sink.accept(index, self._finished(repo, parent))
            self.released += 1

    def _finished(self, repo: RepoSnapshot, parent: Optional[str]) -> RepoSnapshot:
        """The repository as the snapshot records it: fork pull requests, annotation, the person's part."""
        from ..authorship import github_authorship

        contributions = self._contributions
        if parent and repo.pull_requests.available and contributions is not None and contributions.available:
            # A fork's pull requests to its parent belong in the fork's record (docs/snapshot.md).
            to_parent = [dict(c, head_repo=None) for c in contributions.items
                         if c.get("role") == "author" and (c.get("repo") or "").lower() == parent.lower()]
            if to_parent:
                own: list = list(repo.pull_requests.items)
                merged = Collected.of(own + to_parent, truncated=repo.pull_requests.truncated)
                repo = replace(repo, pull_requests=merged)
        if not repo.collection_error:
            profile = self.profile if isinstance(self.profile, tuple) else None
            repo = replace(repo, annotation=annotation_for(repo.files, profile, repo.name, self.profile_source))
        if self.identity is not None:
            repo = replace(repo, authorship=github_authorship(repo, self.identity))
        return repo
