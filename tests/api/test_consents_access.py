"""Every persona × every consent route of the API (paths starting /api/v1/consents; the
participant's consent list and recording are in test_participants_access.py)."""

import datetime as dt

import pytest

from inprocedere.api.urls import api
from inprocedere.network.models import Organisation
from inprocedere.participants.models import Participant
from inprocedere.privacy.models import Consent
from tests.conftest import PERSONAS

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1/consents"
REACH = {"authority_officer"}  # the person is registered by KV Germersheim, nothing else


@pytest.fixture
def consent():
    authority = Organisation.objects.get(slug="kv-germersheim")
    participant = Participant.unrestricted.create(
        family_name="Einwilligung", given_names="Elif", registered_by=authority
    )
    consent = Consent.unrestricted.create(
        participant=participant,
        categories=["identity"],
        purposes=["referral"],
        signed_on=dt.date.today() - dt.timedelta(days=10),
        recording_organisation=authority,
    )
    consent.recipients.set([authority])
    return consent


def _routes():
    """path template -> (method, body, status within reach, status for everyone else)."""
    today = dt.date.today().isoformat()
    return {
        ("get", PREFIX + "/{id}"): (None, 200, 404),
        ("post", PREFIX + "/{id}/withdraw"): ({"withdrawn_on": today}, 200, 404),
    }


def test_every_consent_route_is_covered():
    paths = api.get_openapi_schema()["paths"]
    operations = {
        (method, path)
        for path, methods in paths.items()
        if path.startswith(PREFIX)
        for method in methods
    }
    assert operations == set(_routes())


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_each_persona_on_each_route(persona, consent, token_for):
    client = ApiClient(token_for(persona))
    for (method, path), (body, reach, others) in _routes().items():
        url = path.replace("{id}", str(consent.pk))
        if body is None:
            response = getattr(client, method)(url)
        else:
            response = getattr(client, method)(url, body, content_type="application/json")
        expected = reach if persona in REACH else others
        assert response.status_code == expected, (persona, method, path, response.content)
    consent.refresh_from_db()
    assert (consent.withdrawn_on is not None) == (persona in REACH)


def test_anonymous_callers_get_401(consent):
    for (method, path), (body, *_statuses) in _routes().items():
        url = path.replace("{id}", str(consent.pk))
        kwargs = {"content_type": "application/json"} if body is not None else {}
        response = (
            getattr(ApiClient(), method)(url, body, **kwargs) if body else (ApiClient().get(url))
        )
        assert response.status_code == 401, (method, path)
