# This file is generated from webwork_async/_async/_expenses.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

import datetime as dt

from .._types import UNSET, Unset
from .._validation import (
    check_bool,
    check_date,
    check_id,
    check_number,
    check_string_id,
    check_text,
)
from ..models._expenses import Expense
from ._pagination import Pager
from ._resource import Resource, changed, clearable, date_bounds, endpoint, given

__all__ = ["Expenses"]


class Expenses(Resource):
    """``client.expenses``: expenses. Expense and category ids are opaque strings (UUIDs)."""

    @endpoint("GET /expenses")
    def list(
        self,
        *,
        id: str | None = None,
        date_from: dt.date | str | None = None,
        date_to: dt.date | str | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        concurrency: int | None = None,
        workspace_id: int | None = None,
    ) -> Pager[Expense]:
        """Expenses, optionally of a period (``date_from`` to ``date_to``) or by ``id``.

        Returns an :class:`Pager`; nothing is sent until you iterate it::

            for expense in client.expenses.list(date_from="2024-01-01"):
                print(expense.expense_name, expense.amount, expense.spent_on)
        """
        params = self._scoped(
            workspace_id,
            id=given(check_string_id, "id", id),
            **date_bounds("date_from", date_from, "date_to", date_to),
        )
        return self._list("expenses", params, Expense, per_page, max_items, concurrency)

    @endpoint("POST /expenses")
    def create(
        self,
        *,
        expense_name: str,
        date: dt.date | str,
        amount: float,
        category_id: str,
        project_id: int | None = None,
        note: str | None = None,
        is_billable: bool | None = None,
        workspace_id: int | None = None,
    ) -> Expense:
        """Record an expense.

        ``expense_name``, ``date``, ``amount`` (not negative) and ``category_id`` (an expense
        category's UUID) are required, as the official docs say; ``is_billable`` sets the
        returned ``type``. Never retried once the request may have reached the server, so an
        expense is not recorded twice.
        """
        body = self._scoped(
            workspace_id,
            expense_name=check_text("expense_name", expense_name),
            date=check_date("date", date).isoformat(),
            amount=check_number("amount", amount),
            category_id=check_string_id("category_id", category_id),
            project_id=given(check_id, "project_id", project_id),
            note=given(check_text, "note", note, empty_ok=True),
            is_billable=given(check_bool, "is_billable", is_billable),
        )
        return self._post("expenses", body, Expense)

    @endpoint("PUT /expenses/{expenseId}")
    def update(
        self,
        expense_id: str,
        *,
        expense_name: str | Unset = UNSET,
        date: dt.date | str | Unset = UNSET,
        amount: float | Unset = UNSET,
        category_id: str | Unset = UNSET,
        project_id: int | Unset | None = UNSET,
        note: str | Unset | None = UNSET,
        is_billable: bool | Unset = UNSET,
        workspace_id: int | None = None,
    ) -> Expense | None:
        """Change an expense. Only the fields you pass are sent; ``project_id=None`` and
        ``note=None`` clear them.

        The docs show this call but not its fields or response: it takes the fields of
        :meth:`create`, and returns the expense when the server sends it back, else ``None``.
        """
        expense_id = check_string_id("expense_id", expense_id)
        body = self._changes(
            self._scoped(workspace_id),
            expense_name=changed(check_text, "expense_name", expense_name),
            date=UNSET if date is UNSET else check_date("date", date).isoformat(),
            amount=changed(check_number, "amount", amount),
            category_id=changed(check_string_id, "category_id", category_id),
            project_id=clearable(check_id, "project_id", project_id),
            note=clearable(check_text, "note", note, empty_ok=True),
            is_billable=changed(check_bool, "is_billable", is_billable),
        )
        return self._put_echoed(f"expenses/{expense_id}", body, Expense)
