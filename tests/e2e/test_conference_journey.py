"""The conference journey of issue 5 ("Fallbesprechung"), in Chromium:

the case worker of ProfeS Germersheim (carrier) plans a case conference for a case and
invites three organisations (ProfeS's own project lead, the immigration office of
Kreisverwaltung Germersheim and the job centre Germersheim); each invitee gets a calendar
invitation by e-mail without personal data. After the conference she records the
minutes and an action item for the job centre and approves the minutes as the chair;
the job-centre officer finds the action item in the inbox, opens the conference and
marks it done.

Locators use form field names and values, never English texts: the UI is German.
"""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from inprocedere.cases.models import Case
from inprocedere.cooperation.models import ActionItem, CaseConference
from inprocedere.network.models import Organisation, Position
from inprocedere.participants.models import Participant
from tests.conftest import grant_consent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MINUTES = "Sprachkurs B1 abgeschlossen; Anerkennung wird beantragt."
ACTION = "Förderung der Anpassungsqualifizierung prüfen"


def submit(page, form):
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def sign_out(page):
    with page.expect_navigation():
        page.locator(f'form[action="{reverse("accounts:logout")}"] button[type=submit]').click()


def open_accordion(page, field_name):
    details = page.locator(f'details:has([name="{field_name}"])')
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    form = details.locator(f'form:has([name="{field_name}"])')
    form.locator(f'[name="{field_name}"]').wait_for(state="visible")
    return form


def _positions():
    get = Position.objects.select_related("organisation").get
    return {
        "chair": get(organisation__slug="profes", title="Beratung und Begleitung Germersheim"),
        "carrier": get(organisation__slug="profes", title="Projektleitung"),
        "authority": get(
            organisation__slug="kv-germersheim",
            title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung",
        ),
        "jobcentre": get(organisation__slug="jc-germersheim", title="Fallmanagement Migration"),
    }


def test_conference_journey(page, sign_in):
    positions = _positions()
    participant = Participant.unrestricted.create(
        family_name="Rahimi",
        given_names="Farid",
        registered_by=Organisation.objects.get(slug="kv-germersheim"),
    )
    case = Case.unrestricted.create(
        participant=participant,
        owner_organisation=positions["chair"].organisation,
        owner_position=positions["chair"],
    )
    grant_consent(participant, "kv-germersheim", "jc-germersheim", purposes=("case_conference",))

    # The case worker plans the conference and invites three organisations.
    sign_in("caseworker")
    page.goto(reverse("cooperation:case_picker") + "?for=conference")
    page.select_option("select[name=case]", str(case.pk))
    submit(page, page.locator("form:has(select[name=case])"))
    assert page.url.endswith(reverse("cooperation:conference_create", kwargs={"case_pk": case.pk}))
    day = timezone.localdate() + dt.timedelta(days=3)
    form = page.locator("form:has([name=positions])")
    form.locator("[name=title]").fill("Fallbesprechung Rahimi")
    form.locator("[name=starts_at]").fill(f"{day:%Y-%m-%d}T10:00")
    form.locator("[name=ends_at]").fill(f"{day:%Y-%m-%d}T11:00")
    form.locator("[name=place]").fill("ProfeS Germersheim, Raum 2")
    form.locator("[name=agenda]").fill("1. Sprachkurs\n2. Anerkennung")
    # Invitees are ticked, not Ctrl-clicked in a multi-select.
    for key in ("carrier", "authority", "jobcentre"):
        form.locator(f'input[type=checkbox][name=positions][value="{positions[key].pk}"]').check()
    submit(page, form)
    conference = CaseConference.objects.get(case=case)
    assert page.url.endswith(reverse("cooperation:conference_detail", kwargs={"pk": conference.pk}))
    invited = {i.organisation.slug for i in conference.invitations.all()}
    assert invited == {"profes", "kv-germersheim", "jc-germersheim"}
    main = page.inner_text("main")
    for key in ("carrier", "authority", "jobcentre"):
        assert positions[key].title in main

    # Each invitee's holders got a calendar invitation without the person's name.
    invitations = [m for m in mail.outbox if m.attachments]
    assert len(invitations) == 1 and len(invitations[0].bcc) == 3
    payload = invitations[0].attachments[0][1]
    calendar = Calendar.from_ical(payload)
    assert str(calendar["method"]) == "REQUEST"
    assert "Rahimi" not in invitations[0].body + str(payload)

    # The conference takes place; the chair records minutes and an action item.
    CaseConference.objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    page.reload()
    form = open_accordion(page, "minutes-minutes")
    form.locator("[name=minutes-minutes]").fill(MINUTES)
    form.locator("[name=minutes-decisions]").fill("Anerkennung beantragen.")
    submit(page, form)
    form = open_accordion(page, "action_item-title")
    form.locator("[name=action_item-title]").fill(ACTION)
    form.locator("[name=action_item-owner_position]").select_option(str(positions["jobcentre"].pk))
    form.locator("[name=action_item-due_on]").fill(
        f"{timezone.localdate() + dt.timedelta(days=14):%Y-%m-%d}"
    )
    submit(page, form)
    item = ActionItem.objects.get(conference=conference)
    assert item.owner_position == positions["jobcentre"] and item.done_on is None
    submit(page, page.locator('form:has(input[name=action][value="approve"])'))
    conference.refresh_from_db()
    assert conference.minutes_state == "approved"
    pdf = page.locator(
        f'a[href="{reverse("cooperation:conference_minutes_pdf", kwargs={"pk": conference.pk})}"]'
    )
    assert pdf.count() == 1
    # Minutes released: the conference took place and cannot be called off any more.
    assert conference.state == "held"
    assert page.locator('form:has(input[name=action][value="cancel"])').count() == 0
    sign_out(page)

    # The job-centre officer finds the action item in the inbox and marks it done.
    sign_in("jobcentre")
    page.goto(reverse("inbox:inbox"))
    link = page.locator(
        f'a[href="{reverse("cooperation:conference_detail", kwargs={"pk": conference.pk})}"]'
    ).first
    assert ACTION in page.inner_text("main")
    with page.expect_navigation():
        link.click()
    assert MINUTES in page.inner_text("main")
    submit(page, page.locator(f'form:has(input[name="done-item"][value="{item.pk}"])'))
    item.refresh_from_db()
    assert item.done_on == timezone.localdate()
    assert item.done_by.username == "jobcentre"
    assert page.console_errors == []
