"""The one pipeline of `audit`, `screen`, the Action and `evaluate`: catalogue → snapshot → analysis cache → evaluate.

Every command calls ``run_pipeline`` with an ``AuditSettings`` and differs only in what it
does with the ``Audited`` it returns (write the report, the badge and README section, one
row of a screening). A GitHub handle streams: the analysis cache opens first and each
repository is evaluated as it is collected (streaming.py), with the same result. The
stages it runs are here too, for the commands that run one alone (`collect` builds a
snapshot, `rules` reads the catalogue).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Optional

from . import snapshot as snapshot_io
from .collect.github.settings import INPUT_PREFIX as GITHUB_INPUT_PREFIX
from .collect.github.settings import GitHubSettings
from .collect.local import DEFAULT_MAX_COMMITS, collect_local
from .engine import assemble_result, evaluate_snapshot
from .errors import AuditError, ExitCode
from .progress import Progress
from .records import Result
from .render import DEFAULT_AUDIENCE, DEFAULT_FORMAT
from .render import render as render_report
from .render import render_pieces
from .rules import Catalogue, RuleError, load_catalogue
from .streaming import StreamingEvaluation
from .untrusted import UntrustedInputError, load_json, read_text
from .verdict_cache import verdicts_for

# Snapshot and result files read at most: a 1,000-repository snapshot is about 350 MB.
MAX_JSON_INPUT_BYTES = 1024 * 1024 * 1024
# What `audit` says when the inputs hold no repository at all (message, hint); exit 3.
NO_REPOSITORIES = ("no repositories found", "pass a git repository or a folder of projects")
# ``analysis_cache`` default of run_pipeline: open the cache the settings name (None is "no cache").
OPEN_CACHE = "open the cache in settings.github.cache_dir"


@dataclass(frozen=True)
class AuditSettings:
    """What to audit and how to report it: `audit`'s options, and what `screen` and the Action audit each handle with."""

    inputs: tuple
    output_format: str = DEFAULT_FORMAT
    output: Optional[str] = None  # None: the format's default_output in render.FORMATS (a file for html, else stdout)
    fail_under: Optional[float] = None
    rules_dir: Optional[str] = None
    max_commits: int = DEFAULT_MAX_COMMITS
    quiet: bool = False
    github: GitHubSettings = field(default_factory=GitHubSettings)  # its handle and max_commits come from the above
    audience: str = DEFAULT_AUDIENCE  # "recruiter": evidence and caveats first, advice folded (render/view.py)
    authors: tuple = ()  # --author: the person's names, emails or GitHub logins in local histories



@dataclass(frozen=True)
class Audited:
    """What the pipeline gives a command: the snapshot it evaluated, the result, and the settings it ran with."""

    settings: AuditSettings
    snapshot: snapshot_io.Snapshot
    result: Result

    def report(self, output_format: Optional[str] = None) -> str:
        """The result as text in ``output_format`` (the settings' format by default), for the settings' audience."""
        return render_report(output_format or self.settings.output_format, self.result, audience=self.settings.audience)

    def report_pieces(self, output_format: Optional[str] = None) -> Iterable[str]:
        """``report``'s text in pieces to write one after another (a large JSON result is never held as text)."""
        return render_pieces(output_format or self.settings.output_format, self.result, audience=self.settings.audience)


