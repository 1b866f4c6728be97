"""Reports (§3.14), computed from the time entries, leaves and members.

The docs give the parameters, not the answers' fields: the shapes are the fake's design,
pinned by ``tests/testing/test_fake_reports.py``. All five are for owners and executive
managers; ``data`` is the report's head (type, period, totals over every matching user) and
``users``, a row per user of the page (``per_page`` default 30): members who are neither
project viewers nor former members, plus anybody with time in the period, in id order.
Times are minutes; ``total_amount`` shows only for callers whose ``rate_status`` is 1.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from .._plumbing import Context, Ok, page_slice
from .._resource import Endpoints
from .._state import ADMIN_ROLES, Member, TimeEntry, days_between, group_by, is_weekday
from .._table import matching
from .._wire import JSONDict, hhmm, project_name, task_title
from .._wire import day as utc_day
from ._common import minutes, person, priced, project_rows, staff
from .leaves import leave_on
from .time_entries import time_entry_json

endpoints = Endpoints()

REPORT_PER_PAGE = 30
MAX_REPORT_DAYS = 31
# Tracked hours for many users may span a year; with ``user_id`` the docs cap it at 31 days.
MAX_TRACKED_HOURS_DAYS = 366
WORKDAY_START, WORKDAY_END = 9 * 60, 17 * 60
EXPECTED_MINUTES = WORKDAY_END - WORKDAY_START
ATTENDANCE_FILTERS = {
    "late": "Late",
    "left_early": "Left early",
    "tracked_less": "Tracked less",
    "absent": "Absent",
    "on_leave": "On leave",
}
TIMELINE_KEYS = (
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
Render = Callable[[Member], JSONDict]
Page = tuple[int, int]


def _date_range(ctx: Context, max_days: int, default: tuple[str, str] | None = None) -> list[str]:
    """The days of ``start_date`` .. ``end_date`` (required unless ``default``), capped."""
    inp = ctx.input
    first, last = default or (None, None)
    start = inp.date("start_date", required=default is None) or first
    end = inp.date("end_date", required=default is None) or last
    inp.date_order("start_date", start, "end_date", end)
    if start and end and start <= end and len(days_between(start, end)) > max_days:
        inp.fail("end_date", f"The date range must not be longer than {max_days} days.")
    return days_between(start, end) if start and end and start <= end else []


def _one_day(ctx: Context) -> str:
    """``date``: required, within the last year and at most a year ahead."""
    day = ctx.input.date("date", required=True)
    today = date.fromisoformat(utc_day(ctx.now))
    if day is not None and abs((date.fromisoformat(day) - today).days) > 365:
        ctx.input.fail("date", "The date must be within the last year and a year ahead.")
    return day or ""


def _users(ctx: Context, days: Iterable[str], wanted: Iterable[int] | None) -> list[Member]:
    day_set = set(days)
    tracked = {
        uid for (uid, d), rows in ctx.ws.time_entries.groups("day").items() if rows and d in day_set
    }
    chosen = None if wanted is None else set(wanted)
    return [
        m
        for uid, m in sorted(ctx.ws.members.items())
        if (uid in tracked or staff(m)) and (chosen is None or uid in chosen)
    ]


def _period(kind: str, days: list[str], totals: JSONDict) -> JSONDict:
    return {"report_type": kind, "start_date": days[0], "end_date": days[-1], **totals}


def _report(page: Page, users: list[Member], render: Render, head: JSONDict, name: str) -> Ok:
    """The page's users rendered after the head; ``name`` makes the message."""
    chunk, pagination = page_slice(users, page)
    data = {**head, "users": [render(member) for member in chunk]}
    return Ok(data, f"{name} retrieved successfully", pagination=pagination)


def _weighted_activity(entries: Iterable[TimeEntry]) -> int | None:
    """The minute-weighted average activity of tracked entries (manual time has none)."""
    measured = [e for e in entries if e.activity_level is not None]
    total = minutes(measured)
    return (
        round(sum((e.activity_level or 0) * e.minutes for e in measured) / total) if total else None
    )


def _tracked_input(ctx: Context) -> tuple[list[str], list[Member], list[int], bool, Page]:
    """Tracked hours' parameters, checked: the days (this week by default), the users, the
    project filter, whether money shows and the page."""
    inp = ctx.input
    user_id = inp.integer("user_id")
    monday = date.fromisoformat(utc_day(ctx.now))
    monday -= timedelta(days=monday.weekday())
    week = (monday.isoformat(), (monday + timedelta(days=6)).isoformat())
    days = _date_range(
        ctx, MAX_REPORT_DAYS if user_id is not None else MAX_TRACKED_HOURS_DAYS, week
    )
    users_filter, projects = inp.id_list("users"), inp.id_list("projects")
    teams, titles = inp.string_list("teams"), inp.string_list("titles")
    currencies = inp.string_list("currencies")
    page = ctx.page(default=REPORT_PER_PAGE)
    inp.check()
    wanted = {*(users_filter or ()), *(() if user_id is None else (user_id,))}
    users = [
        m
        for m in _users(ctx, days, wanted or None)
        if (not teams or m.team_name in teams) and (not titles or m.title in titles)
    ]
    show = ctx.user.rate_status == 1 and (not currencies or "USD" in currencies)
    return days, users, projects or [], show, page


