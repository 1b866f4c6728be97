from __future__ import annotations

import enum
from typing import TypeVar

# OpenIntEnum and OpenStrEnum are the bases of the public enums, not exported themselves.
__all__ = ["TaskPriority", "TaskStatus"]

M = TypeVar("M", bound=enum.Enum)


class OpenIntEnum(enum.IntEnum):
    """An IntEnum that decodes unknown codes into cached pseudo-members instead of failing.

    Workspaces define their own task status codes, and a server may grow new priorities; a
    client that crashes on them is useless, and one that maps them to a known member would
    silently change the value it sends back.
    """

    @classmethod
    def _missing_(cls, value: object) -> OpenIntEnum | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        return _custom(cls, value, int.__new__(cls, value))

    @property
    def is_custom(self) -> bool:
        """True for a code that is not one of the documented members."""
        return self._name_.startswith("CUSTOM_")


class OpenStrEnum(str, enum.Enum):
    """A string enum that decodes values it does not know into cached pseudo-members.

    The API's string enums (roles, statuses, event names) differ between generations of the
    docs and grow over time; an unknown value keeps its exact text and says ``is_custom``.
    ``str(member)`` is its value, so it prints and compares like the string it stands for.
    """

    @classmethod
    def _missing_(cls, value: object) -> OpenStrEnum | None:
        if not isinstance(value, str):
            return None
        return _custom(cls, value, str.__new__(cls, value))

    @property
    def is_custom(self) -> bool:
        """True for a value that is not one of the documented members."""
        return self._name_.startswith("CUSTOM_")

    def __str__(self) -> str:
        return str(self.value)


def _custom(cls: type[M], value: object, member: M) -> M:
    """The pseudo-member for a ``value`` that ``cls`` does not list, made once and kept."""
    member._name_ = f"CUSTOM_{value}"
    member._value_ = value
    # setdefault: two threads racing on the same new value must end up with one member.
    return cls._value2member_map_.setdefault(value, member)  # type: ignore[return-value]


class TaskStatus(OpenIntEnum):
    """A task's status code.

    The four base statuses are documented; workspaces can add custom codes (1, 2, 11, 21, ...),
    which decode to pseudo-members such as ``TaskStatus(11)`` (named ``CUSTOM_11``) that keep
    their exact value and know their base status::

        >>> TaskStatus(11).base
        <TaskStatus.IN_PROGRESS: 10>

    The older documentation names the same codes Incomplete, Doing, Done and Completed; those
    names are aliases (``TaskStatus.DOING is TaskStatus.IN_PROGRESS``). Only base codes may be
    sent when creating or updating a task.
    """

    OPEN = 0
    IN_PROGRESS = 10
    DONE = 20
    CLOSED = 30
    INCOMPLETE = 0
    DOING = 10
    COMPLETED = 30

    @property
    def base(self) -> TaskStatus:
        """The base status this code belongs to: its decade, so 1 and 2 → OPEN, 11 → IN_PROGRESS."""
        return TaskStatus(min(max(self.value, 0) // 10 * 10, 30))


class TaskPriority(OpenIntEnum):
    """A task's priority. Tasks without a priority have ``None``."""

    URGENT = 10
    HIGH = 20
    NORMAL = 30
    LOW = 40
