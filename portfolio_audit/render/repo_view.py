"""One repository's card in a report: its facts, chart, findings, authorship, files left out, and its place."""

from __future__ import annotations

import math
from typing import Optional, cast

from ..records import AnnotationView, AuthorshipView, Material, RepoResult
from .charts import (MINI_BAR_HEIGHT, MINI_BAR_WIDTH, MINI_LABEL_CHARS, MINI_LABEL_WIDTH, MINI_ROW_HEIGHT,
                     MINI_VALUE_WIDTH, bar_chart)
from .findings_view import finding_groups, not_scored_view
from .formatting import MAX_TEXT_CHARS, format_number, format_score, safe_href, truncate
from .labels import STATUS_LABELS, band_label
from .screen_view import annotation_label
from .view_model import AnnotationCard, AuthorshipLists, ExcludedView, Fact, RepoView

# Data from repositories can be arbitrarily long; these keep one field from
# swamping a card (the JSON keeps everything).
MAX_DESCRIPTION_CHARS = 300
MAX_TOPICS = 12
MAX_SKIPPED_SHOWN = 20
# Files listed under "excluded from scoring" per repository; the rest are counted.
MAX_EXCLUDED_SHOWN = 50
SHORT_SHA_CHARS = 12
# Scored repositories first, then those that were read but not scored, then failures,
# then what the person asked to leave out.
STATUS_ORDER = {"scored": 0, "insufficient_evidence": 1, "not_collected": 2, "excluded": 3}


def _material_facts(material: Optional[Material]) -> list[Fact]:
    if not material:
        return []
    commits = material["commits"]
    facts: list[Fact] = [
        {"label": "README", "value": f"{material['readme_words']:,} words"},
        {"label": "Other docs", "value": f"{material['doc_words']:,} words"},
        {
            "label": "Source",
            "value": f"{material['source_files']:,} file{'s' if material['source_files'] != 1 else ''}, "
            f"{material['source_lines']:,} lines",
        },
        {"label": "Commits", "value": f"{commits:,}" if commits is not None else "not available"},
    ]
    if material["languages"]:
        facts.append({"label": "Languages", "value": ", ".join(material["languages"])})
    return facts


def _annotation_view(annotation: Optional[AnnotationView]) -> Optional[AnnotationCard]:
    if not annotation:
        return None

    return {
        "label": truncate(annotation_label(annotation), MAX_TEXT_CHARS),
        "source": annotation.get("source"),
        "problems": [truncate(p, MAX_TEXT_CHARS) for p in annotation.get("problems") or []],
    }


# A skipped entry whose reason starts with this was read only in part (collect/history.py, local.py).
CUT_PREFIX = "cut:"


def _skipped_text(skipped: list) -> str:
    cut = sum(1 for item in skipped if str(item.get("reason")).startswith(CUT_PREFIX))
    files = len(skipped) - cut
    text = f"{files} file{'s' if files != 1 else ''} skipped (examples, binary, too large, unreadable…)"
    return text + (f"; {cut} cut to the collector's caps" if cut else "")


# Files not credited and others' commits shown per repository; the JSON has up to its own caps.
MAX_AUTHORSHIP_LISTED = 20


def _authorship_text(authorship: Optional[AuthorshipView]) -> Optional[str]:
    if not authorship:
        return None
    if authorship["status"] != "known":
        return f"Authorship unknown: {authorship.get('reason') or 'no history'}; every file and commit is read."
    parts = [f"{authorship['commits_by_person']} of {authorship['commits_total']} commits"
             f" ({format_number(authorship['commit_share'] or 0, 0)}%) by {authorship['person']}"]
    if (line_share := authorship.get("line_share")) is not None:
        parts.append(f"{format_number(line_share, 0)}% of changed lines")
    if (weight_share := authorship.get("weight_share")) is not None:
        parts.append(f"weight scaled to their share, {format_number(weight_share, 0)}%")
    if authorship.get("others_commits_total"):
        parts.append(f"{authorship['others_commits_total']} commits by others not scored")
    if authorship.get("not_credited_total"):
        parts.append(f"{authorship['not_credited_total']} files written by others not credited")
    return "Authorship: " + "; ".join(parts) + "."


def _authorship_lists(authorship: Optional[AuthorshipView]) -> AuthorshipLists:
    if not authorship:
        return {"not_credited": [], "others_commits": [], "more": 0}
    listed = authorship.get("not_credited") or []
    commits = authorship.get("others_commits") or []
    shown_files = listed[:MAX_AUTHORSHIP_LISTED]
    shown_commits = commits[:MAX_AUTHORSHIP_LISTED]
    more = (authorship.get("not_credited_total", 0) - len(shown_files)) + \
        (authorship.get("others_commits_total", 0) - len(shown_commits))
    return {"not_credited": [{"path": f["path"], "reason": truncate(f["reason"], MAX_TEXT_CHARS)} for f in shown_files],
            "others_commits": [{"text": truncate(f"{c['sha']} {c['subject']} ({c['author']})", MAX_TEXT_CHARS)}
                               for c in shown_commits],
            "more": max(0, more)}


# How each origin reads in a report's "excluded from scoring" list.
ORIGIN_LABELS = {
    "vendored": "vendored", "generated": "generated", "scaffold": "generator scaffold", "starter": "starter code",
    "third-party-docs": "third-party docs",
}


