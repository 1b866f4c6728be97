"""A cancelled async bulk job reports UNKNOWN exactly for the requests that reached the server.

The fake runs in process and applies a request as soon as the transport is handed it, and
the token is set without any await, so "may have reached the server" and "reached it" are
the same set here: the account can be checked exactly against the fake.
"""

from __future__ import annotations

import time
from collections.abc import Generator

import anyio
import httpx
import pytest

from webwork_async import AsyncWebWork, BulkItem, BulkStatus, RateLimit, TaskAssignment
from webwork_async.testing import FakeWebWork

ASSIGN_ROUTE = ("POST", "/tasks/{taskId}/assign/{userId}")


class Bearer(httpx.Auth):
    """A fixed token, set without a lock or an await."""

    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request


def job(fake: FakeWebWork, size: int) -> tuple[int, list[tuple[int, int]]]:
    project_id = fake.add_project("Website")
    user = fake.add_member("ann@example.com", "Ann", "Lee")
    return project_id, [(fake.add_task(project_id, f"T{i}"), user) for i in range(size)]


def connect(fake: FakeWebWork, **options: object) -> AsyncWebWork:
    http = httpx.AsyncClient(transport=fake.transport())
    return AsyncWebWork(Bearer(fake.token), workspace_id=1, http_client=http, **options)  # type: ignore[arg-type]


def check_against_the_fake(
    fake: FakeWebWork, heard: list[BulkItem[TaskAssignment]], size: int
) -> dict[BulkStatus, int]:
    assert sorted(item.index for item in heard) == list(range(size))  # each once
    for item in heard:
        received = fake.applied[("assign", (item.task_id, item.user_id))] == 1
        assert received == (item.status in (BulkStatus.SUCCEEDED, BulkStatus.UNKNOWN)), item
    counts = {status: sum(i.status is status for i in heard) for status in BulkStatus}
    sent = fake.stats.by_route[ASSIGN_ROUTE]
    assert sent == counts[BulkStatus.SUCCEEDED] + counts[BulkStatus.UNKNOWN]
    return counts


@pytest.mark.anyio
async def test_cancelled_in_flight_is_unknown_and_the_rest_not_sent() -> None:
    fake = FakeWebWork(seed=1, latency=0.3)
    project_id, pairs = job(fake, 40)
    heard: list[BulkItem[TaskAssignment]] = []
    async with connect(fake, max_concurrency=4, rate_limit=None) as client:
        with anyio.move_on_after(0.45) as scope:
            await client.tasks.assign_many(pairs, project_id=project_id, on_item=heard.append)
        assert scope.cancelled_caught
        counts = check_against_the_fake(fake, heard, 40)
        assert counts[BulkStatus.UNKNOWN] == 4  # each worker had a request on the wire
        assert counts[BulkStatus.SUCCEEDED] <= 8  # (4 when the clock is kept: 0.3 s each)
        assert counts[BulkStatus.NOT_SENT] == 36 - counts[BulkStatus.SUCCEEDED]
        assert all(item.error is None for item in heard)

        # Still usable; finishing the job applies each remaining pair exactly once.
        fake.latency = 0.0
        rest = [(i.task_id, i.user_id) for i in heard if i.status is not BulkStatus.SUCCEEDED]
        assert (await client.tasks.assign_many(rest, project_id=project_id)).ok
    assert all(fake.applied[("assign", pair)] == 1 for pair in pairs)


@pytest.mark.anyio
async def test_a_worker_waiting_for_the_rate_budget_is_not_sent_and_gives_up_at_once() -> None:
    fake = FakeWebWork(seed=1, latency=0.05)
    project_id, pairs = job(fake, 20)
    heard: list[BulkItem[TaskAssignment]] = []
    async with connect(fake, max_concurrency=4, rate_limit=RateLimit(3, 30.0)) as client:
        started = time.monotonic()
        with anyio.move_on_after(0.5):
            await client.tasks.assign_many(pairs, project_id=project_id, on_item=heard.append)
        assert time.monotonic() - started < 1.5  # the 30 s wait for budget was cut short
    counts = check_against_the_fake(fake, heard, 20)
    # The budget let three go out (answered by then, unless the machine is very slow)...
    assert counts[BulkStatus.SUCCEEDED] + counts[BulkStatus.UNKNOWN] == 3
    assert counts[BulkStatus.NOT_SENT] == 17  # ...and the workers waiting for more gave up
