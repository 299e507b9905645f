"""The reflection detector (analysis/reflection.py) on the failure classes of issue 14, with fixtures written here.

Each class is pinned with text of our own (never the corpus, never its test split): prompts
credited as answers, reflection written without the usual keywords, and incidental words
credited. The detector is also checked for what it promises every caller: evidence lines
that cover the passage, reasons in words, no credit for placeholders, and a model file that
matches the feature code.
"""

from __future__ import annotations

import json

import pytest

from portfolio_audit.analysis import reflection as R
from portfolio_audit.analysis import reflection_cues
from portfolio_audit.analysis.markdown import analyze_markdown
from portfolio_audit.analysis.reflection_features import FEATURE_VERSION, feature_digest, is_prompt, units_of


def found(text: str, path: str = "README.md") -> R.Reflection:
    return R.detect(analyze_markdown(text, path))


def credited_lines(text: str, aspect: str, path: str = "README.md") -> list:
    return [(p.line, p.end_line) for p in found(text, path).passages[aspect]]


def credited_text(text: str, aspect: str, path: str = "README.md") -> list:
    return [p.snippet for p in found(text, path).passages[aspect]]


# --- prompts, templates and placeholders earn nothing ---------------------------------------------

REFLECTION_TEMPLATE = """# Week 6 project

## What went well?

## What did not go well?

## What would you do differently next time?

<!-- Describe at least two things you would change and why. -->

## Lessons learned

- [Describe the most important lesson you learned]
- [Explain how you will apply it in the next project]

## Team

- Explain who was responsible for which part of the project.
- List the resources and people who helped you.

## Challenges

Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.
"""


def test_an_unanswered_reflection_template_earns_no_credit():
    result = found(REFLECTION_TEMPLATE)
    for aspect in R.ASPECTS:
        assert result.passages[aspect] == (), (aspect, result.passages[aspect])


def test_a_name_slot_under_authors_is_not_credit():
    # A README template's "Authors: * **Your Name**" is a slot left empty, not a person credited.
    text = "# Digits\n\nA digit classifier.\n\n## Authors\n\n* **Your Name**\n* John Doe\n"
    assert found(text).passages["collaboration"] == ()
    filled = "# Digits\n\nA digit classifier.\n\n## Authors\n\n* **Ada Lovelace**: the model and its tests\n"
    assert found(filled).passages["collaboration"]


def test_an_unanswered_template_is_shown_as_hollow_headings():
    result = found(REFLECTION_TEMPLATE)
    hollow = {cue.heading for cue in result.hollow["lessons"]}
    assert "Lessons learned" in hollow


@pytest.mark.parametrize("text, why", [
    ("What did you learn from this project?", "question"),
    ("[Describe the hardest bug you fixed and how]", "slot"),
    ("Start date: DD/MM/YYYY, hours spent: X hours", "form"),
    ("[ ] Write the retrospective", "checklist"),
    ("TODO", "placeholder"),
    ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "lorem"),
])
def test_prompt_shapes_are_recognised(text, why):
    units = units_of(analyze_markdown(text + "\n", "README.md"))
    assert units and is_prompt(units[0]), why


def test_html_comment_instructions_are_not_passages():
    doc = analyze_markdown("# Retro\n\n<!-- Explain what you learned and what you would change. -->\n", "retro.md")
    assert units_of(doc) == []
    text = "Retro\n=====\n\nWe shipped.\n\n<!-- Explain what you learned and what you would change. -->\n"
    assert all("Explain" not in u.text for u in units_of(analyze_markdown(text, "retro.rst")))


# --- reflection without the keywords is found ------------------------------------------------------

WEIGHING_LIBRARIES = """# tinyjson

A JSON parser for microcontrollers.

## Why not use an existing parser?

The established parsers are excellent, but the smallest of them is 40 KB of flash and
comes under a copyleft licence that our users' firmware vendors will not accept. Writing a
parser of our own that handles only UTF-8 and numbers up to 64 bits came to 900 lines, fits
in 6 KB, and can be released under MIT.
"""

HARDER_THAN_EXPECTED = """# raft-kv

## Notes

Getting a robust implementation took far longer than the two weeks I had planned. The
algorithm fits on one page, yet almost every week a new case broke it: a leader that lost
its term during a network split, log entries applied twice after a restart, a snapshot
that arrived while a follower was still catching up. Most of those only showed up under the
fault-injection tests, never in the happy-path demo.
"""

