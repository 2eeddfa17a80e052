"""The ESF+ counting rules as one SQL statement (issue 12 §1; rules in docs/reporting.md).

`facts_sql` builds a `WITH … facts` chain that yields one row per person in the report —
the first entry's data, the last entry's exit and follow-up, the summed minutes, the
consent check, the status upon leaving — and the reason they are not counted, if any.
`RULES` says in SQL which facts row falls under which indicator. The counts are one
GROUP BY over the facts; the participants behind a figure are the same facts filtered by
the same rule, so the two can never disagree, and neither loads a case into Python.

Portable between PostgreSQL and SQLite: the parts that differ between them (the scope's
filters, the local date a case was opened, date arithmetic, date parts) are compiled by
the ORM into the first CTEs; the rest is plain SQL both understand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import DateField, ExpressionWrapper, F
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, TruncDate

from inprocedere.cases.models import Activity, Enrollment, Exit, FollowUp, Placement
from inprocedere.cases.workflows import EnrollmentState
from inprocedere.participants.models import Participant
from inprocedere.privacy.models import Consent, Purpose

from .esf_codes import (
    EMPLOYED,
    EU_COUNTRIES,
    GENDERS,
    PLACEMENT_STATUS,
    UNEMPLOYED,
    UPON_LEAVING_DAYS,
)

# Which counted person falls under which indicator. Output indicators look at people whose
# first entry lies in the range (`enters`), result indicators at those whose last exit
# does (`leaves`); `age_key` is the entry date minus the birth date as YYYYMMDD numbers,
# so "at least N years old" is `age_key >= N * 10000` (docs/reporting.md).
OUTPUT_RULES = {
    "EECO01": "1 = 1",
    "EECO02": "status IN {unemployed}",
    "EECO03": "status = 'long_term_unemployed'",
    "EECO04": "status = 'inactive'",
    "EECO05": "status IN {employed}",
    "EECO06": "age_key < 180000",
    "EECO07": "age_key >= 180000 AND age_key < 300000",
    "EECO08": "age_key >= 550000",
    "EECO09": "isced <= 2",
    "EECO10": "isced > 2 AND isced <= 4",
    "EECO11": "isced > 4",
    "EECO12": "disability = 'yes'",
    "EECO13": "third_country = 1",
    "EECO14": "foreign_background = 'yes'",
    "EECO15": "minority = 'yes'",
    "EECO16": "homeless = 1",
    "EECO17": "rural = 1",
}
RESULT_RULES = {
    "EECR01": "upon = 'job_searching'",
    "EECR02": "upon = 'education_training'",
    "EECR03": "qualified = 1",
    "EECR04": "upon IN {employed}",
    "EECR05": "follow_up_status IN {employed}",
    "EECR06": "improved = 1",
}


def _in(values) -> str:
    return "(" + ", ".join(f"'{value}'" for value in sorted(values)) + ")"


_SETS = {"unemployed": _in(UNEMPLOYED), "employed": _in(EMPLOYED)}
RULES = {
    **{code: f"reason IS NULL AND enters = 1 AND {rule}" for code, rule in OUTPUT_RULES.items()},
    **{code: f"reason IS NULL AND leaves = 1 AND {rule}" for code, rule in RESULT_RULES.items()},
}
RULES = {code: rule.format(**_SETS) for code, rule in RULES.items()}


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _compiled(queryset) -> tuple[str, list]:
    sql, params = queryset.order_by().query.sql_with_params()
    return sql, list(params)


@dataclass(frozen=True)
class FactsQuery:
    """The `WITH … facts AS (…)` prefix and its parameters; select from `facts` after it."""

    sql: str
    params: list


def _scope_cases(scope) -> tuple[str, list]:
    """The scope's cases with what the rules read; date parts compiled for the backend."""
    return _compiled(
        scope.cases().values(
            "id",
            pid=F("participant_id"),
            entry=F("esf_entry_date"),
            entry_key=ExtractYear("esf_entry_date") * 10000
            + ExtractMonth("esf_entry_date") * 100
            + ExtractDay("esf_entry_date"),
            opened_on=TruncDate("opened_at"),
            entry_status=F("employment_status_at_entry"),
            entry_isced=F("isced_at_entry"),
            flag_homeless=F("homeless"),
            flag_rural=F("rural"),
        )
    )


def _exits() -> tuple[str, list]:
    deadline = ExpressionWrapper(
        F("exit_date") + dt.timedelta(days=UPON_LEAVING_DAYS), output_field=DateField()
    )
    return _compiled(
        Exit.objects.values(
            "case_id",
            "exit_date",
            "status_upon_leaving",
            "qualification_gained",
            deadline=deadline,
        )
    )


