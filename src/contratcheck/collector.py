"""The cyclic garbage collector, turned off for a block of work whose data holds no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_off() -> Iterator[None]:
    """Turn the cyclic collector off for the block; turn it back on after, if it was on.

    contratcheck's data (documents, findings, results) is freed by reference counts: the
    collector only rescans a growing heap, which made loading and batches superlinear
    (PERF.md, issue 15).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
