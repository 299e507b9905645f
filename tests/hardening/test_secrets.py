"""The token never leaves the process: not in output, errors, logs, snapshots, cache files or reports.

Each scenario runs the real command line with a recognisable fake token against the
local GitHub, sometimes with faults that make the collector retry, wait, give up or
reject the token, and then searches every byte the run produced.
"""

from __future__ import annotations

import io
import logging
import zlib

import pytest

from portfolio_audit import app
from portfolio_audit.analysis_cache import PACK_SUFFIX
from portfolio_audit.collect.github import GitHubSettings, collect_github
from tests.support.github_server import GitHubServer
from tests.support.github_world import FLAGSHIP

from ..helpers import run_cli

# Recognisable, so any leak is found wherever it lands; the second form catches a partial echo.
FAKE_TOKEN = "ghp_SECRETCANARY9f8e7d6c5b4a3210SECRETCANARY"
TOKEN_FRAGMENT = "SECRETCANARY9f8e7d6c"



def readable_bytes(path) -> bytes:
    """A file's bytes as a leak would show in them: analysis packs are zlib-compressed, so search them inflated."""
    data = path.read_bytes()
    if path.suffix == PACK_SUFFIX:
        try:
            return data + zlib.decompress(data.partition(b"\n")[2])
        except zlib.error:
            pass
    return data


def leaks(*texts, folders=()) -> list:
    """Where the token (or a piece of it) appears."""
    found = [f"text #{i}" for i, text in enumerate(texts) if TOKEN_FRAGMENT in (text or "")]
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and TOKEN_FRAGMENT.encode() in readable_bytes(path):
                found.append(str(path))
    return found


SCENARIOS = {
    "clean": [],
    "server-errors": [("status", dict(status=502, path="/api/graphql", count=1)),
                      ("connection_reset", dict(path="^/_codeload/", count=2))],
    "rate-limited": [("primary_rate_limit", dict(path="/api/graphql", count=None, retry_after=3600)),
                     ("secondary_rate_limit", dict(path="/search/", count=None, retry_after=3600))],
    "graphql-errors": [("graphql_errors", dict(path="/api/graphql", count=3))],
    "corrupt-archive": [("truncated_body", dict(path=f"^/_codeload/.*/{FLAGSHIP}/", count=None))],
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_no_output_file_or_cache_holds_the_token(github, tmp_path, scenario):
    for kind, options in SCENARIOS[scenario]:
        github.add_fault(kind, **options)
    cache, out = tmp_path / "cache", tmp_path / "out"
    out.mkdir()
    env = {"GITHUB_TOKEN": FAKE_TOKEN, "PORTFOLIO_AUDIT_DEBUG": "1"}
    common = ("--api-url", github.base_url, "--cache-dir", str(cache), "--max-wait", "1", "--max-repos", "4")
    runs = [run_cli("collect", f"github:{github.world.person}", *common, "-o", str(out / "snapshot.json"), env=env)]
    for fmt in ("json", "html", "md"):
        runs.append(run_cli("audit", f"github:{github.world.person}", *common, "-f", fmt,
                            "-o", str(out / f"report.{fmt}"), env=env))
    runs.append(run_cli("audit", str(out / "snapshot.json"), "-f", "md", env=env))
    for done in runs:
        assert done.returncode == 0, done.stderr
    assert not leaks(*(d.stdout for d in runs), *(d.stderr for d in runs), folders=(cache, out))
    assert (out / "report.html").stat().st_size and any(cache.rglob("*.entry"))
    assert any(cache.rglob(f"*{PACK_SUFFIX}")), "no analysis pack was written, so none was searched"


def test_the_leak_search_reads_inside_analysis_packs(tmp_path):
    """The search above would be blind to a token in a compressed pack without inflating it."""
    pack = tmp_path / f"key{PACK_SUFFIX}"
    pack.write_bytes(b"header\n" + zlib.compress(FAKE_TOKEN.encode()))
    assert leaks(folders=(tmp_path,)) == [str(pack)]


@pytest.mark.github_api
def test_a_rejected_token_is_named_but_never_echoed(tmp_path):
    with GitHubServer(tokens={"the-only-good-token"}) as strict:
        done = run_cli("audit", f"github:{strict.world.person}", "--api-url", strict.base_url, "--token", FAKE_TOKEN,
                       "--cache-dir", str(tmp_path), env={"PORTFOLIO_AUDIT_DEBUG": "1"})
    assert done.returncode == 3
    assert "token" in done.stderr.lower() and "401" in done.stderr
    assert not leaks(done.stdout, done.stderr, folders=(tmp_path,))


def test_debug_logs_of_every_library_leave_the_token_out(github, tmp_path):
    """PyGithub, requests and urllib3 log requests at DEBUG; the Authorization header must not be among them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s %(args)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    github.add_fault("status", status=500, path="/api/graphql", count=1)
    github.add_fault("rate_limit_429", path="/search/", count=1, retry_after=0)
    try:
        settings = GitHubSettings(handle=github.world.person, token=FAKE_TOKEN, api_url=github.base_url,
                                  cache_dir=str(tmp_path), max_wait=2, max_repos=3)
        snapshot, meter = collect_github(settings, notice=lambda message: stream.write(message + "\n"))
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    logged = stream.getvalue()
    assert "GET" in logged or "POST" in logged  # the logs were really captured
    assert not leaks(logged, repr(settings), repr(snapshot), meter.describe(), folders=(tmp_path,))


def test_settings_and_errors_do_not_carry_the_token():
    options = GitHubSettings(token=FAKE_TOKEN)
    assert not leaks(repr(options), str(options), repr(app.AuditSettings(inputs=("github:x",), github=options)),
                     repr(GitHubSettings(handle="x", token=FAKE_TOKEN)))
