"""Content that shows a file was copied from elsewhere: library build banners, licence texts, copied package folders."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Iterable, Optional

from ..analysis.folded_search import FoldedPattern
from .path_rules import LICENCE_NAMES

# The head of a file where a library's build banner sits.
BANNER_CHARS = 1500
# The opening of a document where a licence names itself, and how much of the document
# the licence must make up from there on.
LICENCE_CHARS = 1500
LICENCE_SHARE = 0.8

_FIRST_COMMENT = re.compile(r"\A\s*(/\*[\s\S]*?\*/|(?:(?://|#)[^\n]*\n){1,30})")
_VERSION = re.compile(r"\bv?(\d+\.\d+(?:\.\d+)?(?:[-.][\w.]+)?)\b")
_LICENSED = re.compile(
    r"(@license\b|licen[cs]ed (under|mit|apache|bsd|gpl)|released under the|\bmit licen[cs]e\b|"
    r"\bdual licensed\b|license: (mit|bsd|apache))",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"(\(c\)|©|copyright)\s*(\d{4}|[A-Z])", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s*)]+")
# A licence's own version ("Apache License, Version 2.0", "GPL-3.0", "version 2.1 of the
# License") is not a release of the file: every Apache-licensed source file carries one.
_LICENCE_VERSION = re.compile(
    r"(licen[cs]e\s*,?\s*(version|v\.?)\s*\d[\d.]*|(version|v\.?)\s*\d[\d.]*\s*(of|or)\s*(the|any|later)[^\n]*|"
    r"\b(a?gpl|lgpl|gnu|apache|mpl|epl|cddl|eupl|cc[- ]by(-\w+)*)\b[- ]?(licen[cs]e)?[- ,]*(version|v\.?)?\s*\d[\d.]*\+?)",
    re.IGNORECASE,
)
_BANNER_NAME = re.compile(r"^[\s/*!#-]*([A-Za-z][\w.\- ]{1,60}?)\s+(?:-\s+)?v?\d+\.\d+", re.MULTILINE)

# Opening phrases of the licences people copy verbatim, with the licence's name.
_LICENCE_TEXTS = (
    (re.compile(r"permission is hereby granted, free of charge, to any person obtaining a copy", re.I), "MIT licence"),
    (re.compile(r"gnu (lesser |affero )?general public license\s+version \d", re.I), "GNU GPL-family licence"),
    (re.compile(r"apache license\s*,?\s*version 2\.0", re.I), "Apache License 2.0"),
    (re.compile(r"redistribution and use in source and binary forms, with or without", re.I), "BSD licence"),
    (re.compile(r"mozilla public license,? (version|v\.?) ?2\.0", re.I), "Mozilla Public License 2.0"),
    (re.compile(r"this is free and unencumbered software released into the public domain", re.I), "Unlicense"),
    (re.compile(r"creative commons (legal code|attribution|corporation)", re.I), "Creative Commons licence"),
    (re.compile(r"isc license|permission to use, copy, modify, and/or distribute this software", re.I), "ISC licence"),
    (re.compile(r"contributor covenant code of conduct|^#* *our pledge\b", re.I | re.M),
     "Contributor Covenant (a code of conduct text)"),
)
# The same searches, skipping texts that hold none of a licence's words (folded_search.py).
_LICENCE_TEXTS_FOLDED = tuple((FoldedPattern(pattern), name) for pattern, name in _LICENCE_TEXTS)
# A licence text is copied whole; a README that merely says "MIT licensed" is not one.
MIN_LICENCE_WORDS = 120

# Files Linguist calls vendored that a build tool or IDE writes into any project, the
# person's own included: build wrappers, autotools output, type declarations, lint and
# VM scripts. One of them says the file is not hand-written, not that its folder was copied.
BUILD_TOOL_FILES = re.compile(
    r"^(gradlew(\.bat)?|mvnw(\.cmd)?|configure|config\.(guess|sub)|aclocal\.m4|libtool\.m4|lt[\w~]*\.m4|"
    r"proguard-rules\.pro|cpplint\.py|vagrantfile|waf|.+\.d\.ts)$",
    re.IGNORECASE,
)

MANIFEST_BASENAMES = frozenset({"package.json", "bower.json", ".bower.json", "composer.json", "pyproject.toml",
                                "setup.cfg", "cargo.toml", "pom.xml", "go.mod", "gemspec"})


def library_banner(text: str, own_names: Iterable[str] = ()) -> Optional[str]:
    """"<name> <version>" when ``text`` opens with a distributed library's build banner, else None.

    A banner is the first comment of the file carrying a version number, a licence
    statement and a copyright line or URL: what jQuery, Bootstrap and their plugins
    put atop every release file. A banner naming the project itself (``own_names``)
    is the person publishing their own library, and does not count.
    """
    match = _FIRST_COMMENT.match(text[:BANNER_CHARS])
    if not match:
        return None
    comment = match.group(1)
    # The licence and copyright tests first: most first comments fail them, and they need no
    # rewriting of the comment, which the version test does (two substitutions over it).
    if not (_LICENSED.search(comment) and (_COPYRIGHT.search(comment) or _URL.search(comment))):
        return None
    releases = _LICENCE_VERSION.sub(" ", _URL.sub(" ", comment))
    found_version = _VERSION.search(releases)
    if not found_version:
        return None
    named = _BANNER_NAME.search(releases)
    name = named.group(1).strip() if named else "a library"
    version = found_version.group(1)
    lowered = comment.lower()
    if any(own and len(own) >= 3 and own in lowered for own in own_names):
        return None
    return f"{name} {version}".strip()


def licence_text(text: str) -> Optional[str]:
    """The licence a document reproduces, or None.

    The document must *be* the licence: its standard opening within the head and the
    licence running on to make up most of the text. A README whose License section
    quotes the Apache notice, or a CONTRIBUTING file that names the Contributor
    Covenant, is the person's own document.
    """
    head = text[:LICENCE_CHARS]
    total_words = None  # counted once a licence's opening is found: most texts have none
    for pattern, name in _LICENCE_TEXTS_FOLDED:
        found = pattern.search(head)
        if not found:
            continue
        if total_words is None:
            total_words = len(text.split())
            if total_words < MIN_LICENCE_WORDS:
                return None
        if len(text[found.start():].split()) >= LICENCE_SHARE * total_words:
            return name
    return None


def manifest_names(manifests: dict) -> list:
    """Package names the repository gives itself in its manifests (lower-case)."""
    names = []
    for path, text in manifests.items():
        base = PurePosixPath(path).name.lower()
        text = text or ""
        if base in ("package.json", "composer.json", "bower.json"):
            try:
                data = json.loads(text)
            except (ValueError, RecursionError):  # a hostile manifest costs only its names
                continue
            if isinstance(data, dict) and isinstance(data.get("name"), str):
                names.append(data["name"].split("/")[-1].lower())
        elif base in ("pyproject.toml", "cargo.toml", "setup.cfg"):
            found = re.search(r"^\s*name\s*[=:]\s*[\"']?([\w.\-]+)", text, re.MULTILINE)
            if found:
                names.append(found.group(1).lower())
        elif base == "go.mod":
            found = re.search(r"^module\s+(\S+)", text, re.MULTILINE)
            if found:
                names.append(found.group(1).rstrip("/").split("/")[-1].lower())
        elif base == "pom.xml":
            found = re.search(r"<artifactId>([^<]+)</artifactId>", text)
            if found:
                names.append(found.group(1).strip().lower())
    return names


def copied_package_roots(paths: Iterable[str], vendored: Iterable[str]) -> tuple:
    """Folders that are a copied third-party package: a licence file beside files Linguist names as a library.

    ``vendored`` are paths judged vendored by their own name (jquery.validate.js,
    bootstrap.css, config.guess). Their package folder is the nearest ancestor
    holding a licence file or a package manifest; its README, CHANGELOG and licence
    are the package's documentation, not the person's. A build tool's file
    (``BUILD_TOOL_FILES``: gradlew, configure, a ``.d.ts``) sits in the person's own
    projects too, so it marks a folder only where that folder carries a licence of
    its own: a sub-project's ``package.json`` beside its ``mvnw`` is still the person's.
    """

    with_licence, with_manifest = set(), set()
    for path in paths:
        pure = PurePosixPath(path)
        name = pure.name.lower()
        if len(pure.parts) > 1:
            if LICENCE_NAMES.match(name):
                with_licence.add(pure.parent.as_posix())
            elif name in MANIFEST_BASENAMES:
                with_manifest.add(pure.parent.as_posix())
    roots = set()
    for path in vendored:
        pure = PurePosixPath(path)
        markers = with_licence if BUILD_TOOL_FILES.match(pure.name) else with_licence | with_manifest
        parent = pure.parent
        while parent.as_posix() not in (".", ""):
            if parent.as_posix() in markers:
                roots.add(parent.as_posix())
                break
            parent = parent.parent
    return tuple(sorted(roots))
