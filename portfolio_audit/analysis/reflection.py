"""Finding reflective writing by what it does: trade-offs, lessons learned and credit to others.

Each passage of a document (paragraph, list item, blockquote, table) is described by what it
does (``reflection_features``: a statement or a question, first person, past or conditional,
a reason, a contrast, a named alternative, a cost, a lesson, a thanks, figures and names,
the heading it sits under and what that heading asks) and by what it means
(optionally mean token vectors, for the words no list holds: the shipped model does without,
see docs/reflection.md). One logistic
classifier per aspect, trained on labelled passages of the corpus's dev split and measured
by cross-validation grouped by author (``benchmarks/train_reflection.py``), turns that into a
probability; its weights are package data (``reflection_model.json``).

Some passages earn nothing whatever the classifier says: placeholders, generator
boilerplate, and passages that only ask questions or only instruct whoever fills a template
in. Every credited passage carries the lines it covers and the reasons it was credited, in
words derived from the features that raised its probability most.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy as np

from . import reflection_cues
from .reflection_cues import HollowCue  # one type for both detectors' hollow headings
from .markdown import MarkdownDoc
from .placeholders import template_path_reason
from .reflection_features import (
    HEADING_TOPICS,
    MIN_UNIT_WORDS,
    STRUCTURAL_FEATURES,
    DocumentFeatures,
    document_features,
    feature_digest,
    heading_word_counts,
    languages_for,
)
from .reflection_lexicon import FEATURES, LEXICON

TRADEOFFS, LESSONS, COLLABORATION = "tradeoffs", "lessons", "collaboration"
ASPECTS = (TRADEOFFS, LESSONS, COLLABORATION)
# Natural languages the detector has words for; others are read with English and the
# language-independent features only (benchmarks/reflection_figures.py reports each).
LANGUAGES = tuple(sorted(LEXICON))

MODEL_FILE = Path(__file__).with_name("reflection_model.json")
MODEL_FORMAT = 1
# A passage reaches full length credit at this many words; a five-word bullet earns less
# than a developed paragraph with the same probability.
FULL_CREDIT_WORDS = 25
SPECIFIC_BONUS = 0.1
MAX_SPECIFIC_BONUS = 0.3
# Reasons shown per credited passage, strongest first.
MAX_REASONS = 4
# A reason is shown when it raised the passage's log-odds by at least this much.
MIN_REASON_LOGIT = 0.25
SNIPPET_CHARS = 300
# Trade-offs are decided by a stacked head (docs/reflection.md, "Trade-offs: the stacked head"):
# a logistic head over the unit's structural features and what the cue detector says of the
# unit (found, its strength, under a cue heading, each cue signal), trained on dev
# (benchmarks/train_reflection.py) and stored in the model file as ``tradeoff_head``. A unit
# whose probability reaches the head's threshold (chosen by nested grouped CV on dev) is credited.
CUE_SIGNALS = tuple(reflection_cues.SIGNALS) + ("says what it would choose instead",)
# Slack in the head's upper bound (TradeoffHead.reachable), in log-odds: rounding is some 1e-15.
REACH_MARGIN = 1e-6
CUE_COLUMNS = ("cue_found", "cue_strength", "cue_heading") + tuple(f"cue_signal: {name}" for name in CUE_SIGNALS)

# How each structural feature reads as a reason, when it raised a passage's probability.
_REASONS = {
    "says_first_singular": "speaks in the first person",
    "says_first_plural": "speaks in the first person",
    "says_past": "tells what happened",
    "says_conditional": "says what would or should have been different",
    "says_condition": "weighs a condition",
    "says_next": "looks ahead to next time",
    "says_cause": "gives a reason",
    "says_contrast": "sets one thing against another",
    "says_comparison": "compares",
    "says_alternative": "names an alternative",
    "says_choice": "states a choice",
    "says_cost": "states a cost",
    "says_limit": "admits a limitation",
    "says_negation": "says what it does not do",
    "says_learn": "draws a lesson",
    "says_difficulty": "names what was hard or went wrong",
    "says_success": "says what worked",
    "says_surprise": "compares with what was expected",
    "says_effort": "says what it took",
    "says_thanks": "thanks someone",
    "says_role": "says who did what",
    "says_origin": "says where it came from",
    "says_agent": "says who made it",
    "attributed": "names who made it",
    "does_credits_named": "credits someone by name",
    "figures": "gives figures",
    "unit_figures": "gives figures",
    "named": "names tools or code",
    "people": "names people",
    "handles": "names people",
    "links": "links to what it credits",
    "profile_links": "links to people",
    "table": "sets options side by side",
    "prev_question": "answers the question before it",
    "heading_question": "answers its heading's question",
    "long": "is developed at length",
    "does_concedes": "concedes a cost",
    "does_reasoned_limit": "gives the reason for a limit",
    "builds_prefers_over": "puts one thing before another",
    "builds_accepts_cost": "accepts a cost",
    "builds_sets_aside": "sets an alternative aside",
    "builds_keeps_scope": "keeps its scope on purpose",
    "builds_names_defect": "names a known defect",
    "heading_weighs": "answers its heading's question",
}
_HEADING_REASON = "under '{heading}'"
_ANCESTOR_REASON = "in a section about {topic}"
_SECTION_REASON = "in a section that {does}"
_TOPIC_NAMES = {
    "topic_reflect": "lessons", "topic_design": "design", "topic_limits": "limitations", "topic_credit": "credits",
    "topic_setup": "setup", "topic_about": "the project", "topic_future": "plans", "topic_licence": "the licence",
    "topic_changes": "changes",
}
_MEANING_REASON = {
    TRADEOFFS: "reads like a trade-off", LESSONS: "reads like a lesson", COLLABORATION: "reads like a credit",
}
_HEADING_MEANING_REASON = "under '{heading}', a heading that reads as {aspect}"
_ASPECT_WORDS = {TRADEOFFS: "design", LESSONS: "lessons", COLLABORATION: "credits"}
# Heading topics that promise each aspect: a heading with these words and nothing real under
# it is a hollow promise (a template's "Lessons learned" left empty).
PROMISES = {TRADEOFFS: ("topic_design", "topic_limits"), LESSONS: ("topic_reflect",), COLLABORATION: ("topic_credit",)}


@dataclass(frozen=True)
class Passage:
    """A passage credited for one aspect: where it is, how strongly, and what it does to earn that."""

    path: str
    line: int
    end_line: int
    aspect: str
    strength: float
    probability: Optional[float]  # the classifier's (for trade-offs, the stacked head's)
    snippet: str
    does: tuple  # what the passage does, in words: "names an alternative", "under 'Why not X?'"
    heading: str  # the heading it sits under, "" in the preamble
    specifics: int  # figures and named things


@dataclass(frozen=True)
class Reflection:
    """What one document holds for every aspect."""

    path: str
    language: str
    passages: dict  # aspect -> tuple of Passage, strongest first
    hollow: dict  # aspect -> tuple of HollowCue


def _vector(values, dimensions: int) -> np.ndarray:
    """An embedding weight vector, zeros when the model does not use that embedding."""
    return np.zeros(dimensions) if values is None else np.asarray(values, dtype=np.float64)


def _embedding_dimensions(data: dict) -> int:
    """The width of the model's embedding weights; 0 for a model of structural features only."""
    for entry in data["aspects"].values():
        for block in ("text", "heading", "section"):
            if entry.get(block) is not None:
                return len(entry[block])
    return 0


