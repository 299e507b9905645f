"""A local GitHub on 127.0.0.1: REST and GraphQL over a synthetic world, with rate limits, caching and faults.

The collector is tested against this server rather than against mocks, so it has to
behave like GitHub, not like our client expects. Its shapes come from GitHub's own API
description (``../shared/github-api``): routes from each operation's method and path,
response key sets from GitHub's example bodies, GraphQL from GitHub's public schema.
See docs/local-github.md for how to start it, what it serves and how to inject faults.
"""

from __future__ import annotations

import base64
import contextlib
import fnmatch
import gzip
import hashlib
import html
import io
import json
import math
import os
import random
import re
import socket
import struct
import tarfile
import threading
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Optional
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from .github_world import (
    DISCUSSION_CATEGORIES,
    LABEL_COLOURS,
    TREE_MODE,
    Account,
    Discussion,
    DiscussionComment,
    GitCommit,
    Issue,
    Repo,
    Review,
    ReviewComment,
    World,
    build_world,
    format_time,
    legacy_node_id,
    parse_time,
)

# The server only ever listens on loopback: it is a test double, never a service.
LOOPBACK = "127.0.0.1"
REST_PREFIX = "/api/v3"  # GitHub Enterprise layout, so PyGithub's base_url works unchanged
GRAPHQL_PATH = "/api/graphql"
CODELOAD_PREFIX = "/_codeload"  # where GitHub Enterprise serves archives, on the same host
RAW_PREFIX = "/raw"

DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100
SEARCH_RESULT_CAP = 1000  # GitHub's search never returns more than the first 1000 results
MAX_SEARCH_QUERY = 256
EVENTS_CAP = 300
TREE_ENTRY_LIMIT = 100_000  # above this GitHub sets "truncated": true on recursive trees
BASE64_LINE = 60  # GitHub wraps base64 content at 60 characters

# Primary limits per hour (search: per minute) as GitHub documents them: (anonymous, token).
DEFAULT_LIMITS = {"core": (60, 5000), "search": (10, 30), "graphql": (0, 5000)}
RESOURCE_WINDOWS = {"core": 3600, "search": 60, "graphql": 3600}
GRAPHQL_NODE_PAGE = 100  # one GraphQL "request" fetches up to 100 nodes; cost = requests / 100
GRAPHQL_MAX_PAGE = 100

DOCS = "https://docs.github.com"
REST_DOCS = f"{DOCS}/rest"
RATE_LIMIT_DOCS = f"{DOCS}/rest/overview/rate-limits-for-the-rest-api"
SECONDARY_DOCS = f"{RATE_LIMIT_DOCS}#about-secondary-rate-limits"
GRAPHQL_AUTH_DOCS = f"{DOCS}/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql"
AVATAR_BASE = "https://avatars.githubusercontent.com"

SECONDARY_MESSAGE = ("You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
                     "If you reach out to GitHub Support for help, please include the request ID {request_id}.")
GRAPHQL_FAILURE_MESSAGE = ("Something went wrong while executing your query. This may be the result of a timeout, "
                           "or it could be a GitHub bug. Please include `{request_id}` when reporting this issue.")


def default_api_description() -> Path:
    """``$PORTFOLIO_AUDIT_GITHUB_API`` or ``../shared/github-api`` beside the checkout."""
    configured = os.environ.get("PORTFOLIO_AUDIT_GITHUB_API")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "shared" / "github-api"


# ---------------------------------------------------------------------------
# GitHub's API description: operations, example bodies, and the key sets they imply.

class ShapeError(RuntimeError):
    """A builder did not provide a key GitHub's example has: the fake would drift from GitHub."""


OMIT = object()  # a builder's value for a key GitHub leaves out in this situation (e.g. "parent" on a non-fork)

# Which example body defines the keys of each kind of object: (operationId, example name, path into it).
TEMPLATES = {
    "simple-user": ("issues/list-for-repo", "default", (0, "user")),
    "public-user": ("users/get-by-username", "default-response", ()),
    "repository": ("repos/list-for-user", "default", (0,)),
    "full-repository": ("repos/get", "default-response", ()),
    "pull-repository": ("pulls/list", "default", (0, "head", "repo")),
    "license": ("repos/get", "default-response", ("license",)),
    "permissions": ("repos/get", "default-response", ("permissions",)),
    "issue": ("issues/list-for-repo", "default", (0,)),
    "issue-pull-request": ("issues/list-for-repo", "default", (0, "pull_request")),
    "label": ("issues/list-for-repo", "default", (0, "labels", 0)),
    "issue-comment": ("issues/list-comments", "default", (0,)),
    "pull": ("pulls/list", "default", (0,)),
    "pull-ref": ("pulls/list", "default", (0, "head")),
    "pull-links": ("pulls/list", "default", (0, "_links")),
    "review": ("pulls/list-reviews", "default", (0,)),
    "review-links": ("pulls/list-reviews", "default", (0, "_links")),
    "review-comment": ("pulls/list-review-comments-for-repo", "default", (0,)),
    "review-comment-links": ("pulls/list-review-comments-for-repo", "default", (0, "_links")),
    "commit": ("repos/list-commits", "default", (0,)),
    "git-commit": ("repos/list-commits", "default", (0, "commit")),
    "git-person": ("repos/list-commits", "default", (0, "commit", "author")),
    "verification": ("repos/list-commits", "default", (0, "commit", "verification")),
    "contributor": ("repos/list-contributors", "response-if-repository-contains-content", (0,)),
    "community-profile": ("repos/get-community-profile-metrics", "default", ()),
    "community-files": ("repos/get-community-profile-metrics", "default", ("files",)),
    "code-of-conduct": ("repos/get-community-profile-metrics", "default", ("files", "code_of_conduct")),
    "community-license": ("repos/get-community-profile-metrics", "default", ("files", "license")),
    "content-file": ("repos/get-readme", "default", ()),
    "content-item": ("repos/get-content", "response-if-content-is-a-directory", (0,)),
    "content-links": ("repos/get-readme", "default", ("_links",)),
    "tree": ("git/get-tree", "default-response", ()),
    "tree-item": ("git/get-tree", "default-response", ("tree", 0)),
    "search-results": ("search/issues-and-pull-requests", "default", ()),
    "search-item": ("search/issues-and-pull-requests", "default", ("items", 0)),
    "search-label": ("search/issues-and-pull-requests", "default", ("items", 0, "labels", 0)),
    "event": ("activity/list-public-events-for-user", "default", (1,)),
    "actor": ("activity/list-public-events-for-user", "default", (1, "actor")),
    "event-repo": ("activity/list-public-events-for-user", "default", (1, "repo")),
    "rate-limit": ("rate-limit/get", "default", ()),
    "rate": ("rate-limit/get", "default", ("rate",)),
}


class ApiDescription:
    """The operations in ``rest/`` and ``schema.graphql`` of GitHub's published API description."""

    def __init__(self, root: Optional[Path] = None):
        self.root = Path(root) if root else default_api_description()
        rest = self.root / "rest"
        if not rest.is_dir():
            raise FileNotFoundError(f"GitHub API description not found at {self.root} (set PORTFOLIO_AUDIT_GITHUB_API)")
        self.operations = {}
        for path in sorted(rest.glob("*.json")):
            operation = json.loads(path.read_text(encoding="utf-8"))
            self.operations[operation["operationId"]] = operation
        self.keys = {kind: self._keys_of(*spec) for kind, spec in TEMPLATES.items()}

    def example(self, operation_id: str, name: str, status: str = "200"):
        content = self.operations[operation_id]["responses"][status]["content"]
        for media in content.values():
            if name in media.get("examples", {}):
                return media["examples"][name]
        raise KeyError(f"{operation_id} has no example {name!r}")

    def _keys_of(self, operation_id, name, path) -> tuple:
        value = self.example(operation_id, name)
        for step in path:
            value = value[step]
        return tuple(value)

    def docs_url(self, operation_id: Optional[str]) -> str:
        if operation_id and operation_id in self.operations:
            return self.operations[operation_id]["docs"]
        return REST_DOCS

    def graphql_sdl(self) -> str:
        return (self.root / "schema.graphql").read_text(encoding="utf-8")


# Keys GitHub sends (and its schema lists) that the example bodies predate or leave out.
EXTRA_KEYS = {
    "simple-user": ("user_view_type",),
    "repository": ("forks", "open_issues", "watchers", "license", "allow_forking", "web_commit_signoff_required"),
    "full-repository": ("language", "web_commit_signoff_required"),
    "pull-repository": ("allow_forking", "web_commit_signoff_required"),
    "issue": ("draft", "timeline_url"),
    "issue-pull-request": ("merged_at",),
    "search-item": ("draft", "timeline_url", "assignees", "active_lock_reason"),
    "review-comment": ("subject_type",),
}


def shaped(keys: tuple, values: dict, extras: tuple = ()) -> dict:
    """An object with GitHub's example keys in GitHub's order, valued from ``values``.

    Only ``extras`` (keys GitHub sends that the example lacks) may be added, so the
    fake cannot drift into inventing fields; a key set to OMIT is left out, as GitHub
    leaves it out in that situation (``parent`` on a repository that is not a fork).
    """
    missing = [key for key in keys if key not in values]
    if missing:
        raise ShapeError(f"no value for {missing}")
    result = {key: values[key] for key in keys if values[key] is not OMIT}
    for key in extras:
        if key not in result and values.get(key, OMIT) is not OMIT:
            result[key] = values[key]
    return result


# ---------------------------------------------------------------------------
# REST rendering: world objects -> GitHub JSON.

LICENSES = {
    "mit": ("MIT License", "MIT"),
    "apache-2.0": ("Apache License 2.0", "Apache-2.0"),
}
COMMUNITY_DIRS = ("", ".github/", "docs/")


