"""The GitHub collector against the local GitHub: the real CLI, caching, rate limits, faults, hostile archives."""

import hashlib
import io
import json
import os
import subprocess
import tarfile
import time
from pathlib import Path

import pytest

from portfolio_audit import snapshot as snapshot_io
from portfolio_audit.collect.github import collector
from portfolio_audit.collect.archive import ArchiveError, ArchiveLimits, read_tarball
from portfolio_audit.collect.github import GitHubSettings, collect_github
from portfolio_audit.collect.github.transport import graphql_url_for
from portfolio_audit.cache_files import TEMP_PREFIX
from portfolio_audit.collect.http_cache import HttpCache
from portfolio_audit.collect.local import collect_repo
from portfolio_audit.errors import AuditError, ExitCode
from tests.support.github_server import GitHubServer
from tests.support.github_world import ARCHIVED_REPO, EMPTY_REPO, FLAGSHIP, FORK_REPO, HUGE_REPO

from .helpers import run_cli

pytestmark = pytest.mark.github_api  # the local GitHub's shapes come from ../shared/github-api

# Recognisable, so a grep finds it wherever it might leak.
FAKE_TOKEN = "ghp_LEAKCANARY0123456789abcdefLEAKCANARY"



def settings_for(server, cache_dir, **overrides) -> GitHubSettings:
    values = dict(handle=server.world.person, token=FAKE_TOKEN, api_url=server.base_url, cache_dir=str(cache_dir),
                  max_wait=5)
    values.update(overrides)
    return GitHubSettings(**values)


def collect(server, cache_dir, **overrides):
    notices = []
    snapshot, meter = collect_github(settings_for(server, cache_dir, **overrides), notice=notices.append)
    return snapshot, meter, notices


def repo_named(snapshot, name):
    return next(repo for repo in snapshot.repos if repo.name == name)


def cli_env(token=FAKE_TOKEN) -> dict:
    return {"GITHUB_TOKEN": token or ""}


def assert_no_token(*texts_and_folders):
    for item in texts_and_folders:
        if isinstance(item, Path):
            for path in item.rglob("*"):
                if path.is_file():
                    assert FAKE_TOKEN.encode() not in path.read_bytes(), path
        else:
            assert FAKE_TOKEN not in item


# --- end to end through the command line ---------------------------------------------------

def test_audit_a_handle_end_to_end(github, tmp_path):
    cache = tmp_path / "cache"
    done = run_cli("audit", f"github:{github.world.person}", "--api-url", github.base_url, "-f", "json",
                   "--cache-dir", str(cache), env=cli_env())
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    result = json.loads(done.stdout)
    assert result["source"]["kind"] == "github"
    names = {repo["name"] for repo in result["repos"]}
    assert FLAGSHIP in names and FORK_REPO not in names and ARCHIVED_REPO not in names
    flagship = next(repo for repo in result["repos"] if repo["name"] == FLAGSHIP)
    collaboration = [f for f in flagship["findings"] if f["category"] == "collaboration"]
    assert collaboration and all(f["outcome"] != "not_available" for f in collaboration)
    scored = [f for f in collaboration if f["outcome"] in ("pass", "warn", "fail")]
    assert len(scored) >= 3
    linked = [e["url"] for f in scored for e in f["evidence"] if e.get("url")]
    assert any("/issues/" in url or "/pull/" in url or "/discussions/" in url for url in linked)
    assert all(url.startswith(f"https://github.com/{github.world.person}/") for url in linked)
    assert "GitHub:" in done.stderr and "requests" in done.stderr
    assert_no_token(done.stdout, done.stderr, cache)


