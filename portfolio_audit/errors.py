"""Exit codes and the one error type that reaches the user as a one-line message."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """Documented in the README; scripts and CI rely on these numbers."""

    OK = 0
    BELOW_THRESHOLD = 1  # the score is below --fail-under
    USAGE = 2  # bad arguments or unreadable input
    COLLECTION_FAILED = 3  # nothing could be collected
    INVALID_RULES = 4  # the rule catalogue does not validate
    INTERNAL = 5  # a bug: please report it
    # The reader of the output went away (`| head`): 128 + SIGPIPE, as shells report `yes | head`.
    CLOSED_PIPE = 141


class AuditError(Exception):
    """A problem the user can fix: printed as one line with a hint, never a traceback."""

    def __init__(self, message: str, hint: str = "", exit_code: ExitCode = ExitCode.USAGE):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_code = exit_code

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message
