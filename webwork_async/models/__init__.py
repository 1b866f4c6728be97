# This file is generated from the __all__ of webwork_async/models/_*.py by scripts/unasync.py.
# Do not edit it: change those and run `python scripts/unasync.py`.
"""Typed models of WebWork resources: frozen, slotted attrs classes and their enums.

Enums are open: a value the docs do not list (a custom task status, a new role) decodes to a
pseudo-member that keeps it (``.is_custom``), never to an error.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
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
else:
    __getattr__, __dir__ = lazy_names(
        __name__,
        {
            "Assignee": "._tasks",
            "AttendanceFilter": "._reports",
            "Contract": "._contracts",
            "ContractStatus": "._contracts",
            "CreatedTimeEntry": "._time_entries",
            "CurrentTracker": "._time_tracking",
            "Expense": "._expenses",
            "ExpenseType": "._expenses",
            "Leave": "._leaves",
            "LeaveBalance": "._leaves",
            "LeavePaid": "._leaves",
            "LeavePeriod": "._leaves",
            "LeaveStatus": "._leaves",
            "LeaveTypeBalance": "._leaves",
            "Member": "._members",
            "MemberInvitation": "._members",
            "MemberRole": "._workspaces",
            "MemberStatus": "._workspaces",
            "Project": "._projects",
            "ProjectTag": "._projects",
            "ProjectViewer": "._project_viewers",
            "RateType": "._contracts",
            "Report": "._reports",
            "ScreenshotMode": "._contracts",
            "Task": "._tasks",
            "TaskAssignment": "._tasks",
            "TaskPriority": "._enums",
            "TaskStatus": "._enums",
            "TimeEntry": "._time_entries",
            "TimeEntryMethod": "._time_entries",
            "TimeRequest": "._time_requests",
            "TimeRequestActionResult": "._time_requests",
            "TimeRequestStatus": "._time_requests",
            "Timesheet": "._timesheets",
            "TimesheetActionResult": "._timesheets",
            "TimesheetProjectTime": "._timesheets",
            "TimesheetStatus": "._timesheets",
            "TrackerStarted": "._time_tracking",
            "TrackerStopped": "._time_tracking",
            "ViewerProject": "._project_viewers",
            "Webhook": "._webhooks",
            "WebhookEvent": "._webhooks",
            "Workspace": "._workspaces",
        },
    )

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
