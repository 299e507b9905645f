"""An unfilled template's instruction to write here, or its "to be completed" marker, in any language.

analysis/placeholders.py recognises the class by form: a verb of writing or filling in with the
language's "here", or a "still to be done" form, over a whole short unit. Fixtures of our own.
"""

from __future__ import annotations

import pytest

from portfolio_audit.analysis.placeholders import placeholder_reason, request_reason

WRITE_HERE = [
    "여기에 작성하세요",
    "> 이 저장소가 무엇인지 한 줄로 여기에 작성하세요.",
    "ここに記入",
    "ここに感想を書いてください。",
    "在此填写",
    "请在此处填写项目简介",
    "Escribe aquí",
    "Respuesta: escribe aquí tu respuesta",
    "Hier eintragen",
    "Trage hier deine Antwort ein.",
    "Écrivez ici votre réponse.",
    "Escreva aqui",
    "Descreva aqui o que você aprendeu no módulo. Seja claro.",
    "Scrivi qui la tua risposta",
    "Vul hier je antwoord in",
    "Напишите здесь ответ",
    "_Write your answer here._",
    # The place named instead of "here": "the space to write what you did", "the field to fill in".
    "본 프로젝트 기간 동안 했던 일을 기재하는 공간",
    "배운 점을 적는 곳",
    "感想を記入する欄",
]
STILL_TO_COME = [
    "À compléter",
    "(Por completar)",
    "*To be completed*",
    "Noch zu ergänzen.",
    "Da completare",
    "A preencher",
    "内容待补充",
    "建设中...",
    "本節は準備中です。",
    "작성 예정",
    "待测试",
    "待實現",
]
TEXT = [
    # A verb of writing and a "here" in a passage that says something.
    "The parser is here because the old one could not read nested tables, and I had to write it again.",
    "Aquí se describe cómo instalar el proyecto y cómo ejecutar las pruebas en tu máquina local.",
    "Ici on explique le projet.",
    "Hier beschreibt der Autor das Spiel.",
    # "Here" without writing, writing without "here".
    "Click here to download.",
    "Hier herunterladen.",
    "Das Spiel läuft hier im Browser.",
    "여기서 게임을 플레이할 수 있습니다.",
    "Usa la aplicación aquí.",
    "저장 공간이 부족하면 작업이 실패합니다.",
    "데이터를 입력하는 곳을 따로 두어 서버가 안전하도록 했습니다.",
    "期待测试结果能更快。",
    "Escribe el nombre del archivo y pulsa Enter.",
    # "Still to do" words inside a longer statement.
    "Este proyecto está pendiente de revisión por parte del equipo de la universidad y se publicará pronto.",
    "Die Daten folgen dem Schema der Stadt.",
    "Une application pour faire à manger.",
    "Ce projet a été réalisé à Paris.",
]


@pytest.mark.parametrize("text", WRITE_HERE)
def test_an_instruction_to_write_here_is_a_placeholder(text):
    assert "instruction to write here" in (placeholder_reason(text) or ""), text


@pytest.mark.parametrize("text", STILL_TO_COME)
def test_a_still_to_come_marker_is_a_placeholder(text):
    assert placeholder_reason(text), text


@pytest.mark.parametrize("text", TEXT)
def test_text_that_says_something_is_not(text):
    assert placeholder_reason(text) is None, (text, placeholder_reason(text))


def test_a_long_passage_that_asks_to_write_here_is_left_to_the_reflection_features():
    # Sixteen words is the most a unit may hold and still be only the instruction.
    long = ("Escribe aquí lo que aprendiste durante el proyecto, qué problemas tuviste con el servidor, "
            "cómo los resolviste y qué harías distinto la próxima vez.")
    assert placeholder_reason(long) is None


@pytest.mark.parametrize("heading", ["Project Title", "프로젝트 이름 (Project Name)", "[Nom du Projet]",
                                     "Nombre del proyecto", "项目名称", "プロジェクト名", "Название проекта"])
def test_a_title_left_for_the_project_name_is_a_template_title(heading):
    assert (placeholder_reason(heading) or "").startswith("template title"), heading


@pytest.mark.parametrize("heading", ["tidewatch", "Projektname: Wetterstation", "My Project Title Generator"])
def test_a_real_title_is_not(heading):
    assert not (placeholder_reason(heading) or "").startswith("template title"), heading


# --- a request to write, in languages that ask without "here" --------------------------------------

REQUESTS = [
    "🎉 프로젝트를 진행하며 만족스러웠던 부분을 작성해주세요.",
    "시도가 있었다면 작성해 주세요. 없었다면 어떤 시도를 하면 좋을지 적어주세요.",
    "여러분이 배운 부분과 에러 해결 과정을 작성해서 기술하면 좋습니다.",
    "感想を書いてください。",
    "今月の振り返りを記入してください",
    "请描述你在项目中遇到的问题。",
    "Опишите, что вы узнали за неделю.",
]
NOT_REQUESTS = [
    # The prompt with its answer after it: the answer is the author's.
    "작성해주세요. 저는 테스트를 먼저 쓰지 않아서 많이 고생했고 다음에는 먼저 쓰겠다.",
    # Typing a value is a setup step, not a template's question.
    "API 키를 입력해주세요.",
    "Я описал, что узнал за неделю, и что сделаю иначе.",
    "我们描述了设计的取舍。",
]


@pytest.mark.parametrize("text", REQUESTS)
def test_a_request_to_write_is_a_prompt_for_reflection_but_not_a_placeholder(text):
    assert request_reason(text), text
    # README rules read placeholders only: a setup step may ask for a file to be written.
    assert not (placeholder_reason(text) or "").startswith("an instruction to write ('"), text


@pytest.mark.parametrize("text", NOT_REQUESTS)
def test_text_with_an_answer_or_a_value_to_type_is_not_a_request(text):
    assert request_reason(text) is None, text


@pytest.mark.parametrize("text", [
    "**@username1** - core editor features",
    "@doc_contributor2 - installation guide",
    "- @tester3 - 移动端适配测试",
    "John Doe - frontend and design",
    "Max Mustermann: Backend",
    "홍길동 - 백엔드 API 개발",
    "张三：负责前端页面",
])
def test_a_made_up_person_is_a_placeholder(text):
    assert placeholder_reason(text).startswith("a made-up person")


@pytest.mark.parametrize("text", [
    "Thanks to @mara1 for the logo.",  # a handle with a digit that is not a stock one
    "user1 can share a shopping list with user2.",  # a feature described with example users
    "Ana Doering wrote the parser.",
])
def test_a_real_person_or_an_example_user_is_not(text):
    assert placeholder_reason(text) is None
