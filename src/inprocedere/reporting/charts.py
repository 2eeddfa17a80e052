"""Charts as SVG, laid out here and drawn by small templates (templates/reporting/charts/).

No JavaScript and no chart library (docs/decisions/0006-charts.md): a chart is a few
rectangles, lines and labels whose positions are worked out below in whole pixels, so the
templates only place them (and German number formatting never reaches the SVG). Every
chart has a `title` and a `desc` for screen readers, and is shown beside the table it is
drawn from, which remains the accessible source of the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .tables import ReportTable

# Okabe–Ito, then Paul Tol's muted scheme: distinguishable with the common colour
# vision deficiencies, and in greyscale print.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#332288",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
    "#117733",
    "#888888",
)


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def nice_step(maximum: float, ticks: int = 5) -> int:
    """A round step (1, 2, 5 × 10^k) so that about `ticks` steps cover `maximum`."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return max(1, int(factor * magnitude))
    return max(1, int(10 * magnitude))  # pragma: no cover - the loop always returns


@dataclass
class Segment:
    x: int
    y: int
    width: int
    height: int
    colour: str
    label: str


@dataclass
class Tick:
    y: int
    label: str


@dataclass
class XLabel:
    x: int
    label: str


@dataclass
class Legend:
    x: int
    y: int
    colour: str
    label: str


@dataclass
class Chart:
    id: str
    kind: str  # bars | hbars | graph
    title: str
    desc: str
    width: int
    height: int
    segments: list[Segment] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    x_labels: list[XLabel] = field(default_factory=list)
    legend: list[Legend] = field(default_factory=list)
    plot_left: int = 0
    plot_right: int = 0
    plot_top: int = 0
    plot_bottom: int = 0
    nodes: list = field(default_factory=list)
    edges: list = field(default_factory=list)


