# This file is generated from tests/_async/test_pagination_lies.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""A server that lies about its pages cannot exhaust the pager, loop it, or slip it duplicates."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from support import TOKEN, paginated
from webwork_async import Pager, ResponseDecodeError, Task, WebWork
from webwork_async._concurrency import sleep

PER_PAGE = 10
HUGE = 10**9


def client() -> WebWork:
    return WebWork(TOKEN, workspace_id=1)


def tasks(first_id: int, count: int = PER_PAGE) -> list[dict[str, Any]]:
    return [{"id": i, "title": f"Task {i}"} for i in range(first_id, first_id + count)]


def number_of(request: httpx.Request) -> int:
    return int(request.url.params["page"])


def listed(c: WebWork) -> list[int]:
    return [t.id for t in c.tasks.list(project_id=1, per_page=PER_PAGE).to_list()]


def streamed(c: WebWork) -> list[int]:
    return [t.id for t in c.tasks.list(project_id=1, per_page=PER_PAGE)]


def paged(c: WebWork) -> list[int]:
    pages = c.tasks.list(project_id=1, per_page=PER_PAGE).pages()
    return [t.id for page in pages for t in page.items]


WAYS = [listed, streamed, paged]


def every_way(c: WebWork) -> list[list[int]]:
    """The ids the user gets by to_list(), by iterating, and page by page."""
    return [way(c) for way in WAYS]


def test_a_huge_page_count_costs_nothing_until_pages_arrive(api: respx.MockRouter) -> None:
    # Page 1 claims a billion pages; there are 3, then an empty page ends the list. Before,
    # to_list() built a billion callables and raised MemoryError.
    requested: list[int] = []

    def respond(request: httpx.Request) -> httpx.Response:
        number = number_of(request)
        requested.append(number)
        items = tasks((number - 1) * PER_PAGE + 1) if number <= 3 else []
        return paginated(items, number, HUGE, PER_PAGE, HUGE * PER_PAGE)

    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        for way in WAYS:
            assert way(c) == list(range(1, 31))
            # Page 4 is empty. Claims stop at the first empty page to arrive; before it, at
            # most pages 2 and 3 arrived and let two more pages start: 2..11 at most.
            assert 4 in requested
            assert len(requested) <= 11
            requested.clear()
        # The empty page is the last one handed out; pages fetched after it are dropped.
        pages = c.tasks.list(project_id=1, per_page=PER_PAGE).pages()
        assert [(p.number, len(p.items)) for p in pages] == [
            (1, 10),
            (2, 10),
            (3, 10),
            (4, 0),
        ]


def test_an_empty_page_stops_new_requests_as_soon_as_it_arrives(
    api: respx.MockRouter,
) -> None:
    # Page 2 is slow; page 3, empty, arrives first: no page after it is asked for, although
    # page 2 (still on its way) might yet say there are more.
    requested: list[int] = []

    def respond(request: httpx.Request) -> httpx.Response:
        number = number_of(request)
        requested.append(number)
        if number == 2:
            sleep(0.1)
        items = tasks((number - 1) * PER_PAGE + 1) if number <= 2 else []
        return paginated(items, number, HUGE, PER_PAGE, HUGE * PER_PAGE)

    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        pager = Pager(c._api, "tasks", {}, Task, per_page=PER_PAGE, max_items=None, concurrency=2)
        assert [t.id for t in pager.to_list()] == list(range(1, 21))
        assert sorted(requested) == [1, 2, 3]
        requested.clear()
        assert [t.id for t in pager] == list(range(1, 21))
        assert sorted(requested) == [1, 2, 3]


def test_empty_pages_that_always_promise_one_more_end_the_list(
    api: respx.MockRouter,
) -> None:
    requested: list[int] = []

    def respond(request: httpx.Request) -> httpx.Response:
        number = number_of(request)
        requested.append(number)
        return paginated([], number, number + 1, PER_PAGE, HUGE)

    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        assert every_way(c) == [[], [], []]
        pages = [p for p in c.tasks.list(project_id=1).pages()]
    assert requested == [1, 1, 1, 1]
    assert [(p.number, p.items) for p in pages] == [(1, [])]


def test_an_empty_page_ends_the_list_whatever_last_page_says(
    api: respx.MockRouter,
) -> None:
    requested: list[int] = []

    def respond(request: httpx.Request) -> httpx.Response:
        number = number_of(request)
        requested.append(number)
        items = tasks((number - 1) * PER_PAGE + 1) if number <= 2 else []
        return paginated(items, number, number + 1, PER_PAGE, HUGE)

    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        assert every_way(c) == [list(range(1, 21))] * 3
        pages = [p.number for p in c.tasks.list(project_id=1, per_page=PER_PAGE).pages()]
    # Each page promises exactly one more, so nothing is fetched past the empty page 3.
    assert requested == [1, 2, 3] * 4
    assert pages == [1, 2, 3]


