"""For the tests of the client's own connection pool (``_async/_pool.py`` and its sync twin):
both pools under the names the async tests and their generated sync twins use, the switch
that puts the pool under the clients, and a loopback server that keeps connections alive.

Each accepted connection is served in its own thread: request after request, each read in
full (a Content-Length or chunked body) and answered with what ``answer(number, head, body)``
returns (``number`` counts requests across all connections, from 0): bytes to send, then
keep reading; ``CLOSE`` after the bytes to close the connection; None to close without
answering.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rawserver import LoopbackListener

import webwork_async._async._transport as async_transport
import webwork_async._sync._transport as sync_transport
from webwork_async._async._pool import AsyncConnectionPool
from webwork_async._async._transport import AsyncClientTransport
from webwork_async._sync._pool import ConnectionPool
from webwork_async._sync._transport import ClientTransport

__all__ = [
    "CLOSE",
    "AsyncClientTransport",
    "AsyncConnectionPool",
    "ClientTransport",
    "ConnectionPool",
    "KeepAliveServer",
    "keep_alive_server",
    "ok_answer",
    "trusting_loopback",
    "use_own_pool",
]

CLOSE = b"\0close"
# A self-signed certificate for 127.0.0.1 (and its key), made for these tests only.
_CERT = Path(__file__).with_name("loopback-cert.pem")
_KEY = Path(__file__).with_name("loopback-key.pem")
Answer = Callable[[int, bytes, bytes], bytes | None]


def ok_answer(body: bytes = b'{"success": true, "data": []}', *extra: str) -> bytes:
    head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    head += "".join(f"{line}\r\n" for line in extra)
    return f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body


def use_own_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clients built from now on in this test send through the SDK's own pool."""
    monkeypatch.setattr(async_transport, "_OWN_POOL", True)
    monkeypatch.setattr(sync_transport, "_OWN_POOL", True)


def trusting_loopback() -> ssl.SSLContext:
    """A client's TLS context, verifying as the client's default does, that trusts the
    test server's certificate (and nothing else)."""
    return ssl.create_default_context(cafile=str(_CERT))


class KeepAliveServer(LoopbackListener):
    def __init__(self, answer: Answer, *, tls: bool = False) -> None:
        self._answer = answer
        self._tls: ssl.SSLContext | None = None
        if tls:
            self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._tls.load_cert_chain(_CERT, _KEY)
        self.connections = 0
        self.requests: list[tuple[bytes, bytes]] = []  # (head, body)
        self._lock = threading.Lock()
        super().__init__()
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"

    def _handle(self, connection: socket.socket) -> None:
        with self._lock:
            self.connections += 1
        self._converse(connection)

    def _converse(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(5)
            try:
                if self._tls is None:
                    self._serve_requests(connection)
                    return
                with self._tls.wrap_socket(connection, server_side=True) as secured:
                    self._serve_requests(secured)
            except OSError:
                return

    def _serve_requests(self, connection: socket.socket) -> None:
        buffer = b""
        while True:
            while b"\r\n\r\n" not in buffer:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            head, buffer = buffer.split(b"\r\n\r\n", 1)
            body, buffer = self._body(connection, head.lower(), buffer)
            with self._lock:
                number = len(self.requests)
                self.requests.append((head, body))
            reply = self._answer(number, head, body)
            if reply is None:
                return
            connection.sendall(reply.removesuffix(CLOSE))
            if reply.endswith(CLOSE):
                return

    @staticmethod
    def _body(connection: socket.socket, head: bytes, buffer: bytes) -> tuple[bytes, bytes]:
        def more() -> bytes:
            chunk = connection.recv(65536)
            if not chunk:
                raise OSError("closed")
            return chunk

        if b"transfer-encoding: chunked" in head:
            body = b""
            while True:
                while b"\r\n" not in buffer:
                    buffer += more()
                line, buffer = buffer.split(b"\r\n", 1)
                size = int(line.split(b";")[0], 16)
                while len(buffer) < size + 2:
                    buffer += more()
                body, buffer = body + buffer[:size], buffer[size + 2 :]
                if not size:
                    return body, buffer
        length = 0
        for line in head.split(b"\r\n"):
            if line.startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        while len(buffer) < length:
            buffer += more()
        return buffer[:length], buffer[length:]


@contextmanager
def keep_alive_server(answer: Answer, *, tls: bool = False) -> Iterator[KeepAliveServer]:
    server = KeepAliveServer(answer, tls=tls)
    try:
        yield server
    finally:
        server.close()