def test_collect_then_replay_offline(tmp_path):
    snapshot_file = tmp_path / "snap.json"
    with GitHubServer() as private:
        base_url = private.base_url
        done = run_cli("collect", f"github:{private.world.person}", "--api-url", private.base_url,
                       "-o", str(snapshot_file), "--no-cache", env=cli_env())
        assert done.returncode == 0, done.stderr
        online = run_cli("audit", str(snapshot_file), "-f", "json")
    offline = run_cli("audit", str(snapshot_file), "-f", "json")  # the server is gone now
    assert online.returncode == offline.returncode == 0, offline.stderr
    assert online.stdout == offline.stdout
    saved = json.loads(snapshot_file.read_text(encoding="utf-8"))
    assert saved["source"] == {"kind": "github", "handle": private.world.person, "api_url": base_url}
    assert saved["contributions"]["available"] and saved["contributions"]["items"]
    assert_no_token(snapshot_file.read_text(encoding="utf-8"), done.stderr)


def test_unknown_user_exits_3(github, tmp_path):
    done = run_cli("audit", "github:nobody-here-at-all", "--api-url", github.base_url, "-f", "json",
                   "--cache-dir", str(tmp_path), env=cli_env())
    assert done.returncode == ExitCode.COLLECTION_FAILED
    assert "'nobody-here-at-all' not found" in done.stderr and "Traceback" not in done.stderr


def test_bad_token_gets_a_hint_and_is_never_printed(tmp_path):
    with GitHubServer(tokens={"the-only-good-token"}) as strict:
        done = run_cli("audit", f"github:{strict.world.person}", "--api-url", strict.base_url, "-f", "json",
                       "--cache-dir", str(tmp_path), env=cli_env())
    assert done.returncode == ExitCode.COLLECTION_FAILED
    assert "Bad credentials" in done.stderr and "check GITHUB_TOKEN" in done.stderr
    assert "Developer settings" in done.stderr
    assert_no_token(done.stdout, done.stderr, tmp_path)


def test_without_a_token_discussions_are_not_available_and_stderr_says_so(github, tmp_path):
    done = run_cli("collect", f"github:{github.world.person}", "--api-url", github.base_url, "--max-repos", "3",
                   "--cache-dir", str(tmp_path), env=cli_env(token=None))
    assert done.returncode == 0, done.stderr
    assert "no GitHub token" in done.stderr and "GITHUB_TOKEN" in done.stderr and "discussions" in done.stderr
    snapshot = snapshot_io.loads(done.stdout)
    for repo in snapshot.repos:
        assert not repo.discussions.available
        assert repo.discussions.reason == collector.NO_TOKEN_DISCUSSIONS
    counted = github.stats.snapshot()["counted"]
    assert counted.get("core", 0) <= 30  # small profiles fit in the anonymous 60 per hour


def test_truncated_tarball_marks_one_repo_and_the_audit_goes_on(github, tmp_path):
    github.add_fault("truncated_body", path=f"/_codeload/{github.world.person}/{FLAGSHIP}/", count=None)
    done = run_cli("audit", f"github:{github.world.person}", "--api-url", github.base_url, "-f", "json",
                   "--no-cache", env=cli_env())
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    result = json.loads(done.stdout)
    flagship = next(repo for repo in result["repos"] if repo["name"] == FLAGSHIP)
    assert flagship["status"] == "not_collected" and "archive" in flagship["status_reason"]
    assert any(repo["status"] != "not_collected" for repo in result["repos"])


# --- selection ------------------------------------------------------------------------------

def test_forks_and_archived_are_left_out_unless_asked(github, tmp_path):
    default, _, notices = collect(github, tmp_path)
    names = {repo.name for repo in default.repos}
    assert FORK_REPO not in names and ARCHIVED_REPO not in names
    assert any("--include-forks" in notice for notice in notices)
    everything, _, _ = collect(github, tmp_path, include_forks=True, include_archived=True)
    names = {repo.name for repo in everything.repos}
    assert {FORK_REPO, ARCHIVED_REPO} <= names
    fork = repo_named(everything, FORK_REPO)
    assert fork.is_fork
    # The person's pull requests from the fork to its parent are attached to the fork.
    assert any(p.get("base_repo") != fork.full_name for p in fork.pull_requests.items)


