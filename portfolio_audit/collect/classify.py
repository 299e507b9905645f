"""Which files of a repository say something about its author, and what kind they are.

Shared by every collector so that a local checkout and a GitHub tarball of the
same commit yield the same snapshot. The skip rules follow the spirit of GitHub
Linguist's vendor.yml / generated.rb: third-party, generated and minified files
say nothing about the person and would drown their own writing.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Optional, Union

from ..analysis.source.languages import SOURCE_SUFFIXES
from ..annotations import is_annotation_path
from .encoding import BINARY_SNIFF_BYTES, decode_text, head_text, looks_binary  # noqa: F401 (re-exported)
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


def plain_parts(path: str) -> Optional[list]:
    """``path.split("/")`` when that is what PurePosixPath would make of it (no root, no empty or "." part), else None.

    Collectors classify every path of a 50,000-file archive; building a PurePosixPath for
    each was a third of the time, and almost every path is plain.
    """
    parts = path.split("/")
    if "" in parts or "." in parts:
        return None
    return parts


def classify_path(path: str) -> Optional[tuple]:
    """Return (kind, language) for a path worth keeping, or None.

    ``kind`` is readme, doc, source, manifest or annotation. Paths are POSIX and relative.
    """
    parts = plain_parts(path)
    if parts is None:
        pure = PurePosixPath(path)
        name, suffix, parts = pure.name, pure.suffix, list(pure.parts)
    else:
        name = parts[-1]
        dot = name.rfind(".")
        suffix = name[dot:] if 0 < dot < len(name) - 1 else ""  # PurePosixPath.suffix
    lower = name.lower()
    suffix = suffix.lower()
    parents = [p.lower() for p in parts[:-1]]
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


if TYPE_CHECKING:  # imported late at run time: snapshot imports us
    from ..snapshot import FileEntry, SkippedFile


def skipped_for_path(path: str) -> Optional[SkippedFile]:
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


def skip_reason_for_content(path: str, data: bytes, kind: Optional[tuple] = None) -> Optional[str]:
    """Why a file is skipped after looking at its bytes, or None to keep it (``kind``: ``classify_path(path)``, if known)."""
    if len(data) > MAX_FILE_BYTES:
        return too_large(len(data))
    if looks_binary(data):
        return "binary"
    if kind is None:
        kind = classify_path(path)
    if kind and kind[0] == "source":
        marker = generated_marker(path, head_text(data))
        if marker and not _generator_file(path, data):
            return marker
    return None


def _generator_file(path: str, data: bytes) -> bool:
    """Whether a file whose header says a tool wrote it is a project generator's (Django's settings.py
    says "Generated by 'django-admin startproject'"): kept, so provenance can tell scaffold from edited."""
    from ..provenance import SCAFFOLD, provenance_of

    verdict = provenance_of(path, decode_text(data))
    return verdict.origin == SCAFFOLD or bool(verdict.generator_lines)


def admit(path: str, kind: tuple, data: bytes) -> Union[FileEntry, SkippedFile]:
    """The FileEntry for ``data``, or the SkippedFile saying why its content is not kept.

    Shared by every collector so a checkout and an archive of the same commit
    keep exactly the same files.
    """
    from ..snapshot import FileEntry, SkippedFile

    reason = skip_reason_for_content(path, data, kind)
    if reason:
        # Size and binary skips say nothing about whose the file is; a generator's marker does.
        generated = reason != "binary" and not reason.startswith("too large")
        return SkippedFile(path, reason, "generated" if generated else None)
    return FileEntry(path, kind[0], kind[1], len(data), decode_text(data))
