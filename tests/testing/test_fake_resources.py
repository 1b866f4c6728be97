"""Members, projects and contracts endpoints of the fake."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx
import pytest

from webwork_async.testing import FakeWebWork

if TYPE_CHECKING:
    from conftest import World

WS = {"workspace_id": 1}


# -- members ---------------------------------------------------------------------------------


def test_list_members_with_filters(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    everyone = client.get("/members", params=WS).json()["data"]
    by_email = client.get("/members", params={**WS, "email": "ANN@example.com"}).json()["data"]
    managers = client.get("/members", params={**WS, "role": "Project manager"}).json()["data"]
    left = client.get("/members", params={**WS, "status": "left"}).json()["data"]

    assert [m["id"] for m in everyone] == [fake.owner_id, world.ann, world.bob, world.gone]
    assert [m["id"] for m in by_email] == [world.ann]
    assert [m["id"] for m in managers] == [world.bob]
    assert [m["id"] for m in left] == [world.gone]


@pytest.mark.parametrize("params", [{"role": "Boss"}, {"status": "asleep"}])
def test_member_filters_are_validated(client: httpx.Client, params: dict[str, str]) -> None:
    response = client.get("/members", params={**WS, **params})

    assert response.status_code == 422
    assert response.json()["message"].startswith("The selected")


def test_get_member(client: httpx.Client, world: World) -> None:
    response = client.get(f"/members/{world.ann}", params=WS)
    missing = client.get("/members/999999", params=WS)

    assert response.json()["message"] == "Member retrieved successfully"
    member = response.json()["data"]
    assert member["email"] == "ann@example.com"
    assert member["current_role"] == "Regular User"
    assert {"id", "firstname", "lastname", "avatar", "timezone", "status", "title"} <= set(member)
    assert missing.status_code == 404
    assert missing.json()["message"] == "Member not found"


# -- projects --------------------------------------------------------------------------------

PROJECT_BODY = {
    "workspace_id": 1,
    "name": "Marketing Campaign Q1",
    "start_date": "2024-01-15",
    "deadline": "2024-03-31",
    "estimation": 120,
    "budget": 5000,
    "notes": "Focus on social media channels",
    "icon": "project-icon-1",
}


def test_create_project_like_the_docs(client: httpx.Client, fake: FakeWebWork) -> None:
    response = client.post("/projects", json=PROJECT_BODY)

    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "Project created successfully"
    project = body["data"]
    assert project["name"] == "Marketing Campaign Q1"
    assert project["budget_estimation"] == 5000
    assert "budget" not in project
    assert project["estimation"] == 120
    assert project["owner_id"] == fake.owner_id
    assert project["deleted_at"] is None
    assert fake.applied[("create_project", project["id"])] == 1


def test_create_project_with_workspace_in_query(client: httpx.Client) -> None:
    body = {k: v for k, v in PROJECT_BODY.items() if k != "workspace_id"}
    assert client.post("/projects", params=WS, json=body).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": None}, "name"),
        ({"name": "   "}, "name"),
        ({"deadline": "2024-01-01"}, "deadline"),
        ({"start_date": "15/01/2024"}, "start_date"),
        ({"budget": "lots"}, "budget"),
        ({"estimation": -1}, "estimation"),
    ],
)
def test_create_project_validation(
    client: httpx.Client, fake: FakeWebWork, change: dict[str, object], field: str
) -> None:
    response = client.post("/projects", json={**PROJECT_BODY, **change})

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not fake.applied


def test_deadline_before_start_message(client: httpx.Client) -> None:
    response = client.post("/projects", json={**PROJECT_BODY, "deadline": "2024-01-01"})

    assert response.json()["errors"] == {
        "deadline": ["The deadline field must be a date after or equal to start date."]
    }


def test_list_projects_filters_by_name(client: httpx.Client, world: World) -> None:
    found = client.get("/projects", params={**WS, "name": "web"}).json()
    everything = client.get("/projects", params=WS).json()

    assert [p["id"] for p in found["data"]] == [world.project_id]
    assert found["message"] == "Projects retrieved successfully"
    assert [p["id"] for p in everything["data"]] == [world.project_id, world.other_project_id]


def test_get_update_and_archive_project(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    path = f"/projects/{world.project_id}"
    got = client.get(path, params=WS).json()
    updated = client.put(path, json={**WS, "name": "Website v2", "budget": 6000})
    unchanged = client.put(path, json={**WS, "name": "Website v2"})
    bad_dates = client.put(path, json={**WS, "deadline": "2023-12-31"})
    deleted = client.request("DELETE", path, json=WS)

    assert got["message"] == "Project retrieved successfully"
    assert got["data"]["contracts_count"] == 1
    assert updated.json()["data"]["name"] == "Website v2"
    assert updated.json()["data"]["budget_estimation"] == 6000
    assert updated.json()["message"] == "Project updated successfully"
    assert unchanged.status_code == 200
    assert fake.applied[("update_project", world.project_id)] == 1
    assert bad_dates.status_code == 422  # checked against the stored start date
    assert deleted.json() == {
        "success": True,
        "data": None,
        "message": "Project deleted successfully",
        "meta": deleted.json()["meta"],
    }
    assert client.get(path, params=WS).status_code == 404
    listed = client.get("/projects", params=WS).json()["data"]
    assert world.project_id not in [p["id"] for p in listed]
    assert world.project_id not in fake.projects
    tasks = client.get("/tasks", params={**WS, "project_id": world.project_id})
    assert tasks.status_code == 404


def test_regular_users_see_their_projects_only(
    client_for: Callable[[str], httpx.Client], world: World
) -> None:
    ann = client_for("ann-token")

    listed = ann.get("/projects", params=WS).json()["data"]
    other = ann.get(f"/projects/{world.other_project_id}", params=WS)
    create = ann.post("/projects", json={**WS, "name": "Mine"})

    assert [p["id"] for p in listed] == [world.project_id]
    assert other.status_code == 403
    assert create.status_code == 403
    assert create.json()["message"] == "This action is unauthorized."


# -- contracts -------------------------------------------------------------------------------


def test_list_and_get_contracts(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    paused = fake.add_contract(world.other_project_id, world.bob, status="paused")

    everything = client.get("/contracts", params=WS).json()
    by_user = client.get("/contracts", params={**WS, "user_id": world.ann}).json()["data"]
    by_project = client.get("/contracts", params={**WS, "project_id": world.other_project_id})
    by_status = client.get("/contracts", params={**WS, "status": "paused"}).json()["data"]
    one = client.get(f"/contracts/{world.contract_id}", params=WS).json()

    assert everything["message"] == "Contracts retrieved successfully"
    assert [c["id"] for c in everything["data"]] == [world.contract_id, paused]
    assert [c["id"] for c in by_user] == [world.contract_id]
    assert [c["id"] for c in by_project.json()["data"]] == [paused]
    assert [c["id"] for c in by_status] == [paused]
    assert one["message"] == "Contract retrieved successfully"
    contract = one["data"]
    assert contract["project_name"] == "Website"
    assert contract["user_email"] == "ann@example.com"
    assert contract["user_role"] == "Regular User"
    assert contract["rate"] == 25
    assert contract["status"] == "active"
    assert client.get("/contracts/1", params=WS).status_code == 404


def test_contracts_of_regular_users(
    client_for: Callable[[str], httpx.Client], world: World, fake: FakeWebWork
) -> None:
    bob_contract = fake.add_contract(world.project_id, world.bob)
    ann = client_for("ann-token")

    mine = ann.get("/contracts", params=WS).json()["data"]
    one = ann.get(f"/contracts/{world.contract_id}", params=WS).json()["data"]

    assert [c["id"] for c in mine] == [world.contract_id]
    assert one["rate"] is None  # rates are only shown to owners and executive managers
    assert ann.get(f"/contracts/{bob_contract}", params=WS).status_code == 404
