"""What each passage of a document does, as numbers: the features the reflection classifier reads.

A *unit* is one block a reader sees as a passage: a paragraph, a list item, a blockquote, an
HTML block's text or a table. For each unit this module measures its form (a statement, a
question, an instruction to whoever fills a template in, a bracketed slot), its voice and
tense (first person, past, conditional), what it does with words that do the same work in
every language (reason, contrast, comparison, alternative, choice, cost, limitation,
lesson, difficulty, thanks, roles), its specifics (figures, named tools, people, links) and
where it stands: the heading it sits under, what that heading asks, and whether the section
and document around it are mostly prompts. The words are those of
``reflection_lexicon.LEXICON`` for the document's language (English always as well, since
technical prose mixes it in). Acts are two word functions in one passage ("I ... learned").
The weights come from ``benchmarks/train_reflection.py``.
"""

from __future__ import annotations

import functools
import hashlib
import math
import operator
import re
from dataclasses import dataclass
from typing import Optional

from .language import detect_language
from .markdown import MarkdownDoc, count_words
from .placeholders import QUESTION_END, placeholder_reason, puffery
from .reflection_constructions import CONSTRUCTION_NAMES, CONSTRUCTIONS, constructions
from .reflection_lexicon import FEATURES, HEADING_TOPICS, LEXICON, MIN_SUFFIX_WORD, UNSPACED
from .reflection_prompts import (  # noqa: F401 (is_prompt re-exported)
    DIGIT, answer_starts, bold_heading, generic_thanks, is_prompt, label_like, label_over, label_without_content,
    listed_prompts, lone_short, numbered_slots, sibling_hint_share, template_hints,
)
from .people import people_in
from .reflection_units import _UNSPACED_CHAR, MAX_UNIT_CHARS, MAX_UNITS, Unit, units_of  # noqa: F401 (re-exported)

# Bump when a feature's definition changes: the shipped weights record the version they were
# trained on, and a test refuses weights trained on another.
FEATURE_VERSION = 17

# Characters of prose sampled to tell a document's language: some 200 words, enough for the
# stopword vote, and the detector reads every character of what it is given.
LANGUAGE_SAMPLE_CHARS = 1_200
# Units shorter than this say too little to be anything; two words can still name a person
# in a team list, and the classifier weighs shortness itself.
MIN_UNIT_WORDS = 2
# Word-to-feature lookups are memoised per language; the memo is dropped past this size so
# that a hostile document of unique words cannot grow memory without bound.
MAX_MEMO_WORDS = 200_000

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_FIGURE = re.compile(r"(?<![\w.])\d[\d,.]*\s*(%|x\b|×|ms\b|s\b|kb\b|mb\b|gb\b|k\b|fps\b)?", re.IGNORECASE)
_UNIT_FIGURE = re.compile(r"\d\s*(%|x\b|×|ms\b|kb\b|mb\b|gb\b|fps\b|seconds?\b|minutes?\b|hours?\b|days?\b|weeks?\b)",
                          re.IGNORECASE)
