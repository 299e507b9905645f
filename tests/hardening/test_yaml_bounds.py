"""Class 3: YAML is read safely and within bounds: annotation files (local and from GitHub) and rule files.

A few hundred bytes of aliases ("billion laughs") expand to billions of nodes, and 20,000
nested brackets exhaust the parser's recursion. The old loader grew memory ~31 MB/s on the
bomb until killed, so the runs below happen in a subprocess with an address-space limit and
a time limit: a loader without bounds fails them instead of taking the machine down.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio_audit.annotations import parse_annotation_file
from tests.support.github_server import GitHubServer
from tests.support.github_world import (ANNOTATED_EXCLUDED_REPO, ANNOTATED_OWN_FILE_REPO, ANNOTATED_TEAM_REPO,
                                                  ANNOTATIONS_HOSTILE, alias_bomb, build_world)

from ..helpers import make_repo

REPO_ROOT = Path(__file__).resolve().parents[2]
# Enough for the tool and its threads; far below what an expanded bomb takes. It is address
# space, not memory: Linguist's Go runtime (enry) alone reserves about 1.5 GiB of it once
# loaded, and a streamed GitHub audit's threads start while repositories are evaluated, so
# 2 GiB left the collector unable to start a thread now and then (the CLI also caps glibc's
# malloc arenas, cli._little_address_space, which saved 300-400 MiB of the peak).
MEMORY_LIMIT_BYTES = 3 * 1024 ** 3
RUN_TIMEOUT_SECONDS = 180
DEEP = 20_000
README = "# Tool\n\nTool is a small project with an annotation file written by a stranger.\n"


def bounded_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The real command line under an address-space limit: an unbounded parse dies instead of swapping."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))

    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    env.pop("PORTFOLIO_AUDIT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "portfolio_audit", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=RUN_TIMEOUT_SECONDS, preexec_fn=limit)


def test_the_loader_refuses_bombs_and_depth_before_building_anything():
    from portfolio_audit.untrusted import UntrustedInputError, load_yaml

    with pytest.raises(UntrustedInputError, match="once aliases are expanded"):
        load_yaml(alias_bomb(), max_nodes=10_000)
    with pytest.raises(UntrustedInputError, match="nested more than"):
        load_yaml("x: " + "[" * DEEP + "]" * DEEP)
    with pytest.raises(UntrustedInputError, match="nested more than"):
        load_yaml("x:\n" + "".join("  " * i + "- \n" for i in range(1, 200)))
    assert load_yaml("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}  # ordinary aliases still work
    with pytest.raises(Exception) as error:
        load_yaml("!!python/object/apply:os.system ['echo pwned']")
    assert not isinstance(error.value, UntrustedInputError) and "python/object" in str(error.value)


@pytest.mark.parametrize("text,expected", [
    (alias_bomb(), "once aliases are expanded"),
    ("project: " + "[" * DEEP + "]" * DEEP + "\n", "nested more than"),
    ("project: team\nrole: " + "x" * (70 * 1024) + "\n", "larger than"),
    ("project: !!python/object/apply:os.system ['touch pwned']\n", "not valid YAML"),
    ("created: 2020-02-30\n", "cannot be read"),
], ids=["alias-bomb", "deep", "large", "python-tag", "impossible-date"])
def test_a_refused_annotation_is_one_problem_line(text, expected):
    own, listed, problems = parse_annotation_file(text, ".portfolio-audit.yml")
    assert own is None and listed == {}
    assert len(problems) == 1 and expected in problems[0] and problems[0].startswith(".portfolio-audit.yml: ")


@pytest.mark.parametrize("annotation", [alias_bomb(), "project: " + "[" * DEEP + "]" * DEEP + "\n"],
                         ids=["alias-bomb", "deep"])
def test_a_hostile_annotation_in_a_checkout_costs_a_note_not_the_audit(tmp_path, annotation):
    repo = make_repo(tmp_path / "tool", {"README.md": README, "app.py": "VALUE = 1\n",
                                         ".portfolio-audit.yml": annotation})
    done = bounded_cli("audit", str(repo), "-f", "json", "--no-cache", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    (collected,) = result["repos"]
    assert collected["status"] != "not_collected"
    assert any("refused" in problem for problem in collected["annotation"]["problems"])


@pytest.fixture(scope="module")
def hostile_github():
    from ..conftest import require_github_api

    require_github_api()  # a plain clone without ../shared skips (CI=true fails), naming the missing data
    with GitHubServer(build_world(repo_count=8, huge_repo_files=20, annotations=ANNOTATIONS_HOSTILE)) as running:
        yield running


@pytest.mark.parametrize("profile_collected", [True, False], ids=["profile-collected", "profile-fetched"])
def test_hostile_annotations_collected_from_github_are_refused(hostile_github, tmp_path, profile_collected):
    selection = (("--include-archived",) if profile_collected else
                 ("--repo", ANNOTATED_TEAM_REPO, "--repo", ANNOTATED_OWN_FILE_REPO, "--repo", ANNOTATED_EXCLUDED_REPO))
    done = bounded_cli("audit", f"github:{hostile_github.world.person}", "--api-url", hostile_github.base_url,
                       "--token", "hostile-annotations-token", "--no-cache", "-f", "json", *selection, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    repos = {repo["name"]: repo for repo in json.loads(done.stdout)["repos"]}
    own_file = repos[ANNOTATED_OWN_FILE_REPO]["annotation"]
    assert any("nested more than" in problem for problem in own_file["problems"])
    noted = done.stderr + json.dumps(repos.get(hostile_github.world.person, {}).get("annotation"))
    assert "once aliases are expanded" in noted
    # The team repository's entry lived in the refused profile file: it carries no annotation from it.
    assert (repos[ANNOTATED_TEAM_REPO].get("annotation") or {}).get("role") is None


def write_rules(root: Path, rule_text: str) -> Path:
    shipped = REPO_ROOT / "rules"
    (root / "readme").mkdir(parents=True)
    (root / "categories.yml").write_text((shipped / "categories.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "readme" / "opening.yml").write_text(rule_text, encoding="utf-8")
    return root


@pytest.mark.parametrize("rule_text,expected", [
    (alias_bomb(key="title"), "once aliases are expanded"),
    ("id: readme/opening\ntitle: " + "[" * DEEP + "]" * DEEP + "\n", "nested more than"),
], ids=["alias-bomb", "deep"])
def test_a_hostile_rule_file_is_exit_4_naming_it(tmp_path, rule_text, expected):
    rules = write_rules(tmp_path / "rules", rule_text)
    done = bounded_cli("rules", "list", "--rules", str(rules), cwd=tmp_path)
    assert done.returncode == 4, done.stderr[-2000:]
    assert "opening.yml" in done.stderr and expected in done.stderr
