"""The bulk bookkeeping, pinned exactly: states from traces, what stops a job, the tally's
counts, order and callbacks, the progress rate window and the ETA."""

from __future__ import annotations

import pickle

import httpx
import pytest

from webwork_async import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BulkError,
    BulkInterrupted,
    BulkItem,
    BulkProgress,
    BulkResult,
    BulkStatus,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ResponseDecodeError,
)
from webwork_async._bulk import MIN_RATE_SPAN, RATE_WINDOW, BulkTally, halts_job, status_after
from webwork_async._trace import CallTrace

S, F, U, N = BulkStatus.SUCCEEDED, BulkStatus.FAILED, BulkStatus.UNKNOWN, BulkStatus.NOT_SENT
WHERE = {"method": "POST", "url": "https://api.example/tasks/1/assign/2"}


def trace(*, in_flight: bool = False, uncertain: bool = False, attempts: int = 0) -> CallTrace:
    made = CallTrace()
    for _ in range(attempts):
        made.in_flight = True
        made.in_flight = False
    made.in_flight = in_flight
    made.uncertain = uncertain
    return made


def connection() -> APIConnectionError:
    return APIConnectionError("disconnected", **WHERE)


def status(cls: type[NotFoundError] | type[InternalServerError], code: int) -> Exception:
    return cls("no", status_code=code, **WHERE)


def undecodable(code: int) -> ResponseDecodeError:
    return ResponseDecodeError("not JSON", status_code=code, **WHERE)


# -- states ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("made", "error", "expected"),
    [
        # Nothing went out: the error says whether the server answered.
        (trace(), connection(), N),
        (trace(), httpx.ConnectError("refused"), N),
        (trace(), status(NotFoundError, 404), F),
        (trace(), InvalidRequestError("user_id", "bad"), F),
        (trace(), RuntimeError("client closed"), N),
        (trace(), LookupError("provider failed"), N),
        # A success status with an unreadable body was accepted; other statuses were not.
        (trace(), undecodable(200), U),
        (trace(), undecodable(299), U),
        (trace(), undecodable(300), F),
        (trace(), undecodable(199), F),
        # The failing attempt was on the wire.
        (trace(in_flight=True, attempts=1), connection(), U),
        (trace(in_flight=True, attempts=1), APITimeoutError("timed out", **WHERE), U),
        (trace(in_flight=True, attempts=1), httpx.ReadError("reset"), U),
        # ... but a client error then was raised before the bytes left (the auth flow).
        (trace(in_flight=True, attempts=1), RuntimeError("provider failed"), N),
        # An earlier attempt left in doubt: whatever the last answer, it may have applied.
        (trace(uncertain=True, attempts=2), status(NotFoundError, 404), U),
        (trace(uncertain=True, attempts=3), status(InternalServerError, 502), U),
        (trace(uncertain=True, attempts=1), connection(), U),
        (trace(uncertain=True, attempts=1), RuntimeError("closed"), U),
        # An attempt was answered, then the client raised (a response hook): may have applied.
        (trace(attempts=1), RuntimeError("hook failed"), U),
        (trace(attempts=1), status(NotFoundError, 404), F),
        (trace(attempts=1), connection(), N),
    ],
)
def test_the_state_of_an_item_follows_from_its_trace(
    made: CallTrace, error: Exception, expected: BulkStatus
) -> None:
    assert status_after(made, error) is expected


@pytest.mark.parametrize(
    ("error", "halts"),
    [
        (AuthenticationError("Unauthenticated.", status_code=401, **WHERE), True),
        (RuntimeError("this WebWork is closed"), True),
        (LookupError("provider failed"), True),
        (InvalidRequestError("user_id", "bad"), False),
        (connection(), False),
        (httpx.ReadError("reset"), False),
        (status(NotFoundError, 404), False),
        (PermissionDeniedError("no", status_code=403, **WHERE), False),
        (status(InternalServerError, 500), False),
        (undecodable(200), False),
    ],
)
def test_what_stops_a_job(error: Exception, halts: bool) -> None:
    assert halts_job(error) is halts


def test_a_trace_counts_attempts_each_time_one_goes_out() -> None:
    made = CallTrace()
    assert (made.attempts, made.may_have_applied()) == (0, False)
    made.in_flight = True
    made.in_flight = True  # still the same attempt
    assert (made.attempts, made.may_have_applied()) == (1, True)
    made.in_flight = False
    assert (made.attempts, made.may_have_applied()) == (1, False)
    made.in_flight = True
    assert made.attempts == 2
    made.in_flight = False
    made.uncertain = True
    assert made.may_have_applied()
    assert repr(made) == "CallTrace(in_flight=False, uncertain=True, attempts=2)"


