"""``python -m webwork_async.testing serve``: the fake as an HTTP server until Ctrl-C or
SIGTERM (it prints its URL, the exports that point the SDK at it, a few seeded ids);
``python -m webwork_async.testing demo``: the SDK's demo against it.
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
import time
from collections.abc import Sequence
from types import FrameType

from ._config import FAULT_KINDS, KNOWN_KINDS, Faults, RateLimit
from ._fake import FakeWebWork
from ._seed import SeedInfo

_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)\s*(ms|s|m|min)?")
_UNITS = {None: 1.0, "s": 1.0, "ms": 0.001, "m": 60.0, "min": 60.0}


def parse_duration(text: str) -> float:
    """Seconds from ``50ms``, ``0.05``, ``2s`` or ``1m``."""
    found = _DURATION.fullmatch(text.strip())
    if found is None:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (try 50ms, 0.05 or 2s)")
    return float(found.group(1)) * _UNITS[found.group(2)]


def parse_rate_limit(text: str) -> RateLimit | None:
    """``off``, or ``LIMIT/WINDOW`` such as ``60/60s``, ``60/min`` or ``5/500ms``."""
    if text.strip().lower() in ("off", "none", "0"):
        return None
    limit, _, window = text.partition("/")
    try:
        return RateLimit(int(limit), parse_duration("1" + window if window.isalpha() else window))
    except (ValueError, argparse.ArgumentTypeError):
        raise argparse.ArgumentTypeError(f"not a rate limit: {text!r} (try 60/60s)") from None


def parse_kinds(text: str) -> tuple[str, ...]:
    kinds = tuple(kind.strip() for kind in text.split(",") if kind.strip())
    unknown = [kind for kind in kinds if kind not in KNOWN_KINDS]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(f"fault kinds are a comma list of {','.join(KNOWN_KINDS)}")
    return kinds


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m webwork_async.testing",
        description="A stateful fake of the WebWork Tracker REST API V2.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the fake over HTTP until interrupted")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    serve.add_argument("--token", default="test-token", help="the workspace owner's token")
    serve.add_argument("--workspace-id", type=int, default=1)
    serve.add_argument("--latency", type=parse_duration, default=0.0, help="e.g. 50ms")
    serve.add_argument("--projects", type=int, default=1)
    serve.add_argument("--tasks", type=int, default=100, help="tasks per project")
    serve.add_argument("--members", type=int, default=5)
    serve.add_argument(
        "--days", type=int, default=14, help="days of seeded time, timesheets, requests"
    )
    serve.add_argument(
        "--no-custom-statuses",
        dest="custom_statuses",
        action="store_false",
        help="do not define the custom statuses 1, 2, 11 and 21",
    )
    serve.add_argument("--rate-limit", type=parse_rate_limit, default=None, help="e.g. 60/60s")
    serve.add_argument("--faults", type=float, default=0.0, help="fault rate, 0..1")
    serve.add_argument("--fault-kinds", type=parse_kinds, default=FAULT_KINDS)
    serve.add_argument("--slow", type=parse_duration, default=2.0, help="delay of 'slow'")
    serve.add_argument(
        "--trickle", type=parse_duration, default=0.2, help="pause per byte of 'trickle'"
    )
    serve.add_argument("--seed", type=int, default=0)
    serve.add_argument(
        "--pagination",
        choices=("meta", "top", "none"),
        default=None,
        help="one place for every list's pagination (default: where the reference puts it)",
    )
    serve.add_argument("--backend", choices=("builtin", "uvicorn"), default="builtin")
    demo = commands.add_parser("demo", help="list and bulk-assign tasks with the SDK, on loopback")
    demo.add_argument("--tasks", type=int, default=5_000, help="tasks to seed and list")
    demo.add_argument("--assign", type=int, default=1_000, help="tasks to bulk-assign")
    demo.add_argument("--latency", type=parse_duration, default=0.02, help="e.g. 20ms")
    return parser


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def build_fake(args: argparse.Namespace) -> tuple[FakeWebWork, SeedInfo]:
    """The fake ``serve`` runs, seeded from the command line's options."""
    faults = None
    if args.faults > 0:
        faults = Faults(
            rate=args.faults,
            kinds=args.fault_kinds,
            slow_seconds=args.slow,
            trickle_seconds=args.trickle,
        )
    fake = FakeWebWork(
        token=args.token,
        workspace_id=args.workspace_id,
        latency=args.latency,
        rate_limit=args.rate_limit,
        faults=faults,
        seed=args.seed,
        pagination=args.pagination,
    )
    info = fake.seed_workspace(
        projects=args.projects,
        tasks_per_project=args.tasks,
        members=args.members,
        custom_statuses=args.custom_statuses,
        days=args.days,
    )
    return fake, info


def _span(ids: Sequence[int]) -> str:
    """``1000``, ``101-105`` (seeded ids are consecutive) or ``none``."""
    if not ids:
        return "none"
    return str(ids[0]) if len(ids) == 1 else f"{ids[0]}-{ids[-1]}"


def banner(url: str, fake: FakeWebWork, info: SeedInfo) -> str:
    """What ``serve`` prints: the address, the exports another shell needs, a few ids."""
    seeded = (
        f"projects {_span(info.project_ids)}; owner {fake.owner_id}, members "
        f"{_span(info.member_ids)}; tasks {_span(info.task_ids)}; "
        f"contracts {_span(info.contract_ids)}"
    )
    return "\n".join(
        (
            f"WebWork fake listening on {url} (token: {fake.token})",
            "Point the SDK, the CLI and the examples at it from another shell:",
            f"  export WEBWORK_BASE_URL={url}",
            f"  export WEBWORK_TOKEN={fake.token}",
            f"  export WEBWORK_WORKSPACE_ID={fake.workspace_id}",
            f"Seeded: {seeded}",
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "demo":
        # Imported here: the demo drives the SDK, and `serve` must not depend on it.
        from ._demo import run_demo

        return run_demo(tasks=args.tasks, assign=args.assign, latency=args.latency)
    fake, info = build_fake(args)
    # SIGTERM stops the server like Ctrl-C does; SIGINT is set too, because a shell starts
    # background jobs with SIGINT ignored.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)
    with fake.serve(args.host, args.port, backend=args.backend) as server:
        print(banner(server.url, fake, info), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
