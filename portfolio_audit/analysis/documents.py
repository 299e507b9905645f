"""Which README a reader opens first when a repository has several, and which files are translations of it.

GitHub shows the root README; projects that translate it add ``README.<lang>.md``,
``README_ja.md`` or ``README-zh-CN.md`` beside it and link them from the primary
one. The primary README is the undecorated one (README.md before README.rst,
README.txt and README, as GitHub prefers them), else an English variant, else any
other variant in path order; every other README stays a document (read by the
reflection and documentation rules, not scored as the README).
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

# Undecorated README names in the order GitHub prefers them.
PRIMARY_NAMES = ("readme.md", "readme.markdown", "readme.mdx", "readme.rst", "readme.adoc", "readme.asciidoc",
                 "readme.org", "readme.txt", "readme")
_VARIANT = re.compile(r"^readme[._-]([a-z]{2,3}(?:[-_][a-z0-9]{2,4})?)(\.[a-z]+)?$", re.IGNORECASE)
_ENGLISH = {"en", "eng", "english"}


def readme_language(path: str) -> Optional[str]:
    """The language tag of a README variant ("zh-cn" for README.zh-CN.md), or None for an undecorated README."""
    name = path.rsplit("/", 1)[-1]
    if name.lower() in PRIMARY_NAMES:
        return None
    match = _VARIANT.match(name)
    return match.group(1).lower().replace("_", "-") if match else None


def readme_rank(path: str) -> tuple:
    """Sort key: undecorated README first (GitHub's order), then English variants, then other variants, then the rest."""
    lower = path.rsplit("/", 1)[-1].lower()
    if lower in PRIMARY_NAMES:
        return (0, PRIMARY_NAMES.index(lower), path)
    language = readme_language(path)
    if language and language.split("-")[0] in _ENGLISH:
        return (1, 0, path)
    if language:
        return (2, 0, path)
    return (3, 0, path)


def choose_readme(paths: Iterable[str]) -> Optional[str]:
    """The primary README among root README ``paths`` (see the module docstring), or None when there is none."""
    candidates = [p for p in paths if "/" not in p and p.lower().startswith("readme")]
    return min(candidates, key=readme_rank) if candidates else None