def test_max_repos_and_repo_pick_repositories(github, tmp_path):
    few, _, _ = collect(github, tmp_path, max_repos=2)
    assert len(few.repos) == 2
    picked, _, _ = collect(github, tmp_path, repos=(FLAGSHIP, ARCHIVED_REPO))
    assert [repo.name for repo in picked.repos] == [FLAGSHIP, ARCHIVED_REPO] or \
        {repo.name for repo in picked.repos} == {FLAGSHIP, ARCHIVED_REPO}
    with pytest.raises(AuditError) as error:
        collect(github, tmp_path, repos=("no-such-repo",))
    assert error.value.exit_code == ExitCode.COLLECTION_FAILED


def test_snapshot_shapes_follow_the_snapshot_format(github, tmp_path):
    snapshot, _, _ = collect(github, tmp_path, repos=(FLAGSHIP, EMPTY_REPO, HUGE_REPO))
    assert set(snapshot.owner) >= {"login", "name", "html_url"} and "followers" not in snapshot.owner
    flagship = repo_named(snapshot, FLAGSHIP)
    assert flagship.html_url.endswith(f"/{github.world.person}/{FLAGSHIP}") and len(flagship.commit_sha) == 40
    assert flagship.permalink("README.md", 3) == f"{flagship.html_url}/blob/{flagship.commit_sha}/README.md#L3"
    assert any(f.kind == "readme" for f in flagship.files)
    assert flagship.commits.items and any(c.insertions for c in flagship.commits.items)
    issue = flagship.issues.items[0]
    assert {"number", "title", "url", "author", "author_type", "author_association", "state", "comments"} <= set(issue)
    pull = flagship.pull_requests.items[0]
    assert {"merged", "base_repo", "head_repo", "linked_issues", "review_comments"} <= set(pull)
    assert all((r.get("author") or "").lower() == github.world.person for r in flagship.reviews.items)
    assert flagship.discussions.available and flagship.discussions.items
    assert {c["name"] for c in flagship.community.items} >= {"contributing", "issue_template"}
    assert any(c.get("author", "").endswith("[bot]") for c in flagship.pull_requests.items)
    empty = repo_named(snapshot, EMPTY_REPO)
    assert empty.collection_error is None and empty.files == () and empty.commits.items == ()
    huge = repo_named(snapshot, HUGE_REPO)
    assert len(huge.files) > 1000 and any("café" in f.path for f in huge.files)
    # export-ignore files are absent from GitHub's archives (docs/github.md says so).
    assert not any(f.path.startswith("docs/internal/") for f in flagship.files)
    contributions = snapshot.contributions
    assert contributions.available
    assert all(c["repo"].split("/")[0] != github.world.person for c in contributions.items)
    assert any(c["merged"] for c in contributions.items if c["role"] == "author")


# --- caching --------------------------------------------------------------------------------

def test_warm_rerun_costs_no_rate_limit(github, tmp_path):
    cold, _, _ = collect(github, tmp_path)
    cold_stats = github.stats.snapshot()
    github.stats.reset()
    warm, meter, _ = collect(github, tmp_path)
    stats = github.stats.snapshot()
    assert stats["counted_total"] == 0, stats["counted"]
    assert stats["not_modified"] == stats["total"] > 0
    assert stats["total"] < cold_stats["total"]
    assert meter.served_from_cache > 0
    strip = lambda s: dict(snapshot_io.snapshot_to_dict(s), collected_at=None)  # noqa: E731
    assert strip(cold) == strip(warm)
    assert_no_token(tmp_path)


