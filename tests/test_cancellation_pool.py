"""Cancelled work leaves nothing behind: no request still owns a connection, no stray task,
and a dropped keep-alive connection is retried transparently for safe requests."""

from __future__ import annotations

import asyncio
from typing import Any

import anyio
import pytest

from webwork_async import AsyncWebWork, WebWork
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


def pool_is_idle(client: AsyncWebWork | WebWork) -> bool:
    """No request waiting for or holding a connection in any of the client's pools."""
    busy = busy_in_pools(client)
    assert not busy, busy  # the states, to tell which request or connection was left behind
    return True


def busy_in_pools(client: AsyncWebWork | WebWork) -> list[str]:
    """Connections requests hold in the SDK's own pool; in httpcore's pools, requests still
    queued, and connections with a socket that are neither idle nor closed. A connection
    httpcore created for a request that was cancelled before it connected has no socket
    (nobody owns it, nothing leaks) and is not counted."""
    busy: list[str] = []
    transport: Any = client._http._transport
    shards = transport._shards if hasattr(transport, "_shards") else []
    if hasattr(transport, "_own"):  # the SDK's own pool, and httpcore's while intercepted
        if transport._own.in_use():
            busy.append(f"{transport._own.in_use()} connections held by requests")
        if transport._intercepted is not None:
            shards = transport._intercepted._shards
    for shard in shards:
        pool = shard._pool
        busy += [f"queued request {r!r}" for r in pool._requests]
        busy += [
            f"connection {c!r}"
            for c in pool.connections
            if c._connection is not None and not (c.is_idle() or c.is_closed())
        ]
    return busy


@pytest.mark.anyio
async def test_cancelling_a_listing_returns_the_pool_to_idle(
    fake: FakeWebWork, server: FakeServer
) -> None:
    info = fake.seed_workspace(projects=1, tasks_per_project=3_000, members=3, days=0)
    fake.latency = 0.05
    async with AsyncWebWork(fake.token, workspace_id=1, base_url=server.url) as client:
        seen = 0
        with anyio.move_on_after(0.25):
            async for _ in client.tasks.list(project_id=info.project_ids[0], per_page=20):
                seen += 1
        assert 0 < seen < 3_000
        assert pool_is_idle(client)
        with anyio.move_on_after(0.2):
            await client.tasks.list(project_id=info.project_ids[0], per_page=20).to_list()
        assert pool_is_idle(client)
        # Still fully usable afterwards.
        fake.latency = 0.0
        tasks = await client.tasks.list(project_id=info.project_ids[0]).to_list()
    assert len(tasks) == 3_000


@pytest.mark.anyio
async def test_cancelling_a_bulk_job_leaves_no_task_or_connection_behind(
    fake: FakeWebWork, server: FakeServer
) -> None:
    fake.latency = 0.05
    project_id = fake.add_project("Website")
    user = fake.add_member("ann@example.com", "Ann", "Lee")
    pairs = [(fake.add_task(project_id=project_id, title=f"T{i}"), user) for i in range(500)]
    tasks_before = running_tasks()
    async with AsyncWebWork(
        fake.token, workspace_id=1, base_url=server.url, max_concurrency=32
    ) as client:
        with anyio.move_on_after(0.3) as scope:
            await client.tasks.assign_many(pairs, project_id=project_id)
        assert scope.cancelled_caught
        assert pool_is_idle(client)
        assert running_tasks() == tasks_before  # every worker was waited for


def running_tasks() -> set[object] | None:
    """The asyncio tasks alive now (None under trio, whose nurseries make strays impossible)."""
    try:
        return set(asyncio.all_tasks())
    except RuntimeError:
        return None


def test_a_dropped_keep_alive_connection_is_retried_for_safe_requests(
    fake: FakeWebWork, server: FakeServer
) -> None:
    project_id = fake.add_project("Website")
    with WebWork(fake.token, workspace_id=1, base_url=server.url) as client:
        client.projects.get(project_id)  # a keep-alive connection now exists
        fake.fail_next("drop", route="GET /projects/{projectId}")
        assert client.projects.get(project_id).id == project_id
        fake.fail_next("drop", route="POST /projects")
        with pytest.raises(Exception, match="disconnected"):
            client.projects.create(name="Not twice")  # may have been applied: not retried
    assert fake.stats.faults["drop"] == 2
