"""A benchmark server whose own cost is negligible: the fake's answers, replayed.

    python benchmarks/_replay.py --latency 50ms --tasks 10000 --members 20

The latency-bound benchmarks (pagination, bulk) measure a client against a server that
answers after 50 ms. The real service runs elsewhere, so its CPU is not the client's. The
fake (``python -m webwork_async.testing serve``) runs its business logic and renders every
answer in one Python process on the client's machine: at 8 pages of 100 tasks in flight, or
5,120 assignments a second, that process is the bound, and plain httpx with no decoding at all
stays far from the ideal. This server takes the fake out of the timed path:

- The first time it sees a request (method, target, ``Authorization`` and body), it asks a
  ``FakeWebWork`` seeded exactly as ``serve`` seeds it (same token, tasks, members, seed),
  through the fake's public in-process transport, with no latency, and keeps the complete
  answer as bytes: the status line, the fake's headers (rate-limit headers included when the
  fake sends them), ``Content-Length``, ``Server: webwork-fake`` and the body, as the fake's
  own server sends them.
- Every time, it sends those bytes ``--latency`` after the whole request has arrived, with
  one ``loop.call_later`` per request: HTTP/1.1, keep-alive, ``Content-Length`` bodies, one
  asyncio protocol per connection, no task per request.

So a repeated request gets the first answer again. That is what the benchmarks need: a page
of a list is the same page each round, and an assignment answers as it did the first time. A
server-side budget cannot be replayed (its headers change with every request), so
``--rate-limit`` is not offered: the rate-budget benchmarks use the fake itself. Its first
line of output has the same form as ``serve``'s (``... listening on URL (token: ...)``).
"""

from __future__ import annotations

import argparse
import asyncio
import http
import signal
import sys

import httpx

from webwork_async.testing import FakeWebWork

_HEAD_END = b"\r\n\r\n"
_MAX_HEAD = 64 * 1024


class _Answers:
    """The fake's answers as bytes, rendered on the first request of each kind."""

    def __init__(self, fake: FakeWebWork, origin: str) -> None:
        self._transport = fake.transport()
        self._origin = origin
        self._cache: dict[tuple[bytes, bytes, bytes], bytes] = {}

    def get(self, request_line: bytes, headers: list[tuple[bytes, bytes]], body: bytes) -> bytes:
        authorization = next((v for n, v in headers if n == b"authorization"), b"")
        key = (request_line, authorization, body)
        answer = self._cache.get(key)
        if answer is None:
            answer = self._cache[key] = self._render(request_line, headers, body)
        return answer

    def _render(
        self, request_line: bytes, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> bytes:
        method, target, _ = request_line.split(b" ", 2)
        request = httpx.Request(
            method.decode(),
            self._origin + target.decode("latin-1"),
            headers=[(n, v) for n, v in headers if n not in (b"host", b"content-length")],
            content=body,
        )
        response = self._transport.handle_request(request)
        content = response.read()
        reason = http.HTTPStatus(response.status_code).phrase
        lines = [f"HTTP/1.1 {response.status_code} {reason}".encode()]
        lines += [
            name + b": " + value
            for name, value in response.headers.raw
            if name.lower() not in (b"content-length", b"server")
        ]
        lines += [b"content-length: %d" % len(content), b"server: webwork-fake"]
        return b"\r\n".join(lines) + _HEAD_END + content


class _Connection(asyncio.Protocol):
    """One keep-alive connection: requests parsed from the buffer, each answered after the
    latency by a timer (HTTP/1.1 clients send the next request after the answer)."""

    def __init__(self, answers: _Answers, latency: float) -> None:
        self._answers = answers
        self._latency = latency
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None
        self._loop = asyncio.get_running_loop()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while True:
            end = self._buffer.find(_HEAD_END)
            if end < 0:
                if len(self._buffer) > _MAX_HEAD:
                    self._close()
                return
            head = bytes(self._buffer[:end]).split(b"\r\n")
            headers = [
                (name.strip().lower(), value.strip())
                for name, _, value in (line.partition(b":") for line in head[1:])
            ]
            if any(n == b"transfer-encoding" for n, _ in headers):
                self._close()  # not needed by the benchmarks: httpx sends Content-Length
                return
            length = int(next((v for n, v in headers if n == b"content-length"), b"0"))
            if len(self._buffer) < end + 4 + length:
                return
            body = bytes(self._buffer[end + 4 : end + 4 + length])
            del self._buffer[: end + 4 + length]
            answer = self._answers.get(head[0], headers, body)
            self._loop.call_later(self._latency, self._send, answer)

    def _send(self, answer: bytes) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(answer)

    def _close(self) -> None:
        if self._transport is not None:
            self._transport.close()


def _duration(text: str) -> float:
    return float(text[:-2]) / 1000 if text.endswith("ms") else float(text.rstrip("s"))


async def _serve(args: argparse.Namespace) -> None:
    fake = FakeWebWork(token=args.token, seed=args.seed)
    fake.seed_workspace(tasks_per_project=args.tasks, members=args.members, custom_statuses=True)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: _Connection(answers, args.latency), args.host, args.port, backlog=1024
    )
    port = server.sockets[0].getsockname()[1]
    url = f"http://{args.host}:{port}/api/v2"
    answers = _Answers(fake, f"http://{args.host}:{port}")
    print(f"WebWork replay listening on {url} (token: {args.token})", flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    async with server:
        await stop.wait()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default="test-token")
    parser.add_argument("--latency", type=_duration, default=0.0, help="e.g. 50ms")
    parser.add_argument("--tasks", type=int, default=100, help="tasks per project")
    parser.add_argument("--members", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    asyncio.run(_serve(parser.parse_args(argv)))


if __name__ == "__main__":
    main(sys.argv[1:])
