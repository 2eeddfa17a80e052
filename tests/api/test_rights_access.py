"""Every persona × the data-subject-rights routes of the API (paths starting
/api/v1/rights): the DPO only; the export needs the step-up in its body."""

import io
import json
import zipfile

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from inprocedere.api.urls import api
from inprocedere.core.models import AuditEntry
from inprocedere.privacy.models import AccessLogEntry
from tests.conftest import PERSONAS
from tests.rights.conftest import carrier, make_subject, rule  # noqa: F401 - fixtures

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1/rights"
PASSWORD = "a-long-test-password-42"


@pytest.fixture
def person(carrier, rule):  # noqa: F811
    return make_subject(carrier)


@pytest.fixture
def dpo(user_for):
    user = user_for("dpo")
    user.set_password(PASSWORD)
    user.save()
    device = TOTPDevice.objects.create(user=user, name="api", confirmed=True)
    user.test_device = device
    return user


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6):06d}"


def test_the_matrix_covers_every_rights_route():
    # From the routers, not the OpenAPI schema, so another router's schema trouble
    # cannot hide a new route here.
    paths = {
        f"/api/v1{path}"
        for _prefix, router in api._routers
        for path in router.path_operations
        if f"/api/v1{path}".startswith(PREFIX)
    }
    assert paths == {
        "/api/v1/rights/participants/{id}/access-log",
        "/api/v1/rights/participants/{id}/subject-access",
        # retention and erasure: tests/api/test_retention_api.py
        "/api/v1/rights/retention",
        "/api/v1/rights/retention/erasure-runs",
        "/api/v1/rights/participants/{id}/retention",
        "/api/v1/rights/participants/{id}/erase",
        "/api/v1/rights/participants/{id}/pseudonymise",
    }


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_who_reads_the_access_log(persona, token_for, person):
    response = ApiClient(token_for(persona)).get(f"{PREFIX}/participants/{person.pk}/access-log")
    expected = 200 if persona == "dpo" else 403
    assert response.status_code == expected, (persona, response.content)
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "dpo"])
def test_who_exports(persona, token_for, person, user_for):
    response = ApiClient(token_for(persona)).post(
        f"{PREFIX}/participants/{person.pk}/subject-access",
        {"password": "whatever", "code": "000000"},
        content_type="application/json",
    )
    assert response.status_code == 403, (persona, response.content)


def test_anonymous_gets_401(person):
    assert Client().get(f"{PREFIX}/participants/{person.pk}/access-log").status_code == 401


def test_the_access_log_json_pages_and_filters(token_for, person):
    client = ApiClient(token_for("dpo"))
    url = f"{PREFIX}/participants/{person.pk}/access-log"
    data = client.get(url, {"page_size": 1}).json()
    assert data["count"] >= 2 and len(data["items"]) == 1 and data["next"]
    item = data["items"][0]
    assert set(item) == {
        "at", "user", "organisation", "action", "channel", "categories", "purpose", "basis", "path"
    }  # fmt: skip
    denied = client.get(url, {"action": "denied"}).json()
    assert all(entry["action"] == "denied" for entry in denied["items"])


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2024-02-01", "to": "2024-01-01"},
        {"from": "2024-13-01"},
        {"action": "explode"},
        {"page_size": 0},
        {"page": 0},
    ],
)
def test_bad_filters_are_422(token_for, person, query):
    response = ApiClient(token_for("dpo")).get(
        f"{PREFIX}/participants/{person.pk}/access-log", query
    )
    assert response.status_code == 422, response.content


def test_an_unknown_participant_is_404(token_for):
    client = ApiClient(token_for("dpo"))
    assert client.get(f"{PREFIX}/participants/999999999/access-log").status_code == 404


def test_the_export_needs_the_password_and_code(token_for, person, dpo):
    client = ApiClient(token_for("dpo"))
    url = f"{PREFIX}/participants/{person.pk}/subject-access"
    wrong = client.post(
        url, {"password": "wrong", "code": _code(dpo.test_device)}, content_type="application/json"
    )
    assert wrong.status_code == 403
    assert wrong.json()["detail"]
    assert not AuditEntry.objects.filter(action="rights.subject_access.exported").exists()
    missing = client.post(url, {}, content_type="application/json")
    assert missing.status_code == 422
    bad_language = client.post(
        url,
        {"password": PASSWORD, "code": _code(dpo.test_device), "language": "xx"},
        content_type="application/json",
    )
    assert bad_language.status_code == 422
    response = client.post(
        url,
        {"password": PASSWORD, "code": _code(dpo.test_device), "language": "de"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert json.loads(archive.read("index.json"))["language"] == "de"
    entry = AccessLogEntry.objects.get(user=dpo, purpose="subject_access")
    assert entry.channel == "api"
    assert AuditEntry.objects.filter(action="rights.subject_access.exported").exists()
