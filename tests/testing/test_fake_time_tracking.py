"""Live time tracking on the fake: start, stop (both doc generations) and current data."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

import httpx
import pytest

from webwork_async.testing import FakeWebWork

if TYPE_CHECKING:
    from conftest import World

WS = {"workspace_id": 1}
OFFSET_TS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00")


def test_start_with_contract_and_task(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    response = client.post(
        "/time-tracking/start",
        json={
            **WS,
            "user_id": world.ann,
            "contract_id": world.contract_id,
            "task_id": world.task_id,
            "activity_description": "Working on API documentation",
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Time tracking started successfully"
    data = body["data"]
    assert data["message"] == body["message"]
    assert OFFSET_TS.fullmatch(data["start_time"])
    assert data == {
        "message": "Time tracking started successfully",
        "start_time": data["start_time"],
        "contract_id": world.contract_id,
        "project_id": world.project_id,
        "task_id": world.task_id,
        "activity_description": "Working on API documentation",
    }
    assert fake.tracker(world.ann) == {k: v for k, v in data.items() if k != "message"}
    assert fake.applied[("start_tracking", world.ann)] == 1


def test_start_without_contract(client: httpx.Client, world: World) -> None:
    data = client.post("/time-tracking/start", json={**WS, "user_id": world.ann}).json()["data"]

    assert (data["contract_id"], data["project_id"], data["task_id"]) == (None, None, None)


def test_start_twice_is_400(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    body = {**WS, "user_id": world.ann}
    client.post("/time-tracking/start", json=body)

    again = client.post("/time-tracking/start", json=body)

    assert again.status_code == 400
    assert again.json()["message"] == "User already has an active tracker"
    assert fake.applied[("start_tracking", world.ann)] == 1


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"user_id": None}, "user_id"),
        ({"user_id": 999999}, "user_id"),
        ({"contract_id": 1}, "contract_id"),
        ({"task_id": 10000}, "task_id"),  # a task needs a contract
    ],
)
def test_start_validation(
    client: httpx.Client, world: World, extra: dict[str, object], field: str
) -> None:
    response = client.post("/time-tracking/start", json={**WS, "user_id": world.ann, **extra})

    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_start_checks_contract_owner_and_task_project(
    client: httpx.Client, world: World, fake: FakeWebWork
) -> None:
    bobs = {**WS, "user_id": world.bob, "contract_id": world.contract_id}
    other_task = {
        **WS,
        "user_id": world.ann,
        "contract_id": world.contract_id,
        "task_id": world.other_task_id,
    }
    paused = fake.add_contract(world.other_project_id, world.ann, status="paused")

    not_his = client.post("/time-tracking/start", json=bobs)
    wrong_task = client.post("/time-tracking/start", json=other_task)
    on_paused = client.post(
        "/time-tracking/start", json={**WS, "user_id": world.ann, "contract_id": paused}
    )

    assert not_his.json()["errors"] == {
        "contract_id": ["The contract does not belong to this user."]
    }
    assert list(wrong_task.json()["errors"]) == ["task_id"]
    assert list(on_paused.json()["errors"]) == ["contract_id"]


def test_regular_users_track_only_themselves(
    client_for: Callable[[str], httpx.Client], world: World
) -> None:
    ann = client_for("ann-token")

    others = ann.post("/time-tracking/start", json={**WS, "user_id": world.bob})
    own = ann.post("/time-tracking/start", json={**WS, "user_id": world.ann})

    assert others.status_code == 403
    assert own.status_code == 200


def test_stop_new_form(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    client.post("/time-tracking/start", json={**WS, "user_id": world.ann})

    response = client.post("/time-tracking/stop", json={**WS, "user_id": world.ann})

    body = response.json()
    assert response.status_code == 200
    assert body["message"] == "Time tracking stopped successfully"
    assert list(body["data"]) == ["message", "stopped_at"]
    assert OFFSET_TS.fullmatch(body["data"]["stopped_at"])
    assert fake.tracker(world.ann) is None
    assert fake.applied[("stop_tracking", world.ann)] == 1


def test_stop_old_form_stops_the_callers_tracker(
    client_for: Callable[[str], httpx.Client], world: World
) -> None:
    ann = client_for("ann-token")
    ann.post("/time-tracking/start", json={**WS, "user_id": world.ann})

    stopped = ann.post("/time-tracking/stop")
    again = ann.post("/time-tracking/stop")

    assert stopped.status_code == 200
    assert again.status_code == 400
    assert again.json()["message"] == "User does not have an active tracker"


def test_stop_with_user_but_no_workspace_is_422(client: httpx.Client, world: World) -> None:
    assert client.post("/time-tracking/stop", json={"user_id": world.ann}).status_code == 422


def test_current_data(client: httpx.Client, world: World, fake: FakeWebWork) -> None:
    started = datetime.now(timezone.utc) - timedelta(seconds=125)
    fake.start_tracker(
        world.ann,
        contract_id=world.contract_id,
        task_id=world.task_id,
        activity_description="Docs",
        started_at=started,
    )

    response = client.get("/time-tracking/current-data", params={**WS, "user_id": world.ann})

    body = response.json()
    assert body["message"] == "Current tracker data retrieved successfully"
    data = body["data"]
    assert data["total_minutes"] == 2
    assert 5 <= data["total_seconds"] <= 6  # leftover seconds of the running tracker
    assert data == {
        "contract_id": world.contract_id,
        "user_id": world.ann,
        "activity_description": "Docs",
        "task_id": world.task_id,
        "task_title": "Write docs",
        "total_seconds": data["total_seconds"],
        "total_minutes": 2,
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
    }


def test_current_data_without_tracker(client: httpx.Client, world: World) -> None:
    missing = client.get("/time-tracking/current-data", params={**WS, "user_id": world.ann})
    no_user = client.get("/time-tracking/current-data", params=WS)

    assert missing.status_code == 404
    assert no_user.status_code == 422
