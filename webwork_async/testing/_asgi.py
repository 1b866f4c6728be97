"""The fake as an ASGI 3 application (for ``httpx.ASGITransport``, uvicorn, ...)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio
import httpx

from ._app import App, Response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class FakeASGIApp:
    """ASGI 3 callable serving the fake under ``/api/v2``. ASGI cannot close a connection
    without answering, so ``drop`` raises ``httpx.RemoteProtocolError`` (uvicorn answers
    500); ``truncate`` announces the whole body and sends half; a streamed body is many body
    messages (``httpx.ASGITransport`` collects them, uvicorn streams them).
    """

    def __init__(self, app: App) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection scope."""
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            raise RuntimeError(f"unsupported ASGI scope type {scope['type']!r}")
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]
        }
        response = self._app.handle(
            scope["method"],
            scope["path"],
            scope.get("query_string", b"").decode("latin-1"),
            headers,
            bytes(body),
        )
        if response.delay > 0:
            await anyio.sleep(response.delay)
        if response.action == "drop":
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [
                    *((name.encode(), value.encode()) for name, value in response.headers),
                    (b"content-length", str(response.length).encode()),
                ],
            }
        )
        try:
            if response.stream is None:
                await _send_body(response, send)
            else:
                await _send_streamed(response, receive, send)
        except Exception:
            # The server refused the short body (h11 checks Content-Length): that is the
            # broken response we wanted, and the server now closes the connection.
            if response.action != "truncate":
                raise

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _send_body(response: Response, send: Send) -> None:
    for piece in response.pieces():
        if response.pause > 0:
            await anyio.sleep(response.pause)
        await send({"type": "http.response.body", "body": piece, "more_body": True})
    await send({"type": "http.response.body", "body": b""})


async def _send_streamed(response: Response, receive: Receive, send: Send) -> None:
    """Stop at the client's disconnect: uvicorn waits for the app at shutdown, and a trickle
    to nobody would hold ``server.close()`` that long."""
    async with anyio.create_task_group() as sending:

        async def stop_on_disconnect() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            sending.cancel_scope.cancel()

        sending.start_soon(stop_on_disconnect)
        await _send_body(response, send)
        sending.cancel_scope.cancel()
