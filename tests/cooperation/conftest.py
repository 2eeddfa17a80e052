"""Cooperation fixtures: a case at ProfeS about a person registered by KV Germersheim,
with a consent for case conferences naming the immigration office and the job centre."""

import datetime as dt

import pytest
from django.utils import timezone

from inprocedere.cases.models import Case
from inprocedere.cooperation.services import conference_create
from inprocedere.network.models import Organisation, Position
from inprocedere.participants.models import Participant
from tests.conftest import grant_consent

CARRIER_POSITION = "Beratung und Begleitung Germersheim"
AUTHORITY_POSITION = "Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"
JOBCENTRE_POSITION = "Fallmanagement Migration"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org():
    return lambda slug: Organisation.objects.get(slug=slug)


@pytest.fixture
def carrier_position():
    return Position.objects.get(organisation__slug="profes", title=CARRIER_POSITION)


@pytest.fixture
def authority_position():
    return Position.objects.get(organisation__slug="kv-germersheim", title=AUTHORITY_POSITION)


@pytest.fixture
def jobcentre_position():
    return Position.objects.get(organisation__slug="jc-germersheim", title=JOBCENTRE_POSITION)


@pytest.fixture
def lead_position():
    return Position.objects.get(organisation__slug="profes", title="Projektleitung")


@pytest.fixture
def make_case(org, carrier_position):
    def make(*, consent_to=("kv-germersheim", "jc-germersheim"), purposes=("case_conference",)):
        participant = Participant.unrestricted.create(
            family_name="Haddad", given_names="Amina", registered_by=org("kv-germersheim")
        )
        case = Case.unrestricted.create(
            participant=participant,
            owner_organisation=org("profes"),
            owner_position=carrier_position,
        )
        if consent_to:
            grant_consent(participant, *consent_to, purposes=purposes)
        return case

    return make


@pytest.fixture
def case(make_case):
    return make_case()


@pytest.fixture
def vacant_authority_position(org, authority_position):
    """A position of KV Germersheim nobody holds, deputised by the `authority` persona's."""
    return Position.objects.create(
        organisation=org("kv-germersheim"),
        title="Ausländerbehörde – Einbürgerung (vakant)",
        roles=["authority_officer"],
        deputy=authority_position,
    )


@pytest.fixture
def coordination_position():
    return Position.objects.get(organisation__slug="ism", title="Projektkoordination")


@pytest.fixture
def plan(user_for, carrier_position, authority_position, jobcentre_position, case):
    def make(**kwargs):
        data = {
            "actor": user_for("case_worker"),
            "case": case,
            "chair_position": carrier_position,
            "positions": [authority_position, jobcentre_position],
            "title": "Fallbesprechung Haddad",
            "starts_at": at(7),
            "ends_at": at(7, 11),
            "place": "ProfeS, Raum 2",
            "video_url": "",
            "agenda": "1. Aufenthalt\n2. Ausbildung",
        }
        data.update(kwargs)
        return conference_create(**data)

    return make


def in_days(days):
    return timezone.localdate() + dt.timedelta(days=days)


def at(days, hour=10):
    day = in_days(days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


from tests.api.conftest import token_for  # noqa: E402, F401 - API tokens for the personas
