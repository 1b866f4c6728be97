"""What the async client and its generated sync twin share: auth, the response envelope,
retry decisions, and pages. Nothing here does I/O, so nothing here needs two versions.

Where a request goes: a resource method (``_async/_tasks.py``) validates its arguments and calls
``AsyncWebWork._request`` (``_async/_client.py``), which sends it through httpx, retries what is
safe to retry, and hands the response to :func:`parse_response` below, the one place that
unwraps ``{success, data, message, meta, pagination}``; the resource then decodes ``data`` with
the converter (``_converter.py``) into attrs models (``models/``).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import random
import re
import ssl
import warnings
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any, Generic, TypeVar, cast

import attrs
import httpx

from ._converter import DECODE_ERRORS, structure
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    InvalidRequestError,
    RateLimitError,
    ResponseDecodeError,
    status_error_class,
)
from ._ratelimit import RateLimit, RateState, parse_rate_headers
from ._validation import check_count
from ._version import __version__
from .models import Report, TimeRequest, Timesheet
from .models._expenses import parse_display_date

_json_loads: Callable[[bytes], Any]
try:  # An optional accelerator (the `speedups` extra): JSON parsing dominates decoding.
    from orjson import loads as _json_loads
except ImportError:  # pragma: no cover - exercised by the stdlib-only CI session
    _json_loads = json.loads

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "NOT_SENT",
    "PAGE_CONCURRENCY",
    "Envelope",
    "Page",
    "PageInfo",
    "RetryPolicy",
    "check_base_url",
    "check_client_options",
    "check_headers",
    "configure_logging_from_env",
    "connection_error",
    "default_tls_context",
    "decode",
    "env_token",
    "json_object",
    "log_response",
    "log_retry",
    "logger",
    "parse_response",
    "retry_after",
    "safe_url",
    "user_agent",
    "warn_unclosed",
]

T = TypeVar("T")

logger = logging.getLogger("webwork_async")

DEFAULT_BASE_URL = "https://api.webwork-tracker.com/api/v2"
# Long enough for a slow report, short enough that a dead connection is noticed.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

user_agent = f"webwork-async/{__version__}"

# Pages a pager fetches at a time: enough to hide latency, few enough to bound memory.
PAGE_CONCURRENCY = 8


@functools.cache
def default_tls_context() -> ssl.SSLContext:
    """httpx's default verifying TLS context, built once: building one loads the CA bundle
    (about 20 ms), and an SSLContext is safe to share between connections and threads."""
    return httpx.create_ssl_context()


_LOOPBACK = re.compile(r"localhost|127(\.\d{1,3}){3}|::1|\[::1\]", re.IGNORECASE)


def check_base_url(base_url: object, *, allow_http: bool) -> httpx.URL:
    """The API base URL: https, or http only for a loopback host (a local fake) or when the
    caller explicitly allows it, since the bearer token would travel in the clear."""
    if not isinstance(base_url, str) or not base_url.strip():
        raise InvalidRequestError("base_url", f"must be a URL string, got {base_url!r}")
    try:
        url = httpx.URL(base_url.strip().rstrip("/") + "/")
    except httpx.InvalidURL as exc:
        raise InvalidRequestError("base_url", f"is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidRequestError("base_url", f"must be an http(s) URL with a host, got {url}")
    if url.scheme == "http" and not allow_http and not _LOOPBACK.fullmatch(url.host):
        raise InvalidRequestError(
            "base_url",
            "must use https: the token would be sent in the clear (http is allowed for "
            "localhost, or with allow_http=True)",
        )
    return url


def check_client_options(
    max_retries: object, max_concurrency: object, rate_limit: object
) -> RateState | None:
    """Checks the client's tuning options; the rate bookkeeping they ask for."""
    check_count("max_retries", max_retries)
    check_count("max_concurrency", max_concurrency, minimum=1)
    if rate_limit is None:
        return None
    if rate_limit == "auto":
        return RateState(None)
    if isinstance(rate_limit, RateLimit):
        return RateState(rate_limit)
    raise InvalidRequestError(
        "rate_limit", f"must be 'auto', a RateLimit or None, got {rate_limit!r}"
    )


def safe_url(url: httpx.URL) -> str:
    """The URL without user-info, for messages and logs."""
    return str(url.copy_with(username=None, password=None)) if url.userinfo else str(url)


@attrs.frozen
class PageInfo:
    """Pagination as the server reports it (``meta.pagination`` or top-level ``pagination``)."""

    current_page: int
    last_page: int
    per_page: int | None = None
    total: int | None = None


