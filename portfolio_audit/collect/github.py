"""Collect a snapshot of a GitHub handle with PyGithub: REST, GraphQL, one tarball per repository.

The only module that imports ``github``, and only its public API. Requests go through
PyGithub's requester (authentication, error types); every GET is made conditional
around it (collect/http_cache.py), so a warm re-run costs 304s, which GitHub does not
count against the rate limit. Retries and rate-limit waits are decided here, not in
urllib3, because GitHub's rules (Retry-After, X-RateLimit-Reset, secondary limits) need
the response, and because the run as a whole may wait at most ``max_wait`` seconds.

With a token, GraphQL reads repositories in two passes: one query per ten repositories
for history, community files, the archive link and the size of each conversation list,
then one for the issues, pull requests (with reviews) and discussions of those that have
any, each list asked for by its real size. GitHub charges for what a query could return,
so a quiet repository costs a tenth of a point instead of eleven. Without a token, REST
endpoints fill what the anonymous limit allows and the rest is recorded as not
available, with the reason.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests

import github
from github import Auth, GithubException
from github.Requester import Requester

from .. import __version__
from ..errors import AuditError, ExitCode
from ..cache_files import default_cache_dir
from ..snapshot import Collected, Commit, RepoSnapshot, Snapshot, clean_text
from ..annotations import ANNOTATION_FILE_NAMES, annotation_for, is_annotation_path, parse_annotation_file
from .archive import MAX_ARCHIVE_BYTES, ArchiveError, read_tarball
from .classify import decode_text
from .http_cache import HttpCache, MeteredAdapter, RequestMeter, conditional_get
from .local import DEFAULT_MAX_COMMITS

DEFAULT_API_URL = "https://api.github.com"
INPUT_PREFIX = "github:"
# Issues and pull requests read per repository (each: the most recent N).
DEFAULT_MAX_ITEMS = 30
# Seconds the whole run may spend waiting for rate limits before it settles for a partial snapshot.
DEFAULT_MAX_WAIT_SECONDS = 60
DEFAULT_WORKERS = 4
MAX_WORKERS = 16
# GitHub's page size limit, for REST per_page and GraphQL first/last alike.
PAGE_LIMIT = 100
# One page of history: commit habits show in the last hundred commits; more costs requests.
MAX_GITHUB_COMMITS = 100
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
# Pull requests by the person in other people's repositories, and pull requests they reviewed there.
MAX_CONTRIBUTIONS = 50
MAX_REVIEWED_ELSEWHERE = 30
# Without a token, repository-wide comment listings are read for at most this many pages.
MAX_COMMENT_PAGES = 3
REQUEST_TIMEOUT_SECONDS = 30  # PyGithub insists on an int
MAX_TRANSIENT_RETRIES = 2
TRANSIENT_BACKOFF_SECONDS = 1.0
# GitHub's advice for a secondary limit without Retry-After: wait at least a minute.
SECONDARY_LIMIT_WAIT_SECONDS = 60
# While waiting for a rate limit, stderr says how long is left at least this often; the
# slack keeps workers that wake a moment apart from repeating each other.
WAIT_REPORT_SECONDS = 10
WAIT_REPORT_SLACK_SECONDS = 1
# Pause between requests of one client. PyGithub's default (0.25 s, 1 s for POST) would
# make GraphQL reads crawl; bounded workers already keep concurrency polite.
SECONDS_BETWEEN_REQUESTS = 0.02
ANONYMOUS_LIMIT = 60
TOKEN_LIMIT = 5000
# Bump when the detail query or its mapping changes: older cached answers are then refetched.
DETAIL_QUERY_VERSION = "3"
REST_ACCEPT = "application/vnd.github+json"
# GitHub logins: letters, digits and single hyphens, at most 39 characters.
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_LINK_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')
_SHA = re.compile(r"^[0-9a-f]{40}$")
MAINTAINER_ASSOCIATIONS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})

NO_TOKEN_DISCUSSIONS = "discussions need a token: GitHub's GraphQL API requires authentication"
NO_TOKEN_REVIEWS = ("pull request reviews need a token: without one each pull request costs one of the"
                    " 60 requests per hour")
TOKEN_HINT = "set GITHUB_TOKEN (or --token) to raise the limit from 60 to 5,000 requests per hour"
BAD_TOKEN_HINT = ("check GITHUB_TOKEN; create one at Settings → Developer settings → Personal access tokens"
                  " (no scopes are needed for public data)")

ProgressFunction = Callable[[int, int, str], None]
NoticeFunction = Callable[[str], None]


def parse_github_input(text: str) -> Optional[str]:
    """The login in ``github:LOGIN``, or None when ``text`` is not a GitHub input."""
    if not str(text).startswith(INPUT_PREFIX):
        return None
    login = str(text)[len(INPUT_PREFIX):].strip().strip("/")
    if not _LOGIN.match(login):
        raise AuditError(f"{text!r} is not a GitHub handle", "write github:LOGIN, e.g. github:octocat", ExitCode.USAGE)
    return login


def graphql_url_for(api_url: str) -> str:
    """GitHub's GraphQL endpoint for a REST base URL (api.github.com or Enterprise's /api/v3)."""
    parts = urlsplit(api_url.rstrip("/"))
    return urlunsplit(parts._replace(path=Requester.get_graphql_prefix(parts.path)))


@dataclass(frozen=True)
class GitHubSettings:
    handle: str
    token: Optional[str] = field(default=None, repr=False)  # never printed: repr leaves it out
    api_url: str = DEFAULT_API_URL
    include_forks: bool = False
    include_archived: bool = False
    max_repos: Optional[int] = None
    repos: tuple = ()
    max_items: int = DEFAULT_MAX_ITEMS
    max_commits: int = DEFAULT_MAX_COMMITS
    cache_dir: Optional[str] = None  # None: the platform's user cache folder
    use_cache: bool = True
    max_wait: float = DEFAULT_MAX_WAIT_SECONDS
    workers: int = DEFAULT_WORKERS


# --- errors and waiting -------------------------------------------------------------------

class RateLimited(Exception):
    """Waiting for the rate limit would exceed --max-wait: this piece of data stays missing."""


class FetchFailed(Exception):
    """A request failed for good (after retries); the message says why, never with the token."""


class _WaitBudget:
    """How long the run has stalled on rate limits, as the union of all workers' waits.

    Once a wait would exceed the budget, that resource (core, search, graphql) is
    blocked for the rest of the run: later calls fail at once instead of spending
    requests, and the snapshot records what is missing. Other resources go on.
    While workers wait, stderr says for how long, at least every
    WAIT_REPORT_SECONDS, and once for all the workers waiting on the same reset.
    """

    def __init__(self, max_wait: float, notice: Optional["NoticeFunction"] = None):
        self.max_wait = max_wait
        self.waited = 0.0
        self.stalled_until = 0.0
        self.blocked: dict = {}  # resource -> reason
        self.notice = notice or (lambda message: None)
        self._next_report = 0.0  # monotonic time before which no waiting line is repeated
        self._reported_until = 0.0  # the end of the longest wait announced so far
        self._lock = threading.Lock()

    def reserve(self, seconds: float, why: str, resource: str) -> bool:
        """Account for waiting ``seconds`` from now; False (and ``resource`` blocked) when over budget."""
        with self._lock:
            if resource in self.blocked:
                return False
            now = time.monotonic()
            until = now + seconds
            extra = max(0.0, until - max(now, self.stalled_until))
            if self.waited + extra > self.max_wait:
                self.blocked[resource] = why
                return False
            self.waited += extra
            self.stalled_until = max(self.stalled_until, until)
            return True

    def blocked_reason(self, resource: str) -> Optional[str]:
        with self._lock:
            return self.blocked.get(resource)

    def sleep(self, limit: "_Limit", resource: str) -> None:
        """Wait out ``limit``, saying how long is left whenever a report is due."""
        until = time.monotonic() + limit.seconds
        while True:
            now = time.monotonic()
            left = until - now
            if left <= 0:
                return
            with self._lock:
                due = now >= self._next_report or until > self._reported_until + WAIT_REPORT_SLACK_SECONDS
                if due:
                    self._next_report = now + WAIT_REPORT_SECONDS - WAIT_REPORT_SLACK_SECONDS
                    self._reported_until = max(self._reported_until, until)
            if due:
                self.notice(waiting_line(left, limit, resource, self.max_wait))
            time.sleep(min(left, WAIT_REPORT_SECONDS))


@dataclass(frozen=True)
class _Limit:
    """A rate limit GitHub answered with: how long to wait, why, and when it resets (epoch seconds)."""

    seconds: float
    why: str
    resets_at: float
    secondary: bool = False


RESOURCE_NAMES = {"core": "rate limit", "search": "search rate limit", "graphql": "GraphQL rate limit"}


def waiting_line(left: float, limit: _Limit, resource: str, max_wait: float) -> str:
    """"waiting 42 s for GitHub's rate limit (resets at 14:05 UTC; --max-wait 60)"."""
    name = "secondary rate limit" if limit.secondary else RESOURCE_NAMES.get(resource, "rate limit")
    resets = datetime.fromtimestamp(limit.resets_at, timezone.utc).strftime("%H:%M")
    return (f"portfolio-audit: waiting {math.ceil(left)} s for GitHub's {name}"
            f" (resets at {resets} UTC; --max-wait {max_wait:g})")


def _rate_limit_wait(exc: GithubException) -> Optional[_Limit]:
    """How to wait when ``exc`` is a rate limit, else None."""
    headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
    message = ""
    if isinstance(exc.data, dict):
        message = str(exc.data.get("message") or "")
    limited = exc.status == 429 or (
        exc.status == 403
        and (headers.get("x-ratelimit-remaining") == "0" or "retry-after" in headers or Requester.isRateLimitError(message))
    )
    if not limited:
        return None
    now = time.time()
    if "retry-after" in headers:
        try:
            seconds = max(0.0, float(headers["retry-after"]))
            return _Limit(seconds, "GitHub asked to retry later (Retry-After)", now + seconds,
                          secondary=headers.get("x-ratelimit-remaining") != "0")
        except ValueError:
            pass
    if headers.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in headers:
        try:
            resets_at = float(headers["x-ratelimit-reset"])
            # One second past the reset: GitHub's clock and ours may disagree by a little.
            return _Limit(max(0.0, resets_at - now + 1), "the primary rate limit is used up until its reset", resets_at)
        except ValueError:
            pass
    return _Limit(float(SECONDARY_LIMIT_WAIT_SECONDS), "a secondary rate limit", now + SECONDARY_LIMIT_WAIT_SECONDS,
                  secondary=True)


def _clean_json(data):
    """GitHub's parsed JSON with every string valid Unicode (a ``\\ud800`` escape decodes to a lone surrogate,
    which no snapshot, report or stdout could then be written with). Changes ``data`` in place; iterative."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str):
                    value[key] = clean_text(item)
                elif isinstance(item, (dict, list)):
                    pending.append(item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    value[index] = clean_text(item)
                elif isinstance(item, (dict, list)):
                    pending.append(item)
    return clean_text(data) if isinstance(data, str) else data


# --- PyGithub transport ------------------------------------------------------------------

def _structured(body: Optional[str]):
    """A response body as PyGithub's requestJsonAndCheck reads it: JSON, None when empty, else {"data": text}."""
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        if body.startswith(("{", "[")):
            raise  # JSON cut short or corrupt: call() treats it as a transient failure
        return {"data": body}


@dataclass
class _Transport:
    cache: Optional[HttpCache]
    meter: RequestMeter


class _Client:
    """One worker's GitHub client (PyGithub is not thread-safe) with the run's retry and wait policy.

    Only PyGithub's public API is used: ``Github(...)`` with ``retry=None`` (this module
    decides retries), its ``requester`` and that requester's ``requestJson`` and
    ``createException``. Conditional requests are added around ``requestJson``
    (http_cache.conditional_get), not inside PyGithub's connections.
    """

    def __init__(self, settings: GitHubSettings, transport: _Transport, budget: _WaitBudget):
        self.github = github.Github(
            auth=Auth.Token(settings.token) if settings.token else None,
            base_url=settings.api_url.rstrip("/"),
            timeout=REQUEST_TIMEOUT_SECONDS,
            user_agent=f"portfolio-audit/{__version__}",
            per_page=PAGE_LIMIT,
            retry=None,
            pool_size=2,
            seconds_between_requests=SECONDS_BETWEEN_REQUESTS,
            seconds_between_writes=SECONDS_BETWEEN_REQUESTS,
        )
        self.requester = self.github.requester
        self.budget = budget
        self.transport = transport
        # Archive downloads leave PyGithub: it only follows redirects to the API host's own paths.
        self.downloads = requests.Session()
        adapter = MeteredAdapter(transport.meter, max_retries=0)
        self.downloads.mount("http://", adapter)
        self.downloads.mount("https://", adapter)

    def request_json(self, verb: str, url: str, parameters: Optional[dict] = None, accept: Optional[str] = REST_ACCEPT,
                     body: Optional[dict] = None) -> tuple:
        """(headers, data) of one request, GETs revalidated against the cache; GithubException from 400 on."""
        if verb == "GET":
            target = self.requester.base_url + url if url.startswith("/") else url
            if parameters:
                target += ("&" if "?" in target else "?") + urlencode(parameters)
            status, headers, text = conditional_get(
                self.transport.cache, self.transport.meter,
                lambda request_headers: self.requester.requestJson(verb, url, parameters, request_headers),
                target, accept)
        else:
            status, headers, text = self.requester.requestJson(verb, url, parameters, {"Accept": accept} if accept else {},
                                                               body)
            self.transport.meter.record(status, headers)
        data = _structured(text)
        if status >= 400:
            raise self.requester.createException(status, headers, data)
        return headers, data

    def call(self, what: str, function, *args, resource: str = "core", **kwargs):
        """Run a request with GitHub's retry rules; raises RateLimited, FetchFailed or 401/404/409 GithubException."""
        attempt = 0
        while True:
            blocked = self.budget.blocked_reason(resource)
            if blocked:
                raise RateLimited(blocked)
            try:
                return function(*args, **kwargs)
            except GithubException as exc:
                limit = _rate_limit_wait(exc)
                if limit is not None:
                    reason = (f"{resource} rate limit reached ({limit.why}; waiting {limit.seconds:.0f} s would exceed"
                              f" --max-wait {self.budget.max_wait:g} s)")
                    if not self.budget.reserve(limit.seconds, reason, resource):
                        raise RateLimited(self.budget.blocked_reason(resource) or reason) from None
                    self.budget.sleep(limit, resource)
                    continue
                if exc.status in (401, 404, 409):
                    raise  # callers give these a meaning: bad token, unknown user, empty repository
                if exc.status < 500 or attempt >= MAX_TRANSIENT_RETRIES:
                    raise FetchFailed(f"{what}: GitHub answered {exc.status}{_message_of(exc)}") from None
            except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError, ValueError) as exc:
                # ValueError: a body that is not the JSON it claims to be (a proxy's HTML page, a cut-off answer).
                if attempt >= MAX_TRANSIENT_RETRIES:
                    raise FetchFailed(f"{what}: {_describe_network_error(exc)}") from None
            attempt += 1
            time.sleep(TRANSIENT_BACKOFF_SECONDS * attempt)

    def get(self, what: str, url: str, parameters: Optional[dict] = None) -> tuple:
        resource = "search" if "/search/" in url else "core"
        headers, data = self.call(what, self.request_json, "GET", url, parameters, resource=resource)
        return headers, _clean_json(data)

    def get_pages(self, what: str, url: str, parameters: dict, limit: int) -> tuple:
        """Up to ``limit`` items from a paginated list (Link headers); (items, more_exist)."""
        items, next_url, params = [], url, dict(parameters, per_page=str(min(PAGE_LIMIT, max(limit, 1))))
        while next_url and len(items) < limit:
            headers, data = self.get(what, next_url, params)
            items.extend(data if isinstance(data, list) else (data or {}).get("items", []))
            match = _LINK_NEXT.search(headers.get("link", "") or "")
            next_url, params = (match.group(1), None) if match else (None, None)
        return items[:limit], bool(next_url) or len(items) > limit

    def graphql(self, what: str, query: str, variables: dict) -> dict:
        def post():
            headers, data = self.request_json("POST", self.requester.graphql_url, accept=None,
                                              body={"query": query, "variables": variables})
            errors = (data or {}).get("errors") or []
            if any(e.get("type") == "RATE_LIMITED" for e in errors):
                # GraphQL reports its limit in a 200; treat it like REST's 403 with a reset time.
                raise GithubException(403, {"message": "API rate limit exceeded (GraphQL)"},
                                      {**headers, "x-ratelimit-remaining": "0"})
            if data is None or data.get("data") is None:
                text = "; ".join(str(e.get("message", ""))[:200] for e in errors) or "no data"
                raise GithubException(502, {"message": f"GraphQL error: {text}"}, headers)
            return data

        return _clean_json(self.call(what, post, resource="graphql"))

    def download(self, what: str, url: str, max_bytes: int) -> bytes:
        def fetch():
            with self.downloads.get(url, stream=True, timeout=REQUEST_TIMEOUT_SECONDS,
                                    headers={"User-Agent": f"portfolio-audit/{__version__}"}) as response:
                if response.status_code >= 400:
                    raise GithubException(response.status_code, {"message": response.reason}, dict(response.headers))
                chunks, size = [], 0
                for chunk in response.iter_content(64 * 1024):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchFailed(f"{what}: archive is larger than {max_bytes // (1024 * 1024)} MiB")
                    chunks.append(chunk)
                return b"".join(chunks)

        return self.call(what, fetch, resource="download")

    def close(self) -> None:
        self.github.close()
        self.downloads.close()


