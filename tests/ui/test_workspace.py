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
