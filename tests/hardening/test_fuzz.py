"""Property-based fuzzing of the code that reads strangers' text: Markdown, source comments, snapshot
files, annotation files and rule files.

The properties are "never crashes, and the answer is sane" (line numbers inside the
file, counts that add up); the snapshot loader may only refuse input with SnapshotError,
the annotation loader never raises (what it cannot read is a problem line), and the rule
loader may only refuse a rule file with RuleError. A plain `pytest` runs the "ci" profile
(300 examples each); the documented long run is
    python -m pytest tests/hardening/test_fuzz.py --hypothesis-profile=long
(25,000 examples for each of the six properties: 150,000 inputs).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from portfolio_audit import snapshot as snapshot_io
from portfolio_audit.annotations import parse_annotation_file
from portfolio_audit.rules import RuleError, load_catalogue
from portfolio_audit.analysis.source.analyze import analyze_source
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
    from tests.support.fixtures import repo_from_spec
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


# Pieces that steer generated YAML into anchors, aliases, tags, flow and block nesting, odd scalars.
YAML_PIECES = ["project: ", "role: ", "note: ", "repos:\n", "  ", "- ", ": ", "\n", "&a ", "*a", "&b [", "*b", "[", "]",
               "{", "}", ",", "<<: *a", "!!python/object:os.system", "!!binary ", "!!timestamp ", "? ", "|", ">",
               "'", '"', "\\ud800", "---\n", "...\n", "%YAML 1.1\n", ".nan", ".inf", "2020-02-30", "0x1F",
               "1e999", "~", "team", "coursework", "excluded", "#", "\t", "\0", "é"]


@given(text=st.one_of(pieces_text(YAML_PIECES), st.text()))
def test_annotation_loader_never_raises_and_says_what_it_refused(text):
    own, listed, problems = parse_annotation_file(text, ".portfolio-audit.yml")
    assert own is None or set(own) == {"project", "role", "note"}
    assert all(isinstance(problem, str) for problem in problems)
    for entry in listed.values():
        assert all(isinstance(problem, str) for problem in entry["problems"])
    # Whatever was kept is short text, never a structure that could expand when printed.
    for entry in [own, *listed.values()]:
        if entry:
            assert all(value is None or isinstance(value, str) and len(value) <= 300
                       for key, value in entry.items() if key != "problems")


SHIPPED_RULES = Path(__file__).resolve().parents[2] / "rules"
RULE_TEXT = (SHIPPED_RULES / "readme" / "opening.yml").read_text(encoding="utf-8")
RULE_LINES = RULE_TEXT.splitlines(keepends=True)


@st.composite
def rule_texts(draw) -> str:
    """A real rule file with some lines replaced, cut or spliced with YAML pieces."""
    lines = list(RULE_LINES)
    for _ in range(draw(st.integers(1, 5))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["replace", "drop", "splice"]))
        if action == "drop":
            lines.pop(index)
        elif action == "replace":
            lines[index] = draw(pieces_text(YAML_PIECES)) + "\n"
        else:
            lines[index] = lines[index].rstrip("\n") + draw(pieces_text(YAML_PIECES + ["{", "}", "{0}", "{a.b}",
                                                                                     "{words:>9}"])) + "\n"
        if not lines:
            break
    return "".join(lines)


@given(text=rule_texts())
def test_rule_loader_refuses_bad_rule_files_only_with_rule_error(text):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "readme").mkdir()
        shutil.copy(SHIPPED_RULES / "categories.yml", root / "categories.yml")
        (root / "readme" / "opening.yml").write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            catalogue = load_catalogue(root)
        except RuleError:
            return
    rule = catalogue.rules[0]
    # A rule that loads can always give its advice, whatever the measurement says.
    assert isinstance(rule.advice_for({name: 10 ** 6 for name in rule.placeholders()}), str)
