"""The cooperation monitor over hand-made records: medians, spreads, follow-through,
attendance, vacancy days, and the network graph's nodes and edges."""

import datetime as dt

import pytest

from inprocedere.reporting import monitor
from inprocedere.reporting.charts import circular_layout
from inprocedere.reporting.monitor import (
    ActionItemFact,
    EventFact,
    Exchange,
    MonitorFacts,
    PositionFact,
    vacant_days,
)
from inprocedere.reporting.tables import suppress_table

D = dt.date
KV, PROFES, JC, DW = 1, 2, 3, 4
TODAY = D(2024, 6, 30)


def facts(**extra):
    return MonitorFacts(
        referrals=[
            Exchange(KV, PROFES, "accepted", 0.5, 101),
            Exchange(KV, PROFES, "accepted", 2.0, 102),
            Exchange(KV, PROFES, "accepted", 10.0, 103),
            Exchange(KV, PROFES, "declined", None, 104),
            Exchange(KV, PROFES, "open", None, 105),
            Exchange(PROFES, JC, "accepted", 4.0, 101),
        ],
        consultations=[
            Exchange(PROFES, KV, "in_time", 1.0, 101),
            Exchange(PROFES, KV, "late", 20.0, 102),
            Exchange(PROFES, KV, "open", None, 103),
            Exchange(PROFES, KV, "withdrawn", None, 104),
        ],
        action_items=[
            ActionItemFact(PROFES, D(2024, 5, 1), D(2024, 4, 30)),  # on time
            ActionItemFact(PROFES, D(2024, 5, 1), D(2024, 5, 1)),  # on the day: on time
            ActionItemFact(PROFES, D(2024, 5, 1), D(2024, 5, 2)),  # late
            ActionItemFact(PROFES, D(2024, 6, 1), None),  # overdue
            ActionItemFact(PROFES, D(2024, 7, 1), None),  # not yet due
            ActionItemFact(KV, D(2024, 5, 1), D(2024, 5, 1)),
        ],
        events=[
            EventFact("conference", frozenset({PROFES, KV, JC}), frozenset({PROFES, KV})),
            EventFact("meeting", frozenset({PROFES, KV}), frozenset({PROFES})),
            EventFact("meeting", frozenset({PROFES, KV}), frozenset({PROFES, KV})),
            EventFact("training", frozenset({KV}), frozenset({KV, DW})),
        ],
        positions=[
            PositionFact(KV, ((D(2024, 1, 1), D(2024, 3, 31)), (D(2024, 5, 1), None))),
            PositionFact(PROFES, ((D(2024, 1, 1), None),)),
            PositionFact(DW, ()),
        ],
        organisations={KV: "KV Germersheim", PROFES: "ProfeS", JC: "JC Germersheim", DW: "DW"},
        kinds={KV: "immigration_office", PROFES: "carrier", JC: "job_centre", DW: "carrier"},
        **extra,
    )


def cells(table, key):
    return next(r for r in table.rows if r.key == key).cells


def test_referral_turnaround_by_pair():
    table = monitor.referral_turnaround(facts())
    pair = cells(table, f"{KV}-{PROFES}")
    assert (pair["sent"], pair["answered"], pair["declined"], pair["open"]) == (5, 3, 1, 1)
    assert pair["median"] == 2.0
    assert (pair["d1"], pair["d3"], pair["d7"], pair["d14"], pair["dmore"]) == (1, 1, 0, 1, 0)
    whole = cells(table, "total")
    assert (whole["sent"], whole["answered"], whole["median"]) == (6, 4, 3.0)
    assert table.ids[(f"{KV}-{PROFES}", "sent")] == {101, 102, 103, 104, 105}
    assert (
        next(r for r in table.rows if r.key == f"{KV}-{PROFES}").label == "KV Germersheim → ProfeS"
    )


def test_bucket_boundaries():
    assert [monitor.bucket(d) for d in (0, 1, 1.01, 3, 7, 7.5, 14, 14.01)] == [
        "d1",
        "d1",
        "d3",
        "d3",
        "d7",
        "d14",
        "d14",
        "dmore",
    ]


def test_consultation_response_times():
    pair = cells(monitor.consultation_response(facts()), f"{PROFES}-{KV}")
    assert (pair["sent"], pair["answered"], pair["in_time"], pair["late"]) == (4, 2, 1, 1)
    assert (pair["open"], pair["withdrawn"]) == (1, 1)
    assert pair["median"] == 10.5
    assert (pair["d1"], pair["dmore"]) == (1, 1)


def test_case_conference_follow_through():
    table = monitor.follow_through(facts(), TODAY)
    profes = cells(table, str(PROFES))
    assert (profes["due"], profes["in_time"], profes["late"]) == (5, 2, 1)
    assert (profes["overdue"], profes["pending"]) == (1, 1)
    assert profes["share"] == 50  # 2 of the 4 whose date has passed
    assert (profes["invited"], profes["present"]) == (1, 1)
    jc = cells(table, str(JC))
    assert (jc["invited"], jc["present"], jc["due"], jc["share"]) == (1, 0, 0, None)
    assert cells(table, "total")["due"] == 6


