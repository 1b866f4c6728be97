"""The cost of one call: ``await client.tasks.get()`` against raw httpx on the same transport.

Target (issue 12): at most 1.15x a raw ``httpx.AsyncClient.get()`` + ``.json()`` on asyncio,
with the client's default rate limiter on (``rate_limit="auto"``), both sides sending through
the same in-process transport (``httpx.MockTransport``, which answers one task at once), so
what is measured is what each side adds to a request: building it, the limiter, auth, the
retry loop, reading and decoding the body. The SDK decodes into a ``Task``; raw httpx stops
at a dict.

Each round runs ``NUMBER`` calls of every side in one event loop, sides alternating; the figure
is the median over the rounds of each round's ratio (CPU time: all of it is computation on one
thread), with its quartiles. trio and the sync client are shown against their own raw peer.

    python benchmarks/run.py call
"""

from __future__ import annotations

import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import httpx

from _timing import ratios, sample, spread, verdict
from webwork_async import AsyncWebWork, WebWork

TARGET = 1.15
ROUNDS = 21
NUMBER = 200
TOKEN = "bench-token"
URL = "https://api.example.test/v2/"
PARAMS = {"workspace_id": 1, "project_id": 100}

TASK = {
    "id": 500,
    "title": "Add OAuth2 authentication support",
    "description": "Tokens, refresh and scopes",
    "project_id": 100,
    "owner_id": 10,
    "creator_id": 42,
    "status": 10,
    "status_name": "In Progress",
    "priority": 20,
    "priority_name": "Normal",
    "start_date": "2024-01-15",
    "end_date": "2024-01-30",
    "assignees": [{"id": 10, "firstname": "Ann", "lastname": "Lee"}],
    "created_at": "2024-01-10 09:00:00",
    "updated_at": "2024-01-12 17:30:00",
}
BODY = httpx.Response(200, json={"success": True, "data": TASK}).content


def answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=BODY, headers={"Content-Type": "application/json"})


async def async_rounds(rounds: int) -> dict[str, list[float]]:
    transport = httpx.MockTransport(answer)
    raw = httpx.AsyncClient(transport=transport, headers={"Authorization": f"Bearer {TOKEN}"})
    http = httpx.AsyncClient(transport=transport)
    sdk = AsyncWebWork(TOKEN, workspace_id=1, base_url=URL, http_client=http)
    off = AsyncWebWork(TOKEN, workspace_id=1, base_url=URL, http_client=http, rate_limit=None)

    async def raw_get() -> Any:
        return (await raw.get(URL + "tasks/500", params=PARAMS)).json()

    calls: dict[str, Callable[[], Awaitable[Any]]] = {
        "raw httpx": raw_get,
        "webwork-async": lambda: sdk.tasks.get(500, project_id=100),
        "webwork-async, rate_limit=None": lambda: off.tasks.get(500, project_id=100),
    }
    async with raw, http, sdk, off:
        return await _sample(calls, rounds)


async def _sample(
    calls: dict[str, Callable[[], Awaitable[Any]]], rounds: int
) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for call in calls.values():  # warm up: hooks built, caches filled
        for _ in range(NUMBER):
            await call()
    for _ in range(rounds):
        for name, call in calls.items():
            start = time.process_time()
            for _ in range(NUMBER):
                await call()
            samples[name].append((time.process_time() - start) / NUMBER)
    return samples


def sync_rounds(rounds: int) -> dict[str, list[float]]:
    transport = httpx.MockTransport(answer)
    raw = httpx.Client(transport=transport, headers={"Authorization": f"Bearer {TOKEN}"})
    http = httpx.Client(transport=transport)
    sdk = WebWork(TOKEN, workspace_id=1, base_url=URL, http_client=http)
    calls: dict[str, Callable[[], Any]] = {
        "raw httpx": lambda: raw.get(URL + "tasks/500", params=PARAMS).json(),
        "webwork-async": lambda: sdk.tasks.get(500, project_id=100),
    }
    with raw, http, sdk:
        return sample(calls, rounds=rounds, number=NUMBER, clock=time.process_time)


def main(rounds: int = ROUNDS) -> int:
    runs = {
        "asyncio": anyio.run(async_rounds, rounds),
        "trio": anyio.run(async_rounds, rounds, backend="trio"),
        "sync": sync_rounds(rounds),
    }
    print(
        f"one tasks.get() vs raw httpx get()+json(), in-process transport, CPU time, "
        f"{rounds} interleaved rounds of {NUMBER} calls: medians (quartiles)"
    )
    failed = False
    for backend, samples in runs.items():
        for name, values in samples.items():
            median, low, high = spread(values)
            ratio, ratio_low, ratio_high = spread(ratios(samples, name, "raw httpx"))
            line = (
                f"  {backend:8s} {name:32s} {median * 1e6:6.1f} us ({low * 1e6:5.1f}-"
                f"{high * 1e6:5.1f})  {ratio:5.2f}x ({ratio_low:.2f}-{ratio_high:.2f}) raw"
            )
            if backend == "asyncio" and name == "webwork-async":
                failed = ratio > TARGET
                line += f"  target <= {TARGET}x: {verdict(ratio, TARGET)}"
            print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
