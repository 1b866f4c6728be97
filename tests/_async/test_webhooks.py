"""client.webhooks: list, get, create, update.

Each test makes a user's call against a respx-mocked server and checks what the server received
and what the user got back. Requests and example responses are the documented ones (API
reference §3.13): ids are opaque strings, POST answers 200 (not 201), PUT answers only
``success``, and the events enum grew between the old docs and the new ones.
"""

from __future__ import annotations

import pytest

from support import TOKEN, assert_authenticated, fail, last_request, ok, sent_json
from webwork_async import (
    AsyncWebWork,
    BadRequestError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    UnprocessableEntityError,
)
from webwork_async.models import Webhook, WebhookEvent
from webwork_async.testing import FakeServer, FakeWebWork

WEBHOOK = {
    "id": "encoded_webhook_id",
    "url": "https://example.com/webhook",
    "events": ["tracker.started", "tracker.stopped"],
    "token": "whsec_abc123",
}
EXPECTED = Webhook(
    id="encoded_webhook_id",
    url="https://example.com/webhook",
    events=(WebhookEvent.TRACKER_STARTED, WebhookEvent.TRACKER_STOPPED),
    token="whsec_abc123",
)


# --- list ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_list_sends_the_workspace_and_decodes_webhooks(api) -> None:
    pagination = {"current_page": 1, "per_page": 50, "total": 1, "last_page": 1}
    route = api.get("/webhooks").mock(
        return_value=ok([WEBHOOK], meta={"api_version": "2.0.0", "pagination": pagination})
    )

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        webhooks = await client.webhooks.list().to_list()

    request = last_request(route)
    assert_authenticated(request)
    assert dict(request.url.params) == {"workspace_id": "1", "page": "1", "per_page": "50"}
    assert webhooks == [EXPECTED]


@pytest.mark.anyio
async def test_an_event_in_no_list_decodes_as_a_custom_member(api) -> None:
    # The newer docs' example shows `task.updated`, which neither enum lists.
    api.get("/webhooks/w1").mock(return_value=ok({**WEBHOOK, "events": ["task.updated"]}))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        webhook = await client.webhooks.get("w1")

    (event,) = webhook.events
    assert event == "task.updated"
    assert event.is_custom


def test_the_secret_is_not_in_the_repr() -> None:
    assert "whsec_abc123" not in repr(EXPECTED)


# --- get ----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_get_sends_the_path_and_the_workspace(api) -> None:
    route = api.get("/webhooks/encoded_webhook_id").mock(return_value=ok(WEBHOOK))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        webhook = await client.webhooks.get("encoded_webhook_id", workspace_id=7)

    assert dict(last_request(route).url.params) == {"workspace_id": "7"}
    assert webhook == EXPECTED


# --- create -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_create_sends_the_documented_body_and_decodes_a_200(api) -> None:
    route = api.post("/webhooks").mock(return_value=ok(WEBHOOK, "Webhook created successfully"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        webhook = await client.webhooks.create(
            url="https://example.com/webhook",
            events=[WebhookEvent.TRACKER_STARTED, "tracker.stopped"],
        )

    assert sent_json(route) == {
        "workspace_id": 1,
        "url": "https://example.com/webhook",
        "events": ["tracker.started", "tracker.stopped"],
    }
    assert webhook == EXPECTED


@pytest.mark.anyio
async def test_create_is_not_retried(api) -> None:
    route = api.post("/webhooks").mock(return_value=fail(500, "Server Error"))

    async with AsyncWebWork(TOKEN, workspace_id=1, max_retries=3) as client:
        with pytest.raises(InternalServerError):
            await client.webhooks.create(url="https://example.com/h", events=["tracker.started"])

    assert route.call_count == 1


# --- update -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_update_sends_the_url_and_the_events_given(api) -> None:
    route = api.put("/webhooks/w1").mock(return_value=ok(None))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        result = await client.webhooks.update(
            "w1", url="https://example.com/new", events=["member.invited"]
        )

    assert result is None
    assert last_request(route).method == "PUT"
    assert sent_json(route) == {
        "workspace_id": 1,
        "url": "https://example.com/new",
        "events": ["member.invited"],
    }


@pytest.mark.anyio
async def test_update_without_events_leaves_them_out(api) -> None:
    route = api.put("/webhooks/w1").mock(return_value=ok(None))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        await client.webhooks.update("w1", url="https://example.com/new")

    assert sent_json(route) == {"workspace_id": 1, "url": "https://example.com/new"}


# --- bad arguments and errors -------------------------------------------------------------


BAD_CALLS = [
    pytest.param(lambda c: c.webhooks.get(""), "webhook_id", id="get-id"),
    pytest.param(lambda c: c.webhooks.get(5), "webhook_id", id="get-id-int"),
    pytest.param(
        lambda c: c.webhooks.create(url="ftp://x", events=["tracker.started"]), "url", id="url"
    ),
    pytest.param(
        lambda c: c.webhooks.create(url="https://x.example", events=[]), "events", id="no-events"
    ),
    pytest.param(
        lambda c: c.webhooks.create(url="https://x.example", events="tracker.started"),
        "events",
        id="events-str",
    ),
    pytest.param(
        lambda c: c.webhooks.create(url="https://x.example", events=["task.updated"]),
        "events[0]",
        id="events-unknown",
    ),
    pytest.param(
        lambda c: c.webhooks.update("w1", url="https://x.example", events=[]),
        "events",
        id="update-no-events",
    ),
    pytest.param(
        lambda c: c.webhooks.update("", url="https://x.example"), "webhook_id", id="upd-id"
    ),
    pytest.param(lambda c: c.webhooks.update("w1", url=""), "url", id="update-url"),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
@pytest.mark.anyio
async def test_bad_arguments_raise_before_sending(api, call, field) -> None:
    api.route().mock(return_value=ok(WEBHOOK))  # would answer anything that got sent

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await call(client)

    assert caught.value.field == field
    assert api.calls.call_count == 0


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (422, UnprocessableEntityError),
    ],
)
@pytest.mark.anyio
async def test_error_statuses_map_to_typed_errors(api, status, error) -> None:
    api.put("/webhooks/w1").mock(return_value=fail(status, "Webhook not found"))

    async with AsyncWebWork(TOKEN, workspace_id=1) as client:
        with pytest.raises(error) as caught:
            await client.webhooks.update("w1", url="https://example.com/new")

    assert caught.value.status_code == status
    assert "Webhook not found" in str(caught.value)


# --- end to end ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_flow_against_the_fake(fake: FakeWebWork, server: FakeServer) -> None:
    info = fake.seed_workspace(projects=1, tasks_per_project=1, members=1, days=1)
    async with AsyncWebWork(
        fake.token, workspace_id=fake.workspace_id, base_url=server.url
    ) as client:
        seeded = await client.webhooks.list().to_list()
        assert [w.id for w in seeded] == list(info.webhook_ids)

        created = await client.webhooks.create(
            url="https://example.com/hooks/members", events=[WebhookEvent.MEMBER_INVITED]
        )
        assert created.token and created.events == (WebhookEvent.MEMBER_INVITED,)

        await client.webhooks.update(
            created.id, url="https://example.com/hooks/all", events=["project.created"]
        )
        again = await client.webhooks.get(created.id)
        assert (again.url, again.events) == (
            "https://example.com/hooks/all",
            (WebhookEvent.PROJECT_CREATED,),
        )
        assert again.token == created.token

        with pytest.raises(NotFoundError):
            await client.webhooks.get("no-such-webhook")
    assert set(fake.webhooks) == {*info.webhook_ids, created.id}
