"""Languages by name (issue 15 item 4): the person form and the needs assessment read
"Persisch (Farsi) – B1" as pages write it, and refuse an unknown language alike."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from inprocedere.cases.record_forms import AssessmentForm
from inprocedere.core.names import language_level_label, parse_language_levels
from inprocedere.participants.forms import LanguagesField

UNKNOWN = "Unbekannte Sprache: Elbisch. Bitte geben Sie ihren Namen oder ihren ISO-Code an."


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def test_the_label_is_read_back():
    assert language_level_label("fa", "B1") == "Persisch (Farsi) – B1"
    assert language_level_label("ar", "native") == "Arabisch – Muttersprache"
    text = f"{language_level_label('fa', 'B1')}, {language_level_label('ar', 'native')}"
    assert parse_language_levels(text, level_required=True) == [("fa", "B1"), ("ar", "native")]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Deutsch A2", [("de", "A2")]),
        ("de: b2; fa C1", [("de", "B2"), ("fa", "C1")]),
        ("Kurdisch (Sorani) – Muttersprache", [("ckb", "native")]),
        ("ar ku", [("ar", None), ("ku", None)]),
        ("Arabisch, Deutsch", [("ar", None), ("de", None)]),
    ],
)
def test_languages_as_typed(typed, expected):
    assert parse_language_levels(typed, level_required=False) == expected


def test_both_forms_take_the_same_words():
    typed = "Persisch (Farsi) – B1, Deutsch A2"
    assert LanguagesField(required=False).clean(typed) == ["fa", "de"]
    form = AssessmentForm(
        {"assessed_on": "2026-11-30", "languages": typed},
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["languages"] == [
        {"language": "fa", "level": "B1"},
        {"language": "de", "level": "A2"},
    ]


def test_both_forms_refuse_an_unknown_language_alike():
    with pytest.raises(ValidationError) as person:
        LanguagesField(required=False).clean("Deutsch, Elbisch")
    form = AssessmentForm({"assessed_on": "2026-11-30", "languages": "Elbisch B1"})
    assert not form.is_valid()
    assert person.value.messages == [UNKNOWN] == form.errors["languages"]


def test_the_assessment_asks_for_the_level():
    form = AssessmentForm({"assessed_on": "2026-11-30", "languages": "Persisch (Farsi)"})
    assert not form.is_valid()
    assert "mit ihrem Niveau" in form.errors["languages"][0]