def _message_of(exc: GithubException) -> str:
    message = exc.data.get("message") if isinstance(exc.data, dict) else None
    return f" ({str(message)[:160]})" if message else ""


def _describe_network_error(exc: Exception) -> str:
    if isinstance(exc, requests.Timeout):
        return "the request timed out"
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.ConnectionError)):
        return "the connection was reset or refused"
    if isinstance(exc, ValueError):
        return "GitHub sent a malformed answer"
    return exc.__class__.__name__


# --- the GraphQL detail query ---------------------------------------------------------------

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


# --- mapping GitHub records to snapshot records --------------------------------------------------

def _person(node: Optional[dict]) -> tuple:
    """(login, type) from a GraphQL actor; bots get REST's "[bot]" suffix so every source agrees."""
    if not node:
        return None, None
    login, kind = node.get("login"), node.get("__typename") or "User"
    if kind == "Bot" and login and not login.endswith("[bot]"):
        login += "[bot]"
    return login, kind


def _who(node: dict) -> dict:
    login, kind = _person(node.get("author"))
    return {"author": login, "author_type": kind, "author_association": node.get("authorAssociation")}


def _comment(node: dict) -> dict:
    return {**_who(node), "body": node.get("body") or "", "created_at": node.get("createdAt"), "url": node.get("url")}


