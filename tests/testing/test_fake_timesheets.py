"""Timesheets (list, the approval state machine) and time requests (create, approve, reject)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from webwork_async.testing import FakeWebWork

if TYPE_CHECKING:
    from conftest import World

WS = {"workspace_id": 1}
MONDAY = "2024-01-15"


# -- timesheets ------------------------------------------------------------------------------


def test_list_timesheets_with_totals(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    fake.add_time_entry(world.ann, MONDAY, "09:00", "12:00", contract_id=world.contract_id)
    fake.add_time_entry(world.ann, "2024-01-16", "09:00", "10:30")
    sheet_id = fake.add_timesheet(world.ann, MONDAY)

    body = client.get("/timesheets", params=WS).json()

    assert body["message"] == "Timesheets retrieved successfully"
    assert body["meta"]["pagination"]["total"] == 1
    sheet = body["data"][0]
    assert isinstance(sheet["id"], str)
    assert sheet["id"] == sheet_id
    assert {
        "user_id": world.ann,
        "member": "Ann Lee",
        "date_from": MONDAY,
        "date_to": "2024-01-21",
        "total_minutes": 270,
        "total_hours": 4.5,
        "status": "pending",
        "submitted_on": None,
        "reject_reason": None,
    }.items() <= sheet.items()
    assert sheet["daily_breakdown"] == {
        MONDAY: [
            {
                "project_id": world.project_id,
                "project_name": "Website",
                "contract_id": world.contract_id,
                "total_minutes": 180,
                "total_amount": {"USD": 75},  # 3 h at ann's contract rate of 25
            }
        ],
        "2024-01-16": [
            {
                "project_id": None,
                "project_name": None,
                "contract_id": None,
                "total_minutes": 90,
                "total_amount": {"USD": 0},
            }
        ],
    }
    assert sheet["total_amount"] == {"USD": 75}


@pytest.fixture
def sheets(fake: FakeWebWork, world: World) -> dict[str, str]:
    return {
        status: fake.add_timesheet(world.ann, date_from, status=status)
        for status, date_from in (
            ("pending", "2024-01-01"),
            ("submitted", "2024-01-08"),
            ("approved", "2024-01-15"),
            ("rejected", "2024-01-22"),
        )
    }


@pytest.mark.parametrize("status", ["open", "pending"])
def test_open_and_pending_are_the_same_filter(
    client: httpx.Client, sheets: dict[str, str], status: str
) -> None:
    found = client.get("/timesheets", params={**WS, "status": status}).json()["data"]

    assert [s["id"] for s in found] == [sheets["pending"]]
    assert found[0]["status"] == "pending"


def test_timesheet_filters(
    client: httpx.Client, world: World, fake: FakeWebWork, sheets: dict[str, str]
) -> None:
    bobs = fake.add_timesheet(world.bob, "2024-01-08")

    def ids(**params: Any) -> list[str]:
        return [s["id"] for s in client.get("/timesheets", params={**WS, **params}).json()["data"]]

    assert ids(status="approved") == [sheets["approved"]]
    assert ids(id=sheets["rejected"]) == [sheets["rejected"]]
    assert ids(user_id=world.bob) == [bobs]
    assert ids(date_from="2024-01-15", date_to="2024-01-16") == [sheets["approved"]]
    assert len(ids(date_from="2024-01-14", date_to="2024-01-14")) == 2  # overlapping weeks
    assert ids(order_by="desc")[0] == bobs
    assert client.get("/timesheets", params={**WS, "status": "closed"}).status_code == 422


def test_regular_users_see_their_own_timesheets(
    client_for: Callable[[str], httpx.Client], world: World, fake: FakeWebWork
) -> None:
    own = fake.add_timesheet(world.ann, MONDAY)
    fake.add_timesheet(world.bob, MONDAY)

    found = client_for("ann-token").get("/timesheets", params=WS).json()["data"]

    assert [s["id"] for s in found] == [own]
    assert "total_amount" not in found[0]


def test_the_approval_cycle(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    sheet = fake.add_timesheet(world.ann, MONDAY)
    path = f"/timesheets/{sheet}"

    submitted = client.put(f"{path}/submit", json=WS)
    rejected = client.put(f"{path}/reject", json={**WS, "reason": "Missing tasks"})
    resubmitted = client.put(f"{path}/submit", json=WS)
    approved = client.put(f"{path}/approve", json=WS)
    reopened = client.put(f"{path}/unsubmit", json=WS)

    assert submitted.json()["message"] == "Timesheet submitted successfully"
    assert submitted.json()["data"]["status"] == "submitted"
    assert submitted.json()["data"]["submitted_on"] is not None
    assert rejected.json()["message"] == "Timesheet rejected successfully"
    assert rejected.json()["data"]["reject_reason"] == "Missing tasks"
    assert resubmitted.json()["data"]["reject_reason"] is None
    assert approved.json()["message"] == "Timesheet approved successfully"
    assert approved.json()["data"] is None
    assert reopened.json()["message"] == "Timesheet unsubmitted successfully"
    assert reopened.json()["data"]["status"] == "pending"
    for action in ("submit", "reject", "approve", "unsubmit"):
        assert fake.applied[(f"{action}_timesheet", sheet)] >= 1
    assert fake.applied[("submit_timesheet", sheet)] == 2


@pytest.mark.parametrize(
    ("status", "action", "body"),
    [
        ("pending", "approve", {}),
        ("approved", "approve", {}),
        ("pending", "reject", {"reason": "No"}),
        ("rejected", "reject", {"reason": "No"}),
        ("submitted", "submit", {}),
        ("approved", "submit", {}),
        ("pending", "unsubmit", {}),
        ("rejected", "unsubmit", {}),
    ],
)
def test_illegal_transitions_are_422(
    client: httpx.Client,
    fake: FakeWebWork,
    sheets: dict[str, str],
    status: str,
    action: str,
    body: dict[str, str],
) -> None:
    response = client.put(f"/timesheets/{sheets[status]}/{action}", json={**WS, **body})

    assert response.status_code == 422
    assert response.json()["success"] is False
    assert not fake.applied


def test_reject_requires_a_reason(client: httpx.Client, sheets: dict[str, str]) -> None:
    response = client.put(f"/timesheets/{sheets['submitted']}/reject", json=WS)

    assert response.status_code == 422
    assert response.json()["errors"] == {"reason": ["The reason field is required."]}


def test_unknown_timesheet_is_404(client: httpx.Client) -> None:
    response = client.put("/timesheets/abc123xyz/approve", json=WS)

    assert response.status_code == 404
    assert response.json()["message"] == "Timesheet not found"


def test_regular_users_submit_but_do_not_approve(
    client_for: Callable[[str], httpx.Client], world: World, fake: FakeWebWork
) -> None:
    ann = client_for("ann-token")
    own = fake.add_timesheet(world.ann, MONDAY)
    approved = fake.add_timesheet(world.ann, "2024-01-22", status="approved")
    bobs = fake.add_timesheet(world.bob, MONDAY)

    assert ann.put(f"/timesheets/{own}/submit", json=WS).status_code == 200
    assert ann.put(f"/timesheets/{own}/approve", json=WS).status_code == 403
    assert ann.put(f"/timesheets/{own}/reject", json={**WS, "reason": "x"}).status_code == 403
    assert ann.put(f"/timesheets/{own}/unsubmit", json=WS).status_code == 200
    assert ann.put(f"/timesheets/{approved}/unsubmit", json=WS).status_code == 403
    assert ann.put(f"/timesheets/{bobs}/submit", json=WS).status_code == 404


# -- time requests -----------------------------------------------------------------------------

NEW_BODY = {
    "start": "2024-01-15T09:00:00+00:00",
    "end": "2024-01-15T11:30:00+00:00",
    "activity_description": "Offline workshop",
}
OLD_BODY = {
    "start": "2024-01-15T09:00:00Z",
    "end": "2024-01-15T11:30:00Z",
    "notes": "Working on project documentation",
}
RANGE = {**WS, "date_from": MONDAY, "date_to": MONDAY}


@pytest.mark.parametrize("variant", ["new", "old"])
def test_create_time_request_both_bodies(
    client: httpx.Client, world: World, fake: FakeWebWork, variant: str
) -> None:
    body = {**WS, "user_id": world.ann, **(NEW_BODY if variant == "new" else OLD_BODY)}
    if variant == "old":
        body |= {"contract_id": world.contract_id, "task_id": world.task_id}

    response = client.post("/time-requests", json=body)

    assert response.status_code == 201
    created = response.json()
    assert created["message"] == "Time request created successfully"
    assert created["data"].keys() == {"id", "status"}
    assert created["data"]["status"] == "pending"
    request_id = created["data"]["id"]
    one = client.get(f"/time-requests/{request_id}", params=WS).json()["data"]
    assert (one["start"], one["end"]) == ("2024-01-15T09:00:00Z", "2024-01-15T11:30:00Z")
    assert one["notes"] == body.get("notes", body.get("activity_description"))
    if variant == "old":
        assert (one["contract_id"], one["project_id"]) == (world.contract_id, world.project_id)
    assert fake.applied[("create_time_request", request_id)] == 1


def test_list_time_requests(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    first = fake.add_time_request(world.ann, "2024-01-15T09:00:00Z", "2024-01-15T10:00:00Z")
    fake.add_time_request(world.ann, "2024-01-16T09:00:00Z", "2024-01-16T10:00:00Z")
    rejected = fake.add_time_request(
        world.bob, "2024-01-15T13:00:00Z", "2024-01-15T14:00:00Z", status="rejected"
    )

    listed = client.get("/time-requests", params=RANGE).json()
    pending = client.get("/time-requests", params={**RANGE, "status": "pending"}).json()
    missing = client.get("/time-requests", params=WS)

    assert [r["id"] for r in listed["data"]] == [first, rejected]
    assert listed["meta"]["pagination"]["total"] == 2
    assert [r["id"] for r in pending["data"]] == [first]
    assert missing.status_code == 422
    assert set(missing.json()["errors"]) == {"date_from", "date_to"}


def test_approve_creates_the_time_entry(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    request_id = fake.add_time_request(
        world.ann, "2024-01-15T09:00:00Z", "2024-01-15T11:30:00Z", contract_id=world.contract_id
    )

    response = client.post(f"/time-requests/{request_id}/approve", json=WS)
    again = client.post(f"/time-requests/{request_id}/approve", json=WS)

    assert response.json()["message"] == "Time request approved successfully"
    assert response.json()["data"]["status"] == "approved"
    assert response.json()["data"]["updated_by"] == fake.owner_id
    entries = client.get("/time-entries", params={**WS, "user_id": world.ann, "date": MONDAY})
    [entry] = entries.json()["data"]
    assert (entry["duration_minutes"], entry["method"]) == (150, "Manually added time")
    assert entry["contract_id"] == world.contract_id
    assert again.status_code == 422
    assert again.json()["message"] == "Only pending time requests can be approved."
    assert fake.applied[("approve_time_request", request_id)] == 1


def test_reject_needs_a_comment_and_a_pending_request(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    pending = fake.add_time_request(world.ann, "2024-01-15T09:00:00Z", "2024-01-15T10:00:00Z")
    approved = fake.add_time_request(
        world.ann, "2024-01-16T09:00:00Z", "2024-01-16T10:00:00Z", status="approved"
    )

    no_comment = client.post(f"/time-requests/{pending}/reject", json=WS)
    rejected = client.post(f"/time-requests/{pending}/reject", json={**WS, "comment": "No proof"})
    late = client.post(f"/time-requests/{approved}/reject", json={**WS, "comment": "No"})

    assert no_comment.json()["errors"] == {"comment": ["The comment field is required."]}
    assert rejected.json()["data"]["comment"] == "No proof"
    assert rejected.json()["data"]["status"] == "rejected"
    assert late.status_code == 422
    assert fake.applied[("reject_time_request", pending)] == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"user_id": None}, "user_id"),
        ({"start": "yesterday"}, "start"),
        ({"end": "2024-01-15T08:00:00Z"}, "end"),
        ({"end": "2024-01-17T09:00:00Z"}, "end"),
        ({"contract_id": 999999}, "contract_id"),
    ],
)
def test_create_time_request_validation(
    client: httpx.Client, world: World, change: dict[str, Any], field: str
) -> None:
    response = client.post(
        "/time-requests", json={**WS, "user_id": world.ann, **NEW_BODY, **change}
    )

    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_time_request_over_tracked_time_is_422(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    fake.add_time_entry(world.ann, MONDAY, "10:00", "10:30")

    response = client.post("/time-requests", json={**WS, "user_id": world.ann, **NEW_BODY})

    assert response.status_code == 422


def test_regular_users_request_time_for_themselves_only(
    client_for: Callable[[str], httpx.Client], world: World, fake: FakeWebWork
) -> None:
    ann = client_for("ann-token")
    request_id = fake.add_time_request(world.ann, "2024-01-16T09:00:00Z", "2024-01-16T10:00:00Z")

    own = ann.post("/time-requests", json={**WS, "user_id": world.ann, **NEW_BODY})
    others = ann.post("/time-requests", json={**WS, "user_id": world.bob, **NEW_BODY})
    approve = ann.post(f"/time-requests/{request_id}/approve", json=WS)

    assert own.status_code == 201
    assert others.status_code == 403
    assert approve.status_code == 403


def test_auto_approval_adds_the_time_at_once(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    fake.auto_approve_time_requests = True

    created = client.post("/time-requests", json={**WS, "user_id": world.ann, **NEW_BODY}).json()

    assert created["data"]["status"] == "approved"
    entries = client.get("/time-entries", params={**WS, "user_id": world.ann, "date": MONDAY})
    assert [e["duration_minutes"] for e in entries.json()["data"]] == [150]
