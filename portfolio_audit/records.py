"""The typed records that pass between the stages: a snapshot's collaboration records, and the result.

They are TypedDicts, not classes, because they *are* the JSON: a snapshot or result file is
read and written exactly as before (docs/snapshot.md, docs/result-format.md,
schemas/result.schema.json), while mypy checks every function that builds or reads one.
The snapshot's files, commits and authorship are dataclasses in snapshot.py; this module
holds what was left as plain dicts there.

Snapshot records are ``total=False``: a record read from a hand-edited snapshot may lack
any key, and kinds treat a missing key like ``null`` (they read with ``.get``). Result
records are total: the engine always writes every key.
"""

from __future__ import annotations

from typing import Any, NotRequired, Optional, TypedDict

# --- snapshot: collaboration records (docs/snapshot.md, "Collaboration records") --------


class Who(TypedDict, total=False):
    """Who wrote a record, as GitHub's API says: login (None for a deleted account), type, association."""

    author: Optional[str]
    author_type: Optional[str]  # "User", "Bot" or "Organization"
    author_association: Optional[str]  # "OWNER", "MEMBER", "COLLABORATOR", "CONTRIBUTOR", "NONE", ...


class Comment(Who, total=False):
    """A conversation comment on an issue, pull request or discussion."""

    body: str
    created_at: Optional[str]
    url: Optional[str]


class ReviewComment(Comment, total=False):
    """A line comment in a pull request's review."""

    path: Optional[str]
    line: Optional[int]


class Closer(TypedDict, total=False):
    """What GitHub says closed an issue: a pull request (``number``) or a commit (``sha``)."""

    type: str  # "pull_request" or "commit"
    number: Optional[int]
    sha: Optional[str]
    url: Optional[str]


class Issue(Who, total=False):
    """An issue (``issues.items``)."""

    number: Optional[int]
    title: str
    body: str
    url: Optional[str]
    state: Optional[str]  # "open" or "closed"
    state_reason: Optional[str]
    created_at: Optional[str]
    closed_at: Optional[str]
    closed_by: Optional[str]
    closer: Optional[Closer]
    labels: list[Optional[str]]
    comments: list[Comment]


class PullRequest(Issue, total=False):
    """A pull request (``pull_requests.items``): everything an issue has, plus the change and its reviews."""

    merged: bool
    merged_at: Optional[str]
    base_repo: Optional[str]  # owner/name; missing or this repository's full_name: made to this repository
    head_repo: Optional[str]
    additions: Optional[int]
    deletions: Optional[int]
    changed_files: Optional[int]
    linked_issues: list[int]
    review_comments: list[ReviewComment]


class Contribution(PullRequest, total=False):
    """A pull request the person made or reviewed in someone else's repository (``Snapshot.contributions``)."""

    role: str  # "author" or "reviewer"
    repo: Optional[str]
    comments_count: int


class ReviewLineComment(TypedDict, total=False):
    """A line comment of a review the person gave."""

    path: Optional[str]
    line: Optional[int]
    body: str
    url: Optional[str]


class Review(TypedDict, total=False):
    """A review given by the person (``reviews.items``)."""

    pr_number: Optional[int]
    pr_url: Optional[str]
    repo: str
    author: Optional[str]
    state: Optional[str]  # "APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED"
    body: str
    submitted_at: Optional[str]
    url: Optional[str]
    comments: list[ReviewLineComment]


class DiscussionComment(Comment, total=False):
    """A top-level comment of a discussion, with its replies (one level, as on GitHub)."""

    is_answer: bool
    replies: list[Comment]


class DiscussionAnswer(TypedDict, total=False):
    """The comment marked as a discussion's answer."""

    author: Optional[str]
    url: Optional[str]
    body: str


class Discussion(Who, total=False):
    """A discussion (``discussions.items``)."""

    number: Optional[int]
    title: str
    url: Optional[str]
    category: Optional[str]
    created_at: Optional[str]
    is_answered: bool
    answer_chosen_by: Optional[str]
    answer_chosen_at: Optional[str]
    answer: Optional[DiscussionAnswer]
    comments: list[DiscussionComment]


class CommunityFile(TypedDict, total=False):
    """One file GitHub's community profile checks (``community.items``), present or not."""

    name: str  # "contributing", "issue_template", "pull_request_template", "code_of_conduct", "license"
    present: bool
    path: Optional[str]
    url: Optional[str]


# --- result (docs/result-format.md; engine.py writes it, render/ reads it) ---------------


class EvidenceItem(TypedDict):
    """One place a finding rests on, with its permalink."""

    path: Optional[str]
    line: Optional[int]
    snippet: Optional[str]
    note: Optional[str]
    url: Optional[str]
    positive: bool


class Finding(TypedDict):
    """One rule's outcome for one repository."""

    rule_id: str
    title: str
    category: str
    weight: float
    outcome: Optional[str]  # None only while the engine fills it in
    score: Optional[float]
    summary: str
    evidence: list[EvidenceItem]
    evidence_total: int
    advice: Optional[str]
    effort: str
    expected_gain: float


