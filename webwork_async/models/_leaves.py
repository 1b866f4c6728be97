from __future__ import annotations

from datetime import date

import attrs

from ._enums import OpenIntEnum, OpenStrEnum

__all__ = [
    "Leave",
    "LeaveBalance",
    "LeavePaid",
    "LeavePeriod",
    "LeaveStatus",
    "LeaveTypeBalance",
]


class LeaveStatus(OpenStrEnum):
    """Where a leave request is: waiting, or decided."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class LeavePaid(OpenStrEnum):
    """Whether a leave is paid, as the API spells it (``is_paid``: ``"yes"`` or ``"no"``)."""

    YES = "yes"
    NO = "no"


class LeavePeriod(OpenIntEnum):
    """Which part of each day a leave request covers."""

    FULL_DAY = 0
    FIRST_HALF = 1
    SECOND_HALF = 2


@attrs.frozen
class Leave:
    """A leave request.

    The documented field list stops after ``start_date``; fields past it are not read.
    ``created_by``, ``approved_by`` and ``rejected_by`` are user ids; ``reject_reason`` is
    the reason given when it was rejected. :attr:`paid` reads ``is_paid`` as a bool.
    """

    id: str
    user_id: int | None = None
    status: LeaveStatus | None = None
    note: str | None = None
    is_paid: LeavePaid | None = None
    created_by: int | None = None
    approved_by: int | None = None
    rejected_by: int | None = None
    reject_reason: str | None = None
    start_date: date | None = None

    @property
    def paid(self) -> bool | None:
        """``is_paid`` as a bool; ``None`` when absent or not ``"yes"``/``"no"``."""
        if self.is_paid is LeavePaid.YES:
            return True
        if self.is_paid is LeavePaid.NO:
            return False
        return None


@attrs.frozen
class LeaveTypeBalance:
    """What a member has left of one leave type. ``balance`` is display text, e.g.
    ``"10 days"``, kept as sent (its unit varies with the policy)."""

    leave_type: str | None = None
    balance: str | None = None


@attrs.frozen
class LeaveBalance:
    """A member's leave balances for the requested period.

    ``total_balance`` is only sent when the workspace counts leave as one total; it is display
    text, like each type's ``balance``.
    """

    user_id: int
    user_name: str | None = None
    leave_information: tuple[LeaveTypeBalance, ...] = ()
    total_balance: str | None = None
