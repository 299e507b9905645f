"""Collaboration kinds beyond the rule cases: time arithmetic, identities, ordering and links."""

import pytest

from portfolio_audit import kinds
from portfolio_audit.context import RepoContext
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec
from portfolio_audit.kinds import NOT_APPLICABLE
from portfolio_audit.kinds.collaboration import common, community, pull_requests, replies



def _defaults(name: str):
    """The kind ``name``'s parameters with their defaults, as a rule file that sets none gives them."""
    return kinds.parameters_for(name, {})

def _ctx(spec, collected_at=FIXTURE_COLLECTED_AT, owner=None):
    return RepoContext(repo_from_spec(spec), collected_at, owner)


def _issue(number, author, created_at, replies=(), **extra):
    comments = [
        {"author": login, "author_association": association, "body": "reply", "created_at": at}
        for login, association, at in replies
    ]
    return {
        "number": number,
        "title": f"Issue {number}",
        "url": f"https://github.com/example/example/issues/{number}",
        "author": author,
        "state": "open",
        "created_at": created_at,
        "comments": comments,
        **extra,
    }


def test_times_with_z_offsets_and_naive_values_agree():
    assert common.hours_between("2025-01-01T00:00:00Z", "2025-01-01T02:30:00+00:00") == 2.5
    assert common.hours_between("2025-01-01T00:00:00", "2025-01-01T01:00:00Z") == 1.0
    assert common.hours_between("2025-01-01T02:00:00+02:00", "2025-01-01T00:00:00Z") == 0.0
    assert common.hours_between(None, "2025-01-01T00:00:00Z") is None
    assert common.hours_between("yesterday", "2025-01-01T00:00:00Z") is None


def test_owner_comes_from_the_snapshot_before_the_repository_name():
    assert common.owner_login(_ctx({})) == "example"
    assert common.owner_login(_ctx({}, owner={"login": "Ana"})) == "ana"


@pytest.mark.parametrize(
    "record,expected",
    [
        ({"author": "sam", "author_association": "NONE"}, True),
        ({"author": "sam", "author_association": "CONTRIBUTOR"}, True),
        ({"author": "Example"}, False),  # the owner, whatever the case
        ({"author": "teammate", "author_association": "MEMBER"}, False),
        ({"author": "dependabot[bot]"}, False),
        ({"author": "ci-helper", "author_type": "Bot"}, False),
        ({"author": None}, False),  # deleted accounts ("ghost") cannot be answered
    ],
)
def test_who_counts_as_outside_the_project(record, expected):
    assert common.is_outsider(record, "example") is expected


def test_median_first_response_counts_only_maintainer_replies():
    spec = {
        "issues": [
            _issue(1, "sam", "2025-06-01T00:00:00Z", [("example", "OWNER", "2025-06-01T01:00:00Z")]),
            # The reporter's own comment and a bot's come first; the maintainer's reply counts.
            _issue(2, "kim", "2025-06-01T00:00:00Z", [
                ("kim", "NONE", "2025-06-01T00:10:00Z"),
                ("stale[bot]", "NONE", "2025-06-01T00:20:00Z"),
                ("teammate", "COLLABORATOR", "2025-06-01T05:00:00Z"),
            ]),
            _issue(3, "lee", "2025-06-01T00:00:00Z", [("example", "OWNER", "2025-06-05T04:00:00Z")]),
        ],
        "pull_requests": [],
    }
    measurement = replies.issue_responses(_ctx(spec), _defaults("issue_responses"))
    assert measurement.values["answered"] == 3
    assert measurement.values["median_response"] == "5 hours"
    # One reply took 100 hours, beyond the two-day target: shown first, as a problem.
    assert measurement.evidence[0].snippet == "#3 Issue 3"
    assert measurement.evidence[0].positive is False


