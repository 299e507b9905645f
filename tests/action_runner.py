"""A small local runner for composite actions: action.yml's steps in order, in a simulated Actions environment.

GitHub cannot be reached from the tests, so this plays the part of the Actions
runner closely enough to catch what matters: inputs and defaults, ``${{ }}``
expressions (inputs, github, runner, env, steps.*.outputs/outcome), ``if:``
conditions with success()/always()/failure(), per-step ``env:``, ``shell:``,
per-step GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files (both ``name=value`` and
``name<<DELIMITER`` forms), GITHUB_ENV / GITHUB_PATH (recorded, so a test can
assert the action never changes the caller's PATH) and the action's outputs.
``uses:`` steps (actions/cache, ...) are not run: each is recorded with its
evaluated ``with:`` so tests can check what it would have done.

WorkflowRunner runs one job of a workflow file the same way for a given event
(``github.event`` is its payload), running the local action where the workflow uses it.

What it does not do: matrix, services, containers, post steps, ``hashFiles``.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

# GitHub's own command lines for the shells it knows (docs: "jobs.<id>.steps[*].shell").
SHELLS = {
    "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail", "{0}"],
    "default": ["bash", "-e", "{0}"],  # a workflow's run: step without shell:, on Linux
    "sh": ["sh", "-e", "{0}"],
    "python": ["python", "{0}"],
}
SCRIPT_SUFFIX = {"bash": ".sh", "sh": ".sh", "python": ".py"}
STEP_TIMEOUT_SECONDS = 600
_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)


class ExpressionError(ValueError):
    """An expression this runner does not understand: a test should notice, not guess."""


# --- expressions ---------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>-?\d+(?:\.\d+)?)|(?P<op>\|\||&&|==|!=|<=|>=|[!<>(),.\[\]])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*))"
)


def _tokens(text: str) -> list:
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise ExpressionError(f"cannot parse {text!r} at {position}")
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _truthy(value) -> bool:
    return value not in (None, False, 0, "", 0.0)


def _text(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _compare(value):
    # GitHub compares strings case-insensitively and coerces mixed types to numbers.
    return value.lower() if isinstance(value, str) else value


def _number(value) -> float:
    """GitHub's number coercion: null 0, booleans 1 and 0, numeric strings their value, anything else NaN."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip()) if str(value).strip() else 0.0
    except ValueError:
        return float("nan")


def _comparable(left, right) -> tuple:
    """Both sides as GitHub compares them: strings case-insensitively, mixed types as numbers (null is 0)."""
    if isinstance(left, str) and isinstance(right, str):
        return left.lower(), right.lower()
    if type(left) is type(right) and left is not None:
        return left, right
    return _number(left), _number(right)


# NaN compares false with everything, as in GitHub's expressions (a string that is not a number).
_COMPARISONS = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
                ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}


