"""Kinds for what a README shows: a picture of a user interface, and impact stated as results."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional

from ..analysis.folded_search import FoldedPattern
from ..analysis.source.analyze import is_test_path
from ..wording import count_of
from ..context import RepoContext
from . import Evidence, Measurement, NoParameters, kind, not_applicable, parameter
from .readme_text import (
    CUE_LANGUAGES, MAX_EXAMPLES, MAX_SECONDARY_EXAMPLES, SNIPPET_CHARS, cued_sections, missing_evidence,
    readme_doc, readme_language, snippet_of, substantive_paragraphs,
)

_I = re.IGNORECASE

# --- readme_visuals ---------------------------------------------------------------------

# Files that are user-interface code by their kind alone (front-end components, Flutter).
_UI_SUFFIXES = (".jsx", ".tsx", ".vue", ".svelte", ".dart")
# Imports and calls that open a window, draw a page or build a screen, per language. Each
# alternative names the language family it may be found in, so a test's embedded JavaScript in
# a shell script, or "import curses" in a comment of a C file, decides nothing.
_UI_IMPORTS: dict[Optional[str], re.Pattern[str]] = {
    "python": re.compile(
        r"^\s*(import|from) (tkinter|pygame|kivy|arcade|pyglet|streamlit|gradio|dash|flet|wx|PyQt\d|PySide\d|"
        r"customtkinter|nicegui|panel|toga|dearpygui|pyray|raylib|ursina|ttkbootstrap)\b|cv2\.imshow\(",
        re.MULTILINE),
    "javascript": re.compile(
        r"from ['\"](react|react-dom|vue|svelte|@angular/core|phaser|three|electron|react-native|p5|pixi\.js)['\"]|"
        r"require\(['\"](react|vue|electron|phaser|three|p5)['\"]\)|document\.(getElementById|querySelector)|"
        r"\bcreateCanvas\(|getContext\(['\"]2d['\"]\)|"
        # A mini program (WeChat, uni-app, Baidu, ByteDance) drives its pages through the host's global.
        r"\b(?:wx|uni|swan|tt)\.(?:navigateTo|redirectTo|switchTab|reLaunch|showToast|showModal|showLoading|"
        r"setNavigationBarTitle)\("),
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
_RENDERS_PAGES: dict[Optional[str], re.Pattern[str]] = {
    "python": re.compile(r"\brender_template(_string)?\(|\bTemplateResponse\(|\breturn render\(\s*request\b|"
                         r"\bfrom django\.shortcuts import [^\n]*\brender\b|\bJinja2Templates\(|TemplateView\b"),
    "javascript": re.compile(r"\bres\.render\(|app\.set\(\s*['\"]view engine['\"]"),
    "csharp": re.compile(r"\breturn View\(|:\s*Controller\b|\bPageModel\b"),
    "java": re.compile(r"@Controller\b|\bModelAndView\b|org\.thymeleaf"),
    "ruby": re.compile(r"\bActionController::Base\b|\b(erb|haml|slim)\s*:"),
    "php": re.compile(r"<(html|body|form|div|table)\b|\bview\(\s*['\"]|\$this->render\(", _I),
    "go": re.compile(r"\"html/template\"|\.ExecuteTemplate\(|\"github\.com/a-h/templ\""),
}
# Searched in every own source file of a project without an interface: a case-sensitive pattern
# whose required literals are rare ("@Controller", "org.thymeleaf") is searched only where they are.
_UI_IMPORTS_FAST = {family: FoldedPattern(pattern) for family, pattern in _UI_IMPORTS.items()}
_RENDERS_PAGES_FAST = {family: FoldedPattern(pattern) for family, pattern in _RENDERS_PAGES.items()}
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
# Strings one of which every match of _TERMINAL_UI contains (tests/test_readme_showcase.py reads
# them off the pattern): most files hold none, and ``in`` skips through a file several times
# faster than the engine tries the pattern's branches at every position.
_TERMINAL_UI_HINTS = (
    "curses", "urwid", "textual", "npyscreen", "blessed", "asciimatics", "pytermgui", "prompt_toolkit.application",
    "termbox.h", "bubbletea", "rivo/tview", "gdamore/tcell", "jroimartin/gocui", "tui::", "cursive::", "crossterm::",
    "'ink'", "'ink\"", "\"ink'", "\"ink\"",
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
# Drive, a slide deck), a live deployment, a playable build. These words say so anywhere in
# the link's paragraph ("A video walkthrough is [here](...)")...
_DEMO_WORDS = re.compile(
    r"\b(demo|video|walkthrough|screencast|recording|play online|deployed|hosted|live (version|site|app|demo))\b|"
    r"演示|视频|視頻|デモ|動画|데모|영상|vídeo|en vivo|en direct|démonstration", _I)
# ... these only in the link's own words ("[Try it](...)", "[Visit the website](...)"): in a
# paragraph they are as often a step of the setup ("Visit the console to get a key") or a
# tool's mode ("runs the tests in watch mode") beside a link to somewhere else.
_DEMO_LINK_WORDS = re.compile(r"\b(live|preview|watch|try it|play it|website|web ?app|visit)\b", _I)
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


def _terminal_ui(text: str):
    """``_TERMINAL_UI.search(text)``, answered None at once for a text holding none of its hints."""
    for hint in _TERMINAL_UI_HINTS:
        if hint in text:
            return _TERMINAL_UI.search(text)
    return None


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
        pattern = _UI_IMPORTS_FAST.get(_UI_FAMILY.get(entry.language or ""))
        match = pattern.search(entry.text) if pattern else None
        if match:
            return GUI, _quote(entry, match)
    for entry in source:
        pattern = _RENDERS_PAGES_FAST.get(_RENDERS_FAMILY.get(entry.language or ""))
        match = pattern.search(entry.text) if pattern else None
        if match:
            return GUI, f"a server-rendered web app: {_quote(entry, match)}"
    for entry in source:
        match = _terminal_ui(entry.text)
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
    if _DEMO_WORDS.search(link.text or "") or _DEMO_LINK_WORDS.search(link.text or ""):
        return True
    paragraph = next((p for p in doc.paragraphs if p.line <= link.line <= p.end_line and href in p.hrefs), None)
    return bool(paragraph and _DEMO_WORDS.search(paragraph.text) and len(paragraph.hrefs) == 1)


def _is_placeholder_src(src: str) -> bool:
    return not src.strip() or bool(re.search(r"(path/to|your[-_]|placeholder|example\.com/image|image_source_url)", src, _I))


@kind("readme_visuals")
def readme_visuals(ctx: RepoContext, params: NoParameters) -> Measurement:
    """Whether a project with a user interface shows it in the README.

    1 for a screenshot, diagram or linked demo (badges and placeholder image paths do not
    count), else 0 (also when there is no README of the person's: the rule measures without
    one); not applicable when no UI code, dependency or topic is found.
    """
    kind_of_ui, ui = _user_interface(ctx)
    if not kind_of_ui:
        return not_applicable(ui)
    if ctx.readme is None:
        # The interface is there; with no README of the person's, nothing shows it.
        generated = getattr(ctx, "generator_readme", None)
        where = f"{generated.path} is an unedited generator README" if generated else "no README at the repository root"
        return Measurement(score=0.0, summary=f"{where}, so nothing shows the interface ({ui})",
                           evidence=(Evidence(None, None, None, f"{where}: nothing of the person's shows the interface",
                                              positive=False),))
    path = ctx.readme.path
    doc = readme_doc(ctx)
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
        evidence.append(missing_evidence(path, f"no {wanted} although the project has an interface ({ui})"))
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
    r"accuracy|precision|recall|f1|auc|bleu|rouge|loss|mse|rmse|mae|iou|perplexity|wer|stars?|commits|contributors|"
    r"thousand|million|billion)",
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


# Digits that count nothing: a web address, an e-mail, a path (two slashes, a leading or a
# trailing one: "ns/iter" and "req/s" stay units; paths and addresses are read in ASCII, so
# unspaced Chinese or Japanese prose beside them is kept) or file name, a host and port or
# a time of day, a date (also written with 年/月/日 or 년/월/일), a version, a command-line
# option and its value, and a list's own numbering ("5. Run it"). They are blanked before
# figures are read, in every language.
_NOT_A_QUANTITY = re.compile(
    r"\b[a-z][a-z0-9+.-]*://[!-'*-~]+|\bwww\.[!-'*-~]+|[\w.+-]+@[\w.-]+|(?:[!-'*-.0-~]*/){2,}[!-'*-~]*|"
    r"(?<!\S)\.{0,2}~?/[!-'*-~]*|[!-'*-.0-~]+/(?![!-'*-~])|[!-~]*\\[!-~]*|"
    r"[\w.-]*\d:\d+[!-'*-~]*|\b[\w-]+\.[a-z]{1,4}\b|\b(?:19|20)\d\d[-/.]\d{1,2}(?:[-/.]\d{1,2})?\b|"
    r"\d{2,4}\s*[年년]\s*\d{1,2}\s*[月월](?:\s*\d{1,2}\s*[日号일])?|\d{1,2}\s*[月월]\s*\d{1,2}\s*[日号일]|"
    r"\bv\d+(?:\.\d+)*\b|\b\d+(?:\.\d+){2,}\b|(?<!\S)--?[a-z][\w-]*(?:[ =][^\s-]\S*)?|"
    r"(?m:^\s*\d{1,2}[.)、:](?!\d))",
    _I,
)
# In a language whose units are not read, a number followed by a word is a candidate figure
# ("300 명", "10 秒", "1 500 utilisateurs"); one glued to Latin letters only when they are a unit
# ("20s", "4MB"): "2FA", "1v1" and "x86" name things. A version after a name ("Python 3.10",
# "Node 18") is a requirement, not a result.
_ANY_COUNT = re.compile(
    r"(?<![\w.,])(?:[A-Z][\w.+#-]*\s+)?(?:\d{1,3}(?:[,.\u202f ]\d{3})+|\d+(?:[.,]\d+)?)(?![\d.,]\d)"
    r"(?:\s*(?:%|‰|×)|\s+[^\W\d_]+|(?:ms|s|h|min|k|m|kb|mb|gb|tb|fps|x)\b|(?=[^\W\d_])(?![a-zA-Z\u00c0-\u024f])[^\W\d_]+)"
)
_NAMED_VERSION = re.compile(r"^[A-Z][\w.+#-]*\s+\d+(?:\.\d+)*(?!\S*%)")


def _quantities_only(text: str) -> str:
    """``text`` with the digits that count nothing blanked (see _NOT_A_QUANTITY)."""
    return _NOT_A_QUANTITY.sub(" ", text)


def _is_setting(text: str, match) -> bool:
    """A duration that configures the project rather than measures it (see _SETTING_CUE)."""
    if not _TIME_UNIT.match(match.group(1)):
        return False
    start = max(0, match.start() - SETTING_WINDOW_CHARS)
    sentence_start = max(text.rfind(". ", start, match.start()), text.rfind("\n", start, match.start()))
    window = text[max(start, sentence_start + 1): match.end() + SETTING_WINDOW_CHARS // 2]
    return bool(_SETTING_CUE.search(window)) and not _CHANGE_CUE.search(window)


def _figures(text: str) -> list:
    text = _quantities_only(text)
    figures = [m.group(0).strip() for m in _FIGURE.finditer(text)
               if not _VERSION_OR_DATE.match(m.group(0).split()[0]) and not _is_setting(text, m)]
    for metric in _ML_METRIC.finditer(text):
        found = metric.group(0).strip()
        if not any(figure in found or found in figure for figure in figures):
            figures.append(found)
    return figures


@dataclass(frozen=True)
class ReadmeImpactParameters:
    """The parameters of ``readme_impact``: the neutral defaults; a rule file sets its own values."""

    saturation: float = parameter(DEFAULT_IMPACT_SATURATION, above=0)


@kind("readme_impact", parameters=ReadmeImpactParameters)
def readme_impact(ctx: RepoContext, params: ReadmeImpactParameters) -> Measurement:
    """Whether the README states what the project achieved in figures (speed-ups, users, accuracy).

    Each figure adds FIGURE_WITH_OUTCOME when tied to an outcome or results heading, else
    BARE_FIGURE (at most MAX_PARAGRAPH_IMPACT per paragraph or results table); the score is
    1 - exp(-total / ``saturation``), so the first results matter most.
    """
    saturation = params.saturation
    assert ctx.readme is not None  # its rules require a README, which the engine checks first
    path = ctx.readme.path
    doc = readme_doc(ctx)
    paragraphs = substantive_paragraphs(doc)
    language = readme_language(doc, paragraphs)
    results_sections = set(cued_sections(doc, _RESULTS_HEADING))
    found = []  # (strength, line, snippet, note)
    for paragraph in paragraphs:
        figures = _figures(paragraph.text)
        if not figures and language not in CUE_LANGUAGES:
            # Units are words; in other languages any counted noun is read as a figure.
            figures = [m.group(0) for m in _ANY_COUNT.finditer(_quantities_only(paragraph.text))
                       if not _NAMED_VERSION.search(m.group(0))]
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
        is_code = hasattr(block, "text")
        text = block.text if is_code else " ".join(" ".join(row) for row in block.rows)
        # Code under a results heading counts when it prints measurements ("854.5 ms"), not for
        # the indices and literals any code has; a results table counts for its numbers.
        if _figures(text) if is_code else re.search(r"\d", text):
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
    evidence = [Evidence(path, line, snippet_of(snippet), note) for _, line, snippet, note in found[:MAX_RESULT_EXAMPLES]]
    for line, text in claims[:MAX_EXAMPLES]:
        evidence.append(Evidence(path, line, snippet_of(text), "performance claim without a figure", positive=False))
    if not found:
        evidence.append(missing_evidence(path, "no outcome stated with numbers (time saved, users, benchmark, accuracy)"))
    return Measurement(
        score=score,
        summary=f"{count_of(len(found), 'result')} stated with figures, {count_of(len(claims), 'claim')} without any",
        evidence=tuple(evidence),
        values={"results": len(found), "claims": len(claims)},
    )
