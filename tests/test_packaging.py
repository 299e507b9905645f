"""The release: sdist, a wheel built from that sdist, installed into a fresh venv, auditing from elsewhere.

`python -m build` makes the wheel from the sdist, so anything the sdist leaves out
is missing from every installed copy; a wheel built from the checkout would hide
that (it did: the first release's wheel had no rules). Built without isolation so
the test needs no network: setuptools and build come from the test extras.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIRS = ("rules", "report_templates", "schemas")
# Never part of a release: local state of a checkout.
NOT_SOURCE = shutil.ignore_patterns(".git", ".ci-venv", ".ci-wheels", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".hypothesis", "*.pyc")
BUILD_TIMEOUT_SECONDS = 600
PACKAGE = REPO_ROOT / "portfolio_audit"
# Import names of the test extra's distributions that differ from the distribution's name.
IMPORT_NAMES = {"graphql-core": "graphql", "linkify-it-py": "linkify_it", "pytest-xdist": "xdist"}
# Checkout-only top-level packages: test support (tests/support/) and the measuring scripts.
CHECKOUT_ONLY = {"tests", "benchmarks", "tools"}


def _test_only_imports() -> set:
    """What the installed tool must never import: the test extra (pyproject.toml) and the checkout's own packages."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[\s<>=!~\[;]", requirement, maxsplit=1)[0]
             for requirement in project["optional-dependencies"]["test"]}
    runtime = {re.split(r"[\s<>=!~\[;]", requirement, maxsplit=1)[0].lower() for requirement in project["dependencies"]}
    return {IMPORT_NAMES.get(name, name.lower().replace("-", "_")) for name in names
            if name.lower() not in runtime} | CHECKOUT_ONLY


def _data_files(root: Path) -> set:
    """Paths of the data files under ``root``, relative to it, as the repository holds them."""
    return {path.relative_to(root).as_posix() for name in DATA_DIRS for path in (root / name).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts}


def _build(args: list, cwd: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=BUILD_TIMEOUT_SECONDS)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """(sdist, wheel built from the sdist) of a copy of this checkout, so the build writes nothing here."""
    work = tmp_path_factory.mktemp("release")
    source = work / "source"
    shutil.copytree(REPO_ROOT, source, ignore=NOT_SOURCE)
    _build(["--sdist", "--outdir", str(work / "dist")], source)
    (sdist,) = (work / "dist").glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(work / "unpacked", filter="data")
    (unpacked,) = (work / "unpacked").iterdir()
    _build(["--wheel", "--outdir", str(work / "dist")], unpacked)
    (wheel,) = (work / "dist").glob("*.whl")
    return sdist, wheel


@pytest.mark.slow
def test_the_sdist_carries_rules_templates_and_schemas(release):
    sdist, _ = release
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    top = names[0].split("/", 1)[0]
    shipped = {name.split("/", 1)[1] for name in names if "/" in name}
    missing = _data_files(REPO_ROOT) - shipped
    assert not missing, f"the sdist lacks {sorted(missing)[:5]} (MANIFEST.in)"
    assert f"{top}/LICENSE" in names and f"{top}/README.md" in names


@pytest.mark.slow
def test_the_wheel_built_from_the_sdist_carries_every_data_file(release):
    _, wheel = release
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    packaged = {name.removeprefix("portfolio_audit/_data/") for name in names if name.startswith("portfolio_audit/_data/")}
    assert packaged == _data_files(REPO_ROOT)
    assert sum(1 for name in packaged if name.startswith("rules/") and name.endswith(".yml")) > 20


@pytest.mark.slow
def test_the_wheel_metadata_is_complete(release):
    _, wheel = release
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode("utf-8"))
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert metadata["License-Expression"] == "MIT" and "License" not in metadata
    assert metadata["Requires-Python"] == project["requires-python"]
    classifiers = metadata.get_all("Classifier")
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert not any(c.startswith("License ::") for c in classifiers)  # the SPDX expression replaces them
    urls = dict(value.split(", ", 1) for value in metadata.get_all("Project-URL"))
    assert {"Homepage", "Source", "Issues"} <= set(urls)
    assert all(url.startswith("https://github.com/portfolio-audit/portfolio-audit") for url in urls.values())


@pytest.mark.slow
def test_the_wheel_holds_the_tool_and_its_data_only(release):
    """The package's modules and data, rules, templates and schemas, and its metadata: no test support, no tests."""
    _, wheel = release
    with zipfile.ZipFile(wheel) as archive:
        names = {name for name in archive.namelist() if not name.endswith("/")}
    metadata = {name for name in names if name.split("/", 1)[0].endswith(".dist-info")}
    assert not {name for name in names - metadata if not name.startswith("portfolio_audit/")}
    assert not [name for name in names if "/testing/" in name or name.endswith("/fixtures.py")
                or name.startswith(("tests/", "benchmarks/", "tools/"))]
    code = {name for name in names - metadata if not name.startswith("portfolio_audit/_data/")}
    checkout = {path.relative_to(REPO_ROOT).as_posix() for path in PACKAGE.rglob("*")
                if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
                and "_data" not in path.relative_to(PACKAGE).parts}
    assert code == checkout