def _nodes(connection: Optional[dict]) -> list:
    return [n for n in ((connection or {}).get("nodes") or []) if n]


def _truncated(connection: Optional[dict], kept: int) -> bool:
    return ((connection or {}).get("totalCount") or 0) > kept


def _listed_fewer(connection: Optional[dict]) -> bool:
    """More items exist than were read (--max-items, or some arrived between the two passes)."""
    return _truncated(connection, len((connection or {}).get("nodes") or ()))


def _reason(exc: Exception) -> str:
    """Why a request failed, in the words a report shows (never a header or a token)."""
    return f"GitHub answered {exc.status}{_message_of(exc)}" if isinstance(exc, GithubException) else str(exc)


def _commits_from_history(history: Optional[dict]) -> Collected:
    commits = []
    for node in _nodes(history):
        message = (node.get("message") or "").replace("\r\n", "\n")
        subject, _, body = message.partition("\n")
        author = node.get("author") or {}
        login = ((author.get("user") or {}).get("login"))
        commits.append(Commit(
            sha=node.get("oid") or "", subject=subject.strip(), body=body.strip("\n").strip(),
            author=login or author.get("name") or "", authored_at=node.get("authoredDate") or "",
            files_changed=node.get("changedFilesIfAvailable") or 0,
            insertions=node.get("additions") or 0, deletions=node.get("deletions") or 0,
        ))
    return Collected.of(commits, truncated=_truncated(history, len(commits)))


def _issue_from_graphql(node: dict) -> dict:
    closed = _nodes(node.get("timelineItems"))
    # The actor goes through _person so a bot closer reads "name[bot]" as it does over REST.
    closed_by = _person(closed[-1].get("actor"))[0] if closed else None
    return {
        "number": node.get("number"), "title": node.get("title") or "", "body": node.get("body") or "",
        "url": node.get("url"), **_who(node),
        "state": (node.get("state") or "").lower() or None,
        "state_reason": (node.get("stateReason") or "").lower() or None,
        "created_at": node.get("createdAt"), "closed_at": node.get("closedAt"), "closed_by": closed_by,
        "closer": _closer(closed[-1].get("closer")) if closed else None,
        "labels": [label.get("name") for label in _nodes(node.get("labels"))],
        "comments": [_comment(c) for c in _nodes(node.get("comments"))],
    }


def _closer(node: Optional[dict]) -> Optional[dict]:
    """The pull request or commit GitHub says closed an issue, however old or wherever it lives."""
    if not node:
        return None
    if node.get("__typename") == "PullRequest":
        return {"type": "pull_request", "number": node.get("number"), "url": node.get("url")}
    if node.get("__typename") == "Commit":
        return {"type": "commit", "sha": node.get("oid"), "url": node.get("url")}
    return None


