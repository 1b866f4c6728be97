"""Argument checks, run before anything is sent; each failure names the argument."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from types import CoroutineType
from typing import Any, TypeVar, cast

from ._converter import unstructure
from ._errors import InvalidRequestError
from ._types import UNSET, Unset
from .models import (
    AttendanceFilter,
    LeavePeriod,
    MemberRole,
    TaskPriority,
    TaskStatus,
)
from .models._enums import OpenIntEnum, OpenStrEnum

E = TypeVar("E", bound=OpenStrEnum)
IE = TypeVar("IE", bound=OpenIntEnum)
D = TypeVar("D", date, time)

__all__ = [
    "check_bool",
    "check_choice",
    "check_count",
    "check_date",
    "check_date_range",
    "check_email",
    "check_id_list",
    "check_sequence",
    "check_string_id",
    "check_time",
    "check_url",
    "code_by_name",
    "code_names",
    "check_date_order",
    "check_id",
    "check_max_items",
    "check_order",
    "check_number",
    "check_per_page",
    "check_priority",
    "check_status",
    "check_text",
    "project_fields",
    "task_fields",
]


MAX_REPORT_DAYS = 31
"""The longest range the date-ranged reports accept."""
HOURS_IN_A_WEEK = 168

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_id(field: str, value: object) -> int:
    """A positive integer id."""
    if type(value) is not int:
        raise InvalidRequestError(field, f"must be a positive integer id, got {_describe(value)}")
    if value <= 0:
        raise InvalidRequestError(field, f"must be a positive integer id, got {value}")
    return value


def check_text(field: str, value: object, *, empty_ok: bool = False) -> str:
    if not isinstance(value, str):
        raise InvalidRequestError(field, f"must be a string, got {_describe(value)}")
    if not empty_ok and not value.strip():
        raise InvalidRequestError(field, "must not be empty")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidRequestError(field, "is not valid text (lone surrogate)") from None
    return value


def check_number(field: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidRequestError(field, f"must be a number, got {_describe(value)}")
    if not math.isfinite(value):
        raise InvalidRequestError(field, f"must be a finite number, got {value}")
    if value < 0:
        raise InvalidRequestError(field, f"must not be negative, got {value}")
    return value


def check_date(field: str, value: object) -> date:
    """A calendar date: a ``datetime.date`` or a ``YYYY-MM-DD`` string."""
    if isinstance(value, datetime):
        # A datetime is a date subclass, but sending its time part would be rejected.
        raise InvalidRequestError(field, "must be a date, not a datetime (use .date())")
    # Only YYYY-MM-DD: newer Pythons' fromisoformat also takes "20240115" or week dates.
    return _parsed(field, value, date, _ISO_DATE, "a date or a 'YYYY-MM-DD' string")


def check_date_order(
    start_field: str, start: date | Unset | None, end_field: str, end: date | Unset | None
) -> None:
    if isinstance(start, date) and isinstance(end, date) and end < start:
        raise InvalidRequestError(
            end_field, f"must not be before {start_field} ({end.isoformat()} < {start.isoformat()})"
        )


def code_by_name(enum: type[IE], text: str) -> IE | None:
    """The member of ``enum`` that ``text`` names, or None: case-insensitive, with spaces,
    dashes and underscores alike (``"in_progress"``, ``"In Progress"``, ``"in-progress"``).
    The one parser of status and priority names, shared by the SDK's checks and the CLI."""
    key = "_".join(text.upper().replace("-", " ").replace("_", " ").split())
    return enum.__members__.get(key)


def code_names(enum: type[OpenIntEnum]) -> str:
    """The names :func:`code_by_name` takes, for error messages (aliases after the
    canonical names, as the older documentation's names come last)."""
    return ", ".join(name.lower() for name in enum.__members__)


def _code(field: str, value: object, enum: type[IE]) -> IE:
    """A member of ``enum`` from the member, its int code or its name."""
    if isinstance(value, str):
        member = code_by_name(enum, value)
        if member is None:
            raise InvalidRequestError(
                field,
                f"unknown {enum.__name__} name {value!r}: use one of {code_names(enum)}, "
                "or an int code",
            )
        return member
    if type(value) is not int and not isinstance(value, enum):
        raise InvalidRequestError(
            field, f"must be a {enum.__name__}, an int code or a name, got {_describe(value)}"
        )
    return enum(value)


