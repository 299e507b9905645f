"""Read a repository tarball in memory, safely, into the same files the local collector keeps.

Nothing is written to disk, so a hostile archive cannot place files anywhere; the
checks below keep it from confusing paths (absolute names, ``..``, links, devices)
or exhausting memory (size, member count and per-file caps). Which files are kept
and why others are skipped comes from collect/classify.py, exactly as for a local
checkout, so a tarball and a checkout of the same commit give the same snapshot files.
"""

from __future__ import annotations

import heapq
import io
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Mapping, Optional

from ..snapshot import FileEntry, SkippedFile, clean_text
from .classify import (MAX_FILE_BYTES, MAX_REPO_TEXT_BYTES, REPO_TEXT_LIMIT_REASON, admit, classify_path,
                       plain_parts, skipped_for_path, too_large)
from .local import MAX_FILES_PER_REPO
from .tar_stream import FastTar, Unsupported

# A compressed download above this is refused before it is read to the end.
MAX_ARCHIVE_BYTES = 100 * 1024 * 1024
# The sum of member sizes an archive may declare: a gzip bomb stops here.
MAX_EXPANDED_BYTES = 512 * 1024 * 1024
# Tar members (files, folders, links) read at most; GitHub repos rarely come near it.
MAX_MEMBERS = 100_000


class ArchiveError(ValueError):
    """The archive is corrupt, truncated or exceeds a cap: the repository is not collected."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_archive_bytes: int = MAX_ARCHIVE_BYTES
    max_expanded_bytes: int = MAX_EXPANDED_BYTES
    max_members: int = MAX_MEMBERS
    max_file_bytes: int = MAX_FILE_BYTES
    max_files: int = MAX_FILES_PER_REPO
    max_text_bytes: int = MAX_REPO_TEXT_BYTES


def _unsafe_reason(name: str) -> Optional[str]:
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or "\\" in name:
        return "unsafe path in archive (absolute or not POSIX)"
    if any(part == ".." for part in name.split("/")):
        return "unsafe path in archive (..)"
    return None


def _relative_path(name: str, prefix: Optional[str]) -> Optional[str]:
    """The path inside the repository: GitHub tarballs put everything under one top folder."""
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if len(parts) < 2 or (prefix is not None and parts[0] != prefix):
        return None
    return "/".join(parts[1:])


class _LaterFirst:
    """A heap entry ordering paths backwards, so the heap's top is the path that comes last."""

    __slots__ = ("path",)

    def __init__(self, path: str):
        self.path = path

    def __lt__(self, other: "_LaterFirst") -> bool:
        return self.path > other.path


class _TextBudget:
    """The kept files' text, capped as the local collector caps it: the files first in path order that fit.

    Members arrive in archive order, so whenever the total passes the cap the file that comes
    last in path order is dropped (and listed), which holds memory to the cap at every moment.
    """

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0
        self.sizes: dict = {}
        # The heap is built only once the cap is first passed: the paths are distinct, so which
        # path comes last does not depend on when it was built, and most archives never get there.
        self.heap: Optional[list] = None

    def add(self, rel: str, size: int) -> list:
        """Count ``rel``; the paths dropped to stay under the cap (possibly ``rel`` itself)."""
        self.sizes[rel] = size
        self.used += size
        if self.heap is not None:
            heapq.heappush(self.heap, _LaterFirst(rel))
        elif self.used > self.limit:
            self.heap = [_LaterFirst(path) for path in self.sizes]
            heapq.heapify(self.heap)
        dropped = []
        while self.used > self.limit and self.heap:
            last = heapq.heappop(self.heap).path
            self.used -= self.sizes.pop(last)
            dropped.append(last)
        return dropped


def read_tarball(data: bytes, limits: ArchiveLimits = ArchiveLimits(), repo_name: Optional[str] = None,
                 verdicts=None) -> tuple:
    """(files, skipped, commit_sha) from a gzip'd GitHub tarball, each file with its origin; raises ArchiveError.

    ``verdicts`` (verdict_cache.VerdictPacks) keeps provenance verdicts between runs.
    """
    from .origins import attach_origins

    if len(data) > limits.max_archive_bytes:
        raise ArchiveError(f"archive is larger than {limits.max_archive_bytes // (1024 * 1024)} MiB")
    try:
        read = _read_fast(data, limits)
    except Unsupported:
        # Outside the plain subset git archive writes, or damaged: tarfile's reading decides.
        read = _read_with_tarfile(data, limits)
    candidates, skipped, paths, commit_sha = read
    files, skipped = _keep(list(candidates.items()), skipped, limits.max_files)
    return attach_origins(files, paths, repo_name, verdicts), skipped, commit_sha


