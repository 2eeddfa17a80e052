"""The network figures counted in SQL against the Python reference over generated registers
(issue 12 §2).

The demo's case stories and a few hundred people from the scale generator (handovers,
exits, placements, enrolments, residence statuses, benefit periods, referrals): every
cell of every figure, and the participants behind the cells, must come out of the
database exactly as the Python counting of before gave them.
"""

import datetime as dt

import pytest
from django.db.models import Count

from inprocedere.cases.models import Case
from inprocedere.reporting import figures
from inprocedere.reporting.selectors import Scope, resolve_scope
from inprocedere.reporting.selectors_figures import cell_participants, figure_counts

from .figures_reference import compute, figure_facts

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


def _ranges():
    opened = Case.unrestricted.values_list("opened_at", flat=True)
    years = sorted({moment.year for moment in opened})
    ranges = [(dt.date(year, 1, 1), dt.date(year, 12, 31)) for year in years[-2:]]
    # Months cut by the range, over a year's turn.
    ranges.append((dt.date(years[-1] - 1, 10, 15), dt.date(years[-1], 2, 10)))
    return ranges


def _scopes():
    """The whole network, the three organisations and the region with the most cases."""

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
        *(resolve_scope(organisation=slug) for slug in busiest("owner_organisation__slug", 3)),
        *(resolve_scope(region=slug) for slug in busiest("subproject__region__slug", 1)),
    ]


def _both(scope, date_from, date_to):
    expected = compute(
        figure_facts(scope, date_from, date_to), date_from=date_from, date_to=date_to
    )
    actual = figures.tables(
        figure_counts(scope, date_from, date_to), date_from=date_from, date_to=date_to
    )
    return expected, actual


def test_the_same_figures_in_sql_and_python(register):
    counted, kinds = 0, set()
    for scope in _scopes():
        for date_from, date_to in _ranges():
            expected, actual = _both(scope, date_from, date_to)
            label = f"{scope.key} {date_from}–{date_to}"
            assert [t.key for t in actual] == list(figures.FIGURES)
            for want, got in zip(expected, actual, strict=True):
                assert got.columns == want.columns, f"{label} {want.key}"
                assert got.rows == want.rows, f"{label} {want.key}"
                assert got.title == want.title and got.note == want.note
            counted += sum(r.cells["total"] for r in expected[0].rows)
            for table in expected:
                kinds |= {(table.key, c) for r in table.rows for c, n in r.cells.items() if n}
    assert counted > 500  # the register really holds people in these ranges
    # … in every stage, with residence statuses, benefits, referrals of each outcome
    for key in figures.STAGES:
        assert ("stage", key) in kinds
    assert {("residence", "none"), ("benefit", "none")} < kinds
    assert len({c for t, c in kinds if t == "residence"}) > 2
    assert len({c for t, c in kinds if t == "benefit"}) > 2
    assert {("referrals", o) for o in ("open", "accepted", "declined")} < kinds


def test_the_same_people_behind_every_cell(register):
    years = sorted(
        {moment.year for moment in Case.unrestricted.values_list("opened_at", flat=True)}
    )
    date_from, date_to = dt.date(years[-1], 1, 1), dt.date(years[-1], 6, 30)
    for scope in _scopes()[:2]:
        expected, _actual = _both(scope, date_from, date_to)
        opened = 0
        for table in expected:
            for (row, column), ids in table.ids.items():
                found = cell_participants(scope, date_from, date_to, table.key, row, column)
                assert found == sorted(i for i in ids if i is not None), (
                    f"{scope.key} {table.key} {row} {column}"
                )
                opened += bool(ids)
        assert opened > 50
