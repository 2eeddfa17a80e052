"""The choosers in the browser (issue 15 item 4): typing in a chooser's search box swaps
the matching organisations or positions into its select (htmx), choosing an organisation
narrows the positions, and a referral starts by typing the person's name."""

import pytest
from django.urls import reverse

from inprocedere.cases.models import Referral
from inprocedere.core import derived
from inprocedere.network.models import Organisation, Position
from tests.cases.conftest import *  # noqa: F403 - referral and case fixtures
from tests.conftest import grant_consent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _labels(select):
    return [text.strip() for text in select.locator("option").all_inner_texts()]


def test_the_handover_chooser_searches_and_narrows(page, sign_in, case):
    from playwright.sync_api import expect  # the browser fixture skips without Playwright

    jobcentre = Organisation.objects.get(slug="jc-germersheim")
    grant_consent(case.participant, jobcentre)
    sign_in("caseworker")
    page.goto(reverse("cases:case_detail", args=[case.pk]) + "?open=handover#form-handover")
    organisations = page.locator("select[name=handover-to_organisation]")
    with page.expect_response(lambda r: "/choose/organisations/" in r.url):
        page.locator("#id_handover-to_organisation_search").fill("jobcenter")
    expect(organisations.locator("option", has_text="ProfeS")).to_have_count(0)  # swapped
    assert all("Jobcenter" in label for label in _labels(organisations)[1:])
    with page.expect_response(lambda r: "/choose/positions/" in r.url):
        organisations.select_option(str(jobcentre.pk))
    positions = page.locator("select[name=handover-to_position]")
    expect(positions.locator("option", has_text="Beratung und Begleitung")).to_have_count(0)
    offered = _labels(positions)[1:]
    expected = Position.objects.filter(organisation=jobcentre, is_active=True)
    assert offered and set(offered) <= set(expected.values_list("title", flat=True))
    position = expected.get(title=offered[0])
    positions.select_option(str(position.pk))
    form = page.locator("form:has([name=handover-to_position])")
    form.locator("textarea[name=handover-reason]").fill("Aufenthaltserlaubnis, Anspruch SGB II.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    handovers = Referral.unrestricted.filter(case=case, kind=Referral.Kind.HANDOVER)
    assert handovers.filter(to_position=position).exists()


def test_a_referral_starts_by_typing_the_name(page, sign_in, participant):
    derived.refresh([participant.pk])
    sign_in("authority")
    page.goto(reverse("cases:referral_create"))
    with page.expect_response(lambda r: "/referrals/new/" in r.url and "q=" in r.url):
        page.locator("#refer-q").fill("Haddad")
    link = page.locator(f'#people-found a[href$="?participant={participant.pk}"]')
    with page.expect_navigation():
        link.click()
    assert "Amina Haddad" in page.locator("h1").inner_text()
    assert page.console_errors == []
