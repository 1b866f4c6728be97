"""The resource base: which calls are retried, and how an update body is built.

The retry table is checked twice: as the rule itself (``retried``), and through the user's
calls, where a 503 is answered again for a POST that is safe to repeat and surfaces at once
for one that is not.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
import pytest
import respx

from support import BASE_URL, TOKEN, ok
from webwork_async import InternalServerError, InvalidRequestError, WebWork
from webwork_async._async._resource import (
    AsyncResource,
    changed,
    choice,
    clearable,
    date_bounds,
    given,
    gone_is_success,
    retried,
)
from webwork_async._types import UNSET
from webwork_async._validation import check_id
from webwork_async.models._contracts import ContractStatus


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_every_get_put_and_delete_is_retried(method: Any) -> None:
    assert retried(method, "tasks")
    assert retried(method, "time-requests/abc/approve")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tasks/5/assign/7", True),
        ("project-viewers/v1/restore", True),
        ("project-viewers/9/assign-project", True),
        ("time-requests/abc/reject", True),
        ("tasks", False),
        ("time-requests/abc/approve", False),
        ("time-tracking/start", False),
        ("time-tracking/stop", False),
        # The table names whole paths: a longer or shorter one is not in it.
        ("tasks/5/assign/7/extra", False),
        ("tasks/5/assign", False),
        ("x/tasks/5/assign/7", False),
    ],
)
def test_a_post_is_retried_only_when_listed(path: str, expected: bool) -> None:
    assert retried("POST", path) is expected


_BUSY = httpx.Response(
    503, headers={"Retry-After": "0"}, json={"success": False, "message": "busy"}
)


def _assign(client: WebWork) -> object:
    return client.tasks.assign(5, 7, project_id=100)


def _restore(client: WebWork) -> object:
    return client.project_viewers.restore(9)


def _reject(client: WebWork) -> object:
    return client.time_requests.reject("abc", comment="no")


def _approve(client: WebWork) -> object:
    return client.time_requests.approve("abc")


def _create(client: WebWork) -> object:
    return client.projects.create(name="P")


@pytest.mark.parametrize(
    ("path", "call", "repeated"),
    [
        ("tasks/5/assign/7", _assign, True),
        ("project-viewers/9/restore", _restore, True),
        ("time-requests/abc/reject", _reject, True),
        ("time-requests/abc/approve", _approve, False),
        ("projects", _create, False),
    ],
)
def test_a_503_is_retried_for_repeatable_posts_only(
    path: str, call: Callable[[WebWork], object], repeated: bool
) -> None:
    with respx.mock(base_url=BASE_URL) as api:
        route = api.post(path).mock(side_effect=[_BUSY, ok({"id": 1, "name": "P"})])
        with WebWork(TOKEN, workspace_id=1) as client:
            if repeated:
                call(client)
            else:
                with pytest.raises(InternalServerError):
                    call(client)
    assert route.call_count == (2 if repeated else 1)


def test_changes_keep_what_was_passed_and_none_as_a_clear() -> None:
    body = AsyncResource._changes({"workspace_id": 1}, name="x", notes=None, icon=UNSET)
    assert body == {"workspace_id": 1, "name": "x", "notes": None}


def test_changes_without_a_field_is_the_nothing_to_change_error() -> None:
    with pytest.raises(InvalidRequestError, match="no field to change was given") as caught:
        AsyncResource._changes({"workspace_id": 1}, name=UNSET)
    assert caught.value.field == "update"


def test_given_changed_and_clearable_check_only_what_was_passed() -> None:
    assert given(check_id, "id", None) is None
    assert changed(check_id, "id", UNSET) is UNSET
    assert clearable(check_id, "id", None) is None
    assert clearable(check_id, "id", UNSET) is UNSET
    for helper in (given, changed, clearable):
        assert helper(check_id, "id", 3) == 3
        with pytest.raises(InvalidRequestError):
            helper(check_id, "id", 0)
    # Only clearable lets None through an update: elsewhere it is checked (and refused).
    with pytest.raises(InvalidRequestError):
        changed(check_id, "id", None)


def test_date_bounds_checks_each_bound_and_their_order() -> None:
    assert date_bounds("date_from", "2024-01-01", "date_to", None) == {
        "date_from": "2024-01-01",
        "date_to": None,
    }
    assert date_bounds("a", None, "b", date(2024, 2, 1)) == {"a": None, "b": "2024-02-01"}
    with pytest.raises(InvalidRequestError) as caught:
        date_bounds("date_from", "2024-02-01", "date_to", "2024-01-01")
    assert caught.value.field == "date_to"
    with pytest.raises(InvalidRequestError, match="date_to"):
        date_bounds("date_from", None, "date_to", "not a date")


def test_choice_sends_the_wire_value_and_refuses_the_rest() -> None:
    assert choice("status", ContractStatus.ACTIVE, ContractStatus) == "active"
    assert choice("status", "active", ContractStatus) == "active"
    with pytest.raises(InvalidRequestError, match="status"):
        choice("status", "nope", ContractStatus)


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("DELETE", "tasks/5", True),
        ("DELETE", "time-entries/abc", True),
        ("DELETE", "tasks/5/unassign/7", False),
        ("DELETE", "tasks/5/unassign/7/x", True),
        ("GET", "tasks/5", False),
        ("PUT", "tasks/5", False),
        ("POST", "tasks/5/unassign/7", False),
    ],
)
def test_a_404_after_a_lost_delete_is_success_except_for_unassign(
    method: Any, path: str, expected: bool
) -> None:
    assert gone_is_success(method, path) is expected
