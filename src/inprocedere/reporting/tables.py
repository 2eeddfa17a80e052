"""Report tables: labelled rows and typed columns, and their disclosure control.

Every figure and every section of the cooperation monitor is one `ReportTable`. The
column kinds tell disclosure control what it may hide and what adds up:

- `count`: a number of people, cases or records; hidden from 1 to threshold − 1.
- `total`: the sum of the row's `count` columns (or of the columns in `parts`).
- `derived`: a figure worked out from the people behind a count column (`base`), such as
  a median: hidden whenever its base is hidden, since the median of two referrals is
  one of the two.
- `plain`: figures that are not about participants (vacancy days, staff attendance):
  never hidden.

A table with `total_row` has a last row that sums every other row, column by column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .disclosure import label as hidden_label
from .disclosure import suppressed_keys


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"  # count | total | derived | plain
    parts: tuple[str, ...] = ()  # for a total: the columns it sums (default: every count)
    base: str = ""  # for a derived column: the count it is worked out from


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: dict  # column key -> int | float | str | None


@dataclass(frozen=True)
class ReportTable:
    key: str
    title: str
    row_heading: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total_row: bool = False
    note: str = ""
    # The participants behind each count cell, {(row key, column key): ids}; kept only
    # where a figure may be opened to them.
    ids: dict = field(default_factory=dict, compare=False, repr=False)
    suppressed: bool = False
    threshold: int = 0
    # Further sums within every row, beyond the total columns: (total column, parts).
    sums: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def about_participants(self) -> bool:
        return any(column.kind != "plain" for column in self.columns)

    def header(self) -> list[str]:
        return [self.row_heading, *(str(column.label) for column in self.columns)]

    def text_rows(self) -> list[list[str]]:
        """Every row as text, as the downloads show it."""
        return [
            [str(row.label), *(format_cell(row.cells.get(column.key)) for column in self.columns)]
            for row in self.rows
        ]

    def value(self, row_key: str, column_key: str):
        for row in self.rows:
            if row.key == row_key:
                return row.cells.get(column_key)
        raise KeyError(row_key)

    def relations(self) -> list[tuple]:
        """Every sum the table publishes: ((row, total column), parts) and column sums."""
        counts = [c.key for c in self.columns if c.kind == "count"]
        relations = []
        for column in self.columns:
            if column.kind != "total":
                continue
            parts = list(column.parts or counts)
            relations += [
                ((row.key, column.key), [(row.key, p) for p in parts]) for row in self.rows
            ]
        for total, parts in self.sums:
            relations += [((row.key, total), [(row.key, p) for p in parts]) for row in self.rows]
        if self.total_row and len(self.rows) > 1:
            last, others = self.rows[-1], self.rows[:-1]
            for column in self.columns:
                if column.kind in ("count", "total"):
                    relations.append(
                        ((last.key, column.key), [(row.key, column.key) for row in others])
                    )
        return relations


def format_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def suppress_table(table: ReportTable, threshold: int) -> ReportTable:
    """The table as an aggregate reader sees it: small counts and what would reveal them as
    "<threshold", derived figures of hidden counts blanked, no participant ids."""
    counted = {c.key for c in table.columns if c.kind in ("count", "total")}
    counts = {
        (row.key, key): value
        for row in table.rows
        for key, value in row.cells.items()
        if key in counted and isinstance(value, int)
    }
    hidden = suppressed_keys(counts, table.relations(), threshold)
    bases = {c.key: c.base for c in table.columns if c.kind == "derived"}
    rows = []
    for row in table.rows:
        cells = {}
        for key, value in row.cells.items():
            if (row.key, key) in hidden or (key in bases and (row.key, bases[key]) in hidden):
                cells[key] = hidden_label(threshold)
            else:
                cells[key] = value
        rows.append(replace(row, cells=cells))
    return replace(table, rows=tuple(rows), ids={}, suppressed=True, threshold=threshold)


def count_table(
    *,
    key: str,
    title: str,
    row_heading: str,
    categories: Sequence[tuple[str, str]],
    rows: Sequence[tuple[str, str]],
    ids: dict,
    total_label: str,
    total_row_label: str = "",
    note: str = "",
) -> ReportTable:
    """A table of counts from the participants (or records) behind each cell.

    `ids` maps (row key, category key) to the participant id of each person or record
    counted there (a person with two placements in a month appears twice); the table keeps
    the distinct participants of every cell in `ids` (the reference engine in the tests
    uses this; the application counts in SQL and uses `tally_table`).
    """
    counts = {cell: len(list(members)) for cell, members in ids.items()}
    table = tally_table(
        key=key,
        title=title,
        row_heading=row_heading,
        categories=categories,
        rows=rows,
        counts=counts,
        total_label=total_label,
        total_row_label=total_row_label,
        note=note,
    )
    keys = [category for category, _label in categories]
    cells_ids: dict = {}
    for row_key, _row_label in rows:
        for category in keys:
            cells_ids[(row_key, category)] = set(ids.get((row_key, category), ()))
        cells_ids[(row_key, "total")] = set().union(*(cells_ids[(row_key, c)] for c in keys))
    if total_row_label:
        for column in table.columns:
            cells_ids[("total", column.key)] = set().union(
                *(cells_ids[(row_key, column.key)] for row_key, _label in rows)
            )
    return replace(table, ids=cells_ids)


def tally_table(
    *,
    key: str,
    title: str,
    row_heading: str,
    categories: Sequence[tuple[str, str]],
    rows: Sequence[tuple[str, str]],
    counts: dict,
    total_label: str,
    total_row_label: str = "",
    note: str = "",
) -> ReportTable:
    """A table of counts: `counts` maps (row key, category key) to a number (counts of
    categories not listed are left out). Every row gets a total column, and with
    `total_row_label` a last row sums the columns."""
    columns = (
        *(Column(category, label) for category, label in categories),
        Column("total", total_label, kind="total"),
    )
    keys = [category for category, _label in categories]
    table_rows = []
    for row_key, row_label in rows:
        cells = {category: counts.get((row_key, category), 0) for category in keys}
        cells["total"] = sum(cells.values())
        table_rows.append(Row(row_key, row_label, cells))
    if total_row_label:
        cells = {column.key: sum(row.cells[column.key] for row in table_rows) for column in columns}
        table_rows.append(Row("total", total_row_label, cells))
    return ReportTable(
        key=key,
        title=title,
        row_heading=row_heading,
        columns=columns,
        rows=tuple(table_rows),
        total_row=bool(total_row_label),
        note=note,
    )
