"""The data-protection officer in Chromium: finds a person, reads their access log,
exports their data and erases them, confirming with the password (step-up)."""

import datetime as dt

import pytest

from inprocedere.core.models import AuditEntry
from inprocedere.participants.models import Participant
from inprocedere.rights.models import Erasure
from tests.e2e.conftest import E2E_PASSWORD
from tests.rights.conftest import make_subject

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def subject(db):
    from inprocedere.network.models import FundingPeriod, Organisation, Position, Region, SubProject
    from inprocedere.rights.models import RetentionRule

    region = Region.objects.create(slug="e2e-rights", name="E2E-Region")
    carrier = Organisation.objects.create(slug="e2e-rights", name="E2E-Träger", kind="carrier")
    period = FundingPeriod.objects.create(
        slug="e2e-rights", name="E2E", starts_on=dt.date(2009, 1, 1), ends_on=dt.date(2012, 12, 31)
    )
    carrier.test_period = period
    carrier.test_subproject = SubProject.objects.create(
        name="E2E", organisation=carrier, side="carrier", region=region, funding_period=period
    )
    carrier.test_position = Position.objects.create(organisation=carrier, title="Beratung")
    RetentionRule.objects.create(
        funding_period=period,
        years=5,
        starts_from="last_payment",
        last_payment_on=dt.date(2013, 1, 1),
    )
    return make_subject(carrier)


def test_dpo_finds_reads_exports_and_erases(page, sign_in, subject):
    sign_in("dpo")
    page.goto("/data-protection/")
    # The DPO's person search in the page, not the header's search box.
    page.fill("main input[name=q]", "Quendelbrook")
    page.click("main form[role=search] button[type=submit]")
    page.click(f"a[href='/data-protection/participants/{subject.pk}/']")
    page.click(f"a[href='/data-protection/participants/{subject.pk}/access-log/']")
    page.wait_for_selector("table.kern-table")
    assert f"/participants/{subject.pk}/?tab=all" in page.content()

    # Subject access: the step-up first, then the download.
    page.goto(f"/data-protection/participants/{subject.pk}/subject-access/")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url("**/accounts/step-up/**")
    page.fill("input[name=password]", E2E_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/participants/{subject.pk}/subject-access/")
    with page.expect_download() as download:
        page.click("main form[method=post] button[type=submit]")
    assert download.value.suggested_filename.endswith(".zip")
    assert AuditEntry.objects.filter(action="rights.subject_access.exported").exists()

    # Erasure: preview, confirm (within the step-up window), done.
    page.goto(f"/data-protection/participants/{subject.pk}/erase/")
    assert "Quendelbrook" in page.content()
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(f"**/data-protection/participants/{subject.pk}/")
    assert Erasure.objects.get().participant_id == subject.pk
    assert Participant.unrestricted.get(pk=subject.pk).family_name == "[erased]"
    assert page.console_errors == []
