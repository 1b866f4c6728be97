"""What the pager promises beyond its window, pinned exactly (issue 10, section 7).

test_pagination.py and test_pagination_lies.py show the window, the boundaries of
``max_items`` and the lies it catches; this file pins the rest of the pager's contract: the
request it sends for a page, what ``fetch_page`` returns and refuses, what its errors say
about the response, and that a failed listing claims no further page. Checked by
``python scripts/mutation.py pager`` (see CONTRIBUTING.md, "Mutation testing").
"""

from __future__ import annotations

import sys
from typing import Any

import httpx
import pytest
import respx

from support import TOKEN, ok, paginated
from webwork_async import AsyncPager, AsyncWebWork, InvalidRequestError, ResponseDecodeError, Task

PER_PAGE = 10
PARAMS = {"workspace_id": 1, "project_id": 7}


def client() -> AsyncWebWork:
    return AsyncWebWork(TOKEN, workspace_id=1)


def pager(c: AsyncWebWork, *, max_items: int | None = None) -> AsyncPager[Task]:
    return AsyncPager(
        c._api, "tasks", dict(PARAMS), Task, per_page=PER_PAGE, max_items=max_items, concurrency=2
    )


def tasks(first_id: int, count: int = PER_PAGE) -> list[dict[str, Any]]:
    return [{"id": i, "title": f"Task {i}"} for i in range(first_id, first_id + count)]


@pytest.mark.anyio
async def test_the_repr_names_the_pager_its_path_and_params() -> None:
    async with client() as c:
        shown = repr(pager(c))
    assert shown == "AsyncPager('tasks', params={'workspace_id': 1, 'project_id': 7})"


@pytest.mark.anyio
async def test_a_page_is_asked_for_by_page_and_per_page_with_the_listing_params(
    api: respx.MockRouter,
) -> None:
    route = api.get("/tasks").mock(return_value=paginated(tasks(21), 3, 5, PER_PAGE, 47))
    async with client() as c:
        page = await pager(c).fetch_page(3)
    request = route.calls.last.request
    assert request.method == "GET"
    assert dict(request.url.params) == {
        "workspace_id": "1",
        "project_id": "7",
        "page": "3",
        "per_page": "10",
    }
    assert (page.number, page.last_page, page.total) == (3, 5, 47)
    assert [t.id for t in page.items] == list(range(21, 31))


@pytest.mark.anyio
async def test_a_page_without_pagination_has_no_count(api: respx.MockRouter) -> None:
    api.get("/tasks").mock(return_value=ok(tasks(1, 3)))
    async with client() as c:
        page = await pager(c).fetch_page(2)
    assert (page.number, page.last_page, page.total, len(page.items)) == (2, None, None, 3)


@pytest.mark.anyio
@pytest.mark.parametrize("number", [0, -1, True, 1.0, "2"])
async def test_a_page_number_that_is_not_a_positive_int_is_refused_unsent(
    api: respx.MockRouter, number: Any
) -> None:
    route = api.get("/tasks").mock(return_value=paginated(tasks(1), 1, 1, PER_PAGE, 10))
    async with client() as c:
        with pytest.raises(InvalidRequestError) as raised:
            await pager(c).fetch_page(number)
    assert raised.value.field == "page"
    assert not route.called


@pytest.mark.anyio
async def test_a_wrong_page_says_which_page_and_which_request(api: respx.MockRouter) -> None:
    api.get("/tasks").mock(return_value=paginated(tasks(1), 1, 5, PER_PAGE, 50))
    async with client() as c:
        with pytest.raises(ResponseDecodeError) as raised:
            await pager(c).fetch_page(4)
    error = raised.value
    assert error.reason == "asked for page 4, the server answered with page 1"
    assert (error.status_code, error.method) == (200, "GET")
    assert error.url.startswith("https://api.webwork-tracker.com/api/v2/tasks?")
    assert "page=4" in error.url


@pytest.mark.anyio
async def test_a_repeated_page_says_which_pages_and_which_request(
    api: respx.MockRouter,
) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        return paginated(tasks(1, 4), number, 3, PER_PAGE, 24)

    api.get("/tasks").mock(side_effect=respond)
    async with client() as c:
        with pytest.raises(ResponseDecodeError) as raised:
            await pager(c).to_list()
    error = raised.value
    assert error.reason == (
        "page 2 repeats page 1 (the same 4 items): the server ignored the page asked for"
    )
    assert (error.status_code, error.method) == (200, "GET")
    assert "page=2" in error.url


@pytest.mark.anyio
async def test_max_items_cuts_the_last_page_it_needs(api: respx.MockRouter) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        return paginated(tasks((number - 1) * PER_PAGE + 1), number, 5, PER_PAGE, 50)

    api.get("/tasks").mock(side_effect=respond)
    async with client() as c:
        assert [t.id for t in await pager(c, max_items=13).to_list()] == list(range(1, 14))
        assert [t.id async for t in pager(c, max_items=13)] == list(range(1, 14))
        assert len(await pager(c).to_list()) == 50


def test_a_failed_listing_claims_no_more_pages() -> None:
    # What lets the sync client's worker threads (which nothing cancels) stop at once when
    # one page fails: the pages they would claim next are refused.
    # The pager's own module (async or sync twin): the window is private to it.
    window: Any = sys.modules[AsyncPager.__module__]._Window(PER_PAGE, None, None)
    window._last = 10  # as if page 1 had said there are 10 pages
    assert window.room(4) == 4
    assert window.claim() == 2
    window.abandon()
    assert window.claim() is None
    assert window.room(4) == 0
