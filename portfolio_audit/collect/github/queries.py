"""The GraphQL text the collector sends: a cheap overview of many repositories, then their conversations sized exactly.

With a token, GraphQL reads repositories in two passes: one query per ten repositories
for history, community files, the archive link and the size of each conversation list,
then one for the issues, pull requests (with reviews) and discussions of those that have
any, each list asked for by its real size. GitHub charges for what a query could return,
so a quiet repository costs a tenth of a point instead of eleven.
"""

from __future__ import annotations

# Repositories per first-pass GraphQL query. Five lists per repository make 50 requests
# for ten, which GitHub rounds to its minimum cost of one point; ten also keep the
# per-query work small enough for GitHub's timeouts and leave batches for every worker.
OVERVIEW_REPOS_PER_QUERY = 10
# Second pass: at most this many repositories, and this many requests (the cost of five
# repositories with full lists), per query, so one query stays within GitHub's timeouts.
CONVERSATION_REPOS_PER_QUERY = 10
MAX_CONVERSATION_REQUESTS = 6000
# Nested page sizes in the GraphQL query; first responses happen early, so 20 comments suffice.
COMMENTS_PER_ITEM = 20
REVIEWS_PER_PULL = 10
COMMENTS_PER_REVIEW = 10
REPLIES_PER_COMMENT = 10
LINKED_ISSUES_PER_PULL = 10
LABELS_PER_ITEM = 10
TOPICS_PER_REPO = 20
# Bump when the detail query or its mapping changes: older cached answers are then refetched.
DETAIL_QUERY_VERSION = "3"

_ACTOR = "login __typename"
_COMMENT = f"author {{ {_ACTOR} }} authorAssociation body createdAt url"
# First pass, many repositories per query: everything but the conversations, whose sizes
# come as totalCounts (a connection asked for no nodes costs one request, not one per node).
OVERVIEW_FRAGMENT = f"""
fragment RepoOverview on Repository {{
  nameWithOwner url description isFork isArchived createdAt pushedAt
  parent {{ nameWithOwner }}
  repositoryTopics(first: {TOPICS_PER_REPO}) {{ nodes {{ topic {{ name }} }} }}
  defaultBranchRef {{ name target {{ ... on Commit {{ oid tarballUrl
    history(first: $commits) {{ totalCount nodes {{ oid message authoredDate additions deletions
      changedFilesIfAvailable author {{ name user {{ login }} }} }} }} }} }} }}
  contributingGuidelines {{ url }}
  codeOfConduct {{ url }}
  licenseInfo {{ spdxId }}
  issueTemplates {{ filename }}
  pullRequestTemplates {{ filename }}
  issues(first: 0) {{ totalCount }}
  pullRequests(first: 0) {{ totalCount }}
  discussions(first: 0) {{ totalCount }}
}}
"""
# Second pass, only for repositories that have conversations, each list asked for exactly
# as many items as it holds (up to --max-items): GitHub charges for the nodes a query
# could return, so "first: 30" on a repository with three issues pays for thirty.
CONVERSATION_FRAGMENTS = {
    "issues": f"""
fragment IssueDetail on Issue {{
  number title body url state stateReason createdAt closedAt author {{ {_ACTOR} }} authorAssociation
  labels(first: {LABELS_PER_ITEM}) {{ nodes {{ name }} }}
  timelineItems(itemTypes: [CLOSED_EVENT], last: 1) {{ nodes {{ ... on ClosedEvent {{ actor {{ {_ACTOR} }}
    closer {{ __typename ... on PullRequest {{ number url }} ... on Commit {{ oid url }} }} }} }} }}
  comments(first: {COMMENTS_PER_ITEM}) {{ nodes {{ {_COMMENT} }} }}
}}
""",
    "pullRequests": f"""
fragment PullDetail on PullRequest {{
  number title body url state merged mergedAt createdAt closedAt author {{ {_ACTOR} }} authorAssociation
  additions deletions changedFiles
  baseRepository {{ nameWithOwner }} headRepository {{ nameWithOwner }}
  labels(first: {LABELS_PER_ITEM}) {{ nodes {{ name }} }}
  closingIssuesReferences(first: {LINKED_ISSUES_PER_PULL}) {{ nodes {{ number repository {{ nameWithOwner }} }} }}
  comments(first: {COMMENTS_PER_ITEM}) {{ nodes {{ {_COMMENT} }} }}
  reviews(first: {REVIEWS_PER_PULL}) {{ nodes {{ author {{ {_ACTOR} }} authorAssociation body state submittedAt url
    comments(first: {COMMENTS_PER_REVIEW}) {{ nodes {{ author {{ {_ACTOR} }} authorAssociation body createdAt path line url }} }} }} }}
}}
""",
    "discussions": f"""
fragment DiscussionDetail on Discussion {{
  number title url createdAt author {{ {_ACTOR} }} authorAssociation category {{ name }}
  isAnswered answerChosenAt answerChosenBy {{ login }} answer {{ author {{ login }} url body }}
  comments(first: {COMMENTS_PER_ITEM}) {{ nodes {{ {_COMMENT} isAnswer
    replies(first: {REPLIES_PER_COMMENT}) {{ nodes {{ author {{ {_ACTOR} }} body url createdAt }} }} }} }}
}}
""",
}
_CONVERSATION_SPREADS = {"issues": "IssueDetail", "pullRequests": "PullDetail", "discussions": "DiscussionDetail"}
CONVERSATIONS = tuple(_CONVERSATION_SPREADS)
# GitHub's point cost counts one request per connection per parent node. These are the
# requests each listed item adds to its list's one (its nested connections, and theirs).
_REQUESTS_PER_ITEM = {
    "issues": 3,  # labels, closing event, comments
    "pullRequests": 4 + REVIEWS_PER_PULL,  # labels, linked issues, comments, reviews; each review's comments
    "discussions": 1 + COMMENTS_PER_ITEM,  # comments; each comment's replies
}


