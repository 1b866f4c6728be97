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
import math
import os
import random
import re
import ssl
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
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
    redact,
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
    "ACCEPT_ENCODING",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_MAX_RETRY_WAIT",
    "DEFAULT_TIMEOUT",
    "NOT_SENT",
    "PAGE_CONCURRENCY",
    "BodyDecoder",
    "Envelope",
    "Page",
    "PageInfo",
    "RetryPolicy",
    "check_base_url",
    "check_client_options",
    "check_headers",
    "check_max_response_size",
    "check_max_retry_wait",
    "check_path",
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
    "request_secrets",
    "retry_after",
    "safe_url",
    "set_body",
    "total_timeout",
    "user_agent",
    "warn_unclosed",
]

T = TypeVar("T")

logger = logging.getLogger("webwork_async")

DEFAULT_BASE_URL = "https://api.webwork-tracker.com/api/v2"
# Long enough for a slow report, short enough that a dead connection is noticed.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
# The longest the client waits because a server said so (Retry-After, rate-limit resets).
DEFAULT_MAX_RETRY_WAIT = 60.0
# Decoded bytes of one response: the largest documented page is far below this.
DEFAULT_MAX_RESPONSE_SIZE = 16 * 1024 * 1024
# Only the encodings BodyDecoder inflates itself, in bounded steps.
ACCEPT_ENCODING = "gzip, deflate"

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


def parse_response(response: httpx.Response, secrets: Iterable[str] = ()) -> Envelope:
    """Unwrap the envelope, or raise the error the response stands for.

    Whatever an error quotes from the response is redacted of ``secrets`` and of the
    credential the request carried. JSON nested too deep to parse (or to quote) is a
    ResponseDecodeError, never a RecursionError.
    """
    try:
        return _parse_response(response, secrets)
    except RecursionError:
        raise ResponseDecodeError(
            "the body is nested too deeply",
            status_code=response.status_code,
            method=response.request.method,
            url=safe_url(response.request.url),
        ) from None


def _parse_response(response: httpx.Response, known: Iterable[str]) -> Envelope:
    request = response.request
    # Only an error quotes the response, so only then is the credential looked up.
    secrets = _Secrets(request, known)
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
        except RecursionError:
            decode_problem = "the body is nested too deeply"
    else:
        decode_problem = "the body is empty"

    if 300 <= status < 400:
        # Redirects are not followed: the API documents none, and following one could carry
        # the request (and with a custom auth, the token) somewhere unexpected.
        location = redact(response.headers.get("location", "(no location)"), secrets)
        raise APIStatusError(
            f"unexpected redirect to {location}", status_code=status, method=method, url=url
        )
    envelope = json_object(body)
    if status >= 400 or (envelope is not None and envelope.get("success") is False):
        raise _status_error(response, envelope, method, url, secrets)
    if decode_problem is not None or envelope is None:
        raise ResponseDecodeError(
            decode_problem or f"expected a JSON object, got {type(body).__name__}",
            status_code=status,
            method=method,
            url=url,
            body=_excerpt(response, secrets),
        )
    if envelope.get("success", True) is not True:
        raise ResponseDecodeError(
            redact(f"'success' must be a boolean, got {envelope.get('success')!r}", secrets),
            status_code=status,
            method=method,
            url=url,
            body=_excerpt(response, secrets),
        )
    message = envelope.get("message")
    return Envelope(
        data=envelope.get("data"),
        message=message if isinstance(message, str) else None,
        page_info=_page_info(envelope, response),
        response=response,
    )


# Inflate at most this much per step, so a small compressed chunk never becomes a large
# allocation at once (a gzip bomb expands about 1000:1).
_INFLATE_STEP = 64 * 1024
# Content-Encoding may chain codings (gzip applied to gzip); more than this is an attack.
_MAX_CODINGS = 2


