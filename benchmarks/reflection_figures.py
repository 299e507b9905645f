"""How well the reflection detector finds trade-offs, lessons and credit: grouped cross-validation on dev.

    python -m benchmarks.reflection_figures [--corpus-dir DIR] [--search] [--json]
    python -m benchmarks.reflection_figures --split test   # once, at the end: the shipped model on test

Dev figures are out-of-fold: the corpus's dev documents are split into folds by repository
owner, a model is trained on the other folds with the shipped settings
(``train_reflection.CHOSEN``) and judged on the held-out one, so no author's writing is
judged by a model that saw it. Printed per aspect:

- passage level, as benchmarks/validity.py counts it: a labelled passage is found when a
  credited passage overlaps its lines; a credited passage over a passage with another label,
  or over no label in a fully labelled document, is a false positive;
- document level ("this document has a trade-off / lesson / credit passage", the rule scoring
  at least its warn threshold: benchmarks/calibration.py's DETECTION, per aspect);
- the same per document language, and the prompts, templates and placeholders credited (the
  target is none).

``--search`` prints the grid of settings the shipped ones were chosen from. ``--split test``
runs the shipped model, through the rules' own code path, on the test split: read it once.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

from portfolio_audit.analysis.reflection import (
    ReflectionModel, creditable, detect, passage_strength, sigmoid, specifics_of,
)
from portfolio_audit.rules import load_catalogue

from .corpus import DEFAULT_CORPUS_DIR, DEV, TEST
from .reflection_data import ASPECTS, LABEL_ASPECT, PROMPT_SUBTYPES, load_documents, stack
from .reflection_embedding import shared_embedding
from .train_reflection import (
    CHOSEN, CHOSEN_THRESHOLDS, FOLDS, Settings, _uses_embedding, fit_stacked, labelled_stacked, stacked_rows, train,
)

ASPECT_LABEL = {aspect: label for label, aspect in LABEL_ASPECT.items()}
ASPECT_RULE = {aspect: f"reflection/{aspect}" for aspect in ASPECTS}
THRESHOLD_GRID = tuple(round(0.05 * i, 2) for i in range(2, 20))
THRESHOLD_TOLERANCE = 0.005


def fold_of_owners(documents: list, folds: int = FOLDS) -> dict:
    """Owner -> fold: owners in order of labelled units (ties by a hash), each to the lightest fold."""
    sizes: dict = defaultdict(int)
    for document in documents:
        sizes[document.owner] += sum(1 for label in document.unit_labels if label is not None)
    order = sorted(sizes, key=lambda o: (-sizes[o], hashlib.sha256(o.encode()).hexdigest()))
    loads = [0] * folds
    assignment = {}
    for owner in order:
        target = min(range(folds), key=lambda f: (loads[f], f))
        assignment[owner] = target
        loads[target] += sizes[owner]
    return assignment


def out_of_fold_logits(documents: list, settings: Settings, folds: int = FOLDS) -> list:
    """Per document, the log-odds of every unit from the model that never saw its author."""
    embedding = shared_embedding() if _uses_embedding(settings) else None
    matrix = stack(documents, embedding)
    assignment = fold_of_owners(documents, folds)
    row_fold = np.array([assignment[g] for g in matrix.groups])
    logits: list = [None] * len(documents)
    for fold in range(folds):
        rows = np.flatnonzero(row_fold != fold)
        model = ReflectionModel(train(matrix, settings, rows), embedding)
        for index, document in enumerate(documents):
            if assignment[document.owner] == fold:
                logits[index] = model.logits(document.features)[0]
    return logits


def out_of_fold_stacked_logits(documents: list, settings: Settings, folds: int = FOLDS) -> list:
    """Per document, the stacked trade-off head's log-odds of every unit, from a head that never saw its author."""
    assignment = fold_of_owners(documents, folds)
    full = [stacked_rows(d) for d in documents]
    x, y, document_of_row = labelled_stacked(documents, full)
    fold_of_row = np.array([assignment[documents[i].owner] for i in document_of_row], dtype=int)
    logits: list = [None] * len(documents)
    for fold in range(folds):
        train_rows = fold_of_row != fold
        beta = fit_stacked(x[train_rows], y[train_rows], settings)
        for index, document in enumerate(documents):
            if assignment[document.owner] == fold:
                logits[index] = full[index] @ beta[:-1] + beta[-1]
    return logits


def with_stacked_tradeoffs(documents: list, logits: list, settings: Settings) -> list:
    """The out-of-fold log-odds with the trade-off column replaced by the stacked head's: what detect() decides by."""
    stacked = out_of_fold_stacked_logits(documents, settings)
    replaced = []
    for doc_logits, doc_stacked in zip(logits, stacked):
        doc_logits = np.array(doc_logits, dtype=np.float64, copy=True)
        if len(doc_logits):
            doc_logits[:, ASPECTS.index("tradeoffs")] = doc_stacked
        replaced.append(doc_logits)
    return replaced


