"""Listing 10,000 tasks (100 pages of 100) at 50 ms latency.

Target: at most 1.3x the ideal (1 + ceil(99 / C)) x 50 ms for C pages in flight, and far
faster than a sequential loop over the pages. The server runs in its own process.
"""

from __future__ import annotations

import math
import statistics
import sys
import time

import anyio
import httpx
from _server import TOKEN, fake_server

from _timing import verdict
from webwork_async import AsyncWebWork, WebWork

LATENCY = 0.05
PAGES = 100
TARGET = 1.3
ROUNDS = 3


async def sdk_async(url: str) -> int:
    async with AsyncWebWork(TOKEN, workspace_id=1, base_url=url) as client:
        return len(await client.tasks.list(project_id=1000).to_list())


async def sdk_streaming(url: str) -> int:
    """Item by item: pages come in groups of C, and at most C pages are held at once."""
    count = 0
    async with AsyncWebWork(TOKEN, workspace_id=1, base_url=url) as client:
        async for _ in client.tasks.list(project_id=1000):
            count += 1
    return count


def sdk_sync(url: str) -> int:
    with WebWork(TOKEN, workspace_id=1, base_url=url) as client:
        return len(client.tasks.list(project_id=1000).to_list())


async def sequential(url: str) -> int:
    """What a hand-written loop does: one page after the other."""
    count = 0
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=url, headers=headers) as http:
        for page in range(1, PAGES + 1):
            params = {"workspace_id": 1, "project_id": 1000, "page": page, "per_page": 100}
            count += len((await http.get("/tasks", params=params)).json()["data"])
    return count


def best_of(run: object) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        count = run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
        assert count == 10_000, count
    return statistics.median(times)


def main() -> int:
    # Pages in flight: the pager's default, which is what a user gets.
    from webwork_async._base import PAGE_CONCURRENCY as concurrency

    ideal = (1 + math.ceil((PAGES - 1) / concurrency)) * LATENCY
    with fake_server("--latency", "50ms", "--tasks", "10000", "--members", "20") as url:
        results = {
            "webwork-async, asyncio": best_of(lambda: anyio.run(sdk_async, url)),
            "webwork-async, trio": best_of(lambda: anyio.run(sdk_async, url, backend="trio")),
            "webwork-async, sync facade": best_of(lambda: sdk_sync(url)),
        }
        streaming = best_of(lambda: anyio.run(sdk_streaming, url))
        slow = best_of(lambda: anyio.run(sequential, url)) if ROUNDS else 0.0
    print(f"list 10,000 tasks, {PAGES} pages, {LATENCY * 1000:.0f} ms latency, C={concurrency}")
    print(f"  ideal (1 + ceil(99/C)) x latency   {ideal:6.2f} s")
    print(f"  sequential httpx loop              {slow:6.2f} s")
    print("  to_list() (sliding window of C pages):")
    failed = False
    for name, seconds in results.items():
        ratio = seconds / ideal
        failed = failed or ratio > TARGET
        print(
            f"  {name:33s}  {seconds:6.2f} s  {ratio:4.2f}x ideal (target <= {TARGET}x: "
            f"{verdict(ratio, TARGET)}), {slow / seconds:4.1f}x faster than sequential"
        )
    print(
        f"  async for (groups of C, bounded memory): {streaming:.2f} s, "
        f"{streaming / ideal:.2f}x ideal, {slow / streaming:.1f}x faster than sequential"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
