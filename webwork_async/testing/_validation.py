"""Request input checks with Laravel's behaviour and messages (WebWork runs on Laravel):
strings trimmed, empty ones ``null``, ``integer`` takes ``5`` and ``"5"``, a failed validation
is a 422 with the first message as ``message`` and all of them per field in ``errors``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timezone
from typing import Any, TypeGuard, TypeVar

_INT = re.compile(r"-?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URL = re.compile(r"https?://[^\s/?#]+\.?[^\s]*", re.IGNORECASE)
_ARRAY_KEY = re.compile(r"([^\[\]]+)\[(\d*)\]")
_TRUE = (True, 1, "1", "true")
_FALSE = (False, 0, "0", "false")

T = TypeVar("T")


class ApiError(Exception):
    """Aborts a request with an error envelope."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: dict[str, list[str]] | None = None,
        headers: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.headers = headers


# Typed isinstance checks: decoded JSON and form inputs hold anything.
def is_list(value: object) -> TypeGuard[list[Any]]:
    return isinstance(value, list)


def is_dict(value: object) -> TypeGuard[dict[str, Any]]:
    return isinstance(value, dict)


def need(value: T | None) -> T:
    """A value ``Input.check()`` proved present; not an ``assert``, which ``-O`` removes."""
    if value is None:
        raise ApiError(422, "The given data was invalid.")
    return value


def forbidden(message: str = "This action is unauthorized.") -> ApiError:
    return ApiError(403, message)


