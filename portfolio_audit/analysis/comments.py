"""Source comments: a fast per-language lexer, cloc-style line counts and comment classification.

The lexer is one compiled regular expression per language family that jumps
from comment to comment: code and string literals are consumed inside the
regex engine, so Python only sees comments (and, for Python, triple-quoted
strings that may be docstrings). That keeps the hot loop in C and makes a
multi-megabyte file cost one pass. No Pygments, no parser: the classifier only
needs to know where comments are, never what the code means.

Each comment then gets one category:

- ``doc``: documentation of a definition (docstring, JSDoc/Javadoc/Doxygen, a
  Go comment on a declaration); counted as documentation, not code;
- ``explanatory``: says *why* (rationale, invariants, caveats, workarounds, issue links);
- ``descriptive``: a plain remark that is neither why nor a restatement;
- ``noise``: restates the next line, labels a section, or signs initials;
- ``commented_out``: code that was switched off instead of deleted;
- ``todo``: TODO / FIXME / HACK / XXX;
- ``tutorial``: lab skeleton or notebook leftovers, notes on the language itself;
- ``license`` and ``directive``: headers, banners, pragmas; excluded from every ratio.
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Optional

# --- categories ---------------------------------------------------------------------

DOC = "doc"
EXPLANATORY = "explanatory"
DESCRIPTIVE = "descriptive"
NOISE = "noise"
COMMENTED_OUT = "commented_out"
TODO = "todo"
TUTORIAL = "tutorial"
LICENSE = "license"
DIRECTIVE = "directive"
# Comments that say nothing about how the author writes for readers.
EXCLUDED_CATEGORIES = frozenset({LICENSE, DIRECTIVE})

# Syntactic kinds: how a comment is written, independent of what it says.
LINE, BLOCK, DOC_KIND = "line", "block", "doc"

# Python 3.11 has possessive quantifiers; they stop the engine from keeping a
# backtracking stack for every skipped token. On 3.10 the plain greedy forms
# match the same text (the skip loop never needs to backtrack), only slower.
_POSSESSIVE = "+" if sys.version_info >= (3, 11) else ""

# A comment group is noise when at least this share of its content words
# appear (as identifiers) in the code line it sits on or above.
NOISE_OVERLAP = 0.5
# Restatements are short; a long comment that happens to share words explains more.
NOISE_MAX_WORDS = 12
# A comment run counts as commented-out code when at least this share of its
# non-empty lines look like code.
CODE_LINE_SHARE = 0.5
# A doc comment is commented-out code only when nearly all of it is code;
# otherwise its code lines are usage examples.
DOC_CODE_SHARE = 0.8
# Comment vocabularies are small: caching stems saves most of their cost.
STEM_CACHE_SIZE = 1 << 16
# The same comments and comment lines recur within and across files ("# noqa",
# "Returns:", "}", licence headers, idioms of a code base): about half of all
# classifications repeat one already made, so verdicts on text are cached. Most repeats
# are near each other: 4,096 entries get 49% hits on the benchmark tree where 65,536 get
# 52%, and a small cache keeps the garbage collector's full passes, which walk every
# entry, cheap (at 65,536 they cost 6% of the run). Only texts up to
# MAX_CACHED_TEXT_CHARS are kept, so the caches stay small whatever the input; longer
# texts are rarely repeated anyway.
TEXT_CACHE_SIZE = 1 << 12
MAX_CACHED_TEXT_CHARS = 2000
# Only this many leading lines are searched for a licence or generated header.
HEADER_SCAN_LINES = 40


@dataclass(frozen=True)
class Comment:
    """One comment (or run of whole-line comments) with its category."""

    text: str  # without comment markers; lines joined by "\n"
    line: int  # 1-based first line
    end_line: int
    kind: str  # line / block / doc
    category: str
    trailing: bool = False  # shares its line with code
    explains_why: bool = False  # carries rationale, whatever its category
    code_lines: int = 0  # lines that look like code (for commented_out runs)


@dataclass(frozen=True)
class Definition:
    """A function or type definition and whether documentation sits on it."""

    name: str
    line: int
    kind: str  # function / type
    public: bool
    documented: bool


@dataclass(frozen=True)
class SourceAnalysis:
    """Everything analyze_source learns about one file; line counts follow cloc's definitions."""

    path: str
    language: Optional[str]
    total_lines: int
    code_lines: int
    comment_lines: int  # comment and documentation lines, as cloc counts them
    blank_lines: int
    comments: tuple = ()
    definitions: tuple = ()
    conflict_markers: tuple = ()  # line numbers of <<<<<<< / ======= / >>>>>>>
    is_test: bool = False
    counts: dict = field(default_factory=dict)  # category -> number of comments

    def of(self, category: str) -> list:
        """The comments of one category, in file order."""
        return [c for c in self.comments if c.category == category]

    @property
    def commented_out_lines(self) -> int:
        """Lines of code found inside comments."""
        return sum(c.code_lines for c in self.comments if c.category == COMMENTED_OUT)


# A comment counts as someone else's when at least this share of its lines are theirs.
FOREIGN_COMMENT_SHARE = 0.5


def without_lines(analysis: SourceAnalysis, foreign: frozenset) -> SourceAnalysis:
    """``analysis`` without the comments and definitions that sit on ``foreign`` lines (1-based).

    Used for an edited scaffold file: the generator's "# Create your tests here." and
    the functions it wrote are not the person's, while what they added still counts.
    Line counts stay those of the whole file.
    """
    def is_foreign(comment: Comment) -> bool:
        lines = range(comment.line, comment.end_line + 1)
        return sum(1 for line in lines if line in foreign) >= FOREIGN_COMMENT_SHARE * len(lines)

    comments = tuple(comment for comment in analysis.comments if not is_foreign(comment))
    definitions = tuple(definition for definition in analysis.definitions if definition.line not in foreign)
    counts: dict = {}
    for comment in comments:
        counts[comment.category] = counts.get(comment.category, 0) + 1
    return replace(analysis, comments=comments, definitions=definitions, counts=counts)


# --- lexers -------------------------------------------------------------------------


def _escaped_string(quote: str, multiline: bool = False) -> str:
    r"""A string literal between two ``quote`` characters, with backslash escapes.

    It matches exactly what ``"(?:[^"\\\n]|\\[\s\S])*"`` matches, written as an "unrolled
    loop": a run of plain characters is one step of the engine instead of one alternation
    per character (strings and docstrings are a large share of source text). A backslash
    always starts a pair, so a literal can only be read one way and the possessive
    quantifiers never cut off a match the plain ones would find.
    """
    newline = "" if multiline else r"\n"
    plain = rf"[^{quote}\\{newline}]*{_POSSESSIVE}"
    return rf"{quote}{plain}(?:\\[\s\S]{plain})*{_POSSESSIVE}{quote}"


def _triple_quoted(quote: str) -> str:
    """A Python triple-quoted string, unterminated ones running to the end (unrolled like _escaped_string)."""
    plain = rf"[^{quote}\\]*{_POSSESSIVE}"
    return rf"{quote * 3}{plain}(?:(?:\\[\s\S]|{quote}(?!{quote * 2})){plain})*{_POSSESSIVE}(?:{quote * 3}|\Z)"


