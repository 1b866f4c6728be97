"""What the bulk job promises about its input and its ends, pinned exactly: the errors that
name a bad input, the time a job reports, and the account an interrupt or a cancellation
carries after a job was stopped early."""

from __future__ import annotations

from typing import Any

import pytest
import respx

from support import BASE_URL, TOKEN, fail, ok
from webwork_async import (
    AsyncWebWork,
    AuthenticationError,
    BulkInterrupted,
    BulkItem,
    BulkProgress,
    BulkStatus,
    InvalidRequestError,
)
from webwork_async._bulk import BulkTally

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    # trio: asyncio lets a KeyboardInterrupt raised in a task escape the event loop itself,
    # so only trio delivers it to the job (the sync client's Ctrl-C has its own tests).
    return "trio"


def client() -> AsyncWebWork:
    return AsyncWebWork(TOKEN, workspace_id=1, rate_limit=None, max_retries=0)


async def test_pairs_that_are_not_an_iterable_are_refused_naming_them() -> None:
    async with client() as c:
        with pytest.raises(InvalidRequestError) as info:
            await c.tasks.assign_many(5, project_id=1)  # type: ignore[arg-type]
    assert (info.value.field, info.value.problem) == (
        "pairs",
        "must be an iterable of (task_id, user_id) pairs",
    )


async def test_a_bad_pair_fails_alone_naming_its_place_and_field() -> None:
    with respx.mock(base_url=BASE_URL) as api:
        api.post(path__regex=r"/tasks/\d+/assign/\d+").mock(return_value=ok({"id": 7}))
        async with client() as c:
            result = await c.tasks.assign_many([(1, 7), (2, "x"), (3,), (-4, 7)], project_id=1)  # type: ignore[list-item]
    bad_user, not_a_pair, bad_task = (result.items[i].error for i in (1, 2, 3))
    assert isinstance(bad_user, InvalidRequestError)
    assert (bad_user.field, bad_user.problem) == (
        "pairs[1].user_id",
        "must be a positive integer id, got str 'x'",
    )
    assert isinstance(not_a_pair, InvalidRequestError)
    assert (not_a_pair.field, not_a_pair.problem) == (
        "pairs[2]",
        "must be a (task_id, user_id) pair, got (3,)",
    )
    assert isinstance(bad_task, InvalidRequestError)
    assert bad_task.field == "pairs[3].task_id"
    assert [item.status for item in result.items] == [
        BulkStatus.SUCCEEDED,
        BulkStatus.FAILED,
        BulkStatus.FAILED,
        BulkStatus.FAILED,
    ]


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_elapsed_is_counted_from_the_start_of_the_job() -> None:
    clock = Clock(1000.0)  # a clock that does not start at zero, like time.monotonic
    reports: list[BulkProgress] = []
    tally: BulkTally[None] = BulkTally(
        [(1, 7), (2, 7)],
        on_progress=reports.append,
        on_item=None,
        budget_rate=lambda: None,
        clock=clock,
    )
    clock.now = 1004.0
    tally.record(0, BulkStatus.SUCCEEDED)
    assert reports[-1].elapsed == 4.0
    clock.now = 1010.0
    assert tally.finish().elapsed == 10.0


def halting_job(api: respx.MockRouter) -> list[tuple[int, int]]:
    # The first assignment meets a 401, which stops the job; the others are never sent.
    api.post(path__regex=r"/tasks/\d+/assign/\d+").mock(return_value=fail(401, "Unauthenticated."))
    return [(1, 7), (2, 7), (3, 7)]


async def test_an_interrupt_after_an_early_stop_carries_the_whole_account() -> None:
    heard: list[BulkItem[Any]] = []

    def interrupt_on_the_refusal(item: BulkItem[Any]) -> None:
        heard.append(item)
        if item.status is BulkStatus.FAILED:
            raise KeyboardInterrupt

    with respx.mock(base_url=BASE_URL) as api:
        pairs = halting_job(api)
        async with AsyncWebWork(TOKEN, workspace_id=1, max_retries=0) as c:
            with pytest.raises(BulkInterrupted) as info:
                await c.tasks.assign_many(
                    pairs, project_id=1, concurrency=1, on_item=interrupt_on_the_refusal
                )
    result = info.value.result
    assert [item.status for item in result.items] == [
        BulkStatus.FAILED,
        BulkStatus.NOT_SENT,
        BulkStatus.NOT_SENT,
    ]
    # The items never sent carry the error that stopped the job, so the account says why.
    assert all(isinstance(item.error, AuthenticationError) for item in result.items)
    assert len(heard) == 3


async def test_a_cancellation_after_an_early_stop_reports_why_the_rest_were_not_sent() -> None:
    heard: list[BulkItem[Any]] = []

    class Stop(BaseException):
        pass

    def stop_on_the_refusal(item: BulkItem[Any]) -> None:
        heard.append(item)
        if item.status is BulkStatus.FAILED:
            raise Stop

    with respx.mock(base_url=BASE_URL) as api:
        pairs = halting_job(api)
        async with AsyncWebWork(TOKEN, workspace_id=1, max_retries=0) as c:
            with pytest.raises(Stop):
                await c.tasks.assign_many(
                    pairs, project_id=1, concurrency=1, on_item=stop_on_the_refusal
                )
    assert [item.status for item in heard] == [
        BulkStatus.FAILED,
        BulkStatus.NOT_SENT,
        BulkStatus.NOT_SENT,
    ]
    assert all(isinstance(item.error, AuthenticationError) for item in heard)
