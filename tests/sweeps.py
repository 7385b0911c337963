"""How much of a sweep a run takes: ``make test`` runs every property example; ``make test-fast`` (which sets
LETTRAGE_TEST_FAST=1) a quarter of them, the same properties on fewer random inputs, to stay a loop a
developer can wait for."""

from __future__ import annotations

import os

FAST_VARIABLE = "LETTRAGE_TEST_FAST"


def examples(full: int) -> int:
    """Hypothesis's ``max_examples`` for a property worth ``full`` examples in the whole suite."""
    if os.environ.get(FAST_VARIABLE) == "1":
        return max(10, full // 4)
    return full
