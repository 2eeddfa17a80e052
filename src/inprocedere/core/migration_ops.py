"""Migration operations that work on both engines the project supports.

`AddIndexConcurrently` of django.contrib.postgres refuses every engine but PostgreSQL;
the project also runs on SQLite (decision 0004). `AddIndexOnline` builds the index with
`CREATE INDEX CONCURRENTLY` on PostgreSQL, so writes to the table go on while it is built
(minutes at a Land's size), and with a plain `CREATE INDEX` elsewhere. A migration using
it must say `atomic = False`: PostgreSQL builds a concurrent index outside a transaction.
If the build fails midway PostgreSQL leaves an INVALID index of that name behind; drop it
(`DROP INDEX CONCURRENTLY …`) and migrate again.
"""

from __future__ import annotations

from django.db import NotSupportedError
from django.db.migrations.operations import AddIndex, RemoveIndex


class AddIndexOnline(AddIndex):
    """AddIndex, built concurrently on PostgreSQL."""

    atomic = False

    def describe(self):
        fields = ", ".join(self.index.fields)
        return f"Create index {self.index.name} on {fields} of {self.model_name} (online)"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        if schema_editor.atomic_migration or connection.in_atomic_block:
            raise NotSupportedError(
                "AddIndexOnline builds the index concurrently on PostgreSQL; the migration "
                "must set atomic = False."
            )
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(connection.alias, model):
            schema_editor.add_index(model, self.index, concurrently=True)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(connection.alias, model):
            schema_editor.remove_index(model, self.index, concurrently=True)


__all__ = ["AddIndexOnline", "RemoveIndex"]
