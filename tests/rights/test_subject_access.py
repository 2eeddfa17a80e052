"""Subject access: every record of the person in the ZIP, a readable PDF in their
language, the export logged; behind the step-up on the page."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from inprocedere.accounts import step_up
from inprocedere.core.models import AuditEntry
from inprocedere.privacy.models import AccessLogEntry
from inprocedere.rights import records, services

pytestmark = pytest.mark.django_db


def _zip(content):
    return zipfile.ZipFile(io.BytesIO(content))


def _pdf_text(archive):
    reader = PdfReader(io.BytesIO(archive.read("subject-access.pdf")))
    return " ".join(page.extract_text() for page in reader.pages)


def test_every_record_is_found_by_following_the_keys(subject):
    found = {model._meta.label_lower: ids for model, ids in records.collect(subject.pk).items()}
    for label in (
        "participants.participant",
        "participants.alias",
        "participants.externalidentifier",
        "participants.residencestatus",
        "participants.benefitperiod",
        "participants.workpermitapplication",
        "cases.case",
        "cases.activity",
        "cases.needsassessment",
        "cases.goal",
        "cases.enrollment",
        "cases.placement",
        "cases.exit",
        "cases.followup",
        "cases.referral",
        "cases.referraltransition",
        "privacy.consent",
    ):
        assert found.get(label), label
    assert len(found["privacy.consent"]) == 2
    assert "privacy.accesslogentry" not in found


def test_the_zip_holds_every_record_the_logs_and_the_scan(subject, user_for):
    content = services.subject_access_export(actor=user_for("dpo"), participant=subject)
    archive = _zip(content)
    names = set(archive.namelist())
    assert {"README.txt", "subject-access.pdf", "index.json", "access-log.json"} <= names
    found = records.collect(subject.pk)
    for model, ids in found.items():
        rows = json.loads(archive.read(f"records/{model._meta.label_lower}.json"))
        assert sorted(row["pk"] for row in rows) == ids, model
    person = json.loads(archive.read("records/participants.participant.json"))[0]["fields"]
    assert person["family_name"] == "Quendelbrook"
    assert person["birth_date"] == "1988-07-23"
    assert "search_text" not in person
    log = json.loads(archive.read("access-log.json"))
    assert any(row["address"].endswith("?tab=all") for row in log)
    audit_rows = json.loads(archive.read("audit-log.json"))
    assert any(row["action"] == "participants.participant.created" for row in audit_rows)
    scans = [name for name in names if name.startswith("files/consent-")]
    assert len(scans) == 1
    assert archive.read(scans[0]).startswith(b"%PDF-1.4 Quendelbrook")
    index = json.loads(archive.read("index.json"))
    assert index["records"]["cases.case"] == 1


def test_the_pdf_is_readable_in_the_persons_language(subject, user_for):
    # The person speaks Arabic and English; the site has English, not Arabic.
    archive = _zip(services.subject_access_export(actor=user_for("dpo"), participant=subject))
    text = _pdf_text(archive)
    assert "Information about your data" in text
    assert "Quendelbrook" in text
    assert "Kreuzbrenner" in text
    assert "Who accessed your data" in text
    german = _zip(
        services.subject_access_export(actor=user_for("dpo"), participant=subject, language="de")
    )
    assert json.loads(german.read("index.json"))["language"] == "de"
    assert "Quendelbrook" in _pdf_text(german)


def test_the_export_is_logged(subject, user_for):
    dpo = user_for("dpo")
    services.subject_access_export(actor=dpo, participant=subject)
    entry = AccessLogEntry.objects.for_participant(subject.pk).get(user=dpo)
    assert entry.purpose == "subject_access"
    assert entry.channel == "export"
    assert len(entry.categories) == 7
    audit = AuditEntry.objects.get(action="rights.subject_access.exported")
    assert audit.detail["participant"] == subject.pk


def test_the_page_asks_for_the_step_up_before_exporting(client_for, subject):
    client = client_for("dpo")
    url = reverse("rights:subject_access", kwargs={"pk": subject.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"language": "en"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:step_up"))
    assert not AuditEntry.objects.filter(action="rights.subject_access.exported").exists()
    session = client.session
    step_up.mark(type("R", (), {"session": session}))
    session.save()
    response = client.post(url, {"language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    assert "Quendelbrook" in _pdf_text(_zip(response.content))


def test_a_bad_language_is_refused(client_for, subject):
    client = client_for("dpo")
    session = client.session
    step_up.mark(type("R", (), {"session": session}))
    session.save()
    url = reverse("rights:subject_access", kwargs={"pk": subject.pk})
    assert client.post(url, {"language": "xx"}).status_code == 400
    assert not AuditEntry.objects.filter(action="rights.subject_access.exported").exists()


@pytest.mark.parametrize("persona", ["case_worker", "team_lead", "coordinator", "administrator"])
def test_only_the_dpo_exports(client_for, subject, persona):
    url = reverse("rights:subject_access", kwargs={"pk": subject.pk})
    assert client_for(persona).post(url, {"language": "de"}).status_code == 403
