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
from typing import Optional

from ..snapshot import FileEntry, SkippedFile, clean_text
from .classify import (MAX_FILE_BYTES, MAX_REPO_TEXT_BYTES, REPO_TEXT_LIMIT_REASON, admit, classify_path,
                       skipped_for_path, too_large)
from .local import MAX_FILES_PER_REPO

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
        self.heap: list = []

    def add(self, rel: str, size: int) -> list:
        """Count ``rel``; the paths dropped to stay under the cap (possibly ``rel`` itself)."""
        self.sizes[rel] = size
        self.used += size
        heapq.heappush(self.heap, _LaterFirst(rel))
        dropped = []
        while self.used > self.limit and self.heap:
            last = heapq.heappop(self.heap).path
            self.used -= self.sizes.pop(last)
            dropped.append(last)
        return dropped


def read_tarball(data: bytes, limits: ArchiveLimits = ArchiveLimits(), repo_name: Optional[str] = None) -> tuple:
    """(files, skipped, commit_sha) from a gzip'd GitHub tarball, each file with its origin; raises ArchiveError."""
    from .origins import attach_origins

    if len(data) > limits.max_archive_bytes:
        raise ArchiveError(f"archive is larger than {limits.max_archive_bytes // (1024 * 1024)} MiB")
    candidates, skipped = {}, []
    paths = []  # every member's path, kept or not: provenance recognises a copied package by its folder
    budget = _TextBudget(limits.max_text_bytes)
    declared = members = 0
    prefix: Optional[str] = None
    commit_sha: Optional[str] = None
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r|gz") as archive:
            for member in archive:
                members += 1
                if members > limits.max_members:
                    raise ArchiveError(f"archive has more than {limits.max_members} entries")
                declared += max(member.size, 0)
                if declared > limits.max_expanded_bytes:
                    raise ArchiveError(f"archive expands beyond {limits.max_expanded_bytes // (1024 * 1024)} MiB")
                if commit_sha is None:
                    commit_sha = (archive.pax_headers or {}).get("comment")
                if member.isdir():
                    continue
                unsafe = _unsafe_reason(member.name)
                if unsafe:
                    skipped.append(SkippedFile(clean_text(member.name.lstrip("/")), unsafe))
                    continue
                if prefix is None:
                    prefix = member.name.split("/")[0]
                rel = _relative_path(member.name, prefix)
                if rel is None:
                    skipped.append(SkippedFile(clean_text(member.name), "outside the archive's top folder"))
                    continue
                paths.append(clean_text(rel))
                if clean_text(rel) != rel:  # tarfile decodes undecodable bytes to lone surrogates
                    if classify_path(clean_text(rel)) is not None:
                        skipped.append(SkippedFile(clean_text(rel), "file name is not valid UTF-8"))
                    continue
                by_path = skipped_for_path(rel)
                kind = classify_path(rel)
                if kind is None and by_path is None:
                    continue
                if by_path:
                    if kind is not None:
                        skipped.append(by_path)
                    continue
                if member.issym():
                    skipped.append(SkippedFile(rel, "symbolic link"))
                    continue
                if member.islnk():
                    skipped.append(SkippedFile(rel, "hard link"))
                    continue
                if not member.isfile():
                    skipped.append(SkippedFile(rel, "not a regular file"))
                    continue
                if rel in candidates:
                    skipped.append(SkippedFile(rel, "duplicate entry in the archive (the first was kept)"))
                    continue
                if member.size > limits.max_file_bytes:
                    skipped.append(SkippedFile(rel, too_large(member.size, limits.max_file_bytes)))
                    continue
                handle = archive.extractfile(member)
                content = handle.read() if handle else b""
                if len(content) != member.size:
                    raise ArchiveError("archive is truncated")
                # Judged now, so binary or minified bytes are dropped as they are read: holding
                # every member until the end let a bomb of NUL-filled files fill 512 MiB of memory.
                assert kind is not None  # a path of no kind was passed over above, or skipped by its path
                kept = admit(rel, kind, content)
                candidates[rel] = kept
                if isinstance(kept, FileEntry):
                    for dropped in budget.add(rel, kept.size):
                        candidates[dropped] = SkippedFile(dropped, REPO_TEXT_LIMIT_REASON)
    except ArchiveError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise ArchiveError(f"archive is truncated or corrupt ({exc.__class__.__name__})") from None
    files, skipped = _keep(list(candidates.items()), skipped, limits.max_files)
    return attach_origins(files, paths, repo_name), skipped, commit_sha


def _keep(candidates: list, skipped: list, max_files: int) -> tuple:
    """Apply the file limit in path order to the judged members, as the local collector does."""
    files: list[FileEntry] = []
    for rel, kept in sorted(candidates, key=lambda item: item[0]):
        if len(files) >= max_files:
            skipped.append(SkippedFile(rel, f"file limit reached ({max_files} files per repository)"))
            continue
        (files if isinstance(kept, FileEntry) else skipped).append(kept)
    return tuple(files), tuple(sorted(skipped, key=lambda s: PurePosixPath(s.path).as_posix()))
