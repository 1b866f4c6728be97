"""Expenses (§3.12) and webhooks (§3.13).

Expenses, where the docs are silent: anybody records expenses (they are the caller's:
``member`` is the caller's name); owners and executive managers list and edit everybody's,
others only their own. ``category_id`` must be a seeded category's UUID
(``FakeWebWork.add_expense_category``), ``project_id`` a live project the caller can see.
``is_billable`` defaults to false (``type`` "non-billable"). ``date_from`` / ``date_to``
filter on the expense date.

Webhooks are for owners and executive managers only. ``events`` must be a non-empty array
(JSON, or form-encoded ``events[]=…``) of the NEW enum; ``task.updated`` (seen in one
example) is not in it. Webhooks are only stored: the fake delivers nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._plumbing import Context, Ok, own_scope, paginate
from ._state import ADMIN_ROLES, WEBHOOK_EVENTS, Expense, Webhook
from ._validation import Input, is_list, need
from ._wire import expense_json, webhook_json

WEBHOOKS_PER_PAGE = 50


# -- expenses --------------------------------------------------------------------------------


def list_expenses(ctx: Context) -> Ok:
    """GET /expenses in creation order."""
    inp = ctx.input
    expense_id = inp.string("id")
    date_from, date_to = inp.date_span()
    page = ctx.page()
    inp.check()
    scope = own_scope(ctx)
    expenses = [
        e
        for e in ctx.ws.expenses.where(user_id=scope, id=expense_id)
        if (date_from is None or e.date >= date_from) and (date_to is None or e.date <= date_to)
    ]
    return paginate(
        expenses, page, lambda e: expense_json(ctx.ws, e), "Expenses retrieved successfully"
    )


def _check_refs(ctx: Context, category_id: str | None, project_id: int | None) -> None:
    if category_id is not None and category_id not in ctx.ws.expense_categories:
        ctx.input.fail("category_id", "The selected category id is invalid.")
    if project_id is not None:
        visible = ctx.ws.visible_project_ids(ctx.user)
        if ctx.ws.live_project(project_id) is None or (
            visible is not None and project_id not in visible
        ):
            ctx.input.fail("project_id", "The selected project id is invalid.")


def expense_fields(inp: Input) -> dict[str, Callable[[str], object]]:
    """What POST /expenses reads and PUT /expenses may change: the record's fields."""
    return {
        "expense_name": lambda f: inp.string(f, required=True),
        "date": lambda f: inp.date(f, required=True),
        "amount": lambda f: inp.number(f, required=True),
        "category_id": lambda f: inp.string(f, required=True),
        "project_id": inp.integer,
        "note": lambda f: inp.string(f, max_length=65535),
        "is_billable": lambda f: bool(inp.boolean(f)),
    }


def create_expense(ctx: Context) -> Ok:
    """POST /expenses: 201 with the expense as documented (``added_dte``, "Jan 15, 2024")."""
    fields = ctx.input.read(expense_fields(ctx.input))
    _check_refs(ctx, fields["category_id"], fields["project_id"])
    ctx.input.check()  # the required fields are there now
    expense = ctx.ws.expenses.new(user_id=ctx.user.id, created_at=ctx.now, **fields)
    ctx.record("create_expense", expense.id)
    return Ok(expense_json(ctx.ws, expense), "Expense created successfully", status=201)


def path_expense(ctx: Context) -> Expense:
    return ctx.lookup(ctx.ws.expenses, "expenseId", "Expense not found", owned=True)


def update_expense(ctx: Context) -> Ok:
    """PUT /expenses/{id}: the create fields, all optional (``project_id`` and ``note``
    may be null); ``data`` is the expense."""
    expense = path_expense(ctx)
    inp = ctx.input
    changes = inp.changes(expense_fields(inp))
    _check_refs(ctx, changes.get("category_id"), changes.get("project_id"))
    inp.check()
    ctx.save(expense, changes, "update_expense")
    return Ok(expense_json(ctx.ws, expense), "Expense updated successfully")


# -- webhooks --------------------------------------------------------------------------------


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


def list_webhooks(ctx: Context) -> Ok:
    """GET /webhooks: 50 a page by default (the OLD docs' "50 rows per page"); no
    ``message``, like the docs' example."""
    ctx.require_role(ADMIN_ROLES)
    page = ctx.page(default=WEBHOOKS_PER_PAGE)
    ctx.input.check()
    webhooks = list(ctx.ws.webhooks.values())
    return paginate(webhooks, page, webhook_json, None)


def create_webhook(ctx: Context) -> Ok:
    """POST /webhooks (JSON or form-encoded): **200**, ``data`` the webhook with its
    ``token`` secret (``whsec_…``), no ``message`` (as in both generations' examples); ids
    are 12 hex digits ("encoded")."""
    ctx.require_role(ADMIN_ROLES)
    url = ctx.input.url("url", required=True)
    events = _events(ctx, required=True)
    ctx.input.check()
    url = need(url)
    events = need(events)
    webhook = ctx.ws.add_webhook(url=url, events=events, now=ctx.now)
    ctx.record("create_webhook", webhook.id)
    return Ok(webhook_json(webhook), None)


def path_webhook(ctx: Context) -> Webhook:
    return ctx.lookup(ctx.ws.webhooks, "webhookId", "Webhook not found")


def get_webhook(ctx: Context) -> Ok:
    ctx.require_role(ADMIN_ROLES)
    return Ok(webhook_json(path_webhook(ctx)), "Webhook retrieved successfully")


def update_webhook(ctx: Context) -> Ok:
    """PUT /webhooks/{id} (JSON or form-encoded): ``url`` required, ``events`` optional
    (replaces the list). The docs show only ``success``: the answer is ``success`` and
    ``meta``, no ``data``, no ``message``."""
    ctx.require_role(ADMIN_ROLES)
    webhook = path_webhook(ctx)
    url = ctx.input.url("url", required=True)
    events = _events(ctx, required=False)
    ctx.input.check()
    changes: dict[str, Any] = {"url": url}
    if events is not None:
        changes["events"] = events
    ctx.save(webhook, changes, "update_webhook")
    return Ok(None, None, with_data=False)
