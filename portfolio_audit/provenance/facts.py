"""The facts about a whole repository that a file's verdict may use: its paths, manifests and names."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath
from typing import Optional

from .library import copied_package_roots, manifest_names
from .origins import VENDORED
from .path_rules import path_provenance


@dataclass(frozen=True, eq=False)
class RepoFacts:
    """What is known about the whole repository when one file is judged.

    ``paths``: every path of the repository (POSIX, relative), kept or skipped;
    ``manifests``: path -> text of dependency manifests (package.json, pyproject.toml...);
    ``names``: the repository's own names (its name, package names), lower-case,
    so a library banner naming the project itself is not taken for a copy.
    """

    paths: tuple = ()
    manifests: dict = field(default_factory=dict)
    names: tuple = ()

    @classmethod
    def build(cls, paths, manifests: Optional[dict] = None, repo_name: Optional[str] = None) -> "RepoFacts":
        """Facts from a path list and manifest texts; package names are read from the manifests."""
        manifests = dict(manifests or {})
        names = set(manifest_names(manifests))
        if repo_name:
            names.add(repo_name.lower())
        return cls(tuple(paths), manifests, tuple(sorted(n for n in names if n)))

    @cached_property
    def package_roots(self) -> tuple:
        """Folders holding a copied third-party package (see library.copied_package_roots), computed once."""
        by_name: dict = {}  # file names repeat (index.js, __init__.py); Linguist's rules cost ~20 µs a call

        def vendored_by_name(path: str) -> bool:
            name = path.rpartition("/")[2] if path and not path.endswith(("/", "/.")) and path != "." \
                else PurePosixPath(path).name
            if name not in by_name:
                found = path_provenance(name)
                by_name[name] = bool(found and found.origin == VENDORED)
            return by_name[name]

        return copied_package_roots(self.paths, [p for p in self.paths if vendored_by_name(p)])
