"""The validity benchmark (benchmarks/validity.py) on a corpus written for this test.

A labelled corpus of two documents, a judged README and a one-repository portfolio whose
bare git copy is built here, with a hostile config, attributes and hook in it: the figures
come out as labelled, nothing of the repository runs, and ``--split dev`` never reads a
test label.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from benchmarks import validity as V
from benchmarks.corpus import Corpus, corpus_file, split_for
from .helpers import EMPTY_GIT_CONFIG

DEV_OWNER, TEST_OWNER = "dee", "ana"  # split_for puts them on each side (checked below)
COMMIT_ENV = {"GIT_AUTHOR_NAME": "Dee", "GIT_AUTHOR_EMAIL": "dee@example.org", "GIT_COMMITTER_NAME": "Dee",
              "GIT_COMMITTER_EMAIL": "dee@example.org", "GIT_AUTHOR_DATE": "2025-03-01T10:00:00Z",
              "GIT_COMMITTER_DATE": "2025-03-01T10:00:00Z", "GIT_CONFIG_NOSYSTEM": "1",
              "GIT_CONFIG_GLOBAL": EMPTY_GIT_CONFIG}

DESIGN = """# Design notes

## Why not Redis?

We keep the queue in SQLite instead of Redis because the tool runs on one laptop and a second
server process would double what a user must install; the cost is that two writers serialise.

## What to write here

What trade-offs did you make? Which alternatives did you consider, and why did you reject them?

## Credits

Thanks to Ana Lima, who wrote the first importer and reviewed the storage layer.
"""
README_STRONG = """# tidy

tidy is a command-line tool for analysts who receive messy CSV exports. It fixes encodings and
trims stray whitespace so that files load cleanly.

## Install

```
pip install tidy
```

## Usage

```
tidy export.csv -o clean.csv
```

