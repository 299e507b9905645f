"""Unfilled templates and starter boilerplate: prose that must earn no credit however long it is.

Three shapes recur in real READMEs: markers left for later ("TODO", "Coming
soon", "Lorem ipsum"), prompts addressed to the author ("**[describe specific
challenges]**", "- Briefly describe the project goal"), and the text a project
generator writes (Create React App, create-next-app, Vite) that describes the
generator, not the project. Marketing superlatives ("blazing-fast, next-generation")
are listed here too: they fill space without saying anything a reader can check. So are the
blanks a template leaves for answers: a question, a field or a table whose answer is still a
bracketed slot ("Why did it happen? [First level cause]", "Owner: [Name]"). And in any language a
template's instruction to write here ("여기에 작성하세요", "Escribe aquí") or its "to be completed"
marker ("À compléter", "待补充").
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Optional

from .folded_search import FoldedPattern
from .language import count_words

if TYPE_CHECKING:  # the model's type only: document.py asks this module which sections are hollow
    from .document import MarkdownDoc

_MARKER_ONLY = re.compile(
    r"^\W*(todo|tbd|tba|wip|fixme|xxx|n/?a|coming soon|to be (written|added|done|completed)|"
    r"work in progress|under construction|add (content|text|description) here|lorem ipsum.*|"
    r"\.\.\.|…|placeholder|en construction|à venir|próximamente|demnächst)\W*$",
    re.IGNORECASE,
)
_LOREM = re.compile(r"\blorem ipsum\b", re.IGNORECASE)

# --- what a template leaves in place of an answer, by language --------------------------------
# Two forms recur in unfilled templates whatever their language: an instruction to write or fill
# in that points at the place ("Write here", "Escribe aquí tu respuesta", "Hier eintragen",
# "여기에 작성하세요", "ここに記入", "在此填写"), and a marker that the text is still to come ("To be
# completed", "Por completar", "À compléter", "Noch zu ergänzen", "待补充", "作成中", "작성 예정").
# Each language gives its word classes once: ``fill``, the verbs of writing and filling in the
# forms a template addresses its user with (imperative, infinitive, formal imperative); ``here``,
# its deictic for the place; ``pending``, its forms of "still to be done" (Romance "à/por/da" +
# an infinitive, German "zu" + an infinitive, Chinese 待 + a verb, Japanese and Korean a verbal
# noun + "planned"/"in progress"). The forms are matched only over a whole short unit (see
# _unfilled_reason), so "Add the key here and run it" in a setup section stays text.
_UNFILLED = {
    "en": {
        "fill": r"\b(write|fill( in| out)?|type|enter|insert|add|put|paste|describe|explain|list|summari[sz]e|document)\b",
        "here": r"\bhere\b",
        "pending": r"\bto be (completed|written|added|filled( in)?|defined|determined|decided|announced|confirmed|"
                   r"done|updated|continued|documented|described)\b|\bcoming soon\b|\b(work )?in progress\b",
    },
    "es": {
        "fill": r"\b(escrib[ea]|escribir|complet[ae]|completar|rellen[ae]|rellenar|añad[ea]|añadir|"
                r"agreg[au]e?|agregar|insert[ae]|insertar|describ[ea]|describir|explic[ae]|explicar|pon|ponga|"
                r"coloc[ae]|colocar|ingres[ae]|ingresar|introduce|introduzca|redact[ae]|redactar|document[ae])\b",
        "here": r"\b(aqu[ií]|ac[aá])\b",
        "pending": r"\b(por|a|para) (completar|rellenar|definir|escribir|redactar|añadir|agregar|documentar|hacer|"
                   r"determinar|confirmar)\b|\bpendiente\b|\ben construcci[oó]n\b|\bpr[oó]ximamente\b",
    },
    "pt": {
        "fill": r"\b(escrev[ae]|escrever|preench[ae]|preencher|adicion[ae]|adicionar|insir[ae]|inser[ea]|inserir|"
                r"descrev[ae]|descrever|expliqu?e|explicar|coloqu?e|coloca|colocar|complet[ae]|completar|digit[ae]|"
                r"redij[ae]|redigir|document[ae])\b",
        "here": r"\baqui\b",
        "pending": r"\b(a|por) (completar|preencher|definir|escrever|redigir|adicionar|documentar|fazer|determinar|"
                   r"confirmar)\b|\bpendente\b|\bem constru[cç][aã]o\b|\bem breve\b",
    },
    "fr": {
        "fill": r"\b([ée]crivez|[ée]cris|[ée]crire|remplissez|remplis|remplir|compl[ée]tez|compl[èe]te|compl[ée]ter|"
                r"ajoutez|ajoute|ajouter|ins[ée]rez|ins[èe]re|ins[ée]rer|d[ée]crivez|d[ée]cris|d[ée]crire|"
                r"expliquez|explique|mettez|mets|indiquez|indique|indiquer|saisissez|saisis|saisir|r[ée]digez|"
                r"r[ée]dige|r[ée]diger|renseignez|renseigne|renseigner)\b",
        "here": r"\bici\b",
        "pending": r"(?<![\w])[àa] (compl[ée]ter|remplir|d[ée]finir|[ée]crire|r[ée]diger|ajouter|documenter|faire|"
                   r"d[ée]terminer|confirmer|venir|pr[ée]ciser)\b|\ben (construction|cours de r[ée]daction)\b|"
                   r"\bprochainement\b",
    },
    "de": {
        "fill": r"\b(schreib(e|en)?|eintragen|trag(e|en)?|ausf[üu]llen|f[üu]ll(e|en)?|einf[üu]gen|f[üu]g(e|en)?|"
                r"erg[äa]nz(e|en)?|beschreib(e|en)?|dokumentier(e|en)?|notier(e|en)?|eingeben|gib|geben|"
                r"einsetzen|setz(e|en)?|erkl[äa]r(e|en)?|hinzuf[üu]gen)\b",
        "here": r"\bhier\b",
        "pending": r"\b(noch )?zu (erg[äa]nzen|definieren|schreiben|dokumentieren|kl[äa]ren|erledigen|beschreiben)\b|"
                   r"\b(noch )?auszuf[üu]llen\b|\bfolg(t|en)( noch| bald| sp[äa]ter| in k[üu]rze)?\b|"
                   r"\bwird (noch |bald |sp[äa]ter )?(erg[äa]nzt|nachgereicht|ausgef[üu]llt|hinzugef[üu]gt|geschrieben)\b|"
                   r"\bin (arbeit|bearbeitung|vorbereitung)\b|\bdemn[äa]chst\b|\bkommt (noch|bald)\b",
    },
    "it": {
        "fill": r"\b(scrivi|scriva|scrivere|inserisci|inserisca|inserire|compila|compili|compilare|completa|"
                r"completi|completare|aggiungi|aggiunga|aggiungere|descrivi|descriva|descrivere|spiega|spieghi|"
                r"metti|metta|riporta|riporti|riportare)\b",
        "here": r"\b(qui|qua)\b",
        "pending": r"\bda (completare|compilare|definire|scrivere|aggiungere|fare|documentare|determinare)\b|"
                   r"\bin (costruzione|arrivo|lavorazione)\b|\bprossimamente\b",
    },
    "nl": {
        "fill": r"\b(schrijf|schrijven|vul|invullen|voeg|toevoegen|beschrijf|beschrijven|zet|plaats|noteer|"
                r"noteren|typ|leg uit)\b",
        "here": r"\bhier\b",
        "pending": r"\bnog (in te vullen|aan te vullen|te schrijven|te doen|te bepalen)\b|\bvolgt( nog| binnenkort)?\b|"
                   r"\bin aanbouw\b|\bbinnenkort\b",
    },
    "ru": {
        "fill": r"(?<![\w])(напишите|напиши|впишите|впиши|заполните|заполни|введите|введи|добавьте|добавь|опишите|"
                r"опиши|укажите|укажи|вставьте|вставь|запишите|запиши)(?![\w])",
        "here": r"(?<![\w])(здесь|сюда|тут)(?![\w])",
        "pending": r"(?<![\w])(будет|будут) (дополнен|заполнен|добавлен|написан|описан)\w*|(?<![\w])в разработке(?![\w])|"
                   r"(?<![\w])скоро будет(?![\w])",
    },
    # Words are not spaced: the verbs and the place are matched as they are written.
    "zh": {
        "fill": r"填写|填寫|填入|输入|輸入|写|寫|添加|补充|補充|描述|说明|說明|撰写|撰寫|编写|編寫|记录|記錄",
        "here": r"在此|此处|此處|这里|這裡|这儿|這兒",
        # 待 + a verb, not a word that ends in 待 (期待 "expect", 等待 "wait", 对待 "treat").
        "pending": r"(?<![期等对對接款招看优優善守虐])待(补充|補充|填写|填寫|完善|定|更新|添加|补全|補全|确认|確認|编辑|編輯|编写|編寫|续|續|"
                   r"测试|測試|实现|實現|开发|開發|验证|驗證|整理|上传|上傳)|"
                   r"(建设|建設|施工|编写|編寫|撰写|撰寫)中|敬请期待|敬請期待|暂无|暫無",
    },
    "ja": {
        "fill": r"記入|記載|書い|書く|書き|入力|追記|記述|説明を?(して|する|書)",
        # "…を記入する欄": a unit that ends in the field it names is the field's hint.
        "here": r"ここ|こちら|欄\s*$",
        "pending": r"(記入|作成|執筆|追記|更新|準備|工事|編集|整備|記載)(予定|中)|未(記入|作成|記載|定)",
    },
    "ko": {
        "fill": r"작성|입력|기입|기재|적어|적으|적는|써\s?주|쓰세요|채워|추가해|설명해",
        # "…을 기재하는 공간" ("the space to write …"): a unit that ends in the place it names.
        "here": r"여기|이곳|이 곳|(하는|할|적는|쓰는|적을|쓸)\s?(공간|곳|칸|란)\s*$",
        "pending": r"(작성|준비|추가|업데이트|정리|공사|업로드|보완)\s?(예정|중)",
    },
}


# A verb of writing after a reflexive or impersonal pronoun ("Aquí se describe", "ici on
# explique") is the document describing itself, not an instruction to whoever fills it in.
_IMPERSONAL_BEFORE = r"(?<!\bse )(?<!\bsi )(?<!\bon )"


def _alternation(word_class: str, before: str = "") -> re.Pattern:
    return re.compile("|".join(f"{before}(?:{entry[word_class]})" for entry in _UNFILLED.values()), re.IGNORECASE)


_FILL = _alternation("fill", _IMPERSONAL_BEFORE)
_HERE = _alternation("here")
_PENDING = _alternation("pending")
# Searched for in every short unit, mostly ASCII text: without the branches of Russian, Chinese,
# Japanese and Korean words there (folded_search), whose every match holds a letter outside ASCII.
_FILL_FOLDED, _HERE_FOLDED, _PENDING_FOLDED = FoldedPattern(_FILL), FoldedPattern(_HERE), FoldedPattern(_PENDING)
# The whole unit is the instruction, or the marker, once a lead-in label ("Respuesta:") and the
# brackets, emphasis and punctuation around it are taken off; a longer passage that mentions
# "here" and a verb of writing is text that says something else too.
UNFILLED_INSTRUCTION_WORDS = 16
UNFILLED_MARKER_WORDS = 6
_LEAD_LABEL = re.compile(r"^[^\W\d_][^:：\n]{0,40}?[:：]\s*(?=\S)")
_WRAPPING = re.compile(r"[\[\](){}<>«»“”„\"*_`#|~•·…!.。,，、;；?？！()（）「」『』【】\-–—]+")
# "[describe ...]", "<your name>", "{project name}" that are not Markdown links.
_BRACKET_PROMPT = re.compile(
    r"[\[<{]\s*(describe|mention|explain|add|insert|list|provide|include|write|share|summari[sz]e|"
    r"enter|your|project name|project title|put|fill|give|state|name of|link to|briefly|what|why|how)"
    r"\b[^\]>}]{0,300}[\]>}](?!\()",
    re.IGNORECASE,
)
# Instructions to whoever fills the template in, one per sentence.
_DIRECTIVE = re.compile(
    r"^(briefly\s+)?(describe|explain|summari[sz]e|discuss|mention|list|provide|include|acknowledge|"
    r"insert|outline|specify|highlight|detail|write (a|about|your|here)|add (a|your|any|here)|"
    r"replace (this|with)|fill in|give (a|an)\s+(brief|short|overview))\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
# Sentences and questions in any script; the reflection features split passages the same way.
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")
# In ASCII text only the first branch can match, after an ASCII mark: the same splits in half the time.
_ASCII_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
QUESTION_END = re.compile(r"[?？]\W*$")


def split_sentences(text: str) -> list:
    """``SENTENCE_END.split(text)``: every unit is split so, most of them ASCII."""
    return (_ASCII_SENTENCE_END if text.isascii() else SENTENCE_END).split(text)


_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
# A blank a template leaves in brackets or braces ("[First level cause]", "{response}", "{{DATE}}");
# a footnote's "[^1]" is a reference, not a blank.
_SLOT_SOURCE = r"\{\{[^{}\n]{1,80}\}\}|\[(?!\^)[^\]\n]{1,200}\](?!\()|\{[^{}\n]{1,80}\}"
_BRACKET_SLOT = re.compile(_SLOT_SOURCE)
# The same blank opening a unit after list marks; a checkbox ("[ ]", "[x]") is not one.
_LEADING_SLOT = re.compile(r"^[\s\-*•>]*(?!\[[ xX]\])(" + _SLOT_SOURCE + ")")
# A hint after a leading blank is this short ("[Module 1]: a description of the first module").
SLOT_HINT_WORDS = 8
# A field's label in a form ("Meeting Notes:", "Severity:"): a few words and a colon.
_FIELD_LABEL = re.compile(r"[^\W\d_][^:：\n]{0,40}?[:：]")
# A table cell that holds a place: a bracketed blank, a time or date format, a dash.
_BLANK_CELL = re.compile(r"^[\s*_`]*([\[{<][^\]}>]{0,200}[\]}>]|HH:MM(:SS)?|YYYY-MM-DD|DD/MM/YYYY|MM/DD/YYYY|TBD|\.\.\.|…|[-–—]+)"
                         r"[\s*_`]*$")
# Share of a table's body cells left blank from which the table is a form, not a result.
BLANK_TABLE_SHARE = 0.5
# A label and nothing but a bracketed blank after it, in any language: "**Backend**: [technologies
# used and why]", "Tecnologías: [lista]". A Markdown link's brackets are gone from readable text.
_LABELLED_SLOT = re.compile(r"^\W*[^\[\]:：\n]{1,40}[:：]\s*\[(?=[^\]\n]*[^\W\d_]\s+[^\W\d_])[^\]\n]{3,200}\]\W*$")
# A title a template leaves for the project's name, in the languages templates are written in;
# bilingual templates give it twice ("프로젝트 이름 (Project Name)").
_TEMPLATE_TITLE = (
    r"project[ _-]?(title|name)|your[ _-]project([ _-]name)?|title of (the|your) project|"
    r"my[ _-]?(awesome[ _-])?project|app[ _-]?name|repo(sitory)?[ _-]?name|"
    r"nombre del proyecto|t[ií]tulo del proyecto|nome do projeto|t[ií]tulo do projeto|nom du projet|"
    r"titre du projet|projektname|projekttitel|name des projekts|nome del progetto|titolo del progetto|"
    r"projectnaam|naam van het project|название проекта|имя проекта|"
    r"프로젝트\s?(이름|명|제목)|プロジェクト\s?(名|の名前|タイトル)|项目\s?(名称|名字|标题)|項目\s?(名稱|名字|標題)"
)
_TEMPLATE_TITLES = re.compile(rf"^\W*({_TEMPLATE_TITLE})(\W+({_TEMPLATE_TITLE}))*\W*$", re.IGNORECASE)
# A name a template leaves for its user to fill in ("* **Your Name**" under "Authors"): a slot,
# not a person. The whole passage must be the slot, so "Your name is stored locally" is text.
_NAME_SLOT = re.compile(
    r"^\W*(your|author|student|team|member|contributor)[ _-]?(full[ _-]?)?(name|username|user[ _-]name|github"
    r"([ _-](username|handle|profile))?|handle|e-?mail)( (here|goes here))?\W*$|"
    r"^\W*(first[ _-]?name[ _-]?last[ _-]?name|name[ _-]surname|john doe|jane doe|"
    r"votre nom|ton nom|tu nombre|su nombre|dein name|ihr name|seu nome)\W*$",
    re.IGNORECASE,
)
# A person a template makes up: a handle made of a role, numbered ("@username1", "@member_2")
# or after a language, a part or a rank ("@english_translator", "@core_maintainer"), "@your_username", or a
# stock name ("John Doe", "Max Mustermann", "홍길동", "张三", "山田太郎"). Handles only: "user1
# can share a list with user2" describes a feature.
_ROLE_HANDLE = (r"user(?:name)?|member|contributor|author|student|teammate|dev(?:eloper)?|name|tester|translator|"
                r"designer|maintainer|reviewer|sponsor|supporter|friend|person")
# What a template puts before the role: a language, a part of the work, a rank ("@mara_dev"
# is a person's handle, "@frontend_dev" a stand-in).
_ROLE_QUALIFIER = (r"english|chinese|japanese|korean|french|german|spanish|portuguese|italian|russian|arabic|hindi|"
                   r"core|lead|main|head|senior|junior|frontend|backend|fullstack|ui|ux|qa|docs?|project|team|"
                   r"example|sample|some|another|first|second|third")
_PLACEHOLDER_PERSON = re.compile(
    r"(?<![\w@])@(?:(?:" + _ROLE_QUALIFIER + r")[_-]?(?:" + _ROLE_HANDLE + r")(?:[_-]?\d{1,2})?|"
    r"(?:[a-z]+_)?(?:" + _ROLE_HANDLE + r")[_-]?\d{1,2}|"
    r"your[_-]?(?:user[_-]?)?(?:name|handle|github|id))(?!\w)|"
    r"\b(john|jane) doe\b|\b(max|erika) mustermann\b|\bfulano de tal\b|홍길동|张三|李四|王五|山田\s?太郎",
    re.IGNORECASE,
)
# Sentences project generators write into every new README.
_BOILERPLATE = re.compile(
    r"(bootstrapped with \[?`?create[ -]react[ -]app|bootstrapped with \[?`?create-next-app|"
    r"getting started with create react app|this template provides a minimal setup|"
    r"in the project directory, you can run|runs the app in the development mode|"
    r"launches the test runner in the interactive watch mode|builds the app for production to the|"
    r"this is a one-way operation\. once you|first, run the development server|"
    r"you can start editing the page by modifying|the easiest way to deploy your next\.js app|"
    r"this project uses \[?`?next/font|to learn more about next\.js|learn more in the \[?create react app|"
    r"this project was generated with \[?angular cli|run `ng serve` for a dev server|"
    r"currently, two official plugins are available|this template should help get you started developing with vue|"
    r"recommended ide setup|this is a \[?next\.js\]? project bootstrapped|expanding the eslint configuration|"
    r"you can learn more in the \[?create react app documentation|"
    r"welcome to your new (jekyll|hugo|rails) (site|app)|edit this readme\b|"
    r"use this section to (tell|describe)|replace this (text|readme) with)",
    re.IGNORECASE,
)
_BOILERPLATE_HEADINGS = re.compile(
    r"^\W*(available scripts|learn more|deploy on vercel|getting started with create react app|"
    r"recommended ide setup|customize configuration|project setup|code scaffolding|further help|"
    r"expanding the eslint configuration|react \+ (typescript|vite)|npm (start|test|run \w+)|"
    r"(npm|yarn|pnpm) (start|test|run|build|install|dev|serve|lint|eject)\b.*)\W*$",
    re.IGNORECASE,
)


# Marketing praise: words that claim quality without saying anything checkable.
_PUFFERY = re.compile(
    r"\b(blazing(ly)?[- ]fast|lightning[- ]fast|next[- ]generation|cutting[- ]edge|world[- ]class|best[- ]in[- ]class|"
    r"state[- ]of[- ]the[- ]art|revolution(ary|i[sz]es?)?|game[- ]chang\w+|seamless(ly)?|effortless(ly)?|"
    r"rock[- ]solid|enterprise[- ]grade|delightful|unprecedented|supercharge\w*|next[- ]level|zero hassle|"
    r"peace of mind|with confidence|empowers?|unlock\w*|loved by|(users|teams|everyone) (love|adore)\w*|beautiful)\b",
    re.IGNORECASE,
)
# One superlative is enthusiasm; this many in one passage is a sales pitch.
PUFFERY_LIMIT = 2


_PUFFERY_FOLDED = FoldedPattern(_PUFFERY)


def puffery(text: str) -> list:
    """The marketing superlatives in ``text`` ("blazing-fast", "next-generation", "seamless")."""
    if not _PUFFERY_FOLDED.found(text):
        return []  # most passages: the fast search settles it
    return [match.group(0) for match in _PUFFERY.finditer(text)]


# A file or folder its path names a template ("rfcs/000-template/", "ISSUE_TEMPLATE/",
# "retro-template.md", "docs/templates/", "plantillas/", "Vorlage.md", "模板/"): its text is written
# for someone else to fill in, whatever it says. The word must stand alone between separators, so
# "templated.md" or "templating-guide.md" is not one.
_TEMPLATE_PATH_WORD = re.compile(
    r"(?:^|[-_.\s])(template|templates|plantilla|plantillas|vorlage|vorlagen|gabarit|gabarits|шаблон|шаблоны|"
    r"模板|範本|テンプレート|템플릿)(?=$|[-_.\s])",
    re.IGNORECASE,
)


def template_path_reason(path: str) -> Optional[str]:
    """Why the document at ``path`` is a template by its own name or its folder's, or None."""
    for part in path.replace("\\", "/").split("/"):
        if found := _TEMPLATE_PATH_WORD.search(part):
            return f"a template to fill in (its path says '{found.group(1)}')"
    return None


