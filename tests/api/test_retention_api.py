"""Retention and erasure through the API (issue 16: "retention and erasure for the
data-protection officer"): every persona, the step-up in the body, the page's rules,
audit and access log, and nothing written on a refusal."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from inprocedere.core.models import AuditEntry
from inprocedere.participants.models import Participant
from inprocedere.privacy.models import AccessLogEntry
from inprocedere.rights.models import Erasure, ErasureRun
from tests.conftest import PERSONAS
from tests.rights.conftest import carrier, make_subject, rule  # noqa: F401 - fixtures

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-42"
MISSING = 987654321


@pytest.fixture
def dpo(user_for):
    user = user_for("dpo")
    user.set_password(PASSWORD)
    user.save()
    return user


def _step_up(user):
    """The password and a code of a new authenticator (each code confirms once)."""
    device = TOTPDevice.objects.create(user=user, name="api", confirmed=True)
    return {
        "password": PASSWORD,
        "code": f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6):06d}",
    }


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _written():
    return (
        Erasure.objects.count(),
        ErasureRun.objects.count(),
        AuditEntry.objects.exclude(action__startswith="auth.step_up").count(),
        AccessLogEntry.objects.filter(action="write").count(),
    )


def test_the_dpo_sees_who_is_due_and_the_read_is_logged(carrier, rule, token_for, dpo):  # noqa: F811
    due = make_subject(carrier)
    kept = make_subject(carrier, closed=False, family_name="Offen")
    response = ApiClient(token_for("dpo")).get("/api/v1/rights/retention")
    assert response.status_code == 200, response.content
    ids = [row["participant_id"] for row in response.json()["due"]]
    assert due.pk in ids and kept.pk not in ids
    row = next(r for r in response.json()["due"] if r["participant_id"] == due.pk)
    assert (row["family_name"], row["retention_ended_on"]) == ("Quendelbrook", "2018-12-31")
    read = AccessLogEntry.objects.for_participant(due.pk).filter(user=dpo, action="read")
    assert read.exists()


def test_one_persons_retention_state(carrier, rule, token_for, dpo):  # noqa: F811
    kept = make_subject(carrier, closed=False, family_name="Offen")
    client = ApiClient(token_for("dpo"), language="en")
    state = client.get(f"/api/v1/rights/participants/{kept.pk}/retention").json()
    assert state["open_cases"] == 1 and not state["may_erase"]
    assert "still open" in state["refusal"]
    assert client.get(f"/api/v1/rights/participants/{MISSING}/retention").status_code == 404


def test_the_dpo_erases_a_person_due(carrier, rule, token_for, dpo):  # noqa: F811
    person = make_subject(carrier)
    client = ApiClient(token_for("dpo"))
    url = f"/api/v1/rights/participants/{person.pk}/erase"
    response = _post(client, url, {**_step_up(dpo), "categories": ["identity", "contact"]})
    assert response.status_code == 200, response.content
    assert response.json()["kind"] == "erased"
    assert response.json()["categories"] == ["identity", "contact"]
    assert "Quendelbrook" not in Participant.unrestricted.get(pk=person.pk).family_name
    assert AuditEntry.objects.filter(action="rights.erased").exists()
    rest = _post(client, url, _step_up(dpo))  # the other categories (default: all)
    assert rest.status_code == 200, rest.content
    again = _post(client, url, _step_up(dpo))
    assert again.status_code == 422  # erased entirely: the refusal says so


def test_erasure_while_a_case_is_open_is_refused_and_writes_nothing(carrier, rule, token_for, dpo):  # noqa: F811
    person = make_subject(carrier, closed=False)
    client = ApiClient(token_for("dpo"), language="en")
    before = _written()
    response = _post(client, f"/api/v1/rights/participants/{person.pk}/erase", _step_up(dpo))
    assert response.status_code == 422, response.content
    assert "still open" in str(response.json()["detail"])
    assert _written() == before
    assert Participant.unrestricted.get(pk=person.pk).family_name == "Quendelbrook"


@pytest.mark.parametrize(
    "body",
    [
        {"password": "wrong", "code": "000000"},  # the step-up fails: 403
        {"code": "000000"},  # no password: 422
        {"password": PASSWORD, "categories": []},  # no category: 422
        {"password": PASSWORD, "categories": ["everything"]},  # unknown: 422
    ],
)
def test_bad_erasure_requests_write_nothing(carrier, rule, token_for, dpo, body):  # noqa: F811
    person = make_subject(carrier)
    client = ApiClient(token_for("dpo"))
    before = _written()
    response = _post(client, f"/api/v1/rights/participants/{person.pk}/erase", body)
    assert response.status_code in (403, 422), response.content
    assert _written() == before
    assert Participant.unrestricted.get(pk=person.pk).family_name == "Quendelbrook"


def test_pseudonymisation_and_the_erasure_run(carrier, rule, token_for, dpo):  # noqa: F811
    person = make_subject(carrier)
    client = ApiClient(token_for("dpo"))
    pseudonymised = _post(
        client, f"/api/v1/rights/participants/{person.pk}/pseudonymise", _step_up(dpo)
    )
    assert pseudonymised.status_code == 200, pseudonymised.content
    assert pseudonymised.json()["kind"] == "pseudonymised"
    run = _post(client, "/api/v1/rights/retention/erasure-runs", _step_up(dpo))
    assert run.status_code == 202, run.content
    assert run.json()["total"] >= 1
    assert ErasureRun.objects.count() == 1


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "dpo"])
def test_nobody_but_the_dpo_reaches_retention_or_erasure(
    carrier,  # noqa: F811
    rule,  # noqa: F811
    persona,
    token_for,
):
    """Foreign and missing ids alike: 403 by role before any lookup, nothing written."""
    person = make_subject(carrier)
    client = ApiClient(token_for(persona))
    before = _written()
    body = {"password": "whatever", "code": "000000"}
    for pk in (person.pk, MISSING):
        assert client.get(f"/api/v1/rights/participants/{pk}/retention").status_code == 403
        for action in ("erase", "pseudonymise"):
            response = _post(client, f"/api/v1/rights/participants/{pk}/{action}", body)
            assert response.status_code == 403, (persona, action, response.content)
    assert client.get("/api/v1/rights/retention").status_code == 403
    assert _post(client, "/api/v1/rights/retention/erasure-runs", body).status_code == 403
    assert _written() == before
    assert Participant.unrestricted.get(pk=person.pk).family_name == "Quendelbrook"


def test_anonymous_gets_401(carrier, rule):  # noqa: F811
    person = make_subject(carrier)
    client = ApiClient()
    assert client.get("/api/v1/rights/retention").status_code == 401
    response = _post(client, f"/api/v1/rights/participants/{person.pk}/erase", {"password": "x"})
    assert response.status_code == 401
