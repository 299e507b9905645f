"""Measure the scaffold thresholds on generator outputs, each version left out of the index in turn.

    python tools/measure_scaffold_threshold.py OUTPUT_ROOT [OUTPUT_ROOT...]

The roots are those given to build_scaffold_signatures.py. For every generator with
two or more versions, each version's files are compared with an index built
without that version ("unedited, a version we have no signature for"), then again
after adding the person's own text: one paragraph and a section for a README, one
small commented function for code. Prints how many unedited files are still found
and how many edited ones are wrongly called scaffold, at the shipped thresholds.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import build_scaffold_signatures as build  # noqa: E402
from portfolio_audit.provenance import scaffold  # noqa: E402
from portfolio_audit.provenance.scaffold import Signature, SignatureIndex  # noqa: E402

# "The same file, evolved": the nearest other version holds at least this share of its lines.
NEAR_VERSION_COVERAGE = 0.8
OWN_README_TEXT = (
    "PhotoSort renames a folder of holiday photos by the date they were taken, so the\n"
    "album reads in order. I wrote it after losing an afternoon to IMG_4031.jpg.\n\n"
    "## How it works\n\nIt reads each file's EXIF timestamp, falls back to the file time when the\n"
    "camera left none, and refuses to overwrite a name that already exists.\n"
)
OWN_CODE = {
    "py": "\n\ndef parse_price(text):\n    # Prices arrive as '1.234,50' from the German feed.\n"
          "    cleaned = text.replace('.', '').replace(',', '.')\n    return round(float(cleaned), 2)\n",
    "rb": "\n  # Prices arrive as '1.234,50' from the German feed.\n  def parse_price(text)\n"
          "    text.delete('.').tr(',', '.').to_f.round(2)\n  end\n",
    "js": "\nexport function parsePrice(text) {\n  // Prices arrive as '1.234,50' from the German feed.\n"
          "  const cleaned = text.replace(/\\./g, '').replace(',', '.');\n  return Math.round(parseFloat(cleaned) * 100) / 100;\n}\n",
}


def _runs(roots: list) -> list:
    return [run for root in roots for run in sorted(root.iterdir()) if run.is_dir() and "@" in run.name]


def _identity(run: Path) -> tuple:
    generator, _, rest = run.name.partition("@")
    return generator, rest.split("+")[0]


_RECORDS: dict = {}


def _index_without(runs: list, left_out: tuple) -> SignatureIndex:
    signatures = []
    for run in runs:
        if _identity(run) == left_out:
            continue
        version = _identity(run)[1]
        if run not in _RECORDS:
            _RECORDS[run] = build.signatures_of_run(run)
        for record in _RECORDS[run]:
            signatures.append(Signature(record["generator"], version, record["file"], record["key"],
                                        frozenset(int(h, 16) for h in record["plain"]),
                                        frozenset(int(h, 16) for h in record["masked"])))
    return SignatureIndex(signatures)


def _edited(target: str, text: str) -> str:
    if target.lower().endswith((".md", ".rdoc")) or "readme" in target.lower():
        title, _, rest = text.partition("\n")
        return f"{title}\n\n{OWN_README_TEXT}\n{rest}"
    suffix = target.rsplit(".", 1)[-1]
    return text + OWN_CODE.get(suffix if suffix in OWN_CODE else "js")


def main(argv=None) -> int:
    roots = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    runs = _runs(roots)
    versions: dict = {}
    for run in runs:
        versions.setdefault(_identity(run)[0], set()).add(_identity(run)[1])
    indexes: dict = {}
    unedited_near, edited_matches = [], []
    for run in runs:
        identity = _identity(run)
        if len(versions[identity[0]]) < 2:
            continue
        index = indexes.setdefault(identity, _index_without(runs, identity))
        for path in sorted(p for p in run.rglob("*") if p.is_file()):
            rel = path.relative_to(run).as_posix()
            if set(rel.split("/")) & build.SKIP_PARTS:
                continue
            target = build._collected_path(rel)
            target = target[len(build.NAME) + 1:] if target.startswith(build.NAME + "/") else target
            kind = build.classify_path(target)
            if kind is None or kind[0] not in ("readme", "doc", "source"):
                continue
            try:
                text = build.render_template(path.read_text(encoding="utf-8"), path.suffix)
            except UnicodeDecodeError:
                continue
            text = text.replace(build.NAME, "photosort").replace("Zqxproj", "Photosort").replace("zqxapp", "shop")
            match = index.nearest(target, text)
            if match is None or match.comparison.informative_lines < 3:
                continue
            if match.comparison.coverage >= NEAR_VERSION_COVERAGE:
                unedited_near.append(match.comparison)
            changed = index.nearest(target, _edited(target, text))
            if changed is not None:
                edited_matches.append((changed.comparison, changed.comparison.other_weight - match.comparison.other_weight))
    added = [extra for _, extra in edited_matches]
    print(f"{len(unedited_near)} unedited files whose nearest other version holds >= {NEAR_VERSION_COVERAGE:.0%} of "
          f"their lines; {len(edited_matches)} edited files (own text added: {min(added)}-{max(added)} characters)")
    for limit in sorted({60, 80, 100, 120, 150, scaffold.OWN_TEXT_LIMIT}):
        def is_scaffold(comparison) -> bool:
            return (comparison.share >= scaffold.SCAFFOLD_SHARE and comparison.other_weight < limit
                    and comparison.coverage >= scaffold.SCAFFOLD_COVERAGE)
        found = sum(is_scaffold(c) for c in unedited_near)
        wrong = sum(is_scaffold(c) for c, _ in edited_matches)
        mark = "  <- shipped" if limit == scaffold.OWN_TEXT_LIMIT else ""
        print(f"  share >= {scaffold.SCAFFOLD_SHARE}, own text < {limit:>3}: unedited found {found}/{len(unedited_near)} "
              f"({found / max(1, len(unedited_near)):.0%}), edited called scaffold {wrong}/{len(edited_matches)} "
              f"({wrong / max(1, len(edited_matches)):.0%}){mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
