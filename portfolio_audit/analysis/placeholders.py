"""Unfilled templates and starter boilerplate: prose that must earn no credit however long it is.

Three shapes recur in real READMEs: markers left for later ("TODO", "Coming
soon", "Lorem ipsum"), prompts addressed to the author ("**[describe specific
challenges]**", "- Briefly describe the project goal"), and the text a project
generator writes (Create React App, create-next-app, Vite) that describes the
generator, not the project. Marketing superlatives ("blazing-fast, next-generation")
are listed here too: they fill space without saying anything a reader can check. So are the
blanks a template leaves for answers: a question, a field or a table whose answer is still a
bracketed slot ("Why did it happen? [First level cause]", "Owner: [Name]").
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Optional

from .folded_search import FoldedPattern
from .language import count_words

if TYPE_CHECKING:  # the model's type only: document.py asks this module which sections are hollow
    from .document import MarkdownDoc

_MARKER_ONLY = re.compile(
    r"^\W*(todo|tbd|tba|wip|fixme|xxx|n/?a|coming soon|to be (written|added|done|completed)|"
    r"work in progress|under construction|add (content|text|description) here|lorem ipsum.*|"
    r"\.\.\.|…|placeholder|en construction|à venir|próximamente|demnächst)\W*$",
    re.IGNORECASE,
)
_LOREM = re.compile(r"\blorem ipsum\b", re.IGNORECASE)
# "[describe ...]", "<your name>", "{project name}" that are not Markdown links.
_BRACKET_PROMPT = re.compile(
    r"[\[<{]\s*(describe|mention|explain|add|insert|list|provide|include|write|share|summari[sz]e|"
    r"enter|your|project name|project title|put|fill|give|state|name of|link to|briefly|what|why|how)"
    r"\b[^\]>}]{0,300}[\]>}](?!\()",
    re.IGNORECASE,
)
# Instructions to whoever fills the template in, one per sentence.
_DIRECTIVE = re.compile(
    r"^(briefly\s+)?(describe|explain|summari[sz]e|discuss|mention|list|provide|include|acknowledge|"
    r"insert|outline|specify|highlight|detail|write (a|about|your|here)|add (a|your|any|here)|"
    r"replace (this|with)|fill in|give (a|an)\s+(brief|short|overview))\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
# Sentences and questions in any script; the reflection features split passages the same way.
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")
QUESTION_END = re.compile(r"[?？]\W*$")
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
# A blank a template leaves in brackets or braces ("[First level cause]", "{response}", "{{DATE}}");
# a footnote's "[^1]" is a reference, not a blank.
_SLOT_SOURCE = r"\{\{[^{}\n]{1,80}\}\}|\[(?!\^)[^\]\n]{1,200}\](?!\()|\{[^{}\n]{1,80}\}"
_BRACKET_SLOT = re.compile(_SLOT_SOURCE)
# The same blank opening a unit after list marks; a checkbox ("[ ]", "[x]") is not one.
_LEADING_SLOT = re.compile(r"^[\s\-*•>]*(?!\[[ xX]\])(" + _SLOT_SOURCE + ")")
# A hint after a leading blank is this short ("[Module 1]: a description of the first module").
SLOT_HINT_WORDS = 8
# A field's label in a form ("Meeting Notes:", "Severity:"): a few words and a colon.
_FIELD_LABEL = re.compile(r"[^\W\d_][^:：\n]{0,40}?[:：]")
# A table cell that holds a place: a bracketed blank, a time or date format, a dash.
_BLANK_CELL = re.compile(r"^[\s*_`]*([\[{<][^\]}>]{0,200}[\]}>]|HH:MM(:SS)?|YYYY-MM-DD|DD/MM/YYYY|MM/DD/YYYY|TBD|\.\.\.|…|[-–—]+)"
                         r"[\s*_`]*$")
# Share of a table's body cells left blank from which the table is a form, not a result.
BLANK_TABLE_SHARE = 0.5
# A label and nothing but a bracketed blank after it, in any language: "**Backend**: [technologies
# used and why]", "Tecnologías: [lista]". A Markdown link's brackets are gone from readable text.
_LABELLED_SLOT = re.compile(r"^\W*[^\[\]:：\n]{1,40}[:：]\s*\[(?=[^\]\n]*[^\W\d_]\s+[^\W\d_])[^\]\n]{3,200}\]\W*$")
_TEMPLATE_TITLES = re.compile(
    r"^\W*(project[ _-]?(title|name)|your[ _-]project([ _-]name)?|title of (the|your) project|"
    r"my[ _-]?(awesome[ _-])?project|app[ _-]?name|repo(sitory)?[ _-]?name)\W*$",
    re.IGNORECASE,
)
# A name a template leaves for its user to fill in ("* **Your Name**" under "Authors"): a slot,
# not a person. The whole passage must be the slot, so "Your name is stored locally" is text.
_NAME_SLOT = re.compile(
    r"^\W*(your|author|student|team|member|contributor)[ _-]?(full[ _-]?)?(name|username|user[ _-]name|github"
    r"([ _-](username|handle|profile))?|handle|e-?mail)( (here|goes here))?\W*$|"
    r"^\W*(first[ _-]?name[ _-]?last[ _-]?name|name[ _-]surname|john doe|jane doe|"
    r"votre nom|ton nom|tu nombre|su nombre|dein name|ihr name|seu nome)\W*$",
    re.IGNORECASE,
)
# Sentences project generators write into every new README.
_BOILERPLATE = re.compile(
    r"(bootstrapped with \[?`?create[ -]react[ -]app|bootstrapped with \[?`?create-next-app|"
    r"getting started with create react app|this template provides a minimal setup|"
    r"in the project directory, you can run|runs the app in the development mode|"
    r"launches the test runner in the interactive watch mode|builds the app for production to the|"
    r"this is a one-way operation\. once you|first, run the development server|"
    r"you can start editing the page by modifying|the easiest way to deploy your next\.js app|"
    r"this project uses \[?`?next/font|to learn more about next\.js|learn more in the \[?create react app|"
    r"this project was generated with \[?angular cli|run `ng serve` for a dev server|"
    r"currently, two official plugins are available|this template should help get you started developing with vue|"
    r"recommended ide setup|this is a \[?next\.js\]? project bootstrapped|expanding the eslint configuration|"
    r"you can learn more in the \[?create react app documentation|"
    r"welcome to your new (jekyll|hugo|rails) (site|app)|edit this readme\b|"
    r"use this section to (tell|describe)|replace this (text|readme) with)",
    re.IGNORECASE,
)
_BOILERPLATE_HEADINGS = re.compile(
    r"^\W*(available scripts|learn more|deploy on vercel|getting started with create react app|"
    r"recommended ide setup|customize configuration|project setup|code scaffolding|further help|"
    r"expanding the eslint configuration|react \+ (typescript|vite)|npm (start|test|run \w+)|"
    r"(npm|yarn|pnpm) (start|test|run|build|install|dev|serve|lint|eject)\b.*)\W*$",
    re.IGNORECASE,
)


# Marketing praise: words that claim quality without saying anything checkable.
_PUFFERY = re.compile(
    r"\b(blazing(ly)?[- ]fast|lightning[- ]fast|next[- ]generation|cutting[- ]edge|world[- ]class|best[- ]in[- ]class|"
    r"state[- ]of[- ]the[- ]art|revolution(ary|i[sz]es?)?|game[- ]chang\w+|seamless(ly)?|effortless(ly)?|"
    r"rock[- ]solid|enterprise[- ]grade|delightful|unprecedented|supercharge\w*|next[- ]level|zero hassle|"
    r"peace of mind|with confidence|empowers?|unlock\w*|loved by|(users|teams|everyone) (love|adore)\w*|beautiful)\b",
    re.IGNORECASE,
)
# One superlative is enthusiasm; this many in one passage is a sales pitch.
PUFFERY_LIMIT = 2


_PUFFERY_FOLDED = FoldedPattern(_PUFFERY)


def puffery(text: str) -> list:
    """The marketing superlatives in ``text`` ("blazing-fast", "next-generation", "seamless")."""
    if not _PUFFERY_FOLDED.found(text):
        return []  # most passages: the fast search settles it
    return [match.group(0) for match in _PUFFERY.finditer(text)]


def placeholder_reason(text: str) -> Optional[str]:
    """Why ``text`` (a paragraph, heading or cell) is an unfilled placeholder, or None."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    if _MARKER_ONLY.match(stripped):
        return f"placeholder '{stripped[:40]}'"
    if _LOREM.search(stripped):
        return "lorem ipsum filler"
    if prompt := _BRACKET_PROMPT.search(stripped):
        return "unfilled template prompt " + prompt.group(0)[:60]
    if _LABELLED_SLOT.match(stripped):
        return "a label with a blank to fill in " + stripped[:60]
    sentences = [s for s in _SENTENCE.split(stripped) if s.strip()]
    if sentences and all(_DIRECTIVE.match(s.strip(" -*•")) for s in sentences):
        return "instruction to the template's author"
    if _TEMPLATE_TITLES.match(stripped):
        return f"template title '{stripped[:40]}'"
    if _NAME_SLOT.match(stripped):
        return f"unfilled name slot '{stripped[:40]}'"
    return None


