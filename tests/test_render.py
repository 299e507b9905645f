"""Render stage: JSON schema and stability, HTML self-containment and escaping, Markdown limits, goldens.

The synthetic portfolio (``portfolio()``) mixes a good repository, a poor one,
one with too little material, one that could not be collected and one whose
name and text are unicode and markup payloads. Most tests evaluate it with the
real catalogue and assert only properties that hold whatever rules exist.

Golden files (tests/golden/report.{json,html,md}) are rendered from the same
snapshot but evaluated with the small, frozen rule set in tests/golden/rules/,
so new rules elsewhere never change them; the tool version, rules digest and
collection time are scrubbed first. After an intended change to the output,
refresh them explicitly and review the diff::

    PORTFOLIO_AUDIT_UPDATE_GOLDEN=1 python -m pytest tests/test_render.py
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from portfolio_audit import scoring
from portfolio_audit.engine import evaluate_snapshot
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec
from portfolio_audit.paths import schemas_dir, templates_dir
from portfolio_audit.render import FORMATS, default_output, render
from portfolio_audit.render.findings_view import MAX_EVIDENCE_SHOWN
from portfolio_audit.render.formatting import safe_href
from portfolio_audit.render.markdown import MAX_MARKDOWN_BYTES, escape as md_escape
from portfolio_audit.render.view import build_view
from portfolio_audit.rules import load_catalogue
from portfolio_audit.snapshot import RepoSnapshot, Snapshot

GOLDEN_DIR = Path(__file__).parent / "golden"
GOLDEN_RULES = GOLDEN_DIR / "rules"
UPDATE_GOLDEN = os.environ.get("PORTFOLIO_AUDIT_UPDATE_GOLDEN") == "1"
# Values that change with every release or rule edit; goldens must not.
SCRUBBED_VERSION = "0.0.0-golden"
SCRUBBED_DIGEST = "000000000000"
SCRUBBED_COLLECTED_AT = "2026-01-01T00:00:00Z"

SCRIPT = "<script>alert(1)</script>"
HOSTILE_NAME = f"{SCRIPT}ünïcødé-🚀|pipe"
HOSTILE_URL = "javascript:alert(1)"

GOOD_README = """# tidewatch

tidewatch is a command-line tool for harbour masters and sailing clubs who need tide times
offline. It reads the public tide tables, caches them and prints the next high and low water
for a port.

## Install

    pip install tidewatch

## Usage

    tidewatch next --port brest

## Design decisions

We cache tables as plain CSV rather than SQLite because the files are small and people want
to read them. The trade-off is slower lookups for very long date ranges, which nobody asked for.

## Limitations

Only French and British ports are supported; the harmonic model is not accurate in estuaries.

## What I learned

Parsing the official tables taught me to test against real files first: the specification
and the published data disagree in three places.
"""

GOOD_SOURCE = '''"""Tide table parsing and lookup."""

# Tables are published in local time; we convert once at load so every
# comparison afterwards is in UTC and daylight saving cannot shift a tide.
LOCAL_OFFSET_HOURS = 1


def next_tide(table, now):
    """Return the first tide in ``table`` after ``now`` (both UTC)."""
    for tide in table:
        if tide.time > now:
            return tide
    return None
'''

POOR_README = """# stuff

This is my project. It does things with data and prints the result. Run the main file with
python and it should work on most computers. More documentation coming soon, when I have
time to write it properly. Contributions welcome, just open a pull request on this repo.
It needs a recent Python and the requests package, and it was tested on my laptop only.
"""

POOR_SOURCE = """import sys
x = 1
y = 2
# add x and y
z = x + y
print(z)
def f(a):
    # return a
    return a
for i in range(10):
    print(f(i))
