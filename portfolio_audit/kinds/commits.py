"""Commit message kinds: subjects that say what changed, bodies that say why on large changes."""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import commits as C
from ..analysis.language import UNDETERMINED, detect_language
from ..wording import count_of
from ..context import RepoContext
from . import Evidence, Measurement, kind, not_applicable, not_assessed, parameter

ENGLISH = "en"
# A subject with bullets glued on (no blank line) is at best weak: every tool shows one long line.
GLUED_SUBJECT_CREDIT = 0.5

DEFAULT_MAX_SUBJECT_CHARS = 72  # where `git log --oneline` and GitHub start truncating
DEFAULT_MIN_SUBJECT_WORDS = 2
# A change this big (lines added + removed, or files touched) has a story a
# reviewer cannot reconstruct from the diff alone.
DEFAULT_LARGE_CHANGE_LINES = 200
DEFAULT_LARGE_CHANGE_FILES = 10
DEFAULT_MIN_BODY_WORDS = 8
# Good examples shown after the problems, so a reader sees what to keep doing
# without the positives crowding out the findings.
MAX_GOOD_EXAMPLES = 2

# Credit for a large commit's body: a reason is the point; a description without
# one still helps; a one-liner barely does.
BODY_EXPLAINS_WHY = 1.0
BODY_DESCRIBES_ONLY = 0.7
BODY_TOO_SHORT = 0.3
BODY_MISSING = 0.0


def _person_commits(ctx) -> list:
    """The audited person's commits (others' are listed in the report as not scored), minus merges, bots, first commit."""
    return [c for c in ctx.commits if C.authored_by_a_person(c)]


def _no_commits_reason(ctx) -> str:
    others = len(ctx.repo.commits.items) - len(ctx.commits)
    if others:
        return (f"no commits by the person to assess ({count_of(others, 'commit')} by others, not scored;"
                " the rest merges, bots, release commits or an initial commit)")
    return "no commits written by a person (only merges, bots, release commits or an initial commit)"


def _worst_first(scored: list) -> list:
    """(score, tie_break, commit, note) sorted lowest score first, stable by sha."""
    return sorted(scored, key=lambda item: (item[0], item[1], item[2].sha))


def _evidence(ranked: list) -> tuple:
    bad = [Evidence(snippet=C.short_ref(c), note=note, positive=False) for s, _, c, note in ranked if s < 1.0]
    good = [Evidence(snippet=C.short_ref(c), note=note) for s, _, c, note in ranked if s >= 1.0]
    return tuple(bad + good[:MAX_GOOD_EXAMPLES])


@dataclass(frozen=True)
class CommitSubjectParameters:
    """The parameters of ``commit_subjects``: the neutral defaults; a rule file sets its own values."""

    max_subject_chars: int = parameter(DEFAULT_MAX_SUBJECT_CHARS, at_least=1)
    min_subject_words: int = parameter(DEFAULT_MIN_SUBJECT_WORDS, at_least=1)


@kind("commit_subjects", parameters=CommitSubjectParameters)
def commit_subjects(ctx: RepoContext, params: CommitSubjectParameters) -> Measurement:
    """Whether subjects of commits written by people say what changed.

    Each subject scores 1 (specific), 0.5 (longer than ``max_subject_chars``) or 0 (vague, empty,
    a WIP marker, or naming only a file or the project); the score is the mean. Merges, bots and the
    conventional first commit are skipped.
    """
    max_chars = params.max_subject_chars
    min_words = params.min_subject_words
    commits = _person_commits(ctx)
    if not commits:
        return not_applicable(_no_commits_reason(ctx))
    scored = []
    glued = 0
    project = C.project_words(ctx.repo.name, ctx.repo.full_name.rpartition("/")[2])
    for commit in commits:
        message = C.message_of(commit, max_chars)
        verdict = C.judge_subject(message.subject, max_chars, min_words, project)
        if message.glued:
            # The subject may be fine; every tool still shows it as one long line.
            glued += 1
            score = min(verdict.score, GLUED_SUBJECT_CREDIT)
            problem = (verdict.problem + "; " if verdict.problem else "") + (
                f"no blank line after the subject: git reads its {len(commit.subject.strip())}-character "
                "subject and bullet list as one line")
            scored.append((score, 0, commit, problem))
            continue
        scored.append((verdict.score, 0, commit, verdict.problem or "says what changed"))
    ranked = _worst_first(scored)
    vague = sum(1 for s, *_ in ranked if s == 0.0)
    weak = sum(1 for s, *_ in ranked if 0.0 < s < 1.0)
    example = C.message_of(ranked[0][2], max_chars).subject if ranked[0][0] < 1.0 else "none"
    score = sum(s for s, *_ in ranked) / len(ranked)
    return Measurement(
        score=score,
        summary=f"{vague} vague and {weak} weak subjects among {len(ranked)} commits by people",
        evidence=_evidence(ranked),
        values={
            "assessed": len(ranked),
            "vague_count": vague,
            "weak_count": weak,
            "example": example,
            "max_subject_chars": max_chars,
            "blank_line_tip": (
                f"In {count_of(glued, 'commit')} the bullet list runs straight on from the subject: add a blank line after "
                "the subject, so git reads the list as the body." if glued else ""),
        },
    )


