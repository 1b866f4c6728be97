from __future__ import annotations

from datetime import datetime

import attrs

__all__ = ["TrackerStarted", "TrackerStopped"]


@attrs.frozen
class TrackerStarted:
    """A tracker that was just started. ``contract_id`` and ``project_id`` are ``None`` when
    time is tracked without a project."""

    start_time: datetime
    contract_id: int | None = None
    project_id: int | None = None
    task_id: int | None = None
    activity_description: str | None = None
    message: str | None = None


@attrs.frozen
class TrackerStopped:
    """A tracker that was just stopped."""

    stopped_at: datetime
    message: str | None = None
