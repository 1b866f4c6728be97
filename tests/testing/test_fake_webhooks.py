"""Webhooks in the fake (§3.13): owners and executive managers register URLs for events;
the fake stores them and delivers nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from webwork_async.testing import FakeWebWork
from webwork_async.testing.__main__ import _parser, build_fake

if TYPE_CHECKING:
    from conftest import World

WS = {"workspace_id": 1}
# The reference's example answer of POST /webhooks: no ``message``.
WEBHOOK_KEYS = {"success", "data", "meta"}
WEBHOOK_DATA_KEYS = {"id", "events", "url", "token"}


def test_create_webhook_json(client: httpx.Client, fake: FakeWebWork) -> None:
    response = client.post(
        "/webhooks",
        json={
            **WS,
            "url": "https://example.com/webhook",
            "events": ["tracker.started", "member.invited", "project.created"],
        },
    )

    assert response.status_code == 200  # not 201
    webhook = response.json()["data"]
    assert webhook.keys() == {"id", "url", "events", "token"}
    assert webhook["events"] == ["tracker.started", "member.invited", "project.created"]
    assert re.fullmatch(r"whsec_[0-9a-f]{32}", webhook["token"])
    assert fake.webhooks[webhook["id"]] == webhook
    assert fake.applied[("create_webhook", webhook["id"])] == 1


def test_create_webhook_form_encoded(client: httpx.Client) -> None:
    response = client.post(
        "/webhooks",
        data={
            "workspace_id": "1",
            "url": "https://example.com/hook",
            "events[]": ["tracker.started", "tracker.stopped"],
        },
    )

    assert response.status_code == 200
    assert response.json()["data"]["events"] == ["tracker.started", "tracker.stopped"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"url": "not a url"}, "url"),
        ({"url": None}, "url"),
        ({"events": []}, "events"),
        ({"events": "tracker.started"}, "events"),
        ({"events": ["task.updated"]}, "events.0"),
    ],
)
def test_create_webhook_validation(
    client: httpx.Client, change: dict[str, Any], field: str
) -> None:
    body = {**WS, "url": "https://example.com/hook", "events": ["tracker.started"], **change}

    response = client.post("/webhooks", json=body)

    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_get_list_and_update_webhooks(client: httpx.Client, fake: FakeWebWork) -> None:
    webhook_id = fake.add_webhook("https://example.com/a")

    one = client.get(f"/webhooks/{webhook_id}", params=WS).json()
    listed = client.get("/webhooks", params=WS).json()
    updated = client.put(
        f"/webhooks/{webhook_id}",
        data={"workspace_id": "1", "url": "https://example.com/b", "events[0]": "member.updated"},
    )
    url_only = client.put(f"/webhooks/{webhook_id}", json={**WS, "url": "https://example.com/c"})
    no_url = client.put(f"/webhooks/{webhook_id}", json={**WS, "events": ["tracker.started"]})

    assert one["data"]["events"] == ["tracker.started", "tracker.stopped"]
    assert listed["meta"]["pagination"]["per_page"] == 50
    assert updated.status_code == 200
    assert updated.json().keys() == {"success", "meta"}
    assert updated.json()["success"] is True
    assert fake.webhooks[webhook_id]["url"] == "https://example.com/c"
    assert fake.webhooks[webhook_id]["events"] == ["member.updated"]
    assert url_only.status_code == 200
    assert list(no_url.json()["errors"]) == ["url"]
    assert fake.applied[("update_webhook", webhook_id)] == 2
    assert client.get("/webhooks/nope", params=WS).status_code == 404


def test_webhooks_are_for_owners_and_executive_managers(
    client_for: Callable[[str], httpx.Client], world: World, fake: FakeWebWork
) -> None:
    bob = client_for("bob-token")
    webhook_id = fake.add_webhook("https://example.com/a")

    assert bob.get("/webhooks", params=WS).status_code == 403
    assert bob.get(f"/webhooks/{webhook_id}", params=WS).status_code == 403
    body = {**WS, "url": "https://example.com/b", "events": ["tracker.started"]}
    assert bob.post("/webhooks", json=body).status_code == 403


def test_webhook_like_the_docs(client: httpx.Client) -> None:
    body = client.post(
        "/webhooks",
        json={**WS, "url": "https://example.com/webhook", "events": ["tracker.started"]},
    ).json()

    assert set(body) == WEBHOOK_KEYS  # no message
    assert set(body["data"]) == WEBHOOK_DATA_KEYS
    assert body["data"]["token"].startswith("whsec_")


def test_form_encoded_body_with_an_array(client: httpx.Client) -> None:
    hook = client.post(
        "/webhooks",
        content="workspace_id=1&url=https%3A%2F%2Fexample.com%2Fh&events%5B%5D=member.archived",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert hook.status_code == 200
    assert hook.json()["data"]["events"] == ["member.archived"]


def test_no_delete(client: httpx.Client, fake: FakeWebWork) -> None:
    not_allowed = client.delete(f"/webhooks/{fake.add_webhook('https://example.com/h')}", params=WS)

    assert not_allowed.status_code == 405  # the docs give no path for deleting webhooks
    assert not_allowed.headers["allow"] == "GET, PUT"


def test_list_pagination_in_meta() -> None:
    fake = FakeWebWork()
    fake.seed_workspace(members=3, tasks_per_project=2)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as c:
        body = c.get("/webhooks", params=WS, headers={"Authorization": "Bearer test-token"}).json()

    assert "pagination" not in body
    assert body["meta"]["pagination"]["total"] == 1


def test_seeding_adds_one_webhook_with_a_pinned_id() -> None:
    fake, info = build_fake(_parser().parse_args(["serve"]))

    assert len(fake.webhooks) == 1
    assert info.webhook_ids == ("38fcc9432e99",)
    assert fake.webhooks["38fcc9432e99"]["events"] == ["tracker.started", "tracker.stopped"]
