"""Screening several candidates: collect and evaluate each handle, resumably, into one screening document.

The screening document is plain data (like the result of one audit) and every screening
format renders from it alone. It depends only on the candidates' snapshots and the rules,
never on when or how often the screening ran, so the same snapshots give byte-identical JSON.
It carries no overall ranking unless ``--rank`` asks for one, and then with its caveat.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, TextIO, cast

from . import __version__, render
from . import snapshot as snapshot_io
from .app import check_output, write_output
from .cache_files import default_cache_dir
from .collect.github.settings import INPUT_PREFIX as GITHUB_INPUT_PREFIX
from .collect.github.settings import GitHubSettings
from .collect.local import DEFAULT_MAX_COMMITS
from .engine import CAVEATS
from .errors import AuditError, ExitCode
from .pipeline import (AuditSettings, build_analysis_cache, build_catalogue, build_github_snapshot, require_collected,
                       run_pipeline)
from .progress import Progress
from .records import Result
from .render.screen_view import annotation_label, gaps, questions, strengths
from .wording import count_of

SCREENING_VERSION = "1"
DEFAULT_PARALLEL = 2
MAX_PARALLEL = 8
DEFAULT_STATE_SUFFIX = ".state"
# A report on stdout has no path to put its state beside: it goes in the cache folder, one
# folder per API and list of handles, so re-running the same screening resumes it.
STDOUT_STATE_FOLDER = "screening"
STATE_KEY_CHARS = 16
SNAPSHOT_SUFFIX = ".snapshot.json"
# Fewer repositories with enough material to score than this is too little to judge a person by.
MIN_REPOS_WITH_CONTENT = 2
# "Mostly forks": more than this share of the listed public repositories are forks.
MOSTLY_FORKS_SHARE = 0.5

INSUFFICIENT_EVIDENCE = "insufficient evidence"
MOSTLY_FORKS = "mostly forks"
COLLECTION_INCOMPLETE = "collection incomplete"

SCREENING_CAVEATS = CAVEATS + (
    "The tool cannot see private work, work under an employer's organisation, or other platforms"
    " (GitLab, Bitbucket, company wikis): absence here is not absence of skill.",
    "It infers nothing about the person beyond their public text and code: no gender, age, nationality or photo.",
    "Candidates are listed in the order given, not ranked; sort by a column only to find, never to decide.",
)
RANK_CAVEAT = ("Rank orders the portfolio score only: a weighted mean of signals from public text and code, not a"
               " measure of the person. Candidates with insufficient evidence are not ranked.")


@dataclass(frozen=True)
class ScreenSettings:
    """What `portfolio-audit screen` was asked to do; the GitHub options are shared with `audit`."""

    handles: tuple = ()
    from_file: Optional[str] = None
    output_format: str = render.DEFAULT_SCREENING_FORMAT
    output: Optional[str] = None  # None: the format's default_output in render.SCREENING_FORMATS, else stdout
    rank: bool = False
    state_dir: Optional[str] = None
    fresh: bool = False
    parallel: int = DEFAULT_PARALLEL
    rules_dir: Optional[str] = None
    max_commits: int = DEFAULT_MAX_COMMITS
    quiet: bool = False
    github: GitHubSettings = field(default_factory=GitHubSettings)

    def audit_settings(self, login: str) -> AuditSettings:
        """The pipeline's settings for one candidate."""
        return AuditSettings(inputs=(f"{GITHUB_INPUT_PREFIX}{login}",), rules_dir=self.rules_dir,
                             max_commits=self.max_commits, quiet=self.quiet, github=self.github)


# --- handles ------------------------------------------------------------------------------

def parse_handle(text: str, where: str = "") -> str:
    """A login from ``LOGIN`` or ``github:LOGIN``; AuditError for anything else."""
    from .collect.github import parse_github_input

    raw = text.strip()
    spelled = raw if raw.startswith(GITHUB_INPUT_PREFIX) else GITHUB_INPUT_PREFIX + raw
    try:
        login = parse_github_input(spelled)
    except AuditError:
        raise AuditError(f"{where}{raw!r} is not a GitHub handle", "write LOGIN or github:LOGIN, one per line",
                         ExitCode.USAGE) from None
    assert login is not None  # spelled is a GitHub input
    return login


