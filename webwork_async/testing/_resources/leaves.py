"""Leaves (§3.11): leave requests, their creation (NEW) and balances.

Leave policies are seeded (``FakeWebWork.add_leave_policy``), by day or by hour with a yearly
``allowance``. Where the docs are silent: regular users see and request their own leave only
(403), owners and executive managers anybody's; new requests stay ``pending`` (the approve
and reject paths are unknown); a leave counts weekdays only (half a day with
``leave_period`` 1 or 2, ``hours_per_day`` on hour-based policies), and one without a
weekday or overlapping a pending or approved leave of the user is a 422.
"""

from __future__ import annotations

import itertools
import time
from datetime import date

import attrs
from attrs import define

from .._plumbing import Context, Ok, paginate
from .._resource import Endpoints, Records
from .._state import Member, Workspace, days_between, decide, is_weekday
from .._table import matching
from .._validation import ApiError, Input, check_choice, check_dates, fields_of, forbidden, need
from .._wire import JSONDict, hhmm, pick, plain_number, ts_z
from ._common import person, staff, visible, within

endpoints = Endpoints()

LEAVE_STATUSES = ("pending", "approved", "rejected")
LEAVE_UNITS = ("days", "hours")
# name, unit, yearly allowance, paid
_SEEDED_POLICIES = (
    ("Vacation", "days", 20.0, True),
    ("Sick leave", "days", 10.0, True),
    ("Doctor visit", "hours", 16.0, False),
)


@define
class LeavePolicy:
    id: int
    name: str
    unit: str = "days"  # or "hours"
    allowance: float = 20.0  # per user, in ``unit``
    is_paid: bool = True


@define
class Leave:
    id: str
    user_id: int
    policy_id: int
    start_date: str
    end_date: str
    created_by: int
    created_at: float
    status: str = "pending"
    note: str | None = None
    leave_period: int = 0  # 0 full day, 1 first half, 2 second half
    start_time: str | None = None
    end_time: str | None = None
    hours_per_day: float | None = None
    approved_by: int | None = None
    rejected_by: int | None = None
    reject_reason: str | None = None


POLICIES = Records(LeavePolicy, lambda _: itertools.count(300).__next__)
LEAVES = Records(Leave, lambda ws: lambda: ws.new_id("leave"))


def leave_amount(policy: LeavePolicy, leave: Leave) -> float:
    """Days (day-based policies) or hours (hour-based) a leave takes: weekdays only."""
    weekdays = sum(1 for d in days_between(leave.start_date, leave.end_date) if is_weekday(d))
    if policy.unit == "hours":
        return weekdays * (leave.hours_per_day or 0.0)
    return weekdays * (0.5 if leave.leave_period in (1, 2) else 1.0)


def leave_on(ws: Workspace, user_id: int, day: str) -> Leave | None:
    """The user's approved leave covering ``day``, if any."""
    approved = LEAVES.of(ws).where(user_id=user_id, status="approved")
    return next((v for v in approved if v.start_date <= day <= v.end_date), None)


def leave_json(ws: Workspace, leave: Leave) -> JSONDict:
    """The documented fields, then the end of the cut list: dates, times, the policy and
    ``total`` (days and hours, 8 hours a day)."""
    policy = POLICIES.of(ws)[leave.policy_id]
    amount = leave_amount(policy, leave)
    days, hours = (amount / 8, amount) if policy.unit == "hours" else (amount, amount * 8)
    return {
        **pick(leave, "id", "user_id", "status", "note"),
        "is_paid": "yes" if policy.is_paid else "no",
        **pick(leave, "created_by", "approved_by", "rejected_by", "reject_reason"),
        **pick(leave, "start_date", "end_date", "start_time", "end_time"),
        "hours_per_day": plain_number(leave.hours_per_day),
        "leave_period": leave.leave_period,
        "policy_id": policy.id,
        "policy_name": policy.name,
        "total": {"days": plain_number(round(days, 2)), "hours": plain_number(round(hours, 2))},
        "created_at": ts_z(leave.created_at),
    }


def balance_text(amount: float, unit: str) -> str:
    """``10 days``, ``1 day``, ``7.5 hours``."""
    number = plain_number(round(amount, 2))
    singular = unit.rstrip("s")
    return f"{number} {singular if number in (1, -1) else unit}"


