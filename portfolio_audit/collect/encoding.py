"""Text encodings of file bytes: byte-order marks, UTF-16/32 without them, UTF-8, legacy 8-bit code pages.

Shared by the collectors and provenance, so a file's text is the same wherever it is read.
"""

from __future__ import annotations

import codecs
from typing import Optional

# How many bytes to sniff for NUL when deciding that a file is binary (git uses 8000 too).
BINARY_SNIFF_BYTES = 8000
# At most this much of a file goes to the encoding detector: a whole file the collector keeps
# (its MAX_FILE_BYTES) and no more, so a huge file costs no more to decode than to skip.
MAX_DETECTED_BYTES = 512 * 1024

# Byte-order marks, longest first (UTF-32 LE starts with UTF-16 LE's mark).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_FIRST_BYTES = frozenset(bom[0] for bom, _ in _BOMS)
# Share of a decoded sample that must be ordinary text (letters, digits, punctuation,
# spaces, line breaks) for bytes with NULs to count as UTF-16/32 text rather than binary.
TEXT_CHAR_SHARE = 0.97
# Share of ASCII characters that shows BOM-less UTF-16/32 is text: a README in any script
# carries Markdown, spaces and line breaks, while binary data decoded as UTF-16 has
# almost none (two random bytes are ASCII one time in 512).
WIDE_ASCII_SHARE = 0.2
MIN_WIDE_CHARS = 8


def _bom_encoding(data: bytes) -> Optional[tuple]:
    if not data or data[0] not in _BOM_FIRST_BYTES:
        return None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def _plausible_text(text: str) -> bool:
    if not text:
        return True
    ordinary = sum(1 for char in text if char in "\n\r\t\f" or (char.isprintable() and not 0xE000 <= ord(char) <= 0xF8FF))
    return ordinary / len(text) >= TEXT_CHAR_SHARE


def _wide_encoding(sample: bytes) -> Optional[str]:
    """The UTF-16/32 encoding of BOM-less ``sample`` when it is plainly text in it, else None."""
    for encoding, width in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        usable = sample[: len(sample) - len(sample) % width]
        try:
            text = usable.decode(encoding)
        except UnicodeDecodeError:
            # A sample cut inside a surrogate pair fails at its very end only.
            try:
                text = usable[:-width * 2].decode(encoding) if len(usable) > width * 2 else ""
            except UnicodeDecodeError:
                continue
        # Text has words and breaks; a few stray bytes that happen to decode prove nothing.
        if len(text) < MIN_WIDE_CHARS or "\0" in text or not any(char in " \n\t" for char in text):
            continue
        ascii_share = sum(1 for char in text if ord(char) < 128) / len(text)
        if ascii_share >= WIDE_ASCII_SHARE and _plausible_text(text):
            return encoding
    return None


def looks_binary(data: bytes) -> bool:
    """Whether ``data`` is binary: NULs in its head that no UTF-16/32 text explains (git sniffs 8000 bytes too)."""
    sample = data[:BINARY_SNIFF_BYTES]
    if b"\0" not in sample:
        return False
    found = _bom_encoding(sample)
    if found and found[0] != "utf-8":
        try:
            return not _plausible_text(sample[found[1]:].decode(found[0], errors="ignore"))
        except LookupError:  # pragma: no cover - the codecs are built in
            return True
    return _wide_encoding(sample) is None


# Text that is not UTF-8 and has fewer non-ASCII bytes than this share is Western
# (Latin-1/Windows-1252 accents sit among ASCII letters: "\xd6sterreich"); text
# in another script (Cyrillic, Greek, CJK code pages) is mostly non-ASCII bytes.
NON_LATIN_BYTE_SHARE = 0.3
# Fewer non-ASCII bytes than this are too few for any detector to tell a script by.
NON_LATIN_MIN_BYTES = 32


def _legacy_decode(data: bytes) -> str:
    """Text that is not UTF-8: Windows-1252 (then Latin-1) for Western text, else what charset-normalizer finds.

    Detectors guess poorly on a few accented letters (one Latin-1 "\xd6" reads as
    Arabic to them), so they are asked only when most bytes are non-ASCII.
    """
    sample = data[:BINARY_SNIFF_BYTES]
    non_ascii = sum(1 for byte in sample if byte >= 0x80)
    letters = sum(1 for byte in sample if byte >= 0x80 or chr(byte).isalpha())
    candidates = []
    if non_ascii >= NON_LATIN_MIN_BYTES and non_ascii / letters >= NON_LATIN_BYTE_SHARE:
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:MAX_DETECTED_BYTES]).best()
            if best is not None and best.encoding:
                candidates.append(best.encoding)
        except Exception:  # noqa: BLE001 - a detector failure must never lose a file; fall back below
            pass
    candidates += ["cp1252", "latin-1"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def head_text(data: bytes) -> str:
    """The decoded head of a file, cheaply: enough to find a generator's marker or very long lines."""
    head = data[:BINARY_SNIFF_BYTES]
    if _bom_encoding(head) or b"\0" in head:
        return decode_text(head)
    return head.decode("utf-8", errors="replace")


def decode_text(data: bytes) -> str:
    """Decode file bytes as a reader's editor would: BOMs, UTF-16/32, UTF-8, then Windows-1252/Latin-1 or what charset-normalizer finds.

    Never fails. Line endings become ``\n`` and the BOM is dropped, so line numbers
    are those of the file as a reader sees it.
    """
    found = _bom_encoding(data)
    if found:
        text = data[found[1]:].decode(found[0], errors="replace")
    else:
        wide = _wide_encoding(data[:BINARY_SNIFF_BYTES]) if b"\0" in data[:BINARY_SNIFF_BYTES] else None
        if wide:
            text = data.decode(wide, errors="replace")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = _legacy_decode(data)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
