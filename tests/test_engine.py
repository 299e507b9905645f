"""The engine and scoring: outcomes, denominators, weights, errors and determinism."""

import json
import math

import pytest

from portfolio_audit import kinds, scoring
from portfolio_audit.context import RepoContext
from portfolio_audit.engine import evaluate_rule, evaluate_snapshot
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec
from portfolio_audit.rules import load_catalogue
from portfolio_audit.snapshot import Snapshot

GOOD = {
    "readme": "# Tally\n\nTally is a command-line tool for book clubs that tracks who read what.\n\n"
    "## Install\n\n```bash\npip install tally\n```\n\n## Usage\n\n```bash\ntally next\n```\n",
    "files": {"tally/core.py": '"""Core."""\n\n' + "VALUE = 1\n" * 80},
}


def _snapshot(*specs):
    return Snapshot(collected_at=FIXTURE_COLLECTED_AT, source={"kind": "local", "paths": []},
                    repos=tuple(repo_from_spec(spec, name=f"r{i}") for i, spec in enumerate(specs)))


def test_bands_and_outcomes():
    assert scoring.band_for(80) == "strong" and scoring.band_for(79.9) == "good"
    assert scoring.band_for(40) == "fair" and scoring.band_for(0) == "weak" and scoring.band_for(None) is None
    assert scoring.outcome_for(80, 80, 50) == "pass" and scoring.outcome_for(50, 80, 50) == "warn"
    assert scoring.outcome_for(49.9, 80, 50) == "fail"


def test_weighted_mean_ignores_unscored():
    assert scoring.weighted_mean([(100, 1), (None, 5), (0, 1)]) == 50
    assert scoring.weighted_mean([(None, 1)]) is None


def test_floored_mean_is_the_mean_until_too_little_was_read():
    # Enough was read: the plain mean over what was read; not assessed never counts as zero.
    assert scoring.floored_mean([(100, 3), (None, 2)], unread_weight=2, assessed_floor=0.5) == 100
    assert scoring.floored_mean([(80, 1), (40, 1)], unread_weight=0, assessed_floor=0.5) == 60
    # Less than half of the weight read: the mean is taken over half of it.
    assert scoring.floored_mean([(100, 2)], unread_weight=6, assessed_floor=0.5) == pytest.approx(50)
    # No floor is the weighted mean; nothing scored is None.
    assert scoring.floored_mean([(100, 2)], unread_weight=6, assessed_floor=0.0) == 100
    assert scoring.floored_mean([(None, 2)], unread_weight=6, assessed_floor=0.5) is None


def test_a_readme_little_could_be_read_of_is_not_scored_high_on_the_rest(catalogue):
    # Turkish, with no commands or code: the opening, setup, usage and readability rules
    # cannot read it, so only its length, headings and figures were judged.
    text = ("# nobet\n\nBu proje, küçük bir eczane için nöbet çizelgesini hazırlayan bir araçtır ve her ay "
            "çalışanların isteklerini de dikkate alır. Çizelge her ayın başında yeniden hazırlanır ve "
            "çalışanlara gönderilir.\n\n## Nasıl çalışır\n\nÇalışanlar isteklerini bir tabloya yazar; araç bu "
            "tabloyu okur, kuralları uygular ve yeni çizelgeyi aynı klasöre kaydeder.\n")
    repo = evaluate_snapshot(_snapshot({"readme": text, "files": GOOD["files"]}), catalogue)["repos"][0]
    findings = [f for f in repo["findings"] if f["category"] == "readme"]
    read = [(f["score"], f["weight"]) for f in findings if f["score"] is not None]
    unread = sum(f["weight"] for f in findings if f["outcome"] == "not_assessed")
    assert unread > sum(weight for _, weight in read), [(f["rule_id"], f["outcome"]) for f in findings]
    readme = next(c for c in repo["categories"] if c["id"] == "readme")
    floor = next(c for c in catalogue.categories if c.id == "readme").assessed_floor
    assert readme["score"] == pytest.approx(
        sum(s * w for s, w in read) / (floor * (sum(w for _, w in read) + unread)), abs=0.05)
    assert readme["score"] < scoring.weighted_mean(read)


def test_repo_weight_grows_with_material_and_discounts_forks():
    assert scoring.repo_weight(10, False, False) == 0.0
    small, large = scoring.repo_weight(100, False, False), scoring.repo_weight(5000, False, False)
    assert 0 < small < large == 1.0
    assert scoring.repo_weight(5000, True, False) == pytest.approx(scoring.FORK_FACTOR)


