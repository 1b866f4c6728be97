"""Ctrl-C in a sync bulk job stops it promptly with an exact account."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from webwork_async import BulkInterrupted, BulkStatus, WebWork
from webwork_async.testing import FakeServer, FakeWebWork


def test_ctrl_c_in_a_sync_bulk_job(fake: FakeWebWork, server: FakeServer) -> None:
    fake.latency = 0.05
    project_id = fake.add_project("Website")
    user = fake.add_member("ann@example.com", "Ann", "Lee")
    pairs = [(fake.add_task(project_id=project_id, title=f"T{i}"), user) for i in range(400)]
    main = threading.main_thread().ident
    assert main is not None
    timer = threading.Timer(0.4, signal.pthread_kill, (main, signal.SIGINT))

    with WebWork(fake.token, workspace_id=1, base_url=server.url, max_concurrency=8) as client:
        timer.start()
        started = time.monotonic()
        with pytest.raises(BulkInterrupted) as info:
            client.tasks.assign_many(pairs, project_id=project_id)
        stopped_after = time.monotonic() - started
    timer.join()

    assert isinstance(info.value, KeyboardInterrupt)
    result = info.value.result
    assert stopped_after < 1.5  # promptly: the requests in flight finish, no new one starts
    assert [item.index for item in result.items] == list(range(400))
    counts = result.counts()
    assert counts["succeeded"] > 0
    assert counts["not_sent"] > 0
    assert counts["unknown"] == 0  # threads finish what they started: nothing is in doubt
    for item in result.items:
        applied = fake.applied[("assign", (item.task_id, item.user_id))]
        assert applied == (1 if item.status is BulkStatus.SUCCEEDED else 0)
