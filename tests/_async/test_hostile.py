"""A hostile server attacks the request core (issue 10, classes 1-5): each test attacks the
way the issue did, through respx, a misbehaving transport or a raw loopback socket server,
and checks what the user gets and what was (not) sent."""

from __future__ import annotations

import gzip
import json
import logging
import pickle
import sys
import time
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
from rawserver import (
    JSON_OK,
    gzip_bomb,
    raw_server,
    send_body,
    trickle_body,
    trickle_head,
)

from support import TOKEN, fail, ok
from webwork_async import (
    APIConnectionError,
    APITimeoutError,
    AsyncWebWork,
    BadRequestError,
    ClientClosedError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    ResponseDecodeError,
    TokenProviderError,
    WebWorkError,
)
from webwork_async._concurrency import async_sleep
from webwork_async._trace import CallTrace, current_trace

# A body refused halfway (too large, corrupt) stops httpx's own chunk generators before they
# are exhausted; trio warns when they are garbage collected. They are internal to httpx and
# cannot be closed from outside it; the connection itself is closed by response.aclose().
pytestmark = [
    pytest.mark.filterwarnings(
        "ignore:Async generator 'httpx.*__aiter__' was garbage collected:ResourceWarning"
    ),
    pytest.mark.filterwarnings(
        "ignore:Async generator 'httpx._models.Response.aiter_raw' was garbage:ResourceWarning"
    ),
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <async_generator object "
        ":pytest.PytestUnraisableExceptionWarning"
    ),
]

