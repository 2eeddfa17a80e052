"""The consent pages: record (with scan), show, withdraw, download the scan, the
participant page's list; errors shown on the form and nothing written."""

import datetime as dt

import pytest
from django.urls import reverse

from inprocedere.core.models import AuditEntry
from inprocedere.privacy import services
from inprocedere.privacy.models import Consent

from .conftest import JPEG, PDF, PNG

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def officer(client_for):
    client = client_for("authority_officer")
    client.cookies["django_language"] = "en"
    return client


def _post_data(authority, carrier, **overrides):
    data = {
        "recipients": [authority.pk, carrier.pk],
        "categories": ["identity", "residence"],
        "purposes": ["referral"],
        "form": "written",
        "form_version": "2026-1",
        "language": "fa",
        "signed_on": (TODAY - dt.timedelta(days=1)).isoformat(),
        "valid_until": (TODAY + dt.timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def _create_url(person):
    return reverse("privacy:consent_create", kwargs={"pk": person.pk})


def test_record_with_scan_then_download_it(officer, person, authority, carrier, upload):
    data = _post_data(authority, carrier, scan=upload("Unterschrift Haddad.png", PNG))
    response = officer.post(_create_url(person), data)
    consent = Consent.unrestricted.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:consent_detail", kwargs={"pk": consent.pk})
    assert consent.language == "fa"
    assert "Haddad" not in consent.scan.name  # no personal data in the file name

    page = officer.get(response["Location"])
    assert page.status_code == 200
    assert b"Record a withdrawal" in page.content

    download = officer.get(reverse("privacy:consent_scan", kwargs={"pk": consent.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment")
    assert f"consent-{consent.pk}.png" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == PNG  # read to the end: the file closes
    assert AuditEntry.objects.filter(action="privacy.consent.scan_downloaded").count() == 1


def test_scan_is_not_served_from_media_url(officer, person, authority, carrier, upload, settings):
    officer.post(_create_url(person), _post_data(authority, carrier, scan=upload()))
    consent = Consent.unrestricted.get()
    assert officer.get(f"/media/{consent.scan.name}").status_code == 404
    assert officer.get(f"{settings.MEDIA_URL}{consent.scan.name}").status_code == 404


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"recipients": []}, "at least one recipient"),
        ({"categories": []}, "at least one data category"),
        ({"valid_until": (TODAY - dt.timedelta(days=9)).isoformat()}, "before the day it was"),
        ({"categories": ["special"], "form": "oral"}, "in writing or electronically"),
    ],
)
def test_bad_input_shows_the_error_and_writes_nothing(
    officer, person, authority, carrier, overrides, message
):
    response = officer.post(_create_url(person), _post_data(authority, carrier, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consent.unrestricted.exists()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("scan.pdf", JPEG, "not what its name says"),
        ("scan.png", b"GIF89a", "not what its name says"),
        ("scan.docx", PDF, "PDF, JPEG or PNG"),
    ],
)
def test_bad_upload_is_refused(
    officer, person, authority, carrier, upload, media_root, name, content, message
):
    data = _post_data(authority, carrier, scan=upload(name, content))
    response = officer.post(_create_url(person), data)
    assert message in response.content.decode()
    assert not Consent.unrestricted.exists()
    assert not media_root.exists() or not list(media_root.rglob("*.*"))


def test_upload_too_large_is_refused(officer, person, authority, carrier, upload, settings):
    settings.INPROCEDERE_UPLOAD_MAX_BYTES = 2048
    data = _post_data(authority, carrier, scan=upload("scan.pdf", PDF + b"x" * 4096))
    response = officer.post(_create_url(person), data)
    assert "too large" in response.content.decode()
    assert not Consent.unrestricted.exists()


def _consent(person, consent_data, user_for):
    return services.consent_record(
        actor=user_for("authority_officer"), participant=person, **consent_data()
    )


def test_withdraw_once_then_refused(officer, person, consent_data, user_for):
    consent = _consent(person, consent_data, user_for)
    url = reverse("privacy:consent_withdraw", kwargs={"pk": consent.pk})
    response = officer.post(url, {"withdrawn_on": TODAY.isoformat()})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY

    again = officer.post(url, {"withdrawn_on": TODAY.isoformat()})
    assert again.status_code == 400
    assert "already withdrawn" in again.content.decode()
    assert AuditEntry.objects.filter(action="privacy.consent.withdrawn").count() == 1


def test_withdraw_with_a_future_date_is_shown_on_the_page(officer, person, consent_data, user_for):
    consent = _consent(person, consent_data, user_for)
    url = reverse("privacy:consent_withdraw", kwargs={"pk": consent.pk})
    response = officer.post(url, {"withdrawn_on": (TODAY + dt.timedelta(days=3)).isoformat()})
    assert response.status_code == 400
    assert "lies in the future" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_withdraw_get_is_405(officer, person, consent_data, user_for):
    consent = _consent(person, consent_data, user_for)
    assert (
        officer.get(reverse("privacy:consent_withdraw", kwargs={"pk": consent.pk})).status_code
        == 405
    )


@pytest.mark.parametrize("persona", ["jobcentre_officer", "coordinator", "dpo", "outsider"])
def test_out_of_reach_is_404_everywhere(client_for, persona, person, consent_data, user_for):
    consent = _consent(person, consent_data, user_for)
    client = client_for(persona)
    for name, pk in (
        ("privacy:consent_detail", consent.pk),
        ("privacy:consent_scan", consent.pk),
        ("privacy:consent_create", person.pk),
        ("privacy:consent_form", person.pk),
        ("privacy:consent_form_pdf", person.pk),
    ):
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404, name
    url = reverse("privacy:consent_withdraw", kwargs={"pk": consent.pk})
    assert client.post(url, {"withdrawn_on": TODAY.isoformat()}).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_detail_without_scan_has_no_download(officer, person, consent_data, user_for):
    consent = _consent(person, consent_data, user_for)
    assert (
        officer.get(reverse("privacy:consent_scan", kwargs={"pk": consent.pk})).status_code == 404
    )


def test_participant_page_lists_the_consents(officer, person, consent_data, user_for):
    valid = _consent(person, consent_data, user_for)
    withdrawn = _consent(person, consent_data, user_for)
    services.consent_withdraw(
        actor=user_for("authority_officer"), consent=withdrawn, withdrawn_on=TODAY
    )
    page = officer.get(reverse("participants:participant_detail", kwargs={"pk": person.pk}))
    html = page.content.decode()
    assert reverse("privacy:consent_detail", kwargs={"pk": valid.pk}) in html
    assert "withdrawn on" in html
    assert "valid until" in html
    assert reverse("privacy:consent_create", kwargs={"pk": person.pk}) in html
    assert reverse("privacy:consent_form", kwargs={"pk": person.pk}) in html


def test_form_page_prefills_the_record_page(officer, person):
    url = (
        _create_url(person) + "?language=ar&categories=identity&purposes=referral&recipients=profes"
    )
    html = officer.get(url).content.decode()
    assert 'value="ar" selected' in html
    assert 'value="identity" class="kern-form-check__checkbox" id="id_categories_0" checked' in html


def test_pages_have_no_inline_scripts_or_styles(officer, person, consent_data, user_for):
    consent = _consent(person, consent_data, user_for)
    for url in (
        _create_url(person),
        reverse("privacy:consent_form", kwargs={"pk": person.pk}),
        reverse("privacy:consent_detail", kwargs={"pk": consent.pk}),
    ):
        html = officer.get(url).content.decode()
        assert "<script>" not in html and "<style" not in html and " style=" not in html, url
