"""Line fingerprints of text files: how scaffold signatures are made and how a file is compared with them.

A signature is the set of hashes of a generator file's normalised lines, never
its text. Normalising (case, quotes, spacing, digits, trailing ``;``/``,``) lets a
file produced by another version or formatter of the same generator still match.
Lines that carry a value the generator filled in (the project name, a class
name derived from it) are stored *masked*: the token holding the value is
replaced by MASK before hashing, and a candidate line is tried with each of its
tokens (and each pair of tokens) masked in turn.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable, Iterator

MASK = "\x00"
# A line with fewer letters than this ("}", "end", "});") is shared by every file
# of its language and says nothing about where a file came from.
MIN_LINE_LETTERS = 4
# Longer lines count no more than this many characters, so one long line cannot
# outweigh the rest of a file.
MAX_LINE_WEIGHT = 160
# Candidate lines with more tokens than this are not tried with two tokens masked
# (the pairs grow quadratically; generator lines holding two values are short).
MAX_PAIR_TOKENS = 12

_TOKEN = re.compile(r"[\w$.\-]+")
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")
_QUOTES = str.maketrans({'"': "'", "`": "'", "\u2018": "'", "\u2019": "'", "\u201c": "'", "\u201d": "'"})


def normalise_line(line: str) -> str:
    """The comparable form of one line: trimmed, lower-case, one quote style, single spaces, digits as 0."""
    text = _SPACE.sub(" ", line.strip().lower().translate(_QUOTES))
    text = _DIGITS.sub("0", text)
    return text.rstrip(";, ")


def is_informative(normalised: str) -> bool:
    """Whether a normalised line has enough letters to say where its file came from."""
    return len(_LETTER.findall(normalised.replace(MASK, ""))) >= MIN_LINE_LETTERS


def line_hash(normalised: str) -> int:
    """A stable 32-bit hash (the same in every process, unlike ``hash``)."""
    return zlib.crc32(normalised.encode("utf-8", "surrogatepass"))


def line_weight(normalised: str) -> int:
    return min(len(normalised), MAX_LINE_WEIGHT)


def masked_variants(normalised: str) -> Iterator[int]:
    """Hashes of ``normalised`` with each token, then each pair of tokens, replaced by MASK."""
    spans = [m.span() for m in _TOKEN.finditer(normalised)]
    for start, end in spans:
        yield line_hash(normalised[:start] + MASK + normalised[end:])
    if 2 <= len(spans) <= MAX_PAIR_TOKENS:
        for (s1, e1), (s2, e2) in combinations(spans, 2):
            yield line_hash(normalised[:s1] + MASK + normalised[e1:s2] + MASK + normalised[e2:])


def mask_values(normalised: str, values: Iterable[str]) -> str:
    """Replace every token containing one of ``values`` (lower-case) by MASK: how a generator line is masked."""
    wanted = tuple(v for v in values if v)

    def replace(match: re.Match) -> str:
        token = match.group(0)
        return MASK if any(v in token for v in wanted) else token

    return _TOKEN.sub(replace, normalised)


@dataclass(frozen=True)
class Comparison:
    """How much of a file is one generator file's text.

    ``share`` is the fraction of the file's informative text (characters, each line
    capped at MAX_LINE_WEIGHT) found in the generator file; ``coverage`` the
    fraction of the generator file's distinct lines found in the file;
    ``matched_lines`` the 1-based lines of the file that are the generator's;
    ``other_weight`` the weight of the file's informative text that is not.
    """

    share: float
    coverage: float
    matched_lines: tuple
    informative_lines: int
    other_weight: int = 0


def informative_lines(text: str) -> list:
    """(1-based line, normalised text) of every informative line of ``text``."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        normalised = normalise_line(line)
        if is_informative(normalised):
            found.append((number, normalised))
    return found


class HashedLines:
    """A file's informative lines with their weights and hashes, made once for every signature it is compared with.

    The masked variants of a line (up to 78 hashes) are made the first time a signature with
    masked lines asks for them, and kept in the order ``masked_variants`` gives them.
    """

    def __init__(self, lines: list):
        self.lines = lines
        self.hashed = [(number, line_weight(normalised), line_hash(normalised)) for number, normalised in lines]
        self._variants: dict = {}

    def variants(self, index: int) -> tuple:
        found = self._variants.get(index)
        if found is None:
            found = self._variants[index] = tuple(masked_variants(self.lines[index][1]))
        return found


def compare(lines, plain: frozenset, masked: frozenset) -> Comparison:
    """Compare a file's informative ``lines`` (or their ``HashedLines``) with one signature's plain and masked line hashes."""
    hashed = lines if isinstance(lines, HashedLines) else HashedLines(lines)
    total = matched = 0
    hits: set = set()
    matched_lines = []
    for index, (number, weight, digest) in enumerate(hashed.hashed):
        total += weight
        if digest in plain:
            hits.add(digest)
        elif masked:
            variant = next((d for d in hashed.variants(index) if d in masked), None)
            if variant is None:
                continue
            hits.add(variant)
        else:
            continue
        matched += weight
        matched_lines.append(number)
    distinct = len(plain) + len(masked)
    return Comparison(
        share=matched / total if total else 0.0,
        coverage=len(hits) / distinct if distinct else 0.0,
        matched_lines=tuple(matched_lines),
        informative_lines=len(hashed.lines),
        other_weight=total - matched,
    )
