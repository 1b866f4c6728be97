from __future__ import annotations

from datetime import date, datetime

import attrs

from ._enums import OpenStrEnum

__all__ = ["CreatedTimeEntry", "TimeEntry", "TimeEntryMethod"]


class TimeEntryMethod(OpenStrEnum):
    """How a time entry was recorded. The docs list these as examples, so other values decode
    to pseudo-members that keep their text (``is_custom`` is true)."""

    DESKTOP_TRACKER = "Desktop tracker"
    MOBILE_TRACKER = "Mobile tracker"
    MANUALLY_ADDED = "Manually added time"
    EXTENSION_TRACKER = "Extension tracker"
    WEB_TRACKER = "Web tracker"
    IDLE_TIME = "Idle time"
    PAID_LEAVE = "Paid leave"
    BREAK = "Break"
    PAID_HOLIDAY = "Paid holiday"


@attrs.frozen
class TimeEntry:
    """A stretch of tracked time of one member on one day.

    ``id`` is an opaque (encrypted) string. ``start_time`` and ``end_time`` are timestamps;
    ``end_time`` is ``None`` while the entry is still running. ``contract_id``,
    ``project_id`` and the task fields are ``None`` for time tracked without a project.
    """

    id: str
    user_id: int | None = None
    contract_id: int | None = None
    project_id: int | None = None
    project_name: str | None = None
    task_id: int | None = None
    task_title: str | None = None
    activity_description: str | None = None
    method: TimeEntryMethod | None = None
    date: date | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    duration_minutes: int | None = None


@attrs.frozen
class CreatedTimeEntry:
    """The result of adding a time entry by hand.

    The server checks the entry against the member's and the contract's limits and against
    overlapping time, and may save only part of it: ``saved_minutes`` is how much was saved,
    and ``message`` says so in words (e.g. ``"8 hr successfully added for John Doe."``, or a
    warning about a partial save). ``id`` is ``None`` when the server does not return it.
    """

    id: str | None = None
    user_id: int | None = None
    contract_id: int | None = None
    project_id: int | None = None
    project_name: str | None = None
    task_id: int | None = None
    task_title: str | None = None
    activity_description: str | None = None
    method: TimeEntryMethod | None = None
    saved_minutes: int | None = None
    message: str | None = None