class _Parser:
    """Recursive descent over GitHub's expression grammar (the subset actions use)."""

    def __init__(self, text: str, context: dict, status: dict):
        self.tokens = _tokens(text)
        self.position = 0
        self.context = context
        self.status = status

    def parse(self):
        value = self.or_expression()
        if self.position != len(self.tokens):
            raise ExpressionError(f"unexpected {self.tokens[self.position][1]!r}")
        return value

    def peek(self):
        return self.tokens[self.position][1] if self.position < len(self.tokens) else None

    def take(self, expected=None):
        kind, value = self.tokens[self.position]
        if expected is not None and value != expected:
            raise ExpressionError(f"expected {expected!r}, got {value!r}")
        self.position += 1
        return kind, value

    def or_expression(self):
        value = self.and_expression()
        while self.peek() == "||":
            self.take()
            right = self.and_expression()
            value = value if _truthy(value) else right
        return value

    def and_expression(self):
        value = self.comparison()
        while self.peek() == "&&":
            self.take()
            right = self.comparison()
            value = right if _truthy(value) else value
        return value

    def comparison(self):
        value = self.unary()
        while self.peek() in ("==", "!=", "<", ">", "<=", ">="):
            _, op = self.take()
            left, right = _comparable(value, self.unary())
            value = _COMPARISONS[op](left, right)
        return value

    def unary(self):
        if self.peek() == "!":
            self.take()
            return not _truthy(self.unary())
        return self.primary()

    def primary(self):
        kind, value = self.take()
        if kind == "string":
            return value[1:-1].replace("''", "'")
        if kind == "number":
            return float(value)
        if value == "(":
            inner = self.or_expression()
            self.take(")")
            return inner
        if kind != "name":
            raise ExpressionError(f"unexpected {value!r}")
        if value in ("true", "false"):
            return value == "true"
        if value == "null":
            return None
        if self.peek() == "(":
            return self.call(value)
        current = self.context.get(value)
        if value not in self.context:
            raise ExpressionError(f"unknown context {value!r}")
        while self.peek() in (".", "["):
            if self.take()[1] == ".":
                key = self.take()[1]
            else:
                key = _text(self.or_expression())
                self.take("]")
            current = current.get(key) if isinstance(current, dict) else None
        return current

    def call(self, name: str):
        self.take("(")
        args = []
        while self.peek() != ")":
            args.append(self.or_expression())
            if self.peek() == ",":
                self.take()
        self.take(")")
        lowered = name.lower()
        if lowered in ("success", "failure", "always", "cancelled"):
            return {"success": not self.status["failed"], "failure": self.status["failed"],
                    "always": True, "cancelled": False}[lowered]
        if lowered == "contains":
            haystack, needle = args
            if isinstance(haystack, list):
                return any(_compare(item) == _compare(needle) for item in haystack)
            return _text(needle).lower() in _text(haystack).lower()
        if lowered == "startswith":
            return _text(args[0]).lower().startswith(_text(args[1]).lower())
        if lowered == "endswith":
            return _text(args[0]).lower().endswith(_text(args[1]).lower())
        if lowered == "format":
            return re.sub(r"\{(\d+)\}", lambda m: _text(args[1 + int(m.group(1))]), _text(args[0]))
        raise ExpressionError(f"function {name}() is not supported by this runner")


def evaluate(expression: str, context: dict, status: Optional[dict] = None):
    """The value of one expression (the text inside ``${{ }}``)."""
    return _Parser(expression, context, status or {"failed": False}).parse()


def substitute(text, context: dict, status: Optional[dict] = None) -> str:
    """``text`` with every ``${{ expression }}`` replaced by its value as a string."""
    if not isinstance(text, str):
        return _text(text)
    return _EXPRESSION.sub(lambda match: _text(evaluate(match.group(1), context, status)), text)


def condition(text, context: dict, status: dict) -> bool:
    """An ``if:``: a bare expression or one wrapped in ``${{ }}``; without a status function, success() is implied."""
    if text is None:
        return not status["failed"]
    source = str(text).strip()
    whole = _EXPRESSION.fullmatch(source)
    source = whole.group(1) if whole else source
    value = evaluate(source, context, status)
    if not re.search(r"\b(success|failure|always|cancelled)\s*\(", source):
        return _truthy(value) and not status["failed"]
    return _truthy(value)


# --- files the runner hands to steps ---------------------------------------------------------

def parse_command_file(text: str) -> dict:
    """Pairs from a GITHUB_OUTPUT / GITHUB_ENV file: ``name=value`` lines and ``name<<DELIMITER`` blocks."""
    values, lines, index = {}, text.split("\n"), 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip():
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            while index < len(lines) and lines[index] != delimiter:
                body.append(lines[index])
                index += 1
            if index >= len(lines):
                raise ValueError(f"unterminated value for {name!r}: delimiter {delimiter!r} never closed")
            index += 1
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        else:
            raise ValueError(f"malformed command file line: {line!r}")
    return values


# --- the run ---------------------------------------------------------------------------------

