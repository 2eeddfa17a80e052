"""The printed consent form in German, English, Arabic and Persian: the catalogue is
complete, the PDFs open and name the person, Arabic and Persian run right to left."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from inprocedere.core.models import AuditEntry
from inprocedere.privacy import consent_forms
from inprocedere.privacy.categories import Category
from inprocedere.privacy.models import Purpose

pytestmark = pytest.mark.django_db

KEY_PHRASES = {
    "de": ["Einwilligung", "freiwillig", "widerrufen", "Kreisverwaltung Germersheim"],
    "en": ["Consent", "voluntary", "withdraw", "Kreisverwaltung Germersheim"],
}


def test_catalogue_is_complete():
    for form in consent_forms.CATALOGUE.values():
        assert set(form.texts) == set(consent_forms.TEXT_KEYS), form.code
        assert set(form.categories) == set(Category.values), form.code
        assert set(form.purposes) == set(Purpose.values), form.code
        assert all(text.strip() for text in form.texts.values()), form.code


def test_unreviewed_translations_are_marked():
    reviewed = {code: form.reviewed for code, form in consent_forms.CATALOGUE.items()}
    assert reviewed == {"de": True, "en": True, "ar": False, "fa": False}
    assert {form.code for form in consent_forms.CATALOGUE.values() if form.rtl} == {"ar", "fa"}


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def form_args(person, authority, carrier):
    return {
        "participant": person,
        "organisation": authority,
        "recipients": [authority, carrier],
        "categories": ["identity", "residence"],
        "purposes": ["referral", "esf_monitoring"],
        "valid_until": dt.date(2027, 6, 30),
    }


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_arabic_and_persian_are_right_to_left(form_args, language):
    html = consent_forms.consent_form_html(language=language, **form_args)
    assert f'<html lang="{language}" dir="rtl">' in html
    assert "Noto Naskh Arabic" in html
    assert consent_forms.NOT_REVIEWED_NOTE in html


@pytest.mark.parametrize("language", ["de", "en"])
def test_german_and_english_are_left_to_right_and_reviewed(form_args, language):
    html = consent_forms.consent_form_html(language=language, **form_args)
    assert f'<html lang="{language}" dir="ltr">' in html
    assert consent_forms.NOT_REVIEWED_NOTE not in html


def test_the_form_states_validity_and_ticks_the_choices(form_args):
    html = consent_forms.consent_form_html(language="en", **form_args)
    assert "valid until 30.06.2027" in html
    assert html.count('<span class="box">X</span>') == 2 + 2 + 2  # recipients, categories, purposes


def test_without_choices_the_form_has_lines_to_fill_in(person, authority):
    html = consent_forms.consent_form_html(
        participant=person, organisation=authority, language="de"
    )
    assert "(bitte eintragen)" in html
    assert "Diese Einwilligung gilt bis zum:" in html
    assert '<span class="box">X</span>' not in html


@pytest.mark.parametrize("language", ["de", "en", "ar", "fa"])
def test_pdf_opens_and_names_the_person(form_args, language):
    pdf = consent_forms.consent_form_pdf(language=language, **form_args)
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    assert "Haddad" in text and "Samira" in text
    assert "12.03.1994" in text
    for phrase in KEY_PHRASES.get(language, []):
        assert phrase in text, (language, phrase)


def test_pdf_download_from_the_page(client_for, person, carrier):
    client = client_for("authority_officer")
    url = reverse("privacy:consent_form_pdf", kwargs={"pk": person.pk})
    query = "?language=fa&recipients=profes&categories=identity&purposes=referral"
    response = client.get(url + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="consent-form-{person.pk}-fa.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert "Haddad" in _text(response.content)
    entry = AuditEntry.objects.get(action="privacy.consent_form.generated")
    assert entry.detail["language"] == "fa"
    assert entry.detail["recipients"] == [carrier.pk]


def test_pdf_with_bad_choices_shows_the_form(client_for, person):
    client = client_for("authority_officer")
    url = reverse("privacy:consent_form_pdf", kwargs={"pk": person.pk})
    response = client.get(url + "?language=xx&categories=dreams&recipients=nowhere")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
