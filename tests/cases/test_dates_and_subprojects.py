"""Issue 15's case-work bugs: a sub-project of another funding period, work dated before
the case opened, follow-ups past due, a team organisation without consent."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inprocedere.cases import services
from inprocedere.cases.models import Activity, Case, Enrollment, FollowUp
from inprocedere.network.models import FundingPeriod, SubProject
from inprocedere.privacy.models import Consent
from tests.conftest import grant_consent

TODAY = timezone.localdate


def _periods():
    periods = list(FundingPeriod.objects.order_by("starts_on"))
    assert len(periods) >= 2, "the demo network has several funding periods"
    return periods[0], periods[-1]


def _subproject(org, period):
    found = SubProject.objects.filter(organisation=org("profes"), funding_period=period).first()
    assert found is not None
    return found


def _accepted(send, participant, user_for):
    referral = send(participant)
    services.referral_accept(
        actor=user_for("case_worker"),
        referral=referral,
        first_appointment=timezone.now() + dt.timedelta(days=2),
    )
    referral.refresh_from_db()
    return referral


def test_intake_refuses_a_subproject_of_another_funding_period(
    send, participant, user_for, carrier_position, org
):
    old, current = _periods()
    referral = _accepted(send, participant, user_for)
    with pytest.raises(ValidationError) as refused:
        services.referral_intake_done(
            actor=user_for("case_worker"),
            referral=referral,
            owner_position=carrier_position,
            funding_period=current,
            subproject=_subproject(org, old),
        )
    assert "subproject" in refused.value.message_dict
    assert not Case.unrestricted.filter(participant=participant).exists()


def test_intake_takes_the_period_of_the_chosen_subproject(
    send, participant, user_for, carrier_position, org
):
    _old, current = _periods()
    referral = _accepted(send, participant, user_for)
    case = services.referral_intake_done(
        actor=user_for("case_worker"),
        referral=referral,
        owner_position=carrier_position,
        subproject=_subproject(org, current),
    )
    assert case.funding_period == current


def test_a_case_update_refuses_a_subproject_of_another_period(case, user_for, org):
    old, current = _periods()
    with pytest.raises(ValidationError) as refused:
        services.case_update(
            actor=user_for("case_worker"),
            case=case,
            version=case.version,
            funding_period=current,
            subproject=_subproject(org, old),
        )
    assert "subproject" in refused.value.message_dict
    case.refresh_from_db()
    assert case.subproject is None


def test_the_case_form_names_the_period_of_each_subproject(case, client_for, org):
    old, _current = _periods()
    page = client_for("case_worker").get(reverse("cases:case_edit", args=[case.pk]))
    assert f"({old.name})" in page.content.decode()


def test_an_activity_before_the_case_opened_is_refused(case, user_for):
    before = case.esf_entry_date - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.activity_add(
            actor=user_for("case_worker"),
            case=case,
            kind="counselling",
            date=before,
            duration_minutes=30,
        )
    assert "date" in refused.value.message_dict
    assert not Activity.objects.filter(case=case).exists()
    services.activity_add(
        actor=user_for("case_worker"),
        case=case,
        kind="counselling",
        date=case.esf_entry_date,
        duration_minutes=30,
    )


def test_an_activity_in_the_future_is_refused(case, user_for):
    with pytest.raises(ValidationError):
        services.activity_add(
            actor=user_for("case_worker"),
            case=case,
            kind="counselling",
            date=TODAY() + dt.timedelta(days=1),
            duration_minutes=30,
        )


@pytest.fixture
def enrollment(case, user_for):
    measure = services.measure_create(
        actor=user_for("case_worker"),
        provider=case.owner_organisation,
        title="Sprachkurs",
        type="other",
        funding_source="esf",
        starts_on=TODAY() - dt.timedelta(days=400),
        ends_on=TODAY() + dt.timedelta(days=30),
    )
    return services.enrollment_add(actor=user_for("case_worker"), case=case, measure=measure)


def test_an_enrolment_started_before_the_case_opened_is_refused(case, enrollment, user_for):
    with pytest.raises(ValidationError) as refused:
        services.enrollment_transition(
            actor=user_for("case_worker"),
            enrollment=enrollment,
            state="ongoing",
            on=case.esf_entry_date - dt.timedelta(days=90),
        )
    assert "on" in refused.value.message_dict
    enrollment.refresh_from_db()
    assert enrollment.state == "planned" and enrollment.started_on is None
    services.enrollment_transition(
        actor=user_for("case_worker"), enrollment=enrollment, state="ongoing", on=TODAY()
    )
    assert Enrollment.objects.get(pk=enrollment.pk).started_on == TODAY()


def test_a_follow_up_past_due_is_marked_overdue(case, client_for):
    FollowUp.objects.create(case=case, due_on=TODAY() - dt.timedelta(days=3))
    page = client_for("case_worker").get(reverse("cases:case_detail", args=[case.pk]))
    assert "Überfällig" in page.content.decode()
    FollowUp.objects.filter(case=case).update(due_on=TODAY() + dt.timedelta(days=3))
    page = client_for("case_worker").get(reverse("cases:case_detail", args=[case.pk]))
    assert "Überfällig" not in page.content.decode()


def test_the_work_page_marks_overdue_follow_ups(case, client_for):
    FollowUp.objects.create(case=case, due_on=TODAY() - dt.timedelta(days=3))
    page = client_for("case_worker").get(reverse("cases:my_work"))
    assert "Überfällig" in page.content.decode()


def test_the_team_warns_of_an_organisation_whose_consent_was_withdrawn(
    case, user_for, client_for, jobcentre_position, participant
):
    grant_consent(participant, "jc-germersheim", purposes=("counselling",))
    services.case_team_add(actor=user_for("case_worker"), case=case, position=jobcentre_position)
    warning = "Keine gültige Einwilligung"
    page = client_for("case_worker").get(reverse("cases:case_detail", args=[case.pk]))
    assert warning not in page.content.decode()
    Consent.unrestricted.filter(participant=participant, recipients__slug="jc-germersheim").update(
        withdrawn_on=TODAY() - dt.timedelta(days=1)
    )
    page = client_for("case_worker").get(reverse("cases:case_detail", args=[case.pk]))
    assert warning in page.content.decode()
