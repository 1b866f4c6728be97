from __future__ import annotations

import copy
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

import anyio
import attrs
import httpx

from .._auth import AsyncTokenProvider, TokenAuth, make_auth
from .._concurrency import AsyncLimiter, async_deadline, async_read_body, async_sleep
from .._errors import (
    APIStatusError,
    ClientClosedError,
    InvalidRequestError,
    ResponseDecodeError,
    TokenProviderError,
)
from .._lazy import lazy_names, resource, resource_classes, resources_of
from .._misuse import AsyncClientGuard
from .._options import (
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_TIMEOUT,
    PAGE_CONCURRENCY,
    check_client_options,
    check_headers,
    check_max_response_size,
    check_max_retry_wait,
    check_path,
    configure_logging_from_env,
    default_tls_context,
    env_base_url,
    env_token,
    env_workspace_id,
    log_response,
    log_retry,
    total_timeout,
    user_agent,
    warn_unclosed,
)
from .._ratelimit import RateLimit
from .._ratestore import AsyncRateStore, parse_store_url
from .._response import (
    ACCEPT_ENCODING,
    BodyDecoder,
    Envelope,
    connection_error,
    parse_response,
    safe_url,
    set_body,
)
from .._retry import DEFAULT_MAX_RETRY_WAIT, NOT_SENT, RetryPolicy
from .._trace import CallTrace, current_trace
from .._validation import check_count
from ._requester import AsyncRequester
from ._resource import gone_is_success, retried
from ._transport import AsyncCookielessClient, async_client_transport

if TYPE_CHECKING:
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
    from ._webhooks import AsyncWebhooks
    from ._workspaces import AsyncWorkspaces

__all__ = ["AsyncWebWork"]


