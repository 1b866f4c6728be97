# This file is generated from tests/_async/test_bulk.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""Bulk assignment: every input accounted for exactly once, whatever happens to it."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from support import TOKEN, fail, ok
from webwork_async import (
    BulkError,
    BulkProgress,
    BulkStatus,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    WebWork,
)

ASSIGN = r"/tasks/(?P<task_id>\d+)/assign/(?P<user_id>\d+)"
UNASSIGN = r"/tasks/(?P<task_id>\d+)/unassign/(?P<user_id>\d+)"


def assigned(request: httpx.Request, task_id: str, user_id: str) -> httpx.Response:
    if int(task_id) % 10 == 0:
        return fail(404, "Task not found")
    if int(user_id) == 666:
        return fail(403, "You cannot assign this member")
    return ok({"id": int(user_id), "firstname": "Ann"}, "Task assigned successfully")


def test_every_pair_is_in_the_result_once_in_input_order(api: respx.MockRouter) -> None:
    route = api.post(path__regex=ASSIGN).mock(side_effect=assigned)
    pairs = [(task_id, 7) for task_id in range(1, 201)]
    with WebWork(TOKEN, workspace_id=1, max_concurrency=16) as client:
        result = client.tasks.assign_many(pairs, project_id=100)

    assert [(item.task_id, item.user_id) for item in result.items] == pairs
    assert [item.index for item in result.items] == list(range(200))
    assert len(result.succeeded) == 180
    assert len(result.failed) == 20
    assert result.counts() == {"succeeded": 180, "failed": 20, "not_sent": 0, "unknown": 0}
    assert not result.ok
    assert route.call_count == 200
    first = result.succeeded[0]
    assert first.value is not None
    assert (first.value.task_id, first.value.user_id) == (1, 7)
    body = json.loads(route.calls[0].request.content)
    assert body == {"workspace_id": 1, "project_id": 100}


def test_permanent_failures_carry_the_server_message_and_are_not_retried(
    api: respx.MockRouter,
) -> None:
    route = api.post(path__regex=ASSIGN).mock(side_effect=assigned)
    with WebWork(TOKEN, workspace_id=1, max_retries=3) as client:
        result = client.tasks.assign_many([(10, 1), (3, 666), (4, 1)], project_id=100)

    missing, forbidden, fine = result.items
    assert isinstance(missing.error, NotFoundError)
    assert missing.error.message == "Task not found"
    assert isinstance(forbidden.error, PermissionDeniedError)
    assert fine.status is BulkStatus.SUCCEEDED
    assert route.call_count == 3


def test_transient_failures_are_retried_under_the_client_policy(
    api: respx.MockRouter,
) -> None:
    limited = fail(429, "Too Many Attempts.")
    limited.headers["Retry-After"] = "0"
    route = api.post(path__regex=ASSIGN).mock(
        side_effect=[limited, ok({"id": 1}), limited, ok({"id": 2})]
    )
    with WebWork(TOKEN, workspace_id=1, max_concurrency=1) as client:
        result = client.tasks.assign_many([(1, 1), (2, 2)], project_id=100)
    assert result.ok
    assert route.call_count == 4


def test_invalid_pairs_fail_alone_and_are_never_sent(api: respx.MockRouter) -> None:
    route = api.post(path__regex=ASSIGN).mock(side_effect=assigned)
    pairs: list[object] = [(1, 2), (0, 2), ("3", 2), (4,), None, (5, 6)]
    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.tasks.assign_many(pairs, project_id=100)  # type: ignore[arg-type]

    statuses = [item.status for item in result.items]
    assert statuses == [BulkStatus.SUCCEEDED] + [BulkStatus.FAILED] * 4 + [BulkStatus.SUCCEEDED]
    fields = [
        item.error.field for item in result.failed if isinstance(item.error, InvalidRequestError)
    ]
    assert fields == ["pairs[1].task_id", "pairs[2].task_id", "pairs[3]", "pairs[4]"]
    assert route.call_count == 2


def test_bad_arguments_to_the_job_itself_raise_before_sending(
    api: respx.MockRouter,
) -> None:
    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError, match="project_id"):
            client.tasks.assign_many([(1, 2)], project_id=0)
        with pytest.raises(InvalidRequestError, match="pairs"):
            client.tasks.assign_many("1,2", project_id=1)  # type: ignore[arg-type]
        with pytest.raises(InvalidRequestError, match="concurrency"):
            client.tasks.assign_many([(1, 2)], project_id=1, concurrency=0)
    assert api.calls.call_count == 0


def test_progress_reports_count_up_to_the_total(api: respx.MockRouter) -> None:
    api.post(path__regex=ASSIGN).mock(side_effect=assigned)
    reports: list[BulkProgress] = []
    items: list[int] = []
    with WebWork(TOKEN, workspace_id=1) as client:
        client.tasks.assign_many(
            [(t, 1) for t in range(1, 31)],
            project_id=100,
            on_progress=reports.append,
            on_item=lambda item: items.append(item.index),
        )
    assert [r.done for r in reports] == list(range(1, 31))
    assert reports[-1].failed == 3
    assert reports[-1].total == 30
    assert reports[-1].eta == 0
    assert sorted(items) == list(range(30))


def test_raise_on_error_raises_with_the_whole_result(api: respx.MockRouter) -> None:
    api.post(path__regex=ASSIGN).mock(side_effect=assigned)
    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(BulkError, match="1 of 3 failed") as info:
            client.tasks.assign_many([(1, 1), (10, 1), (2, 1)], project_id=100, raise_on_error=True)
        ok_result = client.tasks.assign_many([(1, 1)], project_id=100, raise_on_error=True)
    assert len(info.value.result.items) == 3
    assert ok_result.ok


def test_unassign_many(api: respx.MockRouter) -> None:
    route = api.delete(path__regex=UNASSIGN).mock(return_value=ok(None))
    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.tasks.unassign_many([(1, 2), (3, 4)], project_id=100)
    assert result.ok
    assert [item.value for item in result.items] == [None, None]
    assert route.call_count == 2


def test_an_empty_job_is_fine(api: respx.MockRouter) -> None:
    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.tasks.assign_many([], project_id=100)
    assert result.items == ()
    assert result.ok
