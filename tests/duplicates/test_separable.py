"""The bound of bench/linkage/separable.py: which pairs of records look like one person in
every field, and what an oracle over them can reach."""

from bench.linkage.separable import analyse, bound, date_relation, relation
from bench.linkage.variants import Row


def _row(id, person, kind="original", birth=(1990, 5, 17), gender="man", place="", cit="SY"):
    return Row(id, person, kind, "Al-Hassan", "Mohammed", birth, gender, cit, place)


def test_dates_one_person_could_have_been_given():
    assert date_relation((1990, 5, 17), (1990, 5, 17)) == "same"
    assert date_relation((1990, 5, 17), (1990, None, None)) == "coarser"
    assert date_relation((1990, 5, 17), (1990, 1, 1)) == "coarser"  # 1 January: unknown
    assert date_relation((1990, 5, 17), (1991, None, None)) == "estimated"
    assert date_relation((1990, 5, 17), (1990, 6, 17)) is None
    assert date_relation((1990, 5, 17), (1991, 5, 17)) is None  # two full dates a year apart
    assert date_relation((1990, None, None), (1993, None, None)) is None


def test_a_field_that_differs_tells_two_people_apart():
    one = _row(1, 1, place="Homs")
    assert relation(one, _row(2, 2, place="Aleppo")) is None
    assert relation(one, _row(2, 2, gender="woman")) is None
    assert relation(one, _row(2, 2, cit="IQ")) is None
    assert relation(one, _row(2, 2, gender="not_stated")) == ("same", "unknown", "same", "unknown")
    assert relation(one, _row(2, 2, cit="IQ,SY", place="Homs")) == (
        "same",
        "same",
        "overlap",
        "same",
    )


def test_bound_counts_indistinguishable_pairs_against_the_target():
    rows = [
        _row(1, 1),
        _row(2, 1, kind="coarse", birth=(1990, None, None)),  # a duplicate with a coarse date
        _row(3, 2, birth=(1990, 8, 3)),  # another person: looks like a duplicate of 2
        _row(4, 3, kind="namesake", birth=(1990, 9, 9), place="Homs"),
    ]
    result = analyse(rows)
    assert result["truth"] == 1
    assert dict(result["kinds"]) == {
        ("coarser", "true"): 1,
        ("coarser", "accidental"): 1,
        ("coarser", "namesake"): 1,
    }
    precision, recall = bound(result["truth"], result["groups"])
    assert recall == 1.0 and precision < 1.0
