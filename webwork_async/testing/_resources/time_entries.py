"""Time entries (§3.8), the one store of tracked time (``Workspace.time_entries``).

Stopped trackers, manual entries and approved time requests land here; timesheets,
current-data and the reports are computed from it. A user's entries never overlap (POST
trims, PUT refuses) nor cross midnight UTC. Where the docs are silent: ids are UUIDs (404
when unknown), and a submitted or approved timesheet locks its user's days against POST,
PUT and DELETE (422) until it is unsubmitted; trackers and time requests still add time.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from .._plumbing import Context, Ok, apply_changes, paginate
from .._resource import Endpoints
from .._state import (
    ADMIN_ROLES,
    DESKTOP_METHOD,
    MANUAL_METHOD,
    MINUTES_PER_DAY,
    Contract,
    Member,
    TimeEntry,
    Workspace,
    day_start,
    days_between,
    minute_day,
)
from .._state import activity_level as tracked_activity
from .._table import matching
from .._validation import ApiError, check_dates, need, parse_time
from .._wire import JSONDict, hours_text, pick, project_name, task_title, ts_offset
from .timesheets import locked_timesheet

endpoints = Endpoints()


def time_entry_json(ws: Workspace, entry: TimeEntry) -> JSONDict:
    return {
        **pick(entry, "id", "user_id", "contract_id", "project_id"),
        "project_name": project_name(ws, entry.project_id),
        "task_id": entry.task_id,
        "task_title": task_title(ws, entry.task_id),
        "activity_description": entry.description,
        "method": entry.method,
        "date": entry.day,
        "start_time": ts_offset(entry.start * 60),
        "end_time": ts_offset(entry.end * 60),
        "duration_minutes": entry.minutes,
    }


def read(ws: Workspace) -> dict[str, JSONDict]:
    """Every time entry by id, as GET /time-entries lists it."""
    return {i: time_entry_json(ws, e) for i, e in ws.time_entries.items()}


def add_time_entry(
    ws: Workspace,
    user_id: int,
    date: str,
    start_time: str,
    end_time: str,
    *,
    contract_id: int | None = None,
    task_id: int | None = None,
    activity_description: str | None = None,
    method: str = DESKTOP_METHOD,
    activity_level: int | None = None,
) -> str:
    """Add tracked time on ``date`` (``YYYY-MM-DD``) from ``start_time`` to ``end_time``
    (``HH:mm`` UTC; ``"24:00"`` ends at midnight) and return the entry's id.

    ``method`` is free text ("Desktop tracker", "Manually added time", ...); tracker
    methods get a deterministic ``activity_level`` unless one is given, manual time
    none. Overlapping another entry of the user raises ``ValueError``.
    """
    check_dates(date, None)
    start = parse_time(start_time)
    end = 1440 if end_time == "24:00" else parse_time(end_time)
    if start is None or end is None or end <= start:
        raise ValueError("times are HH:mm, the end after the start")
    ws.require_member(user_id)
    ws.check_work(user_id, contract_id, task_id)
    first, last = day_start(date) + start, day_start(date) + end
    if ws.overlapping(user_id, first, last):
        raise ValueError(f"user {user_id} already has time between {start_time} and {end_time}")
    if activity_level is None and method != MANUAL_METHOD:
        activity_level = tracked_activity(user_id, first)
    project_id = ws.project_of(contract_id)
    work = (contract_id, project_id, task_id, activity_description, activity_level)
    return ws.time_entries.new(user_id, first, last, method, time.time(), *work).id


TIME_ENTRIES_MAX_PER_PAGE = 50


def check_unlocked(ctx: Context, user_id: int, day: str) -> None:
    sheet = locked_timesheet(ctx.ws, user_id, day)
    if sheet is not None:
        message = f"The timesheet covering {day} is {sheet.status}; unsubmit it to change its time."
        raise ApiError(422, message)


@endpoints("GET /time-entries", paged=True, roles=ADMIN_ROLES)
def list_time_entries(ctx: Context) -> Ok:
    """One user's entries of one day, in start order; no ``message`` (as the docs)."""
    inp = ctx.input
    user_id = inp.integer("user_id", required=True)
    day = inp.date("date", required=True)
    project_id = inp.integer("project_id")
    task_id = inp.integer("task_id")
    page = ctx.page(maximum=TIME_ENTRIES_MAX_PER_PAGE)
    if user_id is not None and user_id not in ctx.ws.members:
        inp.fail("user_id", "The selected user id is invalid.")
    inp.check()
    entries = ctx.ws.entries_on(need(user_id), need(day))
    entries = matching(entries, project_id=project_id, task_id=task_id)
    return paginate(entries, page, lambda e: time_entry_json(ctx.ws, e), None)


