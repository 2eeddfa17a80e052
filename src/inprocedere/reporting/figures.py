"""Network figures: participants by stage, region, organisation, residence status and
benefit system month by month; referrals, placements and completed measures per month.

The database counts (`figures_sql`, `selectors_figures.figure_counts`; docs/reporting.md,
"Network figures", says how in words); this module lays the counts out as tables. The
participants behind a cell are asked for one cell at a time
(`selectors_figures.cell_participants`), never kept for the whole report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .tables import ReportTable, tally_table

STAGES = ("counselling", "measure", "placed", "left")
STAGE_LABELS = {
    "counselling": _("In counselling"),
    "measure": _("In a measure"),
    "placed": _("Placed"),
    "left": _("Left"),
}
STAGE_RANK = {"left": 0, "counselling": 1, "measure": 2, "placed": 3}
PEOPLE_FIGURES = ("stage", "region", "organisation", "residence", "benefit")
EVENT_FIGURES = ("referrals", "placements", "measures")
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


@dataclass
class FigureCounts:
    """What the database counted: per figure, {(month key, category): number}."""

    people: Mapping[str, Mapping[tuple[str, str], int]] = field(default_factory=dict)
    events: Mapping[str, Mapping[tuple[str, str], int]] = field(default_factory=dict)
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


def _with_none(labels: Mapping[str, str], used: set[str]) -> list[tuple[str, str]]:
    columns = [(key, str(label)) for key, label in labels.items()]
    if NONE in used and NONE not in labels:
        columns.append((NONE, str(_("None recorded"))))
    return columns


def _used(counts: Mapping[tuple[str, str], int]) -> set[str]:
    return {category for (_month, category), number in counts.items() if number}


def tables(counts: FigureCounts, *, date_from: dt.date, date_to: dt.date) -> list[ReportTable]:
    """Every figure over the months of the range, in the order of `FIGURES`."""
    rows = [(m.key, m.label) for m in months(date_from, date_to)]
    return people_tables(counts, rows) + event_tables(counts, rows)


IN_MONTH = _(
    "Everyone with a case in the scope that ran during the month, counted once, where "
    "they stood at the month's end."
)


def people_tables(counts: FigureCounts, rows) -> list[ReportTable]:
    """The figures about people: each person once a month, where they stood at its end."""
    people = {name: counts.people.get(name, {}) for name in PEOPLE_FIGURES}
    used_organisations = _used(people["organisation"])
    categories = {
        "stage": [(stage, str(STAGE_LABELS[stage])) for stage in STAGES],
        "region": _with_none(counts.regions, _used(people["region"])),
        "organisation": [
            (key, str(label))
            for key, label in counts.organisations.items()
            if key in used_organisations
        ],
        "residence": _with_none(counts.residence_kinds, _used(people["residence"])),
        "benefit": _with_none(counts.benefit_systems, _used(people["benefit"])),
    }
    titles = {
        "stage": (_("Participants by stage"), IN_MONTH),
        "region": (
            _("Participants by region"),
            _("The region of the case's sub-project; “None recorded”: no sub-project."),
        ),
        "organisation": (
            _("Participants by organisation"),
            _("The organisation that owns the case."),
        ),
        "residence": (
            _("Participants by residence status"),
            _("The residence status in force at the month's end."),
        ),
        "benefit": (
            _("Participants by benefit system"),
            _("The benefit period in force at the month's end."),
        ),
    }
    return [
        tally_table(
            key=name,
            title=str(titles[name][0]),
            row_heading=str(_("Month")),
            categories=categories[name],
            rows=rows,
            counts=people[name],
            total_label=str(_("Participants")),
            note=str(titles[name][1]),
        )
        for name in PEOPLE_FIGURES
    ]


def event_tables(counts: FigureCounts, rows) -> list[ReportTable]:
    """The figures about records: each referral, placement, completion in its month."""
    total = str(_("Total"))
    figures = {
        "referrals": (
            _("Referrals by outcome"),
            [(key, str(REFERRAL_LABELS[key])) for key in REFERRAL_OUTCOMES],
            str(_("Referrals sent")),
            _("Referrals sent in the month, by where they stand today."),
        ),
        "placements": (
            _("Placements by type"),
            [(key, str(label)) for key, label in counts.placement_types.items()],
            total,
            _("Placements starting in the month."),
        ),
        "measures": (
            _("Measures completed"),
            [(key, str(label)) for key, label in counts.measure_types.items()],
            total,
            _("Enrolments completed in the month, by the kind of measure."),
        ),
    }
    return [
        tally_table(
            key=name,
            title=str(title),
            row_heading=str(_("Month")),
            categories=categories,
            rows=rows,
            counts=counts.events.get(name, {}),
            total_label=total_label,
            total_row_label=str(_("Whole range")),
            note=str(note),
        )
        for name, (title, categories, total_label, note) in figures.items()
    ]
