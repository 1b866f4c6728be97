# ruff: noqa
"""Contains all the data models used in inputs/outputs"""

from .assignee import Assignee
from .assignment_envelope import AssignmentEnvelope
from .assignment_envelope_data import AssignmentEnvelopeData
from .empty import Empty
from .meta import Meta
from .pagination import Pagination
from .task import Task
from .task_create import TaskCreate
from .task_create_priority import TaskCreatePriority
from .task_create_status import TaskCreateStatus
from .task_envelope import TaskEnvelope
from .task_list import TaskList
from .task_scope import TaskScope

__all__ = (
    "Assignee",
    "AssignmentEnvelope",
    "AssignmentEnvelopeData",
    "Empty",
    "Meta",
    "Pagination",
    "Task",
    "TaskCreate",
    "TaskCreatePriority",
    "TaskCreateStatus",
    "TaskEnvelope",
    "TaskList",
    "TaskScope",
)
