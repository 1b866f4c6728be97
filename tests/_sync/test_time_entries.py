# This file is generated from tests/_async/test_time_entries.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""client.time_entries: list, create, update, delete (NEW docs only).

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. Requests and example responses are the documented ones (API
reference §3.8): entry ids are opaque strings, pages hold at most 50 entries, the create
response carries ``saved_minutes`` next to ``data``, the update response has no ``data``, and
DELETE sends ``workspace_id`` in a JSON body.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timezone
from typing import Any

import httpx
import pytest

from support import (
    META,
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
    ResponseDecodeError,
    UnprocessableEntityError,
    WebWork,
)
from webwork_async.models._time_entries import CreatedTimeEntry, TimeEntry, TimeEntryMethod

UTC = timezone.utc
ENTRY_ID = "eyJpdiI6IjNmOWExYzJiIn0"

# A documented time entry (MD-NEW time-entries/gettimeentries).
ENTRY = {
    "id": ENTRY_ID,
    "user_id": 100,
    "contract_id": 20,
    "project_id": 10,
    "project_name": "Website Redesign",
    "task_id": 5,
    "task_title": "Implement login",
    "activity_description": "Working on feature implementation",
    "method": "Manually added time",
    "date": "2026-01-29",
    "start_time": "2026-01-29T09:00:00+00:00",
    "end_time": "2026-01-29T17:00:00+00:00",
    "duration_minutes": 480,
}
EXPECTED = TimeEntry(
    id=ENTRY_ID,
    user_id=100,
    contract_id=20,
    project_id=10,
    project_name="Website Redesign",
    task_id=5,
    task_title="Implement login",
    activity_description="Working on feature implementation",
    method=TimeEntryMethod.MANUALLY_ADDED,
    date=date(2026, 1, 29),
    start_time=datetime(2026, 1, 29, 9, 0, tzinfo=UTC),
    end_time=datetime(2026, 1, 29, 17, 0, tzinfo=UTC),
    duration_minutes=480,
)
# The body of the documented create curl example.
CREATE_BODY = {
    "workspace_id": 1,
    "user_id": 100,
    "contract_id": 20,
    "task_id": 5,
    "notes": "Working on feature implementation",
    "date": "2026-01-29",
    "start_time": "09:00",
    "end_time": "17:00",
}
# The documented create response data (the field list is cut after `method`).
CREATED = {
    "user_id": 100,
    "contract_id": 20,
    "project_id": 10,
    "project_name": "Website Redesign",
    "task_id": 5,
    "task_title": "Implement login",
    "activity_description": "Working on feature implementation",
    "method": "Manually added time",
}
ADDED = "8 hr successfully added for John Doe."

ENTRIES = [{**ENTRY, "id": f"entry-{n}"} for n in range(1, 6)]


def created(data: object, message: str = ADDED, saved_minutes: object = 480) -> httpx.Response:
    """The documented 201: `saved_minutes` is a sibling of `data`, not inside it."""
    body = {
        "success": True,
        "message": message,
        "saved_minutes": saved_minutes,
        "data": data,
        "meta": dict(META),
    }
    return httpx.Response(201, json=body)


# --- list ---------------------------------------------------------------------------------


def test_list_sends_the_documented_query_and_decodes_entries(api) -> None:
    route = api.get("/time-entries").mock(return_value=ok([ENTRY]))

    with WebWork(TOKEN, workspace_id=1) as client:
        entries = client.time_entries.list(user_id=100, date="2026-01-29").to_list()

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/time-entries"
    assert dict(request.url.params) == {
        "workspace_id": "1",
        "user_id": "100",
        "date": "2026-01-29",
        "page": "1",
        "per_page": "50",
    }
    assert request.content == b""
    assert_authenticated(request)
    assert entries == [EXPECTED]


def test_list_filters_by_project_and_task_and_takes_a_date(api) -> None:
    route = api.get("/time-entries").mock(return_value=ok([]))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.time_entries.list(
            user_id=100, date=date(2026, 1, 29), project_id=10, task_id=5, per_page=10
        ).to_list()

    assert dict(last_request(route).url.params) == {
        "workspace_id": "1",
        "user_id": "100",
        "date": "2026-01-29",
        "project_id": "10",
        "task_id": "5",
        "page": "1",
        "per_page": "10",
    }


