"""Typed kind parameters: each kind's one class of fields, types, defaults and ranges, built from a rule's ``params``.

A kind declares its parameters once, as a frozen dataclass whose fields are made with
``parameter(...)``; the catalogue builds that class from the rule file's ``params`` when it
loads, so an unknown name, a wrong type or an out-of-range value is refused there, naming
the file (exit 4), instead of failing later as one finding's error. The class default is the
kind's neutral value; a rule's YAML sets the value that rule uses.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from typing import Any, Collection, Mapping, Optional

# Field types a rule file can give (YAML scalars); a float field also takes a YAML integer.
_TYPE_NAMES = {bool: "true or false", int: "a whole number", float: "a number", str: "a text"}
# A hostile rule file's value is quoted in the error only this far.
MAX_SHOWN_VALUE_CHARS = 40


class ParameterError(ValueError):
    """A rule's ``params`` do not fit its kind's parameter class; the message names the parameter."""


def parameter(default: Any, *, at_least: Optional[float] = None, above: Optional[float] = None,
              at_most: Optional[float] = None, choices: Optional[Collection[str]] = None) -> Any:
    """A parameter field: its neutral ``default`` and the values a rule may give it.

    ``at_least``/``at_most`` are inclusive bounds, ``above`` an exclusive lower bound (for a
    divisor or a saturation that must not be 0), ``choices`` the allowed texts.
    """
    return dataclasses.field(default=default, metadata={"at_least": at_least, "above": above, "at_most": at_most,
                                                        "choices": choices})


@dataclasses.dataclass(frozen=True)
class NoParameters:
    """The parameters of a kind that takes none."""


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= MAX_SHOWN_VALUE_CHARS else text[: MAX_SHOWN_VALUE_CHARS - 1] + "…"


def _checked(name: str, expected: type, limits: Mapping, value: Any) -> Any:
    """``value`` as the field's type, or ParameterError saying what the field takes."""
    fits = (isinstance(value, bool) if expected is bool
            else isinstance(value, expected) and not isinstance(value, bool) if expected in (int, str)
            else isinstance(value, (int, float)) and not isinstance(value, bool))
    if not fits:
        raise ParameterError(f"{name} must be {_TYPE_NAMES[expected]}, not {_shown(value)}")
    if expected is float:
        value = float(value)
        if not math.isfinite(value):
            raise ParameterError(f"{name} must be a finite number, not {_shown(value)}")
    if limits.get("choices") is not None and value not in limits["choices"]:
        raise ParameterError(f"{name} must be one of {', '.join(limits['choices'])}, not {_shown(value)}")
    if limits.get("at_least") is not None and value < limits["at_least"]:
        raise ParameterError(f"{name} must be at least {limits['at_least']:g}, not {_shown(value)}")
    if limits.get("above") is not None and value <= limits["above"]:
        raise ParameterError(f"{name} must be above {limits['above']:g}, not {_shown(value)}")
    if limits.get("at_most") is not None and value > limits["at_most"]:
        raise ParameterError(f"{name} must be at most {limits['at_most']:g}, not {_shown(value)}")
    return value


def field_types(parameter_class: type) -> dict:
    """Field name -> declared type (bool, int, float or str) of a parameter class."""
    hints = typing.get_type_hints(parameter_class)
    types = {field.name: hints[field.name] for field in dataclasses.fields(parameter_class)}
    odd = {name: kind for name, kind in types.items() if kind not in _TYPE_NAMES}
    if odd:
        raise TypeError(f"{parameter_class.__name__}: parameter types must be bool, int, float or str: {odd}")
    return types


def build(parameter_class: type, raw: Any) -> Any:
    """An instance of ``parameter_class`` from a rule file's ``params`` mapping, every value checked.

    Missing names take the class default, checked like a given value (so a float field's
    default 48 is 48.0 either way). A class may check values against each other in
    ``__post_init__`` by raising ParameterError (``allowed`` below ``fail``).
    """
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ParameterError(f"params must be a mapping of names to values, not {_shown(raw)}")
    fields = {field.name: field for field in dataclasses.fields(parameter_class)}
    unknown = sorted(str(name) for name in raw if name not in fields)
    if unknown:
        takes = f"it takes {', '.join(sorted(fields))}" if fields else "it takes none"
        raise ParameterError(f"no parameter {', '.join(unknown)} ({takes})")
    types = field_types(parameter_class)
    values = {name: _checked(name, types[name], field.metadata, raw.get(name, field.default))
              for name, field in fields.items()}
    return parameter_class(**values)