_DQ = _escaped_string('"')
_SQ = _escaped_string("'")
_DQ_MULTI = _escaped_string('"', multiline=True)
_SQ_MULTI = _escaped_string("'", multiline=True)
_CHAR = r"'(?:\\(?:x[0-9a-fA-F]+|u\{[0-9a-fA-F]+\}|[0-7]{1,3}|[\s\S])|[^'\\\n])'"
_TRIPLE_DQ = r'"""[\s\S]*?(?:"""|\Z)'
_LINE_SLASH = r"(?P<line>//[^\n]*)"
_BLOCK_SLASH = rf"(?P<block>/\*(?:[^*]+{_POSSESSIVE}|\*(?!/))*{_POSSESSIVE}(?:\*/)?)"
# A JavaScript regex literal can only follow an operator or keyword; after an
# identifier or ")" a slash divides. Up to two spaces are allowed in between.
_REGEX_AFTER = "".join(
    rf"(?<={prefix})|" for prefix in (r"[(,=:\[!&|?{};]", r"[(,=:\[!&|?{};] ", r"[(,=:\[!&|?{};]  ", "return ")
).rstrip("|")
_JS_REGEX = rf"(?:{_REGEX_AFTER})/(?![/*])(?:[^/\\\n\[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/"


def _scanner(stop_chars: str, skips: list, tokens: list) -> re.Pattern:
    """A pattern that skips code and strings, then captures one comment (or hits the end).

    ``stop_chars`` are the characters where something interesting may start;
    every ``skips`` alternative consumes one such construct, and a final
    single-character fallback guarantees progress, so the skip loop never fails
    and never backtracks.
    """
    stop = re.escape(stop_chars).replace("]", r"\]")
    skip = "|".join([rf"[^{stop}]+{_POSSESSIVE}"] + skips)
    interesting = "|".join(tokens)
    return re.compile(rf"(?:{skip})*{_POSSESSIVE}(?:{interesting}|(?P<end>\Z))")


def _fallback(chars: str) -> str:
    return "[" + re.escape(chars).replace("]", r"\]") + "]"


_C_SKIPS = [_DQ, _CHAR, r"/(?![/*])"]


def _c_family(extra_skips=(), extra_stop: str = "", lead_skips=()) -> re.Pattern:
    """A C-style lexer; ``lead_skips`` are string forms that must be tried before plain strings."""
    skips = list(lead_skips) + _C_SKIPS + list(extra_skips) + [_fallback("\"'" + extra_stop)]
    return _scanner("/\"'" + extra_stop, skips, [_LINE_SLASH, _BLOCK_SLASH])


_LEXERS = {
    "c": _c_family(lead_skips=[r'(?<=R)"(?P<raw>[^()\\\s"]{0,16})\([\s\S]*?\)(?P=raw)"']),
    "java": _c_family(lead_skips=[_TRIPLE_DQ]),
    "go": _c_family(extra_skips=[r"`[^`]*`"], extra_stop="`"),
    "javascript": _scanner(
        "/\"'`",
        [_DQ, _SQ, _escaped_string("`", multiline=True), _JS_REGEX, r"/(?![/*])", _fallback("\"'`")],
        [_LINE_SLASH, _BLOCK_SLASH],
    ),
    "csharp": _c_family(lead_skips=[_TRIPLE_DQ, r'(?<=@)"(?:[^"]|"")*"']),
    "rust": _scanner(
        "/\"'#",
        [r'(?<=r)(?P<hashes>#+)"[\s\S]*?"(?P=hashes)', r'(?<=r)"[^"]*"', _DQ_MULTI, _CHAR, r"/(?![/*])",
         _fallback("\"'#")],
        [_LINE_SLASH, _BLOCK_SLASH],
    ),
    "php": _scanner(
        "/\"'#",
        [_DQ_MULTI, _SQ_MULTI, r"#\[", r"/(?![/*])", _fallback("\"'")],
        [_LINE_SLASH, r"(?P<hash>#[^\n]*)", _BLOCK_SLASH],
    ),
    "python": _scanner(
        "#'\"",
        [r"(?!''')" + _SQ, r'(?!""")' + _DQ, r"""(?!'''|\"\"\")['"]"""],
        [r"(?P<hash>#[^\n]*)", rf"(?P<tstring>{_triple_quoted(chr(39))}|{_triple_quoted(chr(34))})"],
    ),
    "shell": _scanner(
        "#'\"\\",
        [r"\\[\s\S]", r"'[^']*'", _DQ_MULTI, r"(?<=[^\s;|&(])#", _fallback("'\"")],
        [r"(?P<hash>#[^\n]*)"],
    ),
    "ruby": _scanner("#'\"", [_SQ_MULTI, _DQ_MULTI, _fallback("'\"")], [r"(?P<hash>#[^\n]*)"]),
    "lua": _scanner(
        "-'\"[",
        [_SQ, _DQ, r"\[(?P<leq>=*)\[[\s\S]*?\](?P=leq)\]", r"-(?!-)", r"\[", _fallback("'\"")],
        [r"(?P<block>--\[(?P<ceq>=*)\[[\s\S]*?(?:\](?P=ceq)\]|\Z))", r"(?P<dash>--[^\n]*)"],
    ),
}
_FAMILY = {
    "python": "python",
    "c": "c", "cpp": "c", "objective-c": "c",
    "java": "java", "kotlin": "java", "scala": "java", "swift": "java", "dart": "java", "groovy": "java",
    "go": "go",
    "javascript": "javascript", "typescript": "javascript", "vue": "javascript", "svelte": "javascript",
    "csharp": "csharp",
    "rust": "rust",
    "php": "php",
    "shell": "shell", "r": "ruby", "perl": "ruby", "ruby": "ruby",
    "lua": "lua",
}
_SUFFIX_LANGUAGE = {
    ".py": "python", ".pyi": "python", ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript",
    ".jsx": "javascript", ".ts": "typescript", ".tsx": "typescript", ".go": "go", ".java": "java",
    ".kt": "kotlin", ".kts": "kotlin", ".scala": "scala", ".c": "c", ".h": "c", ".cc": "cpp", ".cpp": "cpp",
    ".cxx": "cpp", ".hpp": "cpp", ".hh": "cpp", ".hxx": "cpp", ".cs": "csharp", ".rs": "rust",
    ".swift": "swift", ".rb": "ruby", ".php": "php", ".sh": "shell", ".bash": "shell", ".lua": "lua",
    ".r": "r", ".dart": "dart", ".vue": "vue", ".svelte": "svelte", ".m": "objective-c",
}
HEADER_SUFFIXES = frozenset({".h", ".hh", ".hpp", ".hxx"})


def language_for(path: str, language: Optional[str] = None) -> Optional[str]:
    """The language name to analyse ``path`` as (explicit language first, then the suffix)."""
    if language and language in _FAMILY:
        return language
    return _SUFFIX_LANGUAGE.get(PurePosixPath(path).suffix.lower())


def supported_languages() -> list:
    """Language names analyze_source has a lexer for."""
    return sorted(_FAMILY)


