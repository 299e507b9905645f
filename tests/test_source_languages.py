"""The language table (analysis/source/languages.py) and the languages in it, from small source samples.

A language is one entry in that table; the lexer, the definition finder, the comment
rules and the collectors read it. The first tests hold the table together; the rest
check single languages on samples written for them.
"""

from __future__ import annotations

import pytest

from portfolio_audit.analysis.source import classify as C
from portfolio_audit.analysis.source.analyze import analyze_source
from portfolio_audit.analysis.source.languages import (BY_NAME, HEADER_SUFFIXES, LANGUAGES, SOURCE_SUFFIXES,
                                                       language_for, supported_languages)
from portfolio_audit.analysis.source.lexer import DOC_KIND, scanner_for
from portfolio_audit.collect.classify import classify_path


def _public(analysis) -> dict:
    """{name: (kind, documented)} of the public definitions."""
    return {d.name: (d.kind, d.documented) for d in analysis.definitions if d.public}


def _names(analysis) -> set:
    return {d.name for d in analysis.definitions}


# --- the table -------------------------------------------------------------------------

def test_each_extension_belongs_to_one_language_and_is_a_lower_case_suffix():
    seen: dict = {}
    for language in LANGUAGES:
        for suffix in language.extensions:
            assert suffix.startswith(".") and suffix == suffix.lower(), (language.name, suffix)
            assert suffix not in seen, f"{suffix} is both {seen[suffix]} and {language.name}"
            seen[suffix] = language.name
        assert set(language.header_extensions) <= set(language.extensions), language.name
    assert len(BY_NAME) == len(LANGUAGES)
    assert supported_languages() == sorted(BY_NAME)


@pytest.mark.parametrize("suffix", sorted(SOURCE_SUFFIXES))
def test_the_collectors_keep_exactly_the_table_s_suffixes_as_source(suffix):
    language = SOURCE_SUFFIXES[suffix]
    assert classify_path(f"src/module{suffix}") == ("source", language)
    assert classify_path(f"src/MODULE{suffix.upper()}") == ("source", language)
    assert language_for(f"src/module{suffix}") == language


def test_a_suffix_the_table_does_not_list_is_not_source():
    # ".m" is Objective-C or MATLAB: the table leaves it out rather than guess.
    for path in ("a.m", "a.unknown", "a.txtx"):
        assert classify_path(path) is None and language_for(path) is None
    assert language_for("a.m", "objective-c") == "objective-c"


def test_header_suffixes_come_from_the_table():
    assert HEADER_SUFFIXES == {".h", ".hh", ".hpp", ".hxx"}


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_every_language_lexes_and_its_definition_rules_are_complete(name):
    language = BY_NAME[name]
    assert scanner_for(language.syntax).match("") is not None
    assert (language.definitions is None) == (language.public is None), name
    analysis = analyze_source("sample", "x\n", name)
    assert analysis.language == name and analysis.total_lines == 1


# --- Kotlin ------------------------------------------------------------------------------

KOTLIN = '''\
package com.example.shapes

/** A shape that knows its area. */
sealed interface Shape {
    fun area(): Double
}

/**
 * A circle of [radius].
 */
data class Circle(val radius: Double) : Shape {
    override fun area(): Double = Math.PI * radius * radius
}

enum class Color { RED, GREEN }

fun interface Renderer {
    fun render(shape: Shape): String
}

object Registry

typealias Shapes = List<Shape>

// Shouting is for headings only.
fun String.shout(): String = uppercase()

internal fun helper() = 1

private fun secret(): Int {
    // check the cache before computing
    return compute(2)
}

fun undocumented(x: Int): Int {
    if (x < 0) {
        throw IllegalStateException("negative")
    }
    return compute(x)
}

class Holder {
    companion object {
        const val LIMIT = 3
    }
}
'''


def test_kotlin_definitions_visibility_and_kdoc():
    analysis = analyze_source("src/main/kotlin/Shapes.kt", KOTLIN)
    assert analysis.language == "kotlin"
    public = _public(analysis)
    assert public["Shape"] == ("type", True)
    assert public["Circle"] == ("type", True)
    assert public["Color"] == ("type", False)  # the enum's name, not "class"
    assert public["Renderer"] == ("type", False)  # a fun interface is a type
    assert public["Registry"] == ("type", False)
    assert public["Shapes"] == ("type", False)  # a typealias
    assert public["shout"] == ("function", True)  # an extension function, by its own name
    assert public["undocumented"] == ("function", False)
    assert public["Holder"] == ("type", False)
    # Public by default; internal, private and overrides are not the file's public API.
    assert not {"helper", "secret"} & set(public)
    assert "area" not in {d.name for d in analysis.definitions if d.public and d.line > 10}
    # Statements are not declarations: calls, throws and returns inside bodies.
    assert not {"compute", "IllegalStateException", "class", "interface", "object"} & _names(analysis)


def test_kotlin_comments_strings_and_nested_blocks():
    text = '''\
/* outer /* inner */ still the outer comment */
val url = """http://example.com // not a comment"""
val greeting = "hello ${name.trim()} // still a string"
// a real comment
val x = 1
'''
    analysis = analyze_source("a.kt", text)
    assert [(c.line, c.end_line) for c in analysis.comments] == [(1, 1), (4, 4)]
    assert "still the outer comment" in analysis.comments[0].text
    assert analysis.code_lines == 3 and analysis.comment_lines == 2