class Renderer:
    """Builds REST bodies; API urls point at this server, html urls at ``html_base``."""

    def __init__(self, world: World, api: ApiDescription, origin: str, html_base: str):
        self.world = world
        self.api = api
        self.origin = origin
        self.rest = origin + REST_PREFIX
        self.html = html_base.rstrip("/")

    def shape(self, kind: str, values: dict) -> dict:
        return shaped(self.api.keys[kind], values, EXTRA_KEYS.get(kind, ()))

    # -- accounts --
    def user_simple(self, account: Optional[Account]) -> Optional[dict]:
        if account is None:
            return None
        u = f"{self.rest}/users/{account.login}"
        return self.shape("simple-user", {
            "login": account.login, "id": account.id, "node_id": account.node_id,
            "avatar_url": f"{AVATAR_BASE}/u/{account.id}?v=4", "gravatar_id": "", "url": u,
            "html_url": f"{self.html}/{self._html_login(account)}", "followers_url": f"{u}/followers",
            "following_url": f"{u}/following{{/other_user}}", "gists_url": f"{u}/gists{{/gist_id}}",
            "starred_url": f"{u}/starred{{/owner}}{{/repo}}", "subscriptions_url": f"{u}/subscriptions",
            "organizations_url": f"{u}/orgs", "repos_url": f"{u}/repos", "events_url": f"{u}/events{{/privacy}}",
            "received_events_url": f"{u}/received_events", "type": account.type, "site_admin": False,
            "user_view_type": "public",
        })

    @staticmethod
    def _html_login(account: Account) -> str:
        # Bots live under /apps/<slug> on github.com.
        return f"apps/{account.login[:-5]}" if account.type == "Bot" else account.login

    def user_by_login(self, login: Optional[str]) -> Optional[dict]:
        return self.user_simple(self.world.account(login)) if login else None

    def user_public(self, account: Account) -> dict:
        values = dict(self.user_simple(account))
        owned = self.world.repos_of(account.login)
        values.update({
            "name": account.name, "company": account.company, "blog": account.blog, "location": account.location,
            "email": account.email, "hireable": None, "bio": account.bio, "twitter_username": account.twitter_username,
            "public_repos": len(owned), "public_gists": 0, "followers": account.followers,
            "following": account.following, "created_at": account.created_at, "updated_at": account.updated_at,
        })
        return self.shape("public-user", values)

    # -- repositories --
    def license(self, key: Optional[str]) -> Optional[dict]:
        if key is None:
            return None
        name, spdx = LICENSES.get(key, (key.upper(), key.upper()))
        return self.shape("license", {"key": key, "name": name, "spdx_id": spdx, "url": f"{self.rest}/licenses/{key}",
                                      "node_id": legacy_node_id("License", sum(map(ord, key))),
                                      "html_url": OMIT})

    def repository(self, repo: Repo, kind: str = "repository", authenticated: bool = False) -> dict:
        u = f"{self.rest}/repos/{repo.full_name}"
        h = f"{self.html}/{repo.full_name}"
        owner = self.world.account(repo.owner)
        open_issues = sum(1 for issue in repo.issues if issue.state == "open")
        values = {
            "id": repo.id, "node_id": repo.node_id, "name": repo.name, "full_name": repo.full_name,
            "owner": self.user_simple(owner), "private": False, "html_url": h, "description": repo.description,
            "fork": repo.fork_of is not None, "url": u, "archive_url": f"{u}/{{archive_format}}{{/ref}}",
            "assignees_url": f"{u}/assignees{{/user}}", "blobs_url": f"{u}/git/blobs{{/sha}}",
            "branches_url": f"{u}/branches{{/branch}}", "collaborators_url": f"{u}/collaborators{{/collaborator}}",
            "comments_url": f"{u}/comments{{/number}}", "commits_url": f"{u}/commits{{/sha}}",
            "compare_url": f"{u}/compare/{{base}}...{{head}}", "contents_url": f"{u}/contents/{{+path}}",
            "contributors_url": f"{u}/contributors", "deployments_url": f"{u}/deployments",
            "downloads_url": f"{u}/downloads", "events_url": f"{u}/events", "forks_url": f"{u}/forks",
            "git_commits_url": f"{u}/git/commits{{/sha}}", "git_refs_url": f"{u}/git/refs{{/sha}}",
            "git_tags_url": f"{u}/git/tags{{/sha}}", "git_url": f"git://{urlsplit(self.html).netloc}/{repo.full_name}.git",
            "issue_comment_url": f"{u}/issues/comments{{/number}}", "issue_events_url": f"{u}/issues/events{{/number}}",
            "issues_url": f"{u}/issues{{/number}}", "keys_url": f"{u}/keys{{/key_id}}", "labels_url": f"{u}/labels{{/name}}",
            "languages_url": f"{u}/languages", "merges_url": f"{u}/merges", "milestones_url": f"{u}/milestones{{/number}}",
            "notifications_url": f"{u}/notifications{{?since,all,participating}}", "pulls_url": f"{u}/pulls{{/number}}",
            "releases_url": f"{u}/releases{{/id}}", "ssh_url": f"git@{urlsplit(self.html).netloc}:{repo.full_name}.git",
            "stargazers_url": f"{u}/stargazers", "statuses_url": f"{u}/statuses/{{sha}}",
            "subscribers_url": f"{u}/subscribers", "subscription_url": f"{u}/subscription", "tags_url": f"{u}/tags",
            "teams_url": f"{u}/teams", "trees_url": f"{u}/git/trees{{/sha}}", "clone_url": f"{h}.git",
            "mirror_url": None, "hooks_url": f"{u}/hooks", "svn_url": h, "homepage": repo.homepage,
            "language": repo.language, "forks_count": repo.forks_count, "forks": repo.forks_count,
            "stargazers_count": repo.stargazers, "watchers_count": repo.stargazers, "watchers": repo.stargazers,
            "size": repo.size_kb, "default_branch": repo.default_branch, "open_issues_count": open_issues,
            "open_issues": open_issues, "is_template": False, "topics": list(repo.topics), "has_issues": True,
            "has_projects": True, "has_wiki": True, "has_pages": False, "has_downloads": True,
            "has_discussions": repo.has_discussions, "archived": repo.archived, "disabled": False,
            "visibility": "public", "pushed_at": repo.pushed_at, "created_at": repo.created_at,
            "updated_at": repo.updated_at, "allow_forking": True, "web_commit_signoff_required": False,
            "license": self.license(repo.license_key),
            # GitHub only sends these to people with access to the settings or a token.
            "permissions": self.shape("permissions", {"admin": False, "push": False, "pull": True}) if authenticated else OMIT,
            "security_and_analysis": OMIT, "temp_clone_token": OMIT, "allow_rebase_merge": OMIT,
            "allow_squash_merge": OMIT, "allow_auto_merge": OMIT, "delete_branch_on_merge": OMIT,
            "allow_merge_commit": OMIT, "template_repository": OMIT,
        }
        values["subscribers_count"] = repo.stargazers // 3
        values["network_count"] = repo.forks_count
        if kind == "full-repository":
            values["organization"] = self.user_simple(owner) if owner.type == "Organization" else OMIT
            parent = self.world.repo_by_full_name(repo.fork_of) if repo.fork_of else None
            values["parent"] = self.repository(parent) if parent else OMIT
            values["source"] = self.repository(parent) if parent else OMIT
        return self.shape(kind, values)

    # -- issues and pull requests --
    def label(self, repo: Repo, name: str, kind: str = "label") -> dict:
        colour, description = LABEL_COLOURS.get(name, ("ededed", None))
        label_id = int(hashlib.sha1(f"{repo.full_name}:{name}".encode()).hexdigest()[:8], 16)
        return self.shape(kind, {"id": label_id, "node_id": legacy_node_id("Label", label_id),
                                 "url": f"{self.rest}/repos/{repo.full_name}/labels/{quote(name)}", "name": name,
                                 "description": description, "color": colour, "default": name in ("bug", "enhancement", "documentation")})

    def issue(self, repo: Repo, issue: Issue, kind: str = "issue", score: Optional[float] = None) -> dict:
        u = f"{self.rest}/repos/{repo.full_name}/issues/{issue.number}"
        h = f"{self.html}/{repo.full_name}/{'pull' if issue.is_pull else 'issues'}/{issue.number}"
        pull_request = OMIT
        if issue.is_pull:
            pull_html = f"{self.html}/{repo.full_name}/pull/{issue.number}"
            pull_request = self.shape("issue-pull-request", {
                "url": f"{self.rest}/repos/{repo.full_name}/pulls/{issue.number}", "html_url": pull_html,
                "diff_url": f"{pull_html}.diff", "patch_url": f"{pull_html}.patch", "merged_at": issue.pull.merged_at})
        values = {
            "id": issue.id, "node_id": legacy_node_id("PullRequest" if issue.is_pull else "Issue", issue.id), "url": u,
            "repository_url": f"{self.rest}/repos/{repo.full_name}", "labels_url": f"{u}/labels{{/name}}",
            "comments_url": f"{u}/comments", "events_url": f"{u}/events", "html_url": h, "number": issue.number,
            "state": issue.state, "title": issue.title,
            # The search schema types body as a plain string; issue lists allow null.
            "body": (issue.body or "") if kind == "search-item" else issue.body, "user": self.user_by_login(issue.author),
            "pinned_comment": None,
            "labels": [self.label(repo, name, "search-label" if kind == "search-item" else "label") for name in issue.labels],
            "assignee": None, "assignees": [], "milestone": None, "locked": False, "active_lock_reason": None,
            "comments": len(issue.comments), "pull_request": pull_request, "closed_at": issue.closed_at,
            "created_at": issue.created_at, "updated_at": issue.updated_at,
            "closed_by": self.user_by_login(issue.closed_by) if issue.closed_by else None,
            "author_association": self.world.association(repo, issue.author), "state_reason": issue.state_reason,
            "type": None, "score": score, "draft": issue.pull.draft if issue.is_pull else OMIT,
            "reactions": OMIT, "timeline_url": f"{u}/timeline",
        }
        return self.shape(kind, values)  # "type" and "score" exist only in search results' key set

    def issue_comment(self, repo: Repo, issue: Issue, comment) -> dict:
        return self.shape("issue-comment", {
            "id": comment.id, "node_id": legacy_node_id("IssueComment", comment.id),
            "url": f"{self.rest}/repos/{repo.full_name}/issues/comments/{comment.id}",
            "html_url": f"{self.html}/{repo.full_name}/{'pull' if issue.is_pull else 'issues'}/{issue.number}#issuecomment-{comment.id}",
            "body": comment.body, "user": self.user_by_login(comment.author), "created_at": comment.created_at,
            "updated_at": comment.updated_at, "issue_url": f"{self.rest}/repos/{repo.full_name}/issues/{issue.number}",
            "author_association": self.world.association(repo, comment.author), "minimized": None,
        })

    def pull_ref(self, repo: Repo, ref: str, sha: str, full_name: str) -> dict:
        ref_repo = self.world.repo_by_full_name(full_name) or repo
        return self.shape("pull-ref", {"label": f"{ref_repo.owner}:{ref}", "ref": ref, "sha": sha,
                                       "user": self.user_by_login(ref_repo.owner),
                                       "repo": self.repository(ref_repo, "pull-repository")})

    def pull(self, repo: Repo, issue: Issue) -> dict:
        info = issue.pull
        u = f"{self.rest}/repos/{repo.full_name}/pulls/{issue.number}"
        h = f"{self.html}/{repo.full_name}/pull/{issue.number}"
        issue_url = f"{self.rest}/repos/{repo.full_name}/issues/{issue.number}"
        statuses = f"{self.rest}/repos/{repo.full_name}/statuses/{info.head_sha}"
        links = {"self": u, "html": h, "issue": issue_url, "comments": f"{issue_url}/comments",
                 "review_comments": f"{u}/comments", "review_comment": f"{self.rest}/repos/{repo.full_name}/pulls/comments{{/number}}",
                 "commits": f"{u}/commits", "statuses": statuses}
        return self.shape("pull", {
            "url": u, "id": issue.id, "node_id": legacy_node_id("PullRequest", issue.id), "html_url": h,
            "diff_url": f"{h}.diff", "patch_url": f"{h}.patch", "issue_url": issue_url, "commits_url": f"{u}/commits",
            "review_comments_url": f"{u}/comments", "review_comment_url": links["review_comment"],
            "comments_url": f"{issue_url}/comments", "statuses_url": statuses, "number": issue.number,
            "state": issue.state, "locked": False, "title": issue.title, "user": self.user_by_login(issue.author),
            "body": issue.body, "labels": [self.label(repo, name) for name in issue.labels], "milestone": None,
            "active_lock_reason": None, "created_at": issue.created_at, "updated_at": issue.updated_at,
            "closed_at": issue.closed_at, "merged_at": info.merged_at, "merge_commit_sha": info.merge_commit_sha,
            "assignee": None, "assignees": [], "requested_reviewers": [], "requested_teams": [],
            "head": self.pull_ref(repo, info.head_ref, info.head_sha, info.head_repo),
            "base": self.pull_ref(repo, info.base_ref, info.base_sha, repo.full_name),
            "_links": self.shape("pull-links", {key: {"href": value} for key, value in links.items()}),
            "author_association": self.world.association(repo, issue.author), "auto_merge": None, "draft": info.draft,
        })

    def review(self, repo: Repo, issue: Issue, review: Review) -> dict:
        h = f"{self.html}/{repo.full_name}/pull/{issue.number}#pullrequestreview-{review.id}"
        pull_url = f"{self.rest}/repos/{repo.full_name}/pulls/{issue.number}"
        return self.shape("review", {
            "id": review.id, "node_id": legacy_node_id("PullRequestReview", review.id),
            "user": self.user_by_login(review.author), "body": review.body, "state": review.state, "html_url": h,
            "pull_request_url": pull_url,
            "_links": self.shape("review-links", {"html": {"href": h}, "pull_request": {"href": pull_url}}),
            "submitted_at": review.submitted_at, "commit_id": review.commit_id,
            "author_association": self.world.association(repo, review.author),
        })

    def review_comment(self, repo: Repo, issue: Issue, comment: ReviewComment) -> dict:
        u = f"{self.rest}/repos/{repo.full_name}/pulls/comments/{comment.id}"
        h = f"{self.html}/{repo.full_name}/pull/{issue.number}#discussion_r{comment.id}"
        pull_url = f"{self.rest}/repos/{repo.full_name}/pulls/{issue.number}"
        return self.shape("review-comment", {
            "url": u, "pull_request_review_id": comment.review_id, "id": comment.id,
            "node_id": legacy_node_id("PullRequestReviewComment", comment.id), "diff_hunk": comment.diff_hunk,
            "path": comment.path, "position": comment.line, "original_position": comment.line,
            "commit_id": comment.commit_id, "original_commit_id": comment.commit_id,
            "in_reply_to_id": comment.in_reply_to_id if comment.in_reply_to_id else OMIT,
            "user": self.user_by_login(comment.author), "body": comment.body, "created_at": comment.created_at,
            "updated_at": comment.created_at, "html_url": h, "pull_request_url": pull_url,
            "author_association": self.world.association(repo, comment.author),
            "_links": self.shape("review-comment-links", {"self": {"href": u}, "html": {"href": h}, "pull_request": {"href": pull_url}}),
            "start_line": None, "original_start_line": None, "start_side": None, "line": comment.line,
            "original_line": comment.line, "side": "RIGHT", "subject_type": "line",
        })

    # -- git --
    def commit(self, repo: Repo, commit: GitCommit) -> dict:
        u = f"{self.rest}/repos/{repo.full_name}/commits/{commit.sha}"
        person = self.shape("git-person", {"name": commit.author_name, "email": commit.author_email, "date": commit.date})
        git_commit = self.shape("git-commit", {
            "url": f"{self.rest}/repos/{repo.full_name}/git/commits/{commit.sha}", "author": person,
            "committer": dict(person), "message": commit.message,
            "tree": {"url": f"{self.rest}/repos/{repo.full_name}/git/trees/{commit.tree_sha}", "sha": commit.tree_sha},
            "comment_count": 0,
            "verification": self.shape("verification", {"verified": False, "reason": "unsigned", "signature": None,
                                                        "payload": None, "verified_at": None}),
        })
        author = self.user_by_login(commit.author_login)
        return self.shape("commit", {
            "url": u, "sha": commit.sha, "node_id": legacy_node_id("Commit", int(commit.sha[:8], 16)),
            "html_url": f"{self.html}/{repo.full_name}/commit/{commit.sha}", "comments_url": f"{u}/comments",
            "commit": git_commit, "author": author, "committer": author,
            "parents": [{"url": f"{self.rest}/repos/{repo.full_name}/commits/{sha}",
                         "html_url": f"{self.html}/{repo.full_name}/commit/{sha}", "sha": sha} for sha in commit.parents],
        })

    def contributor(self, account: Account, contributions: int) -> dict:
        values = dict(self.user_simple(account))
        values["contributions"] = contributions
        return self.shape("contributor", values)

    def content_links(self, repo: Repo, path: str, ref: str, is_dir: bool, sha: str) -> tuple:
        encoded = quote(path)
        self_url = f"{self.rest}/repos/{repo.full_name}/contents/{encoded}?ref={quote(ref)}"
        git_url = f"{self.rest}/repos/{repo.full_name}/git/{'trees' if is_dir else 'blobs'}/{sha}"
        html_url = f"{self.html}/{repo.full_name}/{'tree' if is_dir else 'blob'}/{quote(ref)}/{encoded}"
        return self_url, git_url, html_url

    def content_file(self, repo: Repo, path: str, ref: str) -> dict:
        data = repo.files[path]
        sha = repo.blob_shas[path]
        self_url, git_url, html_url = self.content_links(repo, path, ref, False, sha)
        encoded = base64.b64encode(data).decode("ascii")
        wrapped = "\n".join(encoded[i:i + BASE64_LINE] for i in range(0, len(encoded), BASE64_LINE)) + "\n"
        return self.shape("content-file", {
            "type": "file", "encoding": "base64", "size": len(data), "name": path.rsplit("/", 1)[-1], "path": path,
            "content": wrapped, "sha": sha, "url": self_url, "git_url": git_url, "html_url": html_url,
            "download_url": f"{self.origin}{RAW_PREFIX}/{repo.full_name}/{quote(ref)}/{quote(path)}",
            "_links": self.shape("content-links", {"self": self_url, "git": git_url, "html": html_url}),
        })

    def content_item(self, repo: Repo, path: str, ref: str, is_dir: bool) -> dict:
        if is_dir:
            sha, size = repo.tree_sha_of(path), 0
        else:
            sha, size = repo.blob_shas[path], len(repo.files[path])
        self_url, git_url, html_url = self.content_links(repo, path, ref, is_dir, sha)
        return self.shape("content-item", {
            "type": "dir" if is_dir else "file", "size": size, "name": path.rsplit("/", 1)[-1], "path": path, "sha": sha,
            "url": self_url, "git_url": git_url, "html_url": html_url,
            "download_url": None if is_dir else f"{self.origin}{RAW_PREFIX}/{repo.full_name}/{quote(ref)}/{quote(path)}",
            "_links": self.shape("content-links", {"self": self_url, "git": git_url, "html": html_url}),
        })

    def tree(self, repo: Repo, sha: str, recursive: bool, limit: int) -> dict:
        items, truncated = [], False

        def walk(tree_sha: str, prefix: str):
            nonlocal truncated
            for entry in repo.trees[tree_sha]:
                if len(items) >= limit:
                    truncated = True
                    return
                is_tree = entry.type == "tree"
                items.append(self.shape("tree-item", {
                    "path": prefix + entry.name, "mode": "040000" if entry.mode == TREE_MODE else entry.mode,
                    "type": entry.type, "size": OMIT if is_tree else entry.size, "sha": entry.sha,
                    "url": f"{self.rest}/repos/{repo.full_name}/git/{'trees' if is_tree else 'blobs'}/{entry.sha}"}))
                if recursive and is_tree:
                    walk(entry.sha, f"{prefix}{entry.name}/")

        walk(sha, "")
        return self.shape("tree", {"sha": sha, "url": f"{self.rest}/repos/{repo.full_name}/git/trees/{sha}",
                                   "tree": items, "truncated": truncated})

    def community(self, repo: Repo) -> dict:
        ref = repo.default_branch

        def find(*names) -> Optional[str]:
            for directory in COMMUNITY_DIRS:
                for path in sorted(repo.files):
                    if path.startswith(directory) and "/" not in path[len(directory):]:
                        stem = path[len(directory):].upper()
                        if any(stem == n or stem.startswith(n + ".") for n in names):
                            return path
            # Templates may also be a folder of forms, as .github/ISSUE_TEMPLATE/ is.
            for path in sorted(repo.files):
                for name in names:
                    if f"/{name}/" in f"/{path.upper()}":
                        return path
            return None

        def file_link(path: Optional[str]) -> Optional[dict]:
            if path is None:
                return None
            return {"url": f"{self.rest}/repos/{repo.full_name}/contents/{quote(path)}",
                    "html_url": f"{self.html}/{repo.full_name}/blob/{ref}/{quote(path)}"}

        readme, contributing = find("README"), find("CONTRIBUTING")
        conduct, license_path = find("CODE_OF_CONDUCT"), find("LICENSE", "LICENCE", "COPYING")
        issue_template, pr_template = find("ISSUE_TEMPLATE"), find("PULL_REQUEST_TEMPLATE")
        code_of_conduct = None
        if conduct:
            code_of_conduct = self.shape("code-of-conduct", {
                "name": "Contributor Covenant", "key": "contributor_covenant",
                "url": f"{self.rest}/codes_of_conduct/contributor_covenant", "html_url": file_link(conduct)["html_url"]})
        license_object = None
        if license_path and repo.license_key:
            name, spdx = LICENSES.get(repo.license_key, (repo.license_key, repo.license_key))
            license_object = self.shape("community-license", {
                "name": name, "key": repo.license_key, "spdx_id": spdx, "url": f"{self.rest}/licenses/{repo.license_key}",
                "html_url": file_link(license_path)["html_url"], "node_id": legacy_node_id("License", sum(map(ord, repo.license_key)))})
        present = [repo.description, readme, contributing, conduct, license_object, issue_template, pr_template]
        return self.shape("community-profile", {
            "health_percentage": round(100 * sum(1 for item in present if item) / len(present)),
            "description": repo.description, "documentation": repo.homepage,
            "files": self.shape("community-files", {
                "code_of_conduct": code_of_conduct, "code_of_conduct_file": file_link(conduct),
                "contributing": file_link(contributing), "issue_template": file_link(issue_template),
                "pull_request_template": file_link(pr_template), "license": license_object, "readme": file_link(readme)}),
            "updated_at": repo.updated_at, "content_reports_enabled": False,
        })

    def event(self, event) -> dict:
        account = self.world.account(event.actor)
        repo = self.world.repo_by_full_name(event.repo)
        actor = self.shape("actor", {"id": account.id, "login": account.login, "display_login": account.login,
                                     "gravatar_id": "", "url": f"{self.rest}/users/{account.login}",
                                     "avatar_url": f"{AVATAR_BASE}/u/{account.id}?"})
        return self.shape("event", {
            "id": event.id, "type": event.type, "actor": actor,
            "repo": self.shape("event-repo", {"id": repo.id, "name": repo.full_name, "url": f"{self.rest}/repos/{repo.full_name}"}),
            "payload": event.payload, "public": True, "created_at": event.created_at,
        })


