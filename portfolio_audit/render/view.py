"""The view model: everything the HTML and Markdown reports show, computed from the result.

Templates only loop and print, so every decision a reader sees (ordering,
grouping, labels, percentages, chart geometry, truncation, which URLs may
become links) is made here, once, in plain Python that tests can reach.
The view holds unescaped text; each renderer escapes for its own format.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any, Optional, cast

from ..records import AnnotationView, AuthorshipView, EvidenceItem, Finding, Material, RepoResult, Result
from ..scoring import BANDS, ERROR, FAIL, NOT_APPLICABLE, NOT_ASSESSED, NOT_AVAILABLE, PASS, SCORED_OUTCOMES, WARN
from ..wording import count_of
from .formatting import SAFE_URL_SCHEMES, format_score, safe_href, truncate  # noqa: F401 (re-exported)
from .screen_view import annotation_label, gaps, questions, strengths

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
# Band floors drawn as guide lines on the bar charts; the lowest band starts at 0.
BAND_GUIDES = tuple(sorted(floor for _, floor in BANDS if floor > 0))
BAND_LEGEND = ", ".join(f"{name} from {floor}" for name, floor in BANDS if floor > 0)

STATUS_LABELS = {
    "scored": "Scored",
    "insufficient_evidence": "Insufficient evidence",
    "not_collected": "Not collected",
    "excluded": "Excluded by the person",
}
# Scored repositories first, then those that were read but not scored, then failures,
# then what the person asked to leave out.
STATUS_ORDER = {"scored": 0, "insufficient_evidence": 1, "not_collected": 2, "excluded": 3}
# Who the report is for: the candidate reads advice first; a recruiter reads evidence and caveats first.
AUDIENCES = ("candidate", "recruiter")
DEFAULT_AUDIENCE = "candidate"
EFFORT_LABELS = {"small": "Small effort", "medium": "Medium effort", "large": "Large effort"}

# Data from repositories can be arbitrarily long; these keep one field from
# swamping a card (the JSON keeps everything).
MAX_DESCRIPTION_CHARS = 300
MAX_TEXT_CHARS = 1200
MAX_TOPICS = 12
MAX_SKIPPED_SHOWN = 20
# Files listed under "excluded from scoring" per repository; the rest are counted.
MAX_EXCLUDED_SHOWN = 50
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
SHORT_SHA_CHARS = 12

# Overall score ring (SVG user units).
GAUGE_SIZE = 150
GAUGE_RADIUS = 60
GAUGE_STROKE = 14
# The "of 100" caption sits below the score inside the ring.
GAUGE_UNIT_OFFSET = 28

# Portfolio category bar chart (SVG user units).
CHART_LABEL_WIDTH = 170
CHART_BAR_WIDTH = 360
CHART_VALUE_WIDTH = 120
CHART_ROW_HEIGHT = 30
CHART_BAR_HEIGHT = 16
CHART_PADDING = 8
CHART_LABEL_CHARS = 24
# Room under the portfolio chart for the band-floor labels.
CHART_AXIS_HEIGHT = 16

# Per-repository mini chart (SVG user units).
MINI_LABEL_WIDTH = 120
MINI_BAR_WIDTH = 150
MINI_VALUE_WIDTH = 40
MINI_ROW_HEIGHT = 18
MINI_BAR_HEIGHT = 10
MINI_LABEL_CHARS = 17


# --- small formatting helpers (the shared ones are in formatting.py) --------------------

def _format_number(value: float, decimals: int = 1) -> str:
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def band_label(band: Optional[str]) -> str:
    """The band as a reader sees it ("Strong", ... or "Not scored")."""
    return BAND_LABELS.get(band, NOT_SCORED_LABEL) if band else NOT_SCORED_LABEL


def _utc_moment(value: str) -> Optional[datetime]:
    """An ISO 8601 time in UTC (naive times as given), or None when unparsable."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(timezone.utc) if moment.tzinfo is not None else moment


def timestamp_text(value: Optional[str]) -> str:
    """An ISO 8601 time as "26 November 2026, 00:56 UTC" (the text itself when unparsable)."""
    if not value:
        return "unknown time"
    moment = _utc_moment(value)
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC" if moment else value


def date_text(value: Optional[str]) -> str:
    """An ISO 8601 time as its UTC day, "26 Nov 2026" (the text itself when unparsable)."""
    if not value:
        return "unknown date"
    moment = _utc_moment(value)
    return f"{moment.day} {moment:%b %Y}" if moment else value


def _owner_text(owner: Optional[dict]) -> Optional[str]:
    if not owner:
        return None
    name, login = owner.get("name"), owner.get("login")
    if name and login and name != login:
        return f"{name} (@{login})"
    if login:
        return f"@{login}"
    return name or None


