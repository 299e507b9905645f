"""Kinds for README clarity: presence, opening, setup, usage, structure, readability.

Every kind reads only *substantive* paragraphs: placeholders ("TODO",
"[describe ...]"), instructions left for a template's author and generator
boilerplate (Create React App, create-next-app) earn nothing, so clarity does
not reduce to length or to having the right headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis.language import UNDETERMINED
from ..analysis.markdown import count_words
from ..analysis.placeholders import PUFFERY_LIMIT, placeholder_reason, puffery
from ..analysis.readability import COMFORTABLE_FLESCH, HARD_FLESCH, MIN_PROSE_WORDS, assess
from ..wording import count_of
from ..context import RepoContext
from . import Evidence, Measurement, NoParameters, kind, not_applicable, not_assessed, parameter
from .readme_opening_lexicon import OPENING_LABEL, OPENING_LANGUAGES, labelled_fields, names_audience
from .readme_opening_lexicon import says_what as lexicon_says_what
from .readme_text import (
    CUE_LANGUAGES, MAX_EXAMPLES, MAX_SECONDARY_EXAMPLES, OPENING_PARAGRAPHS, SETUP_HEADING, SETUP_USAGE_LANGUAGES,
    THIN_README_SCORE, USAGE_HEADING, cue_pattern, cued_sections, dead_link_only, interface_steps, missing_evidence,
    nothing_to_run, readme_doc, readme_language, snippet_of, substantive_paragraphs,
)

_I = re.IGNORECASE

# --- readme_present ---------------------------------------------------------------------

# About a paragraph: enough to say what the project is and how to start.
DEFAULT_PRESENT_MIN_WORDS = 50
# A code block counts one word in this many: commands help, but they do not explain.
CODE_WORDS_PER_COUNTED_WORD = 4
# Characters of the README shown as evidence when it has no title: about one line.
UNTITLED_SNIPPET_CHARS = 80


@dataclass(frozen=True)
class ReadmePresentParameters:
    """The parameters of ``readme_present``: the neutral defaults; a rule file sets its own values."""

    min_words: int = parameter(DEFAULT_PRESENT_MIN_WORDS, at_least=1)


@kind("readme_present", parameters=ReadmePresentParameters)
def readme_present(ctx: RepoContext, params: ReadmePresentParameters) -> Measurement:
    """Whether the repository has a root README with real content.

    Without one the score is 0, and a project generator's README left unedited scores
    THIN_README_SCORE ("unedited generator README"); otherwise it is the words of substantive text (code blocks
    count one word in CODE_WORDS_PER_COUNTED_WORD) over ``min_words``, capped at 1 and never below
    THIN_README_SCORE, since a thin README still beats none.
    """
    min_words = params.min_words
    generated = ctx.readme is None and getattr(ctx, "generator_readme", None)
    if generated:
        # Neither missing nor the person's: the page a reader opens says only what the generator says.
        return Measurement(
            score=THIN_README_SCORE,
            summary=f"{generated.path}: unedited generator README",
            evidence=(Evidence(generated.path, 1, snippet_of(generated.text[:UNTITLED_SNIPPET_CHARS]),
                               f"unedited generator README ({generated.origin_reason})", positive=False),),
            values={"words": 0, "min_words": min_words},
        )
    if ctx.readme is None:
        return Measurement(
            score=0.0,
            summary="no README at the repository root",
            evidence=(missing_evidence(None, "no README.md, README.rst or README.txt at the root"),),
            values={"words": 0, "min_words": min_words},
        )
    doc = readme_doc(ctx)
    paragraphs = substantive_paragraphs(doc)
    words = sum(p.words for p in paragraphs) + sum(count_words(c.text) for c in doc.code_blocks) // CODE_WORDS_PER_COUNTED_WORD
    score = max(THIN_README_SCORE, min(1.0, words / min_words))
    evidence = [Evidence(ctx.readme.path, 1, snippet_of(doc.title or ctx.readme.text[:UNTITLED_SNIPPET_CHARS]), f"README with {words} words of real content")]
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
    r"simulator|system|program|pubsub|alternative|wrapper|toolkit|command|portal|tracker|editor|viewer|"
    r"replacement|substitute|successor|port|rewrite|reimplementation|package|module|crate|gem|sdk|bindings?|"
    r"script|daemon|shell|compiler|interpreter|emulator|database|driver|solver|calculator|converter|scraper|"
    r"crawler|assistant|chatbot|visuali[sz]er|classifier|model|pipeline|template|theme|starter|boilerplate|"
    r"ui|gui|interface|frontend|backend|review|reviewer|monitor|bridge|proxy|gateway|queue|cache|launcher|"
    r"installer|runner|scheduler|checker|linter|formatter|validator|bundler|loader|exporter|importer|notifier|"
    r"recorder|logger|kit|agent|skill|helper|component|widget|hook|container|storage|store|library)(e?s)?"
)
# What the project stands in for and where it already runs ("a readline replacement used in
# Redis and Android", "replaces cron on embedded boards") places it as well as a kind noun does.
_REPLACES_OR_USED = r"\b(replaces?|replacing|drop-in|instead of|in place of|alternative to)\b|\bused (in|by|at) [A-Z0-9]"
# A tagline that starts with what the project does, as an order or a description:
# "Manage your articles using git", "Installs and updates the mod files", "Download all your
# books", "Make everything a GitHub poster", "Play ChatGPT with a Xiaomi speaker". A verb is
# told from a noun by what follows it: a determiner, a possessive, an indefinite pronoun, or
# (case kept) a product's name written with inner capitals, digits or in capitals ("ChatGPT",
# "PDF", "S3"), which a title's next word ("Project Title", "Simple Todo") is not, in a
# sentence that goes on in lower case, which a title ("Awesome GitHub Profile") does not.
# Words that send the reader elsewhere ("See the docs", "Read the guide") are not taglines,
# nor a setup step before a name ("Install Node.js first").
_ELSEWHERE_VERBS = r"see|read|visit|check|click|thanks|thank|please|note|welcome|follow|join|star|use|try"
_SETUP_VERBS = (r"install|run|clone|build|set|configure|open|go|start|launch|execute|type|enter|copy|add|get|fork|import|"
                r"require|download|update|upgrade|edit|change|create|make")
_VERB_FIRST = re.compile(
    r"^\W*" + OPENING_LABEL + rf"(?!(?:{_ELSEWHERE_VERBS})\b)"
    r"[A-Za-z][a-z]{2,}s?(?: and [a-z]{3,}s?)? (?:a|an|the|your|all|any|every|each|my|our|their|its|this|these|those|"
    r"multiple|many|one|two|several|any|everything|anything|something)\b|"
    r"^\W*" + OPENING_LABEL + rf"(?!(?:{_ELSEWHERE_VERBS}|{_SETUP_VERBS})\b)"
    r"(?-i:[A-Z][a-z]{2,}s? [A-Z][a-z0-9]*[A-Z0-9][A-Za-z0-9]*\b(?=[^.!?\n]{0,60}?\b[a-z]{3,}\b))",
    _I,
)
_WHAT = re.compile(
    r"^\W*([\w\-/.,]+ ){0,6}" + _KIND_NOUNS + r"\b|\b(is|are) (a|an|the|one)\b|\bthis (project|tool|library|app|application|extension|game|repo(sitory)?|package|"
    r"plugin|module|cli|site|website|api|service|bot|script|framework|program|website)\b|"
    r"\b(a|an) ([\w\-]+,? ){0,5}" + _KIND_NOUNS + r"\b|" + _REPLACES_OR_USED + r"|"
    # An opening that starts with "a" or "an" and a noun phrase that something made is a
    # definition whatever its noun: "A mini ray tracer developed as part of ...".
    r"^\W*(a|an) ([^\s,]+ ){0,4}[^\s,]+,? (written|built|developed|made|designed|implemented|created|coded|programmed|that|which)\b|"
    r"\b(lets|allows|helps|enables) (you|users|developers|people|teams)\b|"
    r"\b(makes|turns|converts|generates|finds|tracks|collapses|corrects|creates|manages|automates|provides)\b|"
    r"\bi (built|made|created|wrote|developed)\b|\bwe (built|made|created|wrote|developed)\b",
    _I,
)
# People a project can be for, named in plain words: roles, trades, groups. "users" alone is
# here too, but every noun counts only where the sentence makes it the audience ("for ...",
# "helps ...", "... who"): "an AI player" in a game's description names no audience.
_PEOPLE = (
    r"(people|persons?|folks|humans|friends|famil(y|ies)|kids|children|parents|students?|learners?|beginners?|"
    r"newcomers?|novices?|hobbyists?|amateurs?|enthusiasts?|makers?|hackers?|tinkerers?|teachers?|educators?|"
    r"instructors?|tutors?|professors?|researchers?|scientists?|scholars?|academics?|analysts?|engineers?|"
    r"developers?|devs|programmers?|coders?|designers?|artists?|musicians?|writers?|authors?|bloggers?|"
    r"journalists?|editors?|readers?|players?|gamers?|streamers?|creators?|photographers?|doctors?|nurses?|"
    r"clinicians?|patients?|caregivers?|therapists?|lawyers?|accountants?|recruiters?|managers?|admins?|"
    r"administrators?|sysadmins?|operators?|maintainers?|contributors?|volunteers?|organi[sz]ers?|communit(y|ies)|"
    r"teams?|companies|company|businesses|business|startups?|organi[sz]ations?|nonprofits?|schools?|"
    r"universities|classes|classmates|shops?|stores?|restaurants?|owners?|customers?|clients?|users?|members?|"
    r"employees?|staff|workers?|freelancers?|consultants?|traders?|investors?|farmers?|gardeners?|cooks?|chefs?|"
    r"travell?ers?|commuters?|drivers?|riders?|athletes?|runners?|cyclists?|fans?|collectors?|citizens?|"
    r"residents?|voters?|tenants?|homeowners?|buyers?|sellers?|merchants?|individuals?|hosts?|"
    r"speakers?|organisers?|mentors?|mentees?|interns?|juniors?|seniors?|newbies?|experts?|professionals?|"
    r"specialists?|practitioners?|technicians?|hikers?)"
)
# Programming ecosystems: "a Rust library", "this Go package" name their audience (people who
# write Rust, Go) in the words that say what it is.
_ECOSYSTEMS = (
    r"(rust|go|golang|python|javascript|typescript|node(\.js)?|deno|java|kotlin|scala|c|c\+\+|c#|\.net|ruby|"
    r"php|swift|haskell|elixir|erlang|julia|lua|zig|dart|flutter|clojure|ocaml|perl|r|emacs|vim|neovim|vs ?code|"
    r"react|vue|svelte|angular|django|flask|rails|laravel|unity|godot|jupyter|obsidian|wordpress|bash|zsh|"
    r"fish|posix|unix|linux|windows|macos|android|ios)"
)
_AUDIENCE = re.compile(
    r"\b(for|to help|helping|helps|help|serves?|serving|aimed at|designed for|intended for|built for|made for|"
    r"meant for|targeted at|targeting|tailored (for|to)|written for|created for|geared towards?|useful (for|to)|"
    r"lets|allows|enables|empowers|supports)\b(\s+[\w'’\-]+){0,4}?\s+" + _PEOPLE + r"\b|"
    r"\b" + _PEOPLE + r"\s+(who|that|which|can|may|will be able|get to|wanting|looking|needing|trying)\b|"
    r"\b(anyone|anybody|everyone|everybody|those|someone|whoever)\b|"
    r"\b(if|when|whenever|once) you(('re| are| want| need| have| work| maintain| manage| teach| study| run a| own|"
    r" keep| love| like| ever| often| regularly| just| care))|\byou who\b|\bwho (want|need)s?\b|"
    r"\bfor [\w\- ]{1,30}? who\b|\bfor use (in|with|by|on)\b|\bused (in|by|at) [A-Z0-9]|"
    r"\b" + _ECOSYSTEMS + r"(\s+[\w\-]+)?\s+(library|package|crate|module|framework|sdk|gem|plugin|extension|"
    r"bindings?|wrapper|client|toolkit|api|macro|addon|add-on|theme)\b",
    _I,
)


def _what_of(doc, text: str, languages: list):
    """Where ``text`` says what the project is or does, in English or one of ``languages``; None if nowhere."""
    return (_WHAT.search(text) or _names_itself(doc, text) or _VERB_FIRST.search(text)
            or next(filter(None, (lexicon_says_what(lang, text) for lang in languages)), None))


def _names_itself(doc, text: str):
    """"tidyjson reformats ...": the project's own name as the subject of a verb says what it does."""
    words = (doc.title or "").split()
    if not words or len(words[0]) < MIN_NAME_CHARS or not re.match(r"\w", words[0]):
        return None
    return re.search(rf"\b{re.escape(words[0])}\s+(?!is\b|was\b|has\b)[a-z]{{3,}}s\b", text, _I)


