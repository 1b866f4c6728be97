"""Per-call options: cheap copies that share the pool, and the raw responses."""

from __future__ import annotations

import httpx
import pytest
import respx

from support import TOKEN, fail, ok
from webwork_async import AsyncWebWork, InternalServerError, InvalidRequestError

TASK = {"id": 7, "title": "t"}


@pytest.mark.anyio
async def test_a_copy_with_options_shares_the_pool_and_changes_only_what_it_says(
    api: respx.MockRouter,
) -> None:
    route = api.get("/tasks/7").mock(return_value=ok(TASK))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        patient = client.with_options(timeout=120, headers={"X-Trace": "abc"})
        assert patient._http is client._http
        assert patient._limiter is client._limiter  # one rate budget for both
        await patient.tasks.get(7, project_id=1)
        sent = route.calls.last.request
        assert sent.extensions["timeout"]["read"] == 120
        assert sent.headers["X-Trace"] == "abc"
        assert sent.headers["Authorization"] == f"Bearer {TOKEN}"

        await client.tasks.get(7, project_id=1)
        sent = route.calls.last.request
        assert sent.extensions["timeout"]["read"] == 30
        assert "X-Trace" not in sent.headers


@pytest.mark.anyio
async def test_a_copy_can_retry_more(
    api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from webwork_async._retry import RetryPolicy

    monkeypatch.setattr(RetryPolicy, "_backoff", lambda self, attempt: 0.0)
    route = api.get("/tasks/7").mock(return_value=fail(503, "busy"))
    async with AsyncWebWork(TOKEN, workspace_id=1, max_retries=0) as client:
        with pytest.raises(InternalServerError):
            await client.tasks.get(7, project_id=1)
        assert route.call_count == 1
        with pytest.raises(InternalServerError):
            await client.with_options(max_retries=3).tasks.get(7, project_id=1)
    assert route.call_count == 5


@pytest.mark.anyio
async def test_raw_responses_reach_the_hook_without_changing_return_types(
    api: respx.MockRouter,
) -> None:
    answer = ok(TASK)
    answer.headers["X-Request-Id"] = "req-42"
    api.get("/tasks/7").mock(side_effect=[fail(502, "bad gateway"), answer])
    seen: list[httpx.Response] = []
    async with AsyncWebWork(TOKEN, workspace_id=1, on_response=seen.append) as client:
        task = await client.tasks.get(7, project_id=1)
    assert task.id == 7
    assert [r.status_code for r in seen] == [502, 200]
    assert seen[-1].headers["X-Request-Id"] == "req-42"


@pytest.mark.anyio
async def test_closing_a_copy_leaves_the_original_open(api: respx.MockRouter) -> None:
    api.get("/tasks/7").mock(return_value=ok(TASK))
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        copy = client.with_options(max_retries=0)
        await copy.aclose()
        await client.tasks.get(7, project_id=1)
    with pytest.raises(RuntimeError, match="closed"):
        await copy.tasks.get(7, project_id=1)


@pytest.mark.anyio
async def test_bad_options_are_refused(api: respx.MockRouter) -> None:
    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError, match="max_retries"):
            client.with_options(max_retries=-1)
        with pytest.raises(InvalidRequestError, match="token"):
            client.with_options(headers={"Authorization": "Bearer other"})
        with pytest.raises(InvalidRequestError, match="headers"):
            client.with_options(headers={"X-Count": 3})  # type: ignore[dict-item]
