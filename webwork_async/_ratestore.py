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

import hashlib
import importlib
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
#: Seconds one store call may take (connect or answer) before the store counts as down. The
#: clock is the client's event loop: on a loaded 2-core machine a burst of requests kept it
#: from reading a ready reply for 0.3-0.4 s, and 0.5 s (like 0.25 s before it) tripped, each
#: time turning a busy client into one pacing alone, and its sends into 429s.
STORE_TIMEOUT = 1.0
# The store is tried again this long after a failure, doubling up to the cap while it stays
# down: often enough to rejoin soon, seldom enough that a dead store costs nothing.
_BACKOFF_FIRST = 0.5
_BACKOFF_CAP = 5.0
# How long the probe may stay unanswered before another request may go (its process died).
_PROBE_LEASE = 5.0
# How often a waiter asks again while the probe is out (milliseconds).
_PROBE_POLL_MS = 10
# The most sends one answer grants to the callers queued in one client. A granted send not
# taken within the pacer's margin of its grant is given back with the next call.
_MAX_GRANT = 16
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

-- The window: the caller's, or when it learns the window from the server's headers, the
-- smallest any client learned, or a longer one a 429 taught (only the client whose request
-- opened a window can learn it).
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
# ms, whether the caller learns the window (1/0), how many sends the caller wants (its queue),
# and the sends it gives back: the time (ms) of an earlier grant and how many of it went unused.
# Returns {granted, wait ms, count, limit, probe, now, window ms}: granted sends are counted
# as made now (at most what the budget has left, one while the budget is cold); with none
# granted, wait ms says when to ask again; count and limit are the budget's after the grant;
# probe is 1 when the grant is the cold budget's probe, whose answer the caller must share;
# now is the store's time of the grant; window ms the window the budget is paced by.
_ACQUIRE = (
    _PRELUDE
    + """
local f = redis.call('HMGET', state, 'gate', 'warm', 'probe', 'limit', 'count')
local limit = tonumber(f[4]) or tonumber(ARGV[1])
local count = tonumber(f[5]) or 0
local back_at, back = tonumber(ARGV[9]), tonumber(ARGV[10])
if back > 0 then
  -- A recent entry: look for it among the last few only.
  local len = redis.call('LLEN', log)
  for i = len - 1, math.max(0, len - 64), -1 do
    local at, n = entry(redis.call('LINDEX', log, i))
    if at < back_at then break end
    if at == back_at then
      back = math.min(back, n)
      redis.call('LSET', log, i, string.format('%d %d', at, n - back))
      count = math.max(0, count - back)
      redis.call('HSET', state, 'count', count)
      break
    end
  end
end
local gate = tonumber(f[1]) or 0
if now < gate then return {0, gate - now, count, limit, 0} end
local cold = not f[2]
if cold and (tonumber(f[3]) or 0) > now then return {0, tonumber(ARGV[6]), count, limit, 0} end
local want = tonumber(ARGV[8])
if cold then want = 1 end
if limit > 0 then
  local horizon = now - window(ARGV[2], ARGV[7]) - tonumber(ARGV[3])
  count = expire(horizon, count)
  if count >= limit then
    local at = entry(redis.call('LINDEX', log, 0))
    return {0, math.max(1, at - horizon), count, limit, 0}
  end
  want = math.min(want, limit - count)
  local last = redis.call('LINDEX', log, -1)
  local at, n = nil, 0
  if last then at, n = entry(last) end
  if at == now then
    redis.call('LSET', log, -1, string.format('%d %d', now, n + want))
  else
    redis.call('RPUSH', log, string.format('%d %d', now, want))
  end
  count = count + want
  redis.call('HSET', state, 'count', count)
end
if cold then redis.call('HSET', state, 'probe', now + tonumber(ARGV[4])) end
keep(tonumber(ARGV[5]))
return {want, 0, count, limit, cold and 1 or 0, now, window(ARGV[2], ARGV[7])}
"""
)