# A shorter first word of the title ("A", "My") is not a name.
MIN_NAME_CHARS = 3


# Sections a README may open with that introduce nothing: who wrote it and a table of
# contents. The introduction is the first section after them ("## Authors" then "## Overview").
_CREDITS_OR_CONTENTS_HEADING = re.compile(
    r"^\W*(authors?|team( members)?|members|contributors|credits|(table of )?contents|toc|"
    r"auteurs?|[ée]quipe|membres|sommaire|table des mati[èe]res|autor(es|as)?|equipo|integrantes|[íi]ndice|"
    r"contenidos?|autoren|inhalt(sverzeichnis)?|autori|squadra|sum[áa]rio|equipe|авторы|команда|содержание|"
    r"作者|团队|團隊|成员|成員|目录|目錄|目次|メンバー|작성자|팀원?|목차)\W*$",
    _I,
)


# Fewer words than a sentence that says what a project is and for whom: a line of labels.
LABEL_LINE_WORDS = 12


def _completed(doc, paragraphs, opening: list) -> list:
    """A line of labels ("42 exam rank 06 | Cursus complete") and the next section that introduces the project."""
    rest = [p for p in paragraphs if p.line > opening[-1].line]
    return (opening + _first_section(doc, rest))[:OPENING_PARAGRAPHS]


