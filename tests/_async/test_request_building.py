"""The request the client builds: what a passed ``http_client`` sets still goes out.

The client merges its headers with the http client's once, not on every request
(``_build_request``); these pin that the shortcut sends what ``build_request`` would.
"""

from __future__ import annotations

import httpx
import pytest

from support import TOKEN
from webwork_async import AsyncWebWork

URL = "https://api.example.test/v2/"
TASK = {"success": True, "data": {"id": 5, "title": "t"}}


def recording(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=TASK)

    return httpx.MockTransport(handler)


@pytest.mark.anyio
async def test_the_http_clients_headers_are_sent_and_a_change_to_them_is_seen() -> None:
    seen: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=recording(seen), headers={"X-Team": "a"})
    async with http, AsyncWebWork(TOKEN, workspace_id=1, base_url=URL, http_client=http) as c:
        await c.tasks.get(5, project_id=2)
        http.headers["X-Team"] = "b"
        await c.tasks.get(5, project_id=2)
        await c.with_options(headers={"X-Team": "c", "X-Extra": "1"}).tasks.get(5, project_id=2)
        await c.tasks.get(5, project_id=2)
    assert [r.headers["x-team"] for r in seen] == ["a", "b", "c", "b"]
    assert [r.headers.get("x-extra") for r in seen] == [None, None, "1", None]
    for request in seen:
        assert request.headers["authorization"] == f"Bearer {TOKEN}"
        assert request.headers["accept"] == "application/json"
        assert request.headers["user-agent"].startswith("webwork-async/")
        assert str(request.url) == URL + "tasks/5?workspace_id=1&project_id=2"


@pytest.mark.anyio
async def test_the_http_clients_params_and_cookies_are_sent() -> None:
    seen: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=recording(seen), params={"trace": "on"})
    http.cookies.set("session", "s1", domain="api.example.test")
    async with http, AsyncWebWork(TOKEN, workspace_id=1, base_url=URL, http_client=http) as c:
        await c.tasks.get(5, project_id=2)
    (request,) = seen
    assert dict(request.url.params) == {"trace": "on", "workspace_id": "1", "project_id": "2"}
    assert request.headers["cookie"] == "session=s1"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.anyio
async def test_each_request_carries_the_timeout_it_was_given() -> None:
    seen: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=recording(seen), timeout=3.0)
    async with http, AsyncWebWork(TOKEN, workspace_id=1, base_url=URL, http_client=http) as c:
        await c.tasks.get(5, project_id=2)
        await c.with_options(timeout=7.0).tasks.get(5, project_id=2)
    assert [r.extensions["timeout"]["read"] for r in seen] == pytest.approx([3.0, 7.0])


@pytest.mark.anyio
async def test_the_clients_own_http_client_keeps_no_cookies() -> None:
    import respx

    with respx.mock(base_url=URL) as api:
        route = api.get("/tasks/5").mock(
            return_value=httpx.Response(200, json=TASK, headers={"Set-Cookie": "session=s1"})
        )
        async with AsyncWebWork(TOKEN, workspace_id=1, base_url=URL) as client:
            await client.tasks.get(5, project_id=2)
            await client.tasks.get(5, project_id=2)
            assert not client._http.cookies
            with pytest.raises(AttributeError, match="no cookies"):
                client._http.cookies.set("session", "s2")
    assert [call.request.headers.get("cookie") for call in route.calls] == [None, None]
