# This file is generated from tests/_async/test_projects.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
"""client.projects: list, get, create, update, delete.

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. Request bodies and the example project are the documented ones
(seed 003, API reference §3.3).
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import httpx
import pytest

from support import (
    BASE_URL,
    PROJECT,
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
    APIStatusError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    Project,
    ProjectTag,
    ResponseDecodeError,
    UnprocessableEntityError,
    WebWork,
)

UTC = timezone.utc

# The body of the documented `POST /projects` curl example (seed 003), without the
# `workspace_id` of the older page: the newest page sends it in the query (§3.3, §1.6).
CREATE_EXAMPLE_BODY = {
    "name": "Marketing Campaign Q1",
    "start_date": "2024-01-15",
    "deadline": "2024-03-31",
    "estimation": 120,
    "budget": 5000,
    "notes": "Focus on social media channels",
    "icon": "project-icon-1",
}
# The body of the documented `PUT /projects/100` curl example (seed 003), its `workspace_id`
# in the query as for create.
UPDATE_EXAMPLE_BODY = {
    "name": "Marketing Campaign Q1 Updated",
    "start_date": "2024-01-15",
    "deadline": "2024-04-30",
    "estimation": 150,
    "budget": 6000,
    "notes": "Updated focus areas",
    "icon": "project-icon-2",
}

# The documented example project, as the SDK should decode it.
EXPECTED = Project(
    id=100,
    name="Marketing Campaign Q1",
    owner_id=10,
    start_date=date(2024, 1, 15),
    deadline=date(2024, 3, 31),
    estimation=120.0,
    budget_estimation=5000.0,
    notes="Focus on social media channels",
    icon="project-icon-1",
    is_billable=True,
    rate=0.0,
    weekly_hours_limit=168,
    screenshots="blur",
    tags=(ProjectTag(id=7, name="marketing", color="#ff0000"),),
    contracts_count=3,
    status=1,
    created_at=datetime(2024, 1, 15, 9, 0, tzinfo=UTC),
    updated_at=datetime(2024, 1, 15, 9, 0, tzinfo=UTC),
    deleted_at=None,
)

PROJECTS = [{**PROJECT, "id": n, "name": f"Project {n}"} for n in range(1, 6)]


# --- list ---------------------------------------------------------------------------------


def test_list_sends_the_documented_query_and_decodes_projects(api) -> None:
    route = api.get("/projects").mock(return_value=ok([PROJECT]))

    with WebWork(TOKEN, workspace_id=1) as client:
        projects = client.projects.list().to_list()

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/projects"
    assert dict(request.url.params) == {"workspace_id": "1", "page": "1", "per_page": "100"}
    assert request.content == b""
    assert_authenticated(request)
    assert projects == [EXPECTED]


def test_list_filters_by_name(api) -> None:
    route = api.get("/projects").mock(return_value=ok([PROJECT]))

    with WebWork(TOKEN, workspace_id=1) as client:
        projects = client.projects.list(name="marketing", per_page=10).to_list()

    assert dict(last_request(route).url.params) == {
        "workspace_id": "1",
        "name": "marketing",
        "page": "1",
        "per_page": "10",
    }
    assert [p.name for p in projects] == ["Marketing Campaign Q1"]


def test_list_iterates_every_item_of_every_page(api) -> None:
    route = api.get("/projects").mock(side_effect=serve_pages(PROJECTS, per_page=2))

    with WebWork(TOKEN, workspace_id=1) as client:
        names = [p.name for p in client.projects.list(per_page=2)]

    assert names == ["Project 1", "Project 2", "Project 3", "Project 4", "Project 5"]
    assert requested_pages(route) == [1, 2, 3]


def test_list_pages_tell_number_last_page_and_total(api) -> None:
    api.get("/projects").mock(side_effect=serve_pages(PROJECTS, per_page=2))

    with WebWork(TOKEN, workspace_id=1) as client:
        pages = [
            (page.number, page.last_page, page.total, [p.id for p in page])
            for page in client.projects.list(per_page=2).pages()
        ]

    assert pages == [(1, 3, 5, [1, 2]), (2, 3, 5, [3, 4]), (3, 3, 5, [5])]


# Stopping early abandons the pager's inner `pages()` async generator without closing it
# (see test_tasks.py::test_list_max_items_closes_what_it_abandons).
@pytest.mark.filterwarnings("ignore:Async generator:ResourceWarning")
def test_list_max_items_requests_no_page_beyond_what_it_needs(api) -> None:
    route = api.get("/projects").mock(side_effect=serve_pages(PROJECTS, per_page=1))

    with WebWork(TOKEN, workspace_id=1) as client:
        projects = client.projects.list(per_page=1, max_items=2).to_list()

    assert [p.id for p in projects] == [1, 2]
    assert requested_pages(route) == [1, 2]


def test_list_without_pagination_is_one_page(api) -> None:
    # The documented example has no pagination object although the list is "paginated".
    route = api.get("/projects").mock(return_value=ok(PROJECTS[:2]))

    with WebWork(TOKEN, workspace_id=1) as client:
        pages = [
            (page.number, page.last_page, page.total, [p.id for p in page])
            for page in client.projects.list(per_page=2).pages()
        ]

    assert route.call_count == 1
    assert pages == [(1, None, None, [1, 2])]


def test_list_follows_top_level_pagination(api) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        pagination = {"current_page": number, "per_page": 3, "total": 5, "last_page": 2}
        return ok(PROJECTS[(number - 1) * 3 : number * 3], pagination=pagination)

    route = api.get("/projects").mock(side_effect=respond)

    with WebWork(TOKEN, workspace_id=1) as client:
        projects = client.projects.list(per_page=3).to_list()

    assert [p.id for p in projects] == [1, 2, 3, 4, 5]
    assert requested_pages(route) == [1, 2]


def test_list_treats_data_object_as_empty(api) -> None:
    api.get("/projects").mock(return_value=ok({}))

    with WebWork(TOKEN, workspace_id=1) as client:
        assert client.projects.list().to_list() == []


# --- get ----------------------------------------------------------------------------------


def test_get_sends_the_documented_request_and_decodes_the_example(api) -> None:
    route = api.get("/projects/100").mock(
        return_value=ok(PROJECT, "Project retrieved successfully")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        project = client.projects.get(100)

    request = last_request(route)
    # The seed's curl: GET /projects/100?workspace_id=1
    assert request.method == "GET"
    assert str(request.url) == f"{BASE_URL}/projects/100?workspace_id=1"
    assert_authenticated(request)
    assert project == EXPECTED
    assert type(project.deadline) is date
    assert project.created_at is not None and project.created_at.tzinfo is not None


def test_get_project_with_nulls_and_without_tags(api) -> None:
    bare = {
        **PROJECT,
        "start_date": None,
        "deadline": None,
        "estimation": None,
        "budget_estimation": None,
        "rate": None,
        "notes": None,
        "tags": [],
    }
    api.get("/projects/100").mock(return_value=ok(bare))

    with WebWork(TOKEN, workspace_id=1) as client:
        project = client.projects.get(100)

    assert project.start_date is None and project.deadline is None
    assert project.estimation is None and project.budget_estimation is None
    assert project.rate is None and project.notes is None
    assert project.tags == ()


def test_get_workspace_id_per_call_overrides_the_client_default(api) -> None:
    route = api.get("/projects/100").mock(return_value=ok(PROJECT))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.projects.get(100, workspace_id=9)

    assert dict(last_request(route).url.params) == {"workspace_id": "9"}


def test_get_missing_project_raises_not_found_with_the_server_message(api) -> None:
    api.get("/projects/404").mock(return_value=fail(404, "Project not found"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError) as caught:
            client.projects.get(404)

    assert caught.value.message == "Project not found"
    assert caught.value.status_code == 404


def test_get_success_false_with_http_200_is_an_error(api) -> None:
    api.get("/projects/100").mock(
        return_value=httpx.Response(
            200, json={"success": False, "message": "Project is archived", "error": None}
        )
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(APIStatusError) as caught:
            client.projects.get(100)

    assert caught.value.status_code == 200
    assert caught.value.message == "Project is archived"


def test_get_html_body_raises_response_decode_error(api) -> None:
    api.get("/projects/100").mock(
        return_value=httpx.Response(200, text="<!DOCTYPE html><title>Bad gateway</title>")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError) as caught:
            client.projects.get(100)

    assert "Bad gateway" in caught.value.body


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param({"id": "abc"}, id="id-not-a-number"),
        pytest.param({"tags": "marketing"}, id="tags-not-a-list"),
        pytest.param({"tags": [{"id": 7}]}, id="tag-without-name"),
        pytest.param({"estimation": [120]}, id="estimation-list"),
        pytest.param({"is_billable": "yes"}, id="billable-string"),
        pytest.param({"deadline": 20240331}, id="deadline-number"),
    ],
)
def test_get_wrong_typed_project_raises_response_decode_error(api, broken) -> None:
    api.get("/projects/100").mock(return_value=ok({**PROJECT, **broken}))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            client.projects.get(100)


# --- create -------------------------------------------------------------------------------


def test_create_sends_the_documented_body(api) -> None:
    route = api.post("/projects").mock(
        return_value=ok(PROJECT, "Project created successfully", status=201)
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        project = client.projects.create(
            name="Marketing Campaign Q1",
            start_date=date(2024, 1, 15),
            deadline="2024-03-31",
            estimation=120,
            budget=5000,
            notes="Focus on social media channels",
            icon="project-icon-1",
        )

    request = last_request(route)
    assert request.method == "POST"
    assert request.url.path == "/api/v2/projects"
    assert request.url.query == b"workspace_id=1"
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == CREATE_EXAMPLE_BODY
    assert project == EXPECTED
    assert project.budget_estimation == 5000  # what was sent as `budget`


def test_create_sends_only_the_name_when_nothing_else_is_given(api) -> None:
    route = api.post("/projects").mock(return_value=ok(PROJECT, status=201))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.projects.create(name="Marketing Campaign Q1", workspace_id=4)

    assert last_request(route).url.query == b"workspace_id=4"
    assert sent_json(route) == {"name": "Marketing Campaign Q1"}


def test_create_is_not_retried_after_a_503(api) -> None:
    route = api.post("/projects").mock(return_value=fail(503, "Service Unavailable"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InternalServerError):
            client.projects.create(name="Only once")

    assert route.call_count == 1


def test_create_by_a_non_owner_is_forbidden(api) -> None:
    api.post("/projects").mock(
        return_value=fail(403, "Only workspace owners and executive managers can create")
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(PermissionDeniedError) as caught:
            client.projects.create(name="Marketing Campaign Q1")

    assert caught.value.message == "Only workspace owners and executive managers can create"


def test_create_rejected_fields_are_in_errors(api) -> None:
    api.post("/projects").mock(
        return_value=fail(
            422,
            "The given data was invalid.",
            errors={"name": ["The name has already been taken."]},
        )
    )

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(UnprocessableEntityError) as caught:
            client.projects.create(name="Marketing Campaign Q1")

    assert caught.value.errors == {"name": ["The name has already been taken."]}


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_create_non_finite_estimation_is_an_invalid_request(api, value) -> None:
    api.route().mock(return_value=ok(PROJECT))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            client.projects.create(name="Marketing Campaign Q1", estimation=value)

    assert caught.value.field == "estimation"
    assert api.calls.call_count == 0


# --- update -------------------------------------------------------------------------------


def test_update_sends_the_documented_body(api) -> None:
    route = api.put("/projects/100").mock(return_value=ok(PROJECT, "Project updated successfully"))

    with WebWork(TOKEN, workspace_id=1) as client:
        project = client.projects.update(
            100,
            name="Marketing Campaign Q1 Updated",
            start_date="2024-01-15",
            deadline=date(2024, 4, 30),
            estimation=150,
            budget=6000,
            notes="Updated focus areas",
            icon="project-icon-2",
        )

    request = last_request(route)
    assert request.method == "PUT"
    assert request.url.path == "/api/v2/projects/100"
    assert request.url.query == b"workspace_id=1"
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == UPDATE_EXAMPLE_BODY
    assert project == EXPECTED


def test_update_sends_only_the_fields_given(api) -> None:
    route = api.put("/projects/100").mock(return_value=ok(PROJECT))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.projects.update(100, name="Renamed")
        first = sent_json(route)
        client.projects.update(100, deadline=date(2024, 6, 30), estimation=0.5)

    assert first == {"name": "Renamed"}
    assert sent_json(route) == {"deadline": "2024-06-30", "estimation": 0.5}
    assert [call.request.url.query for call in route.calls] == [b"workspace_id=1"] * 2


def test_update_is_retried_after_a_429(api) -> None:
    too_many = httpx.Response(
        429, headers={"Retry-After": "0"}, json={"success": False, "message": "Too Many Attempts."}
    )
    route = api.put("/projects/100").mock(side_effect=[too_many, ok(PROJECT)])

    with WebWork(TOKEN, workspace_id=1) as client:
        project = client.projects.update(100, notes="n")

    assert route.call_count == 2
    assert project.id == 100


# --- delete -------------------------------------------------------------------------------


def test_delete_sends_the_workspace_in_a_json_body(api) -> None:
    route = api.delete("/projects/100").mock(return_value=ok(None, "Project deleted successfully"))

    with WebWork(TOKEN, workspace_id=1) as client:
        result = client.projects.delete(100)

    request = last_request(route)
    assert result is None
    assert request.method == "DELETE"
    assert request.url.path == "/api/v2/projects/100"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 1}  # the seed's curl body


def test_delete_workspace_id_per_call_overrides_the_client_default(api) -> None:
    route = api.delete("/projects/100").mock(return_value=ok(None))

    with WebWork(TOKEN, workspace_id=1) as client:
        client.projects.delete(100, workspace_id=2)

    assert sent_json(route) == {"workspace_id": 2}


def test_delete_missing_project_raises_not_found(api) -> None:
    api.delete("/projects/404").mock(return_value=fail(404, "Project not found"))

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError, match="Project not found"):
            client.projects.delete(404)


# --- arguments are checked before anything is sent ----------------------------------------

BAD_CALLS = [
    # list
    pytest.param(lambda c: c.projects.list(name=""), "name", id="list-name-empty"),
    pytest.param(lambda c: c.projects.list(name=5), "name", id="list-name-int"),
    pytest.param(lambda c: c.projects.list(per_page=0), "per_page", id="list-per-page-0"),
    pytest.param(lambda c: c.projects.list(per_page=101), "per_page", id="list-per-page-101"),
    pytest.param(lambda c: c.projects.list(per_page=True), "per_page", id="list-per-page-true"),
    pytest.param(lambda c: c.projects.list(max_items=-1), "max_items", id="list-max-items-neg"),
    pytest.param(lambda c: c.projects.list(workspace_id=-1), "workspace_id", id="list-ws-neg"),
    # get, delete
    pytest.param(lambda c: c.projects.get(0), "project_id", id="get-0"),
    pytest.param(lambda c: c.projects.get(True), "project_id", id="get-true"),
    pytest.param(lambda c: c.projects.get("100"), "project_id", id="get-str"),
    pytest.param(lambda c: c.projects.get(100, workspace_id=True), "workspace_id", id="get-ws"),
    pytest.param(lambda c: c.projects.delete(-100), "project_id", id="delete-neg"),
    # create
    pytest.param(lambda c: c.projects.create(name=""), "name", id="create-name-empty"),
    pytest.param(lambda c: c.projects.create(name=" \t"), "name", id="create-name-blank"),
    pytest.param(lambda c: c.projects.create(name=None), "name", id="create-name-none"),
    pytest.param(
        lambda c: c.projects.create(name="x", start_date="2024-03-31", deadline="2024-01-15"),
        "deadline",
        id="create-deadline-before-start",
    ),
    pytest.param(
        lambda c: c.projects.create(name="x", start_date=datetime(2024, 1, 15, 9)),
        "start_date",
        id="create-datetime",
    ),
    pytest.param(
        lambda c: c.projects.create(name="x", deadline="2024-13-01"),
        "deadline",
        id="create-bad-date",
    ),
    pytest.param(
        lambda c: c.projects.create(name="x", estimation=-1), "estimation", id="create-est-neg"
    ),
    pytest.param(
        lambda c: c.projects.create(name="x", estimation="120"), "estimation", id="create-est-str"
    ),
    pytest.param(lambda c: c.projects.create(name="x", budget=True), "budget", id="create-budget"),
    pytest.param(lambda c: c.projects.create(name="x", notes=5), "notes", id="create-notes-int"),
    pytest.param(lambda c: c.projects.create(name="x", icon=b"i"), "icon", id="create-icon-bytes"),
    # update
    pytest.param(lambda c: c.projects.update(100), "update", id="update-nothing"),
    pytest.param(lambda c: c.projects.update(0, name="x"), "project_id", id="update-0"),
    pytest.param(lambda c: c.projects.update(True, name="x"), "project_id", id="update-true"),
    pytest.param(lambda c: c.projects.update(100, name=""), "name", id="update-name-empty"),
    pytest.param(
        lambda c: c.projects.update(100, start_date=date(2024, 5, 1), deadline=date(2024, 4, 30)),
        "deadline",
        id="update-deadline-before-start",
    ),
    pytest.param(
        lambda c: c.projects.update(100, deadline=datetime(2024, 4, 30)),
        "deadline",
        id="update-datetime",
    ),
    pytest.param(
        lambda c: c.projects.update(100, start_date="2024/01/15"),
        "start_date",
        id="update-bad-date",
    ),
    pytest.param(lambda c: c.projects.update(100, budget=-5), "budget", id="update-budget-neg"),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
def test_bad_arguments_raise_before_sending(api, call, field) -> None:
    api.route().mock(return_value=ok(PROJECT))  # would answer anything that got sent

    with WebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)
    assert api.calls.call_count == 0


NEEDS_WORKSPACE = [
    pytest.param(lambda c: c.projects.list(), id="list"),
    pytest.param(lambda c: c.projects.get(100), id="get"),
    pytest.param(lambda c: c.projects.create(name="x"), id="create"),
    pytest.param(lambda c: c.projects.update(100, name="x"), id="update"),
    pytest.param(lambda c: c.projects.delete(100), id="delete"),
]


@pytest.mark.parametrize("call", NEEDS_WORKSPACE)
def test_workspace_id_is_required_when_the_client_has_none(api, call) -> None:
    api.route().mock(return_value=ok(PROJECT))

    with WebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            call(client)

    assert caught.value.field == "workspace_id"
    assert api.calls.call_count == 0
