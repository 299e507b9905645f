"""A plain clone, without ../shared beside it: the suite collects, and what needs the data skips, naming it.

With CI=true (GitHub Actions, .ci/run) the same missing data is a failure: there it
means a broken setup, and a green run that skipped half the suite would hide it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from . import conftest

REPO_ROOT = Path(__file__).resolve().parent.parent
NOT_SOURCE = shutil.ignore_patterns(".git", ".ci-venv", ".ci-wheels", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".hypothesis")
# Tests that need each dataset: the calibration corpus (a fixture and a module-level path)
# and GitHub's API description (a marker, and what test_github_server.py reads at import).
DATA_HUNGRY = ["tests/test_calibration.py", "tests/test_github_server.py",
               "tests/test_fairness.py::test_real_non_english_readmes_are_not_scored_down_for_language"]


def test_missing_data_skips_with_its_name_outside_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="the calibration corpus not found at .*nowhere"):
        conftest.require_data(tmp_path / "nowhere", "the calibration corpus")


def test_missing_data_fails_in_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI=true makes missing data a failure"):
        conftest.require_data(tmp_path / "nowhere", "GitHub's API description")


@pytest.fixture(scope="module")
def plain_clone(tmp_path_factory):
    """This checkout copied where no ../shared lies beside it."""
    clone = tmp_path_factory.mktemp("plain") / "portfolio-audit"
    shutil.copytree(REPO_ROOT, clone, ignore=NOT_SOURCE)
    assert not (clone.parent / "shared").exists()
    return clone


def _pytest(clone: Path, args: list, ci: bool) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if key not in ("CI", "PORTFOLIO_AUDIT_GITHUB_API", "PYTEST_ADDOPTS") and not key.startswith("PYTEST_XDIST")}
    env["PYTHONPATH"] = str(clone)  # the clone's own package, not this checkout's
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.mark.slow
def test_a_plain_clone_collects_every_test(plain_clone):
    done = _pytest(plain_clone, ["--collect-only"], ci=False)
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.slow
def test_a_plain_clone_skips_what_needs_shared_data_and_ci_fails_it(plain_clone):
    done = _pytest(plain_clone, ["-rs", *DATA_HUNGRY], ci=False)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "the calibration corpus not found at" in done.stdout
    assert "GitHub's API description (set PORTFOLIO_AUDIT_GITHUB_API) not found at" in done.stdout
    in_ci = _pytest(plain_clone, ["-x", *DATA_HUNGRY], ci=True)
    assert in_ci.returncode == 1 and "CI=true makes missing data a failure" in in_ci.stdout, in_ci.stdout[-3000:]
