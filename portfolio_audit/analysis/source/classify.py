"""Comment classification: what each comment (or run of comment lines) is for, from its text and the code beside it.

Each comment gets one category:

- ``doc``: documentation of a definition (docstring, JSDoc/Javadoc/Doxygen, a
  Go comment on a declaration); counted as documentation, not code;
- ``explanatory``: says *why* (rationale, invariants, caveats, workarounds, issue links);
- ``descriptive``: a plain remark that is neither why nor a restatement;
- ``noise``: restates the next line, labels a section, or signs initials;
- ``commented_out``: code that was switched off instead of deleted;
- ``todo``: TODO / FIXME / HACK / XXX;
- ``tutorial``: lab skeleton or notebook leftovers, notes on the language itself;
- ``license`` and ``directive``: headers, banners, pragmas; excluded from every ratio.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..language import unaccented
from .lexer import DOC_KIND, LINE, Raw

DOC = "doc"
EXPLANATORY = "explanatory"
DESCRIPTIVE = "descriptive"
NOISE = "noise"
COMMENTED_OUT = "commented_out"
TODO = "todo"
TUTORIAL = "tutorial"
LICENSE = "license"
DIRECTIVE = "directive"
# Comments that say nothing about how the author writes for readers.
EXCLUDED_CATEGORIES = frozenset({LICENSE, DIRECTIVE})

# A comment group is noise when at least this share of its content words
# appear (as identifiers) in the code line it sits on or above.
NOISE_OVERLAP = 0.5
# Restatements are short; a long comment that happens to share words explains more.
NOISE_MAX_WORDS = 12
# A comment run counts as commented-out code when at least this share of its
# non-empty lines look like code.
CODE_LINE_SHARE = 0.5
# A doc comment is commented-out code only when nearly all of it is code;
# otherwise its code lines are usage examples.
DOC_CODE_SHARE = 0.8
# Comment vocabularies are small: caching stems saves most of their cost.
STEM_CACHE_SIZE = 1 << 16
# The same comments and comment lines recur within and across files (lint markers,
# "Returns:", "}", licence headers, idioms of a code base): about half of all
# classifications repeat one already made, so verdicts on text are cached. Most repeats
# are near each other: 4,096 entries get 49% hits on the benchmark tree where 65,536 get
# 52%, and a small cache keeps the garbage collector's full passes, which walk every
# entry, cheap (at 65,536 they cost 6% of the run). Only texts up to
# MAX_CACHED_TEXT_CHARS are kept, so the caches stay small whatever the input; longer
# texts are rarely repeated anyway.
TEXT_CACHE_SIZE = 1 << 12
MAX_CACHED_TEXT_CHARS = 2000
# Only this many leading lines are searched for a licence or generated header.
HEADER_SCAN_LINES = 40


def _cached_for_short_text(function):
    """``function`` with an LRU cache for calls whose first argument, a text, is short.

    Only for pure functions of their arguments (see TEXT_CACHE_SIZE).
    """
    cached = functools.lru_cache(maxsize=TEXT_CACHE_SIZE)(function)

    @functools.wraps(function)
    def call(text, *rest):
        if len(text) > MAX_CACHED_TEXT_CHARS:
            return function(text, *rest)
        return cached(text, *rest)

    return call


_DIRECTIVE = re.compile(
    r"^\s*(?:!|-\*-|(?:vim?|ex):|coding[:=]|noqa|type:\s*ignore|pylint:|pragma|fmt:\s*(?:on|off|skip)|isort:|"
    r"mypy:|pyright:|ruff:|nosec|eslint|jshint|jscs:|prettier-ignore|tslint:|@ts-|istanbul\s|c8\s|"
    r"go:|\+build|nolint|lint:|NOLINT|clang-format|@flow|@jsx|swiftlint:|rubocop:|frozen_string_literal|"
    r"shellcheck|region\b|endregion\b|#region|#endregion|<reference|@license\b|@preserve)",
    re.IGNORECASE,
)


def _by_first_character(alternatives) -> str:
    r"""One pattern that matches where any of ``alternatives`` does, grouped by first character.

    When every branch of a pattern starts with a literal character, the regex engine
    jumps to the offsets holding one of those characters instead of trying every
    alternative at every offset; on comment text that is three to four times faster.
    Grouping changes which alternative wins at an offset, never whether one matches,
    so the result is only for yes/no searches. A leading ``\b`` moves behind the
    first character as a lookbehind (``\bso`` becomes ``s(?<=\bs)o``).
    """
    groups: dict = {}
    for alternative in alternatives:
        boundary = alternative.startswith(r"\b")
        if boundary:
            alternative = alternative[2:]
        # A first character is a plain one or an escaped punctuation mark like "\(".
        size = 2 if alternative[0] == "\\" and not alternative[1].isalnum() else 1
        first, rest = alternative[:size], alternative[size:]
        if boundary:
            rest = rf"(?<=\b{first}){rest}"
        groups.setdefault(first, []).append(rest)
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


# Case-insensitive patterns come in two forms. The IGNORECASE one is searched in the
# comment as written; its twin, compiled without IGNORECASE from the same lower-case
# alternatives, is searched in the lower-cased comment when the comment is ASCII. For
# ASCII text both find the same thing (an ASCII letter folds to nothing but its own
# lower case, and no alternative starts or ends with whitespace, so stripping changes
# nothing), and only a case-sensitive pattern lets the engine skip by first character.
_LICENSE_ALTERNATIVES = (
    "copyright", r"\(c\)\s*\d{4}", "©", "licen[sc]ed? under", "spdx-license", "all rights reserved",
    "permission is hereby granted", "apache license", "gnu (?:general|lesser)", "mit license", "bsd license",
    "this file is part of", "auto-?generated", "@generated", "generated by", "do not edit",
)
_LICENSE = re.compile("|".join(_LICENSE_ALTERNATIVES), re.IGNORECASE)
_LICENSE_ASCII_LOWER = re.compile(_by_first_character(_LICENSE_ALTERNATIVES))
# A line made only of drawing characters: a banner or a divider.
_DECORATIVE = re.compile(r"^[\s\-=*#/!~+_.:<>|\\]*$")
# "--- line counts ----": a navigation banner in a long file, not prose to judge.
_DIVIDER = re.compile(r"^[-=*#~/]{3,}[ \t]*[^\n]{1,60}?[ \t]*[-=*#~/]{3,}$")
_DIVIDER_CHARACTERS = "-=*#~/"  # a divider starts with one of these; testing that first is cheaper
_TUTORIAL_ALTERNATIVES = (
    r"\byour (?:code|definitions?|implementation|solution|answer)s? (?:goes? )?here\b", r"\bin\[\s*\d*\s*\]:",
    r"\bfill in (?:here|below|your|the (?:code|blanks?|missing))\b", r"\bstudent(?:s)? (?:should|must|need)",
    r"\bimplement (?:this|me)\b",
    r"\bwrite your (?:code|solution)", r"\bstart (?:your )?code here", r"\bend (?:your )?code here",
    r"\bdelete (?:this|these) (?:line|comment)",
    r"go\.dev/tour", r"tour\.golang", "w3schools", "geeksforgeeks", r"educative\.io", "tutorialspoint", "programiz",
    "gopherguides", "javatpoint", r"linkedin\.com/pulse", "freecodecamp", "codecademy",
)
_TUTORIAL = re.compile("|".join(_TUTORIAL_ALTERNATIVES), re.IGNORECASE)
_TUTORIAL_ASCII_LOWER = re.compile(_by_first_character(_TUTORIAL_ALTERNATIVES))
# A marker opens a comment line or is followed by ":" / "(" / "-"; a comment that
# merely mentions the word ("TODO piles") is not a TODO.
_TODO = re.compile(
    r"(?:^|\n)[ \t*#/-]*(?:TODO|FIXME|HACK|XXX|BUG)\b(?!/)|\b(?:TODO|FIXME|HACK|XXX)[ \t]*[:(-]|\btodo[ \t]*[:(]"
)
# Rationale markers: any one of these makes a comment explanatory. Single words
# are looked up in a set (one regex scan per comment instead of one per marker);
# phrases and link shapes go through one regex, grouped by first character.
_WHY_WORDS = frozenset(
    "because otherwise hence therefore thus workaround workarounds avoid avoids avoiding prevent prevents "
    "invariant invariants guarantee guarantees guaranteed ensure ensures must mustn't caveat caveats careful "
    "carefully tradeoff trade-off unless why reason reasons can't cant cannot won't wont doesn't doesnt don't "
    "isn't required require requires assume assumes assuming assumption safe safely safety race deadlock "
    "deadlocks threadsafe thread-safe compatibility compatible incompatible legacy deprecated browser browsers "
    "quirk quirks bug bugs issue amortized performance faster slower expensive cheap cheaper although however "
    "beware might may possibly actually really always never intentional intentionally".split()
)
_WHY_PHRASES = re.compile(_by_first_character((
    "so that", "in order to", "work around", "in case", "note:", "nb:", "important:", "warning:", "rather than",
    "instead of", r"\bso (?:we|it|the|they|this)\b", r"needs? to\b", "backwards?[- ]compat", "support:",
    r"\bgh-\d+", r"\btrac-\d+", r"#\d{2,}", r"/issues/\d+", r"/pull/\d+", r"\bo\([^)\n]{0,40}\)",
    r"only (?:if|when|works|needed|used)\b", r"even (?:if|though|when)\b", "in practice", "edge case",
    "corner case", "if we get here", "by design", "on purpose", "not (?:yet )?supported",
    r"\bwe (?:can|cannot|can't|have|need|don't|do not|keep|only)\b",
    # The same in Spanish, Portuguese, French, German and Italian, accents folded (_explains_why).
    r"\bpara que\b", r"\bpara no\b", r"\bya que\b", r"\bdado que\b", r"\bde lo contrario\b", r"\bsi no se\b",
    r"\bpara nao\b", r"\bja que\b", r"\buma vez que\b", r"\bcaso contrario\b", r"\bpour que\b",
    r"\bpour ne pas\b", r"\ba cause\b", r"\bau cas ou\b", r"\ben cas de\b", r"\bda sonst\b", r"\bum zu\b",
    r"\bper non\b", r"\bin modo che\b", r"\bdato che\b", r"\bvisto che\b",
)))
_LOWER_WORD = re.compile(r"[a-z][a-z'-]*")
# The same markers in the other languages whose comments the rationale rule reads, looked up
# with accents folded ("évite" as "evite"). Words that are also English words of another
# sense ("car", "da", "attention", "como") are left out: every comment is looked up here.
_WHY_WORDS_ABROAD = frozenset(
    # es, pt
    "porque evitar evita evitamos evitando debido necesario necesaria obligatorio importante cuidado ojo "
    "garantiza asegura asegurar requiere aunque senao devido necessario obrigatorio garante garantir requer "
    "embora contrario "
    # fr
    "parce afin eviter evite sinon puisque necessaire obligatoire garantit assure pourtant cependant "
    "contournement contourner "
    # de
    "weil damit sonst andernfalls vermeiden vermeidet verhindern verhindert notwendig notig wichtig achtung "
    "sicherstellen obwohl jedoch "
    # it
    "perche affinche evitare altrimenti poiche necessaria obbligatorio garantisce assicura sebbene tuttavia".split()
)
# Han, Kana and Hangul are not cut into words: their markers are found anywhere in the text
# ("防止卡死", "因为是新分配的", "互換性のため", "중복 방지"). Bare ため, which also makes a
# purpose label ("…するための関数"), is not one of them.
_WHY_UNSPACED = re.compile(
    "因为|因為|为了|為了|防止|避免|否则|否則|以免|以便|由于|由於|注意|必须|必須|保证|保證|确保|確保|不然|原因|所以|"
    "因此|兼容|临时|臨時|ので|ためです|ため、|防ぐ|避け|回避|互換|一時的|必ず|때문에|위해|방지|피하기|주의|반드시|호환"
)


def _explains_why(lower: str) -> bool:
    words = _LOWER_WORD.findall(lower)
    if not (_WHY_WORDS.isdisjoint(words) and _WHY_WORDS_ABROAD.isdisjoint(words)):
        return True
    if _WHY_PHRASES.search(lower) is not None:
        return True
    if lower.isascii():
        return False
    folded = unaccented(lower)
    if folded != lower and (not _WHY_WORDS_ABROAD.isdisjoint(_LOWER_WORD.findall(folded))
                            or _WHY_PHRASES.search(folded) is not None):
        return True
    return _WHY_UNSPACED.search(lower) is not None


# Cheap substring tests in front of the tutorial regex: most comments contain none.
_TUTORIAL_HINTS = (
    "here", "in[", "fill in", "student", "implement", "write your", "delete th", "tour", "w3schools",
    "geeksforgeeks", "educative", "tutorialspoint", "programiz", "gopherguides", "javatpoint", "linkedin",
    "freecodecamp", "codecademy",
)
_TUTORIAL_HINT = re.compile("|".join(re.escape(hint) for hint in _TUTORIAL_HINTS))
_TODO_HINT = re.compile("TODO|FIXME|HACK|XXX|BUG|todo")


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_IDENTIFIER_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_STOPWORDS = frozenset(
    "a an the of to in on at for from by with and or is are be it its this that these those we our us "
    "i you your here there then now into as if else do does so just all any some each every new via "
    "will would can could should may might up down out over under using use used".split()
    # The function words of Spanish, Portuguese, French, Italian and German comments, so that
    # "Bucle for para repetir sobre cada alumno" is weighed by its content words as English is;
    # words that are also English content words ("die", "son", "sin", "no") are left out.
    + "de que es está si el la los las un una unos unas del al y o en por para lo su sus este esta estos estas cada sobre "
    "os um uma do da dos das e em na nos nas pelo pela com sem se cada "
    "le les une des du et ou par pour avec sans qui est sont ce cet cette ces sa ses chaque sur dans au aux "
    "il gli di della delle dei e che ogni "
    "der das dem des ein eine einen einem und oder im mit ohne für von zu zum zur ist sind jede jeden auf".split()
)
# Words a narrating comment uses for what a line visibly does, mapped from code tokens.
_CODE_CONCEPTS = {
    "loop": r"\b(?:for|while|forEach|each|map)\b",
    "check": r"\bif\b|\?",
    "ret": r"\breturn\b",
    "imp": r"\b(?:import|include|require|using|use)\b",
    "out": r"\b(?:print|printf|println|console|log|echo|puts|fmt)\b",
    "new": r"\bnew\s+\w|=\s*[A-Z]\w*\(",
    "assign": r"(?<![=!<>])=(?!=)|:=",
    "inc": r"\+\+|\+=\s*1\b",
    "dec": r"--|-=\s*1\b",
    "call": r"\w\s*\(",
}
# The same concepts in Spanish, Portuguese, French, Italian and German follow the English words.
_CONCEPT_WORDS = {
    "loop": ("loop", "iterate", "through", "over", "each",
             "bucle", "recorrer", "recorre", "repetir", "iterar", "itera", "laço", "percorrer", "percorre",
             "boucle", "parcourir", "parcourt", "itérer", "ciclo", "scorrere", "schleife", "durchlaufen"),
    "check": ("check", "if", "whether", "verificar", "verifica", "comprobar", "comprueba", "vérifier", "vérifie",
              "controllare", "controlla", "prüfen", "prüft"),
    "ret": ("return", "returns", "devolver", "devuelve", "retornar", "retorna", "retourner", "retourne",
            "renvoyer", "renvoie", "restituire", "restituisce", "zurückgeben"),
    "imp": ("import", "imports", "include", "library", "importar", "importa", "importer", "importe",
            "importare", "importieren", "librería", "biblioteca", "bibliothèque", "libreria", "bibliothek"),
    "out": ("print", "display", "show", "output", "log", "imprimir", "imprime", "mostrar", "muestra",
            "afficher", "affiche", "stampare", "stampa", "mostra", "ausgeben", "anzeigen"),
    "new": ("create", "instance", "instantiate", "initialize", "new", "object", "crear", "crea", "criar", "cria",
            "créer", "crée", "creare", "erstellen", "erzeugen", "instancia", "objeto", "objet", "oggetto", "objekt"),
    "assign": ("set", "assign", "store", "save", "define", "initialize", "variable", "asignar", "asigna",
               "guardar", "guarda", "atribuir", "définir", "définit", "stocker", "assegnare", "assegna",
               "salvare", "speichern", "setzen", "variabile"),
    "inc": ("increment", "increase", "add", "counter", "incrementar", "incrementa", "sumar", "suma", "aumentar",
            "incrémenter", "incrémente", "ajouter", "ajoute", "incrementare", "erhöhen", "contador", "compteur",
            "contatore", "zähler"),
    "dec": ("decrement", "decrease", "decrementar", "decrementa", "disminuir", "décrémenter", "decrementare",
            "verringern"),
    "call": ("call", "calling", "function", "run", "llamar", "llama", "función", "funcion", "chamar", "chama",
             "função", "appeler", "appelle", "fonction", "chiamare", "chiama", "funzione", "aufrufen", "funktion",
             "ejecutar", "ejecuta", "executar", "exécuter", "eseguire"),
}
_CONCEPT_PATTERN = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _CODE_CONCEPTS.items()))
_SECTION_LABEL = re.compile(
    r"^(?:(?:global|local|private|public|static|helper|utility|util|main|member|instance|class|other|"
    r"constant|module|test|some)\s+)?(?:variables?|vars|imports?|constants?|consts|functions?|funcs|methods?|"
    r"helpers?|utils?|utilities|classes|types|includes?|headers?(?: files?)?|librar(?:y|ies)|modules|"
    r"packages|dependencies|getters?(?: (?:and|&) setters?)?|setters?|constructors?|fields|properties|"
    r"attributes|declarations?|definitions?|defines|macros|main|main (?:function|program|code)|"
    r"setup|config(?:uration)?|routes|exports?|styles?|props|state|hooks?|tests?|"
    r"end(?: of)?(?: \w+)?|begin(?: \w+)?|start(?: of)?(?: \w+)?)[.:]?$",
    re.IGNORECASE,
)
_INITIALS = re.compile(r"^\s*(?:[-–]\s*)?[A-Z]{1,3}(?:\s*[,/&]\s*[A-Z]{1,3})*\s*$")

# Lines that look like code rather than prose.
_CODE_START = re.compile(
    r"^(?:if|for|while|switch|return|import|from\s+\S+\s+import|def|class|func|fn|var|let|const|public|"
    r"private|protected|static|void|int|float|double|char|bool|boolean|String|auto|struct|try|catch|except|"
    r"finally|else|elif|with|async|await|yield|raise|throw|print|console\.\w+|System\.out|fmt\.\w+|"
    r"#include|#define|package|export|module\.exports|require\(|new\s)\b"
)
_CODE_END = re.compile(r"(?:[;{}]|\)\s*:?|\]|\[\s*\]|=>|->|\):|\)\s*\{?)\s*$")
_ASSIGNMENT = re.compile(r"^[\w.\[\]'\"*&\->]+(?:\s*,\s*[\w.\[\]]+)*\s*(?:[-+*/%|&^]|<<|>>)?(?::=|=)(?!=)\s*\S")
_CALL = re.compile(r"^[\w.$]+(?:\[[^\]]*\])*(?:\.[\w$]+)*\s*\(.*\)\s*;?$")
_PROSE_END = re.compile(r"[.!?,]\s*$|[a-z]{3,}\s*$")
_SENTENCE = re.compile(r"^[A-Z][a-z]+(?:\s+[a-z][\w'-]*){3,}")
# A line of at least this many words, mostly plain words, is prose even with brackets in it.
PROSE_MIN_WORDS = 4
PROSE_WORD_SHARE = 0.6
# Plain words: letters after an optional "(", then an optional closing mark. Counted
# in the whole line at once (one regex call per line, not one per word), each word with
# the whitespace in front of it, so words are cut as str.split() cuts them and the
# engine can skip from space to space; the line gets a leading space for its first word.
_PLAIN_WORD_AFTER_SPACE = re.compile(r"\s\(?[A-Za-z][a-z'-]*[),.:;!?]?(?!\S)")
_DOC_TAG = re.compile(r"^@\w+|^:(?:param|returns?|raises|type)\b|^(?:Args|Returns|Raises|Yields|Example|Examples):")


_CODE_PUNCTUATION = re.compile(r"[=;{}()\[\]:<>]")
_BARE_CODE = frozenset({"}", "{", "};", "})", "});", "end", "break;", "continue;", "pass", "break", "continue"})


@_cached_for_short_text
def _looks_like_code(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    code_start = _CODE_START.match(stripped) is not None
    if _CODE_PUNCTUATION.search(stripped) is None:
        # Without brackets, "=", ";" or ":" only a bare keyword line can be code (return x, else, pass).
        return (code_start and len(stripped.split()) <= 3) or stripped in _BARE_CODE
    if _DOC_TAG.match(stripped) or _DECORATIVE.match(stripped):
        return False
    if _SENTENCE.match(stripped) and stripped.endswith((".", ":")) and not stripped.endswith(");"):
        return False
    word_count = len(stripped.split())
    plain_share = len(_PLAIN_WORD_AFTER_SPACE.findall(" " + stripped)) / word_count
    if stripped.endswith(("{", "}")) or (stripped.endswith(";") and plain_share < PROSE_WORD_SHARE):
        if code_start or "(" in stripped or "=" in stripped or "[" in stripped:
            return True
    if word_count >= PROSE_MIN_WORDS and plain_share >= PROSE_WORD_SHARE:
        return False
    if code_start and stripped.endswith(":") and not stripped.endswith("::"):
        return True
    if code_start and (word_count <= 3 or _CODE_END.search(stripped) or "(" in stripped):
        return True
    if _ASSIGNMENT.match(stripped) and not _SENTENCE.match(stripped):
        return True
    if _CALL.match(stripped) and word_count <= 8:
        return True
    if stripped in _BARE_CODE:
        return True
    if _CODE_END.search(stripped) and not _PROSE_END.search(stripped.rstrip(";{}) ")) and word_count <= 10:
        return sum(stripped.count(ch) for ch in "();{}=[]") >= 2
    return False


# Lower-case words with the accented letters of Latin-1 ("término", "für"), so a comment in
# Spanish or German is cut into its words, not at every accent.
_LOWER_TOKEN = re.compile(r"[a-z0-9\u00df-\u00f6\u00f8-\u00ff]+")


def _content_words(lower: str) -> list:
    return [_stem(word) for word in _LOWER_TOKEN.findall(lower) if len(word) > 1 and word not in _STOPWORDS
            and not word.isdigit()]


@functools.lru_cache(maxsize=STEM_CACHE_SIZE)
def _stem(word: str) -> str:
    word = unaccented(word)  # identifiers are written without accents, comments with them
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


_CONCEPT_STEMS = {name: tuple(_stem(word) for word in words) for name, words in _CONCEPT_WORDS.items()}
# Most comment words name no concept at all; for those, scanning the code line for
# concepts cannot change the verdict, so _restates skips the scan.
_ANY_CONCEPT_STEM = frozenset(stem for stems in _CONCEPT_STEMS.values() for stem in stems)


def _concept_words(code: str) -> frozenset:
    return frozenset(
        word for concept in {found.lastgroup for found in _CONCEPT_PATTERN.finditer(code)}
        if concept is not None  # never None: every alternative of the pattern is a named group
        for word in _CONCEPT_STEMS[concept]
    )


# Words shorter than this must equal an identifier part; longer ones may sit inside
# one ("timeout" in catchTimeout), which a plain substring test finds cheaply.
MIN_SUBSTRING_WORD = 3


def _restates(comment_lower: str, code: str) -> bool:
    """Whether a short comment mostly names what the code line it describes visibly does."""
    if not code or code.isspace():
        return False
    if len(code) > MAX_CACHED_TEXT_CHARS or len(comment_lower) > MAX_CACHED_TEXT_CHARS:
        return _restates_uncached(comment_lower, code)
    return _restates_cached(comment_lower, code)


def _restates_uncached(comment_lower: str, code: str) -> bool:
    words = _content_words(comment_lower)
    if not words or len(words) > NOISE_MAX_WORDS:
        return False
    needed = NOISE_OVERLAP * len(words)
    code_lower = code.lower()
    code_tokens = None
    concepts = None
    overlap = 0
    for position, word in enumerate(words):
        if overlap + len(words) - position < needed:
            return False
        if len(word) >= MIN_SUBSTRING_WORD:
            if word in code_lower:
                overlap += 1
                continue
        else:
            if code_tokens is None:
                code_tokens = set(_LOWER_TOKEN.findall(code_lower))
            if word in code_tokens:
                overlap += 1
                continue
        if word not in _ANY_CONCEPT_STEM:
            continue
        if concepts is None:
            concepts = _concept_words(code)
        if word in concepts:
            overlap += 1
    return overlap / len(words) >= NOISE_OVERLAP


_restates_cached = functools.lru_cache(maxsize=TEXT_CACHE_SIZE)(_restates_uncached)


@dataclass
class Context:
    code_lines: list  # the file's lines with comments removed
    first_code_line: int  # 1-based; comments above it are the file header


def _next_code(context: Context, after_line: int) -> str:
    lines = context.code_lines
    index = after_line  # code_lines is 0-based, so this already points past ``after_line``
    limit = min(len(lines), index + 3)
    while index < limit:
        if lines[index].strip():
            return lines[index]
        index += 1
    return ""


def classify(raw: Raw, text: str, code_line_count: int, context: Context, attached: bool) -> tuple:
    """(category, explains_why)."""
    in_header = raw.line <= max(context.first_code_line, HEADER_SCAN_LINES)
    category, explains, lower = _classify_text(text, raw.kind, raw.trailing, in_header, bool(code_line_count),
                                               attached)
    if category is not None:
        return category, explains
    code = context.code_lines[raw.line - 1] if raw.trailing else _next_code(context, raw.end_line)
    if _restates(lower, code):
        return NOISE, False
    return DESCRIPTIVE, False


@_cached_for_short_text
def _classify_text(text: str, kind: str, trailing: bool, in_header: bool, has_code_lines: bool,
                   attached: bool) -> tuple:
    """The part of classify that depends on the comment alone: (category, explains_why, lower text).

    The category is None for a comment that is descriptive unless it restates the code next to it.
    """
    stripped = text.strip()
    if not stripped or _DECORATIVE.match(stripped) or (stripped[0] in _DIVIDER_CHARACTERS and _DIVIDER.match(stripped)):
        return DIRECTIVE, False, None
    if "\n" not in stripped and _DIRECTIVE.match(stripped):
        return DIRECTIVE, False, None
    lower = stripped.lower()
    # See _LICENSE_ALTERNATIVES: for ASCII text the lower-case twins are the faster equivalent.
    ascii_text = text.isascii()
    if (in_header or "copyright" in lower) and (
        _LICENSE_ASCII_LOWER.search(lower) if ascii_text else _LICENSE.search(text)
    ):
        return LICENSE, False, None
    if _TUTORIAL_HINT.search(lower) and (_TUTORIAL_ASCII_LOWER.search(lower) if ascii_text else _TUTORIAL.search(text)):
        return TUTORIAL, False, None
    # Whether a comment explains why is asked only on the paths that report it: a
    # directive, licence or commented-out block never needs the rationale scan.
    if _TODO_HINT.search(stripped) and _TODO.search(text):
        return TODO, _explains_why(lower), None
    if has_code_lines and not trailing:
        return COMMENTED_OUT, False, None
    if kind == DOC_KIND:
        return DOC, _explains_why(lower), None
    is_label = "\n" not in stripped and bool(_SECTION_LABEL.match(stripped.strip(" -=#*")))
    if attached and not is_label:
        return DOC, _explains_why(lower), None
    if trailing and _looks_like_code(stripped):
        return NOISE, False, None
    if _INITIALS.match(stripped):
        return NOISE, False, None
    if _explains_why(lower):
        return EXPLANATORY, True, None
    if is_label:
        return NOISE, False, None
    return None, False, lower


_LINE_MARKERS = frozenset({"//", "///", "#", "--"})


def group(raws: list) -> list:
    """Merge whole-line comments on consecutive lines with the same marker into one comment."""
    # Each group's lines are joined once at the end: growing one string line by line is
    # quadratic, and a file of 30,000 consecutive comment lines took seconds.
    groups, lines_of = [], []
    previous = None  # the last group
    for raw in raws:
        if (
            previous is not None
            # Cheapest and most often decisive first: trailing comments and comments
            # apart from the group never merge.
            and not raw.trailing
            and raw.line == previous.end_line + 1
            and not previous.trailing
            and raw.kind in (LINE, DOC_KIND)
            and previous.kind == raw.kind
            and raw.marker == previous.marker
            and raw.marker in _LINE_MARKERS
            # The directive tests come last, being the costly ones. A group of two or
            # more lines passed them already, so its first line is tested only once.
            and not _DIRECTIVE.match(raw.text)
            and (len(lines_of[-1]) > 1 or not _DIRECTIVE.match(lines_of[-1][0].split("\n", 1)[0]))
        ):
            lines_of[-1].append(raw.text)
            previous.end_line = raw.end_line
            previous.end = raw.end
            continue
        previous = Raw(raw.start, raw.end, raw.line, raw.end_line, raw.kind, raw.text, raw.trailing, raw.marker)
        groups.append(previous)
        lines_of.append([raw.text])
    for group, lines in zip(groups, lines_of):
        if len(lines) > 1:
            group.text = "\n".join(lines)
    return groups


def split_code_runs(raw: Raw) -> list:
    """Split a comment into runs of prose and runs of code-like lines: (raw, code line count)."""
    if "\n" not in raw.text:  # most comments are one line
        return [(raw, 1 if _looks_like_code(raw.text) else 0)]
    lines = raw.text.split("\n")
    flags = [_looks_like_code(line) for line in lines]
    if not any(flags):
        return [(raw, 0)]
    code_share = sum(flags) / max(1, sum(1 for line in lines if line.strip()))
    if raw.marker not in _LINE_MARKERS:
        return [(raw, sum(flags) if code_share >= CODE_LINE_SHARE else 0)]
    runs = []
    current_start = 0
    for index in range(1, len(lines) + 1):
        # Blank comment lines stay with the run they are in; a run ends where the flag flips.
        if index == len(lines) or (lines[index].strip() and flags[index] != _run_flag(lines, flags, current_start,
                                                                                         index)):
            piece = lines[current_start:index]
            run_is_code = _run_flag(lines, flags, current_start, index)
            runs.append((
                Raw(raw.start, raw.end, raw.line + current_start, raw.line + index - 1, raw.kind,
                     "\n".join(piece), raw.trailing, raw.marker),
                sum(flags[current_start:index]) if run_is_code else 0,
            ))
            current_start = index
    return runs


def documentation_piece(raw: Raw) -> tuple:
    """A doc comment stays whole: code in it is an example unless it is nearly all code."""
    lines = [line for line in raw.text.split("\n") if line.strip()]
    code_count = prose_count = 0
    for line in lines:
        if _looks_like_code(line):
            code_count += 1
        else:
            prose_count += 1
            # Docstrings are mostly prose: stop as soon as the code share can no longer reach the bar.
            if (len(lines) - prose_count) / len(lines) < DOC_CODE_SHARE:
                return raw, 0
    if lines and code_count / len(lines) >= DOC_CODE_SHARE:
        return raw, code_count
    return raw, 0


def _run_flag(lines, flags, start, stop) -> bool:
    for index in range(stop - 1, start - 1, -1):
        if lines[index].strip():
            return flags[index]
    return False
