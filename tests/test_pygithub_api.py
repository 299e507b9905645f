"""PyGithub is used through its public API only, from one package, within the version range pyproject.toml pins.

The collector once reached into ``Requester._Requester__persist`` and PyGithub's
connection-injection hook for its own replay tests; a PyGithub release may change
either without notice. Conditional requests now wrap ``Requester.requestJson``.
"""

from __future__ import annotations

import ast
import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE = REPO_ROOT / "portfolio_audit"
COLLECTOR = PACKAGE / "collect" / "github"
# Hooks PyGithub keeps for its own tests, and name-mangled private attributes.
FORBIDDEN_TEXT = ("_Requester__", "injectConnectionClasses", "resetConnectionClasses", "injectLogger")
# Names in collect/github/ that are PyGithub objects.
PYGITHUB_NAMES = {"github", "Auth", "GithubException", "Requester"}
PYGITHUB_ATTRIBUTES = {"github", "requester"}  # self.github, self.requester, client.requester


def _imports_github(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "github" for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "github" and not node.level:
            return True
    return False


def test_only_the_collector_imports_pygithub():
    importers = [path.relative_to(REPO_ROOT).as_posix() for path in PACKAGE.rglob("*.py")
                 if _imports_github(ast.parse(path.read_text(encoding="utf-8")))]
    assert importers and all(name.startswith("portfolio_audit/collect/github/") for name in importers), importers


def test_no_private_pygithub_attribute_or_test_hook_is_used():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not [word for word in FORBIDDEN_TEXT if word in text], path
    private = []
    for module in sorted(COLLECTOR.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute) or not node.attr.startswith("_") or node.attr.startswith("__"):
                continue
            owner = node.value
            if (isinstance(owner, ast.Name) and owner.id in PYGITHUB_NAMES) or (
                    isinstance(owner, ast.Attribute) and owner.attr in PYGITHUB_ATTRIBUTES):
                private.append(f"{module.name} line {node.lineno}: .{node.attr}")
    assert not private


def test_the_installed_pygithub_is_in_the_pinned_range():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (pin,) = [Requirement(spec) for spec in project["dependencies"] if Requirement(spec).name.lower() == "pygithub"]
    assert pin.specifier, "PyGithub needs a version range"
    assert any(spec.operator == "<" for spec in pin.specifier), "an upper bound: a major release may change the API"
    assert pin.specifier.contains(version("PyGithub"))
