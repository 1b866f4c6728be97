"""Realistic bulk data for a fake workspace, deterministic for a given seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ._state import BASE_STATUSES, DEFAULT_CUSTOM_STATUSES, Workspace

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


@dataclass(frozen=True)
class SeedInfo:
    """The ids :meth:`FakeWebWork.seed_workspace` created, in creation order.

    ``status_codes`` lists the custom status codes defined (empty without custom statuses).
    """

    member_ids: tuple[int, ...]
    project_ids: tuple[int, ...]
    contract_ids: tuple[int, ...]
    task_ids: tuple[int, ...]
    status_codes: tuple[int, ...]


def seed_workspace(
    ws: Workspace,
    rng: random.Random,
    now: float,
    *,
    projects: int,
    tasks_per_project: int,
    members: int,
    custom_statuses: bool,
) -> SeedInfo:
    """Fill ``ws`` (the caller holds its lock): every member gets a contract on every project
    and tasks get random statuses, priorities, dates and zero to two assignees."""
    if custom_statuses:
        for code, info in DEFAULT_CUSTOM_STATUSES.items():
            ws.custom_statuses.setdefault(code, info)
    statuses = [*BASE_STATUSES, *ws.custom_statuses]
    member_ids = []
    for index in range(members):
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        member = ws.add_member(
            email=f"{first}.{last}.{len(ws.members)}@example.com".lower(),
            firstname=first,
            lastname=last,
            role=_ROLES[index] if index < len(_ROLES) else "Regular User",
            status="active",
            now=now,
            timezone=rng.choice(("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo")),
            rate=float(rng.randrange(15, 80)),
        )
        member_ids.append(member.id)
    project_ids = []
    for index in range(projects):
        name = _PROJECTS[index % len(_PROJECTS)]
        if index >= len(_PROJECTS):
            name = f"{name} {index // len(_PROJECTS) + 1}"
        project_ids.append(ws.add_project(name=name, now=now).id)
    contract_ids = [
        ws.add_contract(project_id=project_id, user_id=user_id, now=now).id
        for project_id in project_ids
        for user_id in member_ids
    ]
    task_ids = []
    for project_id in project_ids:
        for _ in range(tasks_per_project):
            start_date = end_date = None
            if rng.random() < 0.5:
                start = _EPOCH + timedelta(days=rng.randrange(365))
                start_date = start.isoformat()
                end_date = (start + timedelta(days=rng.randrange(30))).isoformat()
            task = ws.add_task(
                project_id=project_id,
                title=f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)}",
                creator_id=ws.owner_id,
                now=now,
                status=rng.choice(statuses),
                priority=rng.choice(_PRIORITIES),
                start_date=start_date,
                end_date=end_date,
            )
            if member_ids:
                for user_id in rng.sample(member_ids, min(rng.randrange(3), len(member_ids))):
                    ws.assign(task, user_id, ws.owner_id)
            task_ids.append(task.id)
    return SeedInfo(
        member_ids=tuple(member_ids),
        project_ids=tuple(project_ids),
        contract_ids=tuple(contract_ids),
        task_ids=tuple(task_ids),
        status_codes=tuple(sorted(ws.custom_statuses)),
    )
