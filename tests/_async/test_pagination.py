"""The pager: concurrent, in order, bounded, and robust when the page count changes."""

from __future__ import annotations

import httpx
import pytest
import respx

from support import TOKEN, ok, paginated
from webwork_async import AsyncWebWork

PER_PAGE = 10


def pages_of(total: int, *, shrink_to: int | None = None, grow_to: int | None = None):  # type: ignore[no-untyped-def]
    """A /tasks endpoint with ``total`` tasks; from page 3 on it reports a new total."""
    requested: list[int] = []

    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        requested.append(number)
        count = total
        if number >= 3 and shrink_to is not None:
            count = shrink_to
        if number >= 3 and grow_to is not None:
            count = grow_to
        last = max(1, -(-count // PER_PAGE))
        first_id = (number - 1) * PER_PAGE + 1
        ids = range(first_id, min(first_id + PER_PAGE, count + 1))
        items = [{"id": i, "title": f"Task {i}"} for i in ids]
        return paginated(items, number, last, PER_PAGE, count)

    return respond, requested


def client() -> AsyncWebWork:
    return AsyncWebWork(TOKEN, workspace_id=1)


@pytest.mark.anyio
async def test_items_come_out_in_server_order_either_way(api: respx.MockRouter) -> None:
    respond, requested = pages_of(235)
    api.get("/tasks").mock(side_effect=respond)
    async with client() as c:
        streamed = [t.id async for t in c.tasks.list(project_id=1, per_page=PER_PAGE)]
        listed = [t.id for t in await c.tasks.list(project_id=1, per_page=PER_PAGE).to_list()]
    assert streamed == listed == list(range(1, 236))
    assert sorted(requested) == sorted(list(range(1, 25)) * 2)


@pytest.mark.anyio
async def test_iteration_holds_at_most_a_window_of_pages(api: respx.MockRouter) -> None:
    respond, requested = pages_of(400)
    api.get("/tasks").mock(side_effect=respond)
    async with client() as c:
        async for task in c.tasks.list(project_id=1, per_page=PER_PAGE):
            current_page = (task.id - 1) // PER_PAGE + 1
            # Never more than the 8 pages of the current group fetched ahead of the reader.
            assert max(requested) - current_page < 8


@pytest.mark.anyio
async def test_a_page_count_that_grows_is_followed(api: respx.MockRouter) -> None:
    respond, _ = pages_of(50, grow_to=125)
    api.get("/tasks").mock(side_effect=respond)
    async with client() as c:
        streamed = [t.id async for t in c.tasks.list(project_id=1, per_page=PER_PAGE)]
        listed = [t.id for t in await c.tasks.list(project_id=1, per_page=PER_PAGE).to_list()]
    assert streamed == listed == list(range(1, 126))


@pytest.mark.anyio
async def test_a_page_count_that_shrinks_ends_early_without_error(
    api: respx.MockRouter,
) -> None:
    respond, _ = pages_of(200, shrink_to=35)
    api.get("/tasks").mock(side_effect=respond)
    async with client() as c:
        streamed = [t.id async for t in c.tasks.list(project_id=1, per_page=PER_PAGE)]
        listed = [t.id for t in await c.tasks.list(project_id=1, per_page=PER_PAGE).to_list()]
    assert streamed == listed == list(range(1, 36))


@pytest.mark.anyio
async def test_max_items_fetches_only_the_pages_it_needs(api: respx.MockRouter) -> None:
    respond, requested = pages_of(1000)
    api.get("/tasks").mock(side_effect=respond)
    async with client() as c:
        listed = await c.tasks.list(project_id=1, per_page=PER_PAGE, max_items=25).to_list()
    assert [t.id for t in listed] == list(range(1, 26))
    assert sorted(requested) == [1, 2, 3]


@pytest.mark.anyio
async def test_a_failing_page_fails_the_listing(api: respx.MockRouter) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        if number == 4:
            return httpx.Response(404, json={"success": False, "message": "Project not found"})
        return paginated([{"id": number, "title": "t"}], number, 9, 1, 9)

    api.get("/tasks").mock(side_effect=respond)
    async with client() as c:
        with pytest.raises(Exception, match="Project not found"):
            await c.tasks.list(project_id=1, per_page=1).to_list()
        with pytest.raises(Exception, match="Project not found"):
            [t async for t in c.tasks.list(project_id=1, per_page=1)]


@pytest.mark.anyio
async def test_a_list_without_pagination_is_one_page(api: respx.MockRouter) -> None:
    route = api.get("/tasks").mock(return_value=ok([{"id": 1, "title": "t"}]))
    async with client() as c:
        assert len(await c.tasks.list(project_id=1).to_list()) == 1
    assert route.call_count == 1