def read_handles(handles: tuple, from_file: Optional[str]) -> tuple:
    """Handles from the command line, then from ``from_file`` (one per line, # comments), without repeats."""
    found = [parse_handle(h) for h in handles]
    if from_file:
        try:
            text = sys.stdin.read() if from_file == "-" else Path(from_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise AuditError(f"{from_file}: cannot read the list of handles ({getattr(exc, 'strerror', None) or exc})",
                             "pass a UTF-8 text file with one handle per line", ExitCode.USAGE) from None
        for number, line in enumerate(text.splitlines(), start=1):
            content = line.split("#", 1)[0].strip()
            if content:
                found.append(parse_handle(content, f"{from_file}:{number}: "))
    unique, seen = [], set()
    for login in found:
        if login.lower() not in seen:  # GitHub logins are case-insensitive
            seen.add(login.lower())
            unique.append(login)
    if not unique:
        raise AuditError("no handles to screen", "pass HANDLE... or --from FILE", ExitCode.USAGE)
    return tuple(unique)


# --- one candidate --------------------------------------------------------------------------

def state_dir_for(settings: ScreenSettings, output: str, handles: tuple = ()) -> Optional[Path]:
    """Where per-candidate snapshots live: --state-dir, else beside the report (``report.html.state``).

    A report on stdout keeps them in the cache folder (``<cache>/screening/<key>``), never in
    the working directory; with ``--no-cache`` as well, nowhere (None: a temporary folder).
    """
    if settings.state_dir:
        return Path(settings.state_dir)
    if output != "-":
        return Path(output + DEFAULT_STATE_SUFFIX)
    if not settings.github.use_cache:
        return None
    base = Path(settings.github.cache_dir).expanduser() if settings.github.cache_dir else default_cache_dir()
    key = hashlib.sha256(json.dumps([settings.github.api_url, [h.lower() for h in handles]]).encode("utf-8"))
    return base / STDOUT_STATE_FOLDER / key.hexdigest()[:STATE_KEY_CHARS]


def snapshot_is_complete(snapshot: snapshot_io.Snapshot) -> bool:
    """False when a repository or some data could not be collected (errors, rate limits), so a re-run retries it."""
    for repo in snapshot.repos:
        if repo.collection_error:
            return False
        for name in snapshot_io.COLLECTED_FIELDS:
            data = getattr(repo, name)
            if not data.available and (data.reason or "").startswith("not collected"):
                return False
    contributions = snapshot.contributions
    return contributions.available or not (contributions.reason or "").startswith("not collected")


class _CandidateProgress(Progress):
    """Progress lines prefixed with the candidate, so parallel collections stay readable."""

    def __init__(self, stream: TextIO, quiet: bool, login: str, lock: threading.Lock):
        super().__init__(stream, quiet)
        self.login = login
        self.lock = lock

    def step(self, stage: str):
        return lambda index, total, name: None  # per-repository lines would interleave across candidates

    def say(self, message: str) -> None:
        with self.lock:
            super().say(f"{message} [{self.login}]")


def collect_candidate(login: str, settings: ScreenSettings, state_dir: Path, progress: Progress,
                      lock: threading.Lock) -> tuple:
    """(snapshot or None, error or None): a saved complete snapshot, else a fresh collection saved atomically."""
    path = state_dir / f"{login.lower()}{SNAPSHOT_SUFFIX}"
    if path.is_file() and not settings.fresh:
        try:
            snapshot = snapshot_io.loads(path.read_text(encoding="utf-8"))
            if snapshot_is_complete(snapshot):
                progress.say(f"portfolio-audit: {login}: reusing the snapshot in {path} (collected {snapshot.collected_at};"
                             " --fresh to collect again)")
                return snapshot, None
        except (OSError, UnicodeDecodeError, snapshot_io.SnapshotError) as exc:
            progress.say(f"portfolio-audit: {login}: ignoring unreadable {path} ({exc})")
    candidate_progress = _CandidateProgress(progress.stream, progress.quiet, login, lock)
    try:
        snapshot = build_github_snapshot(login, settings.max_commits, candidate_progress, settings.github)
        # Every own repository failed: the contributions card alone must not make a strong candidate.
        require_collected(snapshot, from_github=True)
    except AuditError as exc:
        return None, str(exc)
    write_output(snapshot_io.dumps(snapshot), str(path), sys.stdout)
    return snapshot, None


# --- the screening document -------------------------------------------------------------------

def evidence_summary(snapshot: snapshot_io.Snapshot, result: Result) -> dict:
    """How much public evidence exists: counts of the person's own writing and conversations, never popularity."""
    login = ((snapshot.owner or {}).get("login") or "").lower()
    own = [r for r in result["repos"] if r["kind"] == "repository"]
    threads = 0
    for repo in snapshot.repos:
        for name in ("issues", "pull_requests"):
            data = getattr(repo, name)
            for item in data.items if data.available else ():
                author = (item.get("author") or "").lower()
                if author == login or author.endswith("[bot]"):
                    continue
                replied = any((c.get("author") or "").lower() == login
                              for c in list(item.get("comments") or []) + list(item.get("review_comments") or []))
                threads += 1 if replied else 0
    contributions = snapshot.contributions
    elsewhere = len(contributions.items) if contributions.available else None
    languages: dict = {}
    for repo in own:
        material = repo.get("material")
        for language in (material.get("languages") if material else None) or []:
            languages[language] = languages.get(language, 0) + 1
    listing = snapshot.listing or {}
    forks = listing.get("forks", sum(1 for r in snapshot.repos if r.is_fork))
    total = listing.get("total", len(snapshot.repos))
    return {
        "public_repos": total,
        "forks": forks,
        "repos_collected": len(own),
        "repos_with_content": sum(1 for r in own if r["status"] == "scored"),
        "threads_with_others": threads,
        "contributions_elsewhere": elsewhere,
        "languages": sorted(languages, key=lambda lang: (-languages[lang], lang)),
    }


def flags_for(evidence: Optional[dict], result: Optional[Result], snapshot: Optional[snapshot_io.Snapshot]) -> list:
    """The overview's warnings about a candidate, in a fixed order."""
    if result is None:
        return [COLLECTION_INCOMPLETE, INSUFFICIENT_EVIDENCE]
    assert evidence is not None  # summarised whenever there is a result
    flags = []
    if evidence["repos_with_content"] < MIN_REPOS_WITH_CONTENT:
        flags.append(INSUFFICIENT_EVIDENCE)
    if evidence["public_repos"] and evidence["forks"] > evidence["public_repos"] * MOSTLY_FORKS_SHARE:
        flags.append(MOSTLY_FORKS)
    if snapshot is not None and not snapshot_is_complete(snapshot):
        flags.append(COLLECTION_INCOMPLETE)
    return flags


def candidate_record(login: str, snapshot: Optional[snapshot_io.Snapshot], result: Optional[Result],
                     error: Optional[str]) -> dict:
    """Everything the screening shows about one candidate; a pure function of their snapshot's result."""
    if result is None:
        return {"handle": login, "name": None, "status": "failed", "error": error, "collected_at": None,
                "flags": flags_for(None, None, None), "evidence": None, "categories": [], "score": None, "band": None,
                "rank": None, "strengths": [], "gaps": [], "questions": [], "annotations": [], "result": None}
    assert snapshot is not None  # a result comes from a snapshot
    evidence = evidence_summary(snapshot, result)
    flags = flags_for(evidence, result, snapshot)
    insufficient = INSUFFICIENT_EVIDENCE in flags
    found_gaps = [] if insufficient else gaps(result)
    # Too little public work to judge: the only fair question is about the work we cannot see
    # (questions reads only the repositories of the result it is given).
    asked = questions(cast(Result, {"repos": []}), []) if insufficient else questions(result, found_gaps)
    annotations = [
        {"repo": r["name"], "label": annotation_label(r["annotation"]), "problems": r["annotation"]["problems"]}
        for r in result["repos"] if r.get("annotation")
    ]
    owner = result.get("owner") or {}
    return {
        "handle": owner.get("login") or login,
        "name": owner.get("name"),
        "status": "screened",
        "error": None,
        "collected_at": result["collected_at"],
        "flags": flags,
        "evidence": evidence,
        # Category scores are shown; an insufficient-evidence candidate's numbers would read as a verdict.
        "categories": [{"id": c["id"], "title": c["title"], "score": None if insufficient else c["score"],
                        "band": None if insufficient else c["band"]} for c in result["categories"]],
        "score": None if insufficient else result["score"],
        "band": None if insufficient else result["band"],
        "rank": None,
        "strengths": strengths(result),
        "gaps": found_gaps,
        "questions": asked,
        "annotations": annotations,
        "result": result,
    }


def build_screening(candidates: list, rules_digest: str, rank: bool) -> dict:
    """The screening document: candidates in the order given, ranked only when asked."""
    if rank:
        ranked = sorted((c for c in candidates if c["score"] is not None), key=lambda c: (-c["score"], c["handle"].lower()))
        for position, candidate in enumerate(ranked, start=1):
            candidate["rank"] = position
    categories: list[dict] = []
    for candidate in candidates:
        for category in candidate["categories"]:
            if category["id"] not in [c["id"] for c in categories]:
                categories.append({"id": category["id"], "title": category["title"]})
    return {
        "kind": "screening",
        "schema_version": SCREENING_VERSION,
        "tool": {"name": "portfolio-audit", "version": __version__, "rules_digest": rules_digest},
        "ranked": rank,
        "rank_caveat": RANK_CAVEAT if rank else None,
        "caveats": list(SCREENING_CAVEATS),
        "categories": categories,
        "candidates": candidates,
    }


# --- the command ------------------------------------------------------------------------------

def render_screening(screening: dict, output_format: str) -> str:
    """The screening document as text in a format of render.SCREENING_FORMATS (HTML, CSV or JSON)."""
    return render.render_screening(output_format, screening)


def run_screen(settings: ScreenSettings, stdout: Optional[TextIO] = None, stderr: Optional[TextIO] = None) -> ExitCode:
    """Screen every handle (in parallel, resumably) and write one report; exit 3 only when no candidate was collected."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if settings.output_format not in render.SCREENING_FORMATS:
        raise AuditError(f"unknown screening format {settings.output_format!r}",
                         f"use one of {', '.join(render.SCREENING_FORMATS)}", ExitCode.USAGE)
    progress = Progress(stderr, settings.quiet)
    handles = read_handles(settings.handles, settings.from_file)
    catalogue = build_catalogue(settings.rules_dir)
    output = settings.output or render.SCREENING_FORMATS[settings.output_format].default_output or "-"
    check_output(output)
    with contextlib.ExitStack() as cleanup:
        state_dir = state_dir_for(settings, output, handles)
        kept = state_dir is not None
        if not kept:  # stdout and --no-cache: nothing may stay behind, so nothing resumes
            state_dir = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="portfolio-audit-screening-")))
        assert state_dir is not None
        return _screen(settings, handles, catalogue, output, state_dir, kept, progress, stdout)


def _screen(settings: ScreenSettings, handles: tuple, catalogue, output: str, state_dir: Path, kept: bool,
            progress: Progress, stdout: TextIO) -> ExitCode:
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AuditError(f"{state_dir}: cannot create the state folder ({exc.strerror})", "choose another --state-dir",
                         ExitCode.USAGE) from None
    # One cache for every candidate: its packs are written atomically, so the screening threads share it safely.
    analysis_cache = build_analysis_cache(settings.github.cache_dir, settings.github.use_cache, progress)
    lock = threading.Lock()
    done = [0]

    def screen_one(login: str) -> dict:
        snapshot, error = collect_candidate(login, settings, state_dir, progress, lock)
        result = None
        if snapshot is not None:
            # The snapshot is in hand (resumed or just collected and saved); the rules and the cache are shared.
            quiet_progress = _CandidateProgress(progress.stream, progress.quiet, login, lock)
            result = run_pipeline(settings.audit_settings(login), quiet_progress, catalogue=catalogue,
                                  collect=lambda: snapshot, analysis_cache=analysis_cache, nothing_found=None).result
        record = candidate_record(login, snapshot, result, error)
        with lock:
            done[0] += 1
            state = f"failed: {error}" if record["status"] == "failed" else ", ".join(record["flags"]) or "ok"
            progress.say(f"portfolio-audit: screened {done[0]}/{len(handles)}: {login} ({state})")
        return record

    parallel = max(1, min(settings.parallel, MAX_PARALLEL))
    with ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="screen") as pool:
        candidates = list(pool.map(screen_one, handles))
    screening = build_screening(candidates, catalogue.digest, settings.rank)
    write_output(render_screening(screening, settings.output_format), output, stdout)
    failed = sum(1 for c in candidates if c["status"] == "failed")
    where = "stdout" if output == "-" else output
    snapshots = f"snapshots in {state_dir}" if kept else "snapshots not kept (--no-cache)"
    progress.say(f"portfolio-audit: screened {count_of(len(candidates), 'candidate')} ({failed} failed); {snapshots};"
                 f" report: {where}")
    if failed == len(candidates):
        raise AuditError("no candidate could be collected", "see the reasons above", ExitCode.COLLECTION_FAILED)
    return ExitCode.OK