def add_leave_policy(
    ws: Workspace, name: str, *, unit: str = "days", allowance: float = 20, is_paid: bool = True
) -> int:
    """Add a leave policy, day- or hour-based (``unit`` "days" or "hours") with a yearly
    ``allowance`` per member in that unit; returns its (int) id."""
    check_choice("unit", unit, LEAVE_UNITS)
    return POLICIES.of(ws).new(name, unit, float(allowance), is_paid).id


def add_leave(
    ws: Workspace,
    user_id: int,
    policy_id: int,
    start_date: str,
    end_date: str | None = None,
    *,
    status: str = "pending",
    reason: str | None = None,
    leave_period: int = 0,
    start_time: str | None = None,
    end_time: str | None = None,
    hours_per_day: float | None = None,
    reject_reason: str | None = None,
) -> str:
    """Add a leave (``end_date`` defaults to ``start_date``) in any state; returns its
    id. Hour-based policies want ``start_time``/``end_time`` (``HH:mm``) and
    ``hours_per_day``. Approved leaves make the attendance report say "On leave"."""
    fields = fields_of(locals(), "ws", "end_date", "reason", "reject_reason")
    check_choice("status", status, LEAVE_STATUSES)
    end_date = end_date or start_date
    check_dates(start_date, end_date)
    if leave_period not in (0, 1, 2):
        raise ValueError("leave_period is 0 (full day), 1 or 2 (half days)")
    ws.require_member(user_id)
    policy = POLICIES.of(ws).get(policy_id)
    if policy is None:
        raise KeyError(f"no leave policy {policy_id}")
    if policy.unit == "hours" and (start_time is None or end_time is None or hours_per_day is None):
        raise ValueError("hour-based leaves need start_time, end_time and hours_per_day")
    leave = LEAVES.of(ws).new(
        end_date=end_date, created_by=user_id, created_at=time.time(), note=reason, **fields
    )
    decide(leave, ws.owner_id, reject_reason)
    return leave.id


def seed_policies(ws: Workspace) -> list[LeavePolicy]:
    """Vacation, Sick leave and Doctor visit, made by the first seeding of a workspace."""
    policies = POLICIES.of(ws)
    return list(policies.values()) or [policies.new(*policy) for policy in _SEEDED_POLICIES]


def seed_plans(
    ws: Workspace,
    now: float,
    vacation: LeavePolicy,
    user_id: int,
    plans: list[tuple[str, date, date, str | None]],
) -> list[str]:
    """The member's vacations: ``(status, first, last, note)`` each."""
    table = LEAVES.of(ws)
    return [
        table.new(
            user_id,
            vacation.id,
            first.isoformat(),
            last.isoformat(),
            user_id,
            now,
            status=status,
            note=note,
            # a seeded plan was decided by its own member, who made it
            approved_by=user_id if status == "approved" else None,
            rejected_by=user_id if status == "rejected" else None,
            reject_reason="Release week" if status == "rejected" else None,
        ).id
        for status, first, last, note in plans
    ]


def read(ws: Workspace) -> dict[str, JSONDict]:
    """Every leave by id, as GET /leaves lists it."""
    return {i: leave_json(ws, v) for i, v in LEAVES.of(ws).items()}


def read_leave_policies(ws: Workspace) -> dict[int, JSONDict]:
    """Leave policies by id: ``{"id", "name", "unit", "allowance", "is_paid"}``."""
    return {i: attrs.asdict(p) for i, p in POLICIES.of(ws).items()}


@endpoints("GET /leaves", paged=True)
def list_leaves(ctx: Context) -> Ok:
    """In creation order, no ``message`` (as the docs' example); dates keep overlapping ones."""
    inp = ctx.input
    leave_id, user_id = inp.string("id"), inp.integer("user_id")
    policy_id = inp.integer("policy_id")
    is_paid = inp.choice("is_paid", ("yes", "no"))
    status = inp.choice("status", LEAVE_STATUSES)
    date_from, date_to = inp.date_span()
    page = ctx.page()
    inp.check()
    policies = POLICIES.of(ctx.ws)
    filters = {"id": leave_id, "policy_id": policy_id, "status": status}
    leaves = [
        leave
        for leave in visible(ctx, LEAVES.of(ctx.ws), user_id, **filters)
        if (is_paid is None or policies[leave.policy_id].is_paid == (is_paid == "yes"))
        and (date_from is None or leave.end_date >= date_from)
        and (date_to is None or leave.start_date <= date_to)
    ]
    return paginate(leaves, page, lambda leave: leave_json(ctx.ws, leave), None)


