"""``concurrency=`` on every list call and the client's ``page_concurrency``: taken by each,
checked before anything is sent. That they set the pages in flight: test_pagination.py."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
import respx

from support import TOKEN, paginated
from webwork_async import AsyncWebWork, InvalidRequestError

# The list calls whose arguments include required ones.
REQUIRED: dict[str, dict[str, Any]] = {
    "tasks.list": {"project_id": 1},
    "leaves.balances": {"date_from": "2026-01-01", "date_to": "2026-01-31"},
    "time_entries.list": {"user_id": 1, "date": "2026-01-01"},
    "time_requests.list": {"date_from": "2026-01-01", "date_to": "2026-01-31"},
}


def pager_methods(client: AsyncWebWork) -> dict[str, Callable[..., Any]]:
    """Every method of every resource that returns a pager, by ``resource.method``."""
    found: dict[str, Callable[..., Any]] = {}
    for name in inspect.get_annotations(AsyncWebWork):
        if name.startswith("_"):
            continue
        resource = getattr(client, name)
        for method_name, method in inspect.getmembers(resource, inspect.ismethod):
            returns = inspect.signature(method).return_annotation
            if not method_name.startswith("_") and str(returns).startswith("AsyncPager["):
                found[f"{name}.{method_name}"] = method
    return found


@pytest.mark.anyio
async def test_every_list_call_takes_concurrency() -> None:
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        methods = pager_methods(client)
        # not a count to keep: every resource's ``list`` must be found among the pagers
        lists = {
            f"{name}.list"
            for name in inspect.get_annotations(AsyncWebWork)
            if hasattr(getattr(client, name), "list")
        }
    assert lists
    assert lists <= set(methods)
    for name, method in methods.items():
        parameter = inspect.signature(method).parameters.get("concurrency")
        assert parameter is not None, name
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert parameter.default is None, name


@pytest.mark.anyio
@pytest.mark.parametrize("bad", [0, -1, 1.5, "8", True])
async def test_a_bad_concurrency_is_refused_before_any_request(
    api: respx.MockRouter, bad: object
) -> None:
    route = api.get(url__regex=".*").mock(return_value=paginated([], 1, 1, 10, 0))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        for name, method in pager_methods(client).items():
            with pytest.raises(InvalidRequestError) as caught:
                method(**REQUIRED.get(name, {}), concurrency=bad)
            assert caught.value.field == "concurrency", name
    assert not route.called


@pytest.mark.anyio
@pytest.mark.parametrize("bad", [0, -2, 2.0, "4", True, None])
async def test_a_bad_page_concurrency_is_refused_by_the_client_and_its_copies(bad: object) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        AsyncWebWork(TOKEN, workspace_id=1, page_concurrency=bad)  # type: ignore[arg-type]
    assert caught.value.field == "page_concurrency"
    if bad is None:
        return  # with_options takes None as "unchanged"
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            client.with_options(page_concurrency=bad)  # type: ignore[arg-type]
        assert caught.value.field == "page_concurrency"