def _first_section(doc, paragraphs) -> list:
    """The paragraphs of the first section after any credits or contents, unless it is the setup or usage."""
    sections = list(dict.fromkeys(p.section for p in paragraphs))
    if not sections:
        return []
    first = next((i for i in sections if not _CREDITS_OR_CONTENTS_HEADING.match(doc.sections[i].heading or "")),
                 sections[0])
    heading = doc.sections[first].heading
    if SETUP_HEADING.search(heading) or USAGE_HEADING.search(heading):
        return []  # the README goes straight to setup or usage: there is no introduction
    return [p for p in paragraphs if p.section == first]


def _opening(doc, paragraphs) -> list:
    """The first substantive paragraphs before the first second-level heading (or of the first section)."""
    first_sub = next((s.line for s in doc.sections if s.level >= 2), None)
    before = [p for p in paragraphs if first_sub is None or p.line < first_sub]
    # Where the opening belongs: before the first subheading, or else the first section with text.
    place = [p for p in doc.paragraphs if first_sub is None or p.line < first_sub] or \
        [p for p in doc.paragraphs if p.section == doc.paragraphs[0].section]
    if not before and any(p.section in doc.hollow or placeholder_reason(p.text) for p in place):
        # A template's blank in that place ("Describe your project here", a "Project name"
        # heading) is this README's opening: the text of a later section is not promoted into it.
        return []
    if not before:
        # No text before the first subheading: the first section is the opening.
        before = _first_section(doc, paragraphs)
    return before[:OPENING_PARAGRAPHS]