@dataclass
class Counts:
    """Passage-level agreement: precision over fully labelled documents, recall there and everywhere."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    all_tp: int = 0  # recall over every document with labels, fully labelled or not
    all_fn: int = 0
    prompts_credited: int = 0
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)

    def add(self, other: "Counts") -> None:
        for name in ("tp", "fp", "fn", "all_tp", "all_fn", "prompts_credited"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses
        self.false_positives += other.false_positives

    @property
    def precision(self) -> Optional[float]:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def recall_all(self) -> Optional[float]:
        return self.all_tp / (self.all_tp + self.all_fn) if self.all_tp + self.all_fn else None

    @property
    def f1(self) -> float:
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocumentCounts:
    """Document-level detection: does the rule reach its warn threshold where a passage is labelled?"""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)

    def add(self, other: "DocumentCounts") -> None:
        for name in ("tp", "fp", "fn", "tn"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses
        self.false_positives += other.false_positives

    @property
    def precision(self) -> Optional[float]:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def credited_spans(document, logits: np.ndarray, thresholds: dict) -> dict:
    """aspect -> [(line, end_line, probability, strength)] a model with these log-odds credits."""
    allowed = creditable(document.doc, document.features)
    spans = {aspect: [] for aspect in ASPECTS}
    for index, unit in enumerate(document.features.units):
        if not allowed[index]:
            continue
        for aspect_index, aspect in enumerate(ASPECTS):
            probability = sigmoid(float(logits[index, aspect_index]))
            if probability >= thresholds[aspect]:
                strength = passage_strength(probability, thresholds[aspect], unit.words,
                                            specifics_of(document.features.rows[index]))
                # The lines a credit shows: the answer, without a prompt on the line above it.
                spans[aspect].append((document.features.shown(index)[0], unit.end_line, probability, strength))
    return spans


def passage_counts(document, spans: list, aspect: str) -> Counts:
    """Agreement on one document for one aspect, counted as benchmarks/validity.py counts it."""
    counts = Counts()
    label = ASPECT_LABEL[aspect]
    full = bool(document.row.get("fully_labelled"))
    for passage in document.passages:
        lines = tuple(passage["lines"])
        hit = any(_overlaps(lines, span[:2]) for span in spans)
        positive = passage["label"] == label
        if positive:
            counts.all_tp += hit
            counts.all_fn += not hit
        if not full:
            continue
        if positive and hit:
            counts.tp += 1
        elif positive:
            counts.fn += 1
            counts.misses.append(_detail(document, passage))
        elif hit:
            counts.fp += 1
            counts.false_positives.append(_detail(document, passage))
            if passage["label"] == "none" and passage.get("subtype") in PROMPT_SUBTYPES:
                counts.prompts_credited += 1
    if full:
        for span in spans:
            if not any(_overlaps(span[:2], tuple(p["lines"])) for p in document.passages):
                counts.fp += 1
                counts.false_positives.append({"id": "(unlabelled)", "doc": document.row["doc"],
                                               "lines": list(span[:2]), "label": "-", "subtype": "-",
                                               "language": document.language})
    return counts


def _detail(document, passage: dict) -> dict:
    return {"id": passage["id"], "doc": passage["doc"], "lines": passage["lines"], "label": passage["label"],
            "subtype": passage.get("subtype"), "language": document.language}


@dataclass(frozen=True)
class RuleScoring:
    """What the reflection rules do with passage strengths: their saturation and warn threshold."""

    saturation: dict
    warn_at: dict

    @classmethod
    def shipped(cls) -> "RuleScoring":
        # The catalogue first: it registers every kind; importing one kind module before it
        # would leave the registry holding that kind alone.
        catalogue = load_catalogue()

        rules = {aspect: catalogue.rule(ASPECT_RULE[aspect]) for aspect in ASPECTS}
        return cls({a: r.params.saturation for a, r in rules.items()},
                   {a: r.warn_at for a, r in rules.items()})

    def detected(self, aspect: str, strengths: list) -> bool:
        from portfolio_audit.kinds.reflection import aspect_score

        return 100.0 * aspect_score(strengths, self.saturation[aspect]) >= self.warn_at[aspect]


def document_counts(document, spans: list, aspect: str, scoring: RuleScoring) -> DocumentCounts:
    counts = DocumentCounts()
    label = ASPECT_LABEL[aspect]
    truth = any(p["label"] == label for p in document.passages)
    if not truth and not document.row.get("fully_labelled"):
        return counts  # nobody said this document has none
    detected = scoring.detected(aspect, [s[3] for s in spans])
    item = {"doc": document.row["doc"], "language": document.language, "path": document.row["path"]}
    if truth and detected:
        counts.tp += 1
    elif truth:
        counts.fn += 1
        counts.misses.append(item)
    elif detected:
        counts.fp += 1
        counts.false_positives.append(item)
    else:
        counts.tn += 1
    return counts


@dataclass
class Figures:
    passages: dict  # aspect -> Counts
    documents: dict  # aspect -> DocumentCounts
    by_language: dict  # language -> aspect -> (Counts, DocumentCounts)
    thresholds: dict


def figures(documents: list, spans_by_document: list, scoring: RuleScoring, thresholds: dict) -> Figures:
    passages = {aspect: Counts() for aspect in ASPECTS}
    docs = {aspect: DocumentCounts() for aspect in ASPECTS}
    by_language: dict = {}
    for document, spans in zip(documents, spans_by_document):
        language = by_language.setdefault(document.language, {a: (Counts(), DocumentCounts()) for a in ASPECTS})
        for aspect in ASPECTS:
            counts = passage_counts(document, spans[aspect], aspect)
            detection = document_counts(document, spans[aspect], aspect, scoring)
            passages[aspect].add(counts)
            docs[aspect].add(detection)
            language[aspect][0].add(counts)
            language[aspect][1].add(detection)
    return Figures(passages, docs, by_language, thresholds)


def best_thresholds(documents: list, logits: list) -> dict:
    """Per aspect, a threshold with the best passage-level F1 on the pooled out-of-fold predictions.

    The F1 curve is read as the mean of each grid point and its neighbours, so that one
    lucky point of a flat, noisy curve does not decide; where that curve is flat, the highest
    threshold within THRESHOLD_TOLERANCE of the best is taken: a credited passage is a claim
    about a person, so where F1 cannot tell two thresholds apart the stricter one is kept.
    """
    chosen = {}
    for aspect in ASPECTS:
        scores = {}
        for threshold in THRESHOLD_GRID:
            total = Counts()
            for document, doc_logits in zip(documents, logits):
                spans = credited_spans(document, doc_logits, {a: threshold for a in ASPECTS})[aspect]
                total.add(passage_counts(document, spans, aspect))
            scores[threshold] = total.f1
        grid = list(THRESHOLD_GRID)
        smoothed = {t: sum(scores[u] for u in grid[max(0, i - 1):i + 2]) / len(grid[max(0, i - 1):i + 2])
                    for i, t in enumerate(grid)}
        best = max(smoothed.values())
        chosen[aspect] = max(t for t, f1 in smoothed.items() if f1 >= best - THRESHOLD_TOLERANCE)
    return chosen


def cross_validated(documents: list, settings: Settings, thresholds: Optional[dict] = None) -> Figures:
    logits = with_stacked_tradeoffs(documents, out_of_fold_logits(documents, settings), settings)
    thresholds = thresholds or best_thresholds(documents, logits)
    spans = [credited_spans(d, l, thresholds) for d, l in zip(documents, logits)]
    return figures(documents, spans, RuleScoring.shipped(), thresholds)


# --- report --------------------------------------------------------------------------------


def _ratio(value: Optional[float]) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def render(result: Figures, title: str) -> str:
    lines = [title, "  thresholds: " + ", ".join(f"{a} {t:.2f}" for a, t in result.thresholds.items()), "",
             "  passage level (fully labelled documents; recall-all over every labelled document)",
             f"  {'aspect':14} {'P':>6} {'R':>6} {'F1':>6} {'R-all':>6}   tp  fp  fn  prompts credited"]
    for aspect in ASPECTS:
        c = result.passages[aspect]
        lines.append(f"  {aspect:14} {_ratio(c.precision):>6} {_ratio(c.recall):>6} {c.f1:6.3f} "
                     f"{_ratio(c.recall_all):>6}  {c.tp:3} {c.fp:3} {c.fn:3}  {c.prompts_credited}")
    total = Counts()
    for c in result.passages.values():
        total.add(c)
    lines.append(f"  {'reflection':14} {_ratio(total.precision):>6} {_ratio(total.recall):>6} {total.f1:6.3f} "
                 f"{_ratio(total.recall_all):>6}  {total.tp:3} {total.fp:3} {total.fn:3}  {total.prompts_credited}")
    lines += ["", "  document level (the rule reaches its warn threshold where a passage of the aspect is labelled)",
              f"  {'aspect':14} {'P':>6} {'R':>6}   tp  fp  fn  tn"]
    for aspect in ASPECTS:
        d = result.documents[aspect]
        lines.append(f"  {aspect:14} {_ratio(d.precision):>6} {_ratio(d.recall):>6}  {d.tp:3} {d.fp:3} {d.fn:3} {d.tn:3}")
    lines += ["", "  per language: passage P/R (tp fp fn) | document P/R, per aspect"]
    for language in sorted(result.by_language, key=lambda l: (-sum(c.tp + c.fn + c.fp for c, _ in result.by_language[l].values()), l)):
        cells = []
        for aspect in ASPECTS:
            c, d = result.by_language[language][aspect]
            cells.append(f"{aspect[:5]} {_ratio(c.precision)}/{_ratio(c.recall)} ({c.tp} {c.fp} {c.fn}) | "
                         f"{_ratio(d.precision)}/{_ratio(d.recall)}")
        lines.append(f"  {language:4} " + "  ".join(cells))
    return "\n".join(lines)


def details(result: Figures, limit: int = 40) -> str:
    lines = []
    for aspect in ASPECTS:
        c = result.passages[aspect]
        lines.append(f"{aspect}: missed")
        lines += [f"  {m['id']} {m['doc']} {m['lines']} {m['language']} {m.get('subtype')}" for m in c.misses[:limit]]
        lines.append(f"{aspect}: false positives")
        lines += [f"  {m['id']} {m['doc']} {m['lines']} {m['language']} {m['label']}/{m.get('subtype')}"
                  for m in c.false_positives[:limit]]
    return "\n".join(lines)


def as_json(result: Figures) -> dict:
    return {
        "thresholds": result.thresholds,
        "passages": {a: {"precision": c.precision, "recall": c.recall, "recall_all": c.recall_all, "tp": c.tp,
                         "fp": c.fp, "fn": c.fn, "prompts_credited": c.prompts_credited}
                     for a, c in result.passages.items()},
        "documents": {a: {"precision": d.precision, "recall": d.recall, "tp": d.tp, "fp": d.fp, "fn": d.fn, "tn": d.tn}
                      for a, d in result.documents.items()},
        "by_language": {lang: {a: {"passage_precision": c.precision, "passage_recall": c.recall,
                                   "document_precision": d.precision, "document_recall": d.recall}
                               for a, (c, d) in aspects.items()} for lang, aspects in result.by_language.items()},
    }


SEARCH_GRID = (
    Settings(use_text_embedding=False),
    Settings(),
    Settings(l2_structural=1.0),
    Settings(l2_structural=10.0),
    Settings(l2_embedding=0.3),
    Settings(l2_embedding=3.0),
    Settings(use_section_embedding=True),
    Settings(use_heading_embedding=True),
    Settings(balance=0.0),
    Settings(balance=1.0),
    Settings(document_cap=0),
    Settings(document_cap=20),
    Settings(document_cap=80),
)


def search(documents: list) -> str:
    lines = ["settings search (grouped 5-fold CV on dev; F1 per aspect at its best threshold)"]
    for settings in SEARCH_GRID:
        result = cross_validated(documents, settings)
        total = Counts()
        for counts in result.passages.values():
            total.add(counts)
        cells = "  ".join(f"{a[:5]} {result.passages[a].f1:.3f}@{result.thresholds[a]:.2f}" for a in ASPECTS)
        lines.append(f"  {settings}: {cells}  all {total.f1:.3f}, prompts credited {total.prompts_credited}")
        print(lines[-1], file=sys.stderr, flush=True)
    return "\n".join(lines)


def shipped_on(split: str, corpus_dir: Path) -> Figures:
    """The shipped model through detect(), as the rules run it, on ``split``."""
    documents = load_documents(split, corpus_dir)
    spans = []
    for document in documents:
        found = detect(document.doc, features=document.features)
        spans.append({a: [(p.line, p.end_line, p.probability, p.strength) for p in found.passages[a]] for a in ASPECTS})
    from portfolio_audit.analysis.reflection import shipped_model

    return figures(documents, spans, RuleScoring.shipped(), shipped_model().thresholds)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reflection_figures", description=__doc__.split("\n")[0])
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--split", choices=(DEV, TEST), default=DEV,
                        help="dev: grouped cross-validation; test: the shipped model, read once at the end")
    parser.add_argument("--search", action="store_true", help="print the settings grid the shipped ones came from")
    parser.add_argument("--details", action="store_true", help="list the misses and false positives (dev only)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.split == TEST:
        result = shipped_on(TEST, args.corpus_dir)
        print(json.dumps(as_json(result), indent=1) if args.json else render(result, "TEST split, shipped model"))
        return 0
    documents = load_documents(DEV, args.corpus_dir)
    if args.search:
        print(search(documents))
        return 0
    result = cross_validated(documents, CHOSEN, CHOSEN_THRESHOLDS)
    print(json.dumps(as_json(result), indent=1) if args.json else render(result, "DEV split, grouped 5-fold CV by owner"))
    if args.details:
        print(details(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
