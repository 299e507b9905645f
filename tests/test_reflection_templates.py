"""Templates left unanswered earn no reflection credit, by what their passages do (issue 14), with fixtures written here.

The forms a template takes in any language: a question whose answer is still a blank, a form
of labelled blanks, a table of blanks, a hint after a bracketed slot, an instruction in the
formal imperative, and sections that each hold one short hint. The same questions answered
keep their credit.
"""

from __future__ import annotations

import pytest

from portfolio_audit.analysis import reflection as R
from portfolio_audit.analysis.markdown import analyze_markdown
from portfolio_audit.analysis.placeholders import template_path_reason
from portfolio_audit.analysis.reflection_features import (
    ACT_FEATURES,
    CONTEXT_FEATURES,
    STRUCTURAL_FEATURES,
    document_features,
    units_of,
)


def features_of(text: str, path: str = "docs/retro.md"):
    return document_features(analyze_markdown(text, path))


def prompts_by_text(text: str, path: str = "docs/retro.md") -> dict:
    features = features_of(text, path)
    return {unit.text: prompt for unit, prompt in zip(features.units, features.prompts)}


def credited(text: str, aspect: str, path: str = "docs/retro.md") -> list:
    return [p.snippet for p in R.detect(analyze_markdown(text, path)).passages[aspect]]


# --- blanks: a question, a field, a table, a slot with a hint ------------------------------------

@pytest.mark.parametrize("line", [
    "- **Why did the deploy fail?** [First level cause]",
    "- Was hat gut funktioniert? {Antwort}",
    "- **¿Qué aprendiste?:** {respuesta}",
    "- Qu'avez-vous appris ? [Votre réponse]",
])
def test_a_question_whose_answer_is_a_blank_is_a_prompt(line):
    prompts = prompts_by_text(f"# Review\n\n## Causes\n\n{line}\n")
    assert list(prompts.values()) == ["a question with a blank for its answer"]


@pytest.mark.parametrize("line", [
    "**Owner**: [Name] **Review date**: [Date] **Approved by**: [Manager]",
    "- Kapazität: [Prozent]",
    "- 담당자: {이름}",
])
def test_a_form_of_labelled_blanks_is_a_prompt(line):
    prompts = prompts_by_text(f"# Review\n\n## Sign-off\n\n{line}\n")
    assert list(prompts.values()) == ["a form with its blanks unfilled"]


def test_a_slot_led_hint_is_a_prompt_but_a_footnote_is_not():
    text = ("# Report\n\n## Modules\n\n- [Module 1]: a short description of the first module.\n\n"
            "## Sources\n\n[^1]: Brooks, The Mythical Man-Month, 1975, on adding people to a late project.\n")
    prompts = prompts_by_text(text)
    assert prompts["[Module 1]: a short description of the first module."] == "a bracketed slot left to fill in"
    assert [p for t, p in prompts.items() if "Brooks" in t] == [None]


def test_a_table_of_blanks_is_a_prompt_but_a_table_of_marks_is_not():
    blanks = ("# Retro\n\n## What went well\n\n| Item | What happened | Why |\n|---|---|---|\n"
              "| [Success 1] | [Description] | [Reason] |\n| [Success 2] | [Description] | [Reason] |\n")
    timeline = "# Incident\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| HH:MM | Alert fired |\n| HH:MM | Fixed |\n"
    marks = ("# Compared\n\n## Options\n\n| Option | Offline | Typed |\n|---|---|---|\n"
             "| Ours | ✅ | ✅ |\n| Theirs | ❌ | ✅ |\n")
    assert list(prompts_by_text(blanks).values()) == ["a table of blanks to fill in"]
    assert list(prompts_by_text(timeline).values()) == ["a form with its blanks unfilled"]
    assert list(prompts_by_text(marks).values()) == [None]


def test_an_answered_question_is_no_prompt():
    prompts = prompts_by_text("# Review\n\n## Causes\n\n- **Why did the deploy fail?** The migration ran twice "
                              "because the lock [see the runbook] was not taken.\n")
    assert list(prompts.values()) == [None]


# --- instructions in the formal imperative -------------------------------------------------------

def _row(text: str, name: str) -> float:
    features = features_of(text)
    return features.rows[0][STRUCTURAL_FEATURES.index(name)]


