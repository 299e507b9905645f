"""How measurements become scores: outcomes, weighted means, repo weights and bands.

All scores are 0-100. A rule's score is its kind's measurement (0-1) times 100.
A category's score is the weighted mean of its rules' scores, a repository's the
weighted mean of its categories' scores (category weights from
rules/categories.yml), and the portfolio's the weighted mean of its
repositories' scores, each repository weighted by how much it says about the
person (``repo_weight``: material, fork, and the person's share of the history). Outcomes that are not scores (not applicable, not
available, not assessed, error) leave every denominator: they never count as zero. A
category may set an ``assessed_floor``: the share of its weight that must be read before
its mean stands on the rules that were read alone (``floored_mean``).
"""

from __future__ import annotations

import math
from typing import Iterable, Optional, overload

PASS, WARN, FAIL = "pass", "warn", "fail"
NOT_APPLICABLE, NOT_AVAILABLE, ERROR = "not_applicable", "not_available", "error"
# The rule applies and the data is there, but the rule cannot read it: its cues are in
# another natural language than the document's. Scoring it would judge the language.
NOT_ASSESSED = "not_assessed"
OUTCOMES = (PASS, WARN, FAIL, NOT_APPLICABLE, NOT_AVAILABLE, NOT_ASSESSED, ERROR)
SCORED_OUTCOMES = (PASS, WARN, FAIL)

# Bands for any 0-100 score, highest first; a score belongs to the first band it reaches.
BANDS = (("strong", 80), ("good", 60), ("fair", 40), ("weak", 0))

# A repository with less material than this (README words + other doc words +
# non-blank source lines) is "insufficient evidence": shown, never scored, so a
# placeholder repo cannot drag a person's score down.
MIN_MATERIAL = 60
# Material at which a repository reaches full weight; below it the weight grows
# logarithmically, so a 5,000-line project counts more than a 60-line one but
# not 80 times more.
FULL_WEIGHT_MATERIAL = 3000
# A fork mostly shows someone else's work: it counts a quarter as much.
FORK_FACTOR = 0.25
# The person's pull requests and reviews in other people's projects count like
# one full repository: often the best evidence of collaboration, never all of it.
PROFILE_WEIGHT = 1.0
# An archived repository is finished work: it still speaks for the person.
ARCHIVED_FACTOR = 1.0


def outcome_for(score: float, pass_at: float, warn_at: float) -> str:
    """Pass, warn or fail for a 0-100 score; a score equal to a threshold reaches it."""
    if score >= pass_at:
        return PASS
    if score >= warn_at:
        return WARN
    return FAIL


@overload
def band_for(score: float) -> str: ...
@overload
def band_for(score: Optional[float]) -> Optional[str]: ...
def band_for(score: Optional[float]) -> Optional[str]:
    """The band ("strong", "good", "fair" or "weak") a 0-100 score falls in; None when nothing was scored."""
    if score is None:
        return None
    for name, floor in BANDS:
        if score >= floor:
            return name
    return BANDS[-1][0]


def weighted_mean(pairs: Iterable[tuple]) -> Optional[float]:
    """Mean of (score, weight) pairs ignoring None scores; None when nothing is scored."""
    total = weight_sum = 0.0
    for score, weight in pairs:
        if score is None or weight <= 0:
            continue
        total += score * weight
        weight_sum += weight
    if weight_sum == 0:
        return None
    return total / weight_sum


def floored_mean(scored: Iterable[tuple], unread_weight: float, assessed_floor: float) -> Optional[float]:
    """The weighted mean of (score, weight) pairs, over at least ``assessed_floor`` of all the weight.

    ``unread_weight`` is the weight of rules that applied but could not read the material (not
    assessed). While the weight that was read is at least ``assessed_floor`` of the read and
    unread weight together, this is the plain weighted mean; below it the denominator is that
    share, so a score resting on a sliver of what applied cannot come out high. None when
    nothing was scored.
    """
    pairs = [(score, weight) for score, weight in scored if score is not None and weight > 0]
    read = sum(weight for _, weight in pairs)
    if read == 0:
        return None
    return sum(score * weight for score, weight in pairs) / floored_weight(read, unread_weight, assessed_floor)


def floored_weight(read_weight: float, unread_weight: float, assessed_floor: float) -> float:
    """The denominator of ``floored_mean``: the weight read, or ``assessed_floor`` of all the weight if more."""
    return max(read_weight, assessed_floor * (read_weight + max(0.0, unread_weight)))


@overload
def round_score(value: float) -> float: ...
@overload
def round_score(value: Optional[float]) -> Optional[float]: ...
def round_score(value: Optional[float]) -> Optional[float]:
    """The score as reported: one decimal, which keeps the JSON readable and byte-identical across platforms."""
    return None if value is None else round(value, 1)


def repo_weight(material: int, is_fork: bool, is_archived: bool, person_share: Optional[float] = None) -> float:
    """How much one repository counts towards the portfolio score (0-1).

    ``person_share`` (authorship.share: the person's part of what the history shows was
    written, 0-1) scales the weight, so a repository where they wrote a tenth counts a
    tenth; None (authorship unknown) leaves the weight as it was.
    """
    if material < MIN_MATERIAL:
        return 0.0
    weight = min(1.0, math.log1p(material) / math.log1p(FULL_WEIGHT_MATERIAL))
    if is_fork:
        weight *= FORK_FACTOR
    if is_archived:
        weight *= ARCHIVED_FACTOR
    if person_share is not None:
        weight *= max(0.0, min(1.0, person_share))
    return round(weight, 3)
