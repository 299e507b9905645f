"""The GitHub Action: action.yml run step by step by a local runner against the local GitHub, plus its parts."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import xml.etree.ElementTree as ElementTree
from collections import namedtuple
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

from portfolio_audit import __version__
from portfolio_audit import action as action_module
from portfolio_audit.readme_section import END_MARKER, START_MARKER, ReadmeSectionError, replace_section, update_readme
from portfolio_audit.render.badge import BAND_COLOURS, NOT_SCORED_COLOUR, render_badge, text_width
from portfolio_audit.render.markdown import MAX_MARKDOWN_BYTES
from portfolio_audit.render.screen_view import strengths as screening_strengths

from .action_runner import Runner, condition, evaluate, parse_command_file, substitute
from .conftest import REPO_ROOT, require_data

ACTION_FILE = REPO_ROOT / "action.yml"
EXAMPLE_WORKFLOW = REPO_ROOT / "examples" / "workflows" / "portfolio-audit.yml"
GOLDEN_RESULT = REPO_ROOT / "tests" / "golden" / "report.json"
# Recognisable, so a grep finds it wherever it might leak.
FAKE_TOKEN = "ghp_ACTIONCANARY0123456789abcdefACTIONCANARY"
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"

README_BEFORE = "# Hi, I'm Zoë 👋\n\nI build tools for tide gauges.\n\n"
README_AFTER = "\n\n## Contact\n\nWrite to me — <zoe@example.org>.\n"
PROFILE_README = README_BEFORE + f"{START_MARKER}\nold text that the action replaces\n{END_MARKER}" + README_AFTER


# --- the simulated job -------------------------------------------------------------------------


def base_env(home: Path, **extra) -> dict:
    """A job's environment: little beyond PATH, so nothing from the developer's shell leaks in."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
           # The fast path: the test interpreter already has portfolio-audit, so skip the venv.
           "PORTFOLIO_AUDIT_ACTION_PYTHON": sys.executable,
           "PYTHONPATH": str(REPO_ROOT)}
    env.update(extra)
    return {key: value for key, value in env.items() if value is not None}


def make_runner(tmp_path: Path, server, action_dir: Path = REPO_ROOT, readme: str | None = PROFILE_README,
                **env) -> Runner:
    workspace = tmp_path / "workspace"
    workspace.mkdir(exist_ok=True)
    if readme is not None:
        (workspace / "README.md").write_text(readme, encoding="utf-8")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    person = server.world.person
    github = {
        "repository_owner": person, "repository": f"{person}/{person}", "token": FAKE_TOKEN,
        "api_url": server.base_url, "graphql_url": server.graphql_url, "server_url": "https://github.com",
        "run_id": "4242", "run_attempt": "1", "event_name": "schedule",
        "workflow_ref": f"{person}/{person}/.github/workflows/portfolio-audit.yml@refs/heads/main",
    }
    return Runner(action_dir=action_dir, workspace=workspace, runner_temp=runner_temp, github=github,
                  base_env=base_env(tmp_path / "home", **env))