# Shares of the opening score: having real text at all, saying what it is, naming
# the audience. "What" weighs most: a reader can infer the audience from it, so an opening
# that says what the project is passes on that alone (0.8), and naming the audience completes it.
OPENING_SUBSTANCE, OPENING_WHAT, OPENING_WHO = 0.3, 0.5, 0.2
# One short sentence: fewer words cannot say what a project is.
DEFAULT_OPENING_MIN_WORDS = 10


@dataclass(frozen=True)
class ReadmeOpeningParameters:
    """The parameters of ``readme_opening``: the neutral defaults; a rule file sets its own values."""

    min_words: int = parameter(DEFAULT_OPENING_MIN_WORDS, at_least=1)


@kind("readme_opening", parameters=ReadmeOpeningParameters)
def readme_opening(ctx: RepoContext, params: ReadmeOpeningParameters) -> Measurement:
    """Whether the first paragraphs of the README say what the project is and who it is for.

    An opening under ``min_words`` of real text scores 0; otherwise OPENING_SUBSTANCE plus
    OPENING_WHAT and OPENING_WHO for each that the wording shows. The cues are English, plus
    the lexicon of kinds/readme_opening_lexicon.py for other languages; an opening in a language
    neither reads is not assessed rather than scored for its language.
    """
    min_words = params.min_words
    path = ctx.readme.path if ctx.readme else None
    doc = readme_doc(ctx)
    paragraphs = substantive_paragraphs(doc)
    opening = _opening(doc, paragraphs)
    text = " ".join(p.text for p in opening)
    words = count_words(text)
    completed = _completed(doc, paragraphs, opening) if opening and words < LABEL_LINE_WORDS else opening
    if words < min_words and completed != opening:
        # Too few words above the first heading to be an opening: the section after them is it.
        opening, text = completed, " ".join(p.text for p in completed)
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
            evidence=(Evidence(path, opening[0].line if opening else 1, snippet_of(text) or None, note, positive=False),),
            values=values,
        )
    line = opening[0].line
    # A short opening is easily mistaken for a neighbouring language ("nl" for two lines of
    # German), or too short to tell: it is read in its own language and the README's.
    languages = tuple(dict.fromkeys((readme_language(doc, opening), readme_language(doc, paragraphs))))
    read = [lang for lang in languages if lang in OPENING_LANGUAGES]
    language = read[0] if read else next((lang for lang in languages if lang != UNDETERMINED), UNDETERMINED)
    if not read and language not in CUE_LANGUAGES:
        # Neither the English cues nor the lexicon read this language: the opening is neither
        # credited nor scored down for not matching them.
        return not_assessed(
            f"opening of {words} words in '{language}': what it says is not assessed "
            "(the opening cues do not read this language)",
            (Evidence(path, line, snippet_of(text), f"substantive opening in '{language}'"),),
        )
    # Another language is read by its own lexicon, and by the English cues too: openings
    # often mix in English ("a Home Assistant integration", "CLI").
    says_what = _what_of(doc, text, read)
    if not says_what and completed != opening:
        # A line of labels that says nothing of what the project is: the section after it may.
        longer = " ".join(p.text for p in completed)
        says_what = _what_of(doc, longer, read)
        if says_what:
            opening, text, words = completed, longer, count_words(longer)
    praise = puffery(text)
    if len(praise) >= PUFFERY_LIMIT:
        # "A next-generation, blazing-fast platform that empowers teams" names a kind of
        # thing but not what it does; the superlatives stand where the facts should be.
        says_what = None
    says_who = _AUDIENCE.search(text) or next(filter(None, (names_audience(lang, text) for lang in read)), None)
    # A README of labelled fields says them under its headings ("## Concept", "## 対象ユーザ").
    field_what, field_who = labelled_fields(doc, paragraphs) if not (says_what and says_who) else (None, None)
    field_what = None if says_what or len(praise) >= PUFFERY_LIMIT else field_what
    field_who = None if says_who else field_who
    score = OPENING_SUBSTANCE + (OPENING_WHAT if says_what or field_what else 0.0) + (OPENING_WHO if says_who or field_who else 0.0)
    missing = [label for label, found in (("what the project is", says_what or field_what),
                                          ("who it is for", says_who or field_who)) if not found]
    evidence = [Evidence(path, line, snippet_of(text), "opening paragraph")]
    if says_what:
        evidence.append(Evidence(path, line, says_what.group(0), "says what it is"))
    if says_who:
        evidence.append(Evidence(path, line, says_who.group(0), "names who it is for"))
    for field, note in ((field_what, "says what it is"), (field_who, "names who it is for")):
        if field is not None:
            heading = doc.sections[field.section].heading
            evidence.append(Evidence(path, field.line, snippet_of(field.text), f"{note}, under '{heading}'"))
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
_PROSE_STEP = cue_pattern("step")
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


