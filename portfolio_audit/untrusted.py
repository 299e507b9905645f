"""Reading input someone else wrote, within bounds: files by size and type, JSON and YAML by depth, count and value.

Every parser of outside text goes through here, so each limit is in one place:

- a file is checked before it is read (a regular file, under its cap), so a FIFO named
  ``rules.yml`` cannot block and a 200 MB file costs nothing;
- JSON refuses what Python would otherwise accept and fail on later: NaN and Infinity,
  integers too long to convert, numbers too large for a float, lone surrogates (not
  valid Unicode, so not writable as UTF-8) and nesting beyond a depth;
- YAML is read with the safe loader only, after one pass over its events that refuses
  deep nesting and alias expansion beyond a node count (a 372-byte "billion laughs"
  document expands to billions of nodes), before anything is built.

Each refusal is an ``UntrustedInputError`` whose message says what was wrong, for the
caller to turn into a report note or an exit code.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from typing import Any, Optional

import yaml

# JSON and YAML nest no deeper than this anywhere the tool reads them (a snapshot is ~8 deep).
MAX_DEPTH = 64
# Digits of a JSON integer: far beyond any count, far below Python's conversion limit.
MAX_INTEGER_DIGITS = 100
# YAML nodes after alias expansion: generous for a rule file (a few hundred nodes).
MAX_YAML_NODES = 100_000
_LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
# libyaml's parser when PyYAML was built with it (ten times faster), else the pure-Python one;
# both are the safe loader, and both are measured by events before anything is composed.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UntrustedInputError(ValueError):
    """Input refused before (or while) parsing it: the message says why, without a path."""


# --- files -------------------------------------------------------------------------------

def read_bytes(path: str, max_bytes: int) -> bytes:
    """The bytes of ``path`` when it is a regular file of at most ``max_bytes``; UntrustedInputError otherwise.

    Nothing is opened before its type and size are known, so a FIFO, a device or a huge
    file is refused without blocking or reading.
    """
    try:
        before = os.stat(path)
    except OSError as exc:
        raise UntrustedInputError(f"cannot read ({exc.strerror or exc.__class__.__name__})") from None
    if stat.S_ISDIR(before.st_mode):
        raise UntrustedInputError("is a folder, not a file")
    if not stat.S_ISREG(before.st_mode):
        raise UntrustedInputError("not a regular file (a FIFO, device or socket is never read)")
    if before.st_size > max_bytes:
        raise UntrustedInputError(f"too large ({before.st_size:,} bytes; at most {max_bytes:,})")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise UntrustedInputError(f"cannot read ({exc.strerror or exc.__class__.__name__})") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise UntrustedInputError("not a regular file")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UntrustedInputError(f"too large (more than {max_bytes:,} bytes)")
    return data


def read_text(path: str, max_bytes: int) -> str:
    """``read_bytes`` decoded as UTF-8 (a leading BOM dropped); UntrustedInputError when it is not UTF-8."""
    data = read_bytes(path, max_bytes)
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise UntrustedInputError(f"not UTF-8 text (byte {exc.start})") from None


# --- JSON --------------------------------------------------------------------------------

def _refuse_constant(name: str):
    raise UntrustedInputError(f"{name} is not a number JSON allows")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise UntrustedInputError(f"an integer of {len(text):,} digits")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise UntrustedInputError(f"the number {text[:40]} is out of range")
    return value


def check_depth(data: Any, max_depth: int = MAX_DEPTH, check_text: bool = True, finite: bool = False) -> None:
    """UntrustedInputError when ``data`` (parsed JSON or YAML) nests deeper than ``max_depth``,
    with ``check_text`` holds a string that is not valid Unicode (a lone surrogate), or with
    ``finite`` holds a NaN or infinite number. Iterative, so no depth can exhaust the stack."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            if depth > max_depth:
                raise UntrustedInputError(f"nested more than {max_depth} levels deep")
            for key, item in value.items():
                if check_text and isinstance(key, str):
                    _check_unicode(key)
                pending.append((item, depth + 1))
        elif isinstance(value, (list, tuple)):
            if depth > max_depth:
                raise UntrustedInputError(f"nested more than {max_depth} levels deep")
            pending.extend((item, depth + 1) for item in value)
        elif check_text and isinstance(value, str):
            _check_unicode(value)
        elif finite and isinstance(value, float) and not math.isfinite(value):
            raise UntrustedInputError(f"{value} is not a number JSON allows")


