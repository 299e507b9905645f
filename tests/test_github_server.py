"""The local GitHub speaks GitHub's API: schemas, pagination, caching, limits, archives, GraphQL, faults, PyGithub."""

from __future__ import annotations

import functools
import gzip
import io
import json
import re
import socket
import tarfile
import urllib.error
import urllib.request
import zipfile
from datetime import timedelta

import jsonschema
import pytest

from tests.support.github_server import (
    EXTRA_KEYS,
    TEMPLATES,
    ApiDescription,
    GitHubServer,
    default_api_description,
)
from tests.support.github_world import (
    EMPTY_REPO,
    FLAGSHIP,
    FORK_REPO,
    HUGE_REPO,
    JAPANESE_REPO,
    build_world,
    parse_time,
)

API_DIR = default_api_description()
PERSON = "zoe-okafor"
TOKEN = "ghp_test_token"
CLIENT_TIMEOUT = 10  # seconds; every request in this file is bounded

pytestmark = pytest.mark.github_api


# ---------------------------------------------------------------------------
# Helpers

class Reply:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def call(url, token=TOKEN, headers=None, method="GET", data=None, timeout=CLIENT_TIMEOUT) -> Reply:
    all_headers = dict(headers or {})
    if token:
        all_headers["Authorization"] = f"token {token}"
    request = urllib.request.Request(url, headers=all_headers, method=method, data=data)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, error.read())


def graphql(server, query, variables=None, token=TOKEN) -> Reply:
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    return call(server.graphql_url, token=token, method="POST", data=body, headers={"Content-Type": "application/json"})


