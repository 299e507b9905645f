"""The words a report uses for outcomes, bands, statuses and effort, the same in every view."""

from __future__ import annotations

from typing import Optional

from ..scoring import BANDS, ERROR, FAIL, NOT_APPLICABLE, NOT_ASSESSED, NOT_AVAILABLE, PASS, WARN

# label, icon: the icon repeats the outcome so colour is never the only signal.
OUTCOMES: dict[Optional[str], tuple[str, str]] = {
    PASS: ("Pass", "✓"),
    WARN: ("Needs work", "!"),
    FAIL: ("Fail", "✗"),
    NOT_APPLICABLE: ("Not applicable", "–"),
    NOT_AVAILABLE: ("Not available", "?"),
    NOT_ASSESSED: ("Not assessed", "~"),
    ERROR: ("Rule error", "⚠"),
}
# Failures first: a reader scanning a repository wants what to fix, then what is good.
OUTCOME_ORDER: dict[Optional[str], int] = {FAIL: 0, WARN: 1, PASS: 2, ERROR: 3, NOT_AVAILABLE: 4, NOT_ASSESSED: 5,
                                           NOT_APPLICABLE: 6}
NOT_SCORED_OUTCOMES = (ERROR, NOT_AVAILABLE, NOT_ASSESSED, NOT_APPLICABLE)

BAND_LABELS = {name: name.capitalize() for name, _ in BANDS}
NOT_SCORED_LABEL = "Not scored"
BAND_LEGEND = ", ".join(f"{name} from {floor}" for name, floor in BANDS if floor > 0)

STATUS_LABELS = {
    "scored": "Scored",
    "insufficient_evidence": "Insufficient evidence",
    "not_collected": "Not collected",
    "excluded": "Excluded by the person",
}
EFFORT_LABELS = {"small": "Small effort", "medium": "Medium effort", "large": "Large effort"}


def band_label(band: Optional[str]) -> str:
    """The band as a reader sees it ("Strong", ... or "Not scored")."""
    return BAND_LABELS.get(band, NOT_SCORED_LABEL) if band else NOT_SCORED_LABEL
