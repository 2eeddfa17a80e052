"""The reach table (privacy/reach_table.py, decision 0012): every write path keeps it in
step in the same transaction, `inprocedere reach check` finds where it does not, and
`inprocedere reach rebuild` mends it; the policy's scopes read it."""

import io

import pytest
from django.core.management import CommandError, call_command

from inprocedere.cases.models import Case, Referral
from inprocedere.cases.services import referrals as referral_services
from inprocedere.cases.services.cases import case_team_remove
from inprocedere.core import derived
from inprocedere.network.models import Organisation, Position
from inprocedere.participants.models import Participant
from inprocedere.privacy import policy
from inprocedere.privacy.models import Reach
from tests.test_access_matrix import _case_work

pytestmark = pytest.mark.django_db


def _rows(person):
    return {
        (organisation, basis, position)
        for organisation, basis, position in Reach.objects.filter(
            participant_id=person.pk
        ).values_list("organisation__slug", "basis", "position__title")
    }


def _check() -> str:
    out = io.StringIO()
    call_command("reach", "check", stdout=out)
    return out.getvalue()


def _jobcentre():
    return Position.objects.get(
        organisation__slug="jc-germersheim", title="Fallmanagement Migration"
    )


def test_registration_case_referral_and_team_each_make_a_row(demo_network):
    work = _case_work()
    work["case"].team.add(_jobcentre())
    assert _rows(work["case"].participant) == {
        ("kv-germersheim", "registered", None),
        ("profes", "case", None),
        ("kv-germersheim", "referral", None),
        ("profes", "referral", None),
        ("jc-germersheim", "team", "Fallmanagement Migration"),
    }
    assert "agrees" in _check()


def test_a_declined_referral_and_a_team_removal_end_their_rows(demo_network, user_for):
    work = _case_work()
    case, referral = work["case"], work["referral"]
    case.team.add(_jobcentre())
    referral_services.referral_decline(
        actor=user_for("case_worker"), referral=referral, reason="Keine Kapazität"
    )
    case_team_remove(actor=user_for("case_worker"), case=case, position=_jobcentre())
    assert _rows(case.participant) == {
        ("kv-germersheim", "registered", None),
        ("profes", "case", None),
    }
    assert "agrees" in _check()


def test_a_handover_of_the_owner_moves_the_case_row(demo_network):
    case = _case_work()["case"]
    jobcentre = Organisation.objects.get(slug="jc-germersheim")
    case.owner_organisation = jobcentre
    case.save(update_fields=["owner_organisation"])
    assert ("jc-germersheim", "case", None) in _rows(case.participant)
    assert ("profes", "case", None) not in _rows(case.participant)


def test_check_names_the_people_a_bulk_write_left_behind_and_rebuild_mends_it(demo_network):
    work = _case_work()
    person = work["case"].participant
    # A bulk write that bypasses the services (and their signals) ...
    Case.unrestricted.filter(pk=work["case"].pk).update(
        owner_organisation=Organisation.objects.get(slug="jc-germersheim")
    )
    Reach.objects.filter(participant=person, basis="registered").delete()
    with pytest.raises(CommandError, match="1 people"):
        _check()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("reach", "check", stdout=out)
    assert f"participant #{person.pk}: 2 rows missing, 1 too many" in out.getvalue()
    # ... is what `core.derived.refresh` (bulk writers) or a rebuild brings back in step.
    call_command("reach", "rebuild", stdout=io.StringIO())
    assert "agrees" in _check()
    Reach.objects.all().delete()
    derived.refresh([person.pk], only=["privacy.reach"])
    assert "agrees" in _check()


def test_the_scopes_read_the_table(demo_network, user_for):
    """What the table does not hold, no scope grants: the register of the carrier that
    owns the case loses the person when their rows are gone (and only then)."""
    work = _case_work()
    person = work["case"].participant
    case_worker = user_for("case_worker")
    visible = policy.visible(case_worker, Participant.objects.all(), "participant.read")
    assert list(visible.values_list("pk", flat=True)) == [person.pk]
    assert policy.can(case_worker, "participant.read", person)
    Reach.objects.filter(participant=person).delete()
    assert not visible.exists()
    assert not policy.can(case_worker, "participant.read", person)
    assert not policy.visible(case_worker, Referral.objects.all(), "referral.read").exists()
    call_command("reach", "rebuild", stdout=io.StringIO())
    assert policy.can(case_worker, "participant.read", person)


def test_the_scope_is_one_semi_join_without_a_union(demo_network, user_for):
    query = str(
        policy.visible(user_for("case_worker"), Participant.objects.all(), "participant.read")
        .order_by("family_name", "given_names", "pk")
        .query
    )
    assert "privacy_reach" in query
    assert "UNION" not in query.upper()