def placeholder_reason(text: str) -> Optional[str]:
    """Why ``text`` (a paragraph, heading or cell) is an unfilled placeholder, or None."""
    # A paragraph is asked about three times (hollow sections, the cue detector, the
    # reflection features): recent short texts' answers are kept, as boilerplate's are.
    return _placeholder_memo(text) if len(text) <= MEMO_MAX_CHARS else _placeholder_reason(text)


def _placeholder_reason(text: str) -> Optional[str]:
    stripped = text.strip()
    if not stripped:
        return "empty"
    if _MARKER_ONLY.match(stripped):
        return f"placeholder '{stripped[:40]}'"
    if _LOREM.search(stripped):
        return "lorem ipsum filler"
    if unfilled := _unfilled_reason(stripped):
        return unfilled
    if prompt := _BRACKET_PROMPT.search(stripped):
        return "unfilled template prompt " + prompt.group(0)[:60]
    if _LABELLED_SLOT.match(stripped):
        return "a label with a blank to fill in " + stripped[:60]
    sentences = [s for s in _SENTENCE.split(stripped) if s.strip()]
    if sentences and all(_DIRECTIVE.match(s.strip(" -*•")) for s in sentences):
        return "instruction to the template's author"
    if _TEMPLATE_TITLES.match(stripped):
        return f"template title '{stripped[:40]}'"
    if _NAME_SLOT.match(stripped):
        return f"unfilled name slot '{stripped[:40]}'"
    if ("@" in stripped or not stripped.isascii() or "Doe" in stripped or "Mustermann" in stripped
            or "Fulano" in stripped) and (person := _PLACEHOLDER_PERSON.search(stripped)):
        return f"a made-up person '{person.group(0)}'"
    return None


