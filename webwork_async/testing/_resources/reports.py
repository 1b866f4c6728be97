"""Reports (§3.14), computed from the fake's time entries, leaves and members.

The docs give the parameters but not the response fields (beyond ``report_type``,
``start_date``, ``end_date`` and a total), so the shapes below are the fake's design. Common
to all five:

* Owners and executive managers only (403 otherwise).
* ``data`` is an object: ``report_type`` and the period, then ``users``, one item per user
  of the current page. Reports paginate **users**: ``page``, ``per_page`` (1..100, default
  30), with the usual pagination object. The users are the members who are neither project
  viewers nor former members, plus anybody who tracked time in the period, in id order,
  narrowed by the report's user filter. Totals (``total_minutes``, ``statistics``) cover
  every matching user, not only the page.
* Times are minutes (ints); day keys ``YYYY-MM-DD``; the workspace's system timezone is
  UTC, so date-times are ``2024-01-15T09:00:00+00:00``.
* ``total_amount`` (``{"USD": 12.5}``: money per currency, billable projects only) appears
  only when the caller's ``rate_status`` is 1.
* Array parameters take ``users[]=1&users[]=2``, ``users=1,2`` or a single value.
* Ranges: ``start_date`` ≤ ``end_date``; where the docs cap them the range is at most 31
  days (422 otherwise).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from attrs import define

from .._plumbing import Context, Ok, page_slice
from .._resource import Endpoints
from .._state import ADMIN_ROLES, Member, TimeEntry, days_between, group_by, is_weekday
from .._table import matching
from .._wire import JSONDict, amounts, hhmm, project_name, task_title
from .._wire import day as utc_day
from .leaves import leave_on
from .time_entries import time_entry_json

endpoints = Endpoints()


REPORT_PER_PAGE = 30
MAX_REPORT_DAYS = 31
# Tracked hours for many users may span a year; with ``user_id`` the docs cap it at 31 days.
MAX_TRACKED_HOURS_DAYS = 366
WORKDAY_START = 9 * 60
WORKDAY_END = 17 * 60
EXPECTED_MINUTES = WORKDAY_END - WORKDAY_START
ATTENDANCE_FILTERS = {
    "late": "Late",
    "left_early": "Left early",
    "tracked_less": "Tracked less",
    "absent": "Absent",
    "on_leave": "On leave",
}


def _date_range(
    ctx: Context,
    *,
    max_days: int,
    default: tuple[str, str] | None = None,
) -> tuple[str, str]:
    """``start_date`` / ``end_date``: required unless ``default``d, ordered, capped."""
    inp = ctx.input
    start = inp.date("start_date", required=default is None)
    end = inp.date("end_date", required=default is None)
    if default is not None:
        start = start or default[0]
        end = end or default[1]
    inp.date_order("start_date", start, "end_date", end)
    if start is not None and end is not None and start <= end:
        span = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
        if span > max_days:
            inp.fail("end_date", f"The date range must not be longer than {max_days} days.")
    return start or "", end or ""


def _one_day(ctx: Context) -> str:
    """``date``: required, within the last year and at most a year ahead."""
    day = ctx.input.date("date", required=True)
    if day is not None:
        today = date.fromisoformat(utc_day(ctx.now))
        if (
            not today - timedelta(days=365)
            <= date.fromisoformat(day)
            <= today + timedelta(days=365)
        ):
            ctx.input.fail("date", "The date must be within the last year and a year ahead.")
    return day or ""


def _users(ctx: Context, days: list[str], wanted: Iterable[int] | None) -> list[Member]:
    """The report's users (see the module docstring), in id order."""
    day_set = set(days)
    tracked = {
        uid
        for (uid, day), entries in ctx.ws.time_entries.groups("day").items()
        if entries and day in day_set
    }
    wanted_set = None if wanted is None else set(wanted)
    return [
        m
        for uid, m in sorted(ctx.ws.members.items())
        if (uid in tracked or (m.role != "Project viewer" and m.status != "left"))
        and (wanted_set is None or uid in wanted_set)
    ]


def _report(
    page: tuple[int, int],
    users: list[Member],
    render: Callable[[Member], JSONDict],
    head: JSONDict,
    message: str,
) -> Ok:
    chunk, pagination = page_slice(users, page)
    data = {**head, "users": [render(member) for member in chunk]}
    return Ok(data, message, pagination=pagination)


def _show_amounts(ctx: Context) -> bool:
    return ctx.user.rate_status == 1


