"""Under injected faults and lying headers, every pair is settled exactly once, as on the server.

The full soak (10,000 pairs) is ``python benchmarks/soak.py`` or ``pytest -m slow``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from soak import soak


def test_a_short_soak_settles_every_pair_exactly_as_the_server_has_it() -> None:
    report = soak(400, 0.10, retry_after=0, seed=5)
    assert report.faults > 10, report  # faults did happen
    assert report.verified > 0, report  # lost answers without retries were read back
    assert report.by_status["unknown"] == report.by_status["not_sent"] == 0, report
    assert (report.lost, report.doubled, report.mismatched) == (0, 0, 0), report
    # Lying pagination: every listing is exact or refused with a typed error, and both happen.
    assert report.listings_wrong == 0, report
    assert report.listings_exact > 0 and report.listings_refused > 0, report
    assert report.ok


@pytest.mark.slow
def test_the_full_soak() -> None:
    report = soak(10_000, 0.10)
    assert report.by_status["unknown"] == report.by_status["not_sent"] == 0, report
    assert (report.lost, report.doubled, report.mismatched, report.listings_wrong) == (0,) * 4