# -- the tally ------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Job:
    def __init__(self, size: int, budget: float | None = None) -> None:
        self.clock = Clock()
        self.reports: list[BulkProgress] = []
        self.heard: list[BulkItem[str]] = []
        self.tally: BulkTally[str] = BulkTally(
            [(100 + i, 7) for i in range(size)],
            on_progress=self.reports.append,
            on_item=self.heard.append,
            budget_rate=lambda: budget,
            clock=self.clock,
        )

    def at(self, now: float, index: int, state: BulkStatus = S) -> BulkProgress:
        self.clock.now = now
        self.tally.record(index, state)
        return self.reports[-1]


def test_the_constants() -> None:
    assert (RATE_WINDOW, MIN_RATE_SPAN) == (10.0, 1e-3)


def test_the_rate_counts_the_last_ten_seconds_of_a_job_older_than_that() -> None:
    job = Job(10)
    assert job.at(5.0, 0) == BulkProgress(1, 0, 10, 5.0, 0.2, 45.0)  # 1 item in 5 s
    # At 15 the window opens at 5: the item settled then still counts.
    assert job.at(15.0, 1) == BulkProgress(2, 0, 10, 15.0, 0.2, 40.0)
    # At 16 it has left the window.
    assert job.at(16.0, 2, F) == BulkProgress(3, 1, 10, 16.0, 0.2, 35.0)
    # After a long pause one item is one item per ten seconds, not a burst.
    assert job.at(40.0, 3) == BulkProgress(4, 1, 10, 40.0, 0.1, 60.0)


def test_the_rate_of_a_young_job_is_over_its_age_and_never_divides_by_zero() -> None:
    job = Job(5)
    assert job.at(0.0, 0) == BulkProgress(1, 0, 5, 0.0, 1000.0, 0.004)
    assert job.at(0.0, 1) == BulkProgress(2, 0, 5, 0.0, 2000.0, 0.0015)
    assert job.at(4.0, 2) == BulkProgress(3, 0, 5, 4.0, 0.75, 2 / 0.75)


def test_the_eta_follows_the_budget_when_it_is_slower_than_the_rate() -> None:
    slow = Job(101, budget=0.5)
    assert slow.at(1.0, 0) == BulkProgress(1, 0, 101, 1.0, 1.0, 200.0)
    fast = Job(101, budget=5.0)
    assert fast.at(1.0, 0) == BulkProgress(1, 0, 101, 1.0, 1.0, 100.0)
    last = Job(1, budget=0.5)
    assert last.at(1.0, 0).eta == 0.0


def test_only_settled_items_count_as_done_and_every_item_is_heard_once_in_order_given() -> None:
    job = Job(6)
    error = ValueError("why")
    job.at(1.0, 3)
    job.tally.record(1, N, error=error)
    job.tally.record(2, U)
    job.at(2.0, 0, F)
    assert [r.done for r in job.reports] == [1, 2]
    assert [r.failed for r in job.reports] == [0, 1]
    assert [(i.index, i.status) for i in job.heard] == [(3, S), (1, N), (2, U), (0, F)]
    job.tally.record(3, F)  # a second report of an item is ignored
    assert len(job.heard) == 4
    assert len(job.reports) == 2
    result = job.tally.finish()
    assert [(i.index, i.status) for i in result.items] == [
        (0, F),
        (1, N),
        (2, U),
        (3, S),
        (4, N),
        (5, N),
    ]
    assert result.items[1].error is error
    assert [i.task_id for i in result.items] == [100, 101, 102, 103, 104, 105]
    assert len(job.heard) == 6


