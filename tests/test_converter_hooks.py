"""The converter generates each structure hook once, on first use, and never again.

cattrs clears its own dispatch cache whenever a hook is registered (it registers one itself for
every dict type it meets), so a hook kept only there would be generated again on the next
decode. These tests count what the converter compiles while every model is decoded many times,
with cattrs' cache cleared in between.
"""

from __future__ import annotations

import collections
import concurrent.futures
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, get_origin

import attrs
import pytest

from webwork_async import _converter, models
from webwork_async._converter import converter, structure

MODELS: list[type[Any]] = [
    getattr(models, name) for name in models.__all__ if attrs.has(getattr(models, name))
]


def _payload(cls: type[Any]) -> dict[str, Any]:
    """The smallest object that decodes into ``cls``: a value for each required field."""
    payload: dict[str, Any] = {}
    for field in attrs.fields(attrs.resolve_types(cls)):
        if field.default is attrs.NOTHING:
            if field.type is datetime:
                payload[field.name] = "2024-01-15T10:30:00Z"
            # typing.get_origin: on Python 3.10, dict[str, Any] is an instance of type too.
            elif (isinstance(field.type, type) and get_origin(field.type) is None) or str(
                field.type
            ) == "int | str":
                payload[field.name] = 7
            else:
                payload[field.name] = {}
    return payload


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> collections.Counter[str]:
    """A converter with no hook built yet, counting every hook it compiles, by name."""
    counts: collections.Counter[str] = collections.Counter()
    compile_hook = _converter._compile

    def counting(name: str, source: str, ns: dict[str, Any]) -> Callable[..., Any]:
        counts[name] += 1
        return compile_hook(name, source, ns)

    monkeypatch.setattr(_converter, "_hooks", {})
    monkeypatch.setattr(_converter, "_compile", counting)
    return counts


def _clear_cattrs_cache() -> None:
    """What registering any hook does to cattrs' dispatch cache (here, for a private type)."""

    class Marker:
        pass

    converter.register_structure_hook(Marker, lambda value, _: Marker())


def test_every_model_hook_is_built_once_however_often_it_is_used(
    compiled: collections.Counter[str],
) -> None:
    for _ in range(3):
        for cls in MODELS:
            payload = _payload(cls)
            for _ in range(5):
                assert type(structure(payload, cls)) is cls
                assert [type(item) for item in structure([payload] * 3, list[cls])] == [cls] * 3
                assert type(converter.structure(payload, cls)) is cls
                assert converter.get_structure_hook(cls)(payload, cls) == structure(payload, cls)
            _clear_cattrs_cache()

    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in MODELS}
    assert names | {f"list[{name}]" for name in names} <= set(compiled)
    assert {name: count for name, count in compiled.items() if count != 1} == {}


def test_a_hook_is_built_on_first_use_not_before(compiled: collections.Counter[str]) -> None:
    assert not compiled
    structure({"id": 1, "title": "t", "assignees": [{"id": 2}]}, models.Task)
    # The task's hook, and the hook of the assignees it holds, and nothing else.
    assert set(compiled) == {
        "webwork_async.models._tasks.Task",
        "webwork_async.models._tasks.Assignee",
    }


def test_a_hook_registered_by_cattrs_itself_does_not_rebuild_ours(
    compiled: collections.Counter[str],
) -> None:
    timesheet = {"id": "1", "daily_breakdown": {"2024-01-15": [{"project_id": 3}]}}
    first = structure(timesheet, models.Timesheet)
    # cattrs generates and registers this dict hook itself, which empties its cache.
    assert converter.structure({"a": "1"}, dict[str, int]) == {"a": 1}
    _clear_cattrs_cache()
    assert converter.structure(timesheet, models.Timesheet) == first
    assert compiled["webwork_async.models._timesheets.Timesheet"] == 1
    assert compiled["webwork_async.models._timesheets.TimesheetProjectTime"] == 1


def test_threads_decoding_a_type_first_at_once_build_its_hook_once(
    compiled: collections.Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = _converter._compile

    def slow(name: str, source: str, ns: dict[str, Any]) -> Callable[..., Any]:
        time.sleep(0.02)  # long enough for every other thread to arrive meanwhile
        return counting(name, source, ns)

    monkeypatch.setattr(_converter, "_compile", slow)
    start = threading.Barrier(8)
    payload = {"id": 1, "title": "t", "assignees": [{"id": 2}]}

    def decode() -> models.Task:
        start.wait()
        return structure(payload, models.Task)

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        tasks = list(pool.map(lambda _: decode(), range(8)))
    assert len(set(tasks)) == 1
    assert compiled == {
        "webwork_async.models._tasks.Task": 1,
        "webwork_async.models._tasks.Assignee": 1,
    }


def test_objects_with_and_without_every_field_decode_alike(
    compiled: collections.Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Objects with every field are read in one call until one lacks a field; the results
    # must not depend on which way a field was read, one object at a time or in a list.
    full = {"id": 7, "firstname": "Ann", "lastname": "Lee", "email": "ann@example.com"}
    partial = {"id": 8, "email": None}
    expected = [
        models.Assignee(7, "Ann", "Lee", "ann@example.com"),
        models.Assignee(8),
        models.Assignee(7, "Ann", "Lee", "ann@example.com"),
    ]
    assert [structure(item, models.Assignee) for item in (full, partial, full)] == expected
    monkeypatch.setattr(_converter, "_hooks", {})  # built again, reading in one call again
    assert structure([full, partial, full], list[models.Assignee]) == expected
    assert compiled["webwork_async.models._tasks.Assignee"] == 2
    with pytest.raises(KeyError, match=r"Assignee\.id"):
        structure({"firstname": "no id"}, models.Assignee)
