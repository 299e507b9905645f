"""A portfolio whose every stranger-written field carries script-injection payloads, for the XSS suite."""

from __future__ import annotations

from portfolio_audit.snapshot import Collected, Commit, FileEntry, RepoSnapshot, SkippedFile, Snapshot

COLLECTED_AT = "2026-01-01T00:00:00Z"
# Where a payload that manages to run or to fetch something reports; {n} is its number.
# The XSS suite serves BEACON on 127.0.0.1 and counts the hits.
BEACON = "http://127.0.0.1:{port}/hit/{n}"


def _pwn(n: int) -> str:
    """JavaScript that leaves a mark a DOM dump shows: an attribute on <body> and a beacon hit."""
    return f"document.body.setAttribute('data-pwned-{n}','1');fetch('/hit/{n}')"


def payloads(port: int) -> list:
    """Classic script-injection payloads, each tagged XSSnn so its text can be found again."""
    raw = [
        "<script>{js}</script>",
        "<img src=\"{beacon}\" onerror=\"{js}\">",
        "<svg onload=\"{js}\"></svg>",
        "<svg><script>{js}</script></svg>",
        "\"><script>{js}</script>",
        "' onmouseover='{js}' x='",
        "\" autofocus onfocus=\"{js}\" x=\"",
        "javascript:{js}",
        "<a href=\"javascript:{js}\">click me</a>",
        "<iframe src=\"javascript:{js}\"></iframe>",
        "<iframe srcdoc=\"<script>{js}</script>\"></iframe>",
        "<body onload=\"{js}\">",
        "<style>@import '{beacon}';</style>",
        "<div style=\"background:url({beacon})\">styled</div>",
        "<div style=\"width: expression({js})\">css expression</div>",
        "<link rel=\"stylesheet\" href=\"{beacon}\">",
        "<object data=\"{beacon}\"></object><embed src=\"{beacon}\">",
        "<meta http-equiv=\"refresh\" content=\"0;url={beacon}\">",
        "<base href=\"{beacon}/\">",
        "<math><mtext><table><mglyph><style><img src=\"{beacon}\" onerror=\"{js}\">",
        "</textarea></title></style><script>{js}</script>",
        "<details open ontoggle=\"{js}\">x</details>",
        "<input autofocus onfocus=\"{js}\">",
        "<video><source onerror=\"{js}\"></video>",
        "<!--<script>{js}</script>-->",
        "]]><![CDATA[<script>{js}</script>]]>",
        "{{{{ 7*7 }}}} {{% raw %}} ${{{js}}} <% {js} %>",
        "[click](javascript:{js}) ![img]({beacon}) <{beacon}>",
        "&lt;script&gt;{js}&lt;/script&gt; &#60;script&#62;",
        "\u202e<script>{js}</script>\u0000\x1b[31m",
    ]
    return [f"XSS{n:02d} " + text.format(js=_pwn(n), beacon=BEACON.format(port=port, n=n)) for n, text in enumerate(raw)]


def _readme(payload: str) -> str:
    return (f"# {payload}\n\n{payload} is a tool for people who read reports.\n\n"
            f"## Install\n\n```bash\npip install tool\n```\n\n{payload}\n\n"
            f"| a | b |\n|---|---|\n| {payload} | x |\n\n> {payload}\n\n<div>{payload}</div>\n")


def _source(payload: str) -> str:
    return (f'"""{payload}"""\n\n# {payload} because the parser needs it\n# TODO {payload}\n'
            f"def run():\n    # x = run({payload!r})\n    return 1\n")


def _person(login: str) -> dict:
    return {"author": login, "author_type": "User", "author_association": "NONE"}


def _issue(number: int, payload: str, owner: str) -> dict:
    return {"number": number, "title": payload, "body": payload, "url": f"javascript:{payload}", **_person("stranger"),
            "state": "closed", "state_reason": "completed", "created_at": "2025-12-01T00:00:00Z",
            "closed_at": "2025-12-02T00:00:00Z", "closed_by": owner, "labels": [payload],
            "comments": [{**_person(owner), "author_association": "OWNER", "body": payload,
                          "created_at": "2025-12-01T05:00:00Z", "url": payload}]}