def test_kotlin_a_comment_above_a_statement_is_not_documentation():
    text = "fun run(items: List<Int>) {\n    // check the cache before computing\n    compute(items)\n}\n"
    (comment,) = analyze_source("a.kt", text).comments
    assert comment.category != C.DOC


# --- Swift -------------------------------------------------------------------------------

SWIFT = '''\
import Foundation

/// A point on the plane.
public struct Point {
    /// Distance from the origin.
    public func length() -> Double {
        return sqrt(x * x + y * y)
    }

    func helper() -> Double {
        return compute(x)
    }

    private func secret() {}
}

/**
 * Something that can be drawn.
 */
public protocol Drawable {
    func draw()
}

open class View {
    @discardableResult
    public func layout() -> Bool { true }

    public static func make() -> View { View() }

    public init() {}
}

public enum Mode { case light, dark }

final class Cache {}

public func undocumented() {}
'''


def test_swift_definitions_visibility_and_doc_comments():
    analysis = analyze_source("Sources/Geometry/Point.swift", SWIFT)
    assert analysis.language == "swift"
    public = _public(analysis)
    assert public["Point"] == ("type", True)
    assert public["length"] == ("function", True)
    assert public["Drawable"] == ("type", True)
    assert public["View"] == ("type", False)  # open reaches other modules
    assert public["layout"] == ("function", False)  # an attribute line sits between, no comment
    assert public["make"] == ("function", False)
    assert public["Mode"] == ("type", False)
    assert public["undocumented"] == ("function", False)
    # Internal by default: only public and open are API. (A public protocol's requirements,
    # like draw, are public too; seeing that needs the nesting, which is not read.)
    assert not {"helper", "secret", "Cache"} & set(public)
    assert not {"compute", "sqrt"} & _names(analysis)
    doc_lines = {c.line for c in analysis.comments if c.category == C.DOC}
    assert {3, 5, 17} <= doc_lines
    assert analysis.comments[0].kind == DOC_KIND  # "///"


def test_swift_nested_block_comments_and_multiline_strings():
    text = '''\
/* outer /* inner */ still the outer comment */
let banner = """
  // not a comment
  """
let x = 1 // trailing note
'''
    analysis = analyze_source("a.swift", text)
    assert [(c.line, c.trailing) for c in analysis.comments] == [(1, False), (5, True)]
    assert analysis.code_lines == 4


# --- Kotlin and Swift together ---------------------------------------------------------------

@pytest.mark.parametrize("path", ["a.kt", "a.swift"])
def test_an_unclosed_nested_comment_runs_to_the_end_as_one_comment(path):
    # As an unclosed /* does in every C-like language; read any other way, each later "/*"
    # would start a comment that rescans the rest of the file.
    text = "val x = 1\n/* outer /* inner\n" + "/* " * 2_000 + "\nval y = 2\n"
    analysis = analyze_source(path, text)
    assert [(c.line, c.end_line) for c in analysis.comments] == [(2, 4)]
    assert analysis.code_lines == 1


@pytest.mark.parametrize("path", ["a.kt", "a.swift"])
def test_one_level_of_nesting_is_read_and_code_after_the_comment_is_code(path):
    text = "/* a /* b */ c */ val x = 1\n/* d */\nval y = 2 /* e /* f */ g */\n"
    analysis = analyze_source(path, text)
    assert [(c.line, c.trailing) for c in analysis.comments] == [(1, False), (2, False), (3, True)]
    assert analysis.comments[0].text.strip() == "a /* b */ c"
    assert analysis.code_lines == 2


def test_java_block_comments_do_not_nest():
    # The same text in Java closes at the first */: the rest of the line is code.
    analysis = analyze_source("A.java", "/* a /* b */ c */\nint x = 1;\n")
    assert [c.text.strip() for c in analysis.comments] == ["a /* b"]


# --- C's return-type pattern: linear, and the same matches as the lazy form it replaced ---

_LAZY_C_RETURN_TYPE = r"(?:[A-Za-z_][\w:<>,*& \t]*?[\s*&]+)"  # cubic in a run of blanks


def test_c_patterns_match_what_the_lazy_return_type_matched():
    import random
    import re

    from portfolio_audit.analysis.source.languages import _C_RETURN_TYPE, C_DEFINITIONS

    pairs = []
    for pattern in (C_DEFINITIONS.pattern, C_DEFINITIONS.header_pattern, C_DEFINITIONS.anchor_pattern):
        assert pattern is not None and _C_RETURN_TYPE in pattern.pattern
        pairs.append((pattern, re.compile(pattern.pattern.replace(_C_RETURN_TYPE, _LAZY_C_RETURN_TYPE), pattern.flags)))
    pieces = ["int", "foo", "bar_2", " ", "\t", "\n", "*", "&", "(", ")", ";", "{", "}", "::", "<", ">", ",",
              "static", "const", " \t", "~", "#define", "x(int a, char *b)", "\n{\n"]
    rng = random.Random(14)
    samples = ["unsigned long *\ncurl_easy_init(void)\n{\n", "std::vector<int> &Foo::bar(int a) const {\n",
               "int\tmain ( int argc ,\n char **argv )\n{\n"]
    samples += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 24))) for _ in range(4000)]
    for text in samples:
        for fast, lazy in pairs:
            assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == \
                   [(m.span(), m.groupdict()) for m in lazy.finditer(text)], text
