"""Property-based fuzzing of the code that reads strangers' text: Markdown, source comments, snapshot files.

The properties are "never crashes, and the answer is sane" (line numbers inside the
file, counts that add up); the snapshot loader may only refuse input with SnapshotError.
A plain `pytest` runs the "ci" profile (300 examples each); the documented long run is
    python -m pytest tests/hardening/test_fuzz.py --hypothesis-profile=long
(25,000 examples for each of the four properties: 100,000 inputs).
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from portfolio_audit import snapshot as snapshot_io
from portfolio_audit.analysis.comments import analyze_source
from portfolio_audit.analysis.markdown import analyze_markdown

# Pieces that steer generated text into the parsers' interesting corners.
MARKDOWN_PIECES = ["#", "## ", "\n", "\n\n", "```", "~~~", "    ", "> ", "- ", "1. ", "* ", "_", "`", "|", "---",
                   "[", "]", "(", ")", "![", "<", ">", "<!--", "-->", "<img src=x alt='y'>", "<a href='u'>", "\\",
                   "&amp;", "http://x.y/z", "word", "Install", "=====", "\t", "\r", "\0", "é", "中文", "\u202e"]
SOURCE_PIECES = ["#", "//", "/*", "*/", "/**", '"""', "'''", '"', "'", "`", "${", "\\", "\n", " ", "\t", "def ",
                 "class ", "func ", "fn ", "pub ", "public ", "function ", "(", ")", "{", "}", "<", ">", ";", "=",
                 "TODO", "because", "x = 1", "--[[", "]]", "--", "=begin", "=end", "<<EOF", "EOF", "r\"", "@",
                 "<<<<<<<", ">>>>>>>", "\0", "é"]
SOURCE_PATHS = ["a.py", "a.c", "a.h", "A.java", "a.go", "a.js", "a.ts", "a.rs", "a.php", "a.rb", "a.sh", "a.lua",
                "a.cs", "a.kt", "a.swift", "a.vue", "a.r", "tests/test_a.py", "a.unknown"]
DOC_PATHS = ["README.md", "README", "docs/guide.rst", "NOTES.txt", "a.markdown"]


def pieces_text(pieces: list) -> st.SearchStrategy:
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=8)), max_size=60).map("".join)


@given(text=st.one_of(pieces_text(MARKDOWN_PIECES), st.text()), path=st.sampled_from(DOC_PATHS))
def test_markdown_analysis_never_crashes(text, path):
    doc = analyze_markdown(text, path)
    line_count = text.count("\n") + text.count("\r") + 2
    for section in doc.sections:
        assert 1 <= section.line <= line_count and section.line <= max(section.end_line, section.line)
    for paragraph in doc.paragraphs:
        assert 1 <= paragraph.line <= line_count


@given(text=st.one_of(pieces_text(SOURCE_PIECES), st.text()), path=st.sampled_from(SOURCE_PATHS))
def test_comment_scanners_never_crash(text, path):
    analysis = analyze_source(path, text)
    assert analysis.total_lines >= 0 and analysis.code_lines >= 0 and analysis.blank_lines >= 0
    assert analysis.code_lines + analysis.blank_lines <= analysis.total_lines + 1
    lines = text.count("\n") + 1
    for comment in analysis.comments:
        assert 1 <= comment.line <= comment.end_line <= lines, (comment.line, comment.end_line, lines)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)
SNAPSHOT_KEYS = ["schema_version", "collected_at", "source", "owner", "repos", "tool_version", "contributions"]
REPO_KEYS = ["name", "full_name", "files", "skipped", "commits", "issues", "pull_requests", "reviews", "discussions",
             "community", "collection_error", "annotation", "description", "topics", "html_url"]


def _valid_snapshot() -> dict:
    from portfolio_audit.fixtures import repo_from_spec
    from portfolio_audit.snapshot import Snapshot

    repo = repo_from_spec({"readme": "# x\n", "files": {"a.py": "x = 1\n"}, "commits": [{"subject": "Add x"}]})
    return snapshot_io.snapshot_to_dict(Snapshot(collected_at="2026-01-01T00:00:00Z", source={"kind": "local"},
                                                 repos=(repo,)))


VALID = _valid_snapshot()


@st.composite
def mutated_snapshots(draw) -> object:
    """A real snapshot with some keys replaced by arbitrary JSON, or removed."""
    data = json.loads(json.dumps(VALID))
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            key = draw(st.sampled_from(SNAPSHOT_KEYS))
            target = data
        else:
            key = draw(st.sampled_from(REPO_KEYS))
            target = data["repos"][0] if isinstance(data.get("repos"), list) and data["repos"] and \
                isinstance(data["repos"][0], dict) else data
        if draw(st.booleans()):
            target.pop(key, None)
        else:
            target[key] = draw(JSON_VALUES)
    return data


@given(data=st.one_of(mutated_snapshots(), JSON_VALUES))
def test_snapshot_loader_refuses_bad_input_only_with_snapshot_error(data):
    try:
        loaded = snapshot_io.snapshot_from_dict(data)
    except snapshot_io.SnapshotError:
        return
    # Whatever loads must survive a round trip: that is what `collect -o` then `audit` does.
    assert snapshot_io.loads(snapshot_io.dumps(loaded)) == loaded


@given(text=st.one_of(st.text(), st.binary().map(lambda b: b.decode("latin-1")),
                      st.sampled_from([json.dumps(VALID)[:n] for n in range(0, len(json.dumps(VALID)), 97)])))
def test_snapshot_text_loader_refuses_bad_text_only_with_snapshot_error(text):
    try:
        snapshot_io.loads(text)
    except snapshot_io.SnapshotError:
        pass
