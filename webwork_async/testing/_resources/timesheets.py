"""Timesheets (§3.9); see ``time_entries`` for the rules of tracked time."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from attrs import Factory, define

from .._plumbing import Context, Ok, check_status, paginate
from .._resource import Endpoints, Records
from .._state import (
    ADMIN_ROLES,
    UPDATED_AT,
    Member,
    Workspace,
    days_between,
    decide,
    group_by,
)
from .._validation import check_choice, check_dates, forbidden
from .._wire import JSONDict, opt, pick, plain_number, ts_z
from ._common import lookup, minutes, priced, project_rows, visible, within

endpoints = Endpoints()

TIMESHEET_STATUSES = ("pending", "submitted", "approved", "rejected")


def _submitted_at(sheet: Timesheet) -> float | None:
    return None if sheet.status == "pending" else sheet.created_at


@define
class Timesheet:
    id: str
    user_id: int
    date_from: str
    date_to: str
    status: str
    created_at: float
    updated_at: float = UPDATED_AT
    submitted_at: float | None = Factory(_submitted_at, takes_self=True)
    reject_reason: str | None = None
    approved_by: int | None = None
    rejected_by: int | None = None


TIMESHEETS = Records(Timesheet, lambda ws: lambda: ws.new_id("timesheet"))


def locked_timesheet(ws: Workspace, user_id: int, day: str) -> Timesheet | None:
    """A submitted or approved timesheet of the user covering ``day``: its time is locked."""
    sheets = TIMESHEETS.of(ws).where(user_id=user_id)
    locking = ("submitted", "approved")
    return next(
        (s for s in sheets if s.status in locking and within(day, s.date_from, s.date_to)), None
    )


def timesheet_json(ws: Workspace, sheet: Timesheet, viewer: Member) -> JSONDict:
    """NEW fields (totals, ``daily_breakdown``) plus the OLD ones (``total_hours``,
    ``submitted_on``, ``reject_reason``); amounts only for owners and executive managers."""
    show = viewer.role in ADMIN_ROLES
    entries = list(ws.entries_between(sheet.user_id, days_between(sheet.date_from, sheet.date_to)))
    by_day = group_by(entries, lambda e: e.day)
    return {
        **pick(sheet, "id", "user_id"),
        "member": ws.members[sheet.user_id].name,
        **pick(sheet, "date_from", "date_to"),
        "total_minutes": minutes(entries),
        "total_hours": plain_number(round(minutes(entries) / 60, 2)),
        "status": sheet.status,
        "submitted_on": opt(ts_z, sheet.submitted_at),
        **pick(sheet, "reject_reason", "approved_by", "rejected_by"),
        "daily_breakdown": {day: project_rows(ws, rows, show) for day, rows in by_day.items()},
        "created_at": ts_z(sheet.created_at),
        "updated_at": ts_z(sheet.updated_at),
        **priced(ws, entries, show),
    }


def read(ws: Workspace) -> dict[str, JSONDict]:
    """Every timesheet by id, as the owner sees it."""
    return {i: timesheet_json(ws, s, ws.owner) for i, s in TIMESHEETS.of(ws).items()}


def add_timesheet(
    ws: Workspace,
    user_id: int,
    date_from: str,
    date_to: str | None = None,
    *,
    status: str = "pending",
    reject_reason: str | None = None,
) -> str:
    """Add a timesheet for ``date_from``..``date_to`` (default: the week from
    ``date_from``) in any state (``pending``, ``submitted``, ``approved``,
    ``rejected``); returns its id. Its totals come from the user's time entries."""
    check_choice("status", status, TIMESHEET_STATUSES)
    if date_to is None:
        check_dates(date_from, None)
        date_to = (datetime.fromisoformat(date_from) + timedelta(days=6)).strftime("%Y-%m-%d")
    check_dates(date_from, date_to)
    ws.require_member(user_id)
    sheet = TIMESHEETS.of(ws).new(user_id, date_from, date_to, status, time.time())
    decide(sheet, ws.owner_id, reject_reason)
    return sheet.id


