"""Two capitalised words are a person's name or a phrase, and a link stays in the project or leaves it (issue 14).

The credit features count the people a passage names and the links it gives: a docs sidebar of
Title Case pages ("Indoor Herb Garden", "Use Select All") credits no one, while "Mark Twain" and
"Arjun Magar" are people. Fixtures written here.
"""

from __future__ import annotations

import pytest

from portfolio_audit.analysis.markdown import analyze_markdown
from portfolio_audit.analysis.people import everyday_words, names_a_person, people_in
from portfolio_audit.analysis.reflection_features import STRUCTURAL_FEATURES, document_features


def test_the_everyday_words_are_read_from_textstat():
    words = everyday_words()
    assert len(words) > 2000 and {"home", "garden", "use"} <= words


@pytest.mark.parametrize("text", [
    "Use Select All to pick every message", "a Home Assistant integration", "asked on Stack Overflow",
    "Garden App", "Dead Letter Queues", "The Beatles",
])
def test_a_phrase_of_capitalised_everyday_words_names_no_one(text):
    assert people_in(text) == [] and not names_a_person(text)


@pytest.mark.parametrize(("text", "people"), [
    ("Ada Lovelace wrote the first program", ["Ada Lovelace"]),
    ("Mark Twain", ["Mark Twain"]),  # a given name that is also a word
    ("tested by Bob Ng on Windows", ["Bob Ng"]),
    ("Arjun Magar and Wei Zhang built it", ["Arjun Magar", "Wei Zhang"]),  # names no English word spells
    ("Barry White sang it", ["Barry White"]),  # a surname may be a word; only the first word is asked
    ("Thanks Ana Lee for the logo", ["Ana Lee"]),  # "Thanks Ana" is refused, "Ana Lee" read after it
])
def test_a_person_s_name_is_found(text, people):
    assert people_in(text) == people and names_a_person(text)


OWN = STRUCTURAL_FEATURES.index("own_links")


def own_links(text: str) -> list:
    features = document_features(analyze_markdown(text, "docs/_sidebar.md"))
    return [row[OWN] for row in features.rows]


def test_links_that_stay_in_the_project_are_read_apart_from_links_that_leave_it():
    text = ("- [Indoor Herb Garden](guides/indoor-herb-garden.md)\n"
            "- [Usage](#usage)\n"
            "- Charts drawn with [Apache ECharts](https://echarts.apache.org)\n"
            "- Mail [the author](mailto:ana@example.org)\n")
    assert own_links(text) == [1.0, 0.0, 0.0, 0.0]
