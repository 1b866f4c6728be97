# This file is generated from webwork_async/_async/_requester.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""The client's internal API: what its resources, pagers and bulk jobs use of it.

The client builds one :class:`Requester` (each ``with_options()`` copy its own, bound to
the copy's options) and hands it to them; nothing else reaches into the client. It carries
the request loop itself (a bound method of the client, so a call costs no extra frame), the
default workspace, the shared limiter and the default number of pages in flight.
"""

from __future__ import annotations

from typing import Any, Protocol

from .._concurrency import Limiter
from .._errors import InvalidRequestError
from .._response import Envelope
from .._validation import check_id

__all__ = ["Requester", "Send"]


class Send(Protocol):
    """The client's request loop: one API request, retried as far as is safe."""

    def __call__(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
    ) -> Envelope: ...


class Requester:
    """One client's request loop and the settings its resources, pagers and bulk jobs share."""

    __slots__ = ("limiter", "page_concurrency", "request", "workspace_id")

    def __init__(
        self,
        request: Send,
        *,
        workspace_id: int | None,
        limiter: Limiter,
        page_concurrency: int,
    ) -> None:
        self.request = request
        """Send one request, retried as ``_resource.py`` decides from its method and path.
        Returns the unwrapped envelope."""
        self.workspace_id = workspace_id
        self.limiter = limiter
        self.page_concurrency = page_concurrency
        """Pages a pager keeps in flight when its list call does not say."""

    def workspace(self, workspace_id: int | None) -> int:
        """The call's workspace, else the client's; an error naming the field when neither."""
        if workspace_id is not None:
            return check_id("workspace_id", workspace_id)
        if self.workspace_id is None:
            raise InvalidRequestError(
                "workspace_id", "is required: pass workspace_id= to the call or to the client"
            )
        return self.workspace_id

    def bulk_concurrency(self, concurrency: int | None) -> int:
        """A bulk job's workers: as asked, else as many as the limiter lets in flight."""
        return self.limiter.max_in_flight if concurrency is None else concurrency

    def budget_rate(self) -> float | None:
        """Requests per second the rate budget allows, when one is known."""
        rate = self.limiter.rate
        if rate is None or rate.limit is None:
            return None
        return rate.limit / rate.window
