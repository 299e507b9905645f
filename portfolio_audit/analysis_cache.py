"""The on-disk cache of source analyses: one pack of SourceAnalysis results per repository, reused while nothing changed.

Analysing source files is most of what evaluation costs, and ``analyze_source`` is a
pure function of (path, text, language) and of the analyser's own code. So a pack is
addressed by a digest of exactly those inputs for every source file of a repository,
plus the cache format, the analyser's source code and the Python version (whose ``re``
engine does the lexing). Any change to any of them addresses another pack, so a changed
file re-analyses its whole repository (typically tens of milliseconds); that keeps the
rule simple. Each analysis inside a pack also carries its own (path, language, text
digest) and is only ever used for exactly that file.

A pack is JSON (never pickle: a cache folder must not be able to run code), compressed
with zlib, behind a header line carrying the format and a SHA-256 of the compressed
body. It is written atomically (temporary file + ``os.replace``), so concurrent runs and
forked worker processes can share the folder; a damaged, truncated or foreign pack is a
miss, and a folder that cannot be written only costs speed.

Old packs do not pile up: packs unused for ``MAX_UNUSED_DAYS`` are deleted, and past
``MAX_TOTAL_BYTES`` the least recently used go first. Pruning runs when a cache is
opened, once per command.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import json
import sys
import zlib
from pathlib import Path
from typing import Any, Callable, Optional

from .analysis.source import analyze
from .analysis.source.analyze import Comment, SourceAnalysis
from .analysis.source.definitions import Definition
from .cache_files import default_cache_dir, mark_used, prune as prune_folder, replace_file

# Bump when the layout of a pack changes; older packs then become misses and age out.
CACHE_FORMAT = "1"
SUBFOLDER = "analysis"
PACK_SUFFIX = ".pack"
# Written by document_cache.py and verdict_cache.py; named here so pruning sees them without importing those.
DOCUMENT_PACK_SUFFIX = ".dpack"
VERDICT_PACK_SUFFIX = ".vpack"
MAGIC = b"portfolio-audit-analysis"
# The module whose results are cached; its package imports are followed from here.
ANALYSER_MODULE = analyze
PACKAGE = "portfolio_audit"
# A pack unused this long belongs to code or files that are gone (a weekly Action run
# touches its packs every week, so a month keeps them with room to spare).
MAX_UNUSED_DAYS = 30
# Beyond this the least recently used packs are deleted: over ten times the 41 MB a
# 1,000-repository audit keeps (docs/performance.md), so even audits that large keep theirs.
MAX_TOTAL_BYTES = 512 * 1024 * 1024
# Packs are written on cold runs, where every second counts too: on the 100-repository
# benchmark level 1 compresses 3× faster than the default 6 for 18% more bytes (3.6 vs 3.0 MB).
ZLIB_LEVEL = 1

# JSON keeps these exactly; anything else (a set, an enum, a str subclass) is not cached.
_SCALARS = (str, int, float, bool, type(None))
# SourceAnalysis fields that hold tuples of these dataclasses rather than of scalars.
_NESTED = {"comments": Comment, "definitions": Definition}


def _field_names(cls) -> list:
    return [f.name for f in dataclasses.fields(cls)]


def _shape(field: dataclasses.Field) -> str:
    """How a SourceAnalysis field is stored: a tuple of dataclasses, a tuple, a dict or a scalar."""
    if field.name in _NESTED:
        return "nested"
    # Annotations are strings under `from __future__ import annotations`, classes without it.
    for kind in (tuple, dict):
        if field.type in (kind, kind.__name__):
            return kind.__name__
    return "scalar"


@functools.lru_cache(maxsize=None)
def _layout() -> tuple:
    """(field name, shape, nested dataclass or None) for every SourceAnalysis field, in order."""
    return tuple((f.name, _shape(f), _NESTED.get(f.name)) for f in dataclasses.fields(SourceAnalysis))


def pack_schema() -> dict:
    """The field layout packs are written in; a pack with another layout is a miss, not a misread."""
    schema = {"SourceAnalysis": [[name, shape] for name, shape, _ in _layout()]}
    for name, cls in sorted(_NESTED.items()):
        schema[name] = _field_names(cls)
    return schema


def default_directory() -> Path:
    """``analysis/`` inside the default cache folder, beside the GitHub HTTP cache's entries."""
    return default_cache_dir() / SUBFOLDER


def directory_for(cache_dir: Optional[str]) -> Path:
    """Where packs live for ``--cache-dir`` (None: the default folder)."""
    return Path(cache_dir).expanduser() / SUBFOLDER if cache_dir else default_directory()


# --- the analyser's identity ---------------------------------------------------------------