@pytest.mark.parametrize("sentence, instructs", [
    ("Hier dokumentieren Sie Ihre Erkenntnisse zur Teamarbeit.", True),
    ("Bitte beschreiben Sie, was gut und was schlecht lief.", True),
    ("Hier haben wir gelernt, früh zu testen, weil die Schnittstelle wechselte.", False),
    ("Identify the challenges and areas for improvement.", True),
])
def test_an_instruction_may_open_after_an_adverb_with_a_formal_you(sentence, instructs):
    assert _row(f"# Bericht\n\n## Teamarbeit\n\n{sentence}\n", "starts_instruction") == float(instructs)


# --- sections that each hold one short hint ------------------------------------------------------

HINTS = """# Postmortem

## Summary
Short account of the outage.

## Root cause
The underlying cause.

## What went badly
Problems met during recovery.

## Lessons learned
Main takeaways for next time.
"""

ANSWERS = """# Postmortem

## Summary
The payment queue stopped for 40 minutes on 3 May after a schema migration locked the jobs table.

## Root cause
We ran the migration during peak hours because the checklist did not say when to run it.

## Lessons learned
I will schedule migrations off-peak and add the timing to the checklist, since a lock on that
table stops every worker at once.
"""


def test_sibling_sections_of_one_short_hint_are_read_as_a_template():
    features = features_of(HINTS)
    lone = STRUCTURAL_FEATURES.index("lone_short")
    siblings = STRUCTURAL_FEATURES.index("sibling_hints")
    assert [row[lone] for row in features.rows] == [1.0] * 4
    assert all(row[siblings] == 1.0 for row in features.rows)
    assert credited(HINTS, "lessons") == []


def test_the_same_headings_answered_keep_their_credit():
    siblings = STRUCTURAL_FEATURES.index("sibling_hints")
    assert all(row[siblings] == 0.0 for row in features_of(ANSWERS).rows)
    assert any("off-peak" in snippet for snippet in credited(ANSWERS, "lessons"))


def test_a_short_label_over_its_section_is_label_like():
    text = "# Retro\n\n## Learning\n\n**Ana Ruiz**\n\nI learned to profile before optimising, because the slow part was I/O.\n"
    features = features_of(text)
    label_like = STRUCTURAL_FEATURES.index("label_like")
    assert [row[label_like] for row in features.rows] == [1.0, 0.0]


def test_hindsight_is_a_conditional_about_what_happened():
    assert "does_hindsight" in ACT_FEATURES
    hindsight = STRUCTURAL_FEATURES.index("does_hindsight")
    said = features_of("# Notes\n\nIf I did this release again I would ship the migration tool first.\n").rows[0]
    wished = features_of("# Notes\n\nI would like to thank everyone on the team.\n").rows[0]
    assert said[hindsight] > 0 and wished[hindsight] == 0


def test_new_context_features_are_named_once():
    for name in ("lone_short", "sibling_hints", "label_like"):
        assert CONTEXT_FEATURES.count(name) == 1
        assert STRUCTURAL_FEATURES.count(name) == 1


def test_units_of_is_unchanged_by_template_reading():
    text = "# Retro\n\n## What went well\n\n- [Success 1]\n- [Success 2]\n"
    assert [(u.line, u.text) for u in units_of(analyze_markdown(text, "docs/retro.md"))] == [
        (5, "[Success 1]"), (6, "[Success 2]")]


# --- a template by its name: the file or folder says so ------------------------------------------

# Example answers a template writes for its user, beside one blank: they read like a real
# trade-off and a real lesson, but the template wrote them.
TEMPLATE_WITH_EXAMPLES = """# Alternatives

## Option 2: a small queue

- Owner: [Name]

We chose the smaller queue over Kafka because running a cluster would cost more time than the
two of us have, and we accept that replays are slower.

## Looking back

The migration went wrong twice: we wrote it last, it failed in production both times, and each
rollback cost a day. Next time I would write and test the migration first; I learned that the
risky step belongs at the start of a plan, not at its end.
"""


@pytest.mark.parametrize("path", [
    "docs/templates/alternatives.md",
    "rfcs/000-template/alternatives.md",
    "retro-template.md",
    ".github/ISSUE_TEMPLATE/retro.md",
    "plantillas/retro.md",
    "Vorlagen/Rueckblick.md",
    "模板/回顾.md",
])
def test_a_template_by_its_path_earns_nothing_while_it_holds_a_blank(path):
    for aspect in ("tradeoffs", "lessons"):
        assert credited(TEMPLATE_WITH_EXAMPLES, aspect, path) == [], (path, aspect)