def files_under(*folders: Path) -> dict:
    return {path: path.read_bytes() for folder in folders for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_no_token(run, *folders: Path) -> None:
    assert FAKE_TOKEN not in run.output_text and FAKE_TOKEN not in run.summary
    assert all(FAKE_TOKEN not in value for value in run.outputs.values())
    for path, data in files_under(*folders).items():
        # The runner's own copy of a step's env is not the runner's business to hide; the files are.
        assert FAKE_TOKEN.encode() not in data, path


# --- structure ----------------------------------------------------------------------------------

def load_action() -> dict:
    return yaml.safe_load(ACTION_FILE.read_text(encoding="utf-8"))


def expressions_in(value) -> list:
    if isinstance(value, dict):
        return [e for item in value.values() for e in expressions_in(item)]
    if isinstance(value, list):
        return [e for item in value for e in expressions_in(item)]
    return [match.group(1).strip() for match in EXPRESSION.finditer(str(value))]


def test_action_yml_has_the_required_keys_and_a_description_and_default_for_every_input():
    action = load_action()
    for key in ("name", "description", "inputs", "outputs", "runs"):
        assert action.get(key), key
    assert action["runs"]["using"] == "composite"
    required_inputs = {"handle", "token", "format", "output", "fail-under", "update-readme", "readme-path",
                       "badge-path", "max-repos", "include-forks"}
    assert required_inputs <= set(action["inputs"])
    for name, spec in action["inputs"].items():
        assert spec.get("description", "").strip(), f"input {name} has no description"
        assert "default" in spec, f"input {name} has no default"
    assert action["inputs"]["handle"]["default"] == "${{ github.repository_owner }}"
    assert action["inputs"]["token"]["default"] == "${{ github.token }}"
    assert action["inputs"]["update-readme"]["default"] == "false"
    assert {"score", "report-path", "badge-path", "summary-path"} <= set(action["outputs"])


# An input's default that the runner fills in from the job (``${{ github.repository_owner }}``).
GITHUB_CONTEXT_DEFAULT = re.compile(r"\$\{\{\s*github\.(\w+)\s*\}\}")
INPUT_EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")
DOCS_INPUT_ROW = re.compile(r"^\| `([\w-]+)` \| (.*?) \|", re.MULTILINE)


def _envvars(option) -> list:
    return list(option.envvar) if isinstance(option.envvar, (list, tuple)) else [option.envvar] if option.envvar else []


def _as_input(default) -> str:
    """A Python default as an action input spells it: None is '', False is 'false'."""
    if default is None:
        return ""
    if isinstance(default, bool):
        return "true" if default else "false"
    return str(default)


def test_action_yml_defaults_are_the_action_commands_defaults():
    """One source of truth: each input's default is the `action` command's (portfolio_audit/cli.py, action.py).

    action.yml spells them out because GitHub shows them and its runner fills them in, and
    docs/action.md's table repeats them for readers; both must say what the Python does when
    the input is left out, so a default changed in one place and not the others fails here.
    """
    from portfolio_audit.cli import action_command

    options = {env: option for option in action_command.params for env in _envvars(option)}
    audit_step = next(step for step in load_action()["runs"]["steps"] if step.get("id") == "audit")
    env_of_input = {match.group(1): env for env, value in audit_step["env"].items()
                    if (match := INPUT_EXPRESSION.fullmatch(str(value)))}
    documented = dict(DOCS_INPUT_ROW.findall((REPO_ROOT / "docs" / "action.md").read_text(encoding="utf-8")))
    settings_defaults = {name: spec.default for name, spec in action_module.ActionSettings.__dataclass_fields__.items()}
    for name, spec in load_action()["inputs"].items():
        option = options[env_of_input[name]]  # every input reaches the command, through env: only
        default = str(spec["default"])
        if (expression := GITHUB_CONTEXT_DEFAULT.fullmatch(default)):
            # Run by hand, the command reads the same value from the job's environment.
            assert f"GITHUB_{expression.group(1).upper()}" in _envvars(option), name
            continue
        assert default == _as_input(option.default), f"input {name}: action.yml says {default!r}"
        if option.name in settings_defaults:
            assert option.default == settings_defaults[option.name], f"ActionSettings.{option.name}"
        if default:
            assert documented[name] == f"`{default}`", f"docs/action.md's default of {name}"
    # Empty means "the command decides": the report's name is the one place that says how.
    assert f"{action_module.REPORT_STEM}.<format>" in load_action()["inputs"]["output"]["description"]
    assert documented["output"] == f"`{action_module.REPORT_STEM}.<format>`"


def test_every_run_step_names_its_shell_and_no_run_script_contains_an_expression():
    steps = load_action()["runs"]["steps"]
    run_steps = [step for step in steps if "run" in step]
    assert run_steps
    for step in steps:
        assert ("run" in step) != ("uses" in step), step.get("name")
    for step in run_steps:
        assert step.get("shell") in ("bash", "sh", "python", "pwsh"), step.get("name")
        # No ${{ }} at all in a script: inputs.* would be script injection, and github.* can be too.
        assert "${{" not in step["run"], f"expression pasted into the run: of {step.get('name')!r}"
        assert "inputs." not in step["run"]
        assert "GITHUB_PATH" not in step["run"], "the action must not change the caller's PATH"


def test_every_input_is_used_every_reference_exists_and_every_output_has_a_value():
    action = load_action()
    steps = action["runs"]["steps"]
    step_ids = {step["id"] for step in steps if "id" in step}
    used_inputs = set()
    for expression in expressions_in(steps) + expressions_in(action["outputs"]):
        for name in re.findall(r"\binputs\.([A-Za-z0-9_-]+)", expression):
            assert name in action["inputs"], f"unknown input {name}"
            used_inputs.add(name)
        for step_id in re.findall(r"\bsteps\.([A-Za-z0-9_-]+)\.", expression):
            assert step_id in step_ids, f"unknown step {step_id}"
    assert used_inputs == set(action["inputs"]), f"declared but unused: {set(action['inputs']) - used_inputs}"
    for name, spec in action["outputs"].items():
        assert spec.get("description", "").strip(), name
        value = spec.get("value", "")
        assert re.fullmatch(r"\$\{\{\s*steps\.[A-Za-z0-9_-]+\.outputs\.[A-Za-z0-9_-]+\s*\}\}", value), name
        step_id = value.split(".")[1]
        assert step_id in step_ids


def test_the_cache_is_keyed_by_os_and_handle_and_restored_by_prefix():
    steps = {step.get("id") or step.get("name"): step for step in load_action()["runs"]["steps"]}
    restore = next(step for step in steps.values() if step.get("uses", "").startswith("actions/cache/restore@"))
    save = next(step for step in steps.values() if step.get("uses", "").startswith("actions/cache/save@"))
    key = restore["with"]["key"]
    assert "runner.os" in key and "inputs.handle" in key and "github.run_id" in key
    assert save["with"]["key"] == key and save["with"]["path"] == restore["with"]["path"]
    assert restore["with"]["restore-keys"].strip() and key.startswith(restore["with"]["restore-keys"].strip())
    assert "always()" in save["if"]
    assert steps["audit"]["env"]["PORTFOLIO_AUDIT_CACHE_DIR"] == restore["with"]["path"]


def test_the_example_workflow_is_least_privilege_and_commits_only_the_readme_section():
    workflow = yaml.safe_load(EXAMPLE_WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    assert "push" in triggers and triggers["schedule"][0]["cron"]
    assert workflow["permissions"] == {} or workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write"}
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    audit = next(step for step in job["steps"] if "portfolio-audit" in step.get("uses", ""))
    assert audit["with"]["update-readme"] is True or audit["with"]["update-readme"] == "true"
    for step in job["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step.get("name")
    commit = next(step for step in job["steps"] if "git push" in step.get("run", ""))
    assert "git add" in commit["run"] and "git diff --cached --quiet" in commit["run"]


def test_the_readme_documents_the_action_before_how_scores_work():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.index("## GitHub Action") < readme.index("## How scores work")
    assert "examples/workflows/portfolio-audit.yml" in readme and "docs/action.md" in readme


# --- the runner itself --------------------------------------------------------------------------

def test_runner_expressions_follow_github_semantics():
    context = {"inputs": {"handle": "", "x": "Yes"}, "github": {"repository_owner": "zoe"}, "steps": {}}
    assert evaluate("inputs.handle || github.repository_owner", context) == "zoe"
    assert evaluate("inputs.x == 'yes'", context) is True  # case-insensitive, as on GitHub
    assert evaluate("steps.missing.outputs.score", context) is None
    assert substitute("a-${{ github.repository_owner }}-${{ inputs.handle }}-b", context) == "a-zoe--b"
    failed = {"failed": True}
    assert not condition(None, context, failed) and condition("${{ always() }}", context, failed)
    assert condition("always() && inputs.x != ''", context, failed)
    assert not condition("inputs.x == 'yes'", context, failed)  # success() is implied
    # A scheduled run's event has no repository: the comparison is false, never an error.
    scheduled = {"github": {"ref_name": "main", "event": {"schedule": "17 6 * * 1"}, "event_name": "schedule"}}
    assert evaluate("github.ref_name == github.event.repository.default_branch", scheduled) is False
    assert evaluate("github.event_name == 'schedule' || github.ref_name == github.event.repository.default_branch",
                    scheduled) is True
    assert evaluate("github.event.repository.default_branch == ''", scheduled) is True  # null is 0, as is ''
    assert evaluate("!env.UNSET", {"env": {}}) is True


def test_runner_reads_both_output_forms():
    text = "score=72.4\nreport-path<<EOF_1\n/tmp/a\nb\nEOF_1\nempty=\n"
    assert parse_command_file(text) == {"score": "72.4", "report-path": "/tmp/a\nb", "empty": ""}


# --- end to end ---------------------------------------------------------------------------------

def test_a_run_writes_outputs_summary_badge_report_and_readme_and_a_second_run_changes_nothing(github, tmp_path):
    runner = make_runner(tmp_path, github)
    first = runner.run({"update-readme": "true"})
    audit = first.step("audit")
    assert not first.failed, audit.stderr
    assert "Traceback" not in audit.stderr

    # Steps: the install took the fast path (so Python was not set up), the cache steps were recorded and not run.
    assert first.step("install").outputs == {"python": sys.executable}
    assert first.step("python").outcome == "skipped"
    recorded = [step for step in first.skipped_uses if step.outcome != "skipped"]
    assert [step.uses.split("@")[0] for step in recorded] == ["actions/cache/restore", "actions/cache/save"]
    cache_dir = str(runner.runner_temp / "portfolio-audit-cache")
    person = github.world.person
    for step in recorded:
        assert step.with_["path"] == cache_dir
        assert step.with_["key"] == f"portfolio-audit-v1-Linux-{person}-4242-1"
    assert first.step("cache-restore").with_["restore-keys"].strip() == f"portfolio-audit-v1-Linux-{person}-"
    assert audit.env["PORTFOLIO_AUDIT_CACHE_DIR"] == cache_dir
    assert audit.env["PORTFOLIO_AUDIT_API_URL"] == github.base_url
    assert audit.env["PORTFOLIO_AUDIT_HANDLE"] == person
    assert first.path_additions == [] and first.env_additions == {}

    # Outputs.
    outputs = first.outputs
    assert re.fullmatch(r"\d{1,3}(\.\d)?", outputs["score"]), outputs
    score = float(outputs["score"])
    assert outputs["band"] in BAND_COLOURS
    workspace = runner.workspace
    assert outputs["report-path"] == str(workspace / "portfolio-audit-report.html")
    assert outputs["badge-path"] == str(workspace / "portfolio-audit-badge.svg")
    assert outputs["summary-path"] == str(workspace / "portfolio-audit-summary.md")
    assert outputs["readme-changed"] == "true"

    # The report, the summary (file and job summary) and the badge.
    report = Path(outputs["report-path"]).read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>") and "tidewatch" in report
    summary = Path(outputs["summary-path"]).read_text(encoding="utf-8")
    assert first.summary == summary
    assert summary.startswith("# Portfolio audit: ") and f"@{person}" in summary.splitlines()[0] and f"**Overall score: {outputs['score']} / 100" in summary
    assert len(first.summary.encode("utf-8")) <= MAX_MARKDOWN_BYTES
    badge = ElementTree.fromstring(Path(outputs["badge-path"]).read_text(encoding="utf-8"))
    assert badge.tag == f"{SVG_NAMESPACE}svg"
    assert badge.get("aria-label") == f"portfolio audit: {outputs['score']} · {outputs['band']}"
    fills = {rect.get("fill") for rect in badge.iter(f"{SVG_NAMESPACE}rect")}
    assert BAND_COLOURS[outputs["band"]] in fills

    # The README: only the section changed.
    readme = (workspace / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(README_BEFORE + START_MARKER + "\n") and readme.endswith(END_MARKER + README_AFTER)
    section = readme[len(README_BEFORE + START_MARKER): -len(END_MARKER + README_AFTER)]
    assert "old text" not in section
    assert f"![portfolio audit: {outputs['score']} · {outputs['band']}](portfolio-audit-badge.svg)" in section
    assert f"**Portfolio audit: {outputs['score']} / 100 ({outputs['band']})**" in section
    assert "**Top strengths**" in section and "**Top improvements**" in section
    runs_page = f"https://github.com/{person}/{person}/actions/workflows/portfolio-audit.yml"
    assert f"]({runs_page})" in section
    assert score == pytest.approx(float(outputs["score"]))
    assert_no_token(first, workspace, runner.runner_temp)
    cache_files = files_under(Path(cache_dir))
    assert cache_files, "the HTTP cache was not written where actions/cache saves it"
    cold_charged = github.stats.snapshot()["counted_total"]
    assert cold_charged > 0

    # A second (scheduled) run with the cache restored: the committed files keep their bytes (the
    # report and summary may differ: they say when the data was collected) and nothing is charged.
    committed = [workspace / "README.md", Path(outputs["badge-path"])]
    before = {path: path.read_bytes() for path in committed}
    github.stats.reset()
    second = runner.run({"update-readme": "true"})
    assert not second.failed, second.step("audit").stderr
    assert {path: path.read_bytes() for path in committed} == before
    assert second.outputs == dict(outputs, **{"readme-changed": "false"})
    assert second.summary.split("\n", 3)[:3] == first.summary.split("\n", 3)[:3]
    assert "already up to date" in second.step("audit").stderr
    warm = github.stats.snapshot()
    assert warm["counted_total"] == 0, warm["counted"]
    assert warm["not_modified"] > 0
    assert_no_token(second, workspace, runner.runner_temp)


def test_missing_markers_stop_the_step_with_a_clear_error_and_leave_the_readme_alone(github, tmp_path):
    plain = "# Hello\n\nNo markers here.\n"
    runner = make_runner(tmp_path, github, readme=plain)
    run = runner.run({"update-readme": "true", "max-repos": "2"})
    audit = run.step("audit")
    assert run.failed and audit.returncode == 2
    assert f"has no {START_MARKER} and {END_MARKER} marker" in audit.stderr
    assert "::error title=portfolio-audit::" in audit.stdout and "Traceback" not in audit.stderr
    assert (runner.workspace / "README.md").read_text(encoding="utf-8") == plain
    # Everything else was still written, and the cache is still saved for the next run.
    assert run.outputs["score"] and Path(run.outputs["badge-path"]).is_file()
    assert run.outputs["readme-changed"] == "false"
    assert run.step("cache-restore").outcome == "success"
    assert run.skipped_uses[-1].outcome == "success"


def test_a_missing_readme_is_reported_with_a_hint(github, tmp_path):
    run = make_runner(tmp_path, github, readme=None).run({"update-readme": "true", "max-repos": "1"})
    audit = run.step("audit")
    assert run.failed and audit.returncode == 2
    assert "README.md: the file does not exist" in audit.stderr and "actions/checkout" in audit.stderr
    assert Path(run.outputs["summary-path"]).is_file()


def test_readme_updates_are_opt_in(github, tmp_path):
    runner = make_runner(tmp_path, github)
    run = runner.run({"max-repos": "2", "format": "json", "output": "out/audit.json", "badge-path": "img/badge.svg"})
    assert not run.failed, run.step("audit").stderr
    assert (runner.workspace / "README.md").read_text(encoding="utf-8") == PROFILE_README
    assert run.outputs["readme-changed"] == "false"
    result = json.loads(Path(run.outputs["report-path"]).read_text(encoding="utf-8"))
    assert run.outputs["report-path"] == str(runner.workspace / "out" / "audit.json")
    assert run.outputs["badge-path"] == str(runner.workspace / "img" / "badge.svg")
    assert result["counts"]["repos"] == 2


def test_fail_under_fails_the_step_after_everything_is_written(github, tmp_path):
    runner = make_runner(tmp_path, github)
    run = runner.run({"fail-under": "99.5", "max-repos": "2", "update-readme": "true"})
    audit = run.step("audit")
    assert run.failed and audit.returncode == 1
    assert "is below fail-under 99.5" in audit.stdout
    assert run.outputs["score"] and Path(run.outputs["report-path"]).is_file() and run.summary
    assert run.outputs["readme-changed"] == "true"
    assert run.skipped_uses[-1].uses.startswith("actions/cache/save@") and run.skipped_uses[-1].outcome == "success"


def test_an_empty_token_audits_anonymously(github, tmp_path):
    runner = make_runner(tmp_path, github)
    run = runner.run({"token": "", "max-repos": "1"})
    assert not run.failed, run.step("audit").stderr
    assert run.step("audit").env["GITHUB_TOKEN"] == ""
    assert "no GitHub token" in run.step("audit").stderr
    assert run.outputs["score"] or run.outputs["band"] == ""


def test_a_bad_input_is_a_usage_error_naming_it(github, tmp_path):
    run = make_runner(tmp_path, github).run({"fail-under": "lots"})
    audit = run.step("audit")
    assert run.failed and audit.returncode == 2
    assert "PORTFOLIO_AUDIT_FAIL_UNDER" in audit.stderr and "Traceback" not in audit.stderr
    assert github.stats.snapshot()["total"] == 0


def action_wheels() -> Path:
    """The pinned wheels of action-requirements.txt, downloaded by .ci/run (the tests never reach a registry)."""
    folder = Path(os.environ.get("PORTFOLIO_AUDIT_ACTION_WHEELS") or REPO_ROOT / ".ci-wheels")
    return require_data(folder, "the action's pinned wheels (bash .ci/run downloads them with"
                                " pip download --require-hashes -r action-requirements.txt)")


@pytest.mark.slow
def test_the_install_step_really_installs_the_pinned_wheels_into_its_own_venv(github, tmp_path):
    """The install step as written: a fresh venv, every dependency checked against its hash, no index."""
    wheels = action_wheels()
    action_dir = tmp_path / "action"
    shutil.copytree(REPO_ROOT, action_dir, ignore=shutil.ignore_patterns(
        ".git", ".ci-venv", ".ci-wheels", ".venv", "tests", "benchmarks", "examples", "docs", "__pycache__",
        "*.egg-info", "build", "dist", ".pytest_cache"))
    # setup-python is recorded, not run; its python-path output is this interpreter (3.11, as pinned).
    runner = make_runner(tmp_path, github, action_dir=action_dir, PORTFOLIO_AUDIT_ACTION_PYTHON=None, PYTHONPATH=None,
                         PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheels), PIP_DISABLE_PIP_VERSION_CHECK="1")
    runner.uses_outputs = {"actions/setup-python@": {"python-path": sys.executable}}
    started = time.monotonic()
    run = runner.run({"update-readme": "true", "max-repos": "2"})
    total = time.monotonic() - started
    install = run.step("install")
    assert run.step("python").with_ == {"python-version": "3.11", "update-environment": "false"}
    assert install.returncode == 0, install.stderr[-3000:]
    assert not run.failed, run.step("audit").stderr
    venv_python = runner.runner_temp / "portfolio-audit-venv" / "bin" / "python"
    assert install.outputs == {"python": str(venv_python)}
    located = subprocess.run(
        [str(venv_python), "-c", "import portfolio_audit; print(portfolio_audit.__file__)"],
        env={"PATH": os.environ.get("PATH", "")}, cwd=tmp_path, capture_output=True, text=True)
    assert located.returncode == 0, located.stderr
    assert located.stdout.strip().startswith(str(runner.runner_temp / "portfolio-audit-venv"))
    frozen = subprocess.run([str(venv_python), "-m", "pip", "list", "--format=freeze", "--exclude", "pip"],
                            capture_output=True, text=True, check=True).stdout.split()
    installed = {canonical(line.split("==")[0]): line.split("==")[1] for line in frozen}
    assert installed.pop("portfolio-audit") == __version__
    assert installed == {name: pin.version for name, pin in locked().items()}
    assert run.path_additions == []
    assert run.outputs["readme-changed"] == "true"
    print(f"\ninstall step: {install.seconds:.1f} s; whole action: {total:.1f} s")


# --- pins ---------------------------------------------------------------------------------------

# The third-party actions and the commits their release tags point at. Each SHA was read from
# the action's own repository (actions/cache, actions/setup-python: `git tag` of a mirror) or
# found with that release in the comment in several unrelated public workflows (all four);
# docs/action.md, "Releasing", says how to move to a newer release.
VERIFIED_PINS = {
    "actions/checkout": ("de0fac2e4500dabe0009e67214ff5f5447ce83dd", "v6.0.2"),
    "actions/setup-python": ("e797f83bcb11b83ae66e0230d6156d7c80228e7c", "v6.0.0"),
    "actions/cache/restore": ("27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5"),
    "actions/cache/save": ("27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5"),
    "actions/upload-artifact": ("043fb46d1a93c77aae656e7c1c64a875d1fc6a0a", "v7.0.1"),
}
USES_LINE = re.compile(r"^\s*(?:-\s*)?uses:\s*(?P<action>[^@\s]+)@(?P<ref>\S+)(?:\s+#\s*(?P<comment>\S+))?")
OWN_ACTION = "portfolio-audit/portfolio-audit"


def uses_lines(path: Path) -> list:
    return [match.groupdict() for line in path.read_text(encoding="utf-8").splitlines()
            if (match := USES_LINE.match(line))]


@pytest.mark.parametrize("path", [ACTION_FILE, EXAMPLE_WORKFLOW], ids=["action.yml", "example-workflow"])
def test_every_third_party_action_is_pinned_by_commit_sha_with_its_release_in_a_comment(path):
    pins = [use for use in uses_lines(path) if use["action"] != OWN_ACTION]
    assert pins
    for use in pins:
        assert re.fullmatch(r"[0-9a-f]{40}", use["ref"]), use
        assert use["action"] in VERIFIED_PINS, f"{use['action']}: verify its SHA and add it to VERIFIED_PINS"
        assert (use["ref"], use["comment"]) == VERIFIED_PINS[use["action"]], use


def test_the_example_uses_this_releases_tag_of_the_real_repository():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__
    (own,) = [use for use in uses_lines(EXAMPLE_WORKFLOW) if use["action"] == OWN_ACTION]
    assert own["ref"] == f"v{__version__}"
    urls = set(project["urls"].values())
    assert all(url.startswith(f"https://github.com/{OWN_ACTION}") for url in urls)
    for document in ("README.md", "docs/action.md"):
        text = (REPO_ROOT / document).read_text(encoding="utf-8")
        assert f"uses: {OWN_ACTION}@v{__version__}" in text, document
        assert not re.search(rf"{OWN_ACTION}@v(?!{re.escape(__version__)}\b)\d", text), document


Pin = namedtuple("Pin", "version hashes")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict:
    """{name: Requirement} of action-requirements.txt; each must be pinned (==) and carry hashes."""
    text = (REPO_ROOT / "action-requirements.txt").read_text(encoding="utf-8")
    entries = {}
    for block in re.split(r"\n(?=\S)", re.sub(r"^\s*#.*$", "", text, flags=re.MULTILINE).strip()):
        line = " ".join(part.strip().rstrip("\\") for part in block.splitlines() if part.strip())
        spec, *options = line.split(" --")
        hashes = [option for option in options if option.startswith("hash=sha256:")]
        requirement = Requirement(spec)
        assert hashes, f"{spec}: no --hash"
        (pin,) = requirement.specifier
        assert pin.operator == "==", spec
        entries[canonical(requirement.name)] = Pin(pin.version, tuple(hashes))
    return entries


def test_the_action_installs_from_a_hash_locked_file_that_covers_every_dependency():
    pins = locked()
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in project["dependencies"] + [project_build_requirement()]:
        requirement = Requirement(spec)
        name = canonical(requirement.name)
        assert name in pins, f"{name} is not in action-requirements.txt (re-run pip-compile; docs/action.md)"
        assert requirement.specifier.contains(pins[name].version), (spec, pins[name].version)
    install = next(step for step in load_action()["runs"]["steps"] if step.get("id") == "install")["run"]
    assert '--require-hashes --only-binary=:all: -r "$GITHUB_ACTION_PATH/action-requirements.txt"' in install
    assert '--no-deps --no-build-isolation --no-index "$GITHUB_ACTION_PATH"' in install
    assert "action-requirements.txt" in (REPO_ROOT / "MANIFEST.in").read_text(encoding="utf-8")


def project_build_requirement() -> str:
    (setuptools,) = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    return setuptools


# --- the parts ----------------------------------------------------------------------------------

def test_replace_section_keeps_everything_outside_the_markers():
    text = "intro\r\n<!--portfolio-audit:start-->\r\nold\r\n<!-- portfolio-audit:end -->\r\noutro"
    updated = replace_section(text, "new line 1\nnew line 2\n")
    assert updated == ("intro\r\n<!--portfolio-audit:start-->\r\nnew line 1\r\nnew line 2\r\n"
                       "<!-- portfolio-audit:end -->\r\noutro")
    assert replace_section(updated, "new line 1\nnew line 2\n") == updated


@pytest.mark.parametrize("text, message", [
    ("no markers", f"no {START_MARKER} and {END_MARKER} marker"),
    (f"{START_MARKER} only", f"no {END_MARKER} marker"),
    (f"{END_MARKER}\n{START_MARKER}", "end marker comes before its start marker"),
    (f"{START_MARKER}\n{END_MARKER}\n{START_MARKER}\n{END_MARKER}", "2 start and 2 end markers"),
])
def test_replace_section_refuses_what_it_cannot_do_safely(text, message):
    with pytest.raises(ReadmeSectionError, match=re.escape(message)):
        replace_section(text, "x")


def test_update_readme_does_not_rewrite_an_unchanged_file(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(PROFILE_README, encoding="utf-8")
    assert update_readme(readme, "section") is True
    stamp = readme.stat().st_mtime_ns
    time.sleep(0.01)
    assert update_readme(readme, "section") is False
    assert readme.stat().st_mtime_ns == stamp
    assert readme.read_text(encoding="utf-8") == README_BEFORE + f"{START_MARKER}\nsection\n{END_MARKER}" + README_AFTER


def test_the_badge_is_valid_svg_escaped_coloured_by_band_and_sized_by_text():
    for score, band in ((95, "strong"), (70, "good"), (45, "fair"), (10, "weak")):
        svg = ElementTree.fromstring(render_badge(score, band))
        assert BAND_COLOURS[band] in {rect.get("fill") for rect in svg.iter(f"{SVG_NAMESPACE}rect")}
    unscored = ElementTree.fromstring(render_badge(None, None))
    assert NOT_SCORED_COLOUR in {rect.get("fill") for rect in unscored.iter(f"{SVG_NAMESPACE}rect")}
    hostile = render_badge(50, "fair", label='<a href="x">&"')
    parsed = ElementTree.fromstring(hostile)
    assert "<a " not in hostile and parsed.get("aria-label") == '<a href="x">&": 50 · fair'
    assert int(ElementTree.fromstring(render_badge(100, "strong")).get("width")) > int(
        ElementTree.fromstring(render_badge(1, "weak")).get("width"))
    assert text_width("mmmm") > text_width("iiii") > 0
    assert render_badge(72.4, "good") == render_badge(72.4, "good")


def test_top_strengths_are_passing_findings_ranked_by_weighted_contribution():
    result = json.loads(GOLDEN_RESULT.read_text(encoding="utf-8"))
    strengths = action_module.top_strengths(result, limit=50)
    assert strengths and strengths == action_module.top_strengths(result, limit=50)
    scored_passes = {f["rule_id"] for r in result["repos"] if r["score"] is not None for f in r["findings"]
                     if f["outcome"] == "pass"}
    assert {s["rule_id"] for s in strengths} == scored_passes
    values = [s["strength"] for s in strengths]
    assert values == sorted(values, reverse=True)
    unscored = {r["name"] for r in result["repos"] if r["score"] is None}
    assert not unscored & {name for s in strengths for name in s["repos"]}


def _passing(repo: str, rule_id: str, score: float) -> dict:
    finding = {"rule_id": rule_id, "title": rule_id, "category": "readme", "weight": 1.0, "outcome": "pass",
               "score": score, "evidence": [{"path": "README.md", "line": 1, "snippet": "A clear opening."}]}
    return {"name": repo, "score": score, "weight": 1.0, "findings": [finding]}


def test_the_readme_section_and_the_screening_rank_strengths_one_way():
    # Equal rule and repository weights: the pass that scores 100 shows more than the one that scores 80,
    # whichever repository's name sorts first.
    result = {"repos": [_passing("alpha", "readme/opening", 80.0), _passing("beta", "readme/setup", 100.0)]}
    assert [s["rule_id"] for s in action_module.top_strengths(result)] == ["readme/setup", "readme/opening"]
    assert [s["rule_id"] for s in screening_strengths(result)] == ["readme/setup", "readme/opening"]


def test_the_readme_section_escapes_repository_data_and_has_no_run_specific_text():
    result = json.loads(GOLDEN_RESULT.read_text(encoding="utf-8"))
    section = action_module.readme_section(result, "portfolio-audit-badge.svg", "https://github.com/a/a/actions")
    assert "<script>" not in section and "&lt;script&gt;" in section
    assert section == action_module.readme_section(result, "portfolio-audit-badge.svg",
                                                   "https://github.com/a/a/actions")
    assert not re.search(r"\b20\d\d-\d\d-\d\d", section)
    unsafe = action_module.readme_section(result, "b.svg", "javascript:alert(1)")
    assert "javascript:" not in unsafe


def test_default_report_url_points_at_the_workflow_runs_page():
    url = action_module.default_report_url("https://github.com", "zoe/zoe", "zoe/zoe/.github/workflows/audit.yml@refs/heads/main")
    assert url == "https://github.com/zoe/zoe/actions/workflows/audit.yml"
    assert action_module.default_report_url("https://github.com", "zoe/zoe", None) == "https://github.com/zoe/zoe/actions"
    assert action_module.default_report_url(None, None, None) is None


def test_the_step_summary_never_passes_githubs_limit(tmp_path):
    summary_file = tmp_path / "summary.md"
    summary_file.write_text("x" * (MAX_MARKDOWN_BYTES - 100), encoding="utf-8")
    action_module.append_step_summary(str(summary_file), "y" * 200, "short\n")
    assert summary_file.read_text(encoding="utf-8").endswith("short\n")
    action_module.append_step_summary(str(summary_file), "y" * 200, "z" * 200)
    assert summary_file.stat().st_size <= MAX_MARKDOWN_BYTES


def test_step_outputs_cannot_forge_another_output(tmp_path):
    output_file = tmp_path / "out"
    action_module.write_step_outputs(str(output_file), {"report-path": "a\nscore=100", "score": "12"})
    assert parse_command_file(output_file.read_text(encoding="utf-8")) == {"report-path": "a\nscore=100",
                                                                         "score": "12"}


def test_pages_addresses_of_project_and_user_sites():
    pages = action_module.pages_url
    assert pages("https://github.com", "Zoe/Zoe", "portfolio-audit/index.html") == "https://zoe.github.io/Zoe/portfolio-audit/"
    assert pages("https://github.com", "zoe/zoe.github.io", "portfolio-audit/index.html") == \
        "https://zoe.github.io/portfolio-audit/"
    assert pages("https://github.com", "zoe/zoe", "docs/report.html") == "https://zoe.github.io/zoe/docs/report.html"
    assert pages("https://ghe.example.com", "zoe/zoe", "portfolio-audit/index.html") is None  # unknown: set report-url


def test_publishing_needs_the_html_report(github, tmp_path):
    run = make_runner(tmp_path, github).run({"publish-report": "true", "format": "json"})
    audit = run.step("audit")
    assert run.failed and audit.returncode == 2 and "publish-report publishes the HTML report" in audit.stderr
    assert github.stats.snapshot()["total"] == 0


def test_the_install_stops_with_a_clear_error_on_runners_the_lock_is_not_for(github, tmp_path):
    runner = make_runner(tmp_path, github, PORTFOLIO_AUDIT_ACTION_PYTHON=None)
    runner.runner_os = "macOS"
    run = runner.run()
    install = run.step("install")
    assert install.returncode == 2 and "locked for Linux x86-64 runners" in install.stdout
    assert run.step("audit").outcome == "skipped"
