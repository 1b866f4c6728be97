"""The shared, I/O-free parts of the hostile-server defences, pinned with exact numbers: the
pacer's bounds, the header parser, the body decoder, the path check, redaction; and the few
behaviours only one of the two clients has. (The retry policy: tests/test_retry_policy.py.)"""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib

import anyio
import httpx
import pytest
import respx
from rawserver import gzip_bomb

from support import BASE_URL, TOKEN, ok
from webwork_async import (
    AsyncWebWork,
    ResponseDecodeError,
    TokenProviderError,
    WebWork,
)
from webwork_async._errors import InvalidRequestError, redact
from webwork_async._options import check_path, total_timeout
from webwork_async._ratelimit import MAX_LIMIT, RateHeaders, RateState, parse_rate_headers
from webwork_async._response import BodyDecoder

# --- The pacer's bounds -----------------------------------------------------------------------


def test_an_absurd_limit_claim_costs_one_entry() -> None:
    headers = parse_rate_headers(
        httpx.Headers({"X-RateLimit-Limit": "1000000000000", "X-RateLimit-Remaining": "0"})
    )
    assert headers.limit == MAX_LIMIT == 100_000
    state = RateState(None, max_wait=2.0)
    tracemalloc.start()
    state.delay(0.0)
    state.on_response(0.1, headers, status_code=200)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 100_000  # bytes: a run, not one float per claimed request
    assert len(state._sent) == 1
    assert state.in_window(0.1) == MAX_LIMIT
    assert 0 < state.delay(0.2) <= 2.0 + state.margin  # the window is at most max_wait


def test_run_length_entries_count_like_single_sends() -> None:
    state = RateState(None, margin=0.0)
    state.on_response(0.0, RateHeaders(limit=5, remaining=5), status_code=200)
    for _ in range(3):
        assert state.delay(1.0) == 0  # three sends at the same instant: one entry
    assert len(state._sent) == 1 and state.in_window(1.0) == 3
    assert state.delay(2.0) == 0 and state.delay(2.0) == 0
    assert state.delay(2.0) == pytest.approx(59.0)  # full: the oldest run leaves at 61
    state.on_response(2.0, RateHeaders(limit=5, remaining=0), status_code=200)
    assert state.in_window(2.0) == 5


def test_the_learned_window_never_exceeds_max_wait() -> None:
    state = RateState(None, max_wait=10.0)
    assert state.window == 10.0  # the documented 60 s, clamped
    state.delay(0.0)
    state.on_response(0.1, RateHeaders(limit=60, remaining=59, reset_after=3600.0), status_code=200)
    assert state.window == 10.0
    for _ in range(5):
        state.on_response(1.0, RateHeaders(limit=60, remaining=0), status_code=429)
    assert state.window == 10.0


def test_a_configured_window_is_the_users_and_is_kept() -> None:
    from webwork_async import RateLimit

    assert RateState(RateLimit(10, 600.0), max_wait=5.0).window == 600.0


@pytest.mark.parametrize(
    "value",
    [
        "-5",
        "soon",
        "NaN",
        "",
        "inf",
        "-inf",
        "1e400",
        "Tue, 01 Jan 99999 00:00:00 GMT",
        "Mon, 01 Jan 99999999999999999999 00:00:00 GMT",
        "\x00",
    ],
)
def test_nonsense_hints_are_no_hints(value: str) -> None:
    parsed = parse_rate_headers(httpx.Headers({"Retry-After": value, "X-RateLimit-Reset": value}))
    assert parsed.retry_after is None and parsed.reset_after is None


def test_a_large_number_of_seconds_is_the_servers_figure() -> None:
    assert parse_rate_headers(httpx.Headers({"Retry-After": "1000000000"})).retry_after == 1e9


# --- The body decoder -----------------------------------------------------------------------


def response(headers: dict[str, str], status: int = 200) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=httpx.Request("GET", BASE_URL))


def decode_in_chunks(decoder: BodyDecoder, body: bytes, size: int) -> bytes:
    for start in range(0, len(body), size):
        decoder.feed(body[start : start + size])
    return decoder.finish()


def test_a_gzip_bomb_never_inflates_past_the_cap() -> None:
    bomb = gzip_bomb(256)  # 256 MiB of zeros in about 256 KB
    cap = 1 << 20
    decoder = BodyDecoder(response({"Content-Encoding": "gzip"}), cap)
    tracemalloc.start()
    with pytest.raises(ResponseDecodeError, match=r"max_response_size \(1048576 bytes\)"):
        decode_in_chunks(decoder, bomb, 16384)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8 * cap  # around the cap, not 256 MiB


