"""More forms a template's prompts take, read by what they do (issue 14), with fixtures written here.

A question written without its mark, a prompt with its answer on the next line of one block
(read whole, shown as the answer),
a list its template calls prompts, thanks to a collective listed under "Thanks to:", and a
handle made of a role. The same places answered, or naming someone, keep their credit.
"""

from __future__ import annotations

import pytest

from portfolio_audit.analysis import reflection as R
from portfolio_audit.analysis.markdown import analyze_markdown
from portfolio_audit.analysis.placeholders import placeholder_reason
from portfolio_audit.analysis.reflection_features import document_features
from portfolio_audit.analysis.reflection_prompts import is_prompt
from portfolio_audit.analysis.reflection_units import Unit


def units_and_prompts(text: str, path: str = "docs/reflection.md") -> list:
    features = document_features(analyze_markdown(text, path))
    return [(unit.line, unit.end_line, unit.text, prompt) for unit, prompt in zip(features.units, features.prompts)]


def prompts_by_text(text: str, path: str = "docs/reflection.md") -> dict:
    return {text: prompt for _, _, text, prompt in units_and_prompts(text, path)}


def credited(text: str, aspect: str, path: str = "docs/reflection.md") -> list:
    return [(p.line, p.snippet) for p in R.detect(analyze_markdown(text, path)).passages[aspect]]


# --- a question without its mark ----------------------------------------------------------

@pytest.mark.parametrize("line", [
    "What project is this for",
    "Why is this needed",
    "What is not needed",
    "What constraints does your scheduler consider",
    "How well does it scale",
])
def test_a_question_without_its_mark_is_a_prompt(line):
    assert is_prompt(Unit(1, 1, line, "list_item", 0)) == "a question left for someone to answer, without its mark"


@pytest.mark.parametrize("line", [
    "How it works",  # a label in the statement's order
    "What it does",
    "Why this matters",
    "What went well",
    "What is needed is a parser that keeps going after an error.",  # a statement
    "How to install",
    "Why is the cache keyed by path? Because two checkouts of one repository share it",
])
def test_a_label_or_a_statement_is_not_an_unmarked_question(line):
    assert is_prompt(Unit(1, 1, line, "list_item", 0)) != "a question left for someone to answer, without its mark"


# --- a prompt with its answer on the next line ----------------------------------------------

ANSWERED_IN_PLACE = """# PawPal reflection

## Trade-offs

- Describe one tradeoff your scheduler makes.
`plan()` is greedy: it never backtracks, so a long task can block two short ones. I accepted that because owners care that feeding and medication come first, not that the day is packed.
- Why is that tradeoff reasonable for this scenario?
Priority correctness matters more than packing efficiency for a pet's day, at the cost of an idle half hour now and then.
"""


def shown(text: str, path: str = "docs/reflection.md") -> list:
    features = document_features(analyze_markdown(text, path))
    return [features.shown(index) for index in range(len(features.units))]


def test_a_prompt_and_its_answer_in_one_block_show_the_answer_alone():
    assert [line for line, _ in shown(ANSWERED_IN_PLACE)] == [6, 8]
    assert shown(ANSWERED_IN_PLACE)[0][1].startswith("plan() is greedy")
    credits = credited(ANSWERED_IN_PLACE, "tradeoffs")
    assert {line for line, _ in credits} <= {6, 8}
    assert not any("Describe one tradeoff" in snippet or "Why is that" in snippet for _, snippet in credits)


def test_a_korean_request_and_its_answer_joined_by_a_break_show_the_answer_alone():
    text = ("# 여행 프로젝트\n\n## 배운 점 & 아쉬운 점\n\n<p align=\"justify\">\n"
            "프로젝트를 진행하며 배운 부분과 에러해결을 작성해서 기술하면 좋습니다.<br />\n"
            "배운 점: 혼자 댓글 기능을 만들면서 세션 처리가 생각보다 어려웠고, 다음에는 설계를 먼저 하겠다고 느꼈다.\n</p>\n")
    [(line, answer)] = shown(text, "README.md")
    assert line == 7 and answer.startswith("배운 점:")


def test_a_block_whose_first_line_says_something_is_shown_whole():
    text = ("# Notes\n\n## Trade-offs\n\nWe kept SQLite over Postgres because the tool runs on laptops,\n"
            "and the cost is one writer at a time.\n")
    assert shown(text) == [(5, "We kept SQLite over Postgres because the tool runs on laptops, and the cost is one writer at a time.")]


def test_a_prompt_over_a_one_word_answer_is_shown_whole():
    text = "# Retro\n\n## Design\n\n- Did your design change during implementation?\nYes.\n"
    assert [line for line, _ in shown(text)] == [5]


def test_a_question_followed_by_another_question_stays_one_prompt():
    text = "# Retro\n\n## Lessons\n\nWhat went wrong this week?\nWhat would you change next time?\n"
    units = units_and_prompts(text)
    assert len(units) == 1 and units[0][3] == "a question left for someone to answer"


