"""A generated person's way through the network: consent, referral with its transitions,
case file with team, activities, needs assessment, plan, measures, placement, exit and
follow-up, and the handover to the job centre (DOMAIN.md, "Die Zusammenarbeit vor Ort").
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .context import Chunk
from .network import RegionDesks

# stage, share of the register (per mille), days between referral and today
STAGES = (
    ("registered", 30, (1, 200)),
    ("sent", 50, (1, 60)),
    ("declined", 30, (20, 1200)),
    ("withdrawn", 20, (20, 1200)),
    ("accepted", 40, (3, 30)),
    ("counselling", 290, (20, 900)),
    ("paused", 20, (60, 900)),
    ("measure", 140, (90, 900)),
    ("placed", 90, (200, 1300)),
    ("handed_over", 50, (200, 1300)),
    ("exited", 130, (420, 1500)),
    ("followed_up", 110, (600, 1600)),
)
_STAGE_CUM = tuple(sum(s[1] for s in STAGES[: i + 1]) for i in range(len(STAGES)))
CASE_STAGES = {"counselling", "paused", "measure", "placed", "handed_over", "exited"}
CASE_STAGES |= {"followed_up"}

CATEGORIES = json.dumps(["identity", "contact", "residence", "benefits", "education_work"])
PURPOSES = json.dumps(["referral", "case_conference", "placement", "esf_monitoring"])
JOBCENTRE_CATEGORIES = json.dumps(["identity", "benefits", "education_work"])
JOBCENTRE_PURPOSES = json.dumps(["counselling", "case_conference"])
REASONS = (
    "Duldung, arbeitsmarktnah; Unterstützung bei Arbeitssuche und Sprache.",
    "Beschäftigungserlaubnis liegt vor; Begleitung bei Bewerbungen erbeten.",
    "Aufenthaltsgestattung, Interesse an Ausbildung in der Pflege.",
    "Bleiberecht nach § 25b in Aussicht; Sicherung des Lebensunterhalts nötig.",
    "Sprachkenntnisse A2, Berufserfahrung im Herkunftsland; Anerkennung klären.",
)
GOALS = "Sprachniveau B1, Beschäftigung oder Ausbildung, Sicherung des Lebensunterhalts."


def draw_stage(rng) -> tuple[str, tuple[int, int]]:
    stage, _share, ages = rng.choices(STAGES, cum_weights=_STAGE_CUM)[0]
    return stage, ages


@dataclass
class Story:
    """What the rest of the generator needs to know about one person's case work."""

    stage: str
    sent: int  # day of the referral (ordinal)
    historic: bool
    desks: RegionDesks
    participant: int
    consent: int | None = None
    referral: int | None = None
    case: int | None = None
    entry: int | None = None
    end: int | None = None  # last day of case work (exit, or today)
    jobcentre_case: int | None = None
    period: int | None = None  # funding period of the case


def consent(chunk: Chunk, rng, story: Story, organisations, categories, purposes) -> int:
    """A signed consent naming `organisations`; some later withdrawn, some expired."""
    rows, recipients = chunk["consent"], chunk["consent_recipient"]
    pk = rows.id()
    signed = story.sent - 1
    roll = rng.random()
    valid_until = signed + 365 * 3 if story.historic else None
    withdrawn = None
    if roll < 0.03 and signed + 30 < chunk.today:
        withdrawn = chunk.day(rng.randint(signed + 30, chunk.today))
    elif roll < 0.07 and signed + 200 < chunk.today:
        valid_until = rng.randint(signed + 180, chunk.today - 1)
    rows.add(
        pk,
        story.participant,
        categories,
        purposes,
        "written",
        "2024-1",
        chunk.day(signed),
        None if valid_until is None else chunk.day(valid_until),
        withdrawn,
        story.desks.authority.organisation_id,
        chunk.ts(signed, 11 * 60),
        story.desks.authority.user_id,
    )
    for organisation in organisations:
        recipients.add(recipients.id(), pk, organisation)
    return pk


def _transition(chunk: Chunk, referral, before, after, desk, day, note=""):
    rows = chunk["transition"]
    at = chunk.ts(day, 9 * 60 + 30)
    rows.add(rows.id(), referral, before, after, desk.position_id, at, note, desk.user_id)


def referral(chunk: Chunk, rng, story: Story) -> None:
    """The authority sends the person to the carrier; the carrier answers."""
    desks, sent, stage = story.desks, story.sent, story.stage
    pk = story.referral = chunk["referral"].id()
    _transition(chunk, pk, "", "sent", desks.authority, sent)
    state, first, feedback, answered = "sent", None, "", sent
    if stage == "declined":
        state, feedback = "declined", "Keine freien Plätze im Teilprojekt; bitte an das Jobcenter."
        answered = sent + rng.randint(1, 12)
        _transition(chunk, pk, "sent", "declined", desks.carrier, answered, feedback)
    elif stage == "withdrawn":
        state, answered = "withdrawn", sent + rng.randint(1, 20)
        _transition(chunk, pk, "sent", "withdrawn", desks.authority, answered)
    elif stage != "sent":
        answered = sent + rng.randint(1, 6)
        first = chunk.ts(min(answered + 7, chunk.today + 7), 10 * 60)
        _transition(chunk, pk, "sent", "accepted", desks.carrier, answered)
        state = "accepted"
        if stage in CASE_STAGES:
            state = "intake_done"
            _transition(chunk, pk, "accepted", "intake_done", desks.carrier, sent + 10)
    if state == "intake_done":
        story.entry, story.case = sent + 10, chunk["case"].id()
    chunk["referral"].add(
        pk,
        story.participant,
        "referral",
        desks.authority.position_id,
        desks.carrier.organisation_id,
        desks.carrier.position_id,
        rng.choice(REASONS),
        GOALS,
        "urgent" if rng.random() < 0.08 else "normal",
        state,
        first,
        feedback,
        story.case,
        chunk.ts(sent, 8 * 60 + rng.randint(0, 600)),
        chunk.ts(min(answered, chunk.today), 16 * 60),
    )
