"""``webwork tasks bulk-assign`` / ``bulk-unassign``: pairs from a CSV file, grouped by project,
sent with ``tasks.assign_many`` / ``unassign_many``, with a live progress display, a results
file written as items settle, dry runs, and resuming from an earlier results file."""

from __future__ import annotations

import csv
import io
import itertools
import os
import shlex
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Generator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

import httpx

from .._bulk import BulkInterrupted, BulkItem, BulkProgress, BulkStatus
from .._errors import AuthenticationError, InvalidRequestError, WebWorkError
from .._sync._client import WebWork
from ._output import Column, render

__all__ = [
    "RESULT_FIELDS",
    "BadRow",
    "Progress",
    "ResultsWriter",
    "Row",
    "TOKEN_ENV",
    "UsageError",
    "check_paths",
    "describe",
    "dry_run",
    "one_line",
    "read_done",
    "read_rows",
    "resume_command",
    "run_bulk_job",
]

RESULT_FIELDS = ("row", "task_id", "user_id", "project_id", "status", "error")
INVALID = "invalid"
SKIPPED = "skipped"
# Statuses of an earlier results file whose rows --resume does not send again.
DONE_STATUSES = frozenset({BulkStatus.SUCCEEDED.value, SKIPPED})
MAX_REPORTED = 20
TOKEN_ENV = "WEBWORK_TOKEN"
# What can escape a call into the SDK when a server answer breaks it: its own errors, and
# httpx's (a corrupt gzip body, a broken stream) should the SDK ever let one through.
FATAL_ERRORS: tuple[type[Exception], ...] = (
    WebWorkError,
    httpx.HTTPError,
    httpx.StreamError,
    httpx.InvalidURL,
)


class UsageError(Exception):
    """A mistake in the command line or its input files: exit status 2."""


@dataclass(frozen=True)
class Row:
    """A valid input row; ``line`` is its line number in the CSV file."""

    line: int
    task_id: int
    user_id: int
    project_id: int

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.project_id, self.task_id, self.user_id)


@dataclass(frozen=True)
class BadRow:
    """An input row that cannot be sent, and why."""

    line: int
    task_id: str
    user_id: str
    project_id: str
    problem: str


def _positive_int(name: str, text: str) -> tuple[int | None, str | None]:
    text = text.strip()
    if not text:
        return None, f"{name} is missing"
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        return None, f"{name} is not a positive integer: {text!r}"
    return int(text), None


def _name(path: str) -> str:
    return "standard input" if path == "-" else path


@contextmanager
def _open_input(path: str) -> Generator[TextIO, None, None]:
    if path == "-":
        yield from _stdin()
        return
    try:
        handle = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        yield handle


def _stdin() -> Generator[TextIO, None, None]:
    # Decode stdin's bytes as a file path is decoded (utf-8-sig, no newline translation):
    # its own text layer uses the locale's encoding and keeps a UTF-8 BOM, so a file piped in
    # would otherwise read differently from the same file named on the command line.
    if sys.stdin is None:  # started with stdin closed (`<&-`)
        raise UsageError("standard input is closed: there is nothing to read")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # stdin replaced by a text-only stream: only the BOM to drop
        yield io.StringIO(sys.stdin.read().removeprefix("\ufeff"), newline="")
        return
    wrapper = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="")
    try:
        yield wrapper
    finally:
        wrapper.detach()  # closing the wrapper would close stdin itself


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return os.path.realpath(first) == os.path.realpath(second)


def check_paths(csv_path: str, results: str | None, resume: str | None) -> None:
    """Refuse, before anything is read, written or sent, a results file that would
    overwrite the input CSV (the same path, a symlink or a hard link to it)."""
    if csv_path == "-" and resume == "-":
        raise UsageError("--csv and --resume cannot both read standard input")
    if results is not None and csv_path != "-" and _same_file(csv_path, results):
        raise UsageError(
            f"--results {results} is the input CSV {csv_path}: writing results would "
            "overwrite it; name another file"
        )


