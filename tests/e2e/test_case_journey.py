"""The case journey of issue 3 ("Zusammenarbeit vor Ort"), as the two demo users live it:

the immigration officer (Sabine Keller, Kreisverwaltung Germersheim) registers a tolerated
refugee past the duplicate warning, records the Duldung and refers the person to ProfeS;
the case worker (Lena Hoffmann, ProfeS Germersheim) accepts with a first appointment,
opens the case at the intake, records counselling, enrols the person in a measure and
completes it, records the placement and the exit; the officer then sees the outcome and
the feedback, and the case timeline tells the story in order.

Locators use form field names and values, never English texts: the UI is German.
Expected German texts come from the project's own catalogue (`de()`), so the test holds
whether or not a message has been translated yet.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from inprocedere.cases.models import Case, Exit, Measure, Referral
from inprocedere.cases.workflows import CaseStatus, EnrollmentState, ReferralState
from inprocedere.core.models import AuditEntry
from inprocedere.network.models import Organisation, Position
from inprocedere.participants import services as participant_services
from inprocedere.participants.models import Participant, ResidenceStatusType
from inprocedere.participants.reference_data import load_residence_status_types

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REASON = "Duldung seit 2022, möchte in der Pflege arbeiten; Unterstützung bei Arbeitserlaubnis."
GOALS = "Deutschkurs B1, Praktikum in der Altenpflege, Ausbildung."
ACCEPT_NOTE = "Erstgespräch bei uns in der Hauptstraße, bitte Duldung mitbringen."
ACTIVITY_NOTE = "Lebenslauf besprochen, Antrag auf Beschäftigungserlaubnis vorbereitet."
MEASURE = "Berufsbezogener Deutschkurs Pflege B1 (Germersheim)"
EMPLOYER = "Seniorenresidenz am Rhein gGmbH"


def de(message, **values):
    """`message` as the German UI shows it (translated if the catalogue has it)."""
    with translation.override("de"):
        text = gettext(message)
    return text % values if values else text


def de_date(day):
    with translation.override("de"):
        return formats.date_format(day, "SHORT_DATE_FORMAT")


def de_label(choice):
    with translation.override("de"):
        return str(choice.label)


def main_text(page):
    return page.inner_text("main")


def submit(page, form):
    """Click the submit button of `form` and wait for the page it leads to."""
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def sign_out(page):
    with page.expect_navigation():
        page.locator(f'form[action="{reverse("accounts:logout")}"] button[type=submit]').click()


def open_accordion(page, field_name):
    """Open the <details> around the form that has the field `field_name`; return the form."""
    details = page.locator(f'details:has([name="{field_name}"])')
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    form = details.locator(f'form:has([name="{field_name}"])')
    form.locator(f'[name="{field_name}"]').wait_for(state="visible")
    return form


def test_officer_refers_carrier_accepts_and_works_the_case_to_exit(page, sign_in, user_for):
    # Reference data lives in a migration; a transactional test before this one may have
    # flushed it. Loading is idempotent.
    load_residence_status_types(ResidenceStatusType)
    today = timezone.localdate()
    profes = Organisation.objects.get(positions__title="Beratung und Begleitung Germersheim")
    profes_position = Position.objects.get(
        organisation=profes, title="Beratung und Begleitung Germersheim"
    )
    # Someone with a similar name is registered already: the officer sees the warning.
    participant_services.participant_register(
        actor=user_for("authority"),
        family_name="Ahmadi",
        given_names="Mohammad",
        birth_date="1990",
        gender="man",
        citizenships=["AF"],
    )

    # --- 1. the immigration officer registers, records the Duldung and refers ----------
    sign_in("authority")
    page.goto("/participants/new/")
    form = page.locator("main form:has(input[name=family_name])")
    form.locator("input[name=family_name]").fill("Ahmadi")
    form.locator("input[name=given_names]").fill("Muhammad")
    form.locator("input[name=birth_date]").fill("03/1990")
    form.locator("select[name=gender]").select_option("man")
    form.locator("input[name=citizenships][value=AF]").check()
    form.locator("input[name=municipality]").fill("Germersheim")
    if form.locator("select[name=registering_position]").count():
        form.locator("select[name=registering_position]").select_option(index=1)
    submit(page, form)

    # The duplicate warning: the similar person is shown; the officer registers anyway.
    warning = page.locator("section[aria-labelledby=candidates-heading]")
    assert warning.is_visible()
    assert "Mohammad Ahmadi" in warning.inner_text()
    assert Participant.unrestricted.count() == 1  # nothing saved yet
    form = page.locator("main form:has(input[name=family_name])")
    assert form.locator("input[name=given_names]").input_value() == "Muhammad"
    form.locator("input[name=confirm]").check()
    submit(page, form)

    participant = Participant.unrestricted.get(given_names="Muhammad")
    assert page.url.endswith(f"/participants/{participant.pk}/")
    assert page.locator("h1").inner_text().strip() == "Muhammad Ahmadi"
    body = main_text(page)
    assert de("The participant has been registered.") in body
    assert "1990" in body
    assert "Afghanistan" in body
    assert "Kreisverwaltung Germersheim" in body  # registered by

    page.locator(f'main a[href$="/participants/{participant.pk}/residence/new/"]').click()
    form = page.locator("main form:has(select[name=status_type])")
    form.locator("select[name=status_type]").select_option("duldung")
    valid_from, valid_until = today - dt.timedelta(days=400), today + dt.timedelta(days=90)
    form.locator("input[name=valid_from]").fill(valid_from.isoformat())
    form.locator("input[name=valid_until]").fill(valid_until.isoformat())
    submit(page, form)
    assert page.url.endswith(f"/participants/{participant.pk}/")
    residence = page.locator("section[aria-labelledby=residence-heading]").inner_text()
    assert de("The residence status has been added.") in main_text(page)
    assert "Duldung" in residence
    assert de_date(valid_until) in residence  # current status with days until expiry
    assert "90" in residence

    # The participant page leads to the referral form.
    page.locator(f'main a[href$="/referrals/new/?participant={participant.pk}"]').click()
    referral_url = page.url

    def fill_referral():
        form = page.locator("main form:has(textarea[name=reason])")
        assert "Muhammad Ahmadi" in page.locator("h1").inner_text()
        form.locator("select[name=to_organisation]").select_option(str(profes.pk))
        page.wait_for_load_state("networkidle")  # the positions narrow to ProfeS's (htmx)
        form.locator("select[name=to_position]").select_option(str(profes_position.pk))
        form.locator("textarea[name=reason]").fill(REASON)
        form.locator("textarea[name=goals]").fill(GOALS)
        form.locator("select[name=urgency]").select_option("high")
        submit(page, form)

    # Without the person's consent to ProfeS nothing is sent: the page says which
    # consent is missing and leads to its form, pre-filled.
    fill_referral()
    alert = page.locator("main [role=alert]").inner_text()
    assert "ProfeS" in alert
    assert not Referral.unrestricted.filter(participant=participant).exists()
    with page.expect_navigation():
        page.locator("main [role=alert] a").last.click()  # the printable form
    assert page.locator("input[name=recipients][value=profes]").is_checked()
    with page.expect_navigation():
        page.locator("main button[formaction]").click()
    form = page.locator("main form:has(input[name=signed_on])")
    assert form.locator(f"input[name=recipients][value='{profes.pk}']").is_checked()
    assert form.locator("input[name=purposes][value=referral]").is_checked()
    form.locator("input[name=signed_on]").fill(timezone.localdate().isoformat())
    submit(page, form)
    assert "/consents/" in page.url
    page.goto(referral_url)
    fill_referral()
    referral = Referral.unrestricted.get(participant=participant)
    assert page.url.endswith(f"/referrals/{referral.pk}/")
    body = main_text(page)
    assert de("The referral has been sent.") in body
    assert de_label(ReferralState.SENT) in body
    assert REASON in body and GOALS in body
    assert "Beratung und Begleitung Germersheim" in body
    sign_out(page)

    # --- 2. the case worker accepts with a first appointment and opens the case -------
    sign_in("caseworker")
    page.goto("/work/")
    waiting = page.locator("section[aria-labelledby=waiting-heading]")
    row = waiting.locator("tr", has=page.locator(f'a[href$="/referrals/{referral.pk}/"]'))
    assert "Muhammad Ahmadi" in row.inner_text()
    assert "Ausländerbehörde" in row.inner_text()  # from the immigration office
    assert de_label(ReferralState.SENT) in row.inner_text()
    row.locator(f'a[href$="/referrals/{referral.pk}/"]').click()
    page.wait_for_url(f"**/referrals/{referral.pk}/")
    assert REASON in main_text(page)

    appointment = timezone.localtime().replace(second=0, microsecond=0) + dt.timedelta(days=2)
    appointment = appointment.replace(hour=10, minute=30)
    form = open_accordion(page, "accept-first_appointment")
    form.locator("input[name=accept-first_appointment]").fill(
        appointment.strftime("%Y-%m-%dT%H:%M")
    )
    form.locator("textarea[name=accept-note]").fill(ACCEPT_NOTE)
    submit(page, form)
    body = main_text(page)
    assert de("The referral has been accepted.") in body
    assert de_label(ReferralState.ACCEPTED) in body
    assert de_date(appointment.date()) in body
    assert ACCEPT_NOTE in body

    # The intake: ESF entry three weeks ago (the intake talk), the case belongs to a position.
    entry = today - dt.timedelta(days=21)
    form = open_accordion(page, "intake-owner_position")
    form.locator("select[name=intake-owner_position]").select_option(str(profes_position.pk))
    form.locator("input[name=intake-esf_entry_date]").fill(entry.isoformat())
    form.locator("select[name=intake-employment_status_at_entry]").select_option("unemployed")
    form.locator("select[name=intake-isced_at_entry]").select_option("2")
    submit(page, form)
    case = Case.unrestricted.get(participant=participant)
    assert page.url.endswith(f"/cases/{case.pk}/")
    body = main_text(page)
    assert de("The intake is done and the case is open.") in body
    assert "Muhammad Ahmadi" in page.locator("h1").inner_text()
    assert "Beratung und Begleitung Germersheim" in body  # owner position
    assert de_date(entry) in body
    assert de_label(CaseStatus.ACTIVE) in body

    # --- 3. counselling, measure, placement, exit ------------------------------------
    form = open_accordion(page, "activity-kind")
    form.locator("select[name=activity-kind]").select_option("counselling")
    form.locator("input[name=activity-date]").fill((today - dt.timedelta(days=20)).isoformat())
    form.locator("input[name=activity-duration_minutes]").fill("45")
    form.locator("input[name=activity-topics]").fill("Arbeitserlaubnis, Deutschkurs")
    form.locator("textarea[name=activity-note]").fill(ACTIVITY_NOTE)
    submit(page, form)
    body = main_text(page)
    assert de("The activity has been recorded.") in body
    assert ACTIVITY_NOTE in page.locator("section[aria-labelledby=timeline-heading]").inner_text()

    # The measure goes into the catalogue first (the carrier maintains its own).
    page.goto("/measures/new/")
    form = page.locator("main form:has(input[name=title])")
    form.locator("input[name=title]").fill(MEASURE)
    form.locator("select[name=type]").select_option("language_course")
    form.locator("select[name=funding_source]").select_option("esf")
    form.locator("input[name=starts_on]").fill((today - dt.timedelta(days=30)).isoformat())
    form.locator("input[name=ends_on]").fill((today + dt.timedelta(days=60)).isoformat())
    form.locator("input[name=places]").fill("12")
    submit(page, form)
    assert de("The measure has been added to the catalogue.") in main_text(page)
    assert MEASURE in main_text(page)
    measure = Measure.objects.get(title=MEASURE)
    assert measure.provider == profes

    page.goto(f"/cases/{case.pk}/")
    form = open_accordion(page, "enrollment-measure")
    form.locator("select[name=enrollment-measure]").select_option(str(measure.pk))
    submit(page, form)
    enrolments = page.locator("section[aria-labelledby=enrollments-heading]")
    assert de("The enrolment has been planned.") in main_text(page)
    assert MEASURE in enrolments.inner_text()
    assert de_label(EnrollmentState.PLANNED) in enrolments.inner_text()

    started, completed = today - dt.timedelta(days=14), today - dt.timedelta(days=7)
    for state, on, certificate in (
        (EnrollmentState.ONGOING, started, ""),
        (EnrollmentState.COMPLETED, completed, "telc Deutsch B1"),
    ):
        form = enrolments.locator("form:has(select[name=enrollment_transition-state])")
        form.locator("select[name=enrollment_transition-state]").select_option(state.value)
        form.locator("input[name=enrollment_transition-on]").fill(on.isoformat())
        if certificate:
            form.locator("input[name=enrollment_transition-certificate]").fill(certificate)
            form.locator("input[name=enrollment_transition-qualification_gained]").check()
        submit(page, form)
        assert de("The enrolment has been updated.") in main_text(page)
        assert de_label(state) in enrolments.inner_text()
    text = enrolments.inner_text()
    assert de_date(started) in text and de_date(completed) in text
    assert "telc Deutsch B1" in text
    # A completed enrolment offers no further change.
    assert not enrolments.locator("select[name=enrollment_transition-state]").count()

    placed = today - dt.timedelta(days=3)
    form = open_accordion(page, "placement-type")
    form.locator("select[name=placement-type]").select_option("employment")
    form.locator("input[name=placement-employer]").fill(EMPLOYER)
    form.locator("input[name=placement-starts_on]").fill(placed.isoformat())
    form.locator("input[name=placement-weekly_hours]").fill("30")
    form.locator("input[name=placement-secures_livelihood]").check()
    submit(page, form)
    assert de("The placement has been recorded.") in main_text(page)
    placements = page.locator("section[aria-labelledby=placements-heading]").inner_text()
    assert EMPLOYER in placements and de_date(placed) in placements
    assert "30" in placements

    left = today - dt.timedelta(days=1)
    form = open_accordion(page, "exit-exit_date")
    form.locator("input[name=exit-exit_date]").fill(left.isoformat())
    form.locator("select[name=exit-reason]").select_option("placed")
    form.locator("select[name=exit-status_upon_leaving]").select_option("employed")
    submit(page, form)
    body = main_text(page)
    assert de("The exit has been recorded and the case closed. The follow-up is scheduled.") in body
    assert de_label(CaseStatus.CLOSED) in page.locator(".page-header").inner_text()
    facts = page.locator("section[aria-labelledby=facts-heading]").inner_text()
    assert de_date(left) in facts and de_label(Exit.Reason.PLACED) in facts
    # A closed case offers no more recording forms and no second exit.
    assert not page.locator("[name=activity-kind]").count()
    assert not page.locator("[name=exit-exit_date]").count()

    # The timeline, newest first: the case work in the order it happened.
    entries = page.locator("section[aria-labelledby=timeline-heading] li.timeline__entry")
    timeline = [
        (entries.nth(i).get_attribute("class").split("--")[-1], entries.nth(i).inner_text())
        for i in range(entries.count())
    ]

    def position(kind, text):
        matches = [i for i, (k, t) in enumerate(timeline) if k == kind and text in t]
        assert len(matches) == 1, (kind, text, timeline)
        return matches[0]

    steps = [
        position("activity", ACTIVITY_NOTE),
        position("enrollment", de("Measure started: %(measure)s", measure=MEASURE)),
        position("enrollment", f"{de_label(EnrollmentState.COMPLETED)}: {MEASURE}"),
        position("placement", EMPLOYER),
        position("exit", de_label(Exit.Reason.PLACED)),
    ]
    assert steps == sorted(steps, reverse=True), timeline
    referral_steps = [
        position("referral", de("Referred to %(org)s", org=profes.display_short)),
        position("referral", f"{de('Referral')}: {de_label(ReferralState.ACCEPTED)}"),
        position("referral", f"{de('Referral')}: {de_label(ReferralState.INTAKE_DONE)}"),
    ]
    assert referral_steps == sorted(referral_steps, reverse=True), timeline
    assert ACCEPT_NOTE in timeline[referral_steps[1]][1]
    sign_out(page)

    # --- 4. the officer sees the outcome and the feedback -----------------------------
    sign_in("authority")
    page.goto("/work/")
    # My work keeps what the office sent in view for 30 days after its last step, with
    # the answer and the carrier's feedback; the referral list keeps it for good.
    sent = page.locator("section[aria-labelledby=sent-heading]")
    mine = sent.locator("tr", has=page.locator(f'a[href$="/referrals/{referral.pk}/"]'))
    assert de_label(ReferralState.INTAKE_DONE) in mine.inner_text()
    assert ACCEPT_NOTE in mine.inner_text()
    page.goto("/referrals/?box=out")
    row = page.locator("main tr", has=page.locator(f'a[href$="/referrals/{referral.pk}/"]'))
    assert de_label(ReferralState.INTAKE_DONE) in row.inner_text()
    assert ACCEPT_NOTE in row.inner_text()  # the carrier's feedback
    row.locator(f'a[href$="/referrals/{referral.pk}/"]').click()
    page.wait_for_url(f"**/referrals/{referral.pk}/")
    body = main_text(page)
    assert de_label(ReferralState.INTAKE_DONE) in page.locator(".page-header").inner_text()
    assert ACCEPT_NOTE in body
    assert de_date(appointment.date()) in body
    history = page.locator("section[aria-labelledby=history-heading]").inner_text()
    assert "Hoffmann" in history or "caseworker" in history  # who answered
    # The officer may not open the carrier's case, and has nothing left to do.
    assert not page.locator(f'a[href$="/cases/{case.pk}/"]').count()
    assert not page.locator("form:has(input[name=action])").count()
    assert page.request.get(f"/cases/{case.pk}/").status == 404

    # --- the database agrees -------------------------------------------------------
    referral.refresh_from_db()
    case.refresh_from_db()
    assert referral.state == ReferralState.INTAKE_DONE
    assert referral.case_id == case.pk
    assert referral.feedback == ACCEPT_NOTE
    assert case.status == CaseStatus.CLOSED
    assert case.owner_position == profes_position
    assert case.esf_entry_date == entry
    exit_ = Exit.objects.get(case=case)
    assert (exit_.exit_date, exit_.reason, exit_.status_upon_leaving) == (
        left,
        Exit.Reason.PLACED,
        "employed",
    )
    enrolment = case.enrollments.get()
    assert enrolment.state == EnrollmentState.COMPLETED
    assert enrolment.qualification_gained
    placement = case.placements.get()
    assert (placement.employer, placement.weekly_hours) == (EMPLOYER, 30)
    assert placement.secures_livelihood
    activity = case.activities.get()
    assert (activity.kind, activity.duration_minutes) == ("counselling", 45)

    def audited(action, obj, username):
        return AuditEntry.objects.filter(
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            actor__username=username,
        ).count()

    assert audited("participants.participant.registered", participant, "authority") == 1
    assert audited("participants.residence_status.added", participant, "authority") == 1
    assert audited("case.referral.sent", referral, "authority") == 1
    assert audited("case.referral.accepted", referral, "caseworker") == 1
    assert audited("case.referral.intake_done", referral, "caseworker") == 1
    for action, times in (
        ("case.activity.added", 1),
        ("case.enrollment.added", 1),
        ("case.enrollment.transition", 2),
        ("case.placement.added", 1),
        ("case.exit.recorded", 1),
    ):
        assert audited(action, case, "caseworker") == times, action
    assert AuditEntry.objects.filter(action="case.opened", object_id=str(case.pk)).exists()
    assert AuditEntry.objects.filter(
        action="case.measure.created", actor__username="caseworker"
    ).exists()
    assert not page.console_errors, page.console_errors
