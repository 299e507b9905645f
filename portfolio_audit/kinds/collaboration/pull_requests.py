"""What the owner writes on pull requests: descriptions of their own, and reviews of other people's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...analysis.commits import gives_a_reason
from ...context import RepoContext
from ...records import PullRequest, Review
from .. import Evidence, Measurement, kind, not_applicable, parameter
from .common import TITLE_SNIPPET_CHARS, about, login_key, owner_login, ranked_evidence, targets_this_repo, words_in

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


def _pull_request_credit(pull: PullRequest, min_words: int) -> tuple:
    body = _HTML_COMMENT.sub("", pull.get("body") or "")
    words = len(words_in(body))
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
    pulls = [p for p in ctx.repo.pull_requests.items if login_key(p.get("author")) == owner and targets_this_repo(ctx, p)]
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
        evidence = about(pull, note, positive=score >= 1.0)
        (good if score >= 1.0 else bad).append((key, evidence))
    example = sorted(bad, key=lambda pair: pair[0])[0][1].snippet if bad else "none"
    return Measurement(
        score=sum(scores) / len(scores),
        summary=(
            f"{len(pulls) - len(bad)} of {len(pulls)} pull requests by the owner say what and why"
            " and link an issue"
        ),
        evidence=ranked_evidence(bad, good),
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
    return all(token.lower() in _STAMP_WORDS for token in words_in(text))


def _review_credit(review: Review, min_words: int) -> tuple:
    text = _review_text(review)
    if _is_rubber_stamp(text):
        note = "only a sign-off, no comments" if text.strip() else "approval with no comment"
        return REVIEW_RUBBER_STAMP, note
    words = len(words_in(text))
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
    reviews = [r for r in ctx.repo.reviews.items if login_key(r.get("author") or owner) == owner]
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
        evidence=ranked_evidence(bad, good),
        values={
            "assessed": len(reviews),
            "substantive_count": len(good),
            "rubber_stamp_count": stamps,
            "min_review_words": min_words,
        },
    )
