"""The foundation's journey: sign in, find who handles residence law in Germersheim,
open the organisation's profile, and download the phone list to print."""

from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_find_residence_law_contact_in_germersheim_and_print_the_phone_list(page, sign_in):
    sign_in("caseworker")
    assert page.locator("html").get_attribute("lang") == "de"

    page.goto("/directory/")
    # The directory's own search (the header's search box comes first on the page).
    directory_search = page.get_by_role("main").get_by_role("search")
    directory_search.get_by_label("Suche", exact=False).first.fill("Aufenthaltsrecht Germersheim")
    page.keyboard.press("Enter")
    row = page.locator("tr", has_text="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung")
    row.first.wait_for()
    assert "Sabine Keller" in row.first.inner_text()
    assert "07274" in row.first.inner_text()  # direct dial in German format
    assert "auslaenderbehoerde@kreis-germersheim.example" in row.first.inner_text()

    page.get_by_role(
        "link", name="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"
    ).first.click()
    assert "Sabine Keller" in page.content()
    page.get_by_role("link", name="Kreisverwaltung Germersheim").first.click()
    body = page.inner_text("main")
    assert "Aufenthaltstitel" in body  # what they do
    assert "AufenthG" in body  # legal basis

    with page.expect_download() as download_info:
        page.goto("/directory/")
        page.get_by_role("link", name="PDF").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    text = "".join(p.extract_text() for p in PdfReader(Path(download.path())).pages)
    for name in ("Kreisverwaltung Germersheim", "Sabine Keller", "ProfeS GmbH"):
        assert name in text
    assert not page.console_errors, page.console_errors


def test_a_vacant_position_shows_its_deputy(page, sign_in):
    sign_in("caseworker")
    page.goto("/directory/?q=Projekt+InProcedere")
    row = page.locator("tr", has_text="Aufenthaltsrecht (Projekt InProcedere)").first
    text = row.inner_text()
    assert "unbesetzt" in text.lower() or "vakant" in text.lower()
    assert "Sachgebietsleitung" in text or "Thomas Wagner" in text


def test_english_is_one_click_away(page, sign_in):
    sign_in("caseworker")
    page.goto("/directory/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Deutsch").is_visible()