class ReflectionModel:
    """The trained classifier: per aspect, weights over structural features and both embeddings.

    Weights are stored in raw feature units (standardisation folded in by the trainer) with
    each feature's training mean, so a passage's reasons are its features' contributions
    relative to an average passage.
    """

    def __init__(self, data: dict, embedding=None):
        """``embedding`` (benchmarks/reflection_embedding.py's TokenEmbedding) only for a model that has
        embedding weights: the experiments of benchmarks.reflection_figures; the shipped model has none."""
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"reflection model format {data.get('format')!r}, expected {MODEL_FORMAT}")
        if tuple(data["structural_features"]) != STRUCTURAL_FEATURES:
            raise ValueError("reflection model was trained on other features; retrain it "
                             "(python -m benchmarks.train_reflection)")
        self.data = data
        self.means = np.asarray(data["structural_means"], dtype=np.float64)
        self.structural = np.array([data["aspects"][a]["structural"] for a in ASPECTS], dtype=np.float64).T
        self.bias = np.array([data["aspects"][a]["bias"] for a in ASPECTS], dtype=np.float64)
        self.thresholds = {a: float(data["aspects"][a]["threshold"]) for a in ASPECTS}
        # The trade-off decision (None in the per-fold models of the benchmarks, which read log-odds only).
        self.tradeoff_head: Optional[TradeoffHead] = None
        if data.get("tradeoff_head") is not None:
            self.tradeoff_head = TradeoffHead(data["tradeoff_head"])
            self.thresholds[TRADEOFFS] = self.tradeoff_head.threshold
        width = _embedding_dimensions(data)
        text = np.array([_vector(data["aspects"][a].get("text"), width) for a in ASPECTS], dtype=np.float64).T
        heading = np.array([_vector(data["aspects"][a].get("heading"), width) for a in ASPECTS], dtype=np.float64).T
        section = np.array([_vector(data["aspects"][a].get("section"), width) for a in ASPECTS], dtype=np.float64).T
        self.uses_embedding = bool(np.any(text) or np.any(heading) or np.any(section))
        self.text_means = np.asarray(data.get("text_means", [0.0] * len(ASPECTS)), dtype=np.float64)
        self.heading_means = np.asarray(data.get("heading_means", [0.0] * len(ASPECTS)), dtype=np.float64)
        self.section_means = np.asarray(data.get("section_means", [0.0] * len(ASPECTS)), dtype=np.float64)
        self._projection = None
        if self.uses_embedding:
            if embedding is None:
                raise ValueError("this reflection model has embedding weights; the audit reads structural "
                                 "models only (python -m benchmarks.train_reflection)")
            # One table of per-token scores: text, heading and section weights side by side.
            self._projection = embedding.project(np.hstack([text, heading, section]))

    def logits(self, features: DocumentFeatures) -> tuple:
        """(log-odds per unit and aspect, structural contributions, text and heading contributions)."""
        count = len(features.units)
        if not count:
            empty = np.zeros((0, len(ASPECTS)))
            return empty, np.zeros((0, len(STRUCTURAL_FEATURES), len(ASPECTS))), empty, empty
        rows = np.array(features.rows, dtype=np.float64)
        centred = rows - self.means
        contributions = centred[:, :, None] * self.structural[None, :, :]
        logits = centred @ self.structural + self.bias + self.means @ self.structural
        text_part = np.zeros((count, len(ASPECTS)))
        heading_part = np.zeros((count, len(ASPECTS)))
        if self._projection is not None:
            width = len(ASPECTS)
            projected = self._projection([u.text for u in features.units] + list(features.headings))
            text_part = projected[:count, :width] - self.text_means
            heading_part = projected[count:, width:2 * width] - self.heading_means
            section_part = _section_means(features, projected[:count, 2 * width:]) - self.section_means
            # What a passage means alone and what its section means both read as "meaning".
            text_part = text_part + section_part
            logits = (logits + text_part + heading_part + self.text_means + self.heading_means
                      + self.section_means)
        return logits, contributions, text_part, heading_part


