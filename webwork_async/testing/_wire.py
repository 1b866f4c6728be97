"""The wire primitives of the renderers in ``_resources/``. Each resource keeps the
timestamp spelling its doc examples show; where none does, its closest relative's (time
entries the tracker's, viewers the members', timesheets, leaves and webhooks the OLD
time requests').
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any

from ._state import Workspace

JSONDict = dict[str, Any]


def _stamp(layout: str) -> Callable[[float], str]:
    """Epoch seconds as ``layout`` in UTC, the fraction dropped."""
    return lambda t: datetime.fromtimestamp(int(t), tz=timezone.utc).strftime(layout)


ts_z = _stamp("%Y-%m-%dT%H:%M:%SZ")
ts_offset = _stamp("%Y-%m-%dT%H:%M:%S+00:00")
ts_micro = _stamp("%Y-%m-%dT%H:%M:%S.000000Z")  # Laravel's default date serialisation
ts_sql = _stamp("%Y-%m-%d %H:%M:%S")
day = _stamp("%Y-%m-%d")


def hhmm(minute: int) -> str:
    """The time of day of an epoch minute, ``09:30``."""
    return f"{minute % 1440 // 60:02d}:{minute % 60:02d}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def human_date(day: str) -> str:
    """``2024-01-05`` as ``Jan 05, 2024`` (locale-independent)."""
    d = date.fromisoformat(day)
    return f"{_MONTHS[d.month - 1]} {d.day:02d}, {d.year}"


def money(amount: float) -> float | int | None:
    """An amount rounded to cents, sent like the backend's JSON (``120`` not ``120.0``)."""
    return plain_number(round(amount, 2))


def hours_text(minutes: int) -> str:
    """``480`` as ``8 hr``, ``90`` as ``1 hr 30 min``, ``45`` as ``45 min``."""
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours} hr"] if hours else []) + ([f"{rest} min"] if rest or not hours else [])
    return " ".join(parts)


def opt(render: Callable[[float], str], t: float | None) -> str | None:
    return None if t is None else render(t)


def plain_number(value: float | None) -> float | int | None:
    # 120.0 goes out as 120, like the PHP backend's JSON
    if value is not None and float(value).is_integer():
        return int(value)
    return value


def project_name(ws: Workspace, project_id: int | None) -> str | None:
    project = None if project_id is None else ws.projects.get(project_id)
    return None if project is None else project.name


def task_title(ws: Workspace, task_id: int | None) -> str | None:
    task = None if task_id is None else ws.tasks.get(task_id)
    return None if task is None else task.title


def pick(record: object, *names: str) -> JSONDict:
    """The record's fields ``names`` as they are: the field-for-field part of a renderer."""
    return {name: getattr(record, name) for name in names}


def meta(now: float) -> JSONDict:
    return {"api_version": "2.0.0", "timestamp": ts_z(now)}
