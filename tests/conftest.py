"""Shared test helpers: paths to the repository, ../shared and a loaded catalogue."""

import os
from pathlib import Path

import pytest

from portfolio_audit.rules import load_catalogue
from tests.support.github_server import GitHubServer, default_api_description

REPO_ROOT = Path(__file__).resolve().parent.parent
# The project's shared data lives beside the checkout (../shared), as CI lays it out.
SHARED = REPO_ROOT.parent / "shared"
CALIBRATION = SHARED / "calibration"
GITHUB_API = default_api_description()
# GitHub Actions and .ci/run set CI=true. There a missing dataset is a broken setup and
# fails; on a contributor's plain clone the tests that need it skip and say what is missing.
IN_CI = os.environ.get("CI", "").strip().lower() in ("true", "1")


def require_data(path: Path, what: str) -> Path:
    """``path`` if it exists; otherwise skip (a plain clone) or fail (CI) naming the missing data."""
    if path.exists():
        return path
    message = f"{what} not found at {path} (../shared beside the checkout)"
    if IN_CI:
        pytest.fail(f"{message}; CI=true makes missing data a failure", pytrace=False)
    pytest.skip(message)


def require_github_api() -> Path:
    return require_data(GITHUB_API / "rest", "GitHub's API description (set PORTFOLIO_AUDIT_GITHUB_API)").parent


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Tests marked github_api talk to the local GitHub, whose shapes come from GitHub's API description."""
    if item.get_closest_marker("github_api"):
        require_github_api()


@pytest.fixture(scope="session", autouse=True)
def private_cache_home(tmp_path_factory):
    """A temporary user cache folder for the whole session, so no test writes the real ~/.cache.

    Commands without --cache-dir keep GitHub responses and source analyses in the user
    cache folder, which platformdirs finds through XDG_CACHE_HOME; the CLI subprocesses
    that tests start inherit it.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache-home")))
        yield


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="session")
def calibration_dir():
    return require_data(CALIBRATION, "the calibration corpus")


@pytest.fixture(scope="module")
def server():
    """A local GitHub on 127.0.0.1 over the default world, one per test module."""
    require_github_api()
    with GitHubServer() as running:
        yield running


@pytest.fixture
def github(server):
    """The module's local GitHub with faults, counters and spent rate limits cleared."""
    server.reset()
    return server
