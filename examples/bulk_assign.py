"""Bulk-assign members to tasks from a CSV file, resumably, with the sync client.

It shows ``client.tasks.assign_many`` in a plain (non-async) script: progress from
``on_progress`` (a self-overwriting line on a terminal, plain lines in a log), a journal
written from ``on_item`` (one JSON line per settled pair, flushed at once) so that a rerun
after a failure or a Ctrl-C skips what already succeeded, and a summary of the failures with
the server's message.

The CSV has a header naming ``task_id`` and ``user_id``. A row that is not a pair of positive
integers is reported and skipped; the others are assigned. Settings (environment variables):

``WEBWORK_TOKEN``, ``WEBWORK_BASE_URL`` (optional), ``WEBWORK_WORKSPACE_ID``, ``PROJECT_ID``
    Where to assign.
``ASSIGNMENTS_CSV``
    The CSV file (default ``assignments.csv``).
``ASSIGNMENTS_JOURNAL``
    The journal (default: the CSV's path with ``.journal`` appended).
``CONCURRENCY``
    Assignments in flight at once (default: the client's ``max_concurrency``).

Run it with ``python examples/bulk_assign.py``; run it again to retry what failed. Exit
status: 0 all assigned, 1 a pair failed or a row was skipped, 2 a setting or the CSV file is
unusable (one line says which), 130 interrupted.
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
    InvalidRequestError,
    TaskAssignment,
    WebWork,
)

DEFAULT_BASE_URL = "https://api.webwork-tracker.com/api/v2"

Pair = tuple[int, int]


class Unusable(Exception):
    """A setting or the CSV file cannot be used at all: one line, exit status 2."""


def read_pairs(path: Path) -> tuple[list[Pair], list[str]]:
    """The ``(task_id, user_id)`` pairs of the CSV, in file order, without duplicates; and
    one message per row that is not such a pair (those rows are skipped)."""
    pairs: dict[Pair, None] = {}
    skipped: list[str] = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as rows:
            reader = csv.DictReader(rows)
            if not {"task_id", "user_id"} <= set(reader.fieldnames or ()):
                raise Unusable(f"{path}: the header row must name task_id and user_id")
            for row in reader:
                task_id, user_id = row["task_id"] or "", row["user_id"] or ""
                try:
                    pair = (int(task_id), int(user_id))
                except ValueError:
                    pair = (0, 0)
                if min(pair) < 1:
                    got = f"task_id {task_id!r}, user_id {user_id!r}"
                    skipped.append(f"{path}:{reader.line_num}: skipped, not two ids: {got}")
                    continue
                pairs[pair] = None
    except OSError as error:
        raise Unusable(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise Unusable(f"{path}: not a UTF-8 text file") from None
    except csv.Error as error:
        raise Unusable(f"{path}: {error}") from None
    return list(pairs), skipped


def read_journal(path: Path) -> set[Pair]:
    """The pairs a previous run recorded as succeeded."""
    done: set[Pair] = set()
    try:
        # errors="replace": a damaged line merely fails to parse, and its pair is redone.
        with path.open(encoding="utf-8", errors="replace") as journal:
            for line in journal:
                try:
                    entry = json.loads(line)
                    task_id, user_id = entry["pair"]
                    pair = (int(task_id), int(user_id))
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a crash: that pair is simply redone
                if entry.get("status") == BulkStatus.SUCCEEDED.value:
                    done.add(pair)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise Unusable(f"cannot read {path}: {error.strerror or error}") from None
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


class Progress:
    """Progress on stderr (``on_progress``): one self-overwriting line on a terminal; in a
    log or a pipe, a plain line every tenth of the job, where carriage returns would garble it."""

    def __init__(self) -> None:
        self._terminal = sys.stderr.isatty()
        self._tenth = -1

    def __call__(self, progress: BulkProgress) -> None:
        eta = "?" if progress.eta is None else f"{progress.eta:.0f}s"
        text = (
            f"{progress.done}/{progress.total} done, {progress.failed} failed, "
            f"{progress.rate:.0f}/s, ETA {eta}"
        )
        if self._terminal:
            print(f"\r{text}", end="", file=sys.stderr, flush=True)
            return
        tenth = progress.done * 10 // progress.total
        if tenth != self._tenth:
            self._tenth = tenth
            print(text, file=sys.stderr, flush=True)

    def end(self) -> None:
        """End the self-overwriting line, if there is one."""
        if self._terminal:
            print(file=sys.stderr)


def report(failed: Iterable[BulkItem[TaskAssignment]]) -> int:
    """Print each failure; return how many there were."""
    count = 0
    for item in failed:
        count += 1
        print(f"FAILED task {item.task_id} user {item.user_id}: {item.error}")
    return count


def main() -> int:
    """Run :func:`assign`; a setting or file it cannot use is one line and exit status 2."""
    try:
        return assign()
    except (Unusable, InvalidRequestError) as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2


def assign() -> int:
    """Assign what the CSV asks for and the journal does not have yet; return the exit code."""
    csv_path = Path(os.environ.get("ASSIGNMENTS_CSV", "assignments.csv"))
    journal_path = Path(os.environ.get("ASSIGNMENTS_JOURNAL", f"{csv_path}.journal"))
    try:
        workspace_id = int(os.environ["WEBWORK_WORKSPACE_ID"])
        project_id = int(os.environ["PROJECT_ID"])
        concurrency = int(os.environ["CONCURRENCY"]) if os.environ.get("CONCURRENCY") else None
    except KeyError as missing:
        raise Unusable(f"missing environment variable {missing}") from None
    except ValueError as bad:
        raise Unusable(f"a setting is not an integer: {bad}") from None

    pairs, skipped = read_pairs(csv_path)
    for message in skipped:
        print(message, file=sys.stderr)
    done = read_journal(journal_path)
    todo = [pair for pair in pairs if pair not in done]
    print(
        f"{len(pairs)} pairs in {csv_path}, {len(pairs) - len(todo)} already done"
        + (f", {len(skipped)} rows skipped" if skipped else "")
    )
    if not todo:
        print("nothing to do")
        return 1 if skipped else 0

    base_url = os.environ.get("WEBWORK_BASE_URL") or DEFAULT_BASE_URL
    progress = Progress()
    try:
        journal = journal_path.open("a", encoding="utf-8")
    except OSError as error:
        raise Unusable(f"cannot write {journal_path}: {error.strerror or error}") from None
    with journal, WebWork(workspace_id=workspace_id, base_url=base_url) as client:
        try:
            result = client.tasks.assign_many(
                todo,
                project_id=project_id,
                concurrency=concurrency,
                on_progress=progress,
                on_item=Journal(journal),
            )
        except BulkInterrupted as interrupted:  # Ctrl-C: the journal already has it all
            progress.end()
            print(f"interrupted: {interrupted.result}; run again to resume", file=sys.stderr)
            return 130
    progress.end()
    print(result)
    failures = report(result.failed)
    return 1 if failures or skipped else 0


if __name__ == "__main__":
    sys.exit(main())