def read_rows(path: str, default_project: int | None) -> tuple[list[Row], list[BadRow]]:
    """The rows of a ``task_id,user_id[,project_id]`` CSV file (a header row naming the
    columns is optional, and then the columns may come in any order)."""
    rows: list[Row] = []
    bad: list[BadRow] = []
    positions = (0, 1, 2)
    named = False
    first = True
    name = _name(path)
    with _open_input(path) as handle:
        reader = csv.reader(handle)
        try:
            for cells in reader:
                line = reader.line_num
                cells = [c.strip() for c in cells]
                if not any(cells) or cells[0].startswith("#"):
                    continue
                if first:
                    first = False
                    names = [c.lower() for c in cells]
                    if "task_id" in names or "user_id" in names:
                        if "task_id" not in names or "user_id" not in names:
                            raise UsageError(
                                f"{name}: the header row must name task_id and user_id"
                            )
                        project = names.index("project_id") if "project_id" in names else -1
                        positions = (names.index("task_id"), names.index("user_id"), project)
                        named = True
                        continue
                rows_or_bad = _parse(line, cells, positions, named, default_project)
                if isinstance(rows_or_bad, Row):
                    rows.append(rows_or_bad)
                else:
                    bad.append(rows_or_bad)
        except csv.Error as exc:
            raise UsageError(f"{name}, line {reader.line_num}: {exc}") from None
        except UnicodeDecodeError:
            raise UsageError(f"{name}: not a UTF-8 text file") from None
    return rows, bad


def _parse(
    line: int,
    cells: list[str],
    positions: tuple[int, int, int],
    named: bool,
    default_project: int | None,
) -> Row | BadRow:
    def at(index: int) -> str:
        return cells[index] if 0 <= index < len(cells) else ""

    raw = (at(positions[0]), at(positions[1]), at(positions[2]))
    problems: list[str] = []
    if not named and len([c for c in cells if c]) > 3:
        problems.append(f"expected task_id,user_id[,project_id], got {len(cells)} columns")
    task_id, problem = _positive_int("task_id", raw[0])
    if problem:
        problems.append(problem)
    user_id, problem = _positive_int("user_id", raw[1])
    if problem:
        problems.append(problem)
    project_id: int | None = default_project
    if raw[2]:
        project_id, problem = _positive_int("project_id", raw[2])
        if problem:
            problems.append(problem)
    elif default_project is None:
        problems.append("project_id is missing (add a project_id column or pass --project-id)")
    if problems or task_id is None or user_id is None or project_id is None:
        return BadRow(line, raw[0], raw[1], raw[2], "; ".join(problems))
    return Row(line, task_id, user_id, project_id)


def read_done(path: str) -> set[tuple[int, int, int]]:
    """The (project_id, task_id, user_id) an earlier results file marks as done."""
    name = _name(path)
    hint = "--resume takes the CSV that --results wrote"
    done: set[tuple[int, int, int]] = set()
    with _open_input(path) as handle:
        reader = csv.DictReader(handle)
        try:
            missing = {"task_id", "user_id", "project_id", "status"} - set(reader.fieldnames or ())
            if missing:
                raise UsageError(
                    f"{name} is not a results file (no column {', '.join(sorted(missing))}); "
                    + hint
                )
            for record in reader:
                if (record.get("status") or "").strip() not in DONE_STATUSES:
                    continue
                try:
                    key = (
                        int(record["project_id"]),
                        int(record["task_id"]),
                        int(record["user_id"]),
                    )
                except (TypeError, ValueError):
                    raise UsageError(
                        f"{name}, line {reader.line_num}: a done row without valid ids"
                    ) from None
                done.add(key)
        except csv.Error as exc:
            raise UsageError(
                f"{name} is not a results file (line {reader.line_num}: {exc}); {hint}"
            ) from None
        except UnicodeDecodeError:
            raise UsageError(f"{name} is not a results file (not UTF-8 text); {hint}") from None
    return done


def one_line(error: BaseException | str | None) -> str:
    if error is None:
        return ""
    text = " ".join(str(error).split())
    token = os.environ.get(TOKEN_ENV, "").strip()
    # Whatever a server echoed back, the token never reaches the screen or a results file.
    return text.replace(token, "***") if token else text


