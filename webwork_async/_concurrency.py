"""Async/sync twins of the few concurrency primitives the client uses.

The async source (``_async/``) calls ``async_sleep`` and ``async_gather``; the sync code
generated from it (``_sync/``) calls ``sleep`` and ``gather``, because ``scripts/unasync.py``
drops the ``async_`` prefix. Keeping each pair here, side by side, is what lets one source
serve both worlds.
"""

from __future__ import annotations

import contextlib
import inspect
import ssl
import sys
import threading
import time
import types
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from contextvars import ContextVar
from typing import Any, TypeVar, cast

import anyio
import httpx

from ._ratelimit import RateHeaders, RateState, parse_rate_headers
from ._ratestore import AsyncRateStore, RateStore
from ._response import BodyDecoder

if sys.version_info < (3, 11):  # pragma: no cover
    from exceptiongroup import BaseExceptionGroup

__all__ = [
    "STOP_GRACE",
    "AsyncLimiter",
    "AsyncSlots",
    "Limiter",
    "Slots",
    "WorkerStopped",
    "async_call_provider",
    "async_deadline",
    "async_gather",
    "async_give_way",
    "async_http_transport",
    "async_read_body",
    "async_run_workers",
    "async_sleep",
    "call_provider",
    "deadline",
    "deadline_bounded",
    "deadline_left",
    "gather",
    "give_way",
    "http_transport",
    "read_body",
    "run_workers",
    "sleep",
]

T = TypeVar("T")


async def async_sleep(seconds: float) -> None:
    """Sleep; cancellation interrupts it like any await."""
    await anyio.sleep(seconds)


def sleep(seconds: float) -> None:
    """Sleep, unless the :func:`run_workers` job this thread works for is stopping.

    A thread cannot be cancelled, so a worker waiting here for the rate budget or a retry
    backoff would otherwise hold a stopped job back for the whole wait and then send a request
    after all. Inside a worker the wait is on the job's stop event instead, and a stop raises
    :class:`WorkerStopped` at once; elsewhere it is a plain ``time.sleep``.
    """
    stop = _stop_event.get()
    if stop is None:
        time.sleep(seconds)
    elif stop.wait(seconds):
        raise WorkerStopped


def _raise_if_stopping() -> None:
    stop = _stop_event.get()
    if stop is not None and stop.is_set():
        raise WorkerStopped


class WorkerStopped(BaseException):
    """Raised by :func:`sleep` in a worker whose job is stopping.

    A BaseException, like cancellation, so that no ``except Exception`` on the way (the retry
    loop, a resource method) mistakes it for a failure of the request.
    """


# The stop event of the run_workers job the current thread works for (None outside one).
_stop_event: ContextVar[threading.Event | None] = ContextVar("webwork_stop", default=None)

#: Seconds a stopped sync job waits for workers still inside a request before it abandons them.
STOP_GRACE = 1.0
#: How often the thread running a sync job looks up from waiting, so that an interrupt that
#: arrives without a real signal (``_thread.interrupt_main``) is raised promptly.
_POLL = 0.05


async def async_gather(
    calls: Sequence[Callable[[], Awaitable[T]]], *, limit: int | None = None
) -> list[T]:
    """Run the calls concurrently, at most ``limit`` at a time; their results in order, or
    the first failure.

    Structured: when one call fails the others are cancelled and waited for before the error
    propagates, so nothing keeps running behind the caller's back.
    """
    if len(calls) == 1:
        return [await calls[0]()]
    results: list[Any] = [None] * len(calls)
    # A sliding window: each call that ends lets the next one start at once.
    slots = anyio.Semaphore(limit or len(calls) or 1)

    async def run(index: int, call: Callable[[], Awaitable[T]]) -> None:
        async with slots:
            results[index] = await call()

    try:
        async with anyio.create_task_group() as group:
            for index, call in enumerate(calls):
                group.start_soon(run, index, call)
    except BaseExceptionGroup as group_error:
        raise _first_error(group_error) from None
    return results


def gather(calls: Sequence[Callable[[], T]], *, limit: int | None = None) -> list[T]:
    """Run the calls in threads, at most ``limit`` at a time; their results in order, or the
    first failure."""
    if len(calls) == 1:
        return [calls[0]()]
    from concurrent.futures import ThreadPoolExecutor  # the sync client's only; not at import

    workers = min(len(calls), limit or len(calls))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="webwork") as pool:
        futures = [pool.submit(call) for call in calls]
        try:
            return [future.result() for future in futures]
        except BaseException:
            for future in futures:
                future.cancel()
            raise