_BOILERPLATE_FOLDED = FoldedPattern(_BOILERPLATE)
# Each paragraph is asked about several times (hollow sections, cues, README checks): the
# answers for recent short texts are kept. Longer texts are rare and searched each time.
MEMO_TEXTS = 8192
MEMO_MAX_CHARS = 2000


def boilerplate_reason(text: str) -> Optional[str]:
    """Why ``text`` is a project generator's stock text, or None."""
    return _boilerplate_memo(text) if len(text) <= MEMO_MAX_CHARS else _boilerplate_reason(text)


def _boilerplate_reason(text: str) -> Optional[str]:
    match = _BOILERPLATE_FOLDED.search(text)
    return f"generator boilerplate ('{match.group(0)[:50]}')" if match else None


_boilerplate_memo = functools.lru_cache(maxsize=MEMO_TEXTS)(_boilerplate_reason)


def _is_boilerplate_heading(heading: str) -> bool:
    return bool(_BOILERPLATE_HEADINGS.match(heading))


def hollow_sections(doc: MarkdownDoc) -> dict:
    """Section index -> reason, for sections whose own text is all placeholder or boilerplate.

    A section with generator text marks the document as generated; then stock
    headings ("Available Scripts", "Learn More") are hollow too even where their
    own sentences are not in the boilerplate list.
    """
    generated = any(boilerplate_reason(p.text) for p in doc.paragraphs) or any(
        boilerplate_reason(s.heading) for s in doc.sections
    )
    hollow: dict = {}
    # Grouped once: filtering every paragraph per section was quadratic on 10,000 headings.
    paragraphs_of: dict = {}
    for paragraph in doc.paragraphs:
        paragraphs_of.setdefault(paragraph.section, []).append(paragraph)
    for section in doc.sections:
        own = paragraphs_of.get(section.index, [])
        if section.level and (placeholder_reason(section.heading) or "").startswith("template title"):
            hollow[section.index] = f"template heading '{section.heading}'"
            continue
        if generated and (_is_boilerplate_heading(section.heading) or boilerplate_reason(section.heading)):
            hollow[section.index] = "generator boilerplate section"
            continue
        if not own:
            continue
        reasons = [placeholder_reason(p.text) or boilerplate_reason(p.text) for p in own]
        filled_words = sum(count_words(p.text) for p, why in zip(own, reasons) if not why)
        if all(reasons) or (generated and any(boilerplate_reason(p.text) for p in own) and filled_words < 40):
            hollow[section.index] = next(r for r in reasons if r) if any(reasons) else "boilerplate"
    return hollow


