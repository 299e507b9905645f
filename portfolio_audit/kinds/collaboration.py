"""Collaboration kinds: how the person answers, closes, describes, reviews and contributes on GitHub.

Items are the plain dicts documented in docs/snapshot.md. Every duration is
measured between timestamps in the data (``ctx.collected_at`` stands for "now"),
so the same snapshot always yields the same scores.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping, Optional, cast

from ..analysis.commits import SHORT_SHA_CHARS, gives_a_reason, is_bot_author
from ..context import RepoContext
from ..records import Comment, Issue, PullRequest, Review, Who
from . import Evidence, Measurement, kind, not_applicable, parameter

# author_association values that speak for the project when they reply.
MAINTAINER_ASSOCIATIONS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
HOURS_PER_DAY = 24
SECONDS_PER_HOUR = 3600
# Positive examples kept after the problems: enough to show what good looks like.
MAX_GOOD_EXAMPLES = 2
TITLE_SNIPPET_CHARS = 80

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

# --- pull request descriptions --------------------------------------------------------
DEFAULT_MIN_PR_BODY_WORDS = 15
PR_DESCRIBES_WEIGHT = 0.5
PR_GIVES_REASON_WEIGHT = 0.3
# Linking an issue weighs least: solo projects often have no issue to link.
PR_LINKS_ISSUE_WEIGHT = 0.2
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ISSUE_REFERENCE = re.compile(r"(?<![\w/])#\d+\b|/issues/\d+\b")

# --- reviews -----------------------------------------------------------------------
DEFAULT_MIN_REVIEW_WORDS = 10
REVIEW_SUBSTANTIVE = 1.0
REVIEW_LONG_WITHOUT_REASON = 0.7
REVIEW_SHORT = 0.3
REVIEW_RUBBER_STAMP = 0.0
# A review made only of these words approves without saying anything a reader can use.
_STAMP_WORDS = frozenset(
    "lgtm looks look good great to me nice thanks thank you ok okay approved approve ship it fine cool "
    "awesome perfect all done 1".split()
)

# --- discussions -------------------------------------------------------------------
DISCUSSION_ANSWER_ACCEPTED = 1.0
DISCUSSION_REPLIED = 0.75
DISCUSSION_IGNORED = 0.0

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
# Letters and digits in any script; punctuation and emoji are not words.
_WORD = re.compile(r"[^\W_]+")


# --- shared helpers ------------------------------------------------------------------

def _parse_time(value: Optional[str]) -> Optional[datetime]:
    """An ISO 8601 timestamp as an aware UTC datetime; naive times are taken as UTC."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def hours_between(start: Optional[str], end: Optional[str]) -> Optional[float]:
    """Hours from ``start`` to ``end``; negative when ``end`` comes first, None when either is missing or unreadable."""
    first, last = _parse_time(start), _parse_time(end)
    if first is None or last is None:
        return None
    return (last - first).total_seconds() / SECONDS_PER_HOUR


def owner_login(ctx: RepoContext) -> str:
    """The audited person's login: the snapshot's owner, else the repository's owner part."""
    login = (ctx.owner or {}).get("login") or ctx.repo.full_name.split("/")[0]
    return login.lower()


def _login(value) -> str:
    return (value or "").strip().lower()


def _is_bot(record: Who) -> bool:
    return record.get("author_type") == "Bot" or is_bot_author(record.get("author") or "")


def _is_maintainer(record: Who, owner: str) -> bool:
    return _login(record.get("author")) == owner or record.get("author_association") in MAINTAINER_ASSOCIATIONS


def is_outsider(record: Who, owner: str) -> bool:
    """Opened by someone outside the project: not the owner, a maintainer or a bot."""
    return bool(record.get("author")) and not _is_bot(record) and not _is_maintainer(record, owner)


def _targets_this_repo(ctx: RepoContext, pull_request: PullRequest) -> bool:
    base = pull_request.get("base_repo")
    return not base or base.lower() == ctx.repo.full_name.lower()


def _reference(item: Mapping[str, Any]) -> str:
    title = (item.get("title") or "").strip()
    if len(title) > TITLE_SNIPPET_CHARS:
        title = title[: TITLE_SNIPPET_CHARS - 3].rstrip() + "..."
    number = item.get("number")
    return f"#{number} {title}" if number is not None else title


def _about(item: Mapping[str, Any], note: str, positive: bool = True, url: Optional[str] = None) -> Evidence:
    """Evidence that links to an issue, pull request or discussion and quotes its title."""
    return Evidence(url=url or item.get("url"), snippet=_reference(item), note=note, positive=positive)


def _in_order(pairs: list) -> tuple:
    return tuple(evidence for _, evidence in sorted(pairs, key=lambda pair: pair[0]))


