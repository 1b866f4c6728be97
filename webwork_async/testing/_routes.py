"""The route table: every endpoint of §2 with a known method and path (63), in doc order.

Path parameters keep the docs' names; they are what ``fake.stats.by_route`` and
``Faults(routes=...)`` key on (``"PUT /timesheets/{timesheetId}/approve"``).
"""

from __future__ import annotations

from . import _handlers as core
from . import _handlers_expenses as expenses
from . import _handlers_leaves as leaves
from . import _handlers_reports as reports
from . import _handlers_time as time
from . import _handlers_viewers as viewers
from . import _handlers_webhooks as webhooks
from ._plumbing import Route

ROUTES: tuple[Route, ...] = (
    Route("GET", "/workspaces", core.list_workspaces, workspace="none", paged=True),
    # members
    Route("GET", "/members", core.list_members, paged=True),
    Route("POST", "/members", core.invite_member),
    Route("GET", "/members/{memberId}", core.get_member),
    Route("PUT", "/members/{memberId}", core.update_member),
    Route("DELETE", "/members/{memberId}", core.delete_member),
    # projects
    Route("GET", "/projects", core.list_projects, paged=True),
    Route("POST", "/projects", core.create_project),
    Route("GET", "/projects/{projectId}", core.get_project),
    Route("PUT", "/projects/{projectId}", core.update_project),
    Route("DELETE", "/projects/{projectId}", core.delete_project),
    # contracts
    # the reference's contracts example is the one list with a top-level pagination (§1.4)
    Route("GET", "/contracts", core.list_contracts, paged=True, pagination="top"),
    Route("POST", "/contracts", core.create_contract),
    Route("GET", "/contracts/{contractId}", core.get_contract),
    Route("PUT", "/contracts/{contractId}", core.update_contract),
    Route("DELETE", "/contracts/{contractId}", core.delete_contract),
    # tasks
    Route("GET", "/tasks", core.list_tasks, paged=True),
    Route("POST", "/tasks", core.create_task),
    Route("GET", "/tasks/{taskId}", core.get_task),
    Route("PUT", "/tasks/{taskId}", core.update_task),
    Route("DELETE", "/tasks/{taskId}", core.delete_task),
    Route("GET", "/tasks/{taskId}/assignees", core.list_assignees),
    Route("POST", "/tasks/{taskId}/assign/{userId}", core.assign_task),
    Route("DELETE", "/tasks/{taskId}/unassign/{userId}", core.unassign_task),
    # project viewers
    Route("GET", "/project-viewers", viewers.list_viewers, paged=True),
    Route("POST", "/project-viewers", viewers.create_viewer),
    Route("GET", "/project-viewers/{viewerId}", viewers.get_viewer),
    Route("DELETE", "/project-viewers/{viewerId}", viewers.archive_viewer),
    Route("POST", "/project-viewers/{viewerId}/restore", viewers.restore_viewer),
    Route("POST", "/project-viewers/{viewerId}/assign-project", viewers.assign_project),
    Route("DELETE", "/project-viewers/{viewerId}/unassign-project", viewers.unassign_project),
    # time tracking
    Route("POST", "/time-tracking/start", core.start_tracking),
    Route("POST", "/time-tracking/stop", core.stop_tracking, workspace="optional"),
    Route("GET", "/time-tracking/current-data", core.current_tracker),
    # time entries
    Route("GET", "/time-entries", time.list_time_entries, paged=True),
    Route("POST", "/time-entries", time.create_time_entry),
    Route("PUT", "/time-entries/{time_entry_id}", time.update_time_entry),
    Route("DELETE", "/time-entries/{time_entry_id}", time.delete_time_entry),
    # timesheets
    Route("GET", "/timesheets", time.list_timesheets, paged=True),
    Route("PUT", "/timesheets/{timesheetId}/approve", time.approve_timesheet),
    Route("PUT", "/timesheets/{timesheetId}/reject", time.reject_timesheet),
    Route("PUT", "/timesheets/{timesheetId}/submit", time.submit_timesheet),
    Route("PUT", "/timesheets/{timesheetId}/unsubmit", time.unsubmit_timesheet),
    # time requests
    Route("GET", "/time-requests", time.list_time_requests, paged=True),
    Route("POST", "/time-requests", time.create_time_request),
    Route("GET", "/time-requests/{id}", time.get_time_request),
    Route("POST", "/time-requests/{timeRequestId}/approve", time.approve_time_request),
    Route("POST", "/time-requests/{timeRequestId}/reject", time.reject_time_request),
    # leaves
    Route("GET", "/leaves", leaves.list_leaves, paged=True),
    Route("POST", "/leaves", leaves.create_leave),
    Route("GET", "/leaves/balances", leaves.leave_balances, paged=True),
    # expenses
    Route("GET", "/expenses", expenses.list_expenses, paged=True),
    Route("POST", "/expenses", expenses.create_expense),
    Route("PUT", "/expenses/{expenseId}", expenses.update_expense),
    # webhooks
    Route("GET", "/webhooks", webhooks.list_webhooks, paged=True),
    Route("POST", "/webhooks", webhooks.create_webhook),
    Route("GET", "/webhooks/{webhookId}", webhooks.get_webhook),
    Route("PUT", "/webhooks/{webhookId}", webhooks.update_webhook),
    # reports
    Route("GET", "/reports/tracked-hours", reports.tracked_hours, paged=True),
    Route("GET", "/reports/daily-timeline", reports.daily_timeline, paged=True),
    Route("GET", "/reports/activity-level", reports.activity_level, paged=True),
    Route("GET", "/reports/daily-attendance", reports.daily_attendance, paged=True),
    Route("GET", "/reports/task-report", reports.task_report, paged=True),
)
