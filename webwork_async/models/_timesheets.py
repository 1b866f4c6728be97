from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from ._enums import OpenStrEnum
from ._expenses import parse_display_date

__all__ = ["Timesheet", "TimesheetActionResult", "TimesheetProjectTime", "TimesheetStatus"]


class TimesheetStatus(OpenStrEnum):
    """Where a timesheet is in its approval.

    The newer docs list ``pending`` for a timesheet not yet submitted (or sent back with
    unsubmit); the older docs, and the newer docs' own description text, call the same state
    ``open``. Both decode; as a filter, ``OPEN`` is sent as ``pending``, the newer name
    (see :attr:`normalized`).
    """

    PENDING = "pending"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    OPEN = "open"

    @property
    def normalized(self) -> TimesheetStatus:
        """The newer docs' name for this state: ``OPEN`` becomes ``PENDING``, the rest stay."""
        return TimesheetStatus.PENDING if self is TimesheetStatus.OPEN else self


@attrs.frozen
class TimesheetProjectTime:
    """Time on one project on one day of a timesheet (an entry of ``daily_breakdown``).

    ``total_amount`` is only sent to callers allowed to see rates; its type is not documented
    (a number, or an object keyed by currency as in reports), so it is kept as sent.
    """

    project_id: int | None = None
    project_name: str | None = None
    contract_id: int | None = None
    total_minutes: int | None = None
    total_amount: Any = None


@attrs.frozen
class Timesheet:
    """A member's timesheet for a period.

    The two generations of the docs describe different fields, and both are read:

    * older: ``total_hours``, ``submitted_on``, ``reject_reason``;
    * newer: ``member`` (the member's name), ``total_minutes``, ``daily_breakdown`` (the
      date, as sent, mapped to the time per project that day) and ``total_amount`` (only with
      rate permission; its type is not documented, so it is kept as sent);
    * the approve/reject examples: ``user_name`` and ``user_email``.

    Whatever the server does not send is ``None``. ``submitted_on`` is kept as the text the
    server sent (its format is not documented); :attr:`submitted_date` parses it.
    """

    id: str
    user_id: int | None = None
    member: str | None = None
    user_name: str | None = None
    user_email: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: TimesheetStatus | None = None
    total_hours: float | None = None
    total_minutes: int | None = None
    submitted_on: str | None = None
    reject_reason: str | None = None
    daily_breakdown: dict[str, tuple[TimesheetProjectTime, ...]] | None = None
    total_amount: Any = None

    @property
    def submitted_date(self) -> date | None:
        """The day it was submitted, from ``submitted_on``; ``None`` when absent or in a format
        the SDK does not know."""
        return parse_display_date(self.submitted_on)


@attrs.frozen
class TimesheetActionResult:
    """What approving, rejecting, submitting or unsubmitting a timesheet returned.

    ``timesheet`` is the timesheet as the server sent it back (the newer docs show its id,
    new status, member and period), or ``None`` when the response has no data (the older
    docs show ``data: null``). ``message`` is the server's message, e.g. ``"Timesheet
    approved by Jane Doe at 2024-01-15 10:30:00 | Member: John Smith | ..."``.
    """

    timesheet_id: str
    message: str | None = None
    timesheet: Timesheet | None = None