def _words(text: str) -> list:
    return _WORD.findall(text or "")


def _format_hours(hours: float) -> str:
    amount, unit = (hours, "hour") if hours < HOURS_PER_DAY else (hours / HOURS_PER_DAY, "day")
    rounded = round(amount)
    return f"{rounded} {unit}" if rounded == 1 else f"{rounded} {unit}s"


def _ranked_evidence(bad: Iterable[tuple], good: Iterable[tuple]) -> tuple:
    """(sort_key, Evidence) pairs: problems first, most telling first, then a few good examples."""
    return _in_order(list(bad)) + _in_order(list(good))[:MAX_GOOD_EXAMPLES]


# --- responds to other people's issues and pull requests -------------------------------

def _first_maintainer_reply(item: Mapping[str, Any], owner: str) -> Optional[Comment]:
    replies = list(item.get("comments") or ()) + list(item.get("review_comments") or ())
    author = _login(item.get("author"))
    eligible = [
        reply
        for reply in replies
        if _login(reply.get("author")) != author
        and not _is_bot(reply)
        and _is_maintainer(reply, owner)
        and _parse_time(reply.get("created_at")) is not None
    ]
    return min(eligible, key=lambda reply: cast(datetime, _parse_time(reply["created_at"])), default=None)  # all timed


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
    items += [p for p in ctx.repo.pull_requests.items if is_outsider(p, owner) and _targets_this_repo(ctx, p)]
    if not items:
        return not_applicable("no issues or pull requests opened by other people")

    response_hours, bad, good = [], [], []
    considered = 0
    for item in items:
        reply = _first_maintainer_reply(item, owner)
        url = item.get("url")
        if reply is None:
            waited = hours_between(item.get("created_at"), item.get("closed_at") or ctx.collected_at)
            withdrawn = _login(item.get("closed_by")) == _login(item.get("author"))
            # Too recent to have been ignored, or withdrawn by its author before anyone could reply.
            if waited is None or (waited < grace and (item.get("state") == "open" or withdrawn)):
                continue
            considered += 1
            state = "still open" if item.get("state") == "open" else "closed"
            note = f"no reply from a maintainer ({state}, {_format_hours(waited)} after it was opened)"
            bad.append(((0, -waited, url or ""), _about(item, note, positive=False)))
            continue
        hours = hours_between(item.get("created_at"), reply["created_at"])
        if hours is None:
            continue
        considered += 1
        hours = max(0.0, hours)
        response_hours.append(hours)
        note = f"first maintainer reply after {_format_hours(hours)}"
        evidence = _about(item, note, positive=hours <= target)
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
    median_text = "none, no replies to measure" if median is None else _format_hours(median)
    return Measurement(
        score=score,
        summary=(
            f"{answered} of {considered} issues and pull requests by other people got a maintainer reply"
            f" (median first response: {median_text})"
        ),
        evidence=_ranked_evidence(bad, good),
        values={
            "considered": considered,
            "answered": answered,
            "unanswered": considered - answered,
            "answered_percent": round(100 * share),
            "median_response": median_text,
            "target_response": _format_hours(target),
        },
    )


# --- closes issues with an explanation ------------------------------------------------

def _linked_pull_requests(ctx: RepoContext, number: Optional[int]) -> list:
    if not ctx.repo.pull_requests.available:
        return []
    return sorted(
        p.get("number")
        for p in ctx.repo.pull_requests.items
        if number in (p.get("linked_issues") or ()) and _targets_this_repo(ctx, p)
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
        if _is_bot(comment) or not _is_maintainer(comment, owner):
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
        and _login(issue.get("closed_by")) != _login(issue.get("author"))
    ]
    if not closed:
        return not_applicable("no issues opened by other people were closed by the project")
    bad, good = [], []
    for issue in closed:
        url = issue.get("url")
        explanation = _closing_explanation(ctx, issue, owner, window)
        if explanation:
            good.append(((issue.get("number") or 0, url or ""), _about(issue, explanation)))
            continue
        reason = " as not planned" if issue.get("state_reason") == "not_planned" else ""
        note = f"closed{reason} with no comment, linked pull request or commit"
        # Rejections without a word hurt the reporter most, so they lead.
        rank = 0 if reason else 1
        bad.append(((rank, issue.get("number") or 0, url or ""), _about(issue, note, positive=False)))
    silent = len(bad)
    example = sorted(bad, key=lambda pair: pair[0])[0][1].snippet if bad else "none"
    return Measurement(
        score=1 - silent / len(closed),
        summary=f"{silent} of {len(closed)} closed issues by other people were closed without an explanation",
        evidence=_ranked_evidence(bad, good),
        values={"closed_count": len(closed), "silent_count": silent, "example": example},
    )