def _module_file(name: str) -> Optional[Path]:
    """The .py file of module ``name``; None when it is not a module or has no source on disk."""
    module = sys.modules.get(name)
    if module is None:
        import importlib.util

        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            return None
        origin = spec.origin if spec else None
    else:
        origin = getattr(module, "__file__", None)
    return Path(origin) if origin and origin.endswith(".py") else None


def _package_imports(name: str, path: Path, source: bytes) -> set:
    """Modules of this package that ``source`` (module ``name``) imports, absolutely or relatively."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = name.split(".") if is_package else name.split(".")[:-1]
                base = ".".join(parts[: len(parts) - (node.level - 1)])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if module.split(".")[0] != PACKAGE:
                continue
            found.add(module)
            # `from . import x` may name a submodule rather than an attribute.
            found.update(f"{module}.{alias.name}" for alias in node.names
                         if _module_file(f"{module}.{alias.name}") is not None)
    return found


def analyser_digest() -> Optional[str]:
    """SHA-256 over the source of the analyser module and of every package module it imports, transitively.

    Any edit to the code that decides an analysis (or a move to another Python, whose
    ``re`` does the lexing) makes every pack a miss. None when the source is not on disk
    (a frozen build): then nothing can vouch for a pack, and the cache stays off.
    The files are read when a cache is opened, not when the analyser was imported: an
    edit in between (a developer saving classify.py during a run) would file that run's
    analyses under the new code's digest. Installed copies do not change under a run.
    """
    return modules_digest((ANALYSER_MODULE.__name__,))


# In the cache folder: package sources' digest -> modules_digest, so a warm run need not parse
# every module again to find what imports what (0.3 s for the document analysers).
CODE_DIGESTS_FILE = "code-digests.json"
MAX_CODE_DIGESTS = 16


def modules_digest(roots, cache: Optional["AnalysisCache"] = None) -> Optional[str]:
    """SHA-256 over the Python version and the source of modules ``roots`` and every package module they import.

    None when a root's source cannot be read (see ``analyser_digest``). With ``cache``,
    an earlier answer kept in its folder is reused when every .py file of the package is
    byte for byte what it was: the import walk reads nothing else, so it would find the
    same modules and the same digest. A missing or damaged memo only means walking again.
    """
    key = _package_sources_key(roots) if cache is not None else None
    memo = _read_code_digests(cache.directory) if key is not None and cache is not None else {}
    if key is not None and isinstance(memo.get(key), str):
        return memo[key]
    found = _walked_digest(roots)
    if key is not None and cache is not None and found is not None:
        kept = {k: v for k, v in memo.items() if isinstance(v, str) and k != key}
        kept = dict(list(kept.items())[-(MAX_CODE_DIGESTS - 1):])
        kept[key] = found
        cache.keep_file(CODE_DIGESTS_FILE, json.dumps(kept).encode("ascii"))
    return found


def code_digest(roots, data_files=(), libraries=(), cache: Optional["AnalysisCache"] = None) -> Optional[str]:
    """SHA-256 over ``modules_digest(roots)``, the bytes of ``data_files`` and the installed versions of ``libraries``.

    What decides a cached result besides its input: the code, the data it reads and the
    libraries it calls. None when the code or a data file cannot be read.
    """
    from importlib import metadata

    code = modules_digest(roots, cache)
    if code is None:
        return None
    digest = hashlib.sha256(f"{code}\n".encode())
    for name in libraries:
        try:
            digest.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} absent\n".encode())
    for path in data_files:
        try:
            data = Path(path).read_bytes()
        except OSError:
            return None
        digest.update(f"{Path(path).name} {len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def _package_sources_key(roots) -> Optional[str]:
    """SHA-256 over the Python version, ``roots`` and every .py file of the package (path, size, bytes); None if unreadable."""
    package = sys.modules.get(PACKAGE)
    folder = Path(package.__file__).parent if package is not None and package.__file__ else None
    if folder is None:
        return None
    digest = hashlib.sha256(f"{sys.implementation.name} {sys.version_info[0]}.{sys.version_info[1]}\n"
                            f"{sorted(roots)}\n".encode())
    try:
        for path in sorted(folder.rglob("*.py")):
            data = path.read_bytes()
            digest.update(f"{path.relative_to(folder).as_posix()} {len(data)}\n".encode())
            digest.update(data)
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


def _read_code_digests(memo_dir: Path) -> dict:
    try:
        found = json.loads((memo_dir / CODE_DIGESTS_FILE).read_bytes()[:1_000_000])
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _walked_digest(roots) -> Optional[str]:
    digest = hashlib.sha256(f"{sys.implementation.name} {sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    pending, seen = list(roots), set()
    sources = {}
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        path = _module_file(name)
        if path is None:
            if name in roots:
                return None
            continue  # an imported attribute, not a module
        try:
            source = path.read_bytes()
        except OSError:
            return None
        sources[name] = source
        pending.extend(_package_imports(name, path, source))
    for name in sorted(sources):
        digest.update(f"{name} {len(sources[name])}\n".encode())
        digest.update(sources[name])
    return digest.hexdigest()


# --- encoding --------------------------------------------------------------------------------

def text_digest(text: str) -> str:
    """SHA-256 of a file's text; surrogatepass because text decoded from a snapshot may hold lone surrogates."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _scalars(values) -> bool:
    return all(type(value) in _SCALARS for value in values)


