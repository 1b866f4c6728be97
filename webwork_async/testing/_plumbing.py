"""What the handlers of ``_resources/`` share. A handler runs under the lock, the caller
authenticated and ``workspace_id`` checked; it validates, changes the state, counts real
changes in ``Context.applied`` and returns an :class:`Ok`, or raises ``ApiError``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from ._state import ADMIN_ROLES, Contract, Member, Project, Workspace
from ._validation import ApiError, Input, as_int, forbidden
from ._wire import JSONDict

T = TypeVar("T")

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


@dataclass
class Context:
    """Everything a handler may use for one request."""

    ws: Workspace
    user: Member
    params: Mapping[str, str]
    input: Input
    now: float
    applied: Counter[tuple[str, Any]]

    def record(self, operation: str, key: Any) -> None:
        self.applied[(operation, key)] += 1

    def save(self, row: Any, changes: Mapping[str, Any], operation: str) -> bool:
        """A PUT's end: set the fields that differ and, when any did, stamp ``updated_at``
        and count ``operation`` (a PUT that changes nothing counts nothing)."""
        if not apply_changes(row, changes):
            return False
        row.updated_at = self.now
        self.record(operation, row.id)
        return True

    def path_id(self, name: str, message: str) -> int:
        value = as_int(self.params[name])
        if value is None:
            raise ApiError(404, message)
        return value

    def lookup(self, table: Mapping[Any, T], name: str, message: str, *, owned: bool = False) -> T:
        """The record whose id (any integer spelling) is the path's ``name``, else a 404;
        with ``owned``, other users' records too for callers who see only their own."""
        raw = self.params[name]
        number = as_int(raw)
        row = table.get(raw) or (None if number is None else table.get(number))
        scope = self.own_scope() if owned else None
        if row is None or (scope is not None and getattr(row, "user_id", None) != scope):
            raise ApiError(404, message)
        return row

    def page(
        self, *, default: int = DEFAULT_PER_PAGE, maximum: int = MAX_PER_PAGE
    ) -> tuple[int, int]:
        """``page`` / ``per_page``; errors are collected in ``input`` like other fields."""
        page = self.input.integer("page", minimum=1)
        per_page = self.input.integer("per_page")
        if per_page is not None and not 1 <= per_page <= maximum:
            self.input.fail("per_page", f"The per page field must be between 1 and {maximum}.")
        return page or 1, per_page or default

    def visible_project(self, project_id: int) -> Project:
        project = self.ws.live_project(project_id)
        if project is None:
            raise ApiError(404, "Project not found")
        visible = self.ws.visible_project_ids(self.user)
        if visible is not None and project_id not in visible:
            raise forbidden("You do not have access to this project.")
        return project

    def active_user(self, user_id: int | None, field: str = "user_id") -> Member | None:
        """The active member a payload names, or ``None`` after recording a 422."""
        if user_id is None:
            return None
        member = self.ws.members.get(user_id)
        if member is None or member.status == "left":
            self.input.fail(field, f"The selected {field.replace('_', ' ')} is invalid.")
            return None
        if member.status != "active":
            self.input.fail(field, "The member is archived or not active.")
            return None
        return member

    def own_scope(self) -> int | None:
        """``None`` when the caller sees everybody's records, else the caller's own user id."""
        return None if self.user.role in ADMIN_ROLES else self.user.id

    def act_for(self, user_id: int | None, message: str) -> None:
        """Owners and executive managers act for anyone; everybody else only for themselves."""
        if user_id is not None and self.user.role not in ADMIN_ROLES and user_id != self.user.id:
            raise forbidden(message)

    def check_contract_and_task(
        self, member: Member | None, contract_id: int | None, task_id: int | None
    ) -> Contract | None:
        """A payload's ``contract_id`` (live, the member's, active) and ``task_id`` (only with a
        contract, in its project); failures are recorded as 422s."""
        inp = self.input
        contract = None
        if contract_id is not None:
            contract = self.ws.live_contract(contract_id)
            if contract is None:
                inp.fail("contract_id", "The selected contract id is invalid.")
            elif member is not None and contract.user_id != member.id:
                inp.fail("contract_id", "The contract does not belong to this user.")
            elif contract.status != "active":
                inp.fail("contract_id", "The contract is paused.")
        if task_id is not None:
            task = self.ws.tasks.get(task_id)
            if inp.data.get("contract_id") is None:
                inp.fail(
                    "task_id", "The task id field is prohibited unless contract id is present."
                )
            elif contract is not None and (task is None or task.project_id != contract.project_id):
                inp.fail("task_id", "The selected task does not belong to the contract's project.")
        return contract


@dataclass
class Ok:
    """A success envelope; ``message=None`` or ``with_data=False`` leave those keys out,
    ``extra`` adds top-level ones (``saved_minutes``)."""

    data: Any
    message: str | None
    status: int = 200
    pagination: JSONDict | None = None
    extra: JSONDict | None = None
    with_data: bool = True


Handler = Callable[[Context], Ok]


@dataclass(frozen=True)
class Route:
    """``workspace``: ``workspace_id`` required, unused, or required once there is any
    input (the OLD body-less stop); ``paged``: a list (page faults target those);
    ``pagination``: where the reference puts it (§1.4); ``roles``: who may call it."""

    method: str
    template: str
    handler: Handler
    workspace: Literal["required", "optional", "none"] = "required"
    paged: bool = False
    pagination: Literal["meta", "top"] = "meta"
    roles: frozenset[str] | None = None

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"


def page_slice(items: Sequence[T], page: tuple[int, int]) -> tuple[Sequence[T], JSONDict]:
    """One page of ``items`` and its pagination object."""
    number, per_page = page
    start = (number - 1) * per_page
    chunk = items[start : start + per_page]
    pagination = {
        "current_page": number,
        "per_page": per_page,
        "total": len(items),
        "last_page": max(1, -(-len(items) // per_page)),
        "from": start + 1 if chunk else None,
        "to": start + len(chunk) if chunk else None,
    }
    return chunk, pagination


def paginate(
    items: Sequence[T],
    page: tuple[int, int],
    render: Callable[[T], JSONDict],
    message: str | None,
) -> Ok:
    """One page of ``items`` with the pagination object the app places per its setting."""
    chunk, pagination = page_slice(items, page)
    return Ok([render(item) for item in chunk], message, pagination=pagination)


# -- shared lookups ------------------------------------------------------------------------


def check_status(status: str, allowed: tuple[str, ...], things: str, done: str) -> None:
    """A state rule: only ``allowed`` ``things`` can be ``done`` (a 422 otherwise)."""
    if status not in allowed:
        raise ApiError(422, f"Only {' or '.join(allowed)} {things} can be {done}.")


def ordered_after_put(
    inp: Input, row: object, changes: Mapping[str, Any], start: str, end: str
) -> None:
    """The dates ``start`` and ``end`` of ``row`` stay in order once ``changes`` apply."""
    new = {name: changes.get(name, getattr(row, name)) for name in (start, end)}
    inp.date_order(start, new[start], end, new[end])


def apply_changes(target: object, changes: Mapping[str, Any]) -> bool:
    """Set the attributes that differ; returns whether anything changed."""
    changed = False
    for attribute, value in changes.items():
        if getattr(target, attribute) != value:
            setattr(target, attribute, value)
            changed = True
    return changed
