"""A list of ids in one column, indexed where the engine can: `bigint[]` with a GIN index
on PostgreSQL, a JSON array on SQLite.

The access log writes one row per page with every person the page showed (decision
0018): a list page of 50 people is one row, not 50. The question the data-protection
officer asks, "every access to this person", is `participant_ids__has=pk`:
`participant_ids @> ARRAY[pk]` on PostgreSQL (answered by the GIN index), a `json_each`
probe on SQLite (a scan, fine for the embedded engine's size).

A JSONField to Django everywhere else (forms, backups, `value_from_object`): only the
column type, the values sent and read, and the one lookup differ on PostgreSQL.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Lookup


class IdListField(models.JSONField):
    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "bigint[]"
        return super().db_type(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        if connection.vendor == "postgresql":
            return None if value is None else [int(pk) for pk in value]
        return super().get_db_prep_value(value, connection, prepared)

    def from_db_value(self, value, expression, connection):
        if isinstance(value, list):
            return value
        return super().from_db_value(value, expression, connection)

    def get_db_prep_save(self, value, connection):
        return self.get_db_prep_value(value, connection)

    def get_placeholder(self, value, compiler, connection):
        # Its presence keeps PostgreSQL's bulk insert from UNNEST-ing the rows, which
        # cannot carry arrays of different lengths.
        return "%s"


@IdListField.register_lookup
class HasId(Lookup):
    """`participant_ids__has=42`: the list contains 42."""

    lookup_name = "has"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [int(value)])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} @> ARRAY[{rhs}]::bigint[]", [*lhs_params, *rhs_params]
        return (
            f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = {rhs})",  # noqa: S608
            [*lhs_params, *rhs_params],
        )