class BodyDecoder:
    """Decodes a response body as its raw chunks arrive, in bounded steps, up to a size cap.

    Only ``gzip`` and ``deflate`` (what the client asks for) are inflated, each with
    ``zlib.decompressobj(...).decompress(data, max_length)``, so memory stays around the cap
    whatever the compression ratio. A body over the cap is a ResponseDecodeError naming the
    cap, except for an error status (>= 400), whose body is cut at the cap (the status says
    what went wrong; the body is only quoted). Unknown or corrupt encodings are a
    ResponseDecodeError, never an httpx or zlib exception.
    """

    def __init__(self, response: httpx.Response, max_size: int) -> None:
        self._response = response
        self._max_size = max_size
        self._cut_at_cap = response.status_code >= 400
        self._body = bytearray()
        self.done = False  # the cap was reached on an error body: stop reading
        codings = [
            c.strip().lower()
            for c in response.headers.get("content-encoding", "").split(",")
            if c.strip() and c.strip().lower() != "identity"
        ]
        if len(codings) > _MAX_CODINGS:
            raise self._error(f"too many content encodings ({len(codings)})")
        self._stages: list[_Inflater] = []
        for coding in reversed(codings):  # the last coding applied is undone first
            if coding not in ("gzip", "x-gzip", "deflate"):
                raise self._error(f"unsupported content encoding {coding!r}")
            self._stages.append(_Inflater(coding))

    def feed(self, chunk: bytes) -> None:
        """Take the next raw chunk."""
        try:
            self._push(0, chunk)
        except zlib.error as exc:
            raise self._error(f"the compressed body is corrupt ({exc})") from None

    def whole(self, content: bytes) -> bytes:
        """A body the transport already read and decoded: only the cap applies."""
        if len(content) > self._max_size:
            if not self._cut_at_cap:
                raise self._too_large()
            return content[: self._max_size]
        return content

    def finish(self) -> bytes:
        """The decoded body, once every raw chunk has been fed."""
        try:
            for index, stage in enumerate(self._stages):
                self._push(index, b"")  # what zlib still holds, in bounded steps
                if stage.started and not stage.eof and not self.done:
                    raise self._error("the compressed body is truncated")
        except zlib.error as exc:
            raise self._error(f"the compressed body is corrupt ({exc})") from None
        return bytes(self._body)

    def _push(self, index: int, data: bytes) -> None:
        if self.done:
            return
        if index == len(self._stages):
            self._append(data)
            return
        stage = self._stages[index]
        while True:
            piece = stage.decompress(data)
            if len(piece) + stage.produced > self._max_size and not self._cut_at_cap:
                raise self._too_large()
            stage.produced += len(piece)
            if piece:
                self._push(index + 1, piece)
            data = stage.unconsumed_tail
            # A full step may leave output pending inside zlib even with no input left.
            if self.done or not piece or (not data and len(piece) < _INFLATE_STEP):
                return

    def _append(self, data: bytes) -> None:
        room = self._max_size - len(self._body)
        if len(data) > room:
            if not self._cut_at_cap:
                raise self._too_large()
            data = data[:room]
            self.done = True
        self._body += data

    def _too_large(self) -> ResponseDecodeError:
        return self._error(f"the response body exceeds max_response_size ({self._max_size} bytes)")

    def _error(self, reason: str) -> ResponseDecodeError:
        request = self._response.request
        return ResponseDecodeError(
            reason,
            status_code=self._response.status_code,
            method=request.method,
            url=safe_url(request.url),
        )


