"""Fairness guards: what must never raise or lower a score, tested on real and hand-written examples.

- popularity (stars, followers, commit counts) never changes a soft-skill score;
- good READMEs in other languages are not scored down for language, and readability
  formulas are only applied to English;
- little public work is "insufficient evidence", never a low score;
- nothing about the person is inferred or shown beyond their public text and code;
- the same snapshots give byte-identical JSON.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from portfolio_audit import snapshot as snapshot_io
from portfolio_audit.engine import evaluate_snapshot
from tests.support.fixtures import FIXTURE_COLLECTED_AT, repo_from_spec
from portfolio_audit.render import render
from portfolio_audit.rules import load_catalogue
from portfolio_audit.screen import INSUFFICIENT_EVIDENCE, build_screening, candidate_record, render_screening
from portfolio_audit.snapshot import Collected, Commit, Snapshot

from .conftest import SHARED, require_data

CALIBRATION = SHARED / "calibration" / "files" / "non_english"
GOOD_BAND_FLOOR = 60
README_CATEGORY = "readme"
READABILITY_RULE = "readme/readability"
# Readability formulas are English: another language is "not assessed" (or "not applicable"
# when there is too little prose to measure in any language), never a score.
UNSCORED_FOR_LANGUAGE = ("not_assessed", "not_applicable")

SOURCE = {"src/app.py": '"""Command-line entry point."""\n\n\ndef main():\n    """Run the tool."""\n    return 0\n'}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def snapshot_of(*repos, owner=None, contributions=None) -> Snapshot:
    return Snapshot(collected_at=FIXTURE_COLLECTED_AT, source={"kind": "github", "handle": "ana"},
                    owner=owner or {"login": "ana", "name": None}, repos=tuple(repos),
                    contributions=contributions or Collected.of([]))


def readme_result(catalogue, text: str) -> dict:
    repo = repo_from_spec({"readme": text, "files": SOURCE}, name="project")
    return evaluate_snapshot(snapshot_of(repo), catalogue)["repos"][0]


# --- popularity ----------------------------------------------------------------------

def test_stars_followers_and_commit_counts_never_change_a_score(catalogue):
    base = json.loads(Path(__file__).with_name("golden").joinpath("report.json").read_text(encoding="utf-8"))
    assert base  # the golden exists; the snapshot below is built independently
    commits = [Commit(sha=f"{i:040x}", subject="Parse dates as UTC", body="Local time broke DST.", author="ana",
                      authored_at="2025-12-01T10:00:00Z", insertions=10) for i in range(3)]
    repo = repo_from_spec({"readme": "# Tool\n\nTool converts tide tables for harbour staff.\n\n## Install\n\n"
                                     "```\npip install tool\n```\n\n## Usage\n\n```\ntool convert in.csv\n```\n",
                           "files": SOURCE})
    quiet = snapshot_of(dataclasses.replace(repo, commits=Collected.of(commits)),
                        owner={"login": "ana", "name": None, "followers": 0, "stars": 0})
    famous = snapshot_of(dataclasses.replace(repo, commits=Collected.of(commits * 50)),
                         owner={"login": "ana", "name": None, "followers": 90000, "stars": 120000,
                                "public_repos": 400})
    quiet_result, famous_result = evaluate_snapshot(quiet, catalogue), evaluate_snapshot(famous, catalogue)

    def scores(result):
        return [(r["name"], r["score"], [(c["id"], c["score"]) for c in r["categories"]]) for r in result["repos"]]

    assert scores(quiet_result) == scores(famous_result)
    assert quiet_result["score"] == famous_result["score"]


# --- language ---------------------------------------------------------------------------

# Complete READMEs written for this test: what it is and who it is for, install, usage with a
# runnable example, structure, and a design note with a trade-off.
GOOD_READMES = {
    "spanish": """# mareas

mareas es una herramienta de línea de comandos que lee las lecturas de los mareógrafos y marca los tramos que una
persona debería revisar: huecos, valores que faltan y picos de una sola lectura. Está pensada para voluntarios que
mantienen estaciones costeras y no tienen tiempo de mirar miles de filas a mano.

## Instalación

```
pip install mareas
```

## Uso

```
mareas revisar lecturas.csv --ventana 6h
```

El programa imprime una línea por tramo sospechoso y termina con código 1 si encontró alguno, así un script puede
detenerse a tiempo.

## Diseño

Elegimos la mediana móvil en lugar de un modelo: un modelo necesita datos meteorológicos que no tenemos. El coste es
que las subidas lentas se detectan tarde; lo explicamos en docs/decisiones.md.
""",
    "german": """# pegel

pegel ist ein Kommandozeilenwerkzeug, das Messwerte von Pegelstationen liest und die Abschnitte markiert, die sich
ein Mensch ansehen sollte: Lücken, fehlende Werte und einzelne Ausreißer. Es richtet sich an Ehrenamtliche, die
Küstenstationen betreuen und nicht tausende Zeilen von Hand prüfen wollen.