def _by_project(ctx: Context, entries: list[TimeEntry], show: bool) -> list[JSONDict]:
    """Time per project, and per contract within it."""
    return [
        {
            "project_id": project_id,
            "project_name": project_name(ctx.ws, project_id),
            "total_minutes": minutes(group),
            **priced(ctx.ws, group, show),
            "contracts": [
                {"contract_id": contract_id, "total_minutes": minutes(part)}
                for contract_id, part in group_by(group, lambda e: e.contract_id).items()
            ],
        }
        for project_id, group in group_by(entries, lambda e: e.project_id).items()
    ]


@endpoints("GET /reports/tracked-hours", paged=True, roles=ADMIN_ROLES)
def tracked_hours(ctx: Context) -> Ok:
    """Per user, project and contract, and per day with the page's users."""
    days, users, projects, show, page = _tracked_input(ctx)

    def entries_of(member: Member, on: Iterable[str]) -> list[TimeEntry]:
        entries = ctx.ws.entries_between(member.id, on)
        return [e for e in entries if not projects or e.project_id in projects]

    def render(member: Member) -> JSONDict:
        entries = entries_of(member, days)
        totals = {"total_minutes": minutes(entries), **priced(ctx.ws, entries, show)}
        return {
            **person(member),
            "email": member.email,
            **totals,
            "projects": _by_project(ctx, entries, show),
        }

    def day_row(member: Member, entries: list[TimeEntry]) -> JSONDict:
        rows = project_rows(ctx.ws, entries, False)
        return {**person(member), "total_minutes": minutes(entries), "projects": rows}

    everything = [e for m in users for e in entries_of(m, days)]
    totals = {"total_minutes": minutes(everything), **priced(ctx.ws, everything, show)}
    ok = _report(
        page, users, render, _period("tracked_hours", days, totals), "Tracked hours report"
    )
    chunk, _ = page_slice(users, page)
    on_days = {d: [(m, entries_of(m, [d])) for m in chunk] for d in days}
    ok.data["dates"] = {
        d: [day_row(m, rows) for m, rows in pairs if rows] for d, pairs in on_days.items()
    }
    return ok


def _timeline_entry(ctx: Context, entry: TimeEntry) -> JSONDict:
    data = time_entry_json(ctx.ws, entry)
    return {**{key: data[key] for key in TIMELINE_KEYS}, "activity_level": entry.activity_level}


@endpoints("GET /reports/daily-timeline", paged=True, roles=ADMIN_ROLES)
def daily_timeline(ctx: Context) -> Ok:
    """Each user's entries of one day, in start order."""
    day = _one_day(ctx)
    user_ids = ctx.input.id_list("user_ids")
    page = ctx.page(default=REPORT_PER_PAGE)
    ctx.input.check()

    def render(member: Member) -> JSONDict:
        entries = ctx.ws.entries_on(member.id, day)
        return {
            **person(member),
            "email": member.email,
            "total_minutes": minutes(entries),
            "activity_level": _weighted_activity(entries),
            **priced(ctx.ws, entries, ctx.user.rate_status == 1),
            "entries": [_timeline_entry(ctx, e) for e in entries],
        }

    head = {
        "report_type": "daily_timeline",
        "date": day,
        "timezone": "UTC",
        "timezone_offset": "+00:00",
    }
    users = _users(ctx, [day], user_ids or None)
    return _report(page, users, render, head, "Daily timeline report")


@endpoints("GET /reports/activity-level", paged=True, roles=ADMIN_ROLES)
def activity_level(ctx: Context) -> Ok:
    """Minute-weighted activity per user and day (paginated by user, not by day)."""
    days = _date_range(ctx, MAX_REPORT_DAYS)
    contract_id = ctx.input.integer("contract_id")
    user_ids = ctx.input.id_list("user_ids")
    page = ctx.page(default=REPORT_PER_PAGE)
    ctx.input.check()

    def entries_of(member: Member) -> list[TimeEntry]:
        return matching(ctx.ws.entries_between(member.id, days), contract_id=contract_id)

    def render(member: Member) -> JSONDict:
        entries = entries_of(member)
        by_day = group_by(entries, lambda e: e.day)
        return {
            **person(member),
            "average_activity_level": _weighted_activity(entries),
            "tracked_minutes": minutes(entries),
            "days": {
                d: {
                    "activity_level": _weighted_activity(by_day.get(d, ())),
                    "tracked_minutes": minutes(by_day.get(d, ())),
                }
                for d in days
            },
        }

    users = _users(ctx, days, user_ids or None)
    everything = [e for m in users for e in entries_of(m)]
    statistics = {
        "average_activity_level": _weighted_activity(everything),
        "tracked_minutes": minutes(everything),
        "users_tracked": len({e.user_id for e in everything}),
    }
    head = _period("activity_level", days, {"statistics": statistics})
    return _report(page, users, render, head, "Activity level report")


