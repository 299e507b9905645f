"""Text bound for a terminal: control characters from input shown as escapes, never obeyed.

Folder names, repository names, paths, commit subjects and GitHub's messages reach
stderr inside progress lines, notices, summaries and errors. An ESC in any of them
(``\\x1b[2J`` clears the screen; OSC sequences retitle the window or write links and,
in some terminals, files) would be executed by the terminal. Every line the tool writes
to stderr goes through ``for_terminal`` first.
"""

from __future__ import annotations

import re

# C0 controls but newline (handled below), DEL, C1 controls, and the Unicode format characters that
# reorder or hide text (bidirectional overrides and isolates, zero-width joiners, BOM).
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control or text-reordering character written as a visible escape (``\\x1b``).

    Newlines are escaped too unless ``keep_newlines``: one message stays one line.
    """
    text = _UNSAFE.sub(_escape, str(text))
    return text if keep_newlines else text.replace("\n", "\\n")
