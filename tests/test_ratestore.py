"""The rate budget shared through Redis (``rate_store=``): its rules across clients, its key,
and what happens when the store fails. Against a real redis-server (tests/redisserver.py)."""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from redisserver import RedisServer, require_redis_py, running_redis

from support import run
from webwork_async import AsyncWebWork, InvalidRequestError, RateStoreError, WebWork, _ratestore
from webwork_async._ratelimit import MAX_LIMIT, RateHeaders, RateLimit, RateState
from webwork_async._ratestore import (
    AsyncRateStore,
    RateStore,
    StoreConfig,
    budget_key,
    parse_store_url,
)
from webwork_async.testing import FakeServer, FakeWebWork
from webwork_async.testing import RateLimit as FakeLimit

require_redis_py()

TOKEN = "wwk-secret-token-for-the-store"
BASE = "http://127.0.0.1:1/api/v2/"


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    with running_redis(tmp_path) as server:
        yield server


@pytest.fixture(autouse=True)
def _quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    # The store is tried again soon after a failure, so that rejoining takes no long wait.
    monkeypatch.setattr(_ratestore, "_BACKOFF_FIRST", 0.05)
    monkeypatch.setattr(_ratestore, "_BACKOFF_CAP", 0.1)


def store(server: RedisServer, token: str = TOKEN, **kwargs: bool) -> RateStore:
    return RateStore(StoreConfig(server.url, **kwargs), BASE, lambda: token)


def budget(limit: int = 5, window: float = 1.0) -> RateState:
    return RateState(RateLimit(limit, window))


def redis_client(server: RedisServer):  # type: ignore[no-untyped-def]
    import redis

    return redis.Redis.from_url(server.url)


# --- The URL, the key -------------------------------------------------------------------------


def test_the_url_comes_from_the_argument_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WEBWORK_RATE_STORE", raising=False)
    assert parse_store_url(None) is None
    monkeypatch.setenv("WEBWORK_RATE_STORE", "redis://env-host:6379/0")
    assert parse_store_url(None) == StoreConfig("redis://env-host:6379/0")
    assert parse_store_url("redis://arg:6379/1") == StoreConfig("redis://arg:6379/1")
    assert parse_store_url("local") is None  # the explicit "off", whatever the environment
    monkeypatch.setenv("WEBWORK_RATE_STORE", "local")
    assert parse_store_url(None) is None


def test_fail_closed_is_a_query_parameter_taken_off_the_url() -> None:
    config = parse_store_url("redis://h:6379/0?fail=closed&ssl_cert_reqs=none")
    assert config == StoreConfig("redis://h:6379/0?ssl_cert_reqs=none", fail_closed=True)
    assert parse_store_url("redis://h/0?fail=open") == StoreConfig("redis://h/0")
    with pytest.raises(InvalidRequestError, match="fail= must be 'open' or 'closed'"):
        parse_store_url("redis://h/0?fail=maybe")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("http://h:6379", "must be a redis://"),
        ("redis://", "names no host"),
        ("redis://h:port/0", "is not a valid URL"),
        (6379, "must be a redis:// URL"),
    ],
)
def test_a_bad_url_is_refused_before_anything_is_sent(value: object, problem: str) -> None:
    with pytest.raises(InvalidRequestError, match=problem) as caught:
        parse_store_url(value)
    assert caught.value.field == "rate_store"


def test_the_password_is_never_shown() -> None:
    config = parse_store_url("redis://user:hunter2@h:6379/0")
    assert config is not None
    assert "hunter2" not in repr(config)
    assert config.shown == "redis://user:***@h:6379/0"
    with pytest.raises(InvalidRequestError) as caught:
        parse_store_url("http://:hunter2@h:6379/0")
    assert "hunter2" not in str(caught.value)
    with WebWork(TOKEN, base_url=BASE, rate_store="redis://:hunter2@h:6379/0") as client:
        assert "hunter2" not in repr(client._limiter.store)
        assert TOKEN not in repr(client._limiter.store)


def test_the_key_is_a_hash_of_token_and_base_url_never_the_token() -> None:
    key = budget_key(TOKEN, BASE)
    assert key.startswith("webwork:rate:{") and TOKEN not in key
    assert key == budget_key(TOKEN, BASE)
    assert key != budget_key(TOKEN + "x", BASE)
    assert key != budget_key(TOKEN, "https://other.example/api/v2/")


def test_an_auth_object_cannot_name_the_budget() -> None:
    import httpx

    class Auth(httpx.Auth):
        pass

    with pytest.raises(InvalidRequestError, match="names the shared budget by the token"):
        WebWork(Auth(), rate_store="redis://h:6379/0")