def _statuses(ctx: Context, member: Member, day: str, entries: list[TimeEntry]) -> list[str]:
    """The member's attendance on ``day`` (09:00-17:00 UTC on weekdays)."""
    if not is_weekday(day):
        return ["Holiday"]
    if leave_on(ctx.ws, member.id, day) is not None:
        return ["On leave"]
    if not entries:
        return ["Absent"]
    late = entries[0].start % 1440 > WORKDAY_START
    early = (entries[-1].end - 1) % 1440 + 1 < WORKDAY_END
    flags = (
        (late, "Late"),
        (early, "Left early"),
        (minutes(entries) < EXPECTED_MINUTES, "Tracked less"),
    )
    return ["Present", *(status for flag, status in flags if flag)]


def _attendance(ctx: Context, member: Member, day: str) -> JSONDict:
    entries = ctx.ws.entries_on(member.id, day)
    statuses = _statuses(ctx, member, day, entries)
    expected = EXPECTED_MINUTES if statuses[0] in ("Present", "Absent") else 0
    breaks = [(a.end, b.start) for a, b in itertools.pairwise(entries) if b.start > a.end]
    arrival = entries[0].start % 1440 if entries else None
    departure = (entries[-1].end - 1) % 1440 + 1 if entries else None
    working = expected > 0 and bool(entries)
    return {
        **person(member),
        "statuses": statuses,
        "arrival_time": None if arrival is None else hhmm(arrival),
        "departure_time": None if departure is None else hhmm(departure % 1440),
        "tracked_minutes": minutes(entries),
        "expected_minutes": expected,
        "late_minutes": max(0, (arrival or 0) - WORKDAY_START) if working else 0,
        "left_early_minutes": max(0, WORKDAY_END - (departure or 0)) if working else 0,
        "break_minutes": sum(b - a for a, b in breaks),
        "breaks": [f"{hhmm(a)} - {hhmm(b)}" for a, b in breaks],
    }


@endpoints("GET /reports/daily-attendance", paged=True, roles=ADMIN_ROLES)
def daily_attendance(ctx: Context) -> Ok:
    """One day's attendance; ``status`` keeps the users with any of the statuses asked."""
    day = _one_day(ctx)
    users_filter = ctx.input.id_list("users")
    wanted = {
        ATTENDANCE_FILTERS[s]
        for s in ctx.input.string_list("status", tuple(ATTENDANCE_FILTERS)) or ()
    }
    page = ctx.page(default=REPORT_PER_PAGE)
    ctx.input.check()
    rows = {m.id: _attendance(ctx, m, day) for m in _users(ctx, [day], users_filter or None)}
    users = [
        ctx.ws.members[uid]
        for uid, row in rows.items()
        if not wanted or wanted & set(row["statuses"])
    ]
    schedule = {
        "start": hhmm(WORKDAY_START),
        "end": hhmm(WORKDAY_END),
        "expected_minutes": EXPECTED_MINUTES,
    }
    head = {"report_type": "daily_attendance", "date": day, "schedule": schedule}
    return _report(page, users, lambda m: rows[m.id], head, "Daily attendance report")


def _task_rows(ctx: Context, entries: list[TimeEntry]) -> list[JSONDict]:
    """Time per task (and its project)."""
    return [
        {
            "task_id": task_id,
            "task_title": task_title(ctx.ws, task_id),
            "project_id": project_id,
            "project_name": project_name(ctx.ws, project_id),
            "total_minutes": minutes(group),
        }
        for (task_id, project_id), group in group_by(
            entries, lambda e: (e.task_id, e.project_id)
        ).items()
    ]


@endpoints("GET /reports/task-report", paged=True, roles=ADMIN_ROLES)
def task_report(ctx: Context) -> Ok:
    """Time per task and project, in all and per day with time (no task counts unless
    ``include_no_task`` is false)."""
    days = _date_range(ctx, MAX_REPORT_DAYS)
    users_filter = ctx.input.id_list("users")
    project_ids = ctx.input.id_list("project_id")
    task_ids = ctx.input.id_list("task_id")
    include_no_task = ctx.input.boolean("include_no_task") is not False
    page = ctx.page(default=REPORT_PER_PAGE)
    ctx.input.check()

    def entries_of(member: Member) -> list[TimeEntry]:
        return [
            e
            for e in ctx.ws.entries_between(member.id, days)
            if (not project_ids or e.project_id in project_ids)
            and (not task_ids or e.task_id in task_ids)
            and (e.task_id is not None or include_no_task)
        ]

    def render(member: Member) -> JSONDict:
        entries = entries_of(member)
        by_day = group_by(entries, lambda e: e.day)
        return {
            **person(member),
            "total_minutes": minutes(entries),
            "tasks_breakdown": _task_rows(ctx, entries),
            "daily_breakdown": {d: _task_rows(ctx, group) for d, group in by_day.items()},
        }

    users = _users(ctx, days, users_filter or None)
    totals = {"total_minutes": sum(minutes(entries_of(m)) for m in users)}
    return _report(page, users, render, _period("task_report", days, totals), "Task report")