## Installation

```
pip install pegel
```

## Verwendung

```
pegel pruefen messwerte.csv --fenster 6h
```

Das Programm gibt pro verdächtigem Abschnitt eine Zeile aus und endet mit Status 1, wenn es etwas gefunden hat,
damit ein Skript rechtzeitig abbrechen kann.

## Entwurf

Wir haben uns für den gleitenden Median statt eines Modells entschieden: Ein Modell bräuchte Wetterdaten, die wir
nicht haben. Der Preis ist, dass langsame Anstiege spät erkannt werden; die Begründung steht in docs/entscheidungen.md.
""",
    "portuguese": """# marés

marés é uma ferramenta de linha de comando que lê as leituras dos marégrafos e marca os trechos que uma pessoa
deveria rever: falhas, valores em falta e picos de uma só leitura. É feita para voluntários que mantêm estações
costeiras e não têm tempo para olhar milhares de linhas à mão.

## Instalação

```
pip install mares
```

## Utilização

```
mares rever leituras.csv --janela 6h
```

O programa imprime uma linha por trecho suspeito e termina com código 1 se encontrou algum, para que um script possa
parar a tempo.

## Desenho

Escolhemos a mediana móvel em vez de um modelo: um modelo precisa de dados meteorológicos que não temos. O custo é
que subidas lentas são detetadas tarde; explicamos isso em docs/decisoes.md.
""",
    "japanese": """# shiose

shiose は潮位計の測定値を読み込み、人が確認すべき区間（欠測、欠損値、単発のスパイク）に印を付けるコマンドラインツールです。
沿岸の観測所を管理するボランティアが、何千行ものデータを手で見なくて済むように作りました。

## インストール

```
pip install shiose
```

## 使い方

```
shiose check readings.csv --window 6h
```

疑わしい区間ごとに 1 行を出力し、見つかった場合は終了コード 1 で終わるので、スクリプトを途中で止められます。

## 設計

モデルではなく移動中央値を選びました。モデルには手元にない気象データが必要だからです。代わりに、ゆっくりした上昇の検出は遅れます。
理由は docs/decisions.md に書きました。
""",
    "chinese": """# chaoxi

chaoxi 是一个命令行工具，用来读取潮位站的测量数据，并标出需要人工查看的片段：数据缺口、缺失值和单点尖峰。
它面向维护沿海观测站的志愿者，让他们不必手工检查成千上万行数据。

## 安装

```
pip install chaoxi
```

## 使用

```
chaoxi check readings.csv --window 6h
```

程序对每个可疑片段输出一行；如果发现问题，就以退出码 1 结束，方便脚本及时停止。

## 设计

我们选择了滑动中位数而不是模型：模型需要我们没有的气象数据。代价是缓慢的上涨会被较晚发现；原因写在 docs/decisions.md 里。
""",
}


@pytest.mark.parametrize("language", sorted(GOOD_READMES))
def test_good_readmes_in_other_languages_score_good_and_skip_readability(catalogue, language):
    repo = readme_result(catalogue, GOOD_READMES[language])
    readme = next(c for c in repo["categories"] if c["id"] == README_CATEGORY)
    assert readme["score"] is not None and readme["score"] >= GOOD_BAND_FLOOR, (language, readme)
    readability = next(f for f in repo["findings"] if f["rule_id"] == READABILITY_RULE)
    assert readability["outcome"] in UNSCORED_FOR_LANGUAGE, readability["summary"]


# Weak READMEs written for this test, each in a language other than English: an assignment's
# statement, commands and nothing else, an unfilled template, and prose that says nothing in a
# language the wording cues do not read. Rules that cannot read them abstain; that must not lift them.
WEAK_READMES = {
    "spanish-assignment": """# Proyecto final

Trabajo práctico de la materia Programación II. Entrega: 15 de junio.

## Consigna

El alumno deberá implementar un sistema que permita registrar ventas y generar reportes en PDF.
Se evaluará la prolijidad del código y el uso de clases.

## Integrantes

- Grupo 7
""",
    "german-only-commands": """# shop

```
npm install
npm start
```
""",
    "korean-template": """# 프로젝트 이름

프로젝트에 대한 한 줄 설명을 여기에 작성하세요.

## 설치 방법

설치 방법을 여기에 작성하세요.

## 사용 방법

사용 방법을 여기에 작성하세요.
""",
    "turkish-prose-only": """# nobet

Bu proje benim ödevim. Hocamız bu ödevi verdi ve ben de yaptım. Çok uğraştım ama sonunda bitti, umarım
beğenirsiniz. Kodları yükledim.

## Notlar

