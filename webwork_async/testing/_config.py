"""The knobs of the fake: rate limiting, fault injection and latency."""

from __future__ import annotations

from dataclasses import dataclass

FAULT_KINDS: tuple[str, ...] = (
    "500",
    "502",
    "503",
    "504",
    "429",
    "drop",
    "truncate",
    "html",
    "slow",
)

#: Seconds added to every response: a constant, or a ``(min, max)`` range drawn per request.
Latency = float | tuple[float, float]


@dataclass(frozen=True)
class RateLimit:
    """A fixed-window rate limit applied per authenticated user.

    ``limit`` requests are allowed per ``window`` seconds; the window opens at the user's
    first request. The documented production limit is 60 requests per minute::

        FakeWebWork(rate_limit=RateLimit.documented())
        FakeWebWork(rate_limit=RateLimit(limit=5, window=0.5))  # fast tests
    """

    limit: int = 60
    window: float = 60.0

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError("RateLimit.limit must be at least 1")
        if self.window <= 0:
            raise ValueError("RateLimit.window must be positive")

    @classmethod
    def documented(cls) -> RateLimit:
        """The limit the WebWork docs announce: 60 requests per minute per user."""
        return cls(limit=60, window=60.0)


@dataclass(frozen=True)
class Faults:
    """Random failures injected into a fraction of the requests.

    Each request is faulted with probability ``rate`` (drawn from the fake's seeded RNG) and
    the kind is picked uniformly from ``kinds``:

    ``"500"``, ``"503"``, ``"504"``
        that status with a JSON error envelope (503 also carries ``Retry-After``).
    ``"502"``
        an HTML proxy page (``text/html``), as a load balancer would send.
    ``"429"``
        ``429 Too Many Attempts.`` with ``Retry-After: retry_after``.
    ``"drop"``
        the connection is closed without a response.
    ``"truncate"``
        a 200 whose JSON body is cut in half.
    ``"html"``
        a 200 carrying an HTML page instead of JSON.
    ``"slow"``
        the response is delayed by ``slow_seconds`` (to trigger client read timeouts).

    With ``after=False`` (default) the fault is decided before the request reaches the
    handlers, so a faulted request changes no state (a ``"slow"`` fault then answers 504 late).
    With ``after=True`` the request is handled normally (state changes are applied) and then
    its response is replaced by the fault: the request reached the server but the answer was
    lost or mangled on the way back (a ``"slow"`` fault then delivers the real answer late).

    ``routes`` restricts faults to some routes, written ``"METHOD /template"`` as in
    ``"POST /tasks/{taskId}/assign/{userId}"``; ``None`` means every request.
    """

    rate: float = 0.1
    kinds: tuple[str, ...] = FAULT_KINDS
    slow_seconds: float = 2.0
    retry_after: int = 1
    after: bool = False
    routes: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("Faults.rate must be between 0 and 1")
        if not self.kinds:
            raise ValueError("Faults.kinds must not be empty")
        unknown = [kind for kind in self.kinds if kind not in FAULT_KINDS]
        if unknown:
            raise ValueError(f"unknown fault kinds {unknown}; choose from {FAULT_KINDS}")
        if self.slow_seconds < 0 or self.retry_after < 0:
            raise ValueError("Faults.slow_seconds and Faults.retry_after must not be negative")


def check_latency(latency: Latency) -> Latency:
    """Validate a latency setting and return it unchanged."""
    if isinstance(latency, tuple):
        low, high = latency
        if not 0 <= low <= high:
            raise ValueError("latency range must satisfy 0 <= min <= max")
    elif latency < 0:
        raise ValueError("latency must not be negative")
    return latency
