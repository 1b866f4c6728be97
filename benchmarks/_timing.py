"""Side-by-side timing: candidates run in interleaved rounds, so machine noise hits all alike."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def compare(
    candidates: dict[str, Callable[[], object]], *, rounds: int = 15, number: int = 50
) -> dict[str, float]:
    """Median seconds per call of each candidate, measured in alternating rounds."""
    for fn in candidates.values():  # warm up: code generation, caches, allocator
        for _ in range(number):
            fn()
    samples: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(rounds):
        for name, fn in candidates.items():
            start = time.perf_counter()
            for _ in range(number):
                fn()
            samples[name].append((time.perf_counter() - start) / number)
    return {name: statistics.median(values) for name, values in samples.items()}


def verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio <= target else "FAIL"