def _pull(number: int, payload: str, owner: str, full_name: str) -> dict:
    return {"number": number, "title": payload, "body": payload, "url": f"https://github.com/{full_name}/pull/{number}",
            **_person(owner), "state": "closed", "state_reason": None, "closed_by": None,
            "created_at": "2025-12-01T00:00:00Z", "closed_at": "2025-12-02T00:00:00Z", "merged": True,
            "merged_at": "2025-12-02T00:00:00Z", "base_repo": full_name, "head_repo": full_name, "additions": 10,
            "deletions": 2, "changed_files": 1, "labels": [payload], "linked_issues": [], "comments": [],
            "review_comments": [{**_person("stranger"), "body": payload, "created_at": "2025-12-01T06:00:00Z",
                                 "path": payload, "line": 1, "url": payload}]}


def _repo(index: int, payload: str, owner: str) -> RepoSnapshot:
    name = payload
    full_name = f"{owner}/{name}"
    files = (
        FileEntry("README.md", "readme", "markdown", 1, _readme(payload)),
        FileEntry("docs/design.md", "doc", "markdown", 1, f"# Design\n\nWe chose {payload} because it is small.\n"),
        FileEntry(f"src/{payload}.py", "source", "python", 1, _source(payload)),
    )
    commits = Collected.of(
        Commit(sha=f"{index:02d}" + "a" * 38, subject=payload, body=f"{payload}\n\nBecause {payload}.", author=payload,
               authored_at="2025-12-01T00:00:00Z", files_changed=3, insertions=200, deletions=5)
        for _ in range(3)
    )
    return RepoSnapshot(
        name=name, full_name=full_name, description=payload, topics=(payload,), default_branch="main",
        created_at="2025-01-01T00:00:00Z", pushed_at="2025-12-01T00:00:00Z", commit_sha="b" * 40,
        # A hostile snapshot can put anything here; only http(s) may become a link.
        html_url=f"javascript:{payload}" if index % 2 else f"https://github.com/{owner}/x{index}\"onmouseover=\"{payload}",
        files=files, skipped=(SkippedFile(f"{payload}.py", payload),),
        commits=commits,
        issues=Collected.of([_issue(1, payload, owner)]),
        pull_requests=Collected.of([_pull(2, payload, owner, full_name)]),
        reviews=Collected.of([{"pr_number": 3, "pr_url": payload, "repo": full_name, "author": owner, "state": "COMMENTED",
                               "body": payload, "submitted_at": "2025-12-01T00:00:00Z", "url": payload,
                               "comments": [{"path": payload, "line": 1, "body": payload, "url": payload}]}]),
        discussions=Collected.of([{"number": 4, "title": payload, "url": payload, **_person("stranger"),
                                   "category": payload, "created_at": "2025-11-01T00:00:00Z", "is_answered": True,
                                   "answer_chosen_by": owner, "answer_chosen_at": "2025-11-02T00:00:00Z",
                                   "answer": {"author": owner, "url": payload, "body": payload}, "comments": []}]),
        community=Collected.of([{"name": "contributing", "present": True, "path": payload, "url": payload}]),
        annotation={"project": "team", "role": payload, "note": payload, "source": payload, "problems": [payload]},
    )


def hostile_snapshot(port: int) -> tuple:
    """(snapshot, payloads): one repository per payload, the payload in every text field it has."""
    texts = payloads(port)
    owner = "octo"
    repos = tuple(_repo(index, payload, owner) for index, payload in enumerate(texts))
    # One collection failure whose reason is a payload: error text reaches the report too.
    failed = RepoSnapshot(name="broken-" + texts[0][:5], full_name=f"{owner}/broken", collection_error=texts[0])
    contributions = Collected.of([{
        "role": "author", "number": 9, "title": payload, "url": payload, "repo": f"other/{payload}",
        "base_repo": f"other/{payload}", "head_repo": None, **_person(owner), "state": "closed", "merged": True,
        "created_at": "2025-11-01T00:00:00Z", "merged_at": "2025-11-02T00:00:00Z", "closed_at": "2025-11-02T00:00:00Z",
        "body": payload, "comments_count": 1} for payload in texts])
    snapshot = Snapshot(collected_at=COLLECTED_AT, source={"kind": "github", "handle": owner, "api_url": texts[1]},
                        owner={"login": owner, "name": texts[2], "html_url": texts[7], "bio": texts[3]},
                        repos=repos + (failed,), tool_version="0", contributions=contributions)
    return snapshot, texts