async def async_run_workers(
    count: int, worker: Callable[[Callable[[], bool]], Coroutine[Any, Any, None]]
) -> None:
    """Run ``count`` copies of ``worker`` concurrently until all return.

    Each worker gets a ``stopping()`` check; here it is always False, because cancellation
    reaches async workers as an exception at their next await. Structured: every worker has
    ended (returned, failed or been cancelled) before this returns or raises.
    """
    try:
        async with anyio.create_task_group() as group:
            for _ in range(count):
                group.start_soon(worker, _never)
    except BaseExceptionGroup as group_error:
        raise _first_error(group_error) from None


def run_workers(count: int, worker: Callable[[Callable[[], bool]], None]) -> None:
    """Run ``count`` copies of ``worker`` in threads until all return.

    Threads cannot be cancelled, so a stop is cooperative: when a worker fails, or the calling
    thread is interrupted (Ctrl-C), ``stopping()`` turns True and every :func:`sleep` of the
    workers (rate budget, retry backoff) raises :class:`WorkerStopped` at once, so no worker
    takes a new item or sends another request. After an interrupt the workers still inside a
    request get :data:`STOP_GRACE` seconds to finish it; those that have not are abandoned
    (daemon threads: they end when their request does, and cannot hold the process open) and
    the interrupt is raised. The caller must account for what they were doing.
    """
    stop = threading.Event()
    finished = threading.Event()
    errors: list[BaseException] = []
    running = count
    lock = threading.Lock()
    if not running:
        return

    def run() -> None:
        nonlocal running
        _stop_event.set(stop)
        try:
            worker(stop.is_set)
        except WorkerStopped:
            pass  # the stop came from elsewhere; that is the error to report
        except BaseException as error:
            errors.append(error)
            stop.set()  # one failure ends the job: the others take no new item
        finally:
            with lock:
                running -= 1
                if not running:
                    finished.set()

    threads = [
        threading.Thread(target=run, name=f"webwork-bulk-{number}", daemon=True)
        for number in range(count)
    ]
    try:
        # Starting is inside: fast workers may already report, and an interrupt raised from
        # their callbacks can arrive while the last threads start.
        for thread in threads:
            thread.start()
        while not finished.wait(_POLL):
            pass
    except BaseException:
        stop.set()
        deadline = time.monotonic() + STOP_GRACE
        for thread in threads:
            if thread.ident is not None:  # a thread not started yet sees the stop at once
                thread.join(max(0.0, deadline - time.monotonic()))
        raise
    if errors:
        raise errors[0]


class AsyncSlots:
    """At most ``count`` holders at a time, served in the order they came."""

    def __init__(self, count: int) -> None:
        self._semaphore = anyio.Semaphore(count)

    async def __aenter__(self) -> None:
        await self._semaphore.acquire()

    async def __aexit__(self, *exc_info: object) -> None:
        self._semaphore.release()


class Slots:
    """The sync twin of :class:`AsyncSlots`, for threads."""

    def __init__(self, count: int) -> None:
        self._semaphore = threading.Semaphore(count)

    def __enter__(self) -> None:
        self._semaphore.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self._semaphore.release()


# Trips through the event loop that a task makes from taking a free slot to
# its request's bytes leaving (its wake-up, the pool's connection event, the connection's
# lock, the stream's send: four or five on asyncio), with room to spare.
_TRIPS_TO_SEND = 8


async def async_give_way() -> None:
    """Let a task that has just been woken send its request before this one goes on with
    work that can wait (the pager decodes a page after its slot has gone to the next request).

    A bare checkpoint is not enough: the woken task yields several times before it sends,
    and each time it queues behind this one again. Measured on 100 pages of 100 tasks, 8 in
    flight, in one run of 6 interleaved rounds: one trip 1.43x the ideal, four 1.34x, eight
    1.21x (plain httpx 1.20x).
    """
    for _ in range(_TRIPS_TO_SEND):
        # A checkpoint; anyio.lowlevel.checkpoint() would make the import load anyio.lowlevel.
        await anyio.sleep(0)  # noqa: ASYNC115


def give_way() -> None:
    """Let another thread take the GIL before this one goes on (a woken waiter, say)."""
    time.sleep(0)


