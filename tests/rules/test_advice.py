"""Advice agrees with the figures it quotes: it never asks for what the measurement shows is there."""

from pathlib import Path

import yaml

from portfolio_audit.engine import evaluate_rule
from tests.support.fixtures import context_for

CASES = Path(__file__).parent / "cases"


def _case(rule_id: str, name: str) -> dict:
    data = yaml.safe_load((CASES / f"{rule_id}.yml").read_text(encoding="utf-8"))
    return next(case["repo"] for case in data["cases"] if case["name"] == name)


def test_rationale_advice_names_the_restatements_when_the_density_is_reached(catalogue):
    rule = catalogue.rule("comments/comments-explain-why")
    finding = evaluate_rule(rule, context_for(rule, _case(rule.id, "dense-reasons-but-many-restatements")))
    assert finding["outcome"] == "warn"
    advice = finding["advice"]
    # The density (6.0 per 100 lines) is above the 1 aimed for: the advice must not ask for it.
    assert "aim for" not in advice and not advice.startswith("Only"), advice
    assert "at or above the 1 aimed for" in advice and "restate" in advice, advice


def test_rationale_advice_asks_for_reasons_when_there_are_too_few(catalogue):
    rule = catalogue.rule("comments/comments-explain-why")
    finding = evaluate_rule(rule, context_for(rule, _case(rule.id, "no-comments-at-all")))
    assert finding["advice"].startswith("Only 0 comments explain why"), finding["advice"]
    assert "aim for 1" in finding["advice"]