def test_held_items_are_heard_once_when_settled_or_at_the_end() -> None:
    job = Job(5)
    lost, rejected = ConnectionError("lost"), ValueError("404")
    read_failed = RuntimeError("read")
    for index in range(4):
        job.tally.start(index)
    job.tally.hold(0, lost)
    job.tally.hold(1, rejected)
    job.tally.hold(2, lost)
    assert job.tally.held() == {0: lost, 1: rejected, 2: lost}
    assert job.heard == []
    job.clock.now = 3.0
    job.tally.record(0, S, "read back", verified=True)
    job.tally.record(1, F, error=rejected, verified=True)
    job.tally.record(2, U, error=lost, verify_error=read_failed)
    assert job.tally.held() == {}
    assert [(r.done, r.failed) for r in job.reports] == [(1, 0), (2, 1)]
    job.tally.hold(0, lost)  # settled already: ignored
    assert job.tally.held() == {}

    job.clock.now = 4.0
    result = job.tally.finish(unsent_error=read_failed)
    states = [(i.status, i.value, i.error, i.verified, i.verify_error) for i in result.items]
    assert states == [
        (S, "read back", None, True, None),
        (F, None, rejected, True, None),
        (U, None, lost, False, read_failed),
        (U, None, None, False, None),  # started, never ended: its request may still go out
        (N, None, read_failed, False, None),  # never started: carries why the job stopped
    ]
    assert [i.index for i in job.heard] == [0, 1, 2, 3, 4]
    assert result.verified == list(result.items[:2])
    assert result.elapsed == 4.0


def test_an_item_held_when_the_job_ends_is_unknown_with_its_error() -> None:
    job = Job(2)
    lost = ConnectionError("lost")
    job.tally.start(0)
    job.tally.hold(0, lost)
    result = job.tally.finish()
    assert (result.items[0].status, result.items[0].error) == (U, lost)
    assert (result.items[1].status, result.items[1].error) == (N, None)


def test_nothing_changes_after_the_end() -> None:
    job = Job(3)
    job.at(1.0, 0)
    job.tally.start(1)
    job.clock.now = 2.0
    first = job.tally.finish()
    job.clock.now = 9.0
    job.tally.record(1, S)  # an abandoned worker ending late
    job.tally.hold(2, None)
    again = job.tally.finish(unsent_error=ValueError("later"))
    assert again == first
    assert first.elapsed == 2.0
    assert [i.status for i in first.items] == [S, U, N]
    assert len(job.heard) == 3
    assert len(job.reports) == 1


# -- the result -----------------------------------------------------------------------------


def item(index: int, state: BulkStatus, *, verified: bool = False) -> BulkItem[None]:
    return BulkItem(index, index + 1, 7, state, verified=verified)


def test_the_result_groups_and_counts_in_order() -> None:
    items = (
        item(0, S),
        item(1, F, verified=True),
        item(2, N),
        item(3, U),
        item(4, S, verified=True),
        item(5, F),
    )
    result = BulkResult(items=items, elapsed=1.234)
    assert result.counts() == {"succeeded": 2, "failed": 2, "not_sent": 1, "unknown": 1}
    assert list(result.counts()) == ["succeeded", "failed", "not_sent", "unknown"]
    assert [i.index for i in result.succeeded] == [0, 4]
    assert [i.index for i in result.failed] == [1, 5]
    assert [i.index for i in result.not_sent] == [2]
    assert [i.index for i in result.unknown] == [3]
    assert [i.index for i in result.verified] == [1, 4]
    assert repr(result) == (
        "BulkResult(succeeded=2, failed=2, not_sent=1, unknown=1, verified=2, elapsed=1.23s)"
    )
    assert not result.ok
    with pytest.raises(BulkError, match=r"^2 of 6 failed, 1 not sent, 1 unknown$") as info:
        result.raise_for_errors()
    assert info.value.result is result


def test_a_result_that_is_all_success() -> None:
    result = BulkResult(items=(item(0, S), item(1, S)), elapsed=0.5)
    assert result.ok
    result.raise_for_errors()
    assert repr(result) == (
        "BulkResult(succeeded=2, failed=0, not_sent=0, unknown=0, elapsed=0.50s)"
    )
    assert str(BulkError(BulkResult(items=(item(0, F),), elapsed=0.0))) == "1 of 1 failed"
    only_unknown = BulkResult(items=(item(0, S), item(1, U)), elapsed=0.0)
    assert not only_unknown.ok
    assert str(BulkError(only_unknown)) == "0 of 2 failed, 1 unknown"


def test_bulk_errors_pickle_and_say_what_happened() -> None:
    result = BulkResult(items=(item(0, S), item(1, F), item(2, N)), elapsed=0.25)
    error = pickle.loads(pickle.dumps(BulkError(result)))
    assert isinstance(error, BulkError)
    assert error.result == result
    assert str(error) == "1 of 3 failed, 1 not sent"
    interrupted = BulkInterrupted(result)
    assert isinstance(interrupted, KeyboardInterrupt)
    assert interrupted.result is result
    assert str(interrupted) == (
        "bulk job interrupted: "
        "BulkResult(succeeded=1, failed=1, not_sent=1, unknown=0, elapsed=0.25s)"
    )
