"""Decoding a 100-task page: webwork-async against pydantic v2 and an openapi-python-client.

Targets (issue 12), each as the median of per-round ratios over interleaved rounds:

* at most 1.2x an equivalent pydantic v2 model with the stdlib json parser, and at most 1.0x
  with orjson (the ``speedups`` extra);
* at most 0.5x the ``from_dict`` that openapi-python-client generates for the same page
  (``_openapi_peer/``), without any extra.

"Equivalent" means producing the same values: our Task accepts custom status codes as enum
members with a ``.base``, and turns zone-less timestamps into UTC-aware datetimes. A pydantic
model that does the same needs validators for those fields, so the comparison runs against that
model (``pydantic-equivalent``); a plain pydantic model that would reject custom codes and keep
naive datetimes is shown for reference. The generated openapi client does less than either (no
enums, naive timestamps kept naive, no type checks), and is measured as it is. Every side
decodes the same JSON bytes: pydantic with its Rust JSON parser (``validate_json``), the
generated client with the stdlib's ``json`` (what ``response.json()`` runs), ours with
``json`` or ``orjson`` and then the SDK's generated hooks (``_converter.structure``).
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date, datetime, timezone
from typing import Annotated, Any

import pydantic
from _openapi_peer.models import TaskList
from pydantic import AfterValidator

from _timing import ratios, sample, spread, verdict
from webwork_async import Task, TaskPriority, TaskStatus
from webwork_async._converter import structure

PYDANTIC = "pydantic-equivalent"
OPENAPI = "openapi-python-client from_dict"
STDLIB = "webwork-async (stdlib json)"
ORJSON = "webwork-async (orjson, [speedups])"
# (candidate, reference, at most this many times the reference's time)
TARGETS = [(STDLIB, PYDANTIC, 1.2), (ORJSON, PYDANTIC, 1.0), (STDLIB, OPENAPI, 0.5)]
ROUNDS = 21


def task(i: int) -> dict[str, Any]:
    return {
        "id": i,
        "title": f"Task {i}",
        "description": "Add OAuth2 authentication support",
        "project_id": 100,
        "owner_id": 10,
        "creator_id": 42,
        "status": [0, 10, 11, 20, 30][i % 5],
        "status_name": "In Progress",
        "status_color": "#FFC107",
        "priority": [10, 20, 30, 40, None][i % 5],
        "priority_name": "Normal",
        "start_date": "2024-01-15",
        "end_date": "2024-01-30",
        "completed_at": "2024-01-25T14:30:00+00:00",
        "assignees": [
            {"id": 1, "firstname": "John", "lastname": "Doe", "email": "john@example.com"},
            {"id": 2, "firstname": "Jane", "lastname": "Roe", "email": "jane@example.com"},
        ],
        "parent_id": None,
        "created_at": "2024-01-15T09:00:00+00:00",
        "updated_at": "2024-01-20 14:30:00",
        "deleted_at": None,
    }


PAGE = json.dumps(
    {
        "success": True,
        "data": [task(i) for i in range(100)],
        "meta": {"api_version": "2.0.0", "timestamp": "2024-01-15T10:30:00Z"},
    }
).encode()


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


Status = Annotated[int, AfterValidator(TaskStatus)]
Priority = Annotated[int, AfterValidator(TaskPriority)]
Timestamp = Annotated[datetime, AfterValidator(_utc)]


class PAssignee(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(frozen=True)
    id: int
    firstname: str | None = None
    lastname: str | None = None
    email: str | None = None


class PTask(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(frozen=True)
    id: int
    title: str
    description: str | None = None
    project_id: int | None = None
    owner_id: int | None = None
    creator_id: int | None = None
    status: Status = TaskStatus.OPEN
    status_name: str | None = None
    status_color: str | None = None
    priority: Priority | None = None
    priority_name: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    completed_at: Timestamp | None = None
    assignees: tuple[PAssignee, ...] = ()
    parent_id: int | None = None
    has_details: bool | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    deleted_at: Timestamp | None = None


class PPage(pydantic.BaseModel):
    success: bool
    data: list[PTask]


class PTaskPlain(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(frozen=True)
    id: int
    title: str
    description: str | None = None
    project_id: int | None = None
    owner_id: int | None = None
    creator_id: int | None = None
    status: int = 0
    status_name: str | None = None
    status_color: str | None = None
    priority: int | None = None
    priority_name: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    completed_at: datetime | None = None
    assignees: tuple[PAssignee, ...] = ()
    parent_id: int | None = None
    has_details: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None


class PPagePlain(pydantic.BaseModel):
    success: bool
    data: list[PTaskPlain]


def main(rounds: int = ROUNDS) -> int:
    equivalent = pydantic.TypeAdapter(PPage)
    plain = pydantic.TypeAdapter(PPagePlain)
    many_tasks = list[Task]

    def ours_stdlib() -> object:
        return structure(json.loads(PAGE)["data"], many_tasks)

    candidates: dict[str, Any] = {STDLIB: ours_stdlib}
    try:
        import orjson
    except ImportError:
        orjson = None
    else:

        def ours_orjson() -> object:
            return structure(orjson.loads(PAGE)["data"], many_tasks)

        candidates[ORJSON] = ours_orjson
    candidates[PYDANTIC] = lambda: equivalent.validate_json(PAGE)
    candidates["pydantic-plain (reference)"] = lambda: plain.validate_json(PAGE)
    candidates[OPENAPI] = lambda: TaskList.from_dict(json.loads(PAGE))

    # Same values out of every side, or the comparison means nothing.
    ours = ours_stdlib()
    theirs = equivalent.validate_json(PAGE).data
    assert [t.status for t in ours] == [t.status for t in theirs]
    assert [t.updated_at for t in ours] == [t.updated_at for t in theirs]
    generated = TaskList.from_dict(json.loads(PAGE)).data
    assert [(t.id, t.title, t.completed_at) for t in ours] == [
        (t.id, t.title, t.completed_at) for t in generated
    ]

    # CPU time: decoding only computes, on one thread (see _timing.sample).
    samples = sample(candidates, rounds=rounds, clock=time.process_time)
    print(
        f"decode a 100-task page ({len(PAGE):,} bytes of JSON), CPU time, {rounds} interleaved"
        " rounds: medians, (quartiles)"
    )
    for name, values in samples.items():
        median, low, high = spread(values)
        ratio, ratio_low, ratio_high = spread(ratios(samples, name, PYDANTIC))
        print(
            f"  {name:34s} {median * 1e6:6.0f} us ({low * 1e6:4.0f}-{high * 1e6:4.0f})"
            f"  {ratio:5.2f}x ({ratio_low:.2f}-{ratio_high:.2f}) {PYDANTIC}"
        )
    failed = False
    for name, reference, target in TARGETS:
        if name not in samples:
            print(f"  (orjson not installed: pip install 'webwork-async[speedups]' for {name})")
            continue
        ratio, low, high = spread(ratios(samples, name, reference))
        print(
            f"  target <= {target}x {reference}: {name}: {ratio:.3f}x ({low:.2f}-{high:.2f})"
            f" {verdict(ratio, target)}"
        )
        failed = failed or ratio > target
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