# "pour le typeur : ./prologTerm test.aps", "Starten: npm start": a label, a colon, then the
# command as plain text. Read so only under a setup heading, where a colon introduces a step.
# Without backticks a command is told from prose ("Note: make sure ...") by what only commands
# hold: a path, a flag or a file name, in a short line.
_AFTER_LABEL = re.compile(r"[:：]\s+")
_COMMAND_SHAPE = re.compile(
    r"(?:^|\s)(?:\.{0,2}/\w|--?\w|[\w-]*[A-Za-z][\w-]*\.[A-Za-z]{1,4}\b)|"
    r"\b(?:(?:npm|yarn|pnpm|bun) (?:start|run|install|i|add|dev)|pip3? install|cargo (?:run|build|add|install)|"
    r"go (?:run|build|get|install)|docker(?: compose| run|-compose)|git clone)\b")
MAX_PLAIN_COMMAND_WORDS = 12


def _labelled_commands(paragraph) -> list:
    found = []
    for part in _AFTER_LABEL.split(paragraph.text)[1:]:
        line = part.splitlines()[0] if part.strip() else ""
        if _COMMAND.match(line) and _COMMAND_SHAPE.search(line) and len(line.split()) <= MAX_PLAIN_COMMAND_WORDS:
            found.append(line.strip())
    return found


