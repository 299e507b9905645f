"""The document model every reader builds: sections, paragraphs, code, tables, images, links, and its builder."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

from .language import count_words as language_count_words
from .placeholders import hollow_sections

# Parsing cost must stay bounded on hostile input (a 5 MB single line, 10,000
# headings): characters past this budget are not analysed, and a single line is
# cut to a length no hand-written prose reaches.
MAX_ANALYSED_CHARS = 600_000
MAX_LINE_CHARS = 20_000

MARKDOWN_SUFFIXES = {"", ".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx"}
RST_SUFFIXES = {".rst", ".rest"}
ASCIIDOC_SUFFIXES = {".adoc", ".asciidoc", ".asc"}

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
_HTML_ATTR = re.compile(r"""\b(src|alt)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_BARE_URL = re.compile(r"https?://\S+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
_FRONT_TITLE = re.compile(r"^title:\s*[\"']?(.+?)[\"']?\s*$", re.MULTILINE)


def count_words(text: str) -> int:
    """Words in any script; apostrophes and hyphens join parts into one word ("don't", "well-known")."""
    return language_count_words(text)  # issue 14: Han and Kana runs count by length (analysis/language.py)


@dataclass(frozen=True)
class Section:
    """A heading and the lines up to the next heading of any level.

    Index 0 is the preamble before the first heading (empty heading, level 0).
    ``scope_end`` extends to the next heading of the same or a higher level, so a
    section's scope includes its subsections.
    """

    index: int
    heading: str
    level: int
    line: int  # 1-based line of the heading (1 for the preamble)
    end_line: int  # last line of the section's own body
    scope_end: int  # last line including subsections
    parent: Optional[int]


@dataclass(frozen=True)
class Paragraph:
    """One block of running text: a paragraph, a list item's paragraph, a blockquote line."""

    line: int
    end_line: int
    text: str  # readable text: link text and inline code kept, URLs, images and HTML dropped
    prose: str  # ``text`` without inline code: what readability formulas may read
    section: int
    container: str  # "paragraph", "list_item", "blockquote" or "html"
    ordered: bool = False  # inside a numbered list
    bold_lead: Optional[str] = None  # a leading **bold** phrase, as lessons often start
    inline_code: tuple = ()
    hrefs: tuple = ()
    depth: int = 0  # how many lists it is nested in (0 outside lists; set by the Markdown reader)
    # Characters of ``text`` on the block's first line when a line break follows them (0: none
    # known). Set by the Markdown reader, so a question and its answer written on the next line
    # ("- Describe one trade-off.\nIt never backtracks…") can be read apart.
    first_break: int = 0

    @property
    def words(self) -> int:
        """Words of readable text, inline code included."""
        return count_words(self.text)


@dataclass(frozen=True)
class CodeBlock:
    """A fenced or indented code block; its text is never read as prose."""

    line: int
    end_line: int
    info: str  # the fence's info string ("bash", "python"), "" when indented or bare
    text: str
    section: int


@dataclass(frozen=True)
class Table:
    """A pipe table as rows of cell text, header row first."""

    line: int
    end_line: int
    rows: tuple  # tuple of tuples of cell text
    section: int


@dataclass(frozen=True)
class Image:
    """An image from Markdown or an HTML ``<img>`` tag."""

    line: int
    alt: str
    src: str
    section: int
    linked: bool = False  # inside a link: badges are images wrapped in links


@dataclass(frozen=True)
class Link:
    """A link target with its text; links inside HTML blocks have empty text."""

    line: int
    text: str
    href: str
    section: int


@dataclass(frozen=True)
class MarkdownDoc:
    """The structure of one Markdown, reStructuredText or plain-text document, as the README and docs kinds read it.

    Every element records its 1-based line and the index of the section it sits in.
    ``truncated`` is True when the file was too long to analyse in full (over
    MAX_ANALYSED_CHARS, or a line over MAX_LINE_CHARS): findings then miss the cut text.
    """

    path: str
    title: Optional[str]  # front-matter title or first top-level heading
    sections: tuple
    paragraphs: tuple
    code_blocks: tuple
    tables: tuple
    images: tuple
    links: tuple
    line_count: int
    truncated: bool = False
    _section_lines: tuple = field(default=(), repr=False, compare=False)

    @cached_property
    def prose(self) -> str:
        """All running prose, one paragraph per line, with code, tables, URLs, images and HTML removed."""
        return "\n".join(p.prose for p in self.paragraphs if p.container != "html" and p.prose.strip())

    @cached_property
    def text(self) -> str:
        """All readable text (prose plus inline code and HTML text), one paragraph per line."""
        return "\n".join(p.text for p in self.paragraphs if p.text.strip())

    @cached_property
    def word_count(self) -> int:
        """Words of running prose only; ``total_words`` also counts code, tables and headings."""
        return count_words(self.prose)

    @cached_property
    def total_words(self) -> int:
        """Words in prose, inline code, headings, tables and code blocks: how long the file reads."""
        parts = [self.text] + [s.heading for s in self.sections]
        parts += [" ".join(cell for row in t.rows for cell in row) for t in self.tables]
        parts += [c.text for c in self.code_blocks]
        return sum(count_words(p) for p in parts)

    @cached_property
    def hollow(self) -> dict:
        """Section index -> why its own text is placeholder or generator boilerplate."""
        return hollow_sections(self)

    def section_at(self, line: int) -> int:
        """Index of the section holding 1-based ``line``."""
        return max(0, bisect_right(self._section_lines, line) - 1)

    def scope(self, index: int) -> range:
        """Indices of ``index`` and all its subsections."""
        end = self.sections[index].scope_end
        last = index
        while last + 1 < len(self.sections) and self.sections[last + 1].line <= end:
            last += 1
        return range(index, last + 1)

    def paragraphs_in(self, index: int, subsections: bool = True) -> list:
        """Paragraphs of section ``index``, with those of its subsections unless ``subsections`` is False."""
        wanted = set(self.scope(index)) if subsections else {index}
        return [p for p in self.paragraphs if p.section in wanted]

    def code_in(self, index: int, subsections: bool = True) -> list:
        """Code blocks of section ``index``, with those of its subsections unless ``subsections`` is False."""
        wanted = set(self.scope(index)) if subsections else {index}
        return [c for c in self.code_blocks if c.section in wanted]

    def tables_in(self, index: int, subsections: bool = True) -> list:
        """Tables of section ``index``, with those of its subsections unless ``subsections`` is False."""
        wanted = set(self.scope(index)) if subsections else {index}
        return [t for t in self.tables if t.section in wanted]

    def headings(self) -> list:
        """Sections that start at a heading: every section but the preamble."""
        return [s for s in self.sections if s.level > 0]


_SPACE_RUN = re.compile(r"[ \t\u00a0\u200b]+")


def _squash(text: str) -> str:
    """Newlines and runs of spaces, tabs, no-break and zero-width spaces as one space, stripped."""
    text = text.replace("\n", " ")
    if "  " in text or "\t" in text or "\u00a0" in text or "\u200b" in text:
        text = _SPACE_RUN.sub(" ", text)
    # Otherwise every run is one space already, which the substitution would leave as it is.
    return text.strip()


class DocBuilder:
    """Collects a document's elements in reading order, from any reader (Markdown, HTML blocks, reST, AsciiDoc).

    Each element is given the section it appears in when it is added, so a reader
    only has to report headings and blocks in document order; ``finish`` turns the
    headings into Sections and returns the MarkdownDoc.
    """

    def __init__(self) -> None:
        self.raw_sections: list = [("", 0, 1)]
        self.paragraphs: list = []
        self.code_blocks: list = []
        self.tables: list = []
        self.images: list = []
        self.links: list = []
        # The level of the last real heading: a <details> summary nests one below it.
        self.heading_level = 0

    @property
    def section(self) -> int:
        return len(self.raw_sections) - 1

    def heading(self, text: str, level: int, line: int, real: bool = True) -> None:
        level = max(1, min(6, level))
        line = max(line, self.raw_sections[-1][2])  # sections never go back in the file
        self.raw_sections.append((_squash(text), level, line))
        if real:
            self.heading_level = level

    def paragraph(self, line: int, end_line: int, text: str, prose: Optional[str] = None, container: str = "paragraph",
                  ordered: bool = False, bold_lead: Optional[str] = None, inline_code: tuple = (), hrefs: tuple = (),
                  depth: int = 0, first_break: int = 0) -> None:
        text = _squash(text)
        if not text:
            return
        prose = _squash(_BARE_URL.sub(" ", text if prose is None else prose))
        self.paragraphs.append(Paragraph(line, max(line, end_line), text, prose, self.section, container, ordered,
                                         bold_lead, tuple(inline_code), tuple(hrefs), depth,
                                         first_break if 0 < first_break < len(text) else 0))

    def code(self, line: int, end_line: int, info: str, text: str) -> None:
        self.code_blocks.append(CodeBlock(line, max(line, end_line), info, text, self.section))

    def table(self, line: int, end_line: int, rows: tuple) -> None:
        self.tables.append(Table(line, max(line, end_line), tuple(rows), self.section))

    def image(self, line: int, alt: str, src: str, linked: bool = False) -> None:
        self.images.append(Image(line, alt or "", src or "", self.section, linked))

    def link(self, line: int, text: str, href: str) -> None:
        self.links.append(Link(line, _squash(text), href or "", self.section))

    def finish(self, path: str, title: Optional[str], truncated: bool, line_count: int) -> MarkdownDoc:
        sections = _finish_sections(self.raw_sections, line_count)
        heading_title = next((s.heading for s in sections if s.level == 1), None)
        return MarkdownDoc(
            path=path,
            title=title or heading_title,
            sections=sections,
            paragraphs=tuple(self.paragraphs),
            code_blocks=tuple(self.code_blocks),
            tables=tuple(self.tables),
            images=tuple(self.images),
            links=tuple(self.links),
            line_count=line_count,
            truncated=truncated,
            _section_lines=tuple(s.line for s in sections),
        )


def _finish_sections(raw: list, line_count: int) -> tuple:
    """Turn (heading, level, line) triples into Sections with body and scope ends."""
    sections = []
    stack: list = []  # indices of open ancestors
    for index, (heading, level, line) in enumerate(raw):
        end_line = (raw[index + 1][2] - 1) if index + 1 < len(raw) else line_count
        while stack and raw[stack[-1]][1] >= level and level > 0:
            stack.pop()
        parent = stack[-1] if stack else None
        sections.append([index, heading, level, line, end_line, line_count, parent])
        if level > 0:
            stack.append(index)
    # A section's scope ends where the next heading of the same or a higher level starts.
    open_sections: list = []
    for index, (_, level, line) in enumerate(raw):
        if level == 0:
            continue
        while open_sections and raw[open_sections[-1]][1] >= level:
            closed = open_sections.pop()
            sections[closed][5] = line - 1
        open_sections.append(index)
    if raw and raw[0][1] == 0 and len(raw) > 1:
        sections[0][5] = sections[0][4]
    return tuple(Section(*values) for values in sections)
