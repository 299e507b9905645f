"""English wording shared by kinds, renderers and the command line: a count with its noun."""

from __future__ import annotations

from typing import Optional


def count_of(number: int, singular: str, plural: Optional[str] = None) -> str:
    """``number`` with its noun in the right form: "1 repository", "0 repositories", "3 passages".

    The plural is ``singular + "s"`` unless given; "(s)" reads as a form left unfilled.
    """
    noun = singular if number == 1 else (plural or f"{singular}s")
    return f"{number} {noun}"


def listing(names: list[str]) -> str:
    """Names as a sentence lists them: "a", "a and b", "a, b and c"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
