"""The comment lexer: one compiled regex per syntax that jumps from comment to comment, plus line counting.

Code and string literals are consumed inside the regex engine, so Python only sees
comments (and, for Python, triple-quoted strings that may be docstrings). That keeps
the hot loop in C and makes a multi-megabyte file cost one pass. No Pygments, no
parser: the classifier only needs to know where comments are, never what the code
means. What a language's comments and strings look like comes from its ``Syntax`` in
languages.py.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .languages import POSSESSIVE, Syntax

# Syntactic kinds: how a comment is written, independent of what it says.
LINE, BLOCK, DOC_KIND = "line", "block", "doc"


@functools.lru_cache(maxsize=None)
def scanner_for(syntax: Syntax) -> re.Pattern:
    """A pattern that skips code and strings, then captures one comment (or hits the end).

    Every ``skips`` alternative consumes one construct starting at a stop character, and
    the syntax's single-character fallback guarantees progress, so the skip loop never
    fails and never backtracks.
    """
    stop = re.escape(syntax.stop_chars).replace("]", r"\]")
    skip = "|".join([rf"[^{stop}]+{POSSESSIVE}"] + list(syntax.skips))
    interesting = "|".join(syntax.comments)
    return re.compile(rf"(?:{skip})*{POSSESSIVE}(?:{interesting}|(?P<end>\Z))")


@dataclass(slots=True)  # one per comment line: slots make them cheaper to build and read
class Raw:
    start: int
    end: int
    line: int
    end_line: int
    kind: str
    text: str
    trailing: bool
    marker: str  # "//", "#", "--", "/*", '"""' ... groups only merge equal markers


_BLOCK_LINE_PREFIX = re.compile(r"^[ \t]*\*(?!/) ?", re.MULTILINE)
_NEWLINE = "\n"


def _strip_block(raw: str) -> tuple:
    """Text of a /* */ comment without markers, and whether it is a doc comment."""
    is_doc = (raw.startswith("/**") and not raw.startswith("/**/") and raw[3:4] != "*") or raw.startswith("/*!")
    body = raw[3:] if is_doc else raw[2:]
    if body.endswith("*/"):
        body = body[:-2]
    body = _BLOCK_LINE_PREFIX.sub("", body)
    return body.strip("\n").rstrip(), is_doc


def lex(text: str, syntax: Syntax) -> tuple:
    """(raw comments, python string tokens) in file order."""
    scanner = scanner_for(syntax)
    comments = []
    strings = []
    pos = 0
    line = 1
    length = len(text)
    match = scanner.match
    count = text.count
    rfind = text.rfind
    while pos <= length:
        found = match(text, pos)
        if found is None:
            break
        group = found.lastgroup
        if group == "end" or group is None:
            break
        start, end = found.span(group)
        single_line = group == "hash" or group == "line" or group == "dash"
        if end == pos and start == pos and not single_line:
            break  # defensive: a zero-width token would loop forever
        line += count(_NEWLINE, pos, start)
        line_start = rfind(_NEWLINE, 0, start) + 1
        trailing = bool(text[line_start:start].strip())
        raw = text[start:end]
        if single_line:
            end_line = line  # these stop before the newline
        else:
            # An unterminated token swallows the final newline; it still ends on the last line.
            end_line = line + raw.count(_NEWLINE, 0, len(raw.rstrip(_NEWLINE)))
        if group == "tstring":
            strings.append(Raw(start, end, line, end_line, "string", raw, trailing, '"""'))
        elif group == "block":
            if raw.startswith("--"):
                body = re.sub(r"^--\[=*\[|\]=*\]$", "", raw).strip("\n")
                comments.append(Raw(start, end, line, end_line, BLOCK, body, trailing, "--["))
            else:
                body, is_doc = _strip_block(raw)
                comments.append(Raw(start, end, line, end_line, DOC_KIND if is_doc else BLOCK, body, trailing,
                                     "/**" if is_doc else "/*"))
        else:
            if group == "line":
                marker = "//"
                body = raw[2:]
                if body[:1] in ("/", "!") and body[:2] != "//":
                    marker = "///"
                    body = body[1:]
            elif group == "dash":
                marker, body = "--", raw[2:]
            else:
                marker, body = "#", raw[1:]
            comments.append(Raw(start, end, line, end_line, DOC_KIND if marker == "///" else LINE,
                                 body.rstrip(), trailing, marker))
        line = end_line
        pos = end if end > pos else pos + 1
    return comments, strings


# --- Python docstrings --------------------------------------------------------------

