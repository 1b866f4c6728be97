"""Envelope, authentication, routing, workspace scoping and pagination of the fake."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx
import pytest

from webwork_async import WebWork
from webwork_async.testing import FakeWebWork

if TYPE_CHECKING:
    from conftest import World

TIMESTAMP_Z = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
WS = {"workspace_id": 1}


def test_success_envelope(client: httpx.Client, world: World) -> None:
    response = client.get("/members", params=WS)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert list(body) == ["success", "data", "message", "meta"]
    assert body["success"] is True
    assert body["message"] == "Members retrieved successfully"
    assert body["meta"]["api_version"] == "2.0.0"
    assert TIMESTAMP_Z.fullmatch(body["meta"]["timestamp"])


def test_error_envelope(client: httpx.Client, world: World) -> None:
    response = client.get(f"/tasks/{world.task_id + 1000}", params={**WS, "project_id": 1})

    assert response.status_code == 404
    body = response.json()
    assert body["success"] is False
    assert body["message"] == "Project not found"
    assert body["error"] == "Not Found"
    assert set(body["meta"]) == {"api_version", "timestamp"}
    assert "errors" not in body


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic test-token"}],
    ids=["missing", "unknown", "wrong-scheme"],
)
def test_unauthenticated(fake: FakeWebWork, headers: dict[str, str]) -> None:
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as c:
        response = c.get("/workspaces", headers=headers)

    assert response.status_code == 401
    assert response.json()["message"] == "Unauthenticated."


def test_unknown_route_and_other_base_path(client: httpx.Client) -> None:
    unknown = client.get("/nope", params=WS)
    outside = client.get("https://api.webwork-tracker.com/api/v1/workspaces")

    assert unknown.status_code == 404
    assert unknown.json()["success"] is False
    assert outside.status_code == 404


def test_wrong_method_is_405_with_allow(client: httpx.Client) -> None:
    response = client.patch("/tasks", json=WS)

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.json()["success"] is False


def test_trailing_slash_is_tolerated(client: httpx.Client) -> None:
    assert client.get("/workspaces/").status_code == 200


def test_malformed_json_is_400(client: httpx.Client, world: World) -> None:
    broken = client.post(
        "/tasks", content=b'{"title": ', headers={"content-type": "application/json"}
    )
    not_object = client.post("/tasks", json=[1, 2])

    assert broken.status_code == 400
    assert broken.json()["message"] == "Malformed JSON body."
    assert not_object.status_code == 400


def test_workspace_id_is_required(client: httpx.Client) -> None:
    response = client.get("/members")

    assert response.status_code == 422
    body = response.json()
    assert body["message"] == "The workspace id field is required."
    assert body["errors"] == {"workspace_id": ["The workspace id field is required."]}
    assert body["error"] == "Unprocessable Entity"


def test_other_workspace_is_403(client: httpx.Client) -> None:
    response = client.get("/members", params={"workspace_id": 2})

    assert response.status_code == 403
    assert response.json()["message"] == "You do not have access to this workspace."


def test_former_member_is_403(client_for: Callable[[str], httpx.Client], world: World) -> None:
    gone = client_for("gone-token")

    assert gone.get("/members", params=WS).status_code == 403
    assert gone.get("/workspaces").json()["data"] == []


def test_workspace_id_from_query_or_body(client: httpx.Client, world: World) -> None:
    body = {"project_id": world.project_id, "title": "From body"}
    in_query = client.post("/tasks", params=WS, json=body)
    in_body = client.post("/tasks", json={**body, **WS})
    as_string = client.post("/tasks", json={**body, "workspace_id": "1"})

    assert [r.status_code for r in (in_query, in_body, as_string)] == [201, 201, 201]


def test_form_encoded_body(client: httpx.Client, world: World) -> None:
    response = client.post(
        "/tasks", data={"workspace_id": "1", "project_id": str(world.project_id), "title": "Form"}
    )

    assert response.status_code == 201
    assert response.json()["data"]["title"] == "Form"


def test_get_workspaces(client: httpx.Client, fake: FakeWebWork) -> None:
    body = client.get("/workspaces").json()

    assert body["data"] == [
        {
            "id": 1,
            "owner_id": fake.owner_id,
            "user_id": fake.owner_id,
            "workspace_name": "Acme Inc.",
            "role": "Owner",
            "status": "active",
            "created_at": body["data"][0]["created_at"],
            "activated_at": body["data"][0]["activated_at"],
        }
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z", body["data"][0]["created_at"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", body["data"][0]["activated_at"])
    assert body["meta"]["pagination"] == {
        "current_page": 1,
        "per_page": 20,
        "total": 1,
        "last_page": 1,
        "from": 1,
        "to": 1,
    }


# -- pagination ------------------------------------------------------------------------------


@pytest.fixture
def many_tasks(fake: FakeWebWork) -> int:
    project_id = fake.add_project("Big")
    for n in range(45):
        fake.add_task(project_id, f"Task {n}")
    return project_id


def test_pages_cover_everything_once(client: httpx.Client, many_tasks: int) -> None:
    seen: list[int] = []
    pages = []
    for page in (1, 2, 3):
        body = client.get(
            "/tasks", params={**WS, "project_id": many_tasks, "page": page, "per_page": 20}
        ).json()
        seen += [task["id"] for task in body["data"]]
        pages.append(body["meta"]["pagination"])

    assert seen == sorted(seen)
    assert len(set(seen)) == 45
    assert pages[2] == {
        "current_page": 3,
        "per_page": 20,
        "total": 45,
        "last_page": 3,
        "from": 41,
        "to": 45,
    }


def test_page_past_the_end_is_empty(client: httpx.Client, many_tasks: int) -> None:
    body = client.get("/tasks", params={**WS, "project_id": many_tasks, "page": 9}).json()

    assert body["data"] == []
    assert body["meta"]["pagination"] == {
        "current_page": 9,
        "per_page": 20,
        "total": 45,
        "last_page": 3,
        "from": None,
        "to": None,
    }


def test_empty_list_has_last_page_one(client: httpx.Client, fake: FakeWebWork) -> None:
    project_id = fake.add_project("Empty")
    body = client.get("/tasks", params={**WS, "project_id": project_id}).json()

    assert body["data"] == []
    assert body["meta"]["pagination"]["last_page"] == 1
    assert body["meta"]["pagination"]["total"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"per_page": 0}, "per_page"),
        ({"per_page": 101}, "per_page"),
        ({"per_page": "ten"}, "per_page"),
        ({"page": 0}, "page"),
        ({"page": "x"}, "page"),
    ],
)
def test_page_bounds(
    client: httpx.Client, many_tasks: int, params: dict[str, object], field: str
) -> None:
    response = client.get("/tasks", params={**WS, "project_id": many_tasks, **params})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


def test_per_page_100_is_allowed(client: httpx.Client, many_tasks: int) -> None:
    response = client.get("/tasks", params={**WS, "project_id": many_tasks, "per_page": 100})

    assert response.status_code == 200
    assert len(response.json()["data"]) == 45


@pytest.mark.parametrize("placement", ["meta", "top", "none"])
def test_pagination_placement(placement: str) -> None:
    fake = FakeWebWork(pagination=placement)  # type: ignore[arg-type]
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as c:
        body = c.get("/workspaces", headers={"Authorization": "Bearer test-token"}).json()

    assert ("pagination" in body["meta"]) is (placement == "meta")
    assert ("pagination" in body) is (placement == "top")
    if placement == "top":
        assert list(body) == ["success", "data", "message", "meta", "pagination"]


def pagination_of(fake: FakeWebWork, path: str) -> tuple[str, int]:
    """Where ``path``'s answer puts its pagination object, and its ``total``."""
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as c:
        response = c.get(path, params=WS, headers={"Authorization": "Bearer test-token"})
    body = response.json()
    assert response.status_code == 200, body
    if "pagination" in body["meta"]:
        assert "pagination" not in body
        return "meta", body["meta"]["pagination"]["total"]
    return "top", body["pagination"]["total"]