def test_cache_survives_a_killed_writer(github, tmp_path):
    collect(github, tmp_path)
    entries = sorted((tmp_path / "responses").rglob("*.entry"))
    assert entries
    # A writer killed mid-way leaves a temporary file; a damaged disk leaves a cut-off entry.
    (entries[0].parent / f"{TEMP_PREFIX}half").write_bytes(b'{"format": "1", "url": ')
    entries[1].write_bytes(entries[1].read_bytes()[:40])
    for record in (tmp_path / "records").rglob("*.json"):
        record.write_text("{not json", encoding="utf-8")
        break
    github.stats.reset()
    snapshot, _, _ = collect(github, tmp_path)
    assert all(repo.collection_error is None for repo in snapshot.repos)
    stats = github.stats.snapshot()
    assert 0 < stats["counted_total"] < 10  # only the damaged entries were fetched again
    cache = HttpCache(tmp_path)
    assert cache.load_response("0" * 64) is None


def test_http_cache_prunes_unused_entries_then_the_least_recently_used(tmp_path, monkeypatch):
    from portfolio_audit.cache_files import SECONDS_PER_DAY, STALE_TEMP_SECONDS
    from portfolio_audit.collect import http_cache

    cache = HttpCache(tmp_path)
    now = time.time()
    ages = {"old": http_cache.MAX_UNUSED_DAYS + 1, "a": 10, "b": 5, "c": 1}
    for name, age in ages.items():
        cache.store_blob(name, b"x" * 1000)
        key = hashlib.sha256(name.encode("utf-8")).hexdigest()
        os.utime(tmp_path / "blobs" / key[:2] / f"{key}.bin", (now - age * SECONDS_PER_DAY,) * 2)
    stale = tmp_path / "blobs" / f"{TEMP_PREFIX}half"
    stale.write_bytes(b"half")
    os.utime(stale, (now - 2 * STALE_TEMP_SECONDS,) * 2)
    monkeypatch.setattr(http_cache, "MAX_TOTAL_BYTES", 2500)  # room for two 1,064-byte blobs
    reopened = HttpCache(tmp_path)  # prunes on opening
    assert [name for name in ages if reopened.load_blob(name) is not None] == ["b", "c"]
    assert not stale.exists()


def test_http_cache_hit_marks_its_entry_used(tmp_path):
    cache = HttpCache(tmp_path)
    cache.store_blob("tarball", b"data")
    (path,) = (tmp_path / "blobs").rglob("*.bin")
    long_ago = time.time() - 20 * 86400
    os.utime(path, (long_ago, long_ago))
    assert cache.load_blob("tarball") == b"data"
    assert path.stat().st_mtime > time.time() - 60


def test_no_cache_writes_nothing(github, tmp_path):
    collect(github, tmp_path / "unused", use_cache=False, max_repos=2)
    assert not (tmp_path / "unused").exists()


# --- GraphQL cost ---------------------------------------------------------------------------

def test_graphql_cost_follows_conversations_not_repositories(tmp_path):
    # GitHub charges for the nodes a query could return. Asking every repository for 30 issues,
    # 30 pull requests and 30 discussions cost 11 points a repository, so a 1,000-repository
    # profile overran the 5,000 points of an hour; quiet repositories must cost next to nothing.
    from tests.support.github_world import build_world

    world = build_world(repo_count=60)
    with GitHubServer(world) as server:
        snapshot, _, _ = collect(server, tmp_path)
        stats = server.stats.snapshot()
    conversations = sum(len(r.issues.items) + len(r.pull_requests.items) + len(r.discussions.items)
                        for r in snapshot.repos)
    assert conversations > 100 and all(r.issues.available for r in snapshot.repos)
    assert stats["graphql_points"] < len(snapshot.repos) / 2, stats["graphql_points"]
    # Two passes, but still fewer GraphQL requests than repositories.
    assert stats["by_endpoint"].get("graphql", 0) < len(snapshot.repos) / 2


def test_conversation_lists_are_asked_for_by_their_size(github, tmp_path):
    snapshot, _, _ = collect(github, tmp_path, use_cache=False, max_items=5)
    flagship = repo_named(snapshot, FLAGSHIP)
    world_repo = github.world.repo(github.world.person, FLAGSHIP)
    assert len(flagship.issues.items) == 5 and flagship.issues.truncated
    assert len(world_repo.plain_issues()) > 5
    quiet = [r for r in snapshot.repos if r.issues.available and not r.issues.items and not r.pull_requests.items]
    assert quiet and all(not r.issues.truncated and not r.pull_requests.truncated for r in quiet)


