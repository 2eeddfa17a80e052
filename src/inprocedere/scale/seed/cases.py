"""A generated case file and everything recorded in it."""

from __future__ import annotations

import bisect
import json

from .casework import JOBCENTRE_CATEGORIES, JOBCENTRE_PURPOSES, Story, consent
from .context import Chunk

ACTIVITY_KINDS = ("counselling", "accompaniment", "application_support", "job_coaching")
_TOPIC_WORDS = ("Sprache", "Bewerbung", "Aufenthalt", "Leistungen", "Anerkennung", "Wohnung")
TOPICS = tuple(json.dumps([a, b]) for a in _TOPIC_WORDS for b in _TOPIC_WORDS if a < b)
NOTES = (
    "Gespräch zu den nächsten Schritten.",
    "Bewerbungsunterlagen überarbeitet, zwei Bewerbungen versandt.",
    "Begleitung zur Ausländerbehörde; Verlängerung der Duldung beantragt.",
    "Rückfrage zum Leistungsbezug mit dem Jobcenter geklärt.",
    "Anerkennungsberatung vermittelt; Unterlagen zur Übersetzung gegeben.",
    "Sprachkurs läuft gut, Prüfung B1 im nächsten Quartal geplant.",
)
DURATIONS = (30, 45, 60, 60, 90, 120)


def activities(chunk: Chunk, rng, case, desk, start, end, count) -> int:
    """`count` contacts spread from `start` to `end`; returns the day of the last.

    The innermost loop of the generator (ten million rows at a Land's size): one random
    draw per activity, whose bits pick kind, duration, topics, note and confidentiality.
    """
    rows = chunk["activity"]
    add, bits, evening = rows.add, rng.getrandbits, chunk.evening
    position, user = desk.position_id, desk.user_id
    step = max(end - start, 1) / count
    last = start
    for n, pk in enumerate(rows.ids(count)):
        last = min(start + int(n * step), end)
        r = bits(32)
        add(
            pk,
            case,
            ACTIVITY_KINDS[r & 3],
            evening[last][0],
            DURATIONS[(r >> 2) % 6],
            TOPICS[(r >> 5) % len(TOPICS)],
            NOTES[(r >> 10) % len(NOTES)],
            (r >> 16) % 100 < 15,
            position,
            evening[last][1],
            user,
        )
    return last


