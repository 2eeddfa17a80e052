"""Participants for duplicate detection: registered through the services (so their
blocking keys exist), with a case at the carrier ProfeS, where the personas case_worker
and team_lead work, so both people of a pair lie within their reach."""

import pytest
from django.utils import translation

from inprocedere.core.partial_dates import PartialDate
from inprocedere.network.models import Organisation
from inprocedere.participants import services


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def carrier_case(participant):
    """A case at ProfeS: the carrier's case worker and team lead reach the person."""
    from inprocedere.cases.models import Case

    carrier = Organisation.objects.get(slug="profes")
    return Case.unrestricted.create(
        participant=participant,
        owner_organisation=carrier,
        owner_position=carrier.positions.get(title="Beratung und Begleitung Germersheim"),
    )


@pytest.fixture
def person(user_for):
    """person(family, given, born="1988-03-14", citizenships=(), case=True) -> Participant,
    registered by the case worker's organisation (ProfeS)."""

    def make(family, given, born="1988-03-14", citizenships=(), case=True, persona="case_worker"):
        participant = services.participant_register(
            actor=user_for(persona),
            family_name=family,
            given_names=given,
            birth_date=PartialDate.parse(born) if born else None,
            citizenships=list(citizenships),
        )
        if case:
            carrier_case(participant)
        return participant

    return make
