"""Choosers that fit (issue 15, item 4): only case-work positions for referrals, handovers
and the case team, narrowed to the chosen organisation; a vacant position without a deputy
refused; ISCED by name; nationalities as ticked boxes, not Ctrl-click."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inprocedere.cases import services
from inprocedere.cases.models import Referral
from inprocedere.network.models import Position
from tests.cases.conftest import *  # noqa: F403 - referral and case fixtures

pytestmark = pytest.mark.django_db


def _it_admin():
    return Position.objects.get(organisation__slug="ism", title="IT-Administration")


def _options(html, name):
    start = html.index(f'name="{name}"')
    select = html[start : html.index("</select>", start)]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_a_referral_to_a_position_without_case_work_is_refused(send, participant, org):
    with pytest.raises(ValidationError) as refused:
        send(participant, to_organisation=org("ism"), to_position=_it_admin())
    assert "to_position" in refused.value.message_dict
    assert "IT-Administration" in refused.value.message_dict["to_position"][0]
    assert not Referral.unrestricted.filter(participant=participant).exists()


def test_the_referral_form_offers_case_work_positions_of_the_chosen_organisation(
    client_for, participant, org
):
    client = client_for("authority_officer")
    url = reverse("cases:referral_create") + f"?participant={participant.pk}"
    everyone = client.get(url).content.decode()
    assert "IT-Administration" not in _options(everyone, "to_position")
    assert "Referat Integration und Migration" not in _options(everyone, "to_position")
    # Choosing the organisation asks the chooser's search for its positions.
    assert 'hx-get="/choose/positions/?purpose=referral' in everyone.replace("&amp;", "&")
    narrowed = client.get(f"{url}&to_organisation={org('profes').pk}").content.decode()
    offered = _options(narrowed, "to_position")
    assert "Beratung und Begleitung Germersheim" in offered
    assert "Fallmanagement Migration" not in offered  # the job centre's


def test_a_handover_to_a_vacant_position_without_deputy_is_refused(case, user_for, org):
    vacant = Position.objects.create(
        organisation=org("jc-germersheim"),
        title="Fallmanagement (vakant)",
        roles=["jobcentre_officer"],
    )
    with pytest.raises(ValidationError) as refused:
        services.handover_create(
            actor=user_for("case_worker"),
            case=case,
            to_organisation=org("jc-germersheim"),
            to_position=vacant,
            reason="SGB II",
        )
    assert "vakant" in refused.value.message_dict["to_position"][0]
    assert not Referral.unrestricted.filter(case=case, kind=Referral.Kind.HANDOVER).exists()


def test_the_case_team_takes_only_case_work_positions(case, user_for, client_for):
    with pytest.raises(ValidationError):
        services.case_team_add(actor=user_for("case_worker"), case=case, position=_it_admin())
    assert not case.team.exists()
    html = client_for("case_worker").get(reverse("cases:case_detail", args=[case.pk]))
    offered = _options(html.content.decode(), "team_add-position")
    assert "IT-Administration" not in offered and "Fallmanagement Migration" in offered


def test_isced_is_chosen_by_name(case, client_for):
    html = client_for("case_worker").get(reverse("cases:case_edit", args=[case.pk]))
    assert "ISCED 3 – Sekundarbereich II" in _options(html.content.decode(), "isced_at_entry")


def test_nationalities_are_ticked_not_ctrl_clicked(client_for):
    html = client_for("authority_officer").get(reverse("participants:participant_create"))
    text = html.content.decode()
    assert 'type="checkbox" name="citizenships" value="SY"' in text
    assert "<select" not in text[text.index('name="citizenships"') - 200 :][:400]