def test_waiting_time_is_measured_to_collection_not_to_the_wall_clock():
    spec = {"issues": [_issue(1, "sam", "2025-06-01T00:00:00Z")], "pull_requests": []}
    soon_after = replies.issue_responses(_ctx(spec, collected_at="2025-06-02T00:00:00Z"), _defaults("issue_responses"))
    assert soon_after.status == NOT_APPLICABLE
    much_later = replies.issue_responses(_ctx(spec, collected_at="2025-09-01T00:00:00Z"), _defaults("issue_responses"))
    assert much_later.score == 0.0
    assert "92 days" in much_later.evidence[0].note


def test_an_organisation_repo_uses_the_audited_persons_login():
    spec = {
        "issues": [_issue(1, "sam", "2025-06-01T00:00:00Z", [("ana", "MEMBER", "2025-06-01T02:00:00Z")])],
        "pull_requests": [],
    }
    measurement = replies.issue_responses(_ctx(spec, owner={"login": "ana"}), _defaults("issue_responses"))
    assert measurement.values["answered"] == 1


def test_evidence_order_does_not_depend_on_input_order():
    issues = [_issue(n, f"user{n}", f"2025-0{n}-01T00:00:00Z") for n in range(1, 6)]
    first = replies.issue_responses(_ctx({"issues": issues, "pull_requests": []}), _defaults("issue_responses"))
    second = replies.issue_responses(_ctx({"issues": list(reversed(issues)), "pull_requests": []}), _defaults("issue_responses"))
    assert first.evidence == second.evidence
    # Longest wait first: the oldest unanswered issue is the most telling.
    assert first.evidence[0].snippet == "#1 Issue 1"


def test_every_collaboration_finding_links_to_its_item():
    spec = {
        "issues": [_issue(1, "sam", "2025-06-01T00:00:00Z")],
        "pull_requests": [],
    }
    for evidence in replies.issue_responses(_ctx(spec), _defaults("issue_responses")).evidence:
        assert evidence.url == "https://github.com/example/example/issues/1"
        assert evidence.path is None and evidence.line is None


def test_nothing_to_assess_is_named_not_scored_zero():
    empty = {"issues": [], "pull_requests": [], "reviews": [], "discussions": [], "community": []}
    reasons = {
        "issue_responses": "no issues or pull requests opened by other people",
        "issue_closing": "no issues opened by other people were closed by the project",
        "pull_request_descriptions": "no pull requests opened by the owner in this repository",
        "review_substance": "no reviews given by the owner",
        "discussion_answers": "no discussions opened by other people",
        "merged_contributions": "no pull requests to other people's projects found",
    }
    for name, reason in reasons.items():
        measurement = kinds.registry()[name](_ctx(empty), _defaults(name))
        assert measurement.status == NOT_APPLICABLE and measurement.reason == reason, name
    guides = community.community_files(_ctx(empty), _defaults("community_files"))
    assert guides.status == NOT_APPLICABLE and "outside contributors" in guides.reason


def test_rubber_stamps_in_several_forms():
    for text in ("", "LGTM", "lgtm 👍", "+1", "Looks good to me!", "🚀"):
        assert pull_requests._is_rubber_stamp(text), text
    assert not pull_requests._is_rubber_stamp("LGTM, but the retry loop never backs off")


def test_community_file_names_are_matched_where_github_looks_for_them():
    for path in ("CONTRIBUTING.md", ".github/CONTRIBUTING.md", "docs/contributing.rst", "CONTRIBUTING"):
        assert community._COMMUNITY_FILE_PATTERNS["contributing"].match(path), path
    assert community._COMMUNITY_FILE_PATTERNS["issue_template"].match(".github/ISSUE_TEMPLATE/bug.yml")
    assert community._COMMUNITY_FILE_PATTERNS["pull_request_template"].match(".github/PULL_REQUEST_TEMPLATE.md")
    assert not community._COMMUNITY_FILE_PATTERNS["contributing"].match("src/contributing.py")