ONE_LINE_SPEED = """# fastgrid

A grid renderer.

The renderer keeps every tile in memory, giving up about 200 MB of RAM to draw a frame in 4 ms.
"""

READABILITY_OVER_SPEED = """# budget-cli

## Implementation notes

I kept the report code as plain loops over lists rather than vectorising it with pandas: it is
three times slower on a 10,000-row file, but anyone in the club can read and change it. Known
bug: amounts in a currency other than euros are summed as if they were euros.
"""

TEAM_RETRO = """# Sprint 3 retrospective

## What went well

- Pairing on the payment flow meant two of us understood it when Ana was ill.
- Moving the stand-up to 9:30 got everyone there on time.

## What didn't

- We merged the search feature without tests and spent the last two days fixing it.
- Estimates were off by half because nobody had used the map API before.
"""

RELEASE_NOTES_REDO = """# Changelog

## 2.0.0

- The configuration format moved from INI to TOML.
- If I did this release again I would ship the migration tool first: half of the bug reports
  in the first week came from people editing their old files by hand.
"""


@pytest.mark.parametrize("name, text, aspect", [
    ("question heading weighing size and licence", WEIGHING_LIBRARIES, "tradeoffs"),
    ("harder-than-expected account", HARDER_THAN_EXPECTED, "lessons"),
    ("one-line speed trade-off", ONE_LINE_SPEED, "tradeoffs"),
    ("readability over performance, known bug named", READABILITY_OVER_SPEED, "tradeoffs"),
    ("team retrospective by went well / didn't", TEAM_RETRO, "lessons"),
    pytest.param("release notes saying what would be redone", RELEASE_NOTES_REDO, "lessons",
                 marks=pytest.mark.xfail(strict=True, reason="known miss since the retrain on corpus folder e: the "
                                         "lessons head gives the 'If I did this release again I would' bullet 0.50 "
                                         "(0.66 before), under its 0.55 threshold; no single language's documents "
                                         "account for the drop (dropping any one moves it by at most 0.09)")),
])
def test_reflection_without_keywords_is_found(name, text, aspect):
    assert credited_lines(text, aspect), name


# --- incidental words are not credited -------------------------------------------------------------

REJECTED_IDEAS = """PEP 9999 -- A ``match`` guard for loops
=========================================

Rejected Ideas
==============

Using a new keyword instead of ``if`` was considered, but a new keyword breaks every program
that already uses the name, so the existing keyword was kept.

Allowing the guard on ``while`` loops was rejected because it reads ambiguously when the loop
condition itself calls a function.
"""

API_FUNCTION = """# mq-client

## API

`acknowledge(message)` marks a message as processed so that the broker does not deliver it
again; call it after the handler has committed its transaction.

`credit(n)` grants the broker permission to send `n` more messages to this consumer.
"""

LECTURE = """# Lecture 4: recursion

A recursive function calls itself on a smaller input until it reaches a base case. Every
recursive call pushes a frame on the call stack, which is why very deep recursion raises a
RecursionError in Python. Students learn to identify the base case first and then the step
that moves towards it.
"""


def test_rejected_ideas_are_trade_offs_not_lessons():
    assert credited_lines(REJECTED_IDEAS, "tradeoffs", "pep-9999.rst")
    assert not credited_lines(REJECTED_IDEAS, "lessons", "pep-9999.rst")


MARKETING_COMPARISON = """# zipzap

The fastest archiver on the planet: 3x faster than gzip and 5x faster than bzip2, with a
beautiful, modern command line.
"""

HEADING_ONLY = """# notes

## Decision

Markdown.

## Decision

We keep one file per year.
"""


@pytest.mark.xfail(strict=True, reason="the stacked trade-off head gives a one-line README of comparisons "
                   "and figures 0.53 (threshold 0.45): it leans on what the section does, and the cue "
                   "detector, which found nothing, cannot veto")
def test_a_marketing_comparison_is_not_a_trade_off():
    assert not credited_lines(MARKETING_COMPARISON, "tradeoffs")


