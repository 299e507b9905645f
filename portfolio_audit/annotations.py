"""Candidate annotations: what a person says about their own repositories in `.portfolio-audit.yml`.

A repository's own file describes that repository; the file in the profile repository
(``<login>/<login>``) may describe any of them under ``repos:``. Parsing never raises:
whatever cannot be understood becomes a ``problems`` line the report shows, because a
typo in someone's annotation must not cost them their screening.
"""

from __future__ import annotations

from typing import Optional

import yaml

from .untrusted import UntrustedInputError, load_yaml, yaml_problem_line

ANNOTATION_FILE_NAMES = (".portfolio-audit.yml", ".portfolio-audit.yaml")
# What a person may say a repository is; "excluded" keeps it out of the evaluation entirely.
PROJECT_TYPES = ("coursework", "team", "maintained-fork", "excluded")
EXCLUDED = "excluded"
TEAM = "team"
KNOWN_KEYS = ("project", "role", "note")
PROFILE_KEY = "repos"
# Free text is shown beside scores; longer would crowd the card (the snapshot keeps the file itself).
MAX_TEXT_CHARS = 300
MAX_PROBLEMS = 5
# An annotation file is a few lines (a profile's may list every repository); larger ones, deeper
# nesting or more nodes (once YAML aliases expand) are refused before anything is built.
MAX_ANNOTATION_BYTES = 64 * 1024
MAX_ANNOTATION_DEPTH = 8
MAX_ANNOTATION_NODES = 5_000
# Repositories a profile file may describe.
MAX_LISTED_REPOS = 500


def is_annotation_path(path: str) -> bool:
    """True for the annotation file at a repository's root (nested copies mean nothing)."""
    return path in ANNOTATION_FILE_NAMES


def _text(value, key: str, problems: list) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        problems.append(f"`{key}` should be a short text, not a {type(value).__name__}")
        return None
    text = " ".join(str(value).split())
    if len(text) > MAX_TEXT_CHARS:
        text = text[: MAX_TEXT_CHARS - 1].rstrip() + "…"
    return text or None


def _entry(data, where: str, problems: list) -> dict:
    """One repository's annotation from a mapping; unknown keys and values become problems."""
    entry: dict[str, Optional[str]] = {"project": None, "role": None, "note": None}
    if not isinstance(data, dict):
        problems.append(f"{where}: expected keys {', '.join(KNOWN_KEYS)}, found a {type(data).__name__}")
        return entry
    for key in sorted(set(map(str, data)) - set(KNOWN_KEYS) - {PROFILE_KEY}):
        problems.append(f"{where}: unknown key `{key}` (known: {', '.join(KNOWN_KEYS)})")
    project = data.get("project")
    if project is not None:
        if str(project) in PROJECT_TYPES:
            entry["project"] = str(project)
        else:
            problems.append(f"{where}: unknown project type `{project}` (known: {', '.join(PROJECT_TYPES)})")
    entry["role"] = _text(data.get("role"), "role", problems)
    entry["note"] = _text(data.get("note"), "note", problems)
    if entry["project"] == TEAM and not entry["role"]:
        problems.append(f"{where}: a team project without a `role`: say which part was yours")
    return entry


def parse_annotation_file(text: str, where: str) -> tuple:
    """(own entry or None, {repo name: entry}, problems) from one annotation file's text.

    Each listed entry also carries its own ``problems``, so the repository it names can show
    them even when the file itself is not part of the audit (a profile repository not collected).
    """
    problems: list = []
    if len(text.encode("utf-8", errors="replace")) > MAX_ANNOTATION_BYTES:
        return None, {}, [f"{where}: refused (larger than {MAX_ANNOTATION_BYTES // 1024} KiB); the annotation was ignored"]
    try:
        data = load_yaml(text, MAX_ANNOTATION_DEPTH, MAX_ANNOTATION_NODES) if text.strip() else {}
    except UntrustedInputError as exc:
        return None, {}, [f"{where}: refused ({exc}); the annotation was ignored"]
    except yaml.YAMLError as exc:
        line = yaml_problem_line(exc)
        return None, {}, [f"{where}: not valid YAML{f' at line {line}' if line else ''}; the annotation was ignored"]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, {}, [f"{where}: expected a mapping of keys ({', '.join(KNOWN_KEYS)}); the annotation was ignored"]
    own = _entry(data, where, problems) if any(key in data for key in KNOWN_KEYS) or set(data) - {PROFILE_KEY} else None
    others: dict = {}
    listed = data.get(PROFILE_KEY)
    if listed is not None:
        if isinstance(listed, dict):
            if len(listed) > MAX_LISTED_REPOS:
                problems.append(f"{where}: `{PROFILE_KEY}` lists {len(listed)} repositories; the first"
                                f" {MAX_LISTED_REPOS} were read")
            for name, entry in sorted(listed.items(), key=lambda item: str(item[0]))[:MAX_LISTED_REPOS]:
                entry_problems: list = []
                others[str(name).lower()] = dict(_entry(entry, f"{where} repos.{name}", entry_problems),
                                                 problems=entry_problems)
                problems += entry_problems
        else:
            problems.append(f"{where}: `{PROFILE_KEY}` should map repository names to annotations")
    return own, others, problems


def combine(own: Optional[dict], own_source: Optional[str], from_profile: Optional[dict],
            profile_source: Optional[str], problems: list) -> Optional[dict]:
    """The annotation stored in the snapshot; the repository's own file wins over the profile's entry.

    Problems are kept even when nothing valid remains, so the report can say the file was
    there and why it was not understood.
    """
    if own is not None:
        chosen, source = own, own_source
    elif from_profile is not None:
        chosen, source = from_profile, profile_source
    else:  # only problems: they come from the repository's own file when it has one
        chosen, source = None, own_source or profile_source
    if chosen is None and not problems:
        return None
    chosen = chosen or {"project": None, "role": None, "note": None}
    return {
        "project": chosen["project"], "role": chosen["role"], "note": chosen["note"],
        "source": source,
        "problems": list(problems)[:MAX_PROBLEMS],
    }


def annotation_for(files: tuple, profile: Optional[tuple] = None, repo_name: str = "",
                   profile_source: Optional[str] = None) -> Optional[dict]:
    """The annotation of one repository from its kept files and the profile file's parse, if any.

    ``profile`` is what ``parse_annotation_file`` returned for the profile repository's file.
    """
    own = own_source = None
    problems: list = []
    for entry in files:
        if is_annotation_path(entry.path):
            own, listed, own_problems = parse_annotation_file(entry.text, entry.path)
            own_source = entry.path
            problems += own_problems
            if own is None and not own_problems and not listed:
                problems.append(f"{entry.path}: says nothing about this repository (keys: {', '.join(KNOWN_KEYS)})")
            break
    from_profile = None
    if profile is not None:
        _, others, _ = profile
        from_profile = others.get(repo_name.lower())
        if own is None and from_profile is not None:
            # The profile's entry is what the report shows, so what was wrong with it is shown too.
            problems += from_profile.get("problems") or []
    return combine(own, own_source, from_profile, profile_source, problems)
