"""Print the README's table of rules: each rule's file, the kind that measures it and where that lives, its cases.

    python tools/rule_table.py            # the table, as the README holds it
    python tools/rule_table.py --write    # rewrite it in README.md between its markers

tests/test_layout.py fails when the README's table and the catalogue disagree.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- rule-table:start -->", "<!-- rule-table:end -->"


def rule_table() -> str:
    """The Markdown table: rule, its YAML, its kind and the module defining it, its cases file."""
    sys.path.insert(0, str(ROOT))
    from portfolio_audit.kinds import registry
    from portfolio_audit.rules import load_catalogue

    kinds = registry()
    lines = ["| Rule | Rule file | Kind (where it is measured) | Cases |", "| --- | --- | --- | --- |"]
    catalogue = load_catalogue(ROOT / "rules")
    for rule in catalogue.rules:
        module = Path(inspect.getsourcefile(kinds[rule.kind])).resolve().relative_to(ROOT).as_posix()
        cases = f"tests/rules/cases/{rule.id}.yml"
        lines.append(f"| `{rule.id}` | [`rules/{rule.id}.yml`](rules/{rule.id}.yml) | `{rule.kind}` in "
                     f"[`{module}`]({module}) | [`{cases}`]({cases}) |")
    return "\n".join(lines + ["", kind_summary([rule.kind for rule in catalogue.rules], len(kinds))])


def kind_summary(rule_kinds: list, kind_count: int) -> str:
    """One line under the table: how many kinds serve how many rules, and which serve several."""
    shared = sorted({kind for kind in rule_kinds if rule_kinds.count(kind) > 1})
    several = ", ".join(f"`{kind}` ({rule_kinds.count(kind)} rules)" for kind in shared)
    return (f"{len(rule_kinds)} rules, {kind_count} kinds: {kind_count - len(shared)} kinds serve one rule each"
            + (f"; {several} serve several, one measurement read for several aspects." if shared else "."))


def with_table(readme: str, table: str) -> str:
    """``readme`` with the text between the markers replaced by ``table``."""
    before, rest = readme.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{table}\n{END}{after}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the table in README.md")
    args = parser.parse_args(argv)
    table = rule_table()
    if args.write:
        path = ROOT / "README.md"
        path.write_text(with_table(path.read_text(encoding="utf-8"), table), encoding="utf-8")
    else:
        print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
