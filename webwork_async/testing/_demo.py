"""``python -m webwork_async.testing demo``: the SDK listing and bulk-assigning thousands of
tasks, then tracking time, against the fake on loopback.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

import anyio

from .._async._client import AsyncWebWork
from .._bulk import BulkProgress
from ._fake import FakeWebWork

__all__ = ["run_demo"]


class _ProgressLine:
    """A one-line progress bar on a terminal; a line per quarter elsewhere (CI logs)."""

    def __init__(self, out: TextIO, width: int = 30) -> None:
        self._out = out
        self._width = width
        self._tty = out.isatty()
        self._last_quarter = -1

    def __call__(self, progress: BulkProgress) -> None:
        fraction = progress.done / progress.total if progress.total else 1.0
        eta = "--" if progress.eta is None else f"{progress.eta:4.1f}s"
        text = (
            f"{progress.done:>6,}/{progress.total:,} assigned, {progress.failed} failed, "
            f"{progress.rate:7,.0f}/s, ETA {eta}"
        )
        if self._tty:
            filled = int(fraction * self._width)
            bar = "#" * filled + "-" * (self._width - filled)
            self._out.write(f"\r  [{bar}] {text}")
            if progress.done == progress.total:
                self._out.write("\n")
            self._out.flush()
            return
        quarter = int(fraction * 4)
        if quarter != self._last_quarter:
            self._last_quarter = quarter
            print(f"  {fraction:4.0%} {text}", file=self._out, flush=True)


async def _demo(fake: FakeWebWork, url: str, tasks: int, assign: int, out: TextIO) -> None:
    info = fake.seed_workspace(
        projects=1, tasks_per_project=tasks, members=50, custom_statuses=True
    )
    project_id = info.project_ids[0]
    newcomers = [fake.add_member(f"new.hire{i}@example.com", "New", f"Hire {i}") for i in range(5)]
    print(f"Seeded project {project_id} with {tasks:,} tasks and 55 members.", file=out)

    async with AsyncWebWork(fake.token, workspace_id=fake.workspace_id, base_url=url) as client:
        started = time.perf_counter()
        listed = await client.tasks.list(project_id=project_id).to_list()
        seconds = time.perf_counter() - started
        pages = -(-len(listed) // 100)
        print(
            f"Listed {len(listed):,} tasks ({pages} pages of 100, fetched concurrently) "
            f"in {seconds:.2f} s.",
            file=out,
        )
        custom = sum(1 for task in listed if task.status.is_custom)
        print(f"  {custom:,} of them carry custom workspace status codes.", file=out)

        pairs = [(task.id, newcomers[i % len(newcomers)]) for i, task in enumerate(listed[:assign])]
        print(f"Assigning {len(pairs):,} tasks to the new hires:", file=out)
        started = time.perf_counter()
        result = await client.tasks.assign_many(
            pairs, project_id=project_id, on_progress=_ProgressLine(out)
        )
        bulk_seconds = time.perf_counter() - started
        print(f"  {result!r} in {bulk_seconds:.2f} s", file=out)

        contract_id = fake.add_contract(project_id=project_id, user_id=newcomers[0])
        tracker = await client.time_tracking.start(
            user_id=newcomers[0],
            contract_id=contract_id,
            task_id=pairs[0][0],
            activity_description="Reading the onboarding docs",
        )
        print(f"Started a tracker at {tracker.start_time:%H:%M:%S} UTC.", file=out)
        stopped = await client.time_tracking.stop(newcomers[0])
        print(f"Stopped it at {stopped.stopped_at:%H:%M:%S} UTC.", file=out)

    applied = sum(fake.applied[("assign", pair)] for pair in pairs)
    print("\nSummary", file=out)
    print(f"  requests the server received: {fake.stats.requests:,}", file=out)
    print(f"  tasks listed:                 {len(listed):,} in {seconds:.2f} s", file=out)
    print(
        f"  assignments applied:          {applied:,} of {len(pairs):,} "
        f"({len(pairs) / bulk_seconds:,.0f}/s), failed: {len(result.failed)}, lost: "
        f"{len(pairs) - applied - len(result.failed)}",
        file=out,
    )
    print("  token sent over the network:  none beyond 127.0.0.1", file=out)


def run_demo(
    *, tasks: int = 5_000, assign: int = 1_000, latency: float = 0.02, out: TextIO | None = None
) -> int:
    """Run the demo on a fresh fake with ``latency`` seconds per request; returns 0."""
    stream: TextIO = sys.stdout if out is None else out
    fake = FakeWebWork(latency=latency, seed=2026)
    print(
        f"Starting the fake WebWork API on 127.0.0.1 ({latency * 1000:.0f} ms latency)...",
        file=stream,
    )
    with fake.serve() as server:
        print(f"  serving {server.url}", file=stream)
        anyio.run(_demo, fake, server.url, tasks, min(assign, tasks), stream)
    return 0
