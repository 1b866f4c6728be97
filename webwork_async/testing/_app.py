"""The request core every adapter shares: ``App.handle`` decides a whole answer under the
workspace lock (route, fault, authentication, rate limit, input, handler, envelope, delay);
the adapters only wait, then write it, or on purpose fail to (``drop``, ``truncate``).
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
Headers = Sequence[tuple[str, str]]

_JSON = (("content-type", "application/json"),)
_HTML = (("content-type", "text/html; charset=utf-8"),)
_GZIP_JSON = (*_JSON, ("content-encoding", "gzip"))
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
# The faults whose answer is always the same, whatever the request.
_CANNED: dict[str, Callable[[], Response]] = {
    "gzip_bomb": lambda: Response(200, _GZIP_JSON, hostile.gzip_bomb()),
    "gzip_corrupt": lambda: Response(200, _GZIP_JSON, hostile.GZIP_CORRUPT),
    "deep_json": lambda: Response(200, _JSON, hostile.deep_json()),
    "html": lambda: Response(200, _HTML, _MAINTENANCE_PAGE),
    "502": lambda: Response(502, _HTML, _BAD_GATEWAY_PAGE),
}
_LATE_KINDS = frozenset({"slow", "trickle", "huge_body"})
_RETRY_AFTER_KINDS = frozenset({"429", "retry_after_huge", "retry_after_garbage"})
_FAULT_MESSAGES = {500: "Server Error", 503: "Service Unavailable", 504: "Gateway Timeout"}
_TOO_MANY = "Too Many Attempts."


def reason_phrase(status: int) -> str:
    """The same on every Python: 3.13 renamed 422, Laravel still says "Unprocessable Entity"."""
    return "Unprocessable Entity" if status == 422 else HTTPStatus(status).phrase


@dataclass(frozen=True)
class Stream:
    """A body the fake never holds whole: ``length`` bytes from ``pieces()``, with a
    ``pause`` before each piece."""

    length: int
    pieces: Callable[[], Iterator[bytes]]
    pause: float = 0.0


@dataclass(frozen=True)
class Response:
    """Wait ``delay``, then send; ``drop``: close without answering; ``truncate``: announce
    the whole body, send half of it. With a ``stream`` the body comes from it."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    delay: float = 0.0
    action: Literal["drop", "truncate"] | None = None
    stream: Stream | None = None

    @property
    def length(self) -> int:
        """The ``Content-Length`` to announce."""
        return len(self.body) if self.stream is None else self.stream.length

    @property
    def pause(self) -> float:
        """Seconds to wait before each piece."""
        return 0.0 if self.stream is None else self.stream.pause

    def pieces(self) -> Iterator[bytes]:
        if self.stream is not None:
            yield from self.stream.pieces()
        elif self.action == "truncate":
            yield self.body[: len(self.body) // 2]
        elif self.body:
            yield self.body


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
class Scheduled:
    faults: Faults
    remaining: int


class App:
    """The fake API's brain, shared by every transport and server of one ``FakeWebWork``.
    Its settings are set by ``FakeWebWork`` under the workspace lock."""

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
        self._paths: dict[str, tuple[re.Pattern[str], dict[str, Route]]] = {}
        for route in routes():
            pattern = re.compile(re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", route.template))
            self._paths.setdefault(route.template, (pattern, {}))[1][route.method] = route
        every = [route for _, methods in self._paths.values() for route in methods.values()]
        self.keys = frozenset(route.key for route in every)
        self.paged = frozenset(route.key for route in every if route.paged)
        self.latency = check_latency(latency)
        self.pagination: Pagination | None = pagination
        self.rate_limit = rate_limit
        self.check_fault_routes(faults)
        self.faults = faults
        # Streams of their own, so that seeding more data does not shift the fault sequence.
        self._fault_rng = random.Random(f"{seed}:faults")
        self._latency_rng = random.Random(f"{seed}:latency")
        # user id -> [window start, requests in it]
        self.windows: dict[int, list[float]] = {}
        self.scheduled: list[Scheduled] = []
        self.applied: Counter[tuple[str, Any]] = Counter()
        self._counts: Counter[str] = Counter()
        self._by_route: Counter[tuple[str, str]] = Counter()
        self._by_status: Counter[int] = Counter()
        self._fault_counts: Counter[str] = Counter()

    def check_fault_routes(self, faults: Faults | None) -> None:
        """Reject route filters that match nothing (a typo would silently disable faults),
        and filters that leave page kinds no list route to fault (they would never fire)."""
        if faults is None or faults.routes is None:
            return
        unknown = sorted(set(faults.routes) - self.keys)
        if unknown:
            raise ValueError(f"unknown routes {unknown}; known: {sorted(self.keys)}")
        if set(faults.kinds) <= PAGE_KINDS and not set(faults.routes) & self.paged:
            raise ValueError(
                f"fault kinds {list(faults.kinds)} apply to list routes only; "
                f"list routes: {sorted(self.paged)}"
            )

    def stats(self) -> Stats:
        return Stats(
            self._counts["requests"],
            Counter(self._by_route),
            Counter(self._by_status),
            Counter(self._fault_counts),
            self._counts["rate_limited"],
        )

    def reset_stats(self) -> None:
        for counter in (self._counts, self._by_route, self._by_status, self._fault_counts):
            counter.clear()
        self.applied.clear()

    # -- the request path --------------------------------------------------------------------

    def handle(
        self, method: str, path: str, query: str, headers: Mapping[str, str], body: bytes
    ) -> Response:
        """Decide the complete answer to one request (header names are case-insensitive)."""
        now = time.time()
        method = method.upper()
        headers = {name.lower(): value for name, value in headers.items()}
        with self.ws.lock:
            self._counts["requests"] += 1
            route, params, routing_error = self._route(method, unquote(path))
            if route is not None:
                self._by_route[(route.method, route.template)] += 1
            fault = self._draw_fault(route)
            if fault is not None and not fault.after and fault.kinds[0] not in REAL_ANSWER_KINDS:
                # the fault replaces the handling: the request changes nothing
                response = self._fault_response(fault, None, headers, now)
            else:
                lie = fault.kinds[0] if fault is not None else None
                response = self._respond(
                    route, params, routing_error, query, headers, body, now, lie
                )
                if fault is not None:
                    response = self._fault_response(fault, response, headers, now)
            if isinstance(self.latency, tuple):
                delay = self._latency_rng.uniform(*self.latency)
            else:
                delay = float(self.latency)
            if fault is not None and fault.kinds[0] == "slow":
                delay += fault.slow_seconds
            if response.action != "drop":
                self._by_status[response.status] += 1
        return replace(response, delay=delay)

    def _route(
        self, method: str, path: str
    ) -> tuple[Route | None, dict[str, str], ApiError | None]:
        if path == BASE_PATH or path.startswith(BASE_PATH + "/"):
            rest = path[len(BASE_PATH) :].rstrip("/") or "/"
            for pattern, methods in self._paths.values():
                found = pattern.fullmatch(rest)
                if found is None:
                    continue
                route = methods.get(method)
                if route is not None:
                    return route, found.groupdict(), None
                allowed = ", ".join(sorted(methods))
                message = (
                    f"The {method} method is not supported for route {path.lstrip('/')}. "
                    f"Supported methods: {allowed}."
                )
                return None, {}, ApiError(405, message, headers=(("allow", allowed),))
        return None, {}, ApiError(404, f"The route {path.lstrip('/')} could not be found.")

    def _respond(
        self,
        route: Route | None,
        params: dict[str, str],
        routing_error: ApiError | None,
        query: str,
        headers: Mapping[str, str],
        body: bytes,
        now: float,
        lie: str | None,
    ) -> Response:
        """The real answer; ``lie`` names a fault kind that may lie inside it."""
        limit_headers: Headers = ()
        try:
            if routing_error is not None or route is None:
                raise routing_error or ApiError(404, "Not Found")
            scheme, _, token = headers.get("authorization", "").partition(" ")
            user_id = self.ws.tokens.get(token.strip()) if scheme.lower() == "bearer" else None
            if user_id is None or user_id not in self.ws.members:
                raise ApiError(401, "Unauthenticated.")
            user = self.ws.members[user_id]
            limit_headers = self._count_request(user.id, now)
            data = _parse_inputs(query, headers, body)
            if lie == "ignore_page":
                data.pop("page", None)
            inputs = Input(data)
            self._check_workspace(route, inputs, user)
            ctx = Context(self.ws, user, params, inputs, now, self.applied)
            if route.roles is not None and user.role not in route.roles:
                raise forbidden()
            ok = route.handler(ctx)
        except ApiError as error:
            return _error(error, now, limit_headers)
        if ok.pagination is not None and lie in ("pages_forever", "last_page_huge"):
            per_page = int(ok.pagination["per_page"])
            last = int(ok.pagination["current_page"]) + 1 if lie == "pages_forever" else 10**9
            pagination = {**ok.pagination, "last_page": last, "total": last * per_page}
            ok = replace(ok, pagination=pagination)
        return _success(ok, now, limit_headers, self.pagination or route.pagination)

    def _count_request(self, user_id: int, now: float) -> Headers:
        """Fixed window per user, opened by the user's first request in it."""
        limit = self.rate_limit
        if limit is None:
            return ()
        window = self.windows.get(user_id)
        if window is None or now >= window[0] + limit.window:
            window = self.windows[user_id] = [now, 0]
        reset = window[0] + limit.window
        allowed = window[1] < limit.limit
        if allowed:
            window[1] += 1
        left = str(limit.limit - int(window[1]))
        headers = _limit_headers(str(limit.limit), str(math.ceil(reset)), left)
        if not allowed:
            self._counts["rate_limited"] += 1
            retry_after = ("retry-after", str(max(1, math.ceil(reset - now))))
            raise ApiError(429, _TOO_MANY, headers=(*headers, retry_after))
        return headers

    def _check_workspace(self, route: Route, inputs: Input, user: Member) -> None:
        if route.workspace == "none" or (route.workspace == "optional" and not inputs.data):
            return
        workspace_id = inputs.integer("workspace_id", required=True)
        inputs.check()
        if workspace_id != self.ws.id or not self.ws.is_member(user.id):
            raise forbidden("You do not have access to this workspace.")

    # -- faults --------------------------------------------------------------------------------

    def _draw_fault(self, route: Route | None) -> Faults | None:
        """Scheduled faults first, in order, then random ones; the fault's kind is its
        ``kinds[0]``. A page kind only faults a list route (a scheduled one waits for one)."""
        key = None if route is None else route.key
        paged = route is not None and route.paged
        for entry in self.scheduled:
            if entry.faults.routes is not None and key not in entry.faults.routes:
                continue
            if entry.faults.kinds[0] in PAGE_KINDS and not paged:
                continue
            entry.remaining -= 1
            if entry.remaining <= 0:
                self.scheduled.remove(entry)
            return entry.faults
        faults = self.faults
        if faults is None or faults.rate <= 0:
            return None
        if faults.routes is not None and key not in faults.routes:
            return None
        if self._fault_rng.random() >= faults.rate:
            return None
        kind = faults.kinds[self._fault_rng.randrange(len(faults.kinds))]
        if kind in PAGE_KINDS and not paged:
            return None
        return replace(faults, kinds=(kind,))

    def _fault_response(
        self, fault: Faults, handled: Response | None, headers: Mapping[str, str], now: float
    ) -> Response:
        """The fault's answer; ``handled`` is the real answer when the request was handled."""
        kind = fault.kinds[0]
        self._fault_counts[kind] += 1
        real = handled or _success(Ok(None, "OK"), now)
        if kind == "drop":
            return Response(0, (), b"", action="drop")
        if kind == "truncate":
            return replace(real, action="truncate")
        if kind in _LATE_KINDS:
            # Without ``after`` the handler never ran: a proxy gives up and answers 504
            # (late, slowly or padded, as the real answer would have been).
            late = handled or _error(ApiError(504, _FAULT_MESSAGES[504]), now)
            body = late.body
            if kind == "trickle":
                pieces = partial(hostile.bytewise, body)
                return replace(
                    late, body=b"", stream=Stream(len(body), pieces, fault.trickle_seconds)
                )
            if kind == "huge_body":
                size = max(len(body), fault.huge_body_bytes)
                return replace(
                    late, body=b"", stream=Stream(size, partial(hostile.padded_pieces, body, size))
                )
            return late
        if kind in PAGE_KINDS:
            return real  # _respond told the lie inside the real answer
        if kind == "limit_absurd":
            kept = tuple(h for h in real.headers if not h[0].startswith("x-ratelimit-"))
            absurd = _limit_headers(hostile.ABSURD_LIMIT, str(math.ceil(now) + 60))
            return replace(real, headers=(*kept, *absurd))
        if kind == "reset_far":
            return _error(
                ApiError(429, _TOO_MANY, headers=_limit_headers("60", hostile.far_reset(now))), now
            )
        if kind in _RETRY_AFTER_KINDS:
            if kind == "retry_after_huge":
                retry_after = hostile.RETRY_AFTER_HUGE
            elif kind == "retry_after_garbage":
                # this fault's own count (already including it) walks through the values
                garbage = hostile.RETRY_AFTER_GARBAGE
                retry_after = garbage[(self._fault_counts[kind] - 1) % len(garbage)]
            else:
                retry_after = str(fault.retry_after)
            return _error(ApiError(429, _TOO_MANY, headers=(("retry-after", retry_after),)), now)
        if kind == "echo_token":
            token = headers.get("authorization", "").partition(" ")[2].strip()
            envelope = {
                "success": False,
                "message": f"Unauthenticated. The token {token} is invalid or expired.",
                "error": f"Unauthorized: invalid token {token}",
                "meta": meta(now),
            }
            return _json_response(401, envelope, ())
        canned = _CANNED.get(kind)
        if canned is not None:
            return canned()
        status = int(kind)
        extra = (("retry-after", str(fault.retry_after)),) if status == 503 else ()
        return _error(ApiError(status, _FAULT_MESSAGES[status], headers=extra), now)


def _limit_headers(limit: str, reset: str, remaining: str = "0") -> Headers:
    return (
        ("x-ratelimit-limit", limit),
        ("x-ratelimit-remaining", remaining),
        ("x-ratelimit-reset", reset),
    )


def _success(
    ok: Ok, now: float, headers: Headers = (), pagination: Pagination = "meta"
) -> Response:
    envelope: dict[str, Any] = {"success": True}
    if ok.with_data:
        envelope["data"] = ok.data
    if ok.message is not None:
        envelope["message"] = ok.message
    envelope.update(ok.extra or {})
    envelope["meta"] = meta(now)
    if ok.pagination is not None and pagination == "meta":
        envelope["meta"]["pagination"] = ok.pagination
    elif ok.pagination is not None and pagination == "top":
        envelope["pagination"] = ok.pagination
    return _json_response(ok.status, envelope, headers)


def _error(error: ApiError, now: float, limit_headers: Headers = ()) -> Response:
    envelope: dict[str, Any] = {
        "success": False,
        "message": error.message,
        "error": reason_phrase(error.status),
        "meta": meta(now),
    }
    if error.errors is not None:
        envelope["errors"] = error.errors
    return _json_response(error.status, envelope, (*limit_headers, *error.headers))


def _json_response(status: int, envelope: dict[str, Any], headers: Headers) -> Response:
    body = json.dumps(envelope, separators=(",", ":")).encode()
    return Response(status, (*_JSON, *headers), body)


def _parse_inputs(query: str, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    """The query overlaid with the body, like Laravel's ``$request->input()``; queries and
    form bodies are read the PHP way (``events[]=a&events[]=b`` is a list)."""
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
