"""Shortcuts for ASCII text: searched with only the branches that can match it, split at ASCII marks; the same answers."""

from __future__ import annotations

import random
import re

import pytest

from portfolio_audit.analysis import placeholders, reflection_cues
from portfolio_audit.analysis.folded_search import ASCII_PARTNERS, FoldedPattern, _ascii_branches, lowered_ascii
from portfolio_audit.analysis.placeholders import SENTENCE_END, split_sentences

ALL_ASCII = "".join(chr(point) for point in range(0x80))
# Characters that branch pruning must read right: ASCII letters, the ASCII partners, accented
# Latin, Cyrillic, Han and Hangul.
_ALPHABET = "aAbBkKsSiIxX  .,;-\n\u212a\u017f\u0131\u0130\u00e9\u00ed\u0436\u0416\u0443\u6f22\u5b57\ub300"


def test_no_character_outside_ascii_but_the_partners_matches_an_ascii_one_under_ignorecase():
    """What ``_needs_non_ascii`` relies on: a pattern's non-ASCII character, the partners aside, never meets ASCII text."""
    chunk: list = []
    checked = 0

    def check() -> None:
        nonlocal checked
        pattern = re.compile("[" + "".join(re.escape(char) for char in chunk) + "]", re.IGNORECASE)
        assert pattern.search(ALL_ASCII) is None, chunk[0]
        checked += len(chunk)
        chunk.clear()

    for point in range(0x80, 0x30000):  # every assigned cased letter is below U+30000
        char = chr(point)
        if 0xD800 <= point <= 0xDFFF or char in ASCII_PARTNERS:
            continue
        chunk.append(char)
        if len(chunk) == 4096:
            check()
    check()
    assert checked > 190_000
    for partner in ASCII_PARTNERS:  # and the partners do, which is why they are left out
        assert re.compile(re.escape(partner), re.IGNORECASE).search(ALL_ASCII) is not None


def test_branches_that_need_a_character_outside_ascii_are_left_out_for_ascii_text():
    assert _ascii_branches(re.compile(r"abc|жук|(?:漢字)+|[а-я]x|\bx(?=ж)", re.IGNORECASE)) == r"abc|\bx(?=ж)"
    assert _ascii_branches(re.compile(r"(?<![\w])(здесь|тут)(?![\w])|여기", re.IGNORECASE)) == ""
    assert _ascii_branches(re.compile("\u212aelvin|жук", re.IGNORECASE)) == "\u212aelvin"  # meets "kelvin"
    assert _ascii_branches(re.compile("\u212aelvin|abc")) == "abc"  # case-sensitive: only the sign itself
    assert _ascii_branches(re.compile(r"[\u0100-\u0200]x|abc", re.IGNORECASE)) is None  # the range holds ı and ſ
    assert _ascii_branches(re.compile(r"abc|d(?:ж)?")) is None  # every branch can match ASCII
    assert _ascii_branches(re.compile("abc")) is None  # one branch
    for source in (r"(ж)|\1", r"(?i)abc|ж", r"(?P<a>ж)|b", r"[]ж]|b"):
        assert _ascii_branches(re.compile(source)) is None, source


def test_a_pattern_of_other_scripts_only_is_never_found_in_ascii_text():
    folded = placeholders._REQUEST_FOLDED
    assert folded._never_in_ascii
    assert not folded.found("Please describe the challenges you met.")
    assert folded.found("프로젝트 설명을 작성해주세요") and folded.found("请描述你的项目")


def _random_branch(draw: random.Random) -> str:
    pieces = []
    for _ in range(draw.randint(1, 3)):
        roll = draw.random()
        if roll < 0.5:
            pieces.append("".join(draw.choice("abkKsxжЖу漢字대\u00e9") for _ in range(draw.randint(1, 4))))
        elif roll < 0.65:
            pieces.append("(" + "|".join(_random_branch(draw) for _ in range(draw.randint(2, 3))) + ")")
        elif roll < 0.75:
            pieces.append("(?:" + _random_branch(draw) + ")" + draw.choice(["?", "*", "+", "{2}"]))
        else:
            pieces.append(draw.choice([r"[жу]", r"[\u0400-\u04ff]", r"[a-c]", ".", r"\s", r"\b", r"\w", r"[^ж]",
                                       r"(?=ж)", r"(?<!a)", "\u212a", "\u017f"]))
    return "".join(pieces)


