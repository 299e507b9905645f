"""Ways to combine the trade-off cue detector with the classifier, measured by nested grouped CV on dev.

    python -m benchmarks.tradeoff_attempts [--corpus-dir DIR]

The trade-off aspect is read by the cue detector (``analysis/reflection_cues.py``) because in
grouped cross-validation on dev it was more precise than the classifier's trade-off head
(docs/reflection.md). This prints what combining the two would give, each candidate measured
the same honest way: out-of-fold log-odds (``reflection_figures.out_of_fold_logits``, folds by
repository owner), and every free parameter (a threshold, a veto) chosen on the other four
folds and judged on the held-out one. Candidates:

- **cue**: the cue detector alone, as shipped (nothing to choose);
- **classifier**: the classifier's trade-off head alone, its threshold chosen per fold;
- **union**: the cue detector's passages, minus those the classifier gives under a veto
  probability, plus the classifier's passages over a high threshold;
- **lower bar + veto**: the cue detector with a lower bar for passages under no cue heading
  (one signal is enough), the classifier vetoing the passages it gives a low probability;
- **stacked**: a trade-off head trained per fold on the structural features plus what the cue
  detector says of the unit (found, strength, under a cue heading, each signal), several L2s;
- **shipped**: what ``reflection.detect`` does (``_tradeoff_passages``): the stacked head at the
  shipped L2 (``train_reflection.CHOSEN.l2_stacked``) and threshold
  (``CHOSEN_THRESHOLDS["tradeoffs"]``), and the threshold
  the pooled out-of-fold probabilities choose (``reflection_figures.best_thresholds``' rule).

Last, an owner bootstrap of each candidate's F1 minus the cue detector's, so a difference can
be read against the noise of the dev owners. Reads only the dev split.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from unittest import mock
from pathlib import Path


from portfolio_audit.analysis import reflection_cues
from portfolio_audit.analysis.reflection import creditable, sigmoid
from portfolio_audit.analysis.reflection_features import languages_for

from .corpus import DEFAULT_CORPUS_DIR, DEV
from .reflection_data import load_documents
from .reflection_figures import (
    FOLDS, THRESHOLD_GRID, THRESHOLD_TOLERANCE, Counts, fold_of_owners, out_of_fold_logits,
    out_of_fold_stacked_logits, passage_counts,
)
from .train_reflection import CHOSEN, CHOSEN_THRESHOLDS

ASPECT = "tradeoffs"
LABEL = "tradeoff"
VETO_GRID = (0.0, 0.05, 0.1, 0.15, 0.2)
HIGH_GRID = (0.6, 0.7, 0.8, 0.9, 1.01)  # 1.01: no classifier passage is added
STACKED_L2 = (3.0, 10.0, 30.0)
# One signal's weight (reflection_cues.SIGNALS): "admits a limitation" alone clears this bar.
LOWER_UNCUED_BAR = 0.4
BOOTSTRAP_SAMPLES = 2000


class Candidates:
    """The dev documents, their out-of-fold classifier log-odds and cue passages, and the owners' folds."""

    def __init__(self, documents: list):
        self.documents = documents
        self.assignment = fold_of_owners(documents)
        self.logits = out_of_fold_logits(documents, CHOSEN)
        self.cues = self.cue_spans()
        self.allowed = [creditable(d.doc, d.features) for d in documents]

    def cue_spans(self) -> list:
        """Per document, the cue passages as the rule shows them: a paragraph's first line to its last."""
        spans = []
        for document in self.documents:
            ends = {paragraph.line: paragraph.end_line for paragraph in document.doc.paragraphs}
            spans.append([(p.line, ends.get(p.line, p.line)) for p in reflection_cues.find_passages(document.doc, languages_for(document.features.language))])
        return spans

    def indices(self, fold: int, inside: bool) -> list:
        return [i for i, d in enumerate(self.documents) if (self.assignment[d.owner] == fold) == inside]

    def count(self, spans_of, indices: list) -> Counts:
        total = Counts()
        for i in indices:
            total.add(passage_counts(self.documents[i], spans_of(i), ASPECT))
        return total

    def unit_spans(self, i: int, probabilities, threshold: float) -> list:
        units = self.documents[i].features.units
        return [(u.line, u.end_line, 0.0, 0.0) for k, u in enumerate(units)
                if self.allowed[i][k] and probabilities[k] >= threshold]


    def classifier_probabilities(self, i: int) -> list:
        return [sigmoid(float(value)) for value in self.logits[i][:, 0]] if len(self.logits[i]) else []

    def union_spans(self, i: int, veto: float, high: float) -> list:
        units = self.documents[i].features.units
        probabilities = self.classifier_probabilities(i)

        def probability_over(line: int, end: int) -> float:
            return max((probabilities[k] for k, u in enumerate(units) if u.line <= end and line <= u.end_line),
                       default=0.0)

        spans = [(line, end, 0.0, 0.0) for line, end in self.cues[i] if probability_over(line, end) >= veto]
        return spans + self.unit_spans(i, probabilities, high)


def nested(candidates: Candidates, grid: list, spans_for) -> Counts:
    """Pooled held-out counts, each fold's parameters chosen on the other folds' documents."""
    pooled = Counts()
    for fold in range(FOLDS):
        inner, outer = candidates.indices(fold, False), candidates.indices(fold, True)
        best = max(grid, key=lambda params: candidates.count(lambda i: spans_for(i, params), inner).f1)
        pooled.add(candidates.count(lambda i: spans_for(i, best), outer))
    return pooled


