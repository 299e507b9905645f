"""Trade-offs by cue words and what a passage does: the cue detector, kept for trade-offs only.

The trained detector (``reflection.py``) reads lessons and credit; for trade-offs this one
was more precise in grouped cross-validation on the corpus's dev split (passage precision
0.63 against 0.34, F1 0.46 against 0.44; docs/reflection.md), so ``reflection.detect``
takes its passages and has the classifier's trade-off head judge them again (a passage
credited for its heading alone) and add what it missed (a construction the head is sure
of). Only the trade-off cues are here.

Headings vary too much to match one keyword ("Why not X?", "Looking back",
"Right / Wrong", "Consequences", an FAQ entry, no heading at all), and a
keyword heading may hold nothing but "TODO". So a passage counts when its text
does the work: names an alternative, gives a reason, admits a limit or a
mistake, says what would change. A matching heading (or a lead-in sentence such
as "here is what I picked up", or an FAQ question) only lowers the bar for the
passages under it. Each passage's strength grows with what it does, its length
and its specificity (figures, named tools), so substance, not vocabulary,
decides the score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import AbstractSet, Optional

from .folded_search import FoldedPattern, lowered_ascii
from .markdown import MarkdownDoc, Paragraph, count_words
from .placeholders import PUFFERY_LIMIT, boilerplate_reason, placeholder_reason, puffery
from .reflection_constructions import CONSTRUCTIONS, performs


# A passage reaches full length credit at this many words; a five-word bullet
# earns a fifth of what a developed paragraph does.
FULL_CREDIT_WORDS = 25
# Passages shorter than this say too little to be a reason.
MIN_PASSAGE_WORDS = 3
# Credit for a passage under a matching heading that shows no signal of its own:
# a bare bullet under "Known limitations" is a limitation, but a thin one.
CUED_BASE = 0.3
# Outside any matching heading, a passage must show this much on its own.
UNCUED_MIN_STRENGTH = 0.8
UNCUED_FACTOR = 0.7
SPECIFIC_BONUS = 0.15
MAX_SPECIFIC_BONUS = 0.3
MAX_PASSAGE_STRENGTH = 1.5
TOC_ENTRY_WORDS = 12
VAGUE_FACTOR = 0.5

_I = re.IGNORECASE

HEADING_CUE = re.compile(
    r"(trade[\s-]?offs?|design (decisions?|choices|notes|rationale|considerations)|decisions?|"
    r"\bwhy\b|alternatives?|rejected|drawbacks?|limitations?|known (issues|bugs|problems)|caveats?|"
    r"consequences|pros\b|cons\b|rationale|considerations|constraints|compromises?|non[- ]goals|"
    r"production[- ]ready|discussion|efficiency|performance considerations|what .* (does not|doesn't|won't) do|"
    ""
    r"compromis|choix|limites|inconvénients|entscheidung|einschränkung|nachteile|alternativen|abwägung|"
    r"decisiones|limitaciones|desventajas|alternativas|decisões|limitações|desvantagens|"
    r"한계|제약|단점|설계|선택|알고리즘|制限|設計|欠点|局限|权衡|设计|"
    r"대안|장단점|트레이드오프|決定|代替案|トレードオフ|デメリット|决策|決策|备选|備選|后果|後果|代价|代價|取舍|取捨|"
    r"решени[ея]|альтернатив|последствия|компромисс|ограничения|недостатки)",
    _I,
)
# A sentence announcing that a list of decisions follows.
LEAD_IN_CUE = re.compile(r"(trade[\s-]?offs?|decisions? (i|we) made|why (i|we) chose|alternatives (i|we) considered|limitations)", _I)

SIGNALS = {
    "names an alternative": (0.5, re.compile(
        r"\b(instead( of)?|rather than|in favou?r of|as opposed to|we considered|i considered|considered (using|\w+ but)|"
        r"alternatives?|chose|chosen|opted (for|to)|went with|decided (to|against|on)|decision|trade[\s-]?offs?|"
        r"at the (cost|expense) of|versus|vs\.?|compared (to|with)|ruled out|rejected|dropped|switched (from|to)|"
        r"stuck with|pros and cons|(the )?(best|only|simplest|cheapest|obvious) (solution|option|way|approach|choice)|"
        r"makes? more sense|over (scalability|performance|simplicity|speed|flexibility|\w+ability)|"
        r"au lieu de|plutôt que|avons choisi|ai choisi|anstatt|stattdessen|entschieden|en lugar de|en vez de|"
        r"elegimos|em vez de|escolhemos)\b|대신|보다|반해|비해|제외|선택|고려|代わりに|選択|而不是|相比|选择|权衡", _I)),
    "gives a reason": (0.4, re.compile(
        r"\b(because|since|so that|in order to|due to|the reason|which means|this means|the cost is|"
        r"for the sake of|as a result|therefore|thus|hence|given that|otherwise|that way|to avoid|"
        r"the downside|the upside|the benefit|(it|this) makes? sense|"
        r"(this|which|that|it) (allows?|allowed|lets?|enabled) (me|us) to|"
        r"makes? (it|this) (easier|harder|simpler|faster|slower)|"
        r"parce que|afin de|weil|damit|porque|ya que|para que)\b|때문|따라서|ため|因为|所以", _I)),
    "admits a limitation": (0.4, re.compile(
        r"\b(limitations?|limited to|does not|doesn't|do not support|don't support|cannot|can't|won't|"
        r"not (yet )?(supported|production[- ]ready|suitable|implemented|handled|thread[- ]safe|optimi[sz]ed|scalable)|"
        r"missing|known (issues?|bugs?)|caveats?|drawbacks?|downsides?|only (works|supports|handles)|"
        r"no (support|tests?|locking|validation|authentication|horizontal scaling)|bottleneck|o\(n[^)]*\)|"
        r"overkill|not scal\w+|impossible|(meant|intended|designed) (only )?(for|as) [^.;]{1,60}?,? not\b|"
        r"not (meant|intended|designed) (for|to)|not for production|(could|can) use some improvement|"
        r"(needs?|could use) (some |more )?(work|improvement)|doesn't scale|breaks? (when|if)|inconvénient|nachteil|einschränkung|desventaja|"
        r"limitaci|limitaç)\b|한계|단점|制限|欠点|局限|缺点", _I)),
    "states a cost": (0.4, re.compile(
        r"\b(costs? (us |me |you )?(an? |one |two |extra |more |some |about |\d)|at the (price|cost) of|"
        r"in exchange for|in return for|(\d+ ?% |times |x )?(slower|more memory|more expensive)|"
        r"en contrepartie|au prix de|auf kosten|a costa de|à custa de)\b", _I)),
}
# Constructions (reflection_constructions.py) that argue a choice by themselves, read in the
# languages the caller names (reflection.detect: English and the document's own), else all:
# what is given up for what ("giving up 200 MB of RAM to draw a frame in 4 ms", "at the cost
# of") is a whole trade-off in one sentence, so it clears the bar outside any cue heading; a
# scope kept on purpose ("non-goal", "by design") weighs like a limitation.
CONSTRUCTION_SIGNALS = {
    "accepts a cost": (UNCUED_MIN_STRENGTH, "accepts_cost"),
    "keeps its scope on purpose": (0.4, "keeps_scope"),
}
_SIGNAL_WEIGHTS = {name: weight for name, (weight, _) in SIGNALS.items()}
_SIGNAL_WEIGHTS.update({name: weight for name, (weight, _) in CONSTRUCTION_SIGNALS.items()})
# A counterfactual ("I'd have used X"): with a choice word it records a design choice.
_WOULD_CHANGE = re.compile(
    r"\b(next time|if i (were to|could|had to|had)|if we (were to|could|had)|i'd|i would|we'd|we would|"
    r"should have|should've|would have|would've|could have|could've|i'll (definitely|need to|try|make sure|use)|"
    r"from now on|do (it|things) differently|(start|begin|started|do it) (again|over)|"
    r"la prochaine fois|nächstes mal|la próxima vez|da próxima vez)\b|다음에는|次回|下次", _I)
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*\s*(%|x\b|×|ms\b|s\b|kb\b|mb\b|gb\b|hours?|days?|weeks?|minutes?|[a-z]+)?", _I)
_NAMED = re.compile(r"(?<=[a-z,;:] )([A-Z][a-zA-Z0-9]+(?:[.\-][A-Za-z0-9]+)*|[A-Za-z]+[A-Z0-9][\w.+#-]*)")
_VAGUE = re.compile(r"\b(a few things|a lot of things|many things|some things|various things|stuff|a lot in)\b", _I)
_QUESTION = re.compile(r"\?\s*$")


@dataclass(frozen=True)
class Passage:
    """A paragraph that weighs a decision or admits a limit, how strongly, and what it does to earn that."""

    path: str
    line: int
    strength: float
    snippet: str
    does: tuple  # what the passage does: "names an alternative", "gives a reason", ...
    heading: str  # the matching heading (or lead-in) it sits under, "" when none
    specifics: int  # figures and named things


@dataclass(frozen=True)
class HollowCue:
    """A heading that promises reflection but holds only a placeholder, a prompt or nothing."""

    path: str
    line: int
    heading: str
    reason: str


def _specifics(paragraph: Paragraph) -> int:
    figures = len([m for m in _NUMBER.finditer(paragraph.text) if not re.fullmatch(r"\d\.?", m.group(0).strip())])
    named = len(_NAMED.findall(paragraph.text)) + len(paragraph.inline_code)
    return figures + named


def _cued_headings(doc: MarkdownDoc) -> dict:
    """Section index -> the heading text that cues trade-offs for it (own heading or an ancestor's)."""
    pattern = HEADING_CUE
    cued: dict = {}
    if doc.title and pattern.search(doc.title) and not doc.sections[0].level and not any(
        s.level == 1 and s.heading == doc.title for s in doc.sections
    ):
        # A front-matter title ("Learning from a year old project") covers the whole document.
        for section in doc.sections:
            cued[section.index] = doc.title
    for section in doc.sections:
        if section.level and pattern.search(section.heading):
            for index in doc.scope(section.index):
                cued.setdefault(index, section.heading)
    return cued


def _pseudo_headings(doc: MarkdownDoc) -> dict:
    """Paragraph line -> cue for passages under an FAQ question or a lead-in sentence.

    "> Is this production-ready?" followed by its answer, or "Here's what I
    picked up:" followed by a list, work like headings for what follows, up to
    the next question or the end of the section.
    """
    heading_pattern = HEADING_CUE
    lead_pattern = LEAD_IN_CUE
    cues: dict = {}
    current = None
    current_section = None
    for paragraph in doc.paragraphs:
        if paragraph.section != current_section:
            current, current_section = None, paragraph.section
        is_question = _QUESTION.search(paragraph.text) and count_words(paragraph.text) <= 20 and (
            paragraph.container == "blockquote" or paragraph.bold_lead
        )
        if is_question:
            current = paragraph.text if heading_pattern.search(paragraph.text) else None
            continue
        # A lead-in introduces what follows ("Here's what I picked up:"); a paragraph
        # that merely mentions "lessons learned" in passing is not one.
        if (paragraph.container != "list_item" and paragraph.text.rstrip().endswith(":")
                and lead_pattern.search(paragraph.text)):
            current = paragraph.text[:80]
            continue
        if current:
            cues[paragraph.line] = current
    return cues


# The same searches, faster over ASCII text (folded_search.py); the answers are the same.
_SIGNALS_FOLDED = {name: FoldedPattern(pattern) for name, (_, pattern) in SIGNALS.items()}
_WOULD_CHANGE_FOLDED = FoldedPattern(_WOULD_CHANGE)


def find_passages(doc: MarkdownDoc, languages: tuple = tuple(sorted(CONSTRUCTIONS)),
                  lines: Optional[AbstractSet[int]] = None) -> list:
    """Passages of ``doc`` that weigh a decision or admit a limit, strongest first.

    ``languages`` are those the constructions are read in; the cue words read every language.
    ``lines``: read only the paragraphs that start on one of them (the rest are not passages);
    each passage is judged by itself, so those found are the same as in the whole document's list.
    """
    cued = _cued_headings(doc)
    pseudo = _pseudo_headings(doc)
    hollow = doc.hollow
    passages = []
    for paragraph in doc.paragraphs:
        if lines is not None and paragraph.line not in lines:
            continue
        if paragraph.section in hollow or paragraph.container == "html":
            continue
        text = paragraph.text
        words = count_words(text)
        if words < MIN_PASSAGE_WORDS or placeholder_reason(text) or boilerplate_reason(text):
            continue
        if len(puffery(text)) >= PUFFERY_LIMIT:
            # Marketing reads like reasoning to a keyword matcher ("the best solution",
            # "instead of wasting time"); praise argues nothing and earns nothing.
            continue
        if paragraph.hrefs and all(href.startswith("#") for href in paragraph.hrefs) and words <= TOC_ENTRY_WORDS:
            continue  # a table-of-contents entry repeats a heading; it says nothing itself
        lowered = lowered_ascii(text)
        does = tuple(name for name, pattern in _SIGNALS_FOLDED.items() if pattern.found(text, lowered))
        does += tuple(name for name, (_, key) in CONSTRUCTION_SIGNALS.items() if performs(key, text, lowered, languages))
        if not does and _WOULD_CHANGE_FOLDED.found(text, lowered) and re.search(r"\b(used?|chose|picked)\b", text, _I):
            # A lesson's counterfactual ("I'd have used X") also records a design choice.
            does = ("says what it would choose instead",)
        signal_strength = sum(_SIGNAL_WEIGHTS.get(name, 0.0) for name in does) or (0.5 if does else 0.0)
        heading = cued.get(paragraph.section) or pseudo.get(paragraph.line) or ""
        if heading:
            strength = CUED_BASE + signal_strength
        else:
            if signal_strength < UNCUED_MIN_STRENGTH:
                continue
            strength = signal_strength * UNCUED_FACTOR
        specifics = _specifics(paragraph)  # counted only for a paragraph still in the running
        if not does and not specifics and heading:
            strength = CUED_BASE * 0.5
        strength = min(MAX_PASSAGE_STRENGTH, strength) * min(1.0, words / FULL_CREDIT_WORDS)
        strength += min(MAX_SPECIFIC_BONUS, SPECIFIC_BONUS * specifics) * (1.0 if does else 0.5)
        if _VAGUE.search(text):
            strength *= VAGUE_FACTOR
        passages.append(
            Passage(doc.path, paragraph.line, round(strength, 3), text, does, heading, specifics)
        )
    passages.sort(key=lambda p: (-p.strength, p.path, p.line))
    return passages


def hollow_cues(doc: MarkdownDoc) -> list:
    """Headings that promise trade-offs but whose content is a placeholder (or nothing)."""
    pattern = HEADING_CUE
    found = []
    for section in doc.sections:
        if not section.level or not pattern.search(section.heading):
            continue
        scope = list(doc.scope(section.index))
        paragraphs = [p for p in doc.paragraphs if p.section in scope]
        real = [p for p in paragraphs if p.section not in doc.hollow and not placeholder_reason(p.text)]
        if not real and not any(doc.code_in(section.index)) and not any(doc.tables_in(section.index)):
            reason = doc.hollow.get(section.index) or "no text under it"
            found.append(HollowCue(doc.path, section.line, section.heading, reason))
    return found