# --- pull request descriptions ----------------------------------------------------------

def _pull_request_credit(pull: PullRequest, min_words: int) -> tuple:
    body = _HTML_COMMENT.sub("", pull.get("body") or "")
    words = len(_words(body))
    described = min(1.0, words / min_words) if min_words else 1.0
    # "Fixes #5" earns the link credit; it must not also pass for a reason.
    reason = gives_a_reason(_ISSUE_REFERENCE.sub("", body))
    linked = bool(pull.get("linked_issues")) or bool(_ISSUE_REFERENCE.search(body))
    score = PR_DESCRIBES_WEIGHT * described + PR_GIVES_REASON_WEIGHT * reason + PR_LINKS_ISSUE_WEIGHT * linked
    missing = []
    if described < 1.0:
        missing.append("no description" if words == 0 else f"a {words}-word description")
    if not reason:
        missing.append("no reason given")
    if not linked:
        missing.append("no linked issue")
    note = "; ".join(missing) if missing else "says what and why and links an issue"
    return score, note, described < 1.0, not linked


@dataclass(frozen=True)
class PullRequestDescriptionParameters:
    """The parameters of ``pull_request_descriptions``: the neutral defaults; a rule file sets its own values."""

    min_body_words: int = parameter(DEFAULT_MIN_PR_BODY_WORDS, at_least=1)


@kind("pull_request_descriptions", parameters=PullRequestDescriptionParameters)
def pull_request_descriptions(ctx: RepoContext, params: PullRequestDescriptionParameters) -> Measurement:
    """Whether the owner's pull requests say what changed, why, and which issue they address.

    Each pull request earns a weighted sum of a description (full at ``min_body_words``), a reason
    and a linked issue (PR_*_WEIGHT); the score is the mean over pull requests.
    """
    min_words = params.min_body_words
    owner = owner_login(ctx)
    pulls = [p for p in ctx.repo.pull_requests.items if _login(p.get("author")) == owner and _targets_this_repo(ctx, p)]
    if not pulls:
        return not_applicable("no pull requests opened by the owner in this repository")
    bad, good, scores = [], [], []  # type: list[tuple], list[tuple], list[float]
    undescribed = unlinked = 0
    for pull in pulls:
        score, note, short, no_link = _pull_request_credit(pull, min_words)
        scores.append(score)
        undescribed += short
        unlinked += no_link
        url = pull.get("url")
        key = (score, pull.get("number") or 0, url or "")
        evidence = _about(pull, note, positive=score >= 1.0)
        (good if score >= 1.0 else bad).append((key, evidence))
    example = sorted(bad, key=lambda pair: pair[0])[0][1].snippet if bad else "none"
    return Measurement(
        score=sum(scores) / len(scores),
        summary=(
            f"{len(pulls) - len(bad)} of {len(pulls)} pull requests by the owner say what and why"
            " and link an issue"
        ),
        evidence=_ranked_evidence(bad, good),
        values={
            "assessed": len(pulls),
            "undescribed_count": undescribed,
            "unlinked_count": unlinked,
            "min_body_words": min_words,
            "example": example,
        },
    )


# --- reviews given ------------------------------------------------------------------------

def _review_text(review: Review) -> str:
    parts = [review.get("body") or ""] + [c.get("body") or "" for c in review.get("comments") or ()]
    return "\n".join(part for part in parts if part.strip())


def _is_rubber_stamp(text: str) -> bool:
    # Emoji and "+1" leave no words or only "1", so they read as a sign-off too.
    return all(token.lower() in _STAMP_WORDS for token in _words(text))


def _review_credit(review: Review, min_words: int) -> tuple:
    text = _review_text(review)
    if _is_rubber_stamp(text):
        note = "only a sign-off, no comments" if text.strip() else "approval with no comment"
        return REVIEW_RUBBER_STAMP, note
    words = len(_words(text))
    if words < min_words:
        return REVIEW_SHORT, f"a {words}-word review"
    inline = len(review.get("comments") or ())
    if gives_a_reason(text) or inline:
        detail = f"{inline} line comment{'s' if inline != 1 else ''}" if inline else "explains its requests"
        return REVIEW_SUBSTANTIVE, f"substantive review ({detail})"
    return REVIEW_LONG_WITHOUT_REASON, "comments without reasons"


def _review_snippet(review: Review) -> str:
    where = f"{review.get('repo') or ''}#{review.get('pr_number')}"
    body = " ".join((review.get("body") or "").split())
    if len(body) > TITLE_SNIPPET_CHARS:
        body = body[: TITLE_SNIPPET_CHARS - 3].rstrip() + "..."
    return f"{where}: {body}" if body else f"{where} ({review.get('state') or 'review'})"


