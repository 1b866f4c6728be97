"""The knobs of the fake: rate limiting, fault injection and latency."""

from __future__ import annotations

from dataclasses import dataclass

#: The transient faults of a real deployment, and ``Faults.kinds``' default.
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

#: What a broken or hostile server does (issue 10); never drawn unless asked for by name.
HOSTILE_KINDS: tuple[str, ...] = (
    "retry_after_huge",
    "retry_after_garbage",
    "reset_far",
    "limit_absurd",
    "gzip_bomb",
    "gzip_corrupt",
    "deep_json",
    "huge_body",
    "trickle",
    "pages_forever",
    "ignore_page",
    "last_page_huge",
    "echo_token",
)

#: Kinds that lie in the pagination of a list answer: they fault list routes only.
PAGE_KINDS = frozenset({"pages_forever", "ignore_page", "last_page_huge"})

#: Kinds whose lie is carried by the real answer: the handler always runs, ``after`` or not.
REAL_ANSWER_KINDS = PAGE_KINDS | {"limit_absurd"}

KNOWN_KINDS: tuple[str, ...] = FAULT_KINDS + HOSTILE_KINDS

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
    the kind is picked uniformly from ``kinds``. The default kinds are the transient faults
    of a real deployment:

    ``"500"``, ``"503"``, ``"504"``
        that status with a JSON error envelope (503 also carries ``Retry-After``).
    ``"502"``
        an HTML proxy page (``text/html``), as a load balancer would send.
    ``"429"``
        ``429 Too Many Attempts.`` with ``Retry-After: retry_after``.
    ``"drop"``
        the connection is closed without a response. With ``after=True`` this is a *lost
        answer*: the change is applied, then the connection closes before the status line.
    ``"truncate"``
        a 200 whose JSON body is cut in half.
    ``"html"``
        a 200 carrying an HTML page instead of JSON.
    ``"slow"``
        the response is delayed by ``slow_seconds`` (to trigger client read timeouts).

    The hostile kinds, a server that is broken or attacks its client, are used only when
    named in ``kinds`` (or given to ``fail_next``):

    ``"retry_after_huge"``
        ``429`` with ``Retry-After: 1000000000`` (32 years).
    ``"retry_after_garbage"``
        ``429`` whose ``Retry-After`` is ``-5``, ``soon``, ``NaN`` or empty, in that order,
        one per fault.
    ``"reset_far"``
        ``429`` without ``Retry-After``, with ``X-RateLimit-Remaining: 0`` and an
        ``X-RateLimit-Reset`` ten years ahead.
    ``"limit_absurd"``
        the real answer, carrying ``X-RateLimit-Limit: 1000000000000`` and
        ``X-RateLimit-Remaining: 0``.
    ``"gzip_bomb"``
        a 200 with ``Content-Encoding: gzip``: about 520 KB that inflate to 500 MiB of JSON
        whitespace (built once per process, never held inflated).
    ``"gzip_corrupt"``
        a 200 with ``Content-Encoding: gzip`` whose stream breaks after the gzip header.
    ``"deep_json"``
        a 200 whose ``data`` is 100,000 nested arrays (valid JSON, too deep to recurse).
    ``"huge_body"``
        the answer padded with JSON whitespace to ``huge_body_bytes`` (64 MiB by default),
        streamed in 64 KiB pieces where the adapter allows it.
    ``"trickle"``
        the headers at once, then the body one byte every ``trickle_seconds``.
    ``"pages_forever"``, ``"ignore_page"``, ``"last_page_huge"``
        lies in the answer of a list route (other routes are never given these kinds): every
        page claims one more page after it (pages past the data are empty); every request
        is answered with page 1 whatever its ``page``; the page claims ``last_page`` 10**9.
    ``"echo_token"``
        ``401`` whose ``message`` and ``error`` contain the bearer token the client sent.

    With ``after=False`` (default) the fault is decided before the request reaches the
    handlers, so a faulted request changes no state (a ``"slow"``, ``"trickle"`` or
    ``"huge_body"`` fault then carries a 504 answer). With ``after=True`` the request is
    handled normally (state changes are applied) and then its response is replaced by the
    fault: the request reached the server but the answer was lost or mangled on the way
    back (those three then deliver the real answer, late, slowly or padded). The kinds that
    lie inside a real answer (``limit_absurd`` and the page kinds) always let the request
    be handled.

    ``routes`` restricts faults to some routes, written ``"METHOD /template"`` as in
    ``"POST /tasks/{taskId}/assign/{userId}"``; ``None`` means every request.
    """

    rate: float = 0.1
    kinds: tuple[str, ...] = FAULT_KINDS
    slow_seconds: float = 2.0
    retry_after: int = 1
    after: bool = False
    routes: tuple[str, ...] | None = None
    trickle_seconds: float = 0.2
    huge_body_bytes: int = 64 * 1024 * 1024

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("Faults.rate must be between 0 and 1")
        if not self.kinds:
            raise ValueError("Faults.kinds must not be empty")
        unknown = [kind for kind in self.kinds if kind not in KNOWN_KINDS]
        if unknown:
            raise ValueError(f"unknown fault kinds {unknown}; choose from {KNOWN_KINDS}")
        if self.slow_seconds < 0 or self.retry_after < 0 or self.trickle_seconds < 0:
            raise ValueError(
                "Faults.slow_seconds, retry_after and trickle_seconds must not be negative"
            )
        if self.huge_body_bytes < 1:
            raise ValueError("Faults.huge_body_bytes must be positive")


def check_latency(latency: Latency) -> Latency:
    """Validate a latency setting and return it unchanged."""
    if isinstance(latency, tuple):
        low, high = latency
        if not 0 <= low <= high:
            raise ValueError("latency range must satisfy 0 <= min <= max")
    elif latency < 0:
        raise ValueError("latency must not be negative")
    return latency
