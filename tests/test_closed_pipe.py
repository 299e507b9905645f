"""A reader that goes away (`| head -n 1`) ends every command quietly: exit 0 or 141, never 5, no traceback.

Output small enough for the pipe's buffer never meets the closed end, so these tests
close the reading end before the command starts: its first write is sure to fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "examples" / "portfolio"
QUIET_ENDINGS = (0, 141)


def _with_closed(stream: str, args: list, cwd: Path) -> subprocess.CompletedProcess:
    """Run the CLI with ``stream`` (stdout or stderr) a pipe whose reader is already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    env.pop("PORTFOLIO_AUDIT_DEBUG", None)
    try:
        streams = {"stdout": write_end, "stderr": subprocess.PIPE} if stream == "stdout" else \
                  {"stdout": subprocess.PIPE, "stderr": write_end}
        return subprocess.run([sys.executable, "-m", "portfolio_audit", *args], cwd=cwd, env=env, timeout=300,
                              **streams)
    finally:
        os.close(write_end)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A snapshot and a result of the example portfolio, for the commands that read them."""
    root = tmp_path_factory.mktemp("closed-pipe")
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    for args in (["collect", str(EXAMPLES), "-o", "snapshot.json"], ["evaluate", "snapshot.json", "-o", "result.json"]):
        subprocess.run([sys.executable, "-m", "portfolio_audit", *args, "-q"], cwd=root, env=env, check=True,
                       capture_output=True, timeout=300)
    return root


COMMANDS = {
    "rules-list": ["rules", "list"],
    "rules-explain": ["rules", "explain", "readme/setup"],
    "help": ["--help"],
    "version": ["--version"],
    "audit-help": ["audit", "--help"],
    "rules-help": ["rules", "--help"],
    "audit-md": ["audit", str(EXAMPLES), "-f", "md"],
    "audit-json": ["audit", str(EXAMPLES), "-f", "json", "-q"],
    "collect": ["collect", str(EXAMPLES), "-q"],
    "evaluate": ["evaluate", "snapshot.json", "-q"],
    "render": ["render", "result.json", "-f", "md", "-o", "-", "-q"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_closed_stdout_ends_quietly(name, files):
    done = _with_closed("stdout", COMMANDS[name], files)
    assert done.returncode in QUIET_ENDINGS, done.stderr.decode()
    # Progress lines may come first (audit -f md shows them); never an error or a traceback.
    assert b"Traceback" not in done.stderr and b"error" not in done.stderr.lower(), done.stderr.decode()


def test_a_usage_error_with_a_closed_stdout_still_explains_itself(files):
    done = _with_closed("stdout", ["audit"], files)
    assert done.returncode == 2 and b"Missing argument" in done.stderr


@pytest.mark.parametrize("args", [["audit", str(EXAMPLES), "-o", "report.html"], ["audit"], ["rules", "explain", "nope"]],
                         ids=["summary-line", "usage-error", "unknown-rule"])
def test_a_closed_stderr_ends_quietly(args, files):
    done = _with_closed("stderr", args, files)
    assert done.returncode in QUIET_ENDINGS
    assert b"Traceback" not in done.stdout


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("head") is None, reason="needs bash and head")
def test_rules_list_piped_into_head(tmp_path):
    script = (f"set -o pipefail; PYTHONPATH={REPO_ROOT} {sys.executable} -m portfolio_audit rules list | head -n 1; "
              "echo status=${PIPESTATUS[0]}")
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and lines[1] in {f"status={code}" for code in QUIET_ENDINGS}, done.stdout
    assert done.stderr == ""