# --- The rules, across clients ------------------------------------------------------------------


def test_the_first_request_of_a_cold_budget_goes_alone(redis_server: RedisServer) -> None:
    a, b = store(redis_server), store(redis_server)
    rate_a, rate_b = budget(), budget()
    assert a.delay(rate_a) == 0
    assert b.delay(rate_b) > 0  # the probe is out: wait for its answer
    a.observe(rate_a, RateHeaders(limit=5, remaining=4))
    assert b.delay(rate_b) == 0


def test_a_probe_whose_process_died_frees_the_budget_after_its_lease(
    redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_ratestore, "_PROBE_LEASE", 0.2)
    a, b = store(redis_server), store(redis_server)
    assert a.delay(budget()) == 0  # and never answered
    assert b.delay(budget()) > 0
    time.sleep(0.25)
    assert b.delay(budget()) == 0


def test_remaining_seen_by_one_client_is_seen_by_the_others(redis_server: RedisServer) -> None:
    a, b = store(redis_server), store(redis_server)
    rate_a, rate_b = budget(limit=5), budget(limit=5)
    a.observe(rate_a, RateHeaders(limit=5, remaining=0))  # somebody else spent it all
    assert rate_b.delay(time.monotonic()) == 0  # b alone would not know
    wait = b.delay(rate_b)
    assert 0.9 < wait <= 1.2  # the window (1 s) and the margin (0.1 s)


def test_a_limit_seen_by_one_client_is_seen_by_the_others(redis_server: RedisServer) -> None:
    a, b = store(redis_server), store(redis_server)
    auto_a, auto_b = RateState(None), RateState(None)
    a.observe(auto_a, RateHeaders(limit=2, remaining=2))
    assert [b.delay(auto_b) for _ in range(2)] == [0, 0]
    assert b.delay(auto_b) > 0  # b never saw a header; the shared limit of 2 holds it


def test_the_smallest_learned_window_is_shared_until_a_429_lengthens_it(
    redis_server: RedisServer,
) -> None:
    a, b = store(redis_server), store(redis_server)
    auto_a, auto_b = RateState(None), RateState(None)
    key = budget_key(TOKEN, BASE)
    client = redis_client(redis_server)
    # Each saw the response that opened a window: 10 s, and (a reset's rounding and the trip
    # there adding up to a second) 11 s. The later, longer estimate does not replace it.
    for rate, reset in ((auto_a, 10.5), (auto_b, 11.2)):
        rate.on_response(
            0.0, RateHeaders(limit=60, remaining=59, reset_after=reset), status_code=200
        )
    a.observe(auto_a, RateHeaders(limit=60, remaining=59))
    b.observe(auto_b, RateHeaders(limit=60, remaining=59))
    assert int(client.hget(key, "window")) == 10_000
    # a, paced by 10 s, is refused: its estimate grows by a second, and so does everybody's.
    auto_a.on_response(5.0, RateHeaders(limit=60, remaining=0), status_code=429)
    a.observe(auto_a, RateHeaders(limit=60, remaining=0))
    assert int(client.hget(key, "window")) == 11_000
    client.close()


def test_a_429_closes_the_gate_for_everybody(redis_server: RedisServer) -> None:
    a, b = store(redis_server), store(redis_server)
    rate_a, rate_b = budget(limit=100), budget(limit=100)
    a.observe(rate_a, RateHeaders(limit=100, remaining=99))
    a.hold(rate_a, 1.0)
    assert 0.8 < b.delay(rate_b) <= 1.0


def test_the_gate_is_capped_by_max_retry_wait(redis_server: RedisServer) -> None:
    a = store(redis_server)
    rate = RateState(RateLimit(100, 1.0), max_wait=0.5)
    a.observe(rate, RateHeaders())
    a.hold(rate, 3600.0)  # a Retry-After of an hour
    assert 0 < a.delay(rate) <= 0.5


def test_nothing_the_server_claims_grows_the_state(redis_server: RedisServer) -> None:
    a = store(redis_server)
    rate = RateState(None)
    a.observe(rate, RateHeaders(limit=10**12, remaining=0))
    a.observe(rate, RateHeaders(limit=10**12, remaining=0))
    client = redis_client(redis_server)
    key = budget_key(TOKEN, BASE)
    assert int(client.hget(key, "limit")) == MAX_LIMIT
    assert client.llen(f"{key}:sent") == 1  # one run-length entry, not a trillion sends
    assert 0 < client.pttl(key) <= 1000 * (rate.window + rate.margin + rate.max_wait + 1.0)
    assert client.pttl(f"{key}:sent") > 0
    client.close()