# ARGV: the response's limit (-1: none), its remaining (-1: none), window ms, margin ms, ttl
# ms, the caller's limit (0: none known), MAX_LIMIT, the window the caller learned (0: none),
# whether a 429 lengthened it since the caller last shared it (1/0).
_RESPONSE = (
    _PRELUDE
    + """
redis.call('HSET', state, 'warm', 1)
redis.call('HDEL', state, 'probe')
local learned = tonumber(ARGV[8])
if learned > 0 then
  -- As in one client: the smallest estimate is kept, and only a 429 makes it longer.
  local known = tonumber(redis.call('HGET', state, 'window'))
  if not known or learned < known or ARGV[9] == '1' then
    redis.call('HSET', state, 'window', learned)
  end
end
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
        # Sends granted by the store for the callers queued behind this one: each is counted
        # in the shared log already, so it is used at once or not at all.
        self._granted = 0
        self._granted_at = 0.0
        self._granted_when = 0  # the store's time of the grant (ms), to give sends back
        self._give_back = (0, 0)
        # The budget as the store last told it (count of sends, limit), what this client
        # shared last (window), and whether its last grant was the probe: a response that
        # says nothing new is not sent to the store (one round trip per request, not two).
        self._count = 0
        self._limit = 0
        self._shared_window = 0
        self._probing = False
        self._shared_at = 0.0

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

    def take_granted(self, rate: RateState, now: float) -> bool:
        """Use a send the store granted with the last answer, if one is left and fresh: sent
        within the margin of the time it was counted at, it is still inside the budget."""
        if self._granted and now - self._granted_at < rate.margin:
            self._granted -= 1
            return True
        if self._granted:
            self._give_back = (self._granted_when, self._granted)
            self._granted = 0
        return False

    def granted(self, rate: RateState, now: float, reply: list[int]) -> float:
        """Read the acquire script's answer: 0 to send now, else the seconds to wait."""
        granted, wait, self._count, self._limit, *rest = (int(x) for x in reply)
        if not granted:
            return max(wait, 1) / 1000
        self._probing = bool(rest[0])
        self._granted, self._granted_at, self._granted_when = granted - 1, now, rest[1]
        if rate.learn_window and rest[2] != _ms(rate.window):
            rate.adopt_window(rest[2] / 1000)
        return 0.0

    def is_news(self, rate: RateState, headers: RateHeaders) -> bool:
        """Whether the store must hear of this response: it answers our probe, or it says
        more about the budget than the store told us (another limit, fewer sends left than
        the shared log counts, a newly learned window). A ``remaining`` is shared at most once
        per margin: the other clients' sends since our last grant make most responses look
        like news, and the store would spend its time hearing what it knows."""
        if self._probing:
            self._probing = False
            return True
        if headers.limit is not None and headers.limit != self._limit:
            return True
        if self._learned(rate) != self._shared_window:
            return True
        limit = headers.limit or self._limit
        if headers.remaining is None or limit - headers.remaining <= self._count:
            return False
        now = time.monotonic()
        if now - self._shared_at < rate.margin:
            return False
        self._shared_at = now
        return True

    def _learned(self, rate: RateState) -> int:
        return 0 if rate.learned_window is None else _ms(rate.learned_window)

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
        wait = rate.delay(now)
        # Nothing was counted when there is a wait: ask again when the store is tried again.
        return min(wait, max(self._retry_at - now, 0.005)) if wait > 0 else 0.0

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

    def acquire_args(self, rate: RateState, want: int) -> list[int]:
        give_back, self._give_back = self._give_back, (0, 0)
        return [
            rate.limit or 0,
            _ms(rate.window),
            _ms(rate.margin),
            _ms(_PROBE_LEASE),
            self.ttl(rate),
            _PROBE_POLL_MS,
            int(rate.learn_window),
            min(max(1, want), _MAX_GRANT),
            *give_back,
        ]

    def response_args(self, rate: RateState, headers: RateHeaders) -> list[int]:
        learned = self._learned(rate)
        # A client's own estimate only ever grows after a 429 (learning keeps the smallest).
        lengthened = 0 < self._shared_window < learned
        self._shared_window = learned
        return [
            -1 if headers.limit is None else headers.limit,
            -1 if headers.remaining is None else headers.remaining,
            _ms(rate.window),
            _ms(rate.margin),
            self.ttl(rate),
            rate.limit or 0,
            MAX_LIMIT,
            learned,
            int(lengthened),
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


def _import_redis(*submodules: str) -> list[Any]:
    """redis-py and the ``redis.<name>`` submodules asked for. redis-py is the optional
    ``redis`` extra, imported by name so that the package type-checks without it; the
    stores use it as ``Any`` (``from_url``'s keyword arguments are untyped anyway)."""
    try:
        return [importlib.import_module("redis")] + [
            importlib.import_module(f"redis.{name}") for name in submodules
        ]
    except ImportError:
        raise _missing_redis() from None


class AsyncRateStore(_Store):
    """The shared budget for :class:`~webwork_async._concurrency.AsyncLimiter` (asyncio only:
    redis-py's async client does not run under trio)."""

    def _connect(self, url: str, **options: Any) -> Any:
        redis, redis_asyncio, retry, backoff = _import_redis("asyncio", "asyncio.retry", "backoff")
        self._failures = (redis.RedisError, OSError, TimeoutError)
        return redis_asyncio.Redis.from_url(
            url, retry=retry.Retry(backoff.NoBackoff(), 0), **options
        )

    async def delay(self, rate: RateState, want: int = 1) -> float:
        """Seconds to wait before a request may go (0: go, and it is counted). ``want``:
        how many callers are queued, this one included; the store may grant them all."""
        _require_asyncio()
        now = time.monotonic()
        budget = self._budget
        if budget.take_granted(rate, now):
            return 0.0
        if budget.usable(now):
            reply = await self._call(self._acquire, budget.acquire_args(rate, want), sending=True)
            if reply is not None:
                return budget.granted(rate, now, reply)
        return budget.local_delay(rate, now)

    async def observe(self, rate: RateState, headers: RateHeaders) -> None:
        """Share what a response said (nothing, after a connection error: that still ends a
        probe)."""
        budget = self._budget
        if budget.usable(time.monotonic()) and budget.is_news(rate, headers):
            await self._call(self._response, budget.response_args(rate, headers))

    async def hold(self, rate: RateState, seconds: float) -> None:
        """Close the gate for every client sharing the budget."""
        if self._budget.usable(time.monotonic()):
            await self._call(self._gate, self._budget.gate_args(rate, seconds))

    async def _call(self, script: Any, args: list[int], *, sending: bool = False) -> Any:
        keys = self._budget.keys()
        reply: Any = None
        # Shielded and bounded: a store call never outlasts STORE_TIMEOUT by much, and a
        # cancelled caller does not leave a half-read reply on a pooled connection.
        with anyio.CancelScope(shield=True):
            try:
                with anyio.fail_after(STORE_TIMEOUT * 2):
                    reply = await script(keys=keys, args=args)
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
        redis, backoff, retry = _import_redis("backoff", "retry")
        self._failures = (redis.RedisError, OSError, TimeoutError)
        return redis.Redis.from_url(url, retry=retry.Retry(backoff.NoBackoff(), 0), **options)

    def delay(self, rate: RateState, want: int = 1) -> float:
        """Seconds to wait before a request may go (0: go, and it is counted). ``want``:
        how many callers are queued, this one included; the store may grant them all."""
        now = time.monotonic()
        budget = self._budget
        if budget.take_granted(rate, now):
            return 0.0
        if budget.usable(now):
            reply = self._call(self._acquire, budget.acquire_args(rate, want), sending=True)
            if reply is not None:
                return budget.granted(rate, now, reply)
        return budget.local_delay(rate, now)

    def observe(self, rate: RateState, headers: RateHeaders) -> None:
        """Share what a response said (nothing, after a connection error: that still ends a
        probe)."""
        budget = self._budget
        if budget.usable(time.monotonic()) and budget.is_news(rate, headers):
            self._call(self._response, budget.response_args(rate, headers))

    def hold(self, rate: RateState, seconds: float) -> None:
        """Close the gate for every client sharing the budget."""
        if self._budget.usable(time.monotonic()):
            self._call(self._gate, self._budget.gate_args(rate, seconds))

    def _call(self, script: Any, args: list[int], *, sending: bool = False) -> Any:
        keys = self._budget.keys()
        try:
            reply = script(keys=keys, args=args)
        except self._failures as error:
            self._budget.failed(error, sending=sending)
            return None
        self._budget.succeeded()
        return reply

    def close(self) -> None:
        self._redis.close()


def _on_asyncio() -> bool:
    import asyncio  # not at the top: ``import webwork_async`` does not need asyncio

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
