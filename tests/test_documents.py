"""Documents as a reader sees them: HTML inside Markdown, reST, AsciiDoc, plain text, encodings, README variants."""

from __future__ import annotations

from functools import lru_cache

import pytest

from portfolio_audit.analysis.documents import choose_readme, readme_language
from portfolio_audit.analysis.markdown import analyze_markdown
from portfolio_audit.collect.classify import classify_path, decode_text, looks_binary, skip_reason_for_content
from portfolio_audit.context import RepoContext
from portfolio_audit.engine import evaluate_repo
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec
from portfolio_audit.rules import Catalogue, load_catalogue

HTML_README = """<h1 align="center">Tidewatch</h1>

<p align="center">
  <img src="docs/logo.png" alt="Tidewatch logo" width="120"><br>
  <a href="https://ci.example/tidewatch"><img src="https://img.shields.io/badge/build-passing-green" alt="build"></a>
</p>

<p align="center">Tidewatch warns harbour crews an hour before the water under a moored boat gets too shallow,
using the tide tables and each berth's depth.</p>

<h2>Installation</h2>

<ol>
  <li>Install Python 3.11 or newer.</li>
  <li>Run <code>pip install tidewatch</code> in a terminal.</li>
</ol>

<h2>Usage</h2>

<p>Point it at your harbour's berth list and it prints the warnings for the next day:</p>

<pre lang="bash">
tidewatch --berths berths.csv --hours 24
</pre>

<details>
<summary>Configuration</summary>

Set `TIDEWATCH_MARGIN` to the depth in metres you want kept under every keel.

</details>

<picture>
  <source media="(prefers-color-scheme: dark)" srcset="docs/screenshot-dark.png">
  <img alt="A warning list for Pier 4" src="docs/screenshot.png">
</picture>

<h2>Why tide tables and not sensors</h2>

<p>I chose published tide tables over depth sensors because the harbour has no power on the outer piers;
the trade-off is that storm surges are missed, so the margin is doubled when a gale warning is out.</p>
"""


def test_html_readme_structure_is_read():
    doc = analyze_markdown(HTML_README, "README.md")
    assert [(s.heading, s.level, s.line) for s in doc.headings()] == [
        ("Tidewatch", 1, 1), ("Installation", 2, 11), ("Usage", 2, 18), ("Configuration", 3, 27),
        ("Why tide tables and not sensors", 2, 38)]
    opening = next(p for p in doc.paragraphs if p.text.startswith("Tidewatch warns"))
    assert (opening.line, opening.end_line, opening.container) == (8, 9, "paragraph")
    steps = [p for p in doc.paragraphs if p.container == "list_item"]
    assert [p.ordered for p in steps] == [True, True] and steps[1].inline_code == ("pip install tidewatch",)
    assert "pip install" not in doc.prose and "Tidewatch warns harbour crews" in doc.prose
    assert [(c.line, c.info, c.text.strip()) for c in doc.code_blocks] == [(22, "bash", "tidewatch --berths berths.csv --hours 24")]
    config = next(p for p in doc.paragraphs if "TIDEWATCH_MARGIN" in p.text)
    assert doc.sections[config.section].heading == "Configuration" and config.line == 29
    images = {i.src: i for i in doc.images}
    assert images["docs/logo.png"].alt == "Tidewatch logo" and images["https://img.shields.io/badge/build-passing-green"].linked
    assert images["docs/screenshot.png"].line == 35
    assert any(link.href == "https://ci.example/tidewatch" for link in doc.links)


@lru_cache(maxsize=1)
def _readme_rules() -> Catalogue:
    full = load_catalogue()
    return Catalogue(tuple(r for r in full.rules if r.category in ("readme", "reflection")), full.categories, full.digest)


def _findings(spec: dict) -> dict:
    result = evaluate_repo(repo_from_spec(spec), _readme_rules(), FIXTURE_COLLECTED_AT, None)
    return {f["rule_id"]: f for f in result["findings"]}


