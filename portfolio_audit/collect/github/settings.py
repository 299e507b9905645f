"""What a GitHub collection is asked for: the handle, its settings and their defaults, checked before any request."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import urlsplit

from ...errors import AuditError, ExitCode
from ..local import DEFAULT_MAX_COMMITS

DEFAULT_API_URL = "https://api.github.com"
INPUT_PREFIX = "github:"
# Issues and pull requests read per repository (each: the most recent N).
DEFAULT_MAX_ITEMS = 30
# Seconds the whole run may spend waiting for rate limits before it settles for a partial snapshot.
DEFAULT_MAX_WAIT_SECONDS = 60
DEFAULT_WORKERS = 4
MAX_WORKERS = 16
# GitHub logins: letters, digits and single hyphens, at most 39 characters.
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")

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


@dataclass(frozen=True)
class GitHubSettings:
    """How to read a GitHub handle: the one settings type of `audit`, `collect`, `screen` and the Action.

    The commands parse their options into it without a handle; the pipeline fills in
    ``handle`` (from ``github:LOGIN``) and ``max_commits`` (from ``--max-commits``) before
    collecting. The token is left out of repr, so it never reaches a log or a traceback.
    """

    handle: Optional[str] = None
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


def check_api_url(api_url: str) -> None:
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

