"""What several resource modules share, built on the core only (no resource module here)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from .._plumbing import Context
from .._state import Member, TimeEntry, Workspace, group_by
from .._table import Table, matching
from .._wire import JSONDict, money, project_name

R = TypeVar("R")


def minutes(entries: Iterable[TimeEntry]) -> int:
    return sum(e.minutes for e in entries)


def person(member: Member) -> JSONDict:
    return {"user_id": member.id, "user_name": member.name}


def _rate(ws: Workspace, entry: TimeEntry) -> float | None:
    """The hourly rate of an entry: the contract's, else the member's; billable only."""
    contract = ws.any_contract(entry.contract_id)
    project = ws.projects.get(entry.project_id) if entry.project_id is not None else None
    if contract is None or project is None or not project.is_billable:
        return None
    return contract.rate if contract.rate is not None else ws.members[entry.user_id].rate


def priced(ws: Workspace, entries: list[TimeEntry], show: bool) -> JSONDict:
    """``total_amount`` for callers who may see money, nothing for the others: money earned
    per currency (the fake has USD only) on billable time."""
    if not show:
        return {}
    total = 0.0
    for entry in entries:
        rate = _rate(ws, entry)
        if rate is not None:
            total += rate * entry.minutes / 60
    return {"total_amount": {"USD": money(total)}}


def project_rows(ws: Workspace, entries: list[TimeEntry], show: bool) -> list[JSONDict]:
    """Time per project and contract (a tracked-hours day, a timesheet's day)."""
    return [
        {
            "project_id": project_id,
            "project_name": project_name(ws, project_id),
            "contract_id": contract_id,
            "total_minutes": minutes(group),
            **priced(ws, group, show),
        }
        for (project_id, contract_id), group in group_by(
            entries, lambda e: (e.project_id, e.contract_id)
        ).items()
    ]


def within(value: str, first: str | None, last: str | None) -> bool:
    """``first <= value <= last``, an absent bound being no bound."""
    return (first is None or value >= first) and (last is None or value <= last)


def staff(member: Member) -> bool:
    """Whom per-user lists show (balances, reports): neither project viewers nor former
    members."""
    return member.role != "Project viewer" and member.status != "left"


def visible(
    ctx: Context, table: Table[Any, Any, R], user_id: int | None, **filters: object
) -> list[R]:
    """The rows the caller may see (their own, unless an owner or executive manager) of
    ``user_id`` and matching the other filters (``None`` filters nothing)."""
    return matching(table.where(user_id=ctx.own_scope(), **filters), user_id=user_id)


def lookup(
    table: Callable[[Workspace], Table[Any, Any, R]], name: str, message: str, *, owned: bool
) -> Callable[[Context], R]:
    """The path's record of a resource table (404 ``message`` when unknown, or when not the
    caller's and ``owned``)."""
    return lambda ctx: ctx.lookup(table(ctx.ws), name, message, owned=owned)
