"""client.tasks: list, get, create, update, delete, assignees, assign, unassign.

Each test makes a user's call against a respx-mocked server and checks what the server received
(method, path, query, JSON body, headers) and what the user got back. Request bodies and
example responses are the ones in the docs (seeds 000-002, API reference §3.5).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import httpx
import pytest

from support import (
    BASE_URL,
    TASK_NEW,
    TASK_OLD,
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
    Assignee,
    AsyncWebWork,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    ResponseDecodeError,
    Task,
    TaskAssignment,
    TaskPriority,
    TaskStatus,
    UnprocessableEntityError,
)

UTC = timezone.utc

# The body of the documented `POST /tasks` curl example (seed 000, OLD generation).
CREATE_EXAMPLE_BODY = {
    "workspace_id": 1,
    "project_id": 100,
    "title": "Implement user authentication",
    "description": "Add OAuth2 authentication support",
    "status": 0,
    "priority": 30,
    "start_date": "2024-01-15",
    "end_date": "2024-01-30",
    "assignees": [100, 101],
}
# The body of the documented `PUT /tasks/500` curl example (seed 000).
UPDATE_EXAMPLE_BODY = {
    "workspace_id": 1,
    "project_id": 100,
    "title": "Implement user authentication",
    "description": "Add OAuth2 authentication support",
    "status": 10,
    "priority": 20,
    "start_date": "2024-01-15",
    "end_date": "2024-01-30",
}
# The documented OLD `POST /tasks/500/assign/100` response data (seed 000).
ASSIGN_OLD = {
    "id": 100,
    "firstname": "John",
    "lastname": "Doe",
    "email": "john.doe@example.com",
    "user_id": 100,
    "task_id": 500,
    "assigner_id": 101,
}
# The documented NEW assign response data (seed 002).
ASSIGN_NEW = {"id": 1, "user_id": 42, "task_id": 100}

# The OLD example task, as the SDK should decode it.
EXPECTED_OLD = Task(
    id=500,
    title="Implement user authentication",
    description="Add OAuth2 authentication support",
    project_id=100,
    owner_id=10,
    creator_id=100,
    status=TaskStatus.INCOMPLETE,
    priority=TaskPriority.NORMAL,
    start_date=date(2024, 1, 15),
    end_date=date(2024, 1, 30),
    completed_at=datetime(2024, 1, 30, 10, 0, tzinfo=UTC),
    assignees=(Assignee(id=100, firstname="John", lastname="Doe"),),
    has_details=False,
    created_at=datetime(2024, 1, 15, 9, 0, tzinfo=UTC),
    updated_at=datetime(2024, 1, 20, 14, 30, tzinfo=UTC),
    deleted_at=None,
)


TASKS = [{**TASK_NEW, "id": n, "title": f"Task {n}"} for n in range(1, 8)]


# --- list ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_list_sends_the_documented_query_and_decodes_both_generations(api) -> None:
    route = api.get("/tasks").mock(return_value=ok([TASK_OLD, TASK_NEW]))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        tasks = await client.tasks.list(project_id=100).to_list()

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/tasks"
    assert dict(request.url.params) == {
        "workspace_id": "1",
        "project_id": "100",
        "page": "1",
        "per_page": "100",
    }
    assert request.content == b""
    assert_authenticated(request)
    assert tasks[0] == EXPECTED_OLD
    assert tasks[1].id == 1
    assert tasks[1].status is TaskStatus.IN_PROGRESS
    assert tasks[1].status_name == "In Progress"


@pytest.mark.anyio
async def test_list_sends_status_priority_and_order_filters_as_codes(api) -> None:
    route = api.get("/tasks").mock(return_value=ok([]))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        tasks = await client.tasks.list(
            project_id=100,
            status=TaskStatus.DONE,
            priority=TaskPriority.HIGH,
            order="desc",
            per_page=50,
        ).to_list()

    assert tasks == []
    assert dict(last_request(route).url.params) == {
        "workspace_id": "1",
        "project_id": "100",
        "status": "20",
        "priority": "20",
        "order_by": "desc",
        "page": "1",
        "per_page": "50",
    }


@pytest.mark.anyio
async def test_list_by_contract_id_instead_of_project_id(api) -> None:
    route = api.get("/tasks").mock(return_value=ok([TASK_NEW]))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        tasks = await client.tasks.list(contract_id=560314, order="asc").to_list()

    params = last_request(route).url.params
    assert params["contract_id"] == "560314"
    assert params["order_by"] == "asc"
    assert "project_id" not in params
    assert [task.id for task in tasks] == [1]


@pytest.mark.anyio
async def test_custom_status_decodes_and_goes_back_as_its_code(api) -> None:
    review = {**TASK_NEW, "status": 11, "status_name": "Code review", "status_color": "#123456"}
    api.get("/tasks/1").mock(return_value=ok(review))
    route = api.get("/tasks").mock(return_value=ok([review]))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        task = await client.tasks.get(1, project_id=100)
        same = await client.tasks.list(project_id=100, status=task.status).to_list()

    assert task.status == TaskStatus(11)
    assert task.status.is_custom
    assert task.status.base is TaskStatus.IN_PROGRESS
    assert int(task.status) == 11
    assert task.status_name == "Code review"
    assert last_request(route).url.params["status"] == "11"
    assert same == [task]


@pytest.mark.anyio
async def test_list_iterates_every_item_of_every_page(api) -> None:
    route = api.get("/tasks").mock(side_effect=serve_pages(TASKS, per_page=3))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        ids = [task.id async for task in client.tasks.list(project_id=100, per_page=3)]

    assert ids == [1, 2, 3, 4, 5, 6, 7]
    assert requested_pages(route) == [1, 2, 3]
    assert {call.request.url.params["per_page"] for call in route.calls} == {"3"}


@pytest.mark.anyio
async def test_list_pages_tell_number_last_page_and_total(api) -> None:
    api.get("/tasks").mock(side_effect=serve_pages(TASKS, per_page=3))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        pages = [
            (page.number, page.last_page, page.total, [task.id for task in page])
            async for page in client.tasks.list(project_id=100, per_page=3).pages()
        ]

    assert pages == [(1, 3, 7, [1, 2, 3]), (2, 3, 7, [4, 5, 6]), (3, 3, 7, [7])]


@pytest.mark.anyio
async def test_list_max_items_requests_no_page_beyond_what_it_needs(api) -> None:
    route = api.get("/tasks").mock(side_effect=serve_pages(TASKS, per_page=2))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        tasks = await client.tasks.list(project_id=100, per_page=2, max_items=3).to_list()

    assert [task.id for task in tasks] == [1, 2, 3]
    assert requested_pages(route) == [1, 2]


@pytest.mark.anyio
async def test_list_max_items_closes_what_it_abandons(api) -> None:
    # ResourceWarning is an error in this suite: trio warns about an unclosed generator.
    api.get("/tasks").mock(side_effect=serve_pages(TASKS, per_page=2))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        tasks = await client.tasks.list(project_id=100, per_page=2, max_items=3).to_list()

    assert len(tasks) == 3


@pytest.mark.anyio
async def test_list_max_items_zero_requests_nothing(api) -> None:
    route = api.get("/tasks").mock(return_value=ok([TASK_OLD]))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        tasks = await client.tasks.list(project_id=100, max_items=0).to_list()

    assert tasks == []
    assert not route.called


@pytest.mark.anyio
async def test_list_without_pagination_is_one_page(api) -> None:
    # The documented list examples carry no pagination object: the first page is the list.
    route = api.get("/tasks").mock(return_value=ok([TASK_OLD, TASK_NEW]))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        pages = [
            (page.number, page.last_page, page.total, [task.id for task in page])
            async for page in client.tasks.list(project_id=100, per_page=2).pages()
        ]

    assert route.call_count == 1
    assert pages == [(1, None, None, [500, 1])]


@pytest.mark.anyio
async def test_list_follows_top_level_pagination(api) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        pagination = {"current_page": number, "per_page": 1, "total": 2, "last_page": 2}
        return ok([TASKS[number - 1]], pagination=pagination)

    route = api.get("/tasks").mock(side_effect=respond)

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        tasks = await client.tasks.list(project_id=100, per_page=1).to_list()

    assert [task.id for task in tasks] == [1, 2]
    assert requested_pages(route) == [1, 2]


@pytest.mark.anyio
async def test_list_treats_data_object_as_empty(api) -> None:
    # MID-generation docs show `data: {}` where a list is expected.
    api.get("/tasks").mock(return_value=ok({}, "Tasks retrieved successfully"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        tasks = await client.tasks.list(project_id=100).to_list()

    assert tasks == []


@pytest.mark.anyio
async def test_list_wrong_typed_item_raises_response_decode_error(api) -> None:
    api.get("/tasks").mock(return_value=ok([TASK_NEW, {**TASK_NEW, "id": "abc"}]))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            await client.tasks.list(project_id=100).to_list()


# --- get ----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_get_sends_the_documented_request_and_decodes_the_old_example(api) -> None:
    route = api.get("/tasks/500").mock(return_value=ok(TASK_OLD, "Task retrieved successfully"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        task = await client.tasks.get(500, project_id=100)

    request = last_request(route)
    # The seed's curl: GET /tasks/500?workspace_id=1&project_id=100
    assert request.method == "GET"
    assert str(request.url) == f"{BASE_URL}/tasks/500?workspace_id=1&project_id=100"
    assert_authenticated(request)
    assert task == EXPECTED_OLD
    assert task.status is TaskStatus.OPEN  # "Incomplete" in the OLD docs
    assert task.completed_at is not None
    assert task.completed_at.utcoffset() == timedelta(0)
    assert type(task.start_date) is date


@pytest.mark.anyio
async def test_get_decodes_the_new_example(api) -> None:
    api.get("/tasks/1").mock(return_value=ok(TASK_NEW, "Task retrieved successfully"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        task = await client.tasks.get(1, project_id=100)

    assert task == Task(
        id=1,
        title="Implement user authentication",
        description="Add OAuth2 authentication support",
        project_id=100,
        owner_id=10,
        creator_id=42,
        status=TaskStatus.IN_PROGRESS,
        status_name="In Progress",
        status_color="#FFC107",
        priority=TaskPriority.NORMAL,
        priority_name="Normal",
        start_date=date(2024, 1, 15),
        end_date=date(2024, 1, 30),
        completed_at=datetime(2024, 1, 25, 14, 30, tzinfo=UTC),
        assignees=(Assignee(id=42, firstname="Jane", lastname="Roe", email="jane@example.com"),),
        has_details=None,
        created_at=datetime(2024, 1, 15, 9, 0, tzinfo=UTC),
        updated_at=datetime(2024, 1, 20, 14, 30, tzinfo=UTC),
        deleted_at=None,
    )
    assert task.status is TaskStatus.DOING  # the OLD name of the same code


@pytest.mark.anyio
async def test_get_task_without_priority(api) -> None:
    # NEW: priority defaults to null when a task is created without one.
    api.get("/tasks/1").mock(return_value=ok({**TASK_NEW, "priority": None, "priority_name": None}))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        task = await client.tasks.get(1, project_id=100)

    assert task.priority is None
    assert task.priority_name is None


@pytest.mark.anyio
async def test_workspace_id_per_call_overrides_the_client_default(api) -> None:
    get = api.get("/tasks/500").mock(return_value=ok(TASK_OLD))
    listing = api.get("/tasks").mock(return_value=ok([TASK_OLD]))
    create = api.post("/tasks").mock(return_value=ok(TASK_OLD))
    delete = api.delete("/tasks/500").mock(return_value=ok(None))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        await client.tasks.get(500, project_id=100, workspace_id=7)
        await client.tasks.list(project_id=100, workspace_id=7).to_list()
        await client.tasks.create(project_id=100, title="Spec", workspace_id=7)
        await client.tasks.delete(500, project_id=100, workspace_id=7)

    assert last_request(get).url.params["workspace_id"] == "7"
    assert last_request(listing).url.params["workspace_id"] == "7"
    assert sent_json(create)["workspace_id"] == 7
    assert sent_json(delete) == {"workspace_id": 7, "project_id": 100}


@pytest.mark.anyio
async def test_get_missing_task_raises_not_found_with_the_server_message(api) -> None:
    api.get("/tasks/404").mock(return_value=fail(404, "Task not found"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.tasks.get(404, project_id=100)

    assert caught.value.status_code == 404
    assert caught.value.message == "Task not found"


@pytest.mark.anyio
async def test_get_success_false_with_http_200_is_an_error(api) -> None:
    api.get("/tasks/500").mock(
        return_value=httpx.Response(200, json={"success": False, "message": "Access denied"})
    )

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(APIStatusError) as caught:
            await client.tasks.get(500, project_id=100)

    assert caught.value.status_code == 200
    assert caught.value.message == "Access denied"


@pytest.mark.anyio
async def test_get_html_body_raises_response_decode_error(api) -> None:
    api.get("/tasks/500").mock(
        return_value=httpx.Response(200, text="<html><body>Maintenance</body></html>")
    )

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError) as caught:
            await client.tasks.get(500, project_id=100)

    assert caught.value.status_code == 200
    assert "Maintenance" in caught.value.body


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param({"id": "abc"}, id="id-not-a-number"),
        pytest.param({"assignees": "x"}, id="assignees-not-a-list"),
        pytest.param({"assignees": [100]}, id="assignee-not-an-object"),
        pytest.param({"status": True}, id="status-bool"),
        pytest.param({"start_date": "someday"}, id="bad-date"),
        pytest.param({"title": None}, id="title-null"),
    ],
)
@pytest.mark.anyio
async def test_get_wrong_typed_task_raises_response_decode_error(api, broken) -> None:
    api.get("/tasks/500").mock(return_value=ok({**TASK_OLD, **broken}))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            await client.tasks.get(500, project_id=100)


# --- create -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_create_sends_the_documented_body(api) -> None:
    route = api.post("/tasks").mock(return_value=ok(TASK_OLD, "Task created successfully"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        task = await client.tasks.create(
            project_id=100,
            title="Implement user authentication",
            description="Add OAuth2 authentication support",
            status=TaskStatus.OPEN,
            priority=TaskPriority.NORMAL,
            start_date="2024-01-15",
            end_date=date(2024, 1, 30),
            assignees=[100, 101],
        )

    request = last_request(route)
    assert request.method == "POST"
    assert request.url.path == "/api/v2/tasks"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == CREATE_EXAMPLE_BODY
    assert task == EXPECTED_OLD


@pytest.mark.anyio
async def test_create_leaves_what_you_omit_to_the_server(api) -> None:
    route = api.post("/tasks").mock(return_value=ok(TASK_NEW, "Task created successfully"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        task = await client.tasks.create(project_id=100, title="Write the spec")
        await client.tasks.create(project_id=100, title="Sub-task", parent_id=1)

    assert json.loads(route.calls[0].request.content) == {
        "workspace_id": 1,
        "project_id": 100,
        "title": "Write the spec",
    }
    assert sent_json(route) == {
        "workspace_id": 1,
        "project_id": 100,
        "title": "Sub-task",
        "parent_id": 1,
    }
    assert task.id == 1
    assert task.created_at == datetime(2024, 1, 15, 9, 0, tzinfo=UTC)


@pytest.mark.anyio
async def test_create_is_not_retried_after_a_503(api) -> None:
    route = api.post("/tasks").mock(return_value=fail(503, "Service Unavailable"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InternalServerError) as caught:
            await client.tasks.create(project_id=100, title="Only once")

    assert route.call_count == 1
    assert caught.value.status_code == 503


@pytest.mark.anyio
async def test_create_is_retried_after_a_429(api) -> None:
    # The server answers 429 without acting, so even a create is safe to send again.
    too_many = httpx.Response(
        429, headers={"Retry-After": "0"}, json={"success": False, "message": "Too Many Attempts."}
    )
    route = api.post("/tasks").mock(side_effect=[too_many, ok(TASK_OLD)])

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        task = await client.tasks.create(project_id=100, title="Implement user authentication")

    assert route.call_count == 2
    assert task.id == 500


@pytest.mark.anyio
async def test_create_rejected_fields_are_in_errors(api) -> None:
    api.post("/tasks").mock(
        return_value=fail(
            422,
            "The given data was invalid.",
            errors={"end_date": ["The end date must be a date after or equal to start date."]},
        )
    )

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(UnprocessableEntityError) as caught:
            await client.tasks.create(project_id=100, title="Dates", end_date="2024-01-30")

    assert caught.value.message == "The given data was invalid."
    assert caught.value.errors == {
        "end_date": ["The end date must be a date after or equal to start date."]
    }


# --- update -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_update_sends_the_documented_body(api) -> None:
    route = api.put("/tasks/500").mock(return_value=ok(TASK_OLD, "Task updated successfully"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        task = await client.tasks.update(
            500,
            project_id=100,
            title="Implement user authentication",
            description="Add OAuth2 authentication support",
            status=TaskStatus.IN_PROGRESS,
            priority=TaskPriority.HIGH,
            start_date=date(2024, 1, 15),
            end_date="2024-01-30",
        )

    request = last_request(route)
    assert request.method == "PUT"
    assert request.url.path == "/api/v2/tasks/500"
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    body = sent_json(route)
    assert body == UPDATE_EXAMPLE_BODY
    assert type(body["status"]) is int and type(body["priority"]) is int
    assert task == EXPECTED_OLD


@pytest.mark.anyio
async def test_update_sends_only_the_fields_given(api) -> None:
    route = api.put("/tasks/500").mock(return_value=ok(TASK_OLD))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        await client.tasks.update(500, project_id=100, title="Renamed")

    assert sent_json(route) == {"workspace_id": 1, "project_id": 100, "title": "Renamed"}


@pytest.mark.anyio
async def test_update_none_clears_nullable_fields(api) -> None:
    route = api.put("/tasks/500").mock(return_value=ok({**TASK_NEW, "priority": None}))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        task = await client.tasks.update(
            500, project_id=100, description=None, priority=None, end_date=None
        )

    assert sent_json(route) == {
        "workspace_id": 1,
        "project_id": 100,
        "description": None,
        "priority": None,
        "end_date": None,
    }
    assert task.priority is None


@pytest.mark.anyio
async def test_update_is_retried_after_a_429(api) -> None:
    too_many = httpx.Response(
        429, headers={"Retry-After": "0"}, json={"success": False, "message": "Too Many Attempts."}
    )
    route = api.put("/tasks/1").mock(side_effect=[too_many, ok(TASK_NEW)])

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        task = await client.tasks.update(1, project_id=100, status=TaskStatus.DONE)

    assert route.call_count == 2
    assert [json.loads(call.request.content) for call in route.calls] == [
        {"workspace_id": 1, "project_id": 100, "status": 20}
    ] * 2
    assert task.id == 1


@pytest.mark.anyio
async def test_update_is_retried_after_a_503(api) -> None:
    # Backs off 0.25-0.5 s before the retry.
    route = api.put("/tasks/1").mock(side_effect=[fail(503, "Service Unavailable"), ok(TASK_NEW)])

    async with AsyncWebWork(TOKEN, workspace_id=1, max_retries=1) as client:
        task = await client.tasks.update(1, project_id=100, title="Again")

    assert route.call_count == 2
    assert task.id == 1


# --- delete -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_delete_sends_workspace_and_project_in_a_json_body(api) -> None:
    route = api.delete("/tasks/500").mock(return_value=ok(None, "Task deleted successfully"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        result = await client.tasks.delete(500, project_id=100)

    request = last_request(route)
    assert result is None
    assert request.method == "DELETE"
    assert request.url.path == "/api/v2/tasks/500"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 1, "project_id": 100}  # the seed's curl body


@pytest.mark.anyio
async def test_delete_and_unassign_ignore_the_data_that_comes_back(api) -> None:
    # The NEW docs (seed 002) show a timesheet-approval object as the response of both.
    copy_pasted = {"id": "abc123xyz", "status": "approved", "user_id": 45696}
    api.delete("/tasks/500").mock(return_value=ok(copy_pasted, "Timesheet approved"))
    api.delete("/tasks/500/unassign/100").mock(return_value=ok(copy_pasted))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        assert await client.tasks.delete(500, project_id=100) is None
        assert await client.tasks.unassign(500, 100, project_id=100) is None


@pytest.mark.anyio
async def test_delete_missing_task_raises_not_found(api) -> None:
    api.delete("/tasks/404").mock(return_value=fail(404, "Task not found"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError, match="Task not found"):
            await client.tasks.delete(404, project_id=100)


# --- assignees, assign, unassign ----------------------------------------------------------


@pytest.mark.anyio
async def test_assignees_sends_the_documented_query_and_decodes_members(api) -> None:
    members = [
        {"id": 100, "firstname": "John", "lastname": "Doe", "email": "john.doe@example.com"},
        {"id": 101, "firstname": None, "lastname": None, "email": "kim@example.com"},
    ]
    route = api.get("/tasks/500/assignees").mock(
        return_value=ok(members, "Task assignees retrieved successfully")
    )

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        assignees = await client.tasks.assignees(500, project_id=100)

    request = last_request(route)
    assert request.method == "GET"
    assert str(request.url) == f"{BASE_URL}/tasks/500/assignees?workspace_id=1&project_id=100"
    assert_authenticated(request)
    assert assignees == [
        Assignee(id=100, firstname="John", lastname="Doe", email="john.doe@example.com"),
        Assignee(id=101, email="kim@example.com"),
    ]


@pytest.mark.anyio
async def test_assignees_of_a_task_without_any(api) -> None:
    api.get("/tasks/500/assignees").mock(return_value=ok({}))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        assert await client.tasks.assignees(500, project_id=100) == []


@pytest.mark.anyio
async def test_assign_sends_the_documented_request_and_decodes_the_old_response(api) -> None:
    route = api.post("/tasks/500/assign/100").mock(
        return_value=ok(ASSIGN_OLD, "Task assigned successfully")
    )

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        assignment = await client.tasks.assign(500, 100, project_id=100)

    request = last_request(route)
    assert request.method == "POST"
    assert request.url.path == "/api/v2/tasks/500/assign/100"
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 1, "project_id": 100}
    assert assignment == TaskAssignment(
        id=100,
        user_id=100,
        task_id=500,
        firstname="John",
        lastname="Doe",
        email="john.doe@example.com",
        assigner_id=101,
    )


@pytest.mark.anyio
async def test_assign_decodes_the_new_response(api) -> None:
    api.post("/tasks/100/assign/42").mock(return_value=ok(ASSIGN_NEW, "Task assigned successfully"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        assignment = await client.tasks.assign(100, 42, project_id=100)

    assert assignment == TaskAssignment(id=1, user_id=42, task_id=100)


@pytest.mark.anyio
async def test_assign_fills_user_and_task_from_the_call_when_the_server_omits_them(api) -> None:
    api.post("/tasks/500/assign/100").mock(return_value=ok({"id": 100}))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        assignment = await client.tasks.assign(500, 100, project_id=100)

    assert assignment == TaskAssignment(id=100, user_id=100, task_id=500)


@pytest.mark.anyio
async def test_unassign_sends_the_documented_request(api) -> None:
    route = api.delete("/tasks/500/unassign/100").mock(
        return_value=ok(None, "Task unassigned successfully")
    )

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        result = await client.tasks.unassign(500, 100, project_id=100, workspace_id=3)

    request = last_request(route)
    assert result is None
    assert request.method == "DELETE"
    assert request.url.path == "/api/v2/tasks/500/unassign/100"
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {"workspace_id": 3, "project_id": 100}


@pytest.mark.anyio
async def test_unassign_of_a_user_not_assigned_raises_not_found(api) -> None:
    api.delete("/tasks/500/unassign/999").mock(return_value=fail(404, "User is not assigned"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.tasks.unassign(500, 999, project_id=100)

    assert caught.value.message == "User is not assigned"


# --- arguments are checked before anything is sent ----------------------------------------

BAD_CALLS = [
    # list
    pytest.param(lambda c: c.tasks.list(), "project_id", id="list-no-project"),
    pytest.param(lambda c: c.tasks.list(project_id=0), "project_id", id="list-project-0"),
    pytest.param(lambda c: c.tasks.list(project_id=True), "project_id", id="list-project-true"),
    pytest.param(lambda c: c.tasks.list(contract_id=-1), "contract_id", id="list-contract-neg"),
    pytest.param(lambda c: c.tasks.list(project_id=1, status=-1), "status", id="list-status-neg"),
    pytest.param(
        lambda c: c.tasks.list(project_id=1, status="opened"), "status", id="list-status-name"
    ),
    pytest.param(lambda c: c.tasks.list(project_id=1, priority=15), "priority", id="list-prio-15"),
    pytest.param(lambda c: c.tasks.list(project_id=1, order="sideways"), "order", id="list-order"),
    pytest.param(
        lambda c: c.tasks.list(project_id=1, per_page=0), "per_page", id="list-per-page-0"
    ),
    pytest.param(lambda c: c.tasks.list(project_id=1, per_page=101), "per_page", id="list-pp-101"),
    pytest.param(
        lambda c: c.tasks.list(project_id=1, max_items=-1), "max_items", id="list-max-neg"
    ),
    pytest.param(
        lambda c: c.tasks.list(project_id=1, workspace_id=0), "workspace_id", id="list-workspace-0"
    ),
    # get, delete, assignees
    pytest.param(lambda c: c.tasks.get(0, project_id=100), "task_id", id="get-task-0"),
    pytest.param(lambda c: c.tasks.get(True, project_id=100), "task_id", id="get-task-true"),
    pytest.param(lambda c: c.tasks.get("500", project_id=100), "task_id", id="get-task-str"),
    pytest.param(lambda c: c.tasks.get(500, project_id=-100), "project_id", id="get-project-neg"),
    pytest.param(lambda c: c.tasks.delete(-1, project_id=100), "task_id", id="delete-task-neg"),
    pytest.param(lambda c: c.tasks.delete(500, project_id=0), "project_id", id="delete-project-0"),
    pytest.param(lambda c: c.tasks.assignees(1.5, project_id=100), "task_id", id="assignees-float"),
    # create
    pytest.param(
        lambda c: c.tasks.create(project_id=100, title=""), "title", id="create-title-empty"
    ),
    pytest.param(
        lambda c: c.tasks.create(project_id=100, title="  "), "title", id="create-title-blank"
    ),
    pytest.param(
        lambda c: c.tasks.create(project_id=0, title="x"), "project_id", id="create-proj-0"
    ),
    pytest.param(
        lambda c: c.tasks.create(project_id=100, title="x", status=11), "status", id="create-custom"
    ),
    pytest.param(
        lambda c: c.tasks.create(project_id=100, title="x", status=TaskStatus(21)),
        "status",
        id="create-custom-member",
    ),
    pytest.param(
        lambda c: c.tasks.create(project_id=100, title="x", priority=15),
        "priority",
        id="create-p15",
    ),
    pytest.param(
        lambda c: c.tasks.create(
            project_id=100, title="x", start_date="2024-01-30", end_date="2024-01-15"
        ),
        "end_date",
        id="create-end-before-start",
    ),
    pytest.param(
        lambda c: c.tasks.create(project_id=100, title="x", start_date=datetime(2024, 1, 15)),
        "start_date",
        id="create-datetime",
    ),
    pytest.param(
        lambda c: c.tasks.create(project_id=100, title="x", end_date="2024-02-30"),
        "end_date",
        id="create-bad-date",
    ),
    pytest.param(
        lambda c: c.tasks.create(project_id=100, title="x", start_date="15/01/2024"),
        "start_date",
        id="create-date-format",
    ),
    pytest.param(
        lambda c: c.tasks.create(project_id=100, title="x", assignees=[100, 0]),
        "assignees[1]",
        id="create-assignee-0",
    ),
    pytest.param(
        lambda c: c.tasks.create(project_id=100, title="x", assignees="100"),
        "assignees",
        id="create-assignees-str",
    ),
    pytest.param(
        lambda c: c.tasks.create(project_id=100, title="x", parent_id=True),
        "parent_id",
        id="create-parent-true",
    ),
    # update
    pytest.param(lambda c: c.tasks.update(500, project_id=100), "update", id="update-nothing"),
    pytest.param(
        lambda c: c.tasks.update(0, project_id=100, title="x"), "task_id", id="update-task-0"
    ),
    pytest.param(
        lambda c: c.tasks.update(500, project_id=100, title=""), "title", id="update-title-empty"
    ),
    pytest.param(
        lambda c: c.tasks.update(500, project_id=100, status=11), "status", id="update-custom"
    ),
    pytest.param(
        lambda c: c.tasks.update(500, project_id=100, status=None),
        "status",
        id="update-status-none",
    ),
    pytest.param(
        lambda c: c.tasks.update(500, project_id=100, priority=15), "priority", id="update-p15"
    ),
    pytest.param(
        lambda c: c.tasks.update(
            500, project_id=100, start_date=date(2024, 2, 1), end_date=date(2024, 1, 31)
        ),
        "end_date",
        id="update-end-before-start",
    ),
    pytest.param(
        lambda c: c.tasks.update(500, project_id=100, end_date=datetime(2024, 1, 30, 12)),
        "end_date",
        id="update-datetime",
    ),
    pytest.param(
        lambda c: c.tasks.update(500, project_id=100, start_date="tomorrow"),
        "start_date",
        id="update-bad-date",
    ),
    # assign, unassign
    pytest.param(lambda c: c.tasks.assign(500, 0, project_id=100), "user_id", id="assign-user-0"),
    pytest.param(lambda c: c.tasks.assign(500, True, project_id=100), "user_id", id="assign-true"),
    pytest.param(
        lambda c: c.tasks.assign(-5, 100, project_id=100), "task_id", id="assign-task-neg"
    ),
    pytest.param(
        lambda c: c.tasks.assign(500, 100, project_id=0), "project_id", id="assign-proj-0"
    ),
    pytest.param(
        lambda c: c.tasks.unassign(500, -1, project_id=100), "user_id", id="unassign-user"
    ),
    pytest.param(lambda c: c.tasks.unassign(0, 100, project_id=100), "task_id", id="unassign-task"),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
@pytest.mark.anyio
async def test_bad_arguments_raise_before_sending(api, call, field) -> None:
    api.route().mock(return_value=ok(TASK_OLD))  # would answer anything that got sent

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await call(client)

    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)
    assert api.calls.call_count == 0


NEEDS_WORKSPACE = [
    pytest.param(lambda c: c.tasks.list(project_id=100), id="list"),
    pytest.param(lambda c: c.tasks.get(500, project_id=100), id="get"),
    pytest.param(lambda c: c.tasks.create(project_id=100, title="x"), id="create"),
    pytest.param(lambda c: c.tasks.update(500, project_id=100, title="x"), id="update"),
    pytest.param(lambda c: c.tasks.delete(500, project_id=100), id="delete"),
    pytest.param(lambda c: c.tasks.assignees(500, project_id=100), id="assignees"),
    pytest.param(lambda c: c.tasks.assign(500, 100, project_id=100), id="assign"),
    pytest.param(lambda c: c.tasks.unassign(500, 100, project_id=100), id="unassign"),
]


@pytest.mark.parametrize("call", NEEDS_WORKSPACE)
@pytest.mark.anyio
async def test_workspace_id_is_required_when_the_client_has_none(api, call) -> None:
    api.route().mock(return_value=ok(TASK_OLD))

    async with AsyncWebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await call(client)

    assert caught.value.field == "workspace_id"
    assert api.calls.call_count == 0