# ---------------------------------------------------------------------------
# Search: a useful subset of GitHub's issue search syntax, shared by REST and GraphQL.

class SearchQueryError(ValueError):
    """GitHub answers these with 422 Validation Failed."""


SEARCH_QUALIFIERS = {"author", "type", "is", "state", "repo", "user", "org", "reviewed-by", "commenter",
                     "involves", "label", "created", "updated", "closed", "merged", "in", "archived"}
_TOKEN = re.compile(r'(-?)([A-Za-z-]+):("[^"]*"|\S+)|"([^"]*)"|(\S+)')
_DATE_RANGE = re.compile(r"^(>=|<=|>|<)?(\d{4}-\d{2}-\d{2}(?:T[\d:]+Z?)?)(?:\.\.(\d{4}-\d{2}-\d{2}(?:T[\d:]+Z?)?))?$")


def _date_matches(value: Optional[str], condition: str) -> bool:
    match = _DATE_RANGE.match(condition)
    if not match:
        raise SearchQueryError(f"invalid date {condition!r}")
    if value is None:
        return False
    op, start, end = match.groups()
    day = value[: len(start)]
    if end:
        return start <= day <= end[: len(start)]
    return {">": day > start, ">=": day >= start, "<": day < start, "<=": day <= start, None: day == start}[op]


def search_issues(world: World, query: str) -> list:
    """(repo, issue) pairs matching ``query``, newest first (GitHub's "best match" for an empty text)."""
    if not query.strip():
        raise SearchQueryError("missing")
    if len(query) > MAX_SEARCH_QUERY:
        raise SearchQueryError("The search is longer than 256 characters.")
    filters, words = [], []
    for negated, name, raw_value, quoted, word in _TOKEN.findall(query):
        if name and name.lower() in SEARCH_QUALIFIERS:
            filters.append((bool(negated), name.lower(), raw_value.strip('"')))
        elif quoted or word or name:
            words.append((quoted or word or f"{name}:{raw_value}").lower())
    for _, name, value in filters:
        if name in ("author", "user", "org", "reviewed-by", "commenter", "involves") and world.account(value) is None:
            raise SearchQueryError("The listed users and repositories cannot be searched either because the resources "
                                   "do not exist or you do not have permission to view them.")
        if name == "repo" and world.repo_by_full_name(value) is None:
            raise SearchQueryError("The listed users and repositories cannot be searched either because the resources "
                                   "do not exist or you do not have permission to view them.")

    def matches(repo: Repo, issue: Issue, name: str, value: str) -> bool:
        low = value.lower()
        if name == "author":
            return issue.author.lower() == low
        if name in ("type", "is"):
            if low in ("pr", "pull-request"):
                return issue.is_pull
            if low == "issue":
                return not issue.is_pull
            if low in ("open", "closed"):
                return issue.state == low
            if low == "merged":
                return issue.is_pull and issue.pull.merged_at is not None
            if low == "unmerged":
                return issue.is_pull and issue.pull.merged_at is None and issue.state == "closed"
            if low == "public":
                return True
            if low == "private":
                return False
            raise SearchQueryError(f"unknown is:{value}")
        if name == "state":
            return issue.state == low
        if name == "repo":
            return repo.full_name.lower() == low
        if name in ("user", "org"):
            return repo.owner.lower() == low
        if name == "reviewed-by":
            return issue.is_pull and any(r.author.lower() == low for r in issue.pull.reviews)
        if name == "commenter":
            return any(c.author.lower() == low for c in issue.comments)
        if name == "involves":
            return issue.author.lower() == low or any(c.author.lower() == low for c in issue.comments)
        if name == "label":
            return low in (label.lower() for label in issue.labels)
        if name in ("created", "updated", "closed"):
            return _date_matches(getattr(issue, f"{name}_at"), value)
        if name == "merged":
            return issue.is_pull and _date_matches(issue.pull.merged_at, value)
        if name == "archived":
            return repo.archived == (low == "true")
        return True  # "in:" only narrows where words are looked for; all text is searched here

    results = []
    for repo, issue in world.all_issues():
        if not all(matches(repo, issue, name, value) != negated for negated, name, value in filters):
            continue
        text = f"{issue.title}\n{issue.body or ''}".lower()
        if all(word in text for word in words):
            results.append((repo, issue))
    results.sort(key=lambda pair: (pair[1].created_at, pair[1].id), reverse=True)
    return results


def search_repositories(world: World, query: str) -> list:
    filters, words = [], []
    for negated, name, raw_value, quoted, word in _TOKEN.findall(query):
        if name:
            filters.append((name.lower(), raw_value.strip('"').lower()))
        else:
            words.append((quoted or word).lower())
    results = []
    for repo in world.repos.values():
        ok = all(
            (repo.owner.lower() == value) if name in ("user", "org") else
            (repo.full_name.lower() == value) if name == "repo" else
            ((repo.fork_of is not None) == (value == "true") or value == "only" and repo.fork_of) if name == "fork" else
            (value in [t.lower() for t in repo.topics]) if name == "topic" else
            ((repo.language or "").lower() == value) if name == "language" else True
            for name, value in filters)
        text = f"{repo.name} {repo.description or ''}".lower()
        if ok and all(word in text for word in words):
            results.append(repo)
    return sorted(results, key=lambda repo: (-repo.stargazers, repo.full_name))


# ---------------------------------------------------------------------------
# Instrumentation and fault injection.

FAULT_KINDS = (
    "rate_limit_429",        # 429, with Retry-After if retry_after is set
    "primary_rate_limit",    # 403 + X-RateLimit-Remaining: 0 and a reset time
    "secondary_rate_limit",  # 403 + Retry-After and the secondary-limit message
    "status",                # any status, e.g. 500/502/503, with GitHub-like bodies
    "connection_reset",      # headers and half the body, then a TCP reset
    "slow",                  # wait `delay` seconds, then answer normally
    "truncated_body",        # half the body with a matching Content-Length (a corrupt tarball/JSON)
    "malformed_json",        # 200 with a JSON content type and a body that is not JSON
    "graphql_errors",        # 200 with {"data": null, "errors": [...]}
)


@dataclass
class FaultRule:
    """Fire ``kind`` on requests whose method and path match, on the nth match or with a probability."""

    kind: str
    path: str = ".*"
    method: str = ".*"
    nth: Optional[int] = None  # 1-based: first fire on the nth matching request
    probability: Optional[float] = None
    count: Optional[int] = 1  # how many times it fires; None means without end
    status: int = 500
    retry_after: Optional[int] = None
    delay: float = 0.0
    errors: Optional[list] = None  # GraphQL errors for "graphql_errors"
    seen: int = 0
    fired: int = 0

    def __post_init__(self):
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {FAULT_KINDS}")
        self._path = re.compile(self.path)
        self._method = re.compile(self.method, re.IGNORECASE)

    def observe(self, method: str, path: str, rng: random.Random) -> bool:
        """Count a matching request; True when this rule is due to fire on it."""
        if not (self._method.fullmatch(method) and self._path.search(path)):
            return False
        self.seen += 1
        if self.count is not None and self.fired >= self.count:
            return False
        if self.nth is not None and self.seen < self.nth:
            return False
        return self.probability is None or rng.random() < self.probability


@dataclass
class RequestRecord:
    method: str
    path: str
    endpoint: str
    status: int
    counted: Optional[str]  # the rate-limit resource charged, or None
    fault: Optional[str]
    graphql_cost: int = 0


class Stats:
    """Thread-safe counters a benchmark can read: requests, endpoints, 304s, charged requests, GraphQL points."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        with self._lock:
            self.log = []
            self.total = 0
            self.by_endpoint = Counter()
            self.by_status = Counter()
            self.not_modified = 0
            self.counted = Counter()
            self.graphql_points = 0
            self.faults = Counter()
            self.delayed_seconds = 0.0  # latency and slow faults served: what a test checks instead of a clock

    def record(self, record: RequestRecord):
        with self._lock:
            self.log.append(record)
            self.total += 1
            self.by_endpoint[record.endpoint] += 1
            self.by_status[record.status] += 1
            self.not_modified += record.status == 304
            if record.counted:
                self.counted[record.counted] += 1
            self.graphql_points += record.graphql_cost
            if record.fault:
                self.faults[record.fault] += 1

    def snapshot(self) -> dict:
        with self._lock:
            return {"total": self.total, "by_endpoint": dict(self.by_endpoint), "by_status": dict(self.by_status),
                    "not_modified": self.not_modified, "counted": dict(self.counted),
                    "counted_total": sum(self.counted.values()), "graphql_points": self.graphql_points,
                    "faults": dict(self.faults), "delayed_seconds": round(self.delayed_seconds, 6),
                    "log": list(self.log)}

    def add_delay(self, seconds: float):
        with self._lock:
            self.delayed_seconds += seconds


class RateLimits:
    """Primary limits per identity (a token, or the anonymous caller) and resource, reset hourly like GitHub's."""

    def __init__(self, limits: dict, windows: Optional[dict] = None):
        self.limits = limits
        self.windows = {**RESOURCE_WINDOWS, **(windows or {})}  # seconds until a bucket resets
        self._lock = threading.Lock()
        self._buckets = {}

    def _bucket(self, identity: str, resource: str, authenticated: bool) -> dict:
        now = time.time()
        bucket = self._buckets.get((identity, resource))
        if bucket is None or now >= bucket["reset"]:
            limit = self.limits[resource][1 if authenticated else 0]
            bucket = {"limit": limit, "used": 0, "reset": int(now) + self.windows[resource]}
            self._buckets[(identity, resource)] = bucket
        return bucket

    def peek(self, identity: str, resource: str, authenticated: bool) -> dict:
        with self._lock:
            bucket = dict(self._bucket(identity, resource, authenticated))
        bucket["remaining"] = max(bucket["limit"] - bucket["used"], 0)
        return bucket

    def charge(self, identity: str, resource: str, authenticated: bool, amount: int = 1) -> Optional[dict]:
        """Spend ``amount``; None when the budget cannot cover it (the caller answers rate-limited)."""
        with self._lock:
            bucket = self._bucket(identity, resource, authenticated)
            if bucket["used"] + amount > bucket["limit"]:
                return None
            bucket["used"] += amount
            snapshot = dict(bucket)
        snapshot["remaining"] = snapshot["limit"] - snapshot["used"]
        return snapshot

    def set_remaining(self, identity: str, resource: str, authenticated: bool, remaining: int):
        with self._lock:
            bucket = self._bucket(identity, resource, authenticated)
            bucket["used"] = max(bucket["limit"] - remaining, 0)

    def reset(self):
        with self._lock:
            self._buckets.clear()


# ---------------------------------------------------------------------------
# HTTP plumbing.

