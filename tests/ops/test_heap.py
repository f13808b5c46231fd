"""The collector is settled once per process: long-lived objects frozen, young threshold up."""

from __future__ import annotations

import gc

from reporting_gateway.ops import heap


def test_settle_freezes_once_and_raises_the_young_threshold() -> None:
    heap.settle()
    frozen = gc.get_freeze_count()
    assert frozen > 0 and gc.get_threshold()[0] == heap.YOUNG_THRESHOLD
    kept = [[] for _ in range(10)]  # tracked by the collector: a second freeze would count them
    heap.settle()  # a second app in this process: nothing more is frozen
    assert gc.get_freeze_count() == frozen and kept
