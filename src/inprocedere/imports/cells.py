"""A cell of either format as text, so one set of parsers serves CSV and XLSX."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal


def cell_text(value) -> str:
    """A cell of either format as text: dates ISO, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()


def non_empty(rows) -> Iterator[tuple[int, list[str]]]:
    for number, cells in rows:
        if any(cells):
            yield number, cells
