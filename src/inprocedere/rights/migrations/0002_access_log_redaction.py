"""On PostgreSQL, the access log's append-only trigger (privacy migration 0004) lets one
change through: the redaction of an entry's query string after an erasure.

Like the audit log (core migration 0003): every DELETE and every other UPDATE is still
refused; in a transaction that declared itself a redaction
(`SET LOCAL inprocedere.redaction = 'on'`, rights/redaction.py) an UPDATE may only
replace what follows the "?" of `path` by "[redacted]", every other column unchanged.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION inprocedere_access_log_redaction_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('inprocedere.redaction', true), '') = 'on'
       AND NEW.id = OLD.id
       AND NEW.at = OLD.at
       AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id
       AND NEW.user_label = OLD.user_label
       AND NEW.organisation_id IS NOT DISTINCT FROM OLD.organisation_id
       AND NEW.participant_id = OLD.participant_id
       AND NEW.action = OLD.action
       AND NEW.channel = OLD.channel
       AND NEW.categories = OLD.categories
       AND NEW.purpose = OLD.purpose
       AND NEW.basis = OLD.basis
       AND NEW.path = split_part(OLD.path, '?', 1) || '?[redacted]'
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'table % is append-only (only a redaction may change it)', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS privacy_accesslogentry_append_only ON privacy_accesslogentry;
CREATE TRIGGER privacy_accesslogentry_append_only
    BEFORE UPDATE OR DELETE ON privacy_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION inprocedere_access_log_redaction_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS privacy_accesslogentry_append_only ON privacy_accesslogentry;
CREATE TRIGGER privacy_accesslogentry_append_only
    BEFORE UPDATE OR DELETE ON privacy_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION inprocedere_refuse_change();
DROP FUNCTION IF EXISTS inprocedere_access_log_redaction_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("rights", "0001_initial"),
        ("core", "0003_audit_redaction"),
        ("privacy", "0004_access_log_append_only"),
    ]
    operations = [migrations.RunPython(forward, backward)]
