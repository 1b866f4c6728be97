"""The in-memory workspace: the records several resources share, and in ``tables`` those
the other resources declare (``_resource.Records``). Every read and write holds
``Workspace.lock``: adapters call from many threads, and one coarse lock keeps each request
atomic (and the ``applied`` counters true).
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from functools import partial
from typing import Any, Protocol, TypeVar

from attrs import Factory, define

from ._table import Table

K = TypeVar("K")
R = TypeVar("R")

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


def day_pieces(start: int, end: int) -> Iterator[tuple[int, int]]:
    """``[start, end)`` (epoch minutes) cut at every UTC midnight."""
    while start < end:
        piece_end = min(end, (start // MINUTES_PER_DAY + 1) * MINUTES_PER_DAY)
        yield start, piece_end
        start = piece_end


def is_weekday(day: str) -> bool:
    return date.fromisoformat(day).weekday() < 5


def is_completed(status: int) -> bool:
    """Whether a status sets ``completed_at``: 20, 30 and the custom codes of their blocks."""
    return status >= 20


def _same_as_created(record: Any) -> float:
    return float(record.created_at)


UPDATED_AT = Factory(_same_as_created, takes_self=True)


@define
class Member:
    id: int
    email: str
    firstname: str
    lastname: str
    created_at: float
    role: str = "Regular User"
    status: str = "active"
    timezone: str | None = None
    title: str | None = None
    team_name: str | None = None
    rate: float | None = None
    weekly_hours_limit: int | None = None
    updated_at: float = UPDATED_AT
    # 1: the member may see their own rate (PUT /members ``rate_status``)
    rate_status: int = 1
    # projects a "Project viewer" may see (POST /project-viewers/{id}/assign-project)
    viewer_project_ids: list[int] = Factory(list[int])

    @property
    def name(self) -> str:
        return f"{self.firstname} {self.lastname}"


@define
class Project:
    id: int
    name: str
    owner_id: int
    created_at: float
    start_date: str | None = None
    deadline: str | None = None
    estimation: float | None = None
    budget: float | None = None
    notes: str | None = None
    icon: str | None = None
    is_billable: bool = True
    updated_at: float = UPDATED_AT
    archived_at: float | None = None


@define
class Contract:
    id: int
    project_id: int
    user_id: int
    created_at: float
    weekly_hours_limit: int | None = 168
    screenshots: str = "full"
    rate: float | None = None
    status: str = "active"
    updated_at: float = UPDATED_AT
    deleted_at: float | None = None


@define
class Assignment:
    id: int
    task_id: int
    user_id: int
    assigner_id: int


def _completed_at(task: Task) -> float | None:
    return task.created_at if is_completed(task.status) else None


@define
class Task:
    id: int
    title: str
    project_id: int
    owner_id: int
    creator_id: int
    created_at: float
    description: str | None = None
    status: int = 0
    priority: int | None = None
    start_date: str | None = None
    end_date: str | None = None
    parent_id: int | None = None
    completed_at: float | None = Factory(_completed_at, takes_self=True)
    updated_at: float = UPDATED_AT
    # user id -> assignment, in assignment order
    assignments: dict[int, Assignment] = Factory(dict[int, Assignment])


@define
class Tracker:
    user_id: int
    started_at: float
    contract_id: int | None
    project_id: int | None
    task_id: int | None
    activity_description: str | None


@define
class TimeEntry:
    """A stretch of tracked time within one UTC day; ``start``/``end`` in epoch minutes."""

    id: str
    user_id: int
    start: int
    end: int
    method: str
    created_at: float
    contract_id: int | None = None
    project_id: int | None = None
    task_id: int | None = None
    description: str | None = None
    activity_level: int | None = None

    @property
    def day(self) -> str:
        return minute_day(self.start)

    @property
    def minutes(self) -> int:
        return self.end - self.start


@define
class Invitation:
    """An invitation e-mail the fake "sent" (members and project viewers)."""

    user_id: int
    email: str
    role: str
    link: str
    created_at: float


def group_by(rows: Iterable[R], key: Callable[[R], K]) -> dict[K, list[R]]:
    """The rows in lists by ``key``, the keys in order of first appearance."""
    groups: dict[K, list[R]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return groups


class Decided(Protocol):
    """A record approved or rejected (timesheets, leaves)."""

    status: str
    approved_by: int | None
    rejected_by: int | None
    reject_reason: str | None


def decide(record: Decided, by: int, reason: str | None) -> None:
    """Who approved or rejected a timesheet or leave seeded in that state, and why."""
    if record.status == "approved":
        record.approved_by = by
    elif record.status == "rejected":
        record.rejected_by, record.reject_reason = by, reason or "Rejected"


def activity_level(user_id: int, start: int) -> int:
    """A plausible, deterministic activity percentage (35..95) for tracked time."""
    return 35 + (user_id * 7919 + start * 104729) % 61


def _project(task: Task) -> int:
    return task.project_id


def _user_day(entry: TimeEntry) -> tuple[int, str]:
    return entry.user_id, entry.day


class Workspace:
    """One workspace's data plus the indexes the handlers need to stay fast at 10k+ tasks."""

    def __init__(self, workspace_id: int, name: str, now: float) -> None:
        self.lock = threading.Lock()
        self.id = workspace_id
        self.name = name
        self.created_at = now
        self.owner_id = 0
        self.tokens: dict[str, int] = {}
        self._string_ids = itertools.count(1)
        # Distinct id ranges per resource, so that an id passed to the wrong endpoint 404s
        # instead of silently hitting another object.
        self.members = Table(Member, itertools.count(100).__next__)
        self.projects = Table(Project, itertools.count(1000).__next__)
        self.contracts = Table(Contract, itertools.count(5000).__next__)
        # tasks by project: ids only grow, so each group is in ascending id order
        self.tasks = Table(Task, itertools.count(10000).__next__, indexes={"project": _project})
        self.custom_statuses: dict[int, tuple[str, str]] = {}
        self.trackers: dict[int, Tracker] = {}
        # soft-deleted contracts leave ``contracts`` (so no reader sees them) for this
        self.deleted_contracts: dict[int, Contract] = {}
        # entries by (user id, "YYYY-MM-DD"): reports and limits look up by day
        self.time_entries = Table(
            TimeEntry, partial(self.new_id, "time-entry"), indexes={"day": _user_day}
        )
        self.invitations: list[Invitation] = []
        # the tables of the resources declared in ``_resources/``, made on first use
        self.tables: dict[object, Any] = {}
        # POST /time-requests by an owner or executive manager is approved at once when set
        self.auto_approve_time_requests = False
        self._assignment_ids = itertools.count(1)

    def new_id(self, kind: str) -> str:
        """A fresh UUID string for a string-id resource (deterministic: a counter's hash)."""
        return str(uuid.uuid5(_ID_NAMESPACE, f"{self.id}:{kind}:{next(self._string_ids)}"))

    def new_hex(self, kind: str, length: int = 32) -> str:
        """A fresh hex string (webhook ids and secrets, invitation tokens)."""
        return self.new_id(kind).replace("-", "")[:length]

    @property
    def owner(self) -> Member:
        """The workspace owner (who sees everything: the ``FakeWebWork`` reads use this)."""
        return self.members[self.owner_id]

    # -- lookups -----------------------------------------------------------------------------

    def is_member(self, user_id: int) -> bool:
        """Whether the user belongs to the workspace (members who left do not)."""
        member = self.members.get(user_id)
        return member is not None and member.status != "left"

    def is_active(self, user_id: int) -> bool:
        """Whether the user may be assigned, track time, get contracts, take leave."""
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

    def project_of(self, contract_id: int | None) -> int | None:
        """The project of a contract, deleted or not; ``None`` without one."""
        contract = self.any_contract(contract_id)
        return None if contract is None else contract.project_id

    # -- the checks of FakeWebWork's add_* methods (KeyError, ValueError) --------------------

    def check_work(self, user_id: int, contract_id: int | None, task_id: int | None) -> None:
        if contract_id is not None:
            contract = self.any_contract(contract_id)
            if contract is None or contract.user_id != user_id:
                raise ValueError(f"contract {contract_id} is not one of user {user_id}'s")
            if task_id is not None:
                task = self.require_task(task_id)
                if task.project_id != contract.project_id:
                    raise ValueError(f"task {task_id} is not in the contract's project")
        elif task_id is not None:
            raise ValueError("a task needs a contract")

    def require_member(self, user_id: int) -> None:
        if user_id not in self.members:
            raise KeyError(f"no member {user_id}")

    def require_project(self, project_id: int) -> None:
        if self.live_project(project_id) is None:
            raise KeyError(f"no project {project_id}")

    def require_task(self, task_id: int) -> Task:
        task = self.tasks.get(task_id)
        if task is None:
            raise KeyError(f"no task {task_id}")
        return task

    # -- time entries --------------------------------------------------------------------------

    def entries_on(self, user_id: int, day: str) -> list[TimeEntry]:
        """The user's entries on a UTC day, in start order."""
        entries = self.time_entries.group("day", (user_id, day))
        return sorted(entries.values(), key=lambda e: e.start)

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

    def stop_tracker(self, user_id: int, now: float) -> Tracker | None:
        """Stop the user's tracker; its whole minutes become time entries (none under one)."""
        tracker = self.trackers.pop(user_id, None)
        if tracker is None:
            return None
        start = int(tracker.started_at) // 60
        end = start + max(0, int(now - tracker.started_at)) // 60
        for first, last in day_pieces(start, end):
            self.time_entries.new(
                user_id,
                first,
                last,
                TRACKER_METHOD,
                now,
                contract_id=tracker.contract_id,
                project_id=self.project_of(tracker.contract_id),
                task_id=tracker.task_id,
                description=tracker.activity_description,
                activity_level=activity_level(user_id, first),
            )
        return tracker

    def invite(self, member: Member, now: float) -> Invitation:
        """Record the invitation e-mail a new member or project viewer would get."""
        link = "https://app.webwork-tracker.com/dashboard/accept-invitation/" + self.new_hex(
            "invitation", 40
        )
        invitation = Invitation(member.id, member.email, member.role, link, now)
        self.invitations.append(invitation)
        return invitation

    def assign(self, task: Task, user_id: int, assigner_id: int) -> tuple[Assignment, bool]:
        """Assign a user; returns the assignment and whether it is new."""
        existing = task.assignments.get(user_id)
        if existing is not None:
            return existing, False
        assignment = Assignment(next(self._assignment_ids), task.id, user_id, assigner_id)
        task.assignments[user_id] = assignment
        return assignment, True
