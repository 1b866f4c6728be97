# This file is generated from tests/_async/test_pool.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""The client's own HTTP/1.1 connection pool, against loopback servers that keep connections
alive, frame bodies every way HTTP/1.1 allows, close at the wrong moment, stall, or send heads
no client should read: what arrives, which connection it came on, and which httpx error says
what happened (the retry policy reads "not sent" or "maybe sent" from it)."""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterator

import httpx
import pytest
from pool_support import (
    CLOSE,
    ClientTransport,
    ConnectionPool,
    keep_alive_server,
    ok_answer,
    trusting_loopback,
    use_own_pool,
)

from webwork_async import APIConnectionError, WebWork
from webwork_async._concurrency import deadline, gather, sleep
from webwork_async._retry import NOT_SENT
from webwork_async.testing import FakeServer, FakeWebWork

CHUNKED = (
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"5;name=value\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n"
)


def pool_client(
    max_connections: int = 4, timeout: float = 5.0, keepalive_expiry: float = 5.0
) -> httpx.Client:
    pool = ConnectionPool(
        max_connections, httpx.create_ssl_context(), keepalive_expiry=keepalive_expiry
    )
    return httpx.Client(transport=pool, timeout=timeout)


def test_requests_one_after_another_share_one_connection() -> None:
    with keep_alive_server(lambda number, head, body: ok_answer(b"%d" % number)) as server:
        with pool_client() as http:
            bodies = [(http.get(server.url + "/a")).content for _ in range(3)]
    assert bodies == [b"0", b"1", b"2"]
    assert server.connections == 1
    assert server.requests[0][0].startswith(b"GET /a HTTP/1.1\r\n")
    assert f"host: 127.0.0.1:{server.port}".encode() in server.requests[0][0].lower()


def test_a_chunked_body_is_decoded_and_its_connection_reused() -> None:
    with keep_alive_server(lambda number, head, body: CHUNKED) as server:
        with pool_client() as http:
            first = http.get(server.url)
            second = http.get(server.url)
    assert first.content == second.content == b"hello world"
    assert server.connections == 1


def test_a_body_without_a_length_ends_with_the_connection() -> None:
    answer = b"HTTP/1.1 200 OK\r\n\r\nuntil the end" + CLOSE
    with keep_alive_server(lambda number, head, body: answer) as server:
        with pool_client() as http:
            assert (http.get(server.url)).content == b"until the end"
            assert (http.get(server.url)).content == b"until the end"
    assert server.connections == 2


@pytest.mark.parametrize("side", ["response", "request"])
def test_connection_close_from_either_side_is_honoured(side: str) -> None:
    extra = ("Connection: close",) if side == "response" else ()
    headers = {"Connection": "close"} if side == "request" else {}
    # The server would keep the connection open: the client must not use it again.
    with keep_alive_server(lambda number, head, body: ok_answer(b"x", *extra)) as server:
        with pool_client() as http:
            for _ in range(2):
                assert (http.get(server.url, headers=headers)).content == b"x"
    assert server.connections == 2


def test_an_idle_connection_the_server_closed_is_not_used() -> None:
    # The first answer claims keep-alive, then the server closes the connection anyway.
    with keep_alive_server(lambda number, head, body: ok_answer(b"%d" % number) + CLOSE) as server:
        with pool_client() as http:
            assert (http.get(server.url)).content == b"0"
            sleep(0.2)  # the server's FIN arrives
            assert (http.get(server.url)).content == b"1"
    assert server.connections == 2


def test_a_server_that_closes_after_the_request_is_maybe_sent() -> None:
    with keep_alive_server(
        lambda number, head, body: ok_answer() if number == 0 else None
    ) as server:
        with pool_client() as http:
            http.get(server.url)
            with pytest.raises(httpx.RemoteProtocolError) as info:
                http.post(server.url, json={"a": 1})
    assert not isinstance(info.value, NOT_SENT)  # it reached the server: maybe applied
    # The body as this httpx version encodes JSON (compact only since httpx 0.28).
    assert server.requests[1][1] == httpx.Request("POST", server.url, json={"a": 1}).content


def test_a_refused_connection_is_not_sent() -> None:
    with keep_alive_server(lambda number, head, body: ok_answer()) as server:
        url = server.url
    with pool_client() as http:
        with pytest.raises(httpx.ConnectError) as info:
            http.get(url)
    assert isinstance(info.value, NOT_SENT)


@pytest.mark.parametrize(
    ("head", "says"),
    [
        (b"X-Pad: " + b"a" * 70_000, "larger than 65536 bytes"),
        (b"\r\n".join(b"X-%d: 1" % n for n in range(200)), "more than 128 headers"),
        (b"Bad Header: 1", "malformed header line"),
    ],
    ids=["oversized", "too-many", "malformed"],
)
def test_a_hostile_head_is_a_protocol_error(head: bytes, says: str) -> None:
    answer = b"HTTP/1.1 200 OK\r\n" + head + b"\r\nContent-Length: 0\r\n\r\n"
    with keep_alive_server(lambda number, _head, body: answer) as server:
        with pool_client() as http:
            with pytest.raises(httpx.RemoteProtocolError, match=says):
                http.get(server.url)


def test_through_the_client_a_hostile_head_is_a_connection_error_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_own_pool(monkeypatch)
    answer = b"HTTP/1.1 200 OK\r\nX-Pad: " + b"a" * 70_000 + b"\r\nContent-Length: 0\r\n\r\n"
    with keep_alive_server(lambda number, _head, body: answer) as server:
        with WebWork("t0ken-secret", workspace_id=1, base_url=server.url, max_retries=0) as client:
            with pytest.raises(APIConnectionError, match="larger than 65536 bytes") as info:
                client.projects.get(1)
    assert "t0ken-secret" not in repr(info.value) + str(info.value)


def test_a_malformed_chunk_is_a_protocol_error() -> None:
    answer = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n"
    with keep_alive_server(lambda number, head, body: answer) as server:
        with pool_client() as http:
            with pytest.raises(httpx.RemoteProtocolError, match="chunk size"):
                http.get(server.url)


@pytest.mark.parametrize("enclosing", [None, 10.0], ids=["no-deadline", "longer-deadline"])
def test_a_body_that_stops_coming_is_a_read_timeout(enclosing: float | None) -> None:
    # With an attempt deadline longer than the read timeout around it, the read still times
    # out on its own (the pool skips a read's scope only when the deadline comes sooner).
    stalled = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n123"
    with keep_alive_server(lambda number, head, body: stalled) as server:
        with pool_client(timeout=0.3) as http:
            started = time.perf_counter()
            with deadline(enclosing), pytest.raises(httpx.ReadTimeout):
                http.get(server.url)
    assert time.perf_counter() - started < 2.0


def test_a_body_cut_short_is_a_protocol_error() -> None:
    cut = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n123" + CLOSE
    with keep_alive_server(lambda number, head, body: cut) as server:
        with pool_client() as http:
            with pytest.raises(httpx.RemoteProtocolError, match="whole body"):
                http.get(server.url)


def test_waiting_for_a_connection_is_bounded_by_the_pool_timeout() -> None:
    with keep_alive_server(lambda number, head, body: ok_answer(b"x")) as server:
        with pool_client(max_connections=1) as http:
            with http.stream("GET", server.url) as held:
                with pytest.raises(httpx.PoolTimeout):
                    http.get(server.url, timeout=httpx.Timeout(5.0, pool=0.1))
                assert held.status_code == 200
            assert (http.get(server.url)).content == b"x"
    # The held body was never read: its connection was closed, not given to the next request.
    assert server.connections == 2


def parts() -> Iterator[bytes]:
    yield b"ab"
    yield b""
    yield b"cd"


def test_a_streamed_request_body_goes_out_chunked() -> None:
    with keep_alive_server(lambda number, head, body: ok_answer()) as server:
        with pool_client() as http:
            http.post(server.url, content=parts())
            http.post(server.url, content=b"plain")
    (first_head, first_body), (second_head, second_body) = server.requests
    assert b"transfer-encoding: chunked" in first_head.lower() and first_body == b"abcd"
    assert b"content-length: 5" in second_head.lower() and second_body == b"plain"
    assert server.connections == 1


def test_the_clients_own_pool_serves_the_client_with_verified_tls(
    monkeypatch: pytest.MonkeyPatch, fake: FakeWebWork, server: FakeServer
) -> None:
    use_own_pool(monkeypatch)
    info = fake.seed_workspace(projects=1, tasks_per_project=30, members=2, days=0)
    with WebWork(fake.token, workspace_id=1, base_url=server.url) as client:
        transport = client._http._transport
        assert isinstance(transport, ClientTransport)
        tls = transport._own._tls
        assert tls.verify_mode is ssl.CERT_REQUIRED and tls.check_hostname
        tasks = client.tasks.list(project_id=info.project_ids[0], per_page=7).to_list()
        assert len(tasks) == 30
        client.tasks.assign(tasks[0].id, info.member_ids[0], project_id=info.project_ids[0])


def test_a_library_that_replaces_httpxs_transport_still_answers_the_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As pytest-httpx does; respx replaces httpcore's pool instead (the whole suite uses it).
    seen: list[httpx.Request] = []

    def answer(self: object, request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"success": True, "data": {"id": 5, "title": "t"}})

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", answer)
    url = "https://api.example.test/v2/"
    with WebWork("t0ken", workspace_id=1, base_url=url) as client:
        assert (client.tasks.get(5, project_id=2)).id == 5
    assert [str(request.url) for request in seen] == [url + "tasks/5?workspace_id=1&project_id=2"]


def test_a_connection_idle_longer_than_the_keepalive_expiry_is_not_used() -> None:
    with keep_alive_server(lambda number, head, body: ok_answer()) as server:
        with pool_client(keepalive_expiry=0.1) as http:
            http.get(server.url)
            sleep(0.2)
            http.get(server.url)
    assert server.connections == 2


def test_many_requests_at_once_share_the_connections_and_give_them_all_back() -> None:
    with keep_alive_server(lambda number, head, body: ok_answer(b"x")) as server:
        with pool_client(max_connections=4) as http:

            def get() -> bytes:
                return (http.get(server.url)).content

            assert gather([get] * 40, limit=8) == [b"x"] * 40
            pool = http._transport
            assert isinstance(pool, ConnectionPool) and pool.in_use() == 0
    assert server.connections <= 4


def test_https_keeps_its_connection_and_verifies_the_server() -> None:
    with keep_alive_server(
        lambda number, head, body: ok_answer(b"%d" % number), tls=True
    ) as server:
        pool = ConnectionPool(4, trusting_loopback())
        with httpx.Client(transport=pool) as http:
            bodies = [(http.get(server.url)).content for _ in range(2)]
        assert bodies == [b"0", b"1"] and server.connections == 1
        with pool_client() as untrusting:  # the usual CAs: this certificate is not one
            with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
                untrusting.get(server.url)
    assert len(server.requests) == 2  # nothing was sent over the untrusted connection


def test_a_proxy_from_the_environment_is_still_used(monkeypatch: pytest.MonkeyPatch) -> None:
    task = b'{"success": true, "data": {"id": 5, "title": "t"}}'
    with keep_alive_server(lambda number, head, body: ok_answer(task)) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        url = "http://api.example.test/v2/"
        with WebWork("t0ken", workspace_id=1, base_url=url, allow_http=True) as client:
            assert (client.tasks.get(5, project_id=2)).id == 5
    # The proxy got the request in absolute form: httpx's proxy transport sent it there.
    assert proxy.requests[0][0].startswith(
        b"GET http://api.example.test/v2/tasks/5?workspace_id=1&project_id=2 HTTP/1.1"
    )
