"""Only the person's own files are scored: one filter for every kind, generator lines left out, generator READMEs weak."""

from __future__ import annotations

from dataclasses import replace

from portfolio_audit.context import RepoContext
from portfolio_audit.engine import evaluate_snapshot
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec
from portfolio_audit.snapshot import FileEntry, RepoSnapshot, SkippedFile, Snapshot

OWN_README = (
    "# Tally\n\nTally is a command-line tool for book clubs that tracks who read what and when, so the next"
    " meeting starts with the right book.\n\n## Install\n\n```bash\npip install tally\n```\n\n## Usage\n\n"
    "```bash\ntally next\n```\n"
)
OWN_CODE = '"""Core: who read what."""\n\n' + "".join(f"VALUE_{n} = {n}\n" for n in range(80))
# Someone else's text that every prose and comment kind would happily credit.
FOREIGN_DOC = (
    "# Design notes\n\nWe chose SQLite over Postgres because the trade-off favours a single file: it costs"
    " concurrency, but setup is nothing. Lesson learned: measure first. Thanks to Priya for the review.\n"
)
FOREIGN_CODE = (
    "// We cache the lookups because the API is slow; the trade-off is stale data for a minute.\n"
    "export function lookup(key) {\n  return cache.get(key);\n}\n" * 20
)


def _snapshot(*repos) -> Snapshot:
    return Snapshot(collected_at=FIXTURE_COLLECTED_AT, source={"kind": "local", "paths": []}, repos=tuple(repos))


def _with_files(repo: RepoSnapshot, *entries: FileEntry) -> RepoSnapshot:
    return replace(repo, files=repo.files + entries)


def _scores(result: dict) -> list:
    return [(f["rule_id"], f["outcome"], f["score"], f["summary"], f["evidence"]) for f in result["repos"][0]["findings"]]


def test_files_of_another_origin_change_no_finding(catalogue):
    own = repo_from_spec({"readme": OWN_README, "files": {"tally/core.py": OWN_CODE}}, name="tally")
    foreign = [
        FileEntry("docs/design.md", "doc", "markdown", len(FOREIGN_DOC), FOREIGN_DOC, "third-party-docs",
                  "copied upstream documentation"),
        FileEntry("static/lookup.js", "source", "javascript", len(FOREIGN_CODE), FOREIGN_CODE, "vendored",
                  "part of the copied package static/"),
        FileEntry("starter.py", "source", "python", len(OWN_CODE), OWN_CODE.replace("Core", "Given"), "starter",
                  "distribution banner"),
    ]
    alone = evaluate_snapshot(_snapshot(own), catalogue)
    with_foreign = evaluate_snapshot(_snapshot(_with_files(own, *foreign)), catalogue)
    assert _scores(alone) == _scores(with_foreign)
    assert alone["repos"][0]["material"] == with_foreign["repos"][0]["material"]
    # Read as own, the same files do change what is found: the filter is what keeps them out.
    as_own = [replace(entry, origin="own") for entry in foreign]
    assert _scores(evaluate_snapshot(_snapshot(_with_files(own, *as_own)), catalogue)) != _scores(alone)


def test_the_result_lists_each_files_origin_and_what_was_excluded(catalogue):
    own = repo_from_spec({"readme": OWN_README, "files": {"tally/core.py": OWN_CODE}}, name="tally")
    repo = replace(_with_files(own, FileEntry("docs/design.md", "doc", "markdown", 10, FOREIGN_DOC, "third-party-docs",
                                              "copied upstream documentation")),
                   skipped=(SkippedFile("static/jquery.js", "vendored: a library by its file name (linguist)", "vendored"),
                            SkippedFile("logo.bin", "binary")))
    result = evaluate_snapshot(_snapshot(repo), catalogue)["repos"][0]
    assert {(f["path"], f["origin"]) for f in result["files"]} >= {("README.md", "own"), ("docs/design.md", "third-party-docs")}
    assert result["excluded"] == [
        {"path": "docs/design.md", "origin": "third-party-docs", "reason": "copied upstream documentation"},
        {"path": "static/jquery.js", "origin": "vendored", "reason": "a library by its file name (linguist)"},
    ]


