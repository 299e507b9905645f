"""heap.long_lived_frozen: what lives before an evaluation is frozen during it and given back after."""

from __future__ import annotations

import gc

from portfolio_audit.heap import long_lived_frozen


def test_objects_alive_before_are_frozen_during_the_block_and_unfrozen_after():
    assert gc.get_freeze_count() == 0
    with long_lived_frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_unfrozen_even_when_the_block_raises():
    try:
        with long_lived_frozen():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.get_freeze_count() == 0


def test_a_freeze_made_by_someone_else_is_left_alone():
    gc.freeze()
    try:
        # Frozen objects may still be freed by reference counting, so the count is compared
        # with slack: freezing these young lists would add them all, unfreezing would empty it.
        frozen = gc.get_freeze_count()
        young = [[] for _ in range(10_000)]
        with long_lived_frozen():
            assert gc.get_freeze_count() < frozen + len(young)
        assert gc.get_freeze_count() > frozen // 2  # not unfrozen by the inner block
        del young
    finally:
        gc.unfreeze()
