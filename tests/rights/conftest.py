"""A person with a record of every kind, in a carrier and funding period of their own."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from inprocedere.cases.models import (
    Activity,
    Case,
    Enrollment,
    Exit,
    FollowUp,
    Goal,
    Measure,
    NeedsAssessment,
    Placement,
    Referral,
    ReferralTransition,
)
from inprocedere.core import audit
from inprocedere.network.models import FundingPeriod, Organisation, Position, Region, SubProject
from inprocedere.participants.models import (
    Alias,
    BenefitPeriod,
    ExternalIdentifier,
    Participant,
    ResidenceStatus,
    ResidenceStatusType,
    WorkPermitApplication,
)
from inprocedere.privacy.models import AccessLogEntry, Consent
from inprocedere.rights.models import RetentionRule

# What must not survive an erasure anywhere in the database.
NEEDLES = (
    "Quendelbrook",
    "Zoltarina",
    "Quendelbruk",
    "JC-ERASE-7781",
    "DOCX-99812",
    "Xylotown",
    "zoltarina.q@example.org",
    "4915112345678",
    "Quendelweg",
    "Kreuzbrenner",
)
ENTRY = dt.date(2010, 3, 15)
EXIT = dt.date(2011, 2, 28)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def carrier(db):
    region = Region.objects.create(slug="rights-region", name="Rechte-Region")
    organisation = Organisation.objects.create(
        slug="rights-carrier", name="Rechte-Träger", kind="carrier"
    )
    period = FundingPeriod.objects.create(
        slug="rights-period",
        name="Rechte-Periode",
        starts_on=dt.date(2009, 1, 1),
        ends_on=dt.date(2012, 12, 31),
    )
    organisation.test_period = period
    organisation.test_subproject = SubProject.objects.create(
        name="Rechte-Teilprojekt",
        organisation=organisation,
        side="carrier",
        region=region,
        funding_period=period,
    )
    organisation.test_position = Position.objects.create(
        organisation=organisation, title="Beratung"
    )
    return organisation


@pytest.fixture
def rule(carrier):
    """Five years from 31 December of the year of the last payment (30.6.2013): until
    31.12.2018."""
    return RetentionRule.objects.create(
        funding_period=carrier.test_period,
        years=5,
        starts_from="last_payment",
        last_payment_on=dt.date(2013, 6, 30),
        source="test",
    )


def make_subject(carrier, *, closed=True, family_name="Quendelbrook", given_names="Zoltarina"):
    """A participant with a record of every kind the network keeps."""
    authority = Organisation.objects.get(slug="kv-germersheim")
    person = Participant.unrestricted.create(
        family_name=family_name,
        given_names=given_names,
        birth_date="1988-07-23",
        birth_place="Xylotown",
        gender="woman",
        citizenships=["SY"],
        phone="+4915112345678",
        email="zoltarina.q@example.org",
        street="Quendelweg 7",
        postcode="76726",
        municipality="Germersheim",
        household_note="lives with Zoltarina's sister",
        languages=["ar", "en"],
        registered_by=carrier,
        search_text=f" {given_names.lower()} {family_name.lower()} ",
    )
    Alias.objects.create(participant=person, family_name="Quendelbruk", given_names="Zolta")
    ExternalIdentifier.objects.create(
        participant=person,
        organisation=carrier,
        kind="jobcentre_customer",
        value="JC-ERASE-7781" if family_name == "Quendelbrook" else f"JC-{family_name}",
    )
    ResidenceStatus.objects.create(
        participant=person,
        status_type=ResidenceStatusType.objects.get(code="duldung"),
        valid_from=dt.date(2009, 5, 4),
        valid_until=dt.date(2010, 5, 3),
        document_number="DOCX-99812",
        residence_obligation="Landkreis Germersheim",
    )
    BenefitPeriod.objects.create(participant=person, system="sgb2", valid_from=dt.date(2010, 6, 1))
    WorkPermitApplication.objects.create(
        participant=person,
        applied_on=dt.date(2010, 4, 1),
        employer="Kreuzbrenner GmbH",
        job="Lagerhelferin",
        ban_reason="",
    )
    case = Case.unrestricted.create(
        participant=person,
        owner_organisation=carrier,
        owner_position=carrier.test_position,
        esf_entry_date=ENTRY,
        funding_period=carrier.test_period,
        subproject=carrier.test_subproject,
        employment_status_at_entry="unemployed",
        isced_at_entry=3,
        status="closed" if closed else "active",
    )
    Activity.objects.create(
        case=case,
        kind="counselling",
        date=ENTRY,
        duration_minutes=600,
        note="Zoltarina Quendelbrook talked about her work at Kreuzbrenner.",
        topics=["work"],
        position=carrier.test_position,
    )
    NeedsAssessment.objects.create(
        case=case,
        assessed_on=ENTRY,
        position=carrier.test_position,
        notes="Quendelbrook needs a German course.",
        work_experience="Kreuzbrenner, warehouse",
    )
    Goal.objects.create(case=case, text="Zoltarina finds a training place")
    measure = Measure.objects.create(
        title="Deutschkurs Rechte",
        provider=carrier,
        type="language_course",
        funding_source="esf",
        starts_on=dt.date(2010, 4, 1),
        ends_on=dt.date(2010, 9, 30),
    )
    Enrollment.objects.create(
        case=case,
        measure=measure,
        state="completed",
        started_on=dt.date(2010, 4, 1),
        ended_on=dt.date(2010, 9, 30),
        certificate="Zertifikat Quendelbrook A2",
        qualification_gained=True,
        note="Zoltarina passed",
    )
    Placement.objects.create(
        case=case,
        type="employment",
        employer="Kreuzbrenner GmbH",
        starts_on=dt.date(2011, 3, 1),
        weekly_hours=30,
    )
    if closed:
        Exit.objects.create(
            case=case, exit_date=EXIT, reason="placed", status_upon_leaving="employed"
        )
        FollowUp.objects.create(
            case=case,
            due_on=EXIT + dt.timedelta(days=183),
            done_on=EXIT + dt.timedelta(days=190),
            status="employed",
            situation_improved=True,
        )
    referral = Referral.unrestricted.create(
        participant=person,
        from_position=authority.positions.first(),
        to_organisation=carrier,
        reason="Ms Quendelbrook wants to work",
        goals="Work for Zoltarina",
        feedback="Zoltarina came to the first meeting",
        state="intake_done",
        case=case,
    )
    ReferralTransition.objects.create(
        referral=referral, to_state="sent", note="Quendelbrook sent over"
    )
    Consent.unrestricted.create(
        participant=person,
        purposes=["esf_monitoring"],
        signed_on=ENTRY,
        recording_organisation=carrier,
    )
    consent = Consent.unrestricted.create(
        participant=person,
        purposes=["referral"],
        categories=["identity"],
        signed_on=ENTRY,
        recording_organisation=carrier,
    )
    consent.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 Quendelbrook signed"))
    audit.record(
        "participants.participant.created",
        obj=person,
        detail={
            "family_name": "Quendelbrook",
            "changes": {"email": ["", "zoltarina.q@example.org"]},
        },
    )
    audit.record(
        "cases.note",
        detail={"text": "Phoned about Zoltarina Quendelbrook", "count": 3},
    )
    AccessLogEntry.objects.create(
        participant_ids=[person.pk],
        action="read",
        channel="page",
        categories=["identity"],
        path=f"/participants/{person.pk}/?tab=all",
    )
    other = Participant.unrestricted.create(
        family_name="Otherperson", given_names="Olga", registered_by=carrier
    )
    AccessLogEntry.objects.create(
        participant_ids=[other.pk],
        action="read",
        channel="page",
        categories=["identity"],
        path="/participants/?q=Quendelbrook",
    )
    return person


@pytest.fixture
def subject(carrier, rule):
    return make_subject(carrier)
