"""The coverage table (docs/coverage.md) names a real method, on both clients, for every
documented endpoint, and writes each call the way it works: `await` on a coroutine, and on a
list's pager only through `.to_list()` (issue 14: `await client.tasks.list(...)` raised
`TypeError: object AsyncPager can't be used in 'await' expression`)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from support import NOT_COVERED, REFERENCE, reference_endpoints
from webwork_async import AsyncWebWork, WebWork

ROOT = Path(__file__).resolve().parent.parent
TABLE = (ROOT / "docs" / "coverage.md").read_text()
ROW = re.compile(
    r"^\| (\d+) \| `(GET|POST|PUT|DELETE) (\S+)` "
    r"\| `await client\.(\w+)\.(\w+)\(\.\.\.\)((?:\.to_list\(\))?)` "
    r"\| `client\.\4\.\5\(\.\.\.\)\6` \|$",
    re.M,
)


def covered() -> dict[str, tuple[str, str]]:
    return {f"{m[2]} {m[3]}": (m[4], m[5]) for m in ROW.finditer(TABLE)}


def test_the_table_lists_every_covered_endpoint_once() -> None:
    rows = ROW.findall(TABLE)
    assert len(covered()) == len(rows)
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))


@pytest.mark.parametrize(("endpoint", "method"), sorted(covered().items()))
def test_each_named_method_exists_on_both_clients(endpoint: str, method: tuple[str, str]) -> None:
    resource, name = method
    for client_class in (AsyncWebWork, WebWork):
        assert callable(method_of(client_class, resource, name)), (endpoint, client_class)


def method_of(client_class: type, resource: str, name: str) -> object:
    annotation = client_class.__annotations__[resource]
    module = __import__(client_class.__module__, fromlist=[annotation])
    return getattr(getattr(module, annotation), name)


@pytest.mark.parametrize("row", ROW.findall(TABLE), ids=lambda row: f"{row[1]} {row[2]}")
def test_each_async_call_is_written_the_way_it_works(row: tuple[str, ...]) -> None:
    """A coroutine is awaited; a pager is iterated or awaited through `.to_list()`."""
    resource, name, to_list = row[3], row[4], row[5]
    method = method_of(AsyncWebWork, resource, name)
    if inspect.iscoroutinefunction(method):
        assert to_list == "", f"{resource}.{name} is a coroutine: await it directly"
    else:
        assert inspect.signature(method).return_annotation.startswith("AsyncPager["), method
        assert to_list == ".to_list()", f"{resource}.{name} returns a pager, which is not awaitable"


@pytest.mark.skipif(not REFERENCE.exists(), reason="the API reference lives beside the repo")
def test_every_endpoint_of_the_reference_is_in_the_table() -> None:
    documented = set(reference_endpoints())
    assert documented
    assert documented - NOT_COVERED == set(covered())
