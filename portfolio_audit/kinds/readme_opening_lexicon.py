"""What a README opening says, in each language besides English: what the project is and who it is for.

The opening kind reads English with its own patterns (kinds/readme.py). For every other
language it reads, this table holds one entry of word classes, never phrases of one
document:

- ``kind``: nouns for a kind of thing a project is (tool, library, app, game, service);
- ``is``: the forms that define something ("X es una", "X ist ein", "X 是一个", "X는 ... 입니다"),
  and "this project / this repository" as the subject;
- ``does``: verbs that say what something does ("permite", "ermöglicht", "用于"), read where
  they follow a subject (a verb that opens a sentence is an order to the reader);
- ``tagline``: an opening that starts with what the project does, as an infinitive and its
  object ("Gérer la traçabilité ...", "Gestionar los turnos ..."), as English's "Manage your ...";
- ``a`` and ``to``: the indefinite articles, and the preposition of "made for a platform";
- ``made``: the participles of making and the relative pronouns, which make an opening that
  starts with an indefinite article a definition whatever its noun ("Un mini ray tracer
  développé dans le cadre de ...", "Ein kleiner Raytracer, geschrieben in C");
- ``people``: people a project can be for, named in plain words (roles, trades, groups);
- ``for``: the words that make the people that follow them the audience ("para", "für",
  "面向"); ``for_after`` the same for languages that put them after the noun ("開発者向け",
  "사용자를 위한");
- ``anyone``: whoever-phrases that name an audience by what they want ("quien quiera").

A language without an entry is "not assessed" by the opening rule, never scored for its
language. Word boundaries are written into each entry where the language spaces its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

_I = re.IGNORECASE

# Words between an audience preposition and its noun ("para los equipos pequeños de", "für kleine
# Teams"): an adjective or two and an article, not a clause.
MAX_WORDS_BEFORE_PEOPLE = 4
# Characters between an audience marker and its noun where words are not spaced ("面向中小型团队").
MAX_CHARS_BEFORE_PEOPLE = 12

_LEXICON = {
    "es": {
        "tagline": r"^\W*[^\W\d_]{2,}(ar|er|ir) (el|la|los|las|un|una|tus|tu|sus|su|todos|todas|cada|varios|varias)\b",
        "a": r"un|una|unos|unas",
        "made": r"desarrollad[oa]s?|escrit[oa]s?|hech[oa]s?|cread[oa]s?|construid[oa]s?|programad[oa]s?|implementad[oa]s?|dise[nñ]ad[oa]s?|que",
        "to": r"para",
        "kind": r"\b(software|gu[ií]as?|tutorial|manual|ecosistemas?|herramientas?|bibliotecas?|librer[ií]as?|aplicaci[oó]n(es)?|app|juegos?|sistemas?|plataformas?|"
                r"servicios?|programas?|extensi[oó]n(es)?|complementos?|plugin|framework|marco|script|bot|api|"
                r"sitio|p[aá]gina web|web|gestor|generador|analizador|cliente|servidor|interfaz|integraci[oó]n|"
                r"implementaci[oó]n|simulador|calculadora|asistente|panel|motor|m[oó]dulo|paquete|utilidad|"
                r"clon|colecci[oó]n|conjunto|port|versi[oó]n)\b",
        "is": r"\b(es|son|ser[aá]) (un|una|el|la|los|las)\b|\b(este|esta) (proyecto|repositorio|aplicaci[oó]n|"
              r"herramienta|biblioteca|librer[ií]a|programa|juego|sistema)\b",
        "does": r"\b(permite|permiten|ayuda|ayudan|genera|convierte|gestiona|administra|automatiza|muestra|calcula|"
                r"lee|crea|organiza|descarga|sincroniza|integra|ofrece|proporciona|facilita|simula|analiza)\b",
        "people": r"(personas?|gente|usuari[oa]s?|desarrollador(es|as)?|programador(es|as)?|estudiantes?|alumn[oa]s|"
                  r"equipos?|empresas?|profesor(es|as)?|docentes?|investigador(es|as)?|principiantes?|"
                  r"aficionad[oa]s|jugador(es|as)?|voluntari[oa]s|clientes?|administrador(es|as)?|"
                  r"due[nñ]os?|propietari[oa]s|comunidad(es)?|familias?|ni[nñ]os|m[eé]dicos?|pacientes?|"
                  r"dise[nñ]ador(es|as)?|analistas?|cient[ií]ficos?|ingenier[oa]s|negocios|tiendas?|escuelas?)\b",
        "for": r"\b(para|dirigid[oa]s? a|pensad[oa]s? para|dise[nñ]ad[oa]s? para|destinad[oa]s? a|orientad[oa]s? a|"
               r"ayuda a|permite a)\b",
        "anyone": r"\b(cualquier persona|quien(es)? (quiera|quieran|necesite|necesiten|busque|desee)|"
                  r"todo aquel que|aquell[oa]s que)\b",
    },
    "pt": {
        "tagline": r"^\W*[^\W\d_]{2,}(ar|er|ir) (o|a|os|as|um|uma|seus|suas|seu|sua|todos|todas|cada|v[aá]rios)\b",
        "a": r"um|uma|uns|umas",
        "made": r"desenvolvid[oa]s?|escrit[oa]s?|feit[oa]s?|criad[oa]s?|constru[ií]d[oa]s?|programad[oa]s?|implementad[oa]s?|projetad[oa]s?|que",
        "to": r"para",
        "kind": r"\b(software|guias?|tutorial|manual|ferramentas?|bibliotecas?|aplica[cç][aã]o|aplica[cç][oõ]es|aplicativos?|app|jogos?|sistemas?|"
                r"plataformas?|servi[cç]os?|programas?|extens[aãõ]o|extens[oõ]es|plugin|framework|script|bot|api|"
                r"site|p[aá]gina|gerenciador|gerador|analisador|cliente|servidor|interface|integra[cç][aã]o|"
                r"implementa[cç][aã]o|simulador|calculadora|assistente|painel|motor|m[oó]dulo|pacote|"
                r"utilit[aá]rio|clone|cole[cç][aã]o|conjunto)\b",
        "is": r"\b([eé]|s[aã]o|ser[aá]) (um|uma|o|a|os|as)\b|\b(este|esta) (projeto|reposit[oó]rio|aplica[cç][aã]o|"
              r"ferramenta|biblioteca|programa|jogo|sistema)\b",
        "does": r"\b(permite|permitem|ajuda|ajudam|gera|converte|gerencia|gere|automatiza|mostra|calcula|l[eê]|"
                r"cria|organiza|baixa|sincroniza|integra|oferece|fornece|facilita|simula|analisa)\b",
        "people": r"(pessoas?|usu[aá]rios?|utilizador(es)?|desenvolvedor(es|as)?|programador(es|as)?|estudantes?|"
                  r"alunos?|equipes?|equipas?|times?|empresas?|professor(es|as)?|docentes?|pesquisador(es|as)?|"
                  r"investigador(es|as)?|iniciantes?|jogador(es|as)?|volunt[aá]ri[oa]s|clientes?|"
                  r"administrador(es|as)?|donos?|propriet[aá]ri[oa]s|comunidades?|fam[ií]lias?|crian[cç]as|"
                  r"m[eé]dicos?|pacientes?|designers?|analistas?|cientistas?|engenheir[oa]s|neg[oó]cios|lojas?|"
                  r"escolas?)\b",
        "for": r"\b(para|voltad[oa]s? para|pensad[oa]s? para|projetad[oa]s? para|destinad[oa]s? a|feit[oa]s? para|"
               r"ajuda|permite que)\b",
        "anyone": r"\b(qualquer pessoa|quem (quer|queira|precisa|precise|deseja))\b",
    },
    "fr": {
        "tagline": r"^\W*[^\W\d_]{2,}(er|ir|re) (le|la|les|l['’]|des|un|une|vos|votre|ses|son|sa|tous|toutes|tout|chaque|plusieurs)\b",
        "a": r"un|une|des",
        "made": r"d[eé]velopp[eé]e?s?|[eé]crite?s?|con[cç]ue?s?|r[eé]alis[eé]e?s?|cr[eé][eé]e?s?|cod[eé]e?s?|impl[eé]ment[eé]e?s?|programm[eé]e?s?|construite?s?|fait|faite?s?|qui",
        "to": r"pour",
        "kind": r"\b(guides?|tutoriels?|manuel|[eé]cosyst[eè]mes?|outils?|biblioth[eè]ques?|librairies?|applications?|app|jeux?|syst[eè]mes?|plateformes?|"
                r"services?|programmes?|logiciels?|extensions?|plugin|greffon|framework|script|bot|api|site|"
                r"gestionnaire|g[eé]n[eé]rateur|analyseur|client|serveur|interface|int[eé]gration|"
                r"impl[eé]mentation|simulateur|calculatrice|assistant|tableau de bord|moteur|module|paquet|"
                r"utilitaire|clone|collection|ensemble|portage)\b",
        "is": r"\b(est|sont|sera) (un|une|le|la|les|l['’])|\bc['’]est\b|\b(ce|cet|cette) (projet|d[eé]p[oô]t|"
              r"application|outil|biblioth[eè]que|programme|jeu|logiciel)\b",
        "does": r"\b(permet|permettent|aide|aident|g[eé]n[eè]re|convertit|g[eè]re|automatise|affiche|calcule|lit|"
                r"cr[eé]e|organise|t[eé]l[eé]charge|synchronise|int[eè]gre|offre|propose|fournit|facilite|simule|"
                r"analyse)\b",
        "people": r"(personnes?|gens|utilisat(eur|rice)s?|d[eé]veloppeu(r|se)s?|programmeu(r|se)s?|[eé]tudiant(e)?s?|"
                  r"[eé]l[eè]ves?|[eé]quipes?|entreprises?|soci[eé]t[eé]s?|enseignant(e)?s?|professeurs?|"
                  r"chercheu(r|se)s?|d[eé]butant(e)?s?|joueu(r|se)s?|b[eé]n[eé]voles?|clients?|"
                  r"administrat(eur|rice)s?|propri[eé]taires?|communaut[eé]s?|familles?|enfants?|m[eé]decins?|"
                  r"patients?|designers?|analystes?|scientifiques?|ing[eé]nieu(r|se)s?|intervenants?|"
                  r"commerces?|[eé]coles?|associations?)\b",
        "for": r"\b(pour|destin[eé]e?s? (aux?|[aà])|s['’]adresse (aux?|[aà])|con[cç]ue?s? pour|pens[eé]e?s? pour|"
               r"aide|permet aux?)\b",
        "anyone": r"\b(quiconque|tous ceux qui|toutes celles qui|celles et ceux qui|ceux qui)\b",
    },
    "it": {
        "tagline": r"^\W*[^\W\d_]{2,}(are|ere|ire) (il|lo|la|i|gli|le|l['’]|un|una|uno|tuoi|tue|tutti|tutte|ogni)\b",
        "a": r"un|una|uno|un['’]",
        "made": r"sviluppat[oaie]|scritt[oaie]|realizzat[oaie]|creat[oaie]|costruit[oaie]|programmat[oaie]|implementat[oaie]|progettat[oaie]|che",
        "to": r"per",
        "kind": r"\b(software|guida|tutorial|manuale|strument[oi]|librerie|libreria|applicazion[ei]|app|gioc(o|hi)|sistem[ai]|piattaform[ae]|"
                r"servizi?|programm[ai]|estension[ei]|plugin|framework|script|bot|api|sito|gestore|generatore|"
                r"analizzatore|client|server|interfaccia|integrazione|implementazione|simulatore|calcolatrice|"
                r"assistente|pannello|motore|modulo|pacchetto|utilit[aà]|clone|raccolta|insieme)\b",
        "is": r"\b([eè]|sono|sar[aà]) (un|una|uno|il|la|lo|l['’]|i|gli|le)\b|\b(questo|questa) (progetto|repository|"
              r"applicazione|strumento|libreria|programma|gioco|sistema)\b",
        "does": r"\b(permette|permettono|aiuta|aiutano|genera|converte|gestisce|automatizza|mostra|calcola|legge|"
                r"crea|organizza|scarica|sincronizza|integra|offre|fornisce|facilita|simula|analizza)\b",
        "people": r"(persone|gente|utenti|sviluppatori|sviluppatrici|programmatori|studenti|studentesse|squadre|"
                  r"team|aziende|insegnanti|docenti|ricercatori|principianti|giocatori|volontari|clienti|"
                  r"amministratori|proprietari|comunit[aà]|famiglie|bambini|medici|pazienti|designer|analisti|"
                  r"scienziati|ingegneri|negozi|scuole|associazioni)\b",
        "for": r"\b(per|pensat[oa] per|progettat[oa] per|rivolt[oa] a|destinat[oa] a|aiuta|permette a)\b",
        "anyone": r"\b(chiunque|chi (vuole|voglia|deve|desidera))\b",
    },
    "de": {
        "a": r"ein|eine|einen|einer|eines|einem",
        "made": r"geschrieben|entwickelt|gebaut|erstellt|programmiert|implementiert|der|die|das",
        "to": r"f[uü]r",
        "kind": r"\b(anleitung(en)?|leitfaden|handbuch|tutorial|guide|werkzeug(e)?|tools?|bibliothek(en)?|library|anwendung(en)?|apps?|spiel(e)?|system(e)?|"
                r"plattform(en)?|dienst(e)?|service|programm(e)?|software|erweiterung(en)?|plugins?|framework|"
                r"skript(e)?|script|bot|api|webseite|website|seite|verwaltung|generator|parser|client|server|"
                r"oberfl[aä]che|integration(en)?|implementierung|simulator|rechner|assistent|dashboard|engine|"
                r"modul(e)?|paket(e)?|sammlung|(\w+)(werkzeug|tool|anwendung|programm|dienst|bibliothek|skript|"
                r"integration|erweiterung|plattform|system|spiel|app|rechner|generator|verwaltung))\b",
        "is": r"\b(ist|sind|wird) (ein|eine|einen|einer|der|die|das)\b|\b(dieses|dies|das) (projekt|repository|repo|"
              r"programm|werkzeug|tool|spiel|plugin)\b",
        "does": r"\b(erm[oö]glicht|erlaubt|hilft|erzeugt|generiert|konvertiert|wandelt|verwaltet|automatisiert|zeigt|"
                r"berechnet|liest|erstellt|organisiert|l[aä]dt|synchronisiert|integriert|bietet|stellt|"
                r"vereinfacht|simuliert|analysiert|[uü]berwacht|sichert|sammelt|sendet|pr[uü]ft)\b",
        "people": r"(menschen|personen|leute|nutzer(innen)?|benutzer(innen)?|anwender(innen)?|entwickler(innen)?|"
                  r"programmierer(innen)?|studierende(n)?|studenten|sch[uü]ler(innen)?|teams?|unternehmen|firmen|"
                  r"lehrer(innen)?|lehrkr[aä]fte(n)?|forscher(innen)?|anf[aä]nger(innen)?|einsteiger(innen)?|"
                  r"spieler(innen)?|ehrenamtliche(n)?|kunden|kundinnen|administrator(en|innen)?|admins|"
                  r"besitzer(innen)?|eigent[uü]mer(innen)?|gemeinschaft(en)?|communit(y|ies)|familien|kinder(n)?|"
                  r"[aä]rzte(n)?|[aä]rztinnen|patient(en|innen)|designer(innen)?|analyst(en|innen)|"
                  r"wissenschaftler(innen)?|ingenieur(e|en|innen)|betriebe(n)?|vereine(n)?|schulen|"
                  r"\w+(nutzer|benutzer|anwender|entwickler|besitzer|spieler)(innen)?)\b",
        "for": r"\b(f[uü]r|richtet sich an|gedacht f[uü]r|gemacht f[uü]r|entwickelt f[uü]r|gebaut f[uü]r|"
               r"hilft|erm[oö]glicht( es)?)\b",
        "anyone": r"\b(alle,? die|jeden,? der|wer (will|m[oö]chte|braucht|sucht))\b",
    },
    "nl": {
        "a": r"een",
        "made": r"geschreven|ontwikkeld|gebouwd|gemaakt|geprogrammeerd|ge[iï]mplementeerd|die|dat",
        "to": r"voor",
        "kind": r"\b(handleiding|gids|hulpmiddel|tool|bibliotheek|applicatie|app|spel|systeem|platform|dienst|programma|software|"
                r"extensie|plugin|framework|script|bot|api|website|generator|client|server|integratie|module|"
                r"pakket|verzameling)\b",
        "is": r"\b(is|zijn) (een|de|het)\b|\b(dit|deze) (project|repository|programma|tool|spel)\b",
        "does": r"\b(maakt|helpt|genereert|converteert|beheert|automatiseert|toont|berekent|leest|biedt|"
                r"vereenvoudigt|analyseert)\b",
        "people": r"(mensen|personen|gebruikers|ontwikkelaars|programmeurs|studenten|leerlingen|teams?|bedrijven|"
                  r"docenten|leraren|onderzoekers|beginners|spelers|vrijwilligers|klanten|beheerders|eigenaren|"
                  r"gemeenschap|families|kinderen|artsen|pati[eë]nten|ontwerpers|analisten|scholen|verenigingen)\b",
        "for": r"\b(voor|bedoeld voor|gemaakt voor|gericht op|helpt)\b",
        "anyone": r"\b(iedereen die|wie (wil|moet))\b",
    },
    "ru": {
        "to": r"для",
        "kind": r"(руководств|инструкци|туториал|конспект|инструмент|библиотек|приложени|игр[аыу]|систем|платформ|сервис|программ|расширени|плагин|"
                r"фреймворк|скрипт|бот|api|сайт|генератор|парсер|клиент|сервер|интерфейс|интеграци|реализаци|"
                r"симулятор|калькулятор|ассистент|панель|движок|модуль|пакет|утилит|клон|коллекци|набор)",
        "is": r"(^|\s)(это|является|представляет собой)\s|\s[—–-]\s(это\s)?(\w+\s){0,3}?(инструмент|библиотек|"
              r"приложени|игр|систем|платформ|сервис|программ|бот|сайт|утилит)|(данный|этот) (проект|репозиторий)",
        "does": r"(позволяет|помогает|генерирует|конвертирует|преобразует|управляет|автоматизирует|показывает|"
                r"вычисляет|читает|создаёт|создает|организует|скачивает|синхронизирует|интегрирует|предоставляет|"
                r"упрощает|моделирует|анализирует)",
        "people": r"(людей|пользовател|разработчик|программист|студент|школьник|команд|компани|преподавател|"
                  r"учител|исследовател|новичк|начинающ|игрок|волонтёр|волонтер|клиент|администратор|владельц|"
                  r"сообществ|семей|детей|врач|пациент|дизайнер|аналитик|учёных|ученых|инженер|бизнес|магазин|школ|"
                  r"пассажир|путешественник|водител|покупател|продавц|жител|читател|автор|учащ|слушател|любител|"
                  r"специалист|сотрудник|работник|менеджер|участник|преподават|родител|спортсмен)",
        "for": r"\b(для|предназначен\w*\s+для|помогает|позволяет)\b",
        "anyone": r"(всех,? кто|тех,? кто|каждого,? кто|всем,? кто)",
    },
    "zh": {
        "kind": r"(教程|指南|手册|手冊|笔记|筆記|工具|库|庫|框架|平台|系统|系統|应用|應用|插件|扩展|擴展|服务|服務|程序|程式|软件|軟體|脚本|腳本|"
                r"机器人|機器人|网站|網站|组件|組件|引擎|客户端|客戶端|服务端|命令行|游戏|遊戲|助手|生成器|"
                r"解析器|模板|实现|實現|集合|合集)",
        "is": r"是一[个個款套种種部]|是基于|是基於|是用|是一个|(本|该|該|这个|這個|此)(项目|項目|仓库|倉庫|工具|库|"
              r"插件|程序|应用|系统)|这是|這是",
        "does": r"(用于|用於|用来|用來|可以|能够|能夠|帮助|幫助|支持|支援|实现|實現|提供|让你|讓你|自动|自動|"
                r"将|將|把|生成|转换|轉換|管理|计算|計算|分析|解析|可视化|可視化|检索|檢索|提取|预测|預測|识别|識別|"
                r"检测|檢測|推荐|推薦|追踪|追蹤|监控|監控|翻译|翻譯|同步|下载|下載|抓取|爬取)",
        # Besides the list, a person by a suffix: -人员, -人士, -师 (设计师). Not -者 or -们 alone:
        # 或者 ("or") and 我们 ("we") would read as people.
        "people": r"([\u4e00-\u9fff]{0,4}(人员|人員|人士|师|師)|使用者|开发者|開發者|学习者|學習者|创作者|創作者|"
                  r"维护者|維護者|读者|讀者|"
                  r"用户|用戶|开发人员|開發人員|程序员|程式設計師|学生|學生|团队|團隊|"
                  r"企业|企業|公司|初学者|初學者|新手|玩家|研究人员|研究人員|研究者|志愿者|志願者|运维|運維|"
                  r"管理员|管理員|爱好者|愛好者|老师|老師|教师|教師|人员|人員|人群|人士|个人|個人|小白)",
        "for": r"(面向|适用于|適用於|适合|適合|专为|專為|为|為|帮助|幫助|让|讓|方便)",
        # "面向校园活动场景": aimed at a setting names who works in it; 面向对象 is "object-oriented".
        "anyone": r"(任何人|所有人|想要.{0,12}?的人|需要.{0,12}?的人|面向(?!对象|對象)\S|专为\S|專為\S)",
    },
    "ja": {
        "kind": r"(ガイド|チュートリアル|手順|まとめ|メモ|ツール|ライブラリ|アプリ|フレームワーク|プラグイン|拡張|サービス|システム|プログラム|ソフトウェア|"
                r"スクリプト|ボット|サイト|ゲーム|エンジン|クライアント|サーバー|モジュール|パッケージ|コマンド|"
                r"ジェネレーター|パーサ|実装|テンプレート|集|計算)",
        "is": r"(は|とは).{0,60}?(です|である|となります|になります)|(この|本)(リポジトリ|プロジェクト|ツール|ライブラリ|"
              r"アプリ|プログラム)|(する|できる|ための|な)(ツール|ライブラリ|アプリ|プログラム|スクリプト|ボット|"
              r"サービス|システム|パッケージ|モジュール)",
        # What a thing does is often a Sino-Japanese noun of action ("文章生成"): read those too.
        "does": r"(できます|します|できる|を提供|を計算|を生成|を変換|を管理|を自動|を表示|を読み込|を取得|"
                r"生成|変換|管理|計算|解析|分析|自動化|可視化|取得|表示|検索|抽出)",
        # A person is often named by a suffix: -者 (高齢者), -人 (社会人), -員 (会社員), -家, -師.
        "people": r"(ユーザー|ユーザ|利用者|エンジニア|プログラマー|学生|大学生|高校生|チーム|企業|会社|"
                  r"プレイヤー|ボランティア|家族|子ども|子供|親|先生|皆さん|みなさん|方|"
                  r"[\u4e00-\u9fff]{0,4}(者|人|員|家|師))",
        "for_after": r"(向け|のため|を対象|が.{0,40}?(できる|できます|ように|ために)|に(おすすめ|便利))",
        # "Windows向け", "初心者向け": aimed at a group or a platform's users.
        "anyone": r"(誰でも|どなたでも|\S向け)",
    },
    "ko": {
        "kind": r"(가이드|튜토리얼|정리|노트|도구|툴|라이브러리|앱|애플리케이션|어플리케이션|서비스|플랫폼|프로그램|시스템|게임|플러그인|확장|"
                r"봇|웹사이트|사이트|프레임워크|엔진|클라이언트|서버|모듈|패키지|스크립트|생성기|구현|템플릿|"
                r"스터디)",
        "is": r"(은|는) .{0,60}?(입니다|이다)|(이|본) (프로젝트|저장소|레포지토리|레포|리포지토리)|"
              r"(하는|위한|있는|되는|한) (도구|툴|라이브러리|앱|애플리케이션|서비스|플랫폼|프로그램|시스템|게임|"
              r"플러그인|봇|웹사이트|사이트|프레임워크|모듈|패키지|스크립트|프로젝트)",
        "does": r"(할 수 있|제공|도와|지원|자동으로|생성|변환|관리|계산|보여)",
        "people": r"(사용자|이용자|유저|개발자|엔지니어|프로그래머|학생|팀|기업|회사|초보자|입문자|플레이어|연구자|"
                  r"자원봉사자|관리자|사람|분들|고객|회원|스터디원|팀원)",
        "for_after": r"(을|를|이|가|들을|들이)? ?(위한|위해|대상|돕|도와)",
        "anyone": r"(누구나|누구든지|모든 사람)",
    },
}
# Languages whose words are not separated by spaces: distances are counted in characters.
_UNSPACED = frozenset({"zh", "ja"})
# Languages that end a clause with its verb and have no articles: a kind noun is read in the
# first sentence, wherever it stands in it.
_KIND_IN_FIRST_SENTENCE = frozenset({"zh", "ja", "ko", "ru"})
# As in English (kinds/readme.py): a kind noun names what the project is when it comes within
# this many words of the opening's start ("Software para optimizar ...") or of an indefinite
# article ("una pequeña aplicación de ..."); further on it is a word in passing ("Qué apps existen").
MAX_WORDS_BEFORE_KIND = 6
MAX_WORDS_AFTER_ARTICLE = 3
# Characters of an unspaced first sentence read for a kind noun.
FIRST_SENTENCE_CHARS = 80
_SENTENCE_START = re.compile(r"(?:^|[.!?。！？:：\n])[\s\W]*$")

OPENING_LANGUAGES = frozenset(_LEXICON)


@dataclass(frozen=True)
class _Patterns:
    defines: re.Pattern
    kind_early: re.Pattern
    kind_after_article: Optional[re.Pattern]
    tagline: Optional[re.Pattern]
    does: re.Pattern
    audience: re.Pattern


def _compile(language: str) -> _Patterns:
    entry = _LEXICON[language]
    kind = entry["kind"]
    if language in _KIND_IN_FIRST_SENTENCE:
        kind_early = rf"^[^.!?。！？\n]{{0,{FIRST_SENTENCE_CHARS}}}?(?:{kind})"
    else:
        kind_early = rf"^\W*(?:\S+\s+){{0,{MAX_WORDS_BEFORE_KIND}}}?(?:{kind})"
    after_article = None
    defines = entry["is"]
    if "a" in entry and "made" in entry:
        defines += rf"|^\W*(?:{entry['a']})\s+(?:[^\s,]+\s+){{0,{MAX_WORDS_AFTER_ARTICLE + 2}}}?[^\s,]+,?\s+(?:{entry['made']})\b"
    if "a" in entry:
        after_article = re.compile(rf"\b(?:{entry['a']})\s+(?:\S+\s+){{0,{MAX_WORDS_AFTER_ARTICLE}}}?(?:{kind})", _I)
    people = entry["people"]
    parts = [f"(?:{entry['anyone']})"]
    if "for" in entry:
        gap = (rf".{{0,{MAX_CHARS_BEFORE_PEOPLE}}}?" if language in _UNSPACED
               else rf"(?:\s+[\w'’\-]+,?){{0,{MAX_WORDS_BEFORE_PEOPLE}}}?\s+")
        parts.append(f"(?:{entry['for']}){gap}{people}")
    if "for_after" in entry:
        parts.append(f"{people}\\s?(?:{entry['for_after']})")
    if "to" in entry:
        # A kind of thing made for a named platform ("una integración para Home Assistant", "ein
        # Plugin für Obsidian") is for that platform's users, as "a Rust library" is in English.
        parts.append(rf"(?:{kind})\s+(?:\S+\s+){{0,2}}?(?:{entry['to']})\s+(?-i:[A-ZА-Я])")
    return _Patterns(
        defines=re.compile(defines, _I), kind_early=re.compile(kind_early, _I), kind_after_article=after_article,
        tagline=re.compile(_after_a_label(entry["tagline"]), _I) if "tagline" in entry else None,
        does=re.compile(entry["does"], _I), audience=re.compile("|".join(parts), _I),
    )


# A short label and a colon may stand before a tagline: "Projet de l'école 42 : implémenter une
# fonction…", "Course project: build a shell". What follows the colon is read as the opening's start.
OPENING_LABEL = r"(?:[^:.!?\n]{1,40}?\s?:\s+)?"


def _after_a_label(tagline: str) -> str:
    r"""A tagline pattern anchored at the start (``^\W*``), allowed to follow an OPENING_LABEL."""
    anchor = r"^\W*"
    return anchor + OPENING_LABEL + tagline[len(anchor):] if tagline.startswith(anchor) else tagline


# Compiled on first use: a tree of English READMEs never reads the ten other languages' patterns,
# and compiling them all cost every process some 30 ms at import.
_PATTERNS: dict = {}


def _patterns_for(language: str) -> Optional[_Patterns]:
    patterns = _PATTERNS.get(language)
    if patterns is None and language in _LEXICON:
        patterns = _PATTERNS[language] = _compile(language)
    return patterns


def _not_sentence_initial(text: str, match: re.Match) -> bool:
    """A verb that opens its sentence is an order to the reader ("Lee con atención"), not what a project does."""
    return not _SENTENCE_START.search(text[max(0, match.start() - FIRST_SENTENCE_CHARS):match.start()])


def says_what(language: str, text: str) -> Optional[re.Match]:
    """Where ``text``, in ``language``, says what a project is or does; None if nowhere (or no entry)."""
    patterns = _patterns_for(language)
    if patterns is None:
        return None
    found = patterns.defines.search(text) or patterns.kind_early.search(text)
    for optional in (patterns.kind_after_article, patterns.tagline):
        if not found and optional is not None:
            found = optional.search(text)
    if not found:
        found = next((m for m in patterns.does.finditer(text) if _not_sentence_initial(text, m)), None)
    return found


def names_audience(language: str, text: str) -> Optional[re.Match]:
    """Where ``text``, in ``language``, names who a project is for; None if nowhere (or no entry)."""
    patterns = _patterns_for(language)
    return patterns.audience.search(text) if patterns else None


# A README laid out as labelled fields, as hackathon and course templates are ("## Concept",
# "## Target users", "## コンセプト", "## 対象ユーザ"): the heading says what the text under it
# is, so the text says what the project is, or who it is for, by the author's own label.
_WHAT_HEADING = re.compile(
    r"^\W*(concept|overview|what (it is|is it|it does)|about( (the|this) (project|app|tool))?|description|"
    r"project (description|overview|summary)|product (description|overview)|summary|introduction|elevator pitch|"
    r"概要|製品概要|製品説明|プロダクト概要|サービス概要|コンセプト|プロダクト|소개|개요|프로젝트\s?소개|서비스\s?소개|"
    r"프로젝트\s?개요|简介|介绍|概述|项目简介|项目介绍|項目簡介|descripci[óo]n( del proyecto)?|resumen|concepto|"
    r"beschreibung|projektbeschreibung|überblick|konzept|présentation|description du projet|aperçu|"
    r"descri[çc][ãa]o( do projeto)?|sobre( o projeto)?|vis[ãa]o geral|conceito|descrizione|panoramica)"
    r"\W*([(（][^()（）]*[)）])?\W*$",
    re.IGNORECASE)
_WHO_HEADING = re.compile(
    r"^\W*(target (users?|audience|group)|audience|who (is )?(it|this) (is )?for|for whom|intended (users|audience)|"
    r"対象ユーザー?|対象者|想定ユーザー?|ターゲット(ユーザー?)?|대상\s?(사용자|고객)?|타겟\s?(사용자|고객)?|"
    r"目标用户|目標用戶|适用人群|面向人群|目标人群|受众|p[úu]blico( objetivo| meta| alvo|-alvo)?|usuarios objetivo|"
    r"zielgruppe|public (cible|vis[ée])|destinatari)\W*([(（][^()（）]*[)）])?\W*$",
    re.IGNORECASE)
# Fields read this early: a template's first few headings.
FIELD_SECTIONS = 4


def labelled_fields(doc, paragraphs: list) -> tuple:
    """(what, who): the first paragraph under an early heading that labels it as what the project is, or who it is for.

    Each is a paragraph (the first of the first such section with text of its own) or None; only
    the first FIELD_SECTIONS headed sections are read. A heading may gloss itself in brackets
    ("製品説明（具体的な製品の説明）").
    """
    early = [s.index for s in doc.sections if s.level][:FIELD_SECTIONS]
    found = {}
    first_of: dict = {}
    for paragraph in paragraphs:
        first_of.setdefault(paragraph.section, paragraph)
    for label, pattern in (("what", _WHAT_HEADING), ("who", _WHO_HEADING)):
        found[label] = next((first_of[i] for i in early if i in first_of and pattern.match(doc.sections[i].heading or "")),
                            None)
    return found["what"], found["who"]
