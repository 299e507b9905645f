"""Hostile archives and checkouts: nothing written anywhere, memory bounded, every skip reported.

tests/test_collect_github.py covers the archive reader's unit cases (traversal names,
links, devices, small caps). Here the inputs are full-sized: a real 100 MB member, a
gzip bomb, binaries named .py, invalid UTF-8 and NUL bytes, links that point out of the
tree, a FIFO; through the archive reader and through the whole command line on a
checkout. More files than the file cap are tested against a small cap (the same code);
``python -m benchmarks.hardening_times`` times all of these, and 50,000 files against the real cap.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import os
import tarfile
import tracemalloc
import zlib
from pathlib import Path

import pytest

from portfolio_audit.analysis_cache import CODE_DIGESTS_FILE, DOCUMENT_PACK_SUFFIX, PACK_SUFFIX, VERDICT_PACK_SUFFIX
from portfolio_audit.collect import local as local_collector
from portfolio_audit.collect.archive import MAX_EXPANDED_BYTES, ArchiveError, ArchiveLimits, read_tarball
from portfolio_audit.collect.classify import MAX_FILE_BYTES
from portfolio_audit.collect.local import collect_repo

from ..helpers import make_repo, run_cli

MEGABYTE = 1024 * 1024
PREFIX = "owner-repo-0123456"
# Bounds the suite asserts (generous for a 2-core CI machine).
MAX_PEAK_PYTHON_MEMORY = 64 * MEGABYTE
# More files than a cap this small exercises the same code as 50,000 against the real one.
SMALL_FILE_CAP = 300
MANY_FILES = 2 * SMALL_FILE_CAP + 17
SECRET = "outside-the-tree-SECRET-7f3a"


class _Zeros(io.RawIOBase):
    """``size`` zero bytes, produced on demand so building a 100 MB archive costs no 100 MB of memory."""

    def __init__(self, size: int):
        self.left = size

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.left)
        buffer[:count] = b"\0" * count
        self.left -= count
        return count


def tarball(members: list) -> bytes:
    """A gzip'd tar of (name, kind, payload) members under one top folder, as GitHub sends them."""
    raw = io.BytesIO()
    with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1) as zipped:
        with tarfile.open(fileobj=zipped, mode="w|", format=tarfile.PAX_FORMAT) as archive:
            for name, kind, payload in members:
                info = tarfile.TarInfo(name if name.startswith(("/", "..", "@")) else f"{PREFIX}/{name}")
                info.name = info.name.lstrip("@")
                if kind == "file":
                    info.size = len(payload)
                    archive.addfile(info, io.BytesIO(payload))
                elif kind == "zeros":
                    info.size = payload
                    archive.addfile(info, io.BufferedReader(_Zeros(payload), 1 << 20))
                elif kind == "symlink":
                    info.type, info.linkname = tarfile.SYMTYPE, payload
                    archive.addfile(info)
                elif kind == "hardlink":
                    info.type, info.linkname = tarfile.LNKTYPE, payload
                    archive.addfile(info)
    return raw.getvalue()


def measured(function, *args):
    """(result, peak bytes Python allocated)."""
    tracemalloc.start()
    try:
        result = function(*args)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, peak


