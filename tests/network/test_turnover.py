"""Staff turnover: a holder leaves (with reason, successor, handover note), the position
keeps its work, the deputy takes over while it is vacant, the vacancy page counts it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from inprocedere.cases.models import Case, Referral
from inprocedere.inbox.models import InboxItem
from inprocedere.inbox.selectors import items_for_user
from inprocedere.inbox.services import deliver
from inprocedere.network import services
from inprocedere.network.models import Organisation, Person, Position, Tenure
from inprocedere.network.vacancies import vacancies_for
from inprocedere.participants.models import Participant

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def profes():
    return Organisation.objects.get(slug="profes")


@pytest.fixture
def counselling(profes):
    """The case worker's position at ProfeS, with the team lead's position as deputy."""
    position = profes.positions.get(title="Beratung und Begleitung Germersheim")
    lead = next(p for p in profes.positions.exclude(pk=position.pk) if "team_lead" in p.roles)
    Position.objects.filter(pk=position.pk).update(deputy=lead)
    position.refresh_from_db()
    return position


@pytest.fixture
def holder(counselling):
    return Tenure.objects.current().filter(position=counselling).first()


@pytest.fixture
def newcomer():
    return Person.objects.create(given_name="Nora", family_name="Neu")


def test_team_lead_ends_a_tenure_and_the_deputy_takes_over(
    user_for, counselling, holder, django_capture_on_commit_callbacks
):
    team_lead = user_for("team_lead")
    with django_capture_on_commit_callbacks(execute=True):
        services.position_handover(
            actor=team_lead,
            tenure=holder,
            ends_on=TODAY() - dt.timedelta(days=1),
            reason="parental_leave",
            handover_note="Dienstags Sprechstunde in Germersheim.",
        )
    holder.refresh_from_db()
    assert holder.end_reason == "parental_leave"
    counselling.refresh_from_db()
    assert counselling.handover_note == "Dienstags Sprechstunde in Germersheim."
    assert counselling.is_vacant
    # The deputy is told, and new items for the vacant position reach them.
    told = InboxItem.objects.get(kind="vacancy")
    assert told.position == counselling.deputy
    item = deliver(position=counselling, kind="other", key="t:after", title="New", url="")
    assert item.position == counselling and item.delivered_to == counselling.deputy
    assert item in items_for_user(team_lead)
    assert item not in items_for_user(user_for("case_worker"))


def test_successor_takes_over_the_position_and_its_items(
    user_for, counselling, holder, newcomer, django_capture_on_commit_callbacks
):
    coordinator = user_for("coordinator")
    waiting = deliver(position=counselling, kind="other", key="t:before", title="Old", url="")
    newcomer.user = user_for("outsider")
    newcomer.save()
    tenure = services.position_handover(
        actor=coordinator,
        tenure=holder,
        ends_on=TODAY() - dt.timedelta(days=1),
        reason="left",
        successor=newcomer,
        successor_starts_on=TODAY(),
    )
    assert tenure.person == newcomer and tenure.position == counselling
    assert not InboxItem.objects.filter(kind="vacancy").exists()  # never vacant
    outsider = user_for("outsider")
    outsider._inprocedere_actor = None
    del outsider._inprocedere_actor
    assert waiting in items_for_user(outsider)  # the items stayed with the position


def test_bad_input_changes_nothing(user_for, holder, newcomer):
    coordinator = user_for("coordinator")
    for kwargs in (
        {"reason": ""},
        {"reason": "nonsense"},
        {"reason": "left", "successor": holder.person},
        {"reason": "left", "ends_on": holder.starts_on - dt.timedelta(days=1)},
        {
            "reason": "left",
            "successor": newcomer,
            "successor_starts_on": holder.starts_on - dt.timedelta(days=1),
        },
    ):
        with pytest.raises(ValidationError):
            services.position_handover(actor=coordinator, tenure=holder, **kwargs)
        holder.refresh_from_db()
        assert holder.ends_on is None and holder.end_reason == ""
    assert not Tenure.objects.filter(person=newcomer).exists()


def test_who_may_handle_turnover(user_for, holder):
    kv = Organisation.objects.get(slug="kv-germersheim").positions.first()
    other = Tenure.objects.current().filter(position=kv).first()
    for persona in ("case_worker", "authority_officer", "ministry_reader", "dpo"):
        with pytest.raises(PermissionDenied):
            services.position_handover(actor=user_for(persona), tenure=holder, reason="left")
    with pytest.raises(PermissionDenied):  # a team lead of another organisation
        services.position_handover(actor=user_for("team_lead"), tenure=other, reason="left")
    holder.refresh_from_db()
    assert holder.ends_on is None


def test_holders_page_for_the_team_lead(client_for, counselling, holder, newcomer):
    client = client_for("team_lead")
    url = reverse("network:position_holders", args=[counselling.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "handover_note" in page.content.decode()
    prefix = f"end-{holder.pk}"
    response = client.post(
        url,
        {
            "action": "end",
            "tenure": holder.pk,
            f"{prefix}-ends_on": (TODAY() - dt.timedelta(days=1)).isoformat(),
            f"{prefix}-end_reason": "left",
            f"{prefix}-successor": newcomer.pk,
            f"{prefix}-successor_starts_on": TODAY().isoformat(),
            f"{prefix}-handover_note": "Akten im Schrank links.",
        },
    )
    assert response.status_code == 302
    assert Tenure.objects.current().filter(position=counselling, person=newcomer).exists()
    counselling.refresh_from_db()
    assert counselling.handover_note == "Akten im Schrank links."


def test_holders_page_refuses_a_missing_reason(client_for, counselling, holder):
    client = client_for("coordinator")
    url = reverse("network:position_holders", args=[counselling.pk])
    prefix = f"end-{holder.pk}"
    response = client.post(
        url, {"action": "end", "tenure": holder.pk, f"{prefix}-ends_on": TODAY().isoformat()}
    )
    assert response.status_code == 200
    holder.refresh_from_db()
    assert holder.ends_on is None


def test_vacancies_page_counts_the_work_waiting(
    client_for, user_for, counselling, holder, django_assert_max_num_queries
):
    services.tenure_end(
        actor=user_for("coordinator"),
        tenure=holder,
        ends_on=TODAY() - dt.timedelta(days=10),
        reason="left",
    )
    authority = Organisation.objects.get(slug="kv-germersheim")
    participant = Participant.unrestricted.create(
        family_name="Quellwart", given_names="W", registered_by=authority
    )
    Case.unrestricted.create(
        participant=participant,
        owner_organisation=counselling.organisation,
        owner_position=counselling,
    )
    Referral.unrestricted.create(
        participant=participant,
        from_position=authority.positions.first(),
        to_organisation=counselling.organisation,
        to_position=counselling,
        reason="x",
    )
    deliver(position=counselling, kind="other", key="v:1", title="T", url="")
    (vacancy,) = [v for v in vacancies_for(user_for("coordinator")) if v.position == counselling]
    assert vacancy.since == TODAY() - dt.timedelta(days=9)
    assert vacancy.days == 9
    assert vacancy.waiting["cases"] == 1
    assert vacancy.waiting["referrals_to_position"] == 1
    assert vacancy.waiting["open_items"] == 1
    client = client_for("coordinator")
    with django_assert_max_num_queries(15):
        page = client.get(reverse("network:vacancies"))
    body = page.content.decode()
    assert page.status_code == 200 and counselling.title in body
    assert "Quellwart" not in body  # counts, never names
    # A team lead sees their own organisation's vacancies only.
    lead = vacancies_for(user_for("team_lead"))
    assert lead and all(v.position.organisation_id == counselling.organisation_id for v in lead)


def test_vacancies_page_is_for_coordinators_and_team_leads(client_for):
    for persona, status in (
        ("coordinator", 200),
        ("team_lead", 200),
        ("case_worker", 403),
        ("ministry_reader", 403),
    ):
        assert client_for(persona).get(reverse("network:vacancies")).status_code == status