def _pull_from_graphql(node: dict, full_name: str) -> dict:
    base = (node.get("baseRepository") or {}).get("nameWithOwner") or full_name
    review_comments = []
    for review in _nodes(node.get("reviews")):
        for comment in _nodes(review.get("comments")):
            review_comments.append({**_comment(comment), "path": comment.get("path"), "line": comment.get("line")})
    state = (node.get("state") or "").lower()
    return {
        "number": node.get("number"), "title": node.get("title") or "", "body": node.get("body") or "",
        "url": node.get("url"), **_who(node),
        "state": "closed" if state == "merged" else state or None, "state_reason": None, "closed_by": None,
        "created_at": node.get("createdAt"), "closed_at": node.get("closedAt"),
        "merged": bool(node.get("merged")), "merged_at": node.get("mergedAt"),
        "base_repo": base, "head_repo": (node.get("headRepository") or {}).get("nameWithOwner"),
        "additions": node.get("additions"), "deletions": node.get("deletions"), "changed_files": node.get("changedFiles"),
        "labels": [label.get("name") for label in _nodes(node.get("labels"))],
        "linked_issues": sorted({ref.get("number") for ref in _nodes(node.get("closingIssuesReferences"))
                                 if ((ref.get("repository") or {}).get("nameWithOwner") or base).lower() == base.lower()}),
        "comments": [_comment(c) for c in _nodes(node.get("comments"))],
        "review_comments": sorted(review_comments, key=lambda c: c.get("created_at") or ""),
    }


def _reviews_given(pull_nodes: list, owner: str, full_name: str) -> list:
    reviews = []
    for node in pull_nodes:
        author, _ = _person(node.get("author"))
        if (author or "").lower() == owner.lower():
            continue  # a comment on one's own pull request is not a review given
        for review in _nodes(node.get("reviews")):
            login, _ = _person(review.get("author"))
            if (login or "").lower() != owner.lower():
                continue
            reviews.append({
                "pr_number": node.get("number"), "pr_url": node.get("url"), "repo": full_name, "author": login,
                "state": review.get("state"), "body": review.get("body") or "", "submitted_at": review.get("submittedAt"),
                "url": review.get("url"),
                "comments": [{"path": c.get("path"), "line": c.get("line"), "body": c.get("body") or "", "url": c.get("url")}
                             for c in _nodes(review.get("comments"))],
            })
    return reviews


def _discussion_from_graphql(node: dict) -> dict:
    answer = node.get("answer")
    comments = []
    for comment in _nodes(node.get("comments")):
        replies = [_comment(reply) for reply in _nodes(comment.get("replies"))]
        comments.append({**_comment(comment), "is_answer": bool(comment.get("isAnswer")), "replies": replies})
    return {
        "number": node.get("number"), "title": node.get("title") or "", "url": node.get("url"), **_who(node),
        "category": (node.get("category") or {}).get("name"), "created_at": node.get("createdAt"),
        "is_answered": bool(node.get("isAnswered")),
        "answer_chosen_by": (node.get("answerChosenBy") or {}).get("login"),
        "answer_chosen_at": node.get("answerChosenAt"),
        "answer": ({"author": _person(answer.get("author"))[0], "url": answer.get("url"), "body": answer.get("body") or ""}
                   if answer else None),
        "comments": comments,
    }


def _community_from_graphql(node: dict) -> list:
    def record(name, present, path=None, url=None):
        return {"name": name, "present": bool(present), "path": path, "url": url}

    contributing = node.get("contributingGuidelines") or {}
    issue_templates = node.get("issueTemplates") or []
    pull_templates = node.get("pullRequestTemplates") or []
    conduct = node.get("codeOfConduct") or {}
    return [
        record("contributing", contributing, _path_in_blob_url(contributing.get("url")), contributing.get("url")),
        record("issue_template", issue_templates,
               f".github/ISSUE_TEMPLATE/{issue_templates[0]['filename']}" if issue_templates else None),
        record("pull_request_template", pull_templates, pull_templates[0].get("filename") if pull_templates else None),
        record("code_of_conduct", node.get("codeOfConduct"), None, conduct.get("url")),
        record("license", node.get("licenseInfo")),
    ]


def _path_in_blob_url(url: Optional[str]) -> Optional[str]:
    match = re.search(r"/blob/[^/]+/(.+)$", url or "")
    return match.group(1) if match else None


def _community_from_rest(profile: dict) -> list:
    files = profile.get("files") or {}
    records = []
    for name in ("contributing", "issue_template", "pull_request_template", "code_of_conduct", "license"):
        entry = files.get(name) or (files.get("code_of_conduct_file") if name == "code_of_conduct" else None)
        url = (entry or {}).get("html_url")
        records.append({"name": name, "present": bool(entry), "path": _path_in_blob_url(url), "url": url})
    return records


def _login_of(user: Optional[dict]) -> tuple:
    if not user:
        return None, None
    return user.get("login"), user.get("type") or "User"


def _rest_who(item: dict) -> dict:
    login, kind = _login_of(item.get("user"))
    return {"author": login, "author_type": kind, "author_association": item.get("author_association")}


def _repo_of_api_url(url: Optional[str]) -> Optional[str]:
    match = re.search(r"/repos/([^/]+/[^/]+)", url or "")
    return match.group(1) if match else None


def _contribution(item: dict, role: str) -> dict:
    repo = _repo_of_api_url(item.get("repository_url"))
    pull = item.get("pull_request") or {}
    return {
        "role": role, "number": item.get("number"), "title": item.get("title") or "", "url": item.get("html_url"),
        "repo": repo, "base_repo": repo, "head_repo": None, **_rest_who(item),
        "state": item.get("state"), "merged": bool(pull.get("merged_at")), "created_at": item.get("created_at"),
        "merged_at": pull.get("merged_at"), "closed_at": item.get("closed_at"), "body": item.get("body") or "",
        "comments_count": item.get("comments") or 0,
    }


# --- the collector ---------------------------------------------------------------------------

@dataclass
class _RepoWork:
    """What is known about one repository while it is being collected."""

    listing: dict  # the REST list item
    detail: Optional[dict] = None  # the GraphQL repository node
    detail_error: Optional[str] = None  # why there is no detail node at all
    conversation_error: Optional[str] = None  # why the node has no issues, pull requests or discussions
    fingerprint: str = ""
    parent: Optional[str] = None  # "owner/name" of the parent, for forks
    archive_url: Optional[str] = None  # GraphQL's direct download link: saves the REST redirect

    @property
    def full_name(self) -> str:
        return self.listing["full_name"]


