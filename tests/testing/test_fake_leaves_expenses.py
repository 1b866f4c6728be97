"""Leaves (list, request, balances) and expenses."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from webwork_async.testing import FakeWebWork

if TYPE_CHECKING:
    from conftest import World

WS = {"workspace_id": 1}
YEAR = {**WS, "date_from": "2024-01-01", "date_to": "2024-12-31"}


@pytest.fixture
def policies(fake: FakeWebWork) -> dict[str, int]:
    return {
        "vacation": fake.add_leave_policy("Vacation", allowance=20),
        "doctor": fake.add_leave_policy("Doctor visit", unit="hours", allowance=16, is_paid=False),
    }


# -- leaves ----------------------------------------------------------------------------------


def test_request_a_day_based_leave(
    client: httpx.Client, world: World, fake: FakeWebWork, policies: dict[str, int]
) -> None:
    response = client.post(
        "/leaves",
        json={
            **WS,
            "policy_id": policies["vacation"],
            "start": "2024-02-09",  # a Friday: the weekend does not count
            "end": "2024-02-12",
            "user_id": world.ann,
            "reason": "I will be out of office",
        },
    )

    assert response.status_code == 201
    assert response.json().keys() == {"success", "message", "meta"}  # no data
    assert response.json()["message"] == "Leave request created successfully"
    [leave] = fake.leaves.values()
    assert {
        "user_id": world.ann,
        "status": "pending",
        "note": "I will be out of office",
        "is_paid": "yes",
        "start_date": "2024-02-09",
        "end_date": "2024-02-12",
        "policy_id": policies["vacation"],
        "total": {"days": 2, "hours": 16},
    }.items() <= leave.items()
    assert fake.applied[("create_leave", leave["id"])] == 1


def test_request_an_hour_based_leave(
    client: httpx.Client, world: World, fake: FakeWebWork, policies: dict[str, int]
) -> None:
    body = {
        **WS,
        "policy_id": policies["doctor"],
        "start": "2024-02-12",
        "end": "2024-02-12",
        "user_id": world.ann,
        "start_time": "09:00",
        "end_time": "11:30",
        "hours_per_day": 2.5,
    }

    assert client.post("/leaves", json=body).status_code == 201
    [leave] = fake.leaves.values()
    assert (leave["start_time"], leave["end_time"], leave["hours_per_day"]) == (
        "09:00",
        "11:30",
        2.5,
    )
    assert (leave["is_paid"], leave["total"]["hours"]) == ("no", 2.5)


def test_hour_based_leaves_need_times_and_hours(
    client: httpx.Client, world: World, policies: dict[str, int]
) -> None:
    body = {**WS, "policy_id": policies["doctor"], "start": "2024-02-12", "end": "2024-02-12"}

    response = client.post("/leaves", json={**body, "user_id": world.ann})

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"start_time", "end_time", "hours_per_day"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"policy_id": None}, "policy_id"),
        ({"policy_id": 999}, "policy_id"),
        ({"start": "12/02/2024"}, "start"),
        ({"end": "2024-02-01"}, "end"),
        ({"user_id": None}, "user_id"),
        ({"leave_period": 3}, "leave_period"),
        ({"leave_period": 1}, "leave_period"),  # half days need start == end
    ],
)
def test_leave_validation(
    client: httpx.Client,
    world: World,
    policies: dict[str, int],
    change: dict[str, Any],
    field: str,
) -> None:
    body = {
        **WS,
        "policy_id": policies["vacation"],
        "start": "2024-02-12",
        "end": "2024-02-13",
        "user_id": world.ann,
        **change,
    }

    response = client.post("/leaves", json=body)

    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_overlapping_or_weekend_leave_is_422(
    client: httpx.Client, world: World, fake: FakeWebWork, policies: dict[str, int]
) -> None:
    fake.add_leave(world.ann, policies["vacation"], "2024-02-12", "2024-02-14", status="approved")
    body = {**WS, "policy_id": policies["vacation"], "user_id": world.ann}

    overlap = client.post("/leaves", json={**body, "start": "2024-02-14", "end": "2024-02-15"})
    weekend = client.post("/leaves", json={**body, "start": "2024-02-17", "end": "2024-02-18"})

    assert overlap.status_code == weekend.status_code == 422


def test_regular_users_request_leave_for_themselves_only(
    client_for: Callable[[str], httpx.Client], world: World, policies: dict[str, int]
) -> None:
    ann = client_for("ann-token")
    body = {**WS, "policy_id": policies["vacation"], "start": "2024-02-12", "end": "2024-02-12"}

    assert ann.post("/leaves", json={**body, "user_id": world.ann}).status_code == 201
    assert ann.post("/leaves", json={**body, "user_id": world.bob}).status_code == 403


def test_list_leaves_with_filters(
    client: httpx.Client, world: World, fake: FakeWebWork, policies: dict[str, int]
) -> None:
    vacation = fake.add_leave(world.ann, policies["vacation"], "2024-02-12", status="approved")
    doctor = fake.add_leave(
        world.bob,
        policies["doctor"],
        "2024-03-04",
        start_time="09:00",
        end_time="10:00",
        hours_per_day=1,
        status="rejected",
        reject_reason="Busy week",
    )

    def ids(**params: Any) -> list[str]:
        return [
            leave["id"] for leave in client.get("/leaves", params={**WS, **params}).json()["data"]
        ]

    assert ids() == [vacation, doctor]
    assert ids(is_paid="no") == [doctor]
    assert ids(status="approved") == [vacation]
    assert ids(user_id=world.bob) == [doctor]
    assert ids(policy_id=policies["vacation"]) == [vacation]
    assert ids(id=doctor) == [doctor]
    assert ids(date_from="2024-03-01", date_to="2024-03-31") == [doctor]
    assert fake.leaves[doctor]["reject_reason"] == "Busy week"
    assert client.get("/leaves", params={**WS, "is_paid": "maybe"}).status_code == 422


def test_balances_follow_the_leaves(
    client: httpx.Client, world: World, fake: FakeWebWork, policies: dict[str, int]
) -> None:
    fake.add_leave(world.ann, policies["vacation"], "2024-02-12", "2024-02-16", status="approved")
    fake.add_leave(world.ann, policies["vacation"], "2024-03-04", leave_period=1)
    fake.add_leave(world.ann, policies["vacation"], "2024-04-01", status="rejected")

    response = client.get("/leaves/balances", params={**YEAR, "user_id": world.ann})

    assert response.json()["message"] == "Leave balances retrieved successfully"
    assert response.json()["data"] == [
        {
            "user_id": world.ann,
            "user_name": "Ann Lee",
            "leave_information": [
                {"leave_type": "Vacation", "balance": "14.5 days"},
                {"leave_type": "Doctor visit", "balance": "16 hours"},
            ],
            "total_balance": None,
        }
    ]


def test_balances_need_a_date_range(client: httpx.Client) -> None:
    response = client.get("/leaves/balances", params=WS)

    assert set(response.json()["errors"]) == {"date_from", "date_to"}


def test_balances_of_everybody_or_oneself(
    client: httpx.Client,
    client_for: Callable[[str], httpx.Client],
    world: World,
    fake: FakeWebWork,
    policies: dict[str, int],
) -> None:
    ann = client_for("ann-token")

    everybody = client.get("/leaves/balances", params=YEAR).json()
    own = ann.get("/leaves/balances", params=YEAR).json()["data"]

    assert [b["user_id"] for b in everybody["data"]] == [fake.owner_id, world.ann, world.bob]
    assert everybody["meta"]["pagination"]["total"] == 3
    assert [b["user_id"] for b in own] == [world.ann]
    assert ann.get("/leaves/balances", params={**YEAR, "user_id": world.bob}).status_code == 403


# -- expenses --------------------------------------------------------------------------------

EXPENSE = {"expense_name": "Train ticket", "date": "2024-01-05", "amount": 42.5}


@pytest.fixture
def category(fake: FakeWebWork) -> str:
    return fake.add_expense_category("Travel")


def test_create_expense_like_the_docs(
    client: httpx.Client, world: World, fake: FakeWebWork, category: str
) -> None:
    response = client.post(
        "/expenses",
        json={
            **WS,
            **EXPENSE,
            "category_id": category,
            "project_id": world.project_id,
            "note": "Client visit",
            "is_billable": True,
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "Expense created successfully"
    expense = body["data"]
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", expense["id"]
    )
    assert {
        "member": "Olivia Owner",
        "expense_date": "Jan 05, 2024",
        "expense_name": "Train ticket",
        "project": "Website",
        "category": "Travel",
        "amount": 42.5,
        "note": "Client visit",
        "type": "billable",
    }.items() <= expense.items()
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{2}, \d{4}", expense["added_dte"])  # sic
    assert "added_date" not in expense
    assert fake.applied[("create_expense", expense["id"])] == 1


@pytest.mark.parametrize("flag", [False, "0", None])
def test_expenses_are_non_billable_unless_said(
    client: httpx.Client, category: str, flag: object
) -> None:
    body = {**WS, **EXPENSE, "category_id": category, "is_billable": flag}

    assert client.post("/expenses", json=body).json()["data"]["type"] == "non-billable"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category_id": "not-a-category"}, "category_id"),
        ({"category_id": None}, "category_id"),
        ({"expense_name": None}, "expense_name"),
        ({"date": "Jan 5"}, "date"),
        ({"amount": "lots"}, "amount"),
        ({"project_id": 999999}, "project_id"),
        ({"is_billable": "perhaps"}, "is_billable"),
    ],
)
def test_create_expense_validation(
    client: httpx.Client, category: str, change: dict[str, Any], field: str
) -> None:
    response = client.post("/expenses", json={**WS, **EXPENSE, "category_id": category, **change})

    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_update_expense(client: httpx.Client, fake: FakeWebWork, category: str) -> None:
    expense_id = fake.add_expense("Taxi", "2024-01-05", 10, category)

    response = client.put(
        f"/expenses/{expense_id}", json={**WS, "amount": 12.75, "is_billable": 1, "note": None}
    )
    missing = client.put("/expenses/nope", json={**WS, "amount": 1})

    assert response.json()["message"] == "Expense updated successfully"
    assert (response.json()["data"]["amount"], response.json()["data"]["type"]) == (
        12.75,
        "billable",
    )
    assert missing.status_code == 404
    assert fake.applied[("update_expense", expense_id)] == 1


def test_list_expenses(
    client: httpx.Client,
    client_for: Callable[[str], httpx.Client],
    world: World,
    fake: FakeWebWork,
    category: str,
) -> None:
    owners = fake.add_expense("Taxi", "2024-01-05", 10, category)
    anns = fake.add_expense("Lunch", "2024-02-05", 20, category, user_id=world.ann)

    everything = client.get("/expenses", params=WS).json()
    january = client.get(
        "/expenses", params={**WS, "date_from": "2024-01-01", "date_to": "2024-01-31"}
    )
    own = client_for("ann-token").get("/expenses", params=WS).json()["data"]

    assert [e["id"] for e in everything["data"]] == [owners, anns]
    assert everything["meta"]["pagination"]["total"] == 2
    assert [e["id"] for e in january.json()["data"]] == [owners]
    assert [e["id"] for e in own] == [anns]