def test_default_pagination_follows_the_reference_per_endpoint() -> None:
    fake = FakeWebWork()
    fake.seed_workspace(members=3, tasks_per_project=2)
    # §1.4: top level in the contracts example, meta.pagination everywhere else
    assert pagination_of(fake, "/contracts") == ("top", 3)
    assert pagination_of(fake, "/members") == ("meta", 4)
    assert pagination_of(fake, "/workspaces") == ("meta", 1)


@pytest.mark.parametrize("placement", ["meta", "top"])
def test_explicit_pagination_overrides_every_endpoint(placement: str) -> None:
    fake = FakeWebWork(pagination=placement)  # type: ignore[arg-type]
    fake.seed_workspace(members=3, tasks_per_project=2)

    assert pagination_of(fake, "/contracts") == (placement, 3)
    assert pagination_of(fake, "/members") == (placement, 4)


def test_unknown_pagination_placement_is_rejected() -> None:
    with pytest.raises(ValueError, match="pagination"):
        FakeWebWork(pagination="footer")  # type: ignore[arg-type]


def test_order_by_desc(client: httpx.Client, many_tasks: int) -> None:
    params = {**WS, "project_id": many_tasks, "per_page": 5}
    ascending = client.get("/tasks", params=params).json()["data"]
    descending = client.get("/tasks", params={**params, "order_by": "desc"}).json()["data"]
    invalid = client.get("/tasks", params={**params, "order_by": "sideways"})

    assert [t["id"] for t in ascending] == sorted(t["id"] for t in ascending)
    assert [t["id"] for t in descending] == sorted((t["id"] for t in descending), reverse=True)
    assert descending[0]["id"] > ascending[-1]["id"]
    assert invalid.status_code == 422


@pytest.mark.parametrize("placement", [None, "meta", "top"])
def test_the_sdk_pages_through_every_placement(placement: str | None) -> None:
    fake = FakeWebWork(pagination=placement)  # type: ignore[arg-type]
    info = fake.seed_workspace(projects=3, members=5, tasks_per_project=1, days=0)
    with fake.serve() as server, WebWork(fake.token, base_url=server.url, workspace_id=1) as ww:
        contracts = ww.contracts.list(per_page=4).to_list()
        members = ww.members.list(per_page=4).to_list()

    assert [c.id for c in contracts] == list(info.contract_ids)  # 15: four pages
    assert [m.id for m in members] == [fake.owner_id, *info.member_ids]
