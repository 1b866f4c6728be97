"""Decoding a 100-task page: webwork-async (json + cattrs) against pydantic v2.

Target: at most 1.5x the time pydantic v2 takes for an equivalent model.

"Equivalent" means producing the same values: our Task accepts custom status codes as enum
members with a ``.base``, and turns zone-less timestamps into UTC-aware datetimes. A pydantic
model that does the same needs validators for those fields, so the comparison runs against that
model (``pydantic-equivalent``); a plain pydantic model that would reject custom codes and keep
naive datetimes is shown for reference. Both sides decode the same JSON bytes: pydantic with its
Rust JSON parser (``validate_json``), ours with the SDK's own path (``json``/``orjson`` then the
generated cattrs hooks).
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timezone
from typing import Annotated, Any

import pydantic
from pydantic import AfterValidator

from _timing import compare, verdict
from webwork_async import Task, TaskPriority, TaskStatus
from webwork_async._converter import converter

TARGET = 1.5


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


def main() -> int:
    hook = converter.get_structure_hook(list[Task])
    equivalent = pydantic.TypeAdapter(PPage)
    plain = pydantic.TypeAdapter(PPagePlain)

    def ours_stdlib() -> object:
        return hook(json.loads(PAGE)["data"], list[Task])

    candidates: dict[str, Any] = {"webwork-async (stdlib json)": ours_stdlib}
    try:
        import orjson
    except ImportError:
        orjson = None
    else:

        def ours_orjson() -> object:
            return hook(orjson.loads(PAGE)["data"], list[Task])

        candidates["webwork-async (orjson, [speedups])"] = ours_orjson
    candidates["pydantic-equivalent"] = lambda: equivalent.validate_json(PAGE)
    candidates["pydantic-plain (reference)"] = lambda: plain.validate_json(PAGE)

    # Same values out of both sides, or the comparison means nothing.
    ours = ours_stdlib()
    theirs = equivalent.validate_json(PAGE).data
    assert [t.status for t in ours] == [t.status for t in theirs]  # type: ignore[attr-defined]
    assert [t.updated_at for t in ours] == [t.updated_at for t in theirs]  # type: ignore[attr-defined]

    times = compare(candidates)
    baseline = times["pydantic-equivalent"]
    print(f"decode a 100-task page ({len(PAGE):,} bytes of JSON), median of interleaved rounds")
    for name, seconds in times.items():
        print(
            f"  {name:38s} {seconds * 1e6:8.0f} us   {seconds / baseline:5.2f}x pydantic-equivalent"
        )
    failed = False
    for name in candidates:
        if name.startswith("webwork-async"):
            ratio = times[name] / baseline
            print(f"  target <= {TARGET}x: {name}: {ratio:.2f}x {verdict(ratio, TARGET)}")
            failed = failed or ratio > TARGET
    if orjson is None:
        print("  (orjson not installed: pip install 'webwork-async[speedups]' to measure it)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