def test_the_package_imports_no_test_only_dependency_and_no_test_support():
    """graphql-core, pytest and the rest of the test extra are not installed with the tool; tests/ is not shipped."""
    forbidden = _test_only_imports()
    assert {"graphql", "pytest", "hypothesis", "tests"} <= forbidden
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                tops = [node.module.split(".")[0]]
            else:
                continue
            found += [f"{path.relative_to(PACKAGE)}:{node.lineno} imports {top}" for top in tops if top in forbidden]
    assert found == []


# Run by the fresh venv's Python: argv[1] the import names to hide (JSON), argv[2] a portfolio to audit.
WITHOUT_TEST_EXTRA = """
import importlib, importlib.abc, json, pkgutil, sys

HIDDEN = set(json.loads(sys.argv[1]))


class Hidden(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {name!r} (test extra hidden)", name=name)
        return None


sys.meta_path.insert(0, Hidden())
import portfolio_audit
from portfolio_audit.cli import run

for module in pkgutil.walk_packages(portfolio_audit.__path__, "portfolio_audit."):
    if module.name != "portfolio_audit.__main__":
        importlib.import_module(module.name)
sys.argv = ["portfolio-audit", "audit", sys.argv[2], "-f", "json", "-q"]
run()
"""


def _fresh_venv(where: Path, wheel: Path) -> Path:
    """A venv with only ``wheel`` installed; its dependencies are lent from this environment's site-packages.

    The wheel goes in first, into an empty venv: with this environment already visible, pip
    would find this checkout's own portfolio-audit of the same version and install nothing.
    The lent folder comes after the venv's own site-packages on sys.path, and .pth files in
    it are not run, so this checkout's (editable or installed) copy cannot shadow the wheel's.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    python = where / "bin" / "python"
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                           "--no-index", "--disable-pip-version-check", str(wheel)],
                          capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS)
    assert done.returncode == 0, done.stderr
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert (Path(site) / "portfolio_audit" / "_data" / "rules").is_dir(), "the wheel was not installed into the venv"
    lent = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "lent-dependencies.pth").write_text("\n".join(sorted(lent)) + "\n", encoding="utf-8")
    return python


@pytest.mark.slow
def test_the_installed_wheel_audits_the_example_from_another_folder(release, tmp_path):
    _, wheel = release
    python = _fresh_venv(tmp_path / "venv", wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "PORTFOLIO_AUDIT"))}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")

    where = subprocess.run([str(python), "-c", "import portfolio_audit.paths as p; print(p.__file__); print(p.rules_dir())"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert all(Path(path).is_relative_to(tmp_path / "venv") for path in where), where

    command = tmp_path / "venv" / "bin" / "portfolio-audit"
    audit = subprocess.run([str(command), "audit", str(REPO_ROOT / "examples" / "portfolio"), "-f", "json",
                            "-o", "result.json", "-q"], cwd=elsewhere, env=env, capture_output=True, text=True,
                           timeout=BUILD_TIMEOUT_SECONDS)
    assert audit.returncode == 0, audit.stderr
    result = json.loads((elsewhere / "result.json").read_text(encoding="utf-8"))
    assert [repo["name"] for repo in result["repos"]] == ["ml-homework", "recipe-box", "tidewatch"]
    assert result["score"] is not None and result["tool"]["version"]
    # The lent site-packages hold the test extra too: hide it, as a user's install would lack it,
    # then import every module and audit the example (markdown-it's optional linkify import stays optional).
    without_test_extra = tmp_path / "without_test_extra.py"
    without_test_extra.write_text(WITHOUT_TEST_EXTRA, encoding="utf-8")
    audit = subprocess.run([str(python), str(without_test_extra), json.dumps(sorted(_test_only_imports())),
                            str(REPO_ROOT / "examples" / "portfolio")], cwd=elsewhere, env=env, capture_output=True,
                           text=True, timeout=BUILD_TIMEOUT_SECONDS)
    assert audit.returncode == 0, audit.stderr[-3000:]
    assert [repo["name"] for repo in json.loads(audit.stdout)["repos"]] == ["ml-homework", "recipe-box", "tidewatch"]
    listing = subprocess.run([str(command), "rules", "list"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert listing.returncode == 0 and "rules. Details" in listing.stdout
    html = subprocess.run([str(command), "audit", str(REPO_ROOT / "examples" / "portfolio"), "-o", "report.html", "-q"],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS)
    assert html.returncode == 0 and "<html" in (elsewhere / "report.html").read_text(encoding="utf-8")


def test_requires_python_admits_only_versions_the_code_runs_on():
    """3.10 lacks tomllib (cli.py, collect/local.py import it unguarded); CI runs 3.11, the floor."""
    from packaging.specifiers import SpecifierSet

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    admitted = SpecifierSet(project["requires-python"])
    assert "3.10" not in admitted and "3.11" in admitted
    assert sys.version_info[:2] >= (3, 11)
    action = (REPO_ROOT / "action.yml").read_text(encoding="utf-8")
    assert 'python-version: "3.11"' in action and "sys.version_info < (3, 11)" in action
