"""Async token providers: fine for AsyncWebWork, refused clearly by WebWork; one refresh
for many requests meeting the same 401."""

from __future__ import annotations

import anyio
import httpx
import pytest
import respx

from support import fail, ok
from webwork_async import AsyncWebWork, InvalidRequestError, WebWork


@pytest.mark.anyio
async def test_an_async_provider_refreshes_once_for_concurrent_401s(
    api: respx.MockRouter,
) -> None:
    calls = 0

    async def provider() -> str:
        nonlocal calls
        calls += 1
        await anyio.sleep(0.01)  # e.g. a call to your OAuth2 token endpoint
        return f"access-{calls}"

    def respond(request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"] != "Bearer access-2":
            return fail(401, "Unauthenticated.")
        return ok({"id": 7, "title": "t"})

    api.get("/tasks/7").mock(side_effect=respond)
    async with AsyncWebWork(provider, workspace_id=1) as client:

        async def get() -> None:
            await client.tasks.get(7, project_id=1)

        async with anyio.create_task_group() as group:
            for _ in range(20):
                group.start_soon(get)
    assert calls == 2


def test_the_sync_client_refuses_an_async_provider(api: respx.MockRouter) -> None:
    async def provider() -> str:
        return "token"

    route = api.get("/tasks/7").mock(return_value=ok({"id": 7, "title": "t"}))
    client = WebWork(provider, workspace_id=1)  # type: ignore[arg-type]
    with client, pytest.raises(InvalidRequestError, match="async token provider"):
        client.tasks.get(7, project_id=1)
    assert not route.called