@dataclass(frozen=True)
class ReviewSubstanceParameters:
    """The parameters of ``review_substance``: the neutral defaults; a rule file sets its own values."""

    min_review_words: int = parameter(DEFAULT_MIN_REVIEW_WORDS, at_least=1)


@kind("review_substance", parameters=ReviewSubstanceParameters)
def review_substance(ctx: RepoContext, params: ReviewSubstanceParameters) -> Measurement:
    """Whether the reviews the owner gave tell the author something, rather than only approve.

    Each review scores REVIEW_SUBSTANTIVE (reasons or line comments), REVIEW_LONG_WITHOUT_REASON,
    REVIEW_SHORT (under ``min_review_words``) or REVIEW_RUBBER_STAMP; the score is the mean.
    """
    min_words = params.min_review_words
    owner = owner_login(ctx)
    reviews = [r for r in ctx.repo.reviews.items if _login(r.get("author") or owner) == owner]
    if not reviews:
        return not_applicable("no reviews given by the owner")
    bad, good, scores = [], [], []  # type: list[tuple], list[tuple], list[float]
    stamps = 0
    for review in reviews:
        score, note = _review_credit(review, min_words)
        scores.append(score)
        stamps += score == REVIEW_RUBBER_STAMP
        url = review.get("url") or review.get("pr_url")
        key = (score, review.get("submitted_at") or "", url or "")
        substantive = score >= REVIEW_SUBSTANTIVE
        evidence = Evidence(url=url, snippet=_review_snippet(review), note=note, positive=substantive)
        (good if substantive else bad).append((key, evidence))
    return Measurement(
        score=sum(scores) / len(scores),
        summary=f"{len(good)} of {len(reviews)} reviews given are substantive; {stamps} only approve",
        evidence=_ranked_evidence(bad, good),
        values={
            "assessed": len(reviews),
            "substantive_count": len(good),
            "rubber_stamp_count": stamps,
            "min_review_words": min_words,
        },
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
        owner_replies = [c for c in _all_replies(discussion.get("comments")) if _login(c.get("author")) == owner]
        if _login(answer.get("author")) == owner:
            accepted += 1
            scores.append(DISCUSSION_ANSWER_ACCEPTED)
            evidence = _about(discussion, "owner's answer was accepted", url=answer.get("url"))
            good.append(((0, discussion.get("number") or 0, url or ""), evidence))
        elif owner_replies:
            replied += 1
            scores.append(DISCUSSION_REPLIED)
            evidence = _about(discussion, "owner replied", url=owner_replies[0].get("url"))
            good.append(((1, discussion.get("number") or 0, url or ""), evidence))
        elif discussion.get("is_answered") or answer:
            continue  # someone else answered: nothing was left for the owner to do
        else:
            waited = hours_between(discussion.get("created_at"), ctx.collected_at)
            if waited is None or waited < grace:
                continue
            scores.append(DISCUSSION_IGNORED)
            note = f"no reply from the owner after {_format_hours(waited)}"
            bad.append(((-waited, url or ""), _about(discussion, note, positive=False)))
    if not scores:
        return not_applicable("discussions by other people were answered by others or are too recent")
    return Measurement(
        score=sum(scores) / len(scores),
        summary=f"owner answered {accepted} and replied to {replied} of {len(scores)} discussions by other people",
        evidence=_ranked_evidence(bad, good),
        values={
            "considered": len(scores),
            "accepted_count": accepted,
            "replied_count": replied,
            "unanswered_count": len(bad),
        },
    )


# --- community files where outsiders take part ------------------------------------------------

def _outside_people(ctx, owner: str) -> list:
    records = list(ctx.repo.issues.items) + [p for p in ctx.repo.pull_requests.items if _targets_this_repo(ctx, p)]
    return sorted({_login(r.get("author")) for r in records if is_outsider(r, owner)})


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
        evidence=_in_order(bad) + _in_order(good),
        values={"outside_people": len(outsiders), "missing": _either(missing)},
    )


# --- merged contributions to other people's projects ------------------------------------------

def _is_contribution(ctx: RepoContext, pull: PullRequest, owner: str) -> bool:
    base = (pull.get("base_repo") or "").lower()
    elsewhere = bool(base) and not _targets_this_repo(ctx, pull)
    return elsewhere and base.split("/")[0] != owner and _login(pull.get("author")) == owner


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
        snippet = f"{pull.get('base_repo')}{_reference(pull)}"
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
    evidence = _in_order(good) + _in_order(bad)
    return Measurement(
        score=min(1.0, merged / target),
        summary=f"{merged} of {len(decided)} pull requests to other people's projects were merged",
        evidence=evidence,
        values={"merged_count": merged, "closed_count": len(bad), "target_merged": target},
    )
