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

MARKDOWN_SUFFIXES = {"", ".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx"}
RST_SUFFIXES = {".rst", ".rest"}
ASCIIDOC_SUFFIXES = {".adoc", ".asciidoc", ".asc"}

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
_HTML_ATTR = re.compile(r"""\b(src|alt)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
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

_INLINE_TAG = re.compile(r"^<(/?)([A-Za-z][\w-]*)([^>]*)>", re.DOTALL)
_INLINE_CODE_TAGS = ("code", "kbd", "samp", "tt")


def _tag_attrs(rest: str) -> dict:
    attrs = {}
    for match in _HTML_ATTR.finditer(rest):
        attrs[match.group(1).lower()] = next((g for g in match.groups()[2:] if g is not None), "")
    return attrs


def _render_inline(children, line: int, builder: "DocBuilder") -> tuple:
    """(text, prose, inline_code, hrefs, bold_lead) of an inline token's children; images and links go to ``builder``.

    Inline HTML is read too: ``<img>``, ``<a href>``...``</a>``, ``<br>`` and
    ``<code>``/``<kbd>`` spans, as GitHub renders them inside a paragraph.
    """
    if children and all(child.type == "text" for child in children):
        # Plain text (most table cells and paragraphs): nothing to track.
        joined = "".join(child.content for child in children)
        return _squash(joined), _squash(_BARE_URL.sub(" ", joined)), (), (), None
    text_parts: list = []
    prose_parts: list = []
    code: list = []
    hrefs: list = []
    bold_lead = None
    links: list = []  # open links: [href, text parts]
    strong_depth = 0
    strong_at_start = False
    strong_text: list = []
    html_code = 0
    for child in children or ():
        kind = child.type
        if kind == "text":
            text_parts.append(child.content)
            (code if html_code else prose_parts).append(child.content)
            for link in links:
                link[1].append(child.content)
            if strong_depth and strong_at_start:
                strong_text.append(child.content)
        elif kind == "code_inline":
            text_parts.append(child.content)
            code.append(child.content)
            for link in links:
                link[1].append(child.content)
            if strong_depth and strong_at_start:
                strong_text.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            text_parts.append(" ")
            prose_parts.append(" ")
        elif kind == "link_open":
            href = child.attrs.get("href", "") or ""
            links.append([href, []])
            hrefs.append(href)
        elif kind == "link_close":
            if links:
                href, parts = links.pop()
                builder.link(line, "".join(parts), href)
        elif kind == "image":
            builder.image(line, child.content or "", child.attrs.get("src", "") or "", linked=bool(links))
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
            tag = _INLINE_TAG.match(child.content)
            if not tag:
                continue
            closing, name, rest = tag.group(1) == "/", tag.group(2).lower(), tag.group(3)
            if name == "img" and not closing:
                attrs = _tag_attrs(rest)
                builder.image(line, attrs.get("alt", ""), attrs.get("src", ""), linked=bool(links))
            elif name == "a" and not closing:
                href = _tag_attrs(rest).get("href", "")
                links.append([href, []])
                hrefs.append(href)
            elif name == "a" and closing and links:
                href, parts = links.pop()
                builder.link(line, "".join(parts), href)
            elif name == "br":
                text_parts.append(" ")
                prose_parts.append(" ")
            elif name in _INLINE_CODE_TAGS:
                html_code = max(0, html_code + (-1 if closing else 1))
    for href, parts in links:  # an <a> never closed still links its text
        builder.link(line, "".join(parts), href)
    text = _squash("".join(text_parts))
    prose = _squash(_BARE_URL.sub(" ", "".join(prose_parts)))
    return text, prose, tuple(c for c in code if c.strip()), tuple(hrefs), bold_lead


def _squash(text: str) -> str:
    return re.sub(r"[ \t\u00a0\u200b]+", " ", text.replace("\n", " ")).strip()


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
                  ordered: bool = False, bold_lead: Optional[str] = None, inline_code: tuple = (), hrefs: tuple = ()) -> None:
        text = _squash(text)
        if not text:
            return
        prose = _squash(_BARE_URL.sub(" ", text if prose is None else prose))
        self.paragraphs.append(Paragraph(line, max(line, end_line), text, prose, self.section, container, ordered,
                                         bold_lead, tuple(inline_code), tuple(hrefs)))

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


# --- Markdown --------------------------------------------------------------------------

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")


def _analyze_commonmark(text: str, path: str, title: Optional[str], truncated: bool) -> MarkdownDoc:
    from .document_html import HtmlReader

    tokens = _PARSER.parse(text)
    line_count = text.count("\n") + 1
    builder = DocBuilder()
    html = HtmlReader(builder)
    containers: list = []  # stack of "list_item"/"blockquote"/"ordered" markers
    table_rows: list = []
    table_start = 0
    row: list = []
    in_table = False
    heading: Optional[tuple] = None  # (level, line) while inside a heading
    for token in tokens:
        kind = token.type
        if kind == "html_block":
            if token.map:
                html.read(token.content, token.map[0] + 1)
                html.end_block()
            continue
        if kind in ("bullet_list_open", "ordered_list_open", "blockquote_open", "list_item_open"):
            containers.append(kind)
        elif kind in ("bullet_list_close", "ordered_list_close", "blockquote_close", "list_item_close"):
            if containers:
                containers.pop()
        elif kind == "heading_open":
            heading = (int(token.tag[1]), (token.map[0] + 1) if token.map else 1)
        elif kind == "heading_close":
            heading = None
        elif kind == "table_open":
            in_table, table_rows = True, []
            table_start = token.map[0] + 1 if token.map else 1
        elif kind == "table_close":
            in_table = False
            builder.table(table_start, table_start + len(table_rows), tuple(table_rows))
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            table_rows.append(tuple(row))
        elif kind in ("fence", "code_block") and token.map:
            builder.code(token.map[0] + 1, token.map[1], (token.info or "").strip(), token.content)
        elif kind == "inline":
            line = (token.map[0] + 1) if token.map else (heading[1] if heading else 1)
            if heading is not None:
                builder.heading(_squash("".join(
                    c.content for c in (token.children or ()) if c.type in ("text", "code_inline")
                )), heading[0], heading[1])
                _render_inline(token.children, line, builder)  # images and links of the heading
                continue
            rendered = _render_inline(token.children, line, builder)
            if in_table:
                row.append(rendered[0])
                continue
            text_value, prose, code, hrefs, bold_lead = rendered
            if not text_value:
                continue
            html_container, html_ordered = html.container()
            if "blockquote_open" in containers:
                container = "blockquote"
            elif "list_item_open" in containers:
                container = "list_item"
            else:
                container = html_container
            ordered = "ordered_list_open" in containers or (container == "list_item" and html_ordered)
            end = token.map[1] if token.map else line
            builder.paragraph(line, end, text_value, prose, container, ordered, bold_lead, code, hrefs)
    html.close_document()
    return builder.finish(path, title, truncated, line_count)


# --- plain text ----------------------------------------------------------------------------

_LIST_ITEM = re.compile(r"^\s*([-*•+]|\d+[.)]|[a-z][.)])\s+\S")
_PROMPT = re.compile(r"^\s*(\$|>>>|PS>|C:\\>)\s+\S")
# A short line in capitals standing alone ("INSTALLATION") is a plain-text heading.
_CAPS_HEADING = re.compile(r"^[^\Wa-z]?[A-Z0-9][A-Z0-9 &/,:()'-]{2,60}$")
_NUMBERED_HEADING = re.compile(r"^(\d+(\.\d+)*)\.?\s+[A-Z][^.!?]{1,70}$")


def _analyze_plain(text: str, path: str, title: Optional[str], truncated: bool, rst: bool = False) -> MarkdownDoc:
    """A plain-text document (README, README.txt) as a reader sees it.

    Headings are underlined lines (``====``/``----``, as in reST and setext), short
    lines in capitals or numbered titles standing alone; indented blocks and
    ``$ command`` lines are code; "- item" lines are list items; the rest are
    paragraphs split on blank lines. ``rst`` also treats ``::`` as introducing a
    literal block (the reST fallback when docutils is not used).
    """
    lines = text.split("\n")
    line_count = len(lines)
    builder = DocBuilder()
    adornment_levels: list = []
    heading_at: dict = {}  # 0-based line -> (heading text, level); the underline is skipped
    skip: set = set()
    for index in range(1, len(lines)):
        match = _RST_ADORNMENT.match(lines[index])
        above = lines[index - 1].strip()
        if match and above and not _RST_ADORNMENT.match(above) and len(lines[index].strip()) >= min(len(above), 3):
            char = match.group(1)
            if char not in adornment_levels:
                adornment_levels.append(char)
            heading_at[index - 1] = (above, adornment_levels.index(char) + 1)
            skip.add(index)
    if not rst:
        for index, line in enumerate(lines):
            stripped = line.strip()
            alone = (index == 0 or not lines[index - 1].strip()) and (index + 1 >= len(lines) or not lines[index + 1].strip())
            # Man-page style: NAME, SYNOPSIS... with the section's text indented right below.
            indented_below = (index + 1 < len(lines) and lines[index + 1].startswith((" ", "\t"))
                              and (index == 0 or not lines[index - 1].strip()))
            if index in heading_at or index in skip or not (alone or indented_below) or line.startswith((" ", "\t")):
                continue
            if _CAPS_HEADING.match(stripped) and sum(c.isalpha() for c in stripped) >= 3:
                heading_at[index] = (stripped, 1 + len(adornment_levels))
            elif alone and _NUMBERED_HEADING.match(stripped):
                heading_at[index] = (stripped, 1 + len(adornment_levels) + _NUMBERED_HEADING.match(stripped).group(1).count("."))
        lines = _dedent_man_page(lines, heading_at)

    block: list = []
    block_start = 0
    literal_next = False

    def flush(end_index: int) -> None:
        nonlocal literal_next, block
        if not block:
            return
        items, block = block, []
        line = block_start + 1
        indented = all(item.startswith((" ", "\t")) for item in items)
        if (rst and literal_next and indented) or (not rst and indented) or all(_PROMPT.match(i) for i in items):
            builder.code(line, end_index, "", "\n".join(items) + "\n")
            literal_next = False
            return
        joined = " ".join(item.strip() for item in items)
        literal_next = joined.endswith("::")
        if any(_LIST_ITEM.match(item) for item in items[:1]) and not rst:
            current: list = []
            current_line = line
            for offset, item in enumerate(items):
                if _LIST_ITEM.match(item) and current:
                    builder.paragraph(current_line, line + offset - 1, " ".join(current), container="list_item",
                                      ordered=bool(re.match(r"^\s*\d", current[0])))
                    current, current_line = [], line + offset
                current.append(item.strip())
            builder.paragraph(current_line, end_index, " ".join(current), container="list_item",
                              ordered=bool(re.match(r"^\s*\d", current[0])))
            return
        container = "list_item" if _LIST_ITEM.match(items[0]) else "paragraph"
        builder.paragraph(line, end_index, joined, container=container)

    for index, line_text in enumerate(lines):
        if index in heading_at:
            flush(index)
            heading_text, level = heading_at[index]
            builder.heading(heading_text, level, index + 1)
            continue
        if index in skip or not line_text.strip():
            flush(index)
            continue
        if not block:
            block_start = index
        block.append(line_text)
    flush(len(lines))
    return builder.finish(path, title, truncated, line_count)


# What makes a suffix-less README Markdown rather than plain text: an ATX heading, a fence,
# a link or image, a setext underline under text is shared by both and decides nothing.
_MARKDOWN_SIGNS = re.compile(r"^(#{1,6} \S|```|~~~)|\]\([^)\s]+\)|^\s*[-*] \[[ x]\] ", re.MULTILINE)

# A rendered man page (NAME, SYNOPSIS, DESCRIPTION...) indents every section's text.
MAN_PAGE_MIN_SECTIONS = 3


def _dedent_man_page(lines: list, heading_at: dict) -> list:
    """``lines`` with a man page's section indent removed, so its prose reads as prose, not code.

    A document is read so when at least MAN_PAGE_MIN_SECTIONS headings have their text
    indented right below; the indent removed is the one most of those bodies share, so
    deeper-indented examples stay code (a shallower line, a sub-section title, is unindented).
    """
    indents = []
    for index in heading_at:
        if index + 1 < len(lines) and lines[index + 1].startswith((" ", "\t")) and lines[index + 1].strip():
            below = lines[index + 1].expandtabs(8)
            indents.append(len(below) - len(below.lstrip(" ")))
    if len(indents) < MAN_PAGE_MIN_SECTIONS:
        return lines
    base = max(set(indents), key=lambda indent: (indents.count(indent), -indent))
    dedented = []
    for line in lines:
        expanded = line.expandtabs(8)
        dedented.append(expanded[base:] if expanded[:base].strip() == "" else expanded.lstrip(" "))
    return dedented


def analyze_markdown(text: str, path: str) -> MarkdownDoc:
    """Parse ``text`` (the file at ``path``) into sections, paragraphs, code, tables, images and links.

    By the file's suffix: Markdown (CommonMark with tables, its HTML blocks read
    structurally), reStructuredText (docutils), AsciiDoc, Org, and anything else (README,
    README.txt) as plain text. Input is bounded first (MAX_ANALYSED_CHARS,
    MAX_LINE_CHARS) and every element keeps the line it has in the file.
    """
    prepared, title, truncated = _prepare(text or "")
    suffix = document_format(path)
    if suffix == "markdown" and not PurePosixPath(path).suffix and not _MARKDOWN_SIGNS.search(prepared):
        # GitHub shows a README without a suffix as plain text: read it so unless it is Markdown.
        suffix = "text"
    if suffix == "markdown":
        return _analyze_commonmark(prepared, path, title, truncated)
    if suffix == "rst":
        from .document_rst import analyze_rst

        return analyze_rst(prepared, path, title, truncated)
    if suffix == "asciidoc":
        from .document_asciidoc import analyze_asciidoc

        return analyze_asciidoc(prepared, path, title, truncated)
    if suffix == "org":
        from .document_org import analyze_org

        return analyze_org(prepared, path, title, truncated)
    return _analyze_plain(prepared, path, title, truncated)


def document_format(path: str) -> str:
    """"markdown", "rst", "asciidoc", "org" or "text", by the file's suffix (README.zh-CN.md is Markdown)."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in RST_SUFFIXES:
        return "rst"
    if suffix in ASCIIDOC_SUFFIXES:
        return "asciidoc"
    if suffix == ".org":
        return "org"
    return "text"
