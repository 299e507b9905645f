"""A deterministic synthetic GitHub world: accounts, repositories, git objects, issues, reviews, discussions.

The local GitHub server (``github_server``) renders this world as REST and GraphQL
responses. Everything here is plain data generated from a seed, so two worlds built
with the same ``WorldConfig`` are identical, byte for byte, and benchmarks can ask
for a person with 10, 100 or 1000 repositories.

The world is realistic on purpose: unicode and non-English prose, bots, a fork, an
archived and an empty repository, a huge repository, good and bad commit messages,
commits whose author email is not linked to any account, pull requests the audited
person opened in other people's repositories, and issues closed the many ways projects
close them: by a merged "Fixes #N" pull request or commit, by a stale bot, by their own
author, after a maintainer's explanation or without a word. On request (``annotations``),
the person also annotates their repositories in a profile repository and in one repository.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import re
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime, timedelta, timezone
from typing import Optional

DEFAULT_NOW = "2025-06-01T12:00:00Z"
ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

# Git object modes as git writes them into tree objects.
FILE_MODE = "100644"
TREE_MODE = "40000"

# Languages GitHub's linguist would report, keyed by file extension.
EXTENSION_LANGUAGES = {
    ".py": "Python",
    ".js": "JavaScript",
    ".jsx": "JavaScript",
    ".ts": "TypeScript",
    ".go": "Go",
    ".rs": "Rust",
    ".sh": "Shell",
    ".css": "CSS",
    ".html": "HTML",
}

# Special repositories every world has; the generic ones fill up to ``repo_count``.
FLAGSHIP = "tidewatch"
FRENCH_REPO = "recettes"
JAPANESE_REPO = "haiku-bot"
FORK_REPO = "kanji-cards"
ARCHIVED_REPO = "old-homework"
EMPTY_REPO = "empty-project"
HUGE_REPO = "monorepo-huge"
SPECIAL_REPOS = (FLAGSHIP, FRENCH_REPO, JAPANESE_REPO, FORK_REPO, ARCHIVED_REPO, EMPTY_REPO, HUGE_REPO)

# Candidate annotations (``WorldConfig.annotations``). The profile repository ``<login>/<login>``
# annotates several repositories at once; one repository's own file contradicts its profile entry,
# so the precedence rule (the repository's own file wins) is observable.
ANNOTATIONS_OFF = ""
ANNOTATIONS_VALID = "valid"
ANNOTATIONS_INVALID = "invalid"  # an unknown key, an unknown project type and a repository file that is not YAML
ANNOTATIONS_BROKEN_PROFILE = "broken-profile"  # the profile's file is not YAML; the repository's own file is fine
# The profile's file is a YAML alias bomb (billions of nodes once expanded) and a repository's own
# file nests 20,000 brackets deep: both must be refused with a note, in bounded memory.
ANNOTATIONS_HOSTILE = "hostile"
ANNOTATION_MODES = (ANNOTATIONS_VALID, ANNOTATIONS_INVALID, ANNOTATIONS_BROKEN_PROFILE, ANNOTATIONS_HOSTILE)
ANNOTATION_FILE = ".portfolio-audit.yml"
ANNOTATED_TEAM_REPO = FLAGSHIP
ANNOTATED_EXCLUDED_REPO = FRENCH_REPO
ANNOTATED_COURSEWORK_REPO = ARCHIVED_REPO
ANNOTATED_OWN_FILE_REPO = JAPANESE_REPO
# Markup and an ampersand: reports must show them as text.
TEAM_ROLE = "I wrote the <surge> detector & its tests"
COURSEWORK_NOTE = "Second-year algorithms course"
PROFILE_ROLE_OVERRIDDEN = "The profile says I built the mora counter"
OWN_FILE_NOTE = "Japanese class project, 2023: 日本語の授業"
UNKNOWN_ANNOTATION_KEY = "stars_please"
UNKNOWN_PROJECT_TYPE = "secret-project"
PROFILE_README = """# Hi, I'm Zoë 👋

Oceanography student moving into software: tide gauges, command-line tools and a little 日本語.
My annotations in `.portfolio-audit.yml` say which repositories were coursework or team work.
"""


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, ISO_FORMAT).replace(tzinfo=timezone.utc)


def format_time(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(ISO_FORMAT)


def legacy_node_id(type_name: str, database_id: int) -> str:
    """GitHub's legacy global node id: base64 of ``<len(type):02>:<Type><id>`` (e.g. MDQ6VXNlcjE=)."""
    return base64.b64encode(f"{len(type_name):02d}:{type_name}{database_id}".encode()).decode()


def git_object_sha(kind: str, payload: bytes) -> str:
    """The SHA-1 git gives an object, so shas in the fake agree with what git would compute."""
    return hashlib.sha1(f"{kind} {len(payload)}\0".encode() + payload).hexdigest()


def commit_object_sha(tree: str, parent: Optional[str], name: str, email: str, moment: str, message: str) -> str:
    """The sha of a commit object with one author who is also the committer, as ``git commit`` writes it."""
    epoch = int(parse_time(moment).timestamp())
    lines = [f"tree {tree}"]
    if parent:
        lines.append(f"parent {parent}")
    lines.append(f"author {name} <{email}> {epoch} +0000")
    lines.append(f"committer {name} <{email}> {epoch} +0000")
    return git_object_sha("commit", ("\n".join(lines) + "\n\n" + message + "\n").encode("utf-8"))


