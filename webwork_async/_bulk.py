"""Results and bookkeeping of bulk jobs (``tasks.assign_many`` / ``tasks.unassign_many``).

The promise: every input appears in the result exactly once, in input order, as one of
SUCCEEDED (with what the server returned), FAILED (with its typed error), NOT_SENT (the job
stopped before it was tried) or UNKNOWN (it was in flight when the job was cancelled: it may or
may not have been applied). Nothing is dropped, even when the job is interrupted.
"""

from __future__ import annotations

import collections
import enum
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

from ._errors import WebWorkError

__all__ = [
    "BulkError",
    "BulkInterrupted",
    "BulkItem",
    "BulkProgress",
    "BulkResult",
    "BulkStatus",
    "BulkTally",
]

T = TypeVar("T")


class BulkStatus(str, enum.Enum):
    """What happened to one input of a bulk job."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    NOT_SENT = "not_sent"
    UNKNOWN = "unknown"


@attrs.frozen
class BulkItem(Generic[T]):
    """One input of a bulk job and what became of it.

    ``index`` is its position in the input; ``value`` is the server's answer when it
    succeeded; ``error`` the typed error when it failed (or why it was not sent).
    """

    index: int
    task_id: int
    user_id: int
    status: BulkStatus
    value: T | None = None
    error: BaseException | None = None


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
        return f"BulkResult({counts}, elapsed={self.elapsed:.2f}s)"


class BulkError(WebWorkError):
    """Raised at the end of a bulk job run with ``raise_on_error=True`` when some inputs did
    not succeed; ``result`` holds the full account."""

    def __init__(self, result: BulkResult[Any]) -> None:
        self._kwargs = {"result": result}
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


class BulkTally(Generic[T]):
    """Collects the items of a running job. Thread-safe; callbacks run one at a time, under
    its lock, so user callbacks never see two reports at once."""

    def __init__(
        self,
        pairs: list[tuple[int, int]],
        *,
        on_progress: Callable[[BulkProgress], object] | None,
        on_item: Callable[[BulkItem[T]], object] | None,
        budget_rate: Callable[[], float | None],
    ) -> None:
        self.pairs = pairs
        self._items: list[BulkItem[T] | None] = [None] * len(pairs)
        self._on_progress = on_progress
        self._on_item = on_item
        self._budget_rate = budget_rate
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._done = 0
        self._failed = 0
        self._recent: collections.deque[float] = collections.deque(maxlen=256)

    def record(
        self,
        index: int,
        status: BulkStatus,
        value: T | None = None,
        error: BaseException | None = None,
    ) -> None:
        task_id, user_id = self.pairs[index]
        item = BulkItem(index, task_id, user_id, status, value, error)
        with self._lock:
            if self._items[index] is not None:
                return  # recorded already (a cancelled worker racing the final sweep)
            self._items[index] = item
            if status in (BulkStatus.SUCCEEDED, BulkStatus.FAILED):
                self._done += 1
                self._failed += status is BulkStatus.FAILED
                self._recent.append(time.monotonic())
                if self._on_progress is not None:
                    self._on_progress(self._progress())
            if self._on_item is not None:
                self._on_item(item)

    def finish(self, unsent_error: BaseException | None = None) -> BulkResult[T]:
        """Mark every input not yet recorded as NOT_SENT; the final result."""
        for index, item in enumerate(self._items):
            if item is None:
                self.record(index, BulkStatus.NOT_SENT, error=unsent_error)
        items = tuple(item for item in self._items if item is not None)
        return BulkResult(items=items, elapsed=time.monotonic() - self._started)

    def _progress(self) -> BulkProgress:
        now = time.monotonic()
        elapsed = now - self._started
        total = len(self.pairs)
        rate = self._recent_rate(now)
        budget = self._budget_rate()
        # The budget caps what the next minutes can do, whatever the first burst achieved.
        steady = min(rate, budget) if budget else rate
        remaining = total - self._done
        eta = remaining / steady if steady > 0 else None
        return BulkProgress(self._done, self._failed, total, elapsed, rate, eta)

    def _recent_rate(self, now: float) -> float:
        recent = self._recent
        if len(recent) < 2:
            return 0.0
        # Items per second over the last ten seconds (or the whole job, if shorter).
        window_start = now - 10.0
        times = [t for t in recent if t >= window_start] or list(recent)
        span = max(now - min(times[0], now - 1e-3), 1e-3)
        return len(times) / span