def _weighted_activity(entries: Iterable[TimeEntry]) -> int | None:
    """The minute-weighted average activity of tracked entries (manual time has none)."""
    measured = [(e.activity_level, e.minutes) for e in entries if e.activity_level is not None]
    minutes = sum(m for _, m in measured)
    if not minutes:
        return None
    return round(sum(level * m for level, m in measured) / minutes)


@endpoints("GET /reports/tracked-hours", paged=True, roles=ADMIN_ROLES)
def tracked_hours(ctx: Context) -> Ok:
    """GET /reports/tracked-hours.

    Parameters: ``start_date`` / ``end_date`` (default: this week, Monday to Sunday; at
    most 31 days with ``user_id``, a year without), ``user_id``, and the arrays ``users``,
    ``projects`` (project ids), ``teams`` (team names), ``titles`` (job titles),
    ``currencies`` (only USD exists).

    ``data``::

        {"report_type": "tracked_hours", "start_date": "2024-01-15", "end_date": "…",
         "total_minutes": 960, "total_amount": {"USD": 400},            # all users
         "users": [{"user_id": 101, "user_name": "Ann Lee", "email": "…",
                    "total_minutes": 480, "total_amount": {"USD": 200},
                    "projects": [{"project_id": 1000, "project_name": "Website",
                                  "total_minutes": 480, "total_amount": {"USD": 200},
                                  "contracts": [{"contract_id": 5000,
                                                 "total_minutes": 480}]}]}],
         "dates": {"2024-01-15": [{"user_id": 101, "user_name": "Ann Lee",
                                   "total_minutes": 480,
                                   "projects": [{"project_id": 1000,
                                                 "project_name": "Website",
                                                 "contract_id": 5000,
                                                 "total_minutes": 480}]}],
                   "2024-01-16": []}}                                    # page's users

    Every day of the range is a key of ``dates``; users without time that day are left out
    of its list. Time without a project has ``project_id`` / ``contract_id`` null.
    """
    inp = ctx.input
    user_id = inp.integer("user_id")
    today = date.fromisoformat(utc_day(ctx.now))
    monday = today - timedelta(days=today.weekday())
    week = (monday.isoformat(), (monday + timedelta(days=6)).isoformat())
    cap = MAX_REPORT_DAYS if user_id is not None else MAX_TRACKED_HOURS_DAYS
    start, end = _date_range(ctx, max_days=cap, default=week)
    users_filter = inp.id_list("users")
    projects = inp.id_list("projects")
    teams = inp.string_list("teams")
    titles = inp.string_list("titles")
    currencies = inp.string_list("currencies")
    page = ctx.page(default=REPORT_PER_PAGE)
    inp.check()
    days = days_between(start, end)
    wanted = {*(users_filter or ()), *(() if user_id is None else (user_id,))}
    users = [
        m
        for m in _users(ctx, days, wanted or None)
        if (not teams or m.team_name in teams) and (not titles or m.title in titles)
    ]
    show = _show_amounts(ctx) and (not currencies or "USD" in currencies)
    report = _TrackedHours(ctx, days, projects or [], show)
    all_entries = [e for m in users for e in report.entries_of(m)]
    head: JSONDict = {
        "report_type": "tracked_hours",
        "start_date": start,
        "end_date": end,
        "total_minutes": sum(e.minutes for e in all_entries),
        **report.money(all_entries),
    }
    ok = _report(page, users, report.user_row, head, "Tracked hours report retrieved successfully")
    page_users = [ctx.ws.members[u["user_id"]] for u in ok.data["users"]]
    ok.data["dates"] = {day: report.day_rows(page_users, day) for day in days}
    return ok


