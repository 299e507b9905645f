"""Where a file came from: the origins, the verdict with its checkable reason, and what git says of a file."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class FileHistory:
    """What git says about one file, for ``with_history``; None where the history is unknown.

    ``in_first_commit``: the file was added by the repository's first commit;
    ``changed_since``: a later commit changed it;
    ``first_commit_by_person``: the first commit's author is the person audited;
    ``first_commit_subject``: that commit's subject ("Initial commit from Create React App");
    ``later_commits_by_first_author``: how many later commits that author made (a template or a
    course's bot makes none; a teammate does);
    ``first_commit_name``/``first_commit_email``: its author, so the collector can decide
    ``first_commit_by_person`` once it knows who the person is.
    """

    in_first_commit: bool
    changed_since: bool
    first_commit_by_person: Optional[bool] = None
    first_commit_subject: str = ""
    later_commits_by_first_author: int = 0
    first_commit_name: str = ""
    first_commit_email: str = ""
