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


def sample(
    candidates: dict[str, Callable[[], object]],
    *,
    rounds: int = 15,
    number: int = 50,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, list[float]]:
    """Seconds per call of each candidate in each round; the rounds alternate candidates.

    ``clock=time.process_time`` measures CPU time instead of elapsed time: for work that only
    computes, on one thread, it leaves out the time the process waited for a busy core.
    """
    for fn in candidates.values():  # warm up: code generation, caches, allocator
        for _ in range(number):
            fn()
    samples: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(rounds):
        for name, fn in candidates.items():
            start = clock()
            for _ in range(number):
                fn()
            samples[name].append((clock() - start) / number)
    return samples


def ratios(samples: dict[str, list[float]], name: str, baseline: str) -> list[float]:
    """``name`` over ``baseline`` in each round: noise that hits a whole round cancels out."""
    return [ours / theirs for ours, theirs in zip(samples[name], samples[baseline], strict=True)]


def spread(values: list[float]) -> tuple[float, float, float]:
    """Median, and the lower and upper quartile, of a list of samples."""
    low, median, high = statistics.quantiles(values, n=4, method="inclusive")
    return median, low, high
