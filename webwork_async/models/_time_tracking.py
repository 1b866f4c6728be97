from __future__ import annotations

from datetime import date, datetime

import attrs

__all__ = ["CurrentTracker", "TrackerStarted", "TrackerStopped"]


@attrs.frozen
class TrackerStarted:
    """A tracker that was just started. ``contract_id`` and ``project_id`` are ``None`` when
    time is tracked without a project. ``user_name``, ``user_email`` and ``project_name``
    come only in the answer's alternative documented form (else ``None``)."""

    start_time: datetime
    contract_id: int | None = None
    project_id: int | None = None
    task_id: int | None = None
    activity_description: str | None = None
    message: str | None = None
    user_name: str | None = None
    user_email: str | None = None
    project_name: str | None = None


@attrs.frozen
class TrackerStopped:
    """A tracker that was just stopped."""

    stopped_at: datetime
    message: str | None = None


@attrs.frozen
class CurrentTracker:
    """What a member's running tracker has recorded so far.

    ``total_seconds`` are the running tracker's seconds beyond its whole minutes;
    ``total_minutes`` are the member's minutes on ``date`` so far, the running tracker's
    included. ``contract_id`` and the task fields are ``None`` when tracking without a
    project or task.
    """

    user_id: int | None = None
    contract_id: int | None = None
    task_id: int | None = None
    task_title: str | None = None
    activity_description: str | None = None
    total_seconds: int | None = None
    total_minutes: int | None = None
    date: date | None = None