def test_failed_conversation_pass_keeps_history_files_and_community(github, tmp_path):
    # One worker: the first GraphQL request is the overview, the second the conversations.
    github.add_fault("status", status=400, path="/api/graphql", nth=2, count=None)
    snapshot, _, _ = collect(github, tmp_path, repos=(FLAGSHIP,), workers=1)
    flagship = repo_named(snapshot, FLAGSHIP)
    assert flagship.collection_error is None and flagship.files and flagship.commits.items
    assert flagship.community.available and flagship.community.items
    for collected in (flagship.issues, flagship.pull_requests, flagship.reviews, flagship.discussions):
        assert not collected.available and "400" in collected.reason
    # Nothing half-collected is cached: the next run asks again and gets everything.
    github.clear_faults()
    again, _, _ = collect(github, tmp_path, repos=(FLAGSHIP,), workers=1)
    assert repo_named(again, FLAGSHIP).issues.items


# --- rate limits and faults -----------------------------------------------------------------

def test_429_with_retry_after_is_waited_for(github, tmp_path):
    github.add_fault("rate_limit_429", path="/api/graphql", retry_after=1)
    snapshot, _, notices = collect(github, tmp_path, use_cache=False)
    # The wait is said, not timed: a test never asserts wall-clock time.
    assert [n for n in notices if n.startswith("portfolio-audit: waiting 1 s for GitHub's")]
    assert all(repo.issues.available for repo in snapshot.repos)


def test_429_without_retry_after_beyond_max_wait_gives_a_partial_snapshot(github, tmp_path):
    # GitHub's advice without Retry-After is a minute; --max-wait 2 cannot cover it.
    github.add_fault("rate_limit_429", path="/api/graphql", count=None)
    snapshot, _, notices = collect(github, tmp_path, use_cache=False, max_wait=2)
    assert snapshot.repos and all(not repo.issues.available for repo in snapshot.repos)
    assert all("rate limit" in repo.issues.reason for repo in snapshot.repos)
    assert all(repo.files or repo.name == EMPTY_REPO for repo in snapshot.repos)  # archives still came
    assert any("partial snapshot" in notice for notice in notices)


@pytest.mark.parametrize("kind", ["primary_rate_limit", "secondary_rate_limit"])
def test_403_rate_limits_are_waited_for_within_max_wait(github, tmp_path, kind):
    github.add_fault(kind, path=r"/repos/.*/tarball|^/_codeload/", retry_after=1, count=2)
    snapshot, _, _ = collect(github, tmp_path, use_cache=False, max_wait=10)
    assert all(repo.collection_error is None for repo in snapshot.repos)


def test_primary_limit_beyond_max_wait_marks_repos_not_collected(github, tmp_path):
    github.add_fault("primary_rate_limit", path=r"/repos/.*/tarball|^/_codeload/", retry_after=3600, count=None)
    snapshot, _, notices = collect(github, tmp_path, use_cache=False, max_wait=1)
    failed = [repo for repo in snapshot.repos if repo.collection_error]
    assert failed and all("rate limit" in repo.collection_error for repo in failed)
    assert any("partial snapshot" in notice for notice in notices)


def test_server_errors_and_resets_are_retried(github, tmp_path):
    github.add_fault("status", status=502, path="/api/graphql", count=1)
    github.add_fault("connection_reset", path=r"/repos/.*/tarball|^/_codeload/", count=1)
    github.add_fault("malformed_json", path="/search/issues", count=1)
    snapshot, _, _ = collect(github, tmp_path, use_cache=False)
    assert all(repo.collection_error is None for repo in snapshot.repos)
    assert snapshot.contributions.available


