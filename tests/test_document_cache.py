"""Document analyses: each document parsed once per audit, cached by content and analyser code, the result unchanged.

Parses, detections and readability assessments are counted by wrapping the functions,
never timed; cold, warm and uncached results are compared byte for byte.
"""

from __future__ import annotations

import random
import re
import zlib
from collections import Counter
from pathlib import Path

import pytest

from portfolio_audit import analysis_cache as AC
from portfolio_audit import document_cache as DC
from portfolio_audit.analysis import markdown as markdown_module
from portfolio_audit.analysis import placeholders, reflection_cues
from portfolio_audit.analysis.folded_search import FoldedPattern, lowered_ascii
from portfolio_audit.analysis.markdown import analyze_markdown
from portfolio_audit.engine import evaluate_snapshot
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec
from portfolio_audit.kinds import readme as readme_kind
from portfolio_audit.kinds import reflection as reflection_kind
from portfolio_audit import provenance
from portfolio_audit.provenance import library as provenance_library
from portfolio_audit.provenance import starter
from portfolio_audit.render import FORMATS
from portfolio_audit.snapshot import Snapshot

from .helpers import run_cli

PARSE = markdown_module.analyze_markdown
DETECT = reflection_kind.detect
ASSESS = readme_kind.assess
COLLECTED_AT = re.compile(r'"collected_at": "[^"]*"')

README = """# Shelf {n}

Shelf keeps a household's books in one list, so nobody buys a second copy of a book
that is already on a shelf somewhere in the house.

## Install

```bash
pip install shelf
```

## Design

We chose SQLite over a JSON file because two people editing at once corrupted the file
in the first prototype; the cost is one more dependency for packagers.

## Lessons learned

I learned that importing ISBNs from photos was harder than expected: the first version
misread one barcode in five, so I added a manual check before anything is saved.
"""
DESIGN = """# Design notes

## Why not a web app

A web app would have needed hosting and accounts. We picked a local file instead, because
a household rarely has a server, and synchronisation is left to whatever folder sync they use.

## Credits

Thanks to Ada Lovelace for the barcode reader ({n}) and to the Open Library for their data.
"""
RST = """Usage
=====

Run ``shelf add`` with an ISBN; the book is looked up once and kept offline, since the
lookup service limits requests per hour.
"""


def spec(n: int) -> dict:
    return {"readme": README.format(n=n),
            "files": {"docs/DESIGN.md": DESIGN.format(n=n), "docs/usage.rst": RST, "CONTRIBUTING.md": DESIGN.format(n=0),
                      "shelf/core.py": f'"""Shelf {n}."""\n\n\ndef add(isbn):\n    # Lookups are cached: the API limits us.\n    return isbn\n'}}


def snapshot_of(*specs) -> Snapshot:
    return Snapshot(collected_at=FIXTURE_COLLECTED_AT, source={"kind": "local", "paths": []},
                    repos=tuple(repo_from_spec(s, name=f"r{i}") for i, s in enumerate(specs)))


@pytest.fixture
def counted(monkeypatch):
    """Calls of the Markdown parser, the reflection detector and readability, as (what, path) in call order."""
    calls = []

    def parse(text, path):
        calls.append(("parse", path))
        return PARSE(text, path)

    def detect(doc, *args, **kwargs):
        calls.append(("detect", doc.path))
        return DETECT(doc, *args, **kwargs)

    def assess(doc, *args, **kwargs):
        calls.append(("assess", doc.path))
        return ASSESS(doc, *args, **kwargs)

    monkeypatch.setattr(markdown_module, "analyze_markdown", parse)
    monkeypatch.setattr(reflection_kind, "detect", detect)
    monkeypatch.setattr(readme_kind, "assess", assess)
    return calls


def result_json(snapshot, catalogue, cache=None) -> str:
    return FORMATS["json"](evaluate_snapshot(snapshot, catalogue, analysis_cache=cache))


