"""``FakeWebWork``: the one object users create; it owns the state and hands out adapters."""

from __future__ import annotations

import functools
import random
import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Concatenate, ParamSpec, TypeVar

from ._app import App, Pagination, Scheduled, Stats
from ._asgi import FakeASGIApp
from ._config import Faults, Latency, RateLimit, check_latency
from ._resources import contracts as _contracts
from ._resources import expenses as _expenses
from ._resources import leaves as _leaves
from ._resources import members as _members
from ._resources import projects as _projects
from ._resources import tasks as _tasks
from ._resources import time_entries as _time_entries
from ._resources import time_requests as _time_requests
from ._resources import timesheets as _timesheets
from ._resources import tracking as _tracking
from ._resources import viewers as _viewers
from ._resources import webhooks as _webhooks
from ._seed import SeedInfo, seed_workspace
from ._server import Backend, FakeServer, start_server
from ._state import Workspace
from ._transport import FakeTransport, mock_router
from ._validation import fields_of
from ._wire import JSONDict

if TYPE_CHECKING:
    # respx is the optional `testing` extra: with it installed the checkers hold mock() to
    # its types; in a plain install it is unresolved, and the ignores on mock() say so.
    import respx  # pyright: ignore[reportMissingImports]

_T = TypeVar("_T")
P = ParamSpec("P")