class _Inflater:
    """One content coding being undone, with what it has produced so far."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._zlib: Any = None  # chosen on the first bytes: deflate may come with or without
        self._head = b""  # the zlib header, so the first two bytes are needed to choose
        self.produced = 0
        self.started = False

    def decompress(self, data: bytes) -> bytes:
        if self._zlib is None:
            self._head += data
            self.started = bool(self._head)
            if not self._head or (self._coding == "deflate" and len(self._head) < 2 and data):
                return b""
            self._zlib = zlib.decompressobj(self._wbits(self._head))
            data, self._head = self._head, b""
        return cast("bytes", self._zlib.decompress(data, _INFLATE_STEP))

    @property
    def unconsumed_tail(self) -> bytes:
        return b"" if self._zlib is None else cast("bytes", self._zlib.unconsumed_tail)

    @property
    def eof(self) -> bool:
        return self._zlib is not None and bool(self._zlib.eof)

    def _wbits(self, head: bytes) -> int:
        if self._coding != "deflate":
            return 16 + zlib.MAX_WBITS
        # RFC 9110's deflate is zlib-wrapped, but servers often send raw deflate.
        wrapped = len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
        return zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS


def set_body(response: httpx.Response, body: bytes) -> None:
    """Give a streamed response the body read by BodyDecoder, so ``content``, ``text`` and
    ``json()`` work for the envelope and for ``on_response`` hooks."""
    response._content = body  # pyright: ignore[reportPrivateUsage]  # httpx's own cache


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
            f"impossible pagination: page {info.current_page} of {info.last_page}",
            status_code=response.status_code,
            method=response.request.method,
            url=safe_url(response.request.url),
        )
    return info


# Deep data can exhaust the stack in a structure hook as well as in the JSON parser.
_DECODE_FAILURES: tuple[type[Exception], ...] = (*DECODE_ERRORS, RecursionError)


def decode(data: Any, cls: type[T], response: httpx.Response) -> T:
    """Structure ``data`` into ``cls``; malformed data becomes a ResponseDecodeError."""
    try:
        return structure(data, cls)
    except _DECODE_FAILURES as exc:
        secrets = request_secrets(response.request)
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise ResponseDecodeError(
            redact(f"cannot decode {cls.__name__}: {reason}", secrets),
            status_code=response.status_code,
            method=response.request.method,
            url=safe_url(response.request.url),
            body=_excerpt(response, secrets),
        ) from None


class _Secrets:
    """The secrets to redact from one response's errors, looked up when first iterated."""

    def __init__(self, request: httpx.Request, known: Iterable[str]) -> None:
        self._request = request
        self._known = known
        self._all: tuple[str, ...] | None = None

    def __iter__(self) -> Iterator[str]:
        if self._all is None:
            self._all = (*self._known, *request_secrets(self._request))
        return iter(self._all)


def _status_error(
    response: httpx.Response,
    body: dict[str, Any] | None,
    method: str,
    url: str,
    secrets: Iterable[str],
) -> APIStatusError:
    status = response.status_code
    message: str | None = None
    error: str | None = None
    errors: dict[str, list[str]] | None = None
    if body is not None:
        message = _text(body.get("message"), secrets)
        error = _text(body.get("error"), secrets)
        raw_errors = json_object(body.get("errors"))
        if raw_errors is not None:
            errors = {
                redact(key, secrets): [redact(m, secrets) for m in _messages(value)]
                for key, value in raw_errors.items()
            }
    if message is None:
        # An HTML error page from a proxy, or no body: the reason phrase is the best summary.
        message = redact(response.reason_phrase, secrets) or f"HTTP {status}"
    cls = status_error_class(status)
    request_id = response.headers.get("x-request-id")
    kwargs: dict[str, Any] = {
        "status_code": status,
        "method": method,
        "url": url,
        "error": error,
        "errors": errors,
        "request_id": None if request_id is None else redact(request_id, secrets),
    }
    if cls is RateLimitError:
        kwargs["retry_after"] = rate_limit_hint(response.headers)
    return cls(message, **kwargs)


def _text(value: object, secrets: Iterable[str]) -> str | None:
    return redact(value, secrets) if isinstance(value, str) else None


def _messages(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in cast("list[object]", value)]
    return [str(value)]


def _excerpt(response: httpx.Response, secrets: Iterable[str]) -> str:
    # Redacted before it is cut, so no part of a token survives at the cut.
    head = response.content[:2000]
    try:
        text = head.decode(response.encoding or "utf-8", errors="replace")
    except LookupError:
        text = repr(head)
    return redact(text, secrets)[:500]


