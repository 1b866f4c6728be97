# This file is generated from tests/_async/test_time_requests.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""client.time_requests: list, get, create, approve, reject (API reference §3.10, §5.10).

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. The OLD time request follows its documented field list; the NEW
create response is the documented `{id, status}`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import httpx
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
    UnprocessableEntityError,
    WebWork,
)
from webwork_async._retry import RetryPolicy
from webwork_async.models._time_requests import (
    TimeRequest,
    TimeRequestActionResult,
    TimeRequestStatus,
)

UTC = timezone.utc

# The OLD time request (MD-OLD(time-requests/gettimerequest)); its id is a UUID.
TIME_REQUEST_OLD = {
    "id": "9b2f7c1a-0d3e-4f5a-8b6c-7d8e9f0a1b2c",
    "user_id": 100,
    "contract_id": 560314,
    "project_id": 285469,
    "task_id": 12345,
    "start": "2024-01-15T09:00:00Z",
    "end": "2024-01-15T12:30:00Z",
    "status": "pending",
    "notes": "Forgot to start the tracker",
    "comment": None,
    "updated_by": None,
    "created_at": "2024-01-15T13:00:00Z",
    "updated_at": "2024-01-15T13:00:00Z",
}
EXPECTED_OLD = TimeRequest(
    id="9b2f7c1a-0d3e-4f5a-8b6c-7d8e9f0a1b2c",
    user_id=100,
    contract_id=560314,
    project_id=285469,
    task_id=12345,
    start=datetime(2024, 1, 15, 9, 0, tzinfo=UTC),
    end=datetime(2024, 1, 15, 12, 30, tzinfo=UTC),
    status=TimeRequestStatus.PENDING,
    notes="Forgot to start the tracker",
    created_at=datetime(2024, 1, 15, 13, 0, tzinfo=UTC),
    updated_at=datetime(2024, 1, 15, 13, 0, tzinfo=UTC),
)
# The NEW create response data (MD-NEW(time-requests/createtimerequest)).
CREATED_NEW = {"id": "encoded_id_string", "status": "pending"}

