"""How ``webwork <resource> list`` shows a resource, declared beside the resource::

    @listed("webhook subscriptions", Column("id"), Column("url"), Column("events"))
    class AsyncWebhooks(AsyncResource): ...

The command line (``cli/_app.py``) makes one ``list`` command for every resource of the
client that is declared so; the command calls the resource's ``list`` method with the
options' values and ``max_items``, and takes the model from what that method returns. This
module holds data only: it imports nothing of the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar

import attrs

from .models._enums import OpenIntEnum

__all__ = ["Column", "Listing", "Option", "listed", "listing_of"]

Record = Mapping[str, Any]
C = TypeVar("C", bound=type)


class Column:
    """A table column: its header and how to get its value from an unstructured record."""

    def __init__(self, header: str, get: str | Callable[[Record], object] | None = None) -> None:
        self.header = header
        if get is None:
            get = header
        if isinstance(get, str):
            key = get
            self.get: Callable[[Record], object] = lambda record: record.get(key)
        else:
            self.get = get


@attrs.frozen
class Option:
    """A filter of the list command: ``--<name>`` (or ``flag``) passes the list method's
    keyword ``name``; ``kind`` is free text, a positive id, or a code of an int enum given
    by its code or its name."""

    name: str
    help: str | None = None
    kind: Literal["text", "id"] | type[OpenIntEnum] = "text"
    flag: str | None = None
    required: bool = False

    @property
    def flags(self) -> str:
        return self.flag or "--" + self.name.replace("_", "-")


@attrs.frozen
class Listing:
    """A list command: what it lists (``help``), its table columns and its options."""

    help: str
    columns: tuple[Column, ...]
    options: tuple[Option, ...] = ()
    needs_workspace: bool = True


_LISTINGS: dict[type, Listing] = {}


def listed(
    help: str,
    *columns: Column,
    options: tuple[Option, ...] = (),
    needs_workspace: bool = True,
) -> Callable[[C], C]:
    """Declare the list command of the resource class it decorates."""

    def register(cls: C) -> C:
        _LISTINGS[cls] = Listing(help, columns, options, needs_workspace)
        return cls

    return register


def listing_of(cls: type) -> Listing | None:
    """The list command declared for the resource class ``cls``, if any."""
    return _LISTINGS.get(cls)
