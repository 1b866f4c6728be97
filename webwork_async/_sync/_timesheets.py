# This file is generated from webwork_async/_async/_timesheets.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

from datetime import date
from typing import Any, Literal

from .._listing import Column, Option, listed
from .._validation import (
    check_choice,
    check_id,
    check_order,
    check_string_id,
    check_text,
)
from ..models._timesheets import Timesheet, TimesheetActionResult, TimesheetStatus
from ._pagination import Pager
from ._resource import Resource, date_bounds, endpoint, given

__all__ = ["Timesheets"]


@listed(
    "members' timesheets",
    Column("id"),
    Column("user_id"),
    Column("user", "user_name"),
    Column("from", "date_from"),
    Column("to", "date_to"),
    Column("status"),
    Column("hours", "total_hours"),
    options=(
        Option("user_id", kind="id"),
        Option("status", "pending, submitted, approved, rejected"),
        Option("date_from", "YYYY-MM-DD (inclusive)", flag="--from"),
        Option("date_to", "YYYY-MM-DD (inclusive)", flag="--to"),
    ),
)
class Timesheets(Resource):
    """``client.timesheets``: members' timesheets, and their approval.

    A timesheet goes ``pending`` (``open`` in the older docs) → ``submitted`` → ``approved``
    or ``rejected``; ``unsubmit`` sends a submitted one back to ``pending``. Approving and
    rejecting are for workspace owners and executive managers, and need a submitted timesheet.
    Timesheet ids are opaque strings.
    """

    @endpoint("GET /timesheets")
    def list(
        self,
        *,
        id: str | None = None,
        status: TimesheetStatus | str | None = None,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        user_id: int | None = None,
        order: Literal["asc", "desc"] | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        concurrency: int | None = None,
        workspace_id: int | None = None,
    ) -> Pager[Timesheet]:
        """Timesheets, optionally filtered; ``order`` sorts by creation time.

        ``date_from`` and ``date_to`` are inclusive. ``status`` takes any documented status;
        ``OPEN`` (the older name) is sent as ``pending``, the name the newer docs accept.
        Returns an :class:`Pager`; nothing is sent until you iterate it::

            for sheet in client.timesheets.list(status=TimesheetStatus.SUBMITTED):
                client.timesheets.approve(sheet.id)
        """
        params = self._scoped(
            workspace_id,
            id=given(check_string_id, "id", id),
            status=None
            if status is None
            else check_choice("status", status, TimesheetStatus).normalized.value,
            **date_bounds("date_from", date_from, "date_to", date_to),
            user_id=given(check_id, "user_id", user_id),
            order_by=given(check_order, "order", order),
        )
        return self._list("timesheets", params, Timesheet, per_page, max_items, concurrency)

    @endpoint("PUT /timesheets/{timesheetId}/approve")
    def approve(
        self, timesheet_id: str, *, workspace_id: int | None = None
    ) -> TimesheetActionResult:
        """Approve a submitted timesheet.

        Like the other actions, it may be retried after a transient failure; if the first
        attempt did go through, the retry is answered 422 (no longer submitted).
        """
        return self._act(timesheet_id, "approve", {}, workspace_id)

    @endpoint("PUT /timesheets/{timesheetId}/reject")
    def reject(
        self, timesheet_id: str, *, reason: str, workspace_id: int | None = None
    ) -> TimesheetActionResult:
        """Reject a submitted timesheet; ``reason`` is required and is shown to the member."""
        body = {"reason": check_text("reason", reason)}
        return self._act(timesheet_id, "reject", body, workspace_id)

    @endpoint("PUT /timesheets/{timesheetId}/submit")
    def submit(
        self, timesheet_id: str, *, workspace_id: int | None = None
    ) -> TimesheetActionResult:
        """Submit a timesheet for approval."""
        return self._act(timesheet_id, "submit", {}, workspace_id)

    @endpoint("PUT /timesheets/{timesheetId}/unsubmit")
    def unsubmit(
        self, timesheet_id: str, *, workspace_id: int | None = None
    ) -> TimesheetActionResult:
        """Send a submitted timesheet back to ``pending``, so it can be edited again."""
        return self._act(timesheet_id, "unsubmit", {}, workspace_id)

    def _act(
        self,
        timesheet_id: str,
        action: str,
        fields: dict[str, Any],
        workspace_id: int | None,
    ) -> TimesheetActionResult:
        timesheet_id = check_string_id("timesheet_id", timesheet_id)
        body = self._scoped(workspace_id, **fields)
        envelope = self._call("PUT", f"timesheets/{timesheet_id}/{action}", json=body)
        return TimesheetActionResult(
            timesheet_id=timesheet_id,
            message=envelope.message,
            # Older docs: `data: null`; newer: the timesheet's id, new status, member and period.
            timesheet=envelope.decode_object(Timesheet),
        )
