# This file is generated from tests/_async/test_bulk_truth.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""Every state a bulk job reports is true of the server, whatever the server does.

Each test runs a job against the fake (in process, so every request handed to the transport
reaches it) and checks each item against what the fake actually applied.
"""

from __future__ import annotations

import httpx
import pytest
import respx

from support import TOKEN, fail, ok
from webwork_async import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    BulkItem,
    BulkResult,
    BulkStatus,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    TaskAssignment,
    WebWork,
)
from webwork_async._retry import RetryPolicy
from webwork_async.testing import FakeWebWork, Faults

ASSIGN = "POST /tasks/{taskId}/assign/{userId}"
UNASSIGN = "DELETE /tasks/{taskId}/unassign/{userId}"
ASSIGNEES = "GET /tasks/{taskId}/assignees"
READS = ("GET", "/tasks/{taskId}/assignees")


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    # Retries happen as in production, without the seconds of backoff between them.
    monkeypatch.setattr(RetryPolicy, "_backoff", lambda self, attempt: 0.0)


def connect(fake: FakeWebWork, **options: object) -> WebWork:
    http = httpx.Client(transport=fake.transport())
    return WebWork(fake.token, workspace_id=fake.workspace_id, http_client=http, **options)  # type: ignore[arg-type]


def job(fake: FakeWebWork, tasks: int, *, assigned: bool = False) -> tuple[int, int, list[int]]:
    project_id = fake.add_project("Website")
    user = fake.add_member("ann@example.com", "Ann", "Lee")
    ids = [
        fake.add_task(project_id, f"Task {i}", assignees=[user] if assigned else [])
        for i in range(tasks)
    ]
    return project_id, user, ids


def assert_true_of_the_server(
    fake: FakeWebWork, result: BulkResult[object], *, operation: str = "assign"
) -> None:
    """SUCCEEDED items were applied (once), FAILED and NOT_SENT ones never."""
    for item in result.items:
        applied = fake.applied[(operation, (item.task_id, item.user_id))]
        if item.status is BulkStatus.SUCCEEDED:
            assert applied == 1, item
        elif item.status in (BulkStatus.FAILED, BulkStatus.NOT_SENT):
            assert applied == 0, item


def test_a_lost_answer_then_502s_is_verified_as_succeeded() -> None:
    fake = FakeWebWork(seed=1)
    project_id, user, tasks = job(fake, 3)
    fake.fail_next("drop", route=ASSIGN, after=True)  # applied, answer lost
    fake.fail_next("502", times=3, route=ASSIGN)  # then every retry meets a proxy error
    heard: list[BulkItem[TaskAssignment]] = []
    with connect(fake, max_retries=3) as client:
        result = client.tasks.assign_many(
            [(t, user) for t in tasks], project_id=project_id, concurrency=1, on_item=heard.append
        )

    first = result.items[0]
    assert (first.status, first.verified, first.error, first.verify_error) == (
        BulkStatus.SUCCEEDED,
        True,
        None,
        None,
    )
    assert first.value == TaskAssignment(
        id=user,
        user_id=user,
        task_id=tasks[0],
        firstname="Ann",
        lastname="Lee",
        email="ann@example.com",
    )
    assert [item.status for item in result.items] == [BulkStatus.SUCCEEDED] * 3
    assert [item.verified for item in result.items] == [True, False, False]
    assert result.verified == [first]
    assert result.ok
    assert_true_of_the_server(fake, result)
    stats = fake.stats
    assert stats.by_route[("POST", "/tasks/{taskId}/assign/{userId}")] == 6  # 4 + 1 + 1
    assert stats.by_route[READS] == 1  # one read, for the one task in doubt
    # on_item heard each item once, the verified one last, with its final state.
    assert [item.index for item in heard] == [1, 2, 0]
    assert heard[-1] == first


def test_without_verification_the_doubt_stays_unknown() -> None:
    fake = FakeWebWork(seed=1)
    project_id, user, tasks = job(fake, 2)
    fake.fail_next("drop", route=ASSIGN, after=True)
    fake.fail_next("502", times=2, route=ASSIGN)
    with connect(fake) as client:
        result = client.tasks.assign_many(
            [(t, user) for t in tasks], project_id=project_id, concurrency=1, verify=False
        )
    doubt, fine = result.items
    assert doubt.status is BulkStatus.UNKNOWN
    assert isinstance(doubt.error, InternalServerError)
    assert doubt.error.status_code == 502
    assert (doubt.verified, doubt.value) == (False, None)
    assert fine.status is BulkStatus.SUCCEEDED
    assert result.counts() == {"succeeded": 1, "failed": 0, "not_sent": 0, "unknown": 1}
    assert fake.applied[("assign", (tasks[0], user))] == 1  # it was applied, after all
    assert fake.stats.by_route[READS] == 0
    assert result.verified == []


def test_an_unassign_applied_with_its_answer_lost_then_404_is_verified_as_succeeded() -> None:
    fake = FakeWebWork(seed=1)
    project_id, user, tasks = job(fake, 2, assigned=True)
    fake.fail_next("drop", route=UNASSIGN, after=True)
    with connect(fake) as client:
        pairs = [(t, user) for t in tasks]
        result = client.tasks.unassign_many(pairs, project_id=project_id, concurrency=1)
        unverified = client.tasks.unassign_many(pairs, project_id=project_id, verify=False)

    first, second = result.items
    assert (first.status, first.verified, first.value, first.error) == (
        BulkStatus.SUCCEEDED,
        True,
        None,
        None,
    )
    assert (second.status, second.verified) == (BulkStatus.SUCCEEDED, False)
    assert fake.task_assignees(tasks[0]) == fake.task_assignees(tasks[1]) == set()
    assert_true_of_the_server(fake, result, operation="unassign")
    # Unassigning again is a plain rejection (404), certainly not applied: FAILED, no read.
    assert [item.status for item in unverified.items] == [BulkStatus.FAILED] * 2
    assert all(isinstance(item.error, NotFoundError) for item in unverified.items)
    assert fake.stats.by_route[READS] == 1


def test_an_unassign_in_doubt_stays_unknown_without_verification() -> None:
    fake = FakeWebWork(seed=1)
    project_id, user, tasks = job(fake, 1, assigned=True)
    fake.fail_next("drop", route=UNASSIGN, after=True)
    with connect(fake) as client:
        result = client.tasks.unassign_many([(tasks[0], user)], project_id=project_id, verify=False)
    (item,) = result.items
    assert item.status is BulkStatus.UNKNOWN
    assert isinstance(item.error, NotFoundError)  # the retry's answer, which proves nothing
    assert fake.applied[("unassign", (tasks[0], user))] == 1


def test_a_request_that_never_applied_is_verified_as_failed() -> None:
    fake = FakeWebWork(seed=1)
    project_id, user, tasks = job(fake, 1)
    fake.fail_next("502", times=3, route=ASSIGN)  # a 5xx proves nothing either way
    with connect(fake) as client:
        result = client.tasks.assign_many([(tasks[0], user)], project_id=project_id)
    (item,) = result.items
    assert (item.status, item.verified, item.value) == (BulkStatus.FAILED, True, None)
    assert isinstance(item.error, APIStatusError)
    assert item.error.status_code == 502
    assert fake.task_assignees(tasks[0]) == set()
    assert result.verified == [item]


def test_a_failed_read_back_leaves_the_item_unknown_and_says_why() -> None:
    fake = FakeWebWork(seed=1)
    project_id, user, tasks = job(fake, 2)
    fake.fail_next("drop", route=ASSIGN, after=True)
    fake.fail_next("500", route=ASSIGNEES)
    with connect(fake, max_retries=0) as client:
        result = client.tasks.assign_many(
            [(t, user) for t in tasks], project_id=project_id, concurrency=1
        )
    doubt, fine = result.items
    assert (doubt.status, doubt.verified) == (BulkStatus.UNKNOWN, False)
    assert doubt.error is not None  # the assignment's own error, kept
    assert isinstance(doubt.error, APIConnectionError)  # the lost answer, not the read's 500
    assert isinstance(doubt.verify_error, InternalServerError)
    assert fine.status is BulkStatus.SUCCEEDED
    assert fake.stats.by_route[READS] == 1
    assert result.verified == []


def test_one_read_per_task_whatever_the_number_of_items_in_doubt() -> None:
    fake = FakeWebWork(seed=1)
    project_id = fake.add_project("Website")
    users = [fake.add_member(f"u{i}@example.com", f"U{i}", "Lee") for i in range(6)]
    first = fake.add_task(project_id, "First")
    second = fake.add_task(project_id, "Second")
    pairs = [(first, u) for u in users] + [(second, u) for u in users[:2]]
    fake.fail_next("drop", times=len(pairs), route=ASSIGN, after=True)
    with connect(fake, max_retries=0) as client:
        result = client.tasks.assign_many(pairs, project_id=project_id, concurrency=3)
    assert [item.status for item in result.items] == [BulkStatus.SUCCEEDED] * len(pairs)
    assert all(item.verified for item in result.items)
    assert [(i.value.task_id, i.value.user_id) for i in result.items if i.value] == pairs
    assert fake.stats.by_route[READS] == 2
    assert_true_of_the_server(fake, result)


@pytest.mark.parametrize("kind", ["drop", "502", "500", "truncate", "html"])
def test_under_heavy_lost_answers_every_item_is_settled_and_true(kind: str) -> None:
    fake = FakeWebWork(seed=3)
    project_id, user, tasks = job(fake, 60)
    fake.faults = Faults(rate=0.5, kinds=(kind,), after=True, routes=(ASSIGN,))
    with connect(fake, max_retries=1) as client:
        result = client.tasks.assign_many(
            [(t, user) for t in tasks], project_id=project_id, concurrency=8
        )
    # Every change was applied by the server, whatever became of the answers; no item is
    # left in doubt and none is reported failed.
    assert result.counts() == {"succeeded": 60, "failed": 0, "not_sent": 0, "unknown": 0}
    assert 0 < len(result.verified) < 60
    assert fake.stats.faults[kind] > 0
    assert_true_of_the_server(fake, result)


def test_with_faults_on_the_reads_too_nothing_is_reported_that_is_not_true() -> None:
    fake = FakeWebWork(seed=5)
    project_id, user, tasks = job(fake, 80)
    fake.faults = Faults(rate=0.4, kinds=("drop", "502"), after=True)
    with connect(fake, max_retries=0) as client:
        result = client.tasks.assign_many(
            [(t, user) for t in tasks], project_id=project_id, concurrency=8
        )
    counts = result.counts()
    assert counts["unknown"] > 0  # some reads failed too...
    for item in result.unknown:  # ...and each item left in doubt says why
        assert item.verify_error is not None
        assert item.error is not None
    assert counts["succeeded"] + counts["unknown"] == 80
    assert_true_of_the_server(fake, result)


def test_a_closed_client_sends_nothing_and_reports_every_item_not_sent() -> None:
    fake = FakeWebWork(seed=1)
    project_id, user, tasks = job(fake, 5)
    client = connect(fake)
    client.close()
    result = client.tasks.assign_many([(t, user) for t in tasks], project_id=project_id)
    assert [item.status for item in result.items] == [BulkStatus.NOT_SENT] * 5
    for item in result.items:
        assert isinstance(item.error, RuntimeError)  # ClientClosedError is one too
        assert "closed" in str(item.error)
    assert fake.stats.requests == 0


def test_a_failing_token_provider_stops_the_job_with_every_item_not_sent() -> None:
    fake = FakeWebWork(seed=1)
    project_id, user, tasks = job(fake, 20)
    calls: list[int] = []
    boom = LookupError("the vault is down")

    def provider() -> str:
        calls.append(1)
        raise boom

    http = httpx.Client(transport=fake.transport())
    with WebWork(provider, workspace_id=1, http_client=http) as client:
        result = client.tasks.assign_many(
            [(t, user) for t in tasks], project_id=project_id, concurrency=1
        )
    assert [item.status for item in result.items] == [BulkStatus.NOT_SENT] * 20
    for item in result.items:
        assert item.error is not None
        assert boom in (item.error, item.error.__cause__)
    assert len(calls) == 1  # the job stopped at the first failure
    assert fake.stats.requests == 0


def test_an_authentication_failure_stops_the_job() -> None:
    fake = FakeWebWork(seed=1)
    project_id, user, tasks = job(fake, 10)
    http = httpx.Client(transport=fake.transport())
    with WebWork("wrong-token", workspace_id=1, http_client=http) as client:
        result = client.tasks.assign_many(
            [(t, user) for t in tasks], project_id=project_id, concurrency=1
        )
    first, *rest = result.items
    assert first.status is BulkStatus.FAILED
    assert isinstance(first.error, AuthenticationError)
    assert [item.status for item in rest] == [BulkStatus.NOT_SENT] * 9
    assert all(item.error is first.error for item in rest)
    assert fake.stats.requests == 1


def test_a_connection_that_could_not_be_opened_is_not_sent() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    http = httpx.Client(transport=httpx.MockTransport(refuse))
    with WebWork("t", workspace_id=1, http_client=http, max_retries=1) as client:
        result = client.tasks.assign_many([(1, 2), (3, 4)], project_id=5)
    assert [item.status for item in result.items] == [BulkStatus.NOT_SENT] * 2
    assert all(item.error is not None for item in result.items)


def test_a_job_stopped_early_is_not_verified(api: respx.MockRouter) -> None:
    def lost(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("Server disconnected", request=request)

    assign = api.post(path__regex=r"/tasks/\d+/assign/\d+").mock(
        side_effect=[lost, fail(401, "Unauthenticated.")]
    )
    reads = api.get(path__regex=r"/tasks/\d+/assignees").mock(return_value=ok([]))
    with WebWork(TOKEN, workspace_id=1, max_retries=0) as client:
        result = client.tasks.assign_many(
            [(1, 7), (2, 7), (3, 7), (4, 7)], project_id=100, concurrency=1
        )
    doubt, rejected, *rest = result.items
    assert (doubt.status, doubt.verified) == (BulkStatus.UNKNOWN, False)
    assert isinstance(doubt.error, APIConnectionError)
    assert rejected.status is BulkStatus.FAILED
    assert isinstance(rejected.error, AuthenticationError)
    assert [(i.status, i.error) for i in rest] == [(BulkStatus.NOT_SENT, rejected.error)] * 2
    assert (assign.call_count, reads.call_count) == (2, 0)


def test_invalid_pairs_are_reported_with_zero_ids_and_never_sent(
    api: respx.MockRouter,
) -> None:
    route = api.post(path__regex=r"/tasks/\d+/assign/\d+").mock(return_value=ok({"id": 4}))
    with WebWork(TOKEN, workspace_id=1) as client:
        pairs: list[object] = [(0, 2), (1, "x"), (4,), (3, 4)]
        result = client.tasks.assign_many(pairs, project_id=100)  # type: ignore[arg-type]
        with pytest.raises(InvalidRequestError, match=r"^concurrency: must be an int >= 1, got 0$"):
            client.tasks.assign_many([(3, 4)], project_id=100, concurrency=0)
        one_at_a_time = client.tasks.assign_many([(3, 4)], project_id=100, concurrency=1)
    assert [(i.task_id, i.user_id, i.status) for i in result.items] == [
        (0, 0, BulkStatus.FAILED),
        (0, 0, BulkStatus.FAILED),
        (0, 0, BulkStatus.FAILED),
        (3, 4, BulkStatus.SUCCEEDED),
    ]
    assert one_at_a_time.ok
    assert route.call_count == 2
