"""One rate budget shared by every process and host that uses the same token, kept in Redis.

The rules are :class:`~webwork_async._ratelimit.RateState`'s (read its module docstring),
applied to one send log that all clients share instead of one per client:

1. never more than ``limit`` sends in any ``window`` (+ margin), counted over every client;
2. the server's word wins: a ``limit`` or ``remaining`` that one client reads is written to
   the shared state, so the others pace by it too;
3. a cold budget (no response seen yet, or idle long enough for its keys to expire) lets one
   request out, the probe, and the others wait for its answer (or for its lease to run out,
   should its process die);
4. a 429 closes the gate for everybody, for at most the ``max_retry_wait`` of the client that
   met it.

Everything that must be atomic runs in Redis as one Lua script per step (the send, the
response, the 429), timed by Redis's own clock (``TIME``), so processes whose clocks disagree
still agree on the budget. Nothing a server claims makes the state grow: a limit is capped at
``MAX_LIMIT`` and the log is run-length encoded, so it holds at most ``limit`` entries, and
both keys expire once the budget is idle.

The key is ``webwork:rate:{<sha256 of token and base URL>}``: never the token. The store
failing (unreachable, or slower than ``STORE_TIMEOUT``) is an event, not an outage: the client
warns once, paces in-process, and tries the store again after a back-off; with
``?fail=closed`` in the URL it raises :class:`RateStoreError` instead while the store is down.

The async and sync stores are twins around :class:`_SharedBudget`, which holds everything
but the I/O: the keys, the scripts' arguments, and what a failure means.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import os
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

import anyio
import attrs

from ._errors import InvalidRequestError, RateStoreError
from ._ratelimit import MAX_LIMIT, RateHeaders, RateState

__all__ = [
    "RATE_STORE_ENV",
    "STORE_TIMEOUT",
    "AsyncRateStore",
    "RateStore",
    "StoreConfig",
    "budget_key",
    "parse_store_url",
]

logger = logging.getLogger("webwork_async")

RATE_STORE_ENV = "WEBWORK_RATE_STORE"
#: Seconds one store call may take (connect or answer) before the store counts as down.
STORE_TIMEOUT = 0.25
# The store is tried again this long after a failure, doubling up to the cap while it stays
# down: often enough to rejoin soon, seldom enough that a dead store costs nothing.
_BACKOFF_FIRST = 0.5
_BACKOFF_CAP = 5.0
# How long the probe may stay unanswered before another request may go (its process died).
_PROBE_LEASE = 5.0
# How often a waiter asks again while the probe is out (seconds).
_PROBE_POLL_MS = 10
KEY_PREFIX = "webwork:rate:"
# "local" (or an empty value) turns the store off, also over WEBWORK_RATE_STORE.
_OFF = ("", "local")


@attrs.frozen(repr=False)
class StoreConfig:
    """A checked store URL; ``repr`` and ``shown`` never show its password."""

    url: str
    fail_closed: bool = False

    @property
    def shown(self) -> str:
        """The URL with any password replaced by ``***``, for logs and errors."""
        return redact_url(self.url)

    def __repr__(self) -> str:
        return f"StoreConfig({self.shown!r}, fail_closed={self.fail_closed})"


def redact_url(url: str) -> str:
    """``url`` with the password (or a lone user name, which Redis reads as one) hidden."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None and parts.username is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = parts.username if parts.password is not None else None
    netloc = f"{user}:***@{host}" if user else f"***@{host}"
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def parse_store_url(value: object) -> StoreConfig | None:
    """``rate_store``: None reads ``WEBWORK_RATE_STORE``; ``"local"`` (or empty) is no store;
    else a ``redis://``, ``rediss://`` or ``unix://`` URL, optionally with ``fail=closed``
    (or ``fail=open``, the default) among its query parameters."""
    field = "rate_store"
    if value is None:
        value = os.environ.get(RATE_STORE_ENV, "")
        field = RATE_STORE_ENV
    if not isinstance(value, str):
        raise InvalidRequestError(field, f"must be a redis:// URL or 'local', got {value!r}")
    text = value.strip()
    if text.lower() in _OFF:
        return None
    try:
        parts = urllib.parse.urlsplit(text)
        _ = parts.port  # raises on a port that is not a number
    except ValueError:
        raise InvalidRequestError(field, f"is not a valid URL: {redact_url(text)!r}") from None
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise InvalidRequestError(
            field,
            f"must be a redis://, rediss:// or unix:// URL (or 'local'), got {redact_url(text)!r}",
        )
    if parts.scheme != "unix" and not parts.hostname:
        raise InvalidRequestError(field, f"names no host: {redact_url(text)!r}")
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    fail = [v for k, v in query if k == "fail"]
    if any(v not in ("open", "closed") for v in fail):
        raise InvalidRequestError(field, f"fail= must be 'open' or 'closed', got {fail[-1]!r}")
    rest = urllib.parse.urlencode([(k, v) for k, v in query if k != "fail"])
    url = urllib.parse.urlunsplit(parts._replace(query=rest))
    return StoreConfig(url, fail_closed=bool(fail) and fail[-1] == "closed")