def _body_credit(commit, min_words: int) -> tuple:
    """(credit, note) for one large commit's body; credit None when its language cannot be read."""
    body = C.body_text(commit)
    words = C.body_word_count(commit)
    subject = C.message_of(commit).subject
    if words < min_words and C.subject_word_count(subject) >= min_words and _reads(subject) \
            and C.gives_a_reason(subject):
        # The reason is there, in a subject long enough to carry it; commit_subjects already
        # counts the length against it, so the body rule does not count the same line twice.
        return BODY_EXPLAINS_WHY, "the subject gives the reason (a body is the place for it)"
    if words == 0:
        return BODY_MISSING, "large change with no body"
    if words < min_words:
        return BODY_TOO_SHORT, f"large change with a {words}-word body"
    if C.gives_a_reason(body):
        return BODY_EXPLAINS_WHY, "body explains why"
    if not _reads(body):
        return None, "body in a language the reason cues do not read"
    return BODY_DESCRIBES_ONLY, "body describes the change but gives no reason"


def _reads(text: str) -> bool:
    """Whether the English reason cues can read ``text`` (English, or too short to tell)."""
    return detect_language(text).language in (ENGLISH, UNDETERMINED)


@dataclass(frozen=True)
class CommitBodyParameters:
    """The parameters of ``commit_bodies``: the neutral defaults; a rule file sets its own values."""

    large_change_lines: int = parameter(DEFAULT_LARGE_CHANGE_LINES, at_least=1)
    large_change_files: int = parameter(DEFAULT_LARGE_CHANGE_FILES, at_least=1)
    min_body_words: int = parameter(DEFAULT_MIN_BODY_WORDS, at_least=1)


@kind("commit_bodies", parameters=CommitBodyParameters)
def commit_bodies(ctx: RepoContext, params: CommitBodyParameters) -> Measurement:
    """Whether large commits carry a body that explains them.

    A commit is large from ``large_change_lines`` changed lines or ``large_change_files`` files;
    the repository's first commit (when the whole history was read) is not counted.
    Each scores BODY_EXPLAINS_WHY, BODY_DESCRIBES_ONLY, BODY_TOO_SHORT (under ``min_body_words``)
    or BODY_MISSING; the score is the mean.
    """
    large_lines = params.large_change_lines
    large_files = params.large_change_files
    min_words = params.min_body_words
    # The first commit imports work begun elsewhere, whatever its subject: its size is not a change
    # a reviewer reads, and the README is where that work is explained.
    first = C.first_commit_sha(ctx.repo.commits)
    large = [
        c
        for c in _person_commits(ctx)
        if c.sha != first and (C.changed_lines(c) >= large_lines or c.files_changed >= large_files)
    ]
    if not large:
        return not_applicable(
            f"no large commits after the first (at least {large_lines} changed lines or {large_files} files)"
            " to explain"
        )
    scored = []
    unread = 0
    for commit in large:
        credit, note = _body_credit(commit, min_words)
        if credit is None:
            unread += 1
            continue
        size = f"{C.changed_lines(commit)} lines, {commit.files_changed} files"
        # Among equally bad commits the biggest is the most telling.
        scored.append((credit, -C.changed_lines(commit), commit, f"{note} ({size})"))
    if not scored:
        return not_assessed(f"the bodies of all {unread} large commits are in a language the reason cues do not "
                            "read (they read English)")
    ranked = _worst_first(scored)
    unexplained = sum(1 for s, *_ in ranked if s < BODY_DESCRIBES_ONLY)
    example = C.short_ref(ranked[0][2]) if ranked[0][0] < 1.0 else "none"
    score = sum(s for s, *_ in ranked) / len(ranked)
    return Measurement(
        score=score,
        summary=f"{unexplained} of {len(ranked)} large commits have no body explaining them",
        evidence=_evidence(ranked),
        values={
            "large_count": len(ranked),
            "unexplained_count": unexplained,
            "example": example,
            "large_change_lines": large_lines,
            "large_change_files": large_files,
        },
    )
