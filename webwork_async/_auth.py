"""Authentication: a bearer token, fixed or from a provider that is asked again after a 401.

The API takes personal access tokens and OAuth2 access tokens (15-day access, 30-day refresh),
but its token endpoint is not documented, so the SDK does not guess one: you hand it a
provider (a plain or async function returning the current access token) that runs your own
refresh. One class serves both clients, since httpx lets an ``Auth`` define a sync and an
async flow side by side.

A provider is bounded: the client asks for the token before each attempt under its
``timeout`` (:meth:`TokenAuth.async_ensure_token`), a provider that raises or hangs becomes a
:class:`TokenProviderError` with its exception chained, and the refresh lock is never held
longer than that bound, so one hung provider cannot stall every other request.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from typing import Any, TypeAlias

import anyio
import httpx

from ._concurrency import (
    async_call_provider,
    async_deadline,
    call_provider,
    deadline,
    deadline_left,
)
from ._errors import InvalidRequestError, TokenProviderError, WebWorkError

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

    def __init__(
        self, provider: Callable[[], Any] | None, *, refreshable: bool, token: str | None = None
    ) -> None:
        self._provider = provider
        self._refreshable = refreshable
        self._token: str | None = token
        self._thread_lock = threading.Lock()
        self._task_lock = anyio.Lock()

    def __repr__(self) -> str:
        return "TokenAuth(token=***)"

    def secrets(self) -> tuple[str, ...]:
        """The current token, to redact from what the SDK quotes."""
        return () if self._token is None else (self._token,)

    async def async_ensure_token(self, within: float | None) -> None:
        """Have a token before an attempt, asking the provider within ``within`` seconds."""
        if self._token is None:
            with _bounded_provider(within), async_deadline(within):
                await self._async_token(stale=None)

    def ensure_token(self, within: float | None) -> None:
        """The sync twin of :meth:`async_ensure_token`."""
        if self._token is None:
            with _bounded_provider(within), deadline(within):
                self._sync_token(stale=None)

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        token = self._sync_token(stale=None)
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401 and self._refreshable:
            with _bounded_provider(None):
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
            with _bounded_provider(None):
                fresh = await self._async_token(stale=token)
            if fresh != token:
                request.headers["Authorization"] = f"Bearer {fresh}"
                yield request

    def _sync_token(self, stale: str | None) -> str:
        # The lock is waited for no longer than the deadline, so a provider hung in another
        # thread cannot hold this one past its own timeout.
        if self._token is not None and stale is None:
            return self._token
        left = deadline_left()
        if not self._thread_lock.acquire(timeout=-1 if left is None else max(0.0, left)):
            raise TimeoutError("another thread's token refresh did not finish in time")
        try:
            if self._token is None or self._token == stale:
                if self._provider is None:
                    raise InvalidRequestError("token", "no token")
                value = call_provider(self._provider)
                if inspect.isawaitable(value):
                    if inspect.iscoroutine(value):
                        value.close()  # never awaited: close it, or Python warns
                    raise InvalidRequestError(
                        "token", "an async token provider needs AsyncWebWork, not WebWork"
                    )
                self._token = check_token(value)
            return self._token
        finally:
            self._thread_lock.release()

    async def _async_token(self, stale: str | None) -> str:
        if self._token is not None and stale is None:
            return self._token  # the common case: no lock, no scheduling point
        async with self._task_lock:
            if self._token is None or self._token == stale:
                if self._provider is None:
                    raise InvalidRequestError("token", "no token")
                self._token = check_token(await async_call_provider(self._provider))
            return self._token


class _bounded_provider:
    """Turns a provider's failure, or its running out of time, into TokenProviderError.

    ``timeout`` is only for the message; the bound itself is the enclosing deadline.
    """

    def __init__(self, timeout: float | None) -> None:
        self._timeout = timeout

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        if exc is None or isinstance(exc, WebWorkError) or not isinstance(exc, Exception):
            return  # success, an error already typed, or a cancellation/interrupt
        if isinstance(exc, TimeoutError):
            limit = "" if self._timeout is None else f" within {self._timeout:g} s"
            raise TokenProviderError(f"the token provider did not return{limit}") from exc
        # Only the type: the provider's own message may quote a token; it stays in __cause__.
        raise TokenProviderError(
            f"the token provider failed ({type(exc).__name__}; see __cause__)"
        ) from exc


def make_auth(token: object) -> httpx.Auth:
    """The auth for ``token=``: a string, a provider, an ``httpx.Auth``, or None (then the
    ``WEBWORK_TOKEN`` environment variable)."""
    if isinstance(token, httpx.Auth):
        return token
    if callable(token):
        return TokenAuth(token, refreshable=True)
    return TokenAuth(None, refreshable=False, token=check_token(token))
