# This file is generated from tests/_async/test_integration.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""The SDK against the fake WebWork server over real loopback HTTP, end to end."""

from __future__ import annotations

from datetime import date

import pytest

from webwork_async import (
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    TaskPriority,
    TaskStatus,
    UnprocessableEntityError,
    WebWork,
)
from webwork_async import RateLimit as ClientRateLimit
from webwork_async.testing import FakeServer, FakeWebWork, RateLimit


def connect(fake: FakeWebWork, server: FakeServer, **options: object) -> WebWork:
    return WebWork(fake.token, workspace_id=fake.workspace_id, base_url=server.url, **options)  # type: ignore[arg-type]


def test_task_lifecycle(fake: FakeWebWork, server: FakeServer) -> None:
    project_id = fake.add_project("Website")
    ann = fake.add_member(email="ann@example.com", firstname="Ann", lastname="Lee")
    ben = fake.add_member(email="ben@example.com", firstname="Ben", lastname="Ode")

    with connect(fake, server) as client:
        task = client.tasks.create(
            project_id=project_id,
            title="Write docs",
            priority=TaskPriority.HIGH,
            start_date=date(2024, 1, 15),
            end_date="2024-01-30",
        )
        assert (task.title, task.priority, task.status) == (
            "Write docs",
            TaskPriority.HIGH,
            TaskStatus.OPEN,
        )
        assert task.start_date == date(2024, 1, 15)

        listed = client.tasks.list(project_id=project_id).to_list()
        assert [t.id for t in listed] == [task.id]

        assignment = client.tasks.assign(task.id, ann, project_id=project_id)
        assert (assignment.user_id, assignment.task_id) == (ann, task.id)
        client.tasks.assign(task.id, ben, project_id=project_id)
        assignees = client.tasks.assignees(task.id, project_id=project_id)
        assert {a.id for a in assignees} == {ann, ben}
        assert {a.firstname for a in assignees} == {"Ann", "Ben"}

        client.tasks.unassign(task.id, ann, project_id=project_id)
        assert fake.task_assignees(task.id) == {ben}

        updated = client.tasks.update(
            task.id, project_id=project_id, status=TaskStatus.DONE, description=None
        )
        assert updated.status is TaskStatus.DONE
        assert updated.completed_at is not None and updated.completed_at.tzinfo is not None

        client.tasks.delete(task.id, project_id=project_id)
        with pytest.raises(NotFoundError):
            client.tasks.get(task.id, project_id=project_id)
    assert fake.applied[("assign", (task.id, ann))] == 1


def test_custom_statuses_round_trip(fake: FakeWebWork, server: FakeServer) -> None:
    project_id = fake.add_project("Website")
    fake.add_custom_status(11, "In Review")
    review = fake.add_task(project_id=project_id, title="Review", status=11)
    fake.add_task(project_id=project_id, title="Plain", status=10)
    with connect(fake, server) as client:
        task = client.tasks.get(review, project_id=project_id)
        assert task.status == 11
        assert task.status.base is TaskStatus.IN_PROGRESS
        in_review = client.tasks.list(project_id=project_id, status=task.status).to_list()
        assert [t.id for t in in_review] == [review]
        with pytest.raises(InvalidRequestError, match="custom status"):
            client.tasks.update(review, project_id=project_id, status=task.status)


def test_listing_thousands_of_tasks_over_many_pages(fake: FakeWebWork, server: FakeServer) -> None:
    info = fake.seed_workspace(projects=1, tasks_per_project=2_345, members=5)
    project_id = info.project_ids[0]
    with connect(fake, server) as client:
        tasks = client.tasks.list(project_id=project_id).to_list()
        pages = [page for page in client.tasks.list(project_id=project_id, per_page=50).pages()]
    assert [t.id for t in tasks] == sorted(info.task_ids)
    assert len(pages) == 47
    assert pages[-1].last_page == 47
    assert [p.number for p in pages] == list(range(1, 48))


def test_project_lifecycle(fake: FakeWebWork, server: FakeServer) -> None:
    with connect(fake, server) as client:
        project = client.projects.create(
            name="Marketing Campaign Q1",
            start_date="2024-01-15",
            deadline="2024-03-31",
            budget=5000,
        )
        assert project.budget_estimation == 5000
        renamed = client.projects.update(project.id, name="Marketing Q1", notes=None)
        assert renamed.name == "Marketing Q1"
        assert [p.name for p in client.projects.list(name="marketing").to_list()] == [
            "Marketing Q1"
        ]
        assert (client.projects.get(project.id)).id == project.id
        client.projects.delete(project.id)
        with pytest.raises(NotFoundError):
            client.projects.get(project.id)


