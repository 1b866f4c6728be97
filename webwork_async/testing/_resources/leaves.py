"""Leaves (§3.11): leave requests, their creation (NEW) and balances.

Leave policies are seeded (``FakeWebWork.add_leave_policy``; int ids), each day- or
hour-based with a yearly ``allowance`` per user. Choices where the docs are silent:

* Everybody may list leaves and balances and request leave, regular users for themselves
  only (403 for others); owners and executive managers for any active member.
* New leave requests are ``pending`` (approve/reject paths are unknown, so the API cannot
  change that; seed other states with ``FakeWebWork.add_leave``).
* A leave's amount counts weekdays only: a day each (half a day with ``leave_period`` 1 or 2,
  which needs ``start == end``), or ``hours_per_day`` each on hour-based policies. A leave
  with no weekday, or overlapping a pending or approved leave of the user, is a 422.
* ``date_from`` / ``date_to`` of GET /leaves keep leaves overlapping the range.
"""

from __future__ import annotations

import itertools
import time
from datetime import date

import attrs
from attrs import Factory, define

from .._plumbing import Context, Ok, paginate
from .._resource import Endpoints, Records
from .._state import Member, Workspace, days_between, decide, is_weekday
from .._validation import ApiError, Input, check_choice, check_dates, fields_of, forbidden, need
from .._wire import JSONDict, hhmm, pick, plain_number, ts_z

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


def _approver(leave: Leave) -> int | None:
    return leave.created_by if leave.status == "approved" else None


def _rejecter(leave: Leave) -> int | None:
    return leave.created_by if leave.status == "rejected" else None


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
    approved_by: int | None = Factory(_approver, takes_self=True)
    rejected_by: int | None = Factory(_rejecter, takes_self=True)
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
    for leave in LEAVES.of(ws).values():
        if (
            leave.user_id == user_id
            and leave.status == "approved"
            and leave.start_date <= day <= leave.end_date
        ):
            return leave
    return None


