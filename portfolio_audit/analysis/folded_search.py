"""Case-insensitive searches answered case-sensitively over lower-cased ASCII text, where that is provably the same answer.

Python's ``re`` cannot skip ahead to candidate characters under IGNORECASE, so a long
alternation is tried at every position of a paragraph; the same pattern compiled
case-sensitively and run over the lower-cased text is 2-4 times faster on the
benchmark tree's documents. The two agree when

- the text is ASCII, or the pattern is and the text holds none of the four characters
  (``ASCII_PARTNERS``) that IGNORECASE matches with an ASCII letter or whose lower case
  is longer: lower-casing then changes no length or position, turns no character into
  one the pattern could only meet under IGNORECASE, and keeps every character's class
  (word, digit, space) for ``\\w``, ``\\b`` and ``\\s``;
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

Where they are found, the lowered pattern runs led by a lookahead for the characters a
match can begin with (``_first_chars``): a position whose character cannot begin one fails
on that one test, not on every branch of the alternation (4x on the starter-code marks).

ASCII text is searched only with the pattern's top-level branches that can match it
(``_ascii_branches``): a branch every match of which consumes a character outside ASCII
(Korean, Chinese or Cyrillic words in a pattern of many languages' words) cannot be found
there, so leaving it out cannot change whether the pattern is found. A pattern of such
branches only is never found in ASCII text, with or without IGNORECASE.
"""

from __future__ import annotations

import re
import re._constants as _sre  # type: ignore[import-not-found]  # the parse tree's opcodes; read only
import re._parser as _sre_parse  # type: ignore[import-not-found]
from typing import Optional

_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")
# The only characters outside ASCII that IGNORECASE matches with an ASCII one (dotted capital I,
# dotless i, long s, the Kelvin sign), the first also the only one whose lower case is two
# characters; tests/test_document_cache.py finds them again over every code point.
ASCII_PARTNERS = "\u0130\u0131\u017f\u212a"
_ASCII_PARTNER = re.compile(f"[{ASCII_PARTNERS}]")
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


def _union(branches, read) -> Optional[frozenset]:
    """The union of ``read(branch)`` over an alternation's branches, or None when one of them gives None."""
    strings: frozenset = frozenset()
    for branch in branches:
        found = read(branch)
        if found is None:
            return None
        strings |= found
    return strings


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
        strings = _union(value[1], _finite_sequence)
        return strings if strings is not None and len(strings) <= MAX_LITERALS else None
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


# A lookahead of more characters than this saves too little to be worth its test.
MAX_FIRST_CHARS = 40


def _first_chars(items) -> Optional[frozenset]:
    """Every character a match of the parsed sequence can begin with, or None (any, or it can match "")."""
    for op, value in items:
        if op is _sre.AT:
            continue  # \b, ^ consume nothing: the next item begins the match
        if op is _sre.LITERAL:
            return frozenset((chr(value),))
        if op is _sre.IN:
            chars: set = set()
            for kind, code in value:
                if kind is _sre.LITERAL:
                    chars.add(chr(code))
                elif kind is _sre.RANGE and code[1] - code[0] < MAX_FIRST_CHARS:
                    chars.update(chr(point) for point in range(code[0], code[1] + 1))
                else:
                    return None  # a negated class, a category (\w, \s) or a wide range: any character
            return frozenset(chars)
        if op is _sre.SUBPATTERN and not value[1] and not value[2]:
            return _first_chars(value[3])
        if op is _sre.ATOMIC_GROUP:
            return _first_chars(value)
        if op is _sre.BRANCH:
            return _union(value[1], _first_chars)
        if op in _REPEATS and value[0] >= 1:
            return _first_chars(value[2])
        return None  # an optional item, a lookaround, a wildcard, a back-reference: no promise
    return None  # only assertions: the match is empty


def _leading(items) -> Optional[frozenset]:
    """Strings one of which every match of the parsed sequence begins with (its fixed first letters), or None."""
    prefixes = frozenset(("",))
    for op, value in items:
        fixed = _finite(op, value)  # a literal, a small class, fixed words, an assertion (""), as in _necessary
        if fixed is not None:
            joined = _product(prefixes, fixed)
            if joined is None:
                break
            prefixes = joined
            continue
        if prefixes != frozenset(("",)):
            break  # the fixed letters so far begin every match
        found: Optional[frozenset] = None
        if op is _sre.SUBPATTERN and not value[1] and not value[2]:
            found = _leading(value[3])
        elif op is _sre.ATOMIC_GROUP:
            found = _leading(value)
        elif op is _sre.BRANCH:
            found = _union(value[1], _leading)
        elif op in _REPEATS and value[0] >= 1:
            found = _leading(value[2])
        return found
    return prefixes if all(prefixes) else None