# Where a language asks its reader to write without pointing at the place: a verb of writing
# prose in the polite request or the imperative ("…을 작성해주세요", "感想を書いてください",
# "请描述…", "Опишите…"), or in the polite declarative a Korean template states what goes in a
# section with ("배운 점을 정리합니다", "아쉬웠던 점을 적습니다"). Every sentence of the unit must ask, so a prompt with its answer after
# it stays text; the verbs are those of writing prose, not of typing a value ("입력해주세요"
# in a setup step is an instruction to the user, not a template's).
_REQUEST = re.compile(
    r"(작성|기술|서술|기재|기입|정리|기록)\s?(해\s?주세요|해\s?주십시오|하세요|하십시오|하시오|해\s?주시기\s?바랍니다|"
    r"하시기\s?바랍니다|하면\s?(좋습니다|됩니다)|하시면\s?(좋습니다|됩니다)|해\s?주시면\s?(좋습니다|됩니다))|"
    r"(작성|기술|서술|기재|기입|정리|기록)\s?합니다|적습니다|"
    r"(적어|써|남겨)\s?주(세요|십시오)|"
    r"(記入|記載|記述|記録)\s?(して|し)?\s?(ください|下さい)|書いて\s?(ください|下さい)|"
    r"请(填写|填寫|写出|寫出|描述|简述|簡述|说明|說明|列出|补充|補充|总结|總結|记录|記錄)|請(填寫|寫出|描述|簡述|說明|列出|補充|總結|記錄)|"
    r"(?<![\w])(опишите|расскажите|перечислите|сформулируйте|напишите|опиши|расскажи|перечисли|напиши)(?![\w])",
    re.IGNORECASE,
)
# A template's brief for a section, in the section's own words: what it "should contain", what
# each member "describes" in it ("This section should contain the lessons learned", "In this
# section, each member describes their part", "Dieser Abschnitt soll die Risiken beschreiben",
# "Esta sección debe incluir…"). A modal of obligation or a generic writer is the brief's mark;
# "This section explains how to install" describes the document and asks nothing.
_SECTION_BRIEF = re.compile(
    r"^\W*(?:in )?this (?:section|chapter|part|page)\b[^.!?]{0,80}?\b(?:should|must|shall|is to|is meant to|has to|"
    r"needs to|is where (?:you|the team|each))\b|"
    r"^\W*in this (?:section|chapter|part),? (?:each|every|the|all) (?:team )?(?:members?|students?|teams?|groups?|authors?|"
    r"participants?)\b|"
    r"^\W*(?:in )?diese[mnrs]? (?:abschnitt|kapitel|teil)\b[^.!?]{0,80}?\b(?:soll|sollte|sollen|sollten|muss|müssen)\b|"
    r"^\W*(?:en )?esta (?:sección|parte)\b[^.!?]{0,80}?\b(?:debe|deben|deberá|deberán)\b|"
    r"^\W*(?:dans )?cette (?:section|partie)\b[^.!?]{0,80}?\b(?:doit|doivent|devra|devront)\b|"
    r"^\W*(?:nesta|esta|nessa) (?:seção|secção|parte)\b[^.!?]{0,80}?\b(?:deve|devem|deverá|deverão)\b",
    re.IGNORECASE,
)
# Every branch of _REQUEST needs a letter outside ASCII: in ASCII text (most units) it is never found.
_REQUEST_FOLDED = FoldedPattern(_REQUEST)
# A request is one or two sentences; past this many words a unit says more than it asks.
UNFILLED_REQUEST_WORDS = 40