def test_html_readme_finds_structure_setup_usage_and_tradeoffs():
    findings = _findings({"readme": HTML_README})
    for rule in ("readme/structure", "readme/setup", "readme/usage"):
        assert findings[rule]["outcome"] == "pass", (rule, findings[rule]["score"])
    opening = findings["readme/opening"]
    assert opening["score"] >= 50 and opening["evidence"][0]["line"] == 8  # the centred <p> is the opening
    assert findings["reflection/tradeoffs"]["score"] > 0


RST_DESIGN = """=======================
Design: the berth store
=======================

:Author: Ana Lima
:Status: accepted

Context
=======

Berths change a few times a year while warnings are computed every ten minutes, so reads
dominate by four orders of magnitude.

Decision
========

We keep berths in a SQLite file instead of PostgreSQL because the harbour office has no
server; see `SQLite's own advice <https://sqlite.org/whentouse.html>`_ and :ref:`backups`.

Rejected alternatives
---------------------

* A CSV file: no transactions, and two editors corrupted it in the trial.
* PostgreSQL: a server nobody on site can run.

The schema::

    CREATE TABLE berth (id INTEGER PRIMARY KEY, depth_m REAL NOT NULL);

.. image:: docs/schema.png
   :alt: The berth table

.. toctree::

   backups

.. include:: /etc/passwd
"""


def test_rst_design_doc_through_docutils():
    doc = analyze_markdown(RST_DESIGN, "docs/design.rst")
    assert [(s.heading, s.level, s.line) for s in doc.headings()] == [
        ("Design: the berth store", 1, 2), ("Context", 2, 8), ("Decision", 2, 14), ("Rejected alternatives", 3, 20)]
    decision = next(p for p in doc.paragraphs if p.text.startswith("We keep berths"))
    assert decision.line == 17 and "SQLite's own advice" in decision.text and "backups" in decision.text
    assert decision.hrefs == ("https://sqlite.org/whentouse.html",)
    assert [p.container for p in doc.paragraphs if p.text.startswith(("A CSV", "PostgreSQL:"))] == ["list_item"] * 2
    assert any("CREATE TABLE" in c.text and c.line == 28 for c in doc.code_blocks)
    assert any(c.text.startswith(".. toctree::") for c in doc.code_blocks)  # unknown directive: code, not prose
    assert "passwd" not in doc.prose and "toctree" not in doc.prose
    assert doc.images[0].src == "docs/schema.png" and doc.images[0].alt == "The berth table"
    assert any(p.text.startswith("Author: Ana Lima") for p in doc.paragraphs)


