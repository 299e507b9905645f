"""Case-insensitive searches answered case-sensitively over lower-cased ASCII text, where that is provably the same answer.

Python's ``re`` cannot skip ahead to candidate characters under IGNORECASE, so a long
alternation is tried at every position of a paragraph; the same pattern compiled
case-sensitively and run over the lower-cased text is 2-4 times faster on the
benchmark tree's documents. The two agree when

- the text is ASCII: lower-casing then changes no length or position, and no
  character of the text has a case-insensitive equivalent outside ASCII that it
  could only meet under IGNORECASE;
- the pattern's upper-case ASCII letters are lower-cased for the fast search, outside
  escapes (``\\W``, ``\\S`` stay as they are) and never inside a character class (a
  range such as ``[A-z]`` is refused); it has no inline flag group or group name, no character given by code point,
  name or number (``\\u212a``, ``\\N{...}``, ``\\x4b``, ``\\1``), and no non-ASCII
  character whose case partner is ASCII (the Kelvin sign, dotless i, long s, dotted
  capital I).

Anything else, or any pattern not compiled with IGNORECASE, is searched as it was.
Only the truth of a search is answered fast: a caller that needs the match gets it
from the original pattern over the original text.

Before the lowered pattern runs, its *required literals* are looked for with ``in``
(``_required_literals``): strings of which every match contains at least one, read from
the pattern's parse tree. Most texts contain none of them, and ``str.__contains__``
skips through text many times faster than the regex engine tries each position.
"""

from __future__ import annotations

import re
import re._constants as _sre  # type: ignore[import-not-found]  # the parse tree's opcodes; read only
import re._parser as _sre_parse  # type: ignore[import-not-found]
from typing import Optional

_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")
# Escapes that name a character by its code point or name, which could be any character.
_CODE_POINT_ESCAPES = frozenset("uUxN")


def _folded_source(source: str) -> Optional[str]:
    """``source`` with its upper-case ASCII letters lower-cased, or None when it cannot be proved to fold (module docstring)."""
    if _INLINE_FLAGS.search(source) or "(?P" in source:
        return None  # inline flags change the rules; a group name must keep its case
    folded = []
    index, in_class = 0, False
    while index < len(source):
        char = source[index]
        if char == "\\":
            escaped = source[index + 1:index + 2]
            if escaped in _CODE_POINT_ESCAPES or escaped.isdigit():
                return None  # \u212a is the Kelvin sign; a back-reference or octal escape is not worth proving
            folded.append(source[index:index + 2])  # any other escape: \W, \S, \b keep their meaning
            index += 2
            continue
        if char == "[" and not in_class:
            if source[index + 1:index + 2] == "]" or source[index + 1:index + 3] == "^]":
                return None  # a class opening with a literal "]": not worth tracking where it ends
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif "A" <= char <= "Z":
            if in_class:
                return None  # a range such as [A-z] spans more than letters
            char = char.lower()  # under IGNORECASE it met both cases; the lowered text holds only this one
        elif not char.isascii() and any(part.isascii() for part in (char.lower(), char.upper(), char.casefold())):
            return None
        folded.append(char)
        index += 1
    return "".join(folded)


# A prefilter of short or many strings costs more than it saves.
MIN_LITERAL_CHARS = 3
MAX_LITERALS = 48


_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


def _product(left: frozenset, right: frozenset, limit: int = MAX_LITERALS) -> Optional[frozenset]:
    """Every string of ``left`` followed by every string of ``right``; None past ``limit`` strings."""
    if len(left) * len(right) > limit:
        return None
    return frozenset(a + b for a in left for b in right)


def _finite(op, value) -> Optional[frozenset]:
    """All the strings one parsed item matches, when they are few (an assertion matches ""), else None."""
    if op is _sre.LITERAL:
        return frozenset((chr(value),))
    if op is _sre.AT:
        return frozenset(("",))  # consumes nothing: its neighbours stay adjacent in the text
    if op is _sre.IN:
        if all(kind is _sre.LITERAL for kind, _ in value) and len(value) <= MAX_LITERALS:
            return frozenset(chr(code) for _, code in value)
        return None
    if op is _sre.SUBPATTERN and not value[1] and not value[2]:
        return _finite_sequence(value[3])
    if op is _sre.BRANCH:
        strings: frozenset = frozenset()
        for branch in value[1]:
            found = _finite_sequence(branch)
            if found is None:
                return None
            strings |= found
        return strings if len(strings) <= MAX_LITERALS else None
    if op in _REPEATS and value[1] <= 2:  # x?, x{2}, x{1,2}
        inner = _finite_sequence(value[2])
        if inner is None:
            return None
        strings = frozenset(("",)) if value[0] == 0 else frozenset()
        power: Optional[frozenset] = frozenset(("",))
        for count in range(1, value[1] + 1):
            power = _product(power, inner) if power is not None else None
            if power is None:
                return None
            if count >= value[0]:
                strings |= power
        return strings if len(strings) <= MAX_LITERALS else None
    return None


