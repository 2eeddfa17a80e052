"""Every allowed and every refused transition of referrals, cases and enrolments."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inprocedere.cases import services
from inprocedere.cases.models import Case, Enrollment, Measure, Referral, ReferralTransition
from inprocedere.cases.workflows import (
    CASE_TRANSITIONS,
    ENROLLMENT_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    CaseStatus,
    EnrollmentState,
    ReferralState,
    check_transition,
)

pytestmark = pytest.mark.django_db


def _pairs(choices):
    return list(itertools.product(choices.values, choices.values))


@pytest.mark.parametrize(("current", "target"), _pairs(ReferralState))
def test_check_transition_follows_the_referral_table(current, target):
    if target in REFERRAL_TRANSITIONS[current]:
        check_transition(REFERRAL_TRANSITIONS, ReferralState, current, target)
    else:
        with pytest.raises(ValidationError) as info:
            check_transition(REFERRAL_TRANSITIONS, ReferralState, current, target)
        assert info.value.code == "transition"


def test_an_unknown_state_is_refused():
    with pytest.raises(ValidationError) as info:
        check_transition(REFERRAL_TRANSITIONS, ReferralState, "sent", "teleported")
    assert info.value.code == "unknown"


def _referral_step(target, referral, user_for, carrier_position):
    caseworker = user_for("case_worker")
    if target == ReferralState.ACCEPTED:
        return services.referral_accept(
            actor=caseworker,
            referral=referral,
            first_appointment=timezone.now() + dt.timedelta(days=1),
        )
    if target == ReferralState.DECLINED:
        return services.referral_decline(actor=caseworker, referral=referral, reason="Full.")
    if target == ReferralState.WITHDRAWN:
        return services.referral_withdraw(actor=user_for("authority_officer"), referral=referral)
    return services.referral_intake_done(
        actor=caseworker, referral=referral, owner_position=carrier_position
    )


SERVICE_TARGETS = [s for s in ReferralState.values if s != ReferralState.SENT]


@pytest.mark.parametrize(
    ("current", "target"), list(itertools.product(ReferralState.values, SERVICE_TARGETS))
)
def test_referral_services_follow_the_table(current, target, referral, user_for, carrier_position):
    Referral.unrestricted.filter(pk=referral.pk).update(state=current)
    referral.refresh_from_db()
    steps_before = ReferralTransition.objects.filter(referral=referral).count()
    if target in REFERRAL_TRANSITIONS[current]:
        _referral_step(target, referral, user_for, carrier_position)
        referral.refresh_from_db()
        assert referral.state == target
        step = referral.transitions.last()
        assert (step.from_state, step.to_state) == (current, target)
        assert step.actor is not None
        assert step.position is not None
    else:
        with pytest.raises(ValidationError):
            _referral_step(target, referral, user_for, carrier_position)
        referral.refresh_from_db()
        assert referral.state == current
        assert ReferralTransition.objects.filter(referral=referral).count() == steps_before
        assert not Case.unrestricted.filter(participant=referral.participant).exists()


@pytest.mark.parametrize(("current", "target"), _pairs(CaseStatus))
def test_case_status_follows_the_table(current, target, case, user_for):
    Case.unrestricted.filter(pk=case.pk).update(status=current)
    case.refresh_from_db()
    actor = user_for("case_worker")
    if target in CASE_TRANSITIONS[current]:
        services.case_set_status(actor=actor, case=case, status=target, reason="why")
        case.refresh_from_db()
        assert case.status == target
        assert case.version == 2
    else:
        with pytest.raises(ValidationError):
            services.case_set_status(actor=actor, case=case, status=target)
        case.refresh_from_db()
        assert (case.status, case.version) == (current, 1)


@pytest.fixture
def measure(org):
    return Measure.objects.create(
        title="Deutschkurs B1",
        provider=org("profes"),
        type=Measure.Type.LANGUAGE_COURSE,
        funding_source=Measure.Funding.ESF,
        starts_on=dt.date(2010, 1, 1),
        ends_on=dt.date(2030, 1, 1),
    )


@pytest.mark.parametrize(("current", "target"), _pairs(EnrollmentState))
def test_enrollment_transitions_follow_the_table(current, target, case, measure, user_for):
    actor = user_for("case_worker")
    enrollment = services.enrollment_add(actor=actor, case=case, measure=measure)
    today = timezone.localdate()
    Enrollment.objects.filter(pk=enrollment.pk).update(
        state=current, started_on=None if current == "planned" else today - dt.timedelta(days=9)
    )
    enrollment.refresh_from_db()
    completed = target == EnrollmentState.COMPLETED
    kwargs = {"certificate": "telc B1", "qualification_gained": True} if completed else {}
    if target in ENROLLMENT_TRANSITIONS[current]:
        services.enrollment_transition(
            actor=actor, enrollment=enrollment, state=target, on=today, **kwargs
        )
        enrollment.refresh_from_db()
        assert enrollment.state == target
        if target == EnrollmentState.ONGOING:
            assert enrollment.started_on == today
        else:
            assert enrollment.ended_on == today
        if completed:
            assert (enrollment.certificate, enrollment.qualification_gained) == ("telc B1", True)
    else:
        with pytest.raises(ValidationError):
            services.enrollment_transition(
                actor=actor, enrollment=enrollment, state=target, on=today, **kwargs
            )
        enrollment.refresh_from_db()
        assert enrollment.state == current
