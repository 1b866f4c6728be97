"""The ways to reach the fake: transports, respx, ASGI, the loopback server and seeding."""

from __future__ import annotations

import importlib.util
import socket
import sys
import threading
import time

import anyio
import httpx
import pytest

from webwork_async.testing import FakeWebWork, Faults

AUTH = {"Authorization": "Bearer test-token"}
WS = {"workspace_id": 1}


# -- in-process transport ----------------------------------------------------------------------


def test_sync_transport_sleeps_the_latency() -> None:
    fake = FakeWebWork(latency=0.05)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=AUTH) as c:
        started = time.perf_counter()
        response = c.get("/workspaces")

    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.05


@pytest.mark.anyio
async def test_async_transport_latency_does_not_serialize() -> None:
    fake = FakeWebWork(latency=0.1)
    transport = fake.transport()
    async with httpx.AsyncClient(transport=transport, base_url=fake.base_url, headers=AUTH) as c:
        started = time.perf_counter()
        async with anyio.create_task_group() as tg:
            for _ in range(50):
                tg.start_soon(c.get, "/workspaces")
        elapsed = time.perf_counter() - started

    assert 0.1 <= elapsed < 1.0
    assert fake.stats.by_status == {200: 50}


def test_latency_range_is_drawn_per_request() -> None:
    fake = FakeWebWork(latency=(0.0, 0.02), seed=3)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=AUTH) as c:
        durations = []
        for _ in range(10):
            started = time.perf_counter()
            c.get("/workspaces")
            durations.append(time.perf_counter() - started)

    assert max(durations) < 0.1
    assert len({round(d, 3) for d in durations}) > 1


def test_invalid_latency_is_rejected() -> None:
    with pytest.raises(ValueError, match="latency"):
        FakeWebWork(latency=(0.2, 0.1))


# -- respx ---------------------------------------------------------------------------------------


def test_respx_router_sync() -> None:
    fake = FakeWebWork()
    with fake.mock() as router, httpx.Client() as client:
        response = client.get(f"{fake.base_url}/workspaces", headers=AUTH)
        assert router.calls.call_count == 1  # respx forgets its calls on exit

    assert response.json()["data"][0]["id"] == 1


@pytest.mark.anyio
async def test_respx_router_async_with_latency_and_faults() -> None:
    fake = FakeWebWork(latency=0.05)
    project_id = fake.add_project("P")
    fake.fail_next("drop")
    with fake.mock("https://example.test/api/v2"):
        async with httpx.AsyncClient(base_url="https://example.test/api/v2", headers=AUTH) as c:
            with pytest.raises(httpx.RemoteProtocolError):
                await c.get("/workspaces")
            started = time.perf_counter()
            created = await c.post("/tasks", json={**WS, "project_id": project_id, "title": "t"})

    assert time.perf_counter() - started >= 0.05
    assert created.status_code == 201
    assert fake.stats.faults == {"drop": 1}


def test_respx_router_refuses_other_hosts() -> None:
    fake = FakeWebWork()
    with fake.mock(), httpx.Client() as client, pytest.raises(Exception, match="not mocked"):
        client.get("https://elsewhere.test/api/v2/workspaces")


# -- ASGI ----------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_asgi_app() -> None:
    fake = FakeWebWork(latency=0.01)
    project_id = fake.add_project("P")
    transport = httpx.ASGITransport(app=fake.asgi_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://fake/api/v2") as c:
        listed = await c.get("/projects", params=WS, headers=AUTH)
        unauthenticated = await c.get("/projects", params=WS)
        fake.fail_next("drop")
        with pytest.raises(httpx.RemoteProtocolError):
            await c.get("/projects", params=WS, headers=AUTH)
        fake.fail_next("truncate")
        truncated = await c.get("/projects", params=WS, headers=AUTH)

    assert [p["id"] for p in listed.json()["data"]] == [project_id]
    assert unauthenticated.status_code == 401
    assert len(truncated.content) < int(truncated.headers["content-length"])


@pytest.mark.anyio
async def test_asgi_lifespan() -> None:
    fake = FakeWebWork()
    sent: list[dict[str, object]] = []
    messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])

    async def receive() -> dict[str, object]:
        return next(messages)

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    await fake.asgi_app({"type": "lifespan"}, receive, send)

    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


# -- the loopback server -------------------------------------------------------------------------


def test_server_picks_a_free_port_and_keeps_connections_alive() -> None:
    fake = FakeWebWork()
    with fake.serve(port=0) as server, httpx.Client(base_url=server.url, headers=AUTH) as c:
        first = c.get("/workspaces")
        second = c.get("/members", params=WS)
        unknown = c.get(f"http://127.0.0.1:{server.port}/elsewhere")

    assert server.url == f"http://127.0.0.1:{server.port}/api/v2"
    assert server.port > 0
    assert first.status_code == second.status_code == 200
    assert unknown.status_code == 404
    assert first.headers["content-type"] == "application/json"
    assert fake.stats.requests == 3


def test_server_keep_alive_reuses_one_socket() -> None:
    fake = FakeWebWork()
    request = (
        b"GET /api/v2/workspaces HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-token\r\n\r\n"
    )
    with fake.serve() as server, socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.settimeout(5)
        replies = []
        for _ in range(3):
            sock.sendall(request)
            data = b""
            while b'"meta"' not in data or not data.endswith(b"}}"):
                data += sock.recv(65536)
            replies.append(data)

    assert all(reply.startswith(b"HTTP/1.1 200 OK\r\n") for reply in replies)


