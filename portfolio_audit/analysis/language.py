"""A small deterministic natural-language detector: writing script first, then stopword frequency.

No model and no network: README prose is long enough that the share of letters
in a script (Hangul, Kana, Cyrillic...) or the density of the commonest function
words separates the languages a portfolio is likely to use. It only has to be
good enough to decide "English or not" before an English-only formula runs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

UNDETERMINED = "und"
# Below this many words the stopword vote is noise: report "und" instead of guessing.
MIN_WORDS_FOR_A_VERDICT = 12
# A non-Latin script owns the text when this share of its letters is in that script;
# technical READMEs in Korean or Chinese still carry many Latin names and commands.
SCRIPT_SHARE_FOR_VERDICT = 0.25
# Japanese writes with Han too, so Han text with more than this share of Kana is Japanese:
# small, since Kanji-heavy Japanese still needs Kana for its grammar, but above zero, so a
# stray Kana character in Chinese text does not decide.
KANA_SHARE_FOR_JAPANESE = 0.02
# The winning Latin-script language needs this many stopword hits and must beat the
# runner-up by this factor, or the text is called undetermined.
MIN_STOPWORD_HITS = 3
WINNER_MARGIN = 1.3

# Letter ranges by script (first code point, last code point, script).
_SCRIPT_RANGES = (
    (0x0400, 0x052F, "cyrillic"),
    (0x0370, 0x03FF, "greek"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0E00, 0x0E7F, "thai"),
    (0x1100, 0x11FF, "hangul"),
    (0x3130, 0x318F, "hangul"),
    (0xAC00, 0xD7AF, "hangul"),
    (0x3040, 0x309F, "kana"),
    (0x30A0, 0x30FF, "kana"),
    (0x4E00, 0x9FFF, "han"),
    (0x3400, 0x4DBF, "han"),
)
_SCRIPT_LANGUAGE = {
    "cyrillic": "ru", "greek": "el", "hebrew": "he", "arabic": "ar", "devanagari": "hi",
    "thai": "th", "hangul": "ko", "kana": "ja", "han": "zh",
}

# The most frequent function words of each language, chosen to overlap little.
_STOPWORDS = {
    "en": "the and of to is in that it for with as this are be on you can by from not or which "
          "an your have will was we if when what how but use used uses".split(),
    "fr": "le la les des est une un et du dans pour que qui sur pas au aux ce cette sont avec "
          "par vous nous ou plus être été il elle".split(),
    "de": "der die das und ist nicht ein eine mit den dem zu von für auf des sich im auch "
          "wird werden sie es wir oder wenn kann".split(),
    "es": "el la los las de que y es en un una para por con del se no su al lo como más "
          "este esta son pero".split(),
    # One-letter words that English text also holds ("a", "e.g.", "o") are left out: a line of
    # English with a few "a"s must not read as Portuguese.
    "pt": "os as de que é em um uma para com do da dos das não no na se por mais "
          "como são ao pelo pela também".split(),
    "it": "il la di che è un una per con non del della dei le gli si sono da come più "
          "questo questa anche nel alla".split(),
    "nl": "de het een en van is dat in op te met voor niet zijn er aan ook als bij door "
          "wordt kan deze dit".split(),
    # Languages whose READMEs the wording cues do not read: recognising them is what lets a
    # rule say "not assessed" instead of reading them with English cues. Words shared with
    # English ("to", "do", "at", "for") or one letter long are left out.
    "pl": "się nie że jest jak dla przez ale lub oraz jego są być może tylko na od po w z "
          "który która które jako".split(),
    "tr": "ve bir bu için ile olarak daha çok gibi ama veya olan kadar sonra değil var "
          "her ya şu".split(),
    "sv": "och att det som är på för med av den till inte har ett kan eller men så "
          "också från vid".split(),
    "da": "og er det som til på med af ikke har kan eller men den de fra også ved skal "
          "av jeg".split(),
    "cs": "je se že pro jako ale nebo jsou být jeho tak jen na které který která také "
          "při".split(),
    "ro": "și în cu pe este că nu pentru mai sau care din sunt această acest fie "
          "prin".split(),
    "id": "dan yang ini itu dengan untuk dari tidak akan dalam ada atau juga pada bisa "
          "adalah kami".split(),
    "vi": "và của là có không được cho các một những này trong với để người khi đã "
          "từ".split(),
    "fi": "ja on ei se että tai kun myös mutta ovat oli jos niin kuin tämä voi".split(),
    "hu": "és az hogy nem egy meg van csak mint ez vagy már még".split(),
}
_STOPWORD_SETS = {language: frozenset(words) for language, words in _STOPWORDS.items()}
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


@dataclass(frozen=True)
class LanguageGuess:
    """The likely language of a text and how sure the guess is; "und" when it cannot tell."""

    language: str  # ISO 639-1 code, or "und"
    confidence: float  # 0-1: share of evidence for the winner
    method: str  # "script", "stopwords" or "too little text"


def _script_of(char: str) -> str:
    point = ord(char)
    for first, last, script in _SCRIPT_RANGES:
        if first <= point <= last:
            return script
    if point < 0x0250 and char.isalpha():
        return "latin"
    if "LATIN" in unicodedata.name(char, ""):
        return "latin"
    return "other"


def _script_shares(text: str) -> dict:
    """Share of letters in each script."""
    counts: Counter = Counter()
    # Each distinct character is classified once (Counter counts in C): prose repeats few letters.
    for char, times in Counter(text).items():
        if char.isalpha():
            counts[_script_of(char)] += times
    total = sum(counts.values())
    return {script: count / total for script, count in counts.items()} if total else {}


def detect_language(text: str) -> LanguageGuess:
    """Guess the natural language of ``text`` (prose, not code)."""
    shares = _script_shares(text)
    if not shares:
        return LanguageGuess(UNDETERMINED, 0.0, "too little text")
    non_latin = {s: v for s, v in shares.items() if s not in ("latin", "other")}
    if non_latin:
        script, share = max(sorted(non_latin.items()), key=lambda item: item[1])
        if share >= SCRIPT_SHARE_FOR_VERDICT:
            if script == "han" and shares.get("kana", 0) > KANA_SHARE_FOR_JAPANESE:
                script = "kana"
            return LanguageGuess(_SCRIPT_LANGUAGE[script], round(share, 3), "script")
    tokens = [token.lower() for token in _TOKEN.findall(text)]
    if len(tokens) < MIN_WORDS_FOR_A_VERDICT:
        return LanguageGuess(UNDETERMINED, 0.0, "too little text")
    # Each language's stopwords looked up in the token counts: some 25 lookups a language
    # instead of one per token (the same integer counts).
    times = Counter(tokens)
    hits = {language: sum(times[word] for word in words if word in times) for language, words in _STOPWORD_SETS.items()}
    ranked = sorted(hits.items(), key=lambda item: (-item[1], item[0]))
    (best, best_hits), (_, second_hits) = ranked[0], ranked[1]
    if best_hits < MIN_STOPWORD_HITS or best_hits < second_hits * WINNER_MARGIN:
        return LanguageGuess(UNDETERMINED, 0.0, "stopwords")
    total = sum(hits.values())
    return LanguageGuess(best, round(best_hits / total, 3), "stopwords")


# Chinese and Japanese write without spaces between words: a run of Han or Kana counts one
# word per this many characters (about the mean length of a Chinese word), so a paragraph of
# Chinese is not counted as two "words" because it has two commas.
CHARACTERS_PER_UNSPACED_WORD = 2
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
_UNSPACED_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


# A paragraph's words are counted by several rules and features: counts of recent short texts are kept.
MEMO_TEXTS = 8192
MEMO_MAX_CHARS = 2000


def unaccented(text: str) -> str:
    """``text`` without its accents ("Barbé" -> "Barbe", "término" -> "termino"); ASCII comes back as it is."""
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def count_words(text: str) -> int:
    """Words in any script: apostrophes and hyphens join parts ("don't"); Han and Kana runs count by length."""
    return _count_words_memo(text) if len(text) <= MEMO_MAX_CHARS else _count_words(text)


def _count_words(text: str) -> int:
    words = _WORD.findall(text)
    if text.isascii() or not _UNSPACED_RUN.search(text):  # isascii is a flag test: the runs are not ASCII
        return len(words)
    total = 0
    for word in words:
        unspaced = sum(len(run) for run in _UNSPACED_RUN.findall(word))
        if unspaced:
            # Latin letters inside the run ("用Python写的") still count as words of their own.
            rest = _UNSPACED_RUN.sub(" ", word).split()
            total += max(1, round(unspaced / CHARACTERS_PER_UNSPACED_WORD)) + len(rest)
        else:
            total += 1
    return total


def is_english(text: str) -> bool:
    """True when ``text`` reads as English; undetermined short text is not called English."""
    return detect_language(text).language == "en"


_count_words_memo = functools.lru_cache(maxsize=MEMO_TEXTS)(_count_words)
