# This file is generated from tests/_async/test_current_tracker.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""client.time_tracking.current_data: what a running tracker has recorded (NEW docs only).

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. The request and the response are the documented ones (API
reference §3.7, GET /time-tracking/current-data).
"""

from __future__ import annotations

from datetime import date

import pytest

from support import TOKEN, assert_authenticated, fail, last_request, ok
from webwork_async import (
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ResponseDecodeError,
    WebWork,
)
from webwork_async.models._time_tracking import CurrentTracker

# The documented response data.
CURRENT = {
    "contract_id": 20,
    "user_id": 100,
    "activity_description": "Implementing new feature",
    "task_id": 5,
    "task_title": "Implement login",
    "total_seconds": 42,
    "total_minutes": 263,
    "date": "2024-01-15",
}
EXPECTED = CurrentTracker(
    user_id=100,
    contract_id=20,
    task_id=5,
    task_title="Implement login",
    activity_description="Implementing new feature",
    total_seconds=42,
    total_minutes=263,
    date=date(2024, 1, 15),
)
RETRIEVED = "Current tracker data retrieved successfully"


def test_current_data_sends_the_documented_query_and_decodes_the_tracker(api) -> None:
    route = api.get("/time-tracking/current-data").mock(return_value=ok(CURRENT, RETRIEVED))

    with WebWork(TOKEN, workspace_id=1) as client:
        current = client.time_tracking.current_data(user_id=100)

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/time-tracking/current-data"
    assert dict(request.url.params) == {"workspace_id": "1", "user_id": "100"}
    assert request.content == b""
    assert_authenticated(request)
    assert current == EXPECTED


def test_current_data_of_a_tracker_without_project_or_task(api) -> None:
    without = {
        **CURRENT,
        "contract_id": None,
        "task_id": None,
        "task_title": None,
        "activity_description": None,
    }
    api.get("/time-tracking/current-data").mock(return_value=ok(without, RETRIEVED))

    with WebWork(TOKEN, workspace_id=1) as client:
        current = client.time_tracking.current_data(user_id=100, workspace_id=7)

    assert current.contract_id is None and current.task_id is None
    assert current.total_minutes == 263


def test_current_data_fills_the_user_from_the_call_when_the_server_omits_it(api) -> None:
    api.get("/time-tracking/current-data").mock(
        return_value=ok({k: v for k, v in CURRENT.items() if k != "user_id"})
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        current = client.time_tracking.current_data(user_id=100)

    assert current == EXPECTED


def test_current_data_per_call_workspace_overrides_the_client_default(api) -> None:
    route = api.get("/time-tracking/current-data").mock(return_value=ok(CURRENT))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.time_tracking.current_data(user_id=100, workspace_id=7)

    assert dict(last_request(route).url.params) == {"workspace_id": "7", "user_id": "100"}


def test_current_data_of_a_member_not_tracking_raises_not_found(api) -> None:
    api.get("/time-tracking/current-data").mock(
        return_value=fail(404, "User does not have an active tracker")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError, match="active tracker"):
            client.time_tracking.current_data(user_id=100)


def test_current_data_for_a_regular_user_raises_permission_denied(api) -> None:
    api.get("/time-tracking/current-data").mock(return_value=fail(403, "Forbidden"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(PermissionDeniedError):
            client.time_tracking.current_data(user_id=100)


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param({"total_seconds": "many"}, id="seconds-not-a-number"),
        pytest.param({"date": "today"}, id="bad-date"),
        pytest.param({"task_id": True}, id="task-bool"),
    ],
)
def test_current_data_wrong_typed_response_raises_response_decode_error(api, broken) -> None:
    api.get("/time-tracking/current-data").mock(return_value=ok({**CURRENT, **broken}))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            client.time_tracking.current_data(user_id=100)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        pytest.param({"user_id": 0}, "user_id", id="user-0"),
        pytest.param({"user_id": "100"}, "user_id", id="user-str"),
        pytest.param({"user_id": None}, "user_id", id="user-none"),
        pytest.param({"user_id": 100, "workspace_id": -1}, "workspace_id", id="workspace-neg"),
    ],
)
def test_bad_arguments_raise_before_sending(api, kwargs, field) -> None:
    api.route().mock(return_value=ok(CURRENT))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            client.time_tracking.current_data(**kwargs)

    assert caught.value.field == field
    assert api.calls.call_count == 0


def test_workspace_id_is_required_when_the_client_has_none(api) -> None:
    api.route().mock(return_value=ok(CURRENT))

    with WebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            client.time_tracking.current_data(user_id=100)

    assert caught.value.field == "workspace_id"
    assert api.calls.call_count == 0
