"""Kinds for README clarity: presence, opening, setup, usage, structure, readability, visuals, impact.

Every kind reads only *substantive* paragraphs: placeholders ("TODO",
"[describe ...]"), instructions left for a template's author and generator
boilerplate (Create React App, create-next-app) earn nothing, so clarity does
not reduce to length or to having the right headings.
"""

from __future__ import annotations

import math
import re

from ..analysis.language import UNDETERMINED, detect_language
from ..analysis.markdown import count_words
from ..analysis.placeholders import PUFFERY_LIMIT, boilerplate_reason, placeholder_reason, puffery
from ..analysis.readability import COMFORTABLE_FLESCH, HARD_FLESCH, assess
from ..wording import count_of
from . import Evidence, Measurement, kind, not_applicable

_I = re.IGNORECASE
SNIPPET_CHARS = 200
# Paragraphs read as "the opening": what a visitor sees before scrolling.
OPENING_PARAGRAPHS = 3
# A heading link with more words than this is a sentence that links, not a contents entry.
TOC_ENTRY_WORDS = 12
# Findings of one sort listed as evidence: enough to see the pattern and find it, not a full inventory.
MAX_EXAMPLES = 3
# Findings that back up the main one (demo links beside screenshots, walls of text beside
# long sentences) list fewer, so they do not crowd it out.
MAX_SECONDARY_EXAMPLES = 2
# The wording cues are English. Text of undetermined language is read with them too:
# it is most often an English passage too short for the detector to decide.
_CUE_LANGUAGES = ("en", UNDETERMINED)
# A README too short to judge still earns this instead of 0: a thin README beats none,
# and a short one has nothing to structure yet.
THIN_README_SCORE = 0.2


# --- heading cues (the opening, setup and usage kinds all read them) ----------------------

_SETUP_HEADING = re.compile(
    r"(install|setup|set up|setting up|getting started|requirements|prerequisites|dependencies|quick ?start|"
    r"\bbuild|running|how to run|run (it|locally|the)|development|developing|deploy|compil|download|local|"
    r"instalaci|instalaç|installier|démarr|lancer|mise en place|einrichtung|설치|安装|インストール|構築)",
    _I,
)
_USAGE_HEADING = re.compile(
    r"(usage|how to (use|play)|examples?|demo|quick ?start|getting started|tutorial|\bapi\b|commands|controls|"
    r"\bplay|try it|walkthrough|\bcli\b|features? in action|execution flow|how it works|"
    r"utilisation|exemples?|verwendung|beispiel|\buso\b|ejemplo|사용|使い方|使用)",
    _I,
)


# --- shared helpers ---------------------------------------------------------------------

def _readme_doc(ctx):
    return ctx.markdown(ctx.readme)


def _is_toc_entry(paragraph) -> bool:
    return bool(paragraph.hrefs) and all(h.startswith("#") for h in paragraph.hrefs) and paragraph.words <= TOC_ENTRY_WORDS


def _dead_link_only(paragraph) -> bool:
    """A paragraph whose only links go nowhere ("[User Manual](#)"): a promise, not content."""
    return bool(paragraph.hrefs) and all(h.strip() in ("", "#") for h in paragraph.hrefs)


def _substantive(doc) -> list:
    """Paragraphs that say something: not placeholders, boilerplate, hollow sections or contents lists."""
    hollow = doc.hollow
    return [
        p for p in doc.paragraphs
        if p.section not in hollow
        and not placeholder_reason(p.text)
        and not boilerplate_reason(p.text)
        and not _is_toc_entry(p)
        and not _dead_link_only(p)
    ]


def _language(doc, paragraphs) -> str:
    return detect_language("\n".join(p.prose for p in paragraphs)).language


def _snippet(text: str) -> str:
    return text.strip()[:SNIPPET_CHARS]


def _cued_sections(doc, pattern) -> list:
    """Indices of non-hollow sections whose heading matches ``pattern``, with their subsections."""
    found = []
    for section in doc.sections:
        if section.level and pattern.search(section.heading) and section.index not in doc.hollow:
            for index in doc.scope(section.index):
                if index not in found:
                    found.append(index)
    return found


def _missing(path, note) -> Evidence:
    return Evidence(path, None, None, note, positive=False)


# --- readme_present ---------------------------------------------------------------------

# About a paragraph: enough to say what the project is and how to start.
DEFAULT_PRESENT_MIN_WORDS = 50
# A code block counts one word in this many: commands help, but they do not explain.
CODE_WORDS_PER_COUNTED_WORD = 4
# Characters of the README shown as evidence when it has no title: about one line.
UNTITLED_SNIPPET_CHARS = 80


