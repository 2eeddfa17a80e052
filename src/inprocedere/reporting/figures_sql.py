"""The network figures about people as one SQL statement (issue 12 §2; rules in
docs/reporting.md, "Network figures").

`people_sql` builds a `WITH … people` chain that yields, for every month of the range and
every participant with a case in the scope running during it, the one row the figures
read: the stage at the month's end of the case furthest on (placed > in a measure >
counselling > left; among equals the one opened last), that case's region and
organisation, the residence status and benefit period in force at the month's end.
The counts are one GROUP BY over it; the participants behind a cell are the same rows
filtered by the cell, so a figure and its list cannot disagree, and neither loads a case
into Python.

Portable between PostgreSQL and SQLite as in `esf_sql` (decision 0013): the scope's
filters, the local day a case was opened or closed and the sources' managers are compiled
by the ORM into the first CTEs; the rest is plain SQL both understand (window functions
included). Decision 0015 says why hand-written SQL.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Case as When_
from django.db.models import DateField, F, Q, When
from django.db.models.functions import Coalesce, Least, TruncDate

from inprocedere.cases.models import Enrollment, Placement
from inprocedere.cases.workflows import CaseStatus, EnrollmentState
from inprocedere.participants.models import BenefitPeriod, ResidenceStatus

from .figures import NONE, months

# The stage a case is in at a day, as a rank: the case furthest on decides.
RANK_STAGE = {0: "left", 1: "counselling", 2: "measure", 3: "placed"}
STAGE_RANK_SQL = {stage: rank for rank, stage in RANK_STAGE.items()}
# The column of `people` each figure about people counts by.
COLUMN = {
    "stage": "rank",
    "region": "region",
    "organisation": "org",
    "residence": "residence",
    "benefit": "benefit",
}


def _compiled(queryset) -> tuple[str, list]:
    sql, params = queryset.order_by().query.sql_with_params()
    return sql, list(params)


def _cases(scope, date_to: dt.date) -> tuple[str, list]:
    """The scope's cases opened by the range's end: when each ran, local days."""
    opened = TruncDate("opened_at")
    closed = When_(
        When(status=CaseStatus.CLOSED, then=TruncDate("updated_at")), output_field=DateField()
    )
    return _compiled(
        scope.cases()
        .filter(Q(opened_at__date__lte=date_to) | Q(esf_entry_date__lte=date_to))
        .values(
            "id",
            pid=F("participant_id"),
            org=F("owner_organisation_id"),
            region=F("subproject__region_id"),
            # A case recorded after the person entered runs from the entry date.
            opened_on=Least(opened, Coalesce("esf_entry_date", opened)),
            # Closed without an exit (a handover): it ran until it was closed.
            ended_on=Coalesce("exit__exit_date", closed),
        )
    )


def _sources() -> list[tuple[str, tuple[str, list]]]:
    """Placements, enrolments begun, residence statuses and benefit periods as CTEs."""
    return [
        ("placements_", _compiled(Placement.objects.values("case_id", "starts_on", "ends_on"))),
        (
            "enrolments_",
            _compiled(
                Enrollment.objects.filter(started_on__isnull=False)
                .exclude(state=EnrollmentState.PLANNED)
                .values("case_id", starts_on=F("started_on"), ends_on=F("ended_on"))
            ),
        ),
        (
            "residence_",
            _compiled(
                ResidenceStatus.objects.values(
                    "valid_from",
                    "valid_until",
                    pid=F("participant_id"),
                    value=F("status_type__kind"),
                )
            ),
        ),
        (
            "benefits_",
            _compiled(
                BenefitPeriod.objects.values(
                    "valid_from", "valid_until", pid=F("participant_id"), value=F("system")
                )
            ),
        ),
    ]


def _months(date_from: dt.date, date_to: dt.date) -> tuple[str, list]:
    """The range's months as a VALUES list: number (the joins and sorts compare integers,
    not text), first and last day within the range."""
    day = "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"
    rows, params = [], []
    for number, month in enumerate(months(date_from, date_to)):
        rows.append(f"({number}, {day}, {day})")
        params += [month.start.isoformat(), month.end.isoformat()]
    return "VALUES " + ", ".join(rows), params


def _in_force(source: str) -> str:
    """The value of `source` in force at the month's end (`c.m_end`) for the person
    (`c.pid`): the latest start wins, then the greater value (as Python compares text).
    One index probe per person and month, no sort of every period of every month."""
    collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    return f"""COALESCE((
        SELECT s.value FROM {source} s
        WHERE s.pid = c.pid AND s.valid_from <= c.m_end
          AND (s.valid_until IS NULL OR s.valid_until >= c.m_end)
        ORDER BY s.valid_from DESC, s.value{collate} DESC LIMIT 1
    ), '{NONE}')"""


def _at_months_end(source: str) -> str:
    """(month, case) pairs whose placement or enrolment runs at the month's end."""
    return f"""
    SELECT DISTINCT m.mno, s.case_id
    FROM months m JOIN {source} s
      ON s.starts_on <= m.m_end AND (s.ends_on IS NULL OR s.ends_on >= m.m_end)
    WHERE s.case_id IN (SELECT id FROM cases_)"""


