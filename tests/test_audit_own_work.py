"""Whole audits (the real `audit` command) of a portfolio holding every case of issue 13's "How it is shown".

Real Django startproject/startapp output generated here, a vendored jQuery plugin tree, a UTF-16
and a Latin-1 README, an HTML-headed README and a reST design document: each is collected,
judged for provenance, scored and reported exactly as a user's folder would be.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import git, make_repo, run_cli
from .test_documents import ENCODED_README, HTML_README, RST_DESIGN
from .test_origins import VENDORED_TREE

OWN_README = ("# {name}\n\n{name} is a small command-line tool for harbour crews that prints the day's berth"
              " warnings from the tide tables, offline, so the morning check needs no network.\n\n"
              "## Installation\n\n```bash\npip install {name}\n```\n\n## Usage\n\n```bash\n{name} --berths b.csv\n```\n")
OWN_CODE = ('"""Berth warnings: which boats need moving before low water."""\n\n'
            + "".join(f"def depth_{n}(berth):\n    return berth.depth - {n}\n\n\n" for n in range(30)))
# A non-minified plugin with plenty of "why" comments: read as own, it would make the C# project
# JavaScript-first and credit its comments to the person.
PLUGIN_CODE = "".join(
    f"// Rule {n} runs on blur because validating on every key press made typing lag.\n"
    f"$.validator.addMethod('rule{n}', function(value) {{\n  return value.length > {n};\n}});\n" for n in range(120))
CSHARP_CODE = ("// Starts the web host; the shop has no background jobs, so nothing else runs.\n"
               + "".join(f"var price{n} = {n};\n" for n in range(150)))


def _django_shop(root: Path) -> Path:
    """Django's real startproject and startapp output, then the person's own view and test, in one git repository."""
    pytest.importorskip("django")
    root.mkdir(parents=True)
    subprocess.run([sys.executable, "-m", "django", "startproject", "shop", "."], cwd=root, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "django", "startapp", "orders"], cwd=root, check=True, capture_output=True)
    (root / "README.md").write_text(OWN_README.format(name="shop"), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start the shop from django-admin startproject and startapp")
    views = root / "orders" / "views.py"
    views.write_text(views.read_text() + (
        "\n\ndef basket(request):\n    # Prices are kept in cents so that rounding happens once, at checkout.\n"
        "    items = request.session.get('basket', [])\n"
        "    total = sum(item['cents'] * item['qty'] for item in items)\n"
        "    return render(request, 'orders/basket.html', {'items': items, 'total': total})\n"), encoding="utf-8")
    tests = root / "orders" / "tests.py"
    tests.write_text(tests.read_text() + (
        "\n\nclass BasketTests(TestCase):\n"
        "    # An empty basket must cost nothing: checkout once charged the delivery fee alone.\n"
        "    def test_empty_basket_is_free(self):\n        self.assertEqual(0, 0)\n"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add the basket view and its first test")
    return root


@pytest.fixture(scope="module")
def audited(tmp_path_factory) -> dict:
    """One `audit` of a folder of six projects; the JSON result's repositories by name."""
    portfolio = tmp_path_factory.mktemp("portfolio")
    _django_shop(portfolio / "shop")
    tree = dict(VENDORED_TREE, **{"Program.cs": CSHARP_CODE, "assets/plugins/validate/additional-methods.js": PLUGIN_CODE})
    make_repo(portfolio / "shopfront", tree)
    for name, encoding in (("tidewatch-utf16", "utf-16"), ("tidewatch-latin1", "latin-1")):
        root = make_repo(portfolio / name, {"tidewatch.py": OWN_CODE})
        (root / "README.md").write_bytes(ENCODED_README.replace("\n", "\r\n").encode(encoding))
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "Add the README")
    make_repo(portfolio / "tidewatch-html", {"README.md": HTML_README, "tidewatch.py": OWN_CODE})
    make_repo(portfolio / "berths", {"README.md": OWN_README.format(name="berths"), "docs/design.rst": RST_DESIGN,
                                     "berths.py": OWN_CODE})
    out = portfolio / "result.json"
    done = run_cli("audit", str(portfolio), "-f", "json", "-o", str(out), "--no-cache")
    assert done.returncode in (0, 1), done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    return {repo["name"]: repo for repo in result["repos"]}


