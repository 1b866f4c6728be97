"""Under injected transient faults, every pair is applied exactly once, as the result says.

The full soak (10,000 pairs) is ``python benchmarks/soak.py`` or ``pytest -m slow``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from soak import soak


def test_a_short_soak_loses_and_doubles_nothing() -> None:
    report = soak(400, 0.10, retry_after=0, seed=5)
    assert report.faults > 10, report  # faults did happen
    assert report.retries >= report.faults
    assert (report.succeeded, report.failed) == (400, 0)
    assert (report.lost, report.doubled, report.mismatched) == (0, 0, 0)


@pytest.mark.slow
def test_the_full_soak() -> None:
    report = soak(10_000, 0.10)
    assert (report.succeeded, report.failed) == (10_000, 0)
    assert (report.lost, report.doubled, report.mismatched) == (0, 0, 0)
