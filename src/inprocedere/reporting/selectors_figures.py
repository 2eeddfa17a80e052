"""Reads for the network figures: counted in the database, in a fixed number of queries.

The figures about people come from `figures_sql` (one statement); the figures about
records (referrals, placements, completed enrolments) are a GROUP BY each. The participants
behind one cell come from the same statements filtered by the cell."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate, TruncMonth

from inprocedere.cases.models import Enrollment, Measure, Placement, Referral
from inprocedere.cases.workflows import EnrollmentState, ReferralState
from inprocedere.network.models import Organisation, Region
from inprocedere.participants.models import BenefitPeriod, ResidenceStatusType

from . import figures, figures_sql
from .figures import EVENT_FIGURES, NONE, PEOPLE_FIGURES, STAGES, FigureCounts, months
from .selectors import Scope

REFERRAL_OUTCOME = {
    ReferralState.SENT: "open",
    ReferralState.ACCEPTED: "accepted",
    ReferralState.INTAKE_DONE: "accepted",
    ReferralState.DECLINED: "declined",
    ReferralState.WITHDRAWN: "withdrawn",
}


def scope_referrals(scope: Scope):
    """Referrals of a scope: those whose case lies in it; before intake (no case yet),
    those sent to or by the organisation, to an organisation serving the region, or to
    the sub-project's organisation."""
    without_case = Q()
    if scope.organisation:
        without_case &= Q(to_organisation=scope.organisation) | Q(
            from_position__organisation=scope.organisation
        )
    if scope.region:
        without_case &= Q(to_organisation__regions=scope.region) | Q(
            to_organisation__subprojects__region=scope.region
        )
    if scope.subproject:
        without_case &= Q(to_organisation_id=scope.subproject.organisation_id)
    in_scope = Q(case__in=scope.cases()) | (Q(case__isnull=True) & without_case)
    ids = Referral.unrestricted.filter(in_scope).values("pk")
    return Referral.unrestricted.filter(pk__in=ids)


def figure_counts(scope: Scope, date_from: dt.date, date_to: dt.date) -> FigureCounts:
    """Every figure's counts over the range: six queries, whatever the size."""
    counts = _labels()
    counts.people = _people_counts(scope, date_from, date_to)
    counts.events = {name: _event_counts(name, scope, date_from, date_to) for name in EVENT_FIGURES}
    return counts


def _labels() -> FigureCounts:
    """No counts yet, the columns' labels: two queries."""
    return FigureCounts(
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


def cell_caption(
    date_from: dt.date, date_to: dt.date, figure: str, row: str, column: str
) -> tuple[str, str, str] | None:
    """(figure title, row label, column label) of a cell any range and scope may have, or
    None: without counting (the tables are laid out with every column a scope could show,
    from counts of one in a month outside the range)."""
    counts = _labels()
    every = {
        "stage": STAGES,
        "region": [*counts.regions, NONE],
        "organisation": list(counts.organisations),
        "residence": [*counts.residence_kinds, NONE],
        "benefit": [*counts.benefit_systems, NONE],
    }
    counts.people = {name: {("", key): 1 for key in keys} for name, keys in every.items()}
    table = next(
        t for t in figures.tables(counts, date_from=date_from, date_to=date_to) if t.key == figure
    )
    column_label = next((c.label for c in table.columns if c.key == column), None)
    row_label = next((r.label for r in table.rows if r.key == row), None)
    if column_label is None or row_label is None:
        return None
    return str(table.title), str(row_label), str(column_label)


def _people_counts(scope, date_from, date_to) -> dict[str, dict[tuple[str, str], int]]:
    counts: dict[str, dict] = {name: defaultdict(int) for name in PEOPLE_FIGURES}
    sql, params, keys = figures_sql.counts_sql(scope, date_from, date_to)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for index, rank, region, organisation, residence, benefit, number in cursor.fetchall():
            month = keys[index]
            counts["stage"][(month, figures_sql.RANK_STAGE[rank])] += number
            counts["region"][(month, str(region) if region else NONE)] += number
            counts["organisation"][(month, str(organisation))] += number
            counts["residence"][(month, residence)] += number
            counts["benefit"][(month, benefit)] += number
    return {name: dict(cells) for name, cells in counts.items()}


def _events(name: str, scope: Scope, date_from: dt.date, date_to: dt.date):
    """The records of an event figure in the range, with `day` (the local date that puts
    them in a month) and `category` (the column) annotated."""
    in_scope = scope.cases().values("pk")
    if name == "referrals":
        return (
            scope_referrals(scope)
            .annotate(day=TruncDate("created_at"), category=F("state"), person=F("participant_id"))
            .filter(day__range=(date_from, date_to))
        )
    if name == "placements":
        return Placement.objects.filter(
            case_id__in=in_scope, starts_on__range=(date_from, date_to)
        ).annotate(day=F("starts_on"), category=F("type"), person=F("case__participant_id"))
    return Enrollment.objects.filter(
        case_id__in=in_scope,
        state=EnrollmentState.COMPLETED,
        ended_on__range=(date_from, date_to),
    ).annotate(day=F("ended_on"), category=F("measure__type"), person=F("case__participant_id"))


def _event_counts(name, scope, date_from, date_to) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    rows = (
        _events(name, scope, date_from, date_to)
        .annotate(month=TruncMonth("day"))
        .order_by()
        .values_list("month", "category")
        .annotate(number=Count("pk"))
    )
    for month, category, number in rows:
        if name == "referrals":
            category = REFERRAL_OUTCOME.get(category, "open")
        counts[(f"{month.year}-{month.month:02d}", category)] += number
    return dict(counts)


def cell_participants(
    scope: Scope, date_from: dt.date, date_to: dt.date, figure: str, row: str, column: str
) -> list[int]:
    """The participants behind one cell (row: a month key or "total"; column: a category
    or "total"), each once, in id order; one query."""
    category = None if column == "total" else column
    if figure in PEOPLE_FIGURES:
        sql, params = figures_sql.ids_sql(scope, date_from, date_to, figure, row, category)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [pid for (pid,) in cursor.fetchall()]
    records = _events(figure, scope, date_from, date_to)
    if row != "total":
        month = next((m for m in months(date_from, date_to) if m.key == row), None)
        if month is None:
            return []
        records = records.filter(day__range=(month.start, month.end))
    if figure == "referrals" and category is not None:
        states = [s for s in ReferralState.values if REFERRAL_OUTCOME.get(s, "open") == category]
        records = records.filter(category__in=states)
    elif category is not None:
        records = records.filter(category=category)
    elif figure != "referrals":  # the total counts the columns shown, the known kinds
        kinds = Placement.Type if figure == "placements" else Measure.Type
        records = records.filter(category__in=kinds.values)
    return list(records.order_by("person").values_list("person", flat=True).distinct())
