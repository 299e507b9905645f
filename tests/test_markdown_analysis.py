"""Markdown structure: sections, prose-only text, code, tables, images, plain text, hostile input."""


from portfolio_audit.analysis.language import detect_language
from portfolio_audit.analysis.markdown import analyze_markdown
from portfolio_audit.analysis.placeholders import placeholder_reason

SAMPLE = """---
title: Notes on csvclean
---
# csvclean [![build](https://img.shields.io/badge/build-passing-green.svg)](https://ci.example)

csvclean fixes **messy** CSV exports, see [the docs](https://example.com/docs) and `--help`.

![Screenshot of the report](docs/report.png)

## Install

```bash
pip install csvclean
```

| Option | Meaning |
|---|---|
| `-o` | output file |

## Design

### Why not pandas?

- **Fewer dependencies.** Pandas adds 30 MB.

> Is it fast?

<p align="center">Made with care</p>
"""


def test_sections_have_heading_level_line_and_scope():
    doc = analyze_markdown(SAMPLE, "README.md")
    headings = [(s.heading, s.level, s.line) for s in doc.headings()]
    assert headings[0][1:] == (1, 4)
    assert ("Install", 2, 10) in headings
    design = next(s for s in doc.sections if s.heading == "Design")
    why = next(s for s in doc.sections if s.heading == "Why not pandas?")
    assert why.parent == design.index
    assert why.index in doc.scope(design.index)
    assert [p.text for p in doc.paragraphs_in(design.index)][0].startswith("Fewer dependencies")
    assert doc.title == "Notes on csvclean"  # front matter wins over the first heading


def test_prose_drops_code_tables_urls_images_badges_and_html():
    doc = analyze_markdown(SAMPLE, "README.md")
    prose = doc.prose
    assert "csvclean fixes messy CSV exports, see the docs and" in prose
    for absent in ("pip install", "output file", "https://", "--help", "Screenshot", "build-passing"):
        assert absent not in prose, absent
    assert "Made with care" in prose  # an HTML <p> is a paragraph a reader reads
    paragraph = next(p for p in doc.paragraphs if p.text.startswith("csvclean fixes"))
    assert "--help" in paragraph.text and paragraph.inline_code == ("--help",)
    assert paragraph.line == 6


def test_code_blocks_tables_images_links_and_bold_leads():
    doc = analyze_markdown(SAMPLE, "README.md")
    assert [(c.info, c.line) for c in doc.code_blocks] == [("bash", 12)]
    assert doc.tables[0].rows[1] == ("-o", "output file")
    badge = next(i for i in doc.images if "shields.io" in i.src)
    assert badge.linked
    shot = next(i for i in doc.images if i.src == "docs/report.png")
    assert (shot.alt, shot.line, shot.linked) == ("Screenshot of the report", 8, False)
    assert any(link.href == "https://example.com/docs" for link in doc.links)
    bullet = next(p for p in doc.paragraphs if p.container == "list_item")
    assert bullet.bold_lead == "Fewer dependencies."
    assert any(p.container == "blockquote" and p.text == "Is it fast?" for p in doc.paragraphs)
    assert any(p.container == "paragraph" and p.text == "Made with care" and p.line == 28 for p in doc.paragraphs)


def test_word_counts():
    doc = analyze_markdown("# T\n\nOne two three.\n\n```\nfour five\n```\n", "README.md")
    assert doc.word_count == 3
    assert doc.total_words == 6


def test_setext_headings_and_preamble():
    doc = analyze_markdown("intro line\n\nWelcome\n=======\n\nbody\n\nSub\n---\n\nmore\n", "README.md")
    assert [(s.heading, s.level, s.line) for s in doc.sections] == [("", 0, 1), ("Welcome", 1, 3), ("Sub", 2, 8)]
    assert doc.paragraphs[0].section == 0


def test_plain_text_readme_is_paragraphs():
    doc = analyze_markdown("My tool\n\nIt renames photos\nby date.\n\n- one\n- two\n", "README.txt")
    assert [p.text for p in doc.paragraphs] == ["My tool", "It renames photos by date.", "- one", "- two"]
    assert [p.container for p in doc.paragraphs[2:]] == ["list_item", "list_item"]
    assert doc.paragraphs[1].line == 3 and doc.paragraphs[3].line == 7
    assert not doc.code_blocks


def test_rst_headings_and_literal_blocks():
    text = "Title\n=====\n\nIntro text.\n\nUsage\n-----\n\nRun it::\n\n    tool --fix file.csv\n\nDone.\n"
    doc = analyze_markdown(text, "README.rst")
    assert [(s.heading, s.level) for s in doc.headings()] == [("Title", 1), ("Usage", 2)]
    assert doc.code_blocks and "tool --fix" in doc.code_blocks[0].text
    assert "tool --fix" not in doc.prose


def test_ten_thousand_headings_are_all_found():
    # How long this takes is benchmarks.hardening_times's business ("10k-headings"), not a test's.
    text = "\n".join(f"{'#' * (1 + i % 6)} Heading {i}\ntext {i}" for i in range(10_000))
    doc = analyze_markdown(text, "README.md")
    assert len(doc.headings()) == 10_000
    assert doc.section_at(doc.sections[-1].line) == len(doc.sections) - 1


def test_five_megabyte_line_is_cut_at_the_cap():
    doc = analyze_markdown("word " * 1_000_000, "README.md")
    assert doc.truncated


def test_placeholders_are_recognised():
    assert placeholder_reason("TODO")
    assert placeholder_reason("Coming soon!")
    assert placeholder_reason("One difficulty was **[describe specific challenges]**.".replace("**", ""))
    assert placeholder_reason("- Briefly describe the project goal, dataset, and problem statement.")
    assert placeholder_reason("Lorem ipsum dolor sit amet")
    assert not placeholder_reason("Install the package with pip, then run the server.")
    assert not placeholder_reason("See [the docs](https://example.com) for details.")


def test_language_detection():
    assert detect_language("This tool is for people who want to clean the files that they receive.").language == "en"
    assert detect_language("Ce dépôt est le code du projet et il est utilisé pour la gestion des déchets dans les régions.").language == "fr"
    assert detect_language("Dies ist eine kleine Station, die für den Unterricht gebaut wurde und die Daten speichert.").language == "de"
    assert detect_language("Este proyecto es una herramienta para los estudiantes que quieren aprender con el código.").language == "es"
    assert detect_language("khaiii는 카카오에서 개발한 세 번째 형태소분석기입니다.").language == "ko"
    assert detect_language("これは日本語の説明です。ツールを使ってください。").language == "ja"
    assert detect_language("Это небольшая библиотека для работы с файлами.").language == "ru"
    assert detect_language("ok").language == "und"
