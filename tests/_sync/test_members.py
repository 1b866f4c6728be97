# This file is generated from tests/_async/test_members.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""client.members: list, get, invite, update, archive.

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. Requests and example responses are the documented ones (API
reference §3.2): the NEW invite example sends ``workspace_id`` in the query (OLD: in the body);
the only official PUT page (OLD) sends it in the body; DELETE is documented only by title
("Delete (Archive) Member") and by the MindCloud reference, which sends it in the query.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from support import (
    TOKEN,
    assert_authenticated,
    fail,
    last_request,
    ok,
    paginated,
    requested_pages,
    sent_json,
    serve_pages,
)
from webwork_async import (
    BadRequestError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ResponseDecodeError,
    UnprocessableEntityError,
    WebWork,
)
from webwork_async.models._contracts import RateType, ScreenshotMode
from webwork_async.models._members import Member, MemberInvitation
from webwork_async.models._workspaces import MemberRole, MemberStatus

UTC = timezone.utc

# The documented member (HTML-NEW members/getmembers; the example is cut after `timezone`, the
# rest as the field list describes).
MEMBER = {
    "id": 100,
    "email": "john.doe@example.com",
    "firstname": "John",
    "lastname": "Doe",
    "avatar": "avatar.jpg",
    "current_role": "Regular User",
    "timezone": "America/New_York",
    "status": "active",
    "team_name": "Development Team",
    "title": "Senior Developer",
}
# The same member with the fields the list is cut before (MindCloud's member schema), as an
# owner who may see rates gets it.
MEMBER_WITH_RATES = {
    **MEMBER,
    "rate": "25.50",
    "rate_status": 1,
    "rate_type": 2,
    "screenshots": "blurred",
    "weekly_hours_limit": 40,
    "is_blocked": False,
    "created_at": "2025-02-19T19:24:55.000000Z",
    "updated_at": "2025-03-01T08:00:00+00:00",
    "deleted_at": None,
}
EXPECTED = Member(
    id=100,
    email="john.doe@example.com",
    firstname="John",
    lastname="Doe",
    avatar="avatar.jpg",
    current_role=MemberRole.REGULAR_USER,
    timezone="America/New_York",
    status=MemberStatus.ACTIVE,
    team_name="Development Team",
    title="Senior Developer",
)
# The documented invite response data (HTML-NEW and HTML-OLD members pages).
INVITED = {
    "user_id": 100,
    "invitation_link": "https://app.webwork-tracker.com/dashboard/accept-invitation/abc123def456",
}
# The body of the documented invite curl example (without workspace_id: see the module doc).
INVITE_BODY = {
    "email": "john.doe@example.com",
    "firstname": "John",
    "lastname": "Doe",
    "role": "Regular User",
}

MEMBERS = [{**MEMBER, "id": n, "email": f"m{n}@example.com"} for n in range(1, 6)]


# --- list ---------------------------------------------------------------------------------


def test_list_sends_the_documented_query_and_decodes_members(api) -> None:
    route = api.get("/members").mock(return_value=paginated([MEMBER], 1, 1, 100, 1))

    with WebWork(TOKEN, workspace_id=1) as client:
        members = client.members.list().to_list()

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/members"
    assert dict(request.url.params) == {"workspace_id": "1", "page": "1", "per_page": "100"}
    assert request.content == b""
    assert_authenticated(request)
    assert members == [EXPECTED]


def test_list_sends_email_status_and_role_filters(api) -> None:
    route = api.get("/members").mock(return_value=ok([]))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.members.list(
            email="john.doe@example.com", status=MemberStatus.LEFT, role="Project manager"
        ).to_list()
        client.members.list(status="unknown", role=MemberRole.OWNER).to_list()

    first, second = (dict(call.request.url.params) for call in route.calls)
    assert first == {
        "workspace_id": "1",
        "email": "john.doe@example.com",
        "status": "left",
        "role": "Project manager",
        "page": "1",
        "per_page": "100",
    }
    assert second["status"] == "unknown"
    assert second["role"] == "Owner"


def test_list_iterates_every_page_of_meta_pagination(api) -> None:
    route = api.get("/members").mock(side_effect=serve_pages(MEMBERS, per_page=2))

    with WebWork(TOKEN, workspace_id=1) as client:
        ids = [m.id for m in client.members.list(per_page=2)]

    assert ids == [1, 2, 3, 4, 5]
    assert requested_pages(route) == [1, 2, 3]