def test_a_skewed_local_clock_changes_nothing(
    redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = store(redis_server), store(redis_server)
    rate_a, rate_b = budget(limit=3), budget(limit=3)
    a.observe(rate_a, RateHeaders(limit=3, remaining=3))
    assert [a.delay(rate_a) for _ in range(3)] == [0, 0, 0]
    # b's process believes it is two hours later (or earlier): Redis's clock decides.
    for skew in (7200.0, -7200.0):
        real_monotonic, real_time = time.monotonic, time.time
        monkeypatch.setattr(time, "monotonic", lambda s=skew, m=real_monotonic: m() + s)
        monkeypatch.setattr(time, "time", lambda s=skew, t=real_time: t() + s)
        assert 0.8 < b.delay(rate_b) <= 1.1
        monkeypatch.undo()


def _one_send(url: str, start: threading.Barrier | None, barrier: object) -> float:
    barrier.wait()  # type: ignore[attr-defined]
    config = StoreConfig(url)
    return RateStore(config, BASE, lambda: TOKEN).delay(budget(limit=50))


def test_processes_starting_at_the_same_instant_send_one_probe(
    redis_server: RedisServer,
) -> None:
    context = multiprocessing.get_context("spawn")
    count = 4
    with context.Manager() as manager:
        barrier = manager.Barrier(count)
        with context.Pool(count) as pool:
            waits = pool.starmap(_one_send, [(redis_server.url, None, barrier)] * count)
    assert sorted(w == 0 for w in waits) == [False] * (count - 1) + [True]


# --- Whole clients against a strict fake ----------------------------------------------------------


def call(client: WebWork) -> None:
    """One request: the first (and only) page of the token's workspaces."""
    assert list(client.workspaces.list())


async def one_call(client: AsyncWebWork) -> None:
    assert [workspace async for workspace in client.workspaces.list()]


@pytest.fixture
def strict_fake() -> Iterator[tuple[FakeWebWork, FakeServer]]:
    """A fake that answers 429 to the 11th request in any 1 s window it opens."""
    fake = FakeWebWork(seed=5, rate_limit=FakeLimit(10, 1.0))
    with fake.serve() as server:
        yield fake, server


def test_sync_clients_sharing_a_store_never_exceed_the_limit(
    redis_server: RedisServer, strict_fake: tuple[FakeWebWork, FakeServer]
) -> None:
    fake, server = strict_fake
    clients = [
        WebWork(fake.token, workspace_id=1, base_url=server.url, rate_store=redis_server.url)
        for _ in range(3)
    ]

    def work(client: WebWork) -> None:
        for _ in range(8):
            call(client)

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - started
    for client in clients:
        client.close()
    assert fake.stats.rate_limited == 0
    assert fake.stats.requests == 24
    assert took >= 2.0  # 24 sends at 10 per second: three windows, whoever sent them


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.anyio
async def test_async_clients_sharing_a_store_never_exceed_the_limit(
    redis_server: RedisServer, strict_fake: tuple[FakeWebWork, FakeServer]
) -> None:
    fake, server = strict_fake
    clients = [
        AsyncWebWork(fake.token, workspace_id=1, base_url=server.url, rate_store=redis_server.url)
        for _ in range(3)
    ]

    async def work(client: AsyncWebWork) -> None:
        for _ in range(8):
            await one_call(client)

    async with anyio.create_task_group() as group:
        for client in clients:
            group.start_soon(work, client)
    for client in clients:
        await client.aclose()
    assert fake.stats.rate_limited == 0
    assert fake.stats.requests == 24


@pytest.mark.parametrize("anyio_backend", ["trio"])
@pytest.mark.anyio
async def test_the_async_store_says_it_needs_asyncio(
    redis_server: RedisServer, strict_fake: tuple[FakeWebWork, FakeServer]
) -> None:
    fake, server = strict_fake
    async with AsyncWebWork(
        fake.token, workspace_id=1, base_url=server.url, rate_store=redis_server.url
    ) as client:
        with pytest.raises(RateStoreError, match="needs asyncio"):
            await one_call(client)
    assert fake.stats.requests == 0


# --- The store failing ----------------------------------------------------------------------------


def _warnings(caplog: pytest.LogCaptureFixture, text: str) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "webwork_async" and r.levelno == logging.WARNING and text in r.getMessage()
    ]


@pytest.fixture
def lax_fake(
    strict_fake: tuple[FakeWebWork, FakeServer], caplog: pytest.LogCaptureFixture
) -> tuple[FakeWebWork, FakeServer]:
    """The fake with no rate limit (a fault test counts warnings, not 429s)."""
    strict_fake[0].rate_limit = None
    caplog.set_level(logging.WARNING, "webwork_async")
    return strict_fake


