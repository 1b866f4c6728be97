"""Project viewers: create (an invitation), read, archive/restore, project access."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx
import pytest

from webwork_async.testing import FakeWebWork

if TYPE_CHECKING:
    from conftest import World

WS = {"workspace_id": 1}
VIEWER = {"email": "client@example.com", "firstname": "Cleo", "lastname": "Client"}


@pytest.fixture
def viewer(fake: FakeWebWork, world: World) -> int:
    fake.add_token(
        "viewer-token",
        viewer_id := fake.add_project_viewer(
            "view@example.com", "Vera", "Viewer", project_ids=[world.project_id]
        ),
    )
    return viewer_id


def test_create_viewer_records_an_invitation(client: httpx.Client, fake: FakeWebWork) -> None:
    response = client.post("/project-viewers", json={**WS, **VIEWER})

    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "Project viewer created successfully"
    data = body["data"]
    assert set(data) == {
        "id",
        "email",
        "firstname",
        "lastname",
        "status",
        "member_since",
        "projects",
    }
    assert (data["status"], data["projects"]) == ("active", [])
    assert fake.invitations[-1]["email"] == "client@example.com"
    assert fake.invitations[-1]["role"] == "Project viewer"
    assert fake.members[data["id"]]["current_role"] == "Project viewer"
    assert fake.applied[("create_project_viewer", data["id"])] == 1


@pytest.mark.parametrize("missing", ["email", "firstname", "lastname"])
def test_create_viewer_requires_every_field(client: httpx.Client, missing: str) -> None:
    body = {**WS, **{k: v for k, v in VIEWER.items() if k != missing}}

    response = client.post("/project-viewers", json=body)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [missing]


def test_create_viewer_with_a_members_email_is_422(client: httpx.Client, world: World) -> None:
    response = client.post("/project-viewers", json={**WS, **VIEWER, "email": "bob@example.com"})

    assert response.json()["errors"] == {"email": ["The email has already been taken."]}


def test_list_and_get_viewers(client: httpx.Client, world: World, viewer: int) -> None:
    listed = client.get("/project-viewers", params=WS).json()
    by_email = client.get("/project-viewers", params={**WS, "email": "VIEW@example.com"})
    one = client.get(f"/project-viewers/{viewer}", params=WS).json()

    assert [v["id"] for v in listed["data"]] == [viewer]
    assert listed["meta"]["pagination"]["total"] == 1
    assert [v["id"] for v in by_email.json()["data"]] == [viewer]
    assert one["message"] == "Project viewer retrieved successfully"
    assert one["data"]["projects"] == [{"project_id": world.project_id, "project_name": "Website"}]


@pytest.mark.parametrize("spelling", ["{}", "0{}"])
def test_viewer_id_may_be_a_numeric_string(
    client: httpx.Client, viewer: int, spelling: str
) -> None:
    response = client.get(f"/project-viewers/{spelling.format(viewer)}", params=WS)

    assert response.json()["data"]["id"] == viewer


def test_members_are_not_viewers(client: httpx.Client, world: World) -> None:
    for path in (f"/project-viewers/{world.ann}", "/project-viewers/abc"):
        response = client.get(path, params=WS)
        assert response.status_code == 404
        assert response.json()["message"] == "Project viewer not found"


def test_viewers_see_only_their_projects(
    client_for: Callable[[str], httpx.Client], world: World, viewer: int
) -> None:
    vera = client_for("viewer-token")

    projects = vera.get("/projects", params=WS).json()["data"]

    assert [p["id"] for p in projects] == [world.project_id]
    assert vera.get(f"/projects/{world.other_project_id}", params=WS).status_code == 403


def test_archived_viewers_lose_their_projects(
    client: httpx.Client, client_for: Callable[[str], httpx.Client], world: World, viewer: int
) -> None:
    vera = client_for("viewer-token")
    client.request("DELETE", f"/project-viewers/{viewer}", json=WS)

    assert vera.get("/projects", params=WS).json()["data"] == []
    client.post(f"/project-viewers/{viewer}/restore", json=WS)
    assert len(vera.get("/projects", params=WS).json()["data"]) == 1


def test_assign_and_unassign_project(
    client: httpx.Client, world: World, viewer: int, fake: FakeWebWork
) -> None:
    path = f"/project-viewers/{viewer}"
    body = {**WS, "project_id": world.other_project_id}

    assigned = client.post(f"{path}/assign-project", json=body)
    twice = client.post(f"{path}/assign-project", json=body)
    both = client.get(path, params=WS).json()["data"]["projects"]
    unassigned = client.request("DELETE", f"{path}/unassign-project", json=body)
    missing = client.request("DELETE", f"{path}/unassign-project", json=body)

    assert assigned.json()["message"] == "Project assigned to viewer successfully"
    assert assigned.json()["data"] is None
    assert twice.status_code == 200
    assert [p["project_id"] for p in both] == [world.project_id, world.other_project_id]
    assert unassigned.json()["message"] == "Project unassigned from viewer successfully"
    assert missing.status_code == 404
    assert fake.applied[("assign_project_to_viewer", (viewer, world.other_project_id))] == 1
    assert fake.applied[("unassign_project_from_viewer", (viewer, world.other_project_id))] == 1


def test_assign_validation(client: httpx.Client, viewer: int) -> None:
    path = f"/project-viewers/{viewer}/assign-project"

    assert list(client.post(path, json=WS).json()["errors"]) == ["project_id"]
    unknown = client.post(path, json={**WS, "project_id": 999999})
    assert unknown.json()["errors"] == {"project_id": ["The selected project id is invalid."]}


def test_archive_and_restore(
    client: httpx.Client, world: World, viewer: int, fake: FakeWebWork
) -> None:
    path = f"/project-viewers/{viewer}"

    archived = client.request("DELETE", path, json=WS)
    status = client.get(path, params=WS).json()["data"]["status"]
    refused = client.post(
        f"{path}/assign-project", json={**WS, "project_id": world.other_project_id}
    )
    restored = client.post(f"{path}/restore", json=WS)

    assert archived.json()["message"] == "Project viewer archived successfully"
    assert status == "inactive"
    assert refused.status_code == 422
    assert restored.json()["message"] == "Project viewer restored successfully"
    assert restored.json()["data"]["status"] == "active"
    assert fake.applied[("archive_project_viewer", viewer)] == 1
    assert fake.applied[("restore_project_viewer", viewer)] == 1


def test_viewer_writes_need_an_owner_or_executive_manager(
    client_for: Callable[[str], httpx.Client], world: World, viewer: int
) -> None:
    bob = client_for("bob-token")  # a project manager: may read, may not write
    ann = client_for("ann-token")

    assert bob.get("/project-viewers", params=WS).status_code == 200
    assert ann.get("/project-viewers", params=WS).status_code == 403
    assert bob.post("/project-viewers", json={**WS, **VIEWER}).status_code == 403
    assert bob.request("DELETE", f"/project-viewers/{viewer}", json=WS).status_code == 403
    assert bob.post(f"/project-viewers/{viewer}/restore", json=WS).status_code == 403
