"""Async/sync twins of the socket operations the client's own connection pool needs
(``_async/_pool.py``, and the sync pool generated from it), each raising httpx's own
exception types so that the retry policy tells "not sent" from "maybe sent".

Async: anyio streams (asyncio's are protocol-based; trio's its own), with a cancel scope for
an operation only when its timeout ends before the enclosing scopes do (the attempt's
deadline is the caller's scope, and usually the sooner). Sync: plain sockets, each operation
waiting at most its timeout and the time left before the attempt's deadline
(``deadline_bounded``).
"""

from __future__ import annotations

import select
import socket
import ssl
import threading

import anyio
import anyio.abc
import httpx

from ._concurrency import deadline_bounded

__all__ = [
    "AsyncBodyStream",
    "AsyncGate",
    "AsyncNetStream",
    "BodyStream",
    "Gate",
    "NetStream",
    "async_open_stream",
    "open_stream",
]

# The most bytes one read asks for: a page of 100 tasks is about 50 kB.
_CHUNK = 65536

# The base classes of a response body, named so that the sync pool generated from the async
# one gets httpx's sync base (httpx.ByteStream is something else).
AsyncBodyStream = httpx.AsyncByteStream
BodyStream = httpx.SyncByteStream

_BROKEN = (OSError, anyio.BrokenResourceError, anyio.ClosedResourceError)


