"""The view model: everything the HTML and Markdown reports show, computed from the result.

Templates only loop and print, so every decision a reader sees (ordering,
grouping, labels, percentages, chart geometry, truncation, which URLs may
become links) is made in plain Python that tests can reach: here for the
report as a whole, in ``repo_view`` for a repository's card, ``findings_view``
for its findings, ``charts`` for the geometry and ``labels`` for the words.
The view holds unescaped text; each renderer escapes for its own format.
"""

from __future__ import annotations

from typing import Optional

from ..records import Result
from ..wording import count_of
from .charts import (CHART_AXIS_HEIGHT, CHART_BAR_HEIGHT, CHART_BAR_WIDTH, CHART_LABEL_CHARS, CHART_LABEL_WIDTH,
                     CHART_PADDING, CHART_ROW_HEIGHT, CHART_VALUE_WIDTH, bar_chart, gauge)
from .formatting import SAFE_URL_SCHEMES, format_score, safe_href, truncate  # noqa: F401 (re-exported)
from .formatting import MAX_TEXT_CHARS, format_number, timestamp_text
from .labels import BAND_LEGEND, EFFORT_LABELS, OUTCOMES, band_label
from .repo_view import repo_sort_key, repo_view_isolated
from .screen_view import gaps, questions, strengths
from .view_model import CategoryView, CountView, Highlights, ImprovementView, ReportView, RuleRow, RulesInCategory

# Who the report is for: the candidate reads advice first; a recruiter reads evidence and caveats first.
AUDIENCES = ("candidate", "recruiter")
DEFAULT_AUDIENCE = "candidate"


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


def person_text(person: object) -> str:
    """Who was taken as the person, and how ("Ada <ada@x> (most frequent committer, 212 of 240 commits)")."""
    if not isinstance(person, dict):
        return "authorship not recorded (a result from an older version)"
    label, decided_by, note = (person.get(key) if isinstance(person.get(key), str) else None
                               for key in ("label", "decided_by", "note"))
    if not label:
        return note or "authorship unknown"
    return f"{label} ({decided_by})" if decided_by else label


def _highlights(result: Result) -> Highlights:
    """Strengths with their evidence, gaps and questions: what the recruiter view leads with."""

    found_gaps = gaps(result)
    return {"strengths": strengths(result), "gaps": found_gaps, "questions": questions(result, found_gaps)}


def build_view(result: Result, audience: str = DEFAULT_AUDIENCE) -> ReportView:
    """The report's view model; a pure function of the result and who reads it (``AUDIENCES``)."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; expected one of {', '.join(AUDIENCES)}")
    category_titles = {c["id"]: c["title"] for c in result["categories"]}
    ordered = sorted(enumerate(result["repos"]), key=repo_sort_key)
    # Anchors come from positions, never from names: names may repeat or hold any character.
    anchors = {index: f"repo-{position + 1}" for position, (index, _) in enumerate(ordered)}
    anchor_by_name: dict = {}
    for index, repo in ordered:
        anchor_by_name.setdefault(repo["name"], anchors[index])
    total_weight = sum(r["weight"] for r in result["repos"] if r["score"] is not None)
    repos = [repo_view_isolated(repo, anchors[index], category_titles, total_weight) for index, repo in ordered]

    improvements: list[ImprovementView] = []
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
                "gain_text": f"+{format_number(item['expected_gain'], 2)}",
                "effort": item["effort"],
                "effort_label": EFFORT_LABELS.get(item["effort"], item["effort"]),
                "advice": truncate(item["advice"], MAX_TEXT_CHARS),
            }
        )

    counts = result["counts"]
    count_rows: list[CountView] = [
        {"key": "scored", "label": "repository scored" if counts["scored"] == 1 else "repositories scored",
         "value": counts["scored"]},
        {"key": "insufficient_evidence", "label": "with insufficient evidence", "value": counts["insufficient_evidence"]},
        {"key": "not_collected", "label": "not collected", "value": counts["not_collected"]},
    ]
    if counts.get("excluded"):
        count_rows.append({"key": "excluded", "label": "excluded by the person", "value": counts["excluded"]})
    owner_text = _owner_text(result.get("owner"))
    source_text = _source_text(result.get("source") or {})
    tool = result["tool"]
    categories: list[CategoryView] = [
        {
            "id": c["id"],
            "title": c["title"],
            "description": c["description"],
            "score_text": format_score(c["score"]),
            "band": c["band"] or "none",
            "band_label": band_label(c["band"]),
            "weight_text": format_number(c["weight"]),
        }
        for c in result["categories"]
    ]
    rules_by_category: list[RulesInCategory] = []
    for category in result["categories"]:
        rules: list[RuleRow] = [
            {"id": r["id"], "title": r["title"], "weight_text": format_number(r["weight"]), "what": r["what"]}
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
        "gauge": gauge(result["score"], result["band"]),
        "counts": count_rows,
        "repo_total": counts["repos"],
        "repo_total_text": count_of(counts["repos"], "repository", "repositories"),
        "categories": categories,
        "category_chart": bar_chart(
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
