"""Expenses (§3.12).

Where the docs are silent: anybody records expenses, as their own; owners and executive
managers list and edit everybody's, others only their own. ``category_id`` is a seeded
category's UUID, ``project_id`` a live project the caller sees; ``date_from`` / ``date_to``
filter on the expense's date.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence

from attrs import define

from .._plumbing import Context, Ok, paginate
from .._resource import Endpoints, Records
from .._state import UPDATED_AT, Contract, Workspace
from .._validation import Input, check_dates, fields_of
from .._wire import JSONDict, day, human_date, money, project_name
from ._common import lookup, visible, within

endpoints = Endpoints()

_SEEDED_CATEGORIES = ("Travel", "Software", "Meals", "Office supplies")
_SEEDED_NAMES = (
    "Train ticket", "Taxi", "IDE licence", "Team lunch", "Printer paper", "Conference pass",
    "Hotel night", "Cloud credits",
)  # fmt: skip


@define
class ExpenseCategory:
    id: str
    name: str


@define
class Expense:
    id: str
    user_id: int
    expense_name: str
    date: str
    amount: float
    category_id: str
    created_at: float
    project_id: int | None = None
    note: str | None = None
    is_billable: bool = False
    updated_at: float = UPDATED_AT


CATEGORIES = Records(ExpenseCategory, lambda ws: lambda: ws.new_id("expense-category"))
EXPENSES = Records(Expense, lambda ws: lambda: ws.new_id("expense"))


def expense_json(ws: Workspace, expense: Expense) -> JSONDict:
    """As documented, ``added_dte`` typo and pre-formatted dates included."""
    category = CATEGORIES.of(ws).get(expense.category_id)
    return {
        "id": expense.id,
        "member": ws.members[expense.user_id].name,
        "expense_date": human_date(expense.date),
        "expense_name": expense.expense_name,
        "project": project_name(ws, expense.project_id),
        "category": None if category is None else category.name,
        "amount": money(expense.amount),
        "note": expense.note,
        "type": "billable" if expense.is_billable else "non-billable",
        "added_dte": human_date(day(expense.created_at)),
    }


def add_expense_category(ws: Workspace, name: str) -> str:
    """Add an expense category; returns its UUID (what POST /expenses wants)."""
    return CATEGORIES.of(ws).new(name).id


def add_expense(
    ws: Workspace,
    expense_name: str,
    date: str,
    amount: float,
    category_id: str,
    *,
    user_id: int | None = None,
    project_id: int | None = None,
    note: str | None = None,
    is_billable: bool = False,
) -> str:
    """Add an expense of ``user_id`` (default: the owner); returns its id."""
    fields = fields_of(locals(), "ws", "user_id", "amount")
    check_dates(date, None)
    owner = ws.owner_id if user_id is None else user_id
    ws.require_member(owner)
    if category_id not in CATEGORIES.of(ws):
        raise KeyError(f"no expense category {category_id}")
    if project_id is not None:
        ws.require_project(project_id)
    expenses = EXPENSES.of(ws)
    return expenses.new(user_id=owner, amount=float(amount), created_at=time.time(), **fields).id


def seed_categories(ws: Workspace) -> list[ExpenseCategory]:
    """Four categories, made by the first seeding of a workspace."""
    categories = CATEGORIES.of(ws)
    return list(categories.values()) or [categories.new(name) for name in _SEEDED_CATEGORIES]


def seed_expense(
    ws: Workspace,
    rng: random.Random,
    now: float,
    user_id: int,
    days: Sequence[str],
    categories: Sequence[ExpenseCategory],
    own: Sequence[Contract],
) -> str:
    """A random expense of the member on one of ``days``, on one of their projects."""
    name, day, amount = rng.choice(_SEEDED_NAMES), rng.choice(days), rng.randrange(500, 30000)
    category, project = rng.choice(categories).id, rng.choice(own).project_id if own else None
    expense = EXPENSES.of(ws).new(user_id, name, day, amount / 100, category, now, project)
    expense.is_billable = rng.random() < 0.5
    return expense.id


def read(ws: Workspace) -> dict[str, JSONDict]:
    """Every expense by id, as GET /expenses lists it."""
    return {i: expense_json(ws, x) for i, x in EXPENSES.of(ws).items()}


def read_expense_categories(ws: Workspace) -> dict[str, str]:
    """Expense category names by UUID."""
    return {i: c.name for i, c in CATEGORIES.of(ws).items()}


@endpoints("GET /expenses", paged=True)
def list_expenses(ctx: Context) -> Ok:
    inp = ctx.input
    expense_id = inp.string("id")
    date_from, date_to = inp.date_span()
    page = ctx.page()
    inp.check()
    expenses = visible(ctx, EXPENSES.of(ctx.ws), None, id=expense_id)
    expenses = [e for e in expenses if within(e.date, date_from, date_to)]
    message = "Expenses retrieved successfully"
    return paginate(expenses, page, lambda e: expense_json(ctx.ws, e), message)


def _check_refs(ctx: Context, category_id: str | None, project_id: int | None) -> None:
    if category_id is not None and category_id not in CATEGORIES.of(ctx.ws):
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
    fields = ctx.input.read(expense_fields(ctx.input))
    _check_refs(ctx, fields["category_id"], fields["project_id"])
    ctx.input.check()  # the required fields are there now
    expense = EXPENSES.of(ctx.ws).new(user_id=ctx.user.id, created_at=ctx.now, **fields)
    ctx.record("create_expense", expense.id)
    return Ok(expense_json(ctx.ws, expense), "Expense created successfully", status=201)


path_expense = lookup(EXPENSES.of, "expenseId", "Expense not found", owned=True)


@endpoints("PUT /expenses/{expenseId}")
def update_expense(ctx: Context) -> Ok:
    expense = path_expense(ctx)
    inp = ctx.input
    changes = inp.changes(expense_fields(inp))
    _check_refs(ctx, changes.get("category_id"), changes.get("project_id"))
    inp.check()
    ctx.save(expense, changes, "update_expense")
    return Ok(expense_json(ctx.ws, expense), "Expense updated successfully")
