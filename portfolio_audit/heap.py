"""The garbage collector around a long evaluation: what lives before it is left out of every full collection.

An evaluation makes and drops millions of small objects (tokens, units, feature rows), and
CPython's full collections, one each time the surviving objects grow by a quarter, walk every
tracked object alive, including the snapshot, the rules and the imported modules' tables,
which outlive the evaluation anyway. ``gc.freeze`` moves those to a generation no collection
walks, which also keeps forked workers from writing to the pages they share with the parent
(the use the ``gc`` documentation gives it). Nothing is leaked: reference counting still frees
frozen objects, and ``gc.unfreeze`` gives any cycle among them back to the collector at the
end. The result cannot change: no object is freed earlier, only some are walked less often.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def long_lived_frozen() -> Iterator[None]:
    """Freeze what is alive now for the duration of the block (not when another caller already froze objects)."""
    if gc.get_freeze_count():
        # Someone else froze objects (an outer evaluation, the application): unfreezing at the
        # end would undo their freeze, so leave theirs alone and freeze nothing more.
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
