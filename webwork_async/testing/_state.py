"""The in-memory workspace: members, projects, contracts, tasks, trackers and time entries,
timesheets, time requests, leaves, expenses and webhooks.

Every read and write of a :class:`Workspace` happens while holding ``Workspace.lock``: the
adapters call the app from many threads (the sync transport, the server thread, test code
seeding data), and one coarse lock keeps every request atomic, which is also what makes the
``applied`` counters trustworthy.
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

ROLES = (
    "Owner",
    "Project viewer",
    "Executive manager",
    "Team manager",
    "Project manager",
    "Regular User",
)
# Roles PUT /members may set (never Owner), and that POST /members may invite as.
SETTABLE_ROLES = (
    "Regular User",
    "Project manager",
    "Team manager",
    "Executive manager",
    "Project viewer",
)
MEMBER_STATUSES = ("active", "inactive", "left", "unknown")
# DELETE /members/{id} and DELETE /project-viewers/{id} archive: the status becomes this.
ARCHIVED = "inactive"
CONTRACT_STATUSES = ("active", "paused")
SCREENSHOT_LABELS = {
    "full": "Screenshot on",
    "blurred": "Blurred screenshots",
    "no_preview": "Screenshot without preview",
    "no_screenshot": "Screenshot off",
    "background_blurred": "Background blurred",
    "video_full": "Video on",
    "video_blurred": "Blurred video",
    "video_full_silent": "Silent video",
    "video_blurred_silent": "Silent blurred video",
}
# Owners and executive managers may do everything (the docs' "restricted to owners and
# executive managers"); project and team managers may also edit tasks; everybody else only
# sees the projects they hold a contract on.
ADMIN_ROLES = frozenset({"Owner", "Executive manager"})
TASK_EDITOR_ROLES = frozenset({"Owner", "Executive manager", "Project manager", "Team manager"})

BASE_STATUSES: dict[int, tuple[str, str]] = {
    0: ("Open", "#6C757D"),
    10: ("In Progress", "#FFC107"),
    20: ("Done", "#28A745"),
    30: ("Closed", "#343A40"),
}
DEFAULT_CUSTOM_STATUSES: dict[int, tuple[str, str]] = {
    1: ("Backlog", "#8E8E93"),
    2: ("Ready", "#17A2B8"),
    11: ("In Review", "#FD7E14"),
    21: ("Verified", "#20C997"),
}
PRIORITIES = {10: "Urgent", 20: "High", 30: "Normal", 40: "Low"}

TIMESHEET_STATUSES = ("pending", "submitted", "approved", "rejected")
REQUEST_STATUSES = ("pending", "approved", "rejected")
LEAVE_STATUSES = ("pending", "approved", "rejected")
LEAVE_UNITS = ("days", "hours")
WEBHOOK_EVENTS = (
    "tracker.started",
    "tracker.stopped",
    "member.invited",
    "member.updated",
    "member.deleted",
    "member.activated",
    "member.archived",
    "project.created",
    "project.updated",
    "project.deleted",
)
# Values of a time entry's ``method``, as the docs list them.
TRACKER_METHOD = "Web tracker"
MANUAL_METHOD = "Manually added time"
DESKTOP_METHOD = "Desktop tracker"

MINUTES_PER_DAY = 1440
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
# Ids of the string-id resources are UUIDs derived from a counter: deterministic, unique.
_ID_NAMESPACE = uuid.UUID("6f0c6d4e-2b1a-4c55-9a7e-3d1f0b8e9a21")


def day_start(day: str) -> int:
    """Minutes since the epoch at 00:00 UTC of ``day`` (``YYYY-MM-DD``)."""
    return (date.fromisoformat(day).toordinal() - _EPOCH_ORDINAL) * MINUTES_PER_DAY


def minute_day(minute: int) -> str:
    """The UTC day (``YYYY-MM-DD``) an epoch minute falls on."""
    return date.fromordinal(_EPOCH_ORDINAL + minute // MINUTES_PER_DAY).isoformat()


def days_between(first: str, last: str) -> list[str]:
    """Every day from ``first`` to ``last``, both included."""
    start = date.fromisoformat(first)
    count = (date.fromisoformat(last) - start).days + 1
    return [(start + timedelta(days=offset)).isoformat() for offset in range(max(0, count))]


def is_weekday(day: str) -> bool:
    return date.fromisoformat(day).weekday() < 5


def is_completed(status: int) -> bool:
    """Whether a status code counts as finished (sets ``completed_at``).

    The base codes 20 (Done) and 30 (Closed) are; custom codes follow the block they sit in,
    so 21 "Verified" is finished and 11 "In Review" is not.
    """
    return status >= 20


@dataclass(slots=True)
class Member:
    id: int
    email: str
    firstname: str
    lastname: str
    role: str
    status: str
    timezone: str | None
    title: str | None
    team_name: str | None
    rate: float | None
    weekly_hours_limit: int | None
    created_at: float
    updated_at: float = 0.0
    # 1: the member may see their own rate (PUT /members ``rate_status``)
    rate_status: int = 1
    # projects a "Project viewer" may see (POST /project-viewers/{id}/assign-project)
    viewer_project_ids: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.firstname} {self.lastname}"


@dataclass(slots=True)
class Project:
    id: int
    name: str
    owner_id: int
    start_date: str | None
    deadline: str | None
    estimation: float | None
    budget: float | None
    notes: str | None
    icon: str | None
    is_billable: bool
    created_at: float
    updated_at: float
    archived_at: float | None = None


@dataclass(slots=True)
class Contract:
    id: int
    project_id: int
    user_id: int
    weekly_hours_limit: int | None
    screenshots: str
    rate: float | None
    status: str
    created_at: float
    updated_at: float
    deleted_at: float | None = None


@dataclass(slots=True)
class Assignment:
    id: int
    task_id: int
    user_id: int
    assigner_id: int


@dataclass(slots=True)
class Task:
    id: int
    title: str
    description: str | None
    project_id: int
    owner_id: int
    creator_id: int
    status: int
    priority: int | None
    start_date: str | None
    end_date: str | None
    completed_at: float | None
    parent_id: int | None
    created_at: float
    updated_at: float
    # user id -> assignment, in assignment order
    assignments: dict[int, Assignment] = field(default_factory=dict)


@dataclass(slots=True)
class Tracker:
    user_id: int
    started_at: float
    contract_id: int | None
    project_id: int | None
    task_id: int | None
    activity_description: str | None


@dataclass(slots=True)
class TimeEntry:
    """A stretch of tracked time within one UTC day; ``start``/``end`` in epoch minutes."""

    id: str
    user_id: int
    contract_id: int | None
    project_id: int | None
    task_id: int | None
    description: str | None
    method: str
    start: int
    end: int
    activity_level: int | None
    created_at: float

    @property
    def day(self) -> str:
        return minute_day(self.start)

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class Timesheet:
    id: str
    user_id: int
    date_from: str
    date_to: str
    status: str
    created_at: float
    updated_at: float
    submitted_at: float | None = None
    reject_reason: str | None = None
    approved_by: int | None = None
    rejected_by: int | None = None


@dataclass(slots=True)
class TimeRequest:
    """Requested manual time; ``start``/``end`` in epoch seconds."""

    id: str
    user_id: int
    contract_id: int | None
    project_id: int | None
    task_id: int | None
    start: int
    end: int
    status: str
    notes: str | None
    created_by: int
    created_at: float
    updated_at: float
    comment: str | None = None
    updated_by: int | None = None
    entry_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class LeavePolicy:
    id: int
    name: str
    unit: str  # "days" or "hours"
    allowance: float  # per user, in ``unit``
    is_paid: bool


@dataclass(slots=True)
class Leave:
    id: str
    user_id: int
    policy_id: int
    start_date: str
    end_date: str
    status: str
    note: str | None
    leave_period: int  # 0 full day, 1 first half, 2 second half
    start_time: str | None
    end_time: str | None
    hours_per_day: float | None
    created_by: int
    created_at: float
    approved_by: int | None = None
    rejected_by: int | None = None
    reject_reason: str | None = None


@dataclass(slots=True)
class ExpenseCategory:
    id: str
    name: str


@dataclass(slots=True)
class Expense:
    id: str
    user_id: int
    expense_name: str
    date: str
    amount: float
    category_id: str
    project_id: int | None
    note: str | None
    is_billable: bool
    created_at: float
    updated_at: float


@dataclass(slots=True)
class Webhook:
    id: str
    url: str
    events: list[str]
    token: str
    created_at: float
    updated_at: float


@dataclass(slots=True)
class Invitation:
    """An invitation e-mail the fake "sent" (members and project viewers)."""

    user_id: int
    email: str
    role: str
    link: str
    created_at: float


def leave_amount(policy: LeavePolicy, leave: Leave) -> float:
    """Days (day-based policies) or hours (hour-based) a leave takes: weekdays only."""
    weekdays = sum(1 for d in days_between(leave.start_date, leave.end_date) if is_weekday(d))
    if policy.unit == "hours":
        return weekdays * (leave.hours_per_day or 0.0)
    return weekdays * (0.5 if leave.leave_period in (1, 2) else 1.0)


def activity_level(user_id: int, start: int) -> int:
    """A plausible, deterministic activity percentage (35..95) for tracked time."""
    return 35 + (user_id * 7919 + start * 104729) % 61


class Workspace:
    """One workspace's data plus the indexes the handlers need to stay fast at 10k+ tasks."""

    def __init__(self, workspace_id: int, name: str, now: float) -> None:
        self.lock = threading.Lock()
        self.id = workspace_id
        self.name = name
        self.created_at = now
        self.owner_id = 0
        self.members: dict[int, Member] = {}
        self.tokens: dict[str, int] = {}
        self.projects: dict[int, Project] = {}
        self.contracts: dict[int, Contract] = {}
        self.tasks: dict[int, Task] = {}
        # project id -> {task id -> task}; ids only grow, so each dict is in ascending id order
        self.project_tasks: dict[int, dict[int, Task]] = {}
        self.custom_statuses: dict[int, tuple[str, str]] = {}
        self.trackers: dict[int, Tracker] = {}
        # soft-deleted contracts leave ``contracts`` (so no reader sees them) for this
        self.deleted_contracts: dict[int, Contract] = {}
        self.time_entries: dict[str, TimeEntry] = {}
        # (user id, "YYYY-MM-DD") -> {entry id -> entry}: reports and limits look up by day
        self.day_entries: dict[tuple[int, str], dict[str, TimeEntry]] = {}
        self.timesheets: dict[str, Timesheet] = {}
        self.time_requests: dict[str, TimeRequest] = {}
        self.leave_policies: dict[int, LeavePolicy] = {}
        self.leaves: dict[str, Leave] = {}
        self.expense_categories: dict[str, ExpenseCategory] = {}
        self.expenses: dict[str, Expense] = {}
        self.webhooks: dict[str, Webhook] = {}
        self.invitations: list[Invitation] = []
        # POST /time-requests by an owner or executive manager is approved at once when set
        self.auto_approve_time_requests = False
        # Distinct id ranges per resource, so that an id passed to the wrong endpoint 404s
        # instead of silently hitting another object.
        self._member_ids = itertools.count(100)
        self._project_ids = itertools.count(1000)
        self._contract_ids = itertools.count(5000)
        self._task_ids = itertools.count(10000)
        self._assignment_ids = itertools.count(1)
        self._leave_policy_ids = itertools.count(300)
        self._string_ids = itertools.count(1)

    def new_id(self, kind: str) -> str:
        """A fresh UUID string for a string-id resource (deterministic: a counter's hash)."""
        return str(uuid.uuid5(_ID_NAMESPACE, f"{self.id}:{kind}:{next(self._string_ids)}"))

    def new_hex(self, kind: str, length: int = 32) -> str:
        """A fresh hex string (webhook ids and secrets, invitation tokens)."""
        return self.new_id(kind).replace("-", "")[:length]

    # -- lookups -----------------------------------------------------------------------------

    def status_info(self, code: int) -> tuple[str, str] | None:
        """Name and colour of a base or custom status code, ``None`` when unknown."""
        return BASE_STATUSES.get(code) or self.custom_statuses.get(code)

    def is_member(self, user_id: int) -> bool:
        """Whether the user belongs to the workspace (members who left do not)."""
        member = self.members.get(user_id)
        return member is not None and member.status != "left"

    def is_active(self, user_id: int) -> bool:
        """Whether the user may work: be assigned, track time, get contracts, take leave.

        Only ``active`` members may; archived (``inactive``), former (``left``) and
        ``unknown`` ones may not.
        """
        member = self.members.get(user_id)
        return member is not None and member.status == "active"

    def live_project(self, project_id: int) -> Project | None:
        project = self.projects.get(project_id)
        return None if project is None or project.archived_at is not None else project

    def live_projects(self) -> Iterator[Project]:
        return (p for p in self.projects.values() if p.archived_at is None)

    def visible_project_ids(self, user: Member) -> set[int] | None:
        """Projects the user may see; ``None`` means all of them."""
        if user.role in TASK_EDITOR_ROLES:
            return None
        visible = {c.project_id for c in self.contracts.values() if c.user_id == user.id}
        if user.status == "active":  # archived project viewers see nothing any more
            visible.update(user.viewer_project_ids)
        return visible

    def live_contract(self, contract_id: int) -> Contract | None:
        """A contract that is not deleted and whose project is not archived."""
        contract = self.contracts.get(contract_id)
        if contract is None or self.live_project(contract.project_id) is None:
            return None
        return contract

    def any_contract(self, contract_id: int | None) -> Contract | None:
        """A contract, deleted or not (time entries keep pointing at deleted ones)."""
        if contract_id is None:
            return None
        return self.contracts.get(contract_id) or self.deleted_contracts.get(contract_id)

    def rate_of(self, entry: TimeEntry) -> float | None:
        """The hourly rate of an entry: the contract's, else the member's; billable only."""
        contract = self.any_contract(entry.contract_id)
        project = self.projects.get(entry.project_id) if entry.project_id is not None else None
        if contract is None or project is None or not project.is_billable:
            return None
        if contract.rate is not None:
            return contract.rate
        return self.members[entry.user_id].rate

    # -- time entries --------------------------------------------------------------------------

    def entries_on(self, user_id: int, day: str) -> list[TimeEntry]:
        """The user's entries on a UTC day, in start order."""
        entries = self.day_entries.get((user_id, day))
        return sorted(entries.values(), key=lambda e: e.start) if entries else []

    def entries_between(self, user_id: int, days: Iterable[str]) -> Iterator[TimeEntry]:
        for day in days:
            yield from self.entries_on(user_id, day)

    def overlapping(
        self, user_id: int, start: int, end: int, ignore: str | None = None
    ) -> list[TimeEntry]:
        """The user's entries overlapping ``[start, end)`` (all within one day)."""
        return [
            e
            for e in self.entries_on(user_id, minute_day(start))
            if e.start < end and start < e.end and e.id != ignore
        ]

    def free_stretch(self, user_id: int, start: int, end: int) -> tuple[int, int] | None:
        """The longest part of ``[start, end)`` no entry of the user covers (earliest on a
        tie), ``None`` when all of it is covered."""
        best: tuple[int, int] | None = None
        cursor = start
        for entry in self.overlapping(user_id, start, end):
            if entry.start > cursor and (best is None or entry.start - cursor > best[1] - best[0]):
                best = (cursor, entry.start)
            cursor = max(cursor, entry.end)
        if end > cursor and (best is None or end - cursor > best[1] - best[0]):
            best = (cursor, end)
        return best

    def week_minutes(self, user_id: int, day: str, contract_id: int | None = None) -> int:
        """Minutes the user tracked in the ISO week (Monday..Sunday) of ``day``, on one
        contract when ``contract_id`` is given."""
        monday = date.fromisoformat(day) - timedelta(days=date.fromisoformat(day).weekday())
        week = days_between(monday.isoformat(), (monday + timedelta(days=6)).isoformat())
        return sum(
            e.minutes
            for e in self.entries_between(user_id, week)
            if contract_id is None or e.contract_id == contract_id
        )

    def locked_timesheet(self, user_id: int, day: str) -> Timesheet | None:
        """A submitted or approved timesheet of the user covering ``day``: its time is locked."""
        for sheet in self.timesheets.values():
            if (
                sheet.user_id == user_id
                and sheet.status in ("submitted", "approved")
                and sheet.date_from <= day <= sheet.date_to
            ):
                return sheet
        return None

    def add_time_entry(
        self,
        *,
        user_id: int,
        start: int,
        end: int,
        now: float,
        method: str,
        contract_id: int | None = None,
        task_id: int | None = None,
        description: str | None = None,
        activity: int | None = None,
    ) -> TimeEntry:
        contract = self.any_contract(contract_id)
        entry = TimeEntry(
            id=self.new_id("time-entry"),
            user_id=user_id,
            contract_id=contract_id,
            project_id=None if contract is None else contract.project_id,
            task_id=task_id,
            description=description,
            method=method,
            start=start,
            end=end,
            activity_level=activity,
            created_at=now,
        )
        self.index_entry(entry)
        return entry

    def index_entry(self, entry: TimeEntry) -> None:
        self.time_entries[entry.id] = entry
        self.day_entries.setdefault((entry.user_id, entry.day), {})[entry.id] = entry

    def unindex_entry(self, entry: TimeEntry) -> None:
        del self.time_entries[entry.id]
        del self.day_entries[(entry.user_id, entry.day)][entry.id]

    def record_span(
        self,
        *,
        user_id: int,
        start: int,
        end: int,
        now: float,
        method: str,
        contract_id: int | None = None,
        task_id: int | None = None,
        description: str | None = None,
        tracked: bool = False,
    ) -> list[TimeEntry]:
        """Entries for ``[start, end)``, split at UTC midnights. ``tracked`` time (a stopped
        tracker) gets an activity level; manual time has none."""
        entries: list[TimeEntry] = []
        while start < end:
            piece_end = min(end, (start // MINUTES_PER_DAY + 1) * MINUTES_PER_DAY)
            entries.append(
                self.add_time_entry(
                    user_id=user_id,
                    start=start,
                    end=piece_end,
                    now=now,
                    method=method,
                    contract_id=contract_id,
                    task_id=task_id,
                    description=description,
                    activity=activity_level(user_id, start) if tracked else None,
                )
            )
            start = piece_end
        return entries

    def stop_tracker(self, user_id: int, now: float) -> Tracker | None:
        """Stop the user's tracker; its whole minutes become time entries (none under one)."""
        tracker = self.trackers.pop(user_id, None)
        if tracker is None:
            return None
        start = int(tracker.started_at) // 60
        minutes = max(0, int(now - tracker.started_at)) // 60
        self.record_span(
            user_id=user_id,
            start=start,
            end=start + minutes,
            now=now,
            method=TRACKER_METHOD,
            contract_id=tracker.contract_id,
            task_id=tracker.task_id,
            description=tracker.activity_description,
            tracked=True,
        )
        return tracker

    # -- other resources -------------------------------------------------------------------------

    def add_timesheet(
        self, *, user_id: int, date_from: str, date_to: str, status: str, now: float
    ) -> Timesheet:
        sheet = Timesheet(
            id=self.new_id("timesheet"),
            user_id=user_id,
            date_from=date_from,
            date_to=date_to,
            status=status,
            created_at=now,
            updated_at=now,
            submitted_at=None if status == "pending" else now,
        )
        self.timesheets[sheet.id] = sheet
        return sheet

    def add_time_request(
        self,
        *,
        user_id: int,
        start: int,
        end: int,
        created_by: int,
        now: float,
        contract_id: int | None = None,
        task_id: int | None = None,
        notes: str | None = None,
    ) -> TimeRequest:
        contract = self.any_contract(contract_id)
        request = TimeRequest(
            id=self.new_id("time-request"),
            user_id=user_id,
            contract_id=contract_id,
            project_id=None if contract is None else contract.project_id,
            task_id=task_id,
            start=start,
            end=end,
            status="pending",
            notes=notes,
            created_by=created_by,
            created_at=now,
            updated_at=now,
        )
        self.time_requests[request.id] = request
        return request

    def approve_time_request(self, request: TimeRequest, approver: int, now: float) -> None:
        """Approve: the requested time becomes manual time entries, trimmed to what is free."""
        request.status = "approved"
        request.updated_by = approver
        request.updated_at = now
        start, end = -(-request.start // 60), request.end // 60
        while start < end:
            day_end = min(end, (start // MINUTES_PER_DAY + 1) * MINUTES_PER_DAY)
            free = self.free_stretch(request.user_id, start, day_end)
            if free is not None:
                entry = self.add_time_entry(
                    user_id=request.user_id,
                    start=free[0],
                    end=free[1],
                    now=now,
                    method=MANUAL_METHOD,
                    contract_id=request.contract_id,
                    task_id=request.task_id,
                    description=request.notes,
                )
                request.entry_ids.append(entry.id)
            start = day_end

    def add_leave_policy(
        self, *, name: str, unit: str, allowance: float, is_paid: bool
    ) -> LeavePolicy:
        policy = LeavePolicy(next(self._leave_policy_ids), name, unit, allowance, is_paid)
        self.leave_policies[policy.id] = policy
        return policy

    def add_leave(
        self,
        *,
        user_id: int,
        policy_id: int,
        start_date: str,
        end_date: str,
        created_by: int,
        now: float,
        status: str = "pending",
        note: str | None = None,
        leave_period: int = 0,
        start_time: str | None = None,
        end_time: str | None = None,
        hours_per_day: float | None = None,
    ) -> Leave:
        leave = Leave(
            id=self.new_id("leave"),
            user_id=user_id,
            policy_id=policy_id,
            start_date=start_date,
            end_date=end_date,
            status=status,
            note=note,
            leave_period=leave_period,
            start_time=start_time,
            end_time=end_time,
            hours_per_day=hours_per_day,
            created_by=created_by,
            created_at=now,
            approved_by=created_by if status == "approved" else None,
            rejected_by=created_by if status == "rejected" else None,
        )
        self.leaves[leave.id] = leave
        return leave

    def leave_on(self, user_id: int, day: str) -> Leave | None:
        """The user's approved leave covering ``day``, if any."""
        for leave in self.leaves.values():
            if (
                leave.user_id == user_id
                and leave.status == "approved"
                and leave.start_date <= day <= leave.end_date
            ):
                return leave
        return None

    def add_expense_category(self, name: str) -> ExpenseCategory:
        category = ExpenseCategory(self.new_id("expense-category"), name)
        self.expense_categories[category.id] = category
        return category

    def add_expense(
        self,
        *,
        user_id: int,
        expense_name: str,
        day: str,
        amount: float,
        category_id: str,
        now: float,
        project_id: int | None = None,
        note: str | None = None,
        is_billable: bool = False,
    ) -> Expense:
        expense = Expense(
            id=self.new_id("expense"),
            user_id=user_id,
            expense_name=expense_name,
            date=day,
            amount=amount,
            category_id=category_id,
            project_id=project_id,
            note=note,
            is_billable=is_billable,
            created_at=now,
            updated_at=now,
        )
        self.expenses[expense.id] = expense
        return expense

    def add_webhook(self, *, url: str, events: list[str], now: float) -> Webhook:
        webhook = Webhook(
            id=self.new_hex("webhook", 12),
            url=url,
            events=events,
            token="whsec_" + self.new_hex("webhook-secret"),
            created_at=now,
            updated_at=now,
        )
        self.webhooks[webhook.id] = webhook
        return webhook

    def invite(self, member: Member, now: float) -> Invitation:
        """Record the invitation e-mail a new member or project viewer would get."""
        link = "https://app.webwork-tracker.com/dashboard/accept-invitation/" + self.new_hex(
            "invitation", 40
        )
        invitation = Invitation(member.id, member.email, member.role, link, now)
        self.invitations.append(invitation)
        return invitation

    def contracts_count(self, project_id: int) -> int:
        return sum(
            1
            for c in self.contracts.values()
            if c.project_id == project_id and c.status == "active"
        )

    # -- writes (no validation: the handlers and the seeding helpers validate first) ---------

    def add_member(
        self,
        *,
        email: str,
        firstname: str,
        lastname: str,
        role: str,
        status: str,
        now: float,
        timezone: str | None = None,
        title: str | None = None,
        team_name: str | None = None,
        rate: float | None = None,
        weekly_hours_limit: int | None = None,
    ) -> Member:
        member = Member(
            id=next(self._member_ids),
            email=email,
            firstname=firstname,
            lastname=lastname,
            role=role,
            status=status,
            timezone=timezone,
            title=title,
            team_name=team_name,
            rate=rate,
            weekly_hours_limit=weekly_hours_limit,
            created_at=now,
            updated_at=now,
        )
        self.members[member.id] = member
        return member

    def add_project(
        self,
        *,
        name: str,
        now: float,
        start_date: str | None = None,
        deadline: str | None = None,
        estimation: float | None = None,
        budget: float | None = None,
        notes: str | None = None,
        icon: str | None = None,
        is_billable: bool = True,
    ) -> Project:
        project = Project(
            id=next(self._project_ids),
            name=name,
            owner_id=self.owner_id,
            start_date=start_date,
            deadline=deadline,
            estimation=estimation,
            budget=budget,
            notes=notes,
            icon=icon,
            is_billable=is_billable,
            created_at=now,
            updated_at=now,
        )
        self.projects[project.id] = project
        self.project_tasks[project.id] = {}
        return project

    def add_contract(
        self,
        *,
        project_id: int,
        user_id: int,
        now: float,
        status: str = "active",
        weekly_hours_limit: int | None = 168,
        rate: float | None = None,
        screenshots: str = "full",
    ) -> Contract:
        contract = Contract(
            id=next(self._contract_ids),
            project_id=project_id,
            user_id=user_id,
            weekly_hours_limit=weekly_hours_limit,
            screenshots=screenshots,
            rate=rate,
            status=status,
            created_at=now,
            updated_at=now,
        )
        self.contracts[contract.id] = contract
        return contract

    def add_task(
        self,
        *,
        project_id: int,
        title: str,
        creator_id: int,
        now: float,
        description: str | None = None,
        status: int = 0,
        priority: int | None = None,
        start_date: str | None = None,
        end_date: str | None = None,
        parent_id: int | None = None,
    ) -> Task:
        task = Task(
            id=next(self._task_ids),
            title=title,
            description=description,
            project_id=project_id,
            owner_id=self.owner_id,
            creator_id=creator_id,
            status=status,
            priority=priority,
            start_date=start_date,
            end_date=end_date,
            completed_at=now if is_completed(status) else None,
            parent_id=parent_id,
            created_at=now,
            updated_at=now,
        )
        self.tasks[task.id] = task
        self.project_tasks[project_id][task.id] = task
        return task

    def delete_task(self, task: Task) -> None:
        del self.tasks[task.id]
        del self.project_tasks[task.project_id][task.id]

    def assign(self, task: Task, user_id: int, assigner_id: int) -> tuple[Assignment, bool]:
        """Assign a user; returns the assignment and whether it is new."""
        existing = task.assignments.get(user_id)
        if existing is not None:
            return existing, False
        assignment = Assignment(next(self._assignment_ids), task.id, user_id, assigner_id)
        task.assignments[user_id] = assignment
        return assignment, True
