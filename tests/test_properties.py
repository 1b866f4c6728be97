"""Property-based tests (hypothesis) of the two promises at the SDK's edges.

In: any arguments either raise InvalidRequestError naming the argument, before anything is
sent, or produce a request the fake server accepts.
Out: any response body either decodes or raises a WebWorkError subclass; never a KeyError,
TypeError, AttributeError or a bare cattrs exception.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from typing import Any

import httpx
import pytest
import respx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import BASE_URL, TOKEN
from webwork_async import InvalidRequestError, WebWork, WebWorkError
from webwork_async.testing import FakeWebWork

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", " ", "2024-02-30", "2024-01-15", "15/01/2024", "x\ud800", "11", "Open"]),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers(min_value=-3, max_value=5), max_size=3),
)


class World:
    """A fake workspace with a project, a member with a contract, and a task."""

    def __init__(self) -> None:
        self.fake = FakeWebWork(seed=11)
        self.project = self.fake.add_project("Website")
        self.user = self.fake.add_member("ann@example.com", "Ann", "Lee")
        self.contract = self.fake.add_contract(project_id=self.project, user_id=self.user)
        self.task = self.fake.add_task(project_id=self.project, title="Write docs")
        self.http = httpx.Client(transport=self.fake.transport())
        self.client = WebWork(
            self.fake.token, workspace_id=1, base_url=BASE_URL, http_client=self.http
        )


world = World()

# (operation, the parameter names it takes, how to call it with a dict of arguments)
OPERATIONS: dict[str, tuple[list[str], Callable[[WebWork, dict[str, Any]], Any]]] = {
    "tasks.create": (
        ["project_id", "title", "description", "status", "priority", "start_date", "end_date"],
        lambda c, a: c.tasks.create(**a),
    ),
    "tasks.update": (
        ["task_id", "project_id", "title", "description", "status", "priority", "end_date"],
        lambda c, a: c.tasks.update(**a),
    ),
    "tasks.list": (
        ["project_id", "status", "priority", "order", "per_page", "max_items"],
        lambda c, a: c.tasks.list(**a).to_list(),
    ),
    "tasks.assign": (["task_id", "user_id", "project_id"], lambda c, a: c.tasks.assign(**a)),
    "projects.create": (
        ["name", "start_date", "deadline", "estimation", "budget", "notes"],
        lambda c, a: c.projects.create(**a),
    ),
    "time_tracking.start": (
        ["user_id", "contract_id", "task_id", "activity_description"],
        lambda c, a: c.time_tracking.start(**a),
    ),
}


def valid_arguments(name: str) -> st.SearchStrategy[dict[str, Any]]:
    """Arguments the API accepts, referring to what exists in the world."""
    project, task, user = world.project, world.task, world.user
    day = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1))
    text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20).filter(
        str.strip
    )
    status = st.sampled_from([0, 10, 20, 30])
    priority = st.sampled_from([None, 10, 20, 30, 40])
    if name == "tasks.create":
        return st.fixed_dictionaries(
            {"project_id": st.just(project), "title": text},
            optional={"description": text, "status": status, "priority": priority},
        )
    if name == "tasks.update":
        return st.fixed_dictionaries(
            {"task_id": st.just(task), "project_id": st.just(project), "title": text},
            optional={"status": status, "priority": priority, "end_date": day},
        )
    if name == "tasks.list":
        return st.fixed_dictionaries(
            {"project_id": st.just(project)},
            optional={
                "status": st.integers(0, 40),
                "priority": st.sampled_from([10, 20, 30, 40]),
                "order": st.sampled_from(["asc", "desc"]),
                "per_page": st.integers(1, 100),
                "max_items": st.integers(0, 50),
            },
        )
    if name == "tasks.assign":
        return st.fixed_dictionaries(
            {"task_id": st.just(task), "user_id": st.just(user), "project_id": st.just(project)}
        )
    if name == "projects.create":
        return st.fixed_dictionaries(
            {"name": text},
            optional={
                "estimation": st.floats(0, 1e6),
                "budget": st.integers(0, 10**6),
                "notes": text,
                "start_date": day,
            },
        )
    return st.fixed_dictionaries(
        {"user_id": st.just(user)}, optional={"activity_description": text}
    )


def count_requests() -> int:
    return world.fake.stats.requests


def stop_tracking() -> None:
    """Leave no tracker running, so the next start is valid again."""
    if world.fake.tracker(world.user):
        world.client.time_tracking.stop(world.user)


@pytest.mark.parametrize("operation", OPERATIONS)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_bad_arguments_are_refused_before_sending(operation: str, data: st.DataObject) -> None:
    names, call = OPERATIONS[operation]
    arguments = data.draw(valid_arguments(operation))
    # Replace one or more arguments with arbitrary values.
    for name in data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)):
        arguments[name] = data.draw(junk)
    before = count_requests()
    refused: InvalidRequestError | None = None
    try:
        call(world.client, arguments)
    except InvalidRequestError as error:
        refused = error
    except WebWorkError:
        pass  # valid, but the server said no (say, already tracking): it was sent, fine
    finally:
        stop_tracking()
    if refused is not None:
        named = re.split(r"[.\[]", refused.field)[0]
        assert named in (*names, "update"), refused
        assert count_requests() == before, "an invalid call sent a request"


@pytest.mark.parametrize("operation", OPERATIONS)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_valid_arguments_make_requests_the_server_accepts(
    operation: str, data: st.DataObject
) -> None:
    _, call = OPERATIONS[operation]
    arguments = data.draw(valid_arguments(operation))
    try:
        call(world.client, arguments)
    finally:
        stop_tracking()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
task_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.integers(-5, 10**6), st.text(max_size=4), st.none()),
        "title": json_values,
        "status": st.one_of(st.integers(-50, 500), st.text(max_size=3), st.none()),
        "priority": st.one_of(st.integers(-50, 500), st.none(), st.booleans()),
        "start_date": st.one_of(st.just("2024-01-15"), st.text(max_size=12), st.integers()),
        "completed_at": st.one_of(
            st.just("2024-01-25T14:30:00+00:00"), st.just("2024-01-25 14:30:00"), json_values
        ),
        "assignees": st.one_of(st.lists(st.fixed_dictionaries({"id": st.integers()})), json_values),
        "brand_new_field": json_values,
    },
)
bodies = st.one_of(
    st.binary(max_size=64),
    st.sampled_from([b"", b"<html><body>502 Bad Gateway</body></html>", b'{"success": true, "da']),
    st.builds(
        lambda success, data, extra: json.dumps(
            {"success": success, "data": data, **extra}
        ).encode(),
        st.one_of(st.booleans(), json_values),
        st.one_of(task_like, st.lists(task_like, max_size=3), json_values),
        st.dictionaries(
            st.sampled_from(["meta", "pagination", "message"]), json_values, max_size=2
        ),
    ),
    json_values.map(lambda v: json.dumps(v).encode()),
)
READS: list[Callable[[WebWork], Any]] = [
    lambda c: c.tasks.get(1, project_id=1),
    lambda c: c.tasks.list(project_id=1).to_list(),
    lambda c: c.tasks.assignees(1, project_id=1),
    lambda c: c.tasks.assign(1, 2, project_id=1),
    lambda c: c.projects.get(1),
    lambda c: c.time_tracking.start(user_id=1),
    lambda c: c.time_tracking.stop(),
]


@PROPERTY_SETTINGS
@given(
    body=bodies,
    status=st.sampled_from([200, 201, 400, 404, 422, 500]),
    read=st.sampled_from(READS),
)
def test_any_response_decodes_or_raises_a_webwork_error(
    body: bytes, status: int, read: Callable[[WebWork], Any]
) -> None:
    with respx.mock(base_url=BASE_URL) as router:
        router.route().mock(return_value=httpx.Response(status, content=body))
        with WebWork(TOKEN, workspace_id=1, max_retries=0) as client, suppress(WebWorkError):
            read(client)
