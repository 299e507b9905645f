"""What people read: hints for GitHub inputs, scores with the precision --fail-under uses, counts in good English,
a result refused where a snapshot belongs, and Markdown whose advice reads as written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from portfolio_audit import app, pipeline
from portfolio_audit.errors import AuditError, ExitCode
from portfolio_audit.progress import Progress
from portfolio_audit.render import FORMATS
from portfolio_audit.render.markdown import prose
from portfolio_audit.wording import count_of

REPO_ROOT = Path(__file__).resolve().parent.parent
GOLDEN_RESULT = REPO_ROOT / "tests" / "golden" / "report.json"
KINDS = REPO_ROOT / "portfolio_audit" / "kinds"


@pytest.mark.parametrize("text,hint", [
    ("octocat", "write github:octocat"),
    ("https://github.com/octocat", "write github:octocat"),
    ("github.com/octocat/", "write github:octocat"),
    ("https://github.com/octocat/Spoon-Knife", "write github:octocat --repo Spoon-Knife"),
    ("http://www.github.com/octocat/hello.git", "write github:octocat --repo hello"),
])
def test_a_missing_path_that_looks_like_github_says_how_to_ask_for_it(text, hint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AuditError) as error:
        pipeline.build_snapshot((text,), 10, Progress(None, quiet=True))
    assert error.value.exit_code == ExitCode.USAGE
    assert "no such file or directory" in error.value.message and hint in error.value.hint


def test_paths_that_do_not_look_like_github_keep_the_plain_hint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for text in ("no/such/folder", "./octocat", "~/code-that-is-not-here"):
        assert pipeline.github_input_hint(text) is None
    (tmp_path / "octocat").mkdir()
    (tmp_path / "octocat" / "README.md").write_text("# octocat\n\nA folder that happens to be named like a user.\n")
    snapshot = pipeline.build_snapshot(("octocat",), 10, Progress(None, quiet=True))
    assert [repo.name for repo in snapshot.repos] == ["octocat"]  # an existing path stays a path


def _result(score: float, repos: int = 3) -> dict:
    counts = {"repos": repos, "scored": repos, "insufficient_evidence": 0, "not_collected": 0}
    return {"score": score, "band": "good", "counts": counts}


def test_the_summary_shows_the_score_that_fail_under_compares():
    line = app.summary_line(_result(63.6), "-")
    assert "score 63.6/100 (good)" in line
    assert app.threshold_exit(_result(63.6), 64, Progress(None, quiet=True)) == ExitCode.BELOW_THRESHOLD
    assert "score 64/100" in app.summary_line(_result(64.0), "-")


def test_counts_agree_with_their_nouns():
    assert count_of(1, "repository", "repositories") == "1 repository"
    assert count_of(0, "credit") == "0 credits" and count_of(2, "passage") == "2 passages"
    assert "portfolio-audit: 1 repository;" in app.summary_line(_result(70, repos=1), "-")
    golden = json.loads(GOLDEN_RESULT.read_text(encoding="utf-8"))
    golden["counts"] = dict(golden["counts"], scored=1)
    assert "1 repository scored" in FORMATS["md"](golden)


def test_no_rule_or_kind_writes_a_noun_with_s_in_parentheses():
    offenders = [str(path.relative_to(REPO_ROOT)) for path in (REPO_ROOT / "rules").rglob("*.yml")
                 if "(s)" in path.read_text(encoding="utf-8")]
    offenders += [str(path.relative_to(REPO_ROOT)) for path in KINDS.glob("*.py")
                  if "(s)" in path.read_text(encoding="utf-8")]
    assert offenders == []


@pytest.mark.parametrize("command", ["audit", "evaluate"])
def test_a_result_json_where_a_snapshot_belongs_is_refused_with_a_hint(command, tmp_path):
    path = tmp_path / "result.json"
    path.write_text(GOLDEN_RESULT.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(AuditError) as error:
        if command == "audit":
            app.run_audit(app.AuditSettings(inputs=(str(path),), output_format="json", quiet=True))
        else:
            app.run_evaluate(str(path), "-", None, True)
    assert error.value.exit_code == ExitCode.USAGE
    assert "a result (scores), not a snapshot" in error.value.message and "portfolio-audit render" in error.value.hint


def _markdown_html() -> str:
    result = json.loads(GOLDEN_RESULT.read_text(encoding="utf-8"))
    return MarkdownIt("commonmark").enable("table").render(FORMATS["md"](result))


def test_advice_is_a_paragraph_of_its_own_under_each_finding():
    html = _markdown_html()
    # "finding line" then "<p><em>Advice": never the advice run into the finding's paragraph.
    assert "<em>Advice (" in html
    assert all(chunk.rstrip().endswith("<p>") for chunk in html.split("<em>Advice (")[:-1])


def test_examples_in_advice_stay_code_and_everything_else_stays_escaped():
    assert prose("reword them with `git rebase -i` first") == "reword them with `git rebase -i` first"
    assert prose("add `![Main screen](docs/screenshot.png)` near the top") == \
        "add `![Main screen](docs/screenshot.png)` near the top"
    assert prose("a *star* and an odd ` tick") == r"a \*star\* and an odd \` tick"
    assert prose("<b>`<script>`</b>") == "&lt;b&gt;`<script>`&lt;/b&gt;"
    assert prose("use ``a ` b`` here") == "use ``a ` b`` here"
    html = MarkdownIt("commonmark").render(prose("for example `![Main screen](docs/screenshot.png)` and `<img src=x>`"))
    assert "<code>![Main screen](docs/screenshot.png)</code>" in html and "<code>&lt;img src=x&gt;</code>" in html
    assert "<img" not in html
    assert "<code>git rebase -i</code>" in _markdown_html()