def run_pipeline(settings: AuditSettings, progress: Progress, *, catalogue: Optional[Catalogue] = None,
                 collect: Optional[Callable[[], snapshot_io.Snapshot]] = None, analysis_cache=OPEN_CACHE,
                 nothing_found: Optional[tuple[str, str]] = NO_REPOSITORIES) -> Audited:
    """Read the rules, open the analysis cache, collect the snapshot and evaluate, in that order.

    ``catalogue`` and ``analysis_cache``, when given, are used instead of reading the rules
    and opening the cache (a screening reads them once for every candidate). ``collect``
    supplies the snapshot instead of collecting ``settings.inputs`` (a saved snapshot file,
    a screening's resumed candidate). ``nothing_found`` is the (message, hint) of the exit-3
    error for a snapshot without repositories, or None to evaluate it anyway.
    """
    streamed = collect is None and len(settings.inputs) == 1 and github_handle(str(settings.inputs[0]))
    if catalogue is None and (collect is not None or streamed):
        catalogue = build_catalogue(settings.rules_dir)
    if streamed:
        assert catalogue is not None
        return _run_streamed(settings, progress, catalogue, analysis_cache, nothing_found)
    if analysis_cache is OPEN_CACHE:
        analysis_cache = build_analysis_cache(settings.github.cache_dir, settings.github.use_cache, progress)
    if collect is not None:
        snapshot = collect()
    elif catalogue is not None:
        snapshot = build_snapshot(settings.inputs, settings.max_commits, progress, settings.github, settings.authors,
                                  analysis_cache=analysis_cache)
    else:
        # Folders: the rules are read while worker processes collect (collect_local's ``meanwhile``).
        snapshot, catalogue = _collected_with_rules(settings, progress, analysis_cache)
    assert catalogue is not None  # read before collecting, or while collecting
    _require_repos(snapshot, nothing_found)
    result = evaluate_snapshot(snapshot, catalogue, progress=progress.step("evaluating"), analysis_cache=analysis_cache)
    return Audited(settings, snapshot, result)


def _collected_with_rules(settings: AuditSettings, progress: Progress, analysis_cache) -> tuple:
    """(snapshot, catalogue): the catalogue read once collection has begun, and an invalid one reported first.

    Without worker processes the rules are read before the first project is collected, as
    they were when the catalogue came first; a collection that fails still says first that
    the rules are invalid.
    """
    read: list = []

    def read_rules() -> None:
        if not read:
            read.append(build_catalogue(settings.rules_dir))

    try:
        snapshot = build_snapshot(settings.inputs, settings.max_commits, progress, settings.github, settings.authors,
                                  analysis_cache=analysis_cache, meanwhile=read_rules)
    except Exception:
        read_rules()  # an invalid catalogue is the error to report, as when it was read before collecting
        raise
    read_rules()
    return snapshot, read[0]


def _run_streamed(settings: AuditSettings, progress: Progress, catalogue: Catalogue, analysis_cache,
                  nothing_found: Optional[tuple[str, str]]) -> Audited:
    """A GitHub audit that evaluates each repository as it is collected (streaming.py): the same result.

    The snapshot it returns is lightened (no file texts, no collaboration records): what
    assembling the result reads. The analysis cache is opened first, as the workers that
    evaluate during collection use it.
    """
    if analysis_cache is OPEN_CACHE:
        analysis_cache = build_analysis_cache(settings.github.cache_dir, settings.github.use_cache, progress)
    stream = StreamingEvaluation(catalogue, analysis_cache, progress.step("evaluating"))
    try:
        snapshot = build_snapshot(settings.inputs, settings.max_commits, progress, settings.github, settings.authors,
                                  sink=stream, analysis_cache=analysis_cache)
        _require_repos(snapshot, nothing_found)
        repos = stream.results()
    finally:
        stream.close()
    return Audited(settings, snapshot, assemble_result(snapshot, catalogue, repos))


def _require_repos(snapshot: snapshot_io.Snapshot, nothing_found: Optional[tuple[str, str]]) -> None:
    if nothing_found and not snapshot.repos:
        message, hint = nothing_found
        raise AuditError(message, hint, ExitCode.COLLECTION_FAILED)


# --- the stages ----------------------------------------------------------------------

def github_handle(text: str) -> Optional[str]:
    """The login named by a ``github:LOGIN`` input, or None for paths and snapshot files.

    A path that happens to exist with that name stays a path.
    """
    if not str(text).startswith(GITHUB_INPUT_PREFIX) or Path(text).exists():
        return None
    from .collect.github import parse_github_input

    return parse_github_input(text)


