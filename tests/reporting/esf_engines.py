"""Run the ESF rule tests' plain facts through the SQL engine: write them as records.

Every fact of `esf_reference` becomes the row the application would hold (participant,
consents, cases with their opening day, activities, exit, follow-up, placements,
completed enrolments), with the facts' own ids, so a test reads the same ids back.
"""

import datetime as dt

from django.utils import timezone

from inprocedere.cases.models import (
    Activity,
    Case,
    Enrollment,
    Exit,
    FollowUp,
    Measure,
    Placement,
)
from inprocedere.participants.models import Participant
from inprocedere.privacy.models import Consent
from inprocedere.reporting.esf import build_report
from inprocedere.reporting.selectors import Scope


def _clear(carrier):
    """Forget an earlier call's records (a test may report twice)."""
    cases = Case.unrestricted.filter(owner_organisation=carrier)
    for model in (Enrollment, Placement, FollowUp, Exit, Activity):
        model.objects.filter(case__in=cases).delete()
    cases.delete()
    people = Participant.unrestricted.filter(registered_by=carrier)
    Consent.unrestricted.filter(participant__in=people).delete()
    people.delete()


def _person(facts, carrier):
    participant = Participant.unrestricted.create(
        pk=facts.participant_id,
        family_name="Regel",
        given_names=f"Person {facts.participant_id}",
        gender=facts.gender,
        birth_date=facts.birth_date.isoformat() if facts.birth_date else "",
        citizenships=list(facts.citizenships),
        stateless=facts.stateless,
        foreign_background=facts.foreign_background,
        disability=facts.disability,
        minority=facts.minority,
        registered_by=carrier,
    )
    for consent in facts.esf_consents:
        Consent.unrestricted.create(
            participant=participant,
            purposes=["esf_monitoring"],
            signed_on=consent.signed_on,
            valid_until=consent.valid_until,
            withdrawn_on=consent.withdrawn_on,
            recording_organisation=carrier,
        )


def _case(facts, carrier, measure):
    case = Case.unrestricted.create(
        pk=facts.case_id,
        participant_id=facts.participant_id,
        owner_organisation=carrier,
        owner_position=carrier.test_position,
        esf_entry_date=facts.entry_date,
        employment_status_at_entry=facts.employment_status,
        isced_at_entry=facts.isced,
        homeless=facts.homeless,
        rural=facts.rural,
    )
    noon = dt.datetime.combine(facts.opened_on, dt.time(12), tzinfo=timezone.get_current_timezone())
    Case.unrestricted.filter(pk=case.pk).update(opened_at=noon)
    if facts.minutes:
        Activity.objects.create(
            case=case,
            kind="counselling",
            date=facts.opened_on,
            duration_minutes=facts.minutes,
            position=carrier.test_position,
        )
    if facts.exit:
        Exit.objects.create(
            case=case,
            exit_date=facts.exit.exit_date,
            reason="other",
            status_upon_leaving=facts.exit.status_upon_leaving,
            qualification_gained=facts.exit.qualification_gained,
        )
    if facts.follow_up:
        FollowUp.objects.create(
            case=case,
            due_on=facts.opened_on,
            status=facts.follow_up.status,
            situation_improved=facts.follow_up.situation_improved,
        )
    for placement in facts.placements:
        Placement.objects.create(
            case=case, type=placement.type, employer="Firma", starts_on=placement.starts_on
        )
    for enrolment in facts.enrolments:
        Enrollment.objects.create(
            case=case,
            measure=measure,
            state="completed",
            ended_on=enrolment.ended_on,
            qualification_gained=enrolment.qualification_gained,
        )


def sql_report(people, cases, *, carrier, date_from, date_to, min_hours=8):
    """The report the SQL engine gives for these facts, written to the database first."""
    _clear(carrier)
    measure = Measure.objects.create(
        title="Kurs",
        provider=carrier,
        type="qualification",
        funding_source="esf",
        starts_on=dt.date(2000, 1, 1),
        ends_on=dt.date(2030, 12, 31),
    )
    for facts in people.values():
        _person(facts, carrier)
    for facts in cases:
        _case(facts, carrier, measure)
    return build_report(
        date_from=date_from, date_to=date_to, scope=Scope(organisation=carrier), min_hours=min_hours
    )
