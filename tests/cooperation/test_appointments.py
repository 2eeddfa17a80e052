"""The appointment core as the users of issue 15 met it: a conference whose minutes are
released is held (not "planned") and cannot be cancelled; a meeting held yesterday can be
entered afterwards with its minutes; minutes for a cancelled one are refused with a clear
message; invitees without consent do not read a title that may name the person; the
calendar file links to the installation's address; invitees are ticked, not Ctrl-clicked."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from inprocedere.cases.models import Case
from inprocedere.cooperation import ics, services
from inprocedere.cooperation.models import CaseConference, Meeting
from inprocedere.inbox.models import InboxItem
from inprocedere.privacy.models import Consent
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - dt.timedelta(hours=hours)


def _held_yesterday(case):
    """The case (opened now) as if it had been opened a week ago."""
    Case.unrestricted.filter(pk=case.pk).update(opened_at=timezone.now() - dt.timedelta(days=7))
    case.refresh_from_db()
    return case


# --- held, not planned -----------------------------------------------------------------


def test_released_minutes_mean_held_and_no_cancellation(plan, user_for, client_for):
    conference = plan()
    CaseConference.objects.filter(pk=conference.pk).update(
        starts_at=hours_ago(2), ends_at=timezone.now() + dt.timedelta(hours=1)
    )
    conference.refresh_from_db()
    services.appointment_record_minutes(
        actor=user_for("case_worker"),
        appointment=conference,
        expected_version=conference.version,
        minutes="Alle waren da.",
    )
    services.appointment_approve_minutes(actor=user_for("case_worker"), appointment=conference)
    conference.refresh_from_db()
    assert conference.state == "held" and conference.get_state_display() == "Stattgefunden"
    with pytest.raises(ValidationError, match="stattgefunden"):
        services.appointment_cancel(actor=user_for("case_worker"), appointment=conference)
    conference.refresh_from_db()
    assert conference.state == "held"
    page = client_for("case_worker").get(
        reverse("cooperation:conference_detail", kwargs={"pk": conference.pk})
    )
    content = page.content.decode()
    assert "Stattgefunden" in content
    assert 'name="action" value="cancel"' not in content
    listed = client_for("case_worker").get(reverse("cooperation:conference_list")).content.decode()
    assert "Geplant" not in listed


def test_recording_attendance_also_marks_it_held(plan, user_for, authority_position):
    conference = plan()
    CaseConference.objects.filter(pk=conference.pk).update(starts_at=hours_ago(1))
    conference.refresh_from_db()
    invitation = conference.invitations.get(position=authority_position)
    services.appointment_record_attendance(
        actor=user_for("case_worker"), appointment=conference, attendance={invitation.pk: "present"}
    )
    conference.refresh_from_db()
    assert conference.state == "held"


# --- entered afterwards ------------------------------------------------------------------


def test_a_conference_held_yesterday_is_entered_with_its_minutes_and_sends_nothing(
    plan, case, user_for, django_capture_on_commit_callbacks
):
    _held_yesterday(case)
    mail.outbox.clear()
    yesterday = hours_ago(26)
    with django_capture_on_commit_callbacks(execute=True):
        conference = plan(starts_at=yesterday, ends_at=yesterday + dt.timedelta(hours=1))
    assert conference.invitations.count() == 2
    assert mail.outbox == []
    assert not InboxItem.objects.filter(kind="conference_invited").exists()
    services.appointment_record_minutes(
        actor=user_for("case_worker"),
        appointment=conference,
        expected_version=conference.version,
        minutes="Nachgetragen.",
    )
    conference.refresh_from_db()
    assert conference.state == "held" and conference.minutes == "Nachgetragen."


def test_a_meeting_held_yesterday_is_entered_through_the_page(
    client_for, coordination_position, authority_position
):
    yesterday = timezone.localtime(hours_ago(26))
    response = client_for("coordinator").post(
        reverse("cooperation:meeting_create"),
        {
            "chair_position": coordination_position.pk,
            "kind": "meeting",
            "level": "network",
            "topic": "Nachtrag",
            "title": "Netzwerktreffen von gestern",
            "starts_at": yesterday.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (yesterday + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Mainz",
            "positions": [authority_position.pk],
        },
    )
    meeting = Meeting.objects.get(title="Netzwerktreffen von gestern")
    assert response.status_code == 302
    page = client_for("coordinator").get(response["Location"]).content.decode()
    assert 'name="minutes-minutes"' in page  # the minutes can be written right away
    response = client_for("coordinator").post(
        response["Location"],
        {
            "action": "minutes",
            "minutes-version": meeting.version,
            "minutes-minutes": "Protokoll",
            "minutes-decisions": "",
        },
    )
    meeting.refresh_from_db()
    assert response.status_code == 302 and meeting.state == "held"


@pytest.mark.parametrize(
    ("starts", "why"),
    [(dt.timedelta(days=3), "before the case was opened"), (dt.timedelta(days=400), "a year")],
)
def test_entering_afterwards_has_limits(plan, case, starts, why):
    if why == "a year":
        Case.unrestricted.filter(pk=case.pk).update(
            opened_at=timezone.now() - dt.timedelta(days=800)
        )
        case.refresh_from_db()
    before = CaseConference.objects.count()
    start = timezone.now() - starts
    with pytest.raises(ValidationError) as refused:
        plan(case=case, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    assert "starts_at" in refused.value.message_dict
    assert CaseConference.objects.count() == before


def test_an_entered_start_is_not_moved_into_the_past(plan, user_for):
    conference = plan()
    with pytest.raises(ValidationError) as refused:
        services.appointment_update(
            actor=user_for("case_worker"),
            appointment=conference,
            expected_version=conference.version,
            title=conference.title,
            starts_at=hours_ago(3),
            ends_at=hours_ago(2),
            place=conference.place,
        )
    assert "starts_at" in refused.value.message_dict


# --- cancelled: no minutes ---------------------------------------------------------------


def test_minutes_for_a_cancelled_conference_are_refused_with_a_clear_message(
    plan, user_for, token_for
):
    conference = plan()
    services.appointment_cancel(actor=user_for("case_worker"), appointment=conference)
    conference.refresh_from_db()
    with pytest.raises(ValidationError, match="abgesagt"):
        services.appointment_record_minutes(
            actor=user_for("case_worker"),
            appointment=conference,
            expected_version=conference.version,
            minutes="Protokoll",
        )
    response = ApiClient(token_for("case_worker"), language="de").post(
        f"/api/v1/conferences/{conference.pk}/minutes",
        {"version": conference.version, "minutes": "Protokoll"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "abgesagt" in response.json()["detail"][0]["msg"]
    conference.refresh_from_db()
    assert conference.minutes == "" and conference.state == "cancelled"


# --- the title and the person's consent ----------------------------------------------------


def test_invitees_whose_consent_was_withdrawn_read_a_neutral_title(
    plan, case, client_for, token_for
):
    conference = plan()
    Consent.unrestricted.filter(participant=case.participant).update(
        withdrawn_on=timezone.localdate()
    )
    neutral = f"Fallbesprechung Nr. {conference.pk}"
    pages = [
        reverse("cooperation:conference_detail", kwargs={"pk": conference.pk}),
        reverse("cooperation:conference_list"),
        reverse("cooperation:calendar"),
    ]
    for url in pages:
        content = client_for("jobcentre_officer").get(url).content.decode()
        assert "Haddad" not in content, url
        assert neutral in content, url
    answer = ApiClient(token_for("jobcentre_officer")).get(f"/api/v1/conferences/{conference.pk}")
    assert answer.json()["title"] == neutral
    # The case's own organisation still reads the title it wrote.
    own = client_for("case_worker").get(pages[0]).content.decode()
    assert "Fallbesprechung Haddad" in own


def test_the_form_says_who_reads_the_title(client_for, case):
    content = (
        client_for("case_worker")
        .get(reverse("cooperation:conference_create", kwargs={"case_pk": case.pk}))
        .content.decode()
    )
    assert "Fallbesprechung Nr." in content


# --- the calendar file, the pickers -----------------------------------------------------------


def test_the_calendar_file_links_to_the_site_url(plan, client_for, settings):
    settings.INPROCEDERE_SITE_URL = "https://netzwerk.example.org/"
    conference = plan()
    response = client_for("case_worker").get(
        reverse("cooperation:conference_ics", kwargs={"pk": conference.pk})
    )
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    url = f"https://netzwerk.example.org/cooperation/conferences/{conference.pk}/"
    assert str(event["url"]) == url
    assert "127.0.0.1" not in response.content.decode()
    assert ics.event_url(conference) == url


def test_invitees_are_ticked_and_only_case_work_positions_are_offered(client_for, case):
    content = (
        client_for("case_worker")
        .get(reverse("cooperation:conference_create", kwargs={"case_pk": case.pk}))
        .content.decode()
    )
    assert 'type="checkbox" name="positions"' in content
    assert re.search(r'<select[^>]*name="positions"', content) is None
    assert "IT-Administration" not in content
    assert "Referat Integration" not in content
    assert "Ausländerbehörde" in content
