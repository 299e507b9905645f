"""Pathological Markdown and code: bounded time per file, and time that grows linearly with size.

Absolute ceilings are generous (a slow CI machine must not flake); the linearity checks
are what catch a regression: a quadratic pattern takes 16× as long on 4× the input,
a linear one about 4×. Both shapes that once were quadratic are here (C signatures that
never close, runs of 30,000 comment lines, 10,000 headings).
"""

from __future__ import annotations

import time

import pytest

from portfolio_audit.analysis.comments import analyze_source
from portfolio_audit.analysis.markdown import analyze_markdown
from portfolio_audit.collect.classify import MAX_FILE_BYTES
from portfolio_audit.engine import evaluate_snapshot
from portfolio_audit.fixtures import repo_from_spec
from portfolio_audit.render import FORMATS
from portfolio_audit.snapshot import Snapshot

MEGABYTE = 1024 * 1024
# Seconds one pathological file may take to analyse on the 2-core CI machine (typical: under 1 s;
# the 1.5 MB table, the slowest, about 3 s).
MAX_ANALYSIS_SECONDS = 10.0
# Seconds a whole repository of two cap-sized pathological documents may take through every rule.
MAX_EVALUATION_SECONDS = 30.0
# Time on 4× the input over time on 1×: linear work gives about 4, quadratic about 16.
MAX_GROWTH = 8.0
GROWTH_BASE_BYTES = 64 * 1024


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def _best_of(repeats: int, function, *args) -> float:
    """The fastest of a few runs: growth checks compare the work, not a neighbour's load or a GC pause."""
    return min(_timed(function, *args) for _ in range(repeats))


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
def test_markdown_analysis_is_bounded(case, suffix):
    text = MARKDOWN_CASES[case]
    seconds = _timed(analyze_markdown, text, suffix)
    assert seconds < MAX_ANALYSIS_SECONDS, f"{case} ({len(text) // 1024} KiB) took {seconds:.1f} s"


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
}
LANGUAGES = {"python": "a.py", "c": "a.c", "cpp": "a.h", "java": "A.java", "go": "a.go", "javascript": "a.js",
             "rust": "a.rs", "php": "a.php", "ruby": "a.rb", "shell": "a.sh", "lua": "a.lua", "csharp": "a.cs"}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_source_analysis_is_bounded(language):
    path = LANGUAGES[language]
    for case, text in SOURCE_CASES.items():
        seconds = _timed(analyze_source, path, text, language)
        assert seconds < MAX_ANALYSIS_SECONDS, f"{language} {case} ({len(text) // 1024} KiB) took {seconds:.1f} s"


GROWTH_CASES = [
    ("a.c", "int f(int a,\n"), ("a.h", "int f(int a,\n"), ("a.go", "func (\n"), ("A.java", "<<<<<<< a\n"),
    ("a.cs", "<<<<<<< a\n"), ("a.rs", "pub(\n"), ("a.py", "# why: because x\n"), ("a.js", "// why: because x\n"),
    ("a.c", "int main(void) { return 0; } // o(n\n"), ("a.py", 'def f():\n    """doc"""\n'),
]


@pytest.mark.parametrize("path,unit", GROWTH_CASES, ids=[f"{p}:{u[:12].strip()}" for p, u in GROWTH_CASES])
def test_source_analysis_time_grows_linearly(path, unit):
    small = _best_of(3, analyze_source, path, _fill(unit, GROWTH_BASE_BYTES))
    large = _best_of(3, analyze_source, path, _fill(unit, 4 * GROWTH_BASE_BYTES))
    # The floor keeps timer noise on tiny durations from reading as growth.
    assert large < MAX_GROWTH * max(small, 0.02), f"{small:.3f} s → {large:.3f} s"


def test_many_headings_time_grows_linearly(catalogue):
    def evaluate(size):
        repo = repo_from_spec({"readme": _fill("# Heading\n\nSome text here.\n\n", size)}, "headings")
        snapshot = Snapshot(collected_at="2026-01-01T00:00:00Z", source={"kind": "local", "paths": []}, repos=(repo,))
        return _best_of(2, evaluate_snapshot, snapshot, catalogue)

    small, large = evaluate(GROWTH_BASE_BYTES), evaluate(4 * GROWTH_BASE_BYTES)
    assert large < MAX_GROWTH * max(small, 0.05), f"{small:.3f} s → {large:.3f} s"


# The slowest shapes found while probing (the others take a second or two).
ENGINE_CASES = {
    "headings": "# Heading\n\nSome text here.\n\n",
    "table": "| a | b | c | d | e | f | g | h |\n|---|---|---|---|---|---|---|---|\n",
    "nested-lists": "- a\n  - b\n    - c\n      - d\n        - e\n",
    "rationale": "We chose X because Y; we rejected Z since it was slow. ",
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(ENGINE_CASES))
def test_every_rule_and_format_on_cap_sized_documents(case, catalogue):
    """The largest files a collector keeps (MAX_FILE_BYTES), through every rule and every report format."""
    text = _fill(ENGINE_CASES[case], MAX_FILE_BYTES)
    source = _fill("int f(int a,\n// why: because\n", MAX_FILE_BYTES)
    repo = repo_from_spec({"readme": text, "files": {"docs/guide.md": text, "src/main.c": source},
                           "commits": [{"subject": "x" * 2000, "body": "y " * 100_000}] * 5}, case)
    snapshot = Snapshot(collected_at="2026-01-01T00:00:00Z", source={"kind": "local", "paths": []}, repos=(repo,))
    started = time.perf_counter()
    result = evaluate_snapshot(snapshot, catalogue)
    for renderer in FORMATS.values():
        renderer(result)
    seconds = time.perf_counter() - started
    assert seconds < MAX_EVALUATION_SECONDS, f"{case}: {seconds:.1f} s"
    assert not [f for f in result["repos"][0]["findings"] if f["outcome"] == "error"]
