from __future__ import annotations

import re
from datetime import date

import attrs

from ._enums import OpenStrEnum

__all__ = ["Expense", "ExpenseType"]


class ExpenseType(OpenStrEnum):
    """Whether an expense is billed to the client (the ``type`` of an :class:`Expense`).

    Creating or updating an expense sets it with ``is_billable=True/False`` instead.
    """

    BILLABLE = "billable"
    NON_BILLABLE = "non-billable"


@attrs.frozen
class Expense:
    """An expense.

    The API sends its dates pre-formatted for display (``"Jan 15, 2024"``), not as ISO dates,
    so ``expense_date`` and ``added_dte`` (sic: the API's spelling) keep the text exactly as
    sent, and :attr:`spent_on` / :attr:`added_on` parse it into a :class:`datetime.date` when
    they can (``None`` for a format they do not know, never an error). ``member``, ``project``
    and ``category`` are display names, not ids.

    ``added_date`` is the corrected spelling of ``added_dte`` (used by the legacy API) and
    ``description`` is what a secondary reference calls ``note``; both are read in case the
    server sends them, and are ``None`` otherwise.
    """

    id: str
    expense_name: str | None = None
    amount: float | None = None
    expense_date: str | None = None
    member: str | None = None
    project: str | None = None
    category: str | None = None
    note: str | None = None
    type: ExpenseType | None = None
    added_dte: str | None = None
    added_date: str | None = None
    description: str | None = None

    @property
    def spent_on(self) -> date | None:
        """``expense_date`` as a date, or ``None`` when absent or in an unknown format."""
        return parse_display_date(self.expense_date)

    @property
    def added_on(self) -> date | None:
        """When the expense was recorded (``added_dte``, else ``added_date``), as a date, or
        ``None`` when absent or in an unknown format."""
        return parse_display_date(self.added_dte or self.added_date)

    @property
    def is_billable(self) -> bool | None:
        """``True``/``False`` from ``type``; ``None`` when the server sent none or an unknown
        value."""
        if self.type is ExpenseType.BILLABLE:
            return True
        if self.type is ExpenseType.NON_BILLABLE:
            return False
        return None


_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# "Jan 15, 2024", "January 15, 2024", "Jan. 15, 2024", optionally followed by a time.
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\.? +(\d{1,2}), *(\d{4})\b")
# "15 Jan 2024", "15 January, 2024".
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2}) +([A-Za-z]{3,9})\.?,? +(\d{4})\b")
# "2024-01-15", alone or starting a timestamp ("2024-01-15T10:00:00Z", "2024-01-15 10:00:00").
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")


def parse_display_date(text: str | None) -> date | None:
    """A calendar date from the API's display text, or ``None`` when it cannot tell.

    Understands ISO dates and timestamps (their date part) and English month-name formats
    such as ``"Jan 15, 2024"`` or ``"15 January 2024"``, whatever the process locale. Anything
    else, including an impossible date, gives ``None`` rather than an error: the raw text is
    always kept next to it.
    """
    if not text:
        return None
    text = text.strip()
    try:
        if match := _ISO.match(text):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _MONTH_DAY_YEAR.match(text):
            name, day_text, year_text = match.groups()
        elif match := _DAY_MONTH_YEAR.match(text):
            day_text, name, year_text = match.groups()
        else:
            return None
        number = _month_number(name)
        if number is None:
            return None
        return date(int(year_text), number, int(day_text))
    except ValueError:
        return None


def _month_number(name: str) -> int | None:
    """1..12 for an English month name or abbreviation (``"Jan"``, ``"Sept"``, ``"January"``)."""
    lowered = name.lower()
    for number, full in enumerate(_MONTH_NAMES, 1):
        if full.startswith(lowered):
            return number
    return None
