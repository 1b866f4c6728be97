"""The client's options: their defaults and checks (base URL, headers, request paths, tuning
numbers), the user agent, the shared TLS context, and the ``webwork_async`` logger with what
it logs. Checked once when a client is built (paths: on every request), before anything is
sent; nothing here does I/O, so nothing here needs two versions.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import re
import ssl
import warnings
from collections.abc import Iterable, Mapping
from typing import cast

import httpx

from ._errors import InvalidRequestError, redact
from ._ratelimit import RateLimit, RateState
from ._response import request_secrets, safe_url
from ._retry import DEFAULT_MAX_RETRY_WAIT
from ._validation import check_count, check_id
from ._version import __version__

__all__ = [
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_TIMEOUT",
    "PAGE_CONCURRENCY",
    "TOKEN_ENV",
    "WORKSPACE_ENV",
    "check_base_url",
    "check_client_options",
    "check_headers",
    "check_max_response_size",
    "check_max_retry_wait",
    "check_path",
    "configure_logging_from_env",
    "default_tls_context",
    "env_base_url",
    "env_token",
    "env_workspace_id",
    "log_response",
    "log_retry",
    "logger",
    "total_timeout",
    "user_agent",
    "warn_unclosed",
]

logger = logging.getLogger("webwork_async")

DEFAULT_BASE_URL = "https://api.webwork-tracker.com/api/v2"
# Long enough for a slow report, short enough that a dead connection is noticed.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
# Decoded bytes of one response: the largest documented page is far below this.
DEFAULT_MAX_RESPONSE_SIZE = 16 * 1024 * 1024

user_agent = f"webwork-async/{__version__}"

# Pages a pager fetches at a time: enough to hide latency, few enough to bound memory.
PAGE_CONCURRENCY = 8


@functools.cache
def default_tls_context() -> ssl.SSLContext:
    """httpx's default verifying TLS context, built once: building one loads the CA bundle
    (about 20 ms), and an SSLContext is safe to share between connections and threads."""
    return httpx.create_ssl_context()


_LOOPBACK = re.compile(r"localhost|127(\.\d{1,3}){3}|::1|\[::1\]", re.IGNORECASE)


def check_base_url(base_url: object, *, allow_http: bool, field: str = "base_url") -> httpx.URL:
    """The API base URL: https, or http only for a loopback host (a local fake) or when the
    caller explicitly allows it, since the bearer token would travel in the clear. ``field``
    names where the value came from in the error (the argument or the environment variable)."""
    if not isinstance(base_url, str) or not base_url.strip():
        raise InvalidRequestError(field, f"must be a URL string, got {base_url!r}")
    try:
        url = httpx.URL(base_url.strip().rstrip("/") + "/")
    except httpx.InvalidURL as exc:
        raise InvalidRequestError(field, f"is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidRequestError(field, f"must be an http(s) URL with a host, got {url}")
    if url.scheme == "http" and not allow_http and not _LOOPBACK.fullmatch(url.host):
        raise InvalidRequestError(
            field,
            "must use https: the token would be sent in the clear (http is allowed for "
            "localhost, or with allow_http=True)",
        )
    return url


def check_client_options(
    max_retries: object,
    max_concurrency: object,
    rate_limit: object,
    max_retry_wait: object = DEFAULT_MAX_RETRY_WAIT,
    max_response_size: object = DEFAULT_MAX_RESPONSE_SIZE,
) -> RateState | None:
    """Checks the client's tuning options; the rate bookkeeping they ask for."""
    check_count("max_retries", max_retries)
    check_count("max_concurrency", max_concurrency, minimum=1)
    wait = check_max_retry_wait(max_retry_wait)
    check_max_response_size(max_response_size)
    if rate_limit is None:
        return None
    if rate_limit == "auto":
        return RateState(None, max_wait=wait)
    if isinstance(rate_limit, RateLimit):
        return RateState(rate_limit, max_wait=wait)
    raise InvalidRequestError(
        "rate_limit", f"must be 'auto', a RateLimit or None, got {rate_limit!r}"
    )


