from __future__ import annotations

from datetime import datetime

import attrs

from ._enums import OpenStrEnum

__all__ = ["TimeRequest", "TimeRequestActionResult", "TimeRequestStatus"]


class TimeRequestStatus(OpenStrEnum):
    """Where a request for manual time is: waiting, or decided."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@attrs.frozen
class TimeRequest:
    """A request to add time by hand, for a member.

    The older docs describe the whole object; the newer create call returns only ``id`` and
    ``status`` (``approved`` at once when the workspace auto-approves, else ``pending``), so
    for it every other field is ``None``. The note on the request is ``notes`` in the older
    docs and ``activity_description`` in the newer ones: whichever the server sends is set.
    ``comment`` is the reason given when it was rejected; ``updated_by`` who approved or
    rejected it. ``id`` is opaque (a UUID in the older docs, an encrypted string in the newer).
    """

    id: str
    status: TimeRequestStatus | None = None
    user_id: int | None = None
    contract_id: int | None = None
    project_id: int | None = None
    task_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    notes: str | None = None
    activity_description: str | None = None
    comment: str | None = None
    updated_by: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen
class TimeRequestActionResult:
    """What approving or rejecting a time request returned.

    The responses of these calls are not documented: ``time_request`` is the request as the
    server sent it back when the response carries it (an object with an ``id``), else
    ``None``; ``message`` is the server's message.
    """

    time_request_id: str
    message: str | None = None
    time_request: TimeRequest | None = None
