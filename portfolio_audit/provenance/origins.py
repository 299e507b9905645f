"""Where a file came from: the origins, the verdict with its checkable reason, and the facts a verdict may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath
from typing import Optional

OWN = "own"
VENDORED = "vendored"  # a third-party library or package copied into the repository
GENERATED = "generated"  # written by a tool: build output, minified bundles, protobuf, migrations
SCAFFOLD = "scaffold"  # written by a project generator and left (almost) as generated
STARTER = "starter"  # given to the person (course starter code, a template's files)
THIRD_PARTY_DOCS = "third-party-docs"  # licence texts, copied upstream READMEs and changelogs
ORIGINS = (OWN, VENDORED, GENERATED, SCAFFOLD, STARTER, THIRD_PARTY_DOCS)


@dataclass(frozen=True)
class Provenance:
    """The origin of one file and why, in words a reader can check against the file.

    ``evidence`` names the rule or signature that decided ("linguist vendor.yml",
    "rails new 8.0.0: README.md"); ``generator_lines`` lists the 1-based lines that
    match a generator's file even when the file as a whole is the person's own
    (an edited scaffold), so line-level consumers can leave those lines out.
    """

    origin: str
    reason: str
    evidence: str = ""
    generator_lines: tuple = ()

    @property
    def is_own(self) -> bool:
        return self.origin == OWN


OWN_FILE = Provenance(OWN, "no sign of another origin")


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
        from .library import manifest_names

        manifests = dict(manifests or {})
        names = set(manifest_names(manifests))
        if repo_name:
            names.add(repo_name.lower())
        return cls(tuple(paths), manifests, tuple(sorted(n for n in names if n)))

    @cached_property
    def package_roots(self) -> tuple:
        """Folders holding a copied third-party package (see library.copied_package_roots), computed once."""
        from .library import copied_package_roots
        from .path_rules import path_provenance

        def vendored_by_name(path: str) -> bool:
            found = path_provenance(PurePosixPath(path).name)
            return bool(found and found.origin == VENDORED)

        return copied_package_roots(self.paths, [p for p in self.paths if vendored_by_name(p)])


@dataclass(frozen=True)
class FileHistory:
    """What git says about one file, for ``with_history``; None where the history is unknown.

    ``in_first_commit``: the file was added by the repository's first commit;
    ``changed_since``: a later commit changed it;
    ``first_commit_by_person``: the first commit's author is the person audited;
    ``first_commit_subject``: that commit's subject ("Initial commit from Create React App");
    ``first_commit_name``/``first_commit_email``: its author, so the collector can decide
    ``first_commit_by_person`` once it knows who the person is.
    """

    in_first_commit: bool
    changed_since: bool
    first_commit_by_person: Optional[bool] = None
    first_commit_subject: str = ""
    later_commits_by_person: int = 0
    first_commit_name: str = ""
    first_commit_email: str = ""
