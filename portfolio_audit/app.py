"""What each command does, without click: settings in, exit code out (tests call these directly)."""

from __future__ import annotations

import difflib
import errno
import json
import os
import stat
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Iterable, Optional, TextIO, Union, cast

from . import snapshot as snapshot_io
from .collect.github.settings import GitHubSettings
from .errors import AuditError, ExitCode
from .pipeline import (AuditSettings, build_catalogue, build_snapshot, github_handle, load_json_file,
                       load_snapshot_file, run_pipeline)
from .progress import Progress
from .records import Result
from .render import FORMATS
from .render import render_pieces
from .wording import count_of

STDOUT = "-"
# Repositories named in a "partly collected" summary; the report lists them all.
MAX_MISSING_NAMED = 5


# --- writing the output ----------------------------------------------------------

def check_output(output: Optional[str]) -> None:
    """Refuse an -o path that cannot be written before any work is done: a folder, or a file in a missing folder."""
    if output is None or output == STDOUT:
        return
    target = Path(output)
    if target.is_dir():
        raise AuditError(f"{output}: is a folder", "name a file inside it, e.g. -o " + str(target / "report.html"),
                         ExitCode.USAGE)
    directory = target.parent if str(target.parent) else Path(".")
    if not os.path.lexists(target) and not directory.is_dir():
        raise AuditError(f"{output}: folder {directory} does not exist", "create it or choose another -o path",
                         ExitCode.USAGE)
    if os.path.islink(target) and not target.exists():
        # A link is written through (see _is_special): a dangling one creates its target, so that
        # target's folder must exist, or the write would fail only after all the work.
        resolved = Path(os.path.realpath(target))
        if not resolved.parent.is_dir():
            raise AuditError(f"{output}: links to {resolved}, in a folder that does not exist",
                             "create it or choose another -o path", ExitCode.USAGE)


def _is_special(target: Path) -> bool:
    """True for an existing path that is not a plain regular file: a device, a FIFO, a socket or a symbolic link.

    Those are written in place: renaming a temporary file over ``/dev/null`` (as root) would
    replace the device with a file, and over a link would replace the link itself.
    """
    try:
        if os.path.islink(target):
            return True
        return not stat.S_ISREG(os.stat(target).st_mode)
    except OSError:
        return False


def write_failed(output: str, exc: OSError) -> AuditError:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return AuditError(f"{output}: cannot write: the disk is full", "free some space or choose another -o path",
                          ExitCode.USAGE)
    return AuditError(f"{output}: cannot write ({exc.strerror or exc.__class__.__name__})", "choose a writable -o path",
                      ExitCode.USAGE)


def write_output(text: Union[str, Iterable[str]], output: str, stdout: TextIO) -> None:
    """Write to stdout or atomically to a file: a failed write never leaves half a report, nor its temporary file.

    ``text`` may be pieces (render.render_pieces) written one after another, so a large
    report is never held whole; pieces for stdout pass through a temporary file first,
    so an error while rendering them still prints nothing.
    """
    pieces = [text] if isinstance(text, str) else text
    if output == STDOUT:
        if stdout is None:
            raise AuditError("stdout is closed", "pass -o FILE", ExitCode.USAGE)
        try:
            if isinstance(text, str):
                stdout.write(text)
            else:
                _spooled_write(pieces, stdout)
            stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise write_failed("stdout", exc) from None
        return
    check_output(output)
    target = Path(output)
    if _is_special(target):
        try:
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(pieces)
        except OSError as exc:
            raise write_failed(output, exc) from None
        return
    directory = target.parent if str(target.parent) else Path(".")
    temp_name = None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(pieces)
        # mkstemp creates the file 0600; a report is an ordinary file, so honour the umask.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, target)
        temp_name = None
    except OSError as exc:
        raise write_failed(output, exc) from None
    finally:
        if temp_name is not None:
            try:
                os.unlink(temp_name)
            except OSError:
                pass


# Characters copied from the spool to stdout at a time.
SPOOL_COPY_CHARS = 1024 * 1024


