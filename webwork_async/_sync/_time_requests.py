# This file is generated from webwork_async/_async/_time_requests.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .._errors import InvalidRequestError
from .._validation import (
    check_date_range,
    check_datetime,
    check_id,
    check_string_id,
    check_text,
)
from ..models._time_requests import TimeRequest, TimeRequestActionResult, TimeRequestStatus
from ._pagination import Pager
from ._resource import Resource, choice, endpoint, given

__all__ = ["TimeRequests"]


class TimeRequests(Resource):
    """``client.time_requests``: requests to add time by hand, and their approval.

    Time request ids are opaque strings.
    """

    @endpoint("GET /time-requests")
    def list(
        self,
        *,
        date_from: date | str,
        date_to: date | str,
        status: TimeRequestStatus | str | None = None,
        user_id: int | None = None,
        project_id: int | None = None,
        id: str | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        concurrency: int | None = None,
        workspace_id: int | None = None,
    ) -> Pager[TimeRequest]:
        """The time requests of a period (``date_from`` to ``date_to``, both required and
        inclusive), optionally filtered.

        Returns an :class:`Pager`; nothing is sent until you iterate it::

            pending = client.time_requests.list(
                date_from="2024-01-01", date_to="2024-01-31", status=TimeRequestStatus.PENDING
            )
            for request in pending:
                client.time_requests.approve(request.id)
        """
        first, last = check_date_range("date_from", date_from, "date_to", date_to)
        params = self._scoped(
            workspace_id,
            date_from=first.isoformat(),
            date_to=last.isoformat(),
            status=given(choice, "status", status, TimeRequestStatus),
            user_id=given(check_id, "user_id", user_id),
            project_id=given(check_id, "project_id", project_id),
            id=given(check_string_id, "id", id),
        )
        return self._list("time-requests", params, TimeRequest, per_page, max_items, concurrency)

    @endpoint("GET /time-requests/{id}")
    def get(self, time_request_id: str, *, workspace_id: int | None = None) -> TimeRequest:
        """One time request.

        Only the older docs describe this call; the newer ones list no single-request read
        (filter :meth:`list` by ``id`` instead if the server answers 404 or 405).
        """
        path = f"time-requests/{check_string_id('time_request_id', time_request_id)}"
        return self._get(path, self._scoped(workspace_id), TimeRequest)

    @endpoint("POST /time-requests")
    def create(
        self,
        *,
        user_id: int,
        start: datetime | str,
        end: datetime | str,
        contract_id: int | None = None,
        task_id: int | None = None,
        activity_description: str | None = None,
        workspace_id: int | None = None,
    ) -> TimeRequest:
        """Ask for time from ``start`` to ``end`` to be added for a member.

        ``start`` and ``end`` are datetimes (or ISO 8601 strings), sent in ISO 8601; ``end``
        must be after ``start``. Without ``contract_id`` the time has no project. Depending on
        your permissions and the workspace's auto-approval setting the time is added at once
        (``status`` comes back ``approved``) or a ``pending`` request is created.

        The body is the newer docs' (``activity_description``; ``contract_id`` optional). The
        newer API answers only ``id`` and ``status``: the returned :class:`TimeRequest` then
        has every other field ``None``. Never retried once the request may have reached the
        server, so time is not requested twice.
        """
        user_id = check_id("user_id", user_id)
        first = check_datetime("start", start)
        last = check_datetime("end", end)
        if (first.tzinfo is None) != (last.tzinfo is None):
            raise InvalidRequestError("end", "must have a time zone if and only if start has one")
        if last <= first:
            raise InvalidRequestError(
                "end", f"must be after start ({last.isoformat()} <= {first.isoformat()})"
            )
        body = self._scoped(
            workspace_id,
            user_id=user_id,
            start=first.isoformat(),
            end=last.isoformat(),
            contract_id=given(check_id, "contract_id", contract_id),
            task_id=given(check_id, "task_id", task_id),
            activity_description=given(
                check_text, "activity_description", activity_description, empty_ok=True
            ),
        )
        return self._post("time-requests", body, TimeRequest)

    @endpoint("POST /time-requests/{timeRequestId}/approve")
    def approve(
        self, time_request_id: str, *, workspace_id: int | None = None
    ) -> TimeRequestActionResult:
        """Approve a pending time request, which adds its time.

        Never retried once the request may have reached the server.
        """
        return self._act(time_request_id, "approve", {}, workspace_id)

    @endpoint("POST /time-requests/{timeRequestId}/reject")
    def reject(
        self, time_request_id: str, *, comment: str, workspace_id: int | None = None
    ) -> TimeRequestActionResult:
        """Reject a pending time request; ``comment``, the reason, is required."""
        fields = {"comment": check_text("comment", comment)}
        return self._act(time_request_id, "reject", fields, workspace_id)

    def _act(
        self,
        time_request_id: str,
        action: str,
        fields: dict[str, Any],
        workspace_id: int | None,
    ) -> TimeRequestActionResult:
        time_request_id = check_string_id("time_request_id", time_request_id)
        body = self._scoped(workspace_id, **fields)
        # Whether a repeat is safe (reject) or not (approve, which adds time): see _resource.
        envelope = self._call("POST", f"time-requests/{time_request_id}/{action}", json=body)
        return TimeRequestActionResult(
            time_request_id=time_request_id,
            message=envelope.message,
            # Undocumented response: use it only when it is recognisably a time request.
            time_request=envelope.decode_object(TimeRequest, requires="id"),
        )