def test_docs_disagree_time_entries_per_page_is_at_most_50(api) -> None:
    # §5.5: every list takes up to 100 a page, time entries only 50.
    route = api.get("/time-entries").mock(return_value=ok([]))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.time_entries.list(user_id=100, date="2026-01-29", per_page=50).to_list()
        with pytest.raises(InvalidRequestError) as caught:
            client.time_entries.list(user_id=100, date="2026-01-29", per_page=51)

    assert caught.value.field == "per_page"
    assert route.call_count == 1
    assert last_request(route).url.params["per_page"] == "50"


def test_list_iterates_every_page_of_meta_pagination(api) -> None:
    route = api.get("/time-entries").mock(side_effect=serve_pages(ENTRIES, per_page=2))

    with WebWork(TOKEN, workspace_id=1) as client:
        ids = [e.id for e in client.time_entries.list(user_id=100, date="2026-01-29", per_page=2)]

    assert ids == [f"entry-{n}" for n in range(1, 6)]
    assert requested_pages(route) == [1, 2, 3]


def test_list_decodes_a_running_entry_without_project_and_an_unknown_method(api) -> None:
    running = {
        **ENTRY,
        "contract_id": None,
        "project_id": None,
        "project_name": None,
        "task_id": None,
        "task_title": None,
        "method": "Smartwatch tracker",
        "end_time": None,
        "duration_minutes": 12,
    }
    api.get("/time-entries").mock(return_value=ok([running, {**ENTRY, "method": "Break"}]))

    with WebWork(TOKEN, workspace_id=1) as client:
        first, second = client.time_entries.list(user_id=100, date="2026-01-29").to_list()

    assert first.project_id is None and first.end_time is None
    assert first.method == "Smartwatch tracker" and first.method.is_custom
    assert second.method is TimeEntryMethod.BREAK


def test_list_wrong_typed_entry_raises_response_decode_error(api) -> None:
    api.get("/time-entries").mock(return_value=ok([{**ENTRY, "start_time": "09:00"}]))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            client.time_entries.list(user_id=100, date="2026-01-29").to_list()


# --- create -------------------------------------------------------------------------------


def test_create_sends_the_documented_body_and_decodes_the_201(api) -> None:
    route = api.post("/time-entries").mock(return_value=created(CREATED))

    with WebWork(TOKEN, workspace_id=1) as client:
        entry = client.time_entries.create(
            user_id=100,
            contract_id=20,
            task_id=5,
            notes="Working on feature implementation",
            date="2026-01-29",
            start_time="09:00",
            end_time="17:00",
        )

    request = last_request(route)
    assert request.method == "POST"
    assert request.url.path == "/api/v2/time-entries"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == CREATE_BODY
    assert entry == CreatedTimeEntry(
        user_id=100,
        contract_id=20,
        project_id=10,
        project_name="Website Redesign",
        task_id=5,
        task_title="Implement login",
        activity_description="Working on feature implementation",
        method=TimeEntryMethod.MANUALLY_ADDED,
        saved_minutes=480,
        message=ADDED,
    )