def _excluded_view(repo: RepoResult) -> ExcludedView:
    """The files left out of scoring as someone else's work: shown rows, a summary line, how many more."""
    excluded = [item for item in repo.get("excluded") or [] if isinstance(item, dict)]
    counts: dict = {}
    for item in excluded:
        label = ORIGIN_LABELS.get(str(item.get("origin")), str(item.get("origin")))
        counts[label] = counts.get(label, 0) + 1
    breakdown = ", ".join(f"{count} {label}" for label, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    text = (f"{len(excluded)} file{'s' if len(excluded) != 1 else ''} excluded from scoring as someone else's work"
            f" ({breakdown})") if excluded else ""
    return {
        "rows": [{"path": truncate(str(item.get("path")), MAX_TEXT_CHARS),
                  "origin": ORIGIN_LABELS.get(str(item.get("origin")), str(item.get("origin"))),
                  "reason": truncate(str(item.get("reason") or ""), MAX_TEXT_CHARS)}
                 for item in excluded[:MAX_EXCLUDED_SHOWN]],
        "text": text,
        "more": max(0, len(excluded) - MAX_EXCLUDED_SHOWN),
    }


def _repo_view(repo: RepoResult, anchor: str, category_titles: dict, total_weight: float) -> RepoView:
    href = safe_href(repo.get("url"))
    flags = [label for flag, label in (("is_fork", "fork"), ("is_archived", "archived")) if repo.get(flag)]
    share = repo["weight"] / total_weight * 100 if total_weight and repo["score"] is not None else None
    categories = [(c["title"], c["score"], c["band"]) for c in repo["categories"]]
    # What a cap cut (a commit message, the file list) is listed first: it changes what was measured.
    excluded = _excluded_view(repo)
    # A file left out for its origin is listed once, among the excluded.
    excluded_paths = {item.get("path") for item in repo.get("excluded") or [] if isinstance(item, dict)}
    skipped = sorted((s for s in repo.get("skipped_files") or [] if s.get("path") not in excluded_paths),
                     key=lambda item: not str(item.get("reason")).startswith(CUT_PREFIX))
    return {
        "anchor": anchor,
        "name": repo["name"],
        "full_name": repo["full_name"],
        "show_full_name": repo["full_name"] != repo["name"],
        "href": href,
        "url_text": repo.get("url") if repo.get("url") and not href else None,
        "description": truncate(repo.get("description"), MAX_DESCRIPTION_CHARS),
        "topics": list(repo.get("topics") or [])[:MAX_TOPICS],
        "flags": flags,
        "commit": (repo.get("commit_sha") or "")[:SHORT_SHA_CHARS] or None,
        "status": repo["status"],
        "status_label": STATUS_LABELS.get(repo["status"], repo["status"]),
        "status_reason": truncate(repo.get("status_reason"), MAX_TEXT_CHARS),
        "scored": repo["score"] is not None,
        "score_text": format_score(repo["score"]),
        "band": repo["band"] or "none",
        "band_label": band_label(repo["band"]),
        "weight_text": format_number(repo["weight"], 2),
        "share_text": f"{format_number(share, 0)}% of the portfolio score" if share is not None else "not counted",
        "facts": _material_facts(repo.get("material")),
        # A chart of empty tracks says nothing; the status line explains instead.
        "chart": bar_chart(
            categories, MINI_LABEL_WIDTH, MINI_BAR_WIDTH, MINI_VALUE_WIDTH,
            MINI_ROW_HEIGHT, MINI_BAR_HEIGHT, MINI_LABEL_CHARS,
        ) if any(score is not None for _, score, _ in categories) else None,
        "groups": finding_groups(repo, category_titles),
        # Findings of an unscored repository do not count: folded away, still there for the curious.
        "groups_folded": repo["score"] is None,
        "not_scored": not_scored_view(repo),
        "skipped": [{"path": s["path"], "reason": s["reason"]} for s in skipped[:MAX_SKIPPED_SHOWN]],
        "skipped_text": _skipped_text(skipped),
        "skipped_more": max(0, len(skipped) - MAX_SKIPPED_SHOWN),
        "excluded": excluded,
        "annotation": _annotation_view(repo.get("annotation")),
        "authorship_text": truncate(_authorship_text(repo.get("authorship")), MAX_TEXT_CHARS),
        "authorship_lists": _authorship_lists(repo.get("authorship")),
    }


def repo_view_isolated(repo: RepoResult, anchor: str, category_titles: dict, total_weight: float) -> RepoView:
    """``_repo_view``, except that a repository whose data the view cannot show becomes "not collected: error ...".

    One strange value (a number where text belongs, in a hand-edited result) costs that
    repository's card, never the report.
    """
    try:
        return _repo_view(repo, anchor, category_titles, total_weight)
    except Exception as exc:  # noqa: BLE001 - one repository must not cost the report
        name = repo.get("name") if isinstance(repo, dict) else None
        stub = {"kind": "repository", "name": name if isinstance(name, str) else str(name), "status": "not_collected",
                "status_reason": f"error while rendering: {exc.__class__.__name__}: {exc}"[:MAX_TEXT_CHARS],
                "weight": 0.0, "score": None, "band": None, "categories": [], "findings": []}
        stub["full_name"] = stub["name"]
        # A stand-in with the keys a card of a repository that was not collected reads.
        return _repo_view(cast(RepoResult, stub), anchor, category_titles, total_weight)


def repo_sort_key(indexed: tuple) -> tuple:
    """The order of the cards: (position in the result, repository) by status, weight, name."""
    index, repo = indexed
    weight = repo.get("weight")
    # Heaviest scored repositories first: they move the portfolio score most.
    return (STATUS_ORDER.get(repo.get("status"), len(STATUS_ORDER)),
            -weight if isinstance(weight, (int, float)) and math.isfinite(weight) else 0.0,
            str(repo.get("name")).lower(), index)