def _read_fast(data: bytes, limits: ArchiveLimits) -> tuple:
    archive = FastTar(data)
    judged = _Judged(limits)
    for member in archive.members():
        try:
            judged.add(member, archive.pax_headers, archive.content)
        except ArchiveError:
            archive.finish()  # tarfile would have inflated the step it was in, and maybe failed on it
            raise
    archive.finish()
    return judged.candidates, judged.skipped, judged.paths, judged.commit_sha


def _read_with_tarfile(data: bytes, limits: ArchiveLimits) -> tuple:
    judged = _Judged(limits)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r|gz") as archive:
            def content(member) -> bytes:
                handle = archive.extractfile(member)
                return handle.read() if handle else b""

            for member in archive:
                judged.add(member, archive.pax_headers, content)
    except ArchiveError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise ArchiveError(f"archive is truncated or corrupt ({exc.__class__.__name__})") from None
    return judged.candidates, judged.skipped, judged.paths, judged.commit_sha


class _Judged:
    """Each member in archive order judged as the local collector judges a file; the same for both readers."""

    def __init__(self, limits: ArchiveLimits):
        self.limits = limits
        self.candidates: dict = {}
        self.skipped: list = []
        self.paths: list = []  # every member's path, kept or not: provenance recognises a copied package by its folder
        self.budget = _TextBudget(limits.max_text_bytes)
        self.declared = self.members = 0
        self.prefix: Optional[str] = None
        self.commit_sha: Optional[str] = None

    def add(self, member, pax_headers: Mapping[str, str], content) -> None:
        limits, skipped = self.limits, self.skipped
        self.members += 1
        if self.members > limits.max_members:
            raise ArchiveError(f"archive has more than {limits.max_members} entries")
        self.declared += max(member.size, 0)
        if self.declared > limits.max_expanded_bytes:
            raise ArchiveError(f"archive expands beyond {limits.max_expanded_bytes // (1024 * 1024)} MiB")
        if self.commit_sha is None:
            self.commit_sha = (pax_headers or {}).get("comment")
        if member.isdir():
            return
        unsafe = _unsafe_reason(member.name)
        if unsafe:
            skipped.append(SkippedFile(clean_text(member.name.lstrip("/")), unsafe))
            return
        if self.prefix is None:
            self.prefix = member.name.split("/")[0]
        rel = _relative_path(member.name, self.prefix)
        if rel is None:
            skipped.append(SkippedFile(clean_text(member.name), "outside the archive's top folder"))
            return
        shown = clean_text(rel)
        self.paths.append(shown)
        if shown != rel:  # tarfile decodes undecodable bytes to lone surrogates
            if classify_path(shown) is not None:
                skipped.append(SkippedFile(shown, "file name is not valid UTF-8"))
            return
        by_path = skipped_for_path(rel)
        kind = classify_path(rel)
        if kind is None and by_path is None:
            return
        if by_path:
            if kind is not None:
                skipped.append(by_path)
            return
        if member.issym():
            skipped.append(SkippedFile(rel, "symbolic link"))
            return
        if member.islnk():
            skipped.append(SkippedFile(rel, "hard link"))
            return
        if not member.isfile():
            skipped.append(SkippedFile(rel, "not a regular file"))
            return
        candidates = self.candidates
        if rel in candidates:
            skipped.append(SkippedFile(rel, "duplicate entry in the archive (the first was kept)"))
            return
        if member.size > limits.max_file_bytes:
            skipped.append(SkippedFile(rel, too_large(member.size, limits.max_file_bytes)))
            return
        data = content(member)
        if len(data) != member.size:
            raise ArchiveError("archive is truncated")
        # Judged now, so binary or minified bytes are dropped as they are read: holding
        # every member until the end let a bomb of NUL-filled files fill 512 MiB of memory.
        assert kind is not None  # a path of no kind was passed over above, or skipped by its path
        kept = admit(rel, kind, data)
        candidates[rel] = kept
        if isinstance(kept, FileEntry):
            for dropped in self.budget.add(rel, kept.size):
                candidates[dropped] = SkippedFile(dropped, REPO_TEXT_LIMIT_REASON)


def _keep(candidates: list, skipped: list, max_files: int) -> tuple:
    """Apply the file limit in path order to the judged members, as the local collector does."""
    files: list[FileEntry] = []
    for rel, kept in sorted(candidates, key=lambda item: item[0]):
        if len(files) >= max_files:
            skipped.append(SkippedFile(rel, f"file limit reached ({max_files} files per repository)"))
            continue
        (files if isinstance(kept, FileEntry) else skipped).append(kept)
    return tuple(files), tuple(sorted(skipped, key=_posix_key))


def _posix_key(skipped: SkippedFile) -> str:
    """``PurePosixPath(path).as_posix()``, without building one for the plain paths that almost all are."""
    path = skipped.path
    return path if plain_parts(path) is not None else PurePosixPath(path).as_posix()
