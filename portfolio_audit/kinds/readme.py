"""Kinds for README clarity: presence, opening, setup, usage, structure, readability, visuals, impact.

Every kind reads only *substantive* paragraphs: placeholders ("TODO",
"[describe ...]"), instructions left for a template's author and generator
boilerplate (Create React App, create-next-app) earn nothing, so clarity does
not reduce to length or to having the right headings.
"""

from __future__ import annotations

import math
import re

from ..analysis.source.analyze import is_test_path
from ..analysis.language import UNDETERMINED, detect_language
from ..analysis.markdown import count_words
from ..analysis.placeholders import PUFFERY_LIMIT, boilerplate_reason, placeholder_reason, puffery
from ..analysis.readability import COMFORTABLE_FLESCH, HARD_FLESCH, MIN_PROSE_WORDS, assess
from ..wording import count_of
from . import Evidence, Measurement, kind, not_applicable, not_assessed

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
# A README too short to judge still earns this instead of 0: a thin README beats none,
# and a short one has nothing to structure yet.
THIN_README_SCORE = 0.2


# --- wording cues by natural language ---------------------------------------------------

# One entry per language the setup and usage kinds can read: the words of a setup heading,
# of a usage heading, and the verbs of a setup step written in running text. Headings are
# matched against every language at once (Chinese READMEs often use English headings); a
# README whose prose is in a language without an entry is "not assessed" on what only these
# words can decide, never scored down for its language. Commands and code read the same in
# every language. Step verbs are whole words where the language spaces its words.
_CUES = {
    "en": {
        "setup": r"install|setup|set up|setting up|getting started|requirements|prerequisites|dependencies|"
                 r"quick ?start|\bbuild|running|how to run|run (it|locally|the)|development|developing|deploy|"
                 r"compil|download|local",
        "usage": r"usage|how to (use|play)|examples?|demo|quick ?start|getting started|tutorial|\bapi\b|commands|"
                 r"controls|\bplay|try it|walkthrough|\bcli\b|features? in action|execution flow|how it works",
        "step": r"\b(run|install|download|clone|requires?|open|drag|unzip|build|launch)\b",
    },
    "es": {
        "setup": r"instalaci|instalar|requisitos|dependencias|configuraci|puesta en marcha|primeros pasos|"
                 r"c[oó]mo (empezar|comenzar|ejecutar|correr|instalar|iniciar)|ejecuci|compilaci|despliegue|"
                 r"desarrollo|inicio r[aá]pido",
        "usage": r"\buso\b|c[oó]mo (se )?(usa|utiliza|juega)|utilizaci|ejemplos?|demostraci|tutorial|comandos|"
                 r"controles|funcionamiento|gu[ií]a",
        "step": r"\b(ejecuta|ejecutar|instala|instalar|descarga|clona|clonar|abre|compila)\b",
    },
    "pt": {
        "setup": r"instala[cç]|requisitos|pr[eé]-requisitos|depend[eê]ncias|configura[cç]|"
                 r"como (executar|rodar|instalar|come[cç]ar)|execu[cç]|compila[cç]|implanta[cç]|"
                 r"desenvolvimento|primeiros passos|in[ií]cio r[aá]pido",
        "usage": r"\buso\b|como usar|utiliza[cç]|exemplos?|demonstra[cç]|tutorial|comandos|controles|"
                 r"funcionamento",
        "step": r"\b(execute|executar|rode|rodar|instale|baixe|clone|abra)\b",
    },
    "fr": {
        "setup": r"installation|installer|pr[eé]-?requis|d[eé]pendances|d[eé]marr|lancer|mise en place|"
                 r"configuration|compilation|d[eé]ploiement|d[eé]veloppement|ex[eé]cution|premiers pas",
        "usage": r"utilisation|utiliser|exemples?|d[eé]mo|tutoriel|commandes|contr[oô]les|fonctionnement|"
                 r"mode d'emploi|guide",
        "step": r"\b(ex[eé]cutez|lancez|installez|t[eé]l[eé]chargez|clonez|ouvrez)\b",
    },
    "de": {
        "setup": r"installation|installier|einrichtung|einrichten|voraussetzungen|anforderungen|abh[aä]ngigkeiten|"
                 r"erste schritte|schnellstart|ausf[uü]hren|starten|bauen|kompilier|entwicklung|bereitstellung|"
                 r"inbetriebnahme",
        "usage": r"verwendung|benutzung|nutzung|anwendung|bedienung|beispiel|anleitung|befehle|steuerung|"
                 r"funktionsweise",
        "step": r"\b(ausf[uü]hren|installieren|herunterladen|klonen|starten|[oö]ffnen)\b",
    },
    "it": {
        "setup": r"installazione|installare|requisiti|prerequisiti|dipendenze|configurazione|avvio|esecuzione|"
                 r"compilazione|sviluppo|primi passi|guida rapida",
        "usage": r"utilizzo|\buso\b|come usare|esempi|tutorial|comandi|controlli|funzionamento",
        "step": r"\b(esegui|eseguire|installa|scarica|clona|apri)\b",
    },
    "nl": {
        "setup": r"installatie|installeren|vereisten|afhankelijkheden|configuratie|aan de slag|uitvoeren|"
                 r"opstarten|ontwikkeling",
        "usage": r"gebruik|voorbeeld|handleiding|commando|besturing",
        "step": r"\b(installeer|download|kloon|open|start)\b",
    },
    "ru": {
        "setup": r"установ|требования|зависимост|настройка|запуск|сборка|развер|разработка|быстрый старт|"
                 r"начало работы",
        "usage": r"использовани|как использовать|пример|команды|управление|руководство",
        "step": r"\b(запустите|установите|скачайте|клонируйте|откройте)\b",
    },
    "zh": {
        "setup": r"安装|安裝|部署|环境|環境|依赖|依賴|配置|快速开始|快速開始|快速上手|开始|開始|运行|運行|"
                 r"构建|構建|编译|編譯|准备|準備|要求|启动|啟動|开发|開發|本地",
        "usage": r"使用|用法|示例|范例|範例|例子|演示|教程|命令|操作|指南|说明|說明|快速开始|快速開始|快速上手",
        "step": r"运行|執行|执行|安装|安裝|下载|下載|克隆|打开|打開|启动",
    },
    "ja": {
        "setup": r"インストール|導入|構築|環境|セットアップ|必要|依存|準備|ビルド|実行|起動|始め方|開発|デプロイ",
        "usage": r"使い方|使用方法|使用例|利用方法|デモ|チュートリアル|コマンド|操作|クイックスタート",
        "step": r"実行|インストール|ダウンロード|クローン|起動",
    },
    "ko": {
        "setup": r"설치|환경|설정|요구|의존|빌드|실행|시작|배포|개발|준비",
        "usage": r"사용|예제|예시|데모|튜토리얼|명령|조작",
        "step": r"실행|설치|다운로드|클론",
    },
}
# Languages the setup and usage kinds read. Text of undetermined language is read too: it
# is most often an English passage too short for the detector to decide.
SETUP_USAGE_LANGUAGES = frozenset(_CUES) | {UNDETERMINED}
# The opening's cues ("X is a tool for ...") and the impact units are English only.
_CUE_LANGUAGES = ("en", UNDETERMINED)


