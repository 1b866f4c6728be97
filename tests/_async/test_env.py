"""The environment variables the client reads for the arguments it was not given."""

from __future__ import annotations

import pytest
import respx

from support import BASE_URL, TOKEN, ok
from webwork_async import AsyncWebWork, InvalidRequestError
from webwork_async.testing import FakeServer, FakeWebWork


@pytest.mark.anyio
async def test_a_script_with_the_base_url_set_goes_there_not_to_production(
    fake: FakeWebWork, server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.seed_workspace(projects=2, tasks_per_project=1, members=2)
    monkeypatch.setenv("WEBWORK_BASE_URL", server.url)
    monkeypatch.setenv("WEBWORK_TOKEN", fake.token)
    monkeypatch.setenv("WEBWORK_WORKSPACE_ID", str(fake.workspace_id))
    seen: list[str] = []
    async with AsyncWebWork() as client:
        observed = client.with_options(on_response=lambda r: seen.append(str(r.url)))
        projects = await observed.projects.list().to_list()
    # Only the fake knows this token and has these projects.
    assert projects
    assert sorted(p.id for p in projects) == sorted(fake.projects)
    assert seen
    assert all(url.startswith(server.url) for url in seen)


@pytest.mark.anyio
async def test_arguments_win_over_the_environment(
    api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEBWORK_BASE_URL", "https://elsewhere.example/api/v2")
    monkeypatch.setenv("WEBWORK_WORKSPACE_ID", "99")
    route = api.get("/projects/5").mock(return_value=ok({"id": 5, "name": "p"}))
    async with AsyncWebWork(TOKEN, workspace_id=3, base_url=BASE_URL) as client:
        await client.projects.get(5)
        copy = client.with_options(max_retries=0)
        await copy.projects.get(5)
    assert route.call_count == 2
    for call in route.calls:
        assert call.request.url.host == "api.webwork-tracker.com"
        assert call.request.url.params["workspace_id"] == "3"


@pytest.mark.anyio
async def test_the_workspace_from_the_environment_is_every_call_s_default(
    api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEBWORK_WORKSPACE_ID", " 7 ")
    route = api.get("/projects/5").mock(return_value=ok({"id": 5, "name": "p"}))
    async with AsyncWebWork(TOKEN) as client:
        await client.projects.get(5)
        await client.with_options(timeout=5).projects.get(5)
        await client.projects.get(5, workspace_id=8)
    sent = [call.request.url.params["workspace_id"] for call in route.calls]
    assert sent == ["7", "7", "8"]


@pytest.mark.anyio
async def test_empty_variables_count_as_unset(
    api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEBWORK_BASE_URL", "")
    monkeypatch.setenv("WEBWORK_WORKSPACE_ID", "  ")
    route = api.get("/workspaces").mock(return_value=ok([]))
    async with AsyncWebWork(TOKEN) as client:
        assert client._workspace_id is None
        await client.workspaces.list().to_list()
    assert route.call_count == 1  # the default base URL


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("WEBWORK_WORKSPACE_ID", "abc", "positive integer"),
        ("WEBWORK_WORKSPACE_ID", "0", "positive integer"),
        ("WEBWORK_WORKSPACE_ID", "-3", "positive integer"),
        ("WEBWORK_WORKSPACE_ID", "1.5", "positive integer"),
        ("WEBWORK_BASE_URL", "ftp://files.example/api", "http(s)"),
        ("WEBWORK_BASE_URL", "http://api.example.com/api/v2", "https"),
        ("WEBWORK_BASE_URL", "not a url", "http(s)"),
    ],
)
def test_a_bad_variable_is_an_error_naming_it_before_any_request(
    api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch, name: str, value: str, problem: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(InvalidRequestError) as caught:
        AsyncWebWork(TOKEN)
    assert caught.value.field == name
    assert problem in caught.value.problem
    assert not api.calls


@pytest.mark.anyio
async def test_http_from_the_environment_is_allowed_for_loopback_or_with_allow_http(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WEBWORK_BASE_URL", "http://api.example.com/api/v2")
    async with AsyncWebWork(TOKEN, allow_http=True) as client:
        assert client._base_url.scheme == "http"
    monkeypatch.setenv("WEBWORK_BASE_URL", "http://127.0.0.1:8000")
    async with AsyncWebWork(TOKEN) as client:
        assert client._base_url.host == "127.0.0.1"