On our 2 GB export tidy finishes in 3 s, against 40 s for the spreadsheet macro it replaced.
"""
README_WEAK = "# Project Title\n\nTODO\n"


def _git(*args, cwd=None):
    subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **COMMIT_ENV}, check=True, capture_output=True)


def _write_jsonl(path: Path, rows: list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    assert split_for(f"{DEV_OWNER}/x") == "dev" and split_for(f"{TEST_OWNER}/x") == "test"
    root = tmp_path_factory.mktemp("validity")
    labels, texts, mirrors, markers = root / "labels", root / "corpus", root / "mirrors", root / "markers"
    markers.mkdir()
    documents = [
        {"doc": "T1", "repo": f"{DEV_OWNER}/queue", "commit": "a" * 40, "path": "docs/design.md", "kind": "doc",
         "format": "markdown", "language": "en", "split": "dev", "fully_labelled": True},
        {"doc": "T2", "repo": f"{DEV_OWNER}/tidy", "commit": "b" * 40, "path": "README.md", "kind": "readme",
         "format": "markdown", "language": "en", "split": "dev", "fully_labelled": False},
        {"doc": "T3", "repo": f"{DEV_OWNER}/blank", "commit": "c" * 40, "path": "README.md", "kind": "readme",
         "format": "markdown", "language": "en", "split": "dev", "fully_labelled": False},
        # A test-split document whose text is never built: reading it would count it missing.
        {"doc": "X1", "repo": f"{TEST_OWNER}/secret", "commit": "d" * 40, "path": "README.md", "kind": "readme",
         "format": "markdown", "language": "en", "split": "test", "fully_labelled": True},
    ]
    passages = [
        {"id": "Q1", "doc": "T1", "lines": [1, 1], "label": "none", "subtype": "description", "reason": "title"},
        {"id": "Q2", "doc": "T1", "lines": [3, 6], "label": "tradeoff", "subtype": "alternative",
         "reason": "SQLite over Redis, with the cost accepted"},
        {"id": "Q3", "doc": "T1", "lines": [8, 10], "label": "none", "subtype": "prompt",
         "reason": "questions left for the student"},
        {"id": "Q4", "doc": "T1", "lines": [12, 14], "label": "credit", "subtype": "thanks",
         "reason": "names who wrote the importer"},
        {"id": "X9", "doc": "X1", "lines": [1, 1], "label": "lesson", "subtype": "redo", "reason": "test only"},
    ]
    _write_jsonl(labels / "mine" / "documents.jsonl", documents)
    _write_jsonl(labels / "mine" / "passages.jsonl", passages)
    _write_jsonl(labels / "mine" / "readmes.jsonl", [
        {"doc": "T2", "quality": "strong", "reason": "what, who, setup, usage, a measured result"},
        {"doc": "T3", "quality": "weak", "reason": "template"},
        {"doc": "X1", "quality": "weak", "reason": "test only"},
    ])
    for document, text in (("T1", DESIGN), ("T2", README_STRONG), ("T3", README_WEAK)):
        target = corpus_file(texts, next(d for d in documents if d["doc"] == document))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    # The judged repository: a work tree committed once, then copied bare into the mirror folder,
    # where its config, attributes and hook would each leave a marker file if git ran them.
    work = root / "work"
    work.mkdir()
    (work / "README.md").write_text(README_STRONG, encoding="utf-8")
    (work / "tidy.py").write_text('"""Clean CSV exports."""\n\n\ndef clean(path):\n    """Clean one file."""\n'
                                  "    return path\n", encoding="utf-8")
    (work / ".gitattributes").write_text("* filter=evil\n", encoding="utf-8")
    (work / "data").mkdir()
    (work / "data" / "big.csv").write_text("id,value\n" + "".join(f"{i},{i * i}\n" for i in range(500)),
                                           encoding="utf-8")
    _git("init", "-q", cwd=work)
    _git("add", "-A", cwd=work)
    _git("commit", "-q", "-m", "Add the CSV cleaner and its README", cwd=work)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=work, capture_output=True, text=True,
                            env={**os.environ, **COMMIT_ENV}, check=True).stdout.strip()
    bare = mirrors / f"{DEV_OWNER}+tidy" / "repo"
    bare.parent.mkdir(parents=True)
    _git("clone", "-q", "--bare", str(work), str(bare))
    # Like the workplace's copies, which may lack their largest blobs: this one lacks data/big.csv.
    missing = subprocess.run(["git", "rev-parse", "HEAD:data/big.csv"], cwd=work, capture_output=True, text=True,
                             env={**os.environ, **COMMIT_ENV}, check=True).stdout.strip()
    (bare / "objects" / missing[:2] / missing[2:]).unlink()
    with open(bare / "config", "a", encoding="utf-8") as config:
        config.write(f"[core]\n\tfsmonitor = touch {markers}/fsmonitor\n"
                     f"[filter \"evil\"]\n\tsmudge = touch {markers}/smudge\n\tclean = touch {markers}/clean\n")
    hook = bare / "hooks" / "post-checkout"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(f"#!/bin/sh\ntouch {markers}/hook\n", encoding="utf-8")
    hook.chmod(0o755)
    portfolio = {
        "login": DEV_OWNER, "split": "dev", "profile": "early-career", "reviewer_band": "good", "reviewer_score": 70,
        "summary": "one tool", "repos": [
            {"repo": f"{DEV_OWNER}/tidy", "commit": commit, "own_work": "all", "reviewer_band": "good",
             "reviewer_score": 70, "rules": {
                 "readme/present": {"expect": "pass", "reason": "a real README"},
                 "readme/visuals": {"expect": "not-applicable", "reason": "a command-line tool"},
                 "readme/structure": {"expect": "fail", "reason": "deliberately wrong, to count one error"},
             }},
            {"repo": f"{DEV_OWNER}/gone", "commit": "e" * 40, "own_work": "all", "rules": {}},
        ]}
    (labels / "mine" / "portfolios").mkdir()
    (labels / "mine" / "portfolios" / f"{DEV_OWNER}.json").write_text(json.dumps(portfolio), encoding="utf-8")
    return {"labels": labels / "mine", "texts": texts, "mirrors": mirrors, "markers": markers}


@pytest.fixture(scope="module")
def dev(world):
    corpus = V.load_corpus([world["labels"]])
    return V.evaluate_split(corpus, "dev", world["texts"], world["mirrors"], None)


def test_dev_never_reads_a_test_label(dev):
    # The test document's text was never built: had dev read it, it would be counted missing.
    assert dev["passages"]["missing"] == [] and dev["readmes"]["missing"] == []
    assert all(not row["id"].startswith("X") for row in dev["readmes"]["non_english"])


def test_passages_are_credited_by_the_lines_the_rule_credits(world, monkeypatch):
    # The detector is replaced by a fixed one, so the test pins the counting, not the detector:
    # it credits the trade-off (lines 5-6 of 3-6), the prompt (a false positive, counted apart),
    # a heading no label covers, and misses the credit.
    from portfolio_audit.analysis.reflection import Passage

    def fixed(ctx, aspect):
        spans = {"tradeoffs": [(5, 6), (8, 9), (2, 2)], "lessons": [], "collaboration": []}[aspect]
        return [Passage("docs/design.md", a, b, aspect, 1.0, 1.0, "...", ("names an alternative",), "", 0)
                for a, b in spans], []

    monkeypatch.setattr(V, "credited_passages", fixed)
    figures = V.passage_figures(V.load_corpus([world["labels"]]).in_split("dev"), world["texts"])
    tradeoffs, credit = figures["aspects"]["tradeoffs"], figures["aspects"]["collaboration"]
    assert (tradeoffs.tp, tradeoffs.fp, tradeoffs.fn) == (1, 2, 0), tradeoffs
    assert tradeoffs.prompts_credited == 1 and tradeoffs.unlabelled_credited == 1
    assert tradeoffs.precision == pytest.approx(1 / 3) and tradeoffs.recall == 1.0
    assert (credit.tp, credit.fn, credit.recall) == (0, 1, 0.0)
    assert [m["id"] for m in credit.misses] == ["Q4"]
    assert figures["documents"] == 1 and figures["fully_labelled"] == 1


def test_the_shipped_detector_runs_through_the_benchmark(dev):
    aspects = dev["passages"]["aspects"]
    assert set(aspects) == {"tradeoffs", "lessons", "collaboration"}
    assert aspects["tradeoffs"].tp + aspects["tradeoffs"].fn == 1  # one labelled trade-off, found or not


def test_readme_auc_and_bands(dev):
    assert dev["auc"] == 1.0
    assert dev["good_non_english"] == 0


def test_portfolio_is_read_from_its_git_copy_without_running_anything_of_theirs(dev, world):
    assert not list(world["markers"].iterdir()), "a config, filter or hook of the audited repository ran"
    portfolios = dev["portfolios"]
    assert portfolios["uncollected"] == {f"{DEV_OWNER}/gone": f"no git copy at "
                                         f"{world['mirrors'] / (DEV_OWNER + '+gone') / 'repo'}"}
    tallies = portfolios["rules"]
    assert tallies["readme/present"].judged == 1 and tallies["readme/present"].errors == 0
    assert tallies["readme/visuals"].errors == 0  # a command-line tool needs no screenshot
    assert tallies["readme/structure"].errors == 1
    (scored,) = portfolios["portfolios"]
    assert scored["score"] is not None and scored["collected"] == 1


def test_the_checkout_holds_the_files_and_history_of_the_judged_commit(world):
    corpus = Corpus.load(world["labels"])
    snapshot, problems = V.collect_portfolio(corpus.portfolios[0], world["mirrors"])
    (repo,) = snapshot.repos
    assert {f.path for f in repo.files} >= {"README.md", "tidy.py"}
    assert "data/big.csv" not in {f.path for f in repo.files}  # its blob is not in the copy
    # git log --numstat stops at the missing blob; the history is still read, its files counted.
    assert repo.commits.available and [c.subject for c in repo.commits.items] == ["Add the CSV cleaner and its README"]
    assert repo.commits.items[0].files_changed == 4
    assert repo.local_path is None and repo.full_name == f"{DEV_OWNER}/tidy"
    assert snapshot.collected_at == "2025-03-01T10:00:00Z"


def test_the_report_prints_dev_and_test_side_by_side(world, capsys):
    code = V.main(["--labels-dir", str(world["labels"]), "--corpus-dir", str(world["texts"]),
                   "--mirror-dir", str(world["mirrors"]), "--calibration-dir", str(world["texts"] / "none")])
    out = capsys.readouterr().out
    assert code == 0
    header = out.splitlines()[0].split()
    assert header == ["dev", "test"]
    assert "tradeoffs: precision / recall" in out and "portfolio ranking: Kendall tau / pairwise" in out
    assert "== dev: details ==" in out and "== test: details ==" not in out


def test_json_output_has_one_entry_per_split(world, capsys):
    V.main(["--labels-dir", str(world["labels"]), "--corpus-dir", str(world["texts"]), "--mirror-dir",
            str(world["mirrors"]), "--calibration-dir", str(world["texts"] / "none"), "--split", "dev", "--json"])
    figures = json.loads(capsys.readouterr().out)
    assert list(figures) == ["dev"]
    assert figures["dev"]["passages"]["tradeoffs"]["tp"] == 1


@pytest.mark.parametrize("tool,reviewer,tau,pairwise", [
    ([1, 2, 3], [10, 20, 30], 1.0, 1.0),
    ([3, 2, 1], [10, 20, 30], -1.0, 0.0),
    ([1, 1, 2], [10, 20, 30], pytest.approx(0.816, abs=1e-3), pytest.approx(5 / 6)),
])
def test_ranking_agreement(tool, reviewer, tau, pairwise):
    assert V.kendall_tau_b(tool, reviewer) == tau
    assert V.pairwise_agreement(tool, reviewer) == pairwise


def test_the_corpus_check_refuses_one_file_labelled_twice(tmp_path, capsys):
    from benchmarks.corpus import command_check

    row = {"repo": f"{DEV_OWNER}/queue", "commit": "a" * 40, "path": "docs/design.md", "kind": "doc",
           "format": "markdown", "language": "en", "split": "dev", "fully_labelled": True}
    _write_jsonl(tmp_path / "g" / "documents.jsonl", [dict(row, doc="G1")])
    _write_jsonl(tmp_path / "h" / "documents.jsonl", [dict(row, doc="H1"), dict(row, doc="H2", commit="b" * 40)])
    assert command_check(Corpus.load(tmp_path), tmp_path / "texts") == 1
    out = capsys.readouterr().out
    assert f"{DEV_OWNER}/queue:docs/design.md@{'a' * 40} is labelled 2 times" in out
    assert "b" * 40 not in out  # the same file at another commit is another document
