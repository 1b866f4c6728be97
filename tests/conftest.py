from __future__ import annotations

from collections.abc import Iterator

import pytest
import respx

from support import BASE_URL
from webwork_async.testing import FakeServer, FakeWebWork


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Every async test runs on asyncio and on trio."""
    return str(request.param)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    """A respx router for the default base URL; any unmocked request fails the test."""
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router


@pytest.fixture(autouse=True)
def _no_client_settings_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's real token, API address or workspace must never leak into (or change) a
    # test: the clients read them when no argument is given.
    for name in ("WEBWORK_TOKEN", "WEBWORK_BASE_URL", "WEBWORK_WORKSPACE_ID", "WEBWORK_RATE_STORE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake() -> FakeWebWork:
    """A fresh fake workspace per test: nothing leaks from one test to the next."""
    return FakeWebWork(seed=7)


@pytest.fixture
def server(fake: FakeWebWork) -> Iterator[FakeServer]:
    """The fake served over real HTTP on 127.0.0.1, stopped after the test."""
    with fake.serve() as running:
        yield running