def leave_json(ws: Workspace, leave: Leave) -> JSONDict:
    """The documented fields, then the end of the cut list: dates, times, the policy and
    ``total`` (days and hours, 8 hours a day)."""
    policy = POLICIES.of(ws)[leave.policy_id]
    amount = leave_amount(policy, leave)
    days, hours = (amount / 8, amount) if policy.unit == "hours" else (amount, amount * 8)
    return {
        **pick(leave, "id", "user_id", "status", "note"),
        "is_paid": "yes" if policy.is_paid else "no",
        **pick(
            leave,
            "created_by",
            "approved_by",
            "rejected_by",
            "reject_reason",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
        ),
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
    made: list[str] = []
    for status, first, last, note in plans:
        leave = LEAVES.of(ws).new(
            user_id,
            vacation.id,
            first.isoformat(),
            last.isoformat(),
            user_id,
            now,
            status=status,
            note=note,
        )
        if status == "rejected":
            leave.reject_reason = "Release week"
        made.append(leave.id)
    return made


def read(ws: Workspace) -> dict[str, JSONDict]:
    """Every leave by id, as GET /leaves lists it."""
    return {i: leave_json(ws, v) for i, v in LEAVES.of(ws).items()}


def read_leave_policies(ws: Workspace) -> dict[int, JSONDict]:
    """Leave policies by id: ``{"id", "name", "unit", "allowance", "is_paid"}``."""
    return {i: attrs.asdict(p) for i, p in POLICIES.of(ws).items()}


@endpoints("GET /leaves", paged=True)
def list_leaves(ctx: Context) -> Ok:
    """GET /leaves with the documented filters, in creation order; no ``message``, like the
    docs' example."""
    inp = ctx.input
    leave_id = inp.string("id")
    user_id = inp.integer("user_id")
    policy_id = inp.integer("policy_id")
    is_paid = inp.choice("is_paid", ("yes", "no"))
    status = inp.choice("status", LEAVE_STATUSES)
    date_from, date_to = inp.date_span()
    page = ctx.page()
    inp.check()
    scope = ctx.own_scope()
    policies = POLICIES.of(ctx.ws)
    leaves = [
        leave
        for leave in LEAVES.of(ctx.ws).where(
            user_id=scope, id=leave_id, policy_id=policy_id, status=status
        )
        if (user_id is None or leave.user_id == user_id)
        and (is_paid is None or policies[leave.policy_id].is_paid == (is_paid == "yes"))
        and (date_from is None or leave.end_date >= date_from)
        and (date_to is None or leave.start_date <= date_to)
    ]
    return paginate(leaves, page, lambda leave: leave_json(ctx.ws, leave), None)


@endpoints("POST /leaves")
def create_leave(ctx: Context) -> Ok:
    """POST /leaves: 201 with ``success``, ``message`` and ``meta`` only — no ``data``.

    Hour-based policies require ``start_time`` / ``end_time`` (``HH:mm``, end after start)
    and ``hours_per_day`` (above 0, at most 24); day-based ones ignore them.
    """
    inp = ctx.input
    policy_id = inp.integer("policy_id", required=True)
    start = inp.date("start", required=True)
    end = inp.date("end", required=True)
    inp.date_order("start", start, "end", end)
    member = ctx.active_user(inp.integer("user_id", required=True))
    start_time = inp.time_of_day("start_time")
    end_time = inp.time_of_day("end_time")
    hours_per_day = inp.number("hours_per_day")
    leave_period = inp.integer("leave_period", choices=(0, 1, 2))
    reason = inp.string("reason", max_length=1000)
    policy = _policy(ctx, policy_id)
    hour_based = policy is not None and policy.unit == "hours"
    if hour_based:
        _check_hours(inp, start_time, end_time, hours_per_day)
    if leave_period in (1, 2) and start is not None and end is not None and start != end:
        inp.fail("leave_period", "A half-day leave must start and end on the same day.")
    inp.check()
    policy, member, start, end = need(policy), need(member), need(start), need(end)
    ctx.act_for(member.id, "You can only request leave for yourself.")
    _check_period(ctx, member.id, start, end)
    leave = LEAVES.of(ctx.ws).new(
        member.id,
        policy.id,
        start,
        end,
        ctx.user.id,
        ctx.now,
        note=reason,
        leave_period=leave_period or 0,
        start_time=hhmm(start_time) if hour_based and start_time is not None else None,
        end_time=hhmm(end_time) if hour_based and end_time is not None else None,
        hours_per_day=hours_per_day if hour_based else None,
    )
    ctx.record("create_leave", leave.id)
    return Ok(None, "Leave request created successfully", status=201, with_data=False)


def _policy(ctx: Context, policy_id: int | None) -> LeavePolicy | None:
    policy = POLICIES.of(ctx.ws).get(policy_id) if policy_id is not None else None
    if policy_id is not None and policy is None:
        ctx.input.fail("policy_id", "The selected policy id is invalid.")
    return policy


def _check_hours(
    inp: Input, start_time: int | None, end_time: int | None, hours_per_day: float | None
) -> None:
    """What an hour-based policy requires of a leave."""
    for name in ("start_time", "end_time", "hours_per_day"):
        if inp.data.get(name) is None:
            label = name.replace("_", " ")
            inp.fail(name, f"The {label} field is required when the policy is hour-based.")
    inp.after("start_time", start_time, "end_time", end_time)
    if hours_per_day is not None and not 0 < hours_per_day <= 24:
        inp.fail("hours_per_day", "The hours per day field must be between 0 and 24.")


def _check_period(ctx: Context, user_id: int, start: str, end: str) -> None:
    """A leave takes a working day and does not overlap a pending or approved one."""
    if not any(is_weekday(day) for day in days_between(start, end)):
        raise ApiError(422, "The leave does not include any working day.")
    if any(
        leave.user_id == user_id
        and leave.status in ("pending", "approved")
        and leave.start_date <= end
        and start <= leave.end_date
        for leave in LEAVES.of(ctx.ws).values()
    ):
        raise ApiError(422, "The user already has a leave request in this period.")


def _used(leaves: list[Leave], ctx: Context, policy_id: int, first: str, last: str) -> float:
    policy = POLICIES.of(ctx.ws)[policy_id]
    return sum(
        leave_amount(policy, leave)
        for leave in leaves
        if leave.policy_id == policy_id and first <= leave.start_date <= last
    )


@endpoints("GET /leaves/balances", paged=True)
def leave_balances(ctx: Context) -> Ok:
    """GET /leaves/balances: per member (project viewers and former members aside, in id
    order), for every policy, ``balance`` = the policy's allowance minus the pending and
    approved leaves of that policy starting between ``date_from`` and ``date_to`` (both
    required), written like ``"10 days"`` or ``"7.5 hours"``. ``total_balance`` is null
    (the fake's workspace keeps per-policy balances). Regular users may only ask for
    themselves (403 otherwise)."""
    inp = ctx.input
    user_id = inp.integer("user_id")
    date_from, date_to = inp.date_span(required=True)
    page = ctx.page()
    inp.check()
    date_from = need(date_from)
    date_to = need(date_to)
    scope = ctx.own_scope()
    if scope is not None and user_id not in (None, scope):
        raise forbidden("You can only see your own leave balances.")
    wanted = scope if user_id is None else user_id
    users = [
        m
        for m in ctx.ws.members.values()
        if m.role != "Project viewer" and m.status != "left" and (wanted is None or m.id == wanted)
    ]

    def render(member: Member) -> JSONDict:
        leaves = [
            leave
            for leave in LEAVES.of(ctx.ws).values()
            if leave.user_id == member.id and leave.status in ("pending", "approved")
        ]
        information = [
            {
                "leave_type": policy.name,
                "balance": balance_text(
                    policy.allowance - _used(leaves, ctx, policy.id, date_from, date_to),
                    policy.unit,
                ),
            }
            for policy in POLICIES.of(ctx.ws).values()
        ]
        return {
            "user_id": member.id,
            "user_name": member.name,
            "leave_information": information,
            "total_balance": None,
        }

    return paginate(users, page, render, "Leave balances retrieved successfully")