def _saved_range(
    ctx: Context, member: Member, contract: Contract | None, first: int, last: int
) -> tuple[int, int]:
    """Of ``[first, last)``, the longest stretch no entry covers (the earliest on a tie), its
    end cut so the week stays within the contract's and the member's weekly hours limits."""
    free = ctx.ws.free_stretch(member.id, first, last)
    if free is None:
        raise ApiError(422, "No time was added: the range overlaps existing time entries.")
    start, end = free
    day, left = minute_day(start), list[int]()
    if contract is not None and contract.weekly_hours_limit is not None:
        used = _week_minutes(ctx.ws, member.id, day, contract.id)
        left.append(contract.weekly_hours_limit * 60 - used)
    if member.weekly_hours_limit is not None:
        left.append(member.weekly_hours_limit * 60 - _week_minutes(ctx.ws, member.id, day))
    end = min([end, *(start + max(0, minutes) for minutes in left)])
    if end <= start:
        raise ApiError(422, "No time was added: the weekly hours limit is reached.")
    return start, end


def _week_minutes(ws: Workspace, user_id: int, day: str, contract_id: int | None = None) -> int:
    """Minutes the user tracked in the ISO week (Monday..Sunday) of ``day``, on one
    contract when ``contract_id`` is given."""
    monday = date.fromisoformat(day) - timedelta(days=date.fromisoformat(day).weekday())
    week = days_between(monday.isoformat(), (monday + timedelta(days=6)).isoformat())
    return sum(
        e.minutes
        for e in ws.entries_between(user_id, week)
        if contract_id is None or e.contract_id == contract_id
    )


@endpoints("POST /time-entries", roles=ADMIN_ROLES)
def create_time_entry(ctx: Context) -> Ok:
    """Manual time, partly saved (see :func:`_saved_range`); ``saved_minutes`` says what
    was kept, and the message when it is not all."""
    inp = ctx.input
    member = ctx.active_user(inp.integer("user_id", required=True))
    contract_id = inp.integer("contract_id")
    task_id = inp.integer("task_id")
    notes = inp.string("notes", max_length=1000)
    day = inp.date("date", required=True)
    start = inp.time_of_day("start_time", required=True)
    end = inp.time_of_day("end_time", required=True)
    inp.after("start_time", start, "end_time", end)
    contract = ctx.check_contract_and_task(member, contract_id, task_id)
    inp.check()
    member, day, start, end = need(member), need(day), need(start), need(end)
    check_unlocked(ctx, member.id, day)
    first, last = _saved_range(ctx, member, contract, day_start(day) + start, day_start(day) + end)
    work = (contract_id, ctx.ws.project_of(contract_id), task_id, notes)
    entry = ctx.ws.time_entries.new(member.id, first, last, MANUAL_METHOD, ctx.now, *work)
    ctx.record("create_time_entry", entry.id)
    requested, saved = end - start, entry.minutes
    message = f"{hours_text(saved)} successfully added for {member.name}."
    if saved < requested:
        message += (
            f" Only part of the requested {hours_text(requested)} was saved: the rest overlaps"
            " existing time entries or exceeds the weekly hours limit."
        )
    data = time_entry_json(ctx.ws, entry)
    return Ok(data, message, status=201, extra={"saved_minutes": saved})


