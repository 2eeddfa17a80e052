"""Recording and withdrawing consents: the rules, and that a refused input writes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from inprocedere.core.models import AuditEntry
from inprocedere.privacy import services
from inprocedere.privacy.models import Consent

from .conftest import JPEG, PDF, PNG

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def record(person, consent_data, user_for):
    def run(actor="authority_officer", **overrides):
        return services.consent_record(
            actor=user_for(actor), participant=person, **consent_data(**overrides)
        )

    return run


def _nothing_written(media_root):
    assert not Consent.unrestricted.exists()
    assert not AuditEntry.objects.filter(action__startswith="privacy.consent").exists()
    assert not list(media_root.rglob("*.*")) if media_root.exists() else True


def _refused(run, field, fragment, media_root, **overrides):
    with pytest.raises(ValidationError) as raised:
        run(**overrides)
    messages = raised.value.message_dict[field]
    assert any(fragment in message for message in messages), messages
    _nothing_written(media_root)


def test_record_writes_the_consent_and_its_audit_entry(record, person, authority, carrier):
    consent = record()
    assert consent.participant == person
    assert set(consent.recipients.all()) == {authority, carrier}
    assert consent.categories == ["identity", "residence"]
    assert consent.purposes == ["referral", "case_conference"]
    assert consent.recording_organisation == authority  # the officer's organisation
    assert consent.is_valid_on()
    entry = AuditEntry.objects.get(action="privacy.consent.recorded")
    assert entry.object_id == str(consent.pk)
    assert entry.detail["categories"] == ["identity", "residence"]


def test_no_recipients_is_refused(record, media_root):
    _refused(record, "recipients", "at least one recipient", media_root, recipients=[])


def test_no_categories_is_refused(record, media_root):
    _refused(record, "categories", "at least one data category", media_root, categories=[])


def test_no_purpose_is_refused(record, media_root):
    _refused(record, "purposes", "at least one purpose", media_root, purposes=[])


def test_unknown_category_and_purpose_are_refused(record, media_root):
    with pytest.raises(ValidationError) as raised:
        record(categories=["identity", "shoe_size"], purposes=["gossip"])
    assert "shoe_size" in raised.value.message_dict["categories"][0]
    assert "gossip" in raised.value.message_dict["purposes"][0]
    _nothing_written(media_root)


def test_esf_monitoring_alone_needs_no_recipients_or_categories(record):
    consent = record(recipients=[], categories=[], purposes=["esf_monitoring"])
    assert consent.purposes == ["esf_monitoring"]
    assert not consent.recipients.exists()


def test_esf_monitoring_with_another_purpose_needs_recipients(record, media_root):
    _refused(
        record,
        "recipients",
        "at least one recipient",
        media_root,
        recipients=[],
        purposes=["esf_monitoring", "referral"],
    )


def test_valid_until_before_signed_on_is_refused(record, media_root):
    _refused(
        record,
        "valid_until",
        "before the day it was signed",
        media_root,
        signed_on=TODAY - dt.timedelta(days=3),
        valid_until=TODAY - dt.timedelta(days=4),
    )


def test_signed_on_in_the_future_is_refused(record, media_root):
    _refused(
        record,
        "signed_on",
        "future",
        media_root,
        signed_on=TODAY + dt.timedelta(days=1),
        valid_until=None,
    )


def test_special_category_orally_is_refused(record, media_root):
    _refused(
        record,
        "form",
        "in writing or electronically",
        media_root,
        categories=["identity", "special"],
        form="oral",
    )


@pytest.mark.parametrize("form", ["written", "electronic"])
def test_special_category_in_writing_or_electronically(record, form):
    assert record(categories=["special"], form=form).categories == ["special"]


def test_oral_consent_without_special_category(record):
    assert record(form="oral").form == "oral"


@pytest.mark.parametrize(
    "name,content,stored",
    [
        ("scan.pdf", PDF, ".pdf"),
        ("Scan.JPG", JPEG, ".jpg"),
        ("x.jpeg", JPEG, ".jpg"),
        ("a.png", PNG, ".png"),
    ],
)
def test_scan_of_each_type_is_stored_without_the_name(record, upload, name, content, stored):
    consent = record(scan=upload(name, content))
    assert consent.scan.name.endswith(f"consent-{consent.pk}{stored}")
    with consent.scan.open("rb") as handle:
        assert handle.read() == content


@pytest.mark.parametrize(
    "name,content",
    [
        ("scan.pdf", PNG),  # a PNG renamed to .pdf
        ("scan.png", PDF),
        ("scan.jpg", b"MZ\x90\x00 an executable"),
        ("scan.pdf", b"<html><script>alert(1)</script>"),
    ],
)
def test_scan_that_is_not_what_its_extension_says_is_refused(
    record, upload, media_root, name, content
):
    _refused(record, "scan", "not what its name says", media_root, scan=upload(name, content))


@pytest.mark.parametrize("name", ["scan.exe", "scan.pdf.html", "scan", "scan.gif"])
def test_scan_of_another_type_is_refused(record, upload, media_root, name):
    _refused(record, "scan", "PDF, JPEG or PNG", media_root, scan=upload(name, PDF))


def test_scan_too_large_is_refused(record, upload, media_root, settings):
    settings.INPROCEDERE_UPLOAD_MAX_BYTES = 1024
    content = PDF + b"0" * 1024
    _refused(record, "scan", "too large", media_root, scan=upload("scan.pdf", content))


def test_scan_at_the_limit_is_accepted(record, upload, settings):
    settings.INPROCEDERE_UPLOAD_MAX_BYTES = 1024
    content = PDF + b"0" * (1024 - len(PDF))
    assert record(scan=upload("scan.pdf", content)).scan


def test_bad_scan_and_bad_fields_are_reported_together(record, upload, media_root):
    with pytest.raises(ValidationError) as raised:
        record(recipients=[], scan=upload("scan.png", PDF))
    assert {"recipients", "scan"} <= set(raised.value.message_dict)
    _nothing_written(media_root)


def test_out_of_reach_cannot_record(record, media_root):
    # The job centre does not work with this person; the coordinator has no case role.
    for persona in ("jobcentre_officer", "coordinator", "outsider"):
        with pytest.raises(PermissionDenied):
            record(actor=persona)
    _nothing_written(media_root)


# --- withdrawal ---------------------------------------------------------------------------


def test_withdraw_ends_the_consent_from_that_day(record, user_for):
    consent = record()
    officer = user_for("authority_officer")
    services.consent_withdraw(actor=officer, consent=consent, withdrawn_on=TODAY)
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert consent.withdrawn_recorded_by == officer
    assert not consent.is_valid_on(TODAY)
    assert consent.is_valid_on(TODAY - dt.timedelta(days=1))
    assert not Consent.unrestricted.valid_on(TODAY).exists()
    assert AuditEntry.objects.filter(action="privacy.consent.withdrawn").count() == 1


def test_withdrawal_recorded_twice_is_refused(record, user_for):
    consent = record()
    officer = user_for("authority_officer")
    services.consent_withdraw(actor=officer, consent=consent, withdrawn_on=TODAY)
    with pytest.raises(ValidationError) as raised:
        services.consent_withdraw(
            actor=officer, consent=Consent.unrestricted.get(pk=consent.pk), withdrawn_on=TODAY
        )
    assert "already withdrawn" in raised.value.message_dict["withdrawn_on"][0]
    # Even with a stale object in hand: the row is read (and locked) again.
    with pytest.raises(ValidationError):
        stale = Consent.unrestricted.get(pk=consent.pk)
        stale.withdrawn_on = None
        services.consent_withdraw(actor=officer, consent=stale, withdrawn_on=TODAY)
    assert AuditEntry.objects.filter(action="privacy.consent.withdrawn").count() == 1
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY


@pytest.mark.parametrize("days,fragment", [(1, "future"), (-30, "before the consent was signed")])
def test_withdrawal_dates_are_checked(record, user_for, days, fragment):
    consent = record(signed_on=TODAY - dt.timedelta(days=2))
    with pytest.raises(ValidationError) as raised:
        services.consent_withdraw(
            actor=user_for("authority_officer"),
            consent=consent,
            withdrawn_on=TODAY + dt.timedelta(days=days),
        )
    assert fragment in raised.value.message_dict["withdrawn_on"][0]
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert not AuditEntry.objects.filter(action="privacy.consent.withdrawn").exists()


def test_out_of_reach_cannot_withdraw(record, user_for):
    consent = record()
    with pytest.raises(PermissionDenied):
        services.consent_withdraw(
            actor=user_for("jobcentre_officer"), consent=consent, withdrawn_on=TODAY
        )