TASK = {"id": 7, "title": "Write docs", "status": 0}
WORKSPACES = {"success": True, "data": [{"id": 1, "name": "W"}], "meta": {}}


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits between retries, recorded instead of slept."""
    recorded: list[float] = []

    async def record(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(sys.modules[AsyncWebWork.__module__], "async_sleep", record)
    return recorded


@pytest.fixture
def trace() -> Iterator[CallTrace]:
    record = CallTrace()
    token = current_trace.set(record)
    yield record
    current_trace.reset(token)


def rate_limited(**headers: str) -> httpx.Response:
    return httpx.Response(429, headers=headers, json={"success": False, "message": "slow down"})


# --- 1. No wait is unbounded -------------------------------------------------------------


@pytest.mark.anyio
async def test_a_huge_retry_after_is_raised_at_once_and_the_client_stays_usable(
    api: respx.MockRouter,
) -> None:
    route = api.get("/tasks/7").mock(side_effect=[rate_limited(**{"Retry-After": "1000000000"})])
    async with AsyncWebWork(TOKEN, workspace_id=1, max_retry_wait=1.0) as client:
        started = time.perf_counter()
        with pytest.raises(RateLimitError) as info:
            await client.tasks.get(7, project_id=100)
        assert info.value.retry_after == 1e9  # the server's figure, for the caller to judge
        assert time.perf_counter() - started < 0.9  # at once: no wait of its own
        route.side_effect = None
        route.return_value = ok(TASK)
        task = await client.tasks.get(7, project_id=100)  # waits the gate: max_retry_wait
        elapsed = time.perf_counter() - started
    assert task.id == 7
    assert 0.9 < elapsed < 4.0  # the gate held for max_retry_wait (1 s), not 1e9 s
    assert route.call_count == 2


@pytest.mark.anyio
async def test_a_reset_ten_years_ahead_without_retry_after_is_raised_at_once(
    api: respx.MockRouter,
) -> None:
    ten_years = str(int(time.time()) + 10 * 365 * 24 * 3600)
    api.get("/tasks/7").mock(return_value=rate_limited(**{"X-RateLimit-Reset": ten_years}))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        started = time.perf_counter()
        with pytest.raises(RateLimitError) as info:
            await client.tasks.get(7, project_id=100)
    assert time.perf_counter() - started < 3.0  # at once, not in ten years
    assert info.value.retry_after is not None and info.value.retry_after > 9 * 365 * 24 * 3600


@pytest.mark.anyio
@pytest.mark.parametrize(
    "value",
    [
        "-5",
        "soon",
        "NaN",
        "",
        "inf",
        "1e400",
        "Tue, 01 Jan 99999 00:00:00 GMT",
        "Mon, 01 Jan 99999999999999999999 00:00:00 GMT",
    ],
)
async def test_nonsense_retry_after_falls_back_to_the_short_backoff(
    api: respx.MockRouter, sleeps: list[float], value: str
) -> None:
    route = api.get("/tasks/7").mock(side_effect=[rate_limited(**{"Retry-After": value}), ok(TASK)])
    async with AsyncWebWork(TOKEN, workspace_id=1, rate_limit=None) as client:
        await client.tasks.get(7, project_id=100)
    assert route.call_count == 2
    assert len(sleeps) == 1 and 0.25 <= sleeps[0] <= 0.5  # the first backoff, not 60 s


@pytest.mark.anyio
async def test_a_429_without_a_hint_closes_the_gate_for_the_backoff_only(
    api: respx.MockRouter,
) -> None:
    route = api.get("/tasks/7").mock(side_effect=[rate_limited(), ok(TASK)])
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        started = time.perf_counter()
        await client.tasks.get(7, project_id=100)
        elapsed = time.perf_counter() - started
    assert route.call_count == 2
    assert 0.2 < elapsed < 4.0  # one backoff of 0.25-0.5 s, not the 60 s window


@pytest.mark.anyio
async def test_an_absurd_limit_claim_does_not_grow_the_pacer(api: respx.MockRouter) -> None:
    claim = {"X-RateLimit-Limit": "1000000000000", "X-RateLimit-Remaining": "0"}
    api.get("/tasks/7").mock(return_value=httpx.Response(200, headers=claim, json=_env(TASK)))
    async with AsyncWebWork(TOKEN, workspace_id=1, max_retry_wait=0.3) as client:
        await client.tasks.get(7, project_id=100)
        started = time.perf_counter()
        await client.tasks.get(7, project_id=100)  # the claimed budget is spent: one window
        elapsed = time.perf_counter() - started
        rate = client._limiter.rate
        assert rate is not None
        assert len(rate._sent) <= 3  # run-length entries, not one per claimed request
    assert elapsed < 4.0  # one window of max_retry_wait (0.3 s), not 60 s


def _env(data: Any) -> dict[str, Any]:
    return {"success": True, "data": data, "meta": {}}


@pytest.mark.anyio
async def test_max_retry_wait_is_checked(api: respx.MockRouter) -> None:
    for bad in (0, -1, float("nan"), float("inf"), "60", True):
        with pytest.raises(InvalidRequestError, match="max_retry_wait"):
            AsyncWebWork(TOKEN, max_retry_wait=bad)  # type: ignore[arg-type]
    for bad_size in (0, -1, 1.5, "1"):
        with pytest.raises(InvalidRequestError, match="max_response_size"):
            AsyncWebWork(TOKEN, max_response_size=bad_size)  # type: ignore[arg-type]
    async with AsyncWebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError, match="max_retry_wait"):
            client.with_options(max_retry_wait=float("nan"))
        with pytest.raises(InvalidRequestError, match="max_response_size"):
            client.with_options(max_response_size=0)


@pytest.mark.anyio
async def test_with_options_changes_max_retry_wait(
    api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.get("/tasks/7").mock(
        side_effect=[rate_limited(**{"Retry-After": "30"}), ok(TASK)] * 2
    )
    async with AsyncWebWork(TOKEN, workspace_id=1, rate_limit=None) as client:
        await client.tasks.get(7, project_id=100)
        assert sleeps == [30.0]
        impatient = client.with_options(max_retry_wait=10)
        with pytest.raises(RateLimitError):
            await impatient.tasks.get(7, project_id=100)
    assert route.call_count == 3


# --- 2. A timeout bounds the whole attempt --------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("behaviour", [trickle_body, trickle_head], ids=["body", "head"])
async def test_a_trickling_server_cannot_outlast_the_timeout(behaviour: Any) -> None:
    with raw_server(behaviour) as server:
        async with AsyncWebWork(
            TOKEN, base_url=server.url, timeout=1, max_retries=0, rate_limit=None
        ) as client:
            started = time.perf_counter()
            with pytest.raises(APITimeoutError):
                await client.workspaces.list().to_list()
            elapsed = time.perf_counter() - started
    assert elapsed < 3.0  # one byte every 0.2 s would take 40 s to finish


@pytest.mark.anyio
async def test_a_trickle_through_your_own_http_client_is_bounded_too() -> None:
    with raw_server(trickle_body) as server:
        async with httpx.AsyncClient() as http:
            client = AsyncWebWork(
                TOKEN, base_url=server.url, timeout=1, max_retries=0, http_client=http
            )
            started = time.perf_counter()
            with pytest.raises(APITimeoutError):
                await client.workspaces.list().to_list()
            await client.aclose()
    assert time.perf_counter() - started < 3.0


@pytest.mark.anyio
async def test_a_hanging_token_provider_is_a_typed_error_and_releases_the_lock(
    api: respx.MockRouter, trace: CallTrace
) -> None:
    route = api.get("/tasks/7").mock(return_value=ok(TASK))
    hang = [True]

    async def provider() -> str:
        if hang[0]:
            await async_sleep(3)
        return TOKEN

    async with AsyncWebWork(provider, workspace_id=1, timeout=0.5) as client:
        started = time.perf_counter()
        with pytest.raises(TokenProviderError, match=r"did not return within 0\.5 s"):
            await client.tasks.get(7, project_id=100)
        assert time.perf_counter() - started < 3.0
        assert not trace.in_flight and not trace.uncertain  # nothing could have been sent
        assert route.call_count == 0
        hang[0] = False
        task = await client.tasks.get(7, project_id=100)  # the lock was not kept
    assert task.id == 7


@pytest.mark.anyio
async def test_a_failing_token_provider_is_a_typed_error_with_its_cause(
    api: respx.MockRouter, trace: CallTrace
) -> None:
    route = api.get("/tasks/7").mock(return_value=ok(TASK))

    def provider() -> str:
        raise ConnectionError(f"refresh endpoint down; last token was {TOKEN}")

    async with AsyncWebWork(provider, workspace_id=1) as client:
        with pytest.raises(TokenProviderError) as info:
            await client.tasks.get(7, project_id=100)
    assert isinstance(info.value.__cause__, ConnectionError)
    assert TOKEN not in str(info.value) and TOKEN not in repr(info.value)
    assert route.call_count == 0
    assert not trace.in_flight and not trace.uncertain


# --- 3. Bounded memory and CPU per response ------------------------------------------------


@pytest.mark.anyio
async def test_a_gzip_bomb_stops_at_the_size_cap() -> None:
    bomb = gzip_bomb(64)  # 64 MiB of zeros in about 64 KB
    with raw_server(send_body(bomb, encoding="gzip")) as server:
        async with AsyncWebWork(
            TOKEN, base_url=server.url, max_response_size=1 << 20, max_retries=0
        ) as client:
            with pytest.raises(ResponseDecodeError, match=r"max_response_size \(1048576 bytes\)"):
                await client.workspaces.list().to_list()


@pytest.mark.anyio
async def test_a_plain_body_over_the_cap_is_refused_and_one_at_the_cap_is_read() -> None:
    body = json.dumps(WORKSPACES).encode()
    with raw_server(send_body(body)) as server:
        async with AsyncWebWork(
            TOKEN, base_url=server.url, max_response_size=len(body), rate_limit=None
        ) as client:
            assert len(await client.workspaces.list().to_list()) == 1
            smaller = client.with_options(max_response_size=len(body) - 1)
            with pytest.raises(ResponseDecodeError, match="max_response_size"):
                await smaller.workspaces.list().to_list()


@pytest.mark.anyio
async def test_an_error_page_over_the_cap_keeps_its_status() -> None:
    page = b"<html>" + b"x" * 5000 + b"</html>"
    with raw_server(send_body(page, status=404)) as server:
        async with AsyncWebWork(TOKEN, base_url=server.url, max_response_size=1000) as client:
            with pytest.raises(NotFoundError):
                await client.workspaces.list().to_list()


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-15)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", gzip.compress(json.dumps(WORKSPACES).encode())),
        ("deflate", zlib.compress(json.dumps(WORKSPACES).encode())),
        ("deflate", _raw_deflate(json.dumps(WORKSPACES).encode())),
        ("gzip, gzip", gzip.compress(gzip.compress(json.dumps(WORKSPACES).encode()))),
        ("identity", json.dumps(WORKSPACES).encode()),
    ],
    ids=["gzip", "zlib-deflate", "raw-deflate", "gzip-twice", "identity"],
)
async def test_the_encodings_the_client_asks_for_are_decoded(encoding: str, body: bytes) -> None:
    with raw_server(send_body(body, encoding=encoding)) as server:
        async with AsyncWebWork(TOKEN, base_url=server.url) as client:
            workspaces = await client.workspaces.list().to_list()
    assert [w.id for w in workspaces] == [1]
    assert b"accept-encoding: gzip, deflate\r\n" in server.requests[0].lower()


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("encoding", "body", "reason"),
    [
        ("gzip", b"\x1f\x8b\x08\x00garbage-that-is-not-deflate", "corrupt"),
        ("gzip", gzip.compress(JSON_OK)[:-12], "truncated"),
        ("br", JSON_OK, "unsupported content encoding 'br'"),
        ("gzip, gzip, gzip", JSON_OK, "too many content encodings"),
    ],
    ids=["corrupt", "truncated", "unknown", "chained-3"],
)
async def test_bad_encodings_are_a_response_decode_error(
    encoding: str, body: bytes, reason: str
) -> None:
    with raw_server(send_body(body, encoding=encoding)) as server:
        async with AsyncWebWork(TOKEN, base_url=server.url, max_retries=0) as client:
            with pytest.raises(ResponseDecodeError, match=reason) as info:
                await client.workspaces.list().to_list()
    assert not isinstance(info.value.__cause__, httpx.HTTPError)


@pytest.mark.anyio
@pytest.mark.parametrize("parser", ["default", "stdlib"])
async def test_json_nested_100000_deep_is_a_response_decode_error(
    api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch, parser: str
) -> None:
    if parser == "stdlib":
        monkeypatch.setattr("webwork_async._response._json_loads", json.loads)
    api.get("/tasks/7").mock(return_value=httpx.Response(200, content=b"[" * 100_000))
    api.get("/tasks/8").mock(return_value=httpx.Response(400, content=b"[" * 100_000))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            await client.tasks.get(7, project_id=100)
        with pytest.raises(BadRequestError):
            await client.tasks.get(8, project_id=100)


@pytest.mark.anyio
async def test_deep_data_in_a_valid_envelope_is_a_response_decode_error(
    api: respx.MockRouter,
) -> None:
    deep = "[" * 1000 + '"x"' + "]" * 1000  # within what the JSON parsers accept
    body = '{"success": true, "data": {"id": 7, "title": ' + deep + "}}"
    api.get("/tasks/7").mock(return_value=httpx.Response(200, content=body.encode()))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            await client.tasks.get(7, project_id=100)


@pytest.mark.anyio
async def test_transport_failures_of_every_kind_are_webwork_errors(
    api: respx.MockRouter,
) -> None:
    failures: list[Exception] = [
        httpx.TooManyRedirects("loop"),
        httpx.DecodingError("bad"),
        OSError("socket gone"),
        httpx.RemoteProtocolError("peer closed connection without sending complete message"),
    ]
    async with AsyncWebWork(TOKEN, workspace_id=1, max_retries=0) as client:
        for failure in failures:
            api.get("/tasks/7").mock(side_effect=failure)
            with pytest.raises(APIConnectionError):
                await client.tasks.get(7, project_id=100)


# --- 4. Nothing outside the intended path or header ----------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("bad_id", [".", "..", "a/b", "a?b", "a#b", "%2e%2e", "a\nb", ""])
async def test_string_ids_cannot_leave_their_segment(api: respx.MockRouter, bad_id: str) -> None:
    route = api.route().mock(return_value=ok(None))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError):
            await client.time_entries.delete(bad_id)
    assert route.call_count == 0


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("headers", "named"),
    [
        ({"X-Trace": "a\r\nInjected: yes"}, "X-Trace"),
        ({"X-Trace": "a\nb"}, "X-Trace"),
        ({"X-Trace": "a\x00b"}, "X-Trace"),
        ({"X-Trace": "a\rb"}, "X-Trace"),
        ({"Host": "elsewhere.example"}, "Host"),
        ({"X-Trace": "caf\u00e9"}, "X-Trace"),
        ({"X Trace": "a"}, "X Trace"),
        ({"X-Trace:": "a"}, "X-Trace:"),
        ({"": "a"}, "''"),
        ({"Accept-Encoding": "br"}, "Accept-Encoding"),
        ({"Content-Length": "0"}, "Content-Length"),
    ],
)
async def test_extra_headers_are_checked_before_sending(
    api: respx.MockRouter, headers: dict[str, str], named: str
) -> None:
    route = api.route().mock(return_value=ok(TASK))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError, match="headers") as info:
            client.with_options(headers=headers)
    assert named in str(info.value)
    assert route.call_count == 0


@pytest.mark.anyio
async def test_a_token_the_server_echoes_is_redacted_everywhere(
    api: respx.MockRouter, caplog: pytest.LogCaptureFixture, sleeps: list[float]
) -> None:
    echo = f"token {TOKEN} is invalid"
    api.get("/tasks/1").mock(
        return_value=fail(400, echo, error=echo, errors={"token": [echo], TOKEN: ["x"]})
    )
    api.get("/tasks/2").mock(return_value=httpx.Response(200, text=f"<p>{echo}</p>"))
    api.get("/tasks/3").mock(return_value=ok({"id": "x", "title": TOKEN}))
    api.get("/tasks/4").mock(
        return_value=httpx.Response(302, headers={"Location": f"https://evil/?t={TOKEN}"})
    )
    api.get("/tasks/5").mock(side_effect=httpx.RemoteProtocolError(f"bad header {TOKEN}"))
    api.get("/tasks/6").mock(
        return_value=httpx.Response(429, headers={"x-request-id": TOKEN}, json={})
    )
    errors: list[WebWorkError] = []
    with caplog.at_level(logging.DEBUG):
        async with AsyncWebWork(TOKEN, workspace_id=1, max_retries=1, rate_limit=None) as client:
            for task_id in range(1, 7):
                with pytest.raises(WebWorkError) as info:
                    await client.tasks.get(task_id, project_id=100)
                errors.append(info.value)
    for error in errors:
        for text in (str(error), repr(error), repr(vars(error)), repr(pickle.dumps(error))):
            assert TOKEN not in text, text
    assert "***" in str(errors[0]) and "***" in errors[1].body  # type: ignore[attr-defined]
    assert TOKEN not in caplog.text


@pytest.mark.anyio
async def test_the_token_a_provider_returned_is_redacted(api: respx.MockRouter) -> None:
    fresh = "fresh-provider-token-9c2e"
    api.get("/tasks/7").mock(return_value=fail(422, f"{fresh} rejected"))
    async with AsyncWebWork(lambda: fresh, workspace_id=1) as client:
        with pytest.raises(WebWorkError) as info:
            await client.tasks.get(7, project_id=100)
    assert fresh not in str(info.value)


# --- 5. A truthful delivery record ---------------------------------------------------------


@pytest.mark.anyio
async def test_errors_before_any_attempt_leave_the_trace_untouched(
    api: respx.MockRouter, trace: CallTrace
) -> None:
    route = api.route().mock(return_value=ok(TASK))
    client = AsyncWebWork(TOKEN, workspace_id=1)
    await client.aclose()
    with pytest.raises(ClientClosedError) as info:
        await client.tasks.get(7, project_id=100)
    assert isinstance(info.value, RuntimeError) and isinstance(info.value, WebWorkError)
    assert (trace.in_flight, trace.uncertain) == (False, False)
    assert route.call_count == 0


@pytest.mark.anyio
async def test_a_pool_closed_under_a_call_is_a_client_closed_error(
    api: respx.MockRouter, trace: CallTrace
) -> None:
    route = api.route().mock(return_value=ok(TASK))
    http = httpx.AsyncClient()

    async def provider() -> str:
        await http.aclose()  # the pool closes after the call checked it was open
        return TOKEN

    client = AsyncWebWork(provider, workspace_id=1, http_client=http)
    with pytest.raises(ClientClosedError):
        await client.tasks.get(7, project_id=100)
    assert (trace.in_flight, trace.uncertain) == (False, False)
    assert route.call_count == 0


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("answer", "uncertain"),
    [
        (httpx.ConnectError("refused"), False),
        (httpx.ConnectTimeout("slow connect"), False),
        (httpx.ReadTimeout("slow answer"), True),
        (httpx.ReadError("reset"), True),
        (httpx.RemoteProtocolError("closed"), True),
        (fail(500, "boom"), True),
        (fail(502, "bad gateway"), True),
        (fail(400, "no"), False),
        (fail(404, "gone"), False),
        (fail(429, "slow"), False),
        (httpx.Response(302, headers={"Location": "https://elsewhere/"}), True),
        (httpx.Response(200, content=b"<html>applied, but not JSON</html>"), True),
    ],
)
async def test_the_trace_says_uncertain_only_when_the_server_may_have_applied(
    api: respx.MockRouter, trace: CallTrace, answer: Any, uncertain: bool
) -> None:
    if isinstance(answer, Exception):
        api.put("/tasks/7").mock(side_effect=answer)
    else:
        api.put("/tasks/7").mock(return_value=answer)
    async with AsyncWebWork(TOKEN, workspace_id=1, max_retries=0) as client:
        with pytest.raises(WebWorkError):
            await client.tasks.update(7, project_id=100, title="x")
    assert trace.in_flight is False
    assert trace.uncertain is uncertain


@pytest.mark.anyio
async def test_a_delete_retried_after_a_lost_answer_and_then_404_succeeded(
    api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.delete("/tasks/7").mock(
        side_effect=[httpx.ReadError("answer lost"), fail(404, "Task not found")]
    )
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        await client.tasks.delete(7, project_id=100)  # returns: the task is gone
    assert route.call_count == 2


@pytest.mark.anyio
async def test_a_delete_answered_502_then_404_succeeded(
    api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.delete("/tasks/7").mock(
        side_effect=[fail(502, "Bad Gateway"), fail(404, "Task not found")]
    )
    async with AsyncWebWork(TOKEN, workspace_id=1, rate_limit=None) as client:
        await client.tasks.delete(7, project_id=100)  # the proxy's 502 may hide a delete
    assert route.call_count == 2


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("status", "encoding", "uncertain"),
    [(200, None, True), (200, "br", True), (422, "br", False)],
)
async def test_an_answer_whose_body_cannot_be_read_is_uncertain_unless_a_4xx(
    api: respx.MockRouter, trace: CallTrace, status: int, encoding: str | None, uncertain: bool
) -> None:
    headers = {} if encoding is None else {"Content-Encoding": encoding}
    api.put("/tasks/7").mock(
        return_value=httpx.Response(status, headers=headers, content=b"{}" + b" " * 100)
    )
    async with AsyncWebWork(TOKEN, workspace_id=1, max_response_size=50) as client:
        with pytest.raises(ResponseDecodeError):
            await client.tasks.update(7, project_id=100, title="x")
    assert (trace.in_flight, trace.uncertain) == (False, uncertain)


@pytest.mark.anyio
async def test_a_delete_that_404s_first_is_still_not_found(api: respx.MockRouter) -> None:
    api.delete("/tasks/7").mock(
        side_effect=[httpx.ConnectError("refused"), fail(404, "Task not found")]
    )
    async with AsyncWebWork(TOKEN, workspace_id=1, rate_limit=None) as client:
        with pytest.raises(NotFoundError):
            await client.tasks.delete(7, project_id=100)  # the connect never reached it


@pytest.mark.anyio
async def test_an_unassign_is_not_guessed_from_a_404(
    api: respx.MockRouter, sleeps: list[float]
) -> None:
    api.delete("/tasks/7/unassign/3").mock(
        side_effect=[httpx.ReadError("answer lost"), fail(404, "User is not assigned")]
    )
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError):
            await client.tasks.unassign(7, 3, project_id=100)


@pytest.mark.anyio
async def test_retries_end_in_a_webwork_error_after_500s(
    api: respx.MockRouter, sleeps: list[float]
) -> None:
    route = api.get("/tasks/7").mock(return_value=fail(500, "boom"))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InternalServerError):
            await client.tasks.get(7, project_id=100)
    assert route.call_count == 3  # the default of 2 retries
    assert len(sleeps) == 2
