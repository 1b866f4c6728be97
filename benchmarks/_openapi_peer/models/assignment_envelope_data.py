# ruff: noqa
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AssignmentEnvelopeData")


@_attrs_define
class AssignmentEnvelopeData:
    """
    Attributes:
        id (int | Unset):
        user_id (int | Unset):
        task_id (int | Unset):
        assigner_id (int | None | Unset):
    """

    id: int | Unset = UNSET
    user_id: int | Unset = UNSET
    task_id: int | Unset = UNSET
    assigner_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        user_id = self.user_id

        task_id = self.task_id

        assigner_id: int | None | Unset
        if isinstance(self.assigner_id, Unset):
            assigner_id = UNSET
        else:
            assigner_id = self.assigner_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if task_id is not UNSET:
            field_dict["task_id"] = task_id
        if assigner_id is not UNSET:
            field_dict["assigner_id"] = assigner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        user_id = d.pop("user_id", UNSET)

        task_id = d.pop("task_id", UNSET)

        def _parse_assigner_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        assigner_id = _parse_assigner_id(d.pop("assigner_id", UNSET))

        assignment_envelope_data = cls(
            id=id,
            user_id=user_id,
            task_id=task_id,
            assigner_id=assigner_id,
        )

        assignment_envelope_data.additional_properties = d
        return assignment_envelope_data

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