@pytest.mark.anyio
async def test_server_handles_connections_concurrently() -> None:
    fake = FakeWebWork(latency=0.2)
    with fake.serve() as server:
        limits = httpx.Limits(max_connections=40)
        async with httpx.AsyncClient(base_url=server.url, headers=AUTH, limits=limits) as c:
            started = time.perf_counter()
            async with anyio.create_task_group() as tg:
                for _ in range(40):
                    tg.start_soon(c.get, "/workspaces")
            elapsed = time.perf_counter() - started

    assert elapsed < 2.0  # serialized, 40 requests would take 8 s
    assert fake.stats.by_status == {200: 40}


def test_server_shutdown_closes_everything() -> None:
    threads_before = threading.active_count()
    fake = FakeWebWork(faults=Faults(rate=1.0, kinds=("slow",), slow_seconds=30))
    server = fake.serve()
    idle = socket.create_connection(("127.0.0.1", server.port))
    waiting = socket.create_connection(("127.0.0.1", server.port))
    waiting.sendall(b"GET /api/v2/workspaces HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(0.05)

    started = time.perf_counter()
    server.close()
    server.close()  # idempotent

    assert time.perf_counter() - started < 2
    assert threading.active_count() == threads_before
    for sock in (idle, waiting):
        sock.settimeout(2)
        assert sock.recv(1024) == b""  # the server hung up
        sock.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()


def test_server_survives_garbage() -> None:
    fake = FakeWebWork()
    with fake.serve() as server:
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.settimeout(2)
            sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            assert sock.recv(1024) == b""
        with httpx.Client(base_url=server.url, headers=AUTH) as c:
            assert c.get("/workspaces").status_code == 200


@pytest.mark.skipif(importlib.util.find_spec("uvicorn") is None, reason="uvicorn not installed")
def test_uvicorn_backend() -> None:
    fake = FakeWebWork()
    with fake.serve(backend="uvicorn") as server, httpx.Client(base_url=server.url) as c:
        response = c.get("/workspaces", headers=AUTH)

    assert server.backend == "uvicorn"
    assert response.json()["data"][0]["id"] == 1


def test_unknown_backend() -> None:
    with pytest.raises(ValueError, match="backend"):
        FakeWebWork().serve(backend="twisted")  # type: ignore[arg-type]


# -- seeding and reading the state ---------------------------------------------------------------


def test_seeding_ten_thousand_tasks() -> None:
    # How fast is for the benchmarks: a timed assertion here failed on a loaded machine.
    fake = FakeWebWork(seed=7)

    info = fake.seed_workspace(
        projects=1, tasks_per_project=10_000, members=50, custom_statuses=True
    )

    assert len(info.task_ids) == 10_000
    assert len(info.member_ids) == 50
    assert len(info.contract_ids) == 50
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=AUTH) as c:
        body = c.get("/tasks", params={**WS, "project_id": info.project_ids[0], "page": 500})
    assert body.json()["meta"]["pagination"]["last_page"] == 500
    assert len(body.json()["data"]) == 20


def test_seeding_is_deterministic() -> None:
    def snapshot(seed: int) -> list[tuple[str, int, int | None, list[int]]]:
        fake = FakeWebWork(seed=seed)
        fake.seed_workspace(tasks_per_project=50, members=5, custom_statuses=True)
        return [
            (t["title"], t["status"], t["priority"], [a["id"] for a in t["assignees"]])
            for t in fake.tasks.values()
        ]

    assert snapshot(1) == snapshot(1)
    assert snapshot(1) != snapshot(2)


def test_seeding_helpers_validate() -> None:
    fake = FakeWebWork()
    with pytest.raises(ValueError, match="role"):
        fake.add_member("a@x.io", "A", "B", role="Boss")
    with pytest.raises(KeyError):
        fake.add_task(1, "no such project")
    with pytest.raises(ValueError, match="end date"):
        fake.add_project("P", start_date="2024-02-01", deadline="2024-01-01")
    with pytest.raises(ValueError, match="base status"):
        fake.add_custom_status(10, "Doing")
    with pytest.raises(KeyError):
        fake.add_token("t", 424242)


def test_reading_state() -> None:
    fake = FakeWebWork()
    project_id = fake.add_project("P", budget=100)
    user_id = fake.add_member("a@x.io", "A", "B")
    task_id = fake.add_task(project_id, "T", assignees=[user_id], priority=10)

    assert fake.projects[project_id]["budget_estimation"] == 100
    assert fake.members[user_id]["email"] == "a@x.io"
    assert fake.task(task_id)["priority_name"] == "Urgent"
    assert fake.tasks[task_id]["assignees"][0]["id"] == user_id
    assert fake.task_assignees(task_id) == {user_id}
    assert fake.tracker(user_id) is None
    assert fake.contracts == {}
    with pytest.raises(KeyError):
        fake.task(1)


def test_mock_without_respx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "respx", None)  # an import of respx now fails
    with pytest.raises(ImportError, match=r"webwork-async\[testing\]"):
        FakeWebWork().mock()
