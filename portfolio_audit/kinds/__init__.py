"""The kind registry: pure evaluators that rules instantiate with parameters.

A kind is ``evaluate(context, params) -> Measurement``. It reads the repository
through ``RepoContext`` (which memoises expensive analyses so ten README rules
parse the README once) and never does I/O or reads the clock.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar, overload

from .parameters import NoParameters, ParameterError, build, field_types, parameter  # noqa: F401 (re-exported)

if TYPE_CHECKING:
    from ..context import RepoContext

# Outcomes a kind may force instead of a score.
NOT_APPLICABLE = "not_applicable"
NOT_AVAILABLE = "not_available"
NOT_ASSESSED = "not_assessed"


@dataclass(frozen=True)
class Evidence:
    """One place a finding is based on. ``path``/``line`` point into the repo."""

    path: Optional[str] = None
    line: Optional[int] = None
    snippet: Optional[str] = None
    note: Optional[str] = None  # what this evidence shows, e.g. "explains why"
    url: Optional[str] = None  # filled in by the engine from the repo's permalink base
    positive: bool = True  # True: counts for the rule; False: counts against it


@dataclass(frozen=True)
class Measurement:
    """What a kind measured. ``score`` is in [0, 1]; None when ``status`` is set."""

    score: Optional[float] = None
    summary: str = ""  # one line: what was measured, in the reader's terms
    evidence: tuple = ()  # Evidence
    values: dict = field(default_factory=dict)  # fills the rule's remediation placeholders
    status: Optional[str] = None  # NOT_APPLICABLE, NOT_AVAILABLE or NOT_ASSESSED
    reason: Optional[str] = None  # why status was set


def not_applicable(reason: str) -> Measurement:
    """A measurement saying the rule does not apply to this repository (a screenshot rule without a UI).

    It leaves every denominator instead of counting as zero.
    """
    return Measurement(status=NOT_APPLICABLE, reason=reason, summary=reason)


def not_available(reason: str) -> Measurement:
    """A measurement saying the data the rule needs could not be seen (no issues for a local folder).

    It leaves every denominator instead of counting as zero.
    """
    return Measurement(status=NOT_AVAILABLE, reason=reason, summary=reason)


def not_assessed(reason: str, evidence: tuple = ()) -> Measurement:
    """A measurement saying the rule cannot read this material (its cues are in another language).

    It leaves every denominator, like not applicable: a README the rule cannot read is never
    scored 0 for it. ``evidence`` may still show what the rule did see.
    """
    return Measurement(status=NOT_ASSESSED, reason=reason, summary=reason, evidence=tuple(evidence))


# A kind is called with the rule's context (a ProfileContext for profile rules, itself a
# RepoContext) and its parameters: an instance of the kind's own parameter class, built and
# checked when the catalogue loads (kinds/parameters.py). The registry holds kinds of every
# parameter class, so it says Any; ``kind`` checks that each function takes its own class.
KindFunction = Callable[["RepoContext", Any], Measurement]
Parameters = TypeVar("Parameters")
TypedKind = Callable[["RepoContext", Parameters], Measurement]  # a kind with its own parameter class

_REGISTRY: dict[str, KindFunction] = {}
# The parameter class of each kind: names, types, defaults and allowed values in one place.
_PARAMETERS: dict[str, type] = {}


@overload
def kind(name: str) -> Callable[[TypedKind[NoParameters]], TypedKind[NoParameters]]: ...
@overload
def kind(name: str, parameters: type[Parameters]) -> Callable[[TypedKind[Parameters]], TypedKind[Parameters]]: ...
def kind(name: str, parameters: type = NoParameters) -> Callable[[KindFunction], KindFunction]:
    """Register ``function`` as the kind ``name``, whose rules give it a ``parameters`` instance."""
    field_types(parameters)  # a parameter class with a type a rule file cannot give fails at import

    def register(function: KindFunction) -> KindFunction:
        if name in _REGISTRY:
            raise ValueError(f"kind {name!r} registered twice")
        _REGISTRY[name] = function
        _PARAMETERS[name] = parameters
        return function

    return register


_ALL_LOADED: list[bool] = []  # set once every kind module is imported; importing one module first must not hide the others


def _load_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    _ALL_LOADED.append(True)


def registry() -> dict[str, KindFunction]:
    """Kind name -> evaluator, for every kind module in this package (imported on first use)."""
    if not _ALL_LOADED:
        _load_all()
    return dict(_REGISTRY)


def parameters_for(name: str, raw) -> Any:
    """The kind ``name``'s parameter instance from a rule file's ``params``; ParameterError names what is wrong."""
    registry()
    return build(_PARAMETERS[name], raw)


def parameter_class(name: str) -> type:
    """The parameter class of the kind ``name``."""
    registry()
    return _PARAMETERS[name]
