"""Fault injection, through the in-process transports and through the real server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any, Protocol

import httpx
import pytest

from webwork_async.testing import FakeServer, FakeWebWork, Faults

AUTH = {"Authorization": "Bearer test-token"}
WS = {"workspace_id": 1}
ASSIGN = "POST /tasks/{taskId}/assign/{userId}"


class Setup:
    def __init__(self, fake: FakeWebWork) -> None:
        self.fake = fake
        self.project_id = fake.add_project("P")
        self.user_id = fake.add_member("ann@example.com", "Ann", "Lee")
        self.task_id = fake.add_task(self.project_id, "T")

    @property
    def assign_path(self) -> str:
        return f"/tasks/{self.task_id}/assign/{self.user_id}"

    @property
    def scope(self) -> dict[str, int]:
        return {**WS, "project_id": self.project_id}


def faulty(kind: str, **options: Any) -> Setup:
    """A fake whose every request gets the ``kind`` fault."""
    return Setup(FakeWebWork(faults=Faults(rate=1.0, kinds=(kind,), **options)))


def post_json(client: httpx.Client, path: str, body: dict[str, int]) -> Any:
    response = client.post(path, json=body)
    response.raise_for_status()
    return response.json()


def in_process(fake: FakeWebWork, timeout: float = 5.0) -> httpx.Client:
    return httpx.Client(
        transport=fake.transport(), base_url=fake.base_url, headers=AUTH, timeout=timeout
    )


@pytest.fixture(params=["in-process", "server"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class Clients:
    """A client on the transport or on a real server, closed together."""

    def __init__(self, fake: FakeWebWork, mode: str, timeout: float) -> None:
        self.server: FakeServer | None = fake.serve() if mode == "server" else None
        if self.server is None:
            self.client = in_process(fake, timeout)
        else:
            self.client = httpx.Client(base_url=self.server.url, headers=AUTH, timeout=timeout)

    def close(self) -> None:
        self.client.close()
        if self.server is not None:
            self.server.close()


class Connect(Protocol):
    def __call__(self, fake: FakeWebWork, timeout: float = 5.0) -> httpx.Client: ...


@pytest.fixture
def connect(mode: str) -> Iterator[Connect]:
    """Clients on the in-process transport, then on a real server (both closed at teardown)."""
    opened: list[Clients] = []

    def open_client(fake: FakeWebWork, timeout: float = 5.0) -> httpx.Client:
        opened.append(Clients(fake, mode, timeout))
        return opened[-1].client

    yield open_client
    for clients in opened:
        clients.close()


@pytest.mark.parametrize("status", [500, 503, 504])
def test_json_error_faults(connect: Connect, status: int) -> None:
    setup = faulty(str(status), retry_after=7)
    client = connect(setup.fake)

    response = client.post(setup.assign_path, json=setup.scope)

    assert response.status_code == status
    assert response.json()["success"] is False
    assert response.json()["error"] == httpx.codes.get_reason_phrase(status)
    assert ("retry-after" in response.headers) is (status == 503)
    assert setup.fake.task_assignees(setup.task_id) == set()
    assert not setup.fake.applied
    assert setup.fake.stats.faults == {str(status): 1}


def test_502_is_an_html_proxy_page(connect: Connect) -> None:
    setup = faulty("502")
    client = connect(setup.fake)

    response = client.get("/workspaces")

    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "502 Bad Gateway" in response.text


def test_429_fault(connect: Connect) -> None:
    setup = faulty("429", retry_after=3)
    client = connect(setup.fake)

    response = client.get("/workspaces")

    assert response.status_code == 429
    assert response.headers["retry-after"] == "3"
    assert response.json()["message"] == "Too Many Attempts."
    assert setup.fake.stats.rate_limited == 0  # not the limiter


def test_html_fault(connect: Connect) -> None:
    setup = faulty("html")
    client = connect(setup.fake)

    response = client.get("/workspaces")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_drop(connect: Connect) -> None:
    setup = faulty("drop")
    client = connect(setup.fake)

    with pytest.raises(httpx.RemoteProtocolError, match="without sending"):
        client.post(setup.assign_path, json=setup.scope)
    assert not setup.fake.applied
    assert setup.fake.stats.by_status == {}
    assert setup.fake.stats.faults == {"drop": 1}


def test_truncate_in_process() -> None:
    setup = faulty("truncate")
    with in_process(setup.fake) as client:
        response = client.get("/workspaces")

    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_truncate_over_a_socket() -> None:
    setup = faulty("truncate")
    # the full Content-Length is announced, half the body arrives, then the server hangs up
    with (
        setup.fake.serve() as server,
        httpx.Client(base_url=server.url, headers=AUTH) as client,
        pytest.raises(httpx.RemoteProtocolError, match="without sending complete message body"),
    ):
        client.get("/workspaces")


def test_slow_times_out_the_read(connect: Connect) -> None:
    setup = faulty("slow", slow_seconds=2.0)
    client = connect(setup.fake, timeout=0.1)

    started = time.perf_counter()
    with pytest.raises(httpx.ReadTimeout):
        client.post(setup.assign_path, json=setup.scope)

    assert 0.09 < time.perf_counter() - started < 1.5
    assert not setup.fake.applied


def test_slow_without_timeout_answers_504_late(connect: Connect) -> None:
    setup = faulty("slow", slow_seconds=0.1)
    client = connect(setup.fake)

    started = time.perf_counter()
    response = client.post(setup.assign_path, json=setup.scope)

    assert time.perf_counter() - started >= 0.1
    assert response.status_code == 504
    assert not setup.fake.applied


@pytest.mark.parametrize("kind", ["drop", "500", "truncate"])
def test_after_applies_the_change_then_fails(connect: Connect, kind: str) -> None:
    setup = faulty(kind, after=True)
    client = connect(setup.fake)

    # whatever the client sees (no answer, a 500, broken JSON), the server did the work
    with pytest.raises((httpx.HTTPError, json.JSONDecodeError)):
        post_json(client, setup.assign_path, setup.scope)

    assert setup.fake.task_assignees(setup.task_id) == {setup.user_id}
    assert setup.fake.applied[("assign", (setup.task_id, setup.user_id))] == 1


def test_after_truncate_cuts_the_real_body() -> None:
    setup = faulty("truncate", after=True)
    with in_process(setup.fake) as client:
        response = client.post(setup.assign_path, json=setup.scope)

    assert response.text.startswith('{"success":true,"data":{"id":')
    assert setup.fake.applied[("assign", (setup.task_id, setup.user_id))] == 1


def test_slow_after_delivers_the_real_answer_late() -> None:
    setup = faulty("slow", after=True, slow_seconds=0.1)
    with in_process(setup.fake) as client:
        response = client.post(setup.assign_path, json=setup.scope)

    assert response.status_code == 200
    assert response.json()["data"]["user_id"] == setup.user_id


def test_faults_restricted_to_routes() -> None:
    setup = faulty("503", routes=(ASSIGN,))
    with in_process(setup.fake) as client:
        listed = client.get("/tasks", params=setup.scope)
        assigned = client.post(setup.assign_path, json=setup.scope)

    assert listed.status_code == 200
    assert assigned.status_code == 503
    assert setup.fake.stats.by_route[("POST", "/tasks/{taskId}/assign/{userId}")] == 1


def test_unknown_fault_route_or_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown routes"):
        FakeWebWork(faults=Faults(routes=("POST /tasks/{id}/assign",)))
    with pytest.raises(ValueError, match="unknown fault kinds"):
        Faults(kinds=("teapot",))


def test_fault_rate_is_seeded() -> None:
    def statuses(seed: int) -> list[int]:
        fake = FakeWebWork(seed=seed, faults=Faults(rate=0.3, kinds=("500", "503")))
        with in_process(fake) as client:
            return [client.get("/workspaces").status_code for _ in range(200)]

    first, again, other = statuses(1), statuses(1), statuses(2)

    assert first == again
    assert first != other
    assert 30 < sum(status != 200 for status in first) < 90


def test_fail_next_is_deterministic() -> None:
    setup = Setup(FakeWebWork())
    setup.fake.fail_next("503", times=2, route=ASSIGN)
    with in_process(setup.fake) as client:
        listed = client.get("/tasks", params=setup.scope)
        statuses = [client.post(setup.assign_path, json=setup.scope).status_code for _ in range(3)]

    assert listed.status_code == 200
    assert statuses == [503, 503, 200]
    assert setup.fake.stats.faults == {"503": 2}
    assert setup.fake.applied[("assign", (setup.task_id, setup.user_id))] == 1


def test_reset_stats() -> None:
    setup = Setup(FakeWebWork())
    setup.fake.fail_next("500")
    with in_process(setup.fake) as client:
        client.get("/workspaces")
        client.post(setup.assign_path, json=setup.scope)

    assert setup.fake.stats.requests == 2
    setup.fake.reset_stats()
    stats = setup.fake.stats
    assert (stats.requests, stats.rate_limited) == (0, 0)
    assert not (stats.by_route or stats.by_status or stats.faults or setup.fake.applied)
