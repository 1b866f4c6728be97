"""Webhooks (§3.13).

Where the docs are silent: only owners and executive managers manage webhooks; ids are
opaque hex strings and every webhook gets a ``whsec_`` signing secret (``token``). Nothing is
ever delivered: the fake only keeps the subscriptions. Events must be ones the newer docs
list. The default seed has one webhook.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from attrs import define

from .._plumbing import Context, Ok, paginate
from .._resource import Endpoints, Records
from .._state import ADMIN_ROLES, UPDATED_AT, Workspace
from .._validation import need
from .._wire import JSONDict, pick

endpoints = Endpoints()

EVENTS = (
    "tracker.started",
    "tracker.stopped",
    "member.invited",
    "member.updated",
    "member.deleted",
    "member.activated",
    "member.archived",
    "project.created",
    "project.updated",
    "project.deleted",
)


_SEEDED_URL = "https://example.com/hooks/webwork"


@define
class Webhook:
    id: str
    url: str
    events: list[str]
    token: str
    created_at: float
    updated_at: float = UPDATED_AT


WEBHOOKS = Records(Webhook, lambda ws: lambda: ws.new_hex("webhook"))


def webhook_json(webhook: Webhook) -> JSONDict:
    return {**pick(webhook, "id", "url", "token"), "events": list(webhook.events)}


def _new(ws: Workspace, url: str, events: Sequence[str], now: float) -> Webhook:
    token = "whsec_" + ws.new_hex("webhook-secret")
    return WEBHOOKS.of(ws).new(url, list(events), token, now)


def add_webhook(ws: Workspace, url: str, events: Sequence[str] = ("tracker.started",)) -> str:
    """Add a webhook calling ``url`` on ``events``; returns its id."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"url must be an http(s) URL, got {url!r}")
    if isinstance(events, str) or not events:
        raise ValueError("events must be a non-empty sequence of event names")
    unknown = [event for event in events if event not in EVENTS]
    if unknown:
        raise ValueError(f"unknown webhook events: {unknown}")
    return _new(ws, url, events, time.time()).id


def seed(ws: Workspace, now: float) -> list[Webhook]:
    """One webhook on the tracker events; seeding the workspace again finds the same one."""
    seeded = [w for w in WEBHOOKS.of(ws).values() if w.url == _SEEDED_URL]
    return seeded[:1] or [_new(ws, _SEEDED_URL, ["tracker.started", "tracker.stopped"], now)]


def read(ws: Workspace) -> dict[str, JSONDict]:
    """Every webhook by id, as GET /webhooks lists it (secrets included)."""
    return {i: webhook_json(w) for i, w in WEBHOOKS.of(ws).items()}


def _events(ctx: Context, *, required: bool) -> list[str] | None:
    """``events``: documented event names, at least one; ``None`` when absent (or bad)."""
    events = ctx.input.string_list("events", EVENTS)
    if events is None and required:
        ctx.input.fail("events", "The events field is required.")
    elif ctx.input.data.get("events") == []:
        ctx.input.fail("events", "The events field must have at least 1 items.")
    return events or None


@endpoints("GET /webhooks", paged=True, roles=ADMIN_ROLES)
def list_webhooks(ctx: Context) -> Ok:
    """GET /webhooks in creation order, ``meta.pagination`` as the newer docs show."""
    page = ctx.page()
    ctx.input.check()
    webhooks = list(WEBHOOKS.of(ctx.ws).values())
    return paginate(webhooks, page, webhook_json, "Webhooks retrieved successfully")


@endpoints("GET /webhooks/{webhookId}", roles=ADMIN_ROLES)
def get_webhook(ctx: Context) -> Ok:
    webhook = ctx.lookup(WEBHOOKS.of(ctx.ws), "webhookId", "Webhook not found")
    return Ok(webhook_json(webhook), "Webhook retrieved successfully")


@endpoints("POST /webhooks", roles=ADMIN_ROLES)
def create_webhook(ctx: Context) -> Ok:
    """POST /webhooks: 200 (not 201) with the webhook, its secret included."""
    url = ctx.input.url("url", required=True)
    events = _events(ctx, required=True)
    ctx.input.check()
    webhook = _new(ctx.ws, need(url), need(events), ctx.now)
    ctx.record("create_webhook", webhook.id)
    return Ok(webhook_json(webhook), "Webhook created successfully")


@endpoints("PUT /webhooks/{webhookId}", roles=ADMIN_ROLES)
def update_webhook(ctx: Context) -> Ok:
    """PUT /webhooks/{id}: ``url`` required, ``events`` optional; only ``success`` back."""
    webhook = ctx.lookup(WEBHOOKS.of(ctx.ws), "webhookId", "Webhook not found")
    url = ctx.input.url("url", required=True)
    events = _events(ctx, required=False)
    ctx.input.check()
    changes: dict[str, object] = {"url": url}
    if events:
        changes["events"] = events
    ctx.save(webhook, changes, "update_webhook")
    return Ok(None, None, with_data=False)