class TradeoffHead:
    """The stacked trade-off head: weights over structural features and the cue detector's columns (CUE_COLUMNS)."""

    def __init__(self, data: dict):
        if tuple(data["cue_columns"]) != CUE_COLUMNS:
            raise ValueError("the trade-off head was trained on other cue columns; retrain it "
                             "(python -m benchmarks.train_reflection)")
        self.structural = np.asarray(data["structural"], dtype=np.float64)
        self.cue = np.asarray(data["cue"], dtype=np.float64)
        self.bias = float(data["bias"])
        self.threshold = float(data["threshold"])

    def logits(self, rows: np.ndarray, cues: np.ndarray) -> np.ndarray:
        """Log-odds per unit from its structural row and its cue row."""
        return rows @ self.structural + cues @ self.cue + self.bias

    def reachable(self, rows: np.ndarray) -> np.ndarray:
        """Per unit: could some cue row (each column in [0, 1]) bring it to the threshold?

        An upper bound with a margin far above rounding, so a unit it rules out is below the
        threshold whatever the cue detector says of it.
        """
        best = rows @ self.structural + float(self.cue[self.cue > 0].sum()) + self.bias + REACH_MARGIN
        # sigmoid over the whole column; its rounding differs from sigmoid()'s by far less than the margin.
        return 1.0 / (1.0 + np.exp(-np.clip(best, -40.0, 40.0))) >= self.threshold