def _findings(repo: dict) -> dict:
    return {finding["rule_id"]: finding for finding in repo["findings"]}


def _evidence(repo: dict) -> list:
    return [item for finding in repo["findings"] for item in finding["evidence"]]


def test_django_generator_output_is_excluded_and_the_persons_edits_are_scored(audited):
    repo = audited["shop"]
    origins = {item["path"]: item["origin"] for item in repo["files"]}
    for path in ("manage.py", "shop/settings.py", "shop/urls.py", "shop/wsgi.py", "shop/asgi.py",
                 "orders/models.py", "orders/admin.py", "orders/apps.py"):
        assert origins[path] == "scaffold", path
    assert origins["orders/views.py"] == origins["orders/tests.py"] == origins["README.md"] == "own"
    excluded = {item["path"]: item for item in repo["excluded"]}
    assert "django" in excluded["shop/settings.py"]["reason"].lower()
    snippets = " ".join(item.get("snippet") or "" for item in _evidence(repo))
    # The generator's comments are not the person's, even in the files they edited.
    assert "Create your" not in snippets and "SECURITY WARNING" not in snippets
    assert not any(item.get("path") in excluded for item in _evidence(repo))
    why = _findings(repo)["comments/comments-explain-why"]
    assert why["score"] and any("cents" in (item.get("snippet") or "") or "delivery fee" in (item.get("snippet") or "")
                                for item in why["evidence"])


def test_a_vendored_tree_is_neither_the_persons_language_nor_their_reasons(audited):
    repo = audited["shopfront"]
    assert repo["material"]["languages"][0] == "csharp"
    assert not any((item.get("path") or "").startswith("assets/plugins/") for item in _evidence(repo))
    excluded = {item["path"]: item["origin"] for item in repo["excluded"]}
    assert excluded["assets/plugins/validate/additional-methods.js"] == "vendored"
    assert excluded["assets/plugins/validate/LICENSE.md"] == excluded["assets/plugins/validate/README.md"] == "third-party-docs"


def test_the_persons_own_reason_beside_a_vendored_tree_is_a_trade_off(audited):
    tradeoffs = _findings(audited["shopfront"])["reflection/tradeoffs"]
    assert any("Razor Pages" in (item.get("snippet") or "") for item in tradeoffs["evidence"])


@pytest.mark.parametrize("name", ["tidewatch-utf16", "tidewatch-latin1"])
def test_utf16_and_latin1_readmes_are_read_as_text(audited, name):
    repo = audited[name]
    assert not any(item["path"] == "README.md" for item in repo["skipped_files"])
    findings = _findings(repo)
    present = findings["readme/present"]
    assert present["evidence"][0]["path"] == "README.md" and "words of real content" in present["summary"]
    assert findings["readme/setup"]["outcome"] == "pass"
    readme = next(c for c in repo["categories"] if c["id"] == "readme")
    assert readme["score"] and readme["score"] > 0


def test_an_html_headed_readme_is_read_structurally(audited):
    findings = _findings(audited["tidewatch-html"])
    for rule in ("readme/structure", "readme/setup", "readme/usage"):
        assert findings[rule]["outcome"] == "pass", (rule, findings[rule]["summary"])


def test_a_rest_design_doc_is_read_for_reflection(audited):
    tradeoffs = _findings(audited["berths"])["reflection/tradeoffs"]
    assert any(item.get("path") == "docs/design.rst" for item in tradeoffs["evidence"]), tradeoffs["summary"]
    assert tradeoffs["score"] and tradeoffs["score"] > 0