def _leading_literals(pattern: re.Pattern) -> Optional[tuple]:
    """The strings every match of ``pattern`` begins with, none a prefix of another, or None when they are too short or many.

    Every position where a match can begin is where one of them is found, and no two of
    them are found at one position: ``FoldedPattern.found`` tries the pattern only there.
    """
    try:
        found = _leading(list(_sre_parse.parse(pattern.pattern, pattern.flags)))
    except Exception:  # noqa: BLE001 - an unreadable tree only means no shortcut
        return None
    if not found or min(len(s) for s in found) < MIN_LITERAL_CHARS:
        return None
    for length in range(max(len(s) for s in found), MIN_LITERAL_CHARS - 1, -1):
        cut = {s[:length] for s in found}  # the first letters of a match's first letters still begin it
        if len(cut) <= MAX_LITERALS:
            return tuple(sorted(s for s in cut if not any(other != s and s.startswith(other) for other in cut)))
    return None


def _led_by_first_chars(pattern: re.Pattern) -> re.Pattern:
    """``pattern`` behind a lookahead for the characters its matches begin with (the same matches), or itself."""
    try:
        first = _first_chars(list(_sre_parse.parse(pattern.pattern, pattern.flags)))
    except Exception:  # noqa: BLE001 - an unreadable tree only means no lookahead
        return pattern
    if not first or len(first) > MAX_FIRST_CHARS:
        return pattern
    chars = "".join(re.escape(char) for char in sorted(first))
    return re.compile(f"(?=[{chars}])(?:{pattern.pattern})", pattern.flags)


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


# Sources whose branches are not read apart: inline flags apply to every branch, and a group
# numbered, named or referred to in one branch ties it to the others.
_UNSPLITTABLE = re.compile(r"\\[1-9]|\(\?P|\(\?\(|\(\?[aiLmsux-]")


def _top_level_branches(source: str) -> Optional[list]:
    """``source`` split at each ``|`` outside groups and classes, or None when it is one branch or not safely split."""
    branches, start, depth, index, in_class = [], 0, 0, 0, False
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            if source[index + 1:index + 2] == "]" or source[index + 1:index + 3] == "^]":
                return None  # a class opening with a literal "]": not worth tracking where it ends
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(source[start:index])
            start = index + 1
        index += 1
    branches.append(source[start:])
    return branches if len(branches) > 1 else None


def _never_ascii_char(code: int, ignorecase: bool) -> bool:
    """Can the character ``code`` of a pattern match no ASCII character (ASCII_PARTNERS do under IGNORECASE)?"""
    return code >= 0x80 and not (ignorecase and chr(code) in ASCII_PARTNERS)


def _needs_non_ascii(items, ignorecase: bool) -> bool:
    """Does every match of the parsed sequence consume a character outside ASCII (so none is found in ASCII text)?

    A literal or a class of literals and ranges outside ASCII, or a group, alternation or
    repeat of at least one made only of such items. Anything else (a wildcard, a category, a
    negated class, an assertion, an optional item) may match ASCII, which is always safe.
    """
    for op, value in items:
        if op is _sre.LITERAL:
            needed = _never_ascii_char(value, ignorecase)
        elif op is _sre.IN:
            needed = bool(value) and all(
                (kind is _sre.LITERAL and _never_ascii_char(code, ignorecase))
                or (kind is _sre.RANGE and code[0] >= 0x80
                    and not (ignorecase and any(code[0] <= ord(partner) <= code[1] for partner in ASCII_PARTNERS)))
                for kind, code in value)
        elif op is _sre.SUBPATTERN:
            needed = not value[1] and not value[2] and _needs_non_ascii(value[3], ignorecase)
        elif op is _sre.ATOMIC_GROUP:
            needed = _needs_non_ascii(value, ignorecase)
        elif op is _sre.BRANCH:
            needed = all(_needs_non_ascii(branch, ignorecase) for branch in value[1])
        elif op in _REPEATS and value[0] >= 1:
            needed = _needs_non_ascii(value[2], ignorecase)
        else:
            needed = False
        if needed:
            return True
    return False


