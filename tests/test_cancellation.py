"""Stopping a bulk job halfway leaves an exact account of what was and was not applied."""

from __future__ import annotations

import anyio
import pytest

from webwork_async import AsyncWebWork, BulkItem, BulkStatus, TaskAssignment
from webwork_async.testing import FakeServer, FakeWebWork

# Cancelling a request while httpx sends its body leaves httpx's own body generator
# (ByteStream.__aiter__) unexhausted; trio then warns when it is garbage collected. That
# generator is internal to httpx and cannot be closed from outside it; nothing of the SDK leaks.
pytestmark = [
    pytest.mark.filterwarnings(
        "ignore:Async generator 'httpx._content.ByteStream.__aiter__':ResourceWarning"
    ),
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <async_generator object ByteStream.__aiter__"
        ":pytest.PytestUnraisableExceptionWarning"
    ),
]


def job(fake: FakeWebWork, size: int) -> tuple[int, list[tuple[int, int]]]:
    project_id = fake.add_project("Website")
    user = fake.add_member("ann@example.com", "Ann", "Lee")
    tasks = [fake.add_task(project_id=project_id, title=f"Task {i}") for i in range(size)]
    return project_id, [(task_id, user) for task_id in tasks]


@pytest.mark.anyio
async def test_a_cancelled_bulk_job_accounts_for_every_pair(
    fake: FakeWebWork, server: FakeServer
) -> None:
    fake.latency = 0.05
    project_id, pairs = job(fake, 300)
    heard: list[BulkItem[TaskAssignment]] = []
    async with AsyncWebWork(
        fake.token, workspace_id=1, base_url=server.url, max_concurrency=8
    ) as client:
        with anyio.move_on_after(0.4) as scope:
            await client.tasks.assign_many(pairs, project_id=project_id, on_item=heard.append)
        assert scope.cancelled_caught

        # Exactly one report per pair, none lost, none twice.
        assert sorted(item.index for item in heard) == list(range(300))
        by_status = {status: [i for i in heard if i.status is status] for status in BulkStatus}
        assert by_status[BulkStatus.SUCCEEDED]
        assert by_status[BulkStatus.NOT_SENT]
        assert len(by_status[BulkStatus.UNKNOWN]) <= 8  # at most what was in flight

        # The account matches the server: succeeded were applied once, not-sent never.
        fake.latency = 0.0
        await anyio.sleep(0.1)  # requests cut off in flight may still land on the server
        for item in by_status[BulkStatus.SUCCEEDED]:
            assert fake.applied[("assign", (item.task_id, item.user_id))] == 1
        for item in by_status[BulkStatus.NOT_SENT]:
            assert fake.applied[("assign", (item.task_id, item.user_id))] == 0

        # And the client is still usable: the rest can be finished.
        rest = [(i.task_id, i.user_id) for i in heard if i.status is not BulkStatus.SUCCEEDED]
        finished = await client.tasks.assign_many(rest, project_id=project_id)
        assert finished.ok
    assert all(fake.applied[("assign", pair)] == 1 for pair in pairs)