# --- raw tokens ---------------------------------------------------------------------

@dataclass(slots=True)  # one per comment line: slots make them cheaper to build and read
class _Raw:
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


def _lex(text: str, family: str) -> tuple:
    """(raw comments, python string tokens) in file order."""
    scanner = _LEXERS[family]
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
            strings.append(_Raw(start, end, line, end_line, "string", raw, trailing, '"""'))
        elif group == "block":
            if raw.startswith("--"):
                body = re.sub(r"^--\[=*\[|\]=*\]$", "", raw).strip("\n")
                comments.append(_Raw(start, end, line, end_line, BLOCK, body, trailing, "--["))
            else:
                body, is_doc = _strip_block(raw)
                comments.append(_Raw(start, end, line, end_line, DOC_KIND if is_doc else BLOCK, body, trailing,
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
            comments.append(_Raw(start, end, line, end_line, DOC_KIND if marker == "///" else LINE,
                                 body.rstrip(), trailing, marker))
        line = end_line
        pos = end if end > pos else pos + 1
    return comments, strings


# --- Python docstrings --------------------------------------------------------------

# How far back a docstring looks for its def/class header (multi-line signatures included).
HEADER_WINDOW_CHARS = 2000
_PY_HEADER = re.compile(r"^([ \t]*)(?:async[ \t]+)?(?:def|class)[ \t]+\w+", re.MULTILINE)
_STRING_PREFIX = re.compile(r"[rRbBuUfF]{0,2}$")


def _python_statement_strings(text: str, strings: list, first_code: int) -> tuple:
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
        found.append(_Raw(token.start, token.end, token.line, token.end_line, DOC_KIND if is_doc else BLOCK,
                          _dedent(body), False, '"""'))
    return found, documented_headers


def _header_line(text: str, line_start: int, token: _Raw) -> int:
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


# --- line counts --------------------------------------------------------------------

# A line is non-blank when, after spaces, tabs, form feeds, vertical tabs and carriage
# returns, its next character is not whitespace (a line where that character is other
# Unicode whitespace, a no-break space say, counts as blank). Every line but the
# first is counted as the newline in front of it: a literal first character lets the
# engine skip from line to line instead of trying every offset as "^" with MULTILINE
# does, and a one-character match is a cached string, so findall allocates nothing per line.
_NONBLANK_FIRST_LINE = re.compile(r"[ \t\f\v\r]*\S")
_NEWLINE_BEFORE_NONBLANK = re.compile(r"\n(?=[ \t\f\v\r]*\S)")


def _count_nonblank_lines(text: str) -> int:
    """Non-blank lines of ``text`` (see _NONBLANK_FIRST_LINE)."""
    first = 1 if _NONBLANK_FIRST_LINE.match(text) else 0
    return first + len(_NEWLINE_BEFORE_NONBLANK.findall(text))


def _strip_spans(text: str, spans: list) -> str:
    """``text`` with comment spans removed but their newlines kept, so line numbers hold."""
    pieces = []
    previous = 0
    for start, end in spans:
        pieces.append(text[previous:start])
        pieces.append(_NEWLINE * text.count(_NEWLINE, start, end))
        previous = end
    pieces.append(text[previous:])
    return "".join(pieces)


# --- classification -----------------------------------------------------------------


def _cached_for_short_text(function):
    """``function`` with an LRU cache for calls whose first argument, a text, is short.

    Only for pure functions of their arguments (see TEXT_CACHE_SIZE).
    """
    cached = functools.lru_cache(maxsize=TEXT_CACHE_SIZE)(function)

    @functools.wraps(function)
    def call(text, *rest):
        if len(text) > MAX_CACHED_TEXT_CHARS:
            return function(text, *rest)
        return cached(text, *rest)

    return call


_DIRECTIVE = re.compile(
    r"^\s*(?:!|-\*-|(?:vim?|ex):|coding[:=]|noqa|type:\s*ignore|pylint:|pragma|fmt:\s*(?:on|off|skip)|isort:|"
    r"mypy:|pyright:|ruff:|nosec|eslint|jshint|jscs:|prettier-ignore|tslint:|@ts-|istanbul\s|c8\s|"
    r"go:|\+build|nolint|lint:|NOLINT|clang-format|@flow|@jsx|swiftlint:|rubocop:|frozen_string_literal|"
    r"shellcheck|region\b|endregion\b|#region|#endregion|<reference|@license\b|@preserve)",
    re.IGNORECASE,
)


def _by_first_character(alternatives) -> str:
    r"""One pattern that matches where any of ``alternatives`` does, grouped by first character.

    When every branch of a pattern starts with a literal character, the regex engine
    jumps to the offsets holding one of those characters instead of trying every
    alternative at every offset; on comment text that is three to four times faster.
    Grouping changes which alternative wins at an offset, never whether one matches,
    so the result is only for yes/no searches. A leading ``\b`` moves behind the
    first character as a lookbehind (``\bso`` becomes ``s(?<=\bs)o``).
    """
    groups: dict = {}
    for alternative in alternatives:
        boundary = alternative.startswith(r"\b")
        if boundary:
            alternative = alternative[2:]
        # A first character is a plain one or an escaped punctuation mark like "\(".
        size = 2 if alternative[0] == "\\" and not alternative[1].isalnum() else 1
        first, rest = alternative[:size], alternative[size:]
        if boundary:
            rest = rf"(?<=\b{first}){rest}"
        groups.setdefault(first, []).append(rest)
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


# Case-insensitive patterns come in two forms. The IGNORECASE one is searched in the
# comment as written; its twin, compiled without IGNORECASE from the same lower-case
# alternatives, is searched in the lower-cased comment when the comment is ASCII. For
# ASCII text both find the same thing (an ASCII letter folds to nothing but its own
# lower case, and no alternative starts or ends with whitespace, so stripping changes
# nothing), and only a case-sensitive pattern lets the engine skip by first character.
_LICENSE_ALTERNATIVES = (
    "copyright", r"\(c\)\s*\d{4}", "©", "licen[sc]ed? under", "spdx-license", "all rights reserved",
    "permission is hereby granted", "apache license", "gnu (?:general|lesser)", "mit license", "bsd license",
    "this file is part of", "auto-?generated", "@generated", "generated by", "do not edit",
)
_LICENSE = re.compile("|".join(_LICENSE_ALTERNATIVES), re.IGNORECASE)
_LICENSE_ASCII_LOWER = re.compile(_by_first_character(_LICENSE_ALTERNATIVES))
# A line made only of drawing characters: a banner or a divider.
_DECORATIVE = re.compile(r"^[\s\-=*#/!~+_.:<>|\\]*$")
# "--- line counts ----": a navigation banner in a long file, not prose to judge.
_DIVIDER = re.compile(r"^[-=*#~/]{3,}[ \t]*[^\n]{1,60}?[ \t]*[-=*#~/]{3,}$")
_DIVIDER_CHARACTERS = "-=*#~/"  # a divider starts with one of these; testing that first is cheaper
_TUTORIAL_ALTERNATIVES = (
    r"\byour (?:code|definitions?|implementation|solution|answer)s? (?:goes? )?here\b", r"\bin\[\s*\d*\s*\]:",
    r"\bfill in (?:here|below|your|the (?:code|blanks?|missing))\b", r"\bstudent(?:s)? (?:should|must|need)",
    r"\bimplement (?:this|me)\b",
    r"\bwrite your (?:code|solution)", r"\bstart (?:your )?code here", r"\bend (?:your )?code here",
    r"\bdelete (?:this|these) (?:line|comment)",
    r"go\.dev/tour", r"tour\.golang", "w3schools", "geeksforgeeks", r"educative\.io", "tutorialspoint", "programiz",
    "gopherguides", "javatpoint", r"linkedin\.com/pulse", "freecodecamp", "codecademy",
)
_TUTORIAL = re.compile("|".join(_TUTORIAL_ALTERNATIVES), re.IGNORECASE)
_TUTORIAL_ASCII_LOWER = re.compile(_by_first_character(_TUTORIAL_ALTERNATIVES))
# A marker opens a comment line or is followed by ":" / "(" / "-"; a comment that
# merely mentions the word ("TODO piles") is not a TODO.
_TODO = re.compile(
    r"(?:^|\n)[ \t*#/-]*(?:TODO|FIXME|HACK|XXX|BUG)\b(?!/)|\b(?:TODO|FIXME|HACK|XXX)[ \t]*[:(-]|\btodo[ \t]*[:(]"
)
# Rationale markers: any one of these makes a comment explanatory. Single words
# are looked up in a set (one regex scan per comment instead of one per marker);
# phrases and link shapes go through one regex, grouped by first character.
_WHY_WORDS = frozenset(
    "because otherwise hence therefore thus workaround workarounds avoid avoids avoiding prevent prevents "
    "invariant invariants guarantee guarantees guaranteed ensure ensures must mustn't caveat caveats careful "
    "carefully tradeoff trade-off unless why reason reasons can't cant cannot won't wont doesn't doesnt don't "
    "isn't required require requires assume assumes assuming assumption safe safely safety race deadlock "
    "deadlocks threadsafe thread-safe compatibility compatible incompatible legacy deprecated browser browsers "
    "quirk quirks bug bugs issue amortized performance faster slower expensive cheap cheaper although however "
    "beware might may possibly actually really always never intentional intentionally".split()
)
_WHY_PHRASES = re.compile(_by_first_character((
    "so that", "in order to", "work around", "in case", "note:", "nb:", "important:", "warning:", "rather than",
    "instead of", r"\bso (?:we|it|the|they|this)\b", r"needs? to\b", "backwards?[- ]compat", "support:",
    r"\bgh-\d+", r"\btrac-\d+", r"#\d{2,}", r"/issues/\d+", r"/pull/\d+", r"\bo\([^)\n]{0,40}\)",
    r"only (?:if|when|works|needed|used)\b", r"even (?:if|though|when)\b", "in practice", "edge case",
    "corner case", "if we get here", "by design", "on purpose", "not (?:yet )?supported",
    r"\bwe (?:can|cannot|can't|have|need|don't|do not|keep|only)\b",
)))
_LOWER_WORD = re.compile(r"[a-z][a-z'-]*")


def _explains_why(lower: str) -> bool:
    if not _WHY_WORDS.isdisjoint(_LOWER_WORD.findall(lower)):
        return True
    return _WHY_PHRASES.search(lower) is not None


# Cheap substring tests in front of the tutorial regex: most comments contain none.
_TUTORIAL_HINTS = (
    "here", "in[", "fill in", "student", "implement", "write your", "delete th", "tour", "w3schools",
    "geeksforgeeks", "educative", "tutorialspoint", "programiz", "gopherguides", "javatpoint", "linkedin",
    "freecodecamp", "codecademy",
)
_TUTORIAL_HINT = re.compile("|".join(re.escape(hint) for hint in _TUTORIAL_HINTS))
_TODO_HINT = re.compile("TODO|FIXME|HACK|XXX|BUG|todo")


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_IDENTIFIER_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_STOPWORDS = frozenset(
    "a an the of to in on at for from by with and or is are be it its this that these those we our us "
    "i you your here there then now into as if else do does so just all any some each every new via "
    "will would can could should may might up down out over under using use used".split()
)
# Words a narrating comment uses for what a line visibly does, mapped from code tokens.
_CODE_CONCEPTS = {
    "loop": r"\b(?:for|while|forEach|each|map)\b",
    "check": r"\bif\b|\?",
    "ret": r"\breturn\b",
    "imp": r"\b(?:import|include|require|using|use)\b",
    "out": r"\b(?:print|printf|println|console|log|echo|puts|fmt)\b",
    "new": r"\bnew\s+\w|=\s*[A-Z]\w*\(",
    "assign": r"(?<![=!<>])=(?!=)|:=",
    "inc": r"\+\+|\+=\s*1\b",
    "dec": r"--|-=\s*1\b",
    "call": r"\w\s*\(",
}
_CONCEPT_WORDS = {
    "loop": ("loop", "iterate", "through", "over", "each"),
    "check": ("check", "if", "whether"),
    "ret": ("return", "returns"),
    "imp": ("import", "imports", "include", "library"),
    "out": ("print", "display", "show", "output", "log"),
    "new": ("create", "instance", "instantiate", "initialize", "new", "object"),
    "assign": ("set", "assign", "store", "save", "define", "initialize", "variable"),
    "inc": ("increment", "increase", "add", "counter"),
    "dec": ("decrement", "decrease"),
    "call": ("call", "calling", "function", "run"),
}
_CONCEPT_PATTERN = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _CODE_CONCEPTS.items()))
_SECTION_LABEL = re.compile(
    r"^(?:(?:global|local|private|public|static|helper|utility|util|main|member|instance|class|other|"
    r"constant|module|test|some)\s+)?(?:variables?|vars|imports?|constants?|consts|functions?|funcs|methods?|"
    r"helpers?|utils?|utilities|classes|types|includes?|headers?(?: files?)?|librar(?:y|ies)|modules|"
    r"packages|dependencies|getters?(?: (?:and|&) setters?)?|setters?|constructors?|fields|properties|"
    r"attributes|declarations?|definitions?|defines|macros|main|main (?:function|program|code)|"
    r"setup|config(?:uration)?|routes|exports?|styles?|props|state|hooks?|tests?|"
    r"end(?: of)?(?: \w+)?|begin(?: \w+)?|start(?: of)?(?: \w+)?)[.:]?$",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"^\s*(?:[-–]\s*)?[A-Z]{1,3}(?:\s*[,/&]\s*[A-Z]{1,3})*\s*$")

