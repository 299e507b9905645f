"""The GitHub collector: which repositories to read, in what order and with which worker, into one snapshot.

With a token it reads each repository's overview and conversations over GraphQL
(queries.py) and caches the answers against a fingerprint of recent activity; without
one, REST endpoints fill what the anonymous limit allows and the rest is recorded as
not available, with the reason. Files come from one tarball per repository.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlsplit

from github import GithubException

from ... import __version__
from ...errors import AuditError, ExitCode
from ...cache_files import default_cache_dir
from ...snapshot import COLLABORATION_FIELDS, COLLECTED_FIELDS, Collected, RepoSnapshot, Snapshot
from ...annotations import ANNOTATION_FILE_NAMES
from ..archive import MAX_ARCHIVE_BYTES, ArchiveError, read_tarball
from ..classify import decode_text
from ..http_cache import HttpCache, RequestMeter
from .mapping import (base_repo, commit_from_rest, commits_from_history, community_from_graphql, community_from_rest,
                      contribution, discussion_from_graphql, issue_from_graphql, issue_from_rest, listed_fewer, nodes_of,
                      number_of, pull_from_graphql, pull_from_rest, repo_of_api_url, rest_who, reviews_given)
from .release import KeepWhole, RepoRelease, RepoSink
from .queries import (CONVERSATION_REPOS_PER_QUERY, CONVERSATIONS, DETAIL_QUERY_VERSION, MAX_CONVERSATION_REQUESTS,
                      OVERVIEW_REPOS_PER_QUERY, conversation_query, conversation_requests, overview_query)
from .settings import MAX_WORKERS, GitHubSettings, NoticeFunction, ProgressFunction, check_api_url
from .transport import (LINK_NEXT, PAGE_LIMIT, Client, FetchFailed, RateLimited, Transport, WaitBudget, failure_reason,
                        message_of)

# One page of history: commit habits show in the last hundred commits; more costs requests.
MAX_GITHUB_COMMITS = 100
# Pull requests by the person in other people's repositories, and pull requests they reviewed there.
MAX_CONTRIBUTIONS = 50
MAX_REVIEWED_ELSEWHERE = 30
# Without a token, repository-wide comment listings are read for at most this many pages.
MAX_COMMENT_PAGES = 3
ANONYMOUS_LIMIT = 60
# Repositories collected ahead of the sink per collecting thread (see _collect_all): enough to
# keep every thread busy while the sink evaluates, few enough to bound memory by them.
REPOS_AHEAD_PER_WORKER = 2
# How long the collection loop waits for a task or for room in the sink before it looks again.
ROOM_POLL_SECONDS = 0.05
# Overview queries running at once (each reads OVERVIEW_REPOS_PER_QUERY repositories).
OVERVIEW_BATCHES_AHEAD = 2
_SHA = re.compile(r"^[0-9a-f]{40}$")

NO_TOKEN_DISCUSSIONS = "discussions need a token: GitHub's GraphQL API requires authentication"
NO_TOKEN_REVIEWS = ("pull request reviews need a token: without one each pull request costs one of the"
                    " 60 requests per hour")
TOKEN_HINT = "set GITHUB_TOKEN (or --token) to raise the limit from 60 to 5,000 requests per hour"
BAD_TOKEN_HINT = ("check GITHUB_TOKEN; create one at Settings → Developer settings → Personal access tokens"
                  " (no scopes are needed for public data)")


# --- the collector ---------------------------------------------------------------------------

@dataclass
class _RepoWork:
    """What is known about one repository while it is being collected."""

    listing: dict  # the REST list item
    detail: Optional[dict] = None  # the GraphQL repository node
    # A cached node as JSON text until its repository is collected: a warm run reads every
    # cached node first, and parsed they would be several times the size.
    cached_detail: Optional[str] = None
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
                 notice: Optional[NoticeFunction] = None, verdicts=None):
        self.settings = settings
        self.verdicts = verdicts  # verdict_cache.VerdictPacks: provenance verdicts kept between runs
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
        self.transport = Transport(cache, self.meter)
        self.budget = WaitBudget(settings.max_wait, self.notice)
        self._local = threading.local()
        self._clients: list[Client] = []
        self._clients_lock = threading.Lock()
        self.use_graphql = bool(settings.token)

    # -- clients --
    def client(self) -> Client:
        client = getattr(self._local, "client", None)
        if client is None:
            client = Client(self.settings, self.transport, self.budget)
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
    def collect(self, collected_at: Optional[str] = None, sink: Optional[RepoSink] = None) -> Snapshot:
        """The snapshot of the handle's repositories; each one final is handed to ``sink`` as it is collected.

        Without a sink the snapshot holds every repository whole. A sink (streaming.py)
        takes each repository once it is final and returns the form the snapshot keeps.
        """
        from ..authorship import identity_for_handle

        if collected_at is None:
            collected_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        sink = sink or KeepWhole()
        try:
            owner = self._owner()
            listed = self._list_repos(owner["login"])
            work = self._select(listed)
            if not self.use_graphql:
                self.notice(
                    f"portfolio-audit: no GitHub token: anonymous limit of {ANONYMOUS_LIMIT} requests per hour; skipped:"
                    " discussions and pull request reviews (they need a token), commit sizes; " + TOKEN_HINT)
            # The person is the handle: their commits are those GitHub attributes to its login.
            login = owner["login"]
            identity = identity_for_handle(login, owner.get("name") or None)
            release = RepoRelease(login, listed, any(item.listing["name"].lower() == login.lower() for item in work),
                                  identity, sink, self._profile_annotation_text, self.notice)
            sink.begin(collected_at, owner, len(work))
            contributions = self._collect_all(login, work, release)
            repos = [release.kept[index] for index in range(len(work))]
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
            person=identity,
        )

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
            raise AuditError(f"{what}: GitHub answered {exc.status}{message_of(exc)}", "try again later",
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
        items: list = []
        url: Optional[str] = f"/users/{login}/repos"
        params: Optional[dict] = {"type": "owner", "sort": "pushed", "per_page": str(PAGE_LIMIT)}
        while url:
            headers, page = self._first_call("listing repositories", url, params)
            items.extend(page or [])
            match = LINK_NEXT.search(headers.get("link", "") or "")
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

    def _collect_all(self, login: str, work: list, release: RepoRelease) -> Collected:
        """Collect every repository of ``work`` into ``release``; the contributions to other projects.

        At most ``REPOS_AHEAD_PER_WORKER`` repositories per thread are collected and not yet
        handed on, and overview batches are asked for only as repositories need them, so a
        sink that evaluates as it goes holds a few repositories at a time, not the profile.
        The profile repository goes first: every other repository waits for its annotation.
        """
        workers = max(1, min(self.settings.workers, MAX_WORKERS))
        ahead = workers * REPOS_AHEAD_PER_WORKER
        index_of = {id(item): index for index, item in enumerate(work)}

        # Collection order only (the snapshot keeps work order): the profile repository first.
        def later(item: _RepoWork) -> bool:
            return not release.is_profile(item.listing["name"])

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="github") as pool:
            contributions_future = pool.submit(self._contributions, login)
            if self.use_graphql:
                self._fingerprint(login, work)
                pending = [item for item in work if not self._cached_detail(item)]
                ready = deque(sorted((item for item in work if item.cached_detail is not None), key=later))
                cut = [pending[i: i + OVERVIEW_REPOS_PER_QUERY] for i in range(0, len(pending), OVERVIEW_REPOS_PER_QUERY)]
                batches = deque(sorted(cut, key=lambda batch: all(map(later, batch))))
                task = self._repo_from_detail
            else:
                ready, batches = deque(sorted(work, key=later)), deque()
                task = self._repo_from_rest
            running: dict[Future, Optional[list]] = {contributions_future: None}
            collecting = 0  # repository tasks submitted and not yet done
            reported, last_name = 0, ""
            while ready or batches or running:
                while ready and (not later(ready[0])
                                 or (collecting + release.held < ahead and release.sink.has_room())):
                    running[pool.submit(task, ready.popleft(), login)] = None
                    collecting += 1
                if (batches and len(ready) < ahead
                        and sum(1 for batch in running.values() if batch is not None) < OVERVIEW_BATCHES_AHEAD):
                    next_batch = batches.popleft()
                    running[pool.submit(self._fetch_details, next_batch)] = next_batch
                if not running:
                    release.sink.wait_for_room(ROOM_POLL_SECONDS)
                    continue
                completed, _ = wait(running, timeout=ROOM_POLL_SECONDS, return_when=FIRST_COMPLETED)
                for future in completed:
                    batch = running.pop(future)
                    if future is contributions_future:
                        release.contributions_known(future.result())
                    elif batch is None:
                        item, repo = future.result()
                        collecting -= 1
                        item.detail = None  # the record holds what rules read; the GraphQL node is done with
                        release.add(index_of[id(item)], repo, item.parent)
                        last_name = item.listing["name"]
                    else:
                        future.result()
                        # The profile repository jumps the queue: every other repository waits for it.
                        ready.extend(item for item in batch if later(item))
                        ready.extendleft(item for item in batch if not later(item))
                if self.progress and release.released != reported:
                    reported = release.released
                    self.progress(reported, len(work), last_name)
        return contributions_future.result()

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
            repo = (repo_of_api_url(item.get("repository_url")) or "").lower()
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
        item.cached_detail = json.dumps(detail)  # loads gives back an equal node
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
                item.detail_error = failure_reason(exc)
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
        groups: list[list] = []
        current: list = []
        requests_so_far = 0
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
                item.conversation_error = failure_reason(exc)
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
        assert node is not None  # stored only once fetched
        # A private repository's archive URL carries a short-lived credential: never on disk.
        stored = json.loads(json.dumps(node))
        if ((node.get("defaultBranchRef") or {}).get("target") or {}):
            stored["defaultBranchRef"]["target"].pop("tarballUrl", None)
        self.cache.store_record(self._detail_cache_name(item), item.fingerprint, stored)

    def _repo_from_detail(self, item: _RepoWork, login: str) -> tuple:
        if item.cached_detail is not None:
            item.detail, item.cached_detail = json.loads(item.cached_detail), None
        listing, node = item.listing, item.detail
        base = base_repo(listing)
        if node is None:
            missing = Collected.missing(f"not collected: {item.detail_error}")
            sha = None
            commits = missing
            collaboration: dict[str, Any] = {name: missing for name in COLLABORATION_FIELDS}
        else:
            branch = node.get("defaultBranchRef") or {}
            target = branch.get("target") or {}
            sha = target.get("oid")
            item.archive_url = target.get("tarballUrl") or None
            commits = commits_from_history(target.get("history")) if branch else Collected.of([])
            issues, pulls = node.get("issues"), node.get("pullRequests")
            pull_nodes = nodes_of(pulls)
            full_name = node.get("nameWithOwner") or item.full_name
            discussions = node.get("discussions")
            if item.conversation_error is not None:
                missing = Collected.missing(f"not collected: {item.conversation_error}")
                collaboration = dict(issues=missing, pull_requests=missing, reviews=missing, discussions=missing)
            else:
                # A list the first pass found empty was not asked for again; the counts tell truncation.
                collaboration = dict(
                    issues=Collected.of([issue_from_graphql(n) for n in nodes_of(issues)], truncated=listed_fewer(issues)),
                    pull_requests=Collected.of([pull_from_graphql(n, full_name) for n in pull_nodes],
                                               truncated=listed_fewer(pulls)),
                    reviews=Collected.of(reviews_given(pull_nodes, login, full_name)),
                    discussions=Collected.of([discussion_from_graphql(n) for n in nodes_of(discussions)],
                                             truncated=listed_fewer(discussions)),
                )
            collaboration["community"] = Collected.of(community_from_graphql(node))
            item.parent = (node.get("parent") or {}).get("nameWithOwner")
            if not branch:
                return item, RepoSnapshot(**base, commits=commits, **collaboration)  # an empty repository
        return item, self._with_files(item, base, sha, commits, collaboration)

    # -- REST path (no token) --
    def _repo_from_rest(self, item: _RepoWork, login: str) -> tuple:
        listing, client = item.listing, self.client()
        full_name = item.full_name
        base = base_repo(listing)
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
            commits = Collected.of([commit_from_rest(c) for c in commit_items], truncated=more)
            sha = commit_items[0]["sha"] if commit_items else None
        except GithubException as exc:
            if exc.status != 409:
                commits = Collected.missing(f"not collected: GitHub answered {exc.status}")
            else:
                empty: Collected[Any] = Collected.of([])
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
            collaboration["community"] = Collected.of(community_from_rest(profile or {}))
        except (GithubException, RateLimited, FetchFailed) as exc:
            reason = f"not collected: {exc}" if not isinstance(exc, GithubException) else f"not collected: GitHub answered {exc.status}"
            collaboration["community"] = Collected.missing(reason)
        return item, self._with_files(item, base, sha, commits, collaboration)

    def _rest_conversations(self, client: Client, full_name: str) -> dict:
        limit = max(1, min(self.settings.max_items, PAGE_LIMIT))
        order = {"state": "all", "sort": "created", "direction": "desc"}
        # The issues endpoint also lists pull requests; ask for both pages' worth, keep the issues.
        raw_issues, more_issues = client.get_pages(f"{full_name} issues", f"/repos/{full_name}/issues", order, PAGE_LIMIT)
        raw_pulls, more_pulls = [], False
        # Every request counts against 60 an hour: ask for pull requests only when the issue list shows some.
        if more_issues or any("pull_request" in i for i in raw_issues):
            raw_pulls, more_pulls = client.get_pages(f"{full_name} pull requests", f"/repos/{full_name}/pulls", order, limit)
        plain = [i for i in raw_issues if "pull_request" not in i]
        issues = {i["number"]: issue_from_rest(i) for i in plain[:limit]}
        expected = {i["number"]: i.get("comments") or 0 for i in raw_issues}
        pulls = {p["number"]: pull_from_rest(p, full_name) for p in raw_pulls}
        records = {**issues, **pulls}
        comments = self._rest_comment_pages(client, full_name, expected, set(records))
        for number, found in comments.items():
            if number in records:
                records[number]["comments"] = sorted(found, key=lambda c: c.get("created_at") or "")
        if pulls:
            review_comments, _ = client.get_pages(f"{full_name} review comments", f"/repos/{full_name}/pulls/comments",
                                                  {"sort": "created", "direction": "desc"}, PAGE_LIMIT)
            for comment in review_comments:
                number = number_of(comment.get("pull_request_url"))
                if number in pulls:
                    pulls[number]["review_comments"].append({
                        **rest_who(comment), "body": comment.get("body") or "", "created_at": comment.get("created_at"),
                        "path": comment.get("path"), "line": comment.get("line"), "url": comment.get("html_url")})
            for record in pulls.values():
                record["review_comments"].sort(key=lambda c: c.get("created_at") or "")
        incomplete = any(len(records[n]["comments"]) < expected.get(n, 0) for n in records)
        return {
            "issues": Collected.of(list(issues.values()), truncated=more_issues or len(plain) > limit or incomplete),
            "pull_requests": Collected.of(list(pulls.values()), truncated=more_pulls or incomplete),
        }

    def _rest_comment_pages(self, client: Client, full_name: str, expected: dict, wanted: set) -> dict:
        """Comments of the kept issues from the repository-wide listing (one request per 100 comments)."""
        found: dict = {}
        if not any(expected.get(n) for n in wanted):
            return found
        url = f"/repos/{full_name}/issues/comments"
        params: Optional[dict] = {"sort": "created", "direction": "desc", "per_page": str(PAGE_LIMIT)}
        for _ in range(MAX_COMMENT_PAGES):
            headers, page = client.get(f"{full_name} comments", url, params)
            for comment in page or []:
                number = number_of(comment.get("issue_url"))
                found.setdefault(number, []).append({**rest_who(comment), "body": comment.get("body") or "",
                                                      "created_at": comment.get("created_at"), "url": comment.get("html_url")})
            if all(len(found.get(n, ())) >= expected.get(n, 0) for n in wanted):
                break
            match = LINK_NEXT.search(headers.get("link", "") or "")
            if not match:
                break
            url, params = match.group(1), None
        return found

    # -- shared per-repository steps --
    def _with_files(self, item: _RepoWork, base: dict, sha: Optional[str], commits: Collected, collaboration: dict) -> RepoSnapshot:
        try:
            files, skipped, archive_sha = self._files(item.full_name, sha, item.listing, item.archive_url)
        except (ArchiveError, FetchFailed, RateLimited) as exc:
            return self._failed(base, f"{exc}")
        except GithubException as exc:
            return self._failed(base, f"downloading the archive: GitHub answered {exc.status}{message_of(exc)}")
        return RepoSnapshot(**base, commit_sha=sha or archive_sha, files=files, skipped=skipped,
                            commits=commits, **collaboration)

    def _failed(self, base: dict, reason: str) -> RepoSnapshot:
        missing: dict[str, Any] = {name: Collected.missing(f"not collected: {reason}") for name in COLLECTED_FIELDS}
        return RepoSnapshot(**base, **missing, collection_error=reason)

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
        files, skipped, archive_sha = read_tarball(data, repo_name=full_name.rpartition("/")[2], verdicts=self.verdicts)
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
            return Collected.missing(f"not collected: GitHub search answered {exc.status}{message_of(exc)}")
        except (RateLimited, FetchFailed) as exc:
            return Collected.missing(f"not collected: {exc}")
        items = [contribution(i, "author") for i in authored] + [contribution(i, "reviewer") for i in reviewed]
        return Collected.of(items, truncated=more or more_reviewed)


def collect_github(settings: GitHubSettings, progress: Optional[ProgressFunction] = None,
                   notice: Optional[NoticeFunction] = None, collected_at: Optional[str] = None,
                   sink: Optional[RepoSink] = None, verdicts=None) -> tuple:
    """(snapshot, meter): the handle's public work, and what it cost in requests.

    ``sink`` (release.RepoSink), when given, takes each repository as soon as it is final
    and says what the snapshot keeps of it (streaming.py evaluates and lightens it).
    ``verdicts`` (verdict_cache.VerdictPacks) keeps provenance verdicts between runs.
    """
    if not settings.handle:
        raise ValueError("GitHubSettings.handle is not set: the pipeline fills it in from github:LOGIN")
    check_api_url(settings.api_url)
    collector = GitHubCollector(settings, progress, notice, verdicts)
    return collector.collect(collected_at, sink), collector.meter
