"""JSON types taken as JSON has them (issue 16, item 10): `0` is no boolean and no date,
`true` no number, and every answer an operation can give is in the schema."""

import json

import pytest
from django.test import Client

from inprocedere.core.models import AuditEntry
from inprocedere.participants.models import Participant

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

PERSON = {"family_name": "Al-Hassan", "given_names": "Mohammed"}


@pytest.fixture
def officer(token_for):
    return ApiClient(token_for("authority_officer"), language="en")


def _register(client, **extra):
    return client.post("/api/v1/participants", {**PERSON, **extra}, content_type="application/json")


@pytest.mark.parametrize(
    "extra, field, message",
    [
        ({"stateless": 0}, "stateless", "Please send true or false."),
        ({"stateless": "false"}, "stateless", "Please send true or false."),
        ({"confirm_not_duplicate": 1}, "confirm_not_duplicate", "Please send true or false."),
        ({"minor_children": True}, "minor_children", "Please send a whole number."),
        ({"minor_children": "2"}, "minor_children", "Please send a whole number."),
    ],
)
def test_lax_values_in_a_body_are_refused(officer, extra, field, message):
    audited = AuditEntry.objects.count()
    response = _register(officer, **extra)
    assert response.status_code == 422, response.content
    errors = response.json()["detail"]
    assert [e["msg"] for e in errors if field in e["loc"]] == [message], errors
    assert not Participant.unrestricted.exists()
    assert AuditEntry.objects.count() == audited


def test_strict_values_are_taken(officer):
    response = _register(officer, stateless=True, minor_children=2, confirm_not_duplicate=True)
    assert response.status_code == 201, response.content
    assert response.json()["stateless"] is True


@pytest.mark.parametrize("value", [0, "0", 1700000000, "1700000000", "2026-12-02T00:00:00", ""])
def test_a_date_is_a_date(token_for, value):
    client = ApiClient(token_for("case_worker"), language="de")
    body = {
        "categories": ["identity"],
        "recipients": ["profes"],
        "purposes": ["referral"],
        "signed_on": value,
    }
    response = client.post("/api/v1/participants/1/consents", body, content_type="application/json")
    assert response.status_code == 422, response.content  # the body is checked first
    messages = [e["msg"] for e in response.json()["detail"] if "signed_on" in e["loc"]]
    assert messages == ["Bitte senden Sie ein Datum im Format JJJJ-MM-TT."]


@pytest.mark.parametrize("value, status", [("0", 422), ("1", 422), ("yes", 422), ("true", 200)])
def test_query_booleans_are_true_or_false(token_for, value, status):
    client = ApiClient(token_for("case_worker"), language="en")
    response = client.get("/api/v1/cases", {"mine": value})
    assert response.status_code == status, response.content
    if status == 422:
        assert "Please send true or false." in str(response.json()["detail"])


def test_a_body_that_is_no_json_is_400_in_the_callers_language(token_for):
    client = ApiClient(token_for("authority_officer"), language="de")
    response = client.post("/api/v1/participants", b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Der Inhalt der Anfrage ist kein gültiges JSON."}


def _no_duplicate_keys(pairs):
    keys = [key for key, _value in pairs]
    assert len(keys) == len(set(keys)), keys  # Swagger UI refuses the document
    return dict(pairs)


def test_every_answer_the_framework_gives_is_documented():
    body = Client().get("/api/v1/openapi.json").content
    schema = json.loads(body, object_pairs_hook=_no_duplicate_keys)
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = set()
            if "requestBody" in operation:
                expected |= {"400", "413", "422"}
            if operation.get("parameters"):
                expected.add("422")
            if operation.get("security"):
                expected.add("401")
            if expected - set(responses):
                missing.append((method, path, sorted(expected - set(responses))))
    assert not missing
