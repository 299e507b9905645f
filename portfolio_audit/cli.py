"""The command line: click parses options into settings; app.py does the work."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import NoReturn

import click

from . import __version__, action, app, screen as screening
from .collect.github.settings import (DEFAULT_API_URL, DEFAULT_MAX_ITEMS, DEFAULT_MAX_WAIT_SECONDS, DEFAULT_WORKERS,
                                      MAX_WORKERS, GitHubSettings)
from .collect.local import DEFAULT_MAX_COMMITS
from .errors import AuditError, ExitCode
from .render import (AUDIENCES, DEFAULT_AUDIENCE, DEFAULT_FORMAT, DEFAULT_SCREENING_FORMAT, FORMATS,
                     SCREENING_FORMATS)
from .terminal import for_terminal

# Set to get a traceback for internal errors (bug reports); users never need it.
DEBUG_ENV = "PORTFOLIO_AUDIT_DEBUG"
CONFIG_TABLE = "portfolio-audit"
# Keys allowed in [tool.portfolio-audit] and the audit options they default.
CONFIG_KEYS = {"format": "output_format", "fail-under": "fail_under", "max-commits": "max_commits", "rules": "rules_dir"}
# pyproject.toml is read only up to this size (real ones are a few KiB).
MAX_PYPROJECT_BYTES = 1024 * 1024


def _format_choices() -> list:
    return sorted(FORMATS)


def _config_defaults() -> dict:
    """Defaults for `audit` from [tool.portfolio-audit] in ./pyproject.toml, if present."""
    path = Path("pyproject.toml")
    if not path.is_file():
        return {}
    from .untrusted import UntrustedInputError, read_text

    try:
        import tomllib

        table = tomllib.loads(read_text(str(path), MAX_PYPROJECT_BYTES)).get("tool", {}).get(CONFIG_TABLE, {})
    except (ValueError, OSError, UnicodeDecodeError, RecursionError, UntrustedInputError, AttributeError) as exc:
        raise AuditError(f"pyproject.toml: cannot read [tool.{CONFIG_TABLE}] ({str(exc)[:200]})", "fix or remove that table",
                         ExitCode.USAGE) from None
    if not isinstance(table, dict):
        raise AuditError(f"pyproject.toml: [tool.{CONFIG_TABLE}] should be a table", "fix or remove it", ExitCode.USAGE)
    unknown = set(table) - set(CONFIG_KEYS)
    if unknown:
        raise AuditError(
            f"pyproject.toml: unknown key(s) in [tool.{CONFIG_TABLE}]: {', '.join(sorted(unknown))}",
            f"allowed: {', '.join(sorted(CONFIG_KEYS))}",
            ExitCode.USAGE,
        )
    for key, value in table.items():
        problem = _config_problem(key, value)
        if problem:
            raise AuditError(f"pyproject.toml: [tool.{CONFIG_TABLE}] {key} {problem}", "fix or remove that key",
                             ExitCode.USAGE)
    return {CONFIG_KEYS[key]: value for key, value in table.items()}


def _config_problem(key: str, value) -> str:
    """Why a [tool.portfolio-audit] value has the wrong type or range ("" when it is fine)."""
    if key in ("format", "rules"):
        return "" if isinstance(value, str) and value else "should be a non-empty string"
    if key == "fail-under":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100
        return "" if ok else "should be a number from 0 to 100"
    if key == "max-commits":
        ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_CONFIG_COMMITS
        return "" if ok else f"should be a whole number from 1 to {MAX_CONFIG_COMMITS:,}"
    return ""


# The largest max-commits a pyproject may ask for (the command line's option has no cap either way).
MAX_CONFIG_COMMITS = 1_000_000


def _end_on_closed_pipe() -> NoReturn:
    """Stop quietly once the reader of stdout or stderr has gone (`... | head -n 1`).

    Both streams are pointed at /dev/null first, so the interpreter's final flush of
    what is still buffered cannot fail a second time with "Exception ignored".
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        devnull = None
    for stream in (sys.stdout, sys.stderr):
        try:
            if devnull is not None:
                os.dup2(devnull, stream.fileno())
        except (AttributeError, OSError, TypeError, ValueError):
            pass  # not a real file (a test's buffer): nothing is flushed to a pipe at exit
    sys.exit(int(ExitCode.CLOSED_PIPE))


def _run(function, *args, **kwargs) -> None:
    """Call a run_* function and exit with its code; user errors become one line on stderr."""
    try:
        code = _outcome(function, *args, **kwargs)
    except BrokenPipeError:  # also when the message about another error meets a closed stderr
        _end_on_closed_pipe()
    sys.exit(int(code))


