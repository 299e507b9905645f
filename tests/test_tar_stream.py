"""The fast tar reader gives exactly what tarfile gives: on the archives git archive writes, and on damaged or odd ones."""

from __future__ import annotations

import gzip
import io
import random
import tarfile

import pytest

from portfolio_audit.collect import archive
from portfolio_audit.collect.archive import ArchiveError, ArchiveLimits, read_tarball
from portfolio_audit.collect.tar_stream import FastTar, Unsupported

PREFIX = "owner-repo-0123456"
SHA = "0123456789abcdef0123456789abcdef01234567"


def _archive(members, tar_format=tarfile.PAX_FORMAT, global_comment=True, gzip_name=None) -> bytes:
    raw = io.BytesIO()
    with gzip.GzipFile(filename=gzip_name or "", fileobj=raw, mode="wb", compresslevel=6, mtime=0) as zipped:
        headers = {"comment": SHA} if global_comment and tar_format == tarfile.PAX_FORMAT else None
        with tarfile.open(fileobj=zipped, mode="w|", format=tar_format, pax_headers=headers) as out:
            for name, kind, payload in members:
                info = tarfile.TarInfo(name)
                if kind == "file":
                    info.size = len(payload)
                    out.addfile(info, io.BytesIO(payload))
                elif kind == "dir":
                    info.type = tarfile.DIRTYPE
                    out.addfile(info)
                elif kind == "symlink":
                    info.type, info.linkname = tarfile.SYMTYPE, payload
                    out.addfile(info)
                elif kind == "hardlink":
                    info.type, info.linkname = tarfile.LNKTYPE, payload
                    out.addfile(info)
                elif kind == "fifo":
                    info.type = tarfile.FIFOTYPE
                    out.addfile(info)
    return raw.getvalue()


def _repository(count: int = 40) -> list:
    members = [(f"{PREFIX}/", "dir", None), (f"{PREFIX}/README.md", "file", b"# Project\n\nWhy it exists.\n")]
    for index in range(count):
        members.append((f"{PREFIX}/src/module_{index}.py", "file", f"def f{index}():\n    return {index}\n".encode()))
    members += [
        (f"{PREFIX}/docs/" + "long-name-" * 20 + ".md", "file", b"# Long\n"),  # a pax path record
        (f"{PREFIX}/docs/caf\u00e9.md", "file", "# Caf\u00e9\n".encode()),
        (f"{PREFIX}/link.py", "symlink", "../../etc/passwd"),
        (f"{PREFIX}/hard.py", "hardlink", f"{PREFIX}/README.md"),
        (f"{PREFIX}/node_modules/pkg/index.js", "file", b"module.exports = 1;\n"),
        (f"{PREFIX}/bin/tool.py", "file", b"\0\1\2binary"),
        (f"{PREFIX}/../escape.md", "file", b"# no\n"),
        (f"{PREFIX}/pipe.py", "fifo", None),
        (f"{PREFIX}/src/module_1.py", "file", b"duplicate = True\n"),
    ]
    return members


def _both(data: bytes, limits: ArchiveLimits = ArchiveLimits()):
    """(fast outcome, tarfile outcome): each a result tuple, or the error's message."""
    def outcome(read):
        try:
            return read(data, limits)
        except ArchiveError as exc:
            return f"ArchiveError: {exc}"

    def fast(data, limits):
        try:
            return archive._read_fast(data, limits)
        except Unsupported:
            return "unsupported"

    return outcome(fast), outcome(archive._read_with_tarfile)


@pytest.mark.parametrize("tar_format", [tarfile.PAX_FORMAT, tarfile.GNU_FORMAT, tarfile.USTAR_FORMAT])
def test_fast_reader_matches_tarfile_or_steps_aside(tar_format):
    members = _repository()
    if tar_format == tarfile.USTAR_FORMAT:  # ustar cannot hold the long name or the non-ASCII one
        members = [m for m in members if "long-name" not in m[0] and "caf" not in m[0]]
    data = _archive(members, tar_format)
    fast, slow = _both(data)
    assert fast in (slow, "unsupported")
    if tar_format == tarfile.PAX_FORMAT:
        assert fast == slow  # the format GitHub serves is read by the fast reader
        assert slow[3] == SHA


def test_gzip_file_name_and_ustar_prefix_are_read_fast():
    members = [(f"{PREFIX}/" + "d" * 90 + "/" + "f" * 60 + ".py", "file", b"x = 1\n"), (f"{PREFIX}/a.md", "file", b"# A\n")]
    data = _archive(members, tarfile.USTAR_FORMAT, gzip_name="repo.tar")
    fast, slow = _both(data)
    assert fast == slow and len(slow[0]) == 2


def test_read_tarball_is_unchanged_by_the_fast_reader():
    data = _archive(_repository(300))
    files, skipped, sha = read_tarball(data, ArchiveLimits(max_files=100, max_text_bytes=4000))
    candidates, slow_skipped, paths, slow_sha = archive._read_with_tarfile(
        data, ArchiveLimits(max_files=100, max_text_bytes=4000))
    expected_files, expected_skipped = archive._keep(list(candidates.items()), slow_skipped, 100)
    from portfolio_audit.collect.origins import attach_origins

    assert (files, skipped, sha) == (attach_origins(expected_files, paths, None), expected_skipped, slow_sha)


def test_every_truncation_and_many_damaged_bytes_give_what_tarfile_gives():
    data = _archive(_repository(25))
    rng = random.Random(17)
    cases = [data[:cut] for cut in range(0, len(data), max(1, len(data) // 150))]
    for _ in range(150):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        cases.append(bytes(damaged))
    for case in cases:
        fast, slow = _both(case)
        assert fast in (slow, "unsupported")


def test_caps_raise_the_same_error_from_the_fast_reader():
    data = _archive(_repository(60))
    for limits in (ArchiveLimits(max_members=10), ArchiveLimits(max_expanded_bytes=900)):
        fast, slow = _both(data, limits)
        assert fast == slow and fast.startswith("ArchiveError")


def test_content_is_read_once_and_skipped_members_are_passed_over():
    data = _archive([(f"{PREFIX}/a.py", "file", b"a" * 700), (f"{PREFIX}/b.py", "file", b"b" * 5)])
    reader = FastTar(data)
    seen = []
    for member in reader.members():
        seen.append((member.name, reader.content(member) if member.name.endswith("b.py") else None))
    reader.finish()
    assert seen == [(f"{PREFIX}/a.py", None), (f"{PREFIX}/b.py", b"bbbbb")]


def test_a_stream_that_inflates_a_thousandfold_ends_with_or_without_a_cap():
    # The last compressed step inflates to more than one call's output, so the gzip trailer is
    # still unconsumed when the deflate stream ends: the reader must stop there, not ask again.
    zeros = b"\0" * (2 * 1024 * 1024)
    data = _archive([(f"{PREFIX}/blob{i}.py", "file", zeros) for i in range(4)])
    for limits in (ArchiveLimits(max_expanded_bytes=4 * 1024 * 1024, max_file_bytes=8 * 1024 * 1024),
                   ArchiveLimits(max_expanded_bytes=64 * 1024 * 1024, max_file_bytes=8 * 1024 * 1024)):
        fast, slow = _both(data, limits)
        assert fast == slow
    reader = FastTar(data)
    for _member in reader.members():
        pass
    reader.finish()
    assert reader.stream.inflate.eof and not reader.stream._more()