def _check_unicode(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UntrustedInputError("a string holds a lone surrogate (\\ud800-\\udfff), which is not valid Unicode") from None


def load_json(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON ``text`` that a stranger may have written; UntrustedInputError for anything out of bounds.

    ``json.JSONDecodeError`` (a ValueError) is left to the caller, which knows how to name the line.
    """
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_int=_bounded_int, parse_float=_finite_float)
    except RecursionError:
        raise UntrustedInputError(f"nested more than {max_depth} levels deep") from None
    # Only \uD800-\uDFFF escapes can make a lone surrogate; most files have none, and skip that walk.
    check_depth(data, max_depth, check_text=bool(_LONE_SURROGATE_ESCAPE.search(text)))
    return data


# --- YAML --------------------------------------------------------------------------------

def _measure_yaml(text: str, max_depth: int, max_nodes: int) -> None:
    """Walk the YAML events once: refuse nesting beyond ``max_depth`` and more than ``max_nodes`` after aliases expand.

    The composer and constructor recurse (20,000 nested brackets exhaust the stack) and an
    alias stands for its anchor's whole subtree, so both are measured here, iteratively,
    from the event stream, before any node is built.
    """
    expanded = 0
    depth = 0
    # One entry per open collection: [anchor, nodes inside it after expansion].
    open_collections: list = []
    anchored: dict = {}

    def count(nodes: int) -> None:
        nonlocal expanded
        expanded += nodes
        if expanded > max_nodes:
            raise UntrustedInputError(f"more than {max_nodes:,} nodes once aliases are expanded")
        if open_collections:
            open_collections[-1][1] += nodes

    for event in yaml.parse(text, Loader=_YAML_LOADER):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > max_depth:
                raise UntrustedInputError(f"nested more than {max_depth} levels deep")
            count(1)
            open_collections.append([event.anchor, 1])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            anchor, nodes = open_collections.pop()
            if open_collections:
                open_collections[-1][1] += nodes
            if anchor is not None:
                anchored[anchor] = nodes
        elif isinstance(event, yaml.ScalarEvent):
            count(1)
            if event.anchor is not None:
                anchored[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            count(anchored.get(event.anchor, 1))


def load_yaml(text: str, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_YAML_NODES) -> Any:
    """Parse YAML ``text`` with the safe loader, after measuring it; UntrustedInputError for anything out of bounds.

    ``yaml.YAMLError`` (a syntax error, an unknown tag) is left to the caller, which knows
    how to name the line; values the safe constructor cannot build (a 30 February date)
    are UntrustedInputError.
    """
    try:
        _measure_yaml(text, max_depth, max_nodes)
    except RecursionError:
        raise UntrustedInputError(f"nested more than {max_depth} levels deep") from None
    except yaml.YAMLError as exc:
        # libyaml stops at its own nesting limit while scanning ahead: the same refusal, said the same way.
        if "nesting depth" in str(exc):
            raise UntrustedInputError(f"nested more than {max_depth} levels deep") from None
        raise
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - the safe loader (C or Python)
    except yaml.YAMLError:
        raise
    except Exception as exc:  # noqa: BLE001 - the safe constructor fails in many ways on odd values ("!!timestamp ")
        raise UntrustedInputError(f"a value that cannot be read ({exc.__class__.__name__}: {str(exc)[:80]})") from None
    check_depth(data, max_depth)
    return data


def yaml_problem_line(exc: yaml.YAMLError) -> Optional[int]:
    """The 1-based line a YAML error points at, if it says."""
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None
