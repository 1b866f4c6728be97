"""Results and bookkeeping of bulk jobs (``tasks.assign_many`` / ``tasks.unassign_many``).

The promise: every input appears in the result exactly once, in input order, in a state that
is true of the server:

* SUCCEEDED: the server confirmed it (its answer, or reading the task's assignees back);
* FAILED: the server certainly did not apply it (it answered with a rejection, or the input
  was invalid and never sent);
* UNKNOWN: a request for it may have reached the server and no answer settled it;
* NOT_SENT: no request for it could have reached the server.

The state of an item comes from the :class:`~webwork_async._trace.CallTrace` of its call
(whether an attempt may have reached the server), not from the type of the error alone.
Nothing is dropped, even when the job is interrupted.
"""

from __future__ import annotations

import collections
import enum
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs
import httpx

from ._errors import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    InvalidRequestError,
    ResponseDecodeError,
    WebWorkError,
)
from ._trace import CallTrace

__all__ = [
    "MIN_RATE_SPAN",
    "RATE_WINDOW",
    "BulkError",
    "BulkInterrupted",
    "BulkItem",
    "BulkProgress",
    "BulkResult",
    "BulkStatus",
    "BulkTally",
    "halts_job",
    "status_after",
]

T = TypeVar("T")


class BulkStatus(str, enum.Enum):
    """What happened to one input of a bulk job, as true of the server.

    ``SUCCEEDED``: the server confirmed it (its answer, or the task's assignees read back).
    ``FAILED``: the server certainly did not apply it (it rejected it, or the input was
    invalid and never sent). ``UNKNOWN``: a request for it may have reached the server and
    nothing settled it. ``NOT_SENT``: no request for it could have reached the server.
    """

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    NOT_SENT = "not_sent"
    UNKNOWN = "unknown"


@attrs.frozen
class BulkItem(Generic[T]):
    """One input of a bulk job and what became of it.

    ``index`` is its position in the input (``task_id`` and ``user_id`` are 0 for an input
    that is not a valid pair); ``value`` is the server's answer when it succeeded; ``error``
    the typed error when it failed, why it was not sent, or what left it in doubt.
    ``verified`` is True when its state was settled by reading the task's assignees
    back after the job (its call had ended in doubt); ``verify_error`` is the error of that
    read when it failed, and the item then stays UNKNOWN.
    """

    index: int
    task_id: int
    user_id: int
    status: BulkStatus
    value: T | None = None
    error: BaseException | None = None
    verified: bool = False
    verify_error: BaseException | None = None


@attrs.frozen
class BulkProgress:
    """A progress report: ``done`` of ``total`` finished (``failed`` of them failed),
    ``rate`` in items per second over the last seconds, ``eta`` in seconds (None until known).
    """

    done: int
    failed: int
    total: int
    elapsed: float
    rate: float
    eta: float | None


@attrs.frozen
class BulkResult(Generic[T]):
    """The outcome of a bulk job: one :class:`BulkItem` per input, in input order."""

    items: tuple[BulkItem[T], ...]
    elapsed: float

    @property
    def succeeded(self) -> list[BulkItem[T]]:
        return self._with(BulkStatus.SUCCEEDED)

    @property
    def failed(self) -> list[BulkItem[T]]:
        return self._with(BulkStatus.FAILED)

    @property
    def not_sent(self) -> list[BulkItem[T]]:
        return self._with(BulkStatus.NOT_SENT)

    @property
    def unknown(self) -> list[BulkItem[T]]:
        return self._with(BulkStatus.UNKNOWN)

    @property
    def verified(self) -> list[BulkItem[T]]:
        """The items settled by reading the truth back (see :attr:`BulkItem.verified`)."""
        return [item for item in self.items if item.verified]

    @property
    def ok(self) -> bool:
        """True when every input succeeded."""
        return all(item.status is BulkStatus.SUCCEEDED for item in self.items)

    def counts(self) -> dict[str, int]:
        """How many inputs ended in each status."""
        counter = collections.Counter(item.status.value for item in self.items)
        return {status.value: counter[status.value] for status in BulkStatus}

    def raise_for_errors(self) -> None:
        """Raise :class:`BulkError` (carrying this result) unless every input succeeded."""
        if not self.ok:
            raise BulkError(self)

    def _with(self, status: BulkStatus) -> list[BulkItem[T]]:
        return [item for item in self.items if item.status is status]

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.counts().items())
        verified = len(self.verified)
        shown = f", verified={verified}" if verified else ""
        return f"BulkResult({counts}{shown}, elapsed={self.elapsed:.2f}s)"


