"""Which files of a repository say something about its author, and what kind they are.

Shared by every collector so that a local checkout and a GitHub tarball of the
same commit yield the same snapshot. The skip rules follow the spirit of GitHub
Linguist's vendor.yml / generated.rb: third-party, generated and minified files
say nothing about the person and would drown their own writing.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePosixPath
from typing import Optional

from ..analysis.source.languages import SOURCE_SUFFIXES
from ..annotations import is_annotation_path
from ..provenance import GENERATED_MARKERS, generated_marker, path_provenance  # noqa: F401 (re-exported)
from ..provenance.path_rules import GENERATED_NAMES, PRUNED_FOLDERS
from ..provenance.path_rules import LOCK_FILES as PATH_LOCK_FILES

# A file above this size is almost never hand-written prose or code worth reading.
MAX_FILE_BYTES = 512 * 1024
# Text kept per repository: 4,000 files of just under MAX_FILE_BYTES would be 2 GB. Past this
# the rest are listed as skipped (in path order, as the file limit is), so memory and time are
# bounded by the caps, not by what a repository holds. 16 MiB is about 400,000 lines of code or
# 3 million words of prose; analysed, it peaks near 130 MiB (48 MiB peaked at 286 MiB and took
# 6 minutes on the hostile benchmark's 150 MB of documents).
MAX_REPO_TEXT_BYTES = 16 * 1024 * 1024
REPO_TEXT_LIMIT_REASON = f"repository size limit reached ({MAX_REPO_TEXT_BYTES // (1024 * 1024)} MiB of text per repository)"
# How many bytes to sniff for NUL when deciding that a file is binary (git uses 8000 too).
BINARY_SNIFF_BYTES = 8000

DOC_EXTENSIONS = {
    ".md": "markdown", ".markdown": "markdown", ".mdx": "markdown", ".rst": "rst", ".txt": "text",
    ".adoc": "asciidoc", ".asciidoc": "asciidoc", ".org": "org",
}
# Markup whose files are prose wherever they sit (a package's notes, a post, a design doc).
PROSE_MARKUP = {".md", ".markdown", ".mdx", ".rst", ".adoc", ".asciidoc", ".org"}

# Root-level documents that describe a project or how to work on it.
DOC_NAMES = re.compile(
    r"^(contributing|changelog|changes|history|news|code_of_conduct|security|support|authors|"
    r"design|architecture|postmortem|retrospective|model_card|modelcard|datasheet|notes|roadmap|faq)"
    r"(\.[a-z]+)?$",
    re.IGNORECASE,
)
DOC_DIRS = {"docs", "doc", "documentation", "adr", "adrs", "decisions", "rfcs", "design", ".github", "wiki"}

MANIFEST_NAMES = {
    "pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "environment.yml", "pipfile",
    "package.json", "go.mod", "cargo.toml", "pom.xml", "build.gradle", "build.gradle.kts",
    "gemfile", "composer.json", "cmakelists.txt", "makefile", "dockerfile",
}

# Folders the collectors prune while walking a checkout, and the skip decisions below,
# come from provenance's one path table (GitHub Linguist's rules plus what it lacks).
VENDOR_DIRS = set(PRUNED_FOLDERS) | {name for name in ("Pods", "Carthage", "DerivedData")}

# Folders of sample projects and test data (GitHub Linguist counts examples/ as
# documentation): their code illustrates or exercises the project rather than
# being it, and a deliberately bad fixture must not count against the author.
EXAMPLE_DIRS = {
    "examples", "example", "samples", "sample", "fixtures", "__fixtures__", "testdata", "test-data",
    "test_data", "__snapshots__", "golden", "goldens",
}
# Below a JVM source root a folder is a package: com/example/ is the default package name of
# Android Studio and Spring Initializr projects, the person's own code, not example data.
JVM_SOURCE_ROOTS = frozenset({"java", "kotlin", "scala", "groovy"})

LOCK_FILES = set(PATH_LOCK_FILES)
GENERATED_PATTERNS = GENERATED_NAMES


def classify_path(path: str) -> Optional[tuple]:
    """Return (kind, language) for a path worth keeping, or None.

    ``kind`` is readme, doc, source, manifest or annotation. Paths are POSIX and relative.
    """
    pure = PurePosixPath(path)
    name = pure.name
    lower = name.lower()
    suffix = pure.suffix.lower()
    parents = [p.lower() for p in pure.parts[:-1]]
    if is_annotation_path(path):
        # The person's own note on the repository (coursework, team role...): kept so the
        # snapshot shows exactly what they wrote, and read by no rule.
        return ("annotation", "yaml")
    if lower.startswith("readme"):
        return ("readme", DOC_EXTENSIONS.get(suffix, "markdown" if not suffix else None))
    if lower in MANIFEST_NAMES or lower.startswith("requirements") and suffix == ".txt":
        return ("manifest", None)
    if suffix in DOC_EXTENSIONS:
        if suffix == ".txt" and not parents and not DOC_NAMES.match(lower):
            return None  # a stray .txt at the root is usually data, not a document
        if not parents or DOC_NAMES.match(lower) or any(p in DOC_DIRS for p in parents):
            return ("doc", DOC_EXTENSIONS[suffix])
        # Markdown elsewhere (a package's notes, a post) is still prose by the author.
        if suffix in PROSE_MARKUP:
            return ("doc", DOC_EXTENSIONS[suffix])
        return None
    if DOC_NAMES.match(lower) and not suffix:
        return ("doc", "text")
    language = SOURCE_SUFFIXES.get(suffix)  # the one language table (analysis/source/languages.py)
    if language:
        return ("source", language)
    return None


def skip_reason_for_path(path: str) -> Optional[str]:
    """Why a path is skipped before its content is read, or None to read it (see ``skipped_for_path``)."""
    skipped = skipped_for_path(path)
    return skipped.reason if skipped else None


def skipped_for_path(path: str) -> Optional["SkippedFile"]:  # noqa: F821 - imported late (snapshot imports us)
    """The SkippedFile of a path left out before its content is read, or None to read it.

    Example and fixture folders come first (they are the person's, but not their
    product); then provenance's path table: vendored, build output, lock files,
    licence texts and GitHub Linguist's vendored/generated rules, whose origin the
    entry carries.
    """
    from ..snapshot import SkippedFile

    in_package = False
    for part in path.split("/")[:-1]:
        lower = part.lower()
        if lower in EXAMPLE_DIRS and not in_package:
            return SkippedFile(path, "example or test-fixture data")
        in_package = in_package or lower in JVM_SOURCE_ROOTS
    found = path_provenance(path)
    if found is not None:
        return SkippedFile(path, f"{found.origin}: {found.reason}", found.origin)
    return None


def too_large(size: int, limit: int = MAX_FILE_BYTES) -> str:
    """The skip reason of a file of ``size`` bytes, said before or after reading it."""
    return f"too large ({size // 1024} KiB > {limit // 1024} KiB)"


def skip_reason_for_content(path: str, data: bytes) -> Optional[str]:
    """Why a file is skipped after looking at its bytes, or None to keep it."""
    if len(data) > MAX_FILE_BYTES:
        return too_large(len(data))
    if looks_binary(data):
        return "binary"
    kind = classify_path(path)
    if kind and kind[0] == "source":
        marker = generated_marker(path, _head_text(data))
        if marker and not _generator_file(path, data):
            return marker
    return None


def _generator_file(path: str, data: bytes) -> bool:
    """Whether a file whose header says a tool wrote it is a project generator's (Django's settings.py
    says "Generated by 'django-admin startproject'"): kept, so provenance can tell scaffold from edited."""
    from ..provenance import SCAFFOLD, provenance_of

    verdict = provenance_of(path, decode_text(data))
    return verdict.origin == SCAFFOLD or bool(verdict.generator_lines)


def admit(path: str, kind: tuple, data: bytes):
    """The FileEntry for ``data``, or the SkippedFile saying why its content is not kept.

    Shared by every collector so a checkout and an archive of the same commit
    keep exactly the same files.
    """
    from ..snapshot import FileEntry, SkippedFile

    reason = skip_reason_for_content(path, data)
    if reason:
        # Size and binary skips say nothing about whose the file is; a generator's marker does.
        generated = reason != "binary" and not reason.startswith("too large")
        return SkippedFile(path, reason, "generated" if generated else None)
    return FileEntry(path, kind[0], kind[1], len(data), decode_text(data))


# Byte-order marks, longest first (UTF-32 LE starts with UTF-16 LE's mark).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_FIRST_BYTES = frozenset(bom[0] for bom, _ in _BOMS)
# Share of a decoded sample that must be ordinary text (letters, digits, punctuation,
# spaces, line breaks) for bytes with NULs to count as UTF-16/32 text rather than binary.
TEXT_CHAR_SHARE = 0.97
# Share of ASCII characters that shows BOM-less UTF-16/32 is text: a README in any script
# carries Markdown, spaces and line breaks, while binary data decoded as UTF-16 has
# almost none (two random bytes are ASCII one time in 512).
WIDE_ASCII_SHARE = 0.2
MIN_WIDE_CHARS = 8


def _bom_encoding(data: bytes) -> Optional[tuple]:
    if not data or data[0] not in _BOM_FIRST_BYTES:
        return None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def _plausible_text(text: str) -> bool:
    if not text:
        return True
    ordinary = sum(1 for char in text if char in "\n\r\t\f" or (char.isprintable() and not 0xE000 <= ord(char) <= 0xF8FF))
    return ordinary / len(text) >= TEXT_CHAR_SHARE


def _wide_encoding(sample: bytes) -> Optional[str]:
    """The UTF-16/32 encoding of BOM-less ``sample`` when it is plainly text in it, else None."""
    for encoding, width in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        usable = sample[: len(sample) - len(sample) % width]
        try:
            text = usable.decode(encoding)
        except UnicodeDecodeError:
            # A sample cut inside a surrogate pair fails at its very end only.
            try:
                text = usable[:-width * 2].decode(encoding) if len(usable) > width * 2 else ""
            except UnicodeDecodeError:
                continue
        # Text has words and breaks; a few stray bytes that happen to decode prove nothing.
        if len(text) < MIN_WIDE_CHARS or "\0" in text or not any(char in " \n\t" for char in text):
            continue
        ascii_share = sum(1 for char in text if ord(char) < 128) / len(text)
        if ascii_share >= WIDE_ASCII_SHARE and _plausible_text(text):
            return encoding
    return None


def looks_binary(data: bytes) -> bool:
    """Whether ``data`` is binary: NULs in its head that no UTF-16/32 text explains (git sniffs 8000 bytes too)."""
    sample = data[:BINARY_SNIFF_BYTES]
    if b"\0" not in sample:
        return False
    found = _bom_encoding(sample)
    if found and found[0] != "utf-8":
        try:
            return not _plausible_text(sample[found[1]:].decode(found[0], errors="ignore"))
        except LookupError:  # pragma: no cover - the codecs are built in
            return True
    return _wide_encoding(sample) is None


# Text that is not UTF-8 and has fewer non-ASCII bytes than this share is Western
# (Latin-1/Windows-1252 accents sit among ASCII letters: "\xd6sterreich"); text
# in another script (Cyrillic, Greek, CJK code pages) is mostly non-ASCII bytes.
NON_LATIN_BYTE_SHARE = 0.3
# Fewer non-ASCII bytes than this are too few for any detector to tell a script by.
NON_LATIN_MIN_BYTES = 32


def _legacy_decode(data: bytes) -> str:
    """Text that is not UTF-8: Windows-1252 (then Latin-1) for Western text, else what charset-normalizer finds.

    Detectors guess poorly on a few accented letters (one Latin-1 "\xd6" reads as
    Arabic to them), so they are asked only when most bytes are non-ASCII.
    """
    sample = data[:BINARY_SNIFF_BYTES]
    non_ascii = sum(1 for byte in sample if byte >= 0x80)
    letters = sum(1 for byte in sample if byte >= 0x80 or chr(byte).isalpha())
    candidates = []
    if non_ascii >= NON_LATIN_MIN_BYTES and non_ascii / letters >= NON_LATIN_BYTE_SHARE:
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:MAX_FILE_BYTES]).best()
            if best is not None and best.encoding:
                candidates.append(best.encoding)
        except Exception:  # noqa: BLE001 - a detector failure must never lose a file; fall back below
            pass
    candidates += ["cp1252", "latin-1"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def _head_text(data: bytes) -> str:
    """The decoded head of a file, cheaply: enough to find a generator's marker or very long lines."""
    head = data[:BINARY_SNIFF_BYTES]
    if _bom_encoding(head) or b"\0" in head:
        return decode_text(head)
    return head.decode("utf-8", errors="replace")


def decode_text(data: bytes) -> str:
    """Decode file bytes as a reader's editor would: BOMs, UTF-16/32, UTF-8, then Windows-1252/Latin-1 or what charset-normalizer finds.

    Never fails. Line endings become ``\n`` and the BOM is dropped, so line numbers
    are those of the file as a reader sees it.
    """
    found = _bom_encoding(data)
    if found:
        text = data[found[1]:].decode(found[0], errors="replace")
    else:
        wide = _wide_encoding(data[:BINARY_SNIFF_BYTES]) if b"\0" in data[:BINARY_SNIFF_BYTES] else None
        if wide:
            text = data.decode(wide, errors="replace")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = _legacy_decode(data)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