def describe(error: BaseException) -> str:
    """An error that stopped a command, as one line: the SDK's own errors say what happened;
    anything else (an httpx error the SDK let through) is named by its type."""
    if isinstance(error, WebWorkError):
        return one_line(error)
    return one_line(f"{type(error).__name__}: {error}".rstrip(": "))


class ResultsWriter:
    """The results CSV: one line per row as it settles, flushed at once, so that an
    interrupted job leaves an exact account. Without a path it keeps the lines in memory,
    so that an interrupted job can still save them (:meth:`save`) for ``--resume``."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.counts: Counter[str] = Counter()
        self.failures: list[str] = []
        self.token_refused = False
        self._handle: TextIO | None = None
        self._writer: Any = None
        self._kept: list[list[object]] | None = None
        if path is None:
            self._kept = []
            return
        try:
            self._handle = open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
        self._writer = csv.writer(self._handle, lineterminator="\n")
        self._writer.writerow(RESULT_FIELDS)
        self._handle.flush()

    def write(
        self,
        line: int,
        task_id: object,
        user_id: object,
        project_id: object,
        status: str,
        error: BaseException | str | None = None,
    ) -> None:
        self.counts[status] += 1
        message = one_line(error)
        if status in (BulkStatus.FAILED.value, INVALID):
            self.failures.append(f"line {line}: {message}")
        if isinstance(error, AuthenticationError):
            self.token_refused = True
        record: list[object] = [line, task_id, user_id, project_id, status, message]
        if self._kept is not None:
            self._kept.append(record)
        if self._writer is not None and self._handle is not None:
            self._writer.writerow(record)
            self._handle.flush()

    def save(self) -> str | None:
        """The results file: the one given, or else a new one in the current directory
        (the temporary directory if that is not writable) holding what was kept; None when
        neither can be written."""
        if self.path is not None or self._kept is None:
            return self.path
        for directory in (os.curdir, None):
            try:
                fd, path = tempfile.mkstemp(prefix="webwork-results-", suffix=".csv", dir=directory)
            except OSError:
                continue
            with open(fd, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(RESULT_FIELDS)
                writer.writerows(self._kept)
            self.path = os.path.relpath(path) if directory else path
            return self.path
        return None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def resume_command(command: Sequence[str], results: str) -> str:
    """``command`` (the program and its arguments) with ``--resume results`` in place of any
    ``--resume`` it had, quoted for a POSIX shell."""
    kept: list[str] = []
    skip_value = False
    for arg in command:
        if skip_value:
            skip_value = False
            continue
        option, has_value, _ = arg.partition("=")
        # argparse accepts any unambiguous prefix; "--resu" is the shortest of --resume.
        if len(option) >= len("--resu") and "--resume".startswith(option):
            skip_value = not has_value
            continue
        kept.append(arg)
    return shlex.join([*kept, "--resume", results])


class Progress:
    """Progress of the whole job on ``out``: a redrawn bar on a terminal, otherwise a plain
    line every tenth of the job (or every 5 s). The bar fills as rows settle; the text counts
    successes and failures apart (``20/21 assigned, 1 failed``)."""

    def __init__(self, out: TextIO, total: int, verb: str, *, enabled: bool = True) -> None:
        self._out = out
        self._total = total
        self._verb = verb
        self._enabled = enabled and total > 0
        self._tty = out.isatty()
        self._base_done = 0
        self._base_failed = 0
        self._last_draw = 0.0
        self._last_step = -1
        self._drawn = False

    def start_group(self, done: int, failed: int) -> None:
        self._base_done = done
        self._base_failed = failed

    def __call__(self, progress: BulkProgress) -> None:
        if not self._enabled:
            return
        done = self._base_done + progress.done  # settled: succeeded or failed
        failed = self._base_failed + progress.failed
        succeeded = done - failed
        eta = progress.eta
        later = self._total - self._base_done - progress.total
        if eta is not None and progress.rate > 0:
            eta += later / progress.rate
        eta_text = "--" if eta is None else f"{eta:.0f}s" if eta >= 10 else f"{eta:.1f}s"
        text = (
            f"{succeeded}/{self._total} {self._verb}, {failed} failed, "
            f"{progress.rate:.1f}/s, ETA {eta_text}"
        )
        now = time.monotonic()
        finished = done == self._total
        if self._tty:
            if not finished and now - self._last_draw < 0.1:
                return
            self._last_draw = now
            width = 30
            filled = int(width * done / self._total)
            self._out.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {text}\x1b[K")
            self._drawn = True
            self._out.flush()
            return
        step = done * 10 // self._total
        if step != self._last_step or finished or now - self._last_draw >= 5.0:
            self._last_step = step
            self._last_draw = now
            print(f"progress: {text}", file=self._out, flush=True)

    def close(self) -> None:
        if self._drawn:
            self._out.write("\n")
            self._out.flush()
            self._drawn = False


def _groups(rows: Sequence[Row]) -> dict[int, list[Row]]:
    groups: dict[int, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.project_id, []).append(row)
    return groups


_PLAN_COLUMNS = [
    Column("row"),
    Column("action"),
    Column("task_id"),
    Column("user_id"),
    Column("project_id"),
]


def dry_run(
    rows: Sequence[Row],
    bad: Sequence[BadRow],
    done: set[tuple[int, int, int]],
    *,
    action: str,
    fmt: str,
    out: TextIO,
    err: TextIO,
) -> int:
    """Print what would be sent; send nothing."""
    todo = [row for row in rows if row.key not in done]
    plan = [
        {
            "row": row.line,
            "action": action,
            "task_id": row.task_id,
            "user_id": row.user_id,
            "project_id": row.project_id,
        }
        for row in todo
    ]
    fields = [column.header for column in _PLAN_COLUMNS]
    render(plan, fmt=fmt, fields=fields, columns=_PLAN_COLUMNS, out=out)
    for row in bad:
        print(f"line {row.line}: invalid row: {row.problem}", file=err)
    groups = _groups(todo)
    projects = ", ".join(str(p) for p in groups) or "none"
    print(
        f"dry run: would {action} {len(todo)} row(s) in {len(groups)} project(s) ({projects}); "
        f"{len(rows) - len(todo)} already done, {len(bad)} invalid; nothing was sent",
        file=err,
    )
    return 1 if bad else 0


def run_bulk_job(
    client: WebWork,
    rows: Sequence[Row],
    bad: Sequence[BadRow],
    done: set[tuple[int, int, int]],
    *,
    unassign: bool,
    concurrency: int | None,
    results: ResultsWriter,
    err: TextIO,
    out: TextIO,
    command: Sequence[str],
    show_progress: bool = True,
) -> int:
    """Send every row not done yet, project by project; the exit status.

    ``command`` is the command line as typed (program and arguments): when the job stops
    early, the command that resumes it is printed.
    """
    verb = "unassigned" if unassign else "assigned"
    for invalid in bad:
        results.write(
            invalid.line,
            invalid.task_id,
            invalid.user_id,
            invalid.project_id,
            INVALID,
            invalid.problem,
        )
    todo: list[Row] = []
    for row in rows:
        if row.key in done:
            results.write(row.line, row.task_id, row.user_id, row.project_id, SKIPPED)
        else:
            todo.append(row)
    groups = list(_groups(todo).items())
    progress = Progress(err, len(todo), verb, enabled=show_progress)
    started = time.monotonic()
    sent_done = sent_failed = 0
    stopped: _Stop | None = None
    for number, (project_id, group) in enumerate(groups):
        written: set[int] = set()

        def on_item(
            item: BulkItem[Any], group: list[Row] = group, written: set[int] = written
        ) -> None:
            row = group[item.index]
            written.add(item.index)
            results.write(
                row.line, row.task_id, row.user_id, row.project_id, item.status.value, item.error
            )

        progress.start_group(sent_done, sent_failed)
        pairs = [(row.task_id, row.user_id) for row in group]
        method: Callable[..., Any] = (
            client.tasks.unassign_many if unassign else client.tasks.assign_many
        )
        try:
            result = method(
                pairs,
                project_id=project_id,
                concurrency=concurrency,
                on_progress=progress,
                on_item=on_item,
            )
        except BulkInterrupted as exc:
            stopped = _Stop(None)
            for item in exc.result.items:
                if item.index not in written:
                    on_item(item)
        except FATAL_ERRORS as exc:
            # The job could not go on (a broken answer the SDK did not settle per row). Rows
            # of this group it did not report may have been in flight, unless the error was
            # raised before anything was sent.
            stopped = _Stop(exc)
            unsettled = (
                BulkStatus.NOT_SENT if isinstance(exc, InvalidRequestError) else BulkStatus.UNKNOWN
            )
            for index, row in enumerate(group):
                if index not in written:
                    results.write(
                        row.line, row.task_id, row.user_id, row.project_id, unsettled.value
                    )
        else:
            counts = result.counts()
            sent_done += counts["succeeded"] + counts["failed"]
            sent_failed += counts["failed"]
            continue
        for _, later in groups[number + 1 :]:
            for unsent in later:
                results.write(
                    unsent.line,
                    unsent.task_id,
                    unsent.user_id,
                    unsent.project_id,
                    BulkStatus.NOT_SENT.value,
                )
        break
    progress.close()
    seconds = time.monotonic() - started
    return _summary(results, len(rows) + len(bad), seconds, stopped, verb, command, out, err)


@dataclass(frozen=True)
class _Stop:
    """Why a job stopped before its end: ``error``, or None for an interrupt (Ctrl-C)."""

    error: BaseException | None


def _summary(
    results: ResultsWriter,
    total: int,
    seconds: float,
    stopped: _Stop | None,
    verb: str,
    command: Sequence[str],
    out: TextIO,
    err: TextIO,
) -> int:
    counts = results.counts
    for message in results.failures[:MAX_REPORTED]:
        print(message, file=err)
    if len(results.failures) > MAX_REPORTED:
        more = len(results.failures) - MAX_REPORTED
        print(f"... and {more} more failed row(s) (see --results)", file=err)
    if results.token_refused:
        print(f"the server refused the token (HTTP 401): check {TOKEN_ENV}", file=err)
    parts = [
        f"{counts[BulkStatus.SUCCEEDED.value]} {verb}",
        f"{counts[BulkStatus.FAILED.value]} failed",
        f"{counts[INVALID]} invalid",
        f"{counts[SKIPPED]} skipped (done before)",
    ]
    for status in (BulkStatus.NOT_SENT.value, BulkStatus.UNKNOWN.value):
        if counts[status]:
            parts.append(f"{counts[status]} {status.replace('_', ' ')}")
    line = f"{total} row(s): " + ", ".join(parts) + f" in {seconds:.1f}s"
    if counts[BulkStatus.UNKNOWN.value]:
        print(
            "rows marked unknown were in flight: they may or may not have been applied",
            file=err,
        )
    if stopped is None:
        print(line, file=out)
        # Exit 0 only when every row is done: one that failed, was invalid, or whose outcome
        # is unknown still needs the user.
        settled = counts[BulkStatus.SUCCEEDED.value] + counts[SKIPPED]
        return 0 if settled == total else 1
    if stopped.error is None:
        print(f"interrupted: {line}", file=err)
    else:
        print(f"error: {describe(stopped.error)}", file=err)
        print(f"stopped: {line}", file=err)
    given = results.path
    saved = results.save()
    if saved is None:
        print("the results could not be saved: no command can resume this job", file=err)
    else:
        if saved != given:
            print(f"results saved in {saved}", file=err)
        print(f"to resume: {resume_command(command, saved)}", file=err)
        pairs = itertools.pairwise(command)
        if "--csv=-" in command or any(p == ("--csv", "-") for p in pairs):
            print("(with the same CSV on standard input again)", file=err)
    return 130 if stopped.error is None else 1
