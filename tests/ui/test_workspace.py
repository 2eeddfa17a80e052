"""The case page as a workspace (issue 15, item 3): the person's summary beside it with
the link to the record (also from a referral before acceptance), actions as buttons at
the top that open their form, 'Zuständige Stelle' prefilled from the referral."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from inprocedere.participants.models import BenefitPeriod, ResidenceStatus, ResidenceStatusType
from tests.cases.conftest import *  # noqa: F403 - referral and case fixtures

pytestmark = pytest.mark.django_db


def test_the_summary_names_status_end_benefits_consent_team_and_links_the_record(
    case, participant, client_for, user_for, jobcentre_position
):
    from inprocedere.cases import services
    from tests.conftest import grant_consent

    until = timezone.localdate() + dt.timedelta(days=20)
    ResidenceStatus.objects.create(
        participant=participant,
        status_type=ResidenceStatusType.objects.get(code="duldung"),
        valid_from=timezone.localdate() - dt.timedelta(days=100),
        valid_until=until,
    )
    BenefitPeriod.objects.create(
        participant=participant, system="asylblg_3", valid_from=dt.date(2024, 1, 1)
    )
    grant_consent(participant, "jc-germersheim", purposes=("counselling",))
    services.case_team_add(actor=user_for("case_worker"), case=case, position=jobcentre_position)
    url = reverse("cases:person_summary", args=[participant.pk]) + f"?case={case.pk}"
    html = client_for("case_worker").get(url).content.decode()
    assert "Amina Haddad" in html and "Duldung" in html
    assert until.strftime("%d.%m.%Y") in html and "noch 20 Tage" in html
    assert "AsylbLG § 3" in html
    assert "gültige Einwilligung" in html
    assert "JC Germersheim" in html
    assert reverse("participants:participant_detail", args=[participant.pk]) in html


def test_the_case_page_loads_the_summary_and_offers_actions_at_the_top(case, client_for):
    html = client_for("case_worker").get(reverse("cases:case_detail", args=[case.pk]))
    text = html.content.decode()
    summary = reverse("cases:person_summary", args=[case.participant_id])
    assert f'hx-get="{summary}?case={case.pk}"' in text
    toolbar = text[text.index('class="toolbar"') :]
    assert toolbar.index("Aktivität erfassen") < toolbar.index('id="record-heading"')
    opened = client_for("case_worker").get(
        reverse("cases:case_detail", args=[case.pk]) + "?open=activity"
    )
    assert 'id="form-activity" open' in opened.content.decode()


def test_the_receiving_side_opens_the_record_before_accepting(referral, client_for):
    html = client_for("case_worker").get(reverse("cases:referral_detail", args=[referral.pk]))
    record = reverse("participants:participant_detail", args=[referral.participant_id])
    assert record in html.content.decode()
    assert client_for("case_worker").get(record).status_code == 200


def test_the_responsible_position_is_prefilled_from_the_referral(
    send, participant, user_for, client_for, carrier_position, org
):
    from inprocedere.cases import services

    referral = send(participant, to_position=carrier_position)
    services.referral_accept(
        actor=user_for("case_worker"),
        referral=referral,
        first_appointment=timezone.now() + dt.timedelta(days=2),
    )
    html = client_for("case_worker").get(reverse("cases:referral_detail", args=[referral.pk]))
    text = html.content.decode()
    select = text[text.index('name="intake-owner_position"') :]
    select = select[: select.index("</select>")]
    assert f'value="{carrier_position.pk}" selected' in select


def test_the_persons_page_opens_with_the_summary_and_the_sections(case, participant, client_for):
    """The participant page (issue 15, item 3): the summary on top (loaded by htmx, the
    record's link without JavaScript) and links to its sections, not one long scroll."""
    html = client_for("case_worker").get(
        reverse("participants:participant_detail", args=[participant.pk])
    )
    text = html.content.decode()
    summary = reverse("cases:person_summary", args=[participant.pk])
    assert f'hx-get="{summary}?on=record"' in text
    nav = text[text.index('id="section-nav-heading"') :]
    for heading in ("identity", "contact", "residence", "benefits", "casework"):
        assert f'href="#{heading}-heading"' in nav[: nav.index("</nav>")]
        assert f'id="{heading}-heading"' in text  # the link has its target
    assert text.index("section-nav-heading") < text.index('id="identity-heading"')


def test_the_summary_on_the_persons_page_names_the_open_case_and_what_is_due(
    case, participant, client_for
):
    from inprocedere.cases.models import FollowUp, Goal

    today = timezone.localdate()
    Goal.objects.create(case=case, text="Deutschkurs B1 beginnen", due_on=today + dt.timedelta(5))
    Goal.objects.create(case=case, text="Erreicht", due_on=today, status=Goal.Status.REACHED)
    FollowUp.objects.create(case=case, due_on=today - dt.timedelta(days=2))
    url = reverse("cases:person_summary", args=[participant.pk])
    html = client_for("case_worker").get(url).content.decode()
    assert "Offener Fall" in html
    assert reverse("cases:case_detail", args=[case.pk]) in html
    assert "Als Nächstes fällig" in html
    # soonest first, the overdue follow-up marked; a reached goal is not due
    assert html.index("Verbleibsabfrage") < html.index("Ziel: Deutschkurs B1 beginnen")
    assert "überfällig" in html and "Erreicht" not in html
    assert (today + dt.timedelta(5)).strftime("%d.%m.%Y") in html
    # beside a case, the case's own page shows its team instead
    beside = client_for("case_worker").get(f"{url}?case={case.pk}").content.decode()
    assert "Als Nächstes fällig" not in beside
    # on the person's own page, no link to the page itself
    record = reverse("participants:participant_detail", args=[participant.pk])
    assert record in html
    assert record not in client_for("case_worker").get(f"{url}?on=record").content.decode()


def test_the_summary_shows_no_case_to_whom_reads_none(case, participant, client_for):
    url = reverse("cases:person_summary", args=[participant.pk])
    html = client_for("authority_officer").get(url)
    assert html.status_code == 200
    assert reverse("cases:case_detail", args=[case.pk]) not in html.content.decode()