def path_entry(ctx: Context) -> TimeEntry:
    return ctx.lookup(ctx.ws.time_entries, "time_entry_id", "Time entry not found")


def _moved_work(ctx: Context, entry: TimeEntry) -> dict[str, int | None]:
    """The contract, project and task a PUT leaves the entry on (failures recorded)."""
    inp, ws = ctx.input, ctx.ws
    contract_id, project_id, task_id = entry.contract_id, entry.project_id, entry.task_id
    if inp.present("project_id"):
        new_project = inp.integer("project_id")
        if new_project is None:
            contract_id = project_id = task_id = None
        elif new_project != project_id:
            live = ws.live_project(new_project) is not None
            mine = ws.contracts.where(
                user_id=entry.user_id, project_id=new_project, status="active"
            )
            contract = mine[0] if live and mine else None
            if contract is None:
                inp.fail("project_id", "The user has no active contract on this project.")
            else:
                contract_id, project_id, task_id = contract.id, new_project, None
    if inp.present("task_id"):
        task_id = inp.integer("task_id")
        task = ws.tasks.get(task_id) if task_id is not None else None
        if task_id is not None and (task is None or task.project_id != project_id):
            inp.fail("task_id", "The selected task does not belong to the entry's project.")
    return {"contract_id": contract_id, "project_id": project_id, "task_id": task_id}


def _moved_times(ctx: Context, entry: TimeEntry) -> tuple[str, int, int]:
    """The day and the minutes of that day a PUT gives the entry (checked)."""
    inp = ctx.input
    day = inp.date("date", required=True) if inp.present("date") else entry.day
    old_base = day_start(entry.day)
    start: int | None = entry.start - old_base
    end: int | None = entry.end - old_base
    if inp.present("start_time"):
        start = inp.time_of_day("start_time", required=True)
    if inp.present("end_time"):
        end = inp.time_of_day("end_time", required=True)
    inp.after("start_time", start, "end_time", end)
    inp.check()
    return need(day), need(start), need(end)


@endpoints("PUT /time-entries/{time_entry_id}", roles=ADMIN_ROLES)
def update_time_entry(ctx: Context) -> Ok:
    """Every field optional, no ``data``; ``project_id`` moves the entry to the user's active
    contract there; nothing is trimmed (an overlap is a 422), weekly limits are not checked."""
    entry = path_entry(ctx)
    ws = ctx.ws
    work = _moved_work(ctx, entry)
    description = entry.description
    for name in ("activity_description", "notes"):
        if ctx.input.present(name):
            description = ctx.input.string(name, max_length=1000)
    day, start, end = _moved_times(ctx, entry)
    check_unlocked(ctx, entry.user_id, entry.day)
    check_unlocked(ctx, entry.user_id, day)
    base = day_start(day)
    if end > MINUTES_PER_DAY:
        raise ApiError(422, "A time entry cannot cross midnight.")
    if ws.overlapping(entry.user_id, base + start, base + end, ignore=entry.id):
        raise ApiError(422, "The time entry would overlap another time entry.")
    ws.time_entries.remove(entry.id)
    changes = {**work, "description": description, "start": base + start, "end": base + end}
    if apply_changes(entry, changes):
        ctx.record("update_time_entry", entry.id)
    ws.time_entries.put(entry)
    return Ok(None, "Time entry updated successfully", with_data=False)


@endpoints("DELETE /time-entries/{time_entry_id}", roles=ADMIN_ROLES)
def delete_time_entry(ctx: Context) -> Ok:
    entry = path_entry(ctx)
    check_unlocked(ctx, entry.user_id, entry.day)
    ctx.ws.time_entries.remove(entry.id)
    ctx.record("delete_time_entry", entry.id)
    return Ok(None, "Time entry deleted successfully")
