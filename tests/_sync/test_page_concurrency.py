# This file is generated from tests/_async/test_page_concurrency.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""Pages in flight: ``concurrency=`` on every list call, the client's ``page_concurrency``."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

from support import TOKEN, paginated
from webwork_async import InvalidRequestError, WebWork
from webwork_async._concurrency import sleep

PER_PAGE = 10
TOTAL = 300  # 30 pages

# The list calls whose arguments include required ones.
REQUIRED: dict[str, dict[str, Any]] = {
    "tasks.list": {"project_id": 1},
    "leaves.balances": {"date_from": "2026-01-01", "date_to": "2026-01-31"},
    "time_entries.list": {"user_id": 1, "date": "2026-01-01"},
    "time_requests.list": {"date_from": "2026-01-01", "date_to": "2026-01-31"},
}


def pager_methods(client: WebWork) -> dict[str, Callable[..., Any]]:
    """Every method of every resource that returns a pager, by ``resource.method``."""
    found: dict[str, Callable[..., Any]] = {}
    for name in inspect.get_annotations(WebWork):
        if name.startswith("_"):
            continue
        resource = getattr(client, name)
        for method_name, method in inspect.getmembers(resource, inspect.ismethod):
            returns = inspect.signature(method).return_annotation
            if not method_name.startswith("_") and str(returns).startswith("Pager["):
                found[f"{name}.{method_name}"] = method
    return found


def counting_pages() -> tuple[Callable[[httpx.Request], Any], list[int]]:
    """A /tasks endpoint with TOTAL tasks whose pages take a moment; the most pages that
    were in flight at once, in ``most[0]``."""
    lock = threading.Lock()
    in_flight = [0]
    most = [0]

    def respond(request: httpx.Request) -> httpx.Response:
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        sleep(0.01)
        with lock:
            in_flight[0] -= 1
        number = int(request.url.params["page"])
        first = (number - 1) * PER_PAGE + 1
        items = [{"id": i, "title": f"Task {i}"} for i in range(first, first + PER_PAGE)]
        return paginated(items, number, TOTAL // PER_PAGE, PER_PAGE, TOTAL)

    return respond, most


def test_every_list_call_takes_concurrency() -> None:
    with WebWork(TOKEN, workspace_id=1) as client:
        methods = pager_methods(client)
    assert len(methods) == 13
    for name, method in methods.items():
        parameter = inspect.signature(method).parameters.get("concurrency")
        assert parameter is not None, name
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert parameter.default is None, name


@pytest.mark.parametrize("bad", [0, -1, 1.5, "8", True])
def test_a_bad_concurrency_is_refused_before_any_request(
    api: respx.MockRouter, bad: object
) -> None:
    route = api.get(url__regex=".*").mock(return_value=paginated([], 1, 1, 10, 0))
    with WebWork(TOKEN, workspace_id=1) as client:
        for name, method in pager_methods(client).items():
            with pytest.raises(InvalidRequestError) as caught:
                method(**REQUIRED.get(name, {}), concurrency=bad)
            assert caught.value.field == "concurrency", name
    assert not route.called


@pytest.mark.parametrize("concurrency", [1, 5])
def test_the_window_keeps_that_many_pages_in_flight(
    api: respx.MockRouter, concurrency: int
) -> None:
    respond, most = counting_pages()
    api.get("/tasks").mock(side_effect=respond)
    with WebWork(TOKEN, workspace_id=1) as client:
        listing = client.tasks.list(project_id=1, per_page=PER_PAGE, concurrency=concurrency)
        assert len(listing.to_list()) == TOTAL
        assert most[0] == concurrency
        most[0] = 0
        assert len([task for task in listing]) == TOTAL
        assert most[0] == concurrency


def test_the_client_default_applies_and_a_call_overrides_it(api: respx.MockRouter) -> None:
    respond, most = counting_pages()
    api.get("/tasks").mock(side_effect=respond)
    with WebWork(TOKEN, workspace_id=1) as client:
        assert len(client.tasks.list(project_id=1, per_page=PER_PAGE).to_list()) == TOTAL
        assert most[0] == 8  # the built-in default
    with WebWork(TOKEN, workspace_id=1, page_concurrency=3) as client:
        most[0] = 0
        assert len(client.tasks.list(project_id=1, per_page=PER_PAGE).to_list()) == TOTAL
        assert most[0] == 3
        most[0] = 0
        copy = client.with_options(page_concurrency=2)
        assert len(copy.tasks.list(project_id=1, per_page=PER_PAGE).to_list()) == TOTAL
        assert most[0] == 2
        most[0] = 0
        listing = copy.tasks.list(project_id=1, per_page=PER_PAGE, concurrency=4)
        assert len(listing.to_list()) == TOTAL
        assert most[0] == 4
        most[0] = 0
        # The copy's default did not change the original's.
        assert len(client.tasks.list(project_id=1, per_page=PER_PAGE).to_list()) == TOTAL
        assert most[0] == 3


@pytest.mark.parametrize("bad", [0, -2, 2.0, "4", True, None])
def test_a_bad_page_concurrency_is_refused_by_the_client_and_its_copies(bad: object) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        WebWork(TOKEN, workspace_id=1, page_concurrency=bad)  # type: ignore[arg-type]
    assert caught.value.field == "page_concurrency"
    if bad is None:
        return  # with_options takes None as "unchanged"
    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            client.with_options(page_concurrency=bad)  # type: ignore[arg-type]
        assert caught.value.field == "page_concurrency"