def test_not_available_and_not_applicable_leave_the_denominator(catalogue):
    result = evaluate_snapshot(_snapshot(GOOD), catalogue)
    repo = result["repos"][0]
    collaboration = next(c for c in repo["categories"] if c["id"] == "collaboration")
    assert collaboration["score"] is None and collaboration["rules_scored"] == 0
    outcomes = {f["outcome"] for f in repo["findings"] if f["category"] == "collaboration"}
    assert outcomes == {"not_available"}
    # the repo score is the weighted mean of scored categories only
    scored = [(c["score"], c["weight"]) for c in repo["categories"] if c["score"] is not None]
    assert repo["score"] == pytest.approx(scoring.weighted_mean(scored), abs=0.05)


def test_insufficient_evidence_is_not_a_low_score(catalogue):
    result = evaluate_snapshot(_snapshot(GOOD, {"readme": "# x\n"}), catalogue)
    tiny = result["repos"][1]
    assert tiny["status"] == "insufficient_evidence" and tiny["score"] is None and tiny["weight"] == 0
    alone = evaluate_snapshot(_snapshot(GOOD), catalogue)
    assert result["score"] == alone["score"]  # the placeholder repo did not drag the score down


def test_a_crashing_kind_is_an_error_for_that_rule_only(catalogue, monkeypatch):
    rule = catalogue.rules[0]

    def broken(ctx, params):
        raise RuntimeError("boom")

    monkeypatch.setitem(kinds._REGISTRY, rule.kind, broken)
    finding = evaluate_rule(rule, RepoContext(repo_from_spec(GOOD), FIXTURE_COLLECTED_AT))
    assert finding["outcome"] == "error" and "boom" in finding["summary"] and finding["score"] is None
    result = evaluate_snapshot(_snapshot(GOOD), catalogue)
    assert result["score"] is not None  # the rest of the run went on


def test_a_nan_score_is_an_error_not_a_pass(catalogue, monkeypatch):
    rule = catalogue.rules[0]
    monkeypatch.setitem(kinds._REGISTRY, rule.kind, lambda ctx, params: kinds.Measurement(score=math.nan))
    finding = evaluate_rule(rule, RepoContext(repo_from_spec(GOOD), FIXTURE_COLLECTED_AT))
    assert finding["outcome"] == "error"


def test_expected_gain_matches_the_weighted_means(catalogue):
    snapshot = _snapshot(GOOD, {"readme": "# Thing\n\nA thing.\n", "files": {"a.py": "x = 1\n" * 100}})
    result = evaluate_snapshot(snapshot, catalogue)
    top = result["improvements"][0]
    # Apply the improvement: set that finding's score to 100 and recompute the portfolio score.
    repos = result["repos"]
    for repo in repos:
        if repo["name"] != top["repo"]:
            continue
        finding = next(f for f in repo["findings"] if f["rule_id"] == top["rule_id"])
        finding["score"] = 100.0
        for category in repo["categories"]:
            category["score"] = scoring.weighted_mean(
                (f["score"], f["weight"]) for f in repo["findings"] if f["category"] == category["id"]
            )
        repo["score"] = scoring.weighted_mean((c["score"], c["weight"]) for c in repo["categories"])
    improved = scoring.weighted_mean((r["score"], r["weight"]) for r in repos)
    assert improved - result["score"] == pytest.approx(top["expected_gain"], abs=0.15)


def test_without_a_readme_what_it_should_say_fails_and_writing_one_is_the_one_improvement(catalogue):
    # Nothing of the person's says what the project is or how to run it: those rules fail, not
    # "not applicable"; readability has nothing to measure. The gain of every README rule that
    # fails for want of one is the gain of writing it, listed once.
    readmeless = {"files": {"tally/core.py": '"""Core."""\n\n' + "VALUE = 1\n" * 80}}
    result = evaluate_snapshot(_snapshot(GOOD, readmeless), catalogue)
    repo = result["repos"][1]
    outcomes = {f["rule_id"]: f for f in repo["findings"] if f["category"] == "readme"}
    for rule_id in ("readme/opening", "readme/setup", "readme/usage", "readme/structure", "readme/impact"):
        finding = outcomes[rule_id]
        assert finding["outcome"] == "fail" and finding["score"] == 0, finding
        assert "no README" in finding["summary"] and finding["expected_gain"] == 0
        assert finding["advice"].startswith("Write a README of your own first")
    assert outcomes["readme/readability"]["outcome"] == "not_applicable"
    listed = [i for i in result["improvements"] if i["repo"] == repo["name"] and i["rule_id"].startswith("readme/")]
    assert [i["rule_id"] for i in listed] == ["readme/present"]
    # Its gain is what the portfolio gains when every scored README rule of the repository reaches 100.
    for finding in outcomes.values():
        if finding["score"] is not None:
            finding["score"] = 100.0
    for category in repo["categories"]:
        category["score"] = scoring.weighted_mean(
            (f["score"], f["weight"]) for f in repo["findings"] if f["category"] == category["id"])
    repo["score"] = scoring.weighted_mean((c["score"], c["weight"]) for c in repo["categories"])
    improved = scoring.weighted_mean((r["score"], r["weight"]) for r in result["repos"])
    assert improved - result["score"] == pytest.approx(listed[0]["expected_gain"], abs=0.15)