def test_rst_never_reads_files_or_reports(tmp_path, capsys, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET CONTENT\n")
    monkeypatch.chdir(tmp_path)
    text = (f"Title\n=====\n\n.. include:: {secret}\n\n.. raw:: html\n   :file: {secret}\n\n"
            f".. csv-table:: x\n   :file: {secret}\n\n.. figure:: {secret}\n   :figwidth: image\n\n"
            "Broken `link <\n\n:unknownrole:`x`\n")
    doc = analyze_markdown(text, "README.rst")
    everything = doc.text + " ".join(c.text for c in doc.code_blocks)
    assert "TOP SECRET" not in everything
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_rst_documents_share_settings_built_once_and_never_change_them():
    from portfolio_audit.analysis import document_rst

    def state():
        return sorted((name, repr(value)) for name, value in vars(document_rst._base_settings()).items()
                      if name != "warning_stream")

    before = state()
    first = analyze_markdown(RST_DESIGN, "docs/design.rst")
    analyze_markdown("Broken `link <\n\n:unknownrole:`x`\n\n.. include:: /etc/passwd\n", "README.rst")
    again = analyze_markdown(RST_DESIGN, "docs/design.rst")
    assert state() == before and again == first
    assert document_rst._settings().warning_stream is not document_rst._settings().warning_stream


ASCIIDOC_README = """= Tidewatch
Ana Lima <ana@example.com>
:toc:

Tidewatch warns harbour crews before the water under a moored boat gets too shallow.

== Installation

. Install Python 3.11.
. Run `pip install tidewatch`.

== Usage

[source,bash]
----
tidewatch --berths berths.csv
----

image::docs/screenshot.png[A warning list]

See https://tidewatch.example/docs[the documentation].
"""


def test_asciidoc_readme():
    doc = analyze_markdown(ASCIIDOC_README, "README.adoc")
    assert [(s.heading, s.level, s.line) for s in doc.headings()] == [
        ("Tidewatch", 1, 1), ("Installation", 2, 7), ("Usage", 2, 12)]
    assert doc.paragraphs[0].text.startswith("Tidewatch warns") and doc.paragraphs[0].line == 5
    steps = [p for p in doc.paragraphs if p.container == "list_item"]
    assert [p.ordered for p in steps] == [True, True] and steps[1].inline_code == ("pip install tidewatch",)
    assert [(c.line, c.info) for c in doc.code_blocks] == [(15, "bash")]
    assert doc.images[0].src == "docs/screenshot.png" and doc.images[0].line == 19
    assert doc.links[0].href == "https://tidewatch.example/docs" and "ana@example.com" not in doc.text
    findings = _findings({"files": {"README.adoc": ASCIIDOC_README}})
    assert findings["readme/setup"]["outcome"] == "pass" and findings["readme/usage"]["outcome"] == "pass"


README_TXT = """TIDEWATCH

Tidewatch warns harbour crews before the water under a moored boat
gets too shallow.

Installation
------------

  pip install tidewatch

USAGE

$ tidewatch --berths berths.csv

- runs every ten minutes
- prints one line per berth
"""


def test_plain_text_readme():
    doc = analyze_markdown(README_TXT, "README.txt")
    assert [(s.heading, s.line) for s in doc.headings()] == [("TIDEWATCH", 1), ("Installation", 6), ("USAGE", 11)]
    assert doc.paragraphs[0].text.startswith("Tidewatch warns") and doc.paragraphs[0].end_line == 4
    assert [c.line for c in doc.code_blocks] == [9, 13]
    assert [p.text for p in doc.paragraphs if p.container == "list_item"] == [
        "- runs every ten minutes", "- prints one line per berth"]


ENCODED_README = "# Tidewatch\n\nTidewatch prévient les équipages du port avant la marée basse.\n\n## Installation\n\n" \
                 "```bash\npip install tidewatch\n```\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig", "latin-1", "cp1252"])
def test_encoded_readmes_are_text_with_their_lines(encoding):
    data = ENCODED_README.replace("\n", "\r\n").encode(encoding)
    assert not looks_binary(data) and skip_reason_for_content("README.md", data) is None
    text = decode_text(data)
    assert text == ENCODED_README
    doc = analyze_markdown(text, "README.md")
    assert [(s.heading, s.line) for s in doc.headings()] == [("Tidewatch", 1), ("Installation", 5)]


def test_binary_stays_binary():
    assert looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 8)
    assert looks_binary(b"\x00abc")
    assert skip_reason_for_content("a.py", b"\x7fELF\x02\x01\x01\0\0\0\0\0" + bytes(200)) == "binary"


