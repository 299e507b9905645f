"""The analysis cache: warm runs skip analysing unchanged files, and never change a byte of the result.

Most tests evaluate in-process with ``analyze_source`` wrapped by a counter, so "not
analysed again" is observed rather than inferred from timings; the end-to-end tests run
the real command line cold, warm and with ``--no-cache`` and compare the JSON byte for byte.
"""

from __future__ import annotations

import io
import json
import os
import re
import threading
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from portfolio_audit import analysis_cache as AC
from portfolio_audit import cache_files as CF
from portfolio_audit import app, engine
from portfolio_audit.analysis.source import analyze as analyser
from portfolio_audit.context import RepoContext
from portfolio_audit.engine import evaluate_snapshot
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec
from portfolio_audit.render import FORMATS
from portfolio_audit.snapshot import Snapshot

from .helpers import run_cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "portfolio"
TOKEN = "ghp_analysiscachetesttoken0000000000000000"
# Imported before any test wraps it, so tests can compare with a fresh analysis without counting it.
ANALYZE = analyser.analyze_source
# The wall-clock time a collection ran is the one field two audits of the same folder may differ in.
COLLECTED_AT = re.compile(r'"collected_at": "[^"]*"')

README = ("# Tally {n}\n\nTally is a command-line tool for book clubs that tracks who read what, "
          "so the next pick is one nobody has read.\n\n## Install\n\n```bash\npip install tally\n```\n")
SOURCE = '''"""Suggest books for a club."""


def suggest(readers, books):
    """The first book nobody in ``readers`` has read yet; None when every book was read."""
    # Clubs are small, so a linear scan beats building an index ({n}).
    for book in books:
        if not any(book in reader.read for reader in readers):
            return book
    return None


# print(suggest([], []))
def helper_{n}(value):
    # add one
    return value + 1
'''
SCRIPT = "// TODO: handle errors ({n})\nfunction load(path) {{\n  return fetch(path); // because the API is remote\n}}\n"


def spec(n: int) -> dict:
    """Repository ``n``: a README and three source files, two of them unique to ``n``."""
    return {"readme": README.format(n=n),
            "files": {f"tally/core_{n}.py": SOURCE.format(n=n), "web/load.js": SCRIPT.format(n=n),
                      "tally/util.py": SOURCE.format(n=0)}}


def snapshot_of(*specs) -> Snapshot:
    """A local-folder snapshot of these repositories, named r0, r1, ... in order."""
    return Snapshot(collected_at=FIXTURE_COLLECTED_AT, source={"kind": "local", "paths": []},
                    repos=tuple(repo_from_spec(s, name=f"r{i}") for i, s in enumerate(specs)))


@pytest.fixture
def analysed(monkeypatch):
    """Paths passed to analyze_source in this process, in call order."""
    calls = []

    def counting(path, text, language=None):
        calls.append(path)
        return ANALYZE(path, text, language)

    monkeypatch.setattr(analyser, "analyze_source", counting)
    return calls


def result_json(snapshot, catalogue, cache=None) -> str:
    """The canonical JSON text of evaluating ``snapshot``, the bytes a user would get."""
    return FORMATS["json"](evaluate_snapshot(snapshot, catalogue, analysis_cache=cache))


def packs(folder: Path) -> list:
    """The analysis packs in ``folder``, sorted by name."""
    return sorted(folder.glob(f"*{AC.PACK_SUFFIX}"))


# --- where the cache lives -------------------------------------------------------------------

def test_the_default_folder_is_analysis_in_the_http_cache_folder_and_tests_never_touch_the_real_one():
    from portfolio_audit.cache_files import default_cache_dir

    assert AC.default_directory() == default_cache_dir() / "analysis"
    assert AC.directory_for("~/somewhere") == Path("~/somewhere").expanduser() / "analysis"
    # conftest points the user cache folder at a temporary one for the whole session.
    assert Path(os.environ["XDG_CACHE_HOME"]) in AC.default_directory().parents


# --- hits, misses and exactness --------------------------------------------------------------

