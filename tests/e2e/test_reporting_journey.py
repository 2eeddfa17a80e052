"""The coordinating office's reporting journey: the ESF report for a sub-project, the
network figures with their charts, the cooperation monitor with its network graph, and an
XLSX download opened back."""

import io
import os
from pathlib import Path

import openpyxl
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("INPROCEDERE_SCREENSHOTS")  # a folder: keep screenshots to look at


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def case_work(demo_network):
    from inprocedere.cooperation.demo import seed_demo_cooperation
    from inprocedere.demo_cases import seed_demo_cases

    seed_demo_cases()
    seed_demo_cooperation()


def test_coordinator_reports_on_a_sub_project_and_the_cooperation(page, sign_in, case_work):
    from inprocedere.network.models import SubProject

    subproject = SubProject.objects.filter(
        region__slug="germersheim", side="carrier", funding_period__slug="fp3"
    ).first()
    sign_in("coordinator")

    page.goto("/reports/esf/")
    page.get_by_label("Teilprojekt", exact=False).select_option(str(subproject.pk))
    page.get_by_role("button", name="Bericht anzeigen").click()
    page.wait_for_url(lambda url: f"subproject={subproject.pk}" in url)
    assert subproject.name in page.inner_text("main")
    assert page.locator("table").first.is_visible()
    _shot(page, "esf")

    # The range and the scope go along to the figures.
    page.locator(".report-nav a[href^='/reports/figures/']").click()
    page.wait_for_url(lambda url: "/reports/figures/" in url and "subproject=" in url)
    figures = page.locator("figure")
    assert figures.count() == 8
    first = figures.first
    assert first.locator("figcaption").is_visible()
    svg = first.locator("svg[role=img]")
    assert svg.locator("title").count() >= 1 and svg.locator("desc").count() == 1
    assert first.locator("table caption").count() == 1
    _shot(page, "figures")

    page.locator(".report-nav a[href^='/reports/cooperation/']").click()
    page.wait_for_url(lambda url: "/reports/cooperation/" in url)
    # The whole network, to see everyone who works together.
    page.get_by_label("Teilprojekt", exact=False).select_option("")
    page.get_by_role("button", name="Bericht anzeigen").click()
    page.wait_for_load_state()
    graph = page.locator("#collaboration svg[role=img]")
    assert graph.locator("circle").count() >= 2
    assert graph.locator("line").count() >= 1
    _shot(page, "monitor")

    with page.expect_download() as download_info:
        page.locator("#vacancies").get_by_role("link", name="XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    rows = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    assert len(rows) >= 2  # the header and at least one organisation
    assert not page.console_errors, page.console_errors