def survive(
    client: WebWork, redis_server: RedisServer, fault: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A request, the fault, requests served in-process with one warning; the store back,
    the next request rejoins it with one more."""
    call(client)
    redis_server.kill() if fault == "kill" else redis_server.stall()
    try:
        for _ in range(3):
            call(client)
            time.sleep(0.06)  # past the back-off: the store is tried (and fails) again
    finally:
        redis_server.start() if fault == "kill" else redis_server.cont()  # the same port
    assert len(_warnings(caplog, "unreachable")) == 1
    time.sleep(0.15)
    call(client)
    assert len(_warnings(caplog, "is back")) == 1


@pytest.mark.parametrize("fault", ["kill", "stall"])
def test_a_killed_or_stalled_store_falls_back_with_one_warning_and_is_rejoined(
    redis_server: RedisServer,
    lax_fake: tuple[FakeWebWork, FakeServer],
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    fake, server = lax_fake
    with WebWork(
        fake.token, workspace_id=1, base_url=server.url, rate_store=redis_server.url
    ) as client:
        survive(client, redis_server, fault, caplog)
        call(client)
    assert fake.stats.requests == 6
    keys = redis_client(redis_server).keys("*")
    assert keys  # the budget lives in the store again
    assert all(key.startswith(b"webwork:rate:{") for key in keys)
    for line in caplog.messages:
        assert fake.token not in line


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.anyio
async def test_a_stalled_store_times_out_falls_back_and_is_rejoined(
    redis_server: RedisServer,
    lax_fake: tuple[FakeWebWork, FakeServer],
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, server = lax_fake
    async with AsyncWebWork(
        fake.token, workspace_id=1, base_url=server.url, rate_store=redis_server.url
    ) as client:
        await one_call(client)
        redis_server.stall()
        try:
            for _ in range(3):
                await one_call(client)  # each store call times out; served in-process
        finally:
            redis_server.cont()
        assert len(_warnings(caplog, "unreachable (TimeoutError)")) == 1
        await anyio.sleep(0.15)
        await one_call(client)
        await one_call(client)
        assert len(_warnings(caplog, "is back")) == 1
    assert fake.stats.requests == 6


def test_failing_closed_raises_and_sends_nothing(
    redis_server: RedisServer,
    strict_fake: tuple[FakeWebWork, FakeServer],
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, server = strict_fake
    url = redis_server.url.replace("redis://", "redis://:hunter2@") + "?fail=closed"
    redis_server.kill()
    caplog.set_level(logging.WARNING, "webwork_async")
    with WebWork(fake.token, workspace_id=1, base_url=server.url, rate_store=url) as client:
        for _ in range(2):
            with pytest.raises(RateStoreError, match="fails closed") as caught:
                call(client)
            assert "hunter2" not in str(caught.value) and fake.token not in str(caught.value)
    assert fake.stats.requests == 0
    assert len(_warnings(caplog, "unreachable")) == 1
    assert all("hunter2" not in line for line in caplog.messages)


def test_the_async_store_fails_open_by_default_when_redis_is_absent(
    strict_fake: tuple[FakeWebWork, FakeServer], caplog: pytest.LogCaptureFixture
) -> None:
    fake, server = strict_fake
    caplog.set_level(logging.WARNING, "webwork_async")

    async def main() -> None:
        async with AsyncWebWork(
            fake.token, workspace_id=1, base_url=server.url, rate_store="redis://127.0.0.1:1/0"
        ) as client:
            assert isinstance(client._limiter.store, AsyncRateStore)
            await one_call(client)

    anyio.run(main)
    assert fake.stats.requests == 1
    assert len(_warnings(caplog, "unreachable")) == 1


def test_the_command_line_shares_the_budget_through_rate_store(
    redis_server: RedisServer,
    strict_fake: tuple[FakeWebWork, FakeServer],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake, server = strict_fake
    monkeypatch.setenv("WEBWORK_TOKEN", fake.token)
    common = ("--base-url", server.url, "--workspace-id", "1")
    code, _, err = run(capsys, *common, "--rate-store", redis_server.url, "workspaces", "list")
    assert code == 0, err
    assert redis_client(redis_server).keys("webwork:rate:*")  # it went through the store
    code, _, err = run(capsys, *common, "--rate-store", "http://h:1/0", "workspaces", "list")
    assert code == 2
    assert "rate_store" in err and "redis://" in err
    assert fake.stats.requests == 1
