"""The rate budget: when may the next request go out? Pure bookkeeping, no I/O, no clock of
its own (``now`` is passed in), so it is tested with exact numbers.

The API allows ``limit`` requests per ``window`` seconds per user and reports what is left in
response headers. Three rules keep a client at that rate with no 429:

1. Never more than ``limit`` sends in any ``window`` (+ a small margin for network jitter),
   counted on our own send times. That is never more than a fixed-window server allows,
   however its windows are aligned, and bursts as soon as budget is free.
2. The server's word wins: a response saying only ``remaining`` are left (other programs may
   share the token) fills our log with the sends we did not make ourselves.
3. Until the first response has said how much is left, only one request is out: bursting
   into a budget someone else has already spent would be a burst of 429s.

A 429 closes the gate for everybody, for as long as the client decided to wait (its
``Retry-After``, or the backoff when it has none), never longer than the client's
``max_retry_wait``.

Nothing here grows with a number the server claims: the send log is run-length encoded
(one ``[time, count]`` entry per distinct send time), a claimed limit is capped at
``MAX_LIMIT``, and a learned window at ``max_wait``.
"""

from __future__ import annotations

import collections
import email.utils
import math
import threading
import time
from typing import cast

import attrs
import httpx

from ._errors import InvalidRequestError

__all__ = ["MAX_LIMIT", "RateLimit", "RateState", "parse_rate_headers"]

# The largest budget a server may claim: far above any real API's, small enough that our own
# bookkeeping stays a few megabytes whatever the headers say.
MAX_LIMIT = 100_000


@attrs.frozen
class RateLimit:
    """A request budget: ``limit`` requests per ``window`` seconds.

    The documented budget of the WebWork API is 60 per minute per user (``RateLimit()``);
    ``limit`` is updated from the ``X-RateLimit-Limit`` header when the server sends one.
    Pass ``rate_limit=None`` to the client to turn pacing off.
    """

    limit: int = 60
    window: float = 60.0

    def __attrs_post_init__(self) -> None:
        if type(self.limit) is not int or self.limit < 1:
            raise InvalidRequestError(
                "rate_limit.limit", f"must be an int >= 1, got {self.limit!r}"
            )
        window = cast("object", self.window)  # checked at run time: callers may pass anything
        if not isinstance(window, (int, float)) or not window > 0:
            raise InvalidRequestError(
                "rate_limit.window", f"must be > 0 seconds, got {self.window!r}"
            )


@attrs.frozen
class RateHeaders:
    """What a response says about the budget; every field is optional."""

    limit: int | None = None
    remaining: int | None = None
    reset_after: float | None = None
    retry_after: float | None = None


def parse_rate_headers(headers: httpx.Headers, now_epoch: float | None = None) -> RateHeaders:
    """Read the ``X-RateLimit-*`` / ``RateLimit-*`` headers and ``Retry-After``.

    ``X-RateLimit-Reset`` is read as a Unix time when it is larger than a year of seconds
    (GitHub and Laravel style), else as seconds from now (the IETF draft's style).
    """
    # One pass over the headers (this runs on every response): the first value of each
    # header we read, by its lower-case name.
    found: dict[bytes, bytes] = {}
    for raw_name, raw_value in headers.raw:
        name = raw_name.lower()
        if name in _RATE_HEADERS:
            found.setdefault(name, raw_value)
    if not found:
        return _NO_RATE_HEADERS
    now_epoch = time.time() if now_epoch is None else now_epoch

    def number(*names: bytes) -> float | None:
        for name in names:
            value = found.get(name)
            if value is not None:
                try:
                    parsed = float(value.split(b",")[0].strip())
                except ValueError:
                    continue
                if math.isfinite(parsed) and parsed >= 0:
                    return parsed
        return None

    limit = number(b"x-ratelimit-limit", b"ratelimit-limit")
    remaining = number(b"x-ratelimit-remaining", b"ratelimit-remaining")
    reset = number(b"x-ratelimit-reset", b"ratelimit-reset")
    if reset is not None and reset > 365 * 24 * 3600:
        reset = max(0.0, reset - now_epoch)
    retry_after = number(b"retry-after")
    if retry_after is None and b"retry-after" in found:
        retry_after = _http_date_delay(headers["retry-after"], now_epoch)
    return RateHeaders(
        limit=min(int(limit), MAX_LIMIT) if limit is not None and limit >= 1 else None,
        remaining=min(int(remaining), MAX_LIMIT) if remaining is not None else None,
        reset_after=reset,
        retry_after=retry_after,
    )


_RATE_HEADERS = frozenset(
    {
        b"x-ratelimit-limit",
        b"ratelimit-limit",
        b"x-ratelimit-remaining",
        b"ratelimit-remaining",
        b"x-ratelimit-reset",
        b"ratelimit-reset",
        b"retry-after",
    }
)
_NO_RATE_HEADERS = RateHeaders()


def _http_date_delay(value: str, now_epoch: float) -> float | None:
    """Seconds until an HTTP date; None for anything that is not one (a date past year 9999
    or otherwise unparseable is nonsense, and the caller falls back to its backoff)."""
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - now_epoch)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