def openapi_to_jsonschema(node):
    """OpenAPI 3.0 schema -> JSON Schema: `nullable` becomes a null type, `oneOf` becomes `anyOf`.

    GitHub's description uses oneOf over overlapping variants (the events payload lists
    PublicEvent as a bare `{type: object}`, which matches every payload), so strict
    oneOf rejects even GitHub's own examples; anyOf keeps every variant's constraints.
    A subschema marked `x-cycle` (a recursive reference cut short) accepts anything.
    """
    if isinstance(node, list):
        return [openapi_to_jsonschema(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "x-cycle" in node:
        return {}
    result = {key: openapi_to_jsonschema(value) for key, value in node.items() if key not in ("example", "examples")}
    if "oneOf" in result:
        result["anyOf"] = result.pop("oneOf")
    if result.pop("nullable", False):
        if "type" in result:
            result["type"] = [result["type"], "null"] if isinstance(result["type"], str) else result["type"] + ["null"]
            if "enum" in result:
                result["enum"] = list(result["enum"]) + [None]
        else:
            result = {"anyOf": [result, {"type": "null"}]}
    return result


@functools.cache
def api_description() -> ApiDescription:
    """GitHub's API description, read when a test first needs it (a plain clone has none: the tests skip)."""
    return ApiDescription(API_DIR)


def response_schema(operation_id, status="200", media="application/json"):
    content = api_description().operations[operation_id]["responses"][status]["content"]
    return openapi_to_jsonschema(content[media]["schema"])


def assert_matches_schema(operation_id, body, status="200"):
    jsonschema.Draft7Validator(response_schema(operation_id, status)).validate(body)


@pytest.fixture(scope="module")
def server():
    with GitHubServer(build_world()) as running:
        yield running


@pytest.fixture(autouse=True)
def fresh(server):
    server.reset()
    yield


def api(server, path):
    return server.base_url + path


# ---------------------------------------------------------------------------
# Schemas: every operation in rest/, for a sample of the world.

SAMPLES = {
    "users/get-by-username": [f"/users/{PERSON}", "/users/dependabot%5Bbot%5D", "/users/tidal-labs", "/users/max-mustermann"],
    "repos/list-for-user": [f"/users/{PERSON}/repos?per_page=100", "/users/tidal-labs/repos"],
    "repos/get": [f"/repos/{PERSON}/{FLAGSHIP}", f"/repos/{PERSON}/{FORK_REPO}", f"/repos/{PERSON}/{EMPTY_REPO}",
                  "/repos/tidal-labs/harbour-api", f"/repos/{PERSON}/old-homework"],
    "repos/get-readme": [f"/repos/{PERSON}/{FLAGSHIP}/readme", f"/repos/{PERSON}/{JAPANESE_REPO}/readme",
                         f"/repos/{PERSON}/{FORK_REPO}/readme"],
    "repos/get-content": [f"/repos/{PERSON}/{FLAGSHIP}/contents/", f"/repos/{PERSON}/{FLAGSHIP}/contents/src/tidewatch",
                          f"/repos/{PERSON}/{FLAGSHIP}/contents/docs/usage.md",
                          f"/repos/{PERSON}/{HUGE_REPO}/contents/packages/donn%C3%A9es/caf%C3%A9.py"],
    "repos/list-commits": [f"/repos/{PERSON}/{FLAGSHIP}/commits?per_page=100", f"/repos/{PERSON}/{FORK_REPO}/commits"],
    "repos/list-languages": [f"/repos/{PERSON}/{FLAGSHIP}/languages", f"/repos/{PERSON}/{EMPTY_REPO}/languages"],
    "repos/get-all-topics": [f"/repos/{PERSON}/{FLAGSHIP}/topics", f"/repos/{PERSON}/{EMPTY_REPO}/topics"],
    "repos/list-contributors": [f"/repos/{PERSON}/{FLAGSHIP}/contributors", f"/repos/{PERSON}/{FLAGSHIP}/contributors?anon=1"],
    "repos/get-community-profile-metrics": [f"/repos/{PERSON}/{FLAGSHIP}/community/profile",
                                            f"/repos/{PERSON}/{EMPTY_REPO}/community/profile"],
    "issues/list-for-repo": [f"/repos/{PERSON}/{FLAGSHIP}/issues?state=all&per_page=100", "/repos/kenji-tanaka/kanji-cards/issues?state=all"],
    "issues/list-comments": [f"/repos/{PERSON}/{FLAGSHIP}/issues/{n}/comments" for n in (1, 2, 3, 5, 8)],
    "issues/list-comments-for-repo": [f"/repos/{PERSON}/{FLAGSHIP}/issues/comments?per_page=100"],
    "pulls/list": [f"/repos/{PERSON}/{FLAGSHIP}/pulls?state=all&per_page=100", "/repos/kenji-tanaka/kanji-cards/pulls?state=all"],
    "pulls/list-reviews": [],  # filled from the world below
    "pulls/list-review-comments-for-repo": [f"/repos/{PERSON}/{FLAGSHIP}/pulls/comments?per_page=100"],
    "search/issues-and-pull-requests": [f"/search/issues?q=author:{PERSON}+type:pr", f"/search/issues?q=author:{PERSON}+is:issue",
                                        "/search/issues?q=is:pr+is:merged+user:kenji-tanaka", "/search/issues?q=Crash"],
    "git/get-tree": [f"/repos/{PERSON}/{FLAGSHIP}/git/trees/main?recursive=1", f"/repos/{PERSON}/{FLAGSHIP}/git/trees/HEAD"],
    "rate-limit/get": ["/rate_limit"],
    "activity/list-public-events-for-user": [f"/users/{PERSON}/events/public?per_page=100"],
}


def test_every_operation_in_the_api_description_is_served_and_sampled(server):
    assert set(SAMPLES) | {"repos/download-tarball-archive"} == set(api_description().operations)


# GitHub examples that lag behind their own schema: a newly required key is missing
# (requested_teams[].type, repository.language) or the items are placeholders ("...").
STALE_EXAMPLES = {("pulls/list", "default"), ("repos/get", "default-response"),
                  ("search/issues-and-pull-requests", "lexical-fallback")}


def test_github_examples_pass_the_schema_conversion():
    """The validator itself is trustworthy: GitHub's own example bodies validate."""
    for operation_id, operation in api_description().operations.items():
        media = operation["responses"].get("200", {}).get("content", {}).get("application/json")
        for name, example in (media or {}).get("examples", {}).items():
            validator = jsonschema.Draft7Validator(openapi_to_jsonschema(media["schema"]))
            errors = list(validator.iter_errors(example))
            if (operation_id, name) in STALE_EXAMPLES:
                assert errors, f"{operation_id}/{name} is no longer stale; drop it from STALE_EXAMPLES"
            else:
                assert not errors, (operation_id, name, errors[0].message)


@pytest.mark.parametrize("operation_id", sorted(op for op in SAMPLES))
def test_rest_responses_follow_githubs_schema(server, operation_id):
    paths = list(SAMPLES[operation_id])
    if operation_id == "pulls/list-reviews":
        repo = server.world.repo(PERSON, FLAGSHIP)
        paths = [f"/repos/{PERSON}/{FLAGSHIP}/pulls/{p.number}/reviews" for p in repo.pulls()[:5]]
    for path in paths:
        reply = call(api(server, path))
        assert reply.status == 200, (path, reply.body[:300])
        body = reply.json()
        assert_matches_schema(operation_id, body)
        if isinstance(body, list) and operation_id not in ("repos/get-content",):
            assert body or "empty" in path or "comments" in path, f"{path} returned nothing to validate"


def test_bodies_use_githubs_example_keys(server):
    """Every object carries exactly the key set of GitHub's example (plus documented extras)."""
    repo = call(api(server, f"/repos/{PERSON}/{FORK_REPO}")).json()
    keys = api_description().keys["full-repository"]
    assert set(keys) - {"permissions", "security_and_analysis", "temp_clone_token", "allow_rebase_merge",
                        "allow_squash_merge", "allow_auto_merge", "delete_branch_on_merge", "allow_merge_commit",
                        "template_repository", "organization"} <= set(repo)
    assert repo["fork"] is True and repo["parent"]["full_name"] == "kenji-tanaka/kanji-cards"
    flagship = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}")).json()
    assert "parent" not in flagship and "source" not in flagship
    issues = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/issues?state=all&per_page=100")).json()
    for issue in issues:
        assert set(issue) <= set(api_description().keys["issue"]) | set(EXTRA_KEYS["issue"])
        assert set(api_description().keys["issue"]) - {"pull_request"} <= set(issue)
        assert set(issue["user"]) <= set(api_description().keys["simple-user"]) | set(EXTRA_KEYS["simple-user"])


def test_extra_keys_are_in_githubs_schema():
    """Keys the fake adds beyond the examples are ones GitHub's schema documents."""
    schemas = {
        "repository": response_schema("repos/list-for-user")["items"],
        "full-repository": response_schema("repos/get"),
        "issue": response_schema("issues/list-for-repo")["items"],
        "issue-pull-request": response_schema("issues/list-for-repo")["items"]["properties"]["pull_request"],
        "search-item": response_schema("search/issues-and-pull-requests")["properties"]["items"]["items"],
        "review-comment": response_schema("pulls/list-review-comments-for-repo")["items"],
        "simple-user": response_schema("issues/list-for-repo")["items"]["properties"]["user"],
        "pull-repository": response_schema("pulls/list")["items"]["properties"]["head"]["properties"]["repo"],
    }
    for kind, extras in EXTRA_KEYS.items():
        assert kind in TEMPLATES
        properties = schemas[kind]["properties"]
        assert set(extras) <= set(properties), kind


def test_issues_list_mixes_issues_and_pull_requests(server):
    items = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/issues?state=all&per_page=100")).json()
    pulls = [i for i in items if "pull_request" in i]
    assert pulls and len(pulls) < len(items)
    assert all(set(p["pull_request"]) >= {"url", "html_url", "diff_url", "patch_url", "merged_at"} for p in pulls)
    bots = [i for i in items if i["user"]["type"] == "Bot"]
    assert bots and bots[0]["user"]["login"].endswith("[bot]")


def test_unicode_survives(server):
    readme = call(api(server, f"/repos/{PERSON}/{JAPANESE_REPO}/readme"), headers={"Accept": "application/vnd.github.raw"})
    assert readme.status == 200 and "俳句ボット" in readme.body.decode("utf-8")
    user = call(api(server, "/users/kenji-tanaka")).json()
    assert user["name"] == "田中 健二"


def test_readme_json_has_base64_and_raw_media_type_returns_bytes(server):
    import base64

    body = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/readme")).json()
    assert body["encoding"] == "base64"
    text = base64.b64decode(body["content"]).decode("utf-8")
    assert text.startswith("# Tidewatch")
    raw = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/readme"), headers={"Accept": "application/vnd.github.raw"})
    assert raw.body.decode("utf-8") == text
    assert raw.headers["Content-Type"].startswith("application/vnd.github.raw")


def test_empty_repository_answers_like_github(server):
    commits = call(api(server, f"/repos/{PERSON}/{EMPTY_REPO}/commits"))
    assert commits.status == 409 and commits.json()["message"] == "Git Repository is empty."
    assert call(api(server, f"/repos/{PERSON}/{EMPTY_REPO}/git/trees/main")).status == 409
    assert call(api(server, f"/repos/{PERSON}/{EMPTY_REPO}/contents/")).status == 404
    assert call(api(server, f"/repos/{PERSON}/{EMPTY_REPO}/readme")).status == 404
    assert call(api(server, f"/repos/{PERSON}/{EMPTY_REPO}/contributors")).status == 204


def test_not_found_body(server):
    reply = call(api(server, "/repos/nobody/nothing"))
    assert reply.status == 404
    body = reply.json()
    assert body["message"] == "Not Found" and body["documentation_url"].startswith("https://docs.github.com")
    assert_matches_schema("repos/get", body, "404")


def test_unlinked_commit_author_is_null(server):
    commits = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/commits?per_page=100")).json()
    assert any(c["author"] is None for c in commits)
    assert any(c["commit"]["message"].count("\n") for c in commits)


def test_huge_repository_tree(server):
    tree = call(api(server, f"/repos/{PERSON}/{HUGE_REPO}/git/trees/main?recursive=1")).json()
    blobs = [entry for entry in tree["tree"] if entry["type"] == "blob"]
    assert len(blobs) >= server.world.config.huge_repo_files and tree["truncated"] is False


# ---------------------------------------------------------------------------
# Pagination, caching, rate limits, credentials.

def test_link_pagination_walks_every_page(server):
    expected = len(server.world.repo(PERSON, FLAGSHIP).issues)
    url, seen, pages = api(server, f"/repos/{PERSON}/{FLAGSHIP}/issues?state=all&per_page=7"), [], 0
    while url and pages < 50:
        reply = call(url)
        seen += [item["number"] for item in reply.json()]
        links = {rel.split('"')[1]: part.split(";")[0].strip("<> ") for part in (reply.headers.get("Link") or "").split(",")
                 if part for rel in [part.split(";")[1]]}
        if pages == 0:
            assert set(links) == {"next", "last"}
        url = links.get("next")
        if url:
            assert url.startswith(server.base_url)
        pages += 1
    assert sorted(seen) == list(range(1, expected + 1))
    assert pages == -(-expected // 7)
    middle = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/issues?state=all&per_page=7&page=2")).headers["Link"]
    assert all(f'rel="{rel}"' in middle for rel in ("prev", "next", "last", "first"))


def test_per_page_is_capped_at_100(server):
    reply = call(api(server, f"/repos/{PERSON}/{HUGE_REPO}/contents/packages/pkg-000"))
    assert reply.status == 200
    commits = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/commits?per_page=500")).json()
    assert len(commits) == min(100, len(server.world.repo(PERSON, FLAGSHIP).commits))
    default = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/commits")).json()
    assert len(default) == 30


def test_etag_304_does_not_spend_rate_limit(server):
    url = api(server, f"/repos/{PERSON}/{FLAGSHIP}")
    first = call(url)
    etag = first.headers["ETag"]
    remaining = int(first.headers["X-RateLimit-Remaining"])
    cached = call(url, headers={"If-None-Match": etag})
    assert cached.status == 304 and cached.body == b""
    assert int(cached.headers["X-RateLimit-Remaining"]) == remaining
    again = call(url)
    assert int(again.headers["X-RateLimit-Remaining"]) == remaining - 1
    assert server.stats.snapshot()["not_modified"] == 1


def test_anonymous_limit_is_60_and_then_403(server):
    reply = call(api(server, f"/users/{PERSON}"), token=None)
    assert reply.headers["X-RateLimit-Limit"] == "60" and reply.headers["X-RateLimit-Remaining"] == "59"
    assert reply.headers["X-RateLimit-Resource"] == "core"
    authed = call(api(server, f"/users/{PERSON}"))
    assert authed.headers["X-RateLimit-Limit"] == "5000"
    server.set_remaining("core", 1)
    assert call(api(server, f"/users/{PERSON}"), token=None).status == 200
    limited = call(api(server, f"/users/{PERSON}"), token=None)
    assert limited.status == 403 and limited.headers["X-RateLimit-Remaining"] == "0"
    assert "API rate limit exceeded" in limited.json()["message"]
    assert int(limited.headers["X-RateLimit-Reset"]) > 0


def test_bad_token_is_401():
    with GitHubServer(build_world(repo_count=7), tokens={"good"}) as strict:
        bad = call(strict.base_url + f"/users/{PERSON}", token="wrong")
        assert bad.status == 401 and bad.json()["message"] == "Bad credentials"
        assert "documentation_url" in bad.json()
        assert call(strict.base_url + f"/users/{PERSON}", token="good").status == 200
        assert call(strict.base_url + f"/users/{PERSON}", headers={"Authorization": "Bearer good"}, token=None).status == 200


def test_search_queries(server):
    merged = call(api(server, f"/search/issues?q=author:{PERSON}+type:pr+is:merged")).json()
    assert merged["total_count"] >= 3
    assert all(item["user"]["login"] == PERSON and item["pull_request"]["merged_at"] for item in merged["items"])
    others = call(api(server, f"/search/issues?q=author:{PERSON}+type:pr+-user:{PERSON}")).json()
    assert others["total_count"] >= 5 and all(f"/{PERSON}/" not in i["repository_url"] for i in others["items"])
    search_reply = call(api(server, "/search/issues?q=is:pr"))
    assert search_reply.headers["X-RateLimit-Resource"] == "search"
    for bad in ("/search/issues", "/search/issues?q=", "/search/issues?q=author:no-such-person-xyz"):
        reply = call(api(server, bad))
        assert reply.status == 422, bad
        assert_matches_schema("search/issues-and-pull-requests", reply.json(), "422")


# ---------------------------------------------------------------------------
# Archives.

def test_tarball_redirects_same_host_to_a_real_archive(server):
    reply = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/tarball/main"))
    assert reply.status == 302
    location = reply.headers["Location"]
    assert location.startswith(server.origin + "/")
    archive = call(location)
    assert archive.status == 200
    head = server.world.repo(PERSON, FLAGSHIP).head.sha
    with tarfile.open(fileobj=io.BytesIO(archive.body), mode="r:gz") as tar:
        names = tar.getnames()
        assert tar.pax_headers.get("comment") == head
    prefix = f"{PERSON}-{FLAGSHIP}-{head[:7]}/"
    assert all(name.startswith(prefix.rstrip("/")) for name in names)
    assert prefix + "README.md" in names and prefix + "src/tidewatch/detect.py" in names
    # .gitattributes marks these export-ignore.
    assert not any(n.startswith(prefix + "tests/fixtures") or n.startswith(prefix + "docs/internal") for n in names)
    assert prefix + ".gitattributes" not in names and prefix + "tests/test_detect.py" in names
    default_ref = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/tarball"))
    assert default_ref.status == 302
    assert call(api(server, f"/repos/{PERSON}/{EMPTY_REPO}/tarball")).status == 404


# ---------------------------------------------------------------------------
# GraphQL.

PROFILE_QUERY = """
query($login: String!, $after: String) {
  user(login: $login) {
    name bio
    repositories(first: 3, after: $after, ownerAffiliations: OWNER, isFork: false, privacy: PUBLIC,
                 orderBy: {field: PUSHED_AT, direction: DESC}) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        name description isFork isArchived stargazerCount
        repositoryTopics(first: 10) { nodes { topic { name } } }
        defaultBranchRef { name target { ... on Commit { oid history(first: 5) { nodes {
          oid messageHeadline messageBody additions deletions changedFilesIfAvailable
          author { name user { login } } committedDate } } } } }
        object(expression: "HEAD:README.md") { ... on Blob { text } }
        issues(first: 5, states: [OPEN, CLOSED], orderBy: {field: CREATED_AT, direction: DESC}) {
          totalCount
          nodes { number title body url author { login __typename } authorAssociation createdAt closedAt
                  state stateReason comments(first: 5) { nodes { author { login } body createdAt url authorAssociation } } }
        }
        pullRequests(first: 5, states: [MERGED]) { totalCount nodes { number merged reviews(first: 5) { nodes { state author { login } } } } }
        discussions(first: 5) { nodes { number title url author { login } category { name }
                                        answer { author { login } url body } comments(first: 5) { nodes { body } } } }
      }
    }
  }
  rateLimit { cost remaining resetAt limit used }
}
"""


def test_graphql_profile_query_executes(server):
    reply = graphql(server, PROFILE_QUERY, {"login": PERSON})
    assert reply.status == 200
    body = reply.json()
    assert "errors" not in body, body.get("errors")
    user = body["data"]["user"]
    assert user["name"] == "Zoë Okafor"
    repos = user["repositories"]
    expected = [r for r in server.world.repos_of(PERSON) if not r.fork_of]
    assert repos["totalCount"] == len(expected) and repos["pageInfo"]["hasNextPage"] is True
    pushed = sorted(expected, key=lambda r: r.pushed_at, reverse=True)
    assert [n["name"] for n in repos["nodes"]] == [r.name for r in pushed[:3]]
    assert body["data"]["rateLimit"]["limit"] == 5000 and body["data"]["rateLimit"]["cost"] >= 1
    # Walk every page through endCursor; the walk is bounded.
    names, after = [], None
    for _ in range(20):
        page = graphql(server, PROFILE_QUERY, {"login": PERSON, "after": after}).json()["data"]["user"]["repositories"]
        names += [n["name"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(names) == sorted(r.name for r in expected)


def test_graphql_flagship_data_is_shaped_right(server):
    query = """query { repository(owner: "%s", name: "%s") {
        object(expression: "HEAD:README.md") { ... on Blob { text } }
        defaultBranchRef { target { ... on Commit { history(first: 100) { totalCount nodes { author { user { login } } } } } } }
        issues(first: 100, states: [OPEN, CLOSED]) { nodes { author { login __typename } comments(first: 50) { totalCount } } }
        discussions(first: 10) { totalCount nodes { category { name } answer { author { login } } } }
        languages(first: 5) { edges { size node { name } } }
    } }""" % (PERSON, FLAGSHIP)
    body = graphql(server, query).json()
    assert "errors" not in body, body.get("errors")
    repo = body["data"]["repository"]
    assert repo["object"]["text"].startswith("# Tidewatch")
    history = repo["defaultBranchRef"]["target"]["history"]
    assert history["totalCount"] == len(server.world.repo(PERSON, FLAGSHIP).commits)
    assert any(node["author"]["user"] is None for node in history["nodes"])
    typenames = {node["author"]["__typename"] for node in repo["issues"]["nodes"]}
    assert "User" in typenames
    assert any(d["answer"] for d in repo["discussions"]["nodes"])
    assert repo["languages"]["edges"][0]["node"]["name"] == "Python" and repo["languages"]["edges"][0]["size"] > 0


def test_graphql_search_and_unknown_fields_return_sensible_values(server):
    query = """query { search(type: ISSUE, query: "author:%s type:pr", first: 50) {
        issueCount nodes { ... on PullRequest { number merged repository { nameWithOwner } } } }
      viewer { login contributionsCollection { totalCommitContributions } } }""" % PERSON
    body = graphql(server, query).json()
    assert "errors" not in body, body.get("errors")
    assert body["data"]["search"]["issueCount"] >= 5
    assert body["data"]["viewer"]["contributionsCollection"]["totalCommitContributions"] == 0


def test_graphql_invalid_field_returns_errors_with_200(server):
    reply = graphql(server, "{ user(login: \"%s\") { nme } }" % PERSON)
    assert reply.status == 200
    errors = reply.json()["errors"]
    assert errors[0]["message"] == "Field 'nme' doesn't exist on type 'User'"
    assert "data" not in reply.json()
    syntax = graphql(server, "{ user(login: ")
    assert syntax.status == 200 and syntax.json()["errors"]


def test_graphql_pagination_bounds_and_not_found(server):
    missing = graphql(server, "{ user(login: \"%s\") { repositories { totalCount } } }" % PERSON).json()
    assert missing["errors"][0]["type"] == "MISSING_PAGINATION_BOUNDARIES"
    excessive = graphql(server, "{ user(login: \"%s\") { repositories(first: 101) { totalCount } } }" % PERSON).json()
    assert excessive["errors"][0]["type"] == "EXCESSIVE_PAGINATION"
    nobody = graphql(server, "{ user(login: \"no-such-person-xyz\") { login } }").json()
    assert nobody["data"]["user"] is None and nobody["errors"][0]["type"] == "NOT_FOUND"


def test_graphql_requires_a_token_and_charges_points(server):
    assert graphql(server, "{ viewer { login } }", token=None).status == 401
    query = "{ user(login: \"%s\") { repositories(first: 100) { nodes { issues(first: 100) { totalCount } } } } rateLimit { cost remaining } }" % PERSON
    body = graphql(server, query).json()
    assert body["data"]["rateLimit"]["cost"] == 1  # 1 + 100 requests -> /100 -> 1
    heavy = "{ user(login: \"%s\") { repositories(first: 100) { nodes { issues(first: 100) { nodes { comments(first: 100) { totalCount } } } } } } rateLimit { cost remaining } }" % PERSON
    body = graphql(server, heavy).json()
    assert body["data"]["rateLimit"]["cost"] == round((1 + 100 + 100 * 100) / 100)
    assert server.stats.snapshot()["graphql_points"] == 1 + body["data"]["rateLimit"]["cost"]


def _selection(schema, type_name, depth):
    """Every field of ``type_name`` that needs no argument: leaves, and objects one level down."""
    from graphql import get_named_type, is_leaf_type, is_non_null_type

    parts = []
    for name, definition in schema.get_type(type_name).fields.items():
        if any(is_non_null_type(arg.type) for arg in definition.args.values()):
            continue
        named = get_named_type(definition.type)
        if is_leaf_type(named):
            parts.append(name)
        elif depth > 0:
            paging = "(first: 2)" if named.name.endswith("Connection") and "first" in definition.args else ""
            parts.append(f"{name}{paging} {{ __typename }}")
    return " ".join(parts)


def test_graphql_any_field_selection_resolves_without_errors(server):
    """The generic resolver answers every argument-free field of the main types with data or null."""
    schema = server._graphql.schema
    query = """{ user(login: "%s") { %s
        repositories(first: 2) { nodes { %s
          defaultBranchRef { target { ... on Commit { %s } } }
          issues(first: 2) { nodes { %s comments(first: 2) { nodes { %s } } } }
          pullRequests(first: 2) { nodes { %s reviews(first: 2) { nodes { %s comments(first: 2) { nodes { %s } } } } } }
          discussions(first: 2) { nodes { %s comments(first: 2) { nodes { %s } } } } } } } }""" % (
        PERSON, _selection(schema, "User", 1), _selection(schema, "Repository", 1), _selection(schema, "Commit", 1),
        _selection(schema, "Issue", 1), _selection(schema, "IssueComment", 0), _selection(schema, "PullRequest", 1),
        _selection(schema, "PullRequestReview", 0), _selection(schema, "PullRequestReviewComment", 0),
        _selection(schema, "Discussion", 1), _selection(schema, "DiscussionComment", 0))
    body = graphql(server, query).json()
    assert "errors" not in body, body["errors"][:3]
    assert body["data"]["user"]["login"] == PERSON


def test_graphql_commit_archive_urls_are_served_on_this_host(server):
    repo = server.world.repo(PERSON, FLAGSHIP)
    query = """{ repository(owner: "%s", name: "%s") { defaultBranchRef { target { ... on Commit {
        oid tarballUrl zipballUrl history(first: 2) { nodes { oid tarballUrl } } } } } } }""" % (PERSON, FLAGSHIP)
    body = graphql(server, query).json()
    assert "errors" not in body, body.get("errors")
    head = body["data"]["repository"]["defaultBranchRef"]["target"]
    assert head["oid"] == repo.head.sha
    # The REST redirect for the same commit points at the same codeload path.
    redirect = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/tarball/{repo.head.sha}"))
    assert head["tarballUrl"] == redirect.headers["Location"]
    assert head["tarballUrl"].startswith(server.origin + "/_codeload/") and head["tarballUrl"].endswith(repo.head.sha)
    older = body["data"]["repository"]["defaultBranchRef"]["target"]["history"]["nodes"][1]
    assert older["tarballUrl"].endswith(older["oid"])
    prefix = f"{PERSON}-{FLAGSHIP}-{repo.head.sha[:7]}/"
    tarball = call(head["tarballUrl"], token=None)
    assert tarball.status == 200
    with tarfile.open(fileobj=io.BytesIO(tarball.body), mode="r:gz") as tar:
        assert tar.pax_headers.get("comment") == repo.head.sha and prefix + "README.md" in tar.getnames()
    zipball = call(head["zipballUrl"], token=None)
    assert zipball.status == 200 and zipball.headers["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(zipball.body)) as archive:
        names = archive.namelist()
        assert archive.comment.decode() == repo.head.sha
        assert archive.read(prefix + "README.md") == repo.files["README.md"]
    assert not any(name.startswith(prefix + "docs/internal") for name in names)  # export-ignore holds for zips too
    assert server.stats.snapshot()["by_endpoint"]["codeload"] == 2


CLOSES_QUERY = """query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {
  issues(first: 100) { nodes { number state stateReason closedAt author { login }
    timelineItems(itemTypes: [CLOSED_EVENT], last: 1) { totalCount nodes { ... on ClosedEvent {
      actor { login __typename } createdAt stateReason
      closer { __typename ... on PullRequest { number url merged } ... on Commit { oid url message } } } } } } }
  pullRequests(first: 100) { nodes { number body merged mergedAt
    closingIssuesReferences(first: 10) { totalCount nodes { number repository { nameWithOwner } } } } } } }"""


def _graphql_login(login):
    return login[:-5] if login.endswith("[bot]") else login


def test_graphql_closed_events_name_who_and_what_closed_each_issue(server):
    world = server.world
    closers = set()
    for repo in world.repos.values():
        if not repo.plain_issues():
            continue
        body = graphql(server, CLOSES_QUERY, {"owner": repo.owner, "name": repo.name}).json()
        assert "errors" not in body, body.get("errors")
        pulls = {p["number"]: p for p in body["data"]["repository"]["pullRequests"]["nodes"]}
        for node in body["data"]["repository"]["issues"]["nodes"]:
            issue = repo.issue(node["number"])
            events = node["timelineItems"]["nodes"]
            if issue.state == "open":
                assert events == [] and node["timelineItems"]["totalCount"] == 0
                continue
            (event,) = events
            assert event["actor"]["login"] == _graphql_login(issue.closed_by)
            assert event["createdAt"] == node["closedAt"] == issue.closed_at
            assert event["stateReason"] == node["stateReason"]
            closer = event["closer"]
            if closer is None:
                continue
            closers.add(closer["__typename"])
            if closer["__typename"] == "PullRequest":
                assert closer["merged"] and closer["url"].endswith(f"/pull/{closer['number']}")
                linked = [ref["number"] for ref in pulls[closer["number"]]["closingIssuesReferences"]["nodes"]]
                assert issue.number in linked and pulls[closer["number"]]["mergedAt"] == issue.closed_at
            else:
                assert f"#{issue.number}" in closer["message"] and closer["url"].endswith(closer["oid"])
                assert closer["oid"] in [c.sha for c in repo.commits]
                assert event["actor"]["login"] == repo.owner and node["stateReason"] == "COMPLETED"
    assert closers == {"PullRequest", "Commit"}
    # REST agrees on who closed an issue, with the "[bot]" suffix REST gives bots.
    stale = next((r, i) for r, i in world.all_issues() if i.closed_by == "github-actions[bot]")
    rest = call(api(server, f"/repos/{stale[0].full_name}/issues?state=closed&per_page=100")).json()
    assert next(item for item in rest if item["number"] == stale[1].number)["closed_by"]["login"] == "github-actions[bot]"


def test_graphql_closing_issues_references_follow_closing_keywords(server):
    world = server.world
    linked_somewhere = False
    for repo in world.repos.values():
        if not repo.pulls():
            continue
        body = graphql(server, CLOSES_QUERY, {"owner": repo.owner, "name": repo.name}).json()
        for node in body["data"]["repository"]["pullRequests"]["nodes"]:
            named = {int(n) for n in re.findall(r"(?i)\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?\s+#(\d+)", node["body"])}
            expected = sorted(n for n in named if repo.issue(n) and not repo.issue(n).is_pull)
            references = node["closingIssuesReferences"]
            assert sorted(ref["number"] for ref in references["nodes"]) == expected, node["body"]
            assert references["totalCount"] == len(expected)
            assert all(ref["repository"]["nameWithOwner"] == repo.full_name for ref in references["nodes"])
            linked_somewhere = linked_somewhere or bool(expected)
    assert linked_somewhere
    manual = graphql(server, """{ repository(owner: "%s", name: "%s") { pullRequests(first: 100) { nodes {
        closingIssuesReferences(first: 5, userLinkedOnly: true) { totalCount } } } } }""" % (PERSON, FLAGSHIP)).json()
    assert all(n["closingIssuesReferences"]["totalCount"] == 0 for n in manual["data"]["repository"]["pullRequests"]["nodes"])


def test_graphql_timeline_lists_comments_cross_references_and_the_close_in_order(server):
    world = server.world
    repo = world.repo(PERSON, FLAGSHIP)
    fixed = next(i for i in repo.plain_issues() if i.closer_pull)
    query = """query($number: Int!, $types: [IssueTimelineItemsItemType!], $since: DateTime) {
      repository(owner: "%s", name: "%s") { issue(number: $number) {
        timelineItems(first: 50, itemTypes: $types, since: $since) { totalCount filteredCount pageCount nodes { __typename
          ... on IssueComment { createdAt author { login } }
          ... on CrossReferencedEvent { createdAt referencedAt willCloseTarget isCrossRepository
                                        source { ... on PullRequest { number } } target { ... on Issue { number } } }
          ... on ClosedEvent { createdAt closer { ... on PullRequest { number } } } } } } } }""" % (PERSON, FLAGSHIP)
    everything = graphql(server, query, {"number": fixed.number}).json()
    assert "errors" not in everything, everything.get("errors")
    nodes = everything["data"]["repository"]["issue"]["timelineItems"]["nodes"]
    assert [n["createdAt"] for n in nodes] == sorted(n["createdAt"] for n in nodes)
    assert sum(n["__typename"] == "IssueComment" for n in nodes) == len(fixed.comments)
    reference = next(n for n in nodes if n["__typename"] == "CrossReferencedEvent" and n["source"]["number"] == fixed.closer_pull)
    assert reference["willCloseTarget"] and not reference["isCrossRepository"] and reference["target"]["number"] == fixed.number
    assert nodes[-1]["__typename"] == "ClosedEvent" and nodes[-1]["closer"]["number"] == fixed.closer_pull
    only = graphql(server, query, {"number": fixed.number, "types": ["CROSS_REFERENCED_EVENT"]}).json()
    assert {n["__typename"] for n in only["data"]["repository"]["issue"]["timelineItems"]["nodes"]} == {"CrossReferencedEvent"}
    later = graphql(server, query, {"number": fixed.number, "since": fixed.closed_at}).json()
    assert [n["__typename"] for n in later["data"]["repository"]["issue"]["timelineItems"]["nodes"]][-1] == "ClosedEvent"
    # A mention without a closing keyword is a cross-reference that will not close its target.
    mentions = [(r, i, will) for r, i in world.all_issues() for _, _, will in world.references_to(r, i)]
    assert any(not will for _, _, will in mentions) and any(will for _, _, will in mentions)


def test_world_closes_issues_the_way_projects_do():
    world = build_world()
    endings = set()
    for repo in world.repos_of(PERSON):
        for issue in repo.plain_issues():
            assert all(issue.created_at <= c.created_at for c in issue.comments)
            assert [c.created_at for c in issue.comments] == sorted(c.created_at for c in issue.comments)
            if issue.state != "closed":
                assert issue.closed_by is None and issue.closed_at is None
                continue
            assert issue.created_at <= issue.closed_at <= issue.updated_at <= world.now
            if world.association(repo, issue.author) in ("OWNER", "MEMBER"):
                continue
            explanation = [c for c in issue.comments if world.is_maintainer(repo, c.author)
                           and parse_time(issue.closed_at) - parse_time(c.created_at) <= timedelta(hours=72)]
            if issue.closer_pull or issue.closer_commit:
                endings.add("pull request" if issue.closer_pull else "commit")
            elif issue.closed_by == issue.author:
                endings.add("withdrawn")
            elif issue.closed_by.endswith("[bot]"):
                endings.add("stale bot")
            elif explanation:
                assert all(c.created_at <= issue.closed_at for c in explanation)
                endings.add("explained")
            else:
                endings.add("silent")
    assert endings == {"pull request", "commit", "withdrawn", "stale bot", "explained", "silent"}
    # First replies from minutes to weeks after the issue was opened.
    waits = [parse_time(issue.comments[0].created_at) - parse_time(issue.created_at)
             for _, issue in world.all_issues() if issue.comments]
    assert min(waits) < timedelta(hours=3) and max(waits) > timedelta(days=7)
    again = build_world()
    assert [(i.closed_by, i.closer_pull, i.closer_commit, i.body) for _, i in world.all_issues()] == \
        [(i.closed_by, i.closer_pull, i.closer_commit, i.body) for _, i in again.all_issues()]


def test_concurrent_clients_are_counted_exactly(server):
    from concurrent.futures import ThreadPoolExecutor

    paths = [f"/repos/{PERSON}/{FLAGSHIP}", f"/users/{PERSON}", f"/repos/{PERSON}/{FLAGSHIP}/issues?state=all"] * 10
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda path: call(api(server, path)).status, paths))
    assert statuses == [200] * len(paths)
    stats = server.stats.snapshot()
    assert stats["total"] == len(paths) and stats["counted"] == {"core": len(paths)}


# ---------------------------------------------------------------------------
# Fault injection.

def test_fault_429_with_and_without_retry_after(server):
    server.add_fault("rate_limit_429", path=r"/users/", retry_after=3)
    server.add_fault("rate_limit_429", path=r"/users/", nth=2)
    first = call(api(server, f"/users/{PERSON}"))
    assert first.status == 429 and first.headers["Retry-After"] == "3"
    second = call(api(server, f"/users/{PERSON}"))
    assert second.status == 429 and second.headers.get("Retry-After") is None
    assert call(api(server, f"/users/{PERSON}")).status == 200


def test_fault_primary_and_secondary_limits(server):
    server.add_fault("primary_rate_limit", path=r"/repos/")
    primary = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}"))
    assert primary.status == 403 and primary.headers["X-RateLimit-Remaining"] == "0"
    assert int(primary.headers["X-RateLimit-Reset"]) > 0
    server.add_fault("secondary_rate_limit", path=r"/repos/", retry_after=1)
    secondary = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}"))
    assert secondary.status == 403 and secondary.headers["Retry-After"] == "1"
    assert "secondary rate limit" in secondary.json()["message"]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_fault_server_errors(server, status):
    server.add_fault("status", status=status, path=r"/readme$", count=2)
    assert call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/readme")).status == status
    assert call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/readme")).status == status
    assert call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/readme")).status == 200


def test_fault_probability_is_seeded(server):
    def run():
        server.reset()
        server.add_fault("status", status=503, probability=0.5, count=None, path=r"/topics$")
        return [call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/topics")).status for _ in range(12)]

    first = run()
    assert first == run() and 503 in first and 200 in first


def test_fault_connection_reset(server):
    server.add_fault("connection_reset", path=r"/commits$")
    with pytest.raises((ConnectionError, urllib.error.URLError, OSError)) as caught:
        call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/commits")).json()
    assert caught.value is not None
    assert server.stats.snapshot()["faults"] == {"connection_reset": 1}


def test_fault_slow_response_beyond_timeout(server):
    import time

    server.add_fault("slow", delay=1.0, path=r"/languages$")
    with pytest.raises((socket.timeout, TimeoutError, urllib.error.URLError)):
        call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/languages"), timeout=0.3)
    # Let the abandoned handler finish so it is not counted in the next test (bounded wait).
    deadline = time.monotonic() + 5
    while not server.stats.snapshot()["faults"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.stats.snapshot()["faults"] == {"slow": 1}


def test_fault_truncated_tarball(server):
    location = call(api(server, f"/repos/{PERSON}/{FLAGSHIP}/tarball/main")).headers["Location"]
    server.add_fault("truncated_body", path=r"^/_codeload/")
    broken = call(location)
    assert broken.status == 200
    with pytest.raises((EOFError, tarfile.TarError, gzip.BadGzipFile, OSError)):
        with tarfile.open(fileobj=io.BytesIO(broken.body), mode="r:gz") as tar:
            for member in tar:
                tar.extractfile(member) and tar.extractfile(member).read()


def test_fault_malformed_json(server):
    server.add_fault("malformed_json", path=r"/users/")
    reply = call(api(server, f"/users/{PERSON}"))
    assert reply.status == 200 and reply.headers["Content-Type"].startswith("application/json")
    with pytest.raises(ValueError):
        reply.json()


def test_fault_graphql_errors(server):
    server.add_fault("graphql_errors", path=r"/api/graphql")
    body = graphql(server, "{ viewer { login } }").json()
    assert body["data"] is None and "Something went wrong" in body["errors"][0]["message"]
    assert graphql(server, "{ viewer { login } }").json()["data"]["viewer"]["login"] == PERSON


def test_counters_and_latency():
    with GitHubServer(build_world(repo_count=7), latency=0.05) as slow:
        for _ in range(3):
            call(slow.base_url + f"/users/{PERSON}")
        call(slow.base_url + "/rate_limit")
        stats = slow.stats.snapshot()
        # The server's own account of the latency it served, not a clock the machine's load moves.
        assert stats["delayed_seconds"] == pytest.approx(4 * 0.05)
        assert stats["total"] == 4 and stats["by_endpoint"]["users/get-by-username"] == 3
        assert stats["counted"] == {"core": 3}


def test_world_is_deterministic_and_sized():
    first, second = build_world(seed=3, repo_count=12), build_world(seed=3, repo_count=12)
    assert [r.head.sha if r.head else None for r in first.repos.values()] == \
        [r.head.sha if r.head else None for r in second.repos.values()]
    assert [i.title for _, i in first.all_issues()] == [i.title for _, i in second.all_issues()]
    assert len(first.repos_of(PERSON)) == 12
    assert len(build_world(repo_count=40).repos_of(PERSON)) == 40


# ---------------------------------------------------------------------------
# PyGithub, the real client, against the fake.

def test_pygithub_talks_to_the_local_github(server):
    github = pytest.importorskip("github")
    # seconds_between_requests=0: PyGithub otherwise throttles itself to 4 requests a second.
    client = github.Github(base_url=server.base_url, auth=github.Auth.Token("x"), timeout=CLIENT_TIMEOUT,
                           per_page=4, retry=None, seconds_between_requests=0)
    try:
        user = client.get_user(PERSON)
        assert user.name == "Zoë Okafor"
        repos = list(user.get_repos())
        assert len(repos) == len(server.world.repos_of(PERSON))  # 4 per page: several Link pages
        assert server.stats.snapshot()["by_endpoint"]["repos/list-for-user"] >= 3
        repo = client.get_repo(f"{PERSON}/{FLAGSHIP}")
        assert repo.get_readme().decoded_content.decode("utf-8").startswith("# Tidewatch")
        assert any(issue.pull_request for issue in repo.get_issues(state="all"))
        pull = next(p for p in repo.get_pulls(state="all") if p.get_reviews().totalCount)
        assert pull.get_reviews()[0].state in ("APPROVED", "CHANGES_REQUESTED", "COMMENTED")
        found = client.search_issues(f"author:{PERSON} type:pr")
        assert found.totalCount >= 5
        with pytest.raises(github.UnknownObjectException):
            client.get_repo(f"{PERSON}/does-not-exist")
        with pytest.raises(github.GithubException) as empty:
            client.get_repo(f"{PERSON}/{EMPTY_REPO}").get_commits()[0]
        assert empty.value.status == 409
        link = repo.get_archive_link("tarball")
        assert link.startswith(server.origin)
        headers, data = client.requester.requestJsonAndCheck("GET", "/rate_limit")
        assert data["resources"]["core"]["limit"] == 5000
    finally:
        client.close()


def test_pygithub_retries_githubs_secondary_limit(server):
    github = pytest.importorskip("github")
    server.add_fault("secondary_rate_limit", path=r"/users/", retry_after=1)
    client = github.Github(base_url=server.base_url, auth=github.Auth.Token("x"), timeout=CLIENT_TIMEOUT)
    try:
        assert client.get_user(PERSON).login == PERSON  # PyGithub waited Retry-After, then retried
        answers = [r.status for r in server.stats.snapshot()["log"] if r.endpoint == "users/get-by-username"]
        assert answers == [403, 200]
    finally:
        client.close()
