"""Names imported on first use, so that ``import webwork_async`` loads the client and nothing
it does not need yet (the target is at most 1.5x ``import httpx``; ``benchmarks/bench_import.py``
measures it, ``tests/test_import_cost.py`` pins what is loaded).

Two kinds: a module's names that live in other modules (the package's models and sync twin, a
client module's resource classes), resolved by the module's ``__getattr__`` (PEP 562); and a
client's resources (``client.tasks``), each built on the client's first use of it. Half of
the package's own import cost is attrs building the model classes, which no code needs until
its first call returns one.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

# The attribute in which a client keeps the internal API its resources are built on
# (``AsyncRequester``; ``_attach_resources`` sets it, for the client and for each copy).
REQUESTER = "_api"


def lazy_names(
    module: str, names: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``module``, whose ``names`` (name -> the module that
    defines it, relative to ``module``'s package) are imported when first read."""
    namespace = vars(sys.modules[module])
    package = module if hasattr(sys.modules[module], "__path__") else module.rpartition(".")[0]

    def __getattr__(name: str) -> Any:
        source = names.get(name)
        if source is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source, package), name)
        namespace[name] = value  # looked up once: later reads do not come back here
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(names))

    return __getattr__, __dir__


class LazyResource:
    """A resource attribute of a client class (``tasks: AsyncTasks = resource()``): the
    resource module ``_tasks`` beside the client's is imported, and the resource built, on
    the first read of the attribute from a client, which then keeps it."""

    __slots__ = ("class_name", "module", "name")

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        # Annotations are postponed, so this is the class's name as written ("AsyncTasks").
        self.class_name: str = owner.__annotations__[name]
        self.module = f"{owner.__module__.rpartition('.')[0]}._{name}"

    def load(self) -> type:
        """The resource class."""
        cls: type = getattr(importlib.import_module(self.module), self.class_name)
        return cls

    def __get__(self, client: object, owner: type | None = None) -> Any:
        if client is None:
            return self
        attributes = vars(client)
        # Kept where the descriptor (not a data descriptor) is not asked again.
        resource = attributes[self.name] = self.load()(attributes[REQUESTER])
        return resource


def resource() -> Any:
    """Declare a resource of a client class (typed as its annotation says)."""
    return LazyResource()


def resources_of(client_class: type) -> dict[str, LazyResource]:
    """The resources ``client_class`` declares, by attribute name."""
    return {
        name: value for name, value in vars(client_class).items() if isinstance(value, LazyResource)
    }


def resource_classes(client_class: type) -> dict[str, str]:
    """Each resource class's name -> its module, for the client module's ``lazy_names``."""
    return {r.class_name: r.module for r in resources_of(client_class).values()}
