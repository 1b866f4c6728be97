# This file is generated from tests/_async/test_integration_api.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""The rest of the API against the fake over loopback: each resource's main flow end to end.

A new resource's flow goes into its own test module (as ``test_webhooks.py``'s does); the
``fake`` and ``server`` fixtures are in ``conftest.py``."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from webwork_async import NotFoundError, UnprocessableEntityError, WebWork
from webwork_async.models import MemberRole, TimesheetStatus
from webwork_async.testing import FakeServer, FakeWebWork, SeedInfo


def connect(fake: FakeWebWork, server: FakeServer) -> WebWork:
    return WebWork(fake.token, workspace_id=fake.workspace_id, base_url=server.url)


@pytest.fixture
def seeded(fake: FakeWebWork) -> SeedInfo:
    return fake.seed_workspace(projects=2, tasks_per_project=10, members=4, days=7)


def test_workspaces(fake: FakeWebWork, server: FakeServer) -> None:
    with connect(fake, server) as client:
        workspaces = client.workspaces.list().to_list()
    assert [w.id for w in workspaces] == [fake.workspace_id]


def test_members_flow(fake: FakeWebWork, server: FakeServer, seeded: SeedInfo) -> None:
    with connect(fake, server) as client:
        invitation = client.members.invite(
            email="new.hire@example.com",
            firstname="New",
            lastname="Hire",
            role=MemberRole.REGULAR_USER,
        )
        member = client.members.get(invitation.user_id)
        assert (member.email, member.firstname) == ("new.hire@example.com", "New")
        client.members.update(invitation.user_id, lastname="Hired", weekly_hours_limit=20)
        found = client.members.list(email="new.hire@example.com").to_list()
        assert [m.lastname for m in found] == ["Hired"]
        client.members.archive(invitation.user_id)
        assert fake.members[invitation.user_id]["status"] != "active"
        everyone = client.members.list().to_list()
    assert len(everyone) >= len(seeded.member_ids)


def test_contracts_flow(fake: FakeWebWork, server: FakeServer, seeded: SeedInfo) -> None:
    user = fake.add_member("ann@example.com", "Ann", "Lee")
    project = seeded.project_ids[0]
    with connect(fake, server) as client:
        contract = client.contracts.create(project_id=project, user_id=user)
        assert (contract.project_id, contract.user_id) == (project, user)
        with pytest.raises(UnprocessableEntityError):
            client.contracts.create(project_id=project, user_id=user)
        updated = client.contracts.update(contract.id, weekly_hours_limit=20)
        assert updated.weekly_hours_limit == 20
        mine = client.contracts.list(user_id=user).to_list()
        assert [c.id for c in mine] == [contract.id]
        client.contracts.delete(contract.id)
        with pytest.raises(NotFoundError):
            client.contracts.get(contract.id)


def test_project_viewers_flow(fake: FakeWebWork, server: FakeServer, seeded: SeedInfo) -> None:
    project = seeded.project_ids[0]
    with connect(fake, server) as client:
        viewer = client.project_viewers.create(
            email="client@example.com", firstname="Cli", lastname="Ent"
        )
        client.project_viewers.assign_project(viewer.id, project_id=project)
        seen = client.project_viewers.get(viewer.id)
        assert [p.project_id for p in seen.projects] == [project]
        client.project_viewers.unassign_project(viewer.id, project_id=project)
        assert (client.project_viewers.get(viewer.id)).projects == ()
        client.project_viewers.archive(viewer.id)
        client.project_viewers.restore(viewer.id)
        listed = client.project_viewers.list(email="client@example.com").to_list()
    assert [v.id for v in listed] == [viewer.id]


def test_time_entries_and_current_tracker(
    fake: FakeWebWork, server: FakeServer, seeded: SeedInfo
) -> None:
    user = fake.add_member("ann@example.com", "Ann", "Lee")
    contract = fake.add_contract(project_id=seeded.project_ids[0], user_id=user)
    day = date.today() - timedelta(days=1)
    with connect(fake, server) as client:
        created = client.time_entries.create(
            user_id=user, contract_id=contract, date=day, start_time="09:00", end_time="12:30"
        )
        assert created.saved_minutes == 210
        entries = client.time_entries.list(user_id=user, date=day).to_list()
        assert [e.duration_minutes for e in entries] == [210]
        client.time_entries.update(entries[0].id, end_time="12:00", notes="Docs")
        assert (client.time_entries.list(user_id=user, date=day).to_list())[
            0
        ].duration_minutes == 180
        client.time_entries.delete(entries[0].id)
        assert client.time_entries.list(user_id=user, date=day).to_list() == []

        client.time_tracking.start(user_id=user, contract_id=contract)
        current = client.time_tracking.current_data(user_id=user)
        assert (current.user_id, current.contract_id) == (user, contract)
        client.time_tracking.stop(user)


