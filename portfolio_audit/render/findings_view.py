"""A repository's findings as a report shows them: evidence, what the page leaves out, passing rows, groups."""

from __future__ import annotations

from typing import Optional

from ..records import CategoryScore, EvidenceItem, Finding, RepoResult
from ..scoring import PASS, SCORED_OUTCOMES
from .formatting import MAX_TEXT_CHARS, format_number, format_score, safe_href, truncate
from .labels import EFFORT_LABELS, NOT_SCORED_OUTCOMES, OUTCOME_ORDER, OUTCOMES
from .view_model import (EvidenceLink, EvidenceView, FindingGroupView, FindingView, NotScoredGroup, NotScoredView,
                         PassingView)

# Snippets longer than this, or with several lines, are shown as a block.
INLINE_SNIPPET_CHARS = 80
# Evidence items printed under a failing or needs-work finding: two show the pattern. The
# benchmark's 100-repository report (1,281 such findings) is 1.93 MB with two, 2.01 MB with
# three, over its 2 MB target. The JSON report keeps every recorded item, and the page says
# how many it left out and where they are.
MAX_EVIDENCE_SHOWN = 2
# A passing finding's one evidence link names its place, or failing that what it quotes, cut to this.
PASSING_LINK_CHARS = 60
# Where the evidence the page leaves out can be read in full.
JSON_REPORT_HINT = "the JSON report (--format json)"


def _evidence_view(item: EvidenceItem) -> EvidenceView:
    path, line = item.get("path"), item.get("line")
    # Repository-wide evidence (a commit, an issue) has no path: the note says what it is.
    location = f"{path}:{line}" if path and line else path
    url = item.get("url")
    href = safe_href(url)
    snippet = item.get("snippet")
    positive = bool(item.get("positive", True))
    return {
        "location": location,
        "href": href,
        "url_text": url if url and not href else None,
        "snippet": snippet,
        "snippet_is_block": bool(snippet and ("\n" in snippet or len(snippet) > INLINE_SNIPPET_CHARS)),
        "note": item.get("note"),
        "css": "for" if positive else "against",
        "marker_text": "supports" if positive else "counts against",
    }


def _places(count: int) -> str:
    return f"{count} more place{'s' if count != 1 else ''}"


def _evidence_more_text(shown: int, recorded: int, total: int) -> Optional[str]:
    """What the page leaves out: ``recorded`` items are in the JSON, ``total`` were found."""
    in_json, unrecorded = recorded - shown, total - recorded
    if in_json and unrecorded:
        return f"and {_places(in_json + unrecorded)}; {JSON_REPORT_HINT} lists {in_json} of them"
    if in_json:
        return f"and {_places(in_json)}, listed in {JSON_REPORT_HINT}"
    if unrecorded:
        return f"and {_places(unrecorded)} not listed"
    return None


def _finding_view(finding: Finding) -> FindingView:
    outcome = finding["outcome"]
    label = OUTCOMES.get(outcome, (outcome, "?"))[0]
    recorded = finding["evidence"]
    # What counts against the score comes first when only a few items fit: it is what
    # a reader of a failing finding has to see (sorted() is stable, so the kind's order stays).
    shown = sorted(recorded, key=lambda item: bool(item.get("positive", True)))[:MAX_EVIDENCE_SHOWN]
    evidence = [_evidence_view(item) for item in shown]
    # Items about the same place link it once: the next one names the place without the long URL again.
    for previous, item in zip(evidence, evidence[1:]):
        if item["href"] and item["href"] == previous["href"]:
            item["href"] = None
    total = max(finding["evidence_total"], len(recorded))
    gain = finding.get("expected_gain") or 0
    effort_label = EFFORT_LABELS.get(finding["effort"], finding["effort"])
    gain_text = f"+{format_number(gain, 2)} portfolio points if fixed" if gain > 0 else None
    return {
        "rule_id": finding["rule_id"],
        "title": finding["title"],
        "outcome": outcome,
        "outcome_label": label,
        "score_text": format_score(finding["score"]),
        "summary": truncate(finding["summary"], MAX_TEXT_CHARS),
        "evidence": evidence,
        "evidence_more_text": _evidence_more_text(len(evidence), len(recorded), total),
        "advice": truncate(finding["advice"], MAX_TEXT_CHARS),
        "effort_label": effort_label,
        "gain_text": gain_text,
        "advice_meta": " · ".join(part for part in (effort_label, gain_text) if part),
    }