def test_a_repo_that_keeps_failing_is_marked_and_the_rest_collected(github, tmp_path):
    github.add_fault("status", status=500, path=f"/repos/{github.world.person}/{FLAGSHIP}/tarball|^/_codeload/{github.world.person}/{FLAGSHIP}/",
                     count=None)
    snapshot, _, _ = collect(github, tmp_path, use_cache=False)
    assert "500" in repo_named(snapshot, FLAGSHIP).collection_error
    assert sum(repo.collection_error is None for repo in snapshot.repos) == len(snapshot.repos) - 1


def test_rest_path_without_a_token_collects_issues_and_pull_requests(github, tmp_path):
    snapshot, _, notices = collect(github, tmp_path, token=None, repos=(FLAGSHIP,))
    flagship = repo_named(snapshot, FLAGSHIP)
    assert flagship.issues.available and flagship.issues.items
    assert flagship.pull_requests.items and any(p["comments"] for p in flagship.issues.items + flagship.pull_requests.items)
    assert flagship.reviews.reason == collector.NO_TOKEN_REVIEWS
    assert any("no GitHub token" in notice for notice in notices)


# --- settings ---------------------------------------------------------------------------------

def test_token_is_not_in_reprs():
    # Imported here: app binds sys.stdout as a default argument at import time, and importing it
    # while pytest collects would pin the collection-time stream for other tests' capsys.
    from portfolio_audit import app

    assert FAKE_TOKEN not in repr(GitHubSettings(handle="x", token=FAKE_TOKEN))
    assert FAKE_TOKEN not in repr(app.AuditSettings(inputs=("github:x",), github=GitHubSettings(token=FAKE_TOKEN)))


def test_graphql_url_and_documented_defaults():
    assert graphql_url_for("https://api.github.com") == "https://api.github.com/graphql"
    assert graphql_url_for("https://ghe.example.com/api/v3") == "https://ghe.example.com/api/graphql"
    assert graphql_url_for("http://127.0.0.1:8080/api/v3/") == "http://127.0.0.1:8080/api/graphql"
    defaults = GitHubSettings(handle="x")
    options = GitHubSettings()
    assert defaults.api_url == options.api_url == "https://api.github.com"
    assert (defaults.max_items, defaults.max_wait, defaults.workers) == (options.max_items, options.max_wait, options.workers)


def test_github_input_syntax(tmp_path, monkeypatch):
    from portfolio_audit import pipeline

    assert pipeline.github_handle("github:octocat") == "octocat"
    assert pipeline.github_handle("octocat") is None
    with pytest.raises(AuditError):
        pipeline.github_handle("github:not a login")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "github:octocat").mkdir()
    assert pipeline.github_handle("github:octocat") is None  # an existing path stays a path


# --- archives ---------------------------------------------------------------------------------

def make_tarball(members, prefix="owner-repo-abc1234", compress=True) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT, pax_headers={"comment": "a" * 40}) as archive:
        for name, kind, payload in members:
            info = tarfile.TarInfo(name if name.startswith(("/", "..")) or "://" in name else f"{prefix}/{name}")
            if kind == "file":
                info.size = len(payload)
                archive.addfile(info, io.BytesIO(payload))
            elif kind == "raw-name":
                info.name, info.size = name, len(payload)
                archive.addfile(info, io.BytesIO(payload))
            elif kind == "symlink":
                info.type, info.linkname = tarfile.SYMTYPE, payload
                archive.addfile(info)
            elif kind == "hardlink":
                info.type, info.linkname = tarfile.LNKTYPE, payload
                archive.addfile(info)
            elif kind == "device":
                info.type = tarfile.CHRTYPE
                archive.addfile(info)
    data = raw.getvalue()
    if not compress:
        return data
    import gzip

    return gzip.compress(data)