def request_secrets(request: httpx.Request) -> tuple[str, ...]:
    """The credential a request carried (the token of ``Bearer <token>``, or whatever an
    ``httpx.Auth`` put in the Authorization header), to redact from what the SDK quotes."""
    value = request.headers.get("authorization")
    if not value:
        return ()
    scheme, _, credential = value.partition(" ")
    return (value, credential.strip()) if credential.strip() else (scheme,)


def retry_after(headers: httpx.Headers) -> float | None:
    """``Retry-After`` in seconds (it may be a number or an HTTP date)."""
    return parse_rate_headers(headers).retry_after


def rate_limit_hint(headers: httpx.Headers) -> float | None:
    """How long a 429 asks us to wait: its ``Retry-After``, else the time until the
    rate-limit window resets; None when neither is a usable number."""
    parsed = parse_rate_headers(headers)
    return parsed.retry_after if parsed.retry_after is not None else parsed.reset_after


def connection_error(
    exc: BaseException, request: httpx.Request, secrets: Iterable[str] = ()
) -> APIConnectionError:
    """The WebWorkError for an attempt that got no (complete) answer."""
    timed_out = isinstance(exc, (httpx.TimeoutException, TimeoutError))
    cls = APITimeoutError if timed_out else APIConnectionError
    if isinstance(exc, TimeoutError) and not isinstance(exc, httpx.TimeoutException):
        message = "the attempt took longer than the timeout"
    else:
        message = str(exc) or type(exc).__name__
    message = redact(message, (*secrets, *request_secrets(request)))
    return cls(message, method=request.method, url=safe_url(request.url))


RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})

# Errors raised before a single byte of the request could reach the server: safe to retry
# even for a request that creates something.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@attrs.frozen
class RetryPolicy:
    """When and how long to wait before trying a request again.

    Retries connection failures and 408/429/500/502/503/504, at most ``max_retries`` times,
    with exponential backoff and equal jitter: before retry n (from 0) it waits between half
    and all of ``min(max_backoff, backoff * 2**n)``. A 429 waits what the server asks
    (``Retry-After``, else the rate-limit reset) when that is at most ``max_retry_wait``
    seconds; a longer wait is not retried (the caller learns at once); a 429 with no usable
    hint backs off like any other failure. A request that may create something (not
    ``idempotent``) is retried only when it certainly did not reach the server: a failed
    connect, or a 429, which the server answers without acting.
    """

    max_retries: int = 2
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT

    def delay_after_error(
        self, attempt: int, exc: BaseException, *, idempotent: bool
    ) -> float | None:
        if attempt >= self.max_retries:
            return None
        if not isinstance(exc, (httpx.TransportError, TimeoutError)):
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
            if error.retry_after > self.max_retry_wait:
                return None
            return error.retry_after
        return self._backoff(attempt)

    def gate_after_429(self, attempt: int, error: APIStatusError) -> float:
        """How long a 429 holds every request of the client back: the server's hint up to
        ``max_retry_wait``, or the backoff when it gave none."""
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            return min(error.retry_after, self.max_retry_wait)
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.max_backoff, self.backoff * 2.0**attempt)
        # "Equal jitter": never less than half the ceiling, so retries do not stampede.
        return ceiling / 2 + random.uniform(0, ceiling / 2)


def json_object(value: object) -> dict[str, Any] | None:
    """``value`` as a JSON object (a dict with string keys), or None when it is not one."""
    return cast("dict[str, Any]", value) if isinstance(value, dict) else None


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
    request: httpx.Request,
    response: httpx.Response,
    attempt: int,
    elapsed: float,
    secrets: Iterable[str] = (),
) -> None:
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
    logger.info(
        "retrying %s %s in %.2f s after %s (retry %d)",
        request.method,
        redact(safe_url(request.url), (*secrets, *request_secrets(request))),
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
            body=_excerpt(response, request_secrets(response.request)),
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
