"""AddIndexOnline: CREATE INDEX CONCURRENTLY on PostgreSQL, a plain index elsewhere."""

import importlib

import pytest
from django.db import NotSupportedError, connection, models
from django.db.migrations.state import ModelState, ProjectState

from inprocedere.core.migration_ops import AddIndexOnline

MIGRATION = importlib.import_module("inprocedere.cases.migrations.0004_activity_case_minutes")


def test_the_covering_index_is_there(db):
    """The migration ran (on either engine): cases_activity has the index on both columns."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "cases_activity")
    assert found["activity_case_minutes"]["columns"] == ["case_id", "duration_minutes"]
    assert found["activity_case_minutes"]["index"]


def test_the_migration_is_not_atomic():
    # PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction.
    assert MIGRATION.Migration.atomic is False
    assert all(isinstance(op, AddIndexOnline) for op in MIGRATION.Migration.operations)


def _states():
    before = ProjectState()
    before.add_model(
        ModelState(
            "migration_ops_test",
            "Thing",
            [("id", models.AutoField(primary_key=True)), ("size", models.IntegerField())],
        )
    )
    operation = AddIndexOnline("thing", models.Index(fields=["size"], name="thing_size_online"))
    after = before.clone()
    operation.state_forwards("migration_ops_test", after)
    return operation, before, after


@pytest.mark.django_db(transaction=True)
def test_forwards_and_backwards_outside_a_transaction():
    operation, before, after = _states()
    model = before.apps.get_model("migration_ops_test", "Thing")
    with connection.schema_editor(atomic=False) as editor:
        editor.create_model(model)
    try:
        with connection.schema_editor(atomic=False) as editor:
            operation.database_forwards("migration_ops_test", editor, before, after)
        with connection.cursor() as cursor:
            assert "thing_size_online" in connection.introspection.get_constraints(
                cursor, model._meta.db_table
            )
        with connection.schema_editor(atomic=False) as editor:
            operation.database_backwards("migration_ops_test", editor, after, before)
        with connection.cursor() as cursor:
            assert "thing_size_online" not in connection.introspection.get_constraints(
                cursor, model._meta.db_table
            )
    finally:
        with connection.schema_editor(atomic=False) as editor:
            editor.delete_model(model)


@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_it_inside_a_transaction():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite builds the index in the migration's transaction")
    operation, before, after = _states()
    with pytest.raises(NotSupportedError), connection.schema_editor(atomic=True) as editor:
        operation.database_forwards("migration_ops_test", editor, before, after)