@kind("readme_present", params=("min_words",))
def readme_present(ctx, params) -> Measurement:
    """Whether the repository has a root README with real content.

    Without one the score is 0; otherwise it is the words of substantive text (code blocks
    count one word in CODE_WORDS_PER_COUNTED_WORD) over ``min_words``, capped at 1 and never below
    THIN_README_SCORE, since a thin README still beats none.
    """
    min_words = int(params.get("min_words", DEFAULT_PRESENT_MIN_WORDS))
    if ctx.readme is None:
        return Measurement(
            score=0.0,
            summary="no README at the repository root",
            evidence=(_missing(None, "no README.md, README.rst or README.txt at the root"),),
            values={"words": 0, "min_words": min_words},
        )
    doc = _readme_doc(ctx)
    paragraphs = _substantive(doc)
    words = sum(p.words for p in paragraphs) + sum(count_words(c.text) for c in doc.code_blocks) // CODE_WORDS_PER_COUNTED_WORD
    score = max(THIN_README_SCORE, min(1.0, words / min_words))
    evidence = [Evidence(ctx.readme.path, 1, _snippet(doc.title or ctx.readme.text[:UNTITLED_SNIPPET_CHARS]), f"README with {words} words of real content")]
    for index, reason in list(doc.hollow.items())[:MAX_EXAMPLES]:
        section = doc.sections[index]
        evidence.append(Evidence(ctx.readme.path, section.line, section.heading or "(opening)", reason, positive=False))
    return Measurement(
        score=score,
        summary=f"{ctx.readme.path}: {words} words of real content",
        evidence=tuple(evidence),
        values={"words": words, "min_words": min_words},
    )


# --- readme_opening ---------------------------------------------------------------------

_KIND_NOUNS = (
    r"(tool|library|app|application|extension|game|framework|cli|utility|api|service|bot|plugin|engine|emitter|"
    r"analy[sz]er|generator|parser|server|client|manager|dashboard|website|site|platform|implementation|clone|"
    r"simulator|system|program|pubsub|alternative|wrapper|toolkit|command|portal|tracker|editor|viewer)"
)
_WHAT = re.compile(
    r"^\W*([\w\-/.]+ ){0,6}" + _KIND_NOUNS + r"\b|\b(is|are) (a|an|the|one)\b|\bthis (project|tool|library|app|application|extension|game|repo(sitory)?|package|"
    r"plugin|module|cli|site|website|api|service|bot|script|framework|program|website)\b|"
    r"\b(a|an) ([\w\-]+ ){0,5}" + _KIND_NOUNS + r"\b|"
    r"\b(lets|allows|helps|enables) (you|users|developers|people|teams)\b|"
    r"\b(makes|turns|converts|generates|finds|tracks|collapses|corrects|creates|manages|automates|provides)\b|"
    r"\bi (built|made|created|wrote|developed)\b|\bwe (built|made|created|wrote|developed)\b",
    _I,
)
_AUDIENCE = re.compile(
    r"\bfor (developers|users|people|anyone|teams|students|beginners|engineers|designers|researchers|"
    r"data scientists|everyone|you|those|small|large|\w+ (developers|users|teams|engineers|owners|players))\b|"
    r"\b(you|your)\b|\b(aimed at|designed for|intended for|built for|made for|meant for)\b|\bwho (want|need)s?\b|"
    r"\bfor [\w\- ]{1,30}? who\b|"
    r"\b(users?|players?|customers|developers|students|readers|teams|contributors|clients|mentees)\b",
    _I,
)


def _names_itself(doc, text: str):
    """"tidyjson reformats ...": the project's own name as the subject of a verb says what it does."""
    words = (doc.title or "").split()
    if not words or len(words[0]) < MIN_NAME_CHARS or not re.match(r"\w", words[0]):
        return None
    return re.search(rf"\b{re.escape(words[0])}\s+(?!is\b|was\b|has\b)[a-z]{{3,}}s\b", text, _I)


# A shorter first word of the title ("A", "My") is not a name.
MIN_NAME_CHARS = 3


def _opening(doc, paragraphs) -> list:
    """The first substantive paragraphs before the first second-level heading (or of the first section)."""
    first_sub = next((s.line for s in doc.sections if s.level >= 2), None)
    before = [p for p in paragraphs if first_sub is None or p.line < first_sub]
    if not before and paragraphs:
        # No text before the first subheading: the first section is the opening,
        # unless it is already the setup or usage (then there is no introduction).
        first_section = doc.sections[paragraphs[0].section]
        if not (_SETUP_HEADING.search(first_section.heading) or _USAGE_HEADING.search(first_section.heading)):
            before = [p for p in paragraphs if p.section == first_section.index]
    return before[:OPENING_PARAGRAPHS]


# Shares of the opening score: having real text at all, saying what it is, naming
# the audience. "What" weighs most: a reader can infer the audience from it.
OPENING_SUBSTANCE, OPENING_WHAT, OPENING_WHO = 0.2, 0.5, 0.3
# One short sentence: fewer words cannot say what a project is.
DEFAULT_OPENING_MIN_WORDS = 10