@dataclass
class StepRecord:
    """What happened to one step."""

    index: int
    id: Optional[str]
    name: str
    kind: str  # "run" or "uses"
    outcome: str  # success, failure or skipped
    uses: Optional[str] = None
    with_: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)
    returncode: Optional[int] = None
    stdout: str = ""
    stderr: str = ""
    outputs: dict = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class ActionRun:
    """Everything a test may assert about one run of an action."""

    steps: list
    outputs: dict
    summary: str
    env_additions: dict
    path_additions: list
    failed: bool

    def step(self, step_id: str) -> StepRecord:
        return next(step for step in self.steps if step.id == step_id)

    @property
    def skipped_uses(self) -> list:
        return [step for step in self.steps if step.kind == "uses"]

    @property
    def output_text(self) -> str:
        return "\n".join(step.stdout + step.stderr for step in self.steps)


def _environment(base_env: dict, github: dict, workspace: Path, action_dir: Optional[Path], runner_temp: Path,
                 runner_os: str, step_files: dict, env_additions: dict, path_additions: list) -> dict:
    """A step's process environment as the Actions runner builds it."""
    env = dict(base_env)
    env.update({
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_REPOSITORY": github.get("repository", ""),
        "GITHUB_REPOSITORY_OWNER": github.get("repository_owner", ""),
        "GITHUB_API_URL": github.get("api_url", ""),
        "GITHUB_GRAPHQL_URL": github.get("graphql_url", ""),
        "GITHUB_SERVER_URL": github.get("server_url", ""),
        "GITHUB_RUN_ID": _text(github.get("run_id", "")),
        "GITHUB_RUN_ATTEMPT": _text(github.get("run_attempt", "")),
        "GITHUB_WORKFLOW_REF": github.get("workflow_ref", ""),
        "GITHUB_EVENT_NAME": github.get("event_name", ""),
        "GITHUB_REF": github.get("ref", ""),
        "GITHUB_REF_NAME": github.get("ref_name", ""),
        "RUNNER_TEMP": str(runner_temp),
        "RUNNER_OS": runner_os,
        "RUNNER_ARCH": "X64",
    })
    if action_dir is not None:
        env["GITHUB_ACTION_PATH"] = str(action_dir)
    env.update(env_additions)
    env.update({name: str(path) for name, path in step_files.items()})
    if path_additions:
        env["PATH"] = os.pathsep.join([*reversed(path_additions), env.get("PATH", "")])
    return env


@dataclass
class _Job:
    """The state one run carries from step to step: files, summaries, GITHUB_ENV and GITHUB_PATH additions."""

    files: Path
    records: list = field(default_factory=list)
    summaries: list = field(default_factory=list)
    env_additions: dict = field(default_factory=dict)
    path_additions: list = field(default_factory=list)
    status: dict = field(default_factory=lambda: {"failed": False})


def _run_script(job: _Job, record: StepRecord, step: dict, context: dict, env: dict, workspace: Path,
                default_shell: Optional[str]) -> None:
    """Run one ``run:`` step in its shell and collect what it wrote to the runner's files."""
    started = time.monotonic()
    step_files = {name: job.files / f"{record.index}-{name.lower()}" for name in
                  ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV", "GITHUB_PATH")}
    for path in step_files.values():
        path.write_text("", encoding="utf-8")
    env = dict(env, **{name: str(path) for name, path in step_files.items()})
    env.update(record.env)
    # Composite run steps must name their shell (a KeyError is the test failing); a workflow's default is bash.
    shell = step["shell"] if default_shell is None else step.get("shell", default_shell)
    script = job.files / f"{record.index}-script{SCRIPT_SUFFIX.get(shell, '.sh')}"
    script.write_text(substitute(step["run"], context, job.status), encoding="utf-8")
    command = [part.replace("{0}", str(script)) for part in SHELLS.get(shell, [shell, "{0}"])]
    cwd = workspace / substitute(step.get("working-directory", "."), context, job.status)
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT_SECONDS)
    record.seconds = time.monotonic() - started
    record.returncode, record.stdout, record.stderr = done.returncode, done.stdout, done.stderr
    record.outputs = parse_command_file(step_files["GITHUB_OUTPUT"].read_text(encoding="utf-8"))
    job.summaries.append(step_files["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8"))
    job.env_additions.update(parse_command_file(step_files["GITHUB_ENV"].read_text(encoding="utf-8")))
    job.path_additions += [line for line in step_files["GITHUB_PATH"].read_text(encoding="utf-8").splitlines()
                           if line.strip()]
    record.outcome = "success" if done.returncode == 0 else "failure"
    if done.returncode != 0 and not step.get("continue-on-error"):
        job.status["failed"] = True