def test_archive_rejects_traversal_links_and_devices():
    data = make_tarball([
        ("README.md", "file", b"# ok\n"),
        ("../../etc/evil.py", "raw-name", b"x = 1\n"),
        ("/etc/absolute.py", "raw-name", b"x = 1\n"),
        ("owner-repo-abc1234/src/../../escape.py", "raw-name", b"x = 1\n"),
        ("src/link.py", "symlink", "/etc/passwd"),
        ("src/hard.py", "hardlink", "owner-repo-abc1234/README.md"),
        ("src/device.py", "device", None),
        ("src/fine.py", "file", b"VALUE = 1\n"),
    ])
    files, skipped, sha = read_tarball(data)
    assert sorted(f.path for f in files) == ["README.md", "src/fine.py"]
    reasons = {s.path: s.reason for s in skipped}
    assert reasons["src/link.py"] == "symbolic link" and reasons["src/hard.py"] == "hard link"
    assert reasons["src/device.py"] == "not a regular file"
    assert sum("unsafe path" in reason for reason in reasons.values()) == 3
    assert sha == "a" * 40


def test_archive_caps_stop_bombs_and_big_files():
    zeros = b"\0" * (2 * 1024 * 1024)
    bomb = make_tarball([(f"blob{i}.py", "file", zeros) for i in range(4)])
    assert len(bomb) < 100 * 1024  # tiny on the wire...
    with pytest.raises(ArchiveError, match="expands beyond"):
        read_tarball(bomb, ArchiveLimits(max_expanded_bytes=4 * 1024 * 1024, max_file_bytes=8 * 1024 * 1024))
    many = make_tarball([(f"f{i}.py", "file", b"x = 1\n") for i in range(50)])
    with pytest.raises(ArchiveError, match="more than"):
        read_tarball(many, ArchiveLimits(max_members=20))
    files, skipped, _ = read_tarball(make_tarball([("big.py", "file", b"x = 1\n" * 200_000), ("a.py", "file", b"x = 1\n")]))
    assert [f.path for f in files] == ["a.py"] and skipped[0].reason.startswith("too large")
    with pytest.raises(ArchiveError, match="larger than"):
        read_tarball(many, ArchiveLimits(max_archive_bytes=10))


def test_truncated_or_garbage_archives_raise_archive_error():
    data = make_tarball([("README.md", "file", b"# hello\n" * 1000), ("a.py", "file", os.urandom(20000))])
    with pytest.raises(ArchiveError):
        read_tarball(data[: len(data) // 2])
    with pytest.raises(ArchiveError):
        read_tarball(b"<!DOCTYPE html> not an archive")


def test_tarball_and_checkout_of_one_commit_give_the_same_files(tmp_path):
    from .helpers import make_repo

    root = tmp_path / "project"
    make_repo(root, {
        "README.md": "# Project\n\nDoes things.\n", "src/app.py": '"""App."""\nVALUE = 1\n',
        "docs/guide.md": "# Guide\n", "node_modules/lib/index.js": "x\n", "dist/app.min.js": "x\n",
        "package-lock.json": "{}\n", "src/data.bin.py": "\0binary\n", "src/gen.py": "# @generated\nX = 1\n",
        "logo.png": "not really a png\n", "CONTRIBUTING.md": "Be kind.\n",
    })
    archive = subprocess.run(["git", "archive", "--format=tar.gz", "--prefix=owner-project-1234567/", "HEAD"],
                             cwd=root, capture_output=True, check=True).stdout
    files, skipped, _ = read_tarball(archive)
    local = collect_repo(root)
    assert files == local.files
    assert skipped == local.skipped


def test_api_url_with_credentials_is_refused_without_echoing_them(tmp_path):
    done = run_cli("audit", "github:someone", "--api-url", "https://user:ghp_SECRET_IN_URL@127.0.0.1:9/api/v3",
                   "-f", "json", env=cli_env())
    assert done.returncode == 2 and "must not contain" in done.stderr
    assert "ghp_SECRET_IN_URL" not in done.stderr + done.stdout
    done = run_cli("audit", "github:someone", "--api-url", "ftp://127.0.0.1/api", "-f", "json", env=cli_env())
    assert done.returncode == 2 and "http(s) URL" in done.stderr
