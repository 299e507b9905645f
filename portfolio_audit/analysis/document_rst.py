"""reStructuredText documents read through docutils: sections, paragraphs, lists, literal blocks, tables, images, links.

docutils never reads or fetches anything for us: file insertion (``include``,
``csv-table :file:``, figure sizes) and ``raw`` are disabled, nothing is reported
or halts, syntax highlighting is off, and only the parser runs (no transforms, no
writer). Unknown directives (Sphinx's ``toctree``, ``automodule``) are kept as
code, never as prose. Input docutils would handle badly (very long, indented
hundreds of levels deep) or that makes it fail is read by the plain-text reader
with reST headings and ``::`` literal blocks instead.
"""

from __future__ import annotations

import copy
import io
from functools import lru_cache
from typing import Optional

from .document import MAX_LINE_CHARS, DocBuilder, MarkdownDoc
from .document_plain import _analyze_plain

# docutils' state machine slows down sharply on huge or deeply nested input: past these,
# the plain reader (linear) reads the document.
RST_MAX_CHARS = 200_000
RST_MAX_INDENT = 120
# How far back a disabled directive's own line is looked for.
SOURCE_LOOKBACK = 200
# docutils reports and halts at levels 1-4; above every level means never.
NEVER = 5


def _settings():
    """A fresh copy of the settings below (each document gets its own warning stream)."""
    settings = copy.copy(_base_settings())
    settings.warning_stream = io.StringIO()
    return settings


@lru_cache(maxsize=1)
def _base_settings():
    # Built once: docutils' option parser takes longer to make its defaults than a short document to parse.
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    settings = get_default_settings(Parser)
    settings.file_insertion_enabled = False
    settings.raw_enabled = False
    settings.halt_level = NEVER
    settings.report_level = NEVER
    settings.warning_stream = io.StringIO()
    settings.syntax_highlight = "none"
    settings.line_length_limit = MAX_LINE_CHARS + 1
    settings.pep_references = False
    settings.rfc_references = False
    settings.input_encoding = "unicode"
    settings.traceback = True  # raise instead of printing to stderr; caught below
    return settings


def _too_hard(text: str) -> bool:
    if len(text) > RST_MAX_CHARS:
        return True
    return any(len(line) - len(line.lstrip(" \t")) > RST_MAX_INDENT for line in text.split("\n"))


def analyze_rst(text: str, path: str, title: Optional[str], truncated: bool) -> MarkdownDoc:
    """Read prepared reST ``text`` into a MarkdownDoc, falling back to the plain reader where docutils cannot serve."""
    if _too_hard(text):
        return _analyze_plain(text, path, title, truncated, rst=True)
    try:
        import docutils.utils
        from docutils.parsers.rst import Parser

        document = docutils.utils.new_document(path, _settings())
        Parser().parse(text, document)
        builder = DocBuilder()
        _Walker(builder, text.split("\n")).walk(document, 0)
    except Exception:  # noqa: BLE001 - docutils on hostile input: any failure falls back, never crashes the run
        return _analyze_plain(text, path, title, truncated, rst=True)
    return builder.finish(path, title, truncated, text.count("\n") + 1)