def test_readme_variants_and_the_primary_one():
    paths = ["README.zh-CN.md", "README_ja.md", "README.es.md", "README.md", "readme-old.txt"]
    assert choose_readme(paths) == "README.md"
    assert choose_readme(["README.zh-CN.md", "README.en.md", "README.de.md"]) == "README.en.md"
    assert choose_readme(["README_ja.md", "README.es.md"]) == "README.es.md"
    assert choose_readme(["README.rst", "README.txt"]) == "README.rst"
    assert choose_readme(["docs/README.md"]) is None
    assert readme_language("README.zh-CN.md") == "zh-cn" and readme_language("README_ja.md") == "ja"
    assert readme_language("README.md") is None
    assert classify_path("README.zh-CN.md") == ("readme", "markdown")
    assert classify_path("docs/guide.adoc") == ("doc", "asciidoc") and classify_path("notes/design.adoc") == ("doc", "asciidoc")
    spec = {"files": {"README.zh-CN.md": "# 潮汐\n\n中文说明。\n", "README.md": "# Tidewatch\n\nEnglish.\n",
                      "docs/usage.md": "# Usage\n"}}
    context = RepoContext(repo_from_spec(spec), FIXTURE_COLLECTED_AT)
    assert context.readme.path == "README.md"
    assert {d.path for d in context.docs} == {"README.zh-CN.md", "docs/usage.md"}


ORG_README = """#+TITLE: tidewatch
#+AUTHOR: Ana Lima

tidewatch prints the next high and low water for a harbour from the published tables,
offline, for sailing clubs that check tides without a network.

* Install
  :PROPERTIES:
  :CUSTOM_ID: install
  :END:

#+BEGIN_SRC sh
pip install tidewatch
#+END_SRC

* Usage
- Run =tidewatch next --port brest= for the next tide.
- See [[https://example.org/tables][the tables]] for the data.

[[file:docs/screenshot.png]]

* TODO Design decisions                                                :design:
The tables are cached as CSV rather than SQLite because they are small and people read them;
the trade-off is slower lookups over long ranges.

| port  | tides |
|-------+-------|
| brest |     4 |
"""


def test_org_readme_structure_is_read():
    doc = analyze_markdown(ORG_README, "README.org")
    assert [s.heading for s in doc.sections if s.heading] == ["tidewatch", "Install", "Usage", "Design decisions"]
    assert doc.title == "tidewatch"
    assert [c.info for c in doc.code_blocks] == ["sh"]
    assert any("tidewatch next --port brest" in p.text for p in doc.paragraphs)
    assert [i.src for i in doc.images] == ["docs/screenshot.png"]
    assert "https://example.org/tables" in [link.href for link in doc.links]
    assert doc.tables and doc.tables[0].rows[0] == ("port", "tides")
    assert not any("CUSTOM_ID" in p.text or "AUTHOR" in p.text for p in doc.paragraphs)
    design = next(p for p in doc.paragraphs if "SQLite" in p.text)
    assert doc.sections[design.section].heading == "Design decisions"


MAN_PAGE_README = """TIDES(1)                    User Commands                    TIDES(1)

NAME
       tides - print the next high and low water for a harbour

SYNOPSIS
       tides [-l] PORT

DESCRIPTION
       Reads the published tide tables offline, so a harbour master can check
       the morning tides without a network.

EXAMPLES
       tides brest         the next tide at Brest

              tides -l brest | head
"""


def test_a_man_page_readme_has_its_sections_and_its_prose():
    doc = analyze_markdown(MAN_PAGE_README, "README")
    assert [s.heading for s in doc.sections if s.heading] == ["NAME", "SYNOPSIS", "DESCRIPTION", "EXAMPLES"]
    description = next(p for p in doc.paragraphs if "tide tables offline" in p.text)
    assert doc.sections[description.section].heading == "DESCRIPTION"
    # Deeper than the section indent is still an example.
    assert [c.text.strip() for c in doc.code_blocks] == ["tides -l brest | head"]


def test_a_readme_without_a_suffix_is_markdown_only_when_it_is_written_so():
    assert [s.heading for s in analyze_markdown("# tides\n\nPrints tides.\n\n## Usage\n\n    tides brest\n",
                                                "README").sections if s.heading] == ["tides", "Usage"]
    plain = analyze_markdown("tides\n\nPrints tides.\n\nUSAGE\n\n    tides brest\n", "README")
    assert [s.heading for s in plain.sections if s.heading] == ["USAGE"]
