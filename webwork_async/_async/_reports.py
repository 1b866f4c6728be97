from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .._errors import InvalidRequestError
from .._response import Envelope
from .._validation import (
    MAX_REPORT_DAYS,
    attendance_statuses,
    check_date,
    check_date_order,
    check_date_range,
    check_id,
    comma_ids,
    comma_texts,
    report_page,
    report_range,
)
from ..models._expenses import parse_display_date
from ..models._reports import AttendanceFilter, Report
from ._resource import AsyncResource, endpoint

__all__ = ["AsyncReports"]

# The API's limits: most ranges span at most 31 days; the timeline looks back a year.
# A year, plus a day of slack so a caller a time zone ahead of the server is not refused.
_TIMELINE_REACH = dt.timedelta(days=366)
_DEFAULT_PER_PAGE = 30


class AsyncReports(AsyncResource):
    """``client.reports``: time and activity reports (workspace owners and executive managers).

    Every report returns a :class:`Report`: the documented ``report_type``, ``start_date`` and
    ``end_date``, and the whole ``data`` object as plain JSON in ``raw``, since the docs do not
    describe the reports' fields.

    The reports paginated by member (daily timeline, activity level, daily attendance, task
    report) return **one page per call** rather than a pager of members: their ``data`` is an
    object, and which of its keys holds the per-member list is not documented, so the SDK
    cannot split pages into members without guessing. Ask for ``page=`` 1, 2, ... while
    :attr:`Report.has_next_page`. Lists of ids are sent comma-separated.
    """

    @endpoint("GET /reports/tracked-hours")
    async def tracked_hours(
        self,
        *,
        start_date: dt.date | str | None = None,
        end_date: dt.date | str | None = None,
        user_id: int | None = None,
        users: Sequence[int] | None = None,
        projects: Sequence[int] | None = None,
        teams: Sequence[int] | None = None,
        titles: Sequence[str] | None = None,
        currencies: Sequence[str] | None = None,
        workspace_id: int | None = None,
    ) -> Report:
        """Tracked time grouped by day, with totals per member, project and contract.

        Without dates the server reports the current week. With ``user_id`` (one member)
        the range may span at most 31 days. ``users``, ``projects`` and ``teams`` are ids;
        ``titles`` are job titles; ``currencies`` (currency codes) only matter to callers
        allowed to see rates, whose report then carries amounts per currency.
        """
        params = self._scoped(workspace_id)
        first = None if start_date is None else check_date("start_date", start_date)
        last = None if end_date is None else check_date("end_date", end_date)
        check_date_order("start_date", first, "end_date", last)
        if user_id is not None:
            params["user_id"] = check_id("user_id", user_id)
            if first is not None and last is not None:
                check_date_range("start_date", first, "end_date", last, max_days=MAX_REPORT_DAYS)
        if first is not None:
            params["start_date"] = first.isoformat()
        if last is not None:
            params["end_date"] = last.isoformat()
        _add_ids(params, users=users, projects=projects, teams=teams)
        for name, texts in (("titles", titles), ("currencies", currencies)):
            if texts is not None:
                params[name] = comma_texts(name, texts)
        return await self._report("reports/tracked-hours", params)

    @endpoint("GET /reports/daily-timeline")
    async def daily_timeline(
        self,
        *,
        date: dt.date | str,
        user_ids: Sequence[int] | None = None,
        page: int = 1,
        per_page: int = _DEFAULT_PER_PAGE,
        workspace_id: int | None = None,
    ) -> Report:
        """One day's timeline per member: entries with start and end, project, task,
        activity description, tracking method and activity level.

        ``date`` must lie within about a year of today (the API looks back at most a year).
        Times are in the workspace owner's time zone. One page of members per call (``page``
        from 1, ``per_page`` 1 to 100, default 30): see :class:`AsyncReports`.
        """
        params = self._scoped(workspace_id)
        day = check_date("date", date)
        today = dt.date.today()
        if not today - _TIMELINE_REACH <= day <= today + _TIMELINE_REACH:
            raise InvalidRequestError(
                "date", f"must be within a year of today ({today.isoformat()}), got {day}"
            )
        params["date"] = day.isoformat()
        _add_ids(params, user_ids=user_ids)
        return await self._report("reports/daily-timeline", params, (page, per_page))

    @endpoint("GET /reports/activity-level")
    async def activity_level(
        self,
        *,
        start_date: dt.date | str,
        end_date: dt.date | str,
        contract_id: int | None = None,
        user_ids: Sequence[int] | None = None,
        page: int = 1,
        per_page: int = _DEFAULT_PER_PAGE,
        workspace_id: int | None = None,
    ) -> Report:
        """Activity percentage per member per day, with overall statistics, over at most
        31 days.

        One page of members per call (``page`` from 1, ``per_page`` 1 to 100, default 30):
        the docs' description speaks of pages of 30 days, but the parameters they list page
        by member, and those are what is sent.
        """
        params = self._scoped(workspace_id)
        params.update(report_range(start_date, end_date))
        if contract_id is not None:
            params["contract_id"] = check_id("contract_id", contract_id)
        _add_ids(params, user_ids=user_ids)
        return await self._report("reports/activity-level", params, (page, per_page))

    @endpoint("GET /reports/daily-attendance")
    async def daily_attendance(
        self,
        *,
        date: dt.date | str,
        users: Sequence[int] | None = None,
        status: Sequence[AttendanceFilter | str] | None = None,
        page: int = 1,
        per_page: int = _DEFAULT_PER_PAGE,
        workspace_id: int | None = None,
    ) -> Report:
        """One day's attendance per member (present, late, left early, ...), with times in
        whole minutes.

        ``status`` keeps only members with one of those :class:`AttendanceFilter` statuses.
        One page of members per call (``page`` from 1, ``per_page`` 1 to 100, default 30).
        """
        params = self._scoped(workspace_id)
        params["date"] = check_date("date", date).isoformat()
        _add_ids(params, users=users)
        if status is not None:
            params["status"] = attendance_statuses(status)
        return await self._report("reports/daily-attendance", params, (page, per_page))

    @endpoint("GET /reports/task-report")
    async def task_report(
        self,
        *,
        start_date: dt.date | str,
        end_date: dt.date | str,
        users: Sequence[int] | None = None,
        project_id: Sequence[int] | None = None,
        task_id: Sequence[int] | None = None,
        include_no_task: bool = True,
        page: int = 1,
        per_page: int = _DEFAULT_PER_PAGE,
        workspace_id: int | None = None,
    ) -> Report:
        """Time per member broken down by task and by day, over at most 31 days.

        ``project_id`` and ``task_id`` take lists of ids (the API's names are singular).
        ``include_no_task=False`` leaves out time tracked without a task; the server
        includes it by default, so the parameter is only sent (as ``0``, which a boolean
        query parameter always accepts) when it is ``False``. One page of members per call
        (``page`` from 1, ``per_page`` 1 to 100, default 30).
        """
        params = self._scoped(workspace_id)
        params.update(report_range(start_date, end_date))
        _add_ids(params, users=users, project_id=project_id, task_id=task_id)
        if type(include_no_task) is not bool:
            raise InvalidRequestError(
                "include_no_task", f"must be True or False, got {include_no_task!r}"
            )
        if not include_no_task:
            params["include_no_task"] = 0
        return await self._report("reports/task-report", params, (page, per_page))

    async def _report(
        self, path: str, params: dict[str, Any], paged: tuple[int, int] | None = None
    ) -> Report:
        """GET a report; ``paged`` is ``(page, per_page)`` for the reports paged by member."""
        if paged is not None:
            params.update(report_page(*paged))
        return _to_report(await self._call("GET", path, params=params))


def _add_ids(params: dict[str, Any], **ids: Sequence[int] | None) -> None:
    """Each list of ids that is given (members, projects, ...), as the API takes it: one
    comma-separated value."""
    for name, value in ids.items():
        if value is not None:
            params[name] = comma_ids(name, value)


def _to_report(envelope: Envelope) -> Report:
    # An empty report may come as null or as an empty JSON array (PHP's empty array).
    data = {} if envelope.data is None or envelope.data == [] else envelope.data_object()
    if data is None:
        raise envelope.malformed(
            f"expected the report as an object, got {type(envelope.data).__name__}"
        )
    report_type = data.get("report_type")
    info = envelope.page_info
    return Report(
        raw=data,
        report_type=report_type if isinstance(report_type, str) else None,
        start_date=_iso_date(data.get("start_date")),
        end_date=_iso_date(data.get("end_date")),
        page=None if info is None else info.current_page,
        last_page=None if info is None else info.last_page,
        per_page=None if info is None else info.per_page,
        total=None if info is None else info.total,
    )


def _iso_date(value: object) -> dt.date | None:
    return parse_display_date(value) if isinstance(value, str) else None
