"""The five reports, computed from the fake's time entries, leaves and members."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from webwork_async.testing import FakeWebWork

if TYPE_CHECKING:
    from conftest import World

WS = {"workspace_id": 1}
TODAY = datetime.now(timezone.utc).date()
MONDAY = (TODAY - timedelta(days=TODAY.weekday() + 7)).isoformat()  # last week's
TUESDAY = (date.fromisoformat(MONDAY) + timedelta(days=1)).isoformat()
SUNDAY = (date.fromisoformat(MONDAY) + timedelta(days=6)).isoformat()
WEEK = {**WS, "start_date": MONDAY, "end_date": SUNDAY}


@pytest.fixture
def tracked(fake: FakeWebWork, world: World) -> World:
    """Ann: Monday 09:20-12:30 on her contract (task), 13:30-17:00 manual without task;
    Tuesday 09:00-10:00. Bob: Monday 08:00-09:00, no contract."""
    fake.add_time_entry(
        world.ann,
        MONDAY,
        "09:20",
        "12:30",
        contract_id=world.contract_id,
        task_id=world.task_id,
        activity_level=80,
    )
    fake.add_time_entry(
        world.ann,
        MONDAY,
        "13:30",
        "17:00",
        contract_id=world.contract_id,
        method="Manually added time",
    )
    fake.add_time_entry(world.ann, TUESDAY, "09:00", "10:00", activity_level=50)
    fake.add_time_entry(world.bob, MONDAY, "08:00", "09:00", activity_level=60)
    return world


def data(client: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(f"/reports/{path}", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json()["data"])


def users(report: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {row["user_id"]: row for row in report["users"]}


def test_tracked_hours(client: httpx.Client, tracked: World, fake: FakeWebWork) -> None:
    report = data(client, "tracked-hours", **WEEK)

    assert (report["report_type"], report["start_date"], report["end_date"]) == (
        "tracked_hours",
        MONDAY,
        SUNDAY,
    )
    assert report["total_minutes"] == 190 + 210 + 60 + 60
    assert report["total_amount"] == {"USD": 166.67}  # 400 minutes at 25 an hour
    ann = users(report)[tracked.ann]
    assert ann["total_minutes"] == 460
    assert ann["projects"] == [
        {
            "project_id": tracked.project_id,
            "project_name": "Website",
            "total_minutes": 400,
            "total_amount": {"USD": 166.67},
            "contracts": [{"contract_id": tracked.contract_id, "total_minutes": 400}],
        },
        {
            "project_id": None,
            "project_name": None,
            "total_minutes": 60,
            "total_amount": {"USD": 0},
            "contracts": [{"contract_id": None, "total_minutes": 60}],
        },
    ]
    assert list(report["dates"]) == [
        (date.fromisoformat(MONDAY) + timedelta(days=n)).isoformat() for n in range(7)
    ]
    assert [row["user_id"] for row in report["dates"][MONDAY]] == [tracked.ann, tracked.bob]
    assert report["dates"][TUESDAY][0]["total_minutes"] == 60
    assert report["dates"][SUNDAY] == []


def test_tracked_hours_defaults_to_this_week(client: httpx.Client) -> None:
    report = data(client, "tracked-hours", **WS)

    monday = TODAY - timedelta(days=TODAY.weekday())
    assert (report["start_date"], report["end_date"]) == (
        monday.isoformat(),
        (monday + timedelta(days=6)).isoformat(),
    )


def test_tracked_hours_filters(client: httpx.Client, tracked: World, fake: FakeWebWork) -> None:
    by_users = data(client, "tracked-hours", **WEEK, users=f"{tracked.bob}")
    by_array = data(client, "tracked-hours", **WEEK, **{"users[]": [tracked.ann, tracked.bob]})
    by_project = data(client, "tracked-hours", **WEEK, projects=str(tracked.project_id))

    assert list(users(by_users)) == [tracked.bob]
    assert list(users(by_array)) == [tracked.ann, tracked.bob]
    assert by_project["total_minutes"] == 400


def test_tracked_hours_caps_the_range_with_user_id(client: httpx.Client, world: World) -> None:
    long_range = {**WS, "start_date": "2024-01-01", "end_date": "2024-02-15"}

    with_user = client.get("/reports/tracked-hours", params={**long_range, "user_id": world.ann})
    without = client.get("/reports/tracked-hours", params=long_range)

    assert with_user.status_code == 422
    assert with_user.json()["errors"] == {
        "end_date": ["The date range must not be longer than 31 days."]
    }
    assert without.status_code == 200


def test_reports_paginate_users_30_by_default(client: httpx.Client, fake: FakeWebWork) -> None:
    for n in range(34):
        fake.add_member(f"m{n}@example.com", "M", str(n))

    first = client.get("/reports/tracked-hours", params=WEEK).json()
    second = client.get("/reports/task-report", params={**WEEK, "page": 2}).json()
    too_big = client.get("/reports/activity-level", params={**WEEK, "per_page": 101})

    assert len(first["data"]["users"]) == 30
    assert first["meta"]["pagination"] == {
        "current_page": 1,
        "per_page": 30,
        "total": 35,
        "last_page": 2,
        "from": 1,
        "to": 30,
    }
    assert len(second["data"]["users"]) == 5
    assert too_big.status_code == 422


def test_daily_timeline(client: httpx.Client, tracked: World) -> None:
    report = data(client, "daily-timeline", **WS, date=MONDAY, **{"user_ids[]": [tracked.ann]})

    assert (report["report_type"], report["date"], report["timezone_offset"]) == (
        "daily_timeline",
        MONDAY,
        "+00:00",
    )
    [ann] = report["users"]
    assert (ann["user_id"], ann["total_minutes"], ann["activity_level"]) == (tracked.ann, 400, 80)
    assert [(e["start_time"][11:16], e["end_time"][11:16]) for e in ann["entries"]] == [
        ("09:20", "12:30"),
        ("13:30", "17:00"),
    ]
    assert [e["activity_level"] for e in ann["entries"]] == [80, None]  # manual time has none
    assert ann["entries"][0]["task_title"] == "Write docs"
    assert ann["total_amount"] == {"USD": 166.67}


def test_daily_reports_want_a_recent_date(client: httpx.Client) -> None:
    for path in ("daily-timeline", "daily-attendance"):
        missing = client.get(f"/reports/{path}", params=WS)
        ancient = client.get(f"/reports/{path}", params={**WS, "date": "2001-01-01"})
        assert list(missing.json()["errors"]) == ["date"]
        assert ancient.status_code == 422


def test_activity_level(client: httpx.Client, tracked: World) -> None:
    report = data(client, "activity-level", **WEEK)

    assert report["report_type"] == "activity_level"
    ann = users(report)[tracked.ann]
    assert ann["days"][MONDAY] == {"activity_level": 80, "tracked_minutes": 400}
    assert ann["days"][TUESDAY] == {"activity_level": 50, "tracked_minutes": 60}
    assert ann["days"][SUNDAY] == {"activity_level": None, "tracked_minutes": 0}
    assert ann["average_activity_level"] == round((80 * 190 + 50 * 60) / 250)
    assert report["statistics"]["users_tracked"] == 2
    assert report["statistics"]["tracked_minutes"] == 520


def test_activity_level_by_contract(client: httpx.Client, tracked: World) -> None:
    report = data(client, "activity-level", **WEEK, contract_id=tracked.contract_id)

    assert report["statistics"]["tracked_minutes"] == 400


@pytest.mark.parametrize("path", ["activity-level", "task-report"])
def test_ranged_reports_need_31_days_at_most(client: httpx.Client, path: str) -> None:
    missing = client.get(f"/reports/{path}", params=WS)
    too_long = client.get(
        f"/reports/{path}", params={**WS, "start_date": "2024-01-01", "end_date": "2024-02-01"}
    )
    backwards = client.get(
        f"/reports/{path}", params={**WS, "start_date": "2024-01-10", "end_date": "2024-01-01"}
    )

    assert set(missing.json()["errors"]) == {"start_date", "end_date"}
    assert too_long.status_code == backwards.status_code == 422
    exactly = {**WS, "start_date": "2024-01-01", "end_date": "2024-01-31"}
    assert client.get(f"/reports/{path}", params=exactly).status_code == 200


def test_daily_attendance(client: httpx.Client, tracked: World, fake: FakeWebWork) -> None:
    carl = fake.add_member("carl@example.com", "Carl", "Leave")
    policy = fake.add_leave_policy("Vacation")
    fake.add_leave(carl, policy, MONDAY, status="approved")

    report = data(client, "daily-attendance", **WS, date=MONDAY)

    assert report["schedule"] == {"start": "09:00", "end": "17:00", "expected_minutes": 480}
    rows = users(report)
    assert rows[tracked.ann] == {
        "user_id": tracked.ann,
        "user_name": "Ann Lee",
        "statuses": ["Present", "Late", "Tracked less"],
        "arrival_time": "09:20",
        "departure_time": "17:00",
        "tracked_minutes": 400,
        "expected_minutes": 480,
        "late_minutes": 20,
        "left_early_minutes": 0,
        "break_minutes": 60,
        "breaks": ["12:30 - 13:30"],
    }
    assert rows[tracked.bob]["statuses"] == ["Present", "Left early", "Tracked less"]
    assert rows[fake.owner_id]["statuses"] == ["Absent"]
    assert rows[carl]["statuses"] == ["On leave"]
    weekend = data(client, "daily-attendance", **WS, date=SUNDAY)
    assert {tuple(r["statuses"]) for r in weekend["users"]} == {("Holiday",)}


def test_daily_attendance_status_filter(client: httpx.Client, tracked: World) -> None:
    late = data(client, "daily-attendance", **WS, date=MONDAY, status="late")
    absent = data(client, "daily-attendance", **WS, date=MONDAY, **{"status[]": ["absent"]})
    bad = client.get("/reports/daily-attendance", params={**WS, "date": MONDAY, "status": "asleep"})

    assert [u["user_id"] for u in late["users"]] == [tracked.ann]
    assert tracked.ann not in users(absent)
    assert bad.status_code == 422


def test_task_report(client: httpx.Client, tracked: World) -> None:
    report = data(client, "task-report", **WEEK)
    without = data(client, "task-report", **WEEK, include_no_task="false")
    one_task = data(client, "task-report", **WEEK, **{"task_id[]": [tracked.task_id]})

    assert report["report_type"] == "task_report"
    ann = users(report)[tracked.ann]
    assert ann["total_minutes"] == 460
    assert ann["tasks_breakdown"][0] == {
        "task_id": tracked.task_id,
        "task_title": "Write docs",
        "project_id": tracked.project_id,
        "project_name": "Website",
        "total_minutes": 190,
    }
    assert {row["task_id"] for row in ann["tasks_breakdown"]} == {tracked.task_id, None}
    assert list(ann["daily_breakdown"]) == [MONDAY, TUESDAY]
    assert users(without)[tracked.ann]["total_minutes"] == 190
    assert one_task["total_minutes"] == 190


def test_reports_are_for_owners_and_executive_managers(
    client_for: Callable[[str], httpx.Client], world: World
) -> None:
    bob = client_for("bob-token")

    for path, params in (
        ("tracked-hours", WS),
        ("daily-timeline", {**WS, "date": MONDAY}),
        ("activity-level", WEEK),
        ("daily-attendance", {**WS, "date": MONDAY}),
        ("task-report", WEEK),
    ):
        assert bob.get(f"/reports/{path}", params=params).status_code == 403


def test_amounts_follow_the_callers_rate_status(
    client: httpx.Client, tracked: World, fake: FakeWebWork
) -> None:
    client.put(f"/members/{fake.owner_id}", json={**WS, "rate_status": 0})

    report = data(client, "tracked-hours", **WEEK)

    assert "total_amount" not in report
    assert "total_amount" not in users(report)[tracked.ann]