class BulkError(WebWorkError):
    """Raised at the end of a bulk job run with ``raise_on_error=True`` when some inputs did
    not succeed; ``result`` holds the full account."""

    def __init__(self, result: BulkResult[Any]) -> None:
        self.result = result
        counts = result.counts()
        super().__init__(
            f"{counts['failed']} of {len(result.items)} failed"
            + (f", {counts['not_sent']} not sent" if counts["not_sent"] else "")
            + (f", {counts['unknown']} unknown" if counts["unknown"] else "")
        )


class BulkInterrupted(KeyboardInterrupt):
    """Ctrl-C during a sync bulk job: still a KeyboardInterrupt, with the exact account of
    what was and was not applied in ``result``."""

    def __init__(self, result: BulkResult[Any]) -> None:
        super().__init__(f"bulk job interrupted: {result!r}")
        self.result = result


# Errors whose cause is on the wire (an answer, or the lack of one): what they mean for the
# item depends on the trace. Anything else was raised by the client itself.
_WIRE_ERRORS = (APIConnectionError, APIStatusError, ResponseDecodeError, httpx.HTTPError)


def status_after(trace: CallTrace, error: Exception) -> BulkStatus:
    """The state of an item whose call raised ``error``, given the call's trace.

    UNKNOWN when an attempt may have applied it: an earlier attempt was left in doubt (a lost
    answer, a 5xx), the failing attempt was on the wire, or the server accepted the request
    with a success status whose body could not be read. A job that verifies settles these by
    reading back. Otherwise FAILED for a rejection by the server or an invalid argument, and
    NOT_SENT for an error the client raised before anything left (a closed client, a token
    provider that failed, a connection that could not be opened).
    """
    if trace.uncertain or _accepted(error):
        return BulkStatus.UNKNOWN
    if isinstance(error, _WIRE_ERRORS):
        if trace.in_flight:
            return BulkStatus.UNKNOWN
    elif trace.attempts and not trace.in_flight:
        # Raised by the client after an attempt was answered (a response hook, say): the
        # answer it got is lost with the error, so the server may have applied it.
        return BulkStatus.UNKNOWN
    if isinstance(error, (APIStatusError, ResponseDecodeError, InvalidRequestError)):
        return BulkStatus.FAILED  # the server answered, not with success; or never sent
    return BulkStatus.NOT_SENT


def halts_job(error: Exception) -> bool:
    """Whether ``error`` will fail every remaining item alike, so the job should stop.

    An authentication failure (401, after the token provider was asked for a new token), or
    an error the client raised itself (a closed client, a failing token provider) other than
    an invalid argument: sending the rest would spend the rate budget on doomed requests.
    """
    if isinstance(error, AuthenticationError):
        return True
    return not isinstance(error, (*_WIRE_ERRORS, InvalidRequestError))


def _accepted(error: Exception) -> bool:
    # A success status with an unreadable body: the server took the request.
    return isinstance(error, ResponseDecodeError) and 200 <= error.status_code < 300


#: Progress ``rate`` counts the items settled in the last this many seconds.
RATE_WINDOW = 10.0
#: The shortest span a rate is measured over, so a first instant burst is not a division by 0.
MIN_RATE_SPAN = 1e-3