def test_the_same_text_elsewhere_and_a_filled_template_keep_their_credit():
    # Outside a template's path the example answers are read as text, and a template filled in
    # completely (no blank, no prompt left) is the author's writing whatever its file is called.
    assert credited(TEMPLATE_WITH_EXAMPLES, "lessons", "docs/decisions/alternatives.md")
    filled = TEMPLATE_WITH_EXAMPLES.replace("[Name]", "Ana Ruiz")
    assert credited(filled, "lessons", "docs/templates/alternatives.md")
    assert credited(filled, "lessons", "retro-template.md")


@pytest.mark.parametrize("path", ["docs/templating.md", "templated-config.md", "docs/contemplate.md", "README.md"])
def test_a_path_that_only_mentions_templating_is_not_a_template(path):
    assert template_path_reason(path) is None
    assert credited(TEMPLATE_WITH_EXAMPLES, "lessons", path)


# --- rating scales, labels over nested items, decoration after a question -------------------------

@pytest.mark.parametrize("line", [
    "*Scale of 1-5 (1=Poor, 5=Excellent)*",
    "Bewertung: 1 = trifft nicht zu, 5 = trifft voll zu",
    "Escala: 1 = nada, 3 = bastante",
])
def test_a_rating_scale_legend_is_a_prompt(line):
    prompts = prompts_by_text(f"# Retro\n\n## Team satisfaction\n\n{line}\n")
    assert list(prompts.values()) == ["a rating scale left to fill in"]


def test_figures_written_as_name_equals_number_are_not_a_scale():
    prompts = prompts_by_text("# Results\n\n## Model\n\nWe reached F1 = 0.83 and recall = 0.79 on the held-out set.\n")
    assert list(prompts.values()) == [None]


NESTED_RETRO = """# Retro

## Week 3

- What went well
  - Pairing on the parser meant we shared one way of thinking, so reviews were quick.
  - I learned to write the failing test first; the refactor after it was painless.
- 楽しかったこと
  - 相談しながら１つのコードを書いていくのが楽しかった。
"""

FLAT_GOALS = """# Design

## Goals

- all-in-one "95%" solution
- do what major clients want, not what any spec says, sacrificing full compatibility
"""


def test_a_list_item_that_labels_the_items_nested_under_it_earns_no_credit():
    features = features_of(NESTED_RETRO)
    labels = {unit.text: label for unit, label in zip(features.units, features.labels)}
    assert labels["What went well"] and labels["楽しかったこと"]
    assert not any(label for text, label in labels.items() if text not in ("What went well", "楽しかったこと"))
    snippets = credited(NESTED_RETRO, "lessons")
    assert snippets and not any(s in ("What went well", "楽しかったこと") for s in snippets)


def test_items_of_one_flat_list_are_not_labels_of_each_other():
    assert not any(features_of(FLAT_GOALS, "docs/design.md").labels)


def test_a_short_credit_over_nested_items_is_not_a_label():
    text = "# Credits\n\n## Thanks\n\n- Thanks to @mara\n  - for the parser rewrite and the review of every release.\n"
    assert not any(features_of(text).labels)


@pytest.mark.parametrize("text", ["SOLL ICH ES MIT WAILS 3.0 NEU BAUEN? 🚀", "Should we rebuild it on Wails? ✅ ★"])
def test_a_question_followed_by_decoration_is_still_only_a_question(text):
    prompts = prompts_by_text(f"# Comparison\n\n## Final comparison\n\n{text}\n", "docs/comparison.md")
    assert list(prompts.values()) == ["a question left for someone to answer"]


def test_a_question_in_a_closing_parenthesis_keeps_the_sentence_a_statement():
    text = "# Notes\n\n## Training\n\nWe trained with DDP, which copies the model to each GPU (can Kaggle do it？)\n"
    assert list(prompts_by_text(text).values()) == [None]


INSTRUCTED = """# Projektabschlussbericht

## Zielerreichung

Hier beschreiben Sie, ob Sie das vereinbarte Ziel erreicht haben.

## Termine

Hier dokumentieren Sie, ob Sie Ihre Termine einhalten konnten.

## Teamarbeit

Hier dokumentieren Sie Ihre Erkenntnisse zur Teamarbeit.

## Sonstige Lernerfahrungen

Hier dokuentieren was sie im Bezug auf das Projekt sonst noch so gelernt haben
"""

