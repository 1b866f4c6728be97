# This file is generated from tests/_async/test_leaves.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""client.leaves: list, request (create), balances (API reference §3.11).

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. Items follow the documented field lists (MD-OLD2 leaves pages) and
the request body the NEW create page (MD-NEW(leaves/createleaverequest)).
"""

from __future__ import annotations

from datetime import date, time

import pytest

from support import (
    BASE_URL,
    TOKEN,
    assert_authenticated,
    fail,
    last_request,
    ok,
    requested_pages,
    sent_json,
    serve_pages,
)
from webwork_async import (
    InternalServerError,
    InvalidRequestError,
    PermissionDeniedError,
    ResponseDecodeError,
    UnprocessableEntityError,
    WebWork,
)
from webwork_async.models._leaves import (
    Leave,
    LeaveBalance,
    LeavePaid,
    LeavePeriod,
    LeaveStatus,
    LeaveTypeBalance,
)
from webwork_async.testing import FakeServer, FakeWebWork

LEAVE = {
    "id": "1c9d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f",
    "user_id": 100,
    "status": "pending",
    "note": "Family trip",
    "is_paid": "yes",
    "created_by": 100,
    "approved_by": None,
    "rejected_by": None,
    "reject_reason": None,
    "start_date": "2024-02-01",
}
EXPECTED_LEAVE = Leave(
    id="1c9d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f",
    user_id=100,
    status=LeaveStatus.PENDING,
    note="Family trip",
    is_paid=LeavePaid.YES,
    created_by=100,
    start_date=date(2024, 2, 1),
)
BALANCE = {
    "user_id": 100,
    "user_name": "John Doe",
    "leave_information": [
        {"leave_type": "Vacation", "balance": "10 days"},
        {"leave_type": "Sick leave", "balance": "16 hours"},
    ],
    "total_balance": None,
}
CREATED_MESSAGE = "Leave request created successfully"


# --- list ---------------------------------------------------------------------------------


def test_list_sends_every_documented_filter_and_decodes_leaves(api) -> None:
    route = api.get("/leaves").mock(return_value=ok([LEAVE]))

    with WebWork(TOKEN, workspace_id=1) as client:
        leaves = client.leaves.list(
            id="1c9d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f",
            policy_id=3,
            is_paid=True,
            status=LeaveStatus.PENDING,
            date_from=date(2024, 2, 1),
            date_to="2024-02-29",
            user_id=100,
            per_page=10,
        ).to_list()

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/leaves"
    assert dict(request.url.params) == {
        "workspace_id": "1",
        "id": "1c9d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f",
        "policy_id": "3",
        "is_paid": "yes",
        "status": "pending",
        "date_from": "2024-02-01",
        "date_to": "2024-02-29",
        "user_id": "100",
        "page": "1",
        "per_page": "10",
    }
    assert_authenticated(request)
    assert leaves == [EXPECTED_LEAVE]
    assert leaves[0].paid is True


@pytest.mark.parametrize("is_paid", [False, "no", LeavePaid.NO])
def test_list_is_paid_takes_a_bool_or_the_api_words(api, is_paid) -> None:
    route = api.get("/leaves").mock(return_value=ok([{**LEAVE, "is_paid": "no"}]))

    with WebWork(TOKEN, workspace_id=1) as client:
        (leave,) = client.leaves.list(is_paid=is_paid).to_list()

    assert last_request(route).url.params["is_paid"] == "no"
    assert leave.is_paid is LeavePaid.NO
    assert leave.paid is False


def test_docs_disagree_leaves_said_paginated_but_schema_has_no_pagination(api) -> None:
    route = api.get("/leaves").mock(return_value=ok([LEAVE, {**LEAVE, "id": "other"}]))

    with WebWork(TOKEN, workspace_id=1) as client:
        pages = [page for page in client.leaves.list(per_page=2).pages()]

    assert str(last_request(route).url) == f"{BASE_URL}/leaves?workspace_id=1&page=1&per_page=2"
    assert route.call_count == 1
    assert [(p.number, p.last_page, len(p)) for p in pages] == [(1, None, 2)]


def test_list_follows_meta_pagination(api) -> None:
    items = [{**LEAVE, "id": f"leave{n}"} for n in range(3)]
    route = api.get("/leaves").mock(side_effect=serve_pages(items, per_page=2))

    with WebWork(TOKEN, workspace_id=1) as client:
        ids = [leave.id for leave in client.leaves.list(per_page=2)]

    assert ids == ["leave0", "leave1", "leave2"]
    assert requested_pages(route) == [1, 2]


def test_unknown_and_missing_values_decode(api) -> None:
    odd = {"id": "x", "status": "cancelled", "is_paid": "partly", "user_id": None}
    api.get("/leaves").mock(return_value=ok([odd]))

    with WebWork(TOKEN, workspace_id=1) as client:
        (leave,) = client.leaves.list().to_list()

    assert leave.status == "cancelled" and leave.status is not None and leave.status.is_custom
    assert leave.is_paid == "partly"
    assert leave.paid is None
    assert leave.user_id is None and leave.start_date is None


def test_list_wrong_typed_item_raises_response_decode_error(api) -> None:
    api.get("/leaves").mock(return_value=ok([{**LEAVE, "created_by": "someone"}]))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            client.leaves.list().to_list()


# --- request (create) ---------------------------------------------------------------------


def test_request_day_based_sends_the_documented_body_and_returns_the_message(api) -> None:
    # 201 with success, message and meta only: there is no data to decode.
    route = api.post("/leaves").mock(return_value=ok(None, CREATED_MESSAGE, status=201))

    with WebWork(TOKEN, workspace_id=1) as client:
        message = client.leaves.request(
            user_id=100,
            policy_id=3,
            start="2024-02-01",
            end=date(2024, 2, 5),
            leave_period=LeavePeriod.FULL_DAY,
            reason="Family trip",
        )

    request = last_request(route)
    assert request.method == "POST"
    assert request.url.path == "/api/v2/leaves"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {
        "workspace_id": 1,
        "policy_id": 3,
        "user_id": 100,
        "start": "2024-02-01",
        "end": "2024-02-05",
        "leave_period": 0,
        "reason": "Family trip",
    }
    assert message == CREATED_MESSAGE


def test_request_hour_based_sends_times_and_hours_per_day(api) -> None:
    route = api.post("/leaves").mock(return_value=ok(None, CREATED_MESSAGE, status=201))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.leaves.create(
            user_id=100,
            policy_id=4,
            start=date(2024, 2, 1),
            end=date(2024, 2, 1),
            start_time="09:00",
            end_time=time(13, 30),
            hours_per_day=4.5,
        )

    assert sent_json(route) == {
        "workspace_id": 1,
        "policy_id": 4,
        "user_id": 100,
        "start": "2024-02-01",
        "end": "2024-02-01",
        "start_time": "09:00",
        "end_time": "13:30",
        "hours_per_day": 4.5,
    }


def test_request_half_day(api) -> None:
    route = api.post("/leaves").mock(return_value=ok(None, CREATED_MESSAGE, status=201))

    with WebWork(TOKEN, workspace_id=7) as client:
        client.leaves.request(
            user_id=100, policy_id=3, start="2024-02-01", end="2024-02-01", leave_period=2
        )

    body = sent_json(route)
    assert body["leave_period"] == 2 and type(body["leave_period"]) is int
    assert body["workspace_id"] == 7


def test_request_without_a_message_returns_none(api) -> None:
    api.post("/leaves").mock(return_value=ok(None, status=201))

    with WebWork(TOKEN, workspace_id=1) as client:
        message = client.leaves.request(
            user_id=100, policy_id=3, start="2024-02-01", end="2024-02-01"
        )

    assert message is None


def test_request_is_not_retried_after_a_503(api) -> None:
    route = api.post("/leaves").mock(return_value=fail(503, "Service Unavailable"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InternalServerError):
            client.leaves.request(user_id=100, policy_id=3, start="2024-02-01", end="2024-02-01")

    assert route.call_count == 1


@pytest.mark.parametrize(
    ("status", "error"),
    [
        pytest.param(403, PermissionDeniedError, id="403"),
        pytest.param(422, UnprocessableEntityError, id="422"),
    ],
)
def test_request_errors_map_to_typed_errors(api, status, error) -> None:
    api.post("/leaves").mock(return_value=fail(status, "Not enough balance"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(error, match="Not enough balance"):
            client.leaves.request(user_id=100, policy_id=3, start="2024-02-01", end="2024-02-01")


# --- balances -----------------------------------------------------------------------------


def test_balances_sends_the_required_period_and_decodes_balances(api) -> None:
    route = api.get("/leaves/balances").mock(return_value=ok([BALANCE]))

    with WebWork(TOKEN, workspace_id=1) as client:
        balances = client.leaves.balances(
            date_from="2024-01-01", date_to="2024-12-31", user_id=100
        ).to_list()

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/leaves/balances"
    assert dict(request.url.params) == {
        "workspace_id": "1",
        "date_from": "2024-01-01",
        "date_to": "2024-12-31",
        "user_id": "100",
        "page": "1",
    }  # no per_page: the API documents none for this call
    assert_authenticated(request)
    assert balances == [
        LeaveBalance(
            user_id=100,
            user_name="John Doe",
            leave_information=(
                LeaveTypeBalance(leave_type="Vacation", balance="10 days"),
                LeaveTypeBalance(leave_type="Sick leave", balance="16 hours"),
            ),
            total_balance=None,
        )
    ]


def test_balances_in_total_mode_and_across_pages(api) -> None:
    items = [
        {"user_id": n, "user_name": f"Member {n}", "leave_information": [], "total_balance": "5"}
        for n in range(1, 4)
    ]
    # The server's own page size (2 here): the client sends none and follows its pagination.
    route = api.get("/leaves/balances").mock(side_effect=serve_pages(items, per_page=2))

    with WebWork(TOKEN, workspace_id=1) as client:
        balances = client.leaves.balances(date_from="2024-01-01", date_to="2024-12-31").to_list()

    assert [(b.user_id, b.total_balance, b.leave_information) for b in balances] == [
        (1, "5", ()),
        (2, "5", ()),
        (3, "5", ()),
    ]
    assert requested_pages(route) == [1, 2]
    assert all("per_page" not in call.request.url.params for call in route.calls)


def test_balances_max_items_fetches_no_page_beyond_them(api) -> None:
    items = [
        {"user_id": n, "user_name": f"Member {n}", "leave_information": []} for n in range(1, 8)
    ]
    route = api.get("/leaves/balances").mock(side_effect=serve_pages(items, per_page=2))

    with WebWork(TOKEN, workspace_id=1) as client:
        pager = client.leaves.balances(date_from="2024-01-01", date_to="2024-12-31", max_items=3)
        balances = [b.user_id for b in pager]

    assert balances == [1, 2, 3]
    assert requested_pages(route) == [1, 2]


def test_balances_of_every_member_across_the_fake_s_pages(
    fake: FakeWebWork, server: FakeServer
) -> None:
    # More members than the fake's default page size (20), so the listing spans pages that
    # the server sized on its own.
    fake.seed_workspace(projects=1, tasks_per_project=1, members=25)
    with WebWork(fake.token, workspace_id=fake.workspace_id, base_url=server.url) as client:
        pager = client.leaves.balances(date_from="2024-01-01", date_to="2024-01-31")
        pages = [page for page in pager.pages()]
        balances = pager.to_list()

    assert len(pages) > 1
    assert len({b.user_id for b in balances}) == len(balances) == sum(len(p.items) for p in pages)


# --- arguments checked before sending -----------------------------------------------------


def _request(c, **kwargs):
    args = {"user_id": 100, "policy_id": 3, "start": "2024-02-01", "end": "2024-02-02"}
    return c.leaves.request(**{**args, **kwargs})


HOURS = {"start_time": "09:00", "end_time": "13:00", "hours_per_day": 4}

BAD_CALLS = [
    pytest.param(lambda c: c.leaves.list(id=""), "id", id="list-id"),
    pytest.param(lambda c: c.leaves.list(policy_id=0), "policy_id", id="list-policy"),
    pytest.param(lambda c: c.leaves.list(is_paid="maybe"), "is_paid", id="list-is-paid"),
    pytest.param(lambda c: c.leaves.list(is_paid=1), "is_paid", id="list-is-paid-int"),
    pytest.param(lambda c: c.leaves.list(status="cancelled"), "status", id="list-status"),
    pytest.param(
        lambda c: c.leaves.list(date_from="2024-02-02", date_to="2024-02-01"),
        "date_to",
        id="list-dates",
    ),
    pytest.param(lambda c: c.leaves.list(user_id="100"), "user_id", id="list-user"),
    pytest.param(lambda c: _request(c, user_id=0), "user_id", id="req-user"),
    pytest.param(lambda c: _request(c, policy_id="3"), "policy_id", id="req-policy"),
    pytest.param(lambda c: _request(c, start="02/01/2024"), "start", id="req-start"),
    pytest.param(lambda c: _request(c, end="2024-01-31"), "end", id="req-end-before-start"),
    pytest.param(lambda c: _request(c, start_time="09:00"), "end_time", id="req-start-time-only"),
    pytest.param(
        lambda c: _request(c, start_time="09:00", end_time="13:00"),
        "hours_per_day",
        id="req-no-hours",
    ),
    pytest.param(lambda c: _request(c, hours_per_day=4), "start_time", id="req-hours-only"),
    pytest.param(
        lambda c: _request(c, **{**HOURS, "end_time": "9:00"}), "end_time", id="req-bad-end-time"
    ),
    pytest.param(
        lambda c: _request(c, **{**HOURS, "start_time": "9am"}), "start_time", id="req-bad-time"
    ),
    pytest.param(
        lambda c: _request(c, **{**HOURS, "hours_per_day": 0}), "hours_per_day", id="req-hours-0"
    ),
    pytest.param(
        lambda c: _request(c, **{**HOURS, "hours_per_day": 25}), "hours_per_day", id="req-hours-25"
    ),
    pytest.param(
        lambda c: _request(c, **{**HOURS, "hours_per_day": "4"}), "hours_per_day", id="req-hours-s"
    ),
    pytest.param(lambda c: _request(c, leave_period=3), "leave_period", id="req-period-3"),
    pytest.param(lambda c: _request(c, leave_period=True), "leave_period", id="req-period-bool"),
    pytest.param(lambda c: _request(c, leave_period="1"), "leave_period", id="req-period-str"),
    pytest.param(lambda c: _request(c, reason=5), "reason", id="req-reason"),
    pytest.param(
        lambda c: c.leaves.balances(date_from=None, date_to="2024-12-31"),
        "date_from",
        id="balances-no-from",
    ),
    pytest.param(
        lambda c: c.leaves.balances(date_from="2024-12-31", date_to="2024-01-01"),
        "date_to",
        id="balances-order",
    ),
    pytest.param(
        lambda c: c.leaves.balances(date_from="2024-01-01", date_to="2024-12-31", user_id=-1),
        "user_id",
        id="balances-user",
    ),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
def test_bad_arguments_raise_before_sending(api, call, field) -> None:
    api.route().mock(return_value=ok(None))  # would answer anything that got sent

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == field
    assert api.calls.call_count == 0


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: c.leaves.list(), id="list"),
        pytest.param(lambda c: _request(c), id="request"),
        pytest.param(
            lambda c: c.leaves.balances(date_from="2024-01-01", date_to="2024-12-31"),
            id="balances",
        ),
    ],
)
def test_workspace_id_is_required_when_the_client_has_none(api, call) -> None:
    api.route().mock(return_value=ok(None))

    with WebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == "workspace_id"
    assert api.calls.call_count == 0
