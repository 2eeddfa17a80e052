"""The consent API: create, list, read, withdraw; 422 with field messages, 404 out of reach,
never a 500."""

import datetime as dt

import pytest

from inprocedere.accounts.services import token_create
from inprocedere.core.models import AuditEntry
from inprocedere.privacy.models import Consent
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def api_for(user_for):
    """An API client with a fresh token of the persona, asking for English messages."""

    def make(persona):
        user = user_for(persona)
        _token, raw = token_create(actor=user, user=user, name="t")
        return ApiClient(raw, language="en")

    return make


@pytest.fixture
def officer(api_for):
    return api_for("authority_officer")


def _body(**overrides):
    body = {
        "recipients": ["kv-germersheim", "profes"],
        "categories": ["identity", "residence"],
        "purposes": ["referral"],
        "form": "written",
        "form_version": "2026-1",
        "language": "ar",
        "signed_on": (TODAY - dt.timedelta(days=1)).isoformat(),
        "valid_until": (TODAY + dt.timedelta(days=365)).isoformat(),
    }
    body.update(overrides)
    return body


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _fields(response):
    return {tuple(error["loc"])[-1]: error["msg"] for error in response.json()["detail"]}


def test_create_list_read_withdraw(officer, person):
    url = f"/api/v1/participants/{person.pk}/consents"
    response = _post(officer, url, _body())
    assert response.status_code == 201, response.content
    created = response.json()
    assert [org["slug"] for org in created["recipients"]] == ["kv-germersheim", "profes"]
    assert created["valid_today"] is True
    assert created["has_scan"] is False
    assert created["recording_organisation"]["slug"] == "kv-germersheim"
    assert created["form"]["value"] == "written"

    listed = officer.get(url).json()
    assert [item["id"] for item in listed] == [created["id"]]
    assert officer.get(f"/api/v1/consents/{created['id']}").json()["language"] == "ar"

    withdrawn = _post(
        officer, f"/api/v1/consents/{created['id']}/withdraw", {"withdrawn_on": str(TODAY)}
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_on"] == str(TODAY)
    assert withdrawn.json()["valid_today"] is False

    again = _post(
        officer, f"/api/v1/consents/{created['id']}/withdraw", {"withdrawn_on": str(TODAY)}
    )
    assert again.status_code == 422
    assert "already withdrawn" in _fields(again)["withdrawn_on"]


@pytest.mark.parametrize(
    "overrides,field,fragment",
    [
        ({"recipients": []}, "recipients", "at least one recipient"),
        ({"categories": []}, "categories", "at least one data category"),
        ({"purposes": []}, "purposes", "at least one purpose"),
        ({"recipients": ["nowhere"]}, "recipients", "Unknown organisations: nowhere"),
        ({"categories": ["dreams"]}, "categories", "dreams"),
        ({"form": "telepathy"}, "form", "telepathy"),
        ({"categories": ["special"], "form": "oral"}, "form", "in writing or electronically"),
        (
            {"valid_until": (TODAY - dt.timedelta(days=5)).isoformat()},
            "valid_until",
            "before the day it was signed",
        ),
        ({"signed_on": (TODAY + dt.timedelta(days=2)).isoformat()}, "signed_on", "future"),
        ({"language": "1"}, "language", "language code"),
    ],
)
def test_bad_input_is_422_with_field_messages(officer, person, overrides, field, fragment):
    response = _post(officer, f"/api/v1/participants/{person.pk}/consents", _body(**overrides))
    assert response.status_code == 422, response.content
    assert fragment in _fields(response)[field]
    assert not Consent.unrestricted.exists()
    assert not AuditEntry.objects.filter(action="privacy.consent.recorded").exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"purposes": "referral"},
        {"purposes": ["referral"], "signed_on": "yesterday"},
        {"purposes": [1], "signed_on": "2024-01-01", "recipients": [None]},
        {"purposes": ["referral"] * 50, "signed_on": "2024-01-01"},
        {"purposes": ["referral"], "signed_on": "2024-01-01", "form_version": "x\x00"},
    ],
)
def test_malformed_bodies_are_422(officer, person, body):
    response = _post(officer, f"/api/v1/participants/{person.pk}/consents", body)
    assert response.status_code == 422, response.content
    assert not Consent.unrestricted.exists()


def test_malformed_withdrawal_is_422(officer, person):
    response = _post(officer, f"/api/v1/participants/{person.pk}/consents", _body())
    consent_id = response.json()["id"]
    for body in ({}, {"withdrawn_on": "soon"}, {"withdrawn_on": "2000-01-01"}):
        answer = _post(officer, f"/api/v1/consents/{consent_id}/withdraw", body)
        assert answer.status_code == 422, (body, answer.content)
    assert Consent.unrestricted.get(pk=consent_id).withdrawn_on is None


def test_out_of_reach_and_unknown_are_404(api_for, officer, person):
    jobcentre = api_for("jobcentre_officer")
    url = f"/api/v1/participants/{person.pk}/consents"
    assert jobcentre.get(url).status_code == 404
    assert _post(jobcentre, url, _body()).status_code == 404
    for path in ("/api/v1/participants/999999/consents", "/api/v1/consents/999999"):
        assert officer.get(path).status_code == 404
    assert officer.get(f"/api/v1/consents/{2**63}").status_code in (404, 422)
