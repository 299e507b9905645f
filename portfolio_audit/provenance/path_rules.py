"""The one table of path rules: which folders and file names are not the person's work, with GitHub Linguist's rules behind it.

GitHub Linguist (through go-enry, ``enry-python``) is the ecosystem's shared
definition of vendored and generated paths; this table keeps only what Linguist
lacks (virtualenvs, build and cache folders, ASP.NET's ``wwwroot/lib``) or reads
differently (Linguist counts ``.github/`` as vendored for language statistics,
but the community files and workflows there are the person's). collect/classify.py
derives its skip decisions from this table, so the collectors and provenance
never drift apart.
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from typing import Optional

from .origins import GENERATED, THIRD_PARTY_DOCS, VENDORED, Provenance

# go-enry's compiled library ships in the wheel; without it only this table applies. It is
# loaded on first use, not on import: loading it starts a Go runtime with threads of its own,
# and a process forked after that has none of them, so a Go garbage collection in the child can
# wait for them forever (seen: a collection worker stuck in is_generated). Workers forked before
# anything is judged load their own; a process that has loaded it collects in itself
# (``linguist_loaded``).
@functools.cache
def _library():
    """The go-enry module, loaded once per process, or None where the wheel is missing."""
    try:
        import enry
    except (ImportError, OSError):  # pragma: no cover - exercised only where the wheel is missing
        return None
    return enry


def linguist_loaded() -> bool:
    """Whether this process has loaded go-enry, by this module or any other (and so runs a Go runtime a forked child cannot use)."""
    return "enry" in sys.modules


@dataclass(frozen=True)
class FolderRule:
    """Files under a folder of one of ``names`` (compared lower-case) have ``origin``."""

    origin: str
    what: str  # completes "under <name>/: <what>"
    names: frozenset
    linguist_has: frozenset = frozenset()  # names Linguist also covers, kept for the folder walk


FOLDER_RULES = (
    FolderRule(VENDORED, "installed or copied dependencies", frozenset({
        "node_modules", "bower_components", "jspm_packages", "vendor", "vendors", "third_party", "third-party",
        "thirdparty", "external", "site-packages", "miniprogram_npm", ".venv", "venv", "env", ".eggs", "pods", "carthage",
    }), linguist_has=frozenset({"node_modules", "bower_components", "vendor", "vendors", "third_party",
                                "external", "env", "carthage"})),
    FolderRule(GENERATED, "build output", frozenset({
        "dist", "build", "out", "target", ".next", ".nuxt", "coverage", "htmlcov", "deriveddata", "_site",
        ".docusaurus", "storybook-static", "godeps",
    }), linguist_has=frozenset({"dist", "godeps"})),
    FolderRule(GENERATED, "tool cache or editor settings", frozenset({
        "__pycache__", ".git", ".hg", ".svn", ".idea", ".vscode", ".mypy_cache", ".pytest_cache", ".gradle",
        ".tox", ".nox", ".ruff_cache", ".cache",
    })),
)

# Folder sequences that hold copied client libraries (ASP.NET Core's libman/bower restore target).
VENDORED_SEQUENCES = (("wwwroot", "lib"),)

# File names written by tools, not people.
LOCK_FILES = frozenset({
    "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock", "pipfile.lock", "cargo.lock",
    "composer.lock", "gemfile.lock", "go.sum", "uv.lock", "npm-shrinkwrap.json", "packages.lock.json",
})
GENERATED_NAMES = re.compile(
    r"(\.min\.(js|css)$|\.bundle\.js$|-min\.js$|\.map$|_pb2(_grpc)?\.py$|\.pb\.go$|\.pb\.(cc|h)$|"
    r"\.generated\.|_generated\.|\.g\.dart$|\.freezed\.dart$|\.designer\.cs$|generated_plugin_registrant\.)",
    re.IGNORECASE,
)
LICENCE_NAMES = re.compile(r"^(licen[cs]e|copying|unlicense|copyright|notice)([-_.][\w.-]*)?$", re.IGNORECASE)

# Where Linguist's view (language statistics) is not ours: community files and workflows
# under .github/, a project's own cache module, a Fabric deploy script are the person's.
LINGUIST_OVERRIDES = ("\\.github/", "cache/", "fabfile\\.py$")
_OVERRIDE = re.compile(r"(^|/)(" + "|".join(LINGUIST_OVERRIDES) + ")")

DOC_SUFFIXES = frozenset({".md", ".markdown", ".mdx", ".rst", ".txt", ".adoc", ".asciidoc", ".rdoc", ".org", ".html"})
_DOC_NAMES = re.compile(r"^(readme|changelog|changes|history|news|authors|contributors|contributing|licen[cs]e|copying|"
                        r"notice|install|code_of_conduct|security)\b", re.IGNORECASE)

# Every folder name the collectors prune while walking a checkout.
PRUNED_FOLDERS = frozenset().union(*(rule.names for rule in FOLDER_RULES))
# Every folder name any rule looks at: most paths have none and are decided at once.
_FOLDER_NAMES = PRUNED_FOLDERS | {name for sequence in VENDORED_SEQUENCES for name in sequence}


def _folder_rule(parents: list) -> Optional[tuple]:
    """The rule of the outermost folder that has one: node_modules/pkg/dist/ is a dependency, not build output."""
    lowered = [p.lower() for p in parents]
    if not _FOLDER_NAMES.intersection(lowered):
        return None
    for sequence in VENDORED_SEQUENCES:
        width = len(sequence)
        for start in range(len(lowered) - width + 1):
            if tuple(lowered[start:start + width]) == sequence:
                rule = FolderRule(VENDORED, "client libraries restored by a package manager", frozenset())
                return rule, "/".join(parents[start:start + width])
    for part, lower in zip(parents, lowered):
        for rule in FOLDER_RULES:
            if lower in rule.names:
                return rule, part
    return None


def _suffix(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    return "." + suffix.lower() if dot and stem.strip(".") else ""


def is_documentation_name(path: str) -> bool:
    """Whether a path names a prose file (README, CHANGELOG, LICENSE, *.md) rather than code."""
    name = path.rsplit("/", 1)[-1]
    return _suffix(name) in DOC_SUFFIXES or bool(_DOC_NAMES.match(name))


def path_provenance(path: str) -> Optional[Provenance]:
    """The origin a path alone decides (vendored, generated, licence text), or None when only content can tell.

    Cheap (no content, ~20 µs with Linguist): collectors call it before reading a
    file, and what it returns is why the file is left out.
    """
    # String splitting, not PurePosixPath: collectors call this for every member of a 50,000-file archive.
    parts = [part for part in path.split("/") if part and part != "."]
    parents = parts[:-1]
    lower = parts[-1].lower() if parts else ""
    found = _folder_rule(parents) if parents else None
    if found:
        rule, folder = found
        if rule.origin == VENDORED and is_documentation_name(path):
            return Provenance(THIRD_PARTY_DOCS, f"documentation of a dependency, under {folder}/", "path table")
        return Provenance(rule.origin, f"{rule.what}, under {folder}/", "path table")
    if lower in LOCK_FILES:
        return Provenance(GENERATED, "lock file written by a package manager", "path table")
    if GENERATED_NAMES.search(lower):
        return Provenance(GENERATED, "generated or minified (by its file name)", "path table")
    if LICENCE_NAMES.match(lower):
        return Provenance(THIRD_PARTY_DOCS, "licence text", "path table")
    # Linguist calls every dotfile (.gitignore, .eslintrc) vendored; they are the person's settings.
    if not _OVERRIDE.search(path) and not lower.startswith(".") and _library() is not None:
        # One call per path: collectors ask for every file of a 50,000-file archive. Linguist's
        # generated rules need the content and run in provenance_of; the path-only ones
        # that matter (Xcode, Pods, Godeps, designer files, lock files) are in the table above.
        if _linguist_vendored(path):
            kind = THIRD_PARTY_DOCS if is_documentation_name(path) else VENDORED
            return Provenance(kind, "vendored by GitHub Linguist's rules (vendor.yml)", "linguist")
    return None


# Linguist's vendored answers for recent paths. A file's path is asked when the collector walks
# to it, again when its provenance is judged, and its bare name for the package-folder check:
# each call into go-enry costs some 17 µs, and a path's answer never changes within a process.
LINGUIST_MEMO_PATHS = 16384


@functools.lru_cache(maxsize=LINGUIST_MEMO_PATHS)
def _linguist_vendored(path: str) -> bool:
    enry = _library()
    return bool(enry is not None and enry.is_vendor(path))


def linguist_generated(path: str, data: bytes) -> bool:
    """Linguist's content rules for generated files (protobuf, Go "Code generated", compiled CoffeeScript...)."""
    enry = _library()
    return bool(enry is not None and enry.is_generated(path, data))


def linguist_available() -> bool:
    """Whether go-enry loaded (it ships as a compiled library in its wheel)."""
    return _library() is not None