def check_max_retry_wait(value: object) -> float:
    """``max_retry_wait``: a finite number of seconds > 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidRequestError("max_retry_wait", f"must be a number of seconds, got {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise InvalidRequestError("max_retry_wait", f"must be finite and > 0, got {value!r}")
    return float(value)


def check_max_response_size(value: object) -> int:
    """``max_response_size``: a whole number of bytes >= 1."""
    return check_count("max_response_size", value, minimum=1)


def total_timeout(timeout: httpx.Timeout) -> float | None:
    """The bound on one whole attempt: the largest component of ``timeout`` that is set
    (for a plain number T every component is T), or None when none is."""
    parts = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t]
    return max(parts) if parts else None


# A segment that would leave its place in the path: empty, a dot segment, or one carrying a
# separator, a query, a fragment, an escape or a control character.
_BAD_SEGMENT_CHARS = re.compile(r"[/?#%\\\x00-\x1f\x7f]")


def check_path(path: str) -> str:
    """``path`` (relative to the base URL) when each of its segments stays a segment.

    The one place every request path passes, so no argument (and no future resource) can
    reach another endpoint: ``.``/``..`` would walk up, ``?``/``#`` would end the path,
    ``%`` would smuggle an escaped separator.
    """
    for segment in path.split("/"):
        if segment in ("", ".", "..") or _BAD_SEGMENT_CHARS.search(segment):
            raise InvalidRequestError(
                "path", f"segment {segment!r} of {path!r} would change the request's path"
            )
    return path


# RFC 7230 token characters: what a header name may be made of.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# A header value: visible ASCII, spaces and tabs; no CR, LF, NUL or other control character.
_HEADER_VALUE = re.compile(r"[\t\x20-\x7e]*")
# Headers the client sets itself: the token, the encodings it can decode, and the framing.
_OWN_HEADERS = {
    "authorization": "the token is set with token=, not a header",
    "accept-encoding": "the client asks only for the encodings it decodes itself",
    "content-length": "the client frames the request itself",
    "transfer-encoding": "the client frames the request itself",
    "host": "the host comes from base_url",
}


def check_headers(headers: object) -> dict[str, str]:
    """Extra request headers: RFC 7230 names, values with no line break or control
    character, and none of the headers the client owns. Checked before anything is sent."""
    if not isinstance(headers, Mapping):
        raise InvalidRequestError("headers", f"must be a mapping, got {type(headers).__name__}")
    checked: dict[str, str] = {}
    for name, value in cast("Mapping[object, object]", headers).items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise InvalidRequestError("headers", f"names and values must be strings: {name!r}")
        if not _TOKEN.fullmatch(name):
            raise InvalidRequestError("headers", f"{name!r} is not a valid header name")
        if not _HEADER_VALUE.fullmatch(value):
            raise InvalidRequestError(
                "headers",
                f"the value of {name!r} must be printable ASCII, with no CR, LF or NUL",
            )
        reason = _OWN_HEADERS.get(name.lower())
        if reason is not None:
            raise InvalidRequestError("headers", f"{name!r}: {reason}")
        checked[name] = value
    return checked


_LOG_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}


def configure_logging_from_env() -> None:
    """``WEBWORK_LOG=debug|info|warning`` sends the SDK's log lines (and httpx's) to stderr,
    unless the application has configured the ``webwork_async`` logger itself. Safe to call
    more than once."""
    level = _LOG_LEVELS.get(os.environ.get("WEBWORK_LOG", "").strip().lower())
    if level is None or logger.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    for name in ("webwork_async", "httpx"):
        configured = logging.getLogger(name)
        configured.addHandler(handler)
        configured.setLevel(level)


def warn_unclosed(client: object) -> None:
    """The ResourceWarning for a client collected while still open."""
    warnings.warn(
        f"{type(client).__name__} was never closed: use it in a 'with' block or close it, "
        "so its connections are released",
        ResourceWarning,
        source=client,
        stacklevel=2,
    )


# The environment variables a client reads for the arguments it was not given (an argument
# passed, even one equal to the default, always wins; an empty variable counts as unset).
TOKEN_ENV = "WEBWORK_TOKEN"
BASE_URL_ENV = "WEBWORK_BASE_URL"
WORKSPACE_ENV = "WEBWORK_WORKSPACE_ID"


def env_token() -> str | None:
    """The token from ``WEBWORK_TOKEN``, when no token was passed; None when unset or empty."""
    return os.environ.get(TOKEN_ENV) or None


def env_base_url(base_url: str | None, *, allow_http: bool) -> httpx.URL:
    """``base_url``, else ``WEBWORK_BASE_URL``, else the production URL; checked, the error
    naming the variable when the bad value came from it."""
    if base_url is not None:
        return check_base_url(base_url, allow_http=allow_http)
    text = os.environ.get(BASE_URL_ENV, "").strip()
    if not text:
        return check_base_url(DEFAULT_BASE_URL, allow_http=allow_http)
    return check_base_url(text, allow_http=allow_http, field=BASE_URL_ENV)


def env_workspace_id(workspace_id: int | None) -> int | None:
    """``workspace_id``, else ``WEBWORK_WORKSPACE_ID``, else None; a variable that is not a
    positive integer is an error naming it."""
    if workspace_id is not None:
        return check_id("workspace_id", workspace_id)
    text = os.environ.get(WORKSPACE_ENV, "").strip()
    if not text:
        return None
    if not _DIGITS.fullmatch(text) or int(text) == 0:
        raise InvalidRequestError(
            WORKSPACE_ENV, f"must be a positive integer workspace id, got {text!r}"
        )
    return int(text)


_DIGITS = re.compile(r"[0-9]+")


def log_response(
    request: httpx.Request,
    response: httpx.Response,
    attempt: int,
    elapsed: float,
    secrets: Iterable[str] = (),
) -> None:
    """One DEBUG line per answered attempt: method, redacted URL, status and time."""
    if not logger.isEnabledFor(logging.DEBUG):
        return  # safe_url() is work on every request; skip it when nobody listens
    logger.debug(
        "%s %s -> %d in %.1f ms%s",
        request.method,
        redact(safe_url(request.url), (*secrets, *request_secrets(request))),
        response.status_code,
        elapsed * 1000,
        f" (retry {attempt})" if attempt else "",
    )


def log_retry(
    request: httpx.Request,
    error: Exception,
    attempt: int,
    delay: float,
    secrets: Iterable[str] = (),
) -> None:
    """One INFO line per retry: what failed and how long the client waits."""
    logger.info(
        "retrying %s %s in %.2f s after %s (retry %d)",
        request.method,
        redact(safe_url(request.url), (*secrets, *request_secrets(request))),
        delay,
        type(error).__name__,
        attempt + 1,
    )
