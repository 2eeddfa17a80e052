"""The cooperation monitor: how the network's organisations work together.

Referral turnaround and consultation response times by organisation pair, case-conference
follow-through, attendance at network meetings and trainings, vacancy days, and the
network graph of who works with whom. `selectors_monitor.monitor_facts` reads the records
once; the functions below count them in Python (docs/reporting.md, "Cooperation monitor").
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .tables import Column, ReportTable, Row

# Days from sending to the answer: up to 1, 3, 7, 14, and more.
BUCKETS = (
    ("d1", 1, _("≤ 1 day")),
    ("d3", 3, _("2–3 days")),
    ("d7", 7, _("4–7 days")),
    ("d14", 14, _("8–14 days")),
    ("dmore", None, _("over 14 days")),
)
BUCKET_KEYS = tuple(key for key, _limit, _label in BUCKETS)


def bucket(days: float) -> str:
    for key, limit, _label in BUCKETS:
        if limit is None or days <= limit:
            return key
    return BUCKET_KEYS[-1]  # pragma: no cover


@dataclass(frozen=True)
class Exchange:
    """A referral or a consultation between two organisations."""

    sender: int
    receiver: int
    # referrals: accepted, declined, withdrawn, open; consultations: in_time, late, open, withdrawn
    outcome: str
    days: float | None = None  # to acceptance, or to the first answer
    participant_id: int | None = None


@dataclass(frozen=True)
class ActionItemFact:
    organisation: int
    due_on: dt.date
    done_on: dt.date | None


@dataclass(frozen=True)
class EventFact:
    """A network meeting or training, a case conference: who was invited, who came."""

    kind: str  # meeting | training | conference
    invited: frozenset[int]
    attended: frozenset[int]


@dataclass(frozen=True)
class PositionFact:
    organisation: int
    tenures: tuple[tuple[dt.date, dt.date | None], ...]


@dataclass
class MonitorFacts:
    referrals: Sequence[Exchange] = ()
    consultations: Sequence[Exchange] = ()
    action_items: Sequence[ActionItemFact] = ()
    events: Sequence[EventFact] = ()
    positions: Sequence[PositionFact] = ()
    organisations: Mapping[int, str] = field(default_factory=dict)  # id -> label, sorted
    kinds: Mapping[int, str] = field(default_factory=dict)  # id -> Organisation.Kind
    focus: frozenset[int] | None = None  # the scope's organisations (None: all)


def _median(values: Iterable[float]) -> float | None:
    values = list(values)
    return round(statistics.median(values), 1) if values else None


def _pair_label(organisations, sender, receiver) -> str:
    return f"{organisations.get(sender, '?')} → {organisations.get(receiver, '?')}"


def _in_focus(focus, *organisations) -> bool:
    return focus is None or any(o in focus for o in organisations)


def _exchange_table(
    *,
    key: str,
    title: str,
    records: Sequence[Exchange],
    outcomes: Sequence[tuple[str, str]],
    answered: Sequence[str],
    organisations: Mapping[int, str],
    focus,
    sent_label: str,
    answered_label: str,
    median_label: str,
    note: str,
) -> ReportTable:
    groups: dict[tuple[int, int], list[Exchange]] = defaultdict(list)
    for record in records:
        if _in_focus(focus, record.sender, record.receiver):
            groups[(record.sender, record.receiver)].append(record)
    outcome_keys = [k for k, _l in outcomes]
    columns = (
        Column(
            "sent",
            sent_label,
            kind="total",
            parts=("answered", *[k for k in outcome_keys if k not in answered]),
        ),
        Column(
            "answered",
            answered_label,
            kind="total",
            parts=tuple(answered) if len(answered) > 1 else BUCKET_KEYS,
        ),
        *(Column(k, label) for k, label in outcomes),
        Column("median", median_label, kind="derived", base="answered"),
        *(Column(k, str(label)) for k, _limit, label in BUCKETS),
    )
    if len(answered) == 1:
        # "answered" is itself the one answered outcome: show it once.
        columns = tuple(c for c in columns if c.key != answered[0])
    sums = (("answered", BUCKET_KEYS),) if len(answered) > 1 else ()

    def row(key, label, items):
        cells = {"sent": len(items)}
        done = [i for i in items if i.outcome in answered]
        cells["answered"] = len(done)
        for outcome in outcome_keys:
            if outcome not in answered or len(answered) > 1:
                cells[outcome] = sum(1 for i in items if i.outcome == outcome)
        cells["median"] = _median(i.days for i in done if i.days is not None)
        for bucket_key in BUCKET_KEYS:
            cells[bucket_key] = sum(
                1 for i in done if i.days is not None and bucket(i.days) == bucket_key
            )
        return Row(key, label, cells)

    ordered = sorted(groups, key=lambda pair: _pair_label(organisations, *pair))
    rows = [row(f"{s}-{r}", _pair_label(organisations, s, r), groups[(s, r)]) for s, r in ordered]
    ids = {}
    for s, r in ordered:
        ids[(f"{s}-{r}", "sent")] = {i.participant_id for i in groups[(s, r)] if i.participant_id}
    everything = [item for items in groups.values() for item in items]
    rows.append(row("total", str(_("Whole network")), everything))
    return ReportTable(
        key=key,
        title=title,
        row_heading=str(_("Organisations")),
        columns=columns,
        rows=tuple(rows),
        total_row=True,
        note=note,
        ids=ids,
        sums=sums,
    )


def referral_turnaround(facts: MonitorFacts) -> ReportTable:
    return _exchange_table(
        key="referral_turnaround",
        title=str(_("Referral turnaround")),
        records=facts.referrals,
        outcomes=[
            ("accepted", str(_("Accepted"))),
            ("declined", str(_("Declined"))),
            ("withdrawn", str(_("Withdrawn"))),
            ("open", str(_("Not yet answered"))),
        ],
        answered=("accepted",),
        organisations=facts.organisations,
        focus=facts.focus,
        sent_label=str(_("Referrals sent")),
        answered_label=str(_("Accepted")),
        median_label=str(_("Median days to acceptance")),
        note=str(
            _(
                "Referrals sent in the range, from the sending to the receiving organisation; "
                "days from sending to acceptance, and how they spread."
            )
        ),
    )


def consultation_response(facts: MonitorFacts) -> ReportTable:
    return _exchange_table(
        key="consultation_response",
        title=str(_("Consultation response times")),
        records=facts.consultations,
        outcomes=[
            ("in_time", str(_("Answered by the date asked for"))),
            ("late", str(_("Answered later"))),
            ("open", str(_("Not yet answered"))),
            ("withdrawn", str(_("Withdrawn unanswered"))),
        ],
        answered=("in_time", "late"),
        organisations=facts.organisations,
        focus=facts.focus,
        sent_label=str(_("Consultations asked")),
        answered_label=str(_("Answered")),
        median_label=str(_("Median days to the first answer")),
        note=str(
            _(
                "Consultations asked in the range, from the asking to the answering "
                "organisation; days from the question to the first answer."
            )
        ),
    )


def follow_through(facts: MonitorFacts, today: dt.date) -> ReportTable:
    """Action items due in the range by the owner position's organisation, and the case
    conferences the organisation was invited to and came to."""
    items: dict[int, list[ActionItemFact]] = defaultdict(list)
    for item in facts.action_items:
        if _in_focus(facts.focus, item.organisation):
            items[item.organisation].append(item)
    invited: dict[int, int] = defaultdict(int)
    present: dict[int, int] = defaultdict(int)
    for event in facts.events:
        if event.kind != "conference":
            continue
        for organisation in event.invited:
            if _in_focus(facts.focus, organisation):
                invited[organisation] += 1
                present[organisation] += organisation in event.attended
    columns = (
        Column("invited", str(_("Case conferences invited to"))),
        Column("present", str(_("Present"))),
        Column(
            "due",
            str(_("Action items due")),
            kind="total",
            parts=("in_time", "late", "overdue", "pending"),
        ),
        Column("in_time", str(_("Done on time"))),
        Column("late", str(_("Done late"))),
        Column("overdue", str(_("Open and overdue"))),
        Column("pending", str(_("Open, not yet due"))),
        Column("share", str(_("Done on time (%)")), kind="derived", base="due"),
    )

    def row(key, label, its, inv, pres):
        cells = {"invited": inv, "present": pres, "due": len(its)}
        cells["in_time"] = sum(1 for i in its if i.done_on and i.done_on <= i.due_on)
        cells["late"] = sum(1 for i in its if i.done_on and i.done_on > i.due_on)
        cells["overdue"] = sum(1 for i in its if not i.done_on and i.due_on < today)
        cells["pending"] = sum(1 for i in its if not i.done_on and i.due_on >= today)
        judged = cells["in_time"] + cells["late"] + cells["overdue"]
        cells["share"] = round(100 * cells["in_time"] / judged) if judged else None
        return Row(key, label, cells)

    organisations = [o for o in facts.organisations if o in items or o in invited]
    rows = [
        row(str(o), facts.organisations[o], items.get(o, []), invited.get(o, 0), present.get(o, 0))
        for o in organisations
    ]
    rows.append(
        row(
            "total",
            str(_("Whole network")),
            [i for o in organisations for i in items.get(o, [])],
            sum(invited.values()),
            sum(present.values()),
        )
    )
    return ReportTable(
        key="follow_through",
        title=str(_("Case-conference follow-through")),
        row_heading=str(_("Organisation")),
        columns=columns,
        rows=tuple(rows),
        total_row=True,
        note=str(
            _(
                "Action items agreed in case conferences and due in the range, by the "
                "organisation of the responsible position; the share done on time counts the "
                "items whose date has passed."
            )
        ),
    )


def attendance(facts: MonitorFacts) -> ReportTable:
    """Network meetings and trainings held in the range: how many each organisation was
    invited to and how many it came to (staff attendance, not participant data)."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for event in facts.events:
        if event.kind not in ("meeting", "training"):
            continue
        for organisation in event.invited | event.attended:
            if _in_focus(facts.focus, organisation):
                counts[organisation][f"{event.kind}_invited"] += organisation in event.invited
                counts[organisation][f"{event.kind}_attended"] += organisation in event.attended
    columns = (
        Column("meeting_invited", str(_("Meetings invited to")), kind="plain"),
        Column("meeting_attended", str(_("Meetings attended")), kind="plain"),
        Column("meeting_rate", str(_("Meetings: attended (%)")), kind="plain"),
        Column("training_invited", str(_("Trainings invited to")), kind="plain"),
        Column("training_attended", str(_("Trainings attended")), kind="plain"),
        Column("training_rate", str(_("Trainings: attended (%)")), kind="plain"),
    )

    def row(key, label, c):
        cells = {column.key: c.get(column.key, 0) for column in columns}
        for kind in ("meeting", "training"):
            invited = c.get(f"{kind}_invited", 0)
            cells[f"{kind}_rate"] = (
                round(100 * min(c.get(f"{kind}_attended", 0), invited) / invited)
                if invited
                else None
            )
        return Row(key, label, cells)

    rows = [
        row(str(o), label, counts[o]) for o, label in facts.organisations.items() if o in counts
    ]
    return ReportTable(
        key="attendance",
        title=str(_("Attendance at network meetings and trainings")),
        row_heading=str(_("Organisation")),
        columns=columns,
        rows=tuple(rows),
        note=str(
            _(
                "Meetings and trainings held in the range and not cancelled; attended: at "
                "least one person of the organisation was recorded present. The rate counts "
                "the meetings the organisation was invited to."
            )
        ),
    )


