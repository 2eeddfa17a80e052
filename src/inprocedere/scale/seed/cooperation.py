"""Talking with each other: consultations, case conferences with action items, and the
inbox items the services and the reminder task file about them (and about expiring
residence documents and unanswered referrals), with the keys those producers use, so a
later reminder run files nothing twice."""

from __future__ import annotations

import uuid
from functools import cache

from django.urls import reverse

from .casework import Story
from .context import Chunk

_MARK = 987654321


@cache
def _url_template(name: str) -> str:
    return reverse(name, args=[_MARK]).replace(str(_MARK), "{}")


def url(name: str, pk: int) -> str:
    return _url_template(name).format(pk)


def german_date(chunk: Chunk, ordinal: int) -> str:
    y, m, d = chunk.day(ordinal).split("-")
    return f"{d}.{m}.{y}"


def inbox(chunk: Chunk, position, kind, key, title, link, due, participant, created, done):
    rows = chunk["inbox"]
    rows.add(
        rows.id(),
        position,
        position,
        kind,
        key,
        title,
        link,
        None if due is None else chunk.day(due),
        participant,
        chunk.ts(created, 7 * 60),
        None if done is None else chunk.ts(done, 15 * 60),
    )


TOPICS = (
    ("residence_law", "Aufenthaltsrecht", "Verlängerung der Duldung und Beschäftigungserlaubnis"),
    ("benefits_funding", "Leistungen und Förderung", "Förderung der Maßnahme über das SGB II"),
    ("qualification", "Qualifizierung", "Anerkennung des Berufsabschlusses"),
)


def consultation(chunk: Chunk, rng, story: Story) -> None:
    desks = story.desks
    asker, answerer = desks.carrier, desks.authority
    asked = rng.randint(story.entry, story.end)
    due = asked + 14
    state = "open" if asked > chunk.today - 12 else rng.choice(("answered", "closed", "closed"))
    answered = asked + rng.randint(1, 10) if state != "open" else None
    closed = answered + 3 if state == "closed" else None
    topic, label, subject = rng.choice(TOPICS)
    pk = chunk["consultation"].id()
    chunk["consultation"].add(
        pk,
        story.case,
        asker.position_id,
        answerer.position_id,
        topic,
        subject,
        "Bitte um Rückmeldung zum Stand und zu den nächsten Schritten.",
        chunk.day(due),
        state,
        story.consent,
        chunk.ts(asked, 9 * 60),
        None if answered is None else chunk.ts(answered, 11 * 60),
        None if closed is None else chunk.ts(closed, 11 * 60),
        asker.user_id,
    )
    messages = chunk["message"]
    question = "Bitte um Rückmeldung."
    at = chunk.ts(asked, 540)
    messages.add(messages.id(), pk, "question", asker.position_id, question, at, asker.user_id)
    link = url("cooperation:consultation_detail", pk)
    inbox(
        chunk,
        answerer.position_id,
        "consultation_received",
        f"consultation:{pk}:asked",
        f"Rücksprache von {asker.short}: {label}",
        link,
        due,
        story.participant,
        asked,
        answered,
    )
    if answered is not None:
        _answer(chunk, story, pk, subject, answered, closed)


def _answer(chunk: Chunk, story: Story, consultation_pk, subject, answered, closed) -> None:
    asker, answerer = story.desks.carrier, story.desks.authority
    messages = chunk["message"]
    message = messages.id()
    text = "Die Verlängerung ist beantragt; Rückmeldung folgt."
    at = chunk.ts(answered, 660)
    messages.add(
        message, consultation_pk, "answer", answerer.position_id, text, at, answerer.user_id
    )
    inbox(
        chunk,
        asker.position_id,
        "consultation_answered",
        f"consultation:{consultation_pk}:answer:{message}",
        f"Antwort von {answerer.short}: {subject}",
        url("cooperation:consultation_detail", consultation_pk),
        None,
        story.participant,
        answered,
        closed,
    )


def conference(chunk: Chunk, rng, story: Story) -> None:
    desks = story.desks
    day = min(rng.randint(story.entry, story.end + 30), chunk.today + 40)
    past = day < chunk.today
    pk = chunk["conference"].id()
    chunk["conference"].add(
        pk,
        "conference",
        story.case,
        "Fallbesprechung zur Integrationsplanung",
        chunk.ts(day, 10 * 60),
        chunk.ts(day, 11 * 60),
        f"{desks.carrier.short}, Besprechungsraum",
        "1. Stand der Integrationsplanung\n2. Aufenthalt und Leistungen\n3. Nächste Schritte",
        desks.carrier.position_id,
        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "held" if past else "scheduled",  # minutes released: it took place
        "Stand besprochen; Aufgaben verteilt." if past else "",
        "approved" if past else "none",
        chunk.ts(day - 14, 9 * 60),
        chunk.ts(day - 14, 9 * 60),
        desks.carrier.user_id,
    )
    invited = [(desks.carrier, None), (desks.authority, story.consent)]
    if desks.jobcentre is not None and rng.random() < 0.5:
        invited.append((desks.jobcentre, story.consent))
    rows = chunk["invitation"]
    link = url("cooperation:conference_detail", pk)
    for desk, relied_on in invited:
        attendance = rng.choice(("present", "present", "excused")) if past else "unknown"
        rows.add(
            rows.id(), pk, desk.position_id, desk.organisation_id, relied_on, attendance,
            chunk.ts(day - 14, 9 * 60),
        )  # fmt: skip
        if desk is desks.carrier:
            continue
        inbox(
            chunk,
            desk.position_id,
            "conference_invited",
            f"conference:{pk}:{desk.position_id}:invited:0",
            f"Einladung zur Fallbesprechung am {german_date(chunk, day)}",
            link,
            day,
            story.participant,
            day - 14,
            day if past else None,
        )
    _action_items(chunk, rng, story, pk, day, past, link)


def _action_items(chunk: Chunk, rng, story: Story, conference_pk, day, past, link) -> None:
    rows = chunk["action_item"]
    for desk, title in (
        (story.desks.carrier, "Bewerbungsunterlagen aktualisieren"),
        (story.desks.authority, "Verlängerung der Beschäftigungserlaubnis prüfen"),
    )[: rng.randint(1, 2)]:
        pk = rows.id()
        due = day + 14
        done = (
            due - rng.randint(0, 10) if past and due < chunk.today and rng.random() < 0.7 else None
        )
        rows.add(
            pk,
            conference_pk,
            title,
            desk.position_id,
            chunk.day(due),
            None if done is None else chunk.day(done),
            chunk.ts(day, 11 * 60),
            story.desks.carrier.user_id,
        )
        inbox(
            chunk,
            desk.position_id,
            "action_item_assigned",
            f"action_item:{pk}:assigned",
            f"Aufgabe aus der Fallbesprechung: {title}",
            link,
            due,
            story.participant,
            day,
            done,
        )
