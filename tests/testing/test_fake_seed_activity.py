"""Seeded time and paperwork, and the new routes through the real server and the counters."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from support import NOT_COVERED
from webwork_async.testing import FakeWebWork, SeedInfo

AUTH = {"Authorization": "Bearer test-token"}
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "api" / "webwork-api-v2.md"
WS = {"workspace_id": 1}


@pytest.fixture(scope="module")
def seeded() -> tuple[FakeWebWork, SeedInfo]:
    fake = FakeWebWork(seed=7)
    return fake, fake.seed_workspace(projects=2, tasks_per_project=20, members=8)


def test_seeding_is_deterministic_per_seed() -> None:
    def snapshot(seed: int) -> tuple[object, ...]:
        fake = FakeWebWork(seed=seed)
        info = fake.seed_workspace(projects=1, tasks_per_project=5, members=6, days=10)
        entries = sorted(
            (e["user_id"], e["start_time"], e["end_time"]) for e in fake.time_entries.values()
        )
        return info, tuple(entries), tuple(s["status"] for s in fake.timesheets.values())

    assert snapshot(3) == snapshot(3)
    assert snapshot(3)[1] != snapshot(4)[1]


def test_seeded_workspace_has_every_resource(seeded: tuple[FakeWebWork, SeedInfo]) -> None:
    fake, _ = seeded

    assert len(fake.leave_policies) == 3
    assert {p["unit"] for p in fake.leave_policies.values()} == {"days", "hours"}
    assert all(isinstance(pid, int) for pid in fake.leave_policies)
    assert len(fake.expense_categories) == 4
    assert {s["status"] for s in fake.timesheets.values()} == {
        "pending",
        "submitted",
        "approved",
        "rejected",
    }
    assert {r["status"] for r in fake.time_requests.values()} == {"pending", "approved", "rejected"}
    assert {leave["status"] for leave in fake.leaves.values()} == {
        "pending",
        "approved",
        "rejected",
    }
    assert len(fake.expenses) == 8
    methods = Counter(e["method"] for e in fake.time_entries.values())
    assert methods["Desktop tracker"] > methods["Manually added time"] > 0


def test_seeded_data_is_consistent(seeded: tuple[FakeWebWork, SeedInfo]) -> None:
    fake, info = seeded
    approved = [r for r in fake.time_requests.values() if r["status"] == "approved"]
    days_off = {
        (leave["user_id"], leave["start_date"])
        for leave in fake.leaves.values()
        if leave["status"] == "approved"
    }

    for request in approved:
        day = request["start"][:10]
        times = {
            e["start_time"][11:16]
            for e in fake.time_entries.values()
            if e["user_id"] == request["user_id"] and e["date"] == day
        }
        assert "19:00" in times  # the approved request's own entry
    for user_id, day in days_off:
        assert not any(
            e["user_id"] == user_id and e["date"] == day for e in fake.time_entries.values()
        )
    for entry in fake.time_entries.values():
        assert entry["date"] in info.dates


def test_seeded_reports_match_the_entries(seeded: tuple[FakeWebWork, SeedInfo]) -> None:
    fake, info = seeded
    dates = info.dates
    params = {**WS, "start_date": dates[0], "end_date": dates[-1], "per_page": 100}

    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=AUTH) as c:
        report = c.get("/reports/tracked-hours", params=params).json()["data"]

    assert report["total_minutes"] == sum(e["duration_minutes"] for e in fake.time_entries.values())


def test_days_zero_seeds_no_time() -> None:
    fake = FakeWebWork()

    info = fake.seed_workspace(tasks_per_project=1, members=2, days=0)

    assert (fake.time_entries, fake.timesheets, fake.time_requests) == ({}, {}, {})
    assert info.dates == ()
    assert len(fake.leave_policies) == 3


def test_seeding_stays_fast() -> None:
    fake = FakeWebWork()
    started = time.perf_counter()

    fake.seed_workspace(projects=2, tasks_per_project=2000, members=50, days=28)

    assert time.perf_counter() - started < 2.0
    assert len(fake.time_entries) > 1000


def test_new_routes_over_a_real_socket() -> None:
    fake = FakeWebWork()
    user_id = fake.add_member("ann@example.com", "Ann", "Lee")

    with fake.serve() as server, httpx.Client(base_url=server.url, headers=AUTH) as c:
        created = c.post(
            "/time-entries",
            json={
                **WS,
                "user_id": user_id,
                "date": "2024-01-15",
                "start_time": "09:00",
                "end_time": "10:30",
            },
        )
        deleted = c.request("DELETE", f"/time-entries/{created.json()['data']['id']}", json=WS)

    assert created.status_code == 201
    assert created.json()["saved_minutes"] == 90
    assert deleted.status_code == 200


def test_new_routes_are_counted_and_faultable() -> None:
    fake = FakeWebWork()
    user_id = fake.add_member("ann@example.com", "Ann", "Lee")
    sheet = fake.add_timesheet(user_id, "2024-01-15", status="submitted")
    route = "PUT /timesheets/{timesheetId}/approve"
    fake.fail_next("503", route=route)

    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=AUTH) as c:
        failed = c.put(f"/timesheets/{sheet}/approve", json=WS)
        approved = c.put(f"/timesheets/{sheet}/approve", params=WS)

    assert failed.status_code == 503
    assert approved.status_code == 200
    assert fake.stats.by_route[("PUT", "/timesheets/{timesheetId}/approve")] == 2
    assert fake.applied == Counter({("approve_timesheet", sheet): 1})


@pytest.mark.skipif(not REFERENCE.exists(), reason="the API reference lives beside the repo")
def test_every_endpoint_of_the_reference_is_routed() -> None:
    documented = re.findall(
        r"^\| \d+ \| (GET|POST|PUT|DELETE) (/\S+) \|", REFERENCE.read_text(), re.M
    )
    catalogue = [(m, p) for m, p in documented if f"{m} {p}" not in NOT_COVERED]
    fake = FakeWebWork()

    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=AUTH) as c:
        for method, path in catalogue:
            c.request(method, re.sub(r"\{\w+\}", "1", path), params=WS)

    def shape(template: str) -> str:
        return re.sub(r"\{\w+\}", "{}", template)

    routed = {(m, shape(t)) for (m, t) in fake.stats.by_route}
    assert len(documented) == 63
    assert {(m, shape(p)) for m, p in catalogue} == routed
