"""Disclosure control: small counts are shown as "<5", and so is whatever would give them away.

Primary suppression hides every count from 1 to `threshold - 1` (zero is shown: it
reveals no one). Secondary suppression looks at every known sum (a total and its parts,
e.g. a row's total and its gender cells): a sum with exactly one hidden cell lets anyone
work that cell out by subtraction, so the smallest shown part is hidden as well, and this
repeats until no sum has exactly one hidden cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

from .esf import CODES, GENDERS, REASONS

Key = Hashable
Relation = tuple[Key, Sequence[Key]]  # (the total, the parts that add up to it)


def label(threshold: int) -> str:
    return f"<{threshold}"


def suppressed_keys(
    counts: Mapping[Key, int], relations: Iterable[Relation], threshold: int
) -> set[Key]:
    """The cells to hide: primary ones below the threshold, then the secondary ones."""
    hidden = {key for key, value in counts.items() if 0 < value < threshold}
    relations = list(relations)
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            cells = [total, *parts]
            if sum(cell in hidden for cell in cells) != 1:
                continue
            shown_parts = [part for part in parts if part not in hidden]
            # Hide the smallest shown part (the least information lost); a sum whose
            # parts are all hidden already leaks only its total, which is then hidden.
            candidates = shown_parts or [total]
            hidden.add(min(candidates, key=lambda key: (counts[key], str(key))))
            changed = True
    return hidden


def suppress(
    counts: Mapping[Key, int], relations: Iterable[Relation], threshold: int
) -> dict[Key, int | str]:
    """The counts with every hidden cell replaced by "<threshold"."""
    hidden = suppressed_keys(counts, relations, threshold)
    return {key: label(threshold) if key in hidden else value for key, value in counts.items()}


# --- the ESF report ----------------------------------------------------------------------

# Sums within the ESF output indicators: everyone has exactly one employment status and
# one ISCED band, so these rows add up to EECO01 in every column.
ESF_COLUMN_SUMS = (
    ("EECO01", ("EECO02", "EECO04", "EECO05")),
    ("EECO01", ("EECO09", "EECO10", "EECO11")),
)


def esf_relations() -> list[Relation]:
    columns = ("total", *GENDERS)
    relations: list[Relation] = [
        ((code, "total"), [(code, gender) for gender in GENDERS]) for code in CODES
    ]
    relations += [
        ((total, column), [(part, column) for part in parts])
        for total, parts in ESF_COLUMN_SUMS
        for column in columns
    ]
    return relations


def suppress_esf(report_json: dict, threshold: int) -> dict:
    """The report's JSON (`EsfReport.as_json()`) with small counts shown as "<threshold"."""
    counts = {
        (code, column): value
        for code, row in report_json["indicators"].items()
        for column, value in row.items()
    }
    shown = suppress(counts, esf_relations(), threshold)
    indicators = {
        code: {column: shown[(code, column)] for column in row}
        for code, row in report_json["indicators"].items()
    }
    reasons = report_json["not_counted"]
    not_counted = suppress({reason: reasons[reason] for reason in REASONS}, (), threshold)
    return {**report_json, "indicators": indicators, "not_counted": not_counted}
