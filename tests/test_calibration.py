"""Calibration against human judgement: real READMEs and design docs in ../shared/calibration.

Each labelled document is scored through the shipped rules exactly as a repository
would be: a README becomes the repository's README, any other document a file at
its original path. README clarity is the `readme` category score; trade-offs and
retrospective are the scores of reflection/tradeoffs and reflection/lessons.

Measured with this catalogue (`pytest -q tests/test_calibration.py -s` prints them):
readme_clarity 10/10 pairs, tradeoffs 6/6, retrospective 4/4; mean README score of
strong READMEs 83.1 against 25.3 for weak ones.

Still-disagreeing pairs: none at present. Closest calls, so the first to watch:
- RS07 > RW06 (readme_clarity, 72.1 vs 57.1): the tic-tac-toe README's rule
  explanation reads as a fine opening ("It is a two players game"); it loses on
  setup, usage and impact, not on the opening.
- NE01 > RW08 (tradeoffs, 64.7 vs 0): the Korean CNN-over-LSTM argument is found
  only through the small Korean cue list (대신, 때문, 제외...).
- RE05 scores 75.9 on retrospective: its vague "Lessons Learned" are discounted,
  but its many short bullets under "Challenges" and "Root Causes" still add up.
Nothing here knows a file name, hash or per-item threshold.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import PurePosixPath

import pytest

from portfolio_audit.collect.classify import decode_text
from portfolio_audit.engine import evaluate_repo
from portfolio_audit.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec
from portfolio_audit.rules import Catalogue, load_catalogue

from .conftest import CALIBRATION

# Agreement reached when these were written; a change that lowers one is a regression.
PINNED_AGREEMENT = {"readme_clarity": 10, "tradeoffs": 6, "retrospective": 4}
# Strong READMEs must beat weak ones on average by at least this many points.
MIN_STRONG_WEAK_GAP = 40
CATEGORIES = ("readme", "reflection", "responsible-ai")
ASPECT_RULES = {"tradeoffs": "reflection/tradeoffs", "retrospective": "reflection/lessons"}


def _labels() -> dict:
    return {item["id"]: item for item in json.loads((CALIBRATION / "labels.json").read_text(encoding="utf-8"))}


def _pairs() -> list:
    return json.loads((CALIBRATION / "pairs.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _catalogue() -> Catalogue:
    full = load_catalogue()
    # Only the prose categories: the calibration documents carry no commits or code.
    return Catalogue(tuple(r for r in full.rules if r.category in CATEGORIES), full.categories, full.digest)


def _spec(item: dict) -> dict:
    # Some real READMEs are not UTF-8 (one is Latin-1): decode the way collection does.
    text = decode_text((CALIBRATION / item["file"]).read_bytes())
    if PurePosixPath(item["path"]).name.lower().startswith("readme"):
        return {"readme": text}
    return {"files": {item["path"]: text}}


@lru_cache(maxsize=None)
def _result(item_id: str) -> dict:
    item = _labels()[item_id]
    return evaluate_repo(repo_from_spec(_spec(item), name=item_id), _catalogue(), FIXTURE_COLLECTED_AT, None)


def aspect_score(item_id: str, aspect: str) -> float:
    result = _result(item_id)
    if aspect == "readme_clarity":
        score = next(c["score"] for c in result["categories"] if c["id"] == "readme")
    else:
        score = next(f["score"] for f in result["findings"] if f["rule_id"] == ASPECT_RULES[aspect])
    return 0.0 if score is None else score


@pytest.fixture(scope="module")
def agreement(calibration_dir):
    counts: dict = {}
    for pair in _pairs():
        better, worse = aspect_score(pair["better"], pair["aspect"]), aspect_score(pair["worse"], pair["aspect"])
        agreed, total, misses = counts.get(pair["aspect"], (0, 0, []))
        if better > worse:
            agreed += 1
        else:
            misses = misses + [f"{pair['better']} ({better}) <= {pair['worse']} ({worse})"]
        counts[pair["aspect"]] = (agreed, total + 1, misses)
    for aspect, (agreed, total, misses) in sorted(counts.items()):
        print(f"\n{aspect}: {agreed}/{total} pairs agree" + (f"; disagree: {misses}" if misses else ""))
    return counts


@pytest.mark.parametrize("aspect", sorted(PINNED_AGREEMENT))
def test_pair_agreement_is_at_least_pinned(agreement, aspect):
    agreed, total, misses = agreement[aspect]
    assert agreed >= PINNED_AGREEMENT[aspect], f"{aspect}: {agreed}/{total}, disagreeing: {misses}"


def test_strong_readmes_score_above_weak_ones(calibration_dir):
    labels = _labels()
    strong = [aspect_score(i, "readme_clarity") for i, item in labels.items() if item["category"] == "readme_strong"]
    weak = [aspect_score(i, "readme_clarity") for i, item in labels.items() if item["category"] == "readme_weak"]
    strong_mean, weak_mean = sum(strong) / len(strong), sum(weak) / len(weak)
    print(f"\nmean README score: strong {strong_mean:.1f}, weak {weak_mean:.1f}")
    assert strong_mean - weak_mean >= MIN_STRONG_WEAK_GAP
    # Every strong README beats the weak average, and every weak one stays below the strong average.
    assert min(strong) > weak_mean
    assert max(weak) < strong_mean


def test_non_english_readmes_are_not_scored_down_for_language(calibration_dir):
    labels = _labels()
    weak = [aspect_score(i, "readme_clarity") for i, item in labels.items() if item["category"] == "readme_weak"]
    strong = [aspect_score(i, "readme_clarity") for i, item in labels.items() if item["category"] == "readme_strong"]
    for item_id, item in labels.items():
        if item["category"] != "non_english":
            continue
        findings = {f["rule_id"]: f for f in _result(item_id)["findings"]}
        # Readability is English-only: for other languages it is left out, never a low score.
        assert findings["readme/readability"]["outcome"] == "not_applicable", item_id
        assert findings["readme/opening"]["outcome"] == "pass", (item_id, findings["readme/opening"]["summary"])
        assert aspect_score(item_id, "readme_clarity") >= min(strong), item_id
        assert aspect_score(item_id, "readme_clarity") > max(weak), item_id


def test_translated_readme_scores_like_the_original():
    english = """# Weather station

A small weather station for the Raspberry Pi, for teachers who want live data in class. It
measures temperature and humidity every minute and stores 500,000 readings a year.

## Installation

```
pip install weatherstation
```

## Usage

```
weatherstation --port 8080
```
"""
    french = """# Station météo

Une petite station météo pour le Raspberry Pi, pour les enseignants qui veulent des données en
direct en classe. Elle mesure la température et l'humidité chaque minute et enregistre 500 000
mesures par an.

## Installation

```
pip install weatherstation
```

## Utilisation

```
weatherstation --port 8080
```
"""

    def readme_score(text):
        result = evaluate_repo(repo_from_spec({"readme": text}), _catalogue(), FIXTURE_COLLECTED_AT, None)
        return next(c["score"] for c in result["categories"] if c["id"] == "readme")

    assert readme_score(french) >= readme_score(english) - 10


def test_latin1_readme_decodes_and_scores(calibration_dir):
    labels = _labels()
    latin1 = [i for i, item in labels.items() if b"\xd6" in (CALIBRATION / item["file"]).read_bytes()]
    assert latin1, "expected at least one Latin-1 README in the corpus"
    for item_id in latin1:
        assert _result(item_id)["categories"][0]["score"] is not None
