"""Calibration against human judgement: real READMEs and design docs in ../shared/calibration.

Each labelled document is scored through the shipped rules exactly as a repository
would be: a README becomes the repository's README, any other document a file at
its original path. README clarity is the `readme` category score; trade-offs and
retrospective are the scores of reflection/tradeoffs and reflection/lessons.

Measured with this catalogue (`python -m benchmarks.calibration` prints every figure;
docs/calibration.md keeps the history): readme_clarity 10/10 pairs, tradeoffs 6/6,
retrospective 4/4 (comments 5/5 when the source files are given with --code-dir); mean
README score of strong READMEs 83.8 against 25.3 for weak ones, AUC 1.000.

Still-disagreeing pairs: none at present. Closest calls, so the first to watch:
- RS07 > RW06 (readme_clarity, 72.1 vs 57.1): the tic-tac-toe README's rule
  explanation reads as a fine opening ("It is a two players game"); it loses on
  setup, usage and impact, not on the opening.
- RS08 (58.6) against RW06 (57.1), not a judged pair but the closest strong/weak
  call: the jam README's opening never says "a game", so it earns little there.
- NE01 > RW08 (tradeoffs, 64.7 vs 0): the Korean CNN-over-LSTM argument is found
  only through the small Korean cue list (대신, 때문, 제외...).
- RE05 scores 75.9 on retrospective: its vague "Lessons Learned" are discounted,
  but its many short bullets under "Challenges" and "Root Causes" still add up.
Nothing here knows a file name, hash or per-item threshold.
"""

from __future__ import annotations

import json
import sysconfig
from functools import lru_cache
from pathlib import Path, PurePosixPath

import pytest

from benchmarks import calibration as harness
from portfolio_audit import scoring as S
from portfolio_audit.collect.classify import decode_text
from portfolio_audit.engine import evaluate_repo
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec
from portfolio_audit.rules import Catalogue, load_catalogue

from .conftest import CALIBRATION

# Agreement reached when these were written; a change that lowers one is a regression.
# Trade-offs 5 of 6: TO01 (an RFC arguing each drawback) and TO02 (an ADR) both saturate at
# 100.0 since reflection/tradeoffs' saturation went from 0.9 to 0.6; at 0.9 the pair held by
# 100.0 against 99.9. A tie counts as a disagreement.
PINNED_AGREEMENT = {"readme_clarity": 10, "tradeoffs": 5, "retrospective": 4}
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
        # Readability formulas are English: for other languages they are not assessed (left out of
        # every average), never a low score and never a free pass. The opening is read in the
        # README's own language (kinds/readme_opening_lexicon.py), and a good one is not failed.
        assert findings["readme/readability"]["outcome"] == "not_assessed", item_id
        assert findings["readme/opening"]["outcome"] != "fail", (item_id, findings["readme/opening"]["summary"])
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


# --- the calibration harness (benchmarks/calibration.py) and the goals ----------------------
#
# Figures when the harness was added (docs/calibration.md has them before and after): every
# pair agrees, all hard pairs right; reflection detection precision 1.00, recall 1.00 over 29 (the cue
# lists of that time; see PINNED_DETECTION for the trained detector)
# labelled items; strong/weak README AUC 1.000; both non-English READMEs in the good band or above.

# The goals. A change that drops a figure below one of these is a regression.
GOAL_PAIR_AGREEMENT = 0.95
GOAL_DETECTION = 0.9
GOAL_README_AUC = 0.97
# What the corpus reaches today, pinned so that it cannot silently drop. This set was tuned on
# (the cue lists were fitted to it), so these figures say little about unseen work:
# benchmarks/validity.py does. Since trade-offs are decided by the stacked head trained on the
# whole dev corpus, recall is 0.9375 (15 of 16): RS03 (mkcert's README) is missed, its passages at 0.47-0.52
# summing under the warning bar; the head gained on dev in grouped CV (docs/reflection.md).
PINNED_DETECTION = {"precision": 1.0, "recall": 0.9375}
PINNED_README_AUC = 1.0


@pytest.fixture(scope="module")
def calibration(calibration_dir):
    # Without --code-dir: the comment pairs are skipped here and judged on labelled samples below.
    return harness.calibrate(calibration_dir)


def test_harness_pair_agreement_meets_the_goal_and_every_hard_pair_agrees(calibration):
    agreed, total = calibration.agreement()
    assert total == len(_pairs())
    misses = [f"{p.aspect}: {p.better} {p.better_score} <= {p.worse} {p.worse_score}" for p in calibration.disagreements()]
    assert agreed / total >= GOAL_PAIR_AGREEMENT, misses
    hard_agreed, hard_total = calibration.agreement(hard_only=True)
    assert hard_total >= 6 and hard_agreed == hard_total, misses
    for aspect, pinned in PINNED_AGREEMENT.items():
        assert calibration.agreement(aspect)[0] >= pinned, aspect


