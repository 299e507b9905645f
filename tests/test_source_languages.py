"""The language table (analysis/source/languages.py) and the languages in it, from small source samples.

A language is one entry in that table; the lexer, the definition finder, the comment
rules and the collectors read it. These tests hold the table together.
"""

from __future__ import annotations

import pytest

from portfolio_audit.analysis.source.analyze import analyze_source
from portfolio_audit.analysis.source.languages import (BY_NAME, HEADER_SUFFIXES, LANGUAGES, SOURCE_SUFFIXES,
                                                       language_for, supported_languages)
from portfolio_audit.analysis.source.lexer import scanner_for
from portfolio_audit.collect.classify import classify_path


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
