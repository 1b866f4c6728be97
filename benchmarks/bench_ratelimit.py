"""Spending a rate budget: 600 requests per 10 s, 50 ms latency, a 1,800-assignment job.

Target: the SDK runs at >= 95 % of the allowed rate with zero 429 responses, learning the
budget from the server's headers alone (rate_limit="auto"), where a plain concurrent loop
gets 429s and a plain paced loop runs below the limit.

"% of the allowed rate" compares the job's time with the least time the budget allows for
it: (ceil(N / limit) - 1) full windows, plus one burst of the last window at 64 in flight.
The fake runs in-process here (60 requests per second is no load) so its 429 count can be read.
"""

from __future__ import annotations

import math
import sys
import time

import anyio
import httpx

from webwork_async import AsyncWebWork
from webwork_async.testing import FakeWebWork, RateLimit

LIMIT, WINDOW, LATENCY, JOB, CONCURRENCY = 600, 10.0, 0.05, 1_800, 64


def fresh_fake() -> tuple[FakeWebWork, int, list[tuple[int, int]]]:
    fake = FakeWebWork(latency=LATENCY, rate_limit=RateLimit(LIMIT, WINDOW), seed=3)
    info = fake.seed_workspace(projects=1, tasks_per_project=JOB, members=10)
    user = fake.add_member("bench@example.com", "Bench", "Mark")
    return fake, info.project_ids[0], [(task_id, user) for task_id in info.task_ids]


async def sdk(url: str, token: str, project_id: int, pairs: list[tuple[int, int]]) -> None:
    async with AsyncWebWork(
        token, workspace_id=1, base_url=url, max_concurrency=CONCURRENCY
    ) as client:
        result = await client.tasks.assign_many(pairs, project_id=project_id)
    assert result.ok, result


async def plain_concurrent(
    url: str, token: str, project_id: int, pairs: list[tuple[int, int]]
) -> None:
    limiter = anyio.CapacityLimiter(CONCURRENCY)
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {token}"}
    ) as http:

        async def assign(task_id: int, user_id: int) -> None:
            async with limiter:
                await http.post(
                    f"/tasks/{task_id}/assign/{user_id}",
                    json={"workspace_id": 1, "project_id": project_id},
                )

        async with anyio.create_task_group() as group:
            for task_id, user_id in pairs:
                group.start_soon(assign, task_id, user_id)


def plain_paced(
    url: str, token: str, project_id: int, pairs: list[tuple[int, int]], seconds: float
) -> int:
    """One request every window/limit seconds, as a careful script would: returns how many
    went out in ``seconds``."""
    sent, deadline = 0, time.monotonic() + seconds
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as http:
        for task_id, user_id in pairs:
            if time.monotonic() >= deadline:
                break
            http.post(
                f"/tasks/{task_id}/assign/{user_id}",
                json={"workspace_id": 1, "project_id": project_id},
            )
            sent += 1
            time.sleep(WINDOW / LIMIT)
    return sent


def main() -> int:
    allowed = LIMIT / WINDOW
    full_windows = (math.ceil(JOB / LIMIT) - 1) * WINDOW
    last_burst = math.ceil(min(JOB, LIMIT) / CONCURRENCY) * LATENCY
    least = full_windows + last_burst
    print(f"budget {LIMIT} per {WINDOW:.0f} s ({allowed:.0f}/s), ", end="")
    print(f"{LATENCY * 1000:.0f} ms latency, job of {JOB:,}")
    print(f"  least time the budget allows: {least:.2f} s")

    fake, project_id, pairs = fresh_fake()
    with fake.serve() as server:
        start = time.perf_counter()
        anyio.run(sdk, server.url, fake.token, project_id, pairs)
        took = time.perf_counter() - start
    share = least / took
    ok = share >= 0.95 and fake.stats.rate_limited == 0
    print(
        f"  webwork-async (rate_limit='auto')  {took:6.2f} s  {share:6.1%} of the allowed rate, "
        f"{fake.stats.rate_limited} x 429  target >= 95 % and 0 x 429: {'PASS' if ok else 'FAIL'}"
    )

    fake, project_id, pairs = fresh_fake()
    with fake.serve() as server:
        start = time.perf_counter()
        anyio.run(plain_concurrent, server.url, fake.token, project_id, pairs)
        took = time.perf_counter() - start
    applied = sum(fake.applied.values())
    print(
        f"  plain concurrent httpx loop        {took:6.2f} s  {fake.stats.rate_limited:,} x 429, "
        f"{applied:,} of {JOB:,} applied"
    )

    fake, project_id, pairs = fresh_fake()
    with fake.serve() as server:
        seconds = 5.0
        sent = plain_paced(server.url, fake.token, project_id, pairs, seconds)
    print(
        f"  plain paced loop (sleep {WINDOW / LIMIT * 1000:.0f} ms)     {sent / seconds:6.1f}/s  "
        f"{sent / seconds / allowed:6.1%} of the allowed rate, {fake.stats.rate_limited} x 429"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