def unit_cues(features: DocumentFeatures, found: list) -> list:
    """Per unit, the first of the cue detector's passages ``found`` (strongest first) that starts inside it, or None."""
    units = features.units
    starts = [u.line for u in units]
    reach = list(accumulate((u.end_line for u in units), max))
    chosen: list = [None] * len(units)
    for passage in found:
        # Units are in line order: only those starting at or before the passage's line, and
        # reaching it, can hold it.
        k = bisect_right(starts, passage.line) - 1
        while k >= 0 and reach[k] >= passage.line:
            if chosen[k] is None and units[k].end_line >= passage.line:
                chosen[k] = passage
            k -= 1
    return chosen


def cue_rows(features: DocumentFeatures, found: list) -> np.ndarray:
    """Per unit, what the cue detector says of it (CUE_COLUMNS): found, strength, under a cue heading, each signal."""
    rows = np.zeros((len(features.units), len(CUE_COLUMNS)))
    for index, passage in enumerate(unit_cues(features, found)):
        if passage is not None:
            rows[index, :3] = (1.0, min(1.0, passage.strength / reflection_cues.MAX_PASSAGE_STRENGTH),
                               1.0 if passage.heading else 0.0)
            rows[index, 3:] = [1.0 if signal in passage.does else 0.0 for signal in CUE_SIGNALS]
    return rows


def _section_means(features: DocumentFeatures, values: np.ndarray) -> np.ndarray:
    """Row per unit: the mean of ``values`` over the units of its section (one pass, any number of sections)."""
    sections = np.array([u.section for u in features.units])
    _, inverse, counts = np.unique(sections, return_inverse=True, return_counts=True)
    sums = np.zeros((len(counts), values.shape[1]))
    np.add.at(sums, inverse, values)
    return (sums / counts[:, None])[inverse]


@lru_cache(maxsize=1)
def shipped_model() -> ReflectionModel:
    """The model trained by benchmarks/train_reflection.py and shipped beside this module."""
    return ReflectionModel(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, value))))


def passage_strength(probability: float, threshold: float, words: int, specifics: int) -> float:
    """Substance of a credited passage: how far the classifier is past its threshold, how developed, how specific.

    Confidence is the probability's share of the way from the threshold to certainty, so a
    page of passages the classifier barely credits (a list of command descriptions) cannot add
    up to a design discussion. Length counts with a square root: a seven-word bullet earns
    about half of what a developed paragraph does.
    """
    confidence = max(0.0, (probability - threshold) / max(1e-9, 1.0 - threshold))
    length = math.sqrt(min(1.0, words / FULL_CREDIT_WORDS))
    return confidence * (length + min(MAX_SPECIFIC_BONUS, SPECIFIC_BONUS * specifics))


_INDEX = {name: i for i, name in enumerate(STRUCTURAL_FEATURES)}
_SPECIFIC_FEATURES = tuple(_INDEX[name] for name in ("figures", "named", "people"))


def specifics_of(row: tuple) -> int:
    """Figures, named tools and people in a unit, from its feature row (each saturates at 2)."""
    return int(round(2 * sum(row[i] for i in _SPECIFIC_FEATURES)))


def _reasons(aspect_index: int, aspect: str, contributions: np.ndarray, text_part: float, heading_part: float,
             heading: str, sections: bool = False) -> tuple:
    """What a credited passage does, in words, from the features that raised its log-odds most.

    ``sections``: also word what the passage's section does ("in a section that compares"),
    which the trade-off head leans on.
    """
    scored: dict = {}
    for feature_index in np.argsort(-contributions[:, aspect_index], kind="stable")[:12]:
        value = float(contributions[feature_index, aspect_index])
        if value < MIN_REASON_LOGIT:
            break
        name = STRUCTURAL_FEATURES[feature_index]
        phrase: Optional[str]
        if name.startswith("heading_") and heading:
            phrase = _HEADING_REASON.format(heading=heading[:60])
        elif name.startswith("ancestor_"):
            phrase = _ANCESTOR_REASON.format(topic=_TOPIC_NAMES.get(name[len("ancestor_"):], "it"))
        elif sections and name.startswith("section_says_") and name[len("section_"):] in _REASONS:
            phrase = _SECTION_REASON.format(does=_REASONS[name[len("section_"):]])
        else:
            phrase = _REASONS.get(name)
        if phrase:
            scored[phrase] = scored.get(phrase, 0.0) + value
    if text_part >= MIN_REASON_LOGIT:
        scored[_MEANING_REASON[aspect]] = scored.get(_MEANING_REASON[aspect], 0.0) + text_part
    if heading_part >= MIN_REASON_LOGIT and heading:
        phrase = _HEADING_MEANING_REASON.format(heading=heading[:60], aspect=_ASPECT_WORDS[aspect])
        scored[phrase] = scored.get(phrase, 0.0) + heading_part
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
    return tuple(phrase for phrase, _ in ranked[:MAX_REASONS])


