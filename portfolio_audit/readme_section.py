"""The profile README's audit section: the text between two HTML-comment markers, replaced and nothing else.

The person owns their README; the tool owns only what lies between
``<!-- portfolio-audit:start -->`` and ``<!-- portfolio-audit:end -->``. Everything
outside the markers, the markers themselves and the file's line endings are kept
byte for byte, and writing the same section twice leaves the file untouched, so a
scheduled workflow commits only when the audit really changed.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

START_MARKER = "<!-- portfolio-audit:start -->"
END_MARKER = "<!-- portfolio-audit:end -->"
# Editors and formatters sometimes drop or add the spaces inside a comment; both spellings count.
_START = re.compile(r"<!--\s*portfolio-audit:start\s*-->")
_END = re.compile(r"<!--\s*portfolio-audit:end\s*-->")
MARKERS_HINT = f"add the two lines {START_MARKER} and {END_MARKER} to the README where the section should appear"


class ReadmeSectionError(ValueError):
    """The README cannot take the section: markers missing, repeated or out of order."""


def replace_section(text: str, section: str) -> str:
    """``text`` with the lines between the markers replaced by ``section``; the rest untouched."""
    starts, ends = list(_START.finditer(text)), list(_END.finditer(text))
    if not starts or not ends:
        missing = " and ".join(marker for marker, found in ((START_MARKER, starts), (END_MARKER, ends)) if not found)
        raise ReadmeSectionError(f"the README has no {missing} marker")
    if len(starts) > 1 or len(ends) > 1:
        raise ReadmeSectionError(
            f"the README has {len(starts)} start and {len(ends)} end markers; exactly one of each is needed"
        )
    start, end = starts[0], ends[0]
    if end.start() < start.end():
        raise ReadmeSectionError("the README's end marker comes before its start marker")
    newline = "\r\n" if "\r\n" in text else "\n"
    body = newline.join(section.strip("\n").split("\n"))
    return text[: start.end()] + newline + body + newline + text[end.start():]


def update_readme(path: Path, section: str) -> bool:
    """Put ``section`` between the markers of the README at ``path``; True when the file changed.

    The file is rewritten atomically and only when its text changes, so an
    unchanged audit leaves nothing for the workflow to commit.
    """
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise ReadmeSectionError("the file does not exist") from None
    updated = replace_section(text, section)
    if updated == text:
        return False
    directory = path.parent if str(path.parent) else Path(".")
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(updated)
        os.chmod(temp_name, path.stat().st_mode & 0o777)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return True
