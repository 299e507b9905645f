"""The Document kinds section of benchmarks.calibration on a tiny corpus written for this test.

Every document here is written by the test (no fetched text): a UTF-16 README, a Latin-1
README.txt, reST READMEs judged strong and weak, a reST design note with a labelled
trade-off, an AsciiDoc README, a plain UTF-8 Markdown README (left out of the section) and
an ``.asc`` note the collector does not keep.
"""

from __future__ import annotations

import codecs
import json
from itertools import count

from benchmarks import calibration
from benchmarks import document_kinds as K
from benchmarks.corpus import DEV, TEST, corpus_file, split_for

COMMIT = "0" * 40


def _owner(split: str) -> str:
    return next(f"writer{n}" for n in count() if split_for(f"writer{n}/x") == split)


UTF16_README = """# Kettle

Kettle boils water on a schedule from a small web page.

## Install

    pip install kettle

## Usage

Run `kettle serve` and open the page.

## Design

We poll the sensor instead of using interrupts, because the cheap boards drop interrupts;
the cost is a second of latency, which nobody waiting for tea notices.
"""

LATIN1_README = "Résumé tool\n\nCopie les fichiers. Écrit par Zoé.\n"

RST_STRONG = """Ledger
======

Ledger keeps household accounts in plain text files and prints monthly reports.

Installation
------------

Run ``pip install ledger-lite`` and then ``ledger init`` in an empty folder.

Usage
-----

Add an entry with ``ledger add 12.50 groceries`` and print the month with ``ledger report``.

Why plain text
--------------

We chose plain text over SQLite so that entries diff well in git; the trade-off is slower
reports once a file holds many years, which we accept for a household.
"""

RST_WEAK = "Project\n=======\n\nTODO\n"

RST_DESIGN = """Storage design
==============

We store one file per month rather than one database, because a month is what people open.
The cost is a merge step for yearly reports, which we accepted.
"""

ADOC_README = "= Notes\n\nSome notes.\n"
PLAIN_README = "# Plain\n\nA UTF-8 Markdown README, left out of the kinds section.\n"
ASC_NOTE = "== Notas\n\nNotas de traducción.\n"


def _world(tmp_path):
    dev, test = _owner(DEV), _owner(TEST)
    docs = [
        # doc, repo, path, kind, format, encoding, bytes, fully labelled
        ("T1", f"{dev}/kettle", "README.md", "readme", "markdown", "utf-16", codecs.BOM_UTF16_LE + UTF16_README.encode("utf-16-le"), True),
        ("T2", f"{test}/resume", "README.txt", "readme", "text", "latin-1", LATIN1_README.encode("latin-1"), True),
        ("T3", f"{dev}/ledger", "README.rst", "readme", "rst", "utf-8", RST_STRONG.encode(), True),
        ("T4", f"{dev}/empty", "README.rst", "readme", "rst", "utf-8", RST_WEAK.encode(), True),
        ("T5", f"{dev}/ledger", "docs/storage.rst", "doc", "rst", "utf-8", RST_DESIGN.encode(), True),
        ("T6", f"{test}/notes", "README.adoc", "readme", "asciidoc", "utf-8", ADOC_README.encode(), True),
        ("T7", f"{dev}/plain", "README.md", "readme", "markdown", "utf-8", PLAIN_README.encode(), True),
        ("T8", f"{test}/libro", "TRANSLATION_NOTES.asc", "doc", "asciidoc", "latin-1", ASC_NOTE.encode("latin-1"), True),
    ]
    labels, texts = tmp_path / "labels", tmp_path / "texts"
    labels.mkdir()
    rows = []
    for doc, repo, path, kind, fmt, encoding, data, full in docs:
        row = {"doc": doc, "repo": repo, "commit": COMMIT, "path": path, "kind": kind, "format": fmt,
               "language": "en", "encoding": encoding, "split": split_for(repo), "fully_labelled": full, "note": "test"}
        rows.append(row)
        target = corpus_file(texts, row)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (labels / "documents.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    passages = [
        {"id": "PT1", "doc": "T1", "lines": [15, 16], "label": "tradeoff", "subtype": "cost", "reason": "polling, its cost"},
        {"id": "PT2", "doc": "T3", "lines": [18, 19], "label": "tradeoff", "subtype": "alternative", "reason": "text over SQLite"},
        {"id": "PT3", "doc": "T4", "lines": [4, 4], "label": "none", "subtype": "placeholder", "reason": "TODO"},
        {"id": "PT4", "doc": "T5", "lines": [4, 5], "label": "tradeoff", "subtype": "cost", "reason": "file per month"},
        {"id": "PT5", "doc": "T2", "lines": [3, 3], "label": "credit", "subtype": "who-did-what", "reason": "author"},
    ]
    (labels / "passages.jsonl").write_text("".join(json.dumps(p) + "\n" for p in passages), encoding="utf-8")
    readmes = [{"doc": "T1", "quality": "strong", "reason": "r"}, {"doc": "T2", "quality": "weak", "reason": "r"},
               {"doc": "T3", "quality": "strong", "reason": "r"}, {"doc": "T4", "quality": "weak", "reason": "r"},
               {"doc": "T6", "quality": "weak", "reason": "r"}]
    (labels / "readmes.jsonl").write_text("".join(json.dumps(r) + "\n" for r in readmes), encoding="utf-8")
    return labels, texts


