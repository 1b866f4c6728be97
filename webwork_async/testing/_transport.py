"""In-process adapters: an httpx transport (sync and async) and a respx router.

Both honour the latency and the faults the way a network would show them to httpx: a
dropped connection raises ``httpx.RemoteProtocolError``, a delay (or a pause between the
pieces of a streamed body) longer than the request's read timeout sleeps that long and
raises ``httpx.ReadTimeout``, and the body is left for the client to read and decode.
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


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout")
    if is_dict(timeout):
        read = timeout.get("read")
        return None if read is None else float(read)
    return None


def _sleep(delay: float, request: httpx.Request) -> None:
    """Wait out ``delay``, or the read timeout and raise, as a socket read would."""
    limit = _read_timeout(request)
    if limit is not None and delay > limit:
        time.sleep(limit)
        raise httpx.ReadTimeout("The read operation timed out", request=request)
    if delay > 0:
        time.sleep(delay)


async def _asleep(delay: float, request: httpx.Request) -> None:
    """:func:`_sleep` for async clients."""
    limit = _read_timeout(request)
    if limit is not None and delay > limit:
        await anyio.sleep(limit)
        raise httpx.ReadTimeout("The read operation timed out", request=request)
    if delay > 0:
        await anyio.sleep(delay)


def _handle(app: App, request: httpx.Request, body: bytes) -> Response:
    return app.handle(
        request.method, request.url.path, request.url.query.decode("ascii"), request.headers, body
    )


class _Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """The response body as the client reads it: ``delay`` before the first byte, then the
    pieces with their pauses, slept the sync or the async way.

    The body is never read here: the client decodes it (``Content-Encoding``) and may stream
    it, as it would from a socket. respx calls side effects the same way for both kinds of
    client, so its latency is deferred to the body too, which each client reads its own way.
    """

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
    """The answer as httpx sees it; ``delay`` is waited by the body (see :class:`_Body`)."""
    if response.action == "drop":
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response.", request=request
        )
    headers = [*response.headers, ("content-length", str(response.length))]
    stream = _Body(response, request, delay)
    return httpx.Response(response.status, headers=headers, stream=stream, request=request)


class FakeTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An httpx transport that answers from the fake without any socket.

    Works with both clients; latency is slept with ``time.sleep`` in ``httpx.Client`` and
    ``anyio.sleep`` in ``httpx.AsyncClient``. Bodies are streamed to the client, so that a
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
    """A ``respx.MockRouter`` sending every request under ``base_url`` to ``app``.

    respx is the optional ``testing`` extra, so it is imported by name: :class:`_Router`
    types the calls made on it, and ``FakeWebWork.mock()`` names the type it returns."""
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
