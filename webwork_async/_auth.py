"""Authentication: a bearer token, fixed or from a provider that is asked again after a 401.

The API takes personal access tokens and OAuth2 access tokens (15-day access, 30-day refresh),
but its token endpoint is not documented, so the SDK does not guess one: you hand it a
provider (a plain or async function returning the current access token) that runs your own
refresh. One class serves both clients, since httpx lets an ``Auth`` define a sync and an
async flow side by side.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from typing import Any, TypeAlias

import anyio
import httpx

from ._errors import InvalidRequestError

__all__ = ["AsyncTokenProvider", "TokenAuth", "TokenProvider", "check_token", "make_auth"]

AsyncTokenProvider: TypeAlias = Callable[[], "str | Awaitable[str]"]
"""What ``AsyncWebWork(token=...)`` accepts as a provider: a plain or async function."""
TokenProvider: TypeAlias = Callable[[], str]
"""What ``WebWork(token=...)`` accepts as a provider."""


def check_token(token: object) -> str:
    if token is None:
        raise InvalidRequestError(
            "token", "no API token: pass token= or set the WEBWORK_TOKEN environment variable"
        )
    if not isinstance(token, str) or not token.strip():
        raise InvalidRequestError("token", "must be a non-empty string")
    if any(c in token for c in "\r\n"):
        raise InvalidRequestError("token", "must not contain line breaks")
    return token.strip()


class TokenAuth(httpx.Auth):
    """``Authorization: Bearer <token>``, from a fixed token or a provider.

    A provider is called when a token is first needed and again when the server answers 401
    (the request is then sent once more with the new token). Concurrent requests that meet
    the same 401 cause one refresh, not one each. Its repr never shows the token.
    """

    def __init__(self, provider: Callable[[], Any], *, refreshable: bool) -> None:
        self._provider = provider
        self._refreshable = refreshable
        self._token: str | None = None
        self._thread_lock = threading.Lock()
        self._task_lock = anyio.Lock()

    def __repr__(self) -> str:
        return "TokenAuth(token=***)"

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        token = self._sync_token(stale=None)
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401 and self._refreshable:
            fresh = self._sync_token(stale=token)
            if fresh != token:
                request.headers["Authorization"] = f"Bearer {fresh}"
                yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self._async_token(stale=None)
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401 and self._refreshable:
            fresh = await self._async_token(stale=token)
            if fresh != token:
                request.headers["Authorization"] = f"Bearer {fresh}"
                yield request

    def _sync_token(self, stale: str | None) -> str:
        with self._thread_lock:
            if self._token is None or self._token == stale:
                value = self._provider()
                if inspect.isawaitable(value):
                    if inspect.iscoroutine(value):
                        value.close()  # never awaited: close it, or Python warns
                    raise InvalidRequestError(
                        "token", "an async token provider needs AsyncWebWork, not WebWork"
                    )
                self._token = check_token(value)
            return self._token

    async def _async_token(self, stale: str | None) -> str:
        async with self._task_lock:
            if self._token is None or self._token == stale:
                value = self._provider()
                if inspect.isawaitable(value):
                    value = await value
                self._token = check_token(value)
            return self._token


def make_auth(token: object) -> httpx.Auth:
    """The auth for ``token=``: a string, a provider, an ``httpx.Auth``, or None (then the
    ``WEBWORK_TOKEN`` environment variable)."""
    if isinstance(token, httpx.Auth):
        return token
    if callable(token):
        return TokenAuth(token, refreshable=True)
    fixed = check_token(token)
    return TokenAuth(lambda: fixed, refreshable=False)
