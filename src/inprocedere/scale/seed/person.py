"""Generating generated person number *i*: who they are, and their way through the
network, drawn from the random stream of (seed, i) alone."""

from __future__ import annotations

import random

from . import cases, casework, cooperation, legal, people
from .casework import CASE_STAGES, CATEGORIES, PURPOSES, Story
from .context import Chunk

SHOWCASE_EVERY = 25_000  # a case with 500+ activities (the benchmark's long timeline)
REREGISTRATION_SHARE = 0.01
RESIDENCE_LEADS = (30, 90)
REFERRAL_OVERDUE_DAYS = 14


def stream(seed: int, index: int) -> random.Random:
    return random.Random(seed * 1_000_003 + index)  # noqa: S311 - test data, not secrets


def generate(chunk: Chunk, index: int, recent: list) -> None:
    """Person `index`; `recent` holds (participant id, identity, names) of people generated
    before in this chunk, of whom about one in a hundred is registered again."""
    rng = stream(chunk.seed, index)
    showcase = index % SHOWCASE_EVERY == 25
    regions = chunk.network.regions
    if showcase:  # the biggest carriers first, so that a small register has one too
        desks = chunk.network.showcase_regions[index // SHOWCASE_EVERY % len(regions)]
    else:
        desks = rng.choice(regions)
    roll = rng.random()  # drawn for everybody, so the stream does not depend on `recent`
    twin = bool(recent) and roll < REREGISTRATION_SHARE
    if twin:
        original, identity, given, family = recent[int(roll / REREGISTRATION_SHARE * len(recent))]
        who, variation = people.variant_of(identity, given, family, rng)
    else:
        who, given, family = people.draw_identity(rng)
    stage, ages = casework.draw_stage(rng)
    if showcase:
        stage, ages = "counselling", (700, 900)
    historic = (
        stage in ("followed_up", "exited")
        and chunk.network.historic is not None
        and rng.random() < 0.15
    )
    if historic:  # the slides' years: referred early enough to be followed up in the period
        period = chunk.network.historic
        sent = rng.randint(period.starts_on.toordinal(), period.ends_on.toordinal() - 700)
    else:
        sent = chunk.today - rng.randint(*ages)
    registered_by = desks.authority if rng.random() < 0.85 else desks.carrier
    pk = people.add_participant(
        chunk, rng, who, desks, registered_by.organisation_id, sent - rng.randint(0, 10)
    )
    if twin:
        rows = chunk["reregistration"]
        rows.add(rows.id(), original, pk, variation)
    else:
        recent.append((pk, who, given, family))
    story = Story(stage, sent, historic, desks, pk)
    _identity_records(chunk, rng, story, index, who, given, family)
    if stage != "registered":
        _case_work(chunk, rng, story, showcase)
    if showcase and story.case:
        chunk.showcase.append(story.case)


def _identity_records(chunk: Chunk, rng, story: Story, index, who, given, family) -> None:
    desks, pk = story.desks, story.participant
    year = int(chunk.day(story.sent)[:4])
    people.add_identifiers(chunk, rng, pk, index, desks, year)
    if rng.random() < 0.04:
        people.add_alias(chunk, pk, who, given, family)
    authority = desks.authority
    if story.historic:
        status = legal.historic_residence(chunk, rng, pk, authority)
        arrival = chunk.current_status[2] - 4000
    else:
        arrival = story.sent - rng.randint(120, 2600)
        status = legal.residence_history(chunk, rng, pk, arrival, authority, who.country.code)
    centre = desks.jobcentre.organisation_id if desks.jobcentre else None
    legal.benefits(chunk, rng, pk, arrival, status, centre)
    if status != "asylum" and rng.random() < 0.2:
        legal.work_permit(chunk, rng, pk, story.sent)


def _case_work(chunk: Chunk, rng, story: Story, showcase: bool) -> None:
    desks = story.desks
    if rng.random() < 0.92:
        organisations = [desks.authority.organisation_id, desks.carrier.organisation_id]
        story.consent = casework.consent(chunk, rng, story, organisations, CATEGORIES, PURPOSES)
    casework.referral(chunk, rng, story)
    if story.stage == "sent" and story.sent <= chunk.today - REFERRAL_OVERDUE_DAYS:
        _referral_overdue(chunk, story)
    if story.stage not in CASE_STAGES:
        return
    cases.case_file(chunk, rng, story, showcase=showcase)
    if rng.random() < 0.08:
        cooperation.consultation(chunk, rng, story)
    if rng.random() < 0.02 or showcase:
        cooperation.conference(chunk, rng, story)
    if story.stage in ("counselling", "paused", "measure", "placed") or story.jobcentre_case:
        _residence_expiring(chunk, story)


def _residence_expiring(chunk: Chunk, story: Story) -> None:
    status, kind, last = chunk.current_status
    days = (last or 0) - chunk.today
    leads = [lead for lead in RESIDENCE_LEADS if last is not None and 0 <= days <= lead]
    if not leads:
        return
    desks = story.desks
    owner = desks.jobcentre if story.jobcentre_case else desks.carrier
    title = f"{kind.citation} läuft am {cooperation.german_date(chunk, last)} ab (in {days} Tagen)"
    if kind.kind == "duldung":
        title = f"Duldung: {title}"
    cooperation.inbox(
        chunk,
        owner.position_id,
        "residence_expiring",
        f"residence:{status}:{chunk.day(last)}:{min(leads)}:{owner.position_id}",
        title,
        cooperation.url("participants:participant_detail", story.participant),
        last,
        story.participant,
        last - min(leads),
        None,
    )


def _referral_overdue(chunk: Chunk, story: Story) -> None:
    desks, sent = story.desks, story.sent
    link = cooperation.url("cases:referral_detail", story.referral)
    date = cooperation.german_date(chunk, sent)
    carrier, authority = desks.carrier.position_id, desks.authority.position_id
    for position, key, title in (
        (carrier, carrier, f"Zuweisung vom {date} noch unbeantwortet"),
        (
            authority,
            f"sender:{authority}",
            f"Ihre Zuweisung vom {date} an {desks.carrier.short} ist noch unbeantwortet",
        ),
    ):
        cooperation.inbox(
            chunk,
            position,
            "referral_overdue",
            f"referral_overdue:{story.referral}:{key}",
            title,
            link,
            sent + REFERRAL_OVERDUE_DAYS,
            story.participant,
            sent + REFERRAL_OVERDUE_DAYS,
            None,
        )
