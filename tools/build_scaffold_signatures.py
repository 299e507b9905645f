"""Derive scaffold signatures from project generators' real output (a developer tool; not shipped, not run by tests).

    python tools/build_scaffold_signatures.py OUTPUT_ROOT [OUTPUT_ROOT...] \
        -o portfolio_audit/provenance/scaffold_signatures.json

Each OUTPUT_ROOT holds one folder per generator run, named
``<generator>@<version>[+<variant>]``. A folder holds what the generator wrote for a
project named ``zqxproj`` (the name every value the generator fills in is recognised
by), or, for generators that cannot be installed here, the generator's template
files read from its public repository, whose placeholders are turned into the name:
ERB (``<%= ... %>``, Rails ``.tt``), Mustache (``{{...}}``, Flutter ``.tmpl``) and
.NET template symbols (``Company.WebApplication1``, ``#if`` conditionals).

How the outputs used for the shipped file were made (in a scratch folder):

- npm: ``npm pack`` of cra-template 1.0.0 / 1.2.0 and cra-template-typescript 1.2.0
  (their ``template/`` folder is what create-react-app copies), and of react-scripts 0.9.5,
  1.0.17, 1.1.5, 2.0.5, 2.1.8, 3.0.1, 3.2.0, whose ``template/`` folder create-react-app
  copied before cra-template (added with ``--extend`` the shipped file); create-vite 4.4.1,
  5.5.5, 9.3.0 (``node index.js zqxproj --template T`` for react, react-ts, vue,
  vue-ts, vanilla, vanilla-ts, svelte); create-vue 3.24.0 (``--default``,
  ``--typescript --router --pinia``, ``--bare``); create-next-app 13.5.6, 14.2.15,
  16.4.3 (``--skip-install``, pages and app router, JS and TS); @angular/cli 17 and 19
  (``ng new zqxproj --skip-install --skip-git --defaults``); express-generator 4.16.1
  (``express --view=ejs zqxproj``).
- PyPI: Django 3.2, 4.2, 5.2 (``python -m django startproject zqxproj`` then
  ``startapp zqxapp``).
- Read from public repositories (never committed): rails/rails
  railties/lib/rails/generators/rails/app/templates and
  rails/scaffold_controller/templates at tags v4.2.0 (README only), v5.2.0, v6.1.0,
  v7.0.0, v7.1.0, v7.2.0, v8.0.0; dotnet/aspnetcore
  src/ProjectTemplates/Web.ProjectTemplates/content (RazorPagesWeb-CSharp,
  StarterWeb-CSharp, WebApi-CSharp); flutter/flutter
  packages/flutter_tools/templates/app/lib/main.dart.tmpl; the Spring Initializr
  application and test classes as generated for Maven projects.

Only line hashes, the generator's name and version and the file's path are written.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portfolio_audit.collect.classify import classify_path  # noqa: E402
from portfolio_audit.provenance.fingerprint import (  # noqa: E402
    MASK, is_informative, line_hash, mask_values, normalise_line,
)
from portfolio_audit.provenance.scaffold import signature_key  # noqa: E402

NAME = "zqxproj"
# The values a generator derives from the project name, as they appear in its output.
NAME_VALUES = (NAME, "zqxapp")

GENERATOR_NAMES = {
    "vite": "create-vite",
    "react-scripts": "create-react-app (react-scripts template)",
    "cra-template": "create-react-app (cra-template)",
    "cra-template-typescript": "create-react-app (cra-template-typescript)",
    "create-vue": "create-vue",
    "create-next-app": "create-next-app",
    "angular-cli": "ng new (@angular/cli)",
    "django": "django-admin startproject/startapp",
    "express-generator": "express-generator",
    "rails": "rails new",
    "rails-scaffold": "rails generate scaffold",
    "rails-api": "rails generate scaffold --api",
    "aspnetcore": "dotnet new (ASP.NET Core templates)",
    "spring-initializr": "Spring Initializr",
    "flutter": "flutter create",
}
SKIP_PARTS = {".git", "node_modules", ".template.config"}

_ERB_CONTROL_LINE = re.compile(r"^\s*<%[-=]?(?!=)[^%]*%>\s*$")
_ERB_OUTPUT = re.compile(r"<%=\s*(.*?)\s*-?%>")
_ERB_CODE = re.compile(r"<%-?(?!=).*?-?%>")
_MUSTACHE_SECTION_LINE = re.compile(r"^\s*\{\{[#/^][^}]*\}\}\s*$")
_MUSTACHE_VALUE = re.compile(r"\{\{\{?[^}]*\}?\}\}")
_DOTNET_CONDITIONAL = re.compile(r"^\s*(//)?#(if|elif|elseif|else|endif)\b")
_DOTNET_NAMES = re.compile(r"Company\.WebApplication1|WebApplication1")
# ERB helpers whose value is a URL path, not a bare name.
_ERB_PATH_VALUES = {"route_url": "/" + NAME}


def render_template(text: str, suffix: str) -> str:
    """A template's text with every placeholder turned into the project name and every conditional line dropped."""
    lines = []
    for line in text.split("\n"):
        if suffix == ".tt" or "<%" in line:
            if _ERB_CONTROL_LINE.match(line) and not line.strip().startswith("<%="):
                continue
            line = _ERB_OUTPUT.sub(lambda m: _ERB_PATH_VALUES.get(m.group(1), NAME), line)
            line = _ERB_CODE.sub("", line)
        if suffix == ".tmpl" or "{{" in line:
            if _MUSTACHE_SECTION_LINE.match(line):
                continue
            line = _MUSTACHE_VALUE.sub(NAME, line)
        if _DOTNET_CONDITIONAL.match(line):
            continue
        lines.append(_DOTNET_NAMES.sub(NAME, line))
    return "\n".join(lines)


