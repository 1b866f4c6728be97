"""Request input checks with Laravel's behaviour and messages.

WebWork runs on Laravel, so inputs behave like Laravel's: strings are trimmed and empty
strings become ``null`` (the ``TrimStrings`` / ``ConvertEmptyStringsToNull`` middleware),
``integer`` accepts ``5`` and ``"5"``, and a failed validation answers 422 with the first
message as ``message`` and every message per field under ``errors``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any

_INT = re.compile(r"-?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


def forbidden(message: str = "This action is unauthorized.") -> ApiError:
    return ApiError(403, message)


def normalize(value: Any) -> Any:
    """Apply Laravel's TrimStrings and ConvertEmptyStringsToNull middleware."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, list):
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

    def choice(self, name: str, choices: Collection[str]) -> str | None:
        value = self.string(name)
        if value is not None and value not in choices:
            self.fail(name, f"The selected {_label(name)} is invalid.")
            return None
        return value

    def number(self, name: str) -> float | None:
        value = self.data.get(name)
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

    def date(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or not is_date(value):
            self.fail(name, f"The {_label(name)} field must match the format Y-m-d.")
            return None
        return value

    def integer_list(self, name: str) -> list[int] | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, list):
            self.fail(name, f"The {_label(name)} field must be an array.")
            return None
        numbers: list[int] = []
        for index, item in enumerate(value):
            number = as_int(item)
            if number is None:
                self.fail(f"{name}.{index}", f"The {name}.{index} field must be an integer.")
            else:
                numbers.append(number)
        return numbers

    def date_order(
        self, start_name: str, start: str | None, end_name: str, end: str | None
    ) -> None:
        """``end`` must be on or after ``start`` (ISO dates compare as strings)."""
        if start is not None and end is not None and end < start:
            self.fail(
                end_name,
                f"The {_label(end_name)} field must be a date after or equal to "
                f"{_label(start_name)}.",
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
