"""A generated person's legal situation: residence-status history, benefit periods and
work-permit applications (LAW.md §§ 1–3), consistent with each other and with the
person's story (arrival, referral, placement)."""

from __future__ import annotations

import datetime as dt

from .context import Chunk

GAINFUL = "erwerbstaetigkeit_gestattet"
WITH_PERMISSION = "nur_mit_genehmigung"


def _status(chunk: Chunk, pk, code, start, end, authority, endorsement="", **extra):
    """One period; `authority` is the immigration office's desk, which records it."""
    types = chunk.network.status_types
    kind = types.get(code) or types["duldung"]
    rows = chunk["residence"]
    status = rows.id()
    rows.add(
        status,
        pk,
        kind.id,
        kind.paragraph,
        kind.absatz,
        kind.satz,
        chunk.day(start),
        None if end is None else chunk.day(end),
        extra.get("probation", False),
        endorsement,
        extra.get("obligation", ""),
        authority.organisation_id,
        chunk.ts(start, 10 * 60),
        authority.user_id,
    )
    chunk.current_status = (status, kind, end)


def residence_history(chunk: Chunk, rng, pk, arrival, authority, country) -> str:
    """One to three periods from arrival to today; returns the current kind of status
    ('asylum', 'tolerated', 'permit') for the benefits that follow from it. The last
    period is left in `chunk.current_status` (id, type, last day) for the reminders."""
    today = chunk.today
    expiry = today + rng.randint(-60, 900)
    if country == "UA":
        _status(chunk, pk, "24", arrival, max(expiry, arrival + 1), authority, GAINFUL)
        return "permit"
    path = rng.random()
    asylum_end = min(arrival + rng.randint(180, 700), today - 1)
    if path < 0.12 or asylum_end <= arrival:
        _status(chunk, pk, "gestattung", arrival, max(expiry, arrival + 1), authority)
        return "asylum"
    _status(chunk, pk, "gestattung", arrival, asylum_end, authority)
    if path < 0.55 or asylum_end + 2 >= today:
        _status(
            chunk,
            pk,
            rng.choice(("duldung", "duldung", "duldung", "ausbildungsduldung", "duldung-60b")),
            asylum_end + 1,
            max(expiry, asylum_end + 1),
            authority,
            WITH_PERMISSION,
            obligation="Land Rheinland-Pfalz",
        )
        return "tolerated"
    tolerated_end = rng.randint(asylum_end + 1, today - 1)
    if path < 0.8:
        _status(chunk, pk, "duldung", asylum_end + 1, tolerated_end, authority, WITH_PERMISSION)
    code = rng.choice(("104c", "25b", "25a", "25-5", "25-3", "25-2-1"))
    end = max(expiry, tolerated_end + 60) if code != "104c" else tolerated_end + 548
    _status(chunk, pk, code, tolerated_end + 1, end, authority, GAINFUL)
    return "permit"


def historic_residence(chunk: Chunk, rng, pk, authority) -> str:
    """The slides' cohort: Duldung → § 104a on probation → § 23 (IMK 2009) → § 25 (5)."""
    d = dt.date
    start = d(2001 + rng.randint(0, 3), rng.randint(1, 12), 1).toordinal()
    steps = (
        ("duldung", start, d(2007, 9, 30), WITH_PERMISSION, False),
        ("104a-probe", d(2007, 10, 1), d(2009, 12, 31), GAINFUL, True),
        ("23-1-imk", d(2010, 1, 1), d(2011, 12, 31), GAINFUL, True),
        ("25-5", d(2012, 1, 1), d(2014, 12, 31), GAINFUL, False),
    )
    for code, begin, end, endorsement, probation in steps:
        begin = begin if isinstance(begin, int) else begin.toordinal()
        _status(
            chunk, pk, code, begin, end.toordinal(), authority, endorsement, probation=probation
        )
    return "permit"


def benefits(chunk: Chunk, rng, pk, arrival, status, jobcentre_org) -> None:
    rows = chunk["benefit"]
    first_end = arrival + 540  # AsylbLG § 3 for the first 18 months, then § 2
    today = chunk.today
    if status == "permit" and jobcentre_org and rng.random() < 0.8:
        switch = min(first_end, today - 30)
        rows.add(rows.id(), pk, "asylblg_3", None, chunk.day(arrival), chunk.day(switch))
        rows.add(rows.id(), pk, "sgb2", jobcentre_org, chunk.day(switch + 1), None)
        return
    if first_end < today:
        rows.add(rows.id(), pk, "asylblg_3", None, chunk.day(arrival), chunk.day(first_end))
        rows.add(rows.id(), pk, "asylblg_2", None, chunk.day(first_end + 1), None)
        return
    rows.add(rows.id(), pk, "asylblg_3", None, chunk.day(arrival), None)


EMPLOYERS = (
    "Logistikzentrum Germersheim GmbH",
    "Pflegeheim St. Anna",
    "Weingut Müller",
    "Bäckerei Schmitt",
    "Autohaus Becker",
    "Reinigungsservice Pfalz",
    "Gasthaus zur Post",
    "BASF Service-Center",
    "Gärtnerei Lang",
    "Malerbetrieb Keller",
)
JOBS = ("Lagerhelfer/in", "Pflegehelfer/in", "Küchenhilfe", "Reinigungskraft", "Erntehelfer/in")


def work_permit(chunk: Chunk, rng, pk, from_day) -> None:
    applied = min(from_day + rng.randint(20, 400), chunk.today - 5)
    decided = applied + rng.randint(7, 60)
    rows = chunk["permit"]
    if decided > chunk.today:
        decision, decided_on, valid = "pending", None, None
    else:
        decision = rng.choice(("approved", "approved", "approved", "refused", "not_required"))
        decided_on = chunk.day(decided)
        valid = chunk.day(decided + 365) if decision == "approved" else None
    rows.add(
        rows.id(),
        pk,
        chunk.day(applied),
        rng.choice(EMPLOYERS),
        rng.choice(JOBS),
        rng.choice((20, 30, 39)),
        rng.choice(("12.82", "13.50", "14.20")),
        chunk.day(applied + 2),
        decision,
        decided_on,
        valid,
    )