@pytest.mark.parametrize("flags", [0, re.IGNORECASE], ids=["case-sensitive", "ignorecase"])
def test_random_patterns_of_many_scripts_are_found_as_they_are_found_slowly(flags):
    draw = random.Random(4242 + flags)
    pruned = 0
    for _ in range(500):
        pattern = re.compile("|".join(_random_branch(draw) for _ in range(draw.randint(2, 4))), flags)
        folded = FoldedPattern(pattern)
        pruned += folded._never_in_ascii or folded._ascii_search is not None
        for index in range(40):
            alphabet = _ALPHABET if index % 2 else _ALPHABET[:14]  # half the texts ASCII only
            text = "".join(draw.choice(alphabet) for _ in range(draw.randint(0, 24)))
            expected = pattern.search(text)
            assert folded.found(text) is (expected is not None), (pattern.pattern, text)
            assert folded.found(text, lowered_ascii(text)) is (expected is not None), (pattern.pattern, text)
            found = folded.search(text)
            assert (found.span() if found else None) == (expected.span() if expected else None), (pattern.pattern, text)
    assert pruned > 150


_MANY_LANGUAGES = [placeholders._REQUEST, placeholders._HERE, placeholders._FILL, placeholders._PENDING] + [
    pattern for _, pattern in reflection_cues.SIGNALS.values() if _ascii_branches(pattern) is not None]


@pytest.mark.parametrize("pattern", _MANY_LANGUAGES, ids=lambda p: p.pattern[:24])
def test_patterns_of_many_languages_give_the_original_answer(pattern):
    folded = FoldedPattern(pattern)
    assert folded._never_in_ascii or folded._ascii_search is not None  # pruned, so the new path is what is tested
    draw = random.Random(hash(pattern.pattern) & 0xFFFF)
    words = [word for word in re.findall(r"[^\W\d_]+(?: [^\W\d_]+)?", pattern.pattern)]
    for _ in range(400):
        text = " ".join(draw.choice(words) if draw.random() < 0.5 else draw.choice(["Here", "HERE", "to be", "x:"])
                        for _ in range(draw.randint(1, 6)))
        expected = pattern.search(text)
        assert folded.found(text) is (expected is not None), text
        found = folded.search(text)
        assert (found.span() if found else None) == (expected.span() if expected else None), text


def test_sentences_are_split_as_the_pattern_of_every_script_splits_them():
    draw = random.Random(77)
    pieces = ["Word", " ", "  ", "\n", ".", "!", "?", "...", "\t", "e.g.", "。", "！", "？", "文", "x"]
    for index in range(3000):
        alphabet = pieces if index % 2 else pieces[:11]  # half the texts ASCII only
        text = "".join(draw.choice(alphabet) for _ in range(draw.randint(0, 20)))
        assert split_sentences(text) == SENTENCE_END.split(text), text


def test_a_case_sensitive_pattern_is_searched_only_where_its_rare_literals_are():
    folded = FoldedPattern(re.compile(r"@Controller\b|\bModelAndView\b|org\.thymeleaf"))
    assert folded._sensitive_required == ("org.thymeleaf", "ModelAndView", "@Controller")
    assert not folded.found("public class Foo { void bar() {} }") and folded.search("x = new ModelAndView()")
    assert FoldedPattern(re.compile(r"#\s*include\s*<(SDL|GLFW)/|\bmlx_new_window\(")) \
        ._sensitive_required is None  # "include" is in most C files: no prefilter
    draw = random.Random(31)
    words = ["render_template(", "ModelAndView", "@Controller", "org.thymeleaf", "ab", "x y"]
    prefiltered = 0
    for _ in range(300):
        pattern = re.compile("|".join(
            draw.choice([r"\b", "", "^"]) + re.escape(draw.choice(words)) + draw.choice(["", r"\b", r"\s*\(", "[a-c]?"])
            for _ in range(draw.randint(1, 3))), re.MULTILINE)
        folded = FoldedPattern(pattern)
        prefiltered += folded._sensitive_required is not None
        for _ in range(30):
            text = " ".join(draw.choice(words + ["\n", "(", "Model", "AndView"]) for _ in range(draw.randint(0, 8)))
            expected = pattern.search(text)
            assert folded.found(text) is (expected is not None), (pattern.pattern, text)
            found = folded.search(text)
            assert (found.span() if found else None) == (expected.span() if expected else None), (pattern.pattern, text)
    assert prefiltered > 100