# GitHub's closing keywords: "Fixes #12", "closes: owner/repo#3" close the issue when the PR merges
# into the default branch or the commit lands there. Any other "#12" is only a mention.
CLOSING_REFERENCE = re.compile(
    r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?\s+(?:([\w.-]+/[\w.-]+))?#(\d+)\b", re.IGNORECASE)
MENTION = re.compile(r"(?<![\w/#])(?:([\w.-]+/[\w.-]+))?#(\d+)\b")


@dataclass(frozen=True)
class WorldConfig:
    """Sizes and identity of a world; the seed makes every choice reproducible."""

    seed: int = 7
    login: str = "zoe-okafor"
    repo_count: int = 10  # repositories the audited person owns, specials included
    commits_per_repo: int = 8
    issues_per_repo: int = 3
    flagship_issues: int = 24
    flagship_pulls: int = 10
    huge_repo_files: int = 1500
    now: str = DEFAULT_NOW
    # More people, each with their own generated repositories (screening benchmarks). Built
    # after everything else, so the default world (0 extra people) is unchanged.
    extra_people: int = 0
    extra_people_repos: int = 30
    # Candidate annotations (docs/screening.md): ANNOTATIONS_OFF or one of ANNOTATION_MODES.
    # Off by default so every other world stays byte-identical; the profile repository is built last.
    annotations: str = ANNOTATIONS_OFF


@dataclass
class Account:
    login: str
    id: int
    type: str  # "User", "Organization" or "Bot"
    name: Optional[str]
    bio: Optional[str] = None
    company: Optional[str] = None
    blog: str = ""
    location: Optional[str] = None
    email: Optional[str] = None
    twitter_username: Optional[str] = None
    created_at: str = DEFAULT_NOW
    updated_at: str = DEFAULT_NOW
    followers: int = 0
    following: int = 0
    members: tuple = ()  # organisations only: member logins

    @property
    def node_id(self) -> str:
        return legacy_node_id(self.type, self.id)


@dataclass
class GitCommit:
    sha: str
    message: str
    author_name: str
    author_email: str
    author_login: Optional[str]  # None when the email is not linked to an account
    date: str
    parents: list
    tree_sha: str
    additions: int
    deletions: int
    changed_files: int

    @property
    def headline(self) -> str:
        return self.message.split("\n", 1)[0]

    @property
    def body(self) -> str:
        parts = self.message.split("\n", 1)
        return parts[1].strip("\n") if len(parts) > 1 else ""


@dataclass
class Comment:
    id: int
    author: str
    body: str
    created_at: str
    updated_at: str


@dataclass
class ReviewComment:
    id: int
    review_id: int
    author: str
    body: str
    path: str
    line: int
    diff_hunk: str
    commit_id: str
    created_at: str
    in_reply_to_id: Optional[int] = None


@dataclass
class Review:
    id: int
    author: str
    body: str
    state: str  # APPROVED, CHANGES_REQUESTED, COMMENTED
    submitted_at: str
    commit_id: str
    comments: list = field(default_factory=list)


@dataclass
class PullInfo:
    head_ref: str
    head_sha: str
    head_repo: str  # full name of the repository the branch lives in
    base_ref: str
    base_sha: str
    merged_at: Optional[str] = None
    merged_by: Optional[str] = None
    merge_commit_sha: Optional[str] = None
    draft: bool = False
    additions: int = 0
    deletions: int = 0
    changed_files: int = 0
    commit_count: int = 1
    reviews: list = field(default_factory=list)


@dataclass
class Issue:
    """An issue or, when ``pull`` is set, a pull request (GitHub numbers both from one sequence)."""

    id: int
    number: int
    title: str
    body: Optional[str]
    author: str
    state: str  # "open" / "closed"
    state_reason: Optional[str]
    created_at: str
    updated_at: str
    closed_at: Optional[str] = None
    closed_by: Optional[str] = None  # the actor of the close: a maintainer, the author, a bot, a PR's merger
    # What closed it, as GitHub's ClosedEvent.closer names it: a merged PR's number or a commit's sha.
    closer_pull: Optional[int] = None
    closer_commit: Optional[str] = None
    labels: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    pull: Optional[PullInfo] = None

    @property
    def is_pull(self) -> bool:
        return self.pull is not None


@dataclass
class DiscussionComment:
    id: int
    author: str
    body: str
    created_at: str
    replies: list = field(default_factory=list)


@dataclass
class Discussion:
    id: int
    number: int
    title: str
    body: str
    author: str
    category: str
    created_at: str
    comments: list = field(default_factory=list)
    answer_id: Optional[int] = None


DISCUSSION_CATEGORIES = {
    # name: (emoji, answerable)
    "Q&A": (":pray:", True),
    "Ideas": (":bulb:", False),
    "General": (":speech_balloon:", False),
}

LABEL_COLOURS = {
    "bug": ("d73a4a", "Something isn't working"),
    "enhancement": ("a2eeef", "New feature or request"),
    "documentation": ("0075ca", "Improvements or additions to documentation"),
    "good first issue": ("7057ff", "Good for newcomers"),
    "dependencies": ("0366d6", "Pull requests that update a dependency file"),
    "question": ("d876e3", "Further information is requested"),
}


@dataclass
class TreeEntry:
    name: str
    mode: str
    type: str  # "blob" or "tree"
    sha: str
    size: Optional[int]


@dataclass
class Repo:
    id: int
    owner: str
    name: str
    description: Optional[str]
    created_at: str
    updated_at: str
    pushed_at: str
    homepage: Optional[str] = None
    fork_of: Optional[str] = None  # "owner/name" of the parent
    archived: bool = False
    topics: list = field(default_factory=list)
    license_key: Optional[str] = None
    default_branch: str = "main"
    stargazers: int = 0
    forks_count: int = 0
    has_discussions: bool = False
    files: dict = field(default_factory=dict)  # path -> bytes at HEAD
    commits: list = field(default_factory=list)  # newest first
    issues: list = field(default_factory=list)  # issues and pull requests, by number
    discussions: list = field(default_factory=list)
    trees: dict = field(default_factory=dict)  # tree sha -> [TreeEntry]
    root_tree: Optional[str] = None
    blob_shas: dict = field(default_factory=dict)  # path -> blob sha

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def is_empty(self) -> bool:
        return not self.commits

    @property
    def head(self) -> Optional[GitCommit]:
        return self.commits[0] if self.commits else None

    @property
    def node_id(self) -> str:
        return legacy_node_id("Repository", self.id)

    # Cached: the world is read-only once built, and renderers ask for these on every object.
    @cached_property
    def size_kb(self) -> int:
        return sum(len(data) for data in self.files.values()) // 1024

    def languages(self) -> dict:
        """Bytes per language, largest first, the way GitHub's languages endpoint orders them."""
        return dict(self._language_totals)

    @cached_property
    def _language_totals(self) -> dict:
        totals: dict = {}
        for path, data in self.files.items():
            for extension, language in EXTENSION_LANGUAGES.items():
                if path.endswith(extension):
                    totals[language] = totals.get(language, 0) + len(data)
        return dict(sorted(totals.items(), key=lambda item: (-item[1], item[0])))

    @property
    def language(self) -> Optional[str]:
        return next(iter(self._language_totals), None)

    def pulls(self) -> list:
        return [issue for issue in self.issues if issue.is_pull]

    def plain_issues(self) -> list:
        return [issue for issue in self.issues if not issue.is_pull]

    def issue(self, number: int) -> Optional[Issue]:
        for issue in self.issues:
            if issue.number == number:
                return issue
        return None

    def resolve_ref(self, ref: Optional[str]) -> Optional[GitCommit]:
        """The commit a branch name, ``HEAD`` or a (prefix of a) sha names; None when unknown."""
        if self.is_empty:
            return None
        if ref in (None, "", "HEAD", self.default_branch, f"refs/heads/{self.default_branch}"):
            return self.head
        for commit in self.commits:
            if len(ref) >= 7 and commit.sha.startswith(ref.lower()):
                return commit
        return None

    def directory(self, path: str) -> Optional[list]:
        """Entries directly under ``path`` ("" is the root) as (name, full_path, is_dir); None if no such dir."""
        prefix = f"{path}/" if path else ""
        children: dict = {}
        for file_path in self.files:
            if not file_path.startswith(prefix):
                continue
            rest = file_path[len(prefix):]
            head, _, tail = rest.partition("/")
            children[head] = children.get(head, False) or bool(tail)
        if not children:
            return None
        return [(name, prefix + name, is_dir) for name, is_dir in sorted(children.items())]

    def tree_sha_of(self, path: str) -> Optional[str]:
        """The sha of the tree at directory ``path`` ("" = root)."""
        sha = self.root_tree
        for part in [p for p in path.split("/") if p]:
            entry = next((e for e in self.trees.get(sha, []) if e.name == part and e.type == "tree"), None)
            if entry is None:
                return None
            sha = entry.sha
        return sha


@dataclass
class Event:
    id: str
    type: str
    actor: str
    repo: str
    payload: dict
    created_at: str


class World:
    """The generated world plus look-ups; treat it as read-only once built."""

    def __init__(self, config: WorldConfig):
        self.config = config
        self.person = config.login
        self.now = config.now
        self.accounts: dict = {}
        self.repos: dict = {}
        self.events: list = []
        self._reference_index: Optional[dict] = None  # built on first use, once the world is complete

    # Look-ups are case-insensitive because GitHub's are.
    def account(self, login: str) -> Optional[Account]:
        return self.accounts.get(login.lower())

    def repo(self, owner: str, name: str) -> Optional[Repo]:
        return self.repos.get(f"{owner}/{name}".lower())

    def repo_by_full_name(self, full_name: str) -> Optional[Repo]:
        return self.repos.get(full_name.lower())

    def repos_of(self, login: str) -> list:
        key = login.lower()
        return [repo for repo in self.repos.values() if repo.owner.lower() == key]

    def all_issues(self):
        for repo in self.repos.values():
            for issue in repo.issues:
                yield repo, issue

    def _referenced(self, repo: Repo, full_name: Optional[str], number: str) -> Optional[tuple]:
        target_repo = self.repo_by_full_name(full_name) if full_name else repo
        target = target_repo.issue(int(number)) if target_repo else None
        return (target_repo, target) if target else None

    def closing_issues(self, repo: Repo, pull: Issue) -> list:
        """The issues a pull request's body closes ("Fixes #N"), as closingIssuesReferences lists them.

        Pull requests named after a keyword are left out: GitHub only links issues.
        """
        found = []
        for full_name, number in CLOSING_REFERENCE.findall(pull.body or ""):
            pair = self._referenced(repo, full_name, number)
            if pair and not pair[1].is_pull and pair not in found:
                found.append(pair)
        return found

    def references_to(self, repo: Repo, issue: Issue) -> list:
        """(source repo, source issue or PR, will close) for every body that mentions ``issue``, oldest first.

        GitHub records these as CrossReferencedEvents on the mentioned issue. Only bodies are
        scanned; mentions in comments are not recorded in this world.
        """
        if self._reference_index is None:
            index: dict = {}
            for source_repo, source in self.all_issues():
                closes = {(r.full_name, i.number) for r, i in self.closing_issues(source_repo, source)} if source.is_pull else set()
                seen = set()
                for full_name, number in MENTION.findall(source.body or ""):
                    pair = self._referenced(source_repo, full_name, number)
                    if pair is None or pair[1] is source:
                        continue
                    key = (pair[0].full_name, pair[1].number)
                    if key not in seen:
                        seen.add(key)
                        index.setdefault(key, []).append((source_repo, source, key in closes))
            for entries in index.values():
                entries.sort(key=lambda entry: (entry[1].created_at, entry[1].id))
            self._reference_index = index
        return list(self._reference_index.get((repo.full_name, issue.number), ()))

    def is_maintainer(self, repo: Repo, login: Optional[str]) -> bool:
        return self.association(repo, login) in ("OWNER", "MEMBER", "COLLABORATOR")

    def association(self, repo: Repo, login: Optional[str]) -> str:
        """GitHub's author_association of ``login`` in ``repo``."""
        if login is None:
            return "NONE"
        if login.lower() == repo.owner.lower():
            return "OWNER"
        owner = self.account(repo.owner)
        if owner and owner.type == "Organization" and login in owner.members:
            return "MEMBER"
        account = self.account(login)
        if account and account.type == "Bot":
            return "NONE"
        if any(commit.author_login == login for commit in repo.commits):
            return "CONTRIBUTOR"
        authored = [issue for issue in repo.issues if issue.is_pull and issue.author == login]
        if authored:
            return "FIRST_TIME_CONTRIBUTOR" if len(authored) == 1 and not authored[0].pull.merged_at else "CONTRIBUTOR"
        return "NONE"


# ---------------------------------------------------------------------------
# Prose pools. Mixed quality on purpose: the audit must tell good from bad.

GOOD_SUBJECTS = [
    ("Add rolling-median tide detector", "A plain threshold fired on every storm surge. The rolling median\nignores single outliers, so alerts now need three consecutive readings."),
    ("Fix off-by-one in window slicing", "The last reading of each window was dropped, which hid surges that\nended exactly on a window boundary. Adds a regression test."),
    ("Document the CSV input format", ""),
    ("Cache parsed stations between runs", "Parsing 40k stations took 2 s on every start; the cache keys on the\nfile's mtime so edits are still picked up."),
    ("Reject readings with unknown units", "Silently treating feet as metres produced 3x surges. Fail loudly\ninstead and name the offending line."),
    ("Refactor CLI argument parsing into build_settings()", ""),
    ("Corrige l'analyse des dates ISO 8601", "Les fuseaux horaires négatifs étaient ignorés."),
    ("修正: タイムゾーンの処理を直す", "UTC 以外の入力で 1 時間ずれていた。"),
    ("Speed up tokenizer by 30% ⚡", "Avoids re-encoding each line; measured on the 10 MB fixture."),
    ("Handle empty input files gracefully", ""),
]
BAD_SUBJECTS = ["fix", "wip", "update README.md", "asdf", "changes", "more stuff", "Fixed bug", "final version", "oops", "."]

ISSUE_TITLES = [
    "Crash when the CSV has a BOM",
    "Support readings in feet",
    "Docs: the install section is out of date",
    "Feature request: export alerts as JSON",
    "Tests fail on Windows (path separators)",
    "Erreur avec les accents dans les noms de station",
    "タイムゾーンが正しく表示されない",
    "Add a --quiet flag 🙏",
    "Performance regression in 0.4",
    "Question: how are thresholds chosen?",
]
ISSUE_BODIES = [
    "Steps to reproduce:\n\n1. Save `stations.csv` from Excel (UTF-8 with BOM)\n2. Run `tidewatch scan stations.csv`\n\nExpected: readings parsed. Actual: `KeyError: '\\ufeffstation'`.",
    "It would help to accept `--unit ft`. Many harbour authorities in the US publish feet.",
    "The README still says `pip install tidewatch==0.1`. The current version is 0.5.",
    "Ça plante dès qu'une station s'appelle « Saint-Malo – Môle ». Voir la trace ci-dessous.",
    "UTC+9 の観測データを読み込むと、時刻が 9 時間ずれて表示されます。",
    "",
    "Same as title. Happens every time.",
]
OWNER_REPLIES = [
    "Thanks for the report! I can reproduce it; the parser opened the file without `utf-8-sig`. Fixed in #{n}.",
    "Good idea. I'd rather keep units explicit in the file header than add a flag — would that work for you?",
    "Closing: this is the intended behaviour, see the *Thresholds* section of the docs for why.",
    "Merci ! Corrigé dans la version 0.5.1.",
    "ありがとうございます。次のリリースで修正します。",
    "Fixed.",
]
OTHER_COMMENTS = [
    "+1, hitting this too.",
    "I can take this one if nobody is on it.",
    "Confirmed on macOS 14 as well.",
    "Here's a minimal file that triggers it: `station,level\\nA,1.2`",
    "Danke, funktioniert jetzt! 🎉",
]
REVIEW_BODIES = [
    ("APPROVED", "Looks good. The test covers the boundary case I was worried about."),
    ("CHANGES_REQUESTED", "The window size is hard-coded; could it come from the settings object so the CLI can change it?"),
    ("COMMENTED", "One question inline about the error message wording."),
    ("APPROVED", "LGTM"),
    ("COMMENTED", ""),
]
REVIEW_COMMENT_BODIES = [
    "Could this raise a `ValueError` with the line number instead of returning None?",
    "Nit: `readings` reads better than `rs` here.",
    "Why 3 rather than 2? A comment with the reasoning would help the next reader.",
    "この変数名は分かりにくいかもしれません。",
]
PR_TITLES = [
    "Add --unit flag for feet",
    "Fix BOM handling in CSV reader",
    "Docs: update install instructions",
    "Speed up window slicing",
    "Add JSON export for alerts",
    "Refactor: split detect.py",
]
PR_BODIES = [
    "## What\nAccept `--unit ft` and convert to metres on read.\n\n## Why\nUS harbours publish feet (#{n}).\n\n## How tested\nNew unit tests plus a run on the NOAA sample.",
    "Fixes #{n}. Opens files with `utf-8-sig` so Excel exports work.",
    "",
    "Small perf tweak, see benchmark numbers below:\n\n| before | after |\n|---|---|\n| 1.9 s | 1.3 s |",
]
# What a maintainer writes just before closing someone else's issue, by the close's state reason.
CLOSING_EXPLANATIONS = {
    "completed": [
        "Fixed on the main branch; it will be in the next release. Thanks for the clear report!",
        "This works since 0.5.1 — closing, but please reopen if you still see it.",
        "Corrigé dans la version 0.5.1, merci pour le signalement !",
    ],
    "not_planned": [
        "Closing: this is the intended behaviour, the docs explain why the threshold is fixed per station.",
        "I'd rather not add this: it would need a network connection, which the project avoids by design. Thanks for the idea, though.",
        "ご提案ありがとうございます。ただ、範囲外なのでクローズします。",
    ],
}
WITHDRAWN_COMMENTS = [
    "Never mind, it was my locale settings. Sorry for the noise!",
    "Found it: my file was saved as UTF-16. Closing.",
]
STALE_MARK_COMMENT = "This issue has been automatically marked as stale because it has not had recent activity. 🤖"
# Commits that close an issue: a good subject, a body saying why, and GitHub's closing keyword.
FIX_COMMITS = [
    ("Strip the byte-order mark before reading the header", "Excel writes one, so the first column name never matched."),
    ("Accept station names with non-ASCII letters", "Names were compared as bytes; normalise them to NFC first."),
    ("Convert readings to UTC before windowing", "Local offsets shifted every surge by the station's offset."),
]
ADJECTIVES = ["quiet", "rapid", "amber", "lunar", "tidy", "brisk", "humble", "cobalt", "gentle", "nimble", "polar", "rustic"]
NOUNS = ["otter", "ledger", "harbor", "compass", "lantern", "sparrow", "atlas", "beacon", "cipher", "meadow", "pylon", "quill"]
GENERIC_LANGUAGES = [("Python", ".py"), ("JavaScript", ".js"), ("TypeScript", ".ts"), ("Go", ".go"), ("Rust", ".rs"), ("Shell", ".sh")]
TOPIC_POOL = ["python", "cli", "data", "oceanography", "react", "webapp", "learning", "golang", "rust", "automation", "i18n"]

FLAGSHIP_README = """# Tidewatch 🌊

Tidewatch watches tide-gauge readings and tells harbour masters when a storm surge is
building — before it reaches the quay. It is for small harbours that cannot afford a
forecasting service but already log water levels every few minutes.

## Why another detector?

Commercial systems model weather; Tidewatch only looks at the gauge. That trade-off
keeps it to a single CSV input and no network access, at the cost of ~20 minutes less
warning than a full model (see [ADR 0001](docs/adr/0001-robust-statistics.md)).

## Install

```bash
pip install tidewatch
```

## Usage

```bash
tidewatch scan harbour_north.csv --window 6h
```

| Option | Default | Meaning |
|---|---|---|
| `--window` | `6h` | Length of the rolling window |
| `--threshold` | `0.4` | Surge height in metres ≥ which to alert |

## Limitations

- Readings must be in metres (feet: see #2).
- Gaps longer than one window reset the detector.

## Contributing

See [CONTRIBUTING.md](CONTRIBUTING.md). Questions go to Discussions; bugs to Issues.

Merci à toutes les capitaineries qui ont partagé leurs données. ありがとう!
"""

FRENCH_README = """# Recettes de grand-mère 🥐

Une petite application web pour ranger les recettes de famille, avec recherche par
ingrédient et conversion des unités (tasses → grammes).

## Installation

```bash
npm install
npm run dev
```

## Pourquoi ?

Les fiches papier s'abîment ; les applications existantes exigent un compte. Ici tout
reste dans le navigateur (IndexedDB), rien n'est envoyé sur Internet.

## Limites connues

- Pas encore de synchronisation entre appareils.
- Les quantités « une pincée » ne sont pas converties.
"""

JAPANESE_README = """# 俳句ボット (haiku-bot)

五・七・五のリズムで短い詩を作るボットです。日本語と英語の両方に対応しています。

## 使い方

```bash
python -m haiku_bot --seed 42
```

## 設計メモ

モーラ数の判定は辞書ベースです。機械学習モデルは使っていません（再現性のため）。

> 古池や 蛙飛び込む 水の音 — 芭蕉
"""

ARCHIVED_README = "# hw3\n\nTODO: write description\n\nrun main.py\n"

CONTRIBUTING = """# Contributing to Tidewatch

Thanks for helping! Please open an issue before large changes so we can agree on the
approach. Run `pytest` before pushing; new behaviour needs a test. Be kind: see the
[Code of Conduct](CODE_OF_CONDUCT.md).
"""
CODE_OF_CONDUCT = """# Contributor Covenant Code of Conduct

We pledge to make participation in our community a harassment-free experience for
everyone. Report unacceptable behaviour to conduct@tidewatch.example.
"""
ISSUE_TEMPLATE = """---
name: Bug report
about: Something is wrong
labels: bug
---

**What happened?**

**What did you expect?**

**Steps to reproduce**
"""
PR_TEMPLATE = "## What\n\n## Why\n\n## How was it tested?\n"
MIT_LICENSE = "MIT License\n\nCopyright (c) 2023 Zoë Okafor\n\nPermission is hereby granted, free of charge, to any person obtaining a copy...\n"
GITATTRIBUTES = """# Keep the release archive small: fixtures and internal notes stay in git only.
tests/fixtures/** export-ignore
docs/internal export-ignore
.gitattributes export-ignore
*.py text eol=lf
"""

DETECT_PY = '''"""Surge detection over a rolling window of tide-gauge readings."""

from statistics import median

# Three consecutive high readings: one spike is usually a boat wake, not a surge.
CONSECUTIVE_READINGS = 3


def surges(levels, window, threshold):
    """Yield the index of each reading that starts a surge."""
    run = 0
    for index in range(window, len(levels)):
        baseline = median(levels[index - window:index])
        # The median, not the mean, so one bad reading cannot move the baseline.
        run = run + 1 if levels[index] - baseline >= threshold else 0
        if run == CONSECUTIVE_READINGS:
            yield index - CONSECUTIVE_READINGS + 1
'''
WINDOW_PY = '''"""Parsing of window lengths such as "6h" or "90m"."""

UNITS = {"m": 1, "h": 60}


def minutes(text):
    # increment i
    value, unit = int(text[:-1]), text[-1]
    return value * UNITS[unit]
'''
TEST_DETECT_PY = '''from tidewatch.detect import surges


def test_single_spike_is_not_a_surge():
    assert list(surges([0, 0, 0, 5, 0, 0, 0], window=3, threshold=1)) == []
'''


def _generic_source(language: str, package: str, rng: random.Random) -> dict:
    """A handful of small source files in ``language``; comment quality varies with the roll."""
    helpful = rng.random() < 0.5
    comment = (
        "# Retry once: the upstream API drops the first request after idling."
        if helpful
        else "# loop over the items"
    )
    if language == "Python":
        return {
            f"src/{package}/__init__.py": f'"""{package}: small utilities."""\n',
            f"src/{package}/core.py": f"def run(items):\n    {comment}\n    return [item for item in items if item]\n",
            "tests/test_core.py": f"from {package}.core import run\n\n\ndef test_run():\n    assert run([0, 1]) == [1]\n",
            "pyproject.toml": f'[project]\nname = "{package}"\nversion = "0.1.0"\n',
        }
    if language in ("JavaScript", "TypeScript"):
        ext = ".js" if language == "JavaScript" else ".ts"
        slashes = comment.replace("#", "//", 1)
        return {
            f"src/index{ext}": f"export function run(items) {{\n  {slashes}\n  return items.filter(Boolean);\n}}\n",
            "package.json": f'{{\n  "name": "{package}",\n  "version": "0.1.0"\n}}\n',
        }
    if language == "Go":
        slashes = comment.replace("#", "//", 1)
        return {"main.go": f"package main\n\n{slashes}\nfunc main() {{}}\n", "go.mod": f"module example.com/{package}\n"}
    if language == "Rust":
        slashes = comment.replace("#", "//", 1)
        return {"src/main.rs": f"{slashes}\nfn main() {{}}\n", "Cargo.toml": f'[package]\nname = "{package}"\n'}
    return {"run.sh": f"#!/bin/sh\n{comment}\nset -eu\necho ok\n"}


# How long after the previous message a comment comes: from twenty minutes to three weeks.
COMMENT_DELAY_SHORTEST = timedelta(minutes=20)
COMMENT_DELAY_LONGEST = timedelta(days=21)
# A maintainer comment this close to the close (or after it) explains it, as the collaboration rules see it.
EXPLANATION_WINDOW = timedelta(hours=72)
# A maintainer's explanation comes this long before the close, inside that window.
EXPLANATION_LEAD_SHORTEST = timedelta(minutes=5)
EXPLANATION_LEAD_LONGEST = timedelta(hours=48)
# The stale bot closes an issue this long after marking it.
STALE_CLOSE_AFTER = timedelta(days=7)
# A push closes the issue a few minutes after the commit was made.
PUSH_DELAY_SHORTEST = timedelta(minutes=2)
PUSH_DELAY_LONGEST = timedelta(hours=3)
# How closed issues by people outside the project end, as shares of the rolls in settle_closes.
WITHDRAWN_SHARE = 0.15  # the reporter closes it
WITHDRAWN_COMMENT_SHARE = 0.5  # ... and half the time says why ("never mind, it was my setup")
EXPLAINED_SHARE = 0.40  # a maintainer comments, then closes
COMMIT_SHARE = 0.15  # a commit with "Fixes #N" closes it; the rest are closed without a word
CLOSING_KEYWORD = "Fixes"


class _Builder:
    """Generates a World; one RNG consumed in a fixed order keeps it deterministic.

    Who closed what, and why, is settled after every conversation exists (issue numbers
    are needed for "Fixes #N"), from a second RNG so that adding it left the rest unchanged.
    """

    def __init__(self, config: WorldConfig):
        if config.annotations not in (ANNOTATIONS_OFF, *ANNOTATION_MODES):
            raise ValueError(f"annotations must be one of {ANNOTATION_MODES} or off, not {config.annotations!r}")
        self.config = config
        self.rng = random.Random(config.seed)
        self.links = random.Random(f"{config.seed}:closes")
        self.world = World(config)
        self.now = parse_time(config.now)
        self._next_id = 1000

    def new_id(self) -> int:
        self._next_id += 1 + self.rng.randrange(7)
        return self._next_id

    def days_ago(self, low: float, high: float) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(low, high), seconds=self.rng.randrange(3600))

    # -- accounts ----------------------------------------------------------
    def add_account(self, login, type_, name, **extra) -> Account:
        created = format_time(self.days_ago(900, 3000))
        account = Account(login=login, id=self.new_id(), type=type_, name=name, created_at=created,
                          updated_at=format_time(self.days_ago(1, 30)), **extra)
        self.world.accounts[login.lower()] = account
        return account

    def accounts(self):
        config = self.config
        self.add_account(config.login, "User", "Zoë Okafor", bio="Oceanography student → software. Tide gauges, CLIs, 日本語.",
                         company="@tidal-labs", blog="https://zoe.example.org", location="Cork, Éire",
                         email=None, twitter_username=None, followers=42, following=17)
        self.add_account("kenji-tanaka", "User", "田中 健二", bio="Kanji nerd", location="大阪", followers=310, following=12)
        self.add_account("amelie-durand", "User", "Amélie Durand", bio="Cuisine & code", location="Lyon", followers=55)
        self.add_account("oluwaseun-adeyemi", "User", "Oluwaseun Adeyemi", followers=8)
        self.add_account("priya-raman", "User", "Priya Raman", company="Harbour Systems", followers=120)
        self.add_account("max-mustermann", "User", None)  # accounts without a display name exist
        self.add_account("dependabot[bot]", "Bot", None)
        self.add_account("github-actions[bot]", "Bot", None)
        self.add_account("tidal-labs", "Organization", "Tidal Labs", bio="Open tools for coastal data",
                         members=(config.login, "priya-raman"), blog="https://tidal-labs.example")
        self.add_account("open-harbour", "Organization", "Open Harbour ⚓", members=("oluwaseun-adeyemi",))

    # -- repositories --------------------------------------------------------
    def new_repo(self, owner, name, description, files, *, topics=(), license_key=None, created_days=(200, 900), **extra) -> Repo:
        created = self.days_ago(*created_days)
        pushed = min(self.now, created + timedelta(days=self.rng.uniform(5, 180)))
        repo = Repo(id=self.new_id(), owner=owner, name=name, description=description,
                    created_at=format_time(created), updated_at=format_time(pushed), pushed_at=format_time(pushed),
                    topics=list(topics), license_key=license_key, files={p: (d.encode("utf-8") if isinstance(d, str) else d) for p, d in files.items()},
                    stargazers=self.rng.randrange(0, 40), **extra)
        self.world.repos[repo.full_name.lower()] = repo
        return repo

    def build_git(self, repo: Repo, commit_count: int, authors: list, good_ratio: float = 0.6):
        """Trees from the HEAD files, then a linear history whose commits all point at the HEAD tree."""
        if commit_count == 0:
            repo.files = {}
            return
        repo.root_tree = self._write_tree(repo, "")
        start = parse_time(repo.created_at)
        end = parse_time(repo.pushed_at)
        span = max((end - start).total_seconds(), 60.0)
        moments = sorted(start + timedelta(seconds=self.rng.uniform(0, span)) for _ in range(commit_count - 1)) + [end]
        parent = None
        commits = []
        for index, moment in enumerate(moments):
            login = authors[0] if index == 0 else self.rng.choice(authors)
            account = self.world.account(login) if login else None
            if index == 0:
                message = "Initial commit"
            elif self.rng.random() < good_ratio:
                subject, body = self.rng.choice(GOOD_SUBJECTS)
                message = f"{subject}\n\n{body}" if body else subject
            else:
                message = self.rng.choice(BAD_SUBJECTS)
            name, email = self.git_identity(login, account)
            date = format_time(moment)
            sha = commit_object_sha(repo.root_tree, parent, name, email, date, message)
            additions = self.rng.randrange(1, 400)
            commits.append(GitCommit(sha=sha, message=message, author_name=name, author_email=email, author_login=login,
                                     date=date, parents=[parent] if parent else [], tree_sha=repo.root_tree,
                                     additions=additions, deletions=self.rng.randrange(0, additions),
                                     changed_files=self.rng.randrange(1, 12)))
            parent = sha
        repo.commits = list(reversed(commits))

    @staticmethod
    def git_identity(login: Optional[str], account: Optional[Account]) -> tuple:
        if login is None:
            # A commit made with an email that no account claims: REST answers author: null.
            return "Laptop User", "user@localhost.localdomain"
        name = account.name if account and account.name else login
        email = f"{account.id}+{login}@users.noreply.github.com" if account else f"{login}@example.com"
        return name, email

    def _write_tree(self, repo: Repo, path: str) -> str:
        entries = []
        for name, full_path, is_dir in repo.directory(path) or []:
            if is_dir:
                entries.append(TreeEntry(name, TREE_MODE, "tree", self._write_tree(repo, full_path), None))
            else:
                data = repo.files[full_path]
                sha = git_object_sha("blob", data)
                repo.blob_shas[full_path] = sha
                entries.append(TreeEntry(name, FILE_MODE, "blob", sha, len(data)))
        # git sorts tree entries by name, with directories compared as "name/".
        entries.sort(key=lambda e: e.name + ("/" if e.type == "tree" else ""))
        payload = b"".join(f"{e.mode} {e.name}".encode("utf-8") + b"\0" + bytes.fromhex(e.sha) for e in entries)
        sha = git_object_sha("tree", payload)
        repo.trees[sha] = entries
        return sha

    # -- conversations -------------------------------------------------------
    def moment_after(self, earlier: str, max_days: float) -> str:
        start = parse_time(earlier)
        latest = min(self.now, start + timedelta(days=max_days))
        seconds = max((latest - start).total_seconds(), 1.0)
        return format_time(start + timedelta(seconds=self.rng.uniform(1, seconds)))

    @staticmethod
    def log_uniform(rng: random.Random, shortest: timedelta, longest: timedelta) -> timedelta:
        """A delay between the bounds, uniform on a log scale: answers come in minutes as often as in weeks."""
        return timedelta(seconds=math.exp(rng.uniform(math.log(shortest.total_seconds()), math.log(longest.total_seconds()))))

    def delay_after(self, earlier: str, shortest: timedelta, longest: timedelta) -> str:
        start = parse_time(earlier)
        moment = min(start + self.log_uniform(self.rng, shortest, longest), self.now)
        return format_time(max(moment, start + timedelta(seconds=1)))

    def comment(self, author, body, after) -> Comment:
        created = self.delay_after(after, COMMENT_DELAY_SHORTEST, COMMENT_DELAY_LONGEST)
        return Comment(id=self.new_id(), author=author, body=body, created_at=created, updated_at=created)

    def add_issue(self, repo: Repo, author: str, title: str, body: Optional[str], *, commenters=(), closed=None,
                  labels=(), pull: Optional[PullInfo] = None, created=None) -> Issue:
        created_at = created or format_time(self.days_ago(3, 300))
        issue = Issue(id=self.new_id(), number=0, title=title, body=body, author=author, state="open", state_reason=None,
                      created_at=created_at, updated_at=created_at, labels=list(labels), pull=pull)
        last = created_at
        for commenter in commenters:
            if commenter == repo.owner:
                text = self.rng.choice(OWNER_REPLIES).replace("{n}", str(self.rng.randrange(1, 40)))
            elif commenter == "github-actions[bot]":
                text = STALE_MARK_COMMENT
            else:
                text = self.rng.choice(OTHER_COMMENTS)
            comment = self.comment(commenter, text, last)
            issue.comments.append(comment)
            last = comment.created_at
        if closed:
            issue.state = "closed"
            issue.closed_at = self.moment_after(last, 30)
            issue.closed_by = repo.owner if self.world.account(repo.owner).type != "Organization" else author
            if pull is None:
                issue.state_reason = closed  # "completed" / "not_planned"
            elif closed == "merged":
                pull.merged_at = issue.closed_at
                pull.merged_by = issue.closed_by
                pull.merge_commit_sha = hashlib.sha1(f"merge{issue.id}".encode()).hexdigest()
            last = issue.closed_at
        issue.updated_at = last
        repo.issues.append(issue)
        return issue

    def pull_info(self, repo: Repo, author: str, head_ref: str) -> PullInfo:
        head_repo = repo.full_name
        fork = self.world.repo(author, repo.name)
        if fork is not None and fork.fork_of == repo.full_name:
            head_repo = fork.full_name
        base_sha = repo.head.sha if repo.head else "0" * 40
        additions = self.rng.randrange(2, 300)
        return PullInfo(head_ref=head_ref, head_sha=hashlib.sha1(f"{repo.full_name}{head_ref}{author}".encode()).hexdigest(),
                        head_repo=head_repo, base_ref=repo.default_branch, base_sha=base_sha, additions=additions,
                        deletions=self.rng.randrange(0, additions), changed_files=self.rng.randrange(1, 9),
                        commit_count=self.rng.randrange(1, 6))

    def add_reviews(self, repo: Repo, pull_issue: Issue, reviewers: list):
        after = pull_issue.created_at
        for reviewer in reviewers:
            state, body = self.rng.choice(REVIEW_BODIES)
            submitted = self.moment_after(after, 5)
            review = Review(id=self.new_id(), author=reviewer, body=body, state=state, submitted_at=submitted,
                            commit_id=pull_issue.pull.head_sha)
            path = self.rng.choice(sorted(repo.files)) if repo.files else "README.md"
            for _ in range(self.rng.randrange(0, 3)):
                line = self.rng.randrange(1, 30)
                review.comments.append(ReviewComment(
                    id=self.new_id(), review_id=review.id, author=reviewer, body=self.rng.choice(REVIEW_COMMENT_BODIES),
                    path=path, line=line, diff_hunk=f"@@ -{line},3 +{line},4 @@\n context\n-old line\n+new line",
                    commit_id=pull_issue.pull.head_sha, created_at=submitted))
            pull_issue.pull.reviews.append(review)
            after = submitted

    def conversations(self, repo: Repo, count: int, others: list):
        """Issues and pull requests from a mix of people and bots, in creation order."""
        owner = repo.owner
        for _ in range(count):
            author = self.rng.choice(others + [owner])
            commenters = [self.rng.choice(others + [owner, owner]) for _ in range(self.rng.randrange(0, 4))]
            if self.rng.random() < 0.15:
                commenters.append("github-actions[bot]")
            closed = self.rng.choice([None, None, "completed", "not_planned"])
            if self.rng.random() < 0.35 and repo.files:
                author = self.rng.choice(others + [owner, "dependabot[bot]"])
                if author == "dependabot[bot]":
                    title, body = "Bump pytest from 7.4.0 to 8.2.1", "Bumps [pytest](https://github.com/pytest-dev/pytest) from 7.4.0 to 8.2.1.\n\n---\n\nDependabot will resolve any conflicts with this PR."
                    labels = ["dependencies"]
                else:
                    title = self.rng.choice(PR_TITLES)
                    body = self.rng.choice(PR_BODIES).replace("{n}", str(self.rng.randrange(1, 30)))
                    labels = []
                pull = self.pull_info(repo, author, f"{author.split('[')[0]}/patch-{self.rng.randrange(1, 99)}")
                issue = self.add_issue(repo, author, title, body or None, commenters=commenters,
                                       closed=self.rng.choice([None, "merged", "merged", "closed"]), labels=labels, pull=pull)
                reviewers = [owner] if author != owner else [self.rng.choice(others)]
                self.add_reviews(repo, issue, reviewers[: self.rng.randrange(0, 2) + (1 if author != owner else 0)])
            else:
                body = self.rng.choice(ISSUE_BODIES)
                self.add_issue(repo, author, self.rng.choice(ISSUE_TITLES), body or None, commenters=commenters,
                               closed=closed, labels=self.rng.sample(["bug", "enhancement", "documentation", "question"], self.rng.randrange(0, 3)))

    def number_conversations(self, repo: Repo):
        repo.issues.sort(key=lambda issue: (issue.created_at, issue.id))
        for number, issue in enumerate(repo.issues, start=1):
            issue.number = number

    def discussions(self, repo: Repo, others: list):
        specs = [
            ("How do I choose the threshold for a small harbour?", "Q&A", "priya-raman", repo.owner),
            ("Comment lire des fichiers en pieds ?", "Q&A", "amelie-durand", "oluwaseun-adeyemi"),
            ("Idea: a web dashboard", "Ideas", "oluwaseun-adeyemi", None),
            ("Is the rolling median robust to sensor drift?", "Q&A", "kenji-tanaka", None),
            ("Show and tell: Tidewatch at Cobh 🇮🇪", "General", "max-mustermann", None),
        ]
        for number, (title, category, author, answerer) in enumerate(specs, start=1):
            created = format_time(self.days_ago(5, 200))
            discussion = Discussion(id=self.new_id(), number=number, title=title, body=f"{title}\n\nContext: we log every 6 minutes.",
                                    author=author, category=category, created_at=created)
            last = created
            participants = [p for p in (answerer, repo.owner, self.rng.choice(others)) if p]
            for participant in participants:
                created_comment = self.moment_after(last, 10)
                body = ("Start from the 95th percentile of a calm month, then lower it until false alarms become a nuisance; "
                        "the docs explain why." if participant == answerer else self.rng.choice(OTHER_COMMENTS + OWNER_REPLIES[:2]))
                comment = DiscussionComment(id=self.new_id(), author=participant, body=body, created_at=created_comment)
                if self.rng.random() < 0.5:
                    comment.replies.append(DiscussionComment(id=self.new_id(), author=author, body="Thank you! 🙏",
                                                             created_at=self.moment_after(created_comment, 3)))
                discussion.comments.append(comment)
                last = created_comment
                if participant == answerer and DISCUSSION_CATEGORIES[category][1]:
                    discussion.answer_id = comment.id
            repo.discussions.append(discussion)

    # -- the world -----------------------------------------------------------
    def build(self) -> World:
        config = self.config
        person = config.login
        self.accounts()
        others = ["kenji-tanaka", "amelie-durand", "oluwaseun-adeyemi", "priya-raman", "max-mustermann"]

        # Other people's repositories first: the person's fork and PRs refer to them.
        kanji = self.new_repo("kenji-tanaka", "kanji-cards", "漢字の暗記カード — spaced repetition flashcards for kanji",
                              {"README.md": "# 漢字カード\n\nSpaced-repetition flashcards. 日本語 / English.\n", "cards.py": "CARDS = ['日', '月', '火']\n"},
                              topics=["japanese", "flashcards"], license_key="mit", created_days=(800, 1200))
        self.build_git(kanji, 6, ["kenji-tanaka"])
        harbour = self.new_repo("tidal-labs", "harbour-api", "HTTP API over harbour sensor data",
                                {"README.md": "# harbour-api\n\nServes gauge readings over HTTP.\n", "api/server.go": "package api\n"},
                                topics=["golang", "api"], license_key="apache-2.0", created_days=(500, 900))
        self.build_git(harbour, 6, ["priya-raman", person])
        carnet = self.new_repo("amelie-durand", "carnet", "Carnet de notes en Markdown",
                               {"README.md": "# Carnet\n\nPrendre des notes, simplement.\n", "src/app.js": "export const app = 1;\n"},
                               created_days=(300, 700))
        self.build_git(carnet, 5, ["amelie-durand"])

        flagship_files = {
            "README.md": FLAGSHIP_README, "LICENSE": MIT_LICENSE, "CONTRIBUTING.md": CONTRIBUTING,
            "CODE_OF_CONDUCT.md": CODE_OF_CONDUCT, ".github/ISSUE_TEMPLATE/bug_report.md": ISSUE_TEMPLATE,
            ".github/PULL_REQUEST_TEMPLATE.md": PR_TEMPLATE, ".gitattributes": GITATTRIBUTES,
            "docs/adr/0001-robust-statistics.md": "# 1. Robust statistics instead of a model\n\nStatus: accepted\n\nA model needs weather data we do not have.\n",
            "docs/usage.md": "# Usage\n\nRun `tidewatch scan FILE`. Größe, café, naïve — unicode is fine.\n",
            "docs/internal/release-notes-draft.md": "internal only\n",
            "src/tidewatch/__init__.py": '"""Tidewatch: storm-surge alerts from tide-gauge readings."""\n__version__ = "0.5.1"\n',
            "src/tidewatch/detect.py": DETECT_PY, "src/tidewatch/window.py": WINDOW_PY,
            "tests/test_detect.py": TEST_DETECT_PY,
            "tests/fixtures/harbour_north.csv": "station,time,level\n" + "".join(f"N1,2024-01-01T{h:02d}:00Z,{1 + h / 10:.2f}\n" for h in range(24)),
            "pyproject.toml": '[project]\nname = "tidewatch"\nversion = "0.5.1"\nrequires-python = ">=3.10"\n',
        }
        specs = [
            (FLAGSHIP, "Storm-surge alerts from tide-gauge readings 🌊", flagship_files,
             dict(topics=["python", "cli", "oceanography"], license_key="mit", homepage="https://tidewatch.example.org", has_discussions=True)),
            (FRENCH_REPO, "Recettes de famille, recherche par ingrédient", {
                "README.md": FRENCH_README, "src/app.js": "// Les unités sont converties en grammes pour comparer les recettes.\nexport const app = () => null;\n",
                "src/units.js": "export const TASSE_EN_GRAMMES = 120; // farine tamisée\n", "package.json": '{\n  "name": "recettes"\n}\n'},
             dict(topics=["webapp", "i18n"])),
            (JAPANESE_REPO, "五七五の俳句を作るボット", {
                "README.md": JAPANESE_README, "haiku_bot/__init__.py": "", "haiku_bot/__main__.py": "# モーラ数は辞書で数える（再現性のため）\nprint('古池や')\n"},
             dict(topics=["python", "japanese"], license_key="mit")),
            (FORK_REPO, kanji.description, dict((p, d.decode("utf-8")) for p, d in kanji.files.items()), dict(fork_of=kanji.full_name)),
            (ARCHIVED_REPO, None, {"README.md": ARCHIVED_README, "main.py": "x = 1\n# TODO\n", "data.csv": "a,b\n1,2\n"}, dict(archived=True)),
            (EMPTY_REPO, "Nothing here yet", {}, {}),
            (HUGE_REPO, "A monorepo with many files", self.huge_files(), dict(topics=["monorepo"])),
        ]
        generic = max(0, config.repo_count - len(specs))
        used = set()
        for index in range(generic):
            while True:
                name = f"{self.rng.choice(ADJECTIVES)}-{self.rng.choice(NOUNS)}"
                if index >= len(ADJECTIVES) * len(NOUNS) // 2:
                    name = f"{name}-{index}"
                if name not in used:
                    used.add(name)
                    break
            language, _ = self.rng.choice(GENERIC_LANGUAGES)
            package = name.replace("-", "_")
            files = _generic_source(language, package, self.rng)
            roll = self.rng.random()
            if roll < 0.6:
                files["README.md"] = f"# {name}\n\nA small {language} project that {self.rng.choice(['parses logs', 'renames photos', 'tracks habits', 'plots tides'])}.\n\n## Usage\n\nSee `--help`.\n"
            elif roll < 0.8:
                files["README.md"] = f"# {name}\n"
            if self.rng.random() < 0.3:
                files["docs/design.md"] = f"# Design of {name}\n\nWe chose {language} because the team knew it; the trade-off is startup time.\n"
            specs.append((name, self.rng.choice([None, f"{language} experiments", f"Tiny {language} tool"]), files,
                          dict(topics=self.rng.sample(TOPIC_POOL, self.rng.randrange(0, 3)))))
        specs = specs[: max(config.repo_count, 0)]
        if config.annotations:
            # Added to the files only: no random draw, so the rest of the world is unchanged.
            for name, _, files, _ in specs:
                if name == ANNOTATED_OWN_FILE_REPO:
                    files[ANNOTATION_FILE] = _own_annotation(config.annotations)

        for name, description, files, extra in specs:
            repo = self.new_repo(person, name, description, files, **extra)
            if name == EMPTY_REPO:
                repo.pushed_at = repo.created_at
                self.build_git(repo, 0, [person])
                continue
            if name == FORK_REPO:
                repo.commits = list(kanji.commits)  # a fork shares its parent's history
                repo.root_tree, repo.trees, repo.blob_shas = kanji.root_tree, kanji.trees, kanji.blob_shas
                kanji.forks_count += 1
                continue
            authors = [person, person, person]
            if name == FLAGSHIP:
                authors += ["priya-raman", "kenji-tanaka", None]
            count = config.commits_per_repo * (4 if name == FLAGSHIP else 1)
            self.build_git(repo, count, authors)

        # Conversations in the person's repositories.
        for repo in self.world.repos_of(person):
            if repo.is_empty or repo.fork_of:
                continue
            if repo.name == FLAGSHIP:
                for _ in range(config.flagship_pulls):
                    author = self.rng.choice(others + ["dependabot[bot]"])
                    pull = self.pull_info(repo, author, f"feature/{self.rng.choice(NOUNS)}")
                    title = self.rng.choice(PR_TITLES) if author != "dependabot[bot]" else "Bump requests from 2.31.0 to 2.32.3"
                    issue = self.add_issue(repo, author, title, self.rng.choice(PR_BODIES).replace("{n}", "2") or None,
                                           commenters=[person], closed=self.rng.choice(["merged", "merged", "closed", None]), pull=pull)
                    self.add_reviews(repo, issue, [person] if self.rng.random() < 0.8 else [person, "priya-raman"])
                self.conversations(repo, config.flagship_issues, others)
                self.discussions(repo, others)
            else:
                self.conversations(repo, config.issues_per_repo, others)
            self.number_conversations(repo)

        # The person's pull requests (and an issue) in other people's repositories, for the Search API.
        for repo, outcomes in ((kanji, ["merged", "merged", "closed"]), (harbour, ["merged", None]), (carnet, ["merged"])):
            self.conversations(repo, 2, [o for o in others if o != repo.owner])
            for outcome in outcomes:
                pull = self.pull_info(repo, person, f"{person}/fix-{self.rng.choice(NOUNS)}")
                issue = self.add_issue(repo, person, self.rng.choice(PR_TITLES), self.rng.choice(PR_BODIES).replace("{n}", "1") or None,
                                       commenters=[repo.owner if repo.owner != "tidal-labs" else "priya-raman"], closed=outcome, pull=pull)
                self.add_reviews(repo, issue, ["kenji-tanaka" if repo is kanji else "priya-raman"])
            self.add_issue(repo, person, "Question about the data format", "Is the second column always UTC? Merci !",
                           commenters=[repo.owner if repo.owner != "tidal-labs" else "priya-raman"], closed="completed")
            self.number_conversations(repo)

        for repo in list(self.world.repos.values()):
            if repo.issues:
                self.link_pull_requests(repo)
                self.settle_closes(repo)
        self.events()
        for index in range(config.extra_people):
            self.extra_person(index)
        if config.annotations:
            self.profile_repository()
        return self.world

    def profile_repository(self):
        """``<login>/<login>``: GitHub shows its README on the profile page; its annotation file covers many repos."""
        person = self.config.login
        files = {"README.md": PROFILE_README, ANNOTATION_FILE: _profile_annotation(self.config.annotations)}
        repo = self.new_repo(person, person, "About me", files, created_days=(30, 90))
        self.build_git(repo, 2, [person])

    # -- more people -----------------------------------------------------------
    def extra_person(self, index: int):
        """``candidate-NN``: a person with ``extra_people_repos`` generated repositories, issues and history."""
        login = extra_person_login(index)
        self.add_account(login, "User", f"Candidate {index + 1:02d}", followers=self.rng.randrange(0, 500))
        others = ["kenji-tanaka", "amelie-durand", "oluwaseun-adeyemi", "priya-raman", "max-mustermann"]
        for number in range(self.config.extra_people_repos):
            name = f"{self.rng.choice(ADJECTIVES)}-{self.rng.choice(NOUNS)}-{number}"
            language, _ = self.rng.choice(GENERIC_LANGUAGES)
            files = _generic_source(language, name.replace("-", "_"), self.rng)
            if self.rng.random() < 0.7:
                task = self.rng.choice(['parses logs', 'renames photos', 'tracks habits', 'plots tides'])
                files["README.md"] = (
                    f"# {name}\n\nA small {language} project that {task}, for people who want the job done from a"
                    " terminal without setting up a database or a web service.\n\n## Install\n\n```\nmake install\n```\n\n"
                    "## Usage\n\nRun it with a file name; it prints one line per record and exits with status 1 when a"
                    " record cannot be read, so scripts can stop early.\n\n## Design\n\nWe chose plain files over"
                    " SQLite: the trade-off is slower look-ups on big inputs, which has not mattered so far. Next time we"
                    " would write the input format down before the first release.\n")
            if self.rng.random() < 0.3:
                files["docs/design.md"] = f"# Design of {name}\n\nWe chose {language} because the team knew it; the trade-off is startup time.\n"
            repo = self.new_repo(login, name, self.rng.choice([None, f"Tiny {language} tool"]), files,
                                 topics=self.rng.sample(TOPIC_POOL, self.rng.randrange(0, 3)))
            self.build_git(repo, self.config.commits_per_repo, [login])
            self.conversations(repo, self.config.issues_per_repo, others)
            self.number_conversations(repo)
            if repo.issues:
                self.link_pull_requests(repo)
                self.settle_closes(repo)

    # -- who closed what ------------------------------------------------------
    def link_pull_requests(self, repo: Repo):
        """Point each PR's "#N" at a real, older issue; a merged PR that says "Fixes #N" closes it."""
        claimed: set = set()
        for pull in sorted(repo.pulls(), key=lambda issue: (issue.created_at, issue.id)):
            body = pull.body or ""
            mention = MENTION.search(body)
            if mention is None or mention.group(1):
                continue
            older = [i for i in repo.plain_issues() if i.created_at < pull.created_at]
            candidates = [i for i in older if i.id not in claimed] or older
            if not candidates:
                continue  # nothing to point at: GitHub shows the reference unlinked
            target = self.links.choice(candidates)
            claimed.add(target.id)
            pull.body = body[: mention.start(2)] + str(target.number) + body[mention.end(2):]
            merged_at = pull.pull.merged_at
            closes = any(not repo_name and int(number) == target.number for repo_name, number in CLOSING_REFERENCE.findall(pull.body))
            if closes and merged_at and (target.state == "open" or target.closed_at > merged_at):
                self.close(target, merged_at, pull.pull.merged_by, "completed")
                target.closer_pull = pull.number

    def close(self, issue: Issue, moment: str, actor: str, reason: str):
        issue.state, issue.closed_at, issue.closed_by, issue.state_reason = "closed", moment, actor, reason
        issue.closer_pull = issue.closer_commit = None

    def maintainer(self, repo: Repo) -> str:
        owner = self.world.account(repo.owner)
        return self.links.choice(list(owner.members)) if owner.type == "Organization" else repo.owner

    def settle_closes(self, repo: Repo):
        """Decide who closed each closed issue and whether anyone said why, with consistent timestamps."""
        world = self.world
        head_date = repo.head.date if repo.head else None
        fixes = []  # (moment, issue) closed by a commit, appended to the history in time order
        for issue in repo.plain_issues():
            if issue.state != "closed" or issue.closer_pull is not None:
                continue
            roll = self.links.random()
            issue.closed_by = self.maintainer(repo)
            bot_mark = next((c for c in issue.comments if c.author == "github-actions[bot]"), None)
            if world.is_maintainer(repo, issue.author) or world.account(issue.author).type == "Bot":
                continue
            if bot_mark is not None and issue.state_reason == "not_planned":
                moment = min(parse_time(bot_mark.created_at) + STALE_CLOSE_AFTER, self.now)
                self.close(issue, format_time(moment), "github-actions[bot]", "not_planned")
            elif roll < WITHDRAWN_SHARE:
                issue.closed_by = issue.author
                if self.links.random() < WITHDRAWN_COMMENT_SHARE:
                    self.add_comment_before_close(issue, issue.author, self.links.choice(WITHDRAWN_COMMENTS))
            elif self.explained(repo, issue):
                continue
            elif roll < WITHDRAWN_SHARE + EXPLAINED_SHARE:
                text = self.links.choice(CLOSING_EXPLANATIONS[issue.state_reason or "completed"])
                self.add_comment_before_close(issue, issue.closed_by, text)
            elif (roll < WITHDRAWN_SHARE + EXPLAINED_SHARE + COMMIT_SHARE and head_date and repo.owner == self.config.login
                  and issue.closed_at > format_time(parse_time(head_date) + PUSH_DELAY_LONGEST)):
                issue.state_reason = "completed"
                fixes.append((issue.closed_at, issue))
        for _, issue in sorted(fixes, key=lambda pair: (pair[0], pair[1].number)):
            self.fix_with_commit(repo, issue)
        for issue in repo.plain_issues():
            issue.comments.sort(key=lambda comment: (comment.created_at, comment.id))
            issue.updated_at = max([issue.created_at, issue.closed_at or ""] + [c.created_at for c in issue.comments])

    def explained(self, repo: Repo, issue: Issue) -> bool:
        """Whether a maintainer already commented shortly before (or after) the close."""
        closed = parse_time(issue.closed_at)
        return any(self.world.is_maintainer(repo, c.author) and parse_time(c.created_at) >= closed - EXPLANATION_WINDOW
                   for c in issue.comments)

    def add_comment_before_close(self, issue: Issue, author: str, body: str):
        closed = parse_time(issue.closed_at)
        lead = self.log_uniform(self.links, EXPLANATION_LEAD_SHORTEST, EXPLANATION_LEAD_LONGEST)
        # Never before the issue was opened: a quick close gets a comment in between.
        moment = max(closed - lead, parse_time(issue.created_at) + (closed - parse_time(issue.created_at)) / 2)
        created = format_time(moment)
        issue.comments.append(Comment(id=self.new_id(), author=author, body=body, created_at=created, updated_at=created))

    def fix_with_commit(self, repo: Repo, issue: Issue):
        """A commit by the repository's owner saying "Fixes #N", on top of the history; its push closes the issue."""
        subject, why = self.links.choice(FIX_COMMITS)
        message = f"{subject}\n\n{why}\n\n{CLOSING_KEYWORD} #{issue.number}."
        closed = parse_time(issue.closed_at)
        pushed_after = self.log_uniform(self.links, PUSH_DELAY_SHORTEST, PUSH_DELAY_LONGEST)
        date = format_time(max(closed - pushed_after, parse_time(repo.head.date) + timedelta(seconds=1)))
        login = repo.owner
        name, email = self.git_identity(login, self.world.account(login))
        parent = repo.head.sha
        sha = commit_object_sha(repo.root_tree, parent, name, email, date, message)
        additions = self.links.randrange(1, 60)
        repo.commits.insert(0, GitCommit(sha=sha, message=message, author_name=name, author_email=email, author_login=login,
                                         date=date, parents=[parent], tree_sha=repo.root_tree, additions=additions,
                                         deletions=self.links.randrange(0, additions), changed_files=self.links.randrange(1, 4)))
        self.close(issue, issue.closed_at, login, "completed")
        issue.closer_commit = sha
        repo.pushed_at = max(repo.pushed_at, issue.closed_at)
        repo.updated_at = max(repo.updated_at, issue.closed_at)

    def huge_files(self) -> dict:
        files = {"README.md": "# monorepo-huge\n\nMany packages in one repository. Ünïcödé path names included.\n"}
        for index in range(self.config.huge_repo_files):
            package = f"packages/pkg-{index // 50:03d}"
            files[f"{package}/module_{index:05d}.py"] = f"VALUE_{index} = {index}  # ünïcödé ✓\n"
        files["packages/données/café.py"] = "PRIX = '3 €'\n"
        return files

    def events(self):
        """Recent public events of the person, newest first, as GitHub keeps them (90 days, at most 300)."""
        person = self.config.login
        account = self.world.account(person)
        cutoff = self.now - timedelta(days=90)
        events = []
        for repo in self.world.repos.values():
            for commit in repo.commits:
                if commit.author_login == person and parse_time(commit.date) >= cutoff and repo.owner == person:
                    payload = {"repository_id": repo.id, "push_id": self.new_id(), "ref": f"refs/heads/{repo.default_branch}",
                               "head": commit.sha, "before": commit.parents[0] if commit.parents else "0" * 40}
                    events.append(("PushEvent", repo, payload, commit.date))
            for issue in repo.issues:
                if issue.author == person and parse_time(issue.created_at) >= cutoff and issue.is_pull:
                    events.append(("PullRequestEvent", repo, {"action": "opened", "number": issue.number, "pull_request": {"number": issue.number}}, issue.created_at))
                for comment in issue.comments:
                    if comment.author == person and parse_time(comment.created_at) >= cutoff:
                        events.append(("IssueCommentEvent", repo, {"action": "created", "issue": {"number": issue.number}, "comment": {"id": comment.id}}, comment.created_at))
            if repo.owner == person and parse_time(repo.created_at) >= cutoff:
                branch = repo.default_branch
                events.append(("CreateEvent", repo, {"ref": branch, "ref_type": "branch", "full_ref": f"refs/heads/{branch}",
                                                     "master_branch": branch, "description": repo.description, "pusher_type": "user"}, repo.created_at))
        events.sort(key=lambda item: item[3], reverse=True)
        self.world.events = [Event(id=str(40_000_000_000 + index), type=kind, actor=account.login, repo=repo.full_name,
                                   payload=payload, created_at=created) for index, (kind, repo, payload, created) in enumerate(events[:300])]


