"""Progress reports: rate over the last seconds, and an ETA that respects the rate budget."""

from __future__ import annotations

from webwork_async import BulkProgress, BulkStatus
from webwork_async._bulk import BulkTally


def test_eta_follows_the_budget_not_the_first_burst() -> None:
    reports: list[BulkProgress] = []
    pairs = [(i, 1) for i in range(1, 5001)]
    tally: BulkTally[None] = BulkTally(
        pairs, on_progress=reports.append, on_item=None, budget_rate=lambda: 1.0
    )
    for index in range(60):  # the first burst: 60 in well under a second
        tally.record(index, BulkStatus.SUCCEEDED)
    last = reports[-1]
    assert (last.done, last.failed, last.total) == (60, 0, 5000)
    assert last.rate > 60  # what the burst achieved...
    assert last.eta is not None
    assert last.eta > 4900  # ...but the budget allows 1 per second for the remaining 4,940


def test_without_a_budget_the_eta_follows_the_observed_rate() -> None:
    reports: list[BulkProgress] = []
    tally: BulkTally[None] = BulkTally(
        [(i, 1) for i in range(1, 101)],
        on_progress=reports.append,
        on_item=None,
        budget_rate=lambda: None,
    )
    for index in range(50):
        tally.record(index, BulkStatus.FAILED if index % 10 == 0 else BulkStatus.SUCCEEDED)
    last = reports[-1]
    assert (last.done, last.failed) == (50, 5)
    assert last.eta is not None
    assert last.eta < 1.0


def test_a_pair_is_recorded_once() -> None:
    items: list[object] = []
    tally: BulkTally[None] = BulkTally(
        [(1, 1)], on_progress=None, on_item=items.append, budget_rate=lambda: None
    )
    tally.record(0, BulkStatus.UNKNOWN)
    tally.record(0, BulkStatus.NOT_SENT)
    result = tally.finish()
    assert [item.status for item in result.items] == [BulkStatus.UNKNOWN]
    assert len(items) == 1
