"""The GitHub Action's work: audit a handle, then write the report, badge, job summary, step outputs and README section.

``action.yml`` only installs the package and calls ``portfolio-audit action`` with
every input passed through environment variables; all decisions live here, where
tests reach them. Everything is written before ``--fail-under`` is applied, so a
failing run still leaves its summary, badge and outputs behind.
"""

from __future__ import annotations

import os
import posixpath
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, TextIO
from urllib.parse import quote

from . import app
from .collect.github.settings import INPUT_PREFIX as GITHUB_INPUT_PREFIX
from .collect.github.settings import GitHubSettings
from .collect.local import DEFAULT_MAX_COMMITS
from .errors import AuditError, ExitCode
from .pipeline import AuditSettings, Audited, run_pipeline
from .progress import Progress
from .readme_section import MARKERS_HINT, ReadmeSectionError, update_readme
from .records import Result
from .render import DEFAULT_FORMAT, FORMATS
from .render.badge import badge_value, render_badge
from .render.markdown import MAX_MARKDOWN_BYTES, escape
from .render.formatting import format_score, safe_href
from .render.screen_view import ranked_passes
from .wording import count_of

# The report is REPORT_STEM + its format's extension (render.FORMATS) unless output says otherwise.
REPORT_STEM = "portfolio-audit-report"
DEFAULT_BADGE_PATH = "portfolio-audit-badge.svg"
DEFAULT_SUMMARY_PATH = "portfolio-audit-summary.md"
DEFAULT_README_PATH = "README.md"
# A README section is a glance, not the report: three of each keeps it shorter than a screen.
TOP_STRENGTHS = 3
TOP_IMPROVEMENTS = 3
# Repositories named per strength before "and N more".
STRENGTH_REPOS_SHOWN = 2
# With publish-report, the HTML report goes here in the workspace: a folder of its own, so
# GitHub Pages serves it as .../portfolio-audit/ beside whatever else the repository publishes.
PUBLISHED_REPORT_PATH = "portfolio-audit/index.html"
PUBLIC_SERVER = "https://github.com"  # Pages addresses are known for github.com only
NO_README_HINT = "check out the profile repository first (actions/checkout) or set readme-path"


@dataclass(frozen=True)
class ActionSettings:
    """Everything one action run needs; built by the CLI from the action's environment."""

    handle: str
    github: GitHubSettings = field(default_factory=GitHubSettings)
    output_format: str = DEFAULT_FORMAT
    output: Optional[str] = None  # None: portfolio-audit-report.<format's extension>
    fail_under: Optional[float] = None
    update_readme: bool = False
    readme_path: str = DEFAULT_README_PATH
    badge_path: str = DEFAULT_BADGE_PATH
    summary_path: str = DEFAULT_SUMMARY_PATH
    report_url: Optional[str] = None  # None: the Pages copy (publish_report), else this workflow's runs page
    publish_report: bool = False  # write the HTML report where GitHub Pages serves it, and link there
    max_commits: int = DEFAULT_MAX_COMMITS
    workspace: str = "."
    github_output: Optional[str] = None  # $GITHUB_OUTPUT
    step_summary: Optional[str] = None  # $GITHUB_STEP_SUMMARY
    server_url: Optional[str] = None  # $GITHUB_SERVER_URL
    repository: Optional[str] = None  # $GITHUB_REPOSITORY
    workflow_ref: Optional[str] = None  # $GITHUB_WORKFLOW_REF: owner/repo/.github/workflows/file.yml@ref
    quiet: bool = False

    def audit_settings(self) -> AuditSettings:
        """The pipeline's settings for this run: the handle, audited with the built-in rules."""
        return AuditSettings(inputs=(f"{GITHUB_INPUT_PREFIX}{self.handle}",), output_format=self.output_format,
                             fail_under=self.fail_under, max_commits=self.max_commits, quiet=self.quiet,
                             github=self.github)


# --- what the README section says -----------------------------------------------------------

def top_strengths(result: Result, limit: int = TOP_STRENGTHS) -> list:
    """The rules the person does best, strongest first: ``[{rule_id, title, repos, strength}]``.

    A rule's strength is the sum of its passes' strengths (``screen_view.pass_strength``, the
    one measure the screening ranks by too), so a habit shown in several substantial
    repositories outranks a lucky pass in a small one. Ties go to the rule id, so the list is stable.
    """
    by_rule: dict = {}
    for strength, repo, finding in ranked_passes(result):
        entry = by_rule.setdefault(finding["rule_id"], {"rule_id": finding["rule_id"], "title": finding["title"],
                                                        "strength": 0.0, "by_repo": []})
        entry["strength"] += strength
        entry["by_repo"].append((strength, repo["name"]))
    ranked = sorted(by_rule.values(), key=lambda entry: (-round(entry["strength"], 9), entry["rule_id"]))
    strengths = []
    for entry in ranked[:limit]:
        repos = [name for _, name in sorted(entry["by_repo"], key=lambda pair: (-pair[0], pair[1]))]
        strengths.append({"rule_id": entry["rule_id"], "title": entry["title"], "repos": repos,
                          "strength": round(entry["strength"], 4)})
    return strengths