def check_status(field: str, value: object, *, write: bool) -> TaskStatus:
    """A task status, given as a :class:`TaskStatus`, its int code or its name; custom codes
    are fine in filters but the API accepts only base codes on create and update."""
    status = _code(field, value, TaskStatus)
    if status < 0:
        raise InvalidRequestError(field, f"must not be negative, got {int(status)}")
    if write and status.is_custom:
        raise InvalidRequestError(
            field,
            f"custom status code {int(status)} cannot be written; use a base status "
            "(OPEN=0, IN_PROGRESS=10, DONE=20, CLOSED=30)",
        )
    return status


def check_priority(field: str, value: object) -> TaskPriority:
    """A task priority, given as a :class:`TaskPriority`, its int code or its name."""
    priority = _code(field, value, TaskPriority)
    if priority.is_custom:
        raise InvalidRequestError(
            field, f"must be one of URGENT=10, HIGH=20, NORMAL=30, LOW=40, got {int(priority)}"
        )
    return priority


def _describe(value: Any) -> str:
    if value is UNSET:
        return "nothing"
    if isinstance(value, CoroutineType):
        # An async call's result used without await: name the fix, not just the type.
        return f"coroutine {value.__qualname__}() (did you forget 'await'?)"
    return f"{type(value).__name__} {value!r}"


def task_fields(
    description: str | Unset | None,
    status: TaskStatus | int | str | Unset | None,
    priority: TaskPriority | int | str | Unset | None,
    start_date: date | str | Unset | None,
    end_date: date | str | Unset | None,
    *,
    update: bool = False,
) -> dict[str, Any]:
    """The checked, JSON-ready optional fields of a task create or update.

    On create, ``None`` means "leave it to the server"; on update, ``None`` is sent, to clear
    a nullable field.
    """
    fields: dict[str, Any] = {}
    if description is not UNSET and (update or description is not None):
        fields["description"] = (
            None if description is None else check_text("description", description, empty_ok=True)
        )
    if status is not UNSET and (update or status is not None):
        fields["status"] = check_status("status", status, write=True)
    if priority is not UNSET and (update or priority is not None):
        fields["priority"] = None if priority is None else check_priority("priority", priority)
    dates: dict[str, date | None] = {}
    for name, value in (("start_date", start_date), ("end_date", end_date)):
        if value is not UNSET and (update or value is not None):
            dates[name] = None if value is None else check_date(name, value)
    check_date_order("start_date", dates.get("start_date"), "end_date", dates.get("end_date"))
    fields.update(dates)
    return {name: unstructure(value) for name, value in fields.items()}


def check_per_page(per_page: int) -> int:
    if type(per_page) is not int or not 1 <= per_page <= 100:
        raise InvalidRequestError("per_page", f"must be an int from 1 to 100, got {per_page!r}")
    return per_page


def check_max_items(max_items: int | None) -> int | None:
    if max_items is not None and (type(max_items) is not int or max_items < 0):
        raise InvalidRequestError("max_items", f"must be an int >= 0, got {max_items!r}")
    return max_items


def project_fields(
    start_date: date | str | Unset | None,
    deadline: date | str | Unset | None,
    estimation: float | Unset | None,
    budget: float | Unset | None,
    notes: str | Unset | None,
    icon: str | Unset | None,
    *,
    update: bool = False,
) -> dict[str, Any]:
    """The checked, JSON-ready optional fields of a project create or update.

    As for tasks: on create, ``None`` leaves a field to the server; on update it is sent, to
    clear the field.
    """
    fields: dict[str, Any] = {}

    def given(value: object) -> bool:
        return value is not UNSET and (update or value is not None)

    for name, day in (("start_date", start_date), ("deadline", deadline)):
        if given(day):
            fields[name] = None if day is None else check_date(name, day)
    check_date_order("start_date", fields.get("start_date"), "deadline", fields.get("deadline"))
    for name, number in (("estimation", estimation), ("budget", budget)):
        if given(number):
            fields[name] = None if number is None else check_number(name, number)
    for name, text in (("notes", notes), ("icon", icon)):
        if given(text):
            fields[name] = None if text is None else check_text(name, text, empty_ok=True)
    return {name: unstructure(value) for name, value in fields.items()}


