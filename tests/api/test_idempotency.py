"""Every POST of the API accepts `Idempotency-Key`: a retry answers what the first did
and writes nothing twice (issue 16, MBT 7)."""

import json

import pytest
from django.utils import translation

from inprocedere.accounts.models import IdempotentRequest
from inprocedere.api.urls import api
from inprocedere.core.models import AuditEntry
from inprocedere.participants.models import BenefitPeriod, Participant

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

REGISTER = {"family_name": "Al-Hassan", "given_names": "Mohammed", "birth_date": "1988-03-14"}


@pytest.fixture
def officer(token_for):
    return ApiClient(token_for("authority_officer"), language="en")


def _post(client, url, body, key=None):
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def _people():
    return Participant.unrestricted.count()


def test_a_retry_with_the_same_key_and_body_answers_the_first_and_writes_nothing(officer):
    people, audit = _people(), AuditEntry.objects.count()
    first = _post(officer, "/api/v1/participants", REGISTER, key="k-1")
    assert first.status_code == 201, first.content
    writes = AuditEntry.objects.count() - audit
    retry = _post(officer, "/api/v1/participants", REGISTER, key="k-1")
    assert retry.status_code == 201
    assert retry.content == first.content
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert _people() == people + 1
    assert AuditEntry.objects.count() - audit == writes  # nothing audited twice either


def test_without_a_key_a_retry_writes_again(officer):
    person = _post(officer, "/api/v1/participants", REGISTER).json()["id"]
    url = f"/api/v1/participants/{person}/benefit-periods"
    for _ in range(2):
        assert (
            _post(officer, url, {"system": "sgb2", "valid_from": "2024-01-01"}).status_code == 201
        )
    assert BenefitPeriod.objects.filter(participant_id=person).count() == 2


def test_the_same_key_with_another_body_is_refused_with_422(officer):
    assert _post(officer, "/api/v1/participants", REGISTER, key="k-2").status_code == 201
    people = _people()
    other = _post(officer, "/api/v1/participants", {**REGISTER, "given_names": "Ali"}, key="k-2")
    assert other.status_code == 422
    assert "already used for another request" in other.json()["detail"]
    assert _people() == people
    german = ApiClient(officer.defaults["HTTP_AUTHORIZATION"].split()[1], language="de")
    refused = _post(german, "/api/v1/participants", {"family_name": "X"}, key="k-2")
    assert "bereits" in refused.json()["detail"]


def test_keys_belong_to_their_user(officer, token_for):
    first = _post(officer, "/api/v1/participants", REGISTER, key="shared")
    lead = ApiClient(token_for("authority_officer"), language="en")  # same user, new token
    assert _post(lead, "/api/v1/participants", REGISTER, key="shared").content == first.content
    assert IdempotentRequest.objects.filter(key="shared").count() == 1
    other_user = ApiClient(token_for("case_worker"), language="en")
    response = _post(other_user, "/api/v1/participants", REGISTER, key="shared")
    assert "Idempotent-Replayed" not in response  # not the authority's answer
    assert response.content != first.content


def test_a_refused_first_request_is_not_stored_so_the_corrected_retry_runs(officer):
    person = _post(officer, "/api/v1/participants", REGISTER).json()["id"]
    url = f"/api/v1/participants/{person}/benefit-periods"
    bad = {"system": "sgb2", "valid_from": "2024-01-01", "valid_until": "2023-01-01"}
    assert _post(officer, url, bad, key="b-1").status_code == 422
    assert not IdempotentRequest.objects.filter(key="b-1").exists()
    good = {"system": "sgb2", "valid_from": "2024-01-01"}
    assert _post(officer, url, good, key="b-2").status_code == 201
    assert _post(officer, url, good, key="b-2").status_code == 201
    assert BenefitPeriod.objects.filter(participant_id=person).count() == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "mit leerzeichen", "ümlaut"])
def test_a_malformed_key_is_422_and_nothing_is_written(officer, key):
    people = _people()
    response = _post(officer, "/api/v1/participants", REGISTER, key=key)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert _people() == people


def test_the_key_is_stored_in_the_transaction_of_the_write(officer, monkeypatch):
    """If storing the answer fails, the write is rolled back with it: never one without the
    other (a committed write whose key is lost would be written twice on retry)."""
    people = _people()

    def broken_save(self, *args, **kwargs):
        if kwargs.get("update_fields"):
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    original = IdempotentRequest.save
    monkeypatch.setattr(IdempotentRequest, "save", broken_save)
    with pytest.raises(RuntimeError):
        _post(officer, "/api/v1/participants", REGISTER, key="k-3")
    assert _people() == people
    assert not IdempotentRequest.objects.exists()


def test_every_post_documents_the_header():
    with translation.override("en"):
        schema = api.get_openapi_schema()
    posts = [ops["post"] for ops in schema["paths"].values() if "post" in ops]
    assert len(posts) > 20
    for post in posts:
        names = [p["name"] for p in post.get("parameters", []) if p["in"] == "header"]
        assert "Idempotency-Key" in names, post["operationId"]
