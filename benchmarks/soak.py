"""Soak: bulk-assign N pairs through the fake over loopback with injected transient faults,
then compare the BulkResult with the server's state, item by item.

    python benchmarks/soak.py                  # 10,000 pairs, 10 % faults
    python benchmarks/soak.py --pairs 1000 --fault-rate 0.2

Faults (drawn per request, seeded): 500, 502 (an HTML page), 503, 504, 429 with Retry-After,
dropped connections, and responses slower than the client's read timeout. Half of them hit
after the server applied the change (the answer is lost on the way back), half before.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass

import anyio
import httpx

from webwork_async import AsyncWebWork, BulkStatus
from webwork_async.testing import FakeWebWork, Faults

KINDS = ("500", "502", "503", "504", "429", "drop", "slow")


@dataclass(frozen=True)
class SoakReport:
    pairs: int
    seconds: float
    requests: int
    faults: int
    retries: int
    succeeded: int
    failed: int
    lost: int
    doubled: int
    mismatched: int

    def lines(self) -> list[str]:
        return [
            f"pairs:              {self.pairs:,} in {self.seconds:.1f} s",
            f"requests sent:      {self.requests:,}",
            f"retries:            {self.retries:,}",
            f"faults met:         {self.faults:,}",
            f"succeeded / failed: {self.succeeded:,} / {self.failed:,}",
            f"items lost:         {self.lost}",
            f"items doubled:      {self.doubled}",
            f"result vs server:   {self.mismatched} mismatches",
        ]


async def _assign_all(
    fake: FakeWebWork, url: str, project_id: int, pairs: list[tuple[int, int]], retry_after: int
) -> tuple[object, float]:
    async with AsyncWebWork(
        fake.token,
        workspace_id=fake.workspace_id,
        base_url=url,
        max_concurrency=64,
        max_retries=8,  # ten faults in a row would be needed to fail one pair
        timeout=httpx.Timeout(5.0, read=0.5),
    ) as client:
        start = time.perf_counter()
        result = await client.tasks.assign_many(pairs, project_id=project_id)
        return result, time.perf_counter() - start


def soak(pairs_count: int, fault_rate: float, *, retry_after: int = 1, seed: int = 1) -> SoakReport:
    """Run the soak; every figure comes from the fake's own counters and state."""
    fake = FakeWebWork(latency=0.005, seed=seed)
    project_id = fake.add_project("Soak")
    users = [fake.add_member(f"soak{i}@example.com", "Soak", f"User {i}") for i in range(20)]
    tasks = [
        fake.add_task(project_id=project_id, title=f"T{i}")
        for i in range(pairs_count // len(users) + 1)
    ]
    pairs = [(tasks[i // len(users)], users[i % len(users)]) for i in range(pairs_count)]
    with fake.serve() as server:
        # Half the pairs meet faults before the state change, half after it: a lost answer
        # must not make a double, nor a failure that was in fact applied.
        fake.faults = Faults(
            rate=fault_rate, kinds=KINDS, slow_seconds=1.0, retry_after=retry_after
        )
        result_before, seconds = anyio.run(
            _assign_all, fake, server.url, project_id, pairs[: pairs_count // 2], retry_after
        )
        fake.faults = Faults(
            rate=fault_rate,
            kinds=KINDS,
            slow_seconds=1.0,
            retry_after=retry_after,
            after=True,
        )
        result_after, seconds_after = anyio.run(
            _assign_all, fake, server.url, project_id, pairs[pairs_count // 2 :], retry_after
        )
        fake.faults = None
    items = list(result_before.items) + list(result_after.items)  # type: ignore[attr-defined]
    stats = fake.stats
    lost = doubled = mismatched = 0
    for task_id, user_id in pairs:
        applied = fake.applied[("assign", (task_id, user_id))]
        doubled += applied > 1
    reported = {(item.task_id, item.user_id): item for item in items}
    for pair in pairs:
        item = reported.get(pair)
        on_server = pair[1] in fake.task_assignees(pair[0])
        if item is None:
            lost += 1
        elif (item.status is BulkStatus.SUCCEEDED) != on_server:
            mismatched += 1
            lost += item.status is BulkStatus.SUCCEEDED
    succeeded = sum(item.status is BulkStatus.SUCCEEDED for item in items)
    return SoakReport(
        pairs=pairs_count,
        seconds=seconds + seconds_after,
        requests=stats.requests,
        faults=sum(stats.faults.values()),
        retries=stats.requests - pairs_count,
        succeeded=succeeded,
        failed=len(items) - succeeded,
        lost=lost,
        doubled=doubled,
        mismatched=mismatched,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--fault-rate", type=float, default=0.10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    report = soak(args.pairs, args.fault_rate, seed=args.seed)
    print(f"soak: {args.fault_rate:.0%} injected transient faults over loopback")
    for line in report.lines():
        print(f"  {line}")
    ok = report.lost == report.doubled == report.mismatched == 0 and report.failed == 0
    print(f"  verdict: {'PASS' if ok else 'FAIL'} (every pair applied exactly once, as reported)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