class GitHubCollector:
    def __init__(self, settings: GitHubSettings, progress: Optional[ProgressFunction] = None,
                 notice: Optional[NoticeFunction] = None):
        self.settings = settings
        self.progress = progress
        self.notice = notice or (lambda message: None)
        cache = None
        if settings.use_cache:
            directory = Path(settings.cache_dir).expanduser() if settings.cache_dir else default_cache_dir()
            try:
                cache = HttpCache(directory)
            except OSError as exc:
                self.notice(f"portfolio-audit: cache folder {directory} is not usable ({exc.strerror}); running without a cache")
        self.cache = cache
        self.meter = RequestMeter()
        self.transport = _Transport(cache, self.meter)
        self.budget = _WaitBudget(settings.max_wait, self.notice)
        self._local = threading.local()
        self._clients = []
        self._clients_lock = threading.Lock()
        self.use_graphql = bool(settings.token)

    # -- clients --
    def client(self) -> _Client:
        client = getattr(self._local, "client", None)
        if client is None:
            client = _Client(self.settings, self.transport, self.budget)
            self._local.client = client
            with self._clients_lock:
                self._clients.append(client)
        return client

    def close(self) -> None:
        with self._clients_lock:
            for client in self._clients:
                client.close()
            self._clients.clear()

    # -- the run --
    def collect(self, collected_at: Optional[str] = None) -> Snapshot:
        if collected_at is None:
            collected_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        try:
            owner = self._owner()
            listed = self._list_repos(owner["login"])
            work = self._select(listed)
            if not self.use_graphql:
                self.notice(
                    f"portfolio-audit: no GitHub token: anonymous limit of {ANONYMOUS_LIMIT} requests per hour; skipped:"
                    " discussions and pull request reviews (they need a token), commit sizes; " + TOKEN_HINT)
            repos, contributions = self._collect_all(owner["login"], work)
            repos = self._annotate(owner["login"], listed, repos)
        finally:
            self.close()
        for reason in sorted(self.budget.blocked.values()):
            self.notice(f"portfolio-audit: partial snapshot: {reason}; the report marks what is missing"
                        + ("" if self.settings.token else f"; {TOKEN_HINT}"))
        return Snapshot(
            collected_at=collected_at,
            source={"kind": "github", "handle": owner["login"], "api_url": self.settings.api_url},
            owner=owner,
            repos=tuple(repos),
            tool_version=__version__,
            contributions=contributions,
            listing={"total": len(listed), "forks": sum(1 for item in listed if item.get("fork")),
                     "archived": sum(1 for item in listed if item.get("archived"))},
        )

    def _annotate(self, login: str, listed: list, repos: list) -> list:
        """Each repository's annotation: its own .portfolio-audit.yml, else its entry in the profile repository's."""
        profile_name = login.lower()
        profile_source = f"{login}/{login}/{ANNOTATION_FILE_NAMES[0]}"
        profile = None
        collected = next((r for r in repos if r.name.lower() == profile_name and not r.collection_error), None)
        if collected is not None:
            entry = next((f for f in collected.files if is_annotation_path(f.path)), None)
            if entry is not None:
                profile_source = f"{login}/{collected.name}/{entry.path}"
                profile = parse_annotation_file(entry.text, profile_source)
        elif any(item["name"].lower() == profile_name for item in listed):
            text = self._profile_annotation_text(login)
            if text is not None:
                profile = parse_annotation_file(text, profile_source)
                # Entry problems reach the repositories they name; the rest (a file that is not YAML)
                # has no repository of its own in the report to show it, so it is said here.
                listed_problems = {p for entry in profile[1].values() for p in entry["problems"]}
                for problem in profile[2]:
                    if problem not in listed_problems:
                        self.notice(f"portfolio-audit: annotation not understood: {problem}")
        return [_replace(repo, annotation=annotation_for(repo.files, profile, repo.name, profile_source))
                if not repo.collection_error else repo for repo in repos]

    def _profile_annotation_text(self, login: str) -> Optional[str]:
        """The profile repository's annotation file when that repository itself was not collected (one cached request)."""
        for name in ANNOTATION_FILE_NAMES:
            try:
                _, data = self.client().get(f"{login}/{login} {name}", f"/repos/{login}/{login}/contents/{name}")
            except (GithubException, RateLimited, FetchFailed):
                continue  # absent (404) or unreadable: the person simply has no profile annotations
            if isinstance(data, dict) and data.get("encoding") == "base64" and isinstance(data.get("content"), str):
                try:
                    return decode_text(base64.b64decode(data["content"]))
                except ValueError:
                    return None
        return None

    def _first_call(self, what: str, url: str, parameters: Optional[dict] = None) -> tuple:
        """A request the whole audit depends on: its failures become AuditError."""
        handle = self.settings.handle
        try:
            return self.client().get(what, url, parameters)
        except GithubException as exc:
            if exc.status == 401:
                raise AuditError(f"GitHub rejected the token (401 Bad credentials) at {self.settings.api_url}",
                                 BAD_TOKEN_HINT, ExitCode.COLLECTION_FAILED) from None
            if exc.status == 404:
                raise AuditError(f"GitHub user {handle!r} not found at {self.settings.api_url}",
                                 "check the spelling of the handle (github:LOGIN)", ExitCode.COLLECTION_FAILED) from None
            raise AuditError(f"{what}: GitHub answered {exc.status}{_message_of(exc)}", "try again later",
                             ExitCode.COLLECTION_FAILED) from None
        except RateLimited as exc:
            hint = TOKEN_HINT if not self.settings.token else "raise --max-wait or try again after the reset"
            raise AuditError(f"{what}: {exc}", hint, ExitCode.COLLECTION_FAILED) from None
        except FetchFailed as exc:
            raise AuditError(str(exc), f"check --api-url ({self.settings.api_url}) and the network",
                             ExitCode.COLLECTION_FAILED) from None

    def _owner(self) -> dict:
        _, user = self._first_call("reading the user", f"/users/{self.settings.handle}")
        owner = {"login": user.get("login") or self.settings.handle, "name": user.get("name"),
                 "html_url": user.get("html_url")}
        if user.get("bio"):
            owner["bio"] = user["bio"]
        return owner

    def _list_repos(self, login: str) -> list:
        items, url, params = [], f"/users/{login}/repos", {"type": "owner", "sort": "pushed", "per_page": str(PAGE_LIMIT)}
        while url:
            headers, page = self._first_call("listing repositories", url, params)
            items.extend(page or [])
            match = _LINK_NEXT.search(headers.get("link", "") or "")
            url, params = (match.group(1), None) if match else (None, None)
        return items

    def _select(self, listing: list) -> list:
        settings = self.settings
        by_name = {item["name"].lower(): item for item in listing}
        if settings.repos:
            missing = [name for name in settings.repos if name.lower() not in by_name]
            if missing:
                raise AuditError(f"no public repository named {', '.join(missing)} for {settings.handle}",
                                 "check --repo NAME against the user's repositories", ExitCode.COLLECTION_FAILED)
            # Naming a repository picks it even when it is a fork or archived.
            chosen = [by_name[name.lower()] for name in dict.fromkeys(settings.repos)]
        else:
            chosen = [item for item in listing
                      if (settings.include_forks or not item.get("fork"))
                      and (settings.include_archived or not item.get("archived"))]
            left_out = len(listing) - len(chosen)
            if left_out:
                self.notice(f"portfolio-audit: left out {left_out} forked or archived repositories"
                            " (--include-forks / --include-archived to audit them)")
        chosen.sort(key=lambda item: item.get("pushed_at") or "", reverse=True)
        if settings.max_repos is not None and len(chosen) > settings.max_repos:
            self.notice(f"portfolio-audit: auditing the {settings.max_repos} most recently pushed of"
                        f" {len(chosen)} repositories (--max-repos)")
            chosen = chosen[: settings.max_repos]
        return [_RepoWork(item) for item in chosen]

    def _collect_all(self, login: str, work: list) -> tuple:
        settings = self.settings
        workers = max(1, min(settings.workers, MAX_WORKERS))
        done = [0]
        results: dict = {}

        def finished(item: _RepoWork, snapshot: RepoSnapshot) -> None:
            results[item.full_name] = snapshot
            done[0] += 1
            if self.progress:
                self.progress(done[0], len(work), item.listing["name"])

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="github") as pool:
            contributions_future = pool.submit(self._contributions, login)
            if self.use_graphql:
                self._fingerprint(login, work)
                pending = [item for item in work if not self._cached_detail(item)]
                batches = [pending[i: i + OVERVIEW_REPOS_PER_QUERY] for i in range(0, len(pending), OVERVIEW_REPOS_PER_QUERY)]
                # One loop over detail batches and per-repository follow-ups alike, so each
                # repository is reported the moment it is done, not after the last batch.
                running = {pool.submit(self._repo_from_detail, item, login): None
                           for item in work if item.detail is not None}
                running.update({pool.submit(self._fetch_details, batch): batch for batch in batches})
                while running:
                    completed, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in completed:
                        batch = running.pop(future)
                        if batch is None:
                            finished(*future.result())
                            continue
                        future.result()
                        running.update({pool.submit(self._repo_from_detail, item, login): None for item in batch})
            else:
                futures = [pool.submit(self._repo_from_rest, item, login) for item in work]
                for future in as_completed(futures):
                    finished(*future.result())
            contributions = contributions_future.result()
        repos = [results[item.full_name] for item in work]
        self._attach_fork_contributions(repos, {item.full_name: item.parent for item in work}, contributions)
        return repos, contributions

    # -- GraphQL path --
    def _fingerprint(self, login: str, work: list) -> None:
        """What cached GraphQL answers are checked against: free to re-check when nothing changed (304s)."""
        if self.cache is None:
            return
        try:
            items, _ = self.client().get_pages(
                "checking recent activity", "/search/issues",
                {"q": f"user:{login}", "sort": "updated", "order": "desc"}, PAGE_LIMIT)
        except (GithubException, RateLimited, FetchFailed):
            return  # without the activity check, cached answers are not trusted
        latest: dict = {}
        for item in items:
            repo = (_repo_of_api_url(item.get("repository_url")) or "").lower()
            latest[repo] = max(latest.get(repo, ""), item.get("updated_at") or "")
        settings = self.settings
        for entry in work:
            listing = entry.listing
            parts = [DETAIL_QUERY_VERSION, settings.api_url, str(settings.max_items), str(self._max_commits()),
                     listing.get("pushed_at"), listing.get("updated_at"), listing.get("open_issues_count"),
                     listing.get("default_branch"), latest.get(entry.full_name.lower(), "quiet")]
            entry.fingerprint = hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()

    def _detail_cache_name(self, item: _RepoWork) -> str:
        return f"graphql-detail|{self.settings.api_url}|{item.full_name.lower()}"

    def _cached_detail(self, item: _RepoWork) -> bool:
        if self.cache is None or not item.fingerprint:
            return False
        detail = self.cache.load_record(self._detail_cache_name(item), item.fingerprint)
        if detail is None:
            return False
        item.detail = detail
        self.meter.count_cache_hit()
        return True

    def _max_commits(self) -> int:
        return max(1, min(self.settings.max_commits, MAX_GITHUB_COMMITS))

    def _fetch_details(self, batch: list) -> None:
        """Both GraphQL passes for one batch; each repository ends with a detail node or a reason."""
        variables = {"commits": self._max_commits()}
        for index, item in enumerate(batch):
            variables[f"owner{index}"], variables[f"name{index}"] = item.full_name.split("/", 1)
        names = ", ".join(item.listing["name"] for item in batch)
        try:
            data = self.client().graphql(f"reading {names}", overview_query(len(batch)), variables)
        except (GithubException, RateLimited, FetchFailed) as exc:
            for item in batch:
                item.detail_error = _reason(exc)
            return
        nodes = data.get("data") or {}
        talkative = []  # (item, its list sizes) for repositories with any conversation
        for index, item in enumerate(batch):
            node = nodes.get(f"r{index}")
            if node is None:
                item.detail_error = "GitHub's GraphQL API did not return this repository"
                continue
            item.detail = node
            sizes = self._list_sizes(node)
            if any(sizes.values()):
                talkative.append((item, sizes))
        for group in self._conversation_groups(talkative):
            self._fetch_conversations(group)
        for item in batch:
            if item.detail is not None and item.conversation_error is None:
                self._store_detail(item)

    def _list_sizes(self, node: dict) -> dict:
        """{list name: items to read}: what the first pass counted, capped by --max-items."""
        cap = max(1, min(self.settings.max_items, PAGE_LIMIT))
        return {name: min(((node.get(name) or {}).get("totalCount")) or 0, cap) for name in CONVERSATIONS}

    @staticmethod
    def _conversation_groups(talkative: list) -> list:
        """Consecutive groups of (item, sizes) within the per-query repository and request caps."""
        groups, current, requests_so_far = [], [], 0
        for item, sizes in talkative:
            cost = conversation_requests(sizes)
            if current and (len(current) >= CONVERSATION_REPOS_PER_QUERY or requests_so_far + cost > MAX_CONVERSATION_REQUESTS):
                groups.append(current)
                current, requests_so_far = [], 0
            current.append((item, sizes))
            requests_so_far += cost
        return groups + ([current] if current else [])

    def _fetch_conversations(self, group: list) -> None:
        """The second pass for (item, sizes) pairs: issues, pull requests and discussions, merged into each overview node."""
        items = [item for item, _ in group]
        wanted = [sizes for _, sizes in group]
        variables = {}
        for index, (item, sizes) in enumerate(group):
            variables[f"owner{index}"], variables[f"name{index}"] = item.full_name.split("/", 1)
            variables.update({f"{name}{index}": count for name, count in sizes.items() if count})
        names = ", ".join(item.listing["name"] for item in items)
        try:
            data = self.client().graphql(f"reading the conversations of {names}", conversation_query(wanted), variables)
        except (GithubException, RateLimited, FetchFailed) as exc:
            for item in items:
                item.conversation_error = _reason(exc)
            return
        nodes = data.get("data") or {}
        for index, item in enumerate(items):
            node = nodes.get(f"r{index}")
            if node is None:
                item.conversation_error = "GitHub's GraphQL API did not return this repository's conversations"
                continue
            for name in CONVERSATIONS:
                if wanted[index].get(name):
                    item.detail[name] = node.get(name)

    def _store_detail(self, item: _RepoWork) -> None:
        if self.cache is None or not item.fingerprint:
            return
        node = item.detail
        # A private repository's archive URL carries a short-lived credential: never on disk.
        stored = json.loads(json.dumps(node))
        if ((node.get("defaultBranchRef") or {}).get("target") or {}):
            stored["defaultBranchRef"]["target"].pop("tarballUrl", None)
        self.cache.store_record(self._detail_cache_name(item), item.fingerprint, stored)

    def _repo_from_detail(self, item: _RepoWork, login: str) -> tuple:
        listing, node = item.listing, item.detail
        base = self._base_repo(listing)
        if node is None:
            missing = Collected.missing(f"not collected: {item.detail_error}")
            sha = None
            commits = missing
            collaboration = dict(issues=missing, pull_requests=missing, reviews=missing, discussions=missing,
                                 community=missing)
        else:
            branch = node.get("defaultBranchRef") or {}
            target = branch.get("target") or {}
            sha = target.get("oid")
            item.archive_url = target.get("tarballUrl") or None
            commits = _commits_from_history(target.get("history")) if branch else Collected.of([])
            issues, pulls = node.get("issues"), node.get("pullRequests")
            pull_nodes = _nodes(pulls)
            full_name = node.get("nameWithOwner") or item.full_name
            discussions = node.get("discussions")
            if item.conversation_error is not None:
                missing = Collected.missing(f"not collected: {item.conversation_error}")
                collaboration = dict(issues=missing, pull_requests=missing, reviews=missing, discussions=missing)
            else:
                # A list the first pass found empty was not asked for again; the counts tell truncation.
                collaboration = dict(
                    issues=Collected.of([_issue_from_graphql(n) for n in _nodes(issues)], truncated=_listed_fewer(issues)),
                    pull_requests=Collected.of([_pull_from_graphql(n, full_name) for n in pull_nodes],
                                               truncated=_listed_fewer(pulls)),
                    reviews=Collected.of(_reviews_given(pull_nodes, login, full_name)),
                    discussions=Collected.of([_discussion_from_graphql(n) for n in _nodes(discussions)],
                                             truncated=_listed_fewer(discussions)),
                )
            collaboration["community"] = Collected.of(_community_from_graphql(node))
            item.parent = (node.get("parent") or {}).get("nameWithOwner")
            if not branch:
                return item, RepoSnapshot(**base, commits=commits, **collaboration)  # an empty repository
        return item, self._with_files(item, base, sha, commits, collaboration)

    # -- REST path (no token) --
    def _repo_from_rest(self, item: _RepoWork, login: str) -> tuple:
        listing, client = item.listing, self.client()
        full_name = item.full_name
        base = self._base_repo(listing)
        if listing.get("fork"):
            try:
                _, full = client.get(f"reading {full_name}", f"/repos/{full_name}")
                item.parent = (full.get("parent") or {}).get("full_name")
            except (GithubException, RateLimited, FetchFailed):
                pass
        sha = None
        # GitHub answers "empty repository" with a 409 that has no ETag; remembering it keeps warm runs free.
        empty_record = f"empty|{self.settings.api_url}|{full_name.lower()}"
        empty_fingerprint = f"{listing.get('pushed_at')}|{listing.get('updated_at')}"
        known_empty = self.cache is not None and self.cache.load_record(empty_record, empty_fingerprint) is not None
        try:
            if known_empty:
                raise GithubException(409, {"message": "Git Repository is empty."}, {})
            commit_items, more = client.get_pages(f"{full_name} commits", f"/repos/{full_name}/commits", {}, self._max_commits())
            commits = Collected.of([_commit_from_rest(c) for c in commit_items], truncated=more)
            sha = commit_items[0]["sha"] if commit_items else None
        except GithubException as exc:
            if exc.status != 409:
                commits = Collected.missing(f"not collected: GitHub answered {exc.status}")
            else:
                empty = Collected.of([])
                if self.cache is not None and not known_empty:
                    self.cache.store_record(empty_record, empty_fingerprint, {"empty": True})
                return item, RepoSnapshot(**base, commits=empty, issues=empty, pull_requests=empty,
                                          reviews=Collected.missing(NO_TOKEN_REVIEWS),
                                          discussions=Collected.missing(NO_TOKEN_DISCUSSIONS), community=empty)
        except (RateLimited, FetchFailed) as exc:
            commits = Collected.missing(f"not collected: {exc}")
        collaboration = {"reviews": Collected.missing(NO_TOKEN_REVIEWS), "discussions": Collected.missing(NO_TOKEN_DISCUSSIONS)}
        try:
            collaboration.update(self._rest_conversations(client, full_name))
        except (GithubException, RateLimited, FetchFailed) as exc:
            reason = f"not collected: {exc}" if not isinstance(exc, GithubException) else f"not collected: GitHub answered {exc.status}"
            collaboration.update(issues=Collected.missing(reason), pull_requests=Collected.missing(reason))
        try:
            _, profile = client.get(f"{full_name} community profile", f"/repos/{full_name}/community/profile")
            collaboration["community"] = Collected.of(_community_from_rest(profile or {}))
        except (GithubException, RateLimited, FetchFailed) as exc:
            reason = f"not collected: {exc}" if not isinstance(exc, GithubException) else f"not collected: GitHub answered {exc.status}"
            collaboration["community"] = Collected.missing(reason)
        return item, self._with_files(item, base, sha, commits, collaboration)

    def _rest_conversations(self, client: _Client, full_name: str) -> dict:
        limit = max(1, min(self.settings.max_items, PAGE_LIMIT))
        order = {"state": "all", "sort": "created", "direction": "desc"}
        # The issues endpoint also lists pull requests; ask for both pages' worth, keep the issues.
        raw_issues, more_issues = client.get_pages(f"{full_name} issues", f"/repos/{full_name}/issues", order, PAGE_LIMIT)
        raw_pulls, more_pulls = [], False
        # Every request counts against 60 an hour: ask for pull requests only when the issue list shows some.
        if more_issues or any("pull_request" in i for i in raw_issues):
            raw_pulls, more_pulls = client.get_pages(f"{full_name} pull requests", f"/repos/{full_name}/pulls", order, limit)
        plain = [i for i in raw_issues if "pull_request" not in i]
        issues = {i["number"]: _issue_from_rest(i) for i in plain[:limit]}
        expected = {i["number"]: i.get("comments") or 0 for i in raw_issues}
        pulls = {p["number"]: _pull_from_rest(p, full_name) for p in raw_pulls}
        records = {**issues, **pulls}
        comments = self._rest_comment_pages(client, full_name, expected, set(records))
        for number, found in comments.items():
            if number in records:
                records[number]["comments"] = sorted(found, key=lambda c: c.get("created_at") or "")
        if pulls:
            review_comments, _ = client.get_pages(f"{full_name} review comments", f"/repos/{full_name}/pulls/comments",
                                                  {"sort": "created", "direction": "desc"}, PAGE_LIMIT)
            for comment in review_comments:
                number = _number_of(comment.get("pull_request_url"))
                if number in pulls:
                    pulls[number]["review_comments"].append({
                        **_rest_who(comment), "body": comment.get("body") or "", "created_at": comment.get("created_at"),
                        "path": comment.get("path"), "line": comment.get("line"), "url": comment.get("html_url")})
            for record in pulls.values():
                record["review_comments"].sort(key=lambda c: c.get("created_at") or "")
        incomplete = any(len(records[n]["comments"]) < expected.get(n, 0) for n in records)
        return {
            "issues": Collected.of(list(issues.values()), truncated=more_issues or len(plain) > limit or incomplete),
            "pull_requests": Collected.of(list(pulls.values()), truncated=more_pulls or incomplete),
        }

    def _rest_comment_pages(self, client: _Client, full_name: str, expected: dict, wanted: set) -> dict:
        """Comments of the kept issues from the repository-wide listing (one request per 100 comments)."""
        found: dict = {}
        if not any(expected.get(n) for n in wanted):
            return found
        url, params = f"/repos/{full_name}/issues/comments", {"sort": "created", "direction": "desc", "per_page": str(PAGE_LIMIT)}
        for _ in range(MAX_COMMENT_PAGES):
            headers, page = client.get(f"{full_name} comments", url, params)
            for comment in page or []:
                number = _number_of(comment.get("issue_url"))
                found.setdefault(number, []).append({**_rest_who(comment), "body": comment.get("body") or "",
                                                      "created_at": comment.get("created_at"), "url": comment.get("html_url")})
            if all(len(found.get(n, ())) >= expected.get(n, 0) for n in wanted):
                break
            match = _LINK_NEXT.search(headers.get("link", "") or "")
            if not match:
                break
            url, params = match.group(1), None
        return found

    # -- shared per-repository steps --
    def _base_repo(self, listing: dict) -> dict:
        # Values enter the snapshot here, typed: a server that sends a number for a description
        # must not reach the renderer as one.
        def text(key):
            value = listing.get(key)
            return value if isinstance(value, str) else None

        topics = listing.get("topics") if isinstance(listing.get("topics"), list) else []
        return {
            "name": str(listing["name"]), "full_name": str(listing["full_name"]), "description": text("description"),
            "topics": tuple(t for t in topics if isinstance(t, str)), "default_branch": text("default_branch"),
            "is_fork": bool(listing.get("fork")), "is_archived": bool(listing.get("archived")),
            "created_at": text("created_at"), "pushed_at": text("pushed_at"),
            "html_url": text("html_url"),
        }

    def _with_files(self, item: _RepoWork, base: dict, sha: Optional[str], commits: Collected, collaboration: dict) -> RepoSnapshot:
        try:
            files, skipped, archive_sha = self._files(item.full_name, sha, item.listing, item.archive_url)
        except (ArchiveError, FetchFailed, RateLimited) as exc:
            return self._failed(base, f"{exc}")
        except GithubException as exc:
            return self._failed(base, f"downloading the archive: GitHub answered {exc.status}{_message_of(exc)}")
        return RepoSnapshot(**base, commit_sha=sha or archive_sha, files=files, skipped=skipped,
                            commits=commits, **collaboration)

    def _failed(self, base: dict, reason: str) -> RepoSnapshot:
        missing = Collected.missing(f"not collected: {reason}")
        return RepoSnapshot(**base, commits=missing, issues=missing, pull_requests=missing, reviews=missing,
                            discussions=missing, community=missing, collection_error=reason)

    def _files(self, full_name: str, sha: Optional[str], listing: dict, archive_url: Optional[str] = None) -> tuple:
        """Files from one tarball; a tarball of a known commit is immutable, so the cache serves it without asking."""
        blob_name = f"tarball|{self.settings.api_url}|{full_name.lower()}|{sha}" if sha and _SHA.match(sha) else None
        data = self.cache.load_blob(blob_name) if self.cache is not None and blob_name else None
        if data is not None:
            self.meter.count_cache_hit()
        elif archive_url and urlsplit(archive_url).scheme in ("http", "https"):
            data = self.client().download(f"{full_name} archive", archive_url, MAX_ARCHIVE_BYTES)
        else:
            client = self.client()
            ref = sha or listing.get("default_branch") or "HEAD"
            try:
                headers, _ = client.call(f"{full_name} archive", client.request_json, "GET",
                                         f"/repos/{full_name}/tarball/{ref}")
            except GithubException as exc:
                if exc.status in (404, 409) and sha is None:
                    return (), (), None  # an empty repository has no archive
                raise
            location = headers.get("location")
            if not location:
                raise FetchFailed(f"{full_name} archive: GitHub sent no download location")
            data = client.download(f"{full_name} archive", location, MAX_ARCHIVE_BYTES)
        files, skipped, archive_sha = read_tarball(data, repo_name=full_name.rpartition("/")[2])
        if self.cache is not None and blob_name:
            self.cache.store_blob(blob_name, data)
        return files, skipped, archive_sha

    # -- beyond the person's own repositories --
    def _contributions(self, login: str) -> Collected:
        client = self.client()
        try:
            authored, more = client.get_pages(
                "searching pull requests to other projects", "/search/issues",
                {"q": f"author:{login} type:pr -user:{login}", "sort": "created", "order": "desc"}, MAX_CONTRIBUTIONS)
            reviewed, more_reviewed = client.get_pages(
                "searching reviews in other projects", "/search/issues",
                {"q": f"reviewed-by:{login} -author:{login} type:pr -user:{login}", "sort": "created", "order": "desc"},
                MAX_REVIEWED_ELSEWHERE)
        except GithubException as exc:
            return Collected.missing(f"not collected: GitHub search answered {exc.status}{_message_of(exc)}")
        except (RateLimited, FetchFailed) as exc:
            return Collected.missing(f"not collected: {exc}")
        items = [_contribution(i, "author") for i in authored] + [_contribution(i, "reviewer") for i in reviewed]
        return Collected.of(items, truncated=more or more_reviewed)

    @staticmethod
    def _attach_fork_contributions(repos: list, parents: dict, contributions: Collected) -> None:
        """A fork's pull requests to its parent belong in the fork's record (docs/snapshot.md)."""
        for index, repo in enumerate(repos):
            parent = parents.get(repo.full_name)
            if not parent or not repo.pull_requests.available or not contributions.available:
                continue
            to_parent = [dict(c, head_repo=None) for c in contributions.items
                         if c.get("role") == "author" and (c.get("repo") or "").lower() == parent.lower()]
            if to_parent:
                merged = Collected.of(list(repo.pull_requests.items) + to_parent, truncated=repo.pull_requests.truncated)
                repos[index] = _replace(repo, pull_requests=merged)


