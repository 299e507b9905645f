"""What a reviewer of a candidate reads first: strengths with their evidence, gaps, and interview questions.

Pure functions of one result (the canonical JSON as a dict). Used by the screening report
and by the recruiter view of a single audit, so both say the same things the same way.
Nothing here looks at stars, followers or commit counts, and nothing guesses at the person:
every line points at something they wrote.
"""

from __future__ import annotations

from typing import Optional

from ..records import AnnotationView, Finding, RepoResult, Result
from ..scoring import PASS
from .findings_view import floor_caveat
from .formatting import format_score, safe_href, truncate
from .view_model import Gap, Strength

MAX_STRENGTHS = 5
MAX_GAPS = 4
# A category below this portfolio score is a gap worth a question (the floor of the "good" band).
GAP_BELOW = 60
MAX_QUOTE_CHARS = 240

# One question per weak category, about the repository where the gap shows most. They ask the
# person to explain, because the answer (not the score) is what an interviewer should weigh.
QUESTIONS = {
    "readme": "Pick {repo}: how would you explain what it does, and who it is for, to a new user in one minute?",
    "reflection": "Tell me about a trade-off you made in {repo}: what did you consider, what did you reject, and why?",
    "comments": "Walk me through the trickiest part of the code in {repo}: why is it written the way it is?",
    "commits": "Take a recent change in {repo}: how did you decide what went into each commit, and what would its message need to say?",
    "collaboration": "Tell me about a time someone raised an issue or a pull request on {repo} or a project you use: how did you respond?",
    "responsible-ai": "What are the limits of the data and the model in {repo}, and who could it fail?",
}
DEFAULT_QUESTION = "Tell me about {category} in {repo}: what would you do differently today?"
LITTLE_PUBLIC_WORK_QUESTION = ("Most work is not public: tell me about a project you are proud of, and one decision in it"
                               " you would defend.")


def _scored_repos(result: Result) -> list:
    return [r for r in result.get("repos") or [] if r.get("score") is not None]


# Strengths closer than this are equal: the order then goes by name, the same on every platform.
STRENGTH_DIGITS = 9


def pass_strength(finding: Finding, repo: RepoResult) -> float:
    """How much a passing finding shows: rule weight × score / 100 × the repository's portfolio weight.

    These are the weights the portfolio score uses, so a habit shown fully in a substantial
    repository outranks a bare pass in a small one. The one measure of a strength: the
    screening, the recruiter view and the Action's README section all rank by it.
    """
    score = finding["score"]
    assert score is not None, "a passing finding always has a score (engine.py)"
    return round(finding["weight"] * score / 100 * repo["weight"], STRENGTH_DIGITS)


def ranked_passes(result: Result) -> list:
    """``(strength, repo, finding)`` for every passing finding of a scored repository, strongest first.

    Ties go to the repository's name, then the rule id, so equal inputs give equal output.
    """
    passes = [(pass_strength(finding, repo), repo, finding) for repo in _scored_repos(result)
              for finding in repo["findings"] if finding["outcome"] == PASS]
    passes.sort(key=lambda entry: (-entry[0], entry[1]["name"].lower(), entry[2]["rule_id"]))
    return passes


def strengths(result: Result, limit: int = MAX_STRENGTHS) -> list[Strength]:
    """Passing findings that quote or link the person's own work, one per category first.

    Each strength is ``{repo, rule_id, category, title, quote, location, url, note}``;
    ``url`` is a safe http(s) link or None. In the order of ``ranked_passes``.
    """
    candidates: list[tuple[float, str, str, Strength]] = []
    for strength, repo, finding in ranked_passes(result):
        item = next((e for e in finding["evidence"] if e.get("positive", True) and (e.get("snippet") or e.get("url"))), None)
        if item is None:
            continue
        location = item.get("path")
        if location and item.get("line"):
            location = f"{location}:{item['line']}"
        candidates.append((-strength, repo["name"].lower(), finding["rule_id"], {
            "repo": repo["name"],
            "rule_id": finding["rule_id"],
            "category": finding["category"],
            "title": finding["title"],
            "quote": truncate(item.get("snippet"), MAX_QUOTE_CHARS),
            "location": location,
            "url": safe_href(item.get("url")),
            "note": item.get("note"),
        }))
    chosen: list[tuple[float, str, str, Strength]] = []
    seen_categories = set()
    # First pass: the best strength of each category, so one excellent README does not fill the list.
    for entry in candidates:
        if entry[3]["category"] not in seen_categories:
            seen_categories.add(entry[3]["category"])
            chosen.append(entry)
    chosen += [entry for entry in candidates if entry not in chosen]
    return [entry[3] for entry in sorted(chosen[:limit], key=lambda entry: entry[:3])]


def _weakest_repo(result: Result, category_id: str) -> Optional[RepoResult]:
    """The scored repository with the lowest score in a category, heaviest first on ties."""
    rows = []
    for repo in _scored_repos(result):
        category = next((c for c in repo["categories"] if c["id"] == category_id), None)
        if category and category["score"] is not None:
            rows.append((category["score"], -repo["weight"], repo["name"].lower(), repo))
    return min(rows, key=lambda row: row[:3])[3] if rows else None


def _category_caveat(repo: RepoResult, category_id: str) -> Optional[str]:
    """The floor caveat of a repository's score in a category (findings_view.floor_caveat), if any."""
    category = next((c for c in repo["categories"] if c["id"] == category_id), None)
    return floor_caveat(category) if category else None


def gaps(result: Result, limit: int = MAX_GAPS) -> list[Gap]:
    """Categories scored below the "good" band, weakest first, each with its weakest repository and failing rules."""
    found: list[Gap] = []
    for category in result.get("categories") or []:
        if category["score"] is None or category["score"] >= GAP_BELOW:
            continue
        repo = _weakest_repo(result, category["id"])
        failing = []
        if repo is not None:
            failing = [f["title"] for f in repo["findings"]
                       if f["category"] == category["id"] and f["outcome"] in ("fail", "warn")][:3]
        found.append({
            "category": category["id"],
            "title": category["title"],
            "score": category["score"],
            "score_text": format_score(category["score"]),
            "band": category["band"],
            "repo": repo["name"] if repo else None,
            "failing": failing,
            "caveat": _category_caveat(repo, category["id"]) if repo else None,
        })
    found.sort(key=lambda gap: (gap["score"], gap["category"]))
    return found[:limit]


def questions(result: Result, found_gaps: Optional[list[Gap]] = None) -> list[str]:
    """Interview questions suggested by the gaps; with nothing scored, one question about unseen work."""
    found_gaps = gaps(result) if found_gaps is None else found_gaps
    asked = []
    for gap in found_gaps:
        template = QUESTIONS.get(gap["category"], DEFAULT_QUESTION)
        asked.append(template.format(repo=gap["repo"] or "one of your projects", category=gap["title"].lower()))
    if not _scored_repos(result):
        asked.append(LITTLE_PUBLIC_WORK_QUESTION)
    return asked


def annotation_label(annotation: Optional[AnnotationView]) -> Optional[str]:
    """How an annotation reads beside a score: "Team project — role: built the API"."""
    if not annotation:
        return None
    labels: dict[Optional[str], str] = {"coursework": "Coursework", "team": "Team project",
                                        "maintained-fork": "Fork they maintain", "excluded": "Excluded by the person"}
    parts = [labels.get(annotation.get("project"), "Annotated")]
    if annotation.get("role"):
        parts.append(f"role: {annotation['role']}")
    if note := annotation.get("note"):
        parts.append(note)
    return " — ".join(parts)
