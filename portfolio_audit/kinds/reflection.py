"""Kinds for reflective writing in the README and other docs: trade-offs, lessons learned, credit to others."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..analysis import reflection as reflection_analysis
from ..analysis.language import UNDETERMINED, detect_language
from ..analysis.reflection import ASPECTS, COLLABORATION, detect
from ..wording import count_of
from ..context import RepoContext
from . import Evidence, Measurement, kind, not_assessed, parameter

# Evidence items returned per finding, strongest first.
MAX_PASSAGES_SHOWN = 6
MAX_HOLLOW_SHOWN = 3
DEFAULT_SATURATION = 2.5
SNIPPET_CHARS = 200
_ASPECT_NAMES = {
    "tradeoffs": "trade-offs, decisions or limitations",
    "lessons": "lessons learned or a retrospective",
    "collaboration": "credit to collaborators or sources",
}
# Detection results are kept by the context (and the document cache), one per document, so the
# three reflection rules read each document once.
REFLECTION_ANALYSIS = "reflection"


# Natural languages the detector has words for (analysis/reflection.py declares them as LANGUAGES);
# others are read with English and the language-independent features only, so finding nothing
# in them is not assessed. Text of undetermined language is read too: it is mostly short English.
READ_LANGUAGES = frozenset(getattr(reflection_analysis, "LANGUAGES", ("en", "fr", "de", "es", "pt", "ko", "ja", "zh"))
                           ) | {UNDETERMINED}
# Characters of prose sampled to tell the documents' language: enough to decide, bounded.
LANGUAGE_SAMPLE_CHARS = 20_000


def _prose_language(ctx, documents: list) -> str:
    sample, size = [], 0
    for entry in documents:
        prose = ctx.markdown(entry).prose
        sample.append(prose)
        size += len(prose)
        if size >= LANGUAGE_SAMPLE_CHARS:
            break
    return detect_language("\n".join(sample)[:LANGUAGE_SAMPLE_CHARS]).language


def aspect_score(strengths: list, saturation: float) -> float:
    """Concave in the summed strength: the first real passages matter most, padding adds little.

    ``saturation`` is the summed strength at which the score reaches 1 - 1/e (about 63%). With
    the shipped saturation one developed passage that the classifier is sure of reaches the
    warn threshold, two pass, and a list of vague one-liners does not.
    """
    total = sum(strengths)
    return 1.0 - math.exp(-total / saturation) if total > 0 else 0.0


def document_reflection(ctx, entry):
    """The detector's reading of one document, made once per run (and kept between runs with a cache)."""
    return ctx.document_analysis(REFLECTION_ANALYSIS, entry, lambda: detect(ctx.markdown(entry)))


def credited_passages(ctx, aspect: str) -> tuple:
    """(every passage credited for ``aspect`` in the README and docs, strongest first; hollow headings).

    This is what the rule scores and shows as evidence, and what benchmarks/validity.py
    compares with labelled passages line by line, so the rule and the benchmark cannot drift
    apart: each passage has ``path``, ``line``, ``end_line``, ``strength``, ``does``,
    ``heading`` and ``snippet``.
    """
    passages, hollow = [], []
    for entry in ctx.prose_documents:
        found = document_reflection(ctx, entry)
        passages.extend(found.passages[aspect])
        hollow.extend(found.hollow[aspect])
    passages.sort(key=lambda p: (-p.strength, p.path, p.line))
    return passages, hollow


@dataclass(frozen=True)
class ReflectionParameters:
    """The parameters of ``reflection_passages``: the neutral defaults; a rule file sets its own values."""

    aspect: str = parameter("tradeoffs", choices=ASPECTS)
    saturation: float = parameter(DEFAULT_SATURATION, above=0)
    # The most one credited passage alone can score (1: no limit). A rule whose text says one
    # passage earns a warning sets it below its pass threshold.
    one_passage_cap: float = parameter(1.0, at_least=0, at_most=1)


@kind("reflection_passages", parameters=ReflectionParameters)
def reflection_passages(ctx: RepoContext, params: ReflectionParameters) -> Measurement:
    """How much the README and docs reflect on one ``aspect``: trade-offs, lessons learned or credit to others.

    Passages are found by analysis.reflection (a classifier over what each passage does and
    means); their strengths are mapped through ``aspect_score``.
    """
    aspect = params.aspect
    if aspect not in ASPECTS:
        raise ValueError(f"unknown reflection aspect {aspect!r} (known: {', '.join(ASPECTS)})")
    saturation = params.saturation
    documents = list(ctx.prose_documents)
    searched = ", ".join(entry.path for entry in documents[:5]) or "no README or docs"
    passages, hollow = credited_passages(ctx, aspect)
    total = sum(p.strength for p in passages)
    score = aspect_score([p.strength for p in passages], saturation)
    if len(passages) == 1:
        score = min(score, params.one_passage_cap)
    evidence = []
    for passage in passages[:MAX_PASSAGES_SHOWN]:
        does = "; ".join(passage.does) or "reads as " + _ASPECT_NAMES[aspect]
        lines = f"lines {passage.line}-{passage.end_line}: " if passage.end_line > passage.line else ""
        evidence.append(Evidence(passage.path, passage.line, passage.snippet[:SNIPPET_CHARS], lines + does))
    for cue in hollow[:MAX_HOLLOW_SHOWN]:
        evidence.append(
            Evidence(cue.path, cue.line, cue.heading, f"heading promises {aspect} but holds {cue.reason}", positive=False)
        )
    name = _ASPECT_NAMES[aspect]
    if documents and not passages:
        language = _prose_language(ctx, documents)
        if language not in READ_LANGUAGES:
            # Finding nothing in a language the detector cannot read says nothing about the text.
            return not_assessed(f"{name} not assessed: the README and docs are in '{language}', which the "
                                "reflection cues do not read", tuple(evidence))
    if not documents:
        summary = "no README or other docs to look in"
    elif not passages:
        summary = f"no {name} found in {count_of(len(documents), 'document')}"
        if hollow:
            summary += (f"; {count_of(len(hollow), 'matching heading')} hold{'s' if len(hollow) == 1 else ''} "
                        "only placeholders or prompts")
    else:
        summary = f"{count_of(len(passages), 'passage')} of {name} (substance {total:.1f})"
    if aspect == COLLABORATION and passages:
        hint = "name who did what when others took part"
    elif hollow:
        hint = f"fill in '{hollow[0].heading}' in {hollow[0].path} (it holds {hollow[0].reason})"
    else:
        hint = "add a section to the README or a doc such as docs/DESIGN.md or POSTMORTEM.md"
    return Measurement(
        score=score,
        summary=summary,
        evidence=tuple(evidence),
        values={"passages": len(passages), "searched": searched, "hint": hint},
    )
