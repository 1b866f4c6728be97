"""The ``webwork`` argument parser and commands."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import typing
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO, cast

import attrs

from .._converter import unstructure
from .._errors import AuthenticationError, InvalidRequestError
from .._lazy import resources_of
from .._listing import Listing, listing_of
from .._options import DEFAULT_BASE_URL
from .._sync._client import WebWork
from .._validation import code_by_name, code_names
from .._version import __version__
from ..models._enums import OpenIntEnum
from ._bulk import (
    FATAL_ERRORS,
    TOKEN_ENV,
    ResultsWriter,
    UsageError,
    check_paths,
    describe,
    dry_run,
    one_line,
    read_done,
    read_rows,
    run_bulk_job,
)
from ._output import FORMATS, render

__all__ = ["main"]

WORKSPACE_ENV = "WEBWORK_WORKSPACE_ID"
BASE_URL_ENV = "WEBWORK_BASE_URL"


# -- argument types ------------------------------------------------------------------------


def _at_least(minimum: int) -> Callable[[str], int]:
    """An argument type: an integer of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


_positive = _at_least(1)
_non_negative = _at_least(0)


def _enum_int(enum: type[OpenIntEnum]) -> Callable[[str], int]:
    def parse(text: str) -> int:
        member = code_by_name(enum, text)
        if member is not None:
            return int(member)
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"not a code or one of {code_names(enum)}: {text!r}"
            ) from None

    return parse


# -- list commands -------------------------------------------------------------------------


@attrs.frozen
class _List:
    """A list command: the resource's declared listing, its model, and its ``list`` method
    (unbound, from the sync client's resource class)."""

    listing: Listing
    model: type[Any]
    method: Callable[..., Iterable[Any]]


def _lists() -> dict[str, _List]:
    """The list command of every resource of the client that declares one (``@listed``)."""
    commands: dict[str, _List] = {}
    for name, declared in resources_of(WebWork).items():
        resource = declared.load()
        listing = listing_of(resource)
        if listing is not None:
            method: Callable[..., Iterable[Any]] = getattr(resource, "list")  # noqa: B009
            pager = typing.get_type_hints(method)["return"]
            (model,) = typing.get_args(pager)
            commands[name] = _List(listing, model, method)
    return commands


LISTS = _lists()


def _option_type(kind: str | type[OpenIntEnum]) -> Callable[[str], object]:
    if kind == "id":
        return _positive
    return str if isinstance(kind, str) else _enum_int(kind)


def _cmd_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    command = LISTS[args.resource]
    listing = command.listing
    filters = {option.name: getattr(args, option.name) for option in listing.options}
    with _client(args, needs_workspace=listing.needs_workspace) as client:
        resource = getattr(client, args.resource)
        items = list(command.method(resource, max_items=args.max, **filters))
    records = [unstructure(item) for item in items]
    fields = [field.name for field in attrs.fields(command.model)]
    render(records, fmt=args.format, fields=fields, columns=listing.columns, out=out)
    return 0


# -- bulk ----------------------------------------------------------------------------------


