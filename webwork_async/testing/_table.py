"""The generic table of every resource: records by id in insertion order, optional indexes.
Seeding and handlers both write through ``table.new(...)``, typed by the record class.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, ItemsView, Iterable, Iterator, Mapping, ValuesView
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")
P = ParamSpec("P")
IndexKey = Any


def matching(rows: Iterable[R], **filters: object) -> list[R]:
    """The rows whose attributes equal every filter; ``None`` filters are ignored (an absent
    query parameter filters nothing)."""
    wanted = [(name, value) for name, value in filters.items() if value is not None]
    return [row for row in rows if all(getattr(row, name) == value for name, value in wanted)]


class Table(Mapping[K, R], Generic[K, P, R]):
    """Records by id; ``record``'s first field is the id, ``new_id`` hands out fresh ones."""

    def __init__(
        self,
        record: Callable[Concatenate[K, P], R],
        new_id: Callable[[], K],
        *,
        indexes: Mapping[str, Callable[[R], IndexKey]] | None = None,
    ) -> None:
        self._record = record
        self._new_id = new_id
        self._rows: dict[K, R] = {}
        self._keys: dict[str, Callable[[R], IndexKey]] = dict(indexes or {})
        # index name -> key -> {id -> record}; ids only grow, so each group is in id order
        self._groups: dict[str, dict[IndexKey, dict[K, R]]] = {name: {} for name in self._keys}

    def new(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Build a record with a fresh id, add it and return it."""
        row = self._record(self._new_id(), *args, **kwargs)
        self.put(row)
        return row

    def put(self, row: R) -> None:
        """Add (or re-add, after its indexed keys changed) a record."""
        row_id: K = getattr(row, "id")  # noqa: B009 - every record's first field
        self._rows[row_id] = row
        for name, key in self._keys.items():
            self._groups[name].setdefault(key(row), {})[row_id] = row

    def remove(self, row_id: K) -> R:
        """Take a record out of the table and its indexes; ``KeyError`` when unknown."""
        row = self._rows.pop(row_id)
        for name, key in self._keys.items():
            del self._groups[name][key(row)][row_id]
        return row

    def group(self, index: str, key: IndexKey) -> Mapping[K, R]:
        """The records whose ``index`` key is ``key``, by id (empty when there are none)."""
        return self._groups[index].get(key, {})

    def groups(self, index: str) -> Mapping[IndexKey, Mapping[K, R]]:
        """Every group of ``index`` by key (groups emptied by removals stay, empty)."""
        return self._groups[index]

    def where(self, **filters: object) -> list[R]:
        """The records matching every filter (see :func:`matching`), in table order."""
        return matching(self._rows.values(), **filters)

    def __getitem__(self, row_id: K) -> R:
        return self._rows[row_id]

    def __iter__(self) -> Iterator[K]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    # The Mapping defaults go through __getitem__ per row; handlers scan 10k+ tasks.

    def __contains__(self, row_id: object) -> bool:
        return row_id in self._rows

    def values(self) -> ValuesView[R]:
        return self._rows.values()

    def items(self) -> ItemsView[K, R]:
        return self._rows.items()
