"""Webhooks (§3.13): create (200), read, update (only ``success``), 422s, roles, seeding."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx
import pytest

from webwork_async.testing import FakeWebWork

if TYPE_CHECKING:
    from conftest import World

WS = {"workspace_id": 1}
HOOK = {"url": "https://example.com/webhook", "events": ["tracker.started", "member.invited"]}


def test_create_answers_200_with_the_webhook_and_its_secret(
    client: httpx.Client, fake: FakeWebWork
) -> None:
    response = client.post("/webhooks", json={**WS, **HOOK})

    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Webhook created successfully"
    data = body["data"]
    assert set(data) == {"id", "url", "events", "token"}
    assert (data["url"], data["events"]) == (HOOK["url"], HOOK["events"])
    assert data["token"].startswith("whsec_")
    assert fake.webhooks == {data["id"]: data}
    assert fake.applied[("create_webhook", data["id"])] == 1


def test_create_accepts_a_form_and_comma_separated_events(client: httpx.Client) -> None:
    form = {**WS, "url": HOOK["url"], "events": "tracker.started,tracker.stopped"}
    response = client.post("/webhooks", data=form)

    assert response.status_code == 200
    assert response.json()["data"]["events"] == ["tracker.started", "tracker.stopped"]


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"url", "events"}),
        ({"url": "not a url", "events": ["tracker.started"]}, {"url"}),
        ({"url": HOOK["url"], "events": []}, {"events"}),
        ({"url": HOOK["url"], "events": ["tracker.started", "task.updated"]}, {"events.1"}),
    ],
)
def test_create_refuses_bad_fields_with_one_422(
    client: httpx.Client, fake: FakeWebWork, body: dict[str, object], errors: set[str]
) -> None:
    response = client.post("/webhooks", json={**WS, **body})

    assert response.status_code == 422
    assert set(response.json()["errors"]) == errors
    assert fake.webhooks == {}


def test_list_and_get(client: httpx.Client, fake: FakeWebWork) -> None:
    first = fake.add_webhook("https://example.com/a")
    second = fake.add_webhook("https://example.com/b", ["project.created"])

    listed = client.get("/webhooks", params={**WS, "per_page": 1, "page": 2}).json()
    assert [w["id"] for w in listed["data"]] == [second]
    assert listed["meta"]["pagination"]["total"] == 2

    one = client.get(f"/webhooks/{first}", params=WS).json()["data"]
    assert one == fake.webhooks[first]
    assert one["events"] == ["tracker.started"]
    missing = client.get("/webhooks/nope", params=WS)
    assert missing.status_code == 404
    assert missing.json()["message"] == "Webhook not found"


def test_update_answers_only_success_and_keeps_events_unless_given(
    client: httpx.Client, fake: FakeWebWork
) -> None:
    webhook_id = fake.add_webhook("https://example.com/a", ["tracker.stopped"])
    token = fake.webhooks[webhook_id]["token"]

    response = client.put(f"/webhooks/{webhook_id}", json={**WS, "url": "https://example.com/b"})
    assert response.status_code == 200
    assert "data" not in response.json()
    assert fake.webhooks[webhook_id] == {
        "id": webhook_id,
        "url": "https://example.com/b",
        "events": ["tracker.stopped"],
        "token": token,
    }

    body = {**WS, "url": "https://example.com/b", "events": ["member.updated"]}
    assert client.put(f"/webhooks/{webhook_id}", json=body).status_code == 200
    assert fake.webhooks[webhook_id]["events"] == ["member.updated"]
    assert fake.applied[("update_webhook", webhook_id)] == 2
    # the same again changes nothing and counts nothing
    assert client.put(f"/webhooks/{webhook_id}", json=body).status_code == 200
    assert fake.applied[("update_webhook", webhook_id)] == 2


def test_update_requires_the_url_and_refuses_an_empty_events_list(
    client: httpx.Client, fake: FakeWebWork
) -> None:
    webhook_id = fake.add_webhook("https://example.com/a")
    before = fake.webhooks

    response = client.put(f"/webhooks/{webhook_id}", json={**WS, "events": []})

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"url", "events"}
    assert fake.webhooks == before
    assert client.put("/webhooks/nope", json={**WS, "url": HOOK["url"]}).status_code == 404


def test_only_admins_manage_webhooks(
    client_for: Callable[[str], httpx.Client], fake: FakeWebWork, world: World
) -> None:
    webhook_id = fake.add_webhook("https://example.com/a")
    ann = client_for("ann-token")

    assert ann.get("/webhooks", params=WS).status_code == 403
    assert ann.get(f"/webhooks/{webhook_id}", params=WS).status_code == 403
    assert ann.post("/webhooks", json={**WS, **HOOK}).status_code == 403
    assert ann.put(f"/webhooks/{webhook_id}", json={**WS, "url": HOOK["url"]}).status_code == 403


@pytest.mark.parametrize(
    ("url", "events"),
    [
        ("example.com/a", ["tracker.started"]),
        ("https://example.com/a", []),
        ("https://example.com/a", "tracker.started"),
        ("https://example.com/a", ["task.updated"]),
    ],
)
def test_add_webhook_refuses_bad_arguments(fake: FakeWebWork, url: str, events: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is for a person
        fake.add_webhook(url, events)  # type: ignore[arg-type]
    assert fake.webhooks == {}


def test_the_default_seed_has_one_webhook(fake: FakeWebWork) -> None:
    info = fake.seed_workspace(projects=1, tasks_per_project=1, members=1, days=1)

    (webhook_id,) = info.webhook_ids
    assert fake.webhooks[webhook_id]["url"].startswith("https://")
    assert fake.webhooks[webhook_id]["token"].startswith("whsec_")


def test_seeding_again_keeps_the_one_seeded_webhook(fake: FakeWebWork) -> None:
    first = fake.seed_workspace(projects=1, tasks_per_project=1, members=1, days=1)
    again = fake.seed_workspace(projects=1, tasks_per_project=1, members=1, days=1)

    assert again.webhook_ids == first.webhook_ids
    assert list(fake.webhooks) == list(first.webhook_ids)