def budget_key(token: str, base_url: str) -> str:
    """The Redis key of the budget of ``token`` at ``base_url``: a hash, never the token.
    The braces are a cluster hash tag, so the state and its log live in one slot."""
    digest = hashlib.sha256(f"{base_url}\n{token}".encode()).hexdigest()
    return f"{KEY_PREFIX}{{{digest}}}"


# --- The scripts ------------------------------------------------------------------------------
#
# KEYS[1] is the budget's hash: gate (ms until which nobody sends), warm (a response was
# seen), probe (ms until which the probe's lease runs), limit (the server's), count (sends in
# the log). KEYS[2] is its send log: a list of "ms count" entries, oldest first. Every time is
# Redis's, in whole milliseconds (a double holds them exactly; Lua prints them in full).

_PRELUDE = """
local state, log = KEYS[1], KEYS[2]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local function entry(text)
  local at, n = string.match(text, '^(%d+) (%d+)$')
  return tonumber(at), tonumber(n)
end

-- Drop the sends that left the window; the count of those left.
local function expire(horizon, count)
  while true do
    local first = redis.call('LINDEX', log, 0)
    if not first then return 0 end
    local at, n = entry(first)
    if at > horizon then return count end
    redis.call('LPOP', log)
    count = math.max(0, count - n)
  end
end

-- The window: the caller's, or when it learns the window from the server's headers, the one
-- any client learned last (only the client whose request opened a window can learn it).
local function window(ms, learns)
  if learns == '1' then
    return tonumber(redis.call('HGET', state, 'window')) or tonumber(ms)
  end
  return tonumber(ms)
end

local function keep(ttl)
  redis.call('PEXPIRE', state, ttl)
  redis.call('PEXPIRE', log, ttl)
end
"""

# ARGV: the caller's limit (0: none known), window ms, margin ms, probe lease ms, ttl ms, poll
# ms, whether the caller learns the window (1/0).
# Returns 0 when the request may go (it is counted), else the ms to wait before asking again.
_ACQUIRE = (
    _PRELUDE
    + """
local f = redis.call('HMGET', state, 'gate', 'warm', 'probe', 'limit', 'count')
local gate = tonumber(f[1]) or 0
if now < gate then return gate - now end
local cold = not f[2]
if cold and (tonumber(f[3]) or 0) > now then return tonumber(ARGV[6]) end
local limit = tonumber(f[4]) or tonumber(ARGV[1])
local count = tonumber(f[5]) or 0
if limit > 0 then
  local horizon = now - window(ARGV[2], ARGV[7]) - tonumber(ARGV[3])
  count = expire(horizon, count)
  if count >= limit then
    local at = entry(redis.call('LINDEX', log, 0))
    return math.max(1, at - horizon)
  end
  local last = redis.call('LINDEX', log, -1)
  local at, n = nil, 0
  if last then at, n = entry(last) end
  if at == now then
    redis.call('LSET', log, -1, string.format('%d %d', now, n + 1))
  else
    redis.call('RPUSH', log, string.format('%d 1', now))
  end
  count = count + 1
  redis.call('HSET', state, 'count', count)
end
if cold then redis.call('HSET', state, 'probe', now + tonumber(ARGV[4])) end
keep(tonumber(ARGV[5]))
return 0
"""
)