class FakeWebWork:
    """A stateful in-memory WebWork Tracker API V2 for tests: one workspace (``workspace_id``,
    any other answers 403) owned by the member whose bearer token is ``token``. Seed it with
    the ``add_*`` methods or :meth:`seed_workspace`, then talk to it through
    :meth:`transport`, :attr:`asgi_app`, :meth:`mock` (respx) or :meth:`serve` (a socket)::

        fake = FakeWebWork(latency=0.01, seed=1)
        project_id = fake.add_project("Website")
        with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
            task = client.post(
                "/tasks",
                headers={"Authorization": "Bearer test-token"},
                json={"workspace_id": 1, "project_id": project_id, "title": "Write docs"},
            ).json()["data"]
        assert fake.applied[("create_task", task["id"])] == 1

    Every random choice comes from RNGs seeded with ``seed``. Lists put their pagination where
    the reference does (top-level for GET /contracts, else ``meta.pagination``), unless
    ``pagination`` says one place (``"meta"``, ``"top"``, ``"none"``). Thread-safe.
    """

    #: The production base URL; any host works with the in-process adapters.
    base_url: ClassVar[str] = "https://api.webwork-tracker.com/api/v2"

    def __init__(
        self,
        *,
        token: str = "test-token",
        workspace_id: int = 1,
        latency: Latency = 0.0,
        rate_limit: RateLimit | None = None,
        faults: Faults | None = None,
        seed: int = 0,
        pagination: Pagination | None = None,
        workspace_name: str = "Acme Inc.",
    ) -> None:
        now = time.time()
        self._ws = Workspace(workspace_id, workspace_name, now)
        owner = self._ws.members.new(
            "owner@example.com", "Olivia", "Owner", now, role="Owner", timezone="UTC"
        )
        self._ws.owner_id = owner.id
        self._ws.tokens[token] = owner.id
        self._app = App(
            self._ws,
            latency=latency,
            rate_limit=rate_limit,
            faults=faults,
            seed=seed,
            pagination=pagination,
        )
        self._data_rng = random.Random(f"{seed}:data")
        self._activity_rng = random.Random(f"{seed}:activity")
        self._asgi_app = FakeASGIApp(self._app)
        self.token = token

    @staticmethod
    def _locked(
        add: Callable[Concatenate[Workspace, P], _T],
    ) -> Callable[Concatenate[FakeWebWork, P], _T]:
        """A resource module's function of the workspace (``add_task(ws, ...)``) as a method
        run under the lock, with the function's signature (less ``ws``) and docstring; the
        reference site learns them from ``scripts/griffe_fake.py``."""

        def method(self: FakeWebWork, /, *args: P.args, **kwargs: P.kwargs) -> _T:
            with self._ws.lock:
                return add(self._ws, *args, **kwargs)

        functools.update_wrapper(method, add)
        return method

    def _read(self, read: Callable[[Workspace], _T]) -> _T:
        with self._ws.lock:
            return read(self._ws)

    def __repr__(self) -> str:
        return f"<FakeWebWork workspace_id={self._ws.id} tasks={len(self._ws.tasks)}>"

    # -- settings --------------------------------------------------------------------------

    @property
    def workspace_id(self) -> int:
        """The id of the fake's only workspace."""
        return self._ws.id

    @property
    def owner_id(self) -> int:
        """User id of the workspace owner (the user behind ``token``)."""
        return self._ws.owner_id

    @property
    def latency(self) -> Latency:
        """Seconds added to every response; settable at any time."""
        return self._app.latency

    @latency.setter
    def latency(self, latency: Latency) -> None:
        self._app.latency = check_latency(latency)

    @property
    def rate_limit(self) -> RateLimit | None:
        """The per-user rate limit, ``None`` when off; setting it restarts every window."""
        return self._app.rate_limit

    @rate_limit.setter
    def rate_limit(self, rate_limit: RateLimit | None) -> None:
        with self._ws.lock:
            self._app.rate_limit = rate_limit
            self._app.windows.clear()

    @property
    def auto_approve_time_requests(self) -> bool:
        """Whether POST /time-requests by an owner or executive manager is approved at once
        (the workspace's auto-approval setting); off by default."""
        return self._ws.auto_approve_time_requests

    @auto_approve_time_requests.setter
    def auto_approve_time_requests(self, value: bool) -> None:
        with self._ws.lock:
            self._ws.auto_approve_time_requests = value

    @property
    def faults(self) -> Faults | None:
        """The random fault injection, ``None`` when off; settable at any time."""
        return self._app.faults

    @faults.setter
    def faults(self, faults: Faults | None) -> None:
        self._app.check_fault_routes(faults)
        with self._ws.lock:
            self._app.faults = faults

    def fail_next(
        self,
        kind: str,
        *,
        times: int = 1,
        route: str | None = None,
        after: bool = False,
        slow_seconds: float = 2.0,
        retry_after: int = 1,
        trickle_seconds: float = 0.2,
        huge_body_bytes: int = 64 * 1024 * 1024,
    ) -> None:
        """Fault the next ``times`` requests (to ``route``, e.g. ``"POST /tasks"``) with ``kind``.

        Deterministic faults for retry tests; they take precedence over random ones and are
        counted in ``stats.faults`` like them. Every kind of :class:`Faults` works here, with
        the same options; the page kinds wait for the next request to a list route::

            fake.fail_next("503", times=2)  # the next two requests get 503, then all is well
            fake.fail_next("drop", route="DELETE /tasks/{taskId}", after=True)  # lost answer
            fake.fail_next("pages_forever", times=100, route="GET /tasks")
        """
        options = fields_of(locals(), "kind", "times", "route")
        if times < 1:
            raise ValueError("times must be at least 1")
        routes = None if route is None else (route,)
        faults = Faults(rate=1.0, kinds=(kind,), routes=routes, **options)
        self._app.check_fault_routes(faults)
        with self._ws.lock:
            self._app.scheduled.append(Scheduled(faults, times))

    # -- counters --------------------------------------------------------------------------

    @property
    def stats(self) -> Stats:
        """A snapshot of the request counters."""
        with self._ws.lock:
            return self._app.stats()

    @property
    def applied(self) -> Counter[tuple[str, Any]]:
        """A snapshot of the state changes applied through the API, keyed ``(operation, key)``.

        The operations, keyed by the id of the record changed unless said otherwise:

        * ``invite_member``, ``update_member``, ``archive_member``; ``create_project``,
          ``update_project``, ``archive_project``; ``create_contract``, ``update_contract``,
          ``delete_contract``;
        * ``create_task``, ``update_task``, ``delete_task``; ``assign`` and ``unassign`` keyed
          ``(task_id, user_id)`` (``assign`` also for each assignee of a created task);
        * ``create_project_viewer``, ``archive_project_viewer``, ``restore_project_viewer``;
          ``assign_project_to_viewer`` and ``unassign_project_from_viewer`` keyed
          ``(viewer_id, project_id)``;
        * ``start_tracking`` and ``stop_tracking`` keyed by user id; ``create_time_entry``,
          ``update_time_entry``, ``delete_time_entry``;
        * ``submit_timesheet``, ``unsubmit_timesheet``, ``approve_timesheet``,
          ``reject_timesheet``; ``create_time_request``, ``approve_time_request``,
          ``reject_time_request``;
        * ``create_leave``, ``create_expense``, ``update_expense``, ``create_webhook``,
          ``update_webhook``.

        Requests that change nothing (a repeated assignment, a PUT with the current values,
        archiving an archived member) count nothing, nor does seeding (``add_*``).
        """
        with self._ws.lock:
            return Counter(self._app.applied)

    def reset_stats(self) -> None:
        """Zero every counter: ``stats`` and ``applied``."""
        with self._ws.lock:
            self._app.reset_stats()

    # -- adapters --------------------------------------------------------------------------

    def transport(self) -> FakeTransport:
        """An httpx transport for ``httpx.Client`` and ``httpx.AsyncClient`` alike."""
        return FakeTransport(self._app)

    @property
    def asgi_app(self) -> FakeASGIApp:
        """The fake as an ASGI 3 application (``uvicorn`` can serve it)."""
        return self._asgi_app

    def mock(  # pyright: ignore[reportUnknownParameterType]
        self, base_url: str = "https://api.webwork-tracker.com/api/v2"
    ) -> respx.MockRouter:  # pyright: ignore[reportUnknownMemberType]
        """A ``respx.MockRouter`` (respx required) routing every request under ``base_url``
        to the fake; a context manager or decorator around code that makes its own clients::

            with fake.mock():
                httpx.get("https://api.webwork-tracker.com/api/v2/workspaces", headers=...)
        """
        router: respx.MockRouter = mock_router(self._app, base_url)  # pyright: ignore[reportUnknownMemberType]
        return router  # pyright: ignore[reportUnknownVariableType]

    def serve(
        self, host: str = "127.0.0.1", port: int = 0, *, backend: Backend = "builtin"
    ) -> FakeServer:
        """Start a real HTTP/1.1 server in a background thread (``port=0``: any free port);
        ``backend="uvicorn"`` serves :attr:`asgi_app` with uvicorn instead of anyio + h11.
        Close it, or use it as a context manager::

            with fake.serve() as server:
                httpx.get(f"{server.url}/workspaces", headers=...)
        """
        return start_server(self._app, self._asgi_app, host, port, backend)

    # -- seeding ---------------------------------------------------------------------------

    def seed_workspace(
        self,
        *,
        projects: int = 1,
        tasks_per_project: int = 100,
        members: int = 5,
        custom_statuses: bool = False,
        days: int = 14,
    ) -> SeedInfo:
        """Fill the workspace with realistic data, deterministic for the fake's ``seed``.

        ``members`` members (the first three an executive manager, a project manager and a
        team manager), ``projects`` projects with a contract for every member, and
        ``tasks_per_project`` tasks per project with random statuses (custom ones too with
        ``custom_statuses``: 1 Backlog, 2 Ready, 11 In Review, 21 Verified), priorities,
        dates and up to two assignees. Over the ``days`` days before today (UTC): time
        entries on weekdays, a timesheet per week in every state, a time request each,
        leaves and an expense each; plus leave policies, expense categories and a webhook.
        The ids are in the returned :class:`SeedInfo`.
        """
        sizes = fields_of(locals())
        if days < 0:
            raise ValueError("days must not be negative")
        with self._ws.lock:
            return seed_workspace(
                self._ws, self._data_rng, time.time(), activity_rng=self._activity_rng, **sizes
            )

    # -- per resource: written by scripts/unasync.py from _resources/*.py; do not edit --
    @property
    def contracts(self) -> dict[int, JSONDict]:
        """Every contract by id."""
        return self._read(_contracts.read)

    add_contract = _locked(_contracts.add_contract)
    add_expense_category = _locked(_expenses.add_expense_category)
    add_expense = _locked(_expenses.add_expense)

    @property
    def expenses(self) -> dict[str, JSONDict]:
        """Every expense by id, as GET /expenses lists it."""
        return self._read(_expenses.read)

    @property
    def expense_categories(self) -> dict[str, str]:
        """Expense category names by UUID."""
        return self._read(_expenses.read_expense_categories)

    add_leave_policy = _locked(_leaves.add_leave_policy)
    add_leave = _locked(_leaves.add_leave)

    @property
    def leaves(self) -> dict[str, JSONDict]:
        """Every leave by id, as GET /leaves lists it."""
        return self._read(_leaves.read)

    @property
    def leave_policies(self) -> dict[int, JSONDict]:
        """Leave policies by id: ``{"id", "name", "unit", "allowance", "is_paid"}``."""
        return self._read(_leaves.read_leave_policies)

    @property
    def members(self) -> dict[int, JSONDict]:
        """Every member (including former ones) by user id."""
        return self._read(_members.read)

    @property
    def invitations(self) -> list[JSONDict]:
        """The invitation e-mails "sent" (POST /members, POST /project-viewers), oldest
        first: ``{"user_id", "email", "role", "invitation_link"}``."""
        return self._read(_members.read_invitations)

    add_member = _locked(_members.add_member)
    add_token = _locked(_members.add_token)

    @property
    def projects(self) -> dict[int, JSONDict]:
        """The projects that are not archived, by id."""
        return self._read(_projects.read)

    add_project = _locked(_projects.add_project)

    @property
    def tasks(self) -> dict[int, JSONDict]:
        """Every task that is not deleted, by id."""
        return self._read(_tasks.read)

    task = _locked(_tasks.task)
    task_assignees = _locked(_tasks.task_assignees)
    add_custom_status = _locked(_tasks.add_custom_status)
    add_task = _locked(_tasks.add_task)

    @property
    def time_entries(self) -> dict[str, JSONDict]:
        """Every time entry by id, as GET /time-entries lists it."""
        return self._read(_time_entries.read)

    add_time_entry = _locked(_time_entries.add_time_entry)

    @property
    def time_requests(self) -> dict[str, JSONDict]:
        """Every time request by id (the full OLD object)."""
        return self._read(_time_requests.read)

    add_time_request = _locked(_time_requests.add_time_request)

    @property
    def timesheets(self) -> dict[str, JSONDict]:
        """Every timesheet by id, as the owner sees it."""
        return self._read(_timesheets.read)

    add_timesheet = _locked(_timesheets.add_timesheet)
    tracker = _locked(_tracking.tracker)
    start_tracker = _locked(_tracking.start_tracker)
    add_project_viewer = _locked(_viewers.add_project_viewer)

    @property
    def project_viewers(self) -> dict[int, JSONDict]:
        """Every project viewer (archived ones too) by user id."""
        return self._read(_viewers.read_project_viewers)

    add_webhook = _locked(_webhooks.add_webhook)

    @property
    def webhooks(self) -> dict[str, JSONDict]:
        """Every webhook by id, secret ``token`` included."""
        return self._read(_webhooks.read)

    # -- end of the resources --
