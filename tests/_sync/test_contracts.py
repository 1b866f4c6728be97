# This file is generated from tests/_async/test_contracts.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""client.contracts: list, get, create, update, delete.

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. Requests and example responses are the documented ones (API
reference §3.4): the list example puts ``pagination`` at the top level, the NEW create example
sends ``workspace_id`` in the query, and DELETE carries a JSON body.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from support import (
    META,
    TOKEN,
    assert_authenticated,
    fail,
    last_request,
    ok,
    requested_pages,
    sent_json,
    serve_pages,
)
from webwork_async import (
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ResponseDecodeError,
    WebWork,
)
from webwork_async.models._contracts import Contract, ContractStatus, RateType, ScreenshotMode
from webwork_async.models._workspaces import MemberRole

UTC = timezone.utc

# The documented contract (MD-OLD contracts/getcontract; the field list is cut after `status`,
# the rest as MindCloud's contract schema has it).
CONTRACT = {
    "id": 20,
    "project_id": 100,
    "user_id": 100,
    "project_name": "Marketing Campaign Q1",
    "project_icon": "project-icon-1",
    "user_firstname": "John",
    "user_lastname": "Doe",
    "user_email": "john.doe@example.com",
    "user_role": "Regular User",
    "weekly_hours_limit": 40,
    "screenshots": "full",
    "screenshots_label": "Screenshot on",
    "rate": 25.5,
    "rate_type": 1,
    "status": "active",
    "contract_name": "Marketing Campaign Q1",
    "currency": "USD",
    "created_at": "2024-01-15T09:00:00Z",
    "updated_at": "2024-01-20T14:30:00.000000Z",
}
EXPECTED = Contract(
    id=20,
    project_id=100,
    user_id=100,
    contract_name="Marketing Campaign Q1",
    project_name="Marketing Campaign Q1",
    project_icon="project-icon-1",
    user_firstname="John",
    user_lastname="Doe",
    user_email="john.doe@example.com",
    user_role=MemberRole.REGULAR_USER,
    weekly_hours_limit=40,
    screenshots=ScreenshotMode.FULL,
    screenshots_label="Screenshot on",
    rate=25.5,
    rate_type=RateType.CUSTOM,
    currency="USD",
    status=ContractStatus.ACTIVE,
    created_at=datetime(2024, 1, 15, 9, 0, tzinfo=UTC),
    updated_at=datetime(2024, 1, 20, 14, 30, tzinfo=UTC),
)
# As a caller who may not see rates (or on a non-billable project) gets it.
CONTRACT_NO_RATE = {**CONTRACT, "rate": None, "rate_type": None}

CONTRACTS = [{**CONTRACT, "id": n} for n in range(1, 6)]