def _yaml_text(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escaping is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def alias_bomb(levels: int = 9, key: str = "project") -> str:
    """A few hundred bytes of YAML whose ``key`` expands to 9**levels nodes ("billion laughs")."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + f"\n{key}: *a{levels - 1}\n"


def _profile_annotation(mode: str) -> str:
    """The profile repository's file: one entry per annotated repository."""
    if mode == ANNOTATIONS_HOSTILE:
        bomb = alias_bomb().replace("\n", "\n  ").rstrip()
        return f"x:\n  {bomb}\nrepos:\n  {ANNOTATED_TEAM_REPO}: {{project: *a8, role: lead}}\n"
    if mode == ANNOTATIONS_BROKEN_PROFILE:
        return f"repos: [unclosed\n  {ANNOTATED_TEAM_REPO}: {{project: team\n"
    team_extra = f"\n    {UNKNOWN_ANNOTATION_KEY}: 5" if mode == ANNOTATIONS_INVALID else ""
    excluded_type = UNKNOWN_PROJECT_TYPE if mode == ANNOTATIONS_INVALID else "excluded"
    return (
        "# What my repositories are, for anyone reading a portfolio-audit report.\n"
        "repos:\n"
        f"  {ANNOTATED_TEAM_REPO}:\n    project: team\n    role: {_yaml_text(TEAM_ROLE)}{team_extra}\n"
        f"  {ANNOTATED_COURSEWORK_REPO}: {{project: coursework, note: {_yaml_text(COURSEWORK_NOTE)}}}\n"
        f"  {ANNOTATED_EXCLUDED_REPO}: {{project: {excluded_type}}}\n"
        f"  {ANNOTATED_OWN_FILE_REPO}: {{project: team, role: {_yaml_text(PROFILE_ROLE_OVERRIDDEN)}}}\n"
    )


def _own_annotation(mode: str) -> str:
    """The annotated repository's own file, which wins over its profile entry (or, invalid, does not parse)."""
    if mode == ANNOTATIONS_INVALID:
        return "project: [coursework\nnote: unclosed\n"
    if mode == ANNOTATIONS_HOSTILE:
        return "project: " + "[" * 20_000 + "]" * 20_000 + "\n"
    return f"project: coursework\nnote: {_yaml_text(OWN_FILE_NOTE)}\n"


def extra_person_login(index: int) -> str:
    """The login of the ``index``-th extra person (``WorldConfig.extra_people``), from 0."""
    return f"candidate-{index + 1:02d}"


def build_world(config: Optional[WorldConfig] = None, **overrides) -> World:
    """Build the world for ``config`` (or ``WorldConfig(**overrides)``); same inputs, same world."""
    if config is None:
        config = WorldConfig(**overrides)
    elif overrides:
        raise TypeError("pass either a WorldConfig or keyword overrides, not both")
    return _Builder(config).build()
