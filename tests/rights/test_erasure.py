"""Erasure: refused while a duty runs (nothing written), otherwise no personal value is
left in any table, audit entries stay redacted and flagged, the ESF report is the same."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse

from inprocedere.accounts import step_up
from inprocedere.core.models import AuditEntry
from inprocedere.participants.models import Alias, ExternalIdentifier, Participant
from inprocedere.privacy import policy
from inprocedere.privacy.models import AccessLogEntry, Consent
from inprocedere.reporting.esf import build_report
from inprocedere.reporting.selectors import Scope
from inprocedere.rights import services, shredders
from inprocedere.rights.models import Erasure, RetentionRule

from .conftest import NEEDLES, make_subject

pytestmark = pytest.mark.django_db


def scan_database(needles):
    """Every value of every column of every table, as text: where does a needle occur?"""
    hits = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, bytes | memoryview):
                        text = bytes(value).decode("utf-8", "replace")
                    else:
                        text = str(value)
                    lowered = text.lower()
                    hits.extend(
                        (table, column, needle) for needle in needles if needle.lower() in lowered
                    )
    return hits


def _esf(carrier):
    scope = Scope(organisation=carrier)
    return build_report(
        date_from=dt.date(2010, 1, 1), date_to=dt.date(2011, 12, 31), scope=scope
    ).as_json()


def _erase(user_for, subject, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.erase(actor=user_for("dpo"), participant=subject, **kwargs)


def test_the_needles_are_there_before(subject):
    found = {needle for _table, _column, needle in scan_database(NEEDLES)}
    assert found == set(NEEDLES)


def test_erasure_leaves_no_personal_value_in_any_table(
    subject, user_for, django_capture_on_commit_callbacks
):
    scan = Consent.unrestricted.filter(participant=subject).exclude(scan="").get().scan.name
    assert default_storage.exists(scan)
    erasure = _erase(user_for, subject, django_capture_on_commit_callbacks)
    assert scan_database(NEEDLES) == []
    assert not default_storage.exists(scan)
    assert erasure.kind == Erasure.Kind.ERASED
    assert not Alias.objects.filter(participant=subject).exists()
    assert not ExternalIdentifier.objects.filter(participant=subject).exists()
    person = Participant.unrestricted.get(pk=subject.pk)
    assert person.family_name == shredders.PLACEHOLDER
    assert person.email == "" and person.search_text == ""
    assert person.birth_date.isoformat() in ("1988", "1988-07")  # coarsened, ESF age kept


def test_audit_entries_stay_redacted_and_flagged(
    subject, user_for, django_capture_on_commit_callbacks
):
    before = AuditEntry.objects.count()
    _erase(user_for, subject, django_capture_on_commit_callbacks)
    created = AuditEntry.objects.get(action="participants.participant.created")
    assert created.redacted
    assert created.object_label == "[redacted]"
    assert created.detail == {
        "family_name": "[redacted]",
        "changes": {"email": ["[redacted]", "[redacted]"]},
    }
    note = AuditEntry.objects.get(action="cases.note")
    assert note.redacted and note.detail == {"text": "[redacted]", "count": 3}
    # nothing deleted, the erasure itself added
    assert AuditEntry.objects.count() == before + 1
    done = AuditEntry.objects.get(action="rights.erased")
    assert done.detail["participant"] == subject.pk
    other_search = AccessLogEntry.objects.get(path__startswith="/participants/?")
    assert other_search.path == "/participants/?[redacted]"


def test_the_esf_report_is_the_same_after_erasure(
    carrier, subject, user_for, django_capture_on_commit_callbacks
):
    before = _esf(carrier)
    assert before["indicators"]["EECO01"]["total"] == 1
    assert before["indicators"]["EECR04"]["total"] == 1
    _erase(user_for, subject, django_capture_on_commit_callbacks)
    assert _esf(carrier) == before


def test_the_esf_report_is_the_same_after_pseudonymisation(
    carrier, subject, user_for, rule, django_capture_on_commit_callbacks
):
    rule.last_payment_on = dt.date(2030, 6, 30)  # the duty still runs
    rule.save()
    before = _esf(carrier)
    with django_capture_on_commit_callbacks(execute=True):
        services.pseudonymise(actor=user_for("dpo"), participant=subject)
    assert _esf(carrier) == before
    person = Participant.unrestricted.get(pk=subject.pk)
    assert person.family_name == policy.pseudonym(subject.pk)
    assert person.given_names == ""
    assert scan_database(("Quendelbrook", "Zoltarina", "JC-ERASE-7781", "Quendelweg")) == []
    # erasure proper still waits for the end of the duty
    with pytest.raises(ValidationError) as refused:
        services.erase(actor=user_for("dpo"), participant=person)
    assert "31.12.2035" in str(refused.value)


def _snapshot(subject):
    return (
        AuditEntry.objects.count(),
        AccessLogEntry.objects.count(),
        Erasure.objects.count(),
        Participant.unrestricted.filter(pk=subject.pk).values().get(),
        list(AuditEntry.objects.values_list("object_label", "redacted")),
    )


def test_erasure_under_a_running_duty_is_refused_with_its_end_and_writes_nothing(
    subject, user_for, rule
):
    rule.last_payment_on = dt.date(2025, 3, 1)
    rule.save()
    before = _snapshot(subject)
    with pytest.raises(ValidationError) as refused:
        services.erase(actor=user_for("dpo"), participant=subject, on=dt.date(2026, 1, 1))
    message = str(refused.value)
    assert "31.12.2030" in message and "01.01.2031" in message
    assert _snapshot(subject) == before


def test_erasure_with_an_open_case_is_refused(carrier, rule, user_for):
    person = make_subject(carrier, closed=False, family_name="Openfile")
    before = _snapshot(person)
    with pytest.raises(ValidationError):
        services.erase(actor=user_for("dpo"), participant=person)
    assert _snapshot(person) == before


def test_erasure_needs_a_known_category(subject, user_for):
    with pytest.raises(ValidationError):
        services.erase(actor=user_for("dpo"), participant=subject, categories=["nonsense"])
    with pytest.raises(ValidationError):
        services.erase(actor=user_for("dpo"), participant=subject, categories=[])


def test_only_the_dpo_erases(subject, user_for):
    from django.core.exceptions import PermissionDenied

    for persona in ("case_worker", "team_lead", "administrator", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.erase(actor=user_for(persona), participant=subject)


def test_one_category_at_a_time(subject, user_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.erase(actor=user_for("dpo"), participant=subject, categories=["counselling"])
    person = Participant.unrestricted.get(pk=subject.pk)
    assert person.family_name == "Quendelbrook"  # identity untouched
    from inprocedere.cases.models import Activity

    assert set(
        Activity.objects.filter(case__participant=subject).values_list("note", flat=True)
    ) == {""}
    # not yet erased as a whole: the rest may follow
    _erase(user_for, subject, django_capture_on_commit_callbacks)
    assert scan_database(NEEDLES) == []
    with pytest.raises(ValidationError):
        services.erase(actor=user_for("dpo"), participant=subject)


def _stepped_up(client):
    session = client.session
    step_up.mark(type("R", (), {"session": session}))
    session.save()
    return client


def test_the_page_previews_then_confirms_with_step_up(client_for, subject):
    client = client_for("dpo")
    url = reverse("rights:erase", kwargs={"pk": subject.pk})
    page = client.get(url, {"categories": ["identity", "contact"]})
    assert page.status_code == 200
    titles = [str(title) for title, *_rest in page.context["rows"]]
    assert any("lias" in t or "Alias" in t for t in titles)
    assert Participant.unrestricted.get(pk=subject.pk).family_name == "Quendelbrook"
    response = client.post(url, {"categories": ["identity"]})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:step_up"))
    assert not Erasure.objects.exists()
    _stepped_up(client)
    response = client.post(url, {"categories": list(shredders.ALL)})
    assert response.status_code == 302
    assert response["Location"] == reverse("rights:participant", kwargs={"pk": subject.pk})
    assert Erasure.objects.get().participant_id == subject.pk


def test_the_page_refuses_while_the_duty_runs(client_for, subject, rule):
    rule.last_payment_on = dt.date(2030, 1, 1)
    rule.save()
    client = _stepped_up(client_for("dpo"))
    url = reverse("rights:erase", kwargs={"pk": subject.pk})
    page = client.get(url)
    assert page.context["refusal"]
    response = client.post(url, {"categories": list(shredders.ALL)})
    assert response.status_code == 400
    assert not Erasure.objects.exists()
    assert Participant.unrestricted.get(pk=subject.pk).family_name == "Quendelbrook"


@pytest.mark.parametrize("data", [{}, {"categories": ["nonsense"]}])
def test_the_page_refuses_bad_input(client_for, subject, data):
    client = _stepped_up(client_for("dpo"))
    response = client.post(reverse("rights:erase", kwargs={"pk": subject.pk}), data)
    assert response.status_code == 400
    assert not Erasure.objects.exists()


def test_retention_rule_is_unique_per_period(carrier, rule):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionRule.objects.create(
            funding_period=carrier.test_period, years=1, starts_from="last_payment"
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database triggers: PostgreSQL")
def test_the_database_allows_only_the_redaction(subject):
    from django.db import DatabaseError, transaction

    entry = AuditEntry.objects.get(action="participants.participant.created")
    plain = AuditEntry._base_manager.filter(pk=entry.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        plain.update(object_label="[redacted]", redacted=True)  # not declared
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL inprocedere.redaction = 'on'")
        with pytest.raises(DatabaseError), transaction.atomic():
            plain.update(action="something.else", redacted=True)
        with pytest.raises(DatabaseError), transaction.atomic():
            plain.update(detail={"family_name": "Someone else"}, redacted=True)
        with pytest.raises(DatabaseError), transaction.atomic():
            plain.delete()
        plain.update(object_label="[redacted]", redacted=True)
    assert AuditEntry.objects.get(pk=entry.pk).redacted
    log = AccessLogEntry._base_manager.filter(path__contains="?tab=all")
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL inprocedere.redaction = 'on'")
        log.update(path="/elsewhere/")


def test_other_peoples_entries_sharing_a_name_part_stay(
    carrier, subject, user_for, django_capture_on_commit_callbacks
):
    """Only the full name and identifiers count in other people's audit entries: a
    namesake keeps their trail."""
    from inprocedere.core import audit

    namesake = Participant.unrestricted.create(
        family_name="Brightwater", given_names="Zoltarina", registered_by=carrier
    )
    audit.record("participants.participant.created", obj=namesake, detail={"note": "Zoltarina B."})
    _erase(user_for, subject, django_capture_on_commit_callbacks)
    entry = AuditEntry.objects.get(
        object_id=str(namesake.pk), object_type="participants.participant"
    )
    assert entry.object_label == "Zoltarina Brightwater"
    assert entry.detail == {"note": "Zoltarina B."}
    assert not entry.redacted
