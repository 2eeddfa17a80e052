"""The language picker in the browser (issue 15, item 4): one row per language; "Weitere
Sprache hinzufügen" adds a row and moves the focus into it, "Entfernen" takes a row away,
all by keyboard; what is saved is what the rows show."""

import pytest
from django.urls import reverse

from inprocedere.network.models import Organisation
from inprocedere.participants.models import Participant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_rows_are_added_and_removed_by_keyboard(page, sign_in, user_for):
    from playwright.sync_api import expect  # the browser fixture skips without Playwright

    person = Participant.unrestricted.create(
        family_name="Rahimi",
        given_names="Laleh",
        languages=["fa"],
        registered_by=Organisation.objects.get(slug="kv-germersheim"),
        updated_by=user_for("authority_officer"),
    )
    sign_in("authority")
    page.goto(reverse("participants:participant_edit", args=[person.pk]))
    picker = page.locator(".language-rows")
    rows = picker.locator(".language-rows__row")
    # with the script: the chosen language only (the empty rows are for pages without it)
    expect(rows).to_have_count(1)
    expect(rows.nth(0).locator("select")).to_have_value("fa")
    expect(page.get_by_label("Sprache 1")).to_have_value("fa")

    add = picker.get_by_role("button", name="Weitere Sprache hinzufügen")
    add.focus()
    page.keyboard.press("Enter")
    expect(rows).to_have_count(2)
    second = rows.nth(1).locator("select")
    expect(second).to_be_focused()
    expect(page.get_by_label("Sprache 2")).to_be_visible()
    second.select_option("de")

    rows.nth(0).get_by_role("button", name="Entfernen").focus()
    page.keyboard.press("Enter")
    expect(rows).to_have_count(1)
    expect(page.get_by_label("Sprache 1")).to_have_value("de")  # renumbered

    page.get_by_role("button", name="Änderungen speichern").click()
    page.wait_for_url(f"**{reverse('participants:participant_detail', args=[person.pk])}")
    person.refresh_from_db()
    assert person.languages == ["de"]
    assert not page.console_errors
