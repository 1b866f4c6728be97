"""The request core every adapter shares: ``App.handle(method, path, query, headers, body)``.

``handle`` is synchronous and pure with respect to I/O: it decides everything about a request
(routing, faults, authentication, rate limiting, the handler's work, the envelope, the delay
to wait before answering) under the workspace lock and returns a :class:`Response`. The
adapters only wait ``Response.delay`` and write the bytes (in pieces, with pauses, when the
response has a :class:`Stream`) — or, for the ``drop`` and ``truncate`` faults, deliberately
fail to.

Order of a request: route → fault decision → (unless faulted) authentication → rate limit →
body parsing → ``workspace_id`` check → handler → envelope.
"""

from __future__ import annotations

import json
import math
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from http import HTTPStatus
from typing import Any, Literal, get_args
from urllib.parse import parse_qsl, unquote

from . import _hostile as hostile
from ._config import PAGE_KINDS, REAL_ANSWER_KINDS, Faults, Latency, RateLimit, check_latency
from ._plumbing import Context, Ok, Route
from ._resource import routes
from ._state import Member, Workspace
from ._validation import ApiError, Input, forbidden, is_dict, php_params
from ._wire import meta

BASE_PATH = "/api/v2"
Pagination = Literal["meta", "top", "none"]
PAGINATION_PLACES = get_args(Pagination)

