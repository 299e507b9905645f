"""A category score lowered by its assessed floor says why, in the JSON and in every report.

The README category takes its mean over at least half of its rule weight (categories.yml
``assessed_floor``): a README that only some rules could read is not scored high on those
alone. The reader of the lower number needs the line that says so; these tests pin it with
fixtures of our own: a Polish README, a language the opening, setup, usage and readability
rules do not read.
"""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from portfolio_audit import scoring
from portfolio_audit.engine import evaluate_snapshot
from portfolio_audit.paths import schemas_dir
from portfolio_audit.render import render
from portfolio_audit.render.view import build_view
from portfolio_audit.snapshot import Snapshot
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec

# Polish prose with headings and no command or code block: only length, structure and the
# showcase rules can read it.
POLISH_README = (
    "# grafik\n\n"
    "Ten program układa miesięczny grafik dyżurów dla małej przychodni, tak aby każdy lekarz miał "
    "podobną liczbę nocy i weekendów. Jest przeznaczony dla kierowników zmian, którzy dotąd robili "
    "to ręcznie w arkuszu.\n\n"
    "## Jak działa\n\n"
    "Lekarze wpisują swoje prośby do tabeli; program czyta tę tabelę, stosuje zasady przychodni "
    "i zapisuje nowy grafik obok niej. Jeśli zasad nie da się spełnić, wypisuje, która prośba "
    "stoi na przeszkodzie, i proponuje zamianę.\n\n"
    "## Ograniczenia\n\n"
    "Program nie zna świąt ruchomych i nie obsługuje więcej niż jednej przychodni naraz, ale "
    "można to dodać bez zmiany formatu tabeli.\n"
)
ENGLISH_README = (
    "# grafik\n\ngrafik is a command-line tool for clinic shift managers who build the monthly on-call "
    "rota by hand. It reads the doctors' requests from a CSV file and writes a fair rota beside it.\n\n"
    "## Install\n\n```bash\npip install grafik\n```\n\n## Usage\n\n```bash\ngrafik plan requests.csv\n```\n"
)
SOURCE = {"grafik/plan.py": '"""Plan."""\n\n' + "SHIFTS = 1\n" * 80}


def _result(catalogue, *readmes):
    repos = tuple(repo_from_spec({"readme": text, "files": SOURCE}, name=f"repo{i}") for i, text in enumerate(readmes))
    return evaluate_snapshot(Snapshot(collected_at=FIXTURE_COLLECTED_AT, source={"kind": "local", "paths": []},
                                      repos=repos), catalogue)


def _readme_category(repo):
    return next(c for c in repo["categories"] if c["id"] == "readme")


@pytest.fixture(scope="module")
def result(catalogue):
    return _result(catalogue, POLISH_README, ENGLISH_README)


def test_a_floored_readme_score_records_what_was_read_and_what_was_not(result, catalogue):
    repo = result["repos"][0]
    findings = [f for f in repo["findings"] if f["category"] == "readme"]
    read = sum(f["weight"] for f in findings if f["score"] is not None)
    unread = [f for f in findings if f["outcome"] == scoring.NOT_ASSESSED]
    floor = _readme_category(repo)["floor"]
    assert floor is not None, [(f["rule_id"], f["outcome"]) for f in findings]
    assert floor["read_weight"] == pytest.approx(read)
    assert floor["applicable_weight"] == pytest.approx(read + sum(f["weight"] for f in unread))
    assert floor["averaged_over"] == pytest.approx(floor["applicable_weight"] / 2) and floor["averaged_over"] > read
    assert floor["not_assessed"] == [f["rule_id"] for f in unread]
    # The score really is the mean over the floor's weight, and the caveat says so with its numbers.
    mean = sum(f["score"] * f["weight"] for f in findings if f["score"] is not None) / floor["averaged_over"]
    assert _readme_category(repo)["score"] == pytest.approx(mean, abs=0.05)
    caveat = floor["caveat"]
    assert caveat.startswith(f"Only {read:g} of {floor['applicable_weight']:g} rule weight could read this README")
    assert f"half the weight ({floor['averaged_over']:g}, not {read:g})" in caveat and "cannot lift it" in caveat
    for rule_id in floor["not_assessed"]:
        assert rule_id.split("/")[1] in caveat


def test_the_portfolio_caveats_name_the_floored_repositories(result):
    floored = [line for line in result["caveats"] if "averaged over more weight than its rules could read" in line]
    assert floored == ["README clarity of repo0 (1 of 2 repositories) is averaged over more weight than its rules"
                       " could read: some could not read the README's language, and what the others read alone is"
                       " not taken as the whole. Each repository's card says which rules."]


def test_a_readme_every_rule_read_has_no_floor(result):
    assert _readme_category(result["repos"][1])["floor"] is None
    # Categories without a floor in categories.yml never get one.
    assert all(c["floor"] is None for repo in result["repos"] for c in repo["categories"] if c["id"] != "readme")


def test_the_result_with_a_floor_matches_the_schema(result):
    schema = json.loads((schemas_dir() / "result.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(render("json", result)), schema)


def test_the_html_and_markdown_reports_show_the_caveat_under_the_category(result):
    caveat = _readme_category(result["repos"][0])["floor"]["caveat"]
    page = render("html", result)
    assert page.count(caveat) == 1
    # Under the README heading of that repository's card, before its first finding.
    group = page.index('<section class="group">', page.index('id="repo-'))
    assert page.index("README clarity", group) < page.index(caveat) < page.index('<div class="finding', group)
    summary = render("md", result)
    assert f"*README clarity:* {caveat}" in summary
    # The repository that every rule read shows no caveat.
    assert summary.count("could read this README") == 1


def test_the_recruiter_view_names_the_floor_beside_the_gap(catalogue):
    # The Polish README alone: its floored score is the portfolio's README gap.
    result = _result(catalogue, POLISH_README)
    view = build_view(result, "recruiter")
    assert view["highlights"] is not None
    gap = next(g for g in view["highlights"]["gaps"] if g["category"] == "readme")
    assert gap["repo"] == "repo0" and gap["caveat"] == _readme_category(result["repos"][0])["floor"]["caveat"]
    assert gap["caveat"] in render("html", result, audience="recruiter")
    assert gap["caveat"] in render("md", result, audience="recruiter")


def test_a_result_without_the_field_or_with_a_strange_one_still_renders(result):
    for value in (None, "nonsense", {"caveat": 7}, {}):
        edited = copy.deepcopy(result)
        for repo in edited["repos"]:
            for category in repo["categories"]:
                if value is None:
                    category.pop("floor", None)
                else:
                    category["floor"] = value
        for fmt in ("html", "md"):
            assert "could read this README" not in render(fmt, edited, audience="recruiter")
