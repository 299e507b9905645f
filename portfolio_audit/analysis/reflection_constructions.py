"""What sentences do by their construction, per language: the trade-off head's construction features.

Beside the word classes of ``reflection_lexicon``, a few acts are made by how words are put
together rather than by one word: a choice of one thing over another, a cost accepted, an
alternative set aside, a scope kept on purpose, a known defect named. One table, one entry
per language (English always read as well), read by ``reflection_features.constructions``.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

from .folded_search import FoldedPattern, lowered_ascii

# What a sentence does by its construction, not by one word: a choice of one thing over
# another ("readability over speed", "prefer X to Y"), a cost accepted ("gives up X for Y",
# "at the cost of"), an alternative set aside ("instead of", "rather than", "why not X"),
# a scope kept on purpose ("non-goal", "by design", "will not support"), a known defect
# named. Each entry is a regular expression over the lower-cased passage, per language;
# a document is read with English and its own language, as for the words above. Like the
# words, none decides anything: they are features the classifier weighs.
CONSTRUCTION_NAMES = ("prefers_over", "accepts_cost", "sets_aside", "keeps_scope", "names_defect", "boasts_figure")
CONSTRUCTIONS: dict = {
    "en": {
        "prefers_over": r"\b(?:prefer\w*|favou?r\w*|priori\w+|chose|choose|chosen|choosing|picked|opted|went with)"
                        r"\b[^.;!?]{1,60}?\b(?:over|above)\b|\bprefer\w* [^.;!?]{1,40}? to\b|\b\w+ over (?:raw |pure )?(?:speed|performance|"
                        r"simplicity|readability|flexibility|features|convenience|correctness|safety|size|memory)\b",
        "accepts_cost": r"\bat the (?:cost|expense|price) of\b|\bin (?:exchange|return) for\b|\bgiv(?:e|es|ing) up\b|\bgave up\b|"
                        r"\bsacrific\w+|\btrad(?:e|es|ed|ing)(?: off)? [^.;!?]{1,40}? for\b|\bthe (?:price|catch|downside|cost) "
                        r"(?:is|was|we pay|here)\b|\bcomes at\b|\bat a cost\b|\bthe trade-?off\b|\bis worth (?:it|the)\b",
        "sets_aside": r"\binstead of\b|\brather than\b|\bas opposed to\b|\bin favou?r of\b|\bwhy not\b|\bdecided against\b|"
                      r"\bruled out\b|\bconsidered [^.;!?]{1,50}? but\b|\b(?:did not|didn't|do not|don't|chose not to) use\b|"
                      r"\bwrit(?:e|ing) (?:a |my |our )?(?:own|small|tiny)\b|\breinvent\w*\b",
        "keeps_scope": r"\bnon(?:-| )?goals?\b|\bnot a goal\b|\bout of scope\b|\bby design\b|\bon purpose\b|\bdeliberately\b|"
                       r"\bintentionally\b|\b(?:is|are|isn't|aren't|was) not (?:meant|intended|designed|trying)\b|"
                       r"\b(?:isn't|aren't|wasn't) (?:meant|intended|designed|trying)\b|\b(?:will not|won't|do not|don't) "
                       r"(?:support|add|implement|handle|aim)\b|\bno plans? to\b",
        "names_defect": r"\bknown (?:bugs?|issues?|problems?|limitations?|defects?)\b|\bthere (?:is|are) (?:a |still )?(?:known )?"
                        r"(?:bugs?|race|leak)\b|\b(?:still|currently) (?:has|have|leaks?|crash\w*|fails?)\b",
        "boasts_figure": r"\d+(?:\.\d+)?\s*(?:x|×|times|%)\s+(?:faster|smaller|quicker|better|lighter|cheaper|fewer|less|more)\b",
    },
    "de": {
        "prefers_over": r"\b(?:bevorzug\w*|vorgezogen|lieber)\b",
        "accepts_cost": r"\bauf kosten\b|\bzu lasten\b|\bim gegenzug\b|\bverzicht\w*\b|\bopfer\w*\b|\bder preis\b",
        "sets_aside": r"\b(?:an)?statt\b|\bstattdessen\b|\bgegen [^.;!?]{1,40}? entschieden\b|\bwarum nicht\b",
        "keeps_scope": r"\bnicht(?:-| )ziele?\b|\bbewusst\b|\babsichtlich\b|\bnicht (?:geplant|vorgesehen|gedacht)\b",
        "names_defect": r"\bbekannte[rn]? (?:fehler|probleme?|bugs?|einschränkung\w*)\b",
    },
    "fr": {
        "prefers_over": r"\b(?:préfér\w*|privilégi\w*)\b",
        "accepts_cost": r"\bau (?:prix|détriment) d\b|\ben contrepartie\b|\ben échange\b|\bsacrifi\w+|\brenonc\w+",
        "sets_aside": r"\bau lieu d\b|\bplutôt que\b|\bpourquoi pas\b|\bécart\w+\b",
        "keeps_scope": r"\bnon(?:-| )objectifs?\b|\bvolontairement\b|\bdélibérément\b|\bhors (?:du )?périmètre\b|\bpas prévu\b",
        "names_defect": r"\b(?:bugs?|problèmes?|limitations?) connus?\b",
    },
    "es": {
        "prefers_over": r"\b(?:preferi\w*|prefer\w*|priori\w+)\b",
        "accepts_cost": r"\ba (?:costa|cambio|expensas) de\b|\ben detrimento de\b|\bsacrific\w+|\brenunci\w+",
        "sets_aside": r"\ben (?:lugar|vez) de\b|\bpor qué no\b|\bdescart\w+\b",
        "keeps_scope": r"\bno(?:-| )objetivos?\b|\ba propósito\b|\bdeliberadamente\b|\bintencionadamente\b|\bfuera del alcance\b",
        "names_defect": r"\b(?:errores|problemas|bugs?|limitaciones) conocid\w+\b",
    },
    "pt": {
        "prefers_over": r"\b(?:preferi\w*|prefer\w*|prioriz\w+)\b",
        "accepts_cost": r"\bà custa de\b|\bem troca de\b|\bem detrimento de\b|\bsacrific\w+|\brenunci\w+",
        "sets_aside": r"\bem vez de\b|\bao invés de\b|\bpor que não\b|\bdescart\w+\b",
        "keeps_scope": r"\bnão(?:-| )objetivos?\b|\bde propósito\b|\bpropositalmente\b|\bfora do escopo\b",
        "names_defect": r"\b(?:erros|problemas|bugs?|limitações) conhecid\w+\b",
    },
    "it": {
        "accepts_cost": r"\ba (?:costo|scapito|spese) di\b|\bin cambio di\b|\bsacrific\w+|\brinunci\w+",
        "sets_aside": r"\binvece di\b|\banziché\b|\bpiuttosto che\b|\bperché non\b",
        "keeps_scope": r"\bdi proposito\b|\bdeliberatamente\b|\bvolutamente\b|\bfuori (?:dall'|dal )?ambito\b",
    },
    "nl": {
        "accepts_cost": r"\bten koste van\b|\bin ruil voor\b|\bopoffer\w+",
        "sets_aside": r"\bin plaats van\b|\bliever dan\b|\bwaarom niet\b",
        "keeps_scope": r"\bbewust\b|\bopzettelijk\b|\bniet de bedoeling\b",
    },
    "ru": {
        "accepts_cost": r"ценой|в обмен на|жертв\w+|за счёт|за счет",
        "sets_aside": r"вместо того|а не\b|почему не\b|отказал\w+ от",
        "keeps_scope": r"намеренно|сознательно|специально|не цель",
        "names_defect": r"известн\w+ (?:ошибк\w+|проблем\w*|баг\w*)",
    },
    "ko": {
        "prefers_over": r"보다는|우선시|선호",
        "accepts_cost": r"대가로|대신에|희생|포기하",
        "sets_aside": r"대신|아닌|채택한 이유|선택한 이유|사용하지 않",
        "keeps_scope": r"의도적|일부러|범위 밖",
        "names_defect": r"알려진 (?:문제|버그)|버그가 있",
    },
    "ja": {
        "prefers_over": r"よりも|優先",
        "accepts_cost": r"代償|引き換え|犠牲|諦め",
        "sets_aside": r"代わりに|ではなく|採用しなかった|選ばなかった",
        "keeps_scope": r"意図的|あえて|対象外",
        "names_defect": r"既知の(?:問題|バグ)",
    },
    "zh": {
        "prefers_over": r"优先|而非|更看重",
        "accepts_cost": r"代价|牺牲|换取|以.{1,10}为代价",
        "sets_aside": r"而不是|而非|不使用|为什么不|放弃了",
        "keeps_scope": r"有意|故意|刻意|不在.{0,6}范围",
        "names_defect": r"已知(?:问题|缺陷|bug)",
    },
}

# Per language, (name, pattern) for each construction it has, searched as folded_search does:
# most passages hold none of a pattern's required words, and that test is a substring search.
_PATTERNS: dict = {}


def _compiled(expression: str) -> FoldedPattern:
    """A table entry as searched: a space between words matches any run of white space (a wrapped line)."""
    return FoldedPattern(re.compile(expression.replace(" ", r"\s+"), re.IGNORECASE))


def _patterns(language: str) -> tuple:
    found = _PATTERNS.get(language)
    if found is None:
        found = tuple((name, _compiled(expression)) for name, expression in CONSTRUCTIONS.get(language, {}).items())
        _PATTERNS[language] = found
    return found


def constructions(text: str, languages: tuple) -> list:
    """How often ``text`` performs each of CONSTRUCTION_NAMES in ``languages``, in order."""
    if len(text) <= MEMO_MAX_CHARS:
        return list(_counts_memo(text, languages))
    return list(_counts(text, languages))


def _counts(text: str, languages: tuple) -> tuple:
    counts = dict.fromkeys(CONSTRUCTION_NAMES, 0)
    lowered = lowered_ascii(text)
    for language in languages:
        for name, pattern in _patterns(language):
            if pattern.found(text, lowered):
                counts[name] += len(pattern.pattern.findall(text))
    return tuple(counts[name] for name in CONSTRUCTION_NAMES)


# The reflection features count every unit's constructions, and then the cue detector asks
# whether the same paragraphs perform two of them: the counts of recent short texts are kept
# (as tuples no caller can change), and a construction is performed where its count is not 0.
MEMO_TEXTS = 8192
MEMO_MAX_CHARS = 2000
_counts_memo = functools.lru_cache(maxsize=MEMO_TEXTS)(_counts)


def performs(name: str, text: str, lowered: Optional[str], languages: tuple) -> bool:
    """Does ``text`` perform construction ``name`` in one of ``languages``?

    ``lowered`` is ``folded_search.lowered_ascii(text)``. One pattern per language, so each
    keeps its own required words for the fast test.
    """
    if len(text) <= MEMO_MAX_CHARS:
        return _counts_memo(text, languages)[CONSTRUCTION_NAMES.index(name)] > 0
    return any(pattern.found(text, lowered) for language in languages for entry, pattern in _patterns(language)
               if entry == name)