def request_reason(text: str) -> Optional[str]:
    """Why a unit only asks its reader to write something, in a language that asks without "here", or only briefs its section, or None.

    Reflection reads it (a template's question for the author); README rules do not, since a
    setup step may ask for a file to be written ("설정 파일을 작성하세요").
    """
    # Most units ask nothing: no request anywhere in the text means none in any of its sentences.
    if not (_REQUEST_FOLDED.found(text) or _SECTION_BRIEF.match(text)) or count_words(text) > UNFILLED_REQUEST_WORDS:
        return None
    sentences = [s for s in split_sentences(text.strip()) if _LETTERS.search(s)]
    if not sentences or not all(_REQUEST.search(s) or _SECTION_BRIEF.match(s.strip()) for s in sentences):
        return None
    return f"an instruction to write ('{sentences[0].strip()[:60]}')"


def _unfilled_reason(text: str) -> Optional[str]:
    """Why a short unit is an instruction to write here or a "to be completed" marker, in any language, or None."""
    core = text.lstrip(" \t>-*•#")
    # "Answer: write here" is the instruction; the label over it only names the field.
    core = _LEAD_LABEL.sub("", core, count=1) or core
    core = _WRAPPING.sub(" ", core).strip()
    if not core or text.rstrip().endswith((":", "：")):
        # A line that ends in a colon leads into what follows ("Add your key here:" over a code block).
        return None
    words = count_words(core)
    if words > UNFILLED_INSTRUCTION_WORDS:
        return None
    if words <= UNFILLED_MARKER_WORDS and (marker := _PENDING_FOLDED.search(core)):
        return f"a marker that the text is still to come ('{marker.group(0)[:40]}')"
    if _HERE_FOLDED.found(core) and _FILL_FOLDED.found(core):
        return f"an instruction to write here ('{core[:60]}')"
    return None


