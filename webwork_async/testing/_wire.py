"""State objects rendered exactly as the API sends them.

The docs use several timestamp spellings; each resource keeps the one its examples show:
tasks and the tracker use ``2024-01-15T09:00:00+00:00`` (NEW task docs), projects
``2024-01-15T09:00:00Z``, workspaces, members and contracts Laravel's
``2025-02-19T19:24:55.000000Z``, and workspace ``activated_at`` ``2025-02-19 19:24:55``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
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
    Tracker,
    Workspace,
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


def _opt(render: Callable[[float], str], t: float | None) -> str | None:
    return None if t is None else render(t)


def _number(value: float | None) -> float | int | None:
    # 120.0 goes out as 120, like the PHP backend's JSON
    if value is not None and float(value).is_integer():
        return int(value)
    return value


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
    show_rate = viewer.role in ADMIN_ROLES
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
        "rate": _number(member.rate) if show_rate else None,
        "rate_status": 1 if show_rate else 0,
        "weekly_hours_limit": member.weekly_hours_limit,
        "is_blocked": False,
        "created_at": ts_micro(member.created_at),
        "updated_at": ts_micro(member.created_at),
        "deleted_at": None,
    }


def project_json(ws: Workspace, project: Project) -> JSONDict:
    return {
        "id": project.id,
        "name": project.name,
        "owner_id": project.owner_id,
        "start_date": project.start_date,
        "deadline": project.deadline,
        "estimation": _number(project.estimation),
        "budget_estimation": _number(project.budget),
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
        "rate": _number(contract.rate) if show_rate else None,
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
    task = ws.tasks.get(tracker.task_id) if tracker.task_id is not None else None
    return {
        "contract_id": tracker.contract_id,
        "user_id": tracker.user_id,
        "activity_description": tracker.activity_description,
        "task_id": tracker.task_id,
        "task_title": None if task is None else task.title,
        "total_seconds": elapsed % 60,
        "total_minutes": ws.tracked_minutes[(tracker.user_id, day(now))] + elapsed // 60,
        "date": day(now),
    }


def meta(now: float) -> JSONDict:
    return {"api_version": "2.0.0", "timestamp": ts_z(now)}
