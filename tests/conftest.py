"""Shared test helpers: paths to the repository, ../shared and a loaded catalogue."""

from pathlib import Path

import pytest

from portfolio_audit.rules import load_catalogue
from portfolio_audit.testing.github_server import GitHubServer

REPO_ROOT = Path(__file__).resolve().parent.parent
# The project's shared data lives beside the checkout (../shared), as CI lays it out.
SHARED = REPO_ROOT.parent / "shared"
CALIBRATION = SHARED / "calibration"


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
    if not CALIBRATION.is_dir():
        pytest.fail(f"calibration data not found at {CALIBRATION}: tests expect ../shared beside the checkout")
    return CALIBRATION


@pytest.fixture(scope="module")
def server():
    """A local GitHub on 127.0.0.1 over the default world, one per test module."""
    with GitHubServer() as running:
        yield running


@pytest.fixture
def github(server):
    """The module's local GitHub with faults, counters and spent rate limits cleared."""
    server.reset()
    return server