def document_packs(folder: Path) -> list:
    return sorted(folder.glob(f"*{DC.DOCUMENT_PACK_SUFFIX}"))


# --- once per audit ----------------------------------------------------------------------------

def test_each_document_is_parsed_and_read_for_reflection_once_per_audit(catalogue, counted):
    snapshot = snapshot_of(spec(1), spec(2))
    result_json(snapshot, catalogue)
    parses = Counter(call for call in counted if call[0] == "parse")
    detections = Counter(call for call in counted if call[0] == "detect")
    documents = {"README.md", "docs/DESIGN.md", "docs/usage.rst", "CONTRIBUTING.md"}
    # Two repositories, so each path twice: once per repository, however many rules read it.
    assert {path for _, path in parses} == documents
    assert set(parses.values()) == {2}
    assert {path for _, path in detections} == documents and set(detections.values()) == {2}
    assert Counter(counted)[("assess", "README.md")] == 2


# --- cached between runs -----------------------------------------------------------------------

def test_a_warm_run_parses_no_document_and_gives_the_same_bytes(catalogue, tmp_path, counted):
    snapshot = snapshot_of(spec(1), spec(2), spec(3))
    uncached = result_json(snapshot, catalogue)
    counted.clear()
    cold = result_json(snapshot, catalogue, AC.AnalysisCache(tmp_path))
    assert counted  # the cold run did the work
    assert len(document_packs(tmp_path)) == 3
    counted.clear()
    warm = result_json(snapshot, catalogue, AC.AnalysisCache(tmp_path))
    assert counted == []
    assert warm == cold == uncached
    assert '"reflection/' in warm and "readability" in warm  # the rules really ran on cached analyses


def test_a_changed_document_is_read_again_in_its_repository_only(catalogue, tmp_path, counted):
    result_json(snapshot_of(spec(1), spec(2)), catalogue, AC.AnalysisCache(tmp_path))
    changed = spec(2)
    changed["files"]["docs/DESIGN.md"] += "\n## Limits\n\nIt does not sync by itself, because that needs a server.\n"
    second = snapshot_of(spec(1), changed)
    counted.clear()
    warm = result_json(second, catalogue, AC.AnalysisCache(tmp_path))
    assert {path for what, path in counted if what == "parse"} == set(changed["files"]) - {"shelf/core.py"} | {"README.md"}
    assert len([call for call in counted if call[0] == "parse"]) == 4  # r1's documents, not r0's
    assert warm == result_json(second, catalogue)


def test_other_analyser_code_addresses_other_packs(catalogue, tmp_path, counted, monkeypatch):
    snapshot = snapshot_of(spec(1))
    result_json(snapshot, catalogue, AC.AnalysisCache(tmp_path))
    monkeypatch.setattr(DC, "document_analyser_digest", lambda cache=None: "another analyser")
    counted.clear()
    result_json(snapshot, catalogue, AC.AnalysisCache(tmp_path))
    assert ("parse", "README.md") in counted
    assert len(document_packs(tmp_path)) == 2