def _never() -> bool:
    return False


class AsyncLimiter:
    """One per client: caps the requests in flight and paces them by the rate budget.

    Every request of the client goes through it, whether it comes from a single call, a
    pager or a bulk job, so they all share one budget. With a ``store`` the budget is shared
    with every client of the same token and base URL (``_ratestore.py``); ``rate`` then still
    learns from each response, and paces alone while the store is down.
    """

    def __init__(
        self, max_in_flight: int, rate: RateState | None, store: AsyncRateStore | None = None
    ) -> None:
        self.rate = rate
        self.store = store if rate is not None else None
        self.max_in_flight = max_in_flight
        self._slots = anyio.Semaphore(max_in_flight)
        # One waiter at a time sleeps on the budget; the rest queue here in order, instead of
        # all waking up for each freed slot.
        self._pacing = anyio.Lock()
        self._loop: object | None = None

    async def acquire(self) -> None:
        loop = _running_loop()
        if loop is not self._loop:
            if self._loop is not None:
                # Its connections and locks belong to the first loop; reusing them here fails
                # in obscure ways ("Event loop is closed", hangs), so say what is wrong instead.
                raise RuntimeError(
                    "this AsyncWebWork client was first used in another event loop; "
                    "create one client per event loop (per asyncio.run or trio.run)"
                )
            self._loop = loop
        # The fast path: a free slot and a free budget cost no trip through the event loop
        # (the request that follows is where the task yields). Only when one of them is
        # taken does the caller queue, in order, behind those already waiting.
        try:
            self._slots.acquire_nowait()
        except anyio.WouldBlock:
            await self._slots.acquire()
        if self.rate is None:
            return
        if (
            self.store is None
            and not self._pacing.locked()
            and self.rate.delay(time.monotonic()) <= 0
        ):
            return  # nobody is waiting for the budget, and it had room (counted as sent)
        try:
            async with self._pacing:
                # Waiting for the clock (a budget slot frees at a known time), not an event.
                if self.store is None:
                    while (wait := self.rate.delay(time.monotonic())) > 0:  # noqa: ASYNC110
                        await anyio.sleep(wait)
                else:
                    # The ones queued behind this one may be granted their sends with it.
                    queued = self._pacing.statistics().tasks_waiting
                    while (wait := await self.store.delay(self.rate, queued + 1)) > 0:  # noqa: ASYNC110
                        await anyio.sleep(wait)
        except BaseException:
            self._slots.release()
            raise

    async def release(self, response: httpx.Response | None) -> None:
        """Free the slot; learn from the response (None after a connection error)."""
        self._slots.release()
        said = _observe(self.rate, response)
        if self.store is not None and self.rate is not None:
            await self.store.observe(self.rate, said)

    async def hold(self, seconds: float) -> None:
        """Hold every request back for ``seconds`` (after a 429; capped by the budget)."""
        if self.rate is not None:
            self.rate.close_gate(time.monotonic(), seconds)
            if self.store is not None:
                await self.store.hold(self.rate, seconds)

    async def aclose(self) -> None:
        if self.store is not None:
            await self.store.aclose()