def test_time_tracking_start_and_stop(fake: FakeWebWork, server: FakeServer) -> None:
    project_id = fake.add_project("Website")
    ann = fake.add_member(email="ann@example.com", firstname="Ann", lastname="Lee")
    contract_id = fake.add_contract(project_id=project_id, user_id=ann)
    task_id = fake.add_task(project_id=project_id, title="Write docs")
    with connect(fake, server) as client:
        started = client.time_tracking.start(
            user_id=ann, contract_id=contract_id, task_id=task_id, activity_description="Docs"
        )
        assert (started.contract_id, started.project_id, started.task_id) == (
            contract_id,
            project_id,
            task_id,
        )
        assert started.start_time.tzinfo is not None
        with pytest.raises(Exception, match="already"):
            client.time_tracking.start(user_id=ann, contract_id=contract_id)
        stopped = client.time_tracking.stop(ann)
        assert stopped.stopped_at >= started.start_time
    assert fake.tracker(ann) is None


def test_bulk_assign_then_unassign(fake: FakeWebWork, server: FakeServer) -> None:
    info = fake.seed_workspace(projects=1, tasks_per_project=300, members=10)
    project_id = info.project_ids[0]
    # Newcomers: seeded tasks already have assignees, and assigning again changes nothing.
    users = [fake.add_member(f"new{i}@example.com", "New", f"Member {i}") for i in range(3)]
    pairs = [(task_id, users[i % len(users)]) for i, task_id in enumerate(info.task_ids)]
    pairs.append((999_999, users[0]))
    with connect(fake, server, max_concurrency=32) as client:
        result = client.tasks.assign_many(pairs, project_id=project_id)
        assert len(result.succeeded) == 300
        assert [item.index for item in result.failed] == [300]
        assert isinstance(result.failed[0].error, NotFoundError)
        undone = client.tasks.unassign_many(pairs[:300], project_id=project_id)
        assert undone.ok
    for task_id, user_id in pairs[:300]:
        assert fake.applied[("assign", (task_id, user_id))] == 1
        assert fake.applied[("unassign", (task_id, user_id))] == 1
        assert user_id not in fake.task_assignees(task_id)


def test_a_wrong_token_is_an_authentication_error(fake: FakeWebWork, server: FakeServer) -> None:
    project_id = fake.add_project("Website")
    with WebWork("not-the-token", workspace_id=1, base_url=server.url) as client:
        with pytest.raises(AuthenticationError) as info:
            client.projects.get(project_id)
    assert info.value.status_code == 401


def test_field_errors_come_back_as_unprocessable(fake: FakeWebWork, server: FakeServer) -> None:
    project_id = fake.add_project("Website")
    with connect(fake, server) as client:
        with pytest.raises(UnprocessableEntityError) as info:
            client.tasks.create(project_id=project_id, title="x", assignees=[424242])
    assert info.value.status_code == 422
    assert "assignees" in str(info.value.errors)


def test_429_retry_after_is_honoured(fake: FakeWebWork, server: FakeServer) -> None:
    fake.rate_limit = RateLimit(limit=3, window=0.5)
    project_id = fake.add_project("Website")
    # Pacing off: the client does not know the budget, so it meets the server's 429 and
    # waits it out (Retry-After) instead of failing.
    with connect(fake, server, rate_limit=None, max_concurrency=1, max_retries=5) as client:
        for _ in range(4):
            client.projects.get(project_id)
    assert fake.stats.rate_limited == 1
    assert fake.stats.by_status[200] == 4


def test_a_paced_client_meets_no_429(fake: FakeWebWork, server: FakeServer) -> None:
    fake.rate_limit = RateLimit(limit=8, window=0.3)
    info = fake.seed_workspace(projects=1, tasks_per_project=20, members=3)
    newcomer = fake.add_member("new@example.com", "New", "Member")
    pairs = [(task_id, newcomer) for task_id in info.task_ids]
    budget = ClientRateLimit(limit=8, window=0.3)
    with connect(fake, server, max_concurrency=16, rate_limit=budget) as client:
        result = client.tasks.assign_many(pairs, project_id=info.project_ids[0])
    assert result.ok
    assert fake.stats.rate_limited == 0


def test_a_retry_after_longer_than_the_cap_is_raised(fake: FakeWebWork, server: FakeServer) -> None:
    fake.rate_limit = RateLimit(limit=1, window=3600.0)
    project_id = fake.add_project("Website")
    with connect(fake, server, rate_limit=None) as client:
        client.projects.get(project_id)
        with pytest.raises(RateLimitError) as info:
            client.projects.get(project_id)
    assert info.value.retry_after is not None
    assert info.value.retry_after > 60
