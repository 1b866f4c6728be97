# This file is generated from tests/_async/test_timesheets.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""client.timesheets: list, approve, reject, submit, unsubmit (API reference §3.9).

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. The approve/reject response objects are the documented NEW
examples (seed 002); the list items follow the documented field lists of both generations.
"""

from __future__ import annotations

from datetime import date

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
    NotFoundError,
    PermissionDeniedError,
    ResponseDecodeError,
    UnprocessableEntityError,
    WebWork,
)
from webwork_async.models._timesheets import (
    Timesheet,
    TimesheetActionResult,
    TimesheetProjectTime,
    TimesheetStatus,
)

# A list item with the OLD field list (MD-OLD(timesheets/gettimesheets)); ids are UUIDs there.
TIMESHEET_OLD = {
    "id": "3f2b8c1e-6d4a-4c1b-9a57-2e8d0c7b5a10",
    "user_id": 100,
    "date_from": "2024-01-01",
    "date_to": "2024-01-07",
    "total_hours": 38.5,
    "submitted_on": "2024-01-08",
    "reject_reason": None,
    "status": "open",
}
# A list item with the NEW fields (MD-NEW(timesheets/gettimesheets)); ids are "encrypted".
TIMESHEET_NEW = {
    "id": "abc123xyz",
    "user_id": 45696,
    "member": "John Smith",
    "date_from": "2024-01-01",
    "date_to": "2024-01-15",
    "total_minutes": 4830,
    "status": "pending",
    "daily_breakdown": {
        "2024-01-02": [
            {
                "project_id": 285469,
                "project_name": "Website",
                "contract_id": 560314,
                "total_minutes": 450,
                "total_amount": 75.0,
            },
            {"project_id": None, "project_name": None, "contract_id": None, "total_minutes": 30},
        ]
    },
    "total_amount": 805.0,
}
# The documented NEW approve/reject response data (seed 002).
APPROVED_NEW = {
    "id": "abc123xyz",
    "status": "approved",
    "user_id": 45696,
    "user_name": "John Smith",
    "user_email": "john.smith@example.com",
    "date_from": "2024-01-01",
    "date_to": "2024-01-15",
}
APPROVED_MESSAGE = (
    "Timesheet approved by Jane Doe at 2024-01-15 10:30:00 | Member: John Smith | "
    "Period: 2024-01-01 to 2024-01-15"
)
REJECTED_NEW = {**APPROVED_NEW, "status": "rejected"}
REJECTED_MESSAGE = (
    "Timesheet rejected by Jane Doe at 2024-01-15 10:30:00 | Member: John Smith | "
    "Period: 2024-01-01 to 2024-01-15 | Reason: Please correct the hours for Monday"
)

EXPECTED_OLD = Timesheet(
    id="3f2b8c1e-6d4a-4c1b-9a57-2e8d0c7b5a10",
    user_id=100,
    date_from=date(2024, 1, 1),
    date_to=date(2024, 1, 7),
    total_hours=38.5,
    submitted_on="2024-01-08",
    reject_reason=None,
    status=TimesheetStatus.OPEN,
)
EXPECTED_NEW = Timesheet(
    id="abc123xyz",
    user_id=45696,
    member="John Smith",
    date_from=date(2024, 1, 1),
    date_to=date(2024, 1, 15),
    total_minutes=4830,
    status=TimesheetStatus.PENDING,
    daily_breakdown={
        "2024-01-02": (
            TimesheetProjectTime(
                project_id=285469,
                project_name="Website",
                contract_id=560314,
                total_minutes=450,
                total_amount=75.0,
            ),
            TimesheetProjectTime(total_minutes=30),
        )
    },
    total_amount=805.0,
)


# --- list ---------------------------------------------------------------------------------


def test_list_sends_every_documented_filter(api) -> None:
    route = api.get("/timesheets").mock(return_value=ok([TIMESHEET_NEW]))

    with WebWork(TOKEN, workspace_id=1) as client:
        sheets = client.timesheets.list(
            id="abc123xyz",
            status=TimesheetStatus.SUBMITTED,
            date_from="2024-01-01",
            date_to=date(2024, 1, 31),
            user_id=45696,
            order="desc",
            per_page=20,
        ).to_list()

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/timesheets"
    assert dict(request.url.params) == {
        "workspace_id": "1",
        "id": "abc123xyz",
        "status": "submitted",
        "date_from": "2024-01-01",
        "date_to": "2024-01-31",
        "user_id": "45696",
        "order_by": "desc",
        "page": "1",
        "per_page": "20",
    }
    assert request.content == b""
    assert_authenticated(request)
    assert sheets == [EXPECTED_NEW]


def test_list_without_filters_sends_only_the_workspace_and_page(api) -> None:
    route = api.get("/timesheets").mock(return_value=ok([]))

    with WebWork(TOKEN, workspace_id=1) as client:
        assert client.timesheets.list().to_list() == []

    assert str(last_request(route).url) == (
        f"{BASE_URL}/timesheets?workspace_id=1&page=1&per_page=100"
    )


def test_docs_disagree_timesheet_fields_old_and_new_both_decode(api) -> None:
    # OLD items carry total_hours/submitted_on; NEW ones member/total_minutes/daily_breakdown.
    api.get("/timesheets").mock(return_value=ok([TIMESHEET_OLD, TIMESHEET_NEW]))

    with WebWork(TOKEN, workspace_id=1) as client:
        old, new = client.timesheets.list().to_list()

    assert old == EXPECTED_OLD
    assert old.submitted_date == date(2024, 1, 8)
    assert old.total_minutes is None and old.daily_breakdown is None
    assert new == EXPECTED_NEW
    assert new.total_hours is None and new.submitted_date is None


def test_docs_disagree_timesheet_status_open_and_pending_both_decode(api) -> None:
    # OLD enum: open/submitted/rejected/approved; NEW enum: pending/submitted/approved/rejected.
    statuses = ["open", "pending", "submitted", "approved", "rejected"]
    items = [{**TIMESHEET_NEW, "id": f"t{n}", "status": s} for n, s in enumerate(statuses)]
    api.get("/timesheets").mock(return_value=ok(items))

    with WebWork(TOKEN, workspace_id=1) as client:
        sheets = client.timesheets.list().to_list()

    assert [sheet.status for sheet in sheets] == [
        TimesheetStatus.OPEN,
        TimesheetStatus.PENDING,
        TimesheetStatus.SUBMITTED,
        TimesheetStatus.APPROVED,
        TimesheetStatus.REJECTED,
    ]
    assert not any(sheet.status.is_custom for sheet in sheets if sheet.status is not None)
    assert sheets[0].status is not None
    assert sheets[0].status.normalized is TimesheetStatus.PENDING


@pytest.mark.parametrize("status", [TimesheetStatus.OPEN, "open", TimesheetStatus.PENDING])
def test_docs_disagree_timesheet_open_filter_is_sent_as_new_pending(api, status) -> None:
    # The NEW parameter enum says `pending` (its description text still says "open"): both
    # are accepted as a filter, and the NEW name goes on the wire.
    route = api.get("/timesheets").mock(return_value=ok([TIMESHEET_OLD]))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.timesheets.list(status=status).to_list()

    assert last_request(route).url.params["status"] == "pending"


def test_unknown_status_decodes_and_keeps_its_text(api) -> None:
    api.get("/timesheets").mock(return_value=ok([{**TIMESHEET_NEW, "status": "draft"}]))

    with WebWork(TOKEN, workspace_id=1) as client:
        (sheet,) = client.timesheets.list().to_list()

    assert sheet.status == "draft"
    assert sheet.status is not None and sheet.status.is_custom


def test_list_follows_meta_pagination(api) -> None:
    items = [{**TIMESHEET_NEW, "id": f"ts{n}"} for n in range(5)]
    route = api.get("/timesheets").mock(side_effect=serve_pages(items, per_page=2))

    with WebWork(TOKEN, workspace_id=1) as client:
        ids = [sheet.id for sheet in client.timesheets.list(per_page=2)]

    assert ids == ["ts0", "ts1", "ts2", "ts3", "ts4"]
    assert requested_pages(route) == [1, 2, 3]


def test_docs_disagree_old_timesheets_schema_has_no_pagination(api) -> None:
    # The OLD schema has no pagination object: the first page is the whole list.
    route = api.get("/timesheets").mock(return_value=ok([TIMESHEET_OLD, TIMESHEET_NEW]))

    with WebWork(TOKEN, workspace_id=1) as client:
        pages = [page for page in client.timesheets.list(per_page=2).pages()]

    assert route.call_count == 1
    assert [(p.number, p.last_page, len(p)) for p in pages] == [(1, None, 2)]


def test_list_wrong_typed_item_raises_response_decode_error(api) -> None:
    api.get("/timesheets").mock(return_value=ok([{**TIMESHEET_NEW, "date_from": "someday"}]))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            client.timesheets.list().to_list()


# --- approve, reject, submit, unsubmit ----------------------------------------------------


def test_approve_sends_put_with_the_workspace_and_decodes_the_new_example(api) -> None:
    route = api.put("/timesheets/abc123xyz/approve").mock(
        return_value=ok(APPROVED_NEW, APPROVED_MESSAGE)
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.timesheets.approve("abc123xyz")

    request = last_request(route)
    assert request.method == "PUT"
    assert request.url.path == "/api/v2/timesheets/abc123xyz/approve"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 1}
    assert result == TimesheetActionResult(
        timesheet_id="abc123xyz",
        message=APPROVED_MESSAGE,
        timesheet=Timesheet(
            id="abc123xyz",
            status=TimesheetStatus.APPROVED,
            user_id=45696,
            user_name="John Smith",
            user_email="john.smith@example.com",
            date_from=date(2024, 1, 1),
            date_to=date(2024, 1, 15),
        ),
    )


def test_docs_disagree_approve_returns_null_data_in_old_docs_an_object_in_new(api) -> None:
    # OLD example: `data: null`, message "Timesheet approved successfully".
    uuid = "3f2b8c1e-6d4a-4c1b-9a57-2e8d0c7b5a10"
    api.put(f"/timesheets/{uuid}/approve").mock(
        return_value=ok(None, "Timesheet approved successfully")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.timesheets.approve(uuid)

    assert result == TimesheetActionResult(
        timesheet_id=uuid, message="Timesheet approved successfully", timesheet=None
    )


def test_reject_sends_the_reason_and_decodes_the_new_example(api) -> None:
    route = api.put("/timesheets/abc123xyz/reject").mock(
        return_value=ok(REJECTED_NEW, REJECTED_MESSAGE)
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.timesheets.reject("abc123xyz", reason="Please correct the hours for Monday")

    assert last_request(route).method == "PUT"
    assert sent_json(route) == {
        "workspace_id": 1,
        "reason": "Please correct the hours for Monday",
    }
    assert result.message == REJECTED_MESSAGE
    assert result.timesheet is not None
    assert result.timesheet.status is TimesheetStatus.REJECTED
    assert result.timesheet.user_email == "john.smith@example.com"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        pytest.param("submit", "Timesheet submitted successfully", id="submit"),
        pytest.param("unsubmit", "Timesheet unsubmitted successfully", id="unsubmit"),
    ],
)
def test_submit_and_unsubmit_send_put_with_the_workspace(api, action, message) -> None:
    route = api.put(f"/timesheets/abc123xyz/{action}").mock(return_value=ok(None, message))

    with WebWork(TOKEN, workspace_id=1) as client:
        result = getattr(client.timesheets, action)("abc123xyz", workspace_id=7)

    request = last_request(route)
    assert request.method == "PUT"
    assert request.url.path == f"/api/v2/timesheets/abc123xyz/{action}"
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 7}
    assert result == TimesheetActionResult(timesheet_id="abc123xyz", message=message)


def test_unsubmit_decodes_a_returned_pending_timesheet(api) -> None:
    pending = {**APPROVED_NEW, "status": "pending"}
    api.put("/timesheets/abc123xyz/unsubmit").mock(return_value=ok(pending))

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.timesheets.unsubmit("abc123xyz")

    assert result.timesheet is not None
    assert result.timesheet.status is TimesheetStatus.PENDING
    assert result.message is None


def test_docs_disagree_timesheet_ids_are_uuids_or_encrypted_strings(api) -> None:
    # OLD examples use UUIDs, NEW ones "encrypted" strings: both are opaque path segments.
    old = api.put("/timesheets/550e8400-e29b-41d4-a716-446655440000/submit").mock(
        return_value=ok(None)
    )
    new = api.put("/timesheets/eyJpdiI6IkJ4=/submit").mock(return_value=ok(None))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.timesheets.submit("550e8400-e29b-41d4-a716-446655440000")
        client.timesheets.submit("eyJpdiI6IkJ4=")

    assert old.called and new.called


def test_reject_of_a_timesheet_not_submitted_raises_unprocessable(api) -> None:
    api.put("/timesheets/abc123xyz/reject").mock(
        return_value=fail(422, "Only submitted timesheets can be rejected")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(UnprocessableEntityError) as caught:
            client.timesheets.reject("abc123xyz", reason="Wrong hours")

    assert caught.value.status_code == 422
    assert caught.value.message == "Only submitted timesheets can be rejected"


@pytest.mark.parametrize(
    ("status", "error"),
    [
        pytest.param(403, PermissionDeniedError, id="403"),
        pytest.param(404, NotFoundError, id="404"),
        pytest.param(500, InternalServerError, id="500"),
    ],
)
def test_action_errors_map_to_typed_errors(api, status, error) -> None:
    api.put("/timesheets/abc123xyz/approve").mock(
        return_value=fail(status, "An error occurred", error="Internal Server Error")
    )

    with WebWork(TOKEN, workspace_id=1, max_retries=0) as client:
        with pytest.raises(error) as caught:
            client.timesheets.approve("abc123xyz")

    assert caught.value.status_code == status
    assert caught.value.error == "Internal Server Error"


# --- arguments checked before sending -----------------------------------------------------

BAD_CALLS = [
    pytest.param(lambda c: c.timesheets.list(id=""), "id", id="list-empty-id"),
    pytest.param(lambda c: c.timesheets.list(id="a/b"), "id", id="list-id-slash"),
    pytest.param(lambda c: c.timesheets.list(status="closed"), "status", id="list-status"),
    pytest.param(
        lambda c: c.timesheets.list(status=TimesheetStatus("draft")), "status", id="list-custom"
    ),
    pytest.param(lambda c: c.timesheets.list(date_from="01/01/2024"), "date_from", id="bad-from"),
    pytest.param(
        lambda c: c.timesheets.list(date_from="2024-02-01", date_to="2024-01-31"),
        "date_to",
        id="to-before-from",
    ),
    pytest.param(lambda c: c.timesheets.list(user_id=0), "user_id", id="list-user-0"),
    pytest.param(lambda c: c.timesheets.list(order="up"), "order", id="list-order"),
    pytest.param(lambda c: c.timesheets.list(per_page=101), "per_page", id="list-per-page"),
    pytest.param(lambda c: c.timesheets.list(max_items=-1), "max_items", id="list-max-items"),
    pytest.param(lambda c: c.timesheets.approve(""), "timesheet_id", id="approve-empty"),
    pytest.param(lambda c: c.timesheets.approve(42), "timesheet_id", id="approve-int"),
    pytest.param(lambda c: c.timesheets.submit("../x"), "timesheet_id", id="submit-path"),
    pytest.param(lambda c: c.timesheets.unsubmit("a b"), "timesheet_id", id="unsubmit-space"),
    pytest.param(lambda c: c.timesheets.reject("abc", reason=""), "reason", id="reject-empty"),
    pytest.param(lambda c: c.timesheets.reject("abc", reason="  "), "reason", id="reject-blank"),
    pytest.param(lambda c: c.timesheets.reject("abc", reason=None), "reason", id="reject-none"),
    pytest.param(
        lambda c: c.timesheets.approve("abc", workspace_id=0), "workspace_id", id="approve-ws-0"
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
        pytest.param(lambda c: c.timesheets.list(), id="list"),
        pytest.param(lambda c: c.timesheets.approve("abc"), id="approve"),
        pytest.param(lambda c: c.timesheets.reject("abc", reason="x"), id="reject"),
        pytest.param(lambda c: c.timesheets.submit("abc"), id="submit"),
        pytest.param(lambda c: c.timesheets.unsubmit("abc"), id="unsubmit"),
    ],
)
def test_workspace_id_is_required_when_the_client_has_none(api, call) -> None:
    api.route().mock(return_value=ok(None))

    with WebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == "workspace_id"
    assert api.calls.call_count == 0
