# This file is generated from tests/_async/test_project_viewers.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""client.project_viewers: list, get, create, archive, restore, assign_project, unassign_project.

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. Requests and example responses are the documented ones (API
reference §3.6): the OLD docs type a viewer's id as an integer, the NEW ones as a string; the
list has no pagination object in its schema; DELETEs carry JSON bodies.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import httpx
import pytest

from support import (
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
    BadRequestError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    ResponseDecodeError,
    WebWork,
)
from webwork_async.models._project_viewers import ProjectViewer, ViewerProject
from webwork_async.models._workspaces import MemberStatus

UTC = timezone.utc

# The documented viewer (MD-OLD project-viewers/createprojectviewer and getprojectviewer; the
# elided `projects` list filled in as the schema describes it).
VIEWER = {
    "id": 100,
    "email": "viewer@example.com",
    "firstname": "John",
    "lastname": "Doe",
    "status": "active",
    "member_since": "2024-01-15T09:00:00Z",
    "projects": [{"project_id": 100, "project_name": "Marketing Campaign Q1"}],
}
# The same viewer as the NEW docs type it: a string id.
VIEWER_NEW = {**VIEWER, "id": "a1b2c3d4e5"}
EXPECTED = ProjectViewer(
    id=100,
    email="viewer@example.com",
    firstname="John",
    lastname="Doe",
    status=MemberStatus.ACTIVE,
    member_since=datetime(2024, 1, 15, 9, 0, tzinfo=UTC),
    projects=(ViewerProject(project_id=100, project_name="Marketing Campaign Q1"),),
)
CREATE_BODY = {
    "workspace_id": 1,
    "email": "viewer@example.com",
    "firstname": "John",
    "lastname": "Doe",
}

VIEWERS = [{**VIEWER, "id": n, "email": f"v{n}@example.com"} for n in range(1, 6)]


# --- list ---------------------------------------------------------------------------------


def test_list_sends_the_documented_query_and_decodes_viewers(api) -> None:
    route = api.get("/project-viewers").mock(return_value=ok([VIEWER]))

    with WebWork(TOKEN, workspace_id=1) as client:
        viewers = client.project_viewers.list().to_list()

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/project-viewers"
    assert dict(request.url.params) == {"workspace_id": "1", "page": "1", "per_page": "100"}
    assert request.content == b""
    assert_authenticated(request)
    assert viewers == [EXPECTED]


def test_list_filters_by_email(api) -> None:
    route = api.get("/project-viewers").mock(return_value=ok([VIEWER]))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.project_viewers.list(email="viewer@example.com", per_page=10).to_list()

    assert dict(last_request(route).url.params) == {
        "workspace_id": "1",
        "email": "viewer@example.com",
        "page": "1",
        "per_page": "10",
    }


def test_docs_disagree_viewer_list_without_pagination_is_one_page(api) -> None:
    # "Paginated", but the documented schema has no pagination object: one page is the list.
    route = api.get("/project-viewers").mock(return_value=ok(VIEWERS[:3]))

    with WebWork(TOKEN, workspace_id=1) as client:
        pages = [
            (page.number, page.last_page, page.total, [v.id for v in page])
            for page in client.project_viewers.list(per_page=2).pages()
        ]

    assert pages == [(1, None, None, [1, 2, 3])]
    assert route.call_count == 1


def test_list_follows_meta_pagination_when_there_is_one(api) -> None:
    route = api.get("/project-viewers").mock(side_effect=serve_pages(VIEWERS, per_page=2))

    with WebWork(TOKEN, workspace_id=1) as client:
        ids = [v.id for v in client.project_viewers.list(per_page=2)]

    assert ids == [1, 2, 3, 4, 5]
    assert requested_pages(route) == [1, 2, 3]


def test_docs_disagree_viewer_list_data_object_is_an_empty_list(api) -> None:
    # The NEW pages' sparse spec shows `data: {}` where the OLD page shows a list.
    api.get("/project-viewers").mock(return_value=ok({}, "string"))

    with WebWork(TOKEN, workspace_id=1) as client:
        assert client.project_viewers.list().to_list() == []


