from __future__ import annotations

from datetime import date, datetime

import attrs

from ._enums import TaskPriority, TaskStatus

__all__ = ["Assignee", "Task", "TaskAssignment"]


@attrs.frozen
class Assignee:
    """A member assigned to a task."""

    id: int
    firstname: str | None = None
    lastname: str | None = None
    email: str | None = None


@attrs.frozen
class Task:
    """A task in a project.

    ``status`` may be a custom workspace code (see :class:`TaskStatus`); ``priority`` is
    ``None`` when the task has none. Dates are :class:`datetime.date`; timestamps are
    timezone-aware :class:`datetime.datetime`.
    """

    id: int
    title: str
    description: str | None = None
    project_id: int | None = None
    owner_id: int | None = None
    creator_id: int | None = None
    status: TaskStatus = TaskStatus.OPEN
    status_name: str | None = None
    status_color: str | None = None
    priority: TaskPriority | None = None
    priority_name: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    completed_at: datetime | None = None
    assignees: tuple[Assignee, ...] = ()
    parent_id: int | None = None
    has_details: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None


@attrs.frozen
class TaskAssignment:
    """The result of assigning a user to a task.

    The older docs return the user's id as ``id``; the newer ones return an assignment id in
    ``id`` and the user in ``user_id``. ``user_id`` and ``task_id`` are always filled in by the
    SDK from the request when the server leaves them out.
    """

    id: int
    user_id: int | None = None
    task_id: int | None = None
    firstname: str | None = None
    lastname: str | None = None
    email: str | None = None
    assigner_id: int | None = None