class Limiter:
    """The sync twin of :class:`AsyncLimiter`, for threads."""

    def __init__(
        self, max_in_flight: int, rate: RateState | None, store: RateStore | None = None
    ) -> None:
        self.rate = rate
        self.store = store if rate is not None else None
        self.max_in_flight = max_in_flight
        self._slots = threading.Semaphore(max_in_flight)
        self._pacing = threading.Lock()
        # Threads holding a slot (queued for the pacing lock, or holding it): a shared store
        # may grant them their sends at once.
        self._queued = 0
        self._queued_lock = threading.Lock()

    def acquire(self) -> None:
        self._slots.acquire()
        try:
            if self.rate is not None and self.store is None:
                # The fast path, as in AsyncLimiter: nobody waits for the budget and it has
                # room (then it is counted as sent).
                if self._pacing.locked() or self.rate.delay(time.monotonic()) > 0:
                    with self._pacing:
                        while (wait := self.rate.delay(time.monotonic())) > 0:
                            sleep(wait)
            elif self.rate is not None and self.store is not None:
                self._paced_by_store(self.rate, self.store)
            # A worker that queued for a slot or for the pacing lock while its job was being
            # stopped must not send once it gets through.
            _raise_if_stopping()
        except BaseException:
            self._slots.release()
            raise

    def _paced_by_store(self, rate: RateState, store: RateStore) -> None:
        with self._queued_lock:
            self._queued += 1
        try:
            with self._pacing:
                while (wait := store.delay(rate, self._queued)) > 0:
                    sleep(wait)
        finally:
            with self._queued_lock:
                self._queued -= 1

    def release(self, response: httpx.Response | None) -> None:
        """Free the slot; learn from the response (None after a connection error)."""
        self._slots.release()
        said = _observe(self.rate, response)
        if self.store is not None and self.rate is not None:
            self.store.observe(self.rate, said)

    def hold(self, seconds: float) -> None:
        """Hold every request back for ``seconds`` (after a 429; capped by the budget)."""
        if self.rate is not None:
            self.rate.close_gate(time.monotonic(), seconds)
            if self.store is not None:
                self.store.hold(self.rate, seconds)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def _running_loop() -> object:
    """The running event loop (asyncio) or run (trio), to tell one from another."""
    # Not imported at the top: ``import webwork_async`` does not need asyncio; by the time a
    # request runs, the module running the event loop has been imported.
    if "asyncio" in sys.modules:
        import asyncio

        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            pass
    # Only reached while trio runs, so it is imported; looked up rather than imported here,
    # so that the type checkers need not have trio installed.
    trio: Any = sys.modules["trio"]
    return trio.lowlevel.current_trio_token()


_NOTHING_SAID = RateHeaders()


def _observe(rate: RateState | None, response: httpx.Response | None) -> RateHeaders:
    """Teach ``rate`` what the response said (nothing, after a connection error); what it said."""
    if rate is None:
        return _NOTHING_SAID
    now = time.monotonic()
    if response is None:
        rate.on_response(now, _NOTHING_SAID, status_code=0)
        return _NOTHING_SAID
    headers = parse_rate_headers(response.headers)
    round_trip = 0.0
    if headers.limit is not None:  # only then is it used (to learn the window)
        # httpx measures elapsed while it reads the body; a transport that returns a body
        # already read (in-process fakes, some custom transports) leaves it unset.
        with contextlib.suppress(RuntimeError):
            round_trip = response.elapsed.total_seconds()
    rate.on_response(now, headers, status_code=response.status_code, round_trip=round_trip)
    return headers


def _first_error(group: BaseExceptionGroup[BaseException]) -> BaseException:
    # anyio always wraps task errors in a group; callers want the error itself. Cancellation
    # of the siblings is a consequence, not a cause, so it is not what we report.
    errors = [e for e in _leaves(group) if not isinstance(e, anyio.get_cancelled_exc_class())]
    return (errors or list(_leaves(group)))[0]


def _leaves(group: BaseExceptionGroup[BaseException]) -> list[BaseException]:
    leaves: list[BaseException] = []
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            leaves.extend(_leaves(cast("BaseExceptionGroup[BaseException]", exc)))
        else:
            leaves.append(exc)
    return leaves


# --- One attempt bounded in total ------------------------------------------------------------
#
# Async: a cancel scope around the whole attempt (connect, send, every read of the body).
# Sync: threads cannot be cancelled, so the deadline travels to the socket: the client's own
# pools use a network backend whose every connect/read/write waits at most the time left
# (``_deadline_io``), and ``read_body`` checks the clock between body chunks, which also
# bounds a trickling server behind an ``http_client`` the user passed in. Either way an
# expired deadline surfaces as ``TimeoutError`` or an ``httpx.TimeoutException``.

_deadline: ContextVar[float | None] = ContextVar("webwork_deadline", default=None)


def async_deadline(seconds: float | None) -> contextlib.AbstractContextManager[object]:
    """Bound the block to ``seconds`` in total (None: unbounded); TimeoutError when over."""
    if seconds is None:
        return contextlib.nullcontext()
    return _Deadline(seconds)


class _Deadline(contextlib.AbstractContextManager[object]):
    """``anyio.fail_after`` with a set delay, as one object: it runs on every attempt, and
    fail_after's two nested generator context managers cost more than the scope itself."""

    __slots__ = ("_scope",)

    def __init__(self, seconds: float) -> None:
        self._scope = anyio.CancelScope(deadline=anyio.current_time() + seconds)

    def __enter__(self) -> object:
        return self._scope.__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> bool:
        scope = self._scope
        swallowed = bool(scope.__exit__(exc_type, exc, tb))
        if scope.cancelled_caught and anyio.current_time() >= scope.deadline:
            raise TimeoutError
        return swallowed