START = datetime(2024, 1, 15, 9, 0, tzinfo=UTC)
END = datetime(2024, 1, 15, 12, 30, tzinfo=UTC)


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries without the exponential wait, so retry tests stay fast."""
    monkeypatch.setattr(RetryPolicy, "_backoff", lambda self, attempt: 0.0)


# --- list ---------------------------------------------------------------------------------


def test_list_sends_the_required_period_and_every_filter(api) -> None:
    route = api.get("/time-requests").mock(return_value=ok([TIME_REQUEST_OLD]))

    with WebWork(TOKEN, workspace_id=1) as client:
        requests = client.time_requests.list(
            date_from="2024-01-01",
            date_to=date(2024, 1, 31),
            status=TimeRequestStatus.PENDING,
            user_id=100,
            project_id=285469,
            id="encoded_id_string",
            per_page=25,
        ).to_list()

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/time-requests"
    assert dict(request.url.params) == {
        "workspace_id": "1",
        "date_from": "2024-01-01",
        "date_to": "2024-01-31",
        "status": "pending",
        "user_id": "100",
        "project_id": "285469",
        "id": "encoded_id_string",
        "page": "1",
        "per_page": "25",
    }
    assert_authenticated(request)
    assert requests == [EXPECTED_OLD]


def test_list_of_a_single_day(api) -> None:
    route = api.get("/time-requests").mock(return_value=ok([]))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.time_requests.list(date_from="2024-01-15", date_to="2024-01-15").to_list()

    assert str(last_request(route).url) == (
        f"{BASE_URL}/time-requests?workspace_id=1&date_from=2024-01-15&date_to=2024-01-15"
        "&page=1&per_page=100"
    )


def test_docs_disagree_time_request_list_data_object_means_no_items(api) -> None:
    # A NEW example shows `data: {}` (an object) where the OLD one shows `data: [ … ]`.
    api.get("/time-requests").mock(return_value=ok({}, "Time requests retrieved successfully"))

    with WebWork(TOKEN, workspace_id=1) as client:
        requests = client.time_requests.list(date_from="2024-01-01", date_to="2024-01-31").to_list()

    assert requests == []


def test_list_follows_meta_pagination(api) -> None:
    items = [{**TIME_REQUEST_OLD, "id": f"tr{n}"} for n in range(5)]
    route = api.get("/time-requests").mock(side_effect=serve_pages(items, per_page=2))

    with WebWork(TOKEN, workspace_id=1) as client:
        pager = client.time_requests.list(date_from="2024-01-01", date_to="2024-01-31", per_page=2)
        ids = [request.id for request in pager]

    assert ids == ["tr0", "tr1", "tr2", "tr3", "tr4"]
    assert requested_pages(route) == [1, 2, 3]


def test_unknown_status_decodes_and_keeps_its_text(api) -> None:
    api.get("/time-requests").mock(return_value=ok([{**TIME_REQUEST_OLD, "status": "expired"}]))

    with WebWork(TOKEN, workspace_id=1) as client:
        (request,) = client.time_requests.list(
            date_from="2024-01-01", date_to="2024-01-31"
        ).to_list()

    assert request.status == "expired"
    assert request.status is not None and request.status.is_custom


# --- get ----------------------------------------------------------------------------------


def test_get_sends_the_documented_request_and_decodes_the_old_object(api) -> None:
    uuid = TIME_REQUEST_OLD["id"]
    route = api.get(f"/time-requests/{uuid}").mock(
        return_value=ok(TIME_REQUEST_OLD, "Time request retrieved successfully")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        request = client.time_requests.get(uuid)

    sent = last_request(route)
    assert sent.method == "GET"
    assert str(sent.url) == f"{BASE_URL}/time-requests/{uuid}?workspace_id=1"
    assert_authenticated(sent)
    assert request == EXPECTED_OLD


def test_get_a_decided_request(api) -> None:
    rejected = {
        **TIME_REQUEST_OLD,
        "status": "rejected",
        "comment": "No work was planned that day",
        "updated_by": 10,
        "task_id": None,
    }
    api.get("/time-requests/abc").mock(return_value=ok(rejected))

    with WebWork(TOKEN, workspace_id=1) as client:
        request = client.time_requests.get("abc")

    assert request.status is TimeRequestStatus.REJECTED
    assert request.comment == "No work was planned that day"
    assert request.updated_by == 10
    assert request.task_id is None


def test_get_missing_request_raises_not_found(api) -> None:
    api.get("/time-requests/nope").mock(return_value=fail(404, "Time request not found"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError, match="Time request not found"):
            client.time_requests.get("nope")


# --- create -------------------------------------------------------------------------------


def test_create_sends_the_new_body_and_decodes_the_new_response(api) -> None:
    route = api.post("/time-requests").mock(
        return_value=ok(CREATED_NEW, "Time request created successfully", status=201)
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        created = client.time_requests.create(
            user_id=100,
            contract_id=560314,
            task_id=12345,
            start=START,
            end="2024-01-15T12:30:00Z",
            activity_description="Client call",
        )

    request = last_request(route)
    assert request.method == "POST"
    assert request.url.path == "/api/v2/time-requests"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {
        "workspace_id": 1,
        "user_id": 100,
        "start": "2024-01-15T09:00:00+00:00",
        "end": "2024-01-15T12:30:00+00:00",
        "contract_id": 560314,
        "task_id": 12345,
        "activity_description": "Client call",
    }
    assert created == TimeRequest(id="encoded_id_string", status=TimeRequestStatus.PENDING)


def test_docs_disagree_time_request_create_sends_new_body_not_old(api) -> None:
    # OLD: contract_id required and `notes`; NEW: contract_id optional, `activity_description`.
    route = api.post("/time-requests").mock(return_value=ok(CREATED_NEW, status=201))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.time_requests.create(user_id=100, start=START, end=END)

    body = sent_json(route)
    assert body == {
        "workspace_id": 1,
        "user_id": 100,
        "start": "2024-01-15T09:00:00+00:00",
        "end": "2024-01-15T12:30:00+00:00",
    }
    assert "notes" not in body and "contract_id" not in body


def test_docs_disagree_time_request_create_response_full_old_object_or_new_id_status(
    api,
) -> None:
    # OLD answers 201 with the whole TimeRequest (note in `notes`); NEW with only {id, status}.
    api.post("/time-requests").mock(
        side_effect=[ok(TIME_REQUEST_OLD, status=201), ok(CREATED_NEW, status=201)]
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        old = client.time_requests.create(user_id=100, contract_id=560314, start=START, end=END)
        new = client.time_requests.create(user_id=100, start=START, end=END)

    assert old == EXPECTED_OLD
    assert old.notes == "Forgot to start the tracker"
    assert new.id == "encoded_id_string"
    assert new.status is TimeRequestStatus.PENDING
    assert (new.user_id, new.start, new.end, new.activity_description) == (None, None, None, None)


def test_docs_disagree_time_request_note_as_notes_or_activity_description(api) -> None:
    # The same note is `notes` in the OLD object and `activity_description` in the NEW body.
    newer = {**TIME_REQUEST_OLD, "notes": None, "activity_description": "Client call"}
    api.get("/time-requests").mock(return_value=ok([TIME_REQUEST_OLD, newer]))

    with WebWork(TOKEN, workspace_id=1) as client:
        old, new = client.time_requests.list(date_from="2024-01-01", date_to="2024-01-31").to_list()

    assert (old.notes, old.activity_description) == ("Forgot to start the tracker", None)
    assert (new.notes, new.activity_description) == (None, "Client call")


def test_create_auto_approved_comes_back_approved(api) -> None:
    api.post("/time-requests").mock(
        return_value=ok({"id": "encoded_id_string", "status": "approved"}, status=201)
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        created = client.time_requests.create(user_id=100, start=START, end=END)

    assert created.status is TimeRequestStatus.APPROVED


def test_create_naive_datetimes_are_sent_without_an_offset(api) -> None:
    route = api.post("/time-requests").mock(return_value=ok(CREATED_NEW, status=201))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.time_requests.create(
            user_id=100, start=datetime(2024, 1, 15, 9), end=datetime(2024, 1, 15, 10)
        )

    body = sent_json(route)
    assert (body["start"], body["end"]) == ("2024-01-15T09:00:00", "2024-01-15T10:00:00")


def test_create_is_not_retried_after_a_503(api) -> None:
    route = api.post("/time-requests").mock(return_value=fail(503, "Service Unavailable"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InternalServerError):
            client.time_requests.create(user_id=100, start=START, end=END)

    assert route.call_count == 1


def test_create_rejected_fields_are_in_errors(api) -> None:
    api.post("/time-requests").mock(
        return_value=fail(
            422,
            "The given data was invalid.",
            errors={"start": ["The time overlaps tracked time."]},
        )
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(UnprocessableEntityError) as caught:
            client.time_requests.create(user_id=100, start=START, end=END)

    assert caught.value.errors == {"start": ["The time overlaps tracked time."]}


# --- approve, reject ----------------------------------------------------------------------


def test_approve_posts_the_workspace(api) -> None:
    route = api.post("/time-requests/encoded_id_string/approve").mock(
        return_value=ok(None, "Time request approved successfully")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.time_requests.approve("encoded_id_string")

    request = last_request(route)
    assert request.method == "POST"
    assert request.url.path == "/api/v2/time-requests/encoded_id_string/approve"
    assert request.url.query == b""
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 1}
    assert result == TimeRequestActionResult(
        time_request_id="encoded_id_string", message="Time request approved successfully"
    )


def test_approve_decodes_a_returned_time_request(api) -> None:
    approved = {**TIME_REQUEST_OLD, "status": "approved", "updated_by": 10}
    api.post("/time-requests/abc/approve").mock(return_value=ok(approved))

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.time_requests.approve("abc")

    assert result.time_request is not None
    assert result.time_request.status is TimeRequestStatus.APPROVED
    assert result.time_request.updated_by == 10


def test_approve_ignores_an_undocumented_object_without_an_id(api) -> None:
    api.post("/time-requests/abc/approve").mock(return_value=ok({"approved": True}))

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.time_requests.approve("abc")

    assert result.time_request is None


def test_approve_is_not_retried_after_a_503(api, no_backoff) -> None:
    # Approving adds time: a retry after the first attempt went through must not happen.
    route = api.post("/time-requests/abc/approve").mock(return_value=fail(503, "Unavailable"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InternalServerError):
            client.time_requests.approve("abc")

    assert route.call_count == 1


def test_reject_posts_the_comment_and_is_retried_after_a_503(api, no_backoff) -> None:
    route = api.post("/time-requests/abc/reject").mock(
        side_effect=[fail(503, "Unavailable"), ok(None, "Time request rejected successfully")]
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.time_requests.reject("abc", comment="No work planned that day")

    assert route.call_count == 2
    assert last_request(route).method == "POST"
    assert sent_json(route) == {"workspace_id": 1, "comment": "No work planned that day"}
    assert result.message == "Time request rejected successfully"


def test_reject_without_permission_raises_permission_denied(api) -> None:
    api.post("/time-requests/abc/reject").mock(return_value=fail(403, "Forbidden"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(PermissionDeniedError):
            client.time_requests.reject("abc", comment="No")


def test_approve_with_html_error_page_keeps_the_status(api) -> None:
    api.post("/time-requests/abc/approve").mock(
        return_value=httpx.Response(404, text="<html>Not Found</html>")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError) as caught:
            client.time_requests.approve("abc")

    assert caught.value.status_code == 404


# --- arguments checked before sending -----------------------------------------------------


def _list(c, **kwargs):
    return c.time_requests.list(**{"date_from": "2024-01-01", "date_to": "2024-01-31", **kwargs})


def _create(c, **kwargs):
    return c.time_requests.create(**{"user_id": 100, "start": START, "end": END, **kwargs})


BAD_CALLS = [
    pytest.param(lambda c: _list(c, date_from=None), "date_from", id="list-no-from"),
    pytest.param(lambda c: _list(c, date_to=None), "date_to", id="list-no-to"),
    pytest.param(lambda c: _list(c, date_to="2023-12-31"), "date_to", id="list-to-before-from"),
    pytest.param(lambda c: _list(c, date_from="Jan 1"), "date_from", id="list-bad-date"),
    pytest.param(lambda c: _list(c, status="done"), "status", id="list-status"),
    pytest.param(lambda c: _list(c, user_id=-1), "user_id", id="list-user"),
    pytest.param(lambda c: _list(c, project_id="5"), "project_id", id="list-project"),
    pytest.param(lambda c: _list(c, id="a/b"), "id", id="list-id"),
    pytest.param(lambda c: _list(c, per_page=0), "per_page", id="list-per-page"),
    pytest.param(lambda c: c.time_requests.get(""), "time_request_id", id="get-empty"),
    pytest.param(lambda c: c.time_requests.get(7), "time_request_id", id="get-int"),
    pytest.param(lambda c: _create(c, user_id=0), "user_id", id="create-user"),
    pytest.param(lambda c: _create(c, end=START), "end", id="create-end-equals-start"),
    pytest.param(
        lambda c: _create(c, end=START - timedelta(minutes=1)), "end", id="create-end-before"
    ),
    pytest.param(lambda c: _create(c, start="2024-01-15"), "start", id="create-date-only"),
    pytest.param(lambda c: _create(c, start="yesterday"), "start", id="create-bad-start"),
    pytest.param(lambda c: _create(c, end=date(2024, 1, 16)), "end", id="create-end-a-date"),
    pytest.param(
        lambda c: _create(c, end=datetime(2024, 1, 15, 12)), "end", id="create-naive-and-aware"
    ),
    pytest.param(lambda c: _create(c, task_id=0), "task_id", id="create-task"),
    pytest.param(lambda c: _create(c, contract_id=-3), "contract_id", id="create-contract"),
    pytest.param(
        lambda c: _create(c, activity_description=5), "activity_description", id="create-desc"
    ),
    pytest.param(lambda c: c.time_requests.approve(""), "time_request_id", id="approve-empty"),
    pytest.param(lambda c: c.time_requests.reject("abc", comment=""), "comment", id="reject-empty"),
    pytest.param(
        lambda c: c.time_requests.reject("abc", comment=None), "comment", id="reject-none"
    ),
    pytest.param(
        lambda c: c.time_requests.reject("a b", comment="x"), "time_request_id", id="rej-id"
    ),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
def test_bad_arguments_raise_before_sending(api, call, field) -> None:
    api.route().mock(return_value=ok(CREATED_NEW))  # would answer anything that got sent

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == field
    assert api.calls.call_count == 0


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: _list(c), id="list"),
        pytest.param(lambda c: c.time_requests.get("abc"), id="get"),
        pytest.param(lambda c: _create(c), id="create"),
        pytest.param(lambda c: c.time_requests.approve("abc"), id="approve"),
        pytest.param(lambda c: c.time_requests.reject("abc", comment="x"), id="reject"),
    ],
)
def test_workspace_id_is_required_when_the_client_has_none(api, call) -> None:
    api.route().mock(return_value=ok(CREATED_NEW))

    with WebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == "workspace_id"
    assert api.calls.call_count == 0
