"""A stateful in-memory fake of the WebWork Tracker REST API V2, for tests.

The fake keeps a workspace (members, projects, contracts, tasks with assignees, custom task
statuses, project viewers, running trackers, time entries, timesheets, time requests, leave
policies and leaves, expenses, webhooks, ...), serves every documented endpoint with a known
path under ``/api/v2`` (reports computed from the time entries) with the documented
envelope, and can add latency, a per-user rate limit and random or scheduled faults: the
transient ones of a real deployment, and those of a broken or hostile server (lying rate
headers, gzip bombs, endless pages, a body that trickles, a token echoed; see ``Faults``). It
depends only on httpx and anyio; ``respx`` and ``uvicorn`` are used when asked for.

In-process, with any httpx client::

    from webwork_async.testing import FakeWebWork, Faults, RateLimit

    fake = FakeWebWork(token="test-token", rate_limit=RateLimit.documented())
    info = fake.seed_workspace(projects=1, tasks_per_project=500, members=10)
    async with httpx.AsyncClient(transport=fake.transport(), base_url=fake.base_url) as client:
        response = await client.get(
            "/tasks",
            params={"workspace_id": 1, "project_id": info.project_ids[0]},
            headers={"Authorization": "Bearer test-token"},
        )

Over a real socket, or with respx patching every httpx client::

    with fake.serve() as server:       # server.url == "http://127.0.0.1:<port>/api/v2"
        ...
    with fake.mock():                  # https://api.webwork-tracker.com/api/v2/... is faked
        ...

Then assert on what the server saw::

    assert fake.applied[("assign", (task_id, user_id))] == 1
    assert fake.applied[("approve_timesheet", timesheet_id)] == 1
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