def _replace(repo: RepoSnapshot, **changes) -> RepoSnapshot:
    from dataclasses import replace

    return replace(repo, **changes)


def _number_of(url: Optional[str]) -> Optional[int]:
    match = re.search(r"/(\d+)$", url or "")
    return int(match.group(1)) if match else None


def _commit_from_rest(item: dict) -> Commit:
    commit = item.get("commit") or {}
    message = (commit.get("message") or "").replace("\r\n", "\n")
    subject, _, body = message.partition("\n")
    author = commit.get("author") or {}
    login = (item.get("author") or {}).get("login")
    return Commit(sha=item.get("sha") or "", subject=subject.strip(), body=body.strip("\n").strip(),
                  author=login or author.get("name") or "", authored_at=author.get("date") or "")


def _issue_from_rest(item: dict) -> dict:
    return {
        "number": item.get("number"), "title": item.get("title") or "", "body": item.get("body") or "",
        "url": item.get("html_url"), **_rest_who(item), "state": item.get("state"),
        "state_reason": item.get("state_reason"), "created_at": item.get("created_at"),
        "closed_at": item.get("closed_at"), "closed_by": (item.get("closed_by") or {}).get("login"),
        "labels": [label.get("name") for label in item.get("labels") or [] if isinstance(label, dict)],
        "comments": [],
    }