def _by_doc(kinds):
    return {r.doc: r for r in kinds.readings}


def test_only_documents_that_are_not_utf8_markdown_are_read(tmp_path):
    labels, texts = _world(tmp_path)
    kinds = K.measure([labels], texts)
    assert sorted(_by_doc(kinds)) == ["T1", "T2", "T3", "T4", "T5", "T6", "T8"]
    assert not kinds.missing


def test_utf16_and_latin1_come_back_from_the_collector_as_the_labelled_text(tmp_path):
    labels, texts = _world(tmp_path)
    readings = _by_doc(K.measure([labels], texts))
    for doc in ("T1", "T2"):
        assert readings[doc].read and readings[doc].decoded and readings[doc].own, doc
    assert readings["T1"].headings == 4  # title, Install, Usage, Design
    assert readings["T1"].readme_score is not None and readings["T1"].readme_score > 0


def test_rest_and_asciidoc_headings_are_found(tmp_path):
    labels, texts = _world(tmp_path)
    readings = _by_doc(K.measure([labels], texts))
    assert readings["T3"].headings == 4
    assert readings["T5"].headings == 1
    assert readings["T6"].headings >= 1


def test_a_file_the_collector_does_not_keep_is_reported_with_its_reason(tmp_path):
    labels, texts = _world(tmp_path)
    kinds = K.measure([labels], texts)
    asc = _by_doc(kinds)["T8"]
    assert not asc.read and asc.skip_reason.startswith("not kept")
    assert any("not read (not kept" in p for p in K.problems(asc))


def test_figures_group_by_kind_and_split(tmp_path):
    labels, texts = _world(tmp_path)
    figures = K.measure([labels], texts).figures
    assert set(figures) == {"markdown / utf-16", "text / latin-1", "rst / utf-8", "asciidoc / utf-8",
                            "asciidoc / latin-1", "all"}
    rst = figures["rst / utf-8"]
    assert rst[DEV]["documents"] == 3 and rst[TEST]["documents"] == 0
    assert rst[DEV]["readme_count"] == {"strong": 1, "adequate": 0, "weak": 1}
    assert 0.0 <= rst[DEV]["auc"] <= 1.0
    # Truth: T3 and T5 hold a trade-off, T4 none (fully labelled); detection splits them into tp/fp/fn.
    detection = rst[DEV]["detection"]
    assert detection["judged"] == 3 and detection["tp"] + detection["fn"] == 2
    assert figures["all"][TEST]["documents"] == 3 and figures["all"][TEST]["read"] == 2
    assert figures["text / latin-1"][DEV]["documents"] == 0


def test_command_prints_the_section_and_its_json(tmp_path, capsys):
    labels, texts = _world(tmp_path)
    missing = tmp_path / "no-calibration"
    args = ["--calibration-dir", str(missing), "--corpus-dir", str(texts), "--labels-dir", str(labels)]
    assert calibration.main(args) == 0
    out = capsys.readouterr().out
    assert "Document kinds" in out and "[dev]" in out and "[test]" in out
    assert "markdown / utf-16" in out and "Read poorly (dev)" in out and "Read poorly (test)" not in out
    assert calibration.main(args + ["--details"]) == 0
    assert "Read poorly (test)" in capsys.readouterr().out
    assert calibration.main(args + ["--json"]) == 0
    figures = json.loads(capsys.readouterr().out)["document_kinds"]
    assert figures["figures"]["text / latin-1"][TEST]["decoded"] == 1
    assert {d["doc"] for d in figures["documents"]} == {"T1", "T2", "T3", "T4", "T5", "T6", "T8"}


def test_without_corpus_dir_and_calibration_set_the_command_refuses(tmp_path, capsys):
    assert calibration.main(["--calibration-dir", str(tmp_path / "none")]) == 2


def test_without_corpus_dir_the_output_has_no_kinds_section(calibration_dir, capsys):
    assert calibration.main(["--calibration-dir", str(calibration_dir)]) == 0
    out = capsys.readouterr().out
    assert "Document kinds" not in out and out.startswith("Pair agreement")