@define
class _TrackedHours:
    """The tracked-hours report's rows: per user (with projects and contracts), and per day
    (with project and contract pairs)."""

    ctx: Context
    days: list[str]
    projects: list[int]
    show: bool

    def entries_of(self, member: Member) -> list[TimeEntry]:
        return [
            e
            for e in self.ctx.ws.entries_between(member.id, self.days)
            if not self.projects or e.project_id in self.projects
        ]

    def money(self, entries: list[TimeEntry]) -> JSONDict:
        return {"total_amount": amounts(self.ctx.ws, entries)} if self.show else {}

    def user_row(self, member: Member) -> JSONDict:
        entries = self.entries_of(member)
        return {
            "user_id": member.id,
            "user_name": member.name,
            "email": member.email,
            "total_minutes": sum(e.minutes for e in entries),
            **self.money(entries),
            "projects": [
                {
                    "project_id": project_id,
                    "project_name": project_name(self.ctx.ws, project_id),
                    "total_minutes": sum(e.minutes for e in group),
                    **self.money(group),
                    "contracts": [
                        {"contract_id": cid, "total_minutes": sum(e.minutes for e in part)}
                        for cid, part in group_by(group, lambda e: e.contract_id).items()
                    ],
                }
                for project_id, group in group_by(entries, lambda e: e.project_id).items()
            ],
        }

    def day_rows(self, members: list[Member], day: str) -> list[JSONDict]:
        """The members with time on ``day`` (the others are left out)."""
        rows: list[JSONDict] = []
        for member in members:
            entries = [e for e in self.entries_of(member) if e.day == day]
            if entries:
                rows.append(
                    {
                        "user_id": member.id,
                        "user_name": member.name,
                        "total_minutes": sum(e.minutes for e in entries),
                        "projects": [
                            {
                                "project_id": project_id,
                                "project_name": project_name(self.ctx.ws, project_id),
                                "contract_id": contract_id,
                                "total_minutes": sum(e.minutes for e in group),
                            }
                            for (project_id, contract_id), group in group_by(
                                entries, lambda e: (e.project_id, e.contract_id)
                            ).items()
                        ],
                    }
                )
        return rows


@endpoints("GET /reports/daily-timeline", paged=True, roles=ADMIN_ROLES)
def daily_timeline(ctx: Context) -> Ok:
    """GET /reports/daily-timeline: one ``date`` (required; within the last year, at most
    a year ahead), ``user_ids`` array.

    ``data``::

        {"report_type": "daily_timeline", "date": "2024-01-15", "timezone": "UTC",
         "timezone_offset": "+00:00",
         "users": [{"user_id": 101, "user_name": "Ann Lee", "email": "…",
                    "total_minutes": 480, "activity_level": 72,
                    "total_amount": {"USD": 200},
                    "entries": [{"id": "…", "start_time": "2024-01-15T09:00:00+00:00",
                                 "end_time": "…", "duration_minutes": 240,
                                 "project_id": 1000, "project_name": "Website",
                                 "task_id": 10000, "task_title": "Write docs",
                                 "activity_description": "…", "method": "Desktop tracker",
                                 "activity_level": 72}]}]}

    ``activity_level`` is a percentage; null for manual time (and for a user without
    tracked time). Entries are in start order.
    """
    day = _one_day(ctx)
    user_ids = ctx.input.id_list("user_ids")
    page = ctx.page(default=REPORT_PER_PAGE)
    ctx.input.check()
    show = _show_amounts(ctx)

    def render(member: Member) -> JSONDict:
        entries = ctx.ws.entries_on(member.id, day)
        row: JSONDict = {
            "user_id": member.id,
            "user_name": member.name,
            "email": member.email,
            "total_minutes": sum(e.minutes for e in entries),
            "activity_level": _weighted_activity(entries),
        }
        if show:
            row["total_amount"] = amounts(ctx.ws, entries)
        row["entries"] = [_timeline_entry(ctx, e) for e in entries]
        return row

    head = {
        "report_type": "daily_timeline",
        "date": day,
        "timezone": "UTC",
        "timezone_offset": "+00:00",
    }
    users = _users(ctx, [day], user_ids or None)
    return _report(page, users, render, head, "Daily timeline report retrieved successfully")


def _timeline_entry(ctx: Context, entry: TimeEntry) -> JSONDict:
    data = time_entry_json(ctx.ws, entry)
    keys = (
        "id",
        "start_time",
        "end_time",
        "duration_minutes",
        "project_id",
        "project_name",
        "task_id",
        "task_title",
        "activity_description",
        "method",
    )
    return {**{key: data[key] for key in keys}, "activity_level": entry.activity_level}