def encode_analysis(analysis) -> Optional[list]:
    """A SourceAnalysis as a JSON-ready list in field order, or None if some value would not come back identical."""
    if type(analysis) is not SourceAnalysis:
        return None
    row: list[Any] = []
    for name, shape, cls in _layout():
        value = getattr(analysis, name)
        if shape == "nested":
            if type(value) is not tuple or any(type(item) is not cls for item in value):
                return None
            names = _field_names(cls)
            items = [[getattr(item, field) for field in names] for item in value]
            if not all(_scalars(item) for item in items):
                return None
            row.append(items)
        elif shape == "tuple":
            if type(value) is not tuple or not _scalars(value):
                return None
            row.append(list(value))
        elif shape == "dict":
            # JSON turns every key into a string, so only string keys survive the trip as they were.
            if type(value) is not dict or not all(type(key) is str for key in value) or not _scalars(value.values()):
                return None
            row.append(value)
        else:
            if type(value) not in _SCALARS:
                return None
            row.append(value)
    return row


def decode_analysis(row: list):
    """The SourceAnalysis that ``encode_analysis`` turned into ``row``, with the same types (tuples, not lists)."""
    values = []
    for (name, shape, cls), value in zip(_layout(), row, strict=True):
        if shape == "nested":
            value = tuple(cls(*item) for item in value)
        elif shape == "tuple":
            value = tuple(value)
        elif shape == "dict" and type(value) is not dict:
            raise ValueError(f"{name}: not an object")
        values.append(value)
    return SourceAnalysis(*values)


# --- pack files ----------------------------------------------------------------------------------

# What a pack holds, in its header after MAGIC: source packs say nothing, the others their kind.
SOURCE_PACK_KIND = ""


def pack_header(kind: str, version: str, body: bytes) -> bytes:
    """A pack's first line: MAGIC, what it holds, its format and a SHA-256 of the compressed body after it."""
    named = f" {kind}" if kind else ""
    return MAGIC + f"{named} {version} {hashlib.sha256(body).hexdigest()}".encode("ascii")


def read_pack(path: Path, kind: str, version: str, decoded: Callable[[dict], dict]) -> dict:
    """``decoded(payload)`` of the pack at ``path``; empty on any kind of miss.

    A miss is a file that cannot be read, a header of another kind or format, a body whose
    checksum fails or that is not compressed JSON, and a payload ``decoded`` refuses (raises).
    A hit marks the pack used, for pruning.
    """
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    try:
        header, _, body = raw.partition(b"\n")
        if header != pack_header(kind, version, body):
            raise ValueError("not a pack of this kind and format, or damaged")
        found = decoded(json.loads(zlib.decompress(body)))
    except Exception:  # noqa: BLE001 - whatever is wrong with a pack (damage, another version), it is a miss
        return {}
    mark_used(path)
    return found


def write_pack(cache: "AnalysisCache", path: Path, kind: str, version: str, payload: dict) -> bool:
    """Write ``payload`` as a pack at ``path``, atomically; False (and no exception) when the disk refuses.

    The first failure clears ``cache.writable``, so a read-only folder costs one attempt.
    """
    if not cache.writable:
        return False
    # ensure_ascii (the default) escapes lone surrogates, which UTF-8 could not encode.
    body = zlib.compress(json.dumps(payload, separators=(",", ":")).encode("ascii"), ZLIB_LEVEL)
    try:
        replace_file(path, pack_header(kind, version, body) + b"\n" + body)
    except OSError:
        cache.writable = False
        return False
    return True


# --- the folder --------------------------------------------------------------------------------

