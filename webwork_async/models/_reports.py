from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from ._enums import OpenStrEnum

__all__ = ["AttendanceFilter", "Report"]


class AttendanceFilter(OpenStrEnum):
    """The attendance statuses the daily-attendance report can be filtered by.

    The report itself labels members ``Present``, ``Late``, ``Left early``, ``Tracked less``,
    ``Absent``, ``On leave`` or ``Holiday`` (in its raw data); only these five can filter.
    """

    LATE = "late"
    LEFT_EARLY = "left_early"
    TRACKED_LESS = "tracked_less"
    ABSENT = "absent"
    ON_LEAVE = "on_leave"


@attrs.frozen
class Report:
    """A report, or one page of a report paginated by member.

    The docs describe the reports' parameters but not their response fields (only the
    tracked-hours example begins ``report_type``, ``start_date``, ``end_date``), so the SDK
    types just those and keeps the whole ``data`` object, exactly as sent, in ``raw``: look
    there for totals, per-member and per-day figures. ``report_type``, ``start_date`` and
    ``end_date`` are ``None`` when absent or not recognisable (they stay in ``raw``).

    ``page``, ``last_page``, ``per_page`` and ``total`` come from the response's pagination
    (pages of members) and are ``None`` when it has none. ::

        page = 1
        while True:
            report = await client.reports.task_report(
                start_date="2024-01-01", end_date="2024-01-31", page=page
            )
            handle(report.raw)
            if not report.has_next_page:
                break
            page += 1
    """

    raw: dict[str, Any]
    report_type: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    page: int | None = None
    last_page: int | None = None
    per_page: int | None = None
    total: int | None = None

    @property
    def has_next_page(self) -> bool:
        """Whether the server reported a page after this one."""
        return self.page is not None and self.last_page is not None and self.page < self.last_page
