"""A fast reader for the plain gzip'd tar that git archive writes; anything else is left to tarfile.

Python's tarfile in stream mode (``r|gz``) costs about 0.2 ms a member: it builds a
TarInfo of eighteen fields, keeps every member in a list, and copies its whole
decompressed buffer on each 512-byte read, so a 50,000-file GitHub tarball took 5 s
before a single file was judged. This reader parses the subset of the format that
``git archive`` (GitHub's tarballs) and Python's own PAX writer produce: one gzip member
without extra fields, ustar headers with plain octal numbers and a valid checksum, pax
global and extended headers with path, linkpath, size and fields nobody reads, and
regular files, folders, symbolic and hard links, devices and FIFOs.

It gives exactly what tarfile gives on that subset, because it fails over rather than
guess: anything outside it (another header type, a base-256 number, a bad checksum,
``hdrcharset``, a short read, a zlib error, data after the end) raises ``Unsupported``
and the caller reads the archive again with tarfile from the first byte, so a hostile
archive costs at most one extra pass and is judged by tarfile's rules. Decompression
consumes the compressed bytes in the same 10,240-byte steps as tarfile and finishes
the step it is in before any answer, so a corrupt byte that tarfile would have
decompressed and failed on is one this reader fails on too.
"""

from __future__ import annotations

import re
import tarfile
import zlib
from typing import Iterator, Optional

BLOCK = tarfile.BLOCKSIZE
# tarfile's stream reads compressed input in records of this size (``bufsize`` of ``r|gz``).
COMPRESSED_STEP = tarfile.RECORDSIZE
# Decompressed bytes produced per call: bounds memory on a member that inflates 1,000-fold.
INFLATE_STEP = 1 << 20
# Header types read here; every other one goes to tarfile.
REGULAR, OLD_REGULAR, FOLDER, SYMBOLIC_LINK, HARD_LINK = b"0", b"\0", b"5", b"2", b"1"
DEVICES_AND_FIFO = (b"3", b"4", b"6")  # no data follows, as for folders and links
EXTENDED, GLOBAL = b"x", b"g"
_PLAIN_TYPES = frozenset((REGULAR, OLD_REGULAR, FOLDER, SYMBOLIC_LINK, HARD_LINK, *DEVICES_AND_FIFO))
# Pax keys that would change what tarfile reports in ways this reader does not copy.
_GLOBAL_KEYS_REFUSED = frozenset(("path", "linkpath", "size", "hdrcharset"))
_PAX_RECORD = re.compile(rb"(\d+) ([^=]+)=")  # tarfile's own record pattern
_OCTAL_DIGITS = b"01234567"
_PLAIN_FIELD = re.compile(rb"[0-7]*[ \0]*")  # what ``_octal`` accepts
# mode, uid, gid, mtime, devmajor, devminor: tarfile refuses a header where one is not a number.
_UNREAD_NUMBER_FIELDS = ((100, 108), (108, 116), (116, 124), (136, 148), (329, 337), (337, 345))
_ZERO_BLOCK = bytes(BLOCK)
_ENCODING, _ERRORS = tarfile.ENCODING, "surrogateescape"  # what tarfile.open uses by default


class Unsupported(Exception):
    """The archive is outside the plain subset (or damaged): read it with tarfile instead."""


class Member:
    """The part of a TarInfo the archive reader looks at, with tarfile's type tests."""

    __slots__ = ("name", "size", "type", "linkname")

    def __init__(self, name: str, size: int, type_: bytes, linkname: str):
        self.name, self.size, self.type, self.linkname = name, size, type_, linkname

    def isdir(self) -> bool:
        return self.type == FOLDER

    def issym(self) -> bool:
        return self.type == SYMBOLIC_LINK

    def islnk(self) -> bool:
        return self.type == HARD_LINK

    def isfile(self) -> bool:
        return self.type in (REGULAR, OLD_REGULAR)


def _octal(field: bytes) -> int:
    """tarfile's ``nti`` where it is plain: octal digits, then spaces or NULs; else Unsupported."""
    digits = field.rstrip(b" \0")
    if digits.strip(_OCTAL_DIGITS):
        raise Unsupported("number field")
    return int(digits, 8) if digits else 0


def _plain_numbers(block: bytes) -> bool:
    """Whether the number fields tarfile parses and nobody here reads are plain octal (see ``_octal``)."""
    match = _PLAIN_FIELD.fullmatch
    return all(match(block, start, end) for start, end in _UNREAD_NUMBER_FIELDS)


def _text(field: bytes) -> str:
    """tarfile's ``nts``: up to the first NUL, decoded as tarfile.open decodes names."""
    return field.split(b"\0", 1)[0].decode(_ENCODING, _ERRORS)


def _pax_text(value: bytes) -> str:
    """tarfile's ``_decode_pax_field`` without hdrcharset: UTF-8, else the names' encoding."""
    try:
        return value.decode("utf-8", "strict")
    except UnicodeDecodeError:
        return value.decode(_ENCODING, _ERRORS)


def _pax_records(buffer: bytes, headers: dict) -> None:
    """tarfile's pax record loop (``_proc_pax``), into ``headers``."""
    if b"hdrcharset=" in buffer:
        raise Unsupported("hdrcharset")
    position = 0
    while True:
        match = _PAX_RECORD.match(buffer, position)
        if not match:
            return
        length, keyword = match.groups()
        length = int(length)
        if length == 0:
            raise Unsupported("empty pax record")
        value = buffer[match.end(2) + 1:match.start(1) + length - 1]
        headers[_pax_text(keyword)] = _pax_text(value)
        position += length


