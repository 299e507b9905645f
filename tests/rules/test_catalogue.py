"""Meta-tests over the whole rule catalogue: schema, ids, prose, examples, placeholders."""

import pytest

from portfolio_audit.engine import evaluate_rule
from tests.support.fixtures import context_for
from portfolio_audit.kinds import registry
from portfolio_audit.rules import RuleError, load_catalogue
from portfolio_audit.paths import rules_dir

REQUIRED_CATEGORIES = {"readme", "reflection", "comments", "commits", "collaboration", "responsible-ai"}


def _rules():
    return [pytest.param(rule, id=rule.id) for rule in load_catalogue().rules]


def test_catalogue_loads_and_covers_every_category(catalogue):
    assert {r.category for r in catalogue.rules} >= REQUIRED_CATEGORIES
    assert len(catalogue.digest) == 12


@pytest.mark.parametrize("rule", _rules())
def test_rule_prose_reads_well(rule):
    assert rule.title[0].isupper() and not rule.title.endswith(".")
    for text in (rule.what, rule.why, rule.advice):
        assert len(text.split()) >= 5, text
    assert rule.examples["pass"]["explain"] and rule.examples["fail"]["explain"]


@pytest.mark.parametrize("rule", _rules())
def test_documented_examples_really_pass_and_fail(rule):
    for expected in ("pass", "fail"):
        finding = evaluate_rule(rule, context_for(rule, rule.examples[expected]["repo"]))
        if expected == "pass":
            assert finding["outcome"] == "pass", (expected, finding)
        else:
            assert finding["outcome"] in ("fail", "warn"), (expected, finding)


@pytest.mark.parametrize("rule", _rules())
def test_every_placeholder_gets_a_value(rule):
    function = registry()[rule.kind]
    measurement = function(context_for(rule, rule.examples["fail"]["repo"]), rule.params)
    missing = rule.placeholders() - set(measurement.values)
    assert not missing, f"{rule.id}: advice placeholders without a value: {missing}"
    assert "…" not in rule.advice_for(measurement.values)


def test_every_kind_is_used(catalogue):
    used = {r.kind for r in catalogue.rules}
    assert set(registry()) <= used, f"kinds no rule uses: {set(registry()) - used}"


def test_invalid_rule_is_rejected_with_its_path(tmp_path):
    (tmp_path / "categories.yml").write_text("readme: {title: README, weight: 1}\n")
    (tmp_path / "readme").mkdir()
    bad = tmp_path / "readme" / "broken.yml"
    bad.write_text("id: readme/other\ntitle: Something true holds\n")
    with pytest.raises(RuleError) as err:
        load_catalogue(tmp_path)
    assert "broken.yml" in str(err.value)


def test_id_must_equal_path(tmp_path):
    import shutil

    shutil.copytree(rules_dir(), tmp_path / "rules")
    first = sorted((tmp_path / "rules").glob("*/*.yml"))[0]
    first.rename(first.with_name("renamed-rule.yml"))
    with pytest.raises(RuleError, match="must equal its path"):
        load_catalogue(tmp_path / "rules")


def test_without_readme_needs_a_rule_that_requires_a_readme(tmp_path):
    import shutil

    shutil.copytree(rules_dir(), tmp_path / "rules")
    rule = tmp_path / "rules" / "commits" / "subjects-say-what-changed.yml"
    rule.write_text(rule.read_text().replace("\nweight:", "\nwithout_readme: fail\nweight:", 1))
    with pytest.raises(RuleError, match="without_readme is for rules that require a README"):
        load_catalogue(tmp_path / "rules")