def _repos_text(names: list) -> str:
    shown = ", ".join(escape(name) for name in names[:STRENGTH_REPOS_SHOWN])
    more = len(names) - STRENGTH_REPOS_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def _link_target(url: str) -> str:
    # Parentheses and spaces would end a Markdown link target early.
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")


def readme_section(result: Result, badge_href: Optional[str], report_url: Optional[str]) -> str:
    """The Markdown that goes between the README markers; a pure function of its arguments.

    It holds no date or run number: an unchanged audit must give the same bytes,
    or every scheduled run would commit.
    """
    report_href = safe_href(report_url)
    scored = result["score"] is not None
    value = badge_value(result["score"], result["band"])
    lines = []
    if badge_href:
        # The value is our own text (a score and a band word), so it needs no escaping.
        image = f"![portfolio audit: {value}]({_link_target(badge_href)})"
        lines += [f"[{image}]({_link_target(report_href)})" if report_href else image, ""]
    counts = result["counts"]
    if scored:
        lines.append(f"**Portfolio audit: {format_score(result['score'])} / 100 ({result['band']})** · "
                     f"{counts['scored']} of {count_of(counts['repos'], 'repository', 'repositories')} scored")
    else:
        lines.append(f"**Portfolio audit: not scored** · none of {count_of(counts['repos'], 'repository', 'repositories')} had enough "
                     "material to judge")
    strengths = top_strengths(result)
    if strengths:
        lines += ["", "**Top strengths**", ""]
        lines += [f"- {escape(item['title'])} ({_repos_text(item['repos'])})" for item in strengths]
    improvements = result["improvements"][:TOP_IMPROVEMENTS]
    if improvements:
        lines += ["", "**Top improvements**", ""]
        lines += [
            f"{rank}. {escape(item['title'])} · {escape(item['repo'])} · +{format_score(item['expected_gain'])} "
            f"points if fixed"
            for rank, item in enumerate(improvements, start=1)
        ]
    lines.append("")
    footer = "Evidence and advice for every score"
    lines.append(f"[{footer}: the full report]({_link_target(report_href)})" if report_href else f"{footer}: "
                 "see the workflow's report artifact")
    lines.append("")
    lines.append("*Generated by portfolio-audit; scores are conversation starters, not verdicts.*")
    return "\n".join(lines) + "\n"


def default_report_url(server_url: Optional[str], repository: Optional[str], workflow_ref: Optional[str]) -> Optional[str]:
    """The page listing this workflow's runs (each run carries its report artifact), or None.

    A link to one run would change on every run and make every README update a new commit.
    """
    if not server_url or not repository:
        return None
    base = f"{server_url.rstrip('/')}/{repository}/actions"
    workflow_path = (workflow_ref or "").split("@", 1)[0]
    prefix = f"{repository}/.github/workflows/"
    if workflow_path.startswith(prefix) and "/" not in workflow_path[len(prefix):]:
        return f"{base}/workflows/{workflow_path[len(prefix):]}"
    return base


def pages_url(server_url: Optional[str], repository: Optional[str], path: str) -> Optional[str]:
    """Where GitHub Pages serves ``path`` when ``repository`` publishes its default branch's root, or None.

    ``owner/owner.github.io`` is the owner's user site (served at the root); any other
    repository is a project site under ``/<name>/``. GitHub Enterprise hosts Pages at
    addresses this cannot know, so there it is None (set report-url instead).
    """
    if (server_url or "").rstrip("/").lower() != PUBLIC_SERVER or not repository or repository.count("/") != 1:
        return None
    owner, name = repository.split("/")
    site = f"https://{owner.lower()}.github.io"
    base = site if name.lower() == f"{owner.lower()}.github.io" else f"{site}/{quote(name)}"
    folder, file_name = posixpath.split(path)
    # Pages serves a folder's index.html at the folder's address, which is the one to share.
    target = f"{folder}/" if file_name == "index.html" and folder else path
    return f"{base}/{quote(target)}"


# --- writing to the Actions runner ----------------------------------------------------------

def write_step_outputs(path: Optional[str], outputs: dict) -> None:
    """Append ``outputs`` to $GITHUB_OUTPUT in the multi-line form, so no value can forge another."""
    if not path:
        return
    lines = []
    for name, value in outputs.items():
        text = "" if value is None else str(value)
        delimiter = f"ghadelimiter_{uuid.uuid4().hex}"
        lines += [f"{name}<<{delimiter}", text, delimiter]
    with open(path, "a", encoding="utf-8", newline="\n") as handle:
        handle.write("\n".join(lines) + "\n")


