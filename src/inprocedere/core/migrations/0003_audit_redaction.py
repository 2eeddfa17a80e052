"""The one sanctioned change of an audit entry: redaction after an erasure.

Art. 17 GDPR and §84 SGB X require a person's data to be erased once no retention duty
runs; the audit trail must stay (who did what, when) but may no longer name them. So
on PostgreSQL the append-only trigger of migration 0002 is replaced by one that still
refuses every DELETE and every UPDATE, except an UPDATE that

- happens in a transaction that declared itself a redaction
  (`SET LOCAL inprocedere.redaction = 'on'`, done only by rights/redaction.py),
- sets `redacted` to true,
- leaves every column as it was except `object_label` (unchanged or "[redacted]") and
  `detail`, whose JSON must keep its shape: every value unchanged or replaced by the
  string "[redacted]" (checked recursively by `inprocedere_json_is_redaction`).

So nothing can be rewritten, only blanked, and a blanked entry is flagged as such.
SQLite has no triggers here; the code path is the same (docs/data-subject-rights.md).
"""

from django.db import migrations, models

FORWARD = r"""
CREATE OR REPLACE FUNCTION inprocedere_json_is_redaction(new jsonb, old jsonb)
RETURNS boolean AS $$
DECLARE
    k text;
    i integer;
BEGIN
    IF new IS NOT DISTINCT FROM old THEN
        RETURN true;
    END IF;
    IF new = '"[redacted]"'::jsonb THEN
        RETURN true;
    END IF;
    IF jsonb_typeof(new) = 'object' AND jsonb_typeof(old) = 'object' THEN
        IF (SELECT coalesce(array_agg(x ORDER BY x), '{}') FROM jsonb_object_keys(new) x)
           IS DISTINCT FROM
           (SELECT coalesce(array_agg(x ORDER BY x), '{}') FROM jsonb_object_keys(old) x) THEN
            RETURN false;
        END IF;
        FOR k IN SELECT jsonb_object_keys(old) LOOP
            IF NOT inprocedere_json_is_redaction(new -> k, old -> k) THEN
                RETURN false;
            END IF;
        END LOOP;
        RETURN true;
    END IF;
    IF jsonb_typeof(new) = 'array' AND jsonb_typeof(old) = 'array' THEN
        IF jsonb_array_length(new) <> jsonb_array_length(old) THEN
            RETURN false;
        END IF;
        FOR i IN 0 .. jsonb_array_length(old) - 1 LOOP
            IF NOT inprocedere_json_is_redaction(new -> i, old -> i) THEN
                RETURN false;
            END IF;
        END LOOP;
        RETURN true;
    END IF;
    RETURN false;
END;
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE OR REPLACE FUNCTION inprocedere_audit_redaction_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('inprocedere.redaction', true), '') = 'on'
       AND NEW.redacted
       AND NEW.id = OLD.id
       AND NEW.created_at = OLD.created_at
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.actor_label = OLD.actor_label
       AND NEW.api_token_id IS NOT DISTINCT FROM OLD.api_token_id
       AND NEW.action = OLD.action
       AND NEW.object_type = OLD.object_type
       AND NEW.object_id = OLD.object_id
       AND NEW.organisation_id IS NOT DISTINCT FROM OLD.organisation_id
       AND NEW.ip_address IS NOT DISTINCT FROM OLD.ip_address
       AND (NEW.object_label = OLD.object_label OR NEW.object_label = '[redacted]')
       AND inprocedere_json_is_redaction(NEW.detail, OLD.detail)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'table % is append-only (only a redaction may change it)', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION inprocedere_audit_redaction_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION inprocedere_refuse_change();
DROP FUNCTION IF EXISTS inprocedere_audit_redaction_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]
    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="redacted",
            field=models.BooleanField(default=False, verbose_name="redacted"),
        ),
        migrations.RunPython(forward, backward),
    ]