@endpoints("GET /timesheets", paged=True)
def list_timesheets(ctx: Context) -> Ok:
    """By creation; ``status`` ``open`` (OLD) is ``pending`` (NEW); dates keep overlaps."""
    inp = ctx.input
    sheet_id = inp.string("id")
    status = inp.choice("status", ("open", *TIMESHEET_STATUSES))
    date_from, date_to = inp.date_span()
    user_id = inp.integer("user_id")
    order_by = inp.choice("order_by", ("asc", "desc"))
    page = ctx.page()
    inp.check()
    status = "pending" if status == "open" else status
    sheets = visible(ctx, TIMESHEETS.of(ctx.ws), user_id, id=sheet_id, status=status)
    sheets = [
        s
        for s in sorted(sheets, key=lambda s: s.created_at)
        if (date_from is None or s.date_to >= date_from)
        and (date_to is None or s.date_from <= date_to)
    ]
    if order_by == "desc":  # the whole list backwards, ties too (not a stable descending sort)
        sheets.reverse()
    message = "Timesheets retrieved successfully"
    return paginate(sheets, page, lambda s: timesheet_json(ctx.ws, s, ctx.user), message)


path_timesheet = lookup(TIMESHEETS.of, "timesheetId", "Timesheet not found", owned=True)


@endpoints("PUT /timesheets/{timesheetId}/approve", roles=ADMIN_ROLES)
def approve_timesheet(ctx: Context) -> Ok:
    sheet = path_timesheet(ctx)
    check_status(sheet.status, ("submitted",), "timesheets", "approved")
    ctx.save(sheet, {"status": "approved", "approved_by": ctx.user.id}, "approve_timesheet")
    return Ok(None, "Timesheet approved successfully")


@endpoints("PUT /timesheets/{timesheetId}/reject", roles=ADMIN_ROLES)
def reject_timesheet(ctx: Context) -> Ok:
    sheet = path_timesheet(ctx)
    reason = ctx.input.string("reason", required=True, max_length=1000)
    ctx.input.check()
    check_status(sheet.status, ("submitted",), "timesheets", "rejected")
    changes = {"status": "rejected", "reject_reason": reason, "rejected_by": ctx.user.id}
    ctx.save(sheet, changes, "reject_timesheet")
    return Ok(timesheet_json(ctx.ws, sheet, ctx.user), "Timesheet rejected successfully")


@endpoints("PUT /timesheets/{timesheetId}/submit")
def submit_timesheet(ctx: Context) -> Ok:
    """A resubmission clears the old rejection."""
    sheet = path_timesheet(ctx)
    check_status(sheet.status, ("pending", "rejected"), "timesheets", "submitted")
    changes = {"status": "submitted", "submitted_at": ctx.now, "reject_reason": None}
    ctx.save(sheet, {**changes, "rejected_by": None}, "submit_timesheet")
    return Ok(timesheet_json(ctx.ws, sheet, ctx.user), "Timesheet submitted successfully")


@endpoints("PUT /timesheets/{timesheetId}/unsubmit")
def unsubmit_timesheet(ctx: Context) -> Ok:
    """Back to ``pending``; only owners and executive managers reopen an approved one."""
    sheet = path_timesheet(ctx)
    check_status(sheet.status, ("submitted", "approved"), "timesheets", "unsubmitted")
    if sheet.status == "approved" and ctx.user.role not in ADMIN_ROLES:
        raise forbidden("Only owners and executive managers can reopen an approved timesheet.")
    changes = {"status": "pending", "submitted_at": None, "approved_by": None}
    ctx.save(sheet, changes, "unsubmit_timesheet")
    return Ok(timesheet_json(ctx.ws, sheet, ctx.user), "Timesheet unsubmitted successfully")