class AnalysisCache:
    """A folder of analysis packs, shared by threads, forked workers and runs.

    Raises OSError from the constructor when the folder cannot be created; after
    that nothing it does raises: a failed read is a miss, a failed write is skipped.
    """

    def __init__(self, directory: Path, prune: bool = True):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.analyser = analyser_digest()
        self.schema = pack_schema()
        self.writable = True  # cleared by the first failed write, so a read-only folder costs one attempt
        self._companions: dict = {}  # companion(): document and verdict packs beside these
        if prune:
            self.prune()

    @property
    def enabled(self) -> bool:
        """False when the analyser's source could not be read: no pack can then be vouched for."""
        return self.analyser is not None

    def pack_key(self, file_keys) -> str:
        """The address of the pack for these (path, language, text digest) triples, in any order."""
        material = [CACHE_FORMAT, self.analyser, self.schema, sorted(file_keys, key=lambda k: (k[0], k[1] or "", k[2]))]
        return hashlib.sha256(json.dumps(material, separators=(",", ":")).encode("ascii")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}{PACK_SUFFIX}"

    def load(self, key: str) -> dict:
        """{(path, language, text digest): SourceAnalysis} from the pack ``key``; empty on any kind of miss."""
        return read_pack(self._path(key), SOURCE_PACK_KIND, CACHE_FORMAT, lambda payload: self._decoded(payload, key))

    def _decoded(self, payload: dict, key: str) -> dict:
        if payload["key"] != key or payload["analyser"] != self.analyser or payload["schema"] != self.schema:
            raise ValueError("a pack for other inputs")
        analyses = {}
        for path, language, digest, row in payload["files"]:
            analyses[(path, language, digest)] = decode_analysis(row)
        return analyses

    def store(self, key: str, analyses: dict) -> bool:
        """Write the pack ``key``; False (and no exception) when an analysis cannot be kept exactly or the disk refuses."""
        if not self.writable or not self.enabled:
            return False
        files = []
        for (path, language, digest), analysis in sorted(analyses.items(), key=lambda item: item[0][0]):
            row = encode_analysis(analysis)
            if row is None:
                return False  # a pack missing a file would only be a partial hit; not worth its bytes
            files.append([path, language, digest, row])
        payload = {"format": CACHE_FORMAT, "key": key, "analyser": self.analyser, "schema": self.schema, "files": files}
        return write_pack(self, self._path(key), SOURCE_PACK_KIND, CACHE_FORMAT, payload)

    def companion(self, kind: Callable[["AnalysisCache"], Any]) -> Any:
        """``kind(self)``, made once per cache object (so per command): packs of another kind in this folder."""
        made = self._companions.get(kind)
        if made is None:
            made = self._companions[kind] = kind(self)
        return made

    def keep_file(self, name: str, data: bytes) -> None:
        """Write ``data`` as ``name`` in the folder, atomically; the first failure stops every later write."""
        if not self.writable:
            return
        try:
            replace_file(self.directory / name, data)
        except OSError:
            self.writable = False

    def prune(self, now: Optional[float] = None) -> int:
        """Delete packs unused for MAX_UNUSED_DAYS, then the least recently used beyond MAX_TOTAL_BYTES; how many went."""
        # Document and verdict packs (document_cache.py, verdict_cache.py) share the folder and its limits.
        return prune_folder(self.directory, (PACK_SUFFIX, DOCUMENT_PACK_SUFFIX, VERDICT_PACK_SUFFIX), MAX_UNUSED_DAYS,
                            MAX_TOTAL_BYTES, now)


def open_cache(cache_dir: Optional[str], use_cache: bool = True,
               notice: Optional[Callable[[str], None]] = None) -> Optional[AnalysisCache]:
    """The analysis cache for ``--cache-dir``/``--no-cache``, or None (no caching) when off or unusable."""
    if not use_cache:
        return None
    directory = directory_for(cache_dir)
    try:
        cache = AnalysisCache(directory)
    except OSError as exc:
        if notice:
            notice(f"portfolio-audit: analysis cache folder {directory} is not usable ({exc.strerror or exc});"
                   " running without it")
        return None
    return cache if cache.enabled else None


class RepoAnalyses:
    """One repository's view of the cache: the pack for its source files, read on first use, written once at the end."""

    def __init__(self, cache: AnalysisCache, source_files: list):
        self.cache = cache
        self.source_files = source_files
        self._keys: Optional[dict] = None  # id(entry) -> (path, language, text digest)
        self._pack_key: Optional[str] = None
        self._loaded: dict = {}
        self._made: dict = {}

    def _file_key(self, entry) -> tuple:
        if self._keys is None:
            self._keys = {id(e): (e.path, e.language, text_digest(e.text)) for e in self.source_files}
            self._pack_key = self.cache.pack_key(self._keys.values())
            self._loaded = self.cache.load(self._pack_key)
        key = self._keys.get(id(entry))
        # An entry other than the source files (or an equal copy of one) is keyed by its own text.
        return key if key is not None else (entry.path, entry.language, text_digest(entry.text))

    def get(self, entry):
        """The cached analysis of exactly this entry's path, language and text, or None."""
        key = self._file_key(entry)
        made = self._made.get(key)
        return made if made is not None else self._loaded.get(key)

    def put(self, entry, analysis) -> None:
        """Remember an analysis made in this run, to be written by ``save``."""
        self._made[self._file_key(entry)] = analysis

    def save(self) -> None:
        """Write the pack if this run analysed anything it did not hold (the union, so nothing read is lost)."""
        if self._made and self._pack_key is not None:
            self.cache.store(self._pack_key, {**self._loaded, **self._made})
