# This file is generated from tests/_async/test_client.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""The client itself: construction, auth, the envelope, errors, retries, token hygiene."""

from __future__ import annotations

import importlib
import logging
import pickle
import pkgutil
import sys
import traceback
from collections.abc import Iterator

import httpx
import pytest
import respx

from support import BASE_URL, TOKEN, fail, ok
from webwork_async import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    UnprocessableEntityError,
    WebWork,
    WebWorkError,
    __version__,
)
from webwork_async._retry import RetryPolicy


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries without the exponential wait, so retry tests stay fast."""
    monkeypatch.setattr(RetryPolicy, "_backoff", lambda self, attempt: 0.0)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    with caplog.at_level(logging.DEBUG):
        yield caplog


TASK = {"id": 7, "title": "Write docs", "status": 0}


def test_token_comes_from_argument_or_environment(
    api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    route = api.get("/tasks/7").mock(return_value=ok(TASK))
    monkeypatch.setenv("WEBWORK_TOKEN", "from-env")
    with WebWork(workspace_id=1) as client:
        client.tasks.get(7, project_id=100)
    assert route.calls.last.request.headers["Authorization"] == "Bearer from-env"
    with WebWork("explicit", workspace_id=1) as client:
        client.tasks.get(7, project_id=100)
    assert route.calls.last.request.headers["Authorization"] == "Bearer explicit"


def test_no_token_is_a_clear_error() -> None:
    with pytest.raises(InvalidRequestError, match="WEBWORK_TOKEN") as info:
        WebWork(workspace_id=1)
    assert info.value.field == "token"
    with pytest.raises(InvalidRequestError):
        WebWork("  ")


def test_every_request_carries_auth_user_agent_and_accept(api: respx.MockRouter) -> None:
    route = api.get("/tasks/7").mock(return_value=ok(TASK))
    with WebWork(TOKEN, workspace_id=1) as client:
        client.tasks.get(7, project_id=100)
    headers = route.calls.last.request.headers
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["User-Agent"] == f"webwork-async/{__version__}"
    assert headers["Accept"] == "application/json"


def test_workspace_id_is_required_somewhere(api: respx.MockRouter) -> None:
    with WebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError, match="workspace_id") as info:
            client.tasks.get(7, project_id=100)
        assert info.value.field == "workspace_id"
        route = api.get("/tasks/7").mock(return_value=ok(TASK))
        client.tasks.get(7, project_id=100, workspace_id=3)
    assert route.calls.last.request.url.params["workspace_id"] == "3"
    with pytest.raises(InvalidRequestError, match="workspace_id"):
        WebWork(TOKEN, workspace_id=0)


def test_base_url_may_have_a_trailing_slash(api: respx.MockRouter) -> None:
    route = api.get("/tasks/7").mock(return_value=ok(TASK))
    with WebWork(TOKEN, workspace_id=1, base_url=BASE_URL + "/") as client:
        client.tasks.get(7, project_id=100)
    assert route.called


def test_a_given_http_client_is_used_as_is_and_left_open(api: respx.MockRouter) -> None:
    route = api.get("/tasks/7").mock(return_value=ok(TASK))
    http = httpx.Client(headers={"X-Team": "blue"}, timeout=3.0)
    with WebWork(TOKEN, workspace_id=1, http_client=http) as client:
        client.tasks.get(7, project_id=100)
    request = route.calls.last.request
    assert request.headers["X-Team"] == "blue"
    assert request.extensions["timeout"]["read"] == 3.0
    assert "authorization" not in http.headers  # auth goes per request, the client is untouched
    assert not http.is_closed
    http.close()


def test_default_timeout_is_bounded(api: respx.MockRouter) -> None:
    route = api.get("/tasks/7").mock(return_value=ok(TASK))
    with WebWork(TOKEN, workspace_id=1) as client:
        client.tasks.get(7, project_id=100)
    timeout = route.calls.last.request.extensions["timeout"]
    assert timeout["connect"] == 10.0
    assert timeout["read"] == 30.0


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (500, InternalServerError),
        (501, InternalServerError),
        (418, APIStatusError),
    ],
)
def test_error_statuses_map_to_typed_errors(
    api: respx.MockRouter, status: int, error_class: type[APIStatusError]
) -> None:
    api.get("/tasks/7").mock(return_value=fail(status, "It went wrong", error="Detail"))
    with WebWork(TOKEN, workspace_id=1, max_retries=0) as client:
        with pytest.raises(error_class) as info:
            client.tasks.get(7, project_id=100)
    error = info.value
    assert type(error) is error_class
    assert (error.status_code, error.message, error.error) == (status, "It went wrong", "Detail")
    assert error.method == "GET"
    assert error.url.startswith(f"{BASE_URL}/tasks/7?")
    assert "It went wrong" in str(error)


def test_success_false_with_http_200_is_an_error(api: respx.MockRouter) -> None:
    api.get("/tasks/7").mock(return_value=fail(200, "Task belongs to another project"))
    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(APIStatusError, match="another project") as info:
            client.tasks.get(7, project_id=100)
    assert info.value.status_code == 200


def test_field_errors_of_a_422_are_kept(api: respx.MockRouter) -> None:
    api.post("/tasks").mock(
        return_value=fail(422, "The given data was invalid.", errors={"title": ["Too long."]})
    )
    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(UnprocessableEntityError) as info:
            client.tasks.create(project_id=100, title="x")
    assert info.value.errors == {"title": ["Too long."]}
    assert "title: Too long." in str(info.value)


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (httpx.Response(200, html="<html><body>Maintenance</body></html>"), "not valid JSON"),
        (httpx.Response(200, content=b'{"success": true, "data": {"id": 7, "ti'), "not valid"),
        (httpx.Response(200, content=b""), "empty"),
        (httpx.Response(200, json=[1, 2]), "expected a JSON object"),
        (httpx.Response(200, json={"success": "yes", "data": TASK}), "'success' must be"),
        (ok({"id": "seven", "title": "x"}), "cannot decode Task"),
        (ok({"title": "no id"}), "cannot decode Task"),
        (ok([TASK]), "cannot decode Task"),
    ],
)
def test_malformed_responses_raise_response_decode_error(
    api: respx.MockRouter, response: httpx.Response, reason: str
) -> None:
    api.get("/tasks/7").mock(return_value=response)
    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError, match=reason) as info:
            client.tasks.get(7, project_id=100)
    assert info.value.status_code == 200


def test_an_html_error_page_keeps_its_status(api: respx.MockRouter) -> None:
    page = "<html><head><title>502 Bad Gateway</title></head></html>"
    api.get("/tasks/7").mock(return_value=httpx.Response(502, html=page))
    with WebWork(TOKEN, workspace_id=1, max_retries=0) as client:
        with pytest.raises(InternalServerError) as info:
            client.tasks.get(7, project_id=100)
    assert (info.value.status_code, info.value.message) == (502, "Bad Gateway")


def test_safe_requests_are_retried_on_transient_statuses(
    api: respx.MockRouter, no_backoff: None
) -> None:
    route = api.get("/tasks/7").mock(
        side_effect=[fail(503, "busy"), httpx.Response(502), fail(408, "slow"), ok(TASK)]
    )
    with WebWork(TOKEN, workspace_id=1, max_retries=3) as client:
        task = client.tasks.get(7, project_id=100)
    assert task.id == 7
    assert route.call_count == 4


def test_retries_stop_after_max_retries(api: respx.MockRouter, no_backoff: None) -> None:
    route = api.get("/tasks/7").mock(return_value=fail(500, "broken"))
    with WebWork(TOKEN, workspace_id=1, max_retries=2) as client:
        with pytest.raises(InternalServerError):
            client.tasks.get(7, project_id=100)
    assert route.call_count == 3


def test_permanent_errors_are_not_retried(api: respx.MockRouter, no_backoff: None) -> None:
    route = api.get("/tasks/7").mock(return_value=fail(404, "Task not found"))
    with WebWork(TOKEN, workspace_id=1, max_retries=5) as client:
        with pytest.raises(NotFoundError):
            client.tasks.get(7, project_id=100)
    assert route.call_count == 1


def test_429_waits_for_retry_after(api: respx.MockRouter) -> None:
    limited = fail(429, "Too Many Attempts.")
    limited.headers["Retry-After"] = "0"
    route = api.post("/tasks/7/assign/9").mock(side_effect=[limited, ok({"id": 9})])
    with WebWork(TOKEN, workspace_id=1) as client:
        assignment = client.tasks.assign(7, 9, project_id=100)
    assert (assignment.user_id, assignment.task_id) == (9, 7)
    assert route.call_count == 2


def test_a_retry_after_beyond_the_cap_is_raised_at_once(api: respx.MockRouter) -> None:
    limited = fail(429, "Too Many Attempts.")
    limited.headers["Retry-After"] = "3600"
    route = api.get("/tasks/7").mock(return_value=limited)
    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(RateLimitError) as info:
            client.tasks.get(7, project_id=100)
    assert info.value.retry_after == 3600.0
    assert route.call_count == 1


def test_creates_are_retried_only_when_they_never_left(
    api: respx.MockRouter, no_backoff: None
) -> None:
    created = ok(TASK, "Task created successfully", status=201)
    route = api.post("/tasks").mock(side_effect=[httpx.ConnectError("refused"), created])
    with WebWork(TOKEN, workspace_id=1) as client:
        task = client.tasks.create(project_id=100, title="Write docs")
    assert task.id == 7
    assert route.call_count == 2

    for maybe_sent in (
        httpx.ReadTimeout("timed out"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        fail(503, "busy"),
    ):
        api.reset()
        route = api.post("/tasks").mock(side_effect=[maybe_sent, created])
        with WebWork(TOKEN, workspace_id=1) as client:
            with pytest.raises((APIConnectionError, InternalServerError)):
                client.tasks.create(project_id=100, title="Write docs")
        assert route.call_count == 1


def test_dropped_connections_are_retried_for_safe_requests(
    api: respx.MockRouter, no_backoff: None
) -> None:
    route = api.delete("/tasks/7/unassign/9").mock(
        side_effect=[httpx.RemoteProtocolError("Server disconnected"), ok(None)]
    )
    with WebWork(TOKEN, workspace_id=1) as client:
        client.tasks.unassign(7, 9, project_id=100)
    assert route.call_count == 2


def test_connection_failures_become_typed_errors(api: respx.MockRouter, no_backoff: None) -> None:
    api.get("/tasks/7").mock(side_effect=httpx.ReadTimeout("read timed out"))
    api.get("/tasks/8").mock(side_effect=httpx.ConnectError("connection refused"))
    with WebWork(TOKEN, workspace_id=1, max_retries=1) as client:
        with pytest.raises(APITimeoutError) as timeout:
            client.tasks.get(7, project_id=100)
        with pytest.raises(APIConnectionError) as refused:
            client.tasks.get(8, project_id=100)
    assert type(refused.value) is APIConnectionError
    assert timeout.value.method == "GET"
    assert isinstance(timeout.value.__cause__, httpx.ReadTimeout)


def test_the_token_never_shows(
    api: respx.MockRouter, debug_logs: pytest.LogCaptureFixture, no_backoff: None
) -> None:
    api.get("/tasks/7").mock(side_effect=[fail(500, "oops"), fail(401, "Unauthenticated.")])
    api.get("/tasks/8").mock(side_effect=httpx.ConnectError("refused"))
    api.get("/tasks/9").mock(return_value=httpx.Response(200, text="<html>"))
    seen: list[str] = []
    with WebWork(TOKEN, workspace_id=1, max_retries=1) as client:
        seen += [
            repr(client),
            str(client),
            repr(client._auth),
            repr(client.tasks.list(project_id=1)),
        ]
        for task_id in (7, 8, 9):
            with pytest.raises(WebWorkError) as info:
                client.tasks.get(task_id, project_id=100)
            error = info.value
            seen += [repr(error), str(error), repr(pickle.loads(pickle.dumps(error)))]
            seen += [repr(vars(error)), "".join(traceback.format_exception(error))]
    seen += [record.getMessage() for record in debug_logs.records]
    assert debug_logs.records, "expected DEBUG log lines to search"
    assert all(TOKEN not in text for text in seen)


def test_errors_survive_pickling(api: respx.MockRouter) -> None:
    limited = fail(429, "Too Many Attempts.")
    limited.headers["Retry-After"] = "120"
    api.get("/tasks/7").mock(return_value=limited)
    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(RateLimitError) as info:
            client.tasks.get(7, project_id=100)
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is RateLimitError
    assert (copy.status_code, copy.retry_after, copy.message) == (429, 120.0, "Too Many Attempts.")
    assert str(copy) == str(info.value)


def test_one_debug_line_per_request(
    api: respx.MockRouter, debug_logs: pytest.LogCaptureFixture
) -> None:
    api.get("/tasks/7").mock(return_value=ok(TASK))
    with WebWork(TOKEN, workspace_id=1) as client:
        client.tasks.get(7, project_id=100)
    lines = [r.getMessage() for r in debug_logs.records if r.name == "webwork_async"]
    assert len(lines) == 1
    assert lines[0].startswith(f"GET {BASE_URL}/tasks/7?workspace_id=1&project_id=100 -> 200 in ")


def test_every_declared_resource_is_built_for_the_client_and_for_each_copy() -> None:
    with WebWork(TOKEN, workspace_id=1) as client:
        copy = client.with_options(max_retries=0)
        declared = WebWork.__annotations__
        # every resource class there is, so that a new one cannot be left off the client
        resource_base = type(client.tasks).__bases__[0]
        package = sys.modules[resource_base.__module__.rpartition(".")[0]]
        for module in pkgutil.iter_modules(package.__path__):  # resources load when first used
            importlib.import_module(f"{package.__name__}.{module.name}")
        assert sorted(declared.values()) == sorted(
            c.__name__ for c in resource_base.__subclasses__()
        )
        for name, annotation in declared.items():
            resource = getattr(client, name)
            assert type(resource).__name__ == annotation
            assert type(getattr(copy, name)) is type(resource)
            assert getattr(copy, name) is not resource


def test_a_resource_is_built_once_and_a_later_copy_builds_its_own() -> None:
    with WebWork(TOKEN, workspace_id=1) as client:
        tasks = client.tasks
        assert client.tasks is tasks
        # A copy made after the original built its resources starts with them in its
        # attributes: it must build its own, on its own internal API (its options).
        copy = client.with_options(max_retries=0, headers={"X-Copy": "1"})
        assert copy.tasks is not tasks
        assert copy.tasks._api is copy._api
        assert tasks._api is client._api
