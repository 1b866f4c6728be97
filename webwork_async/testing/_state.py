"""The in-memory workspace: members, projects, contracts, tasks and running trackers.

Every read and write of a :class:`Workspace` happens while holding ``Workspace.lock``: the
adapters call the app from many threads (the sync transport, the server thread, test code
seeding data), and one coarse lock keeps every request atomic, which is also what makes the
``applied`` counters trustworthy.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

ROLES = (
    "Owner",
    "Project viewer",
    "Executive manager",
    "Team manager",
    "Project manager",
    "Regular User",
)
MEMBER_STATUSES = ("active", "inactive", "left", "unknown")
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
        # (user id, "YYYY-MM-DD") -> minutes of stopped trackers, for current-data's total
        self.tracked_minutes: Counter[tuple[int, str]] = Counter()
        # Distinct id ranges per resource, so that an id passed to the wrong endpoint 404s
        # instead of silently hitting another object.
        self._member_ids = itertools.count(100)
        self._project_ids = itertools.count(1000)
        self._contract_ids = itertools.count(5000)
        self._task_ids = itertools.count(10000)
        self._assignment_ids = itertools.count(1)

    # -- lookups -----------------------------------------------------------------------------

    def status_info(self, code: int) -> tuple[str, str] | None:
        """Name and colour of a base or custom status code, ``None`` when unknown."""
        return BASE_STATUSES.get(code) or self.custom_statuses.get(code)

    def is_member(self, user_id: int) -> bool:
        """Whether the user belongs to the workspace (members who left do not)."""
        member = self.members.get(user_id)
        return member is not None and member.status != "left"

    def live_project(self, project_id: int) -> Project | None:
        project = self.projects.get(project_id)
        return None if project is None or project.archived_at is not None else project

    def live_projects(self) -> Iterator[Project]:
        return (p for p in self.projects.values() if p.archived_at is None)

    def visible_project_ids(self, user: Member) -> set[int] | None:
        """Projects the user may see; ``None`` means all of them."""
        if user.role in TASK_EDITOR_ROLES:
            return None
        return {c.project_id for c in self.contracts.values() if c.user_id == user.id}

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