def file_signature(text: str) -> tuple:
    """(plain hashes, masked hashes) of a generator file's informative lines."""
    plain, masked = set(), set()
    for line in text.split("\n"):
        normalised = normalise_line(line)
        if not is_informative(normalised):
            continue
        hidden = mask_values(normalised, NAME_VALUES)
        if MASK in hidden:
            if is_informative(hidden):
                masked.add(line_hash(hidden))
        else:
            plain.add(line_hash(normalised))
    return plain, masked


def _collected_path(rel: str) -> str:
    for suffix in (".tt", ".tmpl"):
        if rel.endswith(suffix):
            return rel[: -len(suffix)]
    return rel


def signatures_of_run(run: Path) -> list:
    generator_id, _, rest = run.name.partition("@")
    version = rest.split("+")[0]
    records = []
    for path in sorted(p for p in run.rglob("*") if p.is_file()):
        rel = path.relative_to(run).as_posix()
        if set(rel.split("/")) & SKIP_PARTS:
            continue
        target = _collected_path(rel)
        if target.startswith(NAME + "/"):
            target = target[len(NAME) + 1:]
        kind = classify_path(target)
        if kind is None or kind[0] not in ("readme", "doc", "source"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        text = render_template(text, path.suffix)
        plain, masked = file_signature(text)
        if len(plain) + len(masked) < 1:
            continue
        name = target.replace(NAME, "<name>").replace("zqxapp", "<app>")
        key = signature_key(target.replace(NAME, "*").replace("zqxapp", "*"))
        key = key.replace("zqxproj", "*")
        records.append({
            "generator": GENERATOR_NAMES.get(generator_id, generator_id),
            "version": version,
            "file": name,
            "key": key,
            "plain": sorted(f"{h:08x}" for h in plain),
            "masked": sorted(f"{h:08x}" for h in masked),
        })
    return records


def merge(records: list) -> list:
    """One record per distinct (generator, file, key, hashes), listing every version that wrote it."""
    merged: dict = {}
    for record in records:
        identity = (record["generator"], record["file"], record["key"], tuple(record["plain"]), tuple(record["masked"]))
        entry = merged.setdefault(identity, {**record, "versions": []})
        if record["version"] not in entry["versions"]:
            entry["versions"].append(record["version"])
    out = []
    for entry in merged.values():
        entry.pop("version")
        entry["versions"].sort()
        out.append(entry)
    return sorted(out, key=lambda r: (r["generator"], r["file"], r["versions"]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--extend", type=Path, help="a signatures file whose records are kept beside the new ones")
    args = parser.parse_args(argv)
    records = []
    if args.extend:
        for entry in json.loads(args.extend.read_text(encoding="utf-8"))["signatures"]:
            fields = {k: v for k, v in entry.items() if k != "versions"}
            records.extend({**fields, "version": version} for version in entry["versions"])
    for root in args.roots:
        for run in sorted(p for p in root.iterdir() if p.is_dir() and "@" in p.name):
            records.extend(signatures_of_run(run))
    signatures = merge(records)
    document = {
        "about": "Line-hash signatures of project generators' files (see tools/build_scaffold_signatures.py); "
                 "no generator text is stored.",
        "normalisation": "portfolio_audit.provenance.fingerprint",
        "signatures": signatures,
    }
    args.output.write_text(json.dumps(document, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{len(signatures)} signatures from {len(records)} generator files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