_NAMED = re.compile(r"(?<=[a-z,;:] )([A-Z][a-zA-Z0-9]+(?:[.\-][A-Za-z0-9]+)*|[A-Za-z]+[A-Z0-9][\w.+#-]*)")
_HANDLE = re.compile(r"(?<![\w.])@[A-Za-z0-9][\w-]{1,38}\b")
_SLOT = re.compile(r"\[[^\]\n]{1,200}\](?!\()|<[A-Za-z][^<>\n]{1,80}>|\{[^{}\n]{1,80}\}|_{3,}|\.{3}|…")
_PROFILE_LINK = re.compile(r"^https?://(www\.)?(github\.com|gitlab\.com|twitter\.com|x\.com|linkedin\.com)/[^/]+/?$")
_PROFILE_IN_TEXT = re.compile(r"https?://(www\.)?(github\.com|gitlab\.com|twitter\.com|x\.com|linkedin\.com(/in)?)/[\w.-]+/?(?=[\s)\]>,;]|$)")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_SLOT_START = re.compile(r"[\[<{_…]|\.\.\.")
# Attribution by form, in any script with capitals: a word that credits ("by", "thanks",
# "based") followed within ATTRIBUTION_WINDOW words of the same sentence by a name or a handle;
# a trailing "(Olav Morken)" as changelogs credit a patch; a signature line "— John Hudson".
_CASED_TOKEN = re.compile(r"@[A-Za-z0-9][\w-]*|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_SENTENCE_BREAK = re.compile(r"[.!?;:。！？]\s")
ATTRIBUTION_WINDOW = 3
_NAME = r"[A-Z][a-zà-ÿ]+(?:[-'][A-Z]?[a-zà-ÿ]+)?"
_TRAILING_NAMES = re.compile(rf"\((?:{_NAME}(?: {_NAME}){{0,2}}(?:,\s*|\s+(?:and|und|et|y|e)\s+)?){{1,3}}\)\W*$")
_SIGNATURE = re.compile(rf"^\s*(?:[—–]|--?)\s*{_NAME}(?:\s+{_NAME}){{0,3}}\s*$")
SINGLE_OCCURRENCE = 0.75
# A team list's item: a name and a link or handle, a role at most ("Ana Ruiz (@ana), design").
NAME_ONLY_WORDS = 8

# Features of a unit's form and place, after the words. Order matters: weights follow it.
FORM_FEATURES = (
    "words", "short", "long", "sentences", "question_share", "ends_question", "ends_colon",
    "starts_instruction", "slots", "placeholder", "figures", "unit_figures", "named", "people",
    "handles", "links", "profile_links", "emails", "attributed", "names_only", "code_share", "list_item", "ordered", "blockquote",
    "html", "table", "bold_lead", "exclamation", "promotion_heavy", "own_links",
)
# What the unit's whole section does: the mean of these over its units, so a bullet inside a
# retrospective or a team list is read with its neighbours.
SECTION_SOURCES = tuple("says_" + name for name in FEATURES)
SECTION_FORM_SOURCES = ("question_share", "starts_instruction", "slots", "placeholder", "figures", "named",
                        "people", "handles", "profile_links", "attributed", "names_only", "short", "words")
CONTEXT_FEATURES = (
    "has_heading", "heading_question", "heading_level", "heading_short", "heading_people", "prev_question",
    "section_prompt_share", "document_prompt_share", "document_empty_headings", "first_in_section",
    "section_units", "unspaced_script", "lone_short", "sibling_hints", "label_like",
)
HEADING_WORD_FEATURES = tuple("heading_" + name for name in FEATURES + HEADING_TOPICS)
ANCESTOR_FEATURES = tuple("ancestor_" + name for name in HEADING_TOPICS)
TEXT_FEATURES = tuple("says_" + name for name in FEATURES)
SECTION_FEATURES = tuple("section_" + name for name in SECTION_SOURCES + SECTION_FORM_SOURCES)
# Acts: word functions that perform one thing only together, in the same passage. A linear
# model cannot multiply: "learn" alone is as common in a course's promise ("you will learn")
# as in a lesson, "I ... learned" is a lesson; "would" alone is a hypothesis, "I would" or
# "next time ... would" says what the author would change.
ACTS = {
    "own_lesson": (("first_singular", "first_plural"), ("learn",)),
    "own_counterfactual": (("first_singular", "first_plural"), ("conditional",)),
    # A conditional about what happened ("if I did it again I would", "would have", "hätte ...
    # gemacht"): hindsight. "I would like to thank" has no past and says no such thing.
    "hindsight": (("conditional",), ("past",)),
    "next_time": (("next",), ("conditional", "future")),
    "own_difficulty": (("first_singular", "first_plural"), ("difficulty", "surprise")),
    "own_choice": (("first_singular", "first_plural"), ("choice", "alternative")),
    "reasoned_choice": (("choice", "alternative", "comparison"), ("cause", "cost", "contrast")),
    # A concession ("but it is slower", "although it cannot"): a cost or limit set against something.
    "concedes": (("contrast",), ("cost", "limit")),
    # A limit with its reason ("does not support X because"): a scope argued, not only stated.
    "reasoned_limit": (("limit", "negation"), ("cause",)),
    "own_thanks": (("first_singular", "first_plural"), ("thanks",)),
    "tells_reader": (("second_person",), ("instruction", "future", "learn")),
    # "Contributions welcome", "feel free to open a PR": an invitation, crediting nobody.
    "invites_help": (("invite", "second_person", "instruction"), ("role",)),
}
# Acts of a word function and a named party together: "written by Salvatore Sanfilippo",
# "thanks to @mara", "based on <a named tutorial>"; a team word beside no name credits nobody.
CREDIT_WORDS = ("thanks", "role", "origin", "agent")
# Words that credit whoever is named right after them; role verbs do not ("built with React").
ATTRIBUTING_WORDS = ("thanks", "origin", "agent")
PARTY_ACTS = ("credits_named",)
ACT_FEATURES = tuple("does_" + name for name in tuple(ACTS) + PARTY_ACTS)
# Constructions (reflection_constructions.CONSTRUCTIONS) in the passage and in its heading ("Why not X?").
CONSTRUCTION_FEATURES = (tuple("builds_" + name for name in CONSTRUCTION_NAMES)
                         + tuple("heading_builds_" + name for name in CONSTRUCTION_NAMES) + ("heading_weighs",))
_ACT_INDICES = tuple((tuple(FEATURES.index(a) for a in left), tuple(FEATURES.index(b) for b in right))
                     for left, right in ACTS.values())
# Read by the trade-off head only: the lessons and credit heads were trained and measured
# without them (benchmarks/train_reflection.py gives them no weight there).
TRADEOFF_ONLY_FEATURES = ("does_concedes", "does_reasoned_limit") + CONSTRUCTION_FEATURES
STRUCTURAL_FEATURES = (TEXT_FEATURES + FORM_FEATURES + CONTEXT_FEATURES + HEADING_WORD_FEATURES + ANCESTOR_FEATURES
                       + ACT_FEATURES + CONSTRUCTION_FEATURES + SECTION_FEATURES)
_WORD_FEATURES = FEATURES + HEADING_TOPICS
_INSTRUCTION = FEATURES.index("instruction")
_CREDIT_INDICES = frozenset(FEATURES.index(name) for name in CREDIT_WORDS)
_ATTRIBUTING_INDICES = frozenset(FEATURES.index(name) for name in ATTRIBUTING_WORDS)
_WEIGHING_INDICES = tuple(FEATURES.index(name) for name in ("cause", "negation", "alternative", "comparison", "choice"))


def feature_digest() -> str:
    """A digest of what the features are: names, version and every word of the lexicon."""
    digest = hashlib.sha256(f"v{FEATURE_VERSION}|{MIN_SUFFIX_WORD}|{MIN_UNIT_WORDS}".encode())
    digest.update("|".join(STRUCTURAL_FEATURES).encode())
    for language in sorted(CONSTRUCTIONS):
        for name in sorted(CONSTRUCTIONS[language]):
            digest.update(f"{language}:{name}:{CONSTRUCTIONS[language][name]}".encode())
    for language in sorted(LEXICON):
        for name in sorted(LEXICON[language]):
            digest.update(f"{language}:{name}:{LEXICON[language][name]}".encode())
    return digest.hexdigest()[:16]


# --- the lexicon, compiled once per language ------------------------------------------------


class _Words:
    """One language's entries, compiled: exact words, stems, endings and unspaced substrings."""

    def __init__(self, entries: dict, unspaced: bool):
        self.exact: dict = {}
        self.prefixes: list = []  # (stem, feature index)
        self.suffixes: list = []
        substrings: dict = {}
        for name, words in entries.items():
            index = _WORD_FEATURES.index(name)
            for word in words.split():
                if unspaced or _UNSPACED_CHAR.search(word):
                    substrings.setdefault(word, set()).add(index)
                elif word.endswith("*") and len(word) > 1:
                    self.prefixes.append((word[:-1], index))
                elif word.startswith("*") and len(word) > 1:
                    self.suffixes.append((word[1:], index))
                else:
                    self.exact.setdefault(word, set()).add(index)
        self.exact = {word: frozenset(indices) for word, indices in self.exact.items()}
        self.substrings = {word: frozenset(indices) for word, indices in substrings.items()}
        ordered = sorted(self.substrings, key=lambda w: (-len(w), w))
        self.substring_pattern = re.compile("|".join(re.escape(w) for w in ordered)) if ordered else None
        self.prefix_tuple = tuple(stem for stem, _ in self.prefixes)
        self.suffix_tuple = tuple(end for end, _ in self.suffixes)
        self.memo: dict = {}

    def of_word(self, word: str) -> frozenset:
        found = self.memo.get(word)
        if found is not None:
            return found
        indices = set(self.exact.get(word, ()))
        if self.prefix_tuple and word.startswith(self.prefix_tuple):
            indices.update(i for stem, i in self.prefixes if word.startswith(stem))
        if self.suffix_tuple and len(word) >= MIN_SUFFIX_WORD and word.endswith(self.suffix_tuple):
            indices.update(i for end, i in self.suffixes if word.endswith(end))
        found = frozenset(indices)
        if len(self.memo) > MAX_MEMO_WORDS:
            self.memo.clear()
        self.memo[word] = found
        return found


_COMPILED: dict = {}


def _words_for(language: str) -> Optional[_Words]:
    if language not in LEXICON:
        return None
    if language not in _COMPILED:
        _COMPILED[language] = _Words(LEXICON[language], language in UNSPACED)
    return _COMPILED[language]


def word_counts(text: str, languages: tuple) -> list:
    """How many words of ``text`` perform each of FEATURES + HEADING_TOPICS, in ``languages``' words."""
    counts = [0] * len(_WORD_FEATURES)
    lowered = text.lower()
    words = _WORD.findall(lowered)
    spaced = [w for w in (_words_for(lang) for lang in languages if lang not in UNSPACED) if w]
    for table in spaced:
        # The memo read here first: most words are in it, and a call per word costs more than the lookup.
        memo, of_word = table.memo, table.of_word
        for word in words:
            found = memo.get(word)
            for index in (of_word(word) if found is None else found):
                counts[index] += 1
    if _UNSPACED_CHAR.search(lowered):
        for language in UNSPACED:
            unspaced = _words_for(language)
            # Every UNSPACED language is in LEXICON, with substrings to find.
            assert unspaced is not None and unspaced.substring_pattern is not None
            for match in unspaced.substring_pattern.finditer(lowered):
                for index in unspaced.substrings[match.group(0)]:
                    counts[index] += 1
    return counts


# Headings repeat (every curl man page has NAME, SYNOPSIS...) and each is read for its units' rows, as
# an ancestor and by the hollow-promise check: counts of recent ones are kept, as tuples none can change.
MEMO_HEADINGS = 8192


@functools.lru_cache(maxsize=MEMO_HEADINGS)
def heading_word_counts(heading: str, languages: tuple) -> tuple:
    """``word_counts(heading, languages)`` as a tuple, memoised."""
    return tuple(word_counts(heading, languages))


def attributions(text: str, languages: tuple, counts: Optional[list] = None) -> int:
    """How often ``text`` credits someone by form: a crediting word then a name, a trailing "(Name)", a signature.

    ``counts`` (``word_counts`` of the same text) lets a passage with no crediting word skip
    the token scan: most passages have none, and the answer is the same.
    """
    trailing = _TRAILING_NAMES.search(text)
    # "주요 기능 (Features)" glosses a heading in another script; "method (Olav)" credits Olav.
    found = int(trailing is not None and _LATIN.search(text, 0, trailing.start()) is not None)
    found += 1 if _SIGNATURE.match(text) else 0
    if not (_NAME_START.search(text) or "@" in text):
        return found
    if counts is not None and not any(counts[i] for i in _ATTRIBUTING_INDICES):
        return found
    tables = [w for w in (_words_for(lang) for lang in languages if lang not in UNSPACED) if w]
    nouns_capitalised = any(lang in NOUNS_CAPITALISED for lang in languages)
    tokens = list(_CASED_TOKEN.finditer(text))
    for index, token in enumerate(tokens):
        word = token.group(0).lower()
        if not any(_ATTRIBUTING_INDICES & table.of_word(word) for table in tables):
            continue
        for offset, following in enumerate(tokens[index + 1:index + 1 + ATTRIBUTION_WINDOW], index + 1):
            if _SENTENCE_BREAK.search(text, token.end(), following.start()):
                break
            name = following.group(0)
            if name.startswith("@") or _camel_case(name) or (name[0].isupper() and not name.isupper()
                                                             and (not nouns_capitalised or _name_among_nouns(text, tokens, offset))):
                found += 1
                break
    return found


def _camel_case(name: str) -> bool:
    """A name written in lower camel case ("pyWhat", "iOS", "macOS"): a project's or a product's, never a common word."""
    return name[0].islower() and any(char.isupper() for char in name[1:])


def _name_among_nouns(text: str, tokens: list, index: int) -> bool:
    """In a language that capitalises every noun ("von Daten", "von Ressourcen"), does a capitalised token still read as a name?

    It does when it is written like one: with a digit or a capital inside ("404GamerNotFound",
    "StefanMn"), as a title or after one ("Herr Eck", "Prof. Dr. Eck"), or followed by another capitalised
    word as a surname follows a first name ("Salvatore Sanfilippo", "Claude Code").
    """
    name = tokens[index].group(0)
    if any(char.isdigit() or char.isupper() for char in name[1:]) or name.lower() in _TITLES:
        return True
    if index > 0 and tokens[index - 1].group(0).lower() in _TITLES:
        return True
    if index + 1 < len(tokens):
        after = tokens[index + 1]
        between = text[tokens[index].end():after.start()]
        following = after.group(0)
        return between.strip() == "" and following[0].isupper() and not following.isupper()
    return False


_NAME_START = re.compile(r"[A-Z]")
# Languages that capitalise every noun: a capital after "von" is a name only if written like one.
NOUNS_CAPITALISED = frozenset({"de"})
_TITLES = frozenset({"herr", "herrn", "frau", "prof", "dr", "mr", "mrs", "ms"})
_LATIN = re.compile(r"[A-Za-z]")


def document_language(doc: MarkdownDoc) -> str:
    """The document's language from a bounded sample of its prose ("und" when it cannot tell)."""
    sample, size = [], 0
    for paragraph in doc.paragraphs:
        sample.append(paragraph.prose)
        size += len(paragraph.prose)
        if size >= LANGUAGE_SAMPLE_CHARS:
            break
    return detect_language("\n".join(sample)[:LANGUAGE_SAMPLE_CHARS]).language


def languages_for(language: str) -> tuple:
    """Lexicons a document in ``language`` is read with: English always, its own when known."""
    return ("en",) if language == "en" or language not in LEXICON else ("en", language)


# --- the feature matrix ----------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentFeatures:
    """Units of one document and, row for row, their structural features and embedding inputs."""

    units: tuple
    rows: tuple  # one tuple of floats per unit, in STRUCTURAL_FEATURES order
    headings: tuple  # the heading each unit sits under ("" in the preamble)
    prompts: tuple  # is_prompt() per unit
    language: str
    labels: tuple  # per unit: a short label over what follows it (label_over), never credited itself
    # Per unit: where the author's answer starts in its text, after a prompt on the first line (answer_starts; 0: all of it).
    answers: tuple = ()

    def shown(self, index: int) -> tuple:
        """(first line, text) of unit ``index`` as a credit shows it: its answer, without the prompt above it."""
        unit = self.units[index]
        start = self.answers[index] if self.answers else 0
        return (unit.line + 1, unit.text[start:].strip()) if start else (unit.line, unit.text)


def _saturate(count: int) -> float:
    """0 for none, 0.75 for one, 1 for two or more: the first occurrence says most."""
    return 1.0 if count >= 2 else SINGLE_OCCURRENCE * count


def _log_scale(value: float, scale: float) -> float:
    return min(1.0, math.log1p(value) / math.log1p(scale))


def _people(text: str, own_name: str) -> int:
    """Person-like names in ``text`` ("Ada Lovelace"), not the document's title ("Recipe Box" credits nobody)."""
    return sum(1 for name in people_in(text) if not own_name or name not in own_name)


def _form(unit: Unit, placeholder: bool, attributed: int, own_name: str = "",
          instruction: Optional[bool] = None) -> list:
    text = unit.text
    words = unit.words
    # A unit of white space only is read as one sentence, which asks nothing.
    sentences = unit.sentences or (text,)
    # Cheap tests first: most passages have no digit, no "@", no link and no bracket.
    digits = DIGIT.search(text) is not None
    at_sign = "@" in text
    link = "://" in text
    slots = _SLOT_START.search(text) is not None
    questions = unit.questions
    starts_instruction = float(_form_is_instruction(unit) if instruction is None else instruction)
    code_chars = sum(len(code) for code in unit.inline_code)
    hrefs = [h for h in unit.hrefs if h and not h.startswith("#")]
    return [
        _log_scale(words, 200),
        float(words < 8),
        float(words > 60),
        _log_scale(len(sentences), 10),
        questions / len(sentences),
        float(bool(QUESTION_END.search(text))),
        float(text.rstrip().endswith((":", "："))),
        starts_instruction,
        _saturate(len(_SLOT.findall(text))) if slots else 0.0,
        float(placeholder),
        _saturate(len(_FIGURE.findall(text)) // 2) if digits else 0.0,
        _saturate(len(_UNIT_FIGURE.findall(text))) if digits else 0.0,
        _saturate((len(_NAMED.findall(text)) + len(unit.inline_code)) // 2),
        _saturate(_people(text, own_name)),
        _saturate(len(_HANDLE.findall(text))) if at_sign else 0.0,
        _saturate(len(hrefs)),
        _saturate(sum(1 for h in hrefs if _PROFILE_LINK.match(h)) + (len(_PROFILE_IN_TEXT.findall(text)) if link else 0)),
        _saturate(len(_EMAIL.findall(text))) if at_sign else 0.0,
        _saturate(attributed),
        float(_names_only(unit, text, hrefs)),
        min(1.0, code_chars / max(1, len(text))),
        float(unit.kind == "list_item"),
        float(unit.ordered),
        float(unit.kind == "blockquote"),
        float(unit.kind == "html"),
        float(unit.kind == "table"),
        float(unit.bold_lead is not None),
        float("!" in text or "！" in text),
        float(len(puffery(text)) >= 2),
        # Links that all stay in the project ("docs/herb-garden.md"): a docs sidebar's, which credit no one.
        float(bool(hrefs) and not any(_OUTWARD_LINK.match(h) for h in hrefs)),
    ]


_OUTWARD_LINK = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def _names_only(unit: Unit, text: str, hrefs: list) -> bool:
    """Is the unit little but a person: a name with a profile link, a handle or an e-mail ("Nils: github.com/nils")?"""
    if unit.words > NAME_ONLY_WORDS:
        return False
    named = (any(_PROFILE_LINK.match(h) for h in hrefs) or _PROFILE_IN_TEXT.search(text) is not None
             or ("@" in text and (_HANDLE.search(text) is not None or _EMAIL.search(text) is not None)))
    return named


def _section_chain(doc: MarkdownDoc, index: int) -> list:
    """Headings from the unit's own section up to the top, skipping the preamble."""
    chain = []
    seen = set()
    while index is not None and index not in seen and 0 <= index < len(doc.sections):
        seen.add(index)
        section = doc.sections[index]
        if section.level:
            chain.append(section.heading)
        index = section.parent
    return chain


def document_features(doc: MarkdownDoc, language: Optional[str] = None) -> DocumentFeatures:
    """The units of ``doc`` and what each one does, ready for the classifier."""
    language = language or document_language(doc)
    languages = languages_for(language)
    units = units_of(doc)
    placeholders = [placeholder_reason(u.text) for u in units]
    prompt_list = [is_prompt(u, p) for u, p in zip(units, placeholders)]
    numbered_slots(units, prompt_list)
    label_without_content(units, prompt_list)
    # Asked three times a unit (its section's prompt share, its row, its form): answered once.
    instructions = [_form_is_instruction(u) for u in units]
    counts = [word_counts(u.text, languages) for u in units]
    template_hints(doc, units, prompt_list, instructions, counts)
    generic_thanks(units, prompt_list, counts)
    answers = tuple(answer_starts(units, prompt_list))
    prompts = tuple(prompt_list)
    attributed = [attributions(u.text, languages, c) for u, c in zip(units, counts)]
    heading_counts: dict = {}
    heading_builds: dict = {}
    for section in doc.sections:
        if section.level:
            heading_counts[section.index] = heading_word_counts(section.heading, languages)
            heading_builds[section.index] = [_saturate(c) for c in constructions(section.heading, languages)]
    title_counts = heading_word_counts(doc.title, languages) if doc.title and not any(
        s.level and s.heading == doc.title for s in doc.sections) else None

    # How much of each section, and of the document, only asks or holds a place.
    by_section: dict = {}
    for unit, prompt, instruction in zip(units, prompts, instructions):
        by_section.setdefault(unit.section, []).append(prompt is not None or instruction)
    section_share = {section: sum(flags) / len(flags) for section, flags in by_section.items()}
    all_flags = [flag for flags in by_section.values() for flag in flags]
    document_prompt_share = sum(all_flags) / len(all_flags) if all_flags else 0.0
    headings = [s for s in doc.sections if s.level]
    occupied = set(by_section)
    empty_headings = sum(1 for s in headings if s.index not in occupied and not any(
        i in occupied for i in doc.scope(s.index))) / len(headings) if headings else 0.0
    unspaced = float(language in UNSPACED)
    # The shape of the document's sections: how many hold a single short unit (a hint).
    lone = lone_short(units)
    headed, sibling_share = sibling_hint_share(doc, units, lone)

    rows, heading_texts = [], []
    own_name = doc.title or ""
    ancestors_of: dict = {}  # section -> its row parts from its heading, its ancestors' and the title
    previous_section, previous_question = None, False
    topic_offset = len(FEATURES)
    form_index = len(FEATURES)
    party_indices = tuple(form_index + FORM_FEATURES.index(name)
                          for name in ("people", "handles", "profile_links", "emails", "attributed"))
    for index, (unit, unit_counts, placeholder, unit_attributed) in enumerate(zip(units, counts, placeholders, attributed)):
        section = doc.sections[unit.section] if 0 <= unit.section < len(doc.sections) else None
        heading = section.heading if section is not None and section.level else ""
        own = heading_counts.get(unit.section) if heading else None
        parts = ancestors_of.get(unit.section)
        if parts is None:
            ancestors = [0] * len(HEADING_TOPICS)
            for ancestor_heading in _section_chain(doc, unit.section)[1:]:
                for offset, value in enumerate(heading_word_counts(ancestor_heading, languages)[topic_offset:]):
                    ancestors[offset] += value
            if title_counts is not None:
                for offset, value in enumerate(title_counts[topic_offset:]):
                    ancestors[offset] += value
            # What the row takes from the unit's heading and its ancestors is the same for every
            # unit of the section: made once per section.
            heading_part = [_saturate(c) for c in own] if own is not None else [0.0] * len(_WORD_FEATURES)
            heading_part += [_saturate(c) for c in ancestors]
            builds_part = list(heading_builds[unit.section]) if own is not None else [0.0] * len(CONSTRUCTION_NAMES)
            # A heading that asks and weighs ("Why not X?", "Why a small library?", "X or Y?").
            builds_part.append(float(bool(own is not None and QUESTION_END.search(heading)
                                          and any(own[i] for i in _WEIGHING_INDICES))))
            parts = ancestors_of[unit.section] = (heading_part, builds_part)
        heading_part, builds_part = parts
        flags = by_section.get(unit.section, [])
        first_in_section = unit.section != previous_section
        context = [
            float(bool(heading)),
            float(bool(heading and QUESTION_END.search(heading))),
            (section.level / 6.0) if heading and section is not None else 0.0,  # a heading implies its section
            float(bool(heading) and count_words(heading) <= 3),
            _saturate(_people(heading, own_name)) if heading else 0.0,
            float(previous_question and not first_in_section),
            section_share.get(unit.section, 0.0),
            document_prompt_share,
            empty_headings,
            float(first_in_section),
            _log_scale(len(flags), 30),
            unspaced,
            float(lone[index]),
            sibling_share if lone[index] and unit.section in headed else 0.0,
            float(label_like(units, index)),
        ]
        row = [1.0 if c >= 2 else SINGLE_OCCURRENCE * c for c in unit_counts[:topic_offset]]  # _saturate, inlined
        # "add", "list", "share" instruct only when they lead: "it would add setup" instructs nobody.
        row[_INSTRUCTION] = float(instructions[index])
        row += _form(unit, placeholder is not None, unit_attributed, own_name, instructions[index])
        parties = sum(row[i] for i in party_indices)
        row += context
        row += heading_part
        row += _acts(unit_counts)
        row.append(min(_saturate(sum(unit_counts[i] for i in _CREDIT_INDICES)), min(1.0, parties)))
        row += [_saturate(c) for c in constructions(unit.text, languages)]
        row += builds_part
        rows.append(row)
        heading_texts.append(heading)
        previous_section = unit.section
        previous_question = bool(QUESTION_END.search(unit.text)) and unit.words <= 25
    _add_section_means(units, rows)
    labels = tuple(label_over(units, index, attributed[index]) or bold_heading(units, index, attributed[index])
                   for index in range(len(units)))
    # The items of a list its author calls prompts are kept from credit, but the rows read them as
    # they read any list: what a section's share of prompts says was learnt from prompts of form.
    listed_prompts(units, prompt_list, counts)
    return DocumentFeatures(tuple(units), tuple(tuple(r) for r in rows), tuple(heading_texts), tuple(prompt_list),
                            language, labels, answers)


def _acts(counts: list) -> list:
    """ACTS of one unit from its word counts: each the saturated lesser of its two sides' counts.

    Plain loops over integer counts (the same sums in any order): this runs for every unit.
    """
    found = []
    for left, right in _ACT_INDICES:
        one = 0
        for index in left:
            one += counts[index]
        other = 0
        for index in right:
            other += counts[index]
        found.append(_saturate(min(one, other)))
    return found


_SECTION_SOURCE_INDICES = tuple(STRUCTURAL_FEATURES.index(name[len("section_"):]) for name in SECTION_FEATURES)


_SECTION_SOURCES_OF = operator.itemgetter(*_SECTION_SOURCE_INDICES)


def _add_section_means(units: list, rows: list) -> None:
    """Append to each row the mean of SECTION_FEATURES' sources over the unit's section.

    Each column is summed from 0.0 in unit order, one addition per unit, so the means are
    the same floats whatever order the columns are visited in.
    """
    sums: dict = {}
    sizes: dict = {}
    for unit, row in zip(units, rows):
        values = _SECTION_SOURCES_OF(row)
        total = sums.get(unit.section)
        sums[unit.section] = ([0.0 + value for value in values] if total is None
                              else [before + value for before, value in zip(total, values)])
        sizes[unit.section] = sizes.get(unit.section, 0) + 1
    means = {section: [value / sizes[section] for value in total] for section, total in sums.items()}
    for unit, row in zip(units, rows):
        row.extend(means[unit.section])


_INSTRUCTION_MEMO: dict = {}
# Pronouns of formal address that follow an imperative verb ("beschreiben Sie", "describa usted").
_FORMAL_YOU = frozenset({"sie", "usted", "ustedes"})
# How far into a unit such an imperative may start: after an adverb or two ("Hier", "Bitte").
FORMAL_IMPERATIVE_REACH = 3


def _form_is_instruction(unit: Unit) -> bool:
    """Does the unit open with an instruction ("Describe", "Beschreibe", "Décrivez", "Hier dokumentieren Sie")?

    The formal imperative of German and Spanish puts the pronoun after the verb, and an adverb
    may come first ("Hier beschreiben Sie", "Describa usted"): an instruction verb among the
    first words, followed by a formal "you", instructs too.
    """
    words = _WORD.findall(unit.text[:80].lower())
    if not words:
        return False
    if _is_instruction_word(words[0]):
        return True
    for position in range(1, min(len(words) - 1, FORMAL_IMPERATIVE_REACH)):
        if words[position + 1] in _FORMAL_YOU and _is_instruction_word(words[position]):
            return True
    return False


def _is_instruction_word(word: str) -> bool:
    """Is ``word`` an instruction verb in any spaced language's lexicon (memoised, bounded)?"""
    found = _INSTRUCTION_MEMO.get(word)
    if found is None:
        index = _WORD_FEATURES.index("instruction")
        found = any(index in words.of_word(word) for lang in LEXICON if lang not in UNSPACED
                    if (words := _words_for(lang)) is not None)  # never None: lang is in LEXICON
        if len(_INSTRUCTION_MEMO) > MAX_MEMO_WORDS:
            _INSTRUCTION_MEMO.clear()
        _INSTRUCTION_MEMO[word] = found
    return found
