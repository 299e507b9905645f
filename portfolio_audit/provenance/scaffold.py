"""Files a project generator wrote (rails new, create-react-app, Vite, ng new, Django startapp...), left as generated.

The signatures in scaffold_signatures.json were derived from the generators' real
output (tools/build_scaffold_signatures.py says how): per generator file, the hashes
of its normalised lines, with the generator, its version and the file's path. A
file is compared only with signatures made for a file of the same name (the
generator's name for it, extension family aside), and the content decides:

- SCAFFOLD_SHARE: at least this fraction of the file's informative text (lines with
  four letters or more, by characters) is the generator's, and
- OWN_TEXT_LIMIT: the rest, the person's own text, weighs less than this many
  characters (a changed title and a setting, not a sentence of their own), and
- SCAFFOLD_COVERAGE: at least this fraction of the generator file's lines are
  present, so a three-line file sharing its imports with a generator's is not it.

Measured with ``python tools/measure_scaffold_threshold.py OUTPUT_ROOTS`` on the
generator outputs the signatures were built from, each version left out of the
index in turn (a version the index does not have): of 241 unedited files whose
nearest other version holds at least 80% of their lines, 203 (84%) are still found;
of 328 files with the person's own text added (one paragraph and a section in a
README, one small commented function in code: 112 to 310 characters), none is
called scaffold. At 120 characters 8% of those edits would be. Against the shipped
index, where the generator's exact version is present, an unedited file is 100%
the generator's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Optional

from .fingerprint import Comparison, HashedLines, compare, informative_lines

SCAFFOLD_SHARE = 0.8
OWN_TEXT_LIMIT = 100
SCAFFOLD_COVERAGE = 0.4
SIGNATURES_FILE = Path(__file__).resolve().parent / "scaffold_signatures.json"
# Names whose candidates are kept per index, so that a tree of unique names cannot grow memory without bound.
MAX_KEYS_KEPT = 50_000

# File extensions a generator's file keeps its identity across (App.js, App.jsx, App.tsx).
_EXTENSION_FAMILY = {
    "js": "js", "jsx": "js", "mjs": "js", "cjs": "js", "ts": "js", "tsx": "js", "mts": "js", "cts": "js",
    "md": "md", "markdown": "md", "rdoc": "md", "txt": "md", "rst": "md",
}


def signature_key(path: str) -> str:
    """The name a file is looked up by: its lower-case base name with the extension's family."""
    name = PurePosixPath(path).name.lower()
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        return "readme.md" if name == "readme" else name
    return f"{stem}.{_EXTENSION_FAMILY.get(suffix, suffix)}"


@dataclass(frozen=True)
class Signature:
    """One generator file's fingerprint: where it came from and its line hashes."""

    generator: str
    version: str
    file: str  # path in the generator's output, "<name>" standing for the project name
    key: str  # signature_key of the file; may contain "*" where the project name was
    plain: frozenset
    masked: frozenset

    @property
    def label(self) -> str:
        return f"{self.generator} {self.version}: {self.file}"


@dataclass(frozen=True)
class ScaffoldMatch:
    """The signature a file is nearest to, and how near."""

    signature: Signature
    comparison: Comparison

    @property
    def is_scaffold(self) -> bool:
        comparison = self.comparison
        return (comparison.share >= SCAFFOLD_SHARE and comparison.other_weight < OWN_TEXT_LIMIT
                and comparison.coverage >= SCAFFOLD_COVERAGE)


class SignatureIndex:
    """Signatures by lookup key; keys with a "*" (a name the generator derived) are matched as patterns."""

    def __init__(self, signatures: list):
        self.exact: dict = {}
        self.patterns: list = []
        for signature in signatures:
            if "*" in signature.key:
                self.patterns.append(signature)
            else:
                self.exact.setdefault(signature.key, []).append(signature)
        self.count = len(signatures)
        self._by_key: dict = {}  # candidates of a key already looked up: many files share a name

    def candidates(self, path: str) -> list:
        key = signature_key(path)
        found = self._by_key.get(key)
        if found is None:
            found = list(self.exact.get(key, ()))
            found += [s for s in self.patterns if fnmatchcase(key, s.key)]
            if len(self._by_key) < MAX_KEYS_KEPT:
                self._by_key[key] = found
        return list(found)

    def nearest(self, path: str, text: str) -> Optional[ScaffoldMatch]:
        """The best-matching signature for the file at ``path``, or None when no generator writes such a file."""
        candidates = self.candidates(path)
        if not candidates:
            return None
        lines = informative_lines(text)
        if not lines:
            return None
        best = None
        hashed = HashedLines(lines)  # hashed once for all the candidates
        for signature in candidates:
            comparison = compare(hashed, signature.plain, signature.masked)
            match = ScaffoldMatch(signature, comparison)
            rank = (match.is_scaffold, comparison.share, comparison.coverage)
            if best is None or rank > best[0]:
                best = (rank, match)
        assert best is not None  # there was a candidate
        return best[1]


def _hashes(values: list) -> frozenset:
    return frozenset(int(value, 16) for value in values)


def load_signatures(path: Path = SIGNATURES_FILE) -> SignatureIndex:
    """Read a signatures file written by tools/build_scaffold_signatures.py."""
    data = json.loads(path.read_text(encoding="utf-8"))
    signatures = []
    for record in data["signatures"]:
        for version in record["versions"]:
            signatures.append(Signature(
                generator=record["generator"],
                version=version,
                file=record["file"],
                key=record["key"],
                plain=_hashes(record["plain"]),
                masked=_hashes(record["masked"]),
            ))
    return SignatureIndex(signatures)


@lru_cache(maxsize=1)
def default_index() -> SignatureIndex:
    """The signatures shipped with the package, read once per process."""
    return load_signatures()
