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

from .._plumbing import Context, Ok, act_for, active_user, own_scope, paginate
from .._resource import Endpoints
from .._state import (
    LEAVE_STATUSES,
    Leave,
    LeavePolicy,
    Member,
    days_between,
    is_weekday,
    leave_amount,
)
from .._validation import ApiError, Input, forbidden, need
from .._wire import JSONDict, balance_text, hhmm, leave_json

endpoints = Endpoints()


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
    scope = own_scope(ctx)
    policies = ctx.ws.leave_policies
    leaves = [
        leave
        for leave in ctx.ws.leaves.where(
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
    member = active_user(ctx, inp.integer("user_id", required=True))
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
    act_for(ctx, member.id, "You can only request leave for yourself.")
    _check_period(ctx, member.id, start, end)
    leave = ctx.ws.leaves.new(
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
    policy = ctx.ws.leave_policies.get(policy_id) if policy_id is not None else None
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
        for leave in ctx.ws.leaves.values()
    ):
        raise ApiError(422, "The user already has a leave request in this period.")


def _used(leaves: list[Leave], ctx: Context, policy_id: int, first: str, last: str) -> float:
    policy = ctx.ws.leave_policies[policy_id]
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
    scope = own_scope(ctx)
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
            for leave in ctx.ws.leaves.values()
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
            for policy in ctx.ws.leave_policies.values()
        ]
        return {
            "user_id": member.id,
            "user_name": member.name,
            "leave_information": information,
            "total_balance": None,
        }

    return paginate(users, page, render, "Leave balances retrieved successfully")
