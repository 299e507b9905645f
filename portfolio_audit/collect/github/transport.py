"""Talking to GitHub through PyGithub: one client per worker, conditional GETs, retries, rate-limit waits and timeouts.

Only PyGithub's public API is used. Requests go through PyGithub's requester
(authentication, error types); every GET is made conditional around it
(collect/http_cache.py), so a warm re-run costs 304s, which GitHub does not count
against the rate limit. Retries and rate-limit waits are decided here, not in urllib3,
because GitHub's rules (Retry-After, X-RateLimit-Reset, secondary limits) need the
response, and because the run as a whole may wait at most ``max_wait`` seconds.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests

import github
from github import Auth, GithubException
from github.Requester import Requester

from ... import __version__
from ...snapshot import clean_text
from ..http_cache import HttpCache, MeteredAdapter, RequestMeter, conditional_get
from .settings import GitHubSettings, NoticeFunction

# GitHub's page size limit, for REST per_page and GraphQL first/last alike.
PAGE_LIMIT = 100
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
REST_ACCEPT = "application/vnd.github+json"
LINK_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')


def graphql_url_for(api_url: str) -> str:
    """GitHub's GraphQL endpoint for a REST base URL (api.github.com or Enterprise's /api/v3)."""
    parts = urlsplit(api_url.rstrip("/"))
    return urlunsplit(parts._replace(path=Requester.get_graphql_prefix(parts.path)))


# --- errors and waiting -------------------------------------------------------------------

class RateLimited(Exception):
    """Waiting for the rate limit would exceed --max-wait: this piece of data stays missing."""


class FetchFailed(Exception):
    """A request failed for good (after retries); the message says why, never with the token."""


class WaitBudget:
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

    def sleep(self, limit: "RateLimit", resource: str) -> None:
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
class RateLimit:
    """A rate limit GitHub answered with: how long to wait, why, and when it resets (epoch seconds)."""

    seconds: float
    why: str
    resets_at: float
    secondary: bool = False


RESOURCE_NAMES = {"core": "rate limit", "search": "search rate limit", "graphql": "GraphQL rate limit"}


def waiting_line(left: float, limit: RateLimit, resource: str, max_wait: float) -> str:
    """"waiting 42 s for GitHub's rate limit (resets at 14:05 UTC; --max-wait 60)"."""
    name = "secondary rate limit" if limit.secondary else RESOURCE_NAMES.get(resource, "rate limit")
    resets = datetime.fromtimestamp(limit.resets_at, timezone.utc).strftime("%H:%M")
    return (f"portfolio-audit: waiting {math.ceil(left)} s for GitHub's {name}"
            f" (resets at {resets} UTC; --max-wait {max_wait:g})")


def _rate_limit_wait(exc: GithubException) -> Optional[RateLimit]:
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
            return RateLimit(seconds, "GitHub asked to retry later (Retry-After)", now + seconds,
                          secondary=headers.get("x-ratelimit-remaining") != "0")
        except ValueError:
            pass
    if headers.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in headers:
        try:
            resets_at = float(headers["x-ratelimit-reset"])
            # One second past the reset: GitHub's clock and ours may disagree by a little.
            return RateLimit(max(0.0, resets_at - now + 1), "the primary rate limit is used up until its reset", resets_at)
        except ValueError:
            pass
    return RateLimit(float(SECONDARY_LIMIT_WAIT_SECONDS), "a secondary rate limit", now + SECONDARY_LIMIT_WAIT_SECONDS,
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
class Transport:
    cache: Optional[HttpCache]
    meter: RequestMeter


class Client:
    """One worker's GitHub client (PyGithub is not thread-safe) with the run's retry and wait policy.

    Only PyGithub's public API is used: ``Github(...)`` with ``retry=None`` (this module
    decides retries), its ``requester`` and that requester's ``requestJson`` and
    ``createException``. Conditional requests are added around ``requestJson``
    (http_cache.conditional_get), not inside PyGithub's connections.
    """

    def __init__(self, settings: GitHubSettings, transport: Transport, budget: WaitBudget):
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
                    raise FetchFailed(f"{what}: GitHub answered {exc.status}{message_of(exc)}") from None
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
        items: list = []
        next_url: Optional[str] = url
        params: Optional[dict] = dict(parameters, per_page=str(min(PAGE_LIMIT, max(limit, 1))))
        while next_url and len(items) < limit:
            headers, data = self.get(what, next_url, params)
            items.extend(data if isinstance(data, list) else (data or {}).get("items", []))
            match = LINK_NEXT.search(headers.get("link", "") or "")
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


def message_of(exc: GithubException) -> str:
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



def failure_reason(exc: Exception) -> str:
    """Why a request failed, in the words a report shows (never a header or a token)."""
    return f"GitHub answered {exc.status}{message_of(exc)}" if isinstance(exc, GithubException) else str(exc)

