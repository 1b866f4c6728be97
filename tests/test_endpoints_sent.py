"""Each resource method sends the endpoint it declares with ``@endpoint`` (which is what
docs/coverage.md lists): every public method that declares one is called with valid
arguments through a recording transport, and each request it sends must have the declared
method and a path of the declared template (a ``{name}`` there is one path segment).

The arguments are made from the method's signature: values for each required parameter
from its type (each member of an enum, a positive id, a recent date, ...), the end of a
range after its start, a few names with a format of their own (``BY_NAME``); the first
combination the SDK accepts is sent, with the first optional keyword parameter too when
the required ones alone are refused (an update needs a field to change).
"""

from __future__ import annotations

import collections.abc
import enum
import inspect
import itertools
import re
import types
import typing
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import httpx
import pytest

from support import BASE_URL
from webwork_async import AsyncWebWork, InvalidRequestError, Pager, WebWork, WebWorkError
from webwork_async._async._resource import endpoint, endpoint_of
from webwork_async._types import Unset

BY_NAME: dict[str, object] = {"email": "new.person@example.com", "url": "https://example.com/h"}
# The later end of a range (dates are checked to be within a year of today).
ENDS = {"end", "end_date", "date_to", "end_time"}
KNOBS = {"per_page", "max_items", "concurrency", "workspace_id"}
_NOW = datetime.now(timezone.utc).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(
    days=7
)


def by_type(later: bool) -> dict[object, object]:
    start = _NOW + timedelta(days=1, hours=1) if later else _NOW
    return {
        int: 7,
        str: "a7",
        float: 1.5,
        bool: True,
        date: start.date(),
        datetime: start,
        time: start.time(),
    }


def valid(annotation: Any, *, later: bool = False) -> list[object]:
    """Values of ``annotation`` for the SDK's checks to accept (``later``: a range's end)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a not in (type(None), Unset)]
        enums = [a for a in options if isinstance(a, type) and issubclass(a, enum.Enum)]
        return valid(enums[0] if enums else options[0], later=later)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return list(annotation)
    if origin in (list, collections.abc.Sequence):
        return [[value] for value in valid(typing.get_args(annotation)[0])]
    values = by_type(later)
    if annotation in values:
        return [values[annotation]]
    raise AssertionError(f"no valid value known for {annotation!r}: add one to this test")


def candidates(method: Any) -> Iterator[dict[str, object]]:
    """Argument sets for ``method``: its required parameters, then those and its first
    optional keyword parameter, each over the combinations of their values."""
    hints = typing.get_type_hints(method)
    parameters = list(inspect.signature(method).parameters.values())
    required = [p.name for p in parameters if p.default is p.empty]
    optional = [
        p.name
        for p in parameters
        if p.kind is p.KEYWORD_ONLY and p.default is not p.empty and p.name not in KNOBS
    ]
    for names in (required, required + optional[:1]):
        options = [
            [BY_NAME[name]] if name in BY_NAME else valid(hints[name], later=name in ENDS)
            for name in names
        ]
        for values in itertools.islice(itertools.product(*options), 200):
            yield dict(zip(names, values, strict=True))


def declared() -> list[tuple[str, str, str]]:
    """(resource, method, endpoint) for every method of the sync client that declares one."""
    found = []
    for resource, annotation in WebWork.__annotations__.items():
        cls = getattr(__import__(WebWork.__module__, fromlist=[annotation]), annotation)
        for name, method in inspect.getmembers(cls, inspect.isfunction):
            key = endpoint_of(method)
            if key is not None and method.__name__ == name:  # not an alias (create = request)
                found.append((resource, name, key))
    return found


def test_every_endpoint_is_declared_once() -> None:
    keys = [key for _, _, key in declared()]
    assert keys
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(("resource", "name", "key"), declared(), ids=str)
def test_the_method_sends_its_declared_endpoint(resource: str, name: str, key: str) -> None:
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"success": True, "data": []})

    http = httpx.Client(transport=httpx.MockTransport(record))
    client = WebWork("token", workspace_id=1, base_url=BASE_URL, http_client=http, max_retries=0)
    method = getattr(getattr(client, resource), name)
    for arguments in candidates(method):
        sent.clear()
        try:
            result = method(**arguments)
            if isinstance(result, Pager):
                result.to_list()
        except InvalidRequestError:
            assert not sent, f"{resource}.{name} sent a request it refused"
            continue
        except WebWorkError:
            pass  # the recorded answer need not decode as the method's model: the request counts
        break
    else:
        pytest.fail(f"{resource}.{name}: every argument combination tried was refused")

    verb, template = key.split(" ")
    path = re.compile(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)))
    assert sent, f"{resource}.{name} sent nothing"
    prefix = httpx.URL(BASE_URL).path
    for request in sent:
        assert request.method == verb, (key, request)
        assert path.fullmatch(request.url.path.removeprefix(prefix)), (key, request.url.path)


@pytest.mark.parametrize(("resource", "name", "key"), declared(), ids=str)
def test_both_clients_declare_the_same_endpoint(resource: str, name: str, key: str) -> None:
    annotation = AsyncWebWork.__annotations__[resource]
    cls = getattr(__import__(AsyncWebWork.__module__, fromlist=[annotation]), annotation)
    assert endpoint_of(getattr(cls, name)) == key


def test_endpoint_only_records_the_string() -> None:
    def method() -> int:
        return 1

    assert endpoint("GET /things/{thingId}")(method) is method
    assert endpoint_of(method) == "GET /things/{thingId}"
    assert method() == 1
    with pytest.raises(ValueError, match="METHOD /path"):
        endpoint("/things")