# ARGV: the response's limit (-1: none), its remaining (-1: none), window ms, margin ms, ttl
# ms, the caller's limit (0: none known), MAX_LIMIT, the window the caller learned (0: none).
_RESPONSE = (
    _PRELUDE
    + """
redis.call('HSET', state, 'warm', 1)
redis.call('HDEL', state, 'probe')
if tonumber(ARGV[8]) > 0 then redis.call('HSET', state, 'window', ARGV[8]) end
local limit = tonumber(ARGV[1])
if limit > 0 then
  limit = math.min(limit, tonumber(ARGV[7]))
  redis.call('HSET', state, 'limit', limit)
else
  limit = tonumber(redis.call('HGET', state, 'limit')) or tonumber(ARGV[6])
end
local remaining = tonumber(ARGV[2])
if remaining >= 0 and limit > 0 then
  local horizon = now - window(ARGV[3], ARGV[8] ~= '0' and '1' or '0') - tonumber(ARGV[4])
  local count = expire(horizon, tonumber(redis.call('HGET', state, 'count')) or 0)
  -- The server counted this many in its window; the shared log must not show fewer.
  local missing = limit - math.min(remaining, limit) - count
  if missing > 0 then
    local first = redis.call('LINDEX', log, 0)
    if first then
      local at, n = entry(first)
      redis.call('LSET', log, 0, string.format('%d %d', at, n + missing))
    else
      redis.call('RPUSH', log, string.format('%d %d', now, missing))
    end
    count = count + missing
  end
  redis.call('HSET', state, 'count', count)
end
keep(tonumber(ARGV[5]))
return 0
"""
)

# ARGV: ms to hold everybody back (already capped by the caller's max_retry_wait), ttl ms.
_GATE = (
    _PRELUDE
    + """
local until_ = now + tonumber(ARGV[1])
if until_ > (tonumber(redis.call('HGET', state, 'gate')) or 0) then
  redis.call('HSET', state, 'gate', until_)
end
keep(tonumber(ARGV[2]))
return 0
"""
)


def _ms(seconds: float) -> int:
    return max(0, math.ceil(seconds * 1000))


