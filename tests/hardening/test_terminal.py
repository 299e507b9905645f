"""Class 7: nothing from input reaches a terminal raw.

Folder and repository names, paths and messages land in progress lines, the summary and
errors on stderr. ``\\x1b[2J`` (clear screen), an OSC title sequence or a right-to-left
override in any of them used to reach the terminal as is; every stderr line now goes
through terminal.for_terminal, which writes control characters as visible escapes.
"""

from __future__ import annotations

import io
import re

import pytest

from portfolio_audit import app
from portfolio_audit import progress as progress_module
from portfolio_audit.progress import Progress

from ..helpers import make_repo, run_cli

HOSTILE = "evil\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eredro\x08\rname"
# What a terminal would act on: C0 controls but newline, DEL, C1 controls, bidirectional overrides.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
README = "# Tool\n\nTool is a small project with a name chosen by a stranger.\n"


def assert_inert(text: str) -> None:
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.search(text).group())


def test_for_terminal_escapes_every_control_character():
    from portfolio_audit.terminal import for_terminal

    shown = for_terminal(HOSTILE)
    assert_inert(shown)
    assert "\\x1b[2J" in shown and "\\x07" in shown and "\\u202e" in shown and "\\x9b" in shown
    assert for_terminal("line one\nline two") == "line one\\nline two"
    assert for_terminal("plain — text, é, 中文") == "plain — text, é, 中文"


def test_an_error_naming_a_hostile_path_is_escaped(tmp_path):
    done = run_cli("audit", str(tmp_path / HOSTILE))
    assert done.returncode == 2
    assert_inert(done.stderr)
    assert "\\x1b[2J" in done.stderr


def test_summary_and_not_collected_names_are_escaped(tmp_path):
    portfolio = tmp_path / "portfolio"
    make_repo(portfolio / "kept", {"README.md": README})
    (portfolio / HOSTILE).symlink_to(tmp_path, target_is_directory=True)  # listed, not followed: named in the summary
    output = tmp_path / f"report-{HOSTILE}.md"
    done = run_cli("audit", str(portfolio), "-f", "md", "-o", str(output))
    assert done.returncode == 0, done.stderr
    assert_inert(done.stderr)
    assert done.stderr.count("\\x1b[2J") >= 2  # the repository named in the summary, and the report path


def test_progress_lines_are_escaped(tmp_path, monkeypatch):
    portfolio = tmp_path / "portfolio"
    make_repo(portfolio / HOSTILE, {"README.md": README, "app.py": "VALUE = 1\n"})
    monkeypatch.setattr(progress_module, "PROGRESS_AFTER_SECONDS", 0)
    stderr = io.StringIO()
    app.run_audit(app.AuditSettings(inputs=(str(portfolio),), output_format="json", output="-"),
                  stdout=io.StringIO(), stderr=stderr)
    lines = stderr.getvalue().splitlines()
    assert any(line.startswith("collecting 1/1: evil\\x1b[2J") for line in lines), lines
    assert_inert(stderr.getvalue())


@pytest.mark.parametrize("interactive", [True, False])
def test_the_progress_class_escapes_names_on_a_tty_and_off_it(interactive):
    class Stream(io.StringIO):
        def isatty(self):
            return interactive

    stream = Stream()
    progress = Progress(stream, quiet=False)
    progress.started -= 10
    progress.step("collecting")(1, 1, HOSTILE)
    progress.say(f"portfolio-audit: notice about {HOSTILE}")
    text = stream.getvalue().replace("\r\x1b[K", "")  # the progress line's own redraw, written by the tool
    assert_inert(text)