"""


def _good_repo() -> RepoSnapshot:
    repo = repo_from_spec(
        {
            "name": "tidewatch",
            "description": "Offline tide times for harbour masters",
            "topics": ["cli", "tides"],
            "readme": GOOD_README,
            "files": {"tidewatch/tables.py": GOOD_SOURCE, "docs/design.md": "# Design\n\nWhy CSV: small files people can read.\n"},
            "commits": [
                {"subject": "Add offline cache for tide tables", "body": "Ports without signal need tides too, so tables are cached for a year.", "author": "ana", "insertions": 240, "files_changed": 4},
                {"subject": "Fix daylight-saving shift in Brest tides", "body": "Tables are local time; convert once at load because comparisons assumed UTC.", "author": "ana", "insertions": 30},
                {"subject": "Document the harmonic model's limits in estuaries", "author": "ana", "insertions": 12},
            ],
        }
    )
    # Permalinks need a web base and a commit; repo_from_spec describes local folders.
    return dataclasses.replace(repo, html_url="https://github.com/example/tidewatch", commit_sha="a1b2c3d4e5f6a7b8c9d0")


def _poor_repo() -> RepoSnapshot:
    return repo_from_spec(
        {
            "name": "stuff",
            "readme": POOR_README,
            "files": {"main.py": POOR_SOURCE},
            "commits": [
                {"subject": "fix", "author": "ana", "insertions": 400, "files_changed": 12},
                {"subject": "wip", "author": "ana"},
                {"subject": "update", "author": "ana"},
            ],
        }
    )


def _hostile_repo() -> RepoSnapshot:
    repo = repo_from_spec(
        {
            "name": HOSTILE_NAME,
            "description": f"Описание <img src=x onerror=alert(1)> {SCRIPT} | a | b |",
            "topics": ["<b>bold</b>", "日本語"],
            "readme": POOR_README + f"\n{SCRIPT}\n\n| a | b |\n\n[click](javascript:alert(1))\n",
            "files": {"app.js": f"// {SCRIPT}\nconst a = 1; // increment a\nconsole.log(a)\n" * 10},
            "commits": [{"subject": f"Add {SCRIPT} handling | pipe", "author": "ana"}],
        }
    )
    return dataclasses.replace(repo, html_url=HOSTILE_URL, commit_sha="0" * 40)


def portfolio() -> Snapshot:
    tiny = repo_from_spec({"name": "placeholder", "readme": "# placeholder\n"})
    gone = RepoSnapshot(name="gone", full_name="example/gone", collection_error=f"HTTP 451 {SCRIPT}")
    return Snapshot(
        collected_at=FIXTURE_COLLECTED_AT,
        source={"kind": "github", "handle": "example"},
        owner={"login": "example", "name": f"Ana <Example> {SCRIPT}"},
        repos=(_good_repo(), _poor_repo(), tiny, gone, _hostile_repo()),
    )


def _scrubbed(result: dict) -> dict:
    result = copy.deepcopy(result)
    result["tool"]["version"] = SCRUBBED_VERSION
    result["tool"]["rules_digest"] = SCRUBBED_DIGEST
    result["collected_at"] = SCRUBBED_COLLECTED_AT
    return result


@pytest.fixture(scope="module")
def result(catalogue) -> dict:
    return evaluate_snapshot(portfolio(), catalogue)


@pytest.fixture(scope="module")
def result_schema() -> dict:
    return json.loads((schemas_dir() / "result.schema.json").read_text(encoding="utf-8"))


def _hostile(result: dict) -> dict:
    """The result with markup and script URLs in every free-text field a renderer shows."""
    result = copy.deepcopy(result)
    result["owner"] = {"login": SCRIPT, "name": SCRIPT}
    result["source"] = {"kind": "github", "handle": SCRIPT}
    result["caveats"].append(SCRIPT)
    result["categories"][0]["title"] = SCRIPT
    result["categories"][0]["description"] = SCRIPT
    for repo in result["repos"]:
        repo["url"] = HOSTILE_URL
        repo["full_name"] = SCRIPT
        repo["topics"] = [SCRIPT]
        repo["skipped_files"] = [{"path": SCRIPT, "reason": SCRIPT}]
        repo["excluded"] = [{"path": SCRIPT + ".md", "origin": "vendored", "reason": SCRIPT}]
        for finding in repo["findings"]:
            finding["title"] = SCRIPT
            finding["summary"] = SCRIPT
            if finding["outcome"] in ("warn", "fail"):
                finding["advice"] = SCRIPT
            finding["evidence"] = [
                {"path": SCRIPT, "line": 3, "snippet": SCRIPT, "note": SCRIPT, "url": HOSTILE_URL, "positive": False},
                {"path": "a.py", "line": None, "snippet": f"{SCRIPT}\nsecond line", "note": None,
                 "url": "data:text/html,<script>", "positive": True},
            ]
            finding["evidence_total"] = 2
    for item in result["improvements"]:
        item["advice"] = SCRIPT
        item["title"] = SCRIPT
    for rule in result["rules"]:
        rule["what"] = SCRIPT
    return result


# --- the registry ---------------------------------------------------------------------

def test_formats_registry_names_and_default_destinations():
    assert set(FORMATS) == {"html", "json", "md"}
    assert default_output("html") == "portfolio-report.html"
    assert default_output("json") is None and default_output("md") is None
    for name, renderer in FORMATS.items():
        assert renderer.name == name and renderer.description


def test_renderers_leave_the_result_untouched(result):
    before = copy.deepcopy(result)
    for renderer in FORMATS.values():
        renderer(result)
    assert result == before


# --- JSON -----------------------------------------------------------------------------

def test_json_validates_against_the_result_schema(result, result_schema):
    jsonschema.Draft202012Validator.check_schema(result_schema)
    document = json.loads(render("json", result))
    errors = sorted(jsonschema.Draft202012Validator(result_schema).iter_errors(document), key=str)
    assert not errors, [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5]]


def test_json_is_byte_identical_across_runs(catalogue, result):
    again = evaluate_snapshot(portfolio(), catalogue)
    first, second = render("json", result), render("json", again)
    assert first == second
    assert first.endswith("}\n") and not first.endswith("\n\n")
    assert json.loads(first) == result
    assert "ünïcødé-🚀" in first, "ensure_ascii=False keeps text readable"


def test_json_refuses_nan():
    with pytest.raises(ValueError):
        render("json", {"score": float("nan")})


def test_schema_enums_follow_the_engine(result_schema):
    defs = result_schema["$defs"]
    assert set(defs["outcome"]["enum"]) == set(scoring.OUTCOMES)
    assert set(defs["band"]["enum"]) == {name for name, _ in scoring.BANDS} | {None}
    rule_schema = json.loads((schemas_dir() / "rule.schema.json").read_text(encoding="utf-8"))
    assert defs["effort"]["enum"] == rule_schema["properties"]["remediation"]["properties"]["effort"]["enum"]


def test_every_status_appears_in_the_synthetic_portfolio(result):
    assert result["counts"] == {"repos": 5, "scored": 3, "insufficient_evidence": 1, "not_collected": 1}


# --- HTML -----------------------------------------------------------------------------

EXTERNAL_REFERENCES = ('src="http', "src='http", "<link", "@import", "url(", "<script", "<img", "<iframe", "<object")


def test_html_is_self_contained_with_a_strict_csp(result):
    page = render("html", result)
    lowered = page.lower()
    for needle in EXTERNAL_REFERENCES:
        assert needle not in lowered, needle
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">" in page
    )
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")


def test_html_shows_every_repository_score_and_status(result):
    page = render("html", result)
    view = build_view(result)
    assert len(view["repos"]) == len(result["repos"])
    for repo in view["repos"]:
        assert f'id="{repo["anchor"]}"' in page
        assert f"status-{repo['status']}" in page
    assert "Insufficient evidence" in page and "Not collected" in page
    assert "HTTP 451" in page
    for caveat in result["caveats"]:
        assert caveat.replace("'", "&#39;") in page


def test_html_escapes_everything_it_did_not_write(result):
    page = render("html", _hostile(result))
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript' not in page and 'href="data:' not in page
    assert "javascript:alert(1)" in page, "an unsafe URL is still shown, as text"
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith(("#", "http://", "https://")) for h in hrefs), hrefs


def test_html_links_permalinks_of_a_github_repository(result):
    page = render("html", result)
    assert 'href="https://github.com/example/tidewatch"' in page


def test_templates_never_mark_data_as_safe():
    for template in templates_dir().glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|Markup\(|autoescape\s+false", text), template.name


def _failing_with_evidence(result: dict, recorded: int, total: int, against: int) -> tuple:
    """(result, rule id): one failing finding now carries ``recorded`` numbered items of ``total`` found."""
    result = copy.deepcopy(result)
    finding = next(f for r in result["repos"] if r["name"] == "stuff" for f in r["findings"] if f["outcome"] == "fail")
    finding["evidence"] = [
        {"path": f"src/item_{index}.py", "line": index + 1, "snippet": f"evidence-item-{index}-shown", "note": None,
         "url": f"https://example.org/blob/item_{index}.py", "positive": index != against}
        for index in range(recorded)
    ]
    finding["evidence_total"] = total
    return result, finding["rule_id"]


def _finding_shown(result: dict, rule_id: str) -> dict:
    return next(f for repo in build_view(result)["repos"] if repo["name"] == "stuff"
                for group in repo["groups"] for f in group["findings"] if f["rule_id"] == rule_id)


def _shown_items(text: str, recorded: int) -> list:
    return [index for index in range(recorded) if f"evidence-item-{index}-shown" in text]


def test_html_caps_evidence_and_says_how_many_are_in_the_json(result):
    capped, rule_id = _failing_with_evidence(result, recorded=8, total=8, against=5)
    page = render("html", capped)
    shown = _shown_items(page, 8)
    # What counts against the score is shown first, then the kind's order.
    assert shown == sorted([5] + [index for index in range(8) if index != 5][: MAX_EVIDENCE_SHOWN - 1])
    note = f"and {8 - MAX_EVIDENCE_SHOWN} more places, listed in the JSON report (--format json)"
    assert _finding_shown(capped, rule_id)["evidence_more_text"] == note
    assert f'<p class="more">{note}</p>' in page
    assert _shown_items(render("json", capped), 8) == list(range(8)), "the JSON keeps every recorded item"


def test_html_says_how_many_places_nobody_recorded(result):
    capped, rule_id = _failing_with_evidence(result, recorded=8, total=20, against=0)
    note = f"and {20 - MAX_EVIDENCE_SHOWN} more places; the JSON report (--format json) lists {8 - MAX_EVIDENCE_SHOWN} of them"
    assert _finding_shown(capped, rule_id)["evidence_more_text"] == note
    assert note in render("html", capped)
    capped, rule_id = _failing_with_evidence(result, recorded=MAX_EVIDENCE_SHOWN, total=MAX_EVIDENCE_SHOWN + 1, against=0)
    assert _finding_shown(capped, rule_id)["evidence_more_text"] == "and 1 more place not listed"


def test_html_prints_a_short_evidence_list_whole(result):
    whole, rule_id = _failing_with_evidence(result, recorded=MAX_EVIDENCE_SHOWN, total=MAX_EVIDENCE_SHOWN, against=0)
    assert _shown_items(render("html", whole), MAX_EVIDENCE_SHOWN) == list(range(MAX_EVIDENCE_SHOWN))
    assert _finding_shown(whole, rule_id)["evidence_more_text"] is None


def test_passing_findings_are_one_folded_row_with_one_link(result):
    view = build_view(result)
    page = render("html", result)
    passing = [row for repo in view["repos"] for group in repo["groups"] for row in group["passing"]]
    assert passing, "the synthetic portfolio has passing findings"
    for row in passing:
        assert set(row) == {"rule_id", "title", "score_text", "evidence"}, "no summary, advice or evidence list"
        assert row["evidence"] is None or set(row["evidence"]) == {"text", "href", "css"}
    for repo in view["repos"]:
        for group in repo["groups"]:
            assert {f["outcome"] for f in group["findings"]} <= {"fail", "warn"}
    assert page.count('<details class="passing">') == sum(
        1 for repo in view["repos"] for group in repo["groups"] if group["passing"])
    tidewatch = next(repo for repo in view["repos"] if repo["name"] == "tidewatch")
    links = [row["evidence"]["href"] for group in tidewatch["groups"] for row in group["passing"] if row["evidence"]]
    assert any(links) and all(href.startswith("https://github.com/example/tidewatch/") for href in links if href)


def test_outcomes_are_written_as_words_not_only_colour(result):
    page = render("html", result)
    view = build_view(result)
    for repo in view["repos"]:
        for group in repo["groups"]:
            for finding in group["findings"]:
                assert f'<span class="pill">{finding["outcome_label"]}</span> ' in page
    # The icons that repeat each outcome come from the stylesheet, hidden from screen readers.
    assert 'content: "✗ " / "";' in page and 'content: "✓ " / "";' in page


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://github.com/a/b", "https://github.com/a/b"),
        ("HTTP://example.org/x", "HTTP://example.org/x"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" https://example.org", None),
        ("https://exa mple.org", None),
        ("data:text/html,x", None),
        ("//evil.example/x", None),
        ("/relative/path", None),
        (None, None),
    ],
)
def test_only_absolute_http_urls_become_links(url, expected):
    assert safe_href(url) == expected


# --- Markdown -------------------------------------------------------------------------

def test_markdown_escapes_markup_in_data(result):
    text = render("md", _hostile(result))
    assert "<script" not in text.lower()
    assert "&lt;script&gt;" in text
    assert "](javascript" not in text
    table_rows = [line for line in text.splitlines() if line.startswith("| ") and "pipe" in line]
    assert len(table_rows) == 1, "the hostile repository has exactly one row"
    for row in table_rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 7, row  # six columns: seven unescaped pipes


def test_markdown_stays_inert_through_a_real_parser(result):
    # Raw HTML on, as GitHub allows it: escaping must hold up without the parser's help.
    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark", {"html": True}).enable("table").render(render("md", _hostile(result)))
    assert "<script" not in page and "<img" not in page and 'href="javascript' not in page
    for row in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S):
        assert len(re.findall(r"<t[dh][ >]", row)) in (3, 6), row


def test_markdown_escape_neutralises_inline_syntax():
    assert md_escape("a|b") == "a\\|b"
    assert md_escape("<b>*x*</b>") == "&lt;b&gt;\\*x\\*&lt;/b&gt;"
    assert md_escape("[x](javascript:y)") == "\\[x\\](javascript:y)"
    assert md_escape("- item") == "\\- item" and md_escape("12. item") == "12\\. item"
    assert md_escape("=== heading") == "\\=== heading"
    assert md_escape("line\nbreak") == "line break"


def test_markdown_summarises_the_portfolio(result):
    text = render("md", result)
    assert text.startswith("# Portfolio audit: ")
    assert "## Categories" in text and "## Top improvements" in text and "## Repositories" in text
    assert "tidewatch" in text and "gone" in text
    assert len(text.encode("utf-8")) < MAX_MARKDOWN_BYTES


def test_markdown_of_a_huge_portfolio_stays_under_the_job_summary_limit(result):
    huge = copy.deepcopy(result)
    template = next(r for r in result["repos"] if r["status"] == "scored")
    long_text = "word " * 2000
    failing = copy.deepcopy(template)
    for finding in failing["findings"]:
        finding["summary"] = long_text
        if finding["outcome"] in ("pass", "warn", "fail"):
            finding["outcome"], finding["score"], finding["advice"] = "fail", 10.0, long_text
    # Renderers never mutate the result, so the repositories may share their findings.
    huge["repos"] = [{**failing, "name": f"repo-{index:04d}-{long_text}"} for index in range(1500)]
    text = render("md", huge)
    assert len(text.encode("utf-8")) <= MAX_MARKDOWN_BYTES
    assert "**Truncated:**" in text
    assert text.endswith("\n")


# --- a large portfolio ----------------------------------------------------------------

LARGE_PORTFOLIO_REPOS = 100
# Issue 7: a 100-repository report must stay under 2 MB to open and print comfortably.
MAX_LARGE_HTML_BYTES = 2_000_000


@pytest.fixture(scope="module")
def large_result() -> dict:
    """A 100-repository audit built as benchmarks/render.py builds it, from a fixed pool of sources.

    The benchmark fills repositories with the machine's own stdlib and packages; this pool
    is the project's own source, so the size measured here is the same on every machine.
    """
    from .conftest import require_github_api

    require_github_api()  # build_result runs the local GitHub: a plain clone skips here, naming ../shared
    from benchmarks.render import build_result
    from benchmarks.scale import MAX_POOL_FILE_BYTES

    package = Path(__file__).resolve().parent.parent / "portfolio_audit"
    pool = [(str(path.relative_to(package)), path.read_bytes()) for path in sorted(package.rglob("*.py"))
            if path.stat().st_size <= MAX_POOL_FILE_BYTES]
    return build_result(LARGE_PORTFOLIO_REPOS, pool)


@pytest.mark.slow
def test_html_of_a_100_repository_portfolio_stays_under_2_mb(large_result):
    assert large_result["counts"]["repos"] == LARGE_PORTFOLIO_REPOS
    page = render("html", large_result)
    assert len(page.encode("utf-8")) <= MAX_LARGE_HTML_BYTES
    capped = [f for repo in large_result["repos"] for f in repo["findings"]
              if f["outcome"] in ("fail", "warn") and len(f["evidence"]) > MAX_EVIDENCE_SHOWN]
    assert capped, "some findings carry more evidence than the page shows"
    assert "listed in the JSON report (--format json)" in page or "the JSON report (--format json) lists" in page


# --- goldens --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def golden_result() -> dict:
    if not GOLDEN_RULES.is_dir():
        pytest.skip("tests/golden/rules/ not present")
    return _scrubbed(evaluate_snapshot(portfolio(), load_catalogue(GOLDEN_RULES)))


@pytest.mark.parametrize("fmt,suffix", [("json", "json"), ("html", "html"), ("md", "md")])
def test_golden_output(golden_result, fmt, suffix):
    path = GOLDEN_DIR / f"report.{suffix}"
    rendered = render(fmt, golden_result)
    if UPDATE_GOLDEN:
        path.write_text(rendered, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path.name} missing: run with PORTFOLIO_AUDIT_UPDATE_GOLDEN=1"
    assert rendered == path.read_text(encoding="utf-8"), (
        f"{path.name} differs from the renderer's output; if the change is intended, "
        "refresh with PORTFOLIO_AUDIT_UPDATE_GOLDEN=1 and review the diff"
    )


def test_golden_rules_are_a_valid_frozen_catalogue():
    if not GOLDEN_RULES.is_dir():
        pytest.skip("tests/golden/rules/ not present")
    catalogue = load_catalogue(GOLDEN_RULES)
    categories = yaml.safe_load((GOLDEN_RULES / "categories.yml").read_text(encoding="utf-8"))
    assert {r.category for r in catalogue.rules} <= set(categories)
