"""client.webhooks: list, get, create, update (API reference §3.13, §5.11, §5.18).

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. Webhook objects follow the documented fields (id, url, events,
token); the OLD example token starts `whsec_`.
"""

from __future__ import annotations

import httpx
import pytest

from support import (
    BASE_URL,
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
    AsyncWebWork,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    ResponseDecodeError,
)
from webwork_async.models._webhooks import Webhook, WebhookEvent
from webwork_async.testing import FakeServer, FakeWebWork

HOOK_URL = "https://example.com/webhooks/webwork"
WEBHOOK_OLD = {
    "id": "eyJpdiI6IndoMSJ9",
    "url": HOOK_URL,
    "events": ["tracker.started", "tracker.stopped"],
    "token": "whsec_5f2b9c8d7e6a",
}
EXPECTED_OLD = Webhook(
    id="eyJpdiI6IndoMSJ9",
    url=HOOK_URL,
    events=(WebhookEvent.TRACKER_STARTED, WebhookEvent.TRACKER_STOPPED),
    token="whsec_5f2b9c8d7e6a",
)
# The NEW generation's events, with the `task.updated` an example shows outside any enum.
WEBHOOK_NEW = {
    "id": "wh_2",
    "url": "https://hooks.example.org/ww",
    "events": ["member.invited", "project.created", "task.updated"],
    "token": "3a1f0c9e",
}


# --- list, get ----------------------------------------------------------------------------


@pytest.mark.anyio
async def test_list_sends_the_workspace_and_follows_meta_pagination(api) -> None:
    items = [{**WEBHOOK_OLD, "id": f"wh{n}"} for n in range(3)]
    route = api.get("/webhooks").mock(side_effect=serve_pages(items, per_page=2))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        hooks = await client.webhooks.list(per_page=2).to_list()

    request = last_request(route)
    assert request.method == "GET"
    assert request.url.path == "/api/v2/webhooks"
    assert_authenticated(request)
    assert [hook.id for hook in hooks] == ["wh0", "wh1", "wh2"]
    assert requested_pages(route) == [1, 2]
    assert hooks[0].events == (WebhookEvent.TRACKER_STARTED, WebhookEvent.TRACKER_STOPPED)


@pytest.mark.anyio
async def test_docs_disagree_webhook_list_paginated_in_meta_new_or_not_at_all_old(api) -> None:
    # NEW shows meta.pagination; OLD documents only "50 rows per page", no pagination object.
    route = api.get("/webhooks").mock(return_value=ok([WEBHOOK_OLD, WEBHOOK_NEW]))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        pages = [page async for page in client.webhooks.list().pages()]

    assert str(last_request(route).url) == f"{BASE_URL}/webhooks?workspace_id=1&page=1&per_page=50"
    assert route.call_count == 1
    assert [(p.number, p.last_page, len(p)) for p in pages] == [(1, None, 2)]


@pytest.mark.anyio
async def test_get_sends_the_documented_request_and_decodes_the_webhook(api) -> None:
    route = api.get("/webhooks/eyJpdiI6IndoMSJ9").mock(
        return_value=ok(WEBHOOK_OLD, "Webhook retrieved successfully")
    )

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        hook = await client.webhooks.get("eyJpdiI6IndoMSJ9")

    request = last_request(route)
    assert request.method == "GET"
    assert str(request.url) == f"{BASE_URL}/webhooks/eyJpdiI6IndoMSJ9?workspace_id=1"
    assert_authenticated(request)
    assert hook == EXPECTED_OLD
    assert hook.token
    assert hook.token not in repr(hook)  # the signing secret stays out of logs


@pytest.mark.anyio
async def test_docs_disagree_webhook_events_old_new_and_unlisted_task_updated_decode(api) -> None:
    # OLD enum: tracker events only; NEW adds member/project events; a NEW example also shows
    # `task.updated`, in no enum: it decodes to a pseudo-member keeping its text.
    api.get("/webhooks/wh_2").mock(return_value=ok(WEBHOOK_NEW))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        hook = await client.webhooks.get("wh_2")

    invited, created, unknown = hook.events
    assert invited is WebhookEvent.MEMBER_INVITED
    assert created is WebhookEvent.PROJECT_CREATED
    assert isinstance(unknown, WebhookEvent)
    assert unknown == "task.updated"
    assert unknown.is_custom
    assert str(unknown) == "task.updated"