def _cmd_bulk(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    unassign = args.action == "bulk-unassign"
    check_paths(args.csv, args.results, args.resume)
    rows, bad = read_rows(args.csv, args.project_id)
    done: set[tuple[int, int, int]] = read_done(args.resume) if args.resume else set()
    if args.dry_run:
        return dry_run(
            rows,
            bad,
            done,
            action="unassign" if unassign else "assign",
            fmt=args.format,
            out=out,
            err=err,
        )
    with _client(args, needs_workspace=True, concurrency=args.concurrency) as client:
        results = ResultsWriter(args.results)  # a usage error here still closes the client
        try:
            return run_bulk_job(
                client,
                rows,
                bad,
                done,
                unassign=unassign,
                concurrency=args.concurrency,
                results=results,
                err=err,
                out=out,
                command=args.command_line,
                show_progress=not args.no_progress,
            )
        finally:
            results.close()


# -- tracking ------------------------------------------------------------------------------


def _show(value: Any, text: str, args: argparse.Namespace, out: TextIO) -> None:
    if args.format == "table":
        print(text, file=out)
        return
    record = unstructure(value)
    if args.format == "json":
        print(json.dumps(record, indent=2, ensure_ascii=False), file=out)
        return
    value_type = cast("type[attrs.AttrsInstance]", type(value))
    fields = [field.name for field in attrs.fields(value_type)]
    render([record], fmt=args.format, fields=fields, columns=[], out=out)


def _cmd_track(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.action == "start":
        with _client(args, needs_workspace=True) as client:
            started = client.time_tracking.start(
                user_id=args.user_id,
                contract_id=args.contract_id,
                task_id=args.task_id,
                activity_description=args.description,
            )
        where = ", ".join(
            f"{name} {value}"
            for name, value in (
                ("project", started.project_id),
                ("contract", started.contract_id),
                ("task", started.task_id),
            )
            if value is not None
        )
        text = f"tracker started for user {args.user_id} at {started.start_time.isoformat()}"
        _show(started, text + (f" ({where})" if where else ""), args, out)
        return 0
    with _client(args, needs_workspace=args.user_id is not None) as client:
        stopped = client.time_tracking.stop(args.user_id)
    who = "your tracker" if args.user_id is None else f"tracker of user {args.user_id}"
    _show(stopped, f"{who} stopped at {stopped.stopped_at.isoformat()}", args, out)
    return 0


# -- demo ----------------------------------------------------------------------------------


def _cmd_demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..testing._demo import run_demo

    return run_demo(tasks=args.tasks, assign=args.assign, latency=args.latency, out=out)


# -- the client ----------------------------------------------------------------------------


def _client(
    args: argparse.Namespace, *, needs_workspace: bool, concurrency: int | None = None
) -> WebWork:
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise UsageError(f"no API token: set the {TOKEN_ENV} environment variable")
    workspace_id = args.workspace_id
    if workspace_id is None:
        text = os.environ.get(WORKSPACE_ENV, "").strip()
        if text:
            try:
                workspace_id = _positive(text)
            except argparse.ArgumentTypeError as exc:
                raise UsageError(f"{WORKSPACE_ENV}: {exc}") from None
    if workspace_id is None and needs_workspace:
        raise UsageError(
            f"no workspace: pass --workspace-id or set {WORKSPACE_ENV} "
            "(`webwork workspaces list` shows yours)"
        )
    base_url, source = DEFAULT_BASE_URL, "the default base URL"
    if args.base_url:
        base_url, source = args.base_url, "--base-url"
    elif os.environ.get(BASE_URL_ENV):
        base_url, source = os.environ[BASE_URL_ENV], f"${BASE_URL_ENV}"
    try:
        return WebWork(
            token,
            workspace_id=workspace_id,
            base_url=base_url,
            max_retries=args.max_retries,
            max_concurrency=max(64, concurrency or 0),
            allow_http=args.allow_http,
            rate_store=args.rate_store,
        )
    except InvalidRequestError as exc:
        if exc.field != "base_url":
            raise
        raise UsageError(_base_url_problem(base_url, source, exc.problem)) from None


def _base_url_problem(base_url: str, source: str, problem: str) -> str:
    parts = urllib.parse.urlsplit(base_url.strip())
    if parts.scheme.lower() == "http" and parts.hostname:
        return (
            f"{source} {base_url} must use https: the token would be sent in the clear "
            "(http is allowed for localhost; pass --allow-http to send it anyway)"
        )
    return f"{source} {base_url}: {problem}"


# -- the parser ----------------------------------------------------------------------------


def _common(defaults: bool) -> argparse.ArgumentParser:
    """The global options; accepted before the command and after it."""
    parser = argparse.ArgumentParser(add_help=False)
    suppress: Any = argparse.SUPPRESS
    parser.add_argument(
        "--base-url",
        default=None if defaults else suppress,
        help=f"API base URL (default ${BASE_URL_ENV} or {DEFAULT_BASE_URL})",
    )
    parser.add_argument(
        "--workspace-id",
        type=_positive,
        default=None if defaults else suppress,
        help=f"workspace id (default ${WORKSPACE_ENV})",
    )
    parser.add_argument(
        "--max-retries",
        type=_non_negative,
        default=2 if defaults else suppress,
        help="retries of a failed request (default 2)",
    )
    parser.add_argument(
        "--allow-http",
        action="store_true",
        default=False if defaults else suppress,
        help="allow an http base URL that is not localhost (the token travels in the clear)",
    )
    parser.add_argument(
        "--rate-store",
        default=None if defaults else suppress,
        metavar="URL",
        help="share the rate budget through this Redis URL (default $WEBWORK_RATE_STORE; "
        "'local' for none)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table" if defaults else suppress,
        help="output format of lists (default table)",
    )
    return parser


_BULK_EPILOG = (
    "Every row's outcome goes to --results as it settles. After Ctrl-C (or an error that "
    "stops the job) the command prints the account and the exact command that resumes. "
    "Exit status: 0 every row succeeded or was done before; 1 a row failed, was invalid, was "
    "not sent or has an unknown outcome (or an API error); 2 a usage error (options or input "
    "files), found before anything is sent; 130 interrupted."
)


def build_parser() -> argparse.ArgumentParser:
    common = _common(defaults=False)
    parser = argparse.ArgumentParser(
        prog="webwork",
        parents=[_common(defaults=True)],
        description=(
            "Command line for the WebWork Tracker API. The API token is read from "
            f"${TOKEN_ENV}. Exit status: 0 ok; 1 an API error (also a connection failure or "
            "an answer that cannot be decoded) or failed rows; 2 a usage error (options or "
            "input files); 130 interrupted."
        ),
    )
    parser.add_argument("--version", action="version", version=f"webwork {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def leaf(group: Any, name: str, help: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = group.add_parser(
            name, help=help, description=help, parents=[common]
        )
        return sub

    def max_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--max", type=_positive, default=None, help="list at most N items")

    resources: dict[str, Any] = {}
    for resource, command in LISTS.items():
        group = commands.add_parser(resource, help=command.listing.help)
        resources[resource] = group.add_subparsers(dest="action", required=True, metavar="ACTION")

    for resource, command in LISTS.items():
        sub = leaf(resources[resource], "list", f"list {command.listing.help}")
        sub.set_defaults(handler=_cmd_list, resource=resource)
        max_option(sub)
        for option in command.listing.options:
            sub.add_argument(
                option.flags,
                dest=option.name,
                type=_option_type(option.kind),
                required=option.required,
                help=option.help,
            )

    for action, what in (
        ("bulk-assign", "assign members to tasks"),
        ("bulk-unassign", "remove members from tasks"),
    ):
        sub = leaf(resources["tasks"], action, f"{what}, as listed in a CSV file")
        sub.epilog = _BULK_EPILOG
        sub.set_defaults(handler=_cmd_bulk)
        sub.add_argument(
            "--csv",
            required=True,
            metavar="FILE",
            help="rows task_id,user_id[,project_id] (header optional; - for stdin)",
        )
        sub.add_argument(
            "--project-id", type=_positive, help="project of rows without a project_id"
        )
        sub.add_argument(
            "--dry-run", action="store_true", help="validate and show what would be sent"
        )
        sub.add_argument("--concurrency", type=_positive, help="requests in flight (default 64)")
        sub.add_argument(
            "--results",
            metavar="FILE",
            help="write row,task_id,user_id,project_id,status,error as rows settle "
            "(not the input CSV)",
        )
        sub.add_argument(
            "--resume",
            metavar="FILE",
            help="skip rows an earlier --results file marks succeeded (or skipped); "
            "it may be the --results file itself",
        )
        sub.add_argument("--no-progress", action="store_true", help="no progress display")

    track = commands.add_parser("track", help="start and stop a member's tracker")
    track_actions = track.add_subparsers(dest="action", required=True, metavar="ACTION")
    start = leaf(track_actions, "start", "clock a member in")
    start.set_defaults(handler=_cmd_track)
    start.add_argument("--user-id", type=_positive, required=True)
    start.add_argument("--contract-id", type=_positive)
    start.add_argument("--task-id", type=_positive, help="needs --contract-id")
    start.add_argument("--description", help="activity description")
    stop = leaf(track_actions, "stop", "clock a member out (without --user-id: yourself)")
    stop.set_defaults(handler=_cmd_track)
    stop.add_argument("--user-id", type=_positive)

    demo = leaf(commands, "demo", "the SDK's demo against a local fake server (no token)")
    demo.set_defaults(handler=_cmd_demo)
    demo.add_argument("--tasks", type=_positive, default=5_000, help="tasks to seed and list")
    demo.add_argument("--assign", type=_positive, default=1_000, help="tasks to bulk-assign")
    demo.add_argument("--latency", type=float, default=0.02, help="seconds per request")
    return parser


# -- main ----------------------------------------------------------------------------------


def _error(err: TextIO, message: object) -> None:
    print("error: " + one_line(str(message)), file=err, flush=True)


def _program(argv: Sequence[str] | None) -> list[str]:
    """The program as the user typed it, for the commands we print."""
    if argv is None and sys.argv and os.path.basename(sys.argv[0]) == "__main__.py":
        return ["python", "-m", "webwork_async.cli"]
    return ["webwork"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``webwork`` with ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    out, err = sys.stdout, sys.stderr
    if argv is None and threading.current_thread() is threading.main_thread():
        # A real command line: Ctrl-C must interrupt even where the shell started us with
        # SIGINT ignored (a background job), so bulk jobs stop cleanly with exit 130.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # --help, --version, or a usage error (already reported)
        return exc.code if isinstance(exc.code, int) else 2
    args.command_line = [*_program(argv), *arguments]
    handler: Callable[[argparse.Namespace, TextIO, TextIO], int] = args.handler
    try:
        return handler(args, out, err)
    except UsageError as exc:
        _error(err, exc)
        return 2
    except InvalidRequestError as exc:
        _error(err, exc)
        return 2
    except AuthenticationError as exc:
        _error(err, f"{exc} (the token comes from {TOKEN_ENV}: check it)")
        return 1
    except FATAL_ERRORS as exc:  # an API error, or an answer the SDK could not decode
        _error(err, describe(exc))
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=err, flush=True)
        return 130
    except BrokenPipeError:  # `webwork tasks list ... | head`
        return 0
    except OSError as exc:  # e.g. the results file's disk is full
        _error(err, exc)
        return 1