def test_a_body_exactly_at_the_cap_is_kept_one_byte_more_is_refused() -> None:
    data = b"x" * 1000
    for encoding, body in (("gzip", gzip.compress(data)), ("identity", data)):
        exact = BodyDecoder(response({"Content-Encoding": encoding}), 1000)
        exact.feed(body)
        assert exact.finish() == data
        small = BodyDecoder(response({"Content-Encoding": encoding}), 999)
        with pytest.raises(ResponseDecodeError, match="999 bytes"):
            decode_in_chunks(small, body, len(body))


@pytest.mark.parametrize("status", [400, 404, 502])
def test_an_error_body_is_cut_at_the_cap_not_refused(status: int) -> None:
    decoder = BodyDecoder(response({}, status=status), 10)
    decoder.feed(b"<html>bad gateway</html>")
    assert decoder.done and decoder.finish() == b"<html>bad "


@pytest.mark.parametrize("status", [200, 304, 399])
def test_a_body_that_is_not_an_error_is_refused_over_the_cap(status: int) -> None:
    decoder = BodyDecoder(response({}, status=status), 10)
    with pytest.raises(ResponseDecodeError, match="max_response_size"):
        decoder.feed(b"<html>bad gateway</html>")


def test_every_stage_of_a_chained_encoding_is_capped() -> None:
    # The inner gzip ends early; the outer one keeps inflating zeros the inner one ignores.
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    inner = gzip.compress(b'{"success": true}') + b"\0" * (8 << 20)
    outer = compressor.compress(inner) + compressor.flush()
    decoder = BodyDecoder(response({"Content-Encoding": "gzip, gzip"}), 1 << 20)
    with pytest.raises(ResponseDecodeError, match="max_response_size"):
        decode_in_chunks(decoder, outer, 65536)


def test_trickled_deflate_is_decoded_byte_by_byte() -> None:
    data = b'{"success": true}'
    for body in (zlib.compress(data), zlib.compress(data)[2:-4]):  # zlib-wrapped, then raw
        decoder = BodyDecoder(response({"Content-Encoding": "deflate"}), 1000)
        for byte in body:
            decoder.feed(bytes([byte]))
        assert decoder.finish() == data


def test_a_one_byte_deflate_body_is_truncated() -> None:
    decoder = BodyDecoder(response({"Content-Encoding": "deflate"}), 1000)
    decoder.feed(b"x")
    with pytest.raises(ResponseDecodeError, match=r"truncated|corrupt"):
        decoder.finish()


# --- Paths, timeouts, redaction ------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["", "tasks/", "/tasks", "tasks/.", "tasks/..", "a//b", "t?x", "t#x", "t%2F", "t\n"]
)
def test_check_path_refuses_anything_that_leaves_a_segment(path: str) -> None:
    with pytest.raises(InvalidRequestError, match="path"):
        check_path(path)


def test_check_path_keeps_ordinary_paths() -> None:
    assert check_path("tasks/7/unassign/3") == "tasks/7/unassign/3"
    assert check_path("time-entries/a.b~c_d=e-f") == "time-entries/a.b~c_d=e-f"


def test_the_attempt_bound_is_the_largest_set_part_of_the_timeout() -> None:
    assert total_timeout(httpx.Timeout(5.0)) == 5.0
    assert total_timeout(httpx.Timeout(30.0, connect=10.0)) == 30.0
    assert total_timeout(httpx.Timeout(None, connect=3.0, read=7.0)) == 7.0
    assert total_timeout(httpx.Timeout(None)) is None


def test_redact_replaces_plain_and_percent_encoded_tokens() -> None:
    assert redact("a tok/en b tok%2Fen", ["tok/en"]) == "a *** b ***"
    assert redact("nothing", ["", "x y"]) == "nothing"


# --- What only one client has ---------------------------------------------------------------