def test_a_warm_run_analyses_nothing_and_gives_the_same_result(catalogue, tmp_path, analysed):
    snapshot = snapshot_of(spec(1), spec(2), spec(3))
    uncached = result_json(snapshot, catalogue)
    analysed.clear()
    cold = result_json(snapshot, catalogue, AC.AnalysisCache(tmp_path))
    assert sorted(analysed) == sorted(f.path for r in snapshot.repos for f in r.files if f.kind == "source")
    assert len(packs(tmp_path)) == 3
    analysed.clear()
    warm = result_json(snapshot, catalogue, AC.AnalysisCache(tmp_path))
    assert analysed == []
    assert warm == cold == uncached
    assert '"comments/' in warm  # the comment rules really ran on the cached analyses


def test_a_changed_file_re_analyses_its_repository_only(catalogue, tmp_path, analysed):
    first = snapshot_of(spec(1), spec(2), spec(3))
    result_json(first, catalogue, AC.AnalysisCache(tmp_path))
    changed = spec(2)
    changed["files"]["web/load.js"] += "// Retried by the caller, so no retry here.\n"
    second = snapshot_of(spec(1), changed, spec(3))
    analysed.clear()
    warm = result_json(second, catalogue, AC.AnalysisCache(tmp_path))
    assert sorted(analysed) == sorted(changed["files"])  # r1 only, all of its source files
    assert warm == result_json(second, catalogue)
    assert len(packs(tmp_path)) == 4  # a new pack beside the old one, which ages out


def test_a_renamed_file_or_another_language_is_a_miss(catalogue, tmp_path, analysed):
    repo = repo_from_spec(spec(1), name="r0")
    ctx = RepoContext(repo, FIXTURE_COLLECTED_AT, analysis_cache=AC.AnalysisCache(tmp_path))
    entry = next(f for f in repo.files if f.path.endswith(".js"))
    ctx.source(entry)
    ctx.save_analyses()
    analysed.clear()
    renamed = replace(entry, path="web/other.js")
    relabelled = replace(entry, language="typescript")
    fresh = RepoContext(repo, FIXTURE_COLLECTED_AT, analysis_cache=AC.AnalysisCache(tmp_path))
    assert fresh.source(entry) == ANALYZE(entry.path, entry.text, entry.language)
    fresh.source(renamed)
    fresh.source(relabelled)  # same path as `entry`: memoised by path for this run, as before the cache
    assert analysed == ["web/other.js"]
    other = RepoContext(repo, FIXTURE_COLLECTED_AT, analysis_cache=AC.AnalysisCache(tmp_path))
    analysed.clear()
    assert other.source(relabelled).language == "typescript"
    assert analysed == [entry.path]


def test_an_entry_other_than_the_source_files_is_cached_under_its_own_text(catalogue, tmp_path, analysed):
    repo = repo_from_spec(spec(1), name="r0")
    readme = next(f for f in repo.files if f.kind == "readme")
    for expected_calls in (["README.md"], []):
        ctx = RepoContext(repo, FIXTURE_COLLECTED_AT, analysis_cache=AC.AnalysisCache(tmp_path))
        analysed.clear()
        ctx.source(readme)
        ctx.save_analyses()
        assert analysed == expected_calls
    edited = replace(readme, text=readme.text + "\nMore.\n")
    ctx = RepoContext(repo, FIXTURE_COLLECTED_AT, analysis_cache=AC.AnalysisCache(tmp_path))
    analysed.clear()
    assert ctx.source(edited).total_lines == ANALYZE("README.md", edited.text, "markdown").total_lines
    assert analysed == ["README.md"]


def test_another_analyser_misses_every_pack(catalogue, tmp_path, analysed):
    snapshot = snapshot_of(spec(1), spec(2))
    cold = result_json(snapshot, catalogue, AC.AnalysisCache(tmp_path))
    edited = AC.AnalysisCache(tmp_path)
    edited.analyser = "0" * 64  # what an edit to the analyser (or a module it imports) does
    analysed.clear()
    assert result_json(snapshot, catalogue, edited) == cold
    assert len(analysed) == 6
    assert len(packs(tmp_path)) == 4