@attrs.frozen
class Envelope:
    """A successful response, unwrapped."""

    data: Any
    message: str | None
    page_info: PageInfo | None
    response: httpx.Response

    def decode(self, cls: type[T]) -> T:
        """``data`` as a ``cls``."""
        return decode(self.data, cls, self.response)

    def data_object(self) -> dict[str, Any] | None:
        """``data`` when it is a JSON object, else None."""
        return json_object(self.data)

    def decode_list(self, cls: type[T]) -> list[T]:
        """``data`` as a list of ``cls``."""
        # MID-generation docs show `data: {}` for an empty list.
        if self.data is None or self.data == {}:
            return []
        return decode(self.data, list[cls], self.response)  # type: ignore[valid-type]


@attrs.frozen
class Page(Generic[T]):
    """One page of a list: its items and where it sits.

    ``last_page`` and ``total`` are ``None`` when the server sent no pagination object (the
    response is then the whole list).
    """

    items: list[T]
    number: int
    last_page: int | None
    total: int | None

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def parse_response(response: httpx.Response) -> Envelope:
    """Unwrap the envelope, or raise the error the response stands for."""
    request = response.request
    method, url = request.method, safe_url(request.url)
    status = response.status_code
    body: Any = None
    decode_problem: str | None = None
    content = response.content
    if content:
        try:
            body = _json_loads(content)
        except ValueError:
            decode_problem = "the body is not valid JSON"
    else:
        decode_problem = "the body is empty"

    if 300 <= status < 400:
        # Redirects are not followed: the API documents none, and following one could carry
        # the request (and with a custom auth, the token) somewhere unexpected.
        location = response.headers.get("location", "(no location)")
        raise APIStatusError(
            f"unexpected redirect to {location}", status_code=status, method=method, url=url
        )
    envelope = json_object(body)
    if status >= 400 or (envelope is not None and envelope.get("success") is False):
        raise _status_error(response, envelope, method, url)
    if decode_problem is not None or envelope is None:
        raise ResponseDecodeError(
            decode_problem or f"expected a JSON object, got {type(body).__name__}",
            status_code=status,
            method=method,
            url=url,
            body=_excerpt(response),
        )
    if envelope.get("success", True) is not True:
        raise ResponseDecodeError(
            f"'success' must be a boolean, got {envelope.get('success')!r}",
            status_code=status,
            method=method,
            url=url,
            body=_excerpt(response),
        )
    message = envelope.get("message")
    return Envelope(
        data=envelope.get("data"),
        message=message if isinstance(message, str) else None,
        page_info=_page_info(envelope, response),
        response=response,
    )


def _page_info(body: dict[str, Any], response: httpx.Response) -> PageInfo | None:
    # The docs put it in meta.pagination (most pages) or at the top level (contracts).
    meta = json_object(body.get("meta"))
    raw: Any = None if meta is None else meta.get("pagination")
    if raw is None:
        raw = body.get("pagination")
    if raw is None:
        return None
    info = decode(raw, PageInfo, response)
    if info.current_page < 1 or info.last_page < 0:
        raise ResponseDecodeError(
            f"impossible pagination {raw!r}",
            status_code=response.status_code,
            method=response.request.method,
            url=safe_url(response.request.url),
        )
    return info


def decode(data: Any, cls: type[T], response: httpx.Response) -> T:
    """Structure ``data`` into ``cls``; malformed data becomes a ResponseDecodeError."""
    try:
        return structure(data, cls)
    except DECODE_ERRORS as exc:
        raise ResponseDecodeError(
            f"cannot decode {cls.__name__}: {exc}",
            status_code=response.status_code,
            method=response.request.method,
            url=safe_url(response.request.url),
            body=_excerpt(response),
        ) from None


def _status_error(
    response: httpx.Response, body: dict[str, Any] | None, method: str, url: str
) -> APIStatusError:
    status = response.status_code
    message: str | None = None
    error: str | None = None
    errors: dict[str, list[str]] | None = None
    if body is not None:
        message = _text(body.get("message"))
        error = _text(body.get("error"))
        raw_errors = json_object(body.get("errors"))
        if raw_errors is not None:
            errors = {key: _messages(value) for key, value in raw_errors.items()}
    if message is None:
        # An HTML error page from a proxy, or no body: the reason phrase is the best summary.
        message = response.reason_phrase or f"HTTP {status}"
    cls = status_error_class(status)
    kwargs: dict[str, Any] = {
        "status_code": status,
        "method": method,
        "url": url,
        "error": error,
        "errors": errors,
        "request_id": response.headers.get("x-request-id"),
    }
    if cls is RateLimitError:
        kwargs["retry_after"] = retry_after(response.headers)
    return cls(message, **kwargs)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _messages(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in cast("list[object]", value)]
    return [str(value)]


def _excerpt(response: httpx.Response) -> str:
    try:
        return response.text[:500]
    except (UnicodeDecodeError, LookupError):
        return repr(response.content[:500])


def retry_after(headers: httpx.Headers) -> float | None:
    """``Retry-After`` in seconds (it may be a number or an HTTP date)."""
    return parse_rate_headers(headers).retry_after