def _hollow(doc: MarkdownDoc, features: DocumentFeatures, aspect: str, real_lines: set) -> list:
    """Headings whose words promise ``aspect`` but under which nothing real stands."""
    languages = languages_for(features.language)
    topic_indices = [len(FEATURES) + HEADING_TOPICS.index(t) for t in PROMISES[aspect]]
    found = []
    starts = [u.line for u in features.units]
    code_lines = sorted(c.line for c in doc.code_blocks)
    for section in doc.sections:
        if not section.level:
            continue
        counts = heading_word_counts(section.heading, languages)
        if not any(counts[i] for i in topic_indices):
            continue
        end = section.scope_end
        # Units and code in the heading's scope, found by bisection: a document of ten thousand
        # headings must not cost ten thousand scans.
        first, last = bisect_right(starts, section.line), bisect_right(starts, end)
        units = list(zip(features.units[first:last], features.prompts[first:last]))
        real = [u for u, p in units if p is None and u.line in real_lines]
        if real or bisect_right(code_lines, end) > bisect_right(code_lines, section.line):
            continue
        if units and not any(p for _, p in units) and any(u.words >= MIN_UNIT_WORDS for u, _ in units):
            continue  # text is there, only not credited for this aspect: not a hollow promise
        reason = next((p for _, p in units if p), None) or doc.hollow.get(section.index) or "no text under it"
        found.append(HollowCue(doc.path, section.line, section.heading, reason))
    return found


def creditable(doc: MarkdownDoc, features: DocumentFeatures) -> list:
    """Per unit: may it earn credit at all? Never a prompt, a placeholder, a hollow section or a fragment.

    Nor a short label over the passages after it (``label_over``): they say what it names.
    Nor anything in a template: a document its path calls one ("docs/templates/", "retro-template.md",
    "ISSUE_TEMPLATE/") that still holds a blank or a prompt is written for someone else to fill in,
    and its example answers are the template's. A template filled in completely keeps its credit.
    """
    hollow_sections = doc.hollow
    if template_path_reason(doc.path) and (hollow_sections or any(features.prompts)):
        return [False] * len(features.units)
    return [prompt is None and not label and unit.section not in hollow_sections and unit.words >= MIN_UNIT_WORDS
            for unit, prompt, label in zip(features.units, features.prompts, features.labels)]


def detect(doc: MarkdownDoc, model: Optional[ReflectionModel] = None,
           features: Optional[DocumentFeatures] = None) -> Reflection:
    """Every passage of ``doc`` credited for each aspect, and the headings that promise but hold nothing."""
    model = model or shipped_model()
    features = features or document_features(doc)
    logits, contributions, text_part, heading_part = model.logits(features)
    open_to_credit = creditable(doc, features)
    passages: dict = {aspect: [] for aspect in ASPECTS}
    for row_index, unit in enumerate(features.units):
        if not open_to_credit[row_index]:
            continue
        words = unit.words
        row = features.rows[row_index]
        for aspect_index, aspect in enumerate(ASPECTS):
            if aspect == TRADEOFFS:
                continue  # the stacked head's (_tradeoff_passages)
            probability = sigmoid(float(logits[row_index, aspect_index]))
            if probability < model.thresholds[aspect]:
                continue
            specifics = specifics_of(row)
            heading = features.headings[row_index]
            does = _reasons(aspect_index, aspect, contributions[row_index], float(text_part[row_index, aspect_index]),
                            float(heading_part[row_index, aspect_index]), heading)
            line, shown = features.shown(row_index)
            passages[aspect].append(Passage(
                doc.path, line, unit.end_line, aspect, round(passage_strength(probability, model.thresholds[aspect], words, specifics), 3),
                round(probability, 3), shown[:SNIPPET_CHARS], does, heading, specifics))
    passages[TRADEOFFS] = _tradeoff_passages(doc, model, features, open_to_credit)
    real_lines = {p.line for found in passages.values() for p in found}
    hollow = {aspect: tuple(_hollow(doc, features, aspect, real_lines)) for aspect in ASPECTS if aspect != TRADEOFFS}
    hollow[TRADEOFFS] = tuple(reflection_cues.hollow_cues(doc))
    ordered = {aspect: tuple(sorted(found, key=lambda p: (-p.strength, p.path, p.line)))
               for aspect, found in passages.items()}
    return Reflection(doc.path, features.language, ordered, hollow)


