"""Case conferences: invitations under consent, .ics invitation/update/cancel parsed back,
e-mails without personal data, minutes approved by the chair, action items."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from inprocedere.cooperation import services
from inprocedere.cooperation.models import (
    ActionItem,
    CaseConference,
    Invitation,
)
from inprocedere.cooperation.services import ConsentMissing
from inprocedere.core.models import AuditEntry
from inprocedere.network.models import Position

from .conftest import at, in_days

pytestmark = pytest.mark.django_db


def _ics_mails():
    """The calendar e-mails (the inbox sends its own notices beside them)."""
    return [m for m in mail.outbox if m.attachments]


def _calendar(message):
    (name, payload, mimetype) = message.attachments[0]
    assert name == "invite.ics"
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(payload)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _past(conference):
    """Move a conference into the past (as if it had taken place)."""
    CaseConference.objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    conference.refresh_from_db()
    return conference


def test_invitations_are_mailed_as_ics_requests_without_personal_data(
    plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conference = plan()
    assert conference.invitations.count() == 2
    assert {i.consent_id is not None for i in conference.invitations.all()} == {True}
    (message,) = _ics_mails()
    # the holders of both positions (authority and jobcentre personas), hidden from each other
    assert len(message.bcc) == 2 and not message.to
    calendar, event = _calendar(message)
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == f"{conference.uid}@inprocedere"
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == conference.starts_at
    assert len(event.get("attendee")) == 2
    payload = message.attachments[0][1]
    payload = payload if isinstance(payload, str) else payload.decode()
    everything = message.subject + message.body + payload
    for personal in ("Haddad", "Amina", "Aufenthalt", "Ausbildung"):
        assert personal not in everything
    assert f"/cooperation/conferences/{conference.pk}/" in message.body


def test_an_update_raises_the_sequence_and_keeps_the_uid(
    plan, user_for, django_capture_on_commit_callbacks
):
    conference = plan()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_update(
            actor=user_for("case_worker"),
            appointment=conference,
            expected_version=conference.version,
            title=conference.title,
            starts_at=at(8),
            ends_at=at(8, 11),
            place=conference.place,
            video_url="https://meet.example/fall",
            agenda=conference.agenda,
        )
    conference.refresh_from_db()
    assert conference.sequence == 1
    (message,) = _ics_mails()
    calendar, event = _calendar(message)
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == f"{conference.uid}@inprocedere"
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart") == at(8)


def test_a_save_without_changes_sends_nothing(plan, user_for, django_capture_on_commit_callbacks):
    conference = plan()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_update(
            actor=user_for("case_worker"),
            appointment=conference,
            expected_version=conference.version,
            **{
                name: getattr(conference, name)
                for name in ("title", "starts_at", "ends_at", "place", "video_url", "agenda")
            },
        )
    conference.refresh_from_db()
    assert conference.sequence == 0 and _ics_mails() == []


def test_a_stale_update_is_refused(plan, user_for):
    conference = plan()
    with pytest.raises(ValidationError):
        services.appointment_update(
            actor=user_for("case_worker"),
            appointment=conference,
            expected_version=conference.version - 1 if conference.version > 1 else 99,
            title="Neu",
            starts_at=at(9),
            ends_at=at(9, 11),
            place="x",
        )


def test_cancelling_sends_method_cancel_with_status_cancelled(
    plan, user_for, django_capture_on_commit_callbacks
):
    conference = plan()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_cancel(actor=user_for("case_worker"), appointment=conference)
    conference.refresh_from_db()
    assert conference.state == "cancelled" and conference.sequence == 1
    (message,) = _ics_mails()
    calendar, event = _calendar(message)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 1
    assert str(event["uid"]) == f"{conference.uid}@inprocedere"
    with pytest.raises(ValidationError):
        services.appointment_cancel(actor=user_for("case_worker"), appointment=conference)


def test_withdrawing_one_invitation_cancels_for_that_position_only(
    plan, user_for, authority_position, django_capture_on_commit_callbacks
):
    conference = plan()
    invitation = conference.invitations.get(position=authority_position)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_uninvite(
            actor=user_for("case_worker"), appointment=conference, invitation=invitation
        )
    (message,) = _ics_mails()
    assert len(message.bcc) == 1
    calendar, _event = _calendar(message)
    assert str(calendar["method"]) == "CANCEL"
    # renewed, not duplicated
    services.appointment_invite(
        actor=user_for("case_worker"), appointment=conference, positions=[authority_position]
    )
    assert conference.invitations.filter(position=authority_position).count() == 1


def test_no_consent_no_invitation_and_nothing_written(plan, make_case, jobcentre_position):
    case = make_case(consent_to=("kv-germersheim",))
    before = (CaseConference.objects.count(), Invitation.objects.count())
    with pytest.raises(ConsentMissing) as refused:
        plan(case=case)
    assert "Jobcenter Germersheim" in refused.value.messages[0]
    assert "Kreisverwaltung" not in refused.value.messages[0]
    assert (CaseConference.objects.count(), Invitation.objects.count()) == before
    assert _ics_mails() == []


def test_a_withdrawn_consent_no_longer_covers_an_invitation(plan, case, user_for):
    from inprocedere.privacy.models import Consent

    Consent.unrestricted.filter(participant=case.participant).update(
        withdrawn_on=timezone.localdate()
    )
    with pytest.raises(ConsentMissing):
        plan()


def test_the_case_owners_own_positions_need_no_consent(plan, make_case, lead_position):
    case = make_case(consent_to=())
    conference = plan(case=case, positions=[lead_position])
    assert conference.invitations.get().consent is None


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("starts_at", {"starts_at": at(-1), "ends_at": at(-1, 11)}),
        ("ends_at", {"ends_at": at(7, 9)}),
        ("place", {"place": "", "video_url": ""}),
        ("video_url", {"video_url": "javascript:alert(1)"}),
        ("title", {"title": ""}),
        ("positions", {"positions": []}),
    ],
)
def test_bad_input_is_refused_with_nothing_written(plan, field, changes):
    before = CaseConference.objects.count()
    with pytest.raises(ValidationError) as refused:
        plan(**changes)
    assert field in refused.value.message_dict
    assert CaseConference.objects.count() == before


def test_only_the_chairs_organisation_manages(plan, user_for):
    conference = plan()
    with pytest.raises(PermissionDenied):
        services.appointment_cancel(actor=user_for("authority_officer"), appointment=conference)


def test_minutes_after_the_start_approved_by_the_chair_then_final(plan, user_for):
    conference = plan()
    case_worker, team_lead = user_for("case_worker"), user_for("team_lead")
    with pytest.raises(ValidationError):  # not begun yet
        services.appointment_record_minutes(
            actor=case_worker,
            appointment=conference,
            expected_version=conference.version,
            minutes="Too early",
        )
    conference = _past(conference)
    with pytest.raises(ValidationError):  # nothing to approve yet
        services.appointment_approve_minutes(actor=case_worker, appointment=conference)
    services.appointment_record_minutes(
        actor=team_lead,
        appointment=conference,
        expected_version=conference.version,
        minutes="Alle waren da.",
        decisions="Antrag stellen.",
    )
    conference.refresh_from_db()
    assert conference.minutes_state == "draft"
    # The team lead is in the chair's organisation but not the chair position.
    with pytest.raises(PermissionDenied):
        services.appointment_approve_minutes(actor=team_lead, appointment=conference)
    services.appointment_approve_minutes(actor=case_worker, appointment=conference)
    conference.refresh_from_db()
    assert conference.minutes_state == "approved"
    assert conference.minutes_approved_by == case_worker
    with pytest.raises(ValidationError):
        services.appointment_record_minutes(
            actor=case_worker,
            appointment=conference,
            expected_version=conference.version,
            minutes="Changed afterwards",
        )
    with pytest.raises(ValidationError):
        services.appointment_approve_minutes(actor=case_worker, appointment=conference)


def test_attendance_per_invitation(plan, user_for, authority_position):
    conference = _past(plan())
    invitation = conference.invitations.get(position=authority_position)
    services.appointment_record_attendance(
        actor=user_for("case_worker"),
        appointment=conference,
        attendance={invitation.pk: "present"},
    )
    invitation.refresh_from_db()
    assert invitation.attendance == "present"
    with pytest.raises(ValidationError):
        services.appointment_record_attendance(
            actor=user_for("case_worker"), appointment=conference, attendance={invitation.pk: "x"}
        )
    with pytest.raises(ValidationError):
        services.appointment_record_attendance(
            actor=user_for("case_worker"), appointment=conference, attendance={10**9: "present"}
        )


def test_action_items_for_positions_at_the_table(plan, user_for, jobcentre_position, org):
    conference = plan()
    item = services.action_item_add(
        actor=user_for("case_worker"),
        conference=conference,
        title="Eingliederungsvereinbarung vorbereiten",
        owner_position=jobcentre_position,
        due_on=in_days(14),
    )
    outsider_position = Position.objects.filter(organisation=org("kv-bad-kreuznach")).first()
    with pytest.raises(ValidationError) as refused:
        services.action_item_add(
            actor=user_for("case_worker"),
            conference=conference,
            title="Not at the table",
            owner_position=outsider_position,
            due_on=in_days(14),
        )
    assert "owner_position" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.action_item_add(
            actor=user_for("case_worker"),
            conference=conference,
            title="Too late",
            owner_position=jobcentre_position,
            due_on=in_days(-1),
        )
    assert "due_on" in refused.value.message_dict
    assert ActionItem.objects.filter(conference=conference).count() == 1
    # Someone else than the owner (or the chair's side) cannot tick it off.
    with pytest.raises(PermissionDenied):
        services.action_item_done(actor=user_for("authority_officer"), item=item)
    with pytest.raises(ValidationError):
        services.action_item_done(
            actor=user_for("jobcentre_officer"), item=item, done_on=in_days(1)
        )
    services.action_item_done(actor=user_for("jobcentre_officer"), item=item, note="Erledigt")
    item.refresh_from_db()
    assert item.done_on == timezone.localdate() and item.done_in_time
    with pytest.raises(ValidationError):
        services.action_item_done(actor=user_for("jobcentre_officer"), item=item)
    assert AuditEntry.objects.filter(action="cooperation.action_item.done").count() == 1


def test_once_over_a_conference_keeps_its_date_invitations_and_cannot_be_cancelled(
    plan, user_for, jobcentre_position, authority_position
):
    conference = _past(plan())
    actor = user_for("case_worker")
    invitation = conference.invitations.get(position=authority_position)
    for call in (
        lambda: services.appointment_cancel(actor=actor, appointment=conference),
        lambda: services.appointment_uninvite(
            actor=actor, appointment=conference, invitation=invitation
        ),
        lambda: services.appointment_invite(
            actor=actor, appointment=conference, positions=[jobcentre_position]
        ),
        lambda: services.appointment_update(
            actor=actor,
            appointment=conference,
            expected_version=conference.version,
            title="Neu",
            starts_at=at(3),
            ends_at=at(3, 11),
            place="P",
        ),
    ):
        with pytest.raises(ValidationError):
            call()
    conference.refresh_from_db()
    assert conference.state == "scheduled" and conference.sequence == 0
    # Action items are agreed at or after the conference.
    services.action_item_add(
        actor=actor,
        conference=conference,
        title="Nacharbeit",
        owner_position=authority_position,
        due_on=in_days(3),
    )


def test_the_organisation_that_registered_the_person_needs_no_consent(
    plan, make_case, authority_position, jobcentre_position
):
    """KV Germersheim registered the person: it holds their data, nothing flows to it
    (issue 16); the job centre, which holds nothing, still needs the consent."""
    case = make_case(consent_to=("jc-germersheim",))
    conference = plan(case=case, positions=[authority_position, jobcentre_position])
    invitations = {i.position_id: i.consent_id for i in conference.invitations.all()}
    assert invitations[authority_position.pk] is None
    assert invitations[jobcentre_position.pk] is not None
