"""What a hostile server sends (the hostile ``Faults`` kinds), built without ever holding
what the client is made to receive.
"""

from __future__ import annotations

import functools
import math
import struct
import zlib
from collections.abc import Iterator

#: How many bytes the gzip bomb inflates to (a JSON envelope padded with whitespace).
BOMB_INFLATED_MIB = 500
#: How deep the ``deep_json`` answer nests its arrays.
DEEP_JSON_DEPTH = 100_000
#: The size of the pieces a huge body is streamed in.
PIECE_BYTES = 64 * 1024

RETRY_AFTER_HUGE = "1000000000"
#: ``Retry-After`` values a client cannot use, sent in turn by ``retry_after_garbage``.
RETRY_AFTER_GARBAGE = ("-5", "soon", "NaN", "")
ABSURD_LIMIT = "1000000000000"
_TEN_YEARS = 10 * 365.25 * 24 * 3600

_MIB = 1024 * 1024
# Magic, deflate, no flags, no mtime, "maximum compression", unknown OS (RFC 1952, 2.3).
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
_BOMB_HEAD = b'{"success":true,"data":[]'
_BOMB_TAIL = b"}"

#: A gzip header, then a deflate block of the reserved type 3: every inflater rejects it.
GZIP_CORRUPT = _GZIP_HEADER + b"\xff" * 16 + b"this is not a deflate stream"


@functools.cache
def gzip_bomb() -> bytes:
    """About 520 KB of gzip inflating to ``BOMB_INFLATED_MIB`` MiB of valid JSON.

    A full flush ends a deflate block on a byte boundary and forgets the history, so one
    compressed mebibyte of spaces can be repeated: milliseconds instead of seconds."""
    spaces = b" " * _MIB
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = deflate.compress(_BOMB_HEAD) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(spaces) + deflate.flush(zlib.Z_FULL_FLUSH)
    tail = deflate.compress(_BOMB_TAIL) + deflate.flush()
    crc = zlib.crc32(_BOMB_HEAD)
    for _ in range(BOMB_INFLATED_MIB):
        crc = zlib.crc32(spaces, crc)
    crc = zlib.crc32(_BOMB_TAIL, crc)
    size = len(_BOMB_HEAD) + BOMB_INFLATED_MIB * _MIB + len(_BOMB_TAIL)
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return _GZIP_HEADER + head + block * BOMB_INFLATED_MIB + tail + trailer


@functools.cache
def deep_json() -> bytes:
    """A success envelope whose ``data`` nests ``DEEP_JSON_DEPTH`` arrays (valid JSON)."""
    return b'{"success":true,"data":' + b"[" * DEEP_JSON_DEPTH + b"]" * DEEP_JSON_DEPTH + b"}"


def padded_pieces(body: bytes, size: int) -> Iterator[bytes]:
    """``body`` (a JSON object) with whitespace before its closing brace, ``size`` bytes in
    all (never less than ``body``), in pieces of at most ``PIECE_BYTES``."""
    if not body.endswith(b"}"):
        raise ValueError("only a JSON object can be padded")
    spaces = b" " * PIECE_BYTES
    full, rest = divmod(max(0, size - len(body)), PIECE_BYTES)
    for start in range(0, len(body) - 1, PIECE_BYTES):
        yield body[start : min(start + PIECE_BYTES, len(body) - 1)]
    for _ in range(full):
        yield spaces
    if rest:
        yield spaces[:rest]
    yield b"}"


def bytewise(body: bytes) -> Iterator[bytes]:
    """``body`` one byte at a time."""
    for index in range(len(body)):
        yield body[index : index + 1]


def far_reset(now: float) -> str:
    """An ``X-RateLimit-Reset`` (epoch seconds) ten years after ``now``."""
    return str(math.ceil(now + _TEN_YEARS))