# Lines that look like code rather than prose.
_CODE_START = re.compile(
    r"^(?:if|for|while|switch|return|import|from\s+\S+\s+import|def|class|func|fn|var|let|const|public|"
    r"private|protected|static|void|int|float|double|char|bool|boolean|String|auto|struct|try|catch|except|"
    r"finally|else|elif|with|async|await|yield|raise|throw|print|console\.\w+|System\.out|fmt\.\w+|"
    r"#include|#define|package|export|module\.exports|require\(|new\s)\b"
)
_CODE_END = re.compile(r"(?:[;{}]|\)\s*:?|\]|\[\s*\]|=>|->|\):|\)\s*\{?)\s*$")
_ASSIGNMENT = re.compile(r"^[\w.\[\]'\"*&\->]+(?:\s*,\s*[\w.\[\]]+)*\s*(?:[-+*/%|&^]|<<|>>)?(?::=|=)(?!=)\s*\S")
_CALL = re.compile(r"^[\w.$]+(?:\[[^\]]*\])*(?:\.[\w$]+)*\s*\(.*\)\s*;?$")
_PROSE_END = re.compile(r"[.!?,]\s*$|[a-z]{3,}\s*$")
_SENTENCE = re.compile(r"^[A-Z][a-z]+(?:\s+[a-z][\w'-]*){3,}")
# A line of at least this many words, mostly plain words, is prose even with brackets in it.
PROSE_MIN_WORDS = 4
PROSE_WORD_SHARE = 0.6
# Plain words: letters after an optional "(", then an optional closing mark. Counted
# in the whole line at once (one regex call per line, not one per word), each word with
# the whitespace in front of it, so words are cut as str.split() cuts them and the
# engine can skip from space to space; the line gets a leading space for its first word.
_PLAIN_WORD_AFTER_SPACE = re.compile(r"\s\(?[A-Za-z][a-z'-]*[),.:;!?]?(?!\S)")
_DOC_TAG = re.compile(r"^@\w+|^:(?:param|returns?|raises|type)\b|^(?:Args|Returns|Raises|Yields|Example|Examples):")


