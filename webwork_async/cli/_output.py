"""Rendering lists of records as an aligned table, a JSON array, or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from typing import Any, TextIO, cast

from .._listing import Column

__all__ = ["FORMATS", "Column", "cell", "render"]

FORMATS = ("table", "json", "csv")

Record = Mapping[str, Any]


def cell(value: object) -> str:
    """A value as CSV or table text: None is empty, lists are joined, mappings are JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (list, tuple)):
        items = cast("Sequence[object]", value)
        if all(not isinstance(v, (Mapping, list, tuple)) for v in items):
            return ",".join(cell(v) for v in items)
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())  # no newlines or tabs inside a table cell
    return text if len(text) <= width else text[: width - 1] + "…"


def _numeric(values: Sequence[object]) -> bool:
    present = [v for v in values if v is not None and v != ""]
    return bool(present) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in present
    )


def render(
    records: Sequence[Record],
    *,
    fmt: str,
    fields: Sequence[str],
    columns: Sequence[Column],
    out: TextIO,
    max_width: int = 48,
) -> None:
    """Write ``records`` to ``out``: ``table`` shows ``columns``; ``json`` and ``csv`` every
    field (``fields`` gives the CSV header, so an empty list still has one)."""
    if fmt == "json":
        json.dump(list(records), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(fields)
        for record in records:
            writer.writerow([cell(record.get(name)) for name in fields])
        return
    raw = [[column.get(record) for record in records] for column in columns]
    texts = [[_clip(cell(v), max_width) for v in values] for values in raw]
    widths = [
        max([len(column.header), *(len(t) for t in col)])
        for column, col in zip(columns, texts, strict=True)
    ]
    right = [_numeric(values) for values in raw]

    def line(cells: Sequence[str]) -> str:
        parts = [
            text.rjust(width) if align else text.ljust(width)
            for text, width, align in zip(cells, widths, right, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out.write(line([column.header.upper() for column in columns]) + "\n")
    for i in range(len(records)):
        out.write(line([col[i] for col in texts]) + "\n")
