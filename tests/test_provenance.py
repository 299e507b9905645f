"""Provenance: vendored trees, generator output (real where a registry installs it), starter code, history."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from portfolio_audit.provenance import (
    GENERATED, OWN, SCAFFOLD, STARTER, THIRD_PARTY_DOCS, VENDORED, FileHistory, RepoFacts, linguist_available,
    path_provenance, provenance_of, with_history,
)
from portfolio_audit.provenance.scaffold import OWN_TEXT_LIMIT, default_index

PROJECT = "shopfront"

JQUERY_VALIDATE_HEAD = (
    "/*!\n * jQuery Validation Plugin v1.19.5\n *\n * https://jqueryvalidation.org/\n *\n"
    " * Copyright (c) 2022 J\u00f6rn Zaefferer\n * Released under the MIT license\n */\n"
    "(function( factory ) {\n\tif ( typeof define === \"function\" && define.amd ) {\n"
)
MIT_TEXT = (
    "The MIT License (MIT)\n\nCopyright Jörn Zaefferer\n\n"
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and "
    "associated documentation files (the \"Software\"), to deal in the Software without restriction, including "
    "without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell "
    "copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the "
    "following conditions:\n\nThe above copyright notice and this permission notice shall be included in all "
    "copies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF "
    "ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A "
    "PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY "
    "CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF "
    "OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.\n"
)
# Written from rails/rails railties/lib/rails/generators/rails/app/templates/README.md.tt (v8.0.0).
RAILS_README = (
    "# README\n\nThis README would normally document whatever steps are necessary to get the\n"
    "application up and running.\n\nThings you may want to cover:\n\n* Ruby version\n\n* System dependencies\n\n"
    "* Configuration\n\n* Database creation\n\n* Database initialization\n\n* How to run the test suite\n\n"
    "* Services (job queues, cache servers, search engines, etc.)\n\n* Deployment instructions\n\n* ...\n"
)
OWN_PARAGRAPHS = (
    "Shopfront is the order desk of my parents' bakery: customers pick a loaf and a time, and the\n"
    "oven schedule for the next morning is printed at six.\n\n"
    "## Why Rails\n\nI chose Rails over Django because the bakery's old booking site was already Rails and\n"
    "I could keep its customer table; the cost is a second language in my portfolio.\n"
)


# --- Linguist and the path table -----------------------------------------------------------

def test_enry_is_installed_and_answers_offline():
    assert linguist_available()
    import enry

    assert enry.is_vendor("node_modules/left-pad/index.js")
    assert enry.is_generated("Web/Form1.Designer.cs", b"")
    assert not enry.is_vendor("src/orders.py")


@pytest.mark.parametrize("path, origin", [
    ("wwwroot/lib/jquery-validation/dist/jquery.validate.js", VENDORED),
    ("wwwroot/lib/jquery-validation/LICENSE.md", THIRD_PARTY_DOCS),
    ("node_modules/react/README.md", THIRD_PARTY_DOCS),
    ("static/js/bootstrap.js", VENDORED),  # Linguist's file-name rule
    (".venv/lib/python3.11/site-packages/six.py", VENDORED),  # ours: Linguist has no virtualenv rule
    ("build/lib/app.py", GENERATED),
    ("web/app.min.js", GENERATED),
    ("yarn.lock", GENERATED),
    ("LICENSE", THIRD_PARTY_DOCS),
    ("COPYING.txt", THIRD_PARTY_DOCS),
])
def test_path_table_and_linguist(path, origin):
    found = path_provenance(path)
    assert found is not None and found.origin == origin, (path, found)
    assert found.reason


@pytest.mark.parametrize("path", [
    ".github/workflows/ci.yml",  # Linguist counts .github/ as vendored; it is the person's
    ".github/CONTRIBUTING.md",
    "src/cache/lru.py",  # Linguist's cache/ rule would take a project's own cache module
    "fabfile.py",
    ".gitignore",
    "src/orders.py",
    "lib/shopfront/cart.rb",
    "README.md",
])
def test_own_paths_stay_own(path):
    assert path_provenance(path) is None


def test_classify_skip_reasons_come_from_the_same_table():
    from portfolio_audit.collect.classify import VENDOR_DIRS, skip_reason_for_path

    assert "node_modules" in VENDOR_DIRS and ".git" in VENDOR_DIRS and "Pods" in VENDOR_DIRS
    assert skip_reason_for_path("wwwroot/lib/jquery-validation/LICENSE.md").startswith("third-party-docs")
    assert skip_reason_for_path("static/js/bootstrap.js").startswith("vendored")
    assert skip_reason_for_path("examples/bad/train.py") == "example or test-fixture data"
    assert skip_reason_for_path(".github/CONTRIBUTING.md") is None


# --- vendored trees by content -----------------------------------------------------------

def test_vendored_tree_found_by_banner_and_package_folder():
    paths = (
        "Program.cs", "Pages/Index.cshtml.cs", "README.md",
        "assets/plugins/validate/jquery.validate.js", "assets/plugins/validate/LICENSE.md",
        "assets/plugins/validate/README.md", "assets/plugins/validate/CHANGELOG.md",
        "assets/plugins/validate/additional-methods.js", "assets/js/site.js",
    )
    facts = RepoFacts.build(paths, {"package.json": '{"name": "shopfront"}'}, repo_name=PROJECT)
    plugin = provenance_of("assets/plugins/validate/additional-methods.js", "(function(){ /* rules */ })();\n", facts)
    assert plugin.origin == VENDORED and "assets/plugins/validate/" in plugin.reason
    readme = provenance_of("assets/plugins/validate/README.md", "# jQuery Validation\n\nA plugin.\n", facts)
    assert readme.origin == THIRD_PARTY_DOCS
    banner = provenance_of("assets/js/validate.js", JQUERY_VALIDATE_HEAD, facts)
    assert banner.origin == VENDORED and "jQuery Validation Plugin" in banner.reason and "1.19.5" in banner.reason
    assert provenance_of("assets/js/site.js", "// Shows the basket total.\nupdateTotal();\n", facts).origin == OWN


def test_own_library_banner_is_own():
    facts = RepoFacts.build(("src/shopfront.js",), {"package.json": '{"name": "shopfront"}'})
    head = "/*!\n * shopfront v2.1.0\n * (c) 2024 Ana Lima\n * Released under the MIT License.\n */\nexport const x = 1;\n"
    assert provenance_of("src/shopfront.js", head, facts).origin == OWN


def test_licence_texts_are_third_party_docs_wherever_they_are():
    found = provenance_of("docs/legal.md", MIT_TEXT, RepoFacts())
    assert found.origin == THIRD_PARTY_DOCS and "MIT" in found.reason
    covenant = "# Contributor Covenant Code of Conduct\n\n## Our Pledge\n\n" + "We pledge to be kind. " * 40
    assert provenance_of("CODE_OF_CONDUCT.md", covenant).origin == THIRD_PARTY_DOCS
    # Saying which licence applies is the person's own sentence.
    assert provenance_of("README.md", "# x\n\nMIT licensed; see LICENSE.\n").origin == OWN


def test_generated_markers_and_linguist_content_rules():
    migration = "# Generated by Django 5.2 on 2025-01-01 10:00\n\nfrom django.db import migrations\n"
    assert provenance_of("shop/migrations/0001_initial.py", migration).origin == GENERATED
    protobuf = b"# -*- coding: utf-8 -*-\n# Generated by the protocol buffer compiler.  DO NOT EDIT!\n"
    assert provenance_of("api/orders_pb.py", protobuf).origin == GENERATED
    assert provenance_of("README.md", "# x\n\nThis site is generated by Hugo.\n").origin == OWN


# --- scaffolds: real generator output ----------------------------------------------------------

def _django_project(tmp_path: Path) -> Path:
    django = pytest.importorskip("django")
    assert django  # the test extra installs it: startproject/startapp output is generated here, not committed
    subprocess.run([sys.executable, "-m", "django", "startproject", PROJECT], cwd=tmp_path, check=True,
                   capture_output=True)
    root = tmp_path / PROJECT
    subprocess.run([sys.executable, "-m", "django", "startapp", "orders"], cwd=root, check=True, capture_output=True)
    return root


def test_django_startproject_and_startapp_are_scaffold(tmp_path):
    root = _django_project(tmp_path)
    paths = tuple(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    facts = RepoFacts.build(paths, repo_name=PROJECT)
    verdicts = {rel: provenance_of(rel, (root / rel).read_bytes(), facts) for rel in paths if rel.endswith(".py")}
    for rel in ("manage.py", f"{PROJECT}/settings.py", f"{PROJECT}/urls.py", f"{PROJECT}/wsgi.py",
                "orders/tests.py", "orders/views.py", "orders/models.py", "orders/admin.py", "orders/apps.py"):
        assert verdicts[rel].origin == SCAFFOLD, (rel, verdicts[rel])
        assert "django" in verdicts[rel].reason.lower()
    assert "# Create your tests here." in (root / "orders/tests.py").read_text()


def test_edited_django_files_are_own_with_the_generators_lines_named(tmp_path):
    root = _django_project(tmp_path)
    views = (root / "orders/views.py").read_text() + (
        "\n\ndef basket(request):\n    # Prices are stored in cents so that rounding happens once, at checkout.\n"
        "    items = request.session.get('basket', [])\n    total = sum(item['cents'] * item['qty'] for item in items)\n"
        "    return render(request, 'orders/basket.html', {'items': items, 'total': total})\n"
    )
    found = provenance_of("orders/views.py", views)
    assert found.origin == OWN and "edited from" in found.reason
    assert found.generator_lines == (1, 3)  # the import and "# Create your views here."


def _npm_pack(package: str, tmp_path: Path) -> Path:
    """Unpack a generator's npm tarball (its templates are what the generator copies), or skip without npm."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed")
    done = subprocess.run([npm, "pack", "--silent", package], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        pytest.skip(f"npm pack {package} failed: {done.stderr.strip()[:200]}")
    archive = tmp_path / done.stdout.strip().splitlines()[-1]
    target = tmp_path / package.replace("@", "_").replace("/", "_")
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


@pytest.mark.slow
def test_create_vite_react_app_is_scaffold(tmp_path):
    package = _npm_pack("create-vite@5.5.5", tmp_path)
    node = shutil.which("node")
    subprocess.run([node, str(package / "index.js"), PROJECT, "--template", "react"], cwd=tmp_path, check=True,
                   capture_output=True, timeout=60)
    app = tmp_path / PROJECT
    for rel in ("README.md", "src/App.jsx", "src/main.jsx"):
        assert provenance_of(rel, (app / rel).read_bytes()).origin == SCAFFOLD, rel


@pytest.mark.slow
def test_create_react_app_template_is_scaffold_and_its_edited_readme_own(tmp_path):
    template = _npm_pack("cra-template@1.2.0", tmp_path) / "template"
    readme = (template / "README.md").read_text()
    assert provenance_of("README.md", readme).origin == SCAFFOLD
    assert provenance_of("src/App.js", (template / "src/App.js").read_bytes()).origin == SCAFFOLD
    title, _, rest = readme.partition("\n")
    edited = provenance_of("README.md", f"# Shopfront\n\n{OWN_PARAGRAPHS}\n{rest}")
    assert edited.origin == OWN and edited.generator_lines


@pytest.mark.slow
@pytest.mark.parametrize("version", ["1.1.5", "2.1.8"])
def test_create_react_app_before_cra_template_is_scaffold(tmp_path, version):
    # Until 3.3 create-react-app copied react-scripts' own template/ folder: the long user guide
    # (1.x, 2.0) or the short "Available Scripts" README (2.1 to 3.2), both left unedited for years.
    template = _npm_pack(f"react-scripts@{version}", tmp_path) / "template"
    for rel in ("README.md", "src/App.js", "src/index.js"):
        found = provenance_of(rel, (template / rel).read_bytes())
        assert found.origin == SCAFFOLD and "create-react-app" in found.reason, (rel, found)
    readme = (template / "README.md").read_text()
    assert provenance_of("README.md", f"# Shopfront\n\n{OWN_PARAGRAPHS}\n{readme}").origin == OWN


def test_rails_readme_unedited_is_scaffold_and_edited_is_own():
    found = provenance_of("README.md", RAILS_README)
    assert found.origin == SCAFFOLD and "rails new" in found.reason and "README.md" in found.reason
    retitled = provenance_of("README.md", RAILS_README.replace("# README", "# Shopfront"))
    assert retitled.origin == SCAFFOLD  # a new title is not the person's writing yet
    edited = provenance_of("README.md", "# Shopfront\n\n" + OWN_PARAGRAPHS + "\n" + RAILS_README.split("\n", 1)[1])
    assert edited.origin == OWN and "edited from rails new" in edited.reason


def test_a_sentence_of_own_text_makes_a_scaffold_file_own():
    # tools/measure_scaffold_threshold.py: the smallest real edit there added 112
    # characters of own text; OWN_TEXT_LIMIT sits below it.
    sentence = ("Shopfront takes the bakery's orders online and prints the oven plan for the next morning at six,\n"
                "so nobody reads handwriting at dawn.")
    assert len(sentence) > OWN_TEXT_LIMIT
    edited = RAILS_README.replace("# README\n", "# README\n\n" + sentence + "\n")
    assert provenance_of("README.md", edited).origin == OWN


def test_a_files_lines_hashed_once_compare_as_they_did_for_every_signature():
    from portfolio_audit.provenance.fingerprint import HashedLines, compare, informative_lines

    index = default_index()
    edited = RAILS_README.replace("# README", "# Shopfront") + "\n" + OWN_PARAGRAPHS
    for path, text in (("README.md", RAILS_README), ("README.md", edited), ("package.json", '{"name": "shop"}')):
        lines = informative_lines(text)
        hashed = HashedLines(lines)
        candidates = index.candidates(path)
        assert candidates == index.candidates(path)  # the second lookup is the kept one
        for signature in candidates:
            assert compare(hashed, signature.plain, signature.masked) == compare(lines, signature.plain, signature.masked)


def test_signatures_store_hashes_and_provenance_not_text():
    import json
    from portfolio_audit.provenance.scaffold import SIGNATURES_FILE

    data = json.loads(SIGNATURES_FILE.read_text())
    generators = {record["generator"] for record in data["signatures"]}
    assert {"rails new", "create-vite", "django-admin startproject/startapp", "ng new (@angular/cli)",
            "create-next-app", "create-vue", "dotnet new (ASP.NET Core templates)"} <= generators
    assert "This README would normally" not in SIGNATURES_FILE.read_text()
    for record in data["signatures"]:
        assert record["versions"] and record["file"] and record["key"]
        assert all(len(h) == 8 for h in record["plain"] + record["masked"])
    assert default_index().count >= len(data["signatures"])


def test_name_is_not_enough_and_content_decides():
    # Same file name as a generator's file, the person's own content.
    own_tests = "from django.test import TestCase\n\nfrom .models import Order\n\n\nclass OrderTests(TestCase):\n" \
                "    def test_total_counts_every_line(self):\n        order = Order.objects.create()\n" \
                "        self.assertEqual(order.total_cents(), 0)\n"
    assert provenance_of("orders/tests.py", own_tests).origin == OWN
    # The generator's content under another name is not looked up (no signature for it).
    assert provenance_of("notes/todo.md", RAILS_README).origin == OWN


# --- starter code ----------------------------------------------------------------------

PACMAN_STYLE = '''"""search.py: generic search algorithms called by the agents."""

import util


def depth_first_search(problem):
    """Search the deepest nodes in the search tree first."""
    "*** YOUR CODE HERE ***"
    util.raiseNotDefined()


def breadth_first_search(problem):
    """Search the shallowest nodes in the search tree first."""
    "*** YOUR CODE HERE ***"
    util.raiseNotDefined()


def null_heuristic(state, problem=None):
    return 0
'''


def test_untouched_stubs_are_starter_and_filled_ones_own():
    found = provenance_of("search.py", PACMAN_STYLE)
    assert found.origin == STARTER and "2 of 3 functions" in found.reason
    filled = PACMAN_STYLE.replace(
        '    "*** YOUR CODE HERE ***"\n    util.raiseNotDefined()\n\n\ndef breadth',
        "    frontier = util.Stack()\n    frontier.push((problem.getStartState(), []))\n"
        "    while not frontier.isEmpty():\n        state, path = frontier.pop()\n"
        "        if problem.isGoalState(state):\n            return path\n    return []\n\n\ndef breadth", 1)
    assert provenance_of("search.py", filled).origin == OWN


def test_distribution_banner_is_starter():
    text = "// Implements a dictionary's functionality\n// This is distribution code for problem set 5.\n\n" \
           "#include <stdbool.h>\n\nbool check(const char *word)\n{\n    return false;\n}\n"
    found = provenance_of("dictionary.c", text)
    assert found.origin == STARTER and "distribution code" in found.reason
    assert provenance_of("speller.c", "// Spell-checks a file, my own rewrite with a trie.\nint main(void) { return 0; }\n").origin == OWN


def test_history_hook():
    own = provenance_of("src/helpers.py", "def add(a, b):\n    return a + b\n")
    classroom = FileHistory(in_first_commit=True, changed_since=False, first_commit_by_person=False,
                            first_commit_subject="Initial commit")
    assert with_history(own, classroom).origin == STARTER
    generated = FileHistory(True, False, False, "Initialize project using Create React App")
    assert with_history(own, generated).origin == SCAFFOLD
    # The person's own single big commit, or a file they changed later, stays theirs.
    assert with_history(own, FileHistory(True, False, True, "Initial commit")).origin == OWN
    assert with_history(own, FileHistory(True, True, False, "Initial commit")).origin == OWN
    assert with_history(own, None).origin == OWN
    vendored = provenance_of("static/js/bootstrap.js", "")
    assert with_history(vendored, classroom) is vendored


def test_repo_facts_read_names_from_manifests():
    facts = RepoFacts.build(("a.py",), {
        "package.json": '{"name": "@ana/shopfront-ui"}', "pyproject.toml": '[project]\nname = "shopfront"\n',
        "go.mod": "module github.com/ana/ovenplan\n", "broken/package.json": "{not json",
    }, repo_name="Bakery")
    assert facts.names == ("bakery", "ovenplan", "shopfront", "shopfront-ui")


# --- build-tool files and licence headers are not copies ------------------------------------

def test_build_tool_files_do_not_make_a_sub_project_a_copied_package():
    # A monorepo's own services: a Maven wrapper beside pom.xml, a type declaration and a
    # Gradle wrapper inside projects with their own package.json. Each tool file is
    # Linguist-vendored on its own; none says its project folder was copied.
    paths = (
        "README.md", "backend/pom.xml", "backend/mvnw", "backend/mvnw.cmd", "backend/src/main/App.java",
        "services/auth/package.json", "services/auth/src/types/server.d.ts", "services/auth/src/index.ts",
        "mobile/package.json", "mobile/android/gradlew", "mobile/App.js",
    )
    facts = RepoFacts.build(paths, repo_name=PROJECT)
    assert facts.package_roots == ()
    for path in ("backend/src/main/App.java", "services/auth/src/index.ts", "mobile/App.js"):
        assert provenance_of(path, "// Starts the service.\nmain();\n", facts).origin == OWN, path


def test_a_build_tool_file_beside_its_own_licence_marks_a_copied_library():
    # A library's source tree copied whole (autotools output and its own COPYING).
    paths = ("README.md", "src/main.c", "deps/bignum/COPYING", "deps/bignum/configure", "deps/bignum/add.c",
             "deps/bignum/README")
    facts = RepoFacts.build(paths, repo_name=PROJECT)
    assert facts.package_roots == ("deps/bignum",)
    assert provenance_of("deps/bignum/add.c", "/* add */\n", facts).origin == VENDORED
    assert provenance_of("deps/bignum/README", "bignum 1.0\n", facts).origin == THIRD_PARTY_DOCS
    assert provenance_of("src/main.c", "/* entry */\nint main(void) { return 0; }\n", facts).origin == OWN


def test_a_licence_header_is_not_a_library_banner():
    # The person licensing their own file: the licence's version is not a release.
    for header in (
        "/*\n * Copyright 2025 Ana Lima\n *\n * Licensed under the Apache License, Version 2.0 (the \"License\");\n"
        " * You may obtain a copy of the License at\n *\n *     http://www.apache.org/licenses/LICENSE-2.0\n */\n",
        "# Copyright (C) 2024 Ana Lima\n# This program is free software: you can redistribute it under the terms of\n"
        "# the GNU General Public License as published by the Free Software Foundation, either version 3\n"
        "# of the License, or (at your option) any later version.\n",
        "// SPDX-License-Identifier: MPL-2.0\n// Copyright (c) 2023 Ana Lima. Licensed under MPL 2.0.\n",
    ):
        assert provenance_of("src/rating.kt", header + "package rating\n", RepoFacts()).origin == OWN, header


def test_mini_program_npm_output_is_vendored():
    found = provenance_of("app/miniprogram_npm/ui-kit/button/index.js", "Component({});\n", RepoFacts())
    assert found.origin == VENDORED and "miniprogram_npm" in found.reason


def test_a_readme_that_quotes_its_licence_is_the_persons_readme():
    # The License section at the end of a README, the Apache notice quoted whole.
    body = ("# RatingStars\n\nRatingStars draws a star rating bar in Compose.\n\n## Usage\n\n"
            + "Call RatingStars(value) inside a Column and pass the colour you want for the stars. " * 20
            + "\n\n## License\n\n" + MIT_TEXT)
    assert provenance_of("README.md", body).origin == OWN
    conduct = ("# Contributing\n\nWe follow the Contributor Covenant; be kind.\n\n"
               + "Open an issue first, then a pull request with a test for the change. " * 20)
    assert provenance_of("CONTRIBUTING.md", conduct).origin == OWN
    assert provenance_of("LICENSE.md", MIT_TEXT).origin == THIRD_PARTY_DOCS
