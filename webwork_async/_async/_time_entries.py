from __future__ import annotations

from datetime import date, time
from typing import Any

from .._converter import unstructure
from .._response import decode, json_object
from .._types import UNSET, Unset
from .._validation import (
    check_date,
    check_id,
    check_string_id,
    check_text,
    check_time,
    check_time_order,
)
from ..models._time_entries import CreatedTimeEntry, TimeEntry
from ._pagination import AsyncPager
from ._resource import AsyncResource, changed, clearable, endpoint, given

__all__ = ["AsyncTimeEntries"]

# Time entries are listed at most 50 to a page, not 100 like everything else.
_MAX_PER_PAGE = 50


class AsyncTimeEntries(AsyncResource):
    """``client.time_entries``: tracked time, added and edited by hand.

    Every call needs workspace owner or executive manager permissions. Entry ids are opaque
    (encrypted) strings; times of day are ``datetime.time`` or ``"HH:MM"`` strings.
    """

    @endpoint("GET /time-entries")
    def list(
        self,
        *,
        user_id: int,
        date: date | str,
        project_id: int | None = None,
        task_id: int | None = None,
        per_page: int = _MAX_PER_PAGE,
        max_items: int | None = None,
        concurrency: int | None = None,
        workspace_id: int | None = None,
    ) -> AsyncPager[TimeEntry]:
        """One member's time entries on one day, optionally only those of a project or task.

        ``per_page`` is at most 50 here::

            async for entry in client.time_entries.list(user_id=100, date="2026-01-29"):
                print(entry.start_time, entry.end_time, entry.duration_minutes)
        """
        params = self._scoped(
            workspace_id,
            user_id=check_id("user_id", user_id),
            date=unstructure(check_date("date", date)),
            project_id=given(check_id, "project_id", project_id),
            task_id=given(check_id, "task_id", task_id),
        )
        return self._list(
            "time-entries",
            params,
            TimeEntry,
            per_page,
            max_items,
            concurrency,
            max_per_page=_MAX_PER_PAGE,
        )

    @endpoint("POST /time-entries")
    async def create(
        self,
        *,
        user_id: int,
        date: date | str,
        start_time: time | str,
        end_time: time | str,
        contract_id: int | None = None,
        task_id: int | None = None,
        notes: str | None = None,
        workspace_id: int | None = None,
    ) -> CreatedTimeEntry:
        """Add the time a member worked on ``date`` from ``start_time`` to ``end_time`` (the
        end after the start, both on that day).

        Without ``contract_id`` the time has no project. The server checks the entry
        against the member's and the contract's limits and against overlapping time, and
        may save only part of it: the result's ``saved_minutes`` and ``message`` tell. Never
        retried once the request may have reached the server, so time is not added twice::

            entry = await client.time_entries.create(
                user_id=100, date="2026-01-29", start_time="09:00", end_time="17:00"
            )
            print(entry.saved_minutes)  # 480 if nothing overlapped
        """
        body = self._scoped(
            workspace_id,
            user_id=check_id("user_id", user_id),
            contract_id=given(check_id, "contract_id", contract_id),
            task_id=given(check_id, "task_id", task_id),
            notes=given(check_text, "notes", notes, empty_ok=True),
            date=unstructure(check_date("date", date)),
        )
        start, end = check_time("start_time", start_time), check_time("end_time", end_time)
        check_time_order(start, end)
        body["start_time"], body["end_time"] = unstructure(start), unstructure(end)
        envelope = await self._call("POST", "time-entries", json=body)
        data: Any = {} if envelope.data is None else envelope.data
        entry = json_object(data)
        if entry is not None:
            # `saved_minutes` comes next to `data`, not in it; the top-level message is the
            # one that may warn of a partial save.
            data = {
                **entry,
                "saved_minutes": envelope.body.get("saved_minutes", entry.get("saved_minutes")),
                "message": envelope.message or entry.get("message"),
            }
        return decode(data, CreatedTimeEntry, envelope.response)

    @endpoint("PUT /time-entries/{time_entry_id}")
    async def update(
        self,
        time_entry_id: str,
        *,
        project_id: int | Unset = UNSET,
        task_id: int | Unset = UNSET,
        notes: str | Unset | None = UNSET,
        date: date | str | Unset = UNSET,
        start_time: time | str | Unset = UNSET,
        end_time: time | str | Unset = UNSET,
        workspace_id: int | None = None,
    ) -> None:
        """Change a time entry. Only the fields you pass are sent; ``notes=None`` clears
        the notes.

        Given only one of ``start_time`` and ``end_time``, the entry keeps the other (the
        server checks that the end is after the start). Returns ``None``: the server sends
        back only a message, not the entry; :meth:`list` shows the result.
        """
        entry_id = check_string_id("time_entry_id", time_entry_id)
        scope = self._scoped(workspace_id)
        project = changed(check_id, "project_id", project_id)
        task = changed(check_id, "task_id", task_id)
        cleared_notes = clearable(check_text, "notes", notes, empty_ok=True)
        day = changed(check_date, "date", date)
        start = changed(check_time, "start_time", start_time)
        end = changed(check_time, "end_time", end_time)
        if start is not UNSET and end is not UNSET:
            check_time_order(start, end)
        body = self._changes(
            scope,
            project_id=project,
            task_id=task,
            notes=cleared_notes,
            date=day if day is UNSET else unstructure(day),
            start_time=start if start is UNSET else unstructure(start),
            end_time=end if end is UNSET else unstructure(end),
        )
        await self._call("PUT", f"time-entries/{entry_id}", json=body)

    @endpoint("DELETE /time-entries/{time_entry_id}")
    async def delete(self, time_entry_id: str, *, workspace_id: int | None = None) -> None:
        """Delete a time entry for good."""
        path = f"time-entries/{check_string_id('time_entry_id', time_entry_id)}"
        await self._delete(path, json=self._scoped(workspace_id))