def test_list_without_pagination_is_one_page(api) -> None:
    route = api.get("/members").mock(return_value=ok(MEMBERS[:3]))

    with WebWork(TOKEN, workspace_id=1) as client:
        members = client.members.list(per_page=2).to_list()

    assert [m.id for m in members] == [1, 2, 3]
    assert route.call_count == 1


def test_list_decodes_the_rate_fields_when_you_may_see_them(api) -> None:
    api.get("/members").mock(return_value=ok([MEMBER_WITH_RATES]))

    with WebWork(TOKEN, workspace_id=1) as client:
        [member] = client.members.list().to_list()

    assert member.rate == 25.5
    assert member.rate_status == 1
    assert member.rate_visible is True
    assert member.rate_type is RateType.MEMBER
    assert member.screenshots is ScreenshotMode.BLURRED
    assert member.weekly_hours_limit == 40
    assert member.is_blocked is False
    assert member.created_at == datetime(2025, 2, 19, 19, 24, 55, tzinfo=UTC)
    assert member.deleted_at is None
    assert EXPECTED.rate_visible is None


def test_list_decodes_unknown_roles_and_statuses_without_failing(api) -> None:
    api.get("/members").mock(
        return_value=ok([{**MEMBER, "current_role": "Auditor", "status": "suspended"}])
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        [member] = client.members.list().to_list()

    assert member.current_role == "Auditor" and member.current_role.is_custom
    assert member.status == "suspended" and member.status.is_custom


# --- get ----------------------------------------------------------------------------------


def test_get_sends_the_documented_request_and_decodes_the_member(api) -> None:
    route = api.get("/members/100").mock(return_value=ok(MEMBER, "Member retrieved successfully"))

    with WebWork(TOKEN, workspace_id=1) as client:
        member = client.members.get(100)

    request = last_request(route)
    assert request.method == "GET"
    assert str(request.url) == "https://api.webwork-tracker.com/api/v2/members/100?workspace_id=1"
    assert_authenticated(request)
    assert member == EXPECTED


def test_get_missing_member_raises_not_found(api) -> None:
    api.get("/members/404").mock(return_value=fail(404, "Member not found"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError, match="Member not found"):
            client.members.get(404)


def test_get_member_without_id_raises_response_decode_error(api) -> None:
    api.get("/members/100").mock(return_value=ok({**MEMBER, "id": None}))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            client.members.get(100)


# --- invite -------------------------------------------------------------------------------


def test_invite_sends_the_documented_request_and_decodes_the_invitation(api) -> None:
    route = api.post("/members").mock(return_value=ok(INVITED, "Member invited successfully"))

    with WebWork(TOKEN, workspace_id=1) as client:
        invitation = client.members.invite(
            email="john.doe@example.com",
            firstname="John",
            lastname="Doe",
            role=MemberRole.REGULAR_USER,
        )

    request = last_request(route)
    assert request.method == "POST"
    assert request.url.path == "/api/v2/members"
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == INVITE_BODY
    assert invitation == MemberInvitation(
        user_id=100,
        invitation_link="https://app.webwork-tracker.com/dashboard/accept-invitation/abc123def456",
    )


def test_docs_disagree_invite_sends_workspace_id_in_the_query_as_the_new_page_does(
    api,
) -> None:
    # NEW: POST /members?workspace_id=1 with the member in the body; OLD: workspace_id in the
    # body. The SDK sends the NEW form.
    route = api.post("/members").mock(return_value=ok(INVITED))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.members.invite(
            email="kim@example.com",
            firstname="Kim",
            lastname="Lee",
            role="Project viewer",
            workspace_id=7,
        )

    assert dict(last_request(route).url.params) == {"workspace_id": "7"}
    assert "workspace_id" not in sent_json(route)


def test_invite_is_not_retried_after_a_503(api) -> None:
    route = api.post("/members").mock(return_value=fail(503, "Service Unavailable"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InternalServerError):
            client.members.invite(
                email="kim@example.com", firstname="Kim", lastname="Lee", role="Regular User"
            )

    assert route.call_count == 1


def test_invite_of_someone_already_a_member_raises_unprocessable_entity(api) -> None:
    api.post("/members").mock(
        return_value=fail(
            422,
            "The given data was invalid.",
            errors={"email": ["This user is already a member of the workspace."]},
        )
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(UnprocessableEntityError) as caught:
            client.members.invite(
                email="john.doe@example.com", firstname="John", lastname="Doe", role="Regular User"
            )

    assert caught.value.errors == {"email": ["This user is already a member of the workspace."]}


# --- update -------------------------------------------------------------------------------


def test_update_sends_every_documented_field(api) -> None:
    route = api.put("/members/100").mock(return_value=ok(None, "Member updated successfully"))

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.members.update(
            100,
            email="john.doe@example.com",
            firstname="John",
            lastname="Doe",
            timezone="America/New_York",
            role=MemberRole.TEAM_MANAGER,
            rate_visible=True,
            weekly_hours_limit=40,
            remove_avatar=True,
        )

    request = last_request(route)
    assert request.method == "PUT"
    assert request.url.path == "/api/v2/members/100"
    assert request.url.query == b""
    assert_authenticated(request)
    assert sent_json(route) == {
        "workspace_id": 1,
        "email": "john.doe@example.com",
        "firstname": "John",
        "lastname": "Doe",
        "timezone": "America/New_York",
        "role": "Team manager",
        "rate_status": 1,
        "weekly_hours_limit": 40,
        "remove_avatar": 1,
    }
    assert result is None  # the documented `data: null`


def test_update_sends_only_the_fields_given_and_false_as_zero(api) -> None:
    route = api.put("/members/100").mock(return_value=ok(None))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.members.update(100, rate_visible=False, remove_avatar=False)
        client.members.update(100, weekly_hours_limit=0)

    sent = [json.loads(call.request.content) for call in route.calls]
    assert sent == [
        {"workspace_id": 1, "rate_status": 0, "remove_avatar": 0},
        {"workspace_id": 1, "weekly_hours_limit": 0},
    ]


def test_update_returns_the_member_when_the_server_sends_it(api) -> None:
    api.put("/members/100").mock(return_value=ok({**MEMBER, "current_role": "Team manager"}))

    with WebWork(TOKEN, workspace_id=1) as client:
        member = client.members.update(100, role="Team manager")

    assert member is not None
    assert member.current_role is MemberRole.TEAM_MANAGER


def test_docs_disagree_update_sends_workspace_id_in_the_body_as_the_official_page_does(
    api,
) -> None:
    # The only official PUT page (OLD) has workspace_id in the JSON body; MindCloud sends it
    # in the query. The SDK follows the official page.
    route = api.put("/members/100").mock(return_value=ok(None))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.members.update(100, firstname="Johnny", workspace_id=7)

    assert last_request(route).url.query == b""
    assert sent_json(route) == {"workspace_id": 7, "firstname": "Johnny"}


def test_docs_disagree_update_cannot_set_the_owner_role(api) -> None:
    # §5.20: members and workspaces have six roles, but PUT /members can set only five (no
    # Owner); "Client" exists only on contracts.
    api.route().mock(return_value=ok(None))

    with WebWork(TOKEN, workspace_id=1) as client:
        for role in ("Owner", MemberRole.OWNER, "Client"):
            with pytest.raises(InvalidRequestError) as caught:
                client.members.update(100, role=role)
            assert caught.value.field == "role"
            assert "'Regular User'" in caught.value.problem
        with pytest.raises(InvalidRequestError):
            client.members.list(role="Client")

    assert api.calls.call_count == 0


def test_update_rejected_by_the_server_raises_bad_request(api) -> None:
    api.put("/members/100").mock(return_value=fail(400, "Invalid timezone"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(BadRequestError, match="Invalid timezone"):
            client.members.update(100, timezone="Mars/Olympus_Mons")


def test_update_by_a_regular_user_raises_permission_denied(api) -> None:
    api.put("/members/100").mock(return_value=fail(403, "Forbidden"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(PermissionDeniedError):
            client.members.update(100, role="Executive manager")


# --- archive ------------------------------------------------------------------------------


def test_archive_sends_a_delete_and_returns_nothing(api) -> None:
    route = api.delete("/members/100").mock(return_value=ok(None, "Member archived successfully"))

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.members.archive(100)

    request = last_request(route)
    assert result is None
    assert request.method == "DELETE"
    assert request.url.path == "/api/v2/members/100"
    assert request.content == b""
    assert_authenticated(request)


def test_docs_disagree_archive_sends_workspace_id_in_the_query(api) -> None:
    # No official page documents the parameters; MindCloud's archive-member (which links the
    # NEW page) sends workspace_id in the query, unlike the DELETEs documented with JSON bodies.
    route = api.delete("/members/100").mock(return_value=ok(None))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.members.archive(100, workspace_id=7)

    assert dict(last_request(route).url.params) == {"workspace_id": "7"}
    assert last_request(route).content == b""


def test_archive_missing_member_raises_not_found(api) -> None:
    api.delete("/members/404").mock(return_value=fail(404, "Member not found"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError):
            client.members.archive(404)


# --- arguments are checked before anything is sent ----------------------------------------

BAD_CALLS = [
    # list
    pytest.param(lambda c: c.members.list(email="not-an-email"), "email", id="list-email"),
    pytest.param(lambda c: c.members.list(status="archived"), "status", id="list-status"),
    pytest.param(lambda c: c.members.list(status="Active"), "status", id="list-status-case"),
    pytest.param(lambda c: c.members.list(role="regular user"), "role", id="list-role-case"),
    pytest.param(lambda c: c.members.list(role=3), "role", id="list-role-int"),
    pytest.param(lambda c: c.members.list(per_page=101), "per_page", id="list-per-page"),
    pytest.param(lambda c: c.members.list(max_items=-1), "max_items", id="list-max-items"),
    pytest.param(lambda c: c.members.list(workspace_id=0), "workspace_id", id="list-ws-0"),
    # get, archive
    pytest.param(lambda c: c.members.get(0), "member_id", id="get-0"),
    pytest.param(lambda c: c.members.get("100"), "member_id", id="get-str"),
    pytest.param(lambda c: c.members.get(True), "member_id", id="get-true"),
    pytest.param(lambda c: c.members.archive(-1), "member_id", id="archive-neg"),
    # invite
    pytest.param(
        lambda c: c.members.invite(email="x", firstname="A", lastname="B", role="Regular User"),
        "email",
        id="invite-email",
    ),
    pytest.param(
        lambda c: c.members.invite(
            email="a@example.com", firstname=" ", lastname="B", role="Regular User"
        ),
        "firstname",
        id="invite-firstname-blank",
    ),
    pytest.param(
        lambda c: c.members.invite(
            email="a@example.com", firstname="A", lastname=None, role="Regular User"
        ),
        "lastname",
        id="invite-lastname-none",
    ),
    pytest.param(
        lambda c: c.members.invite(
            email="a@example.com", firstname="A", lastname="B", role=MemberRole.OWNER
        ),
        "role",
        id="invite-owner",
    ),
    pytest.param(
        lambda c: c.members.invite(
            email="a@example.com", firstname="A", lastname="B", role="Admin"
        ),
        "role",
        id="invite-unknown-role",
    ),
    # update
    pytest.param(lambda c: c.members.update(100), "update", id="update-nothing"),
    pytest.param(lambda c: c.members.update(0, firstname="A"), "member_id", id="update-id-0"),
    pytest.param(lambda c: c.members.update(100, email="nope"), "email", id="update-email"),
    pytest.param(lambda c: c.members.update(100, firstname=""), "firstname", id="update-empty"),
    pytest.param(lambda c: c.members.update(100, lastname=None), "lastname", id="update-none"),
    pytest.param(lambda c: c.members.update(100, timezone=""), "timezone", id="update-tz"),
    pytest.param(
        lambda c: c.members.update(100, rate_visible=1), "rate_visible", id="update-rate-int"
    ),
    pytest.param(
        lambda c: c.members.update(100, remove_avatar="yes"), "remove_avatar", id="update-avatar"
    ),
    pytest.param(
        lambda c: c.members.update(100, weekly_hours_limit=169),
        "weekly_hours_limit",
        id="update-hours-169",
    ),
    pytest.param(
        lambda c: c.members.update(100, weekly_hours_limit=-1),
        "weekly_hours_limit",
        id="update-hours-neg",
    ),
    pytest.param(
        lambda c: c.members.update(100, weekly_hours_limit=40.5),
        "weekly_hours_limit",
        id="update-hours-float",
    ),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
def test_bad_arguments_raise_before_sending(api, call, field) -> None:
    api.route().mock(return_value=ok(MEMBER))  # would answer anything that got sent

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == field
    assert api.calls.call_count == 0


NEEDS_WORKSPACE = [
    pytest.param(lambda c: c.members.list(), id="list"),
    pytest.param(lambda c: c.members.get(100), id="get"),
    pytest.param(
        lambda c: c.members.invite(
            email="a@example.com", firstname="A", lastname="B", role="Regular User"
        ),
        id="invite",
    ),
    pytest.param(lambda c: c.members.update(100, firstname="A"), id="update"),
    pytest.param(lambda c: c.members.archive(100), id="archive"),
]


@pytest.mark.parametrize("call", NEEDS_WORKSPACE)
def test_workspace_id_is_required_when_the_client_has_none(api, call) -> None:
    api.route().mock(return_value=ok(MEMBER))

    with WebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == "workspace_id"
    assert api.calls.call_count == 0
