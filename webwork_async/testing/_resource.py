"""How a module of ``_resources/`` declares itself (:class:`Records`, :class:`Endpoints`,
``seed``, :func:`fake_method`), and the registry that finds them all: nothing else lists them.
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
    """A resource's table, declared once; ``RECORDS.of(ws)`` is the workspace's."""

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
        table: Table[K, P, R] | None = ws.tables.get(self)
        if table is None:
            table = Table(self._record, self._new_id(ws), indexes=self._indexes)
            ws.tables[self] = table
        return table


class Endpoints:
    """The routes one module serves: ``@endpoints("GET /webhooks", paged=True)`` on each
    handler (``roles`` are checked before anything the handler does; see :class:`Route`)."""

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
        method, template = key.split(" ")

        def declare(handler: Handler) -> Handler:
            route = Route(method, template, handler, workspace, paged, pagination, roles)
            self.routes.append(route)
            return handler

        return declare


def fake_method(function: F) -> F:
    """Marks a function of the workspace that ``FakeWebWork`` offers as a method (as it does
    ``add_*``; ``read``/``read_<name>`` become properties): read by ``scripts/unasync.py``."""
    return function


def _modules() -> Iterator[ModuleType]:
    from . import _resources

    for module in pkgutil.iter_modules(_resources.__path__):
        yield importlib.import_module(f"{_resources.__name__}.{module.name}")


def routes() -> tuple[Route, ...]:
    """Every module's routes (path parameters keep the docs' names: ``stats.by_route`` and
    ``Faults(routes=...)`` key on them)."""
    found: list[Route] = []
    for loaded in _modules():
        endpoints = getattr(loaded, "endpoints", None)
        if isinstance(endpoints, Endpoints):
            found.extend(endpoints.routes)
    return tuple(found)


Seed = Callable[[Workspace, float], list[Any]]


def seeds() -> tuple[tuple[str, Seed], ...]:
    """``(SeedInfo field, seed)`` of every module with a ``seed(ws, now) -> list[Record]``
    (made once per workspace); ``scripts/unasync.py`` declares the fields by the same rule."""
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