def blank_answer_reason(text: str) -> Optional[str]:
    """A question or a field whose answer is still a blank, in any language, or None.

    "Why did it happen? [First level cause]", "Did you enjoy it?: {response}", "Owner: [Name]
    Due: [Date]", "[Module 1]: a description of the first module": once the blanks are taken
    out, what is left only asks, only labels, or is a hint a few words long.
    """
    rest = _BRACKET_SLOT.sub(" ", text)
    if rest == text:
        return None
    sentences = [s for s in SENTENCE_END.split(rest.strip()) if _LETTERS.search(s)]
    if sentences and all(QUESTION_END.search(s.rstrip(" :：-–—")) for s in sentences):
        return "a question with a blank for its answer"
    if not _LETTERS.search(_FIELD_LABEL.sub(" ", rest)):
        return "a form with its blanks unfilled"
    if _LEADING_SLOT.match(text) and count_words(rest) <= SLOT_HINT_WORDS:
        return "a bracketed slot left to fill in"
    return None


def blank_table_reason(text: str) -> Optional[str]:
    """A table whose body is mostly blanks ("[Success 1] | [Description] | [Reason]"), or None.

    ``text`` is a table as the reflection features read it: rows joined by " ; ", cells by " | ",
    the header row first.
    """
    rows = text.split(" ; ")[1:]
    cells = [cell for row in rows for cell in row.split(" | ")]
    if not cells:
        return None
    blanks = sum(1 for cell in cells if _BLANK_CELL.match(cell))
    return "a table of blanks to fill in" if blanks / len(cells) >= BLANK_TABLE_SHARE else None