def test_attendance_at_meetings_and_trainings():
    table = monitor.attendance(facts())
    kv = cells(table, str(KV))
    assert (kv["meeting_invited"], kv["meeting_attended"], kv["meeting_rate"]) == (2, 1, 50)
    assert (kv["training_invited"], kv["training_attended"], kv["training_rate"]) == (1, 1, 100)
    dw = cells(table, str(DW))  # came to a training uninvited
    assert (dw["training_invited"], dw["training_attended"], dw["training_rate"]) == (0, 1, None)
    assert not table.about_participants  # staff attendance: never suppressed


def test_vacant_days():
    tenures = ((D(2024, 1, 1), D(2024, 1, 10)), (D(2024, 1, 21), None))
    assert vacant_days(tenures, D(2024, 1, 1), D(2024, 1, 31)) == (10, 10)
    assert vacant_days((), D(2024, 1, 1), D(2024, 1, 31)) == (31, 31)
    overlapping = ((D(2024, 1, 1), D(2024, 1, 20)), (D(2024, 1, 5), D(2024, 1, 25)))
    assert vacant_days(overlapping, D(2024, 1, 1), D(2024, 1, 31)) == (6, 6)
    assert vacant_days(tenures, D(2024, 2, 1), D(2024, 1, 31)) == (0, 0)


def test_vacancies_per_organisation():
    table = monitor.vacancies(facts(), D(2024, 1, 1), D(2024, 12, 31), TODAY)
    kv = cells(table, str(KV))
    assert (kv["positions"], kv["with_vacancy"], kv["days"], kv["longest"]) == (1, 1, 30, 30)
    assert kv["vacant_today"] == 0
    dw = cells(table, str(DW))  # never held, counted up to today
    assert (dw["days"], dw["vacant_today"]) == ((TODAY - D(2024, 1, 1)).days + 1, 1)
    assert cells(table, str(PROFES))["days"] == 0


def test_the_scope_keeps_rows_that_touch_its_organisations():
    table = monitor.referral_turnaround(facts(focus=frozenset({JC})))
    assert [r.key for r in table.rows] == [f"{PROFES}-{JC}", "total"]
    assert [
        r.key
        for r in monitor.vacancies(facts(focus=frozenset({JC})), D(2024, 1, 1), TODAY, TODAY).rows
    ] == []


def test_who_works_with_whom_and_the_graph():
    table = monitor.collaboration(facts())
    pairs = {r.key: r.cells for r in table.rows}
    assert pairs[f"{KV}-{PROFES}"] == {
        "referrals": 5,
        "consultations": 4,
        "conferences": 1,
        "total": 10,
    }
    assert pairs[f"{PROFES}-{JC}"]["total"] == 2  # a referral and the conference
    assert pairs[f"{KV}-{JC}"] == {"referrals": 0, "consultations": 0, "conferences": 1, "total": 1}
    nodes, edges = monitor.graph_parts(table, facts())
    assert {n[0] for n in nodes} == {KV, PROFES, JC}  # DW works with no one
    assert len(edges) == 3
    chart = circular_layout(
        nodes,
        edges,
        group_order=["immigration_office", "job_centre", "carrier"],
        group_labels={"carrier": "Träger"},
        title="Graph",
    )
    assert {n.key for n in chart.nodes} == {KV, PROFES, JC}
    assert [n.group for n in chart.nodes] == ["immigration_office", "job_centre", "Träger"]
    widths = {(e.a, e.b): e.width for e in chart.edges}
    assert widths[(KV, PROFES)] > widths[(PROFES, JC)] > widths[(KV, JC)]
    heaviest = max(chart.nodes, key=lambda n: n.radius)
    assert heaviest.key in (KV, PROFES)
    assert all(0 <= n.x <= chart.width and 0 <= n.y <= chart.height for n in chart.nodes)


def test_the_ministry_sees_suppressed_pairs_and_hidden_medians():
    table = suppress_table(monitor.referral_turnaround(facts()), 5)
    pair = cells(table, f"{KV}-{PROFES}")
    other = cells(table, f"{PROFES}-{JC}")
    assert other["sent"] == "<5" and other["median"] == "<5"
    # Five is not small, but the network's 6 minus 5 would give the other pair's 1 away.
    assert pair["sent"] == "<5"
    assert cells(table, "total")["sent"] == 6
    assert pair["answered"] == "<5" and pair["median"] == "<5"
    assert pair["declined"] == "<5" and pair["open"] == "<5"
    assert pair["withdrawn"] == 0
    graph_table = suppress_table(monitor.collaboration(facts()), 5)
    nodes, edges = monitor.graph_parts(graph_table, facts())
    chart = circular_layout(nodes, edges, group_order=[], group_labels={}, title="Graph")
    assert any(edge.dashed for edge in chart.edges)  # hidden weights are drawn thin, dashed


@pytest.mark.parametrize("table_key", ["referral_turnaround", "consultation_response"])
def test_empty_ranges_give_just_the_network_row(table_key):
    table = getattr(monitor, table_key)(MonitorFacts())
    assert [r.key for r in table.rows] == ["total"]
    assert cells(table, "total")["sent"] == 0 and cells(table, "total")["median"] is None
