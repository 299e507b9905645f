"""Commit message analysis: which commits a person wrote, and whether subjects and bodies inform."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..snapshot import Collected, Commit
from .language import unaccented

# Abbreviated sha length in evidence: what `git log --oneline` shows, so readers can paste it.
SHORT_SHA_CHARS = 7

# Words that say an edit happened without saying which. A subject made only of
# these (plus filler) tells a reader nothing: "fix stuff", "update", "wip".
VAGUE_WORDS = frozenset(
    """
    fix fixes fixed fixing update updates updated updating change changes changed
    wip stuff misc minor more some things thing tweak tweaks cleanup clean refactor
    refactoring save saved temp tmp work working works done final finally commit
    commits edit edits edited improve improved improvement improvements asdf asd
    qwerty foo bar test testing tests try trying again small bug bugs issue issues
    code file files various latest new add added upload uploaded via version
    stuffs lol ok okay yes hmm xxx todo
    """.split()
)
# The same words in the other languages subjects are written in (accents folded: "terminé" is
# read as "termine"): an edit or an end was made, not which. "fin minishell" says as little as
# "done minishell".
VAGUE_WORDS_ELSEWHERE = frozenset(
    """
    fin fini finis finit finie finies termine termines terminee terminees terminado terminada listo lista fertig erledigt
    modif modifs modification modifications maj ajout ajouts correction corrections changement changements
    cambio cambios arreglo arreglos actualizacion actualizado actualizada actualizar avance avances
    subida subir archivo archivos correccion correcciones
    alteracao alteracoes atualizacao atualizado atualizada ajuste ajustes arquivo arquivos correcao correcoes
    finalizado finalizada
    anderung anderungen aktualisierung aktualisiert korrektur datei dateien
    modifica modifiche aggiornamento aggiornato correzione correzioni
    """.split()
)
# Names of the files a repository always has, and of its docs as a whole: "update README" says
# where something changed, not what.
DOCUMENT_NAME_WORDS = frozenset("readme changelog license licence gitignore makefile dockerfile docs".split())
# Grammatical filler that never makes a subject specific on its own (English, then the others).
FILLER_WORDS = frozenset(
    "a an the and or of to in on for it this that some with from is are "
    "le la les de du des et un une au aux el los las del y en al der die das und ein eine "
    "o os as do da dos das e em il lo gli di e".split()
)
# Han, Kana and Hangul words that say an edit happened or ended, not what it was: "修复bug",
# "初步代码" (first code), "readme更改". Taken out of an unspaced run before what is left is weighed.
_VAGUE_UNSPACED = re.compile(
    "修复|修改|更新|更改|提交|初步|代码|完成|上传|文件|调整|优化|一些|问题|最终|最后|"
    "修正|変更|追加|削除|コミット|ファイル|"
    "수정|업데이트|변경|추가|커밋|파일|코드|최종|완료"
)

# Subjects git or a hosting service writes by itself: they mark history, not work.
_MERGE_SUBJECT = re.compile(
    r"^Merge (pull request|branch|remote-tracking branch|tag|commit)\b|^Merge .+ into \S+", re.IGNORECASE
)
# The conventional first commit. Importing a project needs no subject beyond that.
_FIRST_COMMIT_SUBJECTS = frozenset({"initial commit", "first commit", "init", "initial import"})
# A release commit named by its version ("2.5.0", "Release 0.6", "termcolor: 1.0.0",
# "wincolor-1.0.3"): the subject `npm version`, `cargo release` and their like write, marking a
# point in history as a tag does. It says all it has to; it is neither vague nor specific work.
# Only a small commit that replaces lines is one (a bump rewrites the version where it stood);
# "version 1.0" on a commit that adds a body of work is a work commit whose subject says nothing.
RELEASE_MAX_FILES = 4
RELEASE_MAX_CHANGED_LINES = 40
_RELEASE_SUBJECT = re.compile(
    r"^(?:[\w.-]+:\s*)?(?:(?:release|releasing|version|bump version to)\s+)?(?:[a-z][\w.]*-)?"
    r"v?\d+(?:\.\d+)+(?:[-+][\w.]+)?$",
    re.IGNORECASE,
)
_BOT_AUTHORS = frozenset(
    {"dependabot", "dependabot-preview", "renovate", "renovate-bot", "github-actions", "greenkeeper",
     "pre-commit-ci", "imgbot", "snyk-bot", "allcontributors", "github-classroom"}
)
# "feat(parser)!: " and similar Conventional Commits prefixes; the type is not content.
_CONVENTIONAL_PREFIX = re.compile(r"^\s*[a-z]+(\([^)]*\))?!?:\s*", re.IGNORECASE)
# Letters in any script, so non-English subjects are read as words, not as noise.
_WORD = re.compile(r"[^\W\d_]+")
# A word's runs of one kind: unspaced script (Han, Kana, Hangul) or not ("修复bug" is two).
_SCRIPT_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+|[^\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")
# GitHub's web editor default: "Update README.md", "Create app.py". Names a file, not a change.
_FILE_ONLY_SUBJECT = re.compile(r"^(update|create|delete|add|rename)\s+[\w./-]*\.[\w]+$", re.IGNORECASE)
# Chinese, Japanese and Korean subjects need no spaces between words; about two
# characters make a word, which is enough to tell "修复" from "修复登录页面的跳转错误".
_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
CHARACTERS_PER_UNSPACED_WORD = 2
_WIP_MARKER = re.compile(r"^\W*wip\b", re.IGNORECASE)

# Trailers git tooling appends; they carry attribution, not explanation.
_TRAILER = re.compile(
    r"^(signed-off-by|co-authored-by|reviewed-by|acked-by|tested-by|reported-by|change-id|cc):", re.IGNORECASE
)
# Phrases that introduce a reason in English commit bodies. Bodies in other
# languages still earn the "long enough" credit; only this bonus is English-only.
_REASON_CUES = re.compile(
    r"\b(because|since|so that|in order to|otherwise|instead|to avoid|to prevent|to allow|to support|"
    r"to make|was|were|caused|causes|needed|needs|required|requires|why|reason|problem|previously|"
    r"no longer|fixes #|closes #|resolves #)\b",
    re.IGNORECASE,
)


# Bullet markers that start a line of a list: "- ", "* ", "+ ", "• ", "1. ", "2) ".
_BULLET = re.compile(r"(?:(?<=\s)|^)(?:[-*+•]|\d{1,2}[.)])\s+(?=\S)")
# A glued subject keeps at least this many words before its first bullet, and has at least
# MIN_GLUED_BULLETS bullets, or one bullet and a length past the subject limit: "Parser - accept
# trailing commas" is one subject with a dash in it.
MIN_GLUED_HEAD_WORDS = 2
MIN_GLUED_BULLETS = 2


@dataclass(frozen=True)
class Message:
    """A commit message as a reader sees it: subject, body, and whether a blank line was missing between them."""

    subject: str
    body: str
    glued: bool = False  # bullet lines followed the subject with no blank line, so git read them into it


def message_of(commit: Commit, max_chars: int = 72) -> Message:
    """The commit's subject and body, with bullet lines glued onto the subject moved back to the body.

    git takes the whole first paragraph as the subject: "Add export" followed at once by
    "- CSV" and "- JSON" lines is one long subject with no body (``git log --format=%s``
    joins the lines with spaces). Read as the author wrote it, it is a subject and a list.
    """
    subject, body = (commit.subject or "").strip(), (commit.body or "").strip()
    if body:
        return Message(subject, body)
    bullets = list(_BULLET.finditer(subject))
    if not bullets or (len(bullets) < MIN_GLUED_BULLETS and len(subject) <= max_chars):
        return Message(subject, body)
    head = subject[: bullets[0].start()].strip().rstrip(":").strip()
    if len(_WORD.findall(head)) < MIN_GLUED_HEAD_WORDS:
        return Message(subject, body)
    starts = [m.start() for m in bullets] + [len(subject)]
    lines = [subject[a:b].strip() for a, b in zip(starts, starts[1:])]
    return Message(head, "\n".join(lines), glued=True)


def _word_count(words: list) -> int:
    """Words in a tokenised text, estimating words inside unspaced CJK runs."""
    total = 0
    for word in words:
        if _UNSPACED_SCRIPT.search(word):
            total += max(1, len(word) // CHARACTERS_PER_UNSPACED_WORD)
        else:
            total += 1
    return total


def is_bot_author(author: str) -> bool:
    """True for automation accounts: GitHub App names ending in "[bot]" and well-known bots such as dependabot."""
    name = (author or "").strip().lower()
    return name.endswith("[bot]") or name in _BOT_AUTHORS


def _is_merge(commit: Commit) -> bool:
    return bool(_MERGE_SUBJECT.match(commit.subject or ""))


def _is_first_commit_convention(commit: Commit) -> bool:
    return (commit.subject or "").strip().rstrip(".").lower() in _FIRST_COMMIT_SUBJECTS


def is_release_commit(commit: Commit) -> bool:
    """True when the subject is only a version, as release tooling writes it, on a version bump (see _RELEASE_SUBJECT).

    A commit whose size was not collected (``files_changed`` 0) is judged by its subject alone.
    """
    if not _RELEASE_SUBJECT.match((commit.subject or "").strip().rstrip(".")):
        return False
    if not commit.files_changed:
        return True
    return (commit.files_changed <= RELEASE_MAX_FILES and changed_lines(commit) <= RELEASE_MAX_CHANGED_LINES
            and commit.deletions > 0)


def authored_by_a_person(commit: Commit) -> bool:
    """True for commits a person wrote a message for: not merges, bots, release commits or the conventional first commit."""
    return not (_is_merge(commit) or is_bot_author(commit.author) or _is_first_commit_convention(commit)
                or is_release_commit(commit))


def first_commit_sha(commits: Collected) -> Optional[str]:
    """The sha of the repository's first commit when the whole history was read, else None.

    Collectors list commits newest first, so it is the last one; a cut history does not reach it.
    """
    if not commits.available or commits.truncated or not commits.items:
        return None
    return commits.items[-1].sha


def short_ref(commit: Commit) -> str:
    """Abbreviated sha and subject, as `git log --oneline` shows the commit, so readers can find it."""
    return f"{commit.sha[:SHORT_SHA_CHARS]} {commit.subject.strip()}"


def changed_lines(commit: Commit) -> int:
    """Lines added plus lines removed: how big the change looks to a reviewer."""
    return commit.insertions + commit.deletions


@dataclass(frozen=True)
class SubjectVerdict:
    """How much one commit subject tells a reader, and what it leaves out when it is weak or vague."""

    score: float  # 1.0 informative, 0.5 weak, 0.0 vague
    problem: str  # "" when informative, else what a reader misses


def project_words(*names: str) -> frozenset:
    """The words of a repository's names ("get_next_line" -> get, next, line), lower case, accents folded."""
    return frozenset(unaccented(w.lower()) for name in names for w in _WORD.findall(name or ""))


