"""The knobs of the fake: rate limiting, fault injection and latency."""

from __future__ import annotations

from dataclasses import dataclass

#: The transient faults of a real deployment, and ``Faults.kinds``' default.
FAULT_KINDS: tuple[str, ...] = (
    "500", "502", "503", "504", "429", "drop", "truncate", "html", "slow",
)  # fmt: skip

#: What a broken or hostile server does (issue 10); never drawn unless asked for by name.
HOSTILE_KINDS: tuple[str, ...] = (
    "retry_after_huge", "retry_after_garbage", "reset_far", "limit_absurd", "gzip_bomb",
    "gzip_corrupt", "deep_json", "huge_body", "trickle", "pages_forever", "ignore_page",
    "last_page_huge", "echo_token",
)  # fmt: skip

#: Kinds that lie in the pagination of a list answer: they fault list routes only.
PAGE_KINDS = frozenset({"pages_forever", "ignore_page", "last_page_huge"})

#: Kinds whose lie is carried by the real answer: the handler always runs, ``after`` or not.
REAL_ANSWER_KINDS = PAGE_KINDS | {"limit_absurd"}

KNOWN_KINDS: tuple[str, ...] = FAULT_KINDS + HOSTILE_KINDS

#: Seconds added to every response: a constant, or a ``(min, max)`` range drawn per request.
Latency = float | tuple[float, float]


@dataclass(frozen=True)
class RateLimit:
    """``limit`` requests per ``window`` seconds and user, the window opened by the user's
    first request in it::

        FakeWebWork(rate_limit=RateLimit.documented())  # 60 per minute, as in production
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
    """Random failures: each request is faulted with probability ``rate`` (from the fake's
    seeded RNG), the kind drawn uniformly from ``kinds``. The default kinds are the transient
    faults of a real deployment:

    * ``"500"``, ``"503"`` (with ``Retry-After``), ``"504"``: that status, a JSON envelope;
    * ``"502"``: a proxy's HTML page; ``"html"``: a 200 carrying an HTML page;
    * ``"429"``: ``Too Many Attempts.`` with ``Retry-After: retry_after``;
    * ``"drop"``: the connection closes without an answer (with ``after=True``: a *lost
      answer*, the change is applied);
    * ``"truncate"``: a 200 whose JSON body is cut in half;
    * ``"slow"``: the answer comes ``slow_seconds`` late (for read timeouts).

    The hostile kinds, a server broken or attacking its client, only when named:

    * ``"retry_after_huge"``: 429 with ``Retry-After: 1000000000``;
      ``"retry_after_garbage"``: 429s whose ``Retry-After`` is ``-5``, ``soon``, ``NaN``,
      empty, in turn; ``"reset_far"``: 429 with no ``Retry-After``, ``X-RateLimit-Remaining:
      0`` and a reset ten years ahead; ``"limit_absurd"``: the real answer with
      ``X-RateLimit-Limit: 1000000000000`` and ``X-RateLimit-Remaining: 0``;
    * ``"gzip_bomb"``: ~520 KB of ``Content-Encoding: gzip`` inflating to 500 MiB;
      ``"gzip_corrupt"``: a gzip stream broken after its header; ``"deep_json"``: ``data``
      nesting 100,000 arrays; ``"huge_body"``: the answer padded with whitespace to
      ``huge_body_bytes``, streamed; ``"trickle"``: the body a byte every
      ``trickle_seconds``;
    * ``"pages_forever"``, ``"ignore_page"``, ``"last_page_huge"`` (list routes only): every
      page claims one more; every request gets page 1; ``last_page`` is 10**9;
    * ``"echo_token"``: a 401 whose ``message`` and ``error`` repeat the bearer token.

    With ``after=False`` the fault replaces the handling, so the request changes nothing
    (``slow``, ``trickle`` and ``huge_body`` then deliver a 504). With ``after=True`` the
    request is handled, then its answer is lost or mangled on the way back. ``limit_absurd``
    and the page kinds lie inside the real answer, so the request is always handled.
    ``routes`` limits faults to some routes, written like ``"POST /tasks/{taskId}/assign/
    {userId}"``; ``None`` means every request.
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