@kind("readme_opening", params=("min_words",))
def readme_opening(ctx, params) -> Measurement:
    """Whether the first paragraphs of the README say what the project is and who it is for.

    An opening under ``min_words`` of real text scores 0; otherwise OPENING_SUBSTANCE plus
    OPENING_WHAT and OPENING_WHO for each that the wording shows. The cues are English, so an
    opening in another language gets full credit rather than being scored down.
    """
    min_words = int(params.get("min_words", DEFAULT_OPENING_MIN_WORDS))
    path = ctx.readme.path if ctx.readme else None
    doc = _readme_doc(ctx)
    paragraphs = _substantive(doc)
    opening = _opening(doc, paragraphs)
    text = " ".join(p.text for p in opening)
    words = count_words(text)
    values = {"words": words, "min_words": min_words, "missing": "what the project is and who it is for"}
    if words < min_words:
        hollow = [doc.sections[i].heading or "the opening" for i in doc.hollow]
        note = f"opening has {words} words of real content"
        if hollow:
            note += f"; template or boilerplate text in: {', '.join(hollow[:MAX_EXAMPLES])}"
        return Measurement(
            score=0.0,
            summary=note,
            evidence=(Evidence(path, opening[0].line if opening else 1, _snippet(text) or None, note, positive=False),),
            values=values,
        )
    line = opening[0].line
    language = _language(doc, opening)
    if language not in _CUE_LANGUAGES:
        # The wording cues below are English; other languages are credited for a
        # substantive opening rather than scored down for not matching them.
        return Measurement(
            score=1.0,
            summary=f"opening of {words} words in '{language}' (wording not assessed)",
            evidence=(Evidence(path, line, _snippet(text), f"substantive opening in '{language}'"),),
            values=dict(values, missing="nothing"),
        )
    says_what = _WHAT.search(text) or _names_itself(doc, text)
    praise = puffery(text)
    if len(praise) >= PUFFERY_LIMIT:
        # "A next-generation, blazing-fast platform that empowers teams" names a kind of
        # thing but not what it does; the superlatives stand where the facts should be.
        says_what = None
    says_who = _AUDIENCE.search(text)
    score = OPENING_SUBSTANCE + (OPENING_WHAT if says_what else 0.0) + (OPENING_WHO if says_who else 0.0)
    missing = [label for label, found in (("what the project is", says_what), ("who it is for", says_who)) if not found]
    evidence = [Evidence(path, line, _snippet(text), "opening paragraph")]
    if says_what:
        evidence.append(Evidence(path, line, says_what.group(0), "says what it is"))
    if says_who:
        evidence.append(Evidence(path, line, says_who.group(0), "names who it is for"))
    for label in missing:
        evidence.append(Evidence(path, line, None, f"opening does not say {label}", positive=False))
    if len(praise) >= PUFFERY_LIMIT:
        evidence.append(Evidence(path, line, ", ".join(praise[:MAX_EXAMPLES]), "marketing words instead of what it does",
                                 positive=False))
    return Measurement(
        score=score,
        summary="opening says " + ("what it is and who it is for" if not missing else "too little: missing " + " and ".join(missing)),
        evidence=tuple(evidence),
        values=dict(values, missing=" and ".join(missing) or "nothing"),
    )


# --- readme_setup -----------------------------------------------------------------------

_COMMAND = re.compile(
    r"^\s*(\$\s*|>\s*)?(sudo\s+)?(pip3?|pipx|python3?\s+-m\s+pip|npm|yarn|pnpm|bun|npx|cargo|go\s+(install|get|build|run)|"
    r"brew|apt(-get)?|dnf|yum|pacman|choco|scoop|winget|conda|poetry|uv|gem|bundle|composer|mvn|gradle|\./gradlew|"
    r"make|cmake|docker(\s+compose)?|docker-compose|git\s+clone|dotnet|flutter|swift\s+build|stack|cabal|love|"
    r"python3?|node|deno|rails|mix|nix|snap|curl|wget|source|export|cd|mkdir|\.\/[\w.-]+)\b",
    _I | re.MULTILINE,
)
_PROSE_STEP = re.compile(r"\b(run|install|download|clone|requires?|open|drag|unzip|build|launch)\b", _I)
# A command quoted in running text ('run it as "love ."') is as runnable as one in backticks.
_QUOTED = re.compile(r'["\u201c]([^"\u201d\n]{1,80})["\u201d]')


def _prose_commands(paragraph) -> list:
    """Commands given inline (backticks or quotes) in a paragraph that reads as a step to follow."""
    if not _PROSE_STEP.search(paragraph.text):
        return []
    candidates = list(paragraph.inline_code) + _QUOTED.findall(paragraph.text)
    return [command for text in candidates for command in _command_lines(text)]


def _command_lines(text: str) -> list:
    return [m.group(0).strip() for m in _COMMAND.finditer(text)]


# Credit ladder for setup and usage: the full thing under its heading, the
# runnable part without a heading, then prose or a link without anything to run.
FULL_CREDIT, COMMANDS_ONLY_CREDIT, EXAMPLE_ONLY_CREDIT, PROSE_ONLY_CREDIT, IN_PASSING_CREDIT = 1.0, 0.8, 0.75, 0.5, 0.4
# One numbered item is a list; two or more are steps to follow.
MIN_NUMBERED_STEPS = 2


