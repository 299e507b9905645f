"""Each kept file's origin: provenance's verdict with the whole repository's facts and, for a git checkout, its history.

Shared by every collector (local folder, git checkout, archive, GitHub) so the same
commit gets the same origins wherever it was read. Only prose and code are judged:
manifests and the person's annotation are facts about the project, not writing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable, Mapping, Optional

from ..provenance import FileHistory, Provenance, RepoFacts, provenance_of, with_history
from ..provenance.origins import OWN
from ..snapshot import FileEntry, clean_text
from .authorship import is_automation

# Kinds of file whose author matters: what README, documentation and code rules read.
JUDGED_KINDS = ("readme", "doc", "source")


def attach_origins(files: Iterable, paths: Iterable, repo_name: Optional[str] = None, verdicts=None) -> tuple:
    """``files`` with ``origin``, ``origin_reason`` and ``generator_lines`` set from provenance of their content.

    ``paths`` are all the repository's paths, kept or skipped (a copied package is
    recognised by its folder). Git history's say comes after, from ``with_histories``,
    once the person is known. ``verdicts`` (verdict_cache.VerdictPacks), when given,
    supplies the verdicts of files judged in an earlier run and keeps this run's.
    """
    files = tuple(files)
    manifests = {entry.path: entry.text for entry in files if entry.kind == "manifest"}
    # An undecodable name (a lone surrogate from os.fsdecode) is judged as the report shows it.
    facts = RepoFacts.build(tuple(clean_text(path) for path in paths), manifests, repo_name)
    kept = verdicts.for_repo(facts.paths, facts.names) if verdicts is not None else None
    judged = []
    for entry in files:
        if entry.kind in JUDGED_KINDS:
            if kept is not None:
                origin, reason, lines = kept.verdict(entry.path, entry.text, lambda entry=entry: _verdict(entry, facts))
            else:
                origin, reason, lines = _verdict(entry, facts)
            entry = replace(entry, origin=origin, origin_reason=reason, generator_lines=lines)
        judged.append(entry)
    if kept is not None:
        kept.save()
    return tuple(judged)


def _verdict(entry: FileEntry, facts: RepoFacts) -> tuple:
    """(origin, reason, generator lines) of one file: what a FileEntry keeps of its Provenance."""
    verdict = provenance_of(entry.path, entry.text, facts)
    return verdict.origin, verdict.reason, tuple(sorted(set(verdict.generator_lines)))


def with_histories(files: Iterable, histories: Optional[Mapping],
                   is_person: Optional[Callable[[str, str], bool]] = None) -> tuple:
    """``files`` after git history's say: own files someone else committed first and nobody changed since.

    ``is_person(name, email)`` tells whether the first commit's author is the person
    audited; without it (nobody could be identified) the history's own guess stands:
    the person is whoever made the later commits. A teammate's first commit is then
    told apart from the person's own first commit of a project they later shared.
    """
    files = tuple(files)
    if not histories:
        return files
    judged = []
    for entry in files:
        history = histories.get(entry.path) if entry.kind in JUDGED_KINDS and entry.origin == OWN else None
        if history is not None:
            judged.append(_with_history(entry, _decided(history, is_person)))
        else:
            judged.append(entry)
    return tuple(judged)


def _decided(history: FileHistory, is_person: Optional[Callable[[str, str], bool]]) -> FileHistory:
    name, email = history.first_commit_name, history.first_commit_email
    if is_person is None or not (name or email):
        return history
    if is_person(name, email):
        return replace(history, first_commit_by_person=True)
    if history.later_commits_by_first_author and not is_automation(name, email):
        # The first commit's author kept committing: a collaborator, whose files are the
        # project's own work, not code handed out. Authorship leaves them uncredited for the
        # person (collect/authorship.py: files the person wrote none of).
        return replace(history, first_commit_by_person=None)
    return replace(history, first_commit_by_person=False)


def _with_history(entry: FileEntry, history: FileHistory) -> FileEntry:
    verdict = with_history(Provenance(entry.origin, entry.origin_reason or "", generator_lines=entry.generator_lines),
                           history)
    if verdict.origin == entry.origin:
        return entry
    return replace(entry, origin=verdict.origin, origin_reason=verdict.reason)
