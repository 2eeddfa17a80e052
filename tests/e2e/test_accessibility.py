"""Accessibility in the suite (issue 15, item 6): axe-core (axe-playwright-python) on the
page types each persona works with, in the browser; any serious or critical violation
fails. Every persona's main pages (not yet every page type, nor a keyboard-only
journey)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from inprocedere.participants.models import ResidenceStatusType
from inprocedere.participants.reference_data import load_residence_status_types

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = {
    "caseworker": [
        "/work/",
        "/referrals/",
        "/cases/",
        "/measures/",
        "/participants/",
        "/participants/new/",
        "/cooperation/calendar/",
        "/cooperation/consultations/",
        "/directory/",
        "/directory/organisations/",
        "/directory/people/",
        "/directory/search/?q=Germersheim",
        "/inbox/",
    ],
    "coordinator": ["/reports/esf/", "/reports/figures/", "/cases/overview/", "/directory/"],
    "dpo": ["/data-protection/"],
    # the other personas' main pages (issue 15, item 6)
    "authority": ["/work/", "/referrals/", "/participants/", "/participants/new/", "/inbox/"],
    "jobcentre": ["/work/", "/referrals/", "/participants/", "/cases/"],
    "teamlead": ["/work/", "/reports/esf/", "/reports/cooperation/", "/directory/vacancies/"],
    "ministry": ["/reports/esf/", "/reports/figures/", "/directory/"],
    "admin": ["/directory/", "/inbox/"],
}
SERIOUS = {"serious", "critical"}


def _violations(page):
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]


@pytest.mark.parametrize("persona", sorted(PAGES))
def test_no_serious_or_critical_violations(page, sign_in, persona):
    load_residence_status_types(ResidenceStatusType)
    sign_in(persona)
    found = {}
    for path in PAGES[persona]:
        response = page.goto(path)
        assert response.ok, (path, response.status)  # axe on an error page proves nothing
        page.wait_for_load_state("networkidle")
        violations = _violations(page)
        if violations:
            found[path] = violations
    assert not found, found


def test_the_sign_in_page(page):
    page.goto("/accounts/login/")
    assert not _violations(page)
