import pytest
from django.db import DatabaseError, connection, transaction

from inprocedere.core import audit
from inprocedere.core.models import AppendOnlyError, AuditEntry
from inprocedere.network.models import Organisation

pytestmark = pytest.mark.django_db


def test_record_names_actor_object_and_organisation(user_for):
    organisation = Organisation.objects.get(slug="profes")
    entry = audit.record(
        "network.organisation.updated", actor=user_for("coordinator"), obj=organisation
    )
    entry.refresh_from_db()
    assert entry.actor_label == "coordinator"
    assert entry.object_type == "network.organisation"
    assert entry.object_id == str(organisation.pk)
    assert entry.organisation == organisation


def test_secrets_are_masked_at_any_depth():
    entry = audit.record(
        "test.masking",
        detail={
            "password": "x",
            "nested": {"api_token": "y", "name": "z"},
            "list": [{"secret": 1}],
        },
    )
    assert entry.detail == {
        "password": "***",
        "nested": {"api_token": "***", "name": "z"},
        "list": [{"secret": "***"}],
    }


def test_entries_cannot_be_changed_or_deleted_through_the_orm():
    entry = audit.record("test.append_only")
    entry.action = "test.changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.append_only"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger on PostgreSQL")
def test_postgresql_refuses_update_and_delete_in_the_database():
    entry = audit.record("test.append_only")
    for sql in (
        "UPDATE core_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.append_only"


def test_an_entry_is_rolled_back_with_its_change():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record("test.rolled_back")
        raise RuntimeError
    assert not AuditEntry.objects.filter(action="test.rolled_back").exists()


def test_a_personal_change_without_an_access_log_writer_is_refused(monkeypatch, user_for):
    # core imports no app: the privacy app registers the access log's writer. Should it
    # ever be missing, changes to people's data fail rather than go unlogged.
    from django.core.exceptions import ImproperlyConfigured

    from inprocedere.participants.models import Participant

    person = Participant.unrestricted.create(
        family_name="Ohne", given_names="Log", registered_by=Organisation.objects.first()
    )
    assert "privacy.access_log" in audit._WRITE_LOGGERS
    monkeypatch.setattr(audit, "_WRITE_LOGGERS", {})
    with pytest.raises(ImproperlyConfigured):
        audit.record("participant.changed", actor=user_for("case_worker"), obj=person)
