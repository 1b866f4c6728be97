from __future__ import annotations

import enum
from typing import Final

__all__ = ["UNSET", "Unset"]


class Unset(enum.Enum):
    """Type of :data:`UNSET`."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = Unset.UNSET
"""Default of optional ``update()`` arguments: the field is not sent, and so keeps its value.

``None`` is different: for a nullable field such as a task's ``description`` it clears it.
"""
