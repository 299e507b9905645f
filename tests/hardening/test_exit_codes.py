"""Class 9: bad input is exit 2 (or 4 for rules), never 5 ("internal error: this is a bug").

Each case below used to end in exit 5: snapshots nested 100,000 deep, with 10,000-digit
integers, Infinity or NaN, lone surrogates or fields of the wrong type; non-UTF-8 file names
(JSON written to stdout that was not valid UTF-8); ``[tool.portfolio-audit]`` values of the
wrong type; rule files that are not UTF-8, nest 20,000 deep, use ``{0}``, ``{a.b}`` or an
unclosed ``{`` in their advice or weigh a category ``.nan``, ``.inf`` or less than nothing;
NaN in a result passed to ``render``; a full disk. A property test then throws generated
snapshot JSON at the command line: every input exits 0, 1, 2 or 3.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio_audit import cli
from portfolio_audit import snapshot as snapshot_io
from tests.support.fixtures import repo_from_spec
from portfolio_audit.snapshot import Snapshot

from ..helpers import run_cli

REPO_ROOT_FOR_TESTS = Path(__file__).resolve().parents[2]
README = "# Tool\n\nTool turns raw readings into a weekly report for the people who read them.\n"
DEEP = 100_000


def valid_snapshot() -> dict:
    repo = repo_from_spec({"name": "tool", "readme": README, "files": {"tool.py": "VALUE = 1\n"},
                           "commits": [{"subject": "Add the weekly report because people asked"}]})
    return snapshot_io.snapshot_to_dict(Snapshot(collected_at="2026-01-01T00:00:00Z", source={"kind": "local"},
                                                 repos=(repo,)))


def exit_code_of(*args: str, cwd: Path | None = None) -> tuple:
    """(exit code, stderr) of the command line run in this process (faster than a subprocess per case)."""
    stderr, stdout = io.StringIO(), io.StringIO()
    previous = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
            try:
                cli.main([*args], standalone_mode=False)
                code = 0
            except SystemExit as done:
                code = done.code
    finally:
        os.chdir(previous)
    return code, stderr.getvalue()


def with_change(change) -> dict:
    data = valid_snapshot()
    change(data)
    return data


def _set(path: tuple, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


SNAPSHOT_TEXTS = {
    "deep-arrays": lambda: json.dumps(valid_snapshot())[:-1] + ', "x": ' + "[" * DEEP + "]" * DEEP + "}",
    "huge-integer": lambda: json.dumps(valid_snapshot()).replace('"size": ', '"size": ' + "9" * 10_000 + ', "s2": ', 1),
    "infinity": lambda: json.dumps(valid_snapshot()).replace('"size": ', '"size": Infinity, "s2": ', 1),
    "nan": lambda: json.dumps(valid_snapshot()).replace('"size": ', '"size": NaN, "s2": ', 1),
    "overflowing-float": lambda: json.dumps(valid_snapshot()).replace('"size": ', '"size": 1e999, "s2": ', 1),
    "lone-surrogate": lambda: json.dumps(valid_snapshot()).replace('"name": "tool"', '"name": "tool\\ud800"', 1),
    "name-is-a-number": lambda: json.dumps(with_change(_set(("repos", 0, "name"), 5))),
    "description-is-a-number": lambda: json.dumps(with_change(_set(("repos", 0, "description"), 1))),
    "size-is-text": lambda: json.dumps(with_change(_set(("repos", 0, "files", 0, "size"), "big"))),
    "negative-size": lambda: json.dumps(with_change(_set(("repos", 0, "files", 0, "size"), -1))),
    "unknown-file-kind": lambda: json.dumps(with_change(_set(("repos", 0, "files", 0, "kind"), "binary"))),
    "topics-is-text": lambda: json.dumps(with_change(_set(("repos", 0, "topics"), "cli"))),
    "topic-is-a-list": lambda: json.dumps(with_change(_set(("repos", 0, "topics"), [["cli"]]))),
    "commit-sha-is-a-number": lambda: json.dumps(with_change(_set(("repos", 0, "commits", "items", 0, "sha"), 1))),
    "insertions-is-a-float": lambda: json.dumps(with_change(_set(("repos", 0, "commits", "items", 0, "insertions"), 1.5))),
    "available-is-text": lambda: json.dumps(with_change(_set(("repos", 0, "issues", "available"), "yes"))),
    "issue-is-a-number": lambda: json.dumps(with_change(_set(("repos", 0, "issues"), {"available": True, "items": [5]}))),
    "file-is-a-list": lambda: json.dumps(with_change(_set(("repos", 0, "files"), [[1]]))),
    "owner-is-a-list": lambda: json.dumps(with_change(_set(("owner",), ["ana"]))),
    "owner-login-is-a-number": lambda: json.dumps(with_change(_set(("owner",), {"login": 5}))),
    "source-paths-are-numbers": lambda: json.dumps(with_change(_set(("source",), {"kind": "local", "paths": [1]}))),
    "repos-is-an-object": lambda: json.dumps(with_change(_set(("repos",), {"a": 1}))),
    "collected-at-is-a-number": lambda: json.dumps(with_change(_set(("collected_at",), 20260101))),
    "html-url-is-an-object": lambda: json.dumps(with_change(_set(("repos", 0, "html_url"), {"href": "x"}))),
    "not-utf8": lambda: b"\xff\xfe" + json.dumps(valid_snapshot()).encode(),
}


@pytest.mark.parametrize("name", sorted(SNAPSHOT_TEXTS))
def test_a_bad_snapshot_is_a_usage_error(tmp_path, name):
    text = SNAPSHOT_TEXTS[name]()
    path = tmp_path / "snapshot.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    for command in (("audit", str(path), "-f", "json", "-o", str(tmp_path / "out.json"), "--no-cache"),
                    ("evaluate", str(path), "-o", str(tmp_path / "result.json"), "--no-cache")):
        code, stderr = exit_code_of(*command)
        assert code == 2, (command[0], stderr)
        assert "internal error" not in stderr


def test_a_valid_snapshot_still_audits(tmp_path):
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(valid_snapshot()), encoding="utf-8")
    code, stderr = exit_code_of("audit", str(path), "-f", "json", "-o", str(tmp_path / "out.json"), "--no-cache")
    assert code == 0, stderr


def test_file_names_that_are_not_utf8_give_utf8_json_on_stdout(tmp_path):
    project = tmp_path / "plain"
    project.mkdir()
    (project / "README.md").write_text(README, encoding="utf-8")
    (project / os.fsdecode(b"caf\xe9.py")).write_text("VALUE = 1\n", encoding="utf-8")
    (project / os.fsdecode(b"notes-\xff.md")).write_text("# Notes\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT_FOR_TESTS))
    done = subprocess.run([sys.executable, "-m", "portfolio_audit", "audit", str(project), "-f", "json"],
                          capture_output=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    result = json.loads(done.stdout.decode("utf-8"))  # strict: invalid UTF-8 raises here
    reasons = {s["path"]: s["reason"] for s in result["repos"][0]["skipped_files"]}
    assert reasons["caf\ufffd.py"] == reasons["notes-\ufffd.md"] == "file name is not valid UTF-8"


@pytest.mark.parametrize("table", [
    'fail-under = "sixty"', "fail-under = true", "fail-under = 101", "fail-under = nan", 'max-commits = "many"',
    "max-commits = 1.5", "max-commits = 0", "format = 3", "rules = 5", 'format = ""',
])
def test_a_pyproject_value_of_the_wrong_type_is_a_usage_error(tmp_path, table):
    (tmp_path / "pyproject.toml").write_text(f"[tool.portfolio-audit]\n{table}\n", encoding="utf-8")
    project = tmp_path / "tool"
    project.mkdir()
    (project / "README.md").write_text(README, encoding="utf-8")
    code, stderr = exit_code_of("audit", str(project), "-f", "json", "-o", str(tmp_path / "out.json"), cwd=tmp_path)
    assert code == 2, stderr
    assert "pyproject.toml" in stderr


@pytest.mark.parametrize("text", ["[tool]\nportfolio-audit = 5\n", "x = " + "[" * 5_000 + "]" * 5_000 + "\n",
                                  "\xff\xfe"], ids=["table-is-a-number", "deep", "not-utf8"])
def test_an_unreadable_pyproject_is_a_usage_error(tmp_path, text):
    (tmp_path / "pyproject.toml").write_bytes(text.encode("latin-1") if text == "\xff\xfe" else text.encode())
    project = tmp_path / "tool"
    project.mkdir()
    (project / "README.md").write_text(README, encoding="utf-8")
    code, stderr = exit_code_of("audit", str(project), "-f", "json", "-o", str(tmp_path / "out.json"), cwd=tmp_path)
    assert code == 2, stderr


def rules_with(tmp_path: Path, edit) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(REPO_ROOT_FOR_TESTS / "rules", root)
    edit(root)
    return root


def _replace_in(relative: str, old: str, new: str):
    def edit(root: Path):
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def _advice(template: str):
    def edit(root: Path):
        path = root / "readme" / "opening.yml"
        text = path.read_text(encoding="utf-8")
        start = text.index("  advice:")
        path.write_text(text[:start] + f"  advice: {json.dumps(template)}\n", encoding="utf-8")
    return edit


RULE_EDITS = {
    "not-utf8": lambda root: (root / "readme" / "opening.yml").write_bytes(b"id: readme/opening\ntitle: caf\xe9\n"),
    "deep": lambda root: (root / "readme" / "opening.yml").write_text("id: " + "[" * 20_000 + "]" * 20_000 + "\n"),
    "positional-placeholder": _advice("Say what the project is in the first line; fix {0} first, please."),
    "attribute-placeholder": _advice("Say what the project is in the first line; {words.real} words now."),
    "index-placeholder": _advice("Say what the project is in the first line; {words[0]} words now."),
    "unclosed-brace": _advice("Say what the project is in the first line; {words words now, please fix."),
    "format-spec": _advice("Say what the project is in the first line; {words:>900000000} words now."),
    "conversion": _advice("Say what the project is in the first line; {words!r} words now, please."),
    "category-weight-nan": _replace_in("categories.yml", "weight: 3", "weight: .nan"),
    "category-weight-inf": _replace_in("categories.yml", "weight: 3", "weight: .inf"),
    "category-weight-negative": _replace_in("categories.yml", "weight: 3", "weight: -3"),
    "category-weight-text": _replace_in("categories.yml", "weight: 3", "weight: heavy"),
    "rule-weight-nan": _replace_in("readme/opening.yml", "\nweight: ", "\nweight: .nan\nx_weight: "),
    "rule-threshold-inf": _replace_in("readme/opening.yml", "\nweight: ", "\nscoring: {pass: .inf}\nweight: "),
    "categories-not-a-mapping": lambda root: (root / "categories.yml").write_text("- a\n- b\n"),
    "rule-is-a-folder": lambda root: (root / "readme" / "folder.yml").mkdir(),
}


@pytest.mark.parametrize("name", sorted(RULE_EDITS))
def test_a_bad_rule_file_is_exit_4(tmp_path, name):
    rules = rules_with(tmp_path, RULE_EDITS[name])
    code, stderr = exit_code_of("rules", "list", "--rules", str(rules))
    assert code == 4, stderr
    assert "internal error" not in stderr and str(rules) in stderr


def test_nan_in_a_result_passed_to_render_is_a_usage_error(tmp_path):
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text(json.dumps(valid_snapshot()), encoding="utf-8")
    result = tmp_path / "result.json"
    assert exit_code_of("evaluate", str(snapshot), "-o", str(result), "--no-cache")[0] == 0
    text = result.read_text(encoding="utf-8")
    for bad in ("NaN", "Infinity", "-Infinity", "1e999"):
        broken = tmp_path / f"broken-{bad}.json"
        broken.write_text(text.replace('"weight": ', f'"weight": {bad}, "w2": ', 1), encoding="utf-8")
        for fmt in ("html", "md", "json"):
            code, stderr = exit_code_of("render", str(broken), "-f", fmt, "-o", str(tmp_path / "out"))
            assert code == 2, (bad, fmt, stderr)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_a_usage_error(tmp_path):
    project = tmp_path / "tool"
    project.mkdir()
    (project / "README.md").write_text(README, encoding="utf-8")
    (tmp_path / "full").symlink_to("/dev/full")
    done = run_cli("audit", str(project), "-f", "md", "-o", str(tmp_path / "full"))
    assert done.returncode == 2 and "disk is full" in done.stderr, done.stderr
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT_FOR_TESTS))
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "portfolio_audit", "audit", str(project), "-f", "json"],
                              stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=300)
    assert done.returncode == 2 and "disk is full" in done.stderr, done.stderr


# --- the property: generated snapshot JSON never exits 5 ------------------------------------

JSON_LEAVES = (st.none() | st.booleans() | st.integers(min_value=-2 ** 70, max_value=2 ** 70)
               | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12))
JSON_VALUES = st.recursive(JSON_LEAVES, lambda children: st.lists(children, max_size=3)
                           | st.dictionaries(st.text(max_size=10), children, max_size=4), max_leaves=20)
FIELDS = ("name", "full_name", "description", "topics", "files", "skipped", "commits", "issues", "pull_requests",
          "html_url", "commit_sha", "annotation", "collection_error", "is_fork", "created_at", "pushed_at")
SPLICES = ("NaN", "Infinity", "1e999", '"\\udc80"', "9" * 5000, "[" * 3000 + "]" * 3000)


def _target(data: dict, where: str):
    """The record ``where`` names in ``data``, or None once an earlier change replaced its container."""
    if where == "top":
        return data
    repos = data.get("repos")
    repo = repos[0] if isinstance(repos, list) and repos and isinstance(repos[0], dict) else None
    if where == "repo" or repo is None:
        return repo
    if where == "file":
        files = repo.get("files")
        return files[0] if isinstance(files, list) and files and isinstance(files[0], dict) else None
    commits = repo.get("commits")
    items = commits.get("items") if isinstance(commits, dict) else None
    return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else None


KEYS = {"top": ("collected_at", "source", "owner", "repos", "contributions", "listing"), "repo": FIELDS,
        "file": ("path", "kind", "language", "size", "text"), "commit": ("sha", "subject", "author", "insertions")}


@st.composite
def snapshot_texts(draw) -> str:
    data = valid_snapshot()
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(sorted(KEYS)))
        target = _target(data, where)
        if target is not None:
            target[draw(st.sampled_from(KEYS[where]))] = draw(JSON_VALUES)
    text = json.dumps(data)
    if draw(st.booleans()):
        marker = '"text": '
        text = text.replace(marker, f"{marker}{draw(st.sampled_from(SPLICES))}, \"t2\": ", 1)
    return text


# Each example is a whole audit (about a second when the snapshot is valid): a fifth of the
# profile's examples keeps a plain `pytest` quick, and the long profile still runs thousands.
@settings(max_examples=max(20, settings.default.max_examples // 5), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=snapshot_texts())
def test_generated_snapshots_never_exit_5(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "snapshot.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        code, stderr = exit_code_of("audit", str(path), "-f", "md", "-o", str(Path(folder) / "report.md"), "--no-cache")
    assert code in (0, 1, 2, 3), stderr


# --- every command that writes to stdout: a full disk, a closed stdout or stderr -------------

STDOUT_COMMANDS = {
    "rules-list": ["rules", "list"],
    "rules-explain": ["rules", "explain", "readme/setup"],
    "help": ["--help"],
    "audit-help": ["audit", "--help"],
    "audit-md": ["audit", str(REPO_ROOT_FOR_TESTS / "examples" / "portfolio"), "-f", "md", "-q"],
}


def _run_with_stdout(args: list, **streams) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT_FOR_TESTS))
    env.pop("PORTFOLIO_AUDIT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "portfolio_audit", *args], env=env, timeout=300, **streams)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("name", sorted(STDOUT_COMMANDS))
def test_every_command_writing_to_a_full_disk_is_a_usage_error(name):
    with open("/dev/full", "w") as full:
        done = _run_with_stdout(STDOUT_COMMANDS[name], stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 2, done.stderr
    assert "disk is full" in done.stderr and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("name", ["rules-list", "rules-explain", "audit-md"])
def test_every_command_with_stdout_closed_is_a_usage_error(name):
    # A stdout closed before the start (`cmd >&-`): Python's sys.stdout is None.
    done = _run_with_stdout(STDOUT_COMMANDS[name], stdout=None, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: os.close(1))
    assert done.returncode == 2, done.stderr
    assert "stdout is closed" in done.stderr and "internal error" not in done.stderr, done.stderr


def test_a_closed_stderr_costs_only_the_messages():
    # Nowhere to say anything: the exit code still tells what happened (2 for a closed stdout, 0 for a report).
    closed_both = _run_with_stdout(STDOUT_COMMANDS["audit-md"], stdout=None, stderr=None,
                                   preexec_fn=lambda: (os.close(1), os.close(2)))
    assert closed_both.returncode == 2
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.md"
        done = _run_with_stdout([*STDOUT_COMMANDS["audit-md"][:-1], "-o", str(report)], stdout=subprocess.DEVNULL,
                                stderr=None, preexec_fn=lambda: os.close(2))
        assert done.returncode == 0 and report.read_text(encoding="utf-8").startswith("# Portfolio audit")
