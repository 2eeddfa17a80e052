"""Tokens from the command line work against the API; only their hash is stored."""

import hashlib
import io

import pytest
from django.core.management import call_command

from inprocedere.accounts.models import ApiToken
from inprocedere.core.models import AuditEntry

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


def _create_with_command(username="caseworker") -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", "--user", username, stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert raw not in err.getvalue()  # the token goes to stdout alone, for piping
    return raw


def test_a_token_from_the_command_works_against_the_api():
    raw = _create_with_command("caseworker")
    assert raw.startswith("ipd_")
    response = ApiClient(raw).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "caseworker"
    assert ApiClient(raw).get("/api/v1/positions").status_code == 200


def test_a_token_revoked_with_the_command_stops_working():
    raw = _create_with_command("teamlead")
    prefix = ApiToken.objects.get(token_hash=hashlib.sha256(raw.encode()).hexdigest()).prefix
    call_command("token", "revoke", prefix, stdout=io.StringIO())
    assert ApiClient(raw).get("/api/v1/me").status_code == 401


def test_only_the_hash_of_a_token_is_stored():
    raw = _create_with_command("coordinator")
    secret = raw.removeprefix("ipd_")
    token = ApiToken.objects.get(token_hash=hashlib.sha256(raw.encode()).hexdigest())
    stored = [str(value) for value in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert raw not in stored
    assert not any(secret in value for value in stored)
    assert raw.startswith(token.prefix)
    assert len(token.prefix) < len(raw) // 3
    audit = [str(row) for row in AuditEntry.objects.values_list("detail", "object_label")]
    assert not any(secret in row for row in audit)


def test_using_a_token_writes_no_audit_entry_for_reads(token_for):
    client = ApiClient(token_for("case_worker"))
    before = AuditEntry.objects.count()
    for url in ["/api/v1/positions", "/api/v1/people", "/api/v1/organisations/kv-germersheim"]:
        assert client.get(url).status_code == 200
    assert AuditEntry.objects.count() == before


def test_the_token_records_when_it_was_last_used(token_for):
    raw = token_for("case_worker")
    token = ApiToken.objects.get(token_hash=hashlib.sha256(raw.encode()).hexdigest())
    assert token.last_used_at is None
    ApiClient(raw).get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at is not None
