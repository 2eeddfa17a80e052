"""Writing the batch run's results: many rows fast (COPY on PostgreSQL), and each kept
pair's explanation built from the SQL's output exactly as `matching.explanation` builds
it one pair at a time."""

from __future__ import annotations

import json
from itertools import islice

from django.db import connection
from django.utils import timezone

from inprocedere.core.partial_dates import PartialDate

from .comparisons import COMPARISONS, TF_LEVELS
from .model import probability
from .reasons import reason

BATCH = 5000


def write_rows(table: str, columns: tuple[str, ...], rows) -> None:
    """Insert rows (tuples; dicts and lists become JSON) into a table, in the open
    transaction: COPY on PostgreSQL, batched INSERTs elsewhere."""
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_cell(value) for value in row])
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        rows = iter(rows)
        while batch := list(islice(rows, BATCH)):
            cursor.executemany(sql, [[_cell(value) for value in row] for row in batch])


def copy_csv(table: str, columns: tuple[str, ...], path, parse) -> None:
    """Load a CSV file the batch run wrote (no header; an empty cell is NULL) into a
    table: streamed as it is into COPY on PostgreSQL (no Python per row: 12 million
    keys at a million people), else row by row through `parse(path)`."""
    if connection.vendor != "postgresql":
        write_rows(table, columns, parse(path))
        return
    names = ", ".join(columns)
    with (
        connection.cursor() as cursor,
        open(path, "rb") as source,
        cursor.copy(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv)") as copy,
    ):
        while block := source.read(1 << 20):
            copy.write(block)


def _cell(value):
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def _date(y, m, d) -> str:
    if y is None:
        return ""
    return PartialDate(int(y), int(m) if m else None, int(d) if d else None).display()


def explanation_of(row: dict, shown: dict, params) -> dict:
    """A kept pair of the batch run as the values of a CandidatePair row."""
    left, right = shown[(row["a"], row["lsp"])], shown[(row["b"], row["rsp"])]
    swapped = bool(row["swapped"])
    items = []
    for comparison in COMPARISONS:
        level = row[comparison]
        weight = row[f"w_{comparison}"] + (row.get(f"tf_{comparison}") or 0.0)
        params_: dict = {}
        if comparison in ("given", "family"):
            other = comparison
            if swapped:
                other = "family" if comparison == "given" else "given"
            params_ = {"one": left[f"{comparison[0]}_shown"], "other": right[f"{other[0]}_shown"]}
            params_["frequency"] = row[f"share_{comparison}"] if level in TF_LEVELS else None
        elif comparison == "birth":
            params_ = {
                "one": _date(left["y"], left["m"], left["d"]),
                "other": _date(right["y"], right["m"], right["d"]),
            }
        elif comparison == "citizenship":
            one = sorted(filter(None, left["cit"].split(",")))
            other = sorted(filter(None, right["cit"].split(",")))
            params_ = {"countries": sorted(set(one) & set(other)), "one": one, "other": other}
        elif comparison == "place":
            params_ = {"one": left["place_shown"], "other": right["place_shown"]}
        items.append(reason(f"{comparison}.{level}", weight, **params_))
    if swapped:
        items.append(reason("swapped"))
    alias = right["alias"] or left["alias"]
    if alias:
        items.append(reason("alias", source=alias))
    weight = row["weight"]
    return {
        "a": row["a"],
        "b": row["b"],
        "weight": weight,
        "score": round(probability(weight), 4),
        "reasons": items,
        "found_at": timezone.now(),
    }
