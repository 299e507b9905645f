"""What the README kinds share: wording cues by natural language, and helpers that read the README."""

from __future__ import annotations

import re
from typing import Optional

from ..analysis.language import UNDETERMINED, detect_language
from ..analysis.placeholders import boilerplate_reason, placeholder_reason
from ..wording import count_of
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
# of a usage heading, the verbs of a setup step written in running text, the verbs of a step
# taken in a user interface (click, choose, open, go to: ``interact``), and the verbs that make
# such a step part of installing instead (install, download, restart: ``install``). Headings are
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
        "interact": r"\b(click|double-click|tap|press|select|choose|open|go to|navigate to|drag|drop|type|enter|"
                    r"toggle|scroll|swipe|pick|upload|log in|sign in|search for|fill in)\b",
        "install": r"\b(install|download|clone|restart|reboot)",
    },
    "es": {
        "setup": r"instalaci|instalar|requisitos|dependencias|configuraci|puesta en marcha|primeros pasos|"
                 r"c[oó]mo (empezar|comenzar|ejecutar|correr|instalar|iniciar)|ejecuci|compilaci|despliegue|"
                 r"desarrollo|inicio r[aá]pido",
        "usage": r"\buso\b|c[oó]mo (se )?(usa|utiliza|juega)|utilizaci|ejemplos?|demostraci|tutorial|comandos|"
                 r"controles|funcionamiento|gu[ií]a",
        "step": r"\b(ejecuta|ejecutar|instala|instalar|descarga|clona|clonar|abre|compila)\b",
        "interact": r"\b(haz clic|haga clic|pulsa|pulse|presiona|presione|toca|toque|selecciona|seleccione|elige|"
                    r"elija|escoge|abre|abra|ve a|vaya a|accede|acceda|navega|arrastra|arrastre|escribe|escriba|"
                    r"introduce|introduzca|ingresa|ingrese|busca|busque|sube|suba|inicia sesi[oó]n|marca|desliza)\b",
        "install": r"\b(instal|descarg|clon|reinici)",
    },
    "pt": {
        "setup": r"instala[cç]|requisitos|pr[eé]-requisitos|depend[eê]ncias|configura[cç]|"
                 r"como (executar|rodar|instalar|come[cç]ar)|execu[cç]|compila[cç]|implanta[cç]|"
                 r"desenvolvimento|primeiros passos|in[ií]cio r[aá]pido",
        "usage": r"\buso\b|como usar|utiliza[cç]|exemplos?|demonstra[cç]|tutorial|comandos|controles|"
                 r"funcionamento",
        "step": r"\b(execute|executar|rode|rodar|instale|baixe|clone|abra)\b",
        "interact": r"\b(clique|clica|pressione|aperte|toque|selecione|escolha|abra|v[aá] (para|at[eé])|acesse|"
                    r"navegue|arraste|digite|insira|busque|pesquise|procure|envie|fa[cç]a login|marque|deslize)\b",
        "install": r"\b(instal|baix|clon|reinici)",
    },
    "fr": {
        "setup": r"installation|installer|pr[eé]-?requis|d[eé]pendances|d[eé]marr|lancer|mise en place|"
                 r"configuration|compilation|d[eé]ploiement|d[eé]veloppement|ex[eé]cution|premiers pas",
        "usage": r"utilisation|utiliser|exemples?|d[eé]mo|tutoriel|commandes|contr[oô]les|fonctionnement|"
                 r"mode d'emploi|guide",
        "step": r"\b(ex[eé]cutez|lancez|installez|t[eé]l[eé]chargez|clonez|ouvrez)\b",
        "interact": r"\b(cliquez|clique|appuyez|appuie|touchez|s[ée]lectionnez|s[ée]lectionne|choisissez|choisis|"
                    r"ouvrez|ouvre|allez (dans|[àa]|sur)|rendez-vous|acc[ée]dez|naviguez|glissez|faites glisser|"
                    r"saisissez|tapez|entrez|recherchez|cherchez|connectez-vous|cochez|t[ée]l[ée]versez)\b",
        "install": r"\b(install|t[ée]l[ée]charg|clon|red[ée]marr)",
    },
    "de": {
        "setup": r"installation|installier|einrichtung|einrichten|voraussetzungen|anforderungen|abh[aä]ngigkeiten|"
                 r"erste schritte|schnellstart|ausf[uü]hren|starten|bauen|kompilier|entwicklung|bereitstellung|"
                 r"inbetriebnahme",
        "usage": r"verwendung|benutzung|nutzung|anwendung|bedienung|beispiel|anleitung|befehle|steuerung|"
                 r"funktionsweise",
        "step": r"\b(ausf[uü]hren|installieren|herunterladen|klonen|starten|[oö]ffnen)\b",
        "interact": r"\b(klicke|klicken sie|klick|dr[üu]cke|dr[üu]cken sie|tippe|tippen sie|w[äa]hle|w[äa]hlen sie|"
                    r"[öo]ffne|[öo]ffnen sie|gehe (zu|auf|in)|gehen sie (zu|auf|in)|navigiere|ziehe|ziehen sie|gib|"
                    r"geben sie|suche|suchen sie|melde dich|aktiviere|markiere)\b",
        "install": r"\b(installier|herunterlad|klon|neu ?start|neustart)|\bstarte[^.]{0,40}\bneu\b",
    },
    "it": {
        "setup": r"installazione|installare|requisiti|prerequisiti|dipendenze|configurazione|avvio|esecuzione|"
                 r"compilazione|sviluppo|primi passi|guida rapida",
        "usage": r"utilizzo|\buso\b|come usare|esempi|tutorial|comandi|controlli|funzionamento",
        "step": r"\b(esegui|eseguire|installa|scarica|clona|apri)\b",
        "interact": r"\b(clicca|clicchi|fai clic|premi|prema|tocca|tocchi|seleziona|selezioni|scegli|scelga|apri|apra|"
                    r"vai (su|a|in|nella|nel)|accedi|naviga|trascina|digita|inserisci|cerca|carica)\b",
        "install": r"\b(install|scaric|clon|riavvi)",
    },
    "nl": {
        "setup": r"installatie|installeren|vereisten|afhankelijkheden|configuratie|aan de slag|uitvoeren|"
                 r"opstarten|ontwikkeling",
        "usage": r"gebruik|voorbeeld|handleiding|commando|besturing",
        "step": r"\b(installeer|download|kloon|open|start)\b",
        "interact": r"\b(klik|druk|tik|selecteer|kies|open|ga naar|navigeer|sleep|typ|vul|zoek|log in|upload)\b",
        "install": r"\b(installeer|download|kloon|herstart)",
    },
    "ru": {
        "setup": r"установ|требования|зависимост|настройка|запуск|сборка|развер|разработка|быстрый старт|"
                 r"начало работы",
        "usage": r"использовани|как использовать|пример|команды|управление|руководство",
        "step": r"\b(запустите|установите|скачайте|клонируйте|откройте)\b",
        "interact": r"(?<![\w])(нажмите|нажми|кликните|щелкните|щёлкните|выберите|выбери|откройте|открой|перейдите|"
                    r"перейди|перетащите|введите|введи|найдите|войдите|загрузите|отметьте)(?![\w])",
        "install": r"установ|скача|клонир|перезапуст",
    },
    "zh": {
        "setup": r"安装|安裝|部署|环境|環境|依赖|依賴|配置|快速开始|快速開始|快速上手|开始|開始|运行|運行|"
                 r"构建|構建|编译|編譯|准备|準備|要求|启动|啟動|开发|開發|本地",
        "usage": r"使用|用法|示例|范例|範例|例子|演示|教程|命令|操作|指南|说明|說明|快速开始|快速開始|快速上手",
        "step": r"运行|執行|执行|安装|安裝|下载|下載|克隆|打开|打開|启动",
        "interact": r"点击|點擊|单击|單擊|双击|雙擊|按下|选择|選擇|选中|選中|打开|打開|进入|進入|前往|拖动|拖動|拖拽|输入|輸入|搜索|登录|登錄|切换|切換|上传|上傳|勾选|勾選",
        "install": r"安装|安裝|下载|下載|克隆|重启|重啟",
    },
    "ja": {
        "setup": r"インストール|導入|構築|環境|セットアップ|必要|依存|準備|ビルド|実行|起動|始め方|開発|デプロイ",
        "usage": r"使い方|使用方法|使用例|利用方法|デモ|チュートリアル|コマンド|操作|クイックスタート",
        "step": r"実行|インストール|ダウンロード|クローン|起動",
        "interact": r"クリック|タップ|押して|押す|押し|選択|選んで|開いて|開き|開く|移動|ドラッグ|入力|検索|ログイン|アップロード",
        "install": r"インストール|ダウンロード|クローン|再起動",
    },
    "ko": {
        "setup": r"설치|환경|설정|요구|의존|빌드|실행|시작|배포|개발|준비",
        "usage": r"사용|예제|예시|데모|튜토리얼|명령|조작",
        "step": r"실행|설치|다운로드|클론",
        "interact": r"클릭|누르|누른|눌러|터치|탭하|선택|열고|열어|이동|드래그|입력|검색|로그인|업로드",
        "install": r"설치|다운로드|클론|재시작|재부팅",
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


# An address written out as its own link text: "<https://…/demo.mp4>", a bare URL on its line.
_ADDRESS_WORD = re.compile(r"(?:https?://|www\.)\S+", _I)


def address_only(paragraph) -> bool:
    """A paragraph that is only web addresses (a pasted video, a bare link): it points somewhere and says nothing."""
    text = paragraph.text
    return ("://" in text or "www." in text) and not _ADDRESS_WORD.sub("", text).strip(" \t\n<>()[].,;:|-")


def substantive_paragraphs(doc) -> list:
    """Paragraphs that say something: not placeholders, boilerplate, hollow sections, contents lists or bare addresses."""
    hollow = doc.hollow
    return [
        p for p in doc.paragraphs
        if p.section not in hollow
        and not placeholder_reason(p.text)
        and not boilerplate_reason(p.text)
        and not is_toc_entry(p)
        and not dead_link_only(p)
        and not address_only(p)
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


# --- usage in an interface, and repositories with nothing to run --------------------------

# Usage that happens in a user interface is told as steps of interaction ("Open Settings, choose
# Add integration, search for the stop"): numbered items that each take one are a procedure a
# reader can follow, the interface's runnable example; a passage that takes several in turn
# tells the usage in prose. A feature list's single verbs ("Select recipes to share") are neither.
_INTERACTION = cue_pattern("interact")
_INSTALL_STEP = cue_pattern("install")
# Steps of the development workflow ("Fork the project", "Sube tu rama", "Abre un pull request")
# are how to contribute, not how to use: version control's words are mostly English in every
# language, with the local word for a branch.
_DEVELOPMENT_STEP = re.compile(
    r"\b(fork|branch|commit|push|pull request|merge request|merge|git|rama|zweig|branche|ramo|ветк\w*)\b|"
    r"分支|ブランチ|브랜치|풀\s?리퀘스트", _I)
# "Open your browser and go to http://127.0.0.1:8000" ends the setup: it starts the project, it
# does not show how to use it.
_ADDRESS = re.compile(r"https?://|\blocalhost\b|\b127\.0\.0\.1\b", _I)
MIN_UI_STEPS = 2


def interface_steps(paragraphs: list) -> tuple:
    """(numbered steps, passages) that tell how to use the project through its interface.

    Steps that install, that belong to the development workflow or that open the project at its
    address are not usage.

    Numbered items count where a section holds MIN_UI_STEPS of them that each take an
    interaction; a passage counts when it takes MIN_UI_STEPS in turn. A passage with a link
    is left out: "click here" is the reader following a link, not using the project.
    """
    numbered: dict = {}
    passages = []
    for paragraph in paragraphs:
        text = paragraph.text
        if paragraph.hrefs or _INSTALL_STEP.search(text) or _DEVELOPMENT_STEP.search(text) or _ADDRESS.search(text):
            continue
        actions = len(_INTERACTION.findall(text))
        if actions and paragraph.ordered:
            numbered.setdefault(paragraph.section, []).append(paragraph)
        elif actions >= MIN_UI_STEPS:
            passages.append(paragraph)
    steps = [p for found in numbered.values() if len(found) >= MIN_UI_STEPS for p in found]
    return steps, passages


def nothing_to_run(ctx, doc) -> Optional[str]:
    """Why a repository has nothing to set up or use (notes, a study group's plan), or None.

    Decided by the repository's form, never by its topic: besides the README it holds documents
    only (no source code, no dependency manifest, no binary it left out but a picture or a
    document), and the README shows nothing to run (no code, no command, no setup or usage
    section, no steps in an interface). A README alone says too little about the rest of the
    repository to decide, so it stays assessed.
    """
    files = ctx.repo.files
    others = [f for f in files if f.kind not in ("readme", "annotation")]
    if not others or any(f.kind in ("source", "manifest") for f in files):
        return None
    if any(not _DOCUMENT_OR_PICTURE.search(skipped.path) for skipped in ctx.repo.skipped):
        return None
    paragraphs = substantive_paragraphs(doc)
    if (any(c.text.strip() for c in doc.code_blocks) or any(p.inline_code for p in paragraphs)
            or cued_sections(doc, SETUP_HEADING) or cued_sections(doc, USAGE_HEADING) or any(interface_steps(paragraphs))):
        return None
    return f"nothing to run: besides the README the repository holds {count_of(len(others), 'document')} and no code"


# Files a repository of notes holds besides its text: pictures and documents, nothing to run.
_DOCUMENT_OR_PICTURE = re.compile(r"\.(png|jpe?g|gif|svg|webp|bmp|ico|pdf|docx?|pptx?|odt|epub|txt|md)$", _I)
