"""A real HTTP/1.1 server in a background thread: anyio + h11 (a task per connection, so
latency never holds up the others; keep-alive; a shutdown that closes every socket), or
uvicorn serving the ASGI app.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import socket
import threading
import time
from collections.abc import Callable
from functools import partial
from types import TracebackType
from typing import Literal, Protocol

import anyio
import anyio.abc
import h11
from anyio.abc import SocketAttribute

from ._app import BASE_PATH, App, Response, reason_phrase
from ._asgi import FakeASGIApp

Backend = Literal["builtin", "uvicorn"]

_log = logging.getLogger("webwork_async.testing")
_STARTUP_TIMEOUT = 10.0
_RECEIVE_SIZE = 65536


class FakeServer:
    """A started server; use it as a context manager or call :meth:`close`::

    with fake.serve() as server:
        httpx.get(f"{server.url}/workspaces", headers={"Authorization": "Bearer test-token"})
    """

    def __init__(self, host: str, port: int, backend: Backend, stop: Callable[[], None]) -> None:
        self.host = host
        self.port = port
        self.backend = backend
        self._stop: Callable[[], None] | None = stop

    @property
    def url(self) -> str:
        """The API base URL, ``http://host:port/api/v2``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{BASE_PATH}"

    def close(self) -> None:
        """Stop serving, close every connection and join the server thread (idempotent)."""
        stop, self._stop = self._stop, None
        if stop is not None:
            stop()

    def __enter__(self) -> FakeServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<FakeServer {self.url} backend={self.backend}>"


def start_server(
    app: App, asgi_app: FakeASGIApp, host: str, port: int, backend: Backend
) -> FakeServer:
    """Start a server in a background thread and return once it accepts connections."""
    if backend == "builtin":
        builtin = _H11Server(app, host, port)
        return FakeServer(host, builtin.start(), backend, builtin.stop)
    if backend == "uvicorn":
        bound_port, stop = _start_uvicorn(asgi_app, host, port)
        return FakeServer(host, bound_port, backend, stop)
    raise ValueError(f"unknown backend {backend!r}; choose 'builtin' or 'uvicorn'")


class _H11Server:
    def __init__(self, app: App, host: str, port: int) -> None:
        self._app = app
        self._host = host
        self._port = port
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._request_shutdown: Callable[[], object] | None = None
        # A daemon thread, so that a server somebody forgot to close cannot hang the exit.
        self._thread = threading.Thread(target=self._run, name="webwork-fake-server", daemon=True)

    def start(self) -> int:
        self._thread.start()
        if not self._ready.wait(_STARTUP_TIMEOUT):
            raise RuntimeError("the fake server did not start in time")
        if self._failure is not None:
            self._thread.join()
            raise self._failure
        return self._port

    def stop(self) -> None:
        # None: the loop never got going. RuntimeError: it already ended on its own, which is
        # just as stopped.
        if self._request_shutdown is not None:
            with contextlib.suppress(RuntimeError):
                self._request_shutdown()
        self._thread.join()

    def _run(self) -> None:
        try:
            anyio.run(self._main, backend="asyncio")
        except BaseException as error:  # reported to start(); nothing else may see it
            self._failure = error
            self._ready.set()

    async def _main(self) -> None:
        shutdown = anyio.Event()
        # The loop is always asyncio here; its thread-safe call works with any anyio 4.x.
        loop = asyncio.get_running_loop()
        self._request_shutdown = partial(loop.call_soon_threadsafe, shutdown.set)
        listener = await anyio.create_tcp_listener(local_host=self._host, local_port=self._port)
        self._port = listener.extra(SocketAttribute.local_port)
        self._ready.set()
        async with listener, anyio.create_task_group() as connections:
            connections.start_soon(listener.serve, self._connection, connections)
            await shutdown.wait()
            connections.cancel_scope.cancel()

    async def _connection(self, stream: anyio.abc.SocketStream) -> None:
        conn = h11.Connection(h11.SERVER)
        async with stream:
            try:
                while await self._exchange(conn, stream):
                    conn.start_next_cycle()
            except (h11.ProtocolError, anyio.BrokenResourceError, anyio.ClosedResourceError):
                return

    async def _exchange(self, conn: h11.Connection, stream: anyio.abc.SocketStream) -> bool:
        """Serve one request; returns whether the connection stays open for another."""
        request = await _next_event(conn, stream)
        if not isinstance(request, h11.Request):
            return False
        body = bytearray()
        while True:
            event = await _next_event(conn, stream)
            if isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage):
                break
            else:
                return False
        path, _, query = request.target.decode("latin-1").partition("?")
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in request.headers
        }
        try:
            response = self._app.handle(request.method.decode(), path, query, headers, bytes(body))
        except Exception:
            _log.exception("the fake failed to handle %s %s", request.method, path)
            response = Response(500, (("content-type", "text/plain"),), b"fake failure, see log")
        if response.delay > 0:
            await anyio.sleep(response.delay)
        if response.action == "drop":
            return False
        head = h11.Response(
            status_code=response.status,
            reason=reason_phrase(response.status).encode(),
            headers=[
                *response.headers,
                ("content-length", str(response.length)),
                ("server", "webwork-fake"),
            ],
        )
        # A HEAD answer announces the length of the body it does not send.
        pieces = iter(()) if request.method == b"HEAD" else response.pieces()
        if response.stream is None:
            # One write for the whole answer, as a server with a buffered response does.
            out = [conn.send(head), *(conn.send(h11.Data(data=piece)) for piece in pieces)]
            if response.action != "truncate":
                out.append(conn.send(h11.EndOfMessage()))
            await stream.send(b"".join(out))
        else:
            await stream.send(conn.send(head))
            for piece in pieces:
                if response.pause > 0:
                    await anyio.sleep(response.pause)
                await stream.send(conn.send(h11.Data(data=piece)))
            await stream.send(conn.send(h11.EndOfMessage()))
        # After ``truncate`` (the whole body announced, half of it sent) hang up.
        return conn.our_state is h11.DONE and conn.their_state is h11.DONE


async def _next_event(conn: h11.Connection, stream: anyio.abc.SocketStream) -> object:
    while True:
        event = conn.next_event()
        if event is not h11.NEED_DATA:
            return event
        try:
            data = await stream.receive(_RECEIVE_SIZE)
        except anyio.EndOfStream:
            data = b""
        conn.receive_data(data)


class _UvicornServer(Protocol):
    """What the fake uses of ``uvicorn.Server``, an optional extra imported by name (the
    uvicorn tests hold this to the real thing)."""

    started: bool
    should_exit: bool

    def run(self, sockets: list[socket.socket] | None = None) -> None: ...


def _start_uvicorn(asgi_app: FakeASGIApp, host: str, port: int) -> tuple[int, Callable[[], None]]:
    uvicorn = importlib.import_module("uvicorn")

    sock = socket.create_server((host, port))
    config = uvicorn.Config(asgi_app, lifespan="off", log_level="warning", access_log=False)
    server: _UvicornServer = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="webwork-fake-uvicorn", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + _STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.005)

    def stop() -> None:
        server.should_exit = True
        thread.join()
        sock.close()

    return sock.getsockname()[1], stop
