"""Task status and priority as the enum, the int code or the name, in filters and fields."""

from __future__ import annotations

from typing import Any

import pytest
import respx

from support import TASK_NEW, TOKEN, last_request, ok, sent_json
from webwork_async import AsyncWebWork, InvalidRequestError, TaskPriority, TaskStatus


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("open", "0"),
        ("in_progress", "10"),
        ("In Progress", "10"),
        ("IN-PROGRESS", "10"),
        ("  done ", "20"),
        ("Closed", "30"),
        ("doing", "10"),  # the older documentation's name for the same code
        (TaskStatus.DONE, "20"),
        (20, "20"),
        (11, "11"),  # custom workspace codes still filter as their exact int
        (TaskStatus(21), "21"),
        (1, "1"),
        (2, "2"),
    ],
)
async def test_list_filters_by_status_given_any_way(
    api: respx.MockRouter, status: Any, code: str
) -> None:
    route = api.get("/tasks").mock(return_value=ok([]))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        await client.tasks.list(project_id=100, status=status).to_list()
    assert dict(last_request(route).url.params) == {
        "workspace_id": "1",
        "project_id": "100",
        "status": code,
        "page": "1",
        "per_page": "100",
    }


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("priority", "code"),
    [("urgent", "10"), ("High", "20"), ("NORMAL", "30"), ("low", "40"), (TaskPriority.LOW, "40")],
)
async def test_list_filters_by_priority_given_any_way(
    api: respx.MockRouter, priority: Any, code: str
) -> None:
    route = api.get("/tasks").mock(return_value=ok([]))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        await client.tasks.list(project_id=100, priority=priority).to_list()
    assert last_request(route).url.params["priority"] == code


@pytest.mark.anyio
async def test_create_and_update_send_names_as_codes(api: respx.MockRouter) -> None:
    created = api.post("/tasks").mock(return_value=ok(TASK_NEW, status=201))
    updated = api.put("/tasks/1").mock(return_value=ok(TASK_NEW))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        await client.tasks.create(
            project_id=100, title="Write docs", status="In Progress", priority="urgent"
        )
        await client.tasks.update(1, project_id=100, status="completed", priority="Low")
    assert sent_json(created) == {
        "workspace_id": 1,
        "project_id": 100,
        "title": "Write docs",
        "status": 10,
        "priority": 10,
    }
    assert sent_json(updated) == {
        "workspace_id": 1,
        "project_id": 100,
        "status": 30,
        "priority": 40,
    }


@pytest.mark.anyio
async def test_custom_status_decodes_to_its_int_and_filters_back_as_it(
    api: respx.MockRouter,
) -> None:
    review = {**TASK_NEW, "status": 21, "status_name": "Verified"}
    route = api.get("/tasks").mock(return_value=ok([review]))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        [task] = await client.tasks.list(project_id=100, status=21).to_list()
        await client.tasks.list(project_id=100, status=task.status).to_list()
    assert int(task.status) == 21
    assert task.status.is_custom
    assert last_request(route).url.params["status"] == "21"


BAD = [
    pytest.param(
        lambda c: c.tasks.list(project_id=1, status="opened"),
        "status",
        "unknown TaskStatus name 'opened': use one of open, in_progress, done, closed, "
        "incomplete, doing, completed, or an int code",
        id="list-status",
    ),
    pytest.param(
        lambda c: c.tasks.list(project_id=1, priority="critical"),
        "priority",
        "unknown TaskPriority name 'critical': use one of urgent, high, normal, low, "
        "or an int code",
        id="list-priority",
    ),
    pytest.param(
        lambda c: c.tasks.create(project_id=1, title="x", status="custom_11"),
        "status",
        "unknown TaskStatus name 'custom_11'",
        id="create-custom-name",
    ),
    pytest.param(
        lambda c: c.tasks.update(1, project_id=1, priority=""),
        "priority",
        "unknown TaskPriority name ''",
        id="update-empty",
    ),
    pytest.param(
        lambda c: c.tasks.update(1, project_id=1, status=b"open"),
        "status",
        "must be a TaskStatus, an int code or a name, got bytes b'open'",
        id="update-bytes",
    ),
]


@pytest.mark.anyio
@pytest.mark.parametrize(("call", "field", "problem"), BAD)
async def test_an_unknown_name_is_an_error_naming_the_field_before_any_request(
    api: respx.MockRouter, call: Any, field: str, problem: str
) -> None:
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await call(client)  # list() raises when called, before anything is awaited
    assert caught.value.field == field
    assert caught.value.problem.startswith(problem)
    assert not api.calls