def _padded(size: int) -> int:
    return -(-size // BLOCK) * BLOCK


class _Inflater:
    """The decompressed tar stream, inflated as tarfile's ``_Stream`` inflates it, held a step at a time."""

    def __init__(self, data: bytes):
        self.data = data
        self.offset = self._gzip_header_length()
        self.inflate = zlib.decompressobj(-zlib.MAX_WBITS)
        self.buffer = bytearray()
        self.position = 0

    def _gzip_header_length(self) -> int:
        data = self.data
        if data[:3] != b"\037\213\010" or len(data) < 10:
            raise Unsupported("gzip header")
        flags = data[3]
        if flags & ~8:  # extra field, comment, header CRC: tarfile's reading of them is its own
            raise Unsupported("gzip flags")
        if not flags:
            return 10
        end = data.find(b"\0", 10)  # the file name
        if end < 0:
            raise Unsupported("gzip file name")
        return end + 1

    def _more(self) -> bool:
        """Inflate the next piece; False at the end of the input or of the deflate stream."""
        inflate = self.inflate
        if inflate.eof:
            # Past the end, zlib keeps the gzip trailer (or anything after it) in unconsumed_tail
            # and inflates nothing from it, however often it is asked.
            return False
        try:
            if inflate.unconsumed_tail:
                piece = inflate.decompress(inflate.unconsumed_tail, INFLATE_STEP)
            elif self.offset < len(self.data):
                step = self.data[self.offset:self.offset + COMPRESSED_STEP]
                self.offset += len(step)
                piece = inflate.decompress(step, INFLATE_STEP)
            else:
                return False
        except zlib.error:
            raise Unsupported("zlib error") from None
        if self.position > INFLATE_STEP:
            del self.buffer[:self.position]
            self.position = 0
        self.buffer += piece
        return True

    def take(self, count: int) -> bytes:
        """The next ``count`` bytes; Unsupported when the stream ends first."""
        while len(self.buffer) - self.position < count:
            if not self._more():
                raise Unsupported("short read")
        start = self.position
        self.position += count
        return bytes(self.buffer[start:self.position])

    def skip(self, count: int) -> None:
        while count:
            available = len(self.buffer) - self.position
            if not available:
                if not self._more():
                    raise Unsupported("short read")
                continue
            step = min(available, count)
            self.position += step
            count -= step

    def finish_step(self) -> None:
        """Inflate the rest of the compressed step already taken, as tarfile does, discarding it."""
        while self.inflate.unconsumed_tail and not self.inflate.eof:
            self.buffer.clear()
            self.position = 0
            self._more()


class FastTar:
    """Iterate with ``members()``; ``content(member)`` reads the member just yielded; ``finish()`` at the end."""

    def __init__(self, data: bytes):
        self.stream = _Inflater(data)
        self.pax_headers: dict = {}  # the global ones, as ``TarFile.pax_headers``
        self._unread = 0  # padded data bytes of the member last yielded that nobody read

    def _header(self) -> Optional[tuple]:
        """(name, size, type, linkname) of the next plain header, None at the end-of-archive block."""
        block = self.stream.take(BLOCK)
        if block == _ZERO_BLOCK:
            return None
        if _octal(block[148:156]) != 256 + sum(block) - sum(block[148:156]):
            raise Unsupported("checksum")  # or a signed checksum, which tarfile also accepts
        if not _plain_numbers(block):
            raise Unsupported("number field")
        name = _text(block[0:100])
        size = _octal(block[124:136])
        kind = block[156:157]
        linkname = _text(block[157:257])
        prefix = _text(block[345:500])
        if kind == OLD_REGULAR and name.endswith("/"):
            kind = FOLDER
        if kind == FOLDER:
            name = name.rstrip("/")
        if prefix:
            name = prefix + "/" + name
        if kind == FOLDER:
            name = name.rstrip("/")
        return name, size, kind, linkname

    def members(self) -> Iterator[Member]:
        stream = self.stream
        extended: Optional[dict] = None
        after_pax = False  # tarfile reads the header after a pax header as part of it: no end there
        while True:
            if self._unread:
                stream.skip(self._unread)
                self._unread = 0
            header = self._header()
            if header is None:
                if after_pax:
                    raise Unsupported("end of archive after a pax header")
                return
            name, size, kind, linkname = header
            if kind in (EXTENDED, GLOBAL):
                records = stream.take(_padded(size))
                if kind == GLOBAL:
                    if extended is not None:
                        raise Unsupported("global header after an extended one")
                    _pax_records(records, self.pax_headers)
                    if _GLOBAL_KEYS_REFUSED & self.pax_headers.keys() or _sparse(self.pax_headers):
                        raise Unsupported("global pax keys")
                else:
                    if extended is not None:
                        raise Unsupported("two extended headers")
                    extended = {}
                    _pax_records(records, extended)
                    if "hdrcharset" in extended or _sparse(extended):
                        raise Unsupported("extended pax keys")
                after_pax = True
                continue
            if kind not in _PLAIN_TYPES:
                raise Unsupported("header type")
            if extended is not None:
                if "path" in extended:
                    name = extended["path"].rstrip("/")
                if "linkpath" in extended:
                    linkname = extended["linkpath"]
                if "size" in extended:
                    if not extended["size"].isascii() or not extended["size"].isdigit():
                        raise Unsupported("pax size")
                    size = int(extended["size"])
                extended = None
            after_pax = False
            member = Member(name, size, kind, linkname)
            # tarfile skips the data of regular files only; a link's or folder's size is declared, not stored.
            self._unread = _padded(size) if member.isfile() else 0
            yield member

    def content(self, member: Member) -> bytes:
        """The data of the member last yielded, read once."""
        data = self.stream.take(member.size)
        self._unread -= member.size
        return data

    def finish(self) -> None:
        self.stream.finish_step()


def _sparse(headers: dict) -> bool:
    return any(key.startswith("GNU.sparse") for key in headers)
