"""The view model's shape: the TypedDicts that build_view returns and the report templates read.

TypedDicts, not classes, for the reason records.py gives: the templates index the view like
the plain dicts it was (``view.repos[0].groups``, ``repo["band_label"]`` in the Markdown
renderer), and mypy checks every function that builds one. Text is unescaped; numbers in
chart geometry are SVG user units. Which module builds each part is named beside it.
"""

from __future__ import annotations

from typing import Optional, TypedDict

# --- charts (charts.py) ---------------------------------------------------------------------


class GaugeView(TypedDict):
    """The overall score ring."""

    size: int
    center: float
    unit_y: float
    radius: int
    stroke: int
    dash: str  # "filled circumference", the SVG stroke-dasharray
    band: str  # a band's name, or "none"
    score_text: str
    label: str  # what a screen reader hears


class ChartBar(TypedDict):
    """One row of a horizontal bar chart."""

    label: str  # cut to the chart's label width
    full_label: str
    label_y: float
    bar_y: float
    track_width: int
    bar_width: float
    value_x: int
    value_text: str  # "72.4 · good" or "not scored"
    short_value_text: str
    band: str
    scored: bool


class ChartGuide(TypedDict):
    """A band floor drawn as a guide line."""

    x: float
    label: str


class BarChartView(TypedDict):
    """A horizontal bar chart: the portfolio's categories or one repository's."""

    width: int
    height: int
    axis_y: float
    bar_x: int
    label_x: int
    bar_height: int
    bars: list[ChartBar]
    track_path: str  # every track in one SVG path
    guides: list[ChartGuide]
    guide_top: float
    guide_bottom: float
    summary: str  # the chart as one line of text


# --- findings (findings_view.py) -------------------------------------------------------------


class EvidenceView(TypedDict):
    """One evidence item under a failing or needs-work finding."""

    location: Optional[str]  # "path:line", the path, or None for repository-wide evidence
    href: Optional[str]  # a safe http(s) link, else None
    url_text: Optional[str]  # a URL that may not become a link, shown as text
    snippet: Optional[str]
    snippet_is_block: bool
    note: Optional[str]
    css: str  # "for" or "against"
    marker_text: str


class FindingView(TypedDict):
    """A failing or needs-work finding, in full."""

    rule_id: str
    title: str
    outcome: Optional[str]
    outcome_label: Optional[str]
    score_text: str
    summary: str
    evidence: list[EvidenceView]
    evidence_more_text: Optional[str]  # what the page leaves out, and where it is
    advice: Optional[str]
    effort_label: str
    gain_text: Optional[str]
    advice_meta: str


class EvidenceLink(TypedDict):
    """The one place a passing row links to."""

    text: str
    href: Optional[str]
    css: str  # "loc" or "note"


class PassingView(TypedDict):
    """A passing finding as one compact row."""

    rule_id: str
    title: str
    score_text: str
    evidence: Optional[EvidenceLink]


class FindingGroupView(TypedDict):
    """A repository's scored findings of one category."""

    id: str
    title: str
    findings: list[FindingView]
    passing: list[PassingView]
    passing_label: str
    passing_text: str  # "3 rules"
    tally: str  # "1 fail, 2 pass"
    caveat: Optional[str]  # why the category's score is averaged over more weight than was read


class NotScoredFinding(TypedDict):
    rule_id: str
    title: str
    summary: str


class NotScoredGroup(TypedDict):
    """Rules that did not score for one reason (not applicable, not available, ...)."""

    outcome: Optional[str]
    outcome_label: str
    findings: list[NotScoredFinding]


class NotScoredView(TypedDict):
    groups: list[NotScoredGroup]
    summary: Optional[str]  # None when every rule scored


# --- a repository's card (repo_view.py) ------------------------------------------------------


class Fact(TypedDict):
    label: str
    value: str


class AnnotationCard(TypedDict):
    """What the person says about the repository, as its card shows it."""

    label: Optional[str]
    source: Optional[str]
    problems: list[str]


class SkippedFileRow(TypedDict):
    path: str
    reason: str