_BOILERPLATE_FOLDED = FoldedPattern(_BOILERPLATE)
# Each paragraph is asked about several times (hollow sections, cues, README checks): the
# answers for recent short texts are kept. Longer texts are rare and searched each time.
MEMO_TEXTS = 8192
MEMO_MAX_CHARS = 2000


def boilerplate_reason(text: str) -> Optional[str]:
    """Why ``text`` is a project generator's stock text, or None."""
    return _boilerplate_memo(text) if len(text) <= MEMO_MAX_CHARS else _boilerplate_reason(text)


def _boilerplate_reason(text: str) -> Optional[str]:
    match = _BOILERPLATE_FOLDED.search(text)
    return f"generator boilerplate ('{match.group(0)[:50]}')" if match else None


_boilerplate_memo = functools.lru_cache(maxsize=MEMO_TEXTS)(_boilerplate_reason)
_placeholder_memo = functools.lru_cache(maxsize=MEMO_TEXTS)(_placeholder_reason)


def _is_boilerplate_heading(heading: str) -> bool:
    return bool(_BOILERPLATE_HEADINGS.match(heading))


def hollow_sections(doc: MarkdownDoc) -> dict:
    """Section index -> reason, for sections whose own text is all placeholder or boilerplate.

    A section with generator text marks the document as generated; then stock
    headings ("Available Scripts", "Learn More") are hollow too even where their
    own sentences are not in the boilerplate list.
    """
    generated = any(boilerplate_reason(p.text) for p in doc.paragraphs) or any(
        boilerplate_reason(s.heading) for s in doc.sections
    )
    hollow: dict = {}
    # Grouped once: filtering every paragraph per section was quadratic on 10,000 headings.
    paragraphs_of: dict = {}
    for paragraph in doc.paragraphs:
        paragraphs_of.setdefault(paragraph.section, []).append(paragraph)
    for section in doc.sections:
        own = paragraphs_of.get(section.index, [])
        if section.level and (placeholder_reason(section.heading) or "").startswith("template title"):
            hollow[section.index] = f"template heading '{section.heading}'"
            continue
        if generated and (_is_boilerplate_heading(section.heading) or boilerplate_reason(section.heading)):
            hollow[section.index] = "generator boilerplate section"
            continue
        if not own:
            continue
        reasons = [placeholder_reason(p.text) or boilerplate_reason(p.text) for p in own]
        filled_words = sum(count_words(p.text) for p, why in zip(own, reasons) if not why)
        if all(reasons) or (generated and any(boilerplate_reason(p.text) for p in own) and filled_words < 40):
            hollow[section.index] = next(r for r in reasons if r) if any(reasons) else "boilerplate"
    return hollow


