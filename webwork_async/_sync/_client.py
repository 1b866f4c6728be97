# This file is generated from webwork_async/_async/_client.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

import copy
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Literal

import attrs
import httpx

from .._auth import TokenProvider, make_auth
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
from .._concurrency import Limiter, sleep
from .._errors import APIStatusError, InvalidRequestError
from .._ratelimit import RateLimit
from .._trace import current_trace
from .._validation import check_count, check_id
from ._contracts import Contracts
from ._expenses import Expenses
from ._leaves import Leaves
from ._members import Members
from ._project_viewers import ProjectViewers
from ._projects import Projects
from ._reports import Reports
from ._tasks import Tasks
from ._time_entries import TimeEntries
from ._time_requests import TimeRequests
from ._time_tracking import TimeTracking
from ._timesheets import Timesheets
from ._transport import ShardedTransport
from ._webhooks import Webhooks
from ._workspaces import Workspaces

__all__ = ["WebWork"]


class WebWork:
    """Client for the WebWork Tracker REST API V2.

    ::

        with WebWork(workspace_id=1) as client:   # token from WEBWORK_TOKEN
            task = client.tasks.get(500, project_id=100)
            for task in client.tasks.list(project_id=100):
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

    tasks: Tasks
    """Tasks, their assignees, and bulk assignment."""
    projects: Projects
    """Projects."""
    time_tracking: TimeTracking
    """The live tracker: start, stop, and what it is tracking now."""
    workspaces: Workspaces
    """The workspaces the token's user belongs to."""
    members: Members
    """The members of a workspace."""
    contracts: Contracts
    """Project-member assignments (contracts)."""
    project_viewers: ProjectViewers
    """Clients with read-only access to projects."""
    time_entries: TimeEntries
    """Tracked time, added and edited by hand."""
    timesheets: Timesheets
    """Timesheets and their approval."""
    time_requests: TimeRequests
    """Requests for manual time and their approval."""
    leaves: Leaves
    """Leave requests and balances."""
    expenses: Expenses
    """Expenses."""
    webhooks: Webhooks
    """Webhook subscriptions."""
    reports: Reports
    """Time and activity reports."""

    def __init__(
        self,
        token: str | TokenProvider | httpx.Auth | None = None,
        *,
        workspace_id: int | None = None,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        max_concurrency: int = 64,
        rate_limit: RateLimit | Literal["auto"] | None = "auto",
        http_client: httpx.Client | None = None,
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
        self._limiter = Limiter(max_concurrency, rate)
        self._retry = RetryPolicy(max_retries=max_retries)
        self._headers = {"User-Agent": user_agent, "Accept": "application/json"}
        if http_client is None:
            self._timeout: httpx.Timeout | None = None
            self._http = httpx.Client(
                timeout=timeout,
                follow_redirects=False,
                transport=ShardedTransport(max_connections=max_concurrency),
            )
            self._owns_http = True
        else:
            # A client handed to us keeps its own settings unless a timeout was asked for.
            self._timeout = None if timeout is DEFAULT_TIMEOUT else httpx.Timeout(timeout)
            self._http = http_client
        self._on_response = on_response
        self._attach_resources()

    def _attach_resources(self) -> None:
        self.tasks = Tasks(self)
        self.projects = Projects(self)
        self.time_tracking = TimeTracking(self)
        self.workspaces = Workspaces(self)
        self.members = Members(self)
        self.contracts = Contracts(self)
        self.project_viewers = ProjectViewers(self)
        self.time_entries = TimeEntries(self)
        self.timesheets = Timesheets(self)
        self.time_requests = TimeRequests(self)
        self.leaves = Leaves(self)
        self.expenses = Expenses(self)
        self.webhooks = Webhooks(self)
        self.reports = Reports(self)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        on_response: Callable[[httpx.Response], object] | None = None,
    ) -> WebWork:
        """A copy of the client with some options changed; cheap, as it shares the
        connection pool, the rate budget and the token.

        ::

            patient = client.with_options(timeout=120, max_retries=5)
            report = patient.reports.tracked_hours(start_date=..., end_date=...)

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

    def __enter__(self) -> WebWork:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool (unless it belongs to an ``http_client`` you passed).

        Closing twice is fine; using the client after closing it raises ``RuntimeError``.
        """
        if self._closed:
            return
        self._closed = True
        if self._owns_http:
            self._http.close()

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

    def _request(
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
            self._limiter.acquire()
            started = time.perf_counter()
            if trace is not None:
                trace.in_flight = True
            try:
                response = self._http.send(request, auth=self._auth)
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
            sleep(delay)
            attempt += 1
