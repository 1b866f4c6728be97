# This file is generated from webwork_async/_async/_transport.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

import itertools
import math
import sys
import threading
from typing import TYPE_CHECKING, Any
from urllib.request import getproxies

import httpx

from .._concurrency import http_transport
from .._options import default_tls_context

if TYPE_CHECKING:
    from ._pool import ConnectionPool

__all__ = [
    "ClientTransport",
    "CookielessClient",
    "ShardedTransport",
    "client_transport",
]

# On: the client's own connections go through the SDK's own HTTP/1.1 pool (_pool.py), unless
# a test library intercepts httpx or httpcore (ClientTransport). Off: always through
# httpcore's pools (ShardedTransport), as before the own pool existed.
_OWN_POOL = True


# The schemes of the environment's proxies httpx honours (NO_PROXY alone proxies nothing).
_PROXIED = frozenset({"http", "https", "all"})


def client_transport(max_connections: int) -> httpx.BaseTransport | None:
    """The transport of the http client the SDK builds for itself; None when a proxy is set
    in the environment (``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``): httpx then builds its
    own transports, the proxy's among them, as it does only when given no transport."""
    if _PROXIED.intersection(getproxies()):
        return None
    if _OWN_POOL:
        return ClientTransport(max_connections)
    return ShardedTransport(max_connections)


class ClientTransport(httpx.BaseTransport):
    """The SDK's own pool, or httpcore's pools while a test library intercepts them.

    respx replaces httpcore's pool methods, and pytest-httpx httpx's transport methods, to
    answer requests without a network; applications test their code that way, with this
    client inside. Our own pool is neither, so while either method is not the original one
    each request goes through httpcore's pools (built when first needed), where the
    library answers it. The check is two attribute lookups per request.
    """

    def __init__(self, max_connections: int) -> None:
        # Imported here: ``import webwork_async`` need not pay for the pool (about 2 ms).
        from ._pool import ConnectionPool

        self._max_connections = max_connections
        self._own: ConnectionPool = ConnectionPool(max_connections, default_tls_context())
        self._intercepted: ShardedTransport | None = None
        self._lock = threading.Lock()  # the sync client's threads may build it at once

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if _intercepted():
            return self._httpcore_pools().handle_request(request)
        return self._own.handle_request(request)

    def _httpcore_pools(self) -> ShardedTransport:
        with self._lock:
            if self._intercepted is None:
                self._intercepted = ShardedTransport(self._max_connections)
            return self._intercepted

    def close(self) -> None:
        self._own.close()
        if self._intercepted is not None:
            self._intercepted.close()


_HTTPX_SEND = httpx.HTTPTransport.handle_request


def _intercepted() -> bool:
    """Whether httpx's transport or httpcore's pool has had its method replaced."""
    if httpx.HTTPTransport.handle_request is not _HTTPX_SEND:
        return True
    # Not imported here: httpcore is loaded only once something uses it, and then only a
    # library that loaded it can have patched it.
    httpcore = sys.modules.get("httpcore")
    if httpcore is None:
        return False
    # httpcore's public classes say they come from "httpcore"; their methods say where they
    # were written, as does the pool's __enter__, which nobody replaces.
    pool: Any = httpcore.ConnectionPool
    written: str = pool.__enter__.__module__
    replaced: bool = getattr(pool.handle_request, "__module__", None) != written
    return replaced


_CONNECTIONS_PER_SHARD = 4


class ShardedTransport(httpx.BaseTransport):
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
        self._shards = [http_transport(limits, tls) for _ in range(shards)]
        # next() on an itertools.cycle is atomic under the GIL: safe from the sync client's
        # worker threads without a lock.
        self._next_shard = itertools.cycle(self._shards).__next__

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._next_shard().handle_request(request)

    def close(self) -> None:
        for shard in self._shards:
            shard.close()


class CookielessClient(httpx.Client):
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
