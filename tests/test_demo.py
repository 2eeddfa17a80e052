"""The demo: the network of the slides and ~60 fictional participants in every stage."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inprocedere.cases.models import Case, Exit, FollowUp, Placement, Referral
from inprocedere.demo_cases import seed_demo_cases
from inprocedere.network.models import FundingPeriod, Membership, Organisation, Position, Region
from inprocedere.participants.models import Participant

pytestmark = pytest.mark.django_db


def test_the_network_of_the_slides_is_there():
    assert Region.objects.count() == 5
    assert {"fp1", "fp2"} <= set(FundingPeriod.objects.values_list("slug", flat=True))
    assert Membership.objects.filter(role="coordinator", organisation__slug="ism").exists()
    assert (
        Membership.objects.filter(funding_period__slug="fp1", role="project_partner").count() == 7
    )
    assert (
        Membership.objects.filter(funding_period__slug="fp1", role="strategic_partner").count() == 6
    )
    for slug in ("kv-germersheim", "profes", "dw", "auslaenderpfarramt", "mifkjf", "jc-landau"):
        assert Organisation.objects.filter(slug=slug).exists()
    vacant = [p for p in Position.objects.with_directory_data() if p.is_vacant]
    assert vacant and all(p.deputy_id for p in vacant)


def test_demo_case_work_covers_every_stage_and_is_idempotent():
    assert seed_demo_cases() == 60
    assert seed_demo_cases() == 0
    assert Participant.unrestricted.count() == 60
    states = set(Referral.unrestricted.values_list("state", flat=True))
    assert states == {"sent", "accepted", "declined", "intake_done"}
    assert Case.unrestricted.filter(status="active").exists()
    assert Case.unrestricted.filter(handed_over_from__isnull=False).count() == 3
    assert Placement.objects.exists() and Exit.objects.exists()
    assert FollowUp.objects.filter(done_on__isnull=False).exists()
    histories = {
        tuple(
            p.residence_statuses.order_by("valid_from").values_list("status_type__code", flat=True)
        )
        for p in Participant.unrestricted.all()
    }
    assert ("duldung", "104a-probe", "23-1-imk", "25-5") in histories
    assert any("25a" in codes for codes in histories)
    assert any("gestattung" in codes for codes in histories)


def test_demo_command_refuses_outside_demo_mode(settings):
    settings.DEMO = False
    with pytest.raises(CommandError):
        call_command("demo")
