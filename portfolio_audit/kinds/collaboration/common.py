"""What the collaboration kinds share: who is who (owner, maintainer, outsider, bot), durations, evidence.

Items are the plain dicts documented in docs/snapshot.md. Every duration is
measured between timestamps in the data (``ctx.collected_at`` stands for "now"),
so the same snapshot always yields the same scores.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping, Optional

from ...analysis.commits import is_bot_author
from ...context import RepoContext
from ...records import PullRequest, Who
from .. import Evidence

# author_association values that speak for the project when they reply.
MAINTAINER_ASSOCIATIONS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
HOURS_PER_DAY = 24
SECONDS_PER_HOUR = 3600
# Positive examples kept after the problems: enough to show what good looks like.
MAX_GOOD_EXAMPLES = 2
TITLE_SNIPPET_CHARS = 80
# Letters and digits in any script; punctuation and emoji are not words.
_WORD = re.compile(r"[^\W_]+")


def parse_time(value: Optional[str]) -> Optional[datetime]:
    """An ISO 8601 timestamp as an aware UTC datetime; naive times are taken as UTC."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def hours_between(start: Optional[str], end: Optional[str]) -> Optional[float]:
    """Hours from ``start`` to ``end``; negative when ``end`` comes first, None when either is missing or unreadable."""
    first, last = parse_time(start), parse_time(end)
    if first is None or last is None:
        return None
    return (last - first).total_seconds() / SECONDS_PER_HOUR


def owner_login(ctx: RepoContext) -> str:
    """The audited person's login: the snapshot's owner, else the repository's owner part."""
    login = (ctx.owner or {}).get("login") or ctx.repo.full_name.split("/")[0]
    return login.lower()


def login_key(value) -> str:
    """A login as logins are compared: trimmed and lower case ("" for none)."""
    return (value or "").strip().lower()


def is_bot(record: Who) -> bool:
    """Written by a bot account, by GitHub's account type or by its name."""
    return record.get("author_type") == "Bot" or is_bot_author(record.get("author") or "")


def is_maintainer(record: Who, owner: str) -> bool:
    """Written by the owner or by someone whose association speaks for the project."""
    return login_key(record.get("author")) == owner or record.get("author_association") in MAINTAINER_ASSOCIATIONS


def is_outsider(record: Who, owner: str) -> bool:
    """Opened by someone outside the project: not the owner, a maintainer or a bot."""
    return bool(record.get("author")) and not is_bot(record) and not is_maintainer(record, owner)


def targets_this_repo(ctx: RepoContext, pull_request: PullRequest) -> bool:
    """The pull request is into this repository (a pull request without a base is taken as one)."""
    base = pull_request.get("base_repo")
    return not base or base.lower() == ctx.repo.full_name.lower()


def reference(item: Mapping[str, Any]) -> str:
    """"#12 Title of the issue", the title cut to TITLE_SNIPPET_CHARS."""
    title = (item.get("title") or "").strip()
    if len(title) > TITLE_SNIPPET_CHARS:
        title = title[: TITLE_SNIPPET_CHARS - 3].rstrip() + "..."
    number = item.get("number")
    return f"#{number} {title}" if number is not None else title


def about(item: Mapping[str, Any], note: str, positive: bool = True, url: Optional[str] = None) -> Evidence:
    """Evidence that links to an issue, pull request or discussion and quotes its title."""
    return Evidence(url=url or item.get("url"), snippet=reference(item), note=note, positive=positive)


def in_order(pairs: list) -> tuple:
    """The Evidence of (sort_key, Evidence) pairs, by key."""
    return tuple(evidence for _, evidence in sorted(pairs, key=lambda pair: pair[0]))


def words_in(text: str) -> list:
    """The words of ``text`` in any script, without punctuation or emoji."""
    return _WORD.findall(text or "")


def format_hours(hours: float) -> str:
    """A duration as a reader says it: "5 hours", "1 day", "12 days"."""
    amount, unit = (hours, "hour") if hours < HOURS_PER_DAY else (hours / HOURS_PER_DAY, "day")
    rounded = round(amount)
    return f"{rounded} {unit}" if rounded == 1 else f"{rounded} {unit}s"


def ranked_evidence(bad: Iterable[tuple], good: Iterable[tuple]) -> tuple:
    """(sort_key, Evidence) pairs: problems first, most telling first, then a few good examples."""
    return in_order(list(bad)) + in_order(list(good))[:MAX_GOOD_EXAMPLES]