# Credit ladder for setup and usage: the full thing under its heading, the
# runnable part without a heading, then prose or a link without anything to run.
FULL_CREDIT, COMMANDS_ONLY_CREDIT, EXAMPLE_ONLY_CREDIT, PROSE_ONLY_CREDIT, IN_PASSING_CREDIT = 1.0, 0.8, 0.75, 0.5, 0.4
# One numbered item is a list; two or more are steps to follow.
MIN_NUMBERED_STEPS = 2


@kind("readme_setup")
def readme_setup(ctx: RepoContext, params: NoParameters) -> Measurement:
    """Whether the README tells a newcomer how to install or run the project.

    The score climbs a ladder: FULL_CREDIT for commands or numbered steps under a setup heading,
    COMMANDS_ONLY_CREDIT for commands elsewhere, PROSE_ONLY_CREDIT for a setup section without
    them, IN_PASSING_CREDIT for a mention in running text, 0 for nothing. A repository with
    nothing to run is not applicable (readme_text.nothing_to_run).
    """
    assert ctx.readme is not None  # its rules require a README, which the engine checks first
    path = ctx.readme.path
    doc = readme_doc(ctx)
    if why := nothing_to_run(ctx, doc):
        return not_applicable(why)
    paragraphs = substantive_paragraphs(doc)
    cued = cued_sections(doc, SETUP_HEADING)
    cued_paragraphs = [p for p in paragraphs if p.section in cued]
    cued_code = [c for c in doc.code_blocks if c.section in cued and c.text.strip()]
    cued_commands = [c for c in cued_code if _command_lines(c.text)] + [
        p for p in cued_paragraphs if any(_command_lines(code) for code in p.inline_code) or _labelled_commands(p)
    ]
    steps = [p for p in cued_paragraphs if p.ordered]
    any_commands = [c for c in doc.code_blocks if c.section not in doc.hollow and _command_lines(c.text)]
    any_commands += [p for p in paragraphs if _prose_commands(p)]
    prose_steps = [p for p in paragraphs if _PROSE_STEP.search(p.text) and (p.inline_code or '"' in p.text or p.hrefs)]
    language = readme_language(doc, paragraphs)
    readable = language in SETUP_USAGE_LANGUAGES
    evidence = []
    if cued and (cued_commands or len(steps) >= MIN_NUMBERED_STEPS):
        score = FULL_CREDIT
        first = (cued_commands or steps)[0]
        evidence.append(Evidence(path, first.line, snippet_of(getattr(first, "text", "")), "setup steps under a setup heading"))
    elif any_commands and not readable:
        # The commands read the same in any language; the headings this README uses
        # cannot be read, so their absence is not held against it.
        score = FULL_CREDIT
        evidence.append(Evidence(path, any_commands[0].line, snippet_of(any_commands[0].text),
                                 f"commands to run (headings in '{language}' not read)"))
    elif any_commands:
        score = COMMANDS_ONLY_CREDIT
        evidence.append(Evidence(path, any_commands[0].line, snippet_of(any_commands[0].text), "commands to run, without a setup heading"))
    elif cued_paragraphs or cued_code:
        score = PROSE_ONLY_CREDIT
        first = (cued_paragraphs or cued_code)[0]
        evidence.append(Evidence(path, first.line, snippet_of(first.text), "setup section without commands or numbered steps"))
    elif not readable:
        return not_assessed(f"setup not assessed: no commands found, and the README is in '{language}', "
                            "whose headings and wording the setup cues do not read")
    elif prose_steps:
        score = IN_PASSING_CREDIT
        evidence.append(Evidence(path, prose_steps[0].line, snippet_of(prose_steps[0].text), "setup mentioned in passing"))
    else:
        score = 0.0
        evidence.append(missing_evidence(path, "no installation or setup steps"))
    for index in doc.hollow:
        section = doc.sections[index]
        if section.level and SETUP_HEADING.search(section.heading):
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


