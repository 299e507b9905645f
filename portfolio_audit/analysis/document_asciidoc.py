"""AsciiDoc documents read by a small reader of our own: headings, paragraphs, lists, listing blocks, images, links, tables.

AsciiDoc is line-oriented, which keeps the reader linear: ``= Title`` and ``==
Section`` headings (and Markdown-style ``#`` ones), delimited blocks (``----``
listing, ``....`` literal, ``++++`` passthrough, ``////`` comment, ``|===`` table;
``====``/``****``/``____`` hold ordinary text), ``[source,lang]`` attribute lines,
``*``/``-``/``.`` list items, ``image::`` macros and ``url[text]`` links. Attribute
entries (``:toc:``) and ``//`` comments are skipped.
"""

from __future__ import annotations

import re
from typing import Optional

from .document import DocBuilder, MarkdownDoc

_HEADING = re.compile(r"^(={1,6}|#{1,6})\s+(\S.*?)\s*(?:\1)?\s*$")
_DELIMITER = re.compile(r"^(-{4,}|\.{4,}|\+{4,}|/{4,}|={4,}|\*{4,}|_{4,}|\|===+|```+.*)$")
_ATTRIBUTE_ENTRY = re.compile(r"^:!?[\w-]+!?:(\s.*)?$")
_BLOCK_ATTRIBUTES = re.compile(r"^\[([^\]]*)\]\s*$")
_BLOCK_TITLE = re.compile(r"^\.([^.\s].*)$")
_LIST_ITEM = re.compile(r"^\s*(\*{1,5}|-|\.{1,5}|\d+\.)\s+(.*)$")
_IMAGE_BLOCK = re.compile(r"^image::([^\[]+)\[([^\]]*)\]")
_IMAGE_INLINE = re.compile(r"image:([^\s\[:][^\[\s]*)\[([^\]]*)\]")
_LINK = re.compile(r"(?:link:)?((?:https?|mailto):[^\s\[]+|[\w./-]+\.(?:adoc|html|md))\[([^\]]*)\]")
_BARE_LINK = re.compile(r"(?<![\[\w])(https?://[^\s\[]+)")
_XREF = re.compile(r"<<([^,>]+)(?:,\s*([^>]+))?>>")
_MONOSPACE = re.compile(r"(?<![\w`])`([^`]+)`(?![\w`])|\+([^+\n]+)\+")
_ADMONITION = re.compile(r"^(NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s+")
# Delimiters whose content is code or hidden, by their first character.
_CODE_DELIMITERS = {"-": "listing", ".": "literal", "+": "passthrough", "`": "listing"}


def _inline(text: str, line: int, builder: DocBuilder) -> tuple:
    """(text, prose, inline code, hrefs) of one block's text, reporting its images and links."""
    hrefs, code = [], []
    for match in _IMAGE_INLINE.finditer(text):
        builder.image(line, match.group(2).split(",")[0], match.group(1))
    text = _IMAGE_INLINE.sub(" ", text)

    def link(match: re.Match) -> str:
        href, label = match.group(1), match.group(2).split(",")[0].strip() or match.group(1)
        hrefs.append(href)
        builder.link(line, label, href)
        return label

    text = _LINK.sub(link, text)
    for match in _BARE_LINK.finditer(text):
        hrefs.append(match.group(1))
        builder.link(line, "", match.group(1))
    text = _XREF.sub(lambda m: (m.group(2) or m.group(1)).strip(), text)
    prose = _MONOSPACE.sub(" ", text)
    for match in _MONOSPACE.finditer(text):
        code.append(match.group(1) or match.group(2))
    text = _MONOSPACE.sub(lambda m: m.group(1) or m.group(2), text)
    return text, prose, tuple(code), tuple(hrefs)


def analyze_asciidoc(text: str, path: str, title: Optional[str], truncated: bool) -> MarkdownDoc:
    """Read prepared AsciiDoc ``text`` into a MarkdownDoc (see the module docstring)."""
    lines = text.split("\n")
    builder = DocBuilder()
    block: list = []  # (line number, text) of the running paragraph or list item
    container = "paragraph"
    ordered = False
    pending_info = ""
    table_rows: list = []

    def flush() -> None:
        nonlocal block, container, ordered
        if block:
            line = block[0][0]
            joined = " ".join(part for _, part in block)
            value, prose, code, hrefs = _inline(joined, line, builder)
            builder.paragraph(line, block[-1][0], value, prose, container, ordered, None, code, hrefs)
        block, container, ordered = [], "paragraph", False

    index = 0
    while index < len(lines):
        raw = lines[index]
        number = index + 1
        stripped = raw.strip()
        index += 1
        if not stripped:
            flush()
            continue
        if stripped.startswith("//") and not stripped.startswith("////"):
            continue
        delimiter = _DELIMITER.match(stripped)
        if delimiter:
            flush()
            mark = stripped[0]
            fence = stripped if not stripped.startswith("```") else "```"
            body_start = index
            while index < len(lines) and not (lines[index].strip() == fence or
                                              (fence == "```" and lines[index].strip().startswith("```"))):
                index += 1
            body = lines[body_start:index]
            index += 1  # past the closing delimiter
            if mark in _CODE_DELIMITERS:
                info = pending_info or (stripped[3:].strip() if fence == "```" else "")
                builder.code(number, min(index, len(lines)), info, "\n".join(body) + "\n")
            elif mark == "|":
                for offset, row in enumerate(body):
                    cells = tuple(cell.strip() for cell in row.split("|")[1:])
                    if any(cells):
                        table_rows.append(cells)
                if table_rows:
                    builder.table(number, min(index, len(lines)), tuple(table_rows))
                table_rows = []
            elif mark in "=*_":
                # Example, sidebar and quote blocks hold ordinary text: read it in place.
                index = body_start
                continue
            pending_info = ""
            continue
        if stripped in ("====", "****", "____"):
            continue
        heading = _HEADING.match(stripped)
        if heading and not block:
            level = len(heading.group(1))
            builder.heading(heading.group(2), level, number)
            if level == 1 and builder.section == 1:
                # The document header: author, revision and attribute lines up to the first blank line.
                while index < len(lines) and lines[index].strip():
                    index += 1
            continue
        if _ATTRIBUTE_ENTRY.match(stripped):
            continue
        attributes = _BLOCK_ATTRIBUTES.match(stripped)
        if attributes and not block:
            parts = [p.strip() for p in attributes.group(1).split(",")]
            pending_info = parts[1] if len(parts) > 1 and parts[0] in ("source", "") else ""
            continue
        image = _IMAGE_BLOCK.match(stripped)
        if image:
            flush()
            builder.image(number, image.group(2).split(",")[0], image.group(1))
            continue
        if _BLOCK_TITLE.match(stripped) and not block:
            continue  # ".Title" names the next block; it is not prose of its own
        item = _LIST_ITEM.match(raw)
        if item:
            flush()
            marker = item.group(1)
            container, ordered = "list_item", marker[0] == "." or marker[0].isdigit()
            block = [(number, item.group(2))]
            continue
        if raw.startswith((" ", "\t")) and not block:
            # An indented paragraph is a literal block.
            start = number
            body = [raw]
            while index < len(lines) and lines[index].startswith((" ", "\t")) and lines[index].strip():
                body.append(lines[index])
                index += 1
            builder.code(start, start + len(body) - 1, pending_info, "\n".join(body) + "\n")
            pending_info = ""
            continue
        block.append((number, _ADMONITION.sub("", stripped)))
    flush()
    return builder.finish(path, title, truncated, len(lines))