def test_a_damaged_or_foreign_pack_is_a_miss_and_is_rewritten(catalogue, tmp_path, counted):
    snapshot = snapshot_of(spec(1))
    expected = result_json(snapshot, catalogue, AC.AnalysisCache(tmp_path))
    (pack,) = document_packs(tmp_path)
    good = pack.read_bytes()
    header, _, body = good.partition(b"\n")
    foreign = zlib.compress(b'{"format":"1","key":"x","analyser":"y","items":[]}')
    for damaged in (good[: len(good) // 2], header + b"\n" + foreign, b"not a pack",
                    AC.MAGIC + b" documents 1 " + b"0" * 64 + b"\n" + body):
        pack.write_bytes(damaged)
        counted.clear()
        assert result_json(snapshot, catalogue, AC.AnalysisCache(tmp_path)) == expected
        assert ("parse", "README.md") in counted
        assert pack.read_bytes() == good


def test_pruning_counts_document_packs_too(catalogue, tmp_path):
    result_json(snapshot_of(spec(1)), catalogue, AC.AnalysisCache(tmp_path))
    (pack,) = document_packs(tmp_path)
    old = 1_000_000.0
    import os

    os.utime(pack, (old, old))
    AC.AnalysisCache(tmp_path, prune=False).prune(now=old + (AC.MAX_UNUSED_DAYS + 1) * 86400)
    assert document_packs(tmp_path) == []


def test_the_command_line_gives_the_same_bytes_cold_warm_and_uncached(tmp_path):
    for n in (1, 2):
        folder = tmp_path / "projects" / f"shelf{n}"
        for path, text in {"README.md": README.format(n=n), **spec(n)["files"]}.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
    outputs = []
    for flags in (["--no-cache"], ["--cache-dir", str(tmp_path / "cache")], ["--cache-dir", str(tmp_path / "cache")]):
        done = run_cli("audit", str(tmp_path / "projects"), "-f", "json", "-q", *flags)
        assert done.returncode == 0, done.stderr
        outputs.append(COLLECTED_AT.sub("", done.stdout))
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(document_packs(tmp_path / "cache" / "analysis")) == 2


# --- the encoding keeps values exactly ----------------------------------------------------------

def test_documents_and_detections_come_back_identical_with_their_types():
    doc = analyze_markdown(README.format(n=7) + "\n| a | b |\n|---|---|\n| 1 | `x` |\n\n![logo](l.png) [x](http://e.org)\n",
                           "README.md")
    for value in (doc, DETECT(doc), ASSESS(doc), {"a": (1, 2.5, None, "\ud800")}, [True, ("t",)]):
        encoded = DC.encode_value(value)
        import json

        back = DC.decode_value(json.loads(json.dumps(encoded)))
        assert back == value and repr(back) == repr(value)


@pytest.mark.parametrize("value", [{1, 2}, {1: "a"}, Path("x"), type("Str", (str,), {})("x")])
def test_values_it_cannot_keep_exactly_are_refused(value):
    with pytest.raises(DC.NotKept):
        DC.encode_value(value)


def test_a_pack_names_only_classes_it_may_rebuild():
    with pytest.raises((KeyError, ValueError)):
        DC.decode_value(["d", "Popen", "ls"])
    with pytest.raises(ValueError):
        DC.decode_value({"untagged": 1})


# --- the fast case-insensitive search answers as the slow one does ------------------------------

_ALPHABET = "aAbBcCeEiIkKlLoOsStTnN  .,:;-'()vsVSx1\u212a\u017f\u0131\u0130\u00e9\u00f4대"


def _texts(seed: int, count: int = 400) -> list:
    draw = random.Random(seed)
    words = ["instead of", "Rather Than", "because", "DOES NOT", "vs.", "O(n log n)", "trade-off", "costs us 2",
             "bootstrapped with create-react-app", "Blazing-Fast", "seamless", "plutôt que", "ſince", "becauſe",
             "K", "İnstead", "cannot", "in favour of", "raise NotImplementedError", "YOUR CODE HERE", "ToDo: implement",
             "throw new Error('not implemented", "DO NOT MODIFY this", "starter code for the Lab", "course staff",
             "// Code generated by protoc. DO NOT EDIT.", "@Generated", "Apache License, Version 2.0",
             "Permission is hereby granted, free of charge, to any person obtaining a copy", "## Our Pledge"]
    texts = []
    for _ in range(count):
        parts = [draw.choice(words) if draw.random() < 0.4 else "".join(draw.choice(_ALPHABET) for _ in range(draw.randint(0, 12)))
                 for _ in range(draw.randint(1, 8))]
        texts.append(" ".join(parts))
    return texts


@pytest.mark.parametrize("pattern", [p for _, p in reflection_cues.SIGNALS.values()]
                         + [placeholders._BOILERPLATE, placeholders._PUFFERY, starter._STUB_MARK, starter._BANNER,
                            provenance.GENERATED_MARKERS] + [p for p, _ in provenance_library._LICENCE_TEXTS],
                         ids=lambda p: p.pattern[:24])
def test_folded_search_gives_the_original_answer(pattern):
    folded = FoldedPattern(pattern)
    assert folded._lowered is not None  # these patterns qualify, so the fast path is what is tested
    for text in _texts(hash(pattern.pattern) & 0xFFFF):
        expected = pattern.search(text)
        assert folded.found(text) is (expected is not None), text
        assert folded.found(text, lowered_ascii(text)) is (expected is not None), text
        found = folded.search(text)
        assert (found.span() if found else None) == (expected.span() if expected else None), text


@pytest.mark.parametrize("source", [r"\u212a", "\u212aelvin", "\u017fince", r"(?-i:abc)", r"[A-Z]x", r"(?P<Name>x)",
                                    r"[]A-z]", r"(a)\1"])
def test_patterns_the_fast_search_would_answer_differently_stay_slow(source):
    assert FoldedPattern(re.compile(source, re.IGNORECASE))._lowered is None


def test_patterns_without_ignorecase_are_searched_as_they_are():
    assert FoldedPattern(re.compile("abc"))._lowered is None


def test_upper_case_letters_outside_classes_are_lowered_for_the_fast_search():
    folded = FoldedPattern(re.compile(r"raise\s+NotImplementedError\b|\Wx[a-z]", re.IGNORECASE))
    assert folded._lowered.pattern == r"raise\s+notimplementederror\b|\Wx[a-z]"


def _random_pattern(draw: random.Random, depth: int = 0) -> str:
    """A small regular expression of literals, groups, alternations, repeats, classes and assertions."""
    pieces = []
    for _ in range(draw.randint(1, 4)):
        roll = draw.random()
        if roll < 0.45 or depth > 2:
            pieces.append("".join(draw.choice("abcd ") for _ in range(draw.randint(1, 5))))
        elif roll < 0.6:
            pieces.append("(" + "|".join(_random_pattern(draw, depth + 1) for _ in range(draw.randint(2, 3))) + ")")
        elif roll < 0.7:
            pieces.append("(" + _random_pattern(draw, depth + 1) + ")" + draw.choice(["?", "*", "+", "{2}", "{0,2}", "++"]))
        elif roll < 0.8:
            pieces.append(draw.choice(["[ab]", ".", r"\s", r"\b", "^", "$", "[^c]", r"\w*", "(?=ab)", "(?!b)"]))
        else:
            pieces.append("(?:" + _random_pattern(draw, depth + 1) + ")")
    return "".join(pieces)


def test_required_literals_are_in_every_match():
    """Soundness of the prefilter: whenever a pattern matches, one of its required literals is in the text."""
    from portfolio_audit.analysis.folded_search import _required_literals

    draw = random.Random(1417)
    checked = matched = 0
    for _ in range(1500):
        pattern = re.compile(_random_pattern(draw))
        required = _required_literals(pattern)
        if required is None:
            continue
        checked += 1
        for index in range(80):
            # Noise, and noise spliced with the pattern's own strings so that many do match.
            pieces = ["a", "b", "c", "d", " ", "\n", "ab", "abc"] + (list(required) if index % 2 else [])
            text = "".join(draw.choice(pieces) for _ in range(draw.randint(0, 30)))
            if pattern.search(text):
                matched += 1
                assert any(literal in text for literal in required), (pattern.pattern, text, required)
    assert checked > 300 and matched > 3000


def test_required_literals_of_known_shapes():
    from portfolio_audit.analysis.folded_search import _required_literals

    assert _required_literals(re.compile(r"\bdo not (modify|edit)\b|raise\s+notimplemented")) == (
        "notimplemented", "do not modify", "do not edit")
    assert _required_literals(re.compile(r"licen[cs]ed (under|mit)")) == ("licenced under", "licensed under",
                                                                         "licenced mit", "licensed mit")
    assert _required_literals(re.compile(r"generated by|@generated")) == ("generated by", "@generated")
    assert _required_literals(re.compile(r"(abc)?xyz")) == ("xyz",)
    assert _required_literals(re.compile(r"ab|c")) is None  # a one-letter branch: no useful filter
    assert _required_literals(re.compile(r"abc", re.IGNORECASE)) is None  # only the lowered, case-sensitive form


def test_first_chars_and_leading_literals_begin_every_match():
    """Soundness of the lookahead and of trying a pattern only where a leading literal is found."""
    from portfolio_audit.analysis.folded_search import _first_chars, _leading_literals, _sre_parse

    draw = random.Random(1723)
    led = checked = matched = 0
    for _ in range(1500):
        pattern = re.compile(_random_pattern(draw))
        first = _first_chars(list(_sre_parse.parse(pattern.pattern)))
        leading = _leading_literals(pattern)
        checked += first is not None
        led += leading is not None
        if first is None and leading is None:
            continue
        for index in range(60):
            pieces = ["a", "b", "c", "d", " ", "\n", "ab", "abc"] + (list(leading or ()) if index % 2 else [])
            text = "".join(draw.choice(pieces) for _ in range(draw.randint(0, 30)))
            for found in pattern.finditer(text):
                matched += 1
                if first is not None:
                    assert found.end() > found.start() and text[found.start()] in first, (pattern.pattern, text)
                if leading is not None:
                    assert any(text.startswith(literal, found.start()) for literal in leading), (pattern.pattern, text)
    assert checked > 300 and led > 200 and matched > 3000


def test_random_patterns_are_found_fast_as_they_are_found_slowly():
    draw = random.Random(2024)
    fast = 0
    for _ in range(600):
        pattern = re.compile(_random_pattern(draw).replace("a", "A"), re.IGNORECASE)
        folded = FoldedPattern(pattern)
        fast += folded._lowered is not None
        for index in range(40):
            pieces = ["a", "A", "b", "B", "c", "d", " ", "\n", "ab", "abc", "\u00e9", "\u212a", "\u0131", "\u00c0"]
            text = "".join(draw.choice(pieces) for _ in range(draw.randint(0, 30)))
            assert folded.found(text) is (pattern.search(text) is not None), (pattern.pattern, text)
    assert fast > 400


def test_the_ascii_partners_are_every_character_ignorecase_ties_to_ascii():
    """The non-ASCII characters that IGNORECASE matches with ASCII, or that lower-case to another length."""
    from portfolio_audit.analysis.folded_search import ASCII_PARTNERS

    found = set()
    for point in range(0x80, 0x110000):
        if 0xD800 <= point <= 0xDFFF:
            continue
        char = chr(point)
        lower = char.lower()
        if re.fullmatch("[\x00-\x7f]", char, re.IGNORECASE) or len(lower) != 1 or lower.isascii():
            found.add(char)
        else:  # lowering keeps what \w, \d and \s see
            assert (char.isalnum(), char.isdecimal(), char.isspace()) == (lower.isalnum(), lower.isdecimal(),
                                                                          lower.isspace()), hex(point)
    assert found == set(ASCII_PARTNERS)


def test_leading_literals_of_known_shapes():
    from portfolio_audit.analysis.folded_search import _leading_literals

    assert _leading_literals(re.compile(r"\btodo:?\s*fix|\braise\b|raisenow|todo!")) == ("raise", "todo")
    assert _leading_literals(re.compile(r"(abc)?xyz")) == ("abcxyz", "xyz")
    assert _leading_literals(re.compile(r"(abc)*xyz")) is None  # any number of repeats: no fixed first letters
    assert _leading_literals(re.compile(r"ab|cde")) is None  # too short to be worth a search
    many = "|".join(f"{word}{tail}" for word in ("alpha", "bravo", "delta", "gamma") for tail in "abcdefghijklmnop")
    assert _leading_literals(re.compile(many)) == ("alpha", "bravo", "delta", "gamma")  # cut to fit MAX_LITERALS
