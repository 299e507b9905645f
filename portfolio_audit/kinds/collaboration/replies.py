"""How the project answers other people: replies to their issues and pull requests, explained closes, discussions."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping, Optional, cast

from ...analysis.commits import SHORT_SHA_CHARS
from ...context import RepoContext
from ...records import Comment, Issue
from .. import Measurement, kind, not_applicable, parameter
from .common import (HOURS_PER_DAY, about, format_hours, hours_between, is_bot, is_maintainer, is_outsider, login_key,
                     owner_login, parse_time, ranked_evidence, targets_this_repo)

# --- responses ---------------------------------------------------------------------
DEFAULT_TARGET_RESPONSE_HOURS = 48  # two days: a reply within a weekend counts as prompt
DEFAULT_SLOW_RESPONSE_HOURS = 30 * HOURS_PER_DAY  # a month: the reporter has moved on
# Items younger than this and still open have not been ignored yet, just not reached.
DEFAULT_GRACE_HOURS = 72
# Answering at all matters more than answering fast.
ANSWERED_SHARE_WEIGHT = 0.7
RESPONSE_SPEED_WEIGHT = 0.3

# --- closing -----------------------------------------------------------------------
# A maintainer comment this long before closing (or any time after) explains the close.
DEFAULT_CLOSING_WINDOW_HOURS = 72

# --- discussions -------------------------------------------------------------------
DISCUSSION_ANSWER_ACCEPTED = 1.0
DISCUSSION_REPLIED = 0.75
DISCUSSION_IGNORED = 0.0


def _first_maintainer_reply(item: Mapping[str, Any], owner: str) -> Optional[Comment]:
    replies = list(item.get("comments") or ()) + list(item.get("review_comments") or ())
    author = login_key(item.get("author"))
    eligible = [
        reply
        for reply in replies
        if login_key(reply.get("author")) != author
        and not is_bot(reply)
        and is_maintainer(reply, owner)
        and parse_time(reply.get("created_at")) is not None
    ]
    return min(eligible, key=lambda reply: cast(datetime, parse_time(reply["created_at"])), default=None)  # all timed


@dataclass(frozen=True)
class IssueResponsesParameters:
    """The parameters of ``issue_responses``: the neutral defaults; a rule file sets its own values."""

    target_response_hours: float = parameter(DEFAULT_TARGET_RESPONSE_HOURS, above=0)
    slow_response_hours: float = parameter(DEFAULT_SLOW_RESPONSE_HOURS, above=0)
    grace_hours: float = parameter(DEFAULT_GRACE_HOURS, at_least=0)


@kind("issue_responses", parameters=IssueResponsesParameters)
def issue_responses(ctx: RepoContext, params: IssueResponsesParameters) -> Measurement:
    """How reliably and quickly maintainers reply to issues and pull requests opened by other people.

    The score weighs the share that got a maintainer reply (ANSWERED_SHARE_WEIGHT) against the
    median first-response time (RESPONSE_SPEED_WEIGHT): full credit up to ``target_response_hours``,
    falling linearly to nothing at ``slow_response_hours``. Open items younger than ``grace_hours``
    have not been ignored yet and are left out.
    """
    target = params.target_response_hours
    slow = params.slow_response_hours
    grace = params.grace_hours
    owner = owner_login(ctx)
    items = [i for i in ctx.repo.issues.items if is_outsider(i, owner)]
    items += [p for p in ctx.repo.pull_requests.items if is_outsider(p, owner) and targets_this_repo(ctx, p)]
    if not items:
        return not_applicable("no issues or pull requests opened by other people")

    response_hours, bad, good = [], [], []
    considered = 0
    for item in items:
        reply = _first_maintainer_reply(item, owner)
        url = item.get("url")
        if reply is None:
            waited = hours_between(item.get("created_at"), item.get("closed_at") or ctx.collected_at)
            withdrawn = login_key(item.get("closed_by")) == login_key(item.get("author"))
            # Too recent to have been ignored, or withdrawn by its author before anyone could reply.
            if waited is None or (waited < grace and (item.get("state") == "open" or withdrawn)):
                continue
            considered += 1
            state = "still open" if item.get("state") == "open" else "closed"
            note = f"no reply from a maintainer ({state}, {format_hours(waited)} after it was opened)"
            bad.append(((0, -waited, url or ""), about(item, note, positive=False)))
            continue
        hours = hours_between(item.get("created_at"), reply["created_at"])
        if hours is None:
            continue
        considered += 1
        hours = max(0.0, hours)
        response_hours.append(hours)
        note = f"first maintainer reply after {format_hours(hours)}"
        evidence = about(item, note, positive=hours <= target)
        if hours <= target:
            good.append(((hours, url or ""), evidence))
        else:
            bad.append(((1, -hours, url or ""), evidence))
    if not considered:
        return not_applicable("issues and pull requests by other people are too recent to expect a reply")

    answered = len(response_hours)
    share = answered / considered
    median = statistics.median(response_hours) if response_hours else None
    if median is None:
        speed = 0.0
    elif median <= target:
        speed = 1.0
    else:
        speed = max(0.0, 1.0 - (median - target) / max(slow - target, 1.0))
    score = ANSWERED_SHARE_WEIGHT * share + RESPONSE_SPEED_WEIGHT * speed
    median_text = "none, no replies to measure" if median is None else format_hours(median)
    return Measurement(
        score=score,
        summary=(
            f"{answered} of {considered} issues and pull requests by other people got a maintainer reply"
            f" (median first response: {median_text})"
        ),
        evidence=ranked_evidence(bad, good),
        values={
            "considered": considered,
            "answered": answered,
            "unanswered": considered - answered,
            "answered_percent": round(100 * share),
            "median_response": median_text,
            "target_response": format_hours(target),
        },
    )


# --- closes issues with an explanation ------------------------------------------------

def _linked_pull_requests(ctx: RepoContext, number: Optional[int]) -> list:
    if not ctx.repo.pull_requests.available:
        return []
    return sorted(
        p.get("number")
        for p in ctx.repo.pull_requests.items
        if number in (p.get("linked_issues") or ()) and targets_this_repo(ctx, p)
    )


def _referencing_commit(ctx: RepoContext, number: Optional[int]) -> Optional[str]:
    if not ctx.repo.commits.available:
        return None
    pattern = re.compile(rf"(?<![\w/])#{number}\b")
    for commit in sorted(ctx.repo.commits.items, key=lambda c: c.sha):
        if pattern.search(f"{commit.subject}\n{commit.body}"):
            return commit.sha[:SHORT_SHA_CHARS]
    return None


def _closing_explanation(ctx: RepoContext, issue: Issue, owner: str, window: float) -> Optional[str]:
    """What explains the close (a comment, a pull request or a commit), or None when silent."""
    closed_at = issue.get("closed_at")
    for comment in issue.get("comments") or ():
        if is_bot(comment) or not is_maintainer(comment, owner):
            continue
        before_close = hours_between(comment.get("created_at"), closed_at)
        if before_close is not None and before_close <= window:
            return "closed with a comment from a maintainer"
    closer = issue.get("closer") or {}
    if closer.get("type") == "pull_request":
        return f"closed by pull request #{closer.get('number')}"
    if closer.get("type") == "commit":
        return f"closed by commit {(closer.get('sha') or '')[:7]}"
    pulls = _linked_pull_requests(ctx, issue.get("number"))
    if pulls:
        return f"closed by pull request #{pulls[0]}"
    sha = _referencing_commit(ctx, issue.get("number"))
    if sha:
        return f"closed by commit {sha}"
    return None


@dataclass(frozen=True)
class IssueClosingParameters:
    """The parameters of ``issue_closing``: the neutral defaults; a rule file sets its own values."""

    closing_window_hours: float = parameter(DEFAULT_CLOSING_WINDOW_HOURS, above=0)


@kind("issue_closing", parameters=IssueClosingParameters)
def issue_closing(ctx: RepoContext, params: IssueClosingParameters) -> Measurement:
    """Whether issues from other people that the project closed were closed with an explanation.

    An explanation is a maintainer comment (at most ``closing_window_hours`` before the close, or
    any time after), a linked pull request or a commit that references the issue; the score is
    the share of closed issues explained.
    """
    window = params.closing_window_hours
    owner = owner_login(ctx)
    closed = [
        issue
        for issue in ctx.repo.issues.items
        if issue.get("state") == "closed"
        and is_outsider(issue, owner)
        # A reporter who closes their own issue owes nobody an explanation.
        and login_key(issue.get("closed_by")) != login_key(issue.get("author"))
    ]
    if not closed:
        return not_applicable("no issues opened by other people were closed by the project")
    bad, good = [], []
    for issue in closed:
        url = issue.get("url")
        explanation = _closing_explanation(ctx, issue, owner, window)
        if explanation:
            good.append(((issue.get("number") or 0, url or ""), about(issue, explanation)))
            continue
        reason = " as not planned" if issue.get("state_reason") == "not_planned" else ""
        note = f"closed{reason} with no comment, linked pull request or commit"
        # Rejections without a word hurt the reporter most, so they lead.
        rank = 0 if reason else 1
        bad.append(((rank, issue.get("number") or 0, url or ""), about(issue, note, positive=False)))
    silent = len(bad)
    example = sorted(bad, key=lambda pair: pair[0])[0][1].snippet if bad else "none"
    return Measurement(
        score=1 - silent / len(closed),
        summary=f"{silent} of {len(closed)} closed issues by other people were closed without an explanation",
        evidence=ranked_evidence(bad, good),
        values={"closed_count": len(closed), "silent_count": silent, "example": example},
    )


# --- discussion answers ----------------------------------------------------------------------

def _all_replies(comments) -> list:
    found = []
    for comment in comments or ():
        found.append(comment)
        found.extend(_all_replies(comment.get("replies")))
    return found


@dataclass(frozen=True)
class DiscussionAnswerParameters:
    """The parameters of ``discussion_answers``: the neutral defaults; a rule file sets its own values."""

    grace_hours: float = parameter(DEFAULT_GRACE_HOURS, at_least=0)


@kind("discussion_answers", parameters=DiscussionAnswerParameters)
def discussion_answers(ctx: RepoContext, params: DiscussionAnswerParameters) -> Measurement:
    """Whether the owner answers discussions other people open.

    Each discussion scores DISCUSSION_ANSWER_ACCEPTED, DISCUSSION_REPLIED or, when still silent
    after ``grace_hours``, DISCUSSION_IGNORED; the score is the mean. Discussions someone else
    answered leave nothing for the owner to do and are left out.
    """
    grace = params.grace_hours
    owner = owner_login(ctx)
    opened_by_others = [d for d in ctx.repo.discussions.items if is_outsider(d, owner)]
    if not opened_by_others:
        return not_applicable("no discussions opened by other people")
    bad, good, scores = [], [], []  # type: list[tuple], list[tuple], list[float]
    accepted = replied = 0
    for discussion in opened_by_others:
        url = discussion.get("url")
        answer = discussion.get("answer") or {}
        owner_replies = [c for c in _all_replies(discussion.get("comments")) if login_key(c.get("author")) == owner]
        if login_key(answer.get("author")) == owner:
            accepted += 1
            scores.append(DISCUSSION_ANSWER_ACCEPTED)
            evidence = about(discussion, "owner's answer was accepted", url=answer.get("url"))
            good.append(((0, discussion.get("number") or 0, url or ""), evidence))
        elif owner_replies:
            replied += 1
            scores.append(DISCUSSION_REPLIED)
            evidence = about(discussion, "owner replied", url=owner_replies[0].get("url"))
            good.append(((1, discussion.get("number") or 0, url or ""), evidence))
        elif discussion.get("is_answered") or answer:
            continue  # someone else answered: nothing was left for the owner to do
        else:
            waited = hours_between(discussion.get("created_at"), ctx.collected_at)
            if waited is None or waited < grace:
                continue
            scores.append(DISCUSSION_IGNORED)
            note = f"no reply from the owner after {format_hours(waited)}"
            bad.append(((-waited, url or ""), about(discussion, note, positive=False)))
    if not scores:
        return not_applicable("discussions by other people were answered by others or are too recent")
    return Measurement(
        score=sum(scores) / len(scores),
        summary=f"owner answered {accepted} and replied to {replied} of {len(scores)} discussions by other people",
        evidence=ranked_evidence(bad, good),
        values={
            "considered": len(scores),
            "accepted_count": accepted,
            "replied_count": replied,
            "unanswered_count": len(bad),
        },
    )
