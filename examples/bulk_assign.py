"""Bulk-assign members to tasks from a CSV file, resumably, with the sync client.

It shows ``client.tasks.assign_many`` in a plain (non-async) script: a live progress line
from ``on_progress``, a journal written from ``on_item`` (one JSON line per settled pair,
flushed at once) so that a rerun after a failure or a Ctrl-C skips what already succeeded,
a summary of the failures with the server's message, and exit code 1 if anything failed.

The CSV has a header and two columns, ``task_id,user_id``. Settings (environment variables):

``WEBWORK_TOKEN``, ``WEBWORK_BASE_URL`` (optional), ``WEBWORK_WORKSPACE_ID``, ``PROJECT_ID``
    Where to assign.
``ASSIGNMENTS_CSV``
    The CSV file (default ``assignments.csv``).
``ASSIGNMENTS_JOURNAL``
    The journal (default: the CSV's path with ``.journal`` appended).
``CONCURRENCY``
    Assignments in flight at once (default: the client's ``max_concurrency``).

Run it with ``python examples/bulk_assign.py``; run it again to retry what failed.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from webwork_async import (
    BulkInterrupted,
    BulkItem,
    BulkProgress,
    BulkStatus,
    TaskAssignment,
    WebWork,
)

DEFAULT_BASE_URL = "https://api.webwork-tracker.com/api/v2"

Pair = tuple[int, int]


def read_pairs(path: Path) -> list[Pair]:
    """The ``(task_id, user_id)`` pairs of the CSV, in file order, without duplicates."""
    pairs: dict[Pair, None] = {}
    with path.open(newline="") as rows:
        for line, row in enumerate(csv.DictReader(rows), start=2):
            try:
                pairs[(int(row["task_id"]), int(row["user_id"]))] = None
            except (KeyError, TypeError, ValueError):
                raise SystemExit(f"{path}:{line}: expected task_id,user_id, got {row}") from None
    return list(pairs)


def read_journal(path: Path) -> set[Pair]:
    """The pairs a previous run recorded as succeeded."""
    done: set[Pair] = set()
    try:
        with path.open() as journal:
            for line in journal:
                try:
                    entry = json.loads(line)
                    task_id, user_id = entry["pair"]
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a crash: that pair is simply redone
                if entry.get("status") == BulkStatus.SUCCEEDED.value:
                    done.add((int(task_id), int(user_id)))
    except FileNotFoundError:
        pass
    return done


class Journal:
    """Appends one JSON line per settled pair, flushed at once (``on_item``)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def __call__(self, item: BulkItem[TaskAssignment]) -> None:
        entry: dict[str, object] = {
            "pair": [item.task_id, item.user_id],
            "status": item.status.value,
        }
        if item.error is not None:
            entry["error"] = str(item.error)
        self._stream.write(json.dumps(entry) + "\n")
        self._stream.flush()


def show_progress(progress: BulkProgress) -> None:
    """One self-overwriting progress line on stderr (``on_progress``)."""
    eta = "?" if progress.eta is None else f"{progress.eta:.0f}s"
    print(
        f"\r{progress.done}/{progress.total} done, {progress.failed} failed, "
        f"{progress.rate:.0f}/s, ETA {eta}",
        end="",
        file=sys.stderr,
        flush=True,
    )


def report(failed: Iterable[BulkItem[TaskAssignment]]) -> int:
    """Print each failure; return how many there were."""
    count = 0
    for item in failed:
        count += 1
        print(f"FAILED task {item.task_id} user {item.user_id}: {item.error}")
    return count


def main() -> int:
    """Assign what the CSV asks for and the journal does not have yet; return the exit code."""
    csv_path = Path(os.environ.get("ASSIGNMENTS_CSV", "assignments.csv"))
    journal_path = Path(os.environ.get("ASSIGNMENTS_JOURNAL", f"{csv_path}.journal"))
    try:
        workspace_id = int(os.environ["WEBWORK_WORKSPACE_ID"])
        project_id = int(os.environ["PROJECT_ID"])
        concurrency = int(os.environ["CONCURRENCY"]) if os.environ.get("CONCURRENCY") else None
    except KeyError as missing:
        raise SystemExit(f"missing environment variable {missing}") from None

    pairs = read_pairs(csv_path)
    done = read_journal(journal_path)
    todo = [pair for pair in pairs if pair not in done]
    print(f"{len(pairs)} pairs in {csv_path}, {len(pairs) - len(todo)} already done")
    if not todo:
        print("nothing to do")
        return 0

    base_url = os.environ.get("WEBWORK_BASE_URL") or DEFAULT_BASE_URL
    with (
        WebWork(workspace_id=workspace_id, base_url=base_url) as client,
        journal_path.open("a") as journal,
    ):
        try:
            result = client.tasks.assign_many(
                todo,
                project_id=project_id,
                concurrency=concurrency,
                on_progress=show_progress,
                on_item=Journal(journal),
            )
        except BulkInterrupted as interrupted:  # Ctrl-C: the journal already has it all
            print(f"\ninterrupted: {interrupted.result}; run again to resume", file=sys.stderr)
            return 130
    print(file=sys.stderr)  # end the progress line
    print(result)
    failures = report(result.failed)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
