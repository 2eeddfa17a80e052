"""A small carrier of its own, so ESF tests count only the people they make."""

import datetime as dt

import pytest

from inprocedere.cases.models import Activity, Case, Exit, FollowUp, Placement
from inprocedere.network.models import FundingPeriod, Organisation, Position, Region, SubProject
from inprocedere.participants.models import Participant
from inprocedere.privacy.models import Consent

ENTRY = dt.date(2010, 3, 15)


@pytest.fixture
def carrier(db):
    region = Region.objects.create(slug="esf-test-region", name="ESF-Testregion")
    organisation = Organisation.objects.create(
        slug="esf-test-carrier", name="ESF-Testträger", kind="carrier"
    )
    period = FundingPeriod.objects.create(
        slug="esf-test-period",
        name="Testperiode",
        starts_on=dt.date(2009, 1, 1),
        ends_on=dt.date(2012, 12, 31),
    )
    subproject = SubProject.objects.create(
        name="Testteilprojekt",
        organisation=organisation,
        side="carrier",
        region=region,
        funding_period=period,
    )
    position = Position.objects.create(organisation=organisation, title="Beratung")
    organisation.test_position = position
    organisation.test_subproject = subproject
    organisation.test_region = region
    return organisation


@pytest.fixture
def make_participant(carrier):
    """A participant who counts unless told otherwise: consent, complete data, 8 hours."""

    def make(
        *,
        gender="woman",
        birth_date="1990-05-17",
        citizenships=("SY",),
        consent=True,
        entry=ENTRY,
        hours=8,
        exit=None,
        subproject=True,
        **case_fields,
    ):
        participant = Participant.unrestricted.create(
            family_name="Test",
            given_names=gender,
            gender=gender,
            birth_date=birth_date,
            citizenships=list(citizenships),
            registered_by=carrier,
        )
        if consent:
            Consent.unrestricted.create(
                participant=participant,
                purposes=["esf_monitoring"],
                signed_on=entry,
                recording_organisation=carrier,
            )
        add_case(
            participant,
            carrier,
            entry=entry,
            hours=hours,
            exit=exit,
            subproject=subproject,
            **case_fields,
        )
        return participant

    return make


def add_case(participant, carrier, *, entry, hours=8, exit=None, subproject=True, **fields):
    fields = {"employment_status_at_entry": "unemployed", "isced_at_entry": 3, **fields}
    placement = fields.pop("placement", None)
    follow_up = fields.pop("follow_up", None)
    case = Case.unrestricted.create(
        participant=participant,
        owner_organisation=carrier,
        owner_position=carrier.test_position,
        esf_entry_date=entry,
        subproject=carrier.test_subproject if subproject else None,
        **fields,
    )
    if hours:
        Activity.objects.create(
            case=case,
            kind="counselling",
            date=entry or ENTRY,
            duration_minutes=hours * 60,
            position=carrier.test_position,
        )
    if exit:
        exit_date, status = exit
        Exit.objects.create(
            case=case, exit_date=exit_date, reason="other", status_upon_leaving=status
        )
    if placement:
        kind, starts_on = placement
        Placement.objects.create(case=case, type=kind, employer="Firma", starts_on=starts_on)
    if follow_up:
        status, improved = follow_up
        FollowUp.objects.create(
            case=case,
            due_on=exit[0] + dt.timedelta(days=183),
            status=status,
            situation_improved=improved,
        )
    return case