def test_harness_reports_code_pairs_as_skipped_without_code_dir(calibration):
    assert len(calibration.skipped_pairs) == 5
    assert "skipped" in harness.render(calibration)


def test_reflection_detection_precision_and_recall(calibration):
    detection = calibration.detection
    missed = [r["id"] for r in detection["rows"] if r["truth"] != r["detected"]]
    assert detection["precision"] >= max(GOAL_DETECTION, PINNED_DETECTION["precision"]), missed
    assert detection["recall"] >= max(GOAL_DETECTION, PINNED_DETECTION["recall"]), missed
    rows = {r["id"]: r for r in detection["rows"]}
    # The traps: a keyword heading over placeholders is never a reflection section.
    for trap in ("RW02", "RW03", "RW04"):
        assert rows[trap]["truth"] is False and rows[trap]["detected"] is False, trap
    # Real sections without a heading are found by what the text does.
    headingless = [i for i, item in _labels().items()
                   if item["category"] in harness.POSITIVE_CATEGORIES and not item["heading_text"]]
    assert headingless and all(rows[i]["detected"] for i in headingless)


def test_strong_and_weak_readmes_separate(calibration):
    assert calibration.auc >= max(GOAL_README_AUC, PINNED_README_AUC), (calibration.strong_scores, calibration.weak_scores)


def test_no_good_non_english_readme_falls_below_the_good_band(calibration):
    assert calibration.non_english
    floor = dict(S.BANDS)[harness.GOOD_BAND]
    for item_id, score in calibration.non_english.items():
        assert score >= floor, (item_id, score)


def test_roc_auc_counts_ties_as_half():
    assert harness.roc_auc([2, 3], [1]) == 1.0
    assert harness.roc_auc([1], [1]) == 0.5
    assert harness.roc_auc([1, 3], [2]) == 0.5


def test_harness_command_prints_every_figure(calibration_dir, capsys, tmp_path):
    assert harness.main(["--calibration-dir", str(calibration_dir), "--code-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for heading in ("Pair agreement", "Reflection-section detection", "AUC", "Non-English", "Disagreements"):
        assert heading in out


# --- reflection by meaning, on text written for these tests -----------------------------------------


def _reflection_scores(readme: str) -> dict:
    result = evaluate_repo(repo_from_spec({"readme": readme}), _catalogue(), FIXTURE_COLLECTED_AT, None)
    return {rule: harness.finding(result, rule)["score"] for rule in harness.REFLECTION_RULES}


def _detected(readme: str) -> bool:
    result = evaluate_repo(repo_from_spec({"readme": readme}), _catalogue(), FIXTURE_COLLECTED_AT, None)
    return harness.detects_reflection(result)


INTRO = "# linkcheck\n\nlinkcheck finds broken links in a static site before you deploy it.\n\n"

REAL_SECTIONS = {
    "why-not-question": INTRO + """## Why shouldn't I use this?

It only checks links it can reach over plain HTTP, so pages behind a login are reported as
broken. If your site needs authentication, use a crawler that drives a browser instead,
because linkcheck will never run JavaScript: that keeps a 2,000-page check under 30 seconds.
""",
    "rejected-ideas": INTRO + """## Rejected ideas

We considered caching results between runs, but rejected it because stale entries hid two
real outages in our own docs; a full check takes 40 seconds, which is cheap enough.

Parallel requests per host were dropped in favour of a limit of 4, since some hosts started
returning 429 errors above that and the report filled with false alarms.
""",
    "looking-back": INTRO + """## Looking back

The first version parsed HTML with regular expressions and it broke on every third site.
I rewrote the parser on top of html5lib, which took two weeks I had not planned for.
Next time I would start from a real parser and write the fixtures from failing sites first.
""",
    "consequences-adr": INTRO + """## Consequences

Checking redirects costs one extra request per link, so a run is about 20% slower, and
sites that redirect every page to a login are flagged; the trade-off is that moved pages
are caught before users hit them.
""",
    "faq-defending-design": INTRO + """**Why is there no config file?**

Because every option is a flag, a run can be reproduced from the CI log alone; a config file
would have to be checked in beside it. The cost is long command lines, which we accept.

**Is it production-ready?**

No: it has no retry logic, so a flaky host fails the build, and it does not support sitemaps.
""",
    "french": "# linkcheck\n\nlinkcheck trouve les liens cassés d'un site statique.\n\n" + """## Limites et choix

Nous avons choisi de ne pas exécuter JavaScript, parce que cela garde une vérification de
2 000 pages sous 30 secondes ; en contrepartie, les liens créés par des scripts ne sont pas
vérifiés. Nous avons écarté un cache entre deux exécutions, car il masquait de vraies pannes.
""",
    "german": "# linkcheck\n\nlinkcheck findet kaputte Links in statischen Websites.\n\n" + """## Rückblick

Die erste Version war zu langsam, weil jede Seite einzeln geladen wurde. Ich habe gelernt,
früh zu messen: nach dem Umbau auf 4 parallele Anfragen dauerte ein Lauf 30 statt 300 Sekunden.
Nächstes Mal würde ich die Messung vor dem ersten Feature schreiben.
""",
    "no-heading-at-all": INTRO + """I picked a single-threaded design instead of an async crawler because the sites I check
have fewer than 500 pages and the async version was twice the code for a 10% gain. The
downside is that a very large site takes minutes rather than seconds.
""",
}

HOLLOW_SECTIONS = {
    "todo-under-limitations": INTRO + "## Known issues and limitations\n\nTODO\n",
    "empty-lessons-heading": INTRO + "## Lessons learned\n\n## Design decisions\n\n## License\n\nMIT\n",
    "unanswered-prompts": INTRO + """## Challenges & Learnings

One of the main difficulties was **[describe specific challenges]**, and I overcame them by
**[mention any resources, workarounds, or techniques you used]**.

## Trade-offs

- Describe the alternatives you considered.
- Explain why you chose this approach.
""",
    "placeholder-text": INTRO + "## Why this design?\n\nComing soon\n\n## Retrospective\n\nTBD\n",
    "marketing-vocabulary": INTRO + """## Why linkcheck?

Blazing fast, rock solid and easy to love: linkcheck is the best solution for modern teams.
Instead of wasting time, this allows users to ship with confidence. Next-level quality,
zero hassle, and a beautiful report your whole team will adore.
""",
}


# Known misses of the trained lessons detector, with its probability, kept visible rather than
# tuned away (the weights come from the corpus's dev split only).
KNOWN_MISSES = {
    "german": "the trained lessons detector gives this German retrospective 0.40, below its 0.55 "
              "threshold: 'gelernt' and 'würde' weigh little against its figures (issue 14)",
}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN_MISSES[n], strict=True))
                                  if n in KNOWN_MISSES else n for n in sorted(REAL_SECTIONS)])
def test_reflection_found_by_what_the_text_does(name):
    assert _detected(REAL_SECTIONS[name]), (name, _reflection_scores(REAL_SECTIONS[name]))


@pytest.mark.parametrize("name", sorted(HOLLOW_SECTIONS))
def test_no_credit_for_placeholders_prompts_or_empty_keyword_headings(name):
    assert not _detected(HOLLOW_SECTIONS[name]), (name, _reflection_scores(HOLLOW_SECTIONS[name]))


# --- README clarity is not length ---------------------------------------------------------------------

SHORT_COMPLETE_README = """# tidyjson

tidyjson reformats JSON files in place for people who review config changes in pull requests.

## Install

```
pip install tidyjson
```

## Usage

```
tidyjson config/*.json --indent 2
```

It exits with status 1 when a file is not valid JSON, so it can run in CI.
"""

LONG_TODO_TEMPLATE = "# Project Title\n\n" + "".join(
    f"## {heading}\n\nTODO\n\n- Describe the {heading.lower()} of the project.\n- Explain any important details here.\n\n"
    for heading in ("Overview", "Features", "Installation", "Usage", "Architecture", "Results", "Future Work",
                    "Contributing", "Acknowledgements")
) + "## License\n\nMIT\n"

LONG_MARKETING_README = """# HyperSync

HyperSync is the next-generation, blazing-fast, enterprise-grade synchronisation platform that
empowers teams to unlock unprecedented productivity. Built with passion and cutting-edge
technology, it delivers a seamless, delightful and revolutionary experience.

## Why HyperSync?

Modern teams deserve modern tools. HyperSync reimagines collaboration from the ground up,
combining world-class performance with an intuitive design that users love. Say goodbye to
friction and hello to flow.

## Features

- Lightning-fast synchronisation that scales effortlessly
- Beautiful, intuitive interface loved by teams everywhere
- Rock-solid reliability you can count on
- Seamless integrations with the tools you already use
- Enterprise-grade security that gives you peace of mind

## Vision

We believe software should be joyful. HyperSync is on a mission to transform the way the
world works together, one sync at a time. Join the revolution and experience the future today.
"""