_CODE_PUNCTUATION = re.compile(r"[=;{}()\[\]:<>]")
_BARE_CODE = frozenset({"}", "{", "};", "})", "});", "end", "break;", "continue;", "pass", "break", "continue"})


@_cached_for_short_text
def _looks_like_code(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    code_start = _CODE_START.match(stripped) is not None
    if _CODE_PUNCTUATION.search(stripped) is None:
        # Without brackets, "=", ";" or ":" only a bare keyword line can be code (return x, else, pass).
        return (code_start and len(stripped.split()) <= 3) or stripped in _BARE_CODE
    if _DOC_TAG.match(stripped) or _DECORATIVE.match(stripped):
        return False
    if _SENTENCE.match(stripped) and stripped.endswith((".", ":")) and not stripped.endswith(");"):
        return False
    word_count = len(stripped.split())
    plain_share = len(_PLAIN_WORD_AFTER_SPACE.findall(" " + stripped)) / word_count
    if stripped.endswith(("{", "}")) or (stripped.endswith(";") and plain_share < PROSE_WORD_SHARE):
        if code_start or "(" in stripped or "=" in stripped or "[" in stripped:
            return True
    if word_count >= PROSE_MIN_WORDS and plain_share >= PROSE_WORD_SHARE:
        return False
    if code_start and stripped.endswith(":") and not stripped.endswith("::"):
        return True
    if code_start and (word_count <= 3 or _CODE_END.search(stripped) or "(" in stripped):
        return True
    if _ASSIGNMENT.match(stripped) and not _SENTENCE.match(stripped):
        return True
    if _CALL.match(stripped) and word_count <= 8:
        return True
    if stripped in _BARE_CODE:
        return True
    if _CODE_END.search(stripped) and not _PROSE_END.search(stripped.rstrip(";{}) ")) and word_count <= 10:
        return sum(stripped.count(ch) for ch in "();{}=[]") >= 2
    return False


_LOWER_TOKEN = re.compile(r"[a-z0-9]+")


def _content_words(lower: str) -> list:
    return [_stem(word) for word in _LOWER_TOKEN.findall(lower) if len(word) > 1 and word not in _STOPWORDS
            and not word.isdigit()]


@functools.lru_cache(maxsize=STEM_CACHE_SIZE)
def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


_CONCEPT_STEMS = {name: tuple(_stem(word) for word in words) for name, words in _CONCEPT_WORDS.items()}
# Most comment words name no concept at all; for those, scanning the code line for
# concepts cannot change the verdict, so _restates skips the scan.
_ANY_CONCEPT_STEM = frozenset(stem for stems in _CONCEPT_STEMS.values() for stem in stems)


def _concept_words(code: str) -> frozenset:
    return frozenset(
        word for concept in {found.lastgroup for found in _CONCEPT_PATTERN.finditer(code)}
        for word in _CONCEPT_STEMS[concept]
    )


# Words shorter than this must equal an identifier part; longer ones may sit inside
# one ("timeout" in catchTimeout), which a plain substring test finds cheaply.
MIN_SUBSTRING_WORD = 3


def _restates(comment_lower: str, code: str) -> bool:
    """Whether a short comment mostly names what the code line it describes visibly does."""
    if not code or code.isspace():
        return False
    if len(code) > MAX_CACHED_TEXT_CHARS or len(comment_lower) > MAX_CACHED_TEXT_CHARS:
        return _restates_uncached(comment_lower, code)
    return _restates_cached(comment_lower, code)


def _restates_uncached(comment_lower: str, code: str) -> bool:
    words = _content_words(comment_lower)
    if not words or len(words) > NOISE_MAX_WORDS:
        return False
    needed = NOISE_OVERLAP * len(words)
    code_lower = code.lower()
    code_tokens = None
    concepts = None
    overlap = 0
    for position, word in enumerate(words):
        if overlap + len(words) - position < needed:
            return False
        if len(word) >= MIN_SUBSTRING_WORD:
            if word in code_lower:
                overlap += 1
                continue
        else:
            if code_tokens is None:
                code_tokens = set(_LOWER_TOKEN.findall(code_lower))
            if word in code_tokens:
                overlap += 1
                continue
        if word not in _ANY_CONCEPT_STEM:
            continue
        if concepts is None:
            concepts = _concept_words(code)
        if word in concepts:
            overlap += 1
    return overlap / len(words) >= NOISE_OVERLAP


_restates_cached = functools.lru_cache(maxsize=TEXT_CACHE_SIZE)(_restates_uncached)


@dataclass
class _Context:
    code_lines: list  # the file's lines with comments removed
    first_code_line: int  # 1-based; comments above it are the file header


def _next_code(context: _Context, after_line: int) -> str:
    lines = context.code_lines
    index = after_line  # code_lines is 0-based, so this already points past ``after_line``
    limit = min(len(lines), index + 3)
    while index < limit:
        if lines[index].strip():
            return lines[index]
        index += 1
    return ""


def _classify(raw: _Raw, text: str, code_line_count: int, context: _Context, attached: bool) -> tuple:
    """(category, explains_why)."""
    in_header = raw.line <= max(context.first_code_line, HEADER_SCAN_LINES)
    category, explains, lower = _classify_text(text, raw.kind, raw.trailing, in_header, bool(code_line_count),
                                               attached)
    if category is not None:
        return category, explains
    code = context.code_lines[raw.line - 1] if raw.trailing else _next_code(context, raw.end_line)
    if _restates(lower, code):
        return NOISE, False
    return DESCRIPTIVE, False


@_cached_for_short_text
def _classify_text(text: str, kind: str, trailing: bool, in_header: bool, has_code_lines: bool,
                   attached: bool) -> tuple:
    """The part of _classify that depends on the comment alone: (category, explains_why, lower text).

    The category is None for a comment that is descriptive unless it restates the code next to it.
    """
    stripped = text.strip()
    if not stripped or _DECORATIVE.match(stripped) or (stripped[0] in _DIVIDER_CHARACTERS and _DIVIDER.match(stripped)):
        return DIRECTIVE, False, None
    if "\n" not in stripped and _DIRECTIVE.match(stripped):
        return DIRECTIVE, False, None
    lower = stripped.lower()
    # See _LICENSE_ALTERNATIVES: for ASCII text the lower-case twins are the faster equivalent.
    ascii_text = text.isascii()
    if (in_header or "copyright" in lower) and (
        _LICENSE_ASCII_LOWER.search(lower) if ascii_text else _LICENSE.search(text)
    ):
        return LICENSE, False, None
    if _TUTORIAL_HINT.search(lower) and (_TUTORIAL_ASCII_LOWER.search(lower) if ascii_text else _TUTORIAL.search(text)):
        return TUTORIAL, False, None
    # Whether a comment explains why is asked only on the paths that report it: a
    # directive, licence or commented-out block never needs the rationale scan.
    if _TODO_HINT.search(stripped) and _TODO.search(text):
        return TODO, _explains_why(lower), None
    if has_code_lines and not trailing:
        return COMMENTED_OUT, False, None
    if kind == DOC_KIND:
        return DOC, _explains_why(lower), None
    is_label = "\n" not in stripped and bool(_SECTION_LABEL.match(stripped.strip(" -=#*")))
    if attached and not is_label:
        return DOC, _explains_why(lower), None
    if trailing and _looks_like_code(stripped):
        return NOISE, False, None
    if _INITIALS.match(stripped):
        return NOISE, False, None
    if _explains_why(lower):
        return EXPLANATORY, True, None
    if is_label:
        return NOISE, False, None
    return None, False, lower


# --- definitions --------------------------------------------------------------------

# A C parameter list may span lines, so its pattern cannot stop at a newline; this cap keeps
# a file of unclosed "f(" lines linear instead of rescanning the rest of the file from each one.
MAX_SIGNATURE_CHARS = 2000
_SIGNATURE_SPAN = f"{{0,{MAX_SIGNATURE_CHARS}}}"

_DEF_PATTERNS = {
    "go": re.compile(r"^(?:package[ \t]+(?P<p>\w+)|func[ \t]+(?:\([^)\n]*\)[ \t]*)?(?P<f>[A-Za-z_]\w*)|"
                     r"type[ \t]+(?P<t>[A-Za-z_]\w*))",
                     re.MULTILINE),
    "javascript": re.compile(
        r"^(?P<export>export[ \t]+(?:default[ \t]+)?)?(?:declare[ \t]+)?(?:abstract[ \t]+)?(?:async[ \t]+)?"
        r"(?:function\*?[ \t]*(?P<f>[A-Za-z_$][\w$]*)|(?:class|interface|enum|type)[ \t]+(?P<t>[A-Za-z_$][\w$]*)|"
        r"(?:const|let|var)[ \t]+(?P<c>[A-Za-z_$][\w$]*)[ \t]*(?::[^=\n]+)?=[ \t]*(?:async[ \t]*)?"
        r"(?:\([^)\n]*\)|[A-Za-z_$][\w$]*)[ \t]*(?::[^=\n]+)?=>)",
        re.MULTILINE,
    ),
    "java": re.compile(
        r"^[ \t]*(?P<mods>(?:(?:public|protected|private|static|final|abstract|synchronized|native|default|sealed|"
        r"open|override|internal|data|suspend|inline|virtual|async|partial|readonly|fileprivate|unsafe|"
        r"extern|new)[ \t]+)*)(?:(?:class|interface|enum|record|struct|object|protocol|trait|@interface)[ \t]+"
        r"(?P<t>[A-Za-z_]\w*)|(?:fun|func|def)[ \t]+(?:<[^>\n]*>[ \t]*)?(?:[\w.]+\.)?(?P<f>[A-Za-z_]\w*)|"
        r"(?:<[^>\n]*>[ \t]*)?[\w.<>\[\],? ]+?[ \t]+(?P<m>[A-Za-z_]\w*)[ \t]*\((?![^)\n]*\)[ \t]*;))",
        re.MULTILINE,
    ),
    "rust": re.compile(
        r"^[ \t]*pub(?:\([^)\n]*\))?[ \t]+(?:(?:async|unsafe|const|extern[ \t]+\"[^\"]*\")[ \t]+)*"
        r"(?:fn[ \t]+(?P<f>\w+)|(?:struct|enum|trait|type|union)[ \t]+(?P<t>\w+))",
        re.MULTILINE,
    ),
    "php": re.compile(
        r"^[ \t]*(?P<mods>(?:(?:public|protected|private|static|abstract|final)[ \t]+)*)"
        r"(?:function[ \t]+&?(?P<f>\w+)|(?:class|interface|trait|enum)[ \t]+(?P<t>\w+))",
        re.MULTILINE,
    ),
    "ruby": re.compile(r"^[ \t]*(?:def[ \t]+(?:self\.)?(?P<f>\w+[?!=]?)|(?:class|module)[ \t]+(?P<t>[A-Z]\w*))",
                       re.MULTILINE),
    # A C or C++ source file's own API: top-level function definitions that are not static
    # (the linker exports them), with the return type on the same line or the one above.
    # Types and prototypes in a source file are its private business, so only bodies count.
    "c_source": re.compile(
        r"^(?!static\b|typedef\b|return\b|else\b|if\b|while\b|for\b|switch\b|case\b|define\b|using\b|extern\b|"
        r"inline\b)(?:[A-Za-z_][\w:<>,*& \t]*?[\s*&]+)(?P<f>[A-Za-z_]\w*)[ \t]*\([^;{}]" + _SIGNATURE_SPAN
        + r"\)[ \t]*(?:const)?[ \t]*(?:\{|$)(?![\s\n]*;)",
        re.MULTILINE,
    ),
    "c_header": re.compile(
        r"^(?!static\b|typedef\b|return\b|else\b|if\b|while\b|for\b|switch\b|case\b|define\b|using\b)"
        r"(?:(?:struct|class|union|enum)[ \t]+(?P<t>[A-Za-z_]\w*)[ \t]*(?::[^;{\n]*)?\{?[ \t]*$|"
        r"(?:[A-Za-z_][\w:<>,*& \t]*?[\s*&]+)(?P<f>[A-Za-z_]\w*)[ \t]*\([^;{}]" + _SIGNATURE_SPAN + r"\)[ \t]*(?:const)?[ \t]*(?:;|\{|$))",
        re.MULTILINE,
    ),
}
_ANNOTATION_LINE = re.compile(r"^[ \t]*(?:@[\w.]+(?:\(.*\))?|#\[.*\]|\[[A-Z]\w*(?:\(.*\))?\])[ \t]*$")
_TEST_PATH = re.compile(r"(?:^|/)(?:tests?|__tests__|spec|testing)/|(?:^|/)test_[^/]*$|_test\.\w+$|"
                        r"\.(?:test|spec)\.\w+$|Tests?\.\w+$", re.IGNORECASE)


def is_test_path(path: str) -> bool:
    """True for a test file or a file under a test folder (tests/, spec/, __tests__/, test_x.py, x.test.js...)."""
    return bool(_TEST_PATH.search(path))


_JAVA_NON_METHODS = frozenset({"if", "for", "while", "switch", "catch", "return", "new", "else", "synchronized",
                               "throw", "try", "do"})


def _definitions(language: str, path: str, code_text: str, code_lines: list, comment_by_end: dict,
                 documented_headers: set) -> list:
    family = _FAMILY.get(language)
    suffix = PurePosixPath(path).suffix.lower()
    if family == "python":
        return _python_definitions(code_text, documented_headers)
    if family == "c":
        pattern = _DEF_PATTERNS["c_header" if suffix in HEADER_SUFFIXES else "c_source"]
    elif family in ("go", "javascript", "java", "rust", "php", "ruby"):
        pattern = _DEF_PATTERNS[family]
    elif family == "csharp":
        pattern = _DEF_PATTERNS["java"]
    else:
        return []
    has_exports = family == "javascript" and "export" in code_text
    definitions = []
    line_of = _LineIndex(code_text)
    for found in pattern.finditer(code_text):
        groups = found.groupdict()
        name = groups.get("f") or groups.get("t") or groups.get("c") or groups.get("m")
        if not name:
            continue
        kind = "type" if groups.get("t") else "function"
        line = line_of(found.start())
        public = _is_public(family, language, name, groups, found.group(0), has_exports)
        if family == "java" and groups.get("m") and (name in _JAVA_NON_METHODS or "=" in found.group(0)):
            continue
        if public is None:
            continue
        if family == "java" and line >= 2 and code_lines[line - 2].strip().startswith("@Override"):
            continue  # an override inherits the documentation of what it overrides
        documented = _has_comment_above(line, code_lines, comment_by_end)
        definitions.append(Definition(name, line, kind, public, documented))
    return definitions


def _is_public(family, language, name, groups, matched, has_exports) -> Optional[bool]:
    if family == "go":
        return name[:1].isupper()
    if family == "javascript":
        if groups.get("export"):
            return True
        if has_exports:
            return False
        return not name.startswith("_") and groups.get("c") is None
    if family in ("java", "csharp"):
        mods = (groups.get("mods") or "").split()
        if language in ("kotlin", "scala", "swift"):
            if language == "swift":
                return "public" in mods or "open" in mods
            return not ({"private", "internal", "override", "protected"} & set(mods)) and not name.startswith("_")
        if groups.get("m") and not mods:
            return None  # a statement or local call, not a declaration
        return "public" in mods or ("protected" in mods and groups.get("t") is None)
    if family == "php":
        mods = (groups.get("mods") or "").split()
        return not ({"private", "protected"} & set(mods)) and not name.startswith("__")
    if family == "ruby":
        return not name.startswith("_") and name != "initialize"
    if family == "rust":
        return True
    if family == "c":
        # main is a program's entry point, not an interface; _names and MACROS are internal.
        return not name.startswith("_") and not name.isupper() and name != "main"
    return None


def _has_comment_above(line: int, code_lines: list, comment_by_end: dict) -> bool:
    probe = line - 1
    while probe >= 1 and _ANNOTATION_LINE.match(code_lines[probe - 1]):
        probe -= 1
    return probe in comment_by_end


# Anchored on a newline rather than on ``^`` with MULTILINE: a literal first character
# lets the engine jump from line to line instead of trying every offset, which made this
# scan several times faster. The text gets a leading newline, so a match starts at the
# offset of its line in the original text. The indent is possessive because only
# "async", "def" or "class" may follow it, never a space or tab to give back.
_PY_DEFINITION = re.compile(rf"\n([ \t]*{_POSSESSIVE})(?:async[ \t]+)?(def|class)[ \t]+(\w+)")


def _python_definitions(code_text: str, documented_headers: set) -> list:
    definitions = []
    # One entry per enclosing level: (indent, whether a definition nested in it can be
    # public). Only a public class passes that on, and a public definition's enclosing
    # levels are all public classes, so the top entry speaks for the whole stack.
    stack = []
    line_of = _LineIndex(code_text)
    for found in _PY_DEFINITION.finditer(_NEWLINE + code_text):
        indentation, keyword, name = found.groups()
        indent = len(indentation.expandtabs())
        while stack and stack[-1][0] >= indent:
            stack.pop()
        is_class = keyword == "class"
        enclosing_public = stack[-1][1] if stack else True
        public = enclosing_public and not name.startswith("_") and not name.startswith("test")
        stack.append((indent, is_class and public))
        if not public:
            continue
        line = line_of(found.start())
        # Python's documentation is the docstring (help(), IDEs and Sphinx read it);
        # a "# load the data" line above `def load_data` documents nothing.
        documented = line in documented_headers
        definitions.append(Definition(name, line, "type" if is_class else "function", True, documented))
    return definitions


# --- the analysis -------------------------------------------------------------------

class _LineIndex:
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


_CONFLICT = re.compile(r"^(?:<{7}(?: |$)|={7}$|>{7}(?: |$))", re.MULTILINE)


_LINE_MARKERS = frozenset({"//", "///", "#", "--"})


def _group(raws: list) -> list:
    """Merge whole-line comments on consecutive lines with the same marker into one comment."""
    # Each group's lines are joined once at the end: growing one string line by line is
    # quadratic, and a file of 30,000 consecutive comment lines took seconds.
    groups, lines_of = [], []
    previous = None  # the last group
    for raw in raws:
        if (
            previous is not None
            # Cheapest and most often decisive first: trailing comments and comments
            # apart from the group never merge.
            and not raw.trailing
            and raw.line == previous.end_line + 1
            and not previous.trailing
            and raw.kind in (LINE, DOC_KIND)
            and previous.kind == raw.kind
            and raw.marker == previous.marker
            and raw.marker in _LINE_MARKERS
            # The directive tests come last, being the costly ones. A group of two or
            # more lines passed them already, so its first line is tested only once.
            and not _DIRECTIVE.match(raw.text)
            and (len(lines_of[-1]) > 1 or not _DIRECTIVE.match(lines_of[-1][0].split("\n", 1)[0]))
        ):
            lines_of[-1].append(raw.text)
            previous.end_line = raw.end_line
            previous.end = raw.end
            continue
        previous = _Raw(raw.start, raw.end, raw.line, raw.end_line, raw.kind, raw.text, raw.trailing, raw.marker)
        groups.append(previous)
        lines_of.append([raw.text])
    for group, lines in zip(groups, lines_of):
        if len(lines) > 1:
            group.text = "\n".join(lines)
    return groups


def _split_code_runs(raw: _Raw) -> list:
    """Split a comment into runs of prose and runs of code-like lines: (raw, code line count)."""
    if "\n" not in raw.text:  # most comments are one line
        return [(raw, 1 if _looks_like_code(raw.text) else 0)]
    lines = raw.text.split("\n")
    flags = [_looks_like_code(line) for line in lines]
    if not any(flags):
        return [(raw, 0)]
    code_share = sum(flags) / max(1, sum(1 for line in lines if line.strip()))
    if raw.marker not in _LINE_MARKERS:
        return [(raw, sum(flags) if code_share >= CODE_LINE_SHARE else 0)]
    runs = []
    current_start = 0
    for index in range(1, len(lines) + 1):
        # Blank comment lines stay with the run they are in; a run ends where the flag flips.
        if index == len(lines) or (lines[index].strip() and flags[index] != _run_flag(lines, flags, current_start,
                                                                                         index)):
            piece = lines[current_start:index]
            run_is_code = _run_flag(lines, flags, current_start, index)
            runs.append((
                _Raw(raw.start, raw.end, raw.line + current_start, raw.line + index - 1, raw.kind,
                     "\n".join(piece), raw.trailing, raw.marker),
                sum(flags[current_start:index]) if run_is_code else 0,
            ))
            current_start = index
    return runs


def _documentation_piece(raw: _Raw) -> tuple:
    """A doc comment stays whole: code in it is an example unless it is nearly all code."""
    lines = [line for line in raw.text.split("\n") if line.strip()]
    code_count = prose_count = 0
    for line in lines:
        if _looks_like_code(line):
            code_count += 1
        else:
            prose_count += 1
            # Docstrings are mostly prose: stop as soon as the code share can no longer reach the bar.
            if (len(lines) - prose_count) / len(lines) < DOC_CODE_SHARE:
                return raw, 0
    if lines and code_count / len(lines) >= DOC_CODE_SHARE:
        return raw, code_count
    return raw, 0


def _run_flag(lines, flags, start, stop) -> bool:
    for index in range(stop - 1, start - 1, -1):
        if lines[index].strip():
            return flags[index]
    return False


def analyze_source(path: str, text: str, language: Optional[str] = None) -> SourceAnalysis:
    """Line counts, classified comments and public definitions of one source file."""
    language = language_for(path, language)
    family = _FAMILY.get(language) if language else None
    is_test = bool(_TEST_PATH.search(path))
    if family is None:
        total, nonblank = _line_totals(text)
        return SourceAnalysis(path, language, total, nonblank, 0, total - nonblank, is_test=is_test)

    raws, strings = _lex(text, family)
    documented_headers: set = set()
    if family == "python":
        first_code = _first_code_offset(text, raws)
        statement_strings, documented_headers = _python_statement_strings(text, strings, first_code)
        raws = sorted(raws + statement_strings, key=lambda r: r.start)
    spans = [(r.start, r.end) for r in raws]
    code_text = _strip_spans(text, spans)
    total, nonblank = _line_totals(text)
    code_line_total = _count_nonblank_lines(code_text)
    code_lines = code_text.split("\n")
    first_code_line = next((i + 1 for i, line in enumerate(code_lines) if line.strip()), len(code_lines) + 1)
    context = _Context(code_lines, first_code_line)

    groups = _group(raws)
    definition_lines = _definition_start_lines(language, path, code_text)
    comments = []
    for group in groups:
        group_attached = (group.end_line + 1) in definition_lines and not group.trailing
        if group_attached or group.kind == DOC_KIND:
            pieces = [_documentation_piece(group)]
        else:
            pieces = _split_code_runs(group)
        for piece, code_count in pieces:
            attached = (piece.end_line + 1) in definition_lines and not piece.trailing
            if family == "go" and attached:
                piece.kind = DOC_KIND
            category, explains = _classify(piece, piece.text, code_count, context, attached)
            comments.append(Comment(piece.text, piece.line, piece.end_line, piece.kind, category, piece.trailing,
                                    explains, code_count if category == COMMENTED_OUT else 0))

    comment_by_end = {
        c.end_line: c for c in comments
        if not c.trailing and c.category not in (COMMENTED_OUT, LICENSE, DIRECTIVE, TUTORIAL)
    }
    definitions = _definitions(language, path, code_text, code_lines, comment_by_end, documented_headers)
    conflicts = ()
    if "<<<<<<<" in text or ">>>>>>>" in text:
        line_of = _LineIndex(text)
        conflicts = tuple(line_of(found.start()) for found in _CONFLICT.finditer(text))
    counts: dict = {}
    for comment in comments:
        counts[comment.category] = counts.get(comment.category, 0) + 1
    return SourceAnalysis(
        path=path,
        language=language,
        total_lines=total,
        code_lines=code_line_total,
        comment_lines=nonblank - code_line_total,
        blank_lines=total - nonblank,
        comments=tuple(comments),
        definitions=tuple(definitions),
        conflict_markers=conflicts,
        is_test=is_test,
        counts=counts,
    )


def _line_totals(text: str) -> tuple:
    if not text:
        return 0, 0
    total = text.count("\n") + (0 if text.endswith("\n") else 1)
    return total, _count_nonblank_lines(text)


def _first_code_offset(text: str, raws: list) -> int:
    """Offset of the first character that is neither whitespace nor a comment."""
    position = 0
    for raw in raws:
        if text[position:raw.start].strip():
            break
        position = raw.end
    gap = re.compile(r"\s*").match(text, position)
    return gap.end() if gap else position


def _definition_start_lines(language: str, path: str, code_text: str) -> set:
    """Lines where a definition starts (public or not), for attaching doc comments."""
    family = _FAMILY.get(language)
    if family == "python":
        return set()
    if family == "c":
        pattern = _C_DEFINITION
    elif family == "csharp":
        pattern = _DEF_PATTERNS["java"]
    else:
        pattern = _DEF_PATTERNS.get(family)
    if pattern is None:
        return set()
    lines = set()
    line_of = _LineIndex(code_text)
    for found in pattern.finditer(code_text):
        lines.add(line_of(found.start()))
    # Annotations and decorators sit between a doc comment and its definition.
    code_lines = None
    for line in sorted(lines):
        if code_lines is None:
            code_lines = code_text.split("\n")
        probe = line - 1
        while probe >= 1 and _ANNOTATION_LINE.match(code_lines[probe - 1]):
            lines.add(probe)
            probe -= 1
    return lines


# Any top-level C/C++ function or type definition, in headers and sources alike.
_C_DEFINITION = re.compile(
    r"^(?!typedef\b|return\b|else\b|if\b|while\b|for\b|switch\b|case\b|using\b|#)"
    r"(?:(?:typedef[ \t]+)?(?:struct|class|union|enum)[ \t]+[A-Za-z_]\w*[ \t]*(?::[^;{\n]*)?\{?[ \t]*$|"
    r"(?:[A-Za-z_][\w:<>,*& \t]*?[\s*&]+)[A-Za-z_][\w:~]*[ \t]*\([^;{}]" + _SIGNATURE_SPAN + r"\)[ \t]*(?:const)?[ \t]*(?:\{|$)|"
    r"#define[ \t]+\w+)",
    re.MULTILINE,
)