def _pull_from_rest(item: dict, full_name: str) -> dict:
    base = ((item.get("base") or {}).get("repo") or {}).get("full_name") or full_name
    head = ((item.get("head") or {}).get("repo") or {}).get("full_name")
    return {
        "number": item.get("number"), "title": item.get("title") or "", "body": item.get("body") or "",
        "url": item.get("html_url"), **_rest_who(item), "state": item.get("state"), "state_reason": None,
        "closed_by": None, "created_at": item.get("created_at"), "closed_at": item.get("closed_at"),
        "merged": bool(item.get("merged_at")), "merged_at": item.get("merged_at"),
        "base_repo": base, "head_repo": head, "additions": None, "deletions": None, "changed_files": None,
        "labels": [label.get("name") for label in item.get("labels") or [] if isinstance(label, dict)],
        "linked_issues": [], "comments": [], "review_comments": [],
    }


def _check_api_url(api_url: str) -> None:
    """Refuse an API URL that would put a secret in messages, cache keys and snapshots.

    The URL is echoed in errors and stored in the snapshot's source, so credentials
    written into it ("https://user:token@host") would leak; the token has its own option.
    """
    parts = urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AuditError("--api-url must be an http(s) URL such as https://api.github.com",
                         "for GitHub Enterprise use https://HOST/api/v3", ExitCode.USAGE)
    if parts.username or parts.password:
        raise AuditError("--api-url must not contain a user name or token",
                         "pass the token with --token or GITHUB_TOKEN", ExitCode.USAGE)


def collect_github(settings: GitHubSettings, progress: Optional[ProgressFunction] = None,
                   notice: Optional[NoticeFunction] = None, collected_at: Optional[str] = None) -> tuple:
    """(snapshot, meter): the handle's public work, and what it cost in requests."""
    _check_api_url(settings.api_url)
    from .authorship import with_github_authorship

    collector = GitHubCollector(settings, progress, notice)
    # The person is the handle: their commits are those GitHub attributes to its login.
    snapshot = collector.collect(collected_at)
    snapshot = with_github_authorship(snapshot, snapshot.source.get("handle") or settings.handle)
    return snapshot, collector.meter