def test_the_analyser_digest_covers_the_module_and_what_it_imports_from_the_package(monkeypatch, tmp_path):
    found = AC._package_imports(
        "portfolio_audit.analysis.comments", Path("comments.py"),
        b"import os\nimport portfolio_audit.rules\nfrom ..snapshot import FileEntry\n"
        b"from . import markdown\nfrom .language import language_for\nfrom re import compile\n")
    assert found == {"portfolio_audit.rules", "portfolio_audit.snapshot", "portfolio_audit.analysis",
                     "portfolio_audit.analysis.markdown", "portfolio_audit.analysis.language"}

    before = AC.analyser_digest()
    assert before and before == AC.analyser_digest()
    copy = tmp_path / "comments.py"
    copy.write_bytes(Path(analyser.__file__).read_bytes() + b"\n# one more comment\n")
    real = AC._module_file
    monkeypatch.setattr(AC, "_module_file", lambda name: copy if name == analyser.__name__ else real(name))
    assert AC.analyser_digest() != before
    # An imported module counts too: make the copy import one and change that module's bytes.
    helper = tmp_path / "helper.py"
    helper.write_text("VALUE = 1\n")
    copy.write_bytes(copy.read_bytes() + b"from . import helper\n")
    monkeypatch.setattr(AC, "_module_file", lambda name: {analyser.__name__: copy,
                                                          "portfolio_audit.analysis.source.helper": helper}.get(name)
                        or real(name))
    with_helper = AC.analyser_digest()
    helper.write_text("VALUE = 2\n")
    assert AC.analyser_digest() != with_helper
    # Without the analyser's source nothing can vouch for a pack: the cache turns itself off.
    monkeypatch.setattr(AC, "_module_file", lambda name: None)
    assert AC.analyser_digest() is None
    assert AC.open_cache(str(tmp_path / "c")) is None


def test_round_trip_keeps_every_type_and_odd_text(tmp_path):
    texts = {
        "a.py": '"""Doc."""\n# caf\udce9 \u2014 lone surrogate and a dash\nx = 1  # because\n<<<<<<< HEAD\n',
        "b.go": "// Package b does things.\npackage b\n\n// Run runs.\nfunc Run() {}\n",
        "c.txt": "plain text\n\n",
        "d.rs": "/* unterminated",
    }
    analyses = {(path, None, AC.text_digest(text)): analyser.analyze_source(path, text) for path, text in texts.items()}
    cache = AC.AnalysisCache(tmp_path)
    key = cache.pack_key(analyses)
    assert cache.store(key, analyses)
    loaded = cache.load(key)
    assert loaded == analyses
    for original in analyses.values():
        copy = loaded[(original.path, None, AC.text_digest(texts[original.path]))]
        assert repr(copy) == repr(original)
        assert type(copy.comments) is tuple and type(copy.definitions) is tuple
        assert type(copy.conflict_markers) is tuple and type(copy.counts) is dict
        assert list(copy.counts) == list(original.counts)  # key order too
        assert all(type(c) is analyser.Comment for c in copy.comments)


def test_an_analysis_that_json_cannot_keep_exactly_is_not_cached(tmp_path):
    odd = replace(analyser.analyze_source("a.py", "x = 1\n"), counts={1: 2})
    assert AC.encode_analysis(odd) is None
    listy = replace(analyser.analyze_source("a.py", "x = 1\n"), conflict_markers=[3])
    assert AC.encode_analysis(listy) is None
    cache = AC.AnalysisCache(tmp_path)
    assert not cache.store("k" * 64, {("a.py", None, "0"): odd})
    assert packs(tmp_path) == []


# --- damage and trouble ------------------------------------------------------------------------