def top_level_pages(
    items: list[dict[str, Any]], per_page: int
) -> Callable[[httpx.Request], httpx.Response]:
    """GET /contracts as documented: `pagination` next to `meta`, not inside it."""
    last_page = max(1, -(-len(items) // per_page))

    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        pagination = {
            "current_page": number,
            "per_page": per_page,
            "total": len(items),
            "last_page": last_page,
        }
        return ok(
            items[(number - 1) * per_page : number * per_page],
            "Contracts retrieved successfully",
            pagination=pagination,
        )

    return respond


# --- list ---------------------------------------------------------------------------------


def test_list_sends_the_documented_query_and_decodes_contracts(api) -> None:
    route = api.get("/contracts").mock(
        return_value=ok([CONTRACT, CONTRACT_NO_RATE], "Contracts retrieved successfully")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        contracts = client.contracts.list().to_list()

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/contracts"
    assert dict(request.url.params) == {"workspace_id": "1", "page": "1", "per_page": "100"}
    assert request.content == b""
    assert_authenticated(request)
    assert contracts[0] == EXPECTED
    assert contracts[1].rate is None and contracts[1].rate_type is None


def test_list_sends_project_user_and_status_filters(api) -> None:
    route = api.get("/contracts").mock(return_value=ok([]))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.contracts.list(
            project_id=100, user_id=42, status=ContractStatus.PAUSED, per_page=20
        ).to_list()

    assert dict(last_request(route).url.params) == {
        "workspace_id": "1",
        "project_id": "100",
        "user_id": "42",
        "status": "paused",
        "page": "1",
        "per_page": "20",
    }


def test_docs_disagree_contract_list_pagination_at_the_top_level(api) -> None:
    # The contracts example puts `pagination` next to `meta`; other lists put it in `meta`.
    route = api.get("/contracts").mock(side_effect=top_level_pages(CONTRACTS, per_page=2))

    with WebWork(TOKEN, workspace_id=1) as client:
        pages = [
            (page.number, page.last_page, page.total, [c.id for c in page])
            for page in client.contracts.list(per_page=2).pages()
        ]

    assert pages == [(1, 3, 5, [1, 2]), (2, 3, 5, [3, 4]), (3, 3, 5, [5])]
    assert requested_pages(route) == [1, 2, 3]


def test_docs_disagree_contract_list_pagination_in_meta_works_too(api) -> None:
    route = api.get("/contracts").mock(side_effect=serve_pages(CONTRACTS, per_page=2))

    with WebWork(TOKEN, workspace_id=1) as client:
        contracts = client.contracts.list(per_page=2).to_list()

    assert [c.id for c in contracts] == [1, 2, 3, 4, 5]
    assert requested_pages(route) == [1, 2, 3]


def test_docs_disagree_contract_list_the_documented_top_level_example(api) -> None:
    # The example verbatim: 50 contracts, 20 a page, page 1 of 3, and nothing else.
    body = {
        "success": True,
        "message": "Contracts retrieved successfully",
        "data": [CONTRACT],
        "meta": dict(META),
        "pagination": {"current_page": 1, "per_page": 20, "total": 50, "last_page": 3},
    }
    api.get("/contracts").mock(return_value=httpx.Response(200, json=body))

    with WebWork(TOKEN, workspace_id=1) as client:
        page = client.contracts.list(per_page=20).fetch_page(1)

    assert (page.number, page.last_page, page.total) == (1, 3, 50)
    assert page.items == [EXPECTED]


def test_docs_disagree_screenshot_blur_and_client_role_decode(api) -> None:
    # §5.17: projects report screenshots "blur", which is not in the contract enum; §5.20:
    # contracts add the role "Client". Neither may break decoding.
    api.get("/contracts/20").mock(
        return_value=ok({**CONTRACT, "screenshots": "blur", "user_role": "Client"})
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        contract = client.contracts.get(20)

    assert contract.screenshots == "blur"
    assert contract.screenshots is not None and contract.screenshots.is_custom
    assert contract.user_role is MemberRole.CLIENT


def test_list_decodes_unknown_rate_types_and_statuses_without_failing(api) -> None:
    api.get("/contracts").mock(return_value=ok([{**CONTRACT, "rate_type": 4, "status": "ended"}]))

    with WebWork(TOKEN, workspace_id=1) as client:
        [contract] = client.contracts.list().to_list()

    assert contract.rate_type == 4 and contract.rate_type.is_custom
    assert contract.status == "ended" and contract.status.is_custom


# --- get ----------------------------------------------------------------------------------


def test_get_sends_the_documented_request_and_decodes_the_contract(api) -> None:
    route = api.get("/contracts/20").mock(
        return_value=ok(CONTRACT, "Contract retrieved successfully")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        contract = client.contracts.get(20)

    request = last_request(route)
    assert str(request.url) == "https://api.webwork-tracker.com/api/v2/contracts/20?workspace_id=1"
    assert_authenticated(request)
    assert contract == EXPECTED


def test_get_missing_contract_raises_not_found(api) -> None:
    api.get("/contracts/404").mock(return_value=fail(404, "Contract not found"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError, match="Contract not found"):
            client.contracts.get(404)


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param({"id": None}, id="id-null"),
        pytest.param({"rate": "lots"}, id="rate-not-a-number"),
        pytest.param({"weekly_hours_limit": True}, id="hours-bool"),
        pytest.param({"status": 1}, id="status-int"),
    ],
)
def test_get_wrong_typed_contract_raises_response_decode_error(api, broken) -> None:
    api.get("/contracts/20").mock(return_value=ok({**CONTRACT, **broken}))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            client.contracts.get(20)


# --- create -------------------------------------------------------------------------------


def test_create_sends_the_documented_request(api) -> None:
    route = api.post("/contracts").mock(
        return_value=ok(CONTRACT, "Contract created successfully", status=201)
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        contract = client.contracts.create(
            project_id=100,
            user_id=100,
            weekly_hours_limit=40,
            screenshots=ScreenshotMode.FULL,
            rate=25.5,
        )

    request = last_request(route)
    assert request.method == "POST"
    assert request.url.path == "/api/v2/contracts"
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {
        "project_id": 100,
        "user_id": 100,
        "weekly_hours_limit": 40,
        "screenshots": "full",
        "rate": 25.5,
    }
    assert contract == EXPECTED


def test_docs_disagree_create_sends_workspace_id_in_the_query_as_the_new_page_does(
    api,
) -> None:
    # NEW: POST /contracts?workspace_id=1; OLD: workspace_id in the body. The SDK sends NEW.
    route = api.post("/contracts").mock(return_value=ok(CONTRACT, status=201))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.contracts.create(project_id=100, user_id=100, workspace_id=7)

    assert dict(last_request(route).url.params) == {"workspace_id": "7"}
    assert sent_json(route) == {"project_id": 100, "user_id": 100}


def test_create_leaves_hours_screenshots_and_rate_to_the_server(api) -> None:
    # The server's default weekly_hours_limit is 168; nothing is sent for it.
    route = api.post("/contracts").mock(return_value=ok({**CONTRACT, "weekly_hours_limit": 168}))

    with WebWork(TOKEN, workspace_id=1) as client:
        contract = client.contracts.create(project_id=100, user_id=100, screenshots="blurred")

    assert sent_json(route) == {"project_id": 100, "user_id": 100, "screenshots": "blurred"}
    assert contract.weekly_hours_limit == 168


def test_create_is_not_retried_after_a_503(api) -> None:
    route = api.post("/contracts").mock(return_value=fail(503, "Service Unavailable"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InternalServerError):
            client.contracts.create(project_id=100, user_id=100)

    assert route.call_count == 1


def test_create_by_a_project_manager_raises_permission_denied(api) -> None:
    api.post("/contracts").mock(
        return_value=fail(403, "Only owners and executive managers can create contracts")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(PermissionDeniedError) as caught:
            client.contracts.create(project_id=100, user_id=100)

    assert caught.value.status_code == 403


# --- update -------------------------------------------------------------------------------


def test_update_sends_every_documented_field_in_the_body(api) -> None:
    route = api.put("/contracts/20").mock(
        return_value=ok({**CONTRACT, "status": "paused"}, "Contract updated successfully")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        contract = client.contracts.update(
            20,
            weekly_hours_limit=30,
            screenshots="video_blurred_silent",
            rate=30,
            status=ContractStatus.PAUSED,
        )

    request = last_request(route)
    assert request.method == "PUT"
    assert request.url.path == "/api/v2/contracts/20"
    assert request.url.query == b""
    assert_authenticated(request)
    assert sent_json(route) == {
        "workspace_id": 1,
        "weekly_hours_limit": 30,
        "screenshots": "video_blurred_silent",
        "rate": 30,
        "status": "paused",
    }
    assert contract.status is ContractStatus.PAUSED


def test_update_sends_only_the_fields_given(api) -> None:
    route = api.put("/contracts/20").mock(return_value=ok(CONTRACT))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.contracts.update(20, status="active")
        client.contracts.update(20, rate=0, workspace_id=7)

    assert [json.loads(call.request.content) for call in route.calls] == [
        {"workspace_id": 1, "status": "active"},
        {"workspace_id": 7, "rate": 0},
    ]


def test_docs_disagree_update_message_says_retrieved(api) -> None:
    # §5.14: the PUT example's message is "Contract retrieved successfully" (copy-paste);
    # the message does not matter, the contract in `data` does.
    api.put("/contracts/20").mock(return_value=ok(CONTRACT, "Contract retrieved successfully"))

    with WebWork(TOKEN, workspace_id=1) as client:
        contract = client.contracts.update(20, weekly_hours_limit=40)

    assert contract == EXPECTED


# --- delete -------------------------------------------------------------------------------


def test_delete_sends_workspace_id_in_a_json_body(api) -> None:
    route = api.delete("/contracts/20").mock(return_value=ok(None, "Contract deleted successfully"))

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.contracts.delete(20)

    request = last_request(route)
    assert result is None
    assert request.method == "DELETE"
    assert request.url.path == "/api/v2/contracts/20"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 1}


def test_delete_ignores_the_data_that_comes_back(api) -> None:
    api.delete("/contracts/20").mock(return_value=ok({"id": 20}))

    with WebWork(TOKEN, workspace_id=1) as client:
        assert client.contracts.delete(20) is None


def test_delete_missing_contract_raises_not_found(api) -> None:
    api.delete("/contracts/404").mock(return_value=fail(404, "Contract not found"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError):
            client.contracts.delete(404)


# --- arguments are checked before anything is sent ----------------------------------------

BAD_CALLS = [
    # list
    pytest.param(lambda c: c.contracts.list(project_id=0), "project_id", id="list-project-0"),
    pytest.param(lambda c: c.contracts.list(user_id="42"), "user_id", id="list-user-str"),
    pytest.param(lambda c: c.contracts.list(status="ended"), "status", id="list-status"),
    pytest.param(lambda c: c.contracts.list(per_page=0), "per_page", id="list-per-page"),
    pytest.param(lambda c: c.contracts.list(max_items=-1), "max_items", id="list-max-items"),
    # get, delete
    pytest.param(lambda c: c.contracts.get(0), "contract_id", id="get-0"),
    pytest.param(lambda c: c.contracts.get(2.0), "contract_id", id="get-float"),
    pytest.param(lambda c: c.contracts.delete(-20), "contract_id", id="delete-neg"),
    # create
    pytest.param(
        lambda c: c.contracts.create(project_id=0, user_id=100), "project_id", id="create-proj"
    ),
    pytest.param(
        lambda c: c.contracts.create(project_id=100, user_id=None), "user_id", id="create-user"
    ),
    pytest.param(
        lambda c: c.contracts.create(project_id=100, user_id=100, weekly_hours_limit=169),
        "weekly_hours_limit",
        id="create-hours-169",
    ),
    pytest.param(
        lambda c: c.contracts.create(project_id=100, user_id=100, screenshots="blur"),
        "screenshots",
        id="create-screenshots-blur",
    ),
    pytest.param(
        lambda c: c.contracts.create(
            project_id=100, user_id=100, screenshots=ScreenshotMode("blur")
        ),
        "screenshots",
        id="create-screenshots-custom-member",
    ),
    pytest.param(
        lambda c: c.contracts.create(project_id=100, user_id=100, rate=-1),
        "rate",
        id="create-rate-neg",
    ),
    pytest.param(
        lambda c: c.contracts.create(project_id=100, user_id=100, rate=float("nan")),
        "rate",
        id="create-rate-nan",
    ),
    pytest.param(
        lambda c: c.contracts.create(project_id=100, user_id=100, rate="25"),
        "rate",
        id="create-rate-str",
    ),
    # update
    pytest.param(lambda c: c.contracts.update(20), "update", id="update-nothing"),
    pytest.param(lambda c: c.contracts.update(0, rate=1), "contract_id", id="update-id-0"),
    pytest.param(lambda c: c.contracts.update(20, status="closed"), "status", id="update-status"),
    pytest.param(lambda c: c.contracts.update(20, status=None), "status", id="update-status-none"),
    pytest.param(
        lambda c: c.contracts.update(20, weekly_hours_limit=None),
        "weekly_hours_limit",
        id="update-hours-none",
    ),
    pytest.param(lambda c: c.contracts.update(20, rate=True), "rate", id="update-rate-bool"),
    pytest.param(
        lambda c: c.contracts.update(20, screenshots="FULL"), "screenshots", id="update-shots"
    ),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
def test_bad_arguments_raise_before_sending(api, call, field) -> None:
    api.route().mock(return_value=ok(CONTRACT))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == field
    assert api.calls.call_count == 0


NEEDS_WORKSPACE = [
    pytest.param(lambda c: c.contracts.list(), id="list"),
    pytest.param(lambda c: c.contracts.get(20), id="get"),
    pytest.param(lambda c: c.contracts.create(project_id=100, user_id=100), id="create"),
    pytest.param(lambda c: c.contracts.update(20, rate=1), id="update"),
    pytest.param(lambda c: c.contracts.delete(20), id="delete"),
]


@pytest.mark.parametrize("call", NEEDS_WORKSPACE)
def test_workspace_id_is_required_when_the_client_has_none(api, call) -> None:
    api.route().mock(return_value=ok(CONTRACT))

    with WebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == "workspace_id"
    assert api.calls.call_count == 0
