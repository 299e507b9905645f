"""Taking part beyond one's own work: guides for outside contributors, and work merged into other projects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ...context import RepoContext
from ...records import PullRequest
from .. import Evidence, Measurement, kind, not_applicable, parameter
from .common import in_order, is_outsider, login_key, owner_login, reference, targets_this_repo

# --- community files ------------------------------------------------------------------
DEFAULT_MIN_OUTSIDE_PEOPLE = 2
# Share of the score per file: a contributing guide tells newcomers the most.
COMMUNITY_FILE_WEIGHTS = (("contributing", 0.5), ("issue_template", 0.3), ("pull_request_template", 0.2))
_COMMUNITY_FILE_PATTERNS = {
    "contributing": re.compile(r"^(\.github/|docs/)?contributing(\.\w+)?$", re.IGNORECASE),
    "issue_template": re.compile(r"^(\.github/|docs/)?issue_template(\.\w+|/.+)$", re.IGNORECASE),
    "pull_request_template": re.compile(r"^(\.github/|docs/)?pull_request_template(\.\w+|/.+)$", re.IGNORECASE),
}
_COMMUNITY_FILE_LABELS = {
    "contributing": "contributing guide",
    "issue_template": "issue template",
    "pull_request_template": "pull request template",
}

# --- contributions -------------------------------------------------------------------
DEFAULT_TARGET_MERGED = 1


# --- community files where outsiders take part ------------------------------------------------

def _outside_people(ctx, owner: str) -> list:
    records = list(ctx.repo.issues.items) + [p for p in ctx.repo.pull_requests.items if targets_this_repo(ctx, p)]
    return sorted({login_key(r.get("author")) for r in records if is_outsider(r, owner)})


def _either(labels: list) -> str:
    """"a, b or c" for advice that names what is missing; "nothing" when the list is empty."""
    if not labels:
        return "nothing"
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"


def _community_file(ctx: RepoContext, name: str) -> Optional[Evidence]:
    for item in ctx.repo.community.items:
        if item.get("name") == name and item.get("present"):
            path = item.get("path")
            return Evidence(path=path, url=item.get("url"), snippet=path or name, note="present")
    pattern = _COMMUNITY_FILE_PATTERNS[name]
    for entry in sorted(ctx.repo.files, key=lambda f: f.path):
        if pattern.match(entry.path):
            return Evidence(path=entry.path, line=None, snippet=entry.path, note="present")
    return None


@dataclass(frozen=True)
class CommunityFileParameters:
    """The parameters of ``community_files``: the neutral defaults; a rule file sets its own values."""

    min_outside_people: int = parameter(DEFAULT_MIN_OUTSIDE_PEOPLE, at_least=1)


@kind("community_files", parameters=CommunityFileParameters)
def community_files(ctx: RepoContext, params: CommunityFileParameters) -> Measurement:
    """Whether a project that outside people take part in tells them how to contribute.

    Applies from ``min_outside_people`` outside authors; the score is the sum of
    COMMUNITY_FILE_WEIGHTS for the files present (contributing guide, issue and pull request templates).
    """
    minimum = params.min_outside_people
    owner = owner_login(ctx)
    outsiders = _outside_people(ctx, owner)
    if len(outsiders) < minimum:
        return not_applicable(
            f"no outside contributors to guide ({len(outsiders)} people outside the project opened issues"
            f" or pull requests; {minimum} needed)"
        )
    score, missing, bad, good = 0.0, [], [], []
    for name, weight in COMMUNITY_FILE_WEIGHTS:
        label = _COMMUNITY_FILE_LABELS[name]
        found = _community_file(ctx, name)
        if found:
            score += weight
            good.append(((-weight, name), found))
        else:
            missing.append(label)
            bad.append(((-weight, name), Evidence(snippet=f"no {label}", note=f"missing {label}", positive=False)))
    return Measurement(
        score=score,
        summary=f"{len(outsiders)} outside people take part; missing: {_either(missing)}",
        evidence=in_order(bad) + in_order(good),
        values={"outside_people": len(outsiders), "missing": _either(missing)},
    )


# --- merged contributions to other people's projects ------------------------------------------

def _is_contribution(ctx: RepoContext, pull: PullRequest, owner: str) -> bool:
    base = (pull.get("base_repo") or "").lower()
    elsewhere = bool(base) and not targets_this_repo(ctx, pull)
    return elsewhere and base.split("/")[0] != owner and login_key(pull.get("author")) == owner


@dataclass(frozen=True)
class MergedContributionParameters:
    """The parameters of ``merged_contributions``: the neutral defaults; a rule file sets its own values."""

    target_merged: int = parameter(DEFAULT_TARGET_MERGED, at_least=1)


@kind("merged_contributions", parameters=MergedContributionParameters)
def merged_contributions(ctx: RepoContext, params: MergedContributionParameters) -> Measurement:
    """Pull requests the owner got merged into other people's projects.

    The score is merged pull requests over ``target_merged``, capped at 1; those still under
    review are not counted either way.
    """
    target = max(1, params.target_merged)
    owner = owner_login(ctx)
    contributions = [p for p in ctx.repo.pull_requests.items if _is_contribution(ctx, p, owner)]
    if not contributions:
        return not_applicable("no pull requests to other people's projects found")
    decided = [p for p in contributions if p.get("merged") or p.get("state") == "closed"]
    if not decided:
        return not_applicable("pull requests to other people's projects are still under review")
    bad, good = [], []
    for pull in decided:
        url = pull.get("url")
        snippet = f"{pull.get('base_repo')}{reference(pull)}"
        if pull.get("merged"):
            when = (pull.get("merged_at") or "")[:10]
            note = f"merged {when}".strip()
            good.append(((pull.get("merged_at") or "", url or ""), Evidence(url=url, snippet=snippet, note=note)))
        else:
            note = "closed without merging"
            rejected = Evidence(url=url, snippet=snippet, note=note, positive=False)
            bad.append(((pull.get("closed_at") or "", url or ""), rejected))
    merged = len(good)
    # Merged work is the finding here, so it leads; rejected attempts follow.
    evidence = in_order(good) + in_order(bad)
    return Measurement(
        score=min(1.0, merged / target),
        summary=f"{merged} of {len(decided)} pull requests to other people's projects were merged",
        evidence=evidence,
        values={"merged_count": merged, "closed_count": len(bad), "target_merged": target},
    )