def test_list_decodes_a_viewer_without_projects_or_status(api) -> None:
    api.get("/project-viewers").mock(
        return_value=ok([{**VIEWER, "status": None, "member_since": None, "projects": []}])
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        [viewer] = client.project_viewers.list().to_list()

    assert viewer.status is None
    assert viewer.member_since is None
    assert viewer.projects == ()


# --- get ----------------------------------------------------------------------------------


def test_get_sends_the_documented_request_and_decodes_the_viewer(api) -> None:
    route = api.get("/project-viewers/100").mock(
        return_value=ok(VIEWER, "Project viewer retrieved successfully")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        viewer = client.project_viewers.get(100)

    request = last_request(route)
    assert request.method == "GET"
    assert (
        str(request.url)
        == "https://api.webwork-tracker.com/api/v2/project-viewers/100?workspace_id=1"
    )
    assert_authenticated(request)
    assert viewer == EXPECTED


def test_docs_disagree_viewer_id_is_an_int_in_old_docs_and_a_string_in_new(api) -> None:
    # OLD: viewerId integer; NEW (unassign page): string. Both go in the path and both decode,
    # each kept as the server sent it.
    old = api.get("/project-viewers/100").mock(return_value=ok(VIEWER))
    new = api.get("/project-viewers/a1b2c3d4e5").mock(return_value=ok(VIEWER_NEW))
    unassign = api.delete("/project-viewers/a1b2c3d4e5/unassign-project").mock(
        return_value=ok(None)
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        by_int = client.project_viewers.get(100)
        by_str = client.project_viewers.get("a1b2c3d4e5")
        client.project_viewers.unassign_project(by_str.id, project_id=100)

    assert old.call_count == new.call_count == unassign.call_count == 1
    assert by_int.id == 100 and type(by_int.id) is int
    assert by_str.id == "a1b2c3d4e5" and type(by_str.id) is str
    assert by_str == ProjectViewer(
        id="a1b2c3d4e5",
        email=EXPECTED.email,
        firstname=EXPECTED.firstname,
        lastname=EXPECTED.lastname,
        status=EXPECTED.status,
        member_since=EXPECTED.member_since,
        projects=EXPECTED.projects,
    )


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param({"id": None}, id="id-null"),
        pytest.param({"id": True}, id="id-bool"),
        pytest.param({"id": 1.5}, id="id-float"),
        pytest.param({"id": ""}, id="id-empty"),
        pytest.param({"projects": [100]}, id="project-not-an-object"),
        pytest.param({"member_since": "last year"}, id="bad-timestamp"),
    ],
)
def test_get_wrong_typed_viewer_raises_response_decode_error(api, broken) -> None:
    api.get("/project-viewers/100").mock(return_value=ok({**VIEWER, **broken}))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            client.project_viewers.get(100)


def test_get_missing_viewer_raises_not_found(api) -> None:
    api.get("/project-viewers/404").mock(return_value=fail(404, "Project viewer not found"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError, match="Project viewer not found"):
            client.project_viewers.get(404)


# --- create -------------------------------------------------------------------------------


def test_create_sends_the_documented_body_and_decodes_the_201(api) -> None:
    route = api.post("/project-viewers").mock(
        return_value=ok(VIEWER, "Project viewer created successfully", status=201)
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        viewer = client.project_viewers.create(
            email="viewer@example.com", firstname="John", lastname="Doe"
        )

    request = last_request(route)
    assert request.method == "POST"
    assert request.url.path == "/api/v2/project-viewers"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == CREATE_BODY
    assert viewer == EXPECTED


def test_create_is_not_retried_after_a_503(api) -> None:
    route = api.post("/project-viewers").mock(return_value=fail(503, "Service Unavailable"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InternalServerError):
            client.project_viewers.create(
                email="viewer@example.com", firstname="John", lastname="Doe"
            )

    assert route.call_count == 1


def test_create_by_a_team_manager_raises_permission_denied(api) -> None:
    api.post("/project-viewers").mock(return_value=fail(403, "Forbidden"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(PermissionDeniedError):
            client.project_viewers.create(
                email="viewer@example.com", firstname="John", lastname="Doe"
            )


# --- archive, restore ---------------------------------------------------------------------


def test_archive_sends_a_delete_with_workspace_id_in_a_json_body(api) -> None:
    route = api.delete("/project-viewers/100").mock(return_value=ok(None))

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.project_viewers.archive(100)

    request = last_request(route)
    assert result is None
    assert request.method == "DELETE"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 1}


def test_restore_posts_to_the_restore_path(api) -> None:
    route = api.post("/project-viewers/a1b2c3d4e5/restore").mock(return_value=ok(VIEWER_NEW))

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.project_viewers.restore("a1b2c3d4e5", workspace_id=7)

    request = last_request(route)
    assert result is None
    assert request.method == "POST"
    assert request.url.path == "/api/v2/project-viewers/a1b2c3d4e5/restore"
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 7}


def test_restore_of_a_viewer_that_is_not_archived_raises_bad_request(api) -> None:
    api.post("/project-viewers/100/restore").mock(
        return_value=fail(400, "Project viewer is not archived")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(BadRequestError, match="not archived"):
            client.project_viewers.restore(100)


# --- assign_project, unassign_project -----------------------------------------------------


def test_assign_project_sends_the_documented_body(api) -> None:
    route = api.post("/project-viewers/100/assign-project").mock(
        return_value=ok(None, "Project assigned to viewer successfully")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.project_viewers.assign_project(100, project_id=200)

    request = last_request(route)
    assert result is None
    assert request.method == "POST"
    assert request.url.path == "/api/v2/project-viewers/100/assign-project"
    assert request.url.query == b""
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 1, "project_id": 200}


def test_unassign_project_sends_a_delete_with_a_json_body(api) -> None:
    route = api.delete("/project-viewers/100/unassign-project").mock(
        return_value=ok(None, "Project unassigned from viewer successfully")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.project_viewers.unassign_project(100, project_id=200)

    request = last_request(route)
    assert result is None
    assert request.method == "DELETE"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 1, "project_id": 200}


def test_assign_project_of_a_missing_project_raises_not_found(api) -> None:
    api.post("/project-viewers/100/assign-project").mock(
        return_value=fail(404, "Project not found")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError, match="Project not found"):
            client.project_viewers.assign_project(100, project_id=999)


def test_unassign_project_server_error_raises_internal_server_error(api) -> None:
    # The NEW unassign page documents a 500.
    route = api.delete("/project-viewers/100/unassign-project").mock(
        return_value=fail(500, "An error occurred", error="Internal Server Error")
    )

    with WebWork(TOKEN, workspace_id=1, max_retries=0) as client:
        with pytest.raises(InternalServerError) as caught:
            client.project_viewers.unassign_project(100, project_id=200)

    assert route.call_count == 1
    assert caught.value.error == "Internal Server Error"


def test_assign_and_unassign_are_retried_after_a_429(api) -> None:
    too_many = httpx.Response(
        429, headers={"Retry-After": "0"}, json={"success": False, "message": "Too Many Attempts."}
    )
    assign = api.post("/project-viewers/100/assign-project").mock(side_effect=[too_many, ok(None)])
    unassign = api.delete("/project-viewers/100/unassign-project").mock(
        side_effect=[too_many, ok(None)]
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        client.project_viewers.assign_project(100, project_id=200)
        client.project_viewers.unassign_project(100, project_id=200)

    assert assign.call_count == unassign.call_count == 2
    assert [json.loads(call.request.content) for call in unassign.calls] == [
        {"workspace_id": 1, "project_id": 200}
    ] * 2


# --- arguments are checked before anything is sent ----------------------------------------

BAD_CALLS = [
    # list
    pytest.param(lambda c: c.project_viewers.list(email="viewer"), "email", id="list-email"),
    pytest.param(lambda c: c.project_viewers.list(per_page=101), "per_page", id="list-per-page"),
    pytest.param(lambda c: c.project_viewers.list(max_items=-1), "max_items", id="list-max"),
    # viewer ids: positive ints or URL-safe strings
    pytest.param(lambda c: c.project_viewers.get(0), "viewer_id", id="get-0"),
    pytest.param(lambda c: c.project_viewers.get(True), "viewer_id", id="get-true"),
    pytest.param(lambda c: c.project_viewers.get(""), "viewer_id", id="get-empty"),
    pytest.param(lambda c: c.project_viewers.get("a/b"), "viewer_id", id="get-slash"),
    pytest.param(lambda c: c.project_viewers.get(None), "viewer_id", id="get-none"),
    pytest.param(lambda c: c.project_viewers.archive(-1), "viewer_id", id="archive-neg"),
    pytest.param(lambda c: c.project_viewers.restore("../x"), "viewer_id", id="restore-dots"),
    pytest.param(
        lambda c: c.project_viewers.assign_project(1.5, project_id=200),
        "viewer_id",
        id="assign-float",
    ),
    pytest.param(
        lambda c: c.project_viewers.unassign_project("a b", project_id=200),
        "viewer_id",
        id="unassign-space",
    ),
    # project ids
    pytest.param(
        lambda c: c.project_viewers.assign_project(100, project_id=0),
        "project_id",
        id="assign-project-0",
    ),
    pytest.param(
        lambda c: c.project_viewers.unassign_project(100, project_id="200"),
        "project_id",
        id="unassign-project-str",
    ),
    # create
    pytest.param(
        lambda c: c.project_viewers.create(email="nope", firstname="J", lastname="D"),
        "email",
        id="create-email",
    ),
    pytest.param(
        lambda c: c.project_viewers.create(email="v@example.com", firstname="", lastname="D"),
        "firstname",
        id="create-firstname",
    ),
    pytest.param(
        lambda c: c.project_viewers.create(email="v@example.com", firstname="J", lastname=" "),
        "lastname",
        id="create-lastname",
    ),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
def test_bad_arguments_raise_before_sending(api, call, field) -> None:
    api.route().mock(return_value=ok(VIEWER))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == field
    assert api.calls.call_count == 0


NEEDS_WORKSPACE = [
    pytest.param(lambda c: c.project_viewers.list(), id="list"),
    pytest.param(lambda c: c.project_viewers.get(100), id="get"),
    pytest.param(
        lambda c: c.project_viewers.create(email="v@example.com", firstname="J", lastname="D"),
        id="create",
    ),
    pytest.param(lambda c: c.project_viewers.archive(100), id="archive"),
    pytest.param(lambda c: c.project_viewers.restore(100), id="restore"),
    pytest.param(lambda c: c.project_viewers.assign_project(100, project_id=200), id="assign"),
    pytest.param(lambda c: c.project_viewers.unassign_project(100, project_id=200), id="unassign"),
]


@pytest.mark.parametrize("call", NEEDS_WORKSPACE)
def test_workspace_id_is_required_when_the_client_has_none(api, call) -> None:
    api.route().mock(return_value=ok(VIEWER))

    with WebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == "workspace_id"
    assert api.calls.call_count == 0
