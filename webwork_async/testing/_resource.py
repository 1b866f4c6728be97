"""How a resource of the fake declares itself, and the registry that finds them all.

A resource is one module of ``_resources/``: its attrs record and :class:`Records` (its table
in every workspace), its renderer, its handlers declared with its :class:`Endpoints`, its
seeding and what ``FakeWebWork`` offers for it. Nothing outside lists the modules: the app
serves the routes of every module of the package (:func:`routes`), and a workspace makes a
resource's table the first time :meth:`Records.of` asks for it. Core modules (the table,
the plumbing, input validation, the wire primitives) never import a resource module.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import typing
from collections.abc import Callable, Hashable, Iterator, Mapping
from types import ModuleType
from typing import Any, Concatenate, Generic, Literal, ParamSpec, TypeVar

from ._plumbing import Handler, Route
from ._state import Workspace
from ._table import IndexKey, Table

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")
P = ParamSpec("P")
F = TypeVar("F", bound=Callable[..., Any])


class Records(Generic[K, P, R]):
    """A resource's table, declared once: ``record`` (whose first field is the id), how a
    workspace hands out its ids, and the indexes to keep. ``RECORDS.of(ws)`` is the table."""

    def __init__(
        self,
        record: Callable[Concatenate[K, P], R],
        new_id: Callable[[Workspace], Callable[[], K]],
        *,
        indexes: Mapping[str, Callable[[R], IndexKey]] | None = None,
    ) -> None:
        self._record = record
        self._new_id = new_id
        self._indexes = indexes

    def of(self, ws: Workspace) -> Table[K, P, R]:
        """The workspace's table of this resource (made on first use)."""
        table: Table[K, P, R] | None = ws.tables.get(self)
        if table is None:
            table = Table(self._record, self._new_id(ws), indexes=self._indexes)
            ws.tables[self] = table
        return table


class Endpoints:
    """The routes one module serves, declared on its handlers::

    endpoints = Endpoints()

    @endpoints("GET /webhooks", paged=True)
    def list_webhooks(ctx: Context) -> Ok: ...
    """

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def __call__(
        self,
        key: str,
        *,
        workspace: Literal["required", "optional", "none"] = "required",
        paged: bool = False,
        pagination: Literal["meta", "top"] = "meta",
        roles: frozenset[str] | None = None,
    ) -> Callable[[Handler], Handler]:
        """``roles``: who may call the route at all (403 for the others, before anything
        else the handler checks); see :class:`Route` for the rest."""
        method, template = key.split(" ")

        def declare(handler: Handler) -> Handler:
            route = Route(method, template, handler, workspace, paged, pagination, roles)
            self.routes.append(route)
            return handler

        return declare


def fake_method(function: F) -> F:
    """Marks a function of the workspace (``task(ws, task_id)``) that ``FakeWebWork`` offers
    as a method of the same name; it changes nothing at run time. ``add_*`` functions are
    offered without it, and ``read(ws)`` / ``read_<name>(ws)`` become the properties named
    after the module / ``<name>``: ``scripts/unasync.py`` writes them all into ``_fake.py``."""
    return function


def _modules() -> Iterator[ModuleType]:
    from . import _resources

    for module in pkgutil.iter_modules(_resources.__path__):
        yield importlib.import_module(f"{_resources.__name__}.{module.name}")


def routes() -> tuple[Route, ...]:
    """Every route of every module in ``_resources/`` (path parameters keep the docs'
    names: they are what ``fake.stats.by_route`` and ``Faults(routes=...)`` key on)."""
    found: list[Route] = []
    for loaded in _modules():
        endpoints = getattr(loaded, "endpoints", None)
        if isinstance(endpoints, Endpoints):
            found.extend(endpoints.routes)
    return tuple(found)


Seed = Callable[[Workspace, float], list[Any]]


def seeds() -> tuple[tuple[str, Seed], ...]:
    """``(field, seed)`` for every module in ``_resources/`` with a ``seed(ws, now) ->
    list[Record]`` (what ``seed_workspace`` makes of that resource, once per workspace),
    in module order. ``field`` names the ids in ``SeedInfo``: ``Webhook`` → ``webhook_ids``
    (``scripts/unasync.py`` declares those fields by the same rule)."""
    found: list[tuple[str, Seed]] = []
    for loaded in _modules():
        seed: Seed | None = getattr(loaded, "seed", None)
        if seed is not None:
            (record,) = typing.get_args(typing.get_type_hints(seed)["return"])
            found.append((seed_field(record.__name__), seed))
    return tuple(found)


def seed_field(record: str) -> str:
    """The ``SeedInfo`` field of a record's seeded ids: ``LeavePolicy`` → ``leave_policy_ids``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", record).lower() + "_ids"