class _Walker:
    """Turns a docutils doctree into DocBuilder calls in document order."""

    def __init__(self, builder: DocBuilder, lines: list):
        self.builder = builder
        self.lines = lines
        self.last_line = 1

    def line_of(self, node) -> int:
        while node is not None:
            line = getattr(node, "line", None)
            if line:
                self.last_line = max(1, min(line, len(self.lines)))
                return self.last_line
            node = node.parent
        return self.last_line

    def walk(self, node, depth: int, container: str = "paragraph", ordered: bool = False) -> None:
        from docutils import nodes

        for child in node.children:
            if isinstance(child, nodes.section):
                title = next((c for c in child.children if isinstance(c, nodes.title)), None)
                if title is not None:
                    self.builder.heading(title.astext(), depth + 1, self._title_line(title))
                self.walk(child, depth + 1, container, ordered)
            elif isinstance(child, nodes.title):
                continue  # read with its section
            elif isinstance(child, (nodes.paragraph, nodes.line, nodes.term, nodes.caption, nodes.attribution)):
                self.paragraph(child, container, ordered)
            elif isinstance(child, (nodes.literal_block, nodes.doctest_block)):
                line = self.line_of(child)
                text = child.astext()
                self.builder.code(line, line + text.count("\n"), " ".join(child.get("classes", [])[1:2]), text + "\n")
            elif isinstance(child, nodes.system_message):
                # An unknown or disabled directive: its source is kept as code, never as prose.
                for block in child.children:
                    if isinstance(block, nodes.literal_block):
                        line = self._source_line(block.astext(), self.line_of(child))
                        self.builder.code(line, line + block.astext().count("\n"), "", block.astext() + "\n")
            elif isinstance(child, nodes.image):
                self.builder.image(self.line_of(child), child.get("alt", ""), child.get("uri", ""))
            elif isinstance(child, nodes.table):
                self.table(child)
            elif isinstance(child, nodes.enumerated_list):
                self.walk(child, depth, container, True)
            elif isinstance(child, nodes.bullet_list):
                self.walk(child, depth, container, False)
            elif isinstance(child, nodes.list_item):
                self.walk(child, depth, "list_item", ordered)
            elif isinstance(child, nodes.block_quote):
                self.walk(child, depth, "blockquote", ordered)
            elif isinstance(child, nodes.field):
                name = next((c.astext() for c in child.children if isinstance(c, nodes.field_name)), "")
                body = next((c.astext() for c in child.children if isinstance(c, nodes.field_body)), "")
                line = self.line_of(child)
                self.builder.paragraph(line, line, f"{name}: {body}", container="list_item", bold_lead=name or None)
            elif isinstance(child, (nodes.comment, nodes.substitution_definition, nodes.target, nodes.raw,
                                    nodes.footnote, nodes.citation)):
                continue
            elif isinstance(child, nodes.Element):
                self.walk(child, depth, container, ordered)

    def _source_line(self, text: str, near: int) -> int:
        """The line where ``text`` starts, looking back from ``near`` (docutils reports a message's end)."""
        first = text.split("\n", 1)[0].strip()
        for candidate in range(min(near, len(self.lines)), max(0, near - SOURCE_LOOKBACK), -1):
            if self.lines[candidate - 1].strip() == first:
                return candidate
        return near

    def _title_line(self, title) -> int:
        """The line of the title's text (docutils gives the underline's)."""
        line = self.line_of(title)
        text = title.astext().strip()
        for candidate in (line - 1, line, line - 2):
            if 1 <= candidate <= len(self.lines) and self.lines[candidate - 1].strip() == text:
                return candidate
        return max(1, line - 1)

    def paragraph(self, node, container: str, ordered: bool) -> None:
        from docutils import nodes

        text_parts, prose_parts, code, hrefs = [], [], [], []
        bold_lead = None
        line = self.line_of(node)
        for index, inline in enumerate(node.children):
            if isinstance(inline, nodes.literal):
                text_parts.append(inline.astext())
                code.append(inline.astext())
                continue
            if isinstance(inline, nodes.image):
                self.builder.image(line, inline.get("alt", ""), inline.get("uri", ""))
                continue
            if isinstance(inline, nodes.problematic):
                value = _role_text(inline.astext())
                text_parts.append(value)
                prose_parts.append(value)
                continue
            if isinstance(inline, (nodes.target, nodes.footnote_reference, nodes.citation_reference,
                                   nodes.system_message)):
                continue
            if isinstance(inline, nodes.reference):
                href = inline.get("refuri", "") or ("#" + inline.get("refid", "") if inline.get("refid") else "")
                hrefs.append(href)
                self.builder.link(line, inline.astext(), href)
                for image in inline.findall(nodes.image):
                    self.builder.image(line, image.get("alt", ""), image.get("uri", ""), linked=True)
            if isinstance(inline, nodes.strong) and index == 0:
                bold_lead = inline.astext().strip() or None
            value = inline.astext()
            text_parts.append(value)
            prose_parts.append(value)
        text = "".join(text_parts)
        end = line + text.count("\n")
        self.builder.paragraph(line, end, text, "".join(prose_parts), container, ordered, bold_lead, tuple(code),
                               tuple(hrefs))

    def table(self, node) -> None:
        from docutils import nodes

        rows = []
        for row in node.findall(nodes.row):
            rows.append(tuple(" ".join(entry.astext().split()) for entry in row.children))
        if rows:
            line = self.line_of(node)
            self.builder.table(line, line + len(rows), tuple(rows))


def _role_text(raw: str) -> str:
    """The readable part of an unknown role: :ref:`Install <install>` -> "Install"."""
    body = raw.split("`")[1] if raw.count("`") >= 2 else raw
    return body.split("<")[0].strip() or body
