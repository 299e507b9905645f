"""Class 11: rules an operator chose (``--rules DIR``) are still bounded.

A format spec such as ``{words:>900000000}`` built a 900 MB string for every failing
finding; a FIFO named ``*.yml`` blocked the load forever; a 200 MB rule file was read and
parsed whole. Each is now refused when the catalogue loads, with exit 4 and a message
naming the file. The runs are subprocesses with a time limit, so a loader that blocks fails
the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_SECONDS = 120
README = "# Tool\n\nTool is a small project audited with an operator's own rules.\n"


def rules_copy(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "rules", root)
    return root


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    env.pop("PORTFOLIO_AUDIT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "portfolio_audit", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=RUN_TIMEOUT_SECONDS)


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "tool"
    root.mkdir()
    (root / "README.md").write_text(README, encoding="utf-8")
    return root


def set_advice(rules: Path, template: str) -> Path:
    path = rules / "readme" / "opening.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  advice:")] + f"  advice: {json.dumps(template)}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("spec", ["{words:>900000000}", "{words:,>900000000.3f}", "{words!s:^99999999}"])
def test_a_huge_format_spec_in_advice_is_exit_4(tmp_path, project, spec):
    rules = rules_copy(tmp_path)
    path = set_advice(rules, f"Open with one sentence that says what the project is; now {spec} words.")
    done = cli("audit", str(project), "--rules", str(rules), "-f", "json", "--no-cache", cwd=tmp_path)
    assert done.returncode == 4, done.stderr[-2000:]
    assert str(path) in done.stderr and "placeholder" in done.stderr and done.stdout == ""


def test_a_fifo_named_like_a_rule_is_exit_4_without_blocking(tmp_path, project):
    rules = rules_copy(tmp_path)
    os.mkfifo(rules / "readme" / "pipe.yml")
    done = cli("audit", str(project), "--rules", str(rules), "-f", "json", "--no-cache", cwd=tmp_path)
    assert done.returncode == 4, done.stderr[-2000:]
    assert "pipe.yml" in done.stderr and "not a regular file" in done.stderr


def test_a_200_mb_rule_file_is_exit_4_before_reading_it(tmp_path, project):
    rules = rules_copy(tmp_path)
    with open(rules / "readme" / "huge.yml", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    done = cli("rules", "list", "--rules", str(rules), cwd=tmp_path)
    assert done.returncode == 4, done.stderr[-2000:]
    assert "huge.yml" in done.stderr and "too large" in done.stderr


def test_a_rules_folder_that_is_a_fifo_or_a_file_is_exit_4(tmp_path):
    os.mkfifo(tmp_path / "rules-fifo")
    (tmp_path / "rules-file").write_text("x\n", encoding="utf-8")
    for name in ("rules-fifo", "rules-file"):
        done = cli("rules", "list", "--rules", str(tmp_path / name), cwd=tmp_path)
        assert done.returncode == 4, done.stderr[-2000:]


def test_a_long_placeholder_value_is_cut_not_repeated(tmp_path):
    from portfolio_audit.rules import MAX_PLACEHOLDER_CHARS, load_catalogue

    rule = load_catalogue().rule("readme/opening")
    values = {name: "x" * 10_000_000 for name in rule.placeholders()}
    advice = rule.advice_for(values)
    assert len(advice) < len(rule.advice) + len(rule.placeholders()) * MAX_PLACEHOLDER_CHARS
