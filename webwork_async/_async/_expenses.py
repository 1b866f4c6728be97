from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .._errors import InvalidRequestError
from .._types import UNSET, Unset
from .._validation import (
    check_bool,
    check_date,
    check_date_order,
    check_id,
    check_max_items,
    check_number,
    check_per_page,
    check_string_id,
    check_text,
)
from ..models._expenses import Expense
from ._pagination import AsyncPager

if TYPE_CHECKING:
    from ._client import AsyncWebWork

__all__ = ["AsyncExpenses"]


class AsyncExpenses:
    """``client.expenses``: expenses. Expense and category ids are opaque strings (UUIDs)."""

    def __init__(self, client: AsyncWebWork) -> None:
        self._client = client

    def list(
        self,
        *,
        id: str | None = None,
        date_from: dt.date | str | None = None,
        date_to: dt.date | str | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        workspace_id: int | None = None,
    ) -> AsyncPager[Expense]:
        """Expenses, optionally of a period (``date_from`` to ``date_to``) or by ``id``.

        Returns an :class:`AsyncPager`; nothing is sent until you iterate it::

            async for expense in client.expenses.list(date_from="2024-01-01"):
                print(expense.expense_name, expense.amount, expense.spent_on)
        """
        params: dict[str, Any] = {"workspace_id": self._client._workspace(workspace_id)}
        if id is not None:
            params["id"] = check_string_id("id", id)
        first = None if date_from is None else check_date("date_from", date_from)
        last = None if date_to is None else check_date("date_to", date_to)
        check_date_order("date_from", first, "date_to", last)
        if first is not None:
            params["date_from"] = first.isoformat()
        if last is not None:
            params["date_to"] = last.isoformat()
        return AsyncPager(
            self._client,
            "expenses",
            params,
            Expense,
            per_page=check_per_page(per_page),
            max_items=check_max_items(max_items),
        )

    async def create(
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
        body: dict[str, Any] = {
            "workspace_id": self._client._workspace(workspace_id),
            "expense_name": check_text("expense_name", expense_name),
            "date": check_date("date", date).isoformat(),
            "amount": check_number("amount", amount),
            "category_id": check_string_id("category_id", category_id),
        }
        if project_id is not None:
            body["project_id"] = check_id("project_id", project_id)
        if note is not None:
            body["note"] = check_text("note", note, empty_ok=True)
        if is_billable is not None:
            body["is_billable"] = check_bool("is_billable", is_billable)
        envelope = await self._client._request("POST", "expenses", json=body, idempotent=False)
        return envelope.decode(Expense)

    async def update(
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
        body: dict[str, Any] = {"workspace_id": self._client._workspace(workspace_id)}
        if expense_name is not UNSET:
            body["expense_name"] = check_text("expense_name", expense_name)
        if date is not UNSET:
            body["date"] = check_date("date", date).isoformat()
        if amount is not UNSET:
            body["amount"] = check_number("amount", amount)
        if category_id is not UNSET:
            body["category_id"] = check_string_id("category_id", category_id)
        if project_id is not UNSET:
            body["project_id"] = None if project_id is None else check_id("project_id", project_id)
        if note is not UNSET:
            body["note"] = None if note is None else check_text("note", note, empty_ok=True)
        if is_billable is not UNSET:
            body["is_billable"] = check_bool("is_billable", is_billable)
        if len(body) == 1:
            raise InvalidRequestError("update", "no field to change was given")
        envelope = await self._client._request("PUT", f"expenses/{expense_id}", json=body)
        data = envelope.data_object()
        if data is not None and data.get("id") is not None:
            return envelope.decode(Expense)
        return None