def test_a_passage_credited_for_its_heading_alone_needs_the_head_to_agree(monkeypatch):
    # The cue detector credits both passages for the heading alone; the stacked head decides.
    cue_lines = [p.line for p in reflection_cues.find_passages(analyze_markdown(HEADING_ONLY, "README.md"))]
    assert cue_lines and all(not p.does for p in reflection_cues.find_passages(analyze_markdown(HEADING_ONLY, "README.md")))
    assert credited_lines(HEADING_ONLY, "tradeoffs") == []
    monkeypatch.setattr(R.shipped_model().tradeoff_head, "threshold", 0.0)
    assert sorted(line for line, _ in credited_lines(HEADING_ONLY, "tradeoffs")) == sorted(cue_lines)


def test_the_trade_off_head_reads_what_the_cue_detector_says(monkeypatch):
    passages = found(READABILITY_OVER_SPEED).passages["tradeoffs"]
    cue = reflection_cues.find_passages(analyze_markdown(READABILITY_OVER_SPEED, "README.md"))
    assert passages and cue and set(cue[0].does[:2]) <= set(passages[0].does)
    probability = passages[0].probability
    # Without the cue detector's columns the same unit is less likely a trade-off.
    monkeypatch.setattr(R.reflection_cues, "find_passages", lambda doc, languages=(), lines=None: [])
    assert found(READABILITY_OVER_SPEED).passages["tradeoffs"][0].probability < probability


def test_a_construction_the_cue_detector_missed_is_credited_by_the_head(monkeypatch):
    text = "# gridview\n\n## Rendering\n\nTiles are drawn on the CPU rather than the GPU so the viewer runs in a browser tab.\n"
    assert not reflection_cues.find_passages(analyze_markdown(text, "README.md"))
    passages = found(text).passages["tradeoffs"]
    assert [p.line for p in passages] == [5]
    # Credited with words for what it does; which words depends on the head's weights (after the
    # retrain with features version 10 it is the section's comparing, not "sets an alternative aside").
    assert passages[0].probability is not None and passages[0].does
    monkeypatch.setattr(R.shipped_model().tradeoff_head, "threshold", 1.01)
    assert credited_lines(text, "tradeoffs") == []


def test_asking_the_cue_detector_only_about_reachable_units_changes_nothing(monkeypatch):
    # detect asks the cue detector only about paragraphs in units the head could credit with
    # the best cue row; asked about every paragraph, it must credit the same passages.
    from pathlib import Path

    examples = Path(__file__).resolve().parent.parent / "examples" / "portfolio"
    texts = [(text, "README.md") for text in (WEIGHING_LIBRARIES, HARDER_THAN_EXPECTED, ONE_LINE_SPEED,
                                              READABILITY_OVER_SPEED, TEAM_RETRO, RELEASE_NOTES_REDO, REJECTED_IDEAS,
                                              MARKETING_COMPARISON, HEADING_ONLY, REFLECTION_TEMPLATE)]
    texts += [(path.read_text(encoding="utf-8"), path.name) for path in sorted(examples.rglob("*.md"))]
    restricted = [found(text, path) for text, path in texts]
    asked = []
    whole = reflection_cues.find_passages

    def every_paragraph(doc, languages=(), lines=None):
        asked.append(lines)
        return whole(doc, languages)

    monkeypatch.setattr(R.reflection_cues, "find_passages", every_paragraph)
    assert [found(text, path) for text, path in texts] == restricted
    assert any(lines is not None for lines in asked)


def test_a_sentence_about_an_api_function_is_not_thanks():
    assert not credited_lines(API_FUNCTION, "collaboration")


def test_lecture_prose_is_not_a_lesson():
    assert not credited_lines(LECTURE, "lessons")


# --- what every credited passage carries ---------------------------------------------------------


def test_credited_passages_cover_their_lines_and_say_what_they_do():
    text = TEAM_RETRO
    lines = text.split("\n")
    for passage in found(text).passages["lessons"]:
        assert 1 <= passage.line <= passage.end_line <= len(lines)
        covered = " ".join(lines[passage.line - 1:passage.end_line])
        assert passage.snippet.split()[0] in covered
        assert passage.does and all(isinstance(reason, str) and "score" not in reason for reason in passage.does)


def test_detection_is_deterministic():
    first = found(READABILITY_OVER_SPEED)
    assert first == found(READABILITY_OVER_SPEED)


