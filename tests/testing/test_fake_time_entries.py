"""Time entries: list, manual create (with partial saves), edit, delete; trackers feed them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from webwork_async.testing import FakeWebWork

if TYPE_CHECKING:
    from conftest import World

WS = {"workspace_id": 1}
DAY = "2024-01-15"  # a Monday
OFFSET_TS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00")


def entry_body(
    world: World, start: str = "09:00", end: str = "17:00", **extra: Any
) -> dict[str, Any]:
    return {
        **WS,
        "user_id": world.ann,
        "contract_id": world.contract_id,
        "task_id": world.task_id,
        "notes": "Working on feature implementation",
        "date": DAY,
        "start_time": start,
        "end_time": end,
        **extra,
    }


def entries(client: httpx.Client, world: World, day: str = DAY) -> list[dict[str, Any]]:
    response = client.get("/time-entries", params={**WS, "user_id": world.ann, "date": day})
    return list(response.json()["data"])


def test_create_like_the_docs(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    response = client.post("/time-entries", json=entry_body(world))

    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "8 hr successfully added for Ann Lee."
    assert body["saved_minutes"] == 480  # top level, beside data
    data = body["data"]
    assert {
        "user_id": world.ann,
        "contract_id": world.contract_id,
        "project_id": world.project_id,
        "project_name": "Website",
        "task_id": world.task_id,
        "task_title": "Write docs",
        "activity_description": "Working on feature implementation",
        "method": "Manually added time",
    }.items() <= data.items()
    assert (data["date"], data["duration_minutes"]) == (DAY, 480)
    assert data["start_time"] == "2024-01-15T09:00:00+00:00"
    assert data["end_time"] == "2024-01-15T17:00:00+00:00"
    assert fake.applied[("create_time_entry", data["id"])] == 1
    assert entries(client, world) == [data]


def test_overlaps_save_the_longest_free_stretch(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    fake.add_time_entry(world.ann, DAY, "09:00", "10:00")
    fake.add_time_entry(world.ann, DAY, "12:00", "13:00")

    response = client.post("/time-entries", json=entry_body(world, "08:30", "17:00"))

    body = response.json()
    assert response.status_code == 201
    assert body["saved_minutes"] == 240  # 13:00-17:00 beats 08:30-09:00 and 10:00-12:00
    assert body["message"].startswith("4 hr successfully added for Ann Lee. Only part of")
    assert "8 hr 30 min" in body["message"]
    assert body["data"]["start_time"].endswith("T13:00:00+00:00")
    assert [e["duration_minutes"] for e in entries(client, world)] == [60, 60, 240]


def test_fully_covered_range_saves_nothing(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    fake.add_time_entry(world.ann, DAY, "08:00", "18:00")

    response = client.post("/time-entries", json=entry_body(world))

    assert response.status_code == 422
    assert "overlaps" in response.json()["message"]
    assert not fake.applied


def test_weekly_contract_limit_trims_the_entry(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    client.put(f"/contracts/{world.contract_id}", json={**WS, "weekly_hours_limit": 10})
    fake.add_time_entry(world.ann, "2024-01-16", "08:00", "16:00", contract_id=world.contract_id)

    first = client.post("/time-entries", json=entry_body(world))
    full = client.post("/time-entries", json=entry_body(world, "18:00", "19:00"))

    assert first.json()["saved_minutes"] == 120
    assert full.status_code == 422
    assert full.json()["message"] == "No time was added: the weekly hours limit is reached."


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"user_id": None}, "user_id"),
        ({"user_id": 999999}, "user_id"),
        ({"date": "15/01/2024"}, "date"),
        ({"start_time": "9am"}, "start_time"),
        ({"start_time": "24:00"}, "start_time"),
        ({"end_time": "08:00"}, "end_time"),
        ({"end_time": "09:00"}, "end_time"),
        ({"contract_id": 999999}, "contract_id"),
        ({"contract_id": None}, "task_id"),
    ],
)
def test_create_validation(
    client: httpx.Client, world: World, fake: FakeWebWork, change: dict[str, Any], field: str
) -> None:
    response = client.post("/time-entries", json=entry_body(world, **change))

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not fake.applied


def test_end_before_start_message(client: httpx.Client, world: World) -> None:
    response = client.post("/time-entries", json=entry_body(world, "10:00", "09:00"))

    assert response.json()["errors"] == {
        "end_time": ["The end time field must be a time after start time."]
    }


def test_time_entries_need_an_owner_or_executive_manager(
    client_for: Callable[[str], httpx.Client], world: World, fake: FakeWebWork
) -> None:
    ann = client_for("ann-token")
    entry_id = fake.add_time_entry(world.ann, DAY, "09:00", "10:00")

    assert (
        ann.get("/time-entries", params={**WS, "user_id": world.ann, "date": DAY}).status_code
        == 403
    )
    assert ann.post("/time-entries", json=entry_body(world)).status_code == 403
    assert ann.put(f"/time-entries/{entry_id}", json={**WS, "notes": "x"}).status_code == 403
    assert ann.request("DELETE", f"/time-entries/{entry_id}", json=WS).status_code == 403


def test_list_requires_user_and_date(client: httpx.Client) -> None:
    response = client.get("/time-entries", params=WS)

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"user_id", "date"}


def test_list_paginates_at_most_50(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    for hour in range(12):
        fake.add_time_entry(world.ann, DAY, f"{hour:02d}:00", f"{hour:02d}:30")
    params = {**WS, "user_id": world.ann, "date": DAY}

    page = client.get("/time-entries", params={**params, "per_page": 5, "page": 3}).json()
    too_many = client.get("/time-entries", params={**params, "per_page": 51})

    assert [e["start_time"][11:16] for e in page["data"]] == ["10:00", "11:00"]
    assert page["meta"]["pagination"] == {
        "current_page": 3,
        "per_page": 5,
        "total": 12,
        "last_page": 3,
        "from": 11,
        "to": 12,
    }
    assert too_many.json()["errors"] == {
        "per_page": ["The per page field must be between 1 and 50."]
    }


def test_list_filters_by_project_and_task(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    fake.add_time_entry(
        world.ann, DAY, "09:00", "10:00", contract_id=world.contract_id, task_id=world.task_id
    )
    fake.add_time_entry(world.ann, DAY, "10:00", "11:00", contract_id=world.contract_id)
    fake.add_time_entry(world.ann, DAY, "11:00", "12:00")
    params = {**WS, "user_id": world.ann, "date": DAY}

    on_project = client.get("/time-entries", params={**params, "project_id": world.project_id})
    on_task = client.get("/time-entries", params={**params, "task_id": world.task_id})

    assert len(on_project.json()["data"]) == 2
    assert len(on_task.json()["data"]) == 1


def test_update_only_start_keeps_the_end(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    entry_id = fake.add_time_entry(world.ann, DAY, "09:00", "12:00")

    response = client.put(f"/time-entries/{entry_id}", json={**WS, "start_time": "10:30"})

    assert response.status_code == 200
    assert response.json().keys() == {"success", "message", "meta"}  # no data
    assert response.json()["message"] == "Time entry updated successfully"
    entry = fake.time_entries[entry_id]
    assert (entry["start_time"][11:16], entry["end_time"][11:16]) == ("10:30", "12:00")
    assert entry["duration_minutes"] == 90
    assert fake.applied[("update_time_entry", entry_id)] == 1


def test_update_only_end_keeps_the_start_and_checks_order(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    entry_id = fake.add_time_entry(world.ann, DAY, "09:00", "12:00")

    ok = client.put(f"/time-entries/{entry_id}", json={**WS, "end_time": "13:15"})
    backwards = client.put(f"/time-entries/{entry_id}", json={**WS, "end_time": "08:00"})

    assert ok.status_code == 200
    assert fake.time_entries[entry_id]["end_time"].endswith("T13:15:00+00:00")
    assert backwards.status_code == 422
    assert list(backwards.json()["errors"]) == ["end_time"]


def test_update_moves_project_date_and_notes(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    other = fake.add_contract(world.other_project_id, world.ann)
    entry_id = fake.add_time_entry(
        world.ann, DAY, "09:00", "10:00", contract_id=world.contract_id, task_id=world.task_id
    )

    client.put(
        f"/time-entries/{entry_id}",
        json={**WS, "project_id": world.other_project_id, "date": "2024-01-16", "notes": "Moved"},
    )

    entry = fake.time_entries[entry_id]
    assert (entry["contract_id"], entry["project_id"], entry["task_id"]) == (
        other,
        world.other_project_id,
        None,
    )
    assert (entry["date"], entry["activity_description"]) == ("2024-01-16", "Moved")
    assert entries(client, world) == []
    assert len(entries(client, world, "2024-01-16")) == 1


def test_update_rejects_overlaps_and_foreign_projects(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    entry_id = fake.add_time_entry(world.ann, DAY, "09:00", "10:00")
    fake.add_time_entry(world.ann, DAY, "11:00", "12:00")

    overlap = client.put(f"/time-entries/{entry_id}", json={**WS, "end_time": "11:30"})
    no_contract = client.put(
        f"/time-entries/{entry_id}", json={**WS, "project_id": world.other_project_id}
    )
    missing = client.put("/time-entries/not-an-id", json={**WS, "notes": "x"})

    assert overlap.status_code == 422
    assert no_contract.json()["errors"] == {
        "project_id": ["The user has no active contract on this project."]
    }
    assert missing.status_code == 404
    assert not fake.applied


def test_delete_with_a_json_body(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    entry_id = fake.add_time_entry(world.ann, DAY, "09:00", "10:00")

    deleted = client.request("DELETE", f"/time-entries/{entry_id}", json=WS)
    again = client.request("DELETE", f"/time-entries/{entry_id}", json=WS)

    assert deleted.json()["message"] == "Time entry deleted successfully"
    assert deleted.json()["data"] is None
    assert again.status_code == 404
    assert entries(client, world) == []
    assert fake.applied[("delete_time_entry", entry_id)] == 1


def test_submitted_timesheet_locks_its_days(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    entry_id = fake.add_time_entry(world.ann, DAY, "09:00", "10:00")
    sheet = fake.add_timesheet(world.ann, DAY, status="submitted")

    create = client.post("/time-entries", json=entry_body(world, "11:00", "12:00"))
    update = client.put(f"/time-entries/{entry_id}", json={**WS, "notes": "x"})
    client.put(f"/timesheets/{sheet}/unsubmit", json=WS)
    after = client.post("/time-entries", json=entry_body(world, "11:00", "12:00"))

    assert create.status_code == update.status_code == 422
    assert "submitted" in create.json()["message"]
    assert after.status_code == 201


def test_a_stopped_tracker_becomes_an_entry(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    started = datetime.now(timezone.utc) - timedelta(minutes=95, seconds=10)
    fake.start_tracker(
        world.ann, contract_id=world.contract_id, task_id=world.task_id, started_at=started
    )
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")

    client.post("/time-tracking/stop", json={**WS, "user_id": world.ann})
    tracked = [e for d in {started.strftime("%Y-%m-%d"), today} for e in entries(client, world, d)]
    fake.start_tracker(world.ann)
    current = client.get("/time-tracking/current-data", params={**WS, "user_id": world.ann})

    assert sum(e["duration_minutes"] for e in tracked) == 95
    assert {e["method"] for e in tracked} == {"Web tracker"}
    assert {e["task_id"] for e in tracked} == {world.task_id}
    assert all(OFFSET_TS.fullmatch(e["start_time"]) for e in tracked)
    today_minutes = sum(e["duration_minutes"] for e in tracked if e["date"] == today)
    assert current.json()["data"]["total_minutes"] == today_minutes


def test_a_tracker_under_a_minute_leaves_no_entry(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    client.post("/time-tracking/start", json={**WS, "user_id": world.ann})
    client.post("/time-tracking/stop", json={**WS, "user_id": world.ann})

    assert fake.time_entries == {}


def test_add_time_entry_refuses_overlaps(fake: FakeWebWork, world: World) -> None:
    fake.add_time_entry(world.ann, DAY, "09:00", "10:00")

    with pytest.raises(ValueError, match="already has time"):
        fake.add_time_entry(world.ann, DAY, "09:30", "10:30")