def _cue_pattern(cue: str) -> re.Pattern:
    """One pattern for ``cue`` in every language of ``_CUES``."""
    return re.compile("|".join(f"(?:{entry[cue]})" for entry in _CUES.values()), _I)


_SETUP_HEADING = _cue_pattern("setup")
_USAGE_HEADING = _cue_pattern("usage")


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

    Without one the score is 0, and a project generator's README left unedited scores
    THIN_README_SCORE ("unedited generator README"); otherwise it is the words of substantive text (code blocks
    count one word in CODE_WORDS_PER_COUNTED_WORD) over ``min_words``, capped at 1 and never below
    THIN_README_SCORE, since a thin README still beats none.
    """
    min_words = int(params.get("min_words", DEFAULT_PRESENT_MIN_WORDS))
    generated = ctx.readme is None and getattr(ctx, "generator_readme", None)
    if generated:
        # Neither missing nor the person's: the page a reader opens says only what the generator says.
        return Measurement(
            score=THIN_README_SCORE,
            summary=f"{generated.path}: unedited generator README",
            evidence=(Evidence(generated.path, 1, _snippet(generated.text[:UNTITLED_SNIPPET_CHARS]),
                               f"unedited generator README ({generated.origin_reason})", positive=False),),
            values={"words": 0, "min_words": min_words},
        )
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
# books". A verb is told from a noun by what follows it: a determiner or a possessive. Words
# that send the reader elsewhere ("See the docs", "Read the guide") are not taglines.
_VERB_FIRST = re.compile(
    r"^\W*(?!(?:see|read|visit|check|click|thanks|thank|please|note|welcome|follow|join|star|use|try)\b)"
    r"[A-Za-z][a-z]{2,}s?(?: and [a-z]{3,}s?)? (?:a|an|the|your|all|any|every|each|my|our|their|its|this|these|those|"
    r"multiple|many|one|two|several|any)\b",
    _I,
)
_WHAT = re.compile(
    r"^\W*([\w\-/.,]+ ){0,6}" + _KIND_NOUNS + r"\b|\b(is|are) (a|an|the|one)\b|\bthis (project|tool|library|app|application|extension|game|repo(sitory)?|package|"
    r"plugin|module|cli|site|website|api|service|bot|script|framework|program|website)\b|"
    r"\b(a|an) ([\w\-]+,? ){0,5}" + _KIND_NOUNS + r"\b|" + _REPLACES_OR_USED + r"|"
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
    opening in another language is not assessed rather than scored for its language.
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
    if language == UNDETERMINED:
        # An opening too short to tell is in the language of the README around it.
        language = _language(doc, paragraphs)
    if language not in _CUE_LANGUAGES:
        # The wording cues below are English: an opening in another language is neither
        # credited nor scored down for not matching them.
        return not_assessed(
            f"opening of {words} words in '{language}': what it says is not assessed (the cues read English)",
            (Evidence(path, line, _snippet(text), f"substantive opening in '{language}'"),),
        )
    says_what = _WHAT.search(text) or _names_itself(doc, text) or _VERB_FIRST.search(text)
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
_PROSE_STEP = _cue_pattern("step")
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
    language = _language(doc, paragraphs)
    readable = language in SETUP_USAGE_LANGUAGES
    evidence = []
    if cued and (cued_commands or len(steps) >= MIN_NUMBERED_STEPS):
        score = FULL_CREDIT
        first = (cued_commands or steps)[0]
        evidence.append(Evidence(path, first.line, _snippet(getattr(first, "text", "")), "setup steps under a setup heading"))
    elif any_commands and not readable:
        # The commands read the same in any language; the headings this README uses
        # cannot be read, so their absence is not held against it.
        score = FULL_CREDIT
        evidence.append(Evidence(path, any_commands[0].line, _snippet(any_commands[0].text),
                                 f"commands to run (headings in '{language}' not read)"))
    elif any_commands:
        score = COMMANDS_ONLY_CREDIT
        evidence.append(Evidence(path, any_commands[0].line, _snippet(any_commands[0].text), "commands to run, without a setup heading"))
    elif cued_paragraphs or cued_code:
        score = PROSE_ONLY_CREDIT
        first = (cued_paragraphs or cued_code)[0]
        evidence.append(Evidence(path, first.line, _snippet(first.text), "setup section without commands or numbered steps"))
    elif not readable:
        return not_assessed(f"setup not assessed: no commands found, and the README is in '{language}', "
                            "whose headings and wording the setup cues do not read")
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
    language = _language(doc, paragraphs)
    readable = language in SETUP_USAGE_LANGUAGES
    evidence = []
    if cued_code or (cued and cued_inline):
        score = FULL_CREDIT
        first = (cued_code or cued_inline)[0]
        evidence.append(Evidence(path, first.line, _snippet(first.text), "runnable example under a usage heading"))
    elif examples and not readable:
        # As for setup: the example reads in any language, the headings around it do not.
        score = FULL_CREDIT
        evidence.append(Evidence(path, examples[0].line, _snippet(examples[0].text),
                                 f"code example (headings in '{language}' not read)"))
    elif examples:
        score = EXAMPLE_ONLY_CREDIT
        evidence.append(Evidence(path, examples[0].line, _snippet(examples[0].text), "code example without a usage heading"))
    elif cued_paragraphs:
        score = PROSE_ONLY_CREDIT
        evidence.append(Evidence(path, cued_paragraphs[0].line, _snippet(cued_paragraphs[0].text), "usage described in prose, no runnable example"))
    elif demo:
        score = PROSE_ONLY_CREDIT
        evidence.append(Evidence(path, demo[0].line, _snippet(demo[0].text), "links to a live demo, no example"))
    elif not readable:
        return not_assessed(f"usage not assessed: no example found, and the README is in '{language}', "
                            "whose headings and wording the usage cues do not read")
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
        if result.language != "en" and result.prose_words >= MIN_PROSE_WORDS:
            # Enough prose, but the formulas are English ones: the language is not judged.
            return not_assessed(f"readability not assessed: {result.reason}")
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

# Files that are user-interface code by their kind alone (front-end components, Flutter).
_UI_SUFFIXES = (".jsx", ".tsx", ".vue", ".svelte", ".dart")
# Imports and calls that open a window, draw a page or build a screen, per language. Each
# alternative names the language family it may be found in, so a test's embedded JavaScript in
# a shell script, or "import curses" in a comment of a C file, decides nothing.
_UI_IMPORTS = {
    "python": re.compile(
        r"^\s*(import|from) (tkinter|pygame|kivy|arcade|pyglet|streamlit|gradio|dash|flet|wx|PyQt\d|PySide\d|"
        r"customtkinter|nicegui|panel|toga|dearpygui|pyray|raylib|ursina|ttkbootstrap)\b|cv2\.imshow\(",
        re.MULTILINE),
    "javascript": re.compile(
        r"from ['\"](react|react-dom|vue|svelte|@angular/core|phaser|three|electron|react-native|p5|pixi\.js)['\"]|"
        r"require\(['\"](react|vue|electron|phaser|three|p5)['\"]\)|document\.(getElementById|querySelector)|"
        r"\bcreateCanvas\(|getContext\(['\"]2d['\"]\)"),
    "c": re.compile(r"#\s*include\s*[<\"](SDL2?/|SDL\.h|SFML/|raylib\.h|GLFW/|GL/glut|mlx\.h|gtk/|Q[A-Z]\w+>|"
                    r"allegro5?/)|\bmlx_new_window\("),
    "java": re.compile(r"^\s*import (javax\.swing|javafx\.|android\.|androidx\.|java\.awt|com\.badlogic\.gdx|"
                       r"processing\.core)", re.MULTILINE),
    "swift": re.compile(r"^\s*import (SwiftUI|UIKit|AppKit|Cocoa|SpriteKit)\b", re.MULTILINE),
    "csharp": re.compile(r"using (UnityEngine|System\.Windows|Avalonia|Xamarin|Microsoft\.Maui|Godot)\b"),
    "lua": re.compile(r"\blove\.graphics\b"),
    "go": re.compile(r"\"(fyne\.io/|github\.com/hajimehoshi/ebiten|gioui\.org)"),
    "rust": re.compile(r"\b(use )?(eframe|egui|iced|bevy|macroquad|ggez|tauri|winit|gtk4?)::"),
}
_UI_FAMILY = {
    "python": "python", "javascript": "javascript", "typescript": "javascript", "vue": "javascript",
    "svelte": "javascript", "c": "c", "cpp": "c", "java": "java", "kotlin": "java", "scala": "java",
    "swift": "swift", "csharp": "csharp", "lua": "lua", "go": "go", "rust": "rust",
}
_UI_PACKAGES = re.compile(
    r"[\"'\s](react|react-dom|vue|svelte|@angular/core|next|nuxt|electron|react-native|expo|phaser|three|"
    r"pygame|pyqt5|pyqt6|pyside6|kivy|streamlit|gradio|dash|flet|arcade|pyglet|nicegui|customtkinter|tauri|"
    r"eframe|bevy|fyne)[\"'\s=<>~^@:]",
    _I,
)
# Server-rendered web apps: a web framework that renders pages from templates. The templates
# themselves are not read (they are markup, not source), so the call that renders one is the
# evidence: Flask/FastAPI/Jinja, Django, Express, ASP.NET MVC, Spring MVC, Rails, Laravel, PHP,
# Go's html/template.
_RENDERS_PAGES = {
    "python": re.compile(r"\brender_template(_string)?\(|\bTemplateResponse\(|\breturn render\(\s*request\b|"
                         r"\bfrom django\.shortcuts import [^\n]*\brender\b|\bJinja2Templates\(|TemplateView\b"),
    "javascript": re.compile(r"\bres\.render\(|app\.set\(\s*['\"]view engine['\"]"),
    "csharp": re.compile(r"\breturn View\(|:\s*Controller\b|\bPageModel\b"),
    "java": re.compile(r"@Controller\b|\bModelAndView\b|org\.thymeleaf"),
    "ruby": re.compile(r"\bActionController::Base\b|\b(erb|haml|slim)\s*:"),
    "php": re.compile(r"<(html|body|form|div|table)\b|\bview\(\s*['\"]|\$this->render\(", _I),
    "go": re.compile(r"\"html/template\"|\.ExecuteTemplate\(|\"github\.com/a-h/templ\""),
}
_RENDERS_FAMILY = {
    "python": "python", "javascript": "javascript", "typescript": "javascript", "csharp": "csharp",
    "java": "java", "kotlin": "java", "ruby": "ruby", "php": "php", "go": "go",
}
# Full-screen terminal programs: they have an interface a recording shows well.
_TERMINAL_UI = re.compile(
    r"^\s*(import|from) (curses|urwid|textual|npyscreen|blessed|asciimatics|pytermgui|prompt_toolkit\.application)\b|"
    r"#\s*include\s*[<\"](n?curses\.h|termbox\.h|notcurses)|"
    r"\"github\.com/(charmbracelet/bubbletea|rivo/tview|gdamore/tcell|jroimartin/gocui)|"
    r"\b(ratatui|tui|cursive|crossterm)::|require\(['\"](blessed|ink|neo-blessed)['\"]\)|from ['\"](ink|blessed)['\"]",
    re.MULTILINE,
)
_UI_TOPICS = {
    "game", "gamedev", "game-jam", "ludum-dare", "gui", "ui", "frontend", "web-app", "webapp", "website",
    "chrome-extension", "browser-extension", "android", "ios", "mobile-app", "desktop-app", "electron",
    "react", "vue", "svelte", "angular", "unity", "godot", "pygame", "love2d", "nextjs", "flutter",
}
_TERMINAL_TOPICS = {"cli", "command-line", "command-line-tool", "terminal", "tui", "console", "shell"}
# Pictures and recordings: image and video files, video hosts, terminal recordings.
_VISUAL_LINK = re.compile(
    r"(\.(gif|png|jpe?g|webp|svg|mp4|webm|mov|cast)(\?|$)|youtu\.?be|vimeo\.com|asciinema\.org|loom\.com|"
    r"streamable\.com|bilibili\.com|dailymotion\.com|wistia\.com|twitch\.tv/videos)", _I)
# A link whose words say it shows the project working: a video demo on any host (Google
# Drive, a slide deck), a live deployment, a playable build.
_DEMO_WORDS = re.compile(
    r"\b(demo|live|video|walkthrough|screencast|recording|preview|watch|try it|play it|play online|deployed|"
    r"hosted|website|web ?app|visit)\b|演示|视频|視頻|デモ|動画|데모|영상|vídeo|en vivo|en direct|démonstration", _I)
_LOCALHOST = re.compile(r"^https?://(localhost|127\.|0\.0\.0\.0|\[::1\])", _I)
_BADGE_HOSTS = re.compile(r"(shields\.io|badge|travis-ci|circleci|codecov|coveralls|github\.com/[^/]+/[^/]+/(actions|workflows))", _I)
# Characters of a matched import quoted as the UI reason: the statement, not the line's rest.
UI_IMPORT_SNIPPET_CHARS = 40
GUI, TERMINAL_UI = "gui", "terminal"


def _own_source(ctx) -> list:
    """Source files of the project itself: tests exercise it and may embed anything."""
    return [entry for entry in ctx.source_files if not is_test_path(entry.path)]


def _quote(entry, match) -> str:
    return f"{entry.path} uses {match.group(0).strip()[:UI_IMPORT_SNIPPET_CHARS]}"


def _user_interface(ctx) -> tuple:
    """(GUI or TERMINAL_UI, why) when the project has an interface worth showing, else ("", why not).

    A web front end, a window, a game or a server that renders pages has a screen to show; a
    full-screen terminal program has one too, and a terminal recording shows it. A command-line
    tool that prints lines has nothing a screenshot adds.
    """
    for topic in ctx.repo.topics:
        if topic.lower() in _UI_TOPICS:
            return GUI, f"topic '{topic}'"
    source = _own_source(ctx)
    for entry in source:
        if entry.path.lower().endswith(_UI_SUFFIXES):
            return GUI, f"UI source file {entry.path}"
    for entry in ctx.manifests:
        match = _UI_PACKAGES.search(entry.text)
        if match:
            return GUI, f"{entry.path} depends on {match.group(1)}"
    for entry in source:
        pattern = _UI_IMPORTS.get(_UI_FAMILY.get(entry.language or ""))
        match = pattern.search(entry.text) if pattern else None
        if match:
            return GUI, _quote(entry, match)
    for entry in source:
        pattern = _RENDERS_PAGES.get(_RENDERS_FAMILY.get(entry.language or ""))
        match = pattern.search(entry.text) if pattern else None
        if match:
            return GUI, f"a server-rendered web app: {_quote(entry, match)}"
    for entry in source:
        match = _TERMINAL_UI.search(entry.text)
        if match:
            return TERMINAL_UI, f"a full-screen terminal program: {_quote(entry, match)}"
    terminal = next((t for t in ctx.repo.topics if t.lower() in _TERMINAL_TOPICS), None)
    if terminal:
        return "", f"a terminal program (topic '{terminal}'): no screenshot needed"
    return "", "no user interface detected (no front-end, GUI, game, rendered pages or full-screen terminal code)"


def _is_demo_link(doc, link) -> bool:
    """A link that says it shows the project working: by its own words or its paragraph's, never to localhost."""
    href = link.href.strip()
    if not href.lower().startswith(("http://", "https://")) or _LOCALHOST.match(href) or _BADGE_HOSTS.search(href):
        return False
    if _DEMO_WORDS.search(link.text or ""):
        return True
    paragraph = next((p for p in doc.paragraphs if p.line <= link.line <= p.end_line and href in p.hrefs), None)
    return bool(paragraph and _DEMO_WORDS.search(paragraph.text) and len(paragraph.hrefs) == 1)


