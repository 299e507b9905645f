"""The units of a document the reflection features read: paragraphs, list items, blockquotes, HTML text and tables."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import Optional

from .markdown import MarkdownDoc, count_words
from .placeholders import QUESTION_END, split_sentences

# Units read per document. Hand-written docs have hundreds (the corpus's longest has 1,437);
# a generated or hostile file of 65,000 one-letter bullets stops here, in bounded time.
MAX_UNITS = 5_000
# A table is read as one unit; its text is capped like a long paragraph.
MAX_UNIT_CHARS = 4_000

_UNSPACED_CHAR = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Symbols (emoji, ★, ✅), with the joiners, variation selectors and spaces that build them.
_DECORATION_CATEGORIES = frozenset({"So", "Sk", "Sm", "Cf", "Mn", "Me", "Zs", "Cc"})
_HTML_COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)
# reST comments (".. text" that is no directive) are notes to the author, never shown.
_RST_COMMENT = re.compile(r"^\.\.\s+(?![\w-]+::)(?!\[)(?!_)")
_RST_SUFFIXES = (".rst", ".txt", ".rest")


@dataclass(frozen=True)
class Unit:
    """One passage a reader sees: its lines, its readable text, its kind and its section."""

    line: int
    end_line: int
    text: str
    kind: str  # "paragraph", "list_item", "blockquote", "html" or "table"
    section: int
    ordered: bool = False
    bold_lead: Optional[str] = None
    inline_code: tuple = ()
    hrefs: tuple = ()
    depth: int = 0  # lists it is nested in (Paragraph.depth)
    first_break: int = 0  # characters of ``text`` on its first line, when more lines follow (Paragraph.first_break)

    @cached_property
    def words(self) -> int:
        """Words, with unspaced scripts counted at two characters a word (counted once: asked some seven times a unit)."""
        return count_words(self.text) + len(_UNSPACED_CHAR.findall(self.text)) // 2

    @cached_property
    def sentences(self) -> tuple:
        """The unit's sentences (read by is_prompt and the form features).

        A piece of symbols only after a sentence mark ("Should I rebuild it? 🚀", "Done. ✅") is
        decoration, not a sentence that says or asks anything; white space is not one either.
        """
        return tuple(s for s in split_sentences(self.text) if s.strip() and not _decoration(s))

    @cached_property
    def questions(self) -> int:
        """How many of ``sentences`` end as questions."""
        return sum(1 for s in self.sentences if QUESTION_END.search(s))


def _decoration(piece: str) -> bool:
    """Is ``piece`` only symbols and what joins them, no letter, digit or punctuation?"""
    return all(unicodedata.category(char) in _DECORATION_CATEGORIES for char in piece)


def units_of(doc: MarkdownDoc) -> list:
    """Every paragraph-like block and table of ``doc``, in line order, HTML comments removed."""
    units = []
    rst = doc.path.lower().endswith(_RST_SUFFIXES)
    for paragraph in doc.paragraphs:
        text = paragraph.text
        first_break = paragraph.first_break
        if rst and _RST_COMMENT.match(text):
            continue
        if "<!--" in text:
            text = _HTML_COMMENT.sub(" ", text).strip()
            first_break = 0  # the offsets were of the text with its comments
            if not text:
                continue
        units.append(Unit(paragraph.line, max(paragraph.line, paragraph.end_line), text[:MAX_UNIT_CHARS],
                          paragraph.container, paragraph.section, paragraph.ordered, paragraph.bold_lead,
                          paragraph.inline_code, paragraph.hrefs, paragraph.depth,
                          first_break if first_break < min(len(text), MAX_UNIT_CHARS) else 0))
    for table in doc.tables:
        text = " ; ".join(" | ".join(cell for cell in row if cell) for row in table.rows)[:MAX_UNIT_CHARS]
        if text.strip(" ;|"):
            units.append(Unit(table.line, max(table.line, table.end_line), text, "table", table.section))
    units.sort(key=lambda u: (u.line, u.end_line))
    return units[:MAX_UNITS]
