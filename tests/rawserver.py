"""A loopback HTTP/1.1 server made of plain sockets, for servers no framework would let us be.

Each connection is answered by a scripted ``behaviour(connection, request_head)`` in its own
thread: it may trickle bytes, send a gzip bomb, or lie in headers. The server counts the
requests it received, so a test can say "nothing was sent".
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

Behaviour = Callable[[socket.socket, bytes], None]

JSON_OK = b'{"success": true, "data": [], "meta": {}}'


class LoopbackListener:
    """Accepts connections on 127.0.0.1, each handled by ``_handle`` in its own thread, until
    ``close``. A subclass sets its own attributes before calling ``__init__``, which starts
    accepting."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._stopping.set()
        self._thread.join()
        self._listener.close()


class RawServer(LoopbackListener):
    def __init__(self, behaviour: Behaviour) -> None:
        self._behaviour = behaviour
        self.requests: list[bytes] = []
        super().__init__()
        self.url = f"http://127.0.0.1:{self.port}/api/v2"

    def _handle(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(5)
            head = b""
            try:
                while b"\r\n\r\n" not in head:
                    chunk = connection.recv(65536)
                    if not chunk:
                        return
                    head += chunk
                self.requests.append(head)
                self._behaviour(connection, head)
            except OSError:
                return  # the client gave up: that is what most behaviours wait for


@contextmanager
def raw_server(behaviour: Behaviour) -> Iterator[RawServer]:
    server = RawServer(behaviour)
    try:
        yield server
    finally:
        server.close()


def trickle_body(connection: socket.socket, _head: bytes) -> None:
    """Headers at once, then the body one byte every 0.2 s (each read succeeds in time)."""
    body = JSON_OK + b" " * 200
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    for byte in body:
        connection.sendall(bytes([byte]))
        time.sleep(0.2)


def trickle_head(connection: socket.socket, _head: bytes) -> None:
    """The status line and headers themselves, one byte every 0.2 s."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + b"X-Pad: " + b"a" * 200
    for byte in head:
        connection.sendall(bytes([byte]))
        time.sleep(0.2)


@cache
def gzip_bomb(inflated_mib: int) -> bytes:
    """A gzip body that inflates to ``inflated_mib`` MiB of zeros (about 1000:1)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * (1 << 20)
    parts = [compressor.compress(zeros) for _ in range(inflated_mib)]
    return b"".join(parts) + compressor.flush()


def send_body(body: bytes, *, encoding: str | None = None, status: int = 200) -> Behaviour:
    """Answer with ``body`` as it is, claiming ``encoding``."""

    def behave(connection: socket.socket, _head: bytes) -> None:
        head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
        if encoding is not None:
            head += f"Content-Encoding: {encoding}\r\n"
        head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        connection.sendall(head.encode() + body)

    return behave
