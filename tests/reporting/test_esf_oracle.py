"""The SQL engine against the Python reference over generated registers (issue 12 §1).

The demo's case stories and a few hundred people from the scale generator (re-entries,
exits, placements, enrolments, follow-ups, consents of every kind, partial birth dates):
every figure, and the participants behind it, must come out of the SQL exactly as the
counting rules in Python gave them before, for every organisation and several ranges.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.db.models import Count

from inprocedere.cases.models import Case
from inprocedere.reporting.esf import CODES, GENDERS, REASONS, build_report
from inprocedere.reporting.selectors import Scope, resolve_scope

from .esf_reference import compute, esf_facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(settings, monkeypatch):
    from inprocedere.demo_cases import seed_demo_cases
    from inprocedere.scale.seed import person, run

    seed_demo_cases()
    settings.DEMO = True
    monkeypatch.setattr(run, "CHUNK", 100)
    monkeypatch.setattr(person, "REREGISTRATION_SHARE", 0.05)
    run.seed(run.Options(participants=200, progress=lambda _text: None))


def reference(scope, date_from, date_to):
    people, cases = esf_facts(scope, date_from, date_to)
    return compute(
        people,
        cases,
        date_from=date_from,
        date_to=date_to,
        scope=scope.key,
        min_hours=settings.INPROCEDERE_ESF_MIN_HOURS,
    )


def _ranges():
    opened = Case.unrestricted.values_list("opened_at", flat=True)
    years = sorted({moment.year for moment in opened})
    ranges = [(dt.date(year, 1, 1), dt.date(year, 12, 31)) for year in years[-3:]]
    ranges.append((dt.date(years[0] - 1, 7, 1), dt.date(years[-1] + 1, 6, 30)))
    return ranges


def _scopes():
    """The whole network, the four organisations and two regions with the most cases."""

    def busiest(field, count):
        rows = (
            Case.unrestricted.exclude(**{f"{field}__isnull": True})
            .values_list(field)
            .annotate(cases=Count("pk"))
            .order_by("-cases", field)
        )
        return [slug for slug, _cases in rows[:count]]

    return [
        Scope(),
        *(resolve_scope(organisation=slug) for slug in busiest("owner_organisation__slug", 4)),
        *(resolve_scope(region=slug) for slug in busiest("subproject__region__slug", 2)),
    ]


def test_the_same_figures_and_people_in_sql_and_python(register):
    checked = 0
    for scope in _scopes():
        for date_from, date_to in _ranges():
            expected = reference(scope, date_from, date_to)
            actual = build_report(date_from=date_from, date_to=date_to, scope=scope)
            label = f"{scope.key} {date_from}–{date_to}"
            assert actual.as_json() == expected.as_json(), label
            figures = [(code, "total") for code in (*CODES, *REASONS)]
            figures += [("EECO01", gender) for gender in GENDERS]
            for code, gender in figures:
                assert actual.ids_for(code, gender) == expected.ids_for(code, gender), (
                    f"{label} {code} {gender}"
                )
            checked += expected.as_json()["indicators"]["EECO01"]["total"]
    assert checked > 100  # the register really holds counted people in these ranges
