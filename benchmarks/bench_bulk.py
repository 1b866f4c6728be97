"""Bulk assignment and the connection layer, at 64 and 256 requests in flight.

Targets (issue 12), on asyncio, trio and the sync facade:
- 5,000 assignments at 50 ms latency, at 64 and at 256 in flight: at most 1.2x the ideal
  ceil(5000 / C) x 50 ms.
- Client CPU per request at 256 in flight at most 1/20 of a plain httpx.AsyncClient (default
  pool settings but C connections) + task-group loop measured in the same round.

Two peers run in the same rounds: that plain httpx loop (1,000 requests: it costs several ms
of CPU per request), and the same loop through the SDK's own connection pool
(``_async/_pool.py``, HTTP/1.1 without httpcore or h11), which shows what httpx itself costs
per request without the SDK: the floor under the SDK's own figure on this machine.

The server is ``_replay.py`` (the fake's answers, rendered once, sent from memory after the
latency; see its docstring): at 256 in flight the ideal needs 5,120 answers a second, which
the fake itself, one Python process rendering each answer, cannot give.

The fake server runs in its own process; CPU is the client process's (all its threads). Every
contender runs once per round, rounds interleaved; each figure is the median over the rounds
with the lowest and highest in brackets (the CPU ratio is taken per round).

    python benchmarks/run.py bulk
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial

import anyio
import httpx
from _server import TOKEN, replay_server

from _timing import verdict
from webwork_async import AsyncWebWork, WebWork
from webwork_async._async._transport import async_client_transport

LATENCY = 0.05
PROJECT = 1000
# Requests per run: enough to reach a steady state at each concurrency, short enough to wait
# (plain httpx costs several ms of CPU per request at these concurrencies: it runs fewer).
RUNS = {64: 5_000, 256: 5_000}
RAW_RUNS = {64: 1_000, 256: 1_000}
WALL_TARGET = 1.2
CPU_TARGET = 1 / 20
ROUNDS = 3
PLAIN = "plain httpx + task group"
SDK_POOLS = "httpx, the SDK's pool"


def pairs_for(count: int, tasks: list[int], users: list[int]) -> list[tuple[int, int]]:
    return [(tasks[i % len(tasks)], users[i % len(users)]) for i in range(count)]


async def sdk_async(url: str, pairs: list[tuple[int, int]], concurrency: int) -> None:
    async with AsyncWebWork(
        TOKEN, workspace_id=1, base_url=url, max_concurrency=concurrency, rate_limit=None
    ) as client:
        result = await client.tasks.assign_many(pairs, project_id=PROJECT)
    assert result.ok, result


def sdk_sync(url: str, pairs: list[tuple[int, int]], concurrency: int) -> None:
    with WebWork(
        TOKEN, workspace_id=1, base_url=url, max_concurrency=concurrency, rate_limit=None
    ) as client:
        result = client.tasks.assign_many(pairs, project_id=PROJECT)
    assert result.ok, result


async def raw_httpx(
    url: str, pairs: list[tuple[int, int]], concurrency: int, *, sdk_pools: bool = False
) -> None:
    """What one writes without the SDK: one AsyncClient, a task group, a limiter.

    ``sdk_pools``: the same, through the SDK's own connection pool (``_async/_pool.py``), to
    show what httpx itself costs per request with it."""
    limiter = anyio.CapacityLimiter(concurrency)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    transport = async_client_transport(concurrency) if sdk_pools else None
    async with httpx.AsyncClient(
        base_url=url, headers=headers, limits=limits, transport=transport
    ) as http:

        async def assign(task_id: int, user_id: int) -> None:
            async with limiter:
                response = await http.post(
                    f"/tasks/{task_id}/assign/{user_id}",
                    json={"workspace_id": 1, "project_id": PROJECT},
                )
                response.raise_for_status()

        async with anyio.create_task_group() as group:
            for task_id, user_id in pairs:
                group.start_soon(assign, task_id, user_id)


def variants(
    url: str, pairs: list[tuple[int, int]], raw_pairs: list[tuple[int, int]], concurrency: int
) -> dict[str, tuple[Callable[[], object], int]]:
    """Each contender, as (how to run it, how many requests it makes)."""
    return {
        "webwork-async, asyncio": (
            lambda: anyio.run(sdk_async, url, pairs, concurrency),
            len(pairs),
        ),
        "webwork-async, trio": (
            lambda: anyio.run(sdk_async, url, pairs, concurrency, backend="trio"),
            len(pairs),
        ),
        "webwork-async, sync facade": (lambda: sdk_sync(url, pairs, concurrency), len(pairs)),
        PLAIN: (
            lambda: anyio.run(raw_httpx, url, raw_pairs, concurrency),
            len(raw_pairs),
        ),
        SDK_POOLS: (
            lambda: anyio.run(partial(raw_httpx, sdk_pools=True), url, pairs, concurrency),
            len(pairs),
        ),
    }


def measure(run: Callable[[], object], requests: int) -> tuple[float, float]:
    """Wall seconds, and client CPU milliseconds per request."""
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    return time.perf_counter() - wall, (time.process_time() - cpu) * 1000 / requests


def setup(url: str) -> tuple[list[int], list[int]]:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=url, headers=headers) as http:
        members = http.get("/members", params={"workspace_id": 1, "per_page": 100}).json()
        tasks = http.get(
            "/tasks", params={"workspace_id": 1, "project_id": PROJECT, "per_page": 100}
        ).json()
    return [t["id"] for t in tasks["data"]], [m["id"] for m in members["data"]]


def main(rounds: int = ROUNDS) -> int:
    failed = False
    with replay_server("--latency", "50ms", "--tasks", "5000", "--members", "50") as url:
        tasks, users = setup(url)
        # Warm up both sides, and have the server render every answer the rounds will ask for.
        everything = pairs_for(max(RUNS.values()), tasks, users)
        anyio.run(sdk_async, url, everything, 64)
        anyio.run(partial(raw_httpx, sdk_pools=True), url, everything, 64)  # the peers' bodies
        print(f"assign_many at {LATENCY * 1000:.0f} ms latency: wall time, client CPU/request;")
        print(f"medians of {rounds} interleaved rounds, [lowest-highest]")
        for concurrency, count in RUNS.items():
            pairs = pairs_for(count, tasks, users)
            raw_pairs = pairs_for(RAW_RUNS[concurrency], tasks, users)
            ideal = math.ceil(count / concurrency) * LATENCY
            runs = variants(url, pairs, raw_pairs, concurrency)
            walls: dict[str, list[float]] = {name: [] for name in runs}
            cpus: dict[str, list[float]] = {name: [] for name in runs}
            for _ in range(rounds):
                for name, (run, n) in runs.items():
                    wall, cpu = measure(run, n)
                    walls[name].append(wall)
                    cpus[name].append(cpu)
            print(f"\n  {concurrency} in flight, {count:,} assignments, ideal {ideal:.2f} s")
            for name, (_, n) in runs.items():
                wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
                print(
                    f"    {name:28s} {wall:6.2f} s for {n:,} ({n / wall:6,.0f}/s)  "
                    f"{cpu:5.2f} ms CPU/request [{min(cpus[name]):.2f}-{max(cpus[name]):.2f}]"
                )
            for name in runs:
                if name in (PLAIN, SDK_POOLS):
                    continue
                ratios = [wall / ideal for wall in walls[name]]
                ratio = statistics.median(ratios)
                ok = ratio <= WALL_TARGET
                line = (
                    f"    target {name}: {ratio:.2f}x ideal [{min(ratios):.2f}-{max(ratios):.2f}]"
                    f" (<= {WALL_TARGET}x) {verdict(ratio, WALL_TARGET)}"
                )
                if concurrency == 256:
                    shares = [
                        ours / theirs for ours, theirs in zip(cpus[name], cpus[PLAIN], strict=True)
                    ]
                    share = statistics.median(shares)
                    ok = ok and share <= CPU_TARGET
                    line += (
                        f"; CPU/request 1/{1 / share:.1f} of plain httpx "
                        f"[1/{1 / max(shares):.1f}-1/{1 / min(shares):.1f}] (<= 1/20) "
                        f"{verdict(share, CPU_TARGET)}"
                    )
                failed = failed or not ok
                print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
