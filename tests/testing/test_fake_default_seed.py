"""The data ``python -m webwork_async.testing serve`` seeds by default is part of the docs:
the guides quote its ids. These tests pin them, so that a change to the fake or its seeding
that renumbers them fails here first (then update the docs along with this file)."""

from __future__ import annotations

from webwork_async.testing import FakeWebWork, SeedInfo
from webwork_async.testing.__main__ import _parser, banner, build_fake


def default_serve() -> tuple[FakeWebWork, SeedInfo]:
    return build_fake(_parser().parse_args(["serve"]))


def test_default_seed_ids() -> None:
    fake, info = default_serve()
    assert fake.workspace_id == 1
    assert fake.owner_id == 100
    assert info.member_ids == (101, 102, 103, 104, 105)
    assert info.project_ids == (1000,)
    assert info.contract_ids == (5000, 5001, 5002, 5003, 5004)
    assert info.task_ids == tuple(range(10000, 10100))
    assert info.status_codes == (1, 2, 11, 21)
    assert info.leave_policy_ids == (300, 301, 302)
    assert fake.expense_categories == {
        "0c76b3f6-c38a-5f8d-884e-777c665a6e26": "Travel",
        "841e6060-6ac9-53cc-a773-8fd0123a49c9": "Software",
        "5840ae5c-9790-510a-9e00-c9d274da7f10": "Meals",
        "77ef02e5-6b73-5fc4-93fd-76c50dd544e5": "Office supplies",
    }


def test_default_seed_records() -> None:
    fake, _ = default_serve()
    emails = {user_id: member["email"] for user_id, member in fake.members.items()}
    assert emails == {
        100: "owner@example.com",
        101: "david.silva.1@example.com",
        102: "noah.andersen.2@example.com",
        103: "jonas.yilmaz.3@example.com",
        104: "sami.varga.4@example.com",
        105: "hugo.quist.5@example.com",
    }
    assert fake.members[101]["current_role"] == "Executive manager"
    assert fake.projects[1000]["name"] == "Website Redesign"
    contract = fake.contracts[5000]
    assert (contract["user_id"], contract["project_id"]) == (101, 1000)
    tasks = {
        task_id: (task["title"], task["status"], task["priority"], task["start_date"])
        for task_id in (10000, 10001, 10050, 10099)
        for task in [fake.task(task_id)]
    }
    assert tasks == {
        10000: ("Design API docs", 10, 10, None),
        10001: ("Test password reset", 20, 10, None),
        10050: ("Fix audit log", 21, 40, "2024-09-22"),
        10099: ("Write password reset", 10, 40, "2024-03-13"),
    }
    assert fake.task_assignees(10001) == {101, 104}
    assert fake.task_assignees(10050) == {102, 103}


def test_banner_names_the_exports_and_seeded_ids() -> None:
    fake, info = default_serve()
    url = "http://127.0.0.1:8000/api/v2"
    assert banner(url, fake, info).splitlines() == [
        "WebWork fake listening on http://127.0.0.1:8000/api/v2 (token: test-token)",
        "Point the SDK, the CLI and the examples at it from another shell:",
        "  export WEBWORK_BASE_URL=http://127.0.0.1:8000/api/v2",
        "  export WEBWORK_TOKEN=test-token",
        "  export WEBWORK_WORKSPACE_ID=1",
        "Seeded: projects 1000; owner 100, members 101-105; tasks 10000-10099; contracts 5000-5004",
    ]


def test_banner_without_seeded_data() -> None:
    fake = FakeWebWork(token="t", workspace_id=7)
    info = fake.seed_workspace(projects=0, members=0, days=0)
    last = banner("http://h:1/api/v2", fake, info).splitlines()[-1]
    assert last == "Seeded: projects none; owner 100, members none; tasks none; contracts none"
