"""Loading and validating the rule catalogue (rules/<category>/<name>.yml)."""

from __future__ import annotations

import hashlib
import json
import math
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import jsonschema
import yaml

from . import kinds
from .paths import rules_dir, schemas_dir
from .untrusted import UntrustedInputError, load_yaml, read_bytes, yaml_problem_line

DEFAULT_PASS_AT = 80
DEFAULT_WARN_AT = 50
# A rule file is a page of YAML (the largest shipped one is under 4 KiB); an operator's
# rules directory is still bounded: larger files, deeper nesting or more nodes are refused.
MAX_RULE_FILE_BYTES = 256 * 1024
MAX_RULE_DEPTH = 24
MAX_RULE_NODES = 20_000
MAX_RULE_FILES = 1_000
# Advice placeholders are plain names filled from a measurement: `{words}`. Attribute and
# index lookups (`{a.b}`, `{0}`) and format specs (`{words:>900000000}` builds a 900 MB
# string) are refused when the catalogue loads.
_PLACEHOLDER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


class RuleError(ValueError):
    """The rule catalogue is invalid; the message names the file and the problem."""


@dataclass(frozen=True)
class Category:
    """A category from rules/categories.yml and its weight in a repository's score."""

    id: str
    title: str
    weight: float
    description: str
    # Share of the category's rule weight that must be read (scored, not "not assessed") before
    # its score is the plain mean over the rules that were read; below it the mean is taken over
    # this share, so what could not be read neither counts as zero nor lets the rest stand alone.
    assessed_floor: float = 0.0
    # What its rules read, as a floored score's caveat names it ("could read this README");
    # empty: "this repository's material".
    material: str = ""


@dataclass(frozen=True)
class Rule:
    """One validated rule file: which kind measures it with which params, its pass and warn thresholds
    (0-100), and the prose a reader sees (what, why, advice).
    """

    id: str
    title: str
    category: str
    kind: str
    params: Any  # the kind's parameter instance (kinds/parameters.py), checked when the file loads
    requires: tuple
    weight: float
    pass_at: float
    warn_at: float
    what: str
    why: str
    examples: dict
    effort: str
    advice: str
    source_path: str
    # "repository": evaluated once per repository; "profile": once per person,
    # over what they did beyond their own repositories (Snapshot.contributions).
    scope: str = "repository"
    # With no README of the person's: "fail" when the rule asks the README to say something
    # (nothing says it), "measure" when the kind decides from the rest of the repository whether
    # it applies, "not_applicable" when there is only nothing to measure.
    without_readme: str = "not_applicable"

    def placeholders(self) -> set:
        """Names used as {placeholder} in the advice text (checked by ``advice_problem`` when the rule loads)."""
        return {name for _, name, _, _ in string.Formatter().parse(self.advice) if name}

    def advice_for(self, values: dict) -> str:
        """The advice with placeholders filled; a missing value reads as '…' rather than failing."""
        filled = {name: _placeholder_text(values.get(name, "…")) for name in self.placeholders()}
        return self.advice.format(**filled).strip()


# A filled placeholder is a count, a path or a phrase; a longer value is cut so advice stays a paragraph.
MAX_PLACEHOLDER_CHARS = 300


def _placeholder_text(value) -> str:
    text = str(value)
    return text if len(text) <= MAX_PLACEHOLDER_CHARS else text[: MAX_PLACEHOLDER_CHARS - 1] + "…"


def advice_problem(advice: str) -> Optional[str]:
    """Why ``advice`` is not a valid template (only ``{name}`` placeholders), or None."""
    try:
        fields = list(string.Formatter().parse(advice))
    except ValueError as exc:
        return f"advice is not a valid template ({exc})"
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if not _PLACEHOLDER_NAME.fullmatch(name) or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec[:20]}" if spec else "") + "}"
            return (f"advice placeholder {shown} is not allowed: write {{name}}, a plain name filled from the"
                    " measurement (no attribute, index, conversion or format spec)")
    return None


