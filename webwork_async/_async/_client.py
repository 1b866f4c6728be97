from __future__ import annotations

import copy
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Literal

import attrs
import httpx

from .._auth import AsyncTokenProvider, make_auth
from .._base import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    NOT_SENT,
    Envelope,
    RetryPolicy,
    check_base_url,
    check_client_options,
    check_headers,
    configure_logging_from_env,
    connection_error,
    env_token,
    log_response,
    log_retry,
    parse_response,
    safe_url,
    user_agent,
    warn_unclosed,
)
from .._concurrency import AsyncLimiter, async_sleep
from .._errors import APIStatusError, InvalidRequestError
from .._ratelimit import RateLimit
from .._trace import current_trace
from .._validation import check_count, check_id
from ._contracts import AsyncContracts
from ._expenses import AsyncExpenses
from ._leaves import AsyncLeaves
from ._members import AsyncMembers
from ._project_viewers import AsyncProjectViewers
from ._projects import AsyncProjects
from ._reports import AsyncReports
from ._tasks import AsyncTasks
from ._time_entries import AsyncTimeEntries
from ._time_requests import AsyncTimeRequests
from ._time_tracking import AsyncTimeTracking
from ._timesheets import AsyncTimesheets
from ._transport import AsyncShardedTransport
from ._webhooks import AsyncWebhooks
from ._workspaces import AsyncWorkspaces

__all__ = ["AsyncWebWork"]


