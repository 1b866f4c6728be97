"""Soak: bulk-assign N pairs through the fake over loopback while it misbehaves, then compare
every item of the BulkResult with the server's state; then list under lying pagination.

    python benchmarks/soak.py                  # 10,000 pairs, 10 % faults
    python benchmarks/soak.py --pairs 1000 --fault-rate 0.2

Faults (drawn per request, seeded):

- transient ones: 500, 502 (an HTML page), 503, 504, 429 with Retry-After, dropped
  connections, responses slower than the client's read timeout;
- lying rate headers: a 429 whose Retry-After is garbage (-5, soon, NaN, empty), a 429 asking
  to wait 32 years, an answer claiming a limit of 10**12 with nothing remaining.

A third of the pairs meet them before the server applies the change; a third after it (the
answer is lost or mangled on the way back; retries settle most items); and a third meet only
lost answers (the change is applied, then the connection closes before the status line) with
retries turned off, so that every one of those items is settled by reading the truth back.
A 429 is the server's word that it did not act, so the 32-year Retry-After (which is refused
at once, not retried) is only sent before the change.

Then the listing part asks for every task of the project while the fake repeats pages, claims
pages without end or a billion pages: each listing must return exactly the tasks, or raise a
typed error, never wrong data.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass

import anyio
import httpx

from webwork_async import AsyncWebWork, BulkItem, BulkStatus, ResponseDecodeError
from webwork_async.testing import FakeWebWork, Faults

TRANSIENT = ("500", "502", "503", "504", "429", "drop", "slow")
LYING_HEADERS = ("retry_after_garbage", "retry_after_huge", "limit_absurd")
PAGE_LIES = ("ignore_page", "pages_forever", "last_page_huge")
_ASSIGN = "POST /tasks/{taskId}/assign/{userId}"


@dataclass(frozen=True)
class SoakReport:
    pairs: int
    seconds: float
    requests: int
    faults: int
    by_status: dict[str, int]
    verified: int
    lost: int
    doubled: int
    mismatched: int
    listings: int
    listings_exact: int
    listings_refused: int
    listings_wrong: int

    @property
    def ok(self) -> bool:
        """Every item settled (none UNKNOWN or lost), each exactly as the server has it, none
        applied twice; every listing exact or refused with a typed error."""
        return (
            self.lost == self.doubled == self.mismatched == self.listings_wrong == 0
            and self.by_status["unknown"] == 0
        )

    def lines(self) -> list[str]:
        states = ", ".join(f"{k} {v:,}" for k, v in self.by_status.items())
        return [
            f"pairs:              {self.pairs:,} in {self.seconds:.1f} s",
            f"requests sent:      {self.requests:,} ({self.faults:,} faults met)",
            f"items:              {states}",
            f"settled by reading back: {self.verified:,}",
            f"items lost:         {self.lost}",
            f"items doubled:      {self.doubled}",
            f"result vs server:   {self.mismatched} mismatches",
            f"listings:           {self.listings}: {self.listings_exact} exact, "
            f"{self.listings_refused} refused with a typed error, {self.listings_wrong} wrong",
        ]


def _client(fake: FakeWebWork, url: str, max_retries: int = 8) -> AsyncWebWork:
    return AsyncWebWork(
        fake.token,
        workspace_id=fake.workspace_id,
        base_url=url,
        max_concurrency=64,
        max_retries=max_retries,
        max_retry_wait=2.0,  # a 32-year Retry-After is refused at once; keep the gate short
        timeout=httpx.Timeout(5.0, read=0.5),
    )


async def _assign_all(
    fake: FakeWebWork, url: str, project_id: int, pairs: list[tuple[int, int]], retries: int
) -> tuple[tuple[BulkItem[object], ...], float]:
    async with _client(fake, url, retries) as client:
        start = time.perf_counter()
        result = await client.tasks.assign_many(pairs, project_id=project_id)
        return result.items, time.perf_counter() - start  # type: ignore[return-value]


async def _list_all(fake: FakeWebWork, url: str, project_id: int, times: int) -> list[object]:
    outcomes: list[object] = []
    async with _client(fake, url) as client:
        for _ in range(times):
            try:
                tasks = await client.tasks.list(project_id=project_id, per_page=20).to_list()
            except ResponseDecodeError as error:
                outcomes.append(error)
            else:
                outcomes.append([task.id for task in tasks])
    return outcomes


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
    third = pairs_count // 3
    lying_after = tuple(kind for kind in LYING_HEADERS if kind != "retry_after_huge")
    phases = [
        (pairs[:third], Faults(fault_rate, TRANSIENT + LYING_HEADERS, 1.0, retry_after), 8),
        (
            pairs[third : 2 * third],
            Faults(fault_rate, TRANSIENT + lying_after, 1.0, retry_after, after=True),
            8,
        ),
        # Retries off, so the lost answers are for the read-back to settle; its reads (which
        # would be retried by any client with retries on) are left alone.
        (pairs[2 * third :], Faults(fault_rate, ("drop",), after=True, routes=(_ASSIGN,)), 0),
    ]
    items: list[BulkItem[object]] = []
    seconds = 0.0
    with fake.serve() as server:
        for phase_pairs, faults, retries in phases:
            fake.faults = faults
            phase_items, phase_seconds = anyio.run(
                _assign_all, fake, server.url, project_id, phase_pairs, retries
            )
            items.extend(phase_items)
            seconds += phase_seconds
        fake.faults = None
        assign_stats = fake.stats
        # Rare enough that some listings of a few dozen pages meet no lie at all.
        fake.faults = Faults(0.05, PAGE_LIES, routes=("GET /tasks",))
        listings = anyio.run(_list_all, fake, server.url, project_id, 30)
        fake.faults = None
    doubled = sum(fake.applied[("assign", pair)] > 1 for pair in pairs)
    reported: Counter[tuple[int, int]] = Counter((item.task_id, item.user_id) for item in items)
    lost = sum(reported[pair] != 1 for pair in pairs)
    mismatched = sum(
        (item.status is BulkStatus.SUCCEEDED) != (item.user_id in fake.task_assignees(item.task_id))
        for item in items
    )
    exact = sorted(tasks)
    return SoakReport(
        pairs=pairs_count,
        seconds=seconds,
        requests=assign_stats.requests,
        faults=sum(assign_stats.faults.values()),
        by_status={s.value: sum(item.status is s for item in items) for s in BulkStatus},
        verified=sum(item.verified for item in items),
        lost=lost,
        doubled=doubled,
        mismatched=mismatched,
        listings=len(listings),
        listings_exact=sum(outcome == exact for outcome in listings),
        listings_refused=sum(isinstance(outcome, ResponseDecodeError) for outcome in listings),
        listings_wrong=sum(
            outcome != exact and not isinstance(outcome, ResponseDecodeError)
            for outcome in listings
        ),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--fault-rate", type=float, default=0.10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    report = soak(args.pairs, args.fault_rate, seed=args.seed)
    print(f"soak: {args.fault_rate:.0%} injected faults over loopback")
    for line in report.lines():
        print(f"  {line}")
    print(
        f"  verdict: {'PASS' if report.ok else 'FAIL'} (every pair settled exactly once, as the "
        "server has it; every listing exact or refused)"
    )
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
