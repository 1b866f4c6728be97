# This file is generated from webwork_async/_async/_tasks.py by scripts/unasync.py.
# Do not edit it: change the async source and run `python scripts/unasync.py`.
from __future__ import annotations

import builtins
import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Literal

import attrs

from .._bulk import BulkItem, BulkProgress, BulkResult
from .._errors import InvalidRequestError
from .._listing import Column, Option, Record, listed
from .._types import UNSET, Unset
from .._validation import (
    check_id,
    check_id_list,
    check_order,
    check_priority,
    check_status,
    check_text,
    task_fields,
)
from ..models import Assignee, Task, TaskAssignment, TaskPriority, TaskStatus
from ._bulk import ReadBack, run_bulk
from ._pagination import Pager
from ._resource import Resource, changed, endpoint, given

__all__ = ["Tasks"]


def _assignees(record: Record) -> object:
    return [a.get("id") for a in record.get("assignees") or ()]


def _status(record: Record) -> object:
    return record.get("status_name") or record.get("status")


def _priority(record: Record) -> object:
    return record.get("priority_name") or record.get("priority")


@listed(
    "the tasks of a project",
    Column("id"),
    Column("title"),
    Column("status", _status),
    Column("priority", _priority),
    Column("assignees", _assignees),
    Column("end_date"),
    options=(
        Option("project_id", kind="id", required=True),
        Option("status", "open, in_progress, done, closed or a code", kind=TaskStatus),
        Option("priority", "urgent, high, normal, low or a code", kind=TaskPriority),
    ),
)
class Tasks(Resource):
    """``client.tasks``: tasks in projects, and who is assigned to them."""

    @endpoint("GET /tasks")
    def list(
        self,
        *,
        project_id: int | None = None,
        contract_id: int | None = None,
        status: TaskStatus | int | str | None = None,
        priority: TaskPriority | int | str | None = None,
        order: Literal["asc", "desc"] | None = None,
        per_page: int = 100,
        max_items: int | None = None,
        concurrency: int | None = None,
        workspace_id: int | None = None,
    ) -> Pager[Task]:
        """The tasks of a project (or of a contract's project), optionally filtered.

        ``status`` and ``priority`` take the enum, the int code or the name
        (``"in_progress"``, ``"In Progress"``, ``"high"``; any case); ``status`` may be a
        custom code (it only filters). ``order`` sorts by task id.
        Returns an :class:`Pager`; nothing is sent until you iterate it::

            for task in client.tasks.list(project_id=100, status=TaskStatus.OPEN):
                print(task.id, task.title)
        """
        if project_id is None and contract_id is None:
            raise InvalidRequestError("project_id", "is required unless contract_id is given")
        params = self._scoped(
            workspace_id,
            project_id=given(check_id, "project_id", project_id),
            contract_id=given(check_id, "contract_id", contract_id),
            status=None if status is None else int(check_status("status", status, write=False)),
            priority=None if priority is None else int(check_priority("priority", priority)),
            order_by=given(check_order, "order", order),
        )
        return self._list("tasks", params, Task, per_page, max_items, concurrency)

    @endpoint("GET /tasks/{taskId}")
    def get(self, task_id: int, *, project_id: int, workspace_id: int | None = None) -> Task:
        """One task."""
        path = f"tasks/{check_id('task_id', task_id)}"
        return self._get(path, self._scope(project_id, workspace_id), Task)

    @endpoint("POST /tasks")
    def create(
        self,
        *,
        project_id: int,
        title: str,
        description: str | None = None,
        status: TaskStatus | int | str | None = None,
        priority: TaskPriority | int | str | None = None,
        start_date: date | str | None = None,
        end_date: date | str | None = None,
        assignees: Sequence[int] = (),
        parent_id: int | None = None,
        workspace_id: int | None = None,
    ) -> Task:
        """Create a task; the server's defaults apply to what you leave out.

        ``status`` and ``priority`` take the enum, the int code or the name (``"open"``,
        ``"urgent"``; any case); ``status`` must be a base status (custom codes cannot be
        written); ``end_date`` must not be before ``start_date``; ``assignees`` are member
        user ids. Never retried once the request may have reached the server, so a task is
        not created twice.
        """
        body = self._scope(project_id, workspace_id)
        body["title"] = check_text("title", title)
        body.update(task_fields(description, status, priority, start_date, end_date))
        user_ids = check_id_list("assignees", assignees)
        if user_ids:
            body["assignees"] = user_ids
        if parent_id is not None:
            body["parent_id"] = check_id("parent_id", parent_id)
        return self._post("tasks", body, Task)

    @endpoint("PUT /tasks/{taskId}")
    def update(
        self,
        task_id: int,
        *,
        project_id: int,
        title: str | Unset = UNSET,
        description: str | Unset | None = UNSET,
        status: TaskStatus | int | str | Unset = UNSET,
        priority: TaskPriority | int | str | Unset | None = UNSET,
        start_date: date | str | Unset | None = UNSET,
        end_date: date | str | Unset | None = UNSET,
        workspace_id: int | None = None,
    ) -> Task:
        """Change a task. Only the fields you pass are sent; ``description=None`` clears it.
        ``status`` and ``priority`` take the enum, the int code or the name, as for
        :meth:`create`."""
        body = self._changes(
            self._scope(project_id, workspace_id),
            title=changed(check_text, "title", title),
            **task_fields(description, status, priority, start_date, end_date, update=True),
        )
        return self._put(f"tasks/{check_id('task_id', task_id)}", body, Task)

    @endpoint("DELETE /tasks/{taskId}")
    def delete(self, task_id: int, *, project_id: int, workspace_id: int | None = None) -> None:
        """Delete a task."""
        path = f"tasks/{check_id('task_id', task_id)}"
        self._delete(path, json=self._scope(project_id, workspace_id))

    @endpoint("GET /tasks/{taskId}/assignees")
    def assignees(
        self, task_id: int, *, project_id: int, workspace_id: int | None = None
    ) -> builtins.list[Assignee]:
        """The members assigned to a task."""
        path = f"tasks/{check_id('task_id', task_id)}/assignees"
        envelope = self._call("GET", path, params=self._scope(project_id, workspace_id))
        return envelope.decode_list(Assignee)

    @endpoint("POST /tasks/{taskId}/assign/{userId}")
    def assign(
        self, task_id: int, user_id: int, *, project_id: int, workspace_id: int | None = None
    ) -> TaskAssignment:
        """Assign a member to a task. Safe to retry: assigning twice changes nothing."""
        task_id = check_id("task_id", task_id)
        user_id = check_id("user_id", user_id)
        assignment = self._post(
            f"tasks/{task_id}/assign/{user_id}",
            self._scope(project_id, workspace_id),
            TaskAssignment,
        )
        # Older responses carry the user in `id` and nothing else; say what was assigned.
        return attrs.evolve(
            assignment,
            user_id=assignment.user_id if assignment.user_id is not None else user_id,
            task_id=assignment.task_id if assignment.task_id is not None else task_id,
        )

    @endpoint("DELETE /tasks/{taskId}/unassign/{userId}")
    def unassign(
        self, task_id: int, user_id: int, *, project_id: int, workspace_id: int | None = None
    ) -> None:
        """Remove a member from a task."""
        task_id = check_id("task_id", task_id)
        user_id = check_id("user_id", user_id)
        self._delete(
            f"tasks/{task_id}/unassign/{user_id}", json=self._scope(project_id, workspace_id)
        )

    def assign_many(
        self,
        pairs: Iterable[tuple[int, int]],
        *,
        project_id: int,
        workspace_id: int | None = None,
        concurrency: int | None = None,
        on_progress: Callable[[BulkProgress], object] | None = None,
        on_item: Callable[[BulkItem[TaskAssignment]], object] | None = None,
        raise_on_error: bool = False,
        verify: bool = True,
    ) -> BulkResult[TaskAssignment]:
        """Assign many members to tasks of a project: ``pairs`` of ``(task_id, user_id)``.

        Runs ``concurrency`` assignments at a time (default, and at most: the client's
        ``max_concurrency``) under the client's rate budget, retrying transient failures like
        any call. Returns a :class:`BulkResult` with every pair exactly once, in input order,
        in a state that is true of the server: ``SUCCEEDED`` (with its ``TaskAssignment``),
        ``FAILED`` (the server rejected it, or the pair is invalid; with its typed error),
        ``UNKNOWN`` (a request may have reached the server and nothing settled it) or
        ``NOT_SENT`` (no request for it could have reached the server). One failure never
        stops the others, but an error that would fail every remaining pair alike (a 401 once
        the token was refreshed, a closed client, a failing token provider) stops the job:
        the pairs not yet tried end ``NOT_SENT`` carrying that error (and the job is not
        verified: its reads would fail alike).

        With ``verify=True`` (the default), the pairs whose calls ended in doubt (an answer
        lost, a 5xx, a failure after an attempt that may have applied) are settled before
        returning by reading their tasks' assignees back, one read per task, through the
        client: ``SUCCEEDED`` if the member is assigned (its value is built from what was
        read: ``id`` and ``user_id`` are the member's id), ``FAILED`` if not (the original
        error kept), with ``verified=True``; a pair stays ``UNKNOWN`` if that read fails (its
        ``verify_error`` says why). ``verify=False`` leaves them ``UNKNOWN``.

        ``on_item`` gets each :class:`BulkItem` once, with its final state (pairs being
        verified are reported after their read-back); ``on_progress`` gets a
        :class:`BulkProgress` (done, failed, total, rate, ETA) after each pair that succeeded
        or failed. With ``raise_on_error=True`` a :class:`BulkError` carrying the result is
        raised at the end if any pair did not succeed.

        If the job is cancelled (or, in sync code, interrupted with Ctrl-C), nothing more is
        sent and nothing is verified: pairs whose request may have gone out end ``UNKNOWN``,
        the rest ``NOT_SENT``, and ``on_item`` hears of each before the cancellation goes on;
        a Ctrl-C is raised as :class:`BulkInterrupted` (a ``KeyboardInterrupt``) whose
        ``result`` holds the full account.
        """
        scope = self._scope(project_id, workspace_id)
        read_back = ReadBack(functools.partial(self.assignees, **scope), True, _assignment)
        return run_bulk(
            self._api,
            pairs,
            functools.partial(self.assign, **scope),
            concurrency=concurrency,
            on_progress=on_progress,
            on_item=on_item,
            raise_on_error=raise_on_error,
            read_back=read_back if verify else None,
        )

    def unassign_many(
        self,
        pairs: Iterable[tuple[int, int]],
        *,
        project_id: int,
        workspace_id: int | None = None,
        concurrency: int | None = None,
        on_progress: Callable[[BulkProgress], object] | None = None,
        on_item: Callable[[BulkItem[None]], object] | None = None,
        raise_on_error: bool = False,
        verify: bool = True,
    ) -> BulkResult[None]:
        """Remove many members from tasks of a project; see :meth:`assign_many`.

        Verification works the other way round: a pair in doubt has succeeded when the
        member is no longer among the task's assignees.
        """
        scope = self._scope(project_id, workspace_id)
        read_back: ReadBack[None] = ReadBack(
            functools.partial(self.assignees, **scope), False, _nothing
        )
        return run_bulk(
            self._api,
            pairs,
            functools.partial(self.unassign, **scope),
            concurrency=concurrency,
            on_progress=on_progress,
            on_item=on_item,
            raise_on_error=raise_on_error,
            read_back=read_back if verify else None,
        )

    def _scope(self, project_id: int, workspace_id: int | None) -> dict[str, Any]:
        return self._scoped(workspace_id, project_id=check_id("project_id", project_id))


def _assignment(task_id: int, assignee: Assignee | None) -> TaskAssignment | None:
    """What a verified assignment reports: the assignee read back, for ``task_id``."""
    if assignee is None:
        return None
    return TaskAssignment(
        id=assignee.id,
        user_id=assignee.id,
        task_id=task_id,
        firstname=assignee.firstname,
        lastname=assignee.lastname,
        email=assignee.email,
    )


def _nothing(task_id: int, assignee: Assignee | None) -> None:
    """A verified unassignment has no value, like an answered one."""