@endpoints("GET /reports/activity-level", paged=True, roles=ADMIN_ROLES)
def activity_level(ctx: Context) -> Ok:
    """GET /reports/activity-level: ``start_date`` / ``end_date`` required (≤ 31 days),
    ``contract_id``, ``user_ids`` array. Paginated by user (not by day, whatever the
    description says).

    ``data``::

        {"report_type": "activity_level", "start_date": "…", "end_date": "…",
         "statistics": {"average_activity_level": 68, "tracked_minutes": 4800,
                        "users_tracked": 3},                               # all users
         "users": [{"user_id": 101, "user_name": "Ann Lee",
                    "average_activity_level": 70, "tracked_minutes": 1920,
                    "days": {"2024-01-15": {"activity_level": 72, "tracked_minutes": 480},
                             "2024-01-16": {"activity_level": null,
                                            "tracked_minutes": 0}}}]}

    Levels are minute-weighted averages of tracked (not manual) time, null without any.
    """
    start, end = _date_range(ctx, max_days=MAX_REPORT_DAYS)
    contract_id = ctx.input.integer("contract_id")
    user_ids = ctx.input.id_list("user_ids")
    page = ctx.page(default=REPORT_PER_PAGE)
    ctx.input.check()
    days = days_between(start, end)

    def entries_of(member: Member) -> list[TimeEntry]:
        return matching(ctx.ws.entries_between(member.id, days), contract_id=contract_id)

    def render(member: Member) -> JSONDict:
        entries = entries_of(member)
        by_day = group_by(entries, lambda e: e.day)
        return {
            "user_id": member.id,
            "user_name": member.name,
            "average_activity_level": _weighted_activity(entries),
            "tracked_minutes": sum(e.minutes for e in entries),
            "days": {
                day: {
                    "activity_level": _weighted_activity(by_day.get(day, ())),
                    "tracked_minutes": sum(e.minutes for e in by_day.get(day, ())),
                }
                for day in days
            },
        }

    users = _users(ctx, days, user_ids or None)
    everything = [e for m in users for e in entries_of(m)]
    head = {
        "report_type": "activity_level",
        "start_date": start,
        "end_date": end,
        "statistics": {
            "average_activity_level": _weighted_activity(everything),
            "tracked_minutes": sum(e.minutes for e in everything),
            "users_tracked": len({e.user_id for e in everything}),
        },
    }
    return _report(page, users, render, head, "Activity level report retrieved successfully")


def _day_statuses(
    ctx: Context,
    member: Member,
    day: str,
    arrival: int | None,
    departure: int | None,
    tracked: int,
) -> tuple[list[str], int]:
    """The member's attendance statuses on ``day`` and the minutes expected of them."""
    if not is_weekday(day):
        return ["Holiday"], 0
    if leave_on(ctx.ws, member.id, day) is not None:
        return ["On leave"], 0
    if arrival is None or departure is None:  # no time at all
        return ["Absent"], EXPECTED_MINUTES
    statuses = ["Present"]
    if arrival > WORKDAY_START:
        statuses.append("Late")
    if departure < WORKDAY_END:
        statuses.append("Left early")
    if tracked < EXPECTED_MINUTES:
        statuses.append("Tracked less")
    return statuses, EXPECTED_MINUTES


def _attendance(ctx: Context, member: Member, day: str) -> JSONDict:
    entries = ctx.ws.entries_on(member.id, day)
    tracked = sum(e.minutes for e in entries)
    breaks = [(a.end, b.start) for a, b in itertools.pairwise(entries) if b.start > a.end]
    arrival = entries[0].start % 1440 if entries else None
    departure = (entries[-1].end - 1) % 1440 + 1 if entries else None
    statuses, expected = _day_statuses(ctx, member, day, arrival, departure, tracked)
    working = expected > 0 and bool(entries)
    return {
        "user_id": member.id,
        "user_name": member.name,
        "statuses": statuses,
        "arrival_time": None if arrival is None else hhmm(arrival),
        "departure_time": None if departure is None else hhmm(departure % 1440),
        "tracked_minutes": tracked,
        "expected_minutes": expected,
        "late_minutes": max(0, (arrival or 0) - WORKDAY_START) if working else 0,
        "left_early_minutes": max(0, WORKDAY_END - (departure or 0)) if working else 0,
        "break_minutes": sum(b - a for a, b in breaks),
        "breaks": [f"{hhmm(a)} - {hhmm(b)}" for a, b in breaks],
    }


