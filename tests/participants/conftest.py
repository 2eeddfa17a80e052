"""Participants for the tests, registered through the services by the personas."""

import datetime as dt

import pytest

from inprocedere.core.partial_dates import PartialDate
from inprocedere.network.models import Organisation, Position
from inprocedere.participants import services
from tests.conftest import grant_consent


@pytest.fixture
def register(user_for):
    """register(persona="authority_officer", family_name=..., ...) -> Participant."""

    def make(persona="authority_officer", *, family_name="Haidari", given_names="Ahmad", **data):
        data.setdefault("birth_date", PartialDate(1990, 5, 17))
        return services.participant_register(
            actor=user_for(persona), family_name=family_name, given_names=given_names, **data
        )

    return make


@pytest.fixture
def participant(register):
    """A participant registered by the immigration office of Germersheim (the authority)."""
    return register()


@pytest.fixture
def refer_to_carrier():
    """Refer a participant from the authority to the carrier ProfeS (case worker, team lead)."""
    from inprocedere.cases.models import Referral

    def make(participant, *, consent=True):
        carrier = Organisation.objects.get(
            pk=Position.objects.filter(tenures__person__user__username="caseworker")
            .first()
            .organisation_id
        )
        if consent:
            grant_consent(participant, carrier)
        return Referral.unrestricted.create(
            participant=participant,
            from_position=Position.objects.get(
                organisation__slug="kv-germersheim",
                title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung",
            ),
            to_organisation=carrier,
            reason="Test",
        )

    return make


TODAY = dt.date.today()