def test_a_page_that_reports_no_pages_at_all_ends_the_list(api: respx.MockRouter) -> None:
    # Page 1 says 5 pages, page 2 says last_page 0: fewer pages than its own number, so the
    # list ends with it (pages 3 to 5, if already on their way, are dropped).
    requested: list[int] = []

    def respond(request: httpx.Request) -> httpx.Response:
        number = number_of(request)
        requested.append(number)
        return paginated(tasks((number - 1) * PER_PAGE + 1), number, 0 if number > 1 else 5, 10, 0)

    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        assert every_way(c) == [list(range(1, 21))] * 3
    assert max(requested) <= 5


def test_a_server_that_ignores_the_page_number_is_caught(api: respx.MockRouter) -> None:
    # Page 1, every time, and it says so.
    api.get("/tasks").mock(return_value=paginated(tasks(1), 1, 5, PER_PAGE, 50))
    with client() as c:
        listed = c.tasks.list(project_id=1, per_page=PER_PAGE)
        for listing in (listed.to_list, lambda: collect(listed)):
            with pytest.raises(ResponseDecodeError) as caught:
                listing()
            assert "asked for page 2, the server answered with page 1" in str(caught.value)
            assert caught.value.status_code == 200
            assert "page=2" in caught.value.url


def test_a_server_that_repeats_a_page_under_the_right_number_is_caught(
    api: respx.MockRouter,
) -> None:
    # The page number echoed back, the items of page 1 every time.
    def respond(request: httpx.Request) -> httpx.Response:
        return paginated(tasks(1), number_of(request), 5, PER_PAGE, 50)

    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        listed = c.tasks.list(project_id=1, per_page=PER_PAGE)
        for listing in (listed.to_list, lambda: collect(listed)):
            with pytest.raises(ResponseDecodeError, match=r"page 2 repeats page 1 \(the same 10"):
                listing()


def test_a_repeat_later_in_the_list_names_both_pages(api: respx.MockRouter) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        number = number_of(request)
        first = (min(number, 4) - 1) * PER_PAGE + 1  # page 5 repeats page 4
        return paginated(tasks(first), number, 9, PER_PAGE, 90)

    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        with pytest.raises(ResponseDecodeError, match="page 5 repeats page 4"):
            c.tasks.list(project_id=1, per_page=PER_PAGE).to_list()


def test_a_wrong_current_page_is_caught_even_for_one_page(api: respx.MockRouter) -> None:
    api.get("/tasks").mock(return_value=paginated(tasks(21), 3, 5, PER_PAGE, 50))
    with client() as c:
        with pytest.raises(ResponseDecodeError, match="asked for page 2, the server answered"):
            c.tasks.list(project_id=1, per_page=PER_PAGE).fetch_page(2)
        with pytest.raises(ResponseDecodeError, match="asked for page 1, the server answered"):
            c.tasks.list(project_id=1, per_page=PER_PAGE).to_list()


def test_the_same_ids_with_new_figures_are_still_a_repeat(api: respx.MockRouter) -> None:
    # The items changed between the two requests (a title edited), not the page.
    def respond(request: httpx.Request) -> httpx.Response:
        number = number_of(request)
        items = [dict(task, title=f"Edited {number}") for task in tasks(1)]
        return paginated(items, number, 2, PER_PAGE, 20)

    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        with pytest.raises(ResponseDecodeError, match="page 2 repeats page 1"):
            c.tasks.list(project_id=1, per_page=PER_PAGE).to_list()


def test_items_shifting_between_pages_is_not_a_repeat(api: respx.MockRouter) -> None:
    # A task was inserted before page 2 was read: its first item is page 1's last one.
    def respond(request: httpx.Request) -> httpx.Response:
        number = number_of(request)
        first = 1 if number == 1 else (number - 1) * PER_PAGE
        return paginated(tasks(first), number, 3, PER_PAGE, 30)

    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        for ids in every_way(c):
            assert ids == [*range(1, 11), *range(10, 20), *range(20, 30)]


def test_items_without_an_id_are_compared_whole(api: respx.MockRouter) -> None:
    # Pages 1 and 2 name the same days with other figures: not a repeat. Page 3 is page 2.
    rows = [{"day": f"2026-01-0{i}", "seconds": 60} for i in range(1, 4)]

    def respond(request: httpx.Request) -> httpx.Response:
        number = number_of(request)
        items = rows if number == 1 else [dict(row, seconds=61) for row in rows]
        return paginated(items, number, 3, 3, 9)

    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        pager = Pager(c._api, "tasks", {}, dict[str, Any], per_page=3, max_items=None)
        with pytest.raises(ResponseDecodeError, match="page 3 repeats page 2"):
            pager.to_list()
        assert len(Pager(c._api, "tasks", {}, dict, per_page=3, max_items=6).to_list()) == 6


def collect(pager: Pager[Task]) -> list[Task]:
    return [item for item in pager]