def _remember(context: dict, record: StepRecord) -> None:
    if record.id:
        context["steps"][record.id] = {"outputs": dict(record.outputs), "outcome": record.outcome,
                                       "conclusion": record.outcome}


@dataclass
class Runner:
    """Runs one action.yml against a workspace; ``github`` and ``base_env`` describe the simulated job."""

    action_dir: Path
    workspace: Path
    runner_temp: Path
    github: dict  # the github context: repository_owner, repository, token, api_url, server_url, run_id, ...
    base_env: dict  # the process environment of the job (PATH, HOME, ...)
    runner_os: str = "Linux"
    # Outputs to give `uses:` steps that are recorded, not run, by the prefix of their `uses:`.
    uses_outputs: dict = field(default_factory=dict)

    def load(self) -> dict:
        return yaml.safe_load((self.action_dir / "action.yml").read_text(encoding="utf-8"))

    def run(self, inputs: Optional[dict] = None, env_context: Optional[dict] = None) -> ActionRun:
        """Run the action's steps; ``env_context`` is the calling workflow's env (default: the job's process env)."""
        action = self.load()
        job = _Job(files=Path(tempfile.mkdtemp(prefix="runner-files-", dir=self.runner_temp)))
        github = dict(self.github, workspace=str(self.workspace), action_path=str(self.action_dir))
        context = {"github": github, "runner": {"os": self.runner_os, "temp": str(self.runner_temp)},
                   "env": dict(self.base_env if env_context is None else env_context), "steps": {}, "inputs": {}}
        context["inputs"] = self._inputs(action, inputs or {}, context)
        for index, step in enumerate(action["runs"]["steps"]):
            record = StepRecord(index=index, id=step.get("id"), name=step.get("name") or step.get("uses") or "run",
                                kind="uses" if "uses" in step else "run", outcome="skipped")
            job.records.append(record)
            if not condition(step.get("if"), context, job.status):
                _remember(context, record)
                continue
            record.env = {key: substitute(value, context, job.status) for key, value in (step.get("env") or {}).items()}
            if record.kind == "uses":
                record.uses = step["uses"]
                record.with_ = {key: substitute(value, context, job.status)
                                for key, value in (step.get("with") or {}).items()}
                record.outputs = next((dict(outputs) for prefix, outputs in self.uses_outputs.items()
                                       if record.uses.startswith(prefix)), {})
                record.outcome = "success"  # not run: recorded for the test to inspect
                _remember(context, record)
                continue
            env = _environment(self.base_env, github, self.workspace, self.action_dir, self.runner_temp,
                               self.runner_os, {}, job.env_additions, job.path_additions)
            _run_script(job, record, step, context, env, self.workspace, default_shell=None)
            _remember(context, record)
        outputs = {name: substitute(spec.get("value", ""), context, job.status)
                   for name, spec in (action.get("outputs") or {}).items()}
        return ActionRun(job.records, outputs, "".join(job.summaries), job.env_additions, job.path_additions,
                         job.status["failed"])

    def _inputs(self, action: dict, given: dict, context: dict) -> dict:
        declared = action.get("inputs") or {}
        unknown = set(given) - set(declared)
        if unknown:
            raise ValueError(f"inputs not declared in action.yml: {sorted(unknown)}")
        values = {}
        for name, spec in declared.items():
            values[name] = _text(given[name]) if name in given else substitute(spec.get("default", ""), context)
        return values