def _why(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


class AsyncNetStream:
    """One connection's byte stream."""

    __slots__ = ("_fd", "_stream")

    def __init__(self, stream: anyio.abc.ByteStream) -> None:
        self._stream = stream
        # Looked up once: anyio builds its whole table of attributes on each lookup, and
        # asyncio's socket wrapper is slow to ask for its descriptor.
        self._fd = stream.extra(anyio.abc.SocketAttribute.raw_socket).fileno()

    async def receive(self, seconds: float | None) -> bytes:
        """The next bytes; b"" when the server has closed the connection."""
        try:
            if seconds is None or _bounded_sooner(seconds):
                return await self._stream.receive(_CHUNK)
            with anyio.CancelScope(deadline=anyio.current_time() + seconds):
                return await self._stream.receive(_CHUNK)
        except anyio.EndOfStream:
            return b""
        except _BROKEN as exc:
            raise httpx.ReadError(_why(exc)) from exc
        raise httpx.ReadTimeout("timed out waiting for the response")

    async def send(self, data: bytes, seconds: float | None) -> None:
        try:
            if seconds is None or _bounded_sooner(seconds):
                await self._stream.send(data)
                return
            with anyio.CancelScope(deadline=anyio.current_time() + seconds):
                await self._stream.send(data)
                return
        except _BROKEN as exc:
            raise httpx.WriteError(_why(exc)) from exc
        raise httpx.WriteTimeout("timed out sending the request")

    def readable(self) -> bool:
        """Whether the idle connection has something to read: the server closed it (or broke
        the protocol); either way it cannot take a request."""
        return _readable(self._fd)

    async def aclose(self) -> None:
        # Forcefully: no TLS close_notify to wait for, and safe inside a cancelled scope.
        await anyio.aclose_forcefully(self._stream)


def _bounded_sooner(seconds: float) -> bool:
    """Whether the enclosing cancel scopes end within ``seconds`` anyway (the client's attempt
    deadline, usually: its default timeout bounds the whole attempt by the same figure as
    each read and write), so that the operation needs no scope of its own: the lookup costs
    a fifth of a scope, on every read and write."""
    return anyio.current_effective_deadline() <= anyio.current_time() + seconds


async def async_open_stream(
    host: str, port: int, tls: ssl.SSLContext | None, server_hostname: str, seconds: float | None
) -> AsyncNetStream:
    """Connect (and for https, shake hands); ConnectError or ConnectTimeout: nothing was sent."""
    with anyio.CancelScope(
        deadline=anyio.current_time() + seconds if seconds is not None else float("inf")
    ):
        try:
            stream: anyio.abc.ByteStream = await anyio.connect_tcp(host, port)
        except _BROKEN as exc:
            raise httpx.ConnectError(_why(exc)) from exc
        try:
            if tls is not None:
                # Here: ``import webwork_async`` should not pay for what https needs.
                from anyio.streams.tls import TLSStream

                stream = await TLSStream.wrap(
                    stream, hostname=server_hostname, ssl_context=tls, standard_compatible=False
                )
            return AsyncNetStream(stream)
        except BaseException as exc:
            await anyio.aclose_forcefully(stream)
            if isinstance(exc, (*_BROKEN, anyio.EndOfStream)):
                raise httpx.ConnectError(_why(exc)) from exc
            raise
    raise httpx.ConnectTimeout("timed out connecting to the server")


class NetStream:
    """The sync twin of :class:`AsyncNetStream`: a socket."""

    __slots__ = ("_socket",)

    def __init__(self, sock: socket.socket) -> None:
        self._socket = sock

    def receive(self, seconds: float | None) -> bytes:
        self._socket.settimeout(deadline_bounded(seconds, httpx.ReadTimeout))
        try:
            return self._socket.recv(_CHUNK)
        except TimeoutError as exc:
            raise httpx.ReadTimeout("timed out waiting for the response") from exc
        except OSError as exc:
            raise httpx.ReadError(_why(exc)) from exc

    def send(self, data: bytes, seconds: float | None) -> None:
        self._socket.settimeout(deadline_bounded(seconds, httpx.WriteTimeout))
        try:
            self._socket.sendall(data)
        except TimeoutError as exc:
            raise httpx.WriteTimeout("timed out sending the request") from exc
        except OSError as exc:
            raise httpx.WriteError(_why(exc)) from exc

    def readable(self) -> bool:
        return _readable(self._socket.fileno())

    def close(self) -> None:
        self._socket.close()


def open_stream(
    host: str, port: int, tls: ssl.SSLContext | None, server_hostname: str, seconds: float | None
) -> NetStream:
    """The sync twin of :func:`async_open_stream`."""
    try:
        sock = socket.create_connection(
            (host, port), deadline_bounded(seconds, httpx.ConnectTimeout)
        )
    except TimeoutError as exc:
        raise httpx.ConnectTimeout("timed out connecting to the server") from exc
    except OSError as exc:
        raise httpx.ConnectError(_why(exc)) from exc
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls is not None:
            sock.settimeout(deadline_bounded(seconds, httpx.ConnectTimeout))
            sock = tls.wrap_socket(sock, server_hostname=server_hostname)
    except BaseException as exc:
        sock.close()
        if isinstance(exc, TimeoutError):
            raise httpx.ConnectTimeout("timed out in the TLS handshake") from exc
        if isinstance(exc, OSError):
            raise httpx.ConnectError(_why(exc)) from exc
        raise
    return NetStream(sock)


def _readable(fd: int) -> bool:
    if fd < 0:
        return True
    try:
        return bool(select.select([fd], [], [], 0)[0])
    except (OSError, ValueError):
        return True


class AsyncGate:
    """At most ``count`` connections in use at a time; PoolTimeout after waiting too long."""

    __slots__ = ("_semaphore", "taken")

    def __init__(self, count: int) -> None:
        self._semaphore = anyio.Semaphore(count)
        self.taken = 0  # how many are in use now

    async def acquire(self, seconds: float | None) -> None:
        try:
            self._semaphore.acquire_nowait()
        except anyio.WouldBlock:
            await self._wait(seconds)
        self.taken += 1

    async def _wait(self, seconds: float | None) -> None:
        if seconds is None:
            await self._semaphore.acquire()
            return
        with anyio.move_on_after(seconds):
            await self._semaphore.acquire()
            return
        raise httpx.PoolTimeout("timed out waiting for a free connection")

    def release(self) -> None:
        self.taken -= 1
        self._semaphore.release()


class Gate:
    """The sync twin of :class:`AsyncGate`, for threads."""

    __slots__ = ("_lock", "_semaphore", "taken")

    def __init__(self, count: int) -> None:
        self._semaphore = threading.Semaphore(count)
        self._lock = threading.Lock()
        self.taken = 0

    def acquire(self, seconds: float | None) -> None:
        bounded = deadline_bounded(seconds, httpx.PoolTimeout)
        if not self._semaphore.acquire(timeout=bounded):
            raise httpx.PoolTimeout("timed out waiting for a free connection")
        with self._lock:
            self.taken += 1

    def release(self) -> None:
        with self._lock:
            self.taken -= 1
        self._semaphore.release()