INSTRUCTED_AND_ANSWERED = INSTRUCTED + """
## Rückblick

Wir haben gelernt, Termine früher zu planen, weil die Hardware drei Wochen zu spät kam.
"""


def test_a_lone_unit_in_a_template_whose_sections_open_with_instructions_is_a_hint():
    prompts = prompts_by_text(INSTRUCTED, "docs/bericht.md")
    assert prompts["Hier dokuentieren was sie im Bezug auf das Projekt sonst noch so gelernt haben"] == (
        "a hint in a template whose sections open with instructions")
    assert credited(INSTRUCTED, "lessons", "docs/bericht.md") == []


def test_an_answer_in_the_first_person_in_such_a_template_keeps_its_credit():
    prompts = prompts_by_text(INSTRUCTED_AND_ANSWERED, "docs/bericht.md")
    assert prompts["Wir haben gelernt, Termine früher zu planen, weil die Hardware drei Wochen zu spät kam."] is None


def test_a_guide_that_shows_code_is_not_read_as_a_template():
    guide = INSTRUCTED + "\n## Build\n\n```sh\nmake\n```\n"
    prompts = prompts_by_text(guide, "docs/bericht.md")
    assert prompts["Hier dokuentieren was sie im Bezug auf das Projekt sonst noch so gelernt haben"] is None


KOREAN_DECLARATIVE_TEMPLATE = """# 프로젝트 회고 템플릿

## 잘한 점
- 프로젝트에서 잘한 점을 작성합니다.

## 아쉬운 점
- 아쉬웠던 점과 원인을 적습니다.

## 배운 점
- 새롭게 배운 기술이나 교훈을 정리합니다.
"""


def test_a_korean_template_stating_what_goes_in_each_section_earns_nothing():
    prompts = prompts_by_text(KOREAN_DECLARATIVE_TEMPLATE)
    assert all(reason and reason.startswith("an instruction to write") for reason in prompts.values())
    assert credited(KOREAN_DECLARATIVE_TEMPLATE, "lessons") == []


def test_a_korean_answer_that_tells_what_was_done_is_not_an_instruction():
    text = "# 회고\n\n## 배운 점\n\n- 테스트를 먼저 작성했더니 리팩터링이 쉬워졌고, 배포 전에 버그 두 개를 잡았습니다.\n"
    assert list(prompts_by_text(text).values()) == [None]


@pytest.mark.parametrize("line", [
    "This section should contain the lessons learned during the project and what the team would change.",
    "In this section, each member describes their contribution to the project.",
    "Dieser Abschnitt soll die Risiken und ihre Gegenmaßnahmen beschreiben.",
    "Esta sección debe incluir las lecciones aprendidas por el equipo.",
])
def test_a_section_brief_in_its_own_words_is_an_instruction(line):
    prompts = prompts_by_text(f"# Report\n\n## Lessons learned\n\n{line}\n", "docs/report.md")
    assert list(prompts.values())[0].startswith("an instruction to write")
    assert credited(f"# Report\n\n## Lessons learned\n\n{line}\n", "lessons", "docs/report.md") == []


@pytest.mark.parametrize("line", [
    "This section explains how to install the tool on Linux.",
    "In this section I describe what I learned: the cache was the wrong layer, so I moved it to the client.",
])
def test_a_section_that_describes_itself_or_speaks_as_i_is_not_a_brief(line):
    assert list(prompts_by_text(f"# Report\n\n## Notes\n\n{line}\n", "docs/report.md").values()) == [None]


HEADED_AS_TEMPLATE = """# Retrospective

How we run our retrospective at the end of each project.

## Retrospective template

### Role
The roles taken in the project

### Mistakes and limits
Mistakes made and limits met while doing the project

### Retrospect
Overall impressions, and what would remedy the mistakes above

## Upload

Save the file under your own name in this folder and open a pull request.

```
git checkout -b retro
```
"""


def test_a_lone_line_under_a_heading_that_calls_its_section_a_template_is_a_hint():
    prompts = prompts_by_text(HEADED_AS_TEMPLATE)
    for hint in ("The roles taken in the project", "Mistakes made and limits met while doing the project",
                 "Overall impressions, and what would remedy the mistakes above"):
        assert prompts[hint] == "a hint in a section headed as a template"
    assert prompts["How we run our retrospective at the end of each project."] is None
    assert credited(HEADED_AS_TEMPLATE, "lessons") == []


