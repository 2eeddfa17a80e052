"""The README's first tour, as written, in the browser: the officer registers a person,
the referral to ProfeS is refused for want of consent, "Einwilligung erfassen" records it
and leads back, the referral goes through; the case worker opens the record before
accepting, accepts, opens the case (responsible position prefilled) and records the first
activity from the button at the top of the case page."""

import datetime as dt

import pytest
from django.utils import timezone

from inprocedere.cases.models import Activity, Case, Referral
from inprocedere.participants.models import Participant, ResidenceStatusType
from inprocedere.participants.reference_data import load_residence_status_types
from inprocedere.privacy.models import Consent

from .test_case_journey import main_text, open_accordion, sign_out, submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_readme_tour_works_as_written(page, sign_in):
    load_residence_status_types(ResidenceStatusType)
    # 1. the officer registers a person, languages chosen in rows
    sign_in("authority")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Teilnehmende"
    ).click()
    page.get_by_role("link", name="Teilnehmende Person erfassen").click()
    form = page.locator("main form:has(input[name=family_name])")
    form.locator("input[name=family_name]").fill("Rahimi")
    form.locator("input[name=given_names]").fill("Laleh")
    form.locator("input[name=birth_date]").fill("1991")
    form.get_by_label("Sprache 1").select_option(label="Arabisch")
    form.get_by_role("button", name="Weitere Sprache hinzufügen").click()
    form.get_by_label("Sprache 2").select_option(label="Deutsch")
    if form.locator("select[name=registering_position]").count():
        form.locator("select[name=registering_position]").select_option(index=1)
    submit(page, form)
    person = Participant.unrestricted.get(family_name="Rahimi")
    assert person.languages == ["ar", "de"]
    assert "Arabisch, Deutsch" in main_text(page)

    # 2. the referral to ProfeS is refused: no consent
    page.get_by_role("link", name="Zuweisen").first.click()
    form = page.locator("main form:has(textarea[name=reason])")
    form.locator("select[name=to_organisation]").select_option(label="ProfeS GmbH")
    page.wait_for_load_state("networkidle")
    form.locator("textarea[name=reason]").fill("Geduldet, möchte als Köchin arbeiten.")
    submit(page, form)
    assert not Referral.unrestricted.filter(participant=person).exists()
    alert = page.locator("main [role=alert]").first
    assert "ProfeS" in alert.inner_text()

    # 3. "Einwilligung erfassen": ProfeS and the purpose filled in; back to the referral
    with page.expect_navigation():
        alert.get_by_role("link", name="Einwilligung erfassen").click()
    form = page.locator("main form:has(input[name=signed_on])")
    assert form.locator("input[name=purposes][value=referral]").is_checked()
    for category in ("identity", "contact", "residence", "education_work"):
        form.locator(f"input[name=categories][value={category}]").check()
    form.locator("input[name=signed_on]").fill(
        (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    )
    submit(page, form)
    assert Consent.unrestricted.filter(participant=person).exists()
    assert "/referrals/new/" in page.url
    form = page.locator("main form:has(textarea[name=reason])")
    form.locator("select[name=to_organisation]").select_option(label="ProfeS GmbH")
    page.wait_for_load_state("networkidle")
    form.locator("textarea[name=reason]").fill("Geduldet, möchte als Köchin arbeiten.")
    submit(page, form)
    referral = Referral.unrestricted.get(participant=person)
    sign_out(page)

    # 4. the case worker opens the record before accepting, accepts, opens the case
    sign_in("caseworker")
    page.goto("/work/")
    page.get_by_role("link", name="Laleh Rahimi").first.click()
    assert page.get_by_role("link", name="Stammdaten der Person öffnen").first.is_visible()
    form = open_accordion(page, "accept-first_appointment")
    when = timezone.localtime() + dt.timedelta(days=2)
    form.locator("[name=accept-first_appointment]").fill(when.strftime("%Y-%m-%dT10:00"))
    submit(page, form)
    form = open_accordion(page, "intake-owner_position")
    assert form.locator("[name=intake-owner_position]").input_value()  # prefilled
    submit(page, form)
    case = Case.unrestricted.get(participant=person)
    assert page.url.endswith(f"/cases/{case.pk}/")
    referral.refresh_from_db()

    # 5. the first activity, from the button at the top
    page.get_by_role("link", name="Aktivität erfassen").first.click()
    form = page.locator("#form-activity form")
    form.locator("[name=activity-kind]").select_option("counselling")
    form.locator("[name=activity-date]").fill(timezone.localdate().isoformat())
    form.locator("[name=activity-duration_minutes]").fill("45")
    submit(page, form)
    assert Activity.objects.filter(case=case).count() == 1
    assert "Stammdaten der Person öffnen" in page.content()
