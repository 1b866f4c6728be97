"""Using the async client as if it were sync (and back) fails with a message naming the fix.

Not in tests/_async: these mistakes only exist on one side, so there is no sync twin to
generate.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
import respx

from support import TOKEN, ok
from webwork_async import AsyncWebWork, InvalidRequestError, WebWork


@pytest.mark.anyio
async def test_with_on_the_async_client_names_async_with_and_the_sync_client(
    api: respx.MockRouter,
) -> None:
    client = AsyncWebWork(TOKEN, workspace_id=1)
    try:
        with pytest.raises(TypeError) as caught, client:  # type: ignore[attr-defined]
            pass
    finally:
        await client.aclose()
    message = str(caught.value)
    assert "'async with AsyncWebWork(...) as client:'" in message
    assert "'with WebWork(...) as client:'" in message
    assert not api.calls


@pytest.mark.anyio
async def test_for_over_an_async_pager_names_async_for_to_list_and_the_sync_client(
    api: respx.MockRouter,
) -> None:
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        pager: Any = client.tasks.list(project_id=1)
        with pytest.raises(TypeError) as caught:
            for _ in pager:
                pass
    message = str(caught.value)
    assert "async for" in message
    assert "await client.<resource>.list(...).to_list()" in message
    assert "WebWork" in message
    assert not api.calls


@pytest.mark.anyio
async def test_awaiting_a_pager_names_async_for_and_to_list(api: respx.MockRouter) -> None:
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        pager: Any = client.tasks.list(project_id=1)
        with pytest.raises(TypeError) as caught:
            await pager
    message = str(caught.value)
    assert "AsyncPager, which is not awaited" in message
    assert "async for" in message
    assert ".to_list()" in message
    assert not api.calls


@pytest.mark.anyio
async def test_the_pager_still_works_the_async_way(api: respx.MockRouter) -> None:
    api.get("/tasks").mock(return_value=ok([{"id": 7, "title": "t"}]))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        assert [t.id async for t in client.tasks.list(project_id=1)] == [7]
        assert [t.id for t in await client.tasks.list(project_id=1).to_list()] == [7]


@pytest.mark.anyio
async def test_async_with_on_the_sync_client_names_with_and_the_async_client(
    api: respx.MockRouter,
) -> None:
    client = WebWork(TOKEN, workspace_id=1)
    try:
        with pytest.raises(TypeError) as caught:
            async with client:  # type: ignore[attr-defined]
                pass
    finally:
        client.close()
    message = str(caught.value)
    assert "'with WebWork(...) as client:'" in message
    assert "'async with AsyncWebWork(...) as client:'" in message


def test_the_sync_pager_is_not_taken_for_an_async_iterable_or_an_awaitable() -> None:
    # Code that tells async iterables and awaitables apart by their methods (httpx content,
    # Starlette responses) must keep treating the sync pager as a plain iterable.
    with WebWork(TOKEN, workspace_id=1) as client:
        pager = client.tasks.list(project_id=1)
        assert not hasattr(pager, "__aiter__")
        assert not inspect.isawaitable(pager)


@pytest.mark.anyio
async def test_a_coroutine_passed_for_an_id_is_asked_about_its_await(
    api: respx.MockRouter,
) -> None:
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        forgotten: Any = client.projects.get(5)  # no await: a coroutine, not a Project
        try:
            with pytest.raises(InvalidRequestError) as caught:
                client.tasks.list(project_id=forgotten)
        finally:
            forgotten.close()
    assert caught.value.field == "project_id"
    assert "coroutine AsyncProjects.get() (did you forget 'await'?)" in caught.value.problem
    assert not api.calls