def _ascii_branches(pattern: re.Pattern) -> Optional[str]:
    """The source of ``pattern``'s top-level branches that can match ASCII text ("" for none), or None when all can."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.VERBOSE or _UNSPLITTABLE.search(pattern.pattern):
        return None
    branches = _top_level_branches(pattern.pattern)
    if branches is None:
        return None
    ignorecase = bool(pattern.flags & re.IGNORECASE)
    kept = []
    for branch in branches:
        try:
            needed = _needs_non_ascii(list(_sre_parse.parse(branch, pattern.flags)), ignorecase)
        except Exception:  # noqa: BLE001 - a branch that cannot be read alone is kept
            needed = False
        if not needed:
            kept.append(branch)
    return None if len(kept) == len(branches) else "|".join(kept)


# A case-sensitive pattern's required literals are a prefilter when there are at most this many,
# none shorter than this ("org.thymeleaf", "import javax.swing"; not "include" or "from ").
MAX_SENSITIVE_LITERALS = 8
MIN_SENSITIVE_LITERAL_CHARS = 8


class _LoweredSearch:
    """A lowered, case-sensitive pattern with its prefilters: the fast answer over lowered text (module docstring)."""

    def __init__(self, lowered: re.Pattern):
        self.required = _required_literals(lowered)
        self.leading = _leading_literals(lowered)
        self.pattern = _led_by_first_chars(lowered)

    def found(self, lowered: str) -> bool:
        required = self.required
        if required is not None:
            # A plain loop: this test runs for most searches, and a generator costs a third more.
            for literal in required:
                if literal in lowered:
                    break
            else:
                return False
        if self.leading is not None:
            # Try the pattern only where a match can begin: str.find skips the rest.
            match = self.pattern.match
            for literal in self.leading:
                at = lowered.find(literal)
                while at != -1:
                    if match(lowered, at):
                        return True
                    at = lowered.find(literal, at + 1)
            return False
        return self.pattern.search(lowered) is not None


class FoldedPattern:
    """A compiled pattern with a faster ``found``: IGNORECASE over lower-cased text, ASCII text with fewer branches, rare literals first."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self._lowered: Optional[re.Pattern] = None
        self._required: Optional[tuple] = None
        self._leading: Optional[tuple] = None
        self._ascii = False  # an ASCII pattern is searched fast over lowered non-ASCII text too
        self._search: Optional[_LoweredSearch] = None
        # ASCII text, when some top-level branches cannot match it: never found (no branch can), or
        # searched with the branches that can (when they fold).
        self._never_in_ascii = False
        self._ascii_search: Optional[_LoweredSearch] = None
        if isinstance(pattern.pattern, str) and pattern.flags & re.IGNORECASE:
            source = _folded_source(pattern.pattern)
            if source is not None:
                self._ascii = source.isascii()
                self._search = _LoweredSearch(re.compile(source, pattern.flags & ~re.IGNORECASE))
                self._required, self._leading, self._lowered = (
                    self._search.required, self._search.leading, self._search.pattern)
        pruned = _ascii_branches(pattern)
        if pruned == "":
            self._never_in_ascii = True
        elif pruned is not None and pattern.flags & re.IGNORECASE:
            folded = _folded_source(pruned)
            if folded is not None:
                self._ascii_search = _LoweredSearch(re.compile(folded, pattern.flags & ~re.IGNORECASE))
        # A case-sensitive pattern is searched only in text holding one of its required literals,
        # when they are few and long enough to be rare (words most texts hold would only add a scan).
        self._sensitive_required: Optional[tuple] = None
        if isinstance(pattern.pattern, str) and not pattern.flags & re.IGNORECASE:
            required = _required_literals(pattern)
            if (required is not None and len(required) <= MAX_SENSITIVE_LITERALS
                    and min(len(literal) for literal in required) >= MIN_SENSITIVE_LITERAL_CHARS):
                self._sensitive_required = required
        self._fast = (self._search is not None or self._never_in_ascii or self._ascii_search is not None
                      or self._sensitive_required is not None)

    def found(self, text: str, lowered: Optional[str] = None) -> bool:
        """``bool(pattern.search(text))``; ``lowered`` is ``lowered_ascii(text)`` when the caller has it already."""
        if (self._never_in_ascii or self._ascii_search is not None) and text.isascii():
            if self._ascii_search is None:
                return False
            return self._ascii_search.found(text.lower() if lowered is None else lowered)
        if self._search is not None:
            if lowered is None:
                lowered = lowered_ascii(text)
            if lowered is not None and (self._ascii or text.isascii()):
                return self._search.found(lowered)
        required = self._sensitive_required
        if required is not None:
            for literal in required:
                if literal in text:
                    break
            else:
                return False
        return self.pattern.search(text) is not None

    def search(self, text: str, lowered: Optional[str] = None):
        """``pattern.search(text)``, skipping the slow search when the fast one says there is no match."""
        if self._fast and not self.found(text, lowered):
            return None
        return self.pattern.search(text)


def lowered_ascii(text: str) -> Optional[str]:
    """``text`` lower-cased when that keeps every position and meets an ASCII pattern as IGNORECASE would, else None.

    That is: ASCII text, or text without ``ASCII_PARTNERS`` (which ``FoldedPattern`` uses
    only for ASCII patterns). None means the fast search does not apply.
    """
    if text.isascii() or not _ASCII_PARTNER.search(text):
        return text.lower()
    return None
