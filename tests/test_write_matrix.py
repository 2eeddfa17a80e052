"""The access matrix for writes (issue 16): every write operation of the API (POST, PATCH,
PUT, DELETE, generated from the OpenAPI schema) × every persona and an anonymous client,
against records of an organisation none of the personas belongs to.

The world: the City of Ludwigshafen registered a person, owns their case and referred
them to the job centre Landau, with the person's consent naming both (every category,
every purpose). No persona works there, so every write must be refused — 401 without
credentials, 403 without the role, 404 for a record out of reach (foreign and missing
ids alike), 422 for a body the schema refuses — and **nothing may be written**: no
audit entry, no access-log write, no new or changed row of the person's records.
Where the body is valid (BODIES), the refusal must come from the policy (401/403/404),
not from the validator. Record kinds this world does not build get an id that does not
exist, which must be answered exactly like a foreign one.

Adding a write operation to the API adds it here automatically; the per-area matrices
(tests/api/test_*_access.py, tests/cooperation/test_api_access.py, …) check what each
persona may do inside its own reach.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from inprocedere.api.urls import api
from inprocedere.cases.models import Case, Referral
from inprocedere.core.models import AuditEntry
from inprocedere.network.models import Organisation, Position
from inprocedere.participants.models import Participant
from inprocedere.privacy.models import AccessLogEntry, Consent
from tests.api.conftest import ApiClient
from tests.conftest import PERSONAS, grant_consent
from tests.test_access_matrix import MATRIX, _participant_record

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "patch", "put", "delete")
MISSING = 987654321
TODAY = dt.date.today().isoformat()


def _write_operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return sorted(
        (method, path)
        for path, methods in paths.items()
        for method in methods
        if method in WRITE_METHODS
    )


WRITES = _write_operations()

# Valid bodies: these must be refused by the policy, not by the validator.
BODIES = {
    ("patch", "/api/v1/participants/{id}"): {"version": 1, "postcode": "67059"},
    ("post", "/api/v1/participants/{id}/residence-statuses"): {
        "status_type": "duldung",
        "valid_from": TODAY,
    },
    ("post", "/api/v1/participants/{id}/benefit-periods"): {
        "system": "asylblg_3",
        "valid_from": TODAY,
    },
    ("post", "/api/v1/participants/{id}/work-permit-applications"): {
        "applied_on": TODAY,
        "employer": "Firma",
        "job": "Lager",
    },
    ("post", "/api/v1/participants/{id}/consents"): {
        "recipients": ["profes", "kv-germersheim", "jc-germersheim", "ism"],
        "categories": ["identity", "contact"],
        "purposes": ["referral", "counselling"],
        "signed_on": TODAY,
    },
    ("post", "/api/v1/consents/{id}/withdraw"): {"withdrawn_on": TODAY},
    ("post", "/api/v1/referrals/{id}/decline"): {"reason": "Kein Platz"},
    ("post", "/api/v1/referrals/{id}/withdraw"): {},
    ("patch", "/api/v1/cases/{id}"): {"version": 1, "rural": True},
    ("post", "/api/v1/cases/{id}/activities"): {
        "kind": "counselling",
        "date": TODAY,
        "duration_minutes": 30,
    },
    ("post", "/api/v1/cases/{id}/placements"): {
        "type": "employment",
        "employer": "X",
        "starts_on": TODAY,
    },
    ("post", "/api/v1/cases/{id}/exit"): {
        "exit_date": TODAY,
        "reason": "placed",
        "status_upon_leaving": "employed",
    },
    ("post", "/api/v1/cases/{id}/needs-assessments"): {"assessed_on": TODAY},
    ("post", "/api/v1/cases/{id}/goals"): {"text": "B1"},
    ("put", "/api/v1/cases/{id}/goals/{goal_id}/status"): {"status": "reached", "version": 1},
    ("post", "/api/v1/cases/{id}/follow-up"): {"done_on": TODAY, "status": "employed"},
    ("post", "/api/v1/cases/{id}/team"): {"position_id": 1},
    ("post", "/api/v1/cases/{id}/handovers"): {"to_organisation": "profes", "reason": "x"},
    ("post", "/api/v1/participants/{id}/aliases"): {"family_name": "Fremdt"},
    ("delete", "/api/v1/participants/{id}/aliases/{alias_id}"): {},
    ("post", "/api/v1/participants/{id}/identifiers"): {
        "organisation": "stadt-ludwigshafen",
        "kind": "file_number",
        "value": "LU-1",
    },
    ("post", "/api/v1/positions/{id}/tenures"): {"person_id": 1},
    ("post", "/api/v1/positions/{id}/tenures/{tenure_id}/end"): {"end_reason": "left"},
    # The DPO reaches every person by role: the step-up (a wrong password here) refuses.
    ("post", "/api/v1/rights/participants/{id}/erase"): {"password": "wrong", "code": "1"},
    ("post", "/api/v1/rights/participants/{id}/pseudonymise"): {"password": "wrong", "code": "1"},
    ("post", "/api/v1/rights/retention/erasure-runs"): {"password": "wrong", "code": "1"},
}


def _foreign_world():
    city = Organisation.objects.get(slug="stadt-ludwigshafen")
    position = Position.objects.filter(organisation=city).first()
    receiver = Organisation.objects.get(slug="jc-landau")
    person = Participant.unrestricted.create(
        family_name="Fremd", given_names="Farid", registered_by=city
    )
    consent = grant_consent(
        person,
        city,
        receiver,
        purposes=["referral", "counselling", "case_conference", "placement"],
    )
    case = Case.unrestricted.create(
        participant=person, owner_organisation=city, owner_position=position
    )
    referral = Referral.unrestricted.create(
        participant=person, from_position=position, to_organisation=receiver, reason="Fremd"
    )
    return {"id": None, "person": person, "consent": consent, "case": case, "referral": referral}


def _url(path, world):
    """The path with the world's ids: a participant, consent, referral or case of the
    City of Ludwigshafen by the path's resource; every other id one that does not exist."""
    kind_ids = {
        "/api/v1/participants/{id}": world["person"].pk,
        "/api/v1/rights/participants/{id}": world["person"].pk,
        "/api/v1/consents/{id}": world["consent"].pk,
        "/api/v1/referrals/{id}": world["referral"].pk,
        "/api/v1/cases/{id}": world["case"].pk,
    }
    url = path
    for prefix, pk in kind_ids.items():
        if path.startswith(prefix):
            url = path.replace("{id}", str(pk), 1)
    # The organisation none of the personas works for; every other id one that does not exist.
    url = url.replace("{slug}", "stadt-ludwigshafen")
    return re.sub(r"\{[a-z_]*id\}", str(MISSING), url)


