"""Every reminder kind with a frozen clock: filed on the right day for the right position,
once (a second run files nothing and sends no second e-mail), a new occurrence anew."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from inprocedere.cases.models import Case, Enrollment, FollowUp, Measure, Referral
from inprocedere.inbox.models import InboxItem
from inprocedere.inbox.reminders import compute_all
from inprocedere.network.models import Organisation, Position
from inprocedere.participants.models import Participant, ResidenceStatus, ResidenceStatusType

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
DAY = dt.date(2027, 3, 1)


@pytest.fixture
def clock(monkeypatch):
    """A frozen clock: `clock.set(date)` makes it 09:00 on that day in Berlin."""

    class Clock:
        def set(self, day):
            moment = dt.datetime.combine(day, dt.time(9), tzinfo=BERLIN)
            monkeypatch.setattr(timezone, "now", lambda: moment)
            return day

    clock = Clock()
    clock.set(DAY)
    return clock


@pytest.fixture
def world(clock):
    """A participant registered by the immigration office, with a case at ProfeS."""
    authority = Organisation.objects.get(slug="kv-germersheim")
    carrier = Organisation.objects.get(slug="profes")
    owner = carrier.positions.get(title="Beratung und Begleitung Germersheim")
    participant = Participant.unrestricted.create(
        family_name="Erinnerung", given_names="Emil", registered_by=authority
    )
    case = Case.unrestricted.create(
        participant=participant,
        owner_organisation=carrier,
        owner_position=owner,
        last_contact_on=DAY,
    )
    return {
        "authority": authority,
        "carrier": carrier,
        "owner": owner,
        "participant": participant,
        "case": case,
    }


def status(participant, code, valid_from, valid_until, **extra):
    return ResidenceStatus.objects.create(
        participant=participant,
        status_type=ResidenceStatusType.objects.filter(code=code).latest("valid_from"),
        valid_from=valid_from,
        valid_until=valid_until,
        **extra,
    )


def kinds(kind):
    return list(InboxItem.objects.filter(kind=kind).order_by("pk"))


def run_twice(clock=None, day=None):
    """Run the computation twice (as a retried or doubled task would); the second run
    must file nothing."""
    if clock and day:
        clock.set(day)
    first = compute_all()
    second = compute_all()
    assert sum(second.values()) == 0, second
    return first


def test_residence_permit_expiring_at_90_and_30_days(
    world, clock, django_capture_on_commit_callbacks
):
    until = DAY + dt.timedelta(days=120)
    status(world["participant"], "duldung", DAY - dt.timedelta(days=60), until)
    with django_capture_on_commit_callbacks(execute=True):
        run_twice(clock, until - dt.timedelta(days=91))
    assert kinds("residence_expiring") == []
    with django_capture_on_commit_callbacks(execute=True):
        run_twice(clock, until - dt.timedelta(days=90))
    (first,) = kinds("residence_expiring")
    assert first.position == world["owner"]
    assert first.due_on == until
    assert first.participant == world["participant"]
    assert "Erinnerung" not in first.title and "Emil" not in first.title
    sent = [m for m in mail.outbox if first.title in m.subject]
    assert len(sent) == 1  # one e-mail, although the computation ran twice
    assert "Erinnerung" not in sent[0].body and "/inbox/" in sent[0].body
    with django_capture_on_commit_callbacks(execute=True):
        run_twice(clock, until - dt.timedelta(days=60))
    assert len(kinds("residence_expiring")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        run_twice(clock, until - dt.timedelta(days=30))
    assert len(kinds("residence_expiring")) == 2
    # Renewed: a later status on record means no further reminder.
    status(
        world["participant"],
        "duldung",
        until + dt.timedelta(days=1),
        until + dt.timedelta(days=200),
    )
    clock.set(until - dt.timedelta(days=5))
    InboxItem.objects.all().delete()
    assert compute_all()["residence_expiring"] == 0


def test_first_run_late_files_only_the_nearest_lead(world, clock):
    until = DAY + dt.timedelta(days=20)
    status(world["participant"], "25-5", DAY - dt.timedelta(days=300), until)
    run_twice(clock, DAY)
    (item,) = kinds("residence_expiring")
    assert item.key.split(":")[3] == "30"


def test_lead_times_are_settings(world, clock, settings):
    settings.INPROCEDERE_RESIDENCE_REMINDER_DAYS = [14]
    until = DAY + dt.timedelta(days=20)
    status(world["participant"], "duldung", DAY - dt.timedelta(days=30), until)
    run_twice(clock, DAY)
    assert kinds("residence_expiring") == []
    run_twice(clock, until - dt.timedelta(days=14))
    assert len(kinds("residence_expiring")) == 1


def test_bridge_permit_ending_without_application(world, clock):
    until = DAY + dt.timedelta(days=80)
    bridge = status(world["participant"], "104c", DAY - dt.timedelta(days=400), until)
    run_twice(clock, DAY - dt.timedelta(days=11))  # 91 days left
    assert kinds("bridge_ending") == []
    run_twice(clock, DAY)
    (item,) = kinds("bridge_ending")
    assert item.position == world["owner"] and item.due_on == until
    # With a §25b application on record there is nothing to remind of.
    InboxItem.objects.all().delete()
    status(world["participant"], "25b", bridge.valid_from + dt.timedelta(days=300), None)
    run_twice(clock, DAY)
    assert kinds("bridge_ending") == []


def test_measure_ending(world, clock):
    measure = Measure.objects.create(
        title="Deutschkurs B1",
        provider=world["carrier"],
        type="language_course",
        funding_source="esf",
        starts_on=DAY - dt.timedelta(days=100),
        ends_on=DAY + dt.timedelta(days=20),
    )
    Enrollment.objects.create(
        case=world["case"], measure=measure, state="ongoing", started_on=measure.starts_on
    )
    run_twice(clock, DAY)
    assert kinds("measure_ending") == []
    run_twice(clock, DAY + dt.timedelta(days=6))  # 14 days before the end
    (item,) = kinds("measure_ending")
    assert item.due_on == measure.ends_on and "Deutschkurs B1" in item.title


def test_case_without_contact(world, clock, settings):
    settings.INPROCEDERE_NO_CONTACT_DAYS = 30
    run_twice(clock, DAY + dt.timedelta(days=29))
    assert kinds("no_contact") == []
    run_twice(clock, DAY + dt.timedelta(days=30))
    (item,) = kinds("no_contact")
    assert item.position == world["owner"]
    # A new contact, then a new gap: a new reminder.
    Case.unrestricted.filter(pk=world["case"].pk).update(
        last_contact_on=DAY + dt.timedelta(days=31)
    )
    run_twice(clock, DAY + dt.timedelta(days=61))
    assert len(kinds("no_contact")) == 2


def test_referral_unanswered_reaches_both_sides(world, clock, settings):
    settings.INPROCEDERE_REFERRAL_OVERDUE_DAYS = 14
    sender = world["authority"].positions.get(
        title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"
    )
    referral = Referral.unrestricted.create(
        participant=world["participant"],
        from_position=sender,
        to_organisation=world["carrier"],
        to_position=world["owner"],
        reason="Arbeitsmarktintegration",
    )
    run_twice(clock, DAY + dt.timedelta(days=13))
    assert kinds("referral_overdue") == []
    run_twice(clock, DAY + dt.timedelta(days=14))
    items = kinds("referral_overdue")
    assert {item.position for item in items} == {world["owner"], sender}
    # Answered referrals are left alone.
    InboxItem.objects.all().delete()
    Referral.unrestricted.filter(pk=referral.pk).update(state="accepted")
    run_twice(clock, DAY + dt.timedelta(days=20))
    assert kinds("referral_overdue") == []


def test_follow_up_due(world, clock):
    FollowUp.objects.create(case=world["case"], due_on=DAY + dt.timedelta(days=10))
    run_twice(clock, DAY)
    assert kinds("follow_up_due") == []
    run_twice(clock, DAY + dt.timedelta(days=3))  # seven days before
    (item,) = kinds("follow_up_due")
    assert item.due_on == DAY + dt.timedelta(days=10)


def _conference(world):
    from inprocedere.cooperation.models import CaseConference

    start = dt.datetime.combine(DAY, dt.time(10), tzinfo=BERLIN)
    return CaseConference.objects.create(
        case=world["case"],
        title="Fallbesprechung",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        chair_position=world["owner"],
    )


def test_action_item_overdue(world, clock):
    from inprocedere.cooperation.models import ActionItem

    deputy = world["owner"].deputy
    item = ActionItem.objects.create(
        conference=_conference(world),
        title="Arbeitgeber anrufen",
        owner_position=world["owner"],
        due_on=DAY + dt.timedelta(days=7),
    )
    run_twice(clock, DAY + dt.timedelta(days=7))
    assert kinds("action_item_overdue") == []
    run_twice(clock, DAY + dt.timedelta(days=8))
    (reminder,) = kinds("action_item_overdue")
    assert reminder.position == world["owner"] and reminder.due_on == item.due_on
    assert reminder.delivered_to in (world["owner"], deputy)
    ActionItem.objects.filter(pk=item.pk).update(done_on=DAY + dt.timedelta(days=9))
    InboxItem.objects.all().delete()
    run_twice(clock, DAY + dt.timedelta(days=10))
    assert kinds("action_item_overdue") == []


def test_consultation_overdue_flags_both_sides(world, clock):
    from inprocedere.cooperation.models import Consultation

    addressee = world["authority"].positions.get(
        title="Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"
    )
    Consultation.objects.create(
        case=world["case"],
        from_position=world["owner"],
        to_position=addressee,
        topic="residence_law",
        subject="Beschäftigungserlaubnis",
        question="Wie ist der Stand?",
        due_on=DAY + dt.timedelta(days=5),
    )
    run_twice(clock, DAY + dt.timedelta(days=5))
    assert kinds("consultation_overdue") == []
    run_twice(clock, DAY + dt.timedelta(days=6))
    items = kinds("consultation_overdue")
    assert {item.position for item in items} == {addressee, world["owner"]}
    assert all("Beschäftigungserlaubnis" not in item.title for item in items)


def test_reminder_for_a_vacant_position_goes_to_its_deputy(world, clock):
    from inprocedere.network.models import Tenure

    owner = world["owner"]
    deputy = Position.objects.exclude(pk=owner.pk).filter(organisation=owner.organisation).first()
    Position.objects.filter(pk=owner.pk).update(deputy=deputy)
    Tenure.objects.filter(position=owner).update(ends_on=DAY - dt.timedelta(days=1))
    run_twice(clock, DAY + dt.timedelta(days=40))
    (item,) = kinds("no_contact")
    assert item.position == owner and item.delivered_to == deputy
