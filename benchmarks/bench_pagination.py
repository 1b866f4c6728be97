"""Listing 10,000 tasks (100 pages of 100) at 50 ms latency, C pages in flight.

Targets (issue 12): ``to_list()`` at most 1.1x and ``async for`` at most 1.15x the ideal
(1 + ceil(99 / C)) x 50 ms, on asyncio, trio and the sync facade. Every contender runs once
per round, rounds interleaved so that machine noise hits all alike; each figure is the median
of the per-round times with their spread (min-max). Two peers run in the same rounds: a plain
httpx loop over the pages one after the other (what a hand-written loop does), and plain httpx
with the same C pages in flight (what the server and the network allow).

The server is ``_replay.py``, in its own process: the fake's answers (each page rendered once
by ``FakeWebWork`` with its business logic, with the fake's status and headers) sent from
memory 50 ms after each request. The real service runs elsewhere, so its CPU is not the
client's; the fake rendering 100-task pages on the client's machine was the bound before
(plain httpx with no decoding reached only 1.46-1.91x of the ideal).

A second part times the pager's scheduling alone, free of CPU load: an in-process transport
answers 100 one-item pages after a latency that varies from page to page (25 to 75 ms, 50 on
average, the same in every run), so a pager that waits for the slowest page of a group, or
drains its window too often, shows it.

    python benchmarks/run.py pagination
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable

import anyio
import httpx
from _server import TOKEN, replay_server

from _timing import verdict
from webwork_async import AsyncWebWork, WebWork
from webwork_async._options import PAGE_CONCURRENCY

LATENCY = 0.05
PAGES = 100
ITEMS = 10_000
TO_LIST_TARGET = 1.1
ITERATION_TARGET = 1.15
ROUNDS = 7
PARAMS = {"workspace_id": 1, "project_id": 1000, "per_page": 100}


async def sdk_to_list(url: str) -> int:
    async with AsyncWebWork(TOKEN, workspace_id=1, base_url=url) as client:
        return len(await client.tasks.list(project_id=1000).to_list())


async def sdk_iteration(url: str) -> int:
    count = 0
    async with AsyncWebWork(TOKEN, workspace_id=1, base_url=url) as client:
        async for _ in client.tasks.list(project_id=1000):
            count += 1
    return count


def sync_to_list(url: str) -> int:
    with WebWork(TOKEN, workspace_id=1, base_url=url) as client:
        return len(client.tasks.list(project_id=1000).to_list())


def sync_iteration(url: str) -> int:
    with WebWork(TOKEN, workspace_id=1, base_url=url) as client:
        return sum(1 for _ in client.tasks.list(project_id=1000))


async def raw_sequential(url: str) -> int:
    """What a hand-written loop does: one page after the other."""
    count = 0
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=url, headers=headers) as http:
        for page in range(1, PAGES + 1):
            count += len((await http.get("/tasks", params={**PARAMS, "page": page})).json()["data"])
    return count


async def raw_window(url: str) -> int:
    """Plain httpx, C pages in flight after page 1, no decoding into objects: the bound that
    the server and the network set for this machine, right now."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    counts: list[int] = []
    slots = anyio.Semaphore(PAGE_CONCURRENCY)
    async with httpx.AsyncClient(base_url=url, headers=headers) as http:

        async def get(page: int) -> None:
            async with slots:
                response = await http.get("/tasks", params={**PARAMS, "page": page})
                counts.append(len(response.json()["data"]))

        await get(1)
        async with anyio.create_task_group() as group:
            for page in range(2, PAGES + 1):
                group.start_soon(get, page)
    return sum(counts)


def contenders(url: str) -> dict[str, tuple[Callable[[], int], float | None]]:
    """Each contender: how to run it and its target (None: a peer, no target)."""
    return {
        "to_list(), asyncio": (lambda: anyio.run(sdk_to_list, url), TO_LIST_TARGET),
        "to_list(), trio": (lambda: anyio.run(sdk_to_list, url, backend="trio"), TO_LIST_TARGET),
        "to_list(), sync facade": (lambda: sync_to_list(url), TO_LIST_TARGET),
        "async for, asyncio": (lambda: anyio.run(sdk_iteration, url), ITERATION_TARGET),
        "async for, trio": (
            lambda: anyio.run(sdk_iteration, url, backend="trio"),
            ITERATION_TARGET,
        ),
        "for, sync facade": (lambda: sync_iteration(url), ITERATION_TARGET),
        "peer: httpx, C in flight": (lambda: anyio.run(raw_window, url), None),
        "peer: httpx, one by one": (lambda: anyio.run(raw_sequential, url), None),
    }


def jitter(page: int) -> float:
    """The latency of a page in the scheduling part: 25 to 75 ms, spread over the pages."""
    return 0.025 + 0.05 * ((page * 7919) % 101) / 100