def _best_evidence(evidence: list[EvidenceItem]) -> Optional[EvidenceLink]:
    """The one item a passing row links to: supporting evidence first, then one that can be a link."""
    ranked = sorted(
        evidence,
        key=lambda item: (not item.get("positive", True), safe_href(item.get("url")) is None),
    )
    if not ranked:
        return None
    view = _evidence_view(ranked[0])
    # Repository-wide evidence (a commit) has no place: its quote, or else its note, says what it is.
    text = view["location"] or truncate(view["snippet"] or view["note"], PASSING_LINK_CHARS)
    if not text:
        return None
    return {"text": text, "href": view["href"], "css": "loc" if view["location"] else "note"}


def _passing_view(finding: Finding) -> PassingView:
    """A passing finding as one row: what holds, its score and where to see it (the JSON has the rest)."""
    return {
        "rule_id": finding["rule_id"],
        "title": finding["title"],
        "score_text": format_score(finding["score"]),
        "evidence": _best_evidence(finding["evidence"]),
    }


def finding_groups(repo: RepoResult, category_titles: dict) -> list[FindingGroupView]:
    """Scored findings grouped by category (report order).

    Failures and needs-work findings come first, in full: they are what a reader acts on.
    Passing findings follow as compact rows, folded, because a reader checks them rather
    than reads them, and in full they were most of the page.
    """
    order = [c["id"] for c in repo["categories"]] or list(category_titles)
    caveats = {c["id"]: floor_caveat(c) for c in repo["categories"]}
    groups: list[FindingGroupView] = []
    for category_id in order:
        findings = [f for f in repo["findings"] if f["category"] == category_id and f["outcome"] in SCORED_OUTCOMES]
        if not findings:
            continue
        # sorted() is stable, so rules keep catalogue order within an outcome.
        findings = sorted(findings, key=lambda f: OUTCOME_ORDER.get(f["outcome"], len(OUTCOME_ORDER)))
        passing = [_passing_view(f) for f in findings if f["outcome"] == PASS]
        groups.append(
            {
                "id": category_id,
                "title": category_titles.get(category_id, category_id),
                "findings": [_finding_view(f) for f in findings if f["outcome"] != PASS],
                "passing": passing,
                "passing_label": OUTCOMES[PASS][0],
                "passing_text": f"{len(passing)} rule{'s' if len(passing) != 1 else ''}",
                "tally": _tally_text([f["outcome"] for f in findings]),
                "caveat": caveats.get(category_id),
            }
        )
    return groups


def floor_caveat(category: CategoryScore) -> Optional[str]:
    """The sentence saying why a category's score is averaged over more weight than was read, if it was.

    A result written before categories had a floor has none, and a hand-edited one may hold
    anything there: neither costs the card.
    """
    floor = category.get("floor")
    caveat = floor.get("caveat") if isinstance(floor, dict) else None
    return truncate(caveat, MAX_TEXT_CHARS) if isinstance(caveat, str) and caveat else None


def _tally_text(outcomes: list) -> str:
    counts = [(OUTCOMES[o][0].lower(), outcomes.count(o)) for o in SCORED_OUTCOMES]
    return ", ".join(f"{n} {label}" for label, n in counts if n)


def not_scored_view(repo: RepoResult) -> NotScoredView:
    """Rules that did not score here, grouped by why: the outcome is said once per group, not per rule."""
    findings = [f for f in repo["findings"] if f["outcome"] not in SCORED_OUTCOMES]
    groups: list[NotScoredGroup] = []
    for outcome in NOT_SCORED_OUTCOMES:
        rules = sorted((f for f in findings if f["outcome"] == outcome), key=lambda f: f["rule_id"])
        if not rules:
            continue
        groups.append(
            {
                "outcome": outcome,
                "outcome_label": OUTCOMES[outcome][0],
                "findings": [
                    {"rule_id": f["rule_id"], "title": f["title"], "summary": truncate(f["summary"], MAX_TEXT_CHARS)}
                    for f in rules
                ],
            }
        )
    parts = [f"{len(g['findings'])} {g['outcome_label'].lower()}" for g in groups]
    return {
        "groups": groups,
        "summary": (f"{len(findings)} rule{'s' if len(findings) != 1 else ''} not scored here: " + ", ".join(parts))
        if findings
        else None,
    }
