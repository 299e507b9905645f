"""Each kept file's origin: provenance's verdict with the whole repository's facts and, for a git checkout, its history.

Shared by every collector (local folder, git checkout, archive, GitHub) so the same
commit gets the same origins wherever it was read. Only prose and code are judged:
manifests and the person's annotation are facts about the project, not writing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Mapping, Optional

from ..provenance import RepoFacts, provenance_of, with_history
from ..snapshot import FileEntry, clean_text

# Kinds of file whose author matters: what README, documentation and code rules read.
JUDGED_KINDS = ("readme", "doc", "source")


def attach_origins(files: Iterable, paths: Iterable, repo_name: Optional[str] = None,
                   histories: Optional[Mapping] = None) -> tuple:
    """``files`` with ``origin``, ``origin_reason`` and ``generator_lines`` set from provenance.

    ``paths`` are all the repository's paths, kept or skipped (a copied package is
    recognised by its folder); ``histories`` maps a path to its ``FileHistory`` when
    git history was read, so a file someone else committed first and nobody changed
    since carries no credit.
    """
    files = tuple(files)
    manifests = {entry.path: entry.text for entry in files if entry.kind == "manifest"}
    # An undecodable name (a lone surrogate from os.fsdecode) is judged as the report shows it.
    facts = RepoFacts.build(tuple(clean_text(path) for path in paths), manifests, repo_name)
    judged = []
    for entry in files:
        if entry.kind in JUDGED_KINDS:
            entry = _judged(entry, facts, histories)
        judged.append(entry)
    return tuple(judged)


def _judged(entry: FileEntry, facts: RepoFacts, histories: Optional[Mapping]) -> FileEntry:
    verdict = provenance_of(entry.path, entry.text, facts)
    if histories is not None:
        verdict = with_history(verdict, histories.get(entry.path))
    return replace(entry, origin=verdict.origin, origin_reason=verdict.reason,
                   generator_lines=tuple(sorted(set(verdict.generator_lines))))