def _source_text(source: dict) -> str:
    kind = source.get("kind")
    if kind == "github" and source.get("handle"):
        return f"GitHub account {source['handle']}"
    if kind == "local":
        paths = source.get("paths") or []
        return "Local folder" + ("s" if len(paths) != 1 else "") + (": " + ", ".join(paths) if paths else "")
    details = ", ".join(f"{key}: {value}" for key, value in sorted(source.items()) if key != "kind")
    return f"{kind or 'unknown source'}" + (f" ({details})" if details else "")


# --- charts --------------------------------------------------------------------------

def _svg_number(value: float):
    """A coordinate as SVG needs it: 9 rather than 9.0, at most one decimal."""
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def _gauge(score: Optional[float], band: Optional[str]) -> dict:
    circumference = 2 * math.pi * GAUGE_RADIUS
    filled = circumference * (score or 0) / 100
    return {
        "size": GAUGE_SIZE,
        "center": GAUGE_SIZE / 2,
        "unit_y": GAUGE_SIZE / 2 + GAUGE_UNIT_OFFSET,
        "radius": GAUGE_RADIUS,
        "stroke": GAUGE_STROKE,
        "dash": f"{filled:.2f} {circumference:.2f}",
        "band": band or "none",
        "score_text": format_score(score),
        "label": f"Overall score {format_score(score)} out of 100, {band_label(band).lower()}"
        if score is not None
        else "Overall score: not scored",
    }


def _bar_chart(rows: list, label_width: int, bar_width: int, value_width: int,
               row_height: int, bar_height: int, label_chars: int, padding: int = 0,
               axis_height: int = 0) -> dict:
    """Geometry for a horizontal bar chart of (title, score, band) rows."""
    bars = []
    for index, (title, score, band) in enumerate(rows):
        top = padding + index * row_height
        bars.append(
            {
                "label": truncate(title, label_chars),
                "full_label": title,
                "label_y": _svg_number(top + row_height / 2),
                "bar_y": _svg_number(top + (row_height - bar_height) / 2),
                "track_width": bar_width,
                "bar_width": _svg_number(bar_width * (score or 0) / 100),
                "value_x": label_width + bar_width + 8,
                "value_text": (f"{format_score(score)} · {band_label(band).lower()}" if score is not None
                               else NOT_SCORED_LABEL.lower()),
                "short_value_text": format_score(score),
                "band": band or "none",
                "scored": score is not None,
            }
        )
    rows_bottom = padding + row_height * len(rows)
    height = rows_bottom + padding + axis_height
    return {
        "width": label_width + bar_width + value_width,
        "height": height,
        "axis_y": _svg_number(rows_bottom + padding / 2 + axis_height / 2),
        "bar_x": label_width,
        "label_x": label_width - 8,
        "bar_height": bar_height,
        "bars": bars,
        # Every track in one path: a repository card draws one chart, and a report a hundred.
        "track_path": "".join(f"M{label_width} {bar['bar_y']}h{bar_width}v{bar_height}h-{bar_width}z" for bar in bars),
        "guides": [
            {"x": _svg_number(label_width + bar_width * floor / 100), "label": str(floor)} for floor in BAND_GUIDES
        ],
        "guide_top": _svg_number(padding / 2),
        "guide_bottom": _svg_number(rows_bottom + padding / 2),
        "summary": "; ".join(
            f"{bar['full_label']}: {bar['value_text']}" for bar in bars
        ),
    }


# --- findings and repositories -------------------------------------------------------

def _evidence_view(item: EvidenceItem) -> dict:
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


def _finding_view(finding: Finding) -> dict:
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
    gain_text = f"+{_format_number(gain, 2)} portfolio points if fixed" if gain > 0 else None
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


def _best_evidence(evidence: list) -> Optional[dict]:
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


def _passing_view(finding: Finding) -> dict:
    """A passing finding as one row: what holds, its score and where to see it (the JSON has the rest)."""
    return {
        "rule_id": finding["rule_id"],
        "title": finding["title"],
        "score_text": format_score(finding["score"]),
        "evidence": _best_evidence(finding["evidence"]),
    }


def _finding_groups(repo: RepoResult, category_titles: dict) -> list:
    """Scored findings grouped by category (report order).

    Failures and needs-work findings come first, in full: they are what a reader acts on.
    Passing findings follow as compact rows, folded, because a reader checks them rather
    than reads them, and in full they were most of the page.
    """
    order = [c["id"] for c in repo["categories"]] or list(category_titles)
    groups = []
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
            }
        )
    return groups


def _tally_text(outcomes: list) -> str:
    counts = [(OUTCOMES[o][0].lower(), outcomes.count(o)) for o in SCORED_OUTCOMES]
    return ", ".join(f"{n} {label}" for label, n in counts if n)


