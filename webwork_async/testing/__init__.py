"""A stateful in-memory fake of the WebWork Tracker REST API V2, for tests.

One workspace (members, projects, contracts, tasks, trackers, time entries, timesheets, time
requests, leaves, expenses, webhooks, ...) behind every documented endpoint under ``/api/v2``,
with the documented envelope; latency, a per-user rate limit, and random or scheduled faults
(transient ones, and a hostile server's: see ``Faults``) on demand. It needs httpx and anyio;
``respx`` and ``uvicorn`` only when asked for::

    from webwork_async.testing import FakeWebWork, Faults, RateLimit

    fake = FakeWebWork(token="test-token", rate_limit=RateLimit.documented())
    info = fake.seed_workspace(projects=1, tasks_per_project=500, members=10)
    async with httpx.AsyncClient(transport=fake.transport(), base_url=fake.base_url) as client:
        ...                            # or: with fake.serve() as server / with fake.mock()
    assert fake.applied[("assign", (task_id, user_id))] == 1
    assert fake.stats.by_route[("POST", "/tasks/{taskId}/assign/{userId}")] == 3

From a shell: ``python -m webwork_async.testing serve --port 8000 --tasks 10000``.
"""

from ._app import Stats
from ._asgi import FakeASGIApp
from ._config import Faults, RateLimit
from ._fake import FakeWebWork
from ._seed import SeedInfo
from ._server import FakeServer
from ._transport import FakeTransport

__all__ = [
    "FakeASGIApp",
    "FakeServer",
    "FakeTransport",
    "FakeWebWork",
    "Faults",
    "RateLimit",
    "SeedInfo",
    "Stats",
]
