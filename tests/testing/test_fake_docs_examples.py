"""The fake's responses have the shape of the documented examples.

The examples below are copied from the documentation pages (NEW task docs, OLD task docs,
project docs, time-tracking docs; the ``[ … ]`` lists elided by the docs are left empty).
Each response must carry the same keys; where the fake sends more, the extras are named.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from webwork_async.testing import FakeWebWork

if TYPE_CHECKING:
    from conftest import World

WS = {"workspace_id": 1}


def documented(text: str) -> dict[str, Any]:
    """An example as printed in the docs (wrapped here at spaces)."""
    return dict(json.loads(text.replace("\n", " ")))


NEW_TASK = documented("""{ "success": true, "data": { "id": 1, "title": "Implement user
authentication", "description": "Add OAuth2 authentication support", "project_id": 100,
"owner_id": 10, "creator_id": 42, "status": 10, "status_name": "In Progress", "status_color":
"#FFC107", "priority": 30, "priority_name": "Normal", "start_date": "2024-01-15", "end_date":
"2024-01-30", "completed_at": "2024-01-25T14:30:00+00:00", "assignees": [], "created_at":
"2024-01-15T09:00:00+00:00", "updated_at": "2024-01-20T14:30:00+00:00", "deleted_at": null },
"message": "Task created successfully", "meta": { "api_version": "2.0.0", "timestamp":
"2019-08-24T14:15:22Z" } }""")

OLD_ASSIGN = documented("""{ "success": true, "data": { "id": 100, "firstname": "John",
"lastname": "Doe", "email": "john.doe@example.com", "user_id": 100, "task_id": 500,
"assigner_id": 101 }, "message": "Task assigned successfully", "meta": { "api_version": "2.0.0",
"timestamp": "2019-08-24T14:15:22Z" } }""")

UNASSIGN = documented("""{ "success": true, "data": null, "message": "Task unassigned
successfully", "meta": { "api_version": "2.0.0", "timestamp": "2019-08-24T14:15:22Z" } }""")

PROJECT = documented("""{ "success": true, "message": "Project created successfully", "data":
{ "id": 100, "name": "Marketing Campaign Q1", "owner_id": 10, "start_date": "2024-01-15",
"deadline": "2024-03-31", "estimation": 120, "budget_estimation": 5000, "notes": "Focus on
social media channels", "icon": "project-icon-1", "is_billable": true, "rate": 0,
"weekly_hours_limit": 168, "screenshots": "blur", "tags": [], "contracts_count": 3, "status":
1, "created_at": "2024-01-15T09:00:00Z", "updated_at": "2024-01-15T09:00:00Z", "deleted_at":
null }, "meta": { "api_version": "2.0.0", "timestamp": "2019-08-24T14:15:22Z" } }""")

START = documented("""{ "success": true, "message": "Time tracking started successfully",
"data": { "message": "Time tracking started successfully", "start_time":
"2024-01-15T10:30:00Z", "contract_id": 560314, "project_id": 285469, "task_id": 12345 },
"meta": { "api_version": "2.0.0", "timestamp": "2019-08-24T14:15:22Z" } }""")

STOP = documented("""{ "success": true, "message": "Time tracking stopped successfully",
"data": { "message": "Time tracking stopped successfully", "stopped_at":
"2024-01-15T18:30:00Z" }, "meta": { "api_version": "2.0.0", "timestamp":
"2019-08-24T14:15:22Z" } }""")


def assert_shaped_like(
    actual: dict[str, Any], example: dict[str, Any], extras: frozenset[str] = frozenset()
) -> None:
    """Same envelope keys, same data keys (plus ``extras``), same value types."""
    assert set(actual) == set(example)
    assert actual["message"] == example["message"]
    assert set(actual["meta"]) == set(example["meta"])
    data, expected = actual["data"], example["data"]
    if expected is None:
        assert data is None
        return
    assert set(data) == set(expected) | extras
    for key, value in expected.items():
        if value is not None and data[key] is not None:
            assert type(data[key]) is type(value), key


def same_format(actual: str, example: str) -> bool:
    """Whether two strings are written alike, digits aside."""
    return re.sub(r"\d", "0", actual) == re.sub(r"\d", "0", example)


def test_task_like_the_new_docs(client: httpx.Client, world: World) -> None:
    created = client.post(
        "/tasks",
        json={
            **WS,
            "project_id": world.project_id,
            "title": "Implement user authentication",
            "description": "Add OAuth2 authentication support",
            "status": 20,
            "priority": 30,
            "start_date": "2024-01-15",
            "end_date": "2024-01-30",
            "assignees": [world.ann],
        },
    ).json()

    assert_shaped_like(created, NEW_TASK, extras=frozenset({"parent_id"}))
    data, example = created["data"], NEW_TASK["data"]
    for key in ("completed_at", "created_at", "updated_at"):
        assert same_format(data[key], example[key]), key
    assert same_format(created["meta"]["timestamp"], NEW_TASK["meta"]["timestamp"])