class CategoryFloor(TypedDict):
    """Why a category's mean is taken over more weight than its rules could read (scoring.floored_mean)."""

    read_weight: float  # weight of the rules that scored
    applicable_weight: float  # that and the weight of the rules that could not read the material
    averaged_over: float  # the mean's denominator: the category's assessed floor of the applicable weight
    not_assessed: list[str]  # ids of the rules that could not read it
    caveat: str  # the same, as a sentence for the report


class CategoryScore(TypedDict):
    """A category's weighted mean within one repository."""

    id: str
    title: str
    weight: float
    score: Optional[float]
    band: Optional[str]
    rules_scored: int
    rules_total: int
    floor: Optional[CategoryFloor]  # None unless the assessed floor lowered the score


class Material(TypedDict):
    """How much a repository says: words of prose, lines of code, commits."""

    readme_words: int
    doc_words: int
    source_files: int
    source_lines: int
    commits: Optional[int]
    languages: list[str]


class FileReference(TypedDict):
    path: str
    kind: str
    origin: str


class SkippedReference(TypedDict):
    path: str
    reason: str


class ExcludedFile(TypedDict):
    """A file left out of scoring because someone else wrote it."""

    path: str
    origin: str
    reason: str


class AnnotationView(TypedDict):
    """What the person says about a repository, as the result shows it."""

    project: Optional[str]
    role: Optional[str]
    note: Optional[str]
    source: Optional[str]
    problems: list[str]


class NotCreditedFile(TypedDict):
    path: str
    reason: str


class OthersCommit(TypedDict):
    sha: str  # the first 7 characters
    subject: str
    author: str


class AuthorshipView(TypedDict):
    """A repository's authorship as the result shows it (authorship.authorship_view)."""

    status: str  # "known" or "unknown"
    reason: Optional[str]
    person: Optional[str]
    decided_by: Optional[str]
    commits_total: Optional[int]
    commits_by_person: Optional[int]
    commit_share: Optional[float]  # percent
    line_share: Optional[float]
    weight_share: Optional[float]
    truncated: bool
    others_commits: list[OthersCommit]
    others_commits_total: int
    not_credited: list[NotCreditedFile]
    not_credited_total: int


class PersonView(TypedDict):
    """Who was taken as the person for the whole audit (authorship.person_view)."""

    label: Optional[str]
    decided_by: Optional[str]
    note: Optional[str]


class RepoResult(TypedDict):
    """One repository's (or the profile's) part of the result.

    The header keys come first (engine._repo_header); the engine then sets the rest, so every
    repository of a finished result has all of them: they are NotRequired only because a
    header exists before they do.
    """

    kind: str  # "repository" or "profile"
    name: str
    full_name: str
    description: Optional[str]
    url: Optional[str]
    topics: list[str]
    is_fork: bool
    is_archived: bool
    commit_sha: Optional[str]
    skipped_files: list[SkippedReference]
    files: list[FileReference]
    excluded: list[ExcludedFile]
    annotation: NotRequired[AnnotationView]
    authorship: NotRequired[AuthorshipView]
    status: NotRequired[str]  # "scored", "insufficient_evidence", "not_collected", "excluded"
    status_reason: NotRequired[Optional[str]]
    material: NotRequired[Optional[Material]]
    weight: NotRequired[float]
    score: NotRequired[Optional[float]]
    band: NotRequired[Optional[str]]
    categories: NotRequired[list[CategoryScore]]
    findings: NotRequired[list[Finding]]


class PortfolioCategory(TypedDict):
    """A category's score over the whole portfolio."""

    id: str
    title: str
    description: str
    weight: float
    score: Optional[float]
    band: Optional[str]


class Improvement(TypedDict):
    """A finding worth points, listed among the report's top improvements."""

    repo: str
    rule_id: str
    title: str
    outcome: Optional[str]
    score: Optional[float]
    expected_gain: float
    effort: str
    advice: Optional[str]


class Counts(TypedDict):
    repos: int
    scored: int
    insufficient_evidence: int
    not_collected: int
    excluded: NotRequired[int]  # only when the person excluded something


class RuleSummary(TypedDict):
    id: str
    title: str
    category: str
    weight: float
    what: str
    why: str


class ToolInfo(TypedDict):
    name: str
    version: str
    rules_digest: str


class Result(TypedDict):
    """The evaluate stage's output: the canonical JSON every renderer works from."""

    schema_version: str
    tool: ToolInfo
    collected_at: str
    source: dict[str, Any]
    owner: Optional[dict[str, Any]]
    person: NotRequired[PersonView]  # absent from older results
    score: Optional[float]
    band: Optional[str]
    counts: Counts
    categories: list[PortfolioCategory]
    improvements: list[Improvement]
    repos: list[RepoResult]
    rules: list[RuleSummary]
    caveats: list[str]
