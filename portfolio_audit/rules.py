"""Loading and validating the rule catalogue (rules/<category>/<name>.yml)."""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import jsonschema
import yaml

from . import kinds
from .paths import rules_dir, schemas_dir

DEFAULT_PASS_AT = 80
DEFAULT_WARN_AT = 50


class RuleError(ValueError):
    """The rule catalogue is invalid; the message names the file and the problem."""


@dataclass(frozen=True)
class Category:
    """A category from rules/categories.yml and its weight in a repository's score."""

    id: str
    title: str
    weight: float
    description: str


@dataclass(frozen=True)
class Rule:
    """One validated rule file: which kind measures it with which params, its pass and warn thresholds
    (0-100), and the prose a reader sees (what, why, advice).
    """

    id: str
    title: str
    category: str
    kind: str
    params: dict
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

    def placeholders(self) -> set:
        """Names used as {placeholder} in the advice text."""
        return {name for _, name, _, _ in string.Formatter().parse(self.advice) if name}

    def advice_for(self, values: dict) -> str:
        """The advice with placeholders filled; a missing value reads as '…' rather than failing."""
        filled = {name: values.get(name, "…") for name in self.placeholders()}
        return self.advice.format(**filled).strip()


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
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None


def _rule_from(path: Path, root: Path, data, categories: dict, validator) -> Rule:
    rel = path.relative_to(root).with_suffix("").as_posix()
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.path) or "(top level)"
        raise RuleError(f"{path}: {where}: {first.message}")
    if data["id"] != rel:
        raise RuleError(f"{path}: id {data['id']!r} must equal its path {rel!r}")
    if data["category"] != rel.split("/")[0]:
        raise RuleError(f"{path}: category {data['category']!r} must equal its folder")
    if data["category"] not in categories:
        raise RuleError(f"{path}: category {data['category']!r} is not in categories.yml")
    registry = kinds.registry()
    if data["kind"] not in registry:
        raise RuleError(f"{path}: unknown kind {data['kind']!r} (known: {', '.join(sorted(registry))})")
    params = data.get("params") or {}
    unknown = set(params) - kinds.accepted_params(data["kind"])
    if unknown:
        raise RuleError(f"{path}: kind {data['kind']!r} takes no parameter {', '.join(sorted(unknown))}")
    scoring = data.get("scoring") or {}
    pass_at = float(scoring.get("pass", DEFAULT_PASS_AT))
    warn_at = float(scoring.get("warn", DEFAULT_WARN_AT))
    if warn_at > pass_at:
        raise RuleError(f"{path}: scoring.warn ({warn_at}) is above scoring.pass ({pass_at})")
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
    )


def load_catalogue(root: Optional[Path] = None) -> Catalogue:
    """Read and validate every rule under ``root`` (default: the shipped rules)."""
    root = Path(root) if root else rules_dir()
    if not root.is_dir():
        raise RuleError(f"{root}: rules directory not found")
    category_file = root / "categories.yml"
    category_data = _load_yaml(category_file) if category_file.exists() else None
    if not isinstance(category_data, dict) or not category_data:
        raise RuleError(f"{category_file}: missing or empty category list")
    categories = {}
    for category_id, meta in category_data.items():
        try:
            categories[category_id] = Category(
                id=category_id,
                title=str(meta["title"]),
                weight=float(meta["weight"]),
                description=str(meta.get("description", "")),
            )
        except (KeyError, TypeError, ValueError):
            raise RuleError(f"{category_file}: category {category_id!r} needs a title and a numeric weight") from None

    validator = jsonschema.Draft202012Validator(_rule_schema())
    digest = hashlib.sha256()
    rules = []
    for path in sorted(root.glob("*/*.yml")):
        raw = path.read_bytes()
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + raw)
        rules.append(_rule_from(path, root, _load_yaml(path), categories, validator))
    if not rules:
        raise RuleError(f"{root}: no rules found (expected rules/<category>/<name>.yml)")
    digest.update(category_file.read_bytes())
    order = list(categories)
    rules.sort(key=lambda r: (order.index(r.category), r.id))
    return Catalogue(rules=tuple(rules), categories=tuple(categories.values()), digest=digest.hexdigest()[:12])