def _tradeoff_passages(doc: MarkdownDoc, model: ReflectionModel, features: DocumentFeatures,
                       open_to_credit: list) -> list:
    """Trade-offs: the units the stacked head credits, with what they do and the cue detector's signals."""
    head = model.tradeoff_head
    if head is None:
        raise ValueError("this reflection model has no trade-off head; retrain it (python -m benchmarks.train_reflection)")
    units = features.units
    if not units:
        return []
    rows = np.array(features.rows, dtype=np.float64)
    # The cue detector is asked only about paragraphs inside units that could be credited: open
    # to credit, and reaching the threshold with the most any cue row could add (every positive
    # cue weight at 1). The others' cue rows cannot change what is credited.
    reachable = head.reachable(rows)
    lines = {line for k, unit in enumerate(units) if open_to_credit[k] and reachable[k]
             for line in range(unit.line, unit.end_line + 1)}
    found = reflection_cues.find_passages(doc, languages_for(features.language), lines=lines)
    cues = unit_cues(features, found)
    logits = head.logits(rows, cue_rows(features, found))
    passages = []
    for k, unit in enumerate(units):
        probability = sigmoid(float(logits[k]))
        if not open_to_credit[k] or probability < head.threshold:
            continue
        row = features.rows[k]
        specifics = specifics_of(row)
        heading = features.headings[k]
        contributions = ((rows[k] - model.means) * head.structural)[:, None]
        does = _reasons(0, TRADEOFFS, contributions, 0.0, 0.0, heading, sections=True)
        if cues[k] is not None:
            signals = _cue_reasons(cues[k])
            # The cue detector's words first, then the head's, as many reasons as any passage shows.
            does = (signals + tuple(reason for reason in does if reason not in signals))[:max(MAX_REASONS, len(signals))]
        line, shown = features.shown(k)
        passages.append(Passage(doc.path, line, unit.end_line, TRADEOFFS,
                                round(passage_strength(probability, head.threshold, unit.words, specifics), 3),
                                round(probability, 3), shown[:SNIPPET_CHARS], does, heading, specifics))
    return passages


def _cue_reasons(passage) -> tuple:
    """What a cue passage does, and the heading that cued it, in the trained detector's words."""
    under = (f"under '{passage.heading[:60]}'",) if passage.heading else ()
    return tuple(passage.does) + under


def find_passages(doc: MarkdownDoc, aspect: str) -> list:
    """Passages of ``doc`` credited for ``aspect``, strongest first."""
    return list(detect(doc).passages[aspect])


def hollow_cues(doc: MarkdownDoc, aspect: str) -> list:
    """Headings that promise ``aspect`` but hold only a placeholder, a prompt or nothing."""
    return list(detect(doc).hollow[aspect])


def model_summary() -> dict:
    """What the shipped model is: its training data's digest, code version and thresholds."""
    data = shipped_model().data
    return {key: data[key] for key in ("feature_digest", "data_digest", "embedding", "trained_with") if key in data}


__all__ = [
    "ASPECTS", "COLLABORATION", "CUE_COLUMNS", "LANGUAGES", "LESSONS", "TRADEOFFS", "HollowCue", "Passage",
    "Reflection", "ReflectionModel", "TradeoffHead", "creditable", "cue_rows", "detect", "feature_digest", "find_passages", "hollow_cues", "model_summary",
    "shipped_model",
]
