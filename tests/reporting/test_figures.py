"""Network figures over hand-made records: each month's numbers worked out by hand."""

import datetime as dt
import itertools

from django.utils import translation

from inprocedere.reporting.charts import stacked_bars
from inprocedere.reporting.tables import suppress_table

from .figures_reference import (
    FIGURES,
    CaseSpan,
    Event,
    FigureFacts,
    Period,
    compute,
    months,
)

D = dt.date
A, B, C = 1, 2, 3  # participants
ORG1, ORG2 = 10, 20


def facts(**extra):
    cases = [
        # A: counselling in January, a measure over February's end, placed in March,
        # left in April.
        CaseSpan(
            case_id=100,
            participant_id=A,
            organisation_id=ORG1,
            region_id=7,
            opened_on=D(2024, 1, 10),
            ended_on=D(2024, 4, 15),
            exited=True,
            placements=((D(2024, 3, 5), None),),
            enrolments=((D(2024, 2, 1), D(2024, 3, 10)),),
        ),
        # B: handed over on 15 February from ORG1 to ORG2 (no sub-project there).
        CaseSpan(
            case_id=101,
            participant_id=B,
            organisation_id=ORG1,
            region_id=7,
            opened_on=D(2023, 11, 1),
            ended_on=D(2024, 2, 15),
        ),
        CaseSpan(
            case_id=102,
            participant_id=B,
            organisation_id=ORG2,
            region_id=None,
            opened_on=D(2024, 2, 15),
        ),
        # C: opens in April.
        CaseSpan(
            case_id=103,
            participant_id=C,
            organisation_id=ORG2,
            region_id=8,
            opened_on=D(2024, 4, 30),
        ),
    ]
    return FigureFacts(
        cases=cases,
        residence={
            B: [
                Period("duldung", D(2023, 6, 1), D(2024, 2, 10)),
                Period("permit", D(2024, 2, 11)),
            ]
        },
        benefits={A: [Period("sgb2", D(2024, 3, 1))]},
        referrals=[
            Event(D(2024, 1, 3), "accepted", A),
            Event(D(2024, 1, 20), "declined", C),
            Event(D(2024, 4, 29), "accepted", C),
            Event(D(2023, 12, 31), "accepted", B),  # before the range
        ],
        placements=[Event(D(2024, 3, 5), "employment", A)],
        completions=[Event(D(2024, 3, 10), "language_course", A)],
        regions={"7": "Germersheim", "8": "Landau"},
        organisations={str(ORG1): "ProfeS", str(ORG2): "Jobcenter"},
        residence_kinds={"duldung": "Duldung", "permit": "Aufenthaltserlaubnis"},
        benefit_systems={"sgb2": "SGB II"},
        placement_types={"employment": "Beschäftigung", "school": "Schule"},
        measure_types={"language_course": "Sprachkurs"},
        **extra,
    )


def tables():
    result = compute(facts(), date_from=D(2024, 1, 1), date_to=D(2024, 5, 31))
    return {table.key: table for table in result}


def row(table, month):
    return next(r for r in table.rows if r.key == month).cells


def test_every_figure_in_order():
    assert [t.key for t in compute(facts(), date_from=D(2024, 1, 1), date_to=D(2024, 1, 31))] == [
        *FIGURES
    ]


def test_months_are_cut_to_the_range():
    found = months(D(2024, 1, 15), D(2024, 3, 10))
    assert [m.key for m in found] == ["2024-01", "2024-02", "2024-03"]
    assert found[0].start == D(2024, 1, 15) and found[0].end == D(2024, 1, 31)
    assert found[1].end == D(2024, 2, 29)  # a leap year
    assert found[-1].end == D(2024, 3, 10)
    assert [m.key for m in months(D(2023, 12, 1), D(2024, 1, 1))] == ["2023-12", "2024-01"]


def test_stage_at_each_months_end():
    stage = tables()["stage"]
    assert row(stage, "2024-01") == {
        "counselling": 2,
        "measure": 0,
        "placed": 0,
        "left": 0,
        "total": 2,
    }
    assert row(stage, "2024-02")["measure"] == 1  # A, enrolled over 29 February
    assert row(stage, "2024-02")["counselling"] == 1  # B, in the new case
    assert row(stage, "2024-03")["placed"] == 1
    april = row(stage, "2024-04")
    assert (april["left"], april["counselling"], april["total"]) == (1, 2, 3)  # A; B and C
    may = row(stage, "2024-05")
    assert (may["left"], may["total"]) == (0, 2)  # A's case ended in April
    assert stage.ids[("2024-04", "left")] == {A}


