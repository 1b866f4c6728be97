"""In-process adapters: an httpx transport (sync and async) and a respx router. Both show
latency and faults as a network would: a drop raises ``httpx.RemoteProtocolError``, a wait
longer than the read timeout sleeps that long and raises ``httpx.ReadTimeout``, and the body
is left for the client to read and decode.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, Protocol

import anyio
import httpx

from ._app import App, Response
from ._validation import is_dict


def _wait(delay: float, request: httpx.Request) -> tuple[float, httpx.ReadTimeout | None]:
    """How long to sleep, and the timeout to raise after it (as a socket read would)."""
    timeout = request.extensions.get("timeout")
    read = timeout.get("read") if is_dict(timeout) else None
    if read is not None and delay > float(read):
        return float(read), httpx.ReadTimeout("The read operation timed out", request=request)
    return delay, None


def _sleep(delay: float, request: httpx.Request) -> None:
    seconds, timed_out = _wait(delay, request)
    if seconds > 0 or timed_out is not None:
        time.sleep(seconds)
    if timed_out is not None:
        raise timed_out


async def _asleep(delay: float, request: httpx.Request) -> None:
    seconds, timed_out = _wait(delay, request)
    if seconds > 0 or timed_out is not None:
        await anyio.sleep(seconds)
    if timed_out is not None:
        raise timed_out


def _handle(app: App, request: httpx.Request, body: bytes) -> Response:
    return app.handle(
        request.method, request.url.path, request.url.query.decode("ascii"), request.headers, body
    )


class _Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """The body as the client reads and decodes it, as from a socket: ``delay`` first (respx
    calls side effects alike for both clients, so it defers its latency to here), then the
    pieces with their pauses."""

    def __init__(self, response: Response, request: httpx.Request, delay: float) -> None:
        self._response = response
        self._request = request
        self._delay = delay

    def __iter__(self) -> Iterator[bytes]:
        _sleep(self._delay, self._request)
        for piece in self._response.pieces():
            _sleep(self._response.pause, self._request)
            yield piece

    async def __aiter__(self) -> AsyncIterator[bytes]:
        await _asleep(self._delay, self._request)
        for piece in self._response.pieces():
            await _asleep(self._response.pause, self._request)
            yield piece


def _to_httpx(response: Response, request: httpx.Request, delay: float = 0.0) -> httpx.Response:
    if response.action == "drop":
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response.", request=request
        )
    headers = [*response.headers, ("content-length", str(response.length))]
    stream = _Body(response, request, delay)
    return httpx.Response(response.status, headers=headers, stream=stream, request=request)


class FakeTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An httpx transport that answers from the fake without any socket, for both clients
    (latency slept with ``time.sleep`` or ``anyio.sleep``). Bodies are streamed, so a
    trickled body arrives byte by byte and a huge one is never held::

        client = httpx.AsyncClient(transport=fake.transport(), base_url=fake.base_url)
    """

    def __init__(self, app: App) -> None:
        self._app = app

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer a request of an ``httpx.Client``."""
        response = _handle(self._app, request, request.read())
        _sleep(response.delay, request)
        return _to_httpx(response, request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer a request of an ``httpx.AsyncClient``."""
        response = _handle(self._app, request, await request.aread())
        await _asleep(response.delay, request)
        return _to_httpx(response, request)


class _Route(Protocol):
    def mock(self, *, side_effect: Callable[[httpx.Request], httpx.Response]) -> object: ...


class _Router(Protocol):
    """What :func:`mock_router` calls on a ``respx.MockRouter``."""

    def route(self, *, name: str) -> _Route: ...


def mock_router(app: App, base_url: str) -> Any:
    """A ``respx.MockRouter`` sending every request under ``base_url`` to ``app``; respx is
    an optional extra, so it is imported by name and typed by :class:`_Router`."""
    try:
        respx_module = importlib.import_module("respx")
    except ImportError:
        raise ImportError(
            "fake.mock() needs respx: pip install 'webwork-async[testing]' (or respx itself)"
        ) from None

    def side_effect(request: httpx.Request) -> httpx.Response:
        response = _handle(app, request, request.read())
        return _to_httpx(response, request, response.delay)

    router = respx_module.MockRouter(base_url=base_url, assert_all_called=False)
    typed: _Router = router
    typed.route(name="webwork-fake").mock(side_effect=side_effect)
    return router