def _state(world):
    """What a write would change: the logs and the person's records."""
    person = world["person"]
    case = Case.unrestricted.get(pk=world["case"].pk)
    return (
        case.assessments.count(),
        case.goals.count(),
        case.team.count(),
        # A refused step-up is recorded (auth.step_up.failed): the trail of the refusal,
        # not a write to anybody's data.
        AuditEntry.objects.exclude(action__startswith="auth.step_up.").count(),
        AccessLogEntry.objects.filter(action="write").count(),
        Consent.unrestricted.filter(participant=person).count(),
        Consent.unrestricted.filter(participant=person, withdrawn_on__isnull=False).count(),
        Referral.unrestricted.get(pk=world["referral"].pk).state,
        case.version,
        Participant.unrestricted.get(pk=person.pk).version,
        person.residence_statuses.count(),
        Participant.unrestricted.count(),
        person.aliases.count(),
        person.external_ids.count(),
    )


def _send(client, method, url, body):
    if method == "delete":
        return client.delete(url)
    return getattr(client, method)(url, body, content_type="application/json")


def test_the_matrix_covers_every_write_operation():
    assert len(WRITES) >= 48  # every write of the API, from its schema
    assert set(BODIES) <= set(WRITES), "BODIES names an operation the API no longer has"


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_no_persona_writes_to_another_organisations_records(persona, token_for):  # noqa: F811
    client = ApiClient(token_for(persona)) if persona != "anonymous" else ApiClient()
    world = _foreign_world()
    before = _state(world)
    answers = {}
    for method, path in WRITES:
        body = BODIES.get((method, path), {})
        response = _send(client, method, _url(path, world), body)
        answers[(method, path)] = response.status_code
        allowed = {401} if persona == "anonymous" else {403, 404}
        if (method, path) not in BODIES and persona != "anonymous":
            allowed |= {409, 422}  # a body the schema refuses, or a state conflict
        assert response.status_code in allowed, (persona, method, path, response.content[:300])
        assert _state(world) == before, ("written", persona, method, path)
    assert len(answers) == len(WRITES)


# --- the form pages -------------------------------------------------------------------

# The MATRIX kinds whose pages change one person's records (tests/test_access_matrix.py).
FORM_KINDS = {"participant", "residence", "benefit", "work_permit", "alias", "case"}
FORM_KINDS |= {"referral", "consent"}
FORM_ROUTES = sorted(name for name, (kind, *_rest) in MATRIX.items() if kind in FORM_KINDS)


def _page_kwargs(kind, world):
    person = world["person"]
    if kind in ("case", "referral", "consent"):
        return {"pk": world[kind].pk}
    if kind == "participant":
        return {"pk": person.pk}
    return {"pk": person.pk, "record_pk": _participant_record(person, kind).pk}


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
def test_no_form_page_writes_to_another_organisations_records(persona, client_for):
    """Every page of a person's records × every persona: a POST (empty, and with the
    fields of the consent form) to the City of Ludwigshafen's records changes nothing."""
    from django.test import Client

    client = Client() if persona == "anonymous" else client_for(persona)
    world = _foreign_world()
    kwargs = {name: _page_kwargs(MATRIX[name][0], world) for name in FORM_ROUTES}
    before = _state(world)
    consent_fields = {**BODIES[("post", "/api/v1/participants/{id}/consents")], "form": "written"}
    for name in FORM_ROUTES:
        url = reverse(name, kwargs=kwargs[name])
        for data in ({}, consent_fields):
            response = client.post(url, data)
            if persona == "anonymous":
                assert response.status_code in (302, 405), (name, response.status_code)
                if response.status_code == 302:
                    assert response["Location"].startswith(reverse("accounts:login")), name
            elif persona == "dpo" and name.startswith("rights:"):
                # The DPO's erasure and subject access reach every person by role
                # (docs/data-subject-rights.md), behind a fresh second factor.
                assert response.status_code in (200, 302, 400, 405), (name, response.status_code)
            else:
                assert response.status_code in (403, 404, 405), (persona, name)
            assert _state(world) == before, ("written", persona, name)


from tests.api.conftest import token_for  # noqa: E402, F401  (the API token fixture)
