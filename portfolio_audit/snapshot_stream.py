"""A snapshot written as its repositories are collected: the bytes of snapshot.dumps, never the snapshot held whole.

``SnapshotSpool`` is a collector sink (collect/github/release.py): each final repository
is encoded at once into a temporary file and the snapshot keeps its lightened record
(streaming.lightened). ``pieces`` then gives the snapshot's text: the lightened
snapshot's own JSON with every repository's spooled text put back in its place, in
snapshot order. ``dumps`` writes ``"repos"`` at the top level with one space of
indentation, and a repository inside that list two levels deep, which is its own
``dumps`` text with two more spaces after every newline (a newline inside a string is
written ``\\n``, so every newline of the text is the encoder's own).
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict, replace
from typing import Iterator

from . import json_text
from .snapshot import SNAPSHOT_INDENT, RepoSnapshot, Snapshot, dumps
from .streaming import lightened

# The top-level key of an empty repository list as ``dumps`` writes it; keys nested deeper
# are indented further, and quotes inside strings are escaped, so this occurs once.
EMPTY_REPOS = '\n "repos": [],\n'


class SnapshotSpool:
    """The sink that writes each repository's snapshot text to a temporary file and keeps it lightened."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._places: dict[int, tuple] = {}  # index -> (byte offset, bytes) of its UTF-8 text

    def begin(self, collected_at: str, owner: dict, total: int) -> None:
        return None

    def accept(self, index: int, repo: RepoSnapshot) -> RepoSnapshot:
        text = "".join(json_text.pieces(asdict(repo), sort_keys=True, ensure_ascii=False, indent=SNAPSHOT_INDENT))
        data = text.replace("\n", "\n  ").encode("utf-8")
        self._file.seek(0, 2)
        self._places[index] = (self._file.tell(), len(data))
        self._file.write(data)
        return lightened(repo)

    def has_room(self) -> bool:
        return True

    def wait_for_room(self, seconds: float) -> None:
        return None

    def pieces(self, snapshot: Snapshot) -> Iterator[str]:
        """The text ``dumps`` gives for the whole snapshot whose repositories were spooled (``snapshot`` lightened)."""
        frame = dumps(replace(snapshot, repos=()))
        if not snapshot.repos:
            yield frame
            return
        head, found, tail = frame.partition(EMPTY_REPOS)
        if not found or sorted(self._places) != list(range(len(snapshot.repos))):
            raise ValueError("the spooled repositories are not this snapshot's")
        yield head + '\n "repos": [\n  '
        for index in range(len(snapshot.repos)):
            if index:
                yield ",\n  "
            offset, size = self._places[index]
            self._file.seek(offset)
            # One repository at a time: its text is bounded by the collector's caps (16 MiB of files).
            yield self._file.read(size).decode("utf-8")
        yield "\n ],\n" + tail

    def close(self) -> None:
        self._file.close()