PEOPLE = f"""
running AS (
    SELECT m.mno, m.m_end, c.id, c.pid, c.org, c.region, c.opened_on,
           CASE WHEN c.ended_on IS NOT NULL AND c.ended_on <= m.m_end THEN 1 ELSE 0 END AS ended
    FROM months m JOIN cases_ c
      ON c.opened_on <= m.m_end AND (c.ended_on IS NULL OR c.ended_on >= m.m_start)
),
placed AS ({_at_months_end("placements_")}),
measured AS ({_at_months_end("enrolments_")}),
ranked AS (
    SELECT r.mno, r.m_end, r.id, r.pid, r.org, r.region, r.opened_on,
           CASE WHEN r.ended = 1 THEN 0 WHEN p.case_id IS NOT NULL THEN 3
                WHEN e.case_id IS NOT NULL THEN 2 ELSE 1 END AS rank
    FROM running r
    LEFT JOIN placed p ON p.mno = r.mno AND p.case_id = r.id
    LEFT JOIN measured e ON e.mno = r.mno AND e.case_id = r.id
),
chosen AS (
    SELECT ranked.*, ROW_NUMBER() OVER (
        PARTITION BY mno, pid ORDER BY rank DESC, opened_on DESC, id DESC
    ) AS n
    FROM ranked
),
people AS (
    SELECT c.mno, c.pid, c.rank, c.org, c.region,
           {_in_force("residence_")} AS residence,
           {_in_force("benefits_")} AS benefit
    FROM chosen c
    WHERE c.n = 1
)"""


def people_sql(scope, date_from: dt.date, date_to: dt.date) -> tuple[str, list]:
    """The `WITH … people AS (…)` prefix and its parameters; select from `people` after it."""
    months_sql, params = _months(date_from, date_to)
    parts = [f"months(mno, m_start, m_end) AS ({months_sql})"]
    cases_sql, cases_params = _cases(scope, date_to)
    parts.append(f"cases_ AS ({cases_sql})")
    params += cases_params
    for name, (sql, source_params) in _sources():
        parts.append(f"{name} AS ({sql})")
        params += source_params
    return "WITH " + ",\n".join([*parts, PEOPLE]), params


def counts_sql(scope, date_from: dt.date, date_to: dt.date) -> tuple[str, list, list[str]]:
    """One row per (month number, stage rank, region, organisation, residence, benefit)
    found, with the number of people; and the month keys by number."""
    prefix, params = people_sql(scope, date_from, date_to)
    columns = "mno, rank, region, org, residence, benefit"
    keys = [month.key for month in months(date_from, date_to)]
    return f"{prefix}\nSELECT {columns}, COUNT(*) FROM people GROUP BY {columns}", params, keys


def ids_sql(
    scope, date_from: dt.date, date_to: dt.date, figure: str, month: str, category: str | None
) -> tuple[str, list]:
    """The participants of one cell: a month and a category of `figure` (None: the total)."""
    prefix, params = people_sql(scope, date_from, date_to)
    numbers = {m.key: n for n, m in enumerate(months(date_from, date_to))}
    where, extra = ["mno = %s"], [numbers.get(month, -1)]
    if category is not None:
        column = COLUMN[figure]
        if figure == "stage":
            where.append("rank = %s")
            extra.append(STAGE_RANK_SQL.get(category, -1))
        elif figure == "region" and category == NONE:
            where.append("region IS NULL")
        elif figure in ("region", "organisation"):
            where.append(f"{column} = %s")
            extra.append(int(category) if category.isdigit() else -1)
        else:
            where.append(f"{column} = %s")
            extra.append(category)
    sql = f"{prefix}\nSELECT pid FROM people WHERE {' AND '.join(where)} ORDER BY pid"
    return sql, params + extra
