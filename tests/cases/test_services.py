"""Referrals, cases and their records: rules, bad input, other organisations, audit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from inprocedere.cases import services
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
)
from inprocedere.cases.workflows import CaseStatus, ReferralState
from inprocedere.core.models import AuditEntry
from inprocedere.core.versioning import StaleEdit
from tests.conftest import grant_consent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _audit(action):
    return AuditEntry.objects.filter(action=action)


# --- referrals ------------------------------------------------------------------------


def test_a_referral_is_sent_recorded_and_audited(referral, authority_position):
    assert referral.state == ReferralState.SENT
    [step] = referral.transitions.all()
    assert (step.from_state, step.to_state, step.position) == ("", "sent", authority_position)
    entry = _audit("case.referral.sent").get(object_id=str(referral.pk))
    assert entry.actor.username == "authority"
    assert entry.organisation.slug == "profes"


def test_a_duplicate_open_referral_is_refused_with_a_message(send, participant):
    send(participant)
    with pytest.raises(ValidationError) as info, translation.override("en"):
        send(participant)
    assert "already has an open referral" in str(info.value)
    assert Referral.unrestricted.filter(participant=participant).count() == 1


def test_the_database_refuses_a_duplicate_too(referral):
    duplicate = Referral(
        participant=referral.participant,
        from_position=referral.from_position,
        to_organisation=referral.to_organisation,
        reason="again",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_after_a_decline_the_person_can_be_referred_again(send, participant, user_for):
    first = send(participant)
    services.referral_decline(actor=user_for("case_worker"), referral=first, reason="No place.")
    second = send(participant)
    assert second.pk != first.pk


def test_the_decline_reason_is_feedback_for_the_referrer(referral, user_for, client_for):
    services.referral_decline(
        actor=user_for("case_worker"), referral=referral, reason="No places until March."
    )
    referral.refresh_from_db()
    assert referral.feedback == "No places until March."
    page = client_for("authority_officer").get(f"/referrals/{referral.pk}/")
    assert "No places until March." in page.content.decode()


def test_declining_needs_a_reason(referral, user_for):
    with pytest.raises(ValidationError):
        services.referral_decline(actor=user_for("case_worker"), referral=referral, reason="  ")
    referral.refresh_from_db()
    assert referral.state == "sent"


def test_only_the_receiving_side_answers(referral, user_for):
    for persona in ("authority_officer", "jobcentre_officer", "coordinator", "outsider"):
        with pytest.raises(PermissionDenied):
            services.referral_accept(
                actor=user_for(persona), referral=referral, first_appointment=timezone.now()
            )
        with pytest.raises(PermissionDenied):
            services.referral_decline(actor=user_for(persona), referral=referral, reason="x")
    referral.refresh_from_db()
    assert referral.state == "sent"
    assert referral.transitions.count() == 1


def test_only_the_sending_side_withdraws(referral, user_for):
    for persona in ("case_worker", "team_lead", "jobcentre_officer"):
        with pytest.raises(PermissionDenied):
            services.referral_withdraw(actor=user_for(persona), referral=referral)
    services.referral_withdraw(actor=user_for("authority_officer"), referral=referral)
    referral.refresh_from_db()
    assert referral.state == "withdrawn"


def test_the_sending_position_must_be_the_actors(participant, user_for, carrier_position, org):
    with pytest.raises(PermissionDenied):
        services.referral_create(
            actor=user_for("authority_officer"),
            from_position=carrier_position,
            participant=participant,
            to_organisation=org("jc-germersheim"),
            reason="x",
        )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "x" * 4001}, "reason"),
        ({"goals": "x" * 4001}, "goals"),
        ({"urgency": "yesterday"}, "urgency"),
    ],
)
def test_bad_referral_input_is_refused(send, participant, change, field):
    with pytest.raises(ValidationError) as info:
        send(participant, **change)
    assert field in info.value.message_dict
    assert not Referral.unrestricted.filter(participant=participant).exists()


def test_referring_to_ones_own_organisation_or_a_foreign_position_is_refused(
    send, participant, org, carrier_position
):
    with pytest.raises(ValidationError):
        send(participant, to_organisation=org("kv-germersheim"))
    with pytest.raises(ValidationError):
        send(participant, to_organisation=org("jc-germersheim"), to_position=carrier_position)


def test_a_participant_out_of_reach_cannot_be_referred(make_participant, send):
    stranger = make_participant(registered_by="stadt-ludwigshafen")
    with pytest.raises(PermissionDenied):
        send(stranger)


def test_intake_opens_the_case_at_the_receiving_organisation(case, participant, carrier_position):
    assert case.owner_organisation.slug == "profes"
    assert case.owner_position == carrier_position
    assert case.participant == participant
    referral = Referral.unrestricted.get(participant=participant)
    assert referral.state == "intake_done"
    assert referral.case == case
    assert _audit("case.opened").filter(object_id=str(case.pk)).exists()


def test_intake_needs_a_position_of_the_receiving_organisation(
    referral, user_for, authority_position
):
    caseworker = user_for("case_worker")
    services.referral_accept(actor=caseworker, referral=referral, first_appointment=timezone.now())
    referral.refresh_from_db()
    with pytest.raises(ValidationError):
        services.referral_intake_done(
            actor=caseworker, referral=referral, owner_position=authority_position
        )
    assert not Case.unrestricted.exists()


# --- the case and its records ---------------------------------------------------------


def test_a_stale_case_update_is_refused(case, user_for):
    caseworker, lead = user_for("case_worker"), user_for("team_lead")
    services.case_update(actor=lead, case=case, version=1, rural=True)
    with pytest.raises(StaleEdit) as info:
        services.case_update(actor=caseworker, case=case, version=1, homeless=True)
    assert lead.display_name in str(info.value)  # the person, not the sign-in name
    case.refresh_from_db()
    assert (case.version, case.rural, case.homeless) == (2, True, False)


def test_an_activity_updates_the_last_contact(case, user_for, carrier_position):
    day = TODAY() - dt.timedelta(days=3)
    activity = services.activity_add(
        actor=user_for("case_worker"),
        case=case,
        kind="counselling",
        date=day,
        duration_minutes=45,
        topics=["work permit"],
        note="Talked about the Beschäftigungserlaubnis.",
        confidential=True,
    )
    case.refresh_from_db()
    assert case.last_contact_on == day
    assert activity.position == carrier_position


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": TODAY() + dt.timedelta(days=1)}, "date"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": -5}, "duration_minutes"),
        ({"kind": "karaoke"}, "kind"),
        ({"note": "x" * 10001}, "note"),
        ({"topics": ["x" * 101]}, "topics"),
    ],
)
def test_bad_activities_are_refused(case, user_for, change, field):
    data = {"kind": "counselling", "date": TODAY(), "duration_minutes": 30}
    data.update(change)
    with pytest.raises(ValidationError) as info:
        services.activity_add(actor=user_for("case_worker"), case=case, **data)
    assert field in info.value.message_dict
    assert not Activity.objects.exists()


def test_assessment_goal_placement(case, user_for):
    actor = user_for("case_worker")
    assessment = services.needs_assessment_add(
        actor=actor,
        case=case,
        assessed_on=TODAY(),
        languages=[{"language": "DE", "level": "a2"}],
        isced_level=3,
        qualifications=[{"title": "Electrician", "country": "SY", "recognition": "partial"}],
        driving_licence="B",
        childcare_needed=True,
    )
    assert assessment.languages == [{"language": "de", "level": "A2"}]
    goal = services.goal_add(actor=actor, case=case, text="Work permit granted")
    services.goal_set_status(actor=actor, goal=goal, status="reached", version=1)
    goal.refresh_from_db()
    assert (goal.status, goal.version, goal.updated_by) == ("reached", 2, actor)
    placement = services.placement_add(
        actor=actor,
        case=case,
        type="employment",
        employer="Spedition Weber",
        starts_on=TODAY(),
        weekly_hours=30,
        secures_livelihood=True,
    )
    assert placement.pk


@pytest.mark.parametrize(
    ("service", "data", "field"),
    [
        ("needs_assessment_add", {"assessed_on": TODAY() + dt.timedelta(days=2)}, "assessed_on"),
        ("needs_assessment_add", {"assessed_on": TODAY(), "isced_level": 9}, "isced_level"),
        (
            "needs_assessment_add",
            {"assessed_on": TODAY(), "languages": [{"language": "de", "level": "Z9"}]},
            "languages",
        ),
        ("goal_add", {"text": ""}, "text"),
        ("goal_add", {"text": "x" * 501}, "text"),
        (
            "placement_add",
            {"type": "astronaut", "employer": "NASA", "starts_on": TODAY()},
            "type",
        ),
        (
            "placement_add",
            {
                "type": "employment",
                "employer": "Weber",
                "starts_on": TODAY(),
                "ends_on": TODAY() - dt.timedelta(days=1),
            },
            "ends_on",
        ),
        (
            "placement_add",
            {"type": "employment", "employer": "Weber", "starts_on": dt.date(2001, 1, 1)},
            "starts_on",
        ),
    ],
)
def test_bad_records_are_refused(case, user_for, service, data, field):
    with pytest.raises(ValidationError) as info:
        getattr(services, service)(actor=user_for("case_worker"), case=case, **data)
    assert field in info.value.message_dict
    assert not NeedsAssessment.objects.exists()
    assert not Goal.objects.exists()
    assert not Placement.objects.exists()


def test_goal_status_must_be_known(case, user_for):
    actor = user_for("case_worker")
    goal = services.goal_add(actor=actor, case=case, text="B1")
    with pytest.raises(ValidationError):
        services.goal_set_status(actor=actor, goal=goal, status="forgotten", version=1)


def test_exit_closes_the_case_and_schedules_the_follow_up(case, user_for):
    actor = user_for("case_worker")
    exit_date = TODAY() - dt.timedelta(days=1)
    services.exit_record(
        actor=actor,
        case=case,
        exit_date=exit_date,
        reason="placed",
        status_upon_leaving="employed",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    follow_up = FollowUp.objects.get(case=case)
    months = (follow_up.due_on.year - exit_date.year) * 12 + follow_up.due_on.month
    assert months - exit_date.month == 6
    with pytest.raises(ValidationError):
        services.exit_record(
            actor=actor, case=case, exit_date=TODAY(), reason="other", status_upon_leaving="other"
        )
    with pytest.raises(ValidationError):
        services.activity_add(
            actor=actor, case=case, kind="counselling", date=TODAY(), duration_minutes=5
        )
    services.follow_up_record(
        actor=actor, case=case, done_on=TODAY(), status="employed", situation_improved=True
    )
    follow_up.refresh_from_db()
    assert follow_up.done_on == TODAY()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"exit_date": dt.date(2000, 1, 1)}, "exit_date"),
        ({"exit_date": TODAY() + dt.timedelta(days=1)}, "exit_date"),
        ({"reason": "bored"}, "reason"),
        ({"status_upon_leaving": "astronaut"}, "status_upon_leaving"),
    ],
)
def test_bad_exits_are_refused(case, user_for, change, field):
    data = {"exit_date": TODAY(), "reason": "placed", "status_upon_leaving": "employed"}
    data.update(change)
    with pytest.raises(ValidationError) as info:
        services.exit_record(actor=user_for("case_worker"), case=case, **data)
    assert field in info.value.message_dict
    case.refresh_from_db()
    assert case.status == "active"
    assert not Exit.objects.exists()
    assert not FollowUp.objects.exists()


def test_a_follow_up_needs_an_exit(case, user_for):
    with pytest.raises(ValidationError):
        services.follow_up_record(
            actor=user_for("case_worker"), case=case, done_on=TODAY(), status="employed"
        )


def test_measures(user_for, org):
    actor = user_for("case_worker")
    measure = services.measure_create(
        actor=actor,
        provider=org("profes"),
        title="Bewerbungstraining",
        type="application_training",
        funding_source="esf",
        starts_on=TODAY(),
        ends_on=TODAY() + dt.timedelta(days=30),
        places=12,
    )
    assert measure.pk
    with pytest.raises(ValidationError):
        services.measure_create(
            actor=actor,
            provider=org("profes"),
            title="Backwards",
            type="other",
            funding_source="esf",
            starts_on=TODAY(),
            ends_on=TODAY() - dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.measure_create(
            actor=actor,
            provider=org("profes"),
            title="Unknown funding",
            type="other",
            funding_source="lottery",
            starts_on=TODAY(),
            ends_on=TODAY(),
        )
    with pytest.raises(PermissionDenied):  # not the actor's organisation
        services.measure_create(
            actor=actor,
            provider=org("dw"),
            title="Someone else's",
            type="other",
            funding_source="esf",
            starts_on=TODAY(),
            ends_on=TODAY(),
        )
    with pytest.raises(PermissionDenied):
        services.measure_create(
            actor=user_for("coordinator"),
            provider=org("ism"),
            title="x",
            type="other",
            funding_source="esf",
            starts_on=TODAY(),
            ends_on=TODAY(),
        )
    assert Measure.objects.count() == 1


# --- another organisation tries to write ----------------------------------------------

WRITES = {
    "activity_add": {"kind": "counselling", "date": TODAY(), "duration_minutes": 30},
    "needs_assessment_add": {"assessed_on": TODAY()},
    "goal_add": {"text": "B1"},
    "placement_add": {"type": "employment", "employer": "Weber", "starts_on": TODAY()},
    "exit_record": {"exit_date": TODAY(), "reason": "placed", "status_upon_leaving": "employed"},
    "case_set_status": {"status": "paused"},
    "case_update": {"version": 1, "rural": True},
    "handover_create": {"to_organisation": None, "reason": "SGB II"},
}


@pytest.mark.parametrize("service", sorted(WRITES))
@pytest.mark.parametrize(
    "persona", ["authority_officer", "jobcentre_officer", "coordinator", "dpo", "outsider"]
)
def test_outsiders_of_the_case_cannot_write(case, user_for, org, service, persona):
    data = dict(WRITES[service])
    if "to_organisation" in data:
        data["to_organisation"] = org("jc-germersheim")
    audit_before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        getattr(services, service)(actor=user_for(persona), case=case, **data)
    case.refresh_from_db()
    assert (case.version, case.status, case.rural) == (1, "active", False)
    assert AuditEntry.objects.count() == audit_before
    assert not Activity.objects.exists()
    assert not Referral.unrestricted.filter(kind="handover").exists()


def test_outsiders_cannot_move_an_enrollment(case, user_for, org):
    measure = Measure.objects.create(
        title="B1",
        provider=org("profes"),
        type="language_course",
        funding_source="esf",
        starts_on=TODAY(),
        ends_on=TODAY(),
    )
    enrollment = services.enrollment_add(actor=user_for("case_worker"), case=case, measure=measure)
    with pytest.raises(PermissionDenied):
        services.enrollment_transition(
            actor=user_for("jobcentre_officer"), enrollment=enrollment, state="ongoing", on=TODAY()
        )
    enrollment.refresh_from_db()
    assert enrollment.state == "planned"
    assert Enrollment.objects.count() == 1


def test_a_team_position_records_work_but_does_not_manage(case, user_for, jobcentre_position):
    grant_consent(case.participant, "jc-germersheim", purposes=["counselling"])
    services.case_team_add(actor=user_for("case_worker"), case=case, position=jobcentre_position)
    jobcentre = user_for("jobcentre_officer")
    activity = services.activity_add(
        actor=jobcentre, case=case, kind="counselling", date=TODAY(), duration_minutes=20
    )
    assert activity.position == jobcentre_position
    with pytest.raises(PermissionDenied):
        services.case_set_status(actor=jobcentre, case=case, status="paused")
    services.case_team_remove(actor=user_for("team_lead"), case=case, position=jobcentre_position)
    with pytest.raises(PermissionDenied):
        services.goal_add(actor=jobcentre, case=case, text="B1")


def test_the_team_takes_only_positions_of_other_organisations(case, user_for, carrier_position):
    with pytest.raises(ValidationError):
        services.case_team_add(actor=user_for("case_worker"), case=case, position=carrier_position)
