"""HTTP/1.1 on the wire, with no I/O: the request's head, the response's head, chunked bodies.

The client's own connection pool (``_async/_pool.py``) uses these instead of h11, which
validates every event through several layers and was the larger part of the client's CPU per
request. What a hostile server controls is bounded here: the head's size, the number of
header lines, a chunk-size line, the trailers.
"""

from __future__ import annotations

import httpx

__all__ = [
    "MAX_HEADERS",
    "MAX_HEAD_SIZE",
    "Chunked",
    "ResponseHead",
    "parse_head",
    "request_head",
]

#: The most bytes a response's status line and headers may take (h11's default is 16 KiB,
#: httpcore raises it to 100 KiB).
MAX_HEAD_SIZE = 64 * 1024
#: The most header lines a response may have.
MAX_HEADERS = 128
_MAX_CHUNK_LINE = 1024
_TOKEN_BAD = frozenset(b" \t\r\n\x00:")


class ResponseHead:
    """A response's status line and headers, and how its body is framed."""

    __slots__ = ("chunked", "headers", "http_version", "keep_alive", "length", "reason", "status")

    def __init__(
        self, http_version: bytes, status: int, reason: bytes, headers: list[tuple[bytes, bytes]]
    ) -> None:
        self.http_version = http_version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.length: int | None = None
        self.chunked = False
        # HTTP/1.0 closes unless told otherwise; we never ask it not to.
        self.keep_alive = http_version == b"HTTP/1.1"
        lengths: set[bytes] = set()
        codings: list[bytes] = []
        for name, value in headers:
            lowered = name.lower()
            if lowered == b"content-length":
                lengths.update(part.strip() for part in value.split(b","))
            elif lowered == b"transfer-encoding":
                codings += [part.strip().lower() for part in value.split(b",")]
            elif lowered == b"connection" and b"close" in value.lower():
                self.keep_alive = False
        if codings:
            if codings[-1] != b"chunked":
                raise httpx.RemoteProtocolError("unsupported Transfer-Encoding in the response")
            self.chunked = True
        elif lengths:
            if len(lengths) > 1:
                raise httpx.RemoteProtocolError("conflicting Content-Length in the response")
            (length,) = lengths
            if not length.isdigit() or len(length) > 18:
                raise httpx.RemoteProtocolError("bad Content-Length in the response")
            self.length = int(length)
        else:
            self.keep_alive = False  # the body ends when the connection does

    def has_body(self, method: bytes) -> bool:
        return not (method == b"HEAD" or self.status in (204, 304) or self.status < 200)


def parse_head(buffer: bytearray) -> tuple[ResponseHead, int] | None:
    """The response head at the start of ``buffer`` and its length in bytes, or None when it
    has not all arrived; ``httpx.RemoteProtocolError`` if it is malformed or too large."""
    end = buffer.find(b"\r\n\r\n", 0, MAX_HEAD_SIZE + 4)
    if end < 0:
        if len(buffer) > MAX_HEAD_SIZE:
            raise httpx.RemoteProtocolError(
                f"the response's head is larger than {MAX_HEAD_SIZE} bytes"
            )
        return None
    lines = bytes(buffer[:end]).split(b"\r\n")
    if len(lines) - 1 > MAX_HEADERS:
        raise httpx.RemoteProtocolError(f"the response has more than {MAX_HEADERS} headers")
    version, _, rest = lines[0].partition(b" ")
    code, _, reason = rest.partition(b" ")
    if version not in (b"HTTP/1.1", b"HTTP/1.0") or len(code) != 3 or not code.isdigit():
        raise httpx.RemoteProtocolError("malformed status line in the response")
    headers: list[tuple[bytes, bytes]] = []
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not name or not _TOKEN_BAD.isdisjoint(name):
            raise httpx.RemoteProtocolError("malformed header line in the response")
        headers.append((name, value.strip(b" \t")))
    return ResponseHead(version, int(code), reason, headers), end + 4


def request_head(request: httpx.Request) -> bytes:
    """The request line and headers, as httpx built them (``Host`` and the body's framing
    included)."""
    parts = [request.method.encode("ascii"), b" ", request.url.raw_path, b" HTTP/1.1\r\n"]
    for name, value in request.headers.raw:
        parts += (name, b": ", value, b"\r\n")
    parts.append(b"\r\n")
    return b"".join(parts)


_SIZE, _DATA, _DATA_END, _TRAILER = range(4)


class Chunked:
    """Where a chunked body is in its framing; ``take`` decodes what has arrived."""

    __slots__ = ("_left", "_state", "_trailers", "done")

    def __init__(self) -> None:
        self._state = _SIZE
        self._left = 0
        self._trailers = 0
        self.done = False

    def take(self, buffer: bytearray) -> bytes:
        """The body's bytes that ``buffer`` holds, removed from it with their framing."""
        out: list[bytes] = []
        while not self.done:
            if self._state == _DATA:
                if not buffer:
                    break
                size = min(self._left, len(buffer))
                out.append(bytes(buffer[:size]))
                del buffer[:size]
                self._left -= size
                if not self._left:
                    self._state = _DATA_END
            elif self._state == _DATA_END:
                if len(buffer) < 2:
                    break
                if not buffer.startswith(b"\r\n"):
                    raise httpx.RemoteProtocolError("malformed chunked body in the response")
                del buffer[:2]
                self._state = _SIZE
            else:
                line = self._line(buffer)
                if line is None:
                    break
                if self._state == _SIZE:
                    self._start_chunk(line)
                elif not line:
                    self.done = True
                else:
                    self._trailers += 1
                    if self._trailers > MAX_HEADERS:
                        raise httpx.RemoteProtocolError("too many trailers in the response")
        return b"".join(out)

    def _line(self, buffer: bytearray) -> bytes | None:
        end = buffer.find(b"\r\n", 0, _MAX_CHUNK_LINE)
        if end < 0:
            if len(buffer) >= _MAX_CHUNK_LINE:
                raise httpx.RemoteProtocolError("a chunked body's line is too long")
            return None
        line = bytes(buffer[:end])
        del buffer[: end + 2]
        return line

    def _start_chunk(self, line: bytes) -> None:
        size = line.partition(b";")[0].strip(b" \t")
        if not size or len(size) > 16 or size.strip(_HEX):
            raise httpx.RemoteProtocolError("malformed chunk size in the response")
        self._left = int(size, 16)
        self._state = _DATA if self._left else _TRAILER


_HEX = b"0123456789abcdefABCDEF"