@pytest.mark.anyio
async def test_a_plain_provider_that_hangs_does_not_block_the_event_loop() -> None:
    release = threading.Event()

    def provider() -> str:
        release.wait(5)
        return TOKEN

    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await anyio.sleep(0.01)

    with respx.mock(base_url=BASE_URL, assert_all_called=False) as api:
        api.get("/tasks/7").mock(return_value=ok({"id": 7, "title": "T"}))
        async with AsyncWebWork(provider, workspace_id=1, timeout=0.5) as client:
            started = time.perf_counter()
            async with anyio.create_task_group() as group:
                group.start_soon(tick)
                with pytest.raises(TokenProviderError):
                    await client.tasks.get(7, project_id=100)
                group.cancel_scope.cancel()
            elapsed = time.perf_counter() - started
            release.set()
    assert elapsed < 3.0
    assert ticks >= 5  # the loop kept running while the provider hung


def test_a_hung_sync_provider_holds_no_other_thread_past_its_timeout() -> None:
    release = threading.Event()
    calls = 0

    def provider() -> str:
        nonlocal calls
        calls += 1
        release.wait(5)
        return TOKEN

    outcomes: list[BaseException | None] = []
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as api:
        api.get("/tasks/7").mock(return_value=ok({"id": 7, "title": "T"}))
        with WebWork(provider, workspace_id=1, timeout=0.5) as client:

            def call() -> None:
                try:
                    client.tasks.get(7, project_id=100)
                    outcomes.append(None)
                except BaseException as exc:
                    outcomes.append(exc)

            started = time.perf_counter()
            threads = [threading.Thread(target=call) for _ in range(3)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(5)
            elapsed = time.perf_counter() - started
            release.set()
    assert elapsed < 3.5
    assert len(outcomes) == 3
    assert all(isinstance(outcome, TokenProviderError) for outcome in outcomes)


def test_the_sync_deadline_reaches_the_sockets_of_the_clients_own_pools() -> None:
    from webwork_async._concurrency import http_transport
    from webwork_async._deadline_io import _DeadlineBackend

    transport = http_transport(httpx.Limits(max_connections=1), httpx.create_ssl_context())
    assert isinstance(transport._pool._network_backend, _DeadlineBackend)  # type: ignore[attr-defined]


def test_the_new_errors_pickle_and_say_what_happened() -> None:
    import pickle

    from webwork_async import ClientClosedError, WebWorkError

    for error in (TokenProviderError("the token provider failed"), ClientClosedError("closed")):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error)
        assert isinstance(copy, WebWorkError)
    assert isinstance(ClientClosedError("closed"), RuntimeError)


@pytest.mark.anyio
async def test_a_call_waiting_for_the_rate_budget_can_be_cancelled() -> None:
    from webwork_async._trace import CallTrace, current_trace

    with respx.mock(base_url=BASE_URL, assert_all_called=False) as api:
        route = api.get("/tasks/7").mock(
            return_value=httpx.Response(429, headers={"Retry-After": "30"}, json={})
        )
        async with AsyncWebWork(TOKEN, workspace_id=1) as client:
            trace = CallTrace()
            token = current_trace.set(trace)
            started = time.perf_counter()
            with anyio.move_on_after(0.3):
                await client.tasks.get(7, project_id=100)  # waits 30 s for the budget
            current_trace.reset(token)
            elapsed = time.perf_counter() - started
    assert elapsed < 2.0
    assert route.call_count == 1
    assert (trace.in_flight, trace.uncertain) == (False, False)  # cancelled while waiting


def test_every_error_pickles_with_all_its_arguments() -> None:
    # One __reduce__ rebuilds every error from the attributes named after its constructor's
    # arguments: each class must keep every argument, with the value it was given.
    import pickle

    from webwork_async import _errors

    given: dict[str, object] = {
        "message": "m",
        "field": "f",
        "problem": "p",
        "reason": "r",
        "status_code": 429,
        "method": "GET",
        "url": "https://api.example/tasks",
        "body": "b",
        "error": "e",
        "errors": {"name": ["is required"]},
        "request_id": "req-1",
        "retry_after": 2.5,
    }
    classes = [
        cls
        for cls in vars(_errors).values()
        if isinstance(cls, type) and issubclass(cls, _errors.WebWorkError)
    ]
    assert len(classes) == 17
    for cls in classes:
        if cls is _errors.WebWorkError:
            plain = pickle.loads(pickle.dumps(cls("plain")))
            assert type(plain) is cls and str(plain) == "plain"
            continue
        names = _errors._argument_names(cls)
        assert names
        error = cls(**{name: given[name] for name in names})
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is cls and str(copy) == str(error), cls
        for name in names:
            assert getattr(copy, name) == given[name], (cls, name)
