# ruff: noqa
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.task_create_priority import TaskCreatePriority
from ..models.task_create_status import TaskCreateStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="TaskCreate")


@_attrs_define
class TaskCreate:
    """
    Attributes:
        workspace_id (int):
        project_id (int):
        title (str):
        description (str | Unset):
        status (TaskCreateStatus | Unset):
        priority (TaskCreatePriority | Unset):
        start_date (datetime.date | Unset):
        end_date (datetime.date | Unset):
        assignees (list[int] | Unset):
    """

    workspace_id: int
    project_id: int
    title: str
    description: str | Unset = UNSET
    status: TaskCreateStatus | Unset = UNSET
    priority: TaskCreatePriority | Unset = UNSET
    start_date: datetime.date | Unset = UNSET
    end_date: datetime.date | Unset = UNSET
    assignees: list[int] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        workspace_id = self.workspace_id

        project_id = self.project_id

        title = self.title

        description = self.description

        status: int | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        priority: int | Unset = UNSET
        if not isinstance(self.priority, Unset):
            priority = self.priority.value

        start_date: str | Unset = UNSET
        if not isinstance(self.start_date, Unset):
            start_date = self.start_date.isoformat()

        end_date: str | Unset = UNSET
        if not isinstance(self.end_date, Unset):
            end_date = self.end_date.isoformat()

        assignees: list[int] | Unset = UNSET
        if not isinstance(self.assignees, Unset):
            assignees = self.assignees

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "workspace_id": workspace_id,
                "project_id": project_id,
                "title": title,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if status is not UNSET:
            field_dict["status"] = status
        if priority is not UNSET:
            field_dict["priority"] = priority
        if start_date is not UNSET:
            field_dict["start_date"] = start_date
        if end_date is not UNSET:
            field_dict["end_date"] = end_date
        if assignees is not UNSET:
            field_dict["assignees"] = assignees

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        workspace_id = d.pop("workspace_id")

        project_id = d.pop("project_id")

        title = d.pop("title")

        description = d.pop("description", UNSET)

        _status = d.pop("status", UNSET)
        status: TaskCreateStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = TaskCreateStatus(_status)

        _priority = d.pop("priority", UNSET)
        priority: TaskCreatePriority | Unset
        if isinstance(_priority, Unset):
            priority = UNSET
        else:
            priority = TaskCreatePriority(_priority)

        _start_date = d.pop("start_date", UNSET)
        start_date: datetime.date | Unset
        if isinstance(_start_date, Unset):
            start_date = UNSET
        else:
            start_date = datetime.date.fromisoformat(_start_date)

        _end_date = d.pop("end_date", UNSET)
        end_date: datetime.date | Unset
        if isinstance(_end_date, Unset):
            end_date = UNSET
        else:
            end_date = datetime.date.fromisoformat(_end_date)

        assignees = cast(list[int], d.pop("assignees", UNSET))

        task_create = cls(
            workspace_id=workspace_id,
            project_id=project_id,
            title=title,
            description=description,
            status=status,
            priority=priority,
            start_date=start_date,
            end_date=end_date,
            assignees=assignees,
        )

        task_create.additional_properties = d
        return task_create

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