def vacant_days(tenures, start: dt.date, end: dt.date) -> tuple[int, int]:
    """(days in start..end on which no tenure covers the position, the longest such run)."""
    if end < start:
        return 0, 0
    covered = sorted(
        (max(s, start), min(e or end, end))
        for s, e in tenures
        if s <= end and (e is None or e >= start)
    )
    gaps = []
    cursor = start
    for s, e in covered:
        if s > cursor:
            gaps.append((s - cursor).days)
        cursor = max(cursor, e + dt.timedelta(days=1))
    if cursor <= end:
        gaps.append((end - cursor).days + 1)
    return sum(gaps), max(gaps, default=0)


def vacancies(
    facts: MonitorFacts, date_from: dt.date, date_to: dt.date, today: dt.date
) -> ReportTable:
    """Days in the range (up to today) on which a position of the organisation had no
    holder. A position counts from its first holder's start if that lies in the range
    (before, it may not have existed); a position that never had a holder counts from the
    range's start."""
    end = min(date_to, today)
    per: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for position in facts.positions:
        if not _in_focus(facts.focus, position.organisation):
            continue
        first = min((s for s, _e in position.tenures), default=None)
        start = max(date_from, first) if first else date_from
        days, longest = vacant_days(position.tenures, start, end)
        current = any(s <= today and (e is None or e >= today) for s, e in position.tenures)
        cells = per[position.organisation]
        cells["positions"] += 1
        cells["with_vacancy"] += days > 0
        cells["days"] += days
        cells["longest"] = max(cells["longest"], longest)
        cells["vacant_today"] += not current
    columns = (
        Column("positions", str(_("Positions")), kind="plain"),
        Column("with_vacancy", str(_("Positions with a vacancy")), kind="plain"),
        Column("days", str(_("Vacancy days")), kind="plain"),
        Column("longest", str(_("Longest vacancy (days)")), kind="plain"),
        Column("vacant_today", str(_("Vacant today")), kind="plain"),
    )
    rows = [
        Row(str(o), label, {c.key: per[o].get(c.key, 0) for c in columns})
        for o, label in facts.organisations.items()
        if o in per
    ]
    return ReportTable(
        key="vacancies",
        title=str(_("Vacancy days per organisation")),
        row_heading=str(_("Organisation")),
        columns=columns,
        rows=tuple(rows),
        note=str(
            _(
                "Days in the range (up to today) on which an active position had no current "
                "holder, summed over the organisation's positions."
            )
        ),
    )


