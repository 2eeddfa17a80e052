"""Handover to the job centre keeps the history visible; the timeline merges everything."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from inprocedere.cases import selectors, services
from inprocedere.cases.models import Case, Measure, Referral
from inprocedere.privacy.policy import consent_covers
from tests.conftest import grant_consent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def history(case, user_for, org):
    """A case with a bit of everything, recorded at ProfeS."""
    actor = user_for("case_worker")
    start = TODAY() - dt.timedelta(days=50)
    services.activity_add(
        actor=actor,
        case=case,
        kind="counselling",
        date=start,
        duration_minutes=60,
        note="First talk",
    )
    services.activity_add(
        actor=actor,
        case=case,
        kind="accompaniment",
        date=start + dt.timedelta(days=10),
        duration_minutes=120,
        note="Asylum story, trauma",
        confidential=True,
    )
    services.needs_assessment_add(actor=actor, case=case, assessed_on=start + dt.timedelta(days=5))
    measure = Measure.objects.create(
        title="Deutschkurs B1",
        provider=org("profes"),
        type="language_course",
        funding_source="esf",
        starts_on=start,
        ends_on=TODAY() + dt.timedelta(days=90),
    )
    enrollment = services.enrollment_add(actor=actor, case=case, measure=measure)
    services.enrollment_transition(
        actor=actor, enrollment=enrollment, state="ongoing", on=start + dt.timedelta(days=20)
    )
    services.placement_add(
        actor=actor,
        case=case,
        type="marginal",
        employer="Bäckerei Roth",
        starts_on=start + dt.timedelta(days=30),
    )
    return case


def _handover(case, user_for, org, jobcentre_position):
    if not consent_covers(case.participant, org("jc-germersheim"), "referral"):
        grant_consent(case.participant, org("jc-germersheim"))
    return services.handover_create(
        actor=user_for("case_worker"),
        case=case,
        to_organisation=org("jc-germersheim"),
        to_position=jobcentre_position,
        reason="Right to remain (§ 23 (1)) and entitled to SGB II.",
    )


def test_the_timeline_is_merged_and_sorted_newest_first(history, user_for):
    with translation.override("en"):  # the titles below are English
        entries = selectors.timeline_for(user_for("case_worker"), history)
    kinds = [entry.kind for entry in entries]
    assert {"referral", "opened", "activity", "assessment", "enrollment", "placement"} <= set(kinds)
    keys = [entry.at for entry in entries]
    assert keys == sorted(keys, reverse=True)
    titles = [entry.title for entry in entries]
    assert titles.index("Marginal job: Bäckerei Roth") < titles.index(
        "Measure started: Deutschkurs B1"
    )
    assert titles[-1] == "Counselling (60 min)"  # the earliest date, recorded afterwards
    assert any(title.startswith("Referred to") for title in titles)


def test_confidential_notes_only_for_the_owning_organisation(history, user_for, jobcentre_position):
    grant_consent(history.participant, "jc-germersheim", purposes=["counselling"])
    services.case_team_add(actor=user_for("case_worker"), case=history, position=jobcentre_position)
    own = selectors.timeline_for(user_for("team_lead"), history)
    team = selectors.timeline_for(user_for("jobcentre_officer"), history)
    assert any(entry.text == "Asylum story, trauma" for entry in own)
    assert not any("trauma" in entry.text for entry in team)
    assert any(entry.hidden for entry in team)


def test_a_handover_is_a_referral_from_the_owner_position(
    history, user_for, org, jobcentre_position, carrier_position
):
    handover = _handover(history, user_for, org, jobcentre_position)
    assert handover.kind == Referral.Kind.HANDOVER
    assert handover.from_position == carrier_position
    assert handover.case == history
    with pytest.raises(ValidationError):  # one at a time
        _handover(history, user_for, org, jobcentre_position)


def test_open_handovers_are_the_waiting_handovers_of_the_case(
    history, user_for, org, jobcentre_position
):
    user = user_for("case_worker")
    timeline = selectors.timeline_page(user, history, 0)
    assert selectors.open_handovers(timeline, history) == []  # the referral is no handover
    handover = _handover(history, user_for, org, jobcentre_position)
    timeline = selectors.timeline_page(user, history, 0)
    assert selectors.open_handovers(timeline, history) == [handover]
    services.referral_withdraw(actor=user, referral=handover, reason="Wrong office")
    timeline = selectors.timeline_page(user, history, 0)
    assert selectors.open_handovers(timeline, history) == []


def test_after_the_handover_the_job_centre_sees_the_whole_history(
    history, user_for, org, jobcentre_position, client_for
):
    jobcentre = user_for("jobcentre_officer")
    assert not selectors.cases_for(jobcentre).filter(pk=history.pk).exists()
    handover = _handover(history, user_for, org, jobcentre_position)
    services.referral_accept(actor=jobcentre, referral=handover, first_appointment=timezone.now())
    handover.refresh_from_db()
    new_case = services.referral_intake_done(
        actor=jobcentre, referral=handover, owner_position=jobcentre_position
    )
    history.refresh_from_db()
    assert new_case.handed_over_from == history
    assert new_case.owner_organisation.slug == "jc-germersheim"
    assert history.status == "closed"
    # the old case is readable (not writable) for the job centre
    assert selectors.cases_for(jobcentre).filter(pk=history.pk).exists()
    with pytest.raises(PermissionDenied):
        services.goal_add(actor=jobcentre, case=history, text="x")
    # the new case's timeline carries the old history, without the confidential note
    with translation.override("en"):  # the titles below are English
        entries = selectors.timeline_for(jobcentre, new_case)
    titles = [entry.title for entry in entries]
    assert "Marginal job: Bäckerei Roth" in titles
    assert any(entry.case_id == history.pk for entry in entries)
    assert not any("trauma" in entry.text for entry in entries)
    assert any(entry.text == "First talk" for entry in entries)
    page = client_for("jobcentre_officer").get(f"/cases/{new_case.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bäckerei Roth" in body
    assert "trauma" not in body
    assert client_for("jobcentre_officer").get(f"/cases/{history.pk}/").status_code == 200
    # ProfeS does not see the job centre's new case
    assert client_for("case_worker").get(f"/cases/{new_case.pk}/").status_code == 404
    assert Case.unrestricted.count() == 2


# --- constant queries per list page ---------------------------------------------------


def _fill(n, make_participant, send, user_for, carrier_position):
    caseworker = user_for("case_worker")
    for i in range(n):
        person = make_participant(family_name=f"Listed{i}")
        referral = send(person)
        if i % 2:
            services.referral_accept(
                actor=caseworker, referral=referral, first_appointment=timezone.now()
            )
            referral.refresh_from_db()
            case = services.referral_intake_done(
                actor=caseworker, referral=referral, owner_position=carrier_position
            )
            services.exit_record(
                actor=caseworker,
                case=case,
                exit_date=TODAY(),
                reason="placed",
                status_upon_leaving="employed",
            )
            case.refresh_from_db()
            Case.unrestricted.filter(pk=case.pk).update(status="active")
            from inprocedere.cases.models import FollowUp

            FollowUp.objects.filter(case=case).update(due_on=TODAY())


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("case_worker", "/work/"),
        ("authority_officer", "/work/"),
        ("case_worker", "/referrals/"),
        ("authority_officer", "/referrals/?box=out"),
        ("case_worker", "/cases/"),
        ("case_worker", "/measures/"),
    ],
)
def test_list_pages_cost_the_same_for_5_and_50_rows(
    persona,
    url,
    make_participant,
    send,
    user_for,
    carrier_position,
    client_for,
    django_assert_num_queries,
    org,
):
    client = client_for(persona)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _fill(5, make_participant, send, user_for, carrier_position)
    for i in range(5):
        Measure.objects.create(
            title=f"M{i}",
            provider=org("profes"),
            type="other",
            funding_source="esf",
            starts_on=TODAY(),
            ends_on=TODAY(),
        )
    client.get(url)  # warm caches (sessions, content types)
    small = count()
    _fill(45, make_participant, send, user_for, carrier_position)
    for i in range(45):
        Measure.objects.create(
            title=f"N{i}",
            provider=org("profes"),
            type="other",
            funding_source="esf",
            starts_on=TODAY(),
            ends_on=TODAY(),
        )
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


def test_the_case_page_costs_the_same_with_more_records(
    history, user_for, client_for, django_assert_num_queries
):
    client = client_for("case_worker")
    client.get(f"/cases/{history.pk}/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(f"/cases/{history.pk}/")
    for day in range(20):
        services.activity_add(
            actor=user_for("case_worker"),
            case=history,
            kind="counselling",
            date=TODAY() - dt.timedelta(days=day),
            duration_minutes=30,
        )
        services.goal_add(actor=user_for("case_worker"), case=history, text=f"Goal {day}")
    with django_assert_num_queries(len(captured)):
        assert client.get(f"/cases/{history.pk}/").status_code == 200