def _spooled_write(pieces: Iterable[str], stdout: TextIO) -> None:
    """Every piece into a temporary file, then the file to ``stdout``: all of the text or none of it."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as spool:
        spool.writelines(pieces)
        spool.seek(0)
        while block := spool.read(SPOOL_COPY_CHARS):
            stdout.write(block)


def resolve_output(output_format: str, output: Optional[str]) -> str:
    """``output``, else where the format registry sends ``output_format`` without -o (a file, or stdout)."""
    if output:
        return output
    renderer = FORMATS.get(output_format)
    return renderer.default_output if renderer is not None and renderer.default_output else STDOUT


# --- commands ----------------------------------------------------------------------

def run_audit(settings: AuditSettings, stdout: Optional[TextIO] = None, stderr: Optional[TextIO] = None) -> ExitCode:
    stdout = stdout or sys.stdout  # resolved per call: tests and callers swap sys.stdout
    stderr = stderr or sys.stderr
    progress = Progress(stderr, settings.quiet)
    output = resolve_output(settings.output_format, settings.output)
    check_output(output)
    audited = run_pipeline(settings, progress)
    write_output(audited.report_pieces(), output, stdout)
    progress.say(summary_line(audited.result, output))
    return threshold_exit(audited.result, settings.fail_under, progress)


def summary_line(result: Result, output: str) -> str:
    from .render.formatting import format_score

    counts = result["counts"]
    # One decimal, as --fail-under compares it: "64/100" for 63.6 read as passing a threshold of 64.
    score = ("not scored (insufficient evidence)" if result["score"] is None
             else f"{format_score(result['score'])}/100 ({result['band']})")
    where = "stdout" if output == STDOUT else output
    extra = []
    if counts["insufficient_evidence"]:
        extra.append(f"{counts['insufficient_evidence']} with insufficient evidence")
    if counts["not_collected"]:
        extra.append(f"partly collected, {counts['not_collected']} not collected: {missing_text(result)}")
    detail = f" ({', '.join(extra)})" if extra else ""
    return f"portfolio-audit: {count_of(counts['repos'], 'repository', 'repositories')}{detail}; score {score}; report: {where}"


def missing_text(result: Result) -> str:
    """The repositories that could not be collected, named (the first few) for the summary line."""
    names = [repo["name"] for repo in result["repos"] if repo["kind"] == "repository" and repo["status"] == "not_collected"]
    shown = ", ".join(names[:MAX_MISSING_NAMED])
    return shown + (f" and {len(names) - MAX_MISSING_NAMED} more" if len(names) > MAX_MISSING_NAMED else "")


def threshold_exit(result: Result, fail_under: Optional[float], progress: Progress) -> ExitCode:
    if fail_under is None:
        return ExitCode.OK
    if result["score"] is None:
        progress.say(f"portfolio-audit: no score to compare with --fail-under {fail_under:g} (insufficient evidence)")
        return ExitCode.BELOW_THRESHOLD
    if result["score"] < fail_under:
        progress.say(f"portfolio-audit: score {result['score']:g} is below --fail-under {fail_under:g}")
        return ExitCode.BELOW_THRESHOLD
    return ExitCode.OK


def run_collect(inputs: tuple, output: str, max_commits: int, quiet: bool,
                stdout: Optional[TextIO] = None, stderr: Optional[TextIO] = None,
                github: Optional[GitHubSettings] = None, authors: tuple = ()) -> ExitCode:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    progress = Progress(stderr, quiet)
    if any(str(i).endswith(".json") for i in inputs):
        raise AuditError("collect reads folders or github:LOGIN, not snapshot files",
                         "use `audit snapshot.json` to evaluate a snapshot", ExitCode.USAGE)
    check_output(output)
    if len(inputs) == 1 and github_handle(str(inputs[0])):
        # A GitHub snapshot goes to disk repository by repository (snapshot_stream.py): the same bytes.
        from .snapshot_stream import SnapshotSpool

        spool = SnapshotSpool()
        try:
            snapshot = build_snapshot(inputs, max_commits, progress, github, authors, sink=spool)
            write_output(spool.pieces(snapshot), output, stdout)
        finally:
            spool.close()
    else:
        snapshot = build_snapshot(inputs, max_commits, progress, github, authors)
        write_output(snapshot_io.dumps(snapshot), output, stdout)
    progress.say(f"portfolio-audit: collected {count_of(len(snapshot.repos), 'repository', 'repositories')}"
                 f" → {'stdout' if output == STDOUT else output}")
    return ExitCode.OK


def run_evaluate(snapshot_path: str, output: str, rules_dir: Optional[str], quiet: bool,
                 stdout: Optional[TextIO] = None, stderr: Optional[TextIO] = None,
                 cache_dir: Optional[str] = None, use_cache: bool = True) -> ExitCode:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    progress = Progress(stderr, quiet)
    check_output(output)
    # A snapshot file of any name: it is read as one, never collected as a folder.
    settings = AuditSettings(inputs=(snapshot_path,), output_format="json", rules_dir=rules_dir, quiet=quiet,
                             github=GitHubSettings(cache_dir=cache_dir, use_cache=use_cache))
    audited = run_pipeline(settings, progress, collect=lambda: load_snapshot_file(snapshot_path), nothing_found=None)
    write_output(audited.report_pieces(), output, stdout)
    return ExitCode.OK


def run_render(result_path: str, output_format: str, output: Optional[str], quiet: bool,
               stdout: Optional[TextIO] = None, stderr: Optional[TextIO] = None) -> ExitCode:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    target = resolve_output(output_format, output)
    check_output(target)
    result = load_json_file(result_path, "result")
    problem = validate_result(result)
    if problem:
        raise AuditError(f"{result_path}: not a portfolio-audit result ({problem})",
                         "create one with `portfolio-audit evaluate snapshot.json -o result.json`", ExitCode.USAGE)
    write_output(render_pieces(output_format, cast(Result, result)), target, stdout)  # the schema says it is an object
    Progress(stderr, quiet).say(f"portfolio-audit: rendered {output_format} → {'stdout' if target == STDOUT else target}")
    return ExitCode.OK


def validate_result(result: object) -> Optional[str]:
    """The first way ``result`` departs from schemas/result.schema.json, or None."""
    import jsonschema

    from .paths import schemas_dir

    schema = json.loads((schemas_dir() / "result.schema.json").read_text(encoding="utf-8"))
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(result))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "top level"
    return f"{where}: {error.message[:200]}"


# --- rules commands ----------------------------------------------------------------

def run_rules_list(rules_dir: Optional[str], stdout: Optional[TextIO] = None) -> ExitCode:
    stdout = stdout or sys.stdout
    catalogue = build_catalogue(rules_dir)
    width = max(len(rule.id) for rule in catalogue.rules)
    lines = []
    for category in catalogue.categories:
        rules = [r for r in catalogue.rules if r.category == category.id]
        if not rules:
            continue
        lines.append(f"{category.title} ({category.id}, weight {category.weight:g})\n")
        for rule in rules:
            lines.append(f"  {rule.id:<{width}}  w{rule.weight:g}  {rule.title}\n")
        lines.append("\n")
    lines.append(f"{len(catalogue.rules)} rules. Details: portfolio-audit rules explain RULE_ID\n")
    write_output("".join(lines), STDOUT, stdout)  # a closed stdout or a full disk is exit 2, like a report's
    return ExitCode.OK


def _example_text(example: dict) -> str:
    spec = example["repo"]
    parts = []
    if "readme" in spec:
        parts.append(("README.md", spec["readme"]))
    for path, text in (spec.get("files") or {}).items():
        parts.append((path, text))
    for key in snapshot_io.COLLECTED_FIELDS:  # a fixture spec's keys are the snapshot's field names
        if isinstance(spec.get(key), list):
            parts.append((key, json.dumps(spec[key], indent=1, ensure_ascii=False)))
    lines = [example["explain"].strip()]
    for name, text in parts:
        body = text.strip("\n")
        if len(body) > 1200:
            body = body[:1200] + "\n…"
        lines.append(f"  --- {name}\n" + textwrap.indent(body, "  | ", lambda line: True))
    return "\n".join(lines)


def run_rules_explain(rule_id: str, rules_dir: Optional[str], stdout: Optional[TextIO] = None) -> ExitCode:
    stdout = stdout or sys.stdout
    catalogue = build_catalogue(rules_dir)
    rule = catalogue.rule(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, [r.id for r in catalogue.rules], n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "run `portfolio-audit rules list` for the ids"
        raise AuditError(f"unknown rule {rule_id!r}", hint, ExitCode.USAGE)
    category = catalogue.category(rule.category)
    wrap = lambda text: textwrap.fill(" ".join(text.split()), width=88)  # noqa: E731
    sections = [
        f"{rule.title}\n{'=' * min(len(rule.title), 88)}",
        f"id: {rule.id}    category: {category.title if category else rule.category}    "
        f"weight: {rule.weight:g}    pass at: {rule.pass_at:g}    warn at: {rule.warn_at:g}",
        "What it checks\n" + wrap(rule.what),
        "Why it matters\n" + wrap(rule.why),
        "Passing example\n" + _example_text(rule.examples["pass"]),
        "Failing example\n" + _example_text(rule.examples["fail"]),
        f"Advice (effort: {rule.effort})\n" + wrap(rule.advice),
    ]
    write_output("\n\n".join(sections) + "\n", STDOUT, stdout)
    return ExitCode.OK