def _specific_words(words: list, project: frozenset) -> list:
    """What is left of a subject's words once edit words, filler, file names and the project's name are taken out.

    A run of unspaced script loses its edit words ("修复", "更新") and keeps the rest ("登录页面").
    """
    left = []
    for word in words:
        for run in _SCRIPT_RUN.findall(word):
            if _UNSPACED_SCRIPT.match(run):
                rest = _VAGUE_UNSPACED.sub("", run)
                if rest:
                    left.append(rest)
                continue
            folded = unaccented(run)
            if not (folded in VAGUE_WORDS or folded in VAGUE_WORDS_ELSEWHERE or folded in FILLER_WORDS
                    or folded in DOCUMENT_NAME_WORDS or folded in project):
                left.append(run)
    return left


def judge_subject(subject: str, max_chars: int, min_words: int, project: frozenset = frozenset()) -> SubjectVerdict:
    """How well one subject line says what changed; ``project`` holds the repository's name words (project_words).

    A subject that only names the project ("libft", "fin minishell" in the minishell repository) or
    a file ("Update README.md", GitHub's web-editor default) says that something changed, not what.
    """
    text = (subject or "").strip()
    if not text:
        return SubjectVerdict(0.0, "empty subject")
    if _WIP_MARKER.match(text):
        return SubjectVerdict(0.0, "work-in-progress marker instead of a description")
    content = _CONVENTIONAL_PREFIX.sub("", text, count=1)
    if _FILE_ONLY_SUBJECT.match(content.strip()):
        return SubjectVerdict(0.0, "names a file but not what changed in it")
    words = [w.lower() for w in _WORD.findall(content)]
    if _word_count(words) < min_words:
        return SubjectVerdict(0.0, "vague: does not say what changed")
    if not _specific_words(words, project):
        if project and any(unaccented(w) in project for w in words):
            return SubjectVerdict(0.0, "vague: names the project, not what changed in it")
        return SubjectVerdict(0.0, "vague: does not say what changed")
    if len(text) > max_chars:
        return SubjectVerdict(0.5, f"{len(text)} characters, longer than {max_chars}: cut off in most tools")
    return SubjectVerdict(1.0, "")


def body_text(commit: Commit) -> str:
    """The body without trailers, which say who, not why (bullets glued onto the subject are body)."""
    lines = [line for line in message_of(commit).body.splitlines() if not _TRAILER.match(line.strip())]
    return "\n".join(lines).strip()


def body_word_count(commit: Commit) -> int:
    """Words in the body without trailers; unspaced CJK text counts a word per CHARACTERS_PER_UNSPACED_WORD characters."""
    return _word_count(_WORD.findall(body_text(commit)))


def subject_word_count(subject: str) -> int:
    """Words in a subject, counted as body_word_count counts them."""
    return _word_count(_WORD.findall(subject or ""))


def gives_a_reason(text: str) -> bool:
    """True when ``text`` introduces a reason ("because", "to avoid", "fixes #12").

    English cues only: text in other languages never earns this, so callers use it as a bonus, not a requirement.
    """
    return bool(_REASON_CUES.search(text))
