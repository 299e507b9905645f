"""Train the reflection classifier on the corpus's dev split and write its weights as package data.

    python -m benchmarks.train_reflection [--corpus-dir DIR] [--output FILE] [--check]

Reads only the dev split (``Corpus.in_split("dev")``). Every choice — the regularisation of
each block of features, how much a positive weighs, the threshold of each aspect — was made
by cross-validation within dev, folds grouped by repository owner
(``python -m benchmarks.reflection_figures --search`` prints that search; the chosen values
are ``CHOSEN`` below). The same inputs give byte-identical weights: Newton's method from
zero, fixed iteration bounds, sorted inputs and rounded output. ``--check`` retrains and
fails when the shipped file differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from portfolio_audit import __version__
from portfolio_audit.analysis import reflection as R
from portfolio_audit.analysis.reflection_features import (
    STRUCTURAL_FEATURES, TRADEOFF_ONLY_FEATURES, feature_digest, languages_for,
)

from .corpus import DEFAULT_CORPUS_DIR, DEV
from .reflection_embedding import DIMENSIONS, PACKAGE, PACKAGE_VERSION, WEIGHTS_FILE
from .reflection_data import ASPECTS, LABEL_ASPECT, Matrix, data_digest, load_documents, stack

ASPECT_LABEL = {aspect: label for label, aspect in LABEL_ASPECT.items()}
NEWTON_ITERATIONS = 60
NEWTON_TOLERANCE = 1e-9
# Significant digits kept in the weights file: far below any effect on a decision, and the
# same on every machine for the same inputs.
SIGNIFICANT_DIGITS = 6
FOLDS = 5


@dataclass(frozen=True)
class Settings:
    """What training may vary; every value was chosen by grouped cross-validation on dev."""

    l2_structural: float = 3.0
    l2_embedding: float = 1.0
    # The passage embedding added 0.014 F1 in cross-validation (docs/reflection.md), within
    # the noise of 86 owners, for four more run-time packages: the shipped model does without.
    use_text_embedding: bool = False
    use_heading_embedding: bool = False
    use_section_embedding: bool = False
    # Positives are rare (one unit in ten); they are weighed up towards balance by this power
    # of the class ratio (0: no reweighting, 1: fully balanced).
    balance: float = 0.5
    # The stacked trade-off head (structural features + the cue detector's columns): its L2,
    # chosen by nested grouped CV on dev (python -m benchmarks.tradeoff_attempts).
    l2_stacked: float = 10.0
    # One document is one author's way of writing: past this many units of one label in it, its
    # units of that label share this much weight (a donor list of 165 names is one list, not
    # 165 credits; a 500-paragraph manual is one manual). 0: every unit weighs the same. Chosen
    # by grouped CV on dev (0, 20, 40, 80: credit F1 0.548, 0.570, 0.567, 0.549; lessons 0.604,
    # 0.608, 0.614, 0.608); capping the positives only was worse (credit 0.551 at 40).
    document_cap: int = 40


CHOSEN = Settings()
# Per-aspect probability thresholds chosen on the pooled out-of-fold predictions of CHOSEN
# (reflection_figures.best_thresholds: best passage F1, the lowest within 0.005 of it). The
# trade-off one is the stacked head's, chosen by benchmarks.tradeoff_attempts the same way.
CHOSEN_THRESHOLDS = {"tradeoffs": 0.45, "lessons": 0.55, "collaboration": 0.60}
TRADEOFF_LABEL = "tradeoff"


def fit_logistic(x: np.ndarray, y: np.ndarray, weights: np.ndarray, l2: np.ndarray) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method; the last column of ``x`` is the bias."""
    beta = np.zeros(x.shape[1])
    for _ in range(NEWTON_ITERATIONS):
        z = np.clip(x @ beta, -40, 40)
        p = 1.0 / (1.0 + np.exp(-z))
        gradient = x.T @ (weights * (p - y)) + l2 * beta
        curvature = weights * p * (1.0 - p)
        hessian = (x * curvature[:, None]).T @ x + np.diag(l2 + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < NEWTON_TOLERANCE:
            break
    return beta


def _design(matrix: Matrix, settings: Settings, rows=None) -> tuple:
    blocks = [matrix.structural]
    if settings.use_text_embedding:
        blocks.append(matrix.text_embedding)
    if settings.use_heading_embedding:
        blocks.append(matrix.heading_embedding)
    if settings.use_section_embedding:
        blocks.append(matrix.section_embedding)
    x = np.hstack(blocks)
    return x if rows is None else x[rows]


_TRADEOFF_ONLY = frozenset(STRUCTURAL_FEATURES.index(name) for name in TRADEOFF_ONLY_FEATURES)


def _columns_for(aspect: str, width: int) -> np.ndarray:
    """Design-matrix columns one aspect's head is fitted on: all but the other aspects' own features."""
    if aspect == "tradeoffs":
        return np.arange(width)
    return np.array([i for i in range(width) if i not in _TRADEOFF_ONLY])


def train(matrix: Matrix, settings: Settings, rows=None, thresholds=None) -> dict:
    """Model data (the weights file's content) trained on ``rows`` of ``matrix`` (all by default)."""
    x = _design(matrix, settings, rows)
    labels = np.array(matrix.labels)[rows] if rows is not None else np.array(matrix.labels)
    # Structural features are already on [0, 1]: left unscaled, a rare feature needs many
    # examples to earn a large weight (standardising gave a feature seen twice a weight of 13).
    # Each embedding block is centred and scaled by one number, so its dimensions keep their
    # relative sizes.
    structural_count = matrix.structural.shape[1]
    mean = x.mean(axis=0)
    mean[:structural_count] = 0.0
    scale = np.ones(x.shape[1])
    for start in range(structural_count, x.shape[1], DIMENSIONS):
        block = x[:, start:start + DIMENSIONS] - mean[start:start + DIMENSIONS]
        scale[start:start + DIMENSIONS] = max(1e-9, float(np.sqrt(np.mean(np.sum(block ** 2, axis=1)))))
    standard = np.hstack([(x - mean) / scale, np.ones((x.shape[0], 1))])
    l2 = np.full(standard.shape[1], settings.l2_embedding)
    l2[:structural_count] = settings.l2_structural
    l2[-1] = 0.0
    doc_index = np.array(matrix.doc_index)[rows] if rows is not None else np.array(matrix.doc_index)
    capped = document_weights(doc_index, labels, settings.document_cap)
    aspects = {}
    for aspect in ASPECTS:
        y = (labels == ASPECT_LABEL[aspect]).astype(np.float64)
        positives = max(1.0, y.sum())
        ratio = (len(y) - positives) / positives
        sample_weights = np.where(y > 0, ratio ** settings.balance, 1.0) * capped
        # Features of the trade-off head alone are left out of the other heads' fits (weight 0).
        used = _columns_for(aspect, standard.shape[1])
        beta = np.zeros(standard.shape[1])
        beta[used] = fit_logistic(standard[:, used], y, sample_weights, l2[used])
        raw = beta[:-1] / scale
        bias = beta[-1] - float(np.sum(beta[:-1] * mean / scale))
        entry = {"structural": raw[:structural_count], "bias": bias, "threshold": (thresholds or CHOSEN_THRESHOLDS)[aspect]}
        offset = structural_count
        if settings.use_text_embedding:
            entry["text"] = raw[offset:offset + DIMENSIONS]
            offset += DIMENSIONS
        if settings.use_heading_embedding:
            entry["heading"] = raw[offset:offset + DIMENSIONS]
            offset += DIMENSIONS
        if settings.use_section_embedding:
            entry["section"] = raw[offset:offset + DIMENSIONS]
        aspects[aspect] = entry
    means = {}
    for block in ("text", "heading", "section"):
        vectors = getattr(matrix, f"{block}_embedding")
        vectors = vectors if rows is None else vectors[rows]
        means[block] = [float(np.mean(vectors @ aspects[a][block])) if block in aspects[a] else 0.0 for a in ASPECTS]
    structural_rows = matrix.structural if rows is None else matrix.structural[rows]
    return {
        "format": R.MODEL_FORMAT,
        "structural_features": list(STRUCTURAL_FEATURES),
        "structural_means": structural_rows.mean(axis=0),
        "aspects": aspects,
        "text_means": means["text"],
        "heading_means": means["heading"],
        "section_means": means["section"],
    }


def document_weights(doc_index: np.ndarray, labels: np.ndarray, cap: int) -> np.ndarray:
    """Per unit: 1, or cap / n where its document holds n > cap units of its label (``cap`` 0: all 1)."""
    if not cap or not len(labels):
        return np.ones(len(labels))
    keys = [(int(d), str(label)) for d, label in zip(doc_index, labels)]
    counts = Counter(keys)
    return np.array([min(1.0, cap / counts[key]) for key in keys])


def stacked_rows(document) -> np.ndarray:
    """One document's design rows for the stacked trade-off head: structural features, then R.cue_rows."""
    features = document.features
    found = R.reflection_cues.find_passages(document.doc, languages_for(features.language))
    structural = np.array(features.rows, dtype=np.float64).reshape(len(features.units), len(STRUCTURAL_FEATURES))
    return np.hstack([structural, R.cue_rows(features, found)])


def fit_stacked(x: np.ndarray, y: np.ndarray, settings: Settings) -> np.ndarray:
    """The stacked trade-off head on rows ``x`` (unscaled: every column is on [0, 1]); the last value is the bias."""
    design = np.hstack([x, np.ones((x.shape[0], 1))])
    positives = max(1.0, float(y.sum()))
    ratio = (len(y) - positives) / positives
    weights = np.where(y > 0, ratio ** settings.balance, 1.0)
    l2 = np.full(design.shape[1], settings.l2_stacked)
    l2[-1] = 0.0
    return fit_logistic(design, y, weights, l2)


def labelled_stacked(documents: list, full: list) -> tuple:
    """(rows, labels, index of each row's document) of the judged units, for fit_stacked."""
    rows, labels, owners = [], [], []
    for i, document in enumerate(documents):
        for k, label in enumerate(document.unit_labels):
            if label is not None:
                rows.append(full[i][k])
                labels.append(1.0 if label == TRADEOFF_LABEL else 0.0)
                owners.append(i)
    width = len(STRUCTURAL_FEATURES) + len(R.CUE_COLUMNS)
    return np.array(rows).reshape(len(rows), width), np.array(labels), np.array(owners, dtype=int)


def tradeoff_head(documents: list, settings: Settings, threshold: float) -> dict:
    """The stacked trade-off head's entry in the model file, trained on every judged unit of ``documents``."""
    x, y, _ = labelled_stacked(documents, [stacked_rows(d) for d in documents])
    beta = fit_stacked(x, y, settings)
    width = len(STRUCTURAL_FEATURES)
    return {"cue_columns": list(R.CUE_COLUMNS), "structural": beta[:width], "cue": beta[width:-1],
            "bias": beta[-1], "threshold": threshold}


def _round(value):
    if isinstance(value, dict):
        return {key: _round(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_round(item) for item in value]
    if isinstance(value, (float, np.floating)):
        rounded = float(f"{float(value):.{SIGNIFICANT_DIGITS}g}")
        return 0.0 if rounded == 0 else rounded
    return value


def _source_digest() -> str:
    """A digest of the training and feature code, recorded so a weights file names its maker."""
    here = Path(__file__).resolve().parent
    analysis = Path(R.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in (here / "train_reflection.py", here / "reflection_data.py", analysis / "reflection_features.py",
                 analysis / "reflection_lexicon.py", analysis / "reflection_constructions.py",
                 analysis / "reflection_cues.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_file_text(data: dict, corpus_dir: Path, settings: Settings) -> str:
    data = dict(data)
    data["feature_digest"] = feature_digest()
    data["data_digest"] = data_digest(DEV, corpus_dir)
    data["embedding"] = f"{PACKAGE} {PACKAGE_VERSION} {WEIGHTS_FILE}" if _uses_embedding(settings) else None
    data["trained_with"] = {"split": DEV, "portfolio_audit": __version__, "code_digest": _source_digest(),
                            "settings": vars(settings)}
    return json.dumps(_round(data), sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n"


def _uses_embedding(settings: Settings) -> bool:
    return settings.use_text_embedding or settings.use_heading_embedding or settings.use_section_embedding


def build(corpus_dir: Path, settings: Settings = CHOSEN) -> str:
    if _uses_embedding(settings):
        raise ValueError("the audit reads structural models only; an embedding is for the experiments "
                         "of benchmarks.reflection_figures --search")
    documents = load_documents(DEV, corpus_dir)
    matrix = stack(documents)
    data = train(matrix, settings)
    data["tradeoff_head"] = tradeoff_head(documents, settings, CHOSEN_THRESHOLDS["tradeoffs"])
    return model_file_text(data, corpus_dir, settings)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.train_reflection", description=__doc__.split("\n")[0])
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    parser.add_argument("--output", type=Path, default=R.MODEL_FILE)
    parser.add_argument("--check", action="store_true", help="fail when the shipped weights differ from a retrain")
    args = parser.parse_args(argv)
    text = build(args.corpus_dir)
    if args.check:
        same = args.output.is_file() and args.output.read_text(encoding="utf-8") == text
        print(f"{args.output}: {'identical to a retrain' if same else 'DIFFERS from a retrain'}", file=sys.stderr)
        return 0 if same else 1
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text):,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
