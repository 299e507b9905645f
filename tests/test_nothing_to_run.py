"""A repository with nothing to run is not applicable for setup and usage, decided by its form alone.

Own fixtures: a study group's notes (documents only) against the same notes beside a binary,
a script or nothing at all (a README alone says too little about the rest to decide).
"""

from __future__ import annotations

import dataclasses

from portfolio_audit.context import RepoContext
from portfolio_audit.kinds.readme_text import nothing_to_run
from portfolio_audit.kinds.readme_text import readme_doc
from portfolio_audit.snapshot import SkippedFile
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec

NOTES_README = ("# HTTP study\n\nOur reading group for a book on HTTP: each member writes up one chapter a week,"
                " and we meet on Wednesdays to discuss it.\n")
NOTES = {"chapter-1/ana.md": "# Chapter 1\n\nNotes on URLs.\n", "chapter-2/ben.md": "# Chapter 2\n\nNotes on messages.\n"}


def _why(repo):
    ctx = RepoContext(repo, FIXTURE_COLLECTED_AT)
    return nothing_to_run(ctx, readme_doc(ctx))


def test_documents_only_have_nothing_to_run():
    why = _why(repo_from_spec({"readme": NOTES_README, "files": NOTES}))
    assert why and "2 documents" in why


def test_a_readme_alone_is_not_enough_to_decide():
    assert _why(repo_from_spec({"readme": NOTES_README})) is None


def test_a_binary_left_out_or_a_script_is_something_to_run():
    notes = repo_from_spec({"readme": NOTES_README, "files": NOTES})
    assert _why(dataclasses.replace(notes, skipped=(SkippedFile("release/app.apk", "binary"),))) is None
    assert _why(dataclasses.replace(notes, skipped=(SkippedFile("cover.png", "binary"),))) is not None
    assert _why(repo_from_spec({"readme": NOTES_README, "files": dict(NOTES, **{"index.py": "print(1)\n"})})) is None


def test_a_readme_that_shows_something_to_run_is_assessed():
    readme = NOTES_README + "\n## Usage\n\nOpen `index.html` in a browser.\n"
    assert _why(repo_from_spec({"readme": readme, "files": NOTES})) is None