def _not_scored_view(repo: RepoResult) -> dict:
    """Rules that did not score here, grouped by why: the outcome is said once per group, not per rule."""
    findings = [f for f in repo["findings"] if f["outcome"] not in SCORED_OUTCOMES]
    groups: list[dict[str, Any]] = []
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


def _material_facts(material: Optional[Material]) -> list:
    if not material:
        return []
    commits = material["commits"]
    facts = [
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


def _annotation_view(annotation: Optional[AnnotationView]) -> Optional[dict]:
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


def person_text(person: object) -> str:
    """Who was taken as the person, and how ("Ada <ada@x> (most frequent committer, 212 of 240 commits)")."""
    if not isinstance(person, dict):
        return "authorship not recorded (a result from an older version)"
    label, decided_by, note = (person.get(key) if isinstance(person.get(key), str) else None
                               for key in ("label", "decided_by", "note"))
    if not label:
        return note or "authorship unknown"
    return f"{label} ({decided_by})" if decided_by else label


def _authorship_text(authorship: Optional[AuthorshipView]) -> Optional[str]:
    if not authorship:
        return None
    if authorship["status"] != "known":
        return f"Authorship unknown: {authorship.get('reason') or 'no history'}; every file and commit is read."
    parts = [f"{authorship['commits_by_person']} of {authorship['commits_total']} commits"
             f" ({_format_number(authorship['commit_share'] or 0, 0)}%) by {authorship['person']}"]
    if (line_share := authorship.get("line_share")) is not None:
        parts.append(f"{_format_number(line_share, 0)}% of changed lines")
    if (weight_share := authorship.get("weight_share")) is not None:
        parts.append(f"weight scaled to their share, {_format_number(weight_share, 0)}%")
    if authorship.get("others_commits_total"):
        parts.append(f"{authorship['others_commits_total']} commits by others not scored")
    if authorship.get("not_credited_total"):
        parts.append(f"{authorship['not_credited_total']} files written by others not credited")
    return "Authorship: " + "; ".join(parts) + "."


def _authorship_lists(authorship: Optional[AuthorshipView]) -> dict:
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


def _excluded_view(repo: RepoResult) -> dict:
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


def _repo_view(repo: RepoResult, anchor: str, category_titles: dict, total_weight: float) -> dict:
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
        "weight_text": _format_number(repo["weight"], 2),
        "share_text": f"{_format_number(share, 0)}% of the portfolio score" if share is not None else "not counted",
        "facts": _material_facts(repo.get("material")),
        # A chart of empty tracks says nothing; the status line explains instead.
        "chart": _bar_chart(
            categories, MINI_LABEL_WIDTH, MINI_BAR_WIDTH, MINI_VALUE_WIDTH,
            MINI_ROW_HEIGHT, MINI_BAR_HEIGHT, MINI_LABEL_CHARS,
        ) if any(score is not None for _, score, _ in categories) else None,
        "groups": _finding_groups(repo, category_titles),
        # Findings of an unscored repository do not count: folded away, still there for the curious.
        "groups_folded": repo["score"] is None,
        "not_scored": _not_scored_view(repo),
        "skipped": [{"path": s["path"], "reason": s["reason"]} for s in skipped[:MAX_SKIPPED_SHOWN]],
        "skipped_text": _skipped_text(skipped),
        "skipped_more": max(0, len(skipped) - MAX_SKIPPED_SHOWN),
        "excluded": excluded,
        "annotation": _annotation_view(repo.get("annotation")),
        "authorship_text": truncate(_authorship_text(repo.get("authorship")), MAX_TEXT_CHARS),
        "authorship_lists": _authorship_lists(repo.get("authorship")),
    }


def _repo_view_isolated(repo: RepoResult, anchor: str, category_titles: dict, total_weight: float) -> dict:
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


def _repo_sort_key(indexed: tuple) -> tuple:
    index, repo = indexed
    weight = repo.get("weight")
    # Heaviest scored repositories first: they move the portfolio score most.
    return (STATUS_ORDER.get(repo.get("status"), len(STATUS_ORDER)),
            -weight if isinstance(weight, (int, float)) and math.isfinite(weight) else 0.0,
            str(repo.get("name")).lower(), index)


# --- the whole report ----------------------------------------------------------------

def _highlights(result: Result) -> dict:
    """Strengths with their evidence, gaps and questions: what the recruiter view leads with."""

    found_gaps = gaps(result)
    return {"strengths": strengths(result), "gaps": found_gaps, "questions": questions(result, found_gaps)}


