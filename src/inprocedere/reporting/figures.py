"""Network figures: participants by stage, region, organisation, residence status and
benefit system month by month; referrals, placements and completed measures per month.

As with the ESF report, `selectors_figures.figure_facts` reads a scope's records once into
the plain records below, and `compute` counts them in Python (docs/reporting.md,
"Network figures", says how in words). Every cell keeps the participants behind it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .tables import ReportTable, count_table

STAGES = ("counselling", "measure", "placed", "left")
STAGE_LABELS = {
    "counselling": _("In counselling"),
    "measure": _("In a measure"),
    "placed": _("Placed"),
    "left": _("Left"),
}
STAGE_RANK = {"left": 0, "counselling": 1, "measure": 2, "placed": 3}
REFERRAL_OUTCOMES = ("open", "accepted", "declined", "withdrawn")
REFERRAL_LABELS = {
    "open": _("Not yet answered"),
    "accepted": _("Accepted"),
    "declined": _("Declined"),
    "withdrawn": _("Withdrawn"),
}
NONE = "none"
MAX_MONTHS = 60

FIGURES = (
    "stage",
    "region",
    "organisation",
    "residence",
    "benefit",
    "referrals",
    "placements",
    "measures",
)


@dataclass(frozen=True)
class CaseSpan:
    """One case of the scope: when it ran and what happened in it."""

    case_id: int
    participant_id: int
    organisation_id: int
    region_id: int | None
    opened_on: dt.date
    ended_on: dt.date | None = None  # the exit date, or the day a case was closed without one
    exited: bool = False
    placements: tuple[tuple[dt.date, dt.date | None], ...] = ()
    enrolments: tuple[tuple[dt.date, dt.date | None], ...] = ()

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return self.opened_on <= end and (self.ended_on is None or self.ended_on >= start)

    def stage_on(self, day: dt.date) -> str:
        if self.ended_on is not None and self.ended_on <= day:
            return "left"
        if any(s <= day and (e is None or e >= day) for s, e in self.placements):
            return "placed"
        if any(s <= day and (e is None or e >= day) for s, e in self.enrolments):
            return "measure"
        return "counselling"


@dataclass(frozen=True)
class Period:
    """A residence status or benefit period of a participant: a value for a time."""

    value: str
    valid_from: dt.date
    valid_until: dt.date | None = None

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


@dataclass(frozen=True)
class Event:
    """A dated record of the scope: a referral, a placement, a completed enrolment."""

    day: dt.date
    category: str
    participant_id: int


@dataclass
class FigureFacts:
    cases: Sequence[CaseSpan] = ()
    residence: Mapping[int, Sequence[Period]] = field(default_factory=dict)
    benefits: Mapping[int, Sequence[Period]] = field(default_factory=dict)
    referrals: Sequence[Event] = ()
    placements: Sequence[Event] = ()
    completions: Sequence[Event] = ()
    # labels: {key: label} in the order the columns should have
    regions: Mapping[str, str] = field(default_factory=dict)
    organisations: Mapping[str, str] = field(default_factory=dict)
    residence_kinds: Mapping[str, str] = field(default_factory=dict)
    benefit_systems: Mapping[str, str] = field(default_factory=dict)
    placement_types: Mapping[str, str] = field(default_factory=dict)
    measure_types: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Month:
    key: str  # 2024-03
    label: str  # 03/2024
    start: dt.date  # the first day in the range
    end: dt.date  # the last day in the range: the day figures "at the month's end" look at


def months(date_from: dt.date, date_to: dt.date) -> list[Month]:
    result = []
    year, month = date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        result.append(
            Month(
                key=f"{year}-{month:02d}",
                label=f"{month:02d}/{year}",
                start=max(first, date_from),
                end=min(following - dt.timedelta(days=1), date_to),
            )
        )
        year, month = following.year, following.month
    return result


def _current(periods: Sequence[Period], day: dt.date) -> str:
    """The value in force on `day`; the latest start wins when several overlap."""
    in_force = [p for p in periods if p.in_force(day)]
    if not in_force:
        return NONE
    return max(in_force, key=lambda p: (p.valid_from, p.value)).value


def _with_none(labels: Mapping[str, str], used: set[str]) -> list[tuple[str, str]]:
    columns = [(key, str(label)) for key, label in labels.items()]
    if NONE in used and NONE not in labels:
        columns.append((NONE, str(_("None recorded"))))
    return columns


def compute(facts: FigureFacts, *, date_from: dt.date, date_to: dt.date) -> list[ReportTable]:
    """Every figure over the months of the range, in the order of `FIGURES`."""
    the_months = months(date_from, date_to)
    rows = [(m.key, m.label) for m in the_months]
    by_person: dict[int, list[CaseSpan]] = defaultdict(list)
    for case in facts.cases:
        by_person[case.participant_id].append(case)

    people: dict[str, dict] = {name: defaultdict(list) for name in FIGURES[:5]}
    for month in the_months:
        for participant_id, cases in by_person.items():
            running = [c for c in cases if c.overlaps(month.start, month.end)]
            if not running:
                continue
            # The case furthest on decides (placed > in a measure > counselling > left);
            # among equals the one opened last.
            case = max(
                running,
                key=lambda c: (STAGE_RANK[c.stage_on(month.end)], c.opened_on, c.case_id),
            )
            stage = case.stage_on(month.end)
            region = str(case.region_id) if case.region_id else NONE
            residence = _current(facts.residence.get(participant_id, ()), month.end)
            benefit = _current(facts.benefits.get(participant_id, ()), month.end)
            people["stage"][(month.key, stage)].append(participant_id)
            people["region"][(month.key, region)].append(participant_id)
            people["organisation"][(month.key, str(case.organisation_id))].append(participant_id)
            people["residence"][(month.key, residence)].append(participant_id)
            people["benefit"][(month.key, benefit)].append(participant_id)

    def used(name):
        return {category for _month, category in people[name]}

    month_heading = str(_("Month"))
    participants = str(_("Participants"))
    in_month = _(
        "Everyone with a case in the scope that ran during the month, counted once, where "
        "they stood at the month's end."
    )
    tables = [
        count_table(
            key="stage",
            title=str(_("Participants by stage")),
            row_heading=month_heading,
            categories=[(stage, str(STAGE_LABELS[stage])) for stage in STAGES],
            rows=rows,
            ids=people["stage"],
            total_label=participants,
            note=str(in_month),
        ),
        count_table(
            key="region",
            title=str(_("Participants by region")),
            row_heading=month_heading,
            categories=_with_none(facts.regions, used("region")),
            rows=rows,
            ids=people["region"],
            total_label=participants,
            note=str(_("The region of the case's sub-project; “None recorded”: no sub-project.")),
        ),
        count_table(
            key="organisation",
            title=str(_("Participants by organisation")),
            row_heading=month_heading,
            categories=[
                (key, str(label))
                for key, label in facts.organisations.items()
                if key in used("organisation")
            ],
            rows=rows,
            ids=people["organisation"],
            total_label=participants,
            note=str(_("The organisation that owns the case.")),
        ),
        count_table(
            key="residence",
            title=str(_("Participants by residence status")),
            row_heading=month_heading,
            categories=_with_none(facts.residence_kinds, used("residence")),
            rows=rows,
            ids=people["residence"],
            total_label=participants,
            note=str(_("The residence status in force at the month's end.")),
        ),
        count_table(
            key="benefit",
            title=str(_("Participants by benefit system")),
            row_heading=month_heading,
            categories=_with_none(facts.benefit_systems, used("benefit")),
            rows=rows,
            ids=people["benefit"],
            total_label=participants,
            note=str(_("The benefit period in force at the month's end.")),
        ),
    ]

    def events(records: Sequence[Event]) -> dict:
        cells: dict = defaultdict(list)
        for record in records:
            if date_from <= record.day <= date_to:
                cells[(f"{record.day.year}-{record.day.month:02d}", record.category)].append(
                    record.participant_id
                )
        return cells

    total = str(_("Total"))
    everything = str(_("Whole range"))
    tables += [
        count_table(
            key="referrals",
            title=str(_("Referrals by outcome")),
            row_heading=month_heading,
            categories=[(key, str(REFERRAL_LABELS[key])) for key in REFERRAL_OUTCOMES],
            rows=rows,
            ids=events(facts.referrals),
            total_label=str(_("Referrals sent")),
            total_row_label=everything,
            note=str(_("Referrals sent in the month, by where they stand today.")),
        ),
        count_table(
            key="placements",
            title=str(_("Placements by type")),
            row_heading=month_heading,
            categories=[(key, str(label)) for key, label in facts.placement_types.items()],
            rows=rows,
            ids=events(facts.placements),
            total_label=total,
            total_row_label=everything,
            note=str(_("Placements starting in the month.")),
        ),
        count_table(
            key="measures",
            title=str(_("Measures completed")),
            row_heading=month_heading,
            categories=[(key, str(label)) for key, label in facts.measure_types.items()],
            rows=rows,
            ids=events(facts.completions),
            total_label=total,
            total_row_label=everything,
            note=str(_("Enrolments completed in the month, by the kind of measure.")),
        ),
    ]
    return tables
