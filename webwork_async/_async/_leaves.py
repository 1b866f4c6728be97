from __future__ import annotations

from datetime import date, time

from .._validation import (
    check_choice,
    check_date_range,
    check_id,
    check_leave_period,
    check_string_id,
    check_text,
    leave_hours_fields,
)
from ..models._leaves import Leave, LeaveBalance, LeavePaid, LeavePeriod, LeaveStatus
from ._pagination import AsyncPager
from ._resource import AsyncResource, choice, date_bounds, endpoint, given

__all__ = ["AsyncLeaves"]


class AsyncLeaves(AsyncResource):
    """``client.leaves``: leave requests and leave balances. Leave ids are opaque strings."""

    @endpoint("GET /leaves")
    def list(
        self,
        *,
        id: str | None = None,
        policy_id: int | None = None,
        is_paid: bool | LeavePaid | str | None = None,
        status: LeaveStatus | str | None = None,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        user_id: int | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        concurrency: int | None = None,
        workspace_id: int | None = None,
    ) -> AsyncPager[Leave]:
        """Leave requests, optionally filtered.

        ``is_paid`` takes ``True``/``False`` or the API's ``"yes"``/``"no"``. Returns an
        :class:`AsyncPager`; nothing is sent until you iterate it::

            async for leave in client.leaves.list(status=LeaveStatus.PENDING, is_paid=True):
                print(leave.id, leave.user_id, leave.start_date)
        """
        paid: str | None = None
        if type(is_paid) is bool:
            paid = (LeavePaid.YES if is_paid else LeavePaid.NO).value
        elif is_paid is not None:
            paid = check_choice("is_paid", is_paid, LeavePaid).value
        params = self._scoped(
            workspace_id,
            id=given(check_string_id, "id", id),
            policy_id=given(check_id, "policy_id", policy_id),
            is_paid=paid,
            status=given(choice, "status", status, LeaveStatus),
            **date_bounds("date_from", date_from, "date_to", date_to),
            user_id=given(check_id, "user_id", user_id),
        )
        return self._list("leaves", params, Leave, per_page, max_items, concurrency)

    @endpoint("POST /leaves")
    async def request(
        self,
        *,
        user_id: int,
        policy_id: int,
        start: date | str,
        end: date | str,
        start_time: time | str | None = None,
        end_time: time | str | None = None,
        hours_per_day: float | None = None,
        leave_period: LeavePeriod | int | None = None,
        reason: str | None = None,
        workspace_id: int | None = None,
    ) -> str | None:
        """Request leave for a member under a leave policy, from ``start`` to ``end``
        (inclusive dates).

        For a policy counted in hours, give ``start_time`` and ``end_time`` (``HH:MM``) and
        ``hours_per_day`` together; for a day-based policy, leave them out.
        ``leave_period`` asks for a full day or a half (:class:`LeavePeriod`).

        The API answers 201 with no data at all (not even the new request's id), so this
        returns the server's message (``None`` if it sent none); find the request with
        :meth:`list`. Never retried once the request may have reached the server, so leave is
        not requested twice.
        """
        policy_id = check_id("policy_id", policy_id)
        user_id = check_id("user_id", user_id)
        first, last = check_date_range("start", start, "end", end)
        body = self._scoped(
            workspace_id,
            policy_id=policy_id,
            user_id=user_id,
            start=first.isoformat(),
            end=last.isoformat(),
            **leave_hours_fields(start_time, end_time, hours_per_day),
            leave_period=None if leave_period is None else int(check_leave_period(leave_period)),
            reason=given(check_text, "reason", reason, empty_ok=True),
        )
        return (await self._call("POST", "leaves", json=body)).message

    create = request
    """Another name for :meth:`request` (the call creates a leave request)."""

    @endpoint("GET /leaves/balances")
    def balances(
        self,
        *,
        date_from: date | str,
        date_to: date | str,
        user_id: int | None = None,
        max_items: int | None = None,
        concurrency: int | None = None,
        workspace_id: int | None = None,
    ) -> AsyncPager[LeaveBalance]:
        """Each member's leave balances over ``date_from`` to ``date_to`` (both required).

        Returns an :class:`AsyncPager` of :class:`LeaveBalance`, one per member (or just
        ``user_id``'s). The API documents ``page`` but no ``per_page`` for this call, so the
        server's page size applies and none is sent; the pager follows the server's
        pagination to the last page.
        """
        first, last = check_date_range("date_from", date_from, "date_to", date_to)
        params = self._scoped(
            workspace_id,
            date_from=first.isoformat(),
            date_to=last.isoformat(),
            user_id=given(check_id, "user_id", user_id),
        )
        return self._list("leaves/balances", params, LeaveBalance, None, max_items, concurrency)