def append_step_summary(path: Optional[str], summary: str, short: str) -> None:
    """Append the Markdown summary to $GITHUB_STEP_SUMMARY, or ``short`` when the file would pass 1 MiB.

    GitHub drops a step summary above its limit entirely; the renderer keeps the full
    summary under it, but earlier writes by the same step count too.
    """
    if not path:
        return
    existing = os.path.getsize(path) if os.path.exists(path) else 0
    text = summary if existing + len(summary.encode("utf-8")) <= MAX_MARKDOWN_BYTES else short
    if existing + len(text.encode("utf-8")) > MAX_MARKDOWN_BYTES:
        return
    with open(path, "a", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def annotate(stream: TextIO, level: str, message: str) -> None:
    """A workflow command (``::error::``) so the message shows on the run's page; data escaped as GitHub requires."""
    data = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    stream.write(f"::{level} title=portfolio-audit::{data}\n")
    stream.flush()


def _in_workspace(workspace: Path, path: str) -> Path:
    return (workspace / path).resolve() if not os.path.isabs(path) else Path(path).resolve()


def _relative_href(from_file: Path, to_file: Path) -> str:
    return posixpath.join(*Path(os.path.relpath(to_file, from_file.parent)).parts)


# --- the run -----------------------------------------------------------------------------------

def run_action(settings: ActionSettings, stdout: Optional[TextIO] = None, stderr: Optional[TextIO] = None) -> ExitCode:
    """Audit ``settings.handle`` and leave every artifact the action promises; the exit code decides the step."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    progress = Progress(stderr, settings.quiet)
    if settings.output_format not in FORMATS:
        raise AuditError(f"unknown format {settings.output_format!r}", f"use one of {', '.join(sorted(FORMATS))}",
                         ExitCode.USAGE)
    if settings.publish_report and settings.output_format != "html":
        raise AuditError(f"publish-report publishes the HTML report, not {settings.output_format}",
                         "set format: html (the default) or publish-report: false", ExitCode.USAGE)
    workspace = Path(settings.workspace).resolve()
    readme = _in_workspace(workspace, settings.readme_path)
    try:
        audited = _audit(settings, progress)
    except AuditError as exc:
        annotate(stdout, "error", str(exc))
        raise

    default_output = PUBLISHED_REPORT_PATH if settings.publish_report else REPORT_STEM + FORMATS[settings.output_format].extension
    report = _in_workspace(workspace, settings.output or default_output)
    badge = _in_workspace(workspace, settings.badge_path)
    summary_file = _in_workspace(workspace, settings.summary_path)
    for target in (report, badge, summary_file):
        target.parent.mkdir(parents=True, exist_ok=True)
    result = audited.result
    app.write_output(audited.report_pieces(), str(report), stdout)
    app.write_output(render_badge(result["score"], result["band"]), str(badge), stdout)
    summary = audited.report("md")
    app.write_output(summary, str(summary_file), stdout)
    score_text = "not scored" if result["score"] is None else f"{format_score(result['score'])}/100 ({result['band']})"
    append_step_summary(settings.step_summary, summary,
                        f"# Portfolio audit: {score_text}\n\nThe full summary did not fit in this job summary; "
                        "see the report artifact.\n")

    readme_changed = False
    readme_error = None
    if settings.update_readme:
        published = (pages_url(settings.server_url, settings.repository, os.path.relpath(report, workspace).replace(os.sep, "/"))
                     if settings.publish_report and report.is_relative_to(workspace) else None)
        if settings.publish_report and not published and not settings.report_url:
            progress.say("portfolio-audit: publish-report: no GitHub Pages address is known for this server;"
                         " set report-url to where the report is published")
        report_url = settings.report_url or published or default_report_url(settings.server_url, settings.repository,
                                                                             settings.workflow_ref)
        section = readme_section(result, _relative_href(readme, badge), report_url)
        # A README problem fails the step only after the report, badge and outputs exist:
        # the first run of a new setup still shows its summary.
        try:
            readme_changed = update_readme(readme, section)
        except ReadmeSectionError as exc:
            hint = MARKERS_HINT if readme.is_file() else NO_README_HINT
            readme_error = AuditError(f"update-readme: {settings.readme_path}: {exc}", hint, ExitCode.USAGE)

    write_step_outputs(settings.github_output, {
        "score": "" if result["score"] is None else format_score(result["score"]),
        "band": result["band"] or "",
        "report-path": str(report),
        "badge-path": str(badge),
        "summary-path": str(summary_file),
        "readme-changed": "true" if readme_changed else "false",
    })
    progress.say(app.summary_line(result, str(report)))
    if readme_error:
        annotate(stdout, "error", str(readme_error))
        raise readme_error
    if settings.update_readme:
        progress.say(f"portfolio-audit: {settings.readme_path}: section "
                     f"{'updated' if readme_changed else 'already up to date'}")
    code = app.threshold_exit(result, settings.fail_under, progress)
    if code != ExitCode.OK:
        annotate(stdout, "error", f"portfolio score {score_text} is below fail-under {settings.fail_under:g}")
    return code


def _audit(settings: ActionSettings, progress: Progress) -> Audited:
    return run_pipeline(settings.audit_settings(), progress,
                        nothing_found=(f"{settings.handle} has no public repositories to audit",
                                       "set include-forks: true if the work is in forks"))
