"""The fake's generic table: what seeding and the route handlers both rely on."""

from __future__ import annotations

import itertools

import pytest
from attrs import define

from webwork_async.testing._table import Table, matching


@define
class _Row:
    id: int
    owner: int
    colour: str | None = None


def _table() -> Table[int, [int, str | None], _Row]:
    return Table(_Row, itertools.count(7).__next__, indexes={"owner": lambda r: r.owner})


def test_new_hands_out_fresh_ids_in_order_and_keeps_the_rows() -> None:
    table = _table()

    first = table.new(1, colour="red")
    second = table.new(2)

    assert (first.id, second.id) == (7, 8)
    assert table[7] is first
    assert list(table) == [7, 8]
    assert len(table) == 2
    assert 8 in table
    assert table.get(9) is None


def test_an_index_follows_adds_and_removes() -> None:
    table = _table()
    a, b, c = table.new(1), table.new(2), table.new(1)

    assert list(table.group("owner", 1).values()) == [a, c]
    assert table.remove(a.id) is a
    assert list(table.group("owner", 1).values()) == [c]
    assert list(table.group("owner", 3)) == []
    assert a.id not in table
    assert list(table.values()) == [b, c]


def test_put_reindexes_a_row_whose_key_changed() -> None:
    table = _table()
    row = table.new(1)

    table.remove(row.id)
    row.owner = 2
    table.put(row)

    assert list(table.group("owner", 1)) == []
    assert list(table.group("owner", 2)) == [row.id]


def test_remove_of_an_unknown_id_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        _table().remove(1)


def test_where_ignores_absent_filters_and_matches_the_rest() -> None:
    table = _table()
    red = table.new(1, colour="red")
    table.new(2, colour="blue")
    red_too = table.new(2, colour="red")

    assert table.where(colour="red") == [red, red_too]
    assert table.where(colour="red", owner=2) == [red_too]
    assert table.where(colour=None, owner=None) == list(table.values())
    assert matching([red, red_too], owner=1) == [red]