@kind("readme_setup", params=())
def readme_setup(ctx, params) -> Measurement:
    """Whether the README tells a newcomer how to install or run the project.

    The score climbs a ladder: FULL_CREDIT for commands or numbered steps under a setup heading,
    COMMANDS_ONLY_CREDIT for commands elsewhere, PROSE_ONLY_CREDIT for a setup section without
    them, IN_PASSING_CREDIT for a mention in running text, 0 for nothing.
    """
    path = ctx.readme.path
    doc = _readme_doc(ctx)
    paragraphs = _substantive(doc)
    cued = _cued_sections(doc, _SETUP_HEADING)
    cued_paragraphs = [p for p in paragraphs if p.section in cued]
    cued_code = [c for c in doc.code_blocks if c.section in cued and c.text.strip()]
    cued_commands = [c for c in cued_code if _command_lines(c.text)] + [
        p for p in cued_paragraphs if any(_command_lines(code) for code in p.inline_code)
    ]
    steps = [p for p in cued_paragraphs if p.ordered]
    any_commands = [c for c in doc.code_blocks if c.section not in doc.hollow and _command_lines(c.text)]
    any_commands += [p for p in paragraphs if _prose_commands(p)]
    prose_steps = [p for p in paragraphs if _PROSE_STEP.search(p.text) and (p.inline_code or '"' in p.text or p.hrefs)]
    evidence = []
    if cued and (cued_commands or len(steps) >= MIN_NUMBERED_STEPS):
        score = FULL_CREDIT
        first = (cued_commands or steps)[0]
        evidence.append(Evidence(path, first.line, _snippet(getattr(first, "text", "")), "setup steps under a setup heading"))
    elif any_commands:
        score = COMMANDS_ONLY_CREDIT
        evidence.append(Evidence(path, any_commands[0].line, _snippet(any_commands[0].text), "commands to run, without a setup heading"))
    elif cued_paragraphs or cued_code:
        score = PROSE_ONLY_CREDIT
        first = (cued_paragraphs or cued_code)[0]
        evidence.append(Evidence(path, first.line, _snippet(first.text), "setup section without commands or numbered steps"))
    elif prose_steps:
        score = IN_PASSING_CREDIT
        evidence.append(Evidence(path, prose_steps[0].line, _snippet(prose_steps[0].text), "setup mentioned in passing"))
    else:
        score = 0.0
        evidence.append(_missing(path, "no installation or setup steps"))
    for index in doc.hollow:
        section = doc.sections[index]
        if section.level and _SETUP_HEADING.search(section.heading):
            evidence.append(Evidence(path, section.line, section.heading, f"setup heading holds {doc.hollow[index]}", positive=False))
    return Measurement(
        score=score,
        summary={FULL_CREDIT: "setup steps with commands", COMMANDS_ONLY_CREDIT: "commands given, no setup section",
                 PROSE_ONLY_CREDIT: "setup section without commands", IN_PASSING_CREDIT: "setup only mentioned in passing"}.get(score, "no setup steps"),
        evidence=tuple(evidence),
        values={"found": "steps" if score >= COMMANDS_ONLY_CREDIT else "no runnable steps"},
    )


# --- readme_usage -----------------------------------------------------------------------

_DEMO_LINK = re.compile(r"\b(play|demo|try it|live|deployed|hosted|web store|online)\b", _I)


@kind("readme_usage", params=())
def readme_usage(ctx, params) -> Measurement:
    """Whether the README shows how to use the project once it is installed.

    FULL_CREDIT for a runnable example under a usage heading, EXAMPLE_ONLY_CREDIT for an example
    elsewhere, PROSE_ONLY_CREDIT for usage in prose or a demo link, 0 for nothing. Install
    commands are setup, so they never count as examples.
    """
    path = ctx.readme.path
    doc = _readme_doc(ctx)
    paragraphs = _substantive(doc)
    cued = _cued_sections(doc, _USAGE_HEADING)
    cued_paragraphs = [p for p in paragraphs if p.section in cued]
    code = [c for c in doc.code_blocks if c.section not in doc.hollow and c.text.strip()]
    # An install command is setup, not usage, even under a "Getting started" heading.
    examples = [c for c in code if not _only_installs(c.text)]
    cued_code = [c for c in examples if c.section in cued]
    cued_inline = [p for p in cued_paragraphs if p.inline_code]
    demo = [p for p in paragraphs if p.hrefs and _DEMO_LINK.search(p.text) and not _dead_link_only(p)]
    evidence = []
    if cued_code or (cued and cued_inline):
        score = FULL_CREDIT
        first = (cued_code or cued_inline)[0]
        evidence.append(Evidence(path, first.line, _snippet(first.text), "runnable example under a usage heading"))
    elif examples:
        score = EXAMPLE_ONLY_CREDIT
        evidence.append(Evidence(path, examples[0].line, _snippet(examples[0].text), "code example without a usage heading"))
    elif cued_paragraphs:
        score = PROSE_ONLY_CREDIT
        evidence.append(Evidence(path, cued_paragraphs[0].line, _snippet(cued_paragraphs[0].text), "usage described in prose, no runnable example"))
    elif demo:
        score = PROSE_ONLY_CREDIT
        evidence.append(Evidence(path, demo[0].line, _snippet(demo[0].text), "links to a live demo, no example"))
    else:
        score = 0.0
        evidence.append(_missing(path, "no usage section or example"))
    for paragraph in doc.paragraphs:
        if _dead_link_only(paragraph) and doc.sections[paragraph.section].level and _USAGE_HEADING.search(doc.sections[paragraph.section].heading):
            evidence.append(Evidence(path, paragraph.line, _snippet(paragraph.text), "usage points to a link that goes nowhere", positive=False))
    return Measurement(
        score=score,
        summary={FULL_CREDIT: "usage with a runnable example", EXAMPLE_ONLY_CREDIT: "code example without a usage section",
                 PROSE_ONLY_CREDIT: "usage without a runnable example"}.get(score, "no usage example"),
        evidence=tuple(evidence),
        values={"found": "an example" if score >= EXAMPLE_ONLY_CREDIT else "no runnable example"},
    )