def build_view(result: Result, audience: str = DEFAULT_AUDIENCE) -> dict:
    """The report's view model; a pure function of the result and who reads it (``AUDIENCES``)."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; expected one of {', '.join(AUDIENCES)}")
    category_titles = {c["id"]: c["title"] for c in result["categories"]}
    ordered = sorted(enumerate(result["repos"]), key=_repo_sort_key)
    # Anchors come from positions, never from names: names may repeat or hold any character.
    anchors = {index: f"repo-{position + 1}" for position, (index, _) in enumerate(ordered)}
    anchor_by_name: dict = {}
    for index, repo in ordered:
        anchor_by_name.setdefault(repo["name"], anchors[index])
    total_weight = sum(r["weight"] for r in result["repos"] if r["score"] is not None)
    repos = [_repo_view_isolated(repo, anchors[index], category_titles, total_weight) for index, repo in ordered]

    improvements = []
    for rank, item in enumerate(result["improvements"], start=1):
        label = OUTCOMES.get(item["outcome"], (item["outcome"], "?"))[0]
        improvements.append(
            {
                "rank": rank,
                "repo": item["repo"],
                "repo_anchor": anchor_by_name.get(item["repo"]),
                "rule_id": item["rule_id"],
                "title": item["title"],
                "outcome": item["outcome"],
                "outcome_label": label,
                "score_text": format_score(item["score"]),
                "gain_text": f"+{_format_number(item['expected_gain'], 2)}",
                "effort": item["effort"],
                "effort_label": EFFORT_LABELS.get(item["effort"], item["effort"]),
                "advice": truncate(item["advice"], MAX_TEXT_CHARS),
            }
        )

    counts = result["counts"]
    owner_text = _owner_text(result.get("owner"))
    source_text = _source_text(result.get("source") or {})
    tool = result["tool"]
    categories = [
        {
            "id": c["id"],
            "title": c["title"],
            "description": c["description"],
            "score_text": format_score(c["score"]),
            "band": c["band"] or "none",
            "band_label": band_label(c["band"]),
            "weight_text": _format_number(c["weight"]),
        }
        for c in result["categories"]
    ]
    rules_by_category = []
    for category in result["categories"]:
        rules = [
            {"id": r["id"], "title": r["title"], "weight_text": _format_number(r["weight"]), "what": r["what"]}
            for r in result["rules"]
            if r["category"] == category["id"]
        ]
        if rules:
            rules_by_category.append({"title": category["title"], "rules": rules})

    return {
        "title": f"Portfolio audit: {owner_text or source_text}",
        "subject": owner_text or source_text,
        "owner_text": owner_text,
        "source_text": source_text,
        "person_text": truncate(person_text(result.get("person")), MAX_TEXT_CHARS),
        "collected_at_iso": result.get("collected_at") or "",
        "collected_at_text": timestamp_text(result.get("collected_at")),
        "tool_text": f"{tool['name']} {tool['version']}",
        "rules_digest": tool["rules_digest"],
        "schema_version": result["schema_version"],
        "scored": result["score"] is not None,
        "score_text": format_score(result["score"]),
        "band": result["band"] or "none",
        "band_label": band_label(result["band"]),
        "gauge": _gauge(result["score"], result["band"]),
        "counts": [
            {"key": "scored", "label": "repository scored" if counts["scored"] == 1 else "repositories scored",
             "value": counts["scored"]},
            {"key": "insufficient_evidence", "label": "with insufficient evidence", "value": counts["insufficient_evidence"]},
            {"key": "not_collected", "label": "not collected", "value": counts["not_collected"]},
        ] + ([{"key": "excluded", "label": "excluded by the person", "value": counts["excluded"]}]
             if counts.get("excluded") else []),
        "repo_total": counts["repos"],
        "repo_total_text": count_of(counts["repos"], "repository", "repositories"),
        "categories": categories,
        "category_chart": _bar_chart(
            [(c["title"], c["score"], c["band"]) for c in result["categories"]],
            CHART_LABEL_WIDTH, CHART_BAR_WIDTH, CHART_VALUE_WIDTH,
            CHART_ROW_HEIGHT, CHART_BAR_HEIGHT, CHART_LABEL_CHARS, CHART_PADDING, CHART_AXIS_HEIGHT,
        ),
        "improvements": improvements,
        "caveats": list(result["caveats"]),
        "repos": repos,
        "rules_by_category": rules_by_category,
        "rule_total": len(result["rules"]),
        "rule_total_text": count_of(len(result["rules"]), "rule"),
        "band_legend": BAND_LEGEND,
        "audience": audience,
        "recruiter": audience == "recruiter",
        "annotated": any(repo["annotation"] for repo in repos),
        "highlights": _highlights(result) if audience == "recruiter" else None,
        # The stylesheet draws each outcome's icon before its label, once for the whole page.
        "outcome_icons": [{"outcome": outcome, "icon": icon} for outcome, (_, icon) in OUTCOMES.items()],
    }