def _outcome(function, *args, **kwargs) -> ExitCode:
    try:
        return function(*args, **kwargs)
    except BrokenPipeError:
        raise
    except AuditError as exc:
        click.echo(for_terminal(f"portfolio-audit: error: {exc}"), err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("portfolio-audit: interrupted; no report was written", err=True)
        return ExitCode.INTERNAL
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        if os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        click.echo(for_terminal(
            f"portfolio-audit: internal error: {exc.__class__.__name__}: {exc} "
            f"(hint: this is a bug; set {DEBUG_ENV}=1 for details and report it)"),
            err=True,
        )
        code = ExitCode.INTERNAL
    return code


class _ClosedPipeAware:
    """--help and --version are written while click parses; a closed pipe there ends like a command's."""

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:
            _end_on_closed_pipe()


class _Command(_ClosedPipeAware, click.Command):
    pass


class _Group(_ClosedPipeAware, click.Group):
    command_class = _Command
    group_class = type  # subgroups (`rules`) are of this class too


output_option = click.option("-o", "--output", metavar="FILE", help="Write here ('-' for stdout).")
rules_option = click.option("--rules", "rules_dir", metavar="DIR", help="Use the rules in DIR instead of the built-in ones.")
version_option = click.version_option(__version__, "-V", "--version", prog_name="portfolio-audit")
quiet_option = click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr.")


cache_dir_option = click.option(
    "--cache-dir", default=None, metavar="DIR",
    help="Cache folder: GitHub HTTP responses, and source analyses in DIR/analysis."
         "  [default: the user cache folder, e.g. ~/.cache/portfolio-audit/github]")
no_cache_option = click.option("--no-cache", is_flag=True, help="Neither read nor write the caches.")


def github_options(command):
    """The options for `github:LOGIN` inputs, shared by `audit` and `collect`."""
    options = [
        click.option("--token", envvar="GITHUB_TOKEN", default=None, show_envvar=True, metavar="TOKEN",
                     help="GitHub token (read-only, no scopes needed). Raises the limit from 60 to 5,000 requests"
                          " per hour and unlocks reviews and discussions. Never printed or stored."),
        click.option("--api-url", default=DEFAULT_API_URL, show_default=True, metavar="URL",
                     help="GitHub's REST API; for GitHub Enterprise https://HOST/api/v3."),
        click.option("--include-forks", is_flag=True, help="Audit forked repositories too."),
        click.option("--include-archived", is_flag=True, help="Audit archived repositories too."),
        click.option("--max-repos", type=click.IntRange(min=1), default=None, metavar="N",
                     help="Audit only the N most recently pushed repositories."),
        click.option("--repo", "repos", multiple=True, metavar="NAME",
                     help="Audit this repository (repeatable); picks forks and archived ones too."),
        click.option("--max-items", type=click.IntRange(1, 100), default=DEFAULT_MAX_ITEMS, show_default=True,
                     metavar="N", help="Most recent issues, pull requests and discussions read per repository."),
        cache_dir_option,
        no_cache_option,
        click.option("--max-wait", type=click.FloatRange(min=0), default=DEFAULT_MAX_WAIT_SECONDS, show_default=True,
                     metavar="SECONDS", help="Longest total wait for rate limits before settling for a partial report."),
        click.option("--workers", type=click.IntRange(1, MAX_WORKERS), default=DEFAULT_WORKERS, show_default=True,
                     metavar="N", help="Parallel requests to GitHub."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _github_settings(token, api_url, include_forks, include_archived, max_repos, repos, max_items, cache_dir,
                     no_cache, max_wait, workers) -> GitHubSettings:
    return GitHubSettings(
        token=token or None, api_url=api_url.rstrip("/"), include_forks=include_forks, include_archived=include_archived,
        max_repos=max_repos, repos=tuple(repos), max_items=max_items, cache_dir=cache_dir, use_cache=not no_cache,
        max_wait=max_wait, workers=workers,
    )


author_option = click.option(
    "--author", "authors", multiple=True, metavar="WHO",
    help="The person in local git histories: a name, an email or a GitHub login (repeatable)."
         "  [default: the committer in the most folders audited, then with the most commits]",
)
commits_option = click.option(
    "--max-commits", type=click.IntRange(min=1), default=DEFAULT_MAX_COMMITS, show_default=True,
    help="Most recent commits read per repository.",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="portfolio-audit")
def main() -> None:
    """Audit public work for the soft skills hiring teams look for, with the evidence.

    Exit codes: 0 ok, 1 score below --fail-under, 2 usage error, 3 collection
    failed, 4 invalid rules, 5 internal error, 141 output pipe closed (| head).
    """


@main.command()
@version_option
@click.argument("inputs", nargs=-1, required=True, metavar="PATH...")
@click.option("-f", "--format", "output_format", type=click.Choice(_format_choices()), default=None,
              help=f"Report format.  [default: {DEFAULT_FORMAT}]")
@output_option
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None, metavar="SCORE",
              help="Exit with code 1 when the portfolio score is below SCORE (0-100).")
@rules_option
@commits_option
@author_option
@quiet_option
@click.option("--audience", type=click.Choice(list(AUDIENCES)), default=DEFAULT_AUDIENCE, show_default=True,
              help="candidate: advice first; recruiter: evidence and caveats first, advice folded away.")
@github_options
@click.pass_context
def audit(ctx, inputs, output_format, output, fail_under, rules_dir, max_commits, authors, quiet, audience, **github):
    """Collect, evaluate and report on PATH... in one go.

    PATH is a git repository, a folder whose direct children are projects, a
    snapshot .json saved by `collect`, or github:LOGIN for a GitHub user's public
    repositories (see the GitHub options below). The HTML report goes to
    portfolio-report.html unless -o says otherwise; JSON and Markdown go to stdout.
    Defaults may be set in [tool.portfolio-audit] of ./pyproject.toml
    (format, fail-under, max-commits, rules).
    """

    def settings() -> app.AuditSettings:
        config = _config_defaults()

        def pick(name, value, default=None):
            source = ctx.get_parameter_source(name)
            if source is not None and source.name != "DEFAULT":
                return value
            return config.get(name, default if value is None else value)

        return app.AuditSettings(
            inputs=tuple(inputs),
            output_format=pick("output_format", output_format, DEFAULT_FORMAT),
            output=output,
            fail_under=pick("fail_under", fail_under),
            rules_dir=pick("rules_dir", rules_dir),
            max_commits=int(pick("max_commits", max_commits)),
            quiet=quiet,
            github=_github_settings(**github),
            audience=audience,
            authors=tuple(authors),
        )

    def run():
        built = settings()
        if built.output_format not in _format_choices():
            raise AuditError(f"unknown format {built.output_format!r} in pyproject.toml",
                             f"use one of {', '.join(_format_choices())}", ExitCode.USAGE)
        return app.run_audit(built)

    _run(run)


@main.command()
@version_option
@click.argument("inputs", nargs=-1, required=True, metavar="PATH...")
@click.option("-o", "--output", metavar="FILE", default=app.STDOUT, show_default=True,
              help="Where to write the snapshot ('-' for stdout).")
@commits_option
@author_option
@quiet_option
@github_options
def collect(inputs, output, max_commits, authors, quiet, **github):
    """Save a snapshot of PATH... or github:LOGIN (JSON) to evaluate or audit later, offline."""
    _run(app.run_collect, tuple(inputs), output, max_commits, quiet, github=_github_settings(**github),
         authors=tuple(authors))


@main.command()
@version_option
@click.argument("snapshot", metavar="SNAPSHOT.json")
@click.option("-o", "--output", metavar="FILE", default=app.STDOUT, show_default=True,
              help="Where to write the result JSON ('-' for stdout).")
@rules_option
@quiet_option
@cache_dir_option
@no_cache_option
def evaluate(snapshot, output, rules_dir, quiet, cache_dir, no_cache):
    """Score a saved snapshot and write the result as JSON (render it with `render`)."""
    _run(app.run_evaluate, snapshot, output, rules_dir, quiet, cache_dir=cache_dir, use_cache=not no_cache)


@main.command()
@version_option
@click.argument("handles", nargs=-1, metavar="HANDLE...")
@click.option("--from", "from_file", metavar="FILE", help="Read handles from FILE: one per line, # starts a comment ('-' is stdin).")
@click.option("-f", "--format", "output_format", type=click.Choice(list(SCREENING_FORMATS)),
              default=DEFAULT_SCREENING_FORMAT, show_default=True, help="Screening report format.")
@click.option("-o", "--output", metavar="FILE",
              help="Where the report goes ('-' for stdout).  [default: "
                   f"{SCREENING_FORMATS[DEFAULT_SCREENING_FORMAT].default_output} for html, stdout otherwise]")
@click.option("--rank", is_flag=True, help="Add a rank by portfolio score, with its caveat beside it (off: no ranking).")
@click.option("--state-dir", metavar="DIR",
              help="Per-candidate snapshots, reused by a re-run.  [default: the report path + .state;"
                   " for stdout, a folder in the cache folder]")
@click.option("--fresh", is_flag=True, help="Collect every candidate again, ignoring saved snapshots.")
@click.option("--parallel", type=click.IntRange(1, screening.MAX_PARALLEL), default=screening.DEFAULT_PARALLEL,
              show_default=True, metavar="N",
              help="Candidates collected at the same time (each with --workers requests in flight).")
@rules_option
@commits_option
@quiet_option
@github_options
def screen(handles, from_file, output_format, output, rank, state_dir, fresh, parallel, rules_dir, max_commits, quiet,
           **github):
    """Screen candidates: collect and evaluate each GitHub HANDLE (LOGIN or github:LOGIN) into one report.

    Evidence first: per candidate the category scores, how much public evidence exists,
    flags, strengths with links, gaps and interview questions, and the caveats on every
    page. No overall ranking unless --rank. A re-run reuses the snapshots in --state-dir.
    """
    _run(screening.run_screen, screening.ScreenSettings(
        handles=tuple(handles), from_file=from_file, output_format=output_format, output=output, rank=rank,
        state_dir=state_dir, fresh=fresh, parallel=parallel, rules_dir=rules_dir, max_commits=max_commits,
        quiet=quiet, github=_github_settings(**github)))


@main.command("render")
@version_option
@click.argument("result", metavar="RESULT.json")
@click.option("-f", "--format", "output_format", type=click.Choice(_format_choices()), default=DEFAULT_FORMAT,
              show_default=True)
@output_option
@quiet_option
def render_command(result, output_format, output, quiet):
    """Turn a result JSON (from `evaluate`) into an HTML, JSON or Markdown report."""
    _run(app.run_render, result, output_format, output, quiet)


@main.group()
@version_option
def rules():
    """List and explain the rules behind the scores."""


@rules.command("list")
@version_option
@rules_option
def rules_list(rules_dir):
    """Every rule, by category, with its weight and title."""
    _run(app.run_rules_list, rules_dir)


@rules.command("explain")
@version_option
@click.argument("rule_id", metavar="RULE_ID")
@rules_option
def rules_explain(rule_id, rules_dir):
    """What RULE_ID checks, why it matters, a passing and a failing example, and the advice."""
    _run(app.run_rules_explain, rule_id, rules_dir)


# The GitHub Action's entry point (action.yml). Every option also reads an environment
# variable because the action passes its inputs through env:, never through the command
# line of a run: script. Hidden: people run `audit`; docs/action.md documents this one.
@main.command("action", hidden=True)
@version_option
@click.option("--handle", envvar=["PORTFOLIO_AUDIT_HANDLE", "GITHUB_REPOSITORY_OWNER"], required=True, metavar="LOGIN",
              help="GitHub user to audit.  [env: PORTFOLIO_AUDIT_HANDLE, else GITHUB_REPOSITORY_OWNER]")
@click.option("--token", envvar="GITHUB_TOKEN", default=None, show_envvar=True, metavar="TOKEN",
              help="GitHub token; never printed or stored.")
@click.option("--api-url", envvar=["PORTFOLIO_AUDIT_API_URL", "GITHUB_API_URL"], default=DEFAULT_API_URL,
              show_default=True, metavar="URL", help="GitHub's REST API.  [env: PORTFOLIO_AUDIT_API_URL, GITHUB_API_URL]")
@click.option("-f", "--format", "output_format", envvar="PORTFOLIO_AUDIT_FORMAT", show_envvar=True,
              type=click.Choice(_format_choices()), default=DEFAULT_FORMAT, show_default=True, help="Report format.")
@click.option("-o", "--output", envvar="PORTFOLIO_AUDIT_OUTPUT", show_envvar=True, default=None, metavar="FILE",
              help=f"Report path, relative to the workspace.  [default: {action.REPORT_STEM}.<format>]")
@click.option("--fail-under", envvar="PORTFOLIO_AUDIT_FAIL_UNDER", show_envvar=True, type=click.FloatRange(0, 100),
              default=None, metavar="SCORE", help="Exit with code 1 (after writing everything) below SCORE.")
@click.option("--update-readme", envvar="PORTFOLIO_AUDIT_UPDATE_README", show_envvar=True, type=click.BOOL,
              default=False, help="Rewrite the section between the portfolio-audit markers of the README.")
@click.option("--readme-path", envvar="PORTFOLIO_AUDIT_README_PATH", show_envvar=True, default=action.DEFAULT_README_PATH,
              show_default=True, metavar="FILE")
@click.option("--badge-path", envvar="PORTFOLIO_AUDIT_BADGE_PATH", show_envvar=True,
              default=action.DEFAULT_BADGE_PATH, show_default=True, metavar="FILE")
@click.option("--summary-path", envvar="PORTFOLIO_AUDIT_SUMMARY_PATH", show_envvar=True,
              default=action.DEFAULT_SUMMARY_PATH, show_default=True, metavar="FILE")
@click.option("--report-url", envvar="PORTFOLIO_AUDIT_REPORT_URL", show_envvar=True, default=None, metavar="URL",
              help="Where the README section links the report.  [default: the Pages copy with --publish-report,"
                   " else this workflow's runs page]")
@click.option("--publish-report", envvar="PORTFOLIO_AUDIT_PUBLISH_REPORT", show_envvar=True, type=click.BOOL,
              default=False,
              help=f"Write the HTML report to {action.PUBLISHED_REPORT_PATH} and link its GitHub Pages address.")
@click.option("--max-repos", envvar="PORTFOLIO_AUDIT_MAX_REPOS", show_envvar=True, type=click.IntRange(min=1),
              default=None, metavar="N")
@click.option("--include-forks", envvar="PORTFOLIO_AUDIT_INCLUDE_FORKS", show_envvar=True, type=click.BOOL,
              default=False)
@click.option("--cache-dir", envvar="PORTFOLIO_AUDIT_CACHE_DIR", show_envvar=True, default=None, metavar="DIR")
@click.option("--workspace", envvar="GITHUB_WORKSPACE", show_envvar=True, default=".", metavar="DIR")
@click.option("--github-output", envvar="GITHUB_OUTPUT", show_envvar=True, default=None, metavar="FILE")
@click.option("--step-summary", envvar="GITHUB_STEP_SUMMARY", show_envvar=True, default=None, metavar="FILE")
@click.option("--server-url", envvar="GITHUB_SERVER_URL", show_envvar=True, default=None, metavar="URL")
@click.option("--repository", envvar="GITHUB_REPOSITORY", show_envvar=True, default=None, metavar="OWNER/NAME")
@click.option("--workflow-ref", envvar="GITHUB_WORKFLOW_REF", show_envvar=True, default=None, metavar="REF")
@quiet_option
def action_command(handle, token, api_url, include_forks, max_repos, cache_dir, **options):
    """Run the GitHub Action: report, badge, job summary, step outputs, README section."""
    github = GitHubSettings(token=token or None, api_url=api_url.rstrip("/"), include_forks=include_forks,
                               max_repos=max_repos, cache_dir=cache_dir or None)
    _run(action.run_action, action.ActionSettings(handle=handle.strip(), github=github, **options))


def _stderr_or_nowhere() -> None:
    """A stderr closed before the start (`2>&-`) costs the messages, never the report or the exit code.

    Python sets ``sys.stderr`` to None then, and every progress line or error message would
    fail; writing them to /dev/null instead keeps the run's outcome what it would have been.
    """
    if sys.stderr is None:
        try:
            sys.stderr = open(os.devnull, "w", encoding="utf-8")
        except OSError:
            pass


# glibc's mallopt option for the number of malloc arenas (malloc.h's M_ARENA_MAX).
_M_ARENA_MAX = -8


def _little_address_space() -> None:
    """At most two malloc arenas and one BLAS thread: each reserves tens of MiB of address space.

    glibc reserves 64 MiB for each thread's own arena and OpenBLAS more for each of its
    threads; the GitHub collector's threads, running while repositories are evaluated,
    otherwise took the process past 2 GiB, and under a memory cap (``ulimit -v``) a thread
    could not start. Only address space is saved: the classifier multiplies a few hundred
    numbers per passage, and two arenas serve these few threads as fast. numpy reads the
    thread count when it is first imported, which is after this (kinds load with the rules);
    a value the user set is kept. Elsewhere than glibc the arenas are left alone.
    """
    import ctypes
    import ctypes.util

    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(_M_ARENA_MAX, 2)
    except (OSError, AttributeError):
        pass


def run() -> None:
    """The console script: ``main`` with a closed pipe met anywhere (a usage error's message) ending quietly.

    Output click writes itself (--help, --version) on a full disk is a usage error like a
    report's: every command's own output goes through ``app.write_output`` already.
    """
    _stderr_or_nowhere()
    _little_address_space()
    try:
        main()
    except BrokenPipeError:
        _end_on_closed_pipe()
    except OSError as exc:
        try:
            click.echo(for_terminal(f"portfolio-audit: error: {app.write_failed('stdout', exc)}"), err=True)
        except OSError:
            pass
        sys.exit(int(ExitCode.USAGE))


if __name__ == "__main__":  # pragma: no cover - `python -m portfolio_audit.cli`
    run()