def test_damaged_truncated_and_foreign_packs_are_misses_and_are_rewritten(catalogue, tmp_path, analysed):
    snapshot = snapshot_of(spec(1), spec(2), spec(3), spec(4))
    cold = result_json(snapshot, catalogue, AC.AnalysisCache(tmp_path))
    first, second, third, fourth = packs(tmp_path)
    good = first.read_bytes()
    first.write_bytes(good[: len(good) // 2])  # truncated by a full disk
    damaged = bytearray(second.read_bytes())
    damaged[-10] ^= 0xFF
    second.write_bytes(bytes(damaged))  # a flipped bit
    third.write_bytes(good)  # another repository's pack under this name
    fourth.write_bytes(b"not a pack at all")
    analysed.clear()
    assert result_json(snapshot, catalogue, AC.AnalysisCache(tmp_path)) == cold
    assert len(analysed) == 4 * 3
    cache = AC.AnalysisCache(tmp_path)
    for pack in (first, second, third, fourth):
        assert len(cache.load(pack.name[: -len(AC.PACK_SUFFIX)])) == 3  # rewritten whole


def test_a_pack_is_json_behind_a_checksum_never_pickle(catalogue, tmp_path):
    result_json(snapshot_of(spec(1)), catalogue, AC.AnalysisCache(tmp_path))
    (pack,) = packs(tmp_path)
    header, _, body = pack.read_bytes().partition(b"\n")
    assert header.startswith(AC.MAGIC + b" " + AC.CACHE_FORMAT.encode())
    payload = json.loads(zlib.decompress(body))
    assert payload["key"] == pack.name[: -len(AC.PACK_SUFFIX)]
    assert {row[0] for row in payload["files"]} == {"tally/core_1.py", "tally/util.py", "web/load.js"}


def test_an_unusable_cache_folder_costs_a_notice_never_the_run(catalogue, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    notices = []
    # A path below a regular file cannot be created, even by root (CI runs as root).
    assert AC.open_cache(str(blocker / "cache"), notice=notices.append) is None
    assert "not usable" in notices[0] and "running without it" in notices[0]
    done = run_cli("audit", str(EXAMPLES), "-f", "json", "--cache-dir", str(blocker / "cache"))
    assert done.returncode == 0, done.stderr
    assert "analysis cache folder" in done.stderr and json.loads(done.stdout)["counts"]["repos"] == 3


def test_a_cache_that_cannot_be_written_still_gives_the_result_and_stops_trying(catalogue, tmp_path, monkeypatch):
    attempts = []

    def refuse(target, data):
        attempts.append(target)
        raise PermissionError(13, "Permission denied")  # a read-only folder, as root cannot make one

    monkeypatch.setattr(AC, "replace_file", refuse)
    snapshot = snapshot_of(spec(1), spec(2), spec(3))
    cache = AC.AnalysisCache(tmp_path)
    assert result_json(snapshot, catalogue, cache) == result_json(snapshot, catalogue)
    assert len(attempts) == 1 and not cache.writable
    assert packs(tmp_path) == []


# --- the size bound ------------------------------------------------------------------------------

def test_pruning_drops_unused_packs_then_the_least_recently_used_beyond_the_cap(tmp_path, monkeypatch):
    now = time.time()
    day = CF.SECONDS_PER_DAY
    ages = {"old": AC.MAX_UNUSED_DAYS + 1, "a": 10, "b": 5, "c": 1}
    for name, age in ages.items():
        pack = tmp_path / f"{name}{AC.PACK_SUFFIX}"
        pack.write_bytes(b"x" * 1000)
        os.utime(pack, (now - age * day, now - age * day))
    stale_temp = tmp_path / f"{CF.TEMP_PREFIX}abc"
    stale_temp.write_bytes(b"half")
    os.utime(stale_temp, (now - 2 * CF.STALE_TEMP_SECONDS,) * 2)
    fresh_temp = tmp_path / f"{CF.TEMP_PREFIX}def"  # another run may be writing it now
    fresh_temp.write_bytes(b"half")
    unrelated = tmp_path / "notes.txt"
    unrelated.write_text("not ours")
    os.utime(unrelated, (now - 400 * day,) * 2)
    monkeypatch.setattr(AC, "MAX_TOTAL_BYTES", 2500)
    AC.AnalysisCache(tmp_path)  # prunes on opening
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"b{AC.PACK_SUFFIX}", f"c{AC.PACK_SUFFIX}", fresh_temp.name, "notes.txt"])


def test_a_hit_marks_its_pack_as_used(catalogue, tmp_path):
    snapshot = snapshot_of(spec(1))
    result_json(snapshot, catalogue, AC.AnalysisCache(tmp_path))
    (pack,) = packs(tmp_path)
    long_ago = time.time() - 20 * CF.SECONDS_PER_DAY
    os.utime(pack, (long_ago, long_ago))
    result_json(snapshot, catalogue, AC.AnalysisCache(tmp_path))
    assert pack.stat().st_mtime > time.time() - 60


# --- worker processes ----------------------------------------------------------------------------

def test_forked_workers_write_and_read_packs(catalogue, tmp_path, monkeypatch):
    # Forking is only attempted with no other thread alive; pretend that holds here (as test_engine does).
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    count = engine.MIN_REPOS_FOR_WORKERS + 2
    if engine._worker_count(count) < 2:
        pytest.skip("one core (or no fork): the engine never starts workers here")
    snapshot = snapshot_of(*(spec(n) for n in range(count)))
    writers = tmp_path / "writers"
    writers.mkdir()
    real_store = AC.AnalysisCache.store

    def store_and_sign(self, key, analyses):
        (writers / str(os.getpid())).touch()
        return real_store(self, key, analyses)

    monkeypatch.setattr(AC.AnalysisCache, "store", store_and_sign)
    folder = tmp_path / "cache"
    cold = result_json(snapshot, catalogue, AC.AnalysisCache(folder))
    assert len(packs(folder)) == count
    assert {int(p.name) for p in writers.iterdir()} - {os.getpid()}, "no worker process wrote a pack"

    def must_not_run(path, text, language=None):
        raise AssertionError(f"{path} analysed again")  # a rule error would change the result

    monkeypatch.setattr(analyser, "analyze_source", must_not_run)
    assert result_json(snapshot, catalogue, AC.AnalysisCache(folder)) == cold
    monkeypatch.setattr(engine, "MIN_REPOS_FOR_WORKERS", 10**6)
    assert result_json(snapshot, catalogue, AC.AnalysisCache(folder)) == cold


# --- the command line: local folders, snapshots, GitHub ------------------------------------------

def test_local_audit_is_byte_identical_cold_warm_and_without_cache(tmp_path):
    cache, unused = tmp_path / "cache", tmp_path / "unused"
    snapshot = tmp_path / "snapshot.json"
    assert run_cli("collect", str(EXAMPLES), "-o", str(snapshot), "-q").returncode == 0
    audits, evaluations = {}, {}
    for label, options in (("cold", ["--cache-dir", str(cache)]), ("warm", ["--cache-dir", str(cache)]),
                           ("off", ["--no-cache", "--cache-dir", str(unused)])):
        done = run_cli("audit", str(EXAMPLES), "-f", "json", *options)
        assert done.returncode == 0, done.stderr
        audits[label] = COLLECTED_AT.sub("", done.stdout)
        if label == "cold":
            assert len(packs(cache / "analysis")) == 3
        # `evaluate` in-process: a saved snapshot has one collected_at, so the bytes must match exactly.
        out = io.StringIO()
        code = app.run_evaluate(str(snapshot), "-", None, True, stdout=out, cache_dir=str(cache if label != "off" else unused),
                                use_cache=label != "off")
        assert code == 0
        evaluations[label] = out.getvalue()
    assert audits["cold"] == audits["warm"] == audits["off"]
    assert evaluations["cold"] == evaluations["warm"] == evaluations["off"]
    assert len(packs(cache / "analysis")) == 3  # the snapshot's files are the folders' files: same packs
    assert not unused.exists()  # --no-cache wrote nothing


def test_no_cache_writes_nothing_even_in_the_default_folder(tmp_path):
    default = AC.default_directory()
    before = sorted(default.iterdir()) if default.exists() else []
    done = run_cli("audit", str(EXAMPLES), "-f", "json", "--no-cache")
    assert done.returncode == 0, done.stderr
    assert (sorted(default.iterdir()) if default.exists() else []) == before


def test_github_audit_is_identical_cold_warm_and_without_cache(github, tmp_path):
    cache = tmp_path / "cache"
    common = ("audit", f"github:{github.world.person}", "--api-url", github.base_url, "-f", "json")
    env = {"GITHUB_TOKEN": TOKEN}
    cold = run_cli(*common, "--cache-dir", str(cache), env=env)
    assert cold.returncode == 0, cold.stderr
    written = {p: p.stat().st_mtime_ns for p in (cache / "analysis").iterdir()}
    assert written
    warm = run_cli(*common, "--cache-dir", str(cache), env=env)
    off = run_cli(*common, "--no-cache", env=env)
    assert warm.returncode == off.returncode == 0, warm.stderr + off.stderr
    assert COLLECTED_AT.sub("", cold.stdout) == COLLECTED_AT.sub("", warm.stdout) == COLLECTED_AT.sub("", off.stdout)
    # The warm run found every pack and wrote none.
    assert {p: p.stat().st_mtime_ns for p in (cache / "analysis").iterdir()} == written


def test_screen_and_the_action_keep_analyses_in_their_cache_folder(github, tmp_path):
    env = {"GITHUB_TOKEN": TOKEN}
    screened = run_cli("screen", github.world.person, "--api-url", github.base_url, "--max-repos", "2", "-f", "json",
                       "-o", str(tmp_path / "screen.json"), "--cache-dir", str(tmp_path / "screen-cache"), "-q", env=env)
    assert screened.returncode == 0, screened.stderr
    assert packs(tmp_path / "screen-cache" / "analysis")
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    acted = run_cli("action", "--handle", github.world.person, "--api-url", github.base_url, "--max-repos", "2",
                    "--workspace", str(workspace), "-q",
                    env=dict(env, PORTFOLIO_AUDIT_CACHE_DIR=str(tmp_path / "action-cache")))
    assert acted.returncode == 0, acted.stderr
    assert packs(tmp_path / "action-cache" / "analysis")


def test_the_code_digest_memo_gives_the_walked_digest_and_walks_again_for_other_sources(tmp_path, monkeypatch):
    from portfolio_audit import analysis_cache as ac
    from portfolio_audit.document_cache import DOCUMENT_ANALYSERS

    walked = ac.modules_digest(DOCUMENT_ANALYSERS)
    cache = ac.AnalysisCache(tmp_path)
    assert ac.modules_digest(DOCUMENT_ANALYSERS, cache) == walked  # walked, then kept
    assert (tmp_path / ac.CODE_DIGESTS_FILE).is_file()
    calls = []
    monkeypatch.setattr(ac, "_walked_digest", lambda roots: calls.append(roots) or "walked again")
    assert ac.modules_digest(DOCUMENT_ANALYSERS, cache) == walked and not calls  # reused
    monkeypatch.setattr(ac, "_package_sources_key", lambda roots: "other sources")
    assert ac.modules_digest(DOCUMENT_ANALYSERS, cache) == "walked again" and len(calls) == 1
    (tmp_path / ac.CODE_DIGESTS_FILE).write_text("[damaged")
    assert ac.modules_digest(DOCUMENT_ANALYSERS, cache) == "walked again" and len(calls) == 2


def test_the_package_sources_key_changes_with_any_source_byte_or_file(tmp_path, monkeypatch):
    import sys
    import types

    from portfolio_audit import analysis_cache as ac

    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "mod.py").write_text("from . import x\n")
    fake = types.ModuleType(ac.PACKAGE)
    fake.__file__ = str(package / "__init__.py")
    monkeypatch.setitem(sys.modules, ac.PACKAGE, fake)
    first = ac._package_sources_key(("a",))
    assert first == ac._package_sources_key(("a",)) and first != ac._package_sources_key(("b",))
    (package / "sub" / "mod.py").write_text("from . import y\n")
    second = ac._package_sources_key(("a",))
    (package / "sub" / "x.py").write_text("")  # a new module can turn an imported name into a submodule
    third = ac._package_sources_key(("a",))
    assert len({first, second, third}) == 3
