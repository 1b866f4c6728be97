from __future__ import annotations

import itertools
import math
import sys
import threading
from typing import TYPE_CHECKING, Any
from urllib.request import getproxies

import httpx

from .._concurrency import async_http_transport
from .._options import default_tls_context

if TYPE_CHECKING:
    from ._pool import AsyncConnectionPool

__all__ = [
    "AsyncClientTransport",
    "AsyncCookielessClient",
    "AsyncShardedTransport",
    "async_client_transport",
]

# On: the client's own connections go through the SDK's own HTTP/1.1 pool (_pool.py), unless
# a test library intercepts httpx or httpcore (AsyncClientTransport). Off: always through
# httpcore's pools (AsyncShardedTransport), as before the own pool existed.
_OWN_POOL = True


# The schemes of the environment's proxies httpx honours (NO_PROXY alone proxies nothing).
_PROXIED = frozenset({"http", "https", "all"})


def async_client_transport(max_connections: int) -> httpx.AsyncBaseTransport | None:
    """The transport of the http client the SDK builds for itself; None when a proxy is set
    in the environment (``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``): httpx then builds its
    own transports, the proxy's among them, as it does only when given no transport."""
    if _PROXIED.intersection(getproxies()):
        return None
    if _OWN_POOL:
        return AsyncClientTransport(max_connections)
    return AsyncShardedTransport(max_connections)


class AsyncClientTransport(httpx.AsyncBaseTransport):
    """The SDK's own pool, or httpcore's pools while a test library intercepts them.

    respx replaces httpcore's pool methods, and pytest-httpx httpx's transport methods, to
    answer requests without a network; applications test their code that way, with this
    client inside. Our own pool is neither, so while either method is not the original one
    each request goes through httpcore's pools (built when first needed), where the
    library answers it. The check is two attribute lookups per request.
    """

    def __init__(self, max_connections: int) -> None:
        # Imported here: ``import webwork_async`` need not pay for the pool (about 2 ms).
        from ._pool import AsyncConnectionPool

        self._max_connections = max_connections
        self._own: AsyncConnectionPool = AsyncConnectionPool(max_connections, default_tls_context())
        self._intercepted: AsyncShardedTransport | None = None
        self._lock = threading.Lock()  # the sync client's threads may build it at once

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if _intercepted():
            return await self._httpcore_pools().handle_async_request(request)
        return await self._own.handle_async_request(request)

    def _httpcore_pools(self) -> AsyncShardedTransport:
        with self._lock:
            if self._intercepted is None:
                self._intercepted = AsyncShardedTransport(self._max_connections)
            return self._intercepted

    async def aclose(self) -> None:
        await self._own.aclose()
        if self._intercepted is not None:
            await self._intercepted.aclose()


_HTTPX_SEND = httpx.AsyncHTTPTransport.handle_async_request


def _intercepted() -> bool:
    """Whether httpx's transport or httpcore's pool has had its method replaced."""
    if httpx.AsyncHTTPTransport.handle_async_request is not _HTTPX_SEND:
        return True
    # Not imported here: httpcore is loaded only once something uses it, and then only a
    # library that loaded it can have patched it.
    httpcore = sys.modules.get("httpcore")
    if httpcore is None:
        return False
    # httpcore's public classes say they come from "httpcore"; their methods say where they
    # were written, as does the pool's __aenter__, which nobody replaces.
    pool: Any = httpcore.AsyncConnectionPool
    written: str = pool.__aenter__.__module__
    replaced: bool = getattr(pool.handle_async_request, "__module__", None) != written
    return replaced


_CONNECTIONS_PER_SHARD = 4


class AsyncShardedTransport(httpx.AsyncBaseTransport):
    """Spreads requests round-robin over several small connection pools.

    httpcore's pool looks at every connection and every queued request each time a request
    starts or ends (and polls each idle socket), so its cost per request grows with the pool:
    at 64 requests in flight one pool costs about ten times the CPU of small pools side by
    side. Pools of 4 measured best at 256 in flight (``benchmarks/bench_bulk.py``). The client
    never sends more requests here than it has connections (its limiter caps requests in
    flight), so requests rarely wait for a connection.
    """

    def __init__(self, max_connections: int) -> None:
        shards = max(1, math.ceil(max_connections / _CONNECTIONS_PER_SHARD))
        per_shard = math.ceil(max_connections / shards)
        limits = httpx.Limits(max_connections=per_shard, max_keepalive_connections=per_shard)
        tls = default_tls_context()
        # The sync twin's pools bound every socket operation by the attempt's deadline.
        self._shards = [async_http_transport(limits, tls) for _ in range(shards)]
        # next() on an itertools.cycle is atomic under the GIL: safe from the sync client's
        # worker threads without a lock.
        self._next_shard = itertools.cycle(self._shards).__next__

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._next_shard().handle_async_request(request)

    async def aclose(self) -> None:
        for shard in self._shards:
            await shard.aclose()


class AsyncCookielessClient(httpx.AsyncClient):
    """The http client the SDK builds for itself: one that keeps no cookies.

    The API sets none and the SDK sends none, yet httpx reads ``Set-Cookie`` into the client's
    jar after every response, wrapping the request and the response for ``http.cookiejar``
    first (about 15 us a response, 7 % of the SDK's time at 256 in flight). A cookie jar that
    ignores what it is given would still pay for the wrapping, so the client's cookies are
    an empty ``httpx.Cookies`` whose extraction does nothing. An ``http_client`` you pass keeps
    its cookies as it is.
    """

    @property
    def cookies(self) -> httpx.Cookies:
        return _NO_COOKIES

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        raise AttributeError("the SDK's own http client keeps no cookies")


class _NoCookies(httpx.Cookies):
    def extract_cookies(self, response: httpx.Response) -> None:
        pass

    def set(self, name: str, value: str, domain: str = "", path: str = "/") -> None:
        raise AttributeError("the SDK's own http client keeps no cookies")


_NO_COOKIES = _NoCookies()
