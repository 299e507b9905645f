"""Per-rule case files: tests/rules/cases/<category>/<name>.yml, one per rule.

Each case builds a small repository from an inline spec (tests.support.fixtures),
evaluates one rule against it and checks the outcome (and optionally the score
range and evidence). Pytest ids read as ``<rule-id>::<case name>``. A case with
``known_miss: <why>`` is a known wrong verdict, kept visible as a strict expected failure:
it fails the suite once the rule gets it right, so the marker goes with the fix.
"""

from pathlib import Path

import pytest
import yaml

from portfolio_audit.engine import evaluate_rule
from tests.support.fixtures import context_for

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases():
    for path in sorted(CASES_DIR.glob("*/*.yml")):
        rule_id = path.relative_to(CASES_DIR).with_suffix("").as_posix()
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            marks = [pytest.mark.xfail(strict=True, reason=case["known_miss"])] if case.get("known_miss") else []
            yield pytest.param(rule_id, case, id=f"{rule_id}::{case['name']}", marks=marks)


def run_rule(rule, spec):
    return evaluate_rule(rule, context_for(rule, spec))


@pytest.mark.parametrize("rule_id,case", list(_load_cases()))
def test_rule_case(rule_id, case, catalogue):
    rule = catalogue.rule(rule_id)
    assert rule is not None, f"case file for unknown rule {rule_id}"
    finding = run_rule(rule, case["repo"])
    expected = case["expect"]
    allowed = expected if isinstance(expected, list) else [expected]
    assert finding["outcome"] in allowed, (finding["outcome"], finding["score"], finding["summary"])
    if "score_at_least" in case:
        assert finding["score"] is not None and finding["score"] >= case["score_at_least"], finding
    if "score_at_most" in case:
        assert finding["score"] is not None and finding["score"] <= case["score_at_most"], finding
    if case.get("summary_contains"):
        assert case["summary_contains"] in (finding["summary"] or ""), finding["summary"]
    if case.get("evidence_contains"):
        text = " ".join(f"{e.get('snippet') or ''} {e.get('note') or ''}" for e in finding["evidence"])
        assert case["evidence_contains"] in text, finding["evidence"]


def test_every_rule_has_a_case_file(catalogue):
    missing = [r.id for r in catalogue.rules if not (CASES_DIR / f"{r.id}.yml").exists()]
    assert not missing, f"rules without tests/rules/cases/<id>.yml: {missing}"


def test_case_files_cover_pass_and_fail(catalogue):
    for path in sorted(CASES_DIR.glob("*/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        expects = set()
        for case in data["cases"]:
            e = case["expect"]
            expects.update(e if isinstance(e, list) else [e])
        assert "pass" in expects, f"{path}: no passing case"
        assert expects & {"fail", "warn"}, f"{path}: no failing case"
