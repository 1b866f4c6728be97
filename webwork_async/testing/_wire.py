"""State objects rendered exactly as the API sends them.

The docs use several timestamp spellings; each resource keeps the one its examples show:
tasks and the tracker use ``2024-01-15T09:00:00+00:00`` (NEW task docs), projects
``2024-01-15T09:00:00Z``, workspaces, members and contracts Laravel's
``2025-02-19T19:24:55.000000Z``, and workspace ``activated_at`` ``2025-02-19 19:24:55``.

Where no example shows a timestamp the choices are: time entries' ``start_time`` /
``end_time`` like the tracker's (``+00:00``, same NEW generation); project viewers'
``member_since`` like members' (microseconds); time requests like the OLD example
(``2024-01-15T09:00:00Z``), and timesheets, leaves and webhooks the same way. Expense dates
are pre-formatted like ``Jan 05, 2024`` (PHP's ``M d, Y``: the day is zero-padded).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone
from typing import Any

from ._state import (
    ADMIN_ROLES,
    PRIORITIES,
    SCREENSHOT_LABELS,
    Assignment,
    Contract,
    Member,
    Project,
    Task,
    TimeEntry,
    TimeRequest,
    Timesheet,
    Tracker,
    Workspace,
    days_between,
    group_by,
)

JSONDict = dict[str, Any]


def _utc(t: float) -> datetime:
    return datetime.fromtimestamp(int(t), tz=timezone.utc)


def ts_z(t: float) -> str:
    """``2024-01-15T10:30:00Z``."""
    return _utc(t).strftime("%Y-%m-%dT%H:%M:%SZ")


def ts_offset(t: float) -> str:
    """``2024-01-15T10:30:00+00:00``."""
    return _utc(t).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def ts_micro(t: float) -> str:
    """``2025-02-19T19:24:55.000000Z`` (Laravel's default date serialisation)."""
    return _utc(t).strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def ts_sql(t: float) -> str:
    """``2025-02-19 19:24:55``."""
    return _utc(t).strftime("%Y-%m-%d %H:%M:%S")


def day(t: float) -> str:
    """``2025-02-19``."""
    return _utc(t).strftime("%Y-%m-%d")


def ts_minute(minute: int) -> str:
    """An epoch minute as ``2024-01-15T09:00:00+00:00``."""
    return ts_offset(minute * 60)


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


def _opt(render: Callable[[float], str], t: float | None) -> str | None:
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


def workspace_json(ws: Workspace, user: Member) -> JSONDict:
    return {
        "id": ws.id,
        "owner_id": ws.owner_id,
        "user_id": user.id,
        "workspace_name": ws.name,
        "role": user.role,
        "status": user.status,
        "created_at": ts_micro(ws.created_at),
        "activated_at": ts_sql(user.created_at),
    }


def member_json(member: Member, viewer: Member) -> JSONDict:
    # Rates: owners and executive managers see everybody's; a member sees their own only
    # when ``rate_status`` is 1 (PUT /members).
    show_rate = viewer.role in ADMIN_ROLES or (viewer.id == member.id and member.rate_status == 1)
    return {
        "id": member.id,
        "email": member.email,
        "firstname": member.firstname,
        "lastname": member.lastname,
        "avatar": None,
        "current_role": member.role,
        "timezone": member.timezone,
        "status": member.status,
        "team_name": member.team_name,
        "title": member.title,
        "rate": plain_number(member.rate) if show_rate else None,
        "rate_status": member.rate_status,
        "weekly_hours_limit": member.weekly_hours_limit,
        "is_blocked": False,
        "created_at": ts_micro(member.created_at),
        "updated_at": ts_micro(member.updated_at),
        "deleted_at": None,
    }


def project_json(ws: Workspace, project: Project) -> JSONDict:
    return {
        "id": project.id,
        "name": project.name,
        "owner_id": project.owner_id,
        "start_date": project.start_date,
        "deadline": project.deadline,
        "estimation": plain_number(project.estimation),
        "budget_estimation": plain_number(project.budget),
        "notes": project.notes,
        "icon": project.icon,
        "is_billable": project.is_billable,
        "rate": 0,
        "weekly_hours_limit": 168,
        "screenshots": "blur",
        "tags": [],
        "contracts_count": ws.contracts_count(project.id),
        "status": 1,
        "created_at": ts_z(project.created_at),
        "updated_at": ts_z(project.updated_at),
        "deleted_at": _opt(ts_z, project.archived_at),
    }


def contract_json(ws: Workspace, contract: Contract, viewer: Member) -> JSONDict:
    project = ws.projects[contract.project_id]
    member = ws.members[contract.user_id]
    # Rates are only visible to callers allowed to see them, and only on billable projects.
    show_rate = viewer.role in ADMIN_ROLES and project.is_billable
    return {
        "id": contract.id,
        "project_id": contract.project_id,
        "user_id": contract.user_id,
        "contract_name": project.name,
        "project_name": project.name,
        "project_icon": project.icon,
        "user_firstname": member.firstname,
        "user_lastname": member.lastname,
        "user_email": member.email,
        "user_role": member.role,
        "weekly_hours_limit": contract.weekly_hours_limit,
        "screenshots": contract.screenshots,
        "screenshots_label": SCREENSHOT_LABELS.get(contract.screenshots),
        "rate": plain_number(contract.rate) if show_rate else None,
        "rate_type": 1 if show_rate and contract.rate is not None else 2,
        "currency": "USD",
        "status": contract.status,
        "created_at": ts_micro(contract.created_at),
        "updated_at": ts_micro(contract.updated_at),
    }


def assignee_json(member: Member) -> JSONDict:
    return {
        "id": member.id,
        "firstname": member.firstname,
        "lastname": member.lastname,
        "email": member.email,
    }


def assignment_json(ws: Workspace, assignment: Assignment) -> JSONDict:
    member = ws.members[assignment.user_id]
    return {
        "id": assignment.id,
        "user_id": assignment.user_id,
        "task_id": assignment.task_id,
        "firstname": member.firstname,
        "lastname": member.lastname,
        "email": member.email,
        "assigner_id": assignment.assigner_id,
    }


def task_json(ws: Workspace, task: Task) -> JSONDict:
    status_name, status_color = ws.status_info(task.status) or (None, None)
    return {
        "id": task.id,
        "title": task.title,
        "description": task.description,
        "project_id": task.project_id,
        "owner_id": task.owner_id,
        "creator_id": task.creator_id,
        "status": task.status,
        "status_name": status_name,
        "status_color": status_color,
        "priority": task.priority,
        "priority_name": None if task.priority is None else PRIORITIES[task.priority],
        "start_date": task.start_date,
        "end_date": task.end_date,
        "completed_at": _opt(ts_offset, task.completed_at),
        "assignees": [assignee_json(ws.members[uid]) for uid in task.assignments],
        "parent_id": task.parent_id,
        "created_at": ts_offset(task.created_at),
        "updated_at": ts_offset(task.updated_at),
        "deleted_at": None,
    }


def tracker_json(tracker: Tracker) -> JSONDict:
    return {
        "start_time": ts_offset(tracker.started_at),
        "contract_id": tracker.contract_id,
        "project_id": tracker.project_id,
        "task_id": tracker.task_id,
        "activity_description": tracker.activity_description,
    }


def current_data_json(ws: Workspace, tracker: Tracker, now: float) -> JSONDict:
    # §3.7: total_seconds are the leftover seconds of the running tracker (below a minute),
    # total_minutes the day's tracked minutes plus the running tracker's whole minutes.
    elapsed = max(0, int(now - tracker.started_at))
    return {
        "contract_id": tracker.contract_id,
        "user_id": tracker.user_id,
        "activity_description": tracker.activity_description,
        "task_id": tracker.task_id,
        "task_title": task_title(ws, tracker.task_id),
        "total_seconds": elapsed % 60,
        "total_minutes": sum(e.minutes for e in ws.entries_on(tracker.user_id, day(now)))
        + elapsed // 60,
        "date": day(now),
    }


def time_entry_json(ws: Workspace, entry: TimeEntry) -> JSONDict:
    return {
        "id": entry.id,
        "user_id": entry.user_id,
        "contract_id": entry.contract_id,
        "project_id": entry.project_id,
        "project_name": project_name(ws, entry.project_id),
        "task_id": entry.task_id,
        "task_title": task_title(ws, entry.task_id),
        "activity_description": entry.description,
        "method": entry.method,
        "date": entry.day,
        "start_time": ts_minute(entry.start),
        "end_time": ts_minute(entry.end),
        "duration_minutes": entry.minutes,
    }


def amounts(ws: Workspace, entries: Iterable[TimeEntry]) -> JSONDict:
    """``total_amount``: money earned per currency (the fake has USD only), billable time."""
    total = 0.0
    for entry in entries:
        rate = ws.rate_of(entry)
        if rate is not None:
            total += rate * entry.minutes / 60
    return {"USD": money(total)}


def _day_of(entry: TimeEntry) -> str:
    return entry.day


def _project_contract(entry: TimeEntry) -> tuple[int | None, int | None]:
    return entry.project_id, entry.contract_id


def timesheet_json(ws: Workspace, sheet: Timesheet, viewer: Member) -> JSONDict:
    """NEW fields (totals, ``daily_breakdown``) plus the OLD ones (``total_hours``,
    ``submitted_on``, ``reject_reason``); amounts only for owners and executive managers."""
    show_amounts = viewer.role in ADMIN_ROLES
    member = ws.members[sheet.user_id]
    entries = list(ws.entries_between(sheet.user_id, days_between(sheet.date_from, sheet.date_to)))

    def row(project_id: int | None, contract_id: int | None, group: list[TimeEntry]) -> JSONDict:
        money = {"total_amount": amounts(ws, group)} if show_amounts else {}
        return {
            "project_id": project_id,
            "project_name": project_name(ws, project_id),
            "contract_id": contract_id,
            "total_minutes": sum(e.minutes for e in group),
            **money,
        }

    breakdown = {
        day_: [row(*key, group) for key, group in group_by(on_day, _project_contract).items()]
        for day_, on_day in group_by(entries, _day_of).items()
    }
    total = sum(e.minutes for e in entries)
    data: JSONDict = {
        "id": sheet.id,
        "user_id": sheet.user_id,
        "member": member.name,
        "date_from": sheet.date_from,
        "date_to": sheet.date_to,
        "total_minutes": total,
        "total_hours": plain_number(round(total / 60, 2)),
        "status": sheet.status,
        "submitted_on": _opt(ts_z, sheet.submitted_at),
        "reject_reason": sheet.reject_reason,
        "approved_by": sheet.approved_by,
        "rejected_by": sheet.rejected_by,
        "daily_breakdown": breakdown,
        "created_at": ts_z(sheet.created_at),
        "updated_at": ts_z(sheet.updated_at),
    }
    if show_amounts:
        data["total_amount"] = amounts(ws, entries)
    return data


def time_request_json(request: TimeRequest) -> JSONDict:
    """The OLD object; ``activity_description`` repeats ``notes`` under its NEW name."""
    return {
        "id": request.id,
        "user_id": request.user_id,
        "contract_id": request.contract_id,
        "project_id": request.project_id,
        "task_id": request.task_id,
        "start": ts_z(request.start),
        "end": ts_z(request.end),
        "status": request.status,
        "notes": request.notes,
        "activity_description": request.notes,
        "comment": request.comment,
        "updated_by": request.updated_by,
        "created_at": ts_z(request.created_at),
        "updated_at": ts_z(request.updated_at),
    }


def meta(now: float) -> JSONDict:
    return {"api_version": "2.0.0", "timestamp": ts_z(now)}
