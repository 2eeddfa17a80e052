"""The network figures and the cooperation monitor as tables with charts, for a reader.

Views and downloads use the same functions, so the page, its CSV, XLSX and PDF always
show the same numbers, suppressed in the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from inprocedere.network.models import Organisation

from . import charts, figures, monitor
from .selectors import Scope
from .streaming import Download, Section
from .tables import ReportTable, suppress_table


@dataclass
class Item:
    """A table with the chart drawn from it."""

    table: ReportTable
    chart: charts.Chart | None


def _suppressed(tables, aggregate: bool) -> list[ReportTable]:
    threshold = settings.INPROCEDERE_SUPPRESS_BELOW
    return [
        suppress_table(table, threshold) if aggregate and table.about_participants else table
        for table in tables
    ]


def network_figures(scope: Scope, date_from: dt.date, date_to: dt.date, *, aggregate: bool):
    from .selectors_figures import figure_counts

    tables = figures.tables(
        figure_counts(scope, date_from, date_to), date_from=date_from, date_to=date_to
    )
    return [Item(table, charts.stacked_bars(table)) for table in _suppressed(tables, aggregate)]


def cooperation_monitor(scope: Scope, date_from: dt.date, date_to: dt.date, *, aggregate: bool):
    from .selectors_monitor import monitor_facts

    facts = monitor_facts(scope, date_from, date_to)
    today = timezone.localdate()
    tables = _suppressed(
        [
            monitor.referral_turnaround(facts),
            monitor.consultation_response(facts),
            monitor.follow_through(facts, today),
            monitor.attendance(facts),
            monitor.vacancies(facts, date_from, date_to, today),
            monitor.collaboration(facts),
        ],
        aggregate,
    )
    by_key = {table.key: table for table in tables}
    nodes, edges = monitor.graph_parts(by_key["collaboration"], facts)
    graph = charts.circular_layout(
        nodes,
        edges,
        group_order=list(Organisation.Kind.values),
        group_labels=dict(Organisation.Kind.choices),
        title=_("Network graph: who works with whom"),
    )
    chart_for = {
        "referral_turnaround": lambda t: charts.horizontal_bars(t, "median", unit=" " + _("days")),
        "consultation_response": lambda t: charts.horizontal_bars(
            t, "median", unit=" " + _("days")
        ),
        "follow_through": lambda t: charts.horizontal_bars(t, "share", unit=" %"),
        "attendance": lambda t: charts.horizontal_bars(t, "meeting_rate", unit=" %"),
        "vacancies": lambda t: charts.horizontal_bars(t, "days"),
        "collaboration": lambda t: graph,
    }
    return [Item(table, chart_for[table.key](table) if table.rows else None) for table in tables]


def section(item: Item) -> Section:
    table = item.table
    return Section(
        title=table.title,
        header=table.header(),
        rows=[[row.label, *(row.cells.get(c.key) for c in table.columns)] for row in table.rows],
        note=table.note,
        chart=item.chart,
        size=len(table.rows),
    )


def download(
    items, *, title, stem, date_from, date_to, scope: Scope, aggregate: bool, only=None
) -> Download:
    """The whole report, or with `only` (a table key) one of its tables."""
    chosen = [item for item in items if only is None or item.table.key == only]
    return Download(
        title=title if only is None else f"{title}: {chosen[0].table.title}",
        subtitle=_("%(from)s to %(to)s · %(scope)s")
        % {"from": date_from.isoformat(), "to": date_to.isoformat(), "scope": scope.label},
        stem=f"{stem}-{date_from.isoformat()}-{date_to.isoformat()}" + (f"-{only}" if only else ""),
        sections=[section(item) for item in chosen],
        aggregate=aggregate,
        threshold=settings.INPROCEDERE_SUPPRESS_BELOW,
    )


def as_json(items, *, date_from: dt.date, date_to: dt.date, scope: Scope, aggregate: bool) -> dict:
    """The report as the API and the command line give it."""
    return {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "scope": scope.key,
        "aggregate": aggregate,
        "tables": [
            {
                "key": item.table.key,
                "title": str(item.table.title),
                "note": str(item.table.note),
                "suppressed": item.table.suppressed,
                "columns": [
                    {"key": c.key, "label": str(c.label), "kind": c.kind}
                    for c in item.table.columns
                ],
                "rows": [
                    {"key": r.key, "label": str(r.label), "cells": r.cells} for r in item.table.rows
                ],
            }
            for item in items
        ],
    }
