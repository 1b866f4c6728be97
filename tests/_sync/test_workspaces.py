# This file is generated from tests/_async/test_workspaces.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""client.workspaces: list.

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. The example workspace and the pagination object (with ``from`` and
``to``) are the documented ones (API reference §3.1).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from support import META, TOKEN, assert_authenticated, fail, last_request, ok, requested_pages
from webwork_async import (
    AuthenticationError,
    InvalidRequestError,
    ResponseDecodeError,
    WebWork,
)
from webwork_async.models._workspaces import MemberRole, MemberStatus, Workspace

UTC = timezone.utc

# The documented example workspace (MD-OLD workspaces/getworkspaces).
WORKSPACE = {
    "id": 1,
    "owner_id": 10,
    "user_id": 100,
    "workspace_name": "WebWork Workspace",
    "role": "Owner",
    "status": "active",
    "created_at": "2025-02-19T19:24:55.000000Z",
    "activated_at": "2025-02-19 19:24:55",
}
EXPECTED = Workspace(
    id=1,
    owner_id=10,
    user_id=100,
    workspace_name="WebWork Workspace",
    role=MemberRole.OWNER,
    status=MemberStatus.ACTIVE,
    created_at=datetime(2025, 2, 19, 19, 24, 55, tzinfo=UTC),
    activated_at=datetime(2025, 2, 19, 19, 24, 55, tzinfo=UTC),
)
WORKSPACES = [{**WORKSPACE, "id": n, "workspace_name": f"Workspace {n}"} for n in range(1, 6)]


def serve_with_from_and_to(
    items: list[dict[str, Any]], per_page: int
) -> Callable[[httpx.Request], httpx.Response]:
    """GET /workspaces as documented: `meta.pagination` also carries `from` and `to`."""
    last_page = max(1, -(-len(items) // per_page))

    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        chunk = items[(number - 1) * per_page : number * per_page]
        first = (number - 1) * per_page + 1
        pagination = {
            "total": len(items),
            "per_page": per_page,
            "current_page": number,
            "last_page": last_page,
            "from": first if chunk else None,
            "to": first + len(chunk) - 1 if chunk else None,
        }
        meta = {**META, "pagination": pagination}
        return httpx.Response(200, json={"success": True, "data": chunk, "meta": meta})

    return respond


def test_list_sends_no_workspace_id_and_decodes_the_documented_example(api) -> None:
    route = api.get("/workspaces").mock(return_value=ok([WORKSPACE]))

    with WebWork(TOKEN) as client:  # no workspace needed to find one
        workspaces = client.workspaces.list().to_list()

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/workspaces"
    assert dict(request.url.params) == {"page": "1", "per_page": "100"}
    assert request.content == b""
    assert_authenticated(request)
    assert workspaces == [EXPECTED]


def test_list_never_sends_the_client_default_workspace(api) -> None:
    route = api.get("/workspaces").mock(return_value=ok([WORKSPACE]))

    with WebWork(TOKEN, workspace_id=7) as client:
        client.workspaces.list(per_page=20).to_list()

    assert dict(last_request(route).url.params) == {"page": "1", "per_page": "20"}


def test_docs_disagree_workspace_timestamps_with_and_without_a_zone(api) -> None:
    # §1.6/§5.16: created_at is ISO 8601 with microseconds and "Z"; activated_at is
    # "YYYY-MM-DD HH:MM:SS" with no zone at all. Both decode, as UTC.
    api.get("/workspaces").mock(return_value=ok([WORKSPACE]))

    with WebWork(TOKEN) as client:
        [workspace] = client.workspaces.list().to_list()

    assert workspace.created_at == workspace.activated_at
    assert workspace.activated_at is not None and workspace.activated_at.tzinfo is not None


def test_list_follows_meta_pagination_with_from_and_to(api) -> None:
    route = api.get("/workspaces").mock(side_effect=serve_with_from_and_to(WORKSPACES, 2))

    with WebWork(TOKEN) as client:
        names = [w.workspace_name for w in client.workspaces.list(per_page=2)]
        pages = [
            (page.number, page.last_page, page.total, [w.id for w in page])
            for page in client.workspaces.list(per_page=2).pages()
        ]

    assert names == [f"Workspace {n}" for n in range(1, 6)]
    assert pages == [(1, 3, 5, [1, 2]), (2, 3, 5, [3, 4]), (3, 3, 5, [5])]
    assert requested_pages(route) == [1, 1, 2, 2, 3, 3]


def test_list_without_pagination_is_one_page(api) -> None:
    route = api.get("/workspaces").mock(return_value=ok(WORKSPACES[:2]))

    with WebWork(TOKEN) as client:
        workspaces = client.workspaces.list(per_page=1).to_list()

    assert [w.id for w in workspaces] == [1, 2]
    assert route.call_count == 1


def test_list_max_items_stops_early(api) -> None:
    route = api.get("/workspaces").mock(side_effect=serve_with_from_and_to(WORKSPACES, 2))

    with WebWork(TOKEN) as client:
        workspaces = client.workspaces.list(per_page=2, max_items=3).to_list()

    assert [w.id for w in workspaces] == [1, 2, 3]
    assert requested_pages(route) == [1, 2]


def test_list_decodes_unknown_roles_and_statuses_without_failing(api) -> None:
    api.get("/workspaces").mock(
        return_value=ok([{**WORKSPACE, "role": "Auditor", "status": "suspended"}])
    )

    with WebWork(TOKEN) as client:
        [workspace] = client.workspaces.list().to_list()

    assert workspace.role == "Auditor" and workspace.role.is_custom
    assert workspace.status == "suspended" and workspace.status.is_custom


def test_list_with_a_bad_token_raises_authentication_error(api) -> None:
    api.get("/workspaces").mock(return_value=fail(401, "Unauthenticated."))

    with WebWork(TOKEN) as client:
        with pytest.raises(AuthenticationError) as caught:
            client.workspaces.list().to_list()

    assert caught.value.status_code == 401
    assert caught.value.message == "Unauthenticated."


def test_list_wrong_typed_item_raises_response_decode_error(api) -> None:
    api.get("/workspaces").mock(return_value=ok([{**WORKSPACE, "id": "first"}]))

    with WebWork(TOKEN) as client:
        with pytest.raises(ResponseDecodeError):
            client.workspaces.list().to_list()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        pytest.param({"per_page": 0}, "per_page", id="per-page-0"),
        pytest.param({"per_page": 101}, "per_page", id="per-page-101"),
        pytest.param({"per_page": "20"}, "per_page", id="per-page-str"),
        pytest.param({"max_items": -1}, "max_items", id="max-items-neg"),
    ],
)
def test_bad_arguments_raise_before_sending(api, kwargs, field) -> None:
    api.route().mock(return_value=ok([WORKSPACE]))

    with WebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            client.workspaces.list(**kwargs)

    assert caught.value.field == field
    assert api.calls.call_count == 0