def test_timesheets_flow(fake: FakeWebWork, server: FakeServer, seeded: SeedInfo) -> None:
    with connect(fake, server) as client:
        submitted = client.timesheets.list(status=TimesheetStatus.SUBMITTED).to_list()
        assert submitted
        client.timesheets.approve(submitted[0].id)
        pending = client.timesheets.list(status=TimesheetStatus.OPEN).to_list()
        assert pending  # "open" (older docs) means pending
        sheet = pending[0].id
        client.timesheets.submit(sheet)
        client.timesheets.reject(sheet, reason="Please correct Monday")
        client.timesheets.submit(sheet)
        client.timesheets.unsubmit(sheet)
    assert fake.timesheets[submitted[0].id]["status"] == "approved"
    assert fake.timesheets[sheet]["status"] == "pending"


def test_time_requests_flow(fake: FakeWebWork, server: FakeServer, seeded: SeedInfo) -> None:
    user = fake.add_member("ann@example.com", "Ann", "Lee")
    contract = fake.add_contract(project_id=seeded.project_ids[0], user_id=user)
    day = date.today() - timedelta(days=2)
    with connect(fake, server) as client:
        created = client.time_requests.create(
            user_id=user,
            contract_id=contract,
            start=f"{day.isoformat()}T13:00:00+00:00",
            end=f"{day.isoformat()}T15:00:00+00:00",
            activity_description="Forgot to track",
        )
        listed = client.time_requests.list(date_from=day, date_to=day, user_id=user).to_list()
        assert [r.id for r in listed] == [created.id]
        client.time_requests.approve(created.id)
        assert (client.time_requests.get(created.id)).status == "approved"
        entries = client.time_entries.list(user_id=user, date=day).to_list()
    assert sum(e.duration_minutes or 0 for e in entries) == 120


def test_leaves_flow(fake: FakeWebWork, server: FakeServer, seeded: SeedInfo) -> None:
    user = fake.add_member("ann@example.com", "Ann", "Lee")
    monday = date.today() + timedelta(days=14 - date.today().weekday())
    with connect(fake, server) as client:
        client.leaves.request(
            user_id=user,
            policy_id=seeded.leave_policy_ids[0],
            start=monday,
            end=monday + timedelta(days=1),
            reason="Family",
        )
        mine = client.leaves.list(user_id=user).to_list()
        assert len(mine) == 1
        balances = client.leaves.balances(
            date_from=monday, date_to=monday + timedelta(days=30), user_id=user
        ).to_list()
    assert balances
    assert balances[0].user_id == user


def test_expenses_flow(fake: FakeWebWork, server: FakeServer, seeded: SeedInfo) -> None:
    with connect(fake, server) as client:
        expense = client.expenses.create(
            expense_name="Train to the client",
            date=date(2024, 1, 15),
            amount=42.5,
            category_id=seeded.expense_category_ids[0],
            is_billable=True,
        )
        assert expense.spent_on == date(2024, 1, 15)
        assert expense.is_billable
        client.expenses.update(expense.id, amount=40)
        listed = client.expenses.list(id=expense.id).to_list()
    assert [e.amount for e in listed] == [40]


def test_reports(fake: FakeWebWork, server: FakeServer, seeded: SeedInfo) -> None:
    first, last = date.fromisoformat(seeded.dates[0]), date.fromisoformat(seeded.dates[-1])
    with connect(fake, server) as client:
        tracked = client.reports.tracked_hours(start_date=first, end_date=last)
        assert tracked.report_type == "tracked_hours"
        assert tracked.raw["total_minutes"] > 0
        timeline = client.reports.daily_timeline(date=last)
        activity = client.reports.activity_level(start_date=first, end_date=last)
        attendance = client.reports.daily_attendance(date=last)
        tasks = client.reports.task_report(start_date=first, end_date=last)
    for report in (timeline, activity, attendance, tasks):
        assert report.raw["users"], report
