"""Markdown (and plain-text) document structure: sections, paragraphs, code, tables, images, links, prose."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from bisect import bisect_right
from functools import cached_property
from pathlib import PurePosixPath
from typing import Optional

from markdown_it import MarkdownIt

from .language import count_words as language_count_words

# Parsing cost must stay bounded on hostile input (a 5 MB single line, 10,000
# headings): characters past this budget are not analysed, and a single line is
# cut to a length no hand-written prose reaches.
MAX_ANALYSED_CHARS = 600_000
MAX_LINE_CHARS = 20_000

MARKDOWN_SUFFIXES = {"", ".md", ".markdown", ".mdown", ".mkd", ".mkdn"}
RST_SUFFIXES = {".rst"}

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
_HTML_TAG = re.compile(r"<[^>]{0,2000}>")
_HTML_IMG = re.compile(r"<img\b[^>]{0,2000}>", re.IGNORECASE)
_HTML_ATTR = re.compile(r"""\b(src|alt)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_HTML_LINK = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_BARE_URL = re.compile(r"https?://\S+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
_FRONT_TITLE = re.compile(r"^title:\s*[\"']?(.+?)[\"']?\s*$", re.MULTILINE)
_RST_ADORNMENT = re.compile(r"^([=\-`:'\"~^_*+#<>.])\1{2,}\s*$")


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
        from .placeholders import hollow_sections

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


# --- inline rendering ------------------------------------------------------------------

def _render_inline(children, line: int, images: list, links: list, section_of) -> tuple:
    """(text, prose, inline_code, hrefs, bold_lead) of an inline token's children."""
    text_parts: list = []
    prose_parts: list = []
    code: list = []
    hrefs: list = []
    bold_lead = None
    link_depth = 0
    link_href = ""
    link_text: list = []
    strong_depth = 0
    strong_at_start = False
    strong_text: list = []
    for index, child in enumerate(children or ()):
        kind = child.type
        if kind == "text":
            text_parts.append(child.content)
            prose_parts.append(child.content)
            if link_depth:
                link_text.append(child.content)
            if strong_depth and strong_at_start:
                strong_text.append(child.content)
        elif kind == "code_inline":
            text_parts.append(child.content)
            code.append(child.content)
            if strong_depth and strong_at_start:
                strong_text.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            text_parts.append(" ")
            prose_parts.append(" ")
        elif kind == "link_open":
            link_depth += 1
            link_href = child.attrs.get("href", "") or ""
            link_text = []
            hrefs.append(link_href)
        elif kind == "link_close":
            link_depth = max(0, link_depth - 1)
            links.append(Link(line, "".join(link_text).strip(), link_href, section_of(line)))
        elif kind == "image":
            images.append(
                Image(line, child.content or "", child.attrs.get("src", "") or "", section_of(line), linked=link_depth > 0)
            )
        elif kind == "strong_open":
            if strong_depth == 0 and not "".join(text_parts).strip():
                strong_at_start = True
            strong_depth += 1
        elif kind == "strong_close":
            strong_depth = max(0, strong_depth - 1)
            if strong_depth == 0 and strong_at_start and bold_lead is None:
                bold_lead = "".join(strong_text).strip() or None
                strong_at_start = False
        elif kind == "html_inline":
            for match in _HTML_IMG.finditer(child.content):
                images.append(_html_image(match.group(0), line, section_of(line), link_depth > 0))
    text = _squash("".join(text_parts))
    prose = _squash(_BARE_URL.sub(" ", "".join(prose_parts)))
    return text, prose, tuple(code), tuple(hrefs), bold_lead


def _squash(text: str) -> str:
    return re.sub(r"[ \t\u00a0\u200b]+", " ", text).strip()


def _html_image(tag: str, line: int, section: int, linked: bool) -> Image:
    attrs = {}
    for match in _HTML_ATTR.finditer(tag):
        attrs[match.group(1).lower()] = next(g for g in match.groups()[2:] if g is not None)
    return Image(line, attrs.get("alt", ""), attrs.get("src", ""), section, linked)


# --- input preparation -----------------------------------------------------------------

def _prepare(text: str) -> tuple:
    """(text, front-matter title, truncated): bounded input with front matter blanked out."""
    truncated = False
    if len(text) > MAX_ANALYSED_CHARS:
        text = text[:MAX_ANALYSED_CHARS]
        truncated = True
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if any(len(line) > MAX_LINE_CHARS for line in lines):
        lines = [line[:MAX_LINE_CHARS] for line in lines]
        truncated = True
        text = "\n".join(lines)
    title = None
    match = _FRONT_MATTER.match(text)
    if match:
        found = _FRONT_TITLE.search(match.group(1))
        title = found.group(1).strip() if found else None
        # Blank lines keep every later line number true to the file.
        text = "\n" * match.group(0).count("\n") + text[match.end():]
    return text, title, truncated


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


# --- Markdown --------------------------------------------------------------------------

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")


def _heading_lines(tokens) -> list:
    raw = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            inline = tokens[index + 1]
            heading_text = _squash("".join(
                c.content for c in (inline.children or ()) if c.type in ("text", "code_inline")
            ))
            raw.append((heading_text, int(token.tag[1]), token.map[0] + 1))
    return raw


def _analyze_commonmark(text: str, path: str, title: Optional[str], truncated: bool) -> MarkdownDoc:
    tokens = _PARSER.parse(text)
    line_count = text.count("\n") + 1
    raw = [("", 0, 1)] + _heading_lines(tokens)
    sections = _finish_sections(raw, line_count)
    starts = tuple(s.line for s in sections)

    def section_of(line: int) -> int:
        return max(0, bisect_right(starts, line) - 1)

    paragraphs, code_blocks, tables, images, links = [], [], [], [], []
    containers: list = []  # stack of "list_item"/"blockquote"/"ordered" markers
    table_rows: list = []
    table_start = 0
    row: list = []
    in_table = False
    in_heading = False
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open", "blockquote_open", "list_item_open"):
            containers.append(kind)
        elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close", "list_item_close"):
            if containers:
                containers.pop()
        elif kind == "heading_open":
            in_heading = True
        elif kind == "heading_close":
            in_heading = False
        elif kind == "table_open":
            in_table, table_rows = True, []
            table_start = token.map[0] + 1 if token.map else 1
        elif kind == "table_close":
            in_table = False
            end = table_start + len(table_rows)
            tables.append(Table(table_start, end, tuple(table_rows), section_of(table_start)))
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            table_rows.append(tuple(row))
        elif kind in ("fence", "code_block") and token.map:
            line = token.map[0] + 1
            code_blocks.append(CodeBlock(line, token.map[1], (token.info or "").strip(), token.content, section_of(line)))
        elif kind == "html_block" and token.map:
            line = token.map[0] + 1
            for match in _HTML_IMG.finditer(token.content):
                images.append(_html_image(match.group(0), line, section_of(line), False))
            for match in _HTML_LINK.finditer(token.content):
                links.append(Link(line, "", match.group(1), section_of(line)))
            stripped = _squash(_HTML_TAG.sub(" ", token.content).replace("\n", " "))
            if stripped:
                paragraphs.append(Paragraph(line, token.map[1], stripped, stripped, section_of(line), "html"))
        elif kind == "inline":
            line = (token.map[0] + 1) if token.map else 1
            rendered = _render_inline(token.children, line, images, links, section_of)
            if in_table:
                row.append(rendered[0])
                continue
            if in_heading:
                continue
            text_value, prose, code, hrefs, bold_lead = rendered
            if not text_value:
                continue
            if "blockquote_open" in containers:
                container = "blockquote"
            elif "list_item_open" in containers:
                container = "list_item"
            else:
                container = "paragraph"
            ordered = "ordered_list_open" in containers
            end = token.map[1] if token.map else line
            paragraphs.append(
                Paragraph(line, end, text_value, prose, section_of(line), container, ordered, bold_lead, code, hrefs)
            )
    heading_title = next((s.heading for s in sections if s.level == 1), None)
    return MarkdownDoc(
        path=path,
        title=title or heading_title,
        sections=sections,
        paragraphs=tuple(paragraphs),
        code_blocks=tuple(code_blocks),
        tables=tuple(tables),
        images=tuple(images),
        links=tuple(links),
        line_count=line_count,
        truncated=truncated,
        _section_lines=starts,
    )


# --- reStructuredText and plain text ------------------------------------------------------

def _analyze_plain(text: str, path: str, title: Optional[str], truncated: bool, rst: bool) -> MarkdownDoc:
    """Paragraphs split on blank lines; for .rst also underlined headings and ``::`` literal blocks."""
    lines = text.split("\n")
    line_count = len(lines)
    raw = [("", 0, 1)]
    heading_lines: set = set()
    adornment_levels: list = []
    if rst:
        for index in range(1, len(lines)):
            match = _RST_ADORNMENT.match(lines[index])
            above = lines[index - 1].strip()
            if match and above and not _RST_ADORNMENT.match(above) and len(lines[index].strip()) >= min(len(above), 3):
                char = match.group(1)
                if char not in adornment_levels:
                    adornment_levels.append(char)
                raw.append((above, min(6, adornment_levels.index(char) + 1), index))
                heading_lines.update((index - 1, index))
    sections = _finish_sections(raw, line_count)
    starts = tuple(s.line for s in sections)

    def section_of(line: int) -> int:
        return max(0, bisect_right(starts, line) - 1)

    paragraphs, code_blocks = [], []
    block: list = []
    block_start = 0
    literal_next = False

    def flush(end_index: int) -> None:
        nonlocal literal_next
        if not block:
            return
        line = block_start + 1
        joined = _squash(" ".join(item.strip() for item in block))
        indented = all(item.startswith((" ", "\t")) for item in block)
        if rst and (literal_next and indented):
            code_blocks.append(CodeBlock(line, end_index, "", "\n".join(block) + "\n", section_of(line)))
            literal_next = False
            return
        literal_next = rst and joined.endswith("::")
        prose = _squash(_BARE_URL.sub(" ", joined))
        container = "list_item" if re.match(r"^\s*([-*•]|\d+[.)])\s", block[0]) else "paragraph"
        paragraphs.append(Paragraph(line, end_index, joined, prose, section_of(line), container))

    for index, line_text in enumerate(lines):
        if index in heading_lines or not line_text.strip():
            flush(index)
            block = []
            continue
        if not block:
            block_start = index
        block.append(line_text)
    flush(len(lines))
    heading_title = next((s.heading for s in sections if s.level == 1), None)
    return MarkdownDoc(
        path=path,
        title=title or heading_title,
        sections=sections,
        paragraphs=tuple(paragraphs),
        code_blocks=tuple(code_blocks),
        tables=(),
        images=(),
        links=(),
        line_count=line_count,
        truncated=truncated,
        _section_lines=starts,
    )


def analyze_markdown(text: str, path: str) -> MarkdownDoc:
    """Parse ``text`` (the file at ``path``) into sections, paragraphs, code, tables, images and links.

    Markdown is parsed as CommonMark with tables; .rst gets underlined headings and
    literal blocks; anything else is read as plain paragraphs.
    """
    prepared, title, truncated = _prepare(text or "")
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return _analyze_commonmark(prepared, path, title, truncated)
    return _analyze_plain(prepared, path, title, truncated, rst=suffix in RST_SUFFIXES)