# https://github.com/LOGIN[/REPO], with or without the scheme: what people paste from a browser.
_GITHUB_PAGE = re.compile(r"^(?:https?://)?(?:www\.)?github\.com/([^/?#\s]+)(?:/([^/?#\s]+))?/?(?:[?#].*)?$",
                          re.IGNORECASE)
# A bare word that could be a GitHub login: letters, digits and single hyphens, at most 39 characters.
_LOGIN_LIKE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


def github_input_hint(text: str) -> Optional[str]:
    """For a missing path that looks like a GitHub user or page, how to ask for it; else None."""
    page = _GITHUB_PAGE.match(text.strip())
    if page and _LOGIN_LIKE.match(page.group(1)):
        login, repo = page.group(1), page.group(2)
        if repo:
            return f"to audit that repository on GitHub, write github:{login} --repo {repo.removesuffix('.git')}"
        return f"to audit that GitHub user, write github:{login}"
    if _LOGIN_LIKE.match(text):
        return (f"pass a git repository or a folder of projects; to audit the GitHub user {text!r},"
                f" write github:{text}")
    return None



def build_catalogue(rules_dir: Optional[str]) -> Catalogue:
    try:
        return load_catalogue(Path(rules_dir) if rules_dir else None)
    except RuleError as exc:
        raise AuditError(f"invalid rules: {exc}", "fix the rule file named above", ExitCode.INVALID_RULES) from None


def load_json_file(path: str, what: str) -> object:
    """A snapshot or result file parsed within bounds (untrusted.py); every refusal is a usage error (exit 2)."""
    hint = f"pass a {what} written by portfolio-audit"
    try:
        text = read_text(path, MAX_JSON_INPUT_BYTES)
    except UntrustedInputError as exc:
        raise AuditError(f"{path}: cannot read {what}: {exc}", hint if "UTF-8" in str(exc) else "check the path",
                         ExitCode.USAGE) from None
    try:
        return load_json(text)
    except json.JSONDecodeError as exc:
        raise AuditError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})", hint, ExitCode.USAGE) from None
    except UntrustedInputError as exc:
        raise AuditError(f"{path}: refused ({exc})", hint, ExitCode.USAGE) from None


def _is_result(data: object) -> bool:
    """A result JSON (from `evaluate`, `audit -f json`) has scores, a snapshot has none: told apart by their keys."""
    return isinstance(data, dict) and {"score", "counts", "improvements", "categories"} <= set(data)


def load_snapshot_file(path: str) -> snapshot_io.Snapshot:
    data = load_json_file(path, "snapshot")
    if _is_result(data):
        # Read as a snapshot it would hold no files, and every repository would be "insufficient evidence".
        raise AuditError(f"{path}: a result (scores), not a snapshot (what was collected)",
                         f"render it with `portfolio-audit render {path} -f html`; audit and evaluate read snapshots"
                         " from `portfolio-audit collect PATH -o snapshot.json`", ExitCode.USAGE)
    try:
        return snapshot_io.snapshot_from_dict(data)
    except snapshot_io.SnapshotError as exc:
        raise AuditError(f"{path}: {exc}", "create one with `portfolio-audit collect PATH -o snapshot.json`", ExitCode.USAGE) from None