class AsyncWebWork(AsyncClientGuard):
    """Client for the WebWork Tracker REST API V2.

    ::

        async with AsyncWebWork(workspace_id=1) as client:   # token from WEBWORK_TOKEN
            task = await client.tasks.get(500, project_id=100)
            async for task in client.tasks.list(project_id=100):
                print(task.title)

    ``token`` is an API token (personal access or OAuth2 access token), or a function
    (a coroutine function too) that the client calls for the current token when it first
    needs one and again after a 401, which is where your OAuth2 refresh goes, or an
    ``httpx.Auth``; it defaults to the ``WEBWORK_TOKEN`` environment variable.
    ``workspace_id`` is the default for every call; each method also takes ``workspace_id=``
    to override it.
    ``base_url`` is the API's root, the production API unless you pass another or set
    ``WEBWORK_BASE_URL``; it must be https, except for a loopback host (a local fake) or with
    ``allow_http=True``.

    The environment variables the client reads, each only for an argument you did not pass
    (an argument always wins; an empty variable counts as unset), and checked as the
    argument would be, before any request (``InvalidRequestError`` naming the variable):

    * ``WEBWORK_TOKEN``: the API token (``token=``);
    * ``WEBWORK_BASE_URL``: the API's root (``base_url=``), e.g. ``http://127.0.0.1:8000``
      for the fake that ``python -m webwork_async.testing serve`` starts;
    * ``WEBWORK_WORKSPACE_ID``: the default workspace, a positive integer (``workspace_id=``);
    * ``WEBWORK_LOG``: ``debug``, ``info`` or ``warning`` sends the SDK's log lines to
      stderr, unless the application configured the ``webwork_async`` logger itself.
    ``max_retries`` bounds how often a failed request is retried (see the guide
    docs/guides/errors-and-retries.md). An ``http_client`` you pass is used as it is, with its
    own settings, and is not closed by the client.

    ``timeout`` (seconds, or an ``httpx.Timeout``) bounds each attempt of a request in total,
    from the connect to the last byte of the body: an attempt that takes longer, however
    slowly the server trickles its answer, ends with ``APITimeoutError``. For an
    ``httpx.Timeout`` that bound is its largest component that is set (the default: 30 s in
    total, of which at most 10 s to connect); its components also bound each single connect,
    read and write. The token provider's call is bounded by the same figure, separately
    (``TokenProviderError`` when it is exceeded). Not covered: waiting for the rate budget and
    between retries (the waits a server can influence are bounded by ``max_retry_wait``).
    With your own sync ``http_client``, the bound is checked between body chunks, so a single
    read may still last its read timeout.

    ``max_retry_wait`` (60 s) is the longest the client waits because the server said so
    (``Retry-After``, rate-limit resets, the shared 429 gate, a learned rate window); a
    longer wait is raised at once as ``RateLimitError`` with the server's figure in
    ``retry_after``. ``max_response_size`` (16 MiB) caps each decoded response body, checked
    while it streams in (``ResponseDecodeError`` naming the cap).

    Every request of the client (single calls, pages, bulk jobs) shares one limiter:
    at most ``max_concurrency`` in flight, paced by the rate budget. ``rate_limit="auto"``
    learns the budget from the server's rate-limit headers; ``RateLimit(limit, window)`` sets
    it (the server's headers still lower it); ``None`` turns pacing off.

    ``rate_store`` shares that budget with every client, in any process or on any host, that
    uses the same token and base URL: a Redis URL (``"redis://host:6379/0"``; needs the
    ``redis`` extra; the async client's store runs on asyncio only). It defaults to the
    ``WEBWORK_RATE_STORE`` environment variable; ``"local"`` turns it off whatever that says.
    If the store is unreachable the client warns once, paces in-process and rejoins when it
    is back; with ``?fail=closed`` in the URL, requests raise ``RateStoreError`` instead
    while it is down. See
    docs/guides/shared-rate-budget.md.

    ``page_concurrency`` (8) is how many pages a list call keeps in flight when it is not
    given ``concurrency=``. Those pages go through the same limiter and budget as every other
    request, so more pages in flight make a listing faster only while latency, not the rate
    budget or ``max_concurrency``, is what bounds it.
    """

    # -- resources: written by scripts/unasync.py from _async/_*.py; do not edit --
    contracts: AsyncContracts = resource()
    """Project-member assignments (contracts)."""
    expenses: AsyncExpenses = resource()
    """Expenses."""
    leaves: AsyncLeaves = resource()
    """Leave requests and leave balances."""
    members: AsyncMembers = resource()
    """The members of a workspace."""
    project_viewers: AsyncProjectViewers = resource()
    """Clients with read-only access to projects."""
    projects: AsyncProjects = resource()
    """The workspace's projects."""
    reports: AsyncReports = resource()
    """Time and activity reports (workspace owners and executive managers)."""
    tasks: AsyncTasks = resource()
    """Tasks in projects, and who is assigned to them."""
    time_entries: AsyncTimeEntries = resource()
    """Tracked time, added and edited by hand."""
    time_requests: AsyncTimeRequests = resource()
    """Requests to add time by hand, and their approval."""
    time_tracking: AsyncTimeTracking = resource()
    """Start and stop a member's live tracker, and see what it has recorded so far."""
    timesheets: AsyncTimesheets = resource()
    """Members' timesheets, and their approval."""
    webhooks: AsyncWebhooks = resource()
    """URLs the server calls when events happen in the workspace."""
    workspaces: AsyncWorkspaces = resource()
    """The workspaces the token's user belongs to."""
    # -- end of the resources --

    def __init__(
        self,
        token: str | AsyncTokenProvider | httpx.Auth | None = None,
        *,
        workspace_id: int | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        max_concurrency: int = 64,
        rate_limit: RateLimit | Literal["auto"] | None = "auto",
        http_client: httpx.AsyncClient | None = None,
        allow_http: bool = False,
        on_response: Callable[[httpx.Response], object] | None = None,
        max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        page_concurrency: int = PAGE_CONCURRENCY,
        rate_store: str | None = None,
    ) -> None:
        self._closed = False
        self._owns_http = False  # until the pool exists: nothing to warn about in __del__
        self._owns_pool = http_client is None  # copies from with_options too, unlike _owns_http
        self._owns_limiter = True  # copies from with_options share it; the original closes it
        configure_logging_from_env()
        self._auth = make_auth(token if token is not None else env_token())
        workspace_id = env_workspace_id(workspace_id)
        rate = check_client_options(
            max_retries, max_concurrency, rate_limit, max_retry_wait, max_response_size
        )
        self._base_url = env_base_url(base_url, allow_http=allow_http)
        # The base ends in "/" and a checked path has no ".", "..", "?" or "#" segment, so
        # joining is appending: a string here saves parsing a URL twice on every request.
        self._url_prefix = str(self._base_url.copy_with(query=None, fragment=None))
        # (our headers, the http client's, both merged): see _build_request.
        self._merged_headers: (
            tuple[dict[str, str], list[tuple[bytes, bytes]], httpx.Headers] | None
        ) = None
        self._workspace_id = workspace_id
        store = parse_store_url(rate_store)
        if store is not None and rate is not None and not isinstance(self._auth, TokenAuth):
            raise InvalidRequestError(
                "rate_store",
                "names the shared budget by the token: pass a token or a token provider, "
                "not an httpx.Auth",
            )
        self._limiter = AsyncLimiter(
            max_concurrency,
            rate,
            None
            if store is None or rate is None
            else AsyncRateStore(store, str(self._base_url), self._token),
        )
        self._retry = RetryPolicy(
            max_retries=max_retries, max_retry_wait=check_max_retry_wait(max_retry_wait)
        )
        self._max_response_size = max_response_size
        self._page_concurrency = check_count("page_concurrency", page_concurrency, minimum=1)
        self._headers = {
            "User-Agent": user_agent,
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        if http_client is None:
            self._timeout: httpx.Timeout | None = None
            self._attempt_timeout = total_timeout(httpx.Timeout(timeout))
            self._http: httpx.AsyncClient = AsyncCookielessClient(
                timeout=timeout,
                follow_redirects=False,
                # Used only with a proxy from the environment (then the transport is None,
                # and httpx builds its own, and the proxy's, with these).
                limits=httpx.Limits(
                    max_connections=max_concurrency, max_keepalive_connections=max_concurrency
                ),
                verify=default_tls_context(),
                transport=async_client_transport(max_concurrency),
            )
            self._owns_http = True
        else:
            # A client handed to us keeps its own settings unless a timeout was asked for.
            self._timeout = None if timeout is DEFAULT_TIMEOUT else httpx.Timeout(timeout)
            self._attempt_timeout = total_timeout(self._timeout or http_client.timeout)
            self._http = http_client
        self._on_response = on_response
        self._attach_resources()

    def _attach_resources(self) -> None:
        # The internal API the resources, pagers and bulk jobs use, bound to this client's
        # (or this copy's) options; each resource the class declares is built on it when
        # first used (_lazy.py).
        self._api = AsyncRequester(
            self._request,
            workspace_id=self._workspace_id,
            limiter=self._limiter,
            page_concurrency=self._page_concurrency,
        )
        # A copy from with_options starts with the original's resources: they are built
        # anew, on this one's API, when first used.
        for name in _RESOURCES:
            vars(self).pop(name, None)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        on_response: Callable[[httpx.Response], object] | None = None,
        max_retry_wait: float | None = None,
        max_response_size: int | None = None,
        page_concurrency: int | None = None,
    ) -> AsyncWebWork:
        """A copy of the client with some options changed; cheap, as it shares the
        connection pool, the rate budget and the token.

        ::

            patient = client.with_options(timeout=120, max_retries=5)
            report = await patient.reports.tracked_hours(start_date=..., end_date=...)

        ``headers`` are added to every request of the copy. ``on_response`` is called with
        each ``httpx.Response`` the copy receives (retries included), for its status, headers
        or request id, without changing what the methods return. ``max_retry_wait`` and
        ``max_response_size`` are as for the client (the shared 429 gate is closed for at
        most the ``max_retry_wait`` of the copy that met the 429). ``page_concurrency`` is
        the copy's default for pages in flight; they still share the one limiter and rate
        budget. Closing the original closes the pool for every copy; closing a copy does
        nothing.
        """
        clone = copy.copy(self)
        clone._owns_http = False
        clone._owns_limiter = False
        if timeout is not None:
            clone._timeout = httpx.Timeout(timeout)
            clone._attempt_timeout = total_timeout(clone._timeout)
        if max_retries is not None:
            check_count("max_retries", max_retries)
            clone._retry = attrs.evolve(clone._retry, max_retries=max_retries)
        if max_retry_wait is not None:
            wait = check_max_retry_wait(max_retry_wait)
            clone._retry = attrs.evolve(clone._retry, max_retry_wait=wait)
        if max_response_size is not None:
            clone._max_response_size = check_max_response_size(max_response_size)
        if page_concurrency is not None:
            clone._page_concurrency = check_count("page_concurrency", page_concurrency, minimum=1)
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

        Closing twice is fine; using the client after closing it raises
        ``ClientClosedError`` (a ``WebWorkError`` and a ``RuntimeError``).
        """
        if self._closed:
            return
        self._closed = True
        if self._owns_http:
            await self._http.aclose()
        if self._owns_limiter:
            await self._limiter.aclose()

    def __del__(self) -> None:
        if self._owns_http and not self._closed:
            warn_unclosed(self)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
    ) -> Envelope:
        """Send one API request, retrying what is safe to retry; the unwrapped envelope.

        Which calls are retried (``idempotent``) and where a 404 that answers a retry after
        an attempt that may have been applied means the thing is gone, as was asked
        (``gone_ok``), is decided in one place, ``_resource.py``. The current CallTrace
        (``_trace.py``) records whether an attempt may have reached the server.
        """
        self._check_open()
        idempotent, gone_ok = retried(method, path), gone_is_success(method, path)
        request = self._build_request(method, path, params, json)
        trace = current_trace.get()
        maybe_applied = False  # an earlier attempt of this call may have been applied
        attempt = 0
        while True:
            self._check_open()
            if isinstance(self._auth, TokenAuth):
                # Before the limiter, so no budget is spent on a request that cannot go.
                await self._auth.async_ensure_token(self._attempt_timeout)
            await self._limiter.acquire()
            started = time.perf_counter()
            if trace is not None:
                trace.in_flight = True
            try:
                response = await self._attempt(request)
            except Exception as exc:
                await self._limiter.release(None)
                delay = self._after_failed_attempt(exc, request, attempt, idempotent, trace)
                if delay is None:
                    raise
                maybe_applied |= not isinstance(exc, NOT_SENT)
            except BaseException:
                await self._limiter.release(None)
                raise
            else:
                await self._limiter.release(response)
                status = response.status_code
                # A 4xx (429 included) certainly was not applied; a 2xx settles it, unless its
                # body cannot be read (below).
                if trace is not None:
                    trace.in_flight = False
                    trace.uncertain |= _leaves_doubt(status)
                log_response(
                    request, response, attempt, time.perf_counter() - started, self._secrets()
                )
                if self._on_response is not None:
                    self._on_response(response)
                try:
                    return parse_response(response, self._secrets())
                except APIStatusError as status_error:
                    if gone_ok and status == 404 and maybe_applied:
                        return Envelope(
                            data=None, message=None, page_info=None, response=response, body={}
                        )
                    maybe_applied |= _leaves_doubt(status)
                    delay = self._retry.delay_after_status(
                        attempt, status_error, idempotent=idempotent
                    )
                    if status == 429:
                        # Everybody waits, not only this call; never longer than max_retry_wait.
                        gate = self._retry.gate_after_429(attempt, status_error)
                        await self._limiter.hold(gate if delay is None else delay)
                    if delay is None:
                        raise
                    log_retry(request, status_error, attempt, delay, self._secrets())
                except ResponseDecodeError:
                    if trace is not None:
                        trace.uncertain |= status < 400  # answered yes in a form we cannot read
                    raise
            await async_sleep(delay)
            attempt += 1

    def _build_request(
        self, method: str, path: str, params: dict[str, Any] | None, json: dict[str, Any] | None
    ) -> httpx.Request:
        """The request ``http.build_request`` would build, without merging the headers anew
        on every request: they are merged once, and again only when the http client's
        headers or ours change. With cookies or params set on the http client, its own
        build_request merges those too."""
        http = self._http
        url = self._url_prefix + check_path(path)
        timeout = http.timeout if self._timeout is None else self._timeout
        if http.cookies or http.params:
            return http.build_request(
                method, url, params=params, json=json, headers=self._headers, timeout=timeout
            )
        merged = self._merged_headers
        if (
            merged is None
            or merged[0] is not self._headers
            # Nobody else holds the http client we built, so its headers never change.
            or (not self._owns_pool and merged[1] != http.headers.raw)
        ):
            headers = httpx.Headers(http.headers)
            headers.update(self._headers)
            merged = self._merged_headers = (self._headers, http.headers.raw, headers)
        return httpx.Request(
            method,
            url,
            params=params,
            json=json,
            headers=merged[2],
            extensions={"timeout": timeout.as_dict()},
        )

    def _after_failed_attempt(
        self,
        exc: Exception,
        request: httpx.Request,
        attempt: int,
        idempotent: bool,
        trace: CallTrace | None,
    ) -> float | None:
        """After an attempt that raised instead of answering: what the trace learns, then the
        wait before the retry that is due, or None when ``exc`` is raised as it is; the
        client's own error for it is raised here."""
        if isinstance(exc, TokenProviderError):
            # A refresh after a 401 failed: that 401 settled the attempt; nothing else left.
            if trace is not None:
                trace.in_flight = False
            return None
        if isinstance(exc, ResponseDecodeError):
            # Answered, but the body could not be read (too large, bad encoding).
            if trace is not None:
                trace.in_flight = False
                trace.uncertain |= not 400 <= exc.status_code < 500
            return None
        if isinstance(exc, _UNANSWERED):
            sent = not isinstance(exc, NOT_SENT)
            if trace is not None:
                trace.in_flight = False
                trace.uncertain |= sent
            error = connection_error(exc, request, self._secrets())
            delay = self._retry.delay_after_error(attempt, exc, idempotent=idempotent)
            if delay is None:
                raise error from exc
            log_retry(request, error, attempt, delay, self._secrets())
            return delay
        if isinstance(exc, RuntimeError) and self._http.is_closed:
            # Closed by another task meanwhile: httpx refuses before sending anything.
            if trace is not None:
                trace.in_flight = False
            raise self._closed_error() from exc
        return None

    async def _attempt(self, request: httpx.Request) -> httpx.Response:
        """One attempt, bounded in total by the timeout: the response, its body read through
        the size cap and our own bounded decompression."""
        with async_deadline(self._attempt_timeout):
            response = await self._http.send(request, auth=self._auth, stream=True)
            try:
                body = await async_read_body(
                    response, BodyDecoder(response, self._max_response_size)
                )
            finally:
                await response.aclose()
        set_body(response, body)
        return response

    def _check_open(self) -> None:
        if self._closed or self._http.is_closed:
            raise self._closed_error()

    def _closed_error(self) -> ClientClosedError:
        return ClientClosedError(f"this {type(self).__name__} is closed; create a new client")

    def _token(self) -> str | None:
        secrets = self._secrets()
        return secrets[0] if secrets else None

    def _secrets(self) -> tuple[str, ...]:
        return self._auth.secrets() if isinstance(self._auth, TokenAuth) else ()


# The resources AsyncWebWork declares: declaring one there (with its docstring) is all it
# takes to add it to the client. Their classes are importable from here too, when first named.
_RESOURCES = list(resources_of(AsyncWebWork))
if not TYPE_CHECKING:  # for the type checkers, a missing name stays an error
    __getattr__, __dir__ = lazy_names(__name__, resource_classes(AsyncWebWork))


def _leaves_doubt(status: int) -> bool:
    """Whether an answer with this status leaves it open that the request was applied: a 5xx
    may come from a proxy after the server applied it, and a 3xx (never followed) settles
    nothing."""
    return status >= 500 or 300 <= status < 400


# What an attempt that got no (complete) answer raises: every httpx error (transport
# failures, and e.g. too many redirects from an http_client that follows them), the
# attempt's own deadline (TimeoutError), and the OS and anyio errors a custom transport may
# let through. Each becomes an APIConnectionError/APITimeoutError.
_UNANSWERED = (
    httpx.HTTPError,
    OSError,
    anyio.BrokenResourceError,
    anyio.ClosedResourceError,
    anyio.EndOfStream,
)
