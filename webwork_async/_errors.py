"""The exception tree.

Every error the SDK raises is a :class:`WebWorkError`::

    WebWorkError
    ├── InvalidRequestError (also a ValueError)  bad arguments, raised before sending
    ├── ClientClosedError (also a RuntimeError)  the client was closed; nothing was sent
    ├── TokenProviderError                       the token provider failed or hung
    ├── APIConnectionError                       the request did not get a response
    │   └── APITimeoutError
    ├── ResponseDecodeError                      a response that is not the documented shape
    └── APIStatusError                           the server answered with an error
        ├── BadRequestError            400
        ├── AuthenticationError        401
        ├── PermissionDeniedError      403
        ├── NotFoundError              404
        ├── ConflictError              409
        ├── UnprocessableEntityError   422
        ├── RateLimitError             429
        └── InternalServerError        >= 500

None of them ever holds the bearer token: requests carry it in a header, errors keep only
the method and a URL stripped of any user-info, and everything an error quotes from the server
(its message, a body excerpt) passes through :func:`redact` first, since a server may echo the
token back.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateStoreError",
    "ResponseDecodeError",
    "TokenProviderError",
    "UnprocessableEntityError",
    "WebWorkError",
    "redact",
]

REDACTED = "***"


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret (as it is, or percent-encoded) replaced by ``***``.

    The one scrubbing function: applied to whatever the SDK quotes from the server or from a
    failure (messages, body excerpts, log lines), whoever put the token there.
    """
    for secret in secrets:
        if not secret:
            continue
        for form in {secret, quote(secret, safe="")}:
            if form in text:
                text = text.replace(form, REDACTED)
    return text


class WebWorkError(Exception):
    """Base class of every error raised by webwork-async."""

    # Exceptions are pickled by multiprocessing and by some task queues. Every subclass keeps
    # each argument of its constructor as the attribute of the same name, so one __reduce__
    # rebuilds any of them from those attributes, without per-class code.
    def __reduce__(self) -> str | tuple[Any, ...]:
        names = _argument_names(type(self))
        if names is None:
            return super().__reduce__()
        return (_rebuild, (type(self), {name: getattr(self, name) for name in names}))


def _argument_names(cls: type[WebWorkError]) -> tuple[str, ...] | None:
    """The names of the arguments of ``cls``'s constructor (None for Exception's). Looked up
    on each pickling, which is rare, rather than kept."""
    if cls.__init__ is Exception.__init__:
        return None
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    return tuple(parameter.name for parameter in parameters)


def _rebuild(cls: type[WebWorkError], kwargs: dict[str, Any]) -> WebWorkError:
    return cls(**kwargs)


class InvalidRequestError(WebWorkError, ValueError):
    """An argument is invalid; raised before any request is sent.

    ``field`` names the offending argument and ``problem`` says what is wrong with it.
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class ClientClosedError(WebWorkError, RuntimeError):
    """The client was closed before this call; nothing was sent. Create a new client.

    Also a ``RuntimeError``, which is what a closed client raised before this class existed.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class TokenProviderError(WebWorkError):
    """The token provider raised, or did not return within the client's ``timeout``; the
    request was not sent. The provider's own exception is chained as ``__cause__``; the
    message never contains a token.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class RateStoreError(WebWorkError):
    """The shared rate budget (``rate_store``) could not be used, and the client may not go
    on without it: the store is down and its URL says ``fail=closed``, or it cannot run here
    (redis-py's async client needs asyncio). Nothing was sent. The message shows the store's
    URL without its password, and never the token.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class APIConnectionError(WebWorkError):
    """No response was received: the connection failed, was dropped, or timed out."""

    def __init__(self, message: str, *, method: str, url: str) -> None:
        self.message = message
        self.method = method
        self.url = url
        super().__init__(f"{message} ({method} {url})")


class APITimeoutError(APIConnectionError):
    """The request timed out: a connect, read, write or wait for a pooled connection, or the
    whole attempt outlasted the client's ``timeout``."""


class ResponseDecodeError(WebWorkError):
    """The server answered, but not with the documented JSON shape.

    Raised for an HTML error page, a truncated or non-JSON body, or data of the wrong types.
    ``body`` keeps the first 500 characters of the response text for debugging.
    """

    def __init__(
        self, reason: str, *, status_code: int, method: str, url: str, body: str = ""
    ) -> None:
        self.reason = reason
        self.status_code = status_code
        self.method = method
        self.url = url
        self.body = body
        super().__init__(f"{reason} (HTTP {status_code} from {method} {url})")


class APIStatusError(WebWorkError):
    """The server answered with an error status, or with ``success: false``.

    Attributes: ``status_code``; ``message``, the server's message; ``error``, its optional
    detail; ``errors``, per-field validation messages when the server sends them; ``method`` and
    ``url`` of the request; ``request_id`` when the server sent one.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        method: str,
        url: str,
        error: str | None = None,
        errors: Mapping[str, list[str]] | None = None,
        request_id: str | None = None,
    ) -> None:
        self.message = message
        self.status_code = status_code
        self.method = method
        self.url = url
        self.error = error
        self.errors: dict[str, list[str]] = dict(errors) if errors else {}
        self.request_id = request_id
        text = f"HTTP {status_code}: {message}"
        if error and error != message:
            text += f" ({error})"
        if self.errors:
            text += " [" + "; ".join(f"{k}: {', '.join(v)}" for k, v in self.errors.items()) + "]"
        super().__init__(f"{text} — {method} {url}")


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401: the token is missing, invalid or expired."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403: the token's user may not do this."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422: the server rejected the fields; see ``errors`` for per-field messages."""


class RateLimitError(APIStatusError):
    """HTTP 429: too many requests. ``retry_after`` is the server's hint in seconds, if any
    (its ``Retry-After``, else the time until its ``X-RateLimit-Reset``), as the server gave
    it: raised at once when it is longer than the client's ``max_retry_wait``."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        method: str,
        url: str,
        error: str | None = None,
        errors: Mapping[str, list[str]] | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(
            message,
            status_code=status_code,
            method=method,
            url=url,
            error=error,
            errors=errors,
            request_id=request_id,
        )
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """HTTP 500 or above."""


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    if status_code >= 500:
        return InternalServerError
    return _STATUS_ERRORS.get(status_code, APIStatusError)
