"""The move to one appointment table keeps every row (migration 0002).

A database at migration 0001 holding conferences and meetings, their invitations, action
items, attendance, materials and the inbox items that link to them is migrated; every
row is there afterwards, conferences under their ids, meetings moved up (and the move in
the audit log), and new appointments and invitations get fresh ids.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from inprocedere.cases.models import Case
from inprocedere.cooperation.models import (
    ActionItem,
    Appointment,
    CaseConference,
    Invitation,
    Meeting,
    MeetingAttendance,
    MeetingMaterial,
)
from inprocedere.core.models import AuditEntry
from inprocedere.inbox.models import InboxItem
from inprocedere.network.models import Organisation, Person, Position
from inprocedere.participants.models import Participant

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cooperation", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _when(days, hour):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _old_rows(apps, case, chair, guest):
    """Two conferences and three meetings at migration 0001, with what hangs off them."""
    old = {
        name: apps.get_model("cooperation", name)
        for name in (
            "CaseConference",
            "ConferenceInvitation",
            "ActionItem",
            "Meeting",
            "MeetingInvitation",
            "MeetingAttendance",
            "MeetingMaterial",
        )
    }
    common = {"chair_position_id": chair.pk, "place": "Raum 2"}
    conferences = [
        old["CaseConference"].objects.create(
            case_id=case.pk,
            title="Fallbesprechung A",
            starts_at=_when(5, 10),
            ends_at=_when(5, 11),
            **common,
        ),
        old["CaseConference"].objects.create(
            case_id=case.pk,
            title="Fallbesprechung B",
            starts_at=_when(-5, 10),
            ends_at=_when(-5, 11),
            minutes="Protokoll",
            minutes_state="approved",
            **common,
        ),
    ]
    for conference in conferences:
        old["ConferenceInvitation"].objects.create(
            conference_id=conference.pk,
            position_id=guest.pk,
            organisation_id=guest.organisation_id,
            attendance="present",
        )
    old["ActionItem"].objects.create(
        conference_id=conferences[1].pk,
        title="Antrag stellen",
        owner_position_id=guest.pk,
        due_on=timezone.localdate(),
    )
    meetings = [
        old["Meeting"].objects.create(
            kind=kind,
            level="network",
            topic="Thema",
            title=f"Treffen {n}",
            starts_at=_when(days, 9),
            ends_at=_when(days, 12),
            **common,
        )
        for n, (kind, days) in enumerate([("meeting", 3), ("training", -3), ("meeting", 9)])
    ]
    for meeting in meetings:
        old["MeetingInvitation"].objects.create(
            meeting_id=meeting.pk, position_id=guest.pk, organisation_id=guest.organisation_id
        )
    person = Person.objects.filter(tenures__position=guest).first()
    old["MeetingAttendance"].objects.create(
        meeting_id=meetings[1].pk, person_id=person.pk, organisation_id=guest.organisation_id
    )
    old["MeetingMaterial"].objects.create(
        meeting_id=meetings[1].pk,
        title="Folien",
        file="meetings/x/folien.pdf",
        content_type="application/pdf",
        size=10,
    )
    InboxItem.objects.create(
        position=guest,
        kind="meeting_invited",
        title="Einladung",
        key=f"meeting:{meetings[0].pk}:{guest.pk}:invited:0",
        url=f"/cooperation/meetings/{meetings[0].pk}/",
    )
    return conferences, meetings


def test_every_row_survives_the_move_to_one_table(demo_network):
    chair = Position.objects.get(organisation__slug="profes", title="Projektleitung")
    guest = Position.objects.get(
        organisation__slug="jc-germersheim", title="Fallmanagement Migration"
    )
    participant = Participant.unrestricted.create(
        family_name="Haddad",
        given_names="Amina",
        registered_by=Organisation.objects.get(slug="kv-germersheim"),
    )
    case = Case.unrestricted.create(
        participant=participant, owner_organisation=chair.organisation, owner_position=chair
    )
    apps = _migrate(BEFORE)
    try:
        conferences, meetings = _old_rows(apps, case, chair, guest)
    finally:
        _migrate(_latest())
    offset = max(c.pk for c in conferences)

    assert Appointment.objects.count() == 5
    assert {c.pk: c.title for c in CaseConference.objects.all()} == {
        c.pk: c.title for c in conferences
    }
    moved = {m.pk + offset: (m.kind, m.title) for m in meetings}
    assert {m.pk: (m.kind, m.title) for m in Meeting.objects.all()} == moved
    assert {m.pk: m.uid for m in Meeting.objects.all()} == {m.pk + offset: m.uid for m in meetings}
    # Minutes or attendance recorded: the appointment took place.
    states = dict(Appointment.objects.values_list("title", "state"))
    assert states == {
        "Fallbesprechung A": "held",  # attendance recorded on its invitation
        "Fallbesprechung B": "held",
        "Treffen 0": "scheduled",
        "Treffen 1": "held",  # a person attended
        "Treffen 2": "scheduled",
    }
    assert Invitation.objects.filter(consent__isnull=True).count() == 5
    assert set(Invitation.objects.values_list("appointment_id", flat=True)) == {
        *[c.pk for c in conferences],
        *moved,
    }
    assert ActionItem.objects.get().conference_id == conferences[1].pk
    assert MeetingAttendance.objects.get().meeting_id == meetings[1].pk + offset
    assert MeetingMaterial.objects.get().meeting_id == meetings[1].pk + offset
    item = InboxItem.objects.get(kind="meeting_invited")
    new_id = meetings[0].pk + offset
    assert item.url == f"/cooperation/meetings/{new_id}/"
    assert item.key.startswith(f"meeting:{new_id}:")
    renumbered = AuditEntry.objects.filter(action="cooperation.meeting.renumbered")
    assert sorted(e.detail["to"] - e.detail["from"] for e in renumbered) == [offset] * 3

    # New rows get ids after all that moved (the sequences were reset).
    fresh = Meeting.objects.create(
        kind="meeting",
        level="network",
        topic="Neu",
        title="Neu",
        chair_position=chair,
        starts_at=_when(20, 9),
        ends_at=_when(20, 10),
        place="Mainz",
    )
    assert fresh.pk > max(moved)
    invitation = Invitation.objects.create(
        appointment=fresh, position=guest, organisation=guest.organisation
    )
    assert invitation.pk > max(
        Invitation.objects.exclude(pk=invitation.pk).values_list("pk", flat=True)
    )
