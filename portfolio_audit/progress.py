"""Progress and notices on stderr, shown only for work that takes more than a moment."""

from __future__ import annotations

import time
from typing import TextIO

from .terminal import for_terminal

# Progress lines appear only once a run has taken this long: quick runs stay quiet.
PROGRESS_AFTER_SECONDS = 0.5


class Progress:
    """Progress on stderr, shown only for work that takes more than a moment."""

    def __init__(self, stream: TextIO, quiet: bool):
        self.stream = stream
        self.quiet = quiet
        self.started = time.monotonic()
        self.interactive = hasattr(stream, "isatty") and stream.isatty()

    def step(self, stage: str):
        def report(index: int, total: int, name: str) -> None:
            if self.quiet or time.monotonic() - self.started < PROGRESS_AFTER_SECONDS:
                return
            line = for_terminal(f"{stage} {index}/{total}: {name}")
            if self.interactive:
                self.stream.write("\r\033[K" + line[:120])
                if index == total:
                    self.stream.write("\n")
            else:
                self.stream.write(line + "\n")
            self.stream.flush()

        return report

    def say(self, message: str) -> None:
        if not self.quiet:
            self.stream.write(for_terminal(message) + "\n")
            self.stream.flush()