@pytest.mark.parametrize("message", ["Task retrieved successfully", "Task updated successfully"])
def test_task_get_and_update_like_the_docs(
    client: httpx.Client, world: World, message: str
) -> None:
    scope = {**WS, "project_id": world.project_id}
    path = f"/tasks/{world.task_id}"
    if message.endswith("updated successfully"):
        body = client.put(path, json={**scope, "status": 10, "priority": 20}).json()
    else:
        body = client.get(path, params=scope).json()

    assert_shaped_like(body, {**NEW_TASK, "message": message}, extras=frozenset({"parent_id"}))


def test_assign_like_the_old_docs(client: httpx.Client, world: World) -> None:
    body = client.post(
        f"/tasks/{world.task_id}/assign/{world.bob}", json={**WS, "project_id": world.project_id}
    ).json()

    assert_shaped_like(body, OLD_ASSIGN)


def test_unassign_like_the_docs(client: httpx.Client, world: World) -> None:
    body = client.request(
        "DELETE",
        f"/tasks/{world.task_id}/unassign/{world.ann}",
        json={**WS, "project_id": world.project_id},
    ).json()

    assert_shaped_like(body, UNASSIGN)


def test_project_like_the_docs(client: httpx.Client) -> None:
    body = client.post(
        "/projects",
        json={
            **WS,
            "name": "Marketing Campaign Q1",
            "start_date": "2024-01-15",
            "deadline": "2024-03-31",
            "estimation": 120,
            "budget": 5000,
            "notes": "Focus on social media channels",
            "icon": "project-icon-1",
        },
    ).json()

    assert_shaped_like(body, PROJECT)
    for key in ("created_at", "updated_at"):
        assert same_format(body["data"][key], PROJECT["data"][key])


def test_time_tracking_like_the_docs(client: httpx.Client, world: World) -> None:
    started = client.post(
        "/time-tracking/start",
        json={
            **WS,
            "user_id": world.ann,
            "contract_id": world.contract_id,
            "task_id": world.task_id,
        },
    ).json()
    stopped = client.post("/time-tracking/stop", json={**WS, "user_id": world.ann}).json()

    # NEW docs add activity_description to the start data and use +00:00 offsets
    assert_shaped_like(started, START, extras=frozenset({"activity_description"}))
    assert_shaped_like(stopped, STOP)
    assert started["data"]["start_time"].endswith("+00:00")


OLD_TIME_REQUEST = documented("""{ "success": true, "data": { "id":
"a1b2c3d4-e5f6-7890-abcd-ef1234567890", "user_id": 100, "contract_id": 500, "project_id": 200,
"task_id": 300, "start": "2024-01-15T09:00:00Z", "end": "2024-01-15T17:00:00Z", "status":
"pending", "notes": "Working on project documentation", "comment": "Time entry conflicts with
project schedule", "updated_by": 101, "created_at": "2024-01-15T08:00:00Z", "updated_at":
"2024-01-15T10:30:00Z" }, "message": "Time request created successfully", "meta": {
"api_version": "2.0.0", "timestamp": "2019-08-24T14:15:22Z" } }""")

LEAVE_CREATED = {"success": True, "message": "string", "meta": {}}

TIME_ENTRY_CREATED = documented("""{ "success": true, "message": "8 hr successfully added for
John Doe.", "saved_minutes": 480, "data": { "user_id": 100, "contract_id": 20, "project_id": 10,
"project_name": "Website Redesign", "task_id": 5, "task_title": "Update homepage design",
"activity_description": "Working on feature implementation", "method": "Manually added time" },
"meta": { "api_version": "2.0.0", "timestamp": "2019-08-24T14:15:22Z" } }""")


def test_time_request_like_the_old_docs(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    request_id = fake.add_time_request(
        world.ann,
        "2024-01-15T09:00:00Z",
        "2024-01-15T17:00:00Z",
        contract_id=world.contract_id,
        task_id=world.task_id,
        notes="Working on project documentation",
    )

    body = client.get(f"/time-requests/{request_id}", params=WS).json()

    example = {**OLD_TIME_REQUEST, "message": "Time request retrieved successfully"}
    assert_shaped_like(body, example, extras=frozenset({"activity_description"}))
    for key in ("start", "end", "created_at", "updated_at"):
        assert same_format(body["data"][key], OLD_TIME_REQUEST["data"][key]), key


def test_leave_request_like_the_docs(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    policy = fake.add_leave_policy("Vacation")
    body = client.post(
        "/leaves",
        json={
            **WS,
            "policy_id": policy,
            "start": "2026-02-10",
            "end": "2026-02-12",
            "user_id": world.ann,
            "reason": "I will be out of office for the next 2 days",
            "leave_period": 0,
        },
    ).json()

    assert set(body) == set(LEAVE_CREATED)


def test_time_entry_like_the_docs(client: httpx.Client, world: World) -> None:
    body = client.post(
        "/time-entries",
        json={
            **WS,
            "user_id": world.ann,
            "contract_id": world.contract_id,
            "task_id": world.task_id,
            "notes": "Working on feature implementation",
            "date": "2026-01-29",
            "start_time": "09:00",
            "end_time": "17:00",
        },
    ).json()

    # the documented field list is cut after "method"; the rest is what GET lists
    rest = frozenset({"id", "date", "start_time", "end_time", "duration_minutes"})
    example = {**TIME_ENTRY_CREATED, "message": "8 hr successfully added for Ann Lee."}
    assert_shaped_like(body, example, extras=rest)
    assert body["saved_minutes"] == 480
