"""The SDK's own HTTP/1.1 connection pool, the transport of the http client it builds for
itself (``_transport.py`` decides when): its parser is ``_wire.py``, its sockets ``_netio.py``.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import AsyncIterator

import httpx

from .._netio import AsyncBodyStream, AsyncGate, AsyncNetStream, async_open_stream
from .._wire import Chunked, ResponseHead, parse_head, request_head

__all__ = ["AsyncConnectionPool"]

_Key = tuple[bytes, str, int]
_INCOMPLETE = "the server closed the connection before the whole body arrived"


class AsyncConnectionPool(httpx.AsyncBaseTransport):
    """The client's own HTTP/1.1 connection pool: keep-alive connections per origin, most
    recently used first, each request on a connection of its own.

    It does what httpcore's pool does for the client, for a fraction of the CPU: no scan of
    every connection and every queued request when one starts or ends, no h11 (``_wire.py``
    parses the status line and headers), no cancel scope per read and write unless that
    operation has a timeout of its own (the attempt's deadline is one scope around it all).
    At most ``max_connections`` requests hold a connection at a time; the pool timeout bounds
    the wait for one.

    What reaches the server is reported truthfully: a failure to connect is ``ConnectError``
    or ``ConnectTimeout`` (nothing sent); anything after the first byte went out is a read,
    write or protocol error (maybe sent). An idle connection the server has closed is dropped
    before it is used; one it closes while our request is on the way is such an error.
    """

    def __init__(
        self, max_connections: int, tls: ssl.SSLContext, *, keepalive_expiry: float = 5.0
    ) -> None:
        self._gate = AsyncGate(max_connections)
        self._tls = tls
        self._expiry = keepalive_expiry
        self._idle: dict[_Key, list[_AsyncConnection]] = {}
        self._closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scheme = url.raw_scheme
        if scheme not in (b"http", b"https"):
            raise httpx.UnsupportedProtocol(f"the URL's scheme is not http or https: {url}")
        timeouts = request.extensions.get("timeout", {})
        key = (scheme, url.host, url.port or (443 if scheme == b"https" else 80))
        await self._gate.acquire(timeouts.get("pool"))
        connection = None
        try:
            connection = await self._idle_connection(key)
            if connection is None:
                stream = await async_open_stream(
                    key[1],
                    key[2],
                    self._tls if scheme == b"https" else None,
                    request.extensions.get("sni_hostname") or url.host,
                    timeouts.get("connect"),
                )
                connection = _AsyncConnection(stream)
            head = await connection.exchange(request, timeouts)
        except BaseException:
            self._gate.release()
            if connection is not None:
                await connection.stream.aclose()
            raise
        body = _AsyncBody(self, key, connection, head, request, timeouts.get("read"))
        return httpx.Response(
            head.status,
            headers=head.headers,
            stream=body,
            extensions={"http_version": head.http_version, "reason_phrase": head.reason},
        )

    def in_use(self) -> int:
        """How many connections requests hold now (their responses not yet closed)."""
        return self._gate.taken

    async def _idle_connection(self, key: _Key) -> _AsyncConnection | None:
        idle = self._idle.get(key)
        if idle is None:
            return None
        now = time.monotonic()
        while True:
            try:
                # Atomic, where "if idle: idle.pop()" is not: the sync pool's threads share it.
                connection = idle.pop()
            except IndexError:
                return None
            if now - connection.idle_since < self._expiry and not connection.stream.readable():
                return connection
            await connection.stream.aclose()

    async def give_back(self, key: _Key, connection: _AsyncConnection, reusable: bool) -> None:
        """A response is finished with: its connection goes back to the pool or is closed."""
        if reusable and not self._closed:
            connection.idle_since = time.monotonic()
            self._idle.setdefault(key, []).append(connection)
            self._gate.release()
        else:
            self._gate.release()
            await connection.stream.aclose()

    async def aclose(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                await connection.stream.aclose()


class _AsyncConnection:
    __slots__ = ("buffer", "idle_since", "stream")

    def __init__(self, stream: AsyncNetStream) -> None:
        self.stream = stream
        self.buffer = bytearray()  # what has arrived and is not yet parsed
        self.idle_since = 0.0

    async def exchange(
        self, request: httpx.Request, timeouts: dict[str, float | None]
    ) -> ResponseHead:
        """Send the request; the response's head, once it has arrived."""
        write = timeouts.get("write")
        head = request_head(request)
        try:
            content = request.content
        except httpx.RequestNotRead:
            await self._send_stream(request, head, write)
        else:
            await self.stream.send(head + content, write)
        read = timeouts.get("read")
        while True:
            parsed = parse_head(self.buffer)
            if parsed is None:
                more = await self.stream.receive(read)
                if not more:
                    raise httpx.RemoteProtocolError(
                        "the server closed the connection in the middle of the response's head"
                        if self.buffer
                        else "Server disconnected without sending a response."
                    )
                self.buffer += more
                continue
            response, size = parsed
            del self.buffer[:size]
            if response.status == 101:
                raise httpx.RemoteProtocolError("the server switched protocols")
            if response.status >= 200:
                return response
            # 1xx: informational; the answer follows.

    async def _send_stream(self, request: httpx.Request, head: bytes, write: float | None) -> None:
        stream = request.stream
        if not isinstance(stream, AsyncBodyStream):
            raise RuntimeError("a request body for the async client must be async")
        chunked = request.headers.get("transfer-encoding", "").lower() == "chunked"
        await self.stream.send(head, write)
        async for part in stream:
            if part:
                frame = b"%x\r\n%b\r\n" % (len(part), part) if chunked else part
                await self.stream.send(frame, write)
        if chunked:
            await self.stream.send(b"0\r\n\r\n", write)


class _AsyncBody(AsyncBodyStream):
    """A response's body as it arrives; closing it gives the connection back (or closes it
    when the body was not read to its end)."""

    def __init__(
        self,
        pool: AsyncConnectionPool,
        key: _Key,
        connection: _AsyncConnection,
        head: ResponseHead,
        request: httpx.Request,
        read: float | None,
    ) -> None:
        self._pool = pool
        self._key = key
        self._connection = connection
        self._head = head
        self._read = read
        self._complete = head.length == 0 or not head.has_body(request.method.encode("ascii"))
        self._keep_alive = head.keep_alive and (
            "close" not in request.headers.get("connection", "").lower()
        )
        self._closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._complete:
            return
        head, stream, buffer = self._head, self._connection.stream, self._connection.buffer
        if head.chunked:
            chunked = Chunked()
            while True:
                data = chunked.take(buffer)
                if chunked.done:
                    self._complete = True
                if data:
                    yield data
                if chunked.done:
                    return
                more = await stream.receive(self._read)
                if not more:
                    raise httpx.RemoteProtocolError(_INCOMPLETE)
                buffer += more
        elif head.length is not None:
            left = head.length
            if buffer:
                data = bytes(buffer[:left])
                del buffer[:left]
                left -= len(data)
                self._complete = not left
                yield data
            while left:
                more = await stream.receive(self._read)
                if not more:
                    raise httpx.RemoteProtocolError(_INCOMPLETE)
                if len(more) > left:
                    buffer += more[left:]  # more than the body: the connection is not reused
                    more = more[:left]
                left -= len(more)
                # Before the last bytes are handed out: a reader that stops there has read all.
                self._complete = not left
                yield more
        else:
            if buffer:
                yield bytes(buffer)
                buffer.clear()
            while more := await stream.receive(self._read):
                yield more
            self._complete = True

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        connection = self._connection
        reusable = self._complete and self._keep_alive and not connection.buffer
        await self._pool.give_back(self._key, connection, reusable)
