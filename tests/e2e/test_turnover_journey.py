"""Staff turnover and the inbox, in Chromium: the team lead of ProfeS ends the case
worker's tenure (parental leave) without a successor yet and leaves a handover note; the
position's reminder now waits in the team lead's inbox as the deputy, with the count in
the navigation; she marks it done, then names the successor on the holders page.

Locators use form field names and urls, never English texts: the UI is German.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from inprocedere.cases.models import Case
from inprocedere.inbox.models import InboxItem
from inprocedere.inbox.reminders import compute_all
from inprocedere.network.models import Organisation, Person, Position, Tenure
from inprocedere.participants.models import Participant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "Dienstags Sprechstunde in Germersheim; Akten im Schrank links."


def submit(page, form):
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def test_turnover_and_the_deputys_inbox(page, sign_in):
    profes = Organisation.objects.get(slug="profes")
    counselling = profes.positions.get(title="Beratung und Begleitung Germersheim")
    lead = next(p for p in profes.positions.exclude(pk=counselling.pk) if "team_lead" in p.roles)
    Position.objects.filter(pk=counselling.pk).update(deputy=lead)
    holder = Tenure.objects.current().get(position=counselling)
    participant = Participant.unrestricted.create(
        family_name="Wechsel", given_names="Wanda", registered_by=profes
    )
    case = Case.unrestricted.create(
        participant=participant,
        owner_organisation=profes,
        owner_position=counselling,
        last_contact_on=timezone.localdate() - dt.timedelta(days=45),
    )
    successor = Person.objects.create(given_name="Nora", family_name="Nachfolge")

    sign_in("teamlead")
    page.goto(reverse("network:position_holders", args=[counselling.pk]))
    prefix = f"end-{holder.pk}"
    form = page.locator(f'form:has([name="{prefix}-end_reason"])')
    form.locator(f'[name="{prefix}-ends_on"]').fill(
        (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    )
    form.locator(f'[name="{prefix}-end_reason"]').select_option("parental_leave")
    form.locator(f'[name="{prefix}-handover_note"]').fill(NOTE)
    submit(page, form)
    assert page.url.endswith(reverse("network:position_detail", args=[counselling.pk]))
    assert NOTE in page.locator("#main").inner_text()

    # The reminder for the vacant position's case reaches the deputy.
    compute_all()
    reminder = InboxItem.objects.get(kind="no_contact", position=counselling)
    assert reminder.delivered_to == lead
    page.goto(reverse("inbox:inbox"))
    badge = page.locator(f'a[href="{reverse("inbox:inbox")}"] .kern-badge')
    badge.wait_for()
    assert int(badge.inner_text().split()[0]) >= 2  # the vacancy notice and the reminder
    row = page.locator(f'tr:has(a[href="{reverse("cases:case_detail", args=[case.pk])}"])')
    assert "Wechsel" in row.inner_text()  # her own organisation's case: named
    submit(page, row.locator("form"))
    reminder.refresh_from_db()
    assert reminder.done_at is not None

    # The vacancy page counts the waiting case; then the successor takes over.
    page.goto(reverse("network:vacancies"))
    assert counselling.title in page.locator("#main").inner_text()
    page.goto(reverse("network:position_holders", args=[counselling.pk]))
    form = page.locator('form:has([name="start-person"])')
    form.locator('[name="start-person"]').select_option(str(successor.pk))
    submit(page, form)
    assert Tenure.objects.current().filter(position=counselling, person=successor).exists()
    assert page.console_errors == []
