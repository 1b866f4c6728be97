"""What a response means: the one place that unwraps the envelope
``{success, data, message, meta, pagination}`` (:func:`parse_response`), maps an error status
or a failed attempt to its exception, reads a body in bounded steps (:class:`BodyDecoder`) and
decodes ``data`` into models (:func:`decode`). Nothing here does I/O, so nothing here needs
two versions.

Where a request goes: a resource method (``_async/_tasks.py``) validates its arguments and
calls its base (``_async/_resource.py``), which sends it through ``AsyncWebWork._request``
(``_async/_client.py``); the client sends it through httpx, retries what :class:`RetryPolicy`
(``_retry.py``) allows, and hands the response to :func:`parse_response` below; the resource
then decodes the :class:`Envelope`'s ``data`` with the converter (``_converter.py``) into attrs
models (``models/``).
"""

from __future__ import annotations

import importlib
import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar, cast

import attrs
import httpx

from ._converter import DECODE_ERRORS, structure
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
    ResponseDecodeError,
    redact,
    status_error_class,
)
from ._retry import rate_limit_hint


def _json_loader() -> Callable[[bytes], Any]:
    """orjson's ``loads`` when the ``speedups`` extra is installed (JSON parsing dominates
    decoding), else the stdlib's. Looked up by name, so that the type checkers need not have
    orjson installed: its ``loads`` has the stdlib's shape for bytes."""
    try:
        orjson = importlib.import_module("orjson")
    except ImportError:  # pragma: no cover - exercised by the stdlib-only CI session
        return json.loads
    loads: Callable[[bytes], Any] = orjson.loads
    return loads


_json_loads = _json_loader()

__all__ = [
    "ACCEPT_ENCODING",
    "BodyDecoder",
    "Envelope",
    "Page",
    "PageInfo",
    "connection_error",
    "decode",
    "json_object",
    "parse_response",
    "request_secrets",
    "safe_url",
    "set_body",
]

T = TypeVar("T")

# Only the encodings BodyDecoder inflates itself, in bounded steps.
ACCEPT_ENCODING = "gzip, deflate"


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
    """A successful response, unwrapped; ``body`` is the whole parsed JSON object, for the
    few endpoints that put something next to ``data``."""

    data: Any
    message: str | None
    page_info: PageInfo | None
    response: httpx.Response
    body: dict[str, Any] = attrs.field(repr=False)

    def decode(self, cls: type[T]) -> T:
        """``data`` as a ``cls``."""
        return decode(self.data, cls, self.response)

    def data_object(self) -> dict[str, Any] | None:
        """``data`` when it is a JSON object, else None."""
        return json_object(self.data)

    def decode_object(self, cls: type[T], *, requires: str | None = None) -> T | None:
        """``data`` as a ``cls`` when it is a non-empty JSON object (whose ``requires`` key,
        if named, is set), else None: for endpoints that may or may not send the object back."""
        data = self.data_object()
        if not data or (requires is not None and data.get(requires) is None):
            return None
        return self.decode(cls)

    def decode_list(self, cls: type[T]) -> list[T]:
        """``data`` as a list of ``cls``."""
        # MID-generation docs show `data: {}` for an empty list.
        if self.data is None or self.data == {}:
            return []
        return decode(self.data, list[cls], self.response)  # type: ignore[valid-type]

    def malformed(self, reason: str) -> ResponseDecodeError:
        """The error for a ``data`` the caller cannot use, quoting the (redacted) body."""
        response = self.response
        return ResponseDecodeError(
            reason,
            status_code=response.status_code,
            method=response.request.method,
            url=safe_url(response.request.url),
            body=_excerpt(response, request_secrets(response.request)),
        )


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
    if envelope is not None and envelope.get("success", True) is True:
        message = envelope.get("message")
        return Envelope(
            data=envelope.get("data"),
            message=message if isinstance(message, str) else None,
            page_info=_page_info(envelope, response),
            response=response,
            body=envelope,
        )
    if envelope is None:
        problem = decode_problem or f"expected a JSON object, got {type(body).__name__}"
    else:
        problem = redact(f"'success' must be a boolean, got {envelope.get('success')!r}", secrets)
    raise ResponseDecodeError(
        problem, status_code=status, method=method, url=url, body=_excerpt(response, secrets)
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


def json_object(value: object) -> dict[str, Any] | None:
    """``value`` as a JSON object (a dict with string keys), or None when it is not one."""
    return cast("dict[str, Any]", value) if isinstance(value, dict) else None
