"""Org-mode documents (README.org) read by a small reader of our own: headings, paragraphs, lists, blocks, tables, links.

Org is line-oriented like AsciiDoc, so the reader stays linear: ``*`` headings at
the start of a line (their TODO keyword and ``:tags:`` dropped), ``#+TITLE:`` as
the title, ``#+BEGIN_SRC``/``#+BEGIN_EXAMPLE`` (and ``:`` lines) as code, other
``#+BEGIN_*`` blocks (QUOTE, CENTER, VERSE...) read in place as text, ``|`` tables,
``-``/``+``/``1.``/``1)`` list items, ``[[target][label]]`` links (an image when the
target is a picture) and ``=verbatim=``/``~code~``. Property drawers, ``#+KEYWORD:``
lines and ``#`` comments are skipped.
"""

from __future__ import annotations

import re
from typing import Optional

from .document import DocBuilder, MarkdownDoc

_HEADING = re.compile(r"^(\*+)\s+(?:(?:TODO|DONE|NEXT|WAITING)\s+)?(?:\[#[A-C]\]\s+)?(.*?)(?:\s+:[\w@#%:]+:)?\s*$")
_KEYWORD = re.compile(r"^#\+(\w+):\s*(.*)$")
_BLOCK_BEGIN = re.compile(r"^#\+begin_(\w+)\s*(\S*)", re.IGNORECASE)
_DRAWER = re.compile(r"^:(PROPERTIES|LOGBOOK|[A-Z]+):\s*$")
_LIST_ITEM = re.compile(r"^\s*([-+]|\d+[.)])\s+(?:\[[ X-]\]\s+)?(.*)$")
_LINK = re.compile(r"\[\[([^\]]+)\](?:\[([^\]]*)\])?\]")
_BARE_LINK = re.compile(r"(?<![\[\w])(https?://[^\s\]]+)")
_VERBATIM = re.compile(r"(?<![\w=~])([=~])(\S(?:.*?\S)?)\1(?![\w=~])")
_IMAGE_SUFFIX = re.compile(r"\.(png|jpe?g|gif|svg|webp)(\?.*)?$", re.IGNORECASE)
# Blocks whose content is code, not prose.
_CODE_BLOCKS = {"src", "example", "export"}


def _inline(text: str, line: int, builder: DocBuilder) -> tuple:
    """(text, prose, inline code, hrefs) of one block's text, reporting its images and links."""
    hrefs: list[str] = []
    code: list[str] = []

    def link(match: re.Match) -> str:
        target, label = match.group(1), match.group(2)
        href = target[len("file:"):] if target.startswith("file:") else target
        if _IMAGE_SUFFIX.search(href) and not label:
            builder.image(line, "", href)
            return " "
        hrefs.append(href)
        builder.link(line, label or href, href)
        return label or href

    text = _LINK.sub(link, text)
    for match in _BARE_LINK.finditer(text):
        hrefs.append(match.group(1))
        builder.link(line, "", match.group(1))
    code.extend(match.group(2) for match in _VERBATIM.finditer(text))
    prose = _VERBATIM.sub(" ", text)
    text = _VERBATIM.sub(lambda m: m.group(2), text)
    return text, prose, tuple(code), tuple(hrefs)


def analyze_org(text: str, path: str, title: Optional[str], truncated: bool) -> MarkdownDoc:
    """Read prepared Org ``text`` into a MarkdownDoc (see the module docstring)."""
    lines = text.split("\n")
    builder = DocBuilder()
    block: list = []  # (line number, text) of the running paragraph or list item
    container, ordered = "paragraph", False
    table_rows: list = []
    table_start = 0

    def flush() -> None:
        nonlocal block, container, ordered
        if block:
            line = block[0][0]
            value, prose, code, hrefs = _inline(" ".join(part for _, part in block), line, builder)
            builder.paragraph(line, block[-1][0], value, prose, container, ordered, None, code, hrefs)
        block, container, ordered = [], "paragraph", False

    def flush_table(end: int) -> None:
        nonlocal table_rows
        if table_rows:
            builder.table(table_start, end, tuple(table_rows))
        table_rows = []

    index = 0
    while index < len(lines):
        raw = lines[index]
        number = index + 1
        stripped = raw.strip()
        index += 1
        if stripped.startswith("|"):
            flush()
            if not table_rows:
                table_start = number
            if not re.match(r"^\|[-+]+\|?$", stripped):
                cells = tuple(cell.strip() for cell in stripped.strip("|").split("|"))
                if any(cells):
                    table_rows.append(cells)
            continue
        flush_table(number - 1)
        if not stripped:
            flush()
            continue
        heading = _HEADING.match(raw)
        if heading:
            flush()
            builder.heading(heading.group(2), len(heading.group(1)), number)
            continue
        begin = _BLOCK_BEGIN.match(stripped)
        if begin:
            flush()
            kind = begin.group(1).lower()
            end = re.compile(rf"^#\+end_{re.escape(kind)}\b", re.IGNORECASE)
            body_start = index
            while index < len(lines) and not end.match(lines[index].strip()):
                index += 1
            if kind in _CODE_BLOCKS:
                info = begin.group(2) if kind == "src" else ""
                builder.code(number, min(index + 1, len(lines)), info, "\n".join(lines[body_start:index]) + "\n")
                index += 1  # past #+END_
            else:
                index = body_start  # QUOTE, CENTER, VERSE, NOTE...: ordinary text, read in place
            continue
        if re.match(r"^#\+end_\w+", stripped, re.IGNORECASE):
            flush()
            continue
        keyword = _KEYWORD.match(stripped)
        if keyword:
            flush()
            if keyword.group(1).lower() == "title" and keyword.group(2).strip() and builder.section == 0:
                builder.heading(keyword.group(2).strip(), 1, number)
            continue
        if stripped.startswith("#") and (len(stripped) == 1 or stripped[1] == " "):
            continue  # a comment line
        if _DRAWER.match(stripped):
            flush()
            while index < len(lines) and lines[index].strip().upper() != ":END:":
                index += 1
            index += 1
            continue
        if stripped == ":" or stripped.startswith(": "):
            flush()
            start = number
            body = [stripped[2:]]
            while index < len(lines) and (lines[index].strip() == ":" or lines[index].strip().startswith(": ")):
                body.append(lines[index].strip()[2:])
                index += 1
            builder.code(start, start + len(body) - 1, "", "\n".join(body) + "\n")
            continue
        item = _LIST_ITEM.match(raw)
        if item:
            flush()
            marker = item.group(1)
            container, ordered = "list_item", marker[0].isdigit()
            block = [(number, item.group(2))]
            continue
        block.append((number, stripped))
    flush()
    flush_table(len(lines))
    return builder.finish(path, title, truncated, len(lines))