def _consents() -> tuple[str, list]:
    return _compiled(
        Consent.unrestricted.for_purpose(Purpose.ESF_MONITORING).values(
            "participant_id", "signed_on", "valid_until", "withdrawn_on"
        )
    )


def _placement_case() -> str:
    return (
        "CASE pl.type "
        + " ".join(f"WHEN '{kind}' THEN '{status}'" for kind, status in PLACEMENT_STATUS.items())
        + " END"
    )


def _third_country() -> str:
    """No EU member state among the comma-separated citizenships (stateless included)."""
    tests = " OR ".join(
        f"(',' || COALESCE(p.citizenships, '') || ',') LIKE '%%,{code},%%'"
        for code in sorted(EU_COUNTRIES)
    )
    return f"CASE WHEN {tests} THEN 0 ELSE 1 END"


_BORN_KEY = (
    "CAST(SUBSTR(p.birth_date, 1, 4) AS INTEGER) * 10000"
    " + CASE WHEN LENGTH(p.birth_date) >= 7 THEN CAST(SUBSTR(p.birth_date, 6, 2) AS INTEGER)"
    " ELSE 1 END * 100"
    " + CASE WHEN LENGTH(p.birth_date) >= 10 THEN CAST(SUBSTR(p.birth_date, 9, 2) AS INTEGER)"
    " ELSE 1 END"
)


# One row per person: `rel` finds who is in the report, `pc` ranks their cases in the
# scope (first and last entry), `person` takes the entry data from the first and the exit
# and follow-up from the last, `judged` applies who counts (`consented`: the ESF consent
# on the reference day), `facts` adds the results (`placed`: the latest placement within
# 28 days after the exit; `enrolled`: a completed enrolment with a qualification).
# Joins and window functions only, no correlated subquery: each step is one pass.
_FACTS = """
WITH sc AS ({cases}),
ex AS ({exits}),
cs AS ({consents}),
rel AS (
    SELECT DISTINCT sc.pid FROM sc LEFT JOIN ex ON ex.case_id = sc.id
    WHERE sc.entry BETWEEN %s AND %s OR ex.exit_date BETWEEN %s AND %s
       OR (sc.entry IS NULL AND sc.opened_on BETWEEN %s AND %s)
),
pc AS (
    SELECT sc.*,
        ROW_NUMBER() OVER (PARTITION BY sc.pid ORDER BY
            CASE WHEN sc.entry IS NULL THEN 1 ELSE 0 END, sc.entry, sc.id) AS first_rank,
        ROW_NUMBER() OVER (PARTITION BY sc.pid ORDER BY
            CASE WHEN sc.entry IS NULL THEN 1 ELSE 0 END, sc.entry DESC, sc.id DESC) AS last_rank,
        MIN(sc.opened_on) OVER (PARTITION BY sc.pid) AS first_opened
    FROM sc JOIN rel ON rel.pid = sc.pid
),
mins AS (
    SELECT pc.pid, SUM(a.duration_minutes) AS minutes
    FROM pc JOIN {activity} a ON a.case_id = pc.id GROUP BY pc.pid
),
person AS (
    SELECT f.pid, p.gender, p.foreign_background, p.disability, p.minority,
        f.entry, f.entry_status AS status, f.entry_isced AS isced,
        CASE WHEN f.flag_homeless THEN 1 ELSE 0 END AS homeless,
        CASE WHEN f.flag_rural THEN 1 ELSE 0 END AS rural,
        CASE WHEN f.entry IS NOT NULL AND COALESCE(p.birth_date, '') <> ''
            THEN f.entry_key - ({born_key}) END AS age_key,
        {third_country} AS third_country,
        COALESCE(f.entry, f.first_opened) AS reference,
        CASE WHEN f.entry IS NOT NULL AND p.gender IN {genders}
            AND COALESCE(p.birth_date, '') <> '' AND COALESCE(f.entry_status, '') <> ''
            AND f.entry_isced IS NOT NULL
            AND (COALESCE(p.citizenships, '') <> '' OR p.stateless)
            THEN 1 ELSE 0 END AS complete,
        l.id AS last_case, ex.exit_date, ex.deadline, ex.status_upon_leaving,
        CASE WHEN ex.qualification_gained THEN 1 ELSE 0 END AS exit_qualified,
        fu.status AS follow_up_status,
        CASE WHEN fu.situation_improved THEN 1 ELSE 0 END AS improved,
        COALESCE(mins.minutes, 0) AS minutes
    FROM pc f
    JOIN {participant} p ON p.id = f.pid
    LEFT JOIN pc l ON l.pid = f.pid AND l.last_rank = 1 AND l.entry IS NOT NULL
    LEFT JOIN ex ON ex.case_id = l.id
    LEFT JOIN {follow_up} fu ON fu.case_id = l.id
    LEFT JOIN mins ON mins.pid = f.pid
    WHERE f.first_rank = 1
),
consented AS (
    SELECT DISTINCT person.pid FROM person JOIN cs ON cs.participant_id = person.pid
    WHERE cs.signed_on <= person.reference
      AND (cs.valid_until IS NULL OR cs.valid_until >= person.reference)
      AND (cs.withdrawn_on IS NULL OR cs.withdrawn_on > person.reference)
),
judged AS (
    SELECT person.*,
        CASE WHEN entry BETWEEN %s AND %s THEN 1 ELSE 0 END AS enters,
        CASE WHEN exit_date BETWEEN %s AND %s THEN 1 ELSE 0 END AS leaves,
        CASE
            WHEN consented.pid IS NULL THEN 'no_esf_consent'
            WHEN complete = 0 THEN 'incomplete_mandatory'
            WHEN minutes < %s THEN 'below_threshold'
        END AS reason
    FROM person LEFT JOIN consented ON consented.pid = person.pid
    WHERE entry BETWEEN %s AND %s OR exit_date BETWEEN %s AND %s
       OR reference BETWEEN %s AND %s
),
placed AS (
    SELECT judged.pid, {placement_case} AS status,
        ROW_NUMBER() OVER (PARTITION BY judged.pid
            ORDER BY pl.starts_on DESC, pc.id, pl.id DESC) AS latest
    FROM judged
    JOIN pc ON pc.pid = judged.pid
    JOIN {placement} pl ON pl.case_id = pc.id
    WHERE judged.reason IS NULL AND judged.leaves = 1
      AND pl.starts_on >= judged.exit_date AND pl.starts_on <= judged.deadline
),
enrolled AS (
    SELECT DISTINCT judged.pid
    FROM judged
    JOIN pc ON pc.pid = judged.pid
    JOIN {enrollment} en ON en.case_id = pc.id
    WHERE judged.reason IS NULL AND judged.leaves = 1
      AND en.state = %s AND en.qualification_gained
      AND (en.ended_on IS NULL OR en.ended_on <= judged.deadline)
),
facts AS (
    SELECT judged.*,
        CASE WHEN reason IS NULL AND leaves = 1
            THEN COALESCE(placed.status, status_upon_leaving) END AS upon,
        CASE WHEN reason IS NULL AND leaves = 1
            AND (exit_qualified = 1 OR enrolled.pid IS NOT NULL) THEN 1 ELSE 0 END AS qualified
    FROM judged
    LEFT JOIN placed ON placed.pid = judged.pid AND placed.latest = 1
    LEFT JOIN enrolled ON enrolled.pid = judged.pid
)
"""


