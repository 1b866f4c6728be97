"""The request core every adapter shares: ``App.handle(method, path, query, headers, body)``.

``handle`` is synchronous and pure with respect to I/O: it decides everything about a request
(routing, faults, authentication, rate limiting, the handler's work, the envelope, the delay
to wait before answering) under the workspace lock and returns a :class:`Response`. The
adapters only wait ``Response.delay`` and write the bytes — or, for the ``drop`` and
``truncate`` faults, deliberately fail to.

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from http import HTTPStatus
from typing import Any, Literal, get_args
from urllib.parse import parse_qsl, unquote

from ._config import Faults, Latency, RateLimit, check_latency
from ._handlers import Context, Ok, Route
from ._routes import ROUTES
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
class Response:
    """What an adapter must do: wait ``delay`` seconds, then send the response.

    ``action`` ``"drop"`` means close the connection without answering; ``"truncate"``
    means announce the full body but deliver only its first half.
    """

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    delay: float = 0.0
    action: Literal["drop", "truncate"] | None = None


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
    after: bool
    slow_seconds: float
    retry_after: int


def _fault(faults: Faults, kind: str) -> _Fault:
    return _Fault(kind, faults.after, faults.slow_seconds, faults.retry_after)


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
        pagination: Pagination,
    ) -> None:
        if pagination not in PAGINATION_PLACES:
            raise ValueError(f"pagination must be one of {PAGINATION_PLACES}")
        self.ws = ws
        self.router = _Router(ROUTES)
        self.latency = check_latency(latency)
        self.pagination = pagination
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
        """Reject route filters that match nothing (a typo would silently disable faults)."""
        if faults is not None and faults.routes is not None:
            unknown = sorted(set(faults.routes) - self.router.keys)
            if unknown:
                raise ValueError(f"unknown routes {unknown}; known: {sorted(self.router.keys)}")

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
            fault = self._draw_fault(None if route is None else route.key)
            if fault is not None and not fault.after:
                response = self._fault_response(fault, None, now)
            else:
                response = self._respond(route, params, routing_error, query, headers, body, now)
                if fault is not None:
                    response = self._fault_response(fault, response, now)
            delay = self._draw_latency()
            if fault is not None and fault.kind == "slow":
                delay += fault.slow_seconds
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
    ) -> Response:
        limit_headers: Sequence[tuple[str, str]] = ()
        try:
            if routing_error is not None:
                raise routing_error
            assert route is not None
            user = self._authenticate(headers)
            limit_headers = self._count_request(user.id, now)
            inputs = Input(_parse_inputs(query, headers, body))
            self._check_workspace(route, inputs, user)
            ok = route.handler(Context(self.ws, user, params, inputs, now, self.applied))
        except ApiError as error:
            return self._error(error, now, limit_headers)
        return self._success(ok, now, limit_headers)

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

    def _draw_fault(self, route_key: str | None) -> _Fault | None:
        """Scheduled faults first (in order), then the random ones."""
        for entry in self._scheduled:
            if entry.faults.routes is None or route_key in entry.faults.routes:
                entry.remaining -= 1
                if entry.remaining <= 0:
                    self._scheduled.remove(entry)
                return _fault(entry.faults, entry.faults.kinds[0])
        faults = self._faults
        if faults is None or faults.rate <= 0:
            return None
        if faults.routes is not None and route_key not in faults.routes:
            return None
        if self._fault_rng.random() >= faults.rate:
            return None
        return _fault(faults, faults.kinds[self._fault_rng.randrange(len(faults.kinds))])

    def _draw_latency(self) -> float:
        if isinstance(self.latency, tuple):
            return self._latency_rng.uniform(*self.latency)
        return float(self.latency)

    def _fault_response(self, fault: _Fault, handled: Response | None, now: float) -> Response:
        """The fault's answer; ``handled`` is the real answer when ``after=True``."""
        kind = fault.kind
        self._fault_counts[kind] += 1
        retry_after = (("retry-after", str(fault.retry_after)),)
        if kind == "drop":
            return Response(0, (), b"", action="drop")
        if kind == "truncate":
            base = handled or self._success(Ok(None, "OK"), now)
            return replace(base, action="truncate")
        if kind == "slow":
            # Without ``after`` the handler never ran: a proxy gives up and answers 504.
            return handled or self._error(ApiError(504, _FAULT_MESSAGES[504]), now)
        if kind == "html":
            return Response(200, _HTML, _MAINTENANCE_PAGE)
        if kind == "502":
            return Response(502, _HTML, _BAD_GATEWAY_PAGE)
        if kind == "429":
            return self._error(ApiError(429, "Too Many Attempts.", headers=retry_after), now)
        status = int(kind)
        headers = retry_after if status == 503 else ()
        return self._error(ApiError(status, _FAULT_MESSAGES[status], headers=headers), now)

    # -- envelopes -------------------------------------------------------------------------------

    def _success(self, ok: Ok, now: float, headers: Sequence[tuple[str, str]] = ()) -> Response:
        envelope: dict[str, Any] = {"success": True}
        if ok.with_data:
            envelope["data"] = ok.data
        if ok.message is not None:
            envelope["message"] = ok.message
        envelope.update(ok.extra or {})
        envelope["meta"] = meta(now)
        if ok.pagination is not None:
            if self.pagination == "meta":
                envelope["meta"]["pagination"] = ok.pagination
            elif self.pagination == "top":
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
