"""The import journey in Chromium: a team lead uploads the example sheet, sees the first
rows and the check's report, imports it and finds the people in the register; a sheet
with a mistake is refused with its row and column, and nothing is written."""

from pathlib import Path

import pytest

from inprocedere.participants.models import ExternalIdentifier

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "participants.csv"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_upload_preview_import(page, sign_in):
    sign_in("teamlead")
    # Navigation by role: the import is an entry of the group "Teilnehmende".
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Teilnehmende"
    ).click()
    page.get_by_role("navigation", name="Teilnehmende").locator("a[href='/imports/']").click()
    page.wait_for_url("**/imports/")
    page.set_input_files("input[type=file][name=file]", str(EXAMPLE))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url("**/imports/*-*/")
    preview = page.get_by_test_id("import-preview")
    assert "Haddad" in preview.inner_text()
    assert "Teilnehmernummer" not in preview.inner_text()  # the headers as in the file
    assert "participant_ref" in preview.inner_text()
    assert not ExternalIdentifier.objects.filter(kind="participant_ref").exists()

    page.locator("form[action$='/import/'] button[type=submit]").click()
    page.locator("form[action$='/import/']").wait_for(state="detached")
    assert page.get_by_test_id("import-status").inner_text().strip() in ("Imported", "Importiert")
    refs = ExternalIdentifier.objects.filter(organisation__slug="profes", kind="participant_ref")
    assert refs.count() == 6

    page.goto("/participants/?q=Tesfay")
    assert "Yonas" in page.inner_text("main")
    assert page.console_errors == []


def test_a_sheet_with_a_mistake_is_refused(page, sign_in, tmp_path):
    sheet = tmp_path / "fehler.csv"
    text = EXAMPLE.read_text(encoding="utf-8").replace("2024-03-01", "31.02.2024")
    sheet.write_text(text, encoding="utf-8")
    sign_in("caseworker")
    page.goto("/imports/")
    page.set_input_files("input[type=file][name=file]", str(sheet))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url("**/imports/*-*/")
    problems = page.get_by_test_id("import-problems").inner_text()
    assert "31.02.2024" in problems
    assert "entry_date" in problems
    assert page.locator("form[action$='/import/']").count() == 0
    assert not ExternalIdentifier.objects.filter(kind="participant_ref").exists()