@pytest.mark.parametrize("heading", ["회고록 양식", "Plantilla de retrospectiva", "振り返りテンプレート",
                                     "Vorlage für den Projektbericht"])
def test_the_template_heading_is_read_in_other_languages(heading):
    text = HEADED_AS_TEMPLATE.replace("Retrospective template", heading)
    assert prompts_by_text(text)["The roles taken in the project"] == "a hint in a section headed as a template"


def test_a_first_person_answer_under_a_template_heading_keeps_its_credit():
    answered = HEADED_AS_TEMPLATE.replace(
        "Mistakes made and limits met while doing the project",
        "I underestimated the API work by two weeks because I never read the rate limits, so next time I will prototype it first.")
    prompts = prompts_by_text(answered)
    assert prompts["I underestimated the API work by two weeks because I never read the rate limits, "
                   "so next time I will prototype it first."] is None


THANKS_TO_BLANKS = """# Credits

## Contributors

We thank the following people for their contributions to the project:

- [Name of contributor 1] - calculation features
- **@username2** - user interface improvements
- [Name of contributor 3] - bug fixes

## Special thanks

We thank the following people for their help with the first release:

- Ana Pérez - tested every build on Windows
- [Bob Ng](https://github.com/bobng) - wrote the French translation
"""


def test_a_lead_in_to_blanks_credits_no_one_but_a_lead_in_to_people_keeps_its_place():
    prompts = prompts_by_text(THANKS_TO_BLANKS, "CONTRIBUTORS.md")
    assert prompts["We thank the following people for their contributions to the project:"] == (
        "a lead-in to blanks left to fill in")
    assert prompts["We thank the following people for their help with the first release:"] is None
    assert prompts["Ana Pérez - tested every build on Windows"] is None


@pytest.mark.parametrize("line", [
    "예시: 코드 리뷰 프로세스가 팀 내에서 잘 작동하고 있다. 이를 통해 발견된 버그 수가 줄었다.",
    "Example: the documentation lagged behind the code, so new members took a week to start.",
    "Beispiel: „Die Zusammenarbeit im Team hat sich verbessert.“",
    "Ejemplo: aprendimos a dividir las tareas en partes más pequeñas.",
])
def test_a_sample_answer_a_template_gives_is_a_prompt(line):
    text = f"# Retro\n\n## What went well\n\n- {line}\n"
    assert list(prompts_by_text(text).values()) == ["a sample answer a template gives"]
    assert credited(text, "lessons") == []


def test_a_korean_request_to_record_is_an_instruction():
    text = "# 회고\n\n## Keep\n\n이번 주에 발견한 문제점이나 개선이 필요한 부분을 기록하세요.\n"
    assert list(prompts_by_text(text).values())[0].startswith("an instruction to write")


@pytest.mark.parametrize("line", [
    "Thank you to all the people who have contributed to this project!",
    "Un grand merci à tous ceux qui ont contribué à ce projet.",
    "Gracias a todas las personas que han contribuido a este proyecto con su tiempo y sus ideas, de verdad.",
    "感谢所有为本项目做出贡献的人们！",
    "We extend our thanks to the open-source community for the tools we build on.",
])
def test_thanks_to_everyone_that_name_no_one_earn_no_credit(line):
    text = f"# Credits\n\n## Thanks\n\n{line}\n"
    assert list(prompts_by_text(text, "CREDITS.md").values()) == ["thanks to everyone that name no one"]
    assert credited(text, "collaboration", "CREDITS.md") == []


@pytest.mark.parametrize("line", [
    "Thanks to everyone who tested the beta, especially Ana and Bo.",
    "Thanks to the Rust community and to [Ferris](https://example.org/ferris) for the mascot.",
    "Thanks to @mara and everyone on the forum.",
])
def test_thanks_that_name_someone_beside_everyone_are_not_generic(line):
    assert list(prompts_by_text(f"# Credits\n\n## Thanks\n\n{line}\n", "CREDITS.md").values()) == [None]


def test_a_web_framework_s_templates_section_is_not_a_form():
    text = HEADED_AS_TEMPLATE.replace("Retrospective template", "Templates").replace(
        "The roles taken in the project", "Jinja was chosen over Mako because its sandbox lets users write themes")
    assert prompts_by_text(text)["Jinja was chosen over Mako because its sandbox lets users write themes"] is None