@pytest.mark.anyio
async def test_get_missing_webhook_raises_not_found(api) -> None:
    api.get("/webhooks/nope").mock(return_value=fail(404, "Webhook not found"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(NotFoundError, match="Webhook not found"):
            await client.webhooks.get("nope")


@pytest.mark.anyio
async def test_list_with_a_bad_token_raises_authentication_error(api) -> None:
    api.get("/webhooks").mock(return_value=fail(401, "Unauthenticated."))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(AuthenticationError):
            await client.webhooks.list().to_list()


@pytest.mark.anyio
async def test_events_not_a_list_raises_response_decode_error(api) -> None:
    api.get("/webhooks/wh1").mock(return_value=ok({**WEBHOOK_OLD, "events": "tracker.started"}))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(ResponseDecodeError):
            await client.webhooks.get("wh1")


# --- create -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_create_sends_json_with_the_events_and_decodes_the_webhook(api) -> None:
    route = api.post("/webhooks").mock(return_value=ok(WEBHOOK_OLD, "Webhook created"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        hook = await client.webhooks.create(
            url=HOOK_URL, events=[WebhookEvent.TRACKER_STARTED, "tracker.stopped"]
        )

    request = last_request(route)
    assert request.method == "POST"
    assert request.url.path == "/api/v2/webhooks"
    assert request.url.query == b""
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {
        "workspace_id": 1,
        "url": HOOK_URL,
        "events": ["tracker.started", "tracker.stopped"],
    }
    assert hook == EXPECTED_OLD
    assert hook.token is not None and hook.token.startswith("whsec_")


@pytest.mark.parametrize("status", [200, 201])
@pytest.mark.anyio
async def test_docs_disagree_webhook_create_answers_200_unlike_other_creates(api, status) -> None:
    # POST /webhooks is documented with 200 where other creates answer 201: both are success.
    api.post("/webhooks").mock(return_value=ok(WEBHOOK_NEW, status=status))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        hook = await client.webhooks.create(
            url="https://hooks.example.org/ww",
            events=[WebhookEvent.MEMBER_INVITED, WebhookEvent.PROJECT_CREATED],
        )

    assert hook.id == "wh_2"


@pytest.mark.anyio
async def test_docs_disagree_webhook_unlisted_event_cannot_be_subscribed(api) -> None:
    # `task.updated` only appears in an example: it decodes, but is not sent.
    route = api.post("/webhooks").mock(return_value=ok(WEBHOOK_NEW))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await client.webhooks.create(
                url=HOOK_URL, events=[WebhookEvent.TRACKER_STARTED, "task.updated"]
            )
        with pytest.raises(InvalidRequestError) as custom:
            await client.webhooks.create(url=HOOK_URL, events=[WebhookEvent("task.updated")])

    assert caught.value.field == "events[1]"
    assert custom.value.field == "events[0]"
    assert not route.called


@pytest.mark.anyio
async def test_create_sends_a_repeated_event_once(api) -> None:
    route = api.post("/webhooks").mock(return_value=ok(WEBHOOK_OLD))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        await client.webhooks.create(
            url=HOOK_URL, events=["tracker.started", WebhookEvent.TRACKER_STARTED]
        )

    assert sent_json(route)["events"] == ["tracker.started"]


@pytest.mark.anyio
async def test_create_is_not_retried_after_a_503(api) -> None:
    route = api.post("/webhooks").mock(return_value=fail(503, "Service Unavailable"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InternalServerError):
            await client.webhooks.create(url=HOOK_URL, events=["tracker.started"])

    assert route.call_count == 1


# --- update -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_update_sends_url_and_events_and_accepts_a_success_only_response(api) -> None:
    # The documented response is just `{success}`: no data, no message, no meta.
    route = api.put("/webhooks/eyJpdiI6IndoMSJ9").mock(
        return_value=httpx.Response(200, json={"success": True})
    )

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        result = await client.webhooks.update(
            "eyJpdiI6IndoMSJ9",
            url="https://example.com/webhooks/v2",
            events=[WebhookEvent.MEMBER_UPDATED],
        )

    request = last_request(route)
    assert request.method == "PUT"
    assert request.url.path == "/api/v2/webhooks/eyJpdiI6IndoMSJ9"
    assert request.headers["Content-Type"] == "application/json"
    assert_authenticated(request)
    assert sent_json(route) == {
        "workspace_id": 1,
        "url": "https://example.com/webhooks/v2",
        "events": ["member.updated"],
    }
    assert result is None


@pytest.mark.anyio
async def test_update_without_events_sends_only_the_url_and_decodes_a_returned_hook(api) -> None:
    route = api.put("/webhooks/wh1").mock(
        return_value=httpx.Response(
            200, json={"success": True, "data": WEBHOOK_OLD, "meta": dict(META)}
        )
    )

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        result = await client.webhooks.update("wh1", url=HOOK_URL, workspace_id=9)

    assert sent_json(route) == {"workspace_id": 9, "url": HOOK_URL}
    assert result == EXPECTED_OLD


@pytest.mark.anyio
async def test_update_rejected_raises_bad_request(api) -> None:
    api.put("/webhooks/wh1").mock(return_value=fail(400, "The url field is required."))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(BadRequestError, match=r"The url field is required\."):
            await client.webhooks.update("wh1", url=HOOK_URL)


# --- arguments checked before sending -----------------------------------------------------

BAD_CALLS = [
    pytest.param(lambda c: c.webhooks.list(per_page=0), "per_page", id="list-per-page"),
    pytest.param(lambda c: c.webhooks.get(""), "webhook_id", id="get-empty"),
    pytest.param(lambda c: c.webhooks.get("a/b"), "webhook_id", id="get-slash"),
    pytest.param(
        lambda c: c.webhooks.create(url="ftp://example.com", events=["tracker.started"]),
        "url",
        id="create-ftp",
    ),
    pytest.param(
        lambda c: c.webhooks.create(url="", events=["tracker.started"]), "url", id="create-url"
    ),
    pytest.param(lambda c: c.webhooks.create(url=HOOK_URL, events=[]), "events", id="create-none"),
    pytest.param(
        lambda c: c.webhooks.create(url=HOOK_URL, events="tracker.started"),
        "events",
        id="create-events-str",
    ),
    pytest.param(
        lambda c: c.webhooks.create(url=HOOK_URL, events=["tracker.paused"]),
        "events[0]",
        id="create-unknown-event",
    ),
    pytest.param(lambda c: c.webhooks.update("wh1", url=None), "url", id="update-url-none"),
    pytest.param(
        lambda c: c.webhooks.update("wh1", url=HOOK_URL, events=[]), "events", id="update-events"
    ),
    pytest.param(lambda c: c.webhooks.update(5, url=HOOK_URL), "webhook_id", id="update-id-int"),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
@pytest.mark.anyio
async def test_bad_arguments_raise_before_sending(api, call, field) -> None:
    api.route().mock(return_value=ok(WEBHOOK_OLD))  # would answer anything that got sent

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await call(client)

    assert caught.value.field == field
    assert api.calls.call_count == 0


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: c.webhooks.list(), id="list"),
        pytest.param(lambda c: c.webhooks.get("wh1"), id="get"),
        pytest.param(
            lambda c: c.webhooks.create(url=HOOK_URL, events=["tracker.started"]), id="create"
        ),
        pytest.param(lambda c: c.webhooks.update("wh1", url=HOOK_URL), id="update"),
    ],
)
@pytest.mark.anyio
async def test_workspace_id_is_required_when_the_client_has_none(api, call) -> None:
    api.route().mock(return_value=ok(WEBHOOK_OLD))

    async with AsyncWebWork(TOKEN) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await call(client)

    assert caught.value.field == "workspace_id"
    assert api.calls.call_count == 0


# -- end to end, against the fake over loopback ---------------------------------------------


@pytest.mark.anyio
async def test_flow_against_the_fake(fake: FakeWebWork, server: FakeServer) -> None:
    async with AsyncWebWork(
        fake.token, workspace_id=fake.workspace_id, base_url=server.url
    ) as client:
        hook = await client.webhooks.create(
            url="https://example.com/hooks", events=[WebhookEvent.TRACKER_STARTED]
        )
        assert hook.token and hook.token.startswith("whsec_")
        await client.webhooks.update(
            hook.id, url="https://example.com/v2", events=[WebhookEvent.PROJECT_CREATED]
        )
        fetched = await client.webhooks.get(hook.id)
        assert (fetched.url, fetched.events) == (
            "https://example.com/v2",
            (WebhookEvent.PROJECT_CREATED,),
        )
        assert [w.id for w in await client.webhooks.list().to_list()][-1] == hook.id