def facts_sql(scope, date_from: dt.date, date_to: dt.date, *, min_hours: int) -> FactsQuery:
    """The facts of every person in the report, one row each (see the module's docstring)."""
    cases_sql, cases_params = _scope_cases(scope)
    exits_sql, exits_params = _exits()
    consents_sql, consents_params = _consents()
    sql = _FACTS.format(
        cases=cases_sql,
        exits=exits_sql,
        consents=consents_sql,
        activity=_table(Activity),
        participant=_table(Participant),
        follow_up=_table(FollowUp),
        placement=_table(Placement),
        enrollment=_table(Enrollment),
        born_key=_BORN_KEY,
        third_country=_third_country(),
        genders=_in(GENDERS),
        placement_case=_placement_case(),
    )
    span = [date_from, date_to]
    params = [
        *cases_params,
        *exits_params,
        *consents_params,
        *span * 3,  # rel
        *span * 2,  # judged: enters, leaves
        min_hours * 60,
        *span * 3,  # judged: who is in the report
        EnrollmentState.COMPLETED,
    ]
    return FactsQuery(sql, params)


def counts_sql(facts: FactsQuery, codes) -> tuple[str, list]:
    """Per gender and not-counted reason: how many people, and how many under each code."""
    columns = ", ".join(
        f"SUM(CASE WHEN {RULES[code]} THEN 1 ELSE 0 END) AS c_{code}" for code in codes
    )
    sql = (
        f"{facts.sql} SELECT gender, reason, COUNT(*), {columns} FROM facts GROUP BY gender, reason"
    )
    return sql, facts.params


def ids_sql(facts: FactsQuery, code: str, gender: str | None) -> tuple[str, list]:
    """The ids of the people behind one figure (a code or a reason), in id order."""
    if code in RULES:
        where, params = RULES[code], []
    else:
        where, params = "reason = %s", [code]
    if gender:
        where, params = f"{where} AND gender = %s", [*params, gender]
    return f"{facts.sql} SELECT pid FROM facts WHERE {where} ORDER BY pid", [*facts.params, *params]
