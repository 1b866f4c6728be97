"""Typed models of WebWork resources: frozen, slotted attrs classes and the task enums."""

from ._enums import TaskPriority, TaskStatus
from ._projects import Project, ProjectTag
from ._tasks import Assignee, Task, TaskAssignment
from ._time_tracking import TrackerStarted, TrackerStopped

__all__ = [
    "Assignee",
    "Project",
    "ProjectTag",
    "Task",
    "TaskAssignment",
    "TaskPriority",
    "TaskStatus",
    "TrackerStarted",
    "TrackerStopped",
]
