"""Passages that ask, hold a place or only label, instead of saying something: what earns no reflection credit.

A template's prompts in any language (a question left for someone to answer, a bracketed
slot, a form of blanks, a rating scale, a checklist, an instruction to whoever fills it in),
the shapes a template gives its sections (numbered slots, one short hint per section), and
labels over what follows them. ``reflection_features`` reads these as features and
``reflection.creditable`` keeps the prompts and labels from credit.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from .markdown import MarkdownDoc, count_words
from .people import names_a_person
from .placeholders import blank_answer_reason, blank_table_reason, boilerplate_reason, placeholder_reason, request_reason
from .reflection_lexicon import FEATURES
from .reflection_units import Unit

_FIRST_SINGULAR = FEATURES.index("first_singular")
_FIRST_PLURAL = FEATURES.index("first_plural")
_THANKS = FEATURES.index("thanks")
DIGIT = re.compile(r"\d")
# Blanks a template leaves: a passage that is one bracketed phrase, a date format, letter slots.
_WHOLE_SLOT = re.compile(r"^\W*[\[<{][^\]>}]{1,200}[\]>}]\W*$")
_DATE_SLOT = re.compile(r"\b(DD/MM/YYYY|MM/DD/YYYY|YYYY-MM-DD|DD\.MM\.YYYY|JJJJ|AAAA|HH:MM(?::SS)?)\b")
_LETTER_SLOT = re.compile(r"(?<![\w/])(X{1,3}|N)(?=\s*(/|%|\b[a-zà-ÿ]{2,}))")
_CHECKBOX = re.compile(r"^\s*\[[ xX]?\]\s")
# A template's sample answer, labelled as one ("예시: 코드 리뷰가 잘 작동한다", "Example: the docs
# lagged behind", "Ejemplo: …"): what an answer could say, not what anyone did.
_SAMPLE_LEAD = re.compile(
    r"^\W*(?:example|sample(?: answer)?|e\.g\.|ejemplo|exemple|exemplo|beispiel|esempio|voorbeeld|пример|"
    r"예시|예|回答例|記入例|例|示例|范例|範例)\s*[:：]", re.IGNORECASE)
# A rating scale's legend, in any language: a number set equal to what it means ("1=Poor",
# "5 = trifft voll zu"), twice. Figures are written the other way round ("F1 = 0.8").
_SCALE_POINT = re.compile(r"(?<![\w.])\d{1,2}\s*=\s*[^\W\d_]")
SCALE_WORDS = 24
# A heading the parser did not read as one (AsciiDoc "== Title", a Markdown heading in plain text).
_UNREAD_HEADING = re.compile(r"^\s*(={1,6}|#{1,6})\s+\S")
# Numbered blanks of a template ("Skill 1", "Skill 2") are this short; the number is masked.
SLOT_WORDS = 8
_NUMBER_RUN = re.compile(r"\d+")
# A lead-in this short that ends with a colon and has nothing after it is a label, not a passage.
LABEL_WORDS = 8
# A section holding one unit this short is a hint of what to write ("Key takeaways.", "Brief
# description of what happened.", "본 프로젝트에서 맡은 역할 리스트") when most of its sibling
# sections have the same shape; an answer says more. Counted only in documents of at least
# HINT_SECTIONS headed sections with content, so one short section is never a template.
HINT_WORDS = 12
HINT_SECTIONS = 3
# A document is a template when at least this many of its headed sections, and half of them,
# open with an instruction or a prompt.
TEMPLATE_SECTIONS = 3
# A unit this short with no sentence punctuation, followed by more of its section, is a label
# over what follows (a bold list item or a person's name used as a sub-heading).
LABEL_LIKE_WORDS = 5
# A line written as a heading in bold is at most this long.
BOLD_HEADING_WORDS = 10

_SENTENCE_MARK = re.compile(r"[.!?;:,。！？：；，、]")
# Thanks to everyone and no one in particular ("Thank you to all the people who contributed",
# "Un grand merci à tous ceux qui…", "Gracias a todas las personas…", "感谢所有为本项目做出贡献的人们"):
# the collective the thanks go to, in each language. A credit names someone.
_EVERYONE = re.compile(
    r"\b(everyone|everybody|all (?:the |of the |our )?(?:people|contributors|users|those|who|supporters|members)|"
    r"(?:the |our )?(?:open[- ]source )?community|many (?:people|contributors|individuals|others|friends)|"
    r"those who|anyone who|todos|todas|todo el mundo|muchas personas|los que|las que|quienes|tous|toutes|tout le monde|"
    r"de nombreuses personnes|ceux qui|celles qui|communaut[ée]|allen|alle|jedem|jeder|viele(?:n)? (?:menschen|leute|personen)|"
    r"diejenigen|gemeinschaft|comunidad|comunidade|tutti|tutte|iedereen)\b|"
    r"모든\s?분|모두|여러분|皆様|皆さん|みなさん|みんな|所有|大家|各位|社区|社群", re.IGNORECASE)
# Who is named instead: a capitalised word inside the sentence, a handle, a person, a link.
_MID_CAPITAL = re.compile(r"(?<=[a-zà-ÿ,;] )[A-Z]")
_IN_PARTICULAR = re.compile(r"\b(especially|particular(?:ly)?|special|notably|besonders|insbesondere|particulier|"
                            r"especial(?:mente)?|sobre todo|in particolare)\b|특히|特に|特别|特別", re.IGNORECASE)
GENERIC_THANKS_WORDS = 40
# A heading that names what is under it a form to fill in: a document form ("회고록 양식",
# "報告書の様式") or a template of a kind of writing ("Retrospective template", "Plantilla de
# reflexión", "Vorlage für den Bericht", "振り返りテンプレート"). "Templates" alone is as often a
# web framework's page templates, so the word needs the kind of writing beside it; words that
# also mean a model (pt "modelo", fr "modèle") are left out.
_TEMPLATE_WORD = re.compile(r"\b(templates?|plantillas?|vorlagen?|шаблоны?|gabarit)\b|テンプレ|模板|模版|템플릿",
                            re.IGNORECASE)
_FORM_WORD = re.compile(r"様式|書式|양식|서식")
# A question written without its mark, as template bullets often are ("What project is this
# for", "Why is this needed", "What constraints does your scheduler consider"): a question word,
# at most two words that are no pronoun or article, then the verb that English puts before its
# subject in a question. "How it works", "What it does" and "Why this matters" keep the
# statement's order and are labels, not questions.
_UNMARKED_QUESTION = re.compile(
    r"^\W*(?:what|why|how|which|who|when|where)(?:\s+(?!(?:i|it|we|you|they|he|she|this|that|these|those|the|a|an|"
    r"my|our|your|its|their|to)\b)[a-z-]+){0,2}\s+(?:is|are|was|were|do|does|did|can|could|should|would|will|"
    r"has|have|had|must)\b[^.!?:;]*$", re.IGNORECASE)
UNMARKED_QUESTION_WORDS = 14
# An answer written on the line under its prompt is at least this long ("Yes." answers nothing shown alone).
ANSWER_WORDS = 3
# A lead-in that calls the list under it prompts or questions to answer ("Prompts:", "Guiding
# questions:", "Questions to consider:", "Leitfragen:", "Preguntas:", "질문:", "問い:").
_PROMPTS_LEAD = re.compile(
    r"^\W*(?:(?:guiding|reflection|reflective|discussion|review|key|some|optional|helpful|self-assessment)\s+)?"
    r"(?:prompts?|questions?(?:\s+to\s+(?:answer|consider|think about|address|reflect on))?|"
    r"things\s+to\s+(?:consider|think about|answer|address)|consider(?:\s+the\s+following)?|"
    r"leitfragen|fragen|preguntas(?:\s+gu[íi]a)?|perguntas|questions\s+guides|domande|вопросы|"
    r"질문|생각해\s?볼\s?(?:점|것)|問い|質問|問題|思考题|引导问题|问题)\W*[:：]\s*$", re.IGNORECASE)
_WRITING_KIND = re.compile(
    r"\b(retro\w*|reflect\w*|report|review|post-?mortem|lessons?|decisions?|adr|rfc|proposal|submission|feedback|"
    r"readme|journal|diary|log|reflexi[óo]n|reflex[ãa]o|informe|relat[óo]rio|bericht|reflexion|rapport|r[ée]flexion|"
    r"retrospectiv\w*|отч[её]т)\b|bericht|회고|보고|振り返り|報告|反思|复盘|總結|总结|报告", re.IGNORECASE)


def is_prompt(unit: Unit, placeholder: Optional[str] = "") -> Optional[str]:
    """Why ``unit`` asks or holds a place instead of saying something, or None.

    A placeholder ("TODO", lorem ipsum, "[describe the challenges]"), generator boilerplate,
    a passage that is only questions, or only instructions to whoever fills the template in.
    """
    text = unit.text
    if placeholder == "":
        placeholder = placeholder_reason(text)
    if reason := placeholder or boilerplate_reason(text) or request_reason(text):
        return reason
    sentences = unit.sentences
    if sentences and unit.questions == len(sentences):
        return "a question left for someone to answer"
    if unit.words <= UNMARKED_QUESTION_WORDS and text.isascii() and _UNMARKED_QUESTION.match(text):
        return "a question left for someone to answer, without its mark"
    if _CHECKBOX.match(text):
        return "a checklist item"
    if unit.words <= SCALE_WORDS and len(_SCALE_POINT.findall(text)) >= 2:
        return "a rating scale left to fill in"
    heading = _UNREAD_HEADING.match(text)
    if heading and "?" in text:
        return "a question heading with instructions under it"
    if _WHOLE_SLOT.match(text):
        return "a bracketed slot left to fill in"
    if _SAMPLE_LEAD.match(text):
        return "a sample answer a template gives"
    if _DATE_SLOT.search(text) or len(_LETTER_SLOT.findall(text)) >= 2:
        return "a form with its blanks unfilled"
    if unit.kind == "table":
        return blank_table_reason(text)
    if "[" in text or "{" in text:
        return blank_answer_reason(text)
    return None


def answer_starts(units: list, prompts: list) -> list:
    """Per unit, where its answer starts in its text when it opens with a prompt on its own line and answers it on the next (0: nowhere).

    A template answered in place often puts the answer on the line under its question, with no
    blank line between ("- Describe one trade-off your scheduler makes.\n`plan()` is greedy…",
    "배운 점을 작성하면 좋습니다.<br>배운 점: …"), and Markdown joins the two lines in one block.
    The block is read whole, since the question says what the answer is about ("Which
    classmates did you consult?" / "Rachel, in office hours"), but only the answer is the
    author's: its lines and words are what a credit shows. Only a first line that is a prompt
    alone, over a rest of at least ANSWER_WORDS words that is no prompt, is set apart.
    """
    starts = [0] * len(units)
    for index, (unit, prompt) in enumerate(zip(units, prompts)):
        cut = unit.first_break
        if not cut or prompt is not None or unit.end_line <= unit.line or unit.kind == "table":
            continue
        head_text = unit.text[:cut].strip()
        # A hard-wrapped line that stops mid-sentence ("…runs on laptops,") asks nothing: most
        # multi-line blocks are such prose, and asking each first line costs a tenth of the features.
        if head_text[-1:].isalnum() or head_text.endswith(","):
            if " " in head_text and head_text.isascii() and not _UNMARKED_QUESTION.match(head_text):
                continue
        head = replace(unit, end_line=unit.line, text=head_text, inline_code=(), hrefs=(), first_break=0)
        if not is_prompt(head):
            continue
        rest = replace(unit, line=unit.line + 1, text=unit.text[cut:].strip(), bold_lead=None, first_break=0)
        if count_words(rest.text) >= ANSWER_WORDS and is_prompt(rest) is None:
            starts[index] = cut
    return starts


def listed_prompts(units: list, prompts: list, counts: list) -> None:
    """Mark the list under a lead-in that calls it prompts or questions ("Prompts:", "Guiding questions:") as prompts, and the lead-in.

    The author of the template says what the items are: topics to write about ("Features it does
    not consider", "Cases where the system overfits"), whatever their words. An item that speaks
    as "I" or "we" is an answer written into the list, and is kept.
    """
    for index, unit in enumerate(units):
        if unit.kind == "table" or unit.words > LABEL_WORDS or not _PROMPTS_LEAD.match(unit.text):
            continue
        following = index + 1
        while (following < len(units) and units[following].section == unit.section
               and units[following].kind == "list_item" and units[following].depth > unit.depth):
            if not prompts[following] and not (counts[following][_FIRST_SINGULAR] or counts[following][_FIRST_PLURAL]):
                prompts[following] = "an item of a list its template calls prompts"
            following += 1
        if following > index + 1 and not prompts[index]:
            prompts[index] = "a lead-in to a template's prompts"


def label_without_content(units: list, prompts: list) -> None:
    """Mark lead-ins ending with a colon whose section holds nothing but prompts after them.

    A short label ("Teamwork:") with nothing after it in its section is marked too. A longer
    lead-in ("We thank the following people for their work:") is marked only when it is one
    sentence and what it introduces is there and all blanks ("@username1 – core editor", "[Name
    of contributor 1]"): with nothing after it, it may introduce a code block or a picture, and
    a paragraph that says something before its colon keeps what it says. Read from the end, so a
    run of labels over an empty form is marked as a whole.
    """
    # Section -> are all the units after the current one in it prompts (None: there are none)?
    # A section's units are consecutive, so reading from the end keeps this as it goes.
    rest_prompts: dict = {}
    for index in range(len(units) - 1, -1, -1):
        unit = units[index]
        rest = rest_prompts.get(unit.section)
        if not prompts[index] and unit.text.rstrip().endswith((":", "：")):
            if unit.words <= LABEL_WORDS:
                if rest is None or prompts[index + 1]:
                    prompts[index] = "a label with nothing after it"
            elif len(unit.sentences) <= 1 and rest:
                prompts[index] = "a lead-in to blanks left to fill in"
        rest_prompts[unit.section] = bool(prompts[index]) and rest is not False


def numbered_slots(units: list, prompts: list) -> None:
    """Mark short siblings that differ only by a number ("Challenge 1 → how I solved it", "Challenge 2 → ...").

    A template numbers the blanks it leaves; written items differ in their words.
    """
    by_key: dict = {}
    for index, unit in enumerate(units):
        if prompts[index] or unit.words > SLOT_WORDS or not DIGIT.search(unit.text):
            continue
        key = (unit.section, _NUMBER_RUN.sub("#", unit.text.strip().lower()))
        by_key.setdefault(key, []).append(index)
    for indices in by_key.values():
        if len(indices) >= 2:
            for index in indices:
                prompts[index] = "a numbered slot left to fill in"


def section_sizes(units: list) -> dict:
    """Section index -> how many of ``units`` stand in it."""
    sizes: dict = {}
    for unit in units:
        sizes[unit.section] = sizes.get(unit.section, 0) + 1
    return sizes


def lone_short(units: list) -> list:
    """Per unit: is it the only unit of its section, and at most HINT_WORDS long?"""
    sizes = section_sizes(units)
    return [sizes[u.section] == 1 and u.words <= HINT_WORDS for u in units]


def sibling_hint_share(doc: MarkdownDoc, units: list, lone: list) -> tuple:
    """(headed sections with content, share of them that hold one short unit): a template's shape.

    The share is 0 below HINT_SECTIONS headed sections: one short section is not a pattern.
    """
    headed = {u.section for u in units if 0 <= u.section < len(doc.sections) and doc.sections[u.section].level}
    lone_sections = {u.section for u, flag in zip(units, lone) if flag and u.section in headed}
    return headed, (len(lone_sections) / len(headed) if len(headed) >= HINT_SECTIONS else 0.0)


def label_like(units: list, index: int) -> bool:
    """Is the unit a short label over the rest of its section, not a sentence?"""
    unit = units[index]
    if unit.words > LABEL_LIKE_WORDS or _SENTENCE_MARK.search(unit.text):
        return False
    following = units[index + 1] if index + 1 < len(units) else None
    return following is not None and following.section == unit.section and following.words > unit.words


def label_over(units: list, index: int, attributed: int = 0) -> bool:
    """Is the unit a list item that only labels the items nested under it ("- What went well", "- 楽しかったこと")?

    What the label names is said by the items under it, which earn the credit; the label itself
    says nothing. A trailing colon is allowed ("Good:"); an item that names or links someone
    ("Thanks to Bob", "@ana") is a short credit, not a label. Items of one flat list are never
    labels of each other.
    """
    unit = units[index]
    if unit.kind != "list_item" or attributed:
        return False
    text = unit.text.strip().rstrip(":：")
    # Words as a reader counts them (unit.words weighs unspaced scripts twice, for the features).
    if count_words(text) > LABEL_LIKE_WORDS or _SENTENCE_MARK.search(text) or unit.hrefs or "@" in text or names_a_person(text):
        return False
    following = units[index + 1] if index + 1 < len(units) else None
    return (following is not None and following.section == unit.section and following.kind == "list_item"
            and following.depth > unit.depth)


def bold_heading(units: list, index: int, attributed: int = 0) -> bool:
    """Is the unit a heading written in bold ("**1. 카메라 회전 문제**", "**Gestión de Proyecto**"), over the text it heads?

    The whole unit is bold, short and no sentence; what it names is said by the longer unit after
    it in its section, which earns the credit. A bold name ("**Ana Ruiz**") over what she did is
    a credit and stays one, as in ``label_over``.
    """
    unit = units[index]
    lead = unit.bold_lead
    if not lead or attributed or unit.hrefs or unit.kind == "table" or "@" in unit.text:
        return False
    text = unit.text.strip().rstrip(":：").strip()
    if lead.strip().rstrip(":：").strip() != text or count_words(text) > BOLD_HEADING_WORDS:
        return False
    if text.endswith((".", "!", "?", "。", "！", "？")) or names_a_person(text):
        return False
    following = units[index + 1] if index + 1 < len(units) else None
    return following is not None and following.section == unit.section and following.words > unit.words


def template_hints(doc: MarkdownDoc, units: list, prompts: list, instructions: list, counts: list) -> None:
    """In a document whose sections open with instructions, mark a section's only unit as a hint unless it speaks as "I" or "we".

    A template that tells whoever fills it in what to write ("Hier dokumentieren Sie …",
    "Describe …") in most of its sections is a template, and a section holding one unit
    alone there is its hint, whatever words the detectors missed (a typo, a noun phrase: "Mistakes
    and limits met during the project"). A filled template keeps its instruction above the
    answer, so an answered section holds two units; an answer alone in its section in the
    first person is kept too. ``counts`` are the units' ``word_counts``, where "I" and "we" are read.
    """
    _headed_as_template(doc, units, prompts, counts)
    if doc.code_blocks:
        return  # a guide that opens its sections with "Add …" and shows code instructs its reader, not a template's
    first_of: dict = {}
    for index, unit in enumerate(units):
        first_of.setdefault(unit.section, index)
    headed = [section for section in first_of if 0 <= section < len(doc.sections) and doc.sections[section].level]
    instructed = [section for section in headed if prompts[first_of[section]] or instructions[first_of[section]]]
    if len(instructed) < TEMPLATE_SECTIONS or 2 * len(instructed) < len(headed):
        return
    sizes = section_sizes(units)
    for section in headed:
        index = first_of[section]
        if sizes[section] == 1 and not prompts[index] and not (counts[index][_FIRST_SINGULAR] or counts[index][_FIRST_PLURAL]):
            prompts[index] = ("an instruction to whoever fills the template in" if instructions[index]
                              else "a hint in a template whose sections open with instructions")


def _headed_as_form(heading: str) -> bool:
    """Does ``heading`` call its section a form, or a template of a kind of writing?"""
    return bool(_FORM_WORD.search(heading) or (_TEMPLATE_WORD.search(heading) and _WRITING_KIND.search(heading)))


def _headed_as_template(doc: MarkdownDoc, units: list, prompts: list, counts: list) -> None:
    """Under a heading that calls its section a template or a form, a sub-section's only unit is its hint unless it speaks as "I" or "we".

    The author says what the section is: its sub-sections are the template's slots, and a line
    alone in one ("본 프로젝트에서 맡은 역할 리스트", "Mistakes and limits met during the project")
    says what to write there. An answer in the first person is kept, as in ``template_hints``.
    """
    templates = [section.index for section in doc.sections if section.level and _headed_as_form(section.heading)]
    if not templates:
        return
    slots = {sub for index in templates for sub in doc.scope(index) if sub != index}
    sizes = section_sizes(units)
    for index, unit in enumerate(units):
        if (unit.section in slots and sizes[unit.section] == 1 and not prompts[index]
                and not (counts[index][_FIRST_SINGULAR] or counts[index][_FIRST_PLURAL])):
            prompts[index] = "a hint in a section headed as a template"


def generic_thanks(units: list, prompts: list, counts: list) -> None:
    """Mark thanks to everyone that name no one ("Thanks to all the people who contributed!") as earning no credit.

    A credit names someone: a person, a handle, a linked project. Thanks to a collective
    ("everyone", "the open-source community", "todas las personas", "大家") with no name, link
    or handle beside it, and no "especially …" naming someone after it, is a courtesy a
    template writes as easily as a person. The items of a list under "Thanks to:" are thanks
    too ("- Los que han compartido el proyecto"); when every one of them names no one, the
    lead-in is marked with them.
    """
    lead = None  # the "Thanks to:" over the list being read, and whether all its items so far name no one
    for index, unit in enumerate(units):
        if lead is not None and not (unit.kind == "list_item" and unit.section == units[lead[0]].section):
            _close_lead(units, lead, index, prompts)
            lead = None
        thanked = counts[index][_THANKS]
        if lead is None and thanked and unit.kind != "list_item" and unit.text.rstrip().endswith((":", "：")):
            lead = [index, True]
            continue
        if prompts[index] or not (thanked or lead is not None) or unit.words > GENERIC_THANKS_WORDS:
            continue
        if _names_no_one(unit):
            prompts[index] = "thanks to everyone that name no one"
        elif lead is not None:
            lead[1] = False
    if lead is not None:
        _close_lead(units, lead, len(units), prompts)


def _names_no_one(unit: Unit) -> bool:
    """Does ``unit`` thank a collective without naming, linking or pointing at anyone?"""
    text = unit.text
    if not _EVERYONE.search(text) or _IN_PARTICULAR.search(text) or "@" in text or unit.inline_code:
        return False
    return not (any(h and not h.startswith("#") for h in unit.hrefs) or _MID_CAPITAL.search(text) or names_a_person(text))


def _close_lead(units: list, lead: list, end: int, prompts: list) -> None:
    """Mark a "Thanks to:" lead-in whose list items all thank no one in particular (or, with no list, that itself names no one)."""
    index, all_generic = lead
    if prompts[index] or units[index].words > GENERIC_THANKS_WORDS:
        return
    if end == index + 1:
        if _names_no_one(units[index]):
            prompts[index] = "thanks to everyone that name no one"
    elif all_generic and all(prompts[i] for i in range(index + 1, end)):
        prompts[index] = "a lead-in to thanks that name no one"