# --- the shipped model -----------------------------------------------------------------------------


def test_shipped_weights_match_the_feature_code():
    data = json.loads(R.MODEL_FILE.read_text(encoding="utf-8"))
    assert data["feature_digest"] == feature_digest(), "features changed: python -m benchmarks.train_reflection"
    assert data["trained_with"]["split"] == "dev"
    # Structural features only: the audit needs no embedding package at run time.
    assert data["data_digest"] and data["embedding"] is None
    model = R.ReflectionModel(data)
    assert model.thresholds.keys() == set(R.ASPECTS) and not model.uses_embedding
    assert FEATURE_VERSION >= 1


def test_a_model_with_embedding_weights_needs_an_embedding_the_audit_does_not_load():
    data = json.loads(R.MODEL_FILE.read_text(encoding="utf-8"))
    data["aspects"]["lessons"]["text"] = [0.1] * 8
    with pytest.raises(ValueError, match="structural"):
        R.ReflectionModel(data)


def test_a_model_trained_on_other_features_is_refused():
    data = json.loads(R.MODEL_FILE.read_text(encoding="utf-8"))
    data["structural_features"] = data["structural_features"][:-1]
    with pytest.raises(ValueError, match="retrain"):
        R.ReflectionModel(data)


# --- the lexicon ---------------------------------------------------------------------------------


def test_lexicon_entries_split_over_lines_keep_their_words_apart():
    # Python glues adjacent string literals: "... regrets" "postmortem ..." without a space
    # read as one word "regretspostmortem", silently dropping both words from the lexicon.
    import ast
    import io
    import tokenize

    from portfolio_audit.analysis import reflection_lexicon

    source = open(reflection_lexicon.__file__, encoding="utf-8").read()
    glued = []
    previous = None
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING:
            if previous is not None:
                left, right = ast.literal_eval(previous.string), ast.literal_eval(token.string)
                if left and right and not left[-1].isspace() and not right[0].isspace():
                    glued.append((token.start[0], left.split()[-1] + right.split()[0]))
            previous = token
        elif token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            previous = None
    assert glued == []


# --- credit by what a passage does: names someone and says who made what ------------------------

CREDIT_BY_FORM = {
    "team list with profile links": "# Course project\n\nA CSV to JSON service.\n\n## GitHub accounts\n\n"
                                    "- Nils: https://github.com/nils-example\n- Mitja: https://github.com/mitja-example\n",
    "built on a named tutorial": "# Portfolio\n\nMy site.\n\nI modelled this site on a tutorial by Quincy Larson "
                                 "and then extended it with a blog.\n",
    "a redesign of someone's tool": "# alloc\n\nA redesign of the [allocation profiler](https://github.com/example/q) "
                                    "by Bradlee Speice.\n",
}


@pytest.mark.parametrize("name", sorted(CREDIT_BY_FORM))
def test_credit_without_thanks_words_is_found(name):
    assert credited_lines(CREDIT_BY_FORM[name], "collaboration"), name


def test_a_call_for_contributions_credits_nobody():
    text = ("# tool\n\nRenames photos by date.\n\n## Contributing\n\nContributions are welcome! Feel free to fork "
            "the repository and open a pull request on [GitHub](https://github.com/example/tool).\n")
    assert credited_lines(text, "collaboration") == []


@pytest.mark.parametrize("text, expected", [
    ("Kilo was written by Ada Lovelace and is released under the BSD licence.", 1),
    ("Add fallback to sha1 (patch by Olav Morken).", 1),
    ("Add getCipherValue() method (Olav)", 1),
    ("— John Hudson", 1),
    ("Thanks to @mara for the logo.", 1),
    ("A port of pyWhat to the terminal.", 1),  # a name in lower camel case
    ("A port of the original idea.", 0),
    ("Built with React and Node.", 0),  # a stack, no person
    ("Contribute on GitHub!", 0),
    ("✨ 주요 기능 (Features)", 0),  # a heading's gloss in another script, not a name
])
def test_attribution_by_form(text, expected):
    from portfolio_audit.analysis.reflection_features import attributions

    assert attributions(text, ("en", "ko")) == expected