def blank_answer_reason(text: str) -> Optional[str]:
    """A question or a field whose answer is still a blank, in any language, or None.

    "Why did it happen? [First level cause]", "Did you enjoy it?: {response}", "Owner: [Name]
    Due: [Date]", "[Module 1]: a description of the first module": once the blanks are taken
    out, what is left only asks, only labels, or is a hint a few words long.
    """
    rest = _BRACKET_SLOT.sub(" ", text)
    if rest == text:
        return None
    sentences = [s for s in split_sentences(rest.strip()) if _LETTERS.search(s)]
    if sentences and all(QUESTION_END.search(s.rstrip(" :：-–—")) for s in sentences):
        return "a question with a blank for its answer"
    if not _LETTERS.search(_FIELD_LABEL.sub(" ", rest)):
        return "a form with its blanks unfilled"
    if _LEADING_SLOT.match(text) and count_words(rest) <= SLOT_HINT_WORDS:
        return "a bracketed slot left to fill in"
    return None


def blank_table_reason(text: str) -> Optional[str]:
    """A table whose body is mostly blanks ("[Success 1] | [Description] | [Reason]"), or None.

    ``text`` is a table as the reflection features read it: rows joined by " ; ", cells by " | ",
    the header row first.
    """
    rows = text.split(" ; ")[1:]
    cells = [cell for row in rows for cell in row.split(" | ")]
    if not cells:
        return None
    blanks = sum(1 for cell in cells if _BLANK_CELL.match(cell))
    return "a table of blanks to fill in" if blanks / len(cells) >= BLANK_TABLE_SHARE else None
