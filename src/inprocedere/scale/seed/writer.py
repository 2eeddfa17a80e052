"""Bulk writing of generated rows: COPY on PostgreSQL, executemany on SQLite.

The generator builds rows as plain tuples of database values (text, numbers, ISO dates,
JSON text) for the columns it varies; `Table` appends the defaults of every other
column, taken from the model, so a row is complete without the ORM building model
instances (ten million activities would take longer to instantiate than to write).
Ids are handed out by `Table.ids`, reserved from the table's sequence on PostgreSQL
(`nextval`, so the sequence never falls behind) and after the largest id on SQLite
(the write transaction holds the database lock).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from django.db import connection, models

ID_BLOCK = 4096


def _default(field: models.Field, now: str):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if isinstance(field, models.JSONField):
        return json.dumps(field.get_default(), ensure_ascii=False)
    if field.has_default() or not field.null:
        value = field.get_default()
        if isinstance(value, bool) or value is None:
            return value
        return field.get_db_prep_save(value, connection)
    return None


class Table:
    """One table the generator fills: its varying columns, the defaults of the rest, the
    rows collected for the current chunk, and an id reservation."""

    def __init__(self, model: type[models.Model], columns: Sequence[str], *, now: str):
        self.model = model
        self.name = model._meta.db_table
        fields = {field.attname: field for field in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise LookupError(f"{self.name} has no columns {sorted(unknown)}")
        self.varying = tuple(columns)
        rest = [field for name, field in fields.items() if name not in self.varying]
        missing = [f.attname for f in rest if f.primary_key]
        if missing:
            raise LookupError(f"{self.name}: the generator must set {missing}")
        self.constant_columns = tuple(field.column for field in rest)
        self.constants = tuple(_default(field, now) for field in rest)
        self.columns = tuple(fields[name].column for name in self.varying) + self.constant_columns
        self.rows: list[tuple] = []
        self._free: list[int] = []
        self._taken = 0  # how many of `_free` were handed out

    def add(self, *values) -> None:
        self.rows.append(values)

    def ids(self, count: int) -> list[int]:
        if len(self._free) - self._taken < count:
            self._free = self._free[self._taken :] + reserve_ids(self.name, max(ID_BLOCK, count))
            self._taken = 0
        start = self._taken
        self._taken += count
        return self._free[start : self._taken]

    def id(self) -> int:
        if self._taken >= len(self._free):
            self._free, self._taken = reserve_ids(self.name, ID_BLOCK), 0
        self._taken += 1
        return self._free[self._taken - 1]

    def flush(self) -> int:
        rows, self.rows = self.rows, []
        if rows:
            write(self.name, self.columns, rows, self.constants)
        return len(rows)


def reserve_ids(table: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a model's table
        start = cursor.fetchone()[0] + 1
        # Later reservations in the same transaction must not hand these out again.
        _sqlite_reserved[table] = max(_sqlite_reserved.get(table, 0), start - 1) + count
        start = _sqlite_reserved[table] - count + 1
        return list(range(start, start + count))


# SQLite: the highest id handed out per table within the current process (rows reserved
# but not yet written would otherwise be handed out twice).
_sqlite_reserved: dict[str, int] = {}


def forget_reservations() -> None:
    """After a rollback: ids reserved on SQLite but never written may be reused."""
    _sqlite_reserved.clear()


def write(table: str, columns: Sequence[str], rows: Iterable[tuple], constants: tuple) -> None:
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    name = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor: COPY is not in the DB-API
            with raw.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + constants)
            return
        marks = ", ".join("?" * len(columns))
        cursor.executemany(
            f"INSERT INTO {name} ({quoted}) VALUES ({marks})",  # noqa: S608 - model columns
            [row + constants for row in rows],
        )


def set_fast_session() -> None:
    """Settings for this connection only: a crash loses at most the last chunk (which
    is rolled back as a whole anyway), never consistency."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