def _is_placeholder_src(src: str) -> bool:
    return not src.strip() or bool(re.search(r"(path/to|your[-_]|placeholder|example\.com/image|image_source_url)", src, _I))


@kind("readme_visuals", params=())
def readme_visuals(ctx, params) -> Measurement:
    """Whether a project with a user interface shows it in the README.

    1 for a screenshot, diagram or linked demo (badges and placeholder image paths do not
    count), else 0; not applicable when no UI code, dependency or topic is found.
    """
    kind_of_ui, ui = _user_interface(ctx)
    if not kind_of_ui:
        return not_applicable(ui)
    path = ctx.readme.path
    doc = _readme_doc(ctx)
    pictures = [
        image for image in doc.images
        if not _is_placeholder_src(image.src) and not _BADGE_HOSTS.search(image.src) and image.section not in doc.hollow
    ]
    linked = [link for link in doc.links if _VISUAL_LINK.search(link.href) and not _BADGE_HOSTS.search(link.href)]
    demos = [link for link in doc.links if link not in linked and _is_demo_link(doc, link)]
    placeholders = [image for image in doc.images if _is_placeholder_src(image.src)]
    shown = "shows the interface" if kind_of_ui == GUI else "shows the terminal interface"
    evidence = []
    for image in pictures[:MAX_EXAMPLES]:
        evidence.append(Evidence(path, image.line, image.src, f"{shown} ({image.alt or 'image'})"))
    for link in linked[:MAX_SECONDARY_EXAMPLES]:
        evidence.append(Evidence(path, link.line, link.href, "links a demo video, recording or image"))
    for link in demos[:MAX_SECONDARY_EXAMPLES]:
        evidence.append(Evidence(path, link.line, f"{link.text}: {link.href}", "links a demo or the live project"))
    for image in placeholders[:MAX_SECONDARY_EXAMPLES]:
        evidence.append(Evidence(path, image.line, image.src, "image path is a template placeholder", positive=False))
    linked = linked + demos
    if not pictures and not linked:
        wanted = "screenshot, diagram or demo" if kind_of_ui == GUI else "screenshot or terminal recording"
        evidence.append(_missing(path, f"no {wanted} although the project has an interface ({ui})"))
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
    r"accuracy|precision|recall|f1|auc|bleu|rouge|loss|mse|rmse|mae|iou|perplexity|wer|stars?|commits|contributors)",
    _I,
)
# A model's measured quality, metric first ("test loss 0.023", "accuracy: 94.2%", "F1 = 0.87"):
# the result of a machine-learning project, as a benchmark is the result of a tool.
_ML_METRIC = re.compile(
    r"\b(?:(?:test|validation|val|dev|train(?:ing)?|eval(?:uation)?|held-out|top-[15])[\s_-]+)?"
    r"(?:loss|accuracy|acc|precision|recall|f1(?:[\s_-]?score)?|f-score|auc(?:-roc)?|roc[\s_-]?auc|(?-i:mAP)(?:@[\d.]+)?|"
    r"m?iou|bleu|rouge(?:-[l\d])?|perplexity|wer|cer|r2|r²|mse|rmse|mae|mape|error rate)\b"
    r"[^\d\n.;]{0,25}?(?<![\w.])[-+]?(?:\d*\.\d+|\d+)\s*%?",
    _I,
)
_TIME_UNIT = re.compile(r"^(ms|milliseconds?|µs|ns|s|sec|seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)$", _I)
# A duration next to these words is a setting or a parameter of the design ("tokens expire after
# 7 days", "forecasts 90 days ahead", "a 10-second window"), not something the project achieved.
_SETTING_CUE = re.compile(
    r"\b(expir\w*|lifetime|ttl|time-?outs?|valid(ity)?|every|interval|cool-?down|delay|window|grace|retention|"
    r"retain\w*|horizon|ahead|look-?back|history|refresh\w*|rotat\w+|sessions?|schedul\w+|cron|period|polls?|"
    r"polling|wait\w*|sleeps?|lasts?|trial|deadline|default\w*|configur\w+|set to|after|before)\b",
    _I,
)
# ... unless the sentence measures a change in it ("cut the delay from 9 to 2 minutes").
_CHANGE_CUE = re.compile(r"\b(from \S+ to|down from|reduc\w+|cut|faster|slower|improv\w+|sav(ed|es|ing)|speed-?up)\b", _I)
# Words either side of a duration read for its setting cue: its own phrase, not the paragraph.
SETTING_WINDOW_CHARS = 50
_OUTCOME = re.compile(
    r"\b(faster|slower|smaller|reduc\w+|cut|improv\w+|increas\w+|decreas\w+|sav\w+|sped up|speed-?up|boost\w*|"
    r"grew|reach\w*|serv\w+|used by|handles?|processes|scal\w+|beats?|outperform\w*|from \S+ to|down from|up from|"
    r"benchmark\w*|accuracy|latency|throughput|compared|than|over|within|under|only|tiny|at least|more than|"
    r"scrap\w+|seed\w*|contains?|includes?|supports?|achiev\w+|loss|precision|recall|f1|auc|bleu|rouge|"
    r"perplexity|rmse|mse|mae|iou|error rate)\b",
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


# In a language whose units are not read, any number followed by a word is a candidate figure,
# except a version after a name ("Python 3.10", "Node 18"): a requirement, not a result.
_ANY_COUNT = re.compile(r"(?<![\w.])(?:[A-Z][\w.+#-]*\s+)?\d[\d,.]*\s*\S+")
_NAMED_VERSION = re.compile(r"^[A-Z][\w.+#-]*\s+\d+(?:\.\d+)*(?!\S*%)")


def _is_setting(text: str, match) -> bool:
    """A duration that configures the project rather than measures it (see _SETTING_CUE)."""
    if not _TIME_UNIT.match(match.group(1)):
        return False
    start = max(0, match.start() - SETTING_WINDOW_CHARS)
    sentence_start = max(text.rfind(". ", start, match.start()), text.rfind("\n", start, match.start()))
    window = text[max(start, sentence_start + 1): match.end() + SETTING_WINDOW_CHARS // 2]
    return bool(_SETTING_CUE.search(window)) and not _CHANGE_CUE.search(window)


def _figures(text: str) -> list:
    figures = [m.group(0).strip() for m in _FIGURE.finditer(text)
               if not _VERSION_OR_DATE.match(m.group(0).split()[0]) and not _is_setting(text, m)]
    for metric in _ML_METRIC.finditer(text):
        found = metric.group(0).strip()
        if not any(figure in found or found in figure for figure in figures):
            figures.append(found)
    return figures


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
            figures = [m.group(0) for m in _ANY_COUNT.finditer(paragraph.text) if not _NAMED_VERSION.search(m.group(0))]
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
