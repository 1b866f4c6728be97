"""The hostile fault kinds (issue 10): what a client receives at the HTTP level.

Every kind is shown over the in-process transport and over the real socket server, with raw
httpx (never the SDK): these tests pin what the fake does, whatever a client makes of it.
"""

from __future__ import annotations

import json
import re
import struct
import time
import zlib
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol

import httpx
import pytest

from webwork_async.testing import FakeServer, FakeWebWork, Faults, RateLimit
from webwork_async.testing._config import FAULT_KINDS, HOSTILE_KINDS, PAGE_KINDS
from webwork_async.testing._hostile import BOMB_INFLATED_MIB, DEEP_JSON_DEPTH, PIECE_BYTES
from webwork_async.testing._server import Backend

TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WS = {"workspace_id": 1}
LIST_TASKS = "GET /tasks"
MIB = 1024 * 1024


class Setup:
    """A fake with one project, five tasks and a member to assign."""

    def __init__(self, fake: FakeWebWork) -> None:
        self.fake = fake
        self.project_id = fake.add_project("P")
        self.user_id = fake.add_member("ann@example.com", "Ann", "Lee")
        self.task_ids = [fake.add_task(self.project_id, f"T{n}") for n in range(5)]
        self.task_id = self.task_ids[0]

    @property
    def assign_path(self) -> str:
        return f"/tasks/{self.task_id}/assign/{self.user_id}"

    @property
    def scope(self) -> dict[str, int]:
        return {**WS, "project_id": self.project_id}

    def page(self, number: int, per_page: int = 2) -> dict[str, int]:
        return {**self.scope, "page": number, "per_page": per_page}

    @property
    def assigned(self) -> bool:
        return self.user_id in self.fake.task_assignees(self.task_id)


def faulty(kind: str, **options: Any) -> Setup:
    """A fake whose every request (every list request, for page kinds) gets ``kind``."""
    return Setup(FakeWebWork(faults=Faults(rate=1.0, kinds=(kind,), **options)))


