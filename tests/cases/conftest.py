"""Case-work fixtures: participants created directly, referrals and cases through the services."""

import datetime as dt

import pytest
from django.utils import timezone

from inprocedere.cases import services
from inprocedere.network.models import Organisation, Position
from inprocedere.participants.models import Participant
from tests.conftest import grant_consent

AUTHORITY_POSITION = "Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"
CARRIER_POSITION = "Beratung und Begleitung Germersheim"
JOBCENTRE_POSITION = "Fallmanagement Migration"


@pytest.fixture
def org():
    return lambda slug: Organisation.objects.get(slug=slug)


@pytest.fixture
def authority_position():
    return Position.objects.get(organisation__slug="kv-germersheim", title=AUTHORITY_POSITION)


@pytest.fixture
def carrier_position():
    return Position.objects.get(organisation__slug="profes", title=CARRIER_POSITION)


@pytest.fixture
def jobcentre_position():
    return Position.objects.get(organisation__slug="jc-germersheim", title=JOBCENTRE_POSITION)


@pytest.fixture
def make_participant(org):
    counter = iter(range(1, 10_000))

    def make(registered_by="kv-germersheim", **kwargs):
        n = next(counter)
        defaults = {"family_name": f"Testperson{n}", "given_names": "Amina"}
        defaults.update(kwargs)
        return Participant.unrestricted.create(registered_by=org(registered_by), **defaults)

    return make


@pytest.fixture
def participant(make_participant):
    return make_participant(family_name="Haddad", given_names="Amina")


@pytest.fixture
def send(user_for, authority_position, org):
    """The immigration office refers a participant to ProfeS."""

    def make(participant, *, consent=True, **kwargs):
        if consent:
            grant_consent(participant, kwargs.get("to_organisation") or org("profes"))
        data = {
            "actor": user_for("authority_officer"),
            "from_position": authority_position,
            "participant": participant,
            "to_organisation": org("profes"),
            "reason": "Tolerated since 2007, wants to work as a cook.",
            "goals": "Language course, work permit",
        }
        data.update(kwargs)
        return services.referral_create(**data)

    return make


@pytest.fixture
def referral(send, participant):
    return send(participant)


@pytest.fixture
def open_case(user_for, send, carrier_position):
    """A referral accepted and taken in: the case at ProfeS."""

    def make(participant, esf_entry_date=None):
        referral = send(participant)
        caseworker = user_for("case_worker")
        services.referral_accept(
            actor=caseworker,
            referral=referral,
            first_appointment=timezone.now() + dt.timedelta(days=2),
        )
        referral.refresh_from_db()
        return services.referral_intake_done(
            actor=caseworker,
            referral=referral,
            owner_position=carrier_position,
            esf_entry_date=esf_entry_date or timezone.localdate() - dt.timedelta(days=60),
        )

    return make


@pytest.fixture
def case(open_case, participant):
    return open_case(participant)