def test_docs_disagree_create_saved_minutes_comes_next_to_data(api) -> None:
    # §1.2: `saved_minutes` is an extra top-level key, not part of `data`; a partial save
    # says so only in the top-level message.
    partial = "4 hr successfully added for John Doe. Some time overlapped and was not added."
    api.post("/time-entries").mock(
        return_value=created({**CREATED, "id": ENTRY_ID}, partial, saved_minutes="240")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        entry = client.time_entries.create(
            user_id=100,
            date=date(2026, 1, 29),
            start_time=time(9, 0),
            end_time=time(17, 0),
        )

    assert entry.saved_minutes == 240
    assert entry.message == partial
    assert entry.id == ENTRY_ID


def test_create_without_data_still_reports_the_saved_minutes(api) -> None:
    api.post("/time-entries").mock(return_value=created(None, saved_minutes=0))

    with WebWork(TOKEN, workspace_id=1) as client:
        entry = client.time_entries.create(
            user_id=100, date="2026-01-29", start_time="09:00", end_time="09:30"
        )

    assert entry == CreatedTimeEntry(saved_minutes=0, message=ADDED)


def test_create_leaves_contract_task_and_notes_out_when_not_given(api) -> None:
    route = api.post("/time-entries").mock(return_value=created(CREATED))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.time_entries.create(
            user_id=100,
            date="2026-01-29",
            start_time=time(9, 0, 45),  # sent to the minute
            end_time="17:00",
            workspace_id=7,
        )

    assert sent_json(route) == {
        "workspace_id": 7,
        "user_id": 100,
        "date": "2026-01-29",
        "start_time": "09:00",
        "end_time": "17:00",
    }


def test_create_is_not_retried_after_a_503(api) -> None:
    route = api.post("/time-entries").mock(return_value=fail(503, "Service Unavailable"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InternalServerError):
            client.time_entries.create(
                user_id=100, date="2026-01-29", start_time="09:00", end_time="17:00"
            )

    assert route.call_count == 1


def test_create_over_the_limits_raises_unprocessable_entity(api) -> None:
    api.post("/time-entries").mock(
        return_value=fail(422, "The weekly hours limit of the contract has been reached.")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(UnprocessableEntityError, match="weekly hours limit"):
            client.time_entries.create(
                user_id=100, contract_id=20, date="2026-01-29", start_time="09:00", end_time="17:00"
            )


def test_create_wrong_typed_saved_minutes_raises_response_decode_error(api) -> None:
    api.post("/time-entries").mock(return_value=created(CREATED, saved_minutes="all of them"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            client.time_entries.create(
                user_id=100, date="2026-01-29", start_time="09:00", end_time="17:00"
            )


# --- update -------------------------------------------------------------------------------


def test_update_sends_every_documented_field(api) -> None:
    route = api.put(f"/time-entries/{ENTRY_ID}").mock(
        return_value=httpx.Response(
            200,
            json={"success": True, "message": "Time entry updated successfully", "meta": META},
        )
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.time_entries.update(
            ENTRY_ID,
            project_id=10,
            task_id=5,
            notes="Pairing on the login page",
            date=date(2026, 1, 29),
            start_time="10:00",
            end_time=time(18, 30),
        )

    request = last_request(route)
    assert request.method == "PUT"
    assert request.url.path == f"/api/v2/time-entries/{ENTRY_ID}"
    assert request.url.query == b""
    assert_authenticated(request)
    assert sent_json(route) == {
        "workspace_id": 1,
        "project_id": 10,
        "task_id": 5,
        "notes": "Pairing on the login page",
        "date": "2026-01-29",
        "start_time": "10:00",
        "end_time": "18:30",
    }
    assert result is None


def test_docs_disagree_update_response_has_no_data(api) -> None:
    # §5.12: PUT /time-entries answers only `success` and `message`; whatever the server
    # sends (nothing, null or an object), update returns None.
    route = api.put(f"/time-entries/{ENTRY_ID}").mock(
        side_effect=[
            httpx.Response(200, json={"success": True, "message": "Time entry updated"}),
            ok(None),
            ok(ENTRY),
        ]
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        results = [client.time_entries.update(ENTRY_ID, task_id=5) for _ in range(3)]

    assert results == [None, None, None]
    assert route.call_count == 3


def test_update_sends_only_the_fields_given_and_none_clears_notes(api) -> None:
    route = api.put(f"/time-entries/{ENTRY_ID}").mock(return_value=ok(None))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.time_entries.update(ENTRY_ID, notes=None)
        client.time_entries.update(ENTRY_ID, end_time="08:00", workspace_id=7)

    assert [json.loads(call.request.content) for call in route.calls] == [
        {"workspace_id": 1, "notes": None},
        # Only one end: the server keeps the other, so no order is checked here.
        {"workspace_id": 7, "end_time": "08:00"},
    ]


def test_update_missing_entry_raises_not_found(api) -> None:
    api.put("/time-entries/nope").mock(return_value=fail(404, "Time entry not found"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError, match="Time entry not found"):
            client.time_entries.update("nope", notes="x")


def test_update_end_before_the_kept_start_is_rejected_by_the_server(api) -> None:
    api.put(f"/time-entries/{ENTRY_ID}").mock(
        return_value=fail(422, "The end time must be after the start time.")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(UnprocessableEntityError):
            client.time_entries.update(ENTRY_ID, end_time="08:00")


# --- delete -------------------------------------------------------------------------------


def test_delete_sends_workspace_id_in_a_json_body(api) -> None:
    route = api.delete(f"/time-entries/{ENTRY_ID}").mock(
        return_value=ok(None, "Time entry deleted successfully")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.time_entries.delete(ENTRY_ID)

    request = last_request(route)
    assert result is None
    assert request.method == "DELETE"
    assert request.url.path == f"/api/v2/time-entries/{ENTRY_ID}"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 1}


def test_delete_missing_entry_raises_not_found(api) -> None:
    api.delete("/time-entries/gone").mock(return_value=fail(404, "Time entry not found"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError):
            client.time_entries.delete("gone")


# --- arguments are checked before anything is sent ----------------------------------------


def _create(**overrides: object) -> Callable[[WebWork], Any]:
    """A create call with the documented required arguments, some of them replaced."""
    kwargs: dict[str, object] = {
        "user_id": 100,
        "date": "2026-01-29",
        "start_time": "09:00",
        "end_time": "17:00",
        **overrides,
    }
    return lambda c: c.time_entries.create(**kwargs)


BAD_CALLS = [
    # list
    pytest.param(
        lambda c: c.time_entries.list(user_id=0, date="2026-01-29"), "user_id", id="list-user"
    ),
    pytest.param(
        lambda c: c.time_entries.list(user_id=100, date="29/01/2026"), "date", id="list-date"
    ),
    pytest.param(
        lambda c: c.time_entries.list(user_id=100, date=datetime(2026, 1, 29)),
        "date",
        id="list-datetime",
    ),
    pytest.param(
        lambda c: c.time_entries.list(user_id=100, date="2026-01-29", project_id=-1),
        "project_id",
        id="list-project",
    ),
    pytest.param(
        lambda c: c.time_entries.list(user_id=100, date="2026-01-29", task_id="5"),
        "task_id",
        id="list-task",
    ),
    pytest.param(
        lambda c: c.time_entries.list(user_id=100, date="2026-01-29", per_page=0),
        "per_page",
        id="list-per-page-0",
    ),
    pytest.param(
        lambda c: c.time_entries.list(user_id=100, date="2026-01-29", per_page=100),
        "per_page",
        id="list-per-page-100",
    ),
    pytest.param(
        lambda c: c.time_entries.list(user_id=100, date="2026-01-29", max_items=-1),
        "max_items",
        id="list-max-items",
    ),
    # create
    pytest.param(_create(user_id=None), "user_id", id="create-user"),
    pytest.param(_create(date="2026-02-30"), "date", id="create-date"),
    pytest.param(_create(start_time="9:00"), "start_time", id="create-start-format"),
    pytest.param(_create(start_time="09:00:00"), "start_time", id="create-start-seconds"),
    pytest.param(_create(end_time="24:00"), "end_time", id="create-end-24"),
    pytest.param(_create(end_time="08:59"), "end_time", id="create-end-before-start"),
    pytest.param(_create(end_time="09:00"), "end_time", id="create-end-equals-start"),
    pytest.param(
        _create(start_time=time(9, 0, 10), end_time=time(9, 0, 50)),
        "end_time",
        id="create-same-minute",
    ),
    pytest.param(_create(contract_id=0), "contract_id", id="create-contract"),
    pytest.param(_create(task_id=True), "task_id", id="create-task"),
    pytest.param(_create(notes=5), "notes", id="create-notes"),
    # update
    pytest.param(lambda c: c.time_entries.update(ENTRY_ID), "update", id="update-nothing"),
    pytest.param(
        lambda c: c.time_entries.update(123, notes="x"), "time_entry_id", id="update-int-id"
    ),
    pytest.param(
        lambda c: c.time_entries.update("a/b", notes="x"), "time_entry_id", id="update-slash"
    ),
    pytest.param(
        lambda c: c.time_entries.update(ENTRY_ID, project_id=None), "project_id", id="update-proj"
    ),
    pytest.param(lambda c: c.time_entries.update(ENTRY_ID, task_id=0), "task_id", id="update-task"),
    pytest.param(lambda c: c.time_entries.update(ENTRY_ID, date=None), "date", id="update-date"),
    pytest.param(
        lambda c: c.time_entries.update(ENTRY_ID, start_time="noon"),
        "start_time",
        id="update-start",
    ),
    pytest.param(
        lambda c: c.time_entries.update(ENTRY_ID, start_time="10:00", end_time="09:00"),
        "end_time",
        id="update-end-before-start",
    ),
    # delete
    pytest.param(lambda c: c.time_entries.delete(""), "time_entry_id", id="delete-empty"),
    pytest.param(lambda c: c.time_entries.delete(None), "time_entry_id", id="delete-none"),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
def test_bad_arguments_raise_before_sending(api, call, field) -> None:
    api.route().mock(return_value=created(CREATED))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == field
    assert api.calls.call_count == 0


NEEDS_WORKSPACE = [
    pytest.param(lambda c: c.time_entries.list(user_id=100, date="2026-01-29"), id="list"),
    pytest.param(_create(), id="create"),
    pytest.param(lambda c: c.time_entries.update(ENTRY_ID, notes="x"), id="update"),
    pytest.param(lambda c: c.time_entries.delete(ENTRY_ID), id="delete"),
]


@pytest.mark.parametrize("call", NEEDS_WORKSPACE)
def test_workspace_id_is_required_when_the_client_has_none(api, call) -> None:
    api.route().mock(return_value=created(CREATED))

    with WebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == "workspace_id"
    assert api.calls.call_count == 0
