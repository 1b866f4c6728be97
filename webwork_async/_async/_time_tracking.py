from __future__ import annotations

from typing import Any

import attrs

from .._errors import InvalidRequestError
from .._validation import check_id, check_text
from ..models import TrackerStarted, TrackerStopped
from ..models._time_tracking import CurrentTracker
from ._resource import AsyncResource, endpoint, given

__all__ = ["AsyncTimeTracking"]


class AsyncTimeTracking(AsyncResource):
    """``client.time_tracking``: start and stop a member's live tracker, and see what it has
    recorded so far."""

    @endpoint("POST /time-tracking/start")
    async def start(
        self,
        *,
        user_id: int,
        contract_id: int | None = None,
        task_id: int | None = None,
        activity_description: str | None = None,
        workspace_id: int | None = None,
    ) -> TrackerStarted:
        """Clock a member in.

        ``contract_id`` (the member's assignment to a project) may be left out to track time
        without a project; ``task_id`` needs a ``contract_id`` and must be in its project.
        The server rejects a start while the member is already tracking. Never retried once
        the request may have reached the server, so a tracker is not started twice.
        """
        if task_id is not None and contract_id is None:
            raise InvalidRequestError("task_id", "needs a contract_id (the task's project)")
        body = self._scoped(
            workspace_id,
            user_id=check_id("user_id", user_id),
            contract_id=given(check_id, "contract_id", contract_id),
            task_id=given(check_id, "task_id", task_id),
            activity_description=given(
                check_text, "activity_description", activity_description, empty_ok=True
            ),
        )
        envelope = await self._call("POST", "time-tracking/start", json=body)
        started = envelope.decode(TrackerStarted)
        return started if started.message else attrs.evolve(started, message=envelope.message)

    @endpoint("POST /time-tracking/stop")
    async def stop(
        self, user_id: int | None = None, *, workspace_id: int | None = None
    ) -> TrackerStopped:
        """Clock a member out; without ``user_id``, the token's own user.

        With ``user_id`` the newer form of the call is sent (``workspace_id`` and ``user_id``
        in the body); without it, the older one, which has no body. Not retried once it may
        have reached the server: a second stop would fail, as no tracker is running any more.
        """
        body: dict[str, Any] | None = None
        if user_id is not None:
            body = self._scoped(workspace_id, user_id=check_id("user_id", user_id))
        elif workspace_id is not None:
            raise InvalidRequestError(
                "workspace_id", "is only sent with user_id (the older form has no body)"
            )
        envelope = await self._call("POST", "time-tracking/stop", json=body)
        stopped = envelope.decode(TrackerStopped)
        return stopped if stopped.message else attrs.evolve(stopped, message=envelope.message)

    @endpoint("GET /time-tracking/current-data")
    async def current_data(
        self, *, user_id: int, workspace_id: int | None = None
    ) -> CurrentTracker:
        """What a member's running tracker has recorded so far (owners and executive
        managers only). Works only for a tracker started from the API or the browser."""
        user_id = check_id("user_id", user_id)
        params = self._scoped(workspace_id, user_id=user_id)
        current = await self._get("time-tracking/current-data", params, CurrentTracker)
        return current if current.user_id is not None else attrs.evolve(current, user_id=user_id)
