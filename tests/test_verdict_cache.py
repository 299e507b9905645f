"""Provenance verdicts are kept between runs (verdict_cache.py): a warm run judges nothing unchanged and gives the same files."""

from __future__ import annotations

import os
import re
import zlib

import pytest

from portfolio_audit import analysis_cache as AC
from portfolio_audit import verdict_cache as VC
from portfolio_audit.collect import origins as origins_module
from portfolio_audit.collect.local import collect_local
from portfolio_audit.collect.origins import attach_origins
from portfolio_audit.snapshot import FileEntry

from .helpers import make_repo, run_cli
from .test_origins import VENDORED_TREE

COLLECTED_AT = re.compile(r'"collected_at": "[^"]*"')


@pytest.fixture
def judged(monkeypatch):
    """Paths provenance_of judged, in call order."""
    calls = []
    real = origins_module.provenance_of

    def counted(path, content, facts=None, index=None):
        calls.append(path)
        return real(path, content, facts, index)

    monkeypatch.setattr(origins_module, "provenance_of", counted)
    return calls


def packs(folder) -> list:
    return sorted(folder.glob(f"*{VC.VERDICT_PACK_SUFFIX}"))


def verdicts(folder) -> VC.VerdictPacks:
    found = VC.verdicts_for(AC.AnalysisCache(folder))
    assert found is not None
    return found


def collected(root, cache_folder=None):
    packs_ = verdicts(cache_folder) if cache_folder is not None else None
    snapshot = collect_local([root], collected_at="2026-12-01T00:00:00Z", verdicts=packs_)
    return snapshot.repos


def entry(path: str, text: str, kind: str = "source") -> FileEntry:
    return FileEntry(path=path, kind=kind, language=None, size=len(text), text=text)


def test_a_warm_collection_judges_nothing_and_keeps_every_origin(tmp_path, judged):
    root = make_repo(tmp_path / "shopfront", VENDORED_TREE)
    uncached = collected(root)
    judged.clear()
    cold = collected(root, tmp_path / "cache")
    assert judged  # the cold run did the work
    assert len(packs(tmp_path / "cache")) == 1
    judged.clear()
    warm = collected(root, tmp_path / "cache")
    assert judged == []
    assert warm == cold == uncached
    origins = {e.path: e.origin for e in warm[0].files}
    assert origins["assets/plugins/validate/README.md"] == "third-party-docs"  # the package folder's verdict, kept


def test_an_edited_file_is_judged_again_alone(tmp_path, judged):
    files = (entry("README.md", "# Tool\n\nMine.\n", "readme"), entry("src/a.py", "x = 1\n"), entry("src/b.py", "y = 2\n"))
    paths = [f.path for f in files]
    attach_origins(files, paths, "tool", verdicts(tmp_path))
    judged.clear()
    edited = (files[0], entry("src/a.py", "/* jQuery v3.7.1 | (c) OpenJS Foundation */\nx = 1\n"), files[2])
    again = attach_origins(edited, paths, "tool", verdicts(tmp_path))
    assert judged == ["src/a.py"]
    assert again == attach_origins(edited, paths, "tool")
    judged.clear()
    assert attach_origins(edited, paths, "tool", verdicts(tmp_path)) == again
    assert judged == []  # the pack was rewritten with the edited file's verdict


def test_the_repositorys_paths_and_names_address_the_pack(tmp_path, judged):
    """Whether a folder is a copied package depends on the other paths: a verdict is never reused across them."""
    files = (entry("lib/validate/extra.js", "(function(){ /* rules */ })();\n"),)
    without_licence = ["lib/validate/extra.js", "lib/validate/jquery.validate.js"]
    alone = attach_origins(files, without_licence, "tool", verdicts(tmp_path))
    with_licence = [*without_licence, "lib/validate/LICENSE.md"]
    judged.clear()
    beside = attach_origins(files, with_licence, "tool", verdicts(tmp_path))
    assert judged == ["lib/validate/extra.js"]
    assert beside == attach_origins(files, with_licence, "tool")
    assert (alone[0].origin, beside[0].origin) == ("own", "vendored")
    judged.clear()
    attach_origins(files, without_licence, "validate", verdicts(tmp_path))
    assert judged == ["lib/validate/extra.js"]  # another project name: another pack
    assert len(packs(tmp_path)) == 3


