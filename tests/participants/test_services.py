"""Participant services: policy, validation (nothing written on bad input), audit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from inprocedere.core.models import AuditEntry
from inprocedere.core.partial_dates import PartialDate
from inprocedere.core.versioning import StaleEdit
from inprocedere.network.models import Organisation
from inprocedere.participants import services
from inprocedere.participants.models import (
    BenefitPeriod,
    ExternalIdentifier,
    Participant,
    ResidenceStatus,
    WorkPermitApplication,
)

pytestmark = pytest.mark.django_db

NOT_CASE_WORK = ["coordinator", "ministry_reader", "dpo", "administrator", "outsider"]


def _audit(action):
    return AuditEntry.objects.filter(action=action)


def test_registering_records_the_organisation_search_text_and_audit(register):
    participant = register(family_name="Müller", given_names="Jürgen")
    assert participant.registered_by.slug == "kv-germersheim"
    assert participant.version == 1
    assert " juergen mueller " in participant.search_text
    entry = _audit("participants.participant.registered").get(object_id=str(participant.pk))
    assert entry.actor.username == "authority"
    assert entry.organisation == participant.registered_by


@pytest.mark.parametrize("persona", NOT_CASE_WORK)
def test_only_case_roles_register(persona, register):
    with pytest.raises(PermissionDenied):
        register(persona)
    assert not Participant.unrestricted.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"birth_date": PartialDate(dt.date.today().year + 1)}, "birth_date"),
        ({"birth_date": "31.02.1990"}, "birth_date"),
        ({"family_name": "x" * 151}, "family_name"),
        ({"gender": "other"}, "gender"),
        ({"email": "not-an-address"}, "email"),
        ({"citizenships": ["XX"]}, "citizenships"),
        ({"citizenships": ["SY"], "stateless": True}, "stateless"),
        ({"languages": ["arabic"]}, "languages"),
        ({"household_note": "x" * 301}, "household_note"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(register, data, field):
    with pytest.raises(ValidationError) as error:
        register(**data)
    assert field in error.value.message_dict
    assert not Participant.unrestricted.exists()
    assert not _audit("participants.participant.registered").exists()


def test_a_birth_date_known_to_the_year_is_kept_as_such(register):
    participant = register(birth_date="1987")
    participant.refresh_from_db()
    assert participant.birth_date == PartialDate(1987)


def test_update_with_version_and_stale_edit(participant, user_for):
    officer = user_for("authority_officer")
    services.participant_update(
        actor=officer, participant=participant, version=1, family_name="Haidary"
    )
    participant.refresh_from_db()
    assert participant.version == 2
    assert "haidary" in participant.search_text
    stale = Participant.unrestricted.get(pk=participant.pk)
    with pytest.raises(StaleEdit) as error, translation.override("en"):
        services.participant_update(actor=officer, participant=stale, version=1, given_names="A.")
    assert officer.display_name in error.value.messages[0]  # the person, not the sign-in name
    assert "family name" in error.value.messages[0]
    entry = _audit("participants.participant.updated").get()
    assert entry.detail["changes"]["family_name"] == ["Haidari", "Haidary"]


def test_update_outside_ones_reach_is_refused(participant, user_for):
    # The job centre has neither registered, referred nor a case of this person.
    with pytest.raises(PermissionDenied):
        services.participant_update(
            actor=user_for("jobcentre_officer"), participant=participant, version=1, email=""
        )


def test_update_validates_and_writes_nothing(participant, user_for):
    with pytest.raises(ValidationError):
        services.participant_update(
            actor=user_for("authority_officer"),
            participant=participant,
            version=1,
            birth_date=PartialDate(2999),
        )
    participant.refresh_from_db()
    assert participant.version == 1


def test_aliases_are_searched_and_removed(participant, user_for):
    officer = user_for("authority_officer")
    alias = services.alias_add(
        actor=officer, participant=participant, family_name="Haydari", source="passport"
    )
    participant.refresh_from_db()
    assert "haydari" in participant.search_text
    services.alias_remove(actor=officer, alias=alias)
    participant.refresh_from_db()
    assert "haydari" not in participant.search_text
    assert _audit("participants.alias.removed").exists()


def test_an_external_identifier_is_unique_per_organisation_and_kind(register, user_for):
    officer = user_for("authority_officer")
    jobcentre = Organisation.objects.get(slug="jc-germersheim")
    first, second = register(), register(family_name="Sultani", given_names="Mariam")
    services.external_id_add(
        actor=officer,
        participant=first,
        organisation=jobcentre,
        kind="jobcentre_customer",
        value="123D456",
    )
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.external_id_add(
            actor=officer,
            participant=second,
            organisation=jobcentre,
            kind="jobcentre_customer",
            value="123D456",
        )
    assert "registered twice" in error.value.message_dict["value"][0]
    assert ExternalIdentifier.objects.count() == 1


# --- residence statuses ---------------------------------------------------------------


def _add_status(user, participant, **data):
    return services.residence_status_add(actor=user, participant=participant, **data)


def test_a_residence_status_takes_its_paragraph_from_the_type(participant, user_for):
    status = _add_status(
        user_for("authority_officer"),
        participant,
        status_type="25-5",
        valid_from=dt.date(2015, 3, 1),
        valid_until=dt.date(2017, 2, 28),
        issuing_authority=Organisation.objects.get(slug="kv-germersheim"),
    )
    assert (status.paragraph, status.absatz, status.satz) == ("25", "5", "")
    assert status.status_type.code == "25-5"
    assert _audit("participants.residence_status.added").exists()


def test_a_fixed_end_date_is_filled_in_and_enforced(participant, user_for):
    officer = user_for("authority_officer")
    status = _add_status(
        officer, participant, status_type="104a-probe", valid_from=dt.date(2008, 3, 1)
    )
    assert status.valid_until == dt.date(2009, 12, 31)
    with pytest.raises(ValidationError) as error:
        _add_status(
            officer,
            participant,
            status_type="104a-probe",
            valid_from=dt.date(2008, 3, 1),
            valid_until=dt.date(2010, 6, 30),
        )
    assert "valid_until" in error.value.message_dict


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {
                "status_type": "duldung",
                "valid_from": dt.date(2020, 5, 1),
                "valid_until": dt.date(2020, 4, 30),
            },
            "valid_until",
        ),
        ({"status_type": "no-such-status", "valid_from": dt.date(2020, 5, 1)}, "status_type"),
        (
            {"status_type": "104c", "valid_from": dt.date(2020, 5, 1)},
            "status_type",
        ),  # before 31.12.2022
        ({"status_type": "23-1-imk", "valid_from": dt.date(2013, 1, 1)}, "status_type"),  # expired
        (
            {
                "status_type": "104c",
                "valid_from": dt.date(2023, 1, 1),
                "valid_until": dt.date(2025, 1, 1),
            },
            "valid_until",
        ),  # 18 months
        (
            {
                "status_type": "duldung",
                "valid_from": dt.date(2020, 5, 1),
                "document_number": "x" * 51,
            },
            "document_number",
        ),
        (
            {
                "status_type": "duldung",
                "valid_from": dt.date(2020, 5, 1),
                "work_endorsement": "whatever",
            },
            "work_endorsement",
        ),
    ],
)
def test_bad_residence_statuses_are_refused(participant, user_for, data, field):
    with pytest.raises(ValidationError) as error:
        _add_status(user_for("authority_officer"), participant, **data)
    assert field in error.value.message_dict, error.value.message_dict
    assert not ResidenceStatus.objects.exists()
    assert not _audit("participants.residence_status.added").exists()


def test_residence_status_by_someone_without_reach(participant, user_for):
    with pytest.raises(PermissionDenied):
        _add_status(
            user_for("case_worker"),
            participant,
            status_type="duldung",
            valid_from=dt.date(2020, 1, 1),
        )


def test_a_referral_brings_the_carrier_within_reading_reach_only(
    participant, user_for, refer_to_carrier
):
    from inprocedere.privacy import policy

    carrier = user_for("case_worker")
    refer_to_carrier(participant)
    assert policy.can(carrier, "participant.read", participant)
    # Changing the record stays with the organisations that hold the person's data.
    with pytest.raises(PermissionDenied):
        _add_status(carrier, participant, status_type="duldung", valid_from=dt.date(2020, 1, 1))


def test_a_referral_without_consent_brings_nobody_within_reach(
    participant, user_for, refer_to_carrier
):
    from inprocedere.privacy import policy

    refer_to_carrier(participant, consent=False)
    assert not policy.can(user_for("case_worker"), "participant.read", participant)


def test_residence_status_update(participant, user_for):
    officer = user_for("authority_officer")
    status = _add_status(
        officer, participant, status_type="duldung", valid_from=dt.date(2020, 1, 1)
    )
    services.residence_status_update(
        actor=officer, status=status, version=1, valid_until=dt.date(2020, 6, 30)
    )
    status.refresh_from_db()
    assert status.valid_until == dt.date(2020, 6, 30)
    with pytest.raises(ValidationError):
        services.residence_status_update(
            actor=officer, status=status, version=2, valid_until=dt.date(2019, 1, 1)
        )
    status.refresh_from_db()
    assert status.valid_until == dt.date(2020, 6, 30)


# --- benefits and work permits --------------------------------------------------------


def test_benefit_periods(participant, user_for):
    officer = user_for("authority_officer")
    period = services.benefit_period_add(
        actor=officer, participant=participant, system="asylblg_3", valid_from=dt.date(2019, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.benefit_period_add(
            actor=officer,
            participant=participant,
            system="sgb2",
            valid_from=dt.date(2021, 1, 1),
            valid_until=dt.date(2020, 1, 1),
        )
    assert "valid_until" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.benefit_period_add(
            actor=officer,
            participant=participant,
            system="nonsense",
            valid_from=dt.date(2021, 1, 1),
        )
    assert BenefitPeriod.objects.count() == 1
    services.benefit_period_update(
        actor=officer, period=period, version=1, valid_until=dt.date(2020, 12, 31)
    )
    assert _audit("participants.benefit_period.updated").exists()


def test_work_permit_applications(participant, user_for):
    officer = user_for("authority_officer")
    application = services.work_permit_application_add(
        actor=officer,
        participant=participant,
        applied_on=dt.date(2024, 4, 1),
        employer="Bäckerei Beispiel",
        job="Bäcker",
        hours_per_week=30,
    )
    for data, field in [
        ({"agency_decided_on": dt.date(2024, 3, 1)}, "agency_decided_on"),
        ({"hours_per_week": 90}, "hours_per_week"),
        ({"employer": "x" * 201}, "employer"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.work_permit_application_update(
                actor=officer, application=application, version=1, **data
            )
        assert field in error.value.message_dict
    services.work_permit_application_update(
        actor=officer,
        application=application,
        version=1,
        agency_decision="approved",
        agency_decided_on=dt.date(2024, 5, 2),
    )
    application.refresh_from_db()
    assert application.agency_decision == "approved"
    assert WorkPermitApplication.objects.count() == 1