@dataclass(frozen=True)
class Catalogue:
    """Every validated rule and category; rules sorted by category (categories.yml order), then id."""

    rules: tuple
    categories: tuple
    digest: str  # hash of every rule file: identifies the rule version in reports

    def rule(self, rule_id: str) -> Optional[Rule]:
        """The rule with id ``rule_id`` ("readme/opening"), or None."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

    def category(self, category_id: str) -> Optional[Category]:
        """The category with id ``category_id``, or None."""
        for category in self.categories:
            if category.id == category_id:
                return category
        return None


def _rule_schema() -> dict:
    return json.loads((schemas_dir() / "rule.schema.json").read_text(encoding="utf-8"))


def _load_yaml(path: Path):
    """One rule file's data: a regular file under the size cap, UTF-8, YAML within depth and node caps."""
    try:
        raw = read_bytes(str(path), MAX_RULE_FILE_BYTES)
    except UntrustedInputError as exc:
        raise RuleError(f"{path}: {exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    try:
        data = load_yaml(text, MAX_RULE_DEPTH, MAX_RULE_NODES)
    except UntrustedInputError as exc:
        raise RuleError(f"{path}: refused ({exc})") from None
    except yaml.YAMLError as exc:
        line = yaml_problem_line(exc)
        raise RuleError(f"{path}: not valid YAML ({exc.__class__.__name__}{f' at line {line}' if line else ''})") from None
    bad = _non_finite(data)
    if bad:
        raise RuleError(f"{path}: {bad}: numbers in rule files must be finite (.nan and .inf are not)")
    return data, raw


def _non_finite(data) -> Optional[str]:
    """The path of the first NaN or infinite number in ``data`` (already depth-checked), or None."""
    pending = [(data, "")]
    while pending:
        value, where = pending.pop()
        if isinstance(value, float) and not math.isfinite(value):
            return where or "(top level)"
        if isinstance(value, dict):
            pending.extend((item, f"{where}/{key}" if where else str(key)) for key, item in value.items())
        elif isinstance(value, list):
            pending.extend((item, f"{where}/{index}") for index, item in enumerate(value))
    return None


def _rule_from(path: Path, root: Path, data, categories: dict, validator) -> Rule:
    rel = path.relative_to(root).with_suffix("").as_posix()
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.path) or "(top level)"
        raise RuleError(f"{path}: {where}: {first.message[:300]}")
    if data["id"] != rel:
        raise RuleError(f"{path}: id {data['id']!r} must equal its path {rel!r}")
    if data["category"] != rel.split("/")[0]:
        raise RuleError(f"{path}: category {data['category']!r} must equal its folder")
    if data["category"] not in categories:
        raise RuleError(f"{path}: category {data['category']!r} is not in categories.yml")
    registry = kinds.registry()
    if data["kind"] not in registry:
        raise RuleError(f"{path}: unknown kind {data['kind']!r} (known: {', '.join(sorted(registry))})")
    try:
        params = kinds.parameters_for(data["kind"], data.get("params") or {})
    except kinds.ParameterError as exc:
        raise RuleError(f"{path}: params of kind {data['kind']!r}: {exc}") from None
    scoring = data.get("scoring") or {}
    pass_at = float(scoring.get("pass", DEFAULT_PASS_AT))
    warn_at = float(scoring.get("warn", DEFAULT_WARN_AT))
    if warn_at > pass_at:
        raise RuleError(f"{path}: scoring.warn ({warn_at}) is above scoring.pass ({pass_at})")
    if "without_readme" in data and "readme" not in data["requires"]:
        raise RuleError(f"{path}: without_readme is for rules that require a README (requires: [readme])")
    problem = advice_problem(data["remediation"]["advice"])
    if problem:
        raise RuleError(f"{path}: remediation/advice: {problem}")
    return Rule(
        id=data["id"],
        title=data["title"].strip(),
        category=data["category"],
        kind=data["kind"],
        params=params,
        requires=tuple(data["requires"]),
        weight=float(data["weight"]),
        pass_at=pass_at,
        warn_at=warn_at,
        what=data["what"].strip(),
        why=data["why"].strip(),
        examples=data["examples"],
        effort=data["remediation"]["effort"],
        advice=data["remediation"]["advice"].strip(),
        source_path=str(path),
        scope=data.get("scope", "repository"),
        without_readme=data.get("without_readme", "not_applicable"),
    )


def load_catalogue(root: Optional[Path] = None) -> Catalogue:
    """Read and validate every rule under ``root`` (default: the shipped rules)."""
    root = Path(root) if root else rules_dir()
    if not root.is_dir():
        raise RuleError(f"{root}: rules directory not found")
    category_file = root / "categories.yml"
    category_data, category_raw = _load_yaml(category_file) if category_file.exists() else (None, b"")
    if not isinstance(category_data, dict) or not category_data:
        raise RuleError(f"{category_file}: missing or empty category list")
    categories = {}
    for category_id, meta in category_data.items():
        try:
            weight = float(meta["weight"])
            if isinstance(meta["weight"], bool) or not math.isfinite(weight) or weight < 0:
                raise ValueError(weight)
            floor = float(meta.get("assessed_floor", 0.0))
            if isinstance(meta.get("assessed_floor"), bool) or not 0.0 <= floor <= 1.0:
                raise ValueError(floor)
            if not isinstance(meta.get("material", ""), str):
                raise TypeError(meta.get("material"))
            categories[str(category_id)] = Category(
                id=str(category_id),
                title=str(meta["title"]),
                weight=weight,
                description=str(meta.get("description", "")),
                assessed_floor=floor,
                material=meta.get("material", ""),
            )
        except (KeyError, TypeError, ValueError):
            raise RuleError(f"{category_file}: category {category_id!r} needs a title, a finite, non-negative"
                            " numeric weight and, if given, an assessed_floor between 0 and 1 and a material in words") from None
    if not any(category.weight > 0 for category in categories.values()):
        raise RuleError(f"{category_file}: every category weight is 0; at least one must count")

    validator = jsonschema.Draft202012Validator(_rule_schema())
    digest = hashlib.sha256()
    rules = []
    paths = sorted(root.glob("*/*.yml"))
    if len(paths) > MAX_RULE_FILES:
        raise RuleError(f"{root}: {len(paths)} rule files; at most {MAX_RULE_FILES} are read")
    for path in paths:
        data, raw = _load_yaml(path)
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + raw)
        rules.append(_rule_from(path, root, data, categories, validator))
    if not rules:
        raise RuleError(f"{root}: no rules found (expected rules/<category>/<name>.yml)")
    digest.update(category_raw)
    order = list(categories)
    rules.sort(key=lambda r: (order.index(r.category), r.id))
    return Catalogue(rules=tuple(rules), categories=tuple(categories.values()), digest=digest.hexdigest()[:12])
