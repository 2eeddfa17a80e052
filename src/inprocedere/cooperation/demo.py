"""Demo cooperation in Germersheim: consultations open, closed and overdue, an upcoming
and a past case conference
(minutes approved, action items done, open and overdue), a local network meeting, a
training drawing on the immigration office's expertise, and a past meeting with its
attendance.

The records are data (`data/demo_cooperation.json`); this module writes them. Seeded
directly, like the case-work demo, so it does not depend on how the services
evolve; idempotent (skipped when any cooperation record exists). The open work is filed
in the inbox of the positions concerned, as the services would.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inprocedere.cases.models import Case
from inprocedere.core import audit
from inprocedere.network.models import Organisation, Position, Region, Tenure
from inprocedere.privacy.models import Consent

from .models import (
    ActionItem,
    CaseConference,
    Consultation,
    ConsultationMessage,
    Invitation,
    Meeting,
    MeetingAttendance,
)
from .services import notify

DATA = json.loads((Path(__file__).parent / "data" / "demo_cooperation.json").read_text("utf-8"))
POSITIONS = DATA["positions"]  # key: (organisation slug, title)


@dataclass
class _Demo:
    positions: dict
    cases: list
    today: dt.date
    now: dt.datetime

    def at(self, days: int, time: str) -> dt.datetime:
        """The local time `time` ("HH:MM") `days` from today."""
        hour, minute = (int(part) for part in time.split(":"))
        day = self.today + dt.timedelta(days=days)
        return dt.datetime.combine(
            day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone()
        )


def _user(username):
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def seed_demo_cooperation() -> int:
    """Seed the demo cooperation; returns how many records were made (0 if present)."""
    if Consultation.objects.exists() or CaseConference.objects.exists() or Meeting.objects.exists():
        return 0
    positions = {
        key: Position.objects.select_related("organisation")
        .filter(organisation__slug=slug, title=title)
        .first()
        for key, (slug, title) in POSITIONS.items()
    }
    if any(position is None for position in positions.values()):
        return 0
    cases = list(
        Case.unrestricted.filter(owner_position=positions["profes-ger"], status="active")
        .select_related("participant")
        .order_by("pk")[:4]
    )
    if len(cases) < 4:
        return 0
    demo = _Demo(positions, cases, timezone.localdate(), timezone.now())
    _conference_consents(demo)
    made = _consultations(demo) + _conferences(demo) + _meetings(demo)
    audit.record(
        "cooperation.demo.seeded",
        actor_label="inprocedere demo",
        detail={"records": made},
    )
    return made


def _conference_consents(demo) -> None:
    record = DATA["conference_consent"]
    for index in record["cases"]:
        consent = Consent.unrestricted.create(
            participant=demo.cases[index].participant,
            categories=record["categories"],
            purposes=record["purposes"],
            form="written",
            form_version=record["form_version"],
            signed_on=demo.today - dt.timedelta(days=record["signed_days_ago"]),
            recording_organisation=demo.positions["profes-ger"].organisation,
        )
        consent.recipients.set(Organisation.objects.filter(slug__in=record["recipients"]))


def _consultations(demo) -> int:
    """The caseworker's consultations, the open ones filed in the asked position's inbox."""
    caseworker = _user("caseworker")
    items = [_consultation(demo, record, caseworker) for record in DATA["consultations"]]
    for item, record in zip(items, DATA["consultations"], strict=True):
        if record["thread"]:
            continue
        notify.deliver(
            position=item.to_position,
            kind="consultation_received",
            key=f"consultation:{item.pk}:asked",
            title=f"Rücksprache von {item.from_position.organisation.display_short}: "
            f"{item.get_topic_display()}",
            url=reverse("cooperation:consultation_detail", kwargs={"pk": item.pk}),
            due_on=item.due_on,
            participant=item.case.participant,
        )
    return len(items)


def _consultation(demo, record, caseworker):
    asker = demo.positions["profes-ger"]
    item = Consultation.objects.create(
        case=demo.cases[record["case"]],
        from_position=asker,
        to_position=demo.positions[record["to"]],
        topic=record["topic"],
        subject=record["subject"],
        question=record["question"],
        due_on=demo.today + dt.timedelta(days=record["due_in"]),
        asked_by=caseworker,
    )
    ConsultationMessage.objects.create(
        consultation=item,
        kind="question",
        position=asker,
        author=caseworker,
        text=record["question"],
    )
    asked = demo.now - dt.timedelta(days=record["asked_days_ago"])
    Consultation.objects.filter(pk=item.pk).update(created_at=asked)
    ConsultationMessage.objects.filter(consultation=item).update(created_at=asked)
    for message in record["thread"]:
        written = ConsultationMessage.objects.create(
            consultation=item,
            kind=message["kind"],
            position=demo.positions[message["position"]],
            author=_user(message["author"]),
            text=message["text"],
        )
        at = demo.now - dt.timedelta(days=message["days_ago"])
        ConsultationMessage.objects.filter(pk=written.pk).update(created_at=at)
        if message["kind"] == "answer" and item.answered_at is None:
            item.answered_at, item.state = at, "answered"
        if message["kind"] == "closing":
            item.closed_at, item.state = at, "closed"
    item.save(update_fields=["answered_at", "closed_at", "state"])
    return item


def _conferences(demo) -> int:
    """An upcoming case conference and a past one with approved minutes and action items."""
    caseworker = _user("caseworker")
    conferences = []
    for record in DATA["conferences"]:
        held = "minutes" in record
        conferences.append(
            CaseConference.objects.create(
                case=demo.cases[record["case"]],
                chair_position=demo.positions["profes-ger"],
                title=record["title"],
                starts_at=demo.at(record["day"], record["starts"]),
                ends_at=demo.at(record["day"], record["ends"]),
                place=record["place"],
                video_url=record.get("video_url", ""),
                agenda=record["agenda"],
                minutes=record.get("minutes", ""),
                decisions=record.get("decisions", ""),
                state="held" if held else "scheduled",
                minutes_state="approved" if held else "none",
                minutes_approved_at=demo.at(record["day"], record["minutes_approved"])
                if held
                else None,
                minutes_approved_by=caseworker if held else None,
                created_by=caseworker,
            )
        )
    for conference, record in zip(conferences, DATA["conferences"], strict=True):
        _invite_to_conference(demo, conference, record)
    made = len(conferences)
    for conference, record in zip(conferences, DATA["conferences"], strict=True):
        for item in record["action_items"]:
            _action_item(demo, conference, item, caseworker)
            made += 1
    return made


def _invite_to_conference(demo, conference, record) -> None:
    day = demo.today + dt.timedelta(days=record["day"])
    for key in record["invited"]:
        position = demo.positions[key]
        consent = (
            None
            if position.organisation_id == conference.case.owner_organisation_id
            else Consent.unrestricted.valid_on()
            .for_purpose("case_conference")
            .filter(participant=conference.case.participant, recipients=position.organisation)
            .order_by("-signed_on")
            .first()
        )
        Invitation.objects.create(
            appointment=conference,
            position=position,
            organisation=position.organisation,
            consent=consent,
            attendance=record["attendance"],
        )
        if record["day"] > 0:
            notify.deliver(
                position=position,
                kind="conference_invited",
                key=f"conference:{conference.pk}:{position.pk}:invited:0",
                title=f"Einladung zur Fallbesprechung am {day:%d.%m.%Y}",
                url=reverse("cooperation:conference_detail", kwargs={"pk": conference.pk}),
                due_on=day,
                participant=conference.case.participant,
            )


def _action_item(demo, conference, record, caseworker) -> None:
    done_in = record["done_in"]
    item = ActionItem.objects.create(
        conference=conference,
        title=record["title"],
        owner_position=demo.positions[record["owner"]],
        due_on=demo.today + dt.timedelta(days=record["due_in"]),
        done_on=demo.today + dt.timedelta(days=done_in) if done_in is not None else None,
        done_by=caseworker if done_in is not None else None,
        created_by=caseworker,
    )
    if item.done_on is None:
        notify.deliver(
            position=item.owner_position,
            kind="action_item_assigned",
            key=f"action_item:{item.pk}:assigned",
            title=f"Aufgabe aus der Fallbesprechung vom {conference.starts_at:%d.%m.%Y}",
            url=reverse("cooperation:conference_detail", kwargs={"pk": conference.pk}),
            due_on=item.due_on,
            participant=conference.case.participant,
        )


def _meetings(demo) -> int:
    """Network meetings and a training, the past meeting with its attendance."""
    coordinator = _user("coordinator")
    invited = [demo.positions[key] for key in DATA["meetings_invited"]]
    for record in DATA["meetings"]:
        held = "minutes" in record
        expert = record.get("expertise_of")
        meeting = Meeting.objects.create(
            kind=record["kind"],
            level=record["level"],
            region=Region.objects.filter(slug=record["region"]).first()
            if "region" in record
            else None,
            topic=record["topic"],
            title=record["title"],
            expertise_organisation=demo.positions[expert].organisation if expert else None,
            starts_at=demo.at(record["day"], record["starts"]),
            ends_at=demo.at(record["day"], record["ends"]),
            place=record["place"],
            video_url=record.get("video_url", ""),
            agenda=record.get("agenda", ""),
            minutes=record.get("minutes", ""),
            decisions=record.get("decisions", ""),
            state="held" if held else "scheduled",
            minutes_state="approved" if held else "none",
            minutes_approved_at=demo.at(record["day"], record["minutes_approved"])
            if held
            else None,
            minutes_approved_by=coordinator if held else None,
            chair_position=demo.positions["ism-coord"],
            created_by=coordinator,
        )
        for position in invited:
            Invitation.objects.create(
                appointment=meeting, position=position, organisation=position.organisation
            )
        if record.get("attendance_recorded"):
            _attendance(meeting, [*invited, demo.positions["ism-coord"]])
    return len(DATA["meetings"])


def _attendance(meeting, positions) -> None:
    attendees = (
        Tenure.objects.current(meeting.starts_at.date())
        .filter(position__in=positions)
        .select_related("person", "position__organisation")
    )
    for tenure in attendees:
        MeetingAttendance.objects.get_or_create(
            meeting=meeting,
            person=tenure.person,
            defaults={"organisation": tenure.position.organisation},
        )