def test_archive_reader_writes_nothing_and_skips_every_hostile_member(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    members = [
        ("README.md", "file", b"# Project\n\nA tool.\n"),
        ("../escape.py", "file", b"x = 1\n"),
        ("../../etc/cron.d/evil.py", "file", b"x = 1\n"),
        ("/tmp/absolute.py", "file", b"x = 1\n"),
        (f"@{PREFIX}/src/../../../up.py", "file", b"x = 1\n"),
        ("C:\\windows.py", "file", b"x = 1\n"),
        ("src/passwd.py", "symlink", "/etc/passwd"),
        ("src/up.py", "symlink", "../../../outside.py"),
        ("src/hard.py", "hardlink", "/etc/shadow"),
        ("src/binary.py", "file", b"\x7fELF\x02\x01\x01\0\0\0" + os.urandom(2000)),
        ("src/latin.py", "file", "# caf\xe9 = 1\n".encode("latin-1") + b"\xff\xfe\xfa\n"),
        ("docs/nul.md", "file", b"# Title\n\nText\0with a NUL.\n"),
        ("src/fine.py", "file", b'"""Fine."""\nVALUE = 1\n'),
    ]
    files, skipped, _ = read_tarball(tarball(members))
    assert list(tmp_path.iterdir()) == []  # nothing extracted, here or above
    assert not Path("/tmp/absolute.py").exists() and not (tmp_path.parent / "escape.py").exists()
    kept = {f.path: f for f in files}
    assert set(kept) == {"README.md", "src/fine.py", "src/latin.py"}
    assert "café" in kept["src/latin.py"].text  # invalid UTF-8 is decoded, never a crash
    reasons = {s.path: s.reason for s in skipped}
    assert reasons["src/passwd.py"] == reasons["src/up.py"] == "symbolic link"
    assert reasons["src/hard.py"] == "hard link"
    assert reasons["src/binary.py"] == reasons["docs/nul.md"] == "binary"
    assert sum("unsafe path" in reason for reason in reasons.values()) == 5


def test_a_100_mb_member_is_skipped_in_bounded_memory():
    data = tarball([("README.md", "file", b"# Big\n"), ("src/huge.py", "zeros", 100 * MEGABYTE),
                    ("src/ok.py", "file", b"x = 1\n")])
    assert len(data) < 2 * MEGABYTE
    (files, skipped, _), peak = measured(read_tarball, data)
    assert [f.path for f in files] == ["README.md", "src/ok.py"]
    assert skipped[0].path == "src/huge.py" and skipped[0].reason.startswith("too large")
    assert peak < MAX_PEAK_PYTHON_MEMORY, f"{peak / MEGABYTE:.0f} MiB"


def test_a_decompression_bomb_stops_at_the_expansion_cap():
    """Hundreds of members just under the file cap: each is read, so the declared total must stop them."""
    count = MAX_EXPANDED_BYTES // MAX_FILE_BYTES + 8
    zeros = b"\0" * (MAX_FILE_BYTES - 1)
    data = tarball([(f"bomb/{i}.py", "file", zeros) for i in range(count)])
    assert len(data) < 4 * MEGABYTE  # over 512 MiB of content in a few MiB on the wire
    error, peak = measured(lambda: pytest.raises(ArchiveError, read_tarball, data))
    # Every member was read and judged binary on the way: none of them is held in memory.
    assert peak < MAX_PEAK_PYTHON_MEMORY, f"{peak / MEGABYTE:.0f} MiB"
    assert "expands beyond" in str(error.value)


def test_an_archive_of_more_files_than_the_cap_keeps_the_cap_and_lists_the_rest():
    data = tarball([(f"src/m{i:05d}.py", "file", b"VALUE = 1\n") for i in range(MANY_FILES)])
    (files, skipped, _), peak = measured(read_tarball, data, ArchiveLimits(max_files=SMALL_FILE_CAP))
    assert len(files) == SMALL_FILE_CAP
    assert len(files) + len(skipped) == MANY_FILES
    assert all(s.reason.startswith("file limit reached") for s in skipped)
    assert peak < 4 * MAX_PEAK_PYTHON_MEMORY


def default_directory_under(cache_home: Path) -> Path:
    """Where a run whose XDG_CACHE_HOME is ``cache_home`` keeps analysis packs (Linux's layout)."""
    return cache_home / "portfolio-audit" / "github" / "analysis"


@pytest.mark.parametrize("as_git", [False, True], ids=["plain-folder", "git-checkout"])
def test_a_hostile_checkout_through_the_command_line(tmp_path, as_git):
    """Links out of the tree, a FIFO, binaries and bad encodings: the report lists them, reads nothing outside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text(f"TOKEN = '{SECRET}'\n", encoding="utf-8")
    (outside / "README.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    root = tmp_path / "project"
    (root / "src").mkdir(parents=True)
    (root / "README.md").write_text("# Project\n\nA tool for people who read reports.\n", encoding="utf-8")
    (root / "src" / "app.py").write_text('"""App."""\nVALUE = 1\n', encoding="utf-8")
    (root / "src" / "link.py").symlink_to(outside / "secret.py")
    (root / "docs").symlink_to(outside, target_is_directory=True)
    (root / "src" / "loop").symlink_to(root / "src", target_is_directory=True)
    (root / "src" / "binary.py").write_bytes(b"\0\1\2" * 1000)
    (root / "src" / "bad_utf8.py").write_bytes(b"# \xff\xfe bad bytes\nX = 1\n")
    (root / "src" / "nul.py").write_bytes(b"X = 1\n\0\n")
    (root / "src" / "huge.py").write_bytes(b"x = 1\n" * (MAX_FILE_BYTES // 6 + 10))
    if as_git:
        make_repo(root, {})  # commits everything above, symbolic links as links
    else:
        os.mkfifo(root / "src" / "pipe.py")  # git cannot track a FIFO; a plain folder can hold one
    home = tmp_path / "home"
    home.mkdir()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if not p.is_symlink())
    done = run_cli("audit", str(root), "-f", "json", cwd=home,
                   env={"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache")})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and SECRET not in done.stdout and SECRET not in done.stderr
    cache = home / "cache"
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")
                   if not p.is_symlink() and cache not in p.parents and p != cache)
    assert after == before  # a local audit writes nothing but its cache when the report goes to stdout
    # ... and the cache holds only source and document analyses and provenance verdicts of files
    # inside the tree, and the digests of the tool's own code (hex strings only).
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert all(p.parent == default_directory_under(cache) for p in files)
    cached = [p for p in files if p.suffix in (PACK_SUFFIX, DOCUMENT_PACK_SUFFIX, VERDICT_PACK_SUFFIX)]
    others = [p for p in files if p not in cached]
    assert cached and [p.name for p in others] in ([], [CODE_DIGESTS_FILE])
    assert all(re.fullmatch(r"[0-9a-f]{64}", k) and re.fullmatch(r"[0-9a-f]{64}", v)
               for p in others for k, v in json.loads(p.read_text()).items())
    assert not any(SECRET.encode() in zlib.decompress(p.read_bytes().partition(b"\n")[2]) for p in cached)
    repo = json.loads(done.stdout)["repos"][0]
    reasons = {s["path"]: s["reason"] for s in repo["skipped_files"]}
    assert reasons["src/link.py"] == "symbolic link"
    assert reasons["src/binary.py"] == "binary" and reasons["src/nul.py"] == "binary"
    assert reasons["src/huge.py"].startswith("too large")
    if not as_git:
        assert reasons["src/pipe.py"] == "not a regular file"
    assert repo["status"] != "not_collected"


def test_a_plain_folder_of_more_files_than_the_cap_keeps_the_cap_and_lists_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(local_collector, "MAX_FILES_PER_REPO", SMALL_FILE_CAP)
    root = tmp_path / "big"
    (root / "src").mkdir(parents=True)
    (root / "README.md").write_text("# Big\n\nMany files.\n", encoding="utf-8")
    for index in range(MANY_FILES):
        (root / "src" / f"m{index:05d}.py").write_bytes(b"VALUE = 1\n")
    repo, peak = measured(collect_repo, root)
    assert len(repo.files) == SMALL_FILE_CAP
    assert len(repo.skipped) == MANY_FILES + 1 - SMALL_FILE_CAP
    assert all(s.reason == f"file limit reached ({SMALL_FILE_CAP} files per repository)" for s in repo.skipped)
    assert peak < MAX_PEAK_PYTHON_MEMORY
