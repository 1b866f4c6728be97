"""The pool's HTTP/1.1 parser (``_wire.py``), with no I/O: framing that arrives in pieces of
any size, and the bounds a hostile server meets."""

from __future__ import annotations

import httpx
import pytest

from webwork_async._wire import MAX_HEAD_SIZE, Chunked, ResponseHead, parse_head, request_head

BODY = b"5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n"


@pytest.mark.parametrize("size", [1, 2, 3, 7, len(BODY)])
def test_a_chunked_body_in_pieces_of_any_size_decodes_the_same(size: int) -> None:
    chunked, buffer, out = Chunked(), bytearray(), b""
    for start in range(0, len(BODY), size):
        buffer += BODY[start : start + size]
        out += chunked.take(buffer)
    assert chunked.done and out == b"hello world" and not buffer


def test_bytes_after_a_chunked_body_are_left_in_the_buffer() -> None:
    buffer = bytearray(b"0\r\n\r\nHTTP/1.1")
    Chunked().take(buffer)
    assert buffer == b"HTTP/1.1"


@pytest.mark.parametrize("line", [b"-5", b"0x5", b"+5", b"", b"5 5", b"1" * 17])
def test_a_bad_chunk_size_is_a_protocol_error(line: bytes) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        Chunked().take(bytearray(line + b"\r\nhello\r\n"))


def test_an_endless_chunk_size_line_is_refused() -> None:
    with pytest.raises(httpx.RemoteProtocolError, match="too long"):
        Chunked().take(bytearray(b"0" * 2000))


def test_a_head_is_parsed_once_it_has_all_arrived() -> None:
    raw = b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\nX-A:  b \r\n\r\n{}"
    assert parse_head(bytearray(raw[:-5])) is None
    parsed = parse_head(bytearray(raw))
    assert parsed is not None
    head, size = parsed
    assert (head.status, head.reason, head.length, head.keep_alive) == (201, b"Created", 2, True)
    assert head.headers == [(b"Content-Length", b"2"), (b"X-A", b"b")]
    assert raw[size:] == b"{}"


def test_a_head_that_never_ends_is_refused_at_the_bound() -> None:
    assert parse_head(bytearray(b"HTTP/1.1 200 OK\r\n" + b"a" * (MAX_HEAD_SIZE - 100))) is None
    with pytest.raises(httpx.RemoteProtocolError, match="larger than"):
        parse_head(bytearray(b"HTTP/1.1 200 OK\r\n" + b"a" * MAX_HEAD_SIZE))


@pytest.mark.parametrize(
    "headers",
    [
        [(b"Content-Length", b"2"), (b"Content-Length", b"3")],
        [(b"Content-Length", b"-1")],
        [(b"Transfer-Encoding", b"gzip")],
    ],
)
def test_a_body_framed_two_ways_or_none_is_refused(headers: list[tuple[bytes, bytes]]) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        ResponseHead(b"HTTP/1.1", 200, b"OK", headers)


def test_framing_and_keep_alive() -> None:
    assert ResponseHead(b"HTTP/1.1", 200, b"", [(b"Transfer-Encoding", b"chunked")]).chunked
    assert not ResponseHead(b"HTTP/1.0", 200, b"", [(b"Content-Length", b"1")]).keep_alive
    closing = ResponseHead(
        b"HTTP/1.1", 200, b"", [(b"Content-Length", b"1"), (b"Connection", b"Close")]
    )
    assert not closing.keep_alive
    until_close = ResponseHead(b"HTTP/1.1", 200, b"", [])
    assert until_close.length is None and not until_close.keep_alive
    assert not ResponseHead(b"HTTP/1.1", 204, b"", []).has_body(b"GET")
    assert not ResponseHead(b"HTTP/1.1", 200, b"", []).has_body(b"HEAD")


@pytest.mark.parametrize(
    "line", [b"HTTP/2 200 OK", b"HTTP/1.1 20 OK", b"ICY 200 OK", b"HTTP/1.1 abc"]
)
def test_a_bad_status_line_is_refused(line: bytes) -> None:
    with pytest.raises(httpx.RemoteProtocolError, match="status line"):
        parse_head(bytearray(line + b"\r\n\r\n"))


def test_the_request_head_is_what_httpx_built() -> None:
    request = httpx.Request("POST", "https://h.example/a/b?c=1", json={"x": 1})
    head = request_head(request)
    assert head.startswith(b"POST /a/b?c=1 HTTP/1.1\r\nHost: h.example\r\n")
    # Content-Length as this httpx version encodes JSON (compact only since httpx 0.28).
    length = b"\r\nContent-Length: %d\r\n" % len(request.content)
    assert length in head and head.endswith(b"\r\n\r\n")