# How far back a docstring looks for its def/class header (multi-line signatures included).
HEADER_WINDOW_CHARS = 2000
_PY_HEADER = re.compile(r"^([ \t]*)(?:async[ \t]+)?(?:def|class)[ \t]+\w+", re.MULTILINE)
_STRING_PREFIX = re.compile(r"[rRbBuUfF]{0,2}$")


def python_statement_strings(text: str, strings: list, first_code: int) -> tuple:
    """Triple-quoted strings standing alone as statements, as comments (docstrings are kind doc).

    Also returns the lines of the def/class headers that those docstrings document.
    """
    found = []
    documented_headers = set()
    for token in strings:
        line_start = text.rfind("\n", 0, token.start) + 1
        before = text[line_start:token.start]
        if not _STRING_PREFIX.match(before.strip()):
            continue
        line_end = text.find("\n", token.end)
        after = text[token.end: line_end if line_end >= 0 else len(text)].strip()
        if after and not after.startswith("#"):
            continue
        quote = token.text[:3]
        body = token.text[3:-3] if token.text.endswith(quote) and len(token.text) >= 6 else token.text[3:]
        header_line = _header_line(text, line_start, token)
        if header_line:
            documented_headers.add(header_line)
        is_doc = token.start <= first_code or bool(header_line)
        found.append(Raw(token.start, token.end, token.line, token.end_line, DOC_KIND if is_doc else BLOCK,
                          _dedent(body), False, '"""'))
    return found, documented_headers


def _header_line(text: str, line_start: int, token: Raw) -> int:
    """Line of the def/class whose body starts with the statement at ``line_start``, or 0."""
    window_start = max(0, line_start - HEADER_WINDOW_CHARS)
    window_end = window_start + len(text[window_start:line_start].rstrip())
    if window_end <= window_start or text[window_end - 1] != ":":
        return 0
    keyword = max(text.rfind("def ", window_start, window_end), text.rfind("class ", window_start, window_end))
    if keyword < 0:
        return 0
    header_start = text.rfind("\n", 0, keyword) + 1
    header = _PY_HEADER.match(text, header_start)
    if header is None:
        return 0
    indent = len(header.group(1))
    for later in text[header.end():window_end].split("\n")[1:]:
        stripped = later.lstrip()
        if stripped and len(later) - len(stripped) <= indent and stripped[0] not in ")]":
            return 0
    return token.line - text.count("\n", header_start, token.start)


def _dedent(body: str) -> str:
    lines = body.strip("\n").split("\n")
    return "\n".join(line.strip() for line in lines).strip()


# --- line counts ---------------------------------------------------------------------

# A line is non-blank when, after spaces, tabs, form feeds, vertical tabs and carriage
# returns, its next character is not whitespace (a line where that character is other
# Unicode whitespace, a no-break space say, counts as blank). Every line but the
# first is counted as the newline in front of it: a literal first character lets the
# engine skip from line to line instead of trying every offset as "^" with MULTILINE
# does, and a one-character match is a cached string, so findall allocates nothing per line.
_NONBLANK_FIRST_LINE = re.compile(r"[ \t\f\v\r]*\S")
_NEWLINE_BEFORE_NONBLANK = re.compile(r"\n(?=[ \t\f\v\r]*\S)")


def count_nonblank_lines(text: str) -> int:
    """Non-blank lines of ``text`` (see _NONBLANK_FIRST_LINE)."""
    first = 1 if _NONBLANK_FIRST_LINE.match(text) else 0
    return first + len(_NEWLINE_BEFORE_NONBLANK.findall(text))


def strip_spans(text: str, spans: list) -> str:
    """``text`` with comment spans removed but their newlines kept, so line numbers hold."""
    pieces = []
    previous = 0
    for start, end in spans:
        pieces.append(text[previous:start])
        pieces.append(_NEWLINE * text.count(_NEWLINE, start, end))
        previous = end
    pieces.append(text[previous:])
    return "".join(pieces)


def line_totals(text: str) -> tuple:
    if not text:
        return 0, 0
    total = text.count("\n") + (0 if text.endswith("\n") else 1)
    return total, count_nonblank_lines(text)


def first_code_offset(text: str, raws: list) -> int:
    """Offset of the first character that is neither whitespace nor a comment."""
    position = 0
    for raw in raws:
        if text[position:raw.start].strip():
            break
        position = raw.end
    gap = re.compile(r"\s*").match(text, position)
    return gap.end() if gap else position


class LineIndex:
    """Offsets to 1-based line numbers for increasing offsets, counting each newline once."""

    def __init__(self, text: str):
        self.text = text
        self.offset = 0
        self.line = 1

    def __call__(self, offset: int) -> int:
        if offset < self.offset:
            self.offset, self.line = 0, 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line