@kind("readme_usage")
def readme_usage(ctx: RepoContext, params: NoParameters) -> Measurement:
    """Whether the README shows how to use the project once it is installed.

    FULL_CREDIT for a runnable example under a usage heading, EXAMPLE_ONLY_CREDIT for an example
    elsewhere, PROSE_ONLY_CREDIT for usage in prose or a demo link, 0 for nothing. Install
    commands are setup, so they never count as examples. Where the project is used through an
    interface, numbered steps of interaction (readme_text.interface_steps) are its example, and a passage that
    takes several tells its usage in prose. A repository with nothing to run is not applicable
    (readme_text.nothing_to_run).
    """
    assert ctx.readme is not None  # its rules require a README, which the engine checks first
    path = ctx.readme.path
    doc = readme_doc(ctx)
    paragraphs = substantive_paragraphs(doc)
    cued = cued_sections(doc, USAGE_HEADING)
    cued_paragraphs = [p for p in paragraphs if p.section in cued]
    code = [c for c in doc.code_blocks if c.section not in doc.hollow and c.text.strip()]
    # An install command is setup, not usage, even under a "Getting started" heading.
    examples = [c for c in code if not _only_installs(c.text)]
    cued_code = [c for c in examples if c.section in cued]
    cued_inline = [p for p in cued_paragraphs if p.inline_code]
    demo = [p for p in paragraphs if p.hrefs and _DEMO_LINK.search(p.text) and not dead_link_only(p)]
    ui_steps, ui_passages = interface_steps(paragraphs)
    cued_ui_steps = [p for p in ui_steps if p.section in cued]
    language = readme_language(doc, paragraphs)
    readable = language in SETUP_USAGE_LANGUAGES
    evidence = []
    if not (cued or examples or ui_steps or ui_passages or demo) and (why := nothing_to_run(ctx, doc)):
        return not_applicable(why)
    if cued_code or (cued and cued_inline):
        score = FULL_CREDIT
        first = (cued_code or cued_inline)[0]
        evidence.append(Evidence(path, first.line, snippet_of(first.text), "runnable example under a usage heading"))
    elif cued_ui_steps:
        # Steps a reader can follow in the interface are an interface's runnable example.
        score = FULL_CREDIT
        evidence.append(Evidence(path, cued_ui_steps[0].line, snippet_of(cued_ui_steps[0].text),
                                 f"{count_of(len(cued_ui_steps), 'numbered step')} of use in its interface under a usage heading"))
    elif examples and not readable:
        # As for setup: the example reads in any language, the headings around it do not.
        score = FULL_CREDIT
        evidence.append(Evidence(path, examples[0].line, snippet_of(examples[0].text),
                                 f"code example (headings in '{language}' not read)"))
    elif examples:
        score = EXAMPLE_ONLY_CREDIT
        evidence.append(Evidence(path, examples[0].line, snippet_of(examples[0].text), "code example without a usage heading"))
    elif ui_steps:
        score = EXAMPLE_ONLY_CREDIT
        evidence.append(Evidence(path, ui_steps[0].line, snippet_of(ui_steps[0].text),
                                 f"{count_of(len(ui_steps), 'numbered step')} of use in its interface, without a usage heading"))
    elif cued_paragraphs:
        score = PROSE_ONLY_CREDIT
        evidence.append(Evidence(path, cued_paragraphs[0].line, snippet_of(cued_paragraphs[0].text), "usage described in prose, no runnable example"))
    elif ui_passages:
        score = PROSE_ONLY_CREDIT
        evidence.append(Evidence(path, ui_passages[0].line, snippet_of(ui_passages[0].text),
                                 "use in its interface told in prose, no steps"))
    elif demo:
        score = PROSE_ONLY_CREDIT
        evidence.append(Evidence(path, demo[0].line, snippet_of(demo[0].text), "links to a live demo, no example"))
    elif not readable:
        return not_assessed(f"usage not assessed: no example found, and the README is in '{language}', "
                            "whose headings and wording the usage cues do not read")
    else:
        score = 0.0
        evidence.append(missing_evidence(path, "no usage section or example"))
    for paragraph in doc.paragraphs:
        if dead_link_only(paragraph) and doc.sections[paragraph.section].level and USAGE_HEADING.search(doc.sections[paragraph.section].heading):
            evidence.append(Evidence(path, paragraph.line, snippet_of(paragraph.text), "usage points to a link that goes nowhere", positive=False))
    summary = {FULL_CREDIT: "usage with a runnable example", EXAMPLE_ONLY_CREDIT: "code example without a usage section",
               PROSE_ONLY_CREDIT: "usage without a runnable example"}.get(score, "no usage example")
    if score == EXAMPLE_ONLY_CREDIT and not examples:
        summary = "steps of use in its interface without a usage section"
    return Measurement(
        score=score,
        summary=summary,
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


@dataclass(frozen=True)
class ReadmeReadabilityParameters:
    """The parameters of ``readme_readability``: the neutral defaults; a rule file sets its own values."""

    long_sentence_share: float = parameter(DEFAULT_LONG_SENTENCE_SHARE, above=0, at_most=1)


@kind("readme_readability", parameters=ReadmeReadabilityParameters)
def readme_readability(ctx: RepoContext, params: ReadmeReadabilityParameters) -> Measurement:
    """How easily the README's English prose reads.

    Full marks from COMFORTABLE_FLESCH reading ease, falling by HARD_PROSE_PENALTY at HARD_FLESCH,
    then reduced for long sentences beyond ``long_sentence_share`` and for walls of text. Prose in
    another language, or too little of it, is not applicable rather than scored.
    """
    tolerated_share = params.long_sentence_share
    assert ctx.readme is not None  # its rules require a README, which the engine checks first
    path = ctx.readme.path
    doc = readme_doc(ctx)
    # Cached with the document (document_cache.py): the pronunciation dictionary behind the
    # formula takes about a second to load, which a warm run then never pays.
    result = ctx.document_analysis("readability", ctx.readme, lambda: assess(doc, substantive_paragraphs(doc)))
    if not result.assessed:
        if result.language != "en" and result.prose_words >= MIN_PROSE_WORDS:
            # Enough prose, but the formulas are English ones: the language is not judged.
            return not_assessed(f"readability not assessed: {result.reason}")
        return not_applicable(f"readability not assessed: {result.reason}")
    assert result.flesch is not None  # an assessed README has its reading ease
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
