"""Member and contract writes: invite, update, archive; create, update, soft-delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx
import pytest

from webwork_async.testing import FakeWebWork

if TYPE_CHECKING:
    from conftest import World

WS = {"workspace_id": 1}
INVITE = {"email": "new.hire@example.com", "firstname": "New", "lastname": "Hire"}


# -- members ---------------------------------------------------------------------------------


def test_invite_member(client: httpx.Client, fake: FakeWebWork) -> None:
    response = client.post("/members", params=WS, json={**INVITE, "role": "Project manager"})

    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "Member invited successfully"
    user_id = body["data"]["user_id"]
    assert set(body["data"]) == {"user_id", "invitation_link"}
    link = body["data"]["invitation_link"]
    assert link.startswith("https://app.webwork-tracker.com/dashboard/accept-invitation/")
    assert fake.members[user_id]["current_role"] == "Project manager"
    assert fake.members[user_id]["status"] == "active"
    assert fake.invitations == [
        {
            "user_id": user_id,
            "email": "new.hire@example.com",
            "role": "Project manager",
            "invitation_link": link,
        }
    ]
    assert fake.applied[("invite_member", user_id)] == 1


def test_invite_with_workspace_in_body(client: httpx.Client) -> None:
    body = {**WS, **INVITE, "role": "Regular User"}
    assert client.post("/members", json=body).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "ANN@example.com"}, "email"),  # taken, whatever the case
        ({"email": "not-an-email"}, "email"),
        ({"role": "Owner"}, "role"),
        ({"role": None}, "role"),
        ({"firstname": ""}, "firstname"),
    ],
)
def test_invite_validation(
    client: httpx.Client, world: World, fake: FakeWebWork, change: dict[str, object], field: str
) -> None:
    response = client.post("/members", json={**WS, **INVITE, "role": "Regular User", **change})

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not fake.applied


def test_duplicate_email_message(client: httpx.Client, world: World) -> None:
    body = {**WS, **INVITE, "email": "ann@example.com", "role": "Regular User"}

    assert client.post("/members", json=body).json()["errors"] == {
        "email": ["The email has already been taken."]
    }


def test_reinviting_a_former_member_reactivates_them(client: httpx.Client, world: World) -> None:
    body = {**WS, "email": "gone@example.com", "firstname": "G", "lastname": "G"}

    response = client.post("/members", json={**body, "role": "Regular User"})

    assert response.json()["data"]["user_id"] == world.gone
    assert client.get(f"/members/{world.gone}", params=WS).json()["data"]["status"] == "active"


def test_regular_users_cannot_manage_members(
    client_for: Callable[[str], httpx.Client], world: World
) -> None:
    ann = client_for("ann-token")

    invite = ann.post("/members", json={**WS, **INVITE, "role": "Regular User"})
    update = ann.put(f"/members/{world.bob}", json={**WS, "firstname": "B"})
    archive = ann.request("DELETE", f"/members/{world.bob}", json=WS)

    assert invite.status_code == update.status_code == archive.status_code == 403


def test_update_member(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    response = client.put(
        f"/members/{world.ann}",
        json={
            **WS,
            "firstname": "Annie",
            "timezone": "Europe/Berlin",
            "role": "Team manager",
            "rate_status": 0,
            "weekly_hours_limit": 40,
            "remove_avatar": 1,
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Member updated successfully"
    member = body["data"]
    assert (member["firstname"], member["lastname"]) == ("Annie", "Lee")
    assert member["current_role"] == "Team manager"
    assert member["timezone"] == "Europe/Berlin"
    assert (member["rate_status"], member["weekly_hours_limit"]) == (0, 40)
    assert fake.applied[("update_member", world.ann)] == 1


def test_update_member_with_same_values_counts_nothing(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    client.put(f"/members/{world.ann}", json={**WS, "firstname": "Ann"})

    assert not fake.applied


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"role": "Owner"}, "role"),
        ({"email": "bob@example.com"}, "email"),
        ({"rate_status": 2}, "rate_status"),
        ({"weekly_hours_limit": 200}, "weekly_hours_limit"),
        ({"remove_avatar": "yes"}, "remove_avatar"),
    ],
)
def test_update_member_validation(
    client: httpx.Client, world: World, change: dict[str, object], field: str
) -> None:
    response = client.put(f"/members/{world.ann}", json={**WS, **change})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


def test_owner_role_cannot_change(client: httpx.Client, fake: FakeWebWork) -> None:
    response = client.put(f"/members/{fake.owner_id}", json={**WS, "role": "Regular User"})

    assert response.status_code == 422
    assert "role" in response.json()["errors"]


def test_rate_status_hides_a_members_own_rate(
    fake: FakeWebWork, client: httpx.Client, client_for: Callable[[str], httpx.Client]
) -> None:
    carl = fake.add_member("carl@example.com", "Carl", "Rate", rate=30.0)
    fake.add_token("carl-token", carl)
    seen = client_for("carl-token")

    before = seen.get(f"/members/{carl}", params=WS).json()["data"]["rate"]
    client.put(f"/members/{carl}", json={**WS, "rate_status": 0})
    after = seen.get(f"/members/{carl}", params=WS).json()["data"]["rate"]

    assert (before, after) == (30, None)
    assert client.get(f"/members/{carl}", params=WS).json()["data"]["rate"] == 30


def test_archive_member(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    response = client.request("DELETE", f"/members/{world.ann}", json=WS)
    again = client.request("DELETE", f"/members/{world.ann}", params=WS)

    assert response.status_code == again.status_code == 200
    assert response.json()["message"] == "Member deleted successfully"
    assert response.json()["data"] is None
    archived = client.get("/members", params={**WS, "status": "inactive"}).json()["data"]
    assert [m["id"] for m in archived] == [world.ann]
    assert fake.applied[("archive_member", world.ann)] == 1


def test_archived_members_cannot_be_assigned_or_tracked(client: httpx.Client, world: World) -> None:
    client.request("DELETE", f"/members/{world.ann}", json=WS)

    assign = client.post(
        f"/tasks/{world.task_id}/assign/{world.ann}",
        json={**WS, "project_id": world.project_id},
    )
    track = client.post("/time-tracking/start", json={**WS, "user_id": world.ann})
    contract = client.post(
        "/contracts", json={**WS, "project_id": world.other_project_id, "user_id": world.ann}
    )
    task = client.post(
        "/tasks",
        json={**WS, "project_id": world.project_id, "title": "T", "assignees": [world.ann]},
    )

    assert assign.status_code == 422
    assert assign.json()["errors"] == {"user_id": ["Archived members cannot be assigned."]}
    assert track.status_code == contract.status_code == task.status_code == 422
    assert list(track.json()["errors"]) == ["user_id"]


def test_archiving_stops_a_running_tracker(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    fake.start_tracker(world.ann, contract_id=world.contract_id)

    client.request("DELETE", f"/members/{world.ann}", json=WS)

    assert fake.tracker(world.ann) is None


def test_owner_cannot_be_archived(client: httpx.Client, fake: FakeWebWork) -> None:
    response = client.request("DELETE", f"/members/{fake.owner_id}", json=WS)

    assert response.status_code == 422
    assert response.json()["message"] == "The workspace owner cannot be archived."


def test_unknown_member_is_404(client: httpx.Client) -> None:
    assert client.put("/members/999999", json={**WS, "firstname": "X"}).status_code == 404
    assert client.request("DELETE", "/members/nope", json=WS).status_code == 404


# -- contracts -------------------------------------------------------------------------------


def test_create_contract_with_defaults(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    response = client.post(
        "/contracts", params=WS, json={"project_id": world.other_project_id, "user_id": world.ann}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "Contract created successfully"
    contract = body["data"]
    assert (contract["project_id"], contract["user_id"]) == (world.other_project_id, world.ann)
    assert contract["weekly_hours_limit"] == 168
    assert (contract["screenshots"], contract["screenshots_label"]) == ("full", "Screenshot on")
    assert contract["status"] == "active"
    assert fake.applied[("create_contract", contract["id"])] == 1


def test_create_contract_with_every_field(client: httpx.Client, world: World) -> None:
    contract = client.post(
        "/contracts",
        json={
            **WS,
            "project_id": world.other_project_id,
            "user_id": world.bob,
            "weekly_hours_limit": 20,
            "screenshots": "video_blurred",
            "rate": 45.5,
        },
    ).json()["data"]

    assert contract["weekly_hours_limit"] == 20
    assert contract["screenshots_label"] == "Blurred video"
    assert contract["rate"] == 45.5
    assert contract["rate_type"] == 1


def test_rate_hidden_on_non_billable_projects(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    internal = fake.add_project("Internal", is_billable=False)

    contract = client.post(
        "/contracts", json={**WS, "project_id": internal, "user_id": world.ann, "rate": 30}
    ).json()["data"]

    assert contract["rate"] is None
    assert fake.contracts[contract["id"]]["rate"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"project_id": None}, "project_id"),
        ({"user_id": None}, "user_id"),
        ({"project_id": 999999}, "project_id"),
        ({"user_id": 999999}, "user_id"),
        ({"screenshots": "blur"}, "screenshots"),
        ({"weekly_hours_limit": 169}, "weekly_hours_limit"),
        ({"rate": -1}, "rate"),
    ],
)
def test_create_contract_validation(
    client: httpx.Client, world: World, change: dict[str, object], field: str
) -> None:
    body = {**WS, "project_id": world.other_project_id, "user_id": world.ann, **change}

    response = client.post("/contracts", json=body)

    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_duplicate_contract_is_422(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    response = client.post(
        "/contracts", json={**WS, "project_id": world.project_id, "user_id": world.ann}
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "user_id": ["The user already has a contract on this project."]
    }
    assert not fake.applied


def test_regular_users_cannot_write_contracts(
    client_for: Callable[[str], httpx.Client], world: World
) -> None:
    ann = client_for("ann-token")
    body = {**WS, "project_id": world.other_project_id, "user_id": world.ann}

    assert ann.post("/contracts", json=body).status_code == 403
    assert ann.put(f"/contracts/{world.contract_id}", json={**WS, "rate": 1}).status_code == 403
    assert ann.request("DELETE", f"/contracts/{world.contract_id}", json=WS).status_code == 403


def test_update_contract(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    response = client.put(
        f"/contracts/{world.contract_id}",
        json={**WS, "status": "paused", "weekly_hours_limit": 10, "rate": None},
    )

    body = response.json()
    assert response.status_code == 200
    assert body["message"] == "Contract retrieved successfully"  # sic, as documented
    assert (body["data"]["status"], body["data"]["weekly_hours_limit"]) == ("paused", 10)
    assert body["data"]["rate"] is None
    assert fake.applied[("update_contract", world.contract_id)] == 1
    paused = client.post(
        "/time-tracking/start", json={**WS, "user_id": world.ann, "contract_id": world.contract_id}
    )
    assert paused.status_code == 422


def test_update_contract_validation(client: httpx.Client, world: World) -> None:
    response = client.put(
        f"/contracts/{world.contract_id}", json={**WS, "status": "done", "screenshots": None}
    )

    assert set(response.json()["errors"]) == {"status", "screenshots"}


def test_delete_contract_is_soft_and_frees_the_pair(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    fake.start_tracker(world.ann, contract_id=world.contract_id)

    deleted = client.request("DELETE", f"/contracts/{world.contract_id}", json=WS)
    gone = client.get(f"/contracts/{world.contract_id}", params=WS)
    again = client.post(
        "/contracts", json={**WS, "project_id": world.project_id, "user_id": world.ann}
    )

    assert deleted.status_code == 200
    assert deleted.json() | {"meta": None} == {
        "success": True,
        "data": None,
        "message": "Contract deleted successfully",
        "meta": None,
    }
    assert gone.status_code == 404
    assert fake.tracker(world.ann) is None
    assert again.status_code == 201
    assert fake.applied[("delete_contract", world.contract_id)] == 1
