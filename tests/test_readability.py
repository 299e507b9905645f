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
