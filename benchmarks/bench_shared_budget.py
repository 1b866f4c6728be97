"""One rate budget, four processes: 600 requests per 10 s, 50 ms latency, 4 x 450 assignments.

Four processes start at the same instant, each bulk-assigning its share against ONE fake
server with ONE token, first sharing the budget through Redis (``rate_store=``), then, in the
same run, each pacing alone (``rate_store="local"``, today's default).

Target: with the shared store, together >= 95 % of the budget and 0 x 429. Without it the
figures are printed for comparison. "% of the budget" compares the time the four took with the
least time the budget allows for all their requests: (ceil(N / limit) - 1) full windows, plus
the last window's burst. That burst is measured in the same run (the four processes sending
one window's worth to the same fake with no limit), since on a busy machine the fake itself
serves a few hundred requests per second, far fewer than 4 x 64 in flight at 50 ms would
allow. The fake's speed is the bound, and on a shared 2-core machine it drifts by a third
within a minute, so the burst is measured twice, right before and right after the shared
job, and the mean of the two is the reference (both are printed).

The clock starts when every process has imported what its client uses (the reference's
processes have httpx loaded; the shared job's have redis-py loaded too), then it times the
whole job: building the client, connecting, the cold budget's probe, every request, closing.
The redis-server is started here, on a free port (Debian's redis-server on PATH, or
$WEBWORK_TEST_REDIS_SERVER).
"""

from __future__ import annotations

import importlib
import math
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio

from webwork_async import AsyncWebWork
from webwork_async.testing import FakeWebWork, RateLimit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from redisserver import RedisServer, redis_binary

LIMIT, WINDOW, LATENCY, PROCESSES, EACH, CONCURRENCY = 600, 10.0, 0.05, 4, 450, 64


def fresh_fake(each: int = EACH) -> tuple[FakeWebWork, int, list[list[tuple[int, int]]]]:
    limited = RateLimit(LIMIT, WINDOW) if each == EACH else None
    fake = FakeWebWork(latency=LATENCY, rate_limit=limited, seed=3)
    info = fake.seed_workspace(projects=1, tasks_per_project=PROCESSES * each, members=10)
    user = fake.add_member("bench@example.com", "Bench", "Mark")
    pairs = [(task_id, user) for task_id in info.task_ids]
    return fake, info.project_ids[0], [pairs[i * each : (i + 1) * each] for i in range(PROCESSES)]


async def _assign(url: str, token: str, project_id: int, pairs: Any, store: str) -> bool:
    async with AsyncWebWork(
        token, workspace_id=1, base_url=url, max_concurrency=CONCURRENCY, rate_store=store
    ) as client:
        result = await client.tasks.assign_many(pairs, project_id=project_id)
    return result.ok


def _worker(url: str, token: str, project_id: int, pairs: Any, store: str, start: Any) -> bool:
    if store != "local":
        # A one-off cost per process, paid outside the clock as the reference's imports are.
        importlib.import_module("redis.asyncio")
    start.wait()
    return anyio.run(_assign, url, token, project_id, pairs, store)


def run_job(store: str, each: int = EACH) -> tuple[float, int, int, int]:
    """(seconds, 429s, requests applied, processes whose job succeeded) for one job; with
    fewer than EACH assignments per process, against a fake with no rate limit."""
    fake, project_id, shares = fresh_fake(each)
    context = multiprocessing.get_context("spawn")
    with fake.serve() as server, context.Manager() as manager:
        start = manager.Barrier(PROCESSES + 1)
        with context.Pool(PROCESSES) as pool:
            pending = pool.starmap_async(
                _worker,
                [(server.url, fake.token, project_id, share, store, start) for share in shares],
            )
            start.wait()
            began = time.perf_counter()
            oks = pending.get()
            took = time.perf_counter() - began
    return took, fake.stats.rate_limited, sum(fake.applied.values()), sum(oks)


def main() -> int:
    binary = redis_binary()
    if binary is None:
        print("  skipped: no redis-server (apt-get install redis-server)")
        return 1
    job = PROCESSES * EACH
    print(f"budget {LIMIT} per {WINDOW:.0f} s, {LATENCY * 1000:.0f} ms latency, ", end="")
    print(f"{PROCESSES} processes x {EACH} assignments, one token")
    before = run_job("local", LIMIT // PROCESSES)[0]
    with tempfile.TemporaryDirectory() as directory:
        redis = RedisServer(binary, Path(directory))
        redis.start()
        try:
            shared = run_job(redis.url)
        finally:
            redis.kill()
    after = run_job("local", LIMIT // PROCESSES)[0]
    burst = (before + after) / 2
    least = (math.ceil(job / LIMIT) - 1) * WINDOW + burst
    print(f"  one window's {LIMIT} requests with no limit (reference), ", end="")
    print(f"before and after the shared job: {before:.2f} s, {after:.2f} s, mean {burst:.2f} s")
    print(f"  least time the budget allows: {least:.2f} s")
    alone = run_job("local")
    ok = False
    for name, (took, limited, applied, succeeded) in (
        ("shared store (rate_store=redis://)", shared),
        ("each process alone (no store)     ", alone),
    ):
        share = least / took
        line = (
            f"  {name}  {took:6.2f} s  {share:6.1%} of the budget, {limited:,} x 429, "
            f"{applied:,} of {job:,} applied, {succeeded} of {PROCESSES} jobs ok"
        )
        if (took, limited, applied, succeeded) == shared:
            ok = share >= 0.95 and limited == 0 and applied == job
            line += f"  target >= 95 % and 0 x 429: {'PASS' if ok else 'FAIL'}"
        print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
