"""Every persona × every participant route of the API (paths starting /api/v1/participants)."""

import datetime as dt

import pytest

from inprocedere.api.urls import api
from inprocedere.network.models import Organisation, Position
from inprocedere.participants.models import (
    Alias,
    Participant,
    ResidenceStatus,
    ResidenceStatusType,
)
from tests.conftest import PERSONAS, grant_consent

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1/participants"
CASE_ROLES = {"case_worker", "team_lead", "authority_officer", "jobcentre_officer"}
REACH = {"case_worker", "team_lead", "authority_officer"}  # registered by KV, referred to ProfeS


@pytest.fixture
def person(refer_to_carrier_api):
    authority = Organisation.objects.get(slug="kv-germersheim")
    participant = Participant.unrestricted.create(
        family_name="Zugriff", given_names="Zora", registered_by=authority
    )
    ResidenceStatus.objects.create(
        participant=participant,
        status_type=ResidenceStatusType.objects.get(code="duldung"),
        valid_from=dt.date(2024, 1, 1),
    )
    refer_to_carrier_api(participant)
    participant.test_alias = Alias.objects.create(participant=participant, family_name="Zugrif")
    return participant


@pytest.fixture
def refer_to_carrier_api():
    from inprocedere.cases.models import Referral

    def make(participant):
        grant_consent(participant, "profes")
        Referral.unrestricted.create(
            participant=participant,
            from_position=Position.objects.get(
                organisation__slug="kv-germersheim",
                title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung",
            ),
            to_organisation=Organisation.objects.get(slug="profes"),
            reason="API",
        )

    return make


# path template -> (method, body builder or None, status for REACH, for other case roles,
#                   for everyone else)
def _bodies():
    today = dt.date.today().isoformat()
    return {
        ("get", PREFIX): (None, 200, 200, 200),  # lists: empty without reach
        ("post", PREFIX): (
            {"family_name": "Neu", "given_names": "Nina", "birth_date": "1999"},
            201,
            201,
            403,
        ),
        ("get", PREFIX + "/{id}"): (None, 200, 404, 404),
        ("patch", PREFIX + "/{id}"): ({"version": 1, "postcode": "76726"}, 200, 404, 404),
        ("get", PREFIX + "/{id}/residence-statuses"): (None, 200, 404, 404),
        ("post", PREFIX + "/{id}/residence-statuses"): (
            {"status_type": "duldung", "valid_from": today},
            201,
            404,
            404,
        ),
        ("get", PREFIX + "/{id}/benefit-periods"): (None, 200, 404, 404),
        ("post", PREFIX + "/{id}/benefit-periods"): (
            {"system": "asylblg_3", "valid_from": today},
            201,
            404,
            404,
        ),
        ("get", PREFIX + "/{id}/work-permit-applications"): (None, 200, 404, 404),
        ("get", PREFIX + "/{id}/consents"): (None, 200, 404, 404),
        ("post", PREFIX + "/{id}/consents"): (
            {
                "recipients": ["profes"],
                "categories": ["identity"],
                "purposes": ["referral"],
                "signed_on": today,
            },
            201,
            404,
            404,
        ),
        ("post", PREFIX + "/{id}/work-permit-applications"): (
            {"applied_on": today, "employer": "Firma", "job": "Lager"},
            201,
            404,
            404,
        ),
        # aliases and identifiers: tests/api/test_identity.py
        ("post", PREFIX + "/{id}/aliases"): ({"family_name": "Zugriv"}, 201, 404, 404),
        ("delete", PREFIX + "/{id}/aliases/{alias_id}"): (None, 204, 404, 404),
        ("post", PREFIX + "/{id}/identifiers"): (
            {"organisation": "kv-germersheim", "kind": "azr", "value": "AZR-1"},
            201,
            404,
            404,
        ),
    }


def test_every_participant_route_is_covered():
    paths = api.get_openapi_schema()["paths"]
    operations = {
        (method, path)
        for path, methods in paths.items()
        if path.startswith(PREFIX)
        for method in methods
    }
    assert operations == set(_bodies())


# ProfeS reaches the person by a referral under the person's consent: it reads, but
# changing the record and recording consents (which would widen its own reach, issue
# 16) stay with the organisation that holds the data (KV Germersheim).
CONSENTED = {"case_worker", "team_lead"}
OWN_ONLY_WRITES = {
    ("patch", PREFIX + "/{id}"),
    ("post", PREFIX + "/{id}/consents"),
    ("post", PREFIX + "/{id}/residence-statuses"),
    ("post", PREFIX + "/{id}/benefit-periods"),
    ("post", PREFIX + "/{id}/work-permit-applications"),
    ("post", PREFIX + "/{id}/aliases"),
    ("delete", PREFIX + "/{id}/aliases/{alias_id}"),
    ("post", PREFIX + "/{id}/identifiers"),
}


def _expected(persona, reach, other_case, others, *, route=None):
    if persona in CONSENTED and route in OWN_ONLY_WRITES:
        return 404
    if persona in REACH:
        return reach
    if persona in CASE_ROLES:
        return other_case
    return others


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_each_persona_on_each_route(persona, person, token_for):
    client = ApiClient(token_for(persona))
    for (method, path), (body, *statuses) in _bodies().items():
        url = path.replace("{id}", str(person.pk)).replace("{alias_id}", str(person.test_alias.pk))
        if body is None:
            response = getattr(client, method)(url)
        else:
            response = getattr(client, method)(url, body, content_type="application/json")
        expected = _expected(persona, *statuses, route=(method, path))
        assert response.status_code == expected, (persona, method, path, response.content[:300])
        if method == "get" and path == PREFIX:
            names = [item["family_name"] for item in response.json()["items"]]
            assert ("Zugriff" in names) == (persona in REACH), persona


def test_without_credentials_every_route_is_401(person):
    from django.test import Client

    for (method, path), (body, *_statuses) in _bodies().items():
        url = path.replace("{id}", str(person.pk)).replace("{alias_id}", str(person.test_alias.pk))
        response = getattr(Client(), method)(url, body or {}, content_type="application/json")
        assert response.status_code == 401, (method, path)


def test_residence_status_types_are_readable_by_everyone(persona, token_for):
    response = ApiClient(token_for(persona)).get("/api/v1/residence-status-types")
    assert response.status_code == 200
    codes = {item["code"] for item in response.json()["items"]}
    assert {"duldung", "104a-probe", "25a"} <= codes