class AsyncWebWork:
    """Client for the WebWork Tracker REST API V2.

    ::

        async with AsyncWebWork(workspace_id=1) as client:   # token from WEBWORK_TOKEN
            task = await client.tasks.get(500, project_id=100)
            async for task in client.tasks.list(project_id=100):
                print(task.title)

    ``token`` is an API token (personal access or OAuth2 access token), or a function (plain
    or async) the client calls for the current token when it first needs one and again after
    a 401, which is where your OAuth2 refresh goes, or an ``httpx.Auth``; it defaults to the
    ``WEBWORK_TOKEN`` environment variable. ``workspace_id`` is the
    default for every call; each method also takes ``workspace_id=`` to override it.
    ``timeout`` is in seconds or an ``httpx.Timeout``. ``max_retries`` bounds how often a
    failed request is retried (see the README's "Errors and retries"). An ``http_client`` you
    pass is used as it is, with its own settings, and is not closed by the client.

    Every request of the client (single calls, pages, bulk jobs) shares one limiter:
    at most ``max_concurrency`` in flight, paced by the rate budget. ``rate_limit="auto"``
    learns the budget from the server's rate-limit headers; ``RateLimit(limit, window)`` sets
    it (the server's headers still lower it); ``None`` turns pacing off.
    """

    tasks: AsyncTasks
    """Tasks, their assignees, and bulk assignment."""
    projects: AsyncProjects
    """Projects."""
    time_tracking: AsyncTimeTracking
    """The live tracker: start, stop, and what it is tracking now."""
    workspaces: AsyncWorkspaces
    """The workspaces the token's user belongs to."""
    members: AsyncMembers
    """The members of a workspace."""
    contracts: AsyncContracts
    """Project-member assignments (contracts)."""
    project_viewers: AsyncProjectViewers
    """Clients with read-only access to projects."""
    time_entries: AsyncTimeEntries
    """Tracked time, added and edited by hand."""
    timesheets: AsyncTimesheets
    """Timesheets and their approval."""
    time_requests: AsyncTimeRequests
    """Requests for manual time and their approval."""
    leaves: AsyncLeaves
    """Leave requests and balances."""
    expenses: AsyncExpenses
    """Expenses."""
    webhooks: AsyncWebhooks
    """Webhook subscriptions."""
    reports: AsyncReports
    """Time and activity reports."""

    def __init__(
        self,
        token: str | AsyncTokenProvider | httpx.Auth | None = None,
        *,
        workspace_id: int | None = None,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        max_concurrency: int = 64,
        rate_limit: RateLimit | Literal["auto"] | None = "auto",
        http_client: httpx.AsyncClient | None = None,
        allow_http: bool = False,
        on_response: Callable[[httpx.Response], object] | None = None,
    ) -> None:
        self._closed = False
        self._owns_http = False  # until the pool exists: nothing to warn about in __del__
        configure_logging_from_env()
        self._auth = make_auth(token if token is not None else env_token())
        if workspace_id is not None:
            check_id("workspace_id", workspace_id)
        rate = check_client_options(max_retries, max_concurrency, rate_limit)
        self._base_url = check_base_url(base_url, allow_http=allow_http)
        self._workspace_id = workspace_id
        self._limiter = AsyncLimiter(max_concurrency, rate)
        self._retry = RetryPolicy(max_retries=max_retries)
        self._headers = {"User-Agent": user_agent, "Accept": "application/json"}
        if http_client is None:
            self._timeout: httpx.Timeout | None = None
            self._http = httpx.AsyncClient(
                timeout=timeout,
                follow_redirects=False,
                transport=AsyncShardedTransport(max_connections=max_concurrency),
            )
            self._owns_http = True
        else:
            # A client handed to us keeps its own settings unless a timeout was asked for.
            self._timeout = None if timeout is DEFAULT_TIMEOUT else httpx.Timeout(timeout)
            self._http = http_client
        self._on_response = on_response
        self._attach_resources()

    def _attach_resources(self) -> None:
        self.tasks = AsyncTasks(self)
        self.projects = AsyncProjects(self)
        self.time_tracking = AsyncTimeTracking(self)
        self.workspaces = AsyncWorkspaces(self)
        self.members = AsyncMembers(self)
        self.contracts = AsyncContracts(self)
        self.project_viewers = AsyncProjectViewers(self)
        self.time_entries = AsyncTimeEntries(self)
        self.timesheets = AsyncTimesheets(self)
        self.time_requests = AsyncTimeRequests(self)
        self.leaves = AsyncLeaves(self)
        self.expenses = AsyncExpenses(self)
        self.webhooks = AsyncWebhooks(self)
        self.reports = AsyncReports(self)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        on_response: Callable[[httpx.Response], object] | None = None,
    ) -> AsyncWebWork:
        """A copy of the client with some options changed; cheap, as it shares the
        connection pool, the rate budget and the token.

        ::

            patient = client.with_options(timeout=120, max_retries=5)
            report = await patient.reports.tracked_hours(start_date=..., end_date=...)

        ``headers`` are added to every request of the copy. ``on_response`` is called with
        each ``httpx.Response`` the copy receives (retries included), for its status, headers
        or request id, without changing what the methods return. Closing the original closes
        the pool for every copy; closing a copy does nothing.
        """
        clone = copy.copy(self)
        clone._owns_http = False
        if timeout is not None:
            clone._timeout = httpx.Timeout(timeout)
        if max_retries is not None:
            check_count("max_retries", max_retries)
            clone._retry = attrs.evolve(self._retry, max_retries=max_retries)
        if headers is not None:
            clone._headers = {**self._headers, **check_headers(headers)}
        if on_response is not None:
            clone._on_response = on_response
        clone._attach_resources()
        return clone

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={safe_url(self._base_url)!r}, "
            f"workspace_id={self._workspace_id!r})"
        )

    async def __aenter__(self) -> AsyncWebWork:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (unless it belongs to an ``http_client`` you passed).

        Closing twice is fine; using the client after closing it raises ``RuntimeError``.
        """
        if self._closed:
            return
        self._closed = True
        if self._owns_http:
            await self._http.aclose()

    def __del__(self) -> None:
        if self._owns_http and not self._closed:
            warn_unclosed(self)

    def _workspace(self, workspace_id: int | None) -> int:
        if workspace_id is not None:
            return check_id("workspace_id", workspace_id)
        if self._workspace_id is None:
            raise InvalidRequestError(
                "workspace_id", "is required: pass workspace_id= to the call or to the client"
            )
        return self._workspace_id

    def _bulk_concurrency(self, concurrency: int | None) -> int:
        return self._limiter.max_in_flight if concurrency is None else concurrency

    def _budget_rate(self) -> float | None:
        """Requests per second the rate budget allows, when one is known."""
        rate = self._limiter.rate
        if rate is None or rate.limit is None:
            return None
        return rate.limit / rate.window

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        idempotent: bool = True,
    ) -> Envelope:
        """Send one API request, retrying what is safe to retry; the unwrapped envelope."""
        if self._closed or self._http.is_closed:
            raise RuntimeError(f"this {type(self).__name__} is closed; create a new client")
        request = self._http.build_request(
            method,
            self._base_url.join(path),
            params=params,
            json=json,
            headers=self._headers,
            timeout=httpx.USE_CLIENT_DEFAULT if self._timeout is None else self._timeout,
        )
        trace = current_trace.get()
        attempt = 0
        while True:
            await self._limiter.acquire()
            started = time.perf_counter()
            if trace is not None:
                trace.in_flight = True
            try:
                response = await self._http.send(request, auth=self._auth)
            except httpx.TransportError as exc:
                self._limiter.release(None)
                if trace is not None:
                    trace.in_flight = False
                    trace.uncertain |= not isinstance(exc, NOT_SENT)
                error = connection_error(exc, request)
                delay = self._retry.delay_after_error(attempt, exc, idempotent=idempotent)
                if delay is None:
                    raise error from exc
                log_retry(request, error, attempt, delay)
            except BaseException:
                self._limiter.release(None)
                raise
            else:
                self._limiter.release(response)
                if trace is not None:
                    trace.in_flight = False
                    # A 5xx may come from a proxy after the server applied the request.
                    trace.uncertain |= response.status_code >= 500
                log_response(request, response, attempt, time.perf_counter() - started)
                if self._on_response is not None:
                    self._on_response(response)
                try:
                    return parse_response(response)
                except APIStatusError as status_error:
                    delay = self._retry.delay_after_status(
                        attempt, status_error, idempotent=idempotent
                    )
                    if delay is None:
                        raise
                    log_retry(request, status_error, attempt, delay)
            await async_sleep(delay)
            attempt += 1
