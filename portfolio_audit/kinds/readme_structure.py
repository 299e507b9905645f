"""The ``readme_structure`` kind: whether a reader can scan the README.

Headings for its length, no walls of text, no empty sections, and section names written as
headings rather than as plain lines a reader cannot jump to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis.markdown import count_words
from ..context import RepoContext
from . import Evidence, Measurement, kind, parameter
from .readme_text import MAX_EXAMPLES, THIN_README_SCORE, readme_doc, snippet_of, substantive_paragraphs

# A paragraph longer than this reads as a wall of text: readers skim past it instead of reading it.
DEFAULT_WALL_WORDS = 150
# About a screen of text per heading lets a reader scan to the part they need.
DEFAULT_WORDS_PER_HEADING = 250
# Below this a README is a few lines: it needs no headings, so its structure is not judged.
DEFAULT_STRUCTURE_MIN_WORDS = 40
# Each wall of text costs this share of the structure score, at most MAX_WALL_PENALTY in all:
# walls hurt scanning, but a README with headings for its length keeps some credit.
WALL_PENALTY = 0.3
MAX_WALL_PENALTY = 0.6
# Headings named in the evidence: enough to show the outline without copying all of it.
MAX_HEADINGS_LISTED = 6
# A section name written as a plain line ("Overview", "What It Does:") names a section a
# reader cannot jump to: it counts as half a heading, and a README whose sections are named
# so (at least PLAIN_NAMES_FOR_OUTLINE of them, more than its headings) scores at most
# PLAIN_NAMES_SCORE, a warning.
PLAIN_NAME_MAX_WORDS = 6
PLAIN_NAME_HEADING_WORTH = 0.5
PLAIN_NAMES_FOR_OUTLINE = 2
PLAIN_NAMES_SCORE = 0.6
# A line that ends like a sentence or a clause is text, not a name.
_SENTENCE_END = re.compile(r"[.!?,;。！？、]\s*$")
# A heading this long, or one holding a link, says something itself ("Status: alpha, do not
# use in production"): nothing under it is no empty section.
STATEMENT_HEADING_WORDS = 6


@dataclass(frozen=True)
class ReadmeStructureParameters:
    """The parameters of ``readme_structure``: the neutral defaults; a rule file sets its own values."""

    wall_words: int = parameter(DEFAULT_WALL_WORDS, at_least=1)
    words_per_heading: int = parameter(DEFAULT_WORDS_PER_HEADING, at_least=1)
    min_words: int = parameter(DEFAULT_STRUCTURE_MIN_WORDS, at_least=0)


def plain_section_names(doc) -> list:
    """Paragraphs that only name the section after them: one short line, no sentence end, text below it.

    Each is a paragraph of its own (not a list item or a quote) with a paragraph of the same
    section after it, starting with a capital (or a letter of a script without case).
    """
    paragraphs = doc.paragraphs
    names = []
    for here, after in zip(paragraphs, paragraphs[1:]):
        if (here.container == "paragraph" and here.line == here.end_line and after.section == here.section
                and here.words <= PLAIN_NAME_MAX_WORDS and not here.hrefs and not here.inline_code
                and not _SENTENCE_END.search(here.text) and _starts_like_a_name(here.text)):
            names.append(here)
    return names


def empty_sections(doc) -> list:
    """Indices of headed sections with nothing under them: no text, code, table, picture or subsection.

    The headings above the first content (a title, a subtitle, a byline) are left out, and so is
    a heading that is itself a statement (over STATEMENT_HEADING_WORDS words, or a link).
    """
    held: set = set()
    for items in (doc.paragraphs, doc.code_blocks, doc.tables, doc.images):
        held.update(item.section for item in items)
    # The title and any subtitle or byline headings under it, before the first content.
    title_block = min(held, default=len(doc.sections))
    empty = []
    for section in doc.sections:
        if not section.level or section.index in held or section.index in doc.hollow or section.index < title_block:
            continue
        if len(doc.scope(section.index)) > 1:
            continue  # it has subsections: a parent heading needs no text of its own
        if count_words(section.heading) > STATEMENT_HEADING_WORDS or any(
                link.section == section.index for link in doc.links):
            continue
        empty.append(section.index)
    return empty


def _starts_like_a_name(text: str) -> bool:
    """The first letter is a capital, or of a script without case (Han, Kana, Hangul)."""
    first = next((ch for ch in text if ch.isalpha()), None)
    return first is not None and not first.islower()


@kind("readme_structure", parameters=ReadmeStructureParameters)
def readme_structure(ctx: RepoContext, params: ReadmeStructureParameters) -> Measurement:
    """Whether a reader can scan the README: headings for its length and no walls of text.

    The heading share (one per ``words_per_heading`` words; a section name written as a plain
    line counts PLAIN_NAME_HEADING_WORTH) is scaled down by WALL_PENALTY per paragraph over
    ``wall_words`` and by the share of empty sections; a README outlined by plain lines rather
    than headings scores at most PLAIN_NAMES_SCORE. A README under ``min_words`` has nothing to
    structure yet and scores THIN_README_SCORE.
    """
    wall_words = params.wall_words
    words_per_heading = params.words_per_heading
    min_words = params.min_words
    assert ctx.readme is not None  # its rules require a README, which the engine checks first
    path = ctx.readme.path
    doc = readme_doc(ctx)
    paragraphs = substantive_paragraphs(doc)
    words = sum(p.words for p in paragraphs)
    empty = empty_sections(doc)
    headings = [s for s in doc.sections if s.level and s.index not in doc.hollow and s.heading and s.index not in empty]
    hollow = sorted([doc.sections[i] for i in doc.hollow if doc.sections[i].level] + [doc.sections[i] for i in empty],
                    key=lambda section: section.index)
    reasons = {**doc.hollow, **{i: "nothing under the heading" for i in empty}}
    values = {"words": words, "headings": len(headings), "walls": 0, "hollow": len(hollow)}
    if words < min_words:
        return Measurement(
            score=THIN_README_SCORE,
            summary=f"only {words} words of real content: nothing to structure yet",
            evidence=(Evidence(path, 1, snippet_of(doc.title or ""), f"{words} words of real content", positive=False),),
            values=values,
        )
    plain_names = plain_section_names(doc)
    outlined_by_plain_lines = len(plain_names) >= PLAIN_NAMES_FOR_OUTLINE and len(plain_names) > len(headings)
    needed = max(1, words // words_per_heading)
    heading_worth = len(headings) + (PLAIN_NAME_HEADING_WORTH * len(plain_names) if outlined_by_plain_lines else 0)
    heading_score = 1.0 if words <= words_per_heading else min(1.0, heading_worth / needed)
    walls = [p for p in paragraphs if p.words > wall_words]
    wall_penalty = min(MAX_WALL_PENALTY, WALL_PENALTY * len(walls))
    all_sections = max(1, len([s for s in doc.sections if s.level]))
    hollow_share = len(hollow) / all_sections
    score = heading_score * (1 - wall_penalty) * (1 - hollow_share)
    if outlined_by_plain_lines:
        score = min(score, PLAIN_NAMES_SCORE)
    evidence = [Evidence(path, headings[0].line if headings else 1, ", ".join(s.heading for s in headings[:MAX_HEADINGS_LISTED]) or None,
                         f"{len(headings)} headings for {words} words")]
    if outlined_by_plain_lines:
        evidence.append(Evidence(path, plain_names[0].line, ", ".join(p.text for p in plain_names[:MAX_HEADINGS_LISTED]),
                                 f"{len(plain_names)} section names written as plain lines, not headings a reader "
                                 "can jump to", positive=False))
    for wall in walls[:MAX_EXAMPLES]:
        evidence.append(Evidence(path, wall.line, snippet_of(wall.text), f"wall of text: {wall.words} words in one paragraph", positive=False))
    for section in hollow[:MAX_EXAMPLES]:
        evidence.append(Evidence(path, section.line, section.heading, f"empty section: {reasons[section.index]}", positive=False))
    summary = f"{len(headings)} headings, {len(walls)} walls of text, {len(hollow)} empty sections for {words} words"
    if outlined_by_plain_lines:
        summary += f"; {len(plain_names)} section names are plain lines"
    return Measurement(score=score, summary=summary, evidence=tuple(evidence),
                       values=dict(values, walls=len(walls)))