def _number(value) -> int:
    """A drawable number: hidden ("<5") and empty cells draw as nothing."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0


LABEL_CHAR_PX = 7.5


def stacked_bars(table: ReportTable, *, series: list[str] | None = None) -> Chart:
    """One stacked bar per row (a month), one colour per count column."""
    width, height = 640, 320
    left, right, top = 48, 630, 16
    columns = [
        c for c in table.columns if c.kind == "count" and (series is None or c.key in series)
    ]
    rows = [row for row in table.rows if not (table.total_row and row.key == "total")]
    longest = max((len(str(c.label)) for c in columns), default=0)
    per_row = 3 if longest <= 22 else 2
    legend_rows = math.ceil(len(columns) / per_row)
    bottom = height - 40 - 18 * legend_rows
    totals = [sum(_number(row.cells.get(c.key)) for c in columns) for row in rows]
    step = nice_step(max(totals, default=0))
    top_value = step * max(1, math.ceil(max(totals, default=0) / step))
    scale = (bottom - top) / top_value
    slot = (right - left) / max(1, len(rows))
    bar = max(2, int(slot * 0.7))
    chart = Chart(
        id=f"chart-{table.key}",
        kind="bars",
        title=table.title,
        desc="",
        width=width,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
    )
    for value in range(0, top_value + 1, step):
        chart.ticks.append(Tick(round(bottom - value * scale), str(value)))
    # At most about twelve labels, and never closer than their width: at the chart's
    # 13 px font a character takes up to 7.5 px, plus a 10 px gap, so "03/2026" and
    # "04/2026" never run together ("03/202604/2026", issue 15).
    widest = max((len(str(row.label)) for row in rows), default=0)
    every = max(1, math.ceil(len(rows) / 12), math.ceil((widest * LABEL_CHAR_PX + 10) / slot))
    hidden = False
    for index, row in enumerate(rows):
        x = round(left + index * slot + (slot - bar) / 2)
        y = bottom
        for number, column in enumerate(columns):
            value = row.cells.get(column.key)
            if isinstance(value, str) and value:
                hidden = True
            amount = _number(value)
            if not amount:
                continue
            h = max(1, round(amount * scale))
            y -= h
            chart.segments.append(
                Segment(x, y, bar, h, colour(number), f"{row.label}, {column.label}: {value}")
            )
        if index % every == 0:
            chart.x_labels.append(XLabel(round(x + bar / 2), str(row.label)))
    for number, column in enumerate(columns):
        chart.legend.append(
            Legend(
                left + (number % per_row) * (585 // per_row),
                bottom + 36 + (number // per_row) * 18,
                colour(number),
                _shorten(str(column.label), 36 if per_row == 2 else 24),
            )
        )
    peak = max(range(len(rows)), key=lambda i: totals[i], default=None)
    parts = [
        _("Stacked bars, one per row of the table beside it: %(series)s.")
        % {"series": ", ".join(str(c.label) for c in columns)}
    ]
    if peak is not None and totals[peak]:
        parts.append(
            _("Highest: %(label)s with %(total)s.")
            % {"label": rows[peak].label, "total": totals[peak]}
        )
    if hidden:
        parts.append(_("Suppressed cells are not drawn."))
    chart.desc = " ".join(parts)
    return chart


def horizontal_bars(table: ReportTable, column_key: str, *, unit: str = "") -> Chart:
    """One horizontal bar per row for one column (e.g. vacancy days per organisation)."""
    rows = [row for row in table.rows if not (table.total_row and row.key == "total")]
    column = next(c for c in table.columns if c.key == column_key)
    left, right, top = 200, 610, 8
    line = 24
    height = top + line * max(1, len(rows)) + 28
    bottom = height - 24
    values = [_number(row.cells.get(column_key)) for row in rows]
    step = nice_step(max(values, default=0), ticks=4)
    top_value = step * max(1, math.ceil(max(values, default=0) / step))
    scale = (right - left) / top_value
    chart = Chart(
        id=f"chart-{table.key}-{column_key}",
        kind="hbars",
        title=f"{table.title}: {column.label}",
        desc="",
        width=640,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
    )
    for value in range(0, top_value + 1, step):
        chart.x_labels.append(XLabel(round(left + value * scale), str(value)))
    for index, row in enumerate(rows):
        value = row.cells.get(column_key)
        y = top + index * line + 4
        chart.ticks.append(Tick(y + 12, _shorten(str(row.label), 24)))
        amount = _number(value)
        if amount:
            chart.segments.append(
                Segment(
                    left,
                    y,
                    max(1, round(amount * scale)),
                    line - 8,
                    colour(0),
                    f"{row.label}: {value}{unit}",
                )
            )
    peak = max(range(len(rows)), key=lambda i: values[i], default=None)
    chart.desc = _("Horizontal bars, one per row of the table beside it.")
    if peak is not None and values[peak]:
        chart.desc += " " + _("Highest: %(label)s with %(total)s.") % {
            "label": rows[peak].label,
            "total": f"{values[peak]}{unit}",
        }
    return chart


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# --- the network graph -------------------------------------------------------------------


@dataclass
class Node:
    key: int
    label: str
    group: str
    x: int
    y: int
    radius: int
    colour: str
    label_x: int
    label_y: int
    anchor: str
    weight: int


@dataclass
class Edge:
    a: int
    b: int
    x1: int
    y1: int
    x2: int
    y2: int
    width: int
    dashed: bool
    label: str


def circular_layout(nodes, edges, *, group_order, group_labels, title: str, key="graph") -> Chart:
    """Organisations on a circle, grouped by kind (a gap between groups), edges as lines
    whose width grows with the square root of their weight.

    `nodes`: [(id, label, group)]; `edges`: [(a, b, total, label)] where a hidden total is
    a string ("<5") and is drawn as a thin dashed line.
    """
    width, height = 640, 560
    cx, cy, radius = 320, 270, 190
    order = {group: index for index, group in enumerate(group_order)}
    nodes = sorted(nodes, key=lambda n: (order.get(n[2], len(order)), str(n[1])))
    groups = []
    for node in nodes:
        if not groups or groups[-1] != node[2]:
            groups.append(node[2])
    slots = len(nodes) + (len(groups) if len(groups) > 1 else 0)
    weights: dict[int, int] = {}
    for a, b, total, _label in edges:
        for end in (a, b):
            weights[end] = weights.get(end, 0) + _number(total)
    heaviest = max((_number(total) for _a, _b, total, _l in edges), default=0) or 1
    heaviest_node = max(weights.values(), default=0) or 1
    chart = Chart(id=f"chart-{key}", kind="graph", title=title, desc="", width=width, height=height)
    position = {}
    slot = 0
    previous = None
    colours = {group: colour(index) for index, group in enumerate(group_order)}
    for node_id, label, group in nodes:
        if previous is not None and group != previous and len(groups) > 1:
            slot += 1  # the gap that marks a new group
        previous = group
        angle = -math.pi / 2 + 2 * math.pi * slot / max(1, slots)
        slot += 1
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        position[node_id] = (round(x), round(y))
        weight = weights.get(node_id, 0)
        outside = radius + 16
        chart.nodes.append(
            Node(
                key=node_id,
                label=_shorten(str(label), 22),
                group=str(group_labels.get(group, group)),
                x=round(x),
                y=round(y),
                radius=round(5 + 9 * math.sqrt(weight / heaviest_node)),
                colour=colours.get(group, colour(len(colours))),
                label_x=round(cx + outside * math.cos(angle)),
                label_y=round(cy + outside * math.sin(angle) + 4),
                anchor="start"
                if math.cos(angle) > 0.15
                else "end"
                if math.cos(angle) < -0.15
                else "middle",
                weight=weight,
            )
        )
    for a, b, total, label in edges:
        if a not in position or b not in position:
            continue
        (x1, y1), (x2, y2) = position[a], position[b]
        amount = _number(total)
        chart.edges.append(
            Edge(
                a,
                b,
                x1,
                y1,
                x2,
                y2,
                width=max(1, round(1 + 9 * math.sqrt(amount / heaviest))) if amount else 1,
                dashed=not amount,
                label=label,
            )
        )
    used = [group for group in group_order if group in groups]
    for index, group in enumerate(used):
        chart.legend.append(
            Legend(
                16 + (index % 4) * 155,
                height - 34 + (index // 4) * 16,
                colours[group],
                str(group_labels.get(group, group)),
            )
        )
    chart.desc = _(
        "%(nodes)s organisations on a circle, grouped by kind; %(edges)s lines join those "
        "that worked together, thicker for more referrals, consultations and case conferences."
    ) % {"nodes": len(chart.nodes), "edges": len(chart.edges)}
    return chart