@endpoints("GET /reports/daily-attendance", paged=True, roles=ADMIN_ROLES)
def daily_attendance(ctx: Context) -> Ok:
    """GET /reports/daily-attendance: one ``date`` (required; within the last year, at
    most a year ahead), ``users`` array, ``status`` array (late, left_early, tracked_less,
    absent, on_leave: users with any of them).

    The fake's schedule is 09:00-17:00 UTC on weekdays (480 expected minutes); weekends
    are "Holiday", an approved leave "On leave", no time on a workday "Absent"; otherwise
    "Present" plus "Late" (first entry after 09:00), "Left early" (last entry ends before
    17:00) and "Tracked less" (under 480 minutes). ``data``::

        {"report_type": "daily_attendance", "date": "2024-01-15",
         "schedule": {"start": "09:00", "end": "17:00", "expected_minutes": 480},
         "users": [{"user_id": 101, "user_name": "Ann Lee",
                    "statuses": ["Present", "Late"], "arrival_time": "09:20",
                    "departure_time": "17:05", "tracked_minutes": 445,
                    "expected_minutes": 480, "late_minutes": 20, "left_early_minutes": 0,
                    "break_minutes": 60, "breaks": ["12:30 - 13:30"]}]}
    """
    day = _one_day(ctx)
    users_filter = ctx.input.id_list("users")
    wanted_statuses = ctx.input.string_list("status", tuple(ATTENDANCE_FILTERS))
    page = ctx.page(default=REPORT_PER_PAGE)
    ctx.input.check()
    rows = {m.id: _attendance(ctx, m, day) for m in _users(ctx, [day], users_filter or None)}
    if wanted_statuses:
        wanted = {ATTENDANCE_FILTERS[s] for s in wanted_statuses}
        rows = {uid: row for uid, row in rows.items() if wanted & set(row["statuses"])}
    users = [ctx.ws.members[uid] for uid in rows]
    head = {
        "report_type": "daily_attendance",
        "date": day,
        "schedule": {
            "start": hhmm(WORKDAY_START),
            "end": hhmm(WORKDAY_END),
            "expected_minutes": EXPECTED_MINUTES,
        },
    }
    message = "Daily attendance report retrieved successfully"
    return _report(page, users, lambda m: rows[m.id], head, message)


@endpoints("GET /reports/task-report", paged=True, roles=ADMIN_ROLES)
def task_report(ctx: Context) -> Ok:
    """GET /reports/task-report: ``start_date`` / ``end_date`` required (≤ 31 days),
    arrays ``users``, ``project_id``, ``task_id``, ``include_no_task`` (default true:
    time without a task counts, as a ``task_id`` null row).

    ``data``::

        {"report_type": "task_report", "start_date": "…", "end_date": "…",
         "total_minutes": 960,                                             # all users
         "users": [{"user_id": 101, "user_name": "Ann Lee", "total_minutes": 480,
                    "tasks_breakdown": [{"task_id": 10000, "task_title": "Write docs",
                                         "project_id": 1000, "project_name": "Website",
                                         "total_minutes": 480}],
                    "daily_breakdown": {"2024-01-15": [{"task_id": 10000, "…": "…",
                                                        "total_minutes": 480}]}}]}

    ``daily_breakdown`` has only the days with time.
    """
    start, end = _date_range(ctx, max_days=MAX_REPORT_DAYS)
    users_filter = ctx.input.id_list("users")
    project_ids = ctx.input.id_list("project_id")
    task_ids = ctx.input.id_list("task_id")
    include_no_task = ctx.input.boolean("include_no_task")
    page = ctx.page(default=REPORT_PER_PAGE)
    ctx.input.check()
    days = days_between(start, end)

    def entries_of(member: Member) -> list[TimeEntry]:
        return [
            e
            for e in ctx.ws.entries_between(member.id, days)
            if (not project_ids or e.project_id in project_ids)
            and (not task_ids or e.task_id in task_ids)
            and (e.task_id is not None or include_no_task is not False)
        ]

    def rows(entries: list[TimeEntry]) -> list[JSONDict]:
        return [
            {
                "task_id": task_id,
                "task_title": task_title(ctx.ws, task_id),
                "project_id": project_id,
                "project_name": project_name(ctx.ws, project_id),
                "total_minutes": sum(e.minutes for e in group),
            }
            for (task_id, project_id), group in group_by(
                entries, lambda e: (e.task_id, e.project_id)
            ).items()
        ]

    def render(member: Member) -> JSONDict:
        entries = entries_of(member)
        return {
            "user_id": member.id,
            "user_name": member.name,
            "total_minutes": sum(e.minutes for e in entries),
            "tasks_breakdown": rows(entries),
            "daily_breakdown": {
                day: rows(group) for day, group in group_by(entries, lambda e: e.day).items()
            },
        }

    users = _users(ctx, days, users_filter or None)
    head = {
        "report_type": "task_report",
        "start_date": start,
        "end_date": end,
        "total_minutes": sum(e.minutes for m in users for e in entries_of(m)),
    }
    return _report(page, users, render, head, "Task report retrieved successfully")
