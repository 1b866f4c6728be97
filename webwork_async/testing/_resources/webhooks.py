"""Webhooks (§3.13).

Webhooks are for owners and executive managers only. ``events`` must be a non-empty array
(JSON, or form-encoded ``events[]=…``) of the NEW enum; ``task.updated`` (seen in one
example) is not in it. Webhooks are only stored: the fake delivers nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from functools import partial

from attrs import asdict, define

from .._plumbing import Context, Ok, paginate
from .._resource import Endpoints, Records
from .._state import ADMIN_ROLES, UPDATED_AT, Workspace
from .._validation import check_choice, is_list, need
from .._wire import JSONDict
from ._common import lookup

endpoints = Endpoints()

WEBHOOKS_PER_PAGE = 50
WEBHOOK_EVENTS = (
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


@define
class Webhook:
    id: str
    url: str
    events: list[str]
    created_at: float
    token: str = ""  # set right after the id: the secret comes from the same id counter
    updated_at: float = UPDATED_AT


# ids are 12 hex digits ("encoded")
WEBHOOKS = Records(Webhook, lambda ws: partial(ws.new_hex, "webhook", 12))


def webhook_json(webhook: Webhook) -> JSONDict:
    """Every field but the timestamps."""
    return asdict(webhook, filter=lambda field, _: not field.name.endswith("_at"))


def new_webhook(ws: Workspace, url: str, events: list[str], now: float) -> Webhook:
    webhook = WEBHOOKS.of(ws).new(url, events, now)
    webhook.token = "whsec_" + ws.new_hex("webhook-secret")
    return webhook


def add_webhook(
    ws: Workspace, url: str, events: Iterable[str] = ("tracker.started", "tracker.stopped")
) -> str:
    """Register a webhook (stored only: nothing is delivered); returns its id."""
    chosen = list(events)
    for event in chosen:
        check_choice("event", event, WEBHOOK_EVENTS)
    return new_webhook(ws, url, chosen, time.time()).id


def seed(ws: Workspace, now: float) -> list[Webhook]:
    """The seeded webhook (tracker events), made by the first seeding of a workspace."""
    seeded = "https://example.com/webhooks/webwork"
    return list(WEBHOOKS.of(ws).values()) or [
        new_webhook(ws, seeded, ["tracker.started", "tracker.stopped"], now)
    ]


def read(ws: Workspace) -> dict[str, JSONDict]:
    """Every webhook by id, secret ``token`` included."""
    return {i: webhook_json(w) for i, w in WEBHOOKS.of(ws).items()}


def _events(ctx: Context, *, required: bool) -> list[str] | None:
    value = ctx.input.data.get("events")
    if value is None or value == []:
        if required or ctx.input.present("events"):
            ctx.input.fail("events", "The events field is required.")
        return None
    if not is_list(value):
        ctx.input.fail("events", "The events field must be an array.")
        return None
    events: list[str] = []
    for index, event in enumerate(value):
        if event not in WEBHOOK_EVENTS:
            ctx.input.fail(f"events.{index}", f"The selected events.{index} is invalid.")
        elif event not in events:
            events.append(event)
    return events


@endpoints("GET /webhooks", paged=True, roles=ADMIN_ROLES)
def list_webhooks(ctx: Context) -> Ok:
    """50 a page by default (the OLD docs' "50 rows per page"); no ``message`` (as the docs)."""
    page = ctx.page(default=WEBHOOKS_PER_PAGE)
    ctx.input.check()
    return paginate(list(WEBHOOKS.of(ctx.ws).values()), page, webhook_json, None)


@endpoints("POST /webhooks", roles=ADMIN_ROLES)
def create_webhook(ctx: Context) -> Ok:
    """**200** with the webhook and its ``token`` secret, no ``message`` (as the docs)."""
    url = ctx.input.url("url", required=True)
    events = _events(ctx, required=True)
    ctx.input.check()
    webhook = new_webhook(ctx.ws, need(url), need(events), ctx.now)
    ctx.record("create_webhook", webhook.id)
    return Ok(webhook_json(webhook), None)


path_webhook = lookup(WEBHOOKS.of, "webhookId", "Webhook not found", owned=False)


@endpoints("GET /webhooks/{webhookId}", roles=ADMIN_ROLES)
def get_webhook(ctx: Context) -> Ok:
    return Ok(webhook_json(path_webhook(ctx)), "Webhook retrieved successfully")


@endpoints("PUT /webhooks/{webhookId}", roles=ADMIN_ROLES)
def update_webhook(ctx: Context) -> Ok:
    """``events`` replaces the list; the answer has no ``data`` nor ``message`` (as the docs)."""
    webhook = path_webhook(ctx)
    url = ctx.input.url("url", required=True)
    events = _events(ctx, required=False)
    ctx.input.check()
    changes = {"url": url, "events": webhook.events if events is None else events}
    ctx.save(webhook, changes, "update_webhook")
    return Ok(None, None, with_data=False)
