"""analyze_source: one source file's cloc-style line counts, classified comments and public definitions.

The lexer (lexer.py) finds the comments, the classifier (classify.py) says what each
is for, and definitions.py finds the functions and types and whether docs sit on them;
what differs between languages is their entry in languages.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

from .classify import (COMMENTED_OUT, DIRECTIVE, LICENSE, TUTORIAL, Context, classify, documentation_piece, group,
                       split_code_runs)
from .definitions import DefinitionScan, definition_start_lines, find_definitions
from .languages import BY_NAME, COMMENT_ABOVE_IS_DOC, INSIDE, language_for
from .lexer import (DOC_KIND, LineIndex, count_nonblank_lines, first_code_offset, lex, line_totals,
                    python_statement_strings, strip_spans)

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


_TEST_PATH = re.compile(r"(?:^|/)(?:tests?|__tests__|spec|testing)/|(?:^|/)test_[^/]*$|_test\.\w+$|"
                        r"\.(?:test|spec)\.\w+$|Tests?\.\w+$", re.IGNORECASE)


def is_test_path(path: str) -> bool:
    """True for a test file or a file under a test folder (tests/, spec/, __tests__/, test_x.py, x.test.js...)."""
    return bool(_TEST_PATH.search(path))


_CONFLICT = re.compile(r"^(?:<{7}(?: |$)|={7}$|>{7}(?: |$))", re.MULTILINE)


def analyze_source(path: str, text: str, language: Optional[str] = None) -> SourceAnalysis:
    """Line counts, classified comments and public definitions of one source file."""
    language = language_for(path, language)
    entry = BY_NAME.get(language) if language else None
    is_test = bool(_TEST_PATH.search(path))
    if entry is None:
        total, nonblank = line_totals(text)
        return SourceAnalysis(path, language, total, nonblank, 0, total - nonblank, is_test=is_test)

    raws, strings = lex(text, entry.syntax)
    documented_headers: set = set()
    if entry.docs == INSIDE:
        first_code = first_code_offset(text, raws)
        statement_strings, documented_headers = python_statement_strings(text, strings, first_code)
        raws = sorted(raws + statement_strings, key=lambda r: r.start)
    spans = [(r.start, r.end) for r in raws]
    code_text = strip_spans(text, spans)
    total, nonblank = line_totals(text)
    code_line_total = count_nonblank_lines(code_text)
    code_lines = code_text.split("\n")
    first_code_line = next((i + 1 for i, line in enumerate(code_lines) if line.strip()), len(code_lines) + 1)
    context = Context(code_lines, first_code_line)

    groups = group(raws)
    syntax = entry.definitions
    scan = DefinitionScan(entry, code_text) if syntax is not None and not syntax.indented else None
    definition_lines = definition_start_lines(entry, code_text, scan)
    comments = []
    for grouped in groups:
        group_attached = (grouped.end_line + 1) in definition_lines and not grouped.trailing
        if group_attached or grouped.kind == DOC_KIND:
            pieces = [documentation_piece(grouped)]
        else:
            pieces = split_code_runs(grouped)
        for piece, code_count in pieces:
            attached = (piece.end_line + 1) in definition_lines and not piece.trailing
            if entry.docs == COMMENT_ABOVE_IS_DOC and attached:
                piece.kind = DOC_KIND
            category, explains = classify(piece, piece.text, code_count, context, attached)
            comments.append(Comment(piece.text, piece.line, piece.end_line, piece.kind, category, piece.trailing,
                                    explains, code_count if category == COMMENTED_OUT else 0))

    comment_by_end = {
        c.end_line: c for c in comments
        if not c.trailing and c.category not in (COMMENTED_OUT, LICENSE, DIRECTIVE, TUTORIAL)
    }
    definitions = find_definitions(entry, path, code_text, code_lines, comment_by_end, documented_headers, scan)
    conflicts: tuple[int, ...] = ()
    if "<<<<<<<" in text or ">>>>>>>" in text:
        line_of = LineIndex(text)
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