def deadline(seconds: float | None) -> contextlib.AbstractContextManager[object]:
    """The sync twin of :func:`async_deadline`: the socket reads and writes of the client's
    own pools, and :func:`read_body`, wait at most the time left."""
    if seconds is None:
        return contextlib.nullcontext()
    return _SyncDeadline(seconds)


class _SyncDeadline(contextlib.AbstractContextManager[object]):
    """One object rather than a generator context manager: it runs on every attempt."""

    __slots__ = ("_seconds", "_token")

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds

    def __enter__(self) -> object:
        self._token = _deadline.set(time.monotonic() + self._seconds)
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        _deadline.reset(self._token)


def deadline_left() -> float | None:
    """Seconds left before the current sync deadline (None when there is none)."""
    until = _deadline.get()
    return None if until is None else until - time.monotonic()


def deadline_bounded(seconds: float | None, expired: type[Exception]) -> float | None:
    """``seconds`` for one socket operation, or less when the current sync deadline comes
    sooner; ``expired`` (the transport's timeout error) when it has passed already."""
    left = deadline_left()
    if left is None:
        return seconds
    if left <= 0:
        raise expired("the attempt took longer than the timeout")
    return left if seconds is None else min(seconds, left)


def _check_deadline() -> None:
    left = deadline_left()
    if left is not None and left <= 0:
        raise TimeoutError("the attempt took longer than the timeout")


async def async_read_body(response: httpx.Response, decoder: BodyDecoder) -> bytes:
    """Read a streamed response's raw body through ``decoder`` (which caps and inflates it)."""
    if response.is_stream_consumed:  # a transport that returned a body already read
        return decoder.whole(response.content)
    async for chunk in response.aiter_raw():
        decoder.feed(chunk)
        if decoder.done:
            break
    return decoder.finish()


def read_body(response: httpx.Response, decoder: BodyDecoder) -> bytes:
    """The sync twin of :func:`async_read_body`, checking the deadline between chunks."""
    if response.is_stream_consumed:
        return decoder.whole(response.content)
    for chunk in response.iter_raw():
        _check_deadline()  # a body that has fully arrived is kept, even on the last tick
        decoder.feed(chunk)
        if decoder.done:
            break
    return decoder.finish()


async def async_call_provider(provider: Callable[[], Any]) -> Any:
    """Call a token provider (plain or async); a plain one runs in a worker thread that is
    abandoned if the caller's deadline passes, so it can never block the event loop."""
    if _is_async_callable(provider):
        value = provider()
    else:
        import anyio.to_thread  # only for a plain provider: not at import

        value = await anyio.to_thread.run_sync(provider, abandon_on_cancel=True)
    if inspect.isawaitable(value):
        value = await value
    return value


def call_provider(provider: Callable[[], Any]) -> Any:
    """The sync twin: the provider runs in a helper thread, waited for at most the current
    deadline (then abandoned, and TimeoutError raised)."""
    left = deadline_left()
    if left is None:
        return provider()
    outcome: list[Any] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(provider())
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=run, name="webwork-token", daemon=True)
    worker.start()
    worker.join(max(0.0, left))
    if worker.is_alive():
        raise TimeoutError("the token provider did not return in time")
    if failure:
        raise failure[0]
    return outcome[0]


def _is_async_callable(provider: Callable[[], Any]) -> bool:
    call = cast("object", getattr(provider, "__call__", None))  # noqa: B004
    return inspect.iscoroutinefunction(provider) or inspect.iscoroutinefunction(call)


def async_http_transport(limits: httpx.Limits, verify: ssl.SSLContext) -> httpx.AsyncHTTPTransport:
    """One of the client's own connection pools (async: the cancel scope bounds it)."""
    return httpx.AsyncHTTPTransport(limits=limits, verify=verify)


def http_transport(limits: httpx.Limits, verify: ssl.SSLContext) -> httpx.HTTPTransport:
    """One of the sync client's own connection pools, whose sockets honour the deadline."""
    # Imported here: it needs httpcore (which imports trio and anyio's backends), and
    # ``import webwork_async`` should not pay for what only the sync client uses.
    from ._deadline_io import DeadlineTransport

    return DeadlineTransport(limits=limits, verify=verify)
