"""Plain-text documents (README, README.txt, man pages) as GitHub shows them: headings, lists, indented code."""

from __future__ import annotations

import re
from typing import Optional

from .document import DocBuilder, MarkdownDoc

# A reST or setext underline (or overline): a line of one punctuation character repeated.
_RST_ADORNMENT = re.compile(r"^([=\-`:'\"~^_*+#<>.])\1{2,}\s*$")

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
            elif alone and (numbered := _NUMBERED_HEADING.match(stripped)):
                heading_at[index] = (stripped, 1 + len(adornment_levels) + numbered.group(1).count("."))
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