class NotCreditedRow(TypedDict):
    path: str
    reason: str


class OthersCommitRow(TypedDict):
    text: str


class AuthorshipLists(TypedDict):
    not_credited: list[NotCreditedRow]
    others_commits: list[OthersCommitRow]
    more: int  # listed in the JSON, not on the page


class ExcludedRow(TypedDict):
    path: str
    origin: str  # as a reader says it ("generator scaffold")
    reason: str


class ExcludedView(TypedDict):
    """The files left out of scoring as someone else's work."""

    rows: list[ExcludedRow]
    text: str  # "" when nothing was left out
    more: int


class RepoView(TypedDict):
    """One repository's card."""

    anchor: str  # "repo-3": from its position, never its name
    name: str
    full_name: str
    show_full_name: bool
    href: Optional[str]
    url_text: Optional[str]
    description: Optional[str]
    topics: list[str]
    flags: list[str]  # "fork", "archived"
    commit: Optional[str]
    status: str
    status_label: str
    status_reason: Optional[str]
    scored: bool
    score_text: str
    band: str
    band_label: str
    weight_text: str
    share_text: str
    facts: list[Fact]
    chart: Optional[BarChartView]  # None when no category scored
    groups: list[FindingGroupView]
    groups_folded: bool
    not_scored: NotScoredView
    skipped: list[SkippedFileRow]
    skipped_text: str
    skipped_more: int
    excluded: ExcludedView
    annotation: Optional[AnnotationCard]
    authorship_text: Optional[str]
    authorship_lists: AuthorshipLists


# --- what a reviewer reads first (screen_view.py) ----------------------------------------------


class Strength(TypedDict):
    """A passing finding that quotes or links the person's own work."""

    repo: str
    rule_id: str
    category: str
    title: str
    quote: Optional[str]
    location: Optional[str]
    url: Optional[str]  # a safe http(s) link, else None
    note: Optional[str]


class Gap(TypedDict):
    """A category scored below the "good" band, with its weakest repository."""

    category: str
    title: str
    score: float
    score_text: str
    band: Optional[str]
    repo: Optional[str]
    failing: list[str]  # titles of its failing rules there
    caveat: Optional[str]  # why that repository's score in the category is lower than its rules' mean


class Highlights(TypedDict):
    strengths: list[Strength]
    gaps: list[Gap]
    questions: list[str]


# --- the whole report (view.py) ------------------------------------------------------------------


class ImprovementView(TypedDict):
    rank: int
    repo: str
    repo_anchor: Optional[str]
    rule_id: str
    title: str
    outcome: Optional[str]
    outcome_label: Optional[str]
    score_text: str
    gain_text: str
    effort: str
    effort_label: str
    advice: Optional[str]


class CountView(TypedDict):
    key: str
    label: str
    value: int


class CategoryView(TypedDict):
    id: str
    title: str
    description: str
    score_text: str
    band: str
    band_label: str
    weight_text: str


class RuleRow(TypedDict):
    id: str
    title: str
    weight_text: str
    what: str


class RulesInCategory(TypedDict):
    title: str
    rules: list[RuleRow]


class OutcomeIcon(TypedDict):
    outcome: Optional[str]
    icon: str


class ReportView(TypedDict):
    """The report's view model (build_view)."""

    title: str
    subject: str
    owner_text: Optional[str]
    source_text: str
    person_text: str
    collected_at_iso: str
    collected_at_text: str
    tool_text: str
    rules_digest: str
    schema_version: str
    scored: bool
    score_text: str
    band: str
    band_label: str
    gauge: GaugeView
    counts: list[CountView]
    repo_total: int
    repo_total_text: str
    categories: list[CategoryView]
    category_chart: BarChartView
    improvements: list[ImprovementView]
    caveats: list[str]
    repos: list[RepoView]
    rules_by_category: list[RulesInCategory]
    rule_total: int
    rule_total_text: str
    band_legend: str
    audience: str
    recruiter: bool
    annotated: bool
    highlights: Optional[Highlights]  # the recruiter view only
    outcome_icons: list[OutcomeIcon]
