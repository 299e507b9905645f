"""Class 5: one broken repository never loses the others, in collect, evaluate or render.

Values from input are typed where they enter the snapshot (a ``package.json`` whose
description is a number reached the renderer and made it exit 5); a failure evaluating or
rendering one repository becomes that repository's "not collected: error ..." entry and the
report is still written; deep structures (2,000 nested folders, 100,000 nested arrays in a
manifest) cost one file or one skipped entry, not the repository.
"""

from __future__ import annotations

import copy
import io
import json
import os

import pytest

from portfolio_audit import app, engine
from portfolio_audit.collect import local
from portfolio_audit.collect.local import collect_repo
from portfolio_audit.render import render

from ..helpers import make_repo, run_cli

README = "# Tool\n\nTool is a small command-line project for people who read reports. It has tests.\n"
DEEP = 2_000


@pytest.mark.parametrize("description", [1, {"text": "x"}, ["a", "b"], True, None], ids=str)
def test_a_manifest_value_of_the_wrong_type_is_dropped_where_it_enters(tmp_path, description):
    project = tmp_path / "tool"
    project.mkdir()
    (project / "README.md").write_text(README, encoding="utf-8")
    (project / "package.json").write_text(json.dumps({"name": "tool", "description": description,
                                                      "keywords": ["cli", 5, {"x": 1}]}), encoding="utf-8")
    repo = collect_repo(project)
    assert repo.description is None and repo.topics == ("cli",)
    for fmt in ("html", "md", "json"):
        done = run_cli("audit", str(project), "-f", fmt, "-o", str(tmp_path / f"report.{fmt}"))
        assert done.returncode == 0, (fmt, done.stderr)
        assert (tmp_path / f"report.{fmt}").stat().st_size > 0


def deep_folders(root, depth: int, file_name: str = "deep.py") -> None:
    """``depth`` nested folders under ``root`` (made relative to a folder descriptor: no path grows long)."""
    handle = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=handle)
            inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=handle)
            os.close(handle)
            handle = inner
        with open(os.open(file_name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=handle), "w") as out:
            out.write("VALUE = 1\n")
    finally:
        os.close(handle)


def remove_deep_folders(root) -> None:
    """Undo ``deep_folders`` without recursion: lift each next level up, then remove the emptied one."""
    top, spare = os.path.join(root, "d"), os.path.join(root, "lifted")
    while os.path.isdir(top):
        inner = os.path.join(top, "d")
        for name in os.listdir(top):
            if name != "d":
                os.unlink(os.path.join(top, name))
        if os.path.isdir(inner):
            os.rename(inner, spare)
            os.rmdir(top)
            os.rename(spare, top)
        else:
            os.rmdir(top)


def test_2000_nested_folders_cost_one_skipped_entry_not_the_repository(tmp_path):
    project = tmp_path / "plain"
    project.mkdir()
    (project / "README.md").write_text(README, encoding="utf-8")
    (project / "app.py").write_text("VALUE = 1\n", encoding="utf-8")
    deep_folders(project, DEEP)
    try:
        repo = collect_repo(project)
    finally:
        remove_deep_folders(project)
    assert repo.collection_error is None
    assert {f.path for f in repo.files} == {"README.md", "app.py"}
    deep = [s for s in repo.skipped if "too deeply nested" in s.reason]
    assert len(deep) == 1 and deep[0].path.count("/") == local.MAX_FOLDER_DEPTH


def test_a_100000_deep_manifest_costs_only_its_metadata(tmp_path):
    project = tmp_path / "tool"
    project.mkdir()
    (project / "README.md").write_text(README, encoding="utf-8")
    (project / "package.json").write_text('{"description": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    (project / "pyproject.toml").write_text("[project]\ndescription = " + "[" * 100_000 + "]" * 100_000 + "\n",
                                            encoding="utf-8")
    repo = collect_repo(project)
    assert repo.collection_error is None and repo.description is None
    assert {f.path for f in repo.files} >= {"README.md", "package.json"}


@pytest.fixture
def portfolio(tmp_path):
    root = tmp_path / "portfolio"
    for name in ("alpha", "beta", "gamma"):
        make_repo(root / name, {"README.md": README.replace("Tool", name.capitalize()), "app.py": "VALUE = 1\n"})
    return root


def audit_json(root) -> dict:
    stdout = io.StringIO()
    code = app.run_audit(app.AuditSettings(inputs=(str(root),), output_format="json", output="-", quiet=True),
                         stdout=stdout, stderr=io.StringIO())
    assert code == 0
    return json.loads(stdout.getvalue())


def test_a_repository_that_fails_to_evaluate_is_shown_as_an_error_and_the_rest_are_scored(portfolio, monkeypatch):
    real = engine.evaluate_repo

    def failing(repo, *args, **kwargs):
        if repo.name == "beta":
            raise KeyError("a record no kind expected")
        return real(repo, *args, **kwargs)

    monkeypatch.setattr(engine, "evaluate_repo", failing)
    result = audit_json(portfolio)
    by_name = {repo["name"]: repo for repo in result["repos"]}
    assert by_name["beta"]["status"] == "not_collected"
    assert by_name["beta"]["status_reason"].startswith("error while evaluating: KeyError")
    assert by_name["alpha"]["status"] != "not_collected" and by_name["gamma"]["status"] != "not_collected"
    assert by_name["alpha"]["findings"] and by_name["gamma"]["findings"]
    assert any("Partly collected" in caveat and "beta" in caveat for caveat in result["caveats"])


@pytest.mark.parametrize("field,value", [("topics", 5), ("skipped_files", [{"path": 1}]), ("material", {"x": 1}),
                                         ("findings", [{"outcome": "fail"}]), ("annotation", {"problems": 3})],
                         ids=["topics", "skipped", "material", "findings", "annotation"])
def test_a_repository_the_view_cannot_show_costs_its_card_not_the_report(portfolio, field, value):
    result = audit_json(portfolio)
    broken = copy.deepcopy(result)
    target = next(repo for repo in broken["repos"] if repo["name"] == "beta")
    target[field] = value
    for fmt in ("html", "md"):
        for audience in ("candidate", "recruiter"):
            page = render(fmt, broken, audience)
            assert "error while rendering" in page and "alpha" in page and "gamma" in page
