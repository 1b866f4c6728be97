"""The async client under trio: list tasks, then assign several concurrently in a nursery.

``AsyncWebWork`` runs on anyio, so the same client and the same code work under
``trio.run`` as under ``asyncio.run``. This script lists the open tasks of a project, picks
the first few that nobody is assigned to, and assigns a member to each of them at once in a
trio nursery (the client's limiter and rate budget are shared by the concurrent calls).
A failed assignment is reported and does not cancel the others.

Settings (environment variables): ``WEBWORK_TOKEN``, ``WEBWORK_BASE_URL`` (optional),
``WEBWORK_WORKSPACE_ID``, ``PROJECT_ID``, ``ASSIGN_USER_ID`` (the member to assign) and
``ASSIGN_COUNT`` (how many tasks, default 3).

Run it with ``python examples/trio_usage.py``. Requires ``trio``.
"""

from __future__ import annotations

import os
import sys

import trio

from webwork_async import AsyncWebWork, Task, TaskAssignment, TaskStatus, WebWorkError

DEFAULT_BASE_URL = "https://api.webwork-tracker.com/api/v2"


async def assign_one(
    client: AsyncWebWork,
    task: Task,
    user_id: int,
    project_id: int,
    results: dict[int, TaskAssignment | WebWorkError],
) -> None:
    """Assign one task, recording the assignment or the error under the task's id."""
    try:
        results[task.id] = await client.tasks.assign(task.id, user_id, project_id=project_id)
    except WebWorkError as error:
        results[task.id] = error


async def amain(
    *, base_url: str, workspace_id: int, project_id: int, user_id: int, count: int
) -> int:
    """List, pick and assign; return the exit code (1 if an assignment failed)."""
    async with AsyncWebWork(workspace_id=workspace_id, base_url=base_url) as client:
        tasks = await client.tasks.list(project_id=project_id, status=TaskStatus.OPEN).to_list()
        unassigned = [task for task in tasks if not task.assignees][:count]
        print(f"{len(tasks)} open tasks, assigning user {user_id} to {len(unassigned)} of them")

        results: dict[int, TaskAssignment | WebWorkError] = {}
        async with trio.open_nursery() as nursery:
            for task in unassigned:
                nursery.start_soon(assign_one, client, task, user_id, project_id, results)

    failed = 0
    for task in unassigned:
        outcome = results[task.id]
        if isinstance(outcome, WebWorkError):
            failed += 1
            print(f"task {task.id}: FAILED: {outcome}")
        else:
            print(f"task {task.id}: assigned user {outcome.user_id}")
    return 1 if failed else 0


def main() -> int:
    """Read the settings and run under trio."""
    try:
        workspace_id = int(os.environ["WEBWORK_WORKSPACE_ID"])
        project_id = int(os.environ["PROJECT_ID"])
        user_id = int(os.environ["ASSIGN_USER_ID"])
    except KeyError as missing:
        raise SystemExit(f"missing environment variable {missing}") from None
    return trio.run(
        lambda: amain(
            base_url=os.environ.get("WEBWORK_BASE_URL") or DEFAULT_BASE_URL,
            workspace_id=workspace_id,
            project_id=project_id,
            user_id=user_id,
            count=int(os.environ.get("ASSIGN_COUNT", "3")),
        )
    )


if __name__ == "__main__":
    sys.exit(main())
