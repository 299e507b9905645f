"""Course starter code and other distributed files: recognised by the evidence they carry, and by git history.

Starter code cannot be fingerprinted in advance (every course writes its own),
so only evidence a reader can check counts:

- a distribution banner in the file's head ("distribution code", "starter code",
  "skeleton", "DO NOT MODIFY this file", "you do not need to change this file");
- stubs left as handed out: function bodies that are only a placeholder
  ("YOUR CODE HERE", ``raise NotImplementedError``, ``util.raiseNotDefined()``,
  "TODO: implement") when they are at least STUB_SHARE of the file's functions;
- git history (``with_history``): a file added by a first commit that someone else
  made (GitHub Classroom, a template) and never changed since.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from ..analysis.folded_search import FoldedPattern
from .origins import OWN, SCAFFOLD, STARTER, FileHistory, Provenance

# The head of a file where a course puts its banner.
BANNER_LINES = 40
# A file counts as handed-out stubs when at least this share of its functions are untouched placeholders.
STUB_SHARE = 0.5

# "Starter code" alone is a phrase anyone may write about starter code (this module's docstring
# does); a banner says it of the file itself, or says what course work it was handed out for.
_HANDED_OUT = r"(distribution|starter|skeleton|provided) (code|file)"
_COURSE_WORK = r"(problem set|pset|assignment|lab|homework|project|course|exercise|week|unit|module|cs\s?\d+)"
_BANNER = re.compile(
    r"(\b(this|it) (file |code )?(is|contains)( the| some| part of the)? " + _HANDED_OUT + r"\b|"
    r"\b" + _HANDED_OUT + r" (for|from|of) (the |this |your )?" + _COURSE_WORK + r"\b|"
    r"\bdo not (modify|edit|change) (this|the following|anything)\b|"
    r"\byou (do not|don't|should not|shouldn't) (need|have) to (modify|edit|change|look at) (this|anything)\b|"
    r"\b(course|teaching) staff\b|\bprovided by (the )?(course|instructor|teacher|staff|tas?)\b|"
    r"\bautograder\b|###\s*begin (solution|hidden tests)\b)",
    re.IGNORECASE,
)
_BANNER_FOLDED = FoldedPattern(_BANNER)
_STUB_MARK = re.compile(
    r"(\*\*\*\s*your code here\s*\*\*\*|\byour code here\b|\bimplement (this|me)\b|\btodo:?\s*(implement|complete|fill|write)\b|"
    r"raise\s+NotImplementedError|raiseNotDefined\(\)|throw new (Error|UnsupportedOperationException)\(\s*[\"']not implemented|"
    r"unimplemented!\(\)|todo!\(\)|panic\(\"(not implemented|todo)\"\))",
    re.IGNORECASE,
)
_STUB_MARK_FOLDED = FoldedPattern(_STUB_MARK)
_FUNCTION = re.compile(
    r"^\s*(def |async def |function\b|func |fn |public |private |protected |static |(export )?(async )?function\b|"
    r"[\w<>\[\],]+\s+\w+\s*\([^)]*\)\s*\{)",
)
_PLACEHOLDER_BODY_LINE = re.compile(
    r"^\s*(pass|\.\.\.|return( None| null| 0| false| \"\"| '')?;?|\}|\{|#.*|//.*|/\*.*|\*.*|\"\"\".*|'''.*)?\s*$"
)

# Subjects of a first commit made by a generator or a template rather than a person.
_GENERATOR_SUBJECT = re.compile(
    r"(initial(ize|ise)? (commit )?(from|with|using) (create[- ]react[- ]app|create[- ]next[- ]app|vite|angular cli|"
    r"rails|django|spring initializr)|initialize project using create react app)",
    re.IGNORECASE,
)


def starter_evidence(text: str) -> Optional[str]:
    """The evidence that ``text`` is distributed starter code, in words a reader can check, or None."""
    head = "\n".join(text.split("\n", BANNER_LINES)[:BANNER_LINES])
    # A banner in quotes is a file quoting one (a detector, a test), not a file carrying one.
    banner = None
    if _BANNER_FOLDED.found(head):  # the fast search settles most files: no banner words at all
        banner = next((m for m in _BANNER.finditer(head) if head[m.start() - 1:m.start()] not in ("\"", "'")), None)
    if banner:
        return f"distribution banner '{banner.group(0).strip()}' in its header"
    if not _STUB_MARK_FOLDED.found(text):
        # A mark found on one line is found in the whole text (the pattern has no anchors), so
        # without one anywhere no function is a stub: one search instead of one per line.
        return None
    stubs, functions = _stub_counts(text)
    if stubs and functions and stubs / functions >= STUB_SHARE:
        found = _STUB_MARK.search(text)
        assert found is not None  # a stub is a function marked by _STUB_MARK
        marker = found.group(0).strip()
        return f"{stubs} of {functions} functions are untouched stubs ('{marker[:40]}')"
    return None


def _stub_counts(text: str) -> tuple:
    """(functions whose body is only a stub marker and placeholders, functions)."""
    lines = text.split("\n")
    starts = [index for index, line in enumerate(lines) if _FUNCTION.match(line) and not line.strip().startswith(("//", "#", "*"))]
    if not starts:
        return 0, 0
    stubs = 0
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        body = lines[start + 1:end]
        marked = any(_STUB_MARK.search(line) for line in lines[start:end])
        if marked and all(_PLACEHOLDER_BODY_LINE.match(line) or _STUB_MARK.search(line) for line in body):
            stubs += 1
    return stubs, len(starts)


def with_history(provenance: Provenance, history: Optional[FileHistory]) -> Provenance:
    """Refine a content verdict with git history: a file someone else committed first and nobody changed since.

    Only a first commit that was *not* the person's counts: a person who commits a
    whole project at once and never touches a file again still wrote it. A first
    commit whose subject names a generator makes the file scaffold; any other
    first commit by someone else (GitHub Classroom, a course's template) makes it
    starter. Verdicts other than own are kept: content evidence is stronger.
    """
    if history is None or provenance.origin != OWN:
        return provenance
    if not history.in_first_commit or history.changed_since or history.first_commit_by_person is not False:
        return provenance
    subject = history.first_commit_subject.strip()
    if _GENERATOR_SUBJECT.search(subject):
        return replace(provenance, origin=SCAFFOLD,
                       reason=f"added by the generator's first commit ('{subject[:60]}') and never changed",
                       evidence="git history")
    return replace(provenance, origin=STARTER,
                   reason=f"added by someone else's first commit ('{subject[:60]}') and never changed by the person",
                   evidence="git history")