def test_an_interface_without_a_readme_folds_its_visuals_gain_into_writing_one(catalogue):
    ui = {"files": {"src/App.jsx": "".join(f"export const v{i} = {i};\n" for i in range(80))}}
    result = evaluate_snapshot(_snapshot(ui), catalogue)
    visuals = next(f for f in result["repos"][0]["findings"] if f["rule_id"] == "readme/visuals")
    assert visuals["outcome"] == "fail" and visuals["expected_gain"] == 0
    assert [i["rule_id"] for i in result["improvements"] if i["rule_id"].startswith("readme/")] == ["readme/present"]


def test_same_snapshot_gives_byte_identical_json(catalogue):
    from portfolio_audit.render import FORMATS

    first = FORMATS["json"](evaluate_snapshot(_snapshot(GOOD), catalogue))
    second = FORMATS["json"](evaluate_snapshot(_snapshot(GOOD), load_catalogue()))
    assert first == second
    assert json.loads(first)["collected_at"] == FIXTURE_COLLECTED_AT


def test_not_collected_repo_is_reported_not_scored(catalogue):
    from dataclasses import replace

    broken = replace(repo_from_spec(GOOD, name="broken"), collection_error="timed out")
    snapshot = Snapshot(collected_at=FIXTURE_COLLECTED_AT, source={"kind": "local"}, repos=(broken,))
    result = evaluate_snapshot(snapshot, catalogue)
    assert result["repos"][0]["status"] == "not_collected" and result["score"] is None
    assert result["counts"]["not_collected"] == 1


MERGED_ELSEWHERE = {
    "role": "author", "number": 7, "title": "Fix header parsing", "url": "https://github.com/up/lib/pull/7",
    "author": "octo", "repo": "up/lib", "base_repo": "up/lib", "state": "closed", "merged": True,
    "merged_at": "2025-05-01T00:00:00Z",
}


def test_contributions_elsewhere_are_scored_once_as_the_profile(catalogue):
    from dataclasses import replace

    from portfolio_audit.snapshot import Collected

    snapshot = replace(_snapshot(GOOD), owner={"login": "octo"}, contributions=Collected.of([MERGED_ELSEWHERE]))
    result = evaluate_snapshot(snapshot, catalogue)
    profile = [r for r in result["repos"] if r["kind"] == "profile"]
    assert len(profile) == 1 and profile[0]["status"] == "scored"
    assert profile[0]["weight"] == scoring.PROFILE_WEIGHT
    finding = next(f for f in profile[0]["findings"] if f["rule_id"] == "collaboration/contributes-to-other-projects")
    assert finding["outcome"] == "pass" and finding["evidence"][0]["url"] == MERGED_ELSEWHERE["url"]
    assert result["counts"]["repos"] == 1  # counts describe the person's own repositories
    # profile rules are not evaluated per repository
    own = next(r for r in result["repos"] if r["kind"] == "repository")
    assert all(f["rule_id"] != finding["rule_id"] for f in own["findings"])


def test_local_audit_has_no_profile_card_but_says_what_it_cannot_see(catalogue):
    from dataclasses import replace

    from portfolio_audit.snapshot import Collected

    snapshot = replace(_snapshot(GOOD), contributions=Collected.missing("local folder: no GitHub data"))
    result = evaluate_snapshot(snapshot, catalogue)
    assert all(r["kind"] == "repository" for r in result["repos"])
    assert any("contributions to other projects" in c for c in result["caveats"])


def test_worker_processes_give_the_same_result_as_one_process(catalogue, monkeypatch):
    import threading

    from portfolio_audit import engine
    from portfolio_audit.render import FORMATS

    specs = [dict(GOOD, readme=GOOD["readme"] + f"\nVariant {i} adds {i * 7} words of notes.\n") for i in range(10)]
    snapshot = _snapshot(*specs)
    # Forking is only attempted with no other thread alive; pretend that holds here.
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert engine._worker_count(len(specs)) >= 1
    seen = []
    parallel = FORMATS["json"](evaluate_snapshot(snapshot, catalogue, progress=lambda i, n, name: seen.append(i)))
    monkeypatch.setattr(engine, "MIN_REPOS_FOR_WORKERS", 10**6)
    serial = FORMATS["json"](evaluate_snapshot(snapshot, catalogue))
    assert parallel == serial
    assert seen == list(range(1, len(specs) + 1))  # progress still reports every repo, in order
