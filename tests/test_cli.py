"""The command line as a user runs it: exit codes, stdout/stderr split, replayable stages."""

import json
from pathlib import Path

import pytest

from .helpers import make_repo, run_cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "portfolio"
GOOD_README = """# Tally

Tally is a command-line tool for people who run small book clubs: it keeps track of who
has read what and suggests the next book nobody has read yet.

## Install

```bash
pip install tally-books
```

## Usage

```bash
tally add "Dune" --reader sam
tally next
```
"""


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    root = tmp_path_factory.mktemp("portfolio")
    make_repo(root / "tally", {"README.md": GOOD_README, "tally/core.py": '"""Core."""\n\nVALUE = 1\n' * 30},
              [("Explain why suggestions skip books already read\n\nReaders asked for it.", {"NOTES.md": "x\n"})])
    make_repo(root / "tiny", {"README.md": "# tiny\n"})
    return root


def test_version_and_help_on_every_command():
    for args in ([], ["audit"], ["collect"], ["evaluate"], ["render"], ["rules"], ["rules", "list"], ["rules", "explain"]):
        version = run_cli(*args, "--version")
        assert version.returncode == 0 and "portfolio-audit" in version.stdout, args
        helped = run_cli(*args, "--help")
        assert helped.returncode == 0 and "Usage:" in helped.stdout, args


def test_audit_json_goes_to_stdout_and_progress_to_stderr(portfolio):
    done = run_cli("audit", str(portfolio), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)  # stdout is the report and nothing else
    assert {r["name"] for r in result["repos"]} == {"tally", "tiny"}
    assert "portfolio-audit: 2 repositories" in done.stderr
    tiny = next(r for r in result["repos"] if r["name"] == "tiny")
    assert tiny["status"] == "insufficient_evidence" and tiny["score"] is None