def stacked_probabilities(candidates: Candidates, l2_value: float) -> list:
    """Per document, per unit: a trade-off head on structural + cue features, trained without its fold."""
    logits = out_of_fold_stacked_logits(candidates.documents, replace(CHOSEN, l2_stacked=l2_value))
    return [[sigmoid(float(v)) for v in doc_logits] for doc_logits in logits]


def pooled_threshold(candidates: Candidates, probabilities: list) -> float:
    """The threshold best_thresholds' rule picks on pooled out-of-fold probabilities: smoothed F1, highest within tolerance."""
    everything = list(range(len(candidates.documents)))
    grid = list(THRESHOLD_GRID)
    scores = {t: candidates.count(lambda i, t=t: candidates.unit_spans(i, probabilities[i], t), everything).f1
              for t in grid}
    smoothed = {t: sum(scores[u] for u in grid[max(0, i - 1):i + 2]) / len(grid[max(0, i - 1):i + 2])
                for i, t in enumerate(grid)}
    best = max(smoothed.values())
    return max(t for t, f1 in smoothed.items() if f1 >= best - THRESHOLD_TOLERANCE)


def bootstrap(candidates: Candidates, spans_a, spans_b) -> tuple:
    """(mean, 5th and 95th percentile, share above zero) of F1(a) - F1(b) over owners resampled."""
    owners = sorted({d.owner for d in candidates.documents})
    per_owner = {}
    for owner in owners:
        indices = [i for i, d in enumerate(candidates.documents) if d.owner == owner]
        per_owner[owner] = (candidates.count(spans_a, indices), candidates.count(spans_b, indices))
    rng = random.Random(0)
    differences = []
    for _ in range(BOOTSTRAP_SAMPLES):
        a, b = Counts(), Counts()
        for owner in rng.choices(owners, k=len(owners)):
            a.add(per_owner[owner][0])
            b.add(per_owner[owner][1])
        differences.append(a.f1 - b.f1)
    differences.sort()
    return (sum(differences) / len(differences), differences[len(differences) // 20],
            differences[len(differences) * 19 // 20], sum(d > 0 for d in differences) / len(differences))


def _line(name: str, counts: Counts) -> str:
    return (f"  {name:36} P {counts.precision or 0:.3f}  R {counts.recall or 0:.3f}  F1 {counts.f1:.3f}  "
            f"tp {counts.tp:3} fp {counts.fp:3} fn {counts.fn:3}  prompts credited {counts.prompts_credited}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tradeoff_attempts", description=__doc__.split("\n")[0])
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    args = parser.parse_args(argv)
    candidates = Candidates(load_documents(DEV, args.corpus_dir))
    everything = list(range(len(candidates.documents)))

    def cue(i):
        return [(line, end, 0.0, 0.0) for line, end in candidates.cues[i]]

    print("trade-offs, DEV split, nested grouped 5-fold CV by owner (parameters chosen on the other folds)")
    print(_line("cue detector alone", candidates.count(cue, everything)))
    classifier = nested(candidates, list(THRESHOLD_GRID), lambda i, t: candidates.unit_spans(
        i, candidates.classifier_probabilities(i), t))
    print(_line("classifier head", classifier))
    union_grid = [(veto, high) for veto in VETO_GRID for high in HIGH_GRID]
    print(_line("union: cue - veto + classifier high", nested(candidates, union_grid,
                                                            lambda i, p: candidates.union_spans(i, *p))))
    shipped_cues = candidates.cues
    with mock.patch.object(reflection_cues, "UNCUED_MIN_STRENGTH", LOWER_UNCUED_BAR):
        candidates.cues = candidates.cue_spans()
    veto_grid = [(veto, HIGH_GRID[-1]) for veto in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)]
    print(_line(f"lower bar {LOWER_UNCUED_BAR:g} + veto", nested(candidates, veto_grid,
                                                          lambda i, p: candidates.union_spans(i, *p))))
    candidates.cues = shipped_cues
    stacked_at = {}
    for l2_value in STACKED_L2:
        probabilities = stacked_probabilities(candidates, l2_value)
        stacked_at[l2_value] = probabilities
        counts = nested(candidates, list(THRESHOLD_GRID),
                        lambda i, t, probabilities=probabilities: candidates.unit_spans(i, probabilities[i], t))
        print(_line(f"stacked head, L2 {l2_value:g}", counts), flush=True)
    shipped_l2, shipped_threshold = CHOSEN.l2_stacked, CHOSEN_THRESHOLDS[ASPECT]
    shipped = stacked_at.get(shipped_l2) or stacked_probabilities(candidates, shipped_l2)
    print(_line(f"shipped: stacked L2 {shipped_l2:g} at {shipped_threshold:g}", candidates.count(
        lambda i: candidates.unit_spans(i, shipped[i], shipped_threshold), everything)))
    print(f"  threshold the pooled out-of-fold probabilities choose: {pooled_threshold(candidates, shipped):g}",
          flush=True)
    print("\nowner bootstrap of F1 minus the cue detector's, at fixed parameters (mean, 5%, 95%, share > 0)")
    fixed = {
        "union veto 0.15, high 0.7": lambda i: candidates.union_spans(i, 0.15, 0.7),
        "stacked L2 10 at 0.5": lambda i: candidates.unit_spans(i, stacked_at[10.0][i], 0.5),
        f"shipped (stacked L2 {shipped_l2:g} at {shipped_threshold:g})":
            lambda i: candidates.unit_spans(i, shipped[i], shipped_threshold),
    }
    for name, spans_of in fixed.items():
        mean, low, high, above = bootstrap(candidates, spans_of, cue)
        print(f"  {name:36} {mean:+.3f}  {low:+.3f}  {high:+.3f}  {above:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
