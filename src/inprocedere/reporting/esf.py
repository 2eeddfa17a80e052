"""The ESF+ participant report (Reg. (EU) 2021/1057 Annex I, LAW.md §4).

The counting rules run in the database (`esf_sql`, docs/reporting.md): `build_report` asks
it once for the counts by gender and not-counted reason; the participants behind one
figure come from the same facts query, filtered by the figure's rule, when asked for
(`EsfReport.ids_for`, `EsfReport.ids_query`) — never all of them in memory.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction

from . import esf_sql
from .esf_codes import (
    CODES,
    EMPLOYED,
    EU_COUNTRIES,
    GENDER_LABELS,
    GENDERS,
    LABELS,
    OUTPUT_CODES,
    PLACEMENT_STATUS,
    REASON_LABELS,
    REASONS,
    RESULT_CODES,
    UNEMPLOYED,
    UPON_LEAVING_DAYS,
)

__all__ = [
    "CODES",
    "EMPLOYED",
    "EU_COUNTRIES",
    "GENDERS",
    "GENDER_LABELS",
    "LABELS",
    "OUTPUT_CODES",
    "PLACEMENT_STATUS",
    "REASONS",
    "REASON_LABELS",
    "RESULT_CODES",
    "UNEMPLOYED",
    "UPON_LEAVING_DAYS",
    "EsfReport",
    "Figure",
    "build_report",
]


@dataclass
class Figure:
    """One indicator's counts by gender."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GENDERS, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, gender: str) -> int:
        return self.counts[gender]

    def as_counts(self) -> dict[str, int]:
        return {"total": self.total, **{gender: self.count(gender) for gender in GENDERS}}


@dataclass
class EsfReport:
    date_from: dt.date
    date_to: dt.date
    scope: str
    indicators: dict[str, Figure]
    not_counted: dict[str, int]
    facts: esf_sql.FactsQuery

    def as_json(self) -> dict:
        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "scope": self.scope,
            "indicators": {code: self.indicators[code].as_counts() for code in CODES},
            "not_counted": {reason: self.not_counted[reason] for reason in REASONS},
        }

    def count_for(self, code: str, gender: str = "total") -> int:
        """How many people stand behind one figure (a code or a not-counted reason)."""
        if code in REASONS:
            return self.not_counted[code] if gender == "total" else 0
        figure = self.indicators[code]
        return figure.total if gender == "total" else figure.count(gender)

    def ids_query(self, code: str, gender: str = "total") -> tuple[str, list] | None:
        """The SQL selecting the ids behind one figure, in id order; None when nobody can be
        (the not-counted reasons are not split by gender)."""
        if code in REASONS and gender != "total":
            return None
        return esf_sql.ids_sql(self.facts, code, None if gender == "total" else gender)

    def ids_for(self, code: str, gender: str = "total", *, limit=None, offset=0) -> list[int]:
        """The participants behind one figure, a page of them when `limit` is given."""
        query = self.ids_query(code, gender)
        if query is None:
            return []
        sql, params = query
        if limit is not None:
            sql, params = f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset]
        with _cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]


@contextmanager
def _cursor():
    """A cursor for the facts query. On PostgreSQL without JIT compilation: the planner
    overestimates the statement (the activity join) and compiles it, which costs more
    than the whole run (0.4 s of 1.2 s at 20,000 participants, bench/reports.py)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield cursor


facts_cursor = _cursor  # for the statements that read the facts query (selectors.FigureIds)


def _counted(facts: esf_sql.FactsQuery):
    indicators = {code: Figure() for code in CODES}
    not_counted = dict.fromkeys(REASONS, 0)
    sql, params = esf_sql.counts_sql(facts, CODES)
    with _cursor() as cursor:
        cursor.execute(sql, params)
        for gender, reason, people, *by_code in cursor.fetchall():
            if reason is not None:
                not_counted[reason] += people
            elif gender in GENDERS:  # a counted person always has one (mandatory data)
                for code, count in zip(CODES, by_code, strict=True):
                    indicators[code].counts[gender] += int(count or 0)
    return indicators, not_counted


def build_report(
    *, date_from: dt.date, date_to: dt.date, scope, min_hours: int | None = None
) -> EsfReport:
    """The ESF report of `scope` (a `selectors.Scope`) for people entering or leaving
    between the two dates: one query for the counts."""
    from django.conf import settings

    if min_hours is None:
        min_hours = settings.INPROCEDERE_ESF_MIN_HOURS
    facts = esf_sql.facts_sql(scope, date_from, date_to, min_hours=min_hours)
    indicators, not_counted = _counted(facts)
    return EsfReport(date_from, date_to, scope.key, indicators, not_counted, facts)
