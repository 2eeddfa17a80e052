"""Accessibility in the suite (issue 15, item 6): axe-core (axe-playwright-python) on the
page types each persona works with, in the browser; any serious or critical violation
fails. (Not yet every page type of every persona, nor a keyboard-only journey.)"""

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
        "/cooperation/",
        "/directory/",
        "/directory/organisations/",
        "/directory/people/",
        "/directory/search/?q=Germersheim",
        "/inbox/",
    ],
    "coordinator": ["/reports/esf/", "/reports/figures/", "/cases/overview/", "/directory/"],
    "dpo": ["/data-protection/"],
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
        page.goto(path)
        page.wait_for_load_state("networkidle")
        violations = _violations(page)
        if violations:
            found[path] = violations
    assert not found, found


def test_the_sign_in_page(page):
    page.goto("/accounts/login/")
    assert not _violations(page)
