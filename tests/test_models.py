"""Enums and the converter: what the server sends becomes the right Python values."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta, timezone

import attrs
import pytest

from webwork_async import Assignee, Project, Task, TaskPriority, TaskStatus
from webwork_async._converter import DECODE_ERRORS, structure, unstructure


def test_base_statuses_and_both_generations_of_names() -> None:
    assert [int(s) for s in TaskStatus] == [0, 10, 20, 30]
    assert TaskStatus.INCOMPLETE is TaskStatus.OPEN
    assert TaskStatus.DOING is TaskStatus.IN_PROGRESS
    assert TaskStatus.COMPLETED is TaskStatus.CLOSED
    assert not TaskStatus.DONE.is_custom
    assert TaskStatus.DONE.base is TaskStatus.DONE


@pytest.mark.parametrize(
    ("code", "base"),
    [
        (1, TaskStatus.OPEN),
        (2, TaskStatus.OPEN),
        (11, TaskStatus.IN_PROGRESS),
        (21, TaskStatus.DONE),
        (35, TaskStatus.CLOSED),
        (99, TaskStatus.CLOSED),
    ],
)
def test_custom_status_codes_decode_keep_their_value_and_know_their_base(
    code: int, base: TaskStatus
) -> None:
    status = structure({"id": 1, "title": "t", "status": code}, Task).status
    assert status == code
    assert status is TaskStatus(code)
    assert status.is_custom
    assert status.base is base
    assert unstructure(status) == code
    assert pickle.loads(pickle.dumps(status)) is status
    assert status.name == f"CUSTOM_{code}"
    assert list(TaskStatus) == [
        TaskStatus.OPEN,
        TaskStatus.IN_PROGRESS,
        TaskStatus.DONE,
        TaskStatus.CLOSED,
    ]


def test_priority_is_an_enum_or_none() -> None:
    assert [int(p) for p in TaskPriority] == [10, 20, 30, 40]
    assert structure({"id": 1, "title": "t", "priority": 20}, Task).priority is TaskPriority.HIGH
    assert structure({"id": 1, "title": "t", "priority": None}, Task).priority is None
    assert structure({"id": 1, "title": "t"}, Task).priority is None
    unknown = structure({"id": 1, "title": "t", "priority": 50}, Task).priority
    assert unknown is not None and unknown.is_custom and unknown == 50


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00+00:00",
        "2024-01-15T10:30:00.000000Z",
        "2024-01-15 10:30:00",
        "2024-01-15T12:30:00+02:00",
    ],
)
def test_timestamps_of_every_documented_shape_are_timezone_aware(text: str) -> None:
    created = structure({"id": 1, "title": "t", "created_at": text}, Task).created_at
    assert created is not None and created.tzinfo is not None
    assert created == datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc)
    assert created.utcoffset() in (timedelta(0), timedelta(hours=2))


def test_dates_are_dates() -> None:
    task = structure(
        {"id": 1, "title": "t", "start_date": "2024-01-15", "end_date": "2024-01-30T00:00:00Z"},
        Task,
    )
    assert (task.start_date, task.end_date) == (date(2024, 1, 15), date(2024, 1, 30))
    assert unstructure(task.start_date) == "2024-01-15"


def test_unknown_fields_are_tolerated_and_nulls_mean_default() -> None:
    task = structure(
        {"id": 1, "title": "t", "brand_new_field": {"x": 1}, "status": None, "assignees": None},
        Task,
    )
    assert (task.status, task.assignees) == (TaskStatus.OPEN, ())


def test_numeric_strings_are_accepted_but_wrong_types_are_not() -> None:
    assert structure({"id": "12", "title": "t", "status": "11"}, Task).status == 11
    bad_values = [
        {"id": True, "title": "t"},
        {"id": 1.5, "title": "t"},
        {"id": 1, "title": {"a": 1}},
        {"id": 1, "title": "t", "start_date": 20240115},
        {"id": 1, "title": "t", "start_date": "15/01/2024"},
        {"id": 1, "title": "t", "assignees": "x"},
        {"id": 1, "title": "t", "assignees": [{"firstname": "no id"}]},
        {"id": 1, "title": "t", "has_details": "maybe"},
        [1, 2],
        "task",
    ]
    for value in bad_values:
        with pytest.raises(DECODE_ERRORS):
            structure(value, Task)


def test_models_are_frozen_and_slotted() -> None:
    for cls in (Task, Assignee, Project):
        assert attrs.has(cls)
        assert "__slots__" in cls.__dict__
    task = structure({"id": 1, "title": "t"}, Task)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        task.title = "other"  # type: ignore[misc]
    assert hash(task) == hash(structure({"id": 1, "title": "t"}, Task))


def test_project_decodes_the_documented_example() -> None:
    project = structure(
        {
            "id": 100,
            "name": "Marketing Campaign Q1",
            "estimation": 120,
            "budget_estimation": 5000,
            "tags": [{"id": 1, "name": "q1", "color": None}],
            "deadline": "2024-03-31",
            "screenshots": "blur",
        },
        Project,
    )
    assert project.estimation == 120.0 and isinstance(project.estimation, float)
    assert project.deadline == date(2024, 3, 31)
    assert project.tags[0].name == "q1"
