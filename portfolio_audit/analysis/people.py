"""Which capitalised word pairs can name a person ("Ada Lovelace", "Mark Twain") and which are phrases ("Home Assistant").

The credit features count people named in a passage. Two capitalised words in a row are a
person's name as often as a product, a menu path or a Title Case heading ("Use Select All",
"Stack Overflow", "Garden App", "Dead Letter Queues"). A given name is rarely an everyday English
word, so a pair whose first word is one ("Use", "Home", "Garden", "Stack", "The") is read as a
phrase, unless that word is also a given name ("Mark Twain", "Rose Tyler", "Bob Ng"). The
everyday words are the Dale–Chall list of words known to most readers, which textstat ships;
names from every language that are no English word stay names ("Arjun Magar", "Wei Zhang").
A surname may be a word ("Barry White"): only the first word is asked.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

# Two capitalised words. A pair refused is read again from its second word, so that "Thanks
# Ana Lee" finds "Ana Lee" once "Thanks Ana" is refused.
_PAIR = re.compile(r"\b([A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?) ([A-Z][a-z]+)\b")
# Given names that are also everyday English words: written here, not taken from a name list.
_WORD_NAMES = frozenset(
    "angel april art august autumn bill bob chase cliff daisy dawn dot drew eve faith guy honey hope hunter ivy "
    "jay joy june kitty lily mark may misty pat pearl penny ray rob robin rocky rose rusty sandy sky star storm "
    "summer violet will".split())


@lru_cache(maxsize=1)
def everyday_words() -> frozenset:
    """The Dale–Chall easy words textstat ships, lower case (empty if the file cannot be read: then every pair may be a name)."""
    spec = find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "en" / "easy_words.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def _is_phrase(first: str) -> bool:
    word = first.lower()
    return word in everyday_words() and word not in _WORD_NAMES


def people_in(text: str) -> list:
    """The pairs of capitalised words in ``text`` that can be a person's name, in order, none overlapping."""
    found = []
    position = 0
    while match := _PAIR.search(text, position):
        if _is_phrase(match.group(1)):
            position = match.start(2)
            continue
        found.append(f"{match.group(1)} {match.group(2)}")
        position = match.end()
    return found


def names_a_person(text: str) -> bool:
    """Does ``text`` hold a pair of capitalised words that can be a person's name?"""
    position = 0
    while match := _PAIR.search(text, position):
        if not _is_phrase(match.group(1)):
            return True
        position = match.start(2)
    return False