def test_a_damaged_foreign_or_ill_typed_pack_is_a_miss_and_is_rewritten(tmp_path, judged):
    files = (entry("src/a.py", "x = 1\n"), entry("README.md", "# Tool\n\nMine.\n", "readme"))
    paths = [f.path for f in files]
    expected = attach_origins(files, paths, "tool", verdicts(tmp_path))
    (pack,) = packs(tmp_path)
    good = pack.read_bytes()
    header, _, body = good.partition(b"\n")

    def signed(payload: bytes) -> bytes:
        compressed = zlib.compress(payload)
        return AC.pack_header(VC.VERDICT_PACK_KIND, VC.VERDICT_FORMAT, compressed) + b"\n" + compressed

    key = pack.name.removesuffix(VC.VERDICT_PACK_SUFFIX)
    code = verdicts(tmp_path).code
    ill_typed = (f'{{"format":"1","key":"{key}","code":"{code}",'
                 '"verdicts":[["src/a.py","d","owned by nobody","",[]]]}').encode()
    for damaged in (good[: len(good) // 2], b"not a pack", header + b"\n" + zlib.compress(b"{}"),
                    AC.MAGIC + b" verdicts 1 " + b"0" * 64 + b"\n" + body,
                    signed(b'{"format":"1","key":"another","code":"x","verdicts":[]}'), signed(ill_typed)):
        pack.write_bytes(damaged)
        judged.clear()
        assert attach_origins(files, paths, "tool", verdicts(tmp_path)) == expected
        assert sorted(judged) == sorted(paths)
        assert pack.read_bytes() == good


def test_reasons_come_back_exactly_whatever_a_stranger_wrote(tmp_path):
    """A reason quotes the repository's own names: markup and odd characters survive the round trip."""
    folder = 'lib/<b>w\u00efdget</b> "\u2028"'
    files = (entry(f"{folder}/extra.js", "(function(){})();\n"),)
    paths = [f"{folder}/extra.js", f"{folder}/jquery.validate.js", f"{folder}/LICENSE"]
    cold = attach_origins(files, paths, "tool", verdicts(tmp_path))
    warm = attach_origins(files, paths, "tool", verdicts(tmp_path))
    assert warm == cold == attach_origins(files, paths, "tool")
    assert folder in warm[0].origin_reason


def test_a_folder_that_cannot_be_written_only_costs_speed(tmp_path, judged):
    files = (entry("src/a.py", "x = 1\n"),)
    packs_ = verdicts(tmp_path)
    packs_.cache.writable = False
    assert attach_origins(files, ["src/a.py"], "tool", packs_) == attach_origins(files, ["src/a.py"], "tool")
    assert packs(tmp_path) == []


def test_pruning_counts_verdict_packs_too(tmp_path):
    attach_origins((entry("src/a.py", "x = 1\n"),), ["src/a.py"], "tool", verdicts(tmp_path))
    (pack,) = packs(tmp_path)
    old = 1_000_000.0
    os.utime(pack, (old, old))
    AC.AnalysisCache(tmp_path, prune=False).prune(now=old + (AC.MAX_UNUSED_DAYS + 1) * 86400)
    assert packs(tmp_path) == []


def test_the_command_line_keeps_verdicts_and_gives_the_same_bytes(tmp_path):
    make_repo(tmp_path / "projects" / "shopfront", VENDORED_TREE)
    outputs = []
    for flags in (["--no-cache"], ["--cache-dir", str(tmp_path / "cache")], ["--cache-dir", str(tmp_path / "cache")]):
        done = run_cli("audit", str(tmp_path / "projects"), "-f", "json", "-q", *flags)
        assert done.returncode == 0, done.stderr
        outputs.append(COLLECTED_AT.sub("", done.stdout))
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(packs(tmp_path / "cache" / "analysis")) == 1