_INSTALL_COMMAND = re.compile(
    r"^\s*(\$\s*)?(sudo\s+)?(pip3? install|npm (i|install)|yarn add|pnpm add|brew install|apt(-get)? install|"
    r"cargo install|go install|git clone|conda install|gem install)\b",
    _I,
)


def _only_installs(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return bool(lines) and all(_INSTALL_COMMAND.match(line) for line in lines)


# --- readme_structure -------------------------------------------------------------------

# A paragraph longer than this reads as a wall of text: readers skim past it instead of reading it.
DEFAULT_WALL_WORDS = 150
# About a screen of text per heading lets a reader scan to the part they need.
DEFAULT_WORDS_PER_HEADING = 250
# Below this a README is a few lines: it needs no headings, so its structure is not judged.
DEFAULT_STRUCTURE_MIN_WORDS = 40
# Each wall of text costs this share of the structure score, at most MAX_WALL_PENALTY in all:
# walls hurt scanning, but a README with headings for its length keeps some credit.
WALL_PENALTY = 0.3
MAX_WALL_PENALTY = 0.6
# Headings named in the evidence: enough to show the outline without copying all of it.
MAX_HEADINGS_LISTED = 6


@kind("readme_structure", params=("wall_words", "words_per_heading", "min_words"))
def readme_structure(ctx, params) -> Measurement:
    """Whether a reader can scan the README: headings for its length and no walls of text.

    The heading share (one per ``words_per_heading`` words) is scaled down by WALL_PENALTY per
    paragraph over ``wall_words`` and by the share of empty sections. A README under
    ``min_words`` has nothing to structure yet and scores THIN_README_SCORE.
    """
    wall_words = int(params.get("wall_words", DEFAULT_WALL_WORDS))
    words_per_heading = int(params.get("words_per_heading", DEFAULT_WORDS_PER_HEADING))
    min_words = int(params.get("min_words", DEFAULT_STRUCTURE_MIN_WORDS))
    path = ctx.readme.path
    doc = _readme_doc(ctx)
    paragraphs = _substantive(doc)
    words = sum(p.words for p in paragraphs)
    headings = [s for s in doc.sections if s.level and s.index not in doc.hollow and s.heading]
    hollow = [doc.sections[i] for i in doc.hollow if doc.sections[i].level]
    values = {"words": words, "headings": len(headings), "walls": 0, "hollow": len(hollow)}
    if words < min_words:
        return Measurement(
            score=THIN_README_SCORE,
            summary=f"only {words} words of real content: nothing to structure yet",
            evidence=(Evidence(path, 1, _snippet(doc.title or ""), f"{words} words of real content", positive=False),),
            values=values,
        )
    needed = max(1, words // words_per_heading)
    heading_score = 1.0 if words <= words_per_heading else min(1.0, len(headings) / needed)
    walls = [p for p in paragraphs if p.words > wall_words]
    wall_penalty = min(MAX_WALL_PENALTY, WALL_PENALTY * len(walls))
    all_sections = max(1, len([s for s in doc.sections if s.level]))
    hollow_share = len(hollow) / all_sections
    score = heading_score * (1 - wall_penalty) * (1 - hollow_share)
    evidence = [Evidence(path, headings[0].line if headings else 1, ", ".join(s.heading for s in headings[:MAX_HEADINGS_LISTED]) or None,
                         f"{len(headings)} headings for {words} words")]
    for wall in walls[:MAX_EXAMPLES]:
        evidence.append(Evidence(path, wall.line, _snippet(wall.text), f"wall of text: {wall.words} words in one paragraph", positive=False))
    for section in hollow[:MAX_EXAMPLES]:
        evidence.append(Evidence(path, section.line, section.heading, f"empty section: {doc.hollow[section.index]}", positive=False))
    return Measurement(
        score=score,
        summary=f"{len(headings)} headings, {len(walls)} walls of text, {len(hollow)} empty sections for {words} words",
        evidence=tuple(evidence),
        values=dict(values, walls=len(walls)),
    )


# --- readme_readability -----------------------------------------------------------------

# Share of long sentences tolerated before any penalty: technical prose needs a few.
DEFAULT_LONG_SENTENCE_SHARE = 0.1
# Hard prose costs at most this share, reached at HARD_FLESCH: it costs points but never
# zeroes a README that says the right things.
HARD_PROSE_PENALTY = 0.6
# The long-sentence share beyond the tolerated one costs this many times its size
# (10% too many long sentences cost 20% of the score).
LONG_SENTENCE_PENALTY_RATE = 2
# Each wall of text costs this share.
READABILITY_WALL_PENALTY = 0.15
# Long sentences, and walls of text, each cost at most this share, so one habit cannot
# outweigh the reading ease itself.
MAX_HABIT_PENALTY = 0.4


@kind("readme_readability", params=("long_sentence_share",))
def readme_readability(ctx, params) -> Measurement:
    """How easily the README's English prose reads.

    Full marks from COMFORTABLE_FLESCH reading ease, falling by HARD_PROSE_PENALTY at HARD_FLESCH,
    then reduced for long sentences beyond ``long_sentence_share`` and for walls of text. Prose in
    another language, or too little of it, is not applicable rather than scored.
    """
    tolerated_share = float(params.get("long_sentence_share", DEFAULT_LONG_SENTENCE_SHARE))
    path = ctx.readme.path
    doc = _readme_doc(ctx)
    result = assess(doc, _substantive(doc))
    if not result.assessed:
        return not_applicable(f"readability not assessed: {result.reason}")
    if result.flesch >= COMFORTABLE_FLESCH:
        flesch_part = 1.0
    else:
        # Linear between the bands, so every point of reading ease counts the same.
        depth = (COMFORTABLE_FLESCH - max(HARD_FLESCH, result.flesch)) / (COMFORTABLE_FLESCH - HARD_FLESCH)
        flesch_part = 1.0 - HARD_PROSE_PENALTY * depth
    long_share = len(result.long_sentences) / result.sentences if result.sentences else 0.0
    long_penalty = min(MAX_HABIT_PENALTY, max(0.0, long_share - tolerated_share) * LONG_SENTENCE_PENALTY_RATE)
    wall_penalty = min(MAX_HABIT_PENALTY, READABILITY_WALL_PENALTY * len(result.walls))
    score = flesch_part * (1 - long_penalty) * (1 - wall_penalty)
    evidence = [Evidence(path, None, None, f"Flesch reading ease {result.flesch} on {result.prose_words} words of prose "
                                          f"(technical READMEs usually read 30-60)")]
    for passage in result.long_sentences[:MAX_EXAMPLES]:
        evidence.append(Evidence(path, passage.line, passage.snippet, f"{passage.words}-word sentence", positive=False))
    for passage in result.walls[:MAX_SECONDARY_EXAMPLES]:
        evidence.append(Evidence(path, passage.line, passage.snippet, f"{passage.words}-word paragraph", positive=False))
    return Measurement(
        score=score,
        summary=f"Flesch {result.flesch}, {result.mean_sentence_words} words per sentence, "
                f"{count_of(len(result.long_sentences), 'long sentence')}",
        evidence=tuple(evidence),
        values={"flesch": result.flesch, "long_sentences": len(result.long_sentences), "walls": len(result.walls)},
    )


# --- readme_visuals ---------------------------------------------------------------------

_UI_SUFFIXES = (".jsx", ".tsx", ".vue", ".svelte", ".dart", ".swift", ".kt")
_UI_IMPORTS = re.compile(
    r"(from ['\"](react|react-dom|vue|svelte|@angular/core|phaser|three|electron|react-native)['\"]|"
    r"require\(['\"](react|vue|electron|phaser|three)['\"]\)|^\s*import (tkinter|pygame|kivy|arcade|pyglet|streamlit|gradio|dash|flet|wx)\b|"
    r"^\s*from (tkinter|pygame|kivy|PyQt\d|PySide\d|streamlit|gradio|dash|flet)\b|import (PyQt\d|PySide\d)|"
    r"using UnityEngine|import (SwiftUI|UIKit)|import android\.|javax\.swing|javafx\.|love\.graphics|"
    r"document\.getElementById|<template>)",
    re.MULTILINE,
)
_UI_PACKAGES = re.compile(
    r"[\"'\s](react|react-dom|vue|svelte|@angular/core|next|nuxt|electron|react-native|expo|phaser|three|"
    r"pygame|pyqt5|pyqt6|pyside6|kivy|streamlit|gradio|dash|flet|arcade|pyglet)[\"'\s=<>~^@:]",
    _I,
)
_UI_TOPICS = {
    "game", "gamedev", "game-jam", "ludum-dare", "gui", "ui", "frontend", "web-app", "webapp", "website",
    "chrome-extension", "browser-extension", "android", "ios", "mobile-app", "desktop-app", "electron",
    "react", "vue", "svelte", "angular", "unity", "godot", "pygame", "love2d", "nextjs", "flutter",
}
_VISUAL_LINK = re.compile(r"(\.(gif|png|jpe?g|webp|svg|mp4|webm|mov)(\?|$)|youtu\.?be|vimeo\.com|asciinema\.org|loom\.com)", _I)
_BADGE_HOSTS = re.compile(r"(shields\.io|badge|travis-ci|circleci|codecov|coveralls|github\.com/[^/]+/[^/]+/(actions|workflows))", _I)
# Characters of a matched import quoted as the UI reason: the statement, not the line's rest.
UI_IMPORT_SNIPPET_CHARS = 40


def _has_user_interface(ctx) -> str:
    """Why the project looks like it has a user interface, or "" when nothing suggests one."""
    for topic in ctx.repo.topics:
        if topic.lower() in _UI_TOPICS:
            return f"topic '{topic}'"
    for entry in ctx.source_files:
        if entry.path.lower().endswith(_UI_SUFFIXES):
            return f"UI source file {entry.path}"
    for entry in ctx.manifests:
        match = _UI_PACKAGES.search(entry.text)
        if match:
            return f"{entry.path} depends on {match.group(1)}"
    for entry in ctx.source_files:
        match = _UI_IMPORTS.search(entry.text)
        if match:
            return f"{entry.path} uses {match.group(0).strip()[:UI_IMPORT_SNIPPET_CHARS]}"
    return ""


def _is_placeholder_src(src: str) -> bool:
    return not src.strip() or bool(re.search(r"(path/to|your[-_]|placeholder|example\.com/image|image_source_url)", src, _I))


@kind("readme_visuals", params=())
def readme_visuals(ctx, params) -> Measurement:
    """Whether a project with a user interface shows it in the README.

    1 for a screenshot, diagram or linked demo (badges and placeholder image paths do not
    count), else 0; not applicable when no UI code, dependency or topic is found.
    """
    ui = _has_user_interface(ctx)
    if not ui:
        return not_applicable("no user interface detected (no front-end, GUI or game code)")
    path = ctx.readme.path
    doc = _readme_doc(ctx)
    pictures = [
        image for image in doc.images
        if not _is_placeholder_src(image.src) and not _BADGE_HOSTS.search(image.src) and image.section not in doc.hollow
    ]
    linked = [link for link in doc.links if _VISUAL_LINK.search(link.href) and not _BADGE_HOSTS.search(link.href)]
    placeholders = [image for image in doc.images if _is_placeholder_src(image.src)]
    evidence = []
    for image in pictures[:MAX_EXAMPLES]:
        evidence.append(Evidence(path, image.line, image.src, f"shows the interface ({image.alt or 'image'})"))
    for link in linked[:MAX_SECONDARY_EXAMPLES]:
        evidence.append(Evidence(path, link.line, link.href, "links a demo video or image"))
    for image in placeholders[:MAX_SECONDARY_EXAMPLES]:
        evidence.append(Evidence(path, image.line, image.src, "image path is a template placeholder", positive=False))
    if not pictures and not linked:
        evidence.append(_missing(path, f"no screenshot, diagram or demo although the project has a UI ({ui})"))
    score = 1.0 if (pictures or linked) else 0.0
    return Measurement(
        score=score,
        summary=("shows the interface" if score else "no screenshot or demo") + f"; UI detected from {ui}",
        evidence=tuple(evidence),
        values={"ui": ui},
    )


# --- readme_impact ----------------------------------------------------------------------

_FIGURE = re.compile(
    r"(?<![\w.#/-])(?:\d{1,3}(?:[,.\u202f ]\d{3})+|\d+(?:\.\d+)?)\s*(?:\+|k\b|m\b)?\s*"
    r"(%|percent|x\b|×|times\b|ms\b|milliseconds?|µs|ns\b|s\b|sec(?:onds?)?|minutes?|mins?\b|hours?|hrs?\b|days?|"
    r"weeks?|kb\b|mb\b|gb\b|tb\b|b\b|bytes?|fps|rps|qps|req/s|requests|users|students|customers|people|downloads|"
    r"installs|visitors|players|teams|companies|lines|records|rows|items|entries|files|tests|countries|sentences|"
    r"words|images|samples|languages|points|restaurants|menu items|queries|transactions|members|schools|"
    r"accuracy|precision|recall|f1|auc|bleu|stars?|commits|contributors)",
    _I,
)
_OUTCOME = re.compile(
    r"\b(faster|slower|smaller|reduc\w+|cut|improv\w+|increas\w+|decreas\w+|sav\w+|sped up|speed-?up|boost\w*|"
    r"grew|reach\w*|serv\w+|used by|handles?|processes|scal\w+|beats?|outperform\w*|from \S+ to|down from|up from|"
    r"benchmark\w*|accuracy|latency|throughput|compared|than|over|within|under|only|tiny|at least|more than|"
    r"scrap\w+|seed\w*|contains?|includes?|supports?|achiev\w+)\b",
    _I,
)
_RESULTS_HEADING = re.compile(
    r"(benchmark|performance|results?|evaluation|accuracy|speed|metrics|impact|achievements?|outcomes?|numbers|"
    r"résultats|performances|leistung|ergebnisse|resultados|rendimiento|성능|정확도|속도|性能|結果|结果|精度)",
    _I,
)
_EMPTY_CLAIM = re.compile(
    r"\b(blazing(ly)?[ -]fast|lightning[ -]fast|ultra[ -]fast|super[ -]fast|significantly (faster|better|smaller)|"
    r"high[ -]performance|highly efficient|extremely (fast|efficient)|maximum efficiency|best[ -]in[ -]class|"
    r"world[ -]class|state[ -]of[ -]the[ -]art)\b",
    _I,
)
# Credit per figure: one tied to an outcome ("7 times faster", "used by 40 people")
# counts twice a bare one; a paragraph or a results table counts at most MAX.
FIGURE_WITH_OUTCOME = 0.6
BARE_FIGURE = 0.3
MAX_PARAGRAPH_IMPACT = 1.5
# Credit at which the score reaches 1 - 1/e (about 0.63): one results table (MAX_PARAGRAPH_IMPACT)
# passes on its own, while a single bare figure stays well below a pass.
DEFAULT_IMPACT_SATURATION = 0.8
# Results quoted as evidence, strongest first: more than MAX_EXAMPLES, since each result is
# what the rule asks for, not a flaw to point at.
MAX_RESULT_EXAMPLES = 5
_VERSION_OR_DATE = re.compile(r"^(v\d+(\.\d+)*|\d+\.\d+\.\d+(\.\d+)*|(19|20)\d\d)$")


def _figures(text: str) -> list:
    return [m.group(0).strip() for m in _FIGURE.finditer(text) if not _VERSION_OR_DATE.match(m.group(0).split()[0])]


@kind("readme_impact", params=("saturation",))
def readme_impact(ctx, params) -> Measurement:
    """Whether the README states what the project achieved in figures (speed-ups, users, accuracy).

    Each figure adds FIGURE_WITH_OUTCOME when tied to an outcome or results heading, else
    BARE_FIGURE (at most MAX_PARAGRAPH_IMPACT per paragraph or results table); the score is
    1 - exp(-total / ``saturation``), so the first results matter most.
    """
    saturation = float(params.get("saturation", DEFAULT_IMPACT_SATURATION))
    path = ctx.readme.path
    doc = _readme_doc(ctx)
    paragraphs = _substantive(doc)
    language = _language(doc, paragraphs)
    results_sections = set(_cued_sections(doc, _RESULTS_HEADING))
    found = []  # (strength, line, snippet, note)
    for paragraph in paragraphs:
        figures = _figures(paragraph.text)
        if not figures and language not in _CUE_LANGUAGES:
            # Units are words; in other languages any counted noun is read as a figure.
            figures = re.findall(r"(?<![\w.])\d[\d,.]*\s*\S+", paragraph.text)
            figures = [f for f in figures if not _VERSION_OR_DATE.match(f.split()[0])]
        if not figures:
            continue
        outcome = _OUTCOME.search(paragraph.text) or paragraph.section in results_sections
        per_figure = FIGURE_WITH_OUTCOME if outcome else BARE_FIGURE
        strength = min(MAX_PARAGRAPH_IMPACT, per_figure * len(figures))
        found.append((strength, paragraph.line, paragraph.text, f"states a result with figures: {', '.join(figures[:MAX_EXAMPLES])}"))
    for block in list(doc.code_blocks) + list(doc.tables):
        if block.section not in results_sections or block.section in doc.hollow:
            continue
        text = block.text if hasattr(block, "text") else " ".join(" ".join(row) for row in block.rows)
        if re.search(r"\d", text):
            heading = doc.sections[block.section].heading
            found.append((MAX_PARAGRAPH_IMPACT, block.line, text[:SNIPPET_CHARS], f"measured figures under '{heading}'"))
    claims = [(p.line, p.text) for p in paragraphs if _EMPTY_CLAIM.search(p.text) and not _figures(p.text)]
    for table in doc.tables:
        for row in table.rows:
            cell_text = " | ".join(row)
            if _EMPTY_CLAIM.search(cell_text) and not _figures(cell_text):
                claims.append((table.line, cell_text))
    total = sum(strength for strength, *_ in found)
    score = 1.0 - math.exp(-total / saturation) if total else 0.0
    found.sort(key=lambda item: (-item[0], item[1]))
    evidence = [Evidence(path, line, _snippet(snippet), note) for _, line, snippet, note in found[:MAX_RESULT_EXAMPLES]]
    for line, text in claims[:MAX_EXAMPLES]:
        evidence.append(Evidence(path, line, _snippet(text), "performance claim without a figure", positive=False))
    if not found:
        evidence.append(_missing(path, "no outcome stated with numbers (time saved, users, benchmark, accuracy)"))
    return Measurement(
        score=score,
        summary=f"{count_of(len(found), 'result')} stated with figures, {count_of(len(claims), 'claim')} without any",
        evidence=tuple(evidence),
        values={"results": len(found), "claims": len(claims)},
    )