def collaboration(facts: MonitorFacts) -> ReportTable:
    """Who works with whom: per pair of organisations (either direction), the referrals,
    consultations and case conferences they shared in the range."""
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(a, b, kind):
        if a == b or not _in_focus(facts.focus, a, b):
            return
        counts[tuple(sorted((a, b)))][kind] += 1

    for record in facts.referrals:
        add(record.sender, record.receiver, "referrals")
    for record in facts.consultations:
        add(record.sender, record.receiver, "consultations")
    for event in facts.events:
        if event.kind == "conference":
            members = sorted(event.invited | event.attended)
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    add(a, b, "conferences")
    columns = (
        Column("referrals", str(_("Referrals"))),
        Column("consultations", str(_("Consultations"))),
        Column("conferences", str(_("Case conferences"))),
        Column("total", str(_("Total")), kind="total"),
    )
    label = facts.organisations
    pairs = sorted(counts, key=lambda p: (label.get(p[0], ""), label.get(p[1], "")))
    rows = []
    for a, b in pairs:
        cells = {c.key: counts[(a, b)].get(c.key, 0) for c in columns[:3]}
        cells["total"] = sum(cells.values())
        rows.append(Row(f"{a}-{b}", f"{label.get(a, '?')} – {label.get(b, '?')}", cells))
    return ReportTable(
        key="collaboration",
        title=str(_("Who works with whom")),
        row_heading=str(_("Organisations")),
        columns=columns,
        rows=tuple(rows),
        note=str(
            _(
                "Pairs of organisations, either direction: referrals and consultations between "
                "them, and case conferences both took part in (as owner of the case, chair or "
                "invited)."
            )
        ),
    )


def graph_parts(table: ReportTable, facts: MonitorFacts):
    """Nodes and edges for `charts.circular_layout` from the (possibly suppressed) pairs."""
    nodes = {}
    edges = []
    for row in table.rows:
        a, b = (int(part) for part in row.key.split("-"))
        for end in (a, b):
            nodes[end] = (end, facts.organisations.get(end, "?"), facts.kinds.get(end, "other"))
        edges.append((a, b, row.cells["total"], f"{row.label}: {row.cells['total']}"))
    return list(nodes.values()), edges