def _activity_count(rng, days, showcase):
    if showcase:
        return rng.randint(520, 680)
    return max(1, min(40, days // rng.randint(18, 45)))


def case_file(chunk: Chunk, rng, story: Story, *, showcase=False) -> None:
    desks, entry, stage = story.desks, story.entry, story.stage
    today = chunk.today
    closing = stage in ("exited", "followed_up", "handed_over")
    end = min(entry + rng.randint(200, 420), today - 1) if closing else today
    end = max(end, entry)
    story.end = end
    period = chunk.network.historic if story.historic else chunk.network.current
    if period is not None and not period.starts_on.toordinal() <= entry:
        period = None
    story.period = period.id if period else None
    count = _activity_count(rng, end - entry, showcase)
    last = activities(chunk, rng, story.case, desks.carrier, entry, end, count)
    status = "closed" if closing else "paused" if stage == "paused" else "active"
    chunk["case"].add(
        story.case,
        story.participant,
        desks.carrier.organisation_id,
        desks.carrier.position_id,
        status,
        chunk.day(entry),
        period.id if period else None,
        desks.subprojects.get(period.id) if period else None,
        rng.choice(("unemployed", "unemployed", "long_term_unemployed", "inactive")),
        rng.choice((1, 2, 2, 3, 3, 4, 6)),
        rng.random() < 0.3,
        None,
        chunk.ts(entry, 9 * 60),
        chunk.day(last),
        chunk.ts(last, 17 * 60),
    )
    team = chunk["case_team"]
    team.add(team.id(), story.case, desks.authority.position_id)
    _plan(chunk, rng, story)
    if stage in ("measure", "placed", "exited", "followed_up", "handed_over"):
        _enrolment(chunk, rng, story, done=stage != "measure")
    if stage in ("placed", "followed_up"):
        _placement(chunk, rng, story)
    if stage in ("exited", "followed_up"):
        _exit(chunk, rng, story)
    if stage == "handed_over" and desks.jobcentre is not None:
        handover(chunk, rng, story)
    elif status == "active" and desks.jobcentre is not None and rng.random() < 0.04:
        _shared_with_jobcentre(chunk, rng, story)


def _plan(chunk: Chunk, rng, story: Story) -> None:
    case, entry, desks = story.case, story.entry, story.desks
    if rng.random() < 0.85:
        rows = chunk["assessment"]
        level = rng.choice(("A1", "A2", "A2", "B1"))
        rows.add(
            rows.id(),
            case,
            chunk.day(min(entry + 14, chunk.today)),
            desks.carrier.position_id,
            json.dumps([{"language": "de", "level": level}]),
            rng.randint(4, 13),
            rng.choice((1, 2, 3, 3, 4)),
            json.dumps([{"title": "Elektriker/in", "country": "", "recognition": "pending"}])
            if rng.random() < 0.3
            else "[]",
            "Mehrjährige Berufserfahrung im Herkunftsland.",
            rng.choice(("", "", "B")),
            rng.random() < 0.3,
        )
    reached = story.stage in ("placed", "exited", "followed_up")
    goals = chunk["goal"]
    for text, due in (("Deutsch auf Niveau B1", 270), ("Beschäftigung oder Ausbildung", 365)):
        status = "reached" if reached else "open"
        goals.add(goals.id(), case, text, chunk.day(entry + due), status, chunk.ts(entry + 14, 600))


def _enrolment(chunk: Chunk, rng, story: Story, *, done: bool) -> None:
    measures = chunk.network.measures.get(story.desks.carrier.organisation_id) or []
    if not measures:
        return
    starts = chunk.network.measure_starts[story.desks.carrier.organisation_id]
    at = min(bisect.bisect_left(starts, story.entry + 20), len(measures) - 1)
    measure, begins, ends = measures[at]
    started = min(max(begins.toordinal(), story.entry), story.end)
    ended = min(max(ends.toordinal(), started), story.end) if done else None
    if not done and started > chunk.today:
        started = chunk.today
    rows = chunk["enrollment"]
    rows.add(
        rows.id(),
        story.case,
        measure,
        "completed" if done else "ongoing",
        chunk.day(started),
        None if ended is None else chunk.day(ended),
        "Teilnahmebescheinigung" if done else "",
        done and rng.random() < 0.5,
    )


def _placement(chunk: Chunk, rng, story: Story) -> None:
    rows = chunk["placement"]
    starts = max(story.end - rng.randint(10, 90), story.entry)
    rows.add(
        rows.id(),
        story.case,
        rng.choice(("employment", "employment", "vocational_training", "marginal")),
        rng.choice(("Logistikzentrum Germersheim GmbH", "Pflegeheim St. Anna", "Weingut Müller")),
        chunk.day(starts),
        None,
        rng.choice((20, 30, 39)),
        rng.random() < 0.5,
    )


def _exit(chunk: Chunk, rng, story: Story) -> None:
    followed = story.stage == "followed_up"
    rows = chunk["exit"]
    rows.add(
        rows.id(),
        story.case,
        chunk.day(story.end),
        "placed" if followed else rng.choice(("goals_reached", "moved_away", "no_contact")),
        "employed" if followed else rng.choice(("job_searching", "education_training", "inactive")),
        rng.random() < 0.4,
        chunk.ts(story.end, 15 * 60),
    )
    due = story.end + 183
    done = due + 5 if (followed or rng.random() < 0.5) and due + 5 < chunk.today else None
    rows = chunk["follow_up"]
    rows.add(
        rows.id(),
        story.case,
        chunk.day(due),
        None if done is None else chunk.day(done),
        ("employed" if followed else "job_searching") if done else "",
        (True if followed else rng.random() < 0.3) if done else None,
    )


def _shared_with_jobcentre(chunk: Chunk, rng, story: Story) -> None:
    """The job centre works on the carrier's case under the person's consent to it."""
    jobcentre = story.desks.jobcentre
    team = chunk["case_team"]
    team.add(team.id(), story.case, jobcentre.position_id)
    consent(
        chunk,
        rng,
        story,
        [jobcentre.organisation_id],
        JOBCENTRE_CATEGORIES,
        JOBCENTRE_PURPOSES,
    )


def handover(chunk: Chunk, rng, story: Story) -> None:
    """The case passes to the job centre once the person is entitled to SGB II."""
    desks, day = story.desks, story.end
    jobcentre, carrier = desks.jobcentre, desks.carrier
    referral = chunk["referral"].id()
    new_case = story.jobcentre_case = chunk["case"].id()
    for before, after, desk, offset in (
        ("", "sent", carrier, 0),
        ("sent", "accepted", jobcentre, 2),
        ("accepted", "intake_done", jobcentre, 4),
    ):
        rows = chunk["transition"]
        at = chunk.ts(day + offset, 600)
        rows.add(rows.id(), referral, before, after, desk.position_id, at, "", desk.user_id)
    chunk["referral"].add(
        referral,
        story.participant,
        "handover",
        carrier.position_id,
        jobcentre.organisation_id,
        jobcentre.position_id,
        "Aufenthaltserlaubnis erteilt, SGB-II-berechtigt: Übergabe an das Jobcenter.",
        "Feststellung des Qualifizierungsbedarfs und Förderung.",
        "normal",
        "intake_done",
        chunk.ts(day + 7, 600),
        "",
        story.case,
        chunk.ts(day, 600),
        chunk.ts(day + 4, 600),
    )
    opened = min(day + 4, chunk.today)
    last = activities(chunk, rng, new_case, jobcentre, opened, chunk.today, 3)
    chunk["case"].add(
        new_case,
        story.participant,
        jobcentre.organisation_id,
        jobcentre.position_id,
        "active",
        chunk.day(story.entry),
        story.period,
        None,
        "unemployed",
        rng.choice((1, 2, 3)),
        False,
        story.case,
        chunk.ts(opened, 600),
        chunk.day(last),
        chunk.ts(last, 17 * 60),
    )
    team = chunk["case_team"]
    team.add(team.id(), new_case, carrier.position_id)
    team.add(team.id(), story.case, jobcentre.position_id)
