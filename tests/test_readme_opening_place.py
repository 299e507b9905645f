"""Where a README's opening is: after a leading authors list or table of contents, never in the setup."""

from __future__ import annotations

import pytest

from portfolio_audit.context import RepoContext
from portfolio_audit.kinds import readme as R
from portfolio_audit.kinds.readme_text import readme_doc, substantive_paragraphs
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec


def _opening_text(readme: str) -> str:
    doc = readme_doc(RepoContext(repo_from_spec({"readme": readme}), FIXTURE_COLLECTED_AT))
    return " ".join(p.text for p in R._opening(doc, substantive_paragraphs(doc)))


@pytest.mark.parametrize("heading", ["Authors", "Team members", "Table of Contents", "Équipe", "Autores", "目录", "목차"])
def test_a_leading_credits_or_contents_section_is_passed_over(heading):
    readme = (f"# Loom\n\n## {heading}\nAda Quill, Bo Lindqvist and Chen Rui wrote every part of it together.\n\n"
              "## Overview\nLoom is a weaving pattern editor for hand weavers and small studios.\n")
    assert _opening_text(readme).startswith("Loom is a weaving pattern editor")


@pytest.mark.parametrize("heading", ["Teamwork tracker", "Contents of a pattern file", "Overview"])
def test_a_section_that_only_starts_like_one_is_the_opening(heading):
    readme = f"# Loom\n\n## {heading}\nLoom keeps every weaving draft of a studio in one place for its weavers.\n"
    assert _opening_text(readme).startswith("Loom keeps every weaving draft")



def _opening_measured(readme: str):
    return R.readme_opening(RepoContext(repo_from_spec({"readme": readme}), FIXTURE_COLLECTED_AT),
                            R.ReadmeOpeningParameters(min_words=5))


def test_a_line_of_labels_above_the_first_heading_is_completed_by_the_first_section():
    readme = ("# Exam 4 - Pipes\n\nSchool exam 4 | passed\n\n## Goal\n"
              "A tiny shell written in C that runs a pipeline of commands the way bash does.\n\n"
              "## Build\nRun make.\n")
    measured = _opening_measured(readme)
    assert measured.score == pytest.approx(R.OPENING_SUBSTANCE + R.OPENING_WHAT)
    assert measured.evidence[0].snippet.startswith("School exam 4 | passed A tiny shell")


def test_a_line_of_labels_is_not_completed_by_the_setup():
    readme = "# Exam 4\n\nSchool exam 4 of the second year | passed\n\n## Installation\nRun make, then ./pipes ls wc.\n"
    measured = _opening_measured(readme)
    assert measured.evidence[0].snippet == "School exam 4 of the second year | passed"
    assert "missing what the project is" in measured.summary


def test_a_short_opening_that_says_what_it_is_is_left_as_it_is():
    readme = "# Loom\n\nLoom keeps weaving drafts in one place.\n\n## Why\nBecause drafts got lost in e-mail threads.\n"
    assert _opening_measured(readme).evidence[0].snippet == "Loom keeps weaving drafts in one place."
