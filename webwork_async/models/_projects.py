from __future__ import annotations

from datetime import date, datetime

import attrs

__all__ = ["Project", "ProjectTag"]


@attrs.frozen
class ProjectTag:
    """A tag on a project."""

    id: int
    name: str
    color: str | None = None


@attrs.frozen
class Project:
    """A project.

    ``budget_estimation`` is what the API returns for the ``budget`` sent on create/update;
    ``estimation`` is in hours.
    """

    id: int
    name: str
    owner_id: int | None = None
    start_date: date | None = None
    deadline: date | None = None
    estimation: float | None = None
    budget_estimation: float | None = None
    notes: str | None = None
    icon: str | None = None
    is_billable: bool | None = None
    rate: float | None = None
    weekly_hours_limit: int | None = None
    screenshots: str | None = None
    tags: tuple[ProjectTag, ...] = ()
    contracts_count: int | None = None
    status: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
