"""What a README shows: which numbers are figures the impact rule credits (quantities, not addresses, paths,
dates or names), and which links are demos the visuals rule credits (a demo, not a setup step or a docs page)."""

from __future__ import annotations

import pytest

from portfolio_audit.kinds import readme_showcase as R
from portfolio_audit.kinds.readme_text import readme_doc
from portfolio_audit.context import RepoContext
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec


def _counts(text: str) -> list:
    """What the rule reads as figures in a language whose units it does not know."""
    return [m.group(0) for m in R._ANY_COUNT.finditer(R._quantities_only(text))]


@pytest.mark.parametrize("text", [
    "Ouvrir http://127.0.0.1:8080/notes/ dans le navigateur",
    "Serveur distant : mon-hote:8443/",
    "Le schéma est dans docs/schema/2025-04-01-notes.md",
    "Dernière version : v3.2.1, publiée le 2025-04-01",
    "Option utile : --port 9090",
    "5. 打开设置页面",
    "边界（如 12 月 31 日 → 1 月 1 日）",
    "Authentification 2FA et parties 1v1",
    "École 42 : projet réalisé (BUFFER_SIZE = 42)",
])
def test_digits_that_count_nothing_are_not_figures(text):
    assert _counts(text) == [] and R._figures(text) == []


@pytest.mark.parametrize("text,figure", [
    ("服务 1,200 名学生", "1,200 名学生"),
    ("响应时间 20ms", "20ms"),
    ("사용자 300명", "300명"),
    ("précision de 93.8%", "93.8%"),
    ("pour 1 500 utilisateurs", "1 500 utilisateurs"),
])
def test_counts_and_units_in_any_language_are_figures(text, figure):
    assert figure in _counts(text)


@pytest.mark.parametrize("text,figure", [
    ("bench: 1,234 ns/iter", "1,234 ns"),
    ("serves 900 req/s", "900 req/s"),
    ("searches 4 million readings", "4 million"),
    ("see ./data/run.csv: 5 files", "5 files"),
])
def test_units_with_a_slash_and_scale_words_stay_figures(text, figure):
    assert figure in R._figures(text)


def _demo_links(readme: str) -> list:
    doc = readme_doc(RepoContext(repo_from_spec({"readme": readme}), FIXTURE_COLLECTED_AT))
    return [link.href for link in doc.links if R._is_demo_link(doc, link)]


@pytest.mark.parametrize("readme", [
    "# App\n\nVisit [the console](https://console.example.org/) and create a key.\n",
    "# App\n\nRuns the tests in watch mode. See [running tests](https://docs.example.org/tests).\n",
    "# App\n\nThe project website lists the [licence terms](https://example.org/licence).\n",
])
def test_a_setup_step_or_a_docs_link_beside_a_weak_demo_word_is_not_a_demo(readme):
    assert _demo_links(readme) == []


@pytest.mark.parametrize("readme", [
    "# App\n\n[Try it](https://app.example.org) in the browser.\n",
    "# App\n\n[Visit the website](https://app.example.org).\n",
    "# App\n\nA video walkthrough is [here](https://drive.example.org/file/1).\n",
    "# App\n\nThe live version is [on our server](https://app.example.org).\n",
])
def test_a_link_that_says_it_shows_the_project_is_a_demo(readme):
    assert _demo_links(readme) == ["https://" + readme.split("](https://")[1].split(")")[0]]


def _interface(files: dict) -> tuple:
    return R._user_interface(RepoContext(repo_from_spec({"readme": "# x\n", "files": files}), FIXTURE_COLLECTED_AT))


@pytest.mark.parametrize("call", ["wx.navigateTo({ url: '/pages/a/a' })", "uni.showToast({ title: 'ok' })",
                                  "wx.setNavigationBarTitle({ title: 'Queue' })"])
def test_a_mini_program_driving_its_pages_has_an_interface(call):
    kind_of_ui, why = _interface({"pages/index/index.js": f"Page({{\n  go() {{ {call}; }}\n}});\n"})
    assert kind_of_ui == R.GUI and "pages/index/index.js uses" in why


def test_a_method_named_like_a_mini_program_call_on_another_object_is_no_interface():
    assert _interface({"notify.js": "export const notify = (view, t) => view.showToast(t);\n"})[0] == ""


def test_every_terminal_ui_match_holds_one_of_its_hints():
    """The hints skip files without a match only if every match holds one: read off the pattern's parse tree."""
    import re._parser as sre_parse  # type: ignore[import-not-found]

    from portfolio_audit.analysis.folded_search import _necessary

    pattern = R._TERMINAL_UI
    necessary = _necessary(list(sre_parse.parse(pattern.pattern, pattern.flags)), limit=500)
    assert necessary, "the pattern no longer multiplies out into strings every match contains"
    assert all(any(hint in text for hint in R._TERMINAL_UI_HINTS) for text in necessary)


@pytest.mark.parametrize("source", [
    "import curses\n", "from textual.app import App\n", "#include <ncurses.h>\n", '#include "termbox.h"\n',
    'import "github.com/rivo/tview"\n', "use ratatui::prelude::*;\n", "const blessed = require('blessed');\n",
    "const { render } = require(\"ink\");\n", "import { render } from 'ink';\n",
])
def test_a_terminal_ui_import_is_found_through_its_hints(source):
    assert R._terminal_ui(source) is not None and R._terminal_ui(source).group(0) == R._TERMINAL_UI.search(source).group(0)
    assert R._terminal_ui("print('no interface here')\n") is None
