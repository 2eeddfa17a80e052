"""Countries and languages by name (CLDR, in German), read and typed the same way on the
person form and the needs assessment; unknown languages refused on the field."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from django_countries import countries

from inprocedere.cases.models import NeedsAssessment
from inprocedere.participants.models import Participant
from tests.cases.conftest import *  # noqa: F403 - referral and case fixtures

pytestmark = pytest.mark.django_db


def test_german_country_names_come_from_the_cldr():
    with override("de"):
        names = {str(name) for _code, name in countries}
    assert {"Syrien", "Hongkong", "Insel Man", "Côte d’Ivoire"} <= names
    assert not {"Hong Kong", "Isle of Man", "Syrian Arab Republic"} & names


def _register(client, languages):
    return client.post(
        reverse("participants:participant_create"),
        {
            "family_name": "Rahimi",
            "given_names": "Laleh",
            "birth_date": "1991",
            "gender": "woman",
            "minor_children": "0",
            "languages": languages,
        },
    )


@pytest.mark.parametrize(
    "typed", ["Persisch (Farsi), Deutsch", "fa, de", "persisch; DEUTSCH", "Persian, German"]
)
def test_the_person_form_takes_names_or_codes(client_for, typed):
    answer = _register(client_for("authority_officer"), typed)
    assert answer.status_code == 302
    person = Participant.unrestricted.get()
    assert person.languages == ["fa", "de"]
    page = client_for("authority_officer").get(answer["Location"]).content.decode()
    assert "Persisch (Farsi), Deutsch" in page


@pytest.mark.parametrize("typed", ["xx", "Quatschisch", "ar, qq"])
def test_an_unknown_language_is_refused_on_the_field(client_for, typed):
    answer = _register(client_for("authority_officer"), typed)
    assert answer.status_code == 200
    assert "languages" in answer.context["form"].errors
    assert "Unbekannte Sprache" in answer.content.decode()
    assert not Participant.unrestricted.exists()


def _assess(client, case, languages):
    return client.post(
        reverse("cases:case_detail", args=[case.pk]),
        {
            "action": "assessment",
            "assessment-assessed_on": timezone.localdate().isoformat(),
            "assessment-languages": languages,
        },
    )


def test_the_needs_assessment_takes_the_same_names(case, client_for):
    answer = _assess(client_for("case_worker"), case, "Deutsch A2, Dari native, ku B1")
    assert answer.status_code == 302
    assert NeedsAssessment.objects.get(case=case).languages == [
        {"language": "de", "level": "A2"},
        {"language": "prs", "level": "native"},
        {"language": "ku", "level": "B1"},
    ]


@pytest.mark.parametrize("typed", ["xx A2", "Deutsch Z9", "Deutsch"])
def test_a_bad_assessment_language_is_refused_on_the_field(case, client_for, typed):
    answer = _assess(client_for("case_worker"), case, typed)
    assert answer.status_code == 200
    assert answer.context["forms"]["assessment"].errors["languages"]
    assert not NeedsAssessment.objects.filter(case=case).exists()


# The language picker's rows (core.language_rows): plain fields without JavaScript, read
# back as the same text, so the same validation and the same messages.


def _rows(prefix, *rows):
    data = {}
    for n, (code, level) in enumerate(rows):
        data[f"{prefix}-{n}-language"] = code
        if level is not None:
            data[f"{prefix}-{n}-level"] = level
    return data


def test_the_person_form_takes_rows(client_for):
    client = client_for("authority_officer")
    data = {
        "family_name": "Rahimi",
        "given_names": "Laleh",
        "birth_date": "1991",
        "gender": "woman",
        "minor_children": "0",
        **_rows("languages", ("fa", None), ("", None), ("de", None), ("fa", None)),
    }
    answer = client.post(reverse("participants:participant_create"), data)
    assert answer.status_code == 302
    person = Participant.unrestricted.get()
    assert person.languages == ["fa", "de"]
    form = client.get(reverse("participants:participant_edit", args=[person.pk])).content.decode()
    assert '<option value="fa" selected>Persisch (Farsi)</option>' in form
    assert '<option value="de" selected>Deutsch</option>' in form
    # the two chosen, two empty rows to fill without JavaScript, and the row template
    assert form.count('name="languages-') == 5
    assert 'name="languages-__index__-language"' in form


def test_the_person_form_refuses_an_unknown_language_in_a_row(client_for):
    client = client_for("authority_officer")
    data = {
        "family_name": "Rahimi",
        "given_names": "Laleh",
        "gender": "woman",
        "minor_children": "0",
        **_rows("languages", ("de", None), ("qq", None)),
    }
    answer = client.post(reverse("participants:participant_create"), data)
    assert answer.status_code == 200
    assert answer.context["form"].errors["languages"] == [
        "Unbekannte Sprache: qq. Bitte geben Sie ihren Namen oder ihren ISO-Code an."
    ]
    assert not Participant.unrestricted.exists()


def _assess_rows(client, case, *rows):
    return client.post(
        reverse("cases:case_detail", args=[case.pk]),
        {
            "action": "assessment",
            "assessment-assessed_on": timezone.localdate().isoformat(),
            **_rows("assessment-languages", *rows),
        },
    )


def test_the_needs_assessment_takes_rows(case, client_for):
    rows = [("de", "A2"), ("prs", "native"), ("", "B1"), ("ku", "B1")]
    answer = _assess_rows(client_for("case_worker"), case, *rows)
    assert answer.status_code == 302
    assert NeedsAssessment.objects.get(case=case).languages == [
        {"language": "de", "level": "A2"},
        {"language": "prs", "level": "native"},
        {"language": "ku", "level": "B1"},
    ]


@pytest.mark.parametrize(
    "rows, message",
    [
        ([("de", "A2"), ("fa", "")], "mit ihrem Niveau"),
        ([("xx", "A2")], "Unbekannte Sprache: xx"),
        ([("de", "Z9")], "Unbekannte Sprache"),
    ],
)
def test_a_bad_row_is_refused_on_the_field(case, client_for, rows, message):
    answer = _assess_rows(client_for("case_worker"), case, *rows)
    assert answer.status_code == 200
    errors = answer.context["forms"]["assessment"].errors["languages"]
    assert message in errors[0]
    assert not NeedsAssessment.objects.filter(case=case).exists()
    # the rows come back as chosen, with the level select to fix
    page = answer.content.decode()
    assert 'name="assessment-languages-0-level"' in page