def test_kinds_see_only_own_files_through_the_context():
    repo = repo_from_spec({"readme": OWN_README, "files": {"tally/core.py": OWN_CODE}}, name="tally")
    repo = _with_files(repo, FileEntry("static/lookup.js", "source", "javascript", 10, FOREIGN_CODE, "vendored", "x"))
    ctx = RepoContext(repo, FIXTURE_COLLECTED_AT)
    assert [f.path for f in ctx.repo.files] == ["README.md", "tally/core.py"]
    assert [f.path for f in ctx.source_files] == ["tally/core.py"] and "javascript" not in ctx.languages
    assert [f.path for f in ctx.excluded_files] == ["static/lookup.js"]


def test_an_edited_scaffold_files_generator_lines_are_not_read():
    # Django's startapp tests.py, with the person's test added below its stub line.
    text = (
        "from django.test import TestCase\n\n# Create your tests here.\n\n\n"
        "class BasketTests(TestCase):\n"
        "    # Totals are kept in cents because floats drifted by a cent on three-item baskets.\n"
        "    def test_total(self):\n        self.assertEqual(1, 1)\n"
    )
    entry = FileEntry("shop/tests.py", "source", "python", len(text), text, "own",
                      "edited from django-admin startapp: tests.py", generator_lines=(1, 3))
    repo = RepoSnapshot(name="shop", full_name="shop", files=(entry,))
    comments = [c.text for c in RepoContext(repo, FIXTURE_COLLECTED_AT).source(entry).comments]
    assert not any("Create your tests here" in c for c in comments)
    assert any("floats drifted" in c for c in comments)
    unmarked = RepoSnapshot(name="shop", full_name="shop", files=(replace(entry, generator_lines=()),))
    assert any("Create your tests here" in c.text
               for c in RepoContext(unmarked, FIXTURE_COLLECTED_AT).source(unmarked.files[0]).comments)


def test_an_unedited_generator_readme_is_weak_not_missing(catalogue):
    readme = "# Getting Started with Create React App\n\nThis project was bootstrapped with Create React App.\n"
    repo = repo_from_spec({"files": {"src/basket.py": OWN_CODE}}, name="shop")
    repo = _with_files(repo, FileEntry("README.md", "readme", "markdown", len(readme), readme, "scaffold",
                                       "create-react-app 5.0.1 README.md, 100% of it unedited"))
    result = evaluate_snapshot(_snapshot(repo), catalogue)["repos"][0]
    findings = {f["rule_id"]: f for f in result["findings"]}
    present = findings["readme/present"]
    assert present["summary"] == "README.md: unedited generator README" and present["score"] == 20
    assert "create-react-app" in present["evidence"][0]["note"]
    assert "unedited generator README" in findings["readme/structure"]["summary"]
    readme_category = next(c for c in result["categories"] if c["id"] == "readme")
    assert readme_category["band"] == "weak"
    missing = evaluate_snapshot(_snapshot(repo_from_spec({"files": {"src/basket.py": OWN_CODE}}, name="shop")),
                                catalogue)["repos"][0]
    assert next(f for f in missing["findings"] if f["rule_id"] == "readme/present")["score"] == 0


def test_the_report_lists_what_was_excluded_per_repository(catalogue):
    from portfolio_audit.render import render

    own = repo_from_spec({"readme": OWN_README, "files": {"tally/core.py": OWN_CODE}}, name="tally")
    hostile = "<img src=x onerror=alert(1)>"
    repo = replace(_with_files(own, FileEntry(f"docs/{hostile}.md", "doc", "markdown", 10, FOREIGN_DOC,
                                              "third-party-docs", f"copied from {hostile}")),
                   skipped=(SkippedFile("static/jquery.js", "vendored: by its file name", "vendored"),
                            SkippedFile("logo.bin", "binary")))
    result = evaluate_snapshot(_snapshot(repo), catalogue)
    page = render("html", result)
    start = page.index('<details class="excluded">')  # collapsed: no "open"
    section = page[start:page.index("</details>", start)]
    assert "2 files excluded from scoring as someone else&#39;s work (1 third-party docs, 1 vendored)" in section
    assert "static/jquery.js" in section and "by its file name" in section
    assert hostile not in page and "&lt;img src=x onerror=alert(1)&gt;" in section
    # Each file is listed once: the vendored one among the excluded, the binary one among the skipped.
    skipped = page[page.index('<details class="skipped">'):]
    assert "logo.bin" in skipped and "static/jquery.js" not in skipped[:skipped.index("</details>")]
    text = render("md", result)
    assert "*2 files excluded from scoring as someone else's work (1 third-party docs, 1 vendored):*" in text
    assert "- static/jquery.js — vendored: by its file name" in text
    assert hostile not in text and "copied from &lt;img src=x onerror=alert(1)&gt;" in text
