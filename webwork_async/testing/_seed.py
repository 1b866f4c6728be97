"""Realistic bulk data for a fake workspace, deterministic for a given seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from attrs import Factory, define

from ._resource import seeds
from ._resources import expenses, leaves, time_requests, timesheets
from ._resources.expenses import ExpenseCategory
from ._resources.leaves import LeavePolicy
from ._state import (
    BASE_STATUSES,
    DEFAULT_CUSTOM_STATUSES,
    DESKTOP_METHOD,
    MANUAL_METHOD,
    Contract,
    Workspace,
    day_start,
    decide,
    is_weekday,
)

_FIRST_NAMES = (
    "Ann", "Ben", "Chloe", "David", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jonas",
    "Kira", "Liam", "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara",
)  # fmt: skip
_LAST_NAMES = (
    "Lee", "Martin", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Silva", "Tanaka",
    "Ueda", "Varga", "Weber", "Xu", "Yilmaz", "Zhang", "Andersen", "Brown", "Costa",
)  # fmt: skip
_PROJECTS = (
    "Website Redesign", "Mobile App", "Marketing Campaign Q1", "Data Platform",
    "Customer Portal", "Internal Tools", "Billing Migration", "Support Desk",
)  # fmt: skip
_VERBS = (
    "Write", "Review", "Fix", "Design", "Test", "Refactor", "Document", "Deploy",
    "Plan", "Update",
)  # fmt: skip
_OBJECTS = (
    "login page", "API docs", "checkout flow", "invoice export", "onboarding emails",
    "search index", "dashboard charts", "CI pipeline", "release notes", "user settings",
    "password reset", "audit log",
)  # fmt: skip
# The first seeded members get the roles permission tests need; the rest are regular users.
_ROLES = ("Executive manager", "Project manager", "Team manager")
_PRIORITIES = (None, 10, 20, 30, 40)
_EPOCH = date(2024, 1, 1)
_ACTIVITIES = (
    "Code review", "Client call", "Writing specs", "Bug triage", "Pairing session",
    "Sprint planning", None,
)  # fmt: skip
# The timesheet states cycle over members and weeks; the latest week is always pending.
_SHEET_STATES = ("approved", "submitted", "rejected", "pending")
_REQUEST_STATES = ("pending", "approved", "rejected")


@dataclass(frozen=True)
class SeedInfo:
    """The ids :meth:`FakeWebWork.seed_workspace` created, in creation order; ``dates`` are
    the weekdays with tracked time. Policies, categories and what a module's ``seed`` makes
    are created by the first call only; later calls list the existing ones."""

    member_ids: tuple[int, ...]
    project_ids: tuple[int, ...]
    contract_ids: tuple[int, ...]
    task_ids: tuple[int, ...]
    status_codes: tuple[int, ...]
    time_entry_ids: tuple[str, ...] = ()
    timesheet_ids: tuple[str, ...] = ()
    time_request_ids: tuple[str, ...] = ()
    leave_policy_ids: tuple[int, ...] = ()
    leave_ids: tuple[str, ...] = ()
    expense_category_ids: tuple[str, ...] = ()
    expense_ids: tuple[str, ...] = ()
    # -- written by scripts/unasync.py from each _resources/*.py's seed(); do not edit --
    webhook_ids: tuple[str, ...] = ()
    # -- end of the seeded resources --
    dates: tuple[str, ...] = ()


def seed_workspace(
    ws: Workspace,
    rng: random.Random,
    now: float,
    *,
    projects: int,
    tasks_per_project: int,
    members: int,
    custom_statuses: bool,
    days: int = 0,
    activity_rng: random.Random | None = None,
) -> SeedInfo:
    """Fill ``ws`` (its lock held); :func:`seed_activity` draws from ``activity_rng``, so
    that the tasks stay the same whatever ``days`` is."""
    if custom_statuses:
        for code, info in DEFAULT_CUSTOM_STATUSES.items():
            ws.custom_statuses.setdefault(code, info)
    member_ids = _members(ws, rng, now, members)
    project_ids: list[int] = []
    for index in range(projects):
        name = _PROJECTS[index % len(_PROJECTS)]
        if index >= len(_PROJECTS):
            name = f"{name} {index // len(_PROJECTS) + 1}"
        project_ids.append(ws.projects.new(name, ws.owner_id, now).id)
    contract_ids = [
        ws.contracts.new(project_id, user_id, now).id
        for project_id in project_ids
        for user_id in member_ids
    ]
    statuses = [*BASE_STATUSES, *ws.custom_statuses]
    task_ids = [
        _task(ws, rng, now, project_id, statuses, member_ids)
        for project_id in project_ids
        for _ in range(tasks_per_project)
    ]
    seeded = SeedInfo(
        member_ids=tuple(member_ids),
        project_ids=tuple(project_ids),
        contract_ids=tuple(contract_ids),
        task_ids=tuple(task_ids),
        status_codes=tuple(sorted(ws.custom_statuses)),
    )
    return seed_activity(ws, activity_rng or random.Random(0), now, seeded, days=days)


def _members(ws: Workspace, rng: random.Random, now: float, count: int) -> list[int]:
    member_ids: list[int] = []
    for index in range(count):
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        member = ws.members.new(
            f"{first}.{last}.{len(ws.members)}@example.com".lower(),
            first,
            last,
            now,
            role=_ROLES[index] if index < len(_ROLES) else "Regular User",
            timezone=rng.choice(("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo")),
            rate=float(rng.randrange(15, 80)),
        )
        member_ids.append(member.id)
    return member_ids


def _task(
    ws: Workspace,
    rng: random.Random,
    now: float,
    project_id: int,
    statuses: list[int],
    member_ids: list[int],
) -> int:
    start_date = end_date = None
    if rng.random() < 0.5:
        start = _EPOCH + timedelta(days=rng.randrange(365))
        start_date = start.isoformat()
        end_date = (start + timedelta(days=rng.randrange(30))).isoformat()
    task = ws.tasks.new(
        f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)}",
        project_id,
        ws.owner_id,
        ws.owner_id,
        now,
        status=rng.choice(statuses),
        priority=rng.choice(_PRIORITIES),
        start_date=start_date,
        end_date=end_date,
    )
    if member_ids:
        for user_id in rng.sample(member_ids, min(rng.randrange(3), len(member_ids))):
            ws.assign(task, user_id, ws.owner_id)
    return task.id


def _minute(day: str, hour: int, minute: int = 0) -> int:
    return day_start(day) + hour * 60 + minute


def _monday(day: str) -> date:
    d = date.fromisoformat(day)
    return d - timedelta(days=d.weekday())


def seed_activity(
    ws: Workspace, rng: random.Random, now: float, info: SeedInfo, *, days: int
) -> SeedInfo:
    """Once per workspace the policies, categories and each module's ``seed``; then per
    member over the ``days`` days before today (UTC): two tracked blocks a weekday, leaves,
    a timesheet a week, a time request and an expense (see :class:`_Activity`)."""
    policies, categories = leaves.seed_policies(ws), expenses.seed_categories(ws)
    # Then what the resource modules seed themselves, once per workspace too.
    seeded = {field: tuple(record.id for record in seed(ws, now)) for field, seed in seeds()}
    today = date(1970, 1, 1) + timedelta(days=int(now // 86400))
    past = [(today - timedelta(days=offset)).isoformat() for offset in range(days, 0, -1)]
    contracts = [ws.contracts[contract_id] for contract_id in info.contract_ids]
    made = _Activity(
        ws,
        rng,
        now,
        past,
        [d for d in past if is_weekday(d)],
        today + timedelta(days=7 - today.weekday()),
        {pid: list(ws.tasks.group("project", pid)) for pid in info.project_ids},
        policies[0],
        categories,
    )
    for index, user_id in enumerate(info.member_ids if made.weekdays else ()):
        made.member(index, user_id, [c for c in contracts if c.user_id == user_id])
    return replace(
        info,
        time_entry_ids=tuple(made.entries),
        timesheet_ids=tuple(made.sheets),
        time_request_ids=tuple(made.requests),
        leave_policy_ids=tuple(p.id for p in policies),
        leave_ids=tuple(made.leaves),
        expense_category_ids=tuple(c.id for c in categories),
        expense_ids=tuple(made.expenses),
        dates=tuple(made.weekdays),
        **seeded,
    )


@define
class _Activity:
    """What :func:`seed_activity` makes for each member; the random draws keep their order,
    so that a seed keeps giving the same data."""

    ws: Workspace
    rng: random.Random
    now: float
    past: list[str]
    weekdays: list[str]
    next_monday: date
    project_tasks: dict[int, list[int]]
    vacation: LeavePolicy
    categories: list[ExpenseCategory]
    entries: list[str] = Factory(list[str])
    sheets: list[str] = Factory(list[str])
    requests: list[str] = Factory(list[str])
    leaves: list[str] = Factory(list[str])
    expenses: list[str] = Factory(list[str])

    def member(self, index: int, user_id: int, own: list[Contract]) -> None:
        weekdays = self.weekdays
        day_off = weekdays[-3] if index % 4 == 1 and len(weekdays) >= 3 else None
        self.leave_plans(index, user_id, day_off)
        for day in weekdays:
            if day != day_off:
                self.work(user_id, day, self.rng.choice(own) if own else None)
        self.timesheets(index, user_id)
        self.time_request(index, user_id, own[0] if own else None)
        made = (self.ws, self.rng, self.now, user_id, self.weekdays, self.categories, own)
        self.expenses.append(expenses.seed_expense(*made))

    def leave_plans(self, index: int, user_id: int, day_off: str | None) -> None:
        """A day off taken, and vacations asked for ahead (pending or rejected)."""
        plans: list[tuple[str, date, date, str | None]] = []
        if day_off is not None:
            off = date.fromisoformat(day_off)
            plans.append(("approved", off, off, "Family event"))
        if index % 3 == 0:
            monday = self.next_monday
            plans.append(("pending", monday, monday + timedelta(days=1), "Summer trip"))
        if index % 5 == 2:
            monday = self.next_monday + timedelta(days=7)
            plans.append(("rejected", monday, monday + timedelta(days=1), None))
        self.leaves.extend(leaves.seed_plans(self.ws, self.now, self.vacation, user_id, plans))

    def work(self, user_id: int, day: str, worked_on: Contract | None) -> None:
        """Two tracked blocks around lunch."""
        rng = self.rng
        tasks = self.project_tasks.get(worked_on.project_id, []) if worked_on else []
        start = _minute(day, 8, 30 + 5 * rng.randrange(13))
        lunch = start + 180 + 5 * rng.randrange(13)
        afternoon = lunch + 30 + 5 * rng.randrange(7)
        for block, (first, last) in enumerate(
            ((start, lunch), (afternoon, afternoon + 210 + 5 * rng.randrange(7)))
        ):
            manual = block == 1 and rng.random() < 0.1
            entry = self.ws.time_entries.new(
                user_id,
                first,
                last,
                MANUAL_METHOD if manual else DESKTOP_METHOD,
                self.now,
                contract_id=None if worked_on is None else worked_on.id,
                project_id=None if worked_on is None else worked_on.project_id,
                task_id=rng.choice(tasks) if tasks else None,
                description=rng.choice(_ACTIVITIES),
                activity_level=None if manual else 35 + rng.randrange(61),
            )
            self.entries.append(entry.id)

    def timesheets(self, index: int, user_id: int) -> None:
        """One a week touched, the states in turn, the latest week pending."""
        ws = self.ws
        mondays = sorted({_monday(d) for d in self.past})
        for week, monday in enumerate(mondays):
            latest = week == len(mondays) - 1
            status = "pending" if latest else _SHEET_STATES[(index + week) % len(_SHEET_STATES)]
            sheet = timesheets.TIMESHEETS.of(ws).new(
                user_id,
                monday.isoformat(),
                (monday + timedelta(days=6)).isoformat(),
                status,
                self.now,
            )
            decide(sheet, ws.owner_id, "Missing task details")
            self.sheets.append(sheet.id)

    def time_request(self, index: int, user_id: int, contract: Contract | None) -> None:
        ws, now, last_day = self.ws, self.now, self.weekdays[-1]
        request = time_requests.REQUESTS.of(ws).new(
            user_id,
            _minute(last_day, 19) * 60,
            _minute(last_day, 20) * 60,
            user_id,
            now,
            contract_id=None if contract is None else contract.id,
            project_id=None if contract is None else contract.project_id,
            notes="Client meeting outside the tracker",
        )
        state = _REQUEST_STATES[index % len(_REQUEST_STATES)]
        if state == "approved":
            time_requests.approve(ws, request, ws.owner_id, now)
            self.entries.extend(request.entry_ids)
        elif state == "rejected":
            request.status, request.comment = "rejected", "Please attach the meeting notes"
            request.updated_by = ws.owner_id
        self.requests.append(request.id)
