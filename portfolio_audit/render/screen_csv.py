"""The screening overview as CSV: one row per candidate, for a spreadsheet or an applicant-tracking import."""

from __future__ import annotations

import csv
import io

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection);
# names and annotations come from candidates' public profiles, so they are defused.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text[:-2] if text.endswith(".0") else text
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render(screening: dict) -> str:
    """One header row and one row per candidate, in the order given; a rank column only when ranked."""
    categories = screening["categories"]
    header = ["handle", "name", "status", "flags"]
    if screening["ranked"]:
        header += ["rank", "rank_caveat"]
    header += [f"{c['id']}_score" for c in categories]
    header += ["repos_with_content", "public_repos", "forks", "threads_with_others", "contributions_elsewhere",
               "languages", "annotations", "collected_at", "error", "tool_version", "rules_digest"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for candidate in screening["candidates"]:
        scores = {c["id"]: c["score"] for c in candidate["categories"]}
        evidence = candidate["evidence"] or {}
        row = [candidate["handle"], candidate["name"], candidate["status"], "; ".join(candidate["flags"])]
        if screening["ranked"]:
            row += [candidate["rank"], screening["rank_caveat"]]
        row += [scores.get(c["id"]) for c in categories]
        row += [evidence.get("repos_with_content"), evidence.get("public_repos"), evidence.get("forks"),
                evidence.get("threads_with_others"), evidence.get("contributions_elsewhere"),
                "; ".join(evidence.get("languages") or []),
                "; ".join(f"{a['repo']}: {a['label']}" for a in candidate["annotations"]),
                candidate["collected_at"], candidate["error"],
                screening["tool"]["version"], screening["tool"]["rules_digest"]]
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()
