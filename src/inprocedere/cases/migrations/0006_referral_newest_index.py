"""The referral list's order as an index (decision 0019). On PostgreSQL it is built
CONCURRENTLY, so referrals can still be written while it builds (a few seconds at 100,000
referrals); hence a migration outside a transaction."""

from django.db import migrations, models


class AddIndexQuietly(migrations.AddIndex):
    """AddIndex, without locking writes on PostgreSQL (CREATE INDEX CONCURRENTLY)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(model, self.index, concurrently=True)
        else:
            schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(model, self.index, concurrently=True)
        else:
            schema_editor.remove_index(model, self.index)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0005_goal_version"),
    ]

    operations = [
        AddIndexQuietly(
            model_name="referral",
            index=models.Index(fields=["created_at", "id"], name="cases_referral_newest"),
        ),
    ]