def php_params(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Pairs as PHP reads them: ``a[]=1&a[]=2`` is a list, ``a=1&a=2`` is ``"2"``."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        found = _ARRAY_KEY.fullmatch(key)
        if found is None:
            data[key] = value
            continue
        name = found.group(1)
        if not isinstance(data.get(name), list):
            data[name] = []
        data[name].append(value)
    return data


def parse_datetime(value: str) -> int | None:
    """Epoch seconds of an ISO 8601 date-time (no offset means UTC)."""
    text = value.strip()
    if len(text) < 16 or not _DATE.fullmatch(text[:10]):
        return None
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


def parse_time(value: str) -> int | None:
    """Minutes after midnight of ``HH:mm``."""
    found = _TIME.fullmatch(value)
    return None if found is None else int(found.group(1)) * 60 + int(found.group(2))


def normalize(value: Any) -> Any:
    """Apply Laravel's TrimStrings and ConvertEmptyStringsToNull middleware."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if is_list(value):
        return [normalize(item) for item in value]
    return value


def _label(name: str) -> str:
    return name.replace("_", " ")


def as_int(value: Any) -> int | None:
    """The integer a Laravel ``integer`` rule would accept, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INT.fullmatch(value):
        return int(value)
    return None


def _date_or_none(value: str) -> str | None:
    return value if is_date(value) else None


def is_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


class Input:
    """The merged query and body parameters of one request, plus the errors found so far."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = {key: normalize(value) for key, value in data.items()}
        self.errors: dict[str, list[str]] = {}

    def present(self, name: str) -> bool:
        """Whether the field was sent at all (``null`` counts as sent)."""
        return name in self.data

    def read(self, readers: Mapping[str, Callable[[str], object]]) -> dict[str, Any]:
        """A POST's fields, each read by its reader, in order (the order of the errors)."""
        return {name: read(name) for name, read in readers.items()}

    def changes(self, readers: Mapping[str, Callable[[str], object]]) -> dict[str, Any]:
        """A PUT's fields: like :meth:`read`, the fields present only."""
        return {name: read(name) for name, read in readers.items() if self.present(name)}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def _required(self, name: str, required: bool) -> Any:
        value = self.data.get(name)
        if value is None and required:
            self.fail(name, f"The {_label(name)} field is required.")
        return value

    def integer(
        self,
        name: str,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
        choices: Collection[int] | None = None,
    ) -> int | None:
        value = self._required(name, required)
        if value is None:
            return None
        number = as_int(value)
        if number is None:
            self.fail(name, f"The {_label(name)} field must be an integer.")
        elif minimum is not None and number < minimum:
            self.fail(name, f"The {_label(name)} field must be at least {minimum}.")
        elif maximum is not None and number > maximum:
            self.fail(name, f"The {_label(name)} field must not be greater than {maximum}.")
        elif choices is not None and number not in choices:
            self.fail(name, f"The selected {_label(name)} is invalid.")
        else:
            return number
        return None

    def string(self, name: str, *, required: bool = False, max_length: int = 255) -> str | None:
        value = self._required(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, f"The {_label(name)} field must be a string.")
        elif len(value) > max_length:
            self.fail(
                name,
                f"The {_label(name)} field must not be greater than {max_length} characters.",
            )
        else:
            return value
        return None

    def choice(self, name: str, choices: Collection[str], *, required: bool = False) -> str | None:
        value = self.string(name, required=required)
        if value is not None and value not in choices:
            self.fail(name, f"The selected {_label(name)} is invalid.")
            return None
        return value

    def number(self, name: str, *, required: bool = False) -> float | None:
        value = self._required(name, required)
        if value is None:
            return None
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = float(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(name, f"The {_label(name)} field must be a number.")
            return None
        if value < 0:
            self.fail(name, f"The {_label(name)} field must be at least 0.")
            return None
        return float(value)

    def _parsed(
        self, name: str, required: bool, parse: Callable[[str], T | None], rule: str
    ) -> T | None:
        value = self._required(name, required)
        if value is None:
            return None
        parsed = parse(value) if isinstance(value, str) else None
        if parsed is None:
            self.fail(name, f"The {_label(name)} field {rule}.")
        return parsed

    def date(self, name: str, *, required: bool = False) -> str | None:
        return self._parsed(name, required, _date_or_none, "must match the format Y-m-d")

    def time_of_day(self, name: str, *, required: bool = False) -> int | None:
        """``HH:mm`` as minutes after midnight."""
        return self._parsed(name, required, parse_time, "must match the format H:i")

    def datetime(self, name: str, *, required: bool = False) -> int | None:
        """ISO 8601 as epoch seconds."""
        return self._parsed(name, required, parse_datetime, "must be a valid date")

    def boolean(self, name: str) -> bool | None:
        """Laravel's ``boolean``, plus "true"/"false" strings."""
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            value = value.lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        self.fail(name, f"The {_label(name)} field must be true or false.")
        return None

    def email(self, name: str, *, required: bool = False) -> str | None:
        return self._pattern(name, self.string(name, required=required), _EMAIL, "email address")

    def url(self, name: str, *, required: bool = False) -> str | None:
        value = self.string(name, required=required, max_length=2048)
        return self._pattern(name, value, _URL, "URL")

    def _pattern(
        self, name: str, value: str | None, pattern: re.Pattern[str], what: str
    ) -> str | None:
        if value is not None and not pattern.fullmatch(value):
            self.fail(name, f"The {_label(name)} field must be a valid {what}.")
            return None
        return value

    def _list(self, name: str) -> list[Any] | None:
        """A list, also from a comma-separated string (``users=1,2``)."""
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        if is_list(value):
            return [item for item in value if item is not None]
        return [value]

    def id_list(self, name: str) -> list[int] | None:
        items = self._list(name)
        return None if items is None else self._integers(name, items)

    def string_list(self, name: str, choices: Collection[str] | None = None) -> list[str] | None:
        items = self._list(name)
        if items is None:
            return None
        strings: list[str] = []
        for index, item in enumerate(items):
            if not isinstance(item, str):
                self.fail(f"{name}.{index}", f"The {name}.{index} field must be a string.")
            elif choices is not None and item not in choices:
                self.fail(f"{name}.{index}", f"The selected {name}.{index} is invalid.")
            else:
                strings.append(item)
        return strings

    def integer_list(self, name: str) -> list[int] | None:
        """A JSON array of integers (a lone value or a comma string is a 422)."""
        value = self.data.get(name)
        if value is None:
            return None
        if not is_list(value):
            self.fail(name, f"The {_label(name)} field must be an array.")
            return None
        return self._integers(name, value)

    def _integers(self, name: str, items: list[Any]) -> list[int]:
        numbers: list[int] = []
        for index, item in enumerate(items):
            number = as_int(item)
            if number is None:
                self.fail(f"{name}.{index}", f"The {name}.{index} field must be an integer.")
            else:
                numbers.append(number)
        return numbers

    def date_span(self, *, required: bool = False) -> tuple[str | None, str | None]:
        """``date_from`` and ``date_to``, the second not before the first."""
        date_from = self.date("date_from", required=required)
        date_to = self.date("date_to", required=required)
        self.date_order("date_from", date_from, "date_to", date_to)
        return date_from, date_to

    def date_order(
        self, start_name: str, start: str | None, end_name: str, end: str | None
    ) -> None:
        """``end`` on or after ``start`` (ISO dates compare as strings)."""
        if start is not None and end is not None and end < start:
            self.fail(
                end_name,
                f"The {_label(end_name)} field must be a date after or equal to "
                f"{_label(start_name)}.",
            )

    def after(self, start_name: str, start: int | None, end_name: str, end: int | None) -> None:
        """``end`` (a time or date-time) strictly after ``start``."""
        if start is not None and end is not None and end <= start:
            self.fail(
                end_name, f"The {_label(end_name)} field must be a time after {_label(start_name)}."
            )

    def check(self) -> None:
        """Raise the 422 for everything collected so far."""
        if not self.errors:
            return
        messages = [message for field in self.errors.values() for message in field]
        message = messages[0]
        extra = len(messages) - 1
        if extra:
            message += f" (and {extra} more error{'s' if extra > 1 else ''})"
        raise ApiError(422, message, errors=self.errors)


# -- the arguments of FakeWebWork's add_* methods (Python errors, not 422s) ---------------
def fields_of(arguments: dict[str, Any], *leave_out: str) -> dict[str, Any]:
    """An ``add_*`` function's ``locals()`` but ``self`` and ``leave_out``: named after the
    record's fields, they pass straight through to it."""
    return {k: v for k, v in arguments.items() if k != "self" and k not in leave_out}


def epoch(moment: datetime | str) -> int:
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            raise ValueError("datetimes must be timezone-aware")
        return int(moment.timestamp())
    seconds = parse_datetime(moment)
    if seconds is None:
        raise ValueError(f"not an ISO 8601 date-time: {moment!r}")
    return seconds


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, not {value!r}")


def check_dates(start: str | None, end: str | None) -> None:
    for value in (start, end):
        if value is not None and not is_date(value):
            raise ValueError(f"dates are YYYY-MM-DD, not {value!r}")
    if start is not None and end is not None and end < start:
        raise ValueError("the end date must not be before the start date")
