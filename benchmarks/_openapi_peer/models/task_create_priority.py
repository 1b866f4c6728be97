# ruff: noqa
from enum import IntEnum


class TaskCreatePriority(IntEnum):
    VALUE_10 = 10
    VALUE_20 = 20
    VALUE_30 = 30
    VALUE_40 = 40

    def __str__(self) -> str:
        return str(self.value)
