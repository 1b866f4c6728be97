"""Fixtures for the fake server's own tests: a small known workspace and plain httpx clients.

These tests talk to ``webwork_async.testing`` with httpx only (never the SDK): the fake is
the oracle of the wire format, so it is checked against the documented examples directly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest

from webwork_async.testing import FakeWebWork

TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@dataclass(frozen=True)
class World:
    """What the ``world`` fixture seeded."""

    project_id: int
    other_project_id: int
    ann: int  # regular user with a contract on project_id, token "ann-token"
    bob: int  # project manager without contracts, token "bob-token"
    gone: int  # a former member (status "left"), token "gone-token"
    contract_id: int  # ann's contract on project_id
    task_id: int  # a task in project_id
    other_task_id: int  # a task in other_project_id


@pytest.fixture
def fake() -> FakeWebWork:
    return FakeWebWork(token=TOKEN)


@pytest.fixture
def world(fake: FakeWebWork) -> World:
    project_id = fake.add_project("Website", start_date="2024-01-15", deadline="2024-03-31")
    other_project_id = fake.add_project("Mobile App")
    ann = fake.add_member("ann@example.com", "Ann", "Lee")
    bob = fake.add_member("bob@example.com", "Bob", "Marley", role="Project manager")
    gone = fake.add_member("gone@example.com", "Gail", "Gone", status="left")
    fake.add_token("ann-token", ann)
    fake.add_token("bob-token", bob)
    fake.add_token("gone-token", gone)
    contract_id = fake.add_contract(project_id, ann, rate=25.0)
    task_id = fake.add_task(project_id, "Write docs", assignees=[ann])
    other_task_id = fake.add_task(other_project_id, "Ship app")
    return World(project_id, other_project_id, ann, bob, gone, contract_id, task_id, other_task_id)


@pytest.fixture
def client(fake: FakeWebWork) -> Iterator[httpx.Client]:
    """An owner's sync client on the in-process transport."""
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=AUTH) as c:
        yield c


@pytest.fixture
async def aclient(fake: FakeWebWork) -> AsyncIterator[httpx.AsyncClient]:
    """An owner's async client on the in-process transport."""
    transport = fake.transport()
    async with httpx.AsyncClient(transport=transport, base_url=fake.base_url, headers=AUTH) as c:
        yield c


@pytest.fixture
def client_for(fake: FakeWebWork) -> Iterator[Callable[[str], httpx.Client]]:
    """Sync clients authenticated with another token (closed at teardown)."""
    clients: list[httpx.Client] = []

    def make(token: str) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"}
        clients.append(
            httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=headers)
        )
        return clients[-1]

    yield make
    for c in clients:
        c.close()
