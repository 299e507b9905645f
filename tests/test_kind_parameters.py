"""Kind parameters are typed and checked when the catalogue loads: a bad value in a rule file exits 4 naming it."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from portfolio_audit import kinds
from portfolio_audit.kinds.parameters import NoParameters, ParameterError, build, field_types, parameter
from portfolio_audit.rules import load_catalogue, rules_dir

from .helpers import run_cli


@dataclasses.dataclass(frozen=True)
class Sample:
    share: float = parameter(0.5, at_least=0, at_most=1)
    words: int = parameter(10, at_least=1)
    aspect: str = parameter("lessons", choices=("lessons", "tradeoffs"))
    strict: bool = parameter(False)
    saturation: float = parameter(2, above=0)


def test_defaults_fill_what_a_rule_leaves_out_and_take_their_field_type():
    built = build(Sample, {"words": 25})
    assert built == Sample(share=0.5, words=25, aspect="lessons", strict=False, saturation=2.0)
    assert isinstance(built.saturation, float)  # an int default of a float field is a float
    assert build(NoParameters, None) == NoParameters()


@pytest.mark.parametrize("raw, says", [
    ({"wrods": 5}, "no parameter wrods (it takes aspect, saturation, share, strict, words)"),
    ({"words": "ten"}, "words must be a whole number, not 'ten'"),
    ({"words": 2.5}, "words must be a whole number"),
    ({"words": True}, "words must be a whole number"),  # YAML's yes is no count
    ({"strict": 1}, "strict must be true or false"),
    ({"share": 1.5}, "share must be at most 1"),
    ({"words": 0}, "words must be at least 1"),
    ({"saturation": 0}, "saturation must be above 0"),
    ({"share": float("nan")}, "share must be a finite number"),
    ({"aspect": "credit"}, "aspect must be one of lessons, tradeoffs"),
    (["words"], "params must be a mapping"),
])
def test_a_bad_value_is_refused_with_what_the_field_takes(raw, says):
    with pytest.raises(ParameterError) as caught:
        build(Sample, raw)
    assert says in str(caught.value)


def test_a_parameter_class_with_a_type_no_rule_file_can_give_is_refused():
    @dataclasses.dataclass(frozen=True)
    class Odd:
        paths: list = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError):
        field_types(Odd)


def test_every_shipped_rule_builds_its_kinds_parameters_and_uses_only_declared_names():
    for rule in load_catalogue().rules:
        declared = kinds.parameter_class(rule.kind)
        assert isinstance(rule.params, declared), rule.id


@pytest.mark.parametrize("line, says", [
    ("  saturation: 0\n", "saturation must be above 0"),
    ("  saturation: lots\n", "saturation must be a number"),
    ("  saturaton: 1.5\n", "no parameter saturaton"),
])
def test_a_bad_rule_parameter_exits_four_naming_the_file(tmp_path, line, says):
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    path = rules / "reflection" / "tradeoffs.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  saturation:")
    path.write_text(text[:start] + line + text[text.index("\n", start) + 1:], encoding="utf-8")
    done = run_cli("rules", "list", "--rules", str(rules))
    assert done.returncode == 4, done.stderr
    assert "tradeoffs.yml" in done.stderr and says in done.stderr
