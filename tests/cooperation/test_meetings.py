"""Network meetings and trainings: planning, invitations as .ics, attendance, minutes,
materials (type and size checked), the calendar and the personal feed."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from inprocedere.cooperation import selectors, services
from inprocedere.cooperation.models import CalendarFeed, Meeting, MeetingMaterial
from inprocedere.network.models import Person
from tests.files import PDF

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages below are read in English; German is the default language."""
    with translation.override("en"):
        yield


@pytest.fixture
def plan_meeting(user_for, coordination_position, authority_position, carrier_position):
    def make(**kwargs):
        data = {
            "actor": user_for("coordinator"),
            "chair_position": coordination_position,
            "positions": [authority_position, carrier_position],
            "kind": "training",
            "level": "network",
            "region": None,
            "topic": "Beschäftigungsduldung § 60d AufenthG",
            "expertise_organisation": authority_position.organisation,
            "title": "Schulung: Beschäftigungsduldung",
            "starts_at": at(10, 9),
            "ends_at": at(10, 12),
            "place": "ism Mainz",
            "video_url": "",
            "agenda": "Rechtslage, Fallbeispiele",
        }
        data.update(kwargs)
        return services.meeting_create(**data)

    return make


def _past(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    meeting.refresh_from_db()
    return meeting


def test_a_training_invites_positions_with_an_ics(plan_meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan_meeting()
    assert meeting.expertise_organisation.slug == "kv-germersheim"
    (message,) = [m for m in mail.outbox if m.attachments]
    calendar = Calendar.from_ical(message.attachments[0][1])
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "REQUEST"
    assert "Beschäftigungsduldung" in str(event["summary"])
    assert str(event["uid"]) == f"{meeting.uid}@inprocedere"


def test_a_meeting_has_no_expertise_organisation_and_local_ones_need_a_region(plan_meeting):
    meeting = plan_meeting(kind="meeting")
    assert meeting.expertise_organisation is None
    with pytest.raises(ValidationError) as refused:
        plan_meeting(kind="meeting", level="local", region=None)
    assert "region" in refused.value.message_dict


def test_only_the_organiser_or_the_coordinator_manages(plan_meeting, user_for):
    meeting = plan_meeting()
    with pytest.raises(PermissionDenied):
        services.appointment_cancel(actor=user_for("case_worker"), appointment=meeting)
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=user_for("ministry_reader"),
            chair_position=meeting.chair_position,
            kind="meeting",
            level="network",
            topic="x",
            title="x",
            starts_at=at(3),
            ends_at=at(3, 11),
            place="x",
        )


def test_attendance_per_person_and_organisation(plan_meeting, user_for):
    meeting = plan_meeting()
    keller = Person.objects.filter(tenures__isnull=False).first()
    with pytest.raises(ValidationError):  # not begun yet
        services.meeting_attendance_add(
            actor=user_for("coordinator"), meeting=meeting, person=keller
        )
    meeting = _past(meeting)
    attendance = services.meeting_attendance_add(
        actor=user_for("coordinator"), meeting=meeting, person=keller
    )
    assert attendance.organisation == keller.tenures.first().position.organisation
    with pytest.raises(ValidationError):
        services.meeting_attendance_add(
            actor=user_for("coordinator"), meeting=meeting, person=keller
        )
    assert meeting.attendances.count() == 1


def test_minutes_approved_by_the_organiser(plan_meeting, user_for):
    meeting = _past(plan_meeting())
    services.appointment_record_minutes(
        actor=user_for("coordinator"),
        appointment=meeting,
        expected_version=meeting.version,
        minutes="Gute Schulung.",
    )
    with pytest.raises(PermissionDenied):
        services.appointment_approve_minutes(actor=user_for("case_worker"), appointment=meeting)
    services.appointment_approve_minutes(actor=user_for("coordinator"), appointment=meeting)
    meeting.refresh_from_db()
    assert meeting.minutes_state == "approved"


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_materials_are_type_checked_by_their_content(plan_meeting, user_for):
    meeting = plan_meeting()
    material = services.material_upload(
        actor=user_for("coordinator"),
        meeting=meeting,
        title="Folien",
        upload=_upload("folien.pdf", PDF),
    )
    assert material.content_type == "application/pdf"
    assert material.file.name.endswith(f"material-{material.pk}.pdf")
    docx = services.material_upload(
        actor=user_for("coordinator"),
        meeting=meeting,
        title="Handout",
        upload=_upload("handout.docx", b"PK\x03\x04 word"),
    )
    assert docx.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "must be a PDF"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "not what its name says"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_wrong_files_are_refused_with_nothing_written(
    plan_meeting, user_for, settings, name, content, message
):
    meeting = plan_meeting()
    with pytest.raises(ValidationError) as refused:
        services.material_upload(
            actor=user_for("coordinator"), meeting=meeting, title="X", upload=_upload(name, content)
        )
    assert message in refused.value.message_dict["file"][0]
    assert MeetingMaterial.objects.count() == 0
    media = settings.MEDIA_ROOT / "meetings"
    assert not media.exists() or not any(media.rglob("*"))


def test_oversized_files_are_refused(plan_meeting, user_for, settings):
    settings.INPROCEDERE_UPLOAD_MAX_BYTES = 1024
    meeting = plan_meeting()
    with pytest.raises(ValidationError) as refused:
        services.material_upload(
            actor=user_for("coordinator"),
            meeting=meeting,
            title="Big",
            upload=_upload("big.pdf", b"%PDF-" + b"x" * 2048),
        )
    assert "too large" in refused.value.message_dict["file"][0]
    assert MeetingMaterial.objects.count() == 0


def test_the_calendar_shows_upcoming_meetings_to_everyone(plan_meeting, user_for):
    meeting = plan_meeting()
    for persona in ("ministry_reader", "case_worker", "dpo"):
        entries = selectors.calendar(user_for(persona))
        assert meeting.pk in [e.event.pk for e in entries if not e.is_conference]


# --- the personal feed ----------------------------------------------------------------


def test_feed_token_valid_wrong_and_revoked(plan_meeting, user_for, client):
    meeting = plan_meeting()
    case_worker = user_for("case_worker")  # holds the invited carrier position
    feed, token = services.feed_create(actor=case_worker)
    assert feed.token_hash != token and token.startswith(feed.prefix)
    url = reverse("cooperation:feed", kwargs={"token": token})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    uids = {str(e["uid"]) for e in calendar.walk("VEVENT")}
    assert f"{meeting.uid}@inprocedere" in uids
    assert (
        client.get(reverse("cooperation:feed", kwargs={"token": token[:-1] + "x"})).status_code
        == 404
    )
    assert client.get(reverse("cooperation:feed", kwargs={"token": "nothing"})).status_code == 404
    services.feed_revoke(actor=case_worker, feed=feed)
    assert client.get(url).status_code == 404
    with pytest.raises(ValidationError):
        services.feed_revoke(actor=case_worker, feed=feed)


def test_a_feed_is_revoked_only_by_its_owner(user_for):
    feed, _token = services.feed_create(actor=user_for("case_worker"))
    with pytest.raises(PermissionDenied):
        services.feed_revoke(actor=user_for("team_lead"), feed=feed)
    assert CalendarFeed.objects.get(pk=feed.pk).revoked_at is None


def test_the_feed_lists_only_ones_own_events(plan_meeting, user_for, client):
    meeting = plan_meeting()
    _feed, token = services.feed_create(actor=user_for("jobcentre_officer"))  # not invited
    calendar = Calendar.from_ical(
        client.get(reverse("cooperation:feed", kwargs={"token": token})).content
    )
    assert f"{meeting.uid}@inprocedere" not in {str(e["uid"]) for e in calendar.walk("VEVENT")}