class BulkTally(Generic[T]):
    """Collects the items of a running job. Thread-safe; callbacks run one at a time, under
    its lock, so user callbacks never see two reports at once.

    Each item is published once, with its final state: ``record`` publishes at once; ``hold``
    keeps an item that ended in doubt back until verification publishes it with ``record``
    (or ``finish`` publishes it as UNKNOWN). ``on_item`` hears every item exactly once, and
    ``on_progress`` follows each SUCCEEDED or FAILED one. After ``finish`` nothing changes.
    """

    def __init__(
        self,
        pairs: list[tuple[int, int]],
        *,
        on_progress: Callable[[BulkProgress], object] | None,
        on_item: Callable[[BulkItem[T]], object] | None,
        budget_rate: Callable[[], float | None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.pairs = pairs
        self._items: list[BulkItem[T] | None] = [None] * len(pairs)
        self._on_progress = on_progress
        self._on_item = on_item
        self._budget_rate = budget_rate
        self._clock = clock
        self._lock = threading.Lock()
        self._started = clock()
        self._done = 0
        self._failed = 0
        # Settle times within the rate window; trimmed as it slides, so bounded by the rate.
        self._recent: collections.deque[float] = collections.deque()
        self._running: dict[int, CallTrace] = {}
        self._held: dict[int, BaseException | None] = {}
        self._result: BulkResult[T] | None = None

    def start(self, index: int) -> CallTrace:
        """Note that ``index`` is being tried; the trace its call should record on."""
        trace = CallTrace()
        with self._lock:
            self._running[index] = trace
        return trace

    def hold(self, index: int, error: BaseException | None) -> None:
        """Keep ``index`` back (UNKNOWN so far, with ``error``) until verification settles it."""
        with self._lock:
            if self._result is not None or self._items[index] is not None:
                return
            self._held[index] = error

    def held(self) -> dict[int, BaseException | None]:
        """The items kept back for verification, with their errors."""
        with self._lock:
            return dict(self._held)

    def record(
        self,
        index: int,
        status: BulkStatus,
        value: T | None = None,
        error: BaseException | None = None,
        *,
        verified: bool = False,
        verify_error: BaseException | None = None,
    ) -> None:
        """Publish the final state of ``index`` (ignored if it has one, or the job ended)."""
        task_id, user_id = self.pairs[index]
        item = BulkItem(index, task_id, user_id, status, value, error, verified, verify_error)
        with self._lock:
            if self._result is not None or self._items[index] is not None:
                return  # a worker abandoned after an interrupt, ending late
            self._publish(item)

    def finish(self, unsent_error: BaseException | None = None) -> BulkResult[T]:
        """Publish every item without a state, and freeze the result.

        Held items end UNKNOWN with their error; items still being tried (a worker abandoned
        after an interrupt) UNKNOWN too, since their request may still go out; the rest were
        never tried, NOT_SENT with ``unsent_error`` (why the job stopped early), if any.
        """
        with self._lock:
            if self._result is not None:
                return self._result
            for index, item in enumerate(self._items):
                if item is not None:
                    continue
                task_id, user_id = self.pairs[index]
                if index in self._held:
                    status, error = BulkStatus.UNKNOWN, self._held[index]
                elif index in self._running:
                    status, error = BulkStatus.UNKNOWN, None
                else:
                    status, error = BulkStatus.NOT_SENT, unsent_error
                self._publish(BulkItem(index, task_id, user_id, status, None, error))
            items = tuple(item for item in self._items if item is not None)
            self._result = BulkResult(items=items, elapsed=self._clock() - self._started)
            return self._result

    def _publish(self, item: BulkItem[T]) -> None:
        # Under the lock.
        self._items[item.index] = item
        self._running.pop(item.index, None)
        self._held.pop(item.index, None)
        if item.status in (BulkStatus.SUCCEEDED, BulkStatus.FAILED):
            now = self._clock()
            self._done += 1
            self._failed += item.status is BulkStatus.FAILED
            self._recent.append(now)
            if self._on_progress is not None:
                self._on_progress(self._progress(now))
        if self._on_item is not None:
            self._on_item(item)

    def _progress(self, now: float) -> BulkProgress:
        total = len(self.pairs)
        rate = self._rate(now)
        budget = self._budget_rate()
        # The budget caps what the next minutes can do, whatever the first burst achieved.
        steady = min(rate, budget) if budget else rate
        remaining = total - self._done
        eta = remaining / steady if steady > 0 else None
        return BulkProgress(self._done, self._failed, total, now - self._started, rate, eta)

    def _rate(self, now: float) -> float:
        """Items settled per second over the last RATE_WINDOW seconds (or since the start)."""
        recent = self._recent
        horizon = now - RATE_WINDOW
        while recent and recent[0] < horizon:
            recent.popleft()
        span = max(min(now - self._started, RATE_WINDOW), MIN_RATE_SPAN)
        return len(recent) / span
