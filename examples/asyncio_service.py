"""A long-running asyncio service that watches the open tasks of one project.

It shows the recommended shape for a service: ONE ``AsyncWebWork`` for the life of the
process (it holds the connection pool and the shared rate budget), opened with ``async with``
so that it is closed on the way out, a periodic job that lists the open tasks of a project
through the pager, and a clean stop on SIGINT/SIGTERM.

Settings (environment variables):

``WEBWORK_TOKEN``
    A personal access token (read by the SDK itself).
``WEBWORK_BASE_URL``
    Optional; the production API by default.
``WEBWORK_WORKSPACE_ID``, ``PROJECT_ID``
    The workspace and the project to watch.
``POLL_INTERVAL``
    Seconds between two rounds (default 60).
``ROUNDS``
    How many rounds to run before exiting; 0 (the default) runs until stopped.

Run it with ``python examples/asyncio_service.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections import Counter
from dataclasses import dataclass

from webwork_async import AsyncWebWork, Task, TaskPriority, TaskStatus, WebWorkError

DEFAULT_BASE_URL = "https://api.webwork-tracker.com/api/v2"


@dataclass(frozen=True)
class Settings:
    """What the service needs to know, read once at start-up."""

    base_url: str
    workspace_id: int
    project_id: int
    poll_interval: float
    rounds: int

    @classmethod
    def from_env(cls) -> Settings:
        """Read the settings from the environment; ``SystemExit`` names a missing one."""
        try:
            return cls(
                base_url=os.environ.get("WEBWORK_BASE_URL") or DEFAULT_BASE_URL,
                workspace_id=int(os.environ["WEBWORK_WORKSPACE_ID"]),
                project_id=int(os.environ["PROJECT_ID"]),
                poll_interval=float(os.environ.get("POLL_INTERVAL", "60")),
                rounds=int(os.environ.get("ROUNDS", "0")),
            )
        except KeyError as missing:
            raise SystemExit(f"missing environment variable {missing}") from None
        except ValueError as error:
            raise SystemExit(f"bad setting: {error}") from None


def summarize(round_number: int, project_id: int, tasks: list[Task]) -> str:
    """One line describing the open tasks of a project."""
    unassigned = sum(1 for task in tasks if not task.assignees)
    priorities = Counter(
        task.priority.name.lower() if task.priority is not None else "none" for task in tasks
    )
    by_priority = ", ".join(f"{name}={count}" for name, count in sorted(priorities.items()))
    return (
        f"round {round_number}: project {project_id} has {len(tasks)} open tasks, "
        f"{unassigned} unassigned ({by_priority or 'no priorities'})"
    )


async def open_tasks(client: AsyncWebWork, project_id: int) -> list[Task]:
    """Every open task of the project (pages are fetched concurrently by the pager)."""
    return await client.tasks.list(project_id=project_id, status=TaskStatus.OPEN).to_list()


async def run(settings: Settings, stop: asyncio.Event) -> int:
    """Poll until ``stop`` is set or ``settings.rounds`` rounds are done; return the rounds."""
    done = 0
    async with AsyncWebWork(
        workspace_id=settings.workspace_id, base_url=settings.base_url
    ) as client:
        while not stop.is_set():
            try:
                tasks = await open_tasks(client, settings.project_id)
            except WebWorkError as error:  # keep the service alive; try again next round
                print(f"round {done + 1}: WebWork call failed: {error}", file=sys.stderr)
            else:
                print(summarize(done + 1, settings.project_id, tasks), flush=True)
                urgent = [task for task in tasks if task.priority is TaskPriority.URGENT]
                for task in urgent[:3]:
                    print(f"  urgent: #{task.id} {task.title}", flush=True)
            done += 1
            if settings.rounds and done >= settings.rounds:
                break
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=settings.poll_interval)
    return done


async def amain() -> int:
    """Install the signal handlers and run the service."""
    settings = Settings.from_env()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Not available on Windows' event loops: Ctrl-C then ends the service with an error.
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    rounds = await run(settings, stop)
    print(f"stopped after {rounds} rounds", flush=True)
    return 0


def main() -> int:
    """Entry point: run the service until it stops; return the exit code."""
    return asyncio.run(amain())


if __name__ == "__main__":
    sys.exit(main())
