# This file is generated from the __all__ of webwork_async/models/_*.py by scripts/unasync.py.
# Do not edit it: change those and run `python scripts/unasync.py`.
"""Typed models of WebWork resources: frozen, slotted attrs classes and their enums.

Enums are open: a value the docs do not list (a custom task status, a new role) decodes to a
pseudo-member that keeps it (``.is_custom``), never to an error.
"""

from ._contracts import Contract, ContractStatus, RateType, ScreenshotMode
from ._enums import TaskPriority, TaskStatus
from ._expenses import Expense, ExpenseType
from ._leaves import Leave, LeaveBalance, LeavePaid, LeavePeriod, LeaveStatus, LeaveTypeBalance
from ._members import Member, MemberInvitation
from ._project_viewers import ProjectViewer, ViewerProject
from ._projects import Project, ProjectTag
from ._reports import AttendanceFilter, Report
from ._tasks import Assignee, Task, TaskAssignment
from ._time_entries import CreatedTimeEntry, TimeEntry, TimeEntryMethod
from ._time_requests import TimeRequest, TimeRequestActionResult, TimeRequestStatus
from ._time_tracking import CurrentTracker, TrackerStarted, TrackerStopped
from ._timesheets import Timesheet, TimesheetActionResult, TimesheetProjectTime, TimesheetStatus
from ._webhooks import Webhook, WebhookEvent
from ._workspaces import MemberRole, MemberStatus, Workspace

__all__ = [
    "Assignee",
    "AttendanceFilter",
    "Contract",
    "ContractStatus",
    "CreatedTimeEntry",
    "CurrentTracker",
    "Expense",
    "ExpenseType",
    "Leave",
    "LeaveBalance",
    "LeavePaid",
    "LeavePeriod",
    "LeaveStatus",
    "LeaveTypeBalance",
    "Member",
    "MemberInvitation",
    "MemberRole",
    "MemberStatus",
    "Project",
    "ProjectTag",
    "ProjectViewer",
    "RateType",
    "Report",
    "ScreenshotMode",
    "Task",
    "TaskAssignment",
    "TaskPriority",
    "TaskStatus",
    "TimeEntry",
    "TimeEntryMethod",
    "TimeRequest",
    "TimeRequestActionResult",
    "TimeRequestStatus",
    "Timesheet",
    "TimesheetActionResult",
    "TimesheetProjectTime",
    "TimesheetStatus",
    "TrackerStarted",
    "TrackerStopped",
    "ViewerProject",
    "Webhook",
    "WebhookEvent",
    "Workspace",
]