class RateState:
    """The budget's bookkeeping for one client (see the module docstring for the rules).

    With ``rate_limit=None`` the budget is learned ("auto"): nothing is paced until a response
    carries rate-limit headers, and the window length is learned from the ``reset`` header of
    responses that opened a window (``remaining == limit - 1``), starting from the documented
    60 s. Thread-safe: the sync client calls it from worker threads; the lock is never held
    while anybody sleeps.
    """

    def __init__(
        self, rate_limit: RateLimit | None, *, margin: float = 0.1, max_wait: float = 60.0
    ) -> None:
        self.limit: int | None = None if rate_limit is None else rate_limit.limit
        self.learn_window = rate_limit is None
        # A learned window comes from the server's headers: it never exceeds max_wait.
        self.max_wait = max_wait
        self.window = (
            min(RateLimit().window, max_wait) if rate_limit is None else float(rate_limit.window)
        )
        self.margin = margin
        self._learned_window: float | None = None
        self._lengthened_at = -math.inf
        # Run-length encoded: [send time, how many sends at that time], oldest first, and
        # their total. The server's "remaining" can claim any number of sends; that is one
        # entry here, not one per claimed send.
        self._sent: collections.deque[list[float]] = collections.deque()
        self._count = 0
        self._gate_until = 0.0
        self._probing = True
        self._probe_out = False
        self._lock = threading.Lock()

    def delay(self, now: float) -> float:
        """Seconds to wait before a request may go out; 0 means it may go now (and it is
        counted as sent)."""
        with self._lock:
            return self._delay(now)

    def _delay(self, now: float) -> float:
        if now < self._gate_until:
            return self._gate_until - now
        if self._probing and self._probe_out:
            # The first request is out; the next waits for its answer (rule 3). A short poll:
            # only the one waiter holding the limiter's pacing lock does it.
            return 0.005
        if self.limit is not None:
            horizon = now - self.window - self.margin
            self._expire(horizon)
            if self._count >= self.limit:
                # The oldest sends free their budget when they leave the window; the caller
                # asks again then (several runs may have to leave first).
                return self._sent[0][0] - horizon
            self._record(now, 1)
        # else: no budget known, the server has not said it has one.
        if self._probing:
            self._probe_out = True
        return 0.0

    def _expire(self, horizon: float) -> None:
        sent = self._sent
        while sent and sent[0][0] <= horizon:
            self._count -= int(sent.popleft()[1])

    def _record(self, when: float, count: int) -> None:
        if self._sent and self._sent[-1][0] == when:
            self._sent[-1][1] += count
        else:
            self._sent.append([when, float(count)])
        self._count += count

    def close_gate(self, now: float, seconds: float) -> None:
        """Hold every request back for ``seconds`` (after a 429), at most ``max_wait``."""
        with self._lock:
            until = now + min(max(0.0, seconds), self.max_wait)
            self._gate_until = max(self._gate_until, until)

    def on_response(
        self, now: float, headers: RateHeaders, *, status_code: int, round_trip: float = 0.0
    ) -> None:
        """Learn from a response (or from its absence: call with empty headers after a
        connection error, so a failed probe does not stall everybody). ``round_trip`` is how
        long the request took, to tell when it reached the server."""
        with self._lock:
            self._on_response(now, headers, status_code, round_trip)

    def _on_response(
        self, now: float, headers: RateHeaders, status_code: int, round_trip: float
    ) -> None:
        self._probing = False
        if headers.limit is not None:
            self.limit = headers.limit
            opened_window = headers.remaining == headers.limit - 1
            if self.learn_window and opened_window and headers.reset_after:
                # From the send, not from half the round trip: the request reached the
                # server after it left us, so this never falls short of the window (a server
                # that counts a request on arrival, then works on it, answers late; half the
                # round trip then put the arrival too late and the window a second short).
                self._learn_window(headers.reset_after + round_trip)
        if headers.remaining is not None and self.limit is not None:
            # The server counted this many in its window; our log must not show fewer.
            missing = self.limit - headers.remaining - self._count
            if missing > 0:
                oldest = self._sent[0][0] if self._sent else now
                if self._sent and self._sent[0][0] == oldest:
                    self._sent[0][1] += missing
                else:
                    self._sent.appendleft([oldest, float(missing)])
                self._count += missing
        if (
            status_code == 429
            and self._learned_window is not None
            and now - round_trip > self._lengthened_at
        ):
            # Paced by the learned window and still refused: it is longer than we thought.
            # Only a request sent after the last lengthening is new evidence: the 429s of
            # one burst, sent under the old estimate, add one second, not one each.
            self._learned_window = min(self._learned_window + 1.0, self.max_wait)
            self.window = self._learned_window
            self._lengthened_at = now

    def _learn_window(self, reset_after_send: float) -> None:
        # This request opened the window, so the window's length is the time from its arrival
        # to the reset: a little less than the time from its send. Servers send the reset time
        # in whole seconds rounded up (Laravel does), so that time is the window plus less
        # than a second, plus the trip there: its floor is the window, or a second more when
        # the two add up to a second (safe: a later, smaller estimate replaces it).
        # The smallest estimate is kept, and a 429 adds a second (see _on_response).
        estimate = min(float(max(1, math.floor(reset_after_send))), self.max_wait)
        if self._learned_window is None or estimate < self._learned_window:
            self._learned_window = estimate
            self.window = estimate

    @property
    def learned_window(self) -> float | None:
        """The window learned from the server's headers (None: not learned, or not learning)."""
        return self._learned_window

    def adopt_window(self, window: float) -> None:
        """A window another client learned (shared through a rate store): pace by it too,
        should this client pace alone for a while."""
        with self._lock:
            if self.learn_window and self._learned_window is None:
                self._learned_window = self.window = min(window, self.max_wait)

    def in_window(self, now: float) -> int:
        """Sends counted in the current window (for progress reports and tests)."""
        horizon = now - self.window - self.margin
        with self._lock:
            return int(sum(count for when, count in self._sent if when > horizon))
