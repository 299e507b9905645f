"""Labelled units for the reflection classifier: corpus passages mapped onto the detector's own units.

The corpus labels line ranges (benchmarks/corpus/README.md); the detector reads units
(paragraphs, list items, tables: ``analysis.reflection_features.units_of``). A unit takes the
label of the labelled passage it overlaps most (a positive wins a tie); in a fully labelled
document a unit that overlaps no label is "none" (the reviewer saw it and labelled nothing);
elsewhere it is left out of training, since nobody judged it.

Only the split asked for is read: training and every choice use ``dev``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from portfolio_audit.analysis.markdown import MarkdownDoc, analyze_markdown
from portfolio_audit.analysis.reflection_features import DocumentFeatures, document_features

from .corpus import Corpus, document_text, split_for

LABEL_ASPECT = {"tradeoff": "tradeoffs", "lesson": "lessons", "credit": "collaboration"}
ASPECTS = ("tradeoffs", "lessons", "collaboration")
PROMPT_SUBTYPES = frozenset({"prompt", "template", "placeholder"})


@dataclass
class LabelledDocument:
    """One corpus document, its units' features and the labels the units take."""

    row: dict
    owner: str
    doc: MarkdownDoc
    features: DocumentFeatures
    unit_labels: list  # per unit: "tradeoff", "lesson", "credit", "none" or None (not judged)
    unit_subtypes: list
    passages: list  # the corpus passages of this document

    @property
    def language(self) -> str:
        return self.row.get("language") or "en"


def _overlap(a: tuple, b: tuple) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)


def label_units(units: tuple, passages: list, fully_labelled: bool) -> tuple:
    """(label per unit, subtype per unit) from the labelled passages that overlap each unit."""
    labels, subtypes = [], []
    for unit in units:
        span = (unit.line, unit.end_line)
        best = None
        for passage in passages:
            size = _overlap(span, tuple(passage["lines"]))
            if not size:
                continue
            key = (size, passage["label"] != "none")
            if best is None or key > best[0]:
                best = (key, passage)
        if best is not None:
            labels.append(best[1]["label"])
            subtypes.append(best[1].get("subtype"))
        else:
            labels.append("none" if fully_labelled else None)
            subtypes.append("unlabelled" if fully_labelled else None)
    return labels, subtypes


def load_documents(split: str, corpus_dir: Path, labels_dir: Optional[Path] = None) -> list:
    """Every document of ``split`` with labelled passages, parsed and featurised."""
    corpus = Corpus.load(labels_dir) if labels_dir else Corpus.load()
    part = corpus.in_split(split)
    by_doc: dict = {}
    for passage in part.passages:
        by_doc.setdefault(passage["doc"], []).append(passage)
    documents = []
    for doc_id in sorted(by_doc):
        row = part.documents[doc_id]
        if split_for(row["repo"]) != split:
            continue
        text = document_text(corpus_dir, row)
        if text is None:
            raise SystemExit(f"{doc_id} is not built in {corpus_dir}: run python -m benchmarks.corpus build")
        doc = analyze_markdown(text, row["path"])
        features = document_features(doc)
        labels, subtypes = label_units(features.units, by_doc[doc_id], bool(row.get("fully_labelled")))
        documents.append(LabelledDocument(row, row["repo"].split("/", 1)[0].lower(), doc, features, labels, subtypes,
                                          by_doc[doc_id]))
    return documents


def data_digest(split: str, corpus_dir: Path) -> str:
    """What the training data is: every label of the split and the bytes of every text it labels."""
    corpus = Corpus.load().in_split(split)
    digest = hashlib.sha256()
    for passage in sorted(corpus.passages, key=lambda p: p["id"]):
        digest.update(json.dumps(passage, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for doc_id in sorted({p["doc"] for p in corpus.passages}):
        row = corpus.documents[doc_id]
        digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        text = document_text(corpus_dir, row) or ""
        digest.update(hashlib.sha256(text.encode("utf-8")).digest())
    return digest.hexdigest()[:16]


@dataclass
class Matrix:
    """All judged units of a set of documents, stacked: structural rows and both embeddings."""

    structural: np.ndarray
    text_embedding: np.ndarray
    heading_embedding: np.ndarray
    section_embedding: np.ndarray  # mean of the text embeddings of every unit in the unit's section
    labels: list
    subtypes: list
    groups: list  # owner of each unit's document
    doc_index: list  # index into the documents list


def section_means(features: DocumentFeatures, vectors: np.ndarray) -> np.ndarray:
    """Row per unit: the mean of ``vectors`` over the units of its section."""
    sections = np.array([u.section for u in features.units])
    out = np.zeros_like(vectors)
    for section in np.unique(sections):
        rows = sections == section
        out[rows] = vectors[rows].mean(axis=0)
    return out


def stack(documents: list, embedding=None) -> Matrix:
    """The judged units of ``documents`` as arrays (embedding: reflection_embedding.TokenEmbedding, or None for none)."""
    rows, text_vectors, heading_vectors, section_vectors = [], [], [], []
    labels, subtypes, groups, doc_index = [], [], [], []
    for index, document in enumerate(documents):
        features = document.features
        if not features.units:
            continue
        if embedding is None:  # structural features only: zero-width embedding blocks
            texts = headings = np.zeros((len(features.units), 0))
        else:
            texts = embedding.mean_vectors([u.text for u in features.units])
            headings = embedding.mean_vectors(list(features.headings))
        sections = section_means(features, texts)
        for position, (row, label, subtype) in enumerate(zip(features.rows, document.unit_labels,
                                                              document.unit_subtypes)):
            if label is None:
                continue
            rows.append(row)
            text_vectors.append(texts[position])
            heading_vectors.append(headings[position])
            section_vectors.append(sections[position])
            labels.append(label)
            subtypes.append(subtype)
            groups.append(document.owner)
            doc_index.append(index)
    def block(vectors):
        return np.zeros((len(rows), 0)) if embedding is None else np.array(vectors)

    return Matrix(np.array(rows, dtype=np.float64), block(text_vectors), block(heading_vectors),
                  block(section_vectors), labels, subtypes, groups, doc_index)
