"""Tasks, custom statuses and assignments on the fake."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import anyio
import httpx
import pytest

from webwork_async.testing import FakeWebWork

if TYPE_CHECKING:
    from conftest import World

WS = {"workspace_id": 1}
OFFSET_TS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00")


def delete(client: httpx.Client, path: str, body: dict[str, Any]) -> httpx.Response:
    # httpx's .delete() takes no body; the API's DELETEs carry JSON
    return client.request("DELETE", path, json=body)


# -- listing -----------------------------------------------------------------------------------


def test_list_needs_project_or_contract(client: httpx.Client) -> None:
    response = client.get("/tasks", params=WS)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "project_id": ["The project id field is required when contract id is not present."]
    }


def test_list_by_contract_resolves_its_project(client: httpx.Client, world: World) -> None:
    by_contract = client.get("/tasks", params={**WS, "contract_id": world.contract_id}).json()
    mismatch = client.get(
        "/tasks",
        params={**WS, "contract_id": world.contract_id, "project_id": world.other_project_id},
    )
    unknown = client.get("/tasks", params={**WS, "contract_id": 4})

    assert [t["id"] for t in by_contract["data"]] == [world.task_id]
    assert by_contract["message"] == "Tasks retrieved successfully"
    assert mismatch.status_code == 422
    assert unknown.status_code == 404
    assert unknown.json()["message"] == "Contract not found"


def test_list_filters(client: httpx.Client, fake: FakeWebWork) -> None:
    project_id = fake.add_project("Filters")
    urgent_done = fake.add_task(project_id, "a", status=20, priority=10)
    fake.add_task(project_id, "b", status=20, priority=40)
    fake.add_task(project_id, "c", status=0, priority=10)
    params = {**WS, "project_id": project_id}

    done = client.get("/tasks", params={**params, "status": 20}).json()["data"]
    both = client.get("/tasks", params={**params, "status": 20, "priority": 10}).json()["data"]
    bad_priority = client.get("/tasks", params={**params, "priority": 15})

    assert len(done) == 2
    assert [t["id"] for t in both] == [urgent_done]
    assert bad_priority.status_code == 422


def test_unknown_project_is_404(client: httpx.Client) -> None:
    response = client.get("/tasks", params={**WS, "project_id": 424242})

    assert response.status_code == 404
    assert response.json()["message"] == "Project not found"


# -- custom statuses ---------------------------------------------------------------------------


def test_custom_status_round_trip(client: httpx.Client, fake: FakeWebWork) -> None:
    info = fake.seed_workspace(tasks_per_project=0, members=1, custom_statuses=True)
    project_id = info.project_ids[0]
    in_review = fake.add_task(project_id, "Review me", status=11)
    verified = fake.add_task(project_id, "Verified", status=21)
    fake.add_task(project_id, "Open", status=0)

    listed = client.get("/tasks", params={**WS, "project_id": project_id, "status": 11}).json()
    got = client.get(f"/tasks/{verified}", params={**WS, "project_id": project_id}).json()["data"]

    assert info.status_codes == (1, 2, 11, 21)
    assert [t["id"] for t in listed["data"]] == [in_review]
    assert listed["data"][0]["status_name"] == "In Review"
    assert listed["data"][0]["completed_at"] is None
    assert got["status"] == 21
    assert got["status_name"] == "Verified"
    assert got["completed_at"] is not None


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_custom_status_is_rejected_on_writes(
    client: httpx.Client, world: World, fake: FakeWebWork, method: str
) -> None:
    fake.add_custom_status(11, "In Review")
    body = {**WS, "project_id": world.project_id, "title": "x", "status": 11}
    path = "/tasks" if method == "POST" else f"/tasks/{world.task_id}"

    response = client.request(method, path, json=body)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "status": [
            "The selected status is invalid. Only base status codes (0, 10, 20, 30) are accepted."
        ]
    }
    assert fake.task(world.task_id)["status"] == 0


def test_add_task_rejects_undefined_status(fake: FakeWebWork, world: World) -> None:
    with pytest.raises(ValueError, match="status 11"):
        fake.add_task(world.project_id, "x", status=11)


# -- create / get / update / delete ------------------------------------------------------------


def test_create_task_like_the_docs(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    response = client.post(
        "/tasks",
        json={
            **WS,
            "project_id": world.project_id,
            "title": "Implement user authentication",
            "description": "Add OAuth2 authentication support",
            "status": 0,
            "priority": 30,
            "start_date": "2024-01-15",
            "end_date": "2024-01-30",
            "assignees": [world.ann, world.bob],
        },
    )

    assert response.status_code == 201
    assert response.json()["message"] == "Task created successfully"
    task = response.json()["data"]
    assert task["title"] == "Implement user authentication"
    assert task["project_id"] == world.project_id
    assert task["owner_id"] == fake.owner_id
    assert task["creator_id"] == fake.owner_id
    assert (task["status"], task["status_name"], task["status_color"]) == (0, "Open", "#6C757D")
    assert (task["priority"], task["priority_name"]) == (30, "Normal")
    assert [a["id"] for a in task["assignees"]] == [world.ann, world.bob]
    assert task["assignees"][0] == {
        "id": world.ann,
        "firstname": "Ann",
        "lastname": "Lee",
        "email": "ann@example.com",
    }
    assert OFFSET_TS.fullmatch(task["created_at"])
    assert task["completed_at"] is None
    assert task["deleted_at"] is None
    assert fake.applied[("create_task", task["id"])] == 1
    assert fake.applied[("assign", (task["id"], world.ann))] == 1
    assert fake.task_assignees(task["id"]) == {world.ann, world.bob}


def test_create_task_defaults(client: httpx.Client, world: World) -> None:
    task = client.post("/tasks", json={**WS, "project_id": world.project_id, "title": "t"}).json()

    assert task["data"]["status"] == 0
    assert task["data"]["priority"] is None  # NEW docs: defaults to null
    assert task["data"]["priority_name"] is None
    assert task["data"]["assignees"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"project_id": None}, "project_id"),
        ({"priority": 25}, "priority"),
        ({"status": "done"}, "status"),
        ({"start_date": "2024-02-30"}, "start_date"),
        ({"start_date": "2024-02-01", "end_date": "2024-01-01"}, "end_date"),
        ({"assignees": "ann"}, "assignees"),
        ({"assignees": [999999]}, "assignees.0"),
        ({"parent_id": 1}, "parent_id"),
    ],
)
def test_create_task_validation(
    client: httpx.Client, world: World, fake: FakeWebWork, change: dict[str, object], field: str
) -> None:
    body = {**WS, "project_id": world.project_id, "title": "t", **change}

    response = client.post("/tasks", json=body)

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not fake.applied


def test_former_members_cannot_be_assignees(client: httpx.Client, world: World) -> None:
    body = {**WS, "project_id": world.project_id, "title": "t", "assignees": [world.gone]}

    assert client.post("/tasks", json=body).status_code == 422


def test_create_subtask(client: httpx.Client, world: World) -> None:
    body = {**WS, "project_id": world.project_id, "title": "sub", "parent_id": world.task_id}
    other_project_parent = {**body, "parent_id": world.other_task_id}

    assert client.post("/tasks", json=body).json()["data"]["parent_id"] == world.task_id
    assert client.post("/tasks", json=other_project_parent).status_code == 422


def test_get_task(client: httpx.Client, world: World) -> None:
    path = f"/tasks/{world.task_id}"
    found = client.get(path, params={**WS, "project_id": world.project_id})
    wrong_project = client.get(path, params={**WS, "project_id": world.other_project_id})
    no_project = client.get(path, params=WS)
    missing = client.get("/tasks/1", params={**WS, "project_id": world.project_id})
    not_a_number = client.get("/tasks/abc", params={**WS, "project_id": world.project_id})

    assert found.json()["message"] == "Task retrieved successfully"
    assert found.json()["data"]["id"] == world.task_id
    assert wrong_project.status_code == 404
    assert wrong_project.json()["message"] == "Task not found"
    assert no_project.status_code == 422
    assert missing.status_code == 404
    assert not_a_number.status_code == 404


def test_update_only_the_given_fields(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    fake_path = f"/tasks/{world.task_id}"
    scope = {**WS, "project_id": world.project_id}
    client.put(fake_path, json={**scope, "description": "Details", "priority": 20})

    response = client.put(fake_path, json={**scope, "title": "Write better docs"})

    task = response.json()["data"]
    assert response.json()["message"] == "Task updated successfully"
    assert task["title"] == "Write better docs"
    assert task["description"] == "Details"
    assert task["priority"] == 20
    cleared = client.put(fake_path, json={**scope, "description": None, "priority": None})
    assert cleared.json()["data"]["description"] is None
    assert cleared.json()["data"]["priority"] is None
    assert fake.applied[("update_task", world.task_id)] == 3


def test_update_validation(client: httpx.Client, world: World) -> None:
    path = f"/tasks/{world.task_id}"
    scope = {**WS, "project_id": world.project_id}
    client.put(path, json={**scope, "start_date": "2024-03-01"})

    empty_title = client.put(path, json={**scope, "title": " "})
    end_before_stored_start = client.put(path, json={**scope, "end_date": "2024-02-01"})
    own_parent = client.put(path, json={**scope, "parent_id": world.task_id})
    other_project = client.put(path, json={**WS, "project_id": world.other_project_id})

    assert empty_title.json()["errors"] == {"title": ["The title field is required."]}
    assert list(end_before_stored_start.json()["errors"]) == ["end_date"]
    assert list(own_parent.json()["errors"]) == ["parent_id"]
    assert other_project.status_code == 404


def test_completed_at_follows_the_status(client: httpx.Client, world: World) -> None:
    path = f"/tasks/{world.task_id}"
    scope = {**WS, "project_id": world.project_id}

    done = client.put(path, json={**scope, "status": 20}).json()["data"]
    closed = client.put(path, json={**scope, "status": 30}).json()["data"]
    reopened = client.put(path, json={**scope, "status": 10}).json()["data"]

    assert OFFSET_TS.fullmatch(done["completed_at"])
    assert closed["completed_at"] == done["completed_at"]
    assert reopened["completed_at"] is None
    assert reopened["status_name"] == "In Progress"


def test_noop_update_is_not_applied(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    body = {**WS, "project_id": world.project_id, "title": "Write docs"}

    response = client.put(f"/tasks/{world.task_id}", json=body)

    assert response.status_code == 200
    assert fake.applied[("update_task", world.task_id)] == 0


def test_delete_task(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    scope = {**WS, "project_id": world.project_id}

    response = delete(client, f"/tasks/{world.task_id}", scope)
    again = delete(client, f"/tasks/{world.task_id}", scope)

    assert response.status_code == 200
    assert response.json()["data"] is None
    assert response.json()["message"] == "Task deleted successfully"
    assert again.status_code == 404
    assert client.get(f"/tasks/{world.task_id}", params=scope).status_code == 404
    assert world.task_id not in fake.tasks
    assert fake.applied[("delete_task", world.task_id)] == 1


def test_task_writes_need_a_manager(
    client_for: Callable[[str], httpx.Client], world: World, fake: FakeWebWork
) -> None:
    ann, bob = client_for("ann-token"), client_for("bob-token")
    body = {**WS, "project_id": world.project_id, "title": "t"}

    assert ann.post("/tasks", json=body).status_code == 403
    assert ann.get("/tasks", params={**WS, "project_id": world.project_id}).status_code == 200
    assert ann.get("/tasks", params={**WS, "project_id": world.other_project_id}).status_code == 403
    assert bob.post("/tasks", json=body).status_code == 201
    task = fake.tasks[max(fake.tasks)]
    assert task["creator_id"] == world.bob


# -- assignees ---------------------------------------------------------------------------------


def test_list_assignees(client: httpx.Client, world: World) -> None:
    response = client.get(
        f"/tasks/{world.task_id}/assignees", params={**WS, "project_id": world.project_id}
    )

    assert response.json()["message"] == "Task assignees retrieved successfully"
    assert response.json()["data"] == [
        {"id": world.ann, "firstname": "Ann", "lastname": "Lee", "email": "ann@example.com"}
    ]


def test_assign_is_idempotent(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    path = f"/tasks/{world.task_id}/assign/{world.bob}"
    scope = {**WS, "project_id": world.project_id}

    first = client.post(path, json=scope)
    second = client.post(path, json=scope)

    assert first.status_code == second.status_code == 200
    assert first.json()["message"] == "Task assigned successfully"
    assert first.json()["data"] == second.json()["data"]
    assert first.json()["data"] == {
        "id": first.json()["data"]["id"],
        "user_id": world.bob,
        "task_id": world.task_id,
        "firstname": "Bob",
        "lastname": "Marley",
        "email": "bob@example.com",
        "assigner_id": fake.owner_id,
    }
    assert fake.applied[("assign", (world.task_id, world.bob))] == 1
    assert fake.stats.by_route[("POST", "/tasks/{taskId}/assign/{userId}")] == 2
    assert fake.task_assignees(world.task_id) == {world.ann, world.bob}


def test_assign_unknown_or_former_user(client: httpx.Client, world: World) -> None:
    scope = {**WS, "project_id": world.project_id}

    unknown = client.post(f"/tasks/{world.task_id}/assign/999999", json=scope)
    former = client.post(f"/tasks/{world.task_id}/assign/{world.gone}", json=scope)
    wrong_project = client.post(
        f"/tasks/{world.task_id}/assign/{world.bob}",
        json={**WS, "project_id": world.other_project_id},
    )

    assert unknown.status_code == 404
    assert unknown.json()["message"] == "User not found"
    assert former.status_code == 422
    assert former.json()["message"] == "The user is not a member of this workspace."
    assert wrong_project.status_code == 404


def test_unassign(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    path = f"/tasks/{world.task_id}/unassign/{world.ann}"
    scope = {**WS, "project_id": world.project_id}

    first = delete(client, path, scope)
    second = delete(client, path, scope)

    assert first.status_code == 200
    assert first.json()["data"] is None
    assert first.json()["message"] == "Task unassigned successfully"
    assert second.status_code == 404
    assert second.json()["message"] == "User is not assigned to this task"
    assert fake.applied[("unassign", (world.task_id, world.ann))] == 1
    assert fake.task_assignees(world.task_id) == set()


def test_reassigning_after_unassign_is_a_new_assignment(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    scope = {**WS, "project_id": world.project_id}
    before = client.post(f"/tasks/{world.task_id}/assign/{world.ann}", json=scope).json()["data"]
    delete(client, f"/tasks/{world.task_id}/unassign/{world.ann}", scope)

    after = client.post(f"/tasks/{world.task_id}/assign/{world.ann}", json=scope).json()["data"]

    assert after["id"] != before["id"]
    assert fake.applied[("assign", (world.task_id, world.ann))] == 1  # seeding is not counted


@pytest.mark.anyio
async def test_concurrent_assignments_apply_once(
    aclient: httpx.AsyncClient, fake: FakeWebWork, world: World
) -> None:
    users = [fake.add_member(f"u{n}@example.com", "U", str(n)) for n in range(20)]
    scope = {**WS, "project_id": world.project_id}

    async def assign(user_id: int) -> None:
        response = await aclient.post(f"/tasks/{world.task_id}/assign/{user_id}", json=scope)
        assert response.status_code == 200

    async with anyio.create_task_group() as tg:
        for user_id in users * 3:
            tg.start_soon(assign, user_id)

    assert fake.task_assignees(world.task_id) == {world.ann, *users}
    assert all(fake.applied[("assign", (world.task_id, u))] == 1 for u in users)
    assert fake.stats.by_route[("POST", "/tasks/{taskId}/assign/{userId}")] == 60
