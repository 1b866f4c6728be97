"""Time requests (§3.10); see ``time_entries`` for the rules of tracked time."""

from __future__ import annotations

import time
from datetime import datetime

from attrs import Factory, define

from .._plumbing import Context, Ok, check_status, paginate
from .._resource import Endpoints, Records
from .._state import (
    ADMIN_ROLES,
    MANUAL_METHOD,
    MINUTES_PER_DAY,
    UPDATED_AT,
    Workspace,
    day_pieces,
    day_start,
)
from .._validation import ApiError, check_choice, epoch, need
from .._wire import JSONDict, pick, ts_z
from ._common import lookup, visible

endpoints = Endpoints()


@define
class TimeRequest:
    """Requested manual time; ``start``/``end`` in epoch seconds."""

    id: str
    user_id: int
    start: int
    end: int
    created_by: int
    created_at: float
    contract_id: int | None = None
    project_id: int | None = None
    task_id: int | None = None
    status: str = "pending"
    notes: str | None = None
    updated_at: float = UPDATED_AT
    comment: str | None = None
    updated_by: int | None = None
    entry_ids: list[str] = Factory(list[str])


REQUESTS = Records(TimeRequest, lambda ws: lambda: ws.new_id("time-request"))


def approve(ws: Workspace, request: TimeRequest, approver: int, now: float) -> None:
    """Approve: the requested time becomes manual time entries, trimmed to what is free."""
    request.status = "approved"
    request.updated_by = approver
    request.updated_at = now
    work = pick(request, "contract_id", "project_id", "task_id")
    for start, day_end in day_pieces(-(-request.start // 60), request.end // 60):
        free = ws.free_stretch(request.user_id, start, day_end)
        if free is not None:
            entry = ws.time_entries.new(
                request.user_id, *free, MANUAL_METHOD, now, description=request.notes, **work
            )
            request.entry_ids.append(entry.id)


REQUEST_STATUSES = ("pending", "approved", "rejected")


def time_request_json(request: TimeRequest) -> JSONDict:
    """The OLD object; ``activity_description`` repeats ``notes`` under its NEW name."""
    return {
        **pick(request, "id", "user_id", "contract_id", "project_id", "task_id"),
        "start": ts_z(request.start),
        "end": ts_z(request.end),
        **pick(request, "status", "notes"),
        "activity_description": request.notes,
        **pick(request, "comment", "updated_by"),
        "created_at": ts_z(request.created_at),
        "updated_at": ts_z(request.updated_at),
    }


def read(ws: Workspace) -> dict[str, JSONDict]:
    """Every time request by id (the full OLD object)."""
    return {i: time_request_json(r) for i, r in REQUESTS.of(ws).items()}


def add_time_request(
    ws: Workspace,
    user_id: int,
    start: datetime | str,
    end: datetime | str,
    *,
    contract_id: int | None = None,
    task_id: int | None = None,
    notes: str | None = None,
    status: str = "pending",
    comment: str | None = None,
) -> str:
    """Add a manual-time request (``start``/``end``: aware datetimes or ISO 8601
    strings, naive meaning UTC); ``status="approved"`` also adds its time entries.
    Returns its id."""
    check_choice("status", status, REQUEST_STATUSES)
    first, last = epoch(start), epoch(end)
    if last <= first:
        raise ValueError("the end must be after the start")
    ws.require_member(user_id)
    ws.check_work(user_id, contract_id, task_id)
    now, project_id = time.time(), ws.project_of(contract_id)
    work = (contract_id, project_id, task_id)
    request = REQUESTS.of(ws).new(user_id, first, last, user_id, now, *work, notes=notes)
    if status == "approved":
        approve(ws, request, ws.owner_id, now)
    elif status == "rejected":
        request.status, request.comment = "rejected", comment or "Rejected"
        request.updated_by = ws.owner_id
    return request.id


@endpoints("GET /time-requests", paged=True)
def list_time_requests(ctx: Context) -> Ok:
    """The requests starting in the (required) days, in creation order."""
    inp = ctx.input
    status = inp.choice("status", REQUEST_STATUSES)
    user_id = inp.integer("user_id")
    project_id = inp.integer("project_id")
    date_from, date_to = inp.date_span(required=True)
    request_id = inp.string("id")
    page = ctx.page()
    inp.check()
    first, last = day_start(need(date_from)) * 60, (day_start(need(date_to)) + MINUTES_PER_DAY) * 60
    requests = visible(
        ctx, REQUESTS.of(ctx.ws), user_id, status=status, project_id=project_id, id=request_id
    )
    requests = [r for r in requests if first <= r.start < last]
    return paginate(requests, page, time_request_json, "Time requests retrieved successfully")


path_time_request = lookup(REQUESTS.of, "timeRequestId", "Time request not found", owned=True)


@endpoints("GET /time-requests/{id}")
def get_time_request(ctx: Context) -> Ok:
    request = ctx.lookup(REQUESTS.of(ctx.ws), "id", "Time request not found", owned=True)
    return Ok(time_request_json(request), "Time request retrieved successfully")


@endpoints("POST /time-requests")
def create_time_request(ctx: Context) -> Ok:
    """Both generations' bodies, answered with the NEW ``{id, status}``; time overlapping
    tracked time is a 422; approved at once under ``auto_approve_time_requests`` when the
    caller is an owner or executive manager."""
    inp = ctx.input
    user_id = inp.integer("user_id", required=True)
    member = ctx.active_user(user_id)
    contract_id = inp.integer("contract_id")
    task_id = inp.integer("task_id")
    start = inp.datetime("start", required=True)
    end = inp.datetime("end", required=True)
    inp.after("start", start, "end", end)
    if start is not None and end is not None and end - start > 24 * 3600:
        inp.fail("end", "A time request cannot be longer than 24 hours.")
    description = inp.string("activity_description", max_length=1000)
    notes = inp.string("notes", max_length=1000)
    contract = ctx.check_contract_and_task(member, contract_id, task_id)
    inp.check()
    member = need(member)
    start = need(start)
    end = need(end)
    ctx.act_for(member.id, "You can only request time for yourself.")
    if any(ctx.ws.overlapping(member.id, *p) for p in day_pieces(-(-start // 60), end // 60)):
        raise ApiError(422, "The requested time overlaps time that is already tracked.")
    notes = description if description is not None else notes
    project_id = None if contract is None else contract.project_id
    request = REQUESTS.of(ctx.ws).new(
        member.id, start, end, ctx.user.id, ctx.now, contract_id, project_id, task_id, notes=notes
    )
    if ctx.ws.auto_approve_time_requests and ctx.user.role in ADMIN_ROLES:
        approve(ctx.ws, request, ctx.user.id, ctx.now)
    ctx.record("create_time_request", request.id)
    data = {"id": request.id, "status": request.status}
    return Ok(data, "Time request created successfully", status=201)


@endpoints("POST /time-requests/{timeRequestId}/approve", roles=ADMIN_ROLES)
def approve_time_request(ctx: Context) -> Ok:
    request = path_time_request(ctx)
    check_status(request.status, ("pending",), "time requests", "approved")
    approve(ctx.ws, request, ctx.user.id, ctx.now)
    ctx.record("approve_time_request", request.id)
    return Ok(time_request_json(request), "Time request approved successfully")


@endpoints("POST /time-requests/{timeRequestId}/reject", roles=ADMIN_ROLES)
def reject_time_request(ctx: Context) -> Ok:
    request = path_time_request(ctx)
    comment = ctx.input.string("comment", required=True, max_length=1000)
    ctx.input.check()
    check_status(request.status, ("pending",), "time requests", "rejected")
    changes = {"status": "rejected", "comment": comment, "updated_by": ctx.user.id}
    ctx.save(request, changes, "reject_time_request")
    return Ok(time_request_json(request), "Time request rejected successfully")
