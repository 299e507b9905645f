"""Markdown (and plain-text) document structure: sections, paragraphs, code, tables, images, links, prose."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Optional

from markdown_it import MarkdownIt

# The document model lives in document.py; its names are re-exported here for the rules.
from .document import (  # noqa: F401 (re-exported)
    _BARE_URL, _FRONT_MATTER, _FRONT_TITLE, _HTML_ATTR, ASCIIDOC_SUFFIXES, MARKDOWN_SUFFIXES, MAX_ANALYSED_CHARS,
    MAX_LINE_CHARS, RST_SUFFIXES, CodeBlock, DocBuilder, Image, Link, MarkdownDoc, Paragraph, Section, Table,
    _squash, count_words,
)
from .document_asciidoc import analyze_asciidoc
from .document_org import analyze_org
from .document_plain import _analyze_plain
from .document_rst import analyze_rst

# --- inline rendering ------------------------------------------------------------------

_INLINE_TAG = re.compile(r"^<(/?)([A-Za-z][\w-]*)([^>]*)>", re.DOTALL)
_INLINE_CODE_TAGS = ("code", "kbd", "samp", "tt")


def _tag_attrs(rest: str) -> dict:
    attrs = {}
    for match in _HTML_ATTR.finditer(rest):
        attrs[match.group(1).lower()] = next((g for g in match.groups()[2:] if g is not None), "")
    return attrs


def _render_inline(children, line: int, builder: "DocBuilder") -> tuple:
    """(text, prose, inline_code, hrefs, bold_lead, first_break) of an inline token's children; images and links go to ``builder``.

    ``first_break`` is how many characters of ``text`` stand before its first line break (0: none).

    Inline HTML is read too: ``<img>``, ``<a href>``...``</a>``, ``<br>`` and
    ``<code>``/``<kbd>`` spans, as GitHub renders them inside a paragraph.
    """
    if children and all(child.type == "text" for child in children):
        # Plain text (most table cells and paragraphs): nothing to track.
        joined = "".join(child.content for child in children)
        return _squash(joined), _squash(_BARE_URL.sub(" ", joined)), (), (), None, 0
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
    first_break = 0
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
            first_break = first_break or len(_squash("".join(text_parts)))
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
            elif name == "br":  # a line break only when a new line follows it, which sets first_break
                text_parts.append(" ")
                prose_parts.append(" ")
            elif name in _INLINE_CODE_TAGS:
                html_code = max(0, html_code + (-1 if closing else 1))
    for href, parts in links:  # an <a> never closed still links its text
        builder.link(line, "".join(parts), href)
    text = _squash("".join(text_parts))
    prose = _squash(_BARE_URL.sub(" ", "".join(prose_parts)))
    return text, prose, tuple(c for c in code if c.strip()), tuple(hrefs), bold_lead, first_break


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
            text_value, prose, code, hrefs, bold_lead, first_break = rendered
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
            depth = containers.count("list_item_open")
            builder.paragraph(line, end, text_value, prose, container, ordered, bold_lead, code, hrefs, depth, first_break)
    html.close_document()
    return builder.finish(path, title, truncated, line_count)


_MARKDOWN_SIGNS = re.compile(r"^(#{1,6} \S|```|~~~)|\]\([^)\s]+\)|^\s*[-*] \[[ x]\] ", re.MULTILINE)

# A rendered man page (NAME, SYNOPSIS, DESCRIPTION...) indents every section's text.
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
        return analyze_rst(prepared, path, title, truncated)
    if suffix == "asciidoc":
        return analyze_asciidoc(prepared, path, title, truncated)
    if suffix == "org":
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
