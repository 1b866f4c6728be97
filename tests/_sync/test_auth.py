# This file is generated from tests/_async/test_auth.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""Token providers: asked when a token is needed, and again after a 401."""

from __future__ import annotations

import httpx
import pytest
import respx

from support import fail, ok
from webwork_async import AuthenticationError, InvalidRequestError, WebWork

TASK = {"id": 7, "title": "Write docs"}


class Rotating:
    """A provider that hands out a new token each time it is asked (an OAuth2 refresh)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"access-{self.calls}"


def accept_only(token: str):  # type: ignore[no-untyped-def]
    def respond(request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"] != f"Bearer {token}":
            return fail(401, "Unauthenticated.")
        return ok(TASK)

    return respond


def test_the_provider_is_asked_once_then_again_after_a_401(api: respx.MockRouter) -> None:
    provider = Rotating()
    route = api.get("/tasks/7").mock(side_effect=accept_only("access-1"))
    with WebWork(provider, workspace_id=1) as client:
        for _ in range(3):
            client.tasks.get(7, project_id=1)
        assert provider.calls == 1
        assert route.call_count == 3

        # The token expires: the server now wants the next one.
        route.mock(side_effect=accept_only("access-2"))
        task = client.tasks.get(7, project_id=1)
    assert task.id == 7
    assert provider.calls == 2
    assert [c.request.headers["Authorization"] for c in route.calls][-2:] == [
        "Bearer access-1",
        "Bearer access-2",
    ]


def test_a_refresh_that_does_not_help_is_an_authentication_error(
    api: respx.MockRouter,
) -> None:
    provider = Rotating()
    route = api.get("/tasks/7").mock(return_value=fail(401, "Unauthenticated."))
    with WebWork(provider, workspace_id=1) as client:
        with pytest.raises(AuthenticationError):
            client.tasks.get(7, project_id=1)
    assert route.call_count == 2  # the first token, then one fresh one: no loop
    assert provider.calls == 2


def test_a_fixed_token_is_not_retried_after_a_401(api: respx.MockRouter) -> None:
    route = api.get("/tasks/7").mock(return_value=fail(401, "Unauthenticated."))
    with WebWork("fixed-token", workspace_id=1) as client:
        with pytest.raises(AuthenticationError):
            client.tasks.get(7, project_id=1)
    assert route.call_count == 1


def test_a_create_rejected_with_401_is_sent_again_with_the_new_token(
    api: respx.MockRouter,
) -> None:
    provider = Rotating()
    route = api.post("/tasks").mock(side_effect=[fail(401, "Unauthenticated."), ok(TASK)])
    with WebWork(provider, workspace_id=1) as client:
        task = client.tasks.create(project_id=1, title="Write docs")
    assert task.id == 7
    assert route.call_count == 2  # a 401 means the server did nothing: safe to send again


def test_an_httpx_auth_is_used_as_it_is(api: respx.MockRouter) -> None:
    route = api.get("/tasks/7").mock(return_value=ok(TASK))
    with WebWork(httpx.BasicAuth("user", "pass"), workspace_id=1) as client:
        client.tasks.get(7, project_id=1)
    assert route.calls.last.request.headers["Authorization"].startswith("Basic ")


def test_a_provider_that_returns_no_token_is_a_clear_error(api: respx.MockRouter) -> None:
    route = api.get("/tasks/7").mock(return_value=ok(TASK))
    with WebWork(lambda: "", workspace_id=1) as client:
        with pytest.raises(InvalidRequestError, match="token"):
            client.tasks.get(7, project_id=1)
    assert not route.called


def test_the_provider_and_its_tokens_never_show(api: respx.MockRouter) -> None:
    api.get("/tasks/7").mock(return_value=fail(401, "Unauthenticated."))
    provider = Rotating()
    with WebWork(provider, workspace_id=1) as client:
        with pytest.raises(AuthenticationError) as info:
            client.tasks.get(7, project_id=1)
        shown = [repr(client), repr(client._auth), str(info.value), repr(info.value)]
    assert not any("access-" in text for text in shown)