@pytest.mark.parametrize("text, expected", [
    ("Die Implementierung wurde von Salvatore Sanfilippo geschrieben.", 1),  # a first name and a surname
    ("Dieses Repository wurde von 404GamerNotFound erstellt.", 1),  # written like a handle
    ("Wir haben uns an der Struktur von Prof. Dr. Eck orientiert.", 1),  # after a title
    ("Beitrag von @drjjr2", 1),
    ("Einer der Buckets dient zum Hochladen von Dateien.", 0),  # German capitalises every noun
    ("Die Verwaltung von Ressourcen und Zeitrahmen war schwierig.", 0),
])
def test_a_capital_after_von_is_a_name_only_when_written_like_one(text, expected):
    from portfolio_audit.analysis.reflection_features import attributions

    assert attributions(text, ("en", "de")) == expected


# --- template slots in any language earn nothing ---------------------------------------------------


def test_numbered_slots_of_a_template_are_prompts():
    text = ("# Project\n\n## Challenges\n\n- Desafío 1 → Cómo lo resolví\n- Desafío 2 → Cómo lo resolví\n\n"
            "## Releases\n\n- Version 1.2 fixed the parser.\n- Version 1.3 fixed the cache.\n")
    features = R.document_features(analyze_markdown(text, "README.md"))
    reasons = {unit.text: prompt for unit, prompt in zip(features.units, features.prompts)}
    assert reasons["Desafío 1 → Cómo lo resolví"] == "a numbered slot left to fill in"
    assert reasons["Version 1.2 fixed the parser."] is None


def test_a_label_with_a_bracketed_blank_is_a_placeholder():
    from portfolio_audit.analysis.placeholders import placeholder_reason

    assert placeholder_reason("**Frontend** : [Technologies utilisées et justification]")
    assert placeholder_reason("Usage: tool [options]") is None
    assert placeholder_reason("Options: [--verbose]") is None


@pytest.mark.parametrize("text", [
    "Ingresa a las actividades de tu bitácora y modifica el archivo student.md.",
    "Complétez cette section avec ce que vous avez appris.",
    "Ergänze hier, was du gelernt hast.",
])
def test_template_instructions_in_other_languages_lead_as_instructions(text):
    from portfolio_audit.analysis.reflection_features import _form_is_instruction

    (unit,) = units_of(analyze_markdown(f"# T\n\n{text}\n", "README.md"))
    assert _form_is_instruction(unit)


def test_the_projects_own_name_is_not_a_person_it_credits():
    """Two capitalised words read as a person's name, except the document's own title."""
    from portfolio_audit.analysis.reflection_features import FORM_FEATURES, STRUCTURAL_FEATURES, document_features

    text = ("# Garden Planner\n\nGarden Planner is a web app for planning a vegetable plot. I built it because "
            "my notes were spread across sketches.\n\nThanks to Ada Lovelace for the seed list.\n")
    features = document_features(analyze_markdown(text, path="README.md"), "en")
    assert "people" in FORM_FEATURES
    people = STRUCTURAL_FEATURES.index("people")
    by_text = {unit.text.split()[0]: row[people] for unit, row in zip(features.units, features.rows)}
    assert by_text["Garden"] == 0.0  # the title, repeated in the opening
    assert by_text["Thanks"] > 0.0  # a person


def test_a_construction_is_performed_where_one_of_its_patterns_is_found():
    """The cue detector reads the counts the features kept: performed where a language's pattern is found."""
    from portfolio_audit.analysis import reflection_constructions as constructions_module
    from portfolio_audit.analysis.folded_search import lowered_ascii

    texts = ["We chose SQLite over Postgres because it needs no server.", "At the cost of speed, it stays small.",
             "Out of scope by design; known issues are listed.", "Wir haben bewusst auf Kosten der Größe verzichtet.",
             "plain text", "x " * 1200 + "instead of the cost of it"]
    for text in texts:
        for languages in (("en",), ("en", "de"), tuple(sorted(constructions_module.CONSTRUCTIONS))):
            for name in constructions_module.CONSTRUCTION_NAMES:
                expected = any(pattern.found(text) for language in languages
                               for entry, pattern in constructions_module._patterns(language) if entry == name)
                assert constructions_module.performs(name, text, lowered_ascii(text), languages) is expected
            assert constructions_module.constructions(text, languages) == list(constructions_module._counts(text, languages))