@pytest.fixture(params=["in-process", "server"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class Connect(Protocol):
    def __call__(
        self, fake: FakeWebWork, timeout: float = 5.0, token: str = TOKEN
    ) -> httpx.Client: ...


@pytest.fixture
def connect(mode: str) -> Iterator[Connect]:
    """Clients on the in-process transport, then on a real server (closed at teardown)."""
    clients: list[httpx.Client] = []
    servers: list[FakeServer] = []

    def open_client(fake: FakeWebWork, timeout: float = 5.0, token: str = TOKEN) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"}
        if mode == "server":
            servers.append(fake.serve())
            client = httpx.Client(base_url=servers[-1].url, headers=headers, timeout=timeout)
        else:
            client = httpx.Client(
                transport=fake.transport(), base_url=fake.base_url, headers=headers, timeout=timeout
            )
        clients.append(client)
        return client

    yield open_client
    for client in clients:
        client.close()
    for server in servers:
        server.close()


def raw_body(
    client: httpx.Client, method: str, path: str, **kwargs: Any
) -> tuple[httpx.Response, list[bytes]]:
    """The response and its body exactly as sent, in the pieces it arrived in (not decoded)."""
    with client.stream(method, path, **kwargs) as response:
        return response, list(response.iter_raw())


# -- lying rate headers --------------------------------------------------------------------------


def test_retry_after_huge(connect: Connect) -> None:
    setup = faulty("retry_after_huge")
    client = connect(setup.fake)

    response = client.post(setup.assign_path, json=setup.scope)

    assert response.status_code == 429
    assert response.headers["retry-after"] == "1000000000"
    assert response.json()["message"] == "Too Many Attempts."
    assert not setup.assigned  # decided before the handler: nothing applied
    assert setup.fake.stats.faults == {"retry_after_huge": 1}
    assert setup.fake.stats.rate_limited == 0  # not the limiter


def test_retry_after_garbage_walks_through_unusable_values(connect: Connect) -> None:
    setup = faulty("retry_after_garbage")
    client = connect(setup.fake)

    responses = [client.get("/workspaces") for _ in range(5)]

    assert [r.status_code for r in responses] == [429] * 5
    assert [r.headers["retry-after"] for r in responses] == ["-5", "soon", "NaN", "", "-5"]
    assert setup.fake.stats.faults == {"retry_after_garbage": 5}


def test_reset_far_is_a_429_without_retry_after(connect: Connect) -> None:
    setup = faulty("reset_far")
    client = connect(setup.fake)

    response = client.get("/workspaces")

    assert response.status_code == 429
    assert "retry-after" not in response.headers
    assert response.headers["x-ratelimit-remaining"] == "0"
    years_ahead = (int(response.headers["x-ratelimit-reset"]) - time.time()) / (365.25 * 86400)
    assert 9.9 < years_ahead < 10.1


def test_limit_absurd_is_the_real_answer_with_lying_headers(connect: Connect) -> None:
    setup = faulty("limit_absurd")
    client = connect(setup.fake)

    response = client.post(setup.assign_path, json=setup.scope)

    # the lie rides on a real answer, so the handler runs even without after=True
    assert response.status_code == 200
    assert response.json()["data"]["user_id"] == setup.user_id
    assert setup.assigned
    assert response.headers["x-ratelimit-limit"] == "1000000000000"
    assert response.headers["x-ratelimit-remaining"] == "0"
    assert setup.fake.stats.faults == {"limit_absurd": 1}


def test_limit_absurd_replaces_the_limiters_headers() -> None:
    fake = FakeWebWork(rate_limit=RateLimit(limit=5, window=60))
    fake.fail_next("limit_absurd")
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=AUTH) as c:
        lying = c.get("/workspaces")
        honest = c.get("/workspaces")

    assert lying.headers.get_list("x-ratelimit-limit") == ["1000000000000"]
    assert honest.headers.get_list("x-ratelimit-limit") == ["5"]
    assert honest.headers["x-ratelimit-remaining"] == "3"  # the lying answer still counted


# -- bodies that hurt ----------------------------------------------------------------------------


def inflated_size(compressed: bytes, limit: int) -> int:
    """How many bytes the first ``limit`` compressed bytes inflate to, 1 MiB at a time."""
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    total = 0
    data = compressed[:limit]
    while data:
        total += len(inflater.decompress(data, MIB))
        data = inflater.unconsumed_tail
    return total


def test_gzip_bomb(connect: Connect) -> None:
    setup = faulty("gzip_bomb")
    client = connect(setup.fake)

    response, pieces = raw_body(client, "POST", setup.assign_path, json=setup.scope)
    compressed = b"".join(pieces)

    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"] == "application/json"
    assert int(response.headers["content-length"]) == len(compressed)
    assert 400_000 < len(compressed) < 600_000
    # the gzip trailer announces 500 MiB, and the start of the stream keeps that promise
    announced = struct.unpack("<I", compressed[-4:])[0]
    assert announced == (BOMB_INFLATED_MIB * MIB + 26) % 2**32
    assert inflated_size(compressed, 16_000) > 15 * MIB
    assert not setup.assigned


def test_gzip_bomb_starts_as_json() -> None:
    setup = faulty("gzip_bomb")
    with httpx.Client(transport=setup.fake.transport(), base_url=setup.fake.base_url) as client:
        _, pieces = raw_body(client, "GET", "/workspaces")

    head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(b"".join(pieces)[:2000], 64)
    assert head.startswith(b'{"success":true,"data":[]    ')


def test_gzip_corrupt(connect: Connect) -> None:
    setup = faulty("gzip_corrupt")
    client = connect(setup.fake)

    with pytest.raises(httpx.DecodingError):
        client.get("/workspaces")
    response, pieces = raw_body(client, "GET", "/workspaces")

    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert b"".join(pieces).startswith(b"\x1f\x8b\x08")  # a gzip header, then garbage
    assert setup.fake.stats.faults == {"gzip_corrupt": 2}


def test_deep_json(connect: Connect) -> None:
    setup = faulty("deep_json")
    client = connect(setup.fake)

    response = client.get("/workspaces")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.text.count("[") == response.text.count("]") == DEEP_JSON_DEPTH
    assert response.text.startswith('{"success":true,"data":[[[[')
    with pytest.raises(RecursionError):
        json.loads(response.text)


def test_huge_body_is_streamed_in_pieces(connect: Connect, mode: str) -> None:
    setup = faulty("huge_body", after=True)
    client = connect(setup.fake)

    with client.stream("GET", "/tasks", params=setup.scope) as response:
        sizes = [len(piece) for piece in response.iter_raw()]

    assert response.status_code == 200
    assert int(response.headers["content-length"]) == sum(sizes) == 64 * MIB
    if mode == "in-process":
        assert max(sizes) <= PIECE_BYTES  # never one 64 MiB buffer


def test_huge_body_is_valid_json_carrying_the_real_answer(connect: Connect) -> None:
    setup = faulty("huge_body", after=True, huge_body_bytes=MIB)
    client = connect(setup.fake)

    padded = client.post(setup.assign_path, json=setup.scope)
    setup.fake.faults = None
    honest = client.get("/tasks", params=setup.scope)

    assert len(padded.content) == MIB
    assert padded.json()["data"]["user_id"] == setup.user_id
    assert setup.assigned
    assert len(honest.content) < 10_000


def test_huge_body_without_after_is_a_huge_504(connect: Connect) -> None:
    setup = faulty("huge_body", huge_body_bytes=200_000)
    client = connect(setup.fake)

    response = client.post(setup.assign_path, json=setup.scope)

    assert response.status_code == 504
    assert len(response.content) == 200_000
    assert response.json()["message"] == "Gateway Timeout"
    assert not setup.assigned


# -- a slow drip ---------------------------------------------------------------------------------


def test_trickle_outlives_a_read_timeout(connect: Connect, mode: str) -> None:
    setup = faulty("trickle", trickle_seconds=0.004)
    client = connect(setup.fake, timeout=0.2)

    started = time.perf_counter()
    with client.stream("POST", setup.assign_path, json=setup.scope) as response:
        pieces = list(response.iter_raw())
    elapsed = time.perf_counter() - started
    body = b"".join(pieces)

    # every byte came within the read timeout, so the whole answer took far longer than it
    assert elapsed > max(0.2, len(body) * 0.004)
    assert response.status_code == 504
    assert json.loads(body)["message"] == "Gateway Timeout"
    assert not setup.assigned
    if mode == "in-process":
        assert {len(piece) for piece in pieces} == {1}


def test_trickle_after_delivers_the_real_answer() -> None:
    setup = faulty("trickle", after=True, trickle_seconds=0.0)
    with setup.fake.serve() as server, httpx.Client(base_url=server.url, headers=AUTH) as c:
        response = c.post(setup.assign_path, json=setup.scope)

    assert response.json()["data"]["user_id"] == setup.user_id
    assert setup.assigned


def test_trickle_slower_than_the_read_timeout_times_out_in_process() -> None:
    setup = faulty("trickle", trickle_seconds=0.3)
    with (
        httpx.Client(
            transport=setup.fake.transport(), base_url=setup.fake.base_url, timeout=0.05
        ) as client,
        pytest.raises(httpx.ReadTimeout),
    ):
        client.get("/workspaces")


@pytest.mark.anyio
async def test_trickle_async_in_process() -> None:
    setup = faulty("trickle", trickle_seconds=0.001)
    transport = setup.fake.transport()
    async with (
        httpx.AsyncClient(transport=transport, base_url=setup.fake.base_url) as client,
        client.stream("GET", "/workspaces", headers=AUTH) as response,
    ):
        pieces = [piece async for piece in response.aiter_raw()]

    assert response.status_code == 504
    assert len(pieces) == int(response.headers["content-length"]) > 50


# -- lies about pages ----------------------------------------------------------------------------


def test_pages_forever(connect: Connect) -> None:
    setup = faulty("pages_forever", routes=(LIST_TASKS,))
    client = connect(setup.fake)

    pages = [client.get("/tasks", params=setup.page(n)).json() for n in (1, 3, 4, 50)]

    claims = [
        (p["meta"]["pagination"]["current_page"], p["meta"]["pagination"]["last_page"])
        for p in pages
    ]
    assert claims == [(1, 2), (3, 4), (4, 5), (50, 51)]
    assert [len(p["data"]) for p in pages] == [2, 1, 0, 0]  # five tasks: pages 4+ are empty
    assert pages[3]["meta"]["pagination"]["total"] == 51 * 2
    assert setup.fake.stats.faults == {"pages_forever": 4}


def test_ignore_page_always_answers_page_one(connect: Connect) -> None:
    setup = faulty("ignore_page")
    client = connect(setup.fake)

    pages = [client.get("/tasks", params=setup.page(n)).json() for n in (1, 2, 3)]

    assert [[t["id"] for t in p["data"]] for p in pages] == [setup.task_ids[:2]] * 3
    assert {p["meta"]["pagination"]["current_page"] for p in pages} == {1}
    assert {p["meta"]["pagination"]["last_page"] for p in pages} == {3}  # honest otherwise


def test_last_page_huge(connect: Connect) -> None:
    setup = faulty("last_page_huge")
    client = connect(setup.fake)

    page = client.get("/tasks", params=setup.page(1)).json()

    assert page["meta"]["pagination"]["last_page"] == 10**9
    assert page["meta"]["pagination"]["total"] == 2 * 10**9
    assert [t["id"] for t in page["data"]] == setup.task_ids[:2]


def test_page_lies_follow_the_pagination_placement() -> None:
    setup = Setup(FakeWebWork(pagination="top"))
    setup.fake.fail_next("last_page_huge")
    with httpx.Client(
        transport=setup.fake.transport(), base_url=setup.fake.base_url, headers=AUTH
    ) as client:
        page = client.get("/tasks", params=setup.page(1)).json()

    assert page["pagination"]["last_page"] == 10**9


def test_page_faults_only_fault_list_routes() -> None:
    setup = faulty("pages_forever")
    setup.fake.fail_next("ignore_page")  # waits for the next list request
    with httpx.Client(
        transport=setup.fake.transport(), base_url=setup.fake.base_url, headers=AUTH
    ) as client:
        single = client.get(f"/tasks/{setup.task_id}", params=setup.scope)
        assigned = client.post(setup.assign_path, json=setup.scope)
        listed = client.get("/tasks", params=setup.page(2)).json()

    assert single.status_code == 200
    assert assigned.status_code == 200
    assert listed["meta"]["pagination"]["current_page"] == 1  # the scheduled ignore_page
    assert setup.fake.stats.faults == {"ignore_page": 1}


# -- the token echoed ----------------------------------------------------------------------------


def test_echo_token(connect: Connect) -> None:
    setup = faulty("echo_token")
    setup.fake.add_token("ann-secret-token", setup.user_id)
    client = connect(setup.fake, token="ann-secret-token")

    response = client.post(setup.assign_path, json=setup.scope)

    assert response.status_code == 401
    assert "ann-secret-token" in response.json()["message"]
    assert "ann-secret-token" in response.json()["error"]
    assert not setup.assigned


def test_echo_token_after_applies_the_change(connect: Connect) -> None:
    setup = faulty("echo_token", after=True)
    client = connect(setup.fake)

    response = client.post(setup.assign_path, json=setup.scope)

    assert response.status_code == 401
    assert TOKEN in response.text
    assert setup.assigned


# -- configuration -------------------------------------------------------------------------------


def test_hostile_kinds_are_never_drawn_by_default() -> None:
    assert Faults().kinds == FAULT_KINDS
    assert not set(FAULT_KINDS) & set(HOSTILE_KINDS)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"kinds": ("gzip-bomb",)}, "unknown fault kinds"),
        ({"trickle_seconds": -0.1}, "must not be negative"),
        ({"huge_body_bytes": 0}, "huge_body_bytes must be positive"),
    ],
)
def test_invalid_options_are_rejected(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Faults(**options)


def test_page_kinds_on_routes_that_are_not_lists_are_rejected() -> None:
    with pytest.raises(ValueError, match="list routes only"):
        FakeWebWork(faults=Faults(kinds=("pages_forever",), routes=("POST /tasks",)))
    fake = FakeWebWork()
    with pytest.raises(ValueError, match="list routes only"):
        fake.fail_next("ignore_page", route="GET /tasks/{taskId}")
    with pytest.raises(ValueError, match="huge_body_bytes"):
        fake.fail_next("huge_body", huge_body_bytes=-1)
    # mixed with other kinds, a page kind is simply skipped on routes that are not lists
    FakeWebWork(faults=Faults(kinds=("pages_forever", "500"), routes=("POST /tasks",)))


def test_random_hostile_faults_are_seeded_and_counted() -> None:
    def run(seed: int) -> tuple[list[int], dict[str, int]]:
        faults = Faults(rate=0.7, kinds=HOSTILE_KINDS, trickle_seconds=0.0, huge_body_bytes=4096)
        setup = Setup(FakeWebWork(seed=seed, faults=faults))
        statuses = []
        with httpx.Client(
            transport=setup.fake.transport(), base_url=setup.fake.base_url, headers=AUTH
        ) as client:
            for n in range(120):
                path = "/tasks" if n % 2 else f"/tasks/{setup.task_id}"
                with client.stream("GET", path, params=setup.scope) as response:
                    statuses.append(response.status_code)
        return statuses, dict(setup.fake.stats.faults)

    (first, counted), (again, _), (other, _) = run(1), run(1), run(2)

    assert first == again
    assert first != other
    assert set(counted) == set(HOSTILE_KINDS)
    assert sum(counted.values()) < 120
    assert sum(counted[kind] for kind in PAGE_KINDS) < 60  # lists only: every other request


# -- every adapter -------------------------------------------------------------------------------

ADAPTERS = ["transport", "respx", "asgi", "server", "uvicorn"]


@asynccontextmanager
async def adapter_client(fake: FakeWebWork, adapter: str) -> AsyncIterator[httpx.AsyncClient]:
    """An async client reaching ``fake`` through ``adapter``."""
    if adapter in ("server", "uvicorn"):
        backend: Backend = "uvicorn" if adapter == "uvicorn" else "builtin"
        if backend == "uvicorn":
            pytest.importorskip("uvicorn")
        with fake.serve(backend=backend) as server:
            async with httpx.AsyncClient(base_url=server.url, headers=AUTH) as client:
                yield client
    elif adapter == "respx":
        with fake.mock():
            async with httpx.AsyncClient(base_url=fake.base_url, headers=AUTH) as client:
                yield client
    else:
        transport: httpx.AsyncBaseTransport = (
            fake.transport() if adapter == "transport" else httpx.ASGITransport(fake.asgi_app)
        )
        async with httpx.AsyncClient(
            transport=transport, base_url=fake.base_url, headers=AUTH
        ) as client:
            yield client


LOST = {
    "assign": ("POST", "/tasks/{task}/assign/{user}", "assign"),
    "unassign": ("DELETE", "/tasks/{task}/unassign/{user}", "unassign"),
    "delete": ("DELETE", "/tasks/{task}", "delete_task"),
}


@pytest.mark.anyio
@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("operation", sorted(LOST))
async def test_lost_answer_applies_then_hangs_up(adapter: str, operation: str) -> None:
    setup = Setup(FakeWebWork())
    if operation == "unassign":
        setup.task_id = setup.fake.add_task(setup.project_id, "A", assignees=[setup.user_id])
    method, template, applied = LOST[operation]
    path = template.format(task=setup.task_id, user=setup.user_id)
    route = f"{method} {template.format(task='{taskId}', user='{userId}')}"
    setup.fake.fail_next("drop", route=route, after=True)

    async with adapter_client(setup.fake, adapter) as client:
        if adapter == "uvicorn":
            # ASGI cannot hang up before answering: uvicorn turns the drop into a 500
            lost = await client.request(method, path, json=setup.scope)
            assert lost.status_code == 500
        else:
            with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
                await client.request(method, path, json=setup.scope)
        retried = await client.request(method, path, json=setup.scope)

    key = setup.task_id if operation == "delete" else (setup.task_id, setup.user_id)
    assert setup.fake.applied[(applied, key)] == 1  # applied exactly once, answer lost
    assert setup.fake.stats.faults == {"drop": 1}
    # the retry meets the state the lost request left: assigned (200), gone (404)
    assert retried.status_code == (200 if operation == "assign" else 404)


@pytest.mark.anyio
@pytest.mark.parametrize("adapter", ADAPTERS)
async def test_trickle_over_every_adapter(adapter: str) -> None:
    fake = FakeWebWork()
    fake.fail_next("trickle", trickle_seconds=0.002)

    async with adapter_client(fake, adapter) as client:
        started = time.perf_counter()
        response = await client.get("/workspaces")
        elapsed = time.perf_counter() - started

    assert response.status_code == 504
    assert response.json()["message"] == "Gateway Timeout"
    assert elapsed >= len(response.content) * 0.002


@pytest.mark.anyio
@pytest.mark.parametrize("adapter", ADAPTERS)
async def test_bodies_that_hurt_over_every_adapter(adapter: str) -> None:
    fake = FakeWebWork()
    async with adapter_client(fake, adapter) as client:
        fake.fail_next("gzip_bomb")
        async with client.stream("GET", "/workspaces") as bomb:
            compressed = b"".join([piece async for piece in bomb.aiter_raw()])
        fake.fail_next("gzip_corrupt")
        # read raw: httpx's own DecodingError (tested above) leaves its generators unclosed,
        # which trio reports as a warning
        async with client.stream("GET", "/workspaces") as corrupt:
            broken = b"".join([piece async for piece in corrupt.aiter_raw()])
        fake.fail_next("huge_body", after=True, huge_body_bytes=4 * MIB)
        huge = await client.get("/workspaces")
        fake.fail_next("deep_json")
        deep = await client.get("/workspaces")

    assert bomb.headers["content-encoding"] == "gzip"
    assert int(bomb.headers["content-length"]) == len(compressed) < 600_000
    assert inflated_size(compressed, 16_000) > 15 * MIB
    assert corrupt.headers["content-encoding"] == "gzip"
    with pytest.raises(zlib.error, match="invalid block type"):
        zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(broken)
    assert len(huge.content) == 4 * MIB
    assert huge.json()["data"][0]["id"] == 1
    assert len(deep.content) > 2 * DEEP_JSON_DEPTH


# -- the documentation ---------------------------------------------------------------------------


def test_every_kind_is_documented_once_in_the_guide_and_the_docstring() -> None:
    guide = Path(__file__).resolve().parents[2] / "docs" / "guides" / "testing.md"
    page = guide.read_text(encoding="utf-8")
    section = page.split("## A server that misbehaves\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (`[^|]+`) \|", section, re.MULTILINE)
    documented = [kind for row in rows for kind in re.findall(r"`(\w+)`", row)]

    assert sorted(documented) == sorted(FAULT_KINDS + HOSTILE_KINDS)
    assert Faults.__doc__ is not None
    for kind in FAULT_KINDS + HOSTILE_KINDS:
        assert f'``"{kind}"``' in Faults.__doc__


@pytest.mark.parametrize("backend", ["builtin", "uvicorn"])
def test_a_client_that_gives_up_on_a_trickle_frees_the_server(backend: Backend) -> None:
    if backend == "uvicorn":
        pytest.importorskip("uvicorn")
    fake = FakeWebWork()
    fake.fail_next("trickle", trickle_seconds=0.1)  # about 14 s for the whole 504 body
    server = fake.serve(backend=backend)
    try:
        with (
            httpx.Client(base_url=server.url, headers=AUTH) as client,
            client.stream("GET", "/workspaces") as response,
        ):
            first = next(response.iter_raw())
    finally:
        started = time.perf_counter()
        server.close()

    assert first == b"{"
    assert time.perf_counter() - started < 5  # not the rest of the trickle