class _SharedBudget:
    """What both stores share: the keys, each script's arguments, and the store's health.

    ``token`` returns the client's current token (None before it has one): the key follows
    it, so a refreshed OAuth token is a new budget, as it is at the server for a new user.
    """

    def __init__(self, config: StoreConfig, base_url: str, token: Callable[[], str | None]):
        self.config = config
        self._base_url = base_url
        self._token = token
        self._keys: tuple[str, str, str] | None = None  # (token, state key, log key)
        self._down = False
        self._retry_at = 0.0
        self._backoff = _BACKOFF_FIRST

    def __repr__(self) -> str:
        return f"<shared rate budget at {self.config.shown}>"

    def keys(self) -> list[str]:
        token = self._token()
        if token is None:
            raise RateStoreError("the shared rate budget is named by the token; none is set")
        if self._keys is None or self._keys[0] != token:
            state = budget_key(token, self._base_url)
            self._keys = (token, state, f"{state}:sent")
        return [self._keys[1], self._keys[2]]

    def usable(self, now: float) -> bool:
        """Whether to ask the store now (it is up, or its back-off has passed)."""
        return not self._down or now >= self._retry_at

    def local(self) -> None:
        """The store is down and not tried now: raise when failing closed."""
        if self.config.fail_closed:
            raise RateStoreError(
                f"the rate store {self.config.shown} is unreachable and the client fails "
                "closed (fail=closed): no request is sent until it is back"
            )

    def local_delay(self, rate: RateState, now: float) -> float:
        """The store is down: the in-process pacer's answer, or RateStoreError when failing
        closed."""
        self.local()
        return rate.delay(now)

    def failed(self, error: BaseException, *, sending: bool) -> None:
        """A store call failed: warn once per outage and back off. When failing closed, a
        send is refused; learning from a response is best effort either way."""
        now = time.monotonic()
        if self._down:
            self._backoff = min(self._backoff * 2, _BACKOFF_CAP)
        else:
            self._down = True
            self._backoff = _BACKOFF_FIRST
            how = "fails closed" if self.config.fail_closed else "paces in this process only"
            logger.warning(
                "rate store %s unreachable (%s): the client %s until it answers again",
                self.config.shown,
                type(error).__name__,
                how,
            )
        self._retry_at = now + self._backoff
        if sending:
            self.local()

    def succeeded(self) -> None:
        if self._down:
            self._down = False
            logger.warning(
                "rate store %s is back: pacing by the shared budget again", self.config.shown
            )

    def ttl(self, rate: RateState) -> int:
        # Idle longer than a window, a margin and the longest gate: nothing left to share.
        return _ms(rate.window + rate.margin + rate.max_wait + 1.0)

    def acquire_args(self, rate: RateState) -> list[int]:
        return [
            rate.limit or 0,
            _ms(rate.window),
            _ms(rate.margin),
            _ms(_PROBE_LEASE),
            self.ttl(rate),
            _PROBE_POLL_MS,
            int(rate.learn_window),
        ]

    def response_args(self, rate: RateState, headers: RateHeaders) -> list[int]:
        return [
            -1 if headers.limit is None else headers.limit,
            -1 if headers.remaining is None else headers.remaining,
            _ms(rate.window),
            _ms(rate.margin),
            self.ttl(rate),
            rate.limit or 0,
            MAX_LIMIT,
            _ms(rate.window) if rate.learn_window and rate._learned_window is not None else 0,
        ]

    def gate_args(self, rate: RateState, seconds: float) -> list[int]:
        return [_ms(min(max(0.0, seconds), rate.max_wait)), self.ttl(rate)]


def _missing_redis() -> InvalidRequestError:
    return InvalidRequestError("rate_store", "needs redis-py: pip install 'webwork-async[redis]'")


class _Store:
    """What both stores hold: the budget, the redis-py client and its three scripts."""

    def __init__(self, config: StoreConfig, base_url: str, token: Callable[[], str | None]) -> None:
        self._budget = _SharedBudget(config, base_url, token)
        # Short timeouts and no retries inside redis-py: a failure is ours to handle, at once.
        self._redis: Any = self._connect(
            config.url,
            socket_timeout=STORE_TIMEOUT,
            socket_connect_timeout=STORE_TIMEOUT,
            health_check_interval=0,
        )
        # EVALSHA, loading the script again after a restart emptied Redis's script cache.
        self._acquire = self._redis.register_script(_ACQUIRE)
        self._response = self._redis.register_script(_RESPONSE)
        self._gate = self._redis.register_script(_GATE)

    def _connect(self, url: str, **options: Any) -> Any:
        raise NotImplementedError

    def __repr__(self) -> str:
        return repr(self._budget)


