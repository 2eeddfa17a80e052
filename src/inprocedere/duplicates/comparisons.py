"""The comparison levels of the linkage model, and how two records fall into them.

Every comparison has levels from the strongest agreement down; two records fall into
the first level whose condition holds, or into `null` when one side has nothing to
compare (that level weighs nothing). The same conditions are written once more as SQL
for the batch run (`engine_sql.py`); `tests/duplicates/test_engine.py` checks that both
put every pair of the fixed set into the same levels.

Names are compared in the orientation that agrees more (the sum of the Jaro-Winkler
similarities of given with given and family with family, or crosswise): swapped given
and family names are compared as if written in order, and the explanation says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler

from .features import Name, Record, Spelling

NULL = "null"
NAME_LEVELS = ("exact", "romanised", "parts", "phonetic", "jw92", "jw85", "else")
DATE_LEVELS = (
    "day",  # the same full date
    "same_coarse",  # the same date at the same coarse precision (both year only, or month)
    "month",  # the same month, one date without a day
    "year",  # the same year, one date without a month
    "swapped",  # day and month swapped
    "same_year",  # the same year, another day
    "estimated",  # one or two years apart, one date without a day (an estimated age)
    "one_year",  # one year apart, both dates full
    "two_years",  # two years apart, both dates full
    "else",
)
SEX_LEVELS = ("same", "else")
CITIZENSHIP_LEVELS = ("common", "else")
PLACE_LEVELS = ("exact", "jw88", "else")

COMPARISONS: dict[str, tuple[str, ...]] = {
    "given": NAME_LEVELS,
    "family": NAME_LEVELS,
    "birth": DATE_LEVELS,
    "sex": SEX_LEVELS,
    "citizenship": CITIZENSHIP_LEVELS,
    "place": PLACE_LEVELS,
}
TF_LEVELS = ("exact", "romanised")  # name levels weighed by how common the name is


def jaro_winkler(one: str, other: str) -> float:
    """Jaro-Winkler similarity; 0 when either side is empty (as DuckDB's, which the batch
    run uses: both must agree to the last bit)."""
    if not one or not other:
        return 0.0
    return JaroWinkler.similarity(one, other)


def name_level(one: Name, other: Name) -> str:
    if one.empty or other.empty:
        return NULL
    if one.folded == other.folded:
        return "exact"
    if one.normal == other.normal or one.normal.replace(" ", "") == other.normal.replace(" ", ""):
        return "romanised"
    mine, theirs = set(one.parts), set(other.parts)
    if mine != theirs and (mine < theirs or theirs < mine):
        return "parts"
    if one.phonetic and one.phonetic == other.phonetic:
        return "phonetic"
    similarity = jaro_winkler(one.normal, other.normal)
    if similarity >= 0.92:
        return "jw92"
    if similarity >= 0.85:
        return "jw85"
    return "else"


def date_level(one, other) -> str:
    if one is None or other is None:
        return NULL
    if one.day and other.day and one == other:
        return "day"
    if one == other:
        return "same_coarse"
    if one.year == other.year:
        if not one.month or not other.month:
            return "year"
        if one.month == other.month and (not one.day or not other.day):
            return "month"
        if one.day and other.day and (one.day, one.month) == (other.month, other.day):
            return "swapped"
        return "same_year"
    apart = abs(one.year - other.year)
    if apart > 2:
        return "else"
    if not one.day or not other.day:
        # An estimated age is entered as a year (or 1 January): one coarse date a year or
        # two off a full one is what two offices make of one person, two full dates that
        # far apart are mostly two people.
        return "estimated"
    return "one_year" if apart == 1 else "two_years"


def sex_level(one: str, other: str) -> str:
    if not one or not other:
        return NULL
    return "same" if one == other else "else"


def citizenship_level(one: frozenset, other: frozenset) -> str:
    if not one or not other:
        return NULL
    return "common" if one & other else "else"


def place_level(one: str, other: str) -> str:
    if not one or not other:
        return NULL
    if one == other:
        return "exact"
    return "jw88" if jaro_winkler(one, other) >= 0.88 else "else"


def swapped(one: Spelling, other: Spelling) -> bool:
    """Do the names agree more crosswise (given with family) than as written?"""
    straight = jaro_winkler(one.given.normal, other.given.normal) + jaro_winkler(
        one.family.normal, other.family.normal
    )
    crosswise = jaro_winkler(one.given.normal, other.family.normal) + jaro_winkler(
        one.family.normal, other.given.normal
    )
    return crosswise > straight


@dataclass(frozen=True)
class Levels:
    """Where one pair of spellings of two records falls, comparison by comparison."""

    given: str
    family: str
    birth: str
    sex: str
    citizenship: str
    place: str
    swapped: bool = False

    def items(self):
        return [(name, getattr(self, name)) for name in COMPARISONS]


def levels(one: Record, other: Record, mine: Spelling, theirs: Spelling) -> Levels:
    crosswise = swapped(mine, theirs)
    given, family = (theirs.family, theirs.given) if crosswise else (theirs.given, theirs.family)
    return Levels(
        given=name_level(mine.given, given),
        family=name_level(mine.family, family),
        birth=date_level(one.birth, other.birth),
        sex=sex_level(one.sex, other.sex),
        citizenship=citizenship_level(one.citizenships, other.citizenships),
        place=place_level(one.birth_place, other.birth_place),
        swapped=crosswise,
    )
