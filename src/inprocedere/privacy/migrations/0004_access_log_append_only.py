"""On PostgreSQL, the database itself refuses to change or delete access-log entries
(the same trigger function as the audit log, core migration 0002)."""

from django.db import migrations

FORWARD = """
CREATE TRIGGER privacy_accesslogentry_append_only
    BEFORE UPDATE OR DELETE ON privacy_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION inprocedere_refuse_change();
"""

BACKWARD = "DROP TRIGGER IF EXISTS privacy_accesslogentry_append_only ON privacy_accesslogentry;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only"), ("privacy", "0003_access_log")]
    operations = [migrations.RunPython(forward, backward)]
