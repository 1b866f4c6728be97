"""Expenses (§3.12).

Expenses, where the docs are silent: anybody records expenses (they are the caller's:
``member`` is the caller's name); owners and executive managers list and edit everybody's,
others only their own. ``category_id`` must be a seeded category's UUID
(``FakeWebWork.add_expense_category``), ``project_id`` a live project the caller can see.
``is_billable`` defaults to false (``type`` "non-billable"). ``date_from`` / ``date_to``
filter on the expense date.
"""

from __future__ import annotations

from collections.abc import Callable

from .._plumbing import Context, Ok, own_scope, paginate
from .._resource import Endpoints
from .._state import Expense
from .._validation import Input
from .._wire import expense_json

endpoints = Endpoints()


@endpoints("GET /expenses", paged=True)
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


@endpoints("POST /expenses")
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


@endpoints("PUT /expenses/{expenseId}")
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
