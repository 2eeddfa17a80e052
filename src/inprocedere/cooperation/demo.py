"""Demo cooperation in Germersheim: consultations open, closed and overdue, an upcoming
and a past case conference
(minutes approved, action items done, open and overdue), a local network meeting, a
training drawing on the immigration office's expertise, and a past meeting with its
attendance.

Seeded directly, like the case-work demo, so it does not depend on how the services
evolve; idempotent (skipped when any cooperation record exists). The open work is filed
in the inbox of the positions concerned, as the services would.
"""

from __future__ import annotations

import datetime as dt

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

POSITIONS = {  # key: (organisation slug, title)
    "profes-ger": ("profes", "Beratung und Begleitung Germersheim"),
    "profes-lead": ("profes", "Projektleitung"),
    "ger-abh": ("kv-germersheim", "Ausländerbehörde – Aufenthaltsrecht und Beschäftigung"),
    "ger-leitstelle": ("kv-germersheim", "Leitstelle für Integration"),
    "jc-ger": ("jc-germersheim", "Fallmanagement Migration"),
    "ism-coord": ("ism", "Projektkoordination"),
}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


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
    today = timezone.localdate()
    now = timezone.now()
    caseworker, authority = _user("caseworker"), _user("authority")
    made = 0

    for case in cases[:2]:
        # A consent for case conferences naming the job centre too, with counselling
        # notes: what the conference of these two cases needs.
        consent = Consent.unrestricted.create(
            participant=case.participant,
            categories=["identity", "residence", "benefits", "education_work", "counselling"],
            purposes=["case_conference"],
            form="written",
            form_version="2024-1",
            signed_on=today - dt.timedelta(days=40),
            recording_organisation=positions["profes-ger"].organisation,
        )
        consent.recipients.set(
            Organisation.objects.filter(slug__in=["kv-germersheim", "jc-germersheim", "profes"])
        )

    def consultation(case, to, topic, subject, question, due_in, asked_days_ago, thread=()):
        nonlocal made
        item = Consultation.objects.create(
            case=case,
            from_position=positions["profes-ger"],
            to_position=positions[to],
            topic=topic,
            subject=subject,
            question=question,
            due_on=today + dt.timedelta(days=due_in),
            asked_by=caseworker,
        )
        ConsultationMessage.objects.create(
            consultation=item,
            kind="question",
            position=positions["profes-ger"],
            author=caseworker,
            text=question,
        )
        asked = now - dt.timedelta(days=asked_days_ago)
        Consultation.objects.filter(pk=item.pk).update(created_at=asked)
        ConsultationMessage.objects.filter(consultation=item).update(created_at=asked)
        for kind, key, author, text, days_ago in thread:
            message = ConsultationMessage.objects.create(
                consultation=item, kind=kind, position=positions[key], author=author, text=text
            )
            at = now - dt.timedelta(days=days_ago)
            ConsultationMessage.objects.filter(pk=message.pk).update(created_at=at)
            if kind == "answer" and item.answered_at is None:
                item.answered_at = at
                item.state = "answered"
            if kind == "closing":
                item.closed_at, item.state = at, "closed"
        item.save(update_fields=["answered_at", "closed_at", "state"])
        made += 1
        return item

    open_one = consultation(
        cases[0],
        "ger-abh",
        "residence_law",
        "Beschäftigungserlaubnis für die Ausbildung",
        "Frau/Herr ist geduldet und hat eine Zusage für eine Ausbildung zum Koch ab dem "
        "1. des übernächsten Monats. Welche Unterlagen brauchen Sie für die "
        "Beschäftigungserlaubnis, und ist eine Ausbildungsduldung möglich?",
        due_in=5,
        asked_days_ago=2,
    )
    consultation(
        cases[1],
        "ger-abh",
        "qualification",
        "Anerkennung des Abschlusses",
        "Liegt Ihnen der Berufsabschluss aus dem Herkunftsland in Kopie vor?",
        due_in=-20,
        asked_days_ago=30,
        thread=(
            ("answer", "ger-abh", authority, "Ja, eine beglaubigte Kopie liegt in der Akte.", 27),
            ("closing", "profes-ger", caseworker, "Danke, wir beantragen die Anerkennung.", 26),
        ),
    )
    overdue = consultation(
        cases[2],
        "ger-leitstelle",
        "benefits_funding",
        "Fahrtkosten zum Sprachkurs",
        "Kann die Leitstelle die Fahrtkosten zum Sprachkurs in Germersheim übernehmen?",
        due_in=-3,
        asked_days_ago=12,
    )
    for item, key in ((open_one, "asked"), (overdue, "asked")):
        notify.deliver(
            position=item.to_position,
            kind="consultation_received",
            key=f"consultation:{item.pk}:{key}",
            title=f"Rücksprache von {item.from_position.organisation.display_short}: "
            f"{item.get_topic_display()}",
            url=reverse("cooperation:consultation_detail", kwargs={"pk": item.pk}),
            due_on=item.due_on,
            participant=item.case.participant,
        )

    # An upcoming case conference and a past one with approved minutes.
    upcoming_day = today + dt.timedelta(days=6)
    upcoming = CaseConference.objects.create(
        case=cases[0],
        chair_position=positions["profes-ger"],
        title="Fallbesprechung: Ausbildung und Aufenthalt",
        starts_at=_at(upcoming_day, 10),
        ends_at=_at(upcoming_day, 11, 30),
        place="ProfeS GmbH, Germersheim, Besprechungsraum 2",
        video_url="https://video.example/fallbesprechung",
        agenda="1. Stand der Ausbildungsplatzsuche\n2. Ausbildungsduldung\n"
        "3. Sicherung des Lebensunterhalts während der Ausbildung",
        created_by=caseworker,
    )
    past_day = today - dt.timedelta(days=10)
    past = CaseConference.objects.create(
        case=cases[1],
        chair_position=positions["profes-ger"],
        title="Fallbesprechung: Übergang in Arbeit",
        starts_at=_at(past_day, 14),
        ends_at=_at(past_day, 15),
        place="Jobcenter Germersheim",
        agenda="1. Sprachstand\n2. Anerkennung\n3. Übergang ins SGB II",
        minutes="Alle Beteiligten waren anwesend. Der Sprachkurs B1 ist abgeschlossen; die "
        "Anerkennung des Abschlusses wird beantragt. Das Jobcenter prüft die Förderung "
        "einer Anpassungsqualifizierung.",
        decisions="Antrag auf Anerkennung stellen. Förderung durch das Jobcenter prüfen.",
        state="held",
        minutes_state="approved",
        minutes_approved_at=_at(past_day, 17),
        minutes_approved_by=caseworker,
        created_by=caseworker,
    )
    for conference, keys, attended in (
        (upcoming, ("ger-abh", "jc-ger", "profes-lead"), "unknown"),
        (past, ("ger-abh", "jc-ger"), "present"),
    ):
        for key in keys:
            position = positions[key]
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
                attendance=attended,
            )
            if conference is upcoming:
                notify.deliver(
                    position=position,
                    kind="conference_invited",
                    key=f"conference:{conference.pk}:{position.pk}:invited:0",
                    title=f"Einladung zur Fallbesprechung am {upcoming_day:%d.%m.%Y}",
                    url=reverse("cooperation:conference_detail", kwargs={"pk": conference.pk}),
                    due_on=upcoming_day,
                    participant=conference.case.participant,
                )
    items = [
        ("Antrag auf Anerkennung des Abschlusses stellen", "profes-ger", -5, -6),
        ("Förderung einer Anpassungsqualifizierung prüfen", "jc-ger", 7, None),
        ("Beschäftigungserlaubnis vorab prüfen", "ger-abh", -2, None),
    ]
    for title, key, due_in, done_in in items:
        item = ActionItem.objects.create(
            conference=past,
            title=title,
            owner_position=positions[key],
            due_on=today + dt.timedelta(days=due_in),
            done_on=today + dt.timedelta(days=done_in) if done_in is not None else None,
            done_by=caseworker if done_in is not None else None,
            created_by=caseworker,
        )
        if item.done_on is None:
            notify.deliver(
                position=item.owner_position,
                kind="action_item_assigned",
                key=f"action_item:{item.pk}:assigned",
                title=f"Aufgabe aus der Fallbesprechung vom {past_day:%d.%m.%Y}",
                url=reverse("cooperation:conference_detail", kwargs={"pk": past.pk}),
                due_on=item.due_on,
                participant=past.case.participant,
            )
    made += 2 + len(items)

    # Network meetings and a training.
    germersheim = Region.objects.filter(slug="germersheim").first()
    invited = [positions[k] for k in ("ger-abh", "profes-ger", "jc-ger", "ger-leitstelle")]
    meeting_day = today + dt.timedelta(days=14)
    training_day = today + dt.timedelta(days=21)
    last_day = today - dt.timedelta(days=35)
    meetings = [
        Meeting(
            kind="meeting",
            level="local",
            region=germersheim,
            topic="Zusammenarbeit vor Ort",
            title="Netzwerktreffen Germersheim",
            starts_at=_at(meeting_day, 9, 30),
            ends_at=_at(meeting_day, 12),
            place="Kreisverwaltung Germersheim, Sitzungssaal",
            agenda="1. Neues aus den Organisationen\n2. Offene Rücksprachen\n3. Termine",
            chair_position=positions["ism-coord"],
        ),
        Meeting(
            kind="training",
            level="network",
            topic="Beschäftigungsduldung und Ausbildungsduldung (§§ 60c, 60d AufenthG)",
            title="Schulung: Duldung und Arbeit",
            expertise_organisation=positions["ger-abh"].organisation,
            starts_at=_at(training_day, 13),
            ends_at=_at(training_day, 16),
            place="ism Mainz, Seminarraum",
            video_url="https://video.example/schulung",
            agenda="Rechtslage, Verfahren in der Ausländerbehörde, Fallbeispiele",
            chair_position=positions["ism-coord"],
        ),
        Meeting(
            kind="meeting",
            level="network",
            topic="Halbjahresbilanz",
            title="Netzwerktreffen: Halbjahresbilanz",
            starts_at=_at(last_day, 10),
            ends_at=_at(last_day, 13),
            place="ism Mainz",
            minutes="Bilanz der Zuweisungen und Vermittlungen; Vakanzen in zwei "
            "Organisationen; Schulungsbedarf zum Aufenthaltsrecht.",
            decisions="Schulung zur Beschäftigungsduldung organisieren.",
            state="held",
            minutes_state="approved",
            minutes_approved_at=_at(last_day, 16),
            minutes_approved_by=_user("coordinator"),
            chair_position=positions["ism-coord"],
        ),
    ]
    for meeting in meetings:
        meeting.created_by = _user("coordinator")
        meeting.save()
        for position in invited:
            Invitation.objects.create(
                appointment=meeting, position=position, organisation=position.organisation
            )
    attendees = (
        Tenure.objects.current(last_day)
        .filter(position__in=[*invited, positions["ism-coord"]])
        .select_related("person", "position__organisation")
    )
    for tenure in attendees:
        MeetingAttendance.objects.get_or_create(
            meeting=meetings[2],
            person=tenure.person,
            defaults={"organisation": tenure.position.organisation},
        )
    made += len(meetings)
    audit.record(
        "cooperation.demo.seeded",
        actor_label="inprocedere demo",
        detail={"records": made},
    )
    return made