_JSON = (("content-type", "application/json"),)
_HTML = (("content-type", "text/html; charset=utf-8"),)
_BAD_GATEWAY_PAGE = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)
_MAINTENANCE_PAGE = (
    b'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
    b"<title>WebWork Tracker</title></head>\n<body>\n<h1>We'll be right back</h1>\n"
    b"<p>WebWork Tracker is down for scheduled maintenance.</p>\n</body>\n</html>\n"
)
_GZIP_JSON = (*_JSON, ("content-encoding", "gzip"))
_LATE_KINDS = frozenset({"slow", "trickle", "huge_body"})
_RATE_LIES = frozenset({"retry_after_huge", "retry_after_garbage", "reset_far", "limit_absurd"})
# The faults whose answer is always the same, whatever the request.
_CANNED: dict[str, Callable[[], Response]] = {
    "gzip_bomb": lambda: Response(200, _GZIP_JSON, hostile.gzip_bomb()),
    "gzip_corrupt": lambda: Response(200, _GZIP_JSON, hostile.GZIP_CORRUPT),
    "deep_json": lambda: Response(200, _JSON, hostile.deep_json()),
    "html": lambda: Response(200, _HTML, _MAINTENANCE_PAGE),
    "502": lambda: Response(502, _HTML, _BAD_GATEWAY_PAGE),
}
_FAULT_MESSAGES = {
    500: "Server Error",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def reason_phrase(status: int) -> str:
    """The reason phrase, the same on every Python (3.13 renamed 422 "Unprocessable
    Content"; Laravel, and so the API, says "Unprocessable Entity")."""
    return "Unprocessable Entity" if status == 422 else HTTPStatus(status).phrase


@dataclass(frozen=True)
class Stream:
    """A body sent in pieces: ``length`` bytes in all from ``pieces()``, each piece after a
    pause of ``pause`` seconds (a slow or enormous body the fake never holds whole)."""

    length: int
    pieces: Callable[[], Iterator[bytes]]
    pause: float = 0.0


@dataclass(frozen=True)
class Response:
    """What an adapter must do: wait ``delay`` seconds, then send the response.

    ``action`` ``"drop"`` means close the connection without answering; ``"truncate"``
    means announce the full body but deliver only its first half. With a ``stream`` the
    body comes from it (``body`` is then empty).
    """

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    delay: float = 0.0
    action: Literal["drop", "truncate"] | None = None
    stream: Stream | None = None

    @property
    def length(self) -> int:
        """The body's length in bytes, the ``Content-Length`` to announce."""
        return len(self.body) if self.stream is None else self.stream.length

    def pieces(self) -> Iterator[bytes]:
        """The body to send, piece by piece (only the first half for ``truncate``)."""
        if self.stream is not None:
            yield from self.stream.pieces()
        elif self.action == "truncate":
            yield self.body[: len(self.body) // 2]
        elif self.body:
            yield self.body

    @property
    def pause(self) -> float:
        """Seconds to wait before each piece."""
        return 0.0 if self.stream is None else self.stream.pause


@dataclass(frozen=True)
class Stats:
    """A snapshot of the request counters (take a new one with ``fake.stats``).

    ``by_route`` is keyed by ``(METHOD, "/tasks/{taskId}/assign/{userId}")`` (only routes
    that exist are counted); ``by_status`` by the status code sent (dropped connections have
    none); ``faults`` by injected fault kind; ``rate_limited`` counts the limiter's 429s.
    """

    requests: int
    by_route: Counter[tuple[str, str]]
    by_status: Counter[int]
    faults: Counter[str]
    rate_limited: int


@dataclass
class _Window:
    start: float
    count: int


@dataclass(frozen=True)
class _Fault:
    kind: str
    options: Faults

    @property
    def before(self) -> bool:
        """Whether the fault replaces the handling (the request then changes nothing)."""
        return not self.options.after and self.kind not in REAL_ANSWER_KINDS


@dataclass
class _Scheduled:
    faults: Faults
    remaining: int


class _Router:
    def __init__(self, routes: Sequence[Route]) -> None:
        self._paths: list[tuple[re.Pattern[str], dict[str, Route]]] = []
        by_template: dict[str, dict[str, Route]] = {}
        for route in routes:
            by_template.setdefault(route.template, {})[route.method] = route
        for template, methods in by_template.items():
            pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
            self._paths.append((re.compile(pattern), methods))
        self.keys = frozenset(route.key for route in routes)
        self.paged = frozenset(route.key for route in routes if route.paged)

    def match(self, path: str) -> tuple[dict[str, Route], dict[str, str]] | None:
        for pattern, methods in self._paths:
            found = pattern.fullmatch(path)
            if found:
                return methods, found.groupdict()
        return None


class App:
    """The fake API's brain, shared by every transport and server of one ``FakeWebWork``."""

    def __init__(
        self,
        ws: Workspace,
        *,
        latency: Latency,
        rate_limit: RateLimit | None,
        faults: Faults | None,
        seed: int,
        pagination: Pagination | None,
    ) -> None:
        if pagination is not None and pagination not in PAGINATION_PLACES:
            raise ValueError(f"pagination must be one of {PAGINATION_PLACES}")
        self.ws = ws
        self.router = _Router(routes())
        self.latency = check_latency(latency)
        self.pagination: Pagination | None = pagination
        self._rate_limit = rate_limit
        self.check_fault_routes(faults)
        self._faults = faults
        # Separate streams, so that seeding more data does not shift the fault sequence.
        self._fault_rng = random.Random(f"{seed}:faults")
        self._latency_rng = random.Random(f"{seed}:latency")
        self._windows: dict[int, _Window] = {}
        self._scheduled: list[_Scheduled] = []
        self.applied: Counter[tuple[str, Any]] = Counter()
        self._requests = 0
        self._by_route: Counter[tuple[str, str]] = Counter()
        self._by_status: Counter[int] = Counter()
        self._fault_counts: Counter[str] = Counter()
        self._rate_limited = 0

    # -- configuration (callers hold no lock; these take it) -------------------------------

    def check_fault_routes(self, faults: Faults | None) -> None:
        """Reject route filters that match nothing (a typo would silently disable faults),
        and filters that leave page kinds no list route to fault (they would never fire)."""
        if faults is None or faults.routes is None:
            return
        unknown = sorted(set(faults.routes) - self.router.keys)
        if unknown:
            raise ValueError(f"unknown routes {unknown}; known: {sorted(self.router.keys)}")
        if set(faults.kinds) <= PAGE_KINDS and not set(faults.routes) & self.router.paged:
            raise ValueError(
                f"fault kinds {list(faults.kinds)} apply to list routes only; "
                f"list routes: {sorted(self.router.paged)}"
            )

    @property
    def faults(self) -> Faults | None:
        return self._faults

    @faults.setter
    def faults(self, faults: Faults | None) -> None:
        self.check_fault_routes(faults)
        with self.ws.lock:
            self._faults = faults

    @property
    def rate_limit(self) -> RateLimit | None:
        return self._rate_limit

    @rate_limit.setter
    def rate_limit(self, rate_limit: RateLimit | None) -> None:
        with self.ws.lock:
            self._rate_limit = rate_limit
            self._windows.clear()

    def schedule(self, faults: Faults, times: int) -> None:
        self.check_fault_routes(faults)
        with self.ws.lock:
            self._scheduled.append(_Scheduled(faults, times))

    def stats(self) -> Stats:
        with self.ws.lock:
            return Stats(
                requests=self._requests,
                by_route=Counter(self._by_route),
                by_status=Counter(self._by_status),
                faults=Counter(self._fault_counts),
                rate_limited=self._rate_limited,
            )

    def applied_snapshot(self) -> Counter[tuple[str, Any]]:
        with self.ws.lock:
            return Counter(self.applied)

    def reset_stats(self) -> None:
        with self.ws.lock:
            self._requests = 0
            self._rate_limited = 0
            for counter in (self._by_route, self._by_status, self._fault_counts, self.applied):
                counter.clear()

    # -- the request path --------------------------------------------------------------------

    def handle(
        self, method: str, path: str, query: str, headers: Mapping[str, str], body: bytes
    ) -> Response:
        """Decide the complete answer to one request (header names are case-insensitive)."""
        now = time.time()
        method = method.upper()
        headers = {name.lower(): value for name, value in headers.items()}
        with self.ws.lock:
            self._requests += 1
            route, params, routing_error = self._route(method, unquote(path))
            if route is not None:
                self._by_route[(route.method, route.template)] += 1
            fault = self._draw_fault(route)
            if fault is not None and fault.before:
                response = self._fault_response(fault, None, headers, now)
            else:
                lie = fault.kind if fault is not None and fault.kind in PAGE_KINDS else None
                response = self._respond(
                    route, params, routing_error, query, headers, body, now, lie
                )
                if fault is not None:
                    response = self._fault_response(fault, response, headers, now)
            delay = self._draw_latency()
            if fault is not None and fault.kind == "slow":
                delay += fault.options.slow_seconds
            if response.action != "drop":
                self._by_status[response.status] += 1
        return replace(response, delay=delay)

    def _route(
        self, method: str, path: str
    ) -> tuple[Route | None, dict[str, str], ApiError | None]:
        found = None
        if path == BASE_PATH or path.startswith(BASE_PATH + "/"):
            found = self.router.match(path[len(BASE_PATH) :].rstrip("/") or "/")
        if found is None:
            return None, {}, ApiError(404, f"The route {path.lstrip('/')} could not be found.")
        methods, params = found
        route = methods.get(method)
        if route is None:
            allowed = ", ".join(sorted(methods))
            message = (
                f"The {method} method is not supported for route {path.lstrip('/')}. "
                f"Supported methods: {allowed}."
            )
            return None, {}, ApiError(405, message, headers=(("allow", allowed),))
        return route, params, None

    def _respond(
        self,
        route: Route | None,
        params: dict[str, str],
        routing_error: ApiError | None,
        query: str,
        headers: Mapping[str, str],
        body: bytes,
        now: float,
        lie: str | None = None,
    ) -> Response:
        """The real answer; ``lie`` names a page kind to tell inside it."""
        limit_headers: Sequence[tuple[str, str]] = ()
        try:
            if routing_error is not None or route is None:
                raise routing_error or ApiError(404, "Not Found")
            user = self._authenticate(headers)
            limit_headers = self._count_request(user.id, now)
            data = _parse_inputs(query, headers, body)
            if lie == "ignore_page":
                data.pop("page", None)
            inputs = Input(data)
            self._check_workspace(route, inputs, user)
            ctx = Context(self.ws, user, params, inputs, now, self.applied)
            if route.roles is not None:
                ctx.require_role(route.roles)
            ok = route.handler(ctx)
        except ApiError as error:
            return self._error(error, now, limit_headers)
        if ok.pagination is not None and lie in ("pages_forever", "last_page_huge"):
            ok = replace(ok, pagination=_lying_pagination(ok.pagination, lie))
        return self._success(ok, now, limit_headers, self.pagination or route.pagination)

    def _authenticate(self, headers: Mapping[str, str]) -> Member:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        user_id = self.ws.tokens.get(token.strip()) if scheme.lower() == "bearer" else None
        if user_id is None or user_id not in self.ws.members:
            raise ApiError(401, "Unauthenticated.")
        return self.ws.members[user_id]

    def _count_request(self, user_id: int, now: float) -> tuple[tuple[str, str], ...]:
        """Fixed window per user, opened by the user's first request in it."""
        limit = self._rate_limit
        if limit is None:
            return ()
        window = self._windows.get(user_id)
        if window is None or now >= window.start + limit.window:
            window = self._windows[user_id] = _Window(now, 0)
        reset = window.start + limit.window
        allowed = window.count < limit.limit
        if allowed:
            window.count += 1
        headers = (
            ("x-ratelimit-limit", str(limit.limit)),
            ("x-ratelimit-remaining", str(limit.limit - window.count)),
            ("x-ratelimit-reset", str(math.ceil(reset))),
        )
        if not allowed:
            self._rate_limited += 1
            retry_after = ("retry-after", str(max(1, math.ceil(reset - now))))
            raise ApiError(429, "Too Many Attempts.", headers=(*headers, retry_after))
        return headers

    def _check_workspace(self, route: Route, inputs: Input, user: Member) -> None:
        if route.workspace == "none" or (route.workspace == "optional" and not inputs.data):
            return
        workspace_id = inputs.integer("workspace_id", required=True)
        inputs.check()
        if workspace_id != self.ws.id or not self.ws.is_member(user.id):
            raise forbidden("You do not have access to this workspace.")

    # -- faults and latency --------------------------------------------------------------------

    def _draw_fault(self, route: Route | None) -> _Fault | None:
        """Scheduled faults first (in order), then the random ones; a page kind only ever
        faults a list route (a scheduled one waits for the next)."""
        route_key = None if route is None else route.key
        paged = route is not None and route.paged
        for entry in self._scheduled:
            kind = entry.faults.kinds[0]
            if entry.faults.routes is not None and route_key not in entry.faults.routes:
                continue
            if kind in PAGE_KINDS and not paged:
                continue
            entry.remaining -= 1
            if entry.remaining <= 0:
                self._scheduled.remove(entry)
            return _Fault(kind, entry.faults)
        faults = self._faults
        if faults is None or faults.rate <= 0:
            return None
        if faults.routes is not None and route_key not in faults.routes:
            return None
        if self._fault_rng.random() >= faults.rate:
            return None
        kind = faults.kinds[self._fault_rng.randrange(len(faults.kinds))]
        if kind in PAGE_KINDS and not paged:
            return None
        return _Fault(kind, faults)

    def _draw_latency(self) -> float:
        if isinstance(self.latency, tuple):
            return self._latency_rng.uniform(*self.latency)
        return float(self.latency)

    def _fault_response(
        self, fault: _Fault, handled: Response | None, headers: Mapping[str, str], now: float
    ) -> Response:
        """The fault's answer; ``handled`` is the real answer when the request was handled."""
        kind = fault.kind
        self._fault_counts[kind] += 1
        retry_after = (("retry-after", str(fault.options.retry_after)),)
        if kind == "drop":
            return Response(0, (), b"", action="drop")
        if kind == "truncate":
            base = handled or self._success(Ok(None, "OK"), now)
            return replace(base, action="truncate")
        if kind in _LATE_KINDS:
            # Without ``after`` the handler never ran: a proxy gives up and answers 504
            # (late, slowly or padded, as the real answer would have been).
            base = handled or self._error(ApiError(504, _FAULT_MESSAGES[504]), now)
            return _deliver_badly(kind, base, fault.options)
        if kind in _RATE_LIES:
            return self._rate_lie(kind, handled, now)
        if kind in PAGE_KINDS:
            # _respond told the lie inside the real answer (always there for page kinds)
            return handled or self._success(Ok(None, "OK"), now)
        canned = _CANNED.get(kind)
        if canned is not None:
            return canned()
        if kind == "echo_token":
            return _echo_token(headers, now)
        if kind == "429":
            return self._error(ApiError(429, "Too Many Attempts.", headers=retry_after), now)
        status = int(kind)
        extra = retry_after if status == 503 else ()
        return self._error(ApiError(status, _FAULT_MESSAGES[status], headers=extra), now)

    def _rate_lie(self, kind: str, handled: Response | None, now: float) -> Response:
        """The rate-limit headers no client should believe."""
        if kind == "limit_absurd":
            real = handled or self._success(Ok(None, "OK"), now)  # with lying headers
            kept = tuple(h for h in real.headers if not h[0].startswith("x-ratelimit-"))
            absurd = (
                ("x-ratelimit-limit", hostile.ABSURD_LIMIT),
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", str(math.ceil(now) + 60)),
            )
            return replace(real, headers=(*kept, *absurd))
        headers: tuple[tuple[str, str], ...]
        if kind == "reset_far":
            headers = (
                ("x-ratelimit-limit", "60"),
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", hostile.far_reset(now)),
            )
        elif kind == "retry_after_huge":
            headers = (("retry-after", hostile.RETRY_AFTER_HUGE),)
        else:
            garbage = hostile.RETRY_AFTER_GARBAGE
            # This fault's own count (already including it) walks through the values.
            value = garbage[(self._fault_counts[kind] - 1) % len(garbage)]
            headers = (("retry-after", value),)
        return self._error(ApiError(429, "Too Many Attempts.", headers=headers), now)

    # -- envelopes -------------------------------------------------------------------------------

    def _success(
        self,
        ok: Ok,
        now: float,
        headers: Sequence[tuple[str, str]] = (),
        pagination: Pagination = "meta",
    ) -> Response:
        envelope: dict[str, Any] = {"success": True}
        if ok.with_data:
            envelope["data"] = ok.data
        if ok.message is not None:
            envelope["message"] = ok.message
        envelope.update(ok.extra or {})
        envelope["meta"] = meta(now)
        if ok.pagination is not None:
            if pagination == "meta":
                envelope["meta"]["pagination"] = ok.pagination
            elif pagination == "top":
                envelope["pagination"] = ok.pagination
        return _json_response(ok.status, envelope, headers)

    def _error(
        self, error: ApiError, now: float, limit_headers: Sequence[tuple[str, str]] = ()
    ) -> Response:
        envelope: dict[str, Any] = {
            "success": False,
            "message": error.message,
            "error": reason_phrase(error.status),
            "meta": meta(now),
        }
        if error.errors is not None:
            envelope["errors"] = error.errors
        return _json_response(error.status, envelope, (*limit_headers, *error.headers))


def _lying_pagination(pagination: Mapping[str, Any], lie: str) -> dict[str, Any]:
    """``pages_forever``: one more page after every page; ``last_page_huge``: 10**9 pages."""
    per_page = int(pagination["per_page"])
    forever = lie == "pages_forever"
    last_page = int(pagination["current_page"]) + 1 if forever else 10**9
    return {**pagination, "last_page": last_page, "total": last_page * per_page}


def _deliver_badly(kind: str, response: Response, options: Faults) -> Response:
    """``slow`` (already delayed by ``handle``), ``trickle`` or ``huge_body`` delivery."""
    body = response.body
    if kind == "trickle":
        stream = Stream(len(body), partial(hostile.bytewise, body), options.trickle_seconds)
    elif kind == "huge_body":
        size = max(len(body), options.huge_body_bytes)
        stream = Stream(size, partial(hostile.padded_pieces, body, size))
    else:
        return response
    return replace(response, body=b"", stream=stream)


def _echo_token(headers: Mapping[str, str], now: float) -> Response:
    """A 401 repeating the bearer token the client sent, as careless servers do."""
    token = headers.get("authorization", "").partition(" ")[2].strip()
    envelope = {
        "success": False,
        "message": f"Unauthenticated. The token {token} is invalid or expired.",
        "error": f"Unauthorized: invalid token {token}",
        "meta": meta(now),
    }
    return _json_response(401, envelope, ())


def _json_response(
    status: int, envelope: dict[str, Any], headers: Sequence[tuple[str, str]]
) -> Response:
    body = json.dumps(envelope, separators=(",", ":")).encode()
    return Response(status, (*_JSON, *headers), body)


def _parse_inputs(query: str, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    """Query parameters overlaid with the body, like Laravel's ``$request->input()``; query
    strings and form bodies are read the PHP way (``events[]=a&events[]=b`` is a list)."""
    data = php_params(parse_qsl(query, keep_blank_values=True))
    if not body.strip():
        return data
    if headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        data.update(php_params(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)))
        return data
    try:
        parsed = json.loads(body)
    except ValueError:
        raise ApiError(400, "Malformed JSON body.") from None
    if not is_dict(parsed):
        raise ApiError(400, "The request body must be a JSON object.")
    data.update(parsed)
    return data
