"""Pathological Markdown and code: every shape is analysed to the end, and cap-sized documents pass every rule.

How long they take is measured by ``python -m benchmarks.hardening_times``, which replays these
same inputs and prints each time beside its target (a file in under 10 s, 4x the input in
under 8x the time): a wall-clock limit in a test fails on a loaded machine. The shapes
that once were quadratic are here (C signatures that never close, runs of 30,000
comment lines, 10,000 headings, a 70 KB line of Java modifiers), so a regression to quadratic time shows as a suite that
takes minutes longer, and as NOT MET in the benchmark.
"""

from __future__ import annotations

import pytest

from portfolio_audit.analysis.source.analyze import analyze_source
from portfolio_audit.analysis.markdown import analyze_markdown
from portfolio_audit.collect.classify import MAX_FILE_BYTES
from portfolio_audit.engine import evaluate_snapshot
from tests.support.fixtures import repo_from_spec
from portfolio_audit.render import FORMATS
from portfolio_audit.snapshot import Snapshot

MEGABYTE = 1024 * 1024
# The smaller input of benchmarks.hardening_times's growth comparison (4x this against 1x).
GROWTH_BASE_BYTES = 64 * 1024


def fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


MARKDOWN_CASES = {
    "10k-headings": "".join(f"{'#' * (1 + i % 6)} Heading {i}\n\nText {i}.\n\n" for i in range(10_000)),
    "deep-blockquotes": ">" * 50_000 + " deep\n",
    "deep-lists": "".join("  " * i + "- item\n" for i in range(3_000)),
    "nested-emphasis": "*a _b " * 50_000,
    "nested-brackets": "[" * 100_000 + "x" + "]" * 100_000,
    "5mb-line": "word " * MEGABYTE,
    "huge-table": "| " + " | ".join(f"c{i}" for i in range(200)) + " |\n|" + "---|" * 200 + "\n"
                  + ("| " + " | ".join("v" for _ in range(200)) + " |\n") * 2_000,
    "unterminated-fence": "```python\n" + "code = 1\n" * 100_000,
    "unterminated-comment": "<!--" + " hidden\n" * 100_000,
    "unterminated-html": "<div><details><summary>" * 20_000,
    "many-links": "[a](http://x) ![i](y.png) <img src=x alt=y> " * 20_000,
    "backticks": "`" * 100_000,
    "angle-brackets": "<" * 200_000,
    "front-matter-unclosed": "---\ntitle: x\n" + "key: value\n" * 100_000,
}


@pytest.mark.parametrize("suffix", ["README.md", "guide.rst", "notes.txt"])
@pytest.mark.parametrize("case", sorted(MARKDOWN_CASES))
def test_markdown_analysis_reads_every_pathological_shape(case, suffix):
    text = MARKDOWN_CASES[case]
    doc = analyze_markdown(text, suffix)
    assert doc.line_count >= 1 and doc.total_words >= 0


SOURCE_CASES = {
    "unterminated-docstring": '"""' + "x\n" * 200_000,
    "unterminated-block-comment": "/*" + "x\n" * 200_000,
    "unterminated-string": "'" + "x" * 400_000,
    "5mb-line": "x = 1; " * 750_000,
    "comment-run": "# why: because x\n" * 30_000,
    "open-parens": "(" * 500_000,
    "quotes": "'\"`" * 200_000,
    "slashes": "/" * MEGABYTE,
    "backslashes": "\\" * MEGABYTE,
    "unclosed-signatures": "int f(int a,\n" * 30_000,
    "unclosed-receivers": "func (\n" * 30_000,
    "unclosed-generics": "<<<<<<< a\n" * 30_000,
    "template-literals": "`${" * 200_000,
    "nul-bytes": "x = 1\0\n" * 100_000,
    # A Java-like declaration's modifiers could also be its return type: 70 KB of them took 80 s.
    "modifier-line": "public " * 10_000 + "\n",
    "indented-modifiers": (" " * 4_000 + "public static " * 300 + "\n") * 4,
}
LANGUAGES = {"python": "a.py", "c": "a.c", "cpp": "a.h", "java": "A.java", "go": "a.go", "javascript": "a.js",
             "rust": "a.rs", "php": "a.php", "ruby": "a.rb", "shell": "a.sh", "lua": "a.lua", "csharp": "a.cs"}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_source_analysis_reads_every_pathological_shape(language):
    path = LANGUAGES[language]
    for case, text in SOURCE_CASES.items():
        analysis = analyze_source(path, text, language)
        assert analysis.total_lines == text.count("\n") + (not text.endswith("\n")), (language, case)


@pytest.mark.parametrize("path", ["A.java", "A.cs", "A.dart", "a.c", "a.h", "a.cpp"])
def test_declarations_read_a_70kb_line_of_mixed_whitespace(path):
    """Spaces and tabs after a modifier or a type: every blank could end the return type (cubic before)."""
    text = ("public" if path[0] == "A" else "int") + " \t" * 35_000 + "\n" + "public void run() {}\n"
    analysis = analyze_source(path, text)
    assert analysis.total_lines == 2


# Shapes that were once quadratic, for benchmarks.hardening_times's growth comparison (4x the input, time ratio).
GROWTH_CASES = [
    ("a.c", "int f(int a,\n"), ("a.h", "int f(int a,\n"), ("a.go", "func (\n"), ("A.java", "<<<<<<< a\n"),
    ("a.cs", "<<<<<<< a\n"), ("a.rs", "pub(\n"), ("a.py", "# why: because x\n"), ("a.js", "// why: because x\n"),
    ("a.c", "int main(void) { return 0; } // o(n\n"), ("a.py", 'def f():\n    """doc"""\n'),
    ("A.java", "public static "), ("a.cs", "public \t "), ("a.c", "int \t "), ("a.h", "int \t "),
]


# The slowest shapes found while probing (the others take a second or two).
ENGINE_CASES = {
    "headings": "# Heading\n\nSome text here.\n\n",
    "table": "| a | b | c | d | e | f | g | h |\n|---|---|---|---|---|---|---|---|\n",
    "nested-lists": "- a\n  - b\n    - c\n      - d\n        - e\n",
    "rationale": "We chose X because Y; we rejected Z since it was slow. ",
}


def cap_sized_repo(case: str):
    """A repository of the largest files a collector keeps (MAX_FILE_BYTES): README, a guide, C source, commits."""
    text = fill(ENGINE_CASES[case], MAX_FILE_BYTES)
    source = fill("int f(int a,\n// why: because\n", MAX_FILE_BYTES)
    return repo_from_spec({"readme": text, "files": {"docs/guide.md": text, "src/main.c": source},
                           "commits": [{"subject": "x" * 2000, "body": "y " * 100_000}] * 5}, case)


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(ENGINE_CASES))
def test_every_rule_and_format_on_cap_sized_documents(case, catalogue):
    """The largest files a collector keeps, through every rule and every report format, without an error."""
    snapshot = Snapshot(collected_at="2026-01-01T00:00:00Z", source={"kind": "local", "paths": []},
                        repos=(cap_sized_repo(case),))
    result = evaluate_snapshot(snapshot, catalogue)
    for renderer in FORMATS.values():
        assert renderer(result)
    assert not [f for f in result["repos"][0]["findings"] if f["outcome"] == "error"]