def one_item(request: httpx.Request) -> tuple[int, httpx.Response]:
    page = int(request.url.params["page"])
    meta = {"pagination": {"current_page": page, "last_page": PAGES, "per_page": 1}}
    body = {"success": True, "data": [{"id": page, "title": "t"}], "meta": meta}
    return page, httpx.Response(200, json=body)


async def async_jittered(request: httpx.Request) -> httpx.Response:
    page, response = one_item(request)
    await anyio.sleep(jitter(page))
    return response


def sync_jittered(request: httpx.Request) -> httpx.Response:
    page, response = one_item(request)
    time.sleep(jitter(page))
    return response


async def scheduling_async(iterate: bool) -> int:
    http = httpx.AsyncClient(transport=httpx.MockTransport(async_jittered))
    async with http, AsyncWebWork(TOKEN, workspace_id=1, http_client=http, rate_limit=None) as c:
        pager = c.tasks.list(project_id=1, per_page=1)
        return len([t async for t in pager] if iterate else await pager.to_list())


def scheduling_sync(iterate: bool) -> int:
    http = httpx.Client(transport=httpx.MockTransport(sync_jittered))
    with http, WebWork(TOKEN, workspace_id=1, http_client=http, rate_limit=None) as c:
        pager = c.tasks.list(project_id=1, per_page=1)
        return len(list(pager) if iterate else pager.to_list())


def scheduling() -> dict[str, tuple[Callable[[], int], float | None]]:
    return {
        "to_list(), asyncio": (lambda: anyio.run(scheduling_async, False), TO_LIST_TARGET),
        "to_list(), trio": (
            lambda: anyio.run(scheduling_async, False, backend="trio"),
            TO_LIST_TARGET,
        ),
        "to_list(), sync facade": (lambda: scheduling_sync(False), TO_LIST_TARGET),
        "async for, asyncio": (lambda: anyio.run(scheduling_async, True), ITERATION_TARGET),
        "async for, trio": (
            lambda: anyio.run(scheduling_async, True, backend="trio"),
            ITERATION_TARGET,
        ),
        "for, sync facade": (lambda: scheduling_sync(True), ITERATION_TARGET),
    }


def interleaved(
    runs: dict[str, tuple[Callable[[], int], float | None]], expected: int
) -> dict[str, list[float]]:
    """Seconds per run of each contender, over ROUNDS interleaved rounds after a warm-up."""
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for run, _ in runs.values():  # warm up: connections, imports, the server's caches
        assert run() == expected
    for _ in range(ROUNDS):
        for name, (run, _) in runs.items():
            start = time.perf_counter()
            count = run()
            samples[name].append(time.perf_counter() - start)
            assert count == expected, (name, count)
    return samples


def main() -> int:
    concurrency = PAGE_CONCURRENCY  # the pager's default, which is what a user gets
    ideal = (1 + math.ceil((PAGES - 1) / concurrency)) * LATENCY
    with replay_server("--latency", "50ms", "--tasks", str(ITEMS), "--members", "20") as url:
        runs = contenders(url)
        samples = interleaved(runs, ITEMS)
    print(f"list {ITEMS:,} tasks, {PAGES} pages, {LATENCY * 1000:.0f} ms latency, C={concurrency}")
    print(f"ideal (1 + ceil(99/C)) x latency = {ideal:.2f} s; medians of {ROUNDS} interleaved")
    print("rounds, spread min-max in brackets; 'x peer' = per-round ratio to plain httpx with C")
    print("in flight, which shows how far this machine's load is from the ideal right now")
    sequential = statistics.median(samples["peer: httpx, one by one"])
    peer = samples["peer: httpx, C in flight"]
    failed = False
    for name, (_, target) in runs.items():
        times = samples[name]
        ratios = [t / ideal for t in times]
        line = (
            f"  {name:26s} {statistics.median(times):5.2f} s  "
            f"{statistics.median(ratios):4.2f}x ideal [{min(ratios):4.2f}-{max(ratios):4.2f}]"
        )
        if target is not None:
            ratio = statistics.median(ratios)
            failed = failed or ratio > target
            to_peer = [t / p for t, p in zip(times, peer, strict=True)]
            line += (
                f"  {statistics.median(to_peer):4.2f}x peer [{min(to_peer):4.2f}-"
                f"{max(to_peer):4.2f}]  target <= {target}x ideal: {verdict(ratio, target)}, "
                f"{sequential / statistics.median(times):4.1f}x faster than one by one"
            )
        print(line)
    jittered = scheduling()
    timed = interleaved(jittered, PAGES)
    print(f"the pager's scheduling alone: {PAGES} one-item pages, 25-75 ms latency in process")
    for name, (_, target) in jittered.items():
        assert target is not None
        ratios = [t / ideal for t in timed[name]]
        ratio = statistics.median(ratios)
        failed = failed or ratio > target
        print(
            f"  {name:26s} {statistics.median(timed[name]):5.2f} s  {ratio:4.2f}x ideal "
            f"[{min(ratios):4.2f}-{max(ratios):4.2f}]  target <= {target}x: "
            f"{verdict(ratio, target)}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