def connection_error(exc: httpx.TransportError, request: httpx.Request) -> APIConnectionError:
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    message = str(exc) or type(exc).__name__
    return cls(message, method=request.method, url=safe_url(request.url))


RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})

# Errors raised before a single byte of the request could reach the server: safe to retry
# even for a request that creates something.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@attrs.frozen
class RetryPolicy:
    """When and how long to wait before trying a request again.

    Retries connection failures and 408/429/500/502/503/504, with exponential backoff and
    jitter, honouring ``Retry-After`` up to ``max_retry_after`` seconds (a longer wait is
    not retried: the caller learns at once). A request that may create something (not
    ``idempotent``) is retried only when it certainly did not reach the server: a failed
    connect, or a 429, which the server answers without acting.
    """

    max_retries: int = 2
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0

    def delay_after_error(
        self, attempt: int, exc: httpx.TransportError, *, idempotent: bool
    ) -> float | None:
        if attempt >= self.max_retries:
            return None
        if not idempotent and not isinstance(exc, NOT_SENT):
            return None
        return self._backoff(attempt)

    def delay_after_status(
        self, attempt: int, error: APIStatusError, *, idempotent: bool
    ) -> float | None:
        if attempt >= self.max_retries or error.status_code not in RETRYABLE_STATUS:
            return None
        if not idempotent and error.status_code != 429:
            return None
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            if error.retry_after > self.max_retry_after:
                return None
            return error.retry_after
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.max_backoff, self.backoff * 2.0**attempt)
        # "Equal jitter": never less than half the ceiling, so retries do not stampede.
        return ceiling / 2 + random.uniform(0, ceiling / 2)


def json_object(value: object) -> dict[str, Any] | None:
    """``value`` as a JSON object (a dict with string keys), or None when it is not one."""
    return cast("dict[str, Any]", value) if isinstance(value, dict) else None


def check_headers(headers: object) -> dict[str, str]:
    """Extra request headers: strings only, and not the ones the client owns."""
    if not isinstance(headers, Mapping):
        raise InvalidRequestError("headers", f"must be a mapping, got {type(headers).__name__}")
    checked: dict[str, str] = {}
    for name, value in cast("Mapping[object, object]", headers).items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise InvalidRequestError("headers", f"names and values must be strings: {name!r}")
        if name.lower() == "authorization":
            raise InvalidRequestError("headers", "the token is set with token=, not a header")
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
    warnings.warn(
        f"{type(client).__name__} was never closed: use it in a 'with' block or close it, "
        "so its connections are released",
        ResourceWarning,
        source=client,
        stacklevel=2,
    )


def env_token() -> str | None:
    return os.environ.get("WEBWORK_TOKEN") or None


def log_response(
    request: httpx.Request, response: httpx.Response, attempt: int, elapsed: float
) -> None:
    if not logger.isEnabledFor(logging.DEBUG):
        return  # safe_url() is work on every request; skip it when nobody listens
    logger.debug(
        "%s %s -> %d in %.1f ms%s",
        request.method,
        safe_url(request.url),
        response.status_code,
        elapsed * 1000,
        f" (retry {attempt})" if attempt else "",
    )


def log_retry(request: httpx.Request, error: Exception, attempt: int, delay: float) -> None:
    logger.info(
        "retrying %s %s in %.2f s after %s (retry %d)",
        request.method,
        safe_url(request.url),
        delay,
        type(error).__name__,
        attempt + 1,
    )


def returned_timesheet(envelope: Envelope) -> Timesheet | None:
    # Older docs: `data: null`; newer: the timesheet's id, new status, member and period.
    if envelope.data_object():
        return envelope.decode(Timesheet)
    return None


def returned_time_request(envelope: Envelope) -> TimeRequest | None:
    # Undocumented response: use it only when it is recognisably a time request.
    data = envelope.data_object()
    if data is not None and data.get("id") is not None:
        return envelope.decode(TimeRequest)
    return None


def to_report(envelope: Envelope) -> Report:
    # An empty report may come as null or as an empty JSON array (PHP's empty array).
    data = {} if envelope.data is None or envelope.data == [] else envelope.data_object()
    if data is None:
        response = envelope.response
        raise ResponseDecodeError(
            f"expected the report as an object, got {type(envelope.data).__name__}",
            status_code=response.status_code,
            method=response.request.method,
            url=safe_url(response.request.url),
            body=response.text[:500],
        )
    report_type = data.get("report_type")
    info = envelope.page_info
    return Report(
        raw=data,
        report_type=report_type if isinstance(report_type, str) else None,
        start_date=iso_date(data.get("start_date")),
        end_date=iso_date(data.get("end_date")),
        page=None if info is None else info.current_page,
        last_page=None if info is None else info.last_page,
        per_page=None if info is None else info.per_page,
        total=None if info is None else info.total,
    )


def iso_date(value: object) -> date | None:
    return parse_display_date(value) if isinstance(value, str) else None