@endpoints("POST /leaves")
def create_leave(ctx: Context) -> Ok:
    """201 without ``data``."""
    inp = ctx.input
    policy_id = inp.integer("policy_id", required=True)
    start, end = inp.date("start", required=True), inp.date("end", required=True)
    inp.date_order("start", start, "end", end)
    member = ctx.active_user(inp.integer("user_id", required=True))
    start_time, end_time = inp.time_of_day("start_time"), inp.time_of_day("end_time")
    hours_per_day = inp.number("hours_per_day")
    leave_period = inp.integer("leave_period", choices=(0, 1, 2)) or 0
    reason = inp.string("reason", max_length=1000)
    policy = POLICIES.of(ctx.ws).get(policy_id) if policy_id is not None else None
    if policy_id is not None and policy is None:
        inp.fail("policy_id", "The selected policy id is invalid.")
    hours = _hour_fields(inp, policy, start_time, end_time, hours_per_day)
    if leave_period and start is not None and end is not None and start != end:
        inp.fail("leave_period", "A half-day leave must start and end on the same day.")
    inp.check()
    policy, member, start, end = need(policy), need(member), need(start), need(end)
    ctx.act_for(member.id, "You can only request leave for yourself.")
    _check_period(ctx, member.id, start, end)
    made = (member.id, policy.id, start, end, ctx.user.id, ctx.now)
    leave = LEAVES.of(ctx.ws).new(*made, "pending", reason, leave_period, *hours)
    ctx.record("create_leave", leave.id)
    return Ok(None, "Leave request created successfully", status=201, with_data=False)


def _hour_fields(
    inp: Input,
    policy: LeavePolicy | None,
    start: int | None,
    end: int | None,
    per_day: float | None,
) -> tuple[str | None, str | None, float | None]:
    """What an hour-based policy requires of a leave, as the leave keeps it (``HH:mm``);
    day-based policies ignore those fields."""
    if policy is None or policy.unit != "hours":
        return None, None, None
    for name in ("start_time", "end_time", "hours_per_day"):
        if inp.data.get(name) is None:
            label = name.replace("_", " ")
            inp.fail(name, f"The {label} field is required when the policy is hour-based.")
    inp.after("start_time", start, "end_time", end)
    if per_day is not None and not 0 < per_day <= 24:
        inp.fail("hours_per_day", "The hours per day field must be between 0 and 24.")
    return None if start is None else hhmm(start), None if end is None else hhmm(end), per_day


def _booked(ws: Workspace, user_id: int) -> list[Leave]:
    """The user's pending and approved leaves: what takes days and blocks new requests."""
    leaves = LEAVES.of(ws).where(user_id=user_id)
    return [leave for leave in leaves if leave.status in ("pending", "approved")]


def _check_period(ctx: Context, user_id: int, start: str, end: str) -> None:
    if not any(is_weekday(day) for day in days_between(start, end)):
        raise ApiError(422, "The leave does not include any working day.")
    if any(v.start_date <= end and start <= v.end_date for v in _booked(ctx.ws, user_id)):
        raise ApiError(422, "The user already has a leave request in this period.")


@endpoints("GET /leaves/balances", paged=True)
def leave_balances(ctx: Context) -> Ok:
    """Per member and policy: the allowance less the booked leaves starting in the range,
    as ``"10 days"``; ``total_balance`` null (the fake keeps per-policy balances)."""
    inp = ctx.input
    user_id = inp.integer("user_id")
    date_from, date_to = inp.date_span(required=True)
    page = ctx.page()
    inp.check()
    scope = ctx.own_scope()
    if scope is not None and user_id not in (None, scope):
        raise forbidden("You can only see your own leave balances.")
    wanted = scope if user_id is None else user_id
    users = [m for m in ctx.ws.members.values() if staff(m) and wanted in (None, m.id)]

    def balance(member: Member, policy: LeavePolicy) -> str:
        leaves = matching(_booked(ctx.ws, member.id), policy_id=policy.id)
        taken = [v for v in leaves if within(v.start_date, date_from, date_to)]
        used = sum(leave_amount(policy, v) for v in taken)
        return balance_text(policy.allowance - used, policy.unit)

    def render(member: Member) -> JSONDict:
        information = [
            {"leave_type": policy.name, "balance": balance(member, policy)}
            for policy in POLICIES.of(ctx.ws).values()
        ]
        return {**person(member), "leave_information": information, "total_balance": None}

    return paginate(users, page, render, "Leave balances retrieved successfully")