def _finite_sequence(items) -> Optional[frozenset]:
    strings: Optional[frozenset] = frozenset(("",))
    for op, value in items:
        found = _finite(op, value)
        if found is None or strings is None:
            return None
        strings = _product(strings, found)
    return strings


def _necessary(items, limit: int = MAX_LITERALS, few: bool = False) -> Optional[frozenset]:
    """At most ``limit`` strings of which every match of the parsed sequence contains one, or None.

    Consecutive items that each match one of a few strings (literals, small classes,
    optional or alternative fixed words, assertions) are multiplied out: every match
    consumes one of the products, adjacent in the text. A group, an alternation whose every
    branch has its own strings (each branch gets its share of ``limit``), or a repeat of at
    least one gives its own strings. Wildcards, wide classes and back-references end a
    product and give nothing, which is always safe. The most selective candidate is kept,
    or with ``few`` the one of fewest strings (so that many branches still fit together).
    """
    candidates: list = []
    product = frozenset(("",))

    def close() -> None:
        nonlocal product
        if product and min(len(s) for s in product) > 0:
            candidates.append(product)
        product = frozenset(("",))

    for op, value in items:
        fixed = _finite(op, value)
        if fixed is not None and len(fixed) <= limit:
            joined = _product(product, fixed, limit)
            if joined is not None:
                if len(fixed) > 1 and min(len(s) for s in product) > 0:
                    candidates.append(product)  # fewer strings, for ``few``: a match holds this part too
                product = joined
            else:
                close()
                product = fixed
            continue
        close()
        found: Optional[frozenset] = None
        if op is _sre.SUBPATTERN and not value[1] and not value[2]:
            found = _necessary(value[3], limit, few)
        elif op is _sre.ATOMIC_GROUP:
            found = _necessary(value, limit, few)
        elif op is _sre.BRANCH:
            for fewest in (few, True):  # the most selective strings that fit, else the fewest
                branches = [_necessary(branch, limit, fewest) for branch in value[1]]
                if all(branch is not None for branch in branches):
                    found = frozenset().union(*branches)  # type: ignore[arg-type]
                    if len(found) <= limit:
                        break
                    found = None
        elif op in _REPEATS and value[0] >= 1:
            found = _necessary(value[2], limit, few)
        if found and len(found) <= limit:
            candidates.append(found)
    close()
    if not candidates:
        return None
    if few:
        return min(candidates, key=lambda strings: (len(strings), -min(len(s) for s in strings)))
    # The most selective: the longest shortest string, then the fewest strings.
    return max(candidates, key=lambda strings: (min(len(s) for s in strings), -len(strings)))


def _required_literals(pattern: re.Pattern) -> Optional[tuple]:
    """Strings one of which every match of the case-sensitive ``pattern`` contains, or None (module docstring)."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unreadable tree only means no prefilter
        return None
    found = _necessary(list(parsed))
    if not found or len(found) > MAX_LITERALS or min(len(s) for s in found) < MIN_LITERAL_CHARS:
        return None
    # A string containing another is implied by it: keep the shorter only.
    kept = [s for s in found if not any(other != s and other in s for other in found)]
    return tuple(sorted(kept, key=lambda s: (-len(s), s)))


class FoldedPattern:
    """A compiled IGNORECASE pattern with a faster ``found`` for ASCII text (module docstring)."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self._lowered: Optional[re.Pattern] = None
        self._required: Optional[tuple] = None
        if isinstance(pattern.pattern, str) and pattern.flags & re.IGNORECASE:
            source = _folded_source(pattern.pattern)
            if source is not None:
                self._lowered = re.compile(source, pattern.flags & ~re.IGNORECASE)
                self._required = _required_literals(self._lowered)

    def found(self, text: str, lowered: Optional[str] = None) -> bool:
        """``bool(pattern.search(text))``; ``lowered`` is ``lowered_ascii(text)`` when the caller has it already."""
        if self._lowered is not None:
            if lowered is None:
                lowered = lowered_ascii(text)
            if lowered is not None:
                required = self._required
                if required is not None and not any(literal in lowered for literal in required):
                    return False
                return self._lowered.search(lowered) is not None
        return self.pattern.search(text) is not None

    def search(self, text: str, lowered: Optional[str] = None):
        """``pattern.search(text)``, skipping the slow search when the fast one says there is no match."""
        if self._lowered is not None and not self.found(text, lowered):
            return None
        return self.pattern.search(text)


def lowered_ascii(text: str) -> Optional[str]:
    """``text`` lower-cased when it is ASCII (positions unchanged), else None: the fast search does not apply."""
    return text.lower() if text.isascii() else None
