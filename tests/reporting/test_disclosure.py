"""Disclosure control: primary and secondary suppression (issue 6 §6)."""

from inprocedere.reporting.disclosure import (
    esf_relations,
    suppress,
    suppress_esf,
    suppressed_keys,
)
from inprocedere.reporting.esf import CODES, GENDERS, REASONS

ROW = [("t", ["w", "m", "n"])]


def test_counts_below_the_threshold_are_hidden_zero_and_the_threshold_are_not():
    shown = suppress({"a": 0, "b": 1, "c": 4, "d": 5}, (), 5)
    assert shown == {"a": 0, "b": "<5", "c": "<5", "d": 5}


def test_the_threshold_is_a_parameter():
    assert suppress({"a": 2, "b": 3}, (), 3) == {"a": "<3", "b": 3}


def test_one_hidden_gender_cell_hides_the_next_smallest_too():
    counts = {"t": 30, "w": 3, "m": 20, "n": 7}
    shown = suppress(counts, ROW, 5)
    assert shown == {"t": 30, "w": "<5", "m": 20, "n": "<5"}


def test_the_secondary_cell_may_be_a_zero():
    counts = {"t": 23, "w": 3, "m": 20, "n": 0}
    assert suppressed_keys(counts, ROW, 5) == {"w", "n"}


def test_two_hidden_cells_need_nothing_more():
    counts = {"t": 27, "w": 3, "m": 20, "n": 4}
    assert suppressed_keys(counts, ROW, 5) == {"w", "n"}


def test_a_small_total_hides_its_parts_and_no_one_can_subtract():
    counts = {"t": 3, "w": 3, "m": 0, "n": 0}
    hidden = suppressed_keys(counts, ROW, 5)
    assert {"t", "w"} <= hidden


def test_nothing_small_nothing_hidden():
    counts = {"t": 30, "w": 10, "m": 15, "n": 5}
    assert suppressed_keys(counts, ROW, 5) == set()


def test_suppression_spreads_through_overlapping_sums():
    # Row: t = w + m; column: t = a + b. Hiding w (primary) hides m (row); m is also
    # the total of another row m = x + y, where now only m is hidden: hide the smaller part.
    counts = {"t": 30, "w": 2, "m": 28, "x": 20, "y": 8}
    relations = [("t", ["w", "m"]), ("m", ["x", "y"])]
    hidden = suppressed_keys(counts, relations, 5)
    assert hidden == {"w", "m", "y"}
    for total, parts in relations:
        assert sum(cell in hidden for cell in [total, *parts]) != 1


def _esf(indicators=None, not_counted=None):
    rows = {code: {"total": 0, **dict.fromkeys(GENDERS, 0)} for code in CODES}
    rows.update(indicators or {})
    return {
        "from": "2024-01-01",
        "to": "2024-12-31",
        "scope": "network",
        "indicators": rows,
        "not_counted": {**dict.fromkeys(REASONS, 0), **(not_counted or {})},
    }


def test_esf_rows_and_column_sums_leave_no_single_hidden_cell():
    data = _esf(
        {
            "EECO01": {"total": 40, "woman": 18, "man": 20, "non_binary": 2},
            "EECO02": {"total": 30, "woman": 12, "man": 16, "non_binary": 2},
            "EECO04": {"total": 6, "woman": 4, "man": 2, "non_binary": 0},
            "EECO05": {"total": 4, "woman": 2, "man": 2, "non_binary": 0},
            "EECO09": {"total": 40, "woman": 18, "man": 20, "non_binary": 2},
        },
        {"below_threshold": 3, "no_esf_consent": 12},
    )
    shown = suppress_esf(data, 5)
    assert shown["indicators"]["EECO01"]["non_binary"] == "<5"
    assert shown["indicators"]["EECO05"]["total"] == "<5"
    assert shown["not_counted"] == {
        "no_esf_consent": 12,
        "incomplete_mandatory": 0,
        "below_threshold": "<5",
    }
    assert list(shown["indicators"]) == list(CODES)
    cells = {
        (code, column): value
        for code, row in shown["indicators"].items()
        for column, value in row.items()
    }
    for total, parts in esf_relations():
        hidden = [cell for cell in [total, *parts] if cells[cell] == "<5"]
        assert len(hidden) != 1, (total, parts)
    assert data["indicators"]["EECO01"]["non_binary"] == 2  # the input is left as it was
