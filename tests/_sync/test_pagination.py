# This file is generated from tests/_async/test_pagination.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""The pager: a sliding window, in order, bounded, exact about which pages it asks for."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import closing
from typing import Any

import httpx
import pytest
import respx

from support import TOKEN, ok, paginated
from webwork_async import InvalidRequestError, Pager, Task, WebWork
from webwork_async._concurrency import sleep

PER_PAGE = 10
PARAMS = {"workspace_id": 1, "project_id": 1}


def pages_of(  # type: ignore[no-untyped-def]
    total: int,
    *,
    shrink_to: int | None = None,
    grow_to: int | None = None,
    page_size: int = PER_PAGE,
):
    """A /tasks endpoint with ``total`` tasks, ``page_size`` to a page whatever ``per_page``
    asks; from page 3 on it reports a new total."""
    requested: list[int] = []

    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        requested.append(number)
        count = total
        if number >= 3 and shrink_to is not None:
            count = shrink_to
        if number >= 3 and grow_to is not None:
            count = grow_to
        last = max(1, -(-count // page_size))
        first_id = (number - 1) * page_size + 1
        ids = range(first_id, min(first_id + page_size, count + 1))
        items = [{"id": i, "title": f"Task {i}"} for i in ids]
        return paginated(items, number, last, page_size, count)

    return respond, requested


def client() -> WebWork:
    return WebWork(TOKEN, workspace_id=1)


def pager(c: WebWork, *, concurrency: int = 8, max_items: int | None = None) -> Pager[Task]:
    return Pager(
        c._api,
        "tasks",
        dict(PARAMS),
        Task,
        per_page=PER_PAGE,
        max_items=max_items,
        concurrency=concurrency,
    )


def test_items_come_out_in_server_order_either_way(api: respx.MockRouter) -> None:
    respond, requested = pages_of(235)
    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        streamed = [t.id for t in c.tasks.list(project_id=1, per_page=PER_PAGE)]
        assert sorted(requested) == list(range(1, 25))
        requested.clear()
        listed = [t.id for t in c.tasks.list(project_id=1, per_page=PER_PAGE).to_list()]
        assert sorted(requested) == list(range(1, 25))
        requested.clear()
        paged = [p.number for p in c.tasks.list(project_id=1, per_page=PER_PAGE).pages()]
        assert sorted(requested) == list(range(1, 25))
    assert streamed == listed == list(range(1, 236))
    assert paged == list(range(1, 25))


@pytest.mark.parametrize(("total", "pages"), [(0, 1), (1, 1), (10, 1), (11, 2), (240, 24)])
def test_the_pager_stops_at_the_last_page(api: respx.MockRouter, total: int, pages: int) -> None:
    respond, requested = pages_of(total)
    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        streamed = [t.id for t in pager(c)]
        assert sorted(requested) == list(range(1, pages + 1))
        requested.clear()
        listed = [t.id for t in pager(c).to_list()]
        assert sorted(requested) == list(range(1, pages + 1))
    assert streamed == listed == list(range(1, total + 1))


def test_iteration_holds_at_most_eight_pages_per_page_in_flight(
    api: respx.MockRouter,
) -> None:
    respond, requested = pages_of(400)
    api.get("/tasks").mock(side_effect=respond)
    ahead: list[int] = []
    with client() as c:
        for task in pager(c, concurrency=2):
            current_page = (task.id - 1) // PER_PAGE + 1
            ahead.append(max(requested) - current_page)
    # 8 x 2 pages held: the one being read and at most 15 fetched ahead of it, and the
    # window does fill up to that.
    assert max(ahead) == 15
    assert sorted(requested) == list(range(1, 41))


def test_to_list_keeps_one_window_to_the_end(api: respx.MockRouter) -> None:
    # Page 2 is slow: a sliding window keeps the other slot busy meanwhile, even past the
    # eight-pages-per-slot bound that iteration has (to_list() holds every page anyway).
    respond, requested = pages_of(400)

    def slow_page_2(request: httpx.Request) -> httpx.Response:
        if request.url.params["page"] == "2":
            for _ in range(400):
                if 30 in requested:
                    break
                sleep(0.005)
        return respond(request)

    api.get("/tasks").mock(side_effect=slow_page_2)
    with client() as c:
        listed = pager(c, concurrency=2).to_list()
    assert [t.id for t in listed] == list(range(1, 401))
    assert 30 in requested[: requested.index(2)]


def test_iteration_is_a_sliding_window_too(api: respx.MockRouter) -> None:
    respond, requested = pages_of(200)

    def slow_page_2(request: httpx.Request) -> httpx.Response:
        if request.url.params["page"] == "2":
            for _ in range(400):
                if 17 in requested:
                    break
                sleep(0.005)
        return respond(request)

    api.get("/tasks").mock(side_effect=slow_page_2)
    with client() as c:
        streamed = [t.id for t in pager(c, concurrency=2)]
    assert streamed == list(range(1, 201))
    # While page 2 was slow, the other slot fetched pages 3 to 17 (the 16 pages held).
    assert requested[: requested.index(2) + 1] == [1, *range(3, 18), 2]


def counting(total: int) -> tuple[Callable[[httpx.Request], Any], list[int]]:
    """A /tasks endpoint with ``total`` tasks whose pages take a moment; the most pages that
    were in flight at once, in ``most[0]``. The moment is long enough (50 ms) for the sync
    pager's threads to all be in flight on a loaded machine (10 ms once fell one short)."""
    respond, _ = pages_of(total)
    lock = threading.Lock()
    in_flight = [0]
    most = [0]

    def count(request: httpx.Request) -> httpx.Response:
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        sleep(0.05)
        with lock:
            in_flight[0] -= 1
        return respond(request)

    return count, most


@pytest.mark.parametrize("concurrency", [1, 3, 5])
def test_a_list_call_keeps_concurrency_pages_in_flight(
    api: respx.MockRouter, concurrency: int
) -> None:
    count, most = counting(300)
    api.get("/tasks").mock(side_effect=count)
    with client() as c:
        listing = c.tasks.list(project_id=1, per_page=PER_PAGE, concurrency=concurrency)
        assert len(listing.to_list()) == 300
        assert most[0] == concurrency
        most[0] = 0
        assert len([t for t in listing]) == 300
        assert most[0] == concurrency


def test_the_client_default_applies_and_a_call_overrides_it(api: respx.MockRouter) -> None:
    count, most = counting(300)
    api.get("/tasks").mock(side_effect=count)

    def most_in_flight(c: WebWork, **concurrency: int) -> int:
        most[0] = 0
        listing = c.tasks.list(project_id=1, per_page=PER_PAGE, **concurrency)
        assert len(listing.to_list()) == 300
        return most[0]

    with client() as c:
        assert most_in_flight(c) == 8  # the built-in default
    with WebWork(TOKEN, workspace_id=1, page_concurrency=3) as c:
        copy = c.with_options(page_concurrency=2)
        assert most_in_flight(c) == 3
        assert most_in_flight(copy) == 2
        assert most_in_flight(copy, concurrency=4) == 4
        assert most_in_flight(c) == 3  # the copy's default is its own


@pytest.mark.parametrize("concurrency", [0, -1, 1.5, "8", True])
def test_concurrency_must_be_a_whole_number_from_one(concurrency: Any) -> None:
    with client() as c:
        with pytest.raises(InvalidRequestError) as caught:
            pager(c, concurrency=concurrency)
    assert caught.value.field == "concurrency"


def test_a_page_count_that_grows_is_followed(api: respx.MockRouter) -> None:
    respond, requested = pages_of(50, grow_to=125)
    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        streamed = [t.id for t in c.tasks.list(project_id=1, per_page=PER_PAGE)]
        assert sorted(requested) == list(range(1, 14))
        requested.clear()
        listed = [t.id for t in c.tasks.list(project_id=1, per_page=PER_PAGE).to_list()]
        assert sorted(requested) == list(range(1, 14))
    assert streamed == listed == list(range(1, 126))


def test_a_page_count_that_shrinks_ends_early_without_error(
    api: respx.MockRouter,
) -> None:
    respond, _ = pages_of(200, shrink_to=35)
    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        streamed = [t.id for t in c.tasks.list(project_id=1, per_page=PER_PAGE)]
        listed = [t.id for t in c.tasks.list(project_id=1, per_page=PER_PAGE).to_list()]
        pages = [p.number for p in c.tasks.list(project_id=1, per_page=PER_PAGE).pages()]
    assert streamed == listed == list(range(1, 36))
    assert pages == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("max_items", "pages"),
    [(0, 0), (1, 1), (9, 1), (10, 1), (11, 2), (25, 3), (30, 3), (31, 4), (1000, 100)],
)
def test_max_items_fetches_exactly_the_pages_it_needs(
    api: respx.MockRouter, max_items: int, pages: int
) -> None:
    respond, requested = pages_of(1000)
    api.get("/tasks").mock(side_effect=respond)
    wanted = list(range(1, max_items + 1))
    with client() as c:
        listed = c.tasks.list(project_id=1, per_page=PER_PAGE, max_items=max_items).to_list()
        assert sorted(requested) == list(range(1, pages + 1))
        requested.clear()
        streamed = [t for t in c.tasks.list(project_id=1, per_page=PER_PAGE, max_items=max_items)]
        assert sorted(requested) == list(range(1, pages + 1))
        requested.clear()
        paged = [
            p.number
            for p in c.tasks.list(project_id=1, per_page=PER_PAGE, max_items=max_items).pages()
        ]
        assert sorted(requested) == list(range(1, pages + 1))
    assert [t.id for t in listed] == [t.id for t in streamed] == wanted
    assert paged == list(range(1, pages + 1))


@pytest.mark.parametrize(("max_items", "total"), [(30, 30), (31, 30), (29, 30)])
def test_max_items_at_the_end_of_the_list(
    api: respx.MockRouter, max_items: int, total: int
) -> None:
    respond, requested = pages_of(total)
    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        listed = pager(c, max_items=max_items).to_list()
        assert sorted(requested) == [1, 2, 3]
        requested.clear()
        streamed = [t.id for t in pager(c, max_items=max_items)]
        assert sorted(requested) == [1, 2, 3]
    assert [t.id for t in listed] == streamed == list(range(1, min(max_items, total) + 1))


def test_max_items_with_short_pages_asks_for_one_more_page_at_a_time(
    api: respx.MockRouter,
) -> None:
    # The server gives 4 to a page although 10 were asked for: the pager assumes full pages,
    # so it fetches page 2 only once page 1 has come short, and so on.
    respond, requested = pages_of(100, page_size=4)
    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        listed = pager(c, max_items=11).to_list()
        assert requested == [1, 2, 3]
        requested.clear()
        streamed = [t.id for t in pager(c, max_items=11)]
        assert requested == [1, 2, 3]
    assert [t.id for t in listed] == streamed == list(range(1, 12))


def test_stopping_early_sends_nothing_more(api: respx.MockRouter) -> None:
    respond, requested = pages_of(1000)
    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        # closing: trio wants an async generator left early closed, not garbage-collected.
        with closing(pager(c, concurrency=2).__iter__()) as tasks:
            for task in tasks:
                assert task.id == 1
                break
        assert requested == [1]
        requested.clear()
        with closing(pager(c, concurrency=2).pages()) as pages:
            for page in pages:
                if page.number == 2:
                    break
        # Nothing is in flight between two rounds: the round that brought page 2 is all.
        assert sorted(requested) == list(range(1, 18))


def test_a_failing_page_fails_the_listing(api: respx.MockRouter) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        if number == 4:
            return httpx.Response(404, json={"success": False, "message": "Project not found"})
        return paginated([{"id": number, "title": "t"}], number, 9, 1, 9)

    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        with pytest.raises(Exception, match="Project not found"):
            c.tasks.list(project_id=1, per_page=1).to_list()
        with pytest.raises(Exception, match="Project not found"):
            [t for t in c.tasks.list(project_id=1, per_page=1)]


def test_a_failing_page_stops_new_requests(api: respx.MockRouter) -> None:
    # Threads (the sync client) cannot be cancelled: they must stop claiming pages.
    requested: list[int] = []

    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        requested.append(number)
        if number == 4:
            return httpx.Response(404, json={"success": False, "message": "Project not found"})
        sleep(0.005)
        return paginated([{"id": number, "title": "t"}], number, 1000, 1, 1000)

    api.get("/tasks").mock(side_effect=respond)
    with client() as c:
        with pytest.raises(Exception, match="Project not found"):
            c.tasks.list(project_id=1, per_page=1).to_list()
        assert max(requested) < 40
        requested.clear()
        with pytest.raises(Exception, match="Project not found"):
            [t for t in c.tasks.list(project_id=1, per_page=1)]
        assert max(requested) < 40


def test_a_list_without_pagination_is_one_page(api: respx.MockRouter) -> None:
    route = api.get("/tasks").mock(return_value=ok([{"id": 1, "title": "t"}]))
    with client() as c:
        assert len(c.tasks.list(project_id=1).to_list()) == 1
        assert [p.last_page for p in c.tasks.list(project_id=1).pages()] == [None]
    assert route.call_count == 2
