"""Definitions in source code: which functions and types a file declares, which are public, which are documented.

How definitions look, which are public and where their docs go is each language's
entry in languages.py; this module only applies those conventions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Optional

from .languages import HEADER_SUFFIXES, Language
from .lexer import LineIndex


@dataclass(frozen=True)
class Definition:
    """A function or type definition and whether documentation sits on it."""

    name: str
    line: int
    kind: str  # function / type
    public: bool
    documented: bool


# Four spaces or more, written as three then a repeat: a literal prefix lets the engine jump
# between candidates (the same matches as " {4,}", nearly three times faster over Java).
_SPACE_RUN = re.compile("    +")
# Spaces and tabs mixed (" \t \t..."): the type may start at any space of the run, so a long
# run is quadratic even squeezed; past this length only its end is kept (its start cannot
# matter to a declaration; a real indent is spaces or tabs, squeezed above or left whole).
MAX_MIXED_WHITESPACE = 64
_LONG_MIXED_RUN = re.compile(r"[ \t]{%d,}" % (MAX_MIXED_WHITESPACE + 1))
_ANNOTATION_LINE = re.compile(r"^[ \t]*(?:@[\w.]+(?:\(.*\))?|#\[.*\]|\[[A-Z]\w*(?:\(.*\))?\])[ \t]*$")


class DefinitionScan:
    """One file's text as the definition patterns read it, and each pattern's matches, found once for both readers."""

    def __init__(self, language: Language, code_text: str):
        assert language.definitions is not None  # only languages whose definitions are checked are scanned
        self.text = _scan_text(language.definitions, code_text)
        self.line_of = LineIndex(self.text)
        self._found: dict = {}

    def matches(self, pattern: re.Pattern) -> list:
        found = self._found.get(pattern)
        if found is None:
            found = self._found[pattern] = list(pattern.finditer(self.text))
        return found


def find_definitions(language: Language, path: str, code_text: str, code_lines: list, comment_by_end: dict,
                     documented_headers: set, scan: Optional[DefinitionScan] = None) -> list:
    """The public definitions of one file (comments removed from ``code_text``), each documented or not.

    ``scan`` is the file's ``DefinitionScan`` when ``definition_start_lines`` made one already.
    """
    syntax = language.definitions
    if syntax is None:
        return []
    assert language.public is not None  # a language whose definitions are checked says which are public
    if syntax.indented:
        return _indented_definitions(language, code_text, documented_headers)
    pattern = syntax.pattern
    if syntax.header_pattern is not None and PurePosixPath(path).suffix.lower() in HEADER_SUFFIXES:
        pattern = syntax.header_pattern
    has_exports = syntax.export_keyword is not None and syntax.export_keyword in code_text
    definitions = []
    scan = scan or DefinitionScan(language, code_text)
    line_of = scan.line_of
    for found in scan.matches(pattern):
        groups = found.groupdict()
        name = groups.get("f") or groups.get("t") or groups.get("c") or groups.get("m")
        if not name:
            continue
        kind = "type" if groups.get("t") else "function"
        line = line_of(found.start())
        public = language.public(name, groups, has_exports)
        if syntax.statement_words and groups.get("m") and (name in syntax.statement_words or "=" in found.group(0)):
            continue
        if public is None:
            continue
        if syntax.overrides_inherit_docs and line >= 2 and code_lines[line - 2].strip().startswith("@Override"):
            continue  # an override inherits the documentation of what it overrides
        documented = _has_comment_above(line, code_lines, comment_by_end)
        definitions.append(Definition(name, line, kind, public, documented))
    return definitions


def _scan_text(syntax, code_text: str) -> str:
    """The text a line-by-line pattern reads: whitespace squeezed where it asks (lines stay where they are)."""
    if not syntax.squeeze_spaces:
        return code_text
    if "    " in code_text:
        code_text = _SPACE_RUN.sub("   ", code_text)
    if "\t" not in code_text:
        return code_text  # runs of spaces alone are at most three long now: no mixed run to cut
    return _LONG_MIXED_RUN.sub(lambda run: run.group()[-MAX_MIXED_WHITESPACE:], code_text)


def _has_comment_above(line: int, code_lines: list, comment_by_end: dict) -> bool:
    probe = line - 1
    while probe >= 1 and _ANNOTATION_LINE.match(code_lines[probe - 1]):
        probe -= 1
    return probe in comment_by_end


def _indented_definitions(language: Language, code_text: str, documented_headers: set) -> list:
    """Definitions that nest by indentation (Python), documented by the docstring inside them."""
    definitions = []
    # One entry per enclosing level: (indent, whether a definition nested in it can be
    # public). Only a public class passes that on, and a public definition's enclosing
    # levels are all public classes, so the top entry speaks for the whole stack.
    stack: list[tuple[int, bool]] = []
    line_of = LineIndex(code_text)
    # Only called for a language with indented definitions, which says which are public.
    assert language.definitions is not None and language.public is not None
    for found in language.definitions.pattern.finditer("\n" + code_text):
        indentation, keyword, name = found.groups()
        indent = len(indentation.expandtabs())
        while stack and stack[-1][0] >= indent:
            stack.pop()
        is_class = keyword == "class"
        enclosing_public = stack[-1][1] if stack else True
        public = enclosing_public and bool(language.public(name, {}, False))
        stack.append((indent, is_class and public))
        if not public:
            continue
        line = line_of(found.start())
        # Python's documentation is the docstring (help(), IDEs and Sphinx read it);
        # a "# load the data" line above `def load_data` documents nothing.
        documented = line in documented_headers
        definitions.append(Definition(name, line, "type" if is_class else "function", True, documented))
    return definitions


def definition_start_lines(language: Language, code_text: str, scan: Optional[DefinitionScan] = None) -> set:
    """Lines where a definition starts (public or not), for attaching doc comments."""
    syntax = language.definitions
    if syntax is None or syntax.indented:
        return set()
    pattern = syntax.anchor_pattern or syntax.pattern
    lines = set()
    scan = scan or DefinitionScan(language, code_text)
    line_of = scan.line_of
    for found in scan.matches(pattern):
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