Bazı kısımlar eksik olabilir, zamanım yetmedi. Daha sonra düzelteceğim belki.
""",
}


@pytest.mark.parametrize("name", sorted(WEAK_READMES))
def test_weak_readmes_in_other_languages_stay_below_good(catalogue, name):
    repo = readme_result(catalogue, WEAK_READMES[name])
    readme = next(c for c in repo["categories"] if c["id"] == README_CATEGORY)
    assert readme["score"] is not None and readme["score"] < GOOD_BAND_FLOOR, (name, readme)


@pytest.mark.parametrize("name", ["NE01_README.md", "NE02_README.md"])
def test_real_non_english_readmes_are_not_scored_down_for_language(catalogue, name):
    folder = require_data(CALIBRATION, "the calibration corpus's non-English READMEs")
    repo = readme_result(catalogue, (folder / name).read_text(encoding="utf-8"))
    readme = next(c for c in repo["categories"] if c["id"] == README_CATEGORY)
    assert readme["score"] is not None and readme["score"] >= GOOD_BAND_FLOOR, (name, readme)
    readability = next(f for f in repo["findings"] if f["rule_id"] == READABILITY_RULE)
    assert readability["outcome"] in UNSCORED_FOR_LANGUAGE, readability["summary"]


def test_english_readability_is_still_assessed(catalogue):
    english = ("# tides\n\ntides is a command-line tool that reads tide gauge files and marks the parts a person should"
               " check: gaps, missing values and single spikes. It is for volunteers who look after coastal stations"
               " and do not have time to read every row by hand. It prints one line for each part it marks, and it"
               " stops with an error code when it finds one, so a script can stop in time. We wrote it after a storm in"
               " 2023, when a broken sensor hid a real surge for six hours and nobody noticed until the next day.\n")
    readability = next(f for f in readme_result(catalogue, english)["findings"] if f["rule_id"] == READABILITY_RULE)
    assert readability["outcome"] in ("pass", "warn", "fail"), readability["summary"]


# --- little public work ----------------------------------------------------------------

def test_little_public_work_is_insufficient_evidence_never_a_low_score(catalogue):
    tiny = repo_from_spec({"readme": "# hw1\n\nTODO\n", "files": {"main.py": "x = 1\n"}}, name="hw1")
    result = evaluate_snapshot(snapshot_of(tiny), catalogue)
    assert result["score"] is None and result["band"] is None
    assert result["repos"][0]["status"] == "insufficient_evidence"
    record = candidate_record("ana", snapshot_of(tiny), result, None)
    assert INSUFFICIENT_EVIDENCE in record["flags"]
    assert record["score"] is None and all(c["score"] is None for c in record["categories"])
    assert record["gaps"] == []  # no gap is claimed from too little evidence
    screening = build_screening([record], result["tool"]["rules_digest"], rank=True)
    assert screening["candidates"][0]["rank"] is None  # not ranked, so never ranked last


# --- no inference about the person ---------------------------------------------------------

FORBIDDEN_KEYS = ("gender", "age", "nationality", "ethnicity", "avatar", "avatar_url", "photo", "birth", "religion")


def _keys(value, found=None):
    found = set() if found is None else found
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(str(key).lower())
            _keys(item, found)
    elif isinstance(value, list):
        for item in value:
            _keys(item, found)
    return found


def test_no_inference_about_the_person_and_no_avatar_is_rendered(catalogue):
    avatar = "https://avatars.githubusercontent.com/u/583231?v=4"
    repo = repo_from_spec({"readme": GOOD_READMES["german"], "files": SOURCE}, name="pegel")
    # What the GitHub collector keeps of a profile (login, name, page, bio); the avatar is never collected,
    # tests/test_screen.py checks that against the local GitHub, whose users do have avatars.
    snapshot = snapshot_of(repo, owner={"login": "ana", "name": "Ana", "html_url": "https://github.com/ana"})
    result = evaluate_snapshot(snapshot, catalogue)
    record = candidate_record("ana", snapshot, result, None)
    screening = build_screening([record], result["tool"]["rules_digest"], rank=False)
    keys = _keys(screening)
    inferred = [key for key in keys if any(word == key or key.startswith(word + "_") for word in FORBIDDEN_KEYS)]
    assert inferred == []
    for text in (render_screening(screening, "html"), render_screening(screening, "csv"),
                 render("html", result, audience="recruiter"), render("md", result, audience="recruiter")):
        assert avatar not in text and "<img" not in text


# --- determinism ----------------------------------------------------------------------------

def test_same_snapshots_give_byte_identical_screening_json(catalogue, tmp_path):
    repo = repo_from_spec({"readme": GOOD_READMES["portuguese"], "files": SOURCE}, name="mares")
    text = snapshot_io.dumps(snapshot_of(repo))
    outputs = []
    for _ in range(2):
        snapshot = snapshot_io.loads(text)
        result = evaluate_snapshot(snapshot, load_catalogue())
        screening = build_screening([candidate_record("ana", snapshot, result, None)], result["tool"]["rules_digest"], False)
        outputs.append(render_screening(screening, "json"))
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["candidates"][0]["collected_at"] == FIXTURE_COLLECTED_AT
    assert json.loads(outputs[0])["tool"]["rules_digest"]