@dataclass
class Response:
    status: int
    body: Any = None  # dict/list -> JSON; bytes -> as is; None -> no body
    headers: dict = field(default_factory=dict)
    content_type: str = "application/json; charset=utf-8"
    cacheable: bool = True  # ETag / If-None-Match apply

    def payload(self) -> bytes:
        if self.body is None:
            return b""
        if isinstance(self.body, (bytes, bytearray)):
            return bytes(self.body)
        return json.dumps(self.body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class HttpError(Exception):
    def __init__(self, status: int, message: str, extra: Optional[dict] = None):
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra or {}


@dataclass
class Request:
    method: str
    path: str  # below the REST prefix
    query: dict
    headers: Any
    params: dict
    operation: str
    token: Optional[str]

    def arg(self, name: str, default: Optional[str] = None) -> Optional[str]:
        values = self.query.get(name)
        return values[-1] if values else default

    @property
    def accept(self) -> str:
        return self.headers.get("Accept", "") or ""


def _route_pattern(api_path: str, parameters: list) -> re.Pattern:
    """A regex for an OpenAPI path; multi-segment parameters (a ref, a file path) may contain slashes."""
    multi = {p["name"] for p in parameters if p.get("x-multi-segment") or p["name"] == "path"}
    pattern = ""
    for literal, name in re.findall(r"([^{]*)(?:\{([^}]+)\})?", api_path):
        pattern += re.escape(literal)
        if name:
            if name in multi:
                # "/contents/" and "/tarball" (no ref) are valid requests too.
                pattern = pattern[:-1] if pattern.endswith("/") else pattern
                pattern += f"(?:/(?P<{name}>.*))?"
            else:
                pattern += f"(?P<{name}>[^/]+)"
    return re.compile(pattern + "/?$")


def _page_bounds(request: Request) -> tuple:
    try:
        per_page = int(request.arg("per_page", DEFAULT_PER_PAGE))
    except ValueError:
        per_page = DEFAULT_PER_PAGE
    try:
        page = int(request.arg("page", "1"))
    except ValueError:
        page = 1
    return max(1, min(per_page, MAX_PER_PAGE)), max(page, 1)


def _sort(items: list, key: Callable, request: Request, default_direction: str = "desc") -> list:
    direction = request.arg("direction", default_direction)
    return sorted(items, key=key, reverse=direction != "asc")


class GitHubServer:
    """The local GitHub. Use as a context manager, or ``start()``/``stop()`` around a test session."""

    def __init__(self, world: Optional[World] = None, *, api_description: Optional[Path] = None,
                 html_base: str = "https://github.com", tokens: Optional[set] = None, latency: float = 0.0,
                 fault_seed: int = 0, limits: Optional[dict] = None, tree_entry_limit: int = TREE_ENTRY_LIMIT,
                 windows: Optional[dict] = None):
        self.world = world or build_world()
        self.api = ApiDescription(api_description)
        self.html_base = html_base
        self.tokens = set(tokens) if tokens is not None else None  # None: every token is valid
        self.latency = latency
        self.tree_entry_limit = tree_entry_limit
        self.stats = Stats()
        self.rate_limits = RateLimits({**DEFAULT_LIMITS, **(limits or {})}, windows)
        self._faults = []
        self._fault_lock = threading.Lock()
        self._fault_rng = random.Random(fault_seed)
        self._fault_seed = fault_seed
        self._stopping = threading.Event()
        self._httpd = None
        self._thread = None
        self._connections = set()
        self._connections_lock = threading.Lock()
        self._request_ids = 0
        self._routes = [(op["method"], _route_pattern(op["path"], op.get("parameters", [])), op_id)
                        for op_id, op in self.api.operations.items()]
        self._handlers = {op_id: getattr(self, "_op_" + re.sub(r"\W", "_", op_id)) for op_id in self.api.operations}
        self.renderer = None
        self._graphql = None

    # -- lifecycle --
    def start(self) -> "GitHubServer":
        if self._httpd is not None:
            return self
        self._stopping.clear()
        handler = type("Handler", (_Handler,), {"github": self})
        self._httpd = _Listener((LOOPBACK, 0), handler)
        self._httpd.daemon_threads = True
        self.renderer = Renderer(self.world, self.api, self.origin, self.html_base)
        self._graphql = GraphQLEndpoint(self)
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="local-github", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._httpd is None:
            return
        self._stopping.set()  # wakes handlers sleeping on latency or a "slow" fault
        self._httpd.shutdown()
        with self._connections_lock:
            for connection in list(self._connections):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()
        self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> "GitHubServer":
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def origin(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def base_url(self) -> str:
        return self.origin + REST_PREFIX

    @property
    def graphql_url(self) -> str:
        return self.origin + GRAPHQL_PATH

    # -- test controls --
    def add_fault(self, kind: str, **options) -> FaultRule:
        rule = FaultRule(kind, **options)
        with self._fault_lock:
            self._faults.append(rule)
        return rule

    def clear_faults(self):
        with self._fault_lock:
            self._faults.clear()
            self._fault_rng = random.Random(self._fault_seed)

    def reset(self):
        """Forget faults, counters and spent rate limits (for a server shared by many tests)."""
        self.clear_faults()
        self.stats.reset()
        self.rate_limits.reset()

    def set_remaining(self, resource: str, remaining: int, token: Optional[str] = None):
        """Pretend ``token`` (None: anonymous callers) has only ``remaining`` of ``resource`` left."""
        self.rate_limits.set_remaining(self._identity(token), resource, token is not None, remaining)

    # -- request handling --
    def _identity(self, token: Optional[str]) -> str:
        return f"token:{token}" if token else "anonymous"

    def next_request_id(self) -> str:
        with self._fault_lock:
            self._request_ids += 1
            number = self._request_ids
        return f"F00D:{number:04X}:{self.port:X}:{number * 7919:X}"

    def pick_fault(self, method: str, path: str) -> Optional[FaultRule]:
        with self._fault_lock:
            # Every rule sees every request, so "nth" counts are independent of other rules.
            due = [rule for rule in self._faults if rule.observe(method, path, self._fault_rng)]
            if not due:
                return None
            due[0].fired += 1
            return due[0]

    def wait(self, seconds: float):
        if seconds > 0:
            self.stats.add_delay(seconds)
            self._stopping.wait(seconds)

    def route(self, method: str, path: str):
        for route_method, pattern, op_id in self._routes:
            match = pattern.match(path)
            if match and route_method == method:
                return op_id, {k: unquote(v) if v is not None else None for k, v in match.groupdict().items()}
        return None, {}

    # -- REST operations: one method per operationId in rest/ --
    def _repo(self, request: Request) -> Repo:
        repo = self.world.repo(request.params["owner"], request.params["repo"])
        if repo is None:
            raise HttpError(404, "Not Found")
        return repo

    def _commit_for(self, repo: Repo, ref: Optional[str]) -> GitCommit:
        if repo.is_empty:
            raise HttpError(404, "This repository is empty.")
        commit = repo.resolve_ref(ref)
        if commit is None:
            raise HttpError(404, f"No commit found for the ref {ref}")
        return commit

    def _issue(self, repo: Repo, number: str) -> Issue:
        issue = repo.issue(int(number)) if number.isdigit() else None
        if issue is None:
            raise HttpError(404, "Not Found")
        return issue

    def _op_users_get_by_username(self, request: Request):
        account = self.world.account(request.params["username"])
        if account is None:
            raise HttpError(404, "Not Found")
        return self.renderer.user_public(account)

    def _op_repos_list_for_user(self, request: Request):
        if self.world.account(request.params["username"]) is None:
            raise HttpError(404, "Not Found")
        repos = self.world.repos_of(request.params["username"])
        if request.arg("type", "owner") == "member":
            repos = []
        sort = request.arg("sort", "full_name")
        keys = {"created": lambda r: r.created_at, "updated": lambda r: r.updated_at,
                "pushed": lambda r: r.pushed_at, "full_name": lambda r: r.full_name.lower()}
        if sort not in keys:
            raise HttpError(422, "Validation Failed", {"errors": [{"resource": "Repository", "field": "sort", "code": "invalid"}]})
        repos = _sort(repos, keys[sort], request, "asc" if sort == "full_name" else "desc")
        return [self.renderer.repository(repo, "repository", request.token is not None) for repo in repos]

    def _op_repos_get(self, request: Request):
        return self.renderer.repository(self._repo(request), "full-repository", request.token is not None)

    def _op_repos_get_readme(self, request: Request):
        repo = self._repo(request)
        commit = self._commit_for(repo, request.arg("ref"))
        path = next((p for p in sorted(repo.files) if "/" not in p and p.upper().startswith("README")), None)
        path = path or next((p for p in sorted(repo.files) if p.upper().startswith((".GITHUB/README", "DOCS/README"))), None)
        if path is None:
            raise HttpError(404, "Not Found")
        return self._file_response(request, repo, path, request.arg("ref") or repo.default_branch, commit)

    def _file_response(self, request: Request, repo: Repo, path: str, ref: str, commit: GitCommit):
        accept = request.accept
        if "vnd.github.raw" in accept or "vnd.github.v3.raw" in accept:
            return Response(200, repo.files[path], content_type="application/vnd.github.raw; charset=utf-8")
        if "vnd.github.html" in accept or "vnd.github.v3.html" in accept:
            text = html.escape(repo.files[path].decode("utf-8", "replace"))
            return Response(200, f'<div id="file" class="md"><pre>{text}</pre></div>'.encode("utf-8"),
                            content_type="application/vnd.github.html; charset=utf-8")
        return self.renderer.content_file(repo, path, ref)

    def _op_repos_get_content(self, request: Request):
        repo = self._repo(request)
        ref = request.arg("ref") or repo.default_branch
        commit = self._commit_for(repo, ref)
        path = (request.params.get("path") or "").strip("/")
        if path in repo.files:
            return self._file_response(request, repo, path, ref, commit)
        entries = repo.directory(path)
        if entries is None:
            raise HttpError(404, "Not Found")
        items = [self.renderer.content_item(repo, full_path, ref, is_dir) for _, full_path, is_dir in entries]
        if "vnd.github.object" in request.accept:
            listing = self.renderer.content_item(repo, path, ref, True) if path else {
                "type": "dir", "size": 0, "name": "", "path": "", "sha": repo.root_tree}
            return {**listing, "entries": items}
        return items

    def _op_repos_list_commits(self, request: Request):
        repo = self._repo(request)
        if repo.is_empty:
            raise HttpError(409, "Git Repository is empty.")
        start = repo.resolve_ref(request.arg("sha"))
        if start is None:
            raise HttpError(404, f"No commit found for SHA: {request.arg('sha')}")
        commits = repo.commits[repo.commits.index(start):]
        author, since, until = request.arg("author"), request.arg("since"), request.arg("until")
        path = request.arg("path")
        if author:
            commits = [c for c in commits if (c.author_login or "").lower() == author.lower() or c.author_email == author]
        if since:
            commits = [c for c in commits if c.date >= since]
        if until:
            commits = [c for c in commits if c.date <= until]
        if path and path not in repo.files and repo.directory(path.strip("/")) is None:
            commits = []
        return [self.renderer.commit(repo, commit) for commit in commits]

    def _op_repos_list_languages(self, request: Request):
        return self._repo(request).languages()

    def _op_repos_get_all_topics(self, request: Request):
        return {"names": list(self._repo(request).topics)}

    def _op_repos_list_contributors(self, request: Request):
        repo = self._repo(request)
        if repo.is_empty:
            return Response(204, None)
        counts, anonymous = Counter(), Counter()
        for commit in repo.commits:
            if commit.author_login:
                counts[commit.author_login] += 1
            else:
                anonymous[(commit.author_name, commit.author_email)] += 1
        result = [self.renderer.contributor(self.world.account(login), n)
                  for login, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
        if request.arg("anon") in ("1", "true"):
            result += [{"email": email, "name": name, "type": "Anonymous", "contributions": n}
                       for (name, email), n in sorted(anonymous.items())]
        return result

    def _op_repos_get_community_profile_metrics(self, request: Request):
        return self.renderer.community(self._repo(request))

    def _op_issues_list_for_repo(self, request: Request):
        repo = self._repo(request)
        state = request.arg("state", "open")
        issues = [i for i in repo.issues if state == "all" or i.state == state]
        if request.arg("creator"):
            issues = [i for i in issues if i.author.lower() == request.arg("creator").lower()]
        if request.arg("labels"):
            wanted = {label.strip().lower() for label in request.arg("labels").split(",")}
            issues = [i for i in issues if wanted <= {label.lower() for label in i.labels}]
        if request.arg("since"):
            issues = [i for i in issues if i.updated_at >= request.arg("since")]
        sort = request.arg("sort", "created")
        keys = {"created": lambda i: (i.created_at, i.id), "updated": lambda i: (i.updated_at, i.id),
                "comments": lambda i: (len(i.comments), i.id)}
        issues = _sort(issues, keys.get(sort, keys["created"]), request)
        return [self.renderer.issue(repo, issue) for issue in issues]

    def _op_issues_list_comments(self, request: Request):
        repo = self._repo(request)
        issue = self._issue(repo, request.params["issue_number"])
        since = request.arg("since")
        return [self.renderer.issue_comment(repo, issue, c) for c in issue.comments if not since or c.updated_at >= since]

    def _op_issues_list_comments_for_repo(self, request: Request):
        repo = self._repo(request)
        since = request.arg("since")
        pairs = [(issue, c) for issue in repo.issues for c in issue.comments if not since or c.updated_at >= since]
        key = (lambda p: (p[1].updated_at, p[1].id)) if request.arg("sort") == "updated" else (lambda p: (p[1].created_at, p[1].id))
        pairs = _sort(pairs, key, request, "asc")
        return [self.renderer.issue_comment(repo, issue, c) for issue, c in pairs]

    def _op_pulls_list(self, request: Request):
        repo = self._repo(request)
        state = request.arg("state", "open")
        pulls = [p for p in repo.pulls() if state == "all" or p.state == state]
        if request.arg("head"):
            owner, _, ref = request.arg("head").partition(":")
            pulls = [p for p in pulls if p.pull.head_ref == ref and p.pull.head_repo.split("/")[0].lower() == owner.lower()]
        if request.arg("base"):
            pulls = [p for p in pulls if p.pull.base_ref == request.arg("base")]
        sort = request.arg("sort", "created")
        keys = {"created": lambda p: (p.created_at, p.id), "updated": lambda p: (p.updated_at, p.id),
                "popularity": lambda p: (len(p.comments), p.id), "long-running": lambda p: (p.created_at, p.id)}
        pulls = _sort(pulls, keys.get(sort, keys["created"]), request)
        return [self.renderer.pull(repo, p) for p in pulls]

    def _op_pulls_list_reviews(self, request: Request):
        repo = self._repo(request)
        issue = self._issue(repo, request.params["pull_number"])
        if not issue.is_pull:
            raise HttpError(404, "Not Found")
        return [self.renderer.review(repo, issue, review) for review in issue.pull.reviews]

    def _op_pulls_list_review_comments_for_repo(self, request: Request):
        repo = self._repo(request)
        since = request.arg("since")
        pairs = [(issue, c) for issue in repo.pulls() for review in issue.pull.reviews for c in review.comments
                 if not since or c.created_at >= since]
        pairs = _sort(pairs, lambda p: (p[1].created_at, p[1].id), request, "asc")
        return [self.renderer.review_comment(repo, issue, c) for issue, c in pairs]

    def _op_search_issues_and_pull_requests(self, request: Request):
        query = request.arg("q")
        if query is None:
            raise HttpError(422, "Validation Failed", {"errors": [{"resource": "Search", "field": "q", "code": "missing"}]})
        try:
            results = search_issues(self.world, query)
        except SearchQueryError as error:
            if str(error) == "missing":
                raise HttpError(422, "Validation Failed", {"errors": [{"resource": "Search", "field": "q", "code": "missing"}]})
            raise HttpError(422, "Validation Failed", {"errors": [{"message": str(error), "resource": "Search",
                                                                   "field": "q", "code": "invalid"}]})
        sort = request.arg("sort")
        if sort in ("created", "updated", "comments"):
            key = {"created": lambda p: p[1].created_at, "updated": lambda p: p[1].updated_at,
                   "comments": lambda p: len(p[1].comments)}[sort]
            results = sorted(results, key=key, reverse=request.arg("order", "desc") != "asc")
        per_page, page = _page_bounds(request)
        if (page - 1) * per_page >= SEARCH_RESULT_CAP and results:
            raise HttpError(422, "Only the first 1000 search results are available")
        window = results[:SEARCH_RESULT_CAP][(page - 1) * per_page: page * per_page]
        items = [self.renderer.issue(repo, issue, "search-item", score=1.0) for repo, issue in window]
        body = self.renderer.shape("search-results", {"total_count": len(results), "incomplete_results": False,
                                                      "search_type": "lexical", "items": items})
        total_pages = max(1, math.ceil(min(len(results), SEARCH_RESULT_CAP) / per_page))
        return Response(200, body, headers={"Link": self._link_header(request, page, total_pages, per_page)})

    def _op_git_get_tree(self, request: Request):
        repo = self._repo(request)
        if repo.is_empty:
            raise HttpError(409, "Git Repository is empty.")
        ref = request.params["tree_sha"]
        sha = ref if ref in repo.trees else None
        if sha is None:
            commit = repo.resolve_ref(ref)
            sha = commit.tree_sha if commit else None
        if sha is None:
            raise HttpError(404, "Not Found")
        recursive = request.arg("recursive") is not None  # GitHub: any value turns recursion on
        return self.renderer.tree(repo, sha, recursive, self.tree_entry_limit)

    def _op_rate_limit_get(self, request: Request):
        identity, authenticated = self._identity(request.token), request.token is not None

        def resource(name):
            if name in self.rate_limits.limits:
                bucket = self.rate_limits.peek(identity, name, authenticated)
                return {"limit": bucket["limit"], "used": bucket["used"], "remaining": bucket["remaining"], "reset": bucket["reset"]}
            limit = 5000 if authenticated else 60
            return {"limit": limit, "used": 0, "remaining": limit, "reset": int(time.time()) + 3600}

        resources = {name: resource(name) for name in self.api.example("rate-limit/get", "default")["resources"]}
        return self.renderer.shape("rate-limit", {"resources": resources, "rate": self.renderer.shape("rate", resources["core"])})

    def _op_activity_list_public_events_for_user(self, request: Request):
        if self.world.account(request.params["username"]) is None:
            raise HttpError(404, "Not Found")
        events = [e for e in self.world.events if e.actor.lower() == request.params["username"].lower()][:EVENTS_CAP]
        return [self.renderer.event(event) for event in events]

    def _op_repos_download_tarball_archive(self, request: Request):
        repo = self._repo(request)
        ref = request.params.get("ref") or repo.default_branch
        self._commit_for(repo, ref)
        ref_path = f"refs/heads/{ref}" if ref == repo.default_branch else ref
        location = self.archive_url(repo, "tar.gz", ref_path)
        return Response(302, None, headers={"Location": location}, content_type="text/html;charset=utf-8", cacheable=False)

    # -- outside the API: archives and raw files, as GitHub's download hosts serve them --
    def tarball(self, owner: str, name: str, ref: str, archive_format: str = "tar.gz") -> Optional[tuple]:
        """(file name, bytes) of the archive codeload serves for ``ref``: ``tar.gz`` or ``zip``."""
        repo = self.world.repo(owner, name)
        if repo is None or repo.is_empty:
            return None
        commit = repo.resolve_ref(ref[len("refs/heads/"):] if ref.startswith("refs/heads/") else ref)
        if commit is None:
            return None
        prefix = f"{repo.owner}-{repo.name}-{commit.sha[:7]}"
        build = build_zipball if archive_format == "zip" else build_tarball
        return f"{prefix}.{archive_format}", build(repo, commit, prefix)

    def archive_url(self, repo: Repo, archive_format: str, ref: str) -> str:
        """Where codeload serves an archive; the REST redirect and GraphQL's tarballUrl/zipballUrl point here."""
        return f"{self.origin}{CODELOAD_PREFIX}/{repo.full_name}/legacy.{archive_format}/{ref}"

    def raw_file(self, owner: str, name: str, rest: str) -> Optional[bytes]:
        repo = self.world.repo(owner, name)
        if repo is None or repo.is_empty:
            return None
        ref, _, path = rest.partition("/")
        if repo.resolve_ref(ref) is None:
            return None
        return repo.files.get(path)

    def _link_header(self, request: Request, page: int, last: int, per_page: int) -> Optional[str]:
        if last <= 1:
            return None
        base = f"{self.base_url}{request.path}"
        query = {k: v[-1] for k, v in request.query.items()}

        def url(number):
            return f"{base}?{urlencode({**query, 'per_page': per_page, 'page': number})}"

        links = []
        if page > 1:
            links.append(f'<{url(min(page - 1, last))}>; rel="prev"')
        if page < last:
            links += [f'<{url(page + 1)}>; rel="next"', f'<{url(last)}>; rel="last"']
        if page > 1:
            links.append(f'<{url(1)}>; rel="first"')
        return ", ".join(links) or None

    def handle_rest(self, request: Request) -> Response:
        handler = self._handlers[request.operation]
        result = handler(request)
        response = result if isinstance(result, Response) else Response(200, result)
        if isinstance(response.body, list) and response.status == 200:
            per_page, page = _page_bounds(request)
            items = response.body
            last = max(1, math.ceil(len(items) / per_page))
            if request.operation == "activity/list-public-events-for-user":
                last = min(last, math.ceil(EVENTS_CAP / per_page))
            response.body = items[(page - 1) * per_page: page * per_page]
            link = self._link_header(request, page, last, per_page)
            if link:
                response.headers["Link"] = link
        if response.headers.get("Link") is None:
            response.headers.pop("Link", None)
        return response


def _export_ignored(path: str, patterns: list) -> bool:
    """Whether .gitattributes marks ``path`` (or a folder above it) export-ignore."""
    parts = path.split("/")
    candidates = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    for pattern in patterns:
        anchored = "/" in pattern.rstrip("/")
        pattern = pattern.strip("/")
        for candidate in candidates:
            target = candidate if anchored else candidate.rsplit("/", 1)[-1]
            if fnmatch.fnmatchcase(target, pattern):
                return True
            if pattern.endswith("/**") and (candidate + "/").startswith(pattern[:-2]):
                return True
    return False


def _archived_paths(repo: Repo) -> list:
    """The files ``git archive`` puts in an archive: all but those .gitattributes marks export-ignore."""
    attributes = repo.files.get(".gitattributes", b"").decode("utf-8", "replace")
    patterns = [line.split()[0] for line in attributes.splitlines()
                if line.strip() and not line.startswith("#") and "export-ignore" in line.split()[1:]]
    return sorted(path for path in repo.files if not _export_ignored(path, patterns))


def build_zipball(repo: Repo, commit: GitCommit, prefix: str) -> bytes:
    """A zip like ``git archive --format=zip``: one top folder, the commit sha as the archive comment."""
    moment = parse_time(commit.date).timetuple()[:6]
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = commit.sha.encode("ascii")
        for path in _archived_paths(repo):
            archive.writestr(zipfile.ZipInfo(f"{prefix}/{path}", date_time=moment), repo.files[path])
    return raw.getvalue()


def build_tarball(repo: Repo, commit: GitCommit, prefix: str) -> bytes:
    """A gzip'd tar like ``git archive``: one top folder, the commit sha in a pax header, no export-ignore files."""
    kept = _archived_paths(repo)
    mtime = int(parse_time(commit.date).timestamp())
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT, pax_headers={"comment": commit.sha}) as archive:
        directories = sorted({"/".join(p.split("/")[:i]) for p in kept for i in range(1, p.count("/") + 1)} | {""})
        for directory in directories:
            info = tarfile.TarInfo(f"{prefix}/{directory}".rstrip("/") + "/")
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o775, mtime
            archive.addfile(info)
        for path in kept:
            data = repo.files[path]
            info = tarfile.TarInfo(f"{prefix}/{path}")
            info.size, info.mode, info.mtime = len(data), 0o664, mtime
            archive.addfile(info, io.BytesIO(data))
    compressed = io.BytesIO()
    with gzip.GzipFile(fileobj=compressed, mode="wb", mtime=mtime) as stream:
        stream.write(raw.getvalue())
    return compressed.getvalue()


class _Listener(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops connections when a benchmark opens many at once,
    # and the client's SYN retry then adds a full second; GitHub accepts 100 concurrent requests.
    request_queue_size = 128
    daemon_threads = True


class _Handler(BaseHTTPRequestHandler):
    """One request: authenticate, pick a fault or an operation, apply rate limits and ETags, answer."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle's algorithm on, a kept-alive
    # client can stall on a delayed ACK and benchmarks would measure the fake, not the collector.
    disable_nagle_algorithm = True
    server_version = "GitHub.com"
    sys_version = ""
    github: GitHubServer = None  # set on the per-server subclass

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def setup(self):
        super().setup()
        with self.github._connections_lock:
            self.github._connections.add(self.connection)

    def finish(self):
        with contextlib.suppress(OSError):
            super().finish()
        with self.github._connections_lock:
            self.github._connections.discard(self.connection)

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_HEAD(self):
        self._dispatch("HEAD")

    def do_PUT(self):
        self._dispatch("PUT")

    def do_PATCH(self):
        self._dispatch("PATCH")

    def do_DELETE(self):
        self._dispatch("DELETE")

    # -- dispatch --
    def _token(self) -> tuple:
        header = self.headers.get("Authorization")
        if not header:
            return None, True
        scheme, _, value = header.partition(" ")
        value = value.strip()
        if scheme.lower() in ("token", "bearer") and value:
            token = value
        elif scheme.lower() == "basic" and value:
            # Basic auth carries the token as the password, as git and some clients send it.
            try:
                token = base64.b64decode(value).decode("utf-8").partition(":")[2] or value
            except ValueError:
                token = value
        else:
            return header, False
        valid = self.github.tokens is None or token in self.github.tokens
        return token, valid

    def _dispatch(self, method: str):
        github = self.github
        github.wait(github.latency)
        request_id = github.next_request_id()
        url = urlsplit(self.path)
        body = self._read_body()
        fault = github.pick_fault(method, url.path)
        if fault and fault.kind == "slow":
            github.wait(fault.delay)
        endpoint, counted, cost = "unknown", None, 0
        try:
            if url.path.startswith(CODELOAD_PREFIX + "/") or url.path.startswith(RAW_PREFIX + "/"):
                endpoint, response = self._download(url.path)
            elif url.path.rstrip("/") == GRAPHQL_PATH:
                endpoint = "graphql"
                response, counted, cost = self._graphql(method, body, request_id, fault)
            elif url.path == REST_PREFIX or url.path.startswith(REST_PREFIX + "/"):
                response, endpoint, counted = self._rest(method, url, request_id, fault)
            else:
                response = Response(404, {"message": "Not Found", "documentation_url": REST_DOCS, "status": "404"})
        except Exception as error:  # a bug in the fake must surface as a 500, never hang a client
            response = Response(500, {"message": f"local GitHub failed: {type(error).__name__}: {error}",
                                      "documentation_url": REST_DOCS, "status": "500"}, cacheable=False)
        if fault and fault.kind not in ("slow", "graphql_errors"):
            response = self._apply_fault(fault, response, request_id)
        response.headers.setdefault("X-GitHub-Request-Id", request_id)
        # Recorded before sending: a client that has its answer must see it counted.
        github.stats.record(RequestRecord(method, url.path, endpoint, response.status, counted,
                                          fault.kind if fault else None, cost))
        self._send(method, response, fault)

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _rest(self, method: str, url, request_id: str, fault: Optional[FaultRule]) -> tuple:
        github = self.github
        path = url.path[len(REST_PREFIX):] or "/"
        token, valid = self._token()
        if not valid:
            return Response(401, {"message": "Bad credentials", "documentation_url": REST_DOCS, "status": "401"},
                            cacheable=False), "unauthorized", None
        operation, params = github.route("GET" if method == "HEAD" else method, path)
        resource = "search" if path.startswith("/search/") else "core"
        identity, authenticated = github._identity(token), token is not None
        request = Request(method, path, parse_qs(url.query, keep_blank_values=True), self.headers, params,
                          operation or "", token)
        if operation is None:
            response = Response(404, {"message": "Not Found", "documentation_url": REST_DOCS, "status": "404"})
        else:
            try:
                response = github.handle_rest(request)
            except HttpError as error:
                response = Response(error.status, {"message": error.message, **error.extra,
                                                   "documentation_url": github.api.docs_url(operation),
                                                   "status": str(error.status)})
        if fault and fault.kind in ("primary_rate_limit", "secondary_rate_limit", "rate_limit_429"):
            return response, operation or "unknown", None
        # GitHub does not charge /rate_limit, nor a conditional request answered 304.
        charged = operation != "rate-limit/get"
        etag = None
        if response.status == 200 and response.cacheable and method in ("GET", "HEAD"):
            etag = 'W/"%s"' % hashlib.sha256(response.payload() + response.content_type.encode()).hexdigest()
            response.headers["ETag"] = etag
            if etag in [tag.strip() for tag in (self.headers.get("If-None-Match") or "").split(",")]:
                bucket = github.rate_limits.peek(identity, resource, authenticated)
                headers = {"ETag": etag, **self._rate_headers(bucket, resource)}
                return Response(304, None, headers=headers), operation, None
        counted = None
        if charged:
            bucket = github.rate_limits.charge(identity, resource, authenticated)
            if bucket is None:
                bucket = github.rate_limits.peek(identity, resource, authenticated)
                return self._primary_limited(bucket, resource, token, request_id), operation or "unknown", None
            counted = resource
        else:
            bucket = github.rate_limits.peek(identity, "core", authenticated)
        response.headers.update(self._rate_headers(bucket, resource if charged else "core"))
        if authenticated:
            response.headers["X-OAuth-Scopes"] = "repo, read:org"
            response.headers["X-Accepted-OAuth-Scopes"] = ""
        if etag:
            response.headers["Cache-Control"] = f"{'private' if authenticated else 'public'}, max-age=60, s-maxage=60"
        if operation == "activity/list-public-events-for-user":
            response.headers["X-Poll-Interval"] = "60"  # GitHub asks event pollers to wait this long
        return response, operation or "unknown", counted

    @staticmethod
    def _rate_headers(bucket: dict, resource: str) -> dict:
        return {"X-RateLimit-Limit": str(bucket["limit"]), "X-RateLimit-Remaining": str(bucket["remaining"]),
                "X-RateLimit-Reset": str(bucket["reset"]), "X-RateLimit-Used": str(bucket["used"]),
                "X-RateLimit-Resource": resource}

    def _primary_limited(self, bucket: dict, resource: str, token: Optional[str], request_id: str) -> Response:
        if token:
            message = (f"API rate limit exceeded for user ID {self.github.world.account(self.github.world.person).id}. "
                       f"If you reach out to GitHub Support for help, please include the request ID {request_id}.")
        else:
            message = (f"API rate limit exceeded for {LOOPBACK}. (But here's the good news: Authenticated requests get a "
                       f"higher rate limit. Check out the documentation for more details.) If you reach out to GitHub "
                       f"Support for help, please include the request ID {request_id}.")
        headers = self._rate_headers({**bucket, "remaining": 0, "used": bucket["limit"]}, resource)
        return Response(403, {"message": message, "documentation_url": f"{RATE_LIMIT_DOCS}#about-the-primary-rate-limit"},
                        headers=headers, cacheable=False)

    def _graphql(self, method: str, body: bytes, request_id: str, fault: Optional[FaultRule]) -> tuple:
        github = self.github
        token, valid = self._token()
        if method != "POST":
            return Response(404, {"message": "Not Found", "documentation_url": f"{DOCS}/graphql"}), None, 0
        if token is None:
            return Response(401, {"message": "This endpoint requires you to be authenticated.",
                                  "documentation_url": GRAPHQL_AUTH_DOCS}, cacheable=False), None, 0
        if not valid:
            return Response(401, {"message": "Bad credentials", "documentation_url": f"{DOCS}/graphql"}, cacheable=False), None, 0
        if fault and fault.kind == "graphql_errors":
            errors = fault.errors or [{"message": GRAPHQL_FAILURE_MESSAGE.format(request_id=request_id)}]
            return Response(200, {"data": None, "errors": errors}, cacheable=False), None, 0
        response, cost = github._graphql.execute(body, token, request_id)
        return response, ("graphql" if cost else None), cost

    def _download(self, path: str) -> tuple:
        github = self.github
        if path.startswith(CODELOAD_PREFIX + "/"):
            match = re.match(r"^/([^/]+)/([^/]+)/legacy\.(tar\.gz|zip)/(.+)$", path[len(CODELOAD_PREFIX):])
            owner, name, archive_format, ref = (unquote(g) for g in match.groups()) if match else (None,) * 4
            archive = github.tarball(owner, name, ref, archive_format) if match else None
            if archive is None:
                return "codeload", Response(404, b"404: Not Found", content_type="text/plain; charset=utf-8", cacheable=False)
            filename, data = archive
            media = "application/zip" if archive_format == "zip" else "application/x-gzip"
            return "codeload", Response(200, data, content_type=media, cacheable=False,
                                        headers={"Content-Disposition": f"attachment; filename={filename}"})
        match = re.match(r"^/([^/]+)/([^/]+)/(.+)$", path[len(RAW_PREFIX):])
        data = github.raw_file(*(unquote(g) for g in match.groups())) if match else None
        if data is None:
            return "raw", Response(404, b"404: Not Found", content_type="text/plain; charset=utf-8", cacheable=False)
        return "raw", Response(200, data, content_type="text/plain; charset=utf-8", cacheable=False)

    # -- faults --
    def _apply_fault(self, fault: FaultRule, response: Response, request_id: str) -> Response:
        now = int(time.time())
        if fault.kind == "rate_limit_429":
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            return Response(429, {"message": "API rate limit exceeded", "documentation_url": RATE_LIMIT_DOCS}, headers=headers)
        if fault.kind == "primary_rate_limit":
            bucket = {"limit": 5000, "used": 5000, "remaining": 0, "reset": now + (fault.retry_after or 60)}
            message = f"API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID {request_id}."
            return Response(403, {"message": message, "documentation_url": f"{RATE_LIMIT_DOCS}#about-the-primary-rate-limit"},
                            headers=self._rate_headers(bucket, "core"))
        if fault.kind == "secondary_rate_limit":
            return Response(403, {"message": SECONDARY_MESSAGE.format(request_id=request_id), "documentation_url": SECONDARY_DOCS},
                            headers={"Retry-After": str(fault.retry_after if fault.retry_after is not None else 60)})
        if fault.kind == "status":
            messages = {500: "Server Error", 502: "Server Error", 503: "Service Unavailable", 504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists."}
            return Response(fault.status, {"message": messages.get(fault.status, "Server Error"), "documentation_url": REST_DOCS})
        if fault.kind == "malformed_json":
            return Response(200, response.payload()[: max(len(response.payload()) // 2, 1)] + b"<!DOCTYPE html>",
                            headers={k: v for k, v in response.headers.items() if k != "ETag"}, cacheable=False)
        return response  # connection_reset and truncated_body change how the body is sent

    # -- output --
    def _send(self, method: str, response: Response, fault: Optional[FaultRule]):
        payload = response.payload()
        send_body = response.status not in (204, 304) and method != "HEAD"
        if fault and fault.kind == "truncated_body":
            payload = payload[: len(payload) // 2]
        try:
            self.send_response(response.status)
            if response.status != 304 and response.status != 204:
                self.send_header("Content-Type", response.content_type)
            if send_body or method == "HEAD":
                self.send_header("Content-Length", str(len(payload)))
            for name, value in response.headers.items():
                if value is not None:
                    self.send_header(name, value)
            self.send_header("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP")
            self.send_header("X-GitHub-Media-Type", "github.v3; format=json")
            self.send_header("X-GitHub-Api-Version-Selected", "2022-11-28")
            if fault and fault.kind == "connection_reset":
                self.end_headers()
                self.wfile.write(payload[: len(payload) // 2])
                self.wfile.flush()
                # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                self.connection.close()
                return
            self.end_headers()
            if send_body:
                self.wfile.write(payload)
            if fault and fault.kind == "truncated_body":
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True


# ---------------------------------------------------------------------------
# GraphQL: GitHub's schema, validated and executed against the world.

# graphql-core rejects GitHub's published schema as a whole because some implementations
# deprecate a field their interface does not (e.g. Project.id vs Node.id). That is the
# only schema rule skipped; any other schema error still stops the server.
_INTERFACE_DEPRECATION = re.compile(
    r"^Interface field \S+ is not deprecated, so implementation field \S+ must not be deprecated\.$")


@lru_cache(maxsize=4)
def load_graphql_schema(sdl_path: str):
    import graphql

    schema = graphql.build_schema(Path(sdl_path).read_text(encoding="utf-8"), assume_valid_sdl=True)
    errors = graphql.validate_schema(schema)
    unexpected = [e for e in errors if not _INTERFACE_DEPRECATION.match(e.message)]
    if unexpected:
        raise TypeError("GitHub schema failed validation: " + "; ".join(e.message for e in unexpected))
    # validate_schema caches its result on the schema; keeping only the errors we do not skip
    # lets graphql.validate and execution run (graphql-core's documented caching attribute).
    schema._validation_errors = unexpected
    return schema


def _cursor(offset: int) -> str:
    return base64.b64encode(f"cursor:v2:{offset}".encode()).decode()


def _offset(cursor: Optional[str]) -> Optional[int]:
    if cursor is None:
        return None
    try:
        return int(base64.b64decode(cursor).decode().rsplit(":", 1)[1])
    except (ValueError, IndexError, UnicodeDecodeError):
        raise _not_valid_cursor(cursor)


def _not_valid_cursor(cursor):
    from graphql import GraphQLError

    return GraphQLError(f"`{cursor}` does not appear to be a valid cursor.")


@dataclass
class Edge:
    """A connection item with extra edge fields (LanguageEdge.size)."""

    node: Any
    extra: dict


def connection(items: list, args: dict) -> dict:
    first, last = args.get("first"), args.get("last")
    after, before = _offset(args.get("after")), _offset(args.get("before"))
    start = after + 1 if after is not None else 0
    end = before if before is not None else len(items)
    window = list(range(start, min(end, len(items))))
    if first is not None:
        window = window[:first]
    if last is not None:
        window = window[-last:] if last else []
    edges, nodes = [], []
    for offset in window:
        item = items[offset]
        node, extra = (item.node, item.extra) if isinstance(item, Edge) else (item, {})
        edges.append({"cursor": _cursor(offset), "node": node, **extra})
        nodes.append(node)
    last_shown = window[-1] if window else start - 1
    page_info = {"hasNextPage": last_shown < min(end, len(items)) - 1,
                 "hasPreviousPage": bool(window) and window[0] > 0,
                 "startCursor": _cursor(window[0]) if window else None,
                 "endCursor": _cursor(window[-1]) if window else None}
    return {"edges": edges, "nodes": nodes, "pageInfo": page_info, "totalCount": len(items)}


ISSUE_ORDER = {"CREATED_AT": "created_at", "UPDATED_AT": "updated_at"}
REPO_ORDER = {"CREATED_AT": "created_at", "UPDATED_AT": "updated_at", "PUSHED_AT": "pushed_at", "NAME": "name"}


class GraphQLViews:
    """World objects as GraphQL-shaped dicts; lambdas take field arguments and run only when selected."""

    def __init__(self, server: GitHubServer):
        self.world = server.world
        self.server = server
        self.html = server.html_base.rstrip("/")

    # -- actors --
    def actor(self, login: Optional[str]) -> Optional[dict]:
        account = self.world.account(login) if login else None
        return self.account(account) if account else None

    def account(self, account: Account) -> dict:
        world = self.world
        # GraphQL names bots without the "[bot]" suffix REST uses.
        login = account.login[:-5] if account.type == "Bot" else account.login
        view = {
            "__typename": account.type, "id": account.node_id, "databaseId": account.id, "login": login,
            "name": account.name, "bio": account.bio, "company": account.company, "location": account.location,
            "email": account.email or "", "websiteUrl": account.blog or None, "twitterUsername": account.twitter_username,
            "url": f"{self.html}/{'apps/' + login if account.type == 'Bot' else login}", "resourcePath": f"/{login}",
            "avatarUrl": lambda **_: f"{AVATAR_BASE}/u/{account.id}?v=4", "createdAt": account.created_at,
            "updatedAt": account.updated_at, "isHireable": False, "description": account.bio,
            "repositories": lambda **a: self.repositories_of(account.login, a),
            "repository": lambda name=None, **_: self.repository(world.repo(account.login, name)) if name else None,
            "pullRequests": lambda **a: self.sorted_items([(r, i) for r, i in world.all_issues() if i.is_pull and i.author == account.login], a),
            "issues": lambda **a: self.sorted_items([(r, i) for r, i in world.all_issues() if not i.is_pull and i.author == account.login], a),
            "followers": lambda **_: [], "following": lambda **_: [], "starredRepositories": lambda **_: [],
            "gists": lambda **_: [], "pinnedItems": lambda **_: [],
            "organizations": lambda **_: [self.account(o) for o in world.accounts.values() if account.login in o.members],
            "membersWithRole": lambda **_: [self.account(world.account(m)) for m in account.members],
            "repositoriesContributedTo": lambda **a: [self.repository(r) for r in world.repos.values()
                                                      if r.owner != account.login and any(i.author == account.login for i in r.issues)],
            "topRepositories": lambda **a: [self.repository(r) for r in sorted(world.repos_of(account.login), key=lambda r: -r.stargazers)],
        }
        return view

    # -- repositories --
    def repositories_of(self, login: str, args: dict) -> list:
        repos = self.world.repos_of(login)
        if args.get("isFork") is not None:
            repos = [r for r in repos if (r.fork_of is not None) == args["isFork"]]
        if args.get("isArchived") is not None:
            repos = [r for r in repos if r.archived == args["isArchived"]]
        if args.get("privacy") == "PRIVATE" or args.get("visibility") in ("PRIVATE", "INTERNAL"):
            repos = []
        affiliations = args.get("ownerAffiliations") or ["OWNER"]
        if "OWNER" not in affiliations:
            repos = []
        order = args.get("orderBy")
        if order:
            attribute = REPO_ORDER.get(order["field"])
            key = (lambda r: r.stargazers) if order["field"] == "STARGAZERS" else (lambda r: getattr(r, attribute or "created_at"))
            repos = sorted(repos, key=key, reverse=order.get("direction") == "DESC")
        else:
            repos = sorted(repos, key=lambda r: r.created_at)
        return [self.repository(r) for r in repos]

    def repository(self, repo: Optional[Repo]) -> Optional[dict]:
        if repo is None:
            return None
        world = self.world

        def first_file(predicate) -> Optional[str]:
            return next((p for p in sorted(repo.files) if predicate(p.upper())), None)

        def contributing_guidelines(**_):
            path = first_file(lambda p: p.endswith("CONTRIBUTING.MD"))
            return {"__typename": "ContributingGuidelines", "body": repo.files[path].decode("utf-8"),
                    "url": f"{self.html}/{repo.full_name}/blob/{repo.default_branch}/{path}"} if path else None

        def code_of_conduct(**_):
            if not first_file(lambda p: "CODE_OF_CONDUCT" in p):
                return None
            return {"__typename": "CodeOfConduct", "key": "contributor_covenant", "name": "Contributor Covenant",
                    "body": None, "url": None, "id": "MDEyOkNvZGVPZkNvbmR1Y3Qy"}

        # Views are built for every repository a connection might return, so costly fields stay lazy.
        return {
            "__typename": "Repository", "id": repo.node_id, "databaseId": repo.id, "name": repo.name,
            "nameWithOwner": repo.full_name, "owner": lambda **_: self.actor(repo.owner), "description": repo.description,
            "url": f"{self.html}/{repo.full_name}", "resourcePath": f"/{repo.full_name}", "homepageUrl": repo.homepage,
            "isFork": repo.fork_of is not None, "isArchived": repo.archived, "isPrivate": False, "isEmpty": repo.is_empty,
            "isTemplate": False, "isDisabled": False, "isLocked": False, "isMirror": False, "visibility": "PUBLIC",
            "stargazerCount": repo.stargazers, "forkCount": repo.forks_count, "createdAt": repo.created_at,
            "updatedAt": repo.updated_at, "pushedAt": repo.pushed_at, "diskUsage": repo.size_kb,
            "hasIssuesEnabled": True, "hasWikiEnabled": True, "hasDiscussionsEnabled": repo.has_discussions,
            "hasProjectsEnabled": True,
            "primaryLanguage": lambda **_: {"__typename": "Language", "name": repo.language, "color": None} if repo.language else None,
            "languages": lambda **_: [Edge({"__typename": "Language", "name": n, "color": None}, {"size": s})
                                      for n, s in repo.languages().items()],
            "licenseInfo": ({"__typename": "License", "key": repo.license_key, "name": LICENSES.get(repo.license_key, (repo.license_key,))[0],
                             "spdxId": LICENSES.get(repo.license_key, (None, repo.license_key))[1]} if repo.license_key else None),
            "repositoryTopics": lambda **_: [{"__typename": "RepositoryTopic", "topic": {"name": t}, "url": f"{self.html}/topics/{t}"} for t in repo.topics],
            "defaultBranchRef": (None if repo.is_empty else {"__typename": "Ref", "name": repo.default_branch, "prefix": "refs/heads/",
                                                           "target": lambda **_: self.commit(repo, repo.head)}),
            "object": lambda expression=None, oid=None, **_: self.git_object(repo, expression, oid),
            "issues": lambda **a: self.sorted_items([(repo, i) for i in repo.plain_issues()], a),
            "pullRequests": lambda **a: self.sorted_items([(repo, i) for i in repo.pulls()], a),
            "issue": lambda number=None, **_: self.issue_like(repo, repo.issue(number)) if repo.issue(number) and not repo.issue(number).is_pull else None,
            "pullRequest": lambda number=None, **_: self.issue_like(repo, repo.issue(number)) if repo.issue(number) and repo.issue(number).is_pull else None,
            "discussions": lambda **a: self.discussions(repo, a),
            "discussion": lambda number=None, **_: next((self.discussion(repo, d) for d in repo.discussions if d.number == number), None),
            "parent": lambda **_: self.repository(world.repo_by_full_name(repo.fork_of)) if repo.fork_of else None,
            "forks": lambda **_: [self.repository(r) for r in world.repos.values() if r.fork_of == repo.full_name],
            "mentionableUsers": lambda **_: [self.actor(login) for login in sorted({i.author for i in repo.issues} | {repo.owner})],
            "contributingGuidelines": contributing_guidelines, "codeOfConduct": code_of_conduct,
            "issueTemplates": lambda **_: [{"__typename": "IssueTemplate", "name": p.rsplit("/", 1)[-1], "filename": p.rsplit("/", 1)[-1],
                                            "body": repo.files[p].decode("utf-8"), "about": None, "title": None}
                                           for p in sorted(repo.files) if "/ISSUE_TEMPLATE/" in p.upper()],
            "pullRequestTemplates": lambda **_: [{"__typename": "PullRequestTemplate", "filename": p.rsplit("/", 1)[-1],
                                                  "body": repo.files[p].decode("utf-8")}
                                                 for p in sorted(repo.files) if "PULL_REQUEST_TEMPLATE" in p.upper()],
            "labels": lambda **_: [{"__typename": "Label", "name": n, "color": LABEL_COLOURS.get(n, ("ededed",))[0],
                                    "description": LABEL_COLOURS.get(n, (None, None))[1]} for n in sorted({l for i in repo.issues for l in i.labels})],
            "collaborators": None,
        }

    # -- git --
    def commit(self, repo: Repo, commit: GitCommit) -> dict:
        index = repo.commits.index(commit)

        def history(since=None, until=None, author=None, path=None, **_):
            commits = repo.commits[index:]
            if since:
                commits = [c for c in commits if c.date >= since]
            if until:
                commits = [c for c in commits if c.date <= until]
            if author and author.get("emails"):
                commits = [c for c in commits if c.author_email in author["emails"]]
            if path and path not in repo.files and repo.directory(path.strip("/")) is None:
                commits = []
            return [self.commit(repo, c) for c in commits]

        def person():
            return {"__typename": "GitActor", "name": commit.author_name, "email": commit.author_email, "date": commit.date,
                    "user": self.actor(commit.author_login) if commit.author_login else None,
                    "avatarUrl": f"{AVATAR_BASE}/u/0?v=4"}

        return {
            "__typename": "Commit", "id": legacy_node_id("Commit", int(commit.sha[:8], 16)), "oid": commit.sha,
            "abbreviatedOid": commit.sha[:7], "message": commit.message, "messageHeadline": commit.headline,
            "messageBody": commit.body, "additions": commit.additions, "deletions": commit.deletions,
            "changedFiles": commit.changed_files, "changedFilesIfAvailable": commit.changed_files,
            "committedDate": commit.date, "authoredDate": commit.date, "pushedDate": None,
            "url": f"{self.html}/{repo.full_name}/commit/{commit.sha}", "resourcePath": f"/{repo.full_name}/commit/{commit.sha}",
            "author": lambda **_: person(), "committer": lambda **_: person(),
            "authors": lambda **_: [person()], "history": history,
            "parents": lambda **_: [self.commit(repo, c) for c in repo.commits if c.sha in commit.parents],
            "tree": lambda **_: self.tree(repo, commit.tree_sha, ""),
            "repository": lambda **_: self.repository(repo),
            "associatedPullRequests": lambda **_: [],
            # GitHub links codeload; here the same host serves it, at the path the REST redirect uses.
            "tarballUrl": self.server.archive_url(repo, "tar.gz", commit.sha),
            "zipballUrl": self.server.archive_url(repo, "zip", commit.sha),
        }

    def tree(self, repo: Repo, sha: str, path: str) -> dict:
        def entries(**_):
            result = []
            for entry in repo.trees.get(sha, []):
                full = f"{path}/{entry.name}" if path else entry.name
                result.append({"__typename": "TreeEntry", "name": entry.name, "path": full, "oid": entry.sha,
                               "type": entry.type, "mode": int(entry.mode, 8), "size": entry.size or 0,
                               "extension": ("." + entry.name.rsplit(".", 1)[1]) if "." in entry.name else None,
                               "isGenerated": False,
                               "object": (lambda e=entry, f=full: self.tree(repo, e.sha, f) if e.type == "tree" else self.blob(repo, f))})
            return result

        return {"__typename": "Tree", "oid": sha, "abbreviatedOid": sha[:7], "entries": entries, "id": legacy_node_id("Tree", int(sha[:8], 16))}

    def blob(self, repo: Repo, path: str) -> dict:
        data = repo.files[path]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None  # GitHub answers null text for binary blobs
        sha = repo.blob_shas[path]
        return {"__typename": "Blob", "oid": sha, "abbreviatedOid": sha[:7], "byteSize": len(data), "isBinary": text is None,
                "isTruncated": False, "text": text, "id": legacy_node_id("Blob", int(sha[:8], 16))}

    def git_object(self, repo: Repo, expression: Optional[str], oid: Optional[str]):
        if oid:
            commit = repo.resolve_ref(oid)
            return self.commit(repo, commit) if commit else None
        if not expression:
            return None
        ref, has_path, path = expression.partition(":")
        commit = repo.resolve_ref(ref or "HEAD")
        if commit is None:
            return None
        if not has_path:
            return self.commit(repo, commit)
        path = path.strip("/")
        if path in repo.files:
            return self.blob(repo, path)
        sha = repo.tree_sha_of(path)
        return self.tree(repo, sha, path) if sha else None

    # -- conversations --
    def sorted_items(self, pairs: list, args: dict) -> list:
        states = args.get("states")
        if states:
            def state_of(issue):
                if issue.is_pull and issue.pull.merged_at:
                    return "MERGED"
                return issue.state.upper()
            pairs = [(r, i) for r, i in pairs if state_of(i) in states]
        if args.get("labels"):
            pairs = [(r, i) for r, i in pairs if set(args["labels"]) & set(i.labels)]
        filter_by = args.get("filterBy") or {}
        if filter_by.get("createdBy"):
            pairs = [(r, i) for r, i in pairs if i.author == filter_by["createdBy"]]
        if filter_by.get("since"):
            pairs = [(r, i) for r, i in pairs if i.updated_at >= filter_by["since"]]
        if args.get("headRefName"):
            pairs = [(r, i) for r, i in pairs if i.pull.head_ref == args["headRefName"]]
        if args.get("baseRefName"):
            pairs = [(r, i) for r, i in pairs if i.pull.base_ref == args["baseRefName"]]
        order = args.get("orderBy")
        if order:
            if order["field"] == "COMMENTS":
                key = lambda pair: len(pair[1].comments)  # noqa: E731 - a sort key
            else:
                key = lambda pair: getattr(pair[1], ISSUE_ORDER.get(order["field"], "created_at"))  # noqa: E731
            pairs = sorted(pairs, key=key, reverse=order.get("direction") == "DESC")
        else:
            pairs = sorted(pairs, key=lambda pair: (pair[1].created_at, pair[1].id))
        return [self.issue_like(r, i) for r, i in pairs]

    def comment(self, repo: Repo, issue: Issue, comment) -> dict:
        kind = "pull" if issue.is_pull else "issues"
        return {"__typename": "IssueComment", "id": legacy_node_id("IssueComment", comment.id), "databaseId": comment.id,
                "author": lambda **_: self.actor(comment.author), "body": comment.body, "bodyText": comment.body,
                "bodyHTML": f"<p>{html.escape(comment.body)}</p>", "createdAt": comment.created_at,
                "updatedAt": comment.updated_at, "publishedAt": comment.created_at, "lastEditedAt": None,
                "url": f"{self.html}/{repo.full_name}/{kind}/{issue.number}#issuecomment-{comment.id}",
                "authorAssociation": self.world.association(repo, comment.author), "isMinimized": False,
                "issue": lambda **_: self.issue_like(repo, issue), "reactions": lambda **_: []}

    def issue_like(self, repo: Repo, issue: Issue) -> dict:
        merged = issue.is_pull and issue.pull.merged_at is not None
        state = "MERGED" if merged else issue.state.upper()
        kind = "pull" if issue.is_pull else "issues"
        view = {
            "__typename": "PullRequest" if issue.is_pull else "Issue",
            "id": legacy_node_id("PullRequest" if issue.is_pull else "Issue", issue.id), "databaseId": issue.id,
            "number": issue.number, "title": issue.title, "body": issue.body or "", "bodyText": issue.body or "",
            "bodyHTML": f"<p>{html.escape(issue.body or '')}</p>", "url": f"{self.html}/{repo.full_name}/{kind}/{issue.number}",
            "resourcePath": f"/{repo.full_name}/{kind}/{issue.number}", "author": lambda **_: self.actor(issue.author),
            "authorAssociation": self.world.association(repo, issue.author), "createdAt": issue.created_at,
            "updatedAt": issue.updated_at, "closedAt": issue.closed_at, "closed": issue.state == "closed",
            "state": state, "locked": False, "lastEditedAt": None, "publishedAt": issue.created_at,
            "stateReason": issue.state_reason.upper() if issue.state_reason else None,
            "comments": lambda **_: [self.comment(repo, issue, c) for c in issue.comments],
            "labels": lambda **_: [{"__typename": "Label", "name": n, "color": LABEL_COLOURS.get(n, ("ededed",))[0],
                                    "description": LABEL_COLOURS.get(n, (None, None))[1]} for n in issue.labels],
            "assignees": lambda **_: [], "participants": lambda **_: [self.actor(l) for l in sorted({issue.author} | {c.author for c in issue.comments})],
            "repository": lambda **_: self.repository(repo), "reactions": lambda **_: [],
            "timelineItems": lambda **a: self.timeline(repo, issue, a),
        }
        if issue.is_pull:
            info = issue.pull
            head_repo = self.world.repo_by_full_name(info.head_repo)
            view.update({
                "merged": merged, "mergedAt": info.merged_at, "mergedBy": lambda **_: self.actor(info.merged_by),
                "isDraft": info.draft, "additions": info.additions, "deletions": info.deletions,
                "changedFiles": info.changed_files, "baseRefName": info.base_ref, "headRefName": info.head_ref,
                "baseRefOid": info.base_sha, "headRefOid": info.head_sha, "mergeable": "UNKNOWN",
                "baseRepository": lambda **_: self.repository(repo), "headRepository": lambda **_: self.repository(head_repo),
                "headRepositoryOwner": lambda **_: self.actor(head_repo.owner) if head_repo else None,
                "isCrossRepository": info.head_repo != repo.full_name, "permalink": view["url"],
                "reviews": lambda states=None, author=None, **_: [self.review(repo, issue, r) for r in info.reviews
                                                                  if (not states or r.state in states) and (not author or r.author == author)],
                "latestReviews": lambda **_: [self.review(repo, issue, r) for r in info.reviews],
                "reviewDecision": (info.reviews[-1].state if info.reviews and info.reviews[-1].state in ("APPROVED", "CHANGES_REQUESTED") else None),
                "reviewRequests": lambda **_: [], "files": lambda **_: [],
                "closingIssuesReferences": lambda userLinkedOnly=False, **_: (
                    [] if userLinkedOnly else [self.issue_like(r, i) for r, i in self.world.closing_issues(repo, issue)]),
                "commits": lambda **_: [{"__typename": "PullRequestCommit", "url": view["url"] + "/commits",
                                         "commit": {"__typename": "Commit", "oid": info.head_sha, "abbreviatedOid": info.head_sha[:7],
                                                    "messageHeadline": issue.title, "message": issue.title, "messageBody": ""}}
                                        for _ in range(info.commit_count)],
            })
        return view

    def timeline(self, repo: Repo, issue: Issue, args: dict) -> dict:
        """The comments, cross-references and close of an issue or PR, oldest first, filtered like GitHub's timelineItems."""
        url = f"{self.html}/{repo.full_name}/{'pull' if issue.is_pull else 'issues'}/{issue.number}"
        items = [("ISSUE_COMMENT", c.created_at, lambda c=c: self.comment(repo, issue, c)) for c in issue.comments]
        for source_repo, source, will_close in self.world.references_to(repo, issue):
            items.append(("CROSS_REFERENCED_EVENT", source.created_at,
                          lambda r=source_repo, s=source, w=will_close: self.cross_reference(repo, issue, url, r, s, w)))
        if issue.state == "closed":
            items.append(("CLOSED_EVENT", issue.closed_at, lambda: self.closed_event(repo, issue, url)))
        items.sort(key=lambda item: item[1])
        wanted = set(args.get("itemTypes") or ()) or {kind for kind, _, _ in items}
        since = args.get("since")
        chosen = [(kind, moment, build) for kind, moment, build in items if kind in wanted and (not since or moment >= since)]
        chosen = chosen[args.get("skip") or 0:]
        page = connection([build for _, _, build in chosen], args)
        built = {id(build): build() for build in page["nodes"]}  # views are built only for the page asked for
        page["nodes"] = [built[id(build)] for build in page["nodes"]]
        for edge in page["edges"]:
            edge["node"] = built[id(edge["node"])]
        return {**page, "filteredCount": len(chosen), "pageCount": len(page["nodes"]),
                "updatedAt": issue.updated_at}

    @staticmethod
    def _event_id(issue: Issue, kind: str, other: int = 0) -> int:
        # Events have their own id sequence on GitHub; a hash keeps them stable and far above the world's ids.
        return int(hashlib.sha1(f"{kind}:{issue.id}:{other}".encode()).hexdigest()[:10], 16)

    def closed_event(self, repo: Repo, issue: Issue, url: str) -> dict:
        event_id = self._event_id(issue, "closed")
        closer = None
        if issue.closer_pull is not None:
            closer = self.issue_like(repo, repo.issue(issue.closer_pull))
        elif issue.closer_commit is not None:
            closer = self.commit(repo, next(c for c in repo.commits if c.sha == issue.closer_commit))
        return {
            "__typename": "ClosedEvent", "id": legacy_node_id("ClosedEvent", event_id), "actor": self.actor(issue.closed_by),
            "closable": self.issue_like(repo, issue), "closer": closer, "createdAt": issue.closed_at,
            "stateReason": issue.state_reason.upper() if issue.state_reason and not issue.is_pull else None,
            "url": f"{url}#event-{event_id}", "resourcePath": f"{url[len(self.html):]}#event-{event_id}",
        }

    def cross_reference(self, repo: Repo, issue: Issue, url: str, source_repo: Repo, source: Issue, will_close: bool) -> dict:
        event_id = self._event_id(issue, "cross-referenced", source.id)
        anchor = f"#ref-{'pullrequest' if source.is_pull else 'issue'}-{source.id}"
        return {
            "__typename": "CrossReferencedEvent", "id": legacy_node_id("CrossReferencedEvent", event_id),
            "actor": self.actor(source.author), "createdAt": source.created_at, "referencedAt": source.created_at,
            "isCrossRepository": source_repo is not repo, "willCloseTarget": will_close,
            "source": self.issue_like(source_repo, source), "target": self.issue_like(repo, issue),
            "url": f"{url}{anchor}", "resourcePath": f"{url[len(self.html):]}{anchor}",
        }

    def review(self, repo: Repo, issue: Issue, review: Review) -> dict:
        url = f"{self.html}/{repo.full_name}/pull/{issue.number}#pullrequestreview-{review.id}"
        return {
            "__typename": "PullRequestReview", "id": legacy_node_id("PullRequestReview", review.id), "databaseId": review.id,
            "author": lambda **_: self.actor(review.author), "authorAssociation": self.world.association(repo, review.author),
            "body": review.body, "bodyText": review.body, "state": review.state, "submittedAt": review.submitted_at,
            "createdAt": review.submitted_at, "publishedAt": review.submitted_at, "url": url,
            "pullRequest": lambda **_: self.issue_like(repo, issue),
            "comments": lambda **_: [{
                "__typename": "PullRequestReviewComment", "id": legacy_node_id("PullRequestReviewComment", c.id), "databaseId": c.id,
                "author": self.actor(c.author), "authorAssociation": self.world.association(repo, c.author), "body": c.body,
                "bodyText": c.body, "path": c.path, "line": c.line, "originalLine": c.line, "diffHunk": c.diff_hunk,
                "createdAt": c.created_at, "publishedAt": c.created_at, "outdated": False, "replyTo": None,
                "url": f"{self.html}/{repo.full_name}/pull/{issue.number}#discussion_r{c.id}"} for c in review.comments],
        }

    def discussions(self, repo: Repo, args: dict) -> list:
        items = repo.discussions
        if args.get("answered") is not None:
            items = [d for d in items if (d.answer_id is not None) == args["answered"]]
        order = args.get("orderBy") or {"field": "UPDATED_AT", "direction": "DESC"}
        items = sorted(items, key=lambda d: d.created_at, reverse=order.get("direction") == "DESC")
        return [self.discussion(repo, d) for d in items]

    def discussion_comment(self, repo: Repo, discussion: Discussion, comment: DiscussionComment, is_reply=False) -> dict:
        return {
            "__typename": "DiscussionComment", "id": legacy_node_id("DiscussionComment", comment.id), "databaseId": comment.id,
            "author": lambda **_: self.actor(comment.author), "authorAssociation": self.world.association(repo, comment.author),
            "body": comment.body, "bodyText": comment.body, "createdAt": comment.created_at, "publishedAt": comment.created_at,
            "updatedAt": comment.created_at, "isAnswer": comment.id == discussion.answer_id, "upvoteCount": 0,
            "url": f"{self.html}/{repo.full_name}/discussions/{discussion.number}#discussioncomment-{comment.id}",
            "replies": lambda **_: [self.discussion_comment(repo, discussion, r, True) for r in comment.replies],
            "discussion": lambda **_: self.discussion(repo, discussion),
        }

    def discussion(self, repo: Repo, discussion: Discussion) -> dict:
        emoji, answerable = DISCUSSION_CATEGORIES[discussion.category]
        answer = next((c for c in discussion.comments if c.id == discussion.answer_id), None)
        return {
            "__typename": "Discussion", "id": legacy_node_id("Discussion", discussion.id), "databaseId": discussion.id,
            "number": discussion.number, "title": discussion.title, "body": discussion.body, "bodyText": discussion.body,
            "url": f"{self.html}/{repo.full_name}/discussions/{discussion.number}", "createdAt": discussion.created_at,
            "updatedAt": discussion.created_at, "author": lambda **_: self.actor(discussion.author),
            "authorAssociation": self.world.association(repo, discussion.author), "upvoteCount": 0,
            "isAnswered": answer is not None if answerable else None, "closed": False, "locked": False,
            "category": {"__typename": "DiscussionCategory", "name": discussion.category, "emoji": emoji,
                         "isAnswerable": answerable, "slug": discussion.category.lower().replace("&", "-a")},
            "answer": lambda **_: self.discussion_comment(repo, discussion, answer) if answer else None,
            "answerChosenAt": answer.created_at if answer else None,
            "answerChosenBy": lambda **_: self.actor(repo.owner) if answer else None,
            "comments": lambda **_: [self.discussion_comment(repo, discussion, c) for c in discussion.comments],
            "repository": lambda **_: self.repository(repo),
        }


def _default_value(graphql_type):
    """A harmless value for a non-null field the world has no data for, so a query never crashes."""
    from graphql import (GraphQLBoolean, GraphQLFloat, GraphQLInt, GraphQLList, GraphQLNonNull, is_abstract_type,
                         is_enum_type, is_object_type)

    inner = graphql_type.of_type if isinstance(graphql_type, GraphQLNonNull) else graphql_type
    if isinstance(inner, GraphQLList):
        return []
    if is_enum_type(inner):
        return next(iter(inner.values))
    if is_object_type(inner):
        return {"__typename": inner.name}
    if is_abstract_type(inner):
        return None
    return {GraphQLInt.name: 0, GraphQLFloat.name: 0.0, GraphQLBoolean.name: False}.get(inner.name, "")


class GraphQLEndpoint:
    """Validates and executes queries with graphql-core, charging GitHub's point cost."""

    def __init__(self, server: GitHubServer):
        self.server = server
        self.schema = load_graphql_schema(str(server.api.root / "schema.graphql"))
        self.views = GraphQLViews(server)

    def _resolver(self, source, info, **args):
        from graphql import GraphQLNonNull, get_named_type

        name = info.field_name
        value = source.get(name) if isinstance(source, dict) else getattr(source, name, None)
        if callable(value):
            value = value(**args)
        named = get_named_type(info.return_type)
        if isinstance(value, list) and named.name.endswith("Connection"):
            value = connection(value, args)
        if value is None and isinstance(info.return_type, GraphQLNonNull):
            value = _default_value(info.return_type)
        return value

    def analyse(self, document, operation_name, variables) -> tuple:
        """Static checks GitHub makes before running a query: pagination bounds, then the point cost."""
        from graphql import (FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode,
                             OperationDefinitionNode, get_named_type, is_interface_type, is_object_type)
        from graphql.utilities import value_from_ast_untyped

        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        operation = next((o for o in operations if not operation_name or (o.name and o.name.value == operation_name)), None)
        errors, counters = [], {"requests": 0, "nodes": 0}
        if operation is None:
            return errors, 1, 0
        root = {"query": self.schema.query_type, "mutation": self.schema.mutation_type}.get(operation.operation.value)

        def walk(selection_set, parent, multiplier, path, depth):
            if selection_set is None or depth > 30:
                return
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    name = selection.name.value
                    if name.startswith("__") or not (is_object_type(parent) or is_interface_type(parent)):
                        continue
                    definition = parent.fields.get(name)
                    if definition is None:
                        continue
                    named = get_named_type(definition.type)
                    key = selection.alias.value if selection.alias else name
                    child = multiplier
                    if named.name.endswith("Connection") and "first" in definition.args:
                        args = {a.name.value: value_from_ast_untyped(a.value, variables) for a in selection.arguments or ()}
                        first, last = args.get("first"), args.get("last")
                        if first is None and last is None:
                            errors.append({"type": "MISSING_PAGINATION_BOUNDARIES", "path": path + [key],
                                           "message": f"You must provide a `first` or `last` value to properly paginate the `{name}` connection."})
                        for bound, value in (("first", first), ("last", last)):
                            if value is not None and (value > GRAPHQL_MAX_PAGE or value < 0):
                                errors.append({"type": "EXCESSIVE_PAGINATION", "path": path + [key],
                                               "message": f"Requesting {value} records on the `{name}` connection exceeds the `{bound}` limit of {GRAPHQL_MAX_PAGE} records."})
                        size = first if first is not None else (last or 0)
                        counters["requests"] += multiplier
                        counters["nodes"] += multiplier * size
                        child = multiplier * max(size, 1)
                    walk(selection.selection_set, named, child, path + [key], depth + 1)
                elif isinstance(selection, InlineFragmentNode):
                    target = self.schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
                    walk(selection.selection_set, target, multiplier, path, depth + 1)
                elif isinstance(selection, FragmentSpreadNode):
                    fragment = fragments.get(selection.name.value)
                    if fragment:
                        walk(fragment.selection_set, self.schema.get_type(fragment.type_condition.name.value), multiplier, path, depth + 1)

        walk(operation.selection_set, root, 1, [], 0)
        # GitHub: add the requests each connection needs, divide by 100, round; at least 1.
        cost = max(1, round(counters["requests"] / GRAPHQL_NODE_PAGE))
        return errors, cost, counters["nodes"]

    def execute(self, body: bytes, token: str, request_id: str) -> tuple:
        import graphql

        server = self.server
        identity = server._identity(token)
        try:
            payload = json.loads(body or b"{}")
            query = payload["query"]
        except (ValueError, KeyError, TypeError):
            return Response(400, {"message": "Problems parsing JSON", "documentation_url": f"{DOCS}/graphql"}), 0
        variables = payload.get("variables") or {}
        operation_name = payload.get("operationName")
        bucket = server.rate_limits.peek(identity, "graphql", True)
        headers = _Handler._rate_headers(bucket, "graphql")
        try:
            document = graphql.parse(query)
        except graphql.GraphQLError as error:
            return Response(200, {"errors": [self._format(error)]}, headers=headers, cacheable=False), 0
        errors = graphql.validate(self.schema, document)
        if errors:
            return Response(200, {"errors": [self._format(e) for e in errors]}, headers=headers, cacheable=False), 0
        static_errors, cost, node_count = self.analyse(document, operation_name, variables)
        if static_errors:
            return Response(200, {"errors": static_errors}, headers=headers, cacheable=False), 0
        charged = server.rate_limits.charge(identity, "graphql", True, cost)
        if charged is None:
            headers = _Handler._rate_headers({**bucket, "remaining": 0}, "graphql")
            user_id = server.world.account(server.world.person).id
            return Response(200, {"errors": [{"type": "RATE_LIMITED", "message": f"API rate limit already exceeded for user ID {user_id}."}]},
                            headers=headers, cacheable=False), 0
        reset_at = format_time(datetime.fromtimestamp(charged["reset"], timezone.utc))
        root = {
            "user": lambda login=None, **_: self._found(server.world.account(login), login, "User"),
            "organization": lambda login=None, **_: self._found(server.world.account(login), login, "Organization"),
            "repositoryOwner": lambda login=None, **_: self.views.actor(login),
            "repository": lambda owner=None, name=None, **_: self._repository(owner, name),
            "viewer": lambda **_: self.views.actor(server.world.person),
            "rateLimit": lambda **_: {"__typename": "RateLimit", "cost": cost, "limit": charged["limit"],
                                      "remaining": charged["remaining"], "used": charged["used"], "resetAt": reset_at,
                                      "nodeCount": node_count},
            "search": lambda query="", type=None, **a: self._search(query, type, a),
            "node": lambda id=None, **_: None, "nodes": lambda ids=(), **_: [None for _ in ids],
        }
        result = graphql.execute(self.schema, document, root_value=root, variable_values=variables,
                                 operation_name=operation_name, field_resolver=self._resolver)
        output = {}
        if result.errors:
            output["errors"] = [self._format(e) for e in result.errors]
        output["data"] = result.data
        return Response(200, output, headers=_Handler._rate_headers(charged, "graphql"), cacheable=False), cost

    def _found(self, account, login, kind):
        from graphql import GraphQLError

        wanted = ("Organization",) if kind == "Organization" else ("User",)
        if account is None or account.type not in wanted:
            raise GraphQLError(f"Could not resolve to a{'n' if kind[0] in 'AEIOU' else ''} {kind} with the login of '{login}'.",
                               extensions={"type": "NOT_FOUND"})
        return self.views.account(account)

    def _repository(self, owner, name):
        from graphql import GraphQLError

        repo = self.server.world.repo(owner or "", name or "")
        if repo is None:
            raise GraphQLError(f"Could not resolve to a Repository with the name '{owner}/{name}'.", extensions={"type": "NOT_FOUND"})
        return self.views.repository(repo)

    def _search(self, query: str, kind: str, args: dict) -> dict:
        from graphql import GraphQLError

        world = self.server.world
        if kind == "ISSUE":
            try:
                pairs = search_issues(world, query)
            except SearchQueryError as error:
                raise GraphQLError(str(error) if str(error) != "missing" else "Search query is empty")
            pairs = pairs[:SEARCH_RESULT_CAP]
            nodes = [self.views.issue_like(r, i) for r, i in pairs]
            counts = {"issueCount": len(nodes)}
        elif kind == "REPOSITORY":
            nodes = [self.views.repository(r) for r in search_repositories(world, query)][:SEARCH_RESULT_CAP]
            counts = {"repositoryCount": len(nodes)}
        elif kind == "USER":
            words = query.lower().split()
            nodes = [self.views.account(a) for a in world.accounts.values()
                     if a.type != "Bot" and all(w in f"{a.login} {a.name or ''}".lower() for w in words)]
            counts = {"userCount": len(nodes)}
        else:
            nodes, counts = [], {}
        base = {"issueCount": 0, "repositoryCount": 0, "userCount": 0, "discussionCount": 0, "wikiCount": 0, "codeCount": 0}
        return {**base, **counts, **connection(nodes, args)}

    @staticmethod
    def _format(error) -> dict:
        formatted = dict(error.formatted)
        extensions = formatted.pop("extensions", None) or {}
        if "type" in extensions:
            # GitHub reports the error type at the top level ("type": "NOT_FOUND").
            formatted["type"] = extensions.pop("type")
        undefined = re.match(r"Cannot query field '(\w+)' on type '(\w+)'", formatted.get("message", ""))
        if undefined:
            field_name, type_name = undefined.groups()
            formatted["message"] = f"Field '{field_name}' doesn't exist on type '{type_name}'"
            extensions = {"code": "undefinedField", "typeName": type_name, "fieldName": field_name}
        if extensions:
            formatted["extensions"] = extensions
        return formatted
