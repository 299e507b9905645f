"""What the README kinds share: wording cues by natural language, and helpers that read the README."""

from __future__ import annotations

import re

from ..analysis.language import UNDETERMINED, detect_language
from ..analysis.placeholders import boilerplate_reason, placeholder_reason
from . import Evidence

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
CUE_LANGUAGES = ("en", UNDETERMINED)


def cue_pattern(cue: str) -> re.Pattern:
    """One pattern for ``cue`` in every language of ``_CUES``."""
    return re.compile("|".join(f"(?:{entry[cue]})" for entry in _CUES.values()), _I)


SETUP_HEADING = cue_pattern("setup")
USAGE_HEADING = cue_pattern("usage")


# --- shared helpers ---------------------------------------------------------------------

def readme_doc(ctx):
    return ctx.markdown(ctx.readme)


def is_toc_entry(paragraph) -> bool:
    return bool(paragraph.hrefs) and all(h.startswith("#") for h in paragraph.hrefs) and paragraph.words <= TOC_ENTRY_WORDS


def dead_link_only(paragraph) -> bool:
    """A paragraph whose only links go nowhere ("[User Manual](#)"): a promise, not content."""
    return bool(paragraph.hrefs) and all(h.strip() in ("", "#") for h in paragraph.hrefs)


def substantive_paragraphs(doc) -> list:
    """Paragraphs that say something: not placeholders, boilerplate, hollow sections or contents lists."""
    hollow = doc.hollow
    return [
        p for p in doc.paragraphs
        if p.section not in hollow
        and not placeholder_reason(p.text)
        and not boilerplate_reason(p.text)
        and not is_toc_entry(p)
        and not dead_link_only(p)
    ]


def readme_language(doc, paragraphs) -> str:
    return detect_language("\n".join(p.prose for p in paragraphs)).language


def snippet_of(text: str) -> str:
    return text.strip()[:SNIPPET_CHARS]


def cued_sections(doc, pattern) -> list:
    """Indices of non-hollow sections whose heading matches ``pattern``, with their subsections."""
    found = []
    for section in doc.sections:
        if section.level and pattern.search(section.heading) and section.index not in doc.hollow:
            for index in doc.scope(section.index):
                if index not in found:
                    found.append(index)
    return found


def missing_evidence(path, note) -> Evidence:
    return Evidence(path, None, None, note, positive=False)
