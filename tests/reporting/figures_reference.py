"""The network figures as they were counted in Python before issue 12 item 2 (plain
records, no SQL aggregation).

Kept as the oracle the set-based SQL (`reporting.figures_sql`, `selectors_figures`) is
tested against: tests/reporting/test_figures.py pins the rules on hand-made records, and
test_figures_oracle.py compares both engines over generated registers. Not used by the
application.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inprocedere.cases.models import Enrollment, Measure, Placement
from inprocedere.cases.workflows import CaseStatus, EnrollmentState
from inprocedere.network.models import Organisation, Region
from inprocedere.participants.models import BenefitPeriod, ResidenceStatus, ResidenceStatusType
from inprocedere.reporting.figures import (
    FIGURES,
    NONE,
    REFERRAL_LABELS,
    REFERRAL_OUTCOMES,
    STAGE_LABELS,
    STAGE_RANK,
    STAGES,
    months,
)
from inprocedere.reporting.selectors import Scope
from inprocedere.reporting.selectors_figures import REFERRAL_OUTCOME, scope_referrals
from inprocedere.reporting.tables import ReportTable, count_table


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


def figure_facts(scope: Scope, date_from: dt.date, date_to: dt.date) -> FigureFacts:
    """Everything the figures need over the range: ten queries, whatever the size."""
    tz = timezone.get_current_timezone()
    cases = scope.cases().filter(Q(opened_at__date__lte=date_to) | Q(esf_entry_date__lte=date_to))
    rows = list(
        cases.values_list(
            "pk",
            "participant_id",
            "owner_organisation_id",
            "subproject__region_id",
            "opened_at",
            "status",
            "updated_at",
            "exit__exit_date",
            "esf_entry_date",
        )
    )
    placements: dict[int, list] = {}
    for case_id, starts_on, ends_on in Placement.objects.filter(
        case_id__in=cases.values("pk")
    ).values_list("case_id", "starts_on", "ends_on"):
        placements.setdefault(case_id, []).append((starts_on, ends_on))
    enrolments: dict[int, list] = {}
    for case_id, started_on, ended_on in (
        Enrollment.objects.filter(case_id__in=cases.values("pk"), started_on__isnull=False)
        .exclude(state=EnrollmentState.PLANNED)
        .values_list("case_id", "started_on", "ended_on")
    ):
        enrolments.setdefault(case_id, []).append((started_on, ended_on))
    spans = []
    for (
        pk,
        participant_id,
        organisation_id,
        region_id,
        opened_at,
        status,
        updated_at,
        exit_on,
        entry,
    ) in rows:
        ended_on = exit_on
        if ended_on is None and status == CaseStatus.CLOSED:
            # Closed without an exit (a handover): it ran until it was closed.
            ended_on = updated_at.astimezone(tz).date()
        spans.append(
            CaseSpan(
                case_id=pk,
                participant_id=participant_id,
                organisation_id=organisation_id,
                region_id=region_id,
                # A case recorded after the person entered runs from the entry date.
                opened_on=min(filter(None, (opened_at.astimezone(tz).date(), entry))),
                ended_on=ended_on,
                exited=exit_on is not None,
                placements=tuple(placements.get(pk, ())),
                enrolments=tuple(enrolments.get(pk, ())),
            )
        )
    residence: dict[int, list[Period]] = {}
    for participant_id, kind, valid_from, valid_until in ResidenceStatus.objects.filter(
        participant_id__in=cases.values("participant_id")
    ).values_list("participant_id", "status_type__kind", "valid_from", "valid_until"):
        residence.setdefault(participant_id, []).append(Period(kind, valid_from, valid_until))
    benefits: dict[int, list[Period]] = {}
    for participant_id, system, valid_from, valid_until in BenefitPeriod.objects.filter(
        participant_id__in=cases.values("participant_id")
    ).values_list("participant_id", "system", "valid_from", "valid_until"):
        benefits.setdefault(participant_id, []).append(Period(system, valid_from, valid_until))
    referrals = [
        Event(created_at.astimezone(tz).date(), REFERRAL_OUTCOME.get(state, "open"), participant_id)
        for created_at, state, participant_id in scope_referrals(scope)
        .filter(created_at__date__range=(date_from, date_to))
        .values_list("created_at", "state", "participant_id")
    ]
    in_scope = scope.cases().values("pk")
    placed = [
        Event(starts_on, kind, participant_id)
        for starts_on, kind, participant_id in Placement.objects.filter(
            case_id__in=in_scope, starts_on__range=(date_from, date_to)
        ).values_list("starts_on", "type", "case__participant_id")
    ]
    completions = [
        Event(ended_on, kind, participant_id)
        for ended_on, kind, participant_id in Enrollment.objects.filter(
            case_id__in=in_scope,
            state=EnrollmentState.COMPLETED,
            ended_on__range=(date_from, date_to),
        ).values_list("ended_on", "measure__type", "case__participant_id")
    ]
    return FigureFacts(
        cases=spans,
        residence=residence,
        benefits=benefits,
        referrals=referrals,
        placements=placed,
        completions=completions,
        regions={str(pk): name for pk, name in Region.objects.values_list("pk", "name")},
        organisations={
            str(pk): short or name
            for pk, short, name in Organisation.objects.values_list("pk", "short_name", "name")
        },
        residence_kinds=dict(ResidenceStatusType.Kind.choices),
        benefit_systems=dict(BenefitPeriod.System.choices),
        placement_types=dict(Placement.Type.choices),
        measure_types=dict(Measure.Type.choices),
    )