def test_region_and_organisation_follow_the_deciding_case():
    result = tables()
    assert row(result["region"], "2024-01") == {"7": 2, "8": 0, "none": 0, "total": 2}
    # B's new case has no sub-project from February on.
    assert row(result["region"], "2024-02") == {"7": 1, "8": 0, "none": 1, "total": 2}
    assert row(result["organisation"], "2024-02") == {str(ORG1): 1, str(ORG2): 1, "total": 2}
    assert result["organisation"].ids[("2024-04", str(ORG2))] == {B, C}


def test_residence_and_benefits_in_force_at_the_months_end():
    result = tables()
    assert row(result["residence"], "2024-01")["duldung"] == 1
    assert row(result["residence"], "2024-01")["none"] == 1  # A has none recorded
    assert row(result["residence"], "2024-02")["permit"] == 1
    assert row(result["residence"], "2024-02")["duldung"] == 0
    assert row(result["benefit"], "2024-02") == {"sgb2": 0, "none": 2, "total": 2}
    assert row(result["benefit"], "2024-03") == {"sgb2": 1, "none": 1, "total": 2}


def test_referrals_placements_and_measures_per_month_with_a_total_row():
    result = tables()
    referrals = result["referrals"]
    assert row(referrals, "2024-01") == {
        "open": 0,
        "accepted": 1,
        "declined": 1,
        "withdrawn": 0,
        "total": 2,
    }
    assert row(referrals, "total")["total"] == 3  # December 2023 lies outside
    assert row(referrals, "total")["accepted"] == 2
    assert row(result["placements"], "2024-03") == {"employment": 1, "school": 0, "total": 1}
    assert row(result["measures"], "2024-03")["language_course"] == 1
    assert row(result["measures"], "total")["total"] == 1


def test_records_count_each_record_and_open_to_each_person():
    two = facts()
    two.placements = [Event(D(2024, 3, 5), "employment", A), Event(D(2024, 3, 9), "school", A)]
    result = {t.key: t for t in compute(two, date_from=D(2024, 3, 1), date_to=D(2024, 3, 31))}
    assert row(result["placements"], "2024-03")["total"] == 2
    assert result["placements"].ids[("2024-03", "total")] == {A}


def test_suppression_hides_small_cells_and_what_reveals_them():
    stage = suppress_table(tables()["stage"], 5)
    january = row(stage, "2024-01")
    assert january["counselling"] == "<5" and january["total"] == "<5"
    assert january["measure"] == 0  # zero reveals no one
    assert stage.ids == {}
    referrals = suppress_table(tables()["referrals"], 5)
    assert row(referrals, "total")["total"] == "<5"


def test_chart_draws_one_bar_per_month_and_skips_hidden_cells():
    stage = tables()["stage"]
    chart = stacked_bars(stage)
    assert chart.title == stage.title and chart.desc
    # January: one segment (counselling, 2 people); April: counselling and left.
    assert len(chart.segments) == sum(
        1 for r in stage.rows for c in ("counselling", "measure", "placed", "left") if r.cells[c]
    )
    assert [label.label for label in chart.x_labels][:2] == ["01/2024", "02/2024"]
    with translation.override("en"):
        hidden = stacked_bars(suppress_table(stage, 5))
    assert hidden.segments == []
    assert "not drawn" in hidden.desc


def test_month_labels_on_the_axis_never_run_together():
    """Two years month by month: "03/2026" and "04/2026" were drawn 48 px apart, closer
    than their width at the 13 px font ("03/202604/2026", issue 15)."""
    from inprocedere.reporting.tables import Column, ReportTable, Row

    months = [f"{month:02d}/{year}" for year in (2025, 2026) for month in range(1, 13)]
    table = ReportTable(
        key="stage",
        title="Stage",
        row_heading="Month",
        columns=(Column("counselling", "Counselling"),),
        rows=tuple(Row(label, label, {"counselling": 3}) for label in months),
    )
    labels = stacked_bars(table).x_labels
    assert labels[0].label == "01/2025"
    assert len(labels) >= 6  # still a readable axis
    for before, after in itertools.pairwise(labels):
        # A digit of Fira Sans at 13 px is about 7 px wide: centres a label's width apart.
        assert after.x - before.x > 7 * len(before.label) + 4
