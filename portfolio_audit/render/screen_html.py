"""The screening report as one self-contained HTML page: an overview table and a section per candidate.

Readable without JavaScript (the table is in the order given); a small inline script makes
the columns sortable where scripts run. The Content-Security-Policy allows exactly that
script, by the SHA-256 hash of its text, and nothing else: no remote content, no other script.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from .html import environment
from .formatting import date_text, format_score, safe_href, timestamp_text
from .labels import STATUS_LABELS, band_label

TEMPLATE = "screen.html.j2"
# The sorting script is a template of its own, included verbatim (it holds no data), so no
# template ever marks text as safe; its hash is taken from exactly what the include renders.
SCRIPT_TEMPLATE = "screen_sort.js.j2"


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    """The page's policy: inline styles, data: images, and the sorting script by its SHA-256 hash only."""
    script = environment().get_template(SCRIPT_TEMPLATE).render()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; "
            "base-uri 'none'; form-action 'none'")


def _number(value) -> str:
    return "" if value is None else str(value)


def _candidate_view(candidate: dict, index: int, ranked: bool) -> dict:
    evidence = candidate["evidence"] or {}
    anchor = f"candidate-{index + 1}"
    public = evidence.get("public_repos")
    return {
        "anchor": anchor,
        "handle": candidate["handle"],
        "name": candidate["name"],
        "failed": candidate["status"] == "failed",
        "error": candidate["error"],
        "flags": candidate["flags"],
        "flags_text": ", ".join(candidate["flags"]) or "none",
        "rank_text": str(candidate["rank"]) if candidate["rank"] else "not ranked",
        "rank_value": _number(candidate["rank"]),
        "score_text": format_score(candidate["score"]),
        "band_label": band_label(candidate["band"]),
        "categories": [{"title": c["title"], "score_text": format_score(c["score"]), "value": _number(c["score"]),
                        "band": c["band"] or "none", "band_label": band_label(c["band"])}
                       for c in candidate["categories"]],
        "content_text": (f"{evidence.get('repos_with_content', 0)} of {public}" if public is not None else "–"),
        "content_value": _number(evidence.get("repos_with_content")),
        "threads_text": _number(evidence.get("threads_with_others")) or "–",
        "elsewhere_text": _number(evidence.get("contributions_elsewhere")) or "not available",
        "elsewhere_value": _number(evidence.get("contributions_elsewhere")),
        "forks_text": _number(evidence.get("forks")) or "–",
        "languages_text": ", ".join(evidence.get("languages") or []) or "–",
        "collected_text": timestamp_text(candidate["collected_at"]) if candidate["collected_at"] else "not collected",
        "collected_iso": candidate["collected_at"] or "",
        # The table's column gives the day; the candidate's section and the tooltip give the time.
        "collected_date_text": date_text(candidate["collected_at"]) if candidate["collected_at"] else "not collected",
        "strengths": candidate["strengths"],
        "gaps": candidate["gaps"],
        "questions": candidate["questions"],
        "annotations": candidate["annotations"],
        "repos": [
            {"name": r["name"], "href": safe_href(r.get("url")), "status": STATUS_LABELS.get(r["status"], r["status"]),
             "score_text": format_score(r["score"]),
             "annotation": next((a["label"] for a in candidate["annotations"] if a["repo"] == r["name"]), None)}
            for r in ((candidate["result"] or {}).get("repos") or [])
        ],
        "ranked": ranked,
    }


def build_screen_view(screening: dict) -> dict:
    """The screening page's view model; a pure function of the screening document."""
    ranked = screening["ranked"]
    tool = screening["tool"]
    candidates = [_candidate_view(c, i, ranked) for i, c in enumerate(screening["candidates"])]
    return {
        "title": f"Candidate screening: {len(candidates)} candidate{'s' if len(candidates) != 1 else ''}",
        "tool_text": f"{tool['name']} {tool['version']}",
        "rules_digest": tool["rules_digest"],
        "schema_version": screening["schema_version"],
        "caveats": screening["caveats"],
        "ranked": ranked,
        "rank_caveat": screening["rank_caveat"],
        "categories": screening["categories"],
        "candidates": candidates,
        "csp": content_security_policy(),
    }


def render(screening: dict) -> str:
    """The screening report: self-contained, escaped, printable, with the caveats on every candidate's page."""
    return environment().get_template(TEMPLATE).render(view=build_screen_view(screening))