def check_order(field: str, value: object) -> str:
    """A sort order, ``"asc"`` or ``"desc"``."""
    if value not in ("asc", "desc"):
        raise InvalidRequestError(field, f"must be 'asc' or 'desc', got {value!r}")
    return str(value)


def check_count(field: str, value: object, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number in ``minimum..maximum``."""
    if type(value) is not int:
        raise InvalidRequestError(field, f"must be an integer, got {_describe(value)}")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"from {minimum} to {maximum}" if maximum is not None else f">= {minimum}"
        raise InvalidRequestError(field, f"must be {bound}, got {value}")
    return value


def check_bool(field: str, value: object) -> bool:
    if type(value) is not bool:
        raise InvalidRequestError(field, f"must be True or False, got {_describe(value)}")
    return value


def check_string_id(field: str, value: object) -> str:
    """An opaque string id (timesheets, time requests, leaves, expenses, webhooks, entries):
    non-empty, and safe to put in a URL path."""
    text = check_text(field, value)
    # "." and ".." are dot segments: they would address the collection or walk up from it.
    if not _STRING_ID.fullmatch(text) or text in (".", ".."):
        raise InvalidRequestError(field, f"is not a valid id: {text!r}")
    return text


def check_sequence(field: str, values: object, *, of: str) -> Sequence[object]:
    """A list, tuple or other sequence (not a string, which is a sequence of characters)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise InvalidRequestError(field, f"must be a sequence of {of}, got {_describe(values)}")
    return cast("Sequence[object]", values)


def check_id_list(field: str, values: object) -> list[int]:
    """A sequence of positive integer ids (not a string)."""
    ids = check_sequence(field, values, of="ids")
    return [check_id(f"{field}[{i}]", v) for i, v in enumerate(ids)]


def check_choice(field: str, value: object, enum: type[E]) -> E:
    """One of a documented string enum's members (or its value as a string)."""
    if isinstance(value, enum) and not value.is_custom:
        return value
    if isinstance(value, str) and value in enum._value2member_map_:
        member = enum(value)
        if not member.is_custom:
            return member
    allowed = ", ".join(repr(m.value) for m in enum)
    raise InvalidRequestError(field, f"must be one of {allowed}, got {value!r}")


def check_time(field: str, value: object) -> time:
    """A time of day: a ``datetime.time`` or an ``HH:MM`` string."""
    return _parsed(field, value, time, _TIME, "a time or an 'HH:MM' string")


def _parsed(field: str, value: object, kind: type[D], form: re.Pattern[str], expected: str) -> D:
    """``value`` when it is a ``kind`` (a date or a time), else the string in ``form`` that
    ``kind.fromisoformat`` accepts (a real date or time, not 2026-02-30 or 25:00), else the
    error saying that ``field`` must be ``expected``."""
    if isinstance(value, kind):
        return value
    if isinstance(value, str) and form.fullmatch(value):
        try:
            return kind.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidRequestError(field, f"must be {expected}, got {value!r}")


def check_email(field: str, value: object) -> str:
    text = check_text(field, value)
    if not _EMAIL.fullmatch(text):
        raise InvalidRequestError(field, f"is not an email address: {text!r}")
    return text


def check_url(field: str, value: object) -> str:
    """An absolute http(s) URL (webhook targets)."""
    text = check_text(field, value)
    if not _URL.fullmatch(text):
        raise InvalidRequestError(field, f"must be an http(s) URL, got {text!r}")
    return text


def check_date_range(
    start_field: str,
    start: object,
    end_field: str,
    end: object,
    *,
    max_days: int | None = None,
) -> tuple[date, date]:
    """Two dates, the end not before the start, at most ``max_days`` apart (inclusive)."""
    first, last = check_date(start_field, start), check_date(end_field, end)
    check_date_order(start_field, first, end_field, last)
    if max_days is not None and (last - first).days + 1 > max_days:
        raise InvalidRequestError(
            end_field, f"the range may cover at most {max_days} days, got {(last - first).days + 1}"
        )
    return first, last


_STRING_ID = re.compile(r"[A-Za-z0-9._~=-]+")
_TIME = re.compile(r"\d{2}:\d{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URL = re.compile(r"https?://[^\s/$.?#].[^\s]*", re.IGNORECASE)


def check_datetime(field: str, value: object) -> datetime:
    """A moment: a ``datetime`` or an ISO 8601 date-time string (with a time part)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and "T" in value.upper():
        text = value[:-1] + "+00:00" if value[-1:] in ("Z", "z") else value
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    raise InvalidRequestError(
        field, f"must be a datetime or an ISO 8601 date-time string, got {value!r}"
    )


def check_time_order(start: time, end: time) -> None:
    # Compared as sent: to the minute.
    if (end.hour, end.minute) <= (start.hour, start.minute):
        raise InvalidRequestError(
            "end_time", f"must be after start_time ({end:%H:%M} <= {start:%H:%M})"
        )


def report_range(start_date: object, end_date: object) -> dict[str, str]:
    first, last = check_date_range(
        "start_date", start_date, "end_date", end_date, max_days=MAX_REPORT_DAYS
    )
    return {"start_date": first.isoformat(), "end_date": last.isoformat()}


def report_page(page: int, per_page: int) -> dict[str, int]:
    return {"page": check_id("page", page), "per_page": check_per_page(per_page)}


def comma_ids(field: str, ids: object) -> str:
    checked = check_id_list(field, ids)
    if not checked:
        raise InvalidRequestError(field, "must not be empty (leave it out to mean all)")
    return ",".join(str(i) for i in checked)


def attendance_statuses(statuses: object) -> str:
    statuses = check_sequence("status", statuses, of="AttendanceFilter values")
    if not statuses:
        raise InvalidRequestError("status", "must not be empty (leave it out to mean all)")
    return ",".join(
        check_choice(f"status[{i}]", value, AttendanceFilter).value
        for i, value in enumerate(statuses)
    )


def comma_texts(field: str, texts: object) -> str:
    texts = check_sequence(field, texts, of="strings")
    if not texts:
        raise InvalidRequestError(field, "must not be empty (leave it out to mean all)")
    checked: list[str] = []
    for i, text in enumerate(texts):
        value = check_text(f"{field}[{i}]", text).strip()
        if "," in value:
            # The list is sent comma-separated: a comma inside a value would split it.
            raise InvalidRequestError(f"{field}[{i}]", f"must not contain a comma: {value!r}")
        checked.append(value)
    return ",".join(checked)


def check_viewer_id(value: object) -> int | str:
    """An integer id (older docs) or an opaque string id (newer docs)."""
    if isinstance(value, str):
        return check_string_id("viewer_id", value)
    return check_id("viewer_id", value)


def check_role(value: object, allowed: tuple[MemberRole, ...]) -> MemberRole:
    if isinstance(value, str) and value in allowed:
        return MemberRole(value)
    choices = ", ".join(repr(role.value) for role in allowed)
    raise InvalidRequestError("role", f"must be one of {choices}, got {value!r}")


def leave_hours_fields(
    start_time: time | str | None, end_time: time | str | None, hours_per_day: float | None
) -> dict[str, Any]:
    """The fields of an hour-based leave request: all three, or none."""
    given = {"start_time": start_time, "end_time": end_time, "hours_per_day": hours_per_day}
    if all(value is None for value in given.values()):
        return {}
    for name, value in given.items():
        if value is None:
            raise InvalidRequestError(
                name,
                "is required for an hour-based leave: give start_time, end_time and "
                "hours_per_day together",
            )
    first = check_time("start_time", start_time)
    last = check_time("end_time", end_time)
    hours = check_number("hours_per_day", hours_per_day)
    if not 0 < hours <= 24:
        raise InvalidRequestError(
            "hours_per_day", f"must be more than 0 and at most 24, got {hours}"
        )
    return {"start_time": unstructure(first), "end_time": unstructure(last), "hours_per_day": hours}


def check_leave_period(value: object) -> LeavePeriod:
    if (isinstance(value, LeavePeriod) or type(value) is int) and value in (0, 1, 2):
        return LeavePeriod(value)
    raise InvalidRequestError(
        "leave_period",
        f"must be FULL_DAY=0, FIRST_HALF=1 or SECOND_HALF=2, got {value!r}",
    )
