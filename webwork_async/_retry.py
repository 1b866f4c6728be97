"""The retry policy: which failures are tried again, and how long to wait before each try.

The request loop (``_async/_client.py``) asks :class:`RetryPolicy` after every failed attempt;
everything here is pure arithmetic on what the attempt ended with, so it needs no async twin.
"""

from __future__ import annotations

import random

import attrs
import httpx

from ._errors import APIStatusError, RateLimitError
from ._ratelimit import parse_rate_headers

__all__ = [
    "DEFAULT_MAX_RETRY_WAIT",
    "NOT_SENT",
    "RETRYABLE_STATUS",
    "RetryPolicy",
    "rate_limit_hint",
]

# The longest the client waits because a server said so (Retry-After, rate-limit resets).
DEFAULT_MAX_RETRY_WAIT = 60.0

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})

# Errors raised before a single byte of the request could reach the server: safe to retry
# even for a request that creates something.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@attrs.frozen
class RetryPolicy:
    """When and how long to wait before trying a request again.

    Retries connection failures and 408/429/500/502/503/504, at most ``max_retries`` times,
    with exponential backoff and equal jitter: before retry n (from 0) it waits between half
    and all of ``min(max_backoff, backoff * 2**n)``. A 429 waits what the server asks
    (``Retry-After``, else the rate-limit reset) when that is at most ``max_retry_wait``
    seconds; a longer wait is not retried (the caller learns at once); a 429 with no usable
    hint backs off like any other failure. A request that may create something (not
    ``idempotent``) is retried only when it certainly did not reach the server: a failed
    connect, or a 429, which the server answers without acting.
    """

    max_retries: int = 2
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT

    def delay_after_error(
        self, attempt: int, exc: BaseException, *, idempotent: bool
    ) -> float | None:
        """The wait before retrying an attempt that got no answer, or None to give up."""
        if attempt >= self.max_retries:
            return None
        if not isinstance(exc, (httpx.TransportError, TimeoutError)):
            return None
        if not idempotent and not isinstance(exc, NOT_SENT):
            return None
        return self._backoff(attempt)

    def delay_after_status(
        self, attempt: int, error: APIStatusError, *, idempotent: bool
    ) -> float | None:
        """The wait before retrying an attempt answered with ``error``, or None to give up."""
        if attempt >= self.max_retries or error.status_code not in RETRYABLE_STATUS:
            return None
        if not idempotent and error.status_code != 429:
            return None
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            if error.retry_after > self.max_retry_wait:
                return None
            return error.retry_after
        return self._backoff(attempt)

    def gate_after_429(self, attempt: int, error: APIStatusError) -> float:
        """How long a 429 holds every request of the client back: the server's hint up to
        ``max_retry_wait``, or the backoff when it gave none."""
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            return min(error.retry_after, self.max_retry_wait)
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.max_backoff, self.backoff * 2.0**attempt)
        # "Equal jitter": never less than half the ceiling, so retries do not stampede.
        return ceiling / 2 + random.uniform(0, ceiling / 2)


def rate_limit_hint(headers: httpx.Headers) -> float | None:
    """How long a 429 asks us to wait: its ``Retry-After``, else the time until the
    rate-limit window resets; None when neither is a usable number."""
    parsed = parse_rate_headers(headers)
    return parsed.retry_after if parsed.retry_after is not None else parsed.reset_after
