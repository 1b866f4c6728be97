"""Time tracking (§3.7): the live tracker."""

from __future__ import annotations

import time
from datetime import datetime

from .._plumbing import Context, Ok
from .._resource import Endpoints, fake_method
from .._state import Member, Tracker, Workspace
from .._validation import ApiError, need
from .._wire import JSONDict, day, pick, task_title, ts_offset

endpoints = Endpoints()


def tracker_json(tracker: Tracker) -> JSONDict:
    return {
        "start_time": ts_offset(tracker.started_at),
        **pick(tracker, "contract_id", "project_id", "task_id", "activity_description"),
    }


def current_data_json(ws: Workspace, tracker: Tracker, now: float) -> JSONDict:
    # §3.7: total_seconds are the leftover seconds of the running tracker (below a minute),
    # total_minutes the day's tracked minutes plus the running tracker's whole minutes.
    elapsed = max(0, int(now - tracker.started_at))
    return {
        **pick(tracker, "contract_id", "user_id", "activity_description", "task_id"),
        "task_title": task_title(ws, tracker.task_id),
        "total_seconds": elapsed % 60,
        "total_minutes": sum(e.minutes for e in ws.entries_on(tracker.user_id, day(now)))
        + elapsed // 60,
        "date": day(now),
    }


@fake_method
def tracker(ws: Workspace, user_id: int) -> JSONDict | None:
    """The user's running tracker (``start_time``, ``contract_id``, ...) or ``None``."""
    running = ws.trackers.get(user_id)
    return None if running is None else tracker_json(running)


def _start(
    ws: Workspace,
    user_id: int,
    started_at: float,
    contract_id: int | None,
    task_id: int | None,
    description: str | None,
) -> Tracker:
    """Start the user's tracker (the caller made sure none runs)."""
    project_id = ws.project_of(contract_id)
    tracker = Tracker(user_id, started_at, contract_id, project_id, task_id, description)
    ws.trackers[user_id] = tracker
    return tracker


@fake_method
def start_tracker(
    ws: Workspace,
    user_id: int,
    *,
    contract_id: int | None = None,
    task_id: int | None = None,
    activity_description: str | None = None,
    started_at: datetime | None = None,
) -> None:
    """Make ``user_id`` track time, as if started ``started_at`` (default: now)."""
    ws.require_member(user_id)
    contract = None if contract_id is None else ws.contracts.get(contract_id)
    if contract_id is not None and (contract is None or contract.user_id != user_id):
        raise ValueError(f"contract {contract_id} is not one of user {user_id}'s")
    if task_id is not None:
        ws.require_task(task_id)
    if user_id in ws.trackers:
        raise ValueError(f"user {user_id} is already tracking")
    start = time.time() if started_at is None else started_at.timestamp()
    _start(ws, user_id, start, contract_id, task_id, activity_description)


def tracked_member(ctx: Context, user_id: int | None) -> Member | None:
    """The member a time-tracking call is about, or ``None`` after recording a 422."""
    member = ctx.active_user(user_id)
    if member is not None:
        ctx.act_for(member.id, "You can only manage time tracking for yourself.")
    return member


@endpoints("POST /time-tracking/start")
def start_tracking(ctx: Context) -> Ok:
    inp = ctx.input
    member = tracked_member(ctx, inp.integer("user_id", required=True))
    contract_id = inp.integer("contract_id")
    task_id = inp.integer("task_id")
    description = inp.string("activity_description", max_length=1000)
    ctx.check_contract_and_task(member, contract_id, task_id)
    inp.check()
    member = need(member)
    if member.id in ctx.ws.trackers:
        raise ApiError(400, "User already has an active tracker")
    tracker = _start(ctx.ws, member.id, ctx.now, contract_id, task_id, description)
    ctx.record("start_tracking", member.id)
    message = "Time tracking started successfully"
    return Ok({"message": message, **tracker_json(tracker)}, message)


@endpoints("POST /time-tracking/stop", workspace="optional")
def stop_tracking(ctx: Context) -> Ok:
    inp = ctx.input
    # NEW docs send workspace_id + user_id; OLD docs send nothing and stop the caller's own.
    user_id = inp.integer("user_id")
    member = tracked_member(ctx, ctx.user.id if user_id is None else user_id)
    inp.check()
    member = need(member)
    # The tracked whole minutes become a "Web tracker" time entry (split at midnight UTC).
    if ctx.ws.stop_tracker(member.id, ctx.now) is None:
        raise ApiError(400, "User does not have an active tracker")
    ctx.record("stop_tracking", member.id)
    message = "Time tracking stopped successfully"
    return Ok({"message": message, "stopped_at": ts_offset(ctx.now)}, message)


@endpoints("GET /time-tracking/current-data")
def current_tracker(ctx: Context) -> Ok:
    member = tracked_member(ctx, ctx.input.integer("user_id", required=True))
    ctx.input.check()
    tracker = ctx.ws.trackers.get(need(member).id)
    if tracker is None:
        raise ApiError(404, "User does not have an active tracker")
    data = current_data_json(ctx.ws, tracker, ctx.now)
    return Ok(data, "Current tracker data retrieved successfully")