def test_audit_html_defaults_to_a_file(portfolio, tmp_path):
    done = run_cli("audit", str(portfolio), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    report = (tmp_path / "portfolio-report.html").read_text(encoding="utf-8")
    assert report.lstrip().lower().startswith("<!doctype html") and "tally" in report


def test_markdown_and_output_file(portfolio, tmp_path):
    target = tmp_path / "out.md"
    done = run_cli("audit", str(portfolio), "-f", "md", "-o", str(target), "-q")
    assert done.returncode == 0 and done.stderr == "" and done.stdout == ""
    assert "tally" in target.read_text(encoding="utf-8")


def test_fail_under_exits_one(portfolio):
    low = run_cli("audit", str(portfolio), "-f", "json", "--fail-under", "100")
    assert low.returncode == 1 and "below --fail-under 100" in low.stderr
    high = run_cli("audit", str(portfolio), "-f", "json", "--fail-under", "0")
    assert high.returncode == 0


def test_collect_evaluate_render_replay_matches_audit(portfolio, tmp_path):
    snap, result = tmp_path / "snap.json", tmp_path / "result.json"
    assert run_cli("collect", str(portfolio), "-o", str(snap)).returncode == 0
    assert run_cli("evaluate", str(snap), "-o", str(result)).returncode == 0
    rendered = run_cli("render", str(result), "-f", "json")
    replayed = run_cli("audit", str(snap), "-f", "json")
    assert rendered.returncode == 0 and replayed.returncode == 0
    assert rendered.stdout == replayed.stdout == result.read_text(encoding="utf-8")
    # Same snapshot, same bytes: evaluation reads no clock.
    assert run_cli("audit", str(snap), "-f", "json").stdout == replayed.stdout


@pytest.mark.parametrize(
    "args,code,needle",
    [
        (["audit", "/definitely/not/here"], 2, "no such file"),
        (["audit", "--format", "pdf", "."], 2, "Invalid value"),
        (["audit", "--fail-under", "150", "."], 2, "Invalid value"),
        (["rules", "explain", "readme/nope"], 2, "unknown rule"),
        (["evaluate", "missing.json"], 2, "cannot read"),
    ],
)
def test_bad_input_is_one_clear_line(args, code, needle, tmp_path):
    done = run_cli(*args, cwd=tmp_path)
    assert done.returncode == code, done.stderr
    assert needle in done.stderr
    assert "Traceback" not in done.stderr


def test_corrupt_snapshot_is_rejected_cleanly(tmp_path):
    bad = tmp_path / "snap.json"
    bad.write_text('{"repos": [}')
    done = run_cli("audit", str(bad))
    assert done.returncode == 2 and "not valid JSON" in done.stderr and "Traceback" not in done.stderr
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    done = run_cli("audit", str(other))
    assert done.returncode == 2 and "not a portfolio-audit snapshot" in done.stderr


def test_render_rejects_a_snapshot_passed_as_result(portfolio, tmp_path):
    snap = tmp_path / "snap.json"
    run_cli("collect", str(portfolio), "-o", str(snap))
    done = run_cli("render", str(snap))
    assert done.returncode == 2 and "not a portfolio-audit result" in done.stderr


def test_invalid_rules_exit_four(tmp_path):
    (tmp_path / "categories.yml").write_text("readme: {title: README, weight: 1}\n")
    (tmp_path / "readme").mkdir()
    (tmp_path / "readme" / "bad.yml").write_text("id: readme/bad\n")
    done = run_cli("rules", "list", "--rules", str(tmp_path))
    assert done.returncode == 4 and "bad.yml" in done.stderr


def test_rules_list_and_explain_print_the_prose():
    listed = run_cli("rules", "list")
    assert listed.returncode == 0
    first_id = next(line.split()[0] for line in listed.stdout.splitlines() if line.startswith("  "))
    explained = run_cli("rules", "explain", first_id)
    assert explained.returncode == 0
    for heading in ("What it checks", "Why it matters", "Passing example", "Failing example", "Advice"):
        assert heading in explained.stdout


def test_pyproject_defaults_apply(portfolio, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.portfolio-audit]\nformat = "json"\nfail-under = 100\n')
    done = run_cli("audit", str(portfolio), cwd=tmp_path)
    assert done.returncode == 1 and json.loads(done.stdout)["repos"]
    (tmp_path / "pyproject.toml").write_text('[tool.portfolio-audit]\ncolour = "red"\n')
    done = run_cli("audit", str(portfolio), cwd=tmp_path)
    assert done.returncode == 2 and "unknown key" in done.stderr


def test_one_failing_repo_does_not_abort(portfolio, monkeypatch, capsys):
    from portfolio_audit import app
    from portfolio_audit.collect import local

    real_read = local._read_files

    def flaky_read(root, paths):
        if root.name == "tiny":
            raise PermissionError("simulated: permission denied")
        return real_read(root, paths)

    monkeypatch.setattr(local, "_read_files", flaky_read)
    code = app.run_audit(app.AuditSettings(inputs=(str(portfolio),), output_format="json", quiet=True))
    result = json.loads(capsys.readouterr().out)
    assert code == 0
    tiny = next(r for r in result["repos"] if r["name"] == "tiny")
    assert tiny["status"] == "not_collected" and "permission denied" in tiny["status_reason"]
    assert next(r for r in result["repos"] if r["name"] == "tally")["status"] == "scored"


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/portfolio not present")
def test_quick_start_example_orders_quality(tmp_path):
    done = run_cli("audit", str(EXAMPLES), "-f", "json")
    assert done.returncode == 0, done.stderr
    scores = {r["name"]: r["score"] for r in json.loads(done.stdout)["repos"]}
    assert scores["tidewatch"] > scores["recipe-box"] > scores["ml-homework"], scores


def test_report_file_honours_the_umask(portfolio, tmp_path):
    import os
    import stat

    target = tmp_path / "r.json"
    assert run_cli("audit", str(portfolio), "-f", "json", "-o", str(target), "-q").returncode == 0
    mode = stat.S_IMODE(os.stat(target).st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask
