# This file is generated from tests/_async/test_time_tracking.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""client.time_tracking: start and stop a member's live tracker.

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. Bodies and example responses are the documented ones (seed 004,
API reference §3.7): OLD `start` repeats `message` inside `data` and at the top level; NEW
`start` may have no contract (`contract_id: null`); OLD `stop` has no body, NEW `stop` sends
`workspace_id` and `user_id`.
"""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest

from support import TOKEN, assert_authenticated, fail, last_request, ok, sent_json
from webwork_async import (
    APIStatusError,
    BadRequestError,
    InternalServerError,
    InvalidRequestError,
    ResponseDecodeError,
    TrackerStarted,
    TrackerStopped,
    WebWork,
)

UTC = timezone.utc

# The body of the documented `POST /time-tracking/start` curl example (seed 004).
START_EXAMPLE_BODY = {
    "workspace_id": 1,
    "user_id": 100,
    "contract_id": 560314,
    "task_id": 12345,
    "activity_description": "Working on API documentation",
}
# The documented OLD start response data (seed 004); the envelope repeats `message`.
STARTED_OLD = {
    "message": "Time tracking started successfully",
    "start_time": "2024-01-15T10:30:00Z",
    "contract_id": 560314,
    "project_id": 285469,
    "task_id": 12345,
}
# The NEW start response data, tracking without a project (API reference §3.7).
STARTED_NEW_WITHOUT_PROJECT = {
    "message": "Time tracking started successfully",
    "start_time": "2024-01-15T10:30:00+00:00",
    "contract_id": None,
    "project_id": None,
    "task_id": None,
    "activity_description": "Reviewing pull requests",
}
STOPPED = "Time tracking stopped successfully"


# --- start --------------------------------------------------------------------------------


def test_start_sends_the_documented_body_and_decodes_the_old_example(api) -> None:
    route = api.post("/time-tracking/start").mock(
        return_value=ok(STARTED_OLD, "Time tracking started successfully")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        started = client.time_tracking.start(
            user_id=100,
            contract_id=560314,
            task_id=12345,
            activity_description="Working on API documentation",
        )

    request = last_request(route)
    assert request.method == "POST"
    assert request.url.path == "/api/v2/time-tracking/start"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == START_EXAMPLE_BODY
    assert started == TrackerStarted(
        start_time=datetime(2024, 1, 15, 10, 30, tzinfo=UTC),
        contract_id=560314,
        project_id=285469,
        task_id=12345,
        activity_description=None,
        message="Time tracking started successfully",
    )


def test_start_without_a_contract_decodes_the_new_shape(api) -> None:
    route = api.post("/time-tracking/start").mock(
        return_value=ok(STARTED_NEW_WITHOUT_PROJECT, "Time tracking started successfully")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        started = client.time_tracking.start(
            user_id=42, activity_description="Reviewing pull requests"
        )

    assert sent_json(route) == {
        "workspace_id": 1,
        "user_id": 42,
        "activity_description": "Reviewing pull requests",
    }
    assert started == TrackerStarted(
        start_time=datetime(2024, 1, 15, 10, 30, tzinfo=UTC),
        contract_id=None,
        project_id=None,
        task_id=None,
        activity_description="Reviewing pull requests",
        message="Time tracking started successfully",
    )
    assert started.start_time.utcoffset() is not None


# The NEW page's alternative examples ("with_project" / "without_project", API reference
# §3.7): the same data plus who was clocked in and the project's name.
STARTED_ALTERNATIVE = {
    "with_project": {
        "message": "Ann Lee started tracking time on Website",
        "start_time": "2024-01-15T10:30:00+00:00",
        "contract_id": 560314,
        "project_id": 1000,
        "task_id": None,
        "activity_description": None,
        "user_name": "Ann Lee",
        "user_email": "ann@example.com",
        "project_name": "Website",
    },
    "without_project": {
        "message": "Ann Lee started tracking time",
        "start_time": "2024-01-15T10:30:00+00:00",
        "contract_id": None,
        "project_id": None,
        "task_id": None,
        "user_name": "Ann Lee",
        "user_email": "ann@example.com",
        "project_name": None,
    },
}


@pytest.mark.parametrize("form", sorted(STARTED_ALTERNATIVE))
def test_start_keeps_the_alternative_example_s_user_and_project_names(api, form) -> None:
    data = STARTED_ALTERNATIVE[form]
    api.post("/time-tracking/start").mock(return_value=ok(data))

    with WebWork(TOKEN, workspace_id=1) as client:
        started = client.time_tracking.start(user_id=101, contract_id=data["contract_id"])

    assert started.user_name == "Ann Lee"
    assert started.user_email == "ann@example.com"
    assert started.project_name == data["project_name"]
    assert started.project_id == data["project_id"]
    assert started.message == data["message"]


def test_start_without_the_alternative_fields_leaves_them_none(api) -> None:
    api.post("/time-tracking/start").mock(return_value=ok(STARTED_OLD))

    with WebWork(TOKEN, workspace_id=1) as client:
        started = client.time_tracking.start(user_id=100, contract_id=560314)

    assert (started.user_name, started.user_email, started.project_name) == (None, None, None)


def test_start_sends_only_what_is_given(api) -> None:
    route = api.post("/time-tracking/start").mock(return_value=ok(STARTED_OLD))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.time_tracking.start(user_id=100, contract_id=560314, workspace_id=5)
        first = sent_json(route)
        client.time_tracking.start(user_id=100, activity_description="")

    assert first == {"workspace_id": 5, "user_id": 100, "contract_id": 560314}
    assert sent_json(route) == {"workspace_id": 1, "user_id": 100, "activity_description": ""}


def test_start_takes_the_message_from_the_envelope_when_data_has_none(api) -> None:
    data = {k: v for k, v in STARTED_OLD.items() if k != "message"}
    api.post("/time-tracking/start").mock(return_value=ok(data, "Tracker started for John Doe"))

    with WebWork(TOKEN, workspace_id=1) as client:
        started = client.time_tracking.start(user_id=100, contract_id=560314)

    assert started.message == "Tracker started for John Doe"
    assert started.contract_id == 560314


def test_start_ignores_extra_fields_of_the_slack_style_example(api) -> None:
    data = {
        **STARTED_OLD,
        "user_name": "John Doe",
        "user_email": "john.doe@example.com",
        "project_name": "Marketing Campaign Q1",
    }
    api.post("/time-tracking/start").mock(return_value=ok(data))

    with WebWork(TOKEN, workspace_id=1) as client:
        started = client.time_tracking.start(user_id=100, contract_id=560314)

    assert started.project_id == 285469


def test_start_while_already_tracking_is_rejected(api) -> None:
    api.post("/time-tracking/start").mock(
        return_value=fail(400, "User already has an active tracker")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(BadRequestError) as caught:
            client.time_tracking.start(user_id=100, contract_id=560314)

    assert caught.value.message == "User already has an active tracker"


def test_start_is_not_retried_after_a_503(api) -> None:
    route = api.post("/time-tracking/start").mock(return_value=fail(503, "Service Unavailable"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InternalServerError):
            client.time_tracking.start(user_id=100, contract_id=560314)

    assert route.call_count == 1


def test_start_success_false_with_http_200_is_an_error(api) -> None:
    api.post("/time-tracking/start").mock(
        return_value=httpx.Response(200, json={"success": False, "message": "Contract is paused"})
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(APIStatusError) as caught:
            client.time_tracking.start(user_id=100, contract_id=560314)

    assert caught.value.message == "Contract is paused"


@pytest.mark.parametrize(
    "respond",
    [
        pytest.param(lambda: httpx.Response(200, text="<html>502 Bad Gateway</html>"), id="html"),
        pytest.param(lambda: ok({"contract_id": 560314}), id="no-start-time"),
        pytest.param(lambda: ok({**STARTED_OLD, "start_time": 1705314600}), id="start-time-number"),
        pytest.param(lambda: ok({**STARTED_OLD, "task_id": "abc"}), id="task-id-string"),
        pytest.param(lambda: ok(None), id="data-null"),
    ],
)
def test_start_malformed_response_raises_response_decode_error(api, respond) -> None:
    api.post("/time-tracking/start").mock(return_value=respond())

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            client.time_tracking.start(user_id=100, contract_id=560314)


# --- stop ---------------------------------------------------------------------------------


def test_stop_without_a_user_sends_no_body_and_decodes_the_old_example(api) -> None:
    route = api.post("/time-tracking/stop").mock(
        return_value=ok({"message": STOPPED, "stopped_at": "2024-01-15T18:30:00Z"}, STOPPED)
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        stopped = client.time_tracking.stop()

    request = last_request(route)
    assert request.method == "POST"
    assert request.url.path == "/api/v2/time-tracking/stop"
    assert request.url.query == b""
    assert request.content == b""  # the seed's curl has no -d
    assert "Content-Type" not in request.headers
    assert_authenticated(request)
    assert stopped == TrackerStopped(
        stopped_at=datetime(2024, 1, 15, 18, 30, tzinfo=UTC), message=STOPPED
    )


def test_stop_a_member_sends_workspace_and_user(api) -> None:
    route = api.post("/time-tracking/stop").mock(
        return_value=ok({"message": STOPPED, "stopped_at": "2024-01-15T18:30:00+00:00"})
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        stopped = client.time_tracking.stop(100)

    request = last_request(route)
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 1, "user_id": 100}
    assert stopped.stopped_at == datetime(2024, 1, 15, 18, 30, tzinfo=UTC)
    assert stopped.message == STOPPED


def test_stop_workspace_id_per_call_overrides_the_client_default(api) -> None:
    route = api.post("/time-tracking/stop").mock(
        return_value=ok({"stopped_at": "2024-01-15T18:30:00Z"}, STOPPED)
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        client.time_tracking.stop(user_id=42, workspace_id=8)

    assert sent_json(route) == {"workspace_id": 8, "user_id": 42}


def test_stop_takes_the_message_from_the_envelope_when_data_has_none(api) -> None:
    # MD-OLD stop: `message` at the top level, `data: {stopped_at}` only.
    api.post("/time-tracking/stop").mock(
        return_value=ok({"stopped_at": "2024-01-15T18:30:00Z"}, STOPPED)
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        stopped = client.time_tracking.stop()

    assert stopped.message == STOPPED


def test_stop_own_tracker_needs_no_workspace(api) -> None:
    route = api.post("/time-tracking/stop").mock(
        return_value=ok({"stopped_at": "2024-01-15T18:30:00Z"}, STOPPED)
    )

    with WebWork(TOKEN) as client:
        stopped = client.time_tracking.stop()

    assert last_request(route).content == b""
    assert stopped.message == STOPPED


def test_stop_when_nothing_is_running_is_rejected(api) -> None:
    api.post("/time-tracking/stop").mock(return_value=fail(400, "No active tracker found"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(BadRequestError) as caught:
            client.time_tracking.stop(100)

    assert caught.value.message == "No active tracker found"


@pytest.mark.parametrize(
    "respond",
    [
        pytest.param(lambda: httpx.Response(200, text="<html>oops</html>"), id="html"),
        pytest.param(lambda: ok({"message": STOPPED}), id="no-stopped-at"),
        pytest.param(lambda: ok({"stopped_at": "yesterday"}), id="bad-timestamp"),
    ],
)
def test_stop_malformed_response_raises_response_decode_error(api, respond) -> None:
    api.post("/time-tracking/stop").mock(return_value=respond())

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            client.time_tracking.stop()


# --- arguments are checked before anything is sent ----------------------------------------

BAD_CALLS = [
    pytest.param(lambda c: c.time_tracking.start(user_id=0), "user_id", id="start-user-0"),
    pytest.param(lambda c: c.time_tracking.start(user_id=True), "user_id", id="start-user-true"),
    pytest.param(lambda c: c.time_tracking.start(user_id="100"), "user_id", id="start-user-str"),
    pytest.param(
        lambda c: c.time_tracking.start(user_id=100, contract_id=0),
        "contract_id",
        id="start-contract-0",
    ),
    pytest.param(
        lambda c: c.time_tracking.start(user_id=100, task_id=12345),
        "task_id",
        id="start-task-without-contract",
    ),
    pytest.param(
        lambda c: c.time_tracking.start(user_id=100, contract_id=560314, task_id=-1),
        "task_id",
        id="start-task-neg",
    ),
    pytest.param(
        lambda c: c.time_tracking.start(user_id=100, activity_description=5),
        "activity_description",
        id="start-description-int",
    ),
    pytest.param(
        lambda c: c.time_tracking.start(user_id=100, workspace_id=0),
        "workspace_id",
        id="start-workspace-0",
    ),
    pytest.param(lambda c: c.time_tracking.stop(0), "user_id", id="stop-user-0"),
    pytest.param(lambda c: c.time_tracking.stop(True), "user_id", id="stop-user-true"),
    pytest.param(lambda c: c.time_tracking.stop(2.0), "user_id", id="stop-user-float"),
    pytest.param(
        lambda c: c.time_tracking.stop(100, workspace_id=-1), "workspace_id", id="stop-ws-neg"
    ),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
def test_bad_arguments_raise_before_sending(api, call, field) -> None:
    api.route().mock(return_value=ok(STARTED_OLD))  # would answer anything that got sent

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)
    assert api.calls.call_count == 0


NEEDS_WORKSPACE = [
    pytest.param(lambda c: c.time_tracking.start(user_id=100, contract_id=560314), id="start"),
    pytest.param(lambda c: c.time_tracking.stop(100), id="stop-a-member"),
]


@pytest.mark.parametrize("call", NEEDS_WORKSPACE)
def test_workspace_id_is_required_when_the_client_has_none(api, call) -> None:
    api.route().mock(return_value=ok(STARTED_OLD))

    with WebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == "workspace_id"
    assert api.calls.call_count == 0