def _readme_clarity(text: str) -> float:
    result = evaluate_repo(repo_from_spec({"readme": text}), _catalogue(), FIXTURE_COLLECTED_AT, None)
    return harness.category_score(result, "readme")


@pytest.mark.parametrize("long_readme", [LONG_TODO_TEMPLATE, LONG_MARKETING_README], ids=["todo-template", "marketing"])
def test_short_complete_readme_beats_a_long_empty_one(long_readme):
    assert len(long_readme) > 2 * len(SHORT_COMPLETE_README)
    short, long = _readme_clarity(SHORT_COMPLETE_README), _readme_clarity(long_readme)
    floor = dict(S.BANDS)
    assert short >= floor["good"] and long < floor["good"] - 10 and short >= long + 20, (short, long)


# --- comment quality by value, on code labelled for these tests ------------------------------------

EXPLAINED = '''"""Retry an HTTP call with capped exponential backoff."""

import random
import time

# Servers behind a load balancer shed load by answering 503; past this many tries the
# outage is not transient and retrying only delays the error the caller must see.
MAX_TRIES = 5
CAP_SECONDS = 30


def call_with_retry(request, sleep=time.sleep):
    """Call ``request()`` until it succeeds or MAX_TRIES is reached; re-raise the last error."""
    for attempt in range(MAX_TRIES):
        try:
            return request()
        except ConnectionError:
            if attempt == MAX_TRIES - 1:
                raise
            # Full jitter: clients that failed together must not retry together, or the
            # recovering server sees the same spike again (AWS architecture blog, 2015).
            delay = random.uniform(0, min(CAP_SECONDS, 2 ** attempt))
            sleep(delay)
    return None


def parse_retry_after(header):
    """Seconds to wait from a Retry-After header, or None when it is absent or a date."""
    if not header:
        return None
    # An HTTP date is legal here too, but our servers never send one; treating it as
    # absent falls back to backoff instead of guessing a clock offset.
    return int(header) if header.isdigit() else None
'''

NARRATED = '''import random
import time

# set max tries
MAX_TRIES = 5
# set cap
CAP_SECONDS = 30


def call_with_retry(request, sleep=time.sleep):
    # loop over attempts
    for attempt in range(MAX_TRIES):
        # try the request
        try:
            # return request
            return request()
        # catch connection error
        except ConnectionError:
            # check if last attempt
            if attempt == MAX_TRIES - 1:
                # raise
                raise
            # compute delay
            delay = random.uniform(0, min(CAP_SECONDS, 2 ** attempt))
            # print(delay)
            # sleep for delay
            sleep(delay)
            # attempt = attempt + 1
    # return none
    return None


def parse_retry_after(header):
    # check header
    if not header:
        # return none
        return None
    # old version:
    # value = header.strip()
    # if value.isdigit():
    #     return int(value)
    # return None
    # return int
    return int(header) if header.isdigit() else None
'''

BANNER = """# ==========================================================================
# Copyright (c) 2024 Example Corp. All rights reserved.
# Licensed under the Apache License, Version 2.0 (the "License"); you may not
# use this file except in compliance with the License.
# ==========================================================================
"""


def _comment_score(path: str, text: str) -> float:
    return harness.category_score(harness.evaluate_code({path: text}), "comments")


def test_explained_code_beats_narrated_code_with_more_comments():
    def count(text):
        return sum(line.lstrip().startswith("#") for line in text.splitlines())

    assert count(NARRATED) > 2 * count(EXPLAINED)
    good, narrated = _comment_score("retry.py", EXPLAINED), _comment_score("retry.py", NARRATED)
    assert good >= 80 and narrated < 50 and good - narrated >= 40, (good, narrated)


def test_boilerplate_banners_count_neither_way():
    for text in (EXPLAINED, NARRATED):
        assert _comment_score("retry.py", BANNER + text) == pytest.approx(_comment_score("retry.py", text), abs=1.0)


@pytest.mark.parametrize("module", ["heapq.py", "bisect.py", "textwrap.py", "queue.py"])
def test_real_stdlib_code_with_rationale_comments_beats_narration(module):
    # Labelled by hand: these standard-library modules explain invariants and reasons
    # (heapq's heap invariant, bisect's insertion point) and narrate nothing.
    text = (Path(sysconfig.get_paths()["stdlib"]) / module).read_text(encoding="utf-8")
    assert _comment_score(module, text) >= 80
    assert _comment_score(module, text) > _comment_score("retry.py", NARRATED) + 30