class AsyncRateStore(_Store):
    """The shared budget for :class:`~webwork_async._concurrency.AsyncLimiter` (asyncio only:
    redis-py's async client does not run under trio)."""

    def _connect(self, url: str, **options: Any) -> Any:
        try:
            import redis
            import redis.asyncio
            from redis.asyncio.retry import Retry
            from redis.backoff import NoBackoff
        except ImportError:
            raise _missing_redis() from None
        self._failures = (redis.RedisError, OSError, TimeoutError)
        # from_url's **kwargs are untyped.
        return redis.asyncio.Redis.from_url(url, retry=Retry(NoBackoff(), 0), **options)  # pyright: ignore[reportUnknownMemberType]

    async def delay(self, rate: RateState) -> float:
        """Seconds to wait before a request may go (0: go, and it is counted)."""
        _require_asyncio()
        now = time.monotonic()
        if self._budget.usable(now):
            reply = await self._call(self._acquire, self._budget.acquire_args(rate), sending=True)
            if reply is not None:
                return reply / 1000
        return self._budget.local_delay(rate, now)

    async def observe(self, rate: RateState, headers: RateHeaders) -> None:
        """Share what a response said (nothing, after a connection error: that still ends a
        probe)."""
        if self._budget.usable(time.monotonic()):
            await self._call(self._response, self._budget.response_args(rate, headers))

    async def hold(self, rate: RateState, seconds: float) -> None:
        """Close the gate for every client sharing the budget."""
        if self._budget.usable(time.monotonic()):
            await self._call(self._gate, self._budget.gate_args(rate, seconds))

    async def _call(self, script: Any, args: list[int], *, sending: bool = False) -> int | None:
        keys = self._budget.keys()
        reply: int | None = None
        # Shielded and bounded: a store call never outlasts STORE_TIMEOUT by much, and a
        # cancelled caller does not leave a half-read reply on a pooled connection.
        with anyio.CancelScope(shield=True):
            try:
                with anyio.fail_after(STORE_TIMEOUT * 2):
                    reply = int(await script(keys=keys, args=args))
            except self._failures as error:
                self._budget.failed(error, sending=sending)
                return None
        self._budget.succeeded()
        return reply

    async def aclose(self) -> None:
        if _on_asyncio():  # under trio nothing was ever connected (delay() refused)
            await self._redis.aclose()


class RateStore(_Store):
    """The sync twin of :class:`AsyncRateStore`, for :class:`~webwork_async._concurrency.Limiter`
    (redis-py's client is thread-safe: its pool gives each thread a connection)."""

    def _connect(self, url: str, **options: Any) -> Any:
        try:
            import redis
            from redis.backoff import NoBackoff
            from redis.retry import Retry
        except ImportError:
            raise _missing_redis() from None
        self._failures = (redis.RedisError, OSError, TimeoutError)
        # from_url's **kwargs are untyped.
        return redis.Redis.from_url(url, retry=Retry(NoBackoff(), 0), **options)  # pyright: ignore[reportUnknownMemberType]

    def delay(self, rate: RateState) -> float:
        """Seconds to wait before a request may go (0: go, and it is counted)."""
        now = time.monotonic()
        if self._budget.usable(now):
            reply = self._call(self._acquire, self._budget.acquire_args(rate), sending=True)
            if reply is not None:
                return reply / 1000
        return self._budget.local_delay(rate, now)

    def observe(self, rate: RateState, headers: RateHeaders) -> None:
        """Share what a response said (nothing, after a connection error: that still ends a
        probe)."""
        if self._budget.usable(time.monotonic()):
            self._call(self._response, self._budget.response_args(rate, headers))

    def hold(self, rate: RateState, seconds: float) -> None:
        """Close the gate for every client sharing the budget."""
        if self._budget.usable(time.monotonic()):
            self._call(self._gate, self._budget.gate_args(rate, seconds))

    def _call(self, script: Any, args: list[int], *, sending: bool = False) -> int | None:
        keys = self._budget.keys()
        try:
            reply = int(script(keys=keys, args=args))
        except self._failures as error:
            self._budget.failed(error, sending=sending)
            return None
        self._budget.succeeded()
        return reply

    def close(self) -> None:
        self._redis.close()


def _on_asyncio() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _require_asyncio() -> None:
    if not _on_asyncio():
        raise RateStoreError(
            "rate_store needs asyncio: redis-py's async client does not run under trio"
        )