# --- a list its template calls prompts -------------------------------------------------------

MODEL_CARD = """# Model card

## 6. Limitations and Bias

Where the system struggles or behaves unfairly.

{lead}

- Features it does not consider
- Genres or moods that are underrepresented
- I never score tempo, so two songs a listener hears as opposite read as the same; I left it out because the data has no tempo for half the catalog.
"""


@pytest.mark.parametrize("lead", ["Prompts:", "Guiding questions:", "Questions to consider:", "Leitfragen:", "질문:"])
def test_a_list_its_template_calls_prompts_earns_no_credit_but_an_answer_in_it_does(lead):
    prompts = prompts_by_text(MODEL_CARD.format(lead=lead), "model_card.md")
    assert prompts[lead] == "a lead-in to a template's prompts"
    assert prompts["Features it does not consider"] == "an item of a list its template calls prompts"
    assert prompts["Genres or moods that are underrepresented"] == "an item of a list its template calls prompts"
    assert next(v for k, v in prompts.items() if k.startswith("I never score tempo")) is None


def test_a_list_under_another_lead_in_is_not_prompts():
    prompts = prompts_by_text(MODEL_CARD.format(lead="Known gaps:"), "model_card.md")
    assert prompts["Features it does not consider"] is None


# --- thanks to a collective, listed ----------------------------------------------------------

def test_a_list_of_thanks_that_name_no_one_earns_no_credit_with_its_lead_in():
    text = ("# Agradecimientos\n\n## Comunidad\n\nGracias a:\n\n- Todos los que han reportado bugs y sugerido mejoras\n"
            "- Los que han compartido el proyecto\n- Those who answered questions in the discussions\n")
    prompts = prompts_by_text(text, "ACKNOWLEDGMENTS.md")
    assert all(prompts.values()), prompts
    assert prompts["Gracias a:"] == "a lead-in to thanks that name no one"
    assert credited(text, "collaboration", "ACKNOWLEDGMENTS.md") == []


def test_a_list_of_thanks_that_names_someone_keeps_its_lead_in_and_the_name():
    text = ("# Credits\n\n## Thanks\n\nThanks to:\n\n- Everyone who reported bugs\n"
            "- Ana Pérez, who drew the logo\n")
    prompts = prompts_by_text(text, "CREDITS.md")
    assert prompts["Thanks to:"] is None
    assert prompts["Ana Pérez, who drew the logo"] is None
    assert prompts["Everyone who reported bugs"] == "thanks to everyone that name no one"


def test_thanks_to_many_people_naming_none_are_generic():
    text = "# Gracias\n\n## Agradecimientos\n\nEste proyecto fue posible gracias a muchas personas y proyectos de código abierto.\n"
    assert list(prompts_by_text(text, "ACKNOWLEDGMENTS.md").values()) == ["thanks to everyone that name no one"]


# --- a handle made of a role -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "中文 (简体) - @chinese_translator",
    "@core_maintainer - releases and triage",
    "Contact: @your_username",
    "@frontend-dev: the UI",
])
def test_a_handle_made_of_a_role_is_a_made_up_person(text):
    assert placeholder_reason(text).startswith("a made-up person")


@pytest.mark.parametrize("text", ["@mara_dev wrote the parser.", "Reviewed by @linus_translator_fr and @kim."])
def test_a_person_s_handle_with_a_role_in_it_is_not(text):
    assert placeholder_reason(text) is None


# --- a heading written in bold -------------------------------------------------------------------

def labels_by_text(text: str, path: str = "docs/retro.md") -> dict:
    features = document_features(analyze_markdown(text, path))
    return {unit.text: label for unit, label in zip(features.units, features.labels)}


BOLD_HEADINGS = """# 회고

## 어려웠던 점과 해결 방법

**1. 카메라 회전 문제**

카메라가 목표 각도로 바로 돌아서 화면이 튀었다. 목표 각도를 향해 보간하도록 바꾸니 부드러워졌고, 처음부터 입력과 회전을 나눠 설계했어야 했다.

**Ana Ruiz**

Ana wrote the save system and reviewed every pull request during the jam.

**We should have tested on a phone in the first week.**

The layout broke on small screens and we found out on the last day, when there was no time left to redo it.
"""


def test_a_heading_written_in_bold_is_a_label_but_a_bold_name_or_sentence_is_not():
    labels = labels_by_text(BOLD_HEADINGS)
    assert labels["1. 카메라 회전 문제"] is True
    assert labels["Ana Ruiz"] is False
    assert labels["We should have tested on a phone in the first week."] is False
    assert not any(snippet.startswith("1. 카메라") for _, snippet in credited(BOLD_HEADINGS, "lessons", "docs/retro.md"))


def test_a_bold_line_with_nothing_after_it_is_not_a_heading():
    labels = labels_by_text("# Notes\n\n## Limits\n\nSome text that says a good deal more than the line after it does.\n\n**No offline mode yet**\n")
    assert labels["No offline mode yet"] is False
