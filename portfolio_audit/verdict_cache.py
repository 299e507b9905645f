"""Provenance verdicts (whose work each file is), kept between runs: one pack per repository in the analysis cache's folder.

A file's verdict (provenance_of) is a pure function of its path, its text, the
repository's facts (every path, which decides the copied packages' folders, and the
project's own names) and the provenance code with its data: the scaffold signatures and
go-enry's Linguist rules. So a pack is addressed by a SHA-256 of the format, a digest
of that code, data and library version, and the facts; inside it every verdict carries
its file's (path, text digest) and is used only for exactly that file. An edited file is
judged again alone; a file added, removed or renamed changes the facts and so the pack.

Like the other packs (analysis_cache.py, document_cache.py): JSON under zlib behind a
header with the format and a SHA-256 of the body, written atomically, pruned with them;
a damaged or foreign pack is a miss, a value of the wrong type makes the pack a miss, and
an unwritable folder only costs speed. Without a cache nothing is kept.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable, Optional

from . import analysis_cache
from .analysis_cache import code_digest, read_pack, text_digest, write_pack
from .provenance.origins import ORIGINS
from .provenance.scaffold import SIGNATURES_FILE

# Bump when the pack layout changes; older packs become misses and age out.
VERDICT_FORMAT = "1"
VERDICT_PACK_SUFFIX = analysis_cache.VERDICT_PACK_SUFFIX
VERDICT_PACK_KIND = "verdicts"  # in the header (analysis_cache.pack_header)
# The code that decides a verdict, followed through its package imports.
VERDICT_CODE = ("portfolio_audit.provenance", "portfolio_audit.collect.origins")
VERDICT_DATA_FILES = (SIGNATURES_FILE,)
# go-enry carries Linguist's vendored and generated rules; another version may judge otherwise.
VERDICT_LIBRARIES = ("enry-python",)


def facts_key(paths, names) -> str:
    """SHA-256 of what a verdict reads of the whole repository: its paths, in order, and its own names."""
    material = json.dumps([list(paths), list(names)], separators=(",", ":"))  # ASCII: lone surrogates escaped
    return hashlib.sha256(material.encode("ascii")).hexdigest()


class VerdictPacks:
    """Verdict packs beside the analysis packs; nothing it does raises (a failed read is a miss)."""

    def __init__(self, cache):
        self.cache = cache  # analysis_cache.AnalysisCache: its folder, writability and pruning
        self.code = code_digest(VERDICT_CODE, VERDICT_DATA_FILES, VERDICT_LIBRARIES, cache)

    @property
    def enabled(self) -> bool:
        return self.code is not None and self.cache.enabled

    def pack_key(self, repo_facts_key: str) -> str:
        material = [VERDICT_FORMAT, self.code, repo_facts_key]
        return hashlib.sha256(json.dumps(material, separators=(",", ":")).encode("ascii")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.cache.directory / f"{key}{VERDICT_PACK_SUFFIX}"

    def load(self, key: str) -> dict:
        """{path: (text digest, origin, reason, generator lines)} from pack ``key``; empty on any kind of miss."""
        if not self.enabled:
            return {}
        return read_pack(self._path(key), VERDICT_PACK_KIND, VERDICT_FORMAT, lambda payload: self._decoded(payload, key))

    def _decoded(self, payload: dict, key: str) -> dict:
        if payload["key"] != key or payload["code"] != self.code:
            raise ValueError("a pack for other inputs")
        return dict(_verdict_row(row) for row in payload["verdicts"])

    def store(self, key: str, verdicts: dict) -> bool:
        """Write pack ``key``; False (and no exception) when the disk refuses."""
        if not self.enabled:
            return False
        rows = [[path, digest, origin, reason, list(lines)]
                for path, (digest, origin, reason, lines) in sorted(verdicts.items())]
        payload = {"format": VERDICT_FORMAT, "key": key, "code": self.code, "verdicts": rows}
        return write_pack(self.cache, self._path(key), VERDICT_PACK_KIND, VERDICT_FORMAT, payload)

    def for_repo(self, paths, names) -> "RepoVerdicts":
        return RepoVerdicts(self, self.pack_key(facts_key(paths, names)))


def _verdict_row(row) -> tuple:
    """(path, (digest, origin, reason, lines)) from a stored row; ValueError for anything verdicts never hold."""
    path, digest, origin, reason, lines = row
    if not (type(path) is str and type(digest) is str and origin in ORIGINS and type(reason) is str
            and type(lines) is list and all(type(line) is int for line in lines)):
        raise ValueError("not a verdict")
    return path, (digest, origin, reason, tuple(lines))


def verdicts_for(cache) -> Optional[VerdictPacks]:
    """The verdict packs beside ``cache`` (one code digest per cache object, so per command), or None without a cache."""
    packs = cache.companion(VerdictPacks) if cache is not None else None
    return packs if packs is not None and packs.enabled else None


class RepoVerdicts:
    """One repository's verdicts: read from its pack on first use, written once when a file had to be judged."""

    def __init__(self, packs: VerdictPacks, key: str):
        self.packs = packs
        self.key = key
        self._stored: Optional[dict] = None
        self._now: dict = {}  # path -> verdict row, for every file judged in this run
        self._judged_again = False

    def verdict(self, path: str, text: Optional[str], judge: Callable[[], tuple]) -> tuple:
        """(origin, reason, generator lines) of exactly this path and text: kept, or ``judge()`` now and kept."""
        if self._stored is None:
            self._stored = self.packs.load(self.key)
        digest = text_digest(text or "")
        kept = self._stored.get(path)
        if kept is None or kept[0] != digest:
            self._judged_again = True
            kept = (digest, *judge())
        self._now[path] = kept
        return kept[1:]

    def save(self) -> None:
        """Write the pack when a file was judged in this run: exactly this run's files, so a pack never grows."""
        if self._judged_again:
            self.packs.store(self.key, self._now)