def build_snapshot(inputs: tuple, max_commits: int, progress: Progress,
                   github: Optional[GitHubSettings] = None, authors: tuple = (), sink=None,
                   analysis_cache=None, meanwhile: Optional[Callable[[], None]] = None) -> snapshot_io.Snapshot:
    """A snapshot from folders or a GitHub handle (collected now) or from one saved snapshot file.

    ``sink`` (collect/github/release.RepoSink) takes a GitHub handle's repositories as they
    are collected and decides what the snapshot keeps of each; folders and files ignore it.
    ``analysis_cache`` (analysis_cache.AnalysisCache), when given, also keeps the files'
    provenance verdicts (verdict_cache.py), so a warm run judges only what changed.

    ``authors`` (``--author``) names the person in local histories; without it the most
    frequent committer is taken. A GitHub audit's person is its handle.

    ``meanwhile``, when given, is called once before anything is collected or, for folders
    collected by worker processes, while they collect (collect_local).
    """
    json_inputs = [i for i in inputs if str(i).endswith(".json")]
    handles = [handle for handle in (github_handle(i) for i in inputs) if handle]
    if json_inputs or handles:
        if len(inputs) != 1:
            what = "a snapshot file" if json_inputs else "a GitHub handle"
            raise AuditError(f"{what} cannot be mixed with other inputs", "audit one snapshot.json or one github:LOGIN at a time",
                             ExitCode.USAGE)
    if authors and (json_inputs or handles):
        where = "a saved snapshot already says who the person is" if json_inputs else \
            "a GitHub audit's person is its handle (commits by its login)"
        raise AuditError(f"--author applies to local folders only: {where}",
                         "drop --author, or audit the checked-out folders with it", ExitCode.USAGE)
    if meanwhile is not None and (json_inputs or handles):
        meanwhile()
    if json_inputs:
        return load_snapshot_file(json_inputs[0])
    if handles:
        snapshot = build_github_snapshot(handles[0], max_commits, progress, github or GitHubSettings(), sink,
                                         verdicts_for(analysis_cache))
    else:
        for item in inputs:
            hint = github_input_hint(str(item))
            if hint and not Path(item).expanduser().exists():
                raise AuditError(f"{item}: no such file or directory", hint, ExitCode.USAGE)
        snapshot = collect_local(inputs, max_commits=max_commits, progress=progress.step("collecting"),
                                 authors=tuple(authors), verdicts=verdicts_for(analysis_cache), meanwhile=meanwhile)
    require_collected(snapshot, from_github=bool(handles))
    return snapshot


def require_collected(snapshot: snapshot_io.Snapshot, from_github: bool) -> None:
    """Exit 3 (AuditError) when every repository that had anything to collect failed.

    An empty repository has nothing to fail on, so it does not make a portfolio of failures
    "collected": without this, a handle whose every archive failed was scored from its
    contributions card alone (100/100, strong).
    """
    failed = [r for r in snapshot.repos if r.collection_error]
    empty = [r for r in snapshot.repos if not r.collection_error and not r.files
             and not (r.commits.available and r.commits.items)]
    if failed and len(failed) + len(empty) == len(snapshot.repos):
        reasons = "; ".join(f"{r.name}: {r.collection_error}" for r in failed[:3])
        hint = "see the reasons above; try again later" if from_github else "check the folders' permissions"
        raise AuditError(f"no repository could be collected ({reasons})", hint, ExitCode.COLLECTION_FAILED)


def build_github_snapshot(handle: str, max_commits: int, progress: Progress, github: GitHubSettings,
                          sink=None, verdicts=None) -> snapshot_io.Snapshot:
    from .collect.github import collect_github

    settings = replace(github, handle=handle, max_commits=max_commits, repos=tuple(github.repos))
    snapshot, meter = collect_github(settings, progress=progress.step("collecting"), notice=progress.say, sink=sink,
                                     verdicts=verdicts)
    progress.say(f"portfolio-audit: GitHub: {meter.describe()}")
    return snapshot


def build_analysis_cache(cache_dir: Optional[str], use_cache: bool, progress: Progress):
    """The source-analysis cache in ``<cache folder>/analysis`` (analysis_cache.py), or None with ``--no-cache``.

    A folder that cannot be created costs a notice and the speed-up, never the run.
    """
    from .analysis_cache import open_cache

    return open_cache(cache_dir, use_cache, notice=progress.say)