@dataclass
class WorkflowRun:
    """One job of a workflow: its steps, and the run of every local action it used."""

    steps: list
    action_runs: dict  # step id -> ActionRun of the local action
    failed: bool

    def step(self, step_id: str) -> StepRecord:
        return next(step for step in self.steps if step.id == step_id)

    def named(self, name: str) -> StepRecord:
        return next(step for step in self.steps if step.name == name)


@dataclass
class WorkflowRunner:
    """Runs one job of a workflow file for one event, as the Actions runner would.

    ``run:`` steps run in bash with the workflow's, the job's and the step's env; a
    ``uses:`` that names a key of ``local_actions`` runs that folder's action.yml with
    Runner; one that names a key of ``simulated`` calls it (``function(with_, workspace)``
    returns the step's outputs), which is how a test stands in for actions/checkout; any
    other ``uses:`` is recorded. ``github`` holds the event: event_name, event (the
    payload), ref, ref_name, repository, repository_owner, ...
    """

    workflow_file: Path
    workspace: Path
    runner_temp: Path
    github: dict
    base_env: dict
    local_actions: dict = field(default_factory=dict)  # "owner/name@" prefix -> action folder
    simulated: dict = field(default_factory=dict)  # "owner/name@" prefix -> function(with_, workspace) -> outputs
    job_id: Optional[str] = None  # None: the workflow's only job
    runner_os: str = "Linux"

    def run(self) -> WorkflowRun:
        workflow = yaml.safe_load(self.workflow_file.read_text(encoding="utf-8"))
        jobs = workflow["jobs"]
        job_spec = jobs[self.job_id] if self.job_id else next(iter(jobs.values()))
        run_files = Path(tempfile.mkdtemp(prefix="workflow-files-", dir=self.runner_temp))
        job = _Job(files=run_files)
        github = dict(self.github, workspace=str(self.workspace))
        context = {"github": github, "runner": {"os": self.runner_os, "temp": str(self.runner_temp)},
                   "env": {}, "steps": {}}
        context["env"] = {key: substitute(value, context) for key, value in (workflow.get("env") or {}).items()}
        context["env"].update({key: substitute(value, context) for key, value in (job_spec.get("env") or {}).items()})
        action_runs = {}
        for index, step in enumerate(job_spec["steps"]):
            record = StepRecord(index=index, id=step.get("id"), name=step.get("name") or step.get("uses") or "run",
                                kind="uses" if "uses" in step else "run", outcome="skipped")
            job.records.append(record)
            if not condition(step.get("if"), context, job.status):
                _remember(context, record)
                continue
            record.env = {key: substitute(value, context, job.status) for key, value in (step.get("env") or {}).items()}
            process_env = dict(self.base_env, **context["env"])
            if record.kind == "uses":
                record.uses = step["uses"]
                record.with_ = {key: substitute(value, context, job.status)
                                for key, value in (step.get("with") or {}).items()}
                local = next((folder for prefix, folder in self.local_actions.items() if record.uses.startswith(prefix)),
                             None)
                fake = next((function for prefix, function in self.simulated.items() if record.uses.startswith(prefix)),
                            None)
                if local is not None:
                    action = Runner(action_dir=Path(local), workspace=self.workspace, runner_temp=self.runner_temp,
                                    github=self.github, base_env=dict(process_env, **record.env),
                                    runner_os=self.runner_os).run(record.with_, env_context=dict(context["env"]))
                    action_runs[record.id or record.name] = action
                    record.outputs = dict(action.outputs)
                    record.outcome = "failure" if action.failed else "success"
                    if action.failed and not step.get("continue-on-error"):
                        job.status["failed"] = True
                else:
                    record.outputs = dict(fake(record.with_, self.workspace) or {}) if fake else {}
                    record.outcome = "success"
                _remember(context, record)
                continue
            env = _environment(process_env, github, self.workspace, None, self.runner_temp, self.runner_os, {},
                               job.env_additions, job.path_additions)
            _run_script(job, record, step, context, env, self.workspace, default_shell="default")
            _remember(context, record)
        return WorkflowRun(job.records, action_runs, job.status["failed"])