def overview_query(count: int) -> str:
    """The first pass for ``count`` repositories (variables owner0/name0, …, and commits)."""
    params = "".join(f", $owner{i}: String!, $name{i}: String!" for i in range(count))
    fields = "\n".join(f"  r{i}: repository(owner: $owner{i}, name: $name{i}) {{ ...RepoOverview }}" for i in range(count))
    return f"query RepoOverviews($commits: Int!{params}) {{\n{fields}\n}}\n{OVERVIEW_FRAGMENT}"


def conversation_query(wanted: list) -> str:
    """The second pass: ``wanted`` holds, per repository, {list name: items to read} (lists with items only).

    Variables: owner{i}, name{i} and one page size per list, ``{list}{i}``.
    """
    params, fields, used = [], [], set()
    for index, sizes in enumerate(wanted):
        params.append(f"$owner{index}: String!, $name{index}: String!")
        lists = []
        for name in CONVERSATIONS:
            if sizes.get(name):
                params.append(f"${name}{index}: Int!")
                lists.append(f"{name}(first: ${name}{index}, orderBy: {{field: CREATED_AT, direction: DESC}})"
                             f" {{ totalCount nodes {{ ...{_CONVERSATION_SPREADS[name]} }} }}")
                used.add(name)
        fields.append(f"  r{index}: repository(owner: $owner{index}, name: $name{index}) {{ {' '.join(lists)} }}")
    fragments = "".join(CONVERSATION_FRAGMENTS[name] for name in CONVERSATIONS if name in used)
    return f"query RepoConversations({', '.join(params)}) {{\n" + "\n".join(fields) + f"\n}}\n{fragments}"


def conversation_requests(sizes: dict) -> int:
    """What a repository's second pass adds to a query's request count (cost = requests / 100)."""
    return sum(1 + count * _REQUESTS_PER_ITEM[name] for name, count in sizes.items() if count)

